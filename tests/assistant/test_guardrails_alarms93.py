"""Look-alike false alarms by class (issue 57, alarms93), written here in other words than the
messages of corpus-57o's writers CK-CN that showed them: a near-faint or lost breath that is
laughter or boredom; a watch squashed under a pillow beside a normal recheck; a goodbye letter
addressed to a training thing; sleep for hours said as blacking out on the sofa; a snap put down
to the kit; a collapse lain in grinning after a session; a pop whose mark is denied in a list
("no pain or swelling"). Each quiet class sits beside the red flag worded close to it, which
still fires, and each is a benign reading the student's gate can use (``quietened``)."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import quietened, screen

QUIET = [
    # Nearly blacking out or fainting laughing, passing out from boredom.
    ("nearly blacked out laughing when my mate dropped the kettlebell on his toe lol", "fainting"),
    ("feel like im gonna pass out from how dull this erg session is, 30 min zone 2", "fainting"),
    ("nearly blacked out with laughter at the coach's dance moves 🤣", "fainting"),
    # Barely or hardly able to breathe for laughing.
    (
        "could hardly breathe for laughing at the warm up video, anyway 5k done",
        "severe_breathlessness",
    ),
    # A watch squashed under a pillow or the body, normal rechecked.
    (
        "ring said spo2 86 overnight, it was wedged under my body. rechecked this morning 98",
        "low_resting_spo2",
    ),
    # A goodbye letter addressed to a training thing or a stage of life.
    ("writing a goodbye note to my 20s lol, turning 30 saturday. legs today", "self_harm"),
    ("wrote a goodbye letter to sugar... lasted 3 days 😂", "self_harm"),
    # Sleep for hours said as blacking out on the sofa or in bed.
    ("blacked out on the settee after my night shift, 8am till 2pm, log sleep", "fainting"),
    ("blacked out on the sofa 2pm to 6pm after the long run haha", "fainting"),
    # A snap or a pop put down to the kit.
    ("heard a snap on the squat, it was just my belt buckle lol. 5x3 at 140", "acute_injury"),
    # A collapse lain in grinning or laughing after the session.
    (
        "collapsed on the floor after the last burpee and lay there laughing, 10 rounds done",
        "fainting",
    ),
    ("collapsed in a heap after the final 400 and lay there smiling at the sky", "fainting"),
]

RAISED = [
    # A faint with a fall, the head or the heart beside the laugh or the boredom.
    ("nearly fainted laughing, then fell and hit my head on the floor", "fainting"),
    ("passed out from boredom on the bike and came round on the floor", "fainting"),
    ("almost blacked out laughing and my heart was pounding for ages", "fainting"),
    ("passed out during my run today", "fainting"),
    # Breathless at rest or with the chest, no laugh.
    ("can barely breathe sitting on the sofa and my chest is tight", "severe_breathlessness"),
    # A low oxygen with no artefact, or none rechecked.
    ("watch said spo2 86 at 3am and I felt breathless", "low_resting_spo2"),
    # A goodbye letter to people, to everyone or with no addressee.
    ("wrote goodbye letters to my kids last night", "self_harm"),
    ("writing a goodbye letter to everyone, can't do this anymore", "self_harm"),
    ("wrote my goodbye letter... to my family. i'm done", "self_harm"),
    ("finished my goodbye letter tonight", "self_harm"),
    # A goodbye letter to the gym beside a sign that keeps it raised.
    (
        "wrote a goodbye letter to the gym and to everyone else, i won't be around much longer",
        "self_harm",
    ),
    # Blacking out on the sofa for a moment, or with the floor.
    ("blacked out on the sofa for a few seconds after standing, woke up on the floor", "fainting"),
    ("blacked out on the couch for a second, heart racing", "fainting"),
    # A snap with the tendon's signs after it, whatever the kit.
    ("heard a snap on rdls, thought it was my belt but it hurts and it's swelling", "acute_injury"),
    ("heard a snap in my ankle and it's swollen and purple", "acute_injury"),
    ("heard a snap and my knee buckled", "acute_injury"),
    # A collapse after a session with a faint's signs.
    (
        "collapsed onto the mat after the last round, lay there a minute, dizzy and couldn't get up",
        "fainting",
    ),
    # A pop with a mark after it.
    ("finger went pop on a crimp and now it's swollen", "acute_injury"),
    ("knee went pop, no pain at first but now swollen", "acute_injury"),
]


@pytest.mark.parametrize(("text", "kind"), QUIET)
def test_a_look_alike_class_stays_quiet_and_is_a_benign_reading(text: str, kind: str) -> None:
    assert screen(text).red_flags == []
    assert kind in quietened(text)


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_red_flag_worded_close_to_it_still_fires(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


# A pop's mark denied in a list is not a mark: a negation, not a benign sense, so only quiet.
DENIED_MARK = [
    "knee went pop on the first squat like it always does, not swollen or bruised",
    "wrist went crack on the catch, no pain or swelling, it does that",
]


@pytest.mark.parametrize("text", DENIED_MARK)
def test_a_pop_with_its_mark_denied_in_a_list_stays_quiet(text: str) -> None:
    assert "acute_injury" not in screen(text).red_flags
