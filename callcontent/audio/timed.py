"""A recording into a timed transcript: words from Whisper, speakers, turns, and the pause before each turn.

The result is the project's JSON transcript shape (`{"turns": [{speaker, text, start, end}]}`) plus
`pause_before_s` on each turn and a header saying how it was made, so `run`, `critique` and `batch` read
it like any transcript, and the critique's silence findings and patience metric use measured gaps.
Transcripts are cached by the recording's content and the settings that shape them: a batch retried
after a model outage does not transcribe the same hour twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcontent.audio.recording import (
    SAMPLE_RATE,
    AudioError,
    Recording,
    SpeechToTextUnavailable,
    read_recording,
)
from callcontent.audio.speakers import Separation, by_voice, channel_labels, smooth
from callcontent.audio.speech import Span, nearest_span, refined_edges, speech_spans, windows_at_silences
from callcontent.files import write_atomic
from callcontent.llm.errors import plain_error
from callcontent.settings import Settings, load_settings
from callcontent.weights import sha256_of

if TYPE_CHECKING:
    from callcontent.audio.recording import Samples

GENERATOR = "callcontent transcribe"
Progress = Callable[[float, float], None]
"""Called with (seconds transcribed, seconds in all)."""


@dataclass
class Word:
    """One recognised word and when it was said."""

    start: float
    end: float
    text: str

    @property
    def span(self) -> Span:
        """(start, end) in seconds."""
        return self.start, self.end


def load_speech_model(settings: Settings) -> Any:
    """The pinned Whisper model (CTranslate2, int8 on the CPU), joined and checked on first use."""
    from faster_whisper import WhisperModel

    from callcontent.audio.asr_weights import ensure_model_dir

    return WhisperModel(
        str(ensure_model_dir()),
        device="cpu",
        compute_type="int8",
        cpu_threads=settings.local_threads or (os.cpu_count() or 2),
    )


def recognise_piece(
    model: Any, samples: Samples, offset_s: float, settings: Settings, language: str | None
) -> tuple[list[Word], str | None]:
    """The words of one piece of audio that starts `offset_s` into the call, and the language heard."""
    from faster_whisper.vad import VadOptions

    segments, info = model.transcribe(
        samples,
        language=language,
        beam_size=settings.asr_beam_size,
        word_timestamps=True,
        # Silence is skipped (no words invented in it) and each piece decoded on its own, so a long
        # call cannot fall into repeating itself.
        vad_filter=True,
        vad_parameters=VadOptions(min_silence_duration_ms=500),
        condition_on_previous_text=False,
    )
    words = [
        Word(offset_s + w.start, offset_s + w.end, w.word.strip())
        for segment in segments
        for w in segment.words or []
        if w.word.strip()
    ]
    return words, language or info.language


def _recognise_locally(
    mix: Samples, spans: list[Span], settings: Settings, on_progress: Progress | None
) -> list[Word]:
    """Words from the pinned Whisper model, window by window (an hour at once took 3.5 GB; this ~1 GB)."""
    model = load_speech_model(settings)
    duration = len(mix) / SAMPLE_RATE
    language = settings.asr_language  # detected once, on the first window, where not set
    words: list[Word] = []
    for start, end in windows_at_silences(spans, duration):
        piece, language = recognise_piece(
            model, mix[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)], start, settings, language
        )
        words += piece
        if on_progress:
            on_progress(min(piece[-1].end if piece else end, duration), duration)
    return words


def _recognise_at_endpoint(recording: Recording, settings: Settings) -> list[Word]:
    """Words from an OpenAI-compatible /audio/transcriptions endpoint (the mix sent as 16 kHz WAV)."""
    import wave

    import numpy as np
    from openai import OpenAI, OpenAIError, omit

    pcm = (np.clip(recording.mix(), -1.0, 1.0) * 32767).astype("<i2").tobytes()
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        with wave.open(tmp.name, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16_000)
            out.writeframes(pcm)
        key = settings.openai_api_key
        client = OpenAI(
            base_url=settings.openai_base_url,
            api_key=key.get_secret_value() if key else "not-needed",
            timeout=settings.timeout_s,
        )
        try:
            with open(tmp.name, "rb") as fh:
                reply = client.audio.transcriptions.create(
                    model=settings.asr_model.removeprefix("openai:"),
                    file=fh,
                    response_format="verbose_json",
                    timestamp_granularities=["word"],
                    language=settings.asr_language or omit,
                )
        except OpenAIError as exc:
            raise SpeechToTextUnavailable(
                f"transcription: {plain_error(exc, str(client.base_url))}"
            ) from None
    words = getattr(reply, "words", None) or []
    return [Word(float(w.start), float(w.end), str(w.word).strip()) for w in words if str(w.word).strip()]


def _speakers(
    recording: Recording, mix: Samples, mix_spans: list[Span], words: list[Word], people: int
) -> tuple[list[int], list[list[Span]], Separation]:
    """Each word's speaker index, each speaker's speech spans, and how they were told apart."""
    if recording.per_person:
        spans = [speech_spans(channel) for channel in recording.channels]
        return channel_labels([w.span for w in words], spans), spans, Separation("channels", None)
    labels, separation = by_voice(mix, mix_spans, [w.span for w in words], people)
    return smooth(labels), [mix_spans] * max(people, 1), separation


def turns_of_words(
    words: list[Word],
    labels: list[int],
    spans: list[list[Span]],
    names: list[str],
    signals: list[Samples] | None = None,
) -> list[dict[str, Any]]:
    """Consecutive words of one speaker as a turn, its edges from that speaker's speech (VAD, then energy)."""
    groups: list[tuple[int, list[Word]]] = []
    for word, label in zip(words, labels, strict=True):
        if groups and groups[-1][0] == label:
            groups[-1][1].append(word)
        else:
            groups.append((label, [word]))
    turns: list[dict[str, Any]] = []
    for i, (label, group) in enumerate(groups):
        own = spans[label]
        first, last = nearest_span(own, group[0].span), nearest_span(own, group[-1].span)
        start = own[first][0] if first is not None else group[0].start
        end = own[last][1] if last is not None else group[-1].end
        if signals is not None and first is not None and last is not None:
            start = refined_edges(signals[label], own[first])[0]
            end = refined_edges(signals[label], own[last])[1]
        # Never reach back over the previous turn's words, or forward over the next one's.
        previous_end = groups[i - 1][1][-1].end if i else 0.0
        next_start = groups[i + 1][1][0].start if i + 1 < len(groups) else end
        start = start if start >= previous_end - 0.05 else group[0].start
        end = end if end <= next_start + 0.05 else group[-1].end
        if turns and start < turns[-1]["end"]:
            start = turns[-1]["end"]
        turns.append(
            {
                "speaker": names[label],
                "start": round(start, 2),
                "end": round(max(end, start), 2),
                "pause_before_s": round(start - turns[-1]["end"], 2) if turns else None,
                "text": " ".join(w.text for w in group),
            }
        )
    return turns


