"""The apps' exercise catalogues (``data/app_exercise_names.yaml``): every mapped name is its
library entry in kind, names read alike resolve alike, and names the library lacks ask."""

from __future__ import annotations

import pytest

from fitcoach.coach import app_names
from fitcoach.coach.library import library_records

RECORDS = {r.slug: r for r in library_records()}


def test_every_mapped_name_is_a_library_entry_with_its_equipment() -> None:
    entries = app_names.catalogue()
    assert {e.app for e in entries} == set(app_names.APPS)
    assert len(entries) >= 400
    for entry in entries:
        if entry.slug is None:
            continue
        assert entry.slug in RECORDS, entry
        assert app_names.agrees(entry.name, RECORDS[entry.slug]), entry


def test_names_that_read_alike_never_disagree() -> None:
    seen: dict[app_names.Key, app_names.AppName] = {}
    for entry in app_names.catalogue():
        first = seen.setdefault(app_names.key_of(entry.name), entry)
        assert first.slug == entry.slug, (first, entry)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Lat Pulldown (Machine)", "lat-pulldown"),
        ("lat pulldown (machine) ", "lat-pulldown"),  # case and a trailing space
        ("Machine Lat Pulldown", "lat-pulldown"),  # the suffix in front
        ("Bench Press (Barbell)", "barbell-bench-press"),
        ("Flat Barbell Bench Press", "barbell-bench-press"),  # FitNotes
        ("Seated Cable Row - V Grip (Cable)", "seated-cable-row"),  # Hevy
        ("Pull Up (Assisted)", "machine-assisted-pull-up"),
        # Hevy's low-to-high and high-to-low cable flies are the library's cable crossover
        # (the same movement on the same cable station).
        ("Low Cable Fly Crossovers", "cable-crossover"),
        ("High Cable Fly Crossovers", "cable-crossover"),
    ],
)
def test_shipped_names_resolve(name: str, slug: str) -> None:
    assert app_names.lookup(name) == (True, slug)


@pytest.mark.parametrize(
    "name",
    [
        "Bicep Curl (Machine)",
        "Chest Fly (Band)",
        "Rowing (Machine)",
        # The library's lying triceps extensions are on an EZ bar or dumbbells: a straight
        # barbell's is not theirs in kind (the import keeps it as the athlete's own).
        "Triceps Extension (Barbell)",
        "Skullcrusher (Barbell)",
    ],
)
def test_shipped_names_the_library_lacks_are_asked(name: str) -> None:
    assert app_names.lookup(name) == (True, None)


def test_kind_is_checked_by_equipment_and_by_what_the_sets_log() -> None:
    assert not app_names.agrees("Chest Fly (Band)", RECORDS["dumbbell-fly"])
    assert app_names.agrees("Chest Fly (Band)", RECORDS["band-chest-press"])
    rowing = RECORDS["moderate-rowing"]
    assert app_names.agrees("Rowing (Machine)", rowing, "timed")
    assert not app_names.agrees("Rowing (Machine)", rowing, "lifted")
    assert app_names.agrees("Lat Pulldown (Machine)", RECORDS["lat-pulldown"], "lifted")
    assert not app_names.agrees("Lat Pulldown (Machine)", RECORDS["band-lat-pulldown"])


def test_strongs_assisted_chin_up_is_the_machine_assisted_chin_up() -> None:
    # Strong's "(Assisted)" is the counterweighted machine: "Pull Up (Assisted)" likewise.
    assert app_names.lookup("Chin Up (Assisted)") == (True, "machine-assisted-chin-up")
    assert app_names.lookup("chin up (assisted)") == (True, "machine-assisted-chin-up")
