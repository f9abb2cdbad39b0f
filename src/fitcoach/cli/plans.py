"""``fitcoach plan``: generate, show, today, edit, approve, reject, review, versions."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context, to_jsonable
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    parse_mass_for,
    parse_mass_kg,
    quantities_in_text,
    units_or_default,
)

if TYPE_CHECKING:
    from fitcoach.services.plans import PlanView

app = typer.Typer(
    help="Training plans: generate, show, today's session, edits, approvals, weekly review.",
    no_args_is_help=True,
)

# coach.edits.EDIT_OPS, repeated so that --help need not import the coach engine
EDIT_OPS = (
    "replace_exercise",
    "add_exercise",
    "remove_exercise",
    "change_sets",
    "change_reps",
    "change_load",
    "change_rir",
    "move_session",
    "skip_session",
    "set_days_per_week",
    "set_session_minutes",
    "set_equipment",
    "regenerate",
)


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a day like 2026-11-23") from None


def _reps(text: str) -> tuple[int, int]:
    low, sep, high = text.partition("-")
    try:
        values = (int(low), int(high) if sep else int(low))
    except ValueError:
        raise InvalidInput(f"--reps {text!r} is not a range like 8-12 (or one number)") from None
    return values


# A session's key (``w1s2``: week 1, session 2) is the plan's handle for it; people read the
# week and the session's number (``plan show`` lists them so, and --session takes ``1.2``).
SESSION_KEY = re.compile(r"w(\d+)s(\d+)")
SESSION_NUMBERS = re.compile(r"(\d+)\.(\d+)")


def session_label(key: str, name: str) -> str:
    """``Week 1, session 1: Upper body A`` for the session ``w1s1``."""
    found = SESSION_KEY.fullmatch(key)
    return f"Week {found[1]}, session {found[2]}: {name}" if found else name


def _session_words(key: str) -> str:
    """A session key as ``plan show`` numbers it: ``w2s1`` → ``week 2, session 1``."""
    found = SESSION_KEY.fullmatch(key)
    return f"week {found[1]}, session {found[2]}" if found else key


def _session_key(text: str) -> str:
    """``--session`` as the plan keys it: ``1.2`` (week 1, session 2, as ``plan show``
    numbers it) is ``w1s2``; a key is kept."""
    found = SESSION_NUMBERS.fullmatch(text.strip())
    return f"w{found[1]}s{found[2]}" if found else text.strip()


def _words(code: str) -> str:
    """A plan's code word as words (``upper_lower`` → ``upper lower``)."""
    return code.replace("_", " ")


def _units(ctx: Any, aid: int) -> Units:
    """The athlete's unit system (what a bare load means and what loads are shown in)."""
    from fitcoach.services import athletes

    profile = athletes.get_athlete(ctx, aid).profile
    return units_or_default(profile.units if profile else None)


def _reason_lines(node: Tree, reasons: list[Any], show: bool, units: Units | None = None) -> None:
    from fitcoach.coach import wording  # here: it loads the rules

    if not show:
        return
    for r in reasons:
        node.add(f"[dim]{escape(quantities_in_text(wording.reason_text(r), units))}[/]")


def render_plan(
    view: PlanView, *, reasons: bool = True, week: int | None = None, units: Units | None = None
) -> Tree:
    """A plan version as a tree: weeks, sessions (status, date), items, and their reasons;
    loads and distances in ``units`` (the athlete's), a dumbbell load per hand."""
    from fitcoach.coach.today import project

    plan = view.plan
    assert plan is not None
    title = (
        f"[bold]Plan v{view.version}[/] ({view.status}) · {escape(_words(plan.goal))} · "
        f"{plan.level} · {_words(plan.split)} · {plan.days_per_week} days × "
        f"{plan.session_minutes} min"
    )
    tree = Tree(title)
    _reason_lines(tree, plan.reasons[:6], reasons, units)
    dates = {p.key: p for p in project(plan, plan.start)}
    for w in plan.weeks:
        if week is not None and w.index != week:
            continue
        label = f"[bold]Week {w.index}[/]" + (" [yellow](deload)[/]" if w.deload else "")
        branch = tree.add(label)
        _reason_lines(branch, w.reasons, reasons, units)
        for s in w.sessions:
            when = dates[s.key]
            if s.status == "done":
                status = f"[green]done {s.done_on}[/]"
            elif s.status == "skipped":
                status = "[dim]skipped[/]"
            else:
                status = f"planned {when.on}"
            number = SESSION_KEY.fullmatch(s.key)
            node = branch.add(
                f"[bold]Session {number[2] if number else s.key}:[/] {escape(s.name)} · "
                f"{escape(_words(s.focus))} · ~{s.estimated_minutes} min · {status}"
            )
            _reason_lines(node, s.reasons, reasons, units)
            for item in s.items:
                leaf = node.add(escape(_item_line(item, units)))
                _reason_lines(leaf, item.reasons, reasons, units)
    return tree


