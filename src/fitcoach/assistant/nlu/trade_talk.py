"""The words of shift workers and people with physical jobs, in the Englishes they write (issue
57, the eighteenth set's writer AU: nurses and paramedics on nights, soldiers, farmers, truckers,
chefs; the US South, Scotland, Northern England, South Africa, Jamaica, India), said plainly.

Left as written, "bout 40 min" was a boxing bout's count, "10p-4a" no clock times, a soldier's
"tabbed 12k" no activity and Jamaican Patois ("ackee wid fry dumplin fi breakfast") a meal
stored with its grammar words. Each word is rewritten only where its other meanings cannot be
("3 bouts" stays a count, a "stir fry" a stir fry, "50p" the coins it is). ``plain_trade_talk``
runs in ``normalise`` on the lower-cased text, its numbers already digits.
"""

from __future__ import annotations

import re

_UNIT = r"(?:h|hrs?|hours?|mins?|minutes?|k|km|kms|mi|miles?|kgs?|kilos?|lbs?)\b"
_CLOCK = r"\d{1,2}(?::[0-5]\d)?"
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "bout 40 min", "bout an hour": about (a boxing bout's count is "3 bouts", "bout 2 was")
    (re.compile(rf"\bbout (?=~?\d+(?:\.\d+)?\s*{_UNIT}|an? (?:hour|mile)\b)"), "about "),
    # a farm's "back 40" (forty acres): a field, no figure of the log
    (
        re.compile(r"\bthe (back|front|north|south|east|west|bottom|top) (?:40|forty)\b"),
        r"the \1 field",
    ),
    # a clock's "p" and "a" on a shift ("10p-4a", "before my 7p shift"): pm and am (a lone
    # "50p" is money)
    (
        re.compile(
            rf"(?<![\d:.])({_CLOCK})\s?([ap])\s*(-|–|to|till|until)\s*({_CLOCK})\s?([ap])\b"
        ),
        r"\1\2m-\4\5m",
    ),
    (re.compile(rf"(?<![\d:.])({_CLOCK})\s?([ap])(?= shift\b)"), r"\1\2m"),
    # a soldier's tab: a loaded march, as the library names it ("tabbed 12k with 20kg on")
    (re.compile(r"\btabb(?:ed|ing)\b"), "rucked"),
    (re.compile(r"(?<=\d)(\s*(?:k|km|kms|mi|miles?))\s+tab\b"), r"\1 ruck"),
    (re.compile(r"\bon me back\b"), "on my back"),
    # Jamaican Patois: "wid" is with, "fi" for before a meal's name, "fry" the fried food
    # before a food (never a "stir fry"), "mi" my after a verb of doing ("did mi push ups"; never
    # Spanish "de mi plan" nor "3 mi", miles), "dem" the plural ending a clause ("push ups dem,";
    # never German "aus dem plan"), "4 set a 20" 4 sets of 20
    (re.compile(r"\bwid\b"), "with"),
    (re.compile(r"\bfi (?=(?:breakfast|brekkie|lunch|dinner|supper|tea|snack)\b)"), "for "),
    (
        re.compile(
            r"(?<!stir )(?<!stir-)\bfry (?=dumplin|plantain|fish|chicken|bammy|breadfruit|eggs?\b)"
        ),
        "fried ",
    ),
    (re.compile(r"\bdumplin\b"), "dumpling"),
    (re.compile(r"\b(did|done|do|doing|hit|finished|ran|walked) mi (?=[a-z]{3,})"), r"\1 my "),
    (re.compile(r"(?<=[a-z]{2}s) dem\b(?=\s*(?:$|[,.;!?]))"), ""),
    (re.compile(r"(?<![\d.])(\d{1,2}) sets? a (?=\d{1,3}\b)"), r"\1 sets of "),
    # the g a Southern or Scots voice drops ("kept wakin up", "sleepin")
    (re.compile(r"\b(wak|sleep|train|lift|work)in\b"), r"\1ing"),
    # a count said of each set, terse ("8 each set", "10 per set"): its reps
    (re.compile(r"(?<![\d.])(\d{1,3}) (?=(?:each|per) set\b)"), r"\1 reps "),
    # the split squat by the name of its country alone ("bulgarians 3x8 each leg")
    (re.compile(r"\bbulgarians\b"), "bulgarian split squats"),
)


# A whole number and a typed fraction ("slept 7 1/2 hrs"): one number (the "1/2" alone was read
# as 2 hours, the 7 left unaccounted); never a date or a score ("7/10", "3 1/2/4")
_FRACTION = re.compile(r"(?<![\d/.])(\d{1,3}) ([13])/([24])(?![\d/])")


def _fraction(m: re.Match[str]) -> str:
    part = int(m.group(2)) / int(m.group(3))
    return f"{int(m.group(1)) + part:g}" if part < 1 else m.group(0)


def plain_trade_talk(text: str) -> str:
    """``text`` (normalised so far) with the trade and dialect words above said plainly."""
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return _FRACTION.sub(_fraction, text)
