"""Body and day metrics in a message: sleep (how long, and whether it was good or poor), body
weight (kg, lb, stones and pounds) and the daily check-in scores (mood, energy, soreness,
stress, resting heart rate, HRV; words like "great" or "wrecked" as scores)."""

from __future__ import annotations

import re
from datetime import timedelta

from fitcoach.assistant.nlu.base import Ctx, Intent, Result, Slots, Understanding, has
from fitcoach.assistant.nlu.dates import DAY, date_slots, find_dates, find_period
from fitcoach.assistant.nlu.night_clocks import actual_sleep_s, plain_wake, slept_from_clocks
from fitcoach.assistant.nlu.passing_feelings import part_feels
from fitcoach.assistant.nlu.quantities import (
    ASLEEP_TOO,
    CHANGE_SINCE,
    MASS,
    NUM,
    STONE,
    TIME_IN_BED,
    durations_s,
    foreign_number,
    mass_kg,
)
from fitcoach.assistant.nlu.sleep_alone import lone_night_s, night_in_story_s, with_hedged_hours
from fitcoach.assistant.nlu.split_sleep import naps_s, split_night
from fitcoach.assistant.nlu.vague import QUESTION_CLAUSE
from fitcoach.assistant.nlu.wake_first import clock_hour, wake_first_night_s
from fitcoach.assistant.nlu.weight_news import weight_as_news
from fitcoach.core.units import parse_mass_kg

# A night told as two clock times: "slept from 10:45pm to 6:15am", "in bed at 11, up at 6:30",
# "went to bed 23:30, woke at 7", "11pm-6:30am". The first is the bedtime, the second the wake.
# Minutes after a space are a clock's too ("up at 6 30"), never a time ("5 30 min").
_CLOCK = r"(\d{1,2})(?:(?:[:.]|\s(?=[0-5]\d\b(?!\s*(?:h|hrs?|hours?|m|mins?|minutes?)\b)))(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"  # fmt: skip
_NIGHT = re.compile(
    rf"(?:\bfrom|\b(?:(?:in|to|went to|got to|hit the) )?bed(?:time)?:?(?: at| around| about| by)?|\basleep (?:at|"
    rf"around|by)|\bcrashed(?: (?:out|after [a-z ]{{1,20}}?))?(?: at| around)?|\blights (?:out|off) (?:at|around)?|"
    # (where: "slept in the sleeper berth 10pm-4am", "slept on the couch 1-6"; "slept at 11:40
    # and woke at 6": the clock it began)
    rf"\bslept(?: (?:in|on) (?:the|my|a|our) [a-z]+(?: [a-z]+)?)?(?: at)?|\bsleep:?|"
    rf"\bni(?:ght|te):?|\bnap|\bschlaf:?|^)\s*(?:around |about |~)?"
    # ("bed at 1 after the away game, up at 7": why it was late, between the two clocks;
    # "slept 11-ish till 6:45": a bedtime said roughly is still the clock)
    rf"{_CLOCK}(?:\s*-?ish\b)?\s*(?:last ni(?:ght|te)\W*)?(?:after (?:the |a |my )?[a-z' ]{{1,25}}?(?=,))?"
    rf"(?:-|–|to|till|til|until|and|,)?\s*(?:then |and )?(?:(?:woke|awake|awoke|woken|got|was|up|out(?= by| of bed)|"
    # ("up for fajr at 5:15", "up for work at 6": the reason one rose, then the clock)
    rf"alarm)(?: up| of bed)?(?: for (?:the )?[a-z]+(?= at\b))?(?: at| around| about| by)?\s*|i woke (?:up )?(?:at )?)?(?:around |about |~)?"
    rf"(?<![\d:]){_CLOCK}(?![\d:])"
)

# A bedtime said by falling asleep or the lights, then a wake word and its time ("asleep 23:40,
# up 6:10", "lights out 23:40, up at 6:10", "hit the sack 11:30pm, alarm 6"): the wake word is
# required, since "asleep 7:21" alone is an app's time asleep, not a bedtime.
_NIGHT_WOKE = re.compile(
    r"(?:\b(?:fell |was |got to )?asleep|\blights (?:out|off)|\b(?:dozed|nodded|drifted|conked|zonked) (?:off|out)|"
    r"\bturned in|\bhit the (?:sack|hay|pillow))(?: (?:at|around|about|by))?\s*(?:around |about |maybe |roughly |~)?"
    rf"{_CLOCK}\s*(?:(?:on )?(?:last|(?:mon|tues|wednes|thurs|fri|satur|sun)day) ni(?:ght|te))?\s*(?:-|–|,|;|and|then)?\s*(?:and |then )?"
    r"(?:woke|awake|awoke|woken|got up|up|alarm|out of bed)(?: up)?(?: for (?:the )?[a-z]+(?= at\b))?(?: at| around| about| by)?\s*(?:around |about |~)?"
    rf"(?<![\d:]){_CLOCK}(?![\d:])(?!\s*(?:x\b|times?|h\b|hrs?|hours?|mins?|minutes?|in the night)\b)"
)


def night_s(text: str) -> tuple[float, list[float]] | None:
    """The seconds between a bedtime and a wake time ``text`` gives, and the numbers written for
    them (for the accounting); None without two clock times 1 to 16 hours apart."""
    if (woke_first := wake_first_night_s(text)) is not None:
        return woke_first
    for m in (*_NIGHT.finditer(text), *_NIGHT_WOKE.finditer(text)):
        # "slept 7 to 8 hours": no clock in either number, a range of hours; "slept 11 to 5" is
        # a night (the bedtime is the later hour, and no hours follow)
        bare_night = int(m.group(1)) > int(m.group(4)) and not re.match(
            r"\s*(?:h|hrs?|hours?)\b", text[m.end() :]
        )
        # two bare hours after a bed word are clocks ("bed at 1 ..., up at 7"): the night
        # between them must still be 1 to 16 hours (below)
        in_bed = bool(re.match(r"\s*(?:(?:in|to|went to|got to|hit the) )?bed\b", m.group(0))) and not re.match(r"\s*(?:h|hrs?|hours?)\b", text[m.end() :])  # fmt: skip
        # (sleep93) "slept from 1 till 8" after a late shift: two bare hours after "slept from"
        # are the clock too, 7 hours whichever half of the day (``night_clocks``)
        slept_from = slept_from_clocks(m, text)
        if not (
            m.group(2)
            or m.group(3)
            or m.group(5)
            or m.group(6)
            or bare_night
            or in_bed
            or slept_from
        ):
            continue
        wake = clock_hour(m.group(4), m.group(5), m.group(6), evening=False)
        # the evening's bedtime first; a day sleeper's morning one when the evening's makes
        # no night ("slept 8:30 till 3pm" after a night shift: not 8:30pm to 3pm)
        for evening in (True, False):
            bed = clock_hour(m.group(1), m.group(2), m.group(3), evening=evening)
            if bed is None or wake is None:
                break
            hours = (wake - bed) % 24
            if 1 <= hours <= 16:
                return round(hours * 3600), _written(m)
    return None


