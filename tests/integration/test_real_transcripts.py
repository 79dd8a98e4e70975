"""The real exports in ../shared/data/transcripts: speakers, turn counts and talk shares checked by hand."""

from __future__ import annotations

import pytest

from callcontent.critique import critique_transcript
from callcontent.ingest import load_transcript
from tests.conftest import SHARED_TRANSCRIPTS, shared_or_skip

# file: (format, turns, interviewer, customers, interviewer word share) — the counts were taken from the
# files by hand (speaker header lines, merging a speaker's consecutive paragraphs; awk word counts per
# speaker agree with the share to within half a point).
EXPECTED = {
    "summ_podcast_aquadocs_claire_simeon.txt": ("otter", 42, "Michelle Greenfield", ["Claire Simeon"], 0.186),
    "changelog_founders-talk-68.md": ("markdown", 78, "Adam Stacoviak", ["Mike McDerment"], 0.245),
    "mlqual_interview_31.txt": ("plain", 87, "Interviewer 1", ["Interviewee"], 0.338),
    "ensemble_study_P10.txt": ("otter", 66, "A1", ["P10", "Speaker 1"], 0.423),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_transcript_parses_with_the_right_speakers(name: str) -> None:
    path = shared_or_skip(SHARED_TRANSCRIPTS / name)
    fmt, turns, interviewer, customers, share = EXPECTED[name]
    t = load_transcript(path)
    assert t.format == fmt
    assert len(t.turns) == turns
    assert t.interviewers == [interviewer]
    assert sorted(t.customers) == sorted(customers)
    c = critique_transcript(t)
    assert c.interviewer == interviewer
    assert c.metrics.interviewer_word_share == pytest.approx(share, abs=0.005)
    assert 0 <= c.score <= 100
    for f in c.findings:
        assert f.turn is None or 0 <= f.turn < len(t.turns)


def test_otter_footer_and_break_markers_are_not_text() -> None:
    otter = load_transcript(shared_or_skip(SHARED_TRANSCRIPTS / "ensemble_study_P10.txt"))
    assert "otter.ai" not in otter.turns[-1].text
    md = load_transcript(shared_or_skip(SHARED_TRANSCRIPTS / "changelog_founders-talk-68.md"))
    assert "Break" not in {turn.speaker for turn in md.turns}
    assert not any("\\[" in turn.text for turn in md.turns)
    assert md.duration_s is not None and md.duration_s > 20 * 60
