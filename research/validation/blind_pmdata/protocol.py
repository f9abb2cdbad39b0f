"""The protocol's fixed definitions: time zone and athlete day, windows, person sets
(the seeded held-out draw), wellness items and their scales, and where PMData lives.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Track = Literal["objective", "with_items"]


LOCAL_TZ: Final = "Europe/Oslo"
DAY_START_HOUR: Final = 4
CORRECTION_WINDOW: Final = pd.Timedelta(minutes=30)
DOUBLE_SUBMISSION_WINDOW: Final = pd.Timedelta(minutes=10)
MAX_REPORT_GAP_DAYS: Final = 14
RISK_HORIZON_DAYS: Final = 7
ACUTE_DAYS: Final = 7
CHRONIC_DAYS: Final = 28
MIN_ROWS_PER_PERSON: Final = 10
MIN_PERSONS_FOR_CI: Final = 5  # below this, result tables carry a caution line
N_BOOT_DEFAULT: Final = 2000
BOOTSTRAP_SEED: Final = 11262026
SPLIT_SEED: Final = 20261126
N_HELD_OUT: Final = 5

ALL_PERSONS: Final[tuple[str, ...]] = tuple(f"p{i:02d}" for i in range(1, 17))
# The literal result of draw_held_out(SPLIT_SEED); a test checks the two agree.
HELD_OUT_PERSONS: Final[tuple[str, ...]] = ("p02", "p06", "p07", "p11", "p12")
DEV_PERSONS: Final[tuple[str, ...]] = tuple(p for p in ALL_PERSONS if p not in HELD_OUT_PERSONS)

WELLNESS_ITEMS: Final[tuple[str, ...]] = (
    "fatigue",
    "mood",
    "readiness",
    "sleep_duration_h",
    "sleep_quality",
    "soreness",
    "stress",
)
#: Valid closed ranges. sleep_duration_h 0 is the blank form's value, so hours start at 1.
ITEM_RANGES: Final[Mapping[str, tuple[int, int]]] = {
    "fatigue": (1, 5),
    "mood": (1, 5),
    "readiness": (0, 10),
    "sleep_duration_h": (1, 24),
    "sleep_quality": (1, 5),
    "soreness": (1, 5),
    "stress": (1, 5),
}
#: PMData scale direction: +1 = a higher value means the athlete is better off.
HIGHER_IS_BETTER: Final[Mapping[str, int]] = {
    "fatigue": 1,  # 1 very tired ... 5 very fresh
    "mood": 1,  # 1 very bad ... 5 very good
    "readiness": 1,  # 0 not ready ... 10 fully ready to train
    "sleep_duration_h": 1,  # hours
    "sleep_quality": 1,  # 1 very poor ... 5 very restful
    "soreness": 1,  # 1 very sore ... 5 not sore at all
    "stress": 1,  # 1 very stressed ... 5 very relaxed
}
ITEMS_EXCEPT_READINESS: Final[tuple[str, ...]] = tuple(
    i for i in WELLNESS_ITEMS if i != "readiness"
)
#: Columns of day D hidden from a predictor on the morning of D (readiness in both tracks).
NOT_KNOWN_ON_THE_MORNING: Final[tuple[str, ...]] = (
    "load",
    "n_sessions",
    "rhr",
    "n_injury_reports",
    "injury_areas",
    "injury_n_areas",
    "readiness",
)
WELLNESS_COLUMNS: Final[tuple[str, ...]] = (
    *WELLNESS_ITEMS,
    "wellness_time",
    "n_wellness_reports",
)

MODEL: Final = "model"


def draw_held_out(seed: int = SPLIT_SEED, k: int = N_HELD_OUT) -> tuple[str, ...]:
    """Draw ``k`` held-out participants from ``ALL_PERSONS`` with a seeded permutation."""
    order = np.random.default_rng(seed).permutation(len(ALL_PERSONS))[:k]
    return tuple(sorted(ALL_PERSONS[int(i)] for i in order))


def default_pmdata_dir() -> Path:
    """``$FITCOACH_PMDATA_DIR``, else the first ``shared/data/pmdata`` above this file."""
    env = os.environ.get("FITCOACH_PMDATA_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "pmdata"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/pmdata")
