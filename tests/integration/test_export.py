"""The drafts exported to Word, PDF and HTML, read back with python-docx and pdfplumber."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pytest

from callcontent.export import PIECES, blocks_of, metric_rows, unicode_font
from callcontent.figures import numbers_in
from tests.conftest import ROOT, cli

SAMPLE = ROOT / "examples" / "sample_interview.txt"
INTERNAL = ("drafted by code", "no writer model ran", "Not cleared by review", "Code removed", "Still open")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_dir = tmp_path_factory.mktemp("export") / "run"
    proc = cli("run", str(SAMPLE), "--model", "none", "--out", str(run_dir), "--export", "docx,pdf,html")
    assert proc.returncode == 0, proc.stderr
    return run_dir


def _flat(text: str) -> str:
    return " ".join(text.split())


def _markdown(run_dir: Path, piece: str) -> str:
    drafts = json.loads((run_dir / "result.json").read_text())["drafts"]
    return drafts[piece] if piece in ("case_study", "blog_post") else ""


def _docx_text(path: Path) -> tuple[str, dict[str, list[str]], list[list[str]]]:
    document = docx.Document(str(path))
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name if p.style is not None else "", []).append(p.text)
    tables = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    text = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(" ".join(r) for r in tables)
    return text, by_style, tables


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_every_piece_is_written_in_every_format(sample_run: Path) -> None:
    names = {p.name for p in (sample_run / "export").iterdir() if not p.name.startswith(".")}
    assert names == {f"{piece}.{ext}" for piece in PIECES for ext in ("docx", "pdf", "html")}


def test_the_word_case_study_has_headings_quotes_and_the_metrics_table(sample_run: Path) -> None:
    text, by_style, tables = _docx_text(sample_run / "export" / "case_study.docx")
    markdown = _markdown(sample_run, "case_study")
    blocks = blocks_of(markdown)
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert by_style["Heading 1"] == headings[:1] and set(headings[1:]) <= set(by_style["Heading 2"])
    quotes = [b for b in blocks if b.kind == "quote"]
    assert quotes and all(f"{q.text} — {q.who}" in by_style["Quote"] for q in quotes)  # verbatim, styled
    for block in blocks:  # the same text as the Markdown draft
        for piece in (block.text, *block.items):
            assert _flat(piece) in _flat(text)
    facts = json.loads((sample_run / "result.json").read_text())["facts"]
    rows = metric_rows(facts)
    assert rows and tables[0] == ["Measure", "Before", "After", "As the customer said"]
    for row, cells in zip(rows, tables[1:], strict=True):
        assert cells[1:3] == [row.before, row.after]
        said = cells[3].strip("“”")
        assert any(said == f["sentence"] and f["status"] == "achieved" for f in facts)
        assert set(numbers_in(cells[1] + " " + cells[2])) <= set(numbers_in(said))
    assert not any(note in text for note in INTERNAL)
    assert "Not yet approved by the customer" in text


def test_the_pdf_says_what_the_word_file_says(sample_run: Path) -> None:
    text = _flat(_pdf_text(sample_run / "export" / "case_study.pdf"))
    blocks = blocks_of(_markdown(sample_run, "case_study"))
    for block in blocks:
        if block.kind in ("heading", "quote", "paragraph"):
            assert _flat(block.text) in text
    figures = set(numbers_in(_markdown(sample_run, "case_study")))
    assert figures and figures <= set(numbers_in(text))
    assert not any(note in text for note in INTERNAL)


def test_the_html_fragment_is_escaped_and_complete(sample_run: Path) -> None:
    page = (sample_run / "export" / "blog_post.html").read_text()
    parser = _Text()
    parser.feed(page)
    assert parser.tags[0] == "article" and "blockquote" in parser.tags and "script" not in parser.tags
    text = _flat("".join(parser.parts))
    for block in blocks_of(_markdown(sample_run, "blog_post")):
        assert _flat(block.text) in text
    assert not any(note in text for note in INTERNAL)


def test_an_uncleared_run_exports_only_when_asked_and_then_says_so_first(
    sample_run: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "uncleared"
    shutil.copytree(sample_run, run_dir, ignore=shutil.ignore_patterns("export"))
    result = json.loads((run_dir / "result.json").read_text())
    result["review"]["passed"] = False
    result["review"]["open_problems"] = ["case_study: a figure the customer did not say"]
    (run_dir / "result.json").write_text(json.dumps(result))
    refused = cli("export", str(run_dir), "--to", "docx")
    assert refused.returncode == 2 and "--allow-uncleared" in refused.stderr
    assert not (run_dir / "export").exists()
    done = cli("export", str(run_dir), "--to", "docx,pdf", "--pieces", "case_study", "--allow-uncleared")
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(run_dir / "export" / "case_study.docx"))
    assert document.paragraphs[0].text.startswith("NOT CLEARED BY REVIEW")
    first_page = _pdf_text(run_dir / "export" / "case_study.pdf").splitlines()[0]
    assert first_page.startswith("NOT CLEARED BY REVIEW")
    # The open problem is the team's business, not the reader's.
    assert "did not say" not in "\n".join(p.text for p in document.paragraphs)


def test_the_cover_says_who_approved(sample_run: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "approved"
    shutil.copytree(sample_run, run_dir, ignore=shutil.ignore_patterns("export"))
    approve = cli("approve", str(run_dir), "--by", "Priya Nair", "--library", str(tmp_path / "library"))
    assert approve.returncode == 0, approve.stderr
    assert cli("export", str(run_dir), "--to", "html", "--pieces", "case_study").returncode == 0
    assert re.search(
        r"Approved by Priya Nair on \d{4}-\d{2}-\d{2}", (run_dir / "export" / "case_study.html").read_text()
    )


def test_a_file_someone_changed_is_never_replaced(sample_run: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "edited"
    shutil.copytree(sample_run, run_dir)
    edited = run_dir / "export" / "case_study.html"
    edited.write_text("<p>my edits</p>")
    proc = cli("export", str(run_dir), "--to", "html")
    assert proc.returncode == 2 and "case_study.html" in proc.stderr
    assert edited.read_text() == "<p>my edits</p>"
    # What the export wrote itself it replaces.
    assert cli("export", str(run_dir), "--to", "docx").returncode == 0


def test_bad_export_requests_exit_2_with_one_line(tmp_path: Path) -> None:
    for args in (("export", str(tmp_path), "--to", "docx"), ("export", str(tmp_path), "--to", "odt")):
        proc = cli(*args)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_a_unicode_font_is_found_on_this_system() -> None:
    regular, italic, bold = unicode_font()
    assert Path(regular).is_file() and Path(italic).is_file() and Path(bold).is_file()
