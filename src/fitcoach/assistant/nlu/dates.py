"""Dates in what athletes write: the days a log names ("yesterday", "on Monday": the latest Monday
up to today, "last week": the previous Monday to Sunday) and the day a plan edit names (a
weekday, today, tomorrow, "the 28th", "28/11", "nov 28": the next such day)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fitcoach.assistant.nlu.base import WEEKDAYS


def _weekday_on_or_before(today: date, weekday: str) -> date:
    return today - timedelta(days=(today.weekday() - WEEKDAYS.index(weekday)) % 7)


def _weekday_on_or_after(today: date, weekday: str) -> date:
    return today + timedelta(days=(WEEKDAYS.index(weekday) - today.weekday()) % 7)


DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)"  # fmt: skip


def _weekday_name(word: str) -> str:
    return next(d for d in WEEKDAYS if d.startswith(word[:3]))


# "mondays gym sesh: ...", "mondays bench was 3x5": the possessive without its apostrophe (as
# "yesterdays"), Monday's session; never a habit ("on mondays", "fridays off", "mondays and
# thursdays"), which names no day of a log
_OWNED_PLURAL = re.compile(
    r"(?<!\bon )(?<!\bevery )(?<!\bmost )(?<!\ball )(?<!\bsome )(?<!\bno )(?<!\bthe )"
    r"\b((?:mon|tues|wednes|thurs|fri|satur|sun)day)s\b(?=\s+(?!(?:and|or|off|for|now|anymore|"
    r"instead|too|are|is|were|i|it|only|at|in|on|with|from|to|as|when|because|so|my|the|a|we|"
    r"you|til|until|through|each|every|mostly|usually)\b)[a-z])"
)


def owned_weekdays(text: str) -> str:
    """``text`` with a weekday's possessive written without its apostrophe ("mondays gym
    sesh") as "monday's", so that the day it owns is read as any "monday's" is."""
    return _OWNED_PLURAL.sub(r"\1's", text)


def find_dates(text: str, today: date) -> dict[str, date]:
    """A day (``date``) or a period (``start``, ``end``) named in normalised ``text``."""
    text = owned_weekdays(text)
    monday = today - timedelta(days=today.weekday())
    if m := re.search(r"\b(?:last|past|previous) (\d+) (days|weeks)\b", text):
        days = int(m.group(1)) * (7 if m.group(2) == "weeks" else 1)
        return {"start": today - timedelta(days=days - 1), "end": today}
    # a weekday of last week ("thursday last week", "last week on tuesday"): that one day,
    # not the week (the log was asked which day it named)
    if m := re.search(
        rf"\b{DAY},? (?:of )?(?:last|previous) week\b|\b(?:last|previous) week,? on {DAY}\b", text
    ):
        said = _weekday_name(m.group(1) or m.group(2))
        return {"date": monday - timedelta(days=7 - WEEKDAYS.index(said))}
    if re.search(r"\b(?:last|previous) week\b", text):
        return {"start": monday - timedelta(days=7), "end": monday - timedelta(days=1)}
    if re.search(r"\bpast week\b|\bover the week\b", text):
        return {"start": today - timedelta(days=6), "end": today}
    if re.search(r"\bthis week\b", text):
        return {"start": monday, "end": today}
    if re.search(r"\b(?:last|previous) month\b", text):
        end = today.replace(day=1) - timedelta(days=1)
        return {"start": end.replace(day=1), "end": end}
    if re.search(r"\bthis month\b", text):
        return {"start": today.replace(day=1), "end": today}
    if re.search(r"\bday before yesterday\b", text):
        return {"date": today - timedelta(days=2)}
    if m := re.search(r"\b(\d+) days? ago\b", text):
        return {"date": today - timedelta(days=int(m.group(1)))}
    # ("ran the night before last": two days back, as "the day before yesterday")
    if re.search(r"\b(?:the )?night before last\b", text):
        return {"date": today - timedelta(days=2)}
    # ("yesterdays full log": the possessive without its apostrophe)
    if re.search(r"\byesterdays?\b|\blast night\b|\bytd\b|\byday\b|\byest\b", text):
        return {"date": today - timedelta(days=1)}
    # ("stress 5 (exam tomorrow)": a remark in brackets about what is ahead, not the day)
    if re.search(r"\btomorrow\b", re.sub(r"\([^()]*\)", " ", text)):
        return {"date": today + timedelta(days=1)}
    # "on nov 16 2026" (an app export's date, as ``app_lines`` says it), "on nov 16": that day
    if (found_day := calendar_day(text, today)) is not None:
        return {"date": found_day}
    # "badminton on the 12th": the latest such day up to today (never one ahead for a log)
    if (m := re.search(r"\bon the (\d{1,2})(?:st|nd|rd|th)\b(?!\s*" + _NOT_A_DAY + ")", text)) and (
        found := _day_of_month_past(today, int(m.group(1)))
    ):
        return {"date": found}
    if m := re.search(rf"\b(?:on|last|this past|past)?\s*{DAY}\b", not_a_weekday(text)):
        weekday = _weekday_on_or_before(today, _weekday_name(m.group(1)))
        # ("rowed 30 min last wednesday", written on a Wednesday: a week ago, never today)
        if weekday == today and re.match(r"(?:last|this past|past)\b", m.group(0).strip()):
            weekday -= timedelta(days=7)
        return {"date": weekday}
    return {}


