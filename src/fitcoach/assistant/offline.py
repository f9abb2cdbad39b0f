"""The offline assistant: guardrails, rule-based understanding, tools, templates. No network.

``offline_reply`` is the default answer and the end of every fallback chain:

1. ``guardrails.screen`` first. A red flag stops everything: a health flag is opened for the
   athlete for each kind not open yet (``tools.safety.report_red_flags``, in the caller's unit
   of work, exactly as a sensor or a check-in opens one), and the answer is the escalation
   message, no training advice. While a flag is open, every training question (today's session, the plan,
   readiness advice, plan changes) is answered with the escalation too; logging still works.
   An injection attempt or a request for someone else's data gets a
   refusal and changes nothing. A request for a diagnosis or a dose is declined with a
   referral. Pain or an injury gets conservative guidance, a referral and substitutes that
   spare the region (``exercise_substitutes`` with ``injury_constraints``' regions).
2. ``nlu.understand`` turns the text into an intent and slots; each intent maps to one tool
   call (two for readiness advice) through the registry, so the same validation, scoping and
   savepoints apply as for a language model or an MCP client.
3. The answer is a template around the tool result's ``summary``, which quotes the stored
   numbers and the engine's reasons; nothing here computes or invents a figure. Missing slots
   become one question asking for exactly what is missing.

An optional ``intents`` fallback (``embeddings.EmbeddingIntentModel``, the ``ml`` extra) names
the intent of a message the rules did not understand at all. When it is the distilled student
it is also a second net for red flags in step 1 (``student.second_net``): it may add a red flag
the rules missed, never clear one they raised. Its guess has no slots: read-only
intents that need none are answered, every other intent asks for what it needs (nothing is
written on a guess).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Protocol, cast

import structlog

from fitcoach.assistant import templates as t
from fitcoach.assistant.guardrails import Screen, escalation_message, injury_constraints, screen
from fitcoach.assistant.nlu import (
    LOG_INTENTS,
    ExerciseMatcher,
    Intent,
    LogReading,
    Understanding,
    bare_mass_unit,
    bare_units,
    bare_units_system,
    find_dates,
    normalise,
    read_log,
    read_undo,
    understand,
)
from fitcoach.assistant.registry import ToolContext, ToolRegistry, ToolResult
from fitcoach.assistant.reply import Reply, ToolCall, Turn
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import format_distance, format_mass
from fitcoach.services import exercise_names, health, training_log

log = structlog.get_logger(__name__)

_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|same for|ok and)\b|\b(?:week|day|month|days?) before\b|"
    r"\bbefore that\b|\bprevious (?:week|month|one)\b"
)
_BEFORE = re.compile(
    r"\b(?:week|day|month|days?) before\b|\bbefore that\b|\bprevious (?:week|month|one)\b"
)


# Intents that ask for training: while a health flag is open they get the escalation instead.
TRAINING_INTENTS = frozenset(
    {
        "today_session",
        "show_plan",
        "readiness_advice",
        "generate_plan",
        "swap_exercise",
        "set_equipment",
        "move_session",
        "skip_session",
        "set_session_minutes",
        "change_load",
        "explain",
    }
)


class IntentFallback(Protocol):
    """Names the intent of a message the rules did not understand (or ``None``: no idea)."""

    def guess(self, text: str) -> str | None: ...


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
# "pressing overhead hurts", "my shoulder hurts on the overhead press": overhead pressing.
_OVERHEAD = re.compile(
    r"\b(?:press(?:ing|es)? (?:over ?head|above (?:my )?head)|over ?head (?:press(?:ing|es)?|"
    r"work|lifts?|lifting)|shoulder press(?:ing|es)?|ohp|military press)\b"
)


class _Turn:
    """One reply being built: the tool calls made so far and the proposal, if any."""

    def __init__(self, tctx: ToolContext, registry: ToolRegistry) -> None:
        self.tctx = tctx
        self.registry = registry
        self.calls: list[ToolCall] = []
        self.proposed: int | None = None

    def call(self, tool: str, arguments: dict[str, Any]) -> ToolResult:
        result = self.registry.call(self.tctx, tool, arguments)
        self.calls.append(ToolCall(tool, arguments, result))
        if result.proposed_version is not None:
            self.proposed = result.proposed_version
        return result


def _jsonable_args(slots: dict[str, Any]) -> dict[str, Any]:
    """Tool arguments as JSON data (dates as ISO strings), as a model would send them."""
    out: dict[str, Any] = {}
    for key, value in slots.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, dict):
            out[key] = _jsonable_args(value)
        elif isinstance(value, list):
            out[key] = [_jsonable_args(v) if isinstance(v, dict) else v for v in value]
        else:
            out[key] = value
    return out


def _answer(result: ToolResult) -> str:
    """A tool's summary as the answer: a failure says what to fix, a proposal that it waits."""
    if not result.ok:
        return t.TOOL_FAILED.format(error=result.error or result.summary or "unknown error")
    if result.proposed_version is not None:
        return t.PROPOSAL.format(summary=result.summary, version=result.proposed_version)
    return result.summary


def _scale5(value: float) -> int:
    """A 0-10 score (what people say) on the daily log's 1-5 scale."""
    return max(1, min(5, int(value / 2 + 0.5)))


# --- guardrail answers --------------------------------------------------------------------------


def _exercise_in(text: str, matcher: ExerciseMatcher, region_words: set[str]) -> str | None:
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


