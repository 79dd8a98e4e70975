"""Word and PDF transcripts, built here in each layout an export uses, read as the same turns as text.

Real python-docx and fpdf2 write the files; real python-docx and pdfplumber read them back.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from fpdf import FPDF

from callcontent.errors import TranscriptError
from callcontent.ingest import load_transcript
from callcontent.transcript import Transcript
from tests.conftest import cli

CALL = [
    (
        "Dana Whitfield",
        "0:00",
        "Thanks for joining, Sam. Is it all right if I record this so I can quote you accurately?",
    ),
    ("Sam Ortiz", "0:07", "Sure, go ahead. Happy to help."),
    ("Dana Whitfield", "0:12", "What was month-end like before you switched?"),
    (
        "Sam Ortiz",
        "0:18",
        "Honestly it was six working days of spreadsheets. Nothing matched, and I dreaded every close "
        "because the team stayed late every single night of it. We tried two other tools first and both "
        "of them broke on our intercompany entries, so we went back to spreadsheets twice.",
    ),
    ("Dana Whitfield", "1:02", "And what changed after the rollout?"),
    ("Sam Ortiz", "1:09", "We close in two days now, and my team leaves on time. It still feels strange."),
    ("Dana Whitfield", "1:30", "Can I send you the draft to approve before we publish anything?"),
    ("Sam Ortiz", "1:36", "Yes, please send it over."),
]


def otter_text() -> str:
    """The call as Otter's .txt export writes it."""
    return (
        "".join(f"{name}  {time}\n{words}\n\n" for name, time, words in CALL)
        + "Transcribed by https://otter.ai\n"
    )


def turns_of(t: Transcript) -> list[tuple[str, float | None, str]]:
    return [(turn.speaker, turn.start, " ".join(turn.text.split())) for turn in t.turns]


@pytest.fixture
def from_text(tmp_path: Path) -> list[tuple[str, float | None, str]]:
    path = tmp_path / "call.txt"
    path.write_text(otter_text(), encoding="utf-8")
    return turns_of(load_transcript(path))


def test_an_otter_word_export_reads_as_its_text_export(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Transcribed by otter.ai"
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_paragraph("Month-end interview")  # the export's title, before the first speaker
    for k, (name, time, words) in enumerate(CALL):
        document.add_paragraph(f"{name}  {time}")
        if k == 3:  # a turn that runs over a page break
            half = len(words) // 2
            cut = words.rfind(" ", 0, half)
            paragraph = document.add_paragraph(words[:cut])
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            document.add_paragraph(words[cut + 1 :])
        else:
            document.add_paragraph(words)
        document.add_paragraph("")
    document.add_paragraph("Transcribed by https://otter.ai")
    path = tmp_path / "call.docx"
    document.save(str(path))
    transcript = load_transcript(path)
    assert turns_of(transcript) == from_text
    assert any("Word document" in w for w in transcript.warnings)


def test_a_word_table_with_speaker_time_and_text_columns(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    document = docx.Document()
    document.add_paragraph("Transcript")
    table = document.add_table(rows=1, cols=3)
    for cell, heading in zip(table.rows[0].cells, ("Speaker", "Time", "Text"), strict=True):
        cell.text = heading
    for name, time, words in CALL:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = name, time, words
    path = tmp_path / "rev.docx"
    document.save(str(path))
    assert turns_of(load_transcript(path)) == from_text


def _clock(time: str) -> str:
    minutes, seconds = time.split(":")
    return f"00:{int(minutes):02d}:{seconds}"


def test_a_rev_word_export_with_the_label_on_its_own_line(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    document = docx.Document()
    document.add_paragraph("Interview transcript, exported from Rev")
    for name, time, words in CALL:
        document.add_paragraph(f"{name} ({_clock(time)}):")
        document.add_paragraph(words)
    path = tmp_path / "rev_layout.docx"
    document.save(str(path))
    assert turns_of(load_transcript(path)) == from_text


def test_a_meet_pdf_with_the_time_on_its_own_line(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    lines: list[str] = []
    for name, time, words in CALL:
        lines += [_clock(time), *_wrapped(f"{name}: {words}", 90), ""]
    path = tmp_path / "meet.pdf"
    _pdf([lines]).output(str(path))
    assert turns_of(load_transcript(path)) == from_text


def test_a_word_document_of_name_colon_lines(tmp_path: Path) -> None:
    document = docx.Document()
    for name, _, words in CALL:
        document.add_paragraph(f"{name}: {words}")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    transcript = load_transcript(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == [(n, w) for n, _, w in CALL]
    assert transcript.interviewers == ["Dana Whitfield"]


def _pdf(lines_per_page: list[list[str]], *, header: str | None = None, two_columns: bool = False) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(lines_per_page, start=1):
        pdf.add_page()
        if header:
            pdf.set_xy(15, 8)
            pdf.cell(0, 5, header)
        if two_columns:
            half = len(lines) // 2
            for column, chunk in ((15, lines[:half]), (112, lines[half:])):
                pdf.set_xy(column, 20)
                for line in chunk:
                    pdf.set_x(column)
                    pdf.cell(85, 5, line, new_x="LEFT", new_y="NEXT")
        else:
            pdf.set_xy(15, 20)
            for line in lines:
                pdf.set_x(15)
                pdf.cell(180, 5, line, new_x="LEFT", new_y="NEXT")
        pdf.set_xy(100, 285)
        pdf.cell(10, 5, f"{number}")
    return pdf


def _wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _otter_lines(width: int) -> list[str]:
    out: list[str] = []
    for name, time, words in CALL:
        out += [f"{name}  {time}", *_wrapped(words, width), ""]
    return out


def test_an_otter_pdf_over_pages_reads_as_its_text_export(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    lines = _otter_lines(90)
    cut = lines.index("Sam Ortiz  0:18") + 2  # the page breaks after the first line of that answer
    path = tmp_path / "call.pdf"
    _pdf([lines[:cut], lines[cut:]], header="Transcribed by otter.ai").output(str(path))
    transcript = load_transcript(path)
    assert turns_of(transcript) == from_text
    assert any("PDF (2 pages" in w for w in transcript.warnings)


def test_a_pdf_printed_in_two_columns_is_read_column_by_column(
    tmp_path: Path, from_text: list[tuple[str, float | None, str]]
) -> None:
    path = tmp_path / "columns.pdf"
    _pdf([_otter_lines(40)], two_columns=True).output(str(path))
    transcript = load_transcript(path)
    assert turns_of(transcript) == from_text
    assert any("in two columns" in w for w in transcript.warnings)


def _refused(path: Path, says: str) -> None:
    with pytest.raises(TranscriptError, match=says):
        load_transcript(path)
    proc = cli("critique", str(path))
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and str(path.name) in proc.stderr


def test_a_scanned_pdf_an_encrypted_one_and_damaged_files_exit_2_with_one_line(tmp_path: Path) -> None:
    scan = FPDF()
    scan.add_page()
    scan.rect(10, 10, 100, 150, style="F")  # a page image, no text layer
    scan.output(str(tmp_path / "scan.pdf"))
    _refused(tmp_path / "scan.pdf", "no text layer")

    locked = _pdf([_otter_lines(90)])
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.output(str(tmp_path / "locked.pdf"))
    _refused(tmp_path / "locked.pdf", "encrypted")

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    _refused(tmp_path / "broken.pdf", "not a readable PDF")

    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    (tmp_path / "broken.docx").write_bytes(good.read_bytes()[:300])
    _refused(tmp_path / "broken.docx", "damaged")

    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    _refused(tmp_path / "old.doc", "legacy Word")
