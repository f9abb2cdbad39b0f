"""Logs told as news, without the figures a log needs (issue 57, vague93): "log my walk",
"bench earlier, arms are done", "hips were down again, log it", "hrv looked great today",
"did 40 mins before work". The rules knew no log in them and answered with the help text;
they are logs (a log verb, a thing one logs named, a lift done), so the one question the
logging reader asks for that missing piece is asked instead, and nothing is ever stored.

``vague.vague_question`` calls this last, after its own gate (a question or a plan is never
read here)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.names import named_exercises
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN

# A log asked for in so many words ("log this pls", "log my walk", "put in a walk", "record
# yesterday's cardio"): the thing after the verb is what is logged
_LOG_VERB = re.compile(
    r"\b(?:log|logg?ed|record|track|enter|put in|put down|write down|note down)\s+"
    r"(?:it|this|that|these|them|my|the|a|an|in|yesterday'?s|today'?s|this morning'?s|"
    r"last night'?s|tonight'?s|\w+day'?s)\b"
)
# Sets said without their count ("a few sets", "some sets of", "couple sets"): done, not planned
_VAGUE_SETS = re.compile(
    r"\b(?:a few|few|some|a couple(?: of)?|couple(?: of)?|several|a bunch of|loads of|lots of|"
    r"a handful of)\s+(?:\w+\s+)?(?:sets|rounds)\b"
)
# A lift's own verb in the past, as written ("squatted", "benched", "deadlifted"): the
# normaliser turns it into the lift's name, so it is looked for in the raw words
_LIFTED = re.compile(
    r"\b(?:squatted|squatting|benched|benching|deadlifted|deadlifting|dead lifted|pressed|"
    r"curled|lunged|lifted)\b",
    re.IGNORECASE,
)
# Interval work named without its activity ("did the intervals from the plan")
_INTERVALS = re.compile(r"\b(?:intervals|interval session|interval workout|repeats|tempo)\b")
_DID = re.compile(r"\b(?:did|done|finished|completed|smashed|nailed|got through)\b")
# A time told as done, with nothing it was of ("did 45 min this morning, felt great")
_DID_TIME = re.compile(
    r"\b(?:did|done|got in|managed|put in)\s+(?:a |an )?(?:solid |good |easy |hard |quick )?"
    r"(?:about |around |roughly |like )?\d+(?:\.\d+)?\s*(?:mins?|minutes?|hrs?|hours?|h)\b"
)
# A class told with its time but no name the library knows ("krav class, 45 min", "mobility
# session this morning, full hour"): the activity is asked, never guessed
_CLASS_TIMED = re.compile(
    r"\b(?:class|lesson)\b.*\b\d+(?:\.\d+)?\s*(?:mins?|minutes?|hrs?|hours?|h)\b|"
    r"\b\d+(?:\.\d+)?\s*(?:mins?|minutes?|hrs?|hours?|h)\b.*\b(?:class|lesson)\b"
)
_CARDIO_THING = re.compile(
    r"\b(?:run\w*|ran|jog\w*|rid(?:e|es|ing)|rode|cycl\w*|swim\w*|swam|walk\w*|hik\w*|"
    r"row(?:ed|ing)?|cardio|spin\w*|bik\w*)\b"
)
# A daily reading judged in words instead of its figure ("hrv was good this morning", "resting
# hr looked high today", "way lower than usual"); a bare "down" or "up" is left unread, as before
_JUDGED = re.compile(
    r"\b(?P<what>hrv|resting (?:hr|heart rate)|rhr)\b(?:\s+(?:this morning|today|last night|"
    r"overnight|again))?\s+(?:was|is|looked|looks|came (?:in|back)|seems?|seemed|read)\s+"
    r"(?:\w+\s+)?(?:good|great|fine|ok|okay|high|low|better|worse|decent|solid|bad|poor|"
    r"terrible|normal|higher|lower|amazing|awful|rubbish|excellent)\b"
)
_READING = {
    "hrv": "what was your HRV (ms)?",
    "resting hr": "what was your resting heart rate?",
    "resting heart rate": "what was your resting heart rate?",
    "rhr": "what was your resting heart rate?",
}
# A weigh-in named without its figure ("weigh in this morning", "weigh-in day today")
_WEIGH_IN = re.compile(r"\b(?:weigh[- ]?in|weighed)\b")
# The weight told only as a change ("down 2 lbs since monday!", "lost another kilo")
_WEIGHT_CHANGE = re.compile(
    r"^(?:(?:i'?m|i am|i'?ve|i have|just|finally|now)\s+)*(?:down|up|lost|gained|dropped|put on)\s+(?:about\s+|almost\s+|over\s+)?"
    r"(?:another\s+)?(?:\d+(?:\.\d+)?|a|an|another|half a)\s*(?:kgs?|kilos?|lbs?|pounds?|stone)\b"
)
# A body part's measure told only as a change or a wish to log it ("waist is down an inch",
# "hips measurement down, log it", "log my tape measurements")
_PART = r"(?P<part>waist|hips?|thighs?|arms?|biceps|neck|bust|calf|calves|belly|stomach)"
_PART_NEWS = re.compile(
    r"\b"
    + _PART
    + r"\s+(?:(?:measurements?|size|circumference)\s+(?:(?:is|was|are|were|has|have)\s+)?|"
    r"(?:is|was|are|were|has|have)\s+)(?:(?:gone|come|finally|already|also|now|another)\s+)?"
    r"(?:down|up|smaller|bigger|shrunk)\b"
)
_PART_MEASURED = re.compile(r"\b" + _PART + r"\s+measurements?\b")
_MEASUREMENTS = re.compile(r"\b(?:tape |body )?measurements\b")


def said_without_figures(ctx: Ctx) -> list[str]:
    """The one question for a log told as news without its figures; empty when it is none."""
    text = ctx.text
    numbers = NUMBER_TOKEN.search(text) is not None
    asked_to_log = _LOG_VERB.search(text) is not None
    named = sorted(named_exercises(ctx, text))
    done = _VAGUE_SETS.search(text) or _LIFTED.search(ctx.raw)
    if named and not numbers and (asked_to_log or done):
        by_slug = {r.slug: r.name for r in ctx.exercises.records}
        lifts = ", ".join(by_slug.get(s, s.replace("-", " ")) for s in named)
        return [f"how many sets and reps of {lifts} did you do, and at what load?"]
    if _INTERVALS.search(text) and (_DID.search(text) or asked_to_log) and not numbers:
        return ["which activity were the intervals (a run, a ride, a row...), and how long did they take?"]  # fmt: skip
    if asked_to_log and not numbers and (cardio := _CARDIO_THING.search(text)):
        if cardio.group(0) == "cardio":
            return ["which cardio was it, and how long (and how far) did it last?"]
        return ["how long was it (and how far: km or miles)?"]
    if (
        _CLASS_TIMED.search(text)
        and not named
        and not _CARDIO_THING.search(text)
        and not _a_cardio_name(ctx)
    ):
        return ["which activity was the class (for example yoga, spin, boxing, dance)?"]
    if _DID_TIME.search(text) and not named and not _CARDIO_THING.search(text):
        return ["which activity was it (a run, a ride, a swim...)?"]
    if (judged := _JUDGED.search(text)) and not numbers:
        return [_READING[judged.group("what")]]
    if _WEIGH_IN.search(text) and not numbers:
        return ["what did the scales say (kg or lb)?"]
    if (change := _WEIGHT_CHANGE.search(text)) and NUMBER_TOKEN.search(
        text.replace(change.group(0), " ")
    ) is None:
        return ["what did the scales say (kg or lb)? I log the weight itself, not the change."]
    if (part := _PART_NEWS.search(text) or _PART_MEASURED.search(text)) and not numbers:
        return [f"what did your {part.group('part')} measure (cm or inches)?"]
    if _MEASUREMENTS.search(text) and asked_to_log and not numbers:
        return ["which measurements, and what did each measure (cm or inches)?"]
    return []


def _a_cardio_name(ctx: Ctx) -> bool:
    """Whether one word of the message names a cardio entry ("hot yoga ... 60 min class")."""
    for word in set(re.findall(r"[a-z][a-z'-]{2,}", ctx.text)):
        found = ctx.exercises.match(word)
        if found is not None and found.score >= 100 and ctx.exercises.category(found.slug) == "cardio":  # fmt: skip
            return True
    return False
