"""The student's own alarm where the rules read the words in an explicit benign other sense
(alarms57d, issue 57): ``guardrails.quietened`` names the kinds the rules took for a figure, sleep
or a look-alike class, and ``student_runtime.benign_sense_gated`` keeps such an alarm only when
the student is near certain, names another kind, or reads self-harm.

The student's readings here are fixed ``Reading`` values remembered by a real ``StudentRuntime``
(no model is loaded): what is under test is the gate's decision, over the real rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.assistant.student_fakes import reading, runtime_reading

from fitcoach.assistant.guardrails import quietened, screen
from fitcoach.assistant.guardrails.senses import benign, literal, rewrite
from fitcoach.assistant.student import second_net
from fitcoach.assistant.student_runtime import BENIGN_SENSE_BAR
from fitcoach.assistant.tuned_student import Reading

POWER_CUT = "the power blacked out in the gym halfway through my sets"  # a figure of speech
HOT_TUB = "felt faint in the hot tub, got out and sat in the shade, fine now"  # a passed near-faint
PRESSED = "my chest hurts when I press on it, did loads of push-ups yesterday"  # chest-wall pain
SHAVING = "nicked myself shaving before the gym, cut myself shaving"  # a cut with a cause
FAINTED = "I fainted in the middle of my run"
HEAVY = "my legs feel heavy and weird today"


def _reading(p_any: float, **named: float) -> Reading:
    return reading(p_any, **named)


_runtime = runtime_reading


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (POWER_CUT, "fainting"),
        (HOT_TUB, "fainting"),
        (PRESSED, "chest_pain"),
        (SHAVING, "self_harm"),
    ],
)
def test_quietened_names_the_kind_the_rules_read_in_a_benign_sense(text: str, kind: str) -> None:
    assert screen(text).red_flags == []
    assert quietened(text) == [kind]


@pytest.mark.parametrize("text", [FAINTED, HEAVY, "what is my workout today", "", "   "])
def test_quietened_is_empty_for_a_raised_red_flag_and_for_plain_words(text: str) -> None:
    assert quietened(text) == []


def test_literal_switches_the_marked_steps_off_only_inside() -> None:
    @rewrite
    def calm(text: str) -> str:
        return text.replace("blacked out", "went dark")

    @benign
    def harmless(text: str) -> bool:
        return True

    with literal():
        assert calm("blacked out") == "blacked out"
        assert harmless("x") is False
    assert calm("blacked out") == "went dark"
    assert harmless("x") is True
    with pytest.raises(RuntimeError), literal():
        raise RuntimeError
    assert harmless("x") is True  # restored after an error too
    assert screen(POWER_CUT).red_flags == []  # quietened() never leaves the rules literal


def test_an_unsure_student_alarm_on_words_the_rules_read_as_benign_is_not_raised(
    tmp_path: Path,
) -> None:
    runtime = _runtime(tmp_path, POWER_CUT, _reading(0.92, fainting=0.14))
    assert runtime.red_flags(POWER_CUT) == []
    assert second_net(screen(POWER_CUT), POWER_CUT, runtime).red_flags == []


def test_naming_the_very_kind_the_rules_explained_does_not_lift_the_gate(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, HOT_TUB, _reading(0.8, fainting=0.7))
    assert runtime.red_flags(HOT_TUB) == []


def test_a_near_certain_student_still_raises_against_the_benign_reading(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, PRESSED, _reading(BENIGN_SENSE_BAR))
    assert runtime.red_flags(PRESSED) == ["model_red_flag"]
    assert second_net(screen(PRESSED), PRESSED, runtime).red_flags == ["model_red_flag"]


def test_a_kind_the_rules_did_not_explain_raises(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, HOT_TUB, _reading(0.7, palpitations_at_rest=0.6))
    assert runtime.red_flags(HOT_TUB) == ["palpitations_at_rest"]


def test_self_harm_is_never_gated_even_where_the_rules_read_a_benign_cut(tmp_path: Path) -> None:
    assert quietened(SHAVING) == ["self_harm"]
    below_any = _runtime(tmp_path, SHAVING, _reading(0.2, self_harm=0.35))
    assert below_any.red_flags(SHAVING) == ["self_harm"]
    both = _runtime(tmp_path / "b", POWER_CUT, _reading(0.9, self_harm=0.31))
    assert both.red_flags(POWER_CUT) == ["self_harm"]
    assert second_net(screen(POWER_CUT), POWER_CUT, both).red_flags[0] == "self_harm"


def test_without_a_benign_reading_the_student_raises_as_before(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, HEAVY, _reading(0.61))
    assert runtime.red_flags(HEAVY) == ["model_red_flag"]
    below = _runtime(tmp_path / "b", HEAVY, _reading(0.59))
    assert below.red_flags(HEAVY) == []


def test_the_rules_own_red_flag_is_kept_whatever_the_gate_says(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, FAINTED, _reading(0.1))
    assert second_net(screen(FAINTED), FAINTED, runtime).red_flags == ["fainting"]
