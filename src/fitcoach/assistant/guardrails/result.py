"""What the guardrails find in one message: the ``Screen`` result, its injury mention and
the red-flag kinds ``screen`` can report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RedFlag = Literal[
    "chest_pain",
    "fainting",
    "severe_breathlessness",
    "low_resting_spo2",
    "rhythm_alert",
    "palpitations_dizziness",
    "acute_injury",
    "dvt_signs",
    "cauda_equina_signs",
    "extreme_diet",
    "self_harm",
    "palpitations_at_rest",
    "coughing_vomiting_blood",
    "head_injury_signs",
    "pregnancy_warning_signs",
    "heat_illness",
    "glycaemic_emergency",
    "asthma_unrelieved",
    "stroke_signs",
    "rhabdomyolysis",
    "anaphylaxis",
    "acute_abdomen",
    "medication_overuse",
    "gut_bleed",
    "autonomic_dysreflexia",
    "neutropenic_fever",
    "medicine_toxicity",
]
# A daily intake at or under this is a very-low-calorie diet that needs clinical supervision
# (NICE CG189, 800 kcal a day or less): coach/rules/safety.yaml, extreme_diet.
VLCD_KCAL = 800.0
SPO2_BELOW = 90.0  # coach/rules/safety.yaml: a resting SpO2 below 90 % is a red flag (WHO 2011)


@dataclass(frozen=True)
class InjuryMention:
    """A body region that hurts or is injured. ``region`` is in the library's region vocabulary
    (None when the part named has no region there); ``part`` is the word the athlete used."""

    kind: Literal["pain", "injury"]
    region: str | None
    part: str


@dataclass(frozen=True)
class Screen:
    """What the guardrails found in one message."""

    red_flags: list[str] = field(default_factory=list)
    spo2: float | None = None
    injury: InjuryMention | None = None
    injection: bool = False
    injection_reasons: list[str] = field(default_factory=list)
    medical_request: Literal["diagnosis", "medication"] | None = None
    # A red flag of another kind that the student reads as possibly self-harm too (below the
    # bar that names it): the reply adds the crisis line, but no self-harm flag is stored on a
    # guess (``student.second_net``).
    crisis_offered: bool = False

    @property
    def blocked(self) -> bool:
        """Whether training advice must stop (a red flag)."""
        return bool(self.red_flags)

    @property
    def clear(self) -> bool:
        """Whether nothing was found: the message may be answered normally."""
        return not (self.red_flags or self.injury or self.injection or self.medical_request)
