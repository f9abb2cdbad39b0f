"""Red-flag phrases: the common ways to say each red flag, one pattern per
sign, each an entry of ``coach/rules/red_flag_phrases.yaml``."""

from __future__ import annotations

from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_phrases")  # coach/rules/red_flag_phrases.yaml

# --- red flags --------------------------------------------------------------------------------

_CHEST_PAIN = _V["chest_pain"]
_FAINTING = _V["fainting"]
_FAINT_SLEEP = _V["faint_sleep"]
_FAINT_EXPECTED = _V["faint_expected"]
_FAINT_DENIED = _V["faint_denied"]
_FAINT_NEARLY = _V["faint_nearly"]
_FAINT_POSTURAL = _V["faint_postural"]
_BREATHLESS = _V["breathless"]
_SPO2 = _V["spo2"]
_SPO2_LOW_WORDS = _V["spo2_low_words"]
_SPO2_ARTEFACT = _V["spo2_artefact"]
_SPO2_RECHECK = _V["spo2_recheck"]
_PALPITATIONS = _V["palpitations"]
_DIZZY = _V["dizzy"]
_SELF_HARM = _V["self_harm"]


_POP = _V["pop"]
_SWELLING = _V["swelling"]
_POP_MARK = _V["pop_mark"]  # alarms16
_CALF_SWOLLEN = _V["calf_swollen"]
_CLOT_CONTEXT = _V["clot_context"]
_CALF_INFLAMED = _V["calf_inflamed"]  # alarms16
_CLOT_TRAVEL = _V["clot_travel"]  # alarms16
_BLADDER_BOWEL = _V["bladder_bowel"]
_NUMB_OR_BACK = _V["numb_or_back"]
_SADDLE = _V["saddle"]
_LOW_INTAKE = _V["low_intake"]
_LOW_INTAKE_DAY = _V["low_intake_day"]  # alarms57h
_KICKED_FEEL = _V["kicked_feel"]  # alarms57h
_NOT_INTAKE = _V["not_intake"]
_STARVING = _V["starving"]