def _overhead_presses(matcher: ExerciseMatcher) -> set[str]:
    """Library exercises that press overhead (vertical pushes other than dips)."""
    return {
        r.slug
        for r in matcher.records
        if r.movement_pattern == "vertical_push" and "dip" not in r.slug
    }


def _remove_overhead(turn: _Turn, matcher: ExerciseMatcher) -> str:
    """A plan proposal without overhead pressing (the athlete approves it), or why not."""
    plan = turn.call("get_plan", {})
    if not plan.ok:
        return _answer(plan)
    presses = _overhead_presses(matcher)
    planned = [
        slug
        for session in plan.data.get("sessions", [])
        for slug in session.get("exercises", [])
        if slug in presses
    ]
    if not planned:
        return t.INJURY_NO_OVERHEAD
    # One removal: the validator, which now knows the injury, replaces any other exercise that
    # loads the region in the same proposal (its reasons are listed with it).
    operation = {"op": "remove_exercise", "exercise": planned[0]}
    return _answer(turn.call("propose_plan_edit", {"operation": operation}))


def _injury_reply(turn: _Turn, check: Screen, text: str, matcher: ExerciseMatcher) -> str:
    guidance = escalation_message(check)
    injury = check.injury
    assert injury is not None
    region = injury.region
    regions = sorted(injury_constraints(check).regions)
    if region is not None:  # kept in the profile: plans and plan changes spare the region
        guidance = f"{guidance}\n\n{_answer(turn.call('record_injury', {'region': region, 'kind': injury.kind}))}"  # fmt: skip
    # An explicit swap beside the pain ("knee sore, take the back squat out and give me leg
    # press") is still made, after the injury is noted so the validator checks it against it.
    asked = understand(text, today=turn.tctx.today(), exercises=matcher)
    if asked.intent == "swap_exercise" and asked.slots.get("exercise") and asked.slots.get("to"):
        return f"{_swap(turn, asked.slots, asked.problems)}\n\n{guidance}"
    # A proposal from the injury already swaps every exercise loading the region.
    if region is not None and turn.proposed is None and _OVERHEAD.search(normalise(text)):
        return f"{guidance}\n\n{_remove_overhead(turn, matcher)}"
    exercise = _exercise_in(text, matcher, {injury.part, *(region or "").split("_")})
    if exercise is None or region is None:
        return f"{guidance}\n\n{t.INJURY_ASK_EXERCISE}" if region else guidance
    result = turn.call("exercise_substitutes", {"exercise": exercise, "avoid_regions": regions})
    if not result.ok or not result.data.get("hits"):
        return f"{guidance}\n\n{_answer(result)}"
    options = "\n".join(f"- {h['name']} ({h['reason']})" for h in result.data["hits"])
    extra = t.INJURY_SUBSTITUTES.format(
        region=region.replace("_", " "), exercise=result.data["name"], options=options
    )
    return f"{guidance}\n\n{extra}"


# --- intents ------------------------------------------------------------------------------------


