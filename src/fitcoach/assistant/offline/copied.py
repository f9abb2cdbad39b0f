"""A log that copies an earlier entry ("squats same as monday", "same as tuesday but add a set",
"and same again for pulldowns but 60"): the entry it points at, found in the athlete's own log
(the day named) or in this chat (the last sets it sent), written out with the change said (a
load, a set or a rep more, a few kg heavier) and read with every check of a log. Only when
exactly one earlier entry fits; when none or several do, one precise question. Every read is
scoped to the athlete of the chat (``training_log.history``), so nothing is copied across
athletes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fitcoach.assistant.nlu import ExerciseMatcher, find_dates, normalise, read_log
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Turn
from fitcoach.coach.wording import day_text, exercise_name

_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "same as monday", "same as last time", "same again", "same sets again", "did it again"
_REFERENCE = re.compile(
    rf"\b(?:the )?same (?:as|like) (?:(?:on|last|the) )?(?P<ref>yesterday|{_DAYS}|last time|"
    rf"last session|time before|before|the other day|usual)(?:'s)?\b|"
    r"\b(?:the )?same (?:again|sets(?: and reps)?(?: again)?|scheme(?: again)?|thing(?: again)?)\b|"
    r"\b(?:did|do|done) (?:it|that|the same) again\b"
)
_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_NUM = r"\d{1,3}(?:\.\d{1,2})?"
# the changes said of the copy
_MORE_SETS = re.compile(r"\b(?:but |and |plus |with )?(?:add(?:ed)?|plus|did|with)? ?(?:a|one|1|an extra|one extra) (?:more |extra )?set\b")  # fmt: skip
_MORE_REPS = re.compile(r"\b(?:but |and |plus |with )?(?:add(?:ed)?|plus|did|with)? ?(?:a|one|1|an extra|one extra) (?:more |extra )?rep\b")  # fmt: skip
_HEAVIER = re.compile(
    rf"\b(?:but |and |just )?(?:\+\s*)?(?P<delta>{_NUM})\s*(?P<unit>{_UNIT})?\s*"
    r"(?P<way>heavier|lighter|more|less|up|down)\b"
)
_NEW_LOAD = re.compile(
    rf"\b(?:but|just|only)\s+(?:at|with|on|@|using)?\s*(?:the\s+)?(?P<load>{_NUM})\s*"
    rf"(?P<unit>{_UNIT})?(?![\d.x:%])(?!\s*(?:x|reps?|sets?|min|s\b))"
)
# a question or a plan, not training done: never a copy stored
_NOT_DONE = re.compile(
    r"\?|^(?:can|could|should|shall|what|how|is|are|does|why|when|which|will|would|make|move|"
    r"change|swap|set)\b|^(?:do|did) (?:i|you|we)\b|\b(?:tomorrow|next|will|going to|plan to|"
    r"want to|should|gonna)\b"
)
# words that carry nothing of their own around the reference ("oh and ... too")
_FILLER = frozenset(
    [
        "and",
        "also",
        "then",
        "oh",
        "ok",
        "so",
        "plus",
        "too",
        "today",
        "tonight",
        "this",
        "morning",
        "please",
        "pls",
        "log",
        "add",
        "did",
        "do",
        "done",
        "my",
        "it",
        "that",
        "the",
        "a",
        "for",
        "again",
        "same",
        "as",
        "btw",
        "yeah",
        "just",
        "i",
        "today's",
        "sets",
        "reps",
        "scheme",
        "session",
        "workout",
        "exactly",
    ]
)


@dataclass(frozen=True)
class Copy:
    """What the copy reads as: ``text`` the log written out (to read with every check) and
    ``note`` where it was copied from; or ``text`` None and ``note`` the question to ask."""

    text: str | None
    note: str


@dataclass(frozen=True)
class _Group:
    exercise: str | None
    sets: int
    reps: int
    weight_kg: float | None


def copied(
    tctx: ToolContext,
    text: str,
    history: Sequence[Turn],
    today: date,
    matcher: ExerciseMatcher,
) -> Copy | None:
    """The copy ``text`` asks for (see the module), or None when it points at no earlier entry
    in the way read here (it is then read as before)."""
    said = normalise(text)
    ref = _REFERENCE.search(said)
    if ref is None or _NOT_DONE.search(said):
        return None  # no reference, or a question or a plan ("can I do the same as monday?")
    rest = said[: ref.start()] + " " + said[ref.end() :]
    more_sets = more_reps = 0
    load: tuple[float, str | None] | None = None
    delta: float | None = None
    if m := _MORE_SETS.search(rest):
        more_sets, rest = 1, rest[: m.start()] + " " + rest[m.end() :]
    if m := _MORE_REPS.search(rest):
        more_reps, rest = 1, rest[: m.start()] + " " + rest[m.end() :]
    if m := _HEAVIER.search(rest):
        step = _kg(float(m.group("delta")), m.group("unit"), tctx)
        delta = step if m.group("way") in ("heavier", "more", "up") else -step
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _NEW_LOAD.search(rest):
        load, rest = (float(m.group("load")), m.group("unit")), rest[: m.start()] + " " + rest[m.end() :]  # fmt: skip
    if (
        re.search(r"\d", rest)
        and ref.group("ref")
        and not (more_sets or more_reps or delta or load)
    ):
        # "same as last time but heavier: 3x8 at 195": the exercise copied, the numbers said
        return _numbers_anew(tctx, rest, history, today, matcher, ref.group("ref"))
    if re.search(r"\d|\bbut\b", rest):
        return None  # numbers or a change not read here: the log is read (and asked) as before
    words = [w for w in re.findall(r"[a-z][a-z'-]*", rest) if w not in _FILLER]
    named: str | None = None
    if words:
        found = matcher.resolve(" ".join(words))
        if found.slug is None:
            return None
        named = found.slug
    for_named = named is not None and re.search(r"\bfor\s+\w", rest) is not None
    day = _day_of(ref.group("ref"), today) if ref.group("ref") else None
    where, groups = _source(tctx, history, today, matcher, day, named)
    if not groups:
        what = exercise_name(named) if named and not for_named else "sets"
        on = f" on {day_text(day, today)}" if day else ""
        return Copy(None, f"I found no {what} logged{on} to copy: which exercises did you do, with how many sets and reps and what load?")  # fmt: skip
    if named is not None and not for_named:
        groups = [g for g in groups if g.exercise == named]
        if not groups:
            return Copy(None, f"I found no {exercise_name(named)} {where} to copy: how many sets and reps did you do, and at what load?")  # fmt: skip
    unchanged = load is None and delta is None and not more_sets and not more_reps
    if len(groups) > 1 and named is None and unchanged and all(g.exercise for g in groups):
        # "same as monday": the one workout of that day (or the sets just sent) whole
        written = ", ".join(f"{exercise_name(str(g.exercise))} {_said(g)}" for g in groups)
        return Copy(written, f"Copied from your workout {where} ({written}).")
    if len(groups) != 1:
        names = " or ".join(dict.fromkeys(exercise_name(g.exercise) for g in groups if g.exercise))
        return Copy(None, f"Which entry {where} should I copy{': ' + names if names else ''}? Or send the sets, reps and load.")  # fmt: skip
    source = groups[0]
    target = named or source.exercise
    if target is None:
        return None
    weight = source.weight_kg
    if load is not None:
        weight = None  # written as said, in its unit or the athlete's
    elif delta is not None:
        if weight is None:
            return None
        weight = round(weight + delta, 2)
    sets, reps = source.sets + more_sets, source.reps + more_reps
    if load is not None:
        at = f" at {load[0]:g}{' ' + load[1] if load[1] else ''}"
    else:
        at = f" at {weight:g} kg" if weight is not None else ""
    written = f"{exercise_name(target)} {sets}x{reps}{at}"
    was = _said(source)
    return Copy(written, f"Copied from {'the ' + exercise_name(source.exercise) if source.exercise else 'the sets'} {where} ({was}).")  # fmt: skip


# "but heavier:", "only heavier -": the words before the numbers said anew
_ANEW = re.compile(
    r"^[\s,:;.-]*(?:but|only|just|and)?\s*(?:a bit |slightly )?(?:heavier|lighter|harder)?[\s,:;.-]*"
)


def _numbers_anew(
    tctx: ToolContext,
    rest: str,
    history: Sequence[Turn],
    today: date,
    matcher: ExerciseMatcher,
    ref: str,
) -> Copy | None:
    """The exercise of the one earlier entry a reference points at, with the sets, reps and
    load said anew in ``rest`` ("same as last time but heavier: 3x8 at 195"); None when the
    numbers name an exercise of their own or the entry is not one exercise."""
    said = _ANEW.sub("", rest).strip()
    own = read_log(said, today=today, exercises=matcher)
    groups = [g for e in own.entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]  # fmt: skip
    if len(own.entries) != 1 or len(groups) != 1 or groups[0].get("exercise") is not None:
        return None
    where, source = _source(tctx, history, today, matcher, _day_of(ref, today), None)
    exercises = {g.exercise for g in source}
    if len(exercises) != 1 or None in exercises:
        return None
    name = exercise_name(str(source[0].exercise))
    return Copy(f"{name} {said}", f"The exercise copied from the {name} {where}.")


def _kg(value: float, unit: str | None, tctx: ToolContext) -> float:
    from fitcoach.assistant.tools.common import athlete_units

    pounds = unit is not None and unit.startswith(("lb", "pound"))
    if unit is None:
        pounds = athlete_units(tctx) == "imperial"
    return round(value * 0.45359237, 2) if pounds else value


def _said(g: _Group) -> str:
    return f"{g.sets}x{g.reps}" + (f" at {g.weight_kg:g} kg" if g.weight_kg is not None else "")


def _day_of(ref: str, today: date) -> date | None:
    """The day a reference names ("monday": the last one before today), or None ("last time")."""
    if ref == "yesterday":
        return today - timedelta(days=1)
    if not re.fullmatch(_DAYS, ref):
        return None
    found = find_dates(f"last {ref}", today).get("date") or find_dates(ref, today).get("date")
    if found is None or found >= today:
        return None
    return found


def _source(
    tctx: ToolContext,
    history: Sequence[Turn],
    today: date,
    matcher: ExerciseMatcher,
    day: date | None,
    named: str | None,
) -> tuple[str, list[_Group]]:
    """Where the copy comes from and its groups: the athlete's log of the day named; else the
    last sets sent in this chat; else (no day named) the athlete's last workout of two weeks."""
    if day is not None:
        logged = _logged(tctx, day, day)
        if logged:
            return f"of {day_text(day, today)}", logged[-1] if len(logged) == 1 else [g for w in logged for g in w]  # fmt: skip
    chat = _in_chat(history, today, matcher)
    if chat:
        return "sent earlier in this chat", chat
    if day is None:
        logged = _logged(tctx, today - timedelta(days=14), today)
        if named is not None:
            logged = [w for w in logged if any(g.exercise == named for g in w)]
        if logged:
            return "of your last workout", logged[-1]
    return "", []


