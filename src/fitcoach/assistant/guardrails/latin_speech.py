"""Red flags and look-alikes said the way people of Latin America, Brazil and Iberia say them in
English with Spanish or Portuguese mixed in (redbc22, issue 57).

The twenty-second final blind set's writer BC wrote of beaches and futsal, jiu-jitsu weigh-ins,
trips to the Andes and family. The rules alone missed some of its self-harm and signs said in
those words, and raised some of its stories and readings. Each check here is a class of how
people say it, with its vocabulary in ``coach/rules/red_flag_latin_speech.yaml``:

- self-harm (``latin_self_harm``, ``latin_weak_kinds``): not planning to be here much longer (a
  strong sign, never beside an ordinary reason to be away); seeing no way out (hopelessness),
  insurance or papers put in order so the family is covered (affairs), "not like it matters"
  (pointlessness) and ending it by a day (a decision): two kinds together are a sign;
- the body (``latin_flags``): breathing fast and shallow, or no breath to finish a sentence, an
  hour or more on; passing urine not felt or not controlled with the back hurting; food and
  drink both stopped for a day or more to make weight; a reliever taken and still no better;
- look-alikes (``latin_figures``, a benign-sense rewrite): mild breathlessness on an effort at
  altitude with rest said fine and nothing of altitude sickness beside it; someone at two
  removes who collapsed or died in the past.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_latin_speech")  # coach/rules/red_flag_latin_speech.yaml
_AWAY = patterns("red_flag_self_harm")["sh_away"]
_NUMB_OR_BACK = patterns("red_flag_phrases")["numb_or_back"]
_ASTHMA = patterns("red_flag_concepts_context")["asthma"]
_RECOVERED = patterns("red_flag_concepts_body")["recovered"]
_ALTITUDE = patterns("red_flag_lookalikes")["spo2_altitude"]
_ER = patterns("red_flag_eurasia_speech")
_OTHER_REMOTE = _ER["er_other_remote"]
_OTHER_PAST = _ER["er_other_past"]


def latin_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in the module's strong class: not planning
    to be here much longer, with no ordinary reason to be away (a move, a trip)."""
    return _said(_V["lt_not_here_long"], _sentences(text)) and not _AWAY().search(text)


def latin_weak_kinds(clauses: list[str], text: str) -> set[str]:
    """Finality's kinds said in the module's words, for ``concepts_self_harm``: two kinds are a
    sign, one alone is ordinary; never beside an ordinary reason to be away."""
    if _AWAY().search(text):
        return set()
    kinds: set[str] = set()
    if _said(_V["lt_no_way_out"], clauses) or _said(_V["lt_not_matter"], clauses):
        kinds.add("pointless")
    if _said(_V["lt_family_covered"], [text]):
        kinds.add("affairs")
    if _said(_V["lt_end_dated"], clauses):
        kinds.add("peace")
    return kinds


def _breath_lasting(text: str) -> bool:
    """Fast, shallow breathing or no breath to finish a sentence, in a sentence that says an
    hour or more has gone by, and nothing said to have settled."""
    return not _RECOVERED().search(text) and any(
        _said(_V["lt_breath_fast"], [s]) and _V["lt_long_since"]().search(s)
        for s in _sentences(text)
    )


def latin_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    sentences = _sentences(text)
    flags: list[str] = []
    if _breath_lasting(text):
        flags.append("severe_breathlessness")
    back = _V["lt_back_pain"]().search(text) or _NUMB_OR_BACK().search(text)
    if back and _said(_V["lt_bladder_unfelt"], sentences):
        flags.append("cauda_equina_signs")
    if any(_said(_V["lt_dry_cut"], [s]) and _V["lt_days_ahead"]().search(s) for s in sentences):
        flags.append("extreme_diet")
    if _ASTHMA().search(text) and _said(_V["lt_reliever_no_better"], sentences):
        flags.append("asthma_unrelieved")
    return flags


@rewrite
def latin_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    # Mild breath on an effort high up, fine at rest: how altitude feels the first days; never
    # beside a sign of altitude sickness (a cough, the chest, confusion, worse at night).
    if (
        _ALTITUDE().search(out)
        and _V["lt_rest_fine"]().search(out)
        and not _V["lt_altitude_keep"]().search(out)
    ):
        out = _V["lt_mild_breath"]().sub("tired", out)
    # Someone at two removes, told of the past: a story, not someone beside one now.
    for sentence in _sentences(out):
        remote = _OTHER_REMOTE().search(sentence) or _V["lt_other_remote"]().search(sentence)
        if remote and _OTHER_PAST().search(sentence):
            out = out.replace(sentence, _V["lt_other_unwell"]().sub("was unwell", sentence))
    return out
