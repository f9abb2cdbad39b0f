"""Each set's reps or loads written as a sequence, in shapes the set parser does not read
(reps96), rewritten on a line's normalised words before ``set_notation``:

- the list of reps before the lift: "8,8,7,6 on incline db press with the 22s", "5/5/5 ohp
  50" (the lift's name first, then its list);
- a list of reps after "to failure" with no count: "dips to failure: 12, 9, 7";
- reps and loads as two lists apart by spaces: "front squats 5 3 1 at 80 90 100" (one set
  per pair; lists of different lengths are left as written);
- one set told as a deed: "hit a 120 squat for a double" (1 x 2 at 120);
- a set that fell short of the others: "ohp 5x5 @ 52.5kg, failed the last rep of set 5 so 4
  on that one" (4 x 5 and 1 x 4 at the load);
- one load said for all the groups after them: "1x20 then 4x5, all @ 40kg"; and a scheme's
  own words for its sets ("myo reps on leg ext: 1 activation set of 20 then 4 mini sets of 5");
- a remark between a lift's sets and more sets with no name: "dl 405x2 rpe 9. felt heavy.
  then 2x5 at 345" (the second sets are the deadlift's too; the remark goes last);
- a lift's sets named by their reps: "deadlift singles: 3 singles at 180", "snatch practice,
  8 singles at 60k" (a load in "k" on singles is kg), and "curls, 21s w 25s x3" (3 x 21).

Whatever does not fit is left as written, so the reader still asks."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.quantities import NUM

_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_STOP = r"(?:^|(?<=[.;]\s)|(?<=[.;]))\s*"
# what ends a lift's name: its load or kit, a figure, a clause's end
_NAME_END = r"(?=\s+(?:with|w|at|@|using)\b|\s+\d|\s*[,.;:!]|$)"


def _is_lift(matcher: ExerciseMatcher, words: str) -> bool:
    found = matcher.match(words.strip())
    return found is not None and matcher.category(found.slug) == "strength"


# "8,8,7,6 on incline db press ...", "5/5/5 ohp 50": a list of reps, then the lift
_LIST_FIRST = re.compile(
    _STOP + r"(?P<list>\d{1,2}(?:\s*,\s*\d{1,2}){1,7}|\d{1,2}(?:\s*/\s*\d{1,2}){1,7})"
    r"\s+(?:(?:on|of|for)\s+)?(?P<name>[a-z][a-z' -]{1,40}?)" + _NAME_END
)
_SETS_SAID = re.compile(r"\d\s*x\s*\d|\b(?:sets?|reps?|singles?|doubles?|triples?)\b")


def _list_first(m: re.Match[str], matcher: ExerciseMatcher, line: str) -> str:
    reps = [int(r) for r in re.findall(r"\d+", m.group("list"))]
    rest = re.split(r"[.;]\s", line[m.end() :], maxsplit=1)[0]
    if max(reps) > 30 or min(reps) < 1 or _SETS_SAID.search(rest):
        return m.group(0)
    # "2/12/26" (a date) and "7/10" (a rating, a day's date): no list of reps
    if "/" in m.group("list") and (len(reps) == 2 or (len(reps) == 3 and reps[2] > 20)):
        return m.group(0)
    if not _is_lift(matcher, m.group("name")):
        return m.group(0)
    lead = m.group(0)[: m.start("list") - m.start()]
    return f"{lead}{m.group('name')} {m.group('list')}"


def reps_before_lift(line: str, matcher: ExerciseMatcher) -> str:
    """``line`` (normalised) with a list of reps said before its lift after the lift's name
    (run before the rewrites that read a load after a name: "with the 22s")."""
    if not re.match(r"\s*\d", line) and not re.search(r"[.;]\s*\d", line):
        return line
    return _LIST_FIRST.sub(lambda m: _list_first(m, matcher, line), line)


# "dips to failure: 12, 9, 7": how the sets were done, then their reps (no count before)
_FAILURE_LIST = re.compile(
    r"(?<=[a-z])(?<!\bsets)(?<!\bset)(?<!\bx)(?<!\bmore)\s+(?:to|till?|until)\s+failure"
    r"\s*[:,-]?\s*(?=\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})+(?![\d.])"
    rf"(?!\s*(?:x|{_UNIT}|at|@|reps?|sets?)\b))"
)


def _failure_list(m: re.Match[str]) -> str:
    # (a count said before in the clause, "2 sets at bodyweight to failure: 10 and 8": read so)
    before = re.split(r"[,.;:]", m.string[: m.start()])[-1]
    return m.group(0) if re.search(r"\d", before) else ": "


# "5 3 1 at 80 90 100": reps and loads, two lists apart by spaces
_SPACED = re.compile(
    rf"(?<=[a-z] )(?P<reps>\d{{1,2}}(?:\s+\d{{1,2}}){{1,5}})\s+(?:at|@|with)\s+"
    rf"(?P<loads>{NUM}(?:\s+{NUM}){{1,5}})(?P<unit>\s*{_UNIT})?(?![\d./:])"
    r"(?!\s*(?:x|reps?|sets?|mins?|secs?|s|m|km)\b)"
)


def _paired(m: re.Match[str], reps: list[str], loads: list[str]) -> str:
    """Each set's reps at its load, as the parser's "5/3/1 at 80/90/100" (as said where the two
    lists differ in length or a "load" is too small to be one)."""
    if len(reps) != len(loads) or any(float(x) < 5 for x in loads):
        return m.group(0)
    return f"{'/'.join(reps)} at {'/'.join(loads)}{m.group('unit') or ''}"


def _spaced(m: re.Match[str]) -> str:
    return _paired(m, m.group("reps").split(), m.group("loads").split())


# "split jerk: 3,3,2,2 @ 100, 105, 110, 110": the two lists apart by commas
# (never inside "12 @ 40, 10 @ 42.5, 8 @ 45": pairs, the first count a load, the last a count)
_COMMAS = re.compile(
    rf"(?<![\d.,/])(?<!@ )(?<!@)(?<!\bat )(?P<reps>\d{{1,2}}(?:\s*,\s*\d{{1,2}}){{1,7}})\s*(?:@|at)\s*"
    rf"(?P<loads>{NUM}(?:\s*,\s*{NUM}){{1,7}})(?P<unit>\s*{_UNIT})?(?![\d./:])"
    r"(?!\s*(?:x|reps?|sets?|mins?|secs?|s|m|km)\b)(?!\s*(?:@|at\b))"
)


def _commas(m: re.Match[str]) -> str:
    return _paired(m, re.findall(r"\d+", m.group("reps")), re.findall(NUM, m.group("loads")))


# "overhead press 95 lbs - 8, 7, 6", "bench: 225 for 5, 5, 4", "pulldown 3 sets at 45 - 15,
# 15, 22": one load, then the reps of each set at it (a count said first is the list's length)
_LOAD_THEN_REPS = re.compile(
    rf"(?<=[a-z:] )(?:(?P<n>[2-9])\s+sets?\s+(?:at|@)\s+)?(?P<load>{NUM})(?P<unit>\s*{_UNIT})?"
    r"\s+(?:-|for)\s+(?P<list>\d{1,2}(?:\s*,\s*\d{1,2})+(?:\s*,?\s*and\s+\d{1,2}(?!\s*then))?)"
    rf"(?![\d.]|\s*(?:x|{_UNIT}|mins?|secs?|reps?\s+at|at|@)\b)"
)


def _load_then_reps(m: re.Match[str]) -> str:
    reps = re.findall(r"\d+", m.group("list"))
    if float(m.group("load")) < 5 or (m.group("n") and int(m.group("n")) != len(reps)):
        return m.group(0)
    return f"{m.group('load')}{m.group('unit') or ''} x {', '.join(reps)}"


# "hit a 120 squat for a double", "did 100kg bench for 3 reps": one set told as a deed
_DEED = re.compile(
    rf"\b(?:hit|did|got|pulled|made|smashed|moved)\s+(?:a\s+|an\s+)?(?P<load>{NUM})\s*"
    rf"(?P<unit>{_UNIT})?\s+(?P<name>[a-z][a-z' -]{{1,30}}?)\s+for\s+(?:a\s+)?"
    r"(?P<reps>single|double|triple|\d{1,2}\s*reps?)\b"
)
_REPS_WORD = {"single": 1, "double": 2, "triple": 3}


def _deed(m: re.Match[str], matcher: ExerciseMatcher) -> str:
    said = m.group("reps")
    reps = _REPS_WORD.get(said) or int(re.match(r"\d+", said).group(0))  # type: ignore[union-attr]
    if float(m.group("load")) < 5 or not _is_lift(matcher, m.group("name")):
        return m.group(0)
    unit = f" {m.group('unit')}" if m.group("unit") else ""
    return f"{m.group('name')} 1x{reps} at {m.group('load')}{unit}"


# "5x5 @ 52.5kg, failed the last rep of set 5 so 4 on that one": one set short of the rest
_SHORT_SET = re.compile(
    rf"(?<![\d.])(?P<n>[2-9])\s*x\s*(?P<r>\d{{1,2}})\s*(?:@|at)\s*(?P<load>{NUM}\s*{_UNIT}?)"
    r"\s*[,;]?\s*(?:but\s+)?(?:i\s+)?(?:failed|missed)\s+(?:the\s+)?(?:last|final)\s+rep\s+"
    r"(?:of|on|in)\s+(?:the\s+)?(?:set\s+(?P<set>\d)|(?:last|final)\s+(?:set|1|one))"
    r"(?:\s*,?\s*(?:so\s+)?(?:only\s+)?(?:got\s+)?(?P<got>\d{1,2})(?:\s+reps?)?"
    r"(?:\s+(?:on|for|in)\s+that\s+(?:1|one|set))?)?(?![\d.])"
)


def _short_set(m: re.Match[str]) -> str:
    n, r, load = int(m.group("n")), int(m.group("r")), m.group("load")
    got = int(m.group("got")) if m.group("got") else r - 1
    if got != r - 1 or got < 1 or (m.group("set") and not 1 <= int(m.group("set")) <= n):
        return m.group(0)
    return f"{n - 1}x{r} at {load}, 1x{got} at {load}"


# "myo reps on leg ext: 1 activation set of 20 then 4 mini sets of 5": the scheme's words
_SCHEME_WORDS = (
    (re.compile(_STOP + r"myo[- ]?reps?\s+(?:on|of|for)\s+(?=[a-z])"), ""),
    (
        re.compile(
            r"\b(?P<n>\d{1,2})\s+(?:activation|mini|myo|cluster)[- ]?sets?\s+of\s+(?P<r>\d{1,3})\b"
        ),
        r"\g<n>x\g<r>",
    ),
)
_GROUP = r"\d{1,2}\s*x\s*\d{1,3}"
# "1x20 then 4x5, all @ 40kg": one load for every group before it
_ALL_AT = re.compile(
    rf"(?<![\d.])(?P<list>{_GROUP}(?:\s*,?\s*(?:then|and|,)\s*{_GROUP})+)\s*,?\s*"
    rf"(?:all|both|each|every\s+set)\s*(?:@|at)\s*(?P<load>{NUM}\s*{_UNIT}?)(?![\d.])"
)


def _all_at(m: re.Match[str]) -> str:
    groups = re.findall(_GROUP, m.group("list"))
    return ", ".join(f"{g} at {m.group('load')}" for g in groups)


# "dl 405x2 rpe 9. felt heavy af. then 2x5 at 345", "deadlift 405 single!!! finally. then 2
# triples at 365": a remark between a lift's sets and more sets with no name
_REMARK = re.compile(
    r"(?<=\d|[a-z])(?P<stop>[.!]+\s+|\s*[,;]\s*)(?P<remark>(?:(?:it|that|which|bar)\s+)?"
    r"(?:(?:felt|feeling|feels|was|moved|looked|went)\b[^\d.;,!]{0,40}?|finally|nice|solid|"
    r"brutal|ugh|wow|yes+|lets\s+go|let's\s+go))\s*[.;,!]+\s+(?=(?:and\s+)?then\s+\d)"
)

# "deadlift singles: 3 singles at 180": the reps' word after the lift's name
_NAMED_BY_REPS = re.compile(
    r"(?<=[a-z])\s+(?:singles|doubles|triples)\s*:\s*(?=\d{1,2}\s+(?:singles|doubles|triples)\b)"
)
# "snatch practice, 8 singles at 60k": a lift's practice, then its sets
_PRACTICE = re.compile(r"(?<=[a-z])\s+(?:practice|technique(?:\s+work)?)\s*[,:]\s*(?=\d)")
# "8 singles at 60 km" (written "60k"): a load on a lift's sets is kilos
_K_LOAD = re.compile(
    rf"(?P<sets>\b(?:\d{{1,2}}\s+(?:singles|doubles|triples)|{_GROUP})\s*(?:@|at)\s*)"
    rf"(?P<load>{NUM})\s*km\b(?!\s*(?:pace|/|per)\b)"
)
# "curls, 21s w 25s x3": the curl's 21s (7 + 7 + 7 reps) as sets of 21
_TWENTY_ONES = re.compile(
    r"\b21s\s+(?:with|w)\s+(?:the\s+)?(?P<load>\d{1,3})s\s*x\s*(?P<n>[1-9])\b(?![\d.])"
)


# "1 @ 185 pr!!": the news of a record after a set's load, no name of a lift
_RECORD = re.compile(
    r"(?<=@)(?P<set>\s*\d+(?:\.\d+)?)\s+(?:new\s+)?(?:pr|pb)\b(?=[\s!.,;)]*$|\s*[!.,;)]+)"
)


# "gzclp day a1: t1 squat 5x3 at 120, ...": a programme's day before its lifts, no name of one
_PROGRAMME_DAY = re.compile(
    r"^\s*(?:gzclp?|nsuns|phul|phat)\s+(?:day|workout|session)\s+[a-z]?\d{1,2}\s*:\s*(?=[a-z])"
)


def rep_sequences(line: str, matcher: ExerciseMatcher) -> str:
    """``line`` (normalised) with the sequences above in the parser's set forms."""
    if not re.search(r"\d", line):
        return line
    line = _PROGRAMME_DAY.sub("", _RECORD.sub(lambda m: m.group("set"), line))
    line = _FAILURE_LIST.sub(_failure_list, line)
    line = _COMMAS.sub(_commas, _SPACED.sub(_spaced, line))
    line = _LOAD_THEN_REPS.sub(_load_then_reps, line)
    line = _DEED.sub(lambda m: _deed(m, matcher), line)
    line = _SHORT_SET.sub(_short_set, line)
    for pattern, repl in _SCHEME_WORDS:
        line = pattern.sub(repl, line)
    line = _ALL_AT.sub(_all_at, line)
    remark = _REMARK.search(line)
    if remark is not None and re.search(r"\d", re.split(r"[.;!]\s", line[: remark.start()])[-1]):
        line = f"{line[: remark.start()]}, {line[remark.end() :]}. {remark.group('remark')}"
    line = _PRACTICE.sub(", ", _NAMED_BY_REPS.sub(": ", line))
    line = _K_LOAD.sub(lambda m: f"{m.group('sets')}{m.group('load')} kg", line)
    return _TWENTY_ONES.sub(lambda m: f"{m.group('n')}x21 with the {m.group('load')}s", line)
