"""Food words in a figure of speech ("flat as a pancake", "a piece of cake", "I'm toast",
"full of beans"): how a person feels or how a session went, nothing eaten. Beside a log they
are no meal to ask about."""

from __future__ import annotations

import re

# A simile's food ("cool as a cucumber", "easy as pie", "red as a beetroot", "like a wet
# noodle"), never a comparison of amounts ("as well as a banana", "same as a shake")
_SIMILE = (
    r"\b(?!(?:well|much|many|soon|long|same|such|far|good|big|large)\b)[a-z]+\s+as\s+(?:an?\s+)?"
    r"(?:pancakes?|cucumbers?|fruitcakes?|pie|beetroots?|beets?|mustard|toast|jelly|potatoes?|"
    r"cakes?|noodles?|sardines?|lobsters?)\b|"
    r"\blike\s+(?:an?\s+)?(?:wet\s+|limp\s+|overcooked\s+)?(?:noodles?|sardines?|jelly|pancakes?)\b|"
    # "moved like butter", "went up like a hot knife through butter": how a lift went
    r"\blike\s+(?:a\s+)?(?:(?:hot\s+)?knife\s+through\s+)?butter\b"
)
_SET_PHRASES = (
    r"\bpiece of cake\b|\bcouch potato\b|\bfull of beans\b|\b(?:go|goes|going|went|gone)\s+bananas\b|"
    r"\b(?:i'?m|i am|i was|feel|feeling|felt|am|was)\s+(?:(?:so|totally|absolutely|completely)\s+)?toast\b|"
    r"\bcherry on top\b|\bnot my cup of tea\b|\bbrain (?:is |was |feels )?(?:mush|soup|scrambled)\b|"
    # a body worn out after the session ("legs toast", "quads are jelly"): nothing eaten
    r"\b(?:legs?|quads?|arms?|calves|glutes|hammies|hamstrings|shoulders|lungs|body)\s+"
    r"(?:(?:are|is|r|were|was|feel|feels|felt)\s+)?(?:(?:so|totally|absolutely|completely|proper)\s+)?"
    r"(?:toast|jelly|jello|spaghetti|mush)\b"
)
# How much was eaten, said in a figure ("ate like a horse", "eating like a pig"): no food named,
# so no meal to store (stored, "a horse" was the meal)
EATEN_LIKE = re.compile(
    r"\b(?:ate|eaten|eat|eats|eating)\s+like\s+(?:an?\s+)?(?:horse|pig|bird|king|queen|beast|"
    r"animal|monster|champ|champion|savage|teenager|there'?s no tomorrow|it was my job)\b|"
    # a fall told as eating the ground ("caught 4 waves and ate sand on the rest", "ate dirt
    # on the descent"): nothing eaten
    r"\b(?:ate|eaten|eat|eating)\s+(?:some\s+|so\s+much\s+)?(?:sand|dirt|shit|pavement|"
    r"tarmac|asphalt|gravel|concrete|the ground)\b|"
    # a meal's praise, no meal of its own ("breakfast of champions", "dinner of kings", wrong92)
    r"\b(?:breakfast|brekkie|lunch|dinner|meal)\s+of\s+(?:champions|champs|kings|queens|legends|gods)\b"
)
# Food someone else ate or asked for, told in a story ("his dog ate my protein bar off the
# bench", "my 14 year old texted asking what's for dinner"): nothing the athlete ate
NOT_EATEN_BY_ME = re.compile(
    r"\b(?:his|her|their|the|my|our)\s+(?:(?:\d+\s+year\s+old|little|big|new)\s+)?(?:dog|dogs|cat|cats|puppy|"
    r"kids?|son|daughter|husband|wife|partner|boyfriend|girlfriend|flatmate|roommate|housemate|mate|"
    r"brother|sister|dad|mum|mom|baby|toddler|teenager|neighbou?r)\s+(?:ate|stole|nicked|scoffed|"
    r"finished|pinched|swiped)\b[^.;!?]*|"
    r"\bwhat'?s for (?:breakfast|brekkie|lunch|dinner|tea|supper)\b|"
    r"\b(?:ask|asks|asked|asking)\s+(?:me\s+)?(?:what|about|for)\b[^.;!?]{0,20}\b(?:breakfast|lunch|dinner|tea|supper)\b"
)
FOOD_IDIOM = re.compile(f"{_SIMILE}|{_SET_PHRASES}|{EATEN_LIKE.pattern}|{NOT_EATEN_BY_ME.pattern}")


def without_food_idioms(text: str) -> str:
    """``text`` (normalised) without the figures of speech whose food nobody ate."""
    return FOOD_IDIOM.sub(" ", text)


# An aside of no figures between a log's start (or its day, or a clause's end) and the name
# that follows it ("yesterday (forgot to log, classic) lat pulldown 3x12"): a remark, never
# the start of the exercise's name. Only a remark: a comma or three words or more inside
# (a short "(incline)" or "(close grip)" may be the name's own words, and stays).
_DAYS = (
    r"yesterday|today|tonight|morning|evening|afternoon|night|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday"
)
_ASIDE = re.compile(rf"(^|[,.;:]\s*|\b(?:{_DAYS})\s*)\((?P<aside>[^()\d]*)\)\s*(?=[a-z])")
# the same aside cut at its comma when the clauses were split before: "classic) lat pulldown"
_ASIDE_END = re.compile(r"^\s*[^()\d]*\)\s*(?=[a-z])")


def without_asides(text: str) -> str:
    """``text`` (normalised) without the remarks in brackets before an exercise's name."""

    def drop(m: re.Match[str]) -> str:
        aside = m.group("aside")
        return f"{m.group(1)} , " if "," in aside or len(aside.split()) >= 3 else m.group(0)

    text = _ASIDE.sub(drop, text)
    return _ASIDE_END.sub(" ", text) if "(" not in text.split(")")[0] else text
