"""Sports and activities athletes log ("played ice hockey 75 min", "boxing class 45 min"): the
library names them, the matcher resolves them, and the chat's reader stores them as cardio
instead of asking which activity it was. Names the library leaves out on purpose because they
mean different sports in different countries ("hockey", "footy") stay unresolved."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.services.exercises import library_records, name_key

TODAY = date(2026, 11, 28)

# What athletes typed in the teacher corpus's logging messages, and the entry each is.
SPORTS = [
    ("ice hockey", "ice-hockey"),
    ("boxing", "boxing-class"),
    ("pilates", "pilates-class"),
    ("surfing", "surfing"),
    ("skiing", "downhill-skiing"),
    ("snowshoeing", "snowshoeing"),
    ("bouldering", "rock-climbing"),
    ("kayaking", "kayaking"),
    ("paddleboarding", "stand-up-paddleboarding"),
    ("dance class", "dance-class"),
    ("bjj", "brazilian-jiu-jitsu"),
    ("muay thai", "kickboxing"),
    ("karate", "karate"),
    ("golf", "golf"),
    ("mowing the lawn", "mowing-the-lawn"),
    ("gardening", "yard-work"),
    ("cross country skiing", "cross-country-skiing"),
    ("ice skating", "ice-skating"),
    ("tag rugby", "tag-rugby"),
    ("cricket", "cricket"),
    ("lacrosse", "lacrosse"),
    ("handball", "team-handball"),
    ("horse riding", "horse-riding"),
    ("futsal", "soccer"),
    ("five a side", "soccer"),
]


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(("typed", "slug"), SPORTS)
def test_sports_resolve_to_their_cardio_entry(
    typed: str, slug: str, matcher: ExerciseMatcher
) -> None:
    found = matcher.match(typed)
    assert found is not None
    assert found.slug == slug
    assert matcher.category(slug) == "cardio"


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("played ice hockey 75 min", "ice-hockey", 75),
        ("did a boxing class 45 min", "boxing-class", 45),
        ("pilates class 50 minutes", "pilates-class", 50),
        ("went surfing 2 hours", "surfing", 120),
        ("4 hrs skiing", "downhill-skiing", 240),
        ("bouldering 1h", "rock-climbing", 60),
        ("played futsal for an hour", "soccer", 60),
        ("played a game of lacrosse for 60 min", "lacrosse", 60),
        ("bjj 90 min", "brazilian-jiu-jitsu", 90),
        ("mowed the lawn 40 min", "mowing-the-lawn", 40),
    ],
)
def test_a_logged_sport_is_stored_as_cardio(text: str, slug: str, minutes: int) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    (entry,) = reading.entries
    assert entry.intent == "log_cardio"
    assert entry.slots["exercise"] == slug
    assert entry.slots["duration_s"] == minutes * 60
    assert entry.slots["date"] == TODAY


def test_played_before_a_sport_already_in_the_library_is_read() -> None:
    reading = read_log("played basketball for an hour", today=TODAY)
    assert reading.ok, reading
    assert [e.slots["exercise"] for e in reading.entries] == ["basketball"]


@pytest.mark.parametrize("typed", ["hockey", "footy", "football", "skating"])
def test_names_of_different_sports_by_country_are_not_guessed(
    typed: str, matcher: ExerciseMatcher
) -> None:
    assert matcher.match(typed) is None


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("box jumps", "box-jump"),
        ("bench press", "barbell-bench-press"),
        ("stair climbing", "stair-climbing"),
        ("ski erg", "skierg"),
    ],
)
def test_lifts_and_machines_near_a_sport_name_keep_their_entry(
    typed: str, slug: str, matcher: ExerciseMatcher
) -> None:
    found = matcher.match(typed)
    assert found is not None
    assert found.slug == slug


def test_every_name_and_alias_resolves_to_its_own_entry(matcher: ExerciseMatcher) -> None:
    """No alias takes another entry's name: a sport's alias never captures a lift."""
    owners: dict[str, set[str]] = {}
    for record in library_records():
        for said in (record.name, *record.aliases):
            owners.setdefault(name_key(said), set()).add(record.slug)
    shared = {key: slugs for key, slugs in owners.items() if len(slugs) > 1}
    sports = {slug for _, slug in SPORTS}
    assert not [key for key, slugs in shared.items() if slugs & sports], shared
    wrong = [
        (record.slug, said, found.slug if found else None)
        for record in library_records()
        for said in (record.name, *record.aliases)
        if name_key(said) not in shared
        and ((found := matcher.match(said)) is None or found.slug != record.slug)
    ]
    assert not wrong
