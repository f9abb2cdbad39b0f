"""Numbers and units in what athletes write: masses (kg, lb, stones; a number without a unit in
the athlete's own unit, ``bare_units``), distances (laps of a known length included),
durations (clock times included), and the numbers that count something else than a log's
quantities ("30 weeks", "7/10", "3 kids": ``foreign_number``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from fitcoach.assistant.nlu.energy_units import device_energy
from fitcoach.assistant.nlu.incidental import incidental_number
from fitcoach.assistant.nlu.matcher import default_matcher
from fitcoach.assistant.nlu.pool_lengths import pool_said, without_pool
from fitcoach.assistant.nlu.story_numbers import story_number
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import Units, mass_unit, parse_distance_m, parse_duration_s, parse_mass_kg

NUM = r"\d+(?:\.\d+)?"
MASS = re.compile(rf"({NUM})\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|st|stones?)\b")
# "12 stone 6", "13st 10lb": stones and pounds together (a body weight as British scales read).
STONE = re.compile(
    rf"\b({NUM})\s*(?:st|stones?)\s*(?:and\s*)?(\d{{1,2}}(?:\.\d+)?)\s*(?:lbs?|pounds?)?(?![\d.])"
)
DIST = re.compile(
    rf"({NUM})\s*(km|kms|kilometers?|kilometres?|mi|miles?|m|meters?|metres?|yards?|yd)\b"
)
# A time, never the minutes of a clock time ("5k 25:10 hr 170" is no 10 hours).
DUR = re.compile(rf"(?<![\d:.])({NUM})\s*(hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s)\b")
CLOCK = re.compile(r"\b(\d{1,2}:\d{2}(?::\d{2})?)\b")


# What a load or body weight written without a unit is in: the athlete's mass unit (kg, or lb for
# an athlete who chose imperial units), set around a message's reading by ``bare_units``.
_BARE_MASS: ContextVar[str] = ContextVar("bare_mass_unit", default="kg")


@contextmanager
def bare_units(units: Units | None) -> Iterator[None]:
    """Read the messages inside the block with a number without a unit ("squat 3x5 225",
    "weight 176") in the athlete's mass unit: ``units`` "imperial" means lb, else kg."""
    token = _BARE_MASS.set(mass_unit(units))
    try:
        yield
    finally:
        _BARE_MASS.reset(token)


def bare_mass_unit() -> str:
    """``kg`` or ``lb``: what a load or body weight without a unit is in (``bare_units``)."""
    return _BARE_MASS.get()


def bare_units_system() -> Units:
    """The unit system ``bare_units`` set: what answers quote weights and distances in."""
    return "imperial" if _BARE_MASS.get() == "lb" else "metric"


def mass_kg(number: str, unit: str | None) -> float:
    """``number`` in ``unit`` as kg; no unit: the athlete's (``bare_mass_unit``)."""
    return round(parse_mass_kg(f"{number} {unit or bare_mass_unit()}"), 2)


def durations_s(text: str) -> float | None:
    """The time ``text`` says in seconds: the parts of its first "1 h 20 min" added up, else a
    clock time. Parts apart ("slept 7 hours, 30 min stretching") are two times, never one."""
    total = 0.0
    found = False
    end = None
    for m in DUR.finditer(text):
        if end is not None and not re.fullmatch(r"\s*(?:and\s*)?", text[end : m.start()]):
            break
        total += parse_duration_s(f"{m.group(1)} {m.group(2)}")
        found, end = True, m.end()
    clock = None if found else CLOCK.search(text)
    if clock is not None:
        try:
            total, found = parse_duration_s(clock.group(1)), True
        except InvalidInput:
            return None
    return total if found else None


# "40 lengths of a 25m pool", "6 laps of the 400 m track": a count of one known distance.
LAPS = re.compile(
    rf"\b(\d+)\s*(?:lengths?|laps?)\s*(?:of|in|on)\s*(?:an?|the)?\s*({NUM})\s*"
    r"(m|meters?|metres?|yards?|yd)\b"
)