def _written(m: re.Match[str]) -> list[float]:
    """The numbers a night's clock times were written as: hours and minutes, and both as one
    ("23.15" is 23:15)."""
    written = [float(m.group(i)) for i in (1, 2, 4, 5) if m.group(i)]
    return written + [
        float(f"{m.group(i)}.{m.group(i + 1)}")
        for i in (1, 4)
        if m.group(i + 1) and m.string[m.start(i + 1) - 1] == "."  # only as written: "23.15"
    ]


# "half 12", "half past 12": half an hour after it (never "half 12 km", "and a half")
_HALF_PAST = re.compile(
    r"(?<!and a )\bhalf (?:past )?(\d{1,2})\b(?![:.]\d)"
    r"(?!\s*(?:h\b|hrs?|hours?|mins?|minutes?|k\b|km|mi\b|miles?|x\b|reps?|sets?|kgs?|lbs?))"
)
# A night's length told with only its night ("6.5 hours last night", "only got 4 hours last
# night", "got maybe 4 hours on the plane"): hours with nothing done in them but the night (not "worked 12 hours last night").
_ROUGHLY = r"(?:(?:maybe|about|around|roughly|like|just|barely|only|~)\s+)*"
_NIGHT_HOURS = re.compile(
    rf"^(?:(?:got|had|managed|grabbed|only|barely|just)\s+)*{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)\b"
    r"(?:\s*(?:and\s+)?\d{1,2}\s*(?:min|mins|minutes)\b)?(?: of (?:sleep|kip))?\s+(?:last ni(?:ght|te)|overnight)\b|"
    # the night named first ("last night 6 hrs 15, woke up ...")
    # (not hours of something else: "last night 8 hours of gaming", "... 6 hrs at work")
    # the hours, then the night's word ("6 and a half hours, rough night")
    rf"^{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)\b\s*[,.;-]?\s*(?:an?\s+)?(?:rough|bad|good|great|terrible|awful|"
    r"shit|crap|short|broken|restless|decent|solid|ok|okay) night\b|"
    # (or a night of the week: "saturday night only 4h because of the early flight")
    # ("sunday night I got 7h20m": the night's own verb between)
    rf"^(?:last|(?:mon|tues|wednes|thurs|fri|satur|sun)day|sat|sun|fri)\s+ni(?:ght|te)\s*[:,-]?\s*(?:(?:i\s+)?(?:got|had|managed)\s+)?{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)\b"
    r"(?!\s+(?:of\s+(?!sleep|kip)|[a-z]+ing\b|at\b|on\b|in\b|for\b|working|shift))|"
    # the night judged first, then its hours at the end ("terrible night with the hot flushes,
    # maybe 4 hours in total"; never a night's work, a drive or a party: "rough night at work,
    # 12 hours")
    r"^(?:an?\s+|another\s+)?(?:rough|bad|poor|terrible|awful|dreadful|horrible|shocking|broken|"
    r"restless|short|sleepless|disturbed|good|great|decent|ok|okay) night\b"
    r"(?![^.;!?\d]*\b(?:work|shift|job|pub|party|club|gaming|drive|driving|flight|awake|out)\b)"
    rf"[^.;!?\d]{{0,50}}[,.;-]\s*{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)\b(?:\s+(?:at most|tops|max))?\s*[.!]*$|"
    # on a journey only with a verb of sleep got: "7 hours on the plane" is the flight
    rf"^(?:got|managed|grabbed)\s+{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)\b(?: of (?:sleep|kip))?\s+"
    r"(?:on|during) the (?:plane|flight|red ?eye|train|bus)\b"
)
# A night said by its two clock times and its night alone ("from 12 till 7 last night, decent",
# "11-6 last night", "1 to 8 on saturday night"): the clock range starts the message and the
# night follows it at once (not "worked from 12 till 7 last night")
# Hours or a clock range first, then only how the night was broken ("7 hrs but kept waking up
# with the dog", "22:30-06:00 woke up twice"): a night, with no word of sleep
_BROKEN_NIGHT = re.compile(
    rf"^{_ROUGHLY}(?:{NUM}\s*(?:h|hrs?|hours?)|\d{{1,2}}[:.]\d\d\s*(?:-|–|to|till|until)\s*\d{{1,2}}[:.]\d\d)\b"
    r"\s*[,;-]?\s*(?:but |and |though )?(?:i )?(?:kept |keep )?(?:woke|waking|woken)(?: up)?\b"
)
_NIGHT_RANGE = re.compile(
    r"^(?:from\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?\s*(?:-|–|to|till|til|until)\s*\d{1,2}(?:[:.]\d\d)?\s*"
    r"(?:am|pm)?\s+(?:on\s+)?(?:last|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+ni(?:ght|te)\b"
)


def _night_of_range(text: str) -> tuple[float, list[float]] | None:
    """A night that starts the message as two hours of the clock ("from 1 till 8 last night",
    "12-7 last night"): the hours between them on a 12-hour clock (3 to 12 of them), and the
    numbers written; None when no bare range starts it (``night_s`` reads the others)."""
    m = re.match(
        r"^(?:from\s+)?(\d{1,2})\s*(?:-|–|to|till|til|until)\s*(\d{1,2})\s+(?:on\s+)?[a-z]+\s+ni(?:ght|te)\b",
        text,
    )
    if m is None or not _NIGHT_RANGE.match(text):
        return None
    hours = (int(m.group(2)) - int(m.group(1))) % 12
    return (hours * 3600.0, [float(m.group(1)), float(m.group(2))]) if 3 <= hours <= 12 else None


