"""Red flags: an open one blocks every plan; the escalation message says stop, and who to see."""

from __future__ import annotations

from collections.abc import Sequence

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.safety.verdicts import Verdict, Violation


def escalation_message(kinds: Sequence[str], limits: SafetyLimits | None = None) -> str:
    """The calm, non-diagnostic message for open red flags: stop, and who to see.

    Crisis kinds (self-harm) come first and point to crisis help, then emergency kinds (chest
    pain, fainting ...) that name emergency services, then the rest; kinds the rule file does
    not know get a general line pointing to a doctor. When every flag is a crisis kind the
    frame speaks of the person's safety, not of a doctor clearing them to train (NICE NG225).
    Riebe et al. 2015.
    """
    rules = limits or safety_limits()
    unique = list(dict.fromkeys(kinds))
    if not unique:
        raise ValueError("escalation_message needs at least one red-flag kind")
    known = [k for k in rules.red_flags if k in unique]
    rank = {"crisis": 0, "emergency": 1, "doctor": 2}
    ordered = sorted(known, key=lambda k: rank[rules.red_flags[k].urgency])
    crisis_only = all(
        k in rules.red_flags and rules.red_flags[k].urgency == "crisis" for k in unique
    )
    frame = rules.escalation
    lines = [frame.crisis_opening if crisis_only else frame.opening]
    lines += [rules.red_flags[k].message for k in ordered]
    if any(k not in rules.red_flags for k in unique):
        lines.append(frame.unknown)
    lines.append(frame.crisis_closing if crisis_only else frame.closing)
    return "\n".join(lines)


def flag_label(kind: str, limits: SafetyLimits | None = None) -> str:
    """The readable name of a red-flag kind."""
    rule = (limits or safety_limits()).red_flags.get(kind)
    return rule.label if rule else kind.replace("_", " ").capitalize()


def blocked(kinds: Sequence[str], rules: SafetyLimits) -> Verdict:
    unique = list(dict.fromkeys(kinds))
    violations = [
        Violation(
            rule="red_flag",
            action="blocked",
            reason=make_reason("red_flag", flag=flag_label(kind, rules)),
        )
        for kind in unique
    ]
    return Verdict(
        status="blocked",
        plan=None,
        violations=violations,
        escalation=escalation_message(unique, rules),
    )
