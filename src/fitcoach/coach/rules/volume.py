"""Volume landmarks (MEV/MAV/MRV hard sets per muscle per week) by experience level.

The values live in ``volume_landmarks.yaml`` with their sources; this module validates them
once per process. The monitoring report and the planner both read them from here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fitcoach.analysis import volume as volume_analysis
from fitcoach.coach import rules as rule_files
from fitcoach.coach import vocabulary as vocab


class LandmarkIn(BaseModel):
    """One muscle's landmarks in hard sets per week."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mev: float = Field(ge=0, le=60)
    mav: float = Field(ge=0, le=60)
    mrv: float = Field(ge=0, le=60)

    @model_validator(mode="after")
    def _ordered(self) -> LandmarkIn:
        if not self.mev <= self.mav <= self.mrv:
            raise ValueError("landmarks must satisfy mev <= mav <= mrv")
        return self


class VolumeLandmarksTable(BaseModel):
    """``volume_landmarks.yaml``: landmarks per experience level and muscle."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    source: str = Field(min_length=3)
    levels: dict[vocab.Level, dict[str, LandmarkIn]]

    @model_validator(mode="after")
    def _complete(self) -> VolumeLandmarksTable:
        missing = sorted(set(vocab.LEVELS) - set(self.levels))
        if missing:
            raise ValueError(f"levels missing: {missing}")
        for level, muscles in self.levels.items():
            unknown = sorted(set(muscles) - set(vocab.MUSCLES))
            if unknown:
                raise ValueError(f"{level}: unknown muscles {unknown}")
        return self

    def for_level(self, level: str) -> dict[str, volume_analysis.Landmarks]:
        """The landmarks of one level as plain analysis data (intermediate when unknown)."""
        table = self.levels.get(cast(vocab.Level, level)) or self.levels["intermediate"]
        return {m: volume_analysis.Landmarks(v.mev, v.mav, v.mrv) for m, v in table.items()}


def parse_landmarks(data: Any, *, where: str = "volume_landmarks.yaml") -> VolumeLandmarksTable:
    """Validate a landmarks document; errors name the file and the field."""
    return rule_files.parse(VolumeLandmarksTable, data, where)


@lru_cache(maxsize=1)
def volume_landmarks() -> VolumeLandmarksTable:
    """The shipped landmarks (validated once per process)."""
    return rule_files.shipped(VolumeLandmarksTable, "volume_landmarks.yaml")