def _item_line(item: Any, units: Units | None) -> str:
    """A plan item as a person reads it: the exercise's name (not its slug), the load in the
    athlete's unit, "per hand" for a dumbbell load."""
    from fitcoach.coach import wording  # here: it loads the rules
    from fitcoach.coach.edits import item_text
    from fitcoach.coach.plan import StrengthItem

    line = quantities_in_text(wording.humanize(item_text(item)), units)
    loaded = isinstance(item, StrengthItem) and item.load.kind == "kg"
    if loaded and wording.per_hand(item.exercise):
        line += " per hand"  # the line ends with the load
    return line


def _print_verdict(view: PlanView, units: Units | None = None) -> None:
    colour = {"ok": "green", "repaired": "yellow"}.get(view.verdict.status, "red")
    console.print(f"safety validator: [{colour}]{view.verdict.status}[/]")
    for v in view.verdict.violations:
        text = quantities_in_text(v.text, units)
        console.print(f"  - {escape(text)} [dim]({v.rule}, {v.action})[/]")
    if view.escalation:
        console.print(f"[bold red]{escape(view.escalation)}[/]")


def _print_diff(lines: list[Any], units: Units | None) -> None:
    """A version's changes as sentences (``plans.change_sentences``: days, names and loads in
    the athlete's units, never the diff's engine paths)."""
    if not lines:
        console.print("no changes")
        return
    console.print("[bold]changes[/]")
    for line in lines:
        console.print(f"  - {escape(quantities_in_text(line.sentence, units))}")


