"""The protocol's row sets for a set of persons (``readiness_rows``, ``risk_rows``), read from
the loaded data's frames.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from research.validation.blind_pmdata.loading import PMData, load_pmdata
from research.validation.blind_pmdata.protocol import ALL_PERSONS, DEV_PERSONS


def readiness_rows(
    persons: Iterable[str] = DEV_PERSONS, data: PMData | None = None
) -> pd.DataFrame:
    """The rows a readiness model must score: person, date, target and the baselines."""
    data = data if data is not None else load_pmdata()
    f = data.readiness_frame
    keep = (f["status"] == "included") & f["person"].isin(_check_persons(persons))
    return f.loc[keep].drop(columns="status").reset_index(drop=True)


def risk_rows(persons: Iterable[str] = DEV_PERSONS, data: PMData | None = None) -> pd.DataFrame:
    """The rows a risk model must score: person, date, target and the load baselines."""
    data = data if data is not None else load_pmdata()
    f = data.risk_frame
    keep = (f["status"] == "included") & f["person"].isin(_check_persons(persons))
    return f.loc[keep].drop(columns="status").reset_index(drop=True)


def _check_persons(persons: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(str(p) for p in persons))
    unknown = [p for p in out if p not in ALL_PERSONS]
    if unknown or not out:
        raise ValueError(f"unknown or no persons: {unknown}")
    return out
