"""Guardrails: screen every message before the coach answers it.

``screen(text)`` finds, with deterministic rules:

- **red flags** (kinds as in ``coach/rules/safety.yaml``: ``chest_pain``, ``fainting``
  (blacking out included), ``severe_breathlessness``, ``low_resting_spo2`` with the reading
  when one is given and below 90 %, ``palpitations_dizziness``, ``acute_injury`` (a pop with
  swelling), ``dvt_signs`` (a swollen calf that is hot, red or tender, or came after a flight,
  a long drive or surgery), ``cauda_equina_signs`` (numbness or back pain with bladder or bowel
  changes, or saddle numbness), ``extreme_diet`` (an intake of 800 kcal a day or less, days
  without food, purging, laxatives, compensating for food), ``self_harm`` (indirect words
  included), ``palpitations_at_rest``, ``coughing_vomiting_blood``, ``head_injury_signs``,
  ``pregnancy_warning_signs``, ``heat_illness``, ``glycaemic_emergency`` and
  ``asthma_unrelieved``: the "concept triage" section combines symptom, site, severity and
  context concepts into these). Any red flag means no training advice at all:
  ``escalation_message`` says stop and seek help (crisis help for self-harm), and the
  assistant opens a health flag for each kind (``offline.offline_reply``).
- an **injury or pain** mention, with the body region in the library's region vocabulary
  (``coach.vocabulary.BODY_REGIONS``) where one is named: conservative guidance, substitutes
  that avoid the region (``injury_constraints``) and a referral.
- a **prompt injection**: instruction overrides, role claims ("I am the admin"), attempts to
  extract the system prompt, and requests for another user's or athlete's data (by id, by name
  or "someone else's"). Nothing changes because of them: the assistant only ever acts for the
  authenticated athlete, and the message says so.
- a **medical request** for a diagnosis or medication dosing: declined, with a referral.

Decisions (documented in docs/assistant.md):

- Negation is per clause (clauses split at punctuation and "but"/"though"): "no chest pain
  today" is not a red flag, "no chest pain but I fainted" is fainting. "Not sure if it's chest
  pain" still counts (uncertainty is not negation).
- Exercise names are not symptoms: "chest press", "chest day", "shoulder press", "knee raise"
  are removed before looking for symptoms and regions; muscle soreness after training ("my
  chest is sore from bench", "legs are sore") is not chest pain and not an injury.
- Normal exertion is not a red flag: "out of breath after sprints" is not severe
  breathlessness; "can't breathe", "struggling to breathe" or breathlessness at rest is.
- Palpitations alone or dizziness alone are not the ``palpitations_dizziness`` red flag.
- Figures of speech are not injuries or self-harm: "push-ups hurt my ego", "this workout is
  killing me", "I'm dying lol" (no body region, no self-harm phrase). Explicit self-harm
  phrases ("want to die", "kill myself", "hurt myself") always count, jokes included. Figures
  that name a symptom ("the real chest pain is...", "nearly fainted when I saw the price"), the
  tightness of a pump, a symptom a clinician explained and cleared, and a heart-rate number
  blamed on a broken sensor are removed before screening (``_without_figures``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from fitcoach.coach.safety import escalation_message as flag_escalation
from fitcoach.services.exercises import Constraints

RedFlag = Literal[
    "chest_pain",
    "fainting",
    "severe_breathlessness",
    "low_resting_spo2",
    "palpitations_dizziness",
    "acute_injury",
    "dvt_signs",
    "cauda_equina_signs",
    "extreme_diet",
    "self_harm",
    "palpitations_at_rest",
    "coughing_vomiting_blood",
    "head_injury_signs",
    "pregnancy_warning_signs",
    "heat_illness",
    "glycaemic_emergency",
    "asthma_unrelieved",
]
# A daily intake at or under this is a very-low-calorie diet that needs clinical supervision
# (NICE CG189, 800 kcal a day or less): coach/rules/safety.yaml, extreme_diet.
VLCD_KCAL = 800.0
SPO2_BELOW = 90.0  # coach/rules/safety.yaml: a resting SpO2 below 90 % is a red flag (WHO 2011)


@dataclass(frozen=True)
class InjuryMention:
    """A body region that hurts or is injured. ``region`` is in the library's region vocabulary
    (None when the part named has no region there); ``part`` is the word the athlete used."""

    kind: Literal["pain", "injury"]
    region: str | None
    part: str


@dataclass(frozen=True)
class Screen:
    """What the guardrails found in one message."""

    red_flags: list[str] = field(default_factory=list)
    spo2: float | None = None
    injury: InjuryMention | None = None
    injection: bool = False
    injection_reasons: list[str] = field(default_factory=list)
    medical_request: Literal["diagnosis", "medication"] | None = None

    @property
    def blocked(self) -> bool:
        """Whether training advice must stop (a red flag)."""
        return bool(self.red_flags)

    @property
    def clear(self) -> bool:
        """Whether nothing was found: the message may be answered normally."""
        return not (self.red_flags or self.injury or self.injection or self.medical_request)


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """``pattern``, compiled on first use: the API imports this module at start-up, and these
    patterns took a dozen milliseconds to compile before its first answer."""
    return cache(lambda: re.compile(pattern))


# --- text preparation -------------------------------------------------------------------------

# Exercise and training words that contain a body part or a symptom word but are neither.
_EXERCISE_WORDS = _lazy(
    r"\b(?:chest|shoulder|knee|hip|neck|wrist|back|elbow|ankle|leg|calf|heart)s?\s*[- ]?\s*"
    r"(?:press(?:es)?|day|fly|flyes?|flies|dips?|raises?|thrusts?|extensions?|taps?|squats?|"
    r"bridges?|circles?|cars|curls?|rolls?|stretch(?:es)?|hinges?|pass[- ]throughs?|"
    r"dislocates?|workout|session|training|supported|muscles?|pump|rate zone|rate|openers?|"
    r"mobility|swings?|rows?|ups?|lifts?)\b|\bheart rate\b|\bbreath(?:ing)? (?:work|drills?|"
    r"exercises?)\b|\bbox breathing\b|\bpush[- ]?ups?\b|\bpull[- ]?ups?\b|\bback squats?\b"
)
_NEGATION = _lazy(
    r"\b(?:no|not|never|without|none|nor|zero|denies|deny|free of|n't|dont|didnt|doesnt|"
    r"havent|hasnt|isnt|wasnt|werent|no longer)\b|n't\b"
)
_UNCERTAIN = _lazy(r"\bnot (?:sure|certain)\b|\bdon'?t know\b|\bno idea\b|\bnot clear\b")
# Persistence is the opposite of negation: "can't stop being sick", "won't stop bleeding".
_PERSISTENT = _lazy(r"\b(?:can'?t|cannot|won'?t|couldn'?t|wouldn'?t|doesn'?t|didn'?t) stop\b")


def _prepare(text: str) -> str:
    out = text.lower().replace("’", "'").replace("‘", "'")
    out = re.sub(r"\s+", " ", out)
    return out


def _clauses(text: str) -> list[str]:
    return [
        c.strip()
        for c in re.split(r"[.;!?\n]|,|\bbut\b|\bthough\b|\balthough\b|\bhowever\b", text)
        if c.strip()
    ]


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
    ("not sure if") and persistence ("can't stop") are not negation."""
    kept = _PERSISTENT().sub(" ", _UNCERTAIN().sub(" ", clause[:start]))
    return _NEGATION().search(" ".join(kept.split()[-4:])) is not None


# --- red flags --------------------------------------------------------------------------------

_CHEST_PAIN = _lazy(
    r"\bchest (?:pains?|hurts?|hurting|is hurting|tightness|pressure|is tight|feels? tight|"
    r"feels? heavy|feels? (?:like it'?s )?(?:being )?(?:crushed|squeezed)|ache|aches|aching|"
    r"discomfort|is killing me|is painful|painful|tight)\b|\bpains? in (?:my |the )?chest\b|"
    r"\b(?:pressure|tightness|squeezing|crushing|heaviness|burning)(?: feeling| sensation)? in "
    r"(?:my |the )?chest\b|"
    r"\bheart (?:attack|pain|hurts)\b|\bangina\b|\bpain (?:spreading|radiating|going) (?:down|"
    r"to|into) (?:my )?(?:left )?(?:arm|jaw)\b|\btight chest\b|\bchest pain\b"
)
_FAINTING = _lazy(
    r"\b(?:faint(?:ed|ing)?(?![- ]hearted)|fainted|passed out|pass(?:ing)? out|blacked out|black(?:ed)? out|"
    r"blacking out|black ?outs|"
    r"lost consciousness|los(?:e|ing) consciousness|collapsed|collapse|syncope|keeled over|"
    r"nearly fainted|almost fainted|almost passed out|went unconscious|was unconscious|"
    r"everything went black|felt faint|feel faint)\b"
)
_BREATHLESS = _lazy(
    r"\b(?:can'?t|cannot|could ?n'?t|couldnt|unable to|struggl(?:e|ing|ed) to|hard to|hardly|"
    r"barely) (?:breathe|catch my breath|get (?:enough )?air|get my breath)\b|"
    r"\b(?:severe(?:ly)?|extreme(?:ly)?|really bad|terrible|serious) (?:short(?:ness)? of breath|"
    r"breathless(?:ness)?|out of breath)\b|\b(?:short(?:ness)? of breath|breathless(?:ness)?|"
    r"out of breath|gasping(?: for air)?|wheezing badly) (?:at rest|while resting|sitting (?:down|"
    r"still)|lying down|in bed|doing nothing|when resting|walking up (?:the )?stairs|"
    r"from walking|for no reason|all day)\b|\bgasping for air\b(?! after)|\bchoking\b|"
    r"\bsuffocating\b|\blips (?:are |turned |turning )?blue\b"
)
_SPO2 = _lazy(
    r"\b(?:spo2|sp02|sp o2|o2 sat(?:uration)?s?|oxygen(?: saturation| sat(?:uration)?s?| level|"
    r" levels)?|blood oxygen(?: level)?|pulse ox(?:imeter)?(?: reading)?|oximeter|sats?)\b"
    r"[^0-9.]{0,25}?(\d{2,3}(?:\.\d+)?)\s*%?"
)
_SPO2_LOW_WORDS = _lazy(
    r"\b(?:spo2|sp02|oxygen|blood oxygen|o2 sats?|sats)\b[^.]{0,20}\b(?:is |was |are |keeps )?"
    r"(?:low|dropping|dropped|dipping|below 90|under 90|in the 80s|very low|too low)\b"
)
_PALPITATIONS = _lazy(
    r"\b(?:palpitations?|heart (?:is |was |keeps )?(?:racing|pounding|fluttering|skipping|"
    r"skipped|flutter(?:s|ed)?|jumping|going crazy|beating (?:really |very )?(?:fast|hard|"
    r"irregularly|weird(?:ly)?))|racing heart|pounding heart|irregular (?:heart ?beat|pulse)|"
    r"heart ?beat (?:is |was )?(?:irregular|all over the place|weird)|skipped beats?|"
    r"fluttering in my chest)\b"
)
_DIZZY = _lazy(
    r"\b(?:dizz(?:y|iness)|light[- ]?headed(?:ness)?|lightheaded|vertigo|room (?:is |was )?"
    r"spinning|woozy|giddy|about to (?:faint|pass out))\b"
)
_SELF_HARM = _lazy(
    r"\b(?:kill(?:s|ing|ed)? myself|suicid(?:e|al)|end(?:s|ing|ed)? my (?:own )?life|"
    r"end(?:s|ing|ed)? it all|"
    r"take my (?:own )?life|(?:hurt|harm|cut)(?:ing)? myself|self[- ]?harm(?:ing)?|"
    r"(?:want|wanna|wish I could|going) (?:to )?die|want to be dead|wish i (?:was|were) dead|"
    r"better off dead|better off without me|don'?t want to (?:live|be alive|be here anymore|"
    r"exist)|no (?:reason|point) (?:to|in) (?:live|living|going on)|can'?t go on (?:living|"
    r"anymore)|not worth living|overdose on purpose)\b"
)


