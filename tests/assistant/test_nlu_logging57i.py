"""Classes of logging messages the fourteenth set's writers (people mixing Spanish, Portuguese
or Italian into English, or writing whole logs in them) got stored wrong or asked about (issue
57, logging14), each in new wording, beside the close wording that must still ask or keep its
old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import normalise

_read = read_entries


_only = only_entry


# --- numbers said in Spanish, Portuguese or Italian words ------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("nadé mil metros en treinta y siete minutos", 37),
        ("caminhei cinquenta e dois minutos hoje", 52),
        ("corsa di quaranta minuti ieri", 40),
        ("pedalei uma hora e vinte e cinco minutos", 85),
    ],
)
def test_a_tens_word_and_a_unit_word_are_one_number(text: str, minutes: int) -> None:
    """ "treinta y siete" is 37 (not 7: a wrong stored time), the minutes of the session."""
    slots = _only(text, "log_cardio")
    assert slots["duration_s"] == minutes * 60


def test_a_half_hour_after_and_keeps_its_half() -> None:
    slots = _only("dormi cinco horas e meia", "log_sleep")
    assert slots["duration_s"] == 5.5 * 3600


@pytest.mark.parametrize(
    ("text", "sets", "reps", "kg"),
    [
        ("agachamento: três séries de oito com setenta quilos", 3, 8, 70),
        ("hice cuatro series de doce de sentadilla con 50 kilos", 4, 12, 50),
        ("dos series de 6 de peso muerto con 140", 2, 6, 140),
    ],
)
def test_sets_reps_and_load_in_words_of_another_language(
    text: str, sets: int, reps: int, kg: float
) -> None:
    (group,) = _only(text, "log_sets")["groups"]
    assert (group["sets"], group["reps"], group["weight_kg"]) == (sets, reps, kg)


def test_spanish_two_and_fifteen_only_before_a_count() -> None:
    assert "2 sets" in normalise("dos series de sentadilla")
    assert "15 min" in normalise("quince minutos de trote")
    assert "2" not in normalise("alongamento dos braços")
    assert "15" not in normalise("quince jam on toast")


# --- the little words between: "y"/"e" (and), "de" (of), "c/" and "cada mano" --------------


def test_and_in_another_language_splits_two_lifts() -> None:
    groups = _only("ayer press banca 4x6 con 80 y remo con barra 4x8 con 60", "log_sets")["groups"]  # fmt: skip
    assert [(g["exercise"], g["weight_kg"]) for g in groups] == [
        ("barbell-bench-press", 80.0),
        ("barbell-row", 60.0),
    ]


def test_y_stays_a_letter_in_an_english_message() -> None:
    assert " and " not in normalise("plan y for next week")


@pytest.mark.parametrize(
    ("text", "exercise", "minutes"),
    [
        ("hoje 30 min de spinning", "spin-class", 30),
        ("ontem 8 km de corrida em 41 min", "steady-run", 41),
        ("trote suave 25 minutos", "easy-jog", 25),
        ("rodada de 60 km em 2h05", "moderate-cycling", 125),
    ],
)
def test_an_activity_after_de_or_in_its_own_word(text: str, exercise: str, minutes: int) -> None:
    slots = _only(text, "log_cardio")
    assert (slots["exercise"], slots["duration_s"]) == (exercise, minutes * 60)


@pytest.mark.parametrize(
    "text",
    [
        "búlgaro 4x8 c/ 16kg cada mão",
        "sentadilla búlgara 4x8 con 16 kg en cada mano",
    ],
)
def test_a_load_in_each_hand(text: str) -> None:
    (group,) = _only(text, "log_sets")["groups"]
    assert (group["exercise"], group["weight_kg"]) == ("bulgarian-split-squat", 16.0)


# --- the body's figures: the heart rate on waking, scores, a night's quality ---------------


@pytest.mark.parametrize(
    "text",
    [
        "woke up with hr 49, hrv 71",
        "me desperté con 49 pulsaciones, hrv 71",
        "acordei com fc 49 e hrv 71",
    ],
)
def test_the_heart_rate_on_waking_is_the_resting_one(text: str) -> None:
    slots = _only(text, "log_daily")
    assert slots["values"] == {"resting_hr": 49.0, "hrv": 71.0}


def test_waking_with_minutes_to_spare_is_no_heart_rate() -> None:
    assert "resting hr" not in normalise("woke up with 20 min to spare")


def test_scores_and_a_nights_quality_in_portuguese() -> None:
    assert _only("energia 4, estresse 2", "log_daily")["said"] == [4.0, 2.0]
    assert _only("dormi 8 horas, qualidade boa", "log_sleep")["quality"] == "good"


# --- the climb of a hike or a trail run: no figure to ask about ----------------------------


@pytest.mark.parametrize(
    "text",
    ["senderismo 5 horas, 15 km y 950 de desnivel", "trail run 21 km in 2h40, 1100m D+"],
)
def test_a_climb_is_accounted_for(text: str) -> None:
    slots = _only(text, "log_cardio")
    assert slots["distance_m"] in (15000.0, 21000.0)


@pytest.mark.parametrize(
    ("text", "exercises"),
    [
        ("espalda: terra 4x4 150kg, remo con barra 4x8 70kg", ["barbell-deadlift", "barbell-row"]),
        ("hoje crucifixo 3x15 10kg e fondos 3x12", ["dumbbell-fly", "parallel-bar-dip"]),
        ("tríceps na polia 4x12 20kg", ["triceps-pushdown"]),
    ],
)
def test_gym_names_of_brazil_and_spain(text: str, exercises: list[str]) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [g["exercise"] for g in groups] == exercises


# --- scores: a grade kept to its own piece ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # ("a bit sore" is mild soreness, 2 of 5, as the gold of AL, AS and BK grades it: log24)
        ("stress through the roof, a bit sore", {"stress": 10.0, "soreness": 4.0}),
        ("stress high, a little sore", {"stress": 8.0, "soreness": 4.0}),
    ],
)
def test_a_little_soreness_is_not_the_stress_before_it(text: str, values: dict[str, float]) -> None:
    assert _only(text, "log_daily")["values"] == values


# --- several meals in one message, each under its label ----------------------------------


def test_meals_under_their_letters_are_three_meals() -> None:
    entries, problems = _read("b: granola and yoghurt. l: ham sandwich. d: chilli con carne")
    assert not problems
    assert [(s["meal"], s["description"]) for _, s in entries] == [
        ("breakfast", "granola and yoghurt"),
        ("lunch", "ham sandwich"),
        ("dinner", "chilli con carne"),
    ]


def test_meals_under_their_names_keep_their_own_figures() -> None:
    entries, _ = _read("lunch: jacket potato, 450 kcal; dinner: spag bol, 700 kcal")
    assert [(s["meal"], s["calories"]) for _, s in entries] == [("lunch", 450), ("dinner", 700)]
    assert entries[1][1]["description"] == "spaghetti bolognese"


def test_one_letter_after_a_lift_is_no_meal() -> None:
    entries, _ = _read("squat 3x5 at 100, d: 2")
    assert [i for i, _ in entries] == ["log_sets"]


@pytest.mark.parametrize(
    "text", ["ayer 25 min de bici estática", "30 min de bicicleta ergométrica leve"]
)
def test_a_stationary_bike_in_other_words_is_no_ride(text: str) -> None:
    assert _only(text, "log_cardio")["exercise"] == "moderate-stationary-cycling"


def test_a_walk_on_the_treadmill_at_an_incline_is_no_walk_outside() -> None:
    assert _only("esteira inclinada 40 min caminhando", "log_cardio")["exercise"] == "incline-treadmill-walk"  # fmt: skip
