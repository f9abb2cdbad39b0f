"""``offline_reply``: one message answered in order. The guardrails first (a red flag, an
injection, a request for a diagnosis or a dose, an injury); then an undo or a correction of
what this chat logged; then a logging message read whole; then a follow-up read with the
conversation, the fallback model's guess for a message the rules did not understand, the
escalation while a health flag is open for a training question, and the tool dispatch."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import date
from typing import Protocol, cast

import structlog

from fitcoach.assistant import templates as t
from fitcoach.assistant.guardrails import escalation_message, screen
from fitcoach.assistant.measurements import measurement_reply
from fitcoach.assistant.nlu import (
    LOG_INTENTS,
    ExerciseMatcher,
    Intent,
    Understanding,
    bare_units,
    bare_units_system,
    normalise,
    read_log,
    read_undo,
    understand,
    understand_plan_in_english,
    vague_plan_in_english,
)
from fitcoach.assistant.offline.actions import settled_removal
from fitcoach.assistant.offline.choice import answered
from fitcoach.assistant.offline.context import follow_up, named_exercise, told_day, told_missing
from fitcoach.assistant.offline.copied import copied
from fitcoach.assistant.offline.corrections import correct, undo
from fitcoach.assistant.offline.dispatch import dispatch, guessed, log_reading
from fitcoach.assistant.offline.draft import ReplyDraft
from fitcoach.assistant.offline.entries import entries_made
from fitcoach.assistant.offline.injury import injury_reply
from fitcoach.assistant.registry import ToolContext, ToolRegistry
from fitcoach.assistant.reply import Reply, Turn
from fitcoach.assistant.rule_families import family_of_rule
from fitcoach.assistant.slot_compose import slot_question, tagged_reading
from fitcoach.assistant.tools.safety import crisis_help, crisis_line
from fitcoach.coach.explanations import counted
from fitcoach.coach.wording import exercise_name
from fitcoach.services import exercise_names, health

log = structlog.get_logger(__name__)


# Intents that ask for training: while a health flag is open they get the escalation instead.
TRAINING_INTENTS = frozenset(
    {
        "today_session",
        "show_plan",
        "readiness_advice",
        "generate_plan",
        "swap_exercise",
        "remove_exercise",
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


# Words that make a message a correction even where it also reads as a log ("scratch that,
# weight was 81.6"); weaker ones ("it was 30 min") correct only a message that logs nothing.
_STRONG_CORRECTION = re.compile(
    r"\b(scratch that|oops|wrong|typo|mistake|i meant|meant|correction|sorry)\b|\bnot\s*\d"
)


# An age told ("I'm 73", "i am 68 not 25", "im 70 years old"): the athlete, not a value of a log.
_AGE_TOLD = (
    r"\b(?:i'?m|i am|im)\s+\d{2}\b(?!\s*(?:kg|kgs|kilos?|lbs?|pounds?|%|cm|km|mi|min\w*|reps?|sets?|x)\b)"
    r"(?:\s*(?:years? old|yrs?(?: old)?|yo)\b)?(?:\s*,?\s*(?:not|and not)\s*\d{2}\b)?|"
    # and a body weight told as the why ("i'm 130 kilos, they're not for me yet", "i weigh 300")
    r"\b(?:i'?m|i am|im|i weigh|weighing)\s+(?:about |around |over |nearly )?\d{2,3}(?:\.\d)?\s*"
    r"(?:kg|kgs|kilos?|lbs?|pounds?|st|stone)?\b"
)


_UNDO_ASKED = t.UNDO_ASK.split("{", 1)[0]
_YES_NO = re.compile(
    r"^\s*(?:(?P<yes>yes|yeah|yep|yup|sure|ok|okay|please do|do it|go ahead|take it back)"
    r"|(?P<no>no|nope|don'?t|do not|keep it|leave it|cancel))\b[\s\w,!.']{0,30}$"
)


def said(answer: str) -> str:
    """An answer as the athlete reads it: examples and quantities in their units, and each
    "N thing(s)" a tool's summary writes said as a person would ("2 changes")."""
    return counted(t.in_units(answer, bare_units_system()))


