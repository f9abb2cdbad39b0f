"""Loads and readings said the way people who train at home and outdoors say them: a
kettlebell by its size and the word "bell" ("rdl with the 32 bell"), a pair of bells ("holding
the two 32s", "double 16s": each bell's load, as a pair of dumbbells is logged), the Russian
pood (16 kg), a lifter's "k" for kilos ("front squat 5x3 at 100k"), a load with the kit after it
("60 kg bag"), and the resting pulse said the other way round ("pulse at rest 61").

``kit_loads`` rewrites a normalised message (number words already digits) before "5k" is read
as five kilometres."""

from __future__ import annotations

import re

_NUM = r"\d+(?:\.\d+)?"
_POOD_KG = 16.0

# "2 pood", "1.5 pood": the Russian kettlebell weight (16 kg), said by kettlebell people
_POOD = re.compile(rf"(?<![\d.])({_NUM})\s*poods?\b")
# "the 2 32s", "2 24s", "double 16s", "a pair of 20s": a pair of bells or dumbbells named by
# the load of each (never "2 30s rest", which _PLURAL_LOAD's own guard keeps a time)
_PAIR = re.compile(rf"\b(?:(?:the|a)\s+)?(?:2|double|twin|pair of|a pair of)\s+(?=({_NUM})s\b)")
_PAIR_BELLS = re.compile(
    rf"\b(?:(?:the|a)\s+)?(?:2|double|twin|pair of|a pair of)\s+({_NUM})s\b(?!\s*(?:kbs?|kettle ?bells?|bells?)\b)"
)
# "the 32 bell(s)": a kettlebell named by its size ("bell" alone is the sets reader's "kb")
_BELL_WORD = re.compile(rf"(?<![\w.])({_NUM})\s+bells?\b")
# ", 60 kg bag", "- 24kg bell", ", 20 lb ball": a load said with its implement, set off from the sets before it
_LOAD_THEN_KIT = re.compile(
    rf"(^|[,;:]\s*|[-–]\s+)({_NUM}\s*(?:kgs?|kilos?|lbs?))\s+(?:sand\s?bag|bag|bells?|kettle ?bells?|kbs?|stone|(?:med(?:icine)?\s?|wall\s?|slam\s?)?ball)\b"
)
# "at 100k", "@ 140k": kilos on a bar where sets are said ("5x3"); a run's "at 10k pace", a
# distance ("5 x 1k") or a bike's "40k/h" stay distances
_SETS = re.compile(r"(?<![\d.])\d{1,2}\s*[x*]\s*\d{1,2}\b(?!\s*(?:k\b|km|m\b|mi\b|min|sec|s\b|'))")
_LIFTER_K = re.compile(
    r"((?:@|\bat|\bwith)\s*)(\d{2,3}(?:\.\d+)?)\s*k\b(?!\s*(?:pace|/|m\b|km|race|run))"
)
# "front squat 70k 5x3", "rows 5x5 60k": a lifter's kilos right beside the sets, said bare
_BESIDE_SETS = r"\d{1,2}\s*[x*]\s*\d{1,2}\b"
_BARE_LIFTER_K = re.compile(
    rf"(?<![\d.])(?P<a>\d{{2,3}}(?:\.\d+)?)\s*k\b(?=\s+{_BESIDE_SETS}(?!\s*(?:k\b|km|m\b|mi\b|min|sec|s\b|')))|"
    rf"(?<![\d.])(?P<sets>{_BESIDE_SETS}\s)(?P<b>\d{{2,3}}(?:\.\d+)?)\s*k\b(?!\s*(?:pace|/|m\b|km|race|run|steps?))"
)
# "pulse at rest 61", "heart rate at rest: 58": the resting heart rate
_AT_REST = re.compile(r"\b(?:pulse|heart ?rate|hr)\s+(?:at|in)\s+rest\b")


def kit_loads(text: str) -> str:
    """``text`` with the kit's loads and the pulse at rest in the words the readers know."""
    out = _AT_REST.sub("resting pulse", text)
    out = _POOD.sub(lambda m: f"{float(m.group(1)) * _POOD_KG:g} kg", out)
    # (a pair in a kettlebell message is a pair of bells: "kb floor press, then deadlifts
    # holding the two 32s"; elsewhere the plural load reads as dumbbells, as it did)
    bells = re.search(r"\b(?:kbs?|kettle ?bells?|bells?|pood)\b", out) is not None
    out = _PAIR.sub("", out) if not bells else _PAIR_BELLS.sub(r"\1s kbs", out)
    out = _BELL_WORD.sub(r"\1 kb", out)
    out = _LOAD_THEN_KIT.sub(r"\1with \2", out)
    if _SETS.search(out) and not re.search(
        r"\b(?:ran|run|running|jog|pace|intervals?|splits?)\b", out
    ):
        out = _LIFTER_K.sub(r"\1\2 kg", out)
        out = _BARE_LIFTER_K.sub(lambda m: f"{m['sets'] or ''}{m['a'] or m['b']} kg", out)
    return out
