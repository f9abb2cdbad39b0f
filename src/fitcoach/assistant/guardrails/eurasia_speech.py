"""Red flags and look-alikes said the way people of the Middle East, North Africa, Turkey, Iran,
the Caucasus, Eastern Europe, Russia, Ukraine and Central Asia say them (redba21, issue 57).

The twenty-first final blind set's writer BA wrote of family and feasts, boxing and wrestling,
desert hikes and winters on ice. The rules alone missed some of its self-harm and signs said in
those words, and raised some of its jokes and stories about others. Each check here is a class
of how people say it, with its vocabulary in ``coach/rules/red_flag_eurasia_speech.yaml``:

- spellings of speech (``eurasia_gloss``, read by every check): a desert named by its place
  (Wadi Rum, the Sahara) is the desert; water run out on a hike is the heat; a punch taken in
  fight words ("took a big right hand") is a blow to the head; a calf "getting bigger" is
  swollen;
- self-harm (``eurasia_self_harm``, ``eurasia_weak_kinds``): one less mouth to feed without me;
  pills counted with no reason or tired of everything; a death joke made real ("I actually
  wrote a note"); not seeing oneself around by a time (finality's "last" kind); letters to
  family with affairs in order beside (the "farewell" kind);
- the body (``eurasia_flags``): a weight sitting on "it" with the left arm or jaw heavy; gasping
  after a trivial effort, or no breath to finish a sentence; a limb shaped like a fork; vomit
  told by its colour (never beside a red food); one small thing and a drink a day for days; a
  resting heart rate blamed on the watch with nothing to show the watch wrong (``fault_shown``);
- look-alikes (``eurasia_figures``, a benign-sense rewrite): a hot mouthful laughed at ("can't
  breathe lol, wasabi"), someone else's injury or past attempt, ending it all named at once as
  the bulk, a wish to die at the scale after a feast, a mock funeral in the gym, a person who is
  the worst headache of one's life; each never beside the signs that keep it raised.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import benign, rewrite
from fitcoach.assistant.guardrails.text import _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_eurasia_speech")  # coach/rules/red_flag_eurasia_speech.yaml
_SH = patterns("red_flag_self_harm")
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
_WISH_EVERY_TIME = patterns("red_flag_diaspora_speech")["dy_wish_every_time"]
_OUT_IN_IT = patterns("red_flag_outdoor_speech")["od_out_in_it"]
_DAYS_SPAN = patterns("red_flag_journey_speech")["js_days_span"]
_EXERTION = patterns("red_flag_concepts_body")["exertion"]
_RESTING = patterns("red_flag_family_speech")["fm_breath_rest_said"]
_NUMBER = re.compile(r"(?<![\d.])(\d{2,3})(?![\d.])")
# A reading a body at rest cannot give: the device is wrong whatever anyone says.
_IMPOSSIBLE_AT_REST = 220


def eurasia_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words
    ("took a big right hand" is "took a punch to the head"). Not a benign sense."""
    out = _V["er_desert"]().sub("the desert", text)
    if _OUT_IN_IT().search(out):
        out = _V["er_no_water"]().sub(lambda m: m.group(0) + " in the heat", out)
    out = _V["er_combat_blow"]().sub("took a punch to the head", out)
    return _V["er_getting_bigger"]().sub(r"\1 is swollen", out)


def eurasia_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's strong classes."""
    sentences = _sentences(text)
    if _said(_V["er_one_less"], sentences):
        return True
    if _said(_V["er_pills_counted"], sentences) and _V["er_means_reason"]().search(text):
        return True
    # A death joke made real by an act or by weeks of it, as a take-back is (NICE NG225).
    joke = _SH["sh_joke_death"]().search(text)
    return joke is not None and _V["er_made_real"]().search(text) is not None


