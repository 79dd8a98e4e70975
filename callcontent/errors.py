"""The errors a user sees as one line and exit 2: input the tool cannot use.

They live here, below every module that raises them, so that reading a transcript (`ingest`) and
transcribing a recording (`audio`) can both raise them without importing each other.
"""

from __future__ import annotations

from pathlib import Path


class TranscriptError(Exception):
    """A transcript that cannot be used; the message names the file and the problem."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        """Name the file (or `<text>`) and the problem, for the one-line error."""
        self.path = str(path) if path is not None else "<text>"
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
