"""The plan's shape (issue 57; split out of ``plan_requests`` by plans20): a new plan (goal, days
a week, minutes, weeks, equipment), a session's length, and a new count of days a week."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import PLAN_DAY, day_ref
from fitcoach.assistant.nlu.plan_clauses import (
    CAP_BARE,
    CAP_NAMES_SESSIONS,
    LENGTH_WISHED,
    MAKE_IT_BARE,
    count_sentence,
    without_other_offs,
)
from fitcoach.assistant.nlu.plan_days import days_said_relatively
from fitcoach.assistant.nlu.plan_kit import PRESETS as _PRESETS
from fitcoach.assistant.nlu.plan_kit import equipment_list as _equipment_list
from fitcoach.assistant.nlu.plan_requests import MADE_SOMETHING
from fitcoach.assistant.nlu.quantities import DUR, durations_s
from fitcoach.assistant.nlu.sleep_alone import lone_night_s, night_in_story_s

_GOALS: tuple[tuple[str, str], ...] = (
    (
        r"hypertroph|muscle|bodybuild|size|bulk|mass|aesthetic|gains|hyper\b|"
        r"\b(?:get|getting|look) (?:bigger|big|jacked|swole)\b",
        "hypertrophy",
    ),
    # (plans93) a lifting meet prepared for ("12 wk meet prep", "peak for my first meet")
    (
        r"strength|stronger|powerlift|strong\b|1rm|max(?:imal)? strength|"
        r"\b(?:meet|comp) (?:prep|peak)|\bpeak(?:ing)? for (?:a |my |the )?(?:\w+ )?meet\b",
        "strength",
    ),
    (
        # ("cut me back to 3 days", "cut the sessions to 45 min": less of the plan, not a cut)
        r"fat loss|weight loss|cut(?:ting)?\b(?!\s+(?:(?:me|it|them|us|that|this)\s+)?(?:back|down|"
        r"out|to|from|the|my|sessions?|days?|workouts?)\b)|\b(?:lean|shred|slim|tone)|"
        # "drop some weight", "shed the baby pounds", "burn fat"
        r"\b(?:lose|losing|drop|dropping|shed|shedding|burn|burning)\s+(?:\w+\s+){0,2}?"
        r"(?:weight|fat|pounds|lbs|kilos|belly|gut)\b",
        "fat_loss",
    ),
    (
        r"endurance|marathon|\d+(?:\.\d+)? ?km|\b\d+k (?:race|run)\b|\b(?:5|10|21|42)k\b|"
        r"stamina|aerobic|running plan|triathlon|cardio|\b(?:running|road|trail) race",
        "endurance",
    ),
    (
        r"sport|athletic|football|soccer|basketball|rugby|hockey|netball|tennis|pre-?season|"
        r"performance|speed|agility|\bski(?:ing)?\b|snowboard|climbing|\b(?:off|in)-?season\b|"
        # (plans93) fitness races and their kind ("doing hyrox in march", "a spartan race")
        r"\bhyrox\b|\bspartan (?:race|sprint|beast|super)\b|obstacle (?:race|course)|\bocr\b",
        "sport_performance",
    ),
    # (plans57k: "a plan for getting back into it after 6 months off": fitness again, no sport)
    (
        r"general fitness|get fit|healthy|health|overall fitness|stay fit|general|"
        r"\bback (?:into|in) (?:it|shape|training|exercise|exercising|fitness|the gym)\b",
        "general_fitness",
    ),
)


# Days named by what is trained on them ("2 strength days"): a count of days, not a goal.
_KIND_OF_DAY = r"\b\d\s*(?:strength|lifting|weights?) (?:days?|sessions?)\b"


def _goal(text: str) -> str | None:
    text = re.sub(_KIND_OF_DAY, " ", text)
    for pattern, goal in _GOALS:
        if has(pattern, text):
            return goal
    return None


# A unit after a number: the number is not a count of days.
_UNIT_AFTER = r"(?:%|x\b|kg|kilos?|lbs?|pounds?|min|mins\b|minutes?|hours?|hrs?\b|h\b|km|mi\b|miles?|reps?\b|sets?\b|weeks?|months?|am\b|pm\b)"


def _days_per_week(text: str) -> int | None:
    """Days a week; a running, riding or swimming plan counts its days in runs, rides or swims
    ("a plan with 4 runs a week")."""
    m = re.search(
        r"\b(\d)\s*(?:-|\s)?\s*(?:strength |lifting |weights? )?days?\b(?!\s*ago)|\b(\d)\s*(?:x|times|(?:gym |training )?sessions?|workouts?|runs|rides|swims)\s*(?:a|per|/)\s*week|\b(\d)\s*days?\s*(?:a|per|/)\s*week|\b(\d)\s*x\s*(?:a|per|/)?\s*wk\b",
        text,
    )
    if m is None:
        # ("a plan, twice a week, 40 mins": the count said in a word)
        w = re.search(r"\b(once|twice|thrice)\s*(?:a|per|/|each)\s*(?:week|wk)\b", text)
        return _TIMES_A_WEEK[w.group(1)] if w else None
    value = _new_count(text[m.end() :]) or int(next(g for g in m.groups() if g))
    return value if 1 <= value <= 7 else None


# Before a length that is the one to leave ("an hour rather than 75 min", "from 60 min to 45").
# ("i can't do 1 hour, 30 min max"; "cannot sit through 90 min": what the athlete can't do)
_OLD_LENGTH = re.compile(
    r"\b(?:rather than|instead of|than|not|from|(?:can'?t|cannot|can not|couldn'?t|could not|"
    r"unable to) (?:do|manage|handle|last|face|sit through|focus for|concentrate for)"
    r"(?: (?:a|the) (?:full|whole))?)\s*$"
)
# A length said to be too much ("the 50 min ones are too long"): the one to leave as well.
_TOO_LONG = re.compile(
    r"\d+(?:\.\d+)?\s*(?:min\w*|h|hrs?|hours?)\s+(?:(?:ones?|sessions?|workouts?)\s+)?"
    r"(?:is|are|was|were|feels?|felt)\s+(?:way |much |a bit |just )?too\b"
)


# The sessions cut or made to a bare number ("cut my sessions down to 45", "bring the workouts
# to 40"): minutes, as after "make it" when minutes are said elsewhere.
_SESSIONS_CUT_BARE = (
    r"\b((?:make|cut|bring|drop|trim|get) (?:(?:all(?: of)?(?: the| my)?|every|each|the|my) )?"
    r"(?:sessions?|workouts?)(?: down)?(?: to)?\s+(?:just |only )?[1-9]\d{1,2})\b"
    r"(?!\s*(?:(?!(?:please|pls|plz|thanks|max|tops)\b)[a-z%]|\.\d))"
)


# (plans93) What else a length may be of, said right after it ("a half hour lunch").
_OTHER_THING = r"lunch(?: ?break)?|break|commute|drive|nap|shift|meeting|lecture|bus ride|train ride|school run"


def _minutes(text: str) -> int | None:
    """A session length. One length said twice ("half an hour ..., 30 minutes max") is that
    length, not their sum; parts of one length ("1 h 15 min", "1 hour 15") add up. Lengths
    said apart are different lengths: the one to leave ("rather than 75 min") is not the new
    one, and of the rest the last said is ("90 min on weekends... actually make it 75 min")."""
    text = re.sub(r"\b\d+\s*(?:-|\s)?\s*days?\b", " ", text)
    text = re.sub(r"\b(?:an? )?half (?:an )?hour\b", "30 min", text)
    # (plans93) the length of something else told as the why ("make all my sessions 20 min, i
    # only get a half hour lunch", "sessions max 50 min, there is a 2 hour commute"): not the
    # session's, when another length is said
    other = rf"\b\d+(?:\.\d+)?\s*(?:min\w*|h|hrs?|hours?)\s+(?:{_OTHER_THING})\b"
    if re.search(other, text) and re.search(
        r"\b\d+\s*(?:min|h\b|hrs?\b|hours?)", re.sub(other, " ", text)
    ):
        text = re.sub(other, " ", text)
    text = re.sub(r"\b(?:(?:a|one|the) )?(?:full|whole|solid|entire) hour\b", "60 min", text)
    text = re.sub(r"\b(\d+\s*(?:h|hrs?|hours?))\s+([1-5]\d)\b(?!\s*[a-z%])", r"\1 \2 min", text)
    if re.search(r"\b\d+\s*min", text):  # "45 min is too long, make it 35": 35 minutes
        text = re.sub(MAKE_IT_BARE, r"\1 min", text)
    elif re.search(CAP_NAMES_SESSIONS, text):  # "sessions are too long, cap at 60": 60 minutes
        text = re.sub(CAP_BARE, r"\1 min", text)
        # (plans91) the sessions themselves cut to a bare number ("cut my sessions down to 45")
        text = re.sub(_SESSIONS_CUT_BARE, r"\1 min", text)
    matches = list(DUR.finditer(text))
    said = [durations_s(m.group(0)) for m in matches]
    if len(said) > 1 and len(set(said)) == 1 and said[0]:
        return round(said[0] / 60)
    lengths: list[tuple[int, float]] = []  # (where the length starts, seconds)
    prev_end = 0
    for m, part in zip(matches, said, strict=True):
        seconds = part or 0.0
        if lengths and not text[prev_end : m.start()].strip(" ,"):
            lengths[-1] = (lengths[-1][0], lengths[-1][1] + seconds)  # a part of the same one
        else:
            lengths.append((m.start(), seconds))
        prev_end = m.end()
    if len(lengths) > 1:
        new = [
            sec
            for start, sec in lengths
            if not _OLD_LENGTH.search(text[:start]) and not _TOO_LONG.match(text, start)
        ]
        seconds = (new or [lengths[-1][1]])[-1]
    else:
        seconds = durations_s(text) or 0.0
    return round(seconds / 60) if seconds else None


# Starting over: a new plan even without the word "plan" ("start me from scratch").
_FRESH = (
    r"\b(?:from scratch|start (?:me |it |all )?(?:over|again|afresh)|fresh start|clean slate)\b"
)
# A fresh block asked for, not the plan in force made into something ("a new plan with the
# same settings", "start a fresh block", "regenerate my plan", "another program"): a new plan
# from next Monday even when the plan in force already is what the message says.
_FRESH_BLOCK = (
    _FRESH + r"|\b(?:new|fresh|another|next|different)\b(?: \w+){0,3}? (?:plan|program|programme|"
    r"routine|block|split|cycle|mesocycle|meso)\b|\b(?:regenerate|redo|rebuild|refresh|restart|"
    r"renew)\b|\bsame (?:settings|setup|parameters|as before)\b"
)


# Praise of the plan in force ("really enjoying the new block", "loving the new program",
# "the new plan is great"): feedback, never a request for another one, unless one is asked.
_PRAISED = (
    r"\b(?:enjoy(?:s|ing|ed)?|lov(?:e|es|ing|ed)|lik(?:e|es|ing|ed)|digging|thanks? (?:you )?for|"
    r"cheers for|appreciate)\b(?: \w+){0,2}? (?:plan|program|programme|routine|block|split)\b|"
    r"\b(?:plan|program|programme|routine|block|split) (?:is|was|has been|feels?) (?:\w+ )?"
    r"(?:great|amazing|good|awesome|brilliant|fun|perfect|spot on|class|ace|lovely|working)\b"
)
_ASKED_FOR = (
    r"\?|\b(?:can|could|would|will) you\b|\b(?:i'?d|would) (?:love|like)\b|\b(?:want|need|give me|"
    r"make|create|build|generate|please|pls|plz|another|different|redo|regenerate|start|next)\b"
)


def _only_kit(text: str, have: list[str]) -> bool:
    """One piece said as all there is ("just kettlebells", "i've only got bands"): the words
    after "just" or "only", to the clause's end, name that piece ("just want to stay fit, i
    have bands" names none there)."""
    for m in re.finditer(r"\b(?:just|only|nothing but)\b([^,.;!?]*)", text):
        if _equipment_list(m.group(1))[0] == have:
            return True
    return False


