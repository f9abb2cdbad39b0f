"""Logging classes of the twenty-second set's writer BC, in words written for this file: the
Spanish and Portuguese meal labels (read only where a food is named), the last set, rounds and
a load said with "de", the inverted row's other names (a bodyweight lift), and a night judged
"horribly" (its hours asked)."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("almuerzo: arroz con pollo y una ensalada", "lunch"),
        ("jantar: picanha 200g, farofa e vinagrete", "dinner"),
        ("desayuno: 2 huevos revueltos con pan", "breakfast"),
        ("tapioca com queijo no café da manhã", "breakfast"),
        ("empanadas en la cena, 3 de carne", "dinner"),
    ],
)
def test_iberian_meal_labels(text: str, label: str) -> None:
    slots = only_entry(text, "log_meal")
    assert slots["meal"] == label


def test_a_meal_label_alone_names_no_food() -> None:
    entries, _ = read_entries("cena con mi familia hoy")
    assert all(intent != "log_meal" for intent, _ in entries)


@pytest.mark.parametrize(
    "text",
    [
        "sentadilla 4x6 con 90 kilos, la última serie rpe 8",
        "agachamento 4x6 com 90 kg, o último set rpe 8",
    ],
)
def test_the_last_set_carries_the_effort_alone(text: str) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    efforts = [(g["sets"], g.get("rpe")) for g in groups]
    assert efforts == [(3, None), (1, 8.0)]


def test_rounds_of_in_spanish() -> None:
    groups = only_entry("hice 4 rondas de 12 flexiones y 6 dominadas", "log_sets")["groups"]
    assert [(g["exercise"], g["sets"], g["reps"]) for g in groups] == [
        ("push-up", 4, 12),
        ("pull-up", 4, 6),
    ]


def test_a_load_said_with_de_after_the_sets() -> None:
    groups = only_entry("sentadilla 3x8 de 80 kilos", "log_sets")["groups"]
    assert [(g["exercise"], g["sets"], g["reps"], g.get("weight_kg")) for g in groups] == [
        ("barbell-back-squat", 3, 8, 80.0)
    ]


@pytest.mark.parametrize(
    ("text", "slug", "load"),
    [
        ("australian rows 4x10", "inverted-row", None),
        ("inverted rows 3x12", "inverted-row", None),
        ("desenvolvimento sentado com halteres 4x8 com 20", "seated-dumbbell-shoulder-press", 20.0),
    ],
)
def test_names_the_library_now_knows(text: str, slug: str, load: float | None) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [(g["exercise"], g.get("weight_kg")) for g in groups] == [(slug, load)]


def test_a_loaded_inverted_row_keeps_its_load() -> None:
    groups = only_entry("inverted rows 3x10 with a 10 kg plate", "log_sets")["groups"]
    assert groups[0]["weight_kg"] == 10.0


@pytest.mark.parametrize("text", ["slept horribly", "slept dreadfully last night"])
def test_a_night_judged_without_hours_is_asked(text: str) -> None:
    _, problems = read_entries(text)
    assert any("how many hours" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("almoço: arroz 200g, feijão e frango grelhado", "(rice, beans, grilled chicken)"),
        ("cena: sopa de lentejas y pan con aceite de oliva", "(soup, lentils, olive oil)"),
        ("lanche: 2 torradas com queijo e um suco", "(toast, cheese, juice)"),
    ],
)
def test_a_meal_in_spanish_or_portuguese_keeps_its_words_with_their_english(
    text: str, english: str
) -> None:
    description = only_entry(text, "log_meal")["description"]
    assert description.endswith(english), description
    assert description.split(" (")[0] in text, description


@pytest.mark.parametrize("text", ["dinner: chilli con carne", "lunch: pan-fried salmon and rice"])
def test_english_dishes_get_no_gloss(text: str) -> None:
    assert "(" not in only_entry(text, "log_meal")["description"]


def test_capoeira_is_an_activity() -> None:
    slots = only_entry("roda de capoeira on saturday, 75 min", "log_cardio")
    assert slots["exercise"] == "capoeira"
    assert slots["duration_s"] == 75 * 60
