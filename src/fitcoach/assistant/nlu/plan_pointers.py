"""Plan requests whose words point at what they change rather than name it (issue 57, plans19):
kit listed first and then pointed at ("only kettlebells and a rope here, change the plan to
that"), an exercise pointed at with nothing named ("swap this one out"), a cardio session named
by its day ("the ride on saturday"), and the few words around an exercise's name that say how
or where it is done ("sprints uphill outdoors", "a long easy ride") or that the coach may choose
("the rows with the bar for something else")."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import PLAN_DAY
from fitcoach.assistant.nlu.names import exercise_slug, find_exercise
from fitcoach.assistant.nlu.plan_kit import EQUIPMENT_WORDS, KIT_LOAD, equipment_list
from fitcoach.assistant.nlu.plan_loads import MOVEMENT

# A cardio session named by its day ("skip the swim on tuesday", "drop my ride this saturday"):
# a session taken out, not the exercise from every session. (Not "row": "the rows on monday"
# are the lift taken out of that day.)
CARDIO_ON_DAY = (
    r"\b(?:run|jog|ride|bike ride|cycle|swim|hike|walk|spin|class)s?\s+"
    rf"(?:on |this |next |for )?(?:the )?(?:{PLAN_DAY})\b"
)

# Where a new exercise is done, said after it ("hill sprints outside", "rows at the park"):
# the place, not part of the name.
WHERE_AFTER = (
    r"\s+\b(?:outside|outdoors|indoors|inside|at home|at the (?:park|track|beach|pool))\b.*$"
)

# The words that say how, when or where a cardio session goes ("the long run", "hill sprints",
# "an easy spin"), before the activity's own name.
_CARDIO_HOW = (
    r"(?:long|longer|short|shorter|easy|easier|hard|slow|fast|steady|gentle|brisk|hilly|hill|"
    r"uphill|trail|outdoor|indoor|morning|evening|weekend|recovery|big|little|quick|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)


def cardio_named_plainly(ctx: Ctx, phrase: str) -> str | None:
    """The cardio activity ``phrase`` names once the words of how, when or where it goes are
    left out ("a long hike" is hiking, "uphill sprints" the sprints); None when the rest names
    no cardio entry exactly, or when the words left out were not all such words."""
    words = re.sub(r"^\s*(?:the|a|an|my|some)\s+", "", phrase.strip()).split()
    cut = 0
    while cut < len(words) - 1 and re.fullmatch(_CARDIO_HOW, words[cut]):
        cut += 1
    if cut == 0:
        return None
    slug = exercise_slug(ctx, " ".join(words[cut:]), [])
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    return slug if record is not None and record.category == "cardio" else None


# The new activity said as a verb after who would do it ("can i row instead of running", "i'd
# rather swim than run", "instead of the run, can i bike?"): the verb's own activity. The verb
# alone only: "rows" or "do rows" name the lift.
_VERB_CHOSEN = re.compile(
    r"\b(?:(?:can|could|may|shall|should) (?:i|we)|i'?ll|we'?ll|i will|we will|let me|let'?s|"
    r"i'?d rather|i would rather|i'?d prefer to|i prefer to)\s+(?:just\s+)?"
    r"(?P<verb>row|swim|run|jog|bike|cycle|walk|hike)"
    r"(?=\s+(?:instead|rather than|than)\b|\s*(?:[?.!,;]|$))"
)
_VERB_ACTIVITY = {
    "row": "moderate-rowing",
    "swim": "easy-freestyle-swimming",
    "run": "steady-run",
    "jog": "easy-jog",
    "bike": "moderate-cycling",
    "cycle": "moderate-cycling",
    "walk": "easy-walk",
    "hike": "hiking",
}


def cardio_said_as_verb(ctx: Ctx, within: tuple[int, int]) -> str | None:
    """The cardio activity a verb names as the new one inside ``within`` (a span of the text:
    the new side of a swap); None when no such verb is there."""
    for m in _VERB_CHOSEN.finditer(ctx.text):
        if within[0] <= m.start("verb") < within[1]:
            slug = _VERB_ACTIVITY[m.group("verb")]
            return slug if ctx.exercises.category(slug) == "cardio" else None
    return None


def coach_choice_after(said: str, any_other: str) -> str:
    """What follows the old exercise, from the words that leave the choice to the coach when a
    "with" or "to" of the old one's own comes first ("swap the squats with the bar up high for
    something else": the something else); ``said`` as it was when there are none."""
    for m in re.finditer(r"\b(?:for|with|to|by)\s+", said):
        if m.start() > 0 and has(any_other, said[m.end() :]):
            return said[m.end() :]
    return said


# A swap pointed at with nothing named ("replace that one", "swap this one out please", "change
# the one i hate"): which exercise is asked (a history that names one settles it elsewhere).
_SWAP_POINTED = (
    r"^\s*(?:pls |please |can you |could you |can we |could we |i want to |i'd like to )?"
    r"(?:swap|switch|replace|change|sub|substitute)\s+(?:out\s+)?(?:that|this|the) (?:1|one)\b"
    r"(?P<rest>[^0-9]*)$"
)


def swap_pointed(ctx: Ctx) -> Result:
    """ "replace that one i can't stand": a swap with no exercise named and no new one either;
    None when the rest names a new exercise, a target or anything of the plan."""
    m = re.search(_SWAP_POINTED, ctx.text)
    if m is None:
        return None
    rest = m.group("rest")
    if has(
        r"\b(?:to|for|with|into|instead|day|days|session|sessions|week|plan|program|programme)\b",
        rest,
    ) or find_exercise(ctx, rest):
        return None
    return "swap_exercise", {"exercise": None, "to": None}, []


# Kit listed, then pointed at: "… change the plan to that", "… can you use those instead of my
# bands", "… base my sessions around what i have".
_KIT_POINTED = (
    # (not "redo" or "build": a new plan made around the kit, read by ``generate_plan``)
    r"\b(?:change|switch|set|make|adapt|adjust|base|update|move|fit)\s+"
    r"(?:the |my |our )?(?:plan|program|programme|routine|workouts?|sessions?|training)\s+"
    r"(?:over )?(?:to|for|around|on|with)\s+(?:that|this|those|these|it|them|what i (?:have|got))\b",
    r"\b(?:use|go with|switch to|change to|move to|work with|program with|programme with)\s+"
    r"(?:those|these|them|that|this)(?: instead)?\s+(?:instead of|rather than|in place of|"
    r"over)\s+(?P<old>[^,.;!?]+)",
)


def kit_pointed(ctx: Ctx) -> Result:
    """The equipment listed before a pointer to it ("machines and cables now, use those instead
    of the dumbbells"): the kit before it is had, the kit after "instead of" is not. None when
    no kit comes before, or the words before name an exercise or a number of a log."""
    for pattern in _KIT_POINTED:
        m = re.search(pattern, ctx.text)
        if m is None:
            continue
        before = ctx.text[: m.start()]
        have = equipment_list(before)[0]
        bare = re.sub(KIT_LOAD, " ", before)
        for kit, _ in EQUIPMENT_WORDS:
            bare = re.sub(kit, " ", bare)
        if not have or has(r"\d|" + MOVEMENT, bare) or find_exercise(ctx, bare) is not None:
            return None
        slots: Slots = {"equipment": have}
        old = m.groupdict().get("old")
        gone = [k for k in equipment_list(old)[0] if k not in have] if old else []
        if gone:
            slots["without"] = gone
        return "set_equipment", slots, []
    return None
