"""Painkillers past their limits, a bleed in the gut without belly pain, and a pregnant belly that
goes hard (medflags16, issue 57). The vocabulary is ``coach/rules/red_flag_concepts_medication.yaml``.

``medication_overuse``: a painkiller (by name, or pills and tablets beside a pain or training
reason) taken past the label's limits, told without any wish to harm oneself: more than the box
says, a double dose, way too many; more tablets a day than the daily maximum (ibuprofen 6 of
200 mg, naproxen 3, paracetamol 8 of 500 mg: NHS); before every run or session, or so as to get
through training; every day for weeks; two anti-inflammatories together. A dose prescribed or
advised by a doctor is not overuse unless more than that is said. More than the limit asked
about ("can I take 10 a day?") counts; a habit asked about ("ok to take one before every run?")
does not. An intentional overdose stays self-harm (``overdose_kept``):
on purpose, to not wake up, all of them at once, the whole box, a secret, a hospital after, a
stockpile, a big count at one time (15 or more, a bunch last night).

``gut_bleed``: black, tarry or maroon stools, or a lot of blood passed, without the belly pain
that makes it ``acute_abdomen`` (NICE CG141; NHS "Blood in poo": A&E for black or dark red poo),
not after iron, bismuth, liquorice, blueberries, black pudding or charcoal named as the cause;
vomit like coffee grounds in other words ("like used coffee", "dark gritty bits") is
``coughing_vomiting_blood``, the kind of vomited blood.

``pregnant_belly_hard``: the bump, belly or tummy going hard or tight (a contraction in other
words) with pain or a rhythm, in pregnancy: the pregnancy warning kind, not an acute abdomen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.lookalikes_self_harm import without_routine_all
from fitcoach.assistant.guardrails.senses import benign
from fitcoach.assistant.guardrails.text import _found, _has, _near, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_medication")  # coach/rules/red_flag_concepts_medication.yaml

_PAINKILLER = _V["med_painkiller"]
_GENERIC = _V["med_generic"]
_EXCESS = _V["med_excess"]
_PER_DAY = _V["med_per_day"]
_HABIT = _V["med_habit"]
_FOR_TRAINING = _V["med_for_training"]
_LONG = _V["med_long"]
_DAILY = _V["med_daily"]
_REASON = _V["med_reason"]
_PRESCRIBED = _V["med_prescribed"]
_KEEP = _V["med_keep"]
_SINGLE_BIG = _V["med_single_big"]
_TAKEN = _V["med_taken"]
_OVERDOSE = _V["med_overdose"]
_MANY_TAKEN = _V["med_many_taken"]
_SECRET_INTENT = _V["med_secret_intent"]
_BELLY_PAIN = patterns("red_flag_concepts_abdomen")["abd_pain"]
_VOMIT = patterns("red_flag_concepts_abdomen")["abd_vomit"]
_BLACK_STOOL = _V["gut_black_stool"]
_BLOOD_PASSED = _V["gut_blood_passed"]
_COFFEE_VOMIT = _V["gut_coffee_vomit"]
_CAUSE = _V["gut_cause"]
_CAUSE_DENIED = _V["gut_cause_denied"]
_BELLY_HARD = _V["preg_belly_hard"]
_RHYTHM = _V["preg_rhythm"]

# Tablets of the usual over-the-counter strength a day, by the first letters of the name
# (NHS: ibuprofen 200 mg up to 6, naproxen 250 mg up to 3 without a prescription, diclofenac
# 50 mg up to 3, aspirin 300 mg up to 12, paracetamol and co-codamol up to 8), and milligrams
# a day (ibuprofen 1,200 mg without a prescription, paracetamol 4 g).
_DAILY_TABLETS = (
    (("ibu", "nurofen", "advil", "motrin", "brufen"), 6, 1200),
    (("naprox", "aleve", "naprosyn", "diclofenac", "voltar", "meloxicam", "celebrex"), 3, 1000),
    (("aspirin",), 12, 4000),
)
_OTHER_DAILY = (8, 4000)  # paracetamol, co-codamol, a painkiller not named
# Two anti-inflammatories together (NHS: never ibuprofen with naproxen, diclofenac or aspirin).
_NSAIDS = (
    ("ibu", "nurofen", "advil", "motrin", "brufen"),
    ("naprox", "aleve", "naprosyn"),
    ("diclofenac", "voltar"),
    ("aspirin",),
)
_TOGETHER = re.compile(r"\b(?:together|at the same time|on top of|as well as|plus|and also|with)\b")
_HYPOTHETICAL = re.compile(
    r"\b(?:can|could|should|may) i (?:take|have|use|pop)\b|\bis it (?:ok|okay|safe|fine|bad) to "
    r"(?:take|have|use)\b|\bhow (?:many|much) (?:\w+ ){0,3}?(?:can|should|could) i\b"
)
_TOLD = re.compile(
    r"(?<!can )(?<!could )(?<!should )(?<!may )\b(?:i'?ve|i have|i'?m|i am|i|been|we'?ve|she'?s|he'?s|"
    r"they'?ve) (?:been )?(?:taking|took|"
    r"popping|using|having|take|pop|use|on)\b|\btook\b|\bbeen (?:taking|popping|on)\b"
)
_OFTEN = re.compile(r"\b(?:always|usually|habitually|routinely|regularly|every time|keep taking)\b")
_NEGATION_INSIDE = re.compile(r"\b(?:not|no|isn'?t|wasn'?t|aren'?t|weren'?t|never)\b")


def _limits(sentence: str) -> tuple[int, int]:
    """The daily tablets and milligrams of the painkiller ``sentence`` names (the lowest when it
    names several); a painkiller not named has paracetamol's."""
    named = [(n, mg) for words, n, mg in _DAILY_TABLETS if any(w in sentence for w in words)]
    return min(named) if named else _OTHER_DAILY


