"""The equipment a message names (issue 57; moved here from ``plan_requests`` by plans16):
the words of each piece, the presets ("full gym", "bodyweight only"), what is had and what is
named as missing, and a kit's weights beside it ("dumbbells up to 20kg")."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import has
from fitcoach.coach import vocabulary as vocab

EQUIPMENT_WORDS: tuple[tuple[str, str], ...] = (
    (r"adjustable dumbbells?|dumbbells?|dumbells?|dumbels?|\bdbs?\b", "dumbbell"),
    (r"\bez[- ]?bar|curl bar", "ez_bar"),
    (r"trap bar|hex bar", "trap_bar"),
    (r"pull[- ]?up bar|chin[- ]?up bar|doorway bar", "pull_up_bar"),
    (r"\bbarbells?\b|\bbar and plates\b|olympic bar", "barbell"),
    (r"kettlebells?|kettle bells?|\bkbs?\b", "kettlebell"),
    # (a word's start: a "husband" who travels is no band)
    (
        r"\b(?:resistance |exercise |loop |mini )?bands?\b|\b(?:thera|mini|super)bands?\b",
        "resistance_band",
    ),
    (r"smith machine|\bsmith\b", "smith_machine"),
    (r"cable machine|cables?\b|pulley", "cable"),
    (r"(?:squat |power )?rack\b|\bcage\b", "squat_rack"),
    (r"medicine ball|med ball", "medicine_ball"),
    (r"\btrx\b|suspension trainer|\brings\b", "suspension_trainer"),
    (r"treadmill", "treadmill"),
    (
        # and the smart trainers and apps people ride indoors with, named for the bike
        r"stationary bike|exercise bike|spin bike|bike trainer|turbo trainer|peloton|smart trainer|"
        r"zwift|wahoo|kickr|tacx|wattbike|rouvy",
        "stationary_bike",
    ),
    (r"rowing machines?|\browers?\b|\bergs?\b|concept ?2", "rower"),  # ("the boathouse has ergs")
    (r"\bbikes?\b|bicycle", "bicycle"),
    (r"elliptical|cross trainer", "elliptical"),
    # (stop 95) a rope to climb and a fingerboard, before the skipping rope's "ropes"
    (r"climbing ropes?|\brope climbs?\b|(?:gym|climbing|a|the) rope to climb", "climbing_rope"),
    (r"hang ?boards?|finger ?boards?", "hangboard"),
    (r"jump ?ropes?|skip(?:ping)? ropes?|(?<!battle )(?<!climbing )\bropes\b", "jump_rope"),
    (r"\bpool\b", "pool"),
    (r"dip (?:bars|station)|parallel bars", "dip_bars"),
    (r"\bbench\b", "bench"),
    (r"\bmachines\b", "machine"),
    (r"plyo box|jump box", "plyo_box"),
    (r"\bsled\b|prowler", "sled"),
    (r"landmine", "landmine"),
    (r"ab wheel|ab roller", "ab_wheel"),
)
PRESETS: tuple[tuple[str, str], ...] = (
    (r"full gym|commercial gym|big gym|proper gym|whole gym|(?:back at|back in) the gym|everything", "full_gym"),
    (r"home gym|garage gym", "home_gym"),
    (r"no equipment|nothing\b|bodyweight only|only bodyweight|just (?:my )?bodyweight|no gym|"
     r"no weights|zero equipment|just my body|own body ?weight|hotel room|"
     # (plans93) the lifter's shorthand, said as all there is ("bw only", "just bw")
     r"\bbw only\b|\bonly bw\b|\bjust bw\b", "none"),
)  # fmt: skip


# (plans95) Words beside the kit that name no kit: a session named for its lift or kit ("nsuns
# bench day", "kb day"), and "everything" as the things moved ("moved everything to the garage:
# a barbell ..."), which is no full gym.
_NOT_KIT = re.compile(
    r"\b(?:"
    + "|".join(p for p, _ in EQUIPMENT_WORDS)
    + r")\s+days?\b|\b(?:moved|moving|took|brought|packed|shifted)\s+(?:everything|it all)\b"
)


def kit_words(text: str) -> str:
    """``text`` without the words of ``_NOT_KIT`` (the session's name, "moved everything")."""
    return _NOT_KIT.sub(" ", text)


def equipment_list(text: str) -> tuple[list[str], list[str]]:
    """(equipment available, equipment named as missing) in normalised ``text``."""
    text = kit_words(text)
    have: set[str] = set()
    missing: set[str] = set()
    # (a comma then "no", "without", "just" or "only" opens a clause of its own: "only has
    # machines, no free weights" has the machines; "no more barbell, just bells" has the bells)
    for part in re.split(r"\b(?:but|except|although|though)\b|[.;]|,\s*(?=(?:no|without|just|only)\b)", text):  # fmt: skip
        negated = has(
            r"\b(no|don'?t have|do not have|without|lost|not|haven'?t got|can'?t use)\b", part
        )
        for pattern, preset in PRESETS:
            if has(pattern, part):
                have.update(vocab.EQUIPMENT_PRESETS[preset])
                negated = negated and preset != "none"
        for pattern, item in EQUIPMENT_WORDS:
            if has(pattern, part):
                (missing if negated else have).add(item)
    return sorted(have - missing), sorted(missing)


# A kit's weights beside it ("dumbbells up to 20kg", "kettlebells from 8 to 24 kg", "a 16kg
# bell", a list of them: "12, 20 and 28 kg bells"): what the kit is, not a number of a log.
KIT_LOAD = (
    r"(?:\b(?:up to|to|from|of|between|upto)\s*)?\b\d+(?:\.\d+)?\s*(?:(?:-|to|and|or|&|/|,)\s*\d+(?:\.\d+)?\s*)*"
    r"(?:kg|kgs|kilos?|lbs?|pounds?)\b"
)
