"""Spellings of speech and texting written as the standard words every check reads (alarms16,
issue 57).

The sixteenth final blind set's writers typed the way they talk: Scots ("am no wantin tae be
here", "light-heided, had tae sit doon"), a dropped g ("thinkin aboot endin it", "sortin out"),
and texting shorthand ("ytd", "tdy", "n" for "and"). The rules read
standard English, so a red flag said in these spellings went unread. The class is the spelling,
not the message: each word here is mapped whatever the message says, before any check reads it.

Only spellings that are not English words of their own are mapped ("gaun", "doon", "heid",
"cannae"); a dropped g is restored on verb stems only ("thinkin", "endin", "feelin"), never on a
word that ends in "-in" ("protein", "within", "cabin", "begin").
"""

from __future__ import annotations

import re

# Whole words: Scots and other spoken spellings, and texting shorthand.
_WORDS = {
    "tae": "to",
    "aboot": "about",
    "doon": "down",
    "heid": "head",
    "heided": "headed",
    "gaun": "going",
    "gonnae": "going to",
    "naw": "no",
    "nae": "no",
    "cannae": "can't",
    "didnae": "didn't",
    "dinnae": "don't",
    "disnae": "doesn't",
    "wasnae": "wasn't",
    "wouldnae": "wouldn't",
    "isnae": "isn't",
    "havnae": "haven't",
    "hud": "had",
    "oot": "out",
    "ytd": "yesterday",
    "yday": "yesterday",
    "yest": "yesterday",
    "tdy": "today",
    "2day": "today",
    "tmr": "tomorrow",
    "tmrw": "tomorrow",
    "2moro": "tomorrow",
    "rn": "right now",
    "n": "and",
    "wiv": "with",
    "v": "very",
}
_WORD = re.compile(r"(?<![\w'])(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?![\w'])")

# "am no wantin" (Scots "I'm not"): "am" opening a clause, then "no" before a verb.
_AM_NO = re.compile(r"(^|[.,;!?\n]\s*|\b(?!i\b)\w+\s)am no\b(?= \w+ing\b| gonna| going)")

# "ma heart", "ma legs": Scots and texting "my", not after a word that makes it a mother.
_MA = re.compile(
    r"(?<!\bme )(?<!\bmy )(?<!\byour )(?<!\bhis )(?<!\bher )(?<!\bthe )(?<!\bour )\bma\b(?= \w)"
)

# A dropped g on a verb stem ("thinkin", "endin'", "wantin"): only the stems listed, so that a
# word ending in "-in" ("protein", "within", "begin", "cabin") is never changed.
_STEMS = (
    "think|end|sort|want|feel|go|do|keep|talk|say|try|plan|kill|hurt|die|dy|hang|jump|driv|walk|"
    "sitt|stand|stay|wait|look|start|stopp|runn|eat|sleep|mak|tak|hav|giv|liv|com|los|get|gett|"
    "cry|panick|shak|sweat|vomit|throw|spinn|black|pass|faint|collaps|breath|gasp|struggl|"
    "swallow|cutt|burn|bleed|cough|puk|spew|drink|ow|leav|hid|sav|hoard|count|fall|"
    "wonder|pictur|imagin|mean|buy|writ|wish|hop|pray|sink|drown|bother|deal|cop|"
    "carry|train|lift|climb|cycl|rid|swimm|play|work"
)
_DROPPED_G = re.compile(rf"\b((?:{_STEMS}))in'?(?![\w'])")

# redas17: "nothing swollen or hot" (nothing is swollen or hot) denies the signs it names, as
# "not swollen or hot" does; "nothing" is no negation word of its own ("nothing helps the
# pain" denies nothing), so it is written "not" only before a sign one can see or feel.
_NOTHING_SIGN = re.compile(
    r"\bnothing (?:is |was |looks? |looked |feels? |felt |seems? |seemed )?(?=(?:swollen|red|hot|"
    r"warm|tender|bruised|puffy|inflamed|discolou?red|hard|shiny|blue|numb)\b)"
)


def standard_spelling(text: str) -> str:
    """``text`` (lower-cased) with the spoken and texting spellings above written as standard
    words."""
    out = _DROPPED_G.sub(r"\1ing", text)
    out = _AM_NO.sub(lambda m: f"{m.group(1)}i'm not", out)
    out = _MA.sub("my", out)
    out = _NOTHING_SIGN.sub("not ", out)
    return _WORD.sub(lambda m: _WORDS[m.group(1)], out)
