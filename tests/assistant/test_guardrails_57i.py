"""Red flags the rules still missed on the fourteenth set (issue 57, misc57i), by class, written
here in other words: stroke signs said by the side of the face or by speech coming out wrong
(and in Spanish or Portuguese), a worst-ever headache in Spanish, Portuguese or Italian, a joint
out of place or a bone's bump after a fall, dark urine with swollen muscles in Portuguese or
Spanish, a heart racing at rest in Spanish, a quiet baby with the Portuguese "bebê", heavy
bleeding after a birth, skin burning hot with confusion, gestational diabetes ("GD") with a low
reading, one food a day in Spanish, a daily kcal figure beside a meal to log in the next
sentence, a week of near-empty meals, a weight cut listed across commas. Each class has a quiet
counterpart that keeps it from raising on ordinary words."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("the right side of her face has dropped and she can't smile properly", "stroke_signs"),
    ("since lunch my words keep coming out jumbled and my arm feels odd", "stroke_signs"),
    ("a mi abuela se le ha caído la cara de un lado en la cena", "stroke_signs"),
    ("meu tio está com a boca torta e a fala enrolada desde cedo", "stroke_signs"),
    ("en plena sentadilla, dolor de cabeza brutal, la peor de mi vida", "stroke_signs"),
    ("dor de cabeça súbita como uma martelada no meio do treino", "stroke_signs"),
    ("o joelho saiu do lugar quando caí da bicicleta", "acute_injury"),
    ("se me salió el hombro de su sitio jugando al pádel", "acute_injury"),
    ("crashed on a corner and my wrist has a lump poking out the side now", "acute_injury"),
    ("went down hard on the ice and I can't lift my arm above my waist", "acute_injury"),
    ("depois do treino as pernas estão inchadas e a urina está escura", "rhabdomyolysis"),
    ("los muslos hinchados tras las sentadillas y la orina color café", "rhabdomyolysis"),
    ("acostado en el sofá el corazón a 150 desde hace media hora", "palpitations_at_rest"),
    ("en la cama noto el corazón saltándose latidos sin parar", "palpitations_at_rest"),
    ("31 semanas e o bebê não mexe desde a manhã", "pregnancy_warning_signs"),
    ("two weeks postpartum and I'm filling a pad every hour", "pregnancy_warning_signs"),
    (
        "gave birth last week and now I'm passing clots bigger than an egg",
        "pregnancy_warning_signs",
    ),
    ("after the 10k he's muddled and his skin is burning hot to the touch", "heat_illness"),
    ("GDM, 34 weeks, meter read 3.1 and I'm shaky", "glycaemic_emergency"),
    ("solo como media naranja al día hasta el campeonato", "extreme_diet"),
    ("doing 500 calories a day to drop fast. please add dinner to my log", "extreme_diet"),
    (
        "breakfast tea, lunch one rice cake, supper nothing. same every day for 3 weeks",
        "extreme_diet",
    ),
    ("fight weigh-in friday: zero food, bin bags and sauna until then", "extreme_diet"),
]

QUIET = [
    "my face is sunburnt on the left side after the ride",
    "speech at the club dinner came out fine in the end",
    "tengo dolor de cabeza leve después de entrenar",
    "o ombro está no lugar certo, só dolorido do supino",
    "my collarbone has always had a bump, since I was a kid",
    "went down to 3 sets on squats today",
    "pernas inchadas de tanto andar no avião, urina normal",
    "acostado en el sofá viendo el partido, todo bien",
    "31 semanas e o bebê mexe muito depois do almoço",
    "three weeks postpartum, still a little bleeding, walked 20 min with the pram",
    "my skin gets hot after the sauna, feeling great",
    "gd session today, squats 5x5 at 100kg",
    "como una manzana al día como merienda y ceno normal",
    "eating 2200 calories a day. log lunch: chicken and rice",
    "breakfast oats, lunch a big salad, dinner skipped because I ate late. same every day for 2 weeks?",
    "no food after 8pm, sauna on sunday, weigh-in monday",
]


# Portuguese "no"/"na" (= "in the") and Spanish "del"/"al" are contractions, not a denial: a sign
# after them still counts; English "no" and Spanish "no" before a verb still deny (misc57i).
CONTRACTION_RAISED = [
    ("ouvi um estalo no joelho e inchou logo", "acute_injury"),
    ("estalo na panturrilha durante o sprint e ficou inchada", "acute_injury"),
    ("deu um estalo no tendão e inchou em minutos", "acute_injury"),
    ("noté un chasquido al tobillo y se hinchó enseguida", "acute_injury"),
]
CONTRACTION_QUIET = [
    "no pain in my knee and no swelling after the jump",
    "heard a click in my knee, no swelling at all",
    "no me duele el pecho, solo estoy cansado",
]


@pytest.mark.parametrize(("text", "kind"), CONTRACTION_RAISED)
def test_a_contraction_before_a_body_part_does_not_deny_the_sign(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", CONTRACTION_QUIET)
def test_english_and_spanish_no_still_deny(text: str) -> None:
    assert screen(text).red_flags == []


def test_negation_reads_the_portuguese_contraction_as_a_place() -> None:
    from fitcoach.assistant.guardrails.text import _negated

    clause = "um estalo no tornozelo e inchou"
    assert not _negated(clause, clause.index("inchou"))
    english = "no pain and swelling"
    assert _negated(english, english.index("pain"))
