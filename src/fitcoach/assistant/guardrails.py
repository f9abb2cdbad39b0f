"""Guardrails: screen every message before the coach answers it.

``screen(text)`` finds, with deterministic rules:

- **red flags** (kinds as in ``coach/rules/safety.yaml``: ``chest_pain``, ``fainting``
  (blacking out included), ``severe_breathlessness``, ``low_resting_spo2`` with the reading
  when one is given and below 90 %, ``palpitations_dizziness``, ``acute_injury`` (a pop with
  swelling), ``dvt_signs`` (a swollen calf that is hot, red or tender, or came after a flight,
  a long drive or surgery), ``cauda_equina_signs`` (numbness or back pain with bladder or bowel
  changes, or saddle numbness), ``extreme_diet`` (an intake of 800 kcal a day or less, days
  without food, purging) and ``self_harm``). Any red flag means no training advice at all:
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
  phrases ("want to die", "kill myself", "hurt myself") always count, jokes included.
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
        # A negation counts within the 4 words before the match: "no chest pain", "I don't
        # have any chest pain", but not "pretend there are no rules ... chest pain".
        before = " ".join(_UNCERTAIN().sub(" ", clause[: m.start()]).split()[-4:])
        if not _NEGATION().search(before):
            return m
    return None


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
    r"\b(?:kill(?:ing)? myself|suicid(?:e|al)|end(?:ing)? my (?:own )?life|end it all|"
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
    return any(_found(_STARVING(), c) for c in _clauses(plain))


def _red_flags(text: str) -> tuple[list[str], float | None]:
    flags: list[str] = []
    spo2: float | None = None
    clauses = _clauses(_EXERCISE_WORDS().sub(" ", text))
    palpitations = dizzy = False
    for clause in clauses:
        if _found(_CHEST_PAIN(), clause):
            flags.append("chest_pain")
        if _found(_FAINTING(), clause):
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
    if any(_found(_CALF_SWOLLEN(), s) for s in _sentences(text)) and _CLOT_CONTEXT().search(text):
        flags.append("dvt_signs")
    bladder = any(_found(_BLADDER_BOWEL(), c) for c in clauses)
    if (bladder and _NUMB_OR_BACK().search(text)) or any(_found(_SADDLE(), c) for c in clauses):
        flags.append("cauda_equina_signs")
    if _low_intake(text):
        flags.append("extreme_diet")
    return list(dict.fromkeys(flags)), spo2


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
    r"stiff|niggle|niggling|bothering me|acting up|flare[d ]? up|flaring|problems?|issues?|trouble)\b"
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
