"""Prompt injection: instruction overrides, role claims, system-prompt extraction, and
requests for another athlete's data."""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.vocabulary import _lazy

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
