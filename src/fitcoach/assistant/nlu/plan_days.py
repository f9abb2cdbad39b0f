"""Days a week said relatively: against the week ("every day except sunday") or against the
days there are now ("add a day, make it 4", "1 day more per week, I have 4 now", "add a 4th
day"). ``plan_shape.days_a_week_change`` reads them as a plan of that many days."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import has
from fitcoach.assistant.nlu.dates import DAY

# Days a week said against the week or the days there are now: "every day except sunday" (6),
# "add a day, make it 4", "1 day more per week, I have 4 now" (5), "one less day, I do 5".
_EVERY_DAY_BUT = (
    rf"\bevery ?day (?:except|but|apart from|other than|bar) (?:for )?(?:{DAY[1:-1]})\b"
)
_DAY_MORE = (
    r"\b(?:add|drop|remove|cut|lose|take away) (?:a|1|one) (?:training |gym )?day\b|"
    r"\badd (?:a|an) \d(?:st|nd|rd|th) (?:training |gym )?day\b|"
    r"\b(?:a|1|one) (?:more|extra|fewer|less) (?:training |gym )?days?\b|"
    r"\b(?:a|1|one) (?:training |gym )?days? (?:more|extra|fewer|less)\b|\ban extra day\b"
)
_DAYS_TO = (
    r"\b(?:change|set|drop|cut|lower|reduce|bump|raise|increase|put|make)\s+(?:my |the |our )?"
    r"(?:training |gym |workout )?days\s+(?:a week |per week )?(?:to|down to|up to)\s+(\d)\b"
    r"(?!\s*(?:am|pm|h\b|hours?|min|kg|lbs?|km|mi|weeks?|months?))"
)
_DAYS_NOW = r"\b(?:i (?:have|do|train|got)|i'?m (?:at|on|doing)|currently(?: (?:at|on|doing))?|it'?s|there are)\s*(\d)(?: days?)?(?: a week| per week)?(?: now)?\b"


def days_said_relatively(t: str) -> int | None:
    """The days a week ``t`` (normalised) asks for, said against the week or the days there
    are now; None when it says none that way."""
    if has(r"\b(?:ago|last (?:week|month)|did|trained|ran|rode|swam|walked)\b", t):
        return None  # a report of the past ("i ran every day but sunday last week")
    if has(_EVERY_DAY_BUT, t):
        return 6
    # the days themselves set to a count: "change days to 2", "set my training days to 4"
    if m := re.search(_DAYS_TO, t):
        return int(m.group(1))
    if not has(_DAY_MORE, t):
        return None
    if m := re.search(r"\bmake it (\d)\b(?!\s*(?:min|h\b|hours?|kg|lbs?|x))", t):
        return int(m.group(1))
    if m := re.search(r"\badd (?:a|an) (\d)(?:st|nd|rd|th) (?:training |gym )?day\b", t):
        return int(m.group(1))
    if m := re.search(_DAYS_NOW, t):
        fewer = has(r"\b(?:drop|remove|cut|lose|take away|fewer|less)\b", t)
        return int(m.group(1)) + (-1 if fewer else 1)
    return None
