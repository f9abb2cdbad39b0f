"""Per-set lists written in two shapes the set parser does not read (issue 57), rewritten one
set by one before the line splits at its commas:

- one load said before a list of sets x reps ("squat 100kg 1x5, 1x4, 1x3", "bench 75 2x5,
  1x4"): the load of every group of the list (each written "1x4 at 75");
- loads and reps as two parallel lists apart by slashes ("bench 60/70/80 for 10/8/6",
  "10/8/6 at 60/70/80kg"): one set per pair ("60x10, 70x8, 80x6"). Lists of different
  lengths are left as written (the reader asks what is unclear);
- a count of sets done to failure before as many reps ("dips 3 sets till failure 12 10 and 9",
  "dips 3 x max (12, 10, 9)"): the list of reps, one set each (the count is the list's length);
- more sets told by the reps they got ("chinups bw 3x8, then 2 more sets to failure, got 6 and
  5"): one set each ("1x6, 1x5"), without a load where the body's was said ("bw");
- the name of a scheme of sets beside the sets themselves ("bench 70kg x12, 75x10, 80x8
  pyramid", "drop set on leg ext: 80x10, 60x10, 40x12", "then drop set 60 x 12"): each set
  is logged as written, so the word says nothing more and is taken out;
- three counts of reps or more apart by "then" ("pull ups 10 then 8 then 7"): a list of reps
  ("10, 8, 7"), one set each."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_GROUP = r"\d{1,2}\s*x\s*\d{1,2}"
# A name, its load, then two groups or more with no load of their own (none after the last:
# "squat 100 3x5, 2x8 at 80" says the second group's load)
_HEAD_LOAD = re.compile(
    rf"(?<=[a-z] )(?P<load>{NUM}\s*{_UNIT}?)\s+(?P<list>{_GROUP}(?:\s*,\s*(?:then\s+|and\s+)?{_GROUP})+)"
    rf"(?![\d.]|\s*(?:x|{_UNIT}|at|@|for|with|on)\b|\s*[x@\d]|\s*,\s*(?:then\s+|and\s+)?\d)"
)
_SLASHED = rf"{NUM}(?:\s*/\s*{NUM})+"
# "60/70/80 for 10/8/6", "60/70/80kg x 10/8/6", "10/8/6 at 60/70/80", "10/8/6 @ 60/70/80 kg"
_PARALLEL = re.compile(
    rf"(?<![\d./])(?P<first>{_SLASHED})\s*(?P<unit1>{_UNIT})?\s*(?P<word>for|x|at|@)\s*"
    rf"(?P<second>{_SLASHED})\s*(?P<unit2>{_UNIT})?(?![\d./])"
)

# "10 then 8 then 7": counts of reps in turn (never sets, a load, a time or a distance)
_THEN_LIST = re.compile(
    r"(?<![\d.x/:-])\d{1,2}(?:\s*,?\s*(?:and\s+)?then\s+\d{1,2}){2,}"
    rf"(?![\d.:/x%]|\s*(?:x|{_UNIT}|mins?|minutes|secs?|s|seconds|km|mi|miles?|m|k|sets?|rounds?|at|@|for|cals?)\b)"
)

# "3 sets till failure 12 10 and 9", "3x max: 9, 7, 6", "3 x max (12, 10, 9)"
_TO_FAILURE = re.compile(
    r"\b(?P<n>[2-9])\s*(?:x\s*|sets?\s+)(?:(?:to|till?|until)\s+failure|max(?:imum)?|all\s+out)"
    r"\s*[:,(-]?\s*\(?(?P<list>\d{1,2}(?:\s*(?:,|and|&|-|\s)\s*\d{1,2})+)\)?"
    rf"(?![\d.:/x%]|\s*(?:x|{_UNIT}|reps?|at|@|with|on)\b)"
)


# "chin ups to failure x3: 9, 7, 6": the count said after how the sets were done
_FAILURE_COUNT = re.compile(
    r"\b(?:(?:to|till?|until)\s+failure|max(?:imum)?|all\s+out)\s*x\s*(?P<n>[2-9])"
    r"\s*[:,(-]?\s*\(?(?P<list>\d{1,2}(?:\s*(?:,|and|&|-|\s)\s*\d{1,2})+)\)?"
    rf"(?![\d.:/x%]|\s*(?:x|{_UNIT}|reps?|at|@|with|on)\b)"
)


def _to_failure(m: re.Match[str]) -> str:
    reps = re.findall(r"\d+", m.group("list"))
    return ", ".join(reps) if len(reps) == int(m.group("n")) else m.group(0)


_SCHEME = r"(?:reverse\s+)?(?:pyramid|drop\s*set)"
# the scheme's word after a set's figures, before a name or before a set's figures
_SCHEME_WORDS = (
    (re.compile(rf"(?<=\d)\s*,?\s*(?:as\s+an?\s+)?{_SCHEME}\b(?=\s*(?:[.!,;]|$))"), ""),
    (re.compile(rf"^(?:an?\s+)?{_SCHEME}s?\s+(?:on|of|for)\s+(?=[a-z])"), ""),
    (re.compile(rf"(?<=[a-z])\s+(?:an?\s+)?{_SCHEME}\s*:?\s+(?=\d)"), " "),
)

# "2 more sets to failure, got 6 and 5", "2 sets to failure bw, got 14 and 11", "2 more sets,
# managed 7, 6": the count, how they were done and the reps got (a word of getting, or of
# failure, says the numbers are reps, never loads)
_SETS_GOT = re.compile(
    r"\b(?P<n>[2-9])\s+(?:more\s+|extra\s+)?sets?"
    r"(?P<how>\s+(?:(?:to|till?|until)\s+failure|max|all\s+out))?"
    r"(?P<bw>\s+(?:bw|body\s*weight))?\s*[,:-]?\s*"
    r"(?P<got>(?:i\s+)?(?:got|did|managed|hit)\s*:?\s*)?"
    r"(?P<list>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})+)"
    rf"(?![\d.:/x%]|\s*(?:x|{_UNIT}|reps?|at|@|with|on|mins?|secs?|s)\b)"
)


def _sets_got(m: re.Match[str]) -> str:
    reps = re.findall(r"\d+", m.group("list"))
    if len(reps) != int(m.group("n")) or not (m.group("how") or m.group("got")):
        return m.group(0)
    bw = " bw" if m.group("bw") else ""
    return ", ".join(f"1x{r}{bw}" for r in reps)


def _head_load(m: re.Match[str]) -> str:
    load = re.sub(r"\s+", "", m.group("load"))
    if not re.search(r"[a-z]", load) and float(load) < 20:
        return m.group(0)  # "week 3 3x5, 2x8": a small bare number is no load
    groups = [re.sub(r"\s+", "", g) for g in re.findall(_GROUP, m.group("list"))]
    return ", ".join(f"{g} at {load}" for g in groups)


def _parallel(m: re.Match[str]) -> str:
    first = re.findall(NUM, m.group("first"))
    second = re.findall(NUM, m.group("second"))
    if len(first) != len(second) or len(first) < 2:
        return m.group(0)
    loads, reps = (second, first) if m.group("word") in ("at", "@") else (first, second)
    unit = m.group("unit1") or m.group("unit2") or ""
    if any(not r.isdigit() or int(r) > 50 for r in reps):
        return m.group(0)  # reps are whole counts of a rep's size
    return ", ".join(f"{load}{unit} x {rep}" for load, rep in zip(loads, reps, strict=True))


def sets_one_by_one(text: str) -> str:
    """``text`` with a load said before its groups and parallel slashed lists written one set
    by one (see the module)."""
    if not re.search(r"\d", text):
        return text
    for scheme, plain in _SCHEME_WORDS if re.search(_SCHEME, text) else ():
        text = scheme.sub(plain, text)
    text = _SETS_GOT.sub(
        _sets_got, _FAILURE_COUNT.sub(_to_failure, _TO_FAILURE.sub(_to_failure, text))
    )
    text = _THEN_LIST.sub(lambda m: ", ".join(re.findall(r"\d+", m.group(0))), text)
    return _PARALLEL.sub(_parallel, _HEAD_LOAD.sub(_head_load, text))