# An app's time asleep ("7:21 asleep", "asleep 7h 21m", "total sleep 6:05"): the night's sleep
_ASLEEP_HM = re.compile(
    r"(?<![\d:])(\d{1,2}):([0-5]\d)\s*(?:h\s*)?(?:asleep|of sleep|actual sleep|"
    # "my watch says 7:48 sleep,": a device's figure, never a bedtime ("10:45 sleep, up 6")
    r"(?:(?<=says \d:\d\d )|(?<=shows \d:\d\d )|(?<=showed \d:\d\d ))sleep(?=\s*(?:[,;.]|$)))\b|"
    r"\b(?:asleep|total sleep|actual sleep|time asleep|sleep time)\s*(?:for|was|:|=)?\s*(\d{1,2}):([0-5]\d)\b(?!\s*(?:am|pm))"
)


_NAP_TOO = re.compile(
    rf"\b(?:plus|and|then|\+|also|with)\s+(?:then\s+)?(?:a\s+)?((?:{NUM})\s*(?:h|hrs?|hours?|mins?|minutes?)\b)\s+(?:power\s+)?nap\b"
)
# "slept 3 hours after shift and then another 2 in the evening": a second spell of sleep, in the
# first one's hours when no unit is said (shift workers' split day sleep)
_ANOTHER_SPELL = re.compile(
    rf"\b(?:and|then|plus|\+)\s+(?:then\s+)?another\s+({NUM})\s*(h\b|hrs?\b|hours?\b|mins?\b|minutes?\b)?"
    r"(?!\s*(?:kg|kgs|lbs?|x|reps?|sets?|km|k|mi|miles?|laps?|rounds?)\b)"
)
_LENGTH_SAID = re.compile(rf"{NUM}\s*(?:h|hrs?|hours?|mins?|minutes?)\b")


# Sleep said of the one spoken to ("hope you slept well", "did u sleep ok?", "how'd you sleep")
# or wished to them ("sleep well!", no figure in the message): courtesy, never a night logged.
_THEIR_SLEEP = re.compile(
    r"(?<!thank )\b(?:you|u|ya)\s+(?:slept|sleep|sleeping|had a (?:good|nice|restful) (?:night|sleep|rest))\b"
    r"(?:\s+(?:well|ok|okay|alright|all right|good|fine|great|soundly|in|better))?"
)
_SLEEP_WISH = re.compile(
    r"(?:^|[,.;!]\s*)sleep (?:well|tight)\b(?:\s+(?:coach|mate|buddy|friend))?\W*$"
)


# A question about how much sleep one should get ("should i sleep 9 hours before a race?", "is
# 7 hours of sleep enough?") names hours but no night: storing them would be a guess.
_A_NIGHT_TOLD = re.compile(r"\b(?:slept|woke|got|had|last night|asleep at|in bed at|went to bed)\b")


