"""The answer to pain or an injury: conservative guidance and a referral (``guardrails``), the
region kept in the profile so that plans spare it, substitutes for a named exercise that spare
the region, a proposal without overhead pressing, and a swap or a removal asked for beside the
pain."""

from __future__ import annotations

import re

from fitcoach.assistant import templates as t
from fitcoach.assistant.guardrails import Screen, escalation_message, injury_constraints
from fitcoach.assistant.nlu import ExerciseMatcher, Understanding, normalise, understand
from fitcoach.assistant.offline.actions import (
    change_load,
    exercise_in,
    session_minutes,
    settled_removal,
    swap,
)
from fitcoach.assistant.offline.draft import ReplyDraft, tool_answer
from fitcoach.assistant.offline.injury_pairs import remove_both
from fitcoach.assistant.offline.injury_schedule import schedule_beside_pain
from fitcoach.assistant.offline.one_proposal import one_proposal

# "pressing overhead hurts", "my shoulder hurts on the overhead press": overhead pressing.
_OVERHEAD = re.compile(
    r"\b(?:press(?:ing|es)? (?:over ?head|above (?:my )?head)|over ?head (?:press(?:ing|es)?|"
    r"work|lifts?|lifting|stuff|things|movements?|exercises?)|shoulder press(?:ing|es)?|ohp|"
    r"military press)\b"
)

# A swap whose new exercise is left to the coach ("switch to something else", "replace them
# with something", "give me an alternative").
# (plans57k) So is a swap "out" with nothing put in ("elbow aches on skull crushers, swap them
# out"): the exercise named beside the pain.
_ANY_SWAP = re.compile(
    r"\b(?:switch|swap|replace|change|sub)\b.*\b(?:something|anything)\b|"
    r"\b(?:an? )?(?:alternative|substitute|replacement)\b|"
    r"\b(?:switch|swap|sub|trade)\s+(?:it|them|that|those|these)\s+out\b(?!\s*(?:for|with)\b)"
)


def _overhead_presses(matcher: ExerciseMatcher) -> set[str]:
    """Library exercises that press overhead (vertical pushes other than dips)."""
    return {
        r.slug
        for r in matcher.records
        if r.movement_pattern == "vertical_push" and "dip" not in r.slug
    }


def _remove_overhead(turn: ReplyDraft, matcher: ExerciseMatcher) -> str:
    """A plan proposal without overhead pressing (the athlete approves it), or why not."""
    plan = turn.call("get_plan", {})
    if not plan.ok:
        return tool_answer(plan)
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
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))


# A clause that rules one exercise out beside the pain ("no curls for a few weeks", "pls no
# box jumps yet"): its removal. Two named ("no curls or pull ups") are left to the question.
# (plans57k) What they would rest on is no part of the name ("no planks on my hands for now").
_NO_EXERCISE = re.compile(
    r"^(?:(?:pls|plz|please|so|and|then|for now)\s+)*no (?:more )?(?P<a>[a-z][a-z' -]*?)"
    r"(?:\s+(?:for (?:now|a while|a bit|the moment|(?:a few|some|\d+|the next \d+) (?:days|weeks))|"
    r"on (?:my |the |your )?(?:hands?|knees?|wrists?|forearms?|elbows?|toes|feet)|"
    r"this week|until [a-z ]+|yet|anymore|pls|plz|please))*\s*$"
)


# A clause that keeps one exercise out ("can we keep the box jumps out for now", "lay off the
# lunges this week"): its removal, as "no ..." above.
_KEEP_OUT = re.compile(
    r"\b(?:(?:keep|leave) (?:the |my |all |any )?(?P<a>[a-z][a-z' -]*?) out|(?:lay off|hold off on) "
    r"(?:the |my |all |any )?(?P<b>[a-z][a-z' -]*?))(?:\s+(?:of (?:it|the plan|my plan)|for "
    r"(?:now|a while|a bit|the moment|(?:a few|some|\d+|the next \d+) (?:days|weeks))|this week|"
    r"until [a-z ]+|yet|pls|plz|please))*\s*$"
)
# Jumping said as a kind of training ("keep jumping out", "no jumps for now", "no plyos"): the
# plan's jumps, whichever they are, not one exercise.
_JUMPING = re.compile(
    r"(?:the |any |all )?(?:jumping|jumps|jump work|jumpy stuff|jumping stuff|plyos?|plyometrics?)"
)
# Clauses: a dash with spaces around it parts them too ("spare it this week - no shrugs"), and
# so does a "so" before a "no" (plans57k: "sprained my wrist so no push ups for now").
_CLAUSES = r"[.;!?\n,]+|\s+[-–—]\s+|\s+so\s+(?=no\s)"