@app.command()
def generate(
    athlete: str = ATHLETE,
    weeks: int = typer.Option(4, help="Weeks in the mesocycle (1-12)."),
    seed: int = typer.Option(0, help="Seed: the same seed and profile give the same plan."),
    start: str | None = typer.Option(None, help="First day, YYYY-MM-DD (default today)."),
    replace: bool = typer.Option(
        False, "--replace", help="Replace the plan in force at once instead of proposing."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Generate a plan from the profile and logged e1RMs, check it, put it in force.

    With a plan already in force the new one is proposed (approve it with `fitcoach plan
    approve`), unless --replace.

    Example: fitcoach plan generate -a 1 --weeks 4 --seed 7
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        view = plans.generate(
            ctx, aid, seed=seed, weeks=weeks, start=_day(start, "--start"), replace=replace
        )
        units = _units(ctx, aid)
    if json_out:
        print_json(view)
        return
    if view.plan is not None and view.status == "active":
        console.print(render_plan(view, reasons=False, units=units))
    if view.status == "proposed":
        console.print(
            f"proposed as version {view.version}; version {view.parent_version} stays in force "
            f"until you approve it with `fitcoach plan approve -a {aid} {view.version}` "
            f"(or generate with --replace)"
        )
    _print_verdict(view, units)
    if view.status == "rejected":
        raise typer.Exit(code=1)


@app.command()
def show(
    athlete: str = ATHLETE,
    version: int | None = typer.Option(None, help="A version number (default: the active one)."),
    week: int | None = typer.Option(None, help="Only this week."),
    reasons: bool = typer.Option(True, "--reasons/--no-reasons", help="Show why, under each line."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Show a plan: weeks, sessions and exercises, each with its reasons.

    Example: fitcoach plan show -a 1 --week 2
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        view = plans.current(ctx, aid) if version is None else plans.get_version(ctx, aid, version)
        units = _units(ctx, aid)
    if json_out:
        print_json(view)
        return
    if view.plan is None:
        _print_verdict(view, units)
        return
    console.print(render_plan(view, reasons=reasons, week=week, units=units))


@app.command()
def today(
    athlete: str = ATHLETE,
    day: str | None = typer.Option(None, "--day", help="The day, YYYY-MM-DD (default today)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Today's session, adjusted to readiness (or rest, or no training with a red flag).

    Example: fitcoach plan today -a 1
    """
    from fitcoach.coach import wording  # here: it loads the rules
    from fitcoach.coach.edits import item_text
    from fitcoach.coach.plan import StrengthItem
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        view = plans.today(ctx, aid, _day(day, "--day"))
        units = _units(ctx, aid)  # loads and distances as the athlete reads them
    if json_out:
        print_json(view)
        return
    head = {
        "train": "[green]Train[/]",
        "lighter": "[yellow]Lighter session[/]",
        "recovery": "[red]Recovery[/]",
        "rest": "Rest day",
        "blocked": "[bold red]No training[/]",
        "finished": "Plan finished",
    }[view.status]
    console.print(f"{head} · {wording.day_text(view.day)}")
    for r in view.reasons:
        console.print(f"  {escape(quantities_in_text(wording.reason_text(r), units))}")
    if view.escalation:
        console.print(f"[bold red]{escape(view.escalation)}[/]")
    session = view.session if view.status != "rest" else view.planned
    if session is not None:
        label = session_label(session.key, session.name)
        if view.status == "rest" and view.scheduled_for:
            label += f" (next, on {wording.day_text(view.scheduled_for)})"
        tree = Tree(f"[bold]{escape(label)}[/] · {escape(_words(session.focus))}")
        if session.warmup.steps:
            tree.add(
                f"warm-up {session.warmup.duration_s // 60} min: " + ", ".join(session.warmup.steps)
            )
        for item in session.items:
            line = quantities_in_text(wording.humanize(item_text(item)), units)  # names, not slugs
            loaded = isinstance(item, StrengthItem) and item.load.kind == "kg"
            if loaded and wording.per_hand(item.exercise):
                line += " per hand"  # the line ends with the load
            leaf = tree.add(escape(line))
            _reason_lines(leaf, item.reasons[-2:], True, units)
        console.print(tree)


def _op_data(
    op: str,
    session: str | None,
    exercise: str | None,
    to: str | None,
    sets: int | None,
    reps: str | None,
    load: str | None,
    rir: float | None,
    position: int | None,
    on: str | None,
    days: int | None,
    minutes: int | None,
    equipment: str | None,
    goal: str | None,
) -> dict[str, Any]:
    """The edit document for ``op`` from the flags given (the edit's own validation names what
    is missing or wrong)."""
    data: dict[str, Any] = {"op": op}
    if session is not None:
        data["session"] = _session_key(session)
    if exercise is not None:
        data["exercise"] = exercise
    if to is not None:
        data["to"] = to
    if sets is not None:
        data["sets"] = sets
    if reps is not None:
        data["rep_min"], data["rep_max"] = _reps(reps)
    if load is not None:
        data["load_kg"] = parse_mass_kg(load)  # a bare number: kg (``edit`` reads it again)
    if rir is not None:
        data["target_rir"] = rir
    if position is not None:
        data["position"] = position
    if on is not None:
        data["on"] = _day(on, "--date")
    if days is not None:
        data["days"] = days
    if minutes is not None:
        data["minutes"] = minutes
    if equipment is not None:
        data["equipment"] = [
            e.strip().lower().replace(" ", "_") for e in equipment.split(",") if e.strip()
        ]
    if goal is not None:
        data["goal"] = goal.strip().lower().replace(" ", "_")
    return data


@app.command()
def edit(
    athlete: str = ATHLETE,
    op: str = typer.Option(..., "--op", help=f"One of: {', '.join(EDIT_OPS)}."),
    session: str | None = typer.Option(
        None,
        "--session",
        help="Week and session as `plan show` numbers them, e.g. 1.2 for week 1, session 2 "
        "(or its key, w1s2; default: every planned session with the exercise).",
    ),
    exercise: str | None = typer.Option(
        None,
        "--exercise",
        "--from",
        "-e",
        help="The exercise to change (for replace_exercise: the one replaced).",
    ),
    to: str | None = typer.Option(None, "--to", help="replace_exercise: the replacement."),
    sets: int | None = typer.Option(None, help="change_sets / add_exercise: sets."),
    reps: str | None = typer.Option(None, help="change_reps / add_exercise: a range, 8-12."),
    load: str | None = typer.Option(
        None, help="change_load / add_exercise: load, e.g. 60, '135 lb'."
    ),
    rir: float | None = typer.Option(
        None, help="change_rir / add_exercise: target reps in reserve."
    ),
    position: int | None = typer.Option(None, help="move_session: 1 = next; add_exercise: place."),
    on: str | None = typer.Option(None, "--date", help="move_session: the day, YYYY-MM-DD."),
    days: int | None = typer.Option(None, help="set_days_per_week / regenerate: days a week."),
    minutes: int | None = typer.Option(
        None, help="set_session_minutes / regenerate / add_exercise (cardio): minutes."
    ),
    equipment: str | None = typer.Option(None, help="set_equipment / regenerate: comma list."),
    goal: str | None = typer.Option(None, help="regenerate: a new goal."),
    by: str = typer.Option("athlete", help="Who asks: athlete, coach or assistant."),
    propose: bool = typer.Option(
        False, "--propose", help="Keep it waiting for approval instead of applying it."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Change the plan; the safety validator checks every change. The athlete's own edits
    apply at once (unless --propose); a coach's or the assistant's wait for approval.

    Example: fitcoach plan edit -a 1 --op replace_exercise --session w1s2 --from "barbell bench press" --to "push-up"
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    data = _op_data(
        op,
        session,
        exercise,
        to,
        sets,
        reps,
        load,
        rir,
        position,
        on,
        days,
        minutes,
        equipment,
        goal,
    )
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        units = _units(ctx, aid)
        if load is not None:  # a number without a unit is in the athlete's (kg or lb)
            data["load_kg"] = parse_mass_for(load, units)
        result = plans.request_edit(
            ctx,
            aid,
            data,
            proposed_by=by,  # type: ignore[arg-type]
            propose_only=propose,
        )
        lines = plans.change_sentences(ctx, aid, result)
    if json_out:
        print_json(result)
        return
    _print_diff(lines, units)
    _print_verdict(result, units)
    if not result.accepted:
        console.print(f"[red]not applied[/]: stored as version {result.version} (rejected)")
        raise typer.Exit(code=1)
    if result.applied:
        console.print(f"[green]applied[/]: version {result.version} is now active")
    else:
        console.print(
            f"proposed as version {result.version}; approve it with "
            f"`fitcoach plan approve -a {athlete} {result.version}`"
        )


@app.command()
def approve(
    version: int = typer.Argument(..., help="The proposed version."),
    athlete: str = ATHLETE,
    json_out: bool = JSON_OPTION,
) -> None:
    """Put a proposed version in force (checked again by the safety validator).

    Example: fitcoach plan approve -a 1 3
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        result = plans.approve(ctx, aid, version)
        lines = plans.change_sentences(ctx, aid, result)
        units = _units(ctx, aid)
    if json_out:
        print_json(result)
        return
    _print_diff(lines, units)
    _print_verdict(result, units)
    console.print(
        f"version {result.version} is now {result.status}"
        if result.applied
        else f"version {result.version} was refused by the safety validator"
    )


@app.command()
def reject(
    version: int = typer.Argument(..., help="The proposed version."),
    athlete: str = ATHLETE,
    json_out: bool = JSON_OPTION,
) -> None:
    """Turn a proposed version down; the plan in force stays.

    Example: fitcoach plan reject -a 1 3
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        view = plans.reject(ctx, athlete_id(ctx, athlete), version)
    if json_out:
        print_json(view)
        return
    console.print(f"version {view.version} rejected")


@app.command()
def review(
    athlete: str = ATHLETE,
    week_end: str | None = typer.Option(
        None, "--week-end", help="Last day of the week reviewed (default today)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Review a week: mark sessions done from the log, adapt next week (progression, deload,
    cardio ramp), check it and put it in force.

    Example: fitcoach plan review -a 1 --week-end 2026-11-22
    """
    from fitcoach.coach import wording  # here: it loads the rules
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        result = plans.review_week(ctx, aid, _day(week_end, "--week-end"))
        units = _units(ctx, aid)
    if json_out:
        print_json(result)
        return
    console.print(
        f"[bold]Week {wording.day_text(result.week_start)} – {wording.day_text(result.week_end)}[/]: "
        f"{result.status}"
    )
    if result.escalation:
        console.print(f"[bold red]{escape(result.escalation)}[/]")
        return
    for m in result.matches:
        console.print(
            f"  {wording.day_text(m.day)}: {_session_words(m.session)} done ({m.rule}, "
            f"{m.overlap:.0%} of its exercises)"
        )
    for day in result.unmatched:
        console.print(
            f"  {wording.day_text(day)}: logged, but it shares nothing with the next session"
        )
    for r in result.deload_reasons:
        console.print(f"  {escape(quantities_in_text(wording.reason_text(r), units))}")
    table = Table("session", "exercise", "decision", "next", "why", title="next week")
    for d in result.decisions:
        table.add_row(
            _session_words(d.session),
            escape(wording.exercise_name(d.exercise)),
            _words(d.action),
            escape(quantities_in_text(wording.humanize(d.after), units)),
            escape(" ".join(quantities_in_text(wording.reason_text(r), units) for r in d.reasons)),
        )
    console.print(table)
    if result.verdict is not None:
        colour = {"ok": "green", "repaired": "yellow"}.get(result.verdict.status, "red")
        console.print(f"safety validator: [{colour}]{result.verdict.status}[/]")
        for v in result.verdict.violations:
            console.print(f"  - {escape(quantities_in_text(v.text, units))}")
    if result.version is not None:
        console.print(f"version {result.version} is now active")
    if result.agent is not None:
        _print_agent(result.agent)


def _print_agent(agent: Any) -> None:
    """The dosing agent's suggestion beside the rules' decision, and what became of it."""
    from fitcoach.coach import wording  # here: it loads the rules

    if agent.status in ("unavailable", "blocked"):
        console.print(f"dosing agent: {escape(agent.message)}")
        return
    console.print(f"dosing agent suggests: [bold]{escape(agent.change or '')}[/]")
    console.print(f"  {escape(agent.why or '')}")
    console.print(f"  {escape(agent.message)}")
    for r in agent.refusal:
        console.print(f"  - {escape(wording.reason_text(r))}")
    if not agent.opted_in:
        console.print("  (shown only; opt in with `fitcoach plan agent --opt-in`)")


@app.command()
def agent(
    athlete: str = ATHLETE,
    opt_in: bool | None = typer.Option(
        None,
        "--opt-in/--opt-out",
        help="Let the agent's suggestion take effect after each review (within the validator).",
    ),
    week_end: str | None = typer.Option(
        None, "--week-end", help="Last day the agent reads (default today)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """The dosing agent's suggestion for next week; --opt-in / --opt-out stores the athlete's
    choice whether it takes effect after each weekly review.

    Example: fitcoach plan agent -a 1 --opt-in
    """
    from fitcoach.services import athletes, plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        if opt_in is not None:
            plans.set_agent_opt_in(ctx, aid, opt_in)
        suggestion = plans.agent_suggestion(ctx, aid, _day(week_end, "--week-end"))
        name = athletes.get_athlete(ctx, aid).name
    if json_out:
        print_json(suggestion)
        return
    _print_agent(suggestion)
    state = "opted in" if suggestion.opted_in else "not opted in"
    console.print(f"{escape(name)}: {state}")


@app.command()
def versions(
    athlete: str = ATHLETE,
    status: str | None = typer.Option(None, help="Only active, proposed, superseded or rejected."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Every version of the plan, newest first, with who proposed it and why.

    Example: fitcoach plan versions -a 1 --status proposed
    """
    from fitcoach.services import plans  # scipy/pandas: imported on use

    with service_context() as ctx:
        views = plans.versions(ctx, athlete_id(ctx, athlete), status)
    if json_out:
        print_json([_summary(v) for v in views])
        return
    table = Table("version", "status", "by", "from", "created", "verdict", "changes", "why")
    for v in views:
        table.add_row(
            str(v.version),
            v.status,
            v.proposed_by or "",
            "" if v.parent_version is None else str(v.parent_version),
            v.created_at.isoformat(timespec="minutes") if v.created_at else "",
            v.verdict.status,
            str(len(v.diff)),
            escape(" ".join(v.reasons_text[:2])),
        )
    console.print(table)


def _summary(view: PlanView) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(view)
    data.pop("plan", None)
    return data
