"""Intent detection: ``understand`` reads one message as one intent with its slots. Each family
(a function of the other modules) recognises its kind of message or answers ``None``; the
first in ``_FAMILIES`` that recognises the text wins, so the order settles overlaps ("add 5 kg
to squats" is a load change before it could be a logged set)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from fitcoach.assistant.guardrails.spelling import standard_spelling
from fitcoach.assistant.nlu.base import MAX_CHARS, Ctx, Result, Understanding
from fitcoach.assistant.nlu.cardio import log_cardio
from fitcoach.assistant.nlu.food_facts import food_facts
from fitcoach.assistant.nlu.matcher import ExerciseMatcher, default_matcher
from fitcoach.assistant.nlu.meals import log_meal
from fitcoach.assistant.nlu.metrics import log_daily, log_sleep, log_weight
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.plan_foreign import PLAN_FAMILIES
from fitcoach.assistant.nlu.quantities import NUM
from fitcoach.assistant.nlu.questions import (
    chit_chat,
    clarify,
    explain,
    greeting,
    help_request,
    query_metric,
    readiness,
    show_plan,
    strength_query,
    today_session,
    training_summary,
)
from fitcoach.assistant.nlu.sets import log_sets, reps_list
from fitcoach.core.errors import InvalidInput

_FAMILIES: tuple[Callable[[Ctx], Result], ...] = (
    greeting,
    help_request,
    food_facts,
    *PLAN_FAMILIES,
    readiness,
    strength_query,
    explain,
    today_session,
    training_summary,
    show_plan,
    query_metric,
    reps_list,
    log_sets,
    log_cardio,
    log_sleep,
    log_weight,
    log_daily,
    log_meal,
    chit_chat,
)
# The logging families, in their order above
_LOG_FAMILIES = tuple(f for f in _FAMILIES if f.__name__.startswith("log_"))
# A log asked for in so many words ("log it pls", "can you log that", "please log"): the
# message is a log, read by a logging family first; a day named in it ("saturday night I only
# got 4h, terrible. log it pls") is the day of what is logged, never a plan's day to move or
# shorten (no plan request asks to log)
_LOG_ASKED = re.compile(
    r"\blog (?:it|that|this|them|those|these|pls|plz|please)\b|"
    r"\b(?:pls|plz|please|can you|could you|can u|could u|would you)\s+log\b(?! in\b)"
)


def understand(
    text: str, *, today: date, exercises: ExerciseMatcher | None = None
) -> Understanding:
    """The intent and slots of one message (never raises on odd input: intent ``unknown``)."""
    if not isinstance(text, str) or not text.strip():
        return Understanding("unknown", {}, 0.0, ["empty message"])
    if len(text) > MAX_CHARS:
        return Understanding(
            "unknown", {}, 0.0, [f"message too long to parse ({len(text)} > {MAX_CHARS} chars)"]
        )
    if len(re.findall(r"[{}<>$\\|^~`=]", text)) >= max(3, len(text) // 20):
        return Understanding("unknown", {}, 0.0, ["this looks like code or markup, not a message"])
    normalised = normalise(text)
    if re.fullmatch(rf"{NUM}\s*[?!.]*", normalised):  # "100": what is it? Ask.
        asked = clarify(Ctx(normalised, text, today, exercises or default_matcher()))
        if asked is not None:
            return Understanding(asked[0], asked[1], 0.5, [])
    if not re.search(r"[a-z]", normalised):
        return Understanding("unknown", {}, 0.0, ["no words to understand"])
    ctx = Ctx(normalised, text, today, exercises or default_matcher())
    # A plan change said in speech's spellings ("cannae train friday, move it tae saturday"):
    # read in the standard words the red-flag checks read too (one shared list)
    plan_ctx = replace(ctx, text=standard_spelling(normalised))
    first: tuple[Callable[[Ctx], Result], ...] = _LOG_FAMILIES if _LOG_ASKED.search(normalised) else ()  # fmt: skip
    for family in (*first, *_FAMILIES):
        try:
            result = family(plan_ctx if family in PLAN_FAMILIES else ctx)
        except (InvalidInput, ValueError, OverflowError) as exc:  # e.g. a silly number
            return Understanding("unknown", {}, 0.0, [f"could not parse: {exc}"])
        if result is not None:
            intent, slots, problems = result
            confidence = 0.9 if not problems else 0.6
            return Understanding(intent, slots, confidence, problems)
    if (asked := clarify(ctx)) is not None:
        return Understanding(asked[0], asked[1], 0.5, [])
    return Understanding("unknown", {}, 0.0, ["not understood"])
