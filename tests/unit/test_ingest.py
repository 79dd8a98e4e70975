from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcontent.errors import TranscriptError
from callcontent.ingest import detect_format, load_transcript, parse_text

# One short interview, written out in every supported format below.
TURNS = [
    ("Dana Lee", 1.0, 4.5, "Thanks for joining. Do you mind if I record this?"),
    ("Sam Ortiz", 5.0, 7.0, "Sure, go ahead."),
    ("Dana Lee", 8.0, 11.0, "What was your situation like before you found us?"),
    ("Sam Ortiz", 12.0, 30.0, "Hectic. Two of us spent 20 hours a week retyping supplier invoices."),
]


def _ts(seconds: float, sep: str = ".") -> str:
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}".replace(".", sep)


def as_otter() -> str:
    return "\n\n".join(f"{n}  {int(s // 60)}:{int(s % 60):02d}  \n{t}" for n, s, _, t in TURNS) + (
        "\n\nTranscribed by https://otter.ai\n"
    )


def as_vtt_voice() -> str:
    cues = [f"{_ts(s)} --> {_ts(e)}\n<v {n}>{t}</v>" for n, s, e, t in TURNS]
    return "WEBVTT\n\nNOTE exported by Teams\n\n" + "\n\n".join(cues) + "\n"


def as_vtt_colon() -> str:
    cues = [f"{i + 1}\n{_ts(s)} --> {_ts(e)}\n{n}: {t}" for i, (n, s, e, t) in enumerate(TURNS)]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def as_srt() -> str:
    cues = [f"{i + 1}\n{_ts(s, ',')} --> {_ts(e, ',')}\n{n}: {t}" for i, (n, s, e, t) in enumerate(TURNS)]
    return "\n\n".join(cues) + "\n"


def as_markdown() -> str:
    return "# Episode 12\n\n" + "\n\n".join(
        f"**{n}:** \\[{int(s // 60):02d}:{int(s % 60):02d}\\] {t}" for n, s, _, t in TURNS
    )


def as_plain() -> str:
    return "\n".join(f"{n}: {t}" for n, _, _, t in TURNS)


def as_json() -> str:
    return json.dumps([{"speaker": n, "start": s, "end": e, "text": t} for n, s, e, t in TURNS])


def as_assemblyai() -> str:
    utterances = [
        {"speaker": "AB"[i % 2], "start": int(s * 1000), "end": int(e * 1000), "text": t, "confidence": 0.9}
        for i, (_, s, e, t) in enumerate(TURNS)
    ]
    return json.dumps({"id": "abc", "status": "completed", "text": "...", "utterances": utterances})


@pytest.mark.parametrize(
    ("render", "fmt", "timed"),
    [
        (as_otter, "otter", "start"),
        (as_vtt_voice, "webvtt", "both"),
        (as_vtt_colon, "webvtt", "both"),
        (as_srt, "srt", "both"),
        (as_markdown, "markdown", "start"),
        (as_plain, "plain", "none"),
        (as_json, "json", "both"),
        (as_assemblyai, "assemblyai_json", "both"),
    ],
)
def test_every_format_gives_the_same_turns(render, fmt, timed) -> None:  # type: ignore[no-untyped-def]
    text = render()
    assert detect_format(text) == fmt
    t = parse_text(text)
    assert t.format == fmt
    assert [turn.text for turn in t.turns] == [x[3] for x in TURNS]
    assert [turn.index for turn in t.turns] == [0, 1, 2, 3]
    if fmt != "assemblyai_json":
        assert [turn.speaker for turn in t.turns] == [x[0] for x in TURNS]
    else:
        assert [turn.speaker for turn in t.turns] == ["Speaker A", "Speaker B"] * 2
    if timed == "none":
        assert all(turn.start is None for turn in t.turns) and t.duration_s is None
    else:
        assert [turn.start for turn in t.turns] == pytest.approx([x[1] for x in TURNS], abs=1)
    if timed == "both":
        assert [turn.end for turn in t.turns] == pytest.approx([x[2] for x in TURNS], abs=0.01)
        assert all(turn.end_measured for turn in t.turns)
    assert t.speakers[0].role == "interviewer" and t.speakers[1].role == "customer"


def test_consecutive_cues_of_one_speaker_merge_into_one_turn() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>How did the rollout go?</v>\n\n"
        "00:00:03.000 --> 00:00:05.000\n<v Bo>It went well.</v>\n\n"
        "00:00:05.000 --> 00:00:09.500\n<v Bo>We moved <c.yellow>forty</c> teams in a week.</v>\n\n"
        "00:00:10.000 --> 00:00:11.000\n<v Ann>What was the hardest part?</v>\n"
    )
    t = parse_text(vtt)
    assert len(t.turns) == 3
    assert t.turns[1].text == "It went well. We moved forty teams in a week."
    assert (t.turns[1].start, t.turns[1].end) == (3.0, 9.5)


def test_zoom_vtt_continuation_cue_without_label_keeps_the_speaker() -> None:
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnn: How did it go?\n\n"
        "2\n00:00:03.000 --> 00:00:05.000\nBo: Well, honestly\n\n"
        "3\n00:00:05.000 --> 00:00:07.000\nbetter than we hoped.\n"
    )
    t = parse_text(vtt)
    assert [x.speaker for x in t.turns] == ["Ann", "Bo"]
    assert t.turns[1].text == "Well, honestly better than we hoped."


