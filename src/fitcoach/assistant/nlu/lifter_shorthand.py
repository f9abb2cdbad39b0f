"""Advanced lifters' shorthand rewritten into the set forms the parser reads, on a line's
normalised words before ``set_notation`` (notation95):

- an RPE written after "@" beside a load already said: "rdl 225 3x8 @ 7", "bench 100 for a
  single @ 9" (the 7 and the 9 are the sets' RPE, never a load of 7 or 9);
- how each rep was done, said as a clause of its own: "2 sec pause on the chest", "2 sec hold
  at the top each rep", "3 sec on the way down" (beside a tempo lift): no field of a log, and
  no clause that parts what follows ("..., rpe 7.5") from its sets;
- a programme's tier before a lift ("t1 squat 5x3+ at 105", GZCLP): no part of the name;
- a plus (AMRAP) last set with the reps it got: "5x3+ at 105, got 6 on the last set" is 4
  sets of 3 and 1 of 6; "3x15+ at 50, last 1 went to 22" is 2 of 15 and 1 of 22; "1+ set at
  245 and i got 3" (nSuns) is 1 of 3;
- a day named by its lift before sets with no name: "nsuns bench day, 1x3 at 245" is bench;
- supersets: "curls 25kg 3x10 superset with extensions 20kg 3x12" is two lifts, as if a comma
  parted them; "supersetted curls with the 30s and pushdowns at 50lbs, 4 rounds of 12 each"
  gives each lift the sets said once for both.

Whatever does not fit is left as written, so the reader still asks."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.programme_words import programme_words
from fitcoach.assistant.nlu.quantities import NUM
from fitcoach.assistant.nlu.rep_sequences import rep_sequences
from fitcoach.assistant.nlu.variant_after import variant_after

_UNIT = r"(?:\s*(?:kgs?|kilos?|lbs?|pounds?))?"

# "@ 7", "@8.5": an RPE's figure (5 to 10, in halves) after "@", with nothing after it that
# makes it a load, a count or a time
_AT_EFFORT = re.compile(
    r"@\s*(?P<n>(?:[5-9](?:\.5)?|10))(?![\d.:/%])"
    r"(?!\s*(?:kgs?|kilos?|lbs?|pounds?|x|for|reps?|sets?|s|secs?|mins?|rpe|rir|%)\b)"
)
# what says a clause holds sets ("3x8", "for a single", "3 sets", "5 reps")
_SETS_SAID = re.compile(
    r"\d\s*x\s*\d|\b(?:single|double|triple)s?\b|\bsets?\b|\breps?\b|\bfor\s+\d"
)
# a clause's load said beside the effort: a figure of a load's size (20 or more) outside the
# sets' own figures, or any figure with its unit
_SCHEME = re.compile(r"\d{1,2}\s*x\s*\d{1,3}(?:\s*x\s*\d{1,2})?|\b\d{1,2}\s+(?:sets?|reps?)\b")
_BIG_FIGURE = re.compile(rf"(?<![\d.@])(?<!@ )({NUM})(?![\d.])")
_UNIT_LOAD = re.compile(rf"(?<![\d.]){NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)\b")


def _efforts(clause: str) -> str:
    m = _AT_EFFORT.search(clause)
    if m is None or not _SETS_SAID.search(clause):
        return clause
    rest = _SCHEME.sub(" ", clause[: m.start()] + " " + clause[m.end() :])
    if not (_UNIT_LOAD.search(rest) or any(float(f) >= 20 for f in _BIG_FIGURE.findall(rest))):
        return clause  # "curls 3x10 @ 9": the only figure after "@" is the load
    return f"{clause[: m.start()]}@ rpe {m.group('n')}{clause[m.end() :]}"


def at_efforts(line: str) -> str:
    """Each clause's "@ N" read as its RPE where the clause says its load otherwise."""
    if "@" not in line:
        return line
    parts = re.split(r"([,;]|\.\s|\bthen\b)", line)
    return "".join(_efforts(p) if i % 2 == 0 else p for i, p in enumerate(parts))