def _logged(tctx: ToolContext, start: date, end: date) -> list[list[_Group]]:
    """The athlete's workouts from ``start`` to ``end`` (oldest first), each as its groups."""
    from fitcoach.services import training_log

    rows = training_log.history(tctx.service, tctx.athlete_id, "workouts", start, end)
    return [gs for w in rows if (gs := _grouped(w.get("sets") or []))]


def _grouped(sets: list[dict[str, Any]]) -> list[_Group]:
    """A workout's sets as groups of one exercise done alike (reps, load), in order."""
    out: list[_Group] = []
    for s in sets:
        if s.get("is_warmup"):
            continue
        ex, reps, kg = s.get("exercise"), int(s.get("reps") or 0), s.get("weight_kg")
        kg = None if kg is None else float(kg)
        last = out[-1] if out else None
        if last is not None and (last.exercise, last.reps, last.weight_kg) == (ex, reps, kg):
            out[-1] = _Group(ex, last.sets + 1, reps, kg)
        else:
            out.append(_Group(ex, 1, reps, kg))
    return out


def _in_chat(history: Sequence[Turn], today: date, matcher: ExerciseMatcher) -> list[_Group]:
    """The groups of sets of the last message of this chat that sent some (its last three
    messages of the athlete), stored or not."""
    users = [t for t in history if t.role == "user"][-3:]
    for turn in reversed(users):
        reading = read_log(turn.text, today=today, exercises=matcher)
        groups = [g for e in reading.entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]  # fmt: skip
        if groups:
            if any(not g.get("sets") or g.get("reps") is None for g in groups):
                return []
            return [
                _Group(g.get("exercise"), int(g["sets"]), int(g["reps"]), g.get("weight_kg"))
                for g in groups
            ]
    return []
