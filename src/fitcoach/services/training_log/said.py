"""What a logged workout or cardio session is called once it is logged: the one sentence the
chat's log and the web's quick logs both say ("Logged on Mon 23 Nov: 3 x 8 Barbell Bench Press
at 135 lb (3 sets in all).", "Logged on Mon 23 Nov: Running, 30 min, 5 km, 6:00 min/km.").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from fitcoach.coach import wording
from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.core.units import Units, format_distance, format_mass, format_pace
from fitcoach.services import own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.services.training_log.corrections import entry
from fitcoach.services.training_log.windows import athlete_zone
from fitcoach.storage.rows import SetRow

LOGGED = "Logged on {day}: {groups} ({sets} in all)."
LOGGED_CARDIO = "Logged on {day}: {activity}, {parts}."


@dataclass(frozen=True)
class SetGroup:
    """Sets alike, one after another: how many, their reps and load, the exercise's name and
    slug, whether it takes no load (bodyweight), and the effort: RIR, or the RPE typed (shown
    with the RIR it stands for)."""

    sets: int
    reps: int
    name: str
    slug: str
    weight_kg: float | None
    bodyweight: bool
    rir: float | None = None
    rpe: float | None = None
    distance_m: float | None = None  # a carry's or sled's run, each set one of it


def run_note(metres: float) -> str:
    """What a set of a carry or sled run keeps of its distance (its notes): "40 m"."""
    return f"{metres:g} m"


def _run_distance(metres: float, units: Units) -> str:
    """A run's distance as the athlete reads it: metres, or yards in imperial units."""
    return f"{metres / 0.9144:.0f} yd" if units == "imperial" else f"{metres:g} m"


def group_words(group: SetGroup, units: Units) -> str:
    """ "3 x 8 Barbell Bench Press at 135 lb, RIR 2"."""
    if group.weight_kg is not None:
        load = f" at {format_mass(group.weight_kg, units, per_hand=wording.per_hand(group.slug))}"
    else:
        load = " (bodyweight)" if group.bodyweight else " (no load given)"
    if group.rpe is not None and group.rir is not None:
        effort = f", RPE {_num(group.rpe)} (RIR {_num(group.rir)})"
    elif group.rir is not None:
        effort = f", RIR {_num(group.rir)}"
    else:
        effort = ""
    if group.distance_m is not None and group.reps == 1:  # "4 x 40 m Farmer's Carry"
        return f"{group.sets} x {_run_distance(group.distance_m, units)} {group.name}{load}{effort}"  # fmt: skip
    return f"{group.sets} x {group.reps} {group.name}{load}{effort}"


def logged_words(day: date, today: date, groups: Sequence[SetGroup], units: Units) -> str:
    """The sentence a logged workout is said in, its day the athlete's local one."""
    count = sum(g.sets for g in groups)
    return LOGGED.format(
        day=wording.day_text(day, today),
        groups="; ".join(group_words(g, units) for g in groups),
        sets=f"{count} set{'' if count == 1 else 's'}",
    )


def workout_words(ctx: ServiceContext, athlete_id: int, workout_id: int, units: Units) -> str:
    """``logged_words`` for a stored workout (the web's quick log), read back from its sets."""
    row = entry(ctx, athlete_id, "workouts", workout_id)
    zone = athlete_zone(ctx, athlete_id)
    day = row["started_at"].astimezone(zone).date()
    today = ctx.clock.now().astimezone(zone).date()
    own = (
        {e["slug"]: e for e in own_exercises.listed(ctx, athlete_id)}
        if any(str(s["exercise"]).startswith(OWN_EXERCISE_PREFIX) for s in row["sets"])
        else {}
    )
    return logged_words(day, today, list(set_groups(row["sets"], own)), units)


def set_groups(
    sets: Iterable[SetRow], own: Mapping[str, own_exercises.OwnExerciseRow]
) -> list[SetGroup]:
    """Stored sets, those alike one after another as one group."""
    equipment = {r.slug: r.equipment for r in library_records()}
    groups: list[SetGroup] = []
    for s in sets:
        slug = str(s["exercise"])
        mine = own.get(slug)
        name = str(mine["name"]) if mine else wording.exercise_name(slug)
        needs = list(mine["equipment"]) if mine else list(equipment.get(slug, ()))
        rir = None if (r := s.get("rir")) is None else float(r)
        weight = None if (w := s.get("weight_kg")) is None else float(w)
        one = SetGroup(1, int(s["reps"]), name, slug, weight, not needs, rir)
        last = groups[-1] if groups else None
        if last is not None and (last.slug, last.reps, last.weight_kg, last.rir) == (
            slug,
            one.reps,
            weight,
            rir,
        ):
            groups[-1] = SetGroup(
                last.sets + 1, last.reps, name, slug, weight, last.bodyweight, rir
            )
        else:
            groups.append(one)
    return groups


def cardio_logged_words(
    day: date,
    today: date,
    activity: str,
    duration_s: float,
    distance_m: float | None,
    avg_hr: float | None,
    units: Units,
) -> str:
    """The sentence a logged cardio session is said in: its activity (a library slug, or the
    words typed), length, distance and pace, average heart rate."""
    parts = [f"{_num(duration_s / 60)} min"]
    if distance_m:
        parts.append(format_distance(distance_m, units))
        pace = format_pace(duration_s / (distance_m / 1000), units)
        parts.append(pace.replace("/", " min/"))
    if avg_hr:
        parts.append(f"average HR {round(avg_hr)} bpm")
    return LOGGED_CARDIO.format(
        day=wording.day_text(day, today),
        activity=wording.exercise_name(activity),
        parts=", ".join(parts),
    )


def cardio_words(ctx: ServiceContext, athlete_id: int, cardio_id: int, units: Units) -> str:
    """``cardio_logged_words`` for a stored session (the web's cardio log)."""
    row = entry(ctx, athlete_id, "cardio", cardio_id)
    zone = athlete_zone(ctx, athlete_id)
    return cardio_logged_words(
        row["started_at"].astimezone(zone).date(),
        ctx.clock.now().astimezone(zone).date(),
        str(row["activity_type"]),
        float(row["duration_s"]),
        None if row.get("distance_m") is None else float(row["distance_m"]),
        None if row.get("avg_hr") is None else float(row["avg_hr"]),
        units,
    )


def _num(value: float) -> str:
    """72.4, 52, 6.5: no trailing zeros."""
    text = f"{value:.1f}"
    return text.rstrip("0").rstrip(".")
