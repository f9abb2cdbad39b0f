"""``get_strength`` and ``get_training_summary``: estimated one-rep maxes from the logged sets,
and what the athlete did over a period.
"""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta
from typing import Literal

from pydantic import Field

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    ExerciseName,
    ToolArgs,
    athlete_units,
    athlete_zone,
    day_words,
    exercise_name,
    exercise_slug,
    jsonable,
    load_words,
    local_period,
)
from fitcoach.assistant.tools.metrics import (
    load_metric,
    series_summary,
    sleep_series,
    volume_metric,
)
from fitcoach.core.units import format_distance, format_mass
from fitcoach.services import training_log

# The lifts "what is my 1RM?" answers for when no exercise is named (those logged, else the best).
MAIN_LIFTS = (
    "barbell-back-squat",
    "barbell-bench-press",
    "barbell-deadlift",
    "barbell-overhead-press",
)


class StrengthArgs(ToolArgs):
    """One exercise, or none: the main lifts."""

    exercise: ExerciseName | None = None


def get_strength(tctx: ToolContext, args: StrengthArgs) -> ToolResult:
    """Estimated one-rep maxes (Epley, from the best logged working set) and heaviest sets."""
    ctx, aid = tctx.service, tctx.athlete_id
    zone = athlete_zone(tctx)
    if args.exercise:
        slug = exercise_slug(args.exercise)
        found = training_log.records(ctx, aid, slug)
        if not found:
            return ToolResult(
                "get_strength",
                ok=True,
                data={"exercise": slug, "records": []},
                summary=(
                    f"No loaded sets of {exercise_name(slug)} are logged yet, so there is no estimated "
                    f'1RM; log some, for example "{exercise_name(slug).lower()} 3x5 at 60 kg".'
                ),
            )
    else:
        every = training_log.records(ctx, aid)
        found = [r for r in every if r.exercise in MAIN_LIFTS] or every[:5]
        if not found:
            return ToolResult(
                "get_strength",
                ok=True,
                data={"exercise": None, "records": []},
                summary=(
                    "No loaded sets are logged yet, so there is no estimated 1RM; log some, for "
                    'example "squat 3x5 at 60 kg".'
                ),
            )
    records = []
    lines = []
    units = athlete_units(tctx)
    for r in found:
        day = (r.best_e1rm_at if r.best_e1rm_at.tzinfo else r.best_e1rm_at.replace(tzinfo=UTC)).astimezone(zone).date()  # fmt: skip
        records.append(
            {
                "exercise": r.exercise,
                "e1rm_kg": round(r.best_e1rm_kg, 1),
                "e1rm_on": day,
                "heaviest_kg": r.heaviest_kg,
                "reliable": r.e1rm_reliable,
            }
        )
        rough = "" if r.e1rm_reliable else " (from a high-rep set, so only a rough estimate)"
        lines.append(
            f"{exercise_name(r.exercise)} {format_mass(r.best_e1rm_kg, units, places=1)} (best set on {day_words(day, tctx.today())}; heaviest "
            f"{load_words(r.heaviest_kg, units, r.exercise)}){rough}"
        )
    text = "Estimated 1RM (Epley, from your best logged set): " + "; ".join(lines) + "."
    return ToolResult("get_strength", ok=True, data=jsonable({"records": records}), summary=text)


# What a counted cardio kind is, read on the logged activity's slug (the library's, or the
# athlete's own words with "_" for spaces): "runs" are the jogs, runs and intervals on foot, not
# water jogging; "rides" the cycling, not horse riding.
CountKind = Literal["sessions", "strength", "cardio", "runs", "rides", "swims", "walks", "hikes"]
_ACTIVITY: dict[str, re.Pattern[str]] = {
    "runs": re.compile(r"^(?!water)(?:.*[-_])?(?:jog|jogging|run|running|runs)(?:[-_].*)?$"),
    "rides": re.compile(r"cycl|bik|(?<!horse)[-_]?rid(?:e|ing)\b"),
    "swims": re.compile(r"swim"),
    "walks": re.compile(r"walk(?!ing[-_]lunge)"),
    "hikes": re.compile(r"hik"),
}
_COUNT_WORDS = {"runs": "run", "rides": "ride", "swims": "swim", "walks": "walk", "hikes": "hike"}
_DISTANCE_VERBS = {
    "runs": "ran",
    "rides": "rode",
    "swims": "swam",
    "walks": "walked",
    "hikes": "hiked",
}


