"""Numbers a logging message says that are no figure of any log: told beside the log to set the
scene, never stored, so never a reason to ask (issue 57, stop 89: "a number nothing accounts for"
was the largest class of questions). Each class is a kind of reading or name the log does not
keep, recognised by its own shape; a number that could be a log's own (a load, reps, sets, a
duration, a distance) never matches one.

- a blood pressure ("bp 128/82", "blood pressure was 135 over 85"): the log keeps none;
- money ("paid 15 quid", "$20 drop-in", "€12"): a price;
- a programme named by numbers ("5/3/1 week 2", "531 bbb", "w2d3"): a name and its week or day;
- a time of day naming a class or a session ("the 6:30 class", "my 7:15 spin"): when, not how long;
- a treadmill's setting ("12% at 3.0", "at 5.5 incline"): the machine's speed or incline;
- a change since another day in brackets ("rhr 51 (up 5)", "(down 2 since monday)"): no reading;
- a programme's week written short ("wk2") and a climb's grade ("5.11a", "6b+");
- a plate count retelling a load said with its unit ("100kg single, first time at 3 plates");
- a blood glucose or ketone reading ("glucose 82", "gluc 88 fasting", "cgm avg was 94",
  "ketones 1.8", "bhb 0.6", "94 mg/dl", both figures of "sugar 7.1 before and 5.8 after") and a fast's length ("fasted 36h", "24h fast done",
  "broke my 72h fast"): the log keeps neither.
"""

from __future__ import annotations

import re

_NUM = r"\d+(?:\.\d+)?"

# "bp 128/82", "blood pressure was 135 over 85", "128/82 bp": both figures of the reading (a
# systolic above its diastolic, in their ranges, and nothing after that makes them a bench
# press's loads: "bp 80/85/90 x5")
_BLOOD_PRESSURE = re.compile(
    r"\b(?:bp|blood pressure)\s*(?:was|is|of|at|:|=|reading|read)?\s*(?:about\s+|around\s+|~\s*)?"
    r"(?P<sys>\d{2,3})\s*(?:/|over)\s*(?P<dia>\d{2,3})\b(?!\s*(?:[/x*@]|kgs?\b|lbs?\b|reps?\b|sets?\b))|"
    r"(?<![\d/.])(?P<sys2>\d{2,3})\s*/\s*(?P<dia2>\d{2,3})\s*(?:bp|blood pressure)\b"
)
# "$20", "£15", "€12.50", "15 quid", "20 bucks", "12 dollars", "10 euros" (never "pounds": a mass)
_MONEY = re.compile(
    rf"[$£€]\s*{_NUM}|(?<![\d.]){_NUM}\s*(?:[$£€]|quid\b|bucks\b|dollars?\b|euros?\b|usd\b|gbp\b|eur\b)"
)
# The 5/3/1 programme by its name ("5/3/1 week 2", "531 bbb", "on 5/3/1", "5/3/1 for beginners")
# and a week and day written "w2d3": a programme's name and its place, no sets or reps (a bare
# "5/3/1" after an exercise may be its reps: kept)
_PROGRAMME = re.compile(
    r"\b5\s*/\s*3\s*/\s*1\b(?=\s*(?:[,:;.!-]\s*)?(?:wk|week|w\d|day|cycle|bbb|fsl|boring|program|programme|"
    r"template|for beginners|bench day|squat day|deadlift day|press day|ohp day))|"
    r"(?:\b(?:on|doing|running|the|my|wendler'?s?)\s+)5\s*/\s*3\s*/\s*1\b(?!\s*(?:x|@|at\b|reps?\b|kgs?\b|lbs?\b))|"
    r"\b531\b(?=\s*(?:[,:;.!-]\s*)?(?:wk|week|w\d|day|cycle|bbb|fsl|boring|program|programme|template|"
    r"for beginners))|"
    r"\bw\d{1,2}\s*d\d\b"
)
# A time of day naming a class or a session ("the 6:30 class", "my 7:15 spin", "at the 12:10
# bootcamp"): when it was, never how long ("a 1:30 ride" is a time of its own: "a" keeps it)
_CLASS_TIME = re.compile(
    r"\b(?:the|my|our)\s+\d{1,2}:[0-5]\d\s*(?:am|pm)?\s+(?:[a-z]+\s+)?"
    r"(?:class|session|spin|yoga|pilates|bootcamp|hiit|circuits?|club run|parkrun|slot|"
    r"shift|train|bus|meeting)\b"
)
# A treadmill's speed or incline ("12% at 3.0", "treadmill 20 mins at 5.5 incline", "speed
# 6.5 incline 4"): the machine's setting (never the time or the way: those have their units)
_MACHINE_WORD = re.compile(r"\btreadmill|\bincline walk|\bstair ?master|\bstepmill")
_SETTING_AFTER = re.compile(
    r"\s*(?:%\s*)?(?:incline|gradient|grade|speed)\b(?!\s*(?:bench|press|db|dumbbell|fl[yi]|row|curl|push|smith))"
)
_SPEED_UNIT = re.compile(r"\d\s*(?:mph|kph|km/h|kmh|km/hr|mi/h)\b|\bmiles an hour\b")
_SPEED_AT = re.compile(r"(?:\bat|@)\s*$")
_NOT_SPEED_AFTER = re.compile(
    r"\s*(?:[x*/:]|kgs?\b|kilos?\b|lbs?\b|reps?\b|sets?\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|"
    r"km\b|mi\b|miles?\b|m\b|secs?\b|s\b|bpm\b|pace\b|rpe\b|%)"
)
# A change since another day in brackets after a reading ("rhr 51 (up 5)", "hrv 40 (down 8
# from yesterday)"): the change, no reading of today
_CHANGE_IN_BRACKETS = re.compile(
    rf"\(\s*(?:up|down|dropped|rose)\s+(?:by\s+)?{_NUM}\s*(?:kgs?|lbs?|bpm|ms|points?)?"
    r"(?:\s+(?:from|since|on|vs\.?)\s+[a-z ]+)?\s*\)"
)


