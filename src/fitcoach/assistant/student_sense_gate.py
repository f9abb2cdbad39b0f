"""The student's self-harm reading of a plain request or a denied near-faint (alarms96, issue 57).

The student gives the crisis reply to a few plain messages with no word of self-harm in them:
an undo ("can you remove the last thing I logged? think I put it in twice", "please take away
the last entry, the pool was closed") at P(self_harm) 0.45-0.53, or a faint said to have been
close and denied ("I could've passed out after that AMRAP lol. didn't obviously") at 0.64.
Every other gate leaves self-harm alone (``student_runtime.benign_sense_gated``,
``student_log_gate``). ``plain_sense_gated`` holds such a reading back only where all of these
hold:

- the student names self-harm and nothing else (``model_red_flag`` aside), under
  ``CRISIS_CEILING``;
- the rules raise nothing in the message (``guardrails.screen``);
- no word that could be part of self-harm is anywhere in it (``guardrails.
  names_self_harm_word``: broad on purpose, "me", "myself", "all", "anymore", "can't", a
  death, a means, being gone, a low mood, an account or one's data);
- and either the rules and the student both read an undo of one or a few entries
  (``nlu.read_undo``'s ``undo``, never "all" or "everything"; the student's intent
  ``undo_last_entry``), or the rules quietened only a faint and the message says it as one that
  could have come and did not (``guardrails.near_faint_denied``). No other benign sense holds
  self-harm back (a figure of speech, a known condition: ``benign_sense_gated``).

A self-harm message the rules miss says something of the self, an end, a means or a mood; a
plain undo or a denied near-faint with none of those words is the athlete's request or story.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fitcoach.assistant.tuned_student import Reading

# P(self_harm) at which the student's reading stands whatever the rules read (the gated
# readings were 0.45-0.64; a self-harm message the student alone catches reads 0.9 or more
# on the tuned sets, docs/safety.md "alarms96").
CRISIS_CEILING = 0.8
_UNDO_INTENT = "undo_last_entry"


def plain_sense_gated(reading: Reading, kinds: Sequence[str], text: str) -> bool:
    """Whether the student's self-harm reading of ``text`` stays unraised (see the module)."""
    if "self_harm" not in kinds or any(k not in ("self_harm", "model_red_flag") for k in kinds):
        return False
    if reading.crisis >= CRISIS_CEILING:
        return False
    from fitcoach.assistant.guardrails import (
        names_self_harm_word,
        near_faint_denied,
        quietened,
        screen,
    )

    if names_self_harm_word(text) or screen(text).red_flags:
        return False
    from fitcoach.assistant.nlu import read_undo

    undo = read_undo(text)
    if reading.intent == _UNDO_INTENT and undo is not None and undo.get("op") == "undo":
        return not undo.get("all", False)
    # Only a near faint denied: any other benign sense never holds self-harm back (alarms57d).
    return quietened(text) == ["fainting"] and near_faint_denied(text)