def log_sleep(ctx: Ctx) -> Result:
    asked = QUESTION_CLAUSE.match(ctx.text.strip()) and ctx.text.rstrip().endswith("?")
    if asked and not _A_NIGHT_TOLD.search(ctx.text):
        return None
    # (beside a figure the night is the athlete's own: "hope you slept better, I got 4 hours")
    figure = has(r"\d", ctx.text)
    t = _THEIR_SLEEP.sub(" sleep " if figure else " ", ctx.text)
    t = t if figure else _SLEEP_WISH.sub(" ", t)
    # "from midnight till 8:45": the clock times midnight and noon are
    t = re.sub(r"\bmidnight\b", "12am", re.sub(r"\bnoon\b", "12pm", t))
    t = _HALF_PAST.sub(r"\1:30", t)  # "from half 12 till 8": the British 12:30
    # "i sleep 11 til 6", "i sleep around 10pm wake 5:30": the night told in the present
    t = _PRESENT_NIGHT.sub("slept", _PRESENT_WAKE.sub("woke at", t))
    t = with_hedged_hours(plain_wake(t))  # "alarm went off at 5:30", "slept badly, maybe 6"
    if ASLEEP_TOO.search(t):  # "8:12 in bed, 7:21 asleep": the time in bed is not the sleep
        t = TIME_IN_BED.sub(" ", t)
    # the hours alone, and at most how the night went ("7.5 h", "8 hours, glorious")
    alone = lone_night_s(t)
    if alone is None and ctx.hint != "log_sleep":
        alone = night_in_story_s(t)  # "last night was 5h50, pretty rubbish, hot flushes all night"
    if ctx.hint != "log_sleep" and alone is None and not _NIGHT_HOURS.match(t) and not _NIGHT_RANGE.match(t) and not has(
        r"\b(slept|sleep|sleeping|asleep|in bed|to bed|kip|shut ?eye|zzz|snoozed|nap|naps|napped|"
        # (a night of insomnia told with its hours: "insomnia again, 4 hrs maybe")
        r"schlaf|dorm[ií]|tulog|insomnia(?=[^?]*\d\s*(?:h|hrs?|hours?)\b))\b|^bed(?:time)?:? (?:at|by|around|about|\d)",  # "bed at 9:45, up at 5:30"
        t,
    ) and not has(r"\bni(?:ght|te)\W+\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s*(?:-|–|to|till|until)\s*\d", t) and not has(
        r"\bcrashed\b[^.;!?]{0,40}?\d\s*(?:am|pm)?\W+(?:and |then )?(?:woke|awake|up|alarm)\b", t  # "crashed 7am, up 2pm"
    ) and not _NIGHT_WOKE.search(t) and not _BROKEN_NIGHT.match(t) and wake_first_night_s(t) is None:  # fmt: skip
        return None
    # A clock range with minutes ("sleep 22:30 to 6:00", "slept 10:30-5:45") is a night too.
    ranged = (
        r"\d[:.]\d\d\s*(?:-|–|to|till|until)\s*\d|\d(?:\s*-?ish)?\s*(?:-|–|to|till|until)\s*\d{1,2}[:.]\d\d|"
        r"\bslept\s*(?:from\s*)?\d{1,2}\s*(?:-|–|to|till|til|until)\s*\d{1,2}\b"
    )
    aside = re.sub(r"\([^)]*\)", " ", t)  # "bed at 1am (the match ran late) and up at 6:45"
    night = _night_of_range(t) or night_s(aside) if _NIGHT_RANGE.match(t) or _NIGHT_WOKE.search(t) or has(rf"\b(from|bed|bedtime|asleep|woke|awake|awoke|up at|crashed|lights out|lights off|alarm)\b|\d\s*(?:am|pm)\b|{ranged}", t) else None  # fmt: skip
    # a night in spells ("11-3 then 4-7"): all of them, not the first (``split_sleep``)
    if (spells := split_night(aside)) is not None and (night is None or spells[0] > night[0]):
        night = spells
    # A clock time said as a moment ("up at 6:45", "bed at 1am") is no length of sleep
    moment = r"\b(?:at|around|by|till|until|bedtime:?)\s*\d{1,2}[:.]\d\d"
    duration = night[0] if night else alone or durations_s(re.sub(moment, " ", t))
    if night and (got := actual_sleep_s(t, night[0])):  # "11 to 7, maybe 5 hours of actual sleep"
        duration, night = got[0], (night[0], [*night[1], *got[1]])
    # "... up 1:30pm, plus 1h nap before work": a nap told beside the night adds to it
    # ("sleep 5h then a 45 min nap", "3 hours after shift and then another 2": told by their
    # lengths, the night and the nap, or the two spells, are one day's sleep too)
    spell = None if duration is None else _NAP_TOO.search(aside) or _ANOTHER_SPELL.search(aside)
    extra = spell and (spell.group(1) if spell.re is _NAP_TOO else f"{spell.group(1)} {spell.group(2) or 'h'}")  # fmt: skip
    if spell and duration is not None and extra and (extra_s := durations_s(extra)) and (night or extra_s <= 12 * 3600):  # fmt: skip
        said = night[1] if night else [float(n) for n in re.findall(r"\d+(?:\.\d+)?", " ".join(_LENGTH_SAID.findall(aside[: spell.start()])))]  # fmt: skip
        duration = duration + extra_s
        night = (
            night[0] if night else duration,
            [*said, *(float(n) for n in re.findall(r"\d+(?:\.\d+)?", extra))],
        )
    if night is None and (naps := naps_s(aside)) is not None:  # "two naps, 20 and 40 min"
        night, duration = naps, naps[0]
    # "slept 6:30": a duration in h:mm; never a bedtime alone ("in bed by 10:40")
    hm = re.search(
        r"\b(?:slept|sleep|got|had)\s*(?:for\s*)?(?:about\s*|around\s*|only\s*|just\s*)?"
        r"(\d{1,2}):([0-5]\d)\b(?!\s*(?:am|pm))",
        t,
    )
    if night is None and hm and duration is not None and duration < 60 * 30:
        duration = int(hm.group(1)) * 3600 + int(hm.group(2)) * 60  # "slept 6:30": h:mm, not m:ss
    elif night is None and (asleep := _ASLEEP_HM.search(t)):
        hours, minutes = (asleep.group(1), asleep.group(2)) if asleep.group(1) else (asleep.group(3), asleep.group(4))  # fmt: skip
        duration = int(hours) * 3600 + int(minutes) * 60  # "7:21 asleep": h:mm, never m:ss
    unread = False
    if night is None and duration is not None and duration < 60 * 30 and has(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b", t) and not has(r"\d\s*(?:m|mins?|minutes?)\b|\bnap", t):  # fmt: skip
        duration, unread = (
            None,
            True,
        )  # "bed 22:45, then ... 5:15": a clock is no 22-minute night; ask
    if duration is None and (
        m := re.search(
            # (a number before "till" is when the night began, no length: "slept 11 till late")
            rf"\b(?:slept|sleep|got|had)\s*(?:for\s*)?(?:about\s*|around\s*|only\s*|just\s*)?({NUM})\b"
            r"(?!\s*(?:till|til|until)\b)",
            t,
        )
    ):
        duration = float(m.group(1)) * 3600
    if duration is not None and duration < 60 * 30 and has(r"\b\d+(\.\d+)?\s*$", t):
        duration *= 3600
    slots: Slots = {}
    if duration is not None:
        slots["duration_s"] = duration
    if night is not None:
        slots["clock"] = night[1]  # the clock numbers written (the accounting's explanation)
    if rated := _RATED_NIGHT.search(t):  # "quality 3/5": the five steps of a night's quality
        slots["quality"] = _QUALITY_STEPS[int(rated.group(1)) - 1]
        slots["said"] = [float(rated.group(1)), 5.0]
    elif has(
        r"\b(badly|poor|poorly|terrible|terribly|awful|awfully|horribly|horrible|dreadfully|bad|rough|restless|crap|broken|woke up a lot|kept (?:waking|woken|getting woken)|tossed and turned|tossing and turning)\b",
        t,
    ):
        slots["quality"] = "poor"
    elif _SLANG_POOR_NIGHT.search(t):
        slots["quality"] = "poor"  # "slept like absolute trash": asked its hours, never dropped
    elif has(
        r"\b(well|great|good|decent|amazing|glorious|brilliant|lovely|like a baby|like a log|solid|deep)\b",
        t,
    ):
        slots["quality"] = "good"
    if not slots and not _BEDTIME_ONLY.search(t) and not unread:
        return None
    # A night is dated by the morning it ended: "last night" is today's, "saturday night"
    # Sunday's (a log of the day before would put the night on the wrong morning).
    found = find_period(t, ctx.today, overnight=True) if NAMED_NIGHT.search(t) else {}
    found = found if "date" in found else find_dates(t, ctx.today)
    slots["date"] = found.get("date", ctx.today)
    # ("slept 10 hours after the ultra on saturday", "slept badly after yesterday's party"):
    # the day is the event's, and the night after it ended the next morning
    if "date" in found and not NAMED_NIGHT.search(t) and NIGHT_AFTER_DAY.search(t):
        slots["date"] = min(found["date"] + timedelta(days=1), ctx.today)
    problems = [] if "duration_s" in slots else ["how many hours did you sleep?"]
    return "log_sleep", slots, problems


# A night's quality rated out of five ("quality 3/5", "sleep quality: 4 out of 5"): the five
# steps the sleep log keeps, from very poor to excellent (asks92); another scale is asked
_RATED_NIGHT = re.compile(
    r"\bquality\W{0,3}(?:was |of |about |around |maybe |like |a )?([1-5])\s*(?:/|out of)\s*5\b"
)
_QUALITY_STEPS = ("very_poor", "poor", "fair", "good", "excellent")


# Only when the sleep began ("slept from 11", "asleep since 10pm"): its hours are asked
_BEDTIME_ONLY = re.compile(
    r"^(?:slept|asleep|sleeping) (?:from|since) \d{1,2}(?::\d\d)?\s*(?:am|pm)?\W*$|"
    # "slept 11 till late": from 11, till a time no clock gives
    r"^(?:slept|asleep|sleeping) \d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+(?:till|til|until)\s+[a-z' ]+\W*$"
)


# A bad night in slang ("slept like absolute garbage", "slept like ass", "sleep was trash")
_SLANG_POOR_NIGHT = re.compile(
    r"\b(?:slept|sleep)\b.{0,20}?\b(?:like (?:absolute |total |complete |actual )?)?"
    r"(?:shit|shite|garbage|trash|ass|hell|dogshit|dog ?water|rubbish|lousy|crappy|horrendous|atrocious|appalling)\b"
)
# The night told in the present tense, before a figure in the same clause (misc18): "i sleep
# 11 til 6", and its wake time ("wake 5:30", "wake up at 6"); never asked ("should i sleep 8").
_PRESENT_NIGHT = re.compile(
    r"(?<!should i )(?<!can i )(?<!do i )(?<!if i )(?<!when i )(?<!how i )(?<=\bi )sleep\b(?=[^.;!?\d]{0,12}\d)"
)
_PRESENT_WAKE = re.compile(
    r"(?<=[\d\s])(?:i )?wake (?:up )?(?:at |around |about )?(?=\d{1,2}(?:[:.]\d\d)?\b)"
)
NAMED_NIGHT = re.compile(rf"\blast night\b|\b{DAY} night\b")
# A night's sleep after an event of a named day ("after the ultra on saturday", "after
# yesterday's party"): the night that followed that day
NIGHT_AFTER_DAY = re.compile(
    rf"\b(?:slept|sleep|asleep|kip)\b[^,.;:!?]{{0,30}}?\bafter\b[^,.;:!?]{{0,40}}?"
    rf"(?:\b{DAY}\b|\byesterday\b)|"
    # (sleep93) the event first: "after the late finish monday i only slept from 2 till 6:45"
    rf"^after\b[^,.;:!?]{{0,40}}?(?:\b{DAY}\b|\byesterday\b)(?:'?s)?[^,.;:!?\d]{{0,20}}?\b(?:slept|sleep|asleep|kip)\b"
)


# "no weight", "just bw", "bodyweight only": how sets were done (no load), never a weigh-in
_NO_LOAD = re.compile(
    r"\b(?:no|without|zero|just|only|(?:using|with) (?:my )?own)\s+(?:added\s+)?(?:weights?|bw|body ?weight)\b|"
    r"\b(?:bw|body ?weight)\s+only\b"
)


# "waist 91", "hips 98 on the scale": a figure right after a site of the tape is its
# measurement, never the body weight (with "on the scale" in the message it was stored as one)
_TAPE_SITE = re.compile(
    r"\b(?:waist(?:line)?|hips?|chest|bust|neck|shoulders?|(?:upper )?arms?|biceps?|forearms?|"
    r"thighs?|quads?|calf|calves|glutes|body ?fat|bf)(?: (?:left|right|l|r))?\W{0,3}$"
)


_BARE_MORNING = r"^~?\d{2,3}\.\d\d?\W*(?:today|this am|this morning|fasted)\W*$"
LIGHTEST_KG = 35.0  # below it a figure with no unit is no adult's body weight


def log_weight(ctx: Ctx) -> Result:
    t = _NO_LOAD.sub(" ", ctx.text)
    weighed = (
        has(
            r"\b(weigh|weighed|weighing|weight|weighs|body ?weight|body mass|bw|wt|scale|scales|weigh-in|weigh in|"
            r"peso|pes[eé]|vekt|gewicht|poids)\b|^i'?m\s+\d|\bi am\s+\d|"
            # "yesterday I was 71.8": a body's figure to the decimal, said of the day, no unit
            r"^(?:(?:yesterday|today|this morning|on \w+day)\W+)?i was\s+\d{2,3}\.\d\b(?!\s*[a-z%])",
            t,
        )
        or (MASS.search(t) and has(r"^(?:i'?m |i am )?(?:down|up) to\b|^now\b|^at\b", t))
        or has(r"\d\s*(?:st|stones?)\b", t)  # only a body weight is given in stones
        or weight_as_news(t)  # "down to 195.0 first time under 200" (vague93)
        # "198.6 lbs today", "160 lbs this am": a mass first, then only the day it was
        or has(rf"^~?{MASS.pattern}\W*(?:today|this am|this morning|fasted)\W*$", t)
        # "183.2 this morning": a body's figure to the decimal and its morning alone (logbn)
        or has(_BARE_MORNING, t)
        # "woke up at 176 lbs": a mass with the morning or the scale, and no exercise
        or (
            MASS.search(t)
            and has(r"\b(woke up|this morning|on the scales?|scale said)\b", t)
            and not has(r"\d\s*(?:x|sets?|reps?)\b", t)
        )
    )
    if not weighed:
        return None
    m = MASS.search(t)
    # A bare number is a body weight only when nothing says it is something else ("30 weeks
    # pregnant", "I'm 41", "5'10"); the one after the word "weight" first.
    bare = [
        n
        for n in re.finditer(rf"(?<![\d.'])({NUM})\b(?!\s*['\"]|\.\d)", t)
        if not foreign_number(t, n) and not _TAPE_SITE.search(t[: n.start()])
    ]
    after = [n for n in bare if has(r"\b(?:weigh\w*|weight|bw|wt|scales?|peso|vekt|gewicht)\W*$", t[: n.start()])]  # fmt: skip
    if stone := STONE.search(t):
        kg = round(parse_mass_kg(f"{stone.group(1)} st {stone.group(2)}"), 2)
    elif m:
        kg = mass_kg(m.group(1), m.group(2))
    elif after or bare:
        kg = mass_kg((after or bare)[0].group(1), None)
    else:
        return None
    if not 20 <= kg <= 350:
        return None
    if not m and not stone and kg < LIGHTEST_KG and has(_BARE_MORNING, t):
        return None  # "21.1 this morning": no adult's weight, a run's distance perhaps
    # "up 0.5 since monday": the day of the weight compared with, not of this one
    dated = date_slots(CHANGE_SINCE.sub(" ", t), ctx.today)
    slots: Slots = {"weight_kg": kg, **(dated or {"date": ctx.today})}
    return "log_weight", slots, []


_DAILY: tuple[tuple[str, str], ...] = (
    (
        # "resting 58": resting alone is the heart rate when a number follows it
        # ("resting hr after 72" beside a walk: the heart rate after the session, no resting one)
        r"resting (?:hr|heart ?rate|pulse|heartrate)(?!\W{0,3}(?:after|post)\b)|\brhr\b|resting bpm|morning (?:hr|pulse)|"
        r"\bresting(?=\W{0,3}\d+\b(?!\s*(?:s|secs?|seconds?|m|mins?|minutes?)\b|:))",
        "resting_hr",
    ),
    (r"\bhrv\b|heart ?rate variability|rmssd", "hrv"),
    # "down" is a mood when a person is ("feeling down", "bit down"), not a number ("down 2 kg")
    (
        # "woke up feeling great" tells how the night was, not a mood
        r"\bmood\b|(?<!woke )(?<!woke up )(?<!wake up )\bfeel(?:ing)?\b|\bhappy\b|\bsad\b|"
        r"\b(?:i'?m|i am|bit|little|pretty|so|very|really|quite|kinda|been)\s+down\b(?!\s*\d)",
        "mood",
    ),
    (
        r"\benergy\b|\benergetic\b|\btired\b|\bexhausted\b|\bfatigued\b|\bdrained\b|\bknackered\b",
        "energy",
    ),
    # (muscles' soreness; a sore throat, eyes or tummy is an illness's, not a score)
    (
        r"(?<!throat )(?<!throat is )(?<!throat was )\bsore(ness)?\b"
        r"(?!\s+(?:throat|eyes?|ears?|tummy|stomach|belly|gums?|tooth|teeth|nose))|"
        r"\bdoms\b|\baching\b|\bachy\b|\bstiff\b",
        "soreness",
    ),
    (r"\bstress(ed|ful)?\b|\banxious\b|\boverwhelmed\b", "stress"),
)
_NEGATED = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|aren'?t|never|hardly)\s+(?:so\s+|too\s+|very\s+|really\s+)?$"
)
_WORD_SCORES = (
    (
        r"terrible|awful|horrible|dreadful|wrecked|destroyed|exhausted|knackered|very low|super low|"
        r"bottomed out|rock bottom|on empty",
        2,
    ),
    (
        # (days95: "no energy" is a low energy, 2 of 5, as people grade it; never "no energy
        # drinks")
        r"\blow\b|bad|poor|crap|rubbish|not great|drained|tired|down\b|sad|rough|"
        r"\b(?:no|zero) energy\b(?!\s*(?:drinks?|gels?|bars?|chews?))",
        3,
    ),
    # "meh" is the middle of the scale, as people grade it ("mood meh": 3 of 5)
    (r"\bok\b|okay|alright|average|fine|normal|so-so|decent|\bmeh\b", 5),
    (r"good|pretty good|fresh|high|happy|energetic|solid", 7),
    # (sleep94: "lots of energy", "full of energy": much of it, as "high" is)
    (
        r"great|amazing|excellent|fantastic|awesome|very high|super high|through the roof|"
        r"(?:lots|loads|tons|bags|plenty|full) of energy",
        9,
    ),
)