def generate_plan(ctx: Ctx) -> Result:
    t = ctx.text
    figures = _days_per_week(t) is not None or _minutes(t) is not None
    if has(_PRAISED, t) and not has(_ASKED_FOR, t) and not figures:
        return None  # praise with no figure of a plan beside it
    days_change = _days_per_week(t) is not None and has(
        r"\b(set|change|switch|go|move|bump|drop|reduce|increase|train|only|up|down)\b", t
    )
    plan_word = has(
        r"\b(plan|program|programme|routine|split|schedule|block|regime|regimen)\b", t
    ) or has(MADE_SOMETHING, t)
    # A goal with days a week ("want to get strong, 2 days a week, 45 min") describes a new
    # plan; so does starting over. Not a report of training done.
    described = not has(r"\b(did|done|trained|was|were|ago|last)\b", t) and (
        has(_FRESH, t) or (_goal(t) is not None and _days_per_week(t) is not None)
    )
    if not plan_word and not days_change and not described:
        return None
    show = has(
        r"\b(show|see|view|display|send|print|current|existing)\b|\bmy (plan|program|programme|routine|schedule)\b",
        t,
    )
    make = has(
        r"\b(want|need|make|create|build|give me an?|generate|design|write|new|start|set up|"
        r"get me|looking for|put together|come up with|another|different|fresh|redo|"
        r"regenerate|rebuild|refresh|restart)\b|\b\d\s*(?:-|\s)?\s*days?\b|\bdays? (a|per) week|"
        r"\b(?:can|could|may) (?:i|we) (?:get|have)\b|"
        r"\b\d\s*(?:x|times|(?:gym |training )?sessions?|workouts?)\s*(?:a|per|/)\s*week",
        t,
    )
    # "plan for my first 10k race?": a plan for a goal ("update plan for the trip" is not one)
    # and a plan asked by its aim ("just a simple plan to get fitter please", "a program to
    # lose some weight"), not the plan in force followed ("i do the plan to get stronger")
    make = make or (
        has(
            r"\b(?:plan|program|programme|routine) for\b|\b(?:a|an|some)\s+(?:\w+\s+){0,2}?(?:plan|program|programme|routine) to\b",
            t,
        )
        and _goal(t) is not None
    )
    if not (make or days_change or described) or (
        show
        and not days_change
        and not has(
            r"\b(new|another|different|want|need|make|create|build|generate|regenerate|redo)\b", t
        )
    ):
        return None
    slots: Slots = {}
    if (days := _days_per_week(t)) is not None:
        slots["days_per_week"] = days
    if (goal := _goal(t)) is not None:
        slots["goal"] = goal
    elif has(r"\bfor (?:the |my |our |this |next )?(?:\w+ )?season\b(?<!holiday season)", t):
        slots["goal"] = "sport_performance"  # a new plan "for rowing season" (only here: a
        # days-a-week change said "for the season" keeps the goal)
    if (minutes := _minutes(t)) is not None:
        slots["minutes"] = minutes
    # The plan's length, not weeks of a story ("20 weeks pregnant", "cleared at 8 weeks",
    # "8 weeks postpartum", "hurt it 3 weeks ago", "16 weeks out" from a show or a fight).
    if m := re.search(r"\b(?<!at )(\d+)\s*(?:-|\s)?\s*weeks?\b(?!\s*(?:pregnant|preggers|postpartum|post[- ]?partum|postnatal|post[- ]?op|ago|old|along|since|out|after)\b)", t):  # fmt: skip
        slots["weeks"] = int(m.group(1))
    # The equipment said with it ("new plan, 4 days, barbell and rack at home", "full gym",
    # "redo the plan around dumbbells and a pull-up bar"); one piece alone ("gym with machines")
    # may be one of several, so it is not taken for all there is.
    have, _missing = _equipment_list(t)
    if have and (len(have) >= 2 or _only_kit(t, have) or any(has(p, t) for p, _ in _PRESETS)):
        slots["equipment"] = have
    if has(_FRESH_BLOCK, t):
        slots["fresh"] = True
    return "generate_plan", slots, []


