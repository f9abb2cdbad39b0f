"""``fitcoach log``: strength sets, cardio, daily metrics, sleep, meals, feedback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, errors, print_json, service_context
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.core.clock import Clock
    from fitcoach.services.training_log import Logged

app = typer.Typer(help="Log training and health records.", no_args_is_help=True)

AT = typer.Option(
    None, "--at", help="When, ISO 8601 with zone (default: now), e.g. 2026-11-20T18:00Z."
)

_SET = re.compile(
    r"^(?P<exercise>.+?)\s+(?:(?P<sets>\d+)\s*[x×]\s*)?(?P<reps>-?\d+)"
    r"(?:\s*@\s*(?P<weight>[^\s]+(?:\s*(?:kg|lb|lbs))?))?"
    r"(?:\s+rir\s*(?P<rir>-?\d+(?:\.\d+)?))?\s*$",
    re.IGNORECASE,
)


def parse_set_spec(spec: str) -> list[dict[str, Any]]:
    """``"squat 3x5@100kg rir2"`` → three sets of 5 at 100 kg with 2 reps in reserve."""
    match = _SET.match(spec.strip())
    if not match:
        raise InvalidInput(
            f"cannot read set {spec!r}; write EXERCISE [SETSx]REPS[@WEIGHT] [rirN], "
            "e.g. 'squat 3x5@100kg rir2' or 'pull-up 8'"
        )
    one: dict[str, Any] = {"exercise": match["exercise"], "reps": int(match["reps"])}
    if match["weight"]:
        one["weight_kg"] = match["weight"]
    if match["rir"]:
        one["rir"] = float(match["rir"])
    return [dict(one) for _ in range(int(match["sets"] or 1))]


def _when(at: str | None, clock: Clock) -> str:
    """``--at``, or now from the context's clock in this machine's zone (the user's)."""
    return at or clock.now().astimezone().isoformat()


def _local_day(day: str | None, clock: Clock) -> str:
    """``--day``, or today in this machine's zone (the user's local day) by the context's clock."""
    return day or clock.now().astimezone().date().isoformat()


def _report(result: Logged, json_out: bool) -> None:
    if json_out:
        print_json(result)
    elif result.created:
        console.print(f"logged {result.kind} {result.id}")
    elif result.changed:
        changed = f": {', '.join(result.fields)}" if result.fields else ""
        console.print(f"updated {result.kind} {result.id}{changed}")
    else:
        console.print(f"{result.kind} {result.id} was already stored; nothing changed")


@app.command()
def workout(
    athlete: str = ATHLETE,
    # Help text is rich markup: "\[" shows a literal "[" (unescaped, "[rirN]" would vanish).
    set_: list[str] = typer.Option(
        [],
        "--set",
        "-s",
        help=r"EXERCISE \[SETSx]REPS\[@WEIGHT] \[rirN], e.g. 'squat 3x5@100kg rir2'",
    ),
    file: Path | None = typer.Option(None, help="A workout as JSON (see docs/data-format.md)."),
    at: str | None = AT,
    rpe: float | None = typer.Option(None, help="Session RPE 0-10."),
    title: str = "",
    notes: str = "",
    json_out: bool = JSON_OPTION,
) -> None:
    """Log a strength session.

    Example: fitcoach log workout -a 1 -s "squat 3x5@100kg rir2" -s "bench press 3x8@60kg" --rpe 7
    """
    from fitcoach.services import training_log

    with service_context() as ctx:
        if file is not None:
            try:
                doc = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InvalidInput(f"cannot read {file}: {exc}") from None
        else:
            if not set_:
                raise InvalidInput("give at least one --set, or --file")
            sets = [s for spec in set_ for s in parse_set_spec(spec)]
            doc = {"started_at": _when(at, ctx.clock), "sets": sets, "title": title, "notes": notes}
            if rpe is not None:
                doc["session_rpe"] = rpe
        result = training_log.log_workout(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


@app.command()
def cardio(
    athlete: str = ATHLETE,
    activity: str = typer.Option(..., help="running, cycling, rowing, swimming, walking ..."),
    duration: str = typer.Option(..., help="e.g. 45min, 1.5h, 45:30"),
    distance: str | None = typer.Option(None, help="e.g. 10km, 6.2mi"),
    avg_hr: float | None = None,
    max_hr: float | None = None,
    calories: float | None = None,
    steps: int | None = None,
    rpe: float | None = typer.Option(None, help="Session RPE 0-10."),
    at: str | None = AT,
    json_out: bool = JSON_OPTION,
) -> None:
    """Log a cardio or activity session.

    Example: fitcoach log cardio -a 1 --activity running --duration 50min --distance 10km --avg-hr 152
    """
    from fitcoach.services import training_log

    with service_context() as ctx:
        doc: dict[str, Any] = {
            "activity_type": activity,
            "started_at": _when(at, ctx.clock),
            "duration_s": duration,
            "distance_m": distance,
            "avg_hr": avg_hr,
            "max_hr": max_hr,
            "calories_kcal": calories,
            "steps": steps,
            "session_rpe": rpe,
        }
        result = training_log.log_cardio(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


@app.command()
def daily(
    athlete: str = ATHLETE,
    day: str | None = typer.Option(None, help="YYYY-MM-DD (default: today)."),
    sleep: str | None = typer.Option(None, help="Sleep duration, e.g. 7.5h or 450min."),
    sleep_quality: int | None = typer.Option(None, help="1-5"),
    weight: str | None = typer.Option(None, help="e.g. 72.4, 72.4kg, 160lb"),
    resting_hr: float | None = None,
    hrv: float | None = typer.Option(None, help="rMSSD in ms."),
    calories: float | None = typer.Option(None, help="kcal eaten."),
    protein: float | None = typer.Option(None, help="grams."),
    mood: int | None = typer.Option(None, help="1-5"),
    energy: int | None = typer.Option(None, help="1-5"),
    soreness: int | None = typer.Option(None, help="1-5"),
    stress: int | None = typer.Option(None, help="1-5"),
    json_out: bool = JSON_OPTION,
) -> None:
    """Log daily metrics; fields you leave out keep their value for that day.

    Example: fitcoach log daily -a 1 --sleep 7.5h --weight 72.4 --resting-hr 52 --mood 4
    """
    from fitcoach.services import training_log

    given = {
        "sleep_s": None
        if sleep is None
        else sleep
        if not sleep.replace(".", "").isdigit()
        else f"{sleep}h",
        "sleep_quality": sleep_quality,
        "weight_kg": weight,
        "resting_hr": resting_hr,
        "hrv_rmssd_ms": hrv,
        "calories_in_kcal": calories,
        "protein_g": protein,
        "mood": mood,
        "energy": energy,
        "soreness": soreness,
        "stress": stress,
    }
    doc: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not doc:
        raise typer.BadParameter("give at least one metric, e.g. --weight 72.4")
    with service_context() as ctx:
        doc["day"] = _local_day(day, ctx.clock)
        result = training_log.log_daily(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


@app.command()
def sleep(
    athlete: str = ATHLETE,
    start: str = typer.Option(..., help="Bedtime, ISO 8601 with zone."),
    end: str = typer.Option(..., help="Wake time, ISO 8601 with zone."),
    deep: str | None = typer.Option(None, help="Deep sleep, e.g. 1.2h"),
    rem: str | None = typer.Option(None, help="REM sleep, e.g. 95min"),
    light: str | None = None,
    awake: str | None = None,
    awakenings: int | None = None,
    quality: int | None = typer.Option(None, help="1-5"),
    json_out: bool = JSON_OPTION,
) -> None:
    """Log a sleep session.

    Example: fitcoach log sleep -a 1 --start 2026-11-19T23:10+01:00 --end 2026-11-20T06:50+01:00 --deep 80min
    """
    from fitcoach.core.units import parse_duration_s
    from fitcoach.services import training_log

    with service_context() as ctx:
        stages = {
            name: parse_duration_s(value)
            for name, value in {"deep": deep, "rem": rem, "light": light, "awake": awake}.items()
            if value is not None
        }
        doc = {
            "started_at": start,
            "ended_at": end,
            "stages_s": stages,
            "awakenings": awakenings,
            "quality": quality,
        }
        result = training_log.log_sleep(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


@app.command()
def meal(
    athlete: str = ATHLETE,
    description: str = typer.Option(..., help="What was eaten."),
    calories: float | None = typer.Option(None, help="kcal"),
    protein: float | None = typer.Option(None, help="g"),
    carbs: float | None = typer.Option(None, help="g"),
    fat: float | None = typer.Option(None, help="g"),
    meal_type: str = typer.Option("meal", help="breakfast, lunch, dinner, snack or meal"),
    at: str | None = AT,
    json_out: bool = JSON_OPTION,
) -> None:
    """Log a meal.

    Example: fitcoach log meal -a 1 --description "oats, milk, banana" --calories 520 --protein 22
    """
    from fitcoach.services import training_log

    with service_context() as ctx:
        doc = {
            "eaten_at": _when(at, ctx.clock),
            "meal_type": meal_type,
            "description": description,
            "calories_kcal": calories,
            "protein_g": protein,
            "carbs_g": carbs,
            "fat_g": fat,
        }
        result = training_log.log_meal(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


@app.command()
def feedback(
    athlete: str = ATHLETE,
    energy: int | None = typer.Option(None, help="1-10"),
    mood: int | None = typer.Option(None, help="1-10"),
    exertion: float | None = typer.Option(None, help="Perceived exertion 0-10."),
    notes: str = "",
    at: str | None = AT,
    json_out: bool = JSON_OPTION,
) -> None:
    """Log how you feel.

    Example: fitcoach log feedback -a 1 --energy 6 --mood 7 --exertion 8
    """
    from fitcoach.services import training_log

    with service_context() as ctx:
        doc = {
            "recorded_at": _when(at, ctx.clock),
            "energy": energy,
            "mood": mood,
            "perceived_exertion": exertion,
            "notes": notes,
        }
        result = training_log.log_feedback(ctx, athlete_id(ctx, athlete), doc)
    _report(result, json_out)


# The kinds an entry may be deleted by (``services.training_log.EntryKind``), repeated so that
# --help need not import the services.
ENTRY_KINDS = ("workouts", "cardio", "daily", "sleep", "meals")
YES = typer.Option(False, "--yes", "-y", help="Do not ask first.")


@app.command()
def undo(athlete: str = ATHLETE, yes: bool = YES, json_out: bool = JSON_OPTION) -> None:
    """Take back the last entry you logged for the athlete (in the last 30 minutes), after
    saying what it is; a workout's personal records are worked out again without it.

    Example: fitcoach log undo -a 1
    """
    from fitcoach.services import training_log

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        last = training_log.last_entry(ctx, aid)
        if last is None:  # says what to do instead
            training_log.undo_last(ctx, aid)
            return
        words = training_log.last_entry_words(last)
    if not yes and not typer.confirm(f"Undo the {words}?", default=False):
        console.print("nothing undone")
        raise typer.Exit(1)
    # A second unit of work: no transaction stays open while the person answers; naming the
    # entry refuses the undo if another was logged or removed in between.
    with service_context() as ctx:
        removed = training_log.undo_last(ctx, aid, last.kind, last.id)
    if json_out:
        print_json(removed)
    else:
        console.print(f"undone: {removed['what']}")


@app.command()
def delete(
    kind: str = typer.Argument(..., help=f"One of: {', '.join(ENTRY_KINDS)}."),
    entry_id: int = typer.Argument(..., min=1, help="Its id (fitcoach history KIND --json)."),
    athlete: str = ATHLETE,
    yes: bool = YES,
    json_out: bool = JSON_OPTION,
) -> None:
    """Delete one logged entry by its id, after asking; a workout goes with its sets and its
    personal records are worked out again without them.

    Example: fitcoach log delete workouts 42 -a 1
    """
    with errors():
        if kind not in ENTRY_KINDS:
            raise InvalidInput(f"cannot delete {kind!r}; use one of {', '.join(ENTRY_KINDS)}")
    if not yes and not typer.confirm(f"Delete {kind} {entry_id} for good?", default=False):
        console.print("nothing deleted")
        raise typer.Exit(1)
    from fitcoach.services import training_log

    with service_context() as ctx:
        removed = training_log.delete_entry(ctx, athlete_id(ctx, athlete), kind, entry_id)  # type: ignore[arg-type]
    if json_out:
        print_json(removed)
    else:
        sets = removed.get("sets")
        console.print(f"deleted {kind} {entry_id}" + (f" with its {sets} sets" if sets else ""))
