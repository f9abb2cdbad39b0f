"""Who an MCP client acts for: the athlete whose API token it presents.

The MCP client is the athlete's own AI assistant, so the server acts for exactly one athlete
account. The subject and the athlete come only from the token, never from a tool's
arguments; a coach's or an admin's token is refused rather than guessing which athlete it
means. The token is checked on every call, so revoking it or disabling the account takes
effect at once, even inside an open MCP session.
"""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.core.clock import Clock
from fitcoach.core.domain import Role, TokenScope
from fitcoach.core.errors import NotFound, PermissionDenied
from fitcoach.services import accounts, athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session

NOT_AN_ATHLETE = (
    "the MCP server acts for one athlete: use an API token of an athlete account "
    "(`fitcoach token create -a ATHLETE_EMAIL --scope write`), not a coach's or an admin's"
)
READ_ONLY = (
    "this token is read-only, so {tool} cannot change data; create a write token with "
    "`fitcoach token create -a ATHLETE_EMAIL --scope write`"
)


@dataclass(frozen=True)
class Caller:
    """The authenticated athlete behind an MCP request and what their token may do."""

    subject: Subject
    scope: TokenScope
    token_id: int
    athlete_id: int

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.write


def identify(session: Session, secret: str, clock: Clock) -> Caller:
    """The athlete of an API token; ``Unauthenticated`` for a bad token, else a clear refusal."""
    anonymous = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    auth = accounts.authenticate(anonymous, secret)
    if auth.subject.role != Role.athlete:
        raise PermissionDenied(NOT_AN_ATHLETE)
    ctx = ServiceContext(session=session, subject=auth.subject, clock=clock)
    own = athletes.list_athletes(ctx)
    if len(own) != 1:
        raise NotFound("this account has no athlete profile yet; create it first")
    return Caller(auth.subject, auth.scope, auth.token_id, own[0].id)