_POP = _lazy(
    r"\b(?:heard|felt|there was) (?:a |an |something )?(?:loud |big |audible |sudden |distinct )?"
    r"(?:pop|snap|crack)\b|"
    r"\b(?:popped|snapped)\b|\bpop(?:ping)? (?:sound|noise)\b"
)
_SWELLING = _lazy(r"\b(?:swell(?:ing|ed|s)?(?: up)?|swollen|puffed up|puffy|ballooned)\b")
_CALF_SWOLLEN = _lazy(
    r"\b(?:calf|calves|lower leg|shin)\b[^.;]{0,40}?\b(?:swollen|swelling|swelled|puffy)\b|"
    r"\b(?:swollen|swelling (?:in|of)(?: my| the)?|puffy)\s(?:left |right )?(?:calf|calves|"
    r"lower leg)\b"
)
_CLOT_CONTEXT = _lazy(
    r"\b(?:hot|warm|red|redness|tender|throbbing|flight|flights|flew|flying|plane|long[- ]haul|"
    r"long drive|long car (?:ride|journey)|road trip|surgery|operation|bed ?rest|cast|"
    r"immobili[sz]ed|blood clot|clot|dvt)\b"
)
_BLADDER_BOWEL = _lazy(
    r"\b(?:can'?t|cannot|could ?n'?t|unable to|trouble|difficulty|struggl(?:e|ing) to|hard to) "
    r"(?:pee|peeing|urinate|urinating|wee|pass(?:ing)? urine|empty my bladder|control my "
    r"(?:bladder|bowels?))\b|\b(?:lost|losing|loss of|no) (?:bladder|bowel) control\b|"
    r"\b(?:lost|losing|loss of|no) control (?:of|over) (?:my )?"
    r"(?:bladder|bowels?)\b|\b(?:bladder|bowel|urinary|faecal|fecal) (?:incontinence|problems?|"
    r"changes?|issues?|leak(?:s|ing|age)?|accidents?)\b|\b(?:wet|peed|soiled) myself\b|"
    r"\bincontinen(?:ce|t)\b|\bleaking (?:urine|pee)\b|\bcan'?t feel (?:when )?i need to "
    r"(?:pee|go)\b"
)
_NUMB_OR_BACK = _lazy(
    r"\bnumb(?:ness)?\b|\btingl(?:e|ing)\b|\bpins and needles\b|\bcan'?t feel\b|"
    r"\b(?:lower back|back|leg|sciatic) pain\b|\bsciatica\b|\bback (?:hurts|is killing me)\b"
)
_SADDLE = _lazy(
    r"\bsaddle (?:numbness|anaesthesia|anesthesia|area is numb)\b|\bnumb(?:ness)? (?:in |around "
    r"|between )?(?:my )?(?:groin|genitals|bum|buttocks|backside|between my legs|saddle area|"
    r"inner thighs|private parts)\b"
)
_LOW_INTAKE = _lazy(
    r"\b(\d{2,4}(?:\.\d+)?)\s?(?:kcal|k ?cals?|calories|cals?)\b\s?(?:a|per|each|/|every)\s?day\b|"
    r"\b(\d{2,4})\s?(?:kcal|k ?cals?|calories|cals?)\s?(?:daily|/day)\b|"
    r"\b(?:eat(?:ing)?|living on|surviving on|diet of|only|just|intake (?:of|is)) (?:about |around "
    r"|only |just )?(\d{2,4})\s?(?:kcal|k ?cals?|calories|cals?)\b"
)
# A number of kcal that is a difference, a burn or a meal, not what someone lives on.
_NOT_INTAKE = _lazy(
    r"\b(?:deficit|surplus|burn(?:ed|t|ing|s)?|less|fewer|more|extra|under|over|below|above|"
    r"maintenance|cut(?:ting)? by|lunch|breakfast|dinner|snack|meal|shake|bar|workout|session|"
    r"run|ride|walk|per hour|an hour)\b"
)
_STARVING = _lazy(
    r"\b(?:starv(?:e|ing) myself|not eating (?:for|in) (?:\d+|two|three|four|five|several|a "
    r"few|many) days|haven'?t eaten (?:for|in) (?:\d+|two|three|four|five|several|a few|many) "
    r"days|(?:make|making|made) myself (?:sick|throw up|vomit|puke)|(?:throw(?:ing)? up|vomit"
    r"(?:ing)?|purg(?:e|ing)) (?:after|to get rid of) (?:eating|meals?|food|what i eat)|"
    r"water fast(?:ing)? for (?:a week|\d+ days|weeks)|eat(?:ing)? nothing (?:all|for) "
    r"(?:day|days|week))\b"
)


def _low_intake(text: str) -> bool:
    """An intake of ``VLCD_KCAL`` a day or less ("600 kcal a day"), days without food or
    purging; a deficit, a burn or one meal's calories is not an intake."""
    plain = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)  # 1,200 kcal is twelve hundred
    for m in _LOW_INTAKE().finditer(plain):
        value = float(next(g for g in m.groups() if g is not None))
        window = plain[max(0, m.start() - 30) : m.end() + 30]
        if value <= VLCD_KCAL and not _NOT_INTAKE().search(window):
            before = " ".join(plain[: m.start()].split()[-4:])
            if not _NEGATION().search(before):
                return True
    # "My mate reckons I'm starving myself" is someone else's claim, not the athlete's account.
    for clause in _clauses(plain):
        starving = _found(_STARVING(), clause)
        if starving and not _REPORTED().search(clause[: starving.start()]):
            return True
    return False


# Figures of speech that name a symptom without having it: "the real chest pain is no free
# bench", "nearly fainted when I saw the price", "panting like I'd just done sprints" (the
# panting is real, the sprints are not).
_FIGURES = _lazy(
    r"\bthe (?:real|only|true|biggest|actual) (?:\w+ )?(?:pain|ache|headache|heart ?break|killer)"
    r"\b (?:is|was|here is|of)\b|\b(?:nearly|almost|practically|could have|could'?ve) (?:fainted|"
    r"passed out|died|collapsed|had a heart attack) (?:when|as|after|seeing|hearing|reading)"
    r"\b(?:(?! blood| needle| the blood)[^,.]){0,40}"
)
# "Panting like I'd just done sprints" while sitting: the effort is a comparison, the breathing
# (or heart) is as hard as after one.
_SIMILE = _lazy(
    r"\b(?:like|as if|as though) i(?:'?d|'?ve| had| have)? (?:just )?(?:did|done|ran|run|been "
    r"running|finished|sprinted)\b[^,.]{0,25}"
)
# A symptom a clinician has since explained and cleared ("the chest pain last month turned out
# to be a pulled intercostal, cleared to train"): history, not a new red flag.
_CLEARED = _lazy(
    r"\b(?:cleared (?:me )?(?:to|for)|given the (?:all[- ]clear|ok|green light)|all[- ]clear|"
    r"signed (?:me )?off)\b"
)
_EXPLAINED = _lazy(
    r"\b(?:turned out (?:to be|it was)|diagnosed (?:as|with)|(?:doc|doctor|gp|physio|cardiologist)"
    r" (?:said|says|thinks) it(?:'?s| was| is))\b"
)


# A pump or DOMS makes trained muscles feel tight and full ("chest so pumped it feels tight"):
# in a sentence that says so, those words are not a symptom (pain or pressure still are).
_PUMP = _lazy(
    r"\b(?:pump\w*|doms|sore from|from (?:yesterday'?s |the |my )?(?:flyes|flies|bench|push-?ups|"
    r"dips))\b"
)
_PUMP_FEEL = _lazy(r"\b(?:tight|tightness|full)\b")


# A DVT swells one leg; both legs alike after a flight is dependent oedema. Warmth, redness or
# tenderness, or one side named, keep it a red flag.
_BOTH_SIDES = _lazy(
    r"\bboth (?:calves|legs|ankles|feet|sides|lower legs|shins)\b|\bboth the same\b"
)
_ONE_SIDE = _lazy(
    r"\b(?:left|right|one|that (?:leg|side|calf)|other|hot|warm|red|redness|tender|throbbing)\b"
)


def _bilateral_only(text: str) -> bool:
    return bool(_BOTH_SIDES().search(text)) and not _ONE_SIDE().search(text)


def _without_figures(text: str) -> str:
    """``text`` without figures of speech, the tightness of a pump, and explained, cleared past
    symptoms."""
    out = _SIMILE().sub("hard", _FIGURES().sub(" ", text))
    out = re.sub(
        r"[^.;!?\n]+",
        lambda m: (
            _PUMP_FEEL().sub("pumped", m.group(0)) if _PUMP().search(m.group(0)) else m.group(0)
        ),
        out,
    )
    if _CLEARED().search(out):
        out = re.sub(
            r"[^.;!?\n,]+", lambda m: " " if _EXPLAINED().search(m.group(0)) else m.group(0), out
        )
    return out


def _red_flags(text: str) -> tuple[list[str], float | None]:
    flags: list[str] = []
    spo2: float | None = None
    plain = _EXERCISE_WORDS().sub(" ", _without_figures(text))
    clauses = _clauses(plain)
    palpitations = dizzy = False
    for clause in clauses:
        if _found(_CHEST_PAIN(), clause):
            flags.append("chest_pain")
        # "Passed out on the sofa" is sleep, not syncope.
        if _found(_FAINTING(), clause) and not _SLEEP_FIGURE().search(clause):
            flags.append("fainting")
        if _found(_BREATHLESS(), clause):
            flags.append("severe_breathlessness")
        palpitations = palpitations or _found(_PALPITATIONS(), clause) is not None
        dizzy = dizzy or _found(_DIZZY(), clause) is not None
        if _SELF_HARM().search(clause) and not re.search(
            r"\b(?:not|never|no)\b[^,]{0,20}\b(?:suicidal|kill myself|hurt myself|harm myself)",
            clause,
        ):
            flags.append("self_harm")
    # Readings are looked for in the whole text: "my spo2, resting, is 87".
    for m in _SPO2().finditer(text.replace(",", " ")):
        value = float(m.group(1))
        if 50 <= value <= 100:
            spo2 = value if spo2 is None else min(spo2, value)
    if (spo2 is not None and spo2 < SPO2_BELOW) or any(
        _found(_SPO2_LOW_WORDS(), c) for c in clauses
    ):
        flags.append("low_resting_spo2")
    if palpitations and dizzy:
        flags.append("palpitations_dizziness")
    # Signs that need two things together, anywhere in the message ("my calf is swollen, and
    # I flew back yesterday"): the main sign must not be negated in its own clause.
    if any(_found(_POP(), c) for c in clauses) and any(_found(_SWELLING(), c) for c in clauses):
        flags.append("acute_injury")
    # Per sentence, not per clause: "my calf is red, hot and swollen" lists across commas.
    if (
        any(_found(_CALF_SWOLLEN(), s) for s in _sentences(text))
        and _CLOT_CONTEXT().search(text)
        and not _bilateral_only(text)
    ):
        flags.append("dvt_signs")
    bladder = any(_found(_BLADDER_BOWEL(), c) for c in clauses)
    if (bladder and _NUMB_OR_BACK().search(text)) or any(_found(_SADDLE(), c) for c in clauses):
        flags.append("cauda_equina_signs")
    if _low_intake(text):
        flags.append("extreme_diet")
    flags += _concept_flags(text, plain)
    return list(dict.fromkeys(flags)), spo2


# --- concept triage ---------------------------------------------------------------------------
# The phrase patterns above catch the common ways to say a red flag; people say them in many
# more. This layer reasons over concepts instead: a SYMPTOM (with its synonyms and inflections),
# the BODY SYSTEM or site, SEVERITY, and CONTEXT (at rest or during exercise, after a blow or a
# fall, pregnancy, diabetes, asthma, heat, travel or surgery). Each concept is found per clause
# with the same negation handling (``_found``); rules then combine concepts anywhere in the
# message into a red-flag kind. A concept alone is rarely a flag: "heart racing" is one only at
# rest, "blood" only when coughed up or vomited, "confused" only after a head blow, in the heat
# or with diabetes.

_C = _lazy  # short alias: every concept is a lazily compiled pattern

