"""A two-voice interview synthesised with espeak-ng, with known words, turns and pauses.

Used by the audio tests and bench/bench_transcribe.py. The truth is measured on the synthesised
audio itself: each turn's speech edges are where its samples rise above the noise floor, so a pause's
true length is the silence between two turns' edges, not the silence we asked for.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

RATE = 16_000
# Voices that differ the way people do: a man's voice at a low pitch, a woman's at a high one (espeak-ng's
# American English, its default and "f4" variants).
INTERVIEWER_VOICE = ("en-us", 35)
CUSTOMER_VOICE = ("en-us+f4", 90)

# (who, what, pause before in seconds): 24 turns, 12+ pauses between 0.6 and 4 s.
SCRIPT: list[tuple[str, str, float]] = [
    (
        "Jordan",
        "Thanks for making the time today. Before we start, is it alright if I record this call?",
        0.0,
    ),
    ("Priya", "Yes, that is fine. Go ahead and record it.", 0.8),
    ("Jordan", "Great. Tell me about your role and what your team looked after before the change.", 1.2),
    (
        "Priya",
        "I run finance operations at a regional freight company. We have about 40 people, and my team "
        "handles billing, collections and the monthly close for every depot.",
        0.7,
    ),
    ("Jordan", "What did a normal month end look like back then?", 2.5),
    (
        "Priya",
        "Honestly, it was painful. We closed the books in six working days. Every depot sent a spreadsheet, "
        "and two people spent most of a week typing those numbers into the ledger by hand.",
        0.9,
    ),
    ("Jordan", "Six days. What did that cost you?", 1.5),
    (
        "Priya",
        "It cost us evenings and weekends. It also meant we found billing mistakes far too late, usually "
        "after the customer had already paid the wrong amount.",
        0.6,
    ),
    ("Jordan", "Can you remember a moment when that really hurt?", 3.0),
    (
        "Priya",
        "There was a quarter when a large customer disputed almost every invoice. We spent three weeks "
        "pulling delivery records, and our manager asked me whether we could trust our own numbers.",
        1.1,
    ),
    ("Jordan", "How did that feel?", 4.0),
    (
        "Priya",
        "It felt awful. I had been defending the process for years, and in that moment I could not defend "
        "it anymore.",
        0.8,
    ),
    ("Jordan", "So what did you try first?", 2.0),
    (
        "Priya",
        "We looked at three tools. Two of them wanted us to change how the depots worked. The one we chose "
        "read the dispatch data directly, so the depots did not have to change anything.",
        0.7,
    ),
    ("Jordan", "Walk me through the first month after you switched.", 1.8),
    (
        "Priya",
        "The first month was bumpy. We ran both systems side by side, and the new one caught 12 billing "
        "errors the old process missed. After that nobody wanted to go back.",
        0.9,
    ),
    ("Jordan", "And where are you now?", 2.2),
    (
        "Priya",
        "Now we close in two working days. Disputes are down by about 40%, and the two people who "
        "used to type numbers now spend their time chasing overdue accounts.",
        0.6,
    ),
    ("Jordan", "What would you tell another finance lead who is where you were?", 3.5),
    (
        "Priya",
        "Fix the hand offs before you buy more software. Find where people retype numbers, and start there.",
        1.0,
    ),
    ("Jordan", "Is there anything I should have asked you but did not?", 1.4),
    (
        "Priya",
        "Maybe how the team feels. They are calmer. The close is not a fire drill anymore, and people take "
        "their holidays at the end of the month again.",
        0.9,
    ),
    (
        "Jordan",
        "That is a lovely place to end. Would you be happy for us to publish a short story about this, once "
        "you have approved the quotes?",
        1.6,
    ),
    ("Priya", "Yes, as long as I see it first. Thank you for asking such good questions.", 0.8),
]


@dataclass
class Turn:
    """One synthesised turn: who, what, and where its speech starts and ends in the call."""

    speaker: str
    text: str
    start: float
    end: float


@dataclass
class SyntheticCall:
    """The call as one channel per speaker (same length), with the truth."""

    speakers: list[str]
    channels: list[npt.NDArray[np.float32]]
    turns: list[Turn] = field(default_factory=list)

    def mono(self) -> npt.NDArray[np.float32]:
        """Both voices in one channel."""
        return np.asarray(sum(self.channels), dtype=np.float32)

    def pauses(self) -> list[float]:
        """True silence before each turn after the first."""
        return [b.start - a.end for a, b in zip(self.turns, self.turns[1:], strict=False)]

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.channels[0]) / RATE


def espeak_available() -> bool:
    """True when espeak-ng is installed."""
    return shutil.which("espeak-ng") is not None


def speak(text: str, voice: tuple[str, int]) -> npt.NDArray[np.float32]:
    """`text` in `voice` (name, pitch), at 16 kHz, trimmed to its speech."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(
            # 130 words a minute with a short gap between words: an unhurried interview.
            ["espeak-ng", "-v", voice[0], "-p", str(voice[1]), "-s", "130", "-g", "1", "-w", tmp.name, text],
            check=True,
            capture_output=True,
        )
        with wave.open(tmp.name, "rb") as fh:
            rate = fh.getframerate()
            raw = np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    times = np.arange(int(len(raw) * RATE / rate)) / RATE
    audio = np.interp(times, np.arange(len(raw)) / rate, raw).astype(np.float32)
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    return np.asarray(audio[loud[0] : loud[-1] + 1] * 0.8, dtype=np.float32)


