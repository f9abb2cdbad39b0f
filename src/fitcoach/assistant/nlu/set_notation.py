"""Lifters' compact set notations rewritten into the set forms the parser reads, on a line's
normalised words before it splits at its commas (``log_lines``):

- a plus (AMRAP) set with the reps it got: "5/5/3+ @ 80/90/100, got 8 on the plus set" is
  5, 5 and 8 reps; "1+ @ 120 got 6" is 6 reps at 120; "5/5/5 @ 70 + amrap 11" adds a set of 11;
- singles, doubles and triples with their loads: "2 more triples at 100" (2 sets of 3),
  "singles at 150 x 4 sets", "singles: 120, 125, 130" or "4 singles: 60-62-64-66" (one each),
  "worked up to 80 and did 2 doubles there" (at 80), "a heavy single at 140";
- reps said in a row: "pushups 40 then 35 then 30" is a list, like "40, 35, 30";
- sets to failure with their reps: "2 sets to failure: 12 and 10", "1 set to failure got 14",
  "3 sets of max dips: 15, 12, 11";
- a miss taken back ("1x1 @ 90 miss... no actually made it"): the set stands.

A plus set whose reps are not told, or a list whose count disagrees with its set count, is
left as written, so the reader still asks."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_REPS = {"single": 1, "double": 2, "triple": 3}
_UNIT = r"(?:\s*(?:kgs?|kilos?|lbs?|pounds?))?"
_LOAD = rf"{NUM}{_UNIT}"
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT = r"(?:\d{1,2}|a|one|two|three|four|five|six)"

# The reps a plus set got, said after it: ", got 8 on the plus set", "and i got 6 reps"
_GOT = (
    r"\s*[,;]?\s*(?:and\s+)?(?:i\s+)?(?:got|did|hit|made)\s+(?P<got>\d{1,3})(?!\d|\.\d|\s*x|/)"
    r"(?:\s*reps?\b)?(?:\s+(?:on|in|for)\s+(?:the\s+|my\s+)?(?:plus|\+|amrap|last|top)\s+set)?"
)
# "5/5/3+ @ 80/90/100, got 8": a slashed list of reps whose last is a plus set
_PLUS_LIST = re.compile(
    rf"(?<![\d./])(?P<head>\d{{1,2}}(?:\s*/\s*\d{{1,2}})*\s*/\s*)\d{{1,2}}\+"
    rf"(?P<load>\s*(?:@|at)\s*{NUM}(?:\s*/\s*{NUM})*{_UNIT})" + _GOT
)
# "1+ @ 120 got 6", "130 x 1+ and i got 4 reps": one plus set, its load before or after it
_PLUS_ONE_AFTER = re.compile(rf"(?<![\d./])\d{{1,2}}\+(?P<load>\s*(?:@|at)\s*{_LOAD})" + _GOT)
_PLUS_ONE_BEFORE = re.compile(rf"(?P<load>(?<![\d./]){_LOAD}\s*x\s*)\d{{1,2}}\+" + _GOT)
# "the plus set at 150, got 4": a plus set named by its role
_PLUS_NAMED = re.compile(
    rf"\b(?:the|a|my)\s+(?:plus|\+|amrap)\s+set\s+(?:at|@|with)\s*(?P<load>{_LOAD})" + _GOT
)
# "400x6 on the plus set": the set's reps already told, the role only a remark
_PLUS_REMARK = re.compile(r"(?<=\d)\s+(?:on|for)\s+(?:the|my)\s+(?:plus|\+|amrap)\s+set\b")
# "5/5/5 @ 70 + amrap 11", "3x5 at 100, then an amrap of 9": one more set at that load
_AMRAP_AFTER = re.compile(
    rf"(?P<sets>(?<![\d.])\d{{1,2}}(?:\s*[/x]\s*\d{{1,3}})+)\s*(?:@|at)\s*(?P<load>{_LOAD})"
    r"\s*(?:\+|,|and|then|,\s*then)\s*(?:an?\s+|1\s+)?amrap(?:\s+set)?\s*(?:of|for|:|-|=|got)?\s*"
    r"(?P<reps>\d{1,3})(?:\s*reps?)?(?![\d.:]|\s*(?:min|minutes?|rounds?|secs?|s)\b)"
)

# "2 more triples at 100", "three back off doubles @ 90", "5 singles at 150": sets at a load
_N_AT = re.compile(
    rf"\b(?P<n>{_COUNT})\s+(?:more\s+|back\s*-?\s*off\s+|heavy\s+|working\s+|top\s+)?"
    rf"(?P<kind>single|double|triple)s?\s*(?:@|at|with)\s*(?P<load>{_LOAD})(?![\d.%/x])"
)
# "singles at 180 x 3 sets", "triples at 85% of 120 - 6 sets": the kind, the load, the count
_AT_N_SETS = re.compile(
    rf"\b(?P<kind>single|double|triple)s\s*(?:@|at)\s*(?P<load>{_LOAD}(?:\s*%\s*of\s*{_LOAD})?)"
    r"\s*(?:x|for|-|,)?\s*(?P<n>\d{1,2})\s*sets?\b"
)
# "worked up to 80 and did 2 doubles there": sets at the load worked up to
_WORKED_UP = re.compile(
    rf"\b(?:worked|working|built|building|went)\s+(?:up\s+)?to\s+(?P<load>{_LOAD})\s*(?:,|and|then)?\s*"
    rf"(?:(?:did|hit|got|made|for)\s+)?(?P<n>{_COUNT})\s+(?P<kind>single|double|triple)s?"
    r"(?:\s+(?:there|at (?:that|it)))?\b"
)
# "a heavy single at 140", "top single @ 90": one set of one rep
_ONE_AT = re.compile(
    rf"\b(?:a\s+|one\s+|my\s+)?(?:heavy|top)\s+(?P<kind>single|double|triple)\s*(?:@|at)\s*(?P<load>{_LOAD})(?![\d.%])"
)
# "heavy single snatch @ 85": the kind before the exercise's name
_ONE_NAMED_AT = re.compile(
    rf"\b(?:a\s+|one\s+)?(?:heavy|top)\s+(?P<kind>single|double|triple)\s+(?P<name>[a-z][a-z -]{{1,30}}?)\s*(?:@|at)\s*(?P<load>{_LOAD})(?![\d.%])"
)
# "singles: 120, 125, 130", "4 singles: 60-62-64-66", "doubles today: 100, 105": a load each
_KIND_LOADS = re.compile(
    rf"(?:\b(?P<n>\d{{1,2}})\s+)?\b(?P<kind>single|double|triple)s(?:\s+today)?\s*:\s*"
    rf"(?P<loads>{NUM}(?:\s*(?:,|-|/|,?\s*and)\s*{NUM})+)(?P<unit>{_UNIT})(?![\d.x%]|\s*x)"
)

# "40 then 35 then 30": reps said in a row (three or more bare numbers)
_THEN_LIST = re.compile(
    r"(?<![\d.,/x@])(?<!@ )(?<!at )\b(\d{1,3})((?:\s*,?\s*then\s+\d{1,3}\b){2,})"
    r"(?![\d.%]|\s*(?:x|kgs?|kilos?|lbs?|pounds?|min|mins|minutes?|secs?|seconds?|s|m|km|mi|miles?|"
    r"meters?|metres?|reps? at|@|at)\b)"
)
# "2 sets at bodyweight to failure: 9 and 7", "3 sets to failure 12,10,9": sets to failure and
# their reps, put as "N sets to failure: 9, 7" (read by ``set_words``)
_FAILURE_LIST = re.compile(
    r"\b(?P<n>\d{1,2})\s*sets?\s+(?:(?:at\s+|with\s+)?(?:body\s*weight|bw)\s+)?"
    r"(?P<how>to failure|till? failure|until failure|max(?:imum)?)\s*[,:;-]?\s*"
    r"(?:(?:i\s+)?(?:got|did|managed)\s*:?\s*)?"
    r"(?P<list>\d{1,3}(?:\s*(?:,|,?\s*and)\s*\d{1,3})+)(?![\d.]|\s*(?:kgs?|lbs?|x|@|at)\b)"
)
# "3 sets of max push-ups: 32, 25, 21": the exercise between the count and the list
_MAX_NAMED = re.compile(
    r"\b(?P<n>\d{1,2})\s*sets?\s+of\s+max(?:imum)?\s+(?P<name>[a-z][a-z -]{1,30}?)\s*[:-]\s*"
    r"(?P<list>\d{1,3}(?:\s*(?:,|,?\s*and)\s*\d{1,3})+)(?![\d.]|\s*(?:kgs?|lbs?|x|@|at)\b)"
)
# "1 set to failure got 11", "push-ups to failure: 22": one set of that many reps, none in reserve
_FAILURE_GOT = re.compile(
    r"(?:\b(?:1|one|a)\s+set\s+)?\b(?:to|till?|until) failure\s*"
    r"(?:[:=-]|,?\s*(?:and\s+)?(?:i\s+)?(?:got|did|managed|hit))\s*"
    r"(?P<reps>\d{1,3})(?!\d|\.\d|\s*(?:,|and\b|&|/)?\s*\d|\s*(?:kgs?|lbs?|x|@|at)\b)(?:\s*reps?\b)?"
)
_SPEC_WORDS = r"\d{1,2}\s*(?:x\s*\d{1,3}|sets?\s+of\s+\d{1,3}|(?:singles|doubles|triples)\b)"
# "140 for 3 singles.. no wait it was 3 sets of 2": the sets said again, the later stand
_SETS_SAID_AGAIN = re.compile(
    rf"(?<![\d.]){_SPEC_WORDS}\s*[.,;!-]*\s*(?:no\s+wait|wait\s+no|no\s+actually|no\s+sorry)\b\s*,?\s*"
    rf"(?:it\s+was\s+|make\s+(?:that|it)\s+|i\s+mean\s+)?(?P<new>{_SPEC_WORDS})"
)
# "5x5 -- no wait, last set i only got 4": the correction is the last set's own reps
_LAST_SET_AMENDED = re.compile(
    r"(?<=\d)\s*[-.,;!]*\s*\b(?:no\s+wait|wait|no\s+actually|actually)\b\s*[,:]?\s*(?=(?:but\s+)?(?:the\s+)?last\s+(?:set|one)\b)"
)
# "40x5x5 (post shoulder thing, going light)": a remark of clauses in brackets after the sets,
# no part of a name or a figure (one without a comma, "(each side)", "(paused)", may qualify the
# sets, and one with words of the kit or the way the sets were done: both kept as written)
_KIT = re.compile(
    r"\b(?:bands?|theraband|machine|cable|smith|dbs?|dumbbells?|kbs?|kettlebells?|barbell|bar|"
    r"trap|ez|paused?|tempo|grip|wide|close|narrow|incline|decline|seated|standing|each|per|"
    r"side|arms?|legs?|single|assisted|weighted|body ?weight|bw|chains?|box|deficit|blocks?|"
    r"rack|pins?|belt|straps?|vest|plates?|sumo|hang|floor|ring|rings|strict|kipping)\b"
)
_REMARK_AFTER = re.compile(r"(?<=\d)\s*\((?P<aside>[a-z' ,.!-]+)\)")
# "warmups 60x10 80x5 (dont log those)": warm-up sets the lifter asks to leave out
_WARMUPS_LEFT_OUT = re.compile(
    r"\bwarm\s*-?\s*ups?\b[^()]*?\(\s*(?:pls\s+|please\s+)?(?:don'?t|do\s+not|no\s+need\s+to|not|never)\s+"
    r"(?:log|count|record|track|add)\w*\b[^)]*\)"
)
# "5/3/1 week 3 squat day": the program's name and its week, no sets
_PROGRAM = re.compile(
    r"(?<![\d/])\b5\s*/\s*3\s*/\s*1\b(?!\s*(?:@|at|x)\b)(?:\s+(?:week|wk)\b(?:\s*\d\b)?)?"
)
# "@ 82 miss... no actually made it": a miss taken back
_MISS_TAKEN_BACK = re.compile(
    r"\s*\b(?:miss(?:ed)?|failed)\b[\s.,!-]*(?:no|nah|wait)\b[\s.,!-]*(?:(?:actually|wait)\b[\s,]*)?"
    r"(?:i\s+)?(?:made|got|hit)\s+it\b"
)


def _count(word: str) -> int:
    return _COUNT_WORDS.get(word, 0) or int(word)


def _plus_list(m: re.Match[str]) -> str:
    return f"{m.group('head')}{m.group('got')}{m.group('load')}"


def _kind_loads(m: re.Match[str]) -> str:
    """One set of the kind's reps at each load; a count that disagrees with the list stays."""
    loads = re.findall(NUM, m.group("loads"))
    if m.group("n") and int(m.group("n")) != len(loads):
        return m.group(0)
    unit = m.group("unit").strip()
    reps = _REPS[m.group("kind")]
    return ", ".join(f"1x{reps} at {load}{unit}" for load in loads)


