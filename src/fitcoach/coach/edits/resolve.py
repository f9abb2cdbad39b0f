"""Exercises named in an edit, resolved against the library."""

from __future__ import annotations

from collections.abc import Sequence

from fitcoach.coach.library import ExerciseRecord
from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.core.errors import InvalidInput

# --- resolving exercises ------------------------------------------------------------------------


def _norm(text: str) -> str:
    from rapidfuzz import utils  # imported on use: the CLI's start-up

    return str(utils.default_process(text.replace("-", " ").replace("_", " ")))


def resolve_record(library: Sequence[ExerciseRecord], text: str) -> ExerciseRecord:
    """The library record ``text`` names (slug, name or alias, any case or spacing), or
    ``InvalidInput`` with the closest names."""
    want = _norm(text)
    for record in library:
        if want in (_norm(record.slug), _norm(record.name)):
            return record
    for record in library:
        if any(_norm(a) == want for a in record.aliases):
            return record
    from rapidfuzz import fuzz, process

    names = {_norm(r.name): r.name for r in library}
    close = process.extract(want, list(names), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(names[c]) for c, _, _ in close)}?" if close else ""
    raise InvalidInput(
        f"unknown exercise {text!r}{hint}; search the exercise library for its name",
        details={"suggestions": [names[c] for c, _, _ in close]},
    )


def plan_record(library: Sequence[ExerciseRecord], text: str) -> ExerciseRecord:
    """``resolve_record`` for an edit of a plan: an athlete's own exercise is refused in words,
    since plans hold only library exercises, whose safety the validator can judge."""
    if text.startswith(OWN_EXERCISE_PREFIX):
        raise InvalidInput(
            "an own exercise is logged and shown but never placed in a plan: its safety cannot "
            "be checked outside the exercise library; choose a library exercise"
        )
    return resolve_record(library, text)


def is_cardio(record: ExerciseRecord) -> bool:
    """Whether a record is prescribed as a cardio item (duration at an intensity)."""
    return record.category == "cardio"
