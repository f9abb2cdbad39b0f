"""Corrections and undo of the last logged entry: "undo that", "delete the last 2 entries",
"remove the lunch one", "it was 80 not 100", "meant lb not kg", "chin ups not pull ups"
(``read_undo``; what to change is the offline assistant's job)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fitcoach.assistant.nlu.base import Ctx, has
from fitcoach.assistant.nlu.cardio import log_cardio
from fitcoach.assistant.nlu.dates import DAY
from fitcoach.assistant.nlu.matcher import ExerciseMatcher, default_matcher, singular
from fitcoach.assistant.nlu.names import NOT_EXERCISE, named_exercises
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.quantities import NUM, to_int

_UNDO = re.compile(
    r"\b(undo|scratch|delete|remove|cancel|forget (?:that|it)|get rid of|"
    r"take (?:that|it) (?:back|out|away|off)|"
    # "please take away the last entry" (alarms96); never a takeaway meal ("had a take away")
    r"take away (?=(?:the|that|this|my|it|last)\b))"
)
_CORRECT = re.compile(
    r"\b(wrong|oops|i meant|meant|mistake|typo|correction|should (?:have been|be)|actually|"
    r"it was|was actually|scratch that|not|make (?:that|it))\b"
)
# The undo and correction words of Spanish and Portuguese, as people write them between English
# ones ("borra eso", "apaga isso", "ops, foi 10 não 8"): read as the English words here only.
_ABROAD = (
    (
        r"\b(?:borra|borralo|bórralo|borrá|borre|apaga|apague|apagalo|deshaz|desfaz|elimina|"
        r"elimine)\b",
        "delete",
    ),
    (r"\b(?:eso|esto|isso|isto)\b", "that"),
    (r"\b(?:ops|opa)\b", "oops"),
    (r"\b(?:foi|fue|fueron|foram)\b", "was"),
    (r"\b(?:não|nao)\b", "not"),
    # "era 10 no 8", "fue 12 km no 10": "no" between two figures
    (r"(\d\s*(?:kgs?|kilos?|lbs?|km|mi|min)?)\s+no\s+(?=\d)", r"\1 not "),
)
# "log my run, it was yesterday or monday": the day of a new log, no correction of the last one
_DAY_TOLD = re.compile(rf"\bit was (?:on )?(?:{DAY}|yesterday|today|last night|this morning)\b")
_ALL_ENTRIES = re.compile(r"\b(everything|all of (?:it|them|that|those|today)|all (?:the )?(?:entries|of today'?s?|today'?s?))\b")  # fmt: skip
# What an undo or a correction may name to pick its entry ("the lunch one", "the row").
_ENTRY_KIND_WORDS = frozenset(
    {"breakfast", "brekkie", "lunch", "dinner", "supper", "snack", "meal", "weight", "sleep",
     "run", "ride", "bike", "swim", "walk", "hike", "mood", "energy", "hrv", "rhr"}
)  # fmt: skip
_NOT_TARGET = frozenset(
    {"the", "that", "this", "last", "one", "ones", "entry", "entries", "thing", "things", "log",
     "logged", "previous", "pls", "please", "plz", "everything", "all", "today", "set", "sets",
     "rep", "reps", "exercise", "first", "second", "third", "was", "were", "not", "actually"}
)  # fmt: skip


def _targets(text: str, matcher: ExerciseMatcher) -> tuple[list[str], list[str]]:
    """The words of an undo or correction that name what it is about, singular: surely (an
    exercise the library knows, "the curls", or a kind of entry, "the lunch one") and maybe
    (a word several exercises share, "the row"; a chance word such as "wait" is one too, so
    these only pick among the logged entries and never stop an undo)."""
    sure: list[str] = []
    maybe: list[str] = []
    for word in re.findall(r"[a-z][a-z-]*", text):
        if len(word) < 3 or word in _NOT_TARGET or word in NOT_EXERCISE:
            continue
        if word in _ENTRY_KIND_WORDS or matcher.match(word) is not None:
            sure.append(singular(word))
        elif matcher.resolve(word).candidates:
            maybe.append(singular(word))
    return list(dict.fromkeys(sure)), list(dict.fromkeys(maybe))


def _exercise_pair(text: str, matcher: ExerciseMatcher) -> tuple[str, str] | None:
    """ "chin ups not pull ups": the exercise said (left of "not") and the one logged."""
    m = re.search(r"([a-z][a-z -]*?)\s*,?\s+(?:not|instead of|rather than)\s+([a-z][a-z -]*)", text)
    if m is None:
        return None
    left, right = m.group(1).split(), m.group(2).split()
    for i in range(max(0, len(left) - 3), len(left)):
        said = matcher.match(" ".join(left[i:]))
        if said is None or said.score < 95 or matcher.category(said.slug) == "cardio":
            continue
        for j in range(min(3, len(right)), 0, -1):
            was = matcher.match(" ".join(right[:j]))
            if was is not None and was.score >= 95 and was.slug != said.slug:
                return said.slug, was.slug
    return None


_ENTRY_WORDS = re.compile(
    r"\b(that|it|this|last|entry|entries|one|thing|things|log|logged|previous)\b"
)
_UNIT_WORDS = {"kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb"}  # fmt: skip


def read_undo(text: str, *, exercises: ExerciseMatcher | None = None) -> dict[str, Any] | None:
    """An undo ("undo that", "delete the last 2 entries") or a correction ("it was 80 not 100",
    "oops I meant 5 sets", "weight was 81.6", "meant lb not kg") of the last logged entry, as
    ``{"op": "undo", "count": n}`` or ``{"op": "correct", ...}`` with the new ``value`` and
    its ``field`` when the words say it (``sets``, ``reps``, ``weight``, ``unit``...), the
    ``old`` value when given, and the ``exercise`` named; ``None`` for anything else."""
    t = normalise(text) if isinstance(text, str) else ""
    for words, english in _ABROAD:
        t = re.sub(words, english, t)
    if not t or len(t) > 200 or has(r"\b(plan|program|programme|schedule|tomorrow|next week)\b", t):  # fmt: skip
        return None
    short = len(t.split()) <= 3
    numbers = re.findall(NUM, t)
    matcher = exercises or default_matcher()
    undo = _UNDO.search(t)
    # What the undo names ("the lunch one", "remove the row"): words of its first clause.
    sure, maybe = _targets(re.split(r"[,;.!]", t[undo.end() :])[0], matcher) if undo else ([], [])  # fmt: skip
    # "the lunch one" was normalised to "the lunch 1": a pronoun, not a count
    numbers = re.findall(NUM, re.sub(r"\b(the|that|this|last|[a-z]{3,}) 1\b(?!\s*(?:x|kg|lb|set|rep))", r"\1", t))  # fmt: skip
    if undo and (_ENTRY_WORDS.search(t) or short or sure or maybe or _ALL_ENTRIES.search(t)) and (not numbers or re.search(rf"\blast\s*({NUM})\b", t)):  # fmt: skip
        m = re.search(rf"\blast\s*({NUM})\b", t)
        found: dict[str, Any] = {"op": "undo", "count": max(1, min(5, to_int(m.group(1)))) if m else 1}  # fmt: skip
        if _ALL_ENTRIES.search(t):
            found["all"] = True
            found["today"] = has(r"\btoday\b", t)
        elif sure or maybe:
            found |= {"targets": sure, "maybe": maybe}
        return found
    if not _CORRECT.search(_DAY_TOLD.sub(" ", t)) and not (_UNDO.search(t) and numbers):
        return None
    sure, maybe = _targets(t, matcher)
    out: dict[str, Any] = {"op": "correct"}
    if sure or maybe:
        out |= {"targets": sure, "maybe": maybe}
    if which := re.search(r"\b(last|final|first)\s+(?:set|one|rep)", t):  # "last set was 6 not 7"
        out["which"] = "first" if which.group(1) == "first" else "last"
    # The values of a correction that reads as a log of its own ("it was 8 km in 42:00, not
    # 5k"): what it says before the old value.
    said = re.split(r"\b(?:not|instead of|rather than)\b", t)[0]
    cardio = log_cardio(Ctx(said, said, date(2000, 1, 1), matcher))
    cardio_values = {k: v for k, v in (cardio[1] if cardio else {}).items() if k in ("distance_m", "duration_s")}  # fmt: skip
    pair = _exercise_pair(t, matcher)
    distance_unit = re.search(r"\b(km|kms|kilomet\w*|mi|miles?)\s*,?\s*not\s*(km|kms|kilomet\w*|mi|miles?)\b", t)  # fmt: skip
    if (m := re.search(r"\b(lbs?|pounds?|kgs?|kilos?)\s*,?\s*not\s*(lbs?|pounds?|kgs?|kilos?)\b", t)) or (m := re.search(r"\bmeant\s*(lbs?|pounds?|kgs?|kilos?)\b", t)):  # fmt: skip
        out |= {"field": "unit", "value": _UNIT_WORDS[m.group(1)]}
    elif distance_unit:
        out |= {"field": "distance_unit", "value": "mi" if distance_unit.group(1).startswith("mi") else "km"}  # fmt: skip
    elif pair is not None:
        out |= {"field": "exercise", "value": pair[0], "old": pair[1]}
    elif len(cardio_values) == 2:  # a distance and a time: the whole session again
        out |= {"field": "cardio", "value": cardio_values}
    elif m := re.search(r"\b(\d{1,2})\s*x\s*(\d{1,3})\s*,?\s*not\s*(\d{1,2})\s*x\s*(\d{1,3})\b", t):
        out |= {"field": "sets_reps", "value": (int(m.group(1)), int(m.group(2))),
                "old": (int(m.group(3)), int(m.group(4)))}  # fmt: skip
    elif m := re.search(rf"\b({NUM})\s*(sets?|reps?)\b(?:\s*,?\s*not\s*({NUM}))?", t):
        out |= {"field": "sets" if m.group(2).startswith("set") else "reps", "value": to_int(m.group(1))}  # fmt: skip
        if m.group(3):
            out["old"] = float(m.group(3))
    elif m := re.search(rf"\b(?:body ?weight|weight|weigh|weighed|bw|wt)\s*(?:was|is|of|=|:)?\s*({NUM})\s*(kgs?|kilos?|lbs?|pounds?)?", t):  # fmt: skip
        out |= {"field": "weight", "value": float(m.group(1)), "unit": _UNIT_WORDS.get(m.group(2) or "")}  # fmt: skip
    elif m := re.search(rf"(?<![:\d.])({NUM})\s*(kgs?|kilos?|lbs?|pounds?|km|kms|mi|miles?|min|mins|minutes?|kcal|cals?|calories)?\s*,?\s*(?:not|instead of|rather than)\s*({NUM})", t):  # fmt: skip
        out |= {"value": float(m.group(1)), "old": float(m.group(3)), "unit": m.group(2)}
    elif m := re.search(rf"\b(?:was|meant|be|it'?s)\s*({NUM})\s*(kgs?|kilos?|lbs?|pounds?|km|kms|mi|miles?|min|mins|minutes?|kcal|cals?|calories)?", t):  # fmt: skip
        out |= {"value": float(m.group(1)), "unit": m.group(2)}
    elif len(numbers) == 1 and re.fullmatch(rf"[^\d]*?({NUM})[^\d]*", t) and re.search(r"\b(typo|oops|meant|correction|sorry|wrong|mistake)\b", t):  # fmt: skip
        out |= {"value": float(numbers[0]), "unit": None}  # "typo, 72.4": the one value it holds
    else:
        return None
    if isinstance(out.get("unit"), str):
        out["unit"] = _UNIT_WORDS.get(out["unit"], out["unit"])
    # No date is read here: any day will do for the context.
    named = named_exercises(Ctx(t, text, date(2000, 1, 1), exercises or default_matcher()), t)
    out["exercise"] = sorted(named)[0] if len(named) == 1 else None
    return out
