"""Where speech starts and stops, from the Silero VAD bundled with faster-whisper.

Measured here on synthetic two-voice calls: the VAD's edges put pauses within 0.07–0.10 s of the truth
on average; Whisper's own word timestamps were 0.13–0.41 s off (worst 1.2 s), so pauses come from here.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from callcontent.audio.recording import SAMPLE_RATE

if TYPE_CHECKING:
    from callcontent.audio.recording import Samples

Span = tuple[float, float]
MIN_SILENCE_MS = 250
SPEECH_PAD_MS = 30


WINDOW_S = 300  # the VAD's memory grows with the length it is given: an hour in one go took 650 MB


def speech_spans(samples: Samples) -> list[Span]:
    """Stretches of speech, in seconds from the start (found window by window, joined across the seams)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=SPEECH_PAD_MS)
    window = WINDOW_S * SAMPLE_RATE
    spans: list[Span] = []
    for offset in range(0, len(samples), window):
        found = get_speech_timestamps(samples[offset : offset + window], options, sampling_rate=SAMPLE_RATE)
        for item in found:
            start, end = (offset + item["start"]) / SAMPLE_RATE, (offset + item["end"]) / SAMPLE_RATE
            seam = offset / SAMPLE_RATE
            if spans and abs(spans[-1][1] - seam) < 0.1 and abs(start - seam) < 0.1:
                spans[-1] = (spans[-1][0], end)  # one stretch of speech cut by the window's edge
            else:
                spans.append((start, end))
    return spans


def windows_at_silences(spans: list[Span], duration_s: float, longest_s: float = WINDOW_S) -> list[Span]:
    """The recording cut into pieces of at most about `longest_s`, each cut in the middle of a silence."""
    windows: list[Span] = []
    start = 0.0
    for before, after in itertools.pairwise(spans):
        if after[0] - start > longest_s and before[1] > start:
            cut = (before[1] + after[0]) / 2
            windows.append((start, cut))
            start = cut
    windows.append((start, duration_s))
    return windows


def overlap(a: Span, b: Span) -> float:
    """Seconds two spans share."""
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def closeness(span: Span, moment: Span) -> tuple[float, float]:
    """How well `span` holds `moment`: seconds shared, then (negated) distance from the moment's middle."""
    middle = (moment[0] + moment[1]) / 2
    return overlap(span, moment), -min(abs(span[0] - middle), abs(span[1] - middle))


def nearest_span(spans: list[Span], moment: Span) -> int | None:
    """Index of the span (sorted, not overlapping) overlapping `moment` most, else the nearest; None if none."""
    if not spans:
        return None
    # Bisect on the starts in place: building a list of starts per word made an hour's words quadratic.
    i = bisect.bisect_right(spans, (moment[0] + moment[1]) / 2, key=lambda s: s[0]) - 1
    candidates = [j for j in (i - 1, i, i + 1) if 0 <= j < len(spans)]
    return max(candidates, key=lambda j: closeness(spans[j], moment))


EDGE_SEARCH_S = 0.4  # how far outside the VAD's edge a soft onset or tail can be
FRAME_S = 0.01


def _frame_rms(samples: Samples, start_s: float, end_s: float) -> list[float]:
    import numpy as np

    a, b = max(0, int(start_s * SAMPLE_RATE)), min(len(samples), int(end_s * SAMPLE_RATE))
    step = int(FRAME_S * SAMPLE_RATE)
    piece = samples[a : a + (b - a) // step * step].astype(np.float64)
    return [float(v) for v in np.sqrt((piece.reshape(-1, step) ** 2).mean(axis=1))] if len(piece) else []


def refined_edges(samples: Samples, span: Span) -> Span:
    """The span's edges moved to where the sound itself starts and stops.

    The VAD hears a soft onset late (an "h" or "f" opening a turn was 0.2-0.3 s late on the synthetic
    call) and pads its ends; the frames' energy against the silence just outside the span is sharper.
    """
    start, end = span
    reach = round(EDGE_SEARCH_S / FRAME_S)
    margin = round(0.1 / FRAME_S)
    before = _frame_rms(samples, start - EDGE_SEARCH_S, start + 0.1)
    after = _frame_rms(samples, end - 0.1, end + EDGE_SEARCH_S)
    inside = _frame_rms(samples, start, min(end, start + 1.0))
    if len(before) < reach + margin or len(after) < reach + margin or not inside:
        return span  # at the very start or end of the recording: keep the VAD's edge
    floor = min(sorted(before)[len(before) // 4], sorted(after)[len(after) // 4])
    threshold = max(floor * 4, max(inside) * 0.02)
    loud = [v > threshold for v in before]
    i = reach if loud[reach] else next((j for j in range(reach, len(loud)) if loud[j]), reach)
    while i > 0 and any(loud[max(0, i - 3) : i]):  # back over the onset, across gaps of up to 2 frames
        i -= 1
        while i > 0 and not loud[i]:
            i -= 1
    tail = [v > threshold for v in after]
    k = margin - 1
    if not tail[k]:
        k = max((j for j in range(margin) if tail[j]), default=k)
    while k + 1 < len(tail) and any(tail[k + 1 : k + 4]):  # on over the tail, likewise
        k += 1
        while k + 1 < len(tail) and not tail[k]:
            k += 1
    new_start = start - EDGE_SEARCH_S + i * FRAME_S
    new_end = end - 0.1 + (k + 1) * FRAME_S
    return (new_start, new_end) if new_start < new_end else span
