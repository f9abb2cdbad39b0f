"""Names lifters type for library exercises, in gym shorthand and in other languages (issue 57:
"leg ext", "incline db", "sentadilla búlgara" were asked "which exercise?"), each resolving to
its entry, and longer names that contain one still resolving as before."""

from __future__ import annotations

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("leg ext", "leg-extension"),
        ("incline db", "incline-dumbbell-press"),
        ("close grip", "close-grip-bench-press"),
        ("trap bar", "trap-bar-deadlift"),
        ("latzug", "lat-pulldown"),
        ("sentadillas", "barbell-back-squat"),
        ("sentadilla búlgara", "bulgarian-split-squat"),
        ("sentadilla frontal", "barbell-front-squat"),
        ("peso muerto rumano", "romanian-deadlift"),
        ("kreuzheben", "barbell-deadlift"),
        ("dominadas", "pull-up"),
        ("press de banca", "barbell-bench-press"),
        ("remo con barra", "barbell-row"),
        ("elevaciones laterales", "dumbbell-lateral-raise"),
        ("swings", "kettlebell-swing"),
    ],
)
def test_shorthand_and_other_languages_resolve(
    matcher: ExerciseMatcher, typed: str, slug: str
) -> None:
    found = matcher.match(typed)
    assert found is not None
    assert (found.slug, found.score) == (slug, 100.0)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("trap bar deadlift", "trap-bar-deadlift"),
        ("incline db press", "incline-dumbbell-press"),
        ("close grip pushup", "diamond-push-up"),
        ("deadlift", "barbell-deadlift"),
    ],
)
def test_longer_names_resolve_as_before(matcher: ExerciseMatcher, typed: str, slug: str) -> None:
    found = matcher.match(typed)
    assert found is not None
    assert found.slug == slug


def test_a_variant_is_not_its_parent(matcher: ExerciseMatcher) -> None:
    # A different lift stays unknown rather than stored as its parent.
    for typed in ("pendlay row", "zercher squat", "deficit deadlift", "incline db fly"):
        assert matcher.match(typed) is None, typed
