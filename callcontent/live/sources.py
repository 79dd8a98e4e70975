"""Where `watch` hears the call: a transcript file as it is written, or audio transcribed in short pieces.

A transcript file (VTT, SRT, Otter or Zoom text, any format `run` reads) is re-read whenever it grows
and parsed whole, so a cue written in two goes or a turn that runs on reads as the file says at that
moment. Audio is a recording played at real speed (`--replay`) or a WAV file a recorder is still
writing; each time a pause ends a stretch of speech, the new piece is transcribed offline (the pinned
Whisper model, as `transcribe` uses) and the speakers told apart: by channel where each person has one,
else by voice over everything heard so far.
"""

from __future__ import annotations

import json
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from callcontent.audio.recording import SAMPLE_RATE, AudioError, Recording, read_recording
from callcontent.errors import TranscriptError
from callcontent.ingest import parse_text, read_text
from callcontent.settings import Settings
from callcontent.transcript import Transcript

if TYPE_CHECKING:
    from callcontent.audio.recording import Samples
    from callcontent.audio.speech import Span
    from callcontent.audio.timed import Word

PAUSE_S = 0.6  # a silence this long after speech ends a piece: transcribe it now
MIN_UNHEARD_S = 0.4  # speech this long with no word recognised in it is heard again on its own
CONTEXT_S = 3.0  # audio before a piece the model hears again, for context
LONGEST_PIECE_S = 12.0  # a monologue is transcribed in pieces of this length, so it is heard while it runs


class TranscriptFile:
    """A transcript file that grows while the call happens."""

    def __init__(self, path: Path, interviewers: list[str] | None = None) -> None:
        """`path` must exist; it may be empty or hold one speaker so far."""
        self.path = path
        self.interviewers = interviewers or []
        self._seen: tuple[int, int] | None = None
        self.transcript: Transcript | None = None

    def poll(self) -> Transcript | None:
        """The transcript so far when the file changed and holds two speakers, else None."""
        try:
            stat = self.path.stat()
        except OSError as exc:
            raise TranscriptError(self.path, f"cannot be read ({exc.strerror or exc})") from None
        seen = (stat.st_size, stat.st_mtime_ns)
        if seen == self._seen:
            return None
        self._seen = seen
        text, warnings = read_text(self.path)
        if not text.strip():
            return None
        try:
            transcript = parse_text(text, path=self.path, interviewers=self.interviewers, warnings=warnings)
        except TranscriptError:
            return None  # one speaker so far, or a cue half written: read again when the file grows
        self.transcript = transcript
        return transcript


class AudioFeed(Protocol):
    """Audio that becomes available over time."""

    def heard(self) -> tuple[list[Samples], bool, bool]:
        """The channels so far, whether each is one person, and whether the audio has ended."""
        ...

    def wall_time_of(self, call_s: float) -> float | None:
        """When (wall clock) the audio at `call_s` was heard; None where it is not known."""
        ...


class ReplayedRecording:
    """A recording played at `speed` times real time from `start()`."""

    def __init__(self, path: Path, speed: float = 1.0) -> None:
        """Decodes the whole recording up front (exit 2 on a bad file), before the clock starts."""
        recording = read_recording([path])
        self.channels = recording.channels
        self.per_person = recording.per_person
        self.duration_s = recording.duration_s
        self.speed = speed
        self.started: float | None = None

    def start(self) -> None:
        """Start playing."""
        self.started = time.monotonic()

    def played_s(self) -> float:
        """Seconds of the call played so far."""
        if self.started is None:
            return 0.0
        return min(self.duration_s, (time.monotonic() - self.started) * self.speed)

    def heard(self) -> tuple[list[Samples], bool, bool]:
        """The channels up to the playing position."""
        played = self.played_s()
        end = int(played * SAMPLE_RATE)
        return [c[:end] for c in self.channels], self.per_person, played >= self.duration_s

    def wall_time_of(self, call_s: float) -> float | None:
        """The monotonic time at which `call_s` was played."""
        return None if self.started is None else self.started + call_s / self.speed


