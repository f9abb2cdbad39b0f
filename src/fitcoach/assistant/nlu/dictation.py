"""What speech-to-text makes of a message, read back as it was said (issue 57, the fifteenth
set's writer AM: people who dictate because they cannot type, and those who write for them).

Dictation writes the punctuation it is told aloud ("three sets of twelve comma rpe seven full
stop"), numbers as the words they sound like ("to sets" for two sets, "for sets" for four,
"ate reps" for eight) and an exercise's name as everyday words ("by sep curls", "lap pull
downs", "seated rose", "lunch is"). Left as written, the words became a meal's description or
an unknown exercise, and a misheard count a question; a count read as its homophone only where
the word cannot be the preposition (a count noun follows it, with no number between).
``undictate`` runs first in ``normalise``, on the lower-cased text.
"""

from __future__ import annotations

import re

# Words a literal "period" follows (a menstrual period, a rest or training period): never
# punctuation there, nor before the words that go on about one ("period pain", "period came").
_PERIOD_LITERAL_BEFORE = (
    r"my|her|his|your|their|our|the|a|an|this|that|each|every|per|rest|resting|recovery|time|"
    r"trial|waiting|grace|heavy|light|first|last|late|missed|no|painful|bad|irregular|short|"
    r"long|cooldown|transition|next|whole|same|training|build|taper|deload|base|peak|prep|"
    r"holiday|off|on|during|of|\d+"
)
_PERIOD_LITERAL_AFTER = (
    r"pain|pains|cramps?|started|start|came|come|due|week|days?|of|pants|tracker|symptoms|"
    r"flow|ended|is|was|has|had|stopped|blood|bleeding|products?"
)
_SPOKEN_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*\bfull stops?\b"), "."),
    (re.compile(r"\s*\b(?:new (?:line|paragraph))\b"), "."),
    (re.compile(r"\s*\bquestion mark\b"), "?"),
    (re.compile(r"\s*\bexclamation (?:mark|point)\b"), "!"),
    (re.compile(r"\s*\bsemi ?-?colon\b"), ";"),
    (re.compile(r"\s*\bcomma\b"), ","),
)
# "period" said as the mark: after a word that is not its determiner or kind, at the end or
# before the next sentence
_PERIOD = re.compile(r"\b(?P<before>[a-z0-9']+) period\b(?=\s*$|\s+(?P<after>[a-z0-9']+))")


def _period(m: re.Match[str]) -> str:
    before, after = m.group("before"), m.group("after")
    if re.fullmatch(_PERIOD_LITERAL_BEFORE, before):
        return m.group(0)
    if after is not None and re.fullmatch(_PERIOD_LITERAL_AFTER, after):
        return m.group(0)
    return f"{before}."


# Count nouns a homophone of a number stands before ("to sets of ten", "too mile walk").
_COUNTED = (
    r"sets?|lots|rounds?|reps?|laps?|lengths?|times|circuits?|miles?|kilometres?|kilometers?|km|"
    r"hours?|minutes?|mins?|kilos?|pounds?|lbs?"
)
_HOMOPHONES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "two": "to sets of 15", "too mile walk"; never after a number ("3 to 5 sets", "2 to
    # sets"), and "to" only before a plural count of sets ("to set a pr", "walked to km 5")
    (re.compile(r"(?<![\d.] )\bto\s+(?=(?:sets|lots|rounds|laps|lengths|circuits)\b)"), "two "),
    (re.compile(rf"(?<![\d.] )\btoo\s+(?=(?:{_COUNTED})\b)"), "two "),
    # "four": "for sets of six" (a count noun then "of" and a count: "went for reps" stays)
    (
        re.compile(
            r"(?<![\d.] )\bfor\s+(?=(?:sets|lots|rounds|laps|lengths|circuits) of\s+(?:\d|[a-z]+\b))"
        ),
        "four ",
    ),
    # "eight": "ninety pounds ate reps" (nobody eats reps; "ate 2 eggs" stays)
    (re.compile(rf"\bate\s+(?=(?:{_COUNTED})\b)"), "eight "),
    # "one": "won set of 10" (never "won 3 sets")
    (re.compile(r"\bwon\s+(?=(?:set|lap|length|round|mile|hour|minute|rep)\b)"), "one "),
    # the count after "sets of": "four sets of ate", "to sets of too" (no meal, no place there)
    (re.compile(r"\b((?:sets|lots|rounds|circuits) of\s+)ate\b"), r"\1eight"),
    (
        re.compile(r"\b((?:sets|lots|rounds|circuits) of\s+)(?:to|too)\b(?!\s+(?:\d|the|my|a)\b)"),
        r"\1two",
    ),
    # "rest in heart rate": the resting heart rate ("rest in bed" stays)
    (re.compile(r"\brest in\s+(?=(?:heart rate|hr|pulse)\b)"), "resting "),
    # "rested hr 52": the resting heart rate, as dictation or a learner writes it
    (re.compile(r"\brested\s+(?=(?:heart rate|hr|pulse)\b)"), "resting "),
)

