"""Body measurements in chat: "waist 84 cm, hips 98", "left arm 35.5 and right arm 36 yesterday",
"body fat 18 %", "how has my waist changed?", "how do I measure my hips?".

A message is read as measurements only when all of it is measurements (sites with numbers,
a day, a few filler words): anything else in it ("waist 84 and squats 3x5") leaves it to the
rest of the assistant. The numbers are passed on as typed ("84 cm", "98") to the
``log_measurements`` tool, so the one unit parser reads them (a bare number is in the
athlete's unit, cm or in) and the one validator refuses what a tape cannot read, with the
range. A limb without its side ("arm 35") is asked about, and nothing is stored.

``measurement_reply`` is the assistant's hook: the answer, or None when the message is not
about measurements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fitcoach.assistant.nlu import find_dates, normalise
from fitcoach.assistant.registry import ToolResult
from fitcoach.coach.measurements import BODY_FAT, BY_KEY, SITES

# What people call each site; a limb takes a side ("left arm", "arm right", "l arm").
_NAMES: dict[str, tuple[str, ...]] = {
    "neck": ("neck",),
    "shoulders": ("shoulders", "shoulder"),
    "chest": ("chest", "bust"),
    "waist": ("waist", "waistline", "abdomen", "belly"),
    "hips": ("hips", "hip", "glutes"),
    "upper_arm": ("upper arm", "arm", "arms", "biceps", "bicep", "bi"),
    "forearm": ("forearm", "forearms"),
    "thigh": ("thigh", "thighs", "quads", "quad"),
    "calf": ("calf", "calves"),
    BODY_FAT: ("body fat", "bodyfat", "body-fat", "bf"),
}
_LIMBS = ("upper_arm", "forearm", "thigh", "calf")
_WORD_TO_SITE = {word: site for site, words in _NAMES.items() for word in words}
_SITE_WORDS = "|".join(sorted((re.escape(w) for w in _WORD_TO_SITE), key=len, reverse=True))
_SIDE = r"(?:left|right|l|r)"
_NUMBER = r"\d+(?:\.\d+)?"
_UNIT = r"(?:cm|centimet(?:er|re)s?|mm|in|inch(?:es)?|\"|%|percent|pct)"
# One reading: [side] site [side] [is/was/:/=/at] number [unit].
_CLAUSE = re.compile(
    rf"(?<![\w.])(?:(?P<side>{_SIDE})\s+)?(?:my\s+)?(?P<site>{_SITE_WORDS})"
    rf"(?:\s+(?P<side_after>{_SIDE}))?(?:\s+(?:circumference|measurement|girth))?"
    rf"\s*(?:is|was|:|=|at|of)?\s*(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})?(?![\w.])"
)
# "waist this morning: measured 34", "checked my waist, measured 86 cm": the site named, then
# its figure after "measured" (misc18): read as "waist 34".
_MEASURED_LATER = re.compile(
    rf"(?<![\w.])(?P<site>{_SITE_WORDS})\b(?P<mid>[^\d?]{{0,30}}?)\b(?:measured|measures|measuring|taped)"
    rf"(?: (?:at|in at|out at))?\s*(?P<number>{_NUMBER}\s*{_UNIT}?)(?![\w.])"
)
# What may stand around the readings: joining words, a day, a lead-in.
_FILLER = re.compile(
    r"\b(?:(?:on|per|from|says?|said|by) (?:the |my )?(?:smart )?scales?|and|my|measurements?|measured|tape|today|this morning|this evening|tonight|"
    r"checked|check|took|did|with the tape|"
    r"yesterday|last night|day before yesterday|\d+ days? ago|on|last|"
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|log|logged|new|were|are|is|now|both|"
    r"\d{4}-\d{2}-\d{2})\b|[,;:.!\n\-()]"
)
# "thighs left 58 right 57": one limb named once with both sides, read as two readings.
_LIMB_WORDS = "|".join(
    re.escape(w)
    for w in sorted(
        (w for w, site in _WORD_TO_SITE.items() if site in _LIMBS), key=len, reverse=True
    )
)
_BOTH_SIDES = re.compile(
    rf"\b(?P<site>{_LIMB_WORDS})\s+(?P<first>left|right|l|r)\s+(?P<a>{_NUMBER}\s*{_UNIT}?)"
    rf"\s*,?\s*(?:and\s+)?(?P<second>left|right|l|r)\s+(?P<b>{_NUMBER}\s*{_UNIT}?)(?![\w.])"
)
# "calves 38 each", "arms 15 both", "both thighs 58": one figure for the two sides, read as two
_EACH_SIDE = re.compile(
    rf"\b(?:both\s+(?P<site_first>{_LIMB_WORDS})\s+(?P<n_first>{_NUMBER}\s*{_UNIT}?)|"
    rf"(?P<site>{_LIMB_WORDS})\s+(?P<n>{_NUMBER}\s*{_UNIT}?)\s*(?:each(?: side| one)?|both(?: sides)?|"
    rf"(?:on )?both sides|(?:left|l) (?:and|&) (?:right|r)))(?![\w.])"
)


def _with_unit(first: str, second: str) -> str:
    """The first side's figure with the unit written once after the second ("l 58 r 59 cm")."""
    unit = re.sub(rf"^{_NUMBER}\s*", "", second)
    return first if re.search(r"\D$", first.strip()) or not unit else f"{first.strip()} {unit}"