# The time the athlete can give now ("i can give you 75 minutes", "i can do a full hour now
# that my mum has the kids"): a session's length, not a length of some activity ("an hour of
# yoga", "40 min on the bike") or one already done.
_TIME_OFFERED = (
    r"\b(?:i|we)(?: can| could| will|'ll) (?:now |only |just |actually |finally )?(?:give (?:you|it)|do|"
    r"manage|spare|commit|afford|find|fit in|squeeze in|put in|train(?: for)?)\s+(?:you\s+)?(?:about |"
    r"around |up to |only |just )?(?:an? |one |the )?(?:\d+(?:\.\d+)?\s*(?:min\w*|h|hrs?|hours?)|"
    r"(?:full |whole |solid |entire )?hour)\b(?!\s+(?:of|on(?! (?:week ?days|week ?nights|work ?days|"
    r"school ?days|weekends?|shift days|(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b)|in|at|with|ago)\b)"
)


# Sleep wished for as the why of shorter sessions ("cut sessions to 20 minutes, i need to
# sleep", "... so i can get more sleep"): no night told, when the sessions are named.
_SLEEP_WISHED = (
    r"\b(?:need|needs|want|wants|have|got|gotta|must|can|could|to)(?: to)?(?: (?:get|catch up on|"
    r"grab))?(?: (?:some|more|enough|a bit of))? sleep\b"
)


