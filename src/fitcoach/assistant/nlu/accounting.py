"""Accounting for a logging message's numbers: every number written must be explained by an
entry (in any form it may have been written in: lb for kg, miles for metres, minutes for
seconds ...), and every value an entry stores must come from a number written. What is left
over on either side is a problem, and nothing is stored on a guess."""

from __future__ import annotations

import re
from datetime import date

from fitcoach.assistant.nlu.base import Slots, Understanding
from fitcoach.assistant.nlu.carries import RUN_COUNT, distance_slugs
from fitcoach.assistant.nlu.check_ins import length_said_again, woken_in_night
from fitcoach.assistant.nlu.dates import CALENDAR_DAY, calendar_day
from fitcoach.assistant.nlu.food_names import food_words, in_macro_triple
from fitcoach.assistant.nlu.matcher import default_matcher
from fitcoach.assistant.nlu.percent_max import find_share
from fitcoach.assistant.nlu.plate_counts import SIZE as PLATE_SIZE
from fitcoach.assistant.nlu.plate_maths import plates_said
from fitcoach.assistant.nlu.pool_lengths import pool_said
from fitcoach.assistant.nlu.quantities import (
    LAPS,
    NUMBER_TOKEN,
    PER_LAP,
    foreign_number,
    per_lap_m,
)
from fitcoach.assistant.nlu.set_asides import machine_setting
from fitcoach.assistant.nlu.set_words import PAIR
from fitcoach.assistant.nlu.story_numbers import story_number
from fitcoach.assistant.nlu.weight_news import around_weight
from fitcoach.core.units import parse_distance_m


