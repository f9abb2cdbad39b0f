"""Logging training and health records, and reading them back over date ranges.

Every record is an athlete's: each read and write is scoped to the requesting subject and
checked against the athlete's consent; services only flush, the boundary commits.

One module a job: ``kinds`` (the kinds of record, their tables, the stored set and logged entry,
nothing in the future), ``sleep`` (the sleep-night rules), ``windows`` (local days as UTC
windows, one kind's rows over one), ``cache`` (the context-variable ``snapshot`` that serves
the reads under it from memory), ``recording`` (the ``log_*`` functions), ``corrections``
(delete or correct an entry, a set, a workout), ``paging`` (``history``, ``history_json`` and
the per-record JSON caches ``ITEMS`` and ``BY_VERSION``), ``reads`` (load sessions, resting
heart rates, records, the e1RM trend), ``views`` (the history page's feed and progress per
exercise), ``undo`` (the last entry, in words, taken back) and ``said`` (a logged workout in
the words the chat and the quick log both say). Each imports only the ones listed before it,
and the modules of one row of the import-linter contract none of each other. The private names other
modules and tests use are re-exported here; a test that patches ``_page_json`` patches it on
``paging``, where ``history_json`` looks it up.
"""

from __future__ import annotations

from fitcoach.services.training_log.cache import _SNAPSHOT as _SNAPSHOT
from fitcoach.services.training_log.cache import _Held as _Held
from fitcoach.services.training_log.cache import _Snapshot as _Snapshot
from fitcoach.services.training_log.cache import (
    snapshot,
    snapshot_held,
)
from fitcoach.services.training_log.corrections import (
    ALREADY_TAKEN_BACK,
    CORRECTABLE,
    SET_FIELDS,
    WORKOUT_FIELDS,
    SetChanges,
    WorkoutChanges,
    checked_corrections,
    checked_workout_changes,
    correct_entry,
    correct_set,
    correct_workout,
    delete_entry,
    delete_set,
    entry,
    jsonable_detail,
)
from fitcoach.services.training_log.corrections import _checked_by as _checked_by
from fitcoach.services.training_log.corrections import _checked_fields as _checked_fields
from fitcoach.services.training_log.corrections import _entry as _entry
from fitcoach.services.training_log.corrections import _set_of as _set_of
from fitcoach.services.training_log.kinds import (
    DAILY_FIELDS,
    DEFAULT_FUTURE_TOLERANCE,
    MODELS,
    EntryKind,
    Logged,
    RecordKind,
    StoredSet,
    set_count,
)
from fitcoach.services.training_log.kinds import _not_future as _not_future
from fitcoach.services.training_log.paging import _ITEM_ADAPTERS as _ITEM_ADAPTERS
from fitcoach.services.training_log.paging import (
    ITEMS,
    history,
    history_json,
)
from fitcoach.services.training_log.paging import _check_paging as _check_paging
from fitcoach.services.training_log.paging import _item_adapter as _item_adapter
from fitcoach.services.training_log.paging import _page_json as _page_json
from fitcoach.services.training_log.reads import (
    LastLoad,
    e1rm_trend,
    highest_max_hr,
    last_working_load,
    load_sessions,
    records,
    resting_hr_days,
    workout_sets,
)
from fitcoach.services.training_log.recording import (
    SLEEP_FIELDS,
    log_cardio,
    log_daily,
    log_feedback,
    log_meal,
    log_sleep,
    log_workout,
)
from fitcoach.services.training_log.recording import _log_sourced as _log_sourced
from fitcoach.services.training_log.said import (
    SetGroup,
    cardio_logged_words,
    cardio_words,
    group_words,
    logged_words,
    run_note,
    set_groups,
    workout_words,
)
from fitcoach.services.training_log.sleep import (
    MAX_SLEEP_H,
    asleep_s,
    counted_sleep,
    night_of,
    sleep_hours,
)
from fitcoach.services.training_log.sleep import _overlap as _overlap
from fitcoach.services.training_log.undo import (
    IMPORT_SOURCE,
    UNDO_WINDOW,
    UNDOABLE,
    UNDONE,
    LastEntry,
    entry_words,
    last_entry,
    last_entry_words,
    undo_last,
    undone_words,
)
from fitcoach.services.training_log.undo import _described as _described
from fitcoach.services.training_log.undo import _length_words as _length_words
from fitcoach.services.training_log.views import (
    FEED_MAX,
    DayBest,
    ExerciseProgress,
    FeedPage,
    exercise_progress,
    feed,
    logged_exercises,
)
from fitcoach.services.training_log.windows import _check_window as _check_window
from fitcoach.services.training_log.windows import _local_window as _local_window
from fitcoach.services.training_log.windows import _read as _read
from fitcoach.services.training_log.windows import _time_window as _time_window
from fitcoach.services.training_log.windows import (
    athlete_zone,
)

__all__ = [
    "ALREADY_TAKEN_BACK",
    "CORRECTABLE",
    "DAILY_FIELDS",
    "DEFAULT_FUTURE_TOLERANCE",
    "FEED_MAX",
    "IMPORT_SOURCE",
    "ITEMS",
    "MAX_SLEEP_H",
    "MODELS",
    "SET_FIELDS",
    "SLEEP_FIELDS",
    "UNDOABLE",
    "UNDONE",
    "UNDO_WINDOW",
    "WORKOUT_FIELDS",
    "DayBest",
    "EntryKind",
    "ExerciseProgress",
    "FeedPage",
    "LastEntry",
    "LastLoad",
    "Logged",
    "RecordKind",
    "SetChanges",
    "SetGroup",
    "StoredSet",
    "WorkoutChanges",
    "asleep_s",
    "athlete_zone",
    "cardio_logged_words",
    "cardio_words",
    "checked_corrections",
    "checked_workout_changes",
    "correct_entry",
    "correct_set",
    "correct_workout",
    "counted_sleep",
    "delete_entry",
    "delete_set",
    "e1rm_trend",
    "entry",
    "entry_words",
    "exercise_progress",
    "feed",
    "group_words",
    "highest_max_hr",
    "history",
    "history_json",
    "jsonable_detail",
    "last_entry",
    "last_entry_words",
    "last_working_load",
    "load_sessions",
    "log_cardio",
    "log_daily",
    "log_feedback",
    "log_meal",
    "log_sleep",
    "log_workout",
    "logged_exercises",
    "logged_words",
    "night_of",
    "records",
    "resting_hr_days",
    "run_note",
    "set_count",
    "set_groups",
    "sleep_hours",
    "snapshot",
    "snapshot_held",
    "undo_last",
    "undone_words",
    "workout_sets",
    "workout_words",
]
