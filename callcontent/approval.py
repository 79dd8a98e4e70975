"""Approval closes the loop: who approved what and when, recorded in the run folder; the approved
case study goes into the library. Unapproved drafts are never indexed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from callcontent.files import write_atomic


class ApprovalError(Exception):
    pass


def approve_run(run_dir: Path, by: str, library: Path | None = None) -> dict[str, Any]:
    from callcontent.store.library import Document, Library, read_document

    result_path = run_dir / "result.json"
    case_study = run_dir / "drafts" / "case_study.md"
    if not result_path.is_file() or not case_study.is_file():
        raise ApprovalError(f"{run_dir}: not a run folder (no result.json or drafts/case_study.md)")
    if not by.strip():
        raise ApprovalError(f"{run_dir}: --by must name who approved")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    files = {
        str(p.relative_to(run_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(run_dir.rglob("*.md"))
    }
    customers = [
        s["name"] for s in result.get("critique", {}).get("speakers", []) if s.get("role") == "customer"
    ]
    record = {
        "approved_by": by.strip(),
        "approved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files_sha256": files,
        "quotes": [
            q["text"] for q in result.get("quotes", []) if q["text"] in case_study.read_text(encoding="utf-8")
        ],
        "review_passed": result.get("review", {}).get("passed"),
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
    lib.add_document(doc)
    record["library"] = lib.location
    write_atomic(run_dir / "approval.json", json.dumps(record, indent=2) + "\n")
    return record
