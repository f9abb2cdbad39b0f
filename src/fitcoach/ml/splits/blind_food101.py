"""The fixed dev/test split of the food101-10 photos (``blind_food101_split.json``): the
food-photo model trains and tunes on "dev"; "test" is scored once.

The split was written blind; how it was drawn, and its check, are
``research.validation.blind_food101`` in a source checkout. The JSON is data: paths are
relative to the ``food101-10/`` folder, with "/" separators.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

SEED: Final = 20261126
TEST_FRACTION: Final = 0.2
SPLIT_PATH: Final = Path(__file__).with_name("blind_food101_split.json")


def default_food_dir() -> Path:
    """``$FITCOACH_FOOD101_DIR``, else the first ``shared/data/food101-10`` above this file."""
    env = os.environ.get("FITCOACH_FOOD101_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "food101-10"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/food101-10")
