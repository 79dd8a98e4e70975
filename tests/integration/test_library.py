"""The case-study library with real Chroma in temporary folders (and a real `chroma run` server)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_library import PEAK_AT_EXIT, five_megabyte_story, peak_mb_of
from callcontent.ingest import load_transcript
from callcontent.store.library import MAX_CHUNKS_PER_STORY, Library, read_document
from callcontent.store.retrieval import retrieve_for, transcript_gist
from tests.conftest import FIXTURES, SHARED_CASE_STUDIES, cli, shared_or_skip

STORY = """---
title: Billing without the fire drill
customer: Brightline Freight
industry: Logistics
date: 2026-05-01
url: https://example.com/brightline
---
# Billing without the fire drill

## Challenge

Brightline's finance team retyped every load into the accounting package.

## Results

“We closed the month in two days instead of six,” says the controller.
"""


@pytest.fixture(scope="module")
def real_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = shared_or_skip(SHARED_CASE_STUDIES)
    lib = Library(tmp_path_factory.mktemp("lib"))
    files = sorted(p for p in folder.iterdir() if p.name != "SOURCES.md")
    report = lib.add_paths(files)
    assert not report.failed and len(report.added) == len(files) >= 50
    return lib


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("real-time messaging at scale", "discord"),
        ("farming robots embedded hardware", "farmbot"),
        ("payments and rewards at a credit card company", "american express"),
        ("travel booking API for flights", "duffel"),
        ("speech recognition API company analytics", "assemblyai"),
    ],
)
def test_sensible_queries_find_the_right_story(real_library: Library, query: str, expected: str) -> None:
    hits = real_library.search(query, k=3)
    assert hits and expected in (str(hits[0]["title"]) + str(hits[0]["source"])).lower(), [
        h["title"] for h in hits
    ]
    assert hits[0]["outline"] is not None and hits[0]["excerpt"]


def test_re_adding_unchanged_files_is_a_no_op(real_library: Library) -> None:
    before = real_library.collection.count()
    files = sorted(p for p in SHARED_CASE_STUDIES.iterdir() if p.name != "SOURCES.md")
    report = real_library.add_paths(files[:5])
    assert len(report.unchanged) == 5 and not report.added and not report.replaced
    assert real_library.collection.count() == before


def test_front_matter_and_changed_file_replacement(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib")
    story = tmp_path / "brightline.md"
    story.write_text(STORY)
    assert lib.add_paths([story]).added == [str(story.resolve())]
    docs = lib.documents()
    assert docs[0]["customer"] == "Brightline Freight" and docs[0]["industry"] == "Logistics"
    old_ids = set(lib.collection.get()["ids"])
    story.write_text(STORY.replace("two days instead of six", "three days instead of six"))
    assert lib.add_paths([story]).replaced == [str(story.resolve())]
    new = lib.collection.get(include=["documents"])
    assert not old_ids & set(new["ids"])  # old chunks gone
    assert any("three days" in d for d in new["documents"]) and not any(
        "two days" in d for d in new["documents"]
    )
    assert lib.remove(docs[0]["doc_id"]) > 0 and lib.collection.count() == 0


def test_every_format_and_unreadable_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.mdx").write_text(
        "import X from 'y'\n# MDX story\n\n<Callout>Teams ship faster.</Callout>\n"
    )
    (tmp_path / "b.adoc").write_text("= AsciiDoc story\n:customer: Acme\n\n== Challenge\n\nSlow builds.\n")
    (tmp_path / "c.html").write_text(
        "<html><title>HTML story</title><body><h2>Results</h2><p>Fast.</p></body></html>"
    )
    (tmp_path / "d.txt").write_text("Plain text story about invoices.\n")
    (tmp_path / "e.md").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "f.md").write_bytes("caf\xe9 latin-1".encode("latin-1"))
    lib = Library(tmp_path / "lib")
    report = lib.add_paths([tmp_path])
    assert sorted(Path(p).name for p in report.added) == ["a.mdx", "b.adoc", "c.html", "d.txt"]
    assert sorted((Path(p).name, why) for p, why in report.failed) == [
        ("e.md", "binary file"),
        ("f.md", "not UTF-8 text"),
    ]
    titles = {d["title"] for d in lib.documents()}
    assert titles == {"MDX story", "AsciiDoc story", "HTML story", "D"}
    assert read_document(tmp_path / "b.adoc").metadata["customer"] == "Acme"


def test_reopened_collection_keeps_working_offline(tmp_path: Path) -> None:
    story = tmp_path / "s.md"
    story.write_text(STORY)
    Library(tmp_path / "lib").add_paths([story])
    code = (
        "import sys; from callcontent.store.library import Library; "
        f"hits = Library({str(tmp_path / 'lib')!r}).search('month-end close for a freight company', k=1); "
        "print(hits[0]['title'])"
    )
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Billing without the fire drill"


def test_retrieval_for_the_pipeline_gist_and_published_quotes(tmp_path: Path) -> None:
    story = tmp_path / "s.md"
    story.write_text(STORY.replace("Brightline Freight", "Priya Nair"))
    lib_dir = tmp_path / "lib"
    Library(lib_dir).add_paths([story])
    transcript = load_transcript(Path(__file__).resolve().parents[2] / "examples" / "sample_interview.txt")
    gist = transcript_gist(transcript)
    assert "freight" in gist.lower()
    got = retrieve_for(transcript, str(lib_dir))
    assert got["status"] == "ok" and got["case_studies"][0]["title"] == "Billing without the fire drill"
    assert got["published_quotes"] == [
        {"text": "We closed the month in two days instead of six,", "title": "Billing without the fire drill"}
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_server_mode_against_a_real_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    story = tmp_path / "s.md"
    story.write_text(STORY)
    Library(url=chroma_server).add_paths([story])
    again = Library(url=chroma_server)  # a second client, as a teammate would open it
    assert again.location == chroma_server
    assert again.search("freight billing", k=1)[0]["title"] == "Billing without the fire drill"


def test_approval_records_and_indexes_only_approved_drafts(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    lib_dir = tmp_path / "lib"
    transcript = str(FIXTURES / "transcripts" / "good_interview.txt")
    proc = cli("run", transcript, "--model", "none", "--out", str(run_dir), "--library", str(lib_dir))
    assert proc.returncode == 0, proc.stderr
    assert not lib_dir.exists() or Library(lib_dir).collection.count() == 0  # a draft is never indexed
    proc = cli("approve", str(run_dir), "--by", "Sam (customer)", "--library", str(lib_dir))
    assert proc.returncode == 0, proc.stderr
    record = json.loads((run_dir / "approval.json").read_text())
    assert record["approved_by"] == "Sam (customer)" and "drafts/case_study.md" in record["files_sha256"]
    docs = Library(lib_dir).documents()
    assert len(docs) == 1 and docs[0]["approved_by"] == "Sam (customer)" and docs[0]["customer"] == "Sam"


def test_approve_refuses_an_uncleared_or_malformed_run_unless_forced(tmp_path: Path) -> None:
    run = tmp_path / "run"
    library = str(tmp_path / "lib")
    transcript = str(FIXTURES / "transcripts" / "good_interview.txt")
    assert cli("run", transcript, "--model", "none", "--out", str(run), "--library", library).returncode == 0
    result = json.loads((run / "result.json").read_text())
    result["review"]["passed"] = False  # as a run whose drafts review did not clear
    (run / "result.json").write_text(json.dumps(result))
    refused = cli("approve", str(run), "--by", "Ana", "--library", library)
    assert (
        refused.returncode == 2 and "not cleared" in refused.stderr and not (run / "approval.json").exists()
    )
    forced = cli("approve", str(run), "--by", "Ana", "--library", library, "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads((run / "approval.json").read_text())["forced"] is True
    for broken in ("[1]", '{"review": [], "quotes": []}', "NaN", '{"review": {}, "quotes": [{"text": 1}]}'):
        (run / "result.json").write_text(broken)
        proc = cli("approve", str(run), "--by", "Ana", "--library", library, "--force")
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, broken


def test_library_search_refuses_k_zero(tmp_path: Path) -> None:
    proc = cli("library", "search", "payroll", "-k", "0", "--library", str(tmp_path / "lib"))
    assert proc.returncode == 2


def test_the_same_story_at_a_second_path_is_reported_as_a_duplicate(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "copy-of-a.md"
    first.write_text(STORY)
    second.write_text(STORY)
    library = str(tmp_path / "lib")
    assert cli("library", "add", str(first), "--library", library).returncode == 0
    proc = cli("library", "add", str(second), "--library", library)
    assert proc.returncode == 0, proc.stderr
    assert "0 added" in proc.stdout and "1 duplicate" in proc.stdout
    assert f"same text as {first.resolve()}" in " ".join(proc.stderr.split())
    listed = json.loads(cli("library", "list", "--json", "--library", library).stdout)
    assert [d["source"] for d in listed] == [str(first.resolve())]


@pytest.mark.parametrize("damage", ["empty", "garbage", "cut"])
def test_a_damaged_store_is_an_error_naming_the_file_not_an_empty_library(
    tmp_path: Path, damage: str
) -> None:
    story = tmp_path / "a.md"
    story.write_text(STORY)
    library = tmp_path / "lib"
    assert cli("library", "add", str(story), "--library", str(library)).returncode == 0
    database = library / "chroma.sqlite3"
    whole = database.read_bytes()
    database.write_bytes(
        {"empty": b"", "garbage": b"not a database at all " * 100, "cut": whole[:8192]}[damage]
    )
    for command in (["library", "list"], ["library", "search", "billing"]):
        proc = cli(*command, "--library", str(library))
        assert proc.returncode == 2, (command, proc.stdout)
        assert str(database) in proc.stderr and "damaged" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert database.stat().st_size == {"empty": 0, "garbage": 2200, "cut": 8192}[damage]  # left as found


def test_a_five_megabyte_story_is_embedded_in_bounded_chunks_and_memory(tmp_path: Path) -> None:
    story = five_megabyte_story(tmp_path / "long.md")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_AT_EXIT,
            "library",
            "add",
            str(story),
            "--library",
            str(tmp_path / "lib"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout
    chunks = int(re.search(r"(\d+) chunks", proc.stdout).group(1))  # type: ignore[union-attr]
    assert 300 <= chunks <= MAX_CHUNKS_PER_STORY
    assert peak_mb_of(proc.stderr) < 300
    hits = Library(tmp_path / "lib").search("term17 term230", k=1)
    assert hits and hits[0]["source"] == str(story.resolve())


def test_a_long_story_reports_its_chunks_as_they_are_stored(tmp_path: Path) -> None:
    paragraphs = "\n\n".join(f"Paragraph {i} " + "word " * 300 for i in range(100))
    story = tmp_path / "long.md"
    story.write_text("# Long\n\n" + paragraphs)
    seen: list[tuple[int, int]] = []
    report = Library(tmp_path / "lib").add_paths([story], on_chunks=lambda d, t: seen.append((d, t)))
    assert report.chunks == 100 and seen == [(32, 100), (64, 100), (96, 100), (100, 100)]
