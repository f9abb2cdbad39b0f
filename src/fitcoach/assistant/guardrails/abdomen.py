"""An acute abdomen from concepts (``coach/rules/red_flag_concepts_abdomen.yaml``): NICE CKS
appendicitis (2020) and scrotal pain (2021); NHS "Stomach ache" (A&E for sudden severe belly
pain, a hard or rigid belly, black or tarry poo).

A belly ache alone is nearly always benign (a stitch, period cramps, sore abs, a stomach bug,
gas, a big meal). The kind is raised for

- a testicle with sudden or severe pain, swelling or sickness (torsion);
- a hernia stuck out, that will not go back, or hard (strangulation);
- belly pain with black, tarry or bloody stools (not after iron, bismuth or beetroot);
- belly pain with a rigid, board-like belly (peritonitis), not a belly worked hard by
  abdominal exercise (crunches, an ab session) told without any emergency sign;
- belly pain that is severe with one emergency sign, on the lower right with one, or with two
  of them (cannot stand straight, fever, vomiting, worse by the hour or with sweating or
  faintness), unless it passed or is usual, or is a stated benign kind (period cramps, sore
  abs, a stitch, a stomach bug, gas) without the lower right and fever together.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _has, _near
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_abdomen")  # coach/rules/red_flag_concepts_abdomen.yaml

_PAIN = _V["abd_pain"]
_SEVERE = _V["abd_severe"]
_SIGNS = (_V["abd_posture"], _V["abd_fever"], _V["abd_vomit"], _V["abd_worse"])
_FEVER = _V["abd_fever"]
_RIGHT = _V["abd_right"]
_RIGID = _V["abd_rigid"]
_HERNIA = _V["abd_hernia"]
_TESTICLE = _V["abd_testicle"]
_TESTICLE_SIGN = _V["abd_testicle_sign"]
_BLEED = _V["abd_bleed"]
_BLEED_CAUSE = _V["abd_bleed_cause"]
_SETTLED = _V["abd_settled"]
_EXPLAINED = _V["abd_explained"]
_EXPLAINED_DENIED = _V["abd_explained_denied"]
_AB_WORK = _V["abd_ab_work"]
_AB_WORK_DENIED = _V["abd_ab_work_denied"]


def acute_abdomen(text: str, clauses: list[str], sentences: list[str]) -> bool:
    """Whether ``text`` (lower-cased; ``clauses`` and ``sentences`` its units without exercise
    words) tells of an acute abdomen by the criteria in the module docstring."""
    settled = _SETTLED().search(text) is not None
    if not settled and (_near(_TESTICLE, _TESTICLE_SIGN, sentences) or _has(_HERNIA, clauses)):
        return True
    if not _has(_PAIN, clauses):
        return False
    if _has(_BLEED, clauses) and _BLEED_CAUSE().search(text) is None:
        return True
    if settled:
        return False
    signs = sum(_has(sign, clauses) for sign in _SIGNS)
    # A belly "rock hard" after crunches or an ab session, with no emergency sign, is the
    # muscle worked (misc17); with a fever, vomiting or no exercise it stays a rigid belly.
    ab_work = _AB_WORK().search(text) is not None and _AB_WORK_DENIED().search(text) is None
    if _has(_RIGID, clauses) and not (ab_work and signs == 0):
        return True
    right = _has(_RIGHT, clauses)
    # A benign kind stated as fact ("period cramps", "sore abs") is the pain's explanation;
    # one doubted ("maybe just a pulled ab?") or denied ("no period due") is not.
    explained = _EXPLAINED().search(text) is not None and _EXPLAINED_DENIED().search(text) is None
    if explained:
        return right and _has(_FEVER, clauses) and signs >= 2
    severe = _near(_PAIN, _SEVERE, sentences)
    return signs >= 2 or (signs >= 1 and (severe or right))
