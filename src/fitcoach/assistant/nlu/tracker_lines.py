"""Lines pasted or retyped from sleep trackers, fasting apps and training programmes, rewritten
(inside ``normalise``, on lower-case text) into the words the readers already take:

- an arrow between two clock times ("23:40 → 06:25", "11:15pm -> 7:05am") is a range, and a
  message that is only a night's clock range ("10:45pm-6:15am", "23:40-06:25, decent") is
  the night slept;
- a tracker's sleep stages ("deep 1h40 rem 1h55 light 4h10") are the sleep, their sum where
  they are the only figure of it; beside another ("in bed 22:30 up 5:45. deep 1h40", "asleep
  7:12, awake 0:38") they and the time awake are no figure of their own;
- a score said before its name ("82 sleep score") is the score, no figure of the night;
- a bedtime before the time one fell asleep ("in bed 10pm, asleep by 11 probably, up at
  6:45", "in bed 9:30 but didn't drop off till 11") is time in bed: the sleep begins later;
- a spell awake in the night ("awake at 2 for an hour", "up with the baby from 2 to 3",
  "woke at 3 and couldn't get back off till 4:30") is taken off it: the night is said as its
  two spells asleep, which ``split_sleep`` sums;
- a fast broken with a meal ("broke my 18h fast with 3 eggs and avocado") is that meal;
- a test day's single ("1RM test: squat 170") is one rep at that load, and a programme's
  heading ("5/3/1 week 2:") no figure; its last set's reps "5+ (got 9)" are the reps got;
- an endurance test named by its sport's own test is that sport: the 2k test the rowing erg's,
  the TT (time trial) the cyclist's.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.night_asides import how_the_night_went
from fitcoach.assistant.nlu.sleep_summaries import SLEEP_APP

# ---- clock ranges ------------------------------------------------------------------------
_CLOCK = r"\d{1,2}(?:[:.][0-5]\d)?\s*(?:am|pm)?"
_ARROW = re.compile(
    rf"({_CLOCK})\s*(?:→|⟶|➔|➡️?|-+>|=+>|⇒)\s*(?=\d{{1,2}}(?:[:.][0-5]\d|\s*(?:am|pm)))"
)
# A message that is a night's two clock times and at most how the night went ("10:45pm-6:15am,
# woke up twice, meh": every clause after them an aside of ``night_asides``), the sleep's
# "zzz" or emoji before them or not ("zzz 23:50-07:05")
_BARE_RANGE = re.compile(
    r"^\s*(?P<zzz>(?:z{2,}|\U0001f4a4+|\U0001f634+)\s*:?\s*)?"
    r"(?P<bed>\d{1,2})(?:[:.](?P<bm>[0-5]\d))?\s*(?P<bap>am|pm)?\s*(?:-|–|—|to|till|until)\s*"
    r"(?P<wake>\d{1,2})(?:[:.](?P<wm>[0-5]\d))?\s*(?P<wap>am|pm)?"
    r"(?P<rest>(?:[,.;!-]|\s)(?:[^\d]|\d{1,2} times?\b)*)?$"  # ("woke 2 times": a couple, normalised)
)


def _bare_night(m: re.Match[str]) -> bool:
    """Whether the bare range ``m`` can only be a night: both ends written as clocks (minutes
    or am/pm), the first in the evening or the small hours, the second in the morning, and
    nothing after them but how the night went."""
    # (after "zzz" the night is said: the bedtime's clock is enough, "zzz 12:30-7")
    if not ((m["bm"] or m["bap"]) and (m["wm"] or m["wap"] or m["zzz"])):
        return False
    if m["rest"] and not how_the_night_went(m["rest"]):
        return False
    bed, wake = int(m["bed"]), int(m["wake"])
    # (after "zzz" a bare "12:30" bedtime is past midnight; alone it may be the afternoon's)
    bed = 0 if bed == 12 and m["bap"] is None and m["zzz"] else bed
    if m["bap"] == "pm":
        bed = bed % 12 + 12
    elif m["bap"] == "am":
        bed %= 12
    if m["wap"] == "pm":
        return False
    wake %= 12 if m["wap"] == "am" else 24
    evening = bed >= 20 or bed <= 3 or (m["bap"] is None and 8 <= bed <= 11 and m["bm"] is not None)
    return evening and 4 <= wake <= 11 and 3 <= (wake - bed) % 24 <= 12


# ---- sleep stages ------------------------------------------------------------------------
# a stage's length as the apps print it: "1h40", "1h 40m", "1:40", "95 min", "0:38"
_SPAN = r"(?:\d{1,2}\s*h(?:rs?)?\s*(?:[0-5]?\d(?:\s*m(?:ins?)?)?)?|\d{1,2}:[0-5]\d|\d{1,3}\s*m(?:ins?)?)\b"
_STAGE_NAME = r"(?:deep|rem|light|core|awake)"
_STAGE = re.compile(
    rf"(?P<name>{_STAGE_NAME})(?:\s+sleep)?\s*[:=]?\s*(?P<span>{_SPAN})"
    rf"|(?P<span2>{_SPAN})\s*(?:of\s+)?(?P<name2>{_STAGE_NAME})(?:\s+sleep)?\b"
)
# the clock the apps do not print as a stage: "awake 5:50" after a bedtime is the wake time
_AWAKE_CLOCK = re.compile(r"^[1-9]\d?:[0-5]\d$|^1\d:")
# another figure of the night beside the stages ("in bed 22:30 up 5:45", "asleep 7:12",
# "slept 7h", "total 7:45")
_OTHER_NIGHT = re.compile(
    r"\b(?:asleep|slept|sleep(?!\s*score)|total|time in bed|in bed|bed|woke|up|alarm)\b[^;]{0,20}?\d"
)


def _seconds(span: str) -> int:
    """A stage's length in seconds ("1h40" is 6000, "0:38" 2280, "95 min" 5700)."""
    span = span.strip()
    if m := re.fullmatch(r"(\d{1,2}):([0-5]\d)", span):
        return int(m[1]) * 3600 + int(m[2]) * 60
    if m := re.fullmatch(r"(\d{1,2})\s*h(?:rs?)?\s*(?:(\d{1,2})\s*(?:m(?:ins?)?)?)?", span):
        return int(m[1]) * 3600 + int(m[2] or 0) * 60
    m = re.fullmatch(r"(\d{1,3})\s*m(?:ins?)?", span)
    return int(m[1]) * 60 if m else 0