# Shorter sessions asked for, then the length apart ("shorter workouts please, 25 min during
# exams", "shorter sessions - like 30 minutes"): the new length, not minutes taken off ("20 min
# shorter", "shorter by 10 min" are taken off).
# (plans57k) The sessions named before "shorter" ("make sessions shorter, like 40 min",
# "can the workouts be shorter - say 35 minutes"), or a hedge alone between ("make them shorter
# like 40 min"): the new length too; a length after "by" or before "shorter" stays taken off.
_SHORTER_THEN_LENGTH = (
    r"\bshorter (?:sessions?|workouts?|trainings?|days?)(?: (?:please|pls|plz|for a while|for now))?"
    r"\s*[,;:.!-]+\s*(?:(?:like|maybe|say|about|around|so|just|only|max) )?\d+\s*(?:min|h\b|hrs?\b|hours?)|"
    r"\b(?:sessions?|workouts?|trainings?|them|they|it)\b(?: \w+){0,2} shorter"
    r"(?: (?:please|pls|plz|for a while|for now))?"
    r"(?:\s*[,;:.!-]+\s*(?:(?:like|maybe|say|about|around|so|just|only|max) )?|\s+(?:like|maybe|say|about|around) )"
    r"\d+\s*(?:min|h\b|hrs?\b|hours?)(?!\s*(?:less|off|shorter|fewer)\b)"
)