def _each_side(m: re.Match[str]) -> str:
    site, number = m["site"] or m["site_first"], m["n"] or m["n_first"]
    return f"left {site} {number}, right {site} {number}"


_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_QUESTION = re.compile(
    r"\b(?:how|what|show|see|trend|trends|changed?|progress|history|lost|gained)\b|\?"
)
# A site's word in an exercise's name ("hip thrusts", "chest press", "calf raises") is no
# question about a measurement.
_IN_A_NAME = (
    r"(?!\s*(?:thrusts?|press(?:es)?|raises?|curls?|extensions?|fl(?:y|ies|yes)|bridges?|"
    r"abduct\w*|adduct\w*|circles?|openers?|flexors?|dips?|rotations?|stretch\w*|hinges?))"
)
_ABOUT = re.compile(rf"\b(?:measurements?|tape|(?:{_SITE_WORDS}){_IN_A_NAME})\b")
_HOW_TO = re.compile(r"\bhow (?:do|should|can|to)\b.*\bmeasure\b|\bwhere (?:do|should) i measure\b")  # fmt: skip


@dataclass
class MeasurementReading:
    """A message read as measurements: the tool's arguments (values as typed), and what is
    unclear (a limb without its side)."""

    arguments: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _field(site: str, side: str | None) -> tuple[str | None, str | None]:
    """The tool's field for a site word and side, or the question to ask."""
    if site == BODY_FAT:
        return "body_fat_pct", None
    if site in _LIMBS:
        if side is None:
            name = BY_KEY[f"{site}_left"].label.removeprefix("left ")
            return None, f"which {name}: say left {name} 35 or right {name} 35.5"
        return f"{site}_{'left' if side.startswith('l') else 'right'}_cm", None
    return f"{site}_cm", None


def read_measurements(text: str, today: date) -> MeasurementReading | None:
    """The measurements a message gives (see the module), or None when it is not all
    measurements. Values stay text with their unit for the tool to read."""
    lowered = _BOTH_SIDES.sub(
        lambda m: (
            f"{m['first']} {m['site']} {_with_unit(m['a'], m['b'])}, {m['second']} {m['site']} {m['b']}"
        ),
        _EACH_SIDE.sub(_each_side, normalise(text)),
    )
    lowered = _MEASURED_LATER.sub(lambda m: f"{m['site']} {m['number']}{m['mid']}", lowered)
    clauses = list(_CLAUSE.finditer(lowered))
    if not clauses:
        return None
    rest = _CLAUSE.sub(" ", lowered)
    if _FILLER.sub(" ", rest).strip():
        return None  # something else is said too: not for this reader
    reading = MeasurementReading()
    for m in clauses:
        site = _WORD_TO_SITE[m["site"]]
        unit = m["unit"] or ""
        if site == BODY_FAT and unit not in ("", "%", "percent", "pct"):
            reading.problems.append(f"body fat is a percentage, not {m['number']} {unit}")
            continue
        if site != BODY_FAT and unit in ("%", "percent", "pct"):
            reading.problems.append(f"{m['site']} is a length (cm or in), not a percentage")
            continue
        name, problem = _field(site, m["side"] or m["side_after"])
        if problem is not None or name is None:
            reading.problems.append(problem or "unclear")
            continue
        if name in reading.arguments:
            reading.problems.append(f"{m['site']} is given twice: give it once")
            continue
        number = m["number"]
        if site == BODY_FAT:
            reading.arguments[name] = float(number)
        else:
            reading.arguments[name] = f"{number} {'in' if unit == chr(34) else unit}".strip()
    iso = _ISO_DAY.search(lowered)
    found = find_dates(lowered, today)
    if iso is not None:
        try:
            reading.arguments["date"] = date.fromisoformat(iso.group(1)).isoformat()
        except ValueError:
            reading.problems.append(f"{iso.group(1)} is not a day; write it like 2026-11-18")
    elif "date" in found:
        reading.arguments["date"] = found["date"].isoformat()
    return reading