def speaker_names(labels: list[int], people: int, given: list[str] | None, per_person: bool) -> list[str]:
    """A name per speaker index: given names in channel order (or order of first words), else Speaker N."""
    order = (
        list(range(people))
        if per_person
        else list(dict.fromkeys(labels)) + [i for i in range(people) if i not in labels]
    )
    names = [""] * max(people, (max(labels) + 1) if labels else 1)
    for rank, index in enumerate(order):
        if index < len(names):
            names[index] = given[rank] if given and rank < len(given) else f"Speaker {rank + 1}"
    return names


def _cache_path(paths: list[Path], people: int, names: list[str] | None, settings: Settings) -> Path:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(sha256_of(path).encode())
    shape = [settings.asr_model, settings.asr_beam_size, settings.asr_language, people, names, 3]
    digest.update(json.dumps(shape).encode())
    return Path(settings.cache_dir) / "transcripts" / f"{digest.hexdigest()[:32]}.json"


def transcribe_recording(
    paths: list[Path],
    *,
    people: int = 2,
    names: list[str] | None = None,
    settings: Settings | None = None,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    """The timed transcript of one recording, or of one file per person; raises AudioError (exit 2)."""
    settings = settings or load_settings()
    cached = _cache_path(paths, people, names, settings)
    if cached.is_file():
        return dict(json.loads(cached.read_text(encoding="utf-8")))
    recording = read_recording(paths)
    if recording.per_person:
        people = len(recording.channels)
    mix = recording.mix()
    mix_spans = speech_spans(mix)
    if not mix_spans:
        raise AudioError(paths[0], "has no speech in it (the voice-activity detector heard none)")
    if settings.asr_model.startswith("openai:"):
        words = _recognise_at_endpoint(recording, settings)
    else:
        words = _recognise_locally(mix, mix_spans, settings, on_progress)
    if not words:
        raise AudioError(paths[0], "no speech was recognised in it")
    labels, spans, separation = _speakers(recording, mix, mix_spans, words, people)
    if people >= 2 and (len(set(labels)) < 2 or separation.one_voice):
        raise AudioError(
            paths[0],
            f"only one voice could be told apart where {people} were asked for (one voice, or voices too alike "
            "to split): give one file per person, or a recording with a channel per person",
        )
    signals = recording.channels if recording.per_person else [mix] * len(spans)
    turns = turns_of_words(
        words, labels, spans, speaker_names(labels, people, names, recording.per_person), signals
    )
    result = {
        "generator": GENERATOR,
        "source": [str(p) for p in paths],
        "duration_s": round(recording.duration_s, 2),
        "asr_model": settings.asr_model,
        "speakers": {
            "method": separation.method,
            "people": people,
            "separation": separation.score,
            "consistency": separation.consistency,
            "uncertain": separation.uncertain,
        },
        "turns": turns,
    }
    cached.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(cached, json.dumps(result))
    return result


def separation_warnings(timed: dict[str, Any]) -> list[str]:
    """What a reader of the transcript must know about who said what."""
    speakers = timed.get("speakers", {})
    if not speakers.get("uncertain"):
        return []
    return [
        f"the voices in this recording are hard to tell apart (separation {speakers.get('separation')}): "
        "check who said what before using quotes; one file (or one channel) per person is exact"
    ]
