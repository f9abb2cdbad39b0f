"""Logs written in English mixed with other languages, as the teacher corpus's and the spent
blind sets' writers wrote them ("corrí 5 km en 27 minutos ayer", "natação 1500m em 35 min",
"Fußball gestern 90 Minuten"): days, durations, sets and reps in Spanish, Portuguese, German,
Italian and French are read as the English the readings know, and names are matched with or
without their accents. Words that are also something else ("segunda série": the second set)
are not read as days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.coach.library import fold_accents

TODAY = date(2026, 11, 18)  # a Wednesday
YESTERDAY = TODAY - timedelta(days=1)
SUNDAY = date(2026, 11, 15)


@pytest.mark.parametrize(
    ("text", "slug", "when", "minutes", "metres"),
    [
        ("corrí 5 km en 27 minutos ayer", "steady-run", YESTERDAY, 27, 5000),
        ("correr 8 km en 46 min el domingo", "steady-run", SUNDAY, 46, 8000),
        ("remo 5 km em 22 min ontem", "moderate-rowing", YESTERDAY, 22, 5000),
        ("natação 1500m em 35 min", "easy-freestyle-swimming", TODAY, 35, 1500),
        ("elíptica 20 min después de pesas", "elliptical-trainer", TODAY, 20, None),
        ("aquagym 45 minutos como siempre", "water-aerobics", TODAY, 45, None),
        ("Fussball training gestern 1,5 hours", "soccer", YESTERDAY, 90, None),
        ("pelada de quinta, 1 hora e meia", "soccer", date(2026, 11, 12), 90, None),
    ],
)
def test_foreign_days_durations_and_activities_are_read(
    text: str, slug: str, when: date, minutes: float, metres: float | None
) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    (entry,) = reading.entries
    assert entry.intent == "log_cardio"
    assert entry.slots["exercise"] == slug
    assert entry.slots["date"] == when
    assert entry.slots["duration_s"] == minutes * 60
    assert entry.slots.get("distance_m") == metres


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("peloton 30 min, rpe 7", "moderate-stationary-cycling"),
        ("reformer class last night 50 min", "pilates-class"),
        ("Tuesday bootcamp 55 min, rpe 7", "hiit-class"),
        ("Thursday skied 5 hours on piste", "downhill-skiing"),
        ("fell run saturday 14k 1:38 lots of climbing, legs destroyed", "trail-running"),
        ("open water 2,5 km wetsuit 52min", "easy-freestyle-swimming"),
        ("ruck walk 4mi with 30lb pack, 1h10", "rucking"),
    ],
)
def test_activities_people_name_are_in_the_library(text: str, slug: str) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    assert [e.slots["exercise"] for e in reading.entries] == [slug]


def test_a_portuguese_ordinal_is_not_a_day_and_a_meal_keeps_its_accents() -> None:
    assert normalise("segunda série com 60kg") == "segunda sets with 60kg"
    assert normalise("na terça-feira corri 5 km") == "tuesday ran 5 km"
    assert normalise("almorcé arroz en casa") == "almorcé arroz en casa"


def test_accents_fold_to_plain_letters() -> None:
    assert (
        fold_accents("Bankdrücken elíptica natação Fußball")
        == "Bankdrucken eliptica natacao Fussball"
    )
    assert fold_accents("plain") == "plain"


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("flexiones 4 series de 20", ["push-up"]),
        ("press militar 3x8 45kg", ["barbell-overhead-press"]),
        ("hoje: supino 4x8 60kg, remada curvada 4x10 50kg", ["barbell-bench-press", "barbell-row"]),
        ("remo sentado 3x12 45kg, jalon al pecho 4x10 50kg", ["seated-cable-row", "lat-pulldown"]),
        ("curl martillo 3x12 14kg", ["hammer-curl"]),
    ],
)
def test_lifts_named_in_spanish_and_portuguese(text: str, slugs: list[str]) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    assert [g["exercise"] for e in reading.entries for g in e.slots["groups"]] == slugs
