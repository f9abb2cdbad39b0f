"""What each intent does: the tool calls it makes (logging, plan proposals, readiness,
explanations) with the arguments built from its slots, or the question it asks when a slot is
missing. Whether a change applies is the tools' and the safety validator's call."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import ExerciseMatcher, Understanding, bare_units_system, normalise
from fitcoach.assistant.offline.compose import problems_text
from fitcoach.assistant.offline.compose import scale5 as _scale5
from fitcoach.assistant.offline.draft import ReplyDraft, jsonable_args, tool_answer
from fitcoach.coach.wording import exercise_name
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import format_mass


def exercise_in(text: str, matcher: ExerciseMatcher, region_words: set[str]) -> str | None:
    """An exercise named in free text (the longest exact or near-exact phrase), if any."""
    words = re.findall(r"[a-z][a-z'-]*", normalise(text))
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in region_words or len(phrase) < 4:
                continue
            found = matcher.match(phrase)
            if found is not None and found.score >= 90:
                return found.slug
    return None


def log_sets(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    groups = []
    for g in slots["groups"]:
        group = {
            k: g[k]
            for k in (
                "exercise",
                "sets",
                "reps",
                "weight_kg",
                "bodyweight",
                "rir",
                "rpe",
                "distance_m",
            )
            if g.get(k) is not None
        }
        groups.append(group)
    args = {"groups": groups, "date": slots.get("date")}
    # the session's length and effort, where the message said them ("70 min, rpe 9 session")
    args |= {k: slots[k] for k in ("duration_s", "session_rpe") if slots.get(k) is not None}
    return tool_answer(turn.call("log_sets", jsonable_args(args)))


def log_cardio(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    if not slots.get("exercise"):
        return t.ASK["log_cardio_activity"]
    if not slots.get("duration_s"):
        return t.ASK["log_cardio_duration"]
    args = {
        "activity": slots["exercise"],
        "duration_s": slots["duration_s"],
        "date": slots.get("date"),
    }
    if slots.get("distance_m"):
        args["distance_m"] = slots["distance_m"]
    if slots.get("avg_hr") and 25 <= slots["avg_hr"] <= 250:
        args["avg_hr_bpm"] = slots["avg_hr"]
    if slots.get("session_rpe") is not None:
        args["session_rpe"] = slots["session_rpe"]
    return tool_answer(turn.call("log_cardio", jsonable_args(args)))


def log_daily(turn: ReplyDraft, values: dict[str, float], day: date | None) -> str:
    args: dict[str, Any] = {"date": day}
    for key, value in values.items():
        if key == "resting_hr":
            args["resting_hr_bpm"] = value
        elif key == "hrv":
            args["hrv_rmssd_ms"] = value
        elif key == "weight_kg":
            args["weight_kg"] = value
        else:
            args[key] = _scale5(value)
    return tool_answer(turn.call("log_daily_metrics", jsonable_args(args)))


def log_meal(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    args: dict[str, Any] = {"date": slots.get("date")}
    if slots.get("meal"):
        args["meal"] = slots["meal"]
    if slots.get("description"):
        args["description"] = slots["description"][:500]
    for key, name in (
        ("calories", "calories_kcal"),
        ("protein_g", "protein_g"),
        ("carbs_g", "carbs_g"),
        ("fat_g", "fat_g"),
    ):
        if slots.get(key) is not None:
            args[name] = slots[key]
    if len(args) == 1 or (len(args) == 2 and "meal" in args):
        return t.ASK["log_meal"]
    return tool_answer(turn.call("log_meal", jsonable_args(args)))


def swap(turn: ReplyDraft, slots: dict[str, Any], problems: list[str]) -> str:
    exercise, to = slots.get("exercise"), slots.get("to")
    if exercise is None and slots.get("choices"):
        # A name several lifts have ("replace the rows with ..."): the one the plan in force
        # holds; with none or several planned, the question that names them.
        planned = planned_among(turn, slots["choices"])
        exercise = planned[0] if len(planned) == 1 else None
        problems = problems if exercise else [*slots.get("which", []), *problems]
    if exercise is None:
        return problems_text(problems) + t.ASK["swap_from"]
    if to is None:  # "swap bench for something": offer what fits
        gentle = {"low_impact": True} if slots.get("low_impact") else {}
        kit = set(slots.get("kit") or [])
        wide = {"limit": 10} if kit else {}  # (more options to find the kit's among)
        result = turn.call("exercise_substitutes", {"exercise": exercise, **gentle, **wide})
        hits = result.data.get("hits") if result.ok else None
        if not hits:
            return tool_answer(result)
        # "something with dumbbells": only those that use the kit named, the best first; with
        # none among them, the options are offered
        with_kit = [h for h in hits if kit <= set(h.get("equipment") or [])] if kit else hits
        hits = with_kit or hits[:5]
        options = "\n".join(f"- {h['name']} ({h['reason']})" for h in hits)
        name = result.data["name"]
        # "something I can do sitting down": only a seated or supported one is chosen; with
        # none among the options, the options are offered
        seated = [h for h in hits if re.search(r"seated|chest-supported|chair", str(h["slug"]))]
        hits = seated if slots.get("seated") and seated else hits
        if not slots.get("any") or problems or (slots.get("seated") and not seated) or not with_kit:
            return t.ASK["swap_to"].format(exercise=name, options=options, first=hits[0]["name"])
        # The athlete left the choice to the coach: the best fit is proposed (it waits for their
        # approval, with the reason and the other options said).
        best = hits[0]
        operation = {"op": "swap_exercise", "exercise": exercise, "to": best["slug"]}
        answer = tool_answer(turn.call("propose_plan_edit", {"operation": operation}))
        if turn.proposed is None:
            return answer
        others = "".join(f"\n- {h['name']} ({h['reason']})" for h in hits[1:])
        return t.SWAP_CHOSEN.format(
            exercise=name, to=best["name"], reason=best["reason"], answer=answer
        ) + (t.SWAP_OTHERS.format(others=others, exercise=name) if others else "")
    operation = {"op": "swap_exercise", "exercise": exercise, "to": to}
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))


def equipment(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    have: list[str] = list(slots.get("equipment") or [])
    without: list[str] = list(slots.get("without") or [])
    if (not have and without) or slots.get("keep_rest"):
        # what goes or changes named ("no treadmill", "zwift for cardio"): the rest stays
        plan = turn.call("get_plan", {})
        if not plan.ok:
            return tool_answer(plan)
        kept = [e for e in plan.data.get("equipment", []) if e not in without and e not in have]
        have = kept + have
    operation = {"op": "set_equipment", "equipment": have}
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))


def readiness_advice(turn: ReplyDraft, day: date | None) -> str:
    args = jsonable_args({"date": day})
    readiness = turn.call("get_readiness", args)
    today = turn.call("get_today_session", args)
    return t.READINESS.format(readiness=tool_answer(readiness), today=tool_answer(today))


BURNOUT_WORDS = r"\b(burnout|burn out|burned out|burnt out|overtrain\w*|overreach\w*|risk)\b"


def explain(turn: ReplyDraft, text: str, matcher: ExerciseMatcher) -> str:
    lowered = normalise(text)
    for term, meaning in sorted(t.GLOSSARY.items(), key=lambda kv: -len(kv[0])):
        if re.search(
            rf"\bwhat(?:'s| is| are| does)\b.*\b{re.escape(term)}\b", lowered
        ) and not re.search(r"\bmy\b", lowered):
            return meaning
    exercise = exercise_in(text, matcher, set())
    if re.search(BURNOUT_WORDS, lowered):  # "why is my risk high?": before exercise names
        args: dict[str, Any] = {"about": "burnout_risk"}
    elif exercise is not None:
        args = {"about": "exercise", "exercise": exercise}
    elif re.search(r"\b(change|changed|swap|swapped|edit|proposal|proposed|version)\b", lowered):
        args = {"about": "last_change"}
    elif re.search(r"\breadiness|recovery|score\b", lowered):
        args = {"about": "readiness"}
    elif re.search(r"\bplan|program|programme|split|routine\b", lowered) and "today" not in lowered:
        args = {"about": "plan"}
    else:
        args = {"about": "today"}
    return tool_answer(turn.call("explain_decision", args))


def change_load(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    if slots.get("exercise") is None and slots.get("choices"):
        # A name several lifts have ("the rows"): the one the plan in force holds; with none
        # or several of them planned, which one (among those planned).
        planned = planned_among(turn, slots["choices"])
        if len(planned) != 1:
            return _which_lift(slots, planned)
        slots = {**slots, "exercise": planned[0]}
    if slots.get("exercise") is None:
        delta = float(slots.get("delta_kg", 0))
        amount = ("+" if delta >= 0 else "-") + format_mass(abs(delta), bare_units_system())
        return t.ASK["change_load_exercise"].format(amount=amount)
    operation: dict[str, Any] = {"op": "change_load", "exercise": slots["exercise"]}
    if slots.get("weight_kg") is not None:
        operation["load_kg"] = slots["weight_kg"]
    else:
        operation["delta_kg"] = slots["delta_kg"]
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))


def _which_lift(slots: dict[str, Any], planned: list[str]) -> str:
    """The question for a load change whose lift's name the plan does not settle."""
    units = bare_units_system()
    if slots.get("weight_kg") is not None:
        amount = "to " + format_mass(float(slots["weight_kg"]), units)
    else:
        delta = float(slots.get("delta_kg", 0))
        amount = ("up " if delta >= 0 else "down ") + "by " + format_mass(abs(delta), units)
    if len(planned) < 2:
        return t.ASK["change_load_named"].format(amount=amount)
    names = [exercise_name(s) for s in planned]
    listed = ", ".join(names[:-1]) + " or " + names[-1]
    return t.ASK["change_load_which"].format(names=listed, amount=amount)


