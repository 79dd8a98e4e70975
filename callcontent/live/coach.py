"""The live coach: the call so far in, the signals it settles out, each said once.

`LiveCoach.update` is given the whole transcript heard so far each time it grows (a transcript file
re-read, or the words transcribed from audio) and returns only what is new. It keeps no clock of its
own: the same calls replayed turn by turn (`callcontent.evals.live`) give exactly the events a live
call gives, which is what the precision that decides loud or quiet is measured on.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from callcontent import language as lang
from callcontent.critique import one_finding_per_moment
from callcontent.critique.call_type import infer_call_type
from callcontent.critique.detectors import (
    Call,
    detect_closed_questions,
    detect_no_emotion,
    detect_no_follow_up,
    detect_no_silence,
    detect_no_specifics,
    detect_talking_too_much,
)
from callcontent.critique.model import PUBLISHED_CONTENT_CALLS, CallType, Finding
from callcontent.critique.moments import exchanges
from callcontent.critique.suggest import excerpt
from callcontent.live.signals import (
    BY_ID,
    CLARIFYING,
    CONSENT_WINDOW_S,
    CONSENT_WINDOW_TURNS,
    FROM_FINDING,
    LIVE_MONOLOGUE_WORDS,
    NON_ANSWER,
    SHARE_MIN_WORDS,
    SHARE_REARM,
    SHARE_WINDOW_S,
    SHARE_WINDOW_TURNS,
    TABLE,
    LiveSignal,
    is_loud,
)
from callcontent.transcript import Transcript, Turn

Level = Literal["rescue", "note"]
WINDOW_TURNS = 60  # the detectors read the last minutes, not the whole hour: each update costs the same
# Words an interviewer closes a call with: the last chance for the permission line.
CLOSING = re.compile(
    r"\b(?:thank(?:s| you) (?:so much |very much |again )?for (?:your|the|taking the) time|"
    r"(?:that's|that is) all (?:the questions |that )?I (?:have|had)|before we (?:wrap|finish|close|let you go)|"
    r"(?:we're|we are) (?:almost |about )?(?:out of|at) time|(?:my|one) last question|to wrap (?:up|things up)|"
    r"it was (?:great|lovely|a pleasure) (?:talking|speaking|chatting) (?:to|with) you)\b",
    re.I,
)
_LIVE_DETECTORS: tuple[Callable[[Call], list[Finding]], ...] = (
    detect_closed_questions,
    detect_no_follow_up,
    detect_talking_too_much,
    detect_no_emotion,
    detect_no_silence,
    detect_no_specifics,
)


@dataclass(frozen=True)
class LiveEvent:
    """Something `watch` says: a rescue line to use now, or a note for later."""

    signal: str
    mistake: str
    level: Level
    title: str
    say: str
    """The line to say (the seed's, with the customer's words where the moment gives them)."""
    evidence: str
    turn: int | None
    """The turn the moment sits on (as the after-call critique numbers turns)."""
    trigger_turn: int
    """The turn whose words settled it: latency is measured from them."""
    at_s: float | None
    """Call time of those words, where the source has times."""
    precision: float | None
    """Its precision on the labelled calls, replayed live (None: not measurable there)."""

    def as_json(self) -> dict[str, Any]:
        """The event as `watch --json` prints it."""
        return {"event": "signal", **dataclasses.asdict(self)}


@dataclass(frozen=True)
class Loudness:
    """How each signal is shown, from its measured precision."""

    precision: Mapping[str, float | None]
    loud: frozenset[str]

    def level(self, signal: str) -> Level:
        """A rescue line when its precision earned it, otherwise a note."""
        return "rescue" if signal in self.loud else "note"

    @classmethod
    def from_table(cls, table: Mapping[str, Mapping[str, Any]]) -> Loudness:
        """From `live_precision.json`: loud at or above the bar, or a fact checked in code."""
        precision = {s: row.get("precision") for s, row in table.items()}
        loud = frozenset(
            s for s, row in table.items() if is_loud(row.get("precision"), bool(row.get("checked_fact")))
        )
        return cls(precision, loud)


def shipped_loudness() -> Loudness:
    """Loud or quiet per signal, from the measure shipped beside the coach (`live_precision.json`)."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    return Loudness.from_table(table["signals"])


