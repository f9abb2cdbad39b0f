"""Whether a message says any word of a sign in the body (``coach/rules/red_flag_body_words.yaml``):
never used to raise anything; the student's ordinary-log gate (``assistant.student_log_gate``)
reads it, and one such word anywhere keeps the student's alarm."""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _prepare
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_body_words")  # coach/rules/red_flag_body_words.yaml
_BODY_SIGN = _V["body_sign"]


def names_body_sign(text: str) -> bool:
    """Whether ``text`` holds a body sign word (broad: a benign use counts too), as written or
    as the guardrails read it (spelling standardised: "dizy" is "dizzy")."""
    if not isinstance(text, str) or not text.strip():
        return False
    raw = text[:5000]
    return any(_BODY_SIGN().search(t) is not None for t in (raw.lower(), _prepare(raw)))