def _months_back(today: date, months: int) -> date:
    """The same day ``months`` calendar months before ``today`` (the month's last day where
    it is shorter: a month before 31 March is 28 or 29 February)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(today.day, (nxt - timedelta(days=1)).day))


def _month_number(word: str) -> int:
    return next(i + 1 for i, name in enumerate(_MONTHS) if word.startswith(name))


def _month_past(today: date, month: int, day: int = 1) -> date:
    """The latest ``month``/``day`` up to ``today`` (this year, or last year's)."""
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return date(year, month, day)


def _day_of_month_past(today: date, day: int) -> date | None:
    """The latest day numbered ``day`` up to ``today`` ("since the 1st": this month's)."""
    first = today.replace(day=1)
    for start in (first, (first - timedelta(days=1)).replace(day=1)):
        try:
            found = start.replace(day=day)
        except ValueError:
            continue
        if found <= today:
            return found
    return None


_WORD_COUNT = {"a couple of": 2, "couple of": 2, "couple": 2, "few": 3, "a few": 3}
_THIS_MONTH_SO_FAR = re.compile(
    r"\b(?:month[- ]to[- ]date|mtd|so far this month|this month so far|(?:since|from) the "
    r"(?:start|beginning) of (?:the|this) month)\b"
)
_THIS_WEEK_SO_FAR = re.compile(
    r"\b(?:week[- ]to[- ]date|(?:since|from) the (?:start|beginning) of (?:the|this) week)\b"
)


def _since(after: str, today: date) -> date | None:
    """The first day of a period that ``after`` (the words after "since") names: a month
    ("september", "sept 1", "1st of november"), a day of this month ("the 1st"), a weekday
    (the latest before today: "since monday"), yesterday or a start of the month or week."""
    if re.search(r"\b(?:start|beginning) of (?:the |this )?month\b", after[:60]):
        return today.replace(day=1)
    if re.search(r"\b(?:start|beginning) of (?:the |this )?week\b", after[:60]):
        return today - timedelta(days=today.weekday())
    if m := re.search(rf"\b({_MONTH[3:-3]})\b(?:\.?\s*({_ORD}))?", after[:40]):
        before = re.search(rf"\b({_ORD}) (?:of )?{_MONTH}", after[:40])  # "1st of november"
        told = m.group(2) or (before.group(1) if before else None)
        day = int(re.sub(r"\D", "", told)) if told else 1
        try:
            return _month_past(today, _month_number(m.group(1)), day)
        except ValueError:
            return None
    if m := re.search(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b", after[:60]):
        return _day_of_month_past(today, int(m.group(1)))
    # right after it only: "since I race on sunday" gives a reason, no period
    if m := re.match(rf"\s*(?:last |the )?{DAY}\b", after):
        return _weekday_on_or_before(today - timedelta(days=1), _weekday_name(m.group(1)))
    if re.match(r"\s*yesterday\b", after):
        return today - timedelta(days=1)
    return None


def find_period(text: str, today: date, *, overnight: bool = False) -> dict[str, date]:
    """The period a question about one's own data names in normalised ``text``, as ``start``
    and ``end`` (or one ``date``), where the days a log names (``find_dates``) differ:
    "since september" (1 September to today), "since monday", "since the 1st", "month to
    date", "the last month" and "the past month" (a month back to today; "last month" alone
    is the calendar month before), "the last 3 months", "the past fortnight", "in october"
    (the month), "this week vs last week" (both weeks, to today), "this year" (1 January to
    today), "last year" (the calendar year before). With ``overnight`` (a figure
    of the night: sleep, HRV) "last night" and "saturday night" are the morning it ended."""
    monday = today - timedelta(days=today.weekday())
    if overnight:
        if re.search(r"\blast night\b", text):
            return {"date": today}
        if m := re.search(rf"\b{DAY} night\b", text):
            night = _weekday_on_or_before(today - timedelta(days=1), _weekday_name(m.group(1)))
            return {"date": night + timedelta(days=1)}
    weeks = re.findall(r"\b(this|last|previous) week\b", text)
    # ("sleep vs last week": this week against the last, both asked for)
    if ("this" in weeks and len(set(weeks)) > 1) or re.search(
        r"\b(?:vs\.?|versus|compared (?:to|with)|against) (?:the )?(?:last|previous) week\b", text
    ):
        return {"start": monday - timedelta(days=7), "end": today}
    months = re.findall(r"\b(this|last|previous) month\b", text)
    if "this" in months and len(set(months)) > 1:
        return {"start": _months_back(today.replace(day=1), 1), "end": today}
    if re.search(r"\b(?:this year|so far this year|year[- ]to[- ]date|in \d{4} so far)\b", text):
        return {"start": today.replace(month=1, day=1), "end": today}
    if re.search(r"\b(?:last|previous) year\b", text):
        return {"start": date(today.year - 1, 1, 1), "end": date(today.year - 1, 12, 31)}
    if _THIS_MONTH_SO_FAR.search(text):
        return {"start": today.replace(day=1), "end": today}
    if _THIS_WEEK_SO_FAR.search(text):
        return {"start": monday, "end": today}
    if (m := re.search(r"\bsince\b", text)) and (start := _since(text[m.end() :], today)):
        return {"start": start, "end": today}
    if re.search(r"\b(?:the |this )?(?:last|past) fortnight\b", text):
        return {"start": today - timedelta(days=13), "end": today}
    if m := re.search(r"\b(?:last|past) (\d+|a couple of|couple of|a few|few) months\b", text):
        count = int(m.group(1)) if m.group(1).isdigit() else _WORD_COUNT[m.group(1)]
        return {"start": _months_back(today, count), "end": today}
    if re.search(r"\b(?:the|this) (?:last|past) month\b|\bpast month\b", text):
        return {"start": _months_back(today, 1), "end": today}
    if m := re.search(r"\b(?:last|past) (a couple of|couple of|a few|few) weeks\b", text):
        return {"start": today - timedelta(days=7 * _WORD_COUNT[m.group(1)] - 1), "end": today}
    if m := re.search(
        rf"\b(?:in|for|during|over|through|of)\s+({_MONTH[3:-3]})\b|\b({_MONTH[3:-3]})\b(?= so far)",
        text,
    ):
        month = _month_number(m.group(1) or m.group(2))
        first = _month_past(today, month)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return {"start": first, "end": min(today, nxt - timedelta(days=1))}
    return find_dates(text, today)


# A day said only roughly ("hiked last weekend": Saturday or Sunday?, "my walk from the other
# day", "saturday or sunday night"): a log is of one day, and none is guessed. The weekend as
# a time only ("on the weekend", "my run from the weekend", not "weekend mode"), and not one
# ahead ("this weekend").
_ROUGH_DAY = re.compile(
    r"\b(?:last|this past|past|on|at|over|during|from)\s+(?:the\s+)?weekend\b|\bthe other day\b|"
    # a day told by what happened on it ("weight 74.3 from the day i forgot")
    r"\bthe (?:day|morning|evening|night) (?:that |when )?(?:i|we|he|she|they|mum|mom|dad)\b(?: [a-z']+)?"
)
# Either of two days, weekdays or the near ones ("tuesday or today, can't remember which",
# "yesterday or the day before", "yesterday or monday"): asked, never the first one guessed.
_NEAR_DAY = (
    rf"(?:{DAY}|today|yesterday|tonight|last night|this morning|the day before(?: yesterday)?)"
)
_EITHER_DAY = re.compile(rf"\b{_NEAR_DAY}(?: night| morning)? or {_NEAR_DAY}(?!\w)")


# The question asked for a log's day; the chat knows the answer to it by these words
# (``offline.context.told_day``).
ASK_DAY = "which day was it"


def rough_day(text: str, today: date) -> str | None:
    """The question for a log whose day normalised ``text`` names only roughly, where no other
    words name it exactly ("the other day, tuesday I think" names it); None when it is told."""
    if m := _EITHER_DAY.search(text):
        return f"{ASK_DAY}: {m.group(0)}?"
    if (m := _ROUGH_DAY.search(text)) and "date" not in find_dates(
        _ROUGH_DAY.sub(" ", text), today
    ):
        return f"{ASK_DAY} ({m.group(0)})?"
    return None


# The rough day with the words that lead it ("last weekend", "from the other day", "on the
# weekend"): what the day the athlete then tells replaces
_ROUGH_SAID = re.compile(
    rf"(?:\bfrom\s+)?(?:{_ROUGH_DAY.pattern})|{_EITHER_DAY.pattern}",
    re.IGNORECASE,
)


def with_day(text: str, day: str) -> str | None:
    """``text`` (as written) with the day it named only roughly told ("hiked last weekend, 2
    hours" with "sunday": "hiked on sunday, 2 hours"); None when it names no rough day."""
    told, count = _ROUGH_SAID.subn(f"on {day}", text, count=1)
    return told if count else None


# "legs sore from monday('s squats)": the day that made it sore, not the day of the log
_CAUSE_DAY = re.compile(
    r"\b(sore|stiff|achy|aching|doms|wrecked|smashed|destroyed|cooked)\b([^,.;!?\d]{0,20}?)\bfrom\s+"
    r"(?:yesterday|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:'s)?"
)


# "bit rough after bowling league last night": how one feels now, and the day of what caused
# it, not the day of the readings beside it
_AFTER_DAY = re.compile(
    r"\b(rough|tired|sore|stiff|achy|aching|wrecked|smashed|cooked|knackered|shattered|"
    r"hungover|wiped(?: out)?)\b([^,.;:!?\d]{0,20}?)\bafter\s+[^,.;:!?\d]{0,30}?"
    r"\b(?:yesterday|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night)?)(?:'s)?"
)


# "forgot to weigh myself yesterday, today 68.9", "missed my run on monday, 5k this morning":
# the day of what was not done, not of the log (a report left undone, "forgot to log
# yesterday's run", is that day's log)
_UNDONE_DAY = re.compile(
    r"\b(?:forgot to|forgot|didn'?t|did not|never got to|couldn'?t|missed|skipped)\s+"
    r"(?!(?:log|add|record|post|enter|put|write|track|mention|say|tell|send|note|update|input|"
    r"share|include)\b|(?:logging|adding|posting|recording|tracking|entering)\b)"
    r"([^,.;:!?\d]{0,30}?)\s*\b(?:yesterday|last night|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day)\b"
)


# "stress 4/5 today, exams + regatta sat": the weekday of an event named beside the readings
# (one coming, most often), not their day, where the message says today's
_EVENT_DAY = re.compile(
    r"\b(?:regatta|race|match|game|fixture|exams?|competition|comp|meet|tournament|final|gig|"
    r"wedding|party|trip|interview|deadline|presentation)\s+(?:is\s+|on\s+|this\s+|next\s+)?"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b"
)
_TODAY_SAID = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b")


# "bar sat on my collarbones", "then i sat in the car": the verb, no Saturday (a subject before
# it and a place after it; "sat: legs", "on sat in the gym" stay the day)
_SAT_VERB = re.compile(
    r"\b(?:i|we|he|she|they|it|bar|barbell|then|just|and|had|have|was)\s+sat\s+"
    r"(?=(?:on|in|down|there|around|up|back|still|outside|inside|with|beside|by)\b)|"
    # a clause that opens on the verb, where one sat ("..., sat in the car drinking it", wrong92)
    r"(?:^|(?<=[,;.!]\s))sat\s+(?=(?:in|on)\s+(?:the|my|a)\s+(?:car|couch|sofa|sauna|floor|bath|"
    r"chair|bus|train|traffic|desk|steam room|hot tub|ice bath)\b|(?:down|there|around)\b)"
)


# "the sun came out", "sun was out so walked home": the star, no Sunday; "reports are due
# friday", "essay due on mon": a deadline ahead, never the day of a log (wrong92)
_NOT_WEEKDAY = re.compile(
    r"\bthe sun\b|\bsun(?=\s+(?:was|is|came|comes|come|shone|shining|shines|out|finally|"
    r"has|had|'s)\b)|\bdue\s+(?:on\s+|by\s+|this\s+|next\s+)?(?:mon|tues?|wed(?:nes)?|"
    r"thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b"
)


def not_a_weekday(text: str) -> str:
    """``text`` without the words that look like a weekday and are not ("sat on the bench",
    "the sun came out", "due friday"), for the weekday a log names."""
    return _NOT_WEEKDAY.sub(" ", _SAT_VERB.sub(" ", text))


# "soreness 4 after yesterday's lifting", "hrv 38 rhr 66 after the wedding yesterday": a
# reading taken now and the day of what caused it, not the reading's day
_READING_AFTER_DAY = re.compile(
    r"\b(soreness|sore|stiffness|energy|stress|mood|hrv|rhr|resting hr|weight|weighed|weigh-in)\b"
    r"((?:[^,.;:!?]|(?<=\d)\.(?=\d)){0,20}?)\bafter\s+[^,.;:!?\d]{0,30}?"
    r"\b(?:yesterday|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night)?)(?:'s)?"
)
# "soreness 3, legs from mon", "sore 4 - quads from saturday": a soreness read now and the
# day it came from (never "from mon to wed", a span)
_SORE_FROM_DAY = re.compile(
    r"\b(soreness|sore|stiffness|doms)\b((?:[^.;:!?]|(?<=\d)\.(?=\d)){0,30}?)\bfrom\s+(?:the\s+)?"
    r"(?:yesterday|last night|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
    r"(?: night)?)(?:'?s)?\b(?!\s*(?:to|till|until|through|-)\b)"
)
# "did monday's workout on tuesday", "yesterday's session this morning", "last night's work do":
# a day in the possessive names what was planned for it or what caused the log, and gives way
# to another day the message says (today included); alone it is the log's day
_OWNED_DAY = re.compile(
    r"\b(?:yesterday|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night)?)'s\b"
)
# "really sore today ... chest and back from monday": with today said, the day the soreness
# came from is no other day of the log
_FROM_DAY = re.compile(
    r"\bfrom\s+(?:yesterday|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night)?)"
    r"(?:'s)?(?!\s*(?:to|till|until|through|-)\b)"
)


def date_slots(text: str, today: date) -> dict[str, Any]:
    """The ``date`` or the ``start``/``end`` period ``text`` names, as slots (none: empty)."""
    text = owned_weekdays(text)
    text = _AFTER_DAY.sub(r"\1\2", _CAUSE_DAY.sub(r"\1\2", text))
    text = _SORE_FROM_DAY.sub(r"\1\2", _READING_AFTER_DAY.sub(r"\1\2", text))
    if (rest := _OWNED_DAY.sub(" ", text)) != text and (
        _TODAY_SAID.search(rest) or "date" in find_dates(rest, today)
    ):
        text = rest
    if _TODAY_SAID.search(text):
        text = _FROM_DAY.sub(" ", _EVENT_DAY.sub(" ", text))
    # (the day of what was not done gives way to another day said, and only to one)
    found = find_dates(text, today)
    if (rest := _UNDONE_DAY.sub(" ", text)) != text:
        if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening|am))\b", rest):
            return {"date": today}
        found = find_dates(rest, today) or found
    if "date" in found:
        return {"date": found["date"]}
    if "start" in found:
        return {"start": found["start"], "end": found["end"]}
    return {}


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A month's name or its short form, as a whole word: "maybe 50 minutes" is no 50 May, nor
# "marathon 10" a day of March.
MONTH = _MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
# "on nov 16 2026", "on november 16": a day of the calendar a log names (its numbers are no
# figures of the log where it dates every entry: ``accounting.account``)
CALENDAR_DAY = re.compile(rf"\bon (?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?: (?P<year>20\d\d))?\b")


