"""Body measurements in chat (SQLite and PostgreSQL): "waist 84 cm, hips 98" is read whole,
stored through the log_measurements tool in the athlete's unit and quoted back; a refused value
or a limb without its side stores nothing; questions show the changes; other messages are
left to the rest of the assistant."""

from __future__ import annotations

from datetime import date

import pytest
from tests.factories import as_subject, make_athlete, subject_of
from tests.fixtures.tables import row_counts

from fitcoach.assistant.measurements import read_measurements
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.services import measurements
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)


def _me(ctx: ServiceContext, **profile: object) -> ToolContext:
    athlete = make_athlete(ctx, **profile)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


@pytest.mark.parametrize(
    ("text", "arguments"),
    [
        ("waist 84 cm, hips 98", {"waist_cm": "84 cm", "hips_cm": "98"}),
        ('Waist: 33"', {"waist_cm": "33 in"}),
        ("my waist is 84cm", {"waist_cm": "84 cm"}),
        (
            "left arm 35.5 and right arm 36 yesterday",
            {"upper_arm_left_cm": "35.5", "upper_arm_right_cm": "36", "date": "2026-11-19"},
        ),
        ("thighs left 58 right 57.5", {"thigh_left_cm": "58", "thigh_right_cm": "57.5"}),
        ("body fat 18 %", {"body_fat_pct": 18.0}),
        ("neck 38, waist 86 on monday", {"neck_cm": "38", "waist_cm": "86", "date": "2026-11-16"}),
        ("waist 84,5", {"waist_cm": "84.5"}),
    ],
)
def test_messages_read_as_measurements(text: str, arguments: dict[str, object]) -> None:
    reading = read_measurements(text, TODAY)
    assert reading is not None
    assert (reading.arguments, reading.problems) == (arguments, [])


@pytest.mark.parametrize(
    "text",
    ["waist 84 and squats 3x5", "chest 3x5 @ 60", "calf raises 3x12", "weight 80 kg", "hello"],
)
def test_other_messages_are_not_measurements(text: str) -> None:
    assert read_measurements(text, TODAY) is None


def test_the_briefs_message_logs_and_quotes_back(ctx: ServiceContext) -> None:
    me = _me(ctx, sex="female", height_cm=165)
    reply = offline_reply(me, "waist 84 cm, hips 98")
    assert reply.intent == "measurements"
    assert [c.tool for c in reply.tool_calls] == ["log_measurements"]
    [day] = measurements.history(ctx, me.athlete_id)
    assert day.values_cm == {"waist": 84.0, "hips": 98.0}
    assert "Logged for Fri 20 Nov: waist 84 cm, hips 98 cm." in reply.text
    # No neck that day: no estimate, and the reply does not pretend one.
    assert "Estimated body fat" not in reply.text
    neck = offline_reply(me, "neck 32")
    assert "Estimated body fat" in neck.text
    assert "± 3.72" in neck.text
    assert "an estimate from the US Navy tape formula, not a measurement" in neck.text


def test_an_imperial_athlete_types_inches_and_a_second_entry_replaces(
    ctx: ServiceContext,
) -> None:
    me = _me(ctx, units="imperial")
    first = offline_reply(me, "waist 33")
    assert "waist 33 in" in first.text
    assert measurements.history(ctx, me.athlete_id)[0].values_cm == {"waist": 83.8}
    again = offline_reply(me, "waist 32.5 in")
    assert "That replaces what was logged for that day (waist 33 in)" in again.text
    assert measurements.history(ctx, me.athlete_id)[0].values_cm == {"waist": 82.5}  # 82.55


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("waist 840", "waist 840 cm is outside what a tape reads there: 40–200 cm"),
        ("arm 35", "which upper arm: say left upper arm 35 or right upper arm 35.5"),
        ("waist 84, body fat 95%", "body fat 95 % is outside the plausible range 2–70 %"),
        ("hips 98%", "hips is a length (cm or in), not a percentage"),
    ],
)
def test_a_refused_value_stores_nothing_and_says_why(
    ctx: ServiceContext, text: str, said: str
) -> None:
    me = _me(ctx)
    before = row_counts(ctx.session)
    reply = offline_reply(me, text)
    assert said in reply.text
    assert row_counts(ctx.session) == before


def test_questions_show_the_changes_and_how_to_measure(ctx: ServiceContext) -> None:
    me = _me(ctx)
    empty = offline_reply(me, "how has my waist changed?")
    assert "No body measurements logged yet" in empty.text
    offline_reply(me, "waist 86 on monday")
    offline_reply(me, "waist 84.5")
    shown = offline_reply(me, "show my measurements")
    assert [c.tool for c in shown.tool_calls] == ["get_measurements"]
    assert "waist 84.5 cm (Fri 20 Nov): −1.5 cm since Mon 16 Nov" in shown.text
    how = offline_reply(me, "how do I measure my hips?")
    assert "hips: around the buttocks at their widest" in how.text
    assert how.tool_calls == []


def test_a_hip_injury_is_still_an_injury(ctx: ServiceContext) -> None:
    me = _me(ctx)
    reply = offline_reply(me, "my hip hurts when I squat")
    assert reply.intent == "injury"
    assert measurements.history(ctx, me.athlete_id) == []