# Exercise names as speech-to-text writes them: the words they sound like, read back only in
# a context of training (a count, a load or the exercise's own kin word after them).
_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "by sep curls", "bi sep", "buy sets curls": biceps; "try sep": triceps
    (re.compile(r"\b(?:by|bi|buy|bye)[\s-]?(?:sep|seps|sept|step|steps)\b"), "bicep"),
    (
        re.compile(
            r"\b(?:try|tri)[\s-]?(?:sep|seps|sept|step|steps)\b(?=\s+(?:curls?|push|press|ext|dips?|kick))"
        ),
        "tricep",
    ),
    # "lap pull downs": the lat pulldown
    (re.compile(r"\blap(?:s)?\s+(?=pull[\s-]?downs?\b|pulldowns?\b|raises?\b)"), "lat "),
    # "seated rose", "bent over rose", "upright rose": rows
    (
        re.compile(
            r"\b((?:seated|bent[\s-]?over|upright|cable|dumbbell|barbell|machine|inverted|"
            r"single[\s-]?arm|one[\s-]?arm|band|banded|t[\s-]?bar)\s+)rose\b"
        ),
        r"\1rows",
    ),
    # "lunch is" / "lunge is" where sets follow: lunges ("lunch is at 1" stays a meal)
    (
        re.compile(
            r"\blunch(?:is|es| is)\b(?=[^.;!?]*\b(?:sets?|reps?|each (?:leg|side)|per leg|"
            r"\d+\s*x\s*\d+)\b)"
        ),
        "lunges",
    ),
    # "dead lift", "dead left", "bench dress" with a count: the deadlift, the bench press
    (
        re.compile(
            r"\bdead\s+(?:lifts?|left)\b(?=[^.;!?]*\b(?:sets?|reps?|\d+\s*x\s*\d+|"
            r"one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)"
        ),
        "deadlift",
    ),
    (re.compile(r"\bbench\s+dress\b"), "bench press"),
    # "stair master 20 min lvl 8": the machine's name in two words, its level abbreviated
    (re.compile(r"\bstair\s+master\b"), "stairmaster"),
    (re.compile(r"\blvl\.?\s*(?=\d)"), "level "),
    # "squads" with a count: squats
    (re.compile(r"\bsquads\b(?=[^.;!?]*\b(?:sets?|reps?|\d+\s*x\s*\d+)\b)"), "squats"),
)


# A greeting said before the log ("good morning coach comma slept ..."): no exercise (the
# good morning is one only without its comma: "good mornings 3x10"); before chat with no
# number ("good evening coach, a quiet night in") it stays the greeting it is
_GREETING = re.compile(
    r"^(?:good (?:morning|afternoon|evening)|hi|hello|hey|hiya|morning|evening)"
    r"(?: (?:coach|there|all|team|mate|love))?\s*[,.!]+\s*(?=\S)"
    r"(?=.*(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|hundred|half|couple)\b))"
)


# "coach i did ...": the one spoken to, no exercise's word
_ADDRESS = re.compile(r"^(?:hey |hi |ok |okay )?coach[,:!]?\s+(?=(?:i|so|today|yesterday)\b)")


def undictate(text: str) -> str:
    """``text`` (lower case) with spoken punctuation as marks, a number's homophone before a
    count noun as the number and misheard exercise names as the names."""
    out = text
    for pattern, mark in _SPOKEN_MARKS:
        out = pattern.sub(mark, out)
    out = _PERIOD.sub(_period, out)
    # two marks in a row ("comma full stop", ", .") keep the stronger
    out = re.sub(r",\s*([.;?!])", r"\1", out)
    out = _GREETING.sub("", out)
    out = _ADDRESS.sub("", out)
    for pattern, word in _HOMOPHONES:
        out = pattern.sub(word, out)
    for pattern, name in _NAMES:
        out = pattern.sub(name, out)
    return out
