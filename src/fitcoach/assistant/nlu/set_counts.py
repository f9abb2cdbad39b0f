"""Sets whose count was not said (issue 57, the nineteenth set's writer AW): "did deadlifts, 5
reps at 80 kg" tells the reps and the load of a lift done in the plural, and not how many sets.

The reading takes a group of reps with no count of sets as one set, which a single lift's log
means ("squat 5 reps at 140", "bench 8 reps at 60kg pr": one set); a plural lift done ("did
squats", "finished my rows") with its reps at a load and no count is sets of it, so the count is
asked rather than one set stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "did deadlifts, 5 reps at 80 kg", "finished my lunges 10 reps with 12kg"
_PLURAL_DONE = re.compile(
    r"^(?:i\s+|just\s+)*(?:did|done|finished|hit|got)\s+(?:some\s+|my\s+|the\s+)?"
    r"(?P<name>[a-z][a-z -]*?[a-z]s),?\s+(?P<reps>\d{1,2})\s*reps?\s*(?:at|@|with)\s*\d"
)
# a count of sets said some other way, or one set said as one ("top set", "a pr", "once")
_ONE_OR_COUNTED = re.compile(
    r"\d\s*x\s*\d|\bx\s*\d|\bsets?\b|\brounds?\b|\bsingle\b|\bonce\b|\btop\b|\bpr\b|\bpb\b|\bmax\b|"
    r"\brm\b|\bamrap\b|\bfirst\b|\blast\b|\beach\b|\bevery\b|\btimes\b"
)


def sets_unsaid(text: str, counts: Sequence[object]) -> str | None:
    """The question for the count of sets normalised ``text`` leaves unsaid, where the
    reading stored one set of a plural lift done (``counts``: each group's sets; None: told,
    or one set meant)."""
    m = _PLURAL_DONE.match(text)
    if m is None or list(counts) != [1] or _ONE_OR_COUNTED.search(text):
        return None
    return f"how many sets of {m.group('reps')} did you do?"