def said_no(text: str, *, pairs: bool = False) -> list[str]:
    """What the clauses of ``text`` rule out, one exercise or kind a clause ("no curls for some
    weeks", "keep the box jumps out for now"); two named in one clause are left out, or with
    ``pairs`` are all that is said (the object of the one clause naming two, as said)."""
    out, two = [], []
    for clause in re.split(_CLAUSES, normalise(text)):
        m = _NO_EXERCISE.match(clause.strip()) or _KEEP_OUT.search(clause.strip())
        if m is None:
            continue
        named = next(g for g in m.groups() if g)
        if not re.search(r"\b(?:or|and|nor)\b", named):
            out.append(named)
        else:
            two.append(named)
    if pairs:
        return two if len(two) == 1 and not out else []
    return out


def _remove_jumps(turn: ReplyDraft, matcher: ExerciseMatcher) -> str:
    """A proposal without the plan's first jump (the validator, knowing the injury, replaces
    the others that load the region), or that the plan has none."""
    plan = turn.call("get_plan", {})
    if not plan.ok:
        return tool_answer(plan)
    jumps = {r.slug for r in matcher.records if r.category == "plyometric" and r.biomechanics.impact == "high"}  # fmt: skip
    planned = [
        slug
        for session in plan.data.get("sessions", [])
        for slug in session.get("exercises", [])
        if slug in jumps
    ]
    if not planned:
        return t.INJURY_NO_JUMPS
    operation = {"op": "remove_exercise", "exercise": planned[0]}
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))


_CHANGES = ("swap_exercise", "remove_exercise", "change_load")
# A new load said to be lower ("lower my bench to 60 kg", "drop the squat down to 80"): a load
# said without one ("put my bench up to 100 kg") is not taken as lighter beside the pain.
_LOWER = re.compile(r"\b(?:lower|drop|down|lighter|reduce|decrease|less|back off|deload)\b")


# Less time said ("shorter", "cut them to 30 min", "only 20 minutes"): a length to lower to.
_SHORTER = re.compile(
    r"\b(?:shorter|shorten|less|cut|reduce|trim|only|just|max|maximum|at most|under|no more than)\b"
)


# Where a request may start after the story: a comma, a dash or "but"/"so" ("..., so drop the
# lunges").
_AFTER_STORY = r"\s*(?:,|\s[-–—]\s|\bbut\b|\bso\b)\s*"


def _request(text: str, turn: ReplyDraft, matcher: ExerciseMatcher) -> Understanding:
    """The swap or removal asked for beside the pain: in the whole message, else in a
    sentence of its own after the story ("sprained it 2 weeks ago. remove box jumps"), else a
    clause that says "no" to one exercise ("tennis elbow again, no curls for some weeks")."""
    today = turn.tctx.today()
    asked = understand(text, today=today, exercises=matcher)
    if asked.intent in _CHANGES:
        return asked
    for sentence in re.split(r"[.;!?\n]+", normalise(text)):
        u = understand(sentence, today=today, exercises=matcher)
        if u.intent in _CHANGES and (u.slots.get("exercise") or u.slots.get("choices")):
            return u
    # A clause of its own after the story, past a comma or a "but" ("ankle's still sore from the
    # fall, it's healing but take the box jumps out"): a swap or a removal only.
    for clause in re.split(_AFTER_STORY, normalise(text))[1:]:
        u = understand(clause, today=today, exercises=matcher)
        if u.intent in _CHANGES[:2] and u.slots.get("exercise"):
            return u
    ruled_out = said_no(text)
    if len(ruled_out) == 1:
        u = understand(f"remove the {ruled_out[0]}", today=today, exercises=matcher)
        if u.intent == "remove_exercise":
            return u
    return asked


def injury_reply(turn: ReplyDraft, check: Screen, text: str, matcher: ExerciseMatcher) -> str:
    """The guardrail's answer to pain or an injury, with what the tools did about it: one
    proposal left waiting (``one_proposal``)."""
    answer = _injury_reply(turn, check, text, matcher)
    region = check.injury.region if check.injury is not None else None
    withdrawn = one_proposal(turn, region) if region else None
    return f"{answer}\n\n{withdrawn}" if withdrawn else answer


