"""A figure said, then taken back in the same message and said again: the one said last is the one
meant, and the first is never read as a second figure (which left the message asked about, or
stored the wrong one). One reader with one vocabulary for every way people do it (issue 57):

- the same unit again after a word that takes it back: "ran 8 km, sorry 6 km", "3 sets, actually
  it was 4 sets", "21 reps ugh autocorrect: 12 reps", "10 reps... scratch that, 12 reps";
- a bare figure after a word that only ever corrects: "weight 92.4 ... typo 91.4", "at 135 ...
  wait i mean 155", "145... wait no it was 155", "80 kg, sorry i wanted to say 85";
- a bare "no" between figures of one size: "bench 70, no wait 75kg", "10.. no 12";
- a scheme for a scheme: "3x12 no 3x10 sorry", "3x5 at 90, sorry, 3x6";
- what was meant said before the word: "70 kg, wait, 80 kg i mean";
- the new figure against the old one: "sorry 3 sets not 4", "is 80 not 70";
- the chat's star: "did 10 reps *12";
- a unit taken back: "100 lbs.. no wait kg", "150 lbs ... wait the machine's in kg";
- a distance said again as its whole: "10 mile ride to work and back = 20 miles".

A bare "80, sorry 85" stays as it was: a second figure without a unit may be another set (57f),
and is asked about. ``normalise`` runs ``said_over`` once, late (units spelled out, ranges read)."""

from __future__ import annotations

import re

# ---- the vocabulary ----
_FIG = r"\d+(?:\.\d+)?"
_MASS = r"kgs?|kilos?|kilograms?|lbs?|pounds?"
_MASS_DIST = r"kgs?|kilos?|lbs?|pounds?|km|mi|miles?"
_DISTANCE = r"km|kms|kilomet(?:er|re)s?|mi|miles?"
# a figure's unit said again with the second (counts too: "3 sets, actually 4 sets")
_UNITS = r"kg|lb|km|mi|miles?|m|min|mins|minutes|h|hrs?|hours?|sets?|reps?|rounds?|laps?"
# Words that only ever take back what was just said ("typo", "scratch that", "ugh autocorrect")
_STRONG = (
    r"no wait|wait no|no sorry|sorry no|no no|no hang on|hang on|hold on|correction|"
    r"scratch that|typo|(?:ugh\s+|stupid\s+|damn\s+)?auto-?correct(?:ed)?|oops|my bad"
)
# Words that say what was meant, second-language forms too ("i want say 80", "i wanted to write")
_MEANT = (
    r"i mean|i meant|meant|make that|make it|i meant to say|i mean to say|"
    r"i want(?:ed)?(?: to)? (?:say|write|put)"
)
# Words that take back only with more said after them (a unit, a stop, "it was")
_WEAK = r"sorry|actually|no|nope|wait"
# What may stand between the word and the new figure
_IT_WAS = r"(?:it was|it's|its|it is|is|was|more like|it should be|should be)"
_GAP = r"[\s.,!?…:;–—-]*"