# Symptoms ---------------------------------------------------------------------------------
_CHEST_SITE = _C(r"\b(?:chest|breast ?bone|sternum)\b")
_CHEST_QUALITY = _C(
    r"\b(?:pains?|painful|hurts?|hurting|ache|aches|aching|tight(?:ness|ening)?|pressure|"
    r"squeez(?:e|es|ed|ing)|crush(?:ed|ing)?|heav(?:y|iness)|discomfort|stabbing|elephant|"
    r"burning(?! out)|like a (?:tight )?band|weight (?:pressing|sitting|on)|pressing|vi[cs]e|"
    r"clamp\w*|gripp\w*)\b"
)
_ARM_JAW = _C(
    r"\b(?:left |right )?(?:arm|arms|jaw|neck|shoulder)\b[^,.]{0,25}?\b(?:tingl(?:y|ing|es)|"
    r"numb|ache|aches|aching|pain|hurts|heavy)\b|\b(?:going|spreading|radiating|moving|"
    r"shooting) (?:down|into|up|to) (?:my |the )?(?:left |right )?(?:arm|jaw|neck)\b"
)
# Pain or numbness that a heart attack refers to the left arm and the jaw, said without the
# chest (ESC 2023 acute coronary syndromes: arm, jaw, neck or back discomfort is an equivalent).
_ARM_SIGN = _C(
    r"\b(?:left |right )?arms?\b[^,.]{0,25}?\b(?:tingl\w*|numb\w*|went dead|heavy|heaviness|"
    r"aches?|aching|pain\w*|hurts?)\b|\bnumb(?:ness)? (?:in|down) (?:my |the )?(?:left )?arm\b"
)
_JAW_SIGN = _C(
    r"\bjaw\b[^,.]{0,25}?\b(?:aches?|aching|pain\w*|hurts?|hurting|tight\w*|sore|pressure)\b|"
    r"\b(?:aching|painful|sore|tight) jaw\b|\b(?:pain|ache|tightness|pressure) in (?:my |the )?jaw\b"
)
# Stroke and bleeding in the brain (NHS FAST; NICE NG228 subarachnoid haemorrhage: a sudden,
# worst-ever "thunderclap" headache).
_STROKE = _C(
    r"\b(?:worst|worse) (?:\w+ )?headache (?:of|in) my (?:\w+ )?life\b|\bthunderclap headache\b|"
    r"\bsudden(?:ly)?,? (?:\w+ ){0,3}?(?:severe|excruciating|blinding|explosive|splitting|"
    r"worst) headache\b|\bface (?:is |was |started |went )?droop\w*|\bdroop\w* face\b|"
    r"\bslurr\w* (?:my )?(?:speech|words)\b|\b(?:speech|words) (?:\w+ )?slurr\w*|"
    r"\bone side of my (?:face|body)\b[^.]{0,30}\b(?:numb|weak|droop\w*|won'?t move|dead)\b|"
    r"\bcan'?t (?:lift|raise|move|feel) my (?:left|right) (?:arm|leg|side)\b"
)
# Rhabdomyolysis after hard exercise: dark ("cola", "tea") urine with swollen, very painful
# muscles (ACSM exertional rhabdomyolysis; CHAMP 2020 consensus).
_DARK_URINE = _C(
    r"\b(?:pee|urine|wee|piss)\b[^.]{0,25}\b(?:dark|brown|cola|coke|tea|rust\w*|red|blood\w*)\b|"
    r"\b(?:dark|brown|cola|coke|tea|rust)[- ]?(?:colou?red )?(?:pee|urine|wee)\b"
)
_MUSCLE_SWOLLEN = _C(
    r"\b(?:thighs?|quads?|legs?|arms?|biceps|calves|calf|muscles?|glutes?|hamstrings?|triceps)\b"
    r"[^.]{0,25}\b(?:swollen|swelling|swelled|puffy|rock hard|tight as a drum|can'?t (?:straighten|"
    r"bend))\b|\b(?:swollen|swelling (?:in|of)(?: my)?) (?:thighs?|quads?|legs?|arms?|muscles?)\b"
)
_COLLAPSE = _C(
    r"\b(?:i|he|she|they|we) hit the (?:deck|floor|ground)\b|"
    r"\b(?:ended up|woke up|came (?:round|to)|found myself|was lying) on the (?:\w+ )?(?:floor|"
    r"ground|pavement|sidewalk|road|track|grass|mat|tiles|deck|court|pitch)\b|"
    r"\b(?:went|was|got|been) out cold\b|\bnext thing i (?:knew|remember)\b[^.]{0,40}\b(?:floor|"
    r"ground|on my back|(?:people|someone) (?:\w+ )?(?:around|over|standing over) me)\b|"
    r"\b(?:everything|vision|world|it all|sight) (?:\w+ )?gr[ae]yed out\b|\b(?:i|he|she) (?:\w+ )?gr[ae]yed out\b|"
    r"\bhit the deck\b|\b(?:everything|vision|world|it all) (?:went|turned|going) (?:grey|gray|"
    r"black|dark|white|fuzzy)\b|\b(?:don'?t|can'?t|do not) (?:remember|recall) (?:falling|"
    r"going down|hitting|what happened)\b|\bwas out (?:cold|~ ?\d|for (?:about |around |like "
    r"|~ ?)?(?:\d+|a few|several|a couple of|a) ?(?:s\b|secs?|seconds?|mins?|minutes?|"
    r"moments?|bit|while))|\bnearly (?:went down|dropped|collapsed|fainted)\b|"
    r"\bcame (?:round|to)(?! (?:the|to|my|your|his|her|our|their|a|an|see|visit|help|terms|mind|"
    r"realise|realize|think|know|watch|train|pick|get|me|us|it|this|that)\b)(?= |,|$)|"
    r"\bhow long i was (?:out|down|"
    r"unconscious)\b"
)
# Feeling faint, then falling: "went dizzy and hit the floor".
_PRESYNCOPE = _C(
    r"\b(?:dizz\w*|light[- ]?headed\w*|woozy|faint\w*|tunnel vision|vision (?:went|going|closing|"
    r"narrow\w*|tunnel\w*)|gr[ae]y(?:ed|ing)? out|went (?:grey|gray|white))\b"
)
_FELL = _C(
    r"\b(?:hit the (?:floor|ground|deck)|fell (?:over|down|to the (?:floor|ground))|went down|"
    r"dropped to the (?:floor|ground)|collapsed|crumpled|keeled over)\b|\b(?:just |literally |then )"
    r"?dropp(?:ed|ing)\b(?! (?:the|a|an|my|it|them|\d|weight|kg|sets?|reps?|pounds|to \d|off|by|"
    r"down to|below|out))"
)
# "Passed out on the sofa", "collapsed onto the couch", "fell asleep": sleep, not syncope.
_SLEEP_FIGURE = _C(
    r"\b(?:passed out|collapsed|crashed|flaked out|conked out)(?: \w+)? (?:on|onto|in|into) "
    r"(?:the |my )?(?:sofa|couch|bed|settee)\b|\bfell asleep\b"
)
_PALPITATION = _C(
    r"\b(?:heart(?: ?beat)?|pulse)\b[^,.]{0,25}?\b(?:rac(?:e|es|ed|ing)|pound(?:s|ed|ing)|going (?:crazy|"
    r"mad|nuts|wild)|flutter\w*|skip\w*|jump\w*|thump\w*|hammer\w*|irregular|uneven|"
    r"beating (?:really |very |so )?(?:fast|hard)|(?:beating|going|racing) like (?:crazy|mad|"
    r"mental|a drum)|(?:beating|pounding) out of my chest|(?:like|feels like) a drum\w*)\b|"
    r"\bpalpitations?\b|"
    r"\birregular (?:rhythm|"
    r"pulse|heart ?beat)\b|\bracing heart\b|\bpounding heart\b"
)
_HEART_WORD = _C(r"\b(?:heart|hr|rhr|pulse|bpm|heart ?rate|watch)\b")
_RESTING_HR = _C(
    r"\b(?:resting (?:hr|heart ?rate|pulse)|rhr)\b\D{0,30}?(\d{2,3})\b(?! ?(?:kg|km|min|%))"
)
_RATE = _C(
    r"(?<![\d.x,\-–])(?<!- )(\d{3})(?!\d)(?! ?[-–] ?\d)(?! ?(?:kg|lbs?|km|m\b|min|kcal|cal|g\b|%|"
    r"mg|mmol|s\b|w\b|reps))"
)
_REST = _C(
    r"\b(?:at rest|resting|while resting|sitting|sat (?:still|down|on|at)|just sat|lying|laying|"
    r"in bed|(?:not|n'?t) (?:even )?(?:out of|up out of) bed|on the (?:couch|sofa|settee)|"
    r"at my desk|just reading|while reading|reading (?:a|the|my)|watching|doing nothing|"
    r"out of nowhere|for no reason|"
    r"(?:haven'?t|have not|hadn'?t|didn'?t) (?:even )?(?:trained|exercised|worked out)|"
    r"overnight|asleep|woke (?:me )?up|just (?:sitting|lying|resting)|won'?t (?:settle|slow)|"
    r"not (?:even )?moving(?: at all)?|(?:sitting|lying|standing) still)\b"
)
_EXERTION = _C(
    r"\b(?:during|sprints?|intervals?|hills?|race|racing to|running|run|workout|session|sets?|"
    r"zones?|max|peak|hit|climbs?|reps?|400s|800s|effort|warm[- ]?up|target|should|planning)\b"
)
_BREATH = _C(
    r"\b(?:winded|puffed out|puffing|panting|short(?:ness)? of breath|breathless(?:ness)?|out of breath|can'?t (?:catch my breath|"
    r"get (?:enough )?air|breathe)|struggl\w* (?:to|for) (?:breathe|breath|air)|"
    r"(?:hard|difficult) to breathe|breathing (?:is |feels |feel |was )?(?:really |very |so )?"
    r"(?:hard|difficult|laboured|labored|rapid|fast)|breathing (?:so |really |very )?(?:hard|"
    r"heavily|heavy)|gasping|wheez\w*|too breathless|"
    r"prop (?:myself|me) up\b[^,.]{0,30}breathe|fighting for (?:breath|air))\b"
)
_RECOVERED = _C(
    r"\b(?:recover(?:ed|ing)|back to normal|(?:it |has |had )?settled(?! down to)|got my breath "
    r"back|fine "
    r"(?:after|within|now)|ok(?:ay)? now|better now)\b"
)
_MINIMAL_EXERTION = _C(
    r"\b(?:walking (?:to|around|across|up)|walk (?:to|up)|up (?:the )?stairs|getting dressed|"
    r"in the shower|talking|standing up)\b"
)
_CYANOSIS = _C(r"\blips? (?:\w+ ){0,3}(?:blue|grey|gray|purple)\b|\bblue lips?\b")
_PLEURITIC = _C(r"\bhurts? (?:when|if) i (?:take a |breathe|breath)|\bdeep breath(?: in)? hurts\b")
_BLOOD = _C(
    r"\b(?:blood(?!(?: |-)(?:sugars?|pressure|tests?|work|oxygen|glucose|donation|results?|"
    r"levels?|type|count|flow|orange))|bloody|bleeding|coffee[- ]grounds?|haemoptysis|"
    r"hemoptysis|pink(?:ish)? (?:\w+ )?(?:frothy|foamy|froth|foam|phlegm|spit|sputum|mucus)|"
    r"(?:frothy|foamy) pink\w*|(?:blood|red)[- ](?:stained|streaked|tinged))\b"
)
_EMISSION = _C(
    r"\b(?:cough\w*|spit\w*|spat|sputum|phlegm|vomit\w*|threw up|throw(?:ing|n)? up|puk\w+|"
    r"sick|bring(?:ing)? up|brought up|retch\w*|heav(?:ed|ing))\b"
)
_HEAD_TRAUMA = _C(
    r"\b(?:hit|hitting|bang\w*|bash\w*|smack\w*|knock\w*|bump\w*|whack\w*|clonk\w*|struck|"
    r"cracked|landed on) (?:my |his |her |their |the back of (?:my |his |her )?)?head\b|"
    r"\bhead (?:hit|smacked|banged|struck|bounced off|went into)\b|\b(?:fell|landed|came down|"
    r"went) (?:\w+ ){0,4}?(?:on|onto) (?:my|his|her|their|the back of (?:my|his|her)) head\b|"
    r"\b(?:knee|elbow|ball|boot|kick|punch|fist|stick|bat|club|blow|hit) (?:to|in|on) "
    r"(?:the|my|his|her) (?:head|face|forehead|temple|skull)\b|\bheadbutt\w*|\b(?:took|got|had|take) an? "
    r"(?:\w+ )?(?:hit|knock|bang|blow|whack|bump|ball|kick|knee|elbow|punch) (?:to|on|in) "
    r"(?:the|my|his|her) (?:head|face|forehead|temple|skull)\b|\b(?:kicked|punched|hit|struck|"
    r"elbowed|kneed|smacked|whacked|clipped) (?:\w+ )?(?:in|on) the (?:head|face|forehead|temple|skull)\b|"
    r"\bconcuss\w*|\b(?:clash\w*|bang\w*|knock\w*|bump\w*|crack\w*) heads\b|\bhead (?:clash|"
    r"knock|collision|to head)\b|\b(?:hit|hitting|bang\w*|bash\w*|smack\w*|knock\w*|bump\w*|whack\w*|"
    r"clonk\w*|struck|cracked|landed on) (?:my |his |her |their |the )?(?:forehead|skull|temple)\b|"
    r"\b(?:hit|struck|smacked|whacked|caught|clipped|bonked|cracked|got) (?:me|him|her|them) (?:\w+ )?"
    r"(?:in|on|across) the (?:head|face|forehead|temple|skull)\b|"
    r"\b(?:was|got|been|i'?m) knocked (?:out|unconscious|silly)\b|\bknocked (?:me|him|her) out\b"
)
_NEURO = _C(
    r"\b(?:head ?aches?|blurr\w*|double vision|seeing double|confus\w*|foggy|fog|muddled|"
    r"disorient\w*|can'?t think (?:straight|clearly)|vomit\w*|throw(?:ing|n)? up|threw up|"
    r"puk\w+|sick|nause\w*|(?:can|don|doesn|didn|couldn)'?t (?:remember|recall)|memory|"
    r"forget\w*|forgot|sleepy|drowsy|slurr\w*|not making sense|out of it|"
    r"pupils?|saw stars|seeing stars|dizz\w*|light hurts|sensitive to light|seizure|fits?|"
    r"jumbled|talking nonsense|weak(?:ness)?|numb\w*|clear fluid|twitch\w*|convuls\w*|spasm\w*|"
    r"(?:bleeding|blood) (?:from|out of) (?:my |his |her |the )?ears?|not (?:myself|right)|"
    r"feel\w* (?:really |so |a bit |very )?(?:weird|strange|off|funny|spaced))\b"
)
# A blow or a fall without the head named ("got hit by a kettlebell, knocked me down") counts
# with a major neurological sign: amnesia, confusion, drowsiness, vomiting, a seizure.
_BLOW = _C(
    r"\b(?:got|was|been|get|getting) (?:hit|struck|smacked|whacked|clobbered|floored|kicked|"
    r"knocked) (?:by|in)\b|\b(?:got|was|been|getting) knocked (?:over|down|flying|flat|out)\b|\bknocked (?:me|him|her|them) (?:down|over|flying|flat|out|to the "
    r"(?:floor|ground))\b|\b(?:fell|slipped|tripped|came off)\b[^.]{0,40}\b(?:hit|smacked|banged|"
    r"bashed|landed on)\b"
)
# A high-energy crash or fall ("after a bike crash", "came off my bike", "hit by a car") can
# injure the head without the athlete naming it: with disturbed vision or a major neurological
# sign it counts as a head injury (NICE NG232 lists road traffic collisions and falls from a
# bicycle among dangerous mechanisms).
_CRASH = _C(
    r"\b(?:bike|cycling|bicycle|motor ?bike|motorcycle|scooter|car|road|ski(?:ing)?|snowboard\w*|"
    r"horse|riding) (?:crash|accident|collision|wreck|spill|smash|pile-?up)s?\b|\bcrash(?:ed|ing)? "
    r"(?:my|the|his|her|on (?:my|the|his|her)) (?:\w+ )?(?:bike|car|scooter|motorbike|skis?|"
    r"board)\b|\b(?:came|come|coming|fell|flew|thrown|got thrown|knocked) off (?:my |the |his |her )?"
    r"(?:\w+ )?(?:bike|scooter|motorbike|horse|board|ladder|wall|roof)\b|\b(?:hit|knocked down|"
    r"knocked over|clipped|struck) by (?:a|the) (?:car|van|bus|truck|lorry|cyclist|bike)\b"
)
_BLURRED = _C(
    r"\b(?:blurr\w*|double vision|seeing double|see(?:ing)? stars|(?:vision|eyesight|sight)"
    r"(?:'?s| is| has)?(?: gone| went| keeps going| going)? (?:\w+ )?(?:funny|weird|fuzzy|"
    r"strange|dark|blurry)|"
    r"everything(?:'?s| is| looks) (?:all )?(?:blurry|fuzzy|spinning|doubled)|"
    r"head (?:is |keeps )?(?:pounding|throbbing|splitting|killing me))\b"
)
_NEURO_MAJOR = _C(
    r"\b(?:(?:can'?t|don'?t|cannot|couldn'?t|didn'?t) (?:remember|recall)|memory|confus\w*|"
    r"disorient\w*|slurr\w*|pupils?|seizure|fitting|convuls\w*|twitch\w*|drowsy|sleepy|vomit\w*|"
    r"threw up|thrown up|double vision|clear fluid)\b"
)
_DEFORMITY = _C(
    r"\b(?:pointing|facing|bent|sticking) (?:the )?(?:wrong way|sideways|backwards|out)\b|"
    r"\b(?:at |in )?an? (?:odd|weird|funny|strange|unnatural|wrong) (?:angle|shape)\b|"
    r"\b(?:bent|twisted|sitting|pointing) (?:all )?(?:funny|wrong|weird|odd|backwards)\b|"
    r"\blooks? (?:\w+ ){0,4}?(?:deformed|wonky|crooked|out of place|square|dented|misshapen)\b|"
    r"\bbone (?:is )?(?:sticking|poking) (?:out|through)\b|\bout of (?:its |the )?socket\b|"
    r"\bdislocat\w+\b|\b(?:deformed|misshapen)\b|\b(?:came|popped|slipped) out (?:and "
    r"(?:went|popped|slipped) back|of (?:place|joint|its socket))|\b(?:popped|went|slipped) "
    r"back in\b|\b(?:broken|broke|fractured?|cracked|snapped) (?:my |a |the |his |her )?"
    r"(?:\w+ )?(?:wrist|arm|leg|ankle|collar ?bone|ribs?|fingers?|toes?|hand|foot|nose|elbow|"
    r"shoulder|knee|hip|bone|shin|tibia|fibula|forearm|jaw|cheekbone|thumb)\b|"
    r"\b(?:shoulder|knee ?cap|patella|elbow|finger|thumb|hip|jaw|ankle) (?:has |just |completely )?"
    r"(?:popped|came|slipped|went|jumped) out\b|\b(?:shoulder|knee ?cap|kneecap|elbow|finger|thumb|"
    r"hip|jaw|ankle|wrist|joint|bone)s? (?:is|feels|has gone|went|popped|looks|is still) (?:\w+ )?"
    r"out of (?:place|joint|position|its socket|line)\b|\b(?:arm|hand|foot|leg) (?:is |was )?just "
    r"(?:hanging|dangling)\b|\b(?:hanging|dangling) (?:limp|loose|useless\w*)\b|\b(?:dent|hollow|"
    r"gap|step) (?:where|in (?:my|the) (?:shoulder|collar ?bone|shin|bone|arm|leg))\b|"
    r"\b(?:wrist|arm|leg|ankle|finger|toe|knee|shoulder|elbow|nose|collar ?bone|bone|shin|hand|foot|"
    r"thumb)s? (?:\w+ ){0,2}?looks? (?:\w+ ){0,2}?(?:wrong|bent|out of line|not straight|like (?:a |"
    r"an )?(?:\w+ )?(?:fork|banana|zigzag|step))\b|"
    r"\bfelt (?:my |the |something in my )?(?:\w+ )?(?:biceps?|triceps?|pec|tendon|achilles|"
    r"hamstring|quad|calf|acl|ligament|knee|shoulder)s? (?:go|give|tear|rip|snap|pop|roll up|ball "
    r"up)\b|\b(?:achilles|tendon|biceps?|triceps?|pec|hamstring|quad|acl|ligament)s? (?:has |have "
    r"|just )?(?:went|gone|tore|torn|snapped|ruptur\w*|rolled up|balled up)\b|\b(?:tore|torn|"
    r"ruptured|snapped) (?:my )?(?:\w+ )?(?:achilles|tendon|biceps?|acl|ligament|pec|hamstring)\b|"
    r"\bpopeye\b|\bruptur\w+\b|\b(?:bruis\w*|swell\w*|swollen|puff\w* up|balloon\w*) (?:up )?"
    r"(?:really |so |very )?(?:fast|quickly|rapidly|within minutes|in minutes)\b"
)
_NO_WEIGHT = _C(
    r"\b(?:can'?t|cannot|couldn'?t|unable to|not able to) (?:put|bear|take|stand) (?:any |my )?"
    r"(?:weight|pressure)\b|\b(?:can'?t|cannot|couldn'?t|unable to|not able to) weight[- ]?bear\b|"
    r"\bnon[- ]weight[- ]bearing\b|\b(?:can'?t|cannot|couldn'?t|unable to) (?:walk|stand) on (?:it|"
    r"my \w+)\b|\b(?:can'?t|cannot|unable to) (?:push off|go up on (?:my )?(?:tip)?toes?|"
    r"stand on (?:my )?(?:tip)?toes?)\b|\b(?:gives?|giving|gave) way\b|\bbuckl\w+\b"
)
_CANT_MOVE = _C(
    r"\b(?:can'?t|cannot|unable to) (?:lift|move|raise|straighten|bend|use) (?:it\b|(?:my |the )"
    r"?(?:\w+ )?(?:arm|leg|knee|shoulder|wrist|elbow|ankle|hand|finger|foot|toe)s?\b)|"
    r"\b(?:can'?t|cannot|unable to) (?:even )?walk\b(?! (?:far|fast|for long|much|as|down|up))"
)
_TRAUMA = _C(
    r"\b(?:fell|fall(?:ing)?|falling off|came off|crash\w*|collided|collision|tackle\w*|landing|"
    r"landed|rolled|twisted|went sideways|caught|pop\w*|snap\w*|crack\w*|crunch\w*|kicked|"
    r"heard|felt something)\b"
)
# A joint that locked and will not move (NICE CKS knee pain: a locked knee needs urgent review).
_LOCKED = _C(
    r"\b(?:knee|joint|elbow|hip|jaw|shoulder) (?:has |is |just |got )?(?:locked|stuck|jammed)\b"
)
# Long-standing, not new: "bent funny since birth", "always been like that".
_CHRONIC = _C(
    r"\b(?:since (?:birth|childhood|i was (?:a kid|young|little|a child))|always been (?:like "
    r"(?:that|this)|that way)|for years|old injury|years ago)\b"
)
_RAPID_SWELLING = _C(
    r"\b(?:instant(?:ly)?|immediate(?:ly)?|straight away|right away|massive(?:ly)?|"
    r"ballooned|like a balloon)\b"
)
_BRUISE_SWELL = _C(r"\b(?:purple|black and blue|bruised|swollen|swelling|swelled|ballooned)\b")
_LEG_SITE = _C(r"\b(?:calf|calves|lower leg|leg|shin|thigh|behind (?:my |the )?knee)\b")
_LEG_SWELL = _C(
    r"\b(?:swollen|swelling|swelled|puffy|(?:bigger|fatter|thicker|larger|puffier|wider) than "
    r"(?:the |my )?(?:other|left|right)\w*|"
    r"(?:hot|warm|red) (?:and )?(?:swollen|puffy))\b"
)
_CLOT_RISK = _C(
    r"\b(?:hot|warm|red|tender|flights?|flew|flying|plane|long[- ]haul|drives?|driving|car "
    r"(?:ride|journey)|bus|coach trip|train (?:ride|journey)|road trip|surgery|operation|op|"
    r"c-?section|caesarean|cesarean|hospital|laid up|bed ?rest|cast|immobili[sz]ed|on the pill|"
    r"pregnan\w*|postpartum|post-?partum|gave birth|clot|dvt|one side|one calf|one leg|"
    r"short of breath|breathless|purple|bluish|discolou?r\w*|shiny|veins?|that (?:leg|side)|on "
    r"that side|(?:left|right) (?:leg|calf|lower leg|thigh))\b"
)
_BLADDER = _C(
    r"\b(?:can'?t|cannot|unable to|don'?t) (?:tell|feel|know) when i (?:need|have) to (?:pee|wee|"
    r"go|urinate)\b|\b(?:struggl\w*|trouble|difficulty|hard) (?:to )?(?:go(?:ing)? to the "
    r"(?:toilet|loo|bathroom)|pee\w*|wee\w*)\b|\b(?:pee|peeing|urinating|weeing) (?:feels? |is )?"
    r"(?:weird|strange|different|funny)\b|\bcan'?t (?:fully |properly )?empty\b|"
    r"\b(?:wet|peed|soiled|pooed) myself\b|\b(?:can'?t|cannot) control (?:my )?(?:bladder|"
    r"bowels?)\b|\bincontinen\w+\b|\bleak\w* (?:urine|pee|wee)\b|\b(?:lost|losing|loss "
    r"of|no) (?:control (?:of|over) )?(?:my )?(?:bladder|bowels?)(?: control)?\b|\b(?:can'?t|"
    r"cannot|unable to) (?:pee|wee|urinate|pass urine)\b|\b(?:can'?t|cannot|couldn'?t) (?:hold|"
    r"hold in) (?:my )?(?:bowels?|bladder|pee|wee|urine|poo|it in)\b"
)
_SADDLE_NUMB = _C(
    r"\b(?:numb|no feeling|can'?t feel)\w*\b[^,.]{0,25}?\b(?:down there|when i wipe|saddle|groin|"
    r"genitals?|bum|buttocks?|backside|between (?:my )?legs|inner thighs?|privates?)\b|"
    r"\b(?:saddle|groin|down there)\b[^,.]{0,20}?\b(?:numb\w*|tingl\w*|pins and needles)\b|"
    r"\b(?:numb|no feeling|can'?t feel)\w*\b[^,.]{0,12}?\b(?:when|while) i (?:sit|wipe)\b"
)
_BOTH_LEGS = _C(
    r"\b(?:both|two) (?:legs|feet|sides)\b[^,.]{0,30}?\b(?:weak\w*|numb\w*|tingl\w*|"
    r"pins and needles)\b|\b(?:sciatica|nerve pain|leg pain)\b[^,.]{0,15}?\bboth (?:legs|sides)\b"
)
_BACK = _C(
    r"\b(?:back|lumbar|spine|disc|sciatica|deadlift\w*|squats?)\b|\b(?:both )?legs? (?:feel |"
    r"are |is )?(?:weak|numb|tingly)\b"
)
_PREGNANT = _C(
    r"\b(?:pregnan\w+|trimester|expecting (?:a baby|twins)|baby bump|midwife|braxton)\b|"
    r"(?<!for )(?<!last )(?<!past )(?<!in )(?<!after )\b(?:1\d|2\d|3\d|4[0-2]) ?(?:weeks?|wks?)"
    r"\b(?! (?:ago|of|into|in|out|left|program|plan|block|later|postpartum))"
)
_PREGNANCY_SIGN = _C(
    r"\b(?:bleed\w*|spotting|blood(?! (?:pressure|sugar|test))|fluid\w*|leak\w*|gush\w*|"
    r"waters? (?:broke|breaking|went)|contractions?|tightenings?|head ?aches?|vision|"
    r"sparkl\w*|flashing lights|seeing (?:spots|stars)|(?:puffy|swollen) (?:hands|face|fingers)|"
    r"(?:hands|face|fingers) (?:\w+ ){0,4}(?:puffy|swollen)|pain under (?:my )?ribs|chest pain|"
    r"dizz\w*|faint\w*|breathless\w*|short of breath|calf pain)\b|"
    r"\b(?:baby|bub|kicks?)\b[^,.]{0,20}?\b(?:barely|hardly|not|stopped|less|fewer|hasn'?t|"
    r"haven'?t|isn'?t) (?:\w+ )?(?:move|moved|moving|kicked|kicking|as much)\b|"
    r"\b(?:reduced|fewer|less|no) (?:fetal |baby )?(?:movements?|kicks)\b|"
    r"\b(?:haven'?t|hasn'?t|not|didn'?t|can'?t|cannot) (?:felt|feel|noticed|been feeling) "
    r"(?:the |my )?(?:baby|bub|him|her|them|any) (?:move|moving|movements?|kick\w*)\b"
)
_MILD = _C(r"\b(?:slight|mild|a bit of a|little|tiny|normal)\b")
_HEAT = _C(
    r"\b(?:heat\w*|hot (?:day|weather|yoga|room|sun|conditions|afternoon)|blazing|scorching|"
    r"humid\w*|bikram|sauna|sun(?:shine)?|sunny)\b|\b(?:3[0-9]|4[0-9]) ?(?:°|degrees?)? ?c?\b"
    r"(?<=c|°|s)|"
    r"\b(?:8[5-9]|9\d|1[01]\d) ?°? ?f\b"
)
_HEAT_SIGN = _C(
    r"\b(?:confus\w*|muddled|disorient\w*|talking nonsense|can'?t think (?:straight|clearly)|"
    r"dizz\w*|head ?aches?|head (?:is |was )?(?:pounding|throbbing)|pounding head\w*|faint\w*|"
    r"words (?:\w+ ){0,3}(?:jumbled|slurred|wrong)|jumbled|slurr\w*|(?:stopped|not|n'?t) "
    r"sweating|skin (?:is |was )?(?:\w+ )?(?:and )?dry|collaps\w*|went down|on the (?:ground|"
    r"floor)|nearly went down|wobbly|vomit\w*|throw(?:ing|n)? up|threw up|been sick|puk\w+|"
    r"shivery|(?:was|got) sick|head (?:is |was )?spinning|(?:body|skin) (?:\w+ )?(?:on fire|burning)|"
    r"burning up)\b"
)
_CNS = _C(
    r"\b(?:confus\w*|muddled|disorient\w*|talking nonsense|can'?t think (?:straight|clearly)|"
    r"jumbled|slurr\w*|(?:stopped|not) sweating|collaps\w*|(?:stopped|not) making (?:any )?"
    r"sense|making no sense|incoherent|gibberish|out of it|(?:don'?t|can'?t|cannot) (?:remember|"
    r"recall))\b"
)
_CORE_TEMP = _C(r"\b(?:temp(?:erature)?|core)\b\D{0,12}?(\d{2}(?:\.\d)?)\b")
_DIABETES = _C(
    r"\b(?:diabet\w+|type ?[12]|t[12]d?|insulin|insulin pump|on a pump|cgm|libre|dexcom|"
    r"hypo(?:glyc\w*)?|hyperglyc\w*|dka)\b"
)
_GLUCOSE = _C(
    r"\b(?:blood sugars?|sugars?|glucose|bg|bgl|cgm|hypo)\b\D{0,20}?(\d{1,3}(?:\.\d)?)(?![\d.])"
    r"(?! ?(?:g\b|grams|kcal|cals?|%|tsp|teaspoons?|cubes|kg|km|min))\s*(mmol(?:/l)?|mg ?/ ?dl)?"
)
_HYPO_SIGN = _C(
    r"\b(?:shak\w+|trembl\w*|sweat\w*|confus\w*|can'?t think|couldn'?t think|slurr\w*|blurr\w*|"
    r"hypo|dizz\w*|faint\w*|went funny|wobbly|jittery|(?:going|gone|went|running|dropping|"
    r"dropped) low)\b"
)
_HYPER_SIGN = _C(
    r"\bketones?\b|\bfruity breath\b|\b(?:meter|reading) (?:just )?(?:says|reads|shows) (?:hi|"
    r"high)\b|\bdka\b"
)
_ASTHMA = _C(
    r"\b(?:asthma\w*|inhaler|reliever|puffer|puffs|ventolin|salbutamol|albuterol|wheez\w*|"
    r"peak flow|eib|exercise[- ]induced (?:asthma|bronchoconstriction))\b"
)
_UNRELIEVED = _C(
    r"\b(?:not|isn'?t|wasn'?t|aren'?t|n'?t) (?:\w+ )?(?:helping|working|doing anything|touching "
    r"it|making a difference)\b|\bnot touching it\b|\bno (?:help|relief|difference)\b|"
    r"\b(?:didn'?t|doesn'?t|did not|does not) help\b|\b(?:[4-9]|\d{2,}|several|many|lots of|"
    r"loads of) (?:puffs|times|doses)\b(?! (?:a|per|each) (?:day|week))|"
    r"\bpeak flow\b\D{0,15}?(?:[1-4]\d|50) ?%|\bgetting worse\b|\bpeak flow\b[^.]{0,15}?\b(?:half|"
    r"halved|a third|less than half)\b|\bhelps? (?:for )?(?:like |only |just )?(?:\d+|a few|a "
    r"couple of) min\w*|\b(?:wears|wore|wearing) off\b|\b(?:back|comes back|came back) (?:\w+ )?"
    r"worse\b|\bstill (?:gasping|wheez\w*|struggl\w*|tight|can'?t breathe|breathless|fighting for)"
    r"\b|\b(?:then|another|and) (?:[2-9]|\d{2}) more\b|"
    r"\bcan'?t (?:finish|complete) (?:a |my )?sentences?\b|\b(?:talking|speaking) in (?:like )?"
    r"(?:\d+|one|two|three|single|a few) words?\b|\b(?:barely|can'?t|cannot|hardly) (?:talk|"
    r"speak)\b|\blips? (?:\w+ )?(?:tingl\w*|blue)\b|\bribs? sucking in\b|\bstruggl\w* to "
    r"breathe\b|\beven with (?:his |her |my |the )?inhaler\b"
)
_SELF_HARM_INDIRECT = _C(
    r"\b(?:no|(?:don'?t|do not|can'?t|cannot) (?:really |even )?see (?:the|a|"
    r"any)) point (?:any ?more|in (?:anything|living|"
    r"going on|life|trying)|of (?:living|anything|life|trying|going on|being here))\b|"
    r"\bno point any ?more\b|\bwhat'?s the point(?:$|,| of (?:living|anything|life|going on|"
    r"trying))|\b(?:better off|happier|better) without me\b|\b(?:nobody|no one|noone) would (?:even )?"
    r"(?:notice|care|miss me)\b|\b(?:think\w*|thoughts?) (?:about|of) (?:ending (?:it|things|"
    r"everything)|not waking up|driving (?:off|into)|crashing (?:into|the car)|jumping (?:off|"
    r"in front)|disappearing for good)\b|\bwant (?:it|this|everything) (?:all )?to (?:end|stop)\b|"
    r"\bsaying goodbye to everyone\b|\bdisappear (?:forever|for good|permanently)\b|"
    r"\bbetter off if i (?:was|were|wasn'?t|weren'?t) (?:gone|dead|here|around)\b|"
    r"\b(?:don'?t|do not) want to (?:be (?:around|here) any ?more|be alive|exist|live any ?more|"
    r"wake up)\b|\bwon'?t be (?:around|here) (?:much longer|for long|"
    r"any ?more)\b|\bpills? (?:saved|"
    r"stockpiled|hoarded)\b|\bcan'?t (?:do|take) (?:this|it) any ?more\b|\btired of (?:living|"
    r"being alive|life)\b|\bdon'?t want to wake up\b|\b(?:go to sleep|fall asleep) and "
    r"(?:not|never) wake up\b|\b(?:feel like|want to|going to|gonna|planning to|plan to|"
    r"might) (?:just )?end(?:ing)? (?:it|it all|things|everything|my life)\b(?! (?:here|there|"
    r"now|early|for (?:the|this|today)|today|this week|after))|"
    r"\blife (?:is ?n'?t|is not|isn'?t|ain'?t) worth (?:it|living)\b|\b(?:i'?m|i am|feel like|"
    r"feeling like) (?:such |just )?a burden(?= (?:to|on) (?:everyone|everybody|others|people|"
    r"the people|my (?:family|wife|husband|partner|kids|parents|friends))\b|,|$)|\b(?:cutting|"
    r"burning|scratching) (?:my|myself "
    r"on the|into my) (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b"
)
# Self-harm told in the past tense (NICE NG225: a recent act is the strongest sign): an attempt,
# an overdose, a self-injury, a near act at a place of danger. The means must be said with a
# quantity or an intent ("took 20 paracetamol", "on purpose"), so "took 2 ibuprofen for my knee"
# and "cut my finger" stay plain.
_PILLS = r"(?:\w+'?s? )?(?:pills|tablets|meds|medication|painkillers|paracetamol|acetaminophen|ibuprofen|aspirin|sleeping (?:pills|tablets)|antidepressants|insulin|\w+ pills|\w+ tablets)"
_SELF_HARM_PAST = _C(
    r"\btr(?:y|ied|ying) to (?:hang|drown|kill|end|overdose|od|crash|jump|gas|suffocate|poison)\b|"
    r"\b(?:od'?d|o\.d\.'?d|overdosed|took an? overdose|tried (?:an? )?overdose)\b"
    r"(?! on (?:caffeine|coffee|espresso|pre-?workout|carbs|sugar|sweets|chocolate|cake|candy|"
    r"\w+ (?:gels?|drinks?|shots?)))|"
    r"\b(?:took|take|taken|swallowed|downed|necked) (?:like |about |around |maybe )?(?:\d{2,}|"
    r"(?:way )?too many|a (?:lot|bunch|load|handful|whole (?:bottle|box|pack(?:et)?)) of|loads of|"
    r"all(?: of)?|extra|many|the whole (?:box|bottle|pack(?:et)?) of|every one of)"
    r"(?: of)? (?:my |the |those |her |his |their )?" + _PILLS + r"|"
    r"\b(?:injected|took) (?:too much|extra) insulin\b|\bdrank (?:some )?bleach\b|"
    r"\b(?:burn(?:ed|t)|cut|scratched|hit|punched|injected|starved|bruised|stabbed) (?:[^.]{0,40})"
    r"\bon purpose\b|\bon purpose\b[^.]{0,30}\b(?:burn(?:ed|t)|cut|hurt|hit|took|swallowed)\b|"
    r"\bburn(?:ed|t) (?:my (?:arm|arms|leg|legs|skin|hand|wrist)|myself) with\b|"
    r"\bcut (?:my (?:arms?|legs?|wrists?|thighs?|stomach|skin|hips?)|myself|deeper|again)\b"
    r"(?! (?:shaving|while shaving|on (?:a|the|some)|cooking|in the kitchen|opening|with a (?:can|"
    r"kitchen knife)))|"
    r"\b(?:relaps\w*|started|back to|up) (?:on )?cutting\b|\bcutting (?:again|myself)\b|"
    r"\b(?:made |the )?cuts on my (?:arms?|legs?|stomach|wrists?|thighs?)\b|\brazor blade\b|"
    r"\b(?:scratched|clawed|hit|punched|banged) (?:my |the )?(?:arms?|legs?|skin|myself|head|wall|"
    r"face)[^.]{0,30}\b(?:till|until) (?:it |they |i |my \w+ )?(?:bled|blood|broke)\b|"
    r"\b(?:hit|banged) (?:myself|my head)\b[^.]{0,30}\b(?:on purpose|many times|till|until)\b|"
    r"\b(?:hoping|meaning|trying|wanting|wanted) to (?:crash|do it|not wake up|die)\b|"
    r"\bwant(?:ed)? to not wake up\b|\bto make (?:it all|everything|it) stop\b|"
    r"\bst(?:ood|anding) (?:on|at) the edge of (?:the |a )?(?:cliff|platform|bridge|roof|building|"
    r"train platform)\b|\b(?:was|got|been) sectioned\b|\bnearly did it\b"
)
# Joking but not (NICE NG225: take it seriously when a joke is withdrawn): a death or self-harm
# word and, in the same message, words that take the joke back ("no really", "not a bit
# anymore", "would be a relief"). "I'm dying lol" alone, or "killed me" after a workout, is not.
_SH_DEATH_WORD = _C(
    r"\b(?:die|dying|dead|unalive\w*|kill me|kill myself|end it|end things|death of me|"
    r"off (?:the|a) (?:roof|bridge|building|cliff)|not wake up|me matar|matarme)\b"
)
_SH_NOT_JOKING = _C(
    r"\bno,? (?:but )?(?:really|seriously)\b|\bnot (?:really |just )?(?:a|my) (?:joke|bit)\b|"
    r"\bnot a bit any ?more\b|\bnot joking\b|\bi mean it\b|\bfor real\b|\b(?:would|will|'d) be "
    r"(?:a|such a) relief\b|\bwouldn'?t be (?:that |so |too )?bad\b|\bbeen (?:thinking about it|"
    r"wanting to)\b|\bthinking about it (?:for real|a lot|seriously|lately)\b|\bmentira\b|"
    r"\bnot kidding\b|\b(?:half|only half) (?:joking|kidding)\b|\bnot (?:entirely|totally|"
    r"completely) (?:joking|kidding)\b"
)
# More indirect self-harm wording, by the classes the Columbia scale (C-SSRS) and NICE NG225
# ask about: a passive wish to be dead or gone, being a burden, a method or means, looking up
# ways, a future without oneself, preparatory acts (letters, giving things away).
_SELF_HARM_MORE = _C(
    r"\b(?:better off|happier|better) if i (?:\w+ ){0,2}?(?:(?:wasn'?t|weren'?t|wasnt|werent|was "
    r"not|were not) (?:\w+ )?(?:around|here|alive|born|in the picture)|(?:was|were) (?:\w+ )?(?:gone|"
    r"dead|never born)|disappeared|didn'?t exist)\b|"
    r"\b(?:take|taking|took|swallow\w*|down(?:ing)?) (?:all|every one of|the (?:whole|rest of the) "
    r"(?:bottle|box|packet|pack)(?: of)?|a (?:whole )?(?:bottle|box|packet|handful) of) (?:my |the |"
    r"those |these )?(?:pills|tablets|meds|medication|painkillers|paracetamol|sleeping pills)\b|"
    r"\b(?:pills|tablets|meds|painkillers) (?:all )?at once\b|\b(?:saving up|stockpil\w*|"
    r"hoard\w*) (?:my |the )?(?:pills|tablets|meds|painkillers|sleeping pills|insulin)\b|"
    r"\b(?:jump\w*|throw\w* myself) (?:off|from) (?:a |the |that |my )?(?:bridge|roof|building|"
    r"cliff|balcony|tower|car park|multi-?storey)\b|\b(?:jump\w*|step\w*|throw\w* myself|walk\w*) "
    r"in front of (?:a |the )?(?:train|bus|car|lorry|truck|traffic)\b|"
    r"\bway out of (?:all (?:of )?this|it all|everything|(?:this )?life|my life)\b|\b(?:permanent|"
    r"painless) (?:way out|solution|escape)\b|"
    r"\b(?:look\w* up|googl\w*|research\w*|search\w*(?: for)?|read\w* (?:up )?about) (?:\w+ )?"
    r"(?:ways|how|methods) (?:to|of) (?:die|dying|not wake up|never wake up|end (?:it|things|my "
    r"life)|kill|overdose|disappear for good)\b|\bhow (?:many|much) (?:\w+ )?(?:pills|tablets|"
    r"paracetamol|insulin)\b[^.]{0,30}\b(?:die|kill|lethal|fatal|to end)\b|"
    r"\b(?:want to|wanna|hope i|hoping i|wish i (?:could|would|wouldn'?t)) (?:just )?(?:not|never|"
    r"don'?t) wake up\b|\b(?:don'?t|dont|do not|can'?t|cant|cannot) see (?:myself|me) (?:still )?"
    r"(?:being |be )?(?:here|around|alive)\b|\b(?:not (?:going to|gonna)|won'?t) be (?:around|here|"
    r"alive) (?:much longer|for long|by|after|to see|next)\b|\btired of (?:living|being alive|"
    r"life|existing|being here|it all)\b|\bwish(?:ing)? i (?:could )?(?:just )?(?:disappear|vanish|not "
    r"exist|was ?n'?t (?:here|alive|born)|were ?n'?t (?:here|alive|born)|was never born|could sleep "
    r"forever)\b|\bwant to (?:just )?(?:disappear|vanish|not exist|stop existing|sleep forever)"
    r"\b(?! (?:for|on|from|into|under|to|in) )|\bnothing (?:left )?to live for\b|"
    r"\bno point (?:to|in|of) (?:anything|it all|any of it|life|living|me|being here)\b|"
    r"\b(?:would|'d|'ll|will) (?:all )?(?:be|do) (?:\w+ )?(?:fine|ok(?:ay)?|happier|better|better "
    r"off) without me\b|\b(?:burden|weight|millstone|drain) (?:around|on|to) (?:every(?:one|body)'?s?|"
    r"their|people'?s?|my (?:family|kids|partner|wife|husband)'?s?)\b(?! (?:training|gym|team|run))|"
    r"\b(?:i'?d|i would) rather (?:not (?:be (?:alive|here|around)|exist|wake up|live)|be dead)\b|"
    r"\b(?:fatal|lethal|deadly)\b[^.]{0,30}\b(?:dose|overdose|amount)\b|\b(?:which|what|how "
    r"much) (?:\w+ ){0,2}(?:are|is|would be) (?:fatal|lethal|deadly)\b|"
    r"\b(?:wrote|writ\w+|written|left|leaving) (?:a |some )?(?:goodbye |farewell |suicide )?"
    r"(?:letters?|notes?) (?:to|for) (?:my |the )?(?:family|kids|children|wife|husband|partner|"
    r"parents|mum|mom|dad|loved ones|everyone|everybody|friends)\b|\b(?:goodbye|suicide) "
    r"(?:letters?|notes?)\b"
)
# Weaker signs that count in pairs of different kinds: hopelessness, a finality about one's
# things or plans, giving belongings away.
_SH_HOPELESS = _C(
    r"\b(?:don'?t|dont|do not) know why i (?:even )?bother\b|\bhopeless\b|\bnothing matters\b|"
    r"\bcan'?t see a way (?:out|forward)\b|\bwhat'?s the point\b|\b(?:tired|sick) of everything\b"
)
_SH_FINAL = _C(
    r"\b(?:won'?t|wont|will not|shan'?t) (?:be needing|need|be using) (?:it|them|this|that|any of "
    r"(?:it|them|this)|my \w+)\b(?: (?:\w+ ){0,3}?(?:soon|much longer|after (?:that|this|then|"
    r"\w+)|any ?more|where i'?m going))|\b(?:said|saying|say) (?:my )?goodbyes?\b(?! to (?:the|my "
    r"old|this) (?:gym|team|club|job|coach|house|flat))"
)
_SH_GIVING = _C(
    r"\b(?:gave|giving|given|give|handed|handing) (?:away )?(?:all )?(?:my|away my|away all my) "
    r"\w+|\bgiv\w* (?:\w+ )?away\b|\b(?:sorted|sorting|made|making|wrote|writing|updated) "
    r"(?:out )?(?:my|a) will\b|\bput(?:ting)? my affairs in order\b"
)
_PURGE = _C(
    r"\b(?:make|making|made|makes) myself (?:sick|throw up|vomit|puke)\b|\bchew and spit\b|"
    r"\bspit (?:out )?most of my food\b|\b(?:make|making|made|makes) myself (?:run|burn|"
    r"exercise|work) (?:it |them )?off\b"
)
# Purging words that need food or weight nearby ("threw it up", "laxatives", "purge").
_PURGE_FOOD = _C(
    r"\bthrew (?:it|them|that|all|everything) (?:\w+ )?up\b(?! (?:overhead|over|onto|on|into))|"
    r"\bthrow(?:ing)? (?:it|them|that|meals?|food) up\b(?! (?:overhead|over|onto|on|into))|"
    r"\bpurg\w+\b|\blaxatives?\b|\bdiuretics?\b|\bdiet pills?\b|\b(?:throw|throwing|threw|"
    r"bring|bringing) up (?:my |the |what i )?(?:meals?|food|dinner|lunch|breakfast|eat|ate)\b|"
    r"\b(?:stopped|quit|not|skipping) eating (?:to|so i can) (?:lose|drop|make|cut|"
    r"stay|get)\b"
)
_FOOD = _C(
    r"\b(?:ate|eat\w*|meals?|food|binge\w*|dinner|lunch|breakfast|pizza|snacks?|calories|"
    r"cals|kcal|weight|scale|slices?|goal weight|thin|skinny|lose|slim|diet|kilos?|kg|lbs|pounds|"
    r"weigh[- ]?ins?)\b"
)
# Days or weeks with (almost) no food.
_FASTING = _C(
    r"\b(?:eat\w*|ate|had|having|living on|surviving on) (?:almost |next to |practically |"
    r"basically |virtually )?(?:nothing|no food|barely anything|hardly anything)\b[^.]{0,25}?"
    r"\b(?:(?:\d+|two|three|four|five|several|a few|many) )?(?:days|weeks)\b|\b(?:barely|"
    r"hardly) eat(?:ing|en)? (?:anything )?(?:for|in) (?:days|weeks|a week|\d+ days)\b|"
    r"\b(?:fast|fasting|fasted|water fast\w*) (?:for )?(?:[3-9]|\d{2}|three|four|five|six|seven|"
    r"several|a few|many) (?:full |whole )?days\b|"
    r"\b(?:(?:haven'?t|havent|hasn'?t|have not|not|didn'?t) (?:eaten|eat)(?: anything| any food| a "
    r"thing| a bite| food| a meal)?|(?:haven'?t|havent|hasn'?t|have not|didn'?t) had (?:anything to "
    r"eat|any food|a (?:bite|meal)|food|solid food)) (?:at all )?(?:for|in) (?:the (?:last|past) )?"
    r"(?:[2-9]|\d{2}|two|three|four|five|six|seven|several|a few|many|over \d+) (?:full |whole )?"
    r"(?:days|weeks)\b"
)
# Food as something to be earned or paid for (NICE NG69, SCOFF): "I don't deserve to eat",
# exercise as punishment for eating, disgust at having eaten.
_FOOD_RULE = _C(
    r"\b(?:don'?t|dont|do not|didn'?t) deserve (?:to eat|food|dinner|lunch|breakfast|a meal|"
    r"to have (?:food|dinner|lunch|breakfast|a meal))\b|\bonly (?:let|allow) myself (?:to )?eat\b|"
    r"\b(?:scared|afraid|terrified|frightened|petrified) (?:of|to) (?:eat\w*|food)\b[^.]{0,40}\b"
    r"(?:gain\w*|fat|weight|calories)\b|"
    r"\b(?:fast(?:ing)?|off) days?\b[^.]{0,30}\bwater[- ]only\b|\bwater[- ]only (?:days?|fasts?)\b|"
    r"\b(?:eat\w*|having|living on|surviving on) (?:like |about |only |just |maybe |around )*"
    r"(?:\d|one|two|three|a few|a couple of|half an?) \w+(?: \w+)? (?:a|per|each) day (?:to|so i "
    r"(?:can|could)) (?:lose|drop|cut|make) (?:weight|\d+)\b|\bhaven'?t earned (?:my |the |that |a )?"
    r"(?:food|dinner|lunch|breakfast|meal)\b|\bpunish\w*\b|"
    r"\b(?:if|when|whenever|every time|each time|any ?time) i (?:eat|ate|go over|went over|have|"
    r"binge|overeat|slip)\b[^.]{0,60}\b(?:make myself|have to|must|(?:i )?(?:do|add) an? (?:extra|"
    r"additional)|i (?:run|burn|exercise|train|do \d))"
)
_FOOD_DISGUST = _C(
    r"\b(?:ate|eat\w*|had)\b[^.]{0,40}\b(?:felt|feel|feeling) (?:so |really |totally |absolutely )?"
    r"(?:disgust\w*|gross|ashamed|fat|huge|revolting|guilty)\b"
)
_EXERCISE_AFTER = _C(
    r"\bi (?:ran|went (?:for a|out for a) (?:run|ride|walk)|did an? (?:extra )?\w+|exercised|"
    r"trained|biked|cycled|rowed|worked out|burned|burnt)\b|\bstill (?:feel|look|am) (?:so |really )?"
    r"(?:huge|fat|enormous|massive|gross)\b"
)
# One small food a day: "I only eat one apple a day" (not one meal, or one coffee).
_ONE_FOOD = _C(
    r"\bonly (?:eat|eating|have|having|ate|had|allow myself) (?:one|a single|1|half an?|an?) "
    r"(?!(?:meal|big|large|huge|proper|main|dinner|lunch|breakfast|coffee|tea|beer|drink|"
    r"glass|cup|shake|protein)\b)\w+ (?:a|per|each) day\b"
)
_COMPENSATE = _C(
    r"\b(?:if|when|whenever) i eat\b[^.]{0,60}\b(?:make myself|have to|must) (?:run|burn|"
    r"exercise|work)\b|\bto make up for (?:it|eating|what i ate)\b"
)
_AMENORRHOEA = _C(
    r"\b(?:haven'?t|not|no) (?:had )?(?:a |my )?periods?\b|\bperiods? (?:stopped|gone)\b"
)
_WEIGHT_LOSS = _C(
    r"\b(?:lost|dropped|losing) \d+(?:\.\d+)? ?(?:kg|kilos?|lbs?|pounds|stone)\b|\b(?:eating|"
    r"eat|intake) (?:way |well |much )?(?:under|below|less than) \d+\b"
)
_UNDER_INTAKE = _C(
    r"\b(?:eating|eat|intake|living on|having) (?:way |well |much )?(?:under|below|less than) "
    r"(\d{3,4})\b"
)
_REPORTED = _C(r"\b(?:reckons|thinks|says|said|claims|accuses me of)\b[^.]{0,25}$")
_DEVICE_FAULT = _C(
    r"\b(?:strap|watch|monitor|sensor|tracker|device|reading|oximeter)(?:'?s| is| must be| was)? "
    r"(?:\w+ ){0,3}?(?:broken|faulty|glitch\w*|bugged|playing up|acting up|malfunction\w*|wrong|"
    r"inaccurate)\b|\bit(?:'?s| is| must be) (?:\w+ )?(?:broken|faulty|glitch\w*|bugged|playing "
    r"up|malfunctioning)\b"
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


def _glucose_flag(text: str, diabetes: bool) -> bool:
    """A reading of low or very high blood glucose (a bare number is mmol/L up to 35, mg/dL
    above): below 3.9 mmol/L (70 mg/dL) or 16.7 mmol/L (300 mg/dL) and over (ADA 2024, 6).
    A number without a unit counts only for someone who says they have diabetes."""
    for m in _GLUCOSE().finditer(text):
        value = float(m.group(1))
        unit = m.group(2) or ""
        if not unit and not diabetes and m.group(0).startswith("sugar"):
            continue  # "sugar 30" on a label is grams; "blood sugar", "glucose" are readings
        mmol = value if ("mmol" in unit or (not unit and value <= 35)) else value / 18.0
        if 0.5 < mmol < 3.9 or mmol >= 16.7:
            return True
    return False


def _concept_flags(text: str, plain: str) -> list[str]:
    """Red-flag kinds that combinations of concepts give (see the section comment); ``plain``
    is ``text`` without exercise words."""
    clauses = _clauses(plain)
    sentences = _sentences(plain)
    flags: list[str] = []

    # Chest pain: a site and a quality together, or arm or jaw symptoms with a chest symptom.
    if _near(_CHEST_SITE, _CHEST_QUALITY, clauses) or (
        _has(_ARM_JAW, clauses) and _near(_CHEST_SITE, _CHEST_QUALITY, sentences)
    ):
        flags.append("chest_pain")
    elif _has(_ARM_SIGN, clauses) and _has(_JAW_SIGN, clauses):
        flags.append("chest_pain")  # referred cardiac pain: arm and jaw together, no chest word
    if _has(_STROKE, clauses):
        flags.append("stroke_signs")
    if _has(_DARK_URINE, sentences) and _has(_MUSCLE_SWOLLEN, sentences):
        flags.append("rhabdomyolysis")

    # Fainting in other words ("ended up on the floor"), not sleep ("passed out on the sofa").
    figurative = _has(_SLEEP_FIGURE, clauses)
    if (_has(_COLLAPSE, clauses) or _near(_PRESYNCOPE, _FELL, sentences)) and not figurative:
        flags.append("fainting")

    # Palpitations or a very high heart rate at rest.
    rest = _has(_REST, clauses)
    fast_at_rest = False
    if rest and _HEART_WORD().search(text):
        for clause in clauses:
            if _EXERTION().search(clause):
                continue
            if any(120 <= int(n) <= 260 for n in _RATE().findall(clause)):
                fast_at_rest = True
    resting = any(int(m.group(1)) >= 120 for m in _RESTING_HR().finditer(text))
    # A number the athlete blames on a faulty sensor is not a reading ("strap says 210 at rest,
    # pretty sure it's broken"); a symptom they feel still counts.
    if _DEVICE_FAULT().search(text):
        fast_at_rest = resting = False
    # A heart that raced on the hills and has settled is exertion, not palpitations at rest.
    palpitation_clauses = [c for c in clauses if _found(_PALPITATION(), c)]
    exercise_heart = any(_EXERTION().search(c) for c in palpitation_clauses) or _has(
        _RECOVERED, clauses
    )
    if (rest and palpitation_clauses and not exercise_heart) or fast_at_rest or resting:
        flags.append("palpitations_at_rest")

    # Breathlessness at rest or on minimal effort, blue lips, or with pain on breathing in.
    # Breathlessness that came with exercise and passed ("panting after sprints, sitting down
    # now") is normal exertion, even with a rest word nearby.
    breath_clauses = [c for c in clauses if _found(_BREATH(), c)]
    breath = bool(breath_clauses)
    exertional = any(_EXERTION().search(c) for c in breath_clauses) or _has(_RECOVERED, clauses)
    asthma = _has(_ASTHMA, clauses)
    if (
        breath
        and (
            (rest and not exertional)
            or _has(_MINIMAL_EXERTION, breath_clauses)
            or _has(_PLEURITIC, clauses)
        )
    ) or _has(_CYANOSIS, clauses):
        flags.append("severe_breathlessness")

    # Blood coughed up, spat or vomited (not a nosebleed, gums, blood sugar or giving blood).
    if _near(_BLOOD, _EMISSION, sentences) and not re.search(r"\bgave blood\b|\bnose ?bleed", text):
        flags.append("coughing_vomiting_blood")

    # A blow to the head with a neurological sign afterwards (NICE NG232).
    if (
        (_has(_HEAD_TRAUMA, clauses) and _has(_NEURO, clauses))
        or (_has(_BLOW, clauses) and _has(_NEURO_MAJOR, clauses))
        or (_has(_CRASH, clauses) and (_has(_NEURO_MAJOR, clauses) or _has(_BLURRED, clauses)))
    ):
        flags.append("head_injury_signs")

    # Acute injury: deformity, unable to bear weight or move after trauma, rapid swelling.
    trauma = _has(_TRAUMA, clauses)
    if (
        (_has(_DEFORMITY, clauses) and not _CHRONIC().search(text))
        or (_has(_NO_WEIGHT, clauses) and (trauma or _has(_BRUISE_SWELL, clauses)))
        or (_has(_CANT_MOVE, clauses) and (trauma or _has(_LOCKED, clauses)))
        or _near(_RAPID_SWELLING, _BRUISE_SWELL, clauses)
        or (_near(_BRUISE_SWELL, _TRAUMA, sentences) and _has(_NO_WEIGHT, clauses))
    ):
        flags.append("acute_injury")

    # A swollen calf or leg with warmth, redness, travel, surgery, immobility or pregnancy.
    if (
        _near(_LEG_SITE, _LEG_SWELL, sentences)
        and _has(_CLOT_RISK, clauses)
        and not _bilateral_only(text)
    ):
        flags.append("dvt_signs")

    # Cauda equina: bladder or bowel change with back or leg symptoms, saddle numbness, or
    # new symptoms in both legs with back pain (NICE CKS).
    if (
        (_has(_BLADDER, clauses) and _has(_BACK, clauses))
        or _has(_SADDLE_NUMB, clauses)
        or (_has(_BOTH_LEGS, clauses) and _has(_BACK, clauses))
    ):
        flags.append("cauda_equina_signs")

    # Pregnancy with an ACOG warning sign (a mild headache alone is not one).
    if _has(_PREGNANT, clauses):
        for clause in clauses:
            sign = _found(_PREGNANCY_SIGN(), clause)
            if sign and not (sign.group(0).startswith("head") and _MILD().search(clause)):
                flags.append("pregnancy_warning_signs")
                break

    # Heat illness: heat with a central-nervous-system sign, vomiting or a core temperature
    # of 40 °C or more (ACSM 2023 exertional heat illness).
    hot = _has(_HEAT, clauses)
    temps = [float(m.group(1)) for m in _CORE_TEMP().finditer(text)]
    if (hot and (_has(_CNS, clauses) or len(_all_found(_HEAT_SIGN, clauses)) >= 2)) or (
        any(40.0 <= t <= 43.0 for t in temps) and _has(_NEURO, clauses)
    ):
        flags.append("heat_illness")

    # Diabetes with a low or very high reading, ketones, or hypo symptoms (ADA 2024).
    diabetes = _has(_DIABETES, clauses)
    if _glucose_flag(text, diabetes) or (
        diabetes and (_has(_HYPER_SIGN, clauses) or _has(_HYPO_SIGN, clauses))
    ):
        flags.append("glycaemic_emergency")

    # Asthma that the reliever does not relieve, or that stops speech (BTS/SIGN 158).
    if asthma and (_has(_UNRELIEVED, clauses) or (breath and _has(_CYANOSIS, clauses))):
        flags.append("asthma_unrelieved")

    # Self-harm said indirectly; the uncertainty words are not negation here.
    weak = [_SH_HOPELESS, _SH_FINAL, _SH_GIVING]
    if (
        any(_SELF_HARM_INDIRECT().search(c) or _SELF_HARM_MORE().search(c) for c in clauses)
        or _has(_SELF_HARM_PAST, sentences)
        or (_has(_SH_DEATH_WORD, clauses) and _has(_SH_NOT_JOKING, clauses))
        or sum(any(p().search(c) for c in clauses) for p in weak) >= 2
    ):
        flags.append("self_harm")

    # Disordered eating: purging, laxatives, compensating for food, amenorrhoea with weight
    # loss, or an intake under 1000 kcal (NICE NG69). Not someone else's claim about it.
    under = [int(m.group(1)) for m in _UNDER_INTAKE().finditer(text)]
    if (
        _has(_PURGE, clauses)
        or (_has(_PURGE_FOOD, clauses) and _FOOD().search(text) is not None)
        or _has(_COMPENSATE, sentences)
        or (_has(_FOOD_RULE, sentences) and _FOOD().search(text) is not None)
        or (_has(_FOOD_DISGUST, sentences) and _has(_EXERCISE_AFTER, sentences))
        or _has(_FASTING, clauses)
        or _has(_ONE_FOOD, clauses)
        or (_has(_AMENORRHOEA, clauses) and _has(_WEIGHT_LOSS, clauses))
        or any(n <= 1000 for n in under)
    ):
        flags.append("extreme_diet")
    return flags


# --- injuries ---------------------------------------------------------------------------------

_REGIONS: tuple[tuple[str, str | None], ...] = (
    (r"upper back|between (?:my )?shoulder blades|thoracic|\brhomboids?\b|\btraps?\b", "upper_back"),
    (r"rotator cuff|shoulders?|\bac joint\b|labrum", "shoulder"),
    (r"tennis elbow|golfer'?s elbow|elbows?", "elbow"),
    (r"wrists?|carpal tunnel|\bhands?\b|fingers?|thumbs?", "wrist"),
    (r"\bneck\b|cervical", "neck"),
    (r"lower back|low back|lumbar|\bspine\b|\bdisc\b|sciatica|\bback\b|\bsi joint\b|tailbone", "lower_back"),
    (r"\bhips?\b|groin|hip flexors?|\bglutes?\b|\bbutt\b|\bpiriformis\b|\bhamstrings?\b|\bhammy\b", "hip"),
    (r"\bknees?\b|\bacl\b|\bmcl\b|\bpcl\b|meniscus|patell(?:a|ar)|kneecap|\bit band\b", "knee"),
    (r"ankles?|achilles|\bfoot\b|\bfeet\b|\bheels?\b|plantar|\bshins?\b|shin splints|\bcalf\b|\bcalves\b|\btoes?\b", "ankle"),
    # Chest pain is a red flag, never an injury mention; these muscles have no region.
    (r"\bquads?\b|\bthigh\b|\bbiceps?\b|\btriceps?\b|\bforearms?\b|\bribs?\b|\bpecs?\b|\babs?\b", None),
)  # fmt: skip
_INJURY_WORDS = _lazy(
    r"\b(?:injur(?:ed|y|ies)|sprain(?:ed)?|strain(?:ed)?|torn|tore|tear|pulled|tweaked|broke|"
    r"broken|fractur(?:e|ed)|dislocat(?:ed|ion)|rolled|twisted|ruptured?|popped|hyperextended|"
    r"jammed|bruised|herniated|slipped disc|tendinitis|tendonitis|bursitis|whiplash|"
    r"rolled my|gave out|buckled)\b"
)
_PAIN_WORDS = _lazy(
    r"\b(?:pain(?:ful|s)?|hurts?|hurting|aches?|aching|achy|twinges?|sharp|throbbing|stabbing|"
    r"swollen|swelling|killing me|sore|tender|clicking|clicks|grinding|numb(?:ness)?|tingling|"
    r"stiff|niggle|niggling|bothering me|acting up|flare[d ]? up|flaring|problems?|issues?|trouble|"
    r"imping\w*|pinch(?:es|ing|ed|y)?|catch(?:es|ing)|locks? up|gives? way)\b"
)
# Muscle soreness after training is not pain worth a referral (DOMS); joint soreness is.
_MUSCLE_ONLY = _lazy(r"\b(?:legs?|quads?|hamstrings?|glutes?|calves|calf|arms?|biceps|triceps|pecs?|chest|abs|lats|traps|whole body|everything|body|muscles?)\b")  # fmt: skip


def _region(clause: str) -> tuple[str | None, str] | None:
    for pattern, region in _REGIONS:
        if m := re.search(pattern, clause):
            return region, m.group(0)
    return None


def _injury(text: str) -> InjuryMention | None:
    for clause in _clauses(_EXERCISE_WORDS().sub(" ", text)):
        found = _region(clause)
        if found is None:
            continue
        region, part = found
        if _found(_INJURY_WORDS(), clause):
            return InjuryMention("injury", region, part)
        pain = _found(_PAIN_WORDS(), clause)
        if pain is None:
            continue
        soreness_only = pain.group(0) in ("sore", "stiff", "achy", "aching")
        if soreness_only and _MUSCLE_ONLY().search(part) and not re.search(r"\b(?:sharp|joint)\b", clause):  # fmt: skip
            continue
        return InjuryMention("pain", region, part)
    return None


# --- prompt injection and other athletes' data --------------------------------------------------

_INJECTION = (
    (
        "instruction override",
        r"\b(?:ignore|disregard|forget|override|bypass|drop|skip) (?:all |any |every |the |your |"
        r"my |previous |prior |earlier |above |these |those |of |safety |system |"
        r"original |initial )*(?:instructions?|rules|prompts?|guidelines|guardrails|restrictions|"
        r"programming|directives|system prompt|safety (?:rules|checks|filters?)|filters?|"
        r"everything (?:you were told|above|before))\b|\bnew instructions?:|\bfrom now on,? "
        r"(?:you|ignore|act|respond|answer)\b|\bno (?:rules|restrictions|limits|filters) "
        r"(?:apply|anymore|mode)\b|\bpretend (?:you|there) (?:are|have|is) no (?:rules|"
        r"restrictions|limits|guidelines)|\bjailbreak|\bdan mode\b|\bdo anything now\b|"
        r"\bdeveloper mode\b|\bgod mode\b|\bunrestricted mode\b|\bsafety (?:off|disabled)\b|"
        r"\bturn off (?:the |your )?(?:safety|filters?|guardrails)",
    ),
    (
        "role claim",
        r"\byou are now (?:an? |the |my |in )?(?:admin|administrator|developer|root|superuser|"
        r"system|unrestricted|jailbroken|free|dan|different|new|evil|unfiltered|doctor)\b|"
        r"\b(?:i am|i'm|im|this is) (?:the |an |a |your )?(?:admin|administrator|developer|dev|"
        r"root|superuser|sysadmin|system administrator|operator|owner of this|creator|ceo|"
        r"support team|openai|anthropic|engineer who built you|moderator)\b|\bas (?:an? |the |"
        r"your )?(?:admin|administrator|developer|root|superuser)\b|\b(?:act|behave|respond) as "
        r"(?:an? |the )?(?:admin|administrator|developer|root|superuser|system|unrestricted|"
        r"different ai|doctor)\b|\b(?:admin|root|sudo|superuser) (?:mode|access|privileges?|"
        r"rights|override|command)\b|^sudo\b|\bgrant me (?:admin|access|root)|"
        r"\belevate my (?:privileges|role|access)\b|\bswitch (?:me )?to (?:admin|coach) (?:role|mode)",
    ),
    (
        "system prompt extraction",
        r"\b(?:system|initial|hidden|original|secret|internal) (?:prompt|instructions|message|"
        r"rules|config(?:uration)?)\b|\b(?:reveal|show|print|repeat|output|tell me|display|dump|"
        r"leak|paste|give me|what are) (?:me )?(?:your|the) (?:instructions|prompt|rules|"
        r"guidelines|configuration|source code|api keys?|secrets?|tokens?|password)\b|"
        r"\brepeat (?:everything|the text|the words) (?:above|before)\b|\bwhat were you told\b|"
        r"\bapi[_ ]?key\b|\benvironment variables?\b|\b(?:database|db) (?:password|credentials|dump)",
    ),
    (
        "another athlete's data",
        r"\b(?:log ?in|sign ?in|switch|impersonate|become|act as|access|use) (?:as |to |into )?"
        r"(?:another|a different|someone else'?s?|other|user \d+|athlete \d+|\w+'s account)\b|"
        r"\bimpersonate\b|\bwho else (?:uses|trains|is on)\b",
    ),
    (
        "database access",
        r"\bselect \* from\b|\bdrop table\b|\bunion select\b|\bdelete from\b|;\s*--|"
        r"\b(?:dump|export|download|list|show) (?:the |all |every )?(?:whole )?(?:database|db|"
        r"tables?|users|accounts|athletes|members|user list|athlete list)\b|\bor 1 ?= ?1\b",
    ),
)
_DATA_NOUN = (
    r"(?:data|plans?|programs?|weight|weights|hrv|logs?|workouts?|sleep|stats|profile|metrics|"
    r"records|history|health|heart ?rate|resting hr|readings|sessions?|numbers|results|info|"
    r"information|details|flags?|injur(?:y|ies)|email|password|account|spo2|measurements|"
    r"progress|diary|messages|notes|calories|food|meals|lifts|prs?|training|body fat)"
)
_OTHER_ATHLETE = (
    rf"\b(?:user|athlete|account|member|client|id|uid|profile|customer|patient)\s*(?:#|no\.?|"
    rf"number|id)?\s*\d+\b|\b(?:another|other|others'?|someone else'?s?|somebody else'?s?|"
    rf"everyone'?s?|everybody'?s?|all (?:the )?(?:other )?(?:users|athletes|members|clients)'?|"
    rf"other (?:users|athletes|people|members|clients)'?) ?(?:'s )?(?:\w+ ){{0,2}}{_DATA_NOUN}\b|"
    rf"\b(?:my |our )?(?:friend|wife|husband|partner|teammate|girlfriend|boyfriend|brother|"
    rf"sister|mum|mom|dad|son|daughter|roommate|flatmate|colleague|neighbou?r|ex|training "
    rf"partner|gym buddy|client|coworker)'?s? (?:\w+ ){{0,2}}{_DATA_NOUN}\b|"
    rf"\b(?:log ?in|sign ?in|switch|impersonate) (?:as|to) (?:another|a different|someone|"
    rf"user|athlete|\w+'s account)|\bwho else (?:uses|trains|is on)|"
    rf"\b(?:data|plans?|logs?|weight|hrv|workouts?|sleep|stats|profile|records|history) "
    rf"(?:of|for|from|belonging to) (?:user|athlete|account|member|someone|somebody|another|"
    rf"other|every|all)\b"
)
_NOT_NAMES = {
    "today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "week", "month", "year", "night", "morning", "last", "this", "next",
    "coach", "fitcoach", "today's", "it", "that", "what", "let", "here", "there", "everyone",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "my", "i", "weekend", "tonight", "yesterday's",
}  # fmt: skip
_NAMED_DATA = _lazy(rf"\b([A-Z][a-z]+)'s (?:\w+ ){{0,2}}{_DATA_NOUN}\b")
_ASK = _lazy(
    r"\b(?:show|give|get|see|read|tell|list|what|what'?s|how|send|share|access|open|look|check|"
    r"pull|fetch|display|compare|export|download|view|find)\b"
)


def _injection(raw: str, text: str) -> list[str]:
    reasons = [name for name, pattern in _INJECTION if re.search(pattern, text)]
    asking = _ASK().search(text) is not None
    if asking and re.search(_OTHER_ATHLETE, text):
        reasons.append("another athlete's data")
    elif asking:
        for m in _NAMED_DATA().finditer(raw.replace("’", "'")):
            if m.group(1).lower() not in _NOT_NAMES:
                reasons.append("another athlete's data")
                break
    return list(dict.fromkeys(reasons))


# --- medical requests -------------------------------------------------------------------------

_DRUGS = (
    r"ibuprofen|advil|motrin|nurofen|paracetamol|acetaminophen|tylenol|panadol|aspirin|naproxen|"
    r"aleve|diclofenac|voltaren|painkillers?|pain killers?|pain meds|medications?|medicines?|"
    r"meds|pills?|tablets?|insulin|metformin|steroids?|prednisone|cortisone|antibiotics?|"
    r"beta[- ]?blockers?|statins?|blood pressure (?:meds|medication|pills)|inhaler|salbutamol|"
    r"albuterol|codeine|tramadol|opioids?|oxycodone|sleeping pills|melatonin|antidepressants?|"
    r"ssris?|sertraline|adderall|testosterone|trt|sarms?|anavar|clenbuterol|hgh|epo|"
    r"muscle relaxants?|anti[- ]?inflammator(?:y|ies)|nsaids?|xanax|valium|diazepam|viagra"
)
_MEDICATION = _lazy(
    rf"\b(?:how (?:much|many|often)|what dose|which dose|dosage|dosing|\d+ ?mg|mg of|milligrams|"
    rf"should i (?:take|use|stop|start|up|increase|double|inject|cycle)|can i (?:take|use|mix|"
    rf"double|stop)|is it (?:ok|okay|safe|fine) to (?:take|mix|use|stop)|what (?:should|can) i "
    rf"take|prescribe|recommend (?:a|some|me)?\s*(?:\w+ )?(?:dose|drug|pill|medication|painkiller)|"
    rf"take (?:\d+|a|an|some|more|extra)|pop (?:a|some)|run a cycle|cycle of|safe dose|"
    rf"maximum dose|max dose|how to (?:take|use|dose|inject))\b[^.?!]*\b(?:{_DRUGS})\b|"
    rf"\b(?:{_DRUGS})\b[^.?!]*\b(?:how (?:much|many|often)|dose|dosage|dosing|\d+ ?mg|should i|"
    rf"can i|is it (?:ok|okay|safe)|before (?:training|my workout|the gym|lifting)|with "
    rf"(?:alcohol|caffeine|creatine|pre[- ]?workout))\b|\bprescribe\b|\bwhat (?:drug|medication|"
    rf"medicine|pill)s? (?:should|can|do) i\b|\bwhat should i take for\b"
)
_DIAGNOSIS = _lazy(
    r"\bdiagnos(?:e|is|ing)\b|\bdo (?:you think )?i have (?:an? |the )?(?:\w+ ){0,3}(?:tear|torn|"
    r"fracture|disease|condition|syndrome|itis|infection|arthritis|tendinitis|tendonitis|"
    r"hernia|asthma|diabetes|covid|cancer|disorder|injury|problem|issue|afib|a-fib|"
    r"arrhythmia|concussion|sprain|strain|stress fracture|heart (?:problem|condition|disease))\b|"
    r"\bwhat(?:'s| is) wrong with (?:me|my)\b|\bwhat (?:condition|disease|injury) (?:do i|is "
    r"it|could it be|have i)\b|\bis (?:it|this|that) (?:an? |my )?(?:\w+ ){0,2}(?:tear|torn|"
    r"fracture|broken|sprain|strain|tendinitis|tendonitis|bursitis|hernia|infection|heart attack|"
    r"stroke|serious|cancer|arthritis|meniscus|acl|rotator cuff|plantar fasciitis|sciatica|"
    r"concussion|herniated disc|slipped disc|afib|normal)\b|\bcould (?:it|this|that) be (?:an? )?"
    r"(?:\w+ ){0,3}(?:tear|fracture|sprain|strain|heart|stroke|tendinitis|tendonitis|serious|"
    r"infection|arthritis|hernia|disc|acl|meniscus|cancer|afib|asthma)\b|\bam i having an? "
    r"(?:heart attack|stroke|panic attack|seizure)\b|\bdo i need (?:surgery|an? (?:mri|x-?ray|"
    r"scan|operation))\b|\bwhat(?:'s| is) causing (?:my|this|the)\b|\bwhat does (?:my|this) "
    r"(?:ecg|ekg|blood test|mri|x-?ray|scan) (?:show|mean|say)\b|\binterpret my (?:ecg|ekg|"
    r"blood (?:test|work)|mri|x-?ray|scan)\b"
)


def _medical(text: str) -> Literal["diagnosis", "medication"] | None:
    if _MEDICATION().search(text):
        return "medication"
    if _DIAGNOSIS().search(text):
        return "diagnosis"
    return None


def screen(text: str) -> Screen:
    """What the guardrails find in one message (pure, deterministic; never raises)."""
    if not isinstance(text, str) or not text.strip():
        return Screen()
    raw = text[:5000]
    lowered = _prepare(raw)
    red_flags, spo2 = _red_flags(lowered)
    reasons = _injection(raw, lowered)
    return Screen(
        red_flags=red_flags,
        spo2=spo2,
        injury=_injury(lowered),
        injection=bool(reasons),
        injection_reasons=reasons,
        medical_request=_medical(lowered),
    )


# --- messages ---------------------------------------------------------------------------------

INJURY_MESSAGE = (
    "Please don't train through pain{where}. Stop any exercise that provokes it, keep the area "
    "moving gently only within what is pain-free, and favour exercises that avoid it "
    "(I'll suggest substitutes that leave it out). Have it assessed by a physiotherapist or "
    "doctor before loading it again. If the pain is severe, the area is swollen or deformed, "
    "you feel numbness or weakness, or you cannot bear weight, seek urgent care."
)
MEDICATION_MESSAGE = (
    "I can't advise on medication, supplements with drug effects or doses. Please ask a "
    "doctor or pharmacist, who can take your health and other medicines into account."
)
DIAGNOSIS_MESSAGE = (
    "I can't diagnose what is going on: fitcoach is not a medical device. Please see a doctor "
    "or physiotherapist, who can examine you. Until then, avoid anything that makes it worse."
)
INJECTION_MESSAGE = (
    "I can only help with your own training and your own data, and my instructions and "
    "permissions don't change during a conversation."
)


def escalation_message(result: Screen) -> str:
    """What to tell the athlete about what ``screen`` found ("" when nothing was found).

    Red flags come first and replace all training advice: the safety rules' escalation
    message, the same one a stored flag gives (self-harm first, with crisis help: the
    emergency number and a crisis line, no invented phone number; then stop now, the local
    emergency number for chest pain and fainting, see a doctor). Then injuries, medical
    requests and injections, each a referral or a refusal.
    """
    parts: list[str] = []
    if result.red_flags:
        return flag_escalation(result.red_flags)
    if result.injury is not None:
        where = f" in your {result.injury.region.replace('_', ' ')}" if result.injury.region else ""
        parts.append(INJURY_MESSAGE.format(where=where))
    if result.medical_request == "medication":
        parts.append(MEDICATION_MESSAGE)
    elif result.medical_request == "diagnosis":
        parts.append(DIAGNOSIS_MESSAGE)
    if result.injection:
        parts.append(INJECTION_MESSAGE)
    return "\n\n".join(parts)


def injury_constraints(result: Screen, base: Constraints | None = None) -> Constraints:
    """``base`` constraints that also avoid the injured region (for substitutes), if any."""
    constraints = base or Constraints()
    if result.injury is None or result.injury.region is None:
        return constraints
    return replace(constraints, regions=constraints.regions | {result.injury.region})
