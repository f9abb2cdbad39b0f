"""Injury or pain mentions, with the body region in the library's region vocabulary."""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.result import InjuryMention
from fitcoach.assistant.guardrails.text import _EXERCISE_WORDS, _clauses, _found, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns, regions

_V = patterns("injury_vocabulary")  # coach/rules/injury_vocabulary.yaml

# --- injuries ---------------------------------------------------------------------------------

_REGIONS = regions("injury_vocabulary")  # ordered: the first region that matches
_INJURY_WORDS = _V["injury_words"]
_PAIN_WORDS = _V["pain_words"]
_MUSCLE_ONLY = _V["muscle_only"]
_SPARE_WORDS = _V["spare_words"]
_CONDITION_WORDS = _V["condition_words"]
_PAIN_WORDS_ASKED = _V["pain_words_asked"]
_ASKS_OF_THE_PLAN = _V["asks_of_the_plan"]


def _region(clause: str) -> tuple[str | None, str] | None:
    # (plans91) The part named before a cause told after it is the one that hurts ("my lower
    # back's been twingy since I put my nephew on my shoulders": the lower back)
    head = re.split(r"\b(?:since|after|from when|ever since)\b", clause, maxsplit=1)[0]
    if head != clause and (found := _region(head)) is not None:
        return found
    for pattern, region in _REGIONS:
        if m := re.search(pattern, clause):
            return region, m.group(0)
    return None


def _injury(text: str) -> InjuryMention | None:
    # A condition, an operation or what a region will not take is the plan's to spare only where
    # the message asks something of the plan (see injury_vocabulary.yaml).
    # (plans57n) Asked in a sentence of its own: a "no" ending the sentence before ("the physio
    # says no deep squats. swap them for something") negates nothing after its full stop.
    asked = any(_found(_ASKS_OF_THE_PLAN(), s) is not None for s in _sentences(text))
    for clause in _clauses(_EXERCISE_WORDS().sub(" ", text)):
        found = _region(clause)
        if found is None:
            continue
        region, part = found
        if _found(_INJURY_WORDS(), clause) or (asked and _found(_CONDITION_WORDS(), clause)):
            return InjuryMention("injury", region, part)
        pain = (
            _found(_PAIN_WORDS(), clause) or (asked and _found(_PAIN_WORDS_ASKED(), clause)) or None
        )
        if pain is None:
            # Asked to spare it ("go easy on my knee", "plan around my shoulder"): pain the plan
            # spares, though no pain word is said.
            if _found(_SPARE_WORDS(), clause) and found[0] is not None:
                return InjuryMention("pain", region, part)
            continue
        soreness_only = pain.group(0) in ("sore", "stiff", "achy", "aching", "tight")
        if soreness_only and _MUSCLE_ONLY().search(part) and not re.search(r"\b(?:sharp|joint)\b", clause):  # fmt: skip
            continue
        return InjuryMention("pain", region, part)
    return None