class GrowingWav:
    """A 16-bit PCM WAV file that a recorder is still writing (its header's sizes not yet filled in)."""

    def __init__(self, path: Path, idle_s: float) -> None:
        """The file ends once it has not grown for `idle_s` seconds."""
        self.path = path
        self.idle_s = idle_s
        import numpy as np

        self._grew = time.monotonic()
        self._arrived: list[tuple[float, float]] = []  # (call seconds available, monotonic time seen)
        self.rate, self.channels_count, self.data_at = self._header()
        self._read = 0  # bytes of audio data read so far
        self._pending = bytearray()  # read, not yet a whole frame
        self._buffer = np.zeros((self.channels_count, SAMPLE_RATE * 60), dtype=np.float32)
        self._length = 0  # samples per channel decoded so far

    def _header(self) -> tuple[int, int, int]:
        with self.path.open("rb") as fh:
            head = fh.read(4096)
        if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise AudioError(self.path, "is not a WAV file; a growing recording must be WAV (16-bit PCM)")
        at, fmt = 12, None
        while at + 8 <= len(head):
            chunk, size = head[at : at + 4], struct.unpack("<I", head[at + 4 : at + 8])[0]
            if chunk == b"fmt ":
                fmt = struct.unpack("<HHIIHH", head[at + 8 : at + 24])
            if chunk == b"data":
                if fmt is None or fmt[0] != 1 or fmt[5] != 16:
                    raise AudioError(self.path, "must be 16-bit PCM WAV to be followed while it is written")
                return fmt[2], fmt[1], at + 8
            at += 8 + size + (size % 2)
        raise AudioError(self.path, "has no audio data yet (no WAV data chunk in its first 4 KB)")

    def heard(self) -> tuple[list[Samples], bool, bool]:
        """Every whole frame written so far, resampled to 16 kHz, one array per channel.

        Only the bytes written since the last look are read and decoded: an hour's WAV is 230 MB, and
        this runs several times a second.
        """
        import numpy as np

        with self.path.open("rb") as fh:
            fh.seek(self.data_at + self._read)
            new = fh.read()
        now = time.monotonic()
        if new:
            self._read += len(new)
            self._grew = now
            self._pending += new
        frame = 2 * self.channels_count
        whole = len(self._pending) - len(self._pending) % frame
        if whole:
            pcm = np.frombuffer(bytes(self._pending[:whole]), dtype="<i2").astype(np.float32) / 32768.0
            del self._pending[:whole]
            chunk = [pcm[i :: self.channels_count] for i in range(self.channels_count)]
            if self.rate != SAMPLE_RATE:
                times = np.arange(int(len(chunk[0]) * SAMPLE_RATE / self.rate)) / SAMPLE_RATE
                source = np.arange(len(chunk[0])) / self.rate
                chunk = [np.interp(times, source, c).astype(np.float32) for c in chunk]
            self._append(chunk)
        available = self._length / SAMPLE_RATE
        if not self._arrived or available > self._arrived[-1][0]:
            self._arrived.append((available, now))
        channels = [self._buffer[i, : self._length] for i in range(self.channels_count)]
        return channels, self.channels_count > 1, now - self._grew >= self.idle_s

    def _append(self, chunk: list[Samples]) -> None:
        """Add decoded samples, doubling the buffer when full (no copy of the whole call per look)."""
        import numpy as np

        needed = self._length + len(chunk[0])
        if needed > self._buffer.shape[1]:
            grown = np.zeros((self.channels_count, max(needed, 2 * self._buffer.shape[1])), dtype=np.float32)
            grown[:, : self._length] = self._buffer[:, : self._length]
            self._buffer = grown
        for i, samples in enumerate(chunk):
            self._buffer[i, self._length : needed] = samples
        self._length = needed

    def wall_time_of(self, call_s: float) -> float | None:
        """When the file first held audio up to `call_s`."""
        return next((seen for available, seen in self._arrived if available >= call_s), None)