# "about a mile a lap", "2 km per loop": one lap's length, never the whole distance; times the
# laps said ("round the park 3 times", "4 laps"), the distance; without them, none is known.
PER_LAP = re.compile(
    rf"({NUM})\s*(km|kms|kilometers?|kilometres?|mi|miles?|m|meters?|metres?|yards?|yd)\s*"
    # (a word of its own: the "a" and "round" of "3 miles around the park" are no lap)
    r"(?:a|per|each|every|for each|the)\b\s*(?:lap|loop|round|circuit|time round)\b"
)
LAP_COUNT = re.compile(r"\b(\d+)\s*(?:times|laps|loops|rounds|circuits)\b|\b(twice)\b")


def per_lap_m(text: str) -> tuple[int, float] | None:
    """(laps, one lap's metres) where ``text`` says both; None where it does not."""
    per, count = PER_LAP.search(text), LAP_COUNT.search(text)
    if per is None or count is None:
        return None
    laps = 2 if count.group(2) else int(count.group(1))
    return laps, parse_distance_m(f"{per.group(1)} {per.group(2)}")


def distance_m(text: str) -> float | None:
    """The distance ``text`` says in metres (laps of a known length multiplied out)."""
    if laps := LAPS.search(text):
        return round(int(laps.group(1)) * parse_distance_m(f"{laps.group(2)} {laps.group(3)}"), 1)
    if (pool := pool_said(text)) is not None:  # "40 lengths, 25m pool": the pool is no way
        text = without_pool(text, pool)
        if pool.count and not DIST.search(text):
            return round(pool.count * pool.length_m, 1)
    if PER_LAP.search(text):
        lapped = per_lap_m(text)
        return round(lapped[0] * lapped[1], 1) if lapped else None
    m = DIST.search(text)
    return round(parse_distance_m(f"{m.group(1)} {m.group(2)}"), 1) if m else None


def to_int(value: str) -> int:
    """A number written "5" or "5.0" as an int."""
    return int(float(value))


