"""Strength sets in a message: sets x reps in every way people write them ("3x8", "3 sets of 8",
"100kg x 5", "8, 7, 6 reps", "pushups 50 50 40", "deads 495 x1"), the load (an added one: "+20",
"with a 10kg plate on the belt"), RIR or RPE of a group of sets, and one exercise shared by sets
written one by one ("squat 100x5, 105x5, 110x3"). The wording is first rewritten into the forms
read here by ``set_words.sets_text`` ("for a double", "5 singles", "db rows 80s", "2x20kg")."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, first_group, has
from fitcoach.assistant.nlu.carries import add_distances, distance_runs
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.food_names import food_words
from fitcoach.assistant.nlu.names import exercise_slug, helped_only
from fitcoach.assistant.nlu.percent_max import share_of_max
from fitcoach.assistant.nlu.quantities import (
    DIST,
    DUR,
    MASS,
    NUM,
    PERCENT_OF_MAX,
    mass_kg,
)
from fitcoach.assistant.nlu.rep_cardio import counted_in_reps
from fitcoach.assistant.nlu.set_words import sets_text
from fitcoach.coach.exercise_names import words
from fitcoach.coach.library import fold_accents

SETS_REPS = (
    # 3x8, 3 x 8, 3*8 (sets x reps); "100kg x 5" is caught by _LOAD_X_REPS first
    re.compile(r"\b(\d{1,2})\s*[x*]\s*(\d{1,3})\b(?!\s*(?:kg|lb|kilo|pound))"),
    re.compile(r"\b(\d{1,2})\s*sets?\s*(?:of|x|at|with)?\s*(\d{1,3})(?:\s*reps?)?\b"),
)
_REPS_SETS = re.compile(r"\b(\d{1,3})\s*reps?\s*(?:for|x|times|,)?\s*(\d{1,2})\s*sets?\b")
_LOAD_X_REPS = re.compile(
    rf"\b({NUM})\s*(kgs?|kilos?|lbs?|pounds?)?\s*(?:x|for)\s*(\d{{1,3}})(?!\s*(?:sets?|rounds?)\b)(?:\s*reps?)?"
    rf"(?:\s*(?:x|for)\s*(\d{{1,2}})(?:\s*sets?)?)?\b"
    # "30 for 20 min", "25 x 400 m": a time or a distance, not reps
    r"(?!\s*(?:mins?|minutes?|secs?|seconds?|s|m|km|mi|miles?|meters?|metres?|yards?|yd|h|hrs?|hours?)\b)"
)
# "225 for 4x12", "+20 kg for 3 x 8": a load, then sets x reps (not 4 reps of 12 sets).
_LOAD_FOR_SETS = re.compile(
    rf"(?<![\d.])\+?({NUM})\s*(kgs?|kilos?|lbs?|pounds?)?\s*for\s*(\d{{1,2}})\s*(?:[x*]|sets?\s*(?:of|x)?)\s*(\d{{1,3}})\b"
    r"(?!\s*(?:kg|lb|kilo|pound))"
)
_REPS_AT = re.compile(
    rf"(\d{{1,2}})\s*(?:reps?\s*)?(?:at|@)\s*({NUM})\s*(kgs?|kilos?|lbs?|pounds?)?"
)
_UNIT_LOAD_REPS = re.compile(rf"({NUM})\s*(kgs?|kilos?|lbs?|pounds?)\s*(?:x\s*|for\s*)?(\d{{1,2}})(?:\s*reps?)?")  # fmt: skip
_ONLY_SETS = re.compile(r"\b(\d{1,2})\s*sets?\b")
_ONLY_REPS = re.compile(r"\b(\d{1,3})\s*(?:reps?|repetitions)\b")
_RIR = re.compile(
    rf"\brir\s*(?:of|was|=|:|@)?\s*({NUM})|\b({NUM})\s*(?:rir|(?:reps? )?in (?:the )?reserve|"
    rf"(?:more )?(?:reps? )?(?:left )?in the tank|(?:more )?reps? left\b(?:\s*(?:on|in|for)?\s*"
    rf"(?:each|every|all)(?: sets?| of them)?)?|more in me\b)"
)
_RPE = re.compile(rf"\brpe\s*(?:of|was|=|:|@)?\s*({NUM})|\b@\s*rpe\s*({NUM})|\b({NUM})\s*rpe\b")
# Units after a number that make it a time or a distance, never a load ("w 1 sec pause")
_NOT_LOAD = r"(?:secs?|seconds?|s|mins?|minutes?|h|hrs?|hours?|m|km|mi|miles?|x)\b"
# (a day named last, "bench 135 3x10 tues", "... weds", "... yday": no word of the name)
_AFTER_LOAD = (
    r"(?:done|today|tdy|yesterday|yday|ytd|this|last|felt|and|then|but|for|on|in|at|"
    r"(?:mon|tues?|wed(?:nes)?|weds|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\b"
)
_WORD_FIRST = {
    "rir": re.compile(rf"\brir\s*(?:of|was|=|:|@|~|about|around|like)?\s*({NUM})"),
    # "rpe ~8", "rpe about 8", "felt like a 7" (an effort out of 10, as lifters rate sets)
    "rpe": re.compile(
        rf"\brpe\s*(?:of|was|=|:|@|~|about|around|like)?\s*({NUM})|"
        r"\bfelt like an? (\d(?:\.5)?|10)\b(?!\s*(?:kgs?|lbs?|/|out))"
    ),
}
# The length of a pause or hold in each rep ("2ct pause bench", "3 sec paused squats", "2s hold")
_PAUSE_COUNT = re.compile(r"(?<![\d.])\d\s*-?\s*(?:ct|count|secs?|seconds?|s)\s+(?=paus|holds?\b)")
# "weighted pullups 4x4 with a 45 plate": one plate of that size held or hung (a bare size, in
# the athlete's unit), never a count of plates
_ONE_BARE_PLATE = re.compile(rf"\b(?:with|using|holding|and)\s+(?:a|one)\s+({NUM})\s*plate\b(?!s)")
# "4 plates a side", "2 plates": a count of plates (their size and the bar's left unsaid);
# with the size said after it ("8 plates (45s)": never a load of 45) or a quarter ("plate and
# a quarter", "2 plates and a quarter": 25s), and "plates only" (a Smith machine's load said
# without its bar): none of it is the name's
PLATE_COUNT = re.compile(
    rf"(?<![\d.])(?:(?:{NUM})\s*plates?\b(?:\s*\(\s*{NUM}s?\s*\))?|\bplates? only\b)"
    rf"(?:(?:\s+(?:and|n|&|\+)\s+a\s+quarter|\s*andaquarter)\b)?"
    r"|(?<![\d.])\b(?:an?\s+|one\s+)?plate(?:\s+(?:and|n|&|\+)\s+a\s+quarter|\s*andaquarter)\b"
)
_AT_LOAD = re.compile(
    rf"(?:@|\bat|\bwith|\busing)\s*({NUM})\b(?!\s*(?:rir|rpe|%|reps?|sets?|plates?|am|pm|:|{_NOT_LOAD}))"
)
# "face pulls 3x15 on 15", "flyes 3 sets of 15 on 12.5 each side", "pin on 70": the load the
# sets were done "on", ending the clause or said of each side (never "on 1 leg", "on 5 hours
# sleep", a date "on 12/3"; a stack's small number is asked about by the reading, as any)
_ON_LOAD = re.compile(
    rf"\bon\s+({NUM})(?![\d./:])(?=\s*(?:$|[,;.!)]|(?:each|per|a|both) (?:sides?|arms?|hands?)\b|"
    r"(?:then|and|today|yesterday|tonight|this)\b))"
)


# Words in brackets that name the equipment or the variant, as tracking apps write them.
_KIT_WORD = re.compile(
    r"\b(?:barbell|bb|dumbbells?|dbs?|cable|machine|smith|kettlebells?|kbs?|bands?|banded|"
    r"assisted|ez|trap|hex|landmine|weighted|bodyweight|bw|incline|decline|seated|standing)\b"
)


def parse_group(chunk: str) -> tuple[dict[str, Any], str]:
    """Sets, reps, load and effort in one chunk, and what is left (the exercise words)."""
    group: dict[str, Any] = {}
    rest = chunk
    # a set alone in its chunk after others: "10 at 205" (reps at a load), "70kg 10"
    if m := _REPS_AT.fullmatch(chunk.strip()):
        return {"reps": int(m.group(1)), "weight_kg": mass_kg(m.group(2), m.group(3))}, ""
    if m := _UNIT_LOAD_REPS.fullmatch(chunk.strip()):
        return {"weight_kg": mass_kg(m.group(1), m.group(2)), "reps": int(m.group(3))}, ""
    # "5x5 @ 70% (max is 300)": the share of a stated max is the load; no unit-bearing load
    # beside it (a load said outright wins)
    share, left_over = share_of_max(rest)
    if share is not None and not MASS.search(left_over):
        group["weight_kg"], rest = share, left_over
    rest = PERCENT_OF_MAX.sub(" ", rest)  # "5x5 @ 80%": no load said (asked), not 80 kg
    rest = _PAUSE_COUNT.sub(" ", rest)  # "2ct pause bench": the pause's count, no figure
    for key, pattern in (("rir", _RIR), ("rpe", _RPE)):
        # "345 x 2 rpe 9": the word before its number wins over a number before the word
        if m := _WORD_FIRST[key].search(rest) or pattern.search(rest):
            group[key] = float(first_group(m))
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _LOAD_FOR_SETS.search(rest):
        group["weight_kg"] = mass_kg(m.group(1), m.group(2))
        group["sets"], group["reps"] = int(m.group(3)), int(m.group(4))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    m = None if "reps" in group else _LOAD_X_REPS.search(rest)
    # (a load below 20 needs its unit, or "@" before it: "zzdb @ 7.5 for 12", a plural load)
    if m and (m.group(2) or float(m.group(1)) > 20 or rest[: m.start()].rstrip().endswith("@")):
        group["weight_kg"] = mass_kg(m.group(1), m.group(2))
        group["reps"] = int(m.group(3))
        if m.group(4):  # else the sets may be said apart ("140x10, 2 sets"); one by default
            group["sets"] = int(m.group(4))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "reps" not in group:
        if m := _REPS_SETS.search(rest):
            group["reps"], group["sets"] = int(m.group(1)), int(m.group(2))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        else:
            for pattern in SETS_REPS:
                if m := pattern.search(rest):
                    group["sets"], group["reps"] = int(m.group(1)), int(m.group(2))
                    rest = rest[: m.start()] + " " + rest[m.end() :]
                    break
    if "sets" not in group and (m := _ONLY_SETS.search(rest)):
        group["sets"] = int(m.group(1))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "reps" not in group and (m := _ONLY_REPS.search(rest)):
        group["reps"] = int(m.group(1))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "weight_kg" not in group:
        if m := MASS.search(rest):
            group["weight_kg"] = mass_kg(m.group(1), m.group(2))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        elif (m := _AT_LOAD.search(rest)) or ("reps" in group and (m := _ON_LOAD.search(rest))) or (m := _ONE_BARE_PLATE.search(rest)):  # fmt: skip
            group["weight_kg"] = mass_kg(m.group(1), None)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    # "405 x 1 @ 9", "200 kg single @ 8.5": an effort after a set's load and reps is its RPE
    at = re.search(r"@\s*(\d(?:\.5)?|10)(?![\d.])(?!\s*(?:kgs?|kilos?|lbs?|pounds?)\b)", rest)
    if at and "weight_kg" in group and "reps" in group and "rpe" not in group and "rir" not in group:  # fmt: skip
        group["rpe"] = float(at.group(1))
        rest = rest[: at.start()] + " " + rest[at.end() :]
    # "squat 3x5 140", "bench 185 3x5 @ rpe 8", "5x5 squat 120 done": the one number left
    # beside the sets, of a load's size, is the load (kg or lb: the athlete's unit)
    # (not a count before a word: "100 push ups in 5 sets of 20")
    left = list(re.finditer(rf"(?<![\d.])({NUM})(?![\d.])(?!\s*{_NOT_LOAD})(?!\s*(?!{_AFTER_LOAD})[a-z])", rest))  # fmt: skip
    # (or a figure in halves or quarters of any size: "face pulls 3x15, 12.5", never reps)
    if "weight_kg" not in group and "reps" in group and len(left) == 1 and _load_sized(left[0].group(1)):  # fmt: skip
        group["weight_kg"] = mass_kg(left[0].group(1), None)
        rest = rest[: left[0].start()] + " " + rest[left[0].end() :]
    # "bw", "bodyweight", "no weight", "with no added load": the body is the load
    no_load = r"\bbody ?weight\b|\bbw\b|\b(?:with )?no (?:added |extra )?(?:weight|load)\b|\bun(?:loaded|weighted)\b(?! (?:the|a|an|my|some|\d))"
    if has(no_load, rest) and "weight_kg" not in group:
        group["bodyweight"] = True
        rest = re.sub(no_load, " ", rest)
    # "4 plates a side", "with 2 plates": a count of plates, no load in kg or lb and no part of
    # the name (the reading asks for the load; the count stays for the accounting to ask about)
    rest = PLATE_COUNT.sub(" ", rest)
    rest = re.sub(r"\b(?:each|per|a|both) (?:leg|arm|side|hand)s?\b", " ", rest)
    # What an older adult or someone in rehab holds for balance, or sits on, while doing it
    # ("holding the back of the chair", "holding the banister", "from the dining chair, no
    # hands"): support, never part of the name ("chair dips", "wall sit" keep theirs)
    rest = _SUPPORT.sub(" ", rest)
    # when and where the sets were done, said before a colon ("gym after rugby:", "post-match
    # weights:", "before hockey practice:"): another activity named there is no part of the name
    rest = _LEAD_IN.sub(" ", rest)
    # what a load added to the body hangs from or is worn as ("chin ups 3x8 with a 10kg belt",
    # "dips in a 10 kg vest"): the load's, never the name's ("belt squat" keeps its belt)
    rest = re.sub(
        r"\b(?:with|wearing|using|on|in)\s+(?:a|an|the|my)?\s*(?:dip(?:ping)?\s+|weight(?:ed)?\s+|weight lifting\s+)?"
        r"(?:belt|vest|chains?)\b",
        " ",
        rest,
    )
    # "(no belt)", "(paused)": said about the sets; "(Cable)", "(Assisted)": the name's own
    rest = re.sub(
        r"\(([^)]*)\)", lambda m: m.group(1) if _KIT_WORD.search(m.group(1)) else " ", rest
    )
    rest = re.sub(r"\b(?:like|about|around|roughly|approx|maybe|prob|probably)\b", " ", rest)
    rest = re.sub(
        r"\b(i|i've|ive|did|done|do|just|finished|completed|got|hit|managed|today|yesterday|"
        r"this|morning|evening|tonight|last night|at|of|for|(?<!quad )sets?|reps?|on|the|my|and|then|"
        # ("side" only in "each side", above: "side lunges" are no lunges)
        r"each|per|all|also|plus|with|was|were|went|x|easy|hard|heavy|light|"
        r"felt|good(?! mornings?)|great|solid|working|work|a|an|of|them|total|pr|new|lol|ok|okay|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+ days? ago|lifted|forgot|"
        # ("log" of the strongman's Log Press is the implement: "log press 5x1", "log clean")
        r"log(?= (?!press|clean|push))|logged|trained|training|gym|"
        # ("straight across", never the name's: "straight leg raise", "straight arm pulldown")
        r"straight(?! (?:leg|arm|bar))|across|@|in|it|that|those|these|holding|using|carrying|bodyweight|"
        # a set's role, not the exercise: "back off 3x5", "top set 225x3", "amrap at 335"
        r"back ?-?offs?|backoffs?|top|amrap|warm ?-?ups?|warmups?|every|lol|haha|only|so|some|after|am|slow\w*|controlled|rough|tough|brutal|ngl|tbh|does|"
        r"drop(?:ped)? (?:down )?to|down to|smooth|too|fast|still|team|lmao|bro|tues?|wed|thu|"
        r"thurs|fri|last week|worked up to|to finish|that's it|opener|nearly|failed)\b",
        " ",
        rest,
    )
    rest = re.sub(r"[^a-z' -]", " ", fold_accents(rest))
    words = re.sub(r"\s+", " ", rest).strip(" -'")
    # "shrugs w 100s dbs": the implement after the load names the kit ("db shrugs")
    return group, _with_kit(words)


def _load_sized(figure: str) -> bool:
    """A number left beside sets that is a load: 20 or more, or a fraction of a plate's step
    (2.5, 12.5, 17.5: no count of reps or sets is a fraction)."""
    value = float(figure)
    return value >= 20 or (value >= 1 and value != int(value) and (value * 4) == int(value * 4))


# "pin on 70", "the pin at 45", "on 40": a load alone in its own clause
# (a small whole figure after "on" or "at" alone may be a clock's: "..., at 6": only a pin's)
LOAD_ALONE = re.compile(
    rf"(?:(?P<pin>(?:the\s+|with\s+the\s+)?(?:pin|stack)\s+(?:on|at|in))|on|at|@)\s*({NUM})"
)


def _load_after_sets(ctx: Ctx, group: dict[str, Any], chunk: str, *, any_size: bool = False) -> bool:  # fmt: skip
    """A number alone after sets with no load, of a load's size (any, where ``any_size``: the
    pin was put on it), where the exercise takes a load (kit that holds kilos): that
    load ("pushups 3x20, 15" stays a question)."""
    if not re.fullmatch(rf"\s*{NUM}\s*", chunk) or not (any_size or _load_sized(chunk.strip())):
        return False
    if "reps" not in group or group.get("weight_kg") is not None or group.get("bodyweight"):
        return False
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    kit = set(record.equipment) if record is not None else set()
    return bool(kit & LOADED - {"resistance_band", "squat_rack"})


# (or the time of day before a dash or colon: "yesterday at lunch - incline db bench 4x8")
_LEAD_IN = re.compile(
    r"^[^:\d]{0,40}\b(?:after|post|before|pre)\b[^:\d]{0,40}:\s"
    r"|^\s*(?:(?:yesterday|today|tonight|earlier)\s+)?(?:(?:at|during|on|over|in)\s+)?(?:my\s+|the\s+)?(?:lunch(?:\s*(?:break|time|hour))?|noon|midday|"
    r"(?:this\s+)?(?:morning|evening|afternoon)|work)\s*[-–—:]\s"
)
_SUPPORT = re.compile(
    r"\b(?:holding|hanging|leaning|hands) (?:on(?:to| to)? )?(?:to )?(?:the |a |my |her |his )?"
    r"(?:back of (?:the |a |my )?)?(?:kitchen |dining )?(?:chairs?|banisters?|bannisters?|rails?|"
    r"railings?|handrails?|counter|worktop|sink|table|frame|walker|zimmer(?: frame)?|sofa|"
    r"couch|stick|cane)\b|"
    r"\bfrom (?:the |a |my |her |his )?(?:kitchen |dining |arm ?|wheel ?)?chair\b|\bno hands\b|"
    # a resistance band's colour is its strength, not a name ("pull aparts with the green band")
    r"\bwith (?:the |a |my )?(?:green|red|blue|yellow|black|purple|orange|pink|grey|gray|"
    r"light|medium|heavy)(?: resistance)? band\b"
)
_KIT_NAME = re.compile(r"\b(?:dbs?|dumb ?bells?|kbs?|kettle ?bells?|goblet)\b")


def _with_kit(words: str) -> str:
    """The name with the implement a load was said with ("zzdb": "incline bench 3x8 25s" is
    done with dumbbells): first, as names are written, unless the name says one already."""
    kit = re.search(r"\bzz(db|kb)\b", words)
    if kit is None:
        return words
    name = re.sub(r"\s*\bzz(?:db|kb)\b", "", words).strip()
    return name if not name or _KIT_NAME.search(name) else f"{kit.group(1)} {name}"


def _in_reps(ctx: Ctx, slug: str) -> bool:
    """Whether an exercise's sets are reps: not cardio, unless burpees and the like."""
    return ctx.exercises.category(slug) != "cardio" or counted_in_reps(ctx.exercises, slug)


