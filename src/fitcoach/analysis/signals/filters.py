"""Zero-phase Butterworth filtering with the design done once, not on every call.

The online trackers filter a window of every stream every second. ``scipy.signal.sosfiltfilt``
recomputes the filter's initial conditions (``sosfilt_zi``) on each call, and NeuroKit2's
``ppg_clean`` designs its Butterworth filter on each call too; together that cost more than the
filtering itself. ``ZeroPhase`` keeps the design and its initial conditions and runs exactly
the steps of ``sosfiltfilt`` (odd extension, forward pass from ``zi · x[0]``, backward pass from
``zi · y[-1]``, trim) with SciPy's own second-order-section kernel, so that its output is equal,
bit for bit and in memory layout, to ``sosfiltfilt``'s (``tests/analysis/signals/test_filters.py``
checks this against SciPy and NeuroKit2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.signal import butter, sosfilt, sosfilt_zi

FloatArray = npt.NDArray[np.float64]
BandType = Literal["bandpass", "lowpass", "highpass"]


def _public_kernel(sos: FloatArray, x: FloatArray, zi: FloatArray) -> None:
    """``sosfilt``'s result written into ``x`` and its final state into ``zi`` (2-D ``x``)."""
    y, zf = sosfilt(sos, x, axis=-1, zi=np.moveaxis(zi, 1, 0))
    x[...] = y
    zi[...] = np.moveaxis(zf, 0, 1)


def _kernel() -> Callable[[FloatArray, FloatArray, FloatArray], None]:
    """SciPy's in-place second-order-section kernel (what ``sosfilt`` itself runs after
    checking and copying its arguments), or the public ``sosfilt`` where a SciPy release has
    moved it: the same arithmetic either way."""
    try:
        from scipy.signal._sosfilt import _sosfilt

        return _sosfilt
    except ImportError:  # pragma: no cover - depends on the SciPy release
        return _public_kernel


_SOSFILT = _kernel()


@dataclass(frozen=True, eq=False)
class ZeroPhase:
    """A Butterworth filter in second-order sections, applied forward and backward."""

    sos: FloatArray
    zi: FloatArray  # sosfilt_zi(sos): the steady-state initial conditions for a unit step
    default_padlen: int  # sosfiltfilt's default: 3 × (2 × sections + 1 − trailing zero taps)

    @classmethod
    def design(cls, sos: npt.ArrayLike) -> ZeroPhase:
        # Writable: SciPy's kernel takes a typed memoryview of it (it never writes to it).
        s = np.array(sos, dtype=np.float64, order="C")
        zi = np.asarray(sosfilt_zi(s), dtype=np.float64)
        zi.setflags(write=False)
        ntaps = 2 * s.shape[0] + 1
        ntaps -= min(int((s[:, 2] == 0).sum()), int((s[:, 5] == 0).sum()))
        return cls(sos=s, zi=zi, default_padlen=3 * ntaps)

    def _pass(self, x: FloatArray, start: FloatArray) -> FloatArray:
        """One causal pass over each row of ``x`` (a C-ordered copy), starting from
        ``zi · start`` per row; as ``sosfilt(sos, x, zi=zi * start)``."""
        y = np.array(x, dtype=np.float64, order="C")
        # The kernel's state is (rows, sections, 2): the same products zi[s, k] · start[row]
        # that sosfilt forms as (sections, rows, 2) and moves into that shape.
        state = self.zi[None, :, :] * start.reshape(-1, 1, 1)
        _SOSFILT(self.sos, y.reshape(-1, y.shape[-1]), state)
        return y

    def filtfilt(self, x: npt.ArrayLike, padlen: int | None = None) -> FloatArray:
        """``sosfiltfilt(sos, x, padlen=padlen)`` along the last axis (1-D, or 2-D rows)."""
        v = np.asarray(x, dtype=np.float64)
        if v.ndim not in (1, 2):
            raise ValueError("filtfilt takes a 1-D signal or a 2-D array of rows")
        edge = self.default_padlen if padlen is None else padlen
        n = v.shape[-1]
        if n <= edge:
            raise ValueError(
                f"The length of the input vector x must be greater than padlen, which is {edge}."
            )
        if edge > 0:
            ext = np.concatenate(
                (
                    2 * v[..., 0:1] - v[..., edge:0:-1],
                    v,
                    2 * v[..., -1:] - v[..., -2 : -(edge + 2) : -1],
                ),
                axis=-1,
            )
        else:
            ext = v
        y = self._pass(ext, ext[..., 0])
        y = self._pass(y[..., ::-1], y[..., -1])[..., ::-1]
        if edge > 0:
            y = y[..., edge:-edge]
        return y


@lru_cache(maxsize=64)
def butterworth(order: int, cutoff_hz: Any, btype: BandType, sampling_rate_hz: float) -> ZeroPhase:
    """``butter(order, cutoff_hz, btype, fs=sampling_rate_hz, output="sos")``, designed once
    per arguments (``cutoff_hz`` a float, or a (low, high) tuple for a band)."""
    wn = list(cutoff_hz) if isinstance(cutoff_hz, tuple) else cutoff_hz
    return ZeroPhase.design(butter(order, wn, btype=btype, output="sos", fs=sampling_rate_hz))