# After a number, words that make it something other than a logged quantity ("30 weeks
# pregnant", "5'10", "12% incline", "3 mph").
_FOREIGN_AFTER = re.compile(
    r"^(?:\s*(?:%|'|\"|ft\b|feet\b|foot\b|inch|cm\b|mph\b|kph\b|km/h|y/?o\b|weeks?\b|months?\b|"
    # a pause's or a hold's count ("2ct pause bench", "2 sec hold at the top"): how each rep was done
    r"-?\s*(?:ct|count|secs?|seconds?|s)\s+(?:paus\w*|holds?)\b|"
    r"years?\b|yrs?\b|days?\b(?!\s*ago)|nights?\b|times\b|steps\b|floors\b|sessions?\b|"
    r"workouts?\b|kids?\b|children\b|people\b|rm\b(?!\s*(?:pr\b|test\b|today\b|attempt\b)?\s*(?:[,:=@]|at\b|of\b|was\b)?\s*\d)|(?:k?cals?|calories)\s+burn(?:ed|t)?\b)|(?:st|nd|rd|th)\b|"
    # a rower's split and stroke rate ("2:10 split", "24 spm"): no log's value (not "2:05/500m":
    # its 500 m would be read as the distance)
    r"(?::[0-5]\d(?:\.\d)?)?\s*(?:avg |average )?split\b|\s*(?:spm|s/m)\b|"
    # an interval's work and rest ("20s on 40s off", "30 sec work / 30 rest"): its shape, no total
    r"\s*(?:s|secs?|seconds?)\s*(?:on|off|work|rest)\b(?!\s+(?:the|a|my)\b)|"
    # a ride's power ("195 w avg", "np 245 w") and a sauna's heat ("85 °c"): nothing the log keeps
    # (never the "w" of "15 w 50s": with); a bike's work said after it ("210 output", "312 kj
    # output": a Peloton's score, stop 94)
    r"\s*(?:w\b(?=\s*(?:avg|average|np|ftp|power|$|[,.;)]))|watts?\b|°\s*[cf]?|degrees?\b|"
    r"(?:kj\s+)?(?:total\s+)?output\b))"
)
# Before a number: a scale ("/10", "out of 10"), a plan's week or day ("week 4 of the plan"),
# an age ("I'm 41,").
# ... or a cardio machine's setting ("stairmaster 20 min level 8", "resistance 12"), or the
# day's meal it is ("meal 3: 6 oz chicken"), or a device's score ("sleep score 82", "readiness
# 82": nothing the log keeps).
_FOREIGN_BEFORE = re.compile(
    # (a rower's stroke rate, "rate 20", not a heart's or a pulse's; a split "split 2:05")
    r"(?<!heart )(?<!pulse )(?<!hr )\b(?:stroke )?rate\s*(?:of|was|at|:|=|~)?\s*$|"
    r"\bsplit\s*(?:of|was|at|:|=|~|about|around)?\s*(?:\d{1,2}:)?\s*$|"
    r"(?:out of|'|\bweek|\bday|\bsession|\bpart|\bstep|\blevel|\bresistance|\bmeal|"
    r"\b(?:score|readiness)(?:\s*(?:of|was|is|:|=))?)\s*$|"
    # a wearable's or machine's own figure ("body battery 80", "splat points 18", "output 520",
    # "strain 14.2"), a boulder's grade ("the pink v5")
    r"\b(?:battery|points|output|strain|kj|watts|tss|np|ftp|avg power|power)\s*(?:of|was|is|:|=)?\s*$|\bv$|"
    # the other figures of a watch's or an app's summary ("training effect 3.8 aerobic", "aerobic
    # te 3.2", "training load 164", "vo2 max 52", "cadence 172", "sleep performance 88",
    # "efficiency 91", "relative effort 45"): nothing the log keeps
    r"\b(?:training effect|effect|te|training load|vo2 ?max|vo2|cadence|performance|efficiency|"
    r"relative effort|suffer score|intensity factor)\s*(?:of|was|is|:|=)?\s*$|"
    # a body battery with the words of its charge between ("body battery only charged to 40",
    # "body battery got up to 62"): the device's own figure
    r"\bbattery\s+(?:(?:only|just|barely|was|is|got|charged|recharged|hit|reached|up|to|at|of|"
    r"around|about)\s+){1,4}$"
)
# A night's time in bed beside the time asleep an app gives too ("8:12 in bed, 7:21 asleep",
# "time in bed 8h 30m, asleep 7h 45m"): the time asleep is the night's sleep, the time in bed
# no figure of the log
TIME_IN_BED = re.compile(
    r"\b(?:time )?in bed\s*(?:for|was|:|=)?\s*\d{1,2}(?::[0-5]\d|\s*h(?:rs?|ours?)?(?:\s*\d{1,2}\s*m(?:ins?|inutes?)?)?)(?!\s*(?:am|pm)\b)|"
    r"(?<![\d:])\d{1,2}(?::[0-5]\d|\s*h(?:rs?|ours?)?(?:\s*\d{1,2}\s*m(?:ins?|inutes?)?)?)\s*(?:time )?in bed\b"
)
ASLEEP_TOO = re.compile(r"\basleep\b|\b(?:total|actual) sleep\b|\bsleep time\b")
# Height climbed, not a distance: "900 m up", "450m of elevation", "elevation gain 1200"
_CLIMB_AFTER = re.compile(
    r"\s*(?:m|meters?|metres?)\s*(?:of\s+)?(?:up\b|elevation|elev\b|gain|ascent|vert|d\+|uphill|climb\b)|"
    r"\s*(?:vert|vertical)\b"  # "skinned up 2000 vert ft"
)
_CLIMB_BEFORE = re.compile(
    r"\b(?:elevation|elev|gain|ascent|vert|d\+)\s*(?:of|:|=)?\s*$"
)  # (not the "gain" of "again")
_CHANGE_BEFORE = re.compile(r"\b(?:down|up|lost|gained|dropped|another)\s*$")
# (days95: "78.9 kg, +0.3 on the week": a change said with its sign and the time it is over,
# never "5-6" nor a load added, "dips +20kg on the belt")
_SIGN_BEFORE = re.compile(r"(?<![\w.])[+-]\s*$")
_SIGN_AFTER = re.compile(
    r"\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*(?:on|over|in|this|since|from|vs|versus|compared to)\s+"
    r"(?:the\s+|last\s+)?(?:week|wk|month|fortnight|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*(?:from|since|vs|versus|compared|on|this|in|over|overall|total)\b"
)
# A change since another day, with the day: "down 2 from last wk", "up 0.5 since monday"
CHANGE_SINCE = re.compile(
    rf"(?:\b(?:down|up|lost|gained|dropped)|(?<![\w.])[+-])\s*{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*"
    r"(?:from|since|vs|versus|compared to)\s+(?:last\s+|the\s+)?[a-z]+|"
    # ... or with the earlier figure ("down from 12 stone 7 a fortnight ago", "up from 186 last
    # week"): the day of that figure, never of today's
    r"\b(?:down|up|dropped|fell|rose)\s+from\s+\d[^,.;!?]*|"
    # ... or after the new figure ("down to 84 kg from 90 in june")
    rf"\b(?:down|up)\s+to\s+{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?[\s!]*from\s+\d[^,.;!?]*"
)
_TIME_AFTER = re.compile(r"\s*(?:h|hrs?|hours?|mins?|minutes?)\b")
# Words that are quantities of a log (units, sets, reps, effort): never a thing counted.
_LOG_WORD = re.compile(
    r"^\s*(?:x\b|\*|sets?\b|reps?\b|rounds?\b|kgs?\b|kilos?\b|kilograms?\b|lbs?\b|pounds?\b|"
    r"st\b|stones?\b|km\b|kms\b|kilomet|mi\b|miles?\b|m\b|meters?\b|metres?\b|yards?\b|yd\b|"
    r"h\b|hours?\b|horas?\b|hrs?\b|mins?\b|minutes?\b|secs?\b|seconds?\b|s\b|kcals?\b|cal|g\b|grams?\b|"
    r"pro|carbs?\b|fat\b|bpm\b|rir\b|rpe\b|more\b|left\b|in the tank|days? ago|"
    r"(?:single|double|triple)s?\b)"
)


