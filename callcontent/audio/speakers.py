"""Who said each word: exact from one channel per person, else by clustering voices in a mono mix.

One channel per person (Zoom's separate audio per participant, a stereo recorder with a microphone per
side) is exact: a word belongs to the channel whose speech covers it. A mono mix is cut into short
stretches of speech, each described by its timbre (mel-cepstral mean and spread) and pitch, and those
are clustered into the number of people; the clusters' separation (silhouette) says how sure that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from callcontent.audio.recording import SAMPLE_RATE
from callcontent.audio.speech import Span, closeness, nearest_span, overlap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from callcontent.audio.recording import Samples

    Matrix = npt.NDArray[np.float64]

CHUNK_S = 1.5  # long enough for a voice print, short enough to rarely hold two people
MIN_CHUNK_S = 0.4
# Measured on synthetic calls: two voices a man and a woman apart scored silhouette 0.38 and consistency
# 1.0; one voice alone, or two voices of like pitch and timbre, 0.13-0.15 and 0.45-0.60.
# Below these the voices are not clearly apart: said in the output, never guessed silently.
UNCERTAIN_SEPARATION = 0.2
UNCERTAIN_CONSISTENCY = 0.85
# Below this the clusters are noise: one voice, or voices too alike to split (exit 2, never a guess).
NO_SECOND_VOICE = 0.7
FRAME = 400  # 25 ms at 16 kHz
HOP = 160  # 10 ms
N_FFT = 512
MEL_BANDS = 40
CEPSTRA = 20


@dataclass
class Separation:
    """How the speakers were told apart, and how sure that is."""

    method: str
    """'channels' (exact) or 'voices' (clustered from one mix)."""
    score: float | None
    """Mean silhouette of the voice clusters (1 = far apart, 0 = overlapping); None for channels."""
    consistency: float | None = None
    """Share of neighbouring pieces of one stretch of speech given the same voice (one voice: near chance)."""

    @property
    def uncertain(self) -> bool:
        """True when the voices were too alike to be sure who said what."""
        return self.score is not None and (
            self.score < UNCERTAIN_SEPARATION or (self.consistency or 0.0) < UNCERTAIN_CONSISTENCY
        )

    @property
    def one_voice(self) -> bool:
        """True when the clusters are noise: one voice, or voices too alike to split."""
        return self.consistency is not None and self.consistency < NO_SECOND_VOICE


def by_channel(words: list[Span], channel_spans: list[list[Span]]) -> list[int]:
    """Each word's channel: the one whose speech overlaps it most, else the one with speech nearest it."""
    labels = []
    for word in words:
        best: tuple[float, float] = (-1.0, 0.0)
        label = 0
        for channel, spans in enumerate(channel_spans):
            j = nearest_span(spans, word)
            if j is not None and closeness(spans[j], word) > best:
                best, label = closeness(spans[j], word), channel
        labels.append(label)
    return labels


def chunks_of(spans: list[Span]) -> list[Span]:
    """The speech cut into pieces of at most CHUNK_S (a short tail joins the piece before it)."""
    out: list[Span] = []
    for start, end in spans:
        t = start
        while end - t > CHUNK_S + MIN_CHUNK_S:
            out.append((t, t + CHUNK_S))
            t += CHUNK_S
        if end - t >= MIN_CHUNK_S:
            out.append((t, end))
    return out


