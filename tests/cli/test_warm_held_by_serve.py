"""The warm process held by a running server: while a holder's connection is open it does not
stop when idle, and its idle time counts from the holder's end; ``fitcoach serve``'s holder
starts one (where allowed), holds the next after the warm process ends, and after
``fitcoach warm stop`` starts none but holds the one a daily command starts."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.warm_support import until

from fitcoach import launcher, warm
from fitcoach.warm_hold import ServerHold, held_while_serving

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")


@pytest.fixture
def directory() -> Iterator[str]:
    # A short path: a Unix socket's path holds at most 107 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="fh-"))
    place = runtime / "fitcoach"
    place.mkdir(mode=0o700)
    try:
        yield str(place)
    finally:
        warm.request(b"stop", str(place))
        until(lambda: warm.request(b"ping", str(place)) is None, timeout_s=30)
        shutil.rmtree(runtime, ignore_errors=True)


def _answers(directory: str) -> bool:
    return warm.request(b"ping", directory) is not None


def test_a_held_warm_process_outlives_its_idle_time_and_stops_after_the_holder(
    directory: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(launcher.IDLE_ENV, "0.03")  # 1.8 s without a command: it would stop
    assert launcher.start_warm(directory)  # as a daily command starts one
    assert until(lambda: _answers(directory)), "the warm process did not answer"
    held = launcher.hold(directory)
    assert held is not None
    time.sleep(5.0)
    assert _answers(directory)  # pings are no commands: the hold kept it
    held.close()  # the holder ends (as a server does, however it ends)
    # Watched without pinging (a ping is a request: it would restart the idle time).
    socket_file = Path(launcher.socket_path(directory))
    assert until(lambda: not socket_file.exists(), timeout_s=60)


def test_a_hold_is_refused_where_none_answers(directory: str) -> None:
    assert launcher.hold(directory) is None


def test_the_servers_holder_starts_one_and_after_a_stop_holds_the_next_a_command_starts(
    directory: str,
) -> None:
    hold = ServerHold(directory, start=True, first_delay_s=0.0, retry_s=0.5).begin()
    try:
        assert until(lambda: hold.holds == 1)
        assert _answers(directory)
        # Asked to stop (`fitcoach warm stop`): it ends, and the holder starts no other ...
        assert warm.request(b"stop", directory) is not None
        assert until(lambda: not _answers(directory), timeout_s=30)
        time.sleep(2.0)
        assert not _answers(directory)
        # ... but holds the next one started (as a daily command starts one).
        assert until(lambda: launcher.start_warm(directory), timeout_s=30)
        assert until(lambda: hold.holds == 2)
    finally:
        hold.stop()
    assert _answers(directory)  # a released warm process stays for its idle time


def test_serve_holds_one_unless_told_not_to(
    directory: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(launcher.WARM_ENV, "off")
    with held_while_serving(directory, first_delay_s=0.0) as none:
        assert none is None
    monkeypatch.setenv(launcher.WARM_ENV, "on")
    with held_while_serving(directory, first_delay_s=0.0) as hold:
        assert hold is not None
        assert until(lambda: hold.holds == 1)
        assert _answers(directory)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (True, True)),
        ({"FITCOACH_WARM": "on"}, (True, True)),
        ({"FITCOACH_WARM": "on", "CI": "1"}, (True, True)),
        ({"CI": "1"}, (False, False)),
        ({"FITCOACH_WARM": "manual"}, (True, False)),
        ({"FITCOACH_WARM": "off"}, (False, False)),
    ],
)
def test_whether_serve_holds_and_starts_one(
    env: dict[str, str], expected: tuple[bool, bool]
) -> None:
    assert launcher.serve_holds(env) == expected
