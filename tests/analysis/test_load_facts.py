"""The load as facts: each quantity from its definition, what it is evidence for, and no
level anywhere."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis.load_facts import EVIDENCE, LoadFacts, load_facts
from fitcoach.core.errors import InvalidInput

DAY = date(2026, 3, 1)
WEEK = np.array([400.0, 0.0, 450.0, 300.0, 0.0, 500.0, 350.0])


def _spike(weeks: int = 10) -> np.ndarray:
    loads = np.tile(WEEK, weeks)
    loads[-7:] *= 2.0
    return loads


def test_each_fact_follows_its_definition() -> None:
    loads = _spike()
    found = load_facts(loads, DAY)
    assert found.status == "ok"
    facts = {f.code: f for f in found.facts}
    assert list(facts) == ["acute_load", "chronic_load", "acwr", "spike", "monotony", "strain"]
    assert facts["acute_load"].value == pytest.approx(loads[-7:].sum())
    assert facts["chronic_load"].value == pytest.approx(loads[-28:].sum() / 4, abs=0.1)
    series = pd.Series(loads, index=pd.date_range("2026-01-01", periods=len(loads), name="day"))
    assert facts["acwr"].value == pytest.approx(
        load_analysis.acwr_rolling(series).iloc[-1], abs=0.005
    )
    monotony, strain = load_analysis.monotony_and_strain(series)
    assert facts["monotony"].value == pytest.approx(monotony.iloc[-1], abs=0.005)
    assert facts["strain"].value == pytest.approx(strain.iloc[-1], abs=0.5)
    # This week is twice each of the 8 identical weeks before it, and the highest of them.
    assert facts["spike"].value == pytest.approx(100.0)
    assert "100 % above your usual week of the last 8" in facts["spike"].text
    assert "the highest of them" in facts["spike"].text
    assert found.acwr == pytest.approx(1.6, abs=0.001)


def test_every_fact_says_what_it_is_evidence_for_and_none_gives_a_level() -> None:
    found = load_facts(_spike(), DAY)
    for fact in found.facts:
        assert fact.evidence == EVIDENCE[fact.code]
        assert fact.label
        assert fact.text
        for word in ("low", "moderate", "high"):
            assert f"risk {word}" not in fact.text.lower()
            assert not fact.text.lower().startswith(word)
    assert "not a risk" in EVIDENCE["acwr"]
    assert not hasattr(found, "level")


def test_short_histories_say_what_they_need() -> None:
    few = load_facts(np.full(5, 300.0), DAY)
    assert (few.status, few.facts) == ("insufficient_data", ())
    assert few.note is not None
    assert "7 days of training load; 5 so far" in few.note
    some = load_facts(np.tile(WEEK, 3), DAY)
    assert some.status == "insufficient_data"
    assert [f.code for f in some.facts] == ["acute_load"]
    assert "28 days of training load; 21 so far" in some.summary()


def test_a_rest_week_and_a_rest_month_are_said_as_such() -> None:
    rest_week = np.concatenate([np.tile(WEEK, 5), np.zeros(7)])
    facts = {f.code: f for f in load_facts(rest_week, DAY).facts}
    assert facts["monotony"].value is None
    assert facts["monotony"].text == "No training in the last 7 days."
    assert facts["spike"].value == pytest.approx(-100.0)
    rest_month = np.concatenate([np.tile(WEEK, 5), np.zeros(28)])
    facts = {f.code: f for f in load_facts(rest_month, DAY).facts}
    assert facts["acwr"].value is None
    assert "No training load in the last 4 weeks" in facts["acwr"].text


def test_bad_loads_are_refused_in_words() -> None:
    with pytest.raises(InvalidInput, match="non-negative"):
        load_facts(np.array([100.0, np.nan] * 20), DAY)
    with pytest.raises(InvalidInput, match="no days"):
        load_facts(np.array([]), DAY)
    assert isinstance(load_facts(np.tile(WEEK, 4), DAY), LoadFacts)
