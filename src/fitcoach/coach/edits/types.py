"""The edit operations: one pydantic model per kind, told apart by ``op``; ``parse_edit``
reads one from plain data, ``edit_json`` writes one as plan versions store it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from fitcoach.coach import vocabulary as vocab
from fitcoach.core.errors import InvalidInput, invalid_from

Proposer = Literal["athlete", "coach", "assistant", "rl", "review"]


class _Op(BaseModel):
    # Built on first use (the CLI's start-up): `fitcoach plan today` and `plan show` read no edit, and
    # an edit builds its own model only. No API body is an edit (the route takes a mapping).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


T = TypeVar("T")


def _is_none(value: object) -> bool:
    return value is None


# An optional field that an edit's JSON leaves out when it is None: plan versions store edits
# that way (``edit_json``), and the views answer them as stored.
OmitNone = Annotated[T | None, Field(exclude_if=_is_none)]


SessionKey = Annotated[str, Field(pattern=r"^w\d+s\d+$", description="A session key: w1s2.")]


class ReplaceExercise(_Op):
    """Swap an exercise for another (same kind: lift for lift, cardio for cardio)."""

    op: Literal["replace_exercise"] = "replace_exercise"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1, description="The exercise to replace.")
    to: str = Field(min_length=1, description="Its replacement.")


class AddExercise(_Op):
    """Add an exercise to a session (lifts: sets x reps at a target RIR; cardio: minutes)."""

    op: Literal["add_exercise"] = "add_exercise"
    session: SessionKey
    exercise: str = Field(min_length=1)
    sets: int = Field(default=3, ge=1, le=10)
    rep_min: int = Field(default=8, ge=1, le=50)
    rep_max: int = Field(default=12, ge=1, le=50)
    target_rir: float = Field(default=2.0, ge=0, le=5)
    load_kg: OmitNone[float] = Field(default=None, ge=0, le=1000)
    rest_s: int = Field(default=90, ge=15, le=600)
    minutes: int = Field(default=20, ge=1, le=360, description="Cardio only.")
    zone: int = Field(default=2, ge=1, le=5, description="Cardio only: heart-rate zone.")
    position: OmitNone[int] = Field(default=None, ge=1, description="1 = first; default last.")

    @model_validator(mode="after")
    def _range(self) -> AddExercise:
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min is above rep_max")
        return self


class RemoveExercise(_Op):
    """Remove an exercise from a session (a session keeps at least one)."""

    op: Literal["remove_exercise"] = "remove_exercise"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)


class ChangeSets(_Op):
    op: Literal["change_sets"] = "change_sets"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    sets: int = Field(ge=1, le=10)


class ChangeReps(_Op):
    op: Literal["change_reps"] = "change_reps"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    rep_min: int = Field(ge=1, le=50)
    rep_max: int = Field(ge=1, le=50)

    @model_validator(mode="after")
    def _range(self) -> ChangeReps:
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min is above rep_max")
        return self


class ChangeLoad(_Op):
    op: Literal["change_load"] = "change_load"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    load_kg: float = Field(ge=0, le=1000)


class ChangeRir(_Op):
    op: Literal["change_rir"] = "change_rir"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    target_rir: float = Field(ge=0, le=5)


class MoveSession(_Op):
    """Move a planned session to a position among what is left (1 = next) or to a date.

    A date is turned into the position whose projected date is the first on or after it;
    ``as_of`` is the day the projection starts from (the service fills in today).
    """

    op: Literal["move_session"] = "move_session"
    session: SessionKey
    position: OmitNone[int] = Field(default=None, ge=1)
    on: OmitNone[date] = None
    as_of: OmitNone[date] = None

    @model_validator(mode="after")
    def _one_target(self) -> MoveSession:
        if (self.position is None) == (self.on is None):
            raise ValueError("give either a position or a date (on) to move the session to")
        return self


class SkipSession(_Op):
    op: Literal["skip_session"] = "skip_session"
    session: SessionKey


class SetDaysPerWeek(_Op):
    op: Literal["set_days_per_week"] = "set_days_per_week"
    days: int = Field(ge=1, le=7)


class SetSessionMinutes(_Op):
    """Fit the planned sessions (or one, ``session``) into ``minutes``: trimmed, not regenerated."""

    op: Literal["set_session_minutes"] = "set_session_minutes"
    minutes: int = Field(ge=10, le=300)
    session: OmitNone[SessionKey] = None


class SetEquipment(_Op):
    op: Literal["set_equipment"] = "set_equipment"
    equipment: list[str]

    @model_validator(mode="after")
    def _known(self) -> SetEquipment:
        unknown = [e for e in self.equipment if e not in vocab.EQUIPMENT]
        if unknown:
            raise ValueError(
                f"unknown equipment {unknown}; choose from {', '.join(vocab.EQUIPMENT)}"
            )
        return self


class Regenerate(_Op):
    """Regenerate what is not done, optionally with a new goal, days, minutes or equipment."""

    op: Literal["regenerate"] = "regenerate"
    goal: OmitNone[str] = None
    days: OmitNone[int] = Field(default=None, ge=1, le=7)
    minutes: OmitNone[int] = Field(default=None, ge=10, le=300)
    equipment: OmitNone[list[str]] = None

    @model_validator(mode="after")
    def _known(self) -> Regenerate:
        if self.goal is not None and self.goal not in vocab.GOALS:
            raise ValueError(f"unknown goal {self.goal!r}; choose from {', '.join(vocab.GOALS)}")
        unknown = [e for e in self.equipment or [] if e not in vocab.EQUIPMENT]
        if unknown:
            raise ValueError(
                f"unknown equipment {unknown}; choose from {', '.join(vocab.EQUIPMENT)}"
            )
        return self


EditOp = Annotated[
    ReplaceExercise
    | AddExercise
    | RemoveExercise
    | ChangeSets
    | ChangeReps
    | ChangeLoad
    | ChangeRir
    | MoveSession
    | SkipSession
    | SetDaysPerWeek
    | SetSessionMinutes
    | SetEquipment
    | Regenerate,
    Field(discriminator="op"),
]
EDIT_OPS: tuple[str, ...] = (
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
# Edits that regenerate what is not done from the athlete's planner inputs. Session length is
# not one: ``set_session_minutes`` trims the sessions in force, keeping the athlete's own edits.
PROFILE_OPS = ("set_days_per_week", "set_equipment", "regenerate")
# Deferred too: a union has no config of its own to defer by, so the adapter is told to.
_ADAPTER: TypeAdapter[EditOp] = TypeAdapter(EditOp, config=ConfigDict(defer_build=True))


def parse_edit(data: Any) -> EditOp:
    """An edit from plain data (``{"op": "change_sets", ...}``); ``InvalidInput`` names the
    field that is wrong."""
    if isinstance(data, BaseModel) and getattr(data, "op", None) in EDIT_OPS:
        return data  # type: ignore[return-value]
    if isinstance(data, dict) and data.get("op") not in EDIT_OPS:
        raise InvalidInput(
            f"unknown edit op {data.get('op')!r}; choose from {', '.join(EDIT_OPS)}",
            details={"allowed": list(EDIT_OPS)},
        )
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix="edit.") from None


def edit_json(op: EditOp) -> dict[str, Any]:
    """An edit as JSON data (what plan versions store in ``operations``); its unset optional
    fields are left out (``OmitNone``), as the plan views answer it."""
    return op.model_dump(mode="json")
