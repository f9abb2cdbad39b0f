"""Cardio exercises counted in reps: burpees and jumping jacks are filed as cardio (their
effort is the heart's), yet people log them as sets of reps ("21-15-9 burpees", "jumping
jacks 50, 40, 30", "30 burpees"), as a strength exercise is logged."""

from __future__ import annotations

from fitcoach.assistant.nlu.matcher import ExerciseMatcher


def counted_in_reps(exercises: ExerciseMatcher, slug: str) -> bool:
    """Whether ``slug`` is a cardio exercise done with the body alone, jumping (burpees,
    jumping jacks), whose sets are counted in reps; never one moving from place to place (a
    run, a row, a swim: its sets are a distance or a time) nor a skipping rope's."""
    record = next((r for r in exercises.records if r.slug == slug), None)
    return (
        record is not None
        and record.category == "cardio"
        and record.movement_pattern == "jump"
        and not record.equipment
    )
