"""Numbers of the story told around a log (issue 57, corpus-57l writer BV: people who tell
stories rather than log): a person's age, a year, a match's score, the weather's temperature,
people counted, a label quoted, a moment inside the session. No log keeps any of them, so none is
a reason to ask; each class is recognised by its own shape, and a number a log could keep (a
load, reps, sets, a time, a distance: its unit or an ``x`` beside it) never matches one.

- an age: "I'm 67 and in April I couldn't ...", "she's 26", "he's about 80", "a 2 year old";
- a year: "since my wedding, which was in 2009", "a bench from about 1987", "2000s emo";
- a score: "we lost 3-0", "won 2-1";
- a temperature: "9 degrees", "-5 out", "30°C";
- people counted: "14 seven-year-olds", "THREE different men asked";
- a label in quotes: "a box labelled 'misc 2'";
- a moment in the session: "around minute 4", "at mile 20", "by lap 3";
- a record beaten by so much: "that's a PR by 5";
- a part of a time told inside it: "took 50 min including the 10 min I spent looking for a clip".
"""

from __future__ import annotations

import re

_NOT_AN_AGE_AFTER = re.compile(
    r"\s*(?:[x*×/:.,]\s*\d|kgs?\b|kilos?\b|lbs?\b|pounds?\b|st\b|stones?\b|mins?\b|minutes?\b|"
    r"secs?\b|k\b|km\b|mi\b|miles?\b|m\b|reps?\b|sets?\b|%|weeks?\b|wks?\b|days?\b|months?\b|"
    r"hours?\b|h\b|hrs?\b|cm\b|in\b|inches\b|ft\b|g\b|kcal\b|cals?\b|bpm\b|ms\b|percent\b|"
    r"of\b|out of\b|sessions?\b|times?\b|rounds?\b|laps?\b|push|pull|squat|burpee)"
)
# "I'm 67", "she's 26", "he's about 80", "my dad turned 70", "aged 58"
_AGE_BEFORE = re.compile(
    r"(?:^|\b)(?:i'?m|i am|she'?s|he'?s|they'?re|she is|he is|(?:she|he|i|dad|mum|mom) (?:was|turned|turns)|"
    r"turned|turning|aged?|"
    # "my coach is 72", "the eldest is 30", "my nan just turned 90"
    r"(?:my|his|her|our|their|the)\s+(?:[a-z]+\s+)?(?:coach|trainer|physio|doctor|boss|dad|father|mum|"
    r"mom|mother|son|daughter|husband|wife|partner|nan|nana|gran|granny|grandma|grandad|grandpa|"
    r"brother|sister|kid|kids|eldest|youngest|baby|friend|mate|neighbou?r|uncle|aunt|dog|cat)"
    r"\s+(?:is|was|turned|turns|just turned|will be)"
    r")\s+(?:about\s+|nearly\s+|almost\s+|like\s+|only\s+|just\s+)?$"
)
# "a 55 year old", "a 2-year-old", "14 seven-year-olds", "65 yo", "40 years old"
_YEARS_OLD = re.compile(r"\s*-?\s*(?:years?|yrs?)[\s-]*olds?\b|\s*(?:yo|y/o|y\.o\.)\b")
# A year: after a word that leads one, or a decade ("the 2000s"); never a quantity with its unit
_YEAR = re.compile(r"(?<![\d.:/-])(?:19[3-9]\d|20[0-4]\d)(?![\d.:])")
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|from|of|back in|circa|about|around|until|till|before|after|summer|winter|"
    r"spring|autumn|fall|class of|born|built|made|bought|married|wedding)\s*(?:about\s+|around\s+)?$"
)
_QUANTITY_AFTER = re.compile(
    r"\s*(?:[x*×]|m\b|metres?|meters?|yds?\b|yards?|kcal|cals?\b|calories|kj\b|steps|reps?\b|"
    r"lbs?\b|kgs?\b|g\b|ml\b|mg\b|ft\b|feet|k\b|km\b|mi\b|miles?|secs?\b|s\b|mins?\b|points?|pts)"
)
_SCORE = re.compile(
    r"\b(?:won|lost|drew|drawn|beat|beaten|score was|final score|finished)\b[^.!?\d]{0,25}?"
    r"\d{1,2}\s*[-–]\s*\d{1,2}\b(?!\s*(?:kgs?|lbs?|reps?|sets?|mins?|x))|"
    r"(?<![\d.])\d{1,2}\s*[-–]\s*\d{1,2}\s+(?:win|loss|defeat|victory|draw)\b"
)
_TEMPERATURE = re.compile(
    r"(?:-|minus\s*)?\d{1,3}(?:\.\d)?\s*(?:°\s*[cf]?|degrees?\b|degs?\b)|"
    r"(?<![\w.])(?:-|minus\s*)\d{1,2}\s*(?:c\b|f\b)?\s*(?=(?:out|outside|this morning|today|overnight)\b)"
)
# (days95: never across a joining word, "4 sets of 20 while the kids napped": the reps, then
# when they were done)
_PEOPLE = re.compile(
    r"(?<![\d.])\d{1,3}\s+(?:(?!(?:while|whilst|when|as|after|before|because|cos|since|until|"
    r"till|then|and|but|so|with|w)\b)[a-z]+[\s-]+){0,2}?(?:men|women|people|guys|lads|blokes|girls|boys|"
    r"kids|children|folks|strangers|friends|mates|others|(?:[a-z]+-)?year-olds)\b"
)
_QUOTED_LABEL = re.compile(
    r"\b(?:labelled|labeled|called|named|titled)\s+['\"‘“][^'\"’”]{0,30}['\"’”]"
)
_MOMENT = re.compile(
    r"\b(?:around|at|by|after|from|until|till|on|during)\s+(?:about\s+)?(?:the\s+)?"
    r"(?:minute|mile|km|lap|round|hole|length|kilometre|kilometer)\s+\d{1,3}\b(?!\s*(?:[x*:]|of\b))"
)

