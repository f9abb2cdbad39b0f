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
    """``resolve_record`` for an edit of a plan. An athlete's own exercise is in ``library``
    only when it may be planned (``coach.own_planning``: its pattern and equipment known);
    otherwise it is refused in words that say what to fill in."""
    if text.startswith(OWN_EXERCISE_PREFIX):
        found = next((r for r in library if r.slug == text), None)
        if found is not None:
            return found
        raise InvalidInput(
            "your own exercise can be planned only once its movement pattern and equipment "
            "are known: fill them in on the Exercises page, under your own exercises",
            details={"field": "exercise"},
        )
    return resolve_record(library, text)


def is_cardio(record: ExerciseRecord) -> bool:
    """Whether a record is prescribed as a cardio item (duration at an intensity)."""
    return record.category == "cardio"
