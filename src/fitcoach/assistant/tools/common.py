"""What every tool shares: the strict argument base, the argument types checked against the
coach's vocabularies, and the helpers that turn stored data into JSON and readable text in the
athlete's time zone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach import wording
from fitcoach.coach.edits import item_text, resolve_record
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import PlannedSession, StrengthItem
from fitcoach.coach.schemas import BodyKg, Kg, Metres
from fitcoach.coach.today import upcoming
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import Units, format_mass, quantities_in_text, units_or_default
from fitcoach.services import athletes, own_exercises, plans
from fitcoach.services.exercises import library_records

MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 7

# --- shared argument types --------------------------------------------------------------------


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _known(values: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip().lower().replace(" ", "_").replace("-", "_")
        if value not in values:
            raise ValueError(f"unknown {what} {value!r}; choose from {', '.join(values)}")
        return value

    return check


EquipmentName = Annotated[
    str,
    AfterValidator(_known(vocab.EQUIPMENT, "equipment")),
    Field(json_schema_extra={"enum": list(vocab.EQUIPMENT)}),
]
RegionName = Annotated[
    str,
    AfterValidator(_known(vocab.BODY_REGIONS, "body region")),
    Field(json_schema_extra={"enum": list(vocab.BODY_REGIONS)}),
]
GoalName = Annotated[
    str,
    AfterValidator(_known(vocab.GOALS, "goal")),
    Field(json_schema_extra={"enum": list(vocab.GOALS)}),
]
Day = Annotated[
    date | None, Field(description="YYYY-MM-DD in the athlete's time zone; default today.")
]
ExerciseName = Annotated[
    str,
    Field(min_length=1, max_length=80, description="Exercise name, alias or slug (typos are ok)."),
]


def quantity(base: Any, low: float, high: float, unit: str, example: str) -> Any:
    """An argument that is a weight or a distance: a number in the unit its field names
    (``unit``), or text with its unit ("225 lb", "3.1 mi"), or text without one, in the
    athlete's unit (``ToolRegistry.call`` gives the validation their unit system). ``base`` is
    the ``coach.schemas`` type that converts it (``Kg``, ``BodyKg``, ``Metres``); ``low`` and
    ``high`` bound the converted value."""
    return Annotated[
        base,
        Field(ge=low, le=high),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": low, "maximum": high},
                    {"type": "string"},
                ],
                "description": f"A number in {unit}, or text with its unit: {example}.",
            }
        ),
    ]


LoadKg = quantity(Kg, 0, 1000, "kg", "'225 lb', '100 kg'")
LoadChangeKg = quantity(Kg, -500, 500, "kg", "'+5 lb', '-2.5 kg'")
BodyWeightKg = quantity(BodyKg, 20.1, 399.9, "kg", "'176 lb', '80 kg'")
DistanceM = quantity(Metres, 0, 2_000_000, "metres", "'3.1 mi', '5 km'")

# --- small helpers ------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Plain JSON data from models, dates and numbers (what ``ToolResult.data`` holds)."""

    def default(obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json")
        if isinstance(obj, date | datetime):
            return obj.isoformat()
        raise TypeError(f"cannot serialise {type(obj).__name__}")

    return json.loads(json.dumps(value, default=default))


def num(value: float | None, digits: int = 1) -> str:
    """A number as people read it: 72.4, 52, 6.5 (no trailing zeros)."""
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@functools.cache
def _names() -> dict[str, str]:
    return {r.slug: r.name for r in library_records()}


def exercise_slug(text: str) -> str:
    """The slug ``text`` names: an athlete's own exercise's slug as it is (the remembered
    names give it; the services resolve it within the athlete's scope, so another athlete's
    is unknown there), else the library's record's."""
    if text.startswith(OWN_EXERCISE_PREFIX):
        return text
    return resolve_record(library_records(), text).slug


def exercise_name(slug: str) -> str:
    """The library's name of ``slug``; another slug (an athlete's own exercise) in words."""
    found = _names().get(slug)
    return found if found is not None else wording.exercise_name(slug, {})


OWN_NOT_PLANNED = (
    "fitcoach plans your own exercise only once its movement pattern and equipment are known "
    "(its safety is then judged like the library's exercises of that pattern)"
)


def own_not_planned(tctx: ToolContext, own: Mapping[str, Any]) -> str | None:
    """Why the athlete's own exercise ``own`` cannot be in a plan, in words, or None."""
    return own_exercises.not_planned_why(tctx.service, tctx.athlete_id, str(own["slug"]))


def own_exercise(tctx: ToolContext, text: str) -> own_exercises.OwnExerciseRow | None:
    """The athlete's own exercise ``text`` names (scoped to the athlete), or None."""
    return own_exercises.named(tctx.service, tctx.athlete_id, text)


def own_in_plan(tctx: ToolContext, own: own_exercises.OwnExerciseRow) -> str:
    """The athlete's own exercise's slug when an upcoming session holds it; otherwise why not,
    in words (what to fill in before it can be planned, when that is why)."""
    slug = str(own["slug"])
    try:
        plan = plans.current(tctx.service, tctx.athlete_id).plan
    except NotFound:
        plan = None
    if plan is not None and any(
        item.exercise == slug
        for p in upcoming(plan, tctx.today())
        for item in plan.session(p.key).items
    ):
        return slug
    why_not = own_not_planned(tctx, own)
    if why_not is not None:
        raise InvalidInput(f"{own['name']} is not in your plan: {why_not}")
    raise InvalidInput(
        f"{own['name']} is your own exercise and not in your plan; swap it in for an exercise "
        f'of your plan ("swap <exercise> for {own["name"]}")'
    )


def athlete_zone(tctx: ToolContext) -> ZoneInfo:
    return zone_named(athletes.get_athlete(tctx.service, tctx.athlete_id).timezone)


def athlete_units(tctx: ToolContext) -> Units:
    """The athlete's unit system: the summaries write weights and distances in it (the tools'
    ``data`` and arguments stay kg and m, as their field names say)."""
    profile = athletes.get_athlete(tctx.service, tctx.athlete_id).profile
    return units_or_default(profile.units if profile else None)


A = TypeVar("A", bound=BaseModel)


def in_athlete_units(
    handler: Callable[[ToolContext, A], ToolResult],
) -> Callable[[ToolContext, A], ToolResult]:
    """A tool whose answers quote the engine's own text (plan lines, change sentences, the
    safety validator's caps: kg, km and paces per km), said in the athlete's units: its
    summary, its error and the message of the ``InvalidInput`` it refuses with. Metric: as is."""

    @functools.wraps(handler)
    def said(tctx: ToolContext, args: A) -> ToolResult:
        units = athlete_units(tctx)
        try:
            out = handler(tctx, args)
        except InvalidInput as exc:
            raise InvalidInput(
                quantities_in_text(exc.message, units), details=exc.details
            ) from None
        error = None if out.error is None else quantities_in_text(out.error, units)
        return replace(out, summary=quantities_in_text(out.summary, units), error=error)

    return said


def load_words(kg: float | None, units: Units, exercise: str | None = None) -> str:
    """A load as a summary quotes it: ``100 kg``, ``220.5 lb``, ``24 kg per hand`` (a dumbbell
    in each hand, ``coach.library.load_per_hand``)."""
    hand = exercise is not None and wording.per_hand(exercise)
    return format_mass(kg, units, per_hand=hand)


def day_words(day: date, today: date | None = None) -> str:
    """A day as the pages, the chat and the command line write it (``coach.wording.day_text``):
    ``Mon 23 Nov``, with the year when it is not ``today``'s year. The tools' ``data`` keeps
    ISO dates for machines; their summaries are read by people."""
    return wording.day_text(day, today)


def at_hour(tctx: ToolContext, day: date, hour: int) -> datetime:
    """``hour`` o'clock local time on ``day``, or now when that is later today."""
    when = datetime.combine(day, time(hour), tzinfo=athlete_zone(tctx)).astimezone(UTC)
    now = tctx.service.clock.now()
    return min(when, now) if day == tctx.today() else when


def past_day(tctx: ToolContext, day: date | None) -> date:
    today = tctx.today()
    day = day or today
    if day > today:
        raise InvalidInput(
            f"date {day_words(day, today)} is in the future (today is {day_words(today)}); "
            "give the day it happened"
        )
    return day


def local_period(tctx: ToolContext, start: date | None, end: date | None) -> tuple[date, date]:
    """[start, end] in local days: default the last 7 days up to today, inclusive."""
    today = tctx.today()
    end = end or (
        today if start is None else min(today, start + timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    )
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if end > today:
        raise InvalidInput(
            f"end {day_words(end, today)} is after today ({day_words(today)}); "
            "ask about days up to today"
        )
    if end < start:
        raise InvalidInput(
            f"end {day_words(end, today)} lies before start {day_words(start, today)}; swap them"
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(f"ask for at most {MAX_PERIOD_DAYS} days at a time")
    return start, end


def reason_texts(
    reasons: Sequence[Reason], units: Units | None = None, names: Mapping[str, str] | None = None
) -> list[str]:
    """The reasons' sentences as people read them (days, not ISO dates; names, not slugs, from
    ``names`` when given: the athlete's own exercises' among them; with ``units``, loads and
    distances in the athlete's), each once."""
    return list(
        dict.fromkeys(
            quantities_in_text(wording.reason_text(r, names=names), units) for r in reasons
        )
    )


def session_lines(
    session: PlannedSession, units: Units | None = None, own: Mapping[str, str] | None = None
) -> list[str]:
    """Each item in one line with the exercise's name (``own``: the athlete's own exercises'
    names by slug); with ``units``, loads and distances in the athlete's and a dumbbell load
    said per hand (``coach.library.load_per_hand``)."""
    lines = []
    for i in session.items:
        name = (own or {}).get(i.exercise) or exercise_name(i.exercise)
        line = item_text(i).replace(i.exercise, name, 1)
        if units is not None:
            line = quantities_in_text(line, units)
            loaded = isinstance(i, StrengthItem) and i.load.kind == "kg"
            if loaded and wording.per_hand(i.exercise):
                line += " per hand"  # the line ends with the load
        lines.append(line)
    return lines


def session_data(
    session: PlannedSession, units: Units | None = None, own: Mapping[str, str] | None = None
) -> dict[str, Any]:
    return {
        "key": session.key,
        "name": session.name,
        "focus": session.focus,
        "estimated_minutes": session.estimated_minutes,
        "items": session_lines(session, units, own),
        "exercises": [i.exercise for i in session.items],
        "reasons": reason_texts(session.reasons, units),
    }


def change_lines(tctx: ToolContext, view: plans.PlanView, limit: int = 5) -> list[str]:
    """A version's changes as the sentences a person reads (``plans.change_sentences``: names,
    days, loads and why), never the diff's engine paths; at most ``limit`` and a count."""
    return shown_changes(all_change_lines(tctx, view), limit)


def all_change_lines(tctx: ToolContext, view: plans.PlanView) -> list[str]:
    """Every change of a version as the sentence a person reads."""
    return [line.sentence for line in plans.change_sentences(tctx.service, tctx.athlete_id, view)]


def shown_changes(lines: list[str], limit: int = 5) -> list[str]:
    """At most ``limit`` of ``lines``, then how many more there are."""
    return lines[:limit] + ([f"... {len(lines) - limit} more"] if len(lines) > limit else [])


class DayArgs(ToolArgs):
    date: Day = None
