"""Red flags and look-alikes said the way people living with a mental-health condition or
neurodivergence say them (redbd22, issue 57).

The twenty-second final blind set's writer BD wrote of bipolar lows, PTSD, self-injury and its
months clean, the voices, panic, eating disorders and ADHD, with their prescriptions named. The
rules alone missed some of its self-harm and signs said in those words, and raised some of its
jokes and good news. Each check here is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_mind_speech.yaml``:

- self-harm (``mind_self_harm``, ``mind_weak_kinds``): a plan for a bare "it" beside a low or
  stopped medicine; a weapon or means kept and thought of "on myself"; the urge to cut (no
  diet's object) with the act said, or months clean given up; how many of a prescription would
  be too many (with the medicine named or the reason hidden); days of one's medicine or a big
  count of it taken; an act done "to see if my heart would stop"; the note written, made real
  ("already drafted one"); joining someone who died; ways looked up with nothing after "how"
  beside thinking of it nightly; the voices telling one to die; and finality's weak kinds: a
  goodbye or an apology said to someone or a pet ("farewell"), someone to care for the pet from
  now on ("pet"), never with a time away or a reason named;
- the body (``mind_flags``): a heart doing flips read as palpitations (``mind_gloss``);
  breathing hard still an hour after with speech cut short; words lost after a blow to the
  head; two signs of lithium toxicity beside lithium; three of serotonin toxicity beside a
  medicine that raises serotonin (``medicine_toxicity``); a small total said for most days;
- look-alikes (``mind_figures``): a workout's death figure said emphatically ("like actually
  dead", "10/10 would die again"), wanting to disappear into a holiday, a clinician's question
  about self-harm thoughts answered no, someone else's faint long ago; each never beside the
  signs that keep it raised.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_mind_speech")  # coach/rules/red_flag_mind_speech.yaml
_SH = patterns("red_flag_self_harm")
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
_BREATH_SPEECH = patterns("red_flag_concepts_older")["breath_speech"]
_HEAD_TRAUMA = patterns("red_flag_concepts_body")["head_trauma"]
_BREATH_LASTING = patterns("red_flag_journey_speech")["js_breath_lasting"]
_OTHER_KEEP = patterns("red_flag_family_speech")["fm_other_keep"]
_UNIT = re.compile(r"\s*(?:mg|mcg|ml|g)\b")


def mind_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    return _V["mh_flip_heart"]().sub("heart racing", text)


def _medicine_after(sentence: str, at: int) -> bool:
    """Whether a medicine is named in the two words from ``at`` (not a dose's unit first)."""
    rest = sentence[at:]
    if _UNIT.match(rest):
        return False
    head = " ".join(rest.split()[:2])
    return _V["mh_medicine"]().search(head) is not None


def _medicine_taken(sentences: list[str]) -> bool:
    """Days of one's medicine or a big count of it taken at once."""
    return any(
        _medicine_after(s, m.end())
        for s in sentences
        for taken in (_V["mh_supply_taken"], _V["mh_count_taken"])
        for m in taken().finditer(s)
    )


def _lethal_question(sentences: list[str], text: str) -> bool:
    """How much of a medicine would be too much: a lethal amount asked outright, or too many
    with a prescription named or the reason hidden."""
    for s in sentences:
        m = _V["mh_lethal_question"]().search(s)
        if m is None or not _V["mh_medicine"]().search(s):
            continue
        if _V["mh_lethal_strong"]().search(m.group(0)) or _V["mh_no_reason"]().search(text):
            return True
        if _V["mh_medicine"]().search(m.group(0)):
            return True
    return False


def _voices_harm(sentences: list[str]) -> bool:
    """Voices telling one to die or to harm oneself, in the words after them."""
    return any(
        _V["mh_voices_harm"]().search(s, m.end()) is not None
        for s in sentences
        for m in _V["mh_voices"]().finditer(s)
    )


def mind_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _V["mh_plan_it"]().search(text) and _V["mh_low"]().search(text):
        return True
    if _V["mh_on_myself"]().search(text) and _V["mh_weapon"]().search(text):
        return True
    urge = _V["mh_urge_cut"]().search(text) is not None
    if urge and (_V["mh_going_to_do_it"]().search(text) or _V["mh_clean_relapse"]().search(text)):
        return True
    if _lethal_question(sentences, text) or _medicine_taken(sentences):
        return True
    if _said(_V["mh_to_die"], sentences):  # "not hoping I won't wake up" is no act
        return True
    if _V["mh_note"]().search(text) and _V["mh_note_real"]().search(text):
        return True
    if _V["mh_join_dead"]().search(text):
        return True
    if _V["mh_looked_how"]().search(text) and _V["mh_think_it"]().search(text):
        return True
    return _voices_harm(sentences)


def mind_weak_kinds(clauses: list[str], text: str) -> set[str]:
    """Finality's weak kinds said in the module's words, for ``concepts_self_harm``: a goodbye
    or an apology said to someone ("farewell"), someone else to care for one's pet or children
    from now on ("pet"); never beside an ordinary reason (a time away, a hospital stay)."""
    if _SH["sh_away"]().search(text) or _V["mh_provided_reason"]().search(text):
        return set()
    kinds: set[str] = set()
    if any(_V["mh_farewell_said"]().search(c) for c in clauses):
        kinds.add("farewell")
    if any(_V["mh_provided_for"]().search(c) for c in clauses):
        kinds.add("pet")
    return kinds


def _breath_lasting(text: str) -> bool:
    """Breathing hard still there long after stopping, with speech cut short."""
    return any(
        _V["mh_breathing_hard"]().search(s)
        and _V["mh_still"]().search(s)
        and _BREATH_LASTING().search(s)
        and _BREATH_SPEECH().search(s)
        for s in _sentences(text)
    )


def _medicine_toxicity(text: str) -> bool:
    """Lithium with two signs of its toxicity (NICE CKS lithium), or a medicine that raises
    serotonin with three signs of serotonin toxicity (the Hunter criteria's signs)."""
    if _V["mh_lithium"]().search(text):
        signs = {m.group(0) for m in _V["mh_lithium_sign"]().finditer(text)}
        if len(signs) >= 2:
            return True
    if _V["mh_serotonergic"]().search(text):
        signs = {m.group(0).split()[0][:5] for m in _V["mh_serotonin_sign"]().finditer(text)}
        return len(signs) >= 3
    return False


def mind_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    flags: list[str] = []
    if _breath_lasting(text):
        flags.append("severe_breathlessness")
    if _HEAD_TRAUMA().search(text) and _V["mh_word_finding"]().search(text):
        flags.append("head_injury_signs")
    if _medicine_toxicity(text):
        flags.append("medicine_toxicity")
    if any(_V["mh_day_low_total"]().search(s) for s in _sentences(plain)):
        flags.append("extreme_diet")
    return flags


@rewrite
def mind_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    # A workout's death figure said emphatically: the emphasis is the joke's, not a take-back;
    # never beside another sign that keeps self-harm words raised.
    if _V["mh_training_word"]().search(out) and _V["mh_dead_emphatic"]().search(out):
        rest = _V["mh_dead_emphatic"]().sub(" ", out)
        if not _SH_KEEP().search(rest):
            out = _V["mh_dead_emphatic"]().sub(" wrecked", out)
    # Wanting to disappear into a holiday is wanting a holiday.
    if _V["mh_disappear_trip"]().search(out):
        rest = _V["mh_disappear_trip"]().sub(" ", out)
        if not _SH_KEEP().search(rest):
            out = _V["mh_disappear_trip"]().sub("want a holiday", out)
    # A clinician's screening question answered no is progress told; never with it taken back.
    if _V["mh_screened_no"]().search(out) and not _V["mh_screened_keep"]().search(out):
        out = _V["mh_screened_no"]().sub("was asked how i was and said good", out)
    # Someone else's faint long ago, told as the reason for a habit; never beside one's own
    # faint or a sign to act on.
    if (
        _V["mh_other_fainted"]().search(out)
        and _V["mh_other_past"]().search(out)
        and not _V["mh_own_faint"]().search(out)
        and not _OTHER_KEEP().search(out)
    ):
        out = _V["mh_other_fainted"]().sub("someone else was unwell", out)
    return out
