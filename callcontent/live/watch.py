"""The watch loop: poll the source, hand the call so far to the coach, say what it settles, and time it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callcontent.files import write_atomic
from callcontent.live.coach import LiveCoach, LiveEvent
from callcontent.live.sources import AudioFeed, LiveTranscriber, TranscriptFile
from callcontent.transcript import Transcript

GENERATOR = "callcontent watch"
TICK_S = 0.2  # how often the source is looked at: well inside the 2-second budget for transcript files


@dataclass
class Said:
    """An event as it was said: when, and how long after the words that triggered it were there."""

    event: LiveEvent
    wall_time: float
    latency_s: float | None

    def as_json(self) -> dict[str, Any]:
        """The line `watch --json` prints."""
        return {**self.event.as_json(), "wall_time": round(self.wall_time, 3), "latency_s": self.latency_s}


@dataclass
class Watched:
    """What one watch saw and said."""

    transcript: Transcript | None = None
    said: list[Said] = field(default_factory=list)
    stopped_by: str = "end of source"


Say = Callable[[Said], None]


def _say_all(
    events: list[LiveEvent], heard_at: Callable[[LiveEvent], float | None], say: Say, watched: Watched
) -> None:
    """Say each event, timed from `heard_at(event)` (monotonic; None: not known)."""
    for event in events:
        now = time.monotonic()
        since = heard_at(event)
        said = Said(event, time.time(), round(now - since, 2) if since is not None else None)
        watched.said.append(said)
        say(said)


def _at(moment: float) -> Callable[[LiveEvent], float]:
    """Every event timed from one moment (the poll that saw the file change)."""
    return lambda _: moment


def _unknown(_: LiveEvent) -> None:
    return None


def watch_transcript_file(
    source: TranscriptFile, coach: LiveCoach, say: Say, *, idle_exit_s: float | None
) -> Watched:
    """Follow a transcript file until it has not grown for `idle_exit_s` (or Ctrl-C)."""
    watched = Watched()
    last_growth = time.monotonic()
    try:
        while True:
            transcript = source.poll()
            now = time.monotonic()
            if transcript is not None:
                last_growth = now
                watched.transcript = transcript
                # The file's change was seen at this poll: latency runs from here (the poll is every TICK_S).
                _say_all(coach.update(transcript), _at(now), say, watched)
            elif (
                source.transcript is not None and idle_exit_s is not None and now - last_growth >= idle_exit_s
            ):
                break
            time.sleep(TICK_S)
    except KeyboardInterrupt:
        watched.stopped_by = "Ctrl-C"
    if watched.transcript is not None:
        _say_all(coach.update(watched.transcript, ended=True), _unknown, say, watched)
    return watched


def watch_audio(feed: AudioFeed, transcriber: LiveTranscriber, coach: LiveCoach, say: Say) -> Watched:
    """Follow audio until it ends (or Ctrl-C); latency runs from when the triggering words were heard."""
    watched = Watched()

    def heard_at(event: LiveEvent) -> float | None:
        return feed.wall_time_of(event.at_s) if event.at_s is not None else None

    try:
        while not transcriber.ended:
            transcript = transcriber.poll()
            if transcript is None:
                time.sleep(TICK_S)
                continue
            watched.transcript = transcript
            _say_all(coach.update(transcript), heard_at, say, watched)
    except KeyboardInterrupt:
        watched.stopped_by = "Ctrl-C"
    if watched.transcript is not None:
        _say_all(coach.update(watched.transcript, ended=True), _unknown, say, watched)
    return watched


def transcript_payload(transcript: Transcript) -> dict[str, Any]:
    """The transcript watch saw, in the JSON form `run` reads (times where the source had them)."""
    return {
        "generator": GENERATOR,
        "source": transcript.path,
        "turns": [
            {"speaker": t.speaker, "text": t.text, "start": t.start, "end": t.end} for t in transcript.turns
        ],
    }


def save_transcript(path: Path, transcript: Transcript) -> None:
    """Write what watch saw (JSON, atomically)."""
    write_atomic(path, json.dumps(transcript_payload(transcript), indent=2, ensure_ascii=False) + "\n")
