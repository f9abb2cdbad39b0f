"""Questions and conversation: greetings, help, what to train today, the plan, readiness advice,
what a word means, a metric over a period, estimated maxes and records, a training summary,
and the question a message too short to act on gets (a bare number or exercise name)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import date_slots, find_period
from fitcoach.assistant.nlu.names import find_exercise
from fitcoach.assistant.nlu.plan_loads import MOVEMENT
from fitcoach.assistant.nlu.quantities import NUM
from fitcoach.assistant.nlu.sets import SETS_REPS

# A change asked after the thanks ("cheers, swap lunges for step ups"): never a greeting.
_ASKS_A_CHANGE = (
    r"\b(?:swap|switch|change|replace|sub|drop|remove|add|move|skip|cut|lighter|heavier|easier|"
    r"harder|instead)\b"
)
# Thanks in the other languages people write between English words, with their warmer forms
# ("obrigadão", "valeu", "muchas gracias", "mil grazie").
_THANKS_ABROAD = (
    r"(?:muito |muchas |mil )?(?:obrigad(?:[oa]|[aã]o|inh[oa])|brigad[oa]|valeu|vlw|gracias|"
    r"merci|danke|grazie)"
)
# Thanks said anywhere in a greeting: the reply says "you're welcome", not "hi".
_THANKS = rf"\b(?:thanks|thank (?:you|u)|thx|ty|tysm|cheers|appreciate|{_THANKS_ABROAD})\b"
# A question of the athlete's own after it ("thanks, what's my bench max"), not "how are you".
_ASKS_OF_ME = r"\b(?:what|how|when|which|why)\b.*\b(?:my|i|me)\b"


def greeting(ctx: Ctx) -> Result:
    words = ctx.text.split()
    if (
        len(words) <= 6
        and has(
            r"^(hi|hello|hey|heya|hiya|yo|howdy|sup|good (morning|afternoon|evening)|morning|"
            r"evening|thanks|thank you|thx|cheers|what'?s up|greetings|ok thanks)\b",
            ctx.text,
        )
        and not has(r"\d|workout|session|plan|slept|weigh|next|today|tomorrow", ctx.text)
        and not has(_ASKS_A_CHANGE, ctx.text)
        and not has(_ASKS_OF_ME, ctx.text)
        # "morning, my good mornings felt heavy": a lift named after the greeting is news
        and find_exercise(ctx, re.sub(_CHAT_OPENS, " ", ctx.text)) is None
    ):
        return "greeting", _thanked(ctx.text), []
    return None


def _thanked(text: str) -> Slots:
    return {"thanks": True} if has(_THANKS, text) else {}


# Thanks or a greeting that goes on with chat ("cheers coach, you're a legend, have a good one",
# "ty ur the goat", "morning! coffee in hand"): read last, only when nothing else is, so a
# request, a log or a question beside it is never taken for chat.
_CHAT_OPENS = (
    r"^(?:hi|hello|hey|heya|hiya|yo|good (?:morning|afternoon|evening)|morning|evening|gm|"
    r"thanks|thank (?:you|u)|thx|ty|tysm|cheers|ta|much appreciated|appreciate (?:it|you|u)|"
    r"спасибо|" + _THANKS_ABROAD + r")\b"
)
_NOT_CHAT = (
    r"\d|\?|\b(?:can|could|would|should|will|pls|please|plz|want|need|log|how|what|when|why|"
    r"plan|session|workout)\b|" + _ASKS_A_CHANGE + "|" + MOVEMENT
)


def chit_chat(ctx: Ctx) -> Result:
    """Thanks or a greeting with more chat after it: a greeting (the last reader tried)."""
    t = ctx.text
    if len(t.split()) > 16 or not has(_CHAT_OPENS, t) or has(_NOT_CHAT, t):
        return None
    # (the greeting itself is no exercise: "good morning, hope you're well" names no lift)
    if find_exercise(ctx, re.sub(_CHAT_OPENS, " ", t)) is not None:
        return None
    return "greeting", _thanked(t), []


def help_request(ctx: Ctx) -> Result:
    if has(
        r"^(help|\?+|menu|commands|options)\W*$|what (can|do) you do|how (do|does) (this|it|you) "
        r"work|how do i use|how (do|can) i (log|add|record|track|enter|change|ask|talk)|"
        r"what can i (ask|say|do here)|what are you|who are you|"
        r"^help me\W*$|^i need help\W*$|what do you (understand|know how)|list (of )?commands",
        ctx.text,
    ):
        return "help", {}, []
    return None


def readiness(ctx: Ctx) -> Result:
    t = ctx.text
    if has(
        r"\bshould i (train|work ?out|lift|run|ride|go hard|go heavy|go easy|push|rest|take|skip|"
        r"do (intervals|hiit|a hard|a heavy|a long|the session|legs|my workout)|go to the gym|"
        r"deload|still train|even train|back off|hit the gym)|\bam i (ready|recovered|good|fit|"
        r"fresh|ok|okay) (to|for|enough)|\b(ready|ok|okay|fine|good|safe|wise|smart) (to|for) (do )?"
        r"(train|work ?out|lift|run|go hard|go heavy|push|hiit|intervals)|\b(train|go|push) hard "
        r"today|\bhard (session|workout|day) today\b|how hard (should|can) i|can i (train|go hard|"
        r"lift heavy|go heavy|run|push)|is today a good day|how should i train today|rest day\?|"
        r"should i (do|go for) (my|a|the) .{1,25}(today|tomorrow|or rest|or skip|or take)|"
        r"recovered enough|take it easy today\?|do i need a rest|need a (rest|deload)|"
        r"(too tired|too sore) to train|should today be",
        t,
    ):
        return "readiness_advice", date_slots(t, ctx.today) or {"date": ctx.today}, []
    return None


_GLOSSARY = (
    r"rir|rpe|hrv|acwr|deload|1rm|one rep max|amrap|tempo|tut|readiness( score)?|progressive "
    r"overload|training load|zone \d|zones|trimp|srpe|tsb|ctl|atl|monotony|strain|rest days?|"
    r"hypertrophy|periodi[sz]ation|mesocycle|superset|drop set|vo2 ?max|etco2|spo2|volume"
)


def explain(ctx: Ctx) -> Result:
    t = ctx.text
    if has(
        rf"^(why|how come|explain|can you explain|could you explain|please explain|what'?s the "
        rf"reason|what is the reason|reason for)\b|\bwhat (does|do) .{{1,40}} mean\b|"
        rf"^what('?s| is| are) (an? |the )?({_GLOSSARY})\??$|\bhow (does|do) .{{1,30}} work\b|"
        rf"\bwhy (did|do|does|is|are|was|were|has|have|would|should)\b|\bwhat is the point of\b|"
        rf"\bmeaning of\b|\bdifference between\b|\bhow is .{{1,30}} calculated\b",
        t,
    ):
        return "explain", {}, []
    return None


def today_session(ctx: Ctx) -> Result:
    t = ctx.text
    if has(
        r"\b(today|tomorrow)'?s (workout|session|training|plan|program|lift|lifting|run|routine|"
        r"exercises)|\b(workout|session|training|plan|exercises|routine) (for |on )?(today|"
        r"tomorrow|tonight)|\bwhat('?s| is| do i have| have i got)( on)?( for)? (today|tomorrow|"
        r"tonight)\b|\bwhat (am i|should i be|do i|should i) (doing|do|training|lifting|running|"
        r"train|lift|run)( today| tomorrow| tonight)|\bwhat('?s| is) (next|up next|on the menu|on "
        r"the agenda)|\bnext (workout|session)\b|\bwhat do i (train|do|lift) (today|tomorrow|"
        r"next)|\bwhat('?s| is) the (workout|session)\b|^(today|workout|session)\??$|"
        r"\bam i (training|lifting|running) (today|tomorrow)|\bwhat (exercises|lifts|workout|"
        r"session|training) (do i have|am i doing|is on|are on|is planned|are planned)",
        t,
    ):
        when = ctx.today + timedelta(days=1) if has(r"\btomorrow", t) else ctx.today
        return "today_session", {"date": when}, []
    return None


def show_plan(ctx: Ctx) -> Result:
    t = ctx.text
    plan_word = (
        r"(plan|program|programme|schedule|routine|split|training block|sessions|workouts|week)"
    )
    if has(
        rf"\b(show|see|view|display|send|print|give me|list|open|check|pull up|look at)\b.*\b{plan_word}\b|"
        rf"\bwhat('?s| is| does)\b.*\b(my|the|this week'?s|next week'?s)\s+{plan_word}\b|"
        rf"\bthis week'?s {plan_word}|\bnext week'?s {plan_word}|^(my )?{plan_word}\??$|"
        rf"\bwhat (am i|do i have) (doing|planned|scheduled) (this|next) week|"
        rf"\bwhat('?s| is) (planned|scheduled|coming up)|\b(this|next) week look like|\bmy (current )?(plan|program|programme)\b",
        t,
    ):
        slots: Slots = {}
        if has(r"\bnext week", t):
            monday = ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(days=7)
            slots = {"start": monday, "end": monday + timedelta(days=6)}
        return "show_plan", slots, []
    return None


_METRIC_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"resting (hr|heart ?rate|pulse|heartrate)|\brhr\b|resting bpm", "resting_hr"),
    (r"\bhrv\b|heart ?rate variability|rmssd", "hrv"),
    (
        r"spo2|sp02|blood oxygen|oxygen sat|o2 sat|\bsats\b|oxygen level|\boxygen\b|saturation",
        "spo2",
    ),
    (
        r"breathing rate|respiratory rate|resp(iration)? rate|breaths? per min|breathing",
        "breathing_rate",
    ),
    (r"etco2|end[- ]tidal|\bco2\b", "etco2"),
    (r"heart ?rate|\bhr\b|\bpulse\b|\bbpm\b", "hr"),
    (r"\bsle+p|slept|\bnap", "sleep"),
    (r"weigh|\bweight\b|body ?weight|\bscale\b|\bmass\b", "weight"),
    (
        r"\bload\b|acwr|acute.{0,12}chronic|\bstrain\b|training stress|\btsb\b|\batl\b|\bctl\b|\bfatigue\b|\bfitness\b",
        "load",
    ),
    (r"readiness|recovery|recovered", "readiness"),
    (r"calorie|kcal|\bcals?\b|energy intake", "calories"),
    # "how much protein did I eat": the protein, though eating is said too
    (r"protein", "protein"),
    (r"\beat\b|\bate\b|\beaten\b", "calories"),
    (r"volume|tonnage|how many sets|sets per|total sets|\bsets\b|\breps\b|lifted", "volume"),
)
_QUESTION = (
    r"\?\s*$|^(what|what'?s|whats|how|show|tell|give|list|when|was|were|is|are|has|have|"
    r"compare|plot|graph|chart|display|check|pull up|any)\b|^did i\b|^can (i|you) (see|get|have)|"
    r"\b(trend|average|avg|history|graph|chart|compare|progress|summary|stats)\b|"
    # asked politely: "could you tell me how...", "I'd like to know my..."
    r"\b(?:tell|show) me\b|\b(?:i'?d like|i want|i wanna|want) to (?:know|see)\b"
)


# An average given with its value ("hr avg 139", "avg HR 148", "average pace 5:10"): a figure
# told, as a wearable's summary gives it, no question about a trend.
_STATED_AVERAGE = re.compile(
    r"\b(?:avg|average)\s*(?:hr|heart ?rate|pulse|pace|power|watts|speed|cadence)?\s*"
    r"(?:of|was|:|=|~|about|around)?\s*\d|"
    r"\b(?:hr|heart ?rate|pulse|pace|power|speed|cadence)\s*(?:avg|average)d?\s*(?:of|was|:|=|~)?\s*\d"
)


def _metric(text: str) -> str | None:
    for pattern, metric in _METRIC_PATTERNS:
        if has(pattern, text):
            return metric
    return None


# Figures of the night, dated by the morning it ended ("hrv last night": today's reading)
_OVERNIGHT = frozenset({"sleep", "hrv", "resting_hr", "breathing_rate", "spo2"})


# The numbers a period is said with ("last 2 weeks", "since the 3rd", "since oct 12")
_PERIOD_NUMBERS = re.compile(
    r"\b(?:last|past) \d+ (?:days|weeks|months)\b|\b\d{1,2}(?:st|nd|rd|th)\b|"
    r"\b(?:since|from|on) (?:[a-z]{3,9} )?\d{1,2}\b"
)


def query_metric(ctx: Ctx) -> Result:
    t = ctx.text
    metric = _metric(t)
    if metric is None:
        return None
    found = find_period(t, ctx.today, overnight=metric in _OVERNIGHT)
    # "calories this week", "sleep since monday": a figure and a period, and no number to
    # log, ask for the figures as a question does
    period_only = (
        "start" in found
        and not has(r"\d", _PERIOD_NUMBERS.sub(" ", t))
        # ("weighed myself, a bit up from last week": news without its number, asked)
        and not has(r"\b(?:weighed|slept|ate|had|did|felt|woke|went|got|was|were|up|down|i)\b", t)
    )
    if not period_only and not has(_QUESTION, _STATED_AVERAGE.sub(" ", t)):
        return None
    slots: Slots = {"metric": metric}
    if "date" in found:
        slots["start"] = slots["end"] = found["date"]
    elif "start" in found:
        slots["start"], slots["end"] = found["start"], found["end"]
    elif has(r"\btoday\b|this morning|tonight", t):
        slots["start"] = slots["end"] = ctx.today
    return "query_metric", slots, []


_E1RM = (
    r"\be1rm\b|\b1 ?rm\b|\b(?:1|one)[ -]?rep[ -]?max(?:es)?\b|\b(?:my|estimated|est) (?:[a-z]+ )?"
    r"max(?:es)?\b|\bmax(?:es)? (?:on|for|in)\b|\bprs?\b|\bpersonal (?:bests?|records?)\b|"
    r"\bfor (?:1|one|a single) rep\b"
)


# Loads by reps ("225x3, 245x1 (pr!!)") or reps at loads ("5 @ 150, 3 @ 170, 1 @ 185 pr!!",
# reps96): two or more are sets done, news of a PR with its log
_LOADS_BY_REPS = re.compile(
    rf"(?<![\d.]){NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*[x*]\s*\d{{1,2}}\b|"
    rf"(?<![\d.@])\d{{1,2}}\s*@\s*{NUM}(?![\d.])"
)


def strength_query(ctx: Ctx) -> Result:
    """ "what is my 1RM", "whats my deadlift e1rm": estimated one-rep maxes from the log."""
    t = ctx.text
    if not has(_E1RM, t) or has(r"\b(heart|hr|bpm|pulse|hrv|vo2)\b", t):
        return None
    if any(p.search(t) for p in SETS_REPS) or has(r"^(?:i )?(?:just )?(hit|got|set|did)\b", t):
        return None  # "hit a new squat PR" is news, not a question
    if len(_LOADS_BY_REPS.findall(t)) >= 2 and "?" not in t and not has(r"^(?:what|whats|how|can|could|estimate|calculate)\b", t):  # fmt: skip
        return None
    if has(r"\bwhat (does|do|is an?) .{0,20}\b(mean|stand for)\b|^what is (an? )?1 ?rm\??$", t):
        return None
    return "query_metric", {"metric": "e1rm", "exercise": find_exercise(ctx, t)}, []


_SUMMARY = (
    r"\b(recap|summary|summari[sz]e|overview|round ?up|report)\b|"
    r"\bhow(?:'s| is| was| did| have| has| am| are)\b.{0,30}\b(week|month|training|workouts?|"
    r"i do|i doing|it go|it going|been)\b|\bwhat did i (?:get )?(?:do|done|achieve)\b|"
    r"^(?:and |what about |how about )?(?:this|last|past) (?:week|month)$"
)


# "How many sessions have I done this month", "how many runs since the 1st", "how many times did
# I ride last week": a count of the athlete's own logged sessions over a period (misc57i). The
# kind from the words before the noun or the verb; sets and reps are a volume question instead.
_HOW_MANY = re.compile(
    r"\bhow many (?:(?P<kind>gym|lifting|weights?|strength|lift|cardio|running|run|cycling|bike|"
    r"swimming|swim|walking|hiking|training) )?(?P<noun>sessions|workouts|trainings|runs|"
    r"jogs|rides|bike rides|swims|walks|hikes|lifts|classes|times)\b"
    r"(?:(?: have| did| had)? i (?:been )?(?P<verb>run|ran|running|jog|jogged|ride|ridden|rode|cycle|"
    r"cycled|bike|biked|swim|swum|swam|walk|walked|hike|hiked|lift|lifted|train|trained|work out|"
    r"worked out|go to the gym|gone to the gym|been to the gym|went to the gym|hit the gym))?"
)
_COUNT_OF: tuple[tuple[str, str], ...] = (
    (r"^(?:runs|jogs)$|^run|^jog|^ran$", "runs"),
    (r"^rides|^bike|^cycl|^rid|^rode$", "rides"),
    (r"^swim|^swam$|^swum$", "swims"),
    (r"^walk", "walks"),
    (r"^hik", "hikes"),
    (r"^(?:gym|lift|weight|strength)|gym$", "strength"),
    (r"^cardio$", "cardio"),
)


# "How many km did I run in October", "how far have I cycled this month", "total mileage last
# week": the distance of the athlete's own logged cardio over a period; the kind from the verb.
_HOW_FAR = re.compile(
    r"\b(?:how (?:many|much) (?:km|kms|kilometers|kilometres|k|miles|mi|meters|metres|"
    r"mileage|distance)|how far|(?:total|my) (?:distance|mileage|kms?|kilometers|kilometres|"
    r"miles))\b(?:.{0,40}?\b(?P<verb>run|ran|running|jog|jogged|ride|ridden|rode|riding|cycle|"
    r"cycled|cycling|bike|biked|biking|swim|swum|swam|swimming|walk|walked|walking|hike|hiked|"
    r"hiking)\b)?"
)


def _count_kind(found: re.Match[str]) -> str:
    """The kind a "how many" question counts: the most specific of its words, else every session."""
    for word in (found["verb"], found.groupdict().get("kind"), found.groupdict().get("noun")):
        for pattern, kind in _COUNT_OF:
            if word and re.search(pattern, word):
                return kind
    return "sessions"


def training_summary(ctx: Ctx) -> Result:
    """ "how did I do this week", "recap of last week", "this week?": the period's training;
    "how many runs since the 1st": the same with a count of that kind first."""
    t = ctx.text.strip(" ?!.")
    counted = _HOW_MANY.search(t)
    # "how many sessions should I do a week", "how many are left": the plan's, never the log's.
    planned = has(
        r"\b(?:should|could|would|can|do you|recommend\w*|ideal|optimal|per week|a week|left|"
        r"remaining|planned|scheduled|plan|program|programme)\b",
        t,
    )
    far = _HOW_FAR.search(t)
    # (a number told beside it is a log: "ran 8k, my total distance this week is 30 km")
    told = has(r"\d", _PERIOD_NUMBERS.sub(" ", t))
    # ("calves cramp since I upped my mileage": "my mileage" is a question only as one)
    asked = far is not None and (far.group(0).startswith("how") or has(_QUESTION, ctx.text))
    if far is not None and asked and not planned and not told and has(r"\b(?:i|my|me)\b", t):
        kind = _count_kind(far)
        distance: Slots = {"count": kind if kind != "sessions" else "cardio", "distance": True}
        return "training_summary", distance | _period_slots(t, ctx.today), []
    if (
        counted is not None
        and not planned
        and not (counted["noun"] == "times" and not counted["verb"])
    ):
        return "training_summary", {"count": _count_kind(counted)} | _period_slots(t, ctx.today), []
    if not has(_SUMMARY, t) or _metric(t) is not None:
        return None
    if has(r"\b(plan|program|programme|schedule|routine|next week|tomorrow)\b", t):
        return None
    return "training_summary", _period_slots(t, ctx.today), []


def _period_slots(text: str, today: date) -> Slots:
    """The period a summary covers: the one ``text`` names, else this week so far."""
    found = find_period(text, today)
    if "start" in found:
        return {"start": found["start"], "end": found["end"]}
    if "date" in found:
        return {"start": found["date"], "end": found["date"]}
    return {"start": today - timedelta(days=today.weekday()), "end": today}


def clarify(ctx: Ctx) -> Result:
    """Messages too short to act on get a question, not the help text: a bare exercise name
    ("squats"), a bare number ("100"), "change it"."""
    t = re.sub(r"^(?:what about|how about|and)\s+", "", ctx.text.strip(" ?!.").strip())
    if re.fullmatch(NUM, t) and float(t) <= 1000:  # a load, a weight, reps (not "12345")
        value = float(t)
        return "clarify", {"about": "number", "value": int(value) if value.is_integer() else value}, []  # fmt: skip
    if has(
        r"^(?:can you |could you |please |pls )?(?:change|fix|edit|update|adjust|modify|tweak|"
        r"redo|sort)\b(?: it| that| this| something| them| out)*(?: (?:please|pls|for me))*$",
        t,
    ):
        return "clarify", {"about": "change"}, []
    if len(t.split()) <= 4 and (found := ctx.exercises.match(t)) is not None and found.score >= 90:
        return "clarify", {"about": "exercise", "exercise": found.slug}, []
    return None