# (plans57n) A length said per go with no verb ("just 20 minutes a go for now", "45 min at a
# time"), or said to be all the athlete has ("half an hour is all i've got on match weeks"): a
# session's length.
_A_LENGTH = r"(?:\d+\s*(?:min\w*|h|hrs?|hours?)|(?:an? )?half (?:an )?hour|an hour)"
_LENGTH_A_GO = (
    rf"\b{_A_LENGTH}\s+(?:a go|a pop|a time|at a time|each time|per go|a session|a workout)\b|"
    rf"\b{_A_LENGTH}\s+(?:is|'s) (?:all|the most|as much as) (?:i'?ve got|i have|i got|i'?ve|"
    r"i can (?:do|give|spare|manage|find))\b"
)
_NIGHT_HAD = r"\b(?:got|had|slept|managed|grabbed)\b"
_TIME_FREE = r"\b(?:have|has|'ve|can|could|will|free|available|spare|train|session|workout|gym)\b"
_TOLD_DONE = r"\b(?:did|done|went|was|were|trained|lifted|yesterday|last)\b"


# (plans31) The sessions named first, then their length with no verb ("sessions 25 minutes
# please, doing lunch break workouts"): the plural at the start asks for a length, where a
# session told opens with a count or a single "session 45 min, bench 3x5".
_SESSIONS_LENGTH_FIRST = (
    r"^(?:my |the |all )?(?:sessions|workouts) (?:of )?(?:about |around |just |only )?"
    r"\d+\s*(?:min\w*|h|hrs?|hours?)\b(?! (?:each|in total|total|done|logged)\b)"
)


