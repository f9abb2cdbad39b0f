"""What the athlete is told about what ``screen`` found, and the substitutes' constraints."""

from __future__ import annotations

from dataclasses import replace

from fitcoach.assistant.guardrails.result import Screen
from fitcoach.coach.safety import escalation_message as flag_escalation
from fitcoach.services.exercises import Constraints

# --- messages ---------------------------------------------------------------------------------

INJURY_MESSAGE = (
    "Please don't train through pain{where}. Stop any exercise that provokes it, keep the area "
    "moving gently only within what is pain-free, and favour exercises that avoid it "
    "(I'll suggest substitutes that leave it out). Have it assessed by a physiotherapist or "
    "doctor before loading it again. If the pain is severe, the area is swollen or deformed, "
    "you feel numbness or weakness, or you cannot bear weight, seek urgent care."
)
MEDICATION_MESSAGE = (
    "I can't advise on medication, supplements with drug effects or doses. Please ask a "
    "doctor or pharmacist, who can take your health and other medicines into account."
)
DIAGNOSIS_MESSAGE = (
    "I can't diagnose what is going on: fitcoach is not a medical device. Please see a doctor "
    "or physiotherapist, who can examine you. Until then, avoid anything that makes it worse."
)
INJECTION_MESSAGE = (
    "I can only help with your own training and your own data, and my instructions and "
    "permissions don't change during a conversation."
)


def escalation_message(result: Screen) -> str:
    """What to tell the athlete about what ``screen`` found ("" when nothing was found).

    Red flags come first and replace all training advice: the safety rules' escalation
    message, the same one a stored flag gives (self-harm first, with crisis help: the
    emergency number and a crisis line, no invented phone number; then stop now, the local
    emergency number for chest pain and fainting, see a doctor). Then injuries, medical
    requests and injections, each a referral or a refusal.
    """
    parts: list[str] = []
    if result.red_flags:
        return flag_escalation(result.red_flags)
    if result.injury is not None:
        where = f" in your {result.injury.region.replace('_', ' ')}" if result.injury.region else ""
        parts.append(INJURY_MESSAGE.format(where=where))
    if result.medical_request == "medication":
        parts.append(MEDICATION_MESSAGE)
    elif result.medical_request == "diagnosis":
        parts.append(DIAGNOSIS_MESSAGE)
    if result.injection:
        parts.append(INJECTION_MESSAGE)
    return "\n\n".join(parts)


def injury_constraints(result: Screen, base: Constraints | None = None) -> Constraints:
    """``base`` constraints that also avoid the injured region (for substitutes), if any."""
    constraints = base or Constraints()
    if result.injury is None or result.injury.region is None:
        return constraints
    return replace(constraints, regions=constraints.regions | {result.injury.region})
