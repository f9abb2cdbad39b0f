"""Requests about the plan's sessions: move one (or several onto one day), or skip one."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from fitcoach.assistant.nlu.base import WEEKDAYS, Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import DAY, PLAN_DAY, day_ref
from fitcoach.assistant.nlu.normalise import normalise

# Every session of a week, or all that are left ("all my sessions this week", "every workout",
# "next week's sessions", "the rest of my lifts").
_MANY_SESSIONS = (
    r"\b(?:every|each) (?:\w+ ){0,2}?(?:session|workout|training|lift|run|ride)\b|"
    r"\b(?:all|both|the rest)\b(?: \w+){0,3}? (?:sessions|workouts|trainings|lifts|runs|rides)\b|"
    r"\b(?:this|next) week'?s (?:\w+ )?(?:sessions|workouts|trainings|lifts)\b"
)


# A session's new day said without a verb of moving: "can the session go to Sunday", "could
# Saturday's ride be Sunday instead", "next monday training I want on tuesday", "leg day from
# saturday to friday", "friday → saturday", "tomorrow's session to friday", "do it thursday".
# Not a report of the past ("did monday's on tuesday").
_MOVE_WORDS = (
    rf"\b(?:go|be|want|instead|rather|prefer|do it|do that)\b|(?:→|->|=>)|"
    rf"\bfrom\s+(?:{PLAN_DAY})\b.*\bto\s+(?:{PLAN_DAY})\b|"
    # (plans57n: "next monday's session to the tuesday please": the day with its "the")
    rf"\b(?:{PLAN_DAY})'?s? (?:session|workout|training|lift|class)\s+(?:to|onto)\s+(?:the\s+)?(?:{PLAN_DAY})\b|"
    # the whole message a day's session to another day, the move asked the turn before
    # ("thursday's one to saturday", "friday to saturday?")
    rf"^\s*(?:and |so |then |ok |okay )?(?:the |my )?(?:{PLAN_DAY})(?:'?s)?(?: (?:one|1|session|workout|training|lift|class))?"
    rf"\s+(?:to|onto)\s+(?:the\s+)?(?:{PLAN_DAY})\s*(?:instead|please|pls|plz|then)?\s*[?.!]*\s*$"
)
_PAST = r"\b(?:did|done|trained|ran|yesterday|ago|last)\b"


def _day_shift(ctx: Ctx, t: str) -> Result:
    """ "push thursday's session back a day", "move tomorrow's workout a day later": the session
    of the day named, one or two days later or earlier."""
    m = re.search(
        r"\b(?:back|forward|later|earlier)\s+(?:by\s+)?(a|one|1|two|2)\s+days?\b|"
        r"\b(a|one|1|two|2)\s+days?\s+(later|earlier|back|forward)\b",
        t,
    )
    src = re.search(rf"\b({PLAN_DAY})(?:'?s)?\b", t)
    if m is None or src is None or has(_PAST, t):
        return None
    count = 2 if (m.group(1) or m.group(2)) in ("two", "2") else 1
    earlier = has(r"\b(?:earlier|forward)\b", t)
    slots: Slots = {}
    slots["from_day"], slots["from_date"] = day_ref(src.group(1), ctx.today)
    to = slots["from_date"] + timedelta(days=-count if earlier else count)
    slots["to_day"], slots["to_date"] = WEEKDAYS[to.weekday()], to
    return "move_session", slots, []


# (plans57n) A request on the last line after a pasted list of days ("my calendar this week:
# thu 19 - work trip / fri 20 - travel back / sat 21 - free / can thursday's workout go to
# saturday"): the listed days are the why, the request line says which session goes where.
def _request_line(ctx: Ctx) -> Result:
    lines = [line for line in ctx.raw.split("\n") if line.strip()]
    if len(lines) < 3:
        return None
    last = normalise(lines[-1])
    if len(re.findall(rf"\b(?:{PLAN_DAY})\b", last)) < 2:
        return None
    return move_session(replace(ctx, text=last, raw=lines[-1]))


def move_session(ctx: Ctx) -> Result:
    if (listed := _request_line(ctx)) is not None:
        return listed
    t = ctx.text
    # (plans57k: "moving sunday's long ride to saturday", a verb's -ing said as the request)
    moving = has(
        r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|change|put|do|train|have|"
        r"moving|shifting|rescheduling|pushing|postponing)\b",
        t,
    )
    verbless = has(_MOVE_WORDS, t) and not has(_PAST, t)
    if not moving and not verbless:
        return None
    day = rf"(?:{PLAN_DAY})"
    refs = [(m.start(), m.group(1)) for m in re.finditer(rf"\b({day})(?:'?s)?\b", t)]
    if len(refs) < 1:
        return None
    if len(refs) == 1 and moving and (shift := _day_shift(ctx, t)) is not None:
        return shift
    # "to Saturday" before "on Saturday": in "move the session on Mon 23 Nov to Sat 28 Nov" the
    # day after "on" is the source. The day after an arrow or "do it" ("no time on tuesday, do it
    # wednesday") or before "instead" ("do today's session tomorrow instead") before "on".
    target = (
        re.search(rf"\b(?:to|until|till|onto|into|over to)\s+(?:the\s+)?(?:next\s+)?({day})\b", t)
        or re.search(rf"(?:→|->|=>)\s*({day})\b|\bdo (?:it|that|them) ({day})\b", t)
        or re.search(rf"(?<!')\b({day})\s+instead\b", t)
        or re.search(rf"\b(?:for|on|with)\s+(?:the\s+)?(?:next\s+)?({day})\b", t)
    )
    if target is not None and target.lastindex and target.group(1) is None:
        target = re.search(rf"\bdo (?:it|that|them) ({day})\b", t)  # the second alternative
    source = re.search(
        rf"\b({day})(?:'s|s)?\s+(?:session|workout|training|lift|run|ride|swim|day|class)", t
    )
    if target is None or not (
        verbless
        or has(
            r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|instead|put|change|"
            r"moving|shifting|rescheduling|pushing|postponing)\b",
            t,
        )
    ):
        return None
    # (plans31) The target day said before as the why ("I'm off sunday this week, can we do
    # saturday's session on sunday instead"): the day the session goes to, never one it leaves,
    # where another day is left to leave ("sunday's run to next sunday" moves a week on)
    to_day = day_ref(target.group(1), ctx.today)[1]
    kept = [(p, w) for p, w in refs if p >= target.start(1) or day_ref(w, ctx.today)[1] != to_day]
    if any(p != target.start(1) for p, _ in kept):
        refs = kept
    others = [w for pos, w in refs if pos != target.start(1)]
    # Several sessions onto one day: each day named before the target ("move Monday's, Tuesday's
    # and Thursday's sessions to Saturday"), or every session of a week ("all my sessions this
    # week", "next week's workouts"). The validator decides whether one day can hold them.
    before = list(dict.fromkeys(w for pos, w in refs if pos < target.start(1)))
    # (plans95) Days told as the why in a clause before the request ("on nights thurs and fri
    # so push thursday's session to monday"): the request's own clause names the one it moves;
    # with no day of its own ("thurs and fri are out, so move them to monday") they all go. (A
    # question before asks too: "can i swap friday and sunday around? put friday's on sunday")
    cause = [m.end() for m in re.finditer(r"[.;!]|\bso\b", t[: target.start(1)])]
    if cause and (own := [w for pos, w in refs if cause[-1] <= pos < target.start(1)]):
        before = list(dict.fromkeys(own))
    whole_week = has(_MANY_SESSIONS, t) and len(before) < 2
    if len(before) > 1 or (whole_week and not before):
        many: Slots = {}
        many["to_day"], many["to_date"] = day_ref(target.group(1), ctx.today)
        if whole_week:
            many["from_week"] = "next" if has(r"\bnext week", t) else "this"
            monday = ctx.today + timedelta(days=7 - ctx.today.weekday())
            if (
                many["from_week"] == "next"
                and many["to_date"] < monday
                and re.fullmatch(DAY, target.group(1))
            ):
                many["to_date"] += timedelta(days=7)  # "next week's sessions to Saturday"
        else:
            many["from_dates"] = [day_ref(w, ctx.today)[1] for w in before]
            if many["to_date"] <= min(many["from_dates"]) and re.fullmatch(DAY, target.group(1)):
                many["to_date"] += timedelta(days=7)
        return "move_session", many, []
    src_word = source.group(1) if source and source.start(1) != target.start(1) else None
    if src_word is None and others:
        src_word = others[0]
    if src_word is None:
        return None
    slots: Slots = {}
    slots["from_day"], slots["from_date"] = day_ref(src_word, ctx.today)
    slots["to_day"], slots["to_date"] = day_ref(target.group(1), ctx.today)
    if slots["to_date"] <= slots["from_date"] and re.fullmatch(DAY, target.group(1)):
        slots["to_date"] += timedelta(days=7)  # a weekday: the next one after the source
    return "move_session", slots, []


_SKIP = (
    # (not the condition: "foot drop behaved today", "my drop foot", "wrist drop")
    r"\b(?:skip|skipping|cancel|cancelling|canceling|scrap|ditch|(?<!foot )(?<!wrist )drop(?! foot)|"
    r"call off|bin|miss|missing)\b|"
    # struck from the week as from a list ("cross off friday's gym session", "strike out sat")
    r"\b(?:cross|strike) (?:off|out)\b|"
    r"\b(?:can'?t|cannot|won'?t|will not|not going to|not gonna) (?:make|do|train|manage)\b|"
    r"\b(?:take|taking) (?:\w+ )?(?:off|as a rest day)\b|"
    # The day itself said off ("thursday off please", "next monday off"); not training then
    rf"\b(?:{PLAN_DAY})(?:'?s)? (?:session |workout |training )?off\b|"
    r"\bnot (?:training|lifting|working out|going to the gym)\b|"
    # "no training thursday", "no workout on Saturday": the day's session is off
    r"\bno (?:training|workout|session|gym|lifting|run|running)\b|"
    # the plan paused on a day ("put the plan on hold this friday", "pause training on monday")
    r"\bon hold\b|\bpause (?:the |my |all )?(?:plan|program|programme|training|sessions?|workouts?|"
    r"gym|lifting|everything)\b"
)
# Asking leave to skip ("can i skip thursday?", "could we cancel friday"): a request, unlike
# asking advice ("should I skip ...?").
_MAY_I_SKIP = r"\b(?:can|could|may) (?:i|we) (?:just |please |pls |maybe )?(?:skip|cancel|miss|drop|take \w+ off)\b"


# A skip said as a sentence of its own, the why after it ("Skip today. Had a rough night on
# the ward, I'm wiped.", "cancel friday's session! the boiler broke").
# (plans91) Asked leave the same way ("can I skip tomorrow? I've had the flu jab today").
_SKIP_ALONE = (
    r"(?:^|[.!;?]\s*)(?:please |pls |plz |just )?(?:(?:can|could|may) (?:i|we) (?:just |please |pls )?)?"
    r"(?:skip|cancel|scrap|ditch|bin|call off)\s+"
    rf"(?:the |my )?(?:{PLAN_DAY})(?:'?s)?(?: (?:session|workout|training|run|ride|lift|class))?"
    r"(?: please| pls| plz| for me)?\s*(?:[.!;?]|$)"
)


# Where one clause of a skip request ends and its why begins.
_CLAUSE_STOP = r"[,;.!?\n]|\b(?:and|but|because|cos|since|as)\b"


def skip_session(ctx: Ctx) -> Result:
    """ "skip Thursday", "cancel tomorrow, travelling", "skip today's run": the session planned
    on that day is marked skipped. Not a question ("should I skip ...") and not a swap ("drop
    the intervals and do an easy run instead")."""
    t = ctx.text
    asking = r"\b(should|could|can) i\b|\?|" if not has(_MAY_I_SKIP, t) else r"\bshould i\b|"
    # The past told in a why after a skip said on its own is no report of a skip done.
    told = alone.group(0) if (alone := re.search(_SKIP_ALONE, t)) else t
    if (
        not has(_SKIP, t)
        or has(asking + r"\binstead\b|\band (?:do|give|add|put|use)\b", t)
        or has(r"\b(?:missed|skipped|did|had|took|ago|yesterday|last)\b", told)
    ):
        return None
    m = re.search(rf"\b({PLAN_DAY})(?:'?s)?\b", t)
    if m is None:
        return None
    name, on = day_ref(m.group(1), ctx.today)
    slots: Slots = {"day": name, "date": on}
    # Idioms with a cardio word in them name no session ("feeling run down", "3 night shifts in
    # a row", "a bike ride to work"): only a session named by its cardio is that session.
    # (plans91) A skip said alone names its session there; the why after it ("I'll be dancing
    # for 6 hours, that's cardio") names none.
    plain = re.sub(
        r"\b(?:run[- ]down|in a row|a row of|on the run|ride (?:to|home|in)\b)", " ", told
    )
    # (tune28b) Only in the clause of the skip or its day: a why after it naming other cardio
    # ("skip tomorrow's strength session, long run got moved to thursday", "skip monday's gym?
    # big ride sunday") names no session.
    said = [
        c for c in re.split(_CLAUSE_STOP, plain) if has(_SKIP, c) or has(re.escape(m.group(1)), c)
    ]
    if has(r"\b(run|runs|jog|ride|bike|cycle|swim|row|cardio|intervals)\b", " ".join(said)):
        slots["cardio"] = True  # "skip today's run": only if that session has cardio
    return "skip_session", slots, []
