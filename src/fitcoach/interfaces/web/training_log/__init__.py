"""The training log on the web: every session in a history (filterable by exercise and days,
paged), a workout's page with its sets to correct or delete, undo of the last entry,
progress and records per exercise with charts, and a quick log for a workout the plan does not
hold.

Every change asks first: an edit or a delete shows what will happen and a second submit does
it, with plain forms (no script needed). The pages call the services only
(``training_log``, ``exercises``): a set corrected or deleted folds the exercise's personal
records again there, and the training load reads the stored rows, so both follow.

One module a job: ``feed`` (the history, undo, progress), ``workouts`` (a workout's page, its
correction and delete), ``sets`` (a set's correction and delete), ``cardio`` (a cardio
session's page, correction and delete), ``quick_log`` (logging a workout or a cardio session
the plan does not hold); ``views`` holds what the pages share (the Undo offer, the delete
question and post that are the same for a workout and a cardio session, the confirmation
before a correction) and ``router``, every page's route; ``forms`` reads what was typed.
"""

from __future__ import annotations

from fitcoach.interfaces.web.training_log.cardio import (
    CARDIO_LABELS,
    cardio_entry,
    delete_cardio,
    delete_cardio_page,
    edit_cardio,
    edit_cardio_page,
)
from fitcoach.interfaces.web.training_log.feed import PAGE_SIZE, history_page, progress_page, undo
from fitcoach.interfaces.web.training_log.forms import (
    CARDIO_TYPED,
    FIELD_WORDS,
    NONCE,
    _service_errors,
)
from fitcoach.interfaces.web.training_log.quick_log import (
    CARDIO_KINDS,
    CARDIO_LOG_FIELDS,
    CARDIO_LOG_TYPED,
    LIBRARY_NAMES,
    MAX_ROWS,
    MAX_SETS_PER_ROW,
    MORE_ROWS,
    QUICK_ROWS,
    Row,
    cardio_log,
    cardio_log_page,
    quick_log_page,
)
from fitcoach.interfaces.web.training_log.sets import (
    delete_set,
    delete_set_page,
    edit_set,
    edit_set_page,
)
from fitcoach.interfaces.web.training_log.views import (
    KIND_WORDS,
    PATHS,
    AthleteId,
    EntryId,
    SessionKind,
    Undoable,
    router,
)
from fitcoach.interfaces.web.training_log.workouts import (
    WORKOUT_LABELS,
    WORKOUT_TYPED,
    delete_workout,
    delete_workout_page,
    edit_workout,
    edit_workout_page,
    workout_entry,
)

__all__ = [
    "CARDIO_KINDS",
    "CARDIO_LABELS",
    "CARDIO_LOG_FIELDS",
    "CARDIO_LOG_TYPED",
    "CARDIO_TYPED",
    "FIELD_WORDS",
    "KIND_WORDS",
    "LIBRARY_NAMES",
    "MAX_ROWS",
    "MAX_SETS_PER_ROW",
    "MORE_ROWS",
    "NONCE",
    "PAGE_SIZE",
    "PATHS",
    "QUICK_ROWS",
    "WORKOUT_LABELS",
    "WORKOUT_TYPED",
    "AthleteId",
    "EntryId",
    "Row",
    "SessionKind",
    "Undoable",
    "_service_errors",
    "cardio_entry",
    "cardio_log",
    "cardio_log_page",
    "delete_cardio",
    "delete_cardio_page",
    "delete_set",
    "delete_set_page",
    "delete_workout",
    "delete_workout_page",
    "edit_cardio",
    "edit_cardio_page",
    "edit_set",
    "edit_set_page",
    "edit_workout",
    "edit_workout_page",
    "history_page",
    "progress_page",
    "quick_log",
    "quick_log_page",
    "router",
    "undo",
    "workout_entry",
]