# Soreness and stress said as an amount, not a judgement: "low" stress is little of it (a
# "bad" day of stress is much). On 0-10, as the numbers are read.
_AMOUNTS = (
    (
        r"\b(?:not|never|no|zero|without)\b(?:\s+\w+)?\s+(?:sore|soreness|doms|stress|stressed)\b|"
        r"\b(?:sore|soreness|doms|stress|stressed)\b\W*(?:none|zero|nil|gone)\b",
        2.0,
    ),
    # ("stressed out of my mind": as much of it as can be)
    (
        r"\bthrough the roof\b|\boff the charts?\b|\bmaxed\b|\bout of (?:my|her|his) (?:mind|head|tree)\b",
        10.0,
    ),
    (r"\b(?:very|super|really|extremely|insanely) (?:low|little)\b", 2.0),
    # ("a bit stressed", "kinda sore" are some of it, 3 of 5, as ``_burden`` grades them; "a
    # little", "slightly" little of it)
    # ("hardly sore at all": a little of it, not none)
    (r"\b(?:low|little|mild|minimal|slight|slightly|barely|hardly|scarcely|a little)\b", 4.0),
    # the middle of it, said of it ("stress moderate", "moderately sore"): 3 of 5 ("sore after
    # a moderate run" grades the run)
    (
        r"\b(?:moderate|moderately|medium)\s+(?:sore|soreness|doms|stress|stressed)\b|"
        r"\b(?:sore|soreness|doms|stress|stressed)\W{0,3}(?:is |was |feels? |at )?"
        r"(?:moderate|medium)\b",
        6.0,
    ),
    (r"\b(?:very|super|really|extremely) high\b", 10.0),
    (r"\bhigh\b", 8.0),
)


