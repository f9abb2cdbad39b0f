"""Look-alikes the guardrails must keep clear, each beside a red flag worded close to it that
they must still raise: a precision fix that loses the red flag is not a fix."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

# (benign look-alike, the red flag it is close to, the kind that red flag must raise)
PAIRS = [
    # Blood spat out from a bleed in the mouth is not blood coughed up.
    (
        "took an elbow in five-a-side, split my lip and spat some blood, fine now",
        "spat some blood after five-a-side, it came up when I coughed",
        "coughing_vomiting_blood",
    ),
    (
        "flossed for the first time in ages and spat out blood, gums are a mess",
        "spitting blood this morning, not from my gums, I checked",
        "coughing_vomiting_blood",
    ),
    (
        "bit my tongue during the sprint finish, spitting a bit of blood haha",
        "vomited blood after the sprint finish, bit my tongue too",
        "coughing_vomiting_blood",
    ),
    # A low oxygen reading with a known misreading cause and a normal recheck is the device.
    (
        "pulse ox gave 84 with my icy hands after the ride home, warmed them on the radiator and it reads 97",
        "pulse ox gave 84 sitting at home after the ride, tried again and it reads 86",
        "low_resting_spo2",
    ),
    (
        "watch said spo2 86 overnight, I was sleeping on my wrist, now 98 sitting up",
        "watch said spo2 86 overnight and it's 87 now sitting up",
        "low_resting_spo2",
    ),
    (
        "sats went down to 88 at altitude on the ski trip, back to 98 at home",
        "sats 88 at home on the sofa, normally 98",
        "low_resting_spo2",
    ),
    # Painless, irregular practice tightenings and bleeding gums are normal in pregnancy.
    (
        "29 weeks, tightenings now and then on my walks, painless and irregular, settle with rest",
        "29 weeks, tightenings every 5 minutes on my walk and getting stronger",
        "pregnancy_warning_signs",
    ),
    (
        "22 weeks pregnant, my gums bleed when I floss, is swimming still fine?",
        "22 weeks pregnant and bleeding since my swim, is that fine?",
        "pregnancy_warning_signs",
    ),
    # Sleep, a faint expected and denied, and a second's dizziness on standing are not faints.
    (
        "totally passed out by 10 after the double session, slept right through to 7",
        "totally passed out during the double session, came round on the gym floor",
        "fainting",
    ),
    (
        "was sure I'd pass out on the rower intervals but I didn't, just cooked",
        "was sure I'd pass out on the rower intervals and I did, woke up next to it",
        "fainting",
    ),
    (
        "felt faint for a sec when I got up too fast off the bench, fine straight after",
        "felt faint on the bench between sets, still feel faint now",
        "fainting",
    ),
    (
        "came out of a handstand and felt faint for a moment, all good",
        "fainted coming out of a handstand, hit my head",
        "fainting",
    ),
    # Tightness a day or more after training the chest is soreness, not chest pain.
    (
        "chest is tight from tuesday's push session, fine to do flyes today?",
        "chest got tight during today's push session and it's still tight",
        "chest_pain",
    ),
    (
        "chest still tight after the chest workout two days ago",
        "chest still tight after the run two days ago, worse walking up stairs",
        "chest_pain",
    ),
    # A beat or two skipped at rest, or a racing that passed within a minute, is not a run.
    (
        "sitting on the sofa last night my heart skipped a couple of beats, then normal",
        "sitting on the sofa my heart keeps skipping beats, all evening now",
        "palpitations_at_rest",
    ),
    (
        "lying in bed and my heart fluttered for a second, just the once",
        "lying in bed and my heart has been fluttering for an hour",
        "palpitations_at_rest",
    ),
    (
        "woke up from a nightmare with my heart pounding, it settled within a minute",
        "woke up with my heart pounding and it still hasn't settled",
        "palpitations_at_rest",
    ),
    # A heart attack said and then taken back as a joke; eating more to make up for a meal.
    (
        "pretty sure I'm having a heart attack after those hill sprints haha, kidding, all good",
        "pretty sure I'm having a heart attack after those hill sprints, not kidding, arm is numb",
        "chest_pain",
    ),
    (
        "missed lunch in meetings so I had a big early dinner to make up for it",
        "ate a whole pizza so I ran for two hours to make up for it",
        "extreme_diet",
    ),
    # Mild breathlessness on effort is usual in pregnancy; before effort it is a warning.
    (
        "27 weeks now and I'm a bit breathless on the hills in my walks, otherwise great",
        "27 weeks now and I'm breathless even lying in bed",
        "pregnancy_warning_signs",
    ),
    # Laughing is not breathlessness.
    (
        "couldn't breathe from laughing at my mate's squat face",
        "couldn't breathe sitting on the couch after my mate left",
        "severe_breathlessness",
    ),
    # Fainting from boredom or embarrassment is a figure of speech (self-harm words are never
    # relaxed: "want to die of embarrassment" still counts); a real faint is not.
    (
        "swear I'm gonna pass out from boredom on this treadmill, 40 min to go",
        "swear I'm gonna pass out on this treadmill, everything is going grey",
        "fainting",
    ),
    (
        "failed a pull up in front of everyone, nearly fainted of embarrassment lol",
        "failed a pull up in front of everyone and fainted, came round on the mat",
        "fainting",
    ),
    # "Out for 30 minutes" on a bike is a ride; out for a few minutes on the floor is a faint.
    (
        "was out for 30 min on the bike before the rain",
        "was out for a few minutes after the last set, woke up on the floor",
        "fainting",
    ),
    # Throwing up once after a bad meal is not purging; throwing up after meals to lose weight is.
    (
        "threw up after the race, too many gels",
        "I throw up after dinner now so the scale keeps going down",
        "extreme_diet",
    ),
]


@pytest.mark.parametrize(("benign", "red", "kind"), PAIRS)
def test_look_alike_is_clear_and_its_red_flag_is_not(benign: str, red: str, kind: str) -> None:
    assert screen(benign).red_flags == []
    assert kind in screen(red).red_flags


# Red flags that share a word with a look-alike's excuse but not the excuse itself.
STILL_RED = [
    ("spo2 85 with frozen fingers, normally 97", "low_resting_spo2"),  # no recheck
    ("oximeter 86 sitting down, now 96 after I stood up, hands were warm", "low_resting_spo2"),
    (
        "31 weeks, irregular tightenings since lunch and now some spotting",
        "pregnancy_warning_signs",
    ),
    (
        "Braxton Hicks I think, 34 weeks, but the tightenings hurt and come every 10 min",
        "pregnancy_warning_signs",
    ),
    ("thought I'd pass out on the bike and I did, my wife found me", "fainting"),
    ("I didn't eat lunch and felt like I was going to pass out", "fainting"),
    ("chest pressure since chest day yesterday and it spreads into my jaw", "chest_pain"),
    (
        "heart skipped a couple of beats at rest and I felt dizzy, sitting down",
        "palpitations_dizziness",
    ),
    (
        "heart racing at rest, just once but 150 on the watch for ten minutes",
        "palpitations_at_rest",
    ),
    (
        "32 weeks, a bit breathless on the stairs and my face and hands are puffy",
        "pregnancy_warning_signs",
    ),
    (
        "24 weeks pregnant, my gums bleed when I brush and fluid is leaking too",
        "pregnancy_warning_signs",
    ),
    ("coughing and spitting blood since the tackle, lip is fine", "coughing_vomiting_blood"),
]


@pytest.mark.parametrize(("text", "kind"), STILL_RED)
def test_red_flags_near_an_excuse_stay_red(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags
