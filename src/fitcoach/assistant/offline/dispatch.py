"""The tool dispatch: each intent to its action (``actions``) or its fixed answer (greetings,
help, questions for missing slots), a logging message's entries stored one by one (or, when
anything is unexplained, nothing stored and a question asked), and an intent named by the
fallback model answered only when it is read-only and needs no slot."""

from __future__ import annotations

from datetime import date
from typing import cast

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import (
    ExerciseMatcher,
    Intent,
    LogReading,
    Understanding,
    find_dates,
    normalise,
)
from fitcoach.assistant.offline.actions import (
    change_load,
    days_per_week,
    equipment,
    explain,
    log_cardio,
    log_daily,
    log_meal,
    log_sets,
    move_many,
    readiness_advice,
    session_minutes,
    swap,
)
from fitcoach.assistant.offline.compose import clarify, describe, problems_text, sets_text
from fitcoach.assistant.offline.draft import ReplyDraft, jsonable_args, tool_answer
from fitcoach.assistant.tools.foods import MAX_GRAMS, MIN_GRAMS
from fitcoach.services import training_log

# Intents a guess answers as is (read-only, no slot needed beyond a date the text may name).
_GUESS_ANSWERS = frozenset(
    {
        "today_session",
        "show_plan",
        "readiness_advice",
        "explain",
        "help",
        "greeting",
        "training_summary",
    }
)


def log_reading(turn: ReplyDraft, reading: LogReading, text: str, matcher: ExerciseMatcher) -> str:
    """Store every entry of a logging message, or (when anything is unexplained) store
    nothing and ask, saying what was understood and what is missing."""
    only_name = reading.problems == ["which exercise? I could not find an exercise name"]
    if only_name and len(reading.entries) == 1 and reading.entries[0].intent == "log_sets":
        return t.ASK["log_sets_exercise"].format(sets=sets_text(reading.entries[0].slots["groups"]))
    if reading.problems:
        understood = "; ".join(describe(e, matcher) for e in reading.entries)
        return t.LOG_ASK.format(
            problems=problems_text(reading.problems).strip(),
            understood=t.LOG_UNDERSTOOD.format(what=understood) if understood else "",
        ).replace("  ", " ")
    answers = [
        dispatch(turn, Understanding(e.intent, e.slots, e.confidence, []), text, matcher)
        for e in reading.entries
    ]
    return "\n".join(answers)


def dispatch(turn: ReplyDraft, u: Understanding, text: str, matcher: ExerciseMatcher) -> str:
    """The answer to one understood message: its action, or the question its problems ask."""
    slots, problems = u.slots, u.problems
    intent = u.intent
    if intent == "greeting":
        return t.THANKS if slots.get("thanks") else t.GREETING
    if intent == "clarify":
        return clarify(slots, matcher)
    if intent in ("help", "unknown"):
        why = (
            ""
            if intent == "help" or problems == ["not understood"]
            else f" ({'; '.join(problems)})"
        )
        return t.HELP if intent == "help" else t.NOT_UNDERSTOOD.format(why=why)
    if intent == "log_sets":
        if problems == ["which exercise? I could not find an exercise name"]:
            return t.ASK["log_sets_exercise"].format(sets=sets_text(slots["groups"]))
        if problems:
            unknown = [p for p in problems if p.startswith("unknown exercise")]
            return problems_text(unknown or problems) + t.ASK["log_sets"]
        return log_sets(turn, slots)
    if intent == "log_cardio":
        return log_cardio(turn, slots)
    if intent == "log_sleep":
        if not slots.get("duration_s"):
            return t.ASK["log_sleep"]
        if slots["duration_s"] > training_log.MAX_SLEEP_H * 3600:  # one night, never a total
            return t.SLEEP_TOO_LONG.format(hours=f"{slots['duration_s'] / 3600:g}")
        args = {"duration_s": slots["duration_s"], "date": slots.get("date")}
        if slots.get("quality"):  # "poor" or "good", as the tool takes them
            args["quality"] = slots["quality"]
        return tool_answer(turn.call("log_sleep", jsonable_args(args)))
    if intent == "log_weight":
        return log_daily(turn, {"weight_kg": slots["weight_kg"]}, slots.get("date"))
    if intent == "log_daily":
        return log_daily(turn, slots["values"], slots.get("date"))
    if intent == "log_meal":
        return log_meal(turn, slots)
    if intent == "query_metric" and slots.get("metric") == "e1rm":
        strength = {"exercise": slots["exercise"]} if slots.get("exercise") else {}
        return tool_answer(turn.call("get_strength", strength))
    if intent == "training_summary":
        args = {k: slots[k] for k in ("start", "end", "count", "distance") if slots.get(k)}
        return tool_answer(turn.call("get_training_summary", jsonable_args(args)))
    if intent == "change_load":
        return change_load(turn, slots)
    if intent == "query_metric":
        args = {k: slots[k] for k in ("metric", "start", "end") if slots.get(k) is not None}
        return tool_answer(turn.call("get_metrics", jsonable_args(args)))
    if intent == "today_session":
        return tool_answer(
            turn.call("get_today_session", jsonable_args({"date": slots.get("date")}))
        )
    if intent == "show_plan":
        args = {k: slots[k] for k in ("start", "end") if slots.get(k) is not None}
        return tool_answer(turn.call("get_plan", jsonable_args(args)))
    if intent == "swap_exercise":
        return swap(turn, slots, problems)
    if intent == "remove_exercise":
        operation = {"op": "remove_exercise", "exercise": slots["exercise"]}
        return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))
    if intent == "set_equipment":
        return equipment(turn, slots)
    if intent == "move_session" and "from_date" not in slots:
        return move_many(turn, slots)
    if intent == "move_session":
        operation = {
            "op": "move_session",
            "from_date": slots["from_date"],
            "to_date": slots["to_date"],
        }
        return tool_answer(turn.call("propose_plan_edit", jsonable_args({"operation": operation})))
    if intent == "skip_session":
        operation = {"op": "skip_session", "on_date": slots["date"]}
        if slots.get("cardio"):
            operation["cardio"] = True
        return tool_answer(turn.call("propose_plan_edit", jsonable_args({"operation": operation})))
    if intent == "set_session_minutes":
        return session_minutes(turn, slots)
    if intent == "generate_plan" and set(slots) == {"days_per_week"}:
        return days_per_week(turn, slots["days_per_week"])
    if intent == "generate_plan":
        args = {
            "goal": slots.get("goal"),
            "days_per_week": slots.get("days_per_week"),
            "session_minutes": slots.get("minutes"),
        }
        if slots.get("weeks"):
            args["weeks"] = slots["weeks"]
        if slots.get("equipment"):
            args["equipment"] = slots["equipment"]
        if slots.get("fresh"):
            args["fresh"] = True
        return tool_answer(
            turn.call("generate_plan", {k: v for k, v in args.items() if v is not None})
        )
    if intent == "readiness_advice":
        return readiness_advice(turn, slots.get("date"))
    if intent == "explain":
        return explain(turn, text, matcher)
    if intent == "food_facts":
        return food_facts(turn, slots)
    return t.NOT_UNDERSTOOD.format(why="")


def guessed(turn: ReplyDraft, intent: str, text: str, today: date, matcher: ExerciseMatcher) -> str:
    """The answer for an intent the fallback named: read-only intents are answered (with the
    dates the text names), anything else asks for the slots it needs."""
    if intent in _GUESS_ANSWERS:
        u = Understanding(cast(Intent, intent), find_dates(normalise(text), today), 0.5, [])
        return dispatch(turn, u, text, matcher)
    return t.GUESSED.get(intent, t.NOT_UNDERSTOOD.format(why=""))


def food_facts(turn: ReplyDraft, slots: dict[str, object]) -> str:
    """A food's figures; an amount outside what the tool works out (1 g to 5 kg: "10kg of
    rice") is said plainly and answered per 100 g, with the factor to the amount asked."""
    args = {k: slots[k] for k in ("food", "grams", "nutrient") if slots.get(k) is not None}
    grams = args.get("grams")
    if not isinstance(grams, int | float) or MIN_GRAMS <= grams <= MAX_GRAMS:
        return tool_answer(turn.call("get_food_facts", args))
    del args["grams"]
    result = turn.call("get_food_facts", args)
    if not result.ok or "per_100g" not in result.data:  # not found, or which food: as is
        return tool_answer(result)
    note = t.FOOD_AMOUNT_OUTSIDE.format(
        grams=_amount(float(grams)),
        low=_amount(MIN_GRAMS),
        high=_amount(MAX_GRAMS),
        factor=f"{float(grams) / 100:,.4g}",
    )
    return f"{note} {tool_answer(result)}"


def _amount(grams: float) -> str:
    """Grams as said: "10 kg", "500 g", "0.5 g"."""
    return f"{grams / 1000:g} kg" if grams >= 1000 else f"{grams:g} g"
