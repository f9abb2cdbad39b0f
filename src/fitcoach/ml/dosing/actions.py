"""The agent's action and what it means for next week's prescription, in numbers and words.

The action is 2-D in [-1, 1]: ``intensity_delta`` (session RPE, ±1 point a week at the ends)
and ``duration_delta`` (minutes a session: down to −40 % at −1; at +1 up to 10 % over the
recent peak, the most minutes prescribed in the last four weeks). The asymmetry is the coach's:
a deload may cut 40 % at once (the rules' triggered deload keeps 60 % of the volume) and the
week after may return to where the athlete was, while no week goes more than the 10 % rule
allows past what the athlete has recently done.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_RPE_STEP = 1.0
MAX_CUT = 0.40
MAX_RISE = 0.10


@dataclass(frozen=True)
class Delta:
    """Next week's change: session RPE points and the minutes factor."""

    rpe_points: float
    minutes_factor: float

    @property
    def minutes_pct(self) -> float:
        return (self.minutes_factor - 1.0) * 100.0


def decode(action: npt.ArrayLike, minutes: float = 1.0, peak: float = 0.0) -> Delta:
    """The prescription change an action asks for (clipped to the action box), from a session
    of ``minutes`` with ``peak`` the most minutes of the last weeks (0: no history)."""
    a = np.clip(np.asarray(action, dtype=float).reshape(-1), -1.0, 1.0)
    intensity, duration = float(a[0]), float(a[1])
    if duration >= 0:
        ceiling = (1.0 + MAX_RISE) * max(minutes, peak) / max(minutes, 1e-9)
        factor = 1.0 + duration * (ceiling - 1.0)
    else:
        factor = 1.0 + MAX_CUT * duration
    return Delta(rpe_points=MAX_RPE_STEP * intensity, minutes_factor=factor)


def encode(
    rpe_points: float, minutes_factor: float, minutes: float = 1.0, peak: float = 0.0
) -> npt.NDArray[np.float32]:
    """The action that asks for a given change (the inverse of :func:`decode`, clipped)."""
    intensity = float(np.clip(rpe_points / MAX_RPE_STEP, -1.0, 1.0))
    change = minutes_factor - 1.0
    if change >= 0:
        room = (1.0 + MAX_RISE) * max(minutes, peak) / max(minutes, 1e-9) - 1.0
        duration = change / room
    else:
        duration = change / MAX_CUT
    return np.array([intensity, float(np.clip(duration, -1.0, 1.0))], dtype=np.float32)


def describe(delta: Delta) -> str:
    """The change in words, e.g. "Keep intensity; sessions 8 % longer"."""
    rpe = round(delta.rpe_points, 1)
    pct = round(delta.minutes_pct)
    if rpe == 0:
        intensity = "keep the effort where it is"
    else:
        way = "harder" if rpe > 0 else "easier"
        intensity = f"sessions {abs(rpe):g} RPE point{'s' if abs(rpe) != 1 else ''} {way}"
    if pct == 0:
        duration = "keep the session length"
    else:
        duration = f"sessions {abs(pct)} % {'longer' if pct > 0 else 'shorter'}"
    return f"{intensity[0].upper()}{intensity[1:]}; {duration}."
