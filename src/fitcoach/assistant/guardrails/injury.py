"""Injury or pain mentions, with the body region in the library's region vocabulary."""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.result import InjuryMention
from fitcoach.assistant.guardrails.text import _EXERCISE_WORDS, _clauses, _found
from fitcoach.assistant.guardrails.vocabulary import _lazy

# --- injuries ---------------------------------------------------------------------------------

_REGIONS: tuple[tuple[str, str | None], ...] = (
    (r"upper back|between (?:my )?shoulder blades|thoracic|\brhomboids?\b|\btraps?\b", "upper_back"),
    (r"rotator cuff|shoulders?|\bac joint\b|labrum", "shoulder"),
    (r"tennis elbow|golfer'?s elbow|elbows?", "elbow"),
    (r"wrists?|carpal tunnel|\bhands?\b|fingers?|thumbs?", "wrist"),
    (r"\bneck\b|cervical", "neck"),
    (r"lower back|low back|lumbar|\bspine\b|\bdisc\b|sciatica|\bback\b|\bsi joint\b|tailbone", "lower_back"),
    (r"\bhips?\b|groin|hip flexors?|\bglutes?\b|\bbutt\b|\bpiriformis\b|\bhamstrings?\b|\bhammy\b", "hip"),
    (r"\bknees?\b|\bacl\b|\bmcl\b|\bpcl\b|meniscus|patell(?:a|ar)|kneecap|\bit band\b", "knee"),
    (r"ankles?|achilles|\bfoot\b|\bfeet\b|\bheels?\b|plantar|\bshins?\b|shin splints|\bcalf\b|\bcalves\b|\btoes?\b", "ankle"),
    # Chest pain is a red flag, never an injury mention; these muscles have no region.
    (r"\bquads?\b|\bthigh\b|\bbiceps?\b|\btriceps?\b|\bforearms?\b|\bribs?\b|\bpecs?\b|\babs?\b", None),
)  # fmt: skip
_INJURY_WORDS = _lazy(
    r"\b(?:injur(?:ed|y|ies)|sprain(?:ed)?|strain(?:ed)?|torn|tore|tear|pulled|tweaked|broke|"
    r"broken|fractur(?:e|ed)|dislocat(?:ed|ion)|rolled|twisted|ruptured?|popped|hyperextended|"
    r"jammed|bruised|herniated|slipped disc|tendinitis|tendonitis|bursitis|whiplash|"
    r"rolled my|gave out|buckled)\b"
)
_PAIN_WORDS = _lazy(
    r"\b(?:pain(?:ful|s)?|hurts?|hurting|aches?|aching|achy|twinges?|sharp|throbbing|stabbing|"
    r"swollen|swelling|killing me|sore|tender|clicking|clicks|grinding|numb(?:ness)?|tingling|"
    r"stiff|niggle|niggling|bothering me|acting up|flare[d ]? up|flaring|problems?|issues?|trouble|"
    r"imping\w*|pinch(?:es|ing|ed|y)?|catch(?:es|ing)|locks? up|gives? way)\b"
)
# Muscle soreness after training is not pain worth a referral (DOMS); joint soreness is.
_MUSCLE_ONLY = _lazy(r"\b(?:legs?|quads?|hamstrings?|glutes?|calves|calf|arms?|biceps|triceps|pecs?|chest|abs|lats|traps|whole body|everything|body|muscles?)\b")  # fmt: skip


def _region(clause: str) -> tuple[str | None, str] | None:
    for pattern, region in _REGIONS:
        if m := re.search(pattern, clause):
            return region, m.group(0)
    return None


def _injury(text: str) -> InjuryMention | None:
    for clause in _clauses(_EXERCISE_WORDS().sub(" ", text)):
        found = _region(clause)
        if found is None:
            continue
        region, part = found
        if _found(_INJURY_WORDS(), clause):
            return InjuryMention("injury", region, part)
        pain = _found(_PAIN_WORDS(), clause)
        if pain is None:
            continue
        soreness_only = pain.group(0) in ("sore", "stiff", "achy", "aching")
        if soreness_only and _MUSCLE_ONLY().search(part) and not re.search(r"\b(?:sharp|joint)\b", clause):  # fmt: skip
            continue
        return InjuryMention("pain", region, part)
    return None
