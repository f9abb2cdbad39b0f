"""``screen``: every check over one message."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fitcoach.assistant.guardrails.combat_gym_speech import fasting_to_make_weight
from fitcoach.assistant.guardrails.concepts_body import _LEG_SITE, _LEG_SWELL
from fitcoach.assistant.guardrails.injection import _injection
from fitcoach.assistant.guardrails.injury import _injury
from fitcoach.assistant.guardrails.lookalikes import heart_rate_recovered, well_at_altitude
from fitcoach.assistant.guardrails.loose_speech import menopause_flush
from fitcoach.assistant.guardrails.medical import _medical
from fitcoach.assistant.guardrails.phrases import _BLADDER_BOWEL
from fitcoach.assistant.guardrails.red_flags import _red_flags
from fitcoach.assistant.guardrails.result import SPO2_BELOW, Screen
from fitcoach.assistant.guardrails.senses import literal
from fitcoach.assistant.guardrails.text import _prepare

# A number that could be a low reading, in figures or in words: its presence keeps the gate shut.
_LOW_BAND = re.compile(r"(?<![\d.])[5-8]\d(?![\d])|\b(?:fifty|sixty|seventy|eighty)\b")


def screen(text: str, *, earlier: Sequence[str] = ()) -> Screen:
    """What the guardrails find in one message (pure, deterministic; never raises).

    ``earlier`` is the athlete's own earlier messages in the conversation, oldest first. Self-harm
    said across two messages ("maybe I'll just die then", then "kidding. mostly") is raised on the
    second: the last earlier message and this one are read together for it (issue 57). So is a
    blow to the head told first and its brain sign after ("came off my bike, helmet took the
    hit", then "now I feel confused": redbb21). Other kinds are judged on this message alone:
    the earlier one had its own answer."""
    if not isinstance(text, str) or not text.strip():
        return Screen()
    raw = text[:5000]
    lowered = _prepare(raw)
    red_flags, spo2 = _red_flags(lowered)
    if "self_harm" not in red_flags and _self_harm_across(earlier, lowered):
        red_flags.append("self_harm")
    if "head_injury_signs" not in red_flags and _head_injury_across(earlier, lowered):
        red_flags.append("head_injury_signs")
    if "extreme_diet" not in red_flags and _fast_across(earlier, lowered):
        red_flags.append("extreme_diet")
    if "cauda_equina_signs" not in red_flags and _cauda_across(earlier, lowered):
        red_flags.append("cauda_equina_signs")
    if "dvt_signs" not in red_flags and _dvt_across(earlier, lowered):
        red_flags.append("dvt_signs")
    reasons = _injection(raw, lowered)
    return Screen(
        red_flags=red_flags,
        spo2=spo2,
        injury=_injury(lowered),
        injection=bool(reasons),
        injection_reasons=reasons,
        medical_request=_medical(lowered),
    )


def _self_harm_across(earlier: Sequence[str], lowered: str) -> bool:
    """Whether the last of ``earlier`` and ``lowered`` (this message) together say self-harm."""
    last = next((t for t in reversed(earlier) if isinstance(t, str) and t.strip()), None)
    if last is None:
        return False
    together = f"{_prepare(last[-5000:])}\n{lowered}"
    return "self_harm" in _red_flags(together)[0]


def _fast_across(earlier: Sequence[str], lowered: str) -> bool:
    """Whether this message's total fast on water is to make the weight the last of ``earlier``
    named ("make 70kg for my comp on sat", then "not eating anything till then, water only")."""
    last = next((t for t in reversed(earlier) if isinstance(t, str) and t.strip()), None)
    return last is not None and fasting_to_make_weight(lowered, _prepare(last[-5000:]))


def _cauda_across(earlier: Sequence[str], lowered: str) -> bool:
    """Whether a bladder or bowel sign in this message ("can't tell when I need to go") comes
    after back pain or numbness told in the last of ``earlier`` ("lower back sore after the
    scrum"): cauda equina said across two messages (tune27). Only the sign of this message
    raises it; an earlier message that raised it alone had its own answer."""
    last = next((t for t in reversed(earlier) if isinstance(t, str) and t.strip()), None)
    if last is None or _BLADDER_BOWEL().search(lowered) is None:
        return False
    before = _prepare(last[-5000:])
    if "cauda_equina_signs" in _red_flags(before)[0]:
        return False
    return "cauda_equina_signs" in _red_flags(f"{before}\n{lowered}")[0]


def _dvt_across(earlier: Sequence[str], lowered: str) -> bool:
    """Whether this message's swelling ("only the right one. it's warm and bigger than the
    left") is of the calf or leg the last of ``earlier`` named with its clot risk ("calf is sore,
    normal after a long flight?"): DVT signs said across two messages, the answer to the coach's
    question between them (tune28b). Only this message's own swelling raises it, where it names
    no other body part, neither leg nor a negation; an earlier message that raised it alone had its own answer."""
    last = next((t for t in reversed(earlier) if isinstance(t, str) and t.strip()), None)
    if last is None or _LEG_SWELL().search(lowered) is None:
        return False
    if _OTHER_PART.search(lowered) or _BOTH_OR_NOT.search(lowered):
        return False
    before = _prepare(last[-5000:])
    site = _LEG_SITE().search(before)
    if site is None or "dvt_signs" in _red_flags(before)[0]:
        return False
    told = (
        lowered if _LEG_SITE().search(lowered) else f"{site.group(0)}, {_STOPS.sub(',', lowered)}"
    )
    return "dvt_signs" in _red_flags(f"{before}\n{told}")[0]


# A body part other than the calf or leg: the swelling is of that, not the leg told before.
_OTHER_PART = re.compile(
    r"\b(?:knees?|ankles?|feet|foot|toes?|thighs?|hips?|groin|arms?|wrists?|hands?|fingers?|"
    r"elbows?|shoulders?|neck|face|eyes?|lips?|tongue|throat|back|belly|stomach|tummy)\b"
)
# Both legs, or a negation anywhere: left to the coach's next question, never raised across.
_BOTH_OR_NOT = re.compile(r"\b(?:both|each|no|not|never|nothing|without|isn'?t|aren'?t|wasn'?t)\b")
# Sentence stops, read as commas so this message's swelling is said of the site told before.
_STOPS = re.compile(r"[.!?;\n]+")


def _head_injury_across(earlier: Sequence[str], lowered: str) -> bool:
    """Whether one of the last two of ``earlier`` and ``lowered`` together say a blow to the head
    with a brain sign that neither says alone: the blow in an earlier message (the last, or the
    one before it with a reply between: crisis91), the sign in this one. Where the earlier
    message had its own answer, this one is raised again only for a brain sign of its own after
    that blow (being sick, losing track: crisis91), never for a follow-up without one."""
    recent = [t for t in earlier if isinstance(t, str) and t.strip()][-2:]
    for last in reversed(recent):
        before = _prepare(last[-5000:])
        if "head_injury_signs" in _red_flags(before)[0]:
            return "head_injury_signs" in _red_flags(f"{_BLOW_TOLD}\n{lowered}")[0]
        if "head_injury_signs" in _red_flags(f"{before}\n{lowered}")[0]:
            return True
    return False


# The blow an earlier message told, said plainly, to read this message's own brain signs after it.
_BLOW_TOLD = "i took a hit to the head."


def quietened(text: str) -> list[str]:
    """The red-flag kinds the rules read in ``text``'s words but took for an explicit benign
    other sense (a figure of speech, sleep, a look-alike class: ``senses``): what the screening
    raises with those steps off, less what ``screen`` raises. Empty for most messages. Never
    used to raise anything: the student's gate reads it (``student_runtime``)."""
    read = _literal_reading(text)
    return [] if read is None else [kind for kind in read[2] if kind not in read[1]]


def firmly_quietened(text: str) -> list[str]:
    """The kinds the rules' firm benign senses alone took away (``senses``: someone else's sign,
    a past one told as history or cleared by a clinician, a rhythm finding known and managed):
    what the screening raises literally, less what it raises with only those steps on, less
    what ``screen`` raises. A subset of ``quietened``'s reading (others may quieten the same
    words too); read by the student's gate only (gate23)."""
    read = _literal_reading(text)
    if read is None:
        return []
    lowered, raised, literally = read
    with literal(keep_firm=True):
        firmly = _red_flags(lowered)[0]
    return [kind for kind in literally if kind not in firmly and kind not in raised]


def _literal_reading(text: str) -> tuple[str, list[str], list[str]] | None:
    """``text`` prepared, the kinds ``screen`` raises in it and those it raises with every benign
    sense off; None for an empty or non-text message."""
    if not isinstance(text, str) or not text.strip():
        return None
    lowered = _prepare(text[:5000])
    raised = _red_flags(lowered)[0]
    with literal():
        literally = _red_flags(lowered)[0]
    return lowered, raised, literally


def read_in_range(text: str) -> list[str]:
    """The red-flag kinds whose reading the rules took as in range in a benign context, for the
    student's gate only (``student_runtime.benign_sense_gated``; never used to raise or clear a
    rules' flag): ``low_resting_spo2`` where the rules read an SpO2 of 90 % or more at altitude
    ("up in Cusco, spo2 92 at rest, feeling ok"), raise nothing, name no sign of altitude
    sickness (breathlessness, a cough, a headache, confusion...), and no number of 50-89 (in
    figures or in words) is anywhere in the message, so that no low reading said another way
    sits beside the one they parsed (alarms16). ``palpitations_at_rest`` where the rules raise
    nothing and read a heart rate high straight after a named set or effort, under 100 once
    sitting or resting after it, with no symptom beside ("hr 125 straight after my squat set,
    sitting down now and it's 78": ``lookalikes.heart_rate_recovered``, alarms95).
    ``heat_illness`` where the rules raise nothing and a hot flush is put down to the menopause
    with no heat illness's or heart's sign beside it ("hot flush mid workout, drenched,
    menopause strikes again": ``loose_speech.menopause_flush``, alarms96)."""
    if not isinstance(text, str) or not text.strip():
        return []
    found = screen(text)
    lowered = _prepare(text[:5000])
    if not found.red_flags and heart_rate_recovered(lowered):
        return ["palpitations_at_rest"]
    if not found.red_flags and menopause_flush(lowered):
        return ["heat_illness"]
    if (
        found.red_flags
        or found.spo2 is None
        or found.spo2 < SPO2_BELOW
        or not well_at_altitude(lowered)
        or _LOW_BAND.search(lowered) is not None
    ):
        return []
    return ["low_resting_spo2"]
