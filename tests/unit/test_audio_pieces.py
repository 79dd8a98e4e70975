"""The audio pieces that need no model: recognising a recording, words to speakers, turns and pauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcontent.audio import looks_like_recording
from callcontent.audio.speakers import Separation, by_channel, channel_labels, chunks_of, smooth
from callcontent.audio.timed import Word, separation_warnings, speaker_names, turns_of_words
from callcontent.batch import expand_inputs

HEADS = {
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    "mp3 (ID3)": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "mp3 (frame)": b"\xff\xfb\x90\x64\x00\x00\x00\x00",
    "m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00",
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00",
    "ogg": b"OggS\x00\x02\x00\x00\x00\x00",
    "flac": b"fLaC\x00\x00\x00\x22",
    "webm": b"\x1aE\xdf\xa3\x9fB\x86\x81",
}


@pytest.mark.parametrize("kind", sorted(HEADS))
def test_a_recording_is_known_by_its_first_bytes_not_its_name(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "no_extension"
    path.write_bytes(HEADS[kind] + bytes(32))
    assert looks_like_recording(path)


def test_a_transcript_is_not_a_recording(tmp_path: Path) -> None:
    for text in (
        "Jordan: hi\nPriya: hello\n",
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Jordan>hi",
        '{"turns": []}',
    ):
        path = tmp_path / "call.m4a"  # a misleading name changes nothing
        path.write_text(text)
        assert not looks_like_recording(path)
    assert not looks_like_recording(tmp_path / "missing.wav")


def test_each_word_goes_to_the_channel_whose_speech_covers_it() -> None:
    channels = [[(0.0, 2.0), (5.0, 6.0)], [(2.4, 4.6)]]
    words = [(0.1, 0.5), (1.5, 2.1), (2.5, 3.0), (4.5, 4.9), (5.2, 5.6), (7.0, 7.2)]
    # The word at 4.5-4.9 overlaps channel 1's speech more; the one at 7.0 is nearest channel 0's.
    assert by_channel(words, channels) == [0, 0, 1, 1, 0, 0]


def test_a_lone_word_between_two_of_another_speaker_is_theirs() -> None:
    assert smooth([0, 0, 1, 0, 0, 1, 1, 0, 1, 1]) == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]


def test_speech_is_cut_into_voice_print_pieces_without_slivers() -> None:
    pieces = chunks_of([(0.0, 3.2), (4.0, 4.3), (5.0, 5.7)])
    assert pieces == [(0.0, 1.5), (1.5, 3.2), (5.0, 5.7)]


def test_turns_take_their_edges_from_the_speakers_speech_and_measure_the_pause() -> None:
    words = [Word(0.55, 0.9, "How"), Word(0.9, 1.3, "was"), Word(1.3, 1.8, "it?"), Word(3.1, 3.6, "Good.")]
    spans = [[(0.5, 1.9)], [(3.0, 3.7)]]
    turns = turns_of_words(words, [0, 0, 0, 1], spans, ["Jordan", "Priya"])
    assert [(t["speaker"], t["start"], t["end"], t["text"]) for t in turns] == [
        ("Jordan", 0.5, 1.9, "How was it?"),
        ("Priya", 3.0, 3.7, "Good."),
    ]
    assert turns[0]["pause_before_s"] is None and turns[1]["pause_before_s"] == pytest.approx(1.1)


def test_a_turn_never_reaches_back_over_the_previous_speakers_words() -> None:
    # One stretch of mix speech holds both people (no pause between them): the words' own times stand.
    words = [Word(0.5, 1.0, "Right."), Word(1.05, 1.6, "Yes.")]
    spans = [[(0.4, 1.7)], [(0.4, 1.7)]]
    turns = turns_of_words(words, [0, 1], spans, ["A", "B"])
    assert turns[1]["start"] == 1.05 and turns[1]["pause_before_s"] == pytest.approx(0.0, abs=0.06)


def test_names_follow_first_words_in_a_mix_and_channel_order_per_person() -> None:
    assert speaker_names([1, 1, 0], 2, ["Jordan", "Priya"], per_person=False) == ["Priya", "Jordan"]
    assert speaker_names([1, 1, 0], 2, ["Jordan", "Priya"], per_person=True) == ["Jordan", "Priya"]
    assert speaker_names([0, 1], 2, None, per_person=False) == ["Speaker 1", "Speaker 2"]


def test_separation_says_when_it_is_unsure_and_when_there_is_no_second_voice() -> None:
    assert not Separation("voices", 0.38, 1.0).uncertain
    assert Separation("voices", 0.13, 0.6).uncertain and not Separation("voices", 0.13, 0.75).one_voice
    assert Separation("voices", 0.14, 0.5).one_voice
    assert not Separation("channels", None).uncertain and not Separation("channels", None).one_voice
    timed = {"speakers": {"uncertain": True, "separation": 0.13}}
    assert "hard to tell apart" in separation_warnings(timed)[0]


def test_a_batch_folder_takes_recordings_by_content_and_not_their_transcripts_twice(tmp_path: Path) -> None:
    (tmp_path / "call.m4a").write_bytes(HEADS["m4a"] + bytes(32))
    (tmp_path / "call.m4a.transcript.json").write_text('{"turns": []}')
    (tmp_path / "zoom_export").write_bytes(HEADS["wav"] + bytes(32))  # no extension
    (tmp_path / "notes.txt").write_text("Jordan: hi\nPriya: hello\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    assert [p.name for p in expand_inputs([str(tmp_path)])] == ["call.m4a", "notes.txt", "zoom_export"]


def test_a_soft_onset_the_vad_heard_late_is_found_by_its_energy() -> None:
    import numpy as np

    from callcontent.audio.speech import refined_edges

    rng = np.random.default_rng(1)
    signal = rng.normal(0, 0.0005, 16_000 * 4).astype(np.float32)  # a quiet room
    signal[16_000 : 16_000 + 4_000] += rng.normal(0, 0.02, 4_000).astype(np.float32)  # an "h" from 1.0 s
    signal[20_000:40_000] += 0.3 * np.sin(np.arange(20_000) / 8).astype(np.float32)  # the vowel, to 2.5 s
    start, end = refined_edges(signal, (1.25, 2.55))  # the VAD: late onset, padded end
    assert abs(start - 1.0) <= 0.02 and abs(end - 2.5) <= 0.02


def test_a_one_word_answer_on_its_own_channel_is_a_turn_not_a_stray() -> None:
    # "Did it help? / Yes. / What did you look at?": the "Yes" sits between two of the interviewer's words.
    words = [(10.0, 10.4), (10.5, 10.9), (11.6, 11.9), (12.8, 13.1), (13.2, 13.5)]
    interviewer = [(9.9, 11.0), (12.7, 13.6)]
    customer = [(11.55, 11.95)]
    assert channel_labels(words, [interviewer, customer]) == [0, 0, 1, 0, 0]
    # A word both channels heard (cross-talk) is still smoothed into the turn around it.
    assert channel_labels(words, [[(9.9, 13.6)], customer]) == [0, 0, 0, 0, 0]
