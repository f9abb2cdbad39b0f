"""What the corrections of the training log answer: which record, and what changed."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict


class SetCorrected(TypedDict):
    """A set corrected: the names of the fields whose values changed, sorted."""

    kind: Literal["set"]
    id: int
    workout_id: int
    changed: list[str]


class SetDeleted(TypedDict):
    """A set deleted, and how many sets its workout has left."""

    kind: Literal["set"]
    id: int
    workout_id: int
    sets_left: int


class WorkoutCorrected(TypedDict):
    """A workout corrected: the names of the fields whose values changed, sorted."""

    kind: Literal["workout"]
    id: int
    changed: list[str]


class EntryRemoved(TypedDict):
    """An entry deleted: its kind and id, the daily readings cleared (``fields``, when only
    those went) or how many sets went with a workout (``sets``)."""

    kind: str
    id: int
    fields: NotRequired[dict[str, Any]]
    sets: NotRequired[int]


class Undone(EntryRemoved):
    """An undo: what was removed, the entry in words and the sentence shown for it."""

    what: str
    said: str


class EntryCorrected(TypedDict):
    """An entry corrected: the old and the new values of what was given."""

    kind: str
    id: int
    before: dict[str, Any]
    after: dict[str, Any]
