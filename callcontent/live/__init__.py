"""Live coaching: `callcontent watch` follows a call as it happens and says the seed's rescue lines."""

from callcontent.live.coach import LiveCoach, LiveEvent, Loudness
from callcontent.live.signals import SIGNALS, LiveSignal

__all__ = ["SIGNALS", "LiveCoach", "LiveEvent", "LiveSignal", "Loudness"]
