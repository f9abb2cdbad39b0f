"""``fitcoach nutrition``: energy and macro targets, and meal plans."""

from __future__ import annotations

from datetime import date

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context
from fitcoach.core.errors import InvalidInput

app = typer.Typer(
    help="Energy and macro targets and meal plans (estimates, not medical advice).",
    no_args_is_help=True,
)

# The activity levels of ``fitcoach.analysis.energy.ACTIVITY_FACTORS`` and its
# ``DEFAULT_ACTIVITY``, repeated here so that the help text does not import scipy
# (tests/cli/test_startup.py checks that they stay the same).
ACTIVITY_LEVELS = (
    "sedentary",
    "lightly_active",
    "moderately_active",
    "very_active",
    "extra_active",
)
DEFAULT_ACTIVITY = "sedentary"

ACTIVITY = typer.Option(
    DEFAULT_ACTIVITY,
    "--activity",
    help=f"Daily life outside logged training: {', '.join(ACTIVITY_LEVELS)}.",
)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--day {text!r} is not a day like 2026-11-20") from None


@app.command()
def targets(
    athlete: str = ATHLETE,
    day: str | None = typer.Option(None, "--day", help="YYYY-MM-DD (default: today)."),
    activity: str = ACTIVITY,
    json_out: bool = JSON_OPTION,
) -> None:
    """Daily energy, protein, fat and carbohydrate targets, and how they were reached.

    Example: fitcoach nutrition targets -a 1
    """
    from fitcoach.services import nutrition  # scipy: imported on use

    with service_context() as ctx:
        out = nutrition.targets(ctx, athlete_id(ctx, athlete), _day(day), activity=activity)
    if json_out:
        print_json(out)
        return
    table = Table("", "per day", "range", title=f"Nutrition targets ({out.goal.replace('_', ' ')})")
    table.add_row("energy", f"{out.kcal:.0f} kcal", f"{out.kcal_low:.0f}–{out.kcal_high:.0f} kcal")
    table.add_row(
        "protein", f"{out.protein_g:.0f} g", f"{out.protein_min_g:.0f}–{out.protein_max_g:.0f} g"
    )
    table.add_row("fat", f"{out.fat_g:.0f} g", f"at least {out.fat_min_g:.0f} g")
    table.add_row("carbohydrate", f"{out.carbs_g:.0f} g", "the rest")
    table.add_row("maintenance (TDEE)", f"{out.tdee_kcal:.0f} kcal", out.tdee_method)
    table.add_row("BMR", f"{out.bmr_kcal:.0f} kcal", f"floor {out.floor_kcal:.0f} kcal")
    console.print(table)
    for reason in out.reasons:
        console.print(f"- {escape(reason)}", highlight=False)
    console.print("Estimates for healthy adults, not medical advice.", style="dim")


@app.command()
def plan(
    athlete: str = ATHLETE,
    days: int = typer.Option(3, "--days", help="Days to plan (1-14)."),
    seed: int = typer.Option(0, "--seed", help="Another seed gives another plan."),
    activity: str = ACTIVITY,
    json_out: bool = JSON_OPTION,
) -> None:
    """A meal plan that meets the targets and respects restrictions and dislikes.

    Example: fitcoach nutrition plan -a 1 --days 3 --seed 7
    """
    from fitcoach.services import nutrition  # scipy: imported on use

    with service_context() as ctx:
        out = nutrition.meal_plan(
            ctx, athlete_id(ctx, athlete), days=days, seed=seed, activity=activity
        )
    if json_out:
        print_json(out)
        return
    t = out.targets
    for day in out.days:
        table = Table(
            "meal", "food", "grams", "kcal", "protein g", "carbs g", "fat g",
            title=f"Day {day.day}",
        )  # fmt: skip
        for meal in day.meals:
            for i, food in enumerate(meal.foods):
                table.add_row(
                    meal.meal if i == 0 else "",
                    food.name,
                    f"{food.grams:g}",
                    f"{food.kcal:.0f}",
                    f"{food.protein_g:.0f}",
                    f"{food.carbs_g:.0f}",
                    f"{food.fat_g:.0f}",
                )
        tot = day.totals
        table.add_row(
            "total", "", "", f"{tot.kcal:.0f}", f"{tot.protein_g:.0f}", f"{tot.carbs_g:.0f}",
            f"{tot.fat_g:.0f}", style="bold",
        )  # fmt: skip
        table.add_row(
            "target", "", "", f"{t.kcal:.0f}", f"≥{t.protein_min_g:.0f} ({t.protein_g:.0f})",
            f"{t.carbs_g:.0f}", f"{t.fat_g:.0f}", style="dim",
        )  # fmt: skip
        console.print(table)
        for note in day.relaxed:
            console.print(f"  relaxed: {escape(note)}", highlight=False)
    for reason in out.reasons:
        console.print(f"- {escape(reason)}", highlight=False)
    console.print("Estimates for healthy adults, not medical advice.", style="dim")
