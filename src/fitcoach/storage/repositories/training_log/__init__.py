"""Training and health records: insert idempotently by source id, read by date range.

One module a job: ``columns`` (the record types, their time column, column reads shared by
the rest), ``records`` (one record: insert idempotently by source id, find, delete),
``workouts`` (a workout and its sets written in bulk, a set appended), ``ranges`` (records,
loads and rows between two times), ``sets`` (set rows and a lift's history) and ``pages`` (the
training log pages' feed, rows by id, exercises logged, what was created last). Each imports
``columns`` and none of the others.
"""

from __future__ import annotations

from fitcoach.storage.repositories.training_log.columns import (
    TIME_COLUMN,
    R,
    S,
    SourcedModel,
    columns_of,
)
from fitcoach.storage.repositories.training_log.pages import (
    feed,
    logged_exercises,
    recent_creations,
    rows_by_ids,
)
from fitcoach.storage.repositories.training_log.ranges import (
    between,
    between_ids,
    between_rows,
    cardio_loads,
    highest_max_hr,
    resting_hr_days,
    rows_between,
    workout_loads,
)
from fitcoach.storage.repositories.training_log.records import (
    add,
    by_source,
    daily_for,
    delete,
    delete_cardio_of,
    id_by_source,
    ids_by_source,
    overlapping_sleep,
    record_for,
)
from fitcoach.storage.repositories.training_log.sets import (
    SET_ROW_KEYS,
    last_sets,
    set_counts_of,
    set_for,
    set_history,
    set_rows,
    set_rows_of,
    set_values_of,
    sets_of,
)
from fitcoach.storage.repositories.training_log.workouts import append_set, store_workout

__all__ = [
    "SET_ROW_KEYS",
    "TIME_COLUMN",
    "R",
    "S",
    "SourcedModel",
    "add",
    "append_set",
    "between",
    "between_ids",
    "between_rows",
    "by_source",
    "cardio_loads",
    "columns_of",
    "daily_for",
    "delete",
    "delete_cardio_of",
    "feed",
    "highest_max_hr",
    "id_by_source",
    "ids_by_source",
    "last_sets",
    "logged_exercises",
    "overlapping_sleep",
    "recent_creations",
    "record_for",
    "resting_hr_days",
    "rows_between",
    "rows_by_ids",
    "set_counts_of",
    "set_for",
    "set_history",
    "set_rows",
    "set_rows_of",
    "set_values_of",
    "sets_of",
    "store_workout",
    "workout_loads",
]
