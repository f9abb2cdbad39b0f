"""Medical requests: a diagnosis or medication dosing, both declined with a referral."""

from __future__ import annotations

from typing import Literal

from fitcoach.assistant.guardrails.vocabulary import _lazy

# --- medical requests -------------------------------------------------------------------------

_DRUGS = (
    r"ibuprofen|advil|motrin|nurofen|paracetamol|acetaminophen|tylenol|panadol|aspirin|naproxen|"
    r"aleve|diclofenac|voltaren|painkillers?|pain killers?|pain meds|medications?|medicines?|"
    r"meds|pills?|tablets?|insulin|metformin|steroids?|prednisone|cortisone|antibiotics?|"
    r"beta[- ]?blockers?|statins?|blood pressure (?:meds|medication|pills)|inhaler|salbutamol|"
    r"albuterol|codeine|tramadol|opioids?|oxycodone|sleeping pills|melatonin|antidepressants?|"
    r"ssris?|sertraline|adderall|testosterone|trt|sarms?|anavar|clenbuterol|hgh|epo|"
    r"muscle relaxants?|anti[- ]?inflammator(?:y|ies)|nsaids?|xanax|valium|diazepam|viagra"
)
_MEDICATION = _lazy(
    rf"\b(?:how (?:much|many|often)|what dose|which dose|dosage|dosing|\d+ ?mg|mg of|milligrams|"
    rf"should i (?:take|use|stop|start|up|increase|double|inject|cycle)|can i (?:take|use|mix|"
    rf"double|stop)|is it (?:ok|okay|safe|fine) to (?:take|mix|use|stop)|what (?:should|can) i "
    rf"take|prescribe|recommend (?:a|some|me)?\s*(?:\w+ )?(?:dose|drug|pill|medication|painkiller)|"
    rf"take (?:\d+|a|an|some|more|extra)|pop (?:a|some)|run a cycle|cycle of|safe dose|"
    rf"maximum dose|max dose|how to (?:take|use|dose|inject))\b[^.?!]*\b(?:{_DRUGS})\b|"
    rf"\b(?:{_DRUGS})\b[^.?!]*\b(?:how (?:much|many|often)|dose|dosage|dosing|\d+ ?mg|should i|"
    rf"can i|is it (?:ok|okay|safe)|before (?:training|my workout|the gym|lifting)|with "
    rf"(?:alcohol|caffeine|creatine|pre[- ]?workout))\b|\bprescribe\b|\bwhat (?:drug|medication|"
    rf"medicine|pill)s? (?:should|can|do) i\b|\bwhat should i take for\b"
)
_DIAGNOSIS = _lazy(
    r"\bdiagnos(?:e|is|ing)\b|\bdo (?:you think )?i have (?:an? |the )?(?:\w+ ){0,3}(?:tear|torn|"
    r"fracture|disease|condition|syndrome|itis|infection|arthritis|tendinitis|tendonitis|"
    r"hernia|asthma|diabetes|covid|cancer|disorder|injury|problem|issue|afib|a-fib|"
    r"arrhythmia|concussion|sprain|strain|stress fracture|heart (?:problem|condition|disease))\b|"
    r"\bwhat(?:'s| is) wrong with (?:me|my)\b|\bwhat (?:condition|disease|injury) (?:do i|is "
    r"it|could it be|have i)\b|\bis (?:it|this|that) (?:an? |my )?(?:\w+ ){0,2}(?:tear|torn|"
    r"fracture|broken|sprain|strain|tendinitis|tendonitis|bursitis|hernia|infection|heart attack|"
    r"stroke|serious|cancer|arthritis|meniscus|acl|rotator cuff|plantar fasciitis|sciatica|"
    r"concussion|herniated disc|slipped disc|afib|normal)\b|\bcould (?:it|this|that) be (?:an? )?"
    r"(?:\w+ ){0,3}(?:tear|fracture|sprain|strain|heart|stroke|tendinitis|tendonitis|serious|"
    r"infection|arthritis|hernia|disc|acl|meniscus|cancer|afib|asthma)\b|\bam i having an? "
    r"(?:heart attack|stroke|panic attack|seizure)\b|\bdo i need (?:surgery|an? (?:mri|x-?ray|"
    r"scan|operation))\b|\bwhat(?:'s| is) causing (?:my|this|the)\b|\bwhat does (?:my|this) "
    r"(?:ecg|ekg|blood test|mri|x-?ray|scan) (?:show|mean|say)\b|\binterpret my (?:ecg|ekg|"
    r"blood (?:test|work)|mri|x-?ray|scan)\b"
)


def _medical(text: str) -> Literal["diagnosis", "medication"] | None:
    if _MEDICATION().search(text):
        return "medication"
    if _DIAGNOSIS().search(text):
        return "diagnosis"
    return None
