"""Red flags and look-alikes said the way endurance athletes pasting watch lines, daily trackers,
beginners on machines and in classes, and second-language writers say them (issue 57, red57k:
corpus-57k's writers BM, BN, BO and BP), by class, written here in other words: thinking of not
waking up (any tense); a fluttery heart with the place spinning; a head knock with a broken
helmet and being sick or a memory gap; a pregnancy's baby moving less; urine the colour of cola
or tea. Each class has a quiet counterpart, and the look-alikes that name their benign sense (a
death wish laughed about a rep, a class or tiredness; a heart attack at a price; not breathing
for laughing; faint from hunger with dinner coming; seeing stars with every sign denied; a past
low settled since; a joint that pops back in as it always does; short breath in Spanish on the
last intervals; a chest worry a cardiologist cleared; saddle numbness that goes each time one
gets off) stay quiet unless a sign keeps them raised. The lists are run by
``test_guardrails_by_family``."""

from __future__ import annotations

from fitcoach.assistant.guardrails import escalation_message, screen
from fitcoach.assistant.guardrails.explain import explain

RAISED = [
    ("honestly some days i think about just not waking up", "self_harm"),
    ("i've thought about never waking up a few times this month", "self_harm"),
    ("last winter i kept dreaming of not waking up, and it's back", "self_harm"),
    ("3rd km my heart went fluttery and the whole road started spinning", "palpitations_dizziness"),
    ("pounding heart on the erg, then everything was swaying", "palpitations_dizziness"),
    ("came off on the descent, cracked my helmet, been sick once since", "head_injury_signs"),
    ("smacked my head on the kerb when i fell, can't remember riding home", "head_injury_signs"),
    ("31 weeks and the baby has been really quiet since lunch", "pregnancy_warning_signs"),
    ("pregnant, 27wks, haven't felt her kick all evening", "pregnancy_warning_signs"),
    ("day after the spin class my wee looks like black tea and my quads ache", "rhabdomyolysis"),
    ("legs wrecked from the leg day and cola-coloured urine this morning", "rhabdomyolysis"),
]

QUIET = [
    "i dream about not waking up till 9 on saturdays",
    "dreaming of not waking up early tomorrow, rest day",
    "heart rate went fluttery on the watch, probably the strap. 10k easy in 52",
    "the spin class instructor had the room spinning with her playlist",
    "cracked my phone screen on the run, 8k in 41",
    "can't remember the last lap's split, watch says 1:32",
    "baby's been quiet all night, she slept 7 hours! my sleep 6h",
    "my 12 weeks old baby barely feels heavy in the carrier now, 3 mile walk",
    "pee's pale, drank loads. 2.5l water today",
    "iced tea with lunch, 30g protein",
    "kinda want to die after those hill repeats lol. 8 x 60s, 40 min total",
    "i want to die every time the coach calls another round 🤣 done though, 4 rounds",
    "want to die 😂 (of tiredness, teething baby). slept 5 hours",
    "nearly had a heart attack at the price of the new garmin 😂",
    "can't breathe 🤣 my son just called my lunges 'the duck walk'",
    "feeling faint from hunger lol, lunch in 10. weigh-in 81.2",
    "walked into the cupboard door, saw stars, fine now, no headache. 7k steps",
    "had a small hypo last monday after a long ride, been fine ever since. 45 min zone 2",
    "knee clicks back into place on the leg press, it does that, not painful",
    "me falta el aire en los últimos 200, normal? hice 8 x 200",
    "had chest pains a few years ago, all the tests came back normal. plan for a half marathon?",
    "numb bits after 3 hours in the saddle, goes away a few minutes after i get off",
]

KEPT = [
    ("want to die after that set haha, tbh i think about it most nights", "self_harm"),
    ("had a heart attack looking at the bill, and now my chest is tight", "chest_pain"),
    ("can't breathe lol, my lips are swelling after that peanut bar", "anaphylaxis"),
    ("hit my head on the bar, saw stars, no headache but i threw up twice", "head_injury_signs"),
    (
        "had a hypo last week, doc changed my insulin, fine since but shaky and sweaty now",
        "glycaemic_emergency",
    ),
    (
        "had chest pain last year, cardiologist cleared me, but it came back on today's run",
        "chest_pain",
    ),
]


def test_not_waking_up_gets_the_crisis_reply_after_a_joke() -> None:
    found = screen("this cut is killing me lol. sometimes i think about not waking up tbh")
    assert "self_harm" in found.red_flags
    assert escalation_message(found).startswith("Training can wait: your safety comes first")


def test_the_body_kinds_are_named_to_this_family() -> None:
    found = explain("34 weeks and baby's been very still today")
    assert "tracker_speech" in found.layers["pregnancy_warning_signs"]
