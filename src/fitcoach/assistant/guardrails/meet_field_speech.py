"""Red flags said the way advanced lifters (meets, totals) and outdoor, team-sport and everyday
writers say them (red95, issue 57).

blind-final-30's writers CQ (advanced lifters) and CR (outdoor, team sport, everyday), checked
against the same classes in the tuned sets and corpora. Each check is a class of how people say
it, with its vocabulary in ``coach/rules/red_flag_meet_field_speech.yaml``:

- self-harm (``meet_field_self_harm``): an intent to end it beside a decision said as made or
  one thing wanted done first; an attempt ("tried to") in front of a way to die by a vehicle,
  traffic or a height; a wish to die answered yes in a short echo after it ("I'd rather die.
  actually yeah I would", "I should just die. don't care if I do anymore") — NICE NG225: a joke
  taken back is taken seriously; and blind-final-29's misses by class: things given away with
  one not needed after a near date, marks on one's wrists said to be no accident's or done
  again, one's medicine left off "to see what happens" beside being sick of it all, everything
  in the medicine cabinet swallowed, a thought that keeps going to a wall or a bridge beside a
  joke wished real;
- the body (``meet_field_flags``): a meal called the whole day's food beside a day's intake of
  800 or under, the unit left out, or one's eating brought down to 800 kcal or under; laxatives
  or water pills taken to get under a weight class or a cutoff, with no doctor's reason; out cold with a short time or someone else telling it, never
  sleep, a pet or a knockout dealt; breathing bad or speech cut short by it, still so well past
  the effort and not said to have passed; and blind-final-29's: a limb's shape wrong after a
  fall or with swelling, not able to pee beside back pain, a Fahrenheit heat with a brain sign
  and being sick, a pop with a dent after it.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _cancelled, _said, _sentences
from fitcoach.assistant.guardrails.text import found_in as _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_meet_field_speech")  # coach/rules/red_flag_meet_field_speech.yaml
# A way to die by traffic, water, a vehicle or a height (red_flag_self_harm.yaml).
_METHOD_PLACE = patterns("red_flag_self_harm")["sh_method_place"]
_SH_AWAY = patterns("red_flag_self_harm")["sh_away"]  # an ordinary reason to be away
_SH_GIVING = patterns("red_flag_concepts_context")["sh_giving"]  # things given away


def _attempt(sentences: list[str]) -> bool:
    """A way to die with an attempt said just before it ("tried to drive into a wall")."""
    return any(
        _has(_V["mf_method_tried"], s[: m.start()]) and not _cancelled(s, m.start())
        for s in sentences
        for m in _METHOD_PLACE().finditer(s)
    )


def meet_field_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _said(_V["mf_end_it"], sentences) and _has(_V["mf_decided"], text):
        return True
    if _attempt(sentences):
        return True
    # The echo comes after the wish: "actually yeah I would" before any wish is something else.
    for m in _V["mf_death_wish"]().finditer(text):
        if not _cancelled(text, m.start()) and _has(_V["mf_elliptic_yes"], text[m.end() :]):
            return True
    return _set29_self_harm(text, sentences)


def _set29_self_harm(text: str, sentences: list[str]) -> bool:
    """blind-final-29's classes: things given away and one not needed after a near date, with
    no ordinary reason to be away; marks on one's wrists or arms said to be no accident's or
    done again; one's medicine left off "to see what happens" beside being sick of it all;
    everything in the medicine cabinet swallowed; a thought that keeps going to a wall or a
    bridge beside a joke wished real."""
    if (
        _has(_SH_GIVING, text)
        and _said(_V["mf_wont_need_after"], sentences)
        and not _has(_SH_AWAY, text)
    ):
        return True
    if any(_has(_V["mf_marks"], s) for s in sentences) and _said(_V["mf_marks_own"], sentences):
        return True
    if _said(_V["mf_med_withheld"], sentences) and _has(_V["mf_fed_up"], text):
        return True
    if _said(_V["mf_cabinet"], sentences):
        return True
    return _said(_V["mf_place_thought"], sentences) and _has(_V["mf_wish_real"], text)


def _purge_to_make_weight(text: str) -> bool:
    """Laxatives or water pills in a sentence with a weight class or a cutoff to get under, and
    no doctor's reason for them in the message."""
    if _has(_V["mf_purge_medical"], text):
        return False
    return any(_has(_V["mf_purge"], s) and _has(_V["mf_weight_class"], s) for s in _sentences(text))


def _out_cold(text: str) -> bool:
    """Out cold for a short time or as others tell it, in a sentence with no sleep, pet or
    knockout dealt to someone else."""
    return any(
        _said(_V["mf_out_cold"], [s]) and not _has(_V["mf_asleep"], s) for s in _sentences(text)
    )


def _breath_lasting(text: str) -> bool:
    """Breathing bad or speech cut short, still so well past the effort, not said to pass."""
    return (
        _said(_V["mf_breath_bad"], _sentences(text))
        and _has(_V["mf_breath_lasting"], text)
        and not _has(_V["mf_breath_passed"], text)
    )


def _set29_flags(text: str) -> list[tuple[str, bool]]:
    """blind-final-29's body classes: a limb's shape wrong after a fall or with swelling; not
    able to pee beside back pain, with no ordinary reason; a Fahrenheit heat with a brain sign
    and being sick or dizzy; a pop with a dent after it, even corrected in between."""
    sentences = _sentences(text)
    return [
        (
            "acute_injury",
            _said(_V["mf_shape_wrong"], sentences) and _has(_V["mf_injury_event"], text),
        ),
        (
            "cauda_equina_signs",
            _has(_V["mf_cant_pee"], text)
            and _said(_V["mf_back_pain"], sentences)
            and not _has(_V["mf_pee_benign"], text),
        ),
        (
            "heat_illness",
            _has(_V["mf_hot_f"], text)
            and _said(_V["mf_heat_brain"], sentences)
            and _said(_V["mf_heat_gut"], sentences),
        ),
        ("acute_injury", _has(_V["mf_pop_dent"], text)),
    ]


def meet_field_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes (``text`` lower-cased, as said)."""
    checks = (
        (
            "extreme_diet",
            _has(_V["mf_whole_day"], text) and _has(_V["mf_day_number"], text),
        ),
        ("extreme_diet", _purge_to_make_weight(text)),
        # The subject is joined to "down to", so a negation cannot sit between them; one before
        # them belongs to another clause ("weight won't shift so I'm down to 500 kcal").
        ("extreme_diet", _has(_V["mf_down_to"], text)),
        ("fainting", _out_cold(text)),
        *_set29_flags(text),
        ("severe_breathlessness", _breath_lasting(text)),
    )
    return list(dict.fromkeys(kind for kind, found in checks if found))