# Soreness and stress are graded by the words of their own piece: "legs really sore from the
# race, otherwise good mood" is no good soreness, "a bit low and really stressed" no low stress
# (the mood's words), "stressed about exams but otherwise ok" no ok stress
_BURDEN_LEAD = re.compile(r"[,.;!]|\b(?:and|but)\b")
_BURDEN_PIECE = re.compile(r"[,;!]|\.(?!\d)|\b(?:but|though|otherwise|apart from)\b")


def _amount(scope: str) -> float | None:
    """Soreness or stress said as an amount ("stress low", "not sore at all"), on 0-10."""
    return next((v for pattern, v in _AMOUNTS if has(pattern, scope)), None)


_DAILY_RANGE = {
    "mood": (0.0, 10.0),
    "energy": (0.0, 10.0),
    "soreness": (0.0, 10.0),
    "stress": (0.0, 10.0),
    "resting_hr": (25.0, 150.0),
    "hrv": (5.0, 300.0),
}


_SCORES = ("mood", "energy", "soreness", "stress")


def _on_ten(values: dict[str, float], scales: dict[str, str | None]) -> dict[str, float]:
    """The scores said as numbers on 0-10 (what ``values`` holds). One message uses one scale:
    out of 10 when it says "/10" or a score above 5; otherwise the daily log's own 1-5 (the
    scale its replies quote, "mood 4/5"), so "mood 3/5" and "energy 4 mood 2" are doubled."""
    scored = {k: values[k] for k in scales if k in _SCORES}
    if not scored or "10" in scales.values() or any(v > 5 for v in scored.values()):
        return values
    return values | {k: v * 2 for k, v in scored.items()}