def _over_count(sentence: str) -> bool:
    """A count a day above the daily maximum of the painkiller in ``sentence``."""
    tablets, milligrams = _limits(sentence)
    for m in _PER_DAY().finditer(sentence):
        counts = [int(g) for g in m.groups() if g is not None]
        if any(n >= 100 for n in counts):
            if max(counts) > milligrams:
                return True
        elif counts and max(counts) > tablets:
            return True
    return False


def _two_nsaids(sentence: str) -> bool:
    """Two anti-inflammatories taken together in ``sentence``."""
    families = sum(any(w in sentence for w in words) for words in _NSAIDS)
    return families >= 2 and _TOGETHER.search(sentence) is not None


def _close(
    a: Callable[[], re.Pattern[str]], b: Callable[[], re.Pattern[str]], unit: str, span: int
) -> bool:
    """A match of ``a`` and a non-negated match of ``b`` within ``span`` characters in ``unit``."""
    for m in a().finditer(unit):
        window = unit[max(0, m.start() - span) : m.end() + span]
        if _found(b(), window):
            return True
    return False


def medication_overuse(text: str) -> bool:
    """Whether ``text`` (lower-cased) tells of painkillers taken past their limits (see the
    module docstring); an intentional overdose is judged by ``overdose_kept``."""
    prescribed = _PRESCRIBED().search(text) is not None
    for sentence in _sentences(text):
        named = _PAINKILLER().search(sentence) is not None
        reason = any(p().search(sentence) for p in (_REASON, _HABIT, _FOR_TRAINING))
        if not named and not (_GENERIC().search(sentence) and reason):
            continue
        drug = _PAINKILLER if named else _GENERIC
        # More than the limit, told or asked about ("can I take 10 a day?"): the answer is the
        # same, a pharmacist's.
        if _close(drug, _EXCESS, sentence, 60) or _two_nsaids(sentence):
            return True
        if prescribed:
            continue
        if _over_count(sentence):
            return True
        # A habit asked about ("is it ok to take one before every run?") is a question.
        if _HYPOTHETICAL.search(sentence) and not _TOLD.search(sentence):
            continue
        if _found(_HABIT(), sentence):
            return True
        daily = _found(_DAILY(), sentence) or _OFTEN.search(sentence)
        if daily and (
            _found(_LONG(), sentence) or _LONG().search(text) or _FOR_TRAINING().search(sentence)
        ):
            return True
    return False


