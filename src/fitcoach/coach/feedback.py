"""Per-exercise feedback from the guided workout: "too easy", "too hard", "pain".

The guided workout stores each tap as a ``Feedback`` row (source ``guided``) whose ``notes`` hold
a small JSON document (day, planned session, exercise slug, kind, the athlete's words); this
module writes and reads that document. It is pure (no database) so that the plan services, the
weekly review and the guided service all read feedback the same way.

How the engine uses it (numbers in ``rules/progression.yaml``):

- ``too_hard``: the exercise's next progression decision counts the day's sets as logged at
  least ``rir_autoregulation.hold_by`` RIR under the target (hold: no load rise);
- ``too_easy``: as logged ``easier_by`` RIR over the target (the bigger load step, still capped
  by ``bigger_step_max_pct`` and the safety validator);
- ``pain``: the exercise stops for the day (no more sets of it are stored), substitutes that
  spare the painful region are offered, and the exercise never progresses while a pain report
  lies in the review's look-back; pain on ``feedback.pain_days_for_professional`` different
  days within ``feedback.pain_window_days`` adds a "see a professional" reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

FeedbackKind = Literal["too_easy", "too_hard", "pain"]
KINDS: tuple[str, ...] = get_args(FeedbackKind)
SOURCE = "guided"
LABELS = {"too_easy": "too easy", "too_hard": "too hard", "pain": "pain"}


@dataclass(frozen=True)
class ExerciseFeedback:
    """One feedback tap on one exercise of one day's session."""

    day: date
    session_key: str
    exercise: str
    kind: FeedbackKind
    note: str = ""
    region: str | None = None


def source_id(day: date, session_key: str, exercise: str, kind: str) -> str:
    """The idempotency key of a feedback row: the same tap twice is stored once."""
    return f"guided-{day.isoformat()}-{session_key}-{exercise}-{kind}"


def encode(item: ExerciseFeedback) -> str:
    """The ``notes`` text of a feedback row."""
    return json.dumps(
        {
            "guided_feedback": {
                "day": item.day.isoformat(),
                "session": item.session_key,
                "exercise": item.exercise,
                "kind": item.kind,
                "note": item.note,
                "region": item.region,
            }
        },
        sort_keys=True,
    )


def decode(row: dict[str, Any]) -> ExerciseFeedback | None:
    """The exercise feedback a stored feedback row holds (None for any other feedback)."""
    if row.get("source") != SOURCE:
        return None
    try:
        data = json.loads(row.get("notes") or "")["guided_feedback"]
        kind = data["kind"]
        if kind not in KINDS:
            return None
        return ExerciseFeedback(
            day=date.fromisoformat(data["day"]),
            session_key=str(data["session"]),
            exercise=str(data["exercise"]),
            kind=kind,
            note=str(data.get("note") or ""),
            region=data.get("region"),
        )
    except (ValueError, KeyError, TypeError):
        return None


def decode_all(rows: list[dict[str, Any]]) -> list[ExerciseFeedback]:
    """Every exercise feedback among stored feedback rows, in their order."""
    return [f for f in (decode(r) for r in rows) if f is not None]


def pain_days(items: list[ExerciseFeedback], exercise: str) -> list[date]:
    """The distinct days pain was reported for ``exercise``, oldest first."""
    return sorted({f.day for f in items if f.exercise == exercise and f.kind == "pain"})


def needs_professional(
    items: list[ExerciseFeedback], day: date, *, window_days: int, days_needed: int
) -> dict[str, list[date]]:
    """Exercise → the days pain was reported in the ``window_days`` up to ``day``, for the
    exercises with pain on at least ``days_needed`` different days."""
    recent = [f for f in items if 0 <= (day - f.day).days < window_days]
    out: dict[str, list[date]] = {}
    for exercise in dict.fromkeys(f.exercise for f in recent):
        days = pain_days(recent, exercise)
        if len(days) >= days_needed:
            out[exercise] = days
    return out
