"""Carries and sled work logged by distance: "farmer's carry 4 x 40 m with 32 kg", "yoke 4 runs
of 20 m at 300 kg", "sled push 6 lengths with 100 kg", "sandbag carry 50m x 3". Each run is one
set of one rep at the load, and the distance of a run is kept with it (``distance_m``); the
count of runs is never read as reps, nor the runs as a cardio session.

Only where the message names a library entry logged by distance: a strength entry whose
movement pattern is a carry or locomotion (sled push and drag, crawls) - the library's own
attributes, so a new carry needs no word here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.coach.library import ExerciseRecord
from fitcoach.core.units import parse_distance_m

DISTANCE_PATTERNS = frozenset({"carry", "locomotion"})

_LEN = r"(?:m|meters?|metres?|yd|yards?)"
_NUM = r"\d{1,4}(?:\.\d+)?"
# The word that counts the runs: "4 x 40 m", "4 runs of 20m", "3 trips of 30 yd", "4 sets 40m"
_COUNTED = r"(?:x|\*|sets?|runs?|trips?|lengths?|laps?|goes|times|walks?|carries|drags?|pushes)"
_RUNS = re.compile(rf"\b(\d{{1,2}})\s*{_COUNTED}\s*(?:of\s*|x\s*)?({_NUM})\s*({_LEN})\b")
# "40m x 4", "50 m x3"
_DIST_X = re.compile(
    rf"\b({_NUM})\s*({_LEN})\s*(?:x|\*)\s*(\d{{1,2}})\b(?!\s*(?:kgs?|kilos?|lbs?|pounds?)\b)"
)
# "6 lengths with 100kg", "5 runs": runs of a distance not said
_COUNT_ONLY = re.compile(r"\b(\d{1,2})\s*(?:runs?|trips?|lengths?|laps?|goes|pushes|drags?)\b")
# The count of runs as said ("5 trips", "6 lengths"): a log's figure beside a carry, which the
# accounting would otherwise take for a count of something else ("3 times a week")
RUN_COUNT = re.compile(r"\b(\d{1,2})\s*(?:runs?|trips?|lengths?|laps?|goes|times|pushes|drags?)\b")
# "farmers walk 40m with 32kg": one run
_ONE = re.compile(rf"\b({_NUM})\s*({_LEN})\b")


def distance_slugs(records: Iterable[ExerciseRecord]) -> frozenset[str]:
    """The slugs of the entries among ``records`` logged by distance."""
    return frozenset(
        r.slug
        for r in records
        if r.category != "cardio" and r.movement_pattern in DISTANCE_PATTERNS
    )


def distance_entries(ctx: Ctx) -> frozenset[str]:
    """The slugs of the library's entries logged by distance."""
    return distance_slugs(ctx.exercises.records)


def names_distance_entry(ctx: Ctx, text: str) -> bool:
    """Whether ``text`` names, by a whole name or alias of up to four words, an entry logged
    by distance."""
    said = re.findall(r"[a-z][a-z'-]*", text)
    wanted = distance_entries(ctx)
    for size in (4, 3, 2, 1):
        for i in range(len(said) - size + 1):
            found = ctx.exercises.match(" ".join(said[i : i + size]))
            if found is not None and found.score >= 100 and found.slug in wanted:
                return True
    return False


def distance_runs(ctx: Ctx, text: str) -> tuple[str, list[float | None]]:
    """``text`` with runs of a distance said as sets of one rep, and each run's distance in
    metres (``None`` where only the count of runs is said), in the order said; ``text`` as it
    was where it names no entry logged by distance."""
    if not names_distance_entry(ctx, text):
        return text, []
    found: list[tuple[int, float | None]] = []

    def runs(m: re.Match[str]) -> str:
        found.append((m.start(), parse_distance_m(f"{m.group(2)} {m.group(3)}")))
        return f" {m.group(1)} sets of 1 reps "

    def runs_after(m: re.Match[str]) -> str:
        found.append((m.start(), parse_distance_m(f"{m.group(1)} {m.group(2)}")))
        return f" {m.group(3)} sets of 1 reps "

    def count_only(m: re.Match[str]) -> str:
        found.append((m.start(), None))
        return f" {m.group(1)} sets of 1 reps "

    def one(m: re.Match[str]) -> str:
        found.append((m.start(), parse_distance_m(f"{m.group(1)} {m.group(2)}")))
        return " 1 sets of 1 reps "

    text = _RUNS.sub(runs, text)
    text = _DIST_X.sub(runs_after, text)
    if not found:
        text = _COUNT_ONLY.sub(count_only, text)
    if not found and not re.search(r"\d\s*(?:x|\*|sets?\b|reps?\b)", text):
        text = _ONE.sub(one, text, count=1)
    return text, [d for _, d in sorted(found, key=lambda f: f[0])]


def add_distances(ctx: Ctx, groups: list[dict[str, object]], distances: list[float | None]) -> None:
    """Each group of an entry logged by distance takes the next run's distance, in order."""
    wanted = distance_entries(ctx)
    left = list(distances)
    for group in groups:
        if not left or group.get("exercise") not in wanted:
            continue
        distance = left.pop(0)
        if distance is not None and group.get("reps") == 1:
            group["distance_m"] = round(distance, 1)
