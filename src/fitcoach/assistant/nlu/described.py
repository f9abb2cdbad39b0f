"""Gym machines and movements described instead of named (issue 57, the nineteenth set's writer
AW: beginners who do not know the names yet): "the machine where you sit and push the plate away
with your feet" is the leg press, "that thing where u sit and pull the bar down to your chest"
the lat pulldown, "squeeze your knees together" the adductor machine.

Left as written, the description was no exercise name and the sets, reps and load said with it
were asked about ("Which exercise was that?"). Each description is a body part moved a way that
only one movement moves it (the feet pushing a plate away, the knees squeezed together, the arms
brought together like a hug), said with the words that lead it ("the machine where you", "that
thing where u", ", the one that"); the whole is replaced by the movement's name. A movement only
named ("leg press") is untouched. ``plain_described`` runs in ``normalise`` on the lower-cased
text, its numbers already digits.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.machine_parts import plain_parts

_YOUR = r"(?:your|my|ur|yr|the|ya)\s+"
# "sit and", "sit down n", "sitting", "you sit": the seat said before the movement
_SEATED = r"(?:(?:sit|sits|sat|sitting|seated)\s+(?:down\s+)?(?:and\s+|n\s+|&\s+)?)"
_LYING = r"(?:(?:lie|lay|laid|lying|laying)\s+(?:face\s*down|on\s+(?:your|my|ur)\s+(?:front|stomach|tummy|belly))\s+)"
# ("push", "pushing", "pushes", "press"): the forms a verb takes in a description
_PUSH = r"(?:push|press)(?:es|ed|ing)?\s+"
_PULL = r"pull(?:s|ed|ing)?\s+"
_BRING = r"(?:bring|bringing|brings|squeez(?:e|es|ing)|clos(?:e|es|ing)|press(?:es|ing)?|push(?:es|ing)?)\s+"

# (the movement as described, its library name)
_MOVEMENTS: tuple[tuple[str, str], ...] = (
    # the leg press: a plate, platform or sled pushed away (or up) with the feet or legs
    (
        rf"{_SEATED}?{_PUSH}(?:the\s+|a\s+)?(?:big\s+|heavy\s+|huge\s+|flat\s+)?"
        rf"(?:plate|platform|sled|weights?|board|footplate)\s+(?:away\s+|up\s+|out\s+)?"
        rf"(?:from\s+you\s+)?with\s+{_YOUR}(?:feet|legs)",
        "leg press",
    ),
    # the lat pulldown: a bar (or handles) pulled down, seated, to the chest or chin
    (
        rf"{_SEATED}?{_PULL}(?:the\s+|a\s+)?(?:long\s+|big\s+)?(?:bar|handles?)\s+down"
        rf"(?:\s+(?:to|towards|in front of|under)\s+{_YOUR}(?:chest|chin|collar\s*bone|neck|face))?",
        "lat pulldown",
    ),
    # the seated cable row: a handle pulled, seated, in to the stomach
    (
        rf"{_SEATED}{_PULL}(?:the\s+|a\s+)?(?:handles?|bar|rope|v\s*-?\s*bar)\s+(?:in\s+|back\s+)?"
        rf"(?:to|towards|into)\s+(?:{_YOUR})?(?:tummy|stomach|belly|waist|abs|gut|navel|belly\s*button)",
        "seated cable row",
    ),
    # the hip adductor and abductor machines: knees (or thighs) squeezed in, pushed out
    (
        rf"{_BRING}{_YOUR}(?:knees|legs|thighs)\s+(?:together|in(?:wards?)?)\b",
        "hip adduction machine",
    ),
    (
        rf"(?:push|pushing|pushes|spread|spreading|open|opening|press|pressing)\s+(?:{_YOUR})?"
        r"(?:knees|legs|thighs)\s+(?:out(?:wards?)?|apart|open)\b",
        "hip abduction machine",
    ),
    # the pec deck: the arms brought together in front, "like a hug"
    (
        rf"{_SEATED}?{_BRING}{_YOUR}(?:arms|handles|pads|elbows)\s+together"
        r"(?:\s+in front(?:\s+of\s+(?:you|your chest|my chest))?)?"
        r"(?:,?\s+like\s+(?:a\s+|you(?:'re| are)\s+|ur\s+|giving\s+(?:a\s+|someone\s+a\s+)?)?(?:big\s+)?hug\w*"
        r"(?:\s+(?:a\s+tree|someone|somebody|a\s+person))?)?",
        "pec deck",
    ),
    # the back extension: face down on the pad, bent down and back up
    (
        rf"{_LYING}(?:on\s+(?:the|a)\s+(?:pad|bench|thing|roman chair)\s+)?(?:and\s+)?"
        r"(?:bend|lower|hinge|go|drop)(?:s|ing)?\s+(?:over\s+|down\s+)(?:and\s+|then\s+)?"
        r"(?:come|lift|raise|go|get)(?:s|ing)?\s+(?:back\s+)?up",
        "back extension",
    ),
    # the hanging knee raise: hung from a bar, knees brought up
    (
        r"hang(?:s|ing)?\s+(?:from|on|off)\s+(?:the|a)\s+(?:pull\s*-?\s*up\s+)?bar\s+(?:and\s+)?"
        rf"(?:bring|lift|raise|pull|tuck)(?:s|ing)?\s+{_YOUR}knees\s+up",
        "hanging knee raise",
    ),
    # the machine chest press: handles pushed forward from the chest, seated
    (
        rf"{_SEATED}{_PUSH}(?:the\s+)?(?:handles?|bars?|arms)\s+(?:forward|out|away)"
        rf"(?:\s+from\s+{_YOUR}chest)?",
        "machine chest press",
    ),
    # (machines31) no seat said, the handles pushed out "in front of you": still the chest press
    (
        rf"{_PUSH}(?:the\s+)?handles?\s+(?:forward\s+|out\s+|away\s+)?(?:in\s+front\s+of\s+"
        r"(?:you|u|yourself|me|your\s+chest|my\s+chest)|straight\s+out\s+from\s+(?:your|my)\s+chest)",
        "machine chest press",
    ),
    # (plans31) its handles pushed out with the seat unsaid ("the push-the-handles-out
    # machine"); a bar pushed away unseated may be the bench press, left alone
    (
        rf"{_PUSH}(?:the\s+)?handles?\s+(?:forward|out|away)(?:\s+from\s+{_YOUR}chest)?",
        "machine chest press",
    ),
    # the machine shoulder press: handles pushed up over the head, seated
    (
        rf"{_SEATED}{_PUSH}(?:the\s+)?(?:handles?|bars?)\s+(?:up\s+)?(?:over|above)\s+{_YOUR}head",
        "machine shoulder press",
    ),
    # the leg extension: legs kicked out straight from a seat
    (
        rf"{_SEATED}(?:kick|straighten|lift|extend)(?:s|ing)?\s+{_YOUR}(?:legs|shins|lower legs)\s+"
        r"(?:out\s+|up\s+)?(?:straight|out|up)\b",
        "leg extension",
    ),
    # the cable triceps pushdown: a rope or bar pushed down (the pulldown is pulled down)
    (
        rf"{_PUSH}(?:the\s+)?(?:rope|bar|handle)\s+down(?:\s+with\s+{_YOUR}(?:arms|triceps|elbows))?",
        "triceps pushdown",
    ),
)

# The words that lead a description: "the (seat) machine where you", "that thing where u",
# "the rowing machine with the cable, the one u", ", the one that"
_NOUN_LEAD = (
    r"(?:the|that|this|a|an)\s+(?:[a-z]+\s+){0,3}?(?:machine|thing|one|1|exercise|contraption)"
    r"(?:\s+with\s+(?:the|a)\s+[a-z]+)?\s*,?\s*(?:(?:the|that)\s+(?:one|1)\s+)?"
)
_RELATIVE = r"(?:where|that|which|when|in which|on which)\s+"
_WHO = r"(?:(?:you|u|ya|i|we)\s+)?"
# (a lead is needed: "pushing my knees out" alone is a cue of the squat, no machine)
_LEAD = rf"(?:{_NOUN_LEAD}(?:{_RELATIVE})?{_WHO}|{_RELATIVE}{_WHO})"
_DESCRIBED = tuple((re.compile(rf"\b{_LEAD}{move}\b"), name) for move, name in _MOVEMENTS)

# "squats holding the dumbbell at my chest (like a goblet)": the goblet squat, whose weight is
# held at the chest
_GOBLET = re.compile(
    r"\b(?:the\s+(?:thing|one|exercise)\s+where\s+(?:you|u)\s+hold\s+(?:a|the|one)\s+(?:dumbbell|db|kettlebell|kb|weight)"
    r"\s+(?:at|to|against)\s+(?:your|my|ur)\s+chest\s+and\s+squat|"
    r"squats?\s+(?:while\s+)?(?:holding|with|hugging)\s+(?:a|the|one|1)\s+(?:\d+\s*(?:kg|lb|lbs)\s+)?"
    r"(?:dumbbell|db|kettlebell|kb|weight|plate)\s+(?:at|to|against|in front of|on)\s+"
    rf"{_YOUR}chest(?:,?\s+like\s+(?:a\s+)?(?:goblet|cup))?)"
)


# the leg curl said with how the athlete lay or sat on it ("the leg curl machine lying face
# down", "leg curls sitting down"): the library's lying or seated one, never the position left
# over as words of its name
_LEG_CURL_POSED = re.compile(
    r"\bleg curls?(?: machine)?,? (?:(?P<lying>lying|laying) (?:face\s*down|on (?:my|your|ur) "
    r"(?:front|stomach|tummy|belly))|(?P<seated>sitting|seated)(?: down)?)(?: one| 1| machine| thing)?\b"
)


def _leg_curl(m: re.Match[str]) -> str:
    return "lying leg curl" if m.group("lying") else "seated leg curl"


# the assisted pull-up "on the machine (with the knee pad)": the machine-assisted one, the
# machine and its pad no words of the name (the library has no machine-assisted chin-up: kept)
_ASSISTED_ON_MACHINE = re.compile(
    r"\bassisted (pull) ?-?ups? (?:on|using|with) (?:the|a) (?:assist(?:ed|ance)? )?machine"
    r"(?: with (?:the|a) (?:knee|leg) (?:pad|platform|rest|bar))?"
)


# (plans57n) A machine named by its movement in two words, no "where you" ("the sitting rowing
# thing", "the leg pushing machine", "the knee squeezing machine"): a beginner's name for it.
_THING = r"(?:thing|machine|contraption|one)\b"
_SHORT_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{words}\s+{_THING}"), name)
    for words, name in (
        (r"(?:sitting|seated|sit[- ]?down)\s+(?:rowing|pulling)", "seated cable row"),
        (r"(?:leg|legs|feet|foot)\s+(?:pushing|push|pushy)", "leg press"),
        (r"(?:chest|arm|arms)\s+(?:pushing|push)", "machine chest press"),
        (r"(?:leg|legs)\s+(?:kicking|kick|kick[- ]?out|straightening)", "leg extension"),
        (
            r"(?:knee|knees|thigh|thighs|legs?)\s+(?:squeezing|squeeze|squeezy)",
            "hip adduction machine",
        ),
    )
)


# (plans31) A description hyphenated into one word before the machine ("the push-the-handles-out
# machine", "that sit-and-pull-the-bar-down thing"): said as "the machine where you ...", so
# the descriptions above read it; three words at least, so that a name ("t-bar") stays.
_HYPHENATED = re.compile(
    r"\b(the|that|this|a)\s+((?:[a-z]+-){2,}[a-z]+)\s+(machine|thing|contraption|one)\b"
)


def _unhyphenated(m: re.Match[str]) -> str:
    return f"{m.group(1)} {m.group(3)} where you {m.group(2).replace('-', ' ')}"


# (machines31) A description said as the athlete's own doing, no "the machine where you":
# "sat down and pulled the bar down to my chest", "laid face down and curled my legs up on that
# machine". Only a posture said outright (sat, lay face down) with a movement of the limbs only
# one machine moves that way; the machine named after it ("on that machine") goes with it.
_ON_IT = r"(?:\s+(?:on|at|in|using)\s+(?:the|that|this|a)\s+(?:machine|thing|one|contraption))?"
_DONE = r"(?:(?<=^)|(?<=[.,;:!?(]\s)|(?<=\bi\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bfirst\s))"
_LEADLESS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"{_DONE}{move}{_ON_IT}\b"), name)
    for move, name in (
        (
            rf"{_SEATED}{_PULL}(?:the\s+|a\s+)?(?:long\s+|big\s+)?(?:bar|handles?)\s+down\s+"
            rf"(?:to|towards|in front of|under)\s+{_YOUR}(?:chest|chin|collar\s*bone)",
            "lat pulldown",
        ),
        (
            rf"{_LYING}(?:and\s+)?curl(?:s|ed|ing)?\s+{_YOUR}(?:legs|heels|feet)\s+"
            r"(?:up|in|back)(?:\s+(?:to|towards)\s+(?:your|my|ur)\s+(?:butt|bum|glutes|ass))?",
            "lying leg curl",
        ),
    )
)

# (machines31) The description made one word of the machine's name: "the
# squeeze-the-pads-together machine" is the pec deck as "the machine where you squeeze the pads
# together" is. A chain of three hyphened words or more before "machine" or "thing" is such a
# name (a "pull-up" or "t-bar" has two), read as the words it is made of.
_CHAINED = re.compile(r"\b[a-z]+(?:-[a-z]+){2,}(?=\s+(?:machine|thing|contraption)\b)")
_COMPOUND: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b(?:the|that|this|a)\s+{move}\s+(?:machine|thing|contraption)\b"), name)
    for move, name in _MOVEMENTS
)


def _compound(text: str) -> str:
    chained = _CHAINED.sub(lambda m: m.group(0).replace("-", " "), text)
    named = chained
    for pattern, name in _COMPOUND:
        named = pattern.sub(name, named)
    return named if named != chained else text


def plain_described(text: str) -> str:
    """``text`` (normalised so far) with each machine or movement described above named."""
    text = _HYPHENATED.sub(_unhyphenated, plain_parts(text))
    if not re.search(r"\b(?:push|press|pull|squeez|bring|spread|open|lie|lay|laid|lying|hang|kick|straighten|sit|sat|seated|squat|curl|assist)", text):  # fmt: skip
        return text
    if "-" in text:
        text = _compound(text)
    for pattern, name in (*_DESCRIBED, *_SHORT_NAMES, *_LEADLESS):
        text = pattern.sub(name, text)
    text = _ASSISTED_ON_MACHINE.sub(r"machine assisted \1 ups", text)
    return _LEG_CURL_POSED.sub(_leg_curl, _GOBLET.sub("goblet squats", text))