def _burden(score: int | None, scope: str) -> float:
    """Soreness or stress graded by words, on 0-10: a good day is little of it ("stress ok"),
    "really sore" much, "stressed af" the most; merely named ("legs sore") is some."""
    if score is None or score <= 3:  # intensified when bad or plain ("stress pretty good": low)
        if has(r"\b(?:af|as hell|through the roof|off the charts?)\b", scope):
            return 10.0
        if has(r"\bvery|super|really|pretty|quite|so\b|extremely|wrecked|destroyed", scope):
            return 8.0
    if score is None:  # "stressed about finals", "sore from monday": most grade it 4 of 5
        if has(r"\b(?:a )?(?:bit|tad|lil)\s+(?:sore|achy|stiff)\b", scope):
            return 4.0  # "a bit sore" is mild soreness, 2 of 5 ("a bit stressed" is 3 of 5)
        return 6.0 if has(r"\b(?:bit|kinda|somewhat)\b", scope) else 7.0
    if score >= 5:  # "stress is fine", "soreness ok": none to speak of
        return 2.0
    value = float({2: 9, 3: 7}.get(score, score))
    if not has(r"\blow|little|bit|slightly|mild|barely|not very", scope):
        value = max(value, 6.0)
    return value


# daily31: "super stressed", "extremely stressed" are the top of the scale in every gold
# (5 of 5); "very stressed" is 5 for some writers and 4 for others, so it is asked, not guessed
_TOP_STRESS = re.compile(r"\b(?:super|extremely|insanely|massively|crazy)\s+stressed\b")
_VERY_STRESSED = re.compile(r"\bvery\s+stressed\b")


def _top_stress(scope: str, value: float) -> tuple[float, list[str]]:
    """Stress said with a strong word only: its grade on 0-10 and the question when unsure."""
    if _TOP_STRESS.search(scope):
        return 10.0, []
    if _VERY_STRESSED.search(scope):
        return value, ["how stressed are you on 1-5: a 4 or a 5?"]
    return value, []


def log_daily(ctx: Ctx) -> Result:
    t = ctx.text
    values: dict[str, float] = {}
    scales: dict[str, str | None] = {}
    problems: list[str] = []
    spans = []
    for pattern, metric in _DAILY:
        # "feeling good, mood 9/10": the mention that gives a number counts
        found = list(re.finditer(pattern, t))
        if metric == "mood":  # "legs feel good": the legs' state, no mood
            found = [f for f in found if not part_feels(t, f.start())]
        numbered = [
            f
            for f in found
            if re.match(rf"^\W{{0,4}}(?:is |was |at |about |of )?{NUM}", t[f.end() :])
        ]
        if numbered or found:
            # "feeling really sore ..., mood meh": the metric named by its name is graded where
            # it is named (a feeling word before it may be another metric's)
            named = [f for f in found if f.group(0) == metric]
            m = (numbered or named or found)[0]
            # a mood only felt ("feeling great", "happy with that"), not named: ``felt_mood``
            # (an energy only felt, "so tired": ``passing_feelings`` judges it beside a log)
            guessed = metric in ("mood", "energy") and m.group(0) != metric and not numbered
            spans.append((m.start(), m.end(), metric, guessed))
    if not spans:
        return None
    spans.sort()
    felt = felt_energy = False
    taken = 0  # where the number the metric before took ends ("rhr 51 feeling great": 51's)
    for index, (_start, end, metric, guessed) in enumerate(spans):
        stop = spans[index + 1][0] if index + 1 < len(spans) else len(t)
        segment = t[end:stop]
        before = t[max(0, _start - 12, taken) : _start]
        num = re.search(rf"^\D{{0,25}}?({NUM})(?:\s*(?:/|out of)\s*(5|10)\b)?", segment)
        if num is None and metric in _SCORES:
            # "stressed a lot with the exams, like 5/5": a score out of 5 or 10 is the metric's
            # wherever its piece says it (a score is never another figure)
            num = re.search(rf"({NUM})\s*(?:/|out of)\s*(5|10)\b", segment)
        if num is None and metric in _SCORES:
            # "stress through the roof with exams, like a 5", "sore, call it a 3": a grade given
            # as "a N" later in the same sentence is the metric's score
            num = re.search(
                rf"^[^.;!?\d]*?\b(?:like|about|maybe|probably|prob|say|call it|rate it|solid|easily)"
                rf"\s+an?\s+({NUM})(?!\s*(?:kg|lb|min|h\b|hours?|km|mi|x|%|[/:.]\d))()",
                segment,
            )
        if num:
            taken = end + num.end()
        pre = re.search(rf"({NUM})\s*(?:/|out of)\s*(5|10)\s*$|({NUM})\s*$", before.strip())
        if num:
            values[metric] = float(num.group(1))
            scales[metric] = num.group(2)
        elif pre and metric in _SCORES:
            values[metric] = float(pre.group(1) or pre.group(3))
            scales[metric] = pre.group(2)
        # (the words of its own piece only: "mood rather low, legs sore" is no low soreness,
        # "stress high, a bit sore" no little stress)
        elif metric in ("soreness", "stress") and (
            level := _amount(
                _BURDEN_LEAD.split(t[max(0, _start - 20) : _start])[-1]
                + _BURDEN_PIECE.split(t[_start:stop])[0]
            )
        ):
            values[metric] = level
        elif metric in ("mood", "energy", "soreness", "stress"):
            # the words before it of its own piece, none another metric's ("energy very low,
            # mood meh": the mood is meh)
            lead = re.split(r"[,.;!]", t[max(0, _start - 20, spans[index - 1][1] if index else 0) : _start])[-1]  # fmt: skip
            scope = lead + t[_start:stop]
            if metric in ("soreness", "stress"):  # (its own piece only, as for an amount)
                scope = _BURDEN_LEAD.split(lead)[-1] + _BURDEN_PIECE.split(t[_start:stop])[0]
            # the longest word that grades it: "not great" over "great", "very low" over "low"
            graded = [
                (len(m.group(0)), score)
                for pattern, score in _WORD_SCORES
                for m in re.finditer(pattern, scope)
                # "not happy", "wasn't good": a grade said negated tells no score (only "not
                # great", which grades itself, counts)
                if not _NEGATED.search(scope[: m.start()])
            ]
            score = max(graded)[1] if graded else None
            if metric in ("mood", "energy"):
                if score is not None:
                    values[metric] = float(score)
                    felt = felt or (guessed and metric == "mood")
                    felt_energy = felt_energy or (guessed and metric == "energy")
            else:
                values[metric] = _burden(score, scope)
                if metric == "stress" and score is None:
                    values[metric], asked = _top_stress(scope, values[metric])
                    problems += asked
    said = [values[k] for k in scales]
    values = _on_ten(values, scales)
    values = {k: v for k, v in values.items() if _DAILY_RANGE[k][0] <= v <= _DAILY_RANGE[k][1]}
    if not values:
        return None
    slots: Slots = {"values": values, **(date_slots(t, ctx.today) or {"date": ctx.today})}
    if felt and "mood" in values:
        slots["felt"] = True
    if felt_energy and "energy" in values:
        slots["felt_energy"] = True
    if said:
        slots["said"] = said  # the numbers as written (the accounting's), before any rescaling
    return "log_daily", slots, problems