def _one_each(m: re.Match[str], name: str = "") -> str:
    """A set of each listed reps (a set of their own: no load carried from a loaded group
    before them), or the words as written where the count disagrees with the list."""
    reps = re.findall(r"\d{1,3}", m.group("list"))
    if int(m.group("n")) != len(reps):
        return m.group(0)
    return name + ", ".join(f"1x{r}" for r in reps)


def _remark_after(m: re.Match[str]) -> str:
    """A remark of its own clauses left out of the line (no name, no figure: the brackets kept
    it apart); a short one, one about the kit, or one about what to log, kept as written (a
    lone "(wife was watching)" stays asked about, as before)."""
    aside = m.group("aside")
    if re.search(r"\b(?:log|count|record|track|skip|ignore|add|save)", aside) or _KIT.search(aside):
        return m.group(0)
    return " " if "," in aside else m.group(0)


def plus_sets(text: str) -> str:
    """A plus (AMRAP) set told with the reps it got, as a set of those reps."""
    if "+" in text:
        text = _PLUS_LIST.sub(_plus_list, text)
        text = _PLUS_ONE_AFTER.sub(lambda m: f"{m.group('got')}{m.group('load')}", text)
        text = _PLUS_ONE_BEFORE.sub(lambda m: f"{m.group('load')}{m.group('got')}", text)
    text = _PLUS_NAMED.sub(lambda m: f"1x{m.group('got')} at {m.group('load')}", text)
    text = _PLUS_REMARK.sub("", text)
    return _AMRAP_AFTER.sub(
        lambda m: (
            f"{m.group('sets')} at {m.group('load')}, 1x{m.group('reps')} at {m.group('load')}"
        ),
        text,
    )