def _name(m: re.Match[str]) -> str:
    return m["name"] or m["name2"]


def _span(m: re.Match[str]) -> str:
    return m["span"] or m["span2"]


def _stages(text: str) -> str:
    found = [
        m
        for m in _STAGE.finditer(text)
        if not (_name(m) == "awake" and _AWAKE_CLOCK.match(_span(m).strip()))
    ]
    names = {_name(m) for m in found}
    # "light 30 min" alone is a light session, "awake 2:10" alone a clock: a stage only beside
    # another stage, or as deep or rem sleep
    if not found or (len(names) < 2 and not names & {"deep", "rem"}):
        return text
    rest = text
    for m in reversed(found):
        rest = rest[: m.start()] + rest[m.end() :]
    rest = re.sub(r"\s*\b(?:per|from|says|on) (?:the |my )?(?:ring|watch|oura|whoop|garmin|fitbit|app|tracker)\b", "", rest)  # fmt: skip
    rest = re.sub(r"(?:\s*[,;/|]\s*)+(?=[,;/|.]|$)", "", rest).strip(" ,;/|")
    if _OTHER_NIGHT.search(rest):
        return rest
    asleep = sum(_seconds(_span(m)) for m in found if _name(m) != "awake")
    if not (names & {"deep"} and names & {"light", "core"}) or not 3 * 3600 <= asleep <= 14 * 3600:
        return text
    hours, minutes = divmod(asleep // 60, 60)
    said = f"slept {hours} hours {minutes} min" if minutes else f"slept {hours} hours"
    return f"{said}, {rest}" if rest else said


# a score said before its name ("oura 82 sleep score, 7h 24m"): the score, as "sleep score 82"
_SCORE_FIRST = re.compile(r"\b(\d{1,3})\s*(?:/\s*100\s*)?(sleep|readiness|recovery) score\b")

# "asleep 7:12, awake 0:38": an app's time awake in the night beside its time asleep
_AWAKE_BESIDE = re.compile(
    r"(?P<asleep>\basleep\s*[:=]?\s*\d{1,2}(?::[0-5]\d|\s*h\s*[0-5]?\d\s*m?))\s*[,;/|]?\s*"
    r"awake\s*[:=]?\s*(?:0:[0-5]\d|\d{1,2}\s*m(?:ins?)?)\b"
)

# ---- in bed, then asleep -----------------------------------------------------------------
_FELL_ASLEEP = (
    r"(?:(?:i )?(?:was |finally |eventually )?(?:fell )?asleep|(?:i )?(?:finally )?(?:dropped|drifted|nodded) off"
    r"|(?:i )?(?:didn'?t|did not|couldn'?t|could not) (?:drop off|fall asleep|get to sleep|sleep|nod off)"
    r"(?: (?:till|til|until))?)"
)
_IN_BED_FIRST = re.compile(
    rf"\b(?:(?:got |went |was )?(?:in|to|into) bed|bed(?:time)?)\s*(?:at|by|around|about)?\s*{_CLOCK}"
    rf"\s*(?:[,;]\s*|\s)(?:(?:but|and|then)\s+)?(?={_FELL_ASLEEP}\s*(?:at|by|around|about|like|maybe|~)?\s*\d)"
)
_DROPPED_OFF = re.compile(
    r"\b(?:(?:i )?(?:didn'?t|did not|couldn'?t|could not) (?:drop off|fall asleep|get to sleep|sleep|nod off)"
    r"|(?:i )?(?:finally )?(?:dropped|drifted|nodded) off)\s*(?:till|til|until|at|by|around)?\s*(?:like |maybe |about |around )?(?=\d)"
)
_HEDGED = re.compile(r"\b(asleep (?:at|by|around) \d{1,2}(?:[:.][0-5]\d)?\s*(?:am|pm)?)\s+(?:probably|prob|maybe|i think|i guess)\b")  # fmt: skip
_ASLEEP_LIKE = re.compile(r"\b(?:fell )?asleep (?:like|maybe|about|around|~)\s*(?=\d)")


# a bare hour one fell asleep at after a bedtime is a clock ("asleep at 1" after "in bed 11")
_BARE_HOUR = re.compile(r"\basleep at (\d{1,2})(?![\d:.]|\s*(?:am|pm|h|hrs?|hours?)\b)")


def _in_bed_then_asleep(text: str) -> str:
    if not _IN_BED_FIRST.search(text):
        return text
    out = _DROPPED_OFF.sub("asleep at ", _IN_BED_FIRST.sub("", text))
    out = _BARE_HOUR.sub(r"asleep at \1:00", _ASLEEP_LIKE.sub("asleep at ", out))
    return _HEDGED.sub(r"\1", out)


# the Eight Sleep mattress named ("eight sleep: 7:41 asleep", normalised "8 sleep"): a tracker,
# no figure
_EIGHT_SLEEP = re.compile(
    r"(?:^|(?<=\bthe )|(?<=\bmy ))8 sleep\b(?=\s*:|\s+(?:says|said|pod|app|is|was|score|data)\b)"
)


# "went to sleep at 11": fell asleep then; "... and slept until 9" after it: the wake time
_WENT_TO_SLEEP = re.compile(
    r"\b(?:i )?(?:went|got|go) to sleep(?=\s*(?:at|around|about|by|~)?\s*(?:\d|midnight))"
)
_SLEPT_UNTIL = re.compile(
    r"(?<=\d|t|m)(\s*[,;]?\s*)(?:and |then )*(?:i )?slept (?:in )?(?:until|till|til)\s*(?=\d)"
)
_ASLEEP_AT = re.compile(rf"\b(?:asleep|bed)\s*(?:at|around|about|by|~)?\s*(?:{_CLOCK}|midnight)")
# a judgement between "slept" and its clock range ("slept like a baby, 9pm to 5:30am")
_JUDGED_RANGE = re.compile(
    r"\bslept (?:well|badly|ok|okay|great|fine|poorly|terribly|like an? (?:baby|log|rock))\s*[,;-]\s*"
    r"(?=(?:from )?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?\s*(?:-|–|to|till|until)\s*\d)"
)
# "in bed at 11, up at 6:30" beside other figures ("... weight 71.3. resting hr 48"): the night
_BED_UP = re.compile(
    rf"\b(?:(?:got |went )?(?:in|to|into) bed|bed(?:time)?)\s*(?:at|by|around|about)?\s*({_CLOCK})\s*[,;]?\s*"
    rf"(?:and\s+|then\s+)?(?:up|woke(?: up)?|got up|out of bed|alarm)\s*(?:at|by|around|about)?\s*"
    rf"(\d{{1,2}}(?:[:.][0-5]\d)?\s*(?:am|pm)?)(?![\d:])(?!\s*(?:for|till|until|again)\b)"
)
_NIGHT_WORDS = re.compile(
    r"\b(?:awake|woke|asleep|sleep|slept|nap|up|bed|back|again|till|until|feeds?|baby)\b"
)


def _bed_up(text: str) -> str:
    m = _BED_UP.search(text)
    rest = text[: m.start()] + text[m.end() :] if m is not None else ""
    # (only beside other figures: alone, or with its reason, the readers take it as it is)
    if m is None or _NIGHT_WORDS.search(rest) or not re.search(r"\d", rest):
        return text
    return f"{text[: m.start()]}slept {m[1].strip()}-{m[2].strip()} {text[m.end() :]}".strip()


def _asleep_at(m: re.Match[str]) -> str:
    return (
        "asleep" if re.match(r"\s*(?:at|around|about|by|~)", m.string[m.end() :]) else "asleep at"
    )


# where one fell asleep or woke ("fell asleep on the couch at 9:45 and woke up in bed at 6"):
# no part of the clock
_PLACE = re.compile(
    r"\b(asleep|woke(?: up)?|slept|dozed off|nodded off)\s+(?:on|in) (?:(?:the|my) )?"
    r"(?:couch|sofa|bed|chair|armchair|recliner|floor)(?=\s+(?:at|around|about|by|till|until)\b)"
)
# "12mn" (midnight, as the Philippines write it); "from 9 this morning": the morning's clock
# (an hour of the clock only: "rows at 80 this morning" is a load, then the day)
_MIDNIGHT = re.compile(r"\b12\s*mn\b")
_THIS_MORNING = re.compile(r"\b(from|at|till|until|since) ((?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?) (?:this|in the) morning\b")  # fmt: skip
# a day's sleep from a morning clock to a bare one before it ("from 9am till 4:30"): the afternoon
_DAY_SLEEP = re.compile(
    r"\b(from (\d{1,2})(?:[:.][0-5]\d)?\s*am\s*(?:-|–|to|till|til|until)\s*(\d{1,2})(?:[:.][0-5]\d)?)(?![\d:]|\.\d|\s*(?:am|pm))"
)  # (never the hour of a "3.30pm" whose half is said: "3pm.30pm" stored 6 h for 6.5)


def _day_sleep(m: re.Match[str]) -> str:
    return f"{m[1]}pm" if int(m[3]) < int(m[2]) % 12 else m[0]


# "went to bed at midnight, up at 7 but lay awake till half 1": the sleep began when the lying
# awake ended
_LAY_AWAKE = re.compile(
    r"\s*[,;]?\s*(?:but |and )?(?:i )?(?:lay|laid|was lying|was) awake (?:till|until|til) "
    r"(?:half (?P<half>\d{1,2})|(?P<t>\d{1,2}(?:[:.][0-5]\d)?\s*(?:am|pm)?))(?![\d:])"
)
_BED_CLOCK = re.compile(
    r"\b(?:(?:went |got )?(?:in|to|into) bed|bed(?:time)?)\s*(?:at|by|around|about)?\s*"
    r"(?:\d{1,2}(?:[:.][0-5]\d)?\s*(?:am|pm)?|midnight)(?![\d:])"
)


def _lay_awake(text: str) -> str:
    lay, bed = _LAY_AWAKE.search(text), _BED_CLOCK.search(text)
    if lay is None or bed is None or bed.start() > lay.start():
        return text
    began = f"{lay['half']}:30" if lay["half"] else lay["t"].strip()
    text = text[: lay.start()] + text[lay.end() :]
    return f"{text[: bed.start()]}asleep at {began}{text[bed.end() :]}"


def _night_clocks(text: str) -> str:
    text = _THIS_MORNING.sub(r"\1 \2am", _MIDNIGHT.sub("midnight", _PLACE.sub(r"\1", text)))
    text = _lay_awake(_DAY_SLEEP.sub(_day_sleep, text))
    # ("went to sleep 9:30": the clock it began, never an app's "asleep 9:30")
    out = _JUDGED_RANGE.sub("slept ", _WENT_TO_SLEEP.sub(_asleep_at, text))
    if _ASLEEP_AT.search(out):
        out = _SLEPT_UNTIL.sub(r"\1up at ", out)
    return _bed_up(out)


# ---- a night broken by a spell awake ---------------------------------------------------------
# The night's two clocks: a range slept ("slept 11:30 to 6") or a bedtime and the last wake
_T = r"(\d{1,2}(?:[:.][0-5]\d)?(?:\s*(?:am|pm))?)"
_SLEPT_RANGE = re.compile(rf"\b(?:slept|sleep|asleep)\s*(?:from\s*)?{_T}\s*(?:-|–|to|till|til|until)\s*{_T}(?![\d:])")  # fmt: skip
_BEDTIME = re.compile(rf"\b(?:in bed|to bed|bed|asleep)\s*(?:at|by|around|about)?\s*{_T}(?![\d:])")
_WAKE = re.compile(rf"\b(?:up|woke(?: up)?|got up|alarm)(?: again)?\s*(?:at|by|around|about)?\s*{_T}(?![\d:])(?!\s*(?:for|and (?:was|i was)|couldn|could)\b)")  # fmt: skip
# The spell awake: from one clock to another, or from a clock for a length, or until one fell
# back asleep ("awake from 2 till 4:30", "up at 1 for 40 min", "woke at 3 and couldn't get back
# off till 4:30")
_UP_WORD = r"(?:awake|up|woke(?: up)?|was up)"
_AWAKE_SPELL = re.compile(
    rf"\b{_UP_WORD}\s*(?:with (?:the )?[a-z]+\s*)?(?:from\s*)?{_T}\s*(?:-|–|to|till|til|until)\s*{_T}(?![\d:])"
    rf"|\b{_UP_WORD}\s*(?:at\s*)?{_T}(?![\d:])\s*(?:with (?:the )?[a-z]+\s*)?(?:and\s+)?(?:for|(?:was\s+)?awake(?:\s+for)?)\s*"
    r"(?:like |about |around |maybe |a good |~)?(?P<len>an? hour|1 hour|\d{1,3}\s*(?:mins?|minutes)|\d(?:\.\d)?\s*(?:h|hrs?|hours?))\b"
    rf"|\bwoke(?: up)?\s*(?:at\s*)?{_T}(?![\d:])\s*,?\s*(?:and\s+)?(?:i\s+)?(?:couldn'?t|could not|didn'?t|did not|never)\s+"
    rf"(?:get back (?:to sleep|off)|fall back asleep|get back asleep|go back to sleep)\s*(?:till|til|until)\s*{_T}(?![\d:])"
)


def _hour(clock: str) -> float:
    """A clock's hour on a 12-hour dial ("10:15pm" is 10.25, "4:30" 4.5)."""
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?", clock)
    assert m is not None
    return int(m[1]) % 12 + int(m[2] or 0) / 60


def _length_h(said: str) -> float:
    if re.match(r"an? hour|1 hour", said):
        return 1.0
    number = float(re.match(r"[\d.]+", said)[0])  # type: ignore[index]
    return number / 60 if "m" in said else number


def _awake_bounds(m: re.Match[str]) -> tuple[str, str] | None:
    groups = [g for g in m.groups() if g is not None]
    if m["len"] is not None:
        start = groups[0]
        end = _hour(start) + _length_h(m["len"])
        return start, f"{int(end) % 12 or 12}:{round(end % 1 * 60):02d}"
    return (groups[0], groups[1]) if len(groups) >= 2 else None


def _broken_night(text: str) -> str:
    """``text`` with a night broken by a spell awake said as its two spells asleep ("slept
    11-3 then 4-7"), which ``split_sleep`` sums."""
    spell = _AWAKE_SPELL.search(text)
    if spell is None or (awake := _awake_bounds(spell)) is None:
        return text
    rest = text[: spell.start()] + " " * (spell.end() - spell.start()) + text[spell.end() :]
    if (night := _SLEPT_RANGE.search(rest)) is not None:
        bed, wake, spans = night[1], night[2], [night.span()]
    else:
        bed_m, wakes = _BEDTIME.search(rest), list(_WAKE.finditer(rest))
        if bed_m is None or not wakes:
            return text
        bed, wake, spans = bed_m[1], wakes[-1][1], [bed_m.span(), wakes[-1].span()]
    night_h = (_hour(wake) - _hour(bed)) % 12
    into, out_of = (_hour(awake[0]) - _hour(bed)) % 12, (_hour(awake[1]) - _hour(bed)) % 12
    if not (0 < into < out_of < night_h) or night_h < 3:
        return text
    for start, end in sorted([*spans, spell.span()], reverse=True):
        text = text[:start] + " " + text[end:]
    said = f"slept {bed.strip()}-{awake[0].strip()} then {awake[1].strip()}-{wake.strip()}"
    # what is left keeps its other figures ("..., rhr 58"); its words of the night go
    kept = [c.strip() for c in re.split(r"[,;]|\.(?!\d)|\b(?:but|then|and)\b", text) if re.search(r"\d", c)]  # fmt: skip
    return ", ".join([said, *kept])


# ---- fasts, test days, programmes --------------------------------------------------------
_BROKE_FAST = re.compile(
    r"\b(?:i )?broke (?:my |the |a )?(?:\d+(?:\.\d+)?\s*(?:-\s*)?(?:h|hr|hrs|hours?|days?)\s*)?"
    r"(?:water |dry )?fast\s+(?:with|w/|w|on)\s+"
)
_TEST_DAY = re.compile(
    r"^(?:(?:new |a )?(?:1\s*rm|one rep max|max(?:es)?)\s*(?:test(?:ing)?|attempt|day)|tested (?:my )?1\s*rm)"
    r"(?: day)?\s*[:\-–]\s*(?P<lift>[a-z][a-z -]{1,30}?)\s*[:\-–]?\s*(?:@\s*)?"
    r"(?P<load>\d{2,3}(?:\.\d+)?)\s*(?P<unit>kgs?|kilos?|lbs?)?\b(?!\s*(?:x|for|reps?)\b)"
)
# an endurance test day named by its sport's own test: the 2k is the rowing erg's, the TT (time
# trial) the cyclist's ("2k test 6:48.3 pb", "tt effort 10 mi in 24:30")
_ROW_TEST = re.compile(
    r"^(?:(?:my|a|the)\s+)?2 km\s+(?:erg\s+)?test\b|^(?:(?:my|a|the)\s+)?erg test\b"
)
_TIME_TRIAL = re.compile(
    r"^(?:(?:my|a|the)\s+)?(?P<dist>\d+(?:\.\d+)?\s*(?:mi|miles?|km)\s+)?(?:tt|time trial)\b"
    r"(?:\s+(?:effort|attempt|race))?(?=\s*[:,-]?\s*\d)"
)
# the distance and the time said after the trial's name ("10 mi in 24:30", "25 mile tt 58:40")
_TRIAL_FIGURES = re.compile(
    r"(?P<d>\d+(?:\.\d+)?)\s*(?P<u>mi|miles?|km)\b\D{0,12}?(?P<t>(?:\d{1,2}:)?\d{1,2}:[0-5]\d)(?![\d:])"
)


def _ridden(m: re.Match[str]) -> str:
    """The trial as a ride where its speed can only be a bike's (25 km/h or more): runners and
    rowers have time trials too ("1 mile time trial 6:52")."""
    said = _TRIAL_FIGURES.search(m.string, m.start())
    if said is None:
        return m[0]
    km = float(said["d"]) * (1.609344 if said["u"].startswith("mi") else 1.0)
    parts = [int(p) for p in said["t"].split(":")]
    hours = (parts[-3] if len(parts) == 3 else 0) + parts[-2] / 60 + parts[-1] / 3600
    if len(parts) == 2 and parts[0] < 10 and km > 5:  # "2:05" after 60 km: hours and minutes
        hours = parts[0] + parts[1] / 60
    return f"{m['dist'] or ''}time trial ride" if hours and km / hours >= 25 else m[0]


_PROGRAMME = re.compile(
    r"(?:^|(?<=[a-z] ))(?:5/3/1|531|wendler|gzclp|nsuns|texas method|madcow|starting strength|stronglifts(?: 5x5)?)"
    r"(?:\s*(?:bbb|fsl|boring but big))?\s*(?:,?\s*(?:week|wk|w)\s*\d?(?:\s*day\s*\d)?)?\s*[:\-–]\s*"
)
_AMRAP_GOT = re.compile(
    r"(\d{2,3}(?:\.\d+)?\s*(?:kgs?|lbs?)?\s*x\s*)\d{1,2}\s*\+\s*(?:\(\s*)?(?:got|did|hit|for|=)\s*(\d{1,2})(?:\s*reps?)?\s*\)?"
)


# (sleep94) The morning's clock, then the night's length after it ("up at 5 after 6h", "woke at
# 6:30 after maybe 7 hours", "awake at 4 after only 5 hrs of sleep"): the night slept, then
# the clock (never hours of something else: "up at 5 after 6h of driving")
_UP_AFTER = re.compile(
    r"\b(?P<wake>(?:woke(?: up)?|up|awake|got up)\s+(?:at|around|about)\s+\d{1,2}(?:[:.][0-5]\d)?(?:\s*am)?)"
    r"\s+after\s+(?:(?:only|just|about|around|maybe|like|barely|~)\s*)*(?:sleeping\s+)?"
    r"(?P<len>(?P<h>\d{1,2}(?:\.\d)?)\s*(?:h|hrs?|hours?)(?:\s*\d{1,2}\s*(?:m|mins?|minutes?))?\b)"
    r"(?:\s+(?:of\s+)?(?:sleep|kip))?(?!\s+(?:of|at|on|in|working|driving|awake|shift)\b)"
)


def _slept_then_up(m: re.Match[str]) -> str:
    return f"slept {m['len']}, {m['wake']}" if 3 <= float(m["h"]) <= 12 else m.group(0)


# (sleep94) A sleep app's line giving a night's length only, with its day or not ("Oura Nov 17:
# 6h 26m", "autosleep (tue): 7h 10m", "fitbit sleep: 6 hrs 40"): the night slept, on the day
# said (an app that counts workouts too names its sleep: "garmin: 1h 05m" may be a ride)
_APP_NIGHT = re.compile(
    rf"^\s*(?:oura(?: ring)?|autosleep|sleep cycle|{SLEEP_APP} sleep)\s*"
    r"(?P<day>\(?(?:[a-z]{3,9}\.? \d{1,2}|\d{1,2} [a-z]{3,9}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|yesterday|today|"
    r"last night)\)?)?\s*[:\-]?\s*"
    r"(?P<len>\d{1,2}\s*(?:h|hrs?|hours?)(?:\s*\d{1,2}\s*(?:m|mins?|minutes?)?)?)\s*$"
)


def _app_night(m: re.Match[str]) -> str:
    day = (m["day"] or "").strip("()")
    return f"{day}: slept {m['len']}" if day else f"slept {m['len']}"


def tracker_lines(text: str) -> str:
    """``text`` (lower case) with the trackers' and programmes' lines said in plain words."""
    out = _UP_AFTER.sub(_slept_then_up, _EIGHT_SLEEP.sub("tracker", _ARROW.sub(r"\1-", text)))
    out = _APP_NIGHT.sub(_app_night, out)
    if (m := _BARE_RANGE.match(out)) is not None and _bare_night(m):
        out = f"slept {out[m.start('bed') :].strip()}"
    out = _AWAKE_BESIDE.sub(r"\g<asleep>", _stages(_SCORE_FIRST.sub(r"\2 score \1", out)))
    out = _broken_night(_night_clocks(_in_bed_then_asleep(out)))
    out = _BROKE_FAST.sub("ate fast-breaking meal: ", out)
    out = _ROW_TEST.sub("2 km row test", out)
    out = _TIME_TRIAL.sub(_ridden, out)
    if (m := _TEST_DAY.match(out)) is not None:
        out = f"{m['lift']} 1x1 at {m['load']}{m['unit'] or ''}{out[m.end() :]}"
    return _AMRAP_GOT.sub(r"\1\2", _PROGRAMME.sub("", out))
