"""Each red-flag vocabulary family's cases, run by one set of tests (issue 57): every module
named here keeps its own lists of messages (written in other words than the sets they were
tuned on) and its family's special tests; what is checked of every list is the same. RAISED:
(text, kind) the rules must raise; QUIET: words in their ordinary sense, no red flag at all;
KEPT: (text, kind) a benign-sense reading that a real sign beside it keeps raised."""

from __future__ import annotations

import pytest
from tests.assistant import (
    test_guardrails_57i,
    test_guardrails_57k,
    test_guardrails_57m,
    test_guardrails_57n,
    test_guardrails_combat_gym_speech,
    test_guardrails_crisis91,
    test_guardrails_daily_life_speech,
    test_guardrails_diaspora_speech,
    test_guardrails_east_asia_speech,
    test_guardrails_eurasia_speech,
    test_guardrails_family_speech,
    test_guardrails_journey_speech,
    test_guardrails_latin_speech,
    test_guardrails_long_conditions,
    test_guardrails_mind_speech,
    test_guardrails_movement_care_speech,
    test_guardrails_outdoor_speech,
    test_guardrails_recall_15,
    test_guardrails_set25,
    test_guardrails_set26,
    test_guardrails_travel_faith_speech,
    test_guardrails_work_speech,
    test_guardrails_young_speech,
)

from fitcoach.assistant.guardrails import screen

FAMILIES = {
    "recall_15": test_guardrails_recall_15,
    "57i": test_guardrails_57i,
    "57k": test_guardrails_57k,
    "57m": test_guardrails_57m,
    "57n": test_guardrails_57n,
    "young_speech": test_guardrails_young_speech,
    "work_speech": test_guardrails_work_speech,
    "long_conditions": test_guardrails_long_conditions,
    "outdoor_speech": test_guardrails_outdoor_speech,
    "journey_speech": test_guardrails_journey_speech,
    "diaspora_speech": test_guardrails_diaspora_speech,
    "east_asia_speech": test_guardrails_east_asia_speech,
    "family_speech": test_guardrails_family_speech,
    "eurasia_speech": test_guardrails_eurasia_speech,
    "latin_speech": test_guardrails_latin_speech,
    "mind_speech": test_guardrails_mind_speech,
    "travel_faith_speech": test_guardrails_travel_faith_speech,
    "daily_life_speech": test_guardrails_daily_life_speech,
    "combat_gym_speech": test_guardrails_combat_gym_speech,
    "movement_care_speech": test_guardrails_movement_care_speech,
    "set25": test_guardrails_set25,
    "set26": test_guardrails_set26,
    "crisis91": test_guardrails_crisis91,
}


def _cases(name: str) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for family, module in FAMILIES.items():
        for case in getattr(module, name, []):
            rows.append((family, *((case,) if isinstance(case, str) else case)))
    return rows


@pytest.mark.parametrize(("family", "text", "kind"), _cases("RAISED"))
def test_each_missed_class_is_raised(family: str, text: str, kind: str) -> None:
    assert kind in screen(text).red_flags, family


@pytest.mark.parametrize(("family", "text"), _cases("QUIET"))
def test_the_same_words_in_their_ordinary_sense_stay_quiet(family: str, text: str) -> None:
    assert screen(text).red_flags == [], family


@pytest.mark.parametrize(("family", "text", "kind"), _cases("KEPT"))
def test_a_sign_beside_the_benign_sense_keeps_it_raised(family: str, text: str, kind: str) -> None:
    assert kind in screen(text).red_flags, family


def test_every_family_is_here_with_cases() -> None:
    """A family module dropped from FAMILIES, or one whose lists were renamed, would run none."""
    assert all(getattr(m, "RAISED", None) and getattr(m, "QUIET", None) for m in FAMILIES.values())