def _previous_query(
    history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding | None:
    for turn in reversed(history):
        if turn.role != "user":
            continue
        u = understand(turn.text, today=today, exercises=matcher)
        if u.intent == "query_metric":
            return u
    return None


def _follow_up(
    text: str, u: Understanding, history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding:
    """A short follow-up to a metric question ("and the week before?", "and my HRV?") read
    with the earlier question's metric and period."""
    lowered = normalise(text)
    if not history or not _FOLLOW_UP.search(lowered):
        return u
    if u.intent not in ("unknown", "query_metric"):
        return u
    previous = _previous_query(history, today, matcher)
    if previous is None:
        return u
    slots = dict(previous.slots)
    if u.intent == "query_metric":
        slots["metric"] = u.slots["metric"]
        if "start" in u.slots:
            slots["start"], slots["end"] = u.slots["start"], u.slots["end"]
        return Understanding("query_metric", slots, u.confidence, [])
    found = find_dates(lowered, today)
    if "start" in found:
        slots["start"], slots["end"] = found["start"], found["end"]
    elif "date" in found:
        slots["start"] = slots["end"] = found["date"]
    elif _BEFORE.search(lowered):
        end = slots.get("end", today)
        start = slots.get("start", end - timedelta(days=6))
        length = (end - start).days + 1
        slots["start"], slots["end"] = start - timedelta(days=length), start - timedelta(days=1)
    else:
        return u
    return Understanding("query_metric", slots, 0.7, [])


def _pending_sets(history: Sequence[Turn], today: date, matcher: ExerciseMatcher) -> Understanding | None:  # fmt: skip
    """The sets of the last user message when the assistant asked which exercise they were."""
    for turn in reversed(history):
        if turn.role != "user":
            continue
        u = understand(turn.text, today=today, exercises=matcher)
        groups = u.slots.get("groups") or []
        missing = u.intent == "log_sets" and groups and all(g.get("exercise") is None for g in groups)  # fmt: skip
        only_name = all(p.startswith("which exercise") for p in u.problems)
        return u if missing and only_name else None
    return None


def _named_exercise(
    u: Understanding, history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding:
    """ "bench" after "185 lbs 3x5 @ RPE 9" got "which exercise?": log those sets as bench."""
    if u.intent != "clarify" or u.slots.get("about") != "exercise" or not history:
        return u
    pending = _pending_sets(history, today, matcher)
    if pending is None:
        return u
    groups = [{**g, "exercise": u.slots["exercise"]} for g in pending.slots["groups"]]
    return Understanding("log_sets", {**pending.slots, "groups": groups}, 0.8, [])


def _sets_text(groups: Sequence[dict[str, Any]]) -> str:
    """ "3 x 5 at 83.9 kg, RPE 9": what the athlete typed, to quote back in a question."""
    parts = []
    for g in groups:
        part = f"{g['sets']} x {g.get('reps', '?')}"
        if g.get("weight_kg") is not None:
            part += f" at {format_mass(g['weight_kg'], bare_units_system())}"
        if g.get("rpe") is not None:
            part += f", RPE {g['rpe']:g}"
        if g.get("rir") is not None:
            part += f", RIR {g['rir']:g}"
        parts.append(part)
    return "; ".join(parts)


def _problems(problems: Sequence[str]) -> str:
    """What went wrong, as a sentence to put before a question ("" when nothing)."""
    if not problems:
        return ""
    text = "; ".join(problems)
    return text[0].upper() + text[1:] + ("" if text.endswith(("?", ".")) else ".") + " "


def _log_sets(turn: _Turn, slots: dict[str, Any]) -> str:
    groups = []
    for g in slots["groups"]:
        group = {
            k: g[k]
            for k in ("exercise", "sets", "reps", "weight_kg", "bodyweight", "rir", "rpe")
            if g.get(k) is not None
        }
        groups.append(group)
    return _answer(
        turn.call("log_sets", _jsonable_args({"groups": groups, "date": slots.get("date")}))
    )


def _log_cardio(turn: _Turn, slots: dict[str, Any]) -> str:
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
    return _answer(turn.call("log_cardio", _jsonable_args(args)))


def _log_daily(turn: _Turn, values: dict[str, float], day: date | None) -> str:
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
    return _answer(turn.call("log_daily_metrics", _jsonable_args(args)))


def _log_meal(turn: _Turn, slots: dict[str, Any]) -> str:
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
    return _answer(turn.call("log_meal", _jsonable_args(args)))


def _swap(turn: _Turn, slots: dict[str, Any], problems: list[str]) -> str:
    exercise, to = slots.get("exercise"), slots.get("to")
    if exercise is None:
        return _problems(problems) + t.ASK["swap_from"]
    if to is None:  # "swap bench for something": offer what fits
        result = turn.call("exercise_substitutes", {"exercise": exercise})
        hits = result.data.get("hits") if result.ok else None
        if not hits:
            return _answer(result)
        options = "\n".join(f"- {h['name']} ({h['reason']})" for h in hits)
        name = result.data["name"]
        return t.ASK["swap_to"].format(exercise=name, options=options, first=hits[0]["name"])
    operation = {"op": "swap_exercise", "exercise": exercise, "to": to}
    return _answer(turn.call("propose_plan_edit", {"operation": operation}))


def _equipment(turn: _Turn, slots: dict[str, Any]) -> str:
    have: list[str] = list(slots.get("equipment") or [])
    without: list[str] = list(slots.get("without") or [])
    if not have and without:
        plan = turn.call("get_plan", {})
        if not plan.ok:
            return _answer(plan)
        have = [e for e in plan.data.get("equipment", []) if e not in without]
    operation = {"op": "set_equipment", "equipment": have}
    return _answer(turn.call("propose_plan_edit", {"operation": operation}))


def _readiness(turn: _Turn, day: date | None) -> str:
    args = _jsonable_args({"date": day})
    readiness = turn.call("get_readiness", args)
    today = turn.call("get_today_session", args)
    return t.READINESS.format(readiness=_answer(readiness), today=_answer(today))


BURNOUT_WORDS = r"\b(burnout|burn out|burned out|burnt out|overtrain\w*|overreach\w*|risk)\b"


def _explain(turn: _Turn, text: str, matcher: ExerciseMatcher) -> str:
    lowered = normalise(text)
    for term, meaning in sorted(t.GLOSSARY.items(), key=lambda kv: -len(kv[0])):
        if re.search(
            rf"\bwhat(?:'s| is| are| does)\b.*\b{re.escape(term)}\b", lowered
        ) and not re.search(r"\bmy\b", lowered):
            return meaning
    exercise = _exercise_in(text, matcher, set())
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
    return _answer(turn.call("explain_decision", args))


def _clarify(slots: dict[str, Any], matcher: ExerciseMatcher) -> str:
    """One question naming the options, for a message too short to act on."""
    about = slots.get("about")
    if about == "exercise":
        slug = slots["exercise"]
        name = next((r.name for r in matcher.records if r.slug == slug), slug)
        return t.CLARIFY["exercise"].format(name=name, key=name.lower())
    if about == "number":
        return t.CLARIFY["number"].format(value=slots["value"])
    return t.CLARIFY["change"]


def _change_load(turn: _Turn, slots: dict[str, Any]) -> str:
    if slots.get("exercise") is None:
        delta = float(slots.get("delta_kg", 0))
        amount = ("+" if delta >= 0 else "-") + format_mass(abs(delta), bare_units_system())
        return t.ASK["change_load_exercise"].format(amount=amount)
    operation: dict[str, Any] = {"op": "change_load", "exercise": slots["exercise"]}
    if slots.get("weight_kg") is not None:
        operation["load_kg"] = slots["weight_kg"]
    else:
        operation["delta_kg"] = slots["delta_kg"]
    return _answer(turn.call("propose_plan_edit", {"operation": operation}))


def _move_many(turn: _Turn, slots: dict[str, Any]) -> str:
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
            return _answer(turn.call("propose_plan_edit", _jsonable_args({"operation": operation})))
        if not found:
            return t.TOOL_FAILED.format(error="no planned session falls on the days you named")
        return check_stacked_move(turn.tctx, found, to_date)
    except (InvalidInput, NotFound) as exc:
        return t.TOOL_FAILED.format(error=exc.message)


def _days_per_week(turn: _Turn, days: int) -> str:
    """ "3 days a week instead of 4": a days-per-week edit of the plan in force (a proposal);
    without a plan, a first plan for that many days."""
    operation = {"op": "set_days_per_week", "days": days}
    result = turn.call("propose_plan_edit", {"operation": operation})
    if not result.ok and "no active plan" in (result.error or ""):
        return _answer(turn.call("generate_plan", {"days_per_week": days}))
    return _answer(result)


def _entries_made(history: Sequence[Turn]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The entries this chat logged that are still there, newest first, each with the tool call
    that stored it (its arguments say what was logged); ``undo_log_entry`` calls take theirs
    out. Only this athlete's conversation is read, and the services check the scope again."""
    undone: set[tuple[Any, Any]] = set()
    # Corrections made since (newest first): an entry's values are what they are now, so a
    # second correction ("it was miles not km" after "12 km not 10k") reads the corrected one.
    corrected: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for past in reversed(history):
        if past.role != "assistant":
            continue
        for call in reversed(past.tool_calls):
            arguments = call.get("arguments") or {}
            if call.get("tool") == "undo_log_entry" and call.get("ok"):
                undone.add((arguments.get("kind"), arguments.get("entry_id")))
            if call.get("tool") == "correct_log_entry" and call.get("ok"):
                corrected.setdefault((arguments.get("kind"), arguments.get("entry_id")), []).insert(0, arguments)  # fmt: skip
            entries = list(call.get("entries") or [])
            fixes = [f for e in entries for f in corrected.get((e.get("kind"), e.get("id")), [])]
            now = _as_corrected(call, fixes)  # one object per call: "is" tells a message's calls
            for entry in reversed(entries):
                if (entry.get("kind"), entry.get("id")) not in undone:
                    out.append((entry, now))
    return out


def _as_corrected(call: dict[str, Any], corrections: list[dict[str, Any]]) -> dict[str, Any]:
    """``call`` with the arguments its entry holds after ``corrections`` (oldest first)."""
    if not corrections:
        return call
    arguments = dict(call.get("arguments") or {})
    for fix in corrections:
        changes = dict(fix.get("changes") or {})
        if "groups" not in arguments:
            arguments.update(changes)
            continue
        groups = []
        for g in arguments["groups"]:
            mine = isinstance(g, dict) and fix.get("exercise") in (None, g.get("exercise"))
            groups.append(g | {k: v for k, v in changes.items() if k in ("reps", "weight_kg", "rir", "sets")} if mine else g)  # fmt: skip
        arguments["groups"] = groups
    return call | {"arguments": arguments}


def _label_words(entry: dict[str, Any], call: dict[str, Any], matcher: ExerciseMatcher) -> list[set[str]]:  # fmt: skip
    """The words naming what one logged entry holds, one set per part (a workout's exercises
    one by one; else the entry whole): slug and name words, the meal, the readings."""
    arguments = call.get("arguments") or {}
    names = {r.slug: r.name for r in matcher.records}

    def words(*texts: Any) -> set[str]:
        return {w for text in texts if text for w in re.findall(r"[a-z]+", str(text).lower().replace("_", " "))}  # fmt: skip

    kind = entry.get("kind")
    if kind == "workouts":
        slugs = {g.get("exercise") for g in arguments.get("groups") or [] if isinstance(g, dict)}
        return [words(s, names.get(str(s))) for s in sorted(slugs, key=str)] or [set()]
    if kind == "cardio":
        activity = arguments.get("activity")
        return [words(activity, names.get(str(activity)), "cardio")]
    if kind == "meals":
        return [words(arguments.get("meal"), arguments.get("description"), "meal")]
    if kind == "sleep":
        return [{"sleep"}]
    return [words(*(entry.get("fields") or []), *arguments.keys(), "rhr" if "resting_hr_bpm" in arguments else "")]  # fmt: skip


def _names_it(word: str, label: set[str]) -> bool:
    """Whether a target word ("row", "curl", "lunch") is one of the label's words or the start
    of one ("row" of "rowing")."""
    return any(lab.startswith(word) or (len(lab) >= 3 and word.startswith(lab)) for lab in label)


def _picked(
    made: list[tuple[dict[str, Any], dict[str, Any]]],
    request: dict[str, Any],
    matcher: ExerciseMatcher,
) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
    """The logged entries an undo or a correction names ("the lunch one", "the curls", "the
    row"), newest first: ``made`` when it names nothing, None when it names something this
    chat did not log (nothing is guessed then)."""
    sure, maybe = list(request.get("targets") or []), list(request.get("maybe") or [])
    if not sure and not maybe:
        return made
    found = [
        m for m in made
        if any(_names_it(w, label) for w in sure + maybe for label in _label_words(*m, matcher))
    ]  # fmt: skip
    if found:
        return found
    return None if sure else made


def _undo(turn: _Turn, request: dict[str, Any], count: int | None, history: Sequence[Turn], matcher: ExerciseMatcher, today: date) -> str:  # fmt: skip
    """Remove the entries of the last message that logged something (or the last ``count``,
    all of them, or the ones the message names)."""
    made = _entries_made(history)
    if not made:
        return t.UNDO_NOTHING
    if request.get("all"):
        days = (None, today.isoformat(), today)
        chosen = [
            m
            for m in made
            if not request.get("today") or (m[1].get("arguments") or {}).get("date") in days
        ]
        if not chosen:
            return t.UNDO_NOTHING
        return " ".join(_remove(turn, entry) for entry, _call in chosen)
    picked = _picked(made, request, matcher)
    if picked is None:
        return t.UNDO_WHICH
    if picked is not made:  # named: the newest message's entries that hold it, whole only
        first_call = picked[0][1]
        chosen = [m for m in picked if m[1] is first_call]
        for entry, call in chosen:
            labels = _label_words(entry, call, matcher)
            words = list(request.get("targets") or []) + list(request.get("maybe") or [])
            if not all(any(_names_it(w, label) for w in words) for label in labels):
                return t.UNDO_WHICH  # a workout holding more than what was named: not all of it
    elif count is None:
        first_call = made[0][1]
        chosen = [m for m in made if m[1] is first_call]
    else:
        chosen = made[:count]
    return " ".join(_remove(turn, entry) for entry, _call in chosen)


def _remove(turn: _Turn, entry: dict[str, Any]) -> str:
    """Take one logged entry out (a day's readings: only the fields it logged)."""
    args: dict[str, Any] = {"kind": entry["kind"], "entry_id": entry["id"]}
    if entry["kind"] == "daily" and entry.get("fields"):
        args["fields"] = entry["fields"]
    return _answer(turn.call("undo_log_entry", args))


_LB = 0.45359237
# Words that make a message a correction even where it also reads as a log ("scratch that,
# weight was 81.6"); weaker ones ("it was 30 min") correct only a message that logs nothing.
_STRONG_CORRECTION = re.compile(
    r"\b(scratch that|oops|wrong|typo|mistake|i meant|meant|correction|sorry)\b|\bnot\s*\d"
)
_DAILY_COLUMNS = {"resting_hr_bpm": "resting_hr"}


def _has_word(request: dict[str, Any], word: str) -> bool:
    """Whether the correction says which set ("the last set", "first set")."""
    return request.get("which") == word


def _correction(request: dict[str, Any], entry: dict[str, Any], arguments: dict[str, Any]) -> tuple[dict[str, Any], str | None] | None:  # fmt: skip
    """The changes a correction makes to ``entry`` (and the exercise they are for), or None
    when the words do not say which value changes."""
    field, value, old = request.get("field"), request["value"], request.get("old")
    unit = request.get("unit")
    kind = entry["kind"]
    # A weight corrected without a unit ("it was 80 not 100") is in the athlete's unit.
    mass_in = unit if unit in ("kg", "lb") else bare_mass_unit()
    if kind == "workouts":
        groups = [g for g in arguments.get("groups") or [] if isinstance(g, dict)]
        exercise = request.get("exercise")
        names = {g.get("exercise") for g in groups}
        if exercise is None and len(names) == 1:
            exercise = next(iter(names))
        mine = [g for g in groups if exercise is None or g.get("exercise") == exercise]

        def holding(key: str, number: float) -> list[dict[str, Any]]:
            return [g for g in mine if g.get(key) is not None and abs(float(g[key]) - number) < 0.05]  # fmt: skip

        def changed(found: list[dict[str, Any]], update: dict[str, Any]) -> tuple[dict[str, Any], str | None] | None:  # fmt: skip
            """``update`` on the sets ``found`` hold: in place when they are all the sets of
            their exercise, else the workout logged again with only those changed ("last
            set was 6 not 7" of "8, 8, 7")."""
            names = {g.get("exercise") for g in found}
            if len(names) != 1:
                return None  # none or several exercises hold the old value: ask
            if len(found) > 1 and _has_word(request, "last"):
                found = found[-1:]
            elif len(found) > 1 and _has_word(request, "first"):
                found = found[:1]
            name = next(iter(names))
            if all(g in found for g in groups if g.get("exercise") == name):
                return update, name
            return {"groups": [g | update if any(g is f for f in found) else g for g in groups]}, name  # fmt: skip

        if field == "exercise":
            found = [g for g in groups if g.get("exercise") == old]
            return ({"groups": [g | {"exercise": value} if g in found else g for g in groups]}, None) if found else None  # fmt: skip
        if field == "unit":
            loads = {g.get("weight_kg") for g in mine}
            if exercise is None or len(loads) != 1 or None in loads:
                return None  # one load to convert, or the athlete says which
            load = float(str(next(iter(loads))))
            return {"weight_kg": round(load * _LB if value == "lb" else load / _LB, 2)}, exercise
        if field == "sets_reps":
            if old is None:
                return ({"sets": value[0], "reps": value[1]}, exercise) if exercise else None
            found = [g for g in mine if g.get("sets", 1) == old[0] and g.get("reps") == old[1]]
            return changed(found, {"sets": value[0], "reps": value[1]})
        if field in ("sets", "reps"):
            if old is not None:
                return changed(holding(field, float(old)), {field: value})
            return ({field: value}, exercise) if exercise is not None else None
        if field == "weight" or (old is None and unit in ("kg", "lb")):
            kg = float(value) * (_LB if mass_in == "lb" else 1.0)
            return ({"weight_kg": round(kg, 2)}, exercise) if exercise is not None else None
        if old is not None:
            for key in ("weight_kg", "reps", "sets", "rir"):
                found = holding(key, float(old) * (_LB if mass_in == "lb" and key == "weight_kg" else 1.0))  # fmt: skip
                if found:
                    new = float(value) * (_LB if mass_in == "lb" and key == "weight_kg" else 1.0)
                    return changed(found, {key: round(new, 2)})
        return None
    numeric = {
        _DAILY_COLUMNS.get(k, k): float(v)
        for k, v in arguments.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    if kind == "daily" and field == "weight":
        return {"weight_kg": float(value) * (_LB if mass_in == "lb" else 1.0)}, None
    if kind == "cardio" and field == "cardio":  # "it was 8 km in 42:00, not 5k"
        return dict(value), None
    if kind == "cardio" and field == "distance_unit":  # "km not miles": the same number, read again
        if not numeric.get("distance_m"):
            return None
        scale = 1000 / 1609.344 if value == "km" else 1609.344 / 1000
        return {"distance_m": round(numeric["distance_m"] * scale, 1)}, None
    if field in ("cardio", "distance_unit", "exercise", "sets_reps"):
        return None  # words for another kind of entry: ask
    if kind == "cardio" and old is None and unit:
        if unit in ("km", "kms", "mi", "mile", "miles"):
            return {
                "distance_m": float(value) * (1609.344 if unit.startswith("mi") else 1000)
            }, None
        if unit.startswith("min"):
            return {"duration_s": float(value) * 60}, None
    if old is not None:
        scales = {"duration_s": 60.0, "distance_m": 1000.0}
        for key, stored in numeric.items():
            scale = scales.get(key, 1.0)
            if abs(stored - float(old) * scale) < 0.05 * scale:
                return {key: float(value) * scale}, None
    if len(numeric) == 1 and field is None and kind in ("daily", "meals"):
        return {next(iter(numeric)): float(value)}, None
    return None


def _correct(turn: _Turn, request: dict[str, Any], history: Sequence[Turn], matcher: ExerciseMatcher) -> str:  # fmt: skip
    """Correct the last entry the chat logged (of the exercise or entry named, when one is)."""
    made = _entries_made(history)
    if not made:
        return t.UNDO_NOTHING
    exact = [
        m for m in made
        if any(g.get("exercise") == request.get("exercise") for g in (m[1].get("arguments") or {}).get("groups") or [])
    ]  # fmt: skip
    picked = exact or _picked(made, request, matcher)
    if not picked:
        return t.CORRECT_UNCLEAR.format(what="what this chat logged")
    entry, call = picked[0]
    arguments = call.get("arguments") or {}
    if not exact and entry["kind"] == "workouts" and (request.get("targets") or request.get("maybe")):  # fmt: skip
        # "the curls" for a cable curl: the logged exercise the words name, when only one
        words = list(request.get("targets") or []) + list(request.get("maybe") or [])
        slugs = sorted({str(g.get("exercise")) for g in arguments.get("groups") or [] if isinstance(g, dict)})  # fmt: skip
        named = [s for s, label in zip(slugs, _label_words(entry, call, matcher), strict=True) if any(_names_it(w, label) for w in words)]  # fmt: skip
        request = request | {"exercise": named[0] if len(named) == 1 else None}
    if entry["kind"] == "sleep" and request.get("value") is not None and not request.get("field"):
        hours = float(request["value"])
        if not 0 < hours <= 24:
            return t.CORRECT_UNCLEAR.format(what=call.get("summary") or "the last entry")
        args = {"duration_s": hours * 3600, "date": arguments.get("date")}
        return _answer(turn.call("log_sleep", {k: v for k, v in args.items() if v is not None}))
    found = _correction(request, entry, arguments)
    if found is None or entry["kind"] == "sleep":
        return t.CORRECT_UNCLEAR.format(what=call.get("summary") or "the last entry")
    changes, exercise = found
    if "groups" in changes:  # one set of several, or another exercise: the workout logged again
        relog = {k: v for k, v in arguments.items() if v is not None} | {"groups": changes["groups"]}  # fmt: skip
        removed = turn.call("undo_log_entry", {"kind": "workouts", "entry_id": entry["id"]})
        if not removed.ok:
            return _answer(removed)
        return _answer(turn.call("log_sets", relog))
    args = {"kind": entry["kind"], "entry_id": entry["id"], "changes": changes}
    if exercise:
        args["exercise"] = exercise
    return _answer(turn.call("correct_log_entry", args))


def _describe(entry: Understanding, matcher: ExerciseMatcher) -> str:
    """What one logging entry holds, in words (for a question that stores nothing)."""
    s = entry.slots
    if entry.intent == "log_sets":
        parts = []
        for g in s.get("groups") or []:
            name = next((r.name for r in matcher.records if r.slug == g.get("exercise")), "an exercise")  # fmt: skip
            part = f"{name} {g.get('sets', 1)} x {g.get('reps', '?')}"
            if g.get("weight_kg") is not None:
                part += f" at {format_mass(g['weight_kg'], bare_units_system())}"
            if g.get("rir") is not None:
                part += f", RIR {g['rir']:g}"
            parts.append(part)
        return "; ".join(parts)
    if entry.intent == "log_cardio":
        bits = [str(s.get("exercise") or "cardio").replace("-", " ")]
        if s.get("distance_m"):
            bits.append(format_distance(s["distance_m"], bare_units_system()))
        if s.get("duration_s"):
            bits.append(f"{s['duration_s'] / 60:g} min")
        return " ".join(bits)
    if entry.intent == "log_sleep":
        return f"sleep {s.get('duration_s', 0) / 3600:g} h"
    if entry.intent == "log_weight":
        return f"body weight {format_mass(s['weight_kg'], bare_units_system(), kind='body')}"
    if entry.intent == "log_daily":
        return ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in s.get("values", {}).items())
    kcal = f", {s['calories']} kcal" if s.get("calories") else ""
    return f"a meal{kcal}"


def _log_reading(turn: _Turn, reading: LogReading, text: str, matcher: ExerciseMatcher) -> str:
    """Store every entry of a logging message, or (when anything is unexplained) store
    nothing and ask, saying what was understood and what is missing."""
    only_name = reading.problems == ["which exercise? I could not find an exercise name"]
    if only_name and len(reading.entries) == 1 and reading.entries[0].intent == "log_sets":
        return t.ASK["log_sets_exercise"].format(
            sets=_sets_text(reading.entries[0].slots["groups"])
        )
    if reading.problems:
        understood = "; ".join(_describe(e, matcher) for e in reading.entries)
        return t.LOG_ASK.format(
            problems=_problems(reading.problems).strip(),
            understood=t.LOG_UNDERSTOOD.format(what=understood) if understood else "",
        ).replace("  ", " ")
    answers = [
        _dispatch(turn, Understanding(e.intent, e.slots, e.confidence, []), text, matcher)
        for e in reading.entries
    ]
    return "\n".join(answers)


def _dispatch(turn: _Turn, u: Understanding, text: str, matcher: ExerciseMatcher) -> str:
    slots, problems = u.slots, u.problems
    intent = u.intent
    if intent == "greeting":
        return t.GREETING
    if intent == "clarify":
        return _clarify(slots, matcher)
    if intent in ("help", "unknown"):
        why = (
            ""
            if intent == "help" or problems == ["not understood"]
            else f" ({'; '.join(problems)})"
        )
        return t.HELP if intent == "help" else t.NOT_UNDERSTOOD.format(why=why)
    if intent == "log_sets":
        if problems == ["which exercise? I could not find an exercise name"]:
            return t.ASK["log_sets_exercise"].format(sets=_sets_text(slots["groups"]))
        if problems:
            unknown = [p for p in problems if p.startswith("unknown exercise")]
            return _problems(unknown or problems) + t.ASK["log_sets"]
        return _log_sets(turn, slots)
    if intent == "log_cardio":
        return _log_cardio(turn, slots)
    if intent == "log_sleep":
        if not slots.get("duration_s"):
            return t.ASK["log_sleep"]
        if slots["duration_s"] > training_log.MAX_SLEEP_H * 3600:  # one night, never a total
            return t.SLEEP_TOO_LONG.format(hours=f"{slots['duration_s'] / 3600:g}")
        args = {"duration_s": slots["duration_s"], "date": slots.get("date")}
        if slots.get("quality"):  # "poor" or "good", as the tool takes them
            args["quality"] = slots["quality"]
        return _answer(turn.call("log_sleep", _jsonable_args(args)))
    if intent == "log_weight":
        return _log_daily(turn, {"weight_kg": slots["weight_kg"]}, slots.get("date"))
    if intent == "log_daily":
        return _log_daily(turn, slots["values"], slots.get("date"))
    if intent == "log_meal":
        return _log_meal(turn, slots)
    if intent == "query_metric" and slots.get("metric") == "e1rm":
        strength = {"exercise": slots["exercise"]} if slots.get("exercise") else {}
        return _answer(turn.call("get_strength", strength))
    if intent == "training_summary":
        args = {k: slots[k] for k in ("start", "end") if slots.get(k) is not None}
        return _answer(turn.call("get_training_summary", _jsonable_args(args)))
    if intent == "change_load":
        return _change_load(turn, slots)
    if intent == "query_metric":
        args = {k: slots[k] for k in ("metric", "start", "end") if slots.get(k) is not None}
        return _answer(turn.call("get_metrics", _jsonable_args(args)))
    if intent == "today_session":
        return _answer(turn.call("get_today_session", _jsonable_args({"date": slots.get("date")})))
    if intent == "show_plan":
        args = {k: slots[k] for k in ("start", "end") if slots.get(k) is not None}
        return _answer(turn.call("get_plan", _jsonable_args(args)))
    if intent == "swap_exercise":
        return _swap(turn, slots, problems)
    if intent == "set_equipment":
        return _equipment(turn, slots)
    if intent == "move_session" and "from_date" not in slots:
        return _move_many(turn, slots)
    if intent == "move_session":
        operation = {
            "op": "move_session",
            "from_date": slots["from_date"],
            "to_date": slots["to_date"],
        }
        return _answer(turn.call("propose_plan_edit", _jsonable_args({"operation": operation})))
    if intent == "skip_session":
        operation = {"op": "skip_session", "on_date": slots["date"]}
        if slots.get("cardio"):
            operation["cardio"] = True
        return _answer(turn.call("propose_plan_edit", _jsonable_args({"operation": operation})))
    if intent == "set_session_minutes":
        operation = {"op": "set_session_minutes", "on_date": slots.get("date")}
        if slots.get("shorter_by"):
            operation["shorter_by"] = slots["shorter_by"]
        else:
            operation["minutes"] = slots["minutes"]
        args = {"operation": {k: v for k, v in operation.items() if v is not None}}
        return _answer(turn.call("propose_plan_edit", _jsonable_args(args)))
    if intent == "generate_plan" and set(slots) == {"days_per_week"}:
        return _days_per_week(turn, slots["days_per_week"])
    if intent == "generate_plan":
        args = {
            "goal": slots.get("goal"),
            "days_per_week": slots.get("days_per_week"),
            "session_minutes": slots.get("minutes"),
        }
        if slots.get("weeks"):
            args["weeks"] = slots["weeks"]
        return _answer(turn.call("generate_plan", {k: v for k, v in args.items() if v is not None}))
    if intent == "readiness_advice":
        return _readiness(turn, slots.get("date"))
    if intent == "explain":
        return _explain(turn, text, matcher)
    return t.NOT_UNDERSTOOD.format(why="")


def _guessed(turn: _Turn, intent: str, text: str, today: date, matcher: ExerciseMatcher) -> str:
    """The answer for an intent the fallback named: read-only intents are answered (with the
    dates the text names), anything else asks for the slots it needs."""
    if intent in _GUESS_ANSWERS:
        u = Understanding(cast(Intent, intent), find_dates(normalise(text), today), 0.5, [])
        return _dispatch(turn, u, text, matcher)
    return t.GUESSED.get(intent, t.NOT_UNDERSTOOD.format(why=""))


def offline_reply(
    tctx: ToolContext,
    text: str,
    *,
    registry: ToolRegistry | None = None,
    history: Sequence[Turn] = (),
    intents: IntentFallback | None = None,
) -> Reply:
    """Answer one message for the athlete in ``tctx`` without any network (see the module).
    A weight typed without a unit is in the athlete's (kg, or lb when they chose imperial)."""
    from fitcoach.assistant.tools.common import athlete_units

    with bare_units(athlete_units(tctx)):
        return _offline_reply(tctx, text, registry=registry, history=history, intents=intents)


def _offline_reply(
    tctx: ToolContext,
    text: str,
    *,
    registry: ToolRegistry | None,
    history: Sequence[Turn],
    intents: IntentFallback | None,
) -> Reply:
    from fitcoach.assistant.student import second_net
    from fitcoach.assistant.tools import default_registry
    from fitcoach.assistant.tools.safety import report_red_flags

    started = time.perf_counter()
    registry = registry or default_registry()
    turn = _Turn(tctx, registry)
    # The rules first; a student fallback is also a second net for red flags: it may add one the
    # rules missed, never clear one they raised (union for recall, issue 34).
    rules_check = screen(text)
    check = second_net(rules_check, text, intents)
    if check.red_flags != rules_check.red_flags:
        log.info("red_flag_second_net", athlete_id=tctx.athlete_id, added=check.red_flags[len(rules_check.red_flags):])  # fmt: skip
    # The names the athlete mapped at an import mean the same here (issue 37).
    matcher = ExerciseMatcher.from_library().with_remembered(
        exercise_names.remembered_slugs(tctx.service, tctx.athlete_id)
    )

    def done(
        answer: str, intent: str, *, source: str = "offline", escalated: bool = False
    ) -> Reply:
        latency = round((time.perf_counter() - started) * 1000, 2)
        log.info(
            "offline_reply",
            athlete_id=tctx.athlete_id,
            intent=intent,
            tools=[c.tool for c in turn.calls],
            failed=sum(not c.result.ok for c in turn.calls),
            proposed_version=turn.proposed,
            latency_ms=latency,
        )
        return Reply(
            text=answer,
            intent=intent,
            source="guardrail" if source == "guardrail" else "offline",
            tool_calls=list(turn.calls),
            proposed_version=turn.proposed,
            escalated=escalated,
            latency_ms=latency,
        )

    if check.red_flags:
        report_red_flags(tctx, check)
        return done(escalation_message(check), "red_flag", source="guardrail", escalated=True)
    if check.injection:
        return done(
            f"{escalation_message(check)} {t.OWN_DATA_ONLY}", "injection", source="guardrail"
        )
    if check.medical_request:
        return done(escalation_message(check), "medical_request", source="guardrail")
    if check.injury is not None:
        return done(_injury_reply(turn, check, text, matcher), "injury", source="guardrail")
    today = tctx.today()
    u = understand(text, today=today, exercises=matcher)
    loggable = u.intent in LOG_INTENTS or u.intent in ("unknown", "clarify")
    request = read_undo(text, exercises=matcher) if loggable else None
    reading = read_log(text, today=today, exercises=matcher)
    if request is not None and (request["op"] == "undo" or _STRONG_CORRECTION.search(normalise(text)) or not reading.ok):  # fmt: skip
        if request["op"] == "undo":
            count = request["count"] if re.search(r"\blast\s*\d", normalise(text)) else None
            return done(_undo(turn, request, count, history, matcher, today), "undo_log")
        return done(_correct(turn, request, history, matcher), "correct_log")
    # A log the rules read as a question ("ran 5k, avg HR 152" looks like a heart-rate query)
    # is still a log when every clause is one.
    if (loggable and (reading.entries or reading.problems)) or (
        u.intent in ("query_metric", "training_summary") and reading.ok
    ):
        intent_of = reading.entries[0].intent if reading.entries else "log_sets"
        return done(_log_reading(turn, reading, text, matcher), intent_of)
    u = _follow_up(text, u, history, today, matcher)
    u = _named_exercise(u, history, today, matcher)
    intent: str = u.intent
    if intents is not None and u.intent == "unknown" and u.problems == ["not understood"]:
        guess = intents.guess(text)
        if guess is not None:
            log.info("intent_fallback", athlete_id=tctx.athlete_id, intent=guess)
            intent = guess
    if intent in TRAINING_INTENTS:
        paused = health.escalation_for(tctx.service, tctx.athlete_id)
        if paused is not None:
            return done(paused, "red_flag", source="guardrail", escalated=True)
    if intent != u.intent:
        return done(_guessed(turn, intent, text, today, matcher), intent)
    return done(_dispatch(turn, u, text, matcher), u.intent)
