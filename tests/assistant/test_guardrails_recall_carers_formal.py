"""Red-flag classes the rules alone missed on the thirteenth blind set (AI: people writing for
others; AJ: formal writers; a tuned set since, issue 57), in words written for this file: a
worst-ever or thunderclap headache said across commas, the room starting to spin, a helmet
cracked or split, the baby moving less said after the moving, a disc herniation named as the
back, weakness "in both legs", not feeling it when wiping, no food until a weigh-in with a
sauna or spitting, the day's total after its meals, a hot day in degrees with no unit, an
inhaler that "hasn't helped", not able to straighten up after a pop, "I was away for a few
seconds", a pop that felt like a kick from behind, trouble breathing when sitting still, an
ECG trace described as irregularly irregular with no P waves. Beside them, the neighbours that
must stay quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("stroke_signs", "out of nowhere a headache, the worst in my life, right after my last set"),
    ("stroke_signs", "got a headache mid-run that hit like a thunderclap, still pounding"),
    (
        "palpitations_dizziness",
        "my heart started racing and the room spun, had to sit on the bench",
    ),
    ("head_injury_signs", "came off on the gravel, my helmet split and now I'm really drowsy"),
    ("head_injury_signs", "cracked my helmet on the descent, now I'm seeing double"),
    ("pregnancy_warning_signs", "29 weeks pregnant and the baby is kicking a lot less today"),
    (
        "cauda_equina_signs",
        "L4/L5 herniation from last year. new weakness in both legs and I soiled myself overnight",
    ),
    ("cauda_equina_signs", "hurt my back on squats, and when i wipe i can barely feel anything"),
    (
        "extreme_diet",
        "weigh-in is saturday, so not eating until the weigh-in and spitting into a bottle all week",
    ),
    ("extreme_diet", "breakfast: nothing. lunch: a rice cake. that's my whole day, about 250 kcal"),
    ("extreme_diet", "that is all I eat a day, roughly 500 calories, since september"),
    (
        "heat_illness",
        "one of my runners got confused and kept vomiting after the session, it was nearly 100 degrees",
    ),
    ("asthma_unrelieved", "her asthma flared at netball and the inhaler hasn't helped at all"),
    ("acute_injury", "felt a pop in my back on a heavy clean and now I can't straighten up"),
    ("fainting", "slipped in the shower, I was away for a few seconds, feel ok now"),
    (
        "acute_injury",
        "heard a pop at the back of my heel sprinting, felt like somebody had kicked me",
    ),
    ("severe_breathlessness", "since lunch I have trouble breathing even when I sit still"),
    ("rhythm_alert", "my watch ECG strip looks irregularly irregular to me, no p waves I can see"),
]

QUIET = [
    "it was 90 degrees out, ran an easy 5k, felt great",
    "my inhaler hasn't been needed all week, asthma is calm",
    "lunch was a salad, about 400 kcal, big dinner tonight",
    "no food until the weigh-in tomorrow morning, then a big breakfast",
    "baby's moving a lot today, 31 weeks pregnant, can I still do the bike?",
    "helmet cracked when I dropped it in the car park, need a new one",
    "I was away for a while at a training camp, back to the plan now",
    "so sore after leg day that I can't straighten up properly lol",
    "the spin instructor made the room spin with her playlist, great class",
    "felt like someone had hit me after that session, so tired, early night",
    "my Kardia trace this morning showed normal sinus rhythm, clear P waves, regular",
]


@pytest.mark.parametrize(("kind", "text"), RAISED)
def test_the_class_is_raised(kind: str, text: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_neighbour_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
