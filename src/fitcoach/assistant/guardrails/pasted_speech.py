"""Red flags said the way text pasted from other apps and watches, niche strength and skill
sports, nutrition, sleep and shift work, and beginners, older people and physiotherapy rehab say
them (red57n, issue 57).

corpus-57n's writers CE (lifting-app, watch and ring summaries pasted in, the sign in the
comment around them), CF (powerlifting, Olympic lifting, CrossFit, calisthenics, climbing,
combat, swimming, rowing), CG (shift workers' sleep, fasting, macros, readings) and CH
(beginners, people over 60, physiotherapy rehab sheets, parents training at home). Each check is
a class of how people say it, with its vocabulary in
``coach/rules/red_flag_pasted_speech.yaml``:

- self-harm (``pasted_self_harm``): affairs wound up or belongings handed on, or things not
  mattering much longer, beside the calm of a decision or others better off; not being here
  soon, no reason after it, with planning called off; the drill called suicides joked and the
  other kind thought of; looking over an edge every day after a joke taken back; one's own arms, wrists or thighs cut or burnt again, or the
  wounds dressed, with no accident's cause named; something planned for if things get worse
  beside a low mood or a joke half taken back;
- the body (``pasted_flags``): a ball, a bar, a box or a falling thing into the head with a
  sign after it (drowsy, foggy, repeating, being sick, a worsening headache); a heart rate of
  120 or more given as a range at rest, no effort, sauna or fright beside it; out of breath
  getting into bed or brushing teeth, or woken gasping with no nightmare or spit to explain it;
  the heart flipping over with light-headedness; a day's food kept under a few hundred beside
  a tiny meal called the whole day; hot dry skin or sweat stopped with a sign beside it.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _sentences
from fitcoach.assistant.guardrails.text import found_in as _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_pasted_speech")  # coach/rules/red_flag_pasted_speech.yaml
_SH_AWAY = patterns("red_flag_self_harm")["sh_away"]  # an ordinary reason to be away


def _self_cut(text: str) -> bool:
    """One's own arms, wrists or thighs cut or burnt, again or dressed, in a sentence that names
    no accident's cause."""
    return any(
        _has(_V["ps_self_cut"], s) and _has(_V["ps_cut_again"], s)
        for s in _sentences(text)
        if not _has(_V["ps_cause_named"], s)
    )


def pasted_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    if (_has(_V["ps_arranged"], text) or _has(_V["ps_matters_longer"], text)) and _has(
        _V["ps_final_feeling"], text
    ):
        return True
    if (
        _has(_V["ps_wont_be_here"], text)
        and _has(_V["ps_no_planning"], text)
        and not _has(_SH_AWAY, text)
    ):
        return True
    if _has(_V["ps_other_kind"], text):
        return True
    if _has(_V["ps_edge_look"], text) and _has(_V["ps_take_back"], text):
        return True
    if _self_cut(text):
        return True
    return _has(_V["ps_contingent_plan"], text) and _has(_V["ps_low_or_half_joke"], text)


def _rate_range_at_rest(text: str) -> bool:
    """A heart rate of 120-249 given as a range, in a sentence with a heart or a device word and
    rest, and no effort, sauna, caffeine, fever or fright in the message."""
    if _has(_V["ps_rate_effort"], text):
        return False
    sentences = _sentences(text)
    for i, s in enumerate(sentences):
        if not (_has(_V["ps_rate_range"], s) and _has(_V["ps_rate_device"], s)):
            continue
        near = " ".join(sentences[i : i + 2])  # rest said in its sentence or the next
        if _has(_V["ps_rate_rest"], near):
            return True
    return False


def _breathless_at_nothing(text: str) -> bool:
    """Out of breath at the smallest efforts, or woken gasping with no benign cause named."""
    if _has(_V["ps_breath_tiny_effort"], text):
        return True
    return _has(_V["ps_woke_gasping"], text) and not _has(_V["ps_woke_benign"], text)


def pasted_flags(text: str) -> list[str]:
    """The red-flag kinds said in the module's classes (``text`` as said, lower-cased)."""
    flags: list[str] = []
    checks = (
        ("self_harm", pasted_self_harm(text)),
        (
            "head_injury_signs",
            _has(_V["ps_object_head"], text) and _has(_V["ps_head_sign"], text),
        ),
        ("palpitations_at_rest", _rate_range_at_rest(text)),
        ("severe_breathlessness", _breathless_at_nothing(text)),
        (
            "palpitations_dizziness",
            _has(_V["ps_heart_flip"], text) and _has(_V["ps_dizzy"], text),
        ),
        ("extreme_diet", _has(_V["ps_tiny_cap"], text) and _has(_V["ps_all_ive_had"], text)),
        ("heat_illness", _has(_V["ps_hot_dry_skin"], text) and _has(_V["ps_heat_sign"], text)),
    )
    for kind, found in checks:
        if found and kind not in flags:
            flags.append(kind)
    return flags