# A rest between sets or efforts ("3 min rest", "rest 90s", "2 min between sets")
_REST_SAID = r"\b\d+(?:\.\d+)?\s*(?:min\w*|m|s|secs?|seconds?)\s*(?:rests?|recovery|off|between)\b|\brest(?:ing)?\s*(?:of\s*)?\d"


_WAY_REPEATS = r"\b\d{1,2}\s*x\s*\d+(?:\.\d+)?\s*(?:m|k|km|mi|metres|meters)\b"


def session_minutes(ctx: Ctx) -> Result:
    t = ctx.text
    if has(r"\b(?:sessions?|workouts?)\b", t):
        t = re.sub(_SLEEP_WISHED, " ", t)
    # ("the school run" and "could the workouts run to 50 min" are no run; "only got 4 hours
    # last night" is a night, never a session's length)
    if has(
        r"\b(ran|jog|jogged|cycled|biked|rode|swam|rowed|walked|hiked|slept|sleep)\b|\blast ni(?:ght|te)\b|"
        # "6 and a half hours, rough night, cut thirst is real": a night told, a weight cut
        r"\b(?:rough|bad|good|terrible|awful|shit|crap|short|broken|restless) night\b|"
        r"(?<!school )(?<!workouts )(?<!sessions )(?<!workout )(?<!session )\brun\b",
        t,
    ):
        return None
    # (tune28a) a night told by its hours alone ("only got like 5 hours, pre-race nerves"), or
    # a session told by its sets ("just got home, 45 min session. lat pulldown 4x10 at 120,
    # seated row 3x12 at 110"): what was done, no length asked for
    if lone_night_s(t) is not None or len(re.findall(r"\b\d+\s*x\s*\d+\b", t)) >= 2:
        return None
    # (stop 95) sets told with the rest between them ("6 x 10s, +15kg, 3 min rest"): the rest's
    # minutes are no session's length, whatever "max" the exercise's name says
    if re.search(r"\b\d+\s*x\s*\d+", t) and has(_REST_SAID, t):
        return None
    # (stop 96) repeats of a way and the session's time ("skierg 10x250m, 25 min session"): a
    # session told as done, unless a change is asked for in words
    if re.search(_WAY_REPEATS, t) and not has(r"\b(?:make|set|limit|cap|can|could|want|please|plan)\b", t):  # fmt: skip
        return None
    # (sleep93) a night of the week told in the past by its hours ("saturday night I only got
    # 4h, terrible"): a night had, never the time a day's session may take ("saturday I've
    # only got 45 min", "sunday night I can only do an hour")
    if night_in_story_s(t) is not None and has(_NIGHT_HAD, t) and not has(_TIME_FREE, t):
        return None
    if not has(
        r"\bmake (it|them|that|my|the|each|every|all|today|sessions?|workouts?)\b|\bonly (have|got)\b|"
        r"\b(have|got) (only|just)\b|\b(limit|cap|keep|shorten|cut|trim|shorter|longer|reduce)\b|"
        r"\bper (session|workout|day)\b|\b(sessions?|workouts?|training) (?:up |down )?(of|to|under|at most|"
        r"max|should be|need to be|must be|can be|be|lasting)\b|\bput (?:my |the |all )?(?:sessions?|workouts?) at\b|\b(max|maximum|at most|no more than|"
        r"under|tops)\b|\b(?:minutes?|mins?|hours?|hrs?|h) (?:sessions?|workouts?|trainings?)\b|"
        r"\btime for\b|\b(?:sessions?|workouts?)\b.*\b(?:from now on|going forward)\b|"
        # (plans91) "the plan says 75 min ... can we set it to an hour": set to a length
        r"\bset (?:it|them|that|(?:my |the |all )?(?:sessions?|workouts?)) (?:to|at) (?:just |only )?(?:about |around )?(?:an? |one )?\d*\s*(?:min\w*|h|hrs?|hours?)\b|"
        # "can I do 45 min instead of an hour", "too long, can we do 50 min"
        r"\b(?:instead of|rather than)\b|\btoo (?:long|short)\b.*\b(?:can|could) (?:we|i|you) do\b|"
        + _SESSIONS_LENGTH_FIRST
        + "|"
        + _TIME_OFFERED,
        t,
    ) and not (has(_LENGTH_A_GO, t) and not has(_TOLD_DONE, t)):
        return None
    minutes = _minutes(t)
    if minutes is None:
        return None
    slots: Slots = {"minutes": minutes}
    if has(r"\b(shorter|less|fewer|off)\b", without_other_offs(t)) and not has(
        r"\b(to|under|max|maximum|at most|tops|no more than|or less)\b|"
        + LENGTH_WISHED
        + "|"
        + _SHORTER_THEN_LENGTH,
        t,
    ):
        slots = {"shorter_by": minutes}  # "make tomorrow 20 min shorter"
    # One day named ("only got 30 min today"): that session only, not every session.
    if not has(r"\b(sessions|workouts|every|each|all|per|from now|going forward)\b", t) and (
        m := re.search(rf"\b({PLAN_DAY})(?:'?s)?\b", t)
    ):
        slots["date"] = day_ref(m.group(1), ctx.today)[1]
    return "set_session_minutes", slots, []