def _bare_reps(ctx: Ctx) -> Result:
    """ "25 pushups", "did 12 pull ups": a number of reps of a (non-cardio) exercise."""
    m = re.fullmatch(
        r"(?:i )?(?:just )?(?:did|done|finished|hit|got)?\s*(\d{1,3})\s+([a-z][a-z' -]{2,})[.!]*",
        ctx.text,
    )
    if m is None or DIST.search(ctx.text) or DUR.search(ctx.text):
        return None
    found = ctx.exercises.match(m.group(2))
    if found is None or not _in_reps(ctx, found.slug):
        return None
    group = {"exercise": found.slug, "sets": 1, "reps": int(m.group(1))}
    return "log_sets", {"groups": [group], "date": ctx.today}, []


# "pull ups: 8, 7, 6, 6", "dips 12/10/9", "incline bench 3 sets: 12, 10, 8 reps at 50 kg":
# an exercise, then the reps of each set (a load for all of them may follow).
_REPS_LIST = re.compile(
    # (a comma may set the name off as a colon does: "press-ups, 12, 10 and 8")
    r"^(?:i )?(?:just )?(?:did |done |finished )?(?P<name>[a-z][a-z'() -]*?)\s*[:\-—,]?\s*"
    # "3 sets:", "3 sets of max:", "2x failure (14, 11)": the count of the sets listed
    r"(?:(?P<sets>\d{1,2})\s*(?:sets?\s*(?:of\s*)?(?:max|to failure|failure|amrap)?|"
    r"x\s*(?:max|failure|amrap))\s*(?:bw\s*|body ?weight\s*)?[:\-—(]?\s*)?"
    # "pull-ups plus 10kg: 5,5,4" (sets_text's "with a 10kg plate on the belt")
    rf"(?:plus\s*(?P<added0>{NUM})\s*(?P<aunit0>kgs?|kilos?|lbs?|pounds?)\s*[:\-]?\s*)?"
    # "bench: 70kg x 8, 8, 7", "OHP 50kg 5/5/4/4": one load first, then each set's reps
    rf"(?:(?=zz|@|\bat\b|{NUM}(?![\d.])\s*(?:kgs?|kilos?|lbs?|pounds?|x|for\b|:))(?P<kit>zz(?:db|kb)\s*)?"
    rf"(?P<at>(?:@|\bat\b)\s*)?(?P<load0>{NUM})(?![\d.])\s*(?P<unit0>kgs?|kilos?|lbs?|pounds?)?\s*"
    r"(?P<kit2>zz(?:db|kb)\s*)?(?P<by>x|for|:|[-—](?=\s*\d)|,(?=\s*\d))?\s*)?"
    # "8, 7, 6", "12/10/9", "50 50 40"
    r"(?P<list>\d{1,3}(?:\s*[,/]\s*(?:and\s*)?\d{1,3}(?![\d.]*\s*(?:kgs?|kilos?|lbs?|pounds?)\b)|\s+and\s+\d{1,3}|\s+\d{1,3})+)\s*\)?\s*(?:reps?)?"
    # ("shoulder press, 10 10 8, 20kg": after a comma, a load with its unit only)
    rf"(?:\s*(?:[-—]|(?P<comma>,)(?=\s*{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)\b))?\s*(?:(?P<kit1>zz(?:db|kb))\s*|(?:at|@|with|using)\s*)*(?P<load>{NUM})\s*(?P<unit>kgs?|kilos?|lbs?|pounds?)?"
    r"(?:\s*(?P<kit3>zz(?:db|kb)))?)?"
    # "(added a 10lb plate to belt)", "plus 20 kg": a load added to the body's
    rf"(?:\s*\(?\s*(?:with |w )?(?:added|adding|plus|\+)\s*(?:an? )?(?P<added>{NUM})\s*"
    r"(?P<aunit>kgs?|kilos?|lbs?|pounds?)\b[a-z ]*\)?)?"
    # "no added weight", "bodyweight": said of the load, which the body is
    r"(?P<bw>\s*,?\s*(?:(?:with )?no (?:added |extra )?(?:weight|load)|body ?weight|bw|unweighted|"
    r"just (?:my )?body ?weight))?"
    # "pull ups 10, 8, 7 today", "push ups 20 15 12 between meetings": words of when or where
    # after the list (``_TAIL_OK`` judges them)
    r"(?P<tail>(?:\s*,?\s+[a-z][a-z' ]*)?)"
    r"\s*[.!]*$"
)


