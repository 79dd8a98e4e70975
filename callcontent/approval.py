"""Approval closes the loop.

Who approved what and when, recorded in the run folder; the approved case study goes into the library.
Unapproved drafts are never indexed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from callcontent.files import write_atomic
from callcontent.result import ResultFileError, read_result


class ApprovalError(Exception):
    """The run cannot be approved as asked; the message is one line naming the file and the problem."""


def _read_result(result_path: Path) -> dict[str, Any]:
    try:
        return read_result(result_path)
    except ResultFileError as exc:
        raise ApprovalError(str(exc)) from None


def approve_run(
    run_dir: Path, by: str, library: Path | None = None, *, force: bool = False
) -> dict[str, Any]:
    """Record the approval and index the case study.

    A run whose review was not cleared (or was degraded) is refused unless `force`, and a forced approval
    says so in approval.json.
    """
    from callcontent.store.library import Document, Library, read_document

    result_path = run_dir / "result.json"
    case_study = run_dir / "drafts" / "case_study.md"
    if not result_path.is_file():
        raise ApprovalError(f"{run_dir}: not a run folder (no result.json)")
    if not case_study.is_file():
        why = _read_result(result_path)["drafts"].get("not_written", {}).get("case_study")
        raise ApprovalError(
            f"{run_dir}: no case study to approve ({why})" if why else f"{run_dir}: no drafts/case_study.md"
        )
    if not by.strip():
        raise ApprovalError(f"{run_dir}: --by must name who approved")
    result = _read_result(result_path)
    cleared = result["review"].get("passed") is True and result.get("status", "ok") != "degraded"
    if not cleared and not force:
        raise ApprovalError(
            f"{run_dir}: the review was not cleared (see the notes at the top of each draft); "
            "fix the drafts and re-run, or approve anyway with --force (recorded)"
        )
    files = {
        str(p.relative_to(run_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(run_dir.rglob("*.md"))
    }
    customers = [
        str(s.get("name")) for s in result["critique"].get("speakers", []) if s.get("role") == "customer"
    ]
    record = {
        "approved_by": by.strip(),
        "approved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files_sha256": files,
        "quotes": [
            q["text"] for q in result["quotes"] if q["text"] in case_study.read_text(encoding="utf-8")
        ],
        "review_passed": result["review"].get("passed"),
        "forced": not cleared,
    }
    lib = Library(library)
    doc: Document = read_document(case_study)
    doc.source = f"approved:{run_dir.resolve()}"
    doc.metadata.update(
        {
            "customer": ", ".join(customers),
            "approved_by": record["approved_by"],
            "date": record["approved_at"][:10],
        }
    )
    record["library_outcome"] = lib.add_document(doc)  # "duplicate" when this text is already stored
    record["library"] = lib.location
    write_atomic(run_dir / "approval.json", json.dumps(record, indent=2) + "\n")
    return record