# ---- one figure for another ----
# "8 km, sorry 6 km", "3 sets, actually it was 4 sets": the same unit after the second number
_SAME_UNIT = re.compile(
    rf"(?<![\d.x:])\d+(?:\.\d+)?\s*(?P<unit>{_UNITS})\b{_GAP}"
    rf"(?:(?:{_STRONG}|{_MEANT}|sorry|no|nope|actually)\b{_GAP})+(?:{_IT_WAS}\s+)?"
    rf"(?P<new>\d+(?:\.\d+)?)\s*(?P=unit)\b"
)
# "92.4 ... typo 91.4", "8.2 km... no its 8.4", "7 hrs, scratch that, more like 6.5": a bare
# second number after words that only ever correct; the first's unit said again after it goes
_BARE = re.compile(
    rf"(?<![\d.x:])\d+(?:\.\d+)?(?P<unit>\s*(?:{_UNITS})\b)?[\s.,!…–—-]*"
    rf"(?:typo|scratch that|(?:ugh\s+|stupid\s+|damn\s+)?auto-?correct(?:ed)?|"
    rf"no,?\s+(?:it was|it's|its|it is))"
    rf"{_GAP}(?:more like\s+)?(?P<new>\d+(?:\.\d+)?)\b(?P<again>\s*(?P=unit))?"
    rf"(?(again)|(?![.,]\d|\s*(?:x|am|pm|{_UNITS}|{_MASS_DIST}|[a-z%/]+\s*\d)\b))"
)
# "at 135 ... wait i mean 155", "60kg, sorry meant 65": the second, in the first's unit unless
# it gives its own
_MEANT_FIG = re.compile(
    rf"(?<![\d.x:])(?P<old>{_FIG})(?P<unit>\s*(?:{_MASS}|{_DISTANCE})\b)?[\s.,!…]*"
    rf"(?:(?:{_STRONG}|{_WEAK})[\s,.!…:;-]*)?(?:{_MEANT})[\s,:]+(?P<new>{_FIG})\b"
    rf"(?P<newunit>\s*(?:{_MASS}|{_DISTANCE})\b)?(?![.,]\d|\s*(?:x|sets?|reps?)\b)"
)
# "145... wait no it was 155", "68.9 - no hang on, 69.8": a stop of its own before the second
_STOP_FIG = re.compile(
    rf"(?<![\d.x:])(?P<old>{_FIG})(?P<unit>\s*(?:{_MASS}|{_DISTANCE})\b)?[\s.,!…–—-]*"
    rf"(?:{_STRONG})[\s,.!…:;–—-]*(?:{_IT_WAS} )?(?P<new>{_FIG})\b"
    rf"(?P<newunit>\s*(?:{_MASS}|{_DISTANCE})\b)?(?![.,]\d|\s*(?:x|sets?|reps?)\b|\s*(?:am|pm|min|mins|minutes|h|hrs?|hours?)\b)"
)
# "at 100, no wait it was 95, ...", "in 45 min, actually 42.": the new figure alone before a
# pause ("sorry" or "oops" only with "it was": a bare "80, sorry 85" may be a second figure)
_PAUSE_FIG = re.compile(
    rf"(?<![\d.x:])({_FIG})(\s*(?:{_MASS}|{_DISTANCE}|mins?|minutes)\b)?[\s.,!…]*"
    rf"(?:(?:no wait|wait no|correction|actually|scratch that)[\s,.!…:;-]*(?:no,? )?(?:{_IT_WAS} )?"
    r"|(?:sorry|oops|my bad)[\s,.!…:;-]*(?:no,? )?(?:it was|it's|its|was|is) )"
    rf"({_FIG})(?=\s*(?:$|[,.;!]))"
)


def _new_figure(m: re.Match[str]) -> str:
    return f"{m.group('new')}{m.group('newunit') or m.group('unit') or ''}"


# "70, no wait 75kg", "405?? no 305 lol typo", "100 no 105 x 5 x 3": a bare "no" between two
# figures; the apology after it goes with it (else "sorry", "typo" or "wrong" read the whole log
# as a correction of an earlier one). After "was", "era", "fue", "foi" ("era 77.5 no 75") the
# first is the one meant, said to correct an earlier entry: it stays for the corrections' reader.
_APOLOGY = (
    r"(?:[\s,.!?…–—-]*(?:lol|haha|oops)?\s*(?:typo|sorry|my bad|i read it wrong|read it wrong|"
    r"misread(?: it)?|wrong)\b(?:\s*(?:lol|haha))?)*"
)
_NO_STRONG = r"(?:no wait|wait no|no sorry|sorry no|no no)"
_WAS_BEFORE = r"(?<!\bwas )(?<!\bera )(?<!\bfue )(?<!\bfoi )(?<!\bit's )(?<!\bits )"
_FIGURE_NO = re.compile(
    rf"{_WAS_BEFORE}(?<![\d.x:])(?P<old>{_FIG})(?P<unit>\s*(?:{_MASS_DIST})\b)?[\s.,!?…–—-]*"
    # (days95: the whole figure, never its first digit: "6 km, no 40 min of it was flat" read
    # "4 km0 min")
    rf"(?P<back>{_NO_STRONG}|no)\b[\s,.!?:;–—-]*(?:is\s+)?(?P<new>{_FIG})(?!\d)"
    rf"(?P<newunit>\s*(?:{_MASS_DIST})\b)?"
    rf"(?![.,]\d|\s*(?:sets?|reps?|am|pm|min|mins|minutes|h|hrs?|hours?|%)\b)(?P<tail>{_APOLOGY})"
)