def offline_reply(
    tctx: ToolContext,
    text: str,
    *,
    registry: ToolRegistry | None = None,
    history: Sequence[Turn] = (),
    intents: IntentFallback | None = None,
) -> Reply:
    """Answer one message for the athlete in ``tctx`` without any network (see the package).
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
    turn = ReplyDraft(tctx, registry)
    # The rules first; a student fallback is also a second net for red flags: it may add one the
    # rules missed, never clear one they raised (union for recall, issue 34).
    # Self-harm said across the athlete's last message and this one counts too (issue 57).
    rules_check = screen(text, earlier=[t.text for t in history if t.role == "user"])
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
            text=said(answer),
            intent=intent,
            source="guardrail" if source == "guardrail" else "offline",
            tool_calls=list(turn.calls),
            proposed_version=turn.proposed,
            escalated=escalated,
            latency_ms=latency,
        )

    if check.red_flags:
        report_red_flags(tctx, check)
        answer = f"{escalation_message(check)}{crisis_help(tctx, check)}"
        return done(answer, "red_flag", source="guardrail", escalated=True)
    if check.injection:
        return done(
            f"{escalation_message(check)} {t.OWN_DATA_ONLY}", "injection", source="guardrail"
        )
    if check.medical_request:
        return done(escalation_message(check), "medical_request", source="guardrail")
    if check.injury is not None:
        return done(injury_reply(turn, check, text, matcher), "injury", source="guardrail")
    today = tctx.today()
    # "yes" / "no" to "Take back the …?": the undo it asked about, or nothing.
    asked = history[-1].text if history and history[-1].role == "assistant" else ""
    if asked.startswith(_UNDO_ASKED) and (reply := _YES_NO.match(normalise(text))):
        if reply.group("no"):
            return done(t.UNDO_KEPT, "undo_log")

        def confirms(question: str) -> bool:
            return said(question) == asked

        taken = undo(turn, {"op": "undo"}, None, history, matcher, today, confirms=confirms)
        return done(taken, "undo_log")
    # An answer to the question where the student and the rules disagreed: the message it was
    # about, read as the athlete chose, through the path below with all its checks.
    copy_note = ""  # where a copied entry came from, said before the log's reply
    chosen = answered(history, text, said)
    forced = None if chosen is None else chosen.choice
    if chosen is not None:
        log.info("disagreement_answered", athlete_id=tctx.athlete_id, choice=chosen.choice)
        if chosen.choice == "neither":
            return done(t.DISAGREE_DROPPED, "clarify")
        text = chosen.original
    # "sunday" after "which day was it (weekend)?": that message with its day told, read anew
    elif (day_told := told_day(text, history)) is not None:
        text = day_told
    # "three lots of eight" after "how many sets and reps of ...?": that message with its
    # numbers told, read anew with all its checks
    elif (missing_told := told_missing(text, history, today, matcher)) is not None:
        text = missing_told
    # "squats same as monday", "same again for pulldowns but 60": the one earlier entry it
    # points at written out with its change, read anew with all its checks (or one question)
    elif (copy := copied(tctx, text, history, today, matcher)) is not None:
        if copy.text is None:
            return done(copy.note, "clarify")
        text, copy_note = copy.text, copy.note
    # Body measurements from a tape ("waist 84 cm, hips 98"): their own reader (issue 42).
    elif (measured := measurement_reply(turn.call, text, today)) is not None:
        return done(measured, "measurements")
    u = understand(text, today=today, exercises=matcher)
    if forced is None:
        u = _foreign_plan(u, text, today, matcher)
    u = settled_removal(turn, u)  # "leave out the rows": the plan's row
    # A plan change named without what it needs ("cancel a session") asks its own question.
    vague_plan = u.intent == "clarify" and u.slots.get("about") == "plan"
    # "remove the deadlifts" changes the plan only when the plan in force has them; else it is
    # about the log (an undo that names its entry, or asks which).
    log_removal = u.intent == "remove_exercise" and not _planned(tctx, str(u.slots.get("exercise")))
    # The student confidently reads the removal as a plan change too, and it names no logged
    # entry to undo: the plan's removal (which says when the plan lacks it), never a new log
    # read out of "get rid of the 20 min cooldown walk" (issue 57).
    student_plan = forced is None and _student_reads_plan(intents, text)
    if log_removal and student_plan and read_undo(text, exercises=matcher) is None:
        log_removal = False
    loggable = (
        u.intent in LOG_INTENTS
        or (u.intent in ("unknown", "clarify") and not vague_plan)
        or log_removal
    )
    # (beside a removal, an age told is its why: "I'm 73 not 23" corrects and logs nothing)
    told = re.sub(_AGE_TOLD, " ", normalise(text)) if log_removal else text
    request = read_undo(told, exercises=matcher) if loggable else None
    reading = read_log(told, today=today, exercises=matcher)
    if log_removal and request is None and (not reading.entries or not reading.ok):
        # "Please remove the box jumps, I'm 63": the story's numbers are no log, nor is a log
        # the rules could only ask about ("... since my 2nd kid"). The removal of the exercise
        # named, as if said alone: from the log, or said to be nowhere.
        named = exercise_name(str(u.slots["exercise"])).lower()
        request = read_undo(f"remove the {named}", exercises=matcher)
    if request is not None and request["op"] == "correct" and reading.entries and not entries_made(history):  # fmt: skip
        # "(don't ask) ... bench 3x8 @ 155", "it was 155.2 on Monday": a correction's words in a
        # message that logs, with nothing in this chat to correct: the log it holds, read with
        # every check (stored, or asked about), never "nothing to correct"
        log.info("correction_words_in_log", athlete_id=tctx.athlete_id)
        request = None
    other = None
    if request is None and (loggable or u.intent in ("query_metric", "training_summary")):
        # An undo or a correction stays the rules' (the tagger would read a new log in it).
        reading, other = tagged_reading(intents, text, reading, today, matcher)
    if forced is None and request is not None and (request["op"] == "undo" or _STRONG_CORRECTION.search(normalise(told)) or not reading.ok):  # fmt: skip
        if request["op"] == "undo":
            count = request["count"] if re.search(r"\blast\s*\d", normalise(text)) else None
            taken = undo(turn, request, count, history, matcher, today)
            if log_removal and taken == t.UNDO_NOTHING:  # neither the plan nor the log has it
                taken = t.REMOVE_NOWHERE.format(exercise=exercise_name(str(u.slots["exercise"])))
            return done(taken, "undo_log")
        return done(correct(turn, request, history, matcher), "correct_log")
    if forced is None and loggable and (reading.entries or reading.problems) and not reading.ok:
        # A log the rules would only ask about, whose English words ask a whole plan change
        # outright ("salta el del domingo, tengo la carrera de 10k": a skip, not a run).
        plan = understand_plan_in_english(text, today=today, exercises=matcher, asked_outright=True)
        if plan is not None and not plan.problems:
            u, loggable = plan, False
    # A log the rules read as a question ("ran 5k, avg HR 152" looks like a heart-rate query)
    # is still a log when every clause is one.
    if forced != "plan" and (
        (loggable and (reading.entries or reading.problems))
        or (u.intent in ("query_metric", "training_summary") and reading.ok)
        or (forced == "log" and reading.entries)
    ):
        intent_of = reading.entries[0].intent if reading.entries else "log_sets"
        if student_plan and not reading.entries:
            # Nothing a log needs was read (only numbers of a plan request: "sube la sentadilla
            # 5 kg"), the rules read no plan change and the student confidently reads one: the
            # one question is which change, not whether it was a log.
            log.info("student_plan_no_log", athlete_id=tctx.athlete_id)
            return done(dispatch(turn, Understanding("clarify", {"about": "change"}, 0.5, []), text, matcher), "clarify")  # fmt: skip
        if forced is None and (question := _disagreement(intents, text, intent_of)) is not None:
            return done(question, "clarify")
        if other is not None:  # the tagger and the rules read two different logs: ask which
            return done(slot_question(reading, other, matcher), "clarify")
        answer = log_reading(turn, reading, text, matcher)
        return done(f"{copy_note} {answer}" if copy_note else answer, intent_of)
    if forced == "log":  # the rules read no entry in it: ask for one, change nothing
        return done(t.DISAGREE_NO_LOG, "clarify")
    u = follow_up(text, u, history, today, matcher)
    u = named_exercise(u, history, today, matcher)
    if u.intent == "unknown" and u.problems == ["not understood"]:
        # Neither a log nor anything else in the words as written: a plan change asked in
        # another language ("cambia el press militar por press arnold"), read by the plan
        # readers on its English words, before the student's guess.
        u = understand_plan_in_english(text, today=today, exercises=matcher) or u
    intent: str = u.intent
    if intents is not None and u.intent == "unknown" and u.problems == ["not understood"]:
        # A log whose kind only the student read ("10:45pm-6:15am"): that kind's reader, with
        # every check; stored only if it passes them all, else the question below.
        kind = _log_kind(intents, text)
        if kind is not None and (hinted := read_log(text, today=today, exercises=matcher, kind=kind)).ok:  # fmt: skip
            log.info("student_log_kind", athlete_id=tctx.athlete_id, intent=kind)
            return done(log_reading(turn, hinted, text, matcher), kind)
        guess = intents.guess(text)
        if guess is not None:
            log.info("intent_fallback", athlete_id=tctx.athlete_id, intent=guess)
            intent = guess
    if forced == "plan" and family_of_rule(intent) != "plan":
        intent = "clarify"  # the rules read no plan change in it: ask which, change nothing
    if intent in TRAINING_INTENTS or forced == "plan":
        paused = health.escalation_for(tctx.service, tctx.athlete_id)
        if paused is not None:
            open_kinds = {f.kind for f in health.open_flags(tctx.service, tctx.athlete_id)}
            if "self_harm" in open_kinds:  # the crisis line again, while crisis help is open
                paused = f"{paused}\n{crisis_line(tctx)}"
            return done(paused, "red_flag", source="guardrail", escalated=True)
    if intent != u.intent:
        return done(guessed(turn, intent, text, today, matcher), intent)
    if forced is None and (question := _disagreement(intents, text, u.intent)) is not None:
        return done(question, "clarify")
    return done(dispatch(turn, u, text, matcher), u.intent)


def _foreign_plan(
    u: Understanding, text: str, today: date, matcher: ExerciseMatcher
) -> Understanding:
    """``u``, or the same plan change read more fully on the message's English words: "quiero
    un plan nuevo de fuerza, 4 días, 1 hora" as written reads only the hour; and a vague
    request made whole by its words in another language ("move el leg day del viernes al
    sábado": the days are said in Spanish)."""
    if u.intent == "clarify" and u.slots.get("about") == "plan" and u.slots.get("wants"):
        whole = vague_plan_in_english(text, str(u.slots["wants"]), today=today, exercises=matcher)
        return whole or u
    if family_of_rule(u.intent) != "plan" or u.problems:
        return u
    plan = understand_plan_in_english(text, today=today, exercises=matcher)
    if plan is None or plan.intent != u.intent or plan.problems:
        return u
    fuller = set(plan.slots) > set(u.slots) and all(plan.slots[k] == v for k, v in u.slots.items())
    return plan if fuller else u


def _planned(tctx: ToolContext, slug: str) -> bool:
    """Whether the athlete's plan in force has the exercise ``slug`` (False without a plan)."""
    from fitcoach.core.errors import NotFound
    from fitcoach.services import plans

    try:
        plan = plans.current(tctx.service, tctx.athlete_id).plan
    except NotFound:
        return False
    return plan is not None and any(i.exercise == slug for s in plan.sessions() for i in s.items)


def _log_kind(intents: IntentFallback, text: str) -> Intent | None:
    """The kind of log the student confidently reads in ``text`` (``StudentRuntime.log_kind``);
    None without such a student or reading."""
    read = getattr(intents, "log_kind", None)
    kind = read(text) if read is not None else None
    return cast(Intent, kind) if kind in LOG_INTENTS else None


def _student_reads_plan(intents: IntentFallback | None, text: str) -> bool:
    """Whether the student confidently reads ``text`` as a plan change (the bar at which it may
    question the rules' log: ``StudentRuntime.disagrees`` against a log intent)."""
    check = getattr(intents, "disagrees", None)
    return check is not None and check(text, "log_sets") in ("propose_plan_edit", "generate_plan")


def _disagreement(intents: IntentFallback | None, text: str, rule_intent: str) -> str | None:
    """One precise question when the student confidently reads as another kind of write what
    the rules would store or change (``student_runtime.StudentRuntime.disagrees``); None when
    they agree, when the rules' intent writes nothing, or without a student."""
    check = getattr(intents, "disagrees", None)
    if check is None:
        return None
    student = check(text, rule_intent)
    if student is None:
        return None
    log.info("student_disagrees", rules=rule_intent, student=student)
    return t.DISAGREE["plan" if student in ("propose_plan_edit", "generate_plan") else "log"]
