"""What the pipeline's retrieve node asks of the library: similar stories and already-published quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callcontent import language as lang
from callcontent.settings import load_settings
from callcontent.transcript import Transcript


def transcript_gist(transcript: Transcript, words: int = 120) -> str:
    """Industry, problem and outcome in a few sentences.

    The customer's first answer (who they are), plus the customer sentences that carry results or
    before/after contrast.
    """
    customer_turns = [t for t in transcript.turns if t.role == "customer" and t.words >= 8]
    parts: list[str] = []
    if customer_turns:
        parts.append(" ".join(customer_turns[0].text.split()[:50]))
    for turn in customer_turns[1:]:
        for sentence in lang.sentences(turn.text):
            if (
                lang.FIGURE.search(sentence)
                or lang.VAGUE_QUANTITY.search(sentence)
                or "used to" in sentence.lower()
            ):
                parts.append(sentence)
    return " ".join(" ".join(parts).split()[:words])


def library_available(path: str | None) -> bool:
    """True when there is a library to search (a server, or an existing folder)."""
    if load_settings().chroma_url:
        return True
    return bool(path) and Path(str(path)).exists()


def retrieve_for(transcript: Transcript, library_path: str | None, k: int = 3) -> dict[str, Any]:
    """The stories most like this call, and quotes already published for its customer."""
    from callcontent.store.library import Library

    library = Library(library_path)
    gist = transcript_gist(transcript)
    return {
        "status": "ok" if library.collection.count() else "empty library",
        "library": library.location,
        "query": gist,
        "case_studies": library.search(gist, k=k),
        "published_quotes": library.published_quotes(transcript.customers),
    }