_CARRIED = re.compile(
    r"\s*(?:kgs?|kilos?|lbs?|pounds?)\s+(?:on\b(?!\s+(?:the\s+)?bar)|(?:in\s+)?(?:the\s+|a\s+|my\s+)?"
    r"(?:pack|vest|ruck|rucksack|backpack|weight vest|plate carrier|plate)\b)"
)


# A ruck, then in the same clause "with" (or "w", "w/") a load ("rucked 6 miles with 30 lb",
# "ruck 8k in 1h05 with 20kg"): the load carried, never another exercise's ("ruck 5k then
# squats with 60 kg" is the squats')
_RUCK_LOAD = re.compile(
    r"\bruck\w*\b(?:(?!\b(?:then|and|after|before)\b)[^;.!?])*?\b(?:with|w/?|carrying|wearing)\s*$"
)
_MASS_UNIT = re.compile(r"\s*(?:kgs?|kilos?|lbs?|pounds?|#)(?![\w/])(?!\s*[x*×]\s*\d)")


# A part of a run's time at an effort ("with 20 min at threshold", "incl 15 mins @ tempo")
_PART_AT = re.compile(
    r"\s*(?:mins?|minutes?)\s+(?:at|@|in)\s+(?:threshold|tempo|race pace|marathon pace|"
    r"half marathon pace|(?:5|10)\s*k(?:m)? pace|goal pace|lt|mp|hmp|sweet ?spot|vo2)\b"
)

# Strides or pick-ups after a run ("then 8x100m strides", "6 x 20s strides", "strides 4x80m",
# "4 pickups"): short bursts told to say how the run ended; the log keeps the run's time and
# distance, never a count or a length of the bursts.
STRIDES = re.compile(
    r"\b\d{1,2}\s*(?:[x*×]\s*\d+(?:\.\d+)?\s*(?:m|metres?|meters?|s|secs?|seconds?)?\s*)?"
    r"(?:strides?|pick-?ups?|accelerations?|accels?)\b|"
    r"\b(?:strides?|pick-?ups?|accelerations?)\s*(?:of\s*|:\s*)?\d{1,2}\s*[x*×]\s*\d+(?:\.\d+)?"
    r"\s*(?:m|metres?|meters?|s|secs?|seconds?)?(?![\w.])"
)
RUN_WORD = re.compile(r"\b(?:ran|run|runs|running|jog\w*)\b")


# A work shift's length ("finished a 12hr day shift", "after a 13 hour night shift") and its
# place in a run of shifts ("night 3 of 4", "shift 2/3"): the job's figures, none of the log's
_WORK_SHIFT_AFTER = re.compile(
    r"\s*-?\s*(?:h|hrs?|hours?)\s+(?:(?:day|night|late|early|long|double|on-?call|ward|er|a&e)\s+)?"
    r"(?:shifts?|duty)\b"
)
_SHIFT_COUNT = re.compile(
    r"\b(?:night|shift|nights|shifts)\s+\d{1,2}\s*(?:of|/)\s*\d{1,2}\b"
    r"(?!\s*(?:h|hrs?|hours?|mins?|km|kg|lbs?)\b)"
)


