"""A student's reading written by hand and a runtime that holds it: the tests of the gates on the
student's own alarms (benign senses, complete ordinary logs) set its probabilities themselves."""

from __future__ import annotations

from pathlib import Path

from fitcoach.assistant.student_runtime import StudentRuntime
from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading


def reading(p_any: float, intent: str = "answer", **named: float) -> Reading:
    """A reading with P(any) ``p_any`` and the kinds ``named`` (every other kind at 0.01)."""
    kinds = dict.fromkeys(RED_FLAG_KINDS, 0.01) | named
    return Reading(
        intent=intent,
        intent_probability=0.9,
        red_flag=p_any,
        kinds=kinds,
        crisis_threshold=0.3,
        flagged_crisis_threshold=0.01,
    )


class _Model:
    threshold = 0.6  # the shipped artefact's P(any) bar


def runtime_reading(tmp_path: Path, text: str, held: Reading) -> StudentRuntime:
    """A runtime whose student read ``text`` as ``held`` (no model is loaded)."""
    runtime = StudentRuntime(tmp_path)
    runtime._model = _Model()  # type: ignore[assignment]
    runtime._remember([(text, held)])
    return runtime