def _figure_no(m: re.Match[str]) -> str:
    old, new = float(m.group("old")), float(m.group("new"))
    plain = m.group("back") == "no" and not m.group("tail")
    # a scheme's sets after it ("at 60, no wait 3x8") are no load said again
    scheme = not m.group("newunit") and re.match(r"\s*x\s*\d", m.string[m.end("new") :])
    # a bare "no" only between figures of one size (a load, a weight said again), unless an
    # apology after it says so
    if old <= 0 or new <= 0 or ((plain or scheme) and not 0.5 <= new / old <= 2.0):
        return m.group(0)
    unit = m.group("newunit") or m.group("unit") or ""
    return f"{m.group('new')}{unit}"


# ---- a scheme for a scheme ----
# "3x12 no 3x10 sorry"
_SCHEME_NO = re.compile(
    rf"(?<![\d.])\d+\s*x\s*\d+\b[\s.,!?…–—-]*(?:{_NO_STRONG}|no)\b[\s,.!?:;–—-]*"
    rf"(?P<new>\d+\s*x\s*\d+)\b{_APOLOGY}"
)
# "3x5 at 90, sorry, 3x6", "3x8 at 80.. i mean 3x10": the load said with the first stays
_SCHEME_BACK = re.compile(
    rf"(?<![\d.])\d+\s*x\s*\d+\b(?P<mid>[^;\n\d]{{0,20}}(?:\d+(?:\.\d+)?[^;\n\d]{{0,12}})?)"
    rf"[\s.,!…]*(?:{_STRONG}|{_MEANT}|sorry|actually)[\s,.!…:;-]*"
    rf"(?:{_IT_WAS} )?(?P<new>\d+\s*x\s*\d+)\b(?!\s*(?:at|@|with)\b)"
)
# "3x6 at 90, i did 6 reps each set": the scheme's reps said again, no set of its own
_REPS_AGAIN = re.compile(
    r"(\d+\s*x\s*(\d+)\b[^;\n\d]{0,20}(?:\d+(?:\.\d+)?[^;\n\d,]{0,12})?),\s*(?:i did |did |so |that'?s )?"
    r"\2(?: reps)? (?:each|every|per|a) set\b"
)


# ---- what was meant said before the word, or against the old figure ----
# "70 kg, wait, 80 kg i mean", "10 reps... no 12 reps i meant": the figure before "i mean"
_MEANT_AFTER = re.compile(
    rf"(?<![\d.x:])(?P<old>{_FIG})(?P<unit>\s*(?:{_UNITS})\b)?{_GAP}"
    rf"(?P<back>(?:{_STRONG}|{_WEAK})\b{_GAP})?(?P<new>{_FIG})(?P<newunit>\s*(?:{_UNITS})\b)?"
    rf"\s*,?\s*(?:{_MEANT})\b(?!\s+(?:to\s+)?\d)(?:\s*(?:lol|haha))?"
)


def _meant_after(m: re.Match[str]) -> str:
    unit, newunit = (m.group("unit") or "").strip(), (m.group("newunit") or "").strip()
    # with no word that takes it back, only the same unit said again says it is the same figure
    if not m.group("back") and not (unit and unit == newunit):
        return m.group(0)
    if unit and newunit and unit != newunit:
        return m.group(0)
    return f"{m.group('new')}{m.group('newunit') or m.group('unit') or ''}"


# "sorry 3 sets not 4", "actually it was 12 not 10", "no, is 80 kg not 70": the new figure set
# against the old; the old one said earlier (in that unit, or as a scheme's sets or reps) is
# replaced and the correction goes
_NOT_THAT = re.compile(
    rf"{_GAP}(?:{_STRONG}|{_MEANT}|{_WEAK})\b{_GAP}(?:{_IT_WAS}\s+)?"
    rf"(?P<new>{_FIG})(?P<unit>\s*(?:{_UNITS}|{_MASS})\b)?\s*,?\s+not\s+(?P<old>{_FIG})"
    rf"(?P<oldunit>\s*(?:{_UNITS}|{_MASS})\b)?(?![.,]\d|\s*x\s*\d)"
)