def _how_to_measure(lowered: str) -> str | None:
    """Where the tape goes, for the sites a "how do I measure ..." question names."""
    named = [_WORD_TO_SITE[w] for w in re.findall(rf"\b(?:{_SITE_WORDS})\b", lowered)]
    sites = [s for s in SITES if s.key in named or s.key.rsplit("_", 1)[0] in named]
    if not sites:
        sites = [BY_KEY["neck"], BY_KEY["waist"], BY_KEY["hips"]]
    seen: dict[str, str] = {}
    for site in sites:
        seen.setdefault(site.label.removeprefix("left ").removeprefix("right "), site.how)
    lines = [f"- {name}: {how}" for name, how in seen.items()]
    return (
        "Measure with a tape that does not stretch, snug but not pressing the skin, at the "
        "same time of day (morning, before eating, is most repeatable):\n" + "\n".join(lines)
    )


# A figure off the tape with no site named ("tape says 92 cm", "measured 34 this morning"): the
# site is asked, never guessed (nor the figure stored as a body weight). Not beside another
# reading's words (a pulse, a pressure, a weight, a distance, a height or a time measured).
_TAPE = re.compile(
    r"\b(?:tape(?: measure)?|measured|measuring|measurements?|measures|circumference|girth)\b"
)
_FIGURE = re.compile(rf"(?<![\w.])({_NUMBER})\s*(?:{_UNIT})?(?![\w.%])")
_OTHER_READING = re.compile(
    r"\b(?:weigh\w*|weight|scales?|kgs?|kilos?|lbs?|pounds?|st|stones?|heart|hr|bpm|pulse|blood|"
    r"pressure|bp|sugar|glucose|ketones?|temp\w*|height|tall|km|mi|miles?|metres?|meters?|steps|"
    r"sleep|slept|hrv|rhr|vo2\w*|kcal|cals?|calories|mins?|minutes?|hours?|hrs?|secs?|seconds?|"
    r"reps?|sets?|x|ml|litres?|liters?|g|grams?|oz|percent|mmol|mg|ft|feet|foot)\b|[%/']"
)
_WHICH_SITE = "which part did you measure (waist, hips, chest, an arm, a thigh...)?"


def tape_without_site(lowered: str) -> bool:
    """Whether ``lowered`` (normalised) tells a tape figure and names no site to store it at."""
    if not _TAPE.search(lowered) or _FIGURE.search(lowered) is None or "?" in lowered:
        return False
    sites = re.search(rf"(?<![\w.])(?:{_SITE_WORDS})(?![\w])", lowered)
    return sites is None and _OTHER_READING.search(lowered) is None


def measurement_reply(
    call: Callable[[str, dict[str, Any]], ToolResult], text: str, today: date
) -> str | None:
    """The assistant's answer to a message about body measurements (log them, show how they
    changed, or say how to measure), or None when the message is about something else.
    ``call`` runs a tool for the athlete (the reply's draft, so that the call is recorded)."""
    from fitcoach.assistant.offline.draft import tool_answer

    lowered = normalise(text)
    if _HOW_TO.search(lowered) and _ABOUT.search(lowered):
        return _how_to_measure(lowered)
    reading = read_measurements(text, today)
    if reading is None and tape_without_site(lowered):
        return f"Nothing stored yet: {_WHICH_SITE}"
    if reading is None:
        # ("can we swap the squat for the leg press? new hip ...": a plan change, no question
        # about the tape)
        # (plans91: "change the row to ...", "take deadlifts out", "delete the curls" too)
        plan_change = re.search(r"\b(?:swap|switch|change|replace|substitute|instead of|remove|delete|ditch|take (?:\S+ ){0,3}out)\b", lowered)  # fmt: skip
        if not re.search(r"\d", lowered) and _ABOUT.search(lowered) and _QUESTION.search(lowered) and not plan_change:  # fmt: skip
            return tool_answer(call("get_measurements", {}))
        return None
    if reading.problems:
        logged = ", ".join(k.removesuffix("_cm").replace("_", " ") for k in reading.arguments if k != "date")  # fmt: skip
        understood = f" I understood {logged}." if logged else ""
        return f"Nothing stored yet: {'; '.join(reading.problems)}.{understood}"
    return tool_answer(call("log_measurements", reading.arguments))