# "5/5/5 225", "8, 8, 6 60": a list written with slashes or commas, then one number after a space
_LOAD_AFTER_LIST = re.compile(r"(?P<head>\d{1,2}(?:\s*[,/]\s*\d{1,2})+)\s+(?P<load>\d{2,3})")


# Words a list's tail may not hold: how the sets were done ("each leg", "with a band"), more
# to log ("and", "then"), or a load.
_TAIL_WORDS_NOT = frozenset(
    [
        "each",
        "per",
        "both",
        "side",
        "sides",
        "leg",
        "legs",
        "arm",
        "arms",
        "hand",
        "hands",
        "kg",
        "kgs",
        "kilo",
        "kilos",
        "lb",
        "lbs",
        "pound",
        "pounds",
        "x",
        "rep",
        "reps",
        "set",
        "sets",
        "added",
        "plus",
        "weight",
        "weighted",
        "bodyweight",
        "bw",
        "and",
        "then",
        "also",
        "after",
        "that",
        "with",
        "without",
        "using",
        "band",
        "assisted",
    ]
)


def _tail_ok(ctx: Ctx, tail: str) -> bool:
    """Whether the words after a list of reps only say when or where ("today", "before my
    shift", "at the end of my walk"): a few words, none of an exercise's name, no food."""
    said = re.findall(r"[a-z][a-z']*", tail)
    if not said:
        return True
    if len(said) > 6 or food_words().search(tail):
        return False
    return not any(
        w in _TAIL_WORDS_NOT or w in ctx.exercises.vocabulary for w in (*said, *words(tail))
    )


