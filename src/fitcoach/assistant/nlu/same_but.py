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