def eurasia_weak_kinds(clauses: list[str], text: str) -> set[str]:
    """Finality's kinds said in the module's words, for ``concepts_self_harm``: two kinds are a
    sign, one alone is ordinary; never beside an ordinary reason to be away."""
    if _SH["sh_away"]().search(text):
        return set()
    kinds: set[str] = set()
    if _said(_V["er_not_see_around"], clauses):
        kinds.add("last")
    # Letters to family are a farewell when affairs are put in order apart from them: the
    # letters alone are one kind (``sh_affairs`` reads them), not two.
    letters = _V["er_letters_family"]()
    if letters.search(text) and _SH["sh_affairs"]().search(letters.sub(" ", text)):
        kinds.add("farewell")
    return kinds


def _pressure_with_arm(text: str) -> bool:
    return bool(_V["er_weight_sitting"]().search(text) and _said(_V["er_arm_sign"], [text]))


def _breath_at_nothing(text: str, sentences: list[str]) -> bool:
    """No breath to finish a sentence, or gasping after a trivial effort in its sentence."""
    for sentence in sentences:
        gasp = _V["er_gasping"]().search(sentence)
        if gasp is None or not _said(_V["er_gasping"], [sentence]):
            continue
        if "sentence" in gasp.group(0) or "phrase" in gasp.group(0):
            # Speech cut short after hard reps or a hill is the effort's, not a sign, unless the
            # sentence says rest or a trivial effort (the family words' rule, redbb21).
            if not _EXERTION().search(text) or _RESTING().search(text):
                return True
            continue
        if _V["er_trivial_walk"]().search(sentence):
            return True
    return False


def eurasia_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    sentences = _sentences(plain)
    flags: list[str] = []
    if _pressure_with_arm(plain):
        flags.append("chest_pain")
    if _breath_at_nothing(text, sentences):
        flags.append("severe_breathlessness")
    if _said(_V["er_limb_shape"], sentences):
        flags.append("acute_injury")
    if _said(_V["er_vomit_colour"], _sentences(text)) and not _V["er_red_food"]().search(text):
        flags.append("coughing_vomiting_blood")
    if _said(_V["er_one_and_drink"], _sentences(text)) and _DAYS_SPAN().search(text):
        flags.append("extreme_diet")
    return flags


@benign
def fault_shown(text: str) -> bool:
    """Whether a reading blamed on the device is shown wrong: another device's number or a
    recheck, feeling normal, or a number no body gives at rest. "Watch must be broken lol"
    alone is a doubt, not a proof: the reading still counts (redba21)."""
    if _V["er_fault_evidence"]().search(text):
        return True
    return any(int(n) >= _IMPOSSIBLE_AT_REST for n in _NUMBER.findall(text))


def _self_harm_figure(pattern: re.Pattern[str], text: str, benign_words: str) -> str:
    """``text`` with ``pattern`` read as ``benign_words`` where nothing else keeps a self-harm
    word raised (``sh_keep``, read without the look-alike's own words)."""
    if pattern.search(text) and not _SH_KEEP().search(pattern.sub(" ", text)):
        return pattern.sub(benign_words, text)
    return text


@rewrite
def eurasia_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    laugh = _V["er_laugh"]().search(out) is not None
    if laugh and _V["er_spicy"]().search(out) and not _V["er_allergy_keep"]().search(out):
        out = _V["er_breath_words"]().sub("my mouth is on fire", out)
    out = _V["er_other_injured"]().sub("someone else got hurt ", out)
    # Someone at two removes, years ago: a client's or a son's attempt stays a crisis to answer.
    if (
        _V["er_other_remote"]().search(out)
        and _V["er_other_past"]().search(out)
        and not _V["er_other_keep"]().search(out)
    ):
        out = _self_harm_figure(_V["er_other_attempt"](), out, "had a hard time")
    out = _self_harm_figure(_V["er_end_named"](), out, "ending")
    if laugh and _V["er_scale_step"]().search(out) and _V["er_scale_feast"]().search(out):
        out = _self_harm_figure(_WISH_EVERY_TIME(), out, "dread it")
    if laugh and _V["er_gym_burial"]().search(out):
        out = _self_harm_figure(_V["er_death_quip"](), out, "so sore")
    if _V["er_headache_person"]().search(out) and not _V["er_head_keep"]().search(out):
        out = out.replace("worst headache of my life", "biggest nuisance of my life")
    return out
