"""Morning check-ins told as a list (stop 96, daily96): clauses the clause reader left apart or
ran together, rejoined before they are read.

- A night's hours said alone right after the clause that speaks of the night ("best sleep in
  ages, 9 hrs", "woke at 3 and couldn't get back off, maybe 5 hours total, poor"): the hours are
  that night's (bare hours are a night only beside a word of it). A moment awake in the night
  ("woke at 3") beside the night's total is when it broke, no figure of the log.
- A body weight in the list, by its unit ("6 hours sleep, 71.3 kg, hrv 55"; beside sets of
  another clause, "morning check in - 201.4 lb, hrv 29. yesterday: bench ...") or by the
  check-in's label ("check-in: 163.8, RHR 54": a body's figure to the decimal, in the athlete's
  unit): a weigh-in of its own, never more of the night or a number nothing explains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from fitcoach.assistant.nlu.base import Intent, Understanding
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.quantities import MASS, NUM

Clauses = list[tuple[Intent | None, list[str]]]

_ROUGHLY = r"(?:(?:maybe|about|around|roughly|like|just|barely|only|prob|probably|~)\s+)*"
# The night's hours alone ("9 hrs", "maybe 5 hours total", "6.5h tops")
_HOURS_ALONE = re.compile(
    rf"^(?:so\s+|so like\s+)?{_ROUGHLY}(?P<h>{NUM})\s*(?:h|hrs?|hours?)"
    r"(?:\s+(?:total|in total|all told|tops|max|at most|of sleep|sleep))?\W*$"
)
# Words of the night in the clause before the hours (never a night's work or outing: "night
# shift, 9 hrs", "night out, 5 hours")
# (a night alone is no word of sleep: "drill night, 1 hour", "bouldering tues night, 2 hrs")
_NIGHT_WORDS = re.compile(
    r"\b(?:sleep|slept|kip|insomnia|woke|woken|waking)\b|\bget back (?:off|to sleep)\b|"
    r"\b(?:drop|dropped|drift|drifted) off\b|\b(?:rough|bad|poor|terrible|awful|horrible|"
    r"restless|broken|sleepless|crap|rubbish|shocking|dreadful) night\b"
)
_NOT_A_NIGHT = re.compile(
    r"\b(?:shift|work|worked|working|drive|drove|driving|flight|flew|party|pub|club|gaming|"
    r"study|studying|awake for|stayed up)\b"
)
# A moment awake in the night ("woke at 3", "woke up around 4"): when the night broke
_WOKE_AT = re.compile(
    r"^(?:i\s+)?(?:woke|woken|awake|was awake|up)(?: up)?\s+(?:at|around|about)\s+\d{1,2}(?:[:.][0-5]\d)?\s*(?:am)?\W*$"
)
# How the night went, said alone after it ("poor", "rough one")
_JUDGED = re.compile(
    r"^(?:pretty |very |really |quite )?(?:poor|bad|rough|terrible|awful|horrible|restless|broken|"
    r"rubbish|crap|shite?|good|great|decent|solid|ok|okay|fine|amazing|lovely)(?: one| night| sleep)?\W*$"
)
_FEWEST_HOURS, _MOST_HOURS = 2.0, 14.0  # (a night alone of an hour is more likely something done)


def night_told_apart(clauses: Sequence[tuple[Intent | None, list[str]]]) -> Clauses:
    """``clauses`` with a night's hours said alone, right after the clauses of context that
    speak of the night, read as one night with them (and with its judgement said after it)."""
    out: Clauses = [(i, list(p)) for i, p in clauses]
    if any(i == "log_sleep" for i, _ in out):
        return _woken_beside(out)  # one night: the message has its night already
    for at, (intent, pieces) in enumerate(out):
        hours = _HOURS_ALONE.match(pieces[0]) if intent is None and len(pieces) == 1 else None
        if hours is None or not _FEWEST_HOURS <= float(hours["h"]) <= _MOST_HOURS:
            continue
        start = at
        while start > 0 and at - start < 2:  # (the one or two clauses of context before it)
            said, told = out[start - 1]
            if said is not None or len(told) != 1 or (re.search(r"\d", told[0]) and not _WOKE_AT.match(told[0])):  # fmt: skip
                break
            start -= 1
        before = [p for _, ps in out[start:at] for p in ps]
        spoken = " ".join(before)
        if not _NIGHT_WORDS.search(spoken) or _NOT_A_NIGHT.search(spoken):
            continue
        end = at + 1
        if end < len(out) and out[end][0] is None and _JUDGED.match(out[end][1][0]) and len(out[end][1]) == 1:  # fmt: skip
            end += 1
        # (a moment awake in the night is no figure of it: said without its clock)
        words = [_without_clock(p) if _WOKE_AT.match(p) else p for p in before]
        night = [f"slept {pieces[0]}", *words, *(p for _, ps in out[at + 1 : end] for p in ps)]
        return [*out[:start], ("log_sleep", night), *out[end:]]
    return out


def _woken_beside(clauses: Clauses) -> Clauses:
    """A moment awake said as its own clause right before the night told by its length ("woke
    at 2, couldn't get back to sleep, maybe 6 hrs"): part of that night, without its clock."""
    out: Clauses = []
    for at, (intent, pieces) in enumerate(clauses):
        after = clauses[at + 1] if at + 1 < len(clauses) else None
        if intent is None and len(pieces) == 1 and _WOKE_AT.match(pieces[0]) and after is not None and after[0] == "log_sleep" and _LENGTH.search(", ".join(after[1])) and not re.search(r"\d[:.]\d\d|\d\s*(?:am|pm)\b", ", ".join(after[1])):  # fmt: skip
            clauses[at + 1] = (after[0], [_without_clock(pieces[0]), *after[1]])
            continue
        out.append((intent, pieces))
    return out


def _without_clock(piece: str) -> str:
    return re.sub(r"\s+(?:at|around|about)\s+\d.*$", " in the night", piece)


_LENGTH = re.compile(rf"{NUM}\s*(?:h|hrs?|hours?)\b")


# A body weight by its unit, alone or after the check-in's label ("check in - 201.4 lb")
_LABEL = (
    r"(?:(?:[a-z'-]+\s+){0,2}(?:check-?in|check in|weigh-?in|stats|numbers|readings)\s*[:=-]?\s*)"
)
_MASS_PIECE = re.compile(rf"^{_LABEL}?~?(?:{MASS.pattern})\W*$")
# ... or a body's figure to the decimal after the label only ("check-in: 163.8")
_BARE_AFTER_LABEL = re.compile(rf"^{_LABEL}(?P<bare>\d{{2,3}}\.\d)\W*$")
_NAMED_NIGHT = re.compile(r"\blast ni(?:ght|te)\b")

# The night's length said again, after its clock times ("went to bed 12:40, alarm at 7, so like
# 6h20"): the same night, its figures the night's own
_SAID_AGAIN = re.compile(
    rf"^(?:so|which is|which was|that'?s|thats|i\.?e\.?)\s+{_ROUGHLY}{NUM}\s*(?:h|hrs?|hours?)"
    r"(?:\s*(?:and\s+)?\d{1,2}\s*(?:m|mins?|minutes?))?(?:\s+(?:total|in total|of sleep|sleep))?\W*$"
)


def night_said_again(clauses: Sequence[tuple[Intent | None, list[str]]]) -> Clauses:
    """``clauses`` with a night's length said again right after it ("..., so like 6h20") in
    the night's clause (its reader takes the clock times' length, and the accounting sees the
    figures said as that length)."""
    out: Clauses = []
    for intent, pieces in clauses:
        before = out[-1] if out else None
        if intent is None and before is not None and before[0] == "log_sleep" and len(pieces) == 1 and _SAID_AGAIN.match(pieces[0]):  # fmt: skip
            out[-1] = (before[0], [*before[1], pieces[0]])
            continue
        out.append((intent, list(pieces)))
    return out


def _a_body(weight: str) -> bool:
    """A figure an adult weighs in its unit (a bare figure is checked later, in its unit)."""
    mass = MASS.search(weight)
    if mass is None:
        return True
    kg = float(mass.group(1)) * (0.45359237 if mass.group(2).startswith(("l", "p")) else 1.0)
    return mass.group(2).startswith("s") or 35.0 <= kg <= 250.0


def weight_in_check_in(clauses: Sequence[tuple[Intent | None, list[str]]], today: date) -> Clauses:
    """``clauses`` with the one body weight of a check-in's list read as a weigh-in: a mass
    said alone among the readings (run into a night's or the readings' clause), or the
    check-in's label and its figure, where the readings are beside it."""
    out: Clauses = [(i, list(p)) for i, p in clauses]
    if any(i == "log_weight" for i, _ in out):
        return out
    # (a day said in the message, "yesterday: bench ...", "tuesdays ride ...", would date the
    # check-in's readings as well, as the clause reader dates them now: asked, as before; a
    # night's own "last night" dates the night only)
    said = date_slots(_NAMED_NIGHT.sub(" ", " ; ".join(p for _, ps in out for p in ps)), today)
    if said and said.get("date") != today:
        return out
    readings = any(i == "log_daily" for i, _ in out)
    # (beside a meal a mass alone may be an amount eaten, as ``weight_beside_readings`` holds;
    # and a day's recap with meals is read apart: "ate: oats bfast, chicken wrap lunch, ...")
    if any(i == "log_meal" for i, _ in out):
        return out
    found: list[tuple[int, int, str]] = []
    for at, (intent, pieces) in enumerate(out):
        for index, piece in enumerate(pieces):
            text = piece.strip(" .,;:!")
            mass = _MASS_PIECE.match(text)
            label = _BARE_AFTER_LABEL.match(text)
            labelled = re.match(rf"^{_LABEL}", text) is not None
            # (run into the night's or the readings' clause, or a clause of its own, labelled)
            # (a night has no mass: run into its clause, beside any log; into the readings'
            # clause, or labelled as a clause of its own, beside the readings)
            run_in = index > 0 and not labelled and intent in ("log_sleep", "log_daily")
            if mass and (run_in or (readings and intent is None and len(pieces) == 1 and labelled)):  # fmt: skip
                found.append((at, index, f"weight {mass.group(1)} {mass.group(2)}"))
            elif readings and intent is None and len(pieces) == 1 and label:
                found.append((at, index, f"weight {label['bare']}"))
    if len(found) != 1 or not _a_body(found[0][2]):
        return out  # (two masses alone: which is the weight? Asked, as before)
    at, index, weight = found[0]
    intent, pieces = out[at]
    rest = [p for i, p in enumerate(pieces) if i != index]
    return [
        *out[:at],
        *([(intent, rest)] if rest else []),
        ("log_weight", [weight]),
        *out[at + 1 :],
    ]


def checked_in(clauses: Sequence[tuple[Intent | None, list[str]]], today: date) -> Clauses:
    """``clauses`` with a check-in's night and body weight rejoined (the module's three)."""
    return weight_in_check_in(night_said_again(night_told_apart(clauses)), today)


# ---- the accounting's ---------------------------------------------------------------------
# a moment awake, led by its word ("woke at 3", "was up around 4:30")
_WOKE_LEAD = re.compile(
    r"\b(?:woke|woken|awake|up)(?: up)?\s+(?:at|around|about)\s*(?:\d{1,2}:)?$"  # (4:30's 30 too)
)
_LENGTH_AGAIN = re.compile(
    r"(?<![\d.:])(\d{1,2})\s*(?:h|hrs?|hours?)\s*(?:and\s+)?(\d{1,2})\s*(?:m|mins?|minutes?)\b"
)


def woken_in_night(text: str, m: re.Match[str], entries: Sequence[Understanding]) -> bool:
    """The number ``m`` is a moment awake in a night told by its length ("woke at 3 and
    couldn't get back off, maybe 5 hours total"): when the night broke, no figure of the log."""
    if not any(e.intent == "log_sleep" and e.slots.get("duration_s") and not e.slots.get("clock") for e in entries):  # fmt: skip
        return False
    after = text[m.end() :]
    unit = re.match(r"\s*(?:[.]\d|%|(?:kgs?|lbs?|km|mi|miles?|x|reps?|sets?|m|mins?|minutes?|h|hrs?|hours?)\b)", after)  # fmt: skip
    minutes = text[: m.start()].endswith(":")
    return bool(_WOKE_LEAD.search(text[max(0, m.start() - 20) : m.start()])) and (minutes or float(m.group(0)) <= 12) and not unit  # fmt: skip


def length_said_again(text: str, entries: Sequence[Understanding]) -> list[float]:
    """The hours and minutes of a night read from its clock times, where the message says that
    very length too ("went to bed 12:40, alarm at 7, so like 6h20"): figures of the night."""
    out: list[float] = []
    for e in entries:
        if e.intent != "log_sleep" or not e.slots.get("clock") or not e.slots.get("duration_s"):
            continue
        hours, minutes = divmod(round(float(e.slots["duration_s"]) / 60), 60)
        if any((int(g[1]), int(g[2])) == (hours, minutes) for g in _LENGTH_AGAIN.finditer(text)):
            out += [float(hours), float(minutes)]
    return out