_RECORD_BY = re.compile(
    r"\b(?:pr|pb|prs|pbs|record|best)\s+by\s+(?:about\s+|around\s+)?\d+(?:\.\d+)?"
    r"(?:\s*(?:kgs?|lbs?|kilos?|pounds?|reps?|secs?|seconds?|s)\b)?"
)
_PART_OF_TIME = re.compile(
    r"\b(?:including|incl\.?|counting)\s+(?:the\s+|a\s+)?(?:about\s+|like\s+)?\d+\s*(?:mins?|minutes?|secs?|seconds?)\b"
)


def _inside(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    return any(p.start() <= m.start() < p.end() for p in pattern.finditer(text))


def _age(text: str, m: re.Match[str]) -> bool:
    value = float(m.group(0))
    if not value.is_integer() or not 1 <= value <= 105:
        return False
    after = text[m.end() :]
    if _YEARS_OLD.match(after):
        return True
    return bool(_AGE_BEFORE.search(text[: m.start()])) and not _NOT_AN_AGE_AFTER.match(after)


def _year(text: str, m: re.Match[str]) -> bool:
    if (
        _YEAR.fullmatch(m.group(0))
        and re.match(r"'?s\b", text[m.end() :])
        and m.group(0).endswith("0")
    ):
        return True  # a decade ("all 2000s emo", "the 1980's"), never 2000 seconds
    if not _YEAR.fullmatch(m.group(0)) or _QUANTITY_AFTER.match(text[m.end() :]):
        return False
    return bool(_YEAR_BEFORE.search(text[: m.start()]) or re.match(r"'?s\b", text[m.end() :]))


def story_number(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` of ``text`` (lower case) belongs to the story around a log (the
    classes above), never to the log."""
    if _age(text, m) or _year(text, m):
        return True
    return any(
        _inside(pattern, text, m)
        for pattern in (
            _SCORE,
            _TEMPERATURE,
            _PEOPLE,
            _QUOTED_LABEL,
            _MOMENT,
            _RECORD_BY,
            _PART_OF_TIME,
        )
    )