def _not_that(text: str) -> str:
    m = _NOT_THAT.search(text)
    if m is None:
        return text
    unit = (m.group("unit") or m.group("oldunit") or "").strip()
    head, old, new = text[: m.start()], m.group("old"), m.group("new")
    if unit in ("set", "sets"):  # the sets of "4x12" or of "4 sets"
        found = list(re.finditer(rf"(?<![\d.])({old})(?=\s*x\s*\d|\s*sets?\b)", head))
    elif unit in ("rep", "reps"):
        found = list(
            re.finditer(rf"(?<=x)\s*({old})\b(?![.,]\d)|(?<![\d.])({old})(?=\s*reps?\b)", head)
        )
    elif unit:
        found = list(re.finditer(rf"(?<![\d.])({old})(?=\s*{re.escape(unit)}\b)", head))
    else:
        found = list(re.finditer(rf"(?<![\d.:])({old})(?![\d.:])", head))
    if len(found) != 1:
        return text  # none, or which one? as it was
    g = found[0]
    i = g.start(1) if g.group(1) is not None else g.start(2)
    return f"{head[:i]}{new}{head[i + len(old) :]}{text[m.end() :]}"


# ---- the chat's star ----
# "did 10 reps *12", "bench 3x8 at 80 *85", "dips 3x10 *3x12": the figure after a star stands for
# the one before it (in its unit where it names one, a scheme for a scheme), of one size with it;
# "3*10" and "4 * 8" are schemes, no star
_STAR = re.compile(
    r"(?:(?<=[a-z%)!?.,])\s*\*\s?|(?<=\d)\s+\*(?=\d)|^\s*\*\s?)"
    rf"(?P<new>\d+\s*x\s*\d+\b|{_FIG}(?![\d.]|\s*[x*]\s*\d))(?P<unit>\s*(?:{_UNITS}|{_MASS})\b)?",
    re.M,
)


def _star(text: str) -> str:
    m = _STAR.search(text)
    if m is None:
        return text
    head, new = text[: m.start()], m.group("new")
    if "x" in new:
        schemes = list(re.finditer(r"(?<![\d.])(\d+\s*x\s*\d+)\b", head))
        if not schemes:
            return text
        i, j = schemes[-1].span(1)
        return f"{head[:i]}{new}{head[j:]}{text[m.end() :]}"
    unit = (m.group("unit") or "").strip()
    figures = [
        f
        for f in re.finditer(rf"(?<![\d.:])({_FIG})(\s*(?:{_UNITS}|{_MASS})\b)?", head)
        if not unit or (f.group(2) or "").strip() == unit
    ]
    if not figures:
        return text
    last = figures[-1]
    old = float(last.group(1))
    if old <= 0 or not 0.3 <= float(new) / old <= 3.0:
        return text  # far from it: a footnote, not a correction
    return f"{head[: last.start(1)]}{new}{head[last.end(1) :]}{text[m.end() :]}"


# ---- the same unit said again later, words between ----
# "dl 4 sets of 5 200kg, actually it was 3 sets, skipped the last", "walked 3 miles in 50 min,
# scratch that, 2 miles": where the unit was said once before, that figure is the one taken back;
# the correction goes, the why after it stays. Not after a bare "sorry": "3 miles - sorry, 2
# miles, the app was wrong" may say the app's figure is the wrong one (asked, as before)
_LATER = re.compile(
    rf"(?P<back>[\s.,!…–—-]*(?:(?:{_STRONG}|{_MEANT}|actually)\b{_GAP})+(?:{_IT_WAS}\s+)?)"
    rf"(?P<new>{_FIG})\s*(?P<unit>sets?|reps?|kg|lbs?|km|mi|miles?)\b(?=\s*(?:$|[,.;!?]))"
)


def _later(text: str) -> str:
    m = _LATER.search(text)
    if m is None:
        return text
    head, unit = text[: m.start()], m.group("unit").rstrip("s") or "s"
    if unit == "mile":
        unit = "mi"
    same = rf"(?:{unit}s?|miles?)" if unit == "mi" else rf"{unit}s?"
    found = list(re.finditer(rf"(?<![\d.x:])({_FIG})\s*{same}\b", head))
    if unit == "set" and not found:  # the sets of the one scheme before it
        found = list(re.finditer(rf"(?<![\d.x:])({_FIG})(?=\s*x\s*\d)", head))
    if unit == "rep" and not found:  # its reps
        found = list(re.finditer(rf"(?<=x)\s*({_FIG})\b(?![.,]\d)", head))
    if len(found) != 1 or found[0].group(1) == m.group("new"):
        return text
    i, j = found[0].span(1)
    return f"{head[:i]}{m.group('new')}{head[j:]}{text[m.end() :]}"