def test_markdown_markers_without_words_are_not_turns_and_paragraphs_continue() -> None:
    md = (
        "**Host:** Welcome. How did you start?\n\n**Guest:** By accident.\n\n"
        "It snowballed from there.\n\n**Break:** \\[25:09\\]\n\n**Host:** \\[25:30\\] What came next?\n"
    )
    t = parse_text(md)
    assert [x.speaker for x in t.turns] == ["Host", "Guest", "Host"]
    assert t.turns[1].text == "By accident. It snowballed from there."
    assert t.turns[2].start == 25 * 60 + 30


def test_otter_hour_stamps_and_bracketed_lines_stay_in_the_turn() -> None:
    otter = (
        "A1  59:58  \nSo what happened next?\n\n[crosstalk]\n\nAnd then?\n\n"
        "P10  1:00:04  \nWe shipped it.\n\nA1  1:00:10  \nHow did that feel?\n"
    )
    t = parse_text(otter)
    assert [x.start for x in t.turns] == [3598, 3604, 3610]
    assert t.turns[0].text == "So what happened next? [crosstalk] And then?"
    assert t.turns[0].end == 3604 and not t.turns[0].end_measured


def test_plain_one_off_label_is_text_not_a_speaker() -> None:
    text = "Ann: How did it go?\nBo: Well.\nNote: the numbers were checked later.\nAnn: Why?\nBo: Because.\n"
    t = parse_text(text)
    assert [x.speaker for x in t.turns] == ["Ann", "Bo", "Ann", "Bo"]
    assert t.turns[1].text == "Well. Note: the numbers were checked later."


def test_plain_with_timestamps() -> None:
    text = "[00:01] Ann: How did it go?\n[00:09] Bo: Well.\nAnn (00:15): Why?\nBo (00:20): Because.\n"
    t = parse_text(text)
    assert [x.start for x in t.turns] == [1, 9, 15, 20]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Just a paragraph of prose with no speakers at all.\n", "unrecognised transcript format"),
        (b"Ann: hello there\nAnn: anyone?\n", "only one speaker"),
        (b'[{"speaker": "A"}]', "malformed json"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    f = tmp_path / "input.txt"
    f.write_bytes(content)
    with pytest.raises(TranscriptError) as info:
        load_transcript(f)
    assert str(info.value).startswith(str(f) + ": ")
    assert problem in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="file not found"):
        load_transcript(tmp_path / "nope.vtt")
    with pytest.raises(TranscriptError, match="is a directory"):
        load_transcript(tmp_path)


def test_non_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes(
        "Ann: Qu'est-ce qui a changé pour vous, à Noël?\nBo: Tout a changé, c'était génial.\n".encode(
            "cp1252"
        )
    )
    t = load_transcript(f)
    assert "changé" in t.turns[0].text
    assert t.warnings and "not valid UTF-8" in t.warnings[0]


def test_a_200000_word_transcript_parses(tmp_path: Path) -> None:
    block = as_plain() + "\n"
    words_per_block = sum(len(x[3].split()) for x in TURNS)
    f = tmp_path / "long.txt"
    f.write_text(block * (200_000 // words_per_block + 1))
    t = load_transcript(f)
    assert t.words >= 200_000
    assert len(t.turns) == 4 * (200_000 // words_per_block + 1)


def test_windows_cp1252_is_read_as_cp1252_not_guessed(tmp_path: Path) -> None:
    text = "Dana: What changed?\nSam: It’s great — we saved €3,000 a month and the café team noticed.\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    transcript = load_transcript(path)
    assert transcript.turns[1].text == "It’s great — we saved €3,000 a month and the café team noticed."
    assert any("cp1252" in w for w in transcript.warnings)


def test_garbled_text_is_never_a_verified_quote() -> None:
    from callcontent.verify import locate_quote

    garbled = "It’s great, we saved a lot of time every month.".encode().decode("mac_roman")
    transcript = parse_text(f"Dana: What changed?\nSam: {garbled}\nDana: How so?\nSam: Fewer late nights.\n")
    check = locate_quote(transcript, garbled)
    assert not check.verified and "garbled" in check.reason


def test_mostly_undecodable_bytes_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(b"Dana: hi\nSam: " + bytes(range(0x80, 0x100)) * 40 + b"\n")
    with pytest.raises(TranscriptError):
        load_transcript(path)


def test_timestamps_that_go_back_are_a_warning_naming_the_turn() -> None:
    text = (
        "Dana  0:10\nHow did it go?\n\nSam  0:20\nWell, it went fine.\n\n"
        "Dana  0:05\nWhat changed?\n\nSam  0:40\nEverything changed.\n"
    )
    transcript = parse_text(text)
    assert transcript.warnings == [
        "timestamps go back at turn 2 (0:05 after 0:20); pauses and durations around it are unreliable"
    ]
    in_order = text.replace("Dana  0:05", "Dana  0:30")
    assert parse_text(in_order).warnings == []