_TIMES_A_WEEK = {"once": 1, "twice": 2, "thrice": 3}
_DAYS_A_WEEK = re.compile(
    r"\b(\d|once|twice|thrice)\s*(?:x\s*|times\s*|days?\s*|sessions?\s*|workouts?\s*|"
    r"(?:training|gym|workout) days?\s*)?(?:a|per|/|each|every|in (?:the|a))\s*(?:week|wk)\b|"
    # ("reduce to 2 strength days; the rowing volume goes up": the days there are in the plan)
    r"\b(\d)\s*(?:training |gym |workout |strength |lifting |weights? )?(?:days|sessions)\b(?!\s*ago)"
)


def _new_count(after: str) -> int | None:
    """A bare count of days after the one said ("from 4 days to 2", "5 days is too much,
    let's do 4"): the new count; the first was the one to leave. None when there is none."""
    m = re.search(rf"\b(?:to|do|try|make it|go (?:with|for))\s+(\d)\b(?!\s*{_UNIT_AFTER})", after)
    if m is None and has(_TOO_MANY, after):
        # told too many or too few, the next count alone is the new one ("..., 4 please")
        m = re.search(rf"(?:[,;.]|\b(?:maybe|just|only|say|like|probably|prob|but))\s*(\d)\b(?!\s*{_UNIT_AFTER})", after)  # fmt: skip
    return int(m.group(1)) if m is not None and 1 <= int(m.group(1)) <= 7 else None


# The days there are now told as too many or too few, right after the count ("6 days is too
# much with the baby", "3 sessions is not enough"): the count said is the one to leave, never
# the one to make ("only 3 days from now, study is too much" says the new count).
_TOO_MANY = (
    r"^\s*(?:(?:a|per|each) week\s*)?(?:is|are|'s|feels?|seems?|would be)\s+(?:\w+\s+)?"
    r"(?:too (?:much|many|few|little|hard|ambitious)|a lot|overkill|not enough|not working)\b"
)


# A count of days judged within reach, right after it ("2 days a week is realistic", "3
# sessions would be more doable"): the count wished for.
_WITHIN_REACH = (
    r"\b(?:days?|sessions?|workouts?|times)(?: (?:a|per|each) week)? (?:is|are|would be|'?d be|"
    r"will be|sounds?|seems?|feels?|looks?) (?:more |much more |a lot more |way more |probably |"
    r"just |about |far more )?(?:realistic|doable|manageable|feasible|sustainable|workable|"
    r"achievable|do-?able)\b"
)