def planned_among(turn: ReplyDraft, slugs: list[str]) -> list[str]:
    """Those of ``slugs`` the plan in force has in an upcoming session (none without a plan)."""
    from fitcoach.coach.today import upcoming
    from fitcoach.services import plans

    try:
        plan = plans.current(turn.tctx.service, turn.tctx.athlete_id).plan
    except NotFound:
        return []
    if plan is None:
        return []
    held = {
        getattr(i, "exercise", None)
        for p in upcoming(plan, turn.tctx.today())
        for i in plan.session(p.key).items
    }
    return [s for s in slugs if s in held]


def settled_removal(turn: ReplyDraft, u: Understanding) -> Understanding:
    """A removal of a name several lifts have ("leave out the rows for now"): of the plan in
    force, the one it holds; with several planned, the question which (nothing taken out); with
    none, not understood as a removal (it may be an entry of the log to take back)."""
    if u.intent != "remove_exercise" or u.slots.get("exercise") is not None:
        return u
    planned = planned_among(turn, list(u.slots.get("choices") or []))
    if len(planned) == 1:
        return Understanding("remove_exercise", {"exercise": planned[0]}, u.confidence, [])
    if planned:
        which = list(u.slots.get("which") or [])
        return Understanding("clarify", {"about": "plan", "wants": "remove_exercise"}, u.confidence, which)  # fmt: skip
    return Understanding("unknown", {}, 0.0, ["not understood"])


