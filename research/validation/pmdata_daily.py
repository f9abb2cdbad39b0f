"""PMData as a squad's daily sheet (the DAILY.csv that ``fitcoach ml score`` reads).

The real-data risk check runs through the same door a coach uses: PMData's athlete days
(``blind_pmdata.PMData.days``, the blind module's own loader and cleaning) are written as one
sheet row per person and athlete day, in the columns of docs/data-format.md ("Squad daily
sheet"), and scored by ``fitcoach.ml.squad.score_sheet``. Nothing here decides what an onset is
or which rows count: that stays in the blind module.

Column by column:

* ``athlete``: the PMData person (``p01`` …); ``date``: the athlete day (04:00 to 04:00 local).
* ``load``: the day's sRPE load (CR-10 × minutes, summed over sessions). Blank outside the
  person's logging period, where PMData cannot tell "no session" from "not logging"; inside it
  a day without a session is 0, written out.
* ``sleep_h``: Fitbit minutes asleep of the main sleep ending that morning / 60; where Fitbit
  has no night, the wellness report's sleep hours (whole hours), so a sheet mixing a device and
  a questionnaire is what the door sees, as a team's would be.
* ``resting_hr``: Fitbit's resting HR of that calendar date. PMData has no HRV: the column is
  left out, as most team sheets leave it out.
* ``fatigue, mood, soreness, stress, sleep_quality``: the wellness report of that day, on
  PMData's 1-5 scale where higher is better for every item: the sheet's own convention, so no
  value is changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from research.validation import blind_pmdata

if TYPE_CHECKING:
    import pandas as pd

ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")
COLUMNS = ("athlete", "date", "load", "sleep_h", "resting_hr", *ITEMS)


def pmdata_daily(
    persons: Iterable[str] = blind_pmdata.ALL_PERSONS,
    data: blind_pmdata.PMData | None = None,
) -> pd.DataFrame:
    """The persons' athlete days as sheet rows (see the module's description), in date order."""
    import pandas as pd

    data = data if data is not None else blind_pmdata.load_pmdata()
    chosen = set(persons)
    days = data.days.loc[data.days["person"].isin(chosen)]
    fitbit_h = days["sleep_min"] / 60.0
    out = pd.DataFrame(
        {
            "athlete": days["person"].astype(str),
            "date": days["date"].dt.strftime("%Y-%m-%d"),
            "load": days["load"].astype(float),
            "sleep_h": fitbit_h.where(fitbit_h.notna(), days["sleep_duration_h"]).round(3),
            "resting_hr": days["rhr"].astype(float),
            **{item: days[item].astype(float) for item in ITEMS},
        }
    )
    return out[list(COLUMNS)].sort_values(["athlete", "date"]).reset_index(drop=True)


def pmdata_sheet_text(
    persons: Iterable[str] = blind_pmdata.ALL_PERSONS,
    data: blind_pmdata.PMData | None = None,
) -> str:
    """:func:`pmdata_daily` as the CSV text of a sheet (blank cells for missing values)."""
    return pmdata_daily(persons, data).to_csv(index=False, float_format="%.6g", na_rep="")


def write_pmdata_daily(
    path: Path,
    persons: Iterable[str] = blind_pmdata.ALL_PERSONS,
    data: blind_pmdata.PMData | None = None,
) -> None:
    """Write :func:`pmdata_sheet_text` to ``path``."""
    path.write_text(pmdata_sheet_text(persons, data), encoding="utf-8")


def for_protocol_day(predictions: pd.DataFrame) -> pd.DataFrame:
    """Sheet results of row D-1 as the predictions for the protocol's day D, with the blind
    module's column names (person, date, risk).

    The door scores a row with everything up to and including that day (its load included);
    the blind protocol's day D may use only what is known on the morning of D. Row D-1 holds
    exactly the loads the protocol's baselines use (D-1 and earlier), so the model is scored
    on the same information as ACWR and the 7-day load.
    """
    import pandas as pd

    out = predictions.rename(columns={"athlete": "person"}).copy()
    out["date"] = pd.to_datetime(out["date"]).dt.normalize() + pd.Timedelta(days=1)
    return out