# A week of a programme written short ("wk2", "wk 3 day 1"): its place, no count (a time after
# it, "wk 2 hrs", is no week)
_WEEK_SHORT = re.compile(r"\b(?:wk|wks)\.?\s*$")
_TIME_AFTER = re.compile(r"\s*(?:h\b|hrs?\b|hours?\b|mins?\b|minutes?\b)")
# A route's or a boulder's grade in a climbing message ("sent a 5.11a", "two 6b+ routes",
# "flashed 7a"): a grade, no figure of the session
_CLIMBING = re.compile(r"\bclimb|\bboulder|\bcrag\b|\broutes?\b|\btop ?rop|\blead\b|\bbelay")
# (a Yosemite grade from 5.10 on, or with its letter: "5.5 mi with 1200 ft of climbing" is a way)
_GRADE = re.compile(r"(?<![\d.])(?:5\.1[0-5][a-d]?|5\.\d[a-d]|[3-9][abc])[+-]?(?![\w.])")

# A blood glucose or ketone reading: the reading's name, a few words of its kind, its figure
# (and its unit); or a figure with a glucose unit. The daily log keeps neither.
# (sleep94) when it was taken ("before", "pre-workout", "after the session"), and a second
# figure of the same reading after it ("glucose before was 7.2 and after 5.9", "bg 6.1 pre,
# 5.4 post", "blood sugar 140 -> 110")
_WHEN = (
    r"(?:before|after|pre|post|(?:pre|post)[- ]?(?:workout|training|session|gym|run|lift|meal)|"
    r"after (?:the |my )?(?:workout|session|gym|run|lift|training|meal)|now|later|then)"
)
# (a set's or a session's figure after it is no second reading: "glucose 6.1 then 3x8 rdl 80")
_NOT_A_SET = (
    r"(?![\d.]|\s*[x*×/@]|\s*(?:kgs?|lbs?|reps?|sets?|mins?|minutes?|km|k|mi|miles?|h|hrs?)\b)"
)
_GLUCOSE_UNIT = r"(?:\s*(?:mg\s*/?\s*dl|mmol(?:\s*/\s*l)?)\b)?"
_GLUCOSE_KETONES = re.compile(
    r"\b(?:(?:blood\s+)?glucose|gluc|blood sugar|bgl?|cgm|ketones?|bhb|gki|(?:hb)?a1c)\b"
    rf"(?:\s*(?:avg|average|mean|reading|levels?|fasting|was|is|at|of|=|:|~|about|around|{_WHEN})\b\s*|\s*[=:~]\s*)*"
    rf"\s*{_NUM}{_GLUCOSE_UNIT}(?:\s+{_WHEN}\b)?"
    rf"(?:\s*(?:,|and|then|->|→|to)\s*(?:(?:{_WHEN}|was|is|it was|it's)\b\s*)*{_NUM}{_NOT_A_SET}{_GLUCOSE_UNIT}(?:\s+{_WHEN}\b)?)*|"
    rf"(?<![\d.]){_NUM}\s*(?:mg\s*/?\s*dl|mmol\s*/\s*l)\b"
)
# A fast's length ("fasted 36h", "fasting for 20 hours", "24h fast", "broke my 72 hour fast"):
# how long without food, no session and no sleep
_FAST_LENGTH = re.compile(
    r"\bfast(?:ed|ing)?\s+(?:for\s+)?(?:about\s+|around\s+|~\s*)?\d{1,3}\s*(?:h|hrs?|hours?)\b|"
    r"(?<![\d.:])\d{1,3}\s*-?\s*(?:h|hrs?|hours?)\s*-?\s*(?:(?:water|dry|extended)\s+)?fast(?:ed|ing)?\b"
)


