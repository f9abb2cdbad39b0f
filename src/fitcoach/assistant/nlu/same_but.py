"""An exercise done with the sets and reps of the one before it but another load ("hip
abduction, same 3x15 but on 35", "then rows, same sets but at 40"): the numbers joined to the
name said before the comma, so the sets are that exercise's and "same" is never read as a name.
Read before the line splits at its commas."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_LOAD = rf"(?:on|at|with|@|using)\s*(?:the\s+)?(?P<load>{NUM}\s*{_UNIT}?)(?![\d.:%])"
# ", same 3x15 but on 35", ", the same 4 x 10 but with 20 kg"
_SAID = re.compile(
    rf"\s*[,;]\s*(?:and\s+)?(?:the\s+)?same\s+(?P<spec>\d{{1,2}}\s*[x*]\s*\d{{1,3}})\s*,?\s*"
    rf"(?:but|just|only)\s+{_LOAD}"
)
# ", same sets but at 40", ", same again but with 22.5": the sets and reps of the line before
_UNSAID = re.compile(
    rf"\s*[,;]\s*(?:and\s+)?(?:the\s+)?same(?:\s+(?:sets?(?:\s+and\s+reps)?|reps|again|scheme|thing))?"
    rf"\s*,?\s*(?:but|just|only)\s+{_LOAD}"
)
_SPEC = re.compile(r"(\d{1,2})\s*[x*]\s*(\d{1,3})(?!.*\d\s*[x*]\s*\d)")


def same_but(text: str) -> str:
    """``text`` with the numbers of "same ... but on 35" joined to the name before them (see
    the module); as it was where no earlier sets and reps say what "same" is."""
    if "same" not in text:
        return text
    text = _SAID.sub(lambda m: f" {m.group('spec')} at {m.group('load')}", text)

    def unsaid(m: re.Match[str]) -> str:
        spec = _SPEC.search(text[: m.start()])
        return f" {spec.group(1)}x{spec.group(2)} at {m.group('load')}" if spec else m.group(0)

    return _UNSAID.sub(unsaid, text)


# "calf raises 3x20 same weight", "then rows with the same load": the load of the lift said
# before it in the message (not "same weight as last week": another day's, which is asked)
SAME_LOAD = re.compile(
    r"(?:\b(?:at|with|w/?|@|using|on)\s+)?(?:the\s+)?\bsame\s+(?:weight|load|kgs?|kilos?|lbs?|"
    r"pounds?|poundage|dumbbells|dbs|bells?)\b(?!\s+(?:as|like|than|from|of)\b)"
)
_LOAD_BEFORE = re.compile(
    rf"(?P<load>{NUM})\s*(?:kgs?|kilos?|lbs?|pounds?)\b|(?:\bat|@|\bon)\s*(?P<bare>{NUM})(?![\d.x:%]|\s*(?:min|sec|s\b|reps?))"
)

_SETS_SAID = re.compile(r"\d\s*[x*]\s*\d|\b\d{1,2}\s*(?:sets?|reps?)\b|\bsets? of\b")


def same_load(text: str) -> str:
    """``text`` with a load said as "same weight" written out as the last load said before it
    ("leg press 4x15, 200 kg. calf raises 3x20 same weight": at 200 kg); as it was where no
    load comes before (the reader then asks for it)."""
    # (only of sets: "scale says 80.4kg, same weight again" is a weigh-in said twice)
    if "same" not in text or not _SETS_SAID.search(text):
        return text

    def spell(m: re.Match[str]) -> str:
        loads = list(_LOAD_BEFORE.finditer(text, 0, m.start()))
        if not loads:
            return m.group(0)
        last = loads[-1]
        said = last.group(0) if last.group("load") else last.group("bare")
        return f" at {said.strip()}"

    return SAME_LOAD.sub(spell, text)