def move_many(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    """Several sessions onto one day (the days named, or every session of this or next week):
    one of them is an ordinary move; more are checked together by the safety validator and
    answered in its words, with nothing proposed (``plan_changes.check_stacked_move``)."""
    from fitcoach.assistant.tools.plan_changes import check_stacked_move, sessions_on

    to_date: date = slots["to_date"]
    if "from_week" in slots:
        today = turn.tctx.today()
        monday = today - timedelta(days=today.weekday())
        if slots["from_week"] == "next":
            monday += timedelta(days=7)
        days = [d for n in range(7) if (d := monday + timedelta(days=n)) >= today]
    else:
        days = list(slots["from_dates"])
    try:
        found = [d for d in sessions_on(turn.tctx, days) if d != to_date]
        if len(found) == 1:
            operation = {"op": "move_session", "from_date": found[0], "to_date": to_date}
            return tool_answer(
                turn.call("propose_plan_edit", jsonable_args({"operation": operation}))
            )
        if not found:
            return t.TOOL_FAILED.format(error="no planned session falls on the days you named")
        return check_stacked_move(turn.tctx, found, to_date)
    except (InvalidInput, NotFound) as exc:
        return t.TOOL_FAILED.format(error=exc.message)


def days_per_week(turn: ReplyDraft, days: int) -> str:
    """ "3 days a week instead of 4": a days-per-week edit of the plan in force (a proposal);
    without a plan, a first plan for that many days."""
    operation = {"op": "set_days_per_week", "days": days}
    result = turn.call("propose_plan_edit", {"operation": operation})
    if not result.ok and "no active plan" in (result.error or ""):
        return tool_answer(turn.call("generate_plan", {"days_per_week": days}))
    return tool_answer(result)


def session_minutes(turn: ReplyDraft, slots: dict[str, Any]) -> str:
    """A session length proposed: the minutes asked for, or fewer by ``shorter_by``."""
    operation = {"op": "set_session_minutes", "on_date": slots.get("date")}
    if slots.get("shorter_by"):
        operation["shorter_by"] = slots["shorter_by"]
    else:
        operation["minutes"] = slots["minutes"]
    args = {"operation": {k: v for k, v in operation.items() if v is not None}}
    return tool_answer(turn.call("propose_plan_edit", jsonable_args(args)))
