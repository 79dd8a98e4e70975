"""From a recording to a timed transcript, offline: decode, speech edges, words, speakers, pauses.

`transcribe_recording` is the entry point; `looks_like_recording` tells a recording from a transcript
by its first bytes. The pieces: `recording` (decode and check the file), `speech` (Silero VAD edges),
`asr_weights` (the pinned Whisper model), `speakers` (who said each word), `timed` (words into turns
with measured pauses).
"""

from callcontent.audio.recording import AudioError, SpeechToTextUnavailable, looks_like_recording
from callcontent.audio.timed import transcribe_recording

__all__ = ["AudioError", "SpeechToTextUnavailable", "looks_like_recording", "transcribe_recording"]
