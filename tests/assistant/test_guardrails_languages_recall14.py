"""Red flags said in Spanish, Portuguese or Italian words the phrases lacked (issue 57, recall14:
the fourteenth set, a tuned set): pressure in the chest, a racing heart with dizziness, fainting,
breathlessness at rest, a low oximeter figure, a pop with swelling, a swollen hot calf after a
trip or surgery, saddle numbness or bladder trouble with sciatica, very low intakes and purging.
Written here in other words; the look-alikes use the same words for ordinary things."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("subiendo el puerto sentí presión en el pecho y me bajaba al brazo", "chest_pain"),
    ("tô com uma pressão no peito desde o treino de hoje", "chest_pain"),
    ("chest paining since the night shift, left side", "chest_pain"),
    ("en la cinta el corazón se me puso a mil y me mareé muchísimo", "palpitations_dizziness"),
    ("o coração disparou no meio do treino e fiquei tonta", "palpitations_dizziness"),
    ("my heart started beating crazy fast on the stairs and i got dizzy", "palpitations_dizziness"),
    ("nadando me desvanecí un momento y me sacaron del agua", "fainting"),
    ("el oxímetro marca 87 y estoy sentada en casa", "low_resting_spo2"),
    ("n\u00e3o consigo respirar direito, até sentado", "severe_breathlessness"),
    ("ouvi um estalo no tornozelo, inchou muito", "acute_injury"),
    ("la pantorrilla izquierda está hinchada y caliente después del vuelo", "dvt_signs"),
    ("ciática horrible y ahora no siento nada entre las piernas", "cauda_equina_signs"),
    ("hérnia lombar e hoje não consigo fazer xixi", "cauda_equina_signs"),
    ("vou comer 400 calorias por dia até a pesagem", "extreme_diet"),
    ("depois do jantar vomitei de propósito de novo", "extreme_diet"),
]

QUIET = [
    "hoy hice pecho y tríceps, press banca 4x8 a 70 kg",
    "treino de peito hoje: supino 4x10, crucifixo 3x12",
    "el corazón a 150 en las series, normal para mí, todo bien",
    "mi gemelo está cargado después del trail, nada hinchado",
    "comí unas 2500 calorías por día esta semana, todo bien",
    "vuelo a Lima mañana, ¿me ajustas el plan de la semana?",
    "a lumbar ok hoje, 5x5 terra 120 kg",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_a_red_flag_in_the_words_of_another_language_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_same_words_in_training_talk_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
