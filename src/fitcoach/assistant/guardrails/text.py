"""Text preparation shared by every check: lower-casing, clauses and sentences, exercise
words removed, and per-clause negation (``found``: a match that no negation cancels)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.spelling import standard_spelling
from fitcoach.assistant.guardrails.vocabulary import _lazy, patterns

_V = patterns("red_flag_phrases")  # coach/rules/red_flag_phrases.yaml

# --- text preparation -------------------------------------------------------------------------

# Exercise and training words that contain a body part or a symptom word but are neither.
_EXERCISE_WORDS = _lazy(
    r"\b(?:chest|shoulder|knee|hip|neck|wrist|back|elbow|ankle|leg|calf|heart)s?\s*[- ]?\s*"
    r"(?:press(?:es)?|day|fly|flyes?|flies|dips?|raises?|thrusts?|extensions?|taps?|squats?|"
    r"bridges?|circles?|cars|curls?|rolls?|stretch(?:es)?|hinges?|pass[- ]throughs?|"
    r"dislocates?|workout|session|training|supported|muscles?|pump|rate zone|rate|openers?|"
    r"mobility|swings?|rows?|ups?|lifts?)\b|"
    # Band or stick dislocates (pass-throughs), the shoulder drill, not a dislocation (alarms57f).
    r"\b(?:band|stick|dowel|pvc|broom(?:stick)?|towel)\s+dislocates\b|\b(?:doing|did|do) (?:some |my |a few "
    r"|\d+ )?dislocates\b|\bdislocates (?:with|using|on) (?:a|the|my) (?:band|stick|dowel|pvc|broom\w*|towel)\b|"
    r"\bheart rate\b|\bbreath(?:ing)? (?:work|drills?|"
    r"exercises?)\b|\bbox breathing\b|\bpush[- ]?ups?\b|\bpull[- ]?ups?\b|\bback squats?\b"
)
_NEGATION = _lazy(
    r"\b(?:no|not|never|without|none|nor|zero|denies|deny|free of|n't|dont|didnt|doesnt|"
    r"havent|hasnt|isnt|wasnt|werent|no longer)\b|n't\b"
)
_UNCERTAIN = _lazy(r"\bnot (?:sure|certain)\b|\bdon'?t know\b|\bno idea\b|\bnot clear\b")
# "No" that insists rather than denies: "no seriously my chest is tight", "no joke", "no cap".
_EMPHATIC = _lazy(
    r"\bno,? (?:seriously|srsly|really|rly|joke|lie|cap|kidding|honestly|literally|wait|"
    r"actually|fr|for real)\b"
)
# Portuguese "no", "na", "nos", "nas" (= "in the") and Spanish "del", "al" are contractions, not a
# denial: "um estalo no tornozelo e inchou" is a pop in the ankle. "No" is one before a body part
# or a place in Portuguese or Spanish words (never English: "no ankle pain" still denies), and
# everywhere in a clause that reads as Portuguese, where the denial is "não" (misc57i). Spanish
# "no" before a verb or "me" ("no me duele") stays a denial.
_CONTRACTION_BEFORE = _lazy(
    r"\b(?:no|na|nos|nas|del|al)\b(?= (?:\w+ )?(?:tornozelos?|joelhos?|peito|pesco[cç]o|ombros?|bra[cç]os?|"
    r"cotovelos?|punhos?|pulsos?|quadril|p[eé]s?|calcanhar|tend[aã]o|m[uú]sculos?|gl[uú]teos?|abd[oô]men|"
    r"est[oô]mago|nariz|olhos?|rosto|queixo|dedos?|polegar|lombar|costas|pernas?|panturrilhas?|coxas?|"
    r"virilha|coluna|cabe[cç]a|m[aã]os?|barriga|pulm[aã]o|cora[cç][aã]o|ch[aã]o|meio|fim|treino|"
    r"supino|agachamento|levantamento|sof[aá]|carro|mar|trabalho|banho|gin[aá]sio|academia|calor|sol|frio|"
    r"subida|morro|"
    r"tobillos?|rodillas?|pecho|cuello|hombros?|brazos?|codos?|mu[nñ]ecas?|cadera|pies?|tal[oó]n|"
    r"gemelos?|muslos?|espalda|cabeza|est[oó]mago|suelo|gimnasio|entreno|entrenamiento)\b)"
)
_PORTUGUESE = _lazy(
    r"\bn[aã]o\b|\b(?:voc[eê]|estou|estava|tô|tá|muito|muita|tamb[eé]m|depois|ontem|hoje|meu|minha|"
    r"senti|fiz|tive|dói|doendo|inchou|inchad[oa]|agora|ent[aã]o|pra|uma)\b|"
    r"[a-z][çã][a-z]|[a-z]ões\b"
)
_PT_NO = _lazy(r"\b(?:no|na|nos|nas)\b")


def _blank(m: re.Match[str]) -> str:
    """A match blanked to its own length: the text before a position keeps its length."""
    return " " * len(m.group(0))


# Persistence is the opposite of negation: "can't stop being sick", "won't stop bleeding".
_PERSISTENT = _lazy(r"\b(?:can'?t|cannot|won'?t|couldn'?t|wouldn'?t|doesn'?t|didn'?t) stop\b")


# Dictated messages (alarms15): punctuation said aloud ("comma", "full stop", "question mark")
# and readings said as words ("eighty seven percent", "twenty four point five") are written as
# the marks and the figures every check reads. A compound or a decimal only: one number word
# alone ("one side of my face", "approximately forty") is left as said.
_SPOKEN_MARKS = (
    (re.compile(r" ?\b(?<!a )full stop\b"), "."),
    (re.compile(r" ?\bcomma\b"), ","),
    (re.compile(r" ?\bquestion mark\b"), "?"),
    (re.compile(r" ?\bexclamation (?:mark|point)\b"), "!"),
    (re.compile(r" ?\bnew (?:line|paragraph)\b"), "\n"),
)
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SMALL_WORDS = ("zero", *_UNITS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                "sixteen", "seventeen", "eighteen", "nineteen")  # fmt: skip
_WORD_VALUE = {
    **{w: i for i, w in enumerate(_SMALL_WORDS)},
    **{w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)},
}
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS_WORDS)})[- ]({'|'.join(_UNITS)})\b")
_NUMBER_WORD = "|".join(sorted(_WORD_VALUE, key=len, reverse=True))
_SPOKEN_DECIMAL = re.compile(rf"\b(\d+|{_NUMBER_WORD}) point ({'|'.join(_SMALL_WORDS[:10])}|\d)\b")
_SPOKEN_PERCENT = re.compile(rf"\b({'|'.join(_TENS_WORDS)}) (?=percent|per cent)")


def _dictated(text: str) -> str:
    """``text`` with spoken punctuation as marks and spoken readings as figures (see above)."""
    for pattern, mark in _SPOKEN_MARKS:
        text = pattern.sub(mark, text)
    text = _COMPOUND.sub(lambda m: str(_WORD_VALUE[m.group(1)] + _WORD_VALUE[m.group(2)]), text)
    text = _SPOKEN_PERCENT.sub(lambda m: f"{_WORD_VALUE[m.group(1)]} ", text)

    def decimal(m: re.Match[str]) -> str:
        whole, part = m.group(1), m.group(2)
        whole = whole if whole.isdigit() else str(_WORD_VALUE[whole])
        part = part if part.isdigit() else str(_WORD_VALUE[part])
        return f"{whole}.{part}"

    return _SPOKEN_DECIMAL.sub(decimal, text)


def _prepare(text: str) -> str:
    out = text.lower().replace("’", "'").replace("‘", "'")
    out = re.sub(r"\s+", " ", out)
    # "sat" as Saturday in a list of days' readings is no saturation (rulealarms).
    out = _V["weekday_sat_before"]().sub(
        r"\1saturday", _V["weekday_sat_after"]().sub("saturday", out)
    )
    return standard_spelling(_dictated(out))


def _clauses(text: str) -> list[str]:
    # A decimal point is not a clause's end: "weight 149.8" is one number, not 149 and 8.
    return [
        c.strip()
        for c in re.split(
            r"(?<!\d)\.|\.(?!\d)|[;!?\n]|,|\bbut\b|\bthough\b|\balthough\b|\bhowever\b", text
        )
        if c.strip()
    ]


# A sentence as the rewrites read one: up to its end mark or a line's end.
_SENTENCE = re.compile(r"[^.;!?\n]+")


def replace_in_sentences(text: str, where: re.Pattern[str], words: re.Pattern[str], to: str) -> str:
    """``text`` with ``words`` read as ``to`` in each sentence where ``where`` is found, the
    other sentences as they were (a benign sense named in one sentence does not quiet
    another's sign)."""
    return _SENTENCE.sub(
        lambda m: words.sub(to, m.group(0)) if where.search(m.group(0)) else m.group(0), text
    )


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[.;!?\n]", text) if s.strip()]


def _found(pattern: re.Pattern[str], clause: str) -> re.Match[str] | None:
    """A non-negated match of ``pattern`` in ``clause`` (a negation before it cancels it)."""
    for m in pattern.finditer(clause):
        if not _negated(clause, m.start()):
            return m
    return None


def _negated(clause: str, start: int) -> bool:
    """Whether a negation comes within the 4 words before ``start``: "no chest pain", "I don't
    have any chest pain", but not "pretend there are no rules ... chest pain". Uncertainty
    ("not sure if"), persistence ("can't stop") and insistence ("no seriously") are not
    negation."""
    kept = _PERSISTENT().sub(" ", _UNCERTAIN().sub(" ", _EMPHATIC().sub(" ", clause[:start])))
    kept = _CONTRACTION_BEFORE().sub(_blank, kept + clause[start : start + 60])[: len(kept)]
    if _PORTUGUESE().search(clause):
        kept = _PT_NO().sub(" ", kept)
    return _NEGATION().search(" ".join(kept.split()[-4:])) is not None


def _cancelled(unit: str, start: int) -> bool:
    """A negation among the three words before ``start`` in its clause, for the self-harm
    signs: "I'm not going to hang myself", "I'd never". Narrower than ``_negated``'s four words,
    so that a condition's negation ("if this cut doesn't work I'll just ...") does not cancel
    what follows it, and a negation behind a comma, a colon or a dash belongs to another clause
    ("doesn't matter, won't be around for the race anyway")."""
    before = re.split(r"[,:]|\s[-–—]\s", unit[:start])[-1]
    return _NEGATION().search(" ".join(before.split()[-3:])) is not None


def _said(pattern: Callable[[], re.Pattern[str]], units: list[str]) -> bool:
    """A match of ``pattern`` in one of ``units`` that no negation just before cancels
    (``_cancelled``)."""
    return any(not _cancelled(u, m.start()) for u in units for m in pattern().finditer(u))


_BOTH_SIDES = _V["both_sides"]
_ONE_SIDE = _V["one_side"]


def _bilateral_only(text: str) -> bool:
    # "no redness" is not a sign: a negated one-sided word does not make it one side.
    return bool(_BOTH_SIDES().search(text)) and not any(
        _found(_ONE_SIDE(), c) for c in _clauses(text)
    )


def _has(pattern: Callable[[], re.Pattern[str]], units: list[str]) -> bool:
    return any(_found(pattern(), u) for u in units)


def _all_found(pattern: Callable[[], re.Pattern[str]], units: list[str]) -> set[str]:
    """Every distinct non-negated match of ``pattern`` (to count separate signs)."""
    return {m.group(0) for u in units for m in pattern().finditer(u) if not _negated(u, m.start())}


def _near(
    a: Callable[[], re.Pattern[str]], b: Callable[[], re.Pattern[str]], units: list[str]
) -> bool:
    """Both concepts, neither negated, in one unit (a clause or a sentence)."""
    return any(_found(a(), u) and _found(b(), u) for u in units)


Lazy = Callable[[], re.Pattern[str]]  # a vocabulary entry, compiled on first use


def found_in(pattern: Lazy, text: str) -> bool:
    """Whether the vocabulary entry ``pattern`` is found anywhere in ``text``."""
    return pattern().search(text) is not None
