"""Ingest fixtures: the Redis server (skip or fail like PostgreSQL), buses with unique names."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from fitcoach.ingest.bus import InMemoryBus, RedisBus


@pytest.fixture
def prefix() -> str:
    """A key prefix of this test's own, so that tests never share streams."""
    return f"fitcoach-test:{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_bus(redis_url: str, prefix: str) -> Iterator[RedisBus]:
    """A Redis bus; every key under this test's prefix is deleted afterwards."""
    bus = RedisBus.from_url(redis_url, maxlen=100_000)
    yield bus
    keys = list(bus.client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        bus.client.delete(*keys)
    bus.client.close()


@pytest.fixture(params=["memory", "redis"])
def bus_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def any_bus(bus_kind: str, request: pytest.FixtureRequest) -> InMemoryBus | RedisBus:
    """Both bus implementations, for the semantics they share."""
    if bus_kind == "memory":
        return InMemoryBus()
    bus: RedisBus = request.getfixturevalue("redis_bus")
    return bus
