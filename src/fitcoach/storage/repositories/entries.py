"""Taking one logged entry out exactly once, and what an undo sent at a given moment names.

Two requests that take out the same entry at once (two "undo that" sent together) both find it
while neither has committed. The delete here is one conditional statement: the second waits
for the first's lock (PostgreSQL's row lock, SQLite's write lock), then finds nothing and
deletes nothing, so its caller can say the entry was gone already rather than report a delete
that did not happen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import AuditEntry


def take_out(session: Session, scope: AthleteScope, model: type[Any], record_id: int) -> bool:
    """Delete the scoped athlete's record ``record_id`` of ``model`` (its children go by
    ``ON DELETE CASCADE``); False when there was none to delete (another request took it out
    first). The session forgets the deleted object."""
    result: Any = session.execute(
        delete(model)
        .where(model.id == record_id, model.athlete_id == scope.athlete_id)
        .execution_options(synchronize_session=False)
    )
    found = session.get(model, record_id)
    if found is not None:
        session.expunge(found)
    return bool(result.rowcount)


def deleted_since(
    session: Session, scope: AthleteScope, entity: str, entity_id: int, since: datetime
) -> bool:
    """Whether the audit log has the scoped athlete's ``entity`` ``entity_id`` deleted after
    ``since``."""
    return bool(
        session.execute(
            select(
                exists().where(
                    AuditEntry.athlete_id == scope.athlete_id,
                    AuditEntry.action == "delete",
                    AuditEntry.entity == entity,
                    AuditEntry.entity_id == str(entity_id),
                    AuditEntry.at > since,
                )
            )
        ).scalar_one()
    )
