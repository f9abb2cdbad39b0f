"""Training load described as facts, each with what the literature says it is (and is not)
evidence for: no risk level.

The product once turned ACWR and the 7-day load into a risk level (low, moderate, high). On real
team cohorts that level ranked injuries at chance (a professional football squad's injuries
within 14 days: AUC 0.51 [0.46, 0.58]; ACWR alone 0.54, the 7-day load 0.59; a national rugby
sevens squad's illnesses: every load measure 0.50–0.52; docs/models/burnout.md). So these
quantities are shown as what they are, measurements of training, with one line each on what
they have been linked to and what they are not evidence for.

From consecutive daily session-RPE loads (AU, 0 on rest days), through the day described:

- **acute load**: the last 7 days' total (Foster et al. 2001);
- **chronic load**: the mean weekly load of the last 28 days;
- **acute:chronic ratio**: the coupled rolling 7:28 ratio (``load.acwr_rolling_values``;
  Gabbett 2016; its pitfalls: Impellizzeri et al. 2020);
- **this week against your own weeks**: the last 7 days' total against the athlete's own
  totals of the (up to) 8 whole weeks before, the median and the highest of them;
- **monotony** and **strain** over the last 7 days (Foster 1998: mean ÷ population SD of the
  daily loads; strain = the week's total × monotony).

The acute load needs 7 days of load history; the rest needs 28 (the chronic window). Pure
numpy: no pandas, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis
from fitcoach.core.errors import InvalidInput

Status = Literal["ok", "insufficient_data"]
HISTORY_WEEKS = 8
CHRONIC_DAYS = load_analysis.CHRONIC_DAYS
ACUTE_DAYS = load_analysis.ACUTE_DAYS

# What each quantity is, and is not, evidence for: the one place these words live.
EVIDENCE: dict[str, str] = {
    "acute_load": (
        "Session RPE × minutes (Foster et al. 2001) records how much and how hard you trained. "
        "It is a record of work done, not a forecast: on a real football squad the 7-day load "
        "ranked the next 14 days' injuries only a little better than chance (AUC 0.59)."
    ),
    "chronic_load": (
        "What your body has been used to lately. Studies disagree on whether a higher "
        "chronic load protects or exposes; on its own it predicts neither."
    ),
    "acwr": (
        "Gabbett (2016) linked ratios above about 1.5 to more injuries in team sports; later "
        "work found the ratio statistically flawed and the link unproven (Impellizzeri et al. "
        "2020). On a real football squad it ranked injuries no better than chance (AUC 0.54). "
        "A description of a change in load, not a risk."
    ),
    "spike": (
        "Sharp week-to-week rises went with more injuries in some running and team-sport "
        "cohorts (Nielsen et al. 2014; Gabbett 2016) and not in others. A reason to notice "
        "how you feel, not a prediction."
    ),
    "monotony": (
        "How little your training varies from day to day (Foster 1998). Foster saw illness "
        "follow weeks of high monotony (above about 2) with high strain in a small group of "
        "athletes; it is not evidence that you will fall ill."
    ),
    "strain": (
        "The week's load × its monotony (Foster 1998), linked there to illness and staleness. "
        "On a real rugby sevens squad no load measure ranked illnesses better than chance "
        "(AUC 0.50–0.52)."
    ),
}
LABELS: dict[str, str] = {
    "acute_load": "Acute load (last 7 days)",
    "chronic_load": "Chronic load (weekly average, last 4 weeks)",
    "acwr": "Acute:chronic ratio",
    "spike": "This week against your own weeks",
    "monotony": "Monotony (last 7 days)",
    "strain": "Strain (last 7 days)",
}


@dataclass(frozen=True)
class LoadFact:
    """One quantity: a stable code, its label, value and unit, the fact in words and what
    the literature says it is (and is not) evidence for."""

    code: str
    label: str
    value: float | None
    unit: str
    text: str
    evidence: str


@dataclass(frozen=True)
class LoadFacts:
    """The facts for one day, or why some are missing."""

    day: date
    status: Status
    days_of_load: int
    facts: tuple[LoadFact, ...]
    acwr: float | None
    load_7d_au: float | None
    load_28d_au: float | None
    note: str | None = None  # why the rest is missing (short history)

    def summary(self) -> str:
        """The facts in one or two sentences (no level)."""
        texts = {f.code: f.text for f in self.facts}
        parts = [texts["acute_load"]] if "acute_load" in texts else []
        for code in ("acwr", "spike"):
            if code in texts:
                parts.append(texts[code])
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


def _fact(code: str, value: float | None, unit: str, text: str) -> LoadFact:
    return LoadFact(code, LABELS[code], value, unit, text, EVIDENCE[code])


def _au(value: float) -> str:
    return f"{value:,.0f} AU"


def load_facts(daily: npt.ArrayLike, day: date) -> LoadFacts:
    """The facts for the last of ``daily`` (consecutive days ending on ``day``, load in AU,
    0 on rest days, no NaN), from that day and the days before it."""
    values = np.asarray(daily, dtype=float).ravel()
    if len(values) == 0:
        raise InvalidInput("no days of load to describe")
    if np.isnan(values).any() or (values < 0).any():
        raise InvalidInput("daily loads must be non-negative numbers (0 on rest days, not NaN)")
    have = len(values)
    if have < ACUTE_DAYS:
        return LoadFacts(
            day,
            "insufficient_data",
            have,
            (),
            None,
            None,
            None,
            note=f"Load is described from {ACUTE_DAYS} days of training load; {have} so far.",
        )
    week = float(values[-ACUTE_DAYS:].sum())
    facts = [_fact("acute_load", round(week, 1), "AU", f"Last 7 days: {_au(week)}.")]
    if have < CHRONIC_DAYS:
        return LoadFacts(
            day,
            "insufficient_data",
            have,
            tuple(facts),
            None,
            week,
            None,
            note=(
                f"The comparison with your usual load needs {CHRONIC_DAYS} days of training "
                f"load; {have} so far."
            ),
        )
    month = float(values[-CHRONIC_DAYS:].sum())
    chronic_week = month / (CHRONIC_DAYS / ACUTE_DAYS)
    facts.append(
        _fact(
            "chronic_load",
            round(chronic_week, 1),
            "AU",
            f"Weekly average of the last 4 weeks: {_au(chronic_week)}.",
        )
    )
    ratio_value = float(load_analysis.acwr_rolling_values(values)[-1])
    ratio = None if np.isnan(ratio_value) else ratio_value
    if ratio is None:
        facts.append(
            _fact("acwr", None, "×", "No training load in the last 4 weeks to compare with.")
        )
    else:
        facts.append(
            _fact(
                "acwr",
                round(ratio, 2),
                "×",
                f"The last 7 days are {ratio:.2f} times your 4-week average.",
            )
        )
    facts.append(_spike(values, week))
    facts += _monotony_and_strain(values, week)
    return LoadFacts(day, "ok", have, tuple(facts), ratio, week, month)


def _spike(values: npt.NDArray[np.float64], week: float) -> LoadFact:
    """This week against the athlete's own whole weeks before it (up to ``HISTORY_WEEKS``)."""
    earlier = values[:-ACUTE_DAYS]
    weeks = min(HISTORY_WEEKS, len(earlier) // ACUTE_DAYS)
    totals = np.array(
        [
            earlier[len(earlier) - (k + 1) * ACUTE_DAYS : len(earlier) - k * ACUTE_DAYS].sum()
            for k in range(weeks)
        ]
    )
    usual = float(np.median(totals))
    highest = float(totals.max())
    if usual <= 0:
        text = f"Your usual week in the last {weeks} was a rest week; this one: {_au(week)}."
        return _fact("spike", None, "%", text)
    change = (week / usual - 1.0) * 100.0
    direction = "above" if change >= 0 else "below"
    text = (
        f"This week is {abs(change):.0f} % {direction} your usual week of the last {weeks} "
        f"({_au(usual)})"
    )
    if week > highest:
        text += f", and the highest of them (the highest before: {_au(highest)})."
    else:
        text += "."
    return _fact("spike", round(change, 1), "%", text)


def _monotony_and_strain(values: npt.NDArray[np.float64], week: float) -> list[LoadFact]:
    monotony = float(load_analysis.monotony_values(values[-ACUTE_DAYS:])[-1])
    if np.isnan(monotony):
        same = (
            "No training in the last 7 days."
            if week <= 0
            else "Every day of the last 7 carried the same load, so monotony is undefined."
        )
        return [_fact("monotony", None, "", same), _fact("strain", None, "AU", same)]
    strain = week * monotony
    return [
        _fact(
            "monotony",
            round(monotony, 2),
            "",
            f"Monotony {monotony:.2f} (mean ÷ spread of the week's daily loads; rest days "
            "count as 0).",
        ),
        _fact(
            "strain", round(strain, 0), "AU", f"Strain {_au(strain)} (the week's load × monotony)."
        ),
    ]
