"""The student's own alarm on a complete ordinary log (stualarm, issue 57).

The fine-tuned student raises red flags on some plain logs told as a story ("spin at 6am with
Dev, 45 min, rpe 8. I now know all the words to Fernando against my will"): a log escalated is
a log not stored and an athlete told to see a doctor for nothing. ``ordinary_log_gated`` keeps
such an alarm unraised only where all of these hold:

- the student reads no self-harm: no kind names it and P(self_harm) is under the artefact's
  crisis threshold (``Reading.crisis_threshold``): any reading there stays an alarm;
- it names no kind that words outside the body tell (``extreme_diet``: eating, not a sign);
- the rules raised nothing (the student's alarm is its own) and read the message as a complete
  log: no plan change in their intent (``nlu.understand``), every entry stored, every number
  accounted for (``nlu.read_log``'s ``ok``);
- no body sign word is anywhere in it (``guardrails.names_body_sign``: broad on purpose, a
  benign "chest day" or "avg hr 138" keeps the alarm too).

A red flag the rules miss tells of the body in words; a complete log with none is the athlete's
session, night, meal or reading, and its numbers the rules read whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fitcoach.core.clock import SystemClock
from fitcoach.core.clock import today as clock_today

if TYPE_CHECKING:
    from fitcoach.assistant.tuned_student import Reading

# Kinds a message may tell without a word of the body: never gated here.
NEVER_GATED = frozenset({"self_harm", "extreme_diet"})


def ordinary_log_gated(reading: Reading, kinds: Sequence[str], text: str) -> bool:
    """Whether the student's red flag ``kinds`` for ``text`` stay unraised: a complete ordinary
    log in the rules' reading with no body sign word at all (see the module)."""
    if NEVER_GATED.intersection(kinds) or reading.crisis >= reading.crisis_threshold:
        return False
    from fitcoach.assistant.guardrails import names_body_sign, screen

    if names_body_sign(text) or screen(text).red_flags:
        return False
    from fitcoach.assistant.nlu import read_log, understand
    from fitcoach.assistant.rule_families import family_of_rule

    today = clock_today(SystemClock())  # (which day decides no completeness: any will do)
    # A story the rules read as a plan change ("he played nothing but ABBA" as no equipment) is
    # no ordinary log, whatever ``read_log`` makes of its numbers.
    if family_of_rule(understand(text, today=today).intent) == "plan":
        return False
    return read_log(text, today=today).ok
