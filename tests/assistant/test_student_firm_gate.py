"""The student's own alarm against the rules' firm benign senses (gate23, issue 57): words that
are not the athlete's sign now at all (someone else's rhythm finding, a past pain a doctor
cleared, a rhythm condition known and managed). ``guardrails.firmly_quietened`` names the kinds
those senses alone explain, and ``student_runtime.benign_sense_gated`` lets that reading gate
even a sure student (P(any) at ``BENIGN_SENSE_BAR`` or more), never self-harm, never a kind it
did not explain, never a figure of speech or a passed near-faint (not firm).

Readings are fixed ``Reading`` values remembered by a real ``StudentRuntime`` (no model loaded),
over the real rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.assistant.test_student_benign_gate import _reading, _runtime

from fitcoach.assistant.guardrails import firmly_quietened, quietened, screen
from fitcoach.assistant.guardrails.senses import benign, firm_benign, firm_rewrite, literal
from fitcoach.assistant.student import second_net
from fitcoach.assistant.student_runtime import BENIGN_SENSE_BAR

UNCLE = (
    "my uncle's garmin flagged atrial fibrillation a few weeks back, he is seeing someone about it"
)
CLEARED = "I had chest pain two years ago, doctor cleared me, all good since"
KNOWN = "I have afib, my watch flagged it again during the long run, cardiologist knows"
MINE_TOO = "my watch flagged atrial fibrillation this morning, my dad has it too"
POWER_CUT = "the power blacked out in the gym halfway through my sets"  # a figure of speech
SAUNA = "felt faint in the hot tub, got out and sat in the shade, fine now"  # passed, not firm
OWN_ALERT = "my watch flagged atrial fibrillation this morning"


@pytest.mark.parametrize(
    ("text", "kind"), [(UNCLE, "rhythm_alert"), (CLEARED, "chest_pain"), (KNOWN, "rhythm_alert")]
)
def test_a_firm_sense_names_the_kind_it_alone_explains(text: str, kind: str) -> None:
    assert screen(text).red_flags == []
    assert firmly_quietened(text) == [kind]
    assert kind in quietened(text)


@pytest.mark.parametrize("text", [POWER_CUT, SAUNA, OWN_ALERT, "", "  ", "log 3x5 squat at 100"])
def test_figures_passed_spells_raised_flags_and_plain_words_are_not_firm(text: str) -> None:
    assert firmly_quietened(text) == []


def test_a_known_condition_said_apart_from_a_new_alert_of_ones_own_gates_nothing() -> None:
    # The screening reads "my dad has it" anywhere as known; the literal reading, and so the
    # gate, only where the finding's own clause says it.
    assert quietened(MINE_TOO) == []
    assert firmly_quietened(MINE_TOO) == []


def test_keep_firm_leaves_only_the_firm_steps_on() -> None:
    @benign
    def loose(text: str) -> bool:
        return True

    @firm_benign
    def sure(text: str) -> bool:
        return True

    @firm_rewrite
    def blank(text: str) -> str:
        return ""

    with literal(keep_firm=True):
        assert loose("x") is False
        assert sure("x") is True
        assert blank("words") == ""
    with literal():
        assert sure("x") is False
        assert blank("words") == "words"
    assert loose("x") is True
    assert sure("x") is True
    assert blank("words") == ""


def test_a_sure_student_is_gated_by_a_firm_sense_that_explains_its_kind(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, UNCLE, _reading(0.997, rhythm_alert=0.8))
    assert runtime.red_flags(UNCLE) == []
    assert second_net(screen(UNCLE), UNCLE, runtime).red_flags == []
    unnamed = _runtime(tmp_path / "b", CLEARED, _reading(BENIGN_SENSE_BAR))
    assert unnamed.red_flags(CLEARED) == []


def test_a_sure_student_still_raises_against_a_sense_that_is_not_firm(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, POWER_CUT, _reading(0.995, fainting=0.9))
    assert runtime.red_flags(POWER_CUT) == ["fainting"]
    sure = _runtime(tmp_path / "b", SAUNA, _reading(0.999))
    assert sure.red_flags(SAUNA) == ["model_red_flag"]


def test_a_sure_student_naming_a_kind_the_firm_sense_left_raises(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, CLEARED, _reading(0.996, severe_breathlessness=0.7))
    assert runtime.red_flags(CLEARED) == ["severe_breathlessness"]


def test_self_harm_is_never_gated_by_a_firm_sense(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, KNOWN, _reading(0.999, self_harm=0.6))
    assert "self_harm" in runtime.red_flags(KNOWN)


def test_a_new_alert_of_ones_own_beside_someone_elses_is_raised(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, MINE_TOO, _reading(0.995, rhythm_alert=0.9))
    assert runtime.red_flags(MINE_TOO) == ["rhythm_alert"]
    assert screen(OWN_ALERT).red_flags == ["rhythm_alert"]
