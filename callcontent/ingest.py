"""Read a transcript file in any supported format and return one `Transcript`.

Formats are detected from the content, not the file name, because exports get renamed
(`.txt` Otter files, `.md` podcast transcripts, VTT saved as `.txt`).
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from callcontent.documents import document_kind, document_text
from callcontent.errors import TranscriptError
from callcontent.roles import assign_roles
from callcontent.transcript import Transcript, Turn, format_timestamp

FORMATS = ("otter", "webvtt", "srt", "markdown", "plain", "json", "assemblyai_json")


@dataclass
class Segment:
    """A speaker's stretch of text as a parser reads it, before turns are merged."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None


# ---------------------------------------------------------------- reading bytes


def read_text(path: Path) -> tuple[str, list[str]]:
    """Decode a file to text. UTF-8 first; anything else is detected and reported as a warning."""
    if not path.exists():
        raise TranscriptError(path, "file not found")
    if path.is_dir():
        raise TranscriptError(path, "is a directory, not a transcript file")
    if not path.is_file():
        # A FIFO or a device (/dev/zero) would block or never end: only regular files are read.
        raise TranscriptError(path, "is not a regular file (a pipe, socket or device)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"cannot be read ({exc.strerror or exc})") from exc
    return decode_bytes(data, path)


def decode_bytes(data: bytes, path: str | Path | None = None) -> tuple[str, list[str]]:
    """Decode a transcript file's bytes, most likely encoding first.

    UTF-8 (with or without BOM), then UTF-16 (BOM), then cp1252 — what Windows tools write — and only
    then a charset guess. A guess that leaves much of the text undecodable is refused.
    """
    if not data.strip():
        raise TranscriptError(path, "file is empty")
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["decoded as UTF-16"]
        except UnicodeDecodeError as exc:
            raise TranscriptError(path, f"starts as UTF-16 but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise TranscriptError(path, "looks like a binary file, not a text transcript")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _MOJIBAKE.search(text):
        return text, ["not valid UTF-8; decoded as cp1252 (Windows)"]
    best = from_bytes(data).best()
    if best is None:
        raise TranscriptError(path, "text encoding could not be recognised")
    decoded = str(best)
    if decoded.count("\ufffd") > 0.01 * max(1, len(decoded)):
        raise TranscriptError(path, "most of the text could not be decoded in any known encoding")
    return decoded, [f"not valid UTF-8 or cp1252; decoded as {best.encoding}"]


# Sequences that mean UTF-8 bytes were read as a single-byte charset ("â€™", "Ã©", "‚Äô").
_MOJIBAKE = re.compile("(?:â€|Ã[\x80-\xbf]|Ã©|‚Ä|Â[\xa0-\xbf])")


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(data))


# ---------------------------------------------------------------- detection

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
_OTTER_HEADER = re.compile(rf"^(?P<name>[^\s:][^:\n]{{0,60}}?)[ \t]{{1,}}(?P<ts>{_TS})[ \t]*$")
_MD_TURN = re.compile(r"^\s*\*\*(?P<name>[^*\n]{1,60}?)(?::\*\*|\*\*\s*:)\s*(?P<text>.*)$")
_CUE_TIMING = re.compile(
    r"^(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_PLAIN_TURN = re.compile(
    rf"^\s*(?:\[?(?P<ts1>{_TS})\]?\s+)?(?P<name>[A-Za-z][\w .'’\-]{{0,40}}?)"
    rf"(?:\s*[\[(](?P<ts2>{_TS})[\])])?\s*:\s+(?P<text>\S.*)$"
)
_ROLE_LABEL = re.compile(
    r"^(interviewer|interviewee|customer|host|guest|moderator|participant|respondent|speaker|unknown|q|a|me|you)\b",
    re.I,
)


def detect_format(text: str) -> str | None:
    """The transcript's format from its content, or None when nothing fits."""
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if data is not None:
            return "assemblyai_json" if isinstance(data, dict) and "utterances" in data else "json"
    if stripped.startswith("WEBVTT"):
        return "webvtt"
    lines = text.splitlines()
    if any(_CUE_TIMING.match(line.strip()) for line in lines[:50]):
        return "srt" if re.search(r"\d{2}:\d{2}:\d{2},\d{3}\s*-->", text) else "webvtt"
    if sum(1 for line in lines if _MD_TURN.match(line)) >= 2:
        return "markdown"
    if sum(1 for line in lines if _OTTER_HEADER.match(line)) >= 2:
        return "otter"
    if sum(1 for line in lines if _PLAIN_TURN.match(line)) >= 2:
        return "plain"
    return None


# ---------------------------------------------------------------- parsers


def parse_timestamp(value: str) -> float:
    """Seconds from `H:MM:SS`, `MM:SS` or `SS` (with `,` or `.` before fractions)."""
    value = value.replace(",", ".")
    parts = value.split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def _parse_otter(text: str) -> list[Segment]:
    segments: list[Segment] = []
    current: Segment | None = None
    body: list[str] = []

    def flush() -> None:
        if current is not None:
            current.text = _join_lines(body)
            segments.append(current)

    for raw in text.splitlines():
        line = raw.rstrip()
        header = _OTTER_HEADER.match(line)
        if header:
            flush()
            current = Segment(header["name"].strip(), "", parse_timestamp(header["ts"]))
            body = []
        elif current is not None:
            if re.match(r"^\s*Transcribed by https?://otter\.ai\s*$", line, re.I):
                continue
            body.append(line)
    flush()
    return segments


_MD_STAMP = re.compile(r"\\?\[(?P<ts>(?:\d{1,2}:)?\d{1,2}:\d{2})\\?\]")


def _parse_markdown(text: str) -> list[Segment]:
    segments: list[Segment] = []
    for raw in text.splitlines():
        match = _MD_TURN.match(raw)
        if match:
            segments.append(Segment(match["name"].strip(), match["text"]))
        elif raw.strip() and not raw.lstrip().startswith("#"):
            _continue_or_keep(segments, raw)
    for seg in segments:
        stamp = _MD_STAMP.search(seg.text)
        if stamp and not seg.text[: stamp.start()].strip():
            seg.start = parse_timestamp(stamp["ts"])
        unescaped = re.sub(r"\\([\[\]*_`#\\])", r"\1", _MD_STAMP.sub(" ", seg.text))
        seg.text = _join_lines(unescaped.splitlines())
    return segments


def _parse_plain(text: str) -> list[Segment]:
    matches = [(_PLAIN_TURN.match(line), line) for line in text.splitlines()]
    counts: dict[str, int] = {}
    for m, _ in matches:
        if m:
            counts[m["name"].strip()] = counts.get(m["name"].strip(), 0) + 1
    # A label is a speaker when it recurs or looks like a role; a one-off "Note: ..." is text.
    speakers = {n for n, c in counts.items() if c >= 2 or _ROLE_LABEL.match(n)}
    if len(speakers) < 2:  # a two-line exchange: every label is a speaker
        speakers = set(counts)
    segments: list[Segment] = []
    for m, line in matches:
        if m and m["name"].strip() in speakers:
            ts = m["ts1"] or m["ts2"]
            segments.append(Segment(m["name"].strip(), m["text"], parse_timestamp(ts) if ts else None))
        elif line.strip():
            _continue_or_keep(segments, line.strip())
    for seg in segments:
        seg.text = _join_lines(seg.text.splitlines())
    return segments


UNLABELLED = "(unlabelled)"


def _continue_or_keep(segments: list[Segment], line: str) -> None:
    """A line without a label continues the turn before it.

    Before the first label it is kept as an unlabelled turn (exports cut the first speaker's label),
    not dropped.
    """
    if segments:
        segments[-1].text += "\n" + line
    else:
        segments.append(Segment(UNLABELLED, line))


_ROLE_AND_NAME = re.compile(r"^(?P<role>[^()]{1,40}?)\s*\((?P<name>[^()]{1,40})\)$")


def unify_speaker_labels(segments: list[Segment]) -> None:
    """One person per `Role (Name)` / `Role` / `Name` label.

    Exports write "PM (Sarah)" on the first turn and "PM" after. A short label is folded into the full one
    only when it names one person.
    """
    full: dict[str, set[str]] = {}
    for seg in segments:
        match = _ROLE_AND_NAME.match(seg.speaker)
        if match:
            for part in (match["role"].strip(), match["name"].strip()):
                full.setdefault(part.casefold(), set()).add(seg.speaker)
    for seg in segments:
        owners = full.get(seg.speaker.casefold())
        if owners and len(owners) == 1:
            seg.speaker = next(iter(owners))


_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>(?P<text>.*?)(?:</v>|$)", re.S)
_CUE_SPEAKER = re.compile(r"^(?:-\s*)?(?:\[(?P<b>[^\]]{1,60})\]|(?P<n>[^:\n]{1,60})):\s*(?P<text>.*)$", re.S)
_TAG = re.compile(r"</?[^>]+>")


def _parse_cues(text: str) -> list[Segment]:
    """WebVTT and SRT: blocks of (optional id, timing, payload)."""
    segments: list[Segment] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    last_speaker: str | None = None
    for block in blocks:
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        timing_at = next((i for i, line in enumerate(lines) if _CUE_TIMING.match(line)), None)
        if timing_at is None:
            continue  # WEBVTT header, NOTE, STYLE, REGION
        timing = _CUE_TIMING.match(lines[timing_at])
        assert timing is not None
        start, end = parse_timestamp(timing["start"]), parse_timestamp(timing["end"])
        payload = " ".join(lines[timing_at + 1 :])
        if not payload:
            continue
        voices = list(_VOICE.finditer(payload))
        if voices:
            for voice in voices:
                name = voice["name"].strip()
                segments.append(Segment(name, _TAG.sub("", voice["text"]).strip(), start, end))
                last_speaker = name
            continue
        clean = _TAG.sub("", payload).strip()
        labelled = _CUE_SPEAKER.match(clean)
        if labelled and len((labelled["b"] or labelled["n"] or "").split()) <= 5:
            last_speaker = (labelled["b"] or labelled["n"]).strip()
            segments.append(Segment(last_speaker, labelled["text"].strip(), start, end))
        elif last_speaker is not None:
            segments.append(Segment(last_speaker, clean, start, end))
        else:
            segments.append(Segment("Unknown Speaker", clean, start, end))
    return segments


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_timestamp(value) if ":" in value else float(value)
        except ValueError:
            return None
    return None


def _parse_json(text: str) -> list[Segment]:
    data = json.loads(text)
    items = data
    if isinstance(data, dict):
        items = next(
            (data[k] for k in ("turns", "segments", "transcript") if isinstance(data.get(k), list)), None
        )
    if not isinstance(items, list):
        raise ValueError("expected a list of {speaker, text, start, end} objects (or {'turns': [...]})")
    segments = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "text" not in item:
            raise ValueError(f"item {i} has no 'text'")
        speaker = item.get("speaker", item.get("speaker_name", item.get("name")))
        if speaker is None:
            raise ValueError(f"item {i} has no 'speaker'")
        segments.append(
            Segment(str(speaker), str(item["text"]), _number(item.get("start")), _number(item.get("end")))
        )
    return segments


def _parse_assemblyai(text: str) -> list[Segment]:
    """AssemblyAI's transcript JSON: `utterances` with speaker labels "A", "B", ... and times in ms."""
    data = json.loads(text)
    segments = []
    for item in data["utterances"] or []:
        start, end = _number(item.get("start")), _number(item.get("end"))
        segments.append(
            Segment(
                f"Speaker {item['speaker']}",
                str(item["text"]),
                start / 1000 if start is not None else None,
                end / 1000 if end is not None else None,
            )
        )
    return segments


_PARSERS = {
    "otter": _parse_otter,
    "webvtt": _parse_cues,
    "srt": _parse_cues,
    "markdown": _parse_markdown,
    "plain": _parse_plain,
    "json": _parse_json,
    "assemblyai_json": _parse_assemblyai,
}


# ---------------------------------------------------------------- building turns


def _join_lines(lines: list[str]) -> str:
    return re.sub(r"[ \t]+", " ", " ".join(line.strip() for line in lines if line.strip())).strip()


def _merge(segments: list[Segment], timed_ends: bool) -> list[Turn]:
    turns: list[Turn] = []
    for seg in segments:
        text = seg.text.strip()
        if not text:
            continue  # "**Break:** [25:09]" and similar markers carry no words
        if turns and turns[-1].speaker == seg.speaker:
            prev = turns[-1]
            prev.text = f"{prev.text} {text}"
            if seg.end is not None:
                prev.end = seg.end
            continue
        turns.append(
            Turn(
                index=len(turns),
                speaker=seg.speaker,
                text=text,
                start=seg.start,
                end=seg.end,
                end_measured=timed_ends and seg.end is not None,
            )
        )
    # Where the source gives only starts, a turn ends where the next begins (an upper bound).
    for this, nxt in itertools.pairwise(turns):
        if this.end is None and nxt.start is not None and this.start is not None:
            this.end = nxt.start
    return turns


def timestamps_going_back(turns: list[Turn]) -> list[str]:
    """A warning per turn that starts before the turn ahead of it.

    Pasted or merged files, edited captions. The pauses and durations the critique measures are unreliable
    there.
    """
    warnings = []
    previous: Turn | None = None
    for turn in turns:
        if turn.start is None:
            continue
        if previous is not None and previous.start is not None and turn.start < previous.start:
            warnings.append(
                f"timestamps go back at turn {turn.index} ({format_timestamp(turn.start)} after "
                f"{format_timestamp(previous.start)}); pauses and durations around it are unreliable"
            )
        previous = turn
    return warnings


def parse_text(
    text: str,
    *,
    path: str | Path | None = None,
    fmt: str | None = None,
    interviewers: list[str] | None = None,
    warnings: list[str] | None = None,
) -> Transcript:
    """Parse transcript text (format auto-detected unless `fmt`) and infer speaker roles."""
    if not text.strip():
        raise TranscriptError(path, "file is empty")
    fmt = fmt or detect_format(text)
    if fmt is None:
        raise TranscriptError(
            path,
            "unrecognised transcript format: expected speaker-labelled turns "
            "(Otter, WebVTT, SRT, Markdown '**Name:**', 'Name: text' lines, or JSON)",
        )
    if fmt not in _PARSERS:
        raise TranscriptError(path, f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    try:
        segments = _PARSERS[fmt](text)
    except (ValueError, KeyError, TypeError) as exc:
        raise TranscriptError(path, f"malformed {fmt} transcript: {exc}") from exc
    unify_speaker_labels(segments)
    turns = _merge(segments, timed_ends=fmt in ("webvtt", "srt", "json", "assemblyai_json"))
    if not turns:
        raise TranscriptError(path, f"no speaker turns found in {fmt} transcript")
    if len({t.speaker for t in turns}) < 2:
        raise TranscriptError(
            path, f"only one speaker ({turns[0].speaker!r}); an interview needs an interviewer and a customer"
        )
    transcript = Transcript(
        path=str(path) if path else None,
        format=fmt,
        turns=turns,
        warnings=[*(warnings or []), *timestamps_going_back(turns)],
    )
    try:
        assign_roles(transcript, interviewers or [])
    except ValueError as exc:
        raise TranscriptError(path, str(exc)) from exc
    return transcript


def load_transcript(
    path: str | Path, *, fmt: str | None = None, interviewers: list[str] | None = None
) -> Transcript:
    """Read, decode and parse the transcript file at `path` (a recording is transcribed first); raises TranscriptError."""
    file = Path(path)
    from callcontent.audio import looks_like_recording

    if fmt is None and looks_like_recording(file):
        return transcript_of_recording(file, interviewers=interviewers)
    kind = document_kind(file) if file.is_file() else None
    if kind is not None:
        text, warnings = document_text(file, kind)  # Word or PDF: its lines, laid out as a text export
        return parse_text(text, path=file, interviewers=interviewers, warnings=warnings)
    text, warnings = read_text(file)
    return parse_text(text, path=file, fmt=fmt, interviewers=interviewers, warnings=warnings)


def transcript_of_recording(file: Path, *, interviewers: list[str] | None = None) -> Transcript:
    """A two-person recording, transcribed offline (cached by its content), parsed like any JSON transcript.

    The defaults match the CLI's own transcription before a run, so the pipeline's read is a cache hit.
    """
    from callcontent.audio import transcribe_recording
    from callcontent.audio.timed import separation_warnings

    timed = transcribe_recording([file])
    return parse_text(
        json.dumps(timed),
        path=file,
        fmt="json",
        interviewers=interviewers,
        warnings=separation_warnings(timed),
    )