def rep_kinds(text: str) -> str:
    """Singles, doubles and triples with their loads as sets x reps at those loads."""
    if not re.search(r"\b(?:single|double|triple)s?\b", text):
        return text
    text = _WORKED_UP.sub(
        lambda m: f"{_count(m.group('n'))}x{_REPS[m.group('kind')]} at {m.group('load')}", text
    )
    text = _AT_N_SETS.sub(
        lambda m: f"{m.group('n')}x{_REPS[m.group('kind')]} at {m.group('load')}", text
    )
    text = _N_AT.sub(
        lambda m: f"{_count(m.group('n'))}x{_REPS[m.group('kind')]} at {m.group('load')}", text
    )
    text = _ONE_NAMED_AT.sub(
        lambda m: f"{m.group('name')} 1x{_REPS[m.group('kind')]} at {m.group('load')}", text
    )
    text = _ONE_AT.sub(lambda m: f"1x{_REPS[m.group('kind')]} at {m.group('load')}", text)
    return _KIND_LOADS.sub(_kind_loads, text)


def set_notation(text: str) -> str:
    """``text`` (a normalised line) with its compact set notations in the parser's set forms."""
    text = _MISS_TAKEN_BACK.sub("", text)
    text = _WARMUPS_LEFT_OUT.sub(" ", text)
    text = _SETS_SAID_AGAIN.sub(lambda m: m.group("new"), text)
    text = _LAST_SET_AMENDED.sub(", ", text)
    text = _REMARK_AFTER.sub(_remark_after, text)
    text = rep_kinds(plus_sets(text))
    text = _THEN_LIST.sub(lambda m: ", ".join(re.findall(r"\d{1,3}", m.group(0))), text)
    text = _MAX_NAMED.sub(lambda m: _one_each(m, f"{m.group('name')} "), text)
    text = _FAILURE_LIST.sub(_one_each, text)
    text = _FAILURE_GOT.sub(lambda m: f"1x{m.group('reps')} rir 0", text)
    return _PROGRAM.sub(" ", text)
