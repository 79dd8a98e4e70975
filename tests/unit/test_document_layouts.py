"""How a Word table or PDF pages become transcript lines (no files: the layout rules alone)."""

from __future__ import annotations

from pathlib import Path

from callcontent.batch import expand_inputs
from callcontent.documents import document_kind, is_page_furniture, table_lines, without_running_lines


def test_a_table_without_a_header_row_is_read_by_the_shape_of_its_columns() -> None:
    rows = [
        ["00:01", "Dana", "Thanks for joining, what was the close like before the switch?"],
        ["00:09", "Sam", "Six days of spreadsheets and late nights for the whole finance team."],
        ["00:20", "Dana", "What changed after the rollout in the spring?"],
        ["", "", "And how did the team take it?"],
        ["00:31", "Sam", "We close in two days now and everyone leaves on time."],
    ]
    found = table_lines(rows)
    assert found.transcript
    assert found.lines == [
        "Dana (00:01): Thanks for joining, what was the close like before the switch?",
        "Sam (00:09): Six days of spreadsheets and late nights for the whole finance team.",
        "Dana (00:20): What changed after the rollout in the spring?",
        "And how did the team take it?",  # a blank speaker cell continues the turn above
        "Sam (00:31): We close in two days now and everyone leaves on time.",
    ]


def test_a_table_that_is_not_a_transcript_stays_text() -> None:
    found = table_lines([["Revenue", "2024", "2025"], ["EMEA", "1.2m", "1.9m"], ["US", "3.1m", "3.4m"]])
    assert not found.transcript and found.lines[0] == "Revenue 2024 2025"


def test_running_headers_and_page_numbers_are_not_speech() -> None:
    pages = [
        ["Acme call - Confidential", "Dana  0:00", "Thanks for joining.", "Page 1 of 3"],
        [
            "Acme call - Confidential",
            "and the team stayed late.",
            "Sam  0:40",
            "It was rough.",
            "Page 2 of 3",
        ],
        ["Acme call - Confidential", "Dana  1:10", "Thank you, Sam.", "Page 3 of 3"],
    ]
    kept = [line for page in without_running_lines(pages) for line in page if not is_page_furniture(line)]
    assert "Acme call - Confidential" not in kept and not any(line.startswith("Page") for line in kept)
    assert kept[:3] == ["Dana  0:00", "Thanks for joining.", "and the team stayed late."]
    assert is_page_furniture("Transcribed by https://otter.ai") and is_page_furniture("- 12 -")
    assert not is_page_furniture("We cut 12 days to 2.")


def test_documents_are_known_by_their_first_bytes_and_batch_takes_them(tmp_path: Path) -> None:
    (tmp_path / "renamed.txt").write_bytes(b"%PDF-1.7\n...")
    (tmp_path / "notes.txt").write_text("Dana: hi\nSam: hello\n")
    assert document_kind(tmp_path / "renamed.txt") == "pdf"
    assert document_kind(tmp_path / "notes.txt") is None
    (tmp_path / "call.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "call.pdf").write_bytes(b"%PDF-1.7\n")
    names = {p.name for p in expand_inputs([str(tmp_path)])}
    assert {"call.docx", "call.pdf", "notes.txt"} <= names
