"""Property test of the parsers: any bytes give a valid transcript or one clear TranscriptError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcontent.errors import TranscriptError
from callcontent.ingest import decode_bytes, parse_text
from callcontent.transcript import Transcript

NAMES = st.sampled_from(["Dana", "Sam", "Interviewer", "Guest", "PM (Sarah)", "PM", "Speaker 1", "", "::"])
LINE_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


def check(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
        transcript = parse_text(text)
    except TranscriptError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
        return
    assert isinstance(transcript, Transcript) and len({t.speaker for t in transcript.turns}) >= 2
    assert [t.index for t in transcript.turns] == list(range(len(transcript.turns)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, LINE_TEXT), max_size=12), st.sampled_from(["plain", "md", "otter", "vtt"]))
def test_transcript_shaped_text(lines: list[tuple[str, str]], shape: str) -> None:
    if shape == "plain":
        text = "\n".join(f"{n}: {t}" for n, t in lines)
    elif shape == "md":
        text = "\n\n".join(f"**{n}:** {t}" for n, t in lines)
    elif shape == "otter":
        text = "\n\n".join(f"{n}  0:{i:02d}\n{t}" for i, (n, t) in enumerate(lines))
    else:
        text = "WEBVTT\n\n" + "\n\n".join(
            f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\n<v {n}>{t}</v>" for i, (n, t) in enumerate(lines)
        )
    check(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_any_json(value: object) -> None:
    check(json.dumps(value).encode())
