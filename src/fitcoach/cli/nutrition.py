"""``fitcoach nutrition``: energy and macro targets, and meal plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
    from fitcoach.core.units import quantities_in_text
    from fitcoach.services import nutrition  # scipy: imported on use
    from fitcoach.services.context import athlete_units

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        out = nutrition.targets(ctx, aid, _day(day), activity=activity)
        units = athlete_units(ctx, ctx.scope(aid))  # the reasons' weight and height in them
    if json_out:
        print_json(out)
        return
    table = Table("", "per day", "range", title=f"Nutrition targets ({out.goal.replace('_', ' ')})")
    span = f"{out.kcal_low:.0f}–{out.kcal_high:.0f} kcal"  # a maintenance goal has no range
    table.add_row("energy", f"{out.kcal:.0f} kcal", "" if out.kcal_low == out.kcal_high else span)
    table.add_row(
        "protein", f"{out.protein_g:.0f} g", f"{out.protein_min_g:.0f}–{out.protein_max_g:.0f} g"
    )
    table.add_row("fat", f"{out.fat_g:.0f} g", f"at least {out.fat_min_g:.0f} g")
    table.add_row("carbohydrate", f"{out.carbs_g:.0f} g", "the rest")
    table.add_row("maintenance (TDEE)", f"{out.tdee_kcal:.0f} kcal", out.tdee_method)
    table.add_row("BMR", f"{out.bmr_kcal:.0f} kcal", f"floor {out.floor_kcal:.0f} kcal")
    console.print(table)
    for reason in out.reasons:
        console.print(f"- {escape(quantities_in_text(reason, units))}", highlight=False)
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
    from fitcoach.core.units import quantities_in_text
    from fitcoach.services import nutrition  # scipy: imported on use
    from fitcoach.services.context import athlete_units

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        out = nutrition.meal_plan(ctx, aid, days=days, seed=seed, activity=activity)
        units = athlete_units(ctx, ctx.scope(aid))  # the reasons' weight and height in them
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
        console.print(f"- {escape(quantities_in_text(reason, units))}", highlight=False)
    console.print("Estimates for healthy adults, not medical advice.", style="dim")


@app.command()
def photo(
    image: Path = typer.Argument(..., help="A JPEG or PNG photo of the plate."),
    portion: float = typer.Option(
        1.0, "--portion", help="Typical servings eaten (0.25-4): scales the suggested grams."
    ),
    log: bool = typer.Option(
        False, "--log", help="Log the meal (the dish given by --dish, or a confident guess)."
    ),
    dish: str | None = typer.Option(
        None, "--dish", help="The dish you confirm, e.g. bibimbap (one of the suggestions)."
    ),
    athlete: str | None = typer.Option(
        None, "--athlete", "-a", help="Athlete id or e-mail (with --log)."
    ),
    meal_type: str = typer.Option(
        "meal", "--meal-type", help="breakfast, lunch, dinner, snack or meal (with --log)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """What a photo of a meal looks like: the three likeliest dishes with their probabilities
    and suggested foods; with --log, the dish you confirm is logged with its macros.

    A photo the model is unsure of, or that does not look like food, is never logged on a
    guess: pass the dish you ate with --dish.

    Example: fitcoach nutrition photo lunch.jpg --json
    Example: fitcoach nutrition photo lunch.jpg --dish bibimbap --portion 1.5 --log -a 1
    """
    from fitcoach.cli.common import errors, settings

    limit = settings().food_photo_max_bytes
    try:
        with image.open("rb") as handle:
            data = handle.read(limit + 1)  # one byte more than taken says it is too large
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {image}: {exc.strerror}") from None
    from fitcoach.services import food_photo, nutrition

    chosen = dish
    with errors():
        out = food_photo.suggest(
            data, portion=portion, model_dir=settings().models_path, settings=settings()
        )
        if log:
            if athlete is None:
                raise InvalidInput("--log needs the athlete: add -a ID (or e-mail)")
            if chosen is None and out.verdict != "confident":
                raise InvalidInput(
                    f"{out.message} Log it with --dish (one of "
                    f"{', '.join(d.dish for d in out.dishes)}) to say which dish it is."
                )
            chosen = chosen or out.dishes[0].dish
    if log:
        assert athlete is not None
        assert chosen is not None
        with service_context() as ctx:
            logged = nutrition.log_dish(
                ctx, athlete_id(ctx, athlete), chosen, portion, meal_type=meal_type
            )
    if json_out:
        payload = out.model_dump()
        if log:
            payload["logged"] = {"meal_id": logged.id, "dish": chosen}
        print_json(payload)
        return
    table = Table("dish", "probability", "foods", "kcal", "protein g", "carbs g", "fat g")
    for d in out.dishes:
        foods = ", ".join(f"{f.name} {f.grams:g} g" for f in d.foods)
        table.add_row(
            d.name, f"{d.probability:.0%}", foods, f"{d.kcal:.0f}", f"{d.protein_g:.0f}",
            f"{d.carbs_g:.0f}", f"{d.fat_g:.0f}",
        )  # fmt: skip
    console.print(table)
    console.print(escape(out.message), highlight=False)
    if log:
        console.print(f"Logged {escape(chosen or '')} as meal {logged.id}.", highlight=False)
