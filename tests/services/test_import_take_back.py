"""Undo and imports: the one-entry undo never takes an imported record; an import is taken
back as a whole, and the file may then be imported again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.core.errors import Conflict, NotFound
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import imports, training_log
from fitcoach.services.context import ServiceContext

HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
)


def _strong(ctx: ServiceContext) -> bytes:
    """A Strong export (the layout with unit columns) of two workouts in the last week."""
    rows = []
    for days, title, load in ((6, "Push", 145), (3, "Push", 150)):
        when = (ctx.clock.now() - timedelta(days=days)).strftime("%Y-%m-%d 18:00:00")
        for order in (1, 2, 3):
            rows.append(
                f'{when};"{title}";"Bench Press (Barbell)";{order};{load};lbs;8;;;;;"";"";1h 5m'
            )
    return (HEADER + "\n".join(rows) + "\n").encode()


def _import(ctx: ServiceContext, athlete: int, data: bytes) -> imports.FileOutcome:
    summary = imports.import_files(
        ctx, athlete, [imports.IncomingFile("strong.csv", data)], options=ReadOptions()
    )
    return summary.files[0]


def test_undo_never_takes_an_imported_record(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, athlete))
    manual = training_log.log_meal(
        own, athlete.id, {"eaten_at": ctx.clock.now(), "meal_type": "lunch", "calories_kcal": 600}
    ).id
    outcome = _import(own, athlete.id, _strong(ctx))
    assert outcome.status == "imported", outcome.as_dict()
    # The last thing the person logged by hand, not a workout of the file.
    last = training_log.last_entry(own, athlete.id)
    assert last is not None
    assert (last.kind, last.id) == ("meals", manual)
    training_log.undo_last(own, athlete.id, "meals", manual)
    with pytest.raises(NotFound, match="a file import is taken back as a whole"):
        training_log.undo_last(own, athlete.id)
    assert len(training_log.history(own, athlete.id, "workouts")) == 2


def test_an_import_is_taken_back_whole_and_imported_again(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = _strong(ctx)
    first = _import(ctx, athlete, data)
    assert first.counts == {"workouts": 2, "sets": 6}
    (listed,) = imports.imported_files(ctx, athlete)
    assert listed["can_take_back"]
    assert listed["sha256"] == first.sha256
    assert training_log.records(ctx, athlete)  # the sets set a record

    done = imports.take_back(ctx, athlete, first.sha256)
    assert done["removed"] == {"workouts": 2, "sets": 6}
    assert training_log.history(ctx, athlete, "workouts") == []
    assert training_log.records(ctx, athlete) == []  # folded again without the sets
    assert imports.imported_files(ctx, athlete) == []
    with pytest.raises(NotFound):
        imports.take_back(ctx, athlete, first.sha256)

    again = _import(ctx, athlete, data)
    assert again.status == "imported"
    assert again.counts == first.counts
    assert len(training_log.history(ctx, athlete, "workouts")) == 2


def test_only_what_the_import_created_is_taken_back(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = _strong(ctx)
    first = _import(ctx, athlete, data)
    # A later export of the same app: one workout more; the two stored already are not its own.
    when = (ctx.clock.now() - timedelta(days=1)).strftime("%Y-%m-%d 18:00:00")
    longer = data + f'{when};"Push";"Bench Press (Barbell)";1;155;lbs;8;;;;;"";"";1h\n'.encode()
    second = _import(ctx, athlete, longer)
    assert second.counts == {"workouts": 1, "sets": 1}
    assert imports.take_back(ctx, athlete, second.sha256)["removed"] == {"workouts": 1, "sets": 1}
    assert len(training_log.history(ctx, athlete, "workouts")) == 2
    # The first file stored nothing new the second time: nothing to take back of a re-export.
    assert imports.take_back(ctx, athlete, first.sha256)["removed"]["workouts"] == 2


def test_another_athletes_import_cannot_be_taken_back(ctx: ServiceContext) -> None:
    mine, other = make_athlete(ctx), make_athlete(ctx)
    theirs = _import(ctx, other.id, _strong(ctx))
    own = as_subject(ctx, subject_of(ctx, mine))
    with pytest.raises(NotFound):
        imports.take_back(own, mine.id, theirs.sha256)
    with pytest.raises(NotFound):
        imports.take_back(own, other.id, theirs.sha256)
    assert len(training_log.history(ctx, other.id, "workouts")) == 2


def test_an_import_that_stored_nothing_new_says_so(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = _strong(ctx)
    _import(ctx, athlete, data)
    copy = _import(ctx, athlete, data.replace(b"1h 5m", b"1h 6m"))  # another file, same workouts
    assert copy.status == "imported"
    assert copy.counts == {}
    with pytest.raises(Conflict, match="cannot be taken back as a whole"):
        imports.take_back(ctx, athlete, copy.sha256)