_PLACE = r"(?:chest|bottom|top|floor|hole|box|knees?|shins?|sternum|lockout)"
_PHASE = (
    r"(?:(?:on\s+the\s+way\s+|going\s+|coming\s+|lowering\s+)?(?:down|up)|eccentrics?|"
    r"negatives?|lowering|descent)"
)
_COUNT = r"\d(?:\.\d)?\s*-?\s*(?:ct|count|secs?|seconds?|s)\s+"
_EACH_REP = r"(?:\s+(?:on\s+)?(?:each|every|per)\s+rep)?"
# ", 2 sec pause on the chest", ", 2 sec hold at the top each rep": a clause of its own
_PAUSE_CLAUSE = re.compile(
    rf"(?:[,;]|\.(?=\s))\s*(?:(?:with|w)\s+(?:a\s+)?)?{_COUNT}(?:pause|paused|hold|holds)"
    rf"(?:\s+(?:on|at|in|off)\s+(?:the\s+)?{_PLACE})?{_EACH_REP}\s*(?=[,;.]|$)"
)
# ", 3 sec on the way down", ", 3 sec eccentric": a tempo's phase (beside a tempo lift only:
# said of a plain "squats" it may name the Tempo Squat, which the reader asks about)
_PHASE_CLAUSE = re.compile(
    rf"(?:[,;]|\.(?=\s))\s*(?:(?:with|w)\s+(?:a\s+)?)?{_COUNT}{_PHASE}{_EACH_REP}\s*(?=[,;.]|$)"
)


def rep_manner(line: str) -> str:
    """A line without the clauses that say only how each rep was done."""
    line = _PAUSE_CLAUSE.sub("", line)
    if re.search(r"\btempo\b", line):
        line = _PHASE_CLAUSE.sub("", line)
    return line


# "t1 squat 5x3+", "t2: bench 3x10", "gzcl t2 front squat 3x10", "t3 leg ext at 45kg, 15 15
# 21": a programme's tier before a lift and its sets or load (never
# "t1 diabetic" nor "t1 here": no sets after the words)
_TIER = re.compile(
    r"(?:^|(?<=[,.;:]\s)|(?<=[,.;:]))\s*(?:gzclp?\s*[:-]?\s+)?\bt[1-3]\s*[:.-]?\s+"
    r"(?=[a-z][a-z' -]{1,30}?\s+(?:\d{1,2}\s*x\s*\d|\d{1,2}\s+sets?\b|(?:at|@)\s*\d))"
)
# the reps a plus set got, said after it: "got 6 on the last set", "and i got 3",
# "last 1 went to 22", "the last set was 9"
_GOT = (
    r"\s*[,;]?\s*(?:and\s+)?(?:(?:i\s+)?(?:got|did|hit|made)\s+(?P<got>\d{1,3})(?:\s*reps?)?"
    r"(?:\s+(?:on|in|for)\s+(?:the\s+|my\s+)?(?:plus|\+|amrap|last|final|top)\s+(?:set|1|one))?|"
    r"(?:the\s+)?(?:last|final)\s+(?:set|1|one)\s+(?:went\s+to|got|was|hit|for)\s+(?P<got2>\d{1,3})"
    r"(?:\s*reps?)?)(?!\d|\.\d|\s*(?:x|kgs?|kilos?|lbs?|pounds?)\b)"
)
# "5x3+ at 105, got 6": the last of the sets a plus set
_LAST_PLUS = re.compile(
    rf"(?<![\d.])(?P<n>\d{{1,2}})\s*x\s*(?P<m>\d{{1,3}})\+\s*(?:@|at)\s*(?P<load>{NUM}{_UNIT})"
    + _GOT
)
# "1+ set at 245 and i got 3": one plus set named as a set
_PLUS_SET = re.compile(
    rf"(?<![\d./x])\d{{1,2}}\+\s*sets?\s*(?:@|at)\s*(?P<load>{NUM}{_UNIT})" + _GOT
)


def _last_plus(m: re.Match[str]) -> str:
    n, got, load = int(m.group("n")), m.group("got") or m.group("got2"), m.group("load")
    if n < 1:
        return m.group(0)
    head = f"{n - 1}x{m.group('m')} at {load}, " if n > 1 else ""
    return f"{head}1x{got} at {load}"


def plus_sets(line: str) -> str:
    """Plus sets with the reps they got, and programme tiers, in the parser's set forms."""
    line = _TIER.sub(" ", line)
    if "+" not in line:
        return line
    line = _LAST_PLUS.sub(_last_plus, line)
    return _PLUS_SET.sub(
        lambda m: f"1x{m.group('got') or m.group('got2')} at {m.group('load')}", line
    )


_SUPERSET = r"super\s*-?\s*set(?:s|ted|ting)?"
# "3x10 superset with ...", "at 150 super setted w ...": the next lift of the pair
_PAIRED = re.compile(
    rf"(?<=\d)(?P<unit>\s*(?:kgs?|kilos?|lbs?|pounds?|reps?|each))?\s*,?\s*(?:{_SUPERSET}|ss)\s+"
    r"(?:with|w/?)\s+(?=[a-z])"
)
# "supersetted curls ...", "superset: curls ...", ", superset": the word alone
_LEADING = re.compile(rf"(?:^|(?<=[,.;:]\s))\s*{_SUPERSET}\s*:?\s+(?!with\b|w\b|day\b)(?=[a-z])")
_TRAILING = re.compile(rf"\s*,?\s*\b{_SUPERSET}\b\s*(?=[,;.]|$)")
# "curls with the 30s and pushdowns at 50lbs, 4 rounds of 12 each": the sets of both
_BOTH = re.compile(
    r"^(?P<a>[a-z][^,;\d]*(?:\d[^,;x]*)?)\s+and\s+(?P<b>[a-z][^,;]*?)\s*,\s*"
    r"(?P<sets>\d{1,2}\s*(?:x\s*\d{1,3}|(?:sets?|rounds?)\s+of\s+\d{1,3}))\s+each\b(?P<rest>.*)$"
)


