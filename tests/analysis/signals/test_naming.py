"""One name for the sampling rate across the signal code, NeuroKit2's shape with the unit in
it: ``sampling_rate_hz``; and ``method=`` only where there is a choice between published
algorithms (docs/architecture.md, "Signals code")."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from fitcoach.analysis import signals
from fitcoach.analysis.signals import (
    capnography,
    ecg,
    filters,
    online,
    peaks,
    ppg,
    quality,
    session,
    spo2,
)
from fitcoach.cli import signals as cli_signals
from fitcoach.workers.vitals import timeline

OTHER_NAMES = {"fs", "fs_hz", "sample_rate", "sampling_rate", "rate_hz", "sfreq", "srate"}
MODULES: tuple[ModuleType, ...] = (
    signals,
    capnography,
    ecg,
    filters,
    online,
    peaks,
    ppg,
    quality,
    session,
    spo2,
    cli_signals,
    timeline,
)


def _callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function and class (its constructor and public methods) of the modules."""
    for module in MODULES:
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value) or hasattr(value, "__wrapped__"):
                yield f"{module.__name__}.{name}", value
            elif inspect.isclass(value):
                yield f"{module.__name__}.{name}", value
                for attr, member in vars(value).items():
                    if inspect.isfunction(member) and not attr.startswith("_"):
                        yield f"{module.__name__}.{name}.{attr}", member


CALLABLES = dict(_callables())


def _parameters(f: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    try:
        return dict(inspect.signature(f).parameters)
    except (TypeError, ValueError):  # a class without an inspectable constructor
        return {}


def test_the_modules_are_covered() -> None:
    for name in (
        "fitcoach.analysis.signals.ecg.ecg_peaks",
        "fitcoach.analysis.signals.filters.butterworth",
        "fitcoach.analysis.signals.peaks.ecg_findpeaks_neurokit",
        "fitcoach.cli.signals.load_signal",
        "fitcoach.workers.vitals.timeline.ChannelBuffer",
    ):
        assert name in CALLABLES


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_the_sampling_rate_is_sampling_rate_hz(name: str) -> None:
    assert not OTHER_NAMES & set(_parameters(CALLABLES[name])), name


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_a_method_names_a_choice_of_algorithms(name: str) -> None:
    f = CALLABLES[name]
    method = _parameters(f).get("method")
    if method is None or dataclasses.is_dataclass(f):
        return  # a result's ``method`` field records which one computed it: a format
    hints = typing.get_type_hints(f.__init__ if inspect.isclass(f) else f)
    choices = typing.get_args(hints["method"])
    assert len(choices) >= 2, (name, choices)  # a Literal of the algorithms offered
