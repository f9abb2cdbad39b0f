"""What to ask of a message that says training was done without the numbers a log needs
("just did some bench", "went for a run", "did my cardio"): one precise question, never a
guess stored."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fitcoach.assistant.nlu.base import Ctx, has
from fitcoach.assistant.nlu.names import named_exercises
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN
from fitcoach.assistant.nlu.sport_news import sport_without_figures
from fitcoach.assistant.nlu.vague_news import said_without_figures
from fitcoach.assistant.nlu.wearable_scores import unkept_figure_question

QUESTION_CLAUSE = re.compile(
    # "did 3 more" is a log, "did I ...?" a question: "do" and "did" count only before a person
    r"\?|^(?:should|shall|what|how|is|are|can|could|does|why|when|which|will|would)\b|"
    r"^(?:do|did) (?:i|you|we|my|that|this|it)\b"
)

_DID = re.compile(
    r"\b(did|done|doing|trained|worked out|lifted|hit|finished|went for|went on|smashed|got in|managed|"
    r"got through|completed|nailed|crushed|"
    # "got a run in before the rain", "got my swim in", "got a quick ride in" (stop 96)
    r"(?:got|get|squeezed|snuck|fit|fitted) (?:a|an|my|some|the) (?:[a-z]+ ){0,2}in)\b"
)
_CARDIO_WORDS = re.compile(
    r"\b(run|ran|jog\w*|ride|rode|cycled|swim|swam|walk\w*|hike\w*|row(?:ed|ing)?)\b"
)
# "went jogging after work", "went swimming": an outing done, as "went for a jog" is
_WENT_DOING = re.compile(
    r"\bwent (?:jogging|running|swimming|cycling|biking|hiking|walking|rowing)\b"
)


def exercise_list(ctx: Ctx, slugs: Sequence[str]) -> str:
    """Exercise names as people read them, for a question."""
    by_slug = {r.slug: r.name for r in ctx.exercises.records}
    return ", ".join(by_slug.get(s, s.replace("-", " ")) for s in slugs)


# A programme's day named for the session ("did my 5/3/1 day", "gzclp a2 done"): which lifts,
# sets and loads are the programme's, never said (lifts96); looked for as written (the lines
# drop "5/3/1" as a programme's name)
_PROGRAMME_DAY = r"(?:5/3/1|\b531|\bgzclp?|\bnsuns|\bstronglifts|\bwendler)\b"


def vague_question(ctx: Ctx) -> list[str]:
    """What to ask for a message that says training was done without its numbers ("just did
    some bench", "went for a run", "bench 100", "ran 10 today"); empty when it is no log."""
    # (days95: "can you log the ride from saturday": a log asked for, its figures asked)
    asked_to_log = _LOG_ASKED.match(ctx.text) is not None
    statement = _DID_MY.match(ctx.text) is not None or _DID_THEM.match(ctx.text) is not None or asked_to_log  # fmt: skip
    if (QUESTION_CLAUSE.search(ctx.text) and not statement) or has(r"\b(tomorrow|next|will|going to|plan to|want to|should)\b", ctx.text):  # fmt: skip
        return []  # a question or a plan, not training done
    if has(r"\bsame (?:as|like) (?:last|before|usual|the other|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\bthe usual\b|\bsame again\b", ctx.text):  # fmt: skip
        # "same as last week for chest": nothing earlier is copied, the numbers are asked for
        return ["which exercises did you do, with how many sets and reps and what load (I do not copy an earlier session)?"]  # fmt: skip
    named = sorted(named_exercises(ctx, ctx.text))
    numbers = [m.group(0) for m in NUMBER_TOKEN.finditer(ctx.text)]
    unclear = [f"I am not sure what {n} is here" for n in numbers]
    if named and (_DID.search(ctx.text) or numbers):
        return [*unclear, f"how many sets and reps of {exercise_list(ctx, named)} did you do, and at what load?"]  # fmt: skip
    if (_CARDIO_WORDS.search(ctx.text) and (_DID.search(ctx.text) or numbers or asked_to_log or has(r"\b(ran|jogged|rode|cycled|swam|walked|hiked|rowed)\b", ctx.text))) or _WENT_DOING.search(ctx.text):  # fmt: skip
        return [*unclear, "how long was it (and how far: km or miles)?"]
    if has(r"\bcardio\b", ctx.text) and (_DID.search(ctx.text) or statement):
        return ["which cardio was it, and how long (and how far) did it last?"]
    if (reading := _LOG_MY.search(ctx.text) or _CUT_OFF.search(ctx.text)) and not numbers:
        # "log my weight please"; "my resting hr this morning was" (sent before its figure)
        return [_READING_QUESTION[_READING_ALIAS.get(reading.group("what"), reading.group("what"))]]  # fmt: skip
    # (a change said of it, "down 2 cm", "up again", is no reading: the figure is asked for)
    readings = NUMBER_TOKEN.search(_CHANGE.sub(" ", ctx.text)) is not None
    if (measured := _MEASURED.search(ctx.text)) and not readings:  # "measured my waist today"
        return [f"what did your {measured.group('part')} measure (cm or inches)?"]
    if (
        _WEIGHED.search(ctx.text) and not readings and not named
    ):  # "stepped on the scale today, up again"
        return [_READING_QUESTION["weight"]]
    if _DID.search(ctx.text) and (has(r"\b(chest|back|legs?|arms?|shoulders?|glutes|core|abs|upper|lower|push|pull|full body|gym|weights|workout|session|training|exercises|physio|rehab|stretches|circuit)\b", ctx.text) or has(_PROGRAMME_DAY, ctx.raw.lower())):  # fmt: skip
        return ["which exercises did you do, with how many sets and reps and what load?"]
    if _BEDTIME_ONLY.match(ctx.text):  # "in bed by 11 last night": when, never how long
        return ["how long did you sleep (or what time did you get up)?"]
    return (
        _told_without_figures(ctx)
        or said_without_figures(ctx)
        or sport_without_figures(ctx)
        or unkept_figure_question(ctx)
    )


# A log asked for by a question ("can you log the ride from saturday", "could you add my swim
# pls"): what it is of is told, its figures are asked for
_LOG_ASKED = re.compile(
    r"^(?:hey |hi |ok |so )?(?:can|could) (?:you|u) (?:please |pls |plz )?(?:log|add|record|enter|save|"
    r"put in|put down|note)\s+(?:in\s+)?(?:my|the|a|that|this|today's|yesterday's)\b"
    r"(?!.*\b(?:plan|programme|program|schedule|routine|calendar)\b)"
)


# (days95) A night told by its bedtime alone ("in bed by 11 last night", "lights out at
# 10:30"): its length is asked for, never guessed
_BEDTIME_ONLY = re.compile(
    r"^(?:i |i was |was |got |went |i went |finally )?(?:in bed|to bed|to sleep|asleep|lights out|"
    r"hit the (?:sack|hay|pillow))\s+(?:at|by|around|about)\s+(?:\d{1,2}(?::[0-5]\d)?\s*(?:am|pm)?|"
    r"midnight)(?:\s+(?:last night|yesterday|tonight))?\s*[.!]*$"
)


_LIFTED_FOR = re.compile(
    r"\b(?:lifted|trained|worked out)\b.*\d\s*(?:mins?|minutes?|h|hrs?|hours?)\b"
)
_LOG_TIME_ONLY = re.compile(r"^(?:pls |please |can you )?log\s+(?:like\s+|about\s+)?\d+\s*(?:mins?|minutes?|h|hrs?|hours?)\b")  # fmt: skip
_LOG_WEIGHT = re.compile(r"\b(?:log|record|add|save)\s+(?:my\s+)?(?:body ?)?weight\b")


def _told_without_figures(ctx: Ctx) -> list[str]:
    """A log asked for without what it is of: "lifted for 90 min today" (no lift named), "log
    45 min pls" (no activity), "log my weight for today" (no weight): the one thing missing."""
    numbers = NUMBER_TOKEN.search(ctx.text) is not None
    if _LIFTED_FOR.search(ctx.text):
        return ["which exercises did you do, with how many sets and reps and what load?"]
    if _LOG_TIME_ONLY.search(ctx.text):
        return ["which activity was it (a run, a ride, a swim...)?"]
    if _LOG_WEIGHT.search(ctx.text) and not numbers:
        return ["what did you weigh (kg or lb)?"]
    return []


# "did my cardio", "did my workout": a session done (no question mark, a session's word next)
_DID_MY = re.compile(
    r"^(?:i )?did my (?:cardio|workout|session|training|class|run|ride|swim)\b(?!.*\?)"
)
# "did my squats today", "did the physio exercises": done, told without a question mark and
# with no verb of a question after the thing ("did my squats look ok" is asked)
_DID_THEM = re.compile(
    r"^(?:i )?did (?:my|all my|the|her|his|all her|all the) (?!.*\?)"
    r"(?!.*\b(?:look|looks|count|help|hurt|work|matter|mean|cause|make|go|seem|feel)\b)"
)
# A body measurement told without its figure ("measured my arms today", "measured my waist")
_MEASURED = re.compile(
    r"\bmeasured (?:my |both )*(?P<part>waist|hips?|arms?|biceps|chest|thighs?|neck|calf|calves)\b"
)
# Weighing told without the figure ("weighed myself this morning", "got on the scale")
_WEIGHED = re.compile(
    r"\b(?:weighed (?:myself|in)|(?:stepped|got|hopped|jumped) on the scales?)\b(?!.*\?)|"
    # the weight told only as a change ("weight this morning was up again", "the scale was
    # down"): the reading itself is asked for (a lift's "weights went up" is no weigh-in)
    r"\b(?:(?:body ?)?weight|scales?)\b(?:\s+(?:this|that|today|yesterday|morning|again|on|the|my|"
    r"hotel|gym|home|bathroom|scales?)){0,5}\s+(?:was|is|went|has gone|came|crept|jumped|shot)"
    r"(?:\s+(?:back|way|right|a bit|slightly))?\s+(?:up|down|higher|lower)\b(?!.*\?)"
)
# A change told instead of a reading ("down 2 cm", "lost 1.5 kg", "up 300 g")
_CHANGE = re.compile(
    r"\b(?:up|down|lost|gained|dropped|another|by)\s+(?:another\s+|about\s+|almost\s+)?"
    r"\d+(?:\.\d+)?\s*(?:cm|mm|inch(?:es)?|in|kgs?|kilos?|lbs?|pounds?|g)\b"
)
# A reading asked to be logged without its figure ("log my weight please", "can you record my
# sleep"): the figure is asked for, never guessed
_LOG_MY = re.compile(
    r"\b(?:log|record|enter|note|add|save|track|put in|put down|write down)\s+(?:in\s+)?"
    r"(?:my|today's|this morning's|the)\s+(?P<what>weight|weigh-in|sleep|resting (?:hr|heart rate)|hrv)\b"
)
# A reading named and its figure never sent ("my resting hr this morning was", "weight today
# is", "hrv:"): the message ends where the figure would stand
_CUT_OFF = re.compile(
    r"\b(?P<what>weight|weigh-in|resting (?:hr|heart rate)|rhr|hrv)\b"
    r"(?:\s+(?:this morning|today|tonight|last night|on waking|when i woke up|at wake-?up))?"
    r"\s*(?:was|is|came in at|read|reads|said|=|:)\s*(?:\.{2,}|…)?\s*$"
)
_READING_ALIAS = {"rhr": "resting hr"}
_READING_QUESTION = {
    "weight": "what did the scales say (kg or lb)?",
    "weigh-in": "what did the scales say (kg or lb)?",
    "sleep": "how many hours did you sleep (or from when to when)?",
    "resting hr": "what was your resting heart rate?",
    "resting heart rate": "what was your resting heart rate?",
    "hrv": "what was your HRV (ms)?",
}