def _injury_reply(turn: ReplyDraft, check: Screen, text: str, matcher: ExerciseMatcher) -> str:
    guidance = escalation_message(check)
    injury = check.injury
    assert injury is not None
    region = injury.region
    regions = sorted(injury_constraints(check).regions)
    if region is not None:  # kept in the profile: plans and plan changes spare the region
        guidance = f"{guidance}\n\n{tool_answer(turn.call('record_injury', {'region': region, 'kind': injury.kind}))}"  # fmt: skip
    # An explicit swap beside the pain ("knee sore, take the back squat out and give me leg
    # press") is still made, after the injury is noted so the validator checks it against it.
    asked = settled_removal(turn, _request(text, turn, matcher))  # ("the rows": the plan's)
    if asked.intent == "swap_exercise" and asked.slots.get("exercise") and asked.slots.get("to"):
        return f"{swap(turn, asked.slots, asked.problems)}\n\n{guidance}"
    # So is a removal beside it ("neck is sore, leave out the shrugs"); the tool says when the
    # plan has no such exercise.
    if asked.intent == "remove_exercise" and asked.slots.get("exercise"):
        operation = {"op": "remove_exercise", "exercise": asked.slots["exercise"]}
        return f"{guidance}\n\n{tool_answer(turn.call('propose_plan_edit', {'operation': operation}))}"  # fmt: skip
    # A lighter load beside it ("lower my bench to 60 kg, shoulder feels funny", "make my squat
    # 10 kg lighter, knee is niggly"): proposed (or asked about) as if said alone; a heavier one
    # beside the pain is not made here.
    lighter = float(asked.slots.get("delta_kg") or 0) < 0 or (
        asked.slots.get("weight_kg") is not None and _LOWER.search(normalise(text)) is not None
    )
    if asked.intent == "change_load" and asked.slots.get("exercise") and lighter:
        return f"{change_load(turn, asked.slots)}\n\n{guidance}"
    # Shorter sessions beside it ("make the training shorter, 20 minutes is best, my knee"):
    # less training, proposed as if said alone; a longer one beside the pain is not made here.
    if asked.intent == "set_session_minutes" and (
        asked.slots.get("shorter_by") or _SHORTER.search(normalise(text))
    ):
        return f"{guidance}\n\n{session_minutes(turn, asked.slots)}"
    # Fewer days, sessions shorter than the plan's, a session moved or skipped beside it.
    if (schedule := schedule_beside_pain(turn, text, matcher)) is not None:
        return f"{guidance}\n\n{schedule}"
    # Two exercises ruled out in one clause ("no push-ups or bench"): both, when one proposal
    # can take both out (``injury_pairs``).
    pair = said_no(text, pairs=True) if region is not None else []
    if pair and (both := remove_both(turn, pair[0], matcher)) is not None:
        return f"{guidance}\n\n{both}"
    ruled_out = said_no(text)
    if region is not None and len(ruled_out) == 1 and _JUMPING.fullmatch(ruled_out[0]):
        return f"{guidance}\n\n{_remove_jumps(turn, matcher)}"
    # A proposal from the injury already swaps every exercise loading the region.
    if region is not None and turn.proposed is None and _OVERHEAD.search(normalise(text)):
        return f"{guidance}\n\n{_remove_overhead(turn, matcher)}"
    exercise = exercise_in(text, matcher, {injury.part, *(region or "").split("_")})
    if exercise is None or region is None:
        return f"{guidance}\n\n{t.INJURY_ASK_EXERCISE}" if region else guidance
    result = turn.call("exercise_substitutes", {"exercise": exercise, "avoid_regions": regions})
    if not result.ok or not result.data.get("hits"):
        return f"{guidance}\n\n{tool_answer(result)}"
    hits = result.data["hits"]
    left = _ANY_SWAP.search(normalise(text)) or (asked.intent == "swap_exercise" and asked.slots.get("any"))  # fmt: skip
    # A swap asked for by the exercise's name ("swap the bench for something that won't hurt
    # it") is made even where the injury's own proposal kept that exercise.
    named = asked.intent == "swap_exercise" and asked.slots.get("exercise") == exercise
    if left and (turn.proposed is None or named):
        # The new exercise left to the coach ("switch to something else"): the best one that
        # spares the region is proposed (or the tool says the plan has no such exercise);
        # unless the injury's own proposal already swaps what loads the region.
        operation = {"op": "swap_exercise", "exercise": exercise, "to": hits[0]["slug"]}
        answer = tool_answer(turn.call("propose_plan_edit", {"operation": operation}))
        if turn.proposed is not None:
            answer = t.SWAP_CHOSEN.format(
                exercise=result.data["name"], to=hits[0]["name"], reason=hits[0]["reason"],
                answer=answer,
            )  # fmt: skip
        return f"{guidance}\n\n{answer}"
    options = "\n".join(f"- {h['name']} ({h['reason']})" for h in hits)
    extra = t.INJURY_SUBSTITUTES.format(
        region=region.replace("_", " "), exercise=result.data["name"], options=options
    )
    return f"{guidance}\n\n{extra}"
