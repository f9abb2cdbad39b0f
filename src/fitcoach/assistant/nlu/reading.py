"""Logging messages read whole (``read_log``): the message is split into clauses, each clause is
read by the logging families (sets, cardio, sleep, weight, daily scores, meals), and the
result is checked before anything is stored: every number accounted for, no exercise named
and not logged, no load without a unit beyond what is plausible, no question read as a log.
Nothing is guessed: a message with a problem is stored not at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fitcoach.assistant.nlu.accounting import account, filed_day
from fitcoach.assistant.nlu.base import MAX_CHARS, Ctx, Intent, Result, Understanding, has
from fitcoach.assistant.nlu.benchmarks import benchmark_entry
from fitcoach.assistant.nlu.both_days import on_each_day
from fitcoach.assistant.nlu.bouts import each_bout, one_bout_of_two_days, repeated_bouts
from fitcoach.assistant.nlu.cardio import log_cardio, names_activity
from fitcoach.assistant.nlu.cardio_days import next_days_session, sessions_by_day
from fitcoach.assistant.nlu.cause_clauses import CAUSED, food_as_cause
from fitcoach.assistant.nlu.check_in_days import readings_day, without_rest_days
from fitcoach.assistant.nlu.check_ins import checked_in
from fitcoach.assistant.nlu.clause_days import LABEL_DAY, TODAY, another_day, whole_day_words
from fitcoach.assistant.nlu.clause_days import said_day as day_said
from fitcoach.assistant.nlu.dates import ASK_DAY, date_slots, rough_day
from fitcoach.assistant.nlu.day_series import readings_apart
from fitcoach.assistant.nlu.dropped_names import dropped_exercise_questions
from fitcoach.assistant.nlu.energy_units import energy_alone
from fitcoach.assistant.nlu.food_names import food_words
from fitcoach.assistant.nlu.header_dates import heading_day
from fitcoach.assistant.nlu.idioms import without_food_idioms
from fitcoach.assistant.nlu.judged_nights import without_judged_night
from fitcoach.assistant.nlu.lifter_shorthand import variant_named
from fitcoach.assistant.nlu.load_kit import (
    STACK_PINS,
    bodyweight_variants,
    needs_load,
    on_barbell,
    stack_loaded,
    stacks_in_unit,
)
from fitcoach.assistant.nlu.log_lines import log_lines
from fitcoach.assistant.nlu.log_pieces import (
    PART_OF_SESSION,
    activities,
    explained,
    part_of,
    timed_apart,
)
from fitcoach.assistant.nlu.matcher import ExerciseMatcher, default_matcher
from fitcoach.assistant.nlu.meal_places import names_no_food, only_place
from fitcoach.assistant.nlu.meals import (
    MEAL_START,
    another_meal,
    foods_before_meal,
    log_meal,
    meal_of_pieces,
    meals_by_label,
    meals_by_trailing_label,
)
from fitcoach.assistant.nlu.metrics import (
    LIGHTEST_KG,
    NAMED_NIGHT,
    NIGHT_AFTER_DAY,
    felt_mood,
    log_daily,
    log_sleep,
    log_weight,
    weight_beside_readings,
)
from fitcoach.assistant.nlu.named_heads import named_heads
from fitcoach.assistant.nlu.names import named_exercises, settle_by_session
from fitcoach.assistant.nlu.night_clocks import GOT_UP, TO_BED, without_purpose
from fitcoach.assistant.nlu.night_quality import judged_with_night
from fitcoach.assistant.nlu.passing_feelings import passing_feelings
from fitcoach.assistant.nlu.plate_maths import plate_loads, plates_clause, without_plate_notes
from fitcoach.assistant.nlu.plausible import implausible
from fitcoach.assistant.nlu.quantities import (
    CHANGE_SINCE,
    DUR,
    NUMBER_TOKEN,
    bare_mass_unit,
    bare_units,
    foreign_number,
)
from fitcoach.assistant.nlu.rounds import rep_scheme_said
from fitcoach.assistant.nlu.run_shape import whole_message
from fitcoach.assistant.nlu.same_but import SAME_LOAD, same_load
from fitcoach.assistant.nlu.session import session_parts
from fitcoach.assistant.nlu.set_counts import sets_unsaid
from fitcoach.assistant.nlu.set_days import sets_by_day
from fitcoach.assistant.nlu.set_efforts import (
    EACH_EFFORT,
    EFFORT_ONLY,
    LAST_EFFORT,
    LAST_SET,
    NTH_SET,
    ONE_SET,
    ORDINALS,
    SOME_SETS,
    _effort_on_last_of_list,
    efforts_apart,
)
from fitcoach.assistant.nlu.set_words import TOP_SETS, sets_text
from fitcoach.assistant.nlu.sets import (
    LOAD_ALONE,
    log_sets,
    parse_group,
    reps_list,
    share_exercise,
    without_place,
)
from fitcoach.assistant.nlu.sleep_alone import hedged_hours, hours_piece_alone
from fitcoach.assistant.nlu.split_sleep import another_night, each_night, nights_apart
from fitcoach.assistant.nlu.story_numbers import story_number
from fitcoach.assistant.nlu.vague import QUESTION_CLAUSE, exercise_list, vague_question
from fitcoach.assistant.nlu.weigh_ins import weights_by_day
from fitcoach.core.units import KG_PER_LB

LOG_INTENTS = frozenset(
    {"log_sets", "log_cardio", "log_sleep", "log_weight", "log_daily", "log_meal"}
)
_LOG_FAMILIES: tuple[Callable[[Ctx], Result], ...] = (
    reps_list,
    log_sets,
    log_cardio,
    log_sleep,
    log_weight,
    log_daily,
    log_meal,
)
# Where a message splits into clauses: "squat 3x8 100kg, bench 3x5 80kg + 20 min bike; slept
# 7h". A comma right before a digit ("10,10,9") keeps a list of reps together.
# A night told by its two clock times across a comma ("in bed at 11, up at 6:30"): the time to
# bed ends one piece, the time up starts the next (not across "and": "... yesterday's gym. Then
# asleep by 10 and up at 6:20" would take the gym's day, a night early)
_PIECES = re.compile(
    r"\s*(?:[;\n]|\+(?!\d)|\s[—–]\s|,(?!\d)|\.(?:\s+|$)|!+|(?<=\?)\s|\band then\b|\bthen\b|\bafter that\b|\band\b(?! back\s*(?:[,.;]|$))|"
    r"\bplus\b|\bbut\b|\balso\b|"
    # "weight 72.1 rhr 58 hrv 70": a reading's name after a number starts another reading;
    # "rhr" and "hrv" name nothing else, so after any word too ("slept 8h15 👌 hrv 77")
    # the night after a reading's number starts the night ("mood 2 slept 5 hrs": the mood is
    # no number of the night, which would drop it)
    # ("sleep 8h15 energy 5": after a time's unit too); never a device's "7:48 sleep" (its length)
    r"(?:(?<=\d)|(?<=\d min)|(?<=\d h))\s(?=(?:rhr|hrv|resting|mood|energy|stress|soreness)\b)|"
    r"(?<=\d)(?<!:\d\d)\s(?=(?:slept|sleep)\b)|\s(?=(?:rhr|hrv)\b))\s*"
)


@dataclass(frozen=True)
class LogReading:
    """A logging message read clause by clause: the entries to store (one ``Understanding``
    per logging intent), what was understood (for a question) and what keeps it from being
    stored: numbers nothing accounts for, exercises named but not logged, missing slots.
    Nothing may be stored while ``problems`` is not empty."""

    entries: list[Understanding]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.entries) and not self.problems


def _strength_clause(ctx: Ctx, pieces: list[str]) -> Result:
    """Sets of one or more exercises: each piece naming an exercise starts a part; a part is a
    list of reps ("70kg x 8, 8, 7") or sets the general parser reads; a part without a name
    takes the exercise before it (or after it)."""
    parts: list[list[str]] = []
    # Effort said apart ("prob 3 more in me", "all around RPE 8"): for the part before it, or
    # for every part with "all", "each" or "every".
    efforts: list[tuple[dict[str, Any], bool, int]] = []
    # "last set 6", "the third set was only 6": one set of the part before, told apart
    nth_sets: list[tuple[str, dict[str, Any], int]] = []
    top_efforts: list[dict[str, Any]] = []
    unclear: list[str] = []
    for piece in efforts_apart(pieces):
        if (told := NTH_SET.match(piece)) and parts:
            nth_sets.append((told.group("nth"), {"reps": int(told.group("reps"))}, len(parts)))
            continue
        # "RPE 7, 8, 9", "RIR 2,2,1,0": the effort of each set of the part before
        if (each := EACH_EFFORT.match(piece)) and parts:
            values = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", each.group(2))]
            nth_sets.append(("each", {each.group(1): values}, len(parts)))
            continue
        found, _words = parse_group(sets_text(piece))
        if found and set(found) <= {"rir", "rpe"} and LAST_SET.search(piece) and parts:
            nth_sets.append(("last", found, len(parts)))  # "rpe 9 last set", "last one RIR 1"
            continue
        if found and set(found) <= {"rir", "rpe"} and TOP_SETS.search(piece) and parts:
            top_efforts.append(found)  # "top sets felt like rpe 8": the heaviest sets'
            continue
        if found and set(found) <= {"rir", "rpe"}:
            if SOME_SETS.search(piece):  # "rpe 8 on the back-offs", "last rep rpe 10"
                unclear.append("which sets was the effort for?")
                continue
            efforts.append(
                (found, has(r"\b(all|both|each|every|everything|throughout)\b", piece), len(parts))
            )
            continue
        # "pin on 70": a load alone, of the part before it
        named = bool(_words) and not re.fullmatch(r"[\d\s,./x]+", piece) and not LOAD_ALONE.fullmatch(piece.strip())  # fmt: skip
        # "100 x 5, 5, 5 then dropped to 90 for 2x8": sets of their own after a list of reps
        after_list = bool(parts) and "reps" in found and _is_list(ctx, parts[-1])
        if named or not parts or after_list:
            parts.append([piece])
        else:
            parts[-1].append(piece)
    groups: list[dict[str, Any]] = []
    problems: list[str] = unclear
    starts: list[int] = []
    asked: list[tuple[list[dict[str, Any]], list[str]]] = []
    for part in parts:
        joined = variant_named(ctx.exercises, ", ".join(part), groups)  # "3x3 paused at 170"
        sub = Ctx(joined, joined, ctx.today, ctx.exercises)
        result = reps_list(sub) or log_sets(sub)
        if result is None or result[0] != "log_sets":
            return None
        starts.append(len(groups))
        said = ", ".join(part)
        part_groups = result[1]["groups"]
        effort = {k: part_groups[0][k] for k in ("rir", "rpe") if part_groups and part_groups[0].get(k) is not None}  # fmt: skip
        if len(part_groups) == 1 and effort and part_groups[0].get("sets", 1) > 1:
            if LAST_EFFORT.search(said):  # "4x8 last set rpe 9": the last set's effort only
                for key in effort:
                    part_groups[0].pop(key)
                _split_set(part_groups, 0, "last", effort)
            elif ONE_SET.search(said):  # "5x5 top set rpe 9", "first set rpe 7": which?
                unclear.append("which sets was the effort for?")
        groups += part_groups
        problems += [p for p in result[2] if p not in problems]
        asked.append((part_groups, list(result[2])))
    if not groups:
        return None
    settle_by_session(ctx, asked, problems)  # "bench 80 5x5, rows 60 3x10": a barbell row
    for nth, changes, before in reversed(nth_sets):
        end = starts[before] if before < len(starts) else len(groups)
        start = starts[before - 1] if 0 < before <= len(starts) else end
        if not _split_set(groups, end - 1, nth, changes) and not _effort_on_last_of_list(groups, start, end, nth, changes):  # fmt: skip
            problems.append(f"which set was the {nth} set of?" if nth != "each" else "which sets were those efforts for?")  # fmt: skip
    for effort in top_efforts:
        loads = [float(g["weight_kg"]) for g in groups if g.get("weight_kg") is not None]
        if len(loads) < len(groups) or len(set(loads)) < 2:
            problems.append("which sets was the effort for?")  # no heavier sets to tell apart
            continue
        for g in groups:
            if g["weight_kg"] == max(loads):
                g.update(effort)
    for effort, every, before in efforts:
        if every:
            chosen = groups
        else:
            index = max(0, before - 1)
            chosen = groups[starts[index] : starts[index + 1] if index + 1 < len(starts) else None]
        for g in chosen:
            if g.get("rir") is None and g.get("rpe") is None:
                g.update(effort)
    if any(g.get("exercise") is None for g in groups):
        # A part without a name takes a neighbour's exercise; a name that is unknown or fits
        # several entries ("rows") keeps its question and lends nothing.
        generic = "which exercise? I could not find an exercise name"
        problems = [p for p in problems if p != generic]
        if not any(p.startswith(("which exercise", "unknown exercise")) for p in problems):
            share_exercise(groups, problems)
        if any(g.get("exercise") is None for g in groups) and not problems:
            problems.append(generic)
    return "log_sets", {"groups": groups}, problems


_NOT_DONE = re.compile(
    r"\b(?:skip(?:ped)?|no|not|didn'?t|doesn'?t|does not|dont|don'?t|wont|won'?t|never|instead of)\b"
)


def _is_list(ctx: Ctx, part: list[str]) -> bool:
    text = ", ".join(part)
    return reps_list(Ctx(text, text, ctx.today, ctx.exercises)) is not None


def _split_set(groups: list[dict[str, Any]], index: int, nth: str, changes: dict[str, Any]) -> bool:
    """Tell the ``nth`` set of ``groups[index]`` apart with its own ``changes`` ("4x8, last set
    6": 3x8 and 1x6; "3x5, rpe 9 last set"), or each set with ``nth`` "each" and a value a
    set ("3x8, RPE 7, 8, 9"); False where there is no such set to tell apart."""
    if index < 0 or "reps" not in groups[index] or groups[index].get("sets", 1) < 2:
        return False
    group = groups[index]
    count = group["sets"]
    # The count said ("4x8") is the split groups' sum: the accounting reads it so.
    base = {k: v for k, v in group.items() if k not in ("rir", "rpe")} | {"of_sets": count}
    if nth == "each":
        key, values = next(iter(changes.items()))
        if len(values) != count:
            return False
        runs: list[dict[str, Any]] = []
        for value in values:  # "RIR 2,2,1,0": 2 sets at RIR 2, then one at 1 and one at 0
            if runs and runs[-1][key] == value:
                runs[-1]["sets"] += 1
            else:
                runs.append({**base, "sets": 1, key: value})
        groups[index : index + 1] = runs
        return True
    k = count if nth in ("last", "final") else ORDINALS.get(nth) or int(nth[:-2])
    if not 1 <= k <= count:
        return False
    told = {**group, "of_sets": count, "sets": 1, **changes}
    parts = [{**group, "of_sets": count, "sets": k - 1}, told, {**group, "of_sets": count, "sets": count - k}]  # fmt: skip
    groups[index : index + 1] = [g for g in parts if g["sets"] > 0]
    return True


def _clause_intent(ctx: Ctx, piece: str) -> Intent | None:
    if re.search(r"\b(?:took|lasted)\b", piece) and PART_OF_SESSION.search(piece):
        return None  # "took me 40 min with the walk to warm up": the session's time, no walk
    sub = Ctx(piece, piece, ctx.today, ctx.exercises)
    for family in _LOG_FAMILIES:
        result = family(sub)
        # ("8 hours" of "8 hours, brutal shift": bare hours are a night only as the whole message)
        if result is not None and result[0] == "log_sleep" and hours_piece_alone(piece, ctx.text):
            continue
        if result is not None:
            return result[0]
    return None


def read_log(
    text: str,
    *,
    today: date,
    exercises: ExerciseMatcher | None = None,
    kind: Intent | None = None,
) -> LogReading:
    """Every entry a logging message gives, or why nothing can be stored.

    The message splits into clauses (``_PIECES``); each clause is read by the logging family
    that recognises it (sets, cardio, sleep, body weight, daily readings, a meal); a message
    of one kind only is read whole, as ``understand`` reads it. A piece that only holds
    numbers ("8, 7") belongs to the clause before it; other pieces are context. Then every
    number must be accounted for by a stored value (in any unit it may have been written
    in) or be plainly something else (``quantities.foreign_number``), every stored value
    must come from a number, a load needs its unit, and every exercise named must be logged;
    otherwise ``problems`` says what is missing and nothing is stored.

    ``kind``: the kind of log the student read in it, for a message in which the rules' words
    find none ("10:45pm-6:15am"): that family reads it whole, without its keyword, and the
    same checks decide."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS:
        return LogReading([], [])
    matcher = exercises or default_matcher()
    text, lines = log_lines(text, today, matcher)
    ctx = Ctx(" ; ".join(lines), text, today, matcher, hint=kind)
    if (benchmark := benchmark_entry(ctx)) is not None:  # "fran 4:30 rx (95# thrusters)"
        return LogReading([benchmark], [])
    # "bench 3x5 at 225 lbs then 1 set of 10 at 185": a load without a unit is in the unit
    # the message gives the others in, where it gives one only
    said = {"lb" if u.startswith(("l", "p")) else "kg" for u in _LOAD_UNIT.findall(ctx.text)}
    with whole_message(ctx.raw):  # (a clause's run by its pace alone needs the whole: run_shape)
        if len(said) == 1 and (unit := said.pop()) != bare_mass_unit():
            with bare_units("imperial" if unit == "lb" else "metric"):
                found = _read_session(ctx)
        else:
            found = _read_session(ctx)
    found = found if found.problems else replace(found, entries=on_each_day(ctx, found.entries))
    problems = found.problems or one_bout_of_two_days(ctx.text, [e.intent for e in found.entries])
    return LogReading(felt_mood(passing_feelings(found.entries, ctx.text), ctx.text), problems)


_LOAD_UNIT = re.compile(r"(?<=\d)\s*(kgs?|kilos?|kilograms?|lbs?|pounds?)\b")


def _read_session(ctx: Ctx) -> LogReading:
    """``ctx`` read with the session's own numbers apart, where there are any."""
    text, today, matcher = ctx.raw, ctx.today, ctx.exercises
    # "whole session took 55 min", "rpe 9 session", "at 8am": of the session, not of a set
    session, rest = session_parts(ctx.text)
    whole = _read_log(ctx)
    # Only sets: "climbing gym 1.5 hr, then pull ups 3x8" has a session of its own to log
    if rest == ctx.text:
        return whole
    mixed = any(e.intent != "log_sets" for e in whole.entries)
    found = _read_log(Ctx(rest, text, today, matcher, hint=ctx.hint))
    sets = [e for e in found.entries if e.intent == "log_sets"]
    # "lifted 90 mins session rpe 7: bench ... slept 6h15": beside other logs, only for a session's
    # time or effort said, read as the same kinds with no question ("climbing gym 1.5 hr" keeps its)
    same = bool(session) and sorted(e.intent for e in found.entries) == sorted(e.intent for e in whole.entries)  # fmt: skip
    if sets and (all(e.intent == "log_sets" for e in found.entries) if not mixed else same and found.ok):  # fmt: skip
        sets[0].slots.update(session)
        return found
    return whole


def _read_log(ctx: Ctx) -> LogReading:
    # The student's kind (``read_log``'s) is for the last reader only: every other reads the
    # message as the rules alone would.
    kind, ctx = ctx.hint, replace(ctx, hint=None)
    today, matcher = ctx.today, ctx.exercises
    # (a change "since monday" says the day compared with, not the day of the log)
    whole_date = date_slots(CHANGE_SINCE.sub(" ", ctx.text), today) or {"date": today}
    whole = reps_list(ctx)
    if whole is not None:  # "pull ups: 10, 8, 6, 5": one exercise, each set's reps
        entry = Understanding(whole[0], whole[1], 0.9, whole[2])
        return LogReading([entry], _checked(ctx, [entry], list(whole[2]), [], set()))
    if (meals := meals_by_label(ctx) or meals_by_trailing_label(ctx)) is not None:
        found = [Understanding(i, slots, 0.9, list(p)) for i, slots, p in meals]
        return LogReading(found, _checked(ctx, found, [q for _, _, p in meals for q in p], [], set()))  # fmt: skip
    clauses = _clauses(ctx)
    kinds = {intent for intent, _ in clauses if intent is not None}
    # (two activities, "yoga 45 min and walked 1 mile", are two entries: never one read whole)
    # (meals under two labels, "breakfast oats, lunch a wrap", are two entries too)
    labels = {m.group(1) for i, p in clauses if i == "log_meal" and (m := MEAL_START.match(p[0]))}
    # (weigh-ins of two days, "80.2 monday, 79.9 today", are two entries: ``weights_by_day``)
    # (two bouts of one activity, "walked 40 min this morning, walked 30 min tonight", are two too)
    # (but a figure compared with ("down from 11 stone 12 last month") is no weigh-in of its own)
    days = 0 if CHANGE_SINCE.search(ctx.text) else sum(i == "log_weight" for i, _ in clauses)
    if len(kinds) == 1 and (only := next(iter(kinds))) in _SINGLE_KIND and len(activities(ctx, clauses)) < 2 and len(labels) < 2 and days < 2 and not repeated_bouts(ctx, clauses) and not sessions_by_day(ctx, clauses) and not nights_apart(clauses) and not readings_apart(clauses, today):  # fmt: skip
        result = _SINGLE_KIND[only](without_rest_days(ctx, clauses))  # one kind: the whole message
        if result is not None and result[0] == only:
            entry = Understanding(only, result[1], 0.9, list(result[2]))
            # The family read the whole message: a piece whose numbers it used ("8 hours" of
            # "8 hours, slept great") is part of the entry, not context.
            apart = [
                ", ".join(p)
                for i, p in clauses
                if i is None
                and not explained(", ".join(p), entry, today)
                and not part_of(ctx, ", ".join(p), entry)
            ]
            found = each_bout(entry)  # ("twice, 30 min each": two entries)
            return LogReading(found, _checked(ctx, found, list(result[2]), apart, set()))
    entries: list[Understanding] = []
    problems: list[str] = []
    logged: set[str] = set()
    context: list[str] = []
    # A night's words ("slept 6h last night") date the night only, never the rest beside it
    others = whole_day_words(clauses)  # (and an afterthought's words its own log only)
    whole_date = heading_day(ctx.text, today) or date_slots(CHANGE_SINCE.sub(" ", others), today) or {"date": today}  # fmt: skip
    if days > 1:  # each weigh-in on its own day: today where none is said ("... 79.9 today")
        whole_date = {"date": today}
    last_said: dict[str, Any] = {}
    for k, (intent, pieces) in enumerate(split := sets_by_day(ctx, clauses)):
        joined = ", ".join(pieces)
        if intent is None:
            context.append(joined)
            # ("tue: run 5k. Wed (today) - legs, squat 5x5": a day said in a recap's context
            # dates the logs after it, as a log's own day would)
            if (last_said or LABEL_DAY.fullmatch(joined)) and (said := day_said(CHANGE_SINCE.sub(" ", joined), today)):  # fmt: skip
                last_said = {"date": said}
            if any(i == "log_sets" for i, _ in clauses):  # "..., then some flyes"
                problems += dropped_exercise_questions(ctx, pieces)
            continue
        if intent == "log_sets":
            result = _strength_clause(ctx, pieces)
            for keep in range(len(pieces) - 1, 0, -1):  # trailing words that broke it: context
                if result is not None:
                    break
                result = _strength_clause(ctx, pieces[:keep])
                if result is not None:
                    context.append(", ".join(pieces[keep:]))
                    problems += dropped_exercise_questions(ctx, pieces[keep:])
        else:
            family = _SINGLE_KIND[intent]
            result = family(Ctx(joined, joined, today, matcher))
            if result is None and intent == "log_meal":
                result = meal_of_pieces(ctx, pieces)
            elif result is None:
                result = family(Ctx(pieces[0], pieces[0], today, matcher))
        if result is None:
            problems.append(f"I could not read {joined!r}")
            continue
        found_intent, slots, found_problems = result
        own = slots.get("date") if found_intent == "log_sleep" and (NAMED_NIGHT.search(joined) or NIGHT_AFTER_DAY.search(joined)) else None  # fmt: skip
        slots = {k: v for k, v in slots.items() if k not in ("date", "start", "end")}
        # ("sunday yoga 60, today pump 55": a clause that says today is today's, whatever
        # day the message names first)
        # ("cgm avg was 94 yesterday. today weight 68.2, resting hr 54": a clause with no day
        # of its own after one that said its day is of that day, not the message's first)
        said_day = {"date": today} if TODAY.search(joined) else date_slots(CHANGE_SINCE.sub(" ", joined), today)  # fmt: skip
        slots.update({"date": own} if own else readings_day(ctx, split, k, found_intent, said_day or last_said, whole_date))  # fmt: skip
        if found_intent != "log_sleep":  # (a night's words date the night only)
            last_said = said_day or last_said
        entries += each_bout(Understanding(found_intent, slots, 0.9, list(found_problems)))
        problems += [p for p in found_problems if p not in problems]
        if found_intent == "log_sets":
            logged |= {g["exercise"] for g in slots["groups"] if g.get("exercise")}
    if not entries:  # no clause reads alone ("squat 100x5, 105x5"): the message whole
        readers = [(family, ctx) for family in _LOG_FAMILIES]
        # The student's kind without its keyword: a night only, whose numbers are checked (a
        # meal's words would be stored as its description unchecked; cardio needs no keyword).
        if kind == "log_sleep" and not problems:
            readers.append((_SINGLE_KIND[kind], replace(ctx, hint=kind)))
        for family, read_as in readers:
            result = family(read_as)
            if result is not None:
                found = each_bout(Understanding(result[0], result[1], 0.9, list(result[2])))
                return LogReading(found, _checked(ctx, found, list(result[2]), [], set()))
        return LogReading([], problems or vague_question(ctx))
    entries, problems = without_judged_night(entries, problems)  # "mood good, slept well" (sleep94)
    return LogReading(entries, _checked(ctx, entries, problems, context, logged))


_SINGLE_KIND: dict[str, Callable[[Ctx], Result]] = {
    "log_cardio": log_cardio,
    "log_sleep": log_sleep,
    "log_weight": log_weight,
    "log_daily": log_daily,
    "log_meal": log_meal,
}
BARE_KG_MAX = 250.0  # a load above this with no unit is asked about (kg or lb?)
MAX_REPS, MAX_SETS = 100, 20  # the log_sets tool's limits for one group
# a body weight above this with no unit is asked about (kg or lb?); below it a metric athlete's
# bare number is kg ("weight 112.3" on a weight-loss journey; 176 is more than most weigh)
BARE_BODY_KG_MAX = 150.0
_BODY_UNIT = re.compile(r"\d\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds?|st|stones?)\b")
_VAGUE_NUMBER = re.compile(
    r"\b\d+\s*-?\s*(?:something|odd)\b|"
    r"\b(?:in the|hr|heart ?rate|bpm)\s+(?:(?:was|in|of|about)\s+)*(?:the\s+)?\d{2,3}0s\b"  # "hr 140s"
)


# "40 kg each side", "a 20 kg plate per side", "two 45s plates a side": plates, not the load
_MACHINE_CALORIES = re.compile(
    r"\b\d+\s*(?:cals?|calories|kcals?)\s+(?:on the\s+|of\s+)?"
    r"((?:assault |air |echo |bike |ski ?)?(?:row|rower|rowing|erg|skierg|bike|airdyne|ski))\b"
)
_TIMED_SETS = re.compile(r"\b\d+\s*[x*×]\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?)\b")
_PER_SIDE = re.compile(
    r"(?P<load>\d+(?:\.\d+)?)\s*(?:(?:kgs?|kilos?|lbs?|pounds?)(?:\s+plates?)?|s?\s+plates?)"
    r"\s+(?:on\s+)?(?:each|per|a)\s+side\b"
)
# a nap or another spell after a night told by its length ("slept 5h then a 45 min nap")
_SLEEP_MORE = re.compile(
    r"^(?:a\s+)?\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?)\s+(?:power\s+)?nap\b|^another\s+\d"
)
_MASS_WORD = re.compile(r"\d\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds?)\b|\bbody ?weight\b|\bbw\b")


# A clause of a time and nothing else ("45 minutes", "about an hour"), and words of a session
# not done ("my run got cancelled, 30 min of rain"): the figure is no time of it
_FIGURE_ONLY = re.compile(
    r"(?:about |around |roughly |like |maybe |~)?\d+(?:\.\d+)?\s*(?:mins?|minutes?|h|hrs?|hours?)"
)
_NOT_DONE = re.compile(r"\b(?:cancel\w*|skip\w*|missed|didn'?t|did not|couldn'?t|no|not|instead)\b")


def _clauses(ctx: Ctx) -> list[tuple[Intent | None, list[str]]]:
    """The message's clauses: a logging intent (None: context) and the pieces it holds."""
    clauses: list[tuple[Intent | None, list[str]]] = []
    last_log: tuple[Intent | None, list[str]] | None = None
    pieces: list[str] = []
    for piece in (p for p in _PIECES.split(each_night(ctx.text)) if p and p.strip(" .,:-")):
        # "a banana before the 6 mile run": the food and the session are two logs
        food = re.match(r"^(.+?)\s+\b(?:before|after|pre|post)\b\s+(.+)$", piece)
        if food and _clause_intent(ctx, food.group(1)) == "log_meal" and _clause_intent(ctx, food.group(2)) not in (None, "log_meal"):  # fmt: skip
            pieces += [food.group(1), food.group(2)]
        elif pieces and re.fullmatch(r"\d{1,3}(?:\.5)?", piece) and re.search(r"[a-z]:?,? \d{1,3}(?:\.5)?(?:, \d{1,3}(?:\.5)?)*$", pieces[-1]):  # fmt: skip
            pieces[-1] += ", " + piece  # "pull ups 12, 10, 8", "rpe 8.5, 8.5, 9": one list
        elif pieces and (end := _LIST_END.match(piece)) and re.search(r"[a-z]:?,? \d{1,3}(?:, \d{1,3})+$", pieces[-1]) and _clause_intent(ctx, end.group(2)) is None:  # fmt: skip
            pieces += [f"{pieces.pop()}, {end.group(1)}", end.group(2)]  # "..., 7, 6 lats cooked"
        elif pieces and re.fullmatch(r"\d{1,3}", piece) and re.fullmatch(r"[a-z][a-z' -]*", pieces[-1]) and ctx.exercises.match(pieces[-1]) is not None:  # fmt: skip
            pieces[-1] += ", " + piece  # "press-ups, 12, 10 and 8": the name, then its list
        elif pieces and TO_BED.search(pieces[-1]) and GOT_UP.match(piece) and re.search(re.escape(pieces[-1]) + r"\s*,\s*" + re.escape(piece), ctx.text):  # fmt: skip
            pieces[-1] += ", " + without_purpose(
                piece
            )  # "In bed at 11, up at 6:30. Weight 71.3": one night
        elif pieces and (hours := hedged_hours(pieces[-1], piece)) and _clause_intent(ctx, f"{pieces[-1]}, {hours}") == "log_sleep":  # fmt: skip
            pieces[-1] += ", " + hours  # "slept like crap, maybe 5.5": the night's hours
        elif pieces and _SLEEP_MORE.match(piece) and _clause_intent(ctx, pieces[-1]) == "log_sleep":
            pieces[-1] += " then " + piece  # "sleep 5h then a 45 min nap, rhr 63": one day's sleep
        elif pieces and LAST_SET.search(pieces[-1]) and not re.search(r"\d", LAST_SET.sub(" ", pieces[-1])) and EFFORT_ONLY.fullmatch(piece):  # fmt: skip
            pieces[-1] += " " + piece  # "last one was a grinder, like rpe 9.5": the last set's
        elif pieces and _FIGURE_ONLY.fullmatch(piece) and not re.search(r"\d", pieces[-1]) and not _NOT_DONE.search(pieces[-1]) and _clause_intent(ctx, pieces[-1]) is None and _clause_intent(ctx, piece) is None and _clause_intent(ctx, f"{pieces[-1]}, {piece}") == "log_cardio" and not any(_clause_intent(ctx, p) == "log_cardio" for p in pieces[:-1]):  # fmt: skip
            # "did my jogging this morning, 45 minutes. happy": one jog (after a session already
            # said, "swam 1200 m, all freestyle, 30 min", the time is that session's)
            pieces[-1] += ", " + piece
        else:
            pieces.append(piece)
    for piece in pieces:
        # A label before a colon ("Mon:", "week 4 of the plan:", "forgot to log:") is no name;
        # an exercise ("bench: 60x10") or a meal ("breakfast: eggs") is.
        # ("boxing s&c:": the session's initials are a label's too; "clean & jerks:", an "and"
        # the text's normalising made "&", is a lift's name, never a label)
        label = re.match(r"^([a-z](?:[a-z0-9 ']|(?<=\w)&(?=\w)){0,29}(?<![\d ])):\s+(?=\S)", piece)
        # a routine's header, however long ("did my hip exercises off the physio sheet:")
        routine = _ROUTINE_LABEL.match(piece)
        if routine:
            piece = piece[routine.end() :]
        elif (
            label
            and ctx.exercises.match(parse_group(sets_text(label.group(1)))[1] or "-") is None
            # ("pull-ups at the club gym:" names the exercise and where it was done)
            and ctx.exercises.match(parse_group(sets_text(without_place(label.group(1))))[1] or "-")
            is None
            and not has(r"\d\s*sets?$", label.group(1))  # "hip thrust 3 sets: 12, 10, 8"
            and not has(
                r"\b(breakfast|brekkie|lunch(?! break)|dinner|supper|snack|meal|drinks?|sleep|schlaf|nap)\b",
                label.group(1),
            )
        ):
            if has(r"\b(?:slept|asleep)\b", label.group(1)) and DUR.search(label.group(1)):
                clauses.append(("log_sleep", [label.group(1)]))  # "slept 8 hrs: bench ...": a night
            piece = piece[label.end() :]
            # ("..., then gym today: bench 4x8", "yesterday: deadlift 3x5", "Tuesday: lat
            # pulldown ..."): the label's day still dates what follows it
            if (said := LABEL_DAY.search(label.group(1))) and not (
                TODAY.search(piece) or date_slots(piece, ctx.today)
            ):
                piece = f"{piece} {said.group(0)}"
                # (and the pieces after it: "yesterday's catch up: slept 6h, bench 4x8": the
                # day alone, a clause of context, dates the clauses after it that say none)
                clauses.append((None, [said.group(0)]))
        # "leg day squat 4x8", "chest/tri day bench 4x6": the day's name before its first lift
        day = _DAY_LABEL.match(piece)
        if day and ctx.exercises.match(parse_group(sets_text(piece[day.end() :]))[1] or "-"):
            piece = piece[day.end() :]
        intent = _clause_intent(ctx, piece)
        last = clauses[-1] if clauses else None
        if intent == "log_cardio" and last_log is not None and last_log[0] == "log_cardio" and (own_day := next_days_session(ctx, last_log[1], piece)):  # fmt: skip
            clauses.append((intent, [own_day]))  # "sat 30k trail in 3h40, sun 20k in 2h25"
            last_log = clauses[-1]
        elif (
            intent == "log_cardio"
            and last_log is not None
            and last_log[0] == "log_cardio"
            and (found := log_cardio(Ctx(piece, piece, ctx.today, ctx.exercises))) is not None
            and found[1].get("exercise") is None
        ):
            last_log[1].append(piece)  # "walked the dog for an hour, roughly 5km": the same walk
        elif intent == "log_meal" and last_log is not None and last_log[0] == "log_cardio" and energy_alone(piece):  # fmt: skip
            last_log[1].append(piece)  # "echo bike 15 min, 198 cals": the ride's burn, no meal
        elif intent is not None and last is not None and last[0] == intent and intent in ("log_sets", "log_daily", "log_meal") and not another_meal(last[1], piece) and not another_day(ctx.today, last[1], piece):  # fmt: skip
            last[1].append(piece)
        elif intent is not None:
            clauses.append((intent, [piece]))
            last_log = clauses[-1]
        elif last_log is not None and last_log[0] == "log_sleep" and (night := another_night(last_log[1], piece)):  # fmt: skip
            clauses.append(("log_sleep", [night]))  # "tuesday slept 5h, last night 7h": two nights
            last_log = clauses[-1]
        elif (ride := _lone_cardio(clauses)) is not None and last_log is not ride and _SESSION_HR.fullmatch(piece.strip(" .,;:!")):  # fmt: skip
            ride[1].append(piece)  # "bike 35 min, then leg curls 3x12. avg hr 118": the ride's
        elif last_log is not None and re.search(r"\d", piece) and not QUESTION_CLAUSE.search(piece) and not names_activity(ctx, piece) and not timed_apart(last_log[0], piece):  # fmt: skip
            # "8, 7" after "bench 70kg x 8", "prob 3 more in me"; never an activity of its own
            # ("... then aqua zumba 30": context, asked about, not a number of the walk before)
            last_log[1].append(piece)
        elif last is not None and last[0] == "log_meal" and not re.search(r"\d", piece):
            last[1].append(piece)  # "coffee" after "breakfast: eggs"
        else:
            clauses.append((None, [piece]))
    return judged_with_night(weights_by_day(checked_in(weight_beside_readings(named_heads(ctx, foods_before_meal(clauses))), ctx.today)))  # fmt: skip


# (days94) an average heart rate said alone, after other logs ("..., leg curls 3x12. avg hr
# 118"): the one cardio session's of the message, never a reading of the morning
_SESSION_HR = re.compile(r"(?:avg|average) (?:hr|heart rate)\s*:?\s*\d{2,3}(?:\s*bpm)?")


def _lone_cardio(clauses: list[tuple[Intent | None, list[str]]]) -> tuple[Intent | None, list[str]] | None:  # fmt: skip
    cardio = [c for c in clauses if c[0] == "log_cardio"]
    return cardio[0] if len(cardio) == 1 else None


# The last reps of a list, then words of no log ("6 lats cooked"): never a number dropped
_LIST_END = re.compile(r"(\d{1,3}) +((?!(?:sets?|reps?|x|kgs?|kilos?|lbs?|pounds?|mins?|minutes?|secs?|s|seconds?|h|hrs?|hours?|km|k|mi|miles?|m|rounds?|laps?|cals?|kcal|more|extra|each|per|a|of|on|at|with|am|pm|times|singles?|doubles?|triples?|negatives?|partials?)\b)[a-z][a-z' ]*)$")  # fmt: skip
_ROUTINE_LABEL = re.compile(
    r"^[a-z][a-z ']{0,60}\b(?:exercises|routine|circuit|programme|program|sheet|stretches)\b"
    r"[a-z ']{0,40}:\s+(?=\S)"
)
_SPLIT_PART = (
    r"(?:legs?|chest|back|arms?|shoulders?|delts|tris?|triceps|bis?|biceps|glutes?|hams?|quads?|"
    r"push|pull|upper|lower|full body|core|abs|heavy|light|accessory|deload)"
)
# ("pull day - weighted pull ups": a dash after the day's name)
# (days94: or told done, "did push day bench 4 by 8 at 80": the day's name after the verb)
_DAY_LABEL = re.compile(
    rf"^(?:(?:i |then )?did (?:a |my )?)?{_SPLIT_PART}(?:\s*(?:/|&|\+|and)\s*{_SPLIT_PART})*\s+day\s+(?:-\s+)?(?=[a-z])"
)


def _checked(
    ctx: Ctx,
    entries: list[Understanding],
    problems: list[str],
    context: list[str],
    logged: set[str],
) -> list[str]:
    """``problems`` with what the accounting finds: numbers nothing explains (a number in a
    context clause that is no question explains nothing), values no number gives, a load
    without its unit, a loaded exercise without a load, exercises named but not logged."""
    plated = plate_loads(ctx, entries)  # "3 plates a side" on a barbell: the bar and its plates
    out = without_plate_notes(list(problems), plated, ctx.text)
    out += bodyweight_variants(ctx, entries)
    # "80 something", "40-odd": the last digits were not said, so the number is a guess.
    for vague in _VAGUE_NUMBER.finditer(ctx.text):
        out.append(f"{vague.group(0)} is not an exact figure: what was it exactly?")
    for entry in entries:
        if entry.intent == "log_cardio" and not entry.slots.get("duration_s"):
            out.append("how long did it take?")
        if entry.intent == "log_sets" and (
            count := sets_unsaid(ctx.text, [g.get("sets") for g in entry.slots["groups"]])
        ):
            out.append(count)
        # A body weight with no unit: kg up to what a heavy adult weighs; above it most people
        # mean lb ("weight 150"), so ask rather than store 150 kg.
        kg = entry.slots.get("weight_kg") if entry.intent == "log_weight" else None
        # (An athlete who chose lb wrote lb: nothing to ask.)
        metric = bare_mass_unit() == "kg"
        if metric and kg is not None and kg > BARE_BODY_KG_MAX and not _BODY_UNIT.search(ctx.text):
            out.append(f"is {kg:g} in kg or lb?")
        # (and one who weighs in lb, a figure no adult weighs in lb: "weight 65.3 today" was
        # kg, most likely; asked, never stored as 65 lb)
        if not metric and kg is not None and kg < LIGHTEST_KG and not _BODY_UNIT.search(ctx.text):
            out.append(f"is {kg / KG_PER_LB:.1f} in lb or kg?".replace(".0 in", " in"))
        # "50 cal row", "20 cals on the bike": calories burned on a machine, not eaten
        if entry.intent == "log_meal" and (burned := _MACHINE_CALORIES.search(ctx.text)):
            out.append(f"how long was the {burned.group(1)} ({burned.group(0)} is burned, not a meal)?")  # fmt: skip
        # A meal with no figure and no food named ("had a massive lunch, log it", or only
        # where it was eaten): ask.
        no_figure = not any(entry.slots.get(k) for k in ("calories", "protein_g", "carbs_g", "fat_g"))  # fmt: skip
        if entry.intent == "log_meal" and no_figure and _place_only(str(entry.slots.get("description") or "")):  # fmt: skip
            out.append("what did you eat (and the kcal or protein, if you know them)?")
        if (
            entry.intent in ("log_sets", "log_cardio")
            and entry.slots.get("date") is None
            and "start" in entry.slots
        ):
            out.append(f"{ASK_DAY}?")  # "last week": a week; sets and a session are of one day
        for g in entry.slots.get("groups") or []:
            # More reps in a set or sets of one exercise than a log holds ("8x400 on the
            # track": metres): asked, never sent to the tool to be refused.
            for key, most in (("reps", MAX_REPS), ("sets", MAX_SETS)):
                if (n := g.get(key)) is not None and n > most:
                    out.append(f"I am not sure what {n:g} is here")
            if needs_load(ctx, g) and "what load (kg or lb)?" not in out and not rep_scheme_said(ctx.raw.lower()):  # fmt: skip
                out.append("what load (kg or lb)?")
            # "calf raises 3x20 same weight" with no load before it: a load said, none read
            if g.get("weight_kg") is None and SAME_LOAD.search(same_load(ctx.text)) and "what load (kg or lb)?" not in out:  # fmt: skip
                out.append("what load (kg or lb)?")
            # A load without a unit is in the athlete's unit (``bare_units``); in kg, unless it
            # is too heavy to be kg for anyone but a record holder ("deadlift 315 x 3": most
            # likely lb): then ask.
            bare = g.get("weight_kg") is not None and not _MASS_WORD.search(ctx.text)
            if metric and bare and g["weight_kg"] > BARE_KG_MAX and "is the load in kg or lb?" not in out:  # fmt: skip
                out.append("is the load in kg or lb?")
            # A weight stack is marked in kg, lb or plate numbers: a bare number a stack could
            # have as its pin (up to STACK_PINS) could be any; a larger one is the athlete's unit,
            # and so is a fraction ("12.5": no pin is numbered in halves).
            said = (g.get("weight_kg") or 0.0) / (0.45359237 if bare_mass_unit() == "lb" else 1.0)
            if bare and stack_loaded(ctx, g) and round(said, 1) <= STACK_PINS and round(said, 1) == round(said) and "is the load in kg or lb?" not in out and not stacks_in_unit(ctx, entries, bare_mass_unit()):  # fmt: skip
                out.append(f"is {round(said, 1):g} on the stack in kg, lb or the plate number?")
    # "3 x 45 sec", "4x1 min": a time per set, never its reps (a wall sit is held, not done 45
    # times; "jump rope 3 x 5 min" is 15 minutes): asked, not stored as reps
    timed = _TIMED_SETS.search(ctx.text)
    if timed and any(e.intent == "log_sets" for e in entries):
        out.append(f"I could not tell the sets and reps: {timed.group(0)} is a time per set, not reps")  # fmt: skip
    # "40 kg each side": the plates on a side, not the load (the bar's weight is not said)
    if not plated and (side := _PER_SIDE.search(ctx.text)) and any(on_barbell(ctx, g) for e in entries for g in e.slots.get("groups") or []):  # fmt: skip
        out.append(f"is {side.group('load')} on each side the plates only? What was the whole load, with the bar?")  # fmt: skip
    if entries and (rough := rough_day(ctx.text, ctx.today)):
        out.append(rough)
    out += implausible(entries)  # (20 km in 40 s, 25 m in 35 min: numbers that are not one session)
    out += account(ctx.text, entries, ctx.today)
    for clause in context:
        if QUESTION_CLAUSE.search(clause) or plates_clause(clause, plated, ctx.text, entries):
            continue  # (a clause of the plates read into the load explains itself)
        # "5x5, only the last set was hard, rir 1": an effort beside a remark on one set is
        # that set's or all of them: asked
        efforts = [g for e in entries for g in e.slots.get("groups") or [] if g.get("rir") is not None or g.get("rpe") is not None]  # fmt: skip
        if efforts and re.search(r"\b(?:last|final|first|top) (?:set|one)\b", clause):
            out.append("which sets was the effort for?")
        # ("rhr 57, probably the wine at the work do": why, not a meal)
        if (food := food_words().search(without_food_idioms(clause))) and entries and not any(e.intent == "log_meal" for e in entries) and not (all(e.intent in CAUSED for e in entries) and food_as_cause(without_food_idioms(clause), food.start())):  # fmt: skip
            out.append(f"should I log the {food.group(0)} as a meal or snack?")
        day = filed_day(clause, entries, ctx.today)  # (an export's date line, as in ``account``)
        for m in NUMBER_TOKEN.finditer(clause):
            note = f"I am not sure what {m.group(0)} is here"
            if day and day.start() <= m.start() < day.end():
                continue
            if not foreign_number(clause, m) and not story_number(clause, m) and note not in out:  # fmt: skip
                out.append(note)
    # "copenhagen planks skipped", "no planks today", "sled push doesn't count": not done
    done = [c for c in context if not _NOT_DONE.search(c)]
    named = named_exercises(ctx, " , ".join(done)) - logged
    if named and entries:
        out.append(f"I could not tell the sets and reps of {exercise_list(ctx, sorted(named))}")
    return list(dict.fromkeys(out))


def _place_only(description: str) -> bool:
    """No food named, only framing words and where it was eaten (logay20's and logaz20's
    wordings: "at the canteen, log it", "lunch in the staff canteen")."""
    return names_no_food(description) or only_place(description)