def _inside(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    return any(p.start() <= m.start() < p.end() for p in pattern.finditer(text))


def _pressure(text: str, m: re.Match[str]) -> bool:
    for p in _BLOOD_PRESSURE.finditer(text):
        high, low = int(p.group("sys") or p.group("sys2")), int(p.group("dia") or p.group("dia2"))
        if (
            p.start() <= m.start() < p.end()
            and 80 <= high <= 230
            and 40 <= low <= 140
            and high > low
        ):
            return True
    return False


# (lifts96) A plate count retelling a load said before it with its unit ("bench 100kg single,
# first time at 3 plates... well 2 plates and change"): the same load in plates, no set of its
# own (never "2 plates for 3", "3 plates x 5", "2 plates a side": a set's load)
_PLATES_RETOLD = re.compile(
    r"\s*plates?\b(?:\s+(?:and|n|&)\s+change\b)?(?!\s*(?:for|x|@|a side|each|per|on|and|n|&|\+|\(|\d))"
)
_LOAD_WITH_UNIT = re.compile(rf"(?<![\d.]){_NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)\b")
_MILESTONE = re.compile(r"\b(?:first time|first ever|finally|never)\b[^\d,;]{0,20}$")
_THEN_BEFORE = re.compile(r"\b(?:then|and|after|next|also)\s+(?:at\s+|with\s+)?$")


def incidental_number(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` of ``text`` (lower case) belongs to one of the classes above:
    a figure the log does not keep, told beside it."""
    if _pressure(text, m) or _inside(_MONEY, text, m):
        return True
    if _inside(_PROGRAMME, text, m) or _inside(_CLASS_TIME, text, m):
        return True
    if _inside(_CHANGE_IN_BRACKETS, text, m):
        return True
    if _inside(_GLUCOSE_KETONES, text, m) or _inside(_FAST_LENGTH, text, m):
        return True
    if _WEEK_SHORT.search(text[: m.start()]) and not _TIME_AFTER.match(text[m.end() :]):
        return True
    if _CLIMBING.search(text) and _inside(_GRADE, text, m):
        return True
    if (plates := _PLATES_RETOLD.match(text, m.end())) and m.group(0) in "12345678":
        before = text[: m.start()]
        if _MILESTONE.search(before) or plates.group(0).endswith("change"):
            return True  # ("first time ever at 3 plates", "2 plates and change": a remark)
        return _LOAD_WITH_UNIT.search(before) is not None and not _THEN_BEFORE.search(before)
    # (a speed with its unit, "3.0 mph 12 incline 30 min", gives the way walked with the time:
    # the setting keeps its question rather than a log stored without its distance)
    if _MACHINE_WORD.search(text) and not _SPEED_UNIT.search(text):
        after, before = text[m.end() :], text[: m.start()]
        if _SETTING_AFTER.match(after) and not re.search(r"[x*@]\s*$", before):
            return True  # "at 5.5 incline"
        # "12% at 3.0": a speed, written with its tenth, at a walking or running pace
        if "." in m.group(0) and _SPEED_AT.search(before) and 1 <= float(m.group(0)) <= 20:
            return not _NOT_SPEED_AFTER.match(after)
    return False