@dataclass
class LiveTranscriber:
    """Turns audio heard so far into a transcript, a piece at a time."""

    feed: AudioFeed
    settings: Settings
    people: int = 2
    names: list[str] | None = None
    interviewers: list[str] = field(default_factory=list)
    model: Any = None
    words: list[Word] = field(default_factory=list)
    done_s: float = 0.0
    """Audio up to here is transcribed."""
    spans: list[list[Span]] = field(default_factory=list)
    """Speech stretches per channel (and of the mix, last), found piece by piece."""
    language: str | None = None
    ended: bool = False

    def load(self) -> None:
        """Load the speech model (before the clock starts: it takes seconds)."""
        from callcontent.audio.timed import load_speech_model

        self.model = load_speech_model(self.settings)
        self.language = self.settings.asr_language

    def poll(self) -> Transcript | None:
        """The transcript so far when a new piece was transcribed, else None."""
        from callcontent.audio.speech import speech_spans

        channels, per_person, ended = self.feed.heard()
        heard_s = len(channels[0]) / SAMPLE_RATE if channels else 0.0
        start = int(self.done_s * SAMPLE_RATE)
        # Mixed from the context before the piece on: the whole call is not re-mixed on every look.
        since = max(0.0, self.done_s - CONTEXT_S)
        lo = int(since * SAMPLE_RATE)
        mix = Recording([], [c[lo:] for c in channels], per_person).mix()
        pending = mix[start - lo :]
        if len(pending) < SAMPLE_RATE // 2 and not ended:
            return None
        found = [(self.done_s + a, self.done_s + b) for a, b in speech_spans(pending)] if len(pending) else []
        cut = _cut(found, self.done_s, heard_s, ended)
        if cut is None:
            return None
        new_words: list[Word] = []
        if any(b > a for a, b in found if a < cut):
            from callcontent.audio.timed import recognise_piece

            # The model hears the seconds before the piece too (a lone "Yes." heard alone came out as
            # "You"); the words it finds there were the last piece's and are dropped.
            heard, self.language = recognise_piece(
                self.model,
                mix[: int(cut * SAMPLE_RATE) - lo],
                since,
                self.settings,
                self.language,
            )
            new_words = _after_context(heard, [w for w in self.words if w.end > since], self.done_s)
            unheard = self._unheard(mix, since, found, cut, new_words)
            new_words = sorted(new_words + unheard, key=lambda w: w.start)
        self._add_spans(channels if per_person else [], found, start, int(cut * SAMPLE_RATE), per_person)
        self.done_s = cut
        self.ended = ended and cut >= heard_s
        if not new_words:
            return None
        self.words += new_words
        return self.transcript(channels, per_person)

    def _unheard(
        self, mix: Samples, mix_from: float, found: list[Span], cut: float, words: list[Word]
    ) -> list[Word]:
        """Speech the model passed over in a longer piece (a short "You too, bye." after a long turn), heard alone."""
        from callcontent.audio.timed import recognise_piece

        out: list[Word] = []
        for start, end in found:
            if (
                end > cut
                or end - start < MIN_UNHEARD_S
                or any(w.end > start and w.start < end for w in words)
            ):
                continue
            begin = max(0.0, start - 0.2)
            piece, self.language = recognise_piece(
                self.model,
                mix[
                    int((begin - mix_from) * SAMPLE_RATE) : int(
                        (min(cut, end + 0.2) - mix_from) * SAMPLE_RATE
                    )
                ],
                begin,
                self.settings,
                self.language,
            )
            out += piece
        return out

    def _add_spans(
        self, channels: list[Samples], mix_spans: list[Span], start: int, stop: int, per: bool
    ) -> None:
        from callcontent.audio.speech import speech_spans

        offset = start / SAMPLE_RATE
        if not self.spans:
            empty: list[list[Span]] = [[] for _ in range(len(channels) + 1 if per else 1)]
            self.spans = empty
        if per:
            for i, channel in enumerate(channels):
                self.spans[i] += [(offset + a, offset + b) for a, b in speech_spans(channel[start:stop])]
        self.spans[-1] += [s for s in mix_spans if s[0] < stop / SAMPLE_RATE]

    def transcript(self, channels: list[Samples], per_person: bool) -> Transcript | None:
        """The words so far as turns of speakers, parsed like any JSON transcript."""
        from callcontent.audio.speakers import by_voice, channel_labels, smooth
        from callcontent.audio.timed import speaker_names, turns_of_words

        spans_of_words = [w.span for w in self.words]
        if per_person:
            channel_spans = self.spans[:-1]
            labels = channel_labels(spans_of_words, channel_spans)
            people = len(channel_spans)
        else:
            voice, _ = by_voice(channels[0], self.spans[-1], spans_of_words, self.people)
            labels, channel_spans, people = smooth(voice), [self.spans[-1]] * self.people, self.people
        names = speaker_names(labels, people, self.names, per_person)
        turns = turns_of_words(self.words, labels, channel_spans, names)
        try:
            return parse_text(json.dumps({"turns": turns}), fmt="json", interviewers=self.interviewers)
        except TranscriptError:
            return None  # one voice heard so far


def _plain(word: Word) -> str:
    return "".join(ch for ch in word.text.lower() if ch.isalnum())


def _after_context(heard: list[Word], before: list[Word], done_s: float) -> list[Word]:
    """The words of the new piece: what follows the context's words as they were heard the last time.

    Whisper writes the context again, but its word times can drift by a second, so the words are
    matched by what they say; only where the context came out differently are they cut by time.
    """
    said, again = [_plain(w) for w in before], [_plain(w) for w in heard]
    for skip in range(3):  # the context's first word, cut by the piece's edge, may come out differently
        for k in range(min(len(said), len(again) - skip), 0, -1):
            if again[skip : skip + k] == said[-k:]:
                return heard[skip + k :]
    return [w for w in heard if (w.start + w.end) / 2 >= done_s]


def _cut(found: list[Span], done_s: float, heard_s: float, ended: bool) -> float | None:
    """Where the next piece ends: in the pause after the last finished stretch of speech, or None to wait."""
    if ended:
        return heard_s if heard_s > done_s else None
    # A stretch of speech followed by a real pause (not the short gap between two words).
    follows = [a for a, _ in found[1:]] + [heard_s] * bool(found)
    finished = [b for (_, b), after in zip(found, follows, strict=True) if after - b >= PAUSE_S]
    if finished:
        return min(heard_s, finished[-1] + PAUSE_S / 2)
    if not found and heard_s - done_s >= LONGEST_PIECE_S:
        return heard_s - PAUSE_S  # silence all along: move past it
    if heard_s - done_s >= LONGEST_PIECE_S:
        # A long stretch without a pause: hear it now, cut at its last short gap (between two words).
        inner = [b for _, b in found[:-1] if b > done_s + 1.0]
        return inner[-1] if inner else heard_s
    return None
