"""``screen``: every check over one message."""

from __future__ import annotations

from fitcoach.assistant.guardrails.injection import _injection
from fitcoach.assistant.guardrails.injury import _injury
from fitcoach.assistant.guardrails.medical import _medical
from fitcoach.assistant.guardrails.red_flags import _red_flags
from fitcoach.assistant.guardrails.result import Screen
from fitcoach.assistant.guardrails.text import _prepare


def screen(text: str) -> Screen:
    """What the guardrails find in one message (pure, deterministic; never raises)."""
    if not isinstance(text, str) or not text.strip():
        return Screen()
    raw = text[:5000]
    lowered = _prepare(raw)
    red_flags, spo2 = _red_flags(lowered)
    reasons = _injection(raw, lowered)
    return Screen(
        red_flags=red_flags,
        spo2=spo2,
        injury=_injury(lowered),
        injection=bool(reasons),
        injection_reasons=reasons,
        medical_request=_medical(lowered),
    )