def calendar_day(text: str, today: date) -> date | None:
    """The day ``CALENDAR_DAY`` names in ``text``: of its year where it says one, else the
    latest such day up to ``today``; None where there is none, no such day, or one a log is
    not of: ahead of today ("race on dec 5") or, without its year, two months back or more."""
    if (m := CALENDAR_DAY.search(text)) is None:
        return None
    month, day = _month_number(m["month"]), int(m["day"])
    try:
        found = date(int(m["year"]), month, day) if m["year"] else _month_past(today, month, day)
    except ValueError:
        return None
    if found > today or (not m["year"] and (today - found).days > 62):
        return None
    return found


# A unit after "the N": a length or a load, no day of the month ("the 60 min ones are too long").
_NOT_A_DAY = (
    r"(?:min|mins|minutes?|h|hrs?|hours?|kg|kgs|kilos?|lbs?|pounds?|km|mi|miles?|reps?|sets?|x)\b"
)
# A day a plan edit names: a weekday, today (or tonight), tomorrow, or a date ("the 28th", "28/11",
# "nov 28", "28th of november").
# A date first, with the weekday it may carry ("Sat 28 Nov", as the replies write days), so
# that the weekday is not read as a day of its own.
PLAN_DAY = (
    rf"(?:(?:{DAY} )?(?:{_ORD} (?:of )?{_MONTH}|{_MONTH} {_ORD})|{DAY[1:-1]}|today|tonight|tomorrow|"
    rf"the {_ORD}\b(?!\s*{_NOT_A_DAY})|\d{{1,2}}/\d{{1,2}})"
)