def _window(transcript: Transcript, size: int) -> tuple[Transcript, int]:
    """The last `size` turns as a transcript of their own (turns renumbered from 0) and their offset."""
    offset = max(0, len(transcript.turns) - size)
    turns = [t.model_copy(update={"index": i}) for i, t in enumerate(transcript.turns[offset:])]
    return transcript.model_copy(update={"turns": turns}), offset


def _settled(finding: Finding, call: Call) -> bool:
    """Is the moment decided? A closed question is not a mistake until the interviewer moves past the answer."""
    if finding.mistake != "closed_question":
        return True
    return any(ex.turn.index > (finding.turn or 0) for ex in call.exchanges)


def _worth_saying_live(finding: Finding, call: Call) -> bool:
    """The narrower reading live: a clearly long turn; a closed question whose answer could be opened up."""
    turn = call.transcript.turns[finding.turn or 0]
    if finding.mistake == "talking_too_much":
        return turn.words >= LIVE_MONOLOGUE_WORDS
    if finding.mistake == "closed_question":
        answer = next((t for t in call.transcript.turns[turn.index + 1 :] if t.role == "customer"), None)
        return not (
            CLARIFYING.search(turn.text)
            or CLOSING.search(turn.text)
            or (answer is not None and NON_ANSWER.search(answer.text))
        )
    return True