def _mel_filters() -> Matrix:
    import numpy as np

    def mel(f: Matrix | float) -> Matrix:
        return np.asarray(2595.0 * np.log10(1.0 + np.asarray(f) / 700.0))

    edges = 700.0 * (10 ** (np.linspace(mel(60.0), mel(7600.0), MEL_BANDS + 2) / 2595.0) - 1.0)
    bins = np.floor((N_FFT + 1) * edges / SAMPLE_RATE).astype(int)
    filters = np.zeros((MEL_BANDS, N_FFT // 2 + 1))
    for i in range(MEL_BANDS):
        lo, mid, hi = bins[i], bins[i + 1], max(bins[i + 2], bins[i + 1] + 1)
        filters[i, lo:mid] = np.linspace(0.0, 1.0, max(1, mid - lo), endpoint=False)
        filters[i, mid:hi] = np.linspace(1.0, 0.0, max(1, hi - mid), endpoint=False)
    return filters


def _pitch(frames: Matrix) -> float:
    """Median log pitch of the voiced frames (autocorrelation peak between 60 and 400 Hz), 0 if none."""
    import numpy as np

    lo, hi = SAMPLE_RATE // 400, SAMPLE_RATE // 60
    spectrum = np.fft.rfft(frames, n=2 * FRAME, axis=1)
    corr = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : hi + 1]
    lags = np.argmax(corr[:, lo:hi], axis=1) + lo
    strength = corr[np.arange(len(frames)), lags] / np.maximum(corr[:, 0], 1e-9)
    voiced = lags[strength > 0.4]
    return float(np.log(SAMPLE_RATE / np.median(voiced))) if len(voiced) else 0.0


def voice_print(samples: Samples, span: Span, filters: Matrix) -> Matrix:
    """A stretch of speech as numbers: cepstral means and spreads, and its pitch."""
    import numpy as np

    piece = samples[int(span[0] * SAMPLE_RATE) : int(span[1] * SAMPLE_RATE)].astype(np.float64)
    count = max(1, 1 + (len(piece) - FRAME) // HOP)
    piece = np.pad(piece, (0, max(0, FRAME + (count - 1) * HOP - len(piece))))
    frames = np.stack([piece[i * HOP : i * HOP + FRAME] for i in range(count)]) * np.hanning(FRAME)
    power = np.abs(np.fft.rfft(frames, n=N_FFT, axis=1)) ** 2
    log_mel = np.log(power @ filters.T + 1e-10)
    loud = log_mel.sum(axis=1) >= np.percentile(log_mel.sum(axis=1), 30)  # the voiced part, not the gaps
    k = np.arange(MEL_BANDS)
    dct = np.cos(np.pi / MEL_BANDS * (k[None, :] + 0.5) * np.arange(1, CEPSTRA + 1)[:, None])
    cepstra = log_mel[loud] @ dct.T
    return np.concatenate([cepstra.mean(axis=0), cepstra.std(axis=0), [_pitch(frames[loud])]])


def _kmeans(points: Matrix, k: int, tries: int = 8) -> npt.NDArray[np.int64]:
    import numpy as np

    rng = np.random.default_rng(0)
    best, best_cost = np.zeros(len(points), dtype=np.int64), float("inf")
    for _ in range(tries):
        centres = [points[rng.integers(len(points))]]
        for _ in range(1, k):  # k-means++ seeding
            d = np.min([((points - c) ** 2).sum(axis=1) for c in centres], axis=0)
            centres.append(points[rng.choice(len(points), p=d / d.sum()) if d.sum() > 0 else 0])
        c = np.array(centres)
        for _ in range(50):
            labels = np.argmin(((points[:, None, :] - c[None]) ** 2).sum(axis=2), axis=1)
            moved = np.array(
                [points[labels == j].mean(axis=0) if (labels == j).any() else c[j] for j in range(k)]
            )
            if np.allclose(moved, c):
                break
            c = moved
        cost = float(((points - c[labels]) ** 2).sum())
        if cost < best_cost:
            best, best_cost = labels, cost
    return best


def silhouette(points: Matrix, labels: npt.NDArray[np.int64]) -> float:
    """Mean silhouette: how much nearer each point is to its own cluster than to the next one."""
    import numpy as np

    distances = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(axis=2))
    scores = []
    for i, label in enumerate(labels):
        own = labels == label
        if own.sum() < 2:
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == j].mean() for j in set(labels.tolist()) if j != label)
        scores.append((b - a) / max(a, b))
    return float(np.mean(scores)) if scores else 0.0


def by_voice(mix: Samples, spans: list[Span], words: list[Span], people: int) -> tuple[list[int], Separation]:
    """Each word's voice cluster in a mono mix, and how far apart the voices are."""
    import numpy as np

    pieces = chunks_of(spans)
    if people < 2 or len(pieces) < people * 2:
        return [0] * len(words), Separation(
            "voices", None if people < 2 else 0.0, None if people < 2 else 0.0
        )
    filters = _mel_filters()
    prints = np.stack([voice_print(mix, p, filters) for p in pieces])
    prints = (prints - prints.mean(axis=0)) / np.maximum(prints.std(axis=0), 1e-9)
    # Silhouette on a sample: it is quadratic in the number of pieces (an hour is ~2,000).
    labels = _kmeans(prints, people)
    consistency = _consistency(pieces, labels)
    sample = np.random.default_rng(0).permutation(len(prints))[:600]
    score = silhouette(prints[sample], labels[sample])
    return [int(labels[nearest_span(pieces, w) or 0]) for w in words], Separation(
        "voices", round(score, 3), round(float(consistency), 3)
    )


def _consistency(pieces: list[Span], labels: npt.NDArray[np.int64]) -> float:
    """How often two touching pieces of speech (one person talking on) were given the same voice."""
    same = [
        labels[i] == labels[i + 1]
        for i in range(len(pieces) - 1)
        if abs(pieces[i + 1][0] - pieces[i][1]) < 1e-6
    ]
    return sum(same) / len(same) if same else 1.0


def smooth(labels: list[int], certain: list[bool] | None = None) -> list[int]:
    """A single word between two words of the same other speaker is theirs (a stray timestamp, not a turn).

    Not a word `certain` marks: a one-word answer ("Yes.") heard on its speaker's own channel is a turn.
    """
    out = list(labels)
    for i in range(1, len(out) - 1):
        if out[i - 1] == out[i + 1] != out[i] and not (certain and certain[i]):
            out[i] = out[i - 1]
    return out


def channel_labels(words: list[Span], channel_spans: list[list[Span]]) -> list[int]:
    """Each word's speaker, one channel per person: by channel, strays smoothed, one-word turns kept."""
    labels = by_channel(words, channel_spans)
    return smooth(labels, heard_on_own_channel(words, channel_spans, labels))


def heard_on_own_channel(words: list[Span], channel_spans: list[list[Span]], labels: list[int]) -> list[bool]:
    """Per word: some of it falls in its channel's speech and none in any other channel's."""

    def heard(word: Span, spans: list[Span]) -> float:
        j = nearest_span(spans, word)
        return overlap(word, spans[j]) if j is not None else 0.0

    out = []
    for word, label in zip(words, labels, strict=True):
        # Whisper's word times drift by a few tenths on a short piece: any of it in its own channel's
        # speech, and none in anyone else's, is enough.
        others = any(heard(word, spans) > 0.0 for c, spans in enumerate(channel_spans) if c != label)
        out.append(heard(word, channel_spans[label]) > 0.0 and not others)
    return out