# Equipment that carries a load of its own (an exercise without any is done with body weight).
LOADED = frozenset(
    {"barbell", "dumbbell", "kettlebell", "cable", "machine", "ez_bar", "trap_bar",
     "smith_machine", "medicine_ball", "sled", "landmine", "resistance_band", "squat_rack"}
)  # fmt: skip


_SYMBOL = frozenset({"So", "Sk", "Cf", "Cs", "Mn"})


# "8,6,6,5 on pull ups", "3/3/3/3/3 deadlift at 245 pounds": the reps of each set before the
# name (three sets at least: "10/11" may be a date), read as the name then the reps
_LIST_FIRST = re.compile(
    r"^(?P<list>\d{1,3}(?:\s*[,/]\s*\d{1,3}){2,}|\d{1,3}(?:\s+\d{1,3}){2,})\s+(?:on\s+(?:the\s+)?)?"
    r"(?P<name>[a-z][a-z' -]*?)\s*(?P<rest>(?:\bat\b|@|\bwith\b).*)?$"
)


# Where the sets were done, said between the name and the list ("at the masters gym", "in the
# garage", "at home"): no part of the name
_PLACE_AFTER_NAME = re.compile(
    r"\s+(?:at|in)\s+(?:the\s+|my\s+|our\s+|a\s+)?(?:[a-z']+\s+){0,3}(?:gym|club|garage|home|house|park|centre|center|hall|class|studio|leisure centre)\s*$|"
    # a room of the house ("pull ups on the bar in the doorway", "in the living room"): where,
    # never a variant of the movement (a wall, a chair or a step may be one: kept)
    r"(?:\s+on\s+(?:the|a|my)\s+bar)?\s+(?:in|at)\s+(?:the\s+|my\s+|our\s+)?(?:doorway|door\s*frame|living\s+room|lounge|kitchen|garden|back\s+garden|hallway|bedroom)\s*$"
)


