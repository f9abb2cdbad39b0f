"""Plan requests as the new writers wrote them: a load set with a short name ("set OHP to 45
kg", "put rdl at 100"), the load to make it after the one it was ("rows at 135 are too easy,
make them 155"), a load's story that mentions reps or sets without counting them ("lower my
ohp to 115, keep failing reps at 125"), and requests in Spanish and Portuguese ("quatro vezes
na semana", "solo tengo media hora", "quita los burpees")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "set OHP to 45 kg, 50 was too much",
            "change_load",
            {"exercise": "barbell-overhead-press", "weight_kg": 45.0},
        ),
        (
            "put rdl at 100 kg",
            "change_load",
            {"exercise": "romanian-deadlift", "weight_kg": 100.0},
        ),
        (
            "set deadlift to 150 kg for the working sets",
            "change_load",
            {"exercise": "barbell-deadlift", "weight_kg": 150.0},
        ),
        (
            "barbell rows at 60 kg are too easy now, make them 70 kg",
            "change_load",
            {"exercise": "barbell-row", "weight_kg": 70.0},
        ),
        (
            "take the ohp down to 30 kilos for a couple weeks",
            "change_load",
            {"exercise": "barbell-overhead-press", "weight_kg": 30.0},
        ),
        ("quatro vezes na semana tá bom", "generate_plan", {"days_per_week": 4}),
        ("quiero entrenar 5 días por semana", "generate_plan", {"days_per_week": 5}),
        (
            "solo tengo media hora en el almuerzo para entrenar",
            "set_session_minutes",
            {"minutes": 30},
        ),
        (
            "quita los burpees, mis vecinos de abajo se quejan",
            "remove_exercise",
            {"exercise": "burpee"},
        ),
    ],
)
def test_plan_requests_are_read(text: str, intent: str, slots: dict[str, Any]) -> None:
    with bare_units("metric"):
        found = understand(text, today=TODAY)
    assert found.intent == intent, found
    assert {k: found.slots.get(k) for k in slots} == slots


def test_a_count_of_reps_is_still_no_load_change() -> None:
    assert understand("drop squats to 5 reps", today=TODAY).intent != "change_load"
    assert understand("set bench to 3 sets", today=TODAY).intent != "change_load"
