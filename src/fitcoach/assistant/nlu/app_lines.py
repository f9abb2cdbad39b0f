"""The lines of a logging message as workout apps export them and as lifters retell a set done
again, rewritten (after ``normalise``) into the words the readers already take:

- a set's number before its load ("Set 2: 30 kg x 9", "2: 315 lb x 5", as Hevy and Strong
  print them) is the set's place in the list, not a figure: dropped;
- a header line with the session's length ("Fitbod Workout - 52 min", "Pull Day · 1h 5min")
  above the exercises is how long the session took;
- "for a triple, did it 3 times", "a double, 4 times over": that many sets of the rep word;
- "top single 180" is the single at 180, and "3x5 at 150 backoffs" the sets at 150;
- "2 backoffs at 100 x 5" is 2 sets of 5 at 100;
- "3 rounds bag work 3 min each" is 9 minutes of it;
- a record cheered in brackets ("245x1 (PR!!!)") is no part of the sets;
- "same sets and weight" after a lift is the sets and load said of the lift before it;
- a clock time in words ("up at 20 past 6", "bed at half 10") is that time of day, and "half a
  mile" half of one;
- a total of reps "in 5 sets" ("100 total in 5 sets") is that many sets of its even share;
- a remark closing the sets ("5x3 today, finally clean") is no part of the exercise's name, and
  the reps of each side said after it ("3 sets of split squats, 10 each leg") are its reps.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.dates import DAY
from fitcoach.assistant.nlu.dates import MONTH as _MONTH
from fitcoach.assistant.nlu.erg_splits import erg_splits
from fitcoach.assistant.nlu.quantities import NUM
from fitcoach.assistant.nlu.set_marks import set_marks

# "set 2: 30 kg x 9", "2: 315 lb x 5", "3) 60kg x 8": the set's number, then a load and its reps
_SET_NUMBER = re.compile(
    rf"^(?:set\s*)?\d{{1,2}}\s*[:.)]\s+(?=\+?\s*{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*[x*]\s*\d)"
)
# "set 2 - 30 kg x 9", "set 3 30kg x 8": with the word "set", any separator
_SET_WORD_NUMBER = re.compile(
    rf"^set\s*\d{{1,2}}\s*[-–—:.)]?\s+(?=\+?\s*{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*[x*]\s*\d)"
)
# A header: a name of words, a separator, then a length only ("legs | 58 min", "push day ·
# 1h 12min", "evening workout - 1:05:12")
_HEADER = re.compile(
    r"^(?P<name>[a-z][a-z' &/]{0,40}?)\s*[—–·|:-]+\s*"
    r"(?:(?P<h>\d{1,2})\s*h(?:rs?|ours?)?\s*(?P<m>[0-5]?\d)\s*m(?:ins?|inutes?)?|"
    r"(?P<mins>\d{1,3})\s*(?:mins?|minutes?|m)|"
    r"(?P<ch>\d{1,2}):(?P<cm>[0-5]\d)(?::[0-5]\d)?)\s*$"
)
# Words a header's name may not hold: a cardio session's or a night's header is theirs to read
_NOT_SESSION = re.compile(
    r"\b(?:run|running|ran|jog|walk|walking|ride|cycling|bike|swim|row|rowing|hike|sleep|slept|"
    r"nap|bed|yoga|class)\b"
)
# ... and one of these, so that it names a lifting session ("Fitbod Workout", "Push Day", "Upper
# A", "morning lift"), never a sport of its own ("Boxing - 60 min" above the lifts is the boxing)
_SESSION_NAME = re.compile(
    r"\b(?:workout|session|day|lift|lifting|gym|training|strength|push|pull|legs?|upper|lower|"
    r"full body|chest|back|arms|shoulders|glutes|fitbod|hevy|strong)\b"
)
# "for a triple, did it 3 times", "a double, 4 times over": a set done that many times
_REPEATED = re.compile(
    r"\bfor an? (single|double|triple)\s*,?\s*(?:and\s+)?"
    r"(?:(?:did|done|hit|repeated|went)\s+(?:it|that|this|them)\s+)?(\d{1,2})\s*times\b(?:\s+over\b)?"
)
_REP_WORDS = {"single": 1, "double": 2, "triple": 3}
# "245x1 (pr!!!)", "(new pb 🎉)": a record cheered in brackets, no figure of the set
_RECORD_REMARK = re.compile(
    r"\(\s*(?:a |new |all[- ]time |lifetime )?(?:prs?|pbs?|personal (?:best|record))\b[^()\d]{0,30}\)"
)


# "pushups 100 total in 5 sets", "did 100 pushups in 5 sets": a total split evenly over the sets
_TOTAL_OVER = re.compile(r"\b(\d{2,3}) total in (\d{1,2}) sets\b(?!\s*of)")
_NAMED_TOTAL_OVER = re.compile(
    r"\b(\d{2,3}) ([a-z][a-z-]*(?: [a-z][a-z-]*)?) in (\d{1,2}) sets\b(?!\s*of)"
)


def _even(total: str, sets: str) -> str | None:
    """``total`` reps over ``sets`` sets as sets x reps, where they split evenly."""
    n, k = int(total), int(sets)
    return f"{k}x{n // k}" if k and n % k == 0 and 2 <= k <= 20 else None


def _spread(m: re.Match[str]) -> str:
    said = _even(m.group(1), m.group(2))
    return said if said is not None else m.group(0)


def _spread_named(m: re.Match[str]) -> str:
    from fitcoach.assistant.nlu.matcher import default_matcher

    said = _even(m.group(1), m.group(3))
    if said is None or default_matcher().match(m.group(2)) is None:
        return m.group(0)
    return f"{said} {m.group(2)}"


# "muscle ups 5x3 today 🔥 finally clean", "dips 4x10 lowkey easy": a remark closing the sets,
# no part of the exercise's name (a remark holding a number is left for the readers)
_REMARK = re.compile(
    r"(?<=\d)((?:\s+(?:today|tonight|this morning))?)\s+(?:[^\w\s,;.!?]+\s*)*"
    r"(?:finally|lowkey|highkey|ngl|tbh|honestly|fr)\b"
    # (up to the clause's end, never over a word that joins another lift: "ngl then curls")
    r"(?:(?!\b(?:then|and|also|plus|after|before|with|at)\b)[^,;.!?\d])*(?=[,;.!?]|$)"
)
# "3 sets of split squats, 10 each leg": the reps of each side said after the name
_SIDE_REPS = re.compile(
    r"\b(\d{1,2}\s*sets?\s+of)\s+([a-z][a-z -]*?),\s*(\d{1,3})\s+(?:reps?\s+)?"
    r"((?:each|per|a)\s+(?:leg|side|arm))\b"
)


# Clock times in words, after the number words became digits: "20 past 6" is 6:20, and the
# British "half 10" after a word of when ("bed at half 10") is 10:30
_PAST = re.compile(r"\b(5|10|20|25)\s+past\s+(\d{1,2})\b(?![:.])")
_HALF = re.compile(
    r"\b(at|around|by|till|until|from|before|after|about)\s+half\s+(\d{1,2})\b"
    # (a time of day only where the clause ends or a word of when follows: "about half a mile"
    # is a distance)
    r"(?=\s*(?:$|[,;.!?)]|(?:am|pm|and|then|up|woke|got|till|until|to|last|this|tonight)\b))"
)


# "half a mile" (normalised "half 1 mile"): half of one, never the whole one it had been stored as
_HALF_UNIT = re.compile(r"\bhalf (?:a |an |1 )(miles?|mi|km|kms|kilomet(?:re|er)s?|k)\b")


def _clock_words(line: str) -> str:
    line = _PAST.sub(lambda m: f"{m.group(2)}:{int(m.group(1)):02d}" if int(m.group(2)) <= 12 else m.group(0), line)  # fmt: skip
    line = _HALF_UNIT.sub(r"0.5 \1", line)
    return _HALF.sub(lambda m: f"{m.group(1)} {m.group(2)}:30" if int(m.group(2)) <= 12 else m.group(0), line)  # fmt: skip


# "then seated row same sets and weight": the sets and reps (and the load) of the lift before
_SAME = re.compile(
    r"\bsame (?:(?P<load1>sets,? reps,? (?:and|&) (?:weight|load)|sets (?:and|&) (?:weight|load)|"
    r"everything|numbers)|(?P<bare>sets (?:and|&) reps|sets))\b(?! (?:as|of)\b)"
)
# ("3x15", "3 sets of 15", and "3 sets 15 reps" as many write it)
_SETS_SAID = re.compile(
    r"\b\d{1,2}\s*x\s*\d{1,3}\b|\b\d{1,2}\s*sets?\s+(?:of\s+|x\s*)?\d{1,3}(?:\s*reps?)?\b"
)
_LOAD_SAID = re.compile(
    rf"(?:\bat|@|\bwith|\bw)\s*\+?{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?(?![\d.x])"
)


def _same_as_before(line: str) -> str:
    """``line`` with "same sets and weight" said as the sets (and load) of the lift before."""
    m = _SAME.search(line)
    # ("same sets and weight as last week": another day's, not the lift's before it)
    if m is None or re.match(r"\s+(?:(?:and|&)\s+(?:weight|load|reps)\s+)?(?:as|of|like)\b", line[m.end() :]):  # fmt: skip
        return line
    sets = list(_SETS_SAID.finditer(line, 0, m.start()))
    if not sets:
        return line
    said = sets[-1].group(0)
    if m.group("bare") is None:
        loads = list(_LOAD_SAID.finditer(line, sets[-1].end(), m.start()))
        if not loads:
            return line
        said += " " + loads[-1].group(0)
    return line[: m.start()] + said + line[m.end() :]


# "top single 180 @8": the rep word, then its load without "at" ("a single 180" too)
_REP_WORD_LOAD = re.compile(
    r"\b((?:top|heavy|max|an?)\s+(?:single|double|triple))\s+(\d{2,3}(?:\.\d+)?)"
    r"(?=\s*(?:kgs?|kilos?|lbs?)?\s*(?:@|rpe\b|,|;|$|then\b|and\b))"
)
# "3x5 at 150 backoffs": the sets' role after their load (not "3 backoffs at 150": a count)
_ROLE_AFTER_LOAD = re.compile(
    rf"((?:\bat|@)\s*{NUM}\s*(?:kgs?|kilos?|lbs?)?)\s+(?:back ?-?offs?|backoffs?|back-off sets?)\b"
)

# "2 backoffs at 100 x 5", "3 working sets @ 140 for 5": a count of sets, their load, their reps
# (the count was read as a counted thing, and one set stored)
_COUNT_AT_LOAD = re.compile(
    rf"\b(\d{{1,2}})\s+(?:back ?-?offs?|backoffs?|back-off sets?|top sets?|working sets?|drop sets?|sets?)"
    rf"\s+(?:at|@)\s*({NUM}\s*(?:kgs?|kilos?|lbs?)?)\s*(?:x|for)\s*(\d{{1,3}})\b(?!\s*(?:sets?|kgs?|lbs?|x)\b)"
)

# "3 rounds bag work 3 min each", "5 rounds of pad work, 2 min each": rounds of minutes with the
# activity between them (``cardio.timed_rounds`` reads it in brackets), said as their total
_ROUNDS_EACH = re.compile(
    r"\b(\d{1,2})\s*rounds?\s+(?:of\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)\s*,?\s*"
    r"(\d{1,2}(?:\.5)?)\s*(?:mins?|minutes?)\s+each\b"
)


def _rounds_total(m: re.Match[str]) -> str:
    return f"{m.group(2)} {int(m.group(1)) * float(m.group(3)):g} min"


# An export's date as a field of its own ("Wednesday, November 18, 2026 at 6:14 PM", "Push B —
# Thursday, November 12, 2026", "Nov 17, 2026 | 58 min", "Completed Nov 18 · 51 min"): a whole
# line, or a field between the apps' separators, with its weekday and clock time
_APP_DATE = re.compile(
    r"(?:^|(?<=[·|—–:]\s)|(?<=\s-\s)|(?<=\bcompleted\s))"
    rf"(?:{DAY},?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>20\d\d))?(?:,?\s+(?:at\s+)?\d{1,2}:[0-5]\d(?:\s*[ap]m)?)?"
    # (Strava's start after its own dot, "· 06:02" or "· 6:02 am": never a bare "· 42:17", a time)
    r"(?:\s*·\s*(?:0\d:[0-5]\d|\d{1,2}:[0-5]\d\s*[ap]m))?"
    r"(?=\s*(?:$|[·|—–]|\s-\s))"
)
# An app's computed total beside the session's length ("volume 3732 kg", "total weight lifted:
# 14220 lb"): the sum of the sets, no figure said of its own
_VOLUME = re.compile(
    r"(?:^|(?<=[·|—–]\s))(?:total\s+)?(?:volume|weight lifted|tonnage)\s*:?\s*\d+(?:\.\d+)?"
    r"\s*(?:kgs?|lbs?)(?=\s*(?:$|[·|—–]))"
)


# A length as a field of a dated header ("nov 17, 2026 | 58 min", "completed nov 18 · 51 min"):
# how long the session took
_LENGTH_FIELD = re.compile(
    r"(?:(?<=[·|]\s)|(?<=[·|]))\s*(?:(?P<h>\d{1,2})\s*h(?:rs?|ours?)?\s*(?P<m>[0-5]?\d)\s*"
    r"m(?:ins?|inutes?)?|(?P<mins>\d{1,3})\s*(?:mins?|minutes?))(?=\s*(?:$|[·|]))"
)


# An app's tallies beside a dated header's length ("| 14 sets", "· 6 exercises"): counts of the
# lines below, no sets of their own
_TALLY_FIELD = re.compile(
    r"(?:(?<=[·|]\s)|(?<=[·|]))\s*\d{1,3}\s*(?:sets|exercises)(?=\s*(?:$|[·|]))"
)
# "barbell back squat — 185 lb — 8, 8, 8, 6" (Fitbod's fields): the load, then each set's reps
_DASHED_SETS = re.compile(
    rf"^(?:[•·*-]\s*)?(?P<name>[a-z][a-z' ()/-]*?)\s+[—–]\s+(?P<load>\+?{NUM}\s*(?:kgs?|lbs?))\s+[—–]\s+"
    r"(?P<reps>\d{1,3}(?:\s*,\s*\d{1,3})*)\s*$"
)


# A share's social counts ("kudos 14 · comments 2", "likes 3"): no figure of the session
_SOCIAL = re.compile(
    r"^(?:(?:kudos|comments?|likes?|achievements?)\s*:?\s*\d{1,4}\s*(?:·|\||$)\s*)+$"
)


# Strava's titles ("Lunch Run", "Morning Ride · Nov 17"): the activity; the part of the day is
# no meal ("lunch") of its own
_TITLE = re.compile(
    r"^(?:morning|lunch|afternoon|evening|night)\s+(run|ride|walk|swim|hike|row|trail run)"
    r"(?=\s*(?:$|·|\|))"
)


def _took(m: re.Match[str]) -> str:
    took = int(m["h"]) * 60 + int(m["m"]) if m["h"] else int(m["mins"])
    return f" workout took {took} min"


def _dated(m: re.Match[str]) -> str:
    return f"on {m['month'][:3]} {m['day']}" + (f" {m['year']}" if m["year"] else "")


# A warm-up set's line as the apps mark it ("Set W: 60kg x 10", "W: 40 kg x 8", "warm-up 1: 60 x 5")
_WARMUP_LINE = re.compile(
    rf"^(?:set\s*)?(?:w|wu|warm[\s-]?up)\s*\d{{0,2}}\s*[:.)-]\s*(?=\+?\s*{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*[x*]\s*\d)"
)
# The warm-ups left out in words ("just the working sets pls, not the warmups", "skip the
# warm-ups", "working sets only")
_WARMUPS_LEFT_OUT = re.compile(
    r"\b(?:not|no|skip|without|minus|excluding|exclude|leave out|ignore)\s+(?:the\s+|my\s+)?"
    r"warm[\s-]?ups?\b|\b(?:just|only)\s+(?:log\s+)?(?:the\s+|my\s+)?working sets\b|\bworking sets only\b"
)


def app_lines(lines: list[str]) -> list[str]:
    """``lines`` (each normalised) with the apps' set numbers dropped, a header's length said
    as the session's and a repeated set said as sets; an app's warm-up lines ("Set W: 60kg x
    10") are left out where the message says to leave the warm-ups out (wrong92; otherwise
    they stay, and what they are is asked)."""
    if any(_WARMUPS_LEFT_OUT.search(line) for line in lines):
        lines = [line for line in lines if not _WARMUP_LINE.match(line)]
    out = []
    lines = erg_splits(set_marks(lines))  # (warm-ups dropped, set marks and splits said plainly)
    for number, line in enumerate(lines):
        line = _SET_WORD_NUMBER.sub("", _SET_NUMBER.sub("", line))
        # (one date on the line: "nov 17 – nov 18" is a night's span, the sleep readers')
        if len(_APP_DATE.findall(line)) == 1:
            line = _APP_DATE.sub(_dated, line)
            # (a lifting header's: a run's or a night's length is theirs to read)
            if not _NOT_SESSION.search(line):
                line = _TALLY_FIELD.sub(" ", _LENGTH_FIELD.sub(_took, line))
        line = _DASHED_SETS.sub(r"\g<name> \g<load> x \g<reps>", line)
        line = _TITLE.sub(r"\1", _SOCIAL.sub("", _VOLUME.sub("", line)))
        header = _HEADER.match(line) if number == 0 and len(lines) > 1 else None
        took = _minutes(header) if header is not None else None
        if (
            header is not None
            and took is not None
            and _SESSION_NAME.search(header["name"])
            and not _NOT_SESSION.search(header["name"])
        ):
            line = f"workout took {took} min"
        line = _REPEATED.sub(_sets_of, _RECORD_REMARK.sub(" ", _clock_words(line)))
        line = _ROLE_AFTER_LOAD.sub(r"\1", _REP_WORD_LOAD.sub(r"\1 at \2", line))
        line = _ROUNDS_EACH.sub(_rounds_total, _COUNT_AT_LOAD.sub(r"\1 sets of \3 at \2", line))
        line = _SIDE_REPS.sub(r"\1 \3 \2 \4", _REMARK.sub(r"\1", _same_as_before(line)))
        out.append(_NAMED_TOTAL_OVER.sub(_spread_named, _TOTAL_OVER.sub(_spread, line)))
    if any(_CARD_FIELD.search(line) for line in out) and not any(_FOOD_FIELD.search(line) for line in out):  # fmt: skip
        out = [line for line in out if not _BURNED.match(line)]  # (the session's burn)
    return out


# A watch's or a run app's card: its fields of the session ("avg pace 5:11 /km", "avg hr 148",
# "distance 10.02 km"), beside which a line of "calories 612" is the energy the session burned,
# no meal (one with a food's or a meal's field is a food log's: "protein: 32g", "food: ...")
_CARD_FIELD = re.compile(
    r"\b(?:avg\.?|average|max)\s+(?:pace|hr|heart rate|speed|power|cadence)\b|^distance\b|^elevation\b"
)
_FOOD_FIELD = re.compile(
    r"^(?:protein|carbs?|fat|food|meal|breakfast|lunch|dinner|snacks?)\b\s*:|\b(?:ate|eaten|meal)\b"
)
_BURNED = re.compile(
    r"^(?:active |total |move )?(?:calories|kcal|cals?|kilocalories|energy)(?: burned| burnt)?"
    r"\s*:?\s*\d{2,4}(?:\s*(?:kcal|cals?|calories))?\s*$"
)


def _minutes(m: re.Match[str]) -> str | None:
    """The header's length in minutes; None where a clock time could be either ("5:30")."""
    if m["h"] is not None:
        return f"{int(m['h']) * 60 + int(m['m'])}"
    if m["mins"] is not None:
        return m["mins"]
    hours, minutes = int(m["ch"]), int(m["cm"])
    # "1:05:12" and "1:05" are an hour and 5 minutes (no lifting session lasts a minute);
    # "52:30" is 52 minutes and a half
    if m.group(0).count(":") == 2 or hours <= 3:
        return f"{hours * 60 + minutes}"
    return f"{hours + minutes / 60:g}" if hours >= 10 else None


def _sets_of(m: re.Match[str]) -> str:
    return f"for {m.group(2)} sets of {_REP_WORDS[m.group(1)]}"