def _forms(intent: str, slots: Slots) -> tuple[list[float], list[tuple[str, list[float]]]]:
    """The numbers a stored entry may have been written as (kg as lb or stones, metres as km
    or miles, seconds as minutes, hours or clock parts), and the values that must come from a
    number in the text, each with its forms."""
    forms: list[float] = []
    required: list[tuple[str, list[float]]] = []

    def mass(kg: float, *, stones: bool = False) -> list[float]:
        lb = kg / 0.45359237
        stone = int(lb // 14)  # stones are for body weights only ("12 st 6")
        return [kg, lb, stone, lb - 14 * stone] if stones else [kg, lb]

    def seconds(s: float) -> list[float]:
        hours, rest = divmod(s, 3600)
        minutes, secs = divmod(rest, 60)
        return [s, s / 60, s / 3600, hours, minutes, secs, s // 60, hours * 60 + minutes]

    def metres(m: float) -> list[float]:
        return [m, m / 1000, m / 1609.344, m / 0.9144]

    def need(label: str, values: list[float]) -> None:
        forms.extend(values)
        required.append((label, values))

    if intent == "log_sets":
        # "3 sets: 10, 9, 8", "4 sets: 105x8 115x6 ...": the sets of an exercise, counted
        # "100 pushups ... 4 sets of 25": the reps of an exercise, all told
        total: dict[str, int] = {}
        volume: dict[str, int] = {}
        for g in slots.get("groups") or []:
            name = g.get("exercise") or ""
            total[name] = total.get(name, 0) + g.get("sets", 1)
            volume[name] = volume.get(name, 0) + g.get("sets", 1) * (g.get("reps") or 0)
        forms += [float(n) for n in (*total.values(), *volume.values())]
        for g in slots.get("groups") or []:
            name = g.get("exercise") or "the exercise"
            if g.get("reps") is not None and g["reps"] != 1:  # "for a single": no digit
                need(f"{g['reps']} reps of {name}", [float(g["reps"])])
            elif g.get("reps") is not None:
                forms.append(1.0)
            if g.get("of_sets"):  # one set told apart of "4x8": the 4 is said, not the 3
                need(f"{g['of_sets']} sets of {name}", [float(g["of_sets"])])
            elif g.get("sets", 1) > 1:  # "50 pushups in sets of 10": the total gives the count
                need(f"{g['sets']} sets of {name}", [float(g["sets"]), float(g["sets"] * (g.get("reps") or 0))])  # fmt: skip
            else:
                forms.append(float(g.get("sets", 1)))
            if g.get("weight_kg") is not None:
                need(f"{g['weight_kg']:g} kg on {name}", mass(g["weight_kg"]))
            for key in ("rir", "rpe"):
                if g.get(key) is not None:
                    forms += [g[key], 10 - g[key]]
            if g.get("distance_m") is not None:  # a carry's run ("4 x 40 m")
                need(f"{g['distance_m']:g} m of {name}", metres(g["distance_m"]))
    elif intent == "log_cardio":
        legs = 2 if slots.get("each_way") else 1  # "6 miles each way": half of it is written
        if slots.get("distance_m") is not None and slots.get("way_summed"):
            forms += metres(slots["distance_m"])  # "2 mi warm up, 4 @ tempo, 1 cool down"
        elif slots.get("distance_m") is not None:
            need("the distance", metres(slots["distance_m"]) + metres(slots["distance_m"] / legs))  # fmt: skip
        if slots.get("duration_s") is not None:
            time = seconds(slots["duration_s"]) + seconds(slots["duration_s"] / legs)
            if slots.get("distance_m"):  # "8k at 5:45 pace": the time is the pace times the way
                for per in (1000.0, 1609.344):
                    exact = slots["duration_s"] * per / slots["distance_m"]
                    # (rounded or cut to the second, as watches show it: 299.5 s is "4:59/km")
                    for pace in {round(exact), int(exact)}:
                        time += [pace // 60, pace % 60, pace / 60, 1.0]  # "1 mile" of "a mile"
            if slots.get("clock"):  # "from 6:10 to 6:55": the time between two clock times
                forms += [*time, *slots["clock"]]
            else:
                need("the time", time)
        if slots.get("avg_hr") is not None:
            need("the heart rate", [slots["avg_hr"]])
        if slots.get("peak_hr") is not None:  # a peak, said and deliberately not kept
            forms.append(slots["peak_hr"])
        if slots.get("part_distance_m") is not None:  # a part's way, said and not kept
            forms += metres(slots["part_distance_m"])
        if slots.get("session_rpe") is not None:
            need("the session's RPE", [slots["session_rpe"]])
        forms += slots.get("parts_said", [])  # a session's parts beside its total, not kept
    if intent == "log_sleep":
        forms += list(slots.get("said", []))  # "quality 3/5": the night's rating, out of five
    if intent == "log_sleep" and slots.get("clock"):
        forms += list(slots["clock"])  # a bedtime and a wake time: the hours are their difference
        if slots.get("duration_s") is not None:  # "went down at 10:30 so about 4.5 hrs": the
            forms.append(slots["duration_s"] / 3600)  # same (never its minutes: "30 min spin")
    elif intent == "log_sleep" and slots.get("duration_s") is not None:
        need("the hours slept", seconds(slots["duration_s"]))
    elif intent == "log_weight":
        need("the body weight", mass(slots["weight_kg"], stones=True))
    elif intent == "log_daily":
        forms += list(slots.get("values", {}).values()) + list(slots.get("said", []))
    elif intent == "log_meal":
        for key in ("calories", "protein_g", "carbs_g", "fat_g"):
            if slots.get(key) is not None:  # "3 gels, 25g carbs each": one gel's is written
                each = [slots[key] / slots["each_of"]] if slots.get("each_of") else []
                need(key.replace("_g", "").replace("calories", "the calories"), [slots[key], *each])
    return forms, required


_REP_WORDS = {"single": 1, "double": 2, "triple": 3}


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.06, 0.006 * abs(a))


# After a number in a message that logs a meal: a food's measure ("250g beef", "1 cup rice",
# "8oz steak", "2 scoops") or a food itself ("1 egg", "2 rice cakes"): the amount says how
# much of the food, not a stored figure (nothing is estimated from it). Grams of a macro ("38g protein") are not.
_MEASURE = re.compile(
    r"\s*(?:g|grams?|ml|l|oz|ounces?|cups?|slices?|tbsps?|tsps?|tablespoons?|teaspoons?|"
    r"scoops?|plates?|glass(?:es)?|bowls?|pieces?|strips?|servings?|handfuls?|portions?|"
    r"cans?|bars?|tins?)\b(?!\s*(?:of\s*)?(?:protein|prot|pro|carbs?|fat|p(?![.\w]))\b)"
)


def _food_amount(text: str, m: re.Match[str]) -> bool:
    from fitcoach.assistant.nlu.food_names import food_words

    after, before = text[m.end() :], text[: m.start()]
    if in_macro_triple(text, m.start()):  # "P 58 g C 62 g F 11 g": the meal's macros
        return False
    if _MEASURE.match(re.sub(r"^/\d+", "", after)):  # "1/2 cup oats": both of the half
        return True
    if re.search(r"\d/$", before) and _MEASURE.match(after):
        return True
    words = re.match(r"\s*((?:[a-z]+\s*){1,3})", after)
    if words is not None and food_words().match(words.group(1)) is not None:
        return True
    # "1 lb ground beef", "half a pound of mince": a mass of a food the table names
    massed = re.match(r"\s*(?:lbs?|pounds?)\s+(?:of\s+)?((?:[a-z]+\s*){1,3})", after)
    if massed is not None and food_words().match(massed.group(1)) is not None:
        return True
    # A count of a food the table lacks ("2 chapati", "tacos x4", "12 of them"): a whole number
    # up to 20 before a word that is no unit, figure, time or exercise. It goes into the
    # description as written, nothing is computed from it.
    # (days94: and the sets' words said aloud, "4 sets of 12 at 160", "3 by 12 at 45")
    if "." in m.group(0) or int(m.group(0)) > 20 or re.search(r"(?:\bat|@|\d:|\d\s*[x*]|\bsets? of|\d by)\s*$", before):  # fmt: skip
        return False  # "at 7", "12:30", the reps of "3x12"
    if re.match(r"\s*(?::\d|am\b|pm\b|[x*]\s*\d|by \d)", after) or _LOG_UNIT.match(after):
        return False
    food = re.search(r"([a-z]+)\s*[x*]\s*$", before)
    if food is not None:  # "tacos x4": the food comes first
        return default_matcher().match(food.group(1)) is None
    if re.match(r"\s*of (?:them|those|these)\b", after):  # of a food named before it
        return re.search(r"\b(?!(?:ate|had|have|just|for|my|like|about|and|the)\b)[a-z]{3,}", before) is not None  # fmt: skip
    # the words after it name no exercise ("12 goblet squats"): a food
    return words is not None and all(
        default_matcher().match(" ".join(words.group(1).split()[:n])) is None for n in (1, 2, 3)
    )


# After a count: a unit or a figure of a log, never a food ("20 min", "3 sets", "450 kcal").
_LOG_UNIT = re.compile(
    r"\s*(?:sets?|reps?|rounds?|kgs?|kilos?|lbs?|pounds?|g|grams?|gr|km|kms|mi|miles?|m|h|hrs?|"
    r"hours?|horas?|mins?|"
    r"minutes?|secs?|seconds?|s|k?cals?|calories|kcals?|(?:pro\w*|carbs?|fats?)(?!\s+(?!and\b|with\b)[a-z])|p|c|f|bpm|rpe|rir|"
    r"steps|days?|weeks?|times|laps?|lengths?|percent|min|km|x|left|more|in the tank)\b"
)


def _moment(text: str, m: re.Match[str], *, any_lead: bool = False) -> bool:
    """A time of day ("before my 6am shift", "my 7a shift", "shift ended at 7") that no sleep
    word leads to; with ``any_lead`` (a night said by its length), any time of day, "woke up
    at 5" too: the night's figure is its length, not its clock times."""
    after, before = text[m.end() :], text[: m.start()]
    half = re.match(r"\s*(?:am|pm|a|p)\b", after)
    # "at 7", "around 4:30": an hour of the clock (not "at 7 kg", "at 100")
    at = re.search(r"\b(?:at|around)\s*$", before) and not _LOG_UNIT.match(after)
    # (a night said by its length: "only 4 hrs, the party went on till 3": when it ended too)
    at = at or (
        any_lead and re.search(r"\b(?:till?|until)\s*$", before) and not _LOG_UNIT.match(after)
    )
    clock = re.match(r":[0-5]\d\b", after)
    minutes = re.search(r"\b(?:at|around)\s*\d{1,2}:$", before)  # the 30 of "at 4:30"
    if not (half or minutes or (at and (float(m.group(0)) <= 12 or clock))):
        return False
    if any_lead:
        return True
    lead = text[max(0, m.start() - 20) : m.start()]
    return not re.search(r"\b(?:bed|asleep|sleep|slept|woke|wake|up|alarm|till?|until|to|from)\b|[-–]\s*$", lead)  # fmt: skip


# What a load is added to: the body, on a bodyweight exercise
_ADDED_TO = re.compile(
    r"\bweighted\b|\b(?:dips?|chins?|chin-?ups?|pull-?ups?|pullups?|muscle-?ups?)\b"
)


_CLOCK_TIME_MINUTES = re.compile(r"\d{1,2}:[0-5]\d\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)")
_CLOCK_TIME = re.compile(r"\d{1,2}(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)")
# A meal's time of day: "breakfast 07:15", "a latte at 3", "an apple around 3" (a meal has no
# time of its own to store)
_MEAL_TIME = re.compile(
    r"(?<![\d.])\d{1,2}:[0-5]\d(?![\d.])|(?:(?<=\bat )|(?<=\baround ))(?:[01]?\d|2[0-3])\b(?![.:]?\d|\s*(?:am|pm)?\s*[a-z%])"
)


# A meal named with its hour ("lunch at 1 was 2 toasties", "dinner at 8, pasta", "snack at 4 was
# a protein bar"): when it was eaten, never an amount (a unit or a macro after it keeps it one:
# "lunch at 600 kcal")
_MEAL_HOUR = re.compile(
    r"\b(?:breakfast|brunch|lunch|dinner|supper|tea|snack)\s+(?:was\s+)?(?:at|around|about)\s+"
    r"(?P<h>[01]?\d|2[0-3])\b(?![.:]?\d)(?!\s*(?:[x*%/]|(?:k?cals?|kcals?|calories|g|grams?|oz|ml|p|c|f|"
    r"pro\w*|carbs?|fats?)\b))"
)


def _clock_start(text: str, m: re.Match[str]) -> int:
    """Where the clock time a number may be part of starts: its hour ("5" or the "30" of
    "5:30")."""
    hour = re.search(r"\d{1,2}:$", text[: m.start()])
    return hour.start() if hour else m.start()


# A heart-rate cap the athlete keeps under ("stayed under my HR cap of 105", "pulse limit 120"):
# a limit set for them, no figure of the session (never its average), so nothing to store.
_LIMIT_BEFORE = re.compile(r"\b(?:cap|limit|ceiling)\s*(?:of|at|is|was|=|:)?\s*(?:about\s+)?$")


def _hr_limit(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 40) : m.start()]
    return bool(_LIMIT_BEFORE.search(before)) and re.search(r"\b(?:hr|heart rate|pulse|bpm)\b", text) is not None  # fmt: skip


# A figure the athlete compares today's with ("hrv down to 31 from my usual 55", "rhr 66,
# normally 54"): their baseline, said to explain the change, no reading of today to store.
_BASELINE_BEFORE = re.compile(
    r"\b(?:(?:from|vs\.?|versus|than)\s+)?(?:my\s+)?(?:usual|usually|normal|normally|typical|typically|"
    r"baseline)\s*(?:is|was|of|at|=|:)?\s*(?:about\s+|around\s+|like\s+|roughly\s+|~\s*)?$"
)


def _baseline(text: str, m: re.Match[str]) -> bool:
    return bool(_BASELINE_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))


