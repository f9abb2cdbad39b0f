"""What every evaluation shares: reading a shipped data set, matching expected slots, and a
share of messages with its bootstrap interval.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fitcoach.core.yamlfiles import load_yaml


def _load(path: Path | str | None, name: str) -> dict[str, Any]:
    if path is None:
        text = resources.files("fitcoach.assistant.data").joinpath(name).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"{name}: expected a mapping with a list of items")
    return data


def slot_matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` matches ``expected``: dicts on the expected keys, lists element by
    element (same length), numbers within 0.5 % (or 0.01), everything else equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and slot_matches(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(slot_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(expected, actual, rel_tol=0.005, abs_tol=0.01)
    if isinstance(expected, date) and isinstance(actual, date):
        return expected == actual
    return bool(expected == actual)


@dataclass(frozen=True)
class Share:
    """A share of messages with its 95 % bootstrap interval (resampled by message)."""

    hits: int
    total: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.1%} [{self.low:.1%}, {self.high:.1%}] ({self.hits}/{self.total})"


def _share(outcomes: list[bool], *, seed: int = 0, rounds: int = 2000) -> Share:
    """``outcomes``' share of True with a percentile bootstrap over the messages (each message
    is its own unit: the blind set has one writer and no person to group by)."""
    import numpy as np

    values = np.asarray(outcomes, dtype=float)
    if values.size == 0:
        return Share(0, 0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, size=(rounds, values.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Share(int(values.sum()), int(values.size), float(low), float(high))


def _words(text: str) -> list[str]:
    """Lower-case words, hyphens and brackets as spaces, a plural "s" dropped."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _has_word(word: str, words: Sequence[str]) -> bool:
    """``word`` among ``words``, or one a prefix of the other (run/running, fly/flye)."""
    return any(
        w == word or (min(len(w), len(word)) >= 3 and (w.startswith(word) or word.startswith(w)))
        for w in words
    )


def exercise_candidates(plain: str, records: Sequence[Any], *, kind: str = "strength") -> list[str]:  # fmt: skip
    """Library slugs a plain exercise or activity name means: entries whose name, slug or an
    alias contains every plain word (a word may be a prefix of the other, "run"/"running").
    For strength, only those with the fewest other words (the entry the plain name means:
    "bench press" is the barbell bench press, not the incline one); for cardio, every one
    (the writer names a kind: a tempo run is a "run"), among the cardio entries only.
    Several left means ambiguous; none, that no entry has every word.

    "Weighted" that no entry's name holds is the load column's business, as the library reads
    it (``coach.exercise_names``): a weighted pull-up is the Pull-Up with its added load, so an
    athlete's pull-ups, bodyweight and loaded, are one exercise's history and records."""
    found = _candidates(_words(plain), records, kind)
    if not found and kind == "strength" and "weighted" in _words(plain) and len(_words(plain)) > 1:
        return _candidates([w for w in _words(plain) if w != "weighted"], records, kind)
    return found


def _candidates(want: Sequence[str], records: Sequence[Any], kind: str) -> list[str]:
    best: dict[str, int] = {}
    for record in records:
        if (record.category == "cardio") != (kind == "cardio"):
            continue
        for name in (record.name, record.slug, *record.aliases):
            words = _words(name)
            if all(_has_word(w, words) for w in want):
                extra = len(words) - len(want)
                best[record.slug] = min(extra, best.get(record.slug, extra))
    if kind != "strength" or not best:
        return sorted(best)
    fewest = min(best.values())
    return sorted(slug for slug, extra in best.items() if extra == fewest)