# Tiredness felt, not a mood: beside a check-in's figures it is never a mood score of its own
_TIRED_FELT = re.compile(
    r"\b(?:wrecked|destroyed|exhausted|drained|tired|knackered|shattered|cooked|dead|smashed|spent)\b"
)


def felt_mood(entries: list[Understanding], text: str) -> list[Understanding]:
    """``entries`` without a mood that was only felt ("feeling great", "happy with that") when
    the message gives figures ("hrv 62 rhr 51 feeling great", "leg curl 3x15 35lb. knee is
    happy!"): there the feeling is a remark on them, not a score the athlete gave, and is never
    stored as a guessed one. A message of words alone ("feeling rough, energy low") keeps it,
    and so does a check-in whose figures are its other scores alone ("feeling awful, energy 2,
    quite sore"): there the feeling is one more score of the same check-in, unless it is the
    body's tiredness ("feeling wrecked: energy 2"), which the energy figure already scores."""
    out = []
    scores_only = not _TIRED_FELT.search(text) and all(
        e.intent == "log_daily" and set(e.slots.get("values", {})) <= set(_SCORES) for e in entries
    )
    for entry in entries:
        if entry.slots.pop("felt", False) and re.search(r"\d", text) and not scores_only:
            entry.slots["values"] = {k: v for k, v in entry.slots["values"].items() if k != "mood"}
            if not entry.slots["values"]:
                continue
        out.append(entry)
    return out


# A piece that starts with a reading ("rhr 51 wt 70.2"): a weight after it is its own reading
_READING_FIRST = re.compile(r"^(?:rhr|hrv|resting|mood|energy|stress|soreness)\b")
_WEIGHT_NEXT = re.compile(r"\s(?=(?:weight|wt|bw|body ?weight)\W{0,3}\d)")
# (after a label of the readings at most: "wake-up stats: 81.4kg", "numbers today - 183 lbs")
_MASS_ALONE = re.compile(
    r"(?:(?:[a-z'-]+\s+){0,3}(?:stats|numbers|readings|check-?in|check in|weigh-?in|scale|weight|wt)"
    rf"(?:\s+(?:today|this morning|this am))?\s*[:=-]?\s*)?~?{MASS.pattern}"
)


def weight_beside_readings(
    clauses: list[tuple[Intent | None, list[str]]],
) -> list[tuple[Intent | None, list[str]]]:
    """A body weight among the morning readings, in a message that logs nothing else ("176.2
    lbs, rhr 49, hrv 82", "readings: 92.3kg, resting 61", "hrv 62 rhr 51 wt 70.2"): a mass
    said alone (its unit says it is one) is the body weight, and a weight after a reading
    starts a reading of its own. Beside sets, a session or a meal a mass alone is their load
    or an amount: those clauses are left as they are."""
    if any(intent in ("log_sets", "log_cardio", "log_meal") for intent, _ in clauses):
        return clauses
    # (two masses alone: which is the weight? Asked, as before)
    single = sum(bool(_MASS_ALONE.fullmatch(p.strip(" .,;:!"))) for _, ps in clauses for p in ps) == 1  # fmt: skip
    out: list[tuple[Intent | None, list[str]]] = []
    for intent, pieces in clauses:
        first = pieces[0] if intent == "log_weight" and len(pieces) == 1 else ""
        if _READING_FIRST.match(first) and (cut := _WEIGHT_NEXT.search(first)):
            if out and out[-1][0] == "log_daily":  # one day's readings are one entry
                out[-1][1].append(first[: cut.start()])
            else:
                out.append(("log_daily", [first[: cut.start()]]))
            out.append(("log_weight", [first[cut.end() :]]))
            continue
        alone = {p: m for p in pieces if (m := _MASS_ALONE.fullmatch(p.strip(" .,;:!")))}
        if single and intent in (None, "log_daily") and alone and (intent == "log_daily" or len(pieces) == 1):  # fmt: skip
            # (said as the weight's reader reads it: the word, then the mass as written)
            rest = [p for p in pieces if p not in alone]
            out += [(intent, rest)] if rest else []
            out += [("log_weight", [f"weight {m.group(1)} {m.group(2)}"]) for m in alone.values()]
            continue
        out.append((intent, pieces))
    return out
