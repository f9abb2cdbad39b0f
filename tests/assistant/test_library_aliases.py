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
    for typed in ("kroc row", "incline db fly", "tall jerk"):
        assert matcher.match(typed) is None, typed
    # ... or is its own entry once the library has one (library16, lib93, oly94), never the parent
    for typed, own in (
        ("deficit deadlift", "deficit-deadlift"),
        ("log press", "log-press"),
        ("power snatch", "power-snatch"),
        ("block snatch", "block-snatch"),
    ):
        found = matcher.match(typed)
        assert found is not None
        assert found.slug == own


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("paused squats", "pause-squat"),
        ("pause back squat", "pause-squat"),
        ("pendlay rows", "pendlay-row"),
        ("dead stop row", "pendlay-row"),
        ("snatch grip pull", "snatch-pull"),
        ("snatch pulls", "snatch-pull"),
        ("ssb squats", "safety-bar-squat"),
        ("safety squat bar squat", "safety-bar-squat"),
        ("zerchers", "zercher-squat"),
        ("comp pause bench", "paused-bench-press"),
        ("hang power snatches", "hang-power-snatch"),
        ("wrestling practice", "wrestling"),
        ("comp squat", "barbell-back-squat"),
        ("sumo", "sumo-deadlift"),
        ("romanian dls", "romanian-deadlift"),
        ("c&j", "clean-and-jerk"),
        ("pec dec", "pec-deck"),
        ("laterals", "dumbbell-lateral-raise"),
    ],
)
def test_a_variant_in_the_library_is_its_own_entry(
    matcher: ExerciseMatcher, typed: str, slug: str
) -> None:
    # misc57i: the variant is its own lift, never its parent (back squat, barbell row, snatch).
    found = matcher.match(typed)
    assert found is not None, typed
    assert found.slug == slug, typed


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("paused squats 4x3 at 120kg, 3 sec at the bottom", "pause-squat"),
        ("pendlays 5 sets of 5 with 80 kg", "pendlay-row"),
        ("snatch pulls 3x3 @ 90kg", "snatch-pull"),
    ],
)
def test_a_logged_variant_is_stored_as_itself(text: str, slug: str) -> None:
    from datetime import date

    from fitcoach.assistant.nlu import read_log

    reading = read_log(text, today=date(2026, 11, 28))
    groups = [g for e in reading.entries for g in e.slots.get("groups") or []]
    assert [g.get("exercise") for g in groups] == [slug]
