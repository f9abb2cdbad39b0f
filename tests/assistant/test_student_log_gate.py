"""The student's own alarm on a complete ordinary log (stualarm, issue 57): where the rules raise
nothing, read the message as a complete log (``nlu.read_log``'s ``ok``) and find no body sign
word anywhere (``guardrails.names_body_sign``), the student's alarm is not raised, unless it reads
self-harm (its kind, or P(self_harm) at the artefact's crisis threshold) or names
``extreme_diet``.

The student's readings are fixed ``Reading`` values remembered by a real ``StudentRuntime`` (no
model is loaded): what is under test is the gate's decision over the real rules, and the chat's
reply."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.assistant.student_fakes import reading, runtime_reading
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.guardrails import names_body_sign, screen
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.tuned_student import Reading
from fitcoach.services.context import ServiceContext

# Complete logs told with an aside and no word of the body (the class: a story around a log).
SPIN = "spin at 6am with Dev, 45 min, he played nothing but ABBA. rpe 8. I now know all the words to Fernando against my will"  # fmt: skip
TWO_DAYS = "Monday: deadlift 3x5 @ 130. Today: bench 3x5 @ 85. Logging both because I am a disorganised mess and Tuesday was a write-off"  # fmt: skip
ROWED = "rowed 5k in 21 min this morning, the dog judged me the whole time"
PULL_UPS = "pull ups tonight: 8, 6, 5. the last one was more of a prayer than a rep honestly"


def _reading(p_any: float, harm: float = 0.01, **named: float) -> Reading:
    return reading(p_any, "log_cardio", self_harm=harm, **named)


_runtime = runtime_reading


@pytest.mark.parametrize(
    "text",
    [
        "bench 3x5 @ 85, chest felt tight on the last set",
        "5k run, avg hr 138",
        "bouldering 90 min, fell off the same route 11 times",
        "my legs were shaking after squats 5x5 100kg",
        "20 min swim, my toes stopped working",
        "pilates 50 min, couldn't catch my breath",
        "felt dizy after the run",  # as the guardrails spell it
        "mood 3 energy 2, day 2 of my period",
    ],
)
def test_a_body_sign_word_is_found_however_benign(text: str) -> None:
    assert names_body_sign(text)


@pytest.mark.parametrize("text", [SPIN, TWO_DAYS, ROWED, "Fri rest, Sat squat 5x3 @ 245", ""])
def test_no_body_sign_word_in_a_story_around_a_log(text: str) -> None:
    assert not names_body_sign(text)


@pytest.mark.parametrize("text", [PULL_UPS, TWO_DAYS, ROWED, SPIN])
def test_the_students_own_alarm_on_a_complete_log_without_a_body_word_is_gated(
    tmp_path: Path, text: str
) -> None:
    assert screen(text).red_flags == []
    assert _runtime(tmp_path, text, _reading(0.95)).red_flags(text) == []


@pytest.mark.parametrize(
    ("text", "reading", "kinds"),
    [
        # Self-harm is never gated: its kind, or P(self_harm) at the crisis threshold.
        (ROWED, _reading(0.95, harm=0.35), ["self_harm"]),
        (ROWED, _reading(0.5, harm=0.6), ["self_harm"]),
        (SPIN, _reading(0.95, harm=0.3), ["self_harm"]),
        # Eating is told without a body word: never gated.
        (ROWED, _reading(0.95, extreme_diet=0.8), ["extreme_diet"]),
        # A body sign word anywhere keeps the alarm.
        ("rowed 5k in 21 min, legs were shaking after", _reading(0.9), ["model_red_flag"]),
        ("5k run 25 min, felt a bit off after", _reading(0.9), ["model_red_flag"]),
        # Not a complete log in the rules' reading (a number nothing accounts for, a plan).
        ("ran 5k and then 7 more", _reading(0.9), ["model_red_flag"]),
        ("can I move Friday's session to Saturday?", _reading(0.9), ["model_red_flag"]),
        # A story the rules read as a plan change ("nothing but ABBA" as no equipment).
        # (a plan change the rules read keeps the student's alarm; SPIN is read as the log it is
        # since stop 90, not as a change of kit: gated below)
        (
            "only dumbbells and a bench from now on, change my plan",
            _reading(0.9),
            ["model_red_flag"],
        ),
    ],
)
def test_the_students_alarm_stands_otherwise(
    tmp_path: Path, text: str, reading: Reading, kinds: list[str]
) -> None:
    assert _runtime(tmp_path, text, reading).red_flags(text) == kinds


def test_a_red_flag_the_rules_raise_is_never_touched(tmp_path: Path) -> None:
    text = "5k run, crushing chest pain halfway and my left arm went numb"
    assert screen(text).red_flags
    runtime = _runtime(tmp_path, text, _reading(0.95))
    assert runtime.red_flags(text) == ["model_red_flag"]  # body words: the alarm stands
    from fitcoach.assistant.student import second_net

    assert second_net(screen(text), text, runtime).red_flags[0] == screen(text).red_flags[0]


def test_through_the_chat_the_log_is_stored_not_escalated(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    runtime = _runtime(tmp_path, ROWED, _reading(0.95))
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    reply = conversations.chat(me, athlete.id, ROWED, channel="web", assistant=Assistant(intents=runtime))  # fmt: skip
    assert not reply.escalated
    assert any(c.tool == "log_cardio" and c.result.ok for c in reply.tool_calls)
    # The same message read as self-harm still gets the alarm.
    other = _runtime(tmp_path, ROWED, _reading(0.95, harm=0.4))
    again = conversations.chat(me, athlete.id, ROWED, channel="web", assistant=Assistant(intents=other))  # fmt: skip
    assert again.escalated