def without_place(name: str) -> str:
    """An exercise's name said with where it was done ("pull-ups at the club gym"), less the
    place."""
    place = _PLACE_AFTER_NAME.search(name)
    return name[: place.start()] if place else name


def reps_list(ctx: Ctx) -> Result:
    # "push ups: 20, 15, 12, 10 😮‍💨": emoji and other symbols say nothing of the sets
    text = "".join(" " if unicodedata.category(c) in _SYMBOL else c for c in ctx.text)
    if first := _LIST_FIRST.match(text.strip()):
        text = f"{first.group('name')} {first.group('list')} {first.group('rest') or ''}"
    # (the comma a session's time leaves where it was taken out: "... 10, 9. ,")
    m = _REPS_LIST.match(sets_text(text).strip(" ,;."))
    if m is None or not _tail_ok(ctx, m.group("tail")):
        return None
    name = re.sub(r"\b(the|my|on)\b|[()]", " ", m.group("name")).strip()
    kit = m.group("kit") or m.group("kit2") or m.group("kit1") or m.group("kit3") or ""
    found = ctx.exercises.match(_with_kit(f"{name} {kit}".strip()))
    if found is None and (bare := without_place(m.group("name"))) != m.group("name"):
        # "pull-ups at the club gym: 6, 5, 5": the name before where it was done
        name = re.sub(r"\b(the|my|on)\b|[()]", " ", bare).strip()
        found = ctx.exercises.match(_with_kit(f"{name} {kit}".strip()))
    if found is None or not _in_reps(ctx, found.slug):
        return None
    # A load before the list needs a unit or an "x" ("squat 100 5/5" is unclear).
    if m.group("load0") and (m.group("load") or not (m.group("unit0") or m.group("by") or m.group("at"))):  # fmt: skip
        return None
    # "bench 3x5 80, 5": a load without its unit is of a load's size ("100 x 5, 5, 5")
    small = m.group("load0") and float(m.group("load0")) < 20
    if small and not (m.group("unit0") or m.group("at") or m.group("kit") or m.group("kit2")):
        return None
    if m.group("comma") and "," in m.group("list"):
        return None  # "dips 10, 10, 10kg": a third set, or the load? (asked)
    if m.group("bw") and (m.group("load0") or m.group("load")):
        return None  # a load and "no added weight": unclear
    reps = [int(r) for r in re.findall(r"\d+", m.group("list"))]
    # "squats 5/5/5 225": reps written with slashes or commas, then a load set off by a space
    # only (of a load's size, on an exercise that takes one): the load of every set
    trailing = None
    if (last := _LOAD_AFTER_LIST.fullmatch(m.group("list"))) and not (m.group("load0") or m.group("load") or m.group("added") or m.group("added0") or m.group("bw")):  # fmt: skip
        record = next(r for r in ctx.exercises.records if r.slug == found.slug)
        if int(last.group("load")) >= 20 and set(record.equipment) & LOADED - {"resistance_band", "squat_rack"}:  # fmt: skip
            trailing = mass_kg(last.group("load"), None)
            reps = [int(r) for r in re.findall(r"\d+", last.group("head"))]
    # "50 50 40", "12 10 8 6": reps written apart by spaces only, where nothing marks them as
    # reps, are read so when they cannot be a load ("bench 185 8 8") and not "3 20" (3 sets?)
    spaced = trailing is None and re.search(r"\d\s+\d", m.group("list")) is not None
    if spaced and re.search(r"[,/]", m.group("list")):
        return None  # "5 80, 5": a list is written one way
    if spaced and (max(reps) > 100 or (len(reps) < 3 and reps != sorted(reps, reverse=True))):
        return None
    added, aunit = m.group("added") or m.group("added0"), m.group("aunit") or m.group("aunit0")
    if added and (m.group("load0") or m.group("load") or m.group("bw")):
        return None
    if m.group("added") and m.group("added0"):
        return None
    if m.group("sets") and int(m.group("sets")) != len(reps):
        return None  # "3 sets: 12, 10" does not add up; let the general parser try
    load = trailing
    if added:
        load = mass_kg(added, aunit)
    elif m.group("load0"):
        load = mass_kg(m.group("load0"), m.group("unit0"))
    elif m.group("load"):
        if (
            not (m.group("unit") or m.group("kit1") or m.group("kit3"))
            and float(m.group("load")) < 20
        ):
            return None
        load = mass_kg(m.group("load"), m.group("unit"))
    record = next(r for r in ctx.exercises.records if r.slug == found.slug)
    bodyweight = load is None and (bool(m.group("bw")) or not set(record.equipment) & LOADED)
    groups = []
    for count in reps:
        group: dict[str, Any] = {"exercise": found.slug, "sets": 1, "reps": count}
        if load is not None:
            group["weight_kg"] = load
        elif bodyweight:  # pull-ups, dips, push-ups: the body is the load
            group["bodyweight"] = True
        groups.append(group)
    return "log_sets", {"groups": groups, **(date_slots(ctx.text, ctx.today) or {"date": ctx.today})}, []  # fmt: skip


