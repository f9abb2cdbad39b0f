"""Red flags and look-alikes said the way people living with long-term conditions and everyday
people logging on the go say them (issue 57, red57b: corpus-57j's writers BH and BJ), by class,
written here in other words: a death wished for as a throwaway line then meant; breathless
lying down or needing pillows, gasping with a rattling chest, a pop above the heel with no
rising onto the toes, a pounding heart with dizziness, ketone breath or a very high sugar while
sick, a reliever that does nothing, a sharp pain low on the right with a fever. Each class has a
quiet counterpart, and the look-alikes that name their benign sense (a shock at a bill said as a
faint, "want to die (of embarrassment)", one more rep threatened with a laugh, a chest pain
that was chafing, a sensor's error beside a finger prick in range, slurring mid-plank, breath
lost carrying shopping, a tight chest from a head cold, heartburn an antacid cleared, an
oximeter misread with cold fingers, "starving myself" taken back with the meal named) stay quiet unless a sign keeps them
raised. The lists are run by ``test_guardrails_by_family``."""

from __future__ import annotations

from fitcoach.assistant.guardrails import escalation_message, screen
from fitcoach.assistant.guardrails.explain import explain

RAISED = [
    ("lol what if i just didn't exist any more, problem solved. not joking", "self_harm"),
    ("imagine me not being around for new year haha. honestly", "self_harm"),
    ("i hope my heart just gives out in my sleep. some nights i mean it", "self_harm"),
    ("been breathless since monday, even when i lie flat", "severe_breathlessness"),
    ("short of breath at night and i need four pillows now", "severe_breathlessness"),
    ("after the intervals still gasping and a rattly chest", "severe_breathlessness"),
    ("heard a snap above my heel on the court, now i can't stand on tiptoe", "acute_injury"),
    ("pounding heart on the stepper and i got woozy, had to sit", "palpitations_dizziness"),
    (
        "my partner says my breath smells of nail varnish, sugars all over the place",
        "glycaemic_emergency",
    ),
    ("blood sugar at 28 since lunch and i keep throwing up", "glycaemic_emergency"),
    ("wheezy after the park run and my blue puffer isn't doing anything", "asthma_unrelieved"),
    ("sharp pain lower on my right side since last night, and a temperature", "other_medical"),
]

QUIET = [
    "if i didn't exist the gym would be emptier at 6am",
    "imagine not being around for the christmas party, i'm flying out that week tbh",
    "i hope my heart rate stops climbing on the hills soon",
    "lying flat on the mat after 20 minutes of stretching, felt great",
    "need two pillows for my knees when i sleep on my side",
    "heard a pop in my knuckles doing push-ups, no pain",
    "pounding heart after the sprint, normal after a minute",
    "breath smells like garlic after that curry lol",
    "sugar in my coffee, 2 spoons, log it",
    "my ventolin didn't do anything, the canister was empty. new one and all good",
    "sharp pain in my right calf during the run, eased when i stretched",
    "nearly fainted when i saw the price of those trainers 🤣 bought them anyway",
    "mini heart attack when i checked my bank app after black friday",
    "I want to die (of cringe) - my zip broke mid squat",
    "if i have to do one more burpee i'll jump out the window haha. 5 rounds done",
    "chest pain was only chafe from my sports bra on the long run",
    "my dexcom said 2.2 but it was a compression low from sleeping on it. finger prick 6.1",
    "my words came out slurred cause i was trying to chat during my wall sit lol",
    "couldn't catch my breath on the hill cos i was pushing the double buggy",
    "chest a bit tight from this head cold, runny nose, no fever. resting today",
    "heartburn after the pizza, burning in my chest, took some tums and it went away",
    "sats said 86 at first, my hands were icy after the bike. rechecked inside, 98",
    "starving myself till the wedding buffet haha jk i just had eggs on toast",
]

KEPT = [
    ("almost blacked out when i looked at my watch, dizzy and my heart is pounding", "fainting"),
    ("I want to die (of embarrassment). honestly i want to die", "self_harm"),
    ("chest pain = nipple chafing i think, but it goes down my left arm", "chest_pain"),
    (
        "my libre said 2.5, a sensor error i think, finger prick 5.9 but i'm shaking and sweaty",
        "glycaemic_emergency",
    ),
    ("chest tight from a cold and now wheezing and short of breath", "chest_pain"),
    (
        "burning behind my breastbone on the run, heartburn maybe, a rennie eased it but it came back",
        "chest_pain",
    ),
    ("oximeter 85 with cold fingers, warmed up and it's 96 but i'm breathless", "low_resting_spo2"),
]


def test_a_throwaway_line_meant_gets_the_crisis_reply() -> None:
    found = screen("haha what if i wasn't here next summer. i've thought about how")
    assert "self_harm" in found.red_flags
    assert escalation_message(found).startswith("Training can wait: your safety comes first")


def test_the_body_kinds_are_named_to_this_family() -> None:
    found = explain("peak flow way down and my reliever isn't touching it")
    assert "daily_life_speech" in found.layers["asthma_unrelieved"]
