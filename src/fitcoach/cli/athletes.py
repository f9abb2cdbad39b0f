"""``fitcoach athlete``: create, show, list, update, link coaches, delete."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context, settings
from fitcoach.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from fitcoach.services.context import ServiceContext

app = typer.Typer(help="Athletes and their profiles.", no_args_is_help=True)

ATHLETE = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail.")
ACCESS_LOG_MAX_LIMIT = 500  # services.access_log.MAX_LIMIT, repeated so that --help stays light


def athlete_id(ctx: ServiceContext, ref: str) -> int:
    """Resolve an athlete given as an id or an e-mail address."""
    from fitcoach.services.accounts import athlete_by_email

    if ref.isdigit():
        return int(ref)
    found = athlete_by_email(ctx, ref)
    if found is None:
        raise NotFound(f"no athlete with e-mail {ref!r}; `fitcoach athlete list` shows them")
    return found


def _profile_args(pairs: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"profile values are FIELD=VALUE, got {pair!r}")
        values[key.strip().replace("-", "_")] = value.strip()
    return values


@app.command()
def create(
    name: str = typer.Option(..., help="Display name."),
    email: str = typer.Option(..., help="E-mail (unique)."),
    set_: list[str] = typer.Option(
        [], "--set", help="Profile field, e.g. --set weight_kg='80 kg'."
    ),
    consents: list[str] = typer.Option(
        [],
        "--consent",
        help="A purpose the athlete agreed to (repeat it); when none is given: training_logs, "
        "sensor_data and coach_sharing. model_training only when named.",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Create an athlete, recording the consent they gave.

    Example: fitcoach athlete create --name Ana --email ana@example.org --set goals=strength
    --set days_per_week=4 --set equipment=dumbbell,bench --set weight_kg="154 lb"

    Example (logs only, no sensors, no coach): fitcoach athlete create --name Bo
    --email bo@example.org --consent training_logs
    """
    from fitcoach.services import athletes

    with service_context() as ctx:
        spec: dict[str, object] = {"name": name, "email": email, "profile": _profile_args(set_)}
        if consents:
            spec["consents"] = consents
        out = athletes.create_athlete(ctx, spec)
    if json_out:
        print_json(out)
    else:
        console.print(f"created athlete [bold]{out.id}[/] ({out.email})")


@app.command("list")
def list_(json_out: bool = JSON_OPTION) -> None:
    """List athletes.

    Example: fitcoach athlete list
    """
    from fitcoach.services import athletes

    with service_context() as ctx:
        rows = athletes.list_athletes(ctx)
    if json_out:
        print_json(rows)
        return
    table = Table("id", "name", "e-mail", "goals", "level", "days/week")
    for a in rows:
        p = a.profile
        table.add_row(
            str(a.id),
            a.name,
            a.email,
            _plain("goals", p.goals, p.units) if p else "",
            p.experience_level if p else "",
            str(p.days_per_week) if p else "",
        )
    console.print(table)


