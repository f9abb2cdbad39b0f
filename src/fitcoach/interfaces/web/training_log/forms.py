"""Reading what was typed in the history's forms: days, numbers, loads, a start time, a cardio
session's numbers; and a service's refusal put beside the field it names.

Each reader returns the value in stored units (kg, s, m, bpm), None for an empty field, or
raises ``InvalidInput`` whose message starts with the field's name as the form labels it.
Nothing here renders a page or calls a service.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, tzinfo

from fitcoach.coach import wording
from fitcoach.coach.schemas import MAX_CARDIO_DISTANCE_M, MAX_CARDIO_DURATION_S
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    format_distance,
    parse_distance_for,
    parse_duration_s,
    parse_mass_for,
)

NONCE = re.compile(r"^[0-9a-f]{32}$")
START_ERROR = "when: a date and time like 2026-11-20T18:30"
# The form's fields for what ``correct_entry(kind="cardio")`` may change, by stored column.
CARDIO_TYPED = {"duration_s": "duration", "distance_m": "distance", "avg_hr": "avg_hr",
                "session_rpe": "session_rpe"}  # fmt: skip
# A cardio form's fields as its messages name them.
FIELD_WORDS = {"kind": "kind", "started_at": "when", "duration": "duration", "distance": "distance",
               "avg_hr": "average heart rate", "session_rpe": "session RPE", "notes": "notes"}  # fmt: skip


def _day(text: str, name: str, errors: list[str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"{name}: a date like 2026-11-20 (got {text[:40]!r})")
        return None


def _number(text: str, name: str, *, whole: bool = False) -> float | None:
    """A number typed in a form (comma or point), None when empty; ``InvalidInput`` naming
    the field otherwise."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (whole and not value.is_integer()):
        example = "5" if whole else "2.5"
        raise InvalidInput(f"{name}: write a {'whole ' if whole else ''}number, e.g. {example} (got {text[:40]!r})")  # fmt: skip
    return value


def _weight(text: str, name: str, units: Units) -> float | None:
    """A load typed as ``100``, ``100 kg`` or ``225 lb`` (a bare number in the athlete's unit),
    in kg; None: empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_mass_for(text.replace(",", "."), units)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}") from None


def _started_at(text: str, zone: tzinfo) -> datetime:
    """A start typed as ``2026-11-20T18:30``, in the athlete's time zone unless it names one;
    ``ValueError`` when it is not a date and time (the form then says ``START_ERROR``)."""
    started = datetime.fromisoformat(text)
    return started.replace(tzinfo=zone) if started.tzinfo is None else started


def _duration_typed(seconds: float | None) -> str:
    """A stored duration as a form shows it, in what ``parse_duration_s`` reads back to the
    same second: whole minutes (``45``), else ``45:30`` or ``1:02:03``."""
    if seconds is None:
        return ""
    total = round(seconds)
    if total % 60 == 0:
        return str(total // 60)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _cardio_value(key: str, text: str, units: Units) -> float | None:
    """One typed field of a cardio session in stored units (s, m, bpm); None: empty.
    ``InvalidInput`` names the field as the form labels it."""
    if key == "avg_hr":
        return _number(text, "average heart rate")
    if key == "session_rpe":
        return _number(text, "session RPE")
    # The unit parser reads "5,2" itself and refuses an ambiguous "1,000": the text goes as typed.
    text = text.strip()
    if not text:
        return None
    name = CARDIO_TYPED[key]
    try:
        if key == "duration_s":
            value = parse_duration_s(text)  # a bare number: minutes
            most, said = MAX_CARDIO_DURATION_S, wording.duration_text(MAX_CARDIO_DURATION_S)
        else:
            value = parse_distance_for(text, units)  # a bare number: km, or mi for imperial units
            most, said = MAX_CARDIO_DISTANCE_M, format_distance(MAX_CARDIO_DISTANCE_M, units)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}") from None
    # The limit in the units the person types, not the stored metres or seconds.
    if value > most:
        raise InvalidInput(f"{name}: at most {said}")
    return value


def _service_errors(exc: InvalidInput, errors: dict[str, str], names: dict[str, str]) -> None:
    """The service's refusal put beside the form field it names (``Problem.field``), worded
    with the field's name; one it cannot place goes above the form."""
    for problem in exc.problems:
        if problem.field in names and problem.reason:
            name = names[problem.field]
            errors.setdefault(name, f"{FIELD_WORDS[name]}: {problem.reason}")
        else:
            errors.setdefault("form", problem.message.removeprefix("changes: "))