def synthesise(script: list[tuple[str, str, float]] | None = None, repeat: int = 1) -> SyntheticCall:
    """The script voiced (repeated `repeat` times for long files), one channel per speaker."""
    script = (script or SCRIPT) * repeat
    speakers = list(dict.fromkeys(who for who, _, _ in script))
    voices = {speakers[0]: INTERVIEWER_VOICE, speakers[1]: CUSTOMER_VOICE}
    pieces = [(who, text, pause, speak(text, voices[who])) for who, text, pause in script]
    lead = 0.5
    length = int((lead + sum(p + len(a) / RATE for _, _, p, a in pieces) + 1.0) * RATE)
    channels = [np.zeros(length, dtype=np.float32) for _ in speakers]
    call = SyntheticCall(speakers, channels)
    at = lead
    for who, text, pause, audio in pieces:
        at += pause if call.turns else 0.0
        begin = round(at * RATE)
        channels[speakers.index(who)][begin : begin + len(audio)] += audio
        call.turns.append(Turn(who, text, begin / RATE, (begin + len(audio)) / RATE))
        at = (begin + len(audio)) / RATE
    return call


def write_wav(path: Path, channels: list[npt.NDArray[np.float32]]) -> Path:
    """16-bit PCM WAV, one channel per array."""
    data = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(data.shape[1])
        fh.setsampwidth(2)
        fh.setframerate(RATE)
        fh.writeframes((np.clip(data, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def write_encoded(path: Path, channels: list[npt.NDArray[np.float32]], video: bool = False) -> Path:
    """The audio in a compressed container by suffix (.m4a/.mp4: AAC, .mp3: MP3), optionally with video."""
    import av

    codec = "mp3" if path.suffix == ".mp3" else "aac"
    layout = "stereo" if len(channels) > 1 else "mono"
    data = np.stack(channels).astype(np.float32)
    with av.open(str(path), "w") as container:
        picture: Any = None
        if video:  # a meeting recording: a still picture at 1 frame per second beside the sound
            picture = container.add_stream("mpeg4", rate=1)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        sound: Any = container.add_stream(codec, rate=RATE, layout=layout)
        # A meeting tool's export bit rate; PyAV's MP3 default (24 kbit/s here) is far below any of them.
        sound.bit_rate = 64_000
        sound.time_base = Fraction(1, RATE)
        step = 1024
        for i in range(0, data.shape[1], step):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(data[:, i : i + step]), format="fltp", layout=layout
            )
            frame.sample_rate, frame.pts = RATE, i
            for packet in sound.encode(frame):
                container.mux(packet)
        for packet in sound.encode(None):
            container.mux(packet)
        if picture is not None:
            for second in range(int(data.shape[1] / RATE) + 1):
                image = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
                image.pts = second
                for packet in picture.encode(image):
                    container.mux(packet)
            for packet in picture.encode(None):
                container.mux(packet)
    return path


def word_error_rate(truth: str, heard: str) -> float:
    """Word-level edit distance over the truth's words (case and punctuation ignored).

    The script writes figures as digits and "alright"/"anymore" as one word, the way Whisper writes them,
    so a spelling convention is not counted as a recognition error.
    """
    import re

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))

    ref, hyp = words(truth), words(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))
