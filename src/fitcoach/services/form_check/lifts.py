"""The lifts the form check knows, and the exercise of a logged set matched to one of them by
its name.
"""

from __future__ import annotations

from fitcoach.analysis import pose
from fitcoach.core.errors import InvalidInput


def lifts() -> tuple[str, ...]:
    """The lifts the form check knows: those ``analysis.pose`` has rules for (a lift added there
    is accepted everywhere without a change here)."""
    return tuple(pose.RULES)


def _plain(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


def display_name(lift: str) -> str:
    """A lift as a person types it (``bench-press``)."""
    return lift.replace("_", "-")


def lift_named(name: str) -> str:
    """The lift a person names (``bench-press``, ``bench press`` or ``bench_press``); another
    name is ``InvalidInput`` listing those the form check knows."""
    lift = _plain(name)
    if lift in pose.RULES:
        return lift
    known = [display_name(known) for known in lifts()]
    raise InvalidInput(
        f"exercise: the form check does not know {name!r}; choose from {', '.join(known)} "
        "(or leave it out to recognise it from the movement)",
        details={"exercises": known},
    )


def _has(slug: str, *words: str) -> bool:
    return any(word in slug.split("-") for word in words)


def lift_of(slug: str) -> str | None:
    """The analysed lift for a library exercise (None: classify it from the movement)."""
    if _plain(slug) in pose.RULES:
        return _plain(slug)
    if "push_up" in pose.RULES and "push-up" in slug and not _has(slug, "handstand", "pike"):
        return "push_up"  # on the floor, the body level (a handstand or pike push-up is not)
    if (
        "bicep_curl" in pose.RULES
        and slug.endswith("curl")
        and not _has(slug, "leg", "wrist", "jefferson", "nordic", "preacher", "concentration")
    ):
        return "bicep_curl"  # standing, the upper arm free (on a pad or a knee it is not)
    if "lunge" in slug or "split-squat" in slug:
        return "lunge"
    if "deadlift" in slug:
        return "deadlift"
    if "bench" in slug and "press" in slug:
        return "bench_press"
    if "overhead-press" in slug or "military-press" in slug or "shoulder-press" in slug:
        return "overhead_press"
    if "squat" in slug:
        return "squat"
    return None