def log_sets(ctx: Ctx) -> Result:
    # "farmer's carry 4 x 40 m", "yoke 4 runs of 20m": runs of a distance are sets of one rep
    t, distances = distance_runs(ctx, sets_text(ctx.text))
    if not (
        any(p.search(t) for p in SETS_REPS)
        or _REPS_SETS.search(t)
        or _ONLY_REPS.search(t)
        or _ONLY_SETS.search(t)
        or (_LOAD_X_REPS.search(t) and MASS.search(t))
        # "deads 495 x1", "bench: 185x10": a load without a unit is read above 20 (below it
        # "5 x 5" is sets x reps); the accounting and the unit checks still judge it
        or any(float(m.group(1)) > 20 for m in _LOAD_X_REPS.finditer(t))
        or re.search(rf"@\s*{NUM}\s*(?:x|for)\s*\d", t)  # "zzdb @ 7.5 for 12": a plural load
    ):
        return _bare_reps(ctx)
    chunks = re.split(
        r"[,;/\n]|\+(?!\d)|\band then\b|\bthen\b|\bafter that\b|\band\b(?=\s*\d)|\.\s", t
    )
    groups: list[dict[str, Any]] = []
    problems: list[str] = []
    pending_name = ""
    pending: dict[str, Any] = {}  # a load or an effort said before the sets ("bench 80 kilos, 4x6")
    said: list[tuple[dict[str, Any], str]] = []  # each group and the name it was given
    for chunk in chunks:
        group, words = parse_group(chunk)
        starts_group = "sets" in group or "reps" in group
        last = groups[-1] if groups else None
        if starts_group and not words and last is not None and not set(group) & set(last):
            # One set's parts said one by one ("3 sets, 10 reps, 60 kg"): they complete the last
            # group, which has none of them yet, rather than start one without a name.
            last.update(group)
        elif starts_group:
            name = words or pending_name
            pending_name = ""
            group["exercise"] = exercise_slug(ctx, name, problems) if name else None
            said.append((group, name))
            for key, value in pending.items():
                group.setdefault(key, value)
            pending = {}
            groups.append(group)
        elif last is not None and (alone := LOAD_ALONE.fullmatch(chunk.strip())) and _load_after_sets(ctx, last, alone.group(2), any_size=bool(alone.group("pin"))):  # fmt: skip
            # "..., 3 rounds of 10, pin on 70", "..., on 40": the load of the sets before it (a
            # pin's small number is asked about by the reading, as any small one on a stack)
            last["weight_kg"] = mass_kg(alone.group(2), None)
        elif not group and not words and last is not None and _load_after_sets(ctx, last, chunk):
            # "face pulls 3x15, 12.5", "bench 3x8, 60": the load of the sets before it
            last["weight_kg"] = mass_kg(chunk.strip(), None)
        elif not group and not words and re.fullmatch(rf"\s*{NUM}\s*", chunk):
            # a number alone that no list took ("squat 100 x 5, 5, 5" read apart): never
            # dropped in silence, where the accounting would find it said elsewhere
            problems.append(f"I am not sure what {chunk.strip()} is here")
        elif groups and (group or not words):
            for key, value in group.items():
                groups[-1].setdefault(key, value)
            if words and groups[-1]["exercise"] is None:
                groups[-1]["exercise"] = exercise_slug(ctx, words, problems)
                said.append((groups[-1], words))
        elif words:
            if groups and groups[-1]["exercise"] is None:
                groups[-1]["exercise"] = exercise_slug(ctx, words, problems)
                said.append((groups[-1], words))
            else:
                pending_name = words
            for key, value in group.items():
                if groups:
                    groups[-1].setdefault(key, value)
                else:
                    pending[key] = value
        else:  # "60s" between the name and the sets: a load for the sets that follow
            pending.update(group)
    if not groups:
        return None
    share_exercise(groups, problems)
    add_distances(ctx, groups, distances)
    held_plate = _HELD_PLATE.search(ctx.text) is not None
    for group, name in said:
        # "assisted pistol squats 3x5, 10 kg": the load is the help, which no entry holds
        if group.get("weight_kg") is not None and (plain := helped_only(ctx, name)):
            problems.append(
                f"I have no assisted {plain} to log: was {group['weight_kg']:g} kg the "
                f"assistance? Log it as {plain} with no load, or as something else?"
            )
        # "front raise with a 10 kg plate": one plate held is no pair of dumbbells
        elif held_plate and group.get("exercise") and _dumbbells_only(ctx, group["exercise"]):
            shown = ctx.exercises.names([group["exercise"]])[0]
            problems.append(
                f"I have no plate version of {shown}: log it as {shown} (the load per "
                "dumbbell), or as something else?"
            )
    for group in groups:
        group.setdefault("sets", 1)
        if group.get("exercise") is None and not any("exercise" in p for p in problems):
            problems.append("which exercise? I could not find an exercise name")
        if "reps" not in group and "how many reps?" not in problems:
            problems.append("how many reps?")
    slots: Slots = {"groups": groups, **(date_slots(t, ctx.today) or {"date": ctx.today})}
    return "log_sets", slots, problems


# "with a 10 kg plate", "45 lb plate": one plate held (a count of plates is PLATE_COUNT's)
_HELD_PLATE = re.compile(rf"(?:{NUM})\s*(?:kgs?|kilos?|lbs?|pounds?)\s*plate\b(?!s)")


def _dumbbells_only(ctx: Ctx, slug: str) -> bool:
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    return record is not None and list(record.equipment) == ["dumbbell"]


def share_exercise(groups: list[dict[str, Any]], problems: list[str]) -> None:
    """Sets written one by one ("squat 100x5, 105x5, 110x3", "80x10, 80x9 on the leg press")
    name the exercise once: a set without a name takes the one before it, else the one after."""
    # A name that is unknown or ambiguous ("which exercise is 'rows'? ...") is no gap to fill.
    if any(p.startswith(("unknown exercise", "which exercise is")) for p in problems):
        return
    last = None
    for group in groups:
        if group.get("exercise") is None:
            group["exercise"] = last
        last = group["exercise"]
    following = None
    for group in reversed(groups):
        if group["exercise"] is None:
            group["exercise"] = following
        following = group["exercise"]
