"""Undoing the last entry: what the athlete logged last within ``UNDO_WINDOW`` (never a file
import's records), described in words, and taking it back (``undo_last``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fitcoach.coach.wording import exercise_name
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.answers import Undone
from fitcoach.services.training_log.corrections import delete_entry
from fitcoach.services.training_log.kinds import MODELS, EntryKind
from fitcoach.services.training_log.windows import athlete_zone
from fitcoach.storage.repositories import entries as entries_repo
from fitcoach.storage.repositories import training_log as repo

UNDO_WINDOW = timedelta(minutes=30)
# What the web's Undo and the chat's "undo that" both say once an entry is taken back.
UNDONE = "Removed the {what}."
IMPORT_SOURCE = "import:"  # the source of every record a file import stored
# The audit log's entity of each kind an undo may take back. A day's readings are one row
# that several logs share and feedback is no entry the log deletes: neither is undone here.
UNDOABLE: dict[str, EntryKind] = {
    "workout": "workouts",
    "cardio": "cardio",
    "meal": "meals",
    "sleep": "sleep",
}


@dataclass(frozen=True)
class LastEntry:
    """The entry an undo would take back: its kind, id, when it was logged and its row (a
    workout's with ``set_count``). ``gone``: it was the last entry when the undo was sent
    (``as_of``), and another request took it out since (its row is then empty)."""

    kind: EntryKind
    id: int
    logged_at: datetime
    row: dict[str, Any]
    gone: bool = False


def last_entry(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    within: timedelta = UNDO_WINDOW,
    as_of: datetime | None = None,
) -> LastEntry | None:
    """The newest entry (workout, cardio session, meal, sleep) the requesting account logged
    for the athlete in the last ``within`` that is still stored; None when there is none.

    Read from the audit log's ``create`` entries, which every log call writes: whatever
    logged it (a web form, the guided workout, the API, the chat), the same entry is found.

    ``as_of``: when the undo was sent (its request's arrival). "That" names the last entry at
    that moment: one logged later is not it, and one taken out after that moment (by another
    undo sent at the same time, which got there first) is still what it names: it comes back
    ``gone``, so that the undo takes back nothing more rather than the entry before it.

    An imported record (``source`` ``import:...``) is never the last entry: an import is taken
    back as a whole (``imports.take_back``), never one record of it."""
    scope = ctx.scope(athlete_id)
    since = ctx.clock.now() - within
    created = repo.recent_creations(
        ctx.session, scope, ctx.subject.account_id, tuple(UNDOABLE), since
    )
    for entity, entity_id, at in created:
        if entity_id is None or not entity_id.isdigit():
            continue
        if as_of is not None and at > as_of:  # logged after the undo was sent
            continue
        kind = UNDOABLE[entity]
        row = repo.record_for(ctx.session, scope, MODELS[kind], int(entity_id))
        if row is None:  # deleted since: before the undo was sent, or after it
            if as_of is not None and entries_repo.deleted_since(
                ctx.session, scope, entity, int(entity_id), as_of
            ):
                return LastEntry(kind, int(entity_id), at, {}, gone=True)
            continue
        if str(getattr(row, "source", "") or "").startswith(IMPORT_SOURCE):
            continue  # part of an import: taken back whole, on the Import page
        return LastEntry(kind, row.id, at, _described(ctx, athlete_id, kind, row))
    return None


def _described(ctx: ServiceContext, athlete_id: int, kind: EntryKind, row: Any) -> dict[str, Any]:
    """An entry's columns with what its words need: a workout's set count; a night's local
    end day and the athlete's local today ("last night's sleep")."""
    scope = ctx.scope(athlete_id)
    data = repo.columns_of(row)
    if kind == "workouts":
        data["set_count"] = repo.set_counts_of(ctx.session, scope, [row.id]).get(row.id, 0)
    if kind == "sleep":
        zone = athlete_zone(ctx, athlete_id)
        data["ends_on"] = row.ended_at.astimezone(zone).date()
        data["today"] = ctx.clock.now().astimezone(zone).date()
    return data


def entry_words(ctx: ServiceContext, athlete_id: int, kind: EntryKind, entry_id: int) -> str | None:
    """One of the athlete's entries in the words an undo names it by (``last_entry_words``),
    read before it is taken out; None when it is not there (or is a day's readings, which are
    named by the readings cleared)."""
    if kind == "daily":
        return None
    row = repo.record_for(ctx.session, ctx.scope(athlete_id), MODELS[kind], entry_id)
    if row is None:
        return None
    return last_entry_words(
        LastEntry(kind, entry_id, ctx.clock.now(), _described(ctx, athlete_id, kind, row))
    )


def undo_last(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind | None = None,
    entry_id: int | None = None,
    *,
    within: timedelta = UNDO_WINDOW,
    as_of: datetime | None = None,
) -> Undone:
    """Take back the entry ``last_entry`` names, by ``delete_entry`` (a workout's records are
    folded again): the one undo of the web's Undo button, the chat's "undo that" and the
    assistant's ``undo_last_entry``. A caller that showed the entry names it (``kind`` and
    ``entry_id``): when that is no longer the last one (another was logged since, or it was
    deleted), nothing is deleted (``Conflict``). Past the window there is nothing to undo
    (``NotFound``). With ``as_of`` (when the undo was sent) the entry is the last one at
    that moment, taken back once: when another undo took it out since, nothing is removed
    (``Conflict``). Answers what was removed, with ``what`` (the entry in words) and ``said``
    (``undone_words``: the sentence the page and the chat both show)."""
    last = last_entry(ctx, athlete_id, within=within, as_of=as_of)
    if last is None:
        minutes = round(within.total_seconds() / 60)
        raise NotFound(
            f"nothing you logged in the last {minutes} minutes is left to undo; delete an "
            "older entry from its page in the history (a file import is taken back as a "
            "whole on the Import page)"
        )
    if last.gone:
        raise Conflict(
            f"the last entry, the {last_entry_words(last)}, was taken back already by an undo "
            "sent at the same time, so nothing more was removed"
        )
    if kind is not None and (last.kind, last.id) != (kind, entry_id):
        raise Conflict(
            "another entry was logged or removed since this page was shown, so nothing was "
            "undone; look at the history again"
        )
    removed = delete_entry(ctx, athlete_id, last.kind, last.id, named_at=as_of)
    what = last_entry_words(last)
    return {**removed, "what": what, "said": undone_words(what)}


def undone_words(what: str) -> str:
    """What an undo says it took back ("Removed the workout “Quick log” (3 sets).")."""
    return UNDONE.format(what=what)


def last_entry_words(last: LastEntry) -> str:
    """What an undo would take back, in words after "the": "workout “Quick log” (3 sets)",
    "meal “porridge”", "running session (30 min)", "sleep of last night (7 h)"."""
    row = last.row
    if last.gone:
        return {"workouts": "workout", "cardio": "cardio session", "meals": "meal"}.get(
            last.kind, "night's sleep"
        )
    if last.kind == "workouts":
        sets = row.get("set_count", 0)
        title = row.get("title") or "strength session"
        return f"workout “{title}” ({sets} set{'' if sets == 1 else 's'})"
    if last.kind == "cardio":
        took = row.get("duration_s")
        length = f" ({_length_words(float(took))})" if took else ""
        activity = exercise_name(str(row["activity_type"]).replace("_", "-"))
        return f"{activity} session{length}"
    if last.kind == "meals":
        about = row.get("description") or row.get("meal_type") or "meal"
        return f"meal “{about}”"
    started, ended = row.get("started_at"), row.get("ended_at")
    length = (
        f" ({_length_words((ended - started).total_seconds())})"
        if isinstance(started, datetime) and isinstance(ended, datetime)
        else ""
    )
    ends_on, today = row.get("ends_on"), row.get("today")
    if isinstance(ends_on, date) and isinstance(today, date) and ends_on != today:
        return f"sleep of the night to {ends_on:%a} {ends_on.day} {ends_on:%b}{length}"
    if isinstance(ends_on, date):
        return f"sleep of last night{length}"
    return f"night's sleep{length}"


def _length_words(seconds: float) -> str:
    """A length of time as people say it: "7 h", "6 h 30 min", "45 min"."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