def supersets(line: str) -> str:
    """A superset's lifts said apart, as two clauses, each with its own sets."""
    if not re.search(rf"\b(?:{_SUPERSET}|ss)\b", line):
        return line
    line = _PAIRED.sub(lambda m: f"{m.group('unit') or ''}, ", line)
    line = _TRAILING.sub("", _LEADING.sub(" ", line)).strip()
    m = _BOTH.match(line)
    if m and not any(re.search(r"\d\s*x\s*\d|\bsets?\b", m.group(k)) for k in ("a", "b")):
        sets = m.group("sets")
        line = f"{m.group('a')} {sets}, {m.group('b')} {sets}{m.group('rest')}"
    return line


# "nsuns bench day, 1x3 at 245", "squat day: 5x5 at 100", "squat day: 130 x 4": the day named by its main lift, then
# sets with no name of their own (a programme's day: the sets are that lift's)
_LIFT_DAY = re.compile(
    r"(?<![a-z'])(?P<words>[a-z][a-z' ]{0,40}?)\s+day\s*[,.:;-]\s*"
    r"(?=\d{1,2}\s*x\s*\d|\d{1,2}\s+sets?\b|\d{2,3}(?:\.\d+)?\s*(?:kgs?|lbs?)?\s*x\s*\d)"
)


def _lift_day(m: re.Match[str], matcher: ExerciseMatcher) -> str:
    words = m.group("words").split()
    for cut in range(max(0, len(words) - 2), len(words)):
        found = matcher.match(" ".join(words[cut:]))
        if found is not None and matcher.category(found.slug) == "strength":
            before = " ".join(words[:cut])
            return f"{before}: {' '.join(words[cut:])} " if before else f"{' '.join(words[cut:])} "
    return m.group(0)


def lifter_shorthand(line: str, matcher: ExerciseMatcher) -> str:
    """``line`` (normalised) with the shorthand above in the parser's set forms."""
    line = variant_after(programme_words(line, matcher))
    line = rep_sequences(at_efforts(plus_sets(rep_manner(supersets(line)))), matcher)
    return _LIFT_DAY.sub(lambda m: _lift_day(m, matcher), line) if " day" in line else line


# A variant said alone for sets after a lift ("comp squat: 3 singles at 190, then 3x3 paused at
# 170"): that lift done so, where the library holds it ("paused squat": the Pause Squat)
_SET_WORDS = frozenset(
    (
        "at",
        "x",
        "for",
        "kg",
        "kgs",
        "kilos",
        "lb",
        "lbs",
        "sets",
        "set",
        "reps",
        "rep",
        "of",
        "then",
    )
)


def _variant_of(matcher: ExerciseMatcher, word: str, last: str) -> str | None:
    """The one entry named by ``word`` before a name of the entry ``last``, or None."""
    record = next((r for r in matcher.records if r.slug == last), None)
    if record is None:
        return None
    found = {
        m.slug
        for name in (record.name.lower(), *record.aliases)
        if (m := matcher.match(f"{word} {name}")) is not None and m.slug != last
    }
    return found.pop() if len(found) == 1 else None


def variant_named(
    matcher: ExerciseMatcher, part: str, groups: Sequence[Mapping[str, object]]
) -> str:
    """``part`` (a clause of sets) with a variant word said alone ("3x3 paused at 170") as the
    name of the lift before it done so ("pause squat"); as written where the part names more,
    no lift comes before it, or the library holds no such entry (the reader asks)."""
    said = [w for w in re.findall(r"[a-z]+", part) if w not in _SET_WORDS]
    if len(said) != 1 or said[0] not in ("pause", "paused", "tempo") or not groups:
        return part
    last = groups[-1].get("exercise")
    word = "tempo" if said[0] == "tempo" else "paused"
    slug = _variant_of(matcher, word, last) if isinstance(last, str) else None
    if slug is None:
        return part
    name = next(r.name.lower() for r in matcher.records if r.slug == slug)
    return re.sub(rf"\b{said[0]}\b", name, part, count=1)