# Another activity's own week told as the why in a clause of its own ("hockey is 4 nights a
# week", "soccer takes up three evenings"): the sport there is no goal of the plan.
_OTHER_WEEK = (
    r"(?:^|(?<=[,.;!?]))[^,.;!?]*\b(?:is|are|'s|takes?(?: up)?|eats?(?: up)?)\s+(?:\d|two|three|four|"
    r"five|six)\s+(?:nights?|evenings?|mornings?|afternoons?|days?|times)\b(?: (?:a|per|each) week)?[^,.;!?]*"
)


# (plans57n) The season told as the time, the why of the count ("in-season now so 2 gym days a
# week max", "it's off-season, 4 days a week"): no sport goal asked of the plan.
_SEASON_NOW = (
    r"(?<!\bbefore )(?<!\buntil )(?<!\bahead of )(?<!\bby )"  # a date aimed at is no time now
    r"\b(?:(?:it'?s|we'?re|i'?m)\s+(?:in\s+)?(?:the\s+)?)?(?:in|off|pre)-?\s?season\b"
    r"(?=\s+(?:now|so|and|starts?|started|is here)\b|\s*[,;.:-])"
)


def days_a_week_change(ctx: Ctx) -> Result:
    """ "3 days a week instead of 4", "I can only train twice a week now": days per week only
    (a goal or a plan word goes to ``_generate_plan``)."""
    t = ctx.text
    relative = days_said_relatively(t)
    plan_said = _goal(t) is not None or has(r"\b(plan|program|programme|split)\b", t)
    if relative is not None and 1 <= relative <= 7 and not plan_said:
        return "generate_plan", {"days_per_week": relative}, []
    m = _DAYS_A_WEEK.search(t)
    # ("3 days instead of 4? the kids' soccer schedule is nuts": the sport is the why)
    told = re.sub(_SEASON_NOW, " ", re.sub(_OTHER_WEEK, " ", count_sentence(t, m.start(), m.end()))) if m else ""  # fmt: skip
    if m is None or _goal(told) is not None or has(r"\b(plan|program|programme|split)\b", t):
        return None
    if (
        not has(
            r"\b(instead of|rather than|from now on|going forward|only|just|can|could|switch|back to|"
            r"change|set|move|go|drop|reduce|cut|lower|raise|increase|bump|make it|want|prefer|let'?s|do|"
            r"suit|better|rather|would|enough|please|pls|plz|max|maximum|at most|now)\b|"
            # the count the athlete is going to ("going to 5 days next week", "gonna go up to 4")
            r"\b(?:going|gonna go|moving|stepping|dropping|bumping) (?:up |down |back )?to \d\b|"
            # the count judged within reach ("so 2 days a week is realistic"); never one
            # judged out of reach ("5 days is not realistic": no adverb of "not" here)
            + _WITHIN_REACH,
            t,
        )
        and m.start() > 0
    ) or has(r"\b(did|trained|ran|ago|last week|this week)\b", t):
        return None
    word = m.group(1) or m.group(2)
    days = _TIMES_A_WEEK.get(word) or int(word)
    # The count said first may be the one to leave: "from 4 days to 2", "5 days is too much,
    # let's do 4": a bare count after it, after "to" or a verb of choosing, is the new one.
    new = _new_count(t[m.end() :])
    if new is None and has(_TOO_MANY, t[m.end() :]):
        return "clarify", {"about": "plan", "wants": "days_per_week"}, []  # how many, then?
    days = new or days
    if not 1 <= days <= 7:
        return None
    slots: Slots = {"days_per_week": days}
    # A session length said with it ("4 days a week, and keep them to 45 min") is one change
    # of both: a new plan for those days and that length.
    if has(r"\b(?:min|mins|minutes?|hours?|hrs?|h)\b", t) and (minutes := _minutes(t)):
        slots["minutes"] = minutes
    return "generate_plan", slots, []