# A mark a reading is compared with ("198.6 today, under 200!", "finally below 80", "sub 60 hrv
# no more"): a milestone, no reading of its own (a reading said only so is read by its reader)
_MILESTONE_BEFORE = re.compile(
    r"\b(?:under|below|sub|over|above|broke|breaking|past)\s*(?:the\s+)?$"
)


def _milestone(text: str, m: re.Match[str]) -> bool:
    return bool(_MILESTONE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]))


def filed_day(text: str, entries: list[Understanding], today: date) -> re.Match[str] | None:
    """The calendar day in ``text`` ("on nov 16 2026", an app export's date) whose numbers are
    the day's: where every entry is filed under that very day (never where another word of
    when dated them: then they are asked about)."""
    day = CALENDAR_DAY.search(text)
    filed = calendar_day(text, today)
    if day is None or filed is None or not entries:
        return None
    return day if all(e.slots.get("date") == filed for e in entries) else None


def account(text: str, entries: list[Understanding], today: date) -> list[str]:
    """The numbers of ``text`` no entry explains, and the entries' values no number gives."""
    forms: list[float] = []
    required: list[tuple[str, list[float]]] = []
    for entry in entries:
        f, r = _forms(entry.intent, entry.slots)
        forms += f
        required += r
    dated = re.search(r"\b(\d+) days? ago\b", text)
    day = filed_day(text, entries, today)
    tokens = [
        m
        for m in NUMBER_TOKEN.finditer(text)
        if not (dated and dated.start() <= m.start() < dated.end())
        and not (day and day.start() <= m.start() < day.end())
        and not _hr_limit(text, m)
        and not _baseline(text, m)
    ]
    if entries and all(e.intent in ("log_weight", "log_daily") for e in entries):
        tokens = [m for m in tokens if not _milestone(text, m) and not around_weight(text, m)]
    meal = any(e.intent == "log_meal" for e in entries)
    if any(e.intent == "log_cardio" for e in entries):  # "elliptical 30 min level 12": a setting
        tokens = [m for m in tokens if not machine_setting(text, m)]
    counted = [
        m
        for m in tokens
        if not foreign_number(text, m)
        and not (meal and _food_amount(text, m))
        and not story_number(text, m)
    ]
    # "got off at 7am, slept 8:30 till 3pm": beside a night read from its own two clock times,
    # another time of day that no sleep or wake word leads to is a moment, not the night's
    if any(e.intent == "log_sleep" and e.slots.get("clock") for e in entries):
        counted = [m for m in counted if not _moment(text, m)]
    # "slept 6 hrs 40 min, woke up at 5 for my 7a shift": a night said by its length only
    elif entries and all(e.intent == "log_sleep" and e.slots.get("duration_s") for e in entries):  # fmt: skip
        counted = [m for m in counted if not _moment(text, m, any_lead=True)]
    # "pre-shift lift 5:30am: ...": a time of day with its minutes is when, not how much (a
    # night's clock times are its length: read above)
    elif not any(e.intent == "log_sleep" for e in entries):
        # (a "meal" of no food, "woke up at 3am ... had gone to bed at 9:45", keeps its times
        # to ask about: only a food's meal has a time of day beside it)
        meals = bool(entries) and all(e.intent == "log_meal" for e in entries)
        clock = _CLOCK_TIME if not meals or food_words().search(text) else _CLOCK_TIME_MINUTES
        counted = [m for m in counted if not clock.match(text, _clock_start(text, m))]
        if meals and food_words().search(text):
            counted = [m for m in counted if not _MEAL_TIME.match(text, _clock_start(text, m))]
        # (only the first meal said: "skipped breakfast, lunch at 1 ..." is no breakfast's
        # hour, and the meal would be filed under the first word: asked)
        first = re.search(r"\b(?:breakfast|brunch|lunch|dinner|supper|tea|snack)\b", text)
        if meals and first is not None:
            hours = {h.start("h") for h in _MEAL_HOUR.finditer(text) if h.start() == first.start()}
            counted = [m for m in counted if m.start() not in hours]
    # ("woke at 3 and couldn't get back off, maybe 5 hours total, poor. rhr 66": when the
    # night broke, beside other readings too; daily96)
    counted = [m for m in counted if not woken_in_night(text, m, entries)]
    forms += length_said_again(text, entries)  # "12:40 ... alarm at 7, so like 6h20" (daily96)
    # "with 2x20kg": the 2 is the pair of dumbbells, the load is each one's
    pairs = {m.start() for m in re.finditer(PAIR, text)}
    counted = [m for m in counted if m.start() not in pairs]
    # "5x5 @ 70% (max is 300)": the max makes the load (210), it is no figure of its own
    if share := find_share(text):
        counted = [m for m in counted if not any(lo <= m.start() < hi for lo, hi in share.spans)]
    said = [float(m.group(0)) for m in counted]
    said += [share.value] if share else []
    # "3 plates a side": the count makes the whole load (315 lb with the bar, 270 without)
    if plates := plates_said(text, any(e.intent == "log_sets" for e in entries)):
        counted = [m for m in counted if not plates.span[0] <= m.start() < plates.span[1]]
        # ("2 plates a side ..., 20kg plates obviously": the size said is the plates', too)
        sizes = [m.span() for m in PLATE_SIZE.finditer(text)]
        counted = [m for m in counted if not any(lo <= m.start() < hi for lo, hi in sizes)]
        said += [plates.with_bar, plates.without_bar]
    # "for a double", "a single @ 9": reps said as a word
    said += [float(_REP_WORDS[w]) for w in re.findall(r"\b(single|double|triple)s?\b", text)]
    # "sled push 6 lengths", "5 trips of 15 m": runs of a carry or a sled, one rep each
    runs = distance_slugs(default_matcher().records)
    if any(g.get("reps") == 1 and g.get("exercise") in runs for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []):  # fmt: skip
        said += [float(m.group(1)) for m in RUN_COUNT.finditer(text)]
    for laps in LAPS.finditer(text):  # "40 lengths of a 25m pool": both numbers make the distance
        lengths = int(laps.group(1)) * parse_distance_m(f"{laps.group(2)} {laps.group(3)}")
        if any(_same(lengths, f) for f in forms):
            forms += [float(laps.group(1)), float(laps.group(2))]
            said.append(lengths)
    if (pool := pool_said(text)) is not None:  # "25m pool": where, no figure of the log's
        counted = [m for m in counted if not pool.span[0] <= m.start() < pool.span[1]]
        if pool.count and any(_same(pool.count * pool.length_m, f) for f in forms):
            forms.append(float(pool.count))  # "40 lengths ..., 25m pool": the count makes the way
            said.append(pool.count * pool.length_m)
    if (lapped := per_lap_m(text)) and any(_same(lapped[0] * lapped[1], f) for f in forms):
        # "3 times round, a mile a lap": both numbers make the distance
        per = PER_LAP.search(text)
        forms += [float(lapped[0]), float(per.group(1))] if per else []
        said.append(lapped[0] * lapped[1])
    problems = [
        f"I am not sure what {m.group(0)} is here"
        for m in counted
        if not any(_same(float(m.group(0)), f) for f in forms)
    ]
    for label, values in required:
        if not any(_same(number, v) for number in said for v in values):
            problems.append(f"I could not tell where {label} comes from")
    # "weighted dips +10 x 8": a load added to the body's, never a count of sets; no unit
    # said, so asked rather than stored as 10 sets ("squat 5x5 + 2x3" is more sets)
    if any(e.intent == "log_sets" for e in entries) and _ADDED_TO.search(text):
        for added in re.finditer(r"\+\s*(\d+(?:\.\d+)?)\s*[x*×]\s*\d", text):
            problems.append(f"what load is +{added.group(1)}, in kg or lb?")
        # "dips 3x10 +10": a load added after the scheme that no group kept (its 10 would pass
        # as the reps' number): asked, never stored as bodyweight dips
        loads = [g.get("weight_kg") for e in entries for g in e.slots.get("groups") or []]
        for added in re.finditer(r"(?<=\d)\s+\+\s*(\d+(?:\.\d+)?)(?!\s*[x*×.\d])", text):
            value = float(added.group(1))
            if not any(w is not None and any(_same(value, f) for f in (w, w / 0.45359237)) for w in loads):  # fmt: skip
                problems.append(f"what load is +{added.group(1)}, in kg or lb?")
    return problems