@app.command("access-log")
def access_log_(
    athlete: str = ATHLETE,
    limit: int = typer.Option(100, min=1, max=ACCESS_LOG_MAX_LIMIT, help="Newest entries."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Who other than the athlete opened the athlete's data (coaches, admins, the operator).

    Reading the log at the command line is itself recorded, as the operator (listed from the
    next reading on).

    Example: fitcoach athlete access-log -a demo@fitcoach.local
    """
    from fitcoach.services import access_log

    with service_context() as ctx:
        rows = access_log.access_log(ctx, athlete_id(ctx, athlete), limit=limit)
    if json_out:
        print_json(rows)
        return
    table = Table("when (UTC)", "who", "role", "data")
    for r in rows:
        who = r.viewer_name or ("operator" if r.viewer_account_id is None else "deleted account")
        table.add_row(f"{r.at:%Y-%m-%d %H:%M}", who, r.role, r.kind)
    console.print(table)


@app.command()
def show(athlete: str = ATHLETE, json_out: bool = JSON_OPTION) -> None:
    """Show an athlete's profile.

    Example: fitcoach athlete show --athlete demo@fitcoach.local
    """
    from fitcoach.services import athletes

    with service_context() as ctx:
        out = athletes.get_athlete(ctx, athlete_id(ctx, athlete))
    if json_out:
        print_json(out)
        return
    table = Table("field", "value", title=f"{out.name} <{out.email}> (id {out.id})")
    profile = out.profile.model_dump() if out.profile else {}
    for key, value in profile.items():
        label = PROFILE_LABELS.get(key, key.replace("_", " ").capitalize())
        table.add_row(label, escape(_plain(key, value, profile.get("units"))))
    console.print(table)


# The profile's fields as a person names them (``athlete show``); a field added later reads as
# its name in words.
PROFILE_LABELS = {
    "birth_date": "Birth date",
    "sex": "Sex",
    "height_cm": "Height",
    "weight_kg": "Weight",
    "sports": "Sports",
    "goals": "Goals",
    "experience_level": "Experience",
    "days_per_week": "Days a week",
    "session_minutes": "Minutes a session",
    "equipment": "Equipment",
    "injuries": "Injuries",
    "conditions": "Conditions",
    "dietary_restrictions": "Dietary restrictions",
    "preferences": "Preferences",
    "dislikes": "Dislikes",
    "plates": "Bar and plates",
    "units": "Units",
    "updated_at": "Updated",
}
ABSENT = "—"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"  # 1 March 2023


def _plain(key: str, value: object, units: object) -> str:
    """A profile value as a person reads it: days in words, codes as words, an absent value
    as a dash (never ``None``, ``datetime.date(...)`` or a list's brackets)."""
    from fitcoach.core.units import format_height, format_mass, units_or_default

    if value is None or value == "" or value == []:
        return ABSENT
    if key == "weight_kg" and isinstance(value, int | float):
        return format_mass(value, units_or_default(units), kind="body")
    if key == "height_cm" and isinstance(value, int | float):
        return format_height(value, units_or_default(units))  # 178 cm, or 5 ft 10 in
    if key == "session_minutes" and isinstance(value, int):
        return f"{value} min"
    if isinstance(value, datetime):
        return f"{_day(value.date())}, {value:%H:%M} UTC"
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, list):
        joiner = "; " if key == "injuries" else ", "
        return joiner.join(_plain(key, v, units) for v in value)
    if isinstance(value, dict) and key == "injuries":
        return _injury(value)
    if isinstance(value, dict) and {"bar", "plates"} <= set(value):
        unit = value.get("unit", "kg")
        plates = ", ".join(f"{p:g}" for p in value["plates"])
        return f"{value['bar']:g} {unit} bar; plates {plates} {unit}"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_plain(k, v, units)}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("_", " ")


def _injury(injury: dict[str, object]) -> str:
    """``lower back (mild, since 1 March 2023): note``."""
    details = [str(injury.get("severity") or "moderate")]
    since = injury.get("since")
    if isinstance(since, date):
        details.append(f"since {_day(since)}")
    text = f"{str(injury.get('region', '')).replace('_', ' ')} ({', '.join(details)})"
    note = injury.get("note")
    return f"{text}: {note}" if note else text


@app.command()
def update(
    athlete: str = ATHLETE,
    set_: list[str] = typer.Option(..., "--set", help="FIELD=VALUE; repeat for several."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Update profile fields; the others keep their values.

    Example: fitcoach athlete update -a 1 --set weight_kg=71.5 --set injuries='[{"region": "knee"}]'
    """
    import json

    from fitcoach.services import athletes, plans

    with service_context() as ctx:
        values = _profile_args(set_)
        if isinstance(values.get("injuries"), str):
            try:
                values["injuries"] = json.loads(str(values["injuries"]))
            except json.JSONDecodeError:
                values["injuries"] = [
                    {"region": r} for r in str(values["injuries"]).split(",") if r
                ]
        aid = athlete_id(ctx, athlete)
        out = athletes.update_profile(ctx, aid, values)
        # A change that makes the plan in force unsafe proposes it made safe (to approve).
        proposal = plans.propose_for_profile(ctx, aid, values, proposed_by="athlete")
    if json_out:
        print_json(out)
    else:
        stored = out.model_dump()
        console.print(
            "updated: "
            + "; ".join(
                f"{PROFILE_LABELS.get(k, k.replace('_', ' ').capitalize()).lower()} "
                f"{escape(_plain(k, stored.get(k), out.units))}"
                for k in sorted(values)
            )
        )
        if proposal is not None:
            console.print(
                f"the plan in force is unsafe for the new profile: version {proposal.version} "
                f"makes it safe ({len(proposal.diff)} change(s)); approve it with "
                f"`fitcoach plan approve -a {aid} {proposal.version}`"
            )


@app.command()
def delete(
    athlete: str = ATHLETE,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Delete an athlete and everything of theirs (cannot be undone; export first).

    Removes their database rows, the sensor devices only they used, and, when
    FITCOACH_REDIS_URL is set, their messages on the Redis streams; prints what was removed
    from each store. Files you wrote with --out, --out-dir or --record are yours to delete.

    Example: fitcoach athlete delete -a 3 --yes
    """
    from fitcoach.ingest.bus import make_bus
    from fitcoach.services import athletes

    if not yes:
        typer.confirm(f"Delete athlete {athlete} and all their data?", abort=True)
    s = settings()
    # Only Redis outlives this command: an in-process bus here would start (and end) empty.
    bus = make_bus(s) if s.redis_url else None
    with service_context() as ctx:
        report = athletes.delete_athlete(ctx, athlete_id(ctx, athlete), bus=bus)
    if json_out:
        print_json(asdict(report))
        return
    console.print(f"deleted athlete {athlete}")
    table = Table(title="Removed")
    table.add_column("store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in report.database.items():
        table.add_row("database", name, str(n))
    table.add_row("database", "devices (used by no one else)", str(report.devices))
    table.add_row("database", "wearable device registrations", str(report.wearable_devices))
    for name, n in report.streams.items():
        table.add_row(f"bus ({report.bus})", name, str(n))
    console.print(table)
    if bus is None:
        console.print(
            "FITCOACH_REDIS_URL is not set: no shared bus to clear (an in-process bus lives "
            "only in the process that runs it).",
            highlight=False,
        )


@app.command("create-coach")
def create_coach(
    name: str = typer.Option(...), email: str = typer.Option(...), admin: bool = False
) -> None:
    """Create a coach (or, with --admin, an admin) account.

    Example: fitcoach athlete create-coach --name "Coach Kim" --email kim@example.org
    """
    from fitcoach.core.domain import Role
    from fitcoach.services import athletes

    with service_context() as ctx:
        account_id = athletes.create_staff_account(
            ctx, email, name, Role.admin if admin else Role.coach
        )
    console.print(f"created {'admin' if admin else 'coach'} account {account_id}")


@app.command("link-coach")
def link_coach(
    athlete: str = ATHLETE, coach: int = typer.Option(..., help="Coach account id.")
) -> None:
    """Let a coach see and edit an athlete.

    Example: fitcoach athlete link-coach -a 1 --coach 5
    """
    from fitcoach.services import athletes

    with service_context() as ctx:
        athletes.link_coach(ctx, coach, athlete_id(ctx, athlete))
    console.print(f"coach {coach} linked to athlete {athlete}")
