"""Load what the coach engine caches per process (the exercise library, the food table, the
rule files) before a server takes requests.

The caches fill on first use; when the first requests come as a burst, every worker thread
would parse the same YAML at once (``lru_cache`` does not make the others wait), and all of
them would be slow together.
"""

from __future__ import annotations

from fitcoach.coach.library import library_records
from fitcoach.coach.nutrition import food_table
from fitcoach.coach.rules.planning import planning_rules
from fitcoach.coach.rules.progression import rules as progression_rules
from fitcoach.coach.rules.safety import safety_limits
from fitcoach.coach.rules.volume import volume_landmarks
from fitcoach.coach.safety import default_library


def warm_up() -> int:
    """Fill the per-process caches; returns the number of exercises loaded."""
    records = library_records()
    for record in records:
        record.exclusions  # noqa: B018 - derived on first use; a server derives them now
    default_library()
    food_table()
    progression_rules()
    volume_landmarks()
    safety_limits()
    planning_rules()
    return len(records)