# ---- a unit taken back ----
_TAKEN_BACK = rf"{_STRONG}|{_MEANT}|sorry|actually"
# "100 lbs.. no wait kg", "8 km... sorry miles": the number is in the second
_UNIT_FIXED = [
    re.compile(
        rf"(\d+(?:\.\d+)?)[\s.…]*(?:{units})\b[\s.,!…]*(?:{_TAKEN_BACK})[\s,.!…:;-]*"
        rf"(?:i'?m in |it'?s |its |it was |in )?({units})\b"
    )
    for units in (_MASS, _DISTANCE)
] + [
    # the same number said again with its unit, told apart from the first ("at 140, sorry i
    # mean 140 lbs", "6 km... oops no, 6 miles"): the number is in the unit said last
    re.compile(
        rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:(?:{units})\b)?[\s.,!…]*(?:{_TAKEN_BACK})(?:[\s,]+no\b)?"
        rf"[\s,.!…:;-]*(?:i mean |i meant |it'?s |its |it was |make that )?\1\s*({units})\b"
    )
    for units in (_MASS, _DISTANCE)
]
# "150 lbs on the leg press for 3x15. wait the machine's in kg actually, 150kg": the number is
# in the unit it names, when it is the only number in a unit of that kind before it
_UNIT_LATER = [
    re.compile(
        rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?P<first>{units})\b(?P<gap>[^;\n]{{0,80}}?)"
        rf"(?P<back>\b(?:{_TAKEN_BACK}|wait)\b[^\d;\n]{{0,40}}?"
        rf"\b(?:in|it'?s|its|it was|they'?re)\s+(?P<unit>{units})\b)"
    )
    for units in (_MASS, _DISTANCE)
]


def _unit_name(unit: str) -> str:
    if unit.startswith(("l", "p")):
        return "lb"
    if unit.startswith("mi"):
        return "mi"
    return "km" if unit.startswith(("km", "kilomet")) else "kg"


def _unit_later(m: re.Match[str]) -> str:
    if _unit_name(m.group("first")) == _unit_name(m.group("unit")):
        return m.group(0)  # the same unit said again: nothing taken back
    if re.search(rf"\d\s*(?:{_MASS}|{_DISTANCE})\b", m.group("gap")):
        return m.group(0)
    return f"{m.group(1)} {m.group('unit')}{m.group('gap')}{m.group('back')}"


# ---- a distance said again as its whole ----
# "10 mile ride to work and back = 20 miles" (in the same unit): the figure after "=" is the
# one logged
_SAID_AGAIN = re.compile(
    rf"(?<![\d.])\d+(?:\.\d+)?\s*(?P<unit>{_DISTANCE})\b(?P<mid>[^\d=;\n]{{0,60}}?)\s*=\s*"
    rf"(?P<whole>\d+(?:\.\d+)?\s*(?P<again>{_DISTANCE})\b)"
)


def _said_again(m: re.Match[str]) -> str:
    # in another unit it is a conversion of the same distance: the one said first stands
    if _unit_name(m.group("unit")) != _unit_name(m.group("again")):
        return m.group(0)
    # the legs said one by one ("12km there, 12km back = 24km"): their sum, read as before
    if len(re.findall(rf"\d\s*(?:{_DISTANCE})\b", m.string)) > 2:
        return m.group(0)
    return f"{m.group('mid').strip()} {m.group('whole')}"


def said_over(text: str) -> str:
    """``text`` (normalised) with every figure, scheme or unit said over in the same message
    replaced by the one said last, the words that took it back dropped."""
    out = _SAID_AGAIN.sub(_said_again, text)
    out = _SCHEME_NO.sub(lambda m: m.group("new"), out)
    out = _FIGURE_NO.sub(_figure_no, out)
    for fixed in _UNIT_FIXED:
        out = fixed.sub(r"\1 \2", out)
    for later in _UNIT_LATER:
        out = later.sub(_unit_later, out)
    out = _MEANT_AFTER.sub(_meant_after, out)
    out = _not_that(_star(out))
    out = _MEANT_FIG.sub(_new_figure, out)
    out = _STOP_FIG.sub(_new_figure, out)
    out = _SCHEME_BACK.sub(lambda m: f"{m.group('new')}{m.group('mid').rstrip(' ,')}", out)
    out = _REPS_AGAIN.sub(r"\1", out)
    out = _PAUSE_FIG.sub(lambda m: f"{m.group(3)}{m.group(2) or ''}", out)
    out = _SAME_UNIT.sub(lambda m: f"{m.group('new')} {m.group('unit')}", out)
    out = _BARE.sub(lambda m: f"{m.group('new')}{m.group('unit') or ''}", out)
    return _later(out)
