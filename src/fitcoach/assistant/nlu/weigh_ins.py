"""Weigh-ins of several days in one message ("82.4 yesterday, 82.1 this morning", "weighed
180 on monday and 178.6 today"): one body weight a day, each on its own date, never the first
alone (the others were dropped or asked about)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Intent

_NUM = r"\d{2,3}(?:\.\d{1,2})?"
_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_DAY = (
    r"(?:today|this (?:morning|am)|tonight|(?:the day before )?yesterday(?: morning| am)?|"
    r"last night|(?:on |last )?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: morning| am)?|"
    r"\d days? ago)"
)
# ("weight was 80.2 yesterday": the verb after the word, as people say it)
_WEIGHED = (
    r"(?:(?:my )?(?:(?:weight|weigh-?in|wt|bw|scale)(?:\s+(?:was|is|read|said))?|"
    r"weighed(?: in at)?|scale said|was)\s*:?\s*)"
)
_FIGURE_DAY = re.compile(rf"{_WEIGHED}?~?(?P<n>{_NUM})\s*(?P<u>{_UNIT})?\s*(?:on\s+)?(?P<d>{_DAY})")
_DAY_FIGURE = re.compile(rf"(?P<d>{_DAY})\s*:?\s*{_WEIGHED}?~?(?P<n>{_NUM})\s*(?P<u>{_UNIT})?")

Clauses = list[tuple[Intent | None, list[str]]]


def weights_by_day(clauses: Clauses) -> Clauses:
    """``clauses`` with one weight clause a day where the whole message is weigh-ins of
    different days (each piece a figure and its day); anything else is left as it was. The
    figures must be body weights close to each other (within 10 %): "5 yesterday, 6 today" is
    no weight."""
    if not clauses or any(intent not in (None, "log_weight") for intent, _ in clauses):
        return clauses
    found = []
    for _, pieces in clauses:
        for piece in pieces:
            text = piece.strip(" .,;:!~")
            m = _FIGURE_DAY.fullmatch(text) or _DAY_FIGURE.fullmatch(text)
            if m is None:
                return clauses
            found.append((float(m.group("n")), m.group("u"), m.group("d")))
    days = {re.sub(r"^on ", "", d) for _, _, d in found}
    values = [n for n, _, _ in found]
    if len(found) < 2 or len(days) < len(found) or min(values) < 30:
        return clauses
    if max(values) > 1.1 * min(values):
        return clauses
    unit = next((u for _, u, _ in found if u), None)  # "82.4 kg yesterday, 82.1 today": both kg
    return [
        ("log_weight", [f"weight {n:g} {u or unit or ''} {d}".replace("  ", " ")])
        for n, u, d in found
    ]