def _date_ahead(month: int, day: int, today: date) -> date:
    """The first ``month``/``day`` from ``today`` on (this year or the next)."""
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"no such date: {day}/{month}")


def day_ref(word: str, today: date) -> tuple[str, date]:
    """A plan day's weekday name and date: today, tomorrow, the next such weekday (today
    included), or the next such date."""
    word = word.strip()
    if word in ("today", "tonight"):
        return WEEKDAYS[today.weekday()], today
    if word == "tomorrow":
        nxt = today + timedelta(days=1)
        return WEEKDAYS[nxt.weekday()], nxt
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})", word):  # day/month, as written outside the US
        found = _date_ahead(int(m.group(2)), int(m.group(1)), today)
        return WEEKDAYS[found.weekday()], found
    month = next((i + 1 for i, name in enumerate(_MONTHS) if re.search(rf"\b{name}", word)), None)
    if (m := re.search(r"\d{1,2}", word)) is not None:
        number = int(m.group(0))
        if month is None:  # "the 28th": this month, or the next when it has passed
            nxt = today.replace(day=1) + timedelta(days=32)
            for first in (today.replace(day=1), nxt.replace(day=1)):
                try:
                    found = first.replace(day=number)
                except ValueError:
                    continue
                if found >= today:
                    return WEEKDAYS[found.weekday()], found
            raise ValueError(f"no day {number} ahead")
        found = _date_ahead(month, number, today)
        return WEEKDAYS[found.weekday()], found
    name = _weekday_name(word)
    return name, _weekday_on_or_after(today, name)