class PeriodArgs(ToolArgs):
    start: date | None = Field(default=None, description="First day (default: this Monday).")
    end: date | None = Field(default=None, description="Last day, inclusive (default: today).")
    count: CountKind | None = Field(
        default=None,
        description="Answer 'how many ...' first: every session, strength workouts, cardio "
        "sessions, or one kind of cardio (runs, rides, swims, walks, hikes).",
    )
    distance: bool = Field(
        default=False,
        description="Answer 'how far / how many km' first: the total distance of the cardio "
        "kind in `count` (every cardio session when `count` is not a cardio kind).",
    )


def _counted(tctx: ToolContext, start: date, end: date, kind: CountKind) -> tuple[int, str]:
    """How many sessions of ``kind`` the athlete logged from ``start`` to ``end`` (local days,
    as ``history`` reads them), and the sentence that says it."""
    workouts = training_log.history(
        tctx.service, tctx.athlete_id, "workouts", start, end, sets=False
    )
    cardio = training_log.history(tctx.service, tctx.athlete_id, "cardio", start, end)
    period = f"from {day_words(start, tctx.today())} to {day_words(end, tctx.today())}"
    if kind in _ACTIVITY:
        n = sum(1 for c in cardio if _ACTIVITY[kind].search(str(c["activity_type"])))
        return n, f"You logged {n} {_COUNT_WORDS[kind]}{'' if n == 1 else 's'} {period}."
    if kind == "strength":
        n = len(workouts)
        return n, f"You logged {n} strength workout{'' if n == 1 else 's'} {period}."
    if kind == "cardio":
        n = len(cardio)
        return n, f"You logged {n} cardio session{'' if n == 1 else 's'} {period}."
    n = len(workouts) + len(cardio)
    split = f": {len(workouts)} strength, {len(cardio)} cardio" if n else ""
    return n, f"You logged {n} session{'' if n == 1 else 's'} {period}{split}."


def _distance(
    tctx: ToolContext, start: date, end: date, kind: CountKind | None
) -> tuple[float, str]:
    """The metres of ``kind`` (a cardio kind, else every cardio session) logged from ``start`` to
    ``end``, and the sentence that says it; sessions logged without a distance are named apart
    rather than read as zero."""
    cardio = training_log.history(tctx.service, tctx.athlete_id, "cardio", start, end)
    if kind in _ACTIVITY:
        cardio = [c for c in cardio if _ACTIVITY[str(kind)].search(str(c["activity_type"]))]
    metres = sum(float(c["distance_m"]) for c in cardio if c.get("distance_m"))
    without = sum(1 for c in cardio if not c.get("distance_m"))
    period = f"from {day_words(start, tctx.today())} to {day_words(end, tctx.today())}"
    noun = _COUNT_WORDS.get(str(kind), "cardio session")
    sessions = f"{len(cardio)} {noun}{'' if len(cardio) == 1 else 's'}"
    if not cardio:
        return 0.0, f"You logged no {noun}s {period}, so no distance."
    verb = _DISTANCE_VERBS.get(str(kind), "covered")
    unknown = f"; {without} without a distance, not counted" if without else ""
    if not metres:
        return 0.0, f"You logged {sessions} {period}, none with a distance."
    total = format_distance(metres, athlete_units(tctx))
    return metres, f"You {verb} {total} {period} ({sessions}{unknown})."


def get_training_summary(tctx: ToolContext, args: PeriodArgs) -> ToolResult:
    """What the athlete did over a period: workouts, sets and tonnage, load, sleep; with
    ``count``, how many sessions of a kind first ("how many runs since the 1st"); with
    ``distance``, how far in all ("how many km did I run in October")."""
    today = tctx.today()
    start, end = local_period(
        tctx, args.start or today - timedelta(days=today.weekday()), args.end or today
    )
    volume, volume_text = volume_metric(tctx, start, end)
    load, load_text = load_metric(tctx, start, end)
    sleep, sleep_text = series_summary("sleep", start, end, sleep_series(tctx, start, end))
    data = {"start": start, "end": end, "volume": volume, "load": load, "sleep": sleep}
    text = f"From {day_words(start, today)} to {day_words(end, today)}. {volume_text} {load_text} {sleep_text}"
    if args.distance:
        metres, said = _distance(tctx, start, end, args.count)
        data["distance_m"] = metres
        text = f"{said} {text}"
    elif args.count is not None:
        number, said = _counted(tctx, start, end, args.count)
        data["count"] = {"kind": args.count, "number": number}
        text = f"{said} {text}"
    return ToolResult(
        "get_training_summary", ok=True, data=jsonable(data), summary=" ".join(text.split())
    )
