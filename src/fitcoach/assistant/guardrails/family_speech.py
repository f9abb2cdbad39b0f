"""Red flags and look-alikes said the way parents, pregnant and postpartum women, people in the
menopause and grandparents say them (redbb21, issue 57).

The twenty-first final blind set's writer BB wrote of the school run and the night feeds, the
scan and the bump, IVF, hot flushes and grandchildren. The rules alone missed some of its
self-harm and signs said in those words, and raised some of its family stories. Each check here
is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_family_speech.yaml``:

- spellings of speech (``family_gloss``, read by every check): a blackout said as a noun ("full
  blackout", never the blinds or a power cut) is blacking out; no air getting in is air hunger;
- self-harm (``family_self_harm``, ``family_weak_kinds``): a plan for a bare "it" or the moment
  named ("i think that's when") beside a time the children or the partner are away; one's own
  skin scratched or clawed till it bled with no itch or bramble to explain it, or hidden under
  long sleeves; a death joke taken back with meaning it ("sometimes i do mean it"); no plan
  wanted past a near day (finality's "last" kind, two kinds needed as everywhere, never beside
  a birth due or another ordinary reason);
- the body (``family_flags``): one's breathing called bad with a sign of rest or speech
  ("can't finish a sentence", "sitting up doesn't help"); an early pregnancy with shoulder-tip
  pain or severe pain low on one side (the signs of an ectopic pregnancy);
- look-alikes (``family_figures``, a benign-sense rewrite): someone in the family fainting told
  with a laugh, a baby "passed out" asleep on one, the legs named as what was shaved and legs
  unseen behind a bump, skin scratched till it bled with an itch or brambles named, a mild
  wheeze a reliever settled; each never beside the signs that keep it raised.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import (
    _clauses,
    _found,
    _said,
    _sentences,
    replace_in_sentences,
)
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_family_speech")  # coach/rules/red_flag_family_speech.yaml
_SH = patterns("red_flag_self_harm")
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
_LA = patterns("red_flag_lookalikes")
_PREGNANT = patterns("red_flag_concepts_context")["pregnant"]
_BREATH_SPEECH = patterns("red_flag_concepts_older")["breath_speech"]
_EXERTION = patterns("red_flag_concepts_body")["exertion"]


def family_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    out = text
    if not _V["fm_blackout_keep_out"]().search(out):
        out = _V["fm_blackout"]().sub("blacked out", out)
    return _V["fm_air_in"]().sub("can't get air", out)


def _harmed_own_skin(sentence: str) -> tuple[bool, bool]:
    """Whether ``sentence`` tells one's own skin scratched, clawed or cut on a self-harm site,
    and whether it bled: (the act, the act till it bled)."""
    for m in _V["fm_harm_act"]().finditer(sentence):
        if not _V["fm_first_person"]().search(sentence[: m.start()]):
            continue
        return True, _V["fm_harm_bled"]().search(sentence, m.end()) is not None
    return False, False


def family_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _V["fm_alone_window"]().search(text) and (
        _said(_V["fm_plan_it"], sentences) or _V["fm_that_is_when"]().search(text)
    ):
        return True
    acts = [_harmed_own_skin(s) for s in sentences]
    if any(act for act, _ in acts) and _V["fm_hidden"]().search(text):
        return True
    if any(bled for _, bled in acts) and not _V["fm_itch_cause"]().search(text):
        return True
    return bool(_SH["sh_joke_death"]().search(text) and _V["fm_mean_it"]().search(text))


def family_weak_kinds(clauses: list[str], text: str) -> set[str]:
    """Finality's weak kinds said in the module's words, for ``concepts_self_harm``: no plan
    wanted past a near day is the last of something ("last"); never beside an ordinary reason
    for it (a birth due, a holiday, a move)."""
    if _SH["sh_away"]().search(text) or _V["fm_family_away"]().search(text):
        return set()
    return {"last"} if _said(_V["fm_no_plan_past"], clauses) else set()


def _breathing_bad(text: str, plain: str) -> bool:
    """One's breathing called bad, with a sign of rest or of speech cut short; beside an effort
    (hill reps, a class) only where rest is named too."""
    if not any(_found(_V["fm_breathing_bad"](), c) for c in _clauses(plain)):
        return False
    if not (_V["fm_breath_worry"]().search(text) or _BREATH_SPEECH().search(text)):
        return False
    return not _EXERTION().search(text) or bool(_V["fm_breath_rest_said"]().search(text))


def _ectopic_signs(text: str, clauses: list[str]) -> bool:
    """Pregnancy with shoulder-tip pain, or an early pregnancy with severe pain low on one
    side: the signs of an ectopic pregnancy (RCOG Green-top 21, NICE NG126)."""
    early = _V["fm_early_pregnant"]().search(text) is not None
    if not (early or any(_found(_PREGNANT(), c) for c in clauses)):
        return False
    if any(_found(_V["fm_shoulder_tip"](), c) for c in clauses):
        return True
    return (
        early
        and any(_found(_V["fm_one_sided_low"](), c) for c in clauses)
        and _V["fm_pain_severe"]().search(text) is not None
    )


def family_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    flags: list[str] = []
    if _breathing_bad(text, plain):
        flags.append("severe_breathlessness")
    if _ectopic_signs(text, _clauses(text)):
        flags.append("pregnancy_warning_signs")
    return flags


@rewrite
def family_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    # Someone else's faint told with a laugh is a family story; never with a sign to act on.
    if _V["fm_story_laugh"]().search(out) and not _V["fm_other_keep"]().search(out):
        out = _V["fm_other_fainted"]().sub("someone else was unwell", out)
    if not _V["fm_baby_keep"]().search(out):
        out = replace_in_sentences(
            out, _V["fm_baby_sleep_context"](), _V["fm_baby_asleep"](), "fell asleep"
        )
    out = _shaving(out)
    # Skin scratched till it bled with an itch or brambles named (eczema, hot flushes' itch,
    # blackberrying) is the itch's; never hidden or beside another ``sh_keep`` sign.
    if _V["fm_itch_cause"]().search(out) and not _SH_KEEP().search(out):
        out = _V["fm_scratch"]().sub("itched", out)
    # A mild wheeze a reliever settled (cold air, the walk): asthma managed as usual.
    if _LA["reliever_relief"]().search(out) and not _LA["reliever_worrying"]().search(out):
        out = _V["fm_mild_wheeze"]().sub("fine after the inhaler", out)
    return out


def _shaving(text: str) -> str:
    """``text`` with a shaving cut's legs read as the shaving's place and legs unseen behind a
    bump as the bump; never beside a ``sh_keep`` sign (read without those words)."""
    if not _V["fm_shaving_cut"]().search(text):
        return text
    out = _V["fm_shave_site"]().sub("shaving", text)
    out = _V["fm_bump_view"]().sub("reached past the bump", out)
    return text if _SH_KEEP().search(out) else out
