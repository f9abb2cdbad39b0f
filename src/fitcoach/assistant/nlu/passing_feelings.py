"""Feelings said in passing beside a log, which are no score the athlete gave.

"badminton 2 hrs tonight, so tired" and "leg day done, exhausted. squat 4x6 @110kg" tell how
the session left them: a word of tiredness beside a session, a night or a meal is a remark on
it, never an energy reading of the day (people who give one name it: "energy 2", "tired,
energy low"): it is dropped here rather than stored as a guessed score, while readings alone
("hrv 40, exhausted", "so tired today") keep theirs. "legs feel good" after a jog is how the
legs feel, never a mood: ``metrics.log_daily`` reads no mood in it (``part_feels``)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Understanding

# The entries that are a session, a night or a meal: what a felt word is a remark on
_LOGGED = frozenset({"log_sets", "log_cardio", "log_sleep", "log_meal"})

# A body part that "feels" ("legs feel good", "my knee feel ok"): its own state, not a mood
_PART_FEELS = re.compile(
    r"\b(?:legs?|knees?|back|shoulders?|arms?|hips?|ankles?|calf|calves|quads?|hamstrings?|"
    r"hammies|glutes?|elbows?|wrists?|neck|feet|foot|lungs|joints?|core|abs|traps|lats|pecs|"
    r"chest|muscles)\s+$"
)


def part_feels(text: str, start: int) -> bool:
    """Whether the "feel" at ``start`` is a body part's ("legs feel good"): no mood."""
    return bool(_PART_FEELS.search(text[max(0, start - 20) : start]))


def passing_feelings(entries: list[Understanding], text: str) -> list[Understanding]:
    """``entries`` without the energy only felt ("so tired") beside a session, a night or a
    meal; a daily entry left with no value goes. The ``felt_energy`` marker that
    ``metrics.log_daily`` sets is spent here, whatever the entries."""
    beside_log = any(e.intent in _LOGGED for e in entries)
    out = []
    for entry in entries:
        if entry.intent != "log_daily":
            out.append(entry)
            continue
        if entry.slots.pop("felt_energy", False) and beside_log:
            values = {k: v for k, v in entry.slots["values"].items() if k != "energy"}
            if not values:
                continue
            entry.slots["values"] = values
        out.append(entry)
    return out
