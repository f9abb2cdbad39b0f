"""The exercise matcher's memo of resolved names: same answers, bounded, and never in front of
an athlete's own choices (``with_remembered``)."""

from __future__ import annotations

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher
from fitcoach.assistant.nlu import matcher as matcher_module
from fitcoach.coach.exercise_names import name_key
from fitcoach.services.exercises import library_records


@pytest.fixture(scope="module")
def fresh() -> ExerciseMatcher:
    return ExerciseMatcher(library_records())


def test_a_name_resolves_the_same_from_the_memo_as_cold(fresh: ExerciseMatcher) -> None:
    names = ["barbell bench press", "benchpres", "rows", "cable lateral raise", "zzz qqq"]
    cold = []
    for name in names:
        fresh.forget_names()
        cold.append(fresh.resolve(name))
    warm = [fresh.resolve(name) for name in names]  # the second time, from the memo
    assert warm == cold
    assert cold[0].slug is not None
    assert cold[2].ambiguous
    assert cold[4].slug is None


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch, fresh: ExerciseMatcher) -> None:
    monkeypatch.setattr(matcher_module, "MEMO_SIZE", 5)
    fresh.forget_names()
    for n in range(40):
        fresh.resolve(f"made up move {n}")
    assert 0 < len(fresh._memo) <= 5
    assert fresh.resolve("barbell back squat").slug is not None


def test_an_athletes_choice_wins_over_what_the_library_memo_holds(fresh: ExerciseMatcher) -> None:
    fresh.forget_names()
    library_answer = fresh.resolve("rows")
    assert library_answer.ambiguous  # the library alone asks which row
    chosen = library_answer.candidates[1]
    theirs = fresh.with_remembered({name_key("rows"): chosen})
    assert theirs.resolve("rows").slug == chosen
    assert fresh.resolve("rows") == library_answer  # the shared memo is the library's alone
