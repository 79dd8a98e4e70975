"""What `watch` shows: rescue lines loud, notes quiet, a summary at the end; or JSON lines for tools."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.panel import Panel

from callcontent.live.watch import Said, Watched
from callcontent.transcript import format_timestamp


class LiveView:
    """Prints each event as it is said."""

    def __init__(self, console: Console, *, as_json: bool) -> None:
        """`as_json`: one JSON object per line on stdout, nothing else there."""
        self.console = console
        self.as_json = as_json

    def status(self, text: str) -> None:
        """A line about watch itself (stderr in JSON mode, so stdout stays parseable)."""
        if self.as_json:
            print(json.dumps({"event": "status", "text": text}), flush=True)
        else:
            self.console.print(f"[dim]{text}[/]", highlight=False)

    def say(self, said: Said) -> None:
        """A rescue line in a panel; a note on one dim line."""
        event = said.event
        if self.as_json:
            print(json.dumps(said.as_json(), ensure_ascii=False), flush=True)
            return
        when = f" at {format_timestamp(event.at_s)}" if event.at_s is not None else ""
        where = f"turn {event.turn}{when}" if event.turn is not None else when.strip() or "the call"
        measured = f"precision {event.precision:.2f}" if event.precision is not None else "checked in code"
        if event.level == "rescue":
            self.console.print(
                Panel(
                    f"[bold]Say:[/] “{event.say}”\n[dim]{event.evidence}[/]",
                    title=f"[bold yellow]{event.title}[/] · {where}",
                    subtitle=f"[dim]{measured}[/]",
                    title_align="left",
                    subtitle_align="right",
                ),
                highlight=False,
            )
        else:
            self.console.print(
                f"[dim]note · {event.title} · {where}: “{event.say}” ({measured}; for the after-call critique)[/]",
                highlight=False,
                soft_wrap=True,
            )

    def summary(self, watched: Watched, saved: Path) -> None:
        """What was said, and how to go on with the call."""
        rescues = [s for s in watched.said if s.event.level == "rescue"]
        timed = [s.latency_s for s in watched.said if s.latency_s is not None]
        payload = {
            "event": "end",
            "stopped_by": watched.stopped_by,
            "turns": len(watched.transcript.turns) if watched.transcript else 0,
            "rescue_lines": len(rescues),
            "notes": len(watched.said) - len(rescues),
            "slowest_latency_s": max(timed) if timed else None,
            "saved": str(saved),
            "next": f"callcontent run {saved}",
        }
        if self.as_json:
            print(json.dumps(payload), flush=True)
            return
        slowest = f"; slowest {payload['slowest_latency_s']} s after its words" if timed else ""
        self.console.print(
            f"\n{payload['turns']} turns heard ({watched.stopped_by}); {len(rescues)} rescue line(s), "
            f"{payload['notes']} note(s){slowest}.\nSaved what was heard to {saved}; "
            f"coaching, quotes and drafts: [bold]callcontent run {saved}[/]",
            highlight=False,
        )
