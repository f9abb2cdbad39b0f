"""Outside ``/api/v1``: the health check. (The landing page at ``/`` is a web page:
``interfaces/web/pages.py``.)"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

import fitcoach
from fitcoach.core.errors import ServiceUnavailable
from fitcoach.core.logging import get_logger
from fitcoach.interfaces.api.deps import plain_session
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import HealthOut
from fitcoach.services import installation
from fitcoach.storage.db import Session

log = get_logger("api")

router = IndexedRouter()

# It only reads: a session that commits nothing, outside the write gate.
ReadSession = Annotated[Session, Depends(plain_session)]


@router.get("/health", tags=["meta"], response_model=HealthOut)
def health(request: Request, session: ReadSession) -> HealthOut:
    """Liveness, database reachability, and whether the chat runs with its student."""
    database = installation.database_name(session)
    if not installation.database_answers(session):
        log.warning("health_database_unreachable", dialect=database)
        raise ServiceUnavailable("the database is not reachable")
    status = getattr(getattr(request.app.state.assistant, "intents", None), "status", None)
    chat = status().as_dict() if callable(status) else None
    return HealthOut(status="ok", version=fitcoach.__version__, database=database, chat=chat)