def overdose_kept(text: str) -> bool:
    """Whether ``text`` tells pills taken as an overdose, which stays self-harm: an intent, a
    secret, all at once, the whole box, a hospital, a stockpile, distress, or a big count at
    one time said with no daily habit."""
    if _KEEP().search(text):
        return True
    return _SINGLE_BIG().search(text) is not None and _DAILY().search(text) is None


def without_medicine_taken(text: str) -> str:
    """``text`` with the painkiller words renamed, to ask whether self-harm is read without
    them."""
    return _TAKEN().sub("remedy", text)


@benign
def overuse_not_self_harm(text: str, self_harm_without: Callable[[], bool]) -> bool:
    """Whether self-harm read in ``text`` was only its painkillers taken past their limits:
    no overdose sign (``overdose_kept``) and no self-harm read once the painkiller words are
    renamed (``self_harm_without``)."""
    return not overdose_kept(text) and not self_harm_without()


def medication_flags(
    text: str, flags: list[str], self_harm_without: Callable[[], bool]
) -> list[str]:
    """``flags`` (the kinds read in ``text``) with the painkiller classes: ``medication_overuse``
    in place of a self-harm read only in the count of tablets (``self_harm_without``: whether
    self-harm is read once the painkiller words are renamed), never beside an overdose's signs
    (then self-harm alone stays); self-harm for an overdose the self-harm patterns miss: a
    painkiller named by brand taken all at once, the whole packet or stockpiled, or many pills
    taken told with a secret or an intent ("swallowed my mum's pills, a lot... don't tell
    anyone")."""
    # (medicine taken routinely, "all my vitamins", "all the tablets, as prescribed": no overdose)
    sentences = _sentences(without_routine_all(text))
    overdose = _has(_OVERDOSE, sentences) or (
        _has(_MANY_TAKEN, sentences) and _SECRET_INTENT().search(text) is not None
    )
    if "self_harm" not in flags and overdose:
        return [*flags, "self_harm"]
    if not medication_overuse(text):
        return flags
    if "self_harm" not in flags:
        return [*flags, "medication_overuse"]
    if overuse_not_self_harm(text, self_harm_without):
        return [k for k in flags if k != "self_harm"] + ["medication_overuse"]
    return flags


def gut_bleed(text: str) -> list[str]:
    """The kinds a bleed in the gut raises in ``text`` (lower-cased) that ``acute_abdomen``
    did not: ``gut_bleed`` for black or tarry stools or a lot of blood passed (not a named
    harmless cause; ``acute_abdomen`` when belly pain is told with it),
    ``coughing_vomiting_blood`` for vomit like coffee grounds in other words."""
    kinds: list[str] = []
    sentences = _sentences(text)
    cause = _CAUSE().search(text) is not None and _CAUSE_DENIED().search(text) is None
    stool = any(
        not _NEGATION_INSIDE.search(m.group(0))
        for s in sentences
        for m in (
            _found(_BLACK_STOOL(), s),
            None if _VOMIT().search(s) else _found(_BLOOD_PASSED(), s),
        )
        if m is not None
    )
    if stool and not cause:
        kinds.append("acute_abdomen" if _has(_BELLY_PAIN, sentences) else "gut_bleed")
    if _has(_COFFEE_VOMIT, sentences) and not cause:
        kinds.append("coughing_vomiting_blood")
    return kinds


def pregnant_belly_hard(text: str, practice: bool) -> bool:
    """Whether ``text`` (a pregnancy) tells the belly going hard or tight with pain or a rhythm
    (a contraction in other words), not tightenings said to be painless or Braxton Hicks
    (``practice``)."""
    return not practice and _near(_BELLY_HARD, _RHYTHM, _sentences(text))


def belly_hard(text: str) -> bool:
    """Whether ``text`` names the belly going hard or tight (to route an acute abdomen in
    pregnancy to the pregnancy warning kind)."""
    return _has(_BELLY_HARD, _sentences(text))
