"""Plans and their changes as a person reads them: exercise names instead of slugs, days
instead of session keys, numbers without float noise, and plan diffs as sentences.

The coach engine keeps machine-readable identifiers (``barbell-bench-press``, ``w1s2``,
``w1s1.items[1].exercise``) because tests, storage and the API rely on them; this module turns
them into words for the pages, the chat and the command line. Pure: no database, no clock
(the caller gives the day that session dates are projected from).

``change_lines(changes, before, after, as_of)`` groups a diff (``coach.edits.diff_plans``) by
session and says each group in one sentence: ``Fri 27 Nov · Upper: Barbell Bench Press →
Dumbbell Bench Press, because your coach asked.``
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from fitcoach.coach.explanations import TEMPLATES, Reason
from fitcoach.coach.library import library_by_slug, load_per_hand
from fitcoach.coach.plan import CardioItem, Item, Plan, PlannedSession
from fitcoach.coach.texts import PLACES as PLACES
from fitcoach.coach.texts import duration_text as duration_text
from fitcoach.coach.texts import item_text
from fitcoach.coach.texts import number as number
from fitcoach.coach.texts import reps_text as reps_text
from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.core.units import Units

if TYPE_CHECKING:
    from fitcoach.coach.edits import Change

ARROW = "→"
SESSION_KEY = re.compile(r"\bw\d+s\d+\b")
_IN_SESSION = re.compile(r"\b(in|to) (w\d+s\d+)\b")
_SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ITEM_INDEX = re.compile(r"^items\[(\d+)\]$")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Reasons that say *why* something changed (safety, progression, what was logged); the
# planner's descriptive reasons ("8-12 reps suit your goal") describe a plan, not a change.
WHY_CODES = frozenset(
    {
        "repaired_substitute",
        "contraindicated",
        "equipment_missing",
        "no_substitute",
        "session_unsafe",
        "profile_safety",
        "min_rir_beginner",
        "min_rir_condition",
        "no_max_test",
        "increase_capped",
        "injury_avoid",
        "condition_avoid",
        "dislike_avoid",
        "intensity_capped",
        "pain_hold",
        "pain_stop",
        "pain_see_professional",
        "feedback_too_hard",
        "feedback_too_easy",
        "double_progression_reps",
        "double_progression_load",
        "double_progression_reset",
        "rir_autoregulation_up",
        "rir_autoregulation_down",
        "missed_reduce",
        "load_vs_plan",
        "load_as_logged",
        "hold",
        "cardio_ramp",
        "deload_readiness",
        "deload_load_spike",
        "deload_applied",
        "after_deload",
        "bodyweight_range_up",
        "bodyweight_range_down",
        "session_done",
        "session_moved",
        "time_trimmed",
        "short_session_sets",
        "days_capped",
    }
)
SESSION_FIELDS = ("position", "status", "done_on", "on", "name", "estimated_minutes")


# --- names, numbers and days ----------------------------------------------------------------


def exercise_name(slug: str, names: Mapping[str, str] | None = None) -> str:
    """The library's name for an exercise slug (``barbell-bench-press`` → ``Barbell Bench
    Press``); a slug the library lacks reads as words (``my-drill`` → ``My drill``; an own
    exercise's ``own-7-my-weird-machine-row`` → ``My weird machine row``).

    >>> exercise_name('barbell-bench-press')
    'Barbell Bench Press'
    >>> exercise_name('my-drill')  # not in the library
    'My drill'
    """
    known = names if names is not None else _library_names()
    if slug in known:
        return known[slug]
    own = re.fullmatch(rf"{OWN_EXERCISE_PREFIX}\d+-(.+)", slug)
    words = (own.group(1) if own else slug).replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@lru_cache(maxsize=1)
def _library_names() -> Mapping[str, str]:
    """The shipped library's names by slug (built once a process; read only)."""
    return MappingProxyType({slug: record.name for slug, record in library_by_slug().items()})


def day_text(day: date, today: date | None = None) -> str:
    """A date as the pages write it: ``Mon 23 Nov`` (with the year when it is not ``today``'s
    year).

    >>> from datetime import date
    >>> day_text(date(2026, 11, 23), today=date(2026, 11, 28))
    'Mon 23 Nov'
    >>> day_text(date(2025, 12, 30), today=date(2026, 11, 28))  # another year: with it
    'Tue 30 Dec 2025'
    """
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {day:%b}"
    return f"{text} {day.year}" if today is not None and day.year != today.year else text


def session_days(plan: Plan, as_of: date) -> dict[str, date]:
    """Each session's day as projected on ``as_of``: done ones on the day they were done,
    skipped ones on their original day, the rest moved forward as ``today.project`` does."""
    # Here: coach.today brings the progression rules (15 models), which the wording of a plan
    # shown or of a reason does without (`fitcoach plan show`).
    from fitcoach.coach.today import project

    return {p.key: p.on or p.original for p in project(plan, as_of)}


def humanize(
    text: str,
    days: Mapping[str, date] | None = None,
    names: Mapping[str, str] | None = None,
    today: date | None = None,
) -> str:
    """Engine text with its identifiers in words: exercise slugs become names, ISO dates and
    session keys (``in w1s2``) become days (``on Tue 24 Nov``).

    >>> from datetime import date
    >>> humanize('barbell-back-squat moved to 2026-11-24', names={'barbell-back-squat': 'Back squat'},
    ...          today=date(2026, 11, 20))
    'Back squat moved to Tue 24 Nov'
    """
    days = days or {}
    known = names if names is not None else _library_names()

    def iso(match: re.Match[str]) -> str:
        try:
            return day_text(date(int(match[1]), int(match[2]), int(match[3])), today)
        except ValueError:
            return match[0]

    def slug(match: re.Match[str]) -> str:
        found = known.get(match[0])
        if found is None and match[0].startswith(OWN_EXERCISE_PREFIX):
            return exercise_name(match[0], known)  # an own exercise's slug in words
        return found if found is not None else match[0]

    def in_session(match: re.Match[str]) -> str:
        key = match[2]
        if key not in days:
            return match[0]
        preposition = "on" if match[1] == "in" else "to"
        return f"{preposition} {day_text(days[key], today)}"

    def session(match: re.Match[str]) -> str:
        key = match[0]
        return f"the {day_text(days[key], today)} session" if key in days else key

    text = _ISO_DATE.sub(iso, text)
    text = _SLUG.sub(slug, text)
    text = _IN_SESSION.sub(in_session, text)
    return SESSION_KEY.sub(session, text)


def reason_text(
    reason: Reason,
    days: Mapping[str, date] | None = None,
    names: Mapping[str, str] | None = None,
    today: date | None = None,
) -> str:
    """A reason's sentence with names, days and tidy numbers in its parameters."""
    params: dict[str, Any] = {}
    for key, value in reason.params.items():
        if isinstance(value, str):
            params[key] = humanize(value, days, names, today)
        elif isinstance(value, list):
            params[key] = [
                humanize(v, days, names, today) if isinstance(v, str) else v for v in value
            ]
        elif isinstance(value, float):
            params[key] = round(value, 2) if math.isfinite(value) else value
        else:
            params[key] = value
    return Reason(code=reason.code, params=params).text


# --- items ----------------------------------------------------------------------------------


def item_summary(item: Item, units: Units | None = None) -> str:
    """An item's prescription without its name: ``3 × 8–12 at 60 kg, RIR 2``
    (``texts.item_text`` in words); with ``units``, in the athlete's (``at 132.3 lb``), a
    dumbbell load said per hand (``coach.library.load_per_hand``)."""
    return item_text(item, style="words", units=units, per_hand=per_hand(item.exercise))


def per_hand(slug: str) -> bool:
    """Whether a load of exercise ``slug`` is each dumbbell's (``library.load_per_hand``).

    >>> per_hand('dumbbell-bench-press'), per_hand('barbell-bench-press')
    (True, False)
    """
    record = library_by_slug().get(slug)
    return record is not None and load_per_hand(record)


def cardio_summary(item: CardioItem, units: Units | None = None) -> str:
    """A cardio item's prescription without its name: ``30 min in zone 2``."""
    return item_text(item, style="words", units=units)


# --- plan diffs as sentences ----------------------------------------------------------------


@dataclass
class ChangeLine:
    """One sentence of a plan diff: where (a day and a session, or the plan), what changed,
    and why. ``sentence`` joins them."""

    where: str
    parts: list[str] = field(default_factory=list)
    because: str | None = None
    day: date | None = None
    session: str | None = None

    @property
    def said(self) -> str:
        """What changed and why, without where (pages set ``where`` apart)."""
        text = "; ".join(self.parts)
        if self.because:
            text += f", because {self.because}"
        return text.rstrip(".") + "."

    @property
    def sentence(self) -> str:
        return f"{self.where}: {self.said}" if self.where else self.said


@dataclass
class _Group:
    key: str
    parts: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    # exercise slug -> index of its part, so that later field changes join that part
    exercises: dict[str, int] = field(default_factory=dict)
    renamed: tuple[str, str] | None = None
    minutes: str | None = None  # said last: it follows from the rest
    kept: bool = False  # pinned to the day it already fell on: no change a person sees


def _session(plan: Plan | None, key: str) -> PlannedSession | None:
    if plan is None:
        return None
    try:
        return plan.session(key)
    except KeyError:
        return None


def _item(session: PlannedSession | None, slug: str) -> Item | None:
    if session is None:
        return None
    return next((i for i in session.items if i.exercise == slug), None)


def _new_reasons(before: Sequence[Reason], after: Sequence[Reason]) -> list[Reason]:
    return [r for r in after if r not in before]


def _value(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number(value)
    return str(value).replace("by feel (RIR)", "by feel").replace("-", "–")


def _field_phrase(name: str, before: Any, after: Any) -> str:
    """A changed item field without the exercise's name: ``3 → 4 sets``."""
    b, a = _value(before), _value(after)
    if name == "sets":
        return f"{b} {ARROW} {a} sets"
    if name == "reps":
        return f"{b} {ARROW} {a} reps"
    if name == "target_rir":
        return f"RIR {b} {ARROW} {a}"
    if name == "rest_s":
        return f"rest {duration_text(before)} {ARROW} {duration_text(after)}"
    if name == "max_test":
        return "a max test" if after else "no max test"
    if name == "duration_min":
        return f"{number(before, 'min', places=1)} {ARROW} {number(after, 'min', places=1)} min"
    if name == "distance_km":
        return f"{number(before, 'km')} {ARROW} {number(after, 'km')} km"
    if name == "intervals":
        return f"intervals {b if before else 'none'} {ARROW} {a if after else 'none'}"
    return f"{b} {ARROW} {a}"


class _Differ:
    """Reads one diff against the plans it came from."""

    def __init__(
        self,
        before: Plan | None,
        after: Plan | None,
        as_of: date,
        names: Mapping[str, str],
        today: date | None,
    ) -> None:
        self.before, self.after, self.names, self.today = before, after, names, today
        self.days_before = session_days(before, as_of) if before else {}
        self.days_after = session_days(after, as_of) if after else {}
        self.days = {**self.days_before, **self.days_after}

    def name(self, slug: str) -> str:
        return exercise_name(slug, self.names)

    def day(self, key: str, *, old: bool = False) -> date | None:
        if old:
            return self.days_before.get(key) or self.days_after.get(key)
        return self.days_after.get(key) or self.days_before.get(key)

    def day_label(self, key: str, *, old: bool = False) -> str:
        found = self.day(key, old=old)
        return day_text(found, self.today) if found else key

    def text(self, value: Any) -> str:
        return humanize(str(value), self.days, self.names, self.today)

    def plan_part(self, name: str, before: Any, after: Any) -> str:
        if name == "days_per_week":
            return f"{before} {ARROW} {after} training days a week"
        if name == "session_minutes":
            return f"sessions of {before} {ARROW} {after} min"
        if name == "schedule":
            days = [
                ", ".join(WEEKDAYS[d] for d in v) if isinstance(v, list) else v
                for v in (before, after)
            ]
            return f"training on {days[0]} {ARROW} {days[1]}"
        if name == "equipment":
            listed = [
                ", ".join(str(e).replace("_", " ") for e in v) if isinstance(v, list) else v
                for v in (before, after)
            ]
            return f"equipment {listed[0] or 'none'} {ARROW} {listed[1] or 'none'}"
        label = name.replace("_", " ")
        return f"{label} {self.text(before).replace('_', ' ')} {ARROW} {self.text(after).replace('_', ' ')}"

    def session_part(self, group: _Group, name: str, change: Change) -> None:
        key = group.key
        if name == "position":
            group.parts.append(
                f"moved from {self.day_label(key, old=True)} to {self.day_label(key)}"
            )
        elif name == "status":
            if change.after == "skipped":
                group.parts.append("skipped")
            elif change.after == "done":
                group.parts.append("done")
            else:
                group.parts.append(f"{self.text(change.before)} {ARROW} {self.text(change.after)}")
        elif name == "done_on":
            if change.after:
                group.parts.append(f"done on {self.text(change.after)}")
        elif name == "on":  # moved to a day (a position change already says so), or kept on it
            old, new = self.day_label(key, old=True), self.day_label(key)
            if old == new:  # pinned where it was (another session moved): nothing to say
                group.kept = True
                return
            moved = f"moved from {old} to {new}"
            if moved not in group.parts:
                group.parts.append(moved)
        elif name == "name":
            group.renamed = (str(change.before), str(change.after))
        elif name == "estimated_minutes":
            group.minutes = f"about {change.before} {ARROW} {change.after} min"

    def item_part(self, group: _Group, slug: str, change: Change) -> None:
        """An exercise added to or left out of a session."""
        name = self.name(slug)
        if change.before is None:
            item = _item(_session(self.after, group.key), slug)
            summary = item_summary(item) if item else self.text(change.after)
            group.parts.append(f"{name} added ({summary})")
            if item:
                group.reasons.extend(item.reasons)
        else:
            group.parts.append(f"{name} left out")

    def replaced(self, group: _Group, change: Change) -> None:
        old, new = str(change.before), str(change.after)
        group.exercises[new] = len(group.parts)
        group.parts.append(f"{self.name(old)} {ARROW} {self.name(new)}")
        before_item = _item(_session(self.before, group.key), old)
        after_item = _item(_session(self.after, group.key), new)
        if after_item is not None:
            group.reasons.extend(
                _new_reasons(before_item.reasons if before_item else [], after_item.reasons)
            )

    def field_part(self, group: _Group, slug: str, name: str, change: Change) -> None:
        phrase = _field_phrase(name, change.before, change.after)
        if slug in group.exercises:
            index = group.exercises[slug]
            part = group.parts[index]
            group.parts[index] = (
                f"{part[:-1]}, {phrase})" if part.endswith(")") else f"{part} ({phrase})"
            )
        else:
            group.exercises[slug] = len(group.parts)
            group.parts.append(f"{self.name(slug)} {phrase}")
        before_item = _item(_session(self.before, group.key), slug)
        after_item = _item(_session(self.after, group.key), slug)
        if after_item is not None:
            group.reasons.extend(
                _new_reasons(before_item.reasons if before_item else [], after_item.reasons)
            )

    def because(self, reasons: Sequence[Reason], *, asked_first: bool = False) -> str | None:
        """The first reason that says why, in words; ``edit_applied`` reads "you asked".

        An item's own reasons say best why it changed (a safety repair, a progression);
        for the version as a whole (``asked_first``) the edit someone asked for comes first.
        """
        seen: list[Reason] = []
        for r in reasons:
            if r not in seen:
                seen.append(r)
        asked = next((_asked(r) for r in seen if _asked(r)), None)
        if asked_first and asked:
            return asked
        for r in seen:
            if r.code in WHY_CODES:
                return _clause(r, reason_text(r, self.days, self.names, self.today))
        return asked


def _asked(r: Reason) -> str | None:
    """Who asked for an edit, as "your coach asked" (None: the reason is no edit's). The
    assistant proposes an edit only when the athlete asks in the chat: "you asked in the chat"
    (never "the assistant asked", as if it had asked itself)."""
    if r.code == "edit_applied":
        who = str(r.params.get("who") or "you")
        return IN_CHAT if who == "the assistant" else f"{who} asked"
    if r.code == "edit_requested":
        # Here: the editor's render module brings the edit operations (14 pydantic models),
        # which the wording of a day's session does without (`fitcoach plan today`).
        from fitcoach.coach.edits import WHO

        who = str(r.params.get("by", "you"))
        return IN_CHAT if who == "assistant" else f"{WHO.get(who, who)} asked"
    return None


IN_CHAT = "you asked in the chat"


def _clause(reason: Reason, text: str) -> str:
    """A reason's sentence to follow "because": lower-case unless it starts with a name."""
    template = TEMPLATES.get(reason.code, "")
    text = text.rstrip(".")
    if template and not template.startswith("{") and text[:2].isalpha() and text[1:2].islower():
        return text[:1].lower() + text[1:]
    return text


def change_lines(
    changes: Sequence[Change],
    before: Plan | None,
    after: Plan | None,
    as_of: date,
    *,
    reasons: Sequence[Reason] = (),
    names: Mapping[str, str] | None = None,
    today: date | None = None,
) -> list[ChangeLine]:
    """A plan diff as sentences, one per session it touches (in the diff's order), the plan's
    own settings first and deload weeks last.

    ``before`` and ``after`` are the plans the diff was made from (either may be None: the
    sentences then fall back to the diff's own text); ``as_of`` is the day session dates are
    projected from; ``reasons`` (the version's) explain a change whose items carry no reason
    of their own.
    """
    differ = _Differ(before, after, as_of, names if names is not None else _library_names(), today)
    plan_line = ChangeLine(where="Plan")
    weeks: list[ChangeLine] = []
    groups: dict[str, _Group] = {}
    loose: list[ChangeLine] = []
    for change in changes:
        head, _, rest = change.path.partition(".")
        if head == "plan":
            plan_line.parts.append(differ.plan_part(rest, change.before, change.after))
            continue
        if re.fullmatch(r"week\d+", head) and rest == "deload":
            label = f"Week {head[4:]}"
            what = "now a deload week" if change.after else "no longer a deload week"
            weeks.append(ChangeLine(where=label, parts=[what]))
            continue
        if not SESSION_KEY.fullmatch(head):
            loose.append(ChangeLine(where="", parts=[differ.text(change.text)]))
            continue
        group = groups.setdefault(head, _Group(head))
        pieces = rest.split(".") if rest else []
        if not pieces:  # a whole session added or removed
            if change.before is None:
                session = _session(after, head)
                what = (
                    ", ".join(differ.name(i.exercise) for i in session.items)
                    if session
                    else differ.text(change.after)
                )
                group.parts.append(f"new session ({what})")
            else:
                group.parts.append("dropped")
        elif len(pieces) == 1 and pieces[0] in SESSION_FIELDS:
            differ.session_part(group, pieces[0], change)
        elif len(pieces) == 1:
            differ.item_part(group, pieces[0], change)
        elif len(pieces) == 2 and _ITEM_INDEX.match(pieces[0]) and pieces[1] == "exercise":
            differ.replaced(group, change)
        elif len(pieces) == 2:
            differ.field_part(group, pieces[0], pieces[1], change)
        else:
            group.parts.append(differ.text(change.text))
    lines: list[ChangeLine] = []
    if plan_line.parts:
        plan_line.because = differ.because(reasons, asked_first=True)
        lines.append(plan_line)
    for key, group in groups.items():
        new_session = _session(after, key)
        old_session = _session(before, key)
        removed = new_session is None and old_session is not None
        session = old_session if removed else (new_session or old_session)
        name = session.name if session else key
        if group.renamed:
            name = f"{group.renamed[0]} {ARROW} {group.renamed[1]}"
        if new_session is not None:
            group.reasons.extend(
                _new_reasons(old_session.reasons if old_session else [], new_session.reasons)
            )
        if group.kept and not (group.parts or group.renamed or group.minutes):
            continue  # still on its day: a person sees no change there
        if group.minutes:
            group.parts.append(group.minutes)
        if not group.parts:
            group.parts.append("renamed" if group.renamed else "changed")
        # A session skipped by this change is named by the day it had before it: one carried
        # forward past its original day (a missed session) would otherwise show that day.
        was = old_session.status if old_session is not None else None
        skipped = new_session is not None and new_session.status == "skipped" and was != "skipped"
        day = differ.day(key, old=removed or skipped)
        where = f"{day_text(day, today)} · {name}" if day else name
        because = differ.because(group.reasons) or differ.because(reasons, asked_first=True)
        lines.append(ChangeLine(where, group.parts, because, day, key))
    return [*lines, *weeks, *loose]