class LiveCoach:
    """Follows one call; `update` returns the events the call so far has newly settled."""

    def __init__(
        self,
        loudness: Loudness,
        *,
        call_type: CallType | None = None,
        window_turns: int = WINDOW_TURNS,
    ) -> None:
        """`call_type` fixed, or inferred from the call so far at each update."""
        self.loudness = loudness
        self.call_type = call_type
        self.window_turns = window_turns
        self.fired: set[tuple[str, int | None]] = set()
        # Call time of each moment said, per signal: audio is re-cut into turns as more of it is heard,
        # so the same question can come back one turn later; where the source has times, it is the
        # same moment when its turn overlaps one already said.
        self.fired_times: dict[str, list[tuple[float, float]]] = {}
        self.share_armed = True
        self.events: list[LiveEvent] = []

    def update(self, transcript: Transcript, *, ended: bool = False) -> list[LiveEvent]:
        """What the call so far settles that was not said before (`ended`: the call is over)."""
        if not transcript.interviewers or not transcript.customers:
            return []
        # Inferred once per update (a pass over the whole call so far), read by the detectors and the close.
        call_type = self.call_type or infer_call_type(transcript)[0]
        new = self._from_detectors(transcript, call_type)
        new += self._talk_share(transcript, new)
        new += self._consent(transcript)
        new += self._permission(transcript, call_type, ended)
        self.events += new
        return new

    def _event(
        self, signal: LiveSignal, transcript: Transcript, turn: int | None, say: str, evidence: str
    ) -> LiveEvent | None:
        key = (signal.id, turn)
        span = _time_span(transcript.turns[turn]) if turn is not None else None
        said = self.fired_times.setdefault(signal.id, [])
        if key in self.fired or (span and any(_overlap(span, other) for other in said)):
            return None
        self.fired.add(key)
        if span:
            said.append(span)
        last = transcript.turns[-1]
        return LiveEvent(
            signal=signal.id,
            mistake=signal.mistake,
            level=self.loudness.level(signal.id),
            title=signal.title,
            say=say,
            evidence=evidence,
            turn=turn,
            trigger_turn=last.index,
            at_s=last.end if last.end is not None else last.start,
            precision=self.loudness.precision.get(signal.id),
        )

    def _from_detectors(self, transcript: Transcript, call_type: CallType) -> list[LiveEvent]:
        window, offset = _window(transcript, self.window_turns)
        # Where in the call a turn falls is unknown while it happens: no turn is treated as the sign-off.
        moments = [dataclasses.replace(ex, position=min(ex.position, 0.5)) for ex in exchanges(window)]
        call = Call(window, moments, call_type, set(window.interviewers))
        found = one_finding_per_moment([f for detect in _LIVE_DETECTORS for f in detect(call)])
        out: list[LiveEvent] = []
        for f in sorted(found, key=lambda f: f.turn or 0):
            if f.turn is None or f.mistake not in FROM_FINDING:
                continue
            if not _settled(f, call) or not _worth_saying_live(f, call):
                continue
            signal = BY_ID[FROM_FINDING[f.mistake]]
            # The detector's own line where it is one to say now (it carries the customer's words).
            say = f.suggestion if not f.suggestion.startswith("Instead of") else signal.rescue
            event = self._event(signal, transcript, offset + f.turn, say, f.evidence)
            if event:
                out.append(event)
        return out

    def _talk_share(self, transcript: Transcript, new: list[LiveEvent]) -> list[LiveEvent]:
        recent = _recent(transcript)
        words = sum(t.words for t in recent)
        if words < SHARE_MIN_WORDS:
            return []
        side = set(transcript.interviewers)
        share = sum(t.words for t in recent if t.speaker in side) / words
        if share < SHARE_REARM:
            self.share_armed = True
        if share <= 0.20 or not self.share_armed:
            return []
        self.share_armed = False
        # A monologue in these minutes is the reason for the share: one moment, coached once.
        first = recent[0].index
        if any(e.signal == "monologue" and (e.turn or 0) >= first for e in [*self.events, *new]):
            return []
        signal = BY_ID["talk_share"]
        event = self._event(
            signal,
            transcript,
            transcript.turns[-1].index,
            signal.rescue,
            f"You spoke {share:.0%} of the words in the last {len(recent)} turns (target: at most 20%).",
        )
        return [event] if event else []

    def _consent(self, transcript: Transcript) -> list[LiveEvent]:
        last = transcript.turns[-1]
        elapsed = last.end if last.end is not None else last.start
        past_opening = (
            elapsed >= CONSENT_WINDOW_S
            if elapsed is not None
            else len(transcript.turns) >= CONSENT_WINDOW_TURNS
        )
        if not past_opening or any(lang.RECORDING_CONSENT.search(t.text) for t in transcript.turns):
            return []
        signal = BY_ID["no_consent"]
        event = self._event(
            signal, transcript, None, signal.rescue, "No one asked or said the call is recorded."
        )
        return [event] if event else []

    def _permission(self, transcript: Transcript, call_type: CallType, ended: bool) -> list[LiveEvent]:
        if call_type not in PUBLISHED_CONTENT_CALLS:
            return []
        side = set(transcript.interviewers)
        asked = [t for t in transcript.turns if t.speaker in side]
        if any(lang.PUBLISH_PERMISSION.search(t.text) for t in asked):
            return []
        closing = next((t for t in reversed(asked[-2:]) if CLOSING.search(t.text)), None)
        if closing is None and not ended:
            return []
        signal = BY_ID["no_permission"]
        evidence = (
            f"Closing: “{excerpt(closing.text, 100)}”, and no one has asked to publish or offered a draft."
            if closing
            else "The call ended without asking to publish or offering a draft for approval."
        )
        event = self._event(signal, transcript, None, signal.rescue, evidence)
        return [event] if event else []


def _time_span(turn: Turn) -> tuple[float, float] | None:
    """When the turn was said, where the source has times."""
    if turn.start is None:
        return None
    return turn.start, turn.end if turn.end is not None else turn.start


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Said at the same time (turns that only touch, one ending as the next starts, do not)."""
    return a[0] == b[0] or (a[0] < b[1] and b[0] < a[1])


def _recent(transcript: Transcript) -> list[Turn]:
    """The turns of the last minutes (or the last turns, where the source has no times)."""
    turns = transcript.turns
    last = turns[-1]
    now = last.end if last.end is not None else last.start
    if now is None:
        return turns[-SHARE_WINDOW_TURNS:]
    return [t for t in turns if (t.start if t.start is not None else now) >= now - SHARE_WINDOW_S]
