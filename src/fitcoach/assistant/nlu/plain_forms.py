"""Number and word forms of the Englishes of New Zealand, the Philippines, Vietnam, Singapore
and Malaysia, and of beginners' logs, said plainly (issue 57, the nineteenth set's writer AW).

Left as written, "squat at 100k" was 100 km, "3 set, 12 time" no reps, "about 450 calo" no
calories, a "3 hour tramp" no activity, the "po" of a polite Filipino log a word of the exercise
name, the "couch to 5k week 6" a programme's name read as a distance and a week's number, and
"3 x 20 steps" of walking lunges a name with "steps" in it, "got through 5 sets" no verb of
doing. Each form is rewritten only where
its other meanings cannot be ("10k steps" stays steps, "3 times a week" a frequency, "5k" alone a
distance). ``plain_forms`` runs in ``normalise`` on the lower-cased text, its numbers already
digits.
"""

from __future__ import annotations

import re

_SETS_SAID = re.compile(r"\d\s*x\s*\d|\bsets?\b|\breps?\b")
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "3 set, 12 time": the reps of a set, as Vietnamese English counts them ("3 times a week"
    # is a frequency: only right after a count of sets)
    (
        re.compile(r"(?<![\d.])(\d{1,2}) sets?,? (\d{1,3}) times?\b(?! (?:a|per|each) )"),
        r"\1 sets, \2 reps",
    ),
    # (days94) "leg curl 3 times 12", "rows three times eight": sets times reps, as said aloud or
    # by a learner; never a count of something measured ("2 times 20 min", "6 times 800 m",
    # "12 times 45 kg") nor one told with its own count noun ("5 times 5 groups")
    (
        re.compile(
            r"(?<![\d.:])(\d{1,2}) times (\d{1,3})\b(?![.:,]\d|\s*(?:%|/|x\b|kgs?\b|kilos?\b|"
            r"kilograms?\b|lbs?\b|pounds?\b|mins?\b|minutes?\b|secs?\b|seconds?\b|s\b|m\b|"
            r"metres?\b|meters?\b|km\b|k\b|miles?\b|mi\b|yards?\b|yds?\b|hours?\b|hrs?\b|h\b|"
            r"groups?\b|sets?\b|series\b|rounds?\b|laps?\b|lengths?\b|times\b|days?\b|"
            r"weeks?\b|months?\b|years?\b|hundred\b|thousand\b|floors?\b|steps?\b))"
        ),
        r"\1x\2",
    ),
    # "about 450 calo", "300 calo": kcal (Vietnamese "calo")
    (re.compile(r"(?<![\d.])(\d{2,4}) ?calo\b"), r"\1 kcal"),
    # New Zealand's tramp: a hike ("3 hour tramp", "tramped the track", "went tramping")
    (re.compile(r"\btramping\b"), "hiking"),
    (re.compile(r"\btramped\b"), "hiked"),
    (re.compile(r"\btramps?\b(?! stamp)"), "hike"),
    # the Filipino particles of politeness and report ("po", "daw", "raw"), never a word of a log
    # (Polish and Russian "po" before a count, "4 serii po 8", is "of": kept)
    (re.compile(r"(?<=[a-z0-9]) (?:po|daw)\b(?=[\s,.!?]|$)(?! ?\d)"), ""),
    # (machines31) the Filipino words of the day ("kanina" earlier today, "kahapon" yesterday,
    # "ngayon" today): the day of the log, never a word of the exercise's name
    (re.compile(r"\bkaninang (?:umaga|morning)\b"), "this morning"),
    (re.compile(r"\bkanina\b"), "today"),
    (re.compile(r"\bkahapon\b"), "yesterday"),
    (re.compile(r"\bngayon\b"), "today"),
    # the couch to 5k programme and its week or day: a name, no distance and no count
    (
        re.compile(
            r"\b(?:couch|c) ?(?:to|2) ?5 ?k\b(?: (?:week|wk|w) ?\d{1,2})?(?:,? (?:day|d|run) ?\d)?"
        ),
        "couch to five k run",
    ),
    # (machines31) "4 sets of pushups, 15 each", "3 sets of squats 12 each": a count of sets of
    # an exercise, then a bare number "each" (no unit, no hand or side after it) is each set's reps
    (
        re.compile(
            r"\b(\d{1,2}) (sets? of) ([a-z][a-z' -]{1,30}?),? (\d{1,3}) each\b"
            r"(?! ?(?:hand|side|leg|arm|way|dumbbell|db|bell|kb|kg|kgs|lb|lbs|kilos?|pounds?)\b)"
        ),
        r"\1 \2 \4 \3",
    ),
    # (machines31) "used the 20kg kettlebell for swings, 5 sets of 20": the exercise said after
    # the kit it was done with, said as "swings with the 20kg kettlebell"
    (
        re.compile(
            r"\b(?:used|using|grabbed|took) ((?:the |a |an |my |one |two |2 |pair of )*"
            r"(?:\d+(?:\.\d+)? ?(?:kgs?|lbs?|kilos?|pounds?|#) ?)?(?:kettlebells?|kbs?|dumbbells?|dbs?))"
            r" (?:for (?:the |some |my )?)((?:[a-z][a-z-]* ){0,2}?[a-z][a-z-]*s)\b(?=\s*(?:$|[,.;!]|and\b|then\b|\d))"
        ),
        r"\2 with \1",
    ),
    # "got through 5 sets of 5" (New Zealand, Australia): did them
    (re.compile(r"\b(?:got|get|made it) through (?=\d{1,2} (?:sets?|x|rounds?)\b)"), "did "),
    # "2x10 each leg, no weight", "3x12, bodyweight", "3 sets of 10 squats, no weight" (bw96):
    # the sets' load, said after a comma that had left it a clause of its own (and the load asked for)
    (
        re.compile(
            r"(\d|\b(?:each|per|a) (?:leg|side|arm)|\b\d{1,2} (?:sets? of|x) \d{1,3} [a-z][a-z -]{1,24}?s)"
            r"\s*,\s*((?:with )?no (?:added |extra )?(?:weight|load)|"
            r"body ?weight|bw|unweighted)\b(?=\s*(?:$|[,.;!]|and\b|then\b))"
        ),
        r"\1 \2",
    ),
    # (bw96) "dips 4x12 bw then weighted 2x6 with +20kg": "weighted" with no name of its own is
    # more of the exercise just said, loaded
    (
        re.compile(
            r"(^|[,.;:]\s*|\band\s+|\bthen\s+)([a-z][a-z' -]{1,30}?) (\d{1,2} ?x ?\d{1,3}\b[^,.;:]*?)"
            r"\s*(,\s*then|,|then|and)\s+weighted\s+(?=\d)"
        ),
        r"\1\2 \3 \4 weighted \2 ",
    ),
    # the load's unit of a dumbbell said by its weight ("with the 12kg one"): the load
    # ("bench 100 kg 1 rep" is a count of reps: after "the" only)
    (
        re.compile(
            r"\b(the \d+(?:\.\d+)?\s*(?:kgs?|kilos?|lbs?|pounds?)) (?:one|1)\b(?!\s*(?:reps?|sets?|x|rm)\b)"
        ),
        r"\1",
    ),
    # "3 x 20 steps" of walking lunges: reps (steps counted as the lunges go); "10000 steps"
    # walked has no sets
    (re.compile(r"(?<=x )(\d{1,2}) steps\b|(?<=x)(\d{1,2}) steps\b"), r"\1\2 reps"),
    # a round of golf said by its holes ("walked 18 holes", "played 9 holes walking", "18 holes
    # of golf"): golf, not an easy walk, and the 9 or 18 a count of holes, no figure of the log
    (
        re.compile(
            r"\b(?:(?:walked|walking|played|playing|did|got in|golfed)\s+)?(?:a round of\s+|the\s+)?"
            r"(?:9|18|nine|eighteen)\s+holes\b(?:\s+of\s+golf\b)?(?:,?\s+(?:walking|on foot)\b)?"
        ),
        "played golf",
    ),
    # "bowled 3 games tonight": ten-pin bowling, its games counted ("bowled 6 overs" is cricket)
    (
        re.compile(r"\bbowled (?=(?:\d{1,2}|a|a few|a couple of|couple of) games?\b)"),
        "went bowling, ",
    ),
)
# "at 100k", "@ 80k" in a message of sets: kilos (a pace "at 10k pace" is a distance)
_LOAD_K = re.compile(r"(@|\bat )\s?(\d{2,3}(?:\.\d+)?)\s?k\b(?!\s*(?:pace|race|run|steps?)\b)")


# "each set felt like about a 7/10", "every set was an 8/10": the sets' effort out of ten, their
# RPE (said of the sets only: a knee's "3/10" is pain, "mood 7/10" a mood)
_SET_EFFORT = re.compile(
    r"\b((?:each|every|all|all the|the|my|last|final|first) (?:sets?|ones?)|they|it) (?:all )?"
    r"(?:felt|feels|was|were)(?: like)?(?: about| around| maybe| roughly)?(?: an?)? "
    r"(\d{1,2}(?:\.5)?) ?/ ?10\b"
)


# (machines31) "10 pushups (on knees)", "push ups on my knees": the knee push-up
_ON_KNEES = re.compile(r"\bpush ?-?ups? \(?on (?:my |the |your |ur )?knees\)?")


def plain_forms(text: str) -> str:
    """``text`` (normalised so far) with the forms above said plainly."""
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    text = _ON_KNEES.sub("knee push-ups", text)
    if _SETS_SAID.search(text):
        text = _LOAD_K.sub(r"\1\2 kg", text)
        text = _SET_EFFORT.sub(r"\1 rpe \2", text)
    return text
