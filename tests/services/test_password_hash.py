"""Password hashing costs come from the settings: the default is RFC 9106's low-memory profile,
nothing below OWASP's minimum is accepted, and a hash made with other costs is remade at its
owner's next sign-in (the suite itself runs at the floor: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import Parameters, extract_parameters
from argon2.exceptions import VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from pydantic import ValidationError
from tests.conftest import PASSWORD_HASH_FLOOR
from tests.factories import make_athlete

from fitcoach.core.errors import Unauthenticated
from fitcoach.core.settings import Settings, get_settings
from fitcoach.services import accounts
from fitcoach.services.context import ServiceContext

PASSWORD = "correct horse battery"


def _costs(parameters: Parameters) -> tuple[int, int, int]:
    return parameters.memory_cost, parameters.time_cost, parameters.parallelism


@pytest.fixture(autouse=True)
def _settings_read_again() -> Iterator[None]:
    """The process's settings read afresh after each test, which changes the environment."""
    yield
    get_settings.cache_clear()


@pytest.fixture
def default_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings as a deployment gets them: no cost variable set."""
    for name in PASSWORD_HASH_FLOOR:
        monkeypatch.delenv(name)
    get_settings.cache_clear()


def test_the_default_costs_are_rfc_9106_low_memory(default_costs: None) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (
        settings.password_hash_memory_kib,
        settings.password_hash_time_cost,
        settings.password_hash_parallelism,
    ) == _costs(RFC_9106_LOW_MEMORY)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password_hash_memory_kib", 19455),
        ("password_hash_time_cost", 1),
        ("password_hash_parallelism", 0),
    ],
)
def test_costs_below_owasps_minimum_are_refused(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(_env_file=None, **{field: value})  # type: ignore[arg-type]


def test_a_hash_carries_the_configured_costs_and_is_remade_at_the_next_sign_in(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete = make_athlete(ctx)
    account = accounts.account_for(ctx, str(athlete.id))
    accounts.set_password(ctx, account.id, PASSWORD)
    made_at_floor = account.password_hash
    assert made_at_floor is not None
    assert _costs(extract_parameters(made_at_floor)) == (19456, 2, 1)

    # The operator raises the costs to the default: a wrong password changes nothing ...
    for name in PASSWORD_HASH_FLOOR:
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    with pytest.raises(Unauthenticated):
        accounts.login(ctx, account.email, "not the password at all")
    assert account.password_hash == made_at_floor

    # ... the right one signs in with the old hash and leaves one made with the new costs.
    accounts.login(ctx, account.email, PASSWORD)
    remade = account.password_hash
    assert remade is not None
    assert remade != made_at_floor
    assert _costs(extract_parameters(remade)) == _costs(RFC_9106_LOW_MEMORY)
    accounts.login(ctx, account.email, PASSWORD)
    assert account.password_hash == remade  # made once, not at every sign-in
    with pytest.raises(VerificationError):
        accounts._hasher().verify(remade, "not the password at all")