def foreign_number(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` in ``text`` counts something else than a log's quantities: a
    unit or a thing that is not logged follows it ("30 weeks", "3 kids", "2 slices"), or a scale
    or a plan's week comes before it ("7/10": the 10; "week 4")."""
    after, before = text[m.end() :], text[: m.start()]
    if incidental_number(text, m):
        return True  # a blood pressure, a price, a programme's name, a class's time ...
    if device_energy(text, m):
        return True  # "machine says 280 cal", "310 kj on the display": the session's, no meal's
    if story_number(text, m):
        return True  # an age, a year, a score, a temperature, people counted ...
    if ASLEEP_TOO.search(text) and any(p.start() <= m.start() < p.end() for p in TIME_IN_BED.finditer(text)):  # fmt: skip
        return True  # "8:12 in bed, 7:21 asleep": the time in bed is no figure of the log
    if any(p.start() <= m.start() < p.end() for p in PERCENT_OF_MAX.finditer(text)):
        return True  # "@ 80%", "75% of 250": an intensity and its max, no load
    if re.search(r"\d:$", before) and "." in m.group(0) and float(m.group(0)) < 60:
        return True  # "2k test 6:58.4": the tenths of the time's seconds
    if re.match(r"'?s\b", after) and ((re.search(r"\b(?:my|his|her|their|your|our|early|late)\s+$", before) and m.group(0).endswith("0")) or re.search(r"\bthe (?:over|under)[- ]?$", before)):  # fmt: skip
        return True  # "since my 40s", "the over 55s group": a decade of life, an age group
    if re.search(r"\bvo$", before):
        return True  # the 2 of "vo2 max 52": a name's digit
    if re.search(r"\b(?:zone|z)\s*$", before):
        return True  # "zone 2 bike", "z2 run": an effort zone
    if re.search(r"\bsub[- ]?(?:\d{1,2}:)?$", before) and not re.match(
        r"\s*(?:kgs?|lbs?|x)\b", after
    ):
        return True  # "24:00, sub 25 at last", "sub 1:25 finally": the mark beaten (stop 94)
    if re.search(r"\bin the\s*$|\b(?:mid|low|high|upper|lower)[\s-]*$", before) and re.match(r"s\b", after):  # fmt: skip
        return (
            True  # "usually in the 70s": a range of values, no reading ("with the 80s": dumbbells)
        )
    # ("ruck 10 km with a 15 kg pack", "ruck 6 miles, 35 lb plate": a ruck's, a hike's or a walk's load
    # said as its own piece too; a lift's vest is its load)
    if re.search(r"(?:\b(?:with|carrying|wearing)\s+(?:a|my|the)|[,;:]|^)\s*$", before) and _CARRIED.match(after) and re.search(r"\bruck|\bhik|\bmarch|\bwalk", text) and not re.search(r"\d\s*[x*]\s*\d|\b(?:sets?|reps?)\b", text):  # fmt: skip
        return True
    if re.search(r"\b(?:with|carrying|wearing)\s*$", before) and _CARRIED.match(after) and re.search(r"\bruck|\bvest\b|\bhik|\bmarch|\bwalk", text):  # fmt: skip
        return True  # "ruck 8km with 20kg on": the load carried, no log's figure
    if _RUCK_LOAD.search(text[: m.start()]) and _MASS_UNIT.match(after):
        return True  # "rucked 5 mi w 45 lb, 1h40": a ruck's load, said "with" it (stop 94)
    if re.search(r"\b(?:with|incl\w*)\s*$", before) and _PART_AT.match(after) and re.search(r"\d\s*(?:mins?|minutes?)\b", before):  # fmt: skip
        return True  # "40 min run with 20 min at threshold": a part of the time, told in it
    if RUN_WORD.search(text) and any(p.start() <= m.start() < p.end() for p in STRIDES.finditer(text)):  # fmt: skip
        return True  # "ran 5k easy, then 6x100m strides": the bursts after the run
    if _WORK_SHIFT_AFTER.match(after) or any(p.start() <= m.start() < p.end() for p in _SHIFT_COUNT.finditer(text)):  # fmt: skip
        return True  # "a 12hr day shift", "night 3 of 4": the job's hours or its run of shifts
    if re.search(r"(?:(?<![a-z])x|[*@])\s*$", before) or re.match(r"\s*[x*]\s*\d", after):
        return False  # "4x10", "@ 80": sets, reps and loads (not the x ending "max 52")
    if _FOREIGN_AFTER.match(after) or _CLIMB_AFTER.match(after) or _CLIMB_BEFORE.search(before):
        return True
    # "weight 168 down 2 from last wk": a change since another day, not a value of today
    if _CHANGE_BEFORE.search(before) and _CHANGE_AFTER.match(after):
        return True
    if _SIGN_BEFORE.search(before) and _SIGN_AFTER.match(after):
        return True
    # "week 4", "session 3" count something; "session 2h" is how long it was
    if _FOREIGN_BEFORE.search(before) and not _TIME_AFTER.match(after):
        return True
    # "treadmill walk incline 12", "speed 5.5": the machine's setting, as its "level 8" is
    if re.search(r"\b(?:incline|gradient|grade|speed)\s*(?:of|at|was|:|=)?\s*$", before) and re.search(r"\btreadmill|\bwalk|\bstair|\bhik|\bjog|\brun\b|\bran\b", text) and not re.match(r"\s*(?:x|kgs?|kilos?|lbs?|pounds?|s\b|reps?|sets?|mins?\b|minutes?|h\b|hrs?|hours?|km|mi\b|miles?|m\b|secs?)", after):  # fmt: skip
        return True
    if _SHIFT_AT.search(before) and 1 <= float(m.group(0)) <= 24 and re.match(r"\s*(?:$|[,.;!?]|(?:am|pm|o'?clock)\b)", after):  # fmt: skip
        return True  # "got in from nights at 8, slept 9 till 3": the time the shift ended
    if m.group(0) == "1" and re.search(r"\b(?:last|first|that|this|the other) $", before):
        return True  # "the last one was like rpe 9.5": "one" is a set, not a figure
    # "wrestling practice 2 hrs, hard one", "a tough one today": "one" is the session
    if m.group(0) == "1" and re.search(r"\b(?:hard|tough|easy|good|great|long|short|brutal|solid|nice|rough|light|heavy|quick|fun|killer|savage) $", before) and re.match(r"\s*(?:$|[,.;!?)]|today|tonight|this|that)", after):  # fmt: skip
        return True
    if before.endswith("/") and not re.match(r"\s*/", after):  # "7/10": the scale; "5/5/4": reps
        return float(m.group(0)) in (5.0, 10.0, 100.0) and not re.search(r"\d\s*/\s*\d+\s*/\s*$", before)  # fmt: skip
    if re.search(r"(?:^|\b)(?:i'?m|i am|aged?)\s*$", before) and re.match(r"\s*(?:,|years|$)", after):  # fmt: skip
        return True  # "I'm 41, 5'10": an age
    # (days95: "At 54 I'm taking it slow": an age, said at a sentence's start)
    if re.search(r"(?:^|[.!?;,]\s*|\b(?:and|but|now)\s+)at(?: the age of| age)?\s*$", before) and re.match(r"\s*,?\s*(?:i'?m\b|i am\b|years? old\b|y/?o\b)", after):  # fmt: skip
        return True
    if re.search(r"\b(?:(?:down|up|dropped|fell|rose|came down|went up)|(?:down|up) to \d+(?:\.\d+)?\s*(?:kgs?|kilos?|lbs?|pounds?)?[\s!]*)\s+from\s+(?:\d+(?:\.\d+)?\s*(?:st|stones?)\s*)?$", before):  # fmt: skip
        return True  # "12 stone 3, down from 12 stone 7 a fortnight ago", "down to 84 kg from 90": the earlier figure
    if _FOR_AN_AGE.search(before) and re.match(r"\s*(?:$|[,.;!?)]|years?\b|yrs?\b|y/?o\b)", after) and 30 <= float(m.group(0)) < 100:  # fmt: skip
        return True  # "not bad for 64!", "good going for a 71 year old": the writer's age
    words = re.match(r"\s*([a-z]+)(?:\s+([a-z]+))?", after)
    if words is None or _LOG_WORD.match(after) or words.group(1) in _TIME_LEAD:
        return False
    # A counted thing ("3 kids", "2 coffees", "2 chicken breasts", "2 dogs barking"): one of
    # the next two words is a plural noun, and the words name no exercise ("25 pushups").
    plural = [
        w
        for w in words.groups()
        if w and len(w) >= 4 and w.endswith("s") and not w.endswith("ss") and w not in _NOT_PLURAL
    ]
    if not plural:
        return False
    matcher = default_matcher()
    return (
        all(matcher.match(w) is None for w in plural)
        and matcher.match(words.group(0).strip()) is None
    )


# Praise said for an age ("not bad for 64", "good going for a 71"): the number is the age
_FOR_AN_AGE = re.compile(
    r"\b(?:not bad|not too bad|not shabby|good|great|decent|ok|okay)"
    r"\s+for\s+(?:a\s+|an\s+|someone\s+|somebody\s+)?(?:of\s+)?$"
)


# A shift's or a day's work ending or starting at a time ("got in from nights at 8", "clocked
# off at 6", "started work at 7")
_SHIFT_AT = re.compile(
    r"\b(?:got (?:in|home|back|off)|home|finished|clocked (?:in|on|off|out)|knocked off|shifts?|"
    r"nights|lates|earlies|work|duty)\s+(?:at|by|around|about)\s*$"
)
# "weight 176.2 after nights", "80.1 before shifts": a word of time leads what follows, no
# counted thing ("3 kids")
_TIME_LEAD = frozenset({"after", "before", "since", "during", "between"})

_NOT_PLURAL = frozenset(
    {"this", "plus", "less", "across", "does", "always", "tennis", "was", "has", "thus"}
)


NUMBER_TOKEN = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")

# A share of a max ("@ 80%", "75% of 250", "at 85 percent of my 1rm", "70% of max", "65%... of
# 120", the max said after a pause): a
# programme's intensity, never the load on the bar (that is asked unless its kg is said too:
# "75% of 250 so 187.5"); the max beside it is no logged figure either.
PERCENT_OF_MAX = re.compile(
    rf"(?<![\d.]){NUM}\s*(?:%|percent\b)(?:\s*(?:\.{{2,}}|…)?\s*(?:of|off)\s*(?:my\s+|the\s+|a\s+)?"
    rf"(?:(?:e?1\s*rm|max|tm|training max|pr)\b\s*(?:of\s*)?)?(?:{NUM}(?:\s*(?:kgs?|lbs?|kilos?)\b)?"
    # "of my 200 deadlift max": the lift the max is of is no name of the sets
    r"(?:\s+(?:[a-z]+\s+)?(?:e?1\s*rm|max|tm|pr)\b)?)?)?"
)


# A kettlebell named by its size ("kb swings 5x20 with the 16", "goblet squats with the 35"):
# the sizes bells are made in tell the unit (kg bells of 8, 12, 16, 24 ...; lb bells of 18, 26,
# 35, 53 ...); a size both come in ("the 20") keeps its question.
_BELL = re.compile(
    r"\b(with|using) the (\d{1,2})\b(?!\s*(?:kgs?|kilos?|lbs?|pounds?|s\b|x\b|[.,/:]\d))"
    # (a size with its implement after it, "the 24 kettlebell", is the sets reader's already)
    r"(?!\s*(?:kbs?|zzkb|kettle ?bells?|bells?)\b)"
)
_BELL_UNIT = {
    **dict.fromkeys((8, 12, 16, 24, 28, 32, 36, 40, 48), "kg"),
    **dict.fromkeys((18, 26, 35, 44, 53, 62, 70), "lb"),
}


def bell_sizes(text: str) -> str:
    """``text`` with a kettlebell's size given its unit, where the text names a kettlebell."""
    if not re.search(r"\b(?:kbs?|zzkb|kettle ?bells?)\b", text):
        return text

    def unit(m: re.Match[str]) -> str:
        said = _BELL_UNIT.get(int(m.group(2)))
        return f"{m.group(1)} the {m.group(2)} {said}" if said else m.group(0)

    return _BELL.sub(unit, text)
