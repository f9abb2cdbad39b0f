"""Loads said where gym shorthand puts them, rewritten as "at <load>" for the set parser (the
sets and reps were read, the load was not, so the chat asked):

- a load named by "the" or "a", as a dumbbell or a plate is held ("db rows 4x10 w the 80 each
  arm", "curls 3x10 with the 20 ez bar", "landmine press 3x10 w a 15 on the end", "weighted
  dips 3x8 w a 45 on the belt");
- a load with the kit it is on after it ("skullcrushers 3x12, 25 on the ez bar");
- a load of each arm after the sets ("kb press 3x8 16 each arm"; "each side" on a cable only:
  on a barbell it is its plates, which the reading asks about);
- a load added to the body's after the sets ("dips 2x8 +15");
- one unit after loads said set by set ("squat 100x5, 110x3, 120x1 kilos").

A bare load is in the athlete's unit, as "@ 110" is. A kettlebell's "the 24" is
``quantities.bell_sizes``'s (its sizes tell the unit); a cable stack's number keeps the
reading's question (kg, lb or the pin's number)."""

from __future__ import annotations

import re

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
# Sets said somewhere in the message ("3x10", "100x5", "4 sets of 8", "5/5/5")
_SETS_SAID = re.compile(r"\d\s*[x*]\s*\d|\d\s*sets?\b|\d\s*/\s*\d")
_BELLS = re.compile(r"\b(?:kbs?|kettle ?bells?|bells?|zzkb)\b")
# What a load is on or hung from: a bar, the end of a landmine's bar, a dip belt
_KIT_NAME = (
    r"(?:ez[\s-]?(?:curl\s+)?bar|ez|curl bar|(?:straight\s+)?bar|end|(?:dip\s+)?belt|landmine)\b"
)
_KIT = rf"(?:(?:on|in)\s+)?(?:the\s+|my\s+|a\s+)?{_KIT_NAME}"
# Where the load's phrase ends: the clause, each arm, more to log
_ENDS = r"(?=\s*(?:$|[,;.!)]|(?:each|per)\s+(?:arm|hand)s?\b|then\b|and\b|for\b))"
# "w the 80", "with a 45 on the belt", "using the 20 ez bar"
_ARTICLE_LOAD = re.compile(
    rf"(?:\bwith|\bw/?|\busing)\s+(?:the|a|an)\s+(?P<load>{_NUM})(?!\.?\d)(?P<unit>\s*{_UNIT})?"
    rf"(?:\s+{_KIT})?{_ENDS}"
)
_KIT_SAID = re.compile(_KIT_NAME)
_EACH_AFTER = re.compile(r"\s*(?:each|per)\s+(?:arm|hand)s?\b")


def _article_load(m: re.Match[str]) -> str:
    """ "with the 80" as the load where the kit it is on or "each arm" says what it is; bare
    ("bench 3x8 with the 16": the 16 kg dumbbells, another lift?) the reading's question stays."""
    rest = m.string[m.end() :]
    if _KIT_SAID.search(m.group(0)) or m["unit"] or _EACH_AFTER.match(rest):
        return f"at {m['load']}{m['unit'] or ''}"
    return m.group(0)


# "3x12, 25 on the ez bar", "3x10 @ 20 on the bar": the load on the kit, after the sets
_LOAD_ON_KIT = re.compile(
    rf"(?P<sets>\d{{1,2}}\s*[x*]\s*\d{{1,3}}\b\s*,?\s*)(?:@\s*|at\s+)?(?P<load>{_NUM})(?P<unit>\s*{_UNIT})?"
    rf"\s+(?:on|in)\s+(?:the|my)\s+(?:ez[\s-]?(?:curl\s+)?bar|ez|curl bar|bar|end|(?:dip\s+)?belt)\b"
    r"(?!\s*(?:each|per|a)\s+side)"
)
# "3x8 16 each arm", "3x15, 30 each side": one number after the sets, said of each arm
_EACH_ARM = re.compile(
    rf"(?P<sets>(?<![\d.])\d{{1,2}}\s*[x*]\s*(?P<reps>\d{{1,3}})\b\s*,?\s*)(?P<load>{_NUM})(?P<unit>\s*{_UNIT})?"
    r"\s+(?P<each>(?:each|per)\s+(?P<part>arm|hand|side)s?)\b"
)
# "100x5, 110x3, 120x1 kilos": the unit after the last of loads said set by set
_LIST_UNIT = re.compile(
    r"(?P<list>(?<![\d.])\d{2,3}(?:\.\d+)?\s*x\s*\d{1,2}(?:\s*,\s*(?:and\s+)?\d{2,3}(?:\.\d+)?\s*x\s*\d{1,2})+)"
    rf"\s*(?P<unit>{_UNIT})\b(?=\s*(?:$|[,;.!]|then\b|and\b))"
)
# "dips 2x8 +15", "weighted chins 4x6 +35": a load added to the body's, said after the sets
# (before them, "+10 x 8" could be sets: the accounting asks about it)
_ADDED_TO = re.compile(
    r"\bweighted\b|\b(?:dips?|chins?|chin-?ups?|pull-?ups?|pullups?|muscle-?ups?)\b"
)
_PLUS_AFTER_SETS = re.compile(
    rf"(?P<sets>(?<![\d.])\d{{1,2}}\s*[x*]\s*\d{{1,3}})\s*\+\s*(?P<load>{_NUM})(?P<unit>\s*{_UNIT}\b)?(?![\d.]|\s*[x*])"
)


def placed_loads(text: str) -> str:
    """``text`` (normalised) with the loads of gym shorthand said as "at <load>"."""
    if not _SETS_SAID.search(text):
        return text
    out = text
    if not _BELLS.search(out):
        out = _ARTICLE_LOAD.sub(_article_load, out)
    out = _LOAD_ON_KIT.sub(
        lambda m: f"{m['sets'].rstrip(' ,')} at {m['load']}{m['unit'] or ''}", out
    )
    out = _EACH_ARM.sub(_each_arm, out)
    if _ADDED_TO.search(out):
        out = _PLUS_AFTER_SETS.sub(lambda m: f"{m['sets']} at {m['load']}{m['unit'] or ''}", out)
    return _LIST_UNIT.sub(_list_unit, out)


def _each_arm(m: re.Match[str]) -> str:
    # a number that may be the reps again ("3x12, 12 each side") or too light to be a load is
    # left as it was; "each side" is a load only on a cable (a barbell's side holds plates)
    if float(m["load"]) == float(m["reps"]) or float(m["load"]) < 2:
        return m.group(0)
    if m["part"] == "side" and not re.search(r"\bcables?\b", m.string):
        return m.group(0)
    return f"{m['sets'].rstrip(' ,')} at {m['load']}{m['unit'] or ''} {m['each']}"


def _list_unit(m: re.Match[str]) -> str:
    unit = m["unit"]
    return re.sub(r"(?<![\d.])(\d{2,3}(?:\.\d+)?)\s*x", rf"\1 {unit} x", m["list"])
