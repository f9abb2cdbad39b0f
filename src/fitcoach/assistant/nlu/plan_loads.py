"""Requests to change an exercise's load ("add 5 kg to the squat", "bench to 80", "lighten
the rows"): which lift, a new weight or a change to it, or one question (``plan_requests``
reads the other plan changes)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.names import find_exercise, mask_verb_names
from fitcoach.assistant.nlu.quantities import NUM, mass_kg
from fitcoach.assistant.nlu.sets import SETS_REPS
from fitcoach.coach.exercise_names import parse_name

# A lift's movement word: a message naming one is about training, not a list of equipment.
MOVEMENT = (
    r"\b(?:press|presses|row|rows|curls?|squats?|deadlifts?|lunges?|raises?|fl(?:y|ies|yes)|pulls?|"
    r"push|pushdowns?|extensions?|swings?|thrusts?|dips?|jumps?|snatch|clean|carry|carries)\b"
)


# With the Spanish, Portuguese and German verbs people mix in ("sube la sentadilla 5 kg",
# "aumenta 10kg no agachamento", "Kreuzheben auf 120 kg setzen").
_FOREIGN_UP = r"sube|s[uú]bel[eoa]|subir|sobe|aumenta|aumentar|aumente|alza|aumentagli"
_FOREIGN_DOWN = r"baja|b[aá]jal[eoa]|bajar|reduz|reduzir|diminui\w*|abbassa|riduci"
_LOAD_UP = rf"add|adding|put|stick|slap|throw|increase|bump|raise|up|more|heavier|plus|{_FOREIGN_UP}|erhoh\w*|steiger\w*"  # fmt: skip
_LOAD_DOWN = rf"drop|lower|reduce|decrease|take|cut|less|lighter|lighten|deload|back off|go down|(?<!\bi )come down|minus|knock|dial(?=(?: \S+){{0,3}} (?:back|down)\b)|ease off|shave|{_FOREIGN_DOWN}|senk\w*"  # fmt: skip
_LOAD_SET = r"set|change|make|go|move|jump|bring|setzen|stell\w*|pon|poner|coloca\w*"
# A load in the plural of a dumbbell's number ("rows to the 60s", "go up to 20s"): not seconds.
_PAIR_LOAD = r"(?:the )?(\d{1,3})s\b"
_MASS_UNIT = r"kgs?|kilos?|kilograms?|lbs?|pounds?"
# A load said as what it ought to be ("leg press should be 180", "bench needs to be 70 kg").
_SHOULD_BE = r"(?:should|needs? to|has to|must|could|can) (?:be|go to)"
# A change of the athlete's own mass ("lose 15 lbs", "put on 5 kg", "drop 10 pounds of fat").
_BODY_MASS = (
    rf"\b(?:lose|losing|lost|shed|shedding|gain|gaining|put on|putting on|cut)\s+(?:(?:another|"
    rf"an extra|about|around|like|some)\s+)?{NUM}\s*(?:{_MASS_UNIT})\b(?!\s+(?:to|on|off|from)\b)|"
    r"\b(?:body ?fat|weight loss|wedding|belly)\b"
)


# Why the load should change, beside the request: "3x5 felt way too easy", "the 160 is too
# light", "3x5 at 225 was way too easy": its counts and loads are the story, not the change;
# and the lifter's words for a set that went easily ("3x5 @ 100 flew today", "moved fast").
_STORY = (
    r"\b(?:felt|feels?|feeling|was|were|is|are|too (?:easy|light|heavy|hard)|way too)\b|"
    r"\b(?:flew|flies|flying|moved (?:well|fast|quick(?:ly)?|easy|easily)|crushed|smashed|nailed)\b|"
    # what went wrong last time ("my form fell apart on the last two sets", "failed the third
    # rep", "grip gave out"): a story whose sets are those done, no count to change
    r"\b(?:fell apart|broke down|gave (?:out|way)|failed|missed|struggled|stalled|rounded|"
    r"couldn'?t|could not|barely)\b|"
    # what the athlete can no longer do ("can't get 10 reps anymore", "cannot finish the sets")
    r"\b(?:can'?t|cannot|can not|unable to|no longer) (?:get|do|finish|hit|make|complete|manage)\b|"
    r"\b(?:the|my) (?:last|final|first|top|later) (?:\d+ |few |couple (?:of )?)?(?:sets?|reps?)\b|"
    # (plans91) what the athlete gets now against the plan ("i'm getting 15 reps when the plan
    # says 10", "i've hit every rep two weeks running", "i've been sleeping badly"): the why
    r"\b(?:i'?m|i am|i'?ve|i have|i'?ve been|been) (?:been |)(?:getting|hitting|hit|got|gotten|"
    r"doing|done|making|made|managing|managed|completing|completed|sleeping|slept)\b|"
    r"\bthe plan (?:says|has|wants|calls for)\b|\b(?:hit|hitting) (?:every|all)\b|"
    # the rep or set where it goes wrong ("my grip goes on rep 3")
    r"\b(?:on|by|at|after|from) (?:the )?(?:rep|set) \d"
)
# A message's clauses: split at commas, semicolons, a spaced dash and (plans91) a sentence's
# end where a request is asked ("3x8 at 80 flew up. bump it to 85?": the story, then the
# request in its own sentence); with no question, a sentence after a story is more of it.
_CLAUSE = r"\s*[,;]\s*|\s+-\s+"


def _clause_marks(text: str) -> str:
    return _CLAUSE + r"|(?<=[.!?])\s+" if "?" in text else _CLAUSE


# The scheme the load is for ("put my squat at 315 for the 5x5"): a name, not sets to log.
# (plans57k: "for next week's 5x5", "for friday's 3x8": the session's scheme, a name too)
_SCHEME = (
    r"\bfor (?:the|my|all|those|these|(?:next|this) week'?s|(?:today|tomorrow|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)'?s) \d+\s*x\s*\d+(?:s)?\b"
)
# A load from now on with no verb ("hip thrust 120kg from now", "squat 100 kg next week").
_FROM_NOW_LOAD = (
    rf"\b({NUM})\s*({_MASS_UNIT})?\s+(?:from now|going forward|from next (?:week|session|time)|"
    r"next (?:week|session|time)|a partir de (?:agora|ahora|hoy|hoje)|ab jetzt)\b"
)


# What makes a bare number after "minus" or "add" no load: a run's distance or time, weather.
_NOT_A_LOAD = (
    r"\d\s*(?:km|k|mi|miles?|m)\b|\d:\d\d|\b(?:degrees?|celsius|fahrenheit|cold|morning)\b|°"
)


# Sets already done, as lifters log them: a ramp "worked up to" a load, a "+" set of as many
# reps as could be done ("5/5/5+", "got 9 on the plus set"), a top single.
# (notation95: a plus set written "1+ set at 170", "5x3+ at 105": a programme's sets done)
_DONE_SETS = (
    r"\bworked up to\b|\d\s*/\s*\d+\+|\bplus set\b|\bfor an? (?:single|double|triple)\b|"
    # (lifts96) "bench 100kg single today": a load's single done
    r"\d\s*(?:kgs?|kilos?|lbs?)\s+(?:single|double|triple)\b|"
    r"(?<![\d.])\d{1,2}\+\s*sets?\b|\d\s*x\s*\d{1,3}\+"
)
# (notation95) A message that asks for what it tells to be logged ("..., just log that one"):
# a log, never a change of the plan (its load or its kit)
LOG_ASKED = r"\b(?:log|record|save|track) (?:that|this|it|them|those|these)\b"
# "The press" alone, in a lifter's words, is the standing barbell overhead press ("add 2.5 to my
# press", "the press goes up 1 kg"), as "bench" is the bench press, unless the plan in force
# holds another press; a press with a word of its own before it (leg, chest, bench) is that lift.
_THE_PRESS = r"\b(?:my|the|our|your) press\b"


# A load with its unit and the reps done with it ("+10 kg x 6", "315 lb x 5"): two or more are an
# app's list of sets done (Hevy's "1  +10 kg × 6" lines), a log, never a change of the plan's load
_LOAD_BY_REPS = re.compile(rf"{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)\s*[x*×]\s*\d")


def _request_part(text: str) -> str:
    """``text`` without the clauses that tell why ("add 10 lbs to my deadlift, 3x5 felt way too
    easy"): the first clause is always kept, a later one when it tells no story; and without a
    scheme's name ("for the 5x5")."""
    clauses = re.split(_clause_marks(text), text)
    kept = [c for i, c in enumerate(clauses) if i == 0 or not has(_STORY, c)]
    return re.sub(_SCHEME, " ", " , ".join(kept))


def _told_load(text: str) -> float | None:
    """The one load a story clause tells the lift is at now ("bump squat up 10 lbs, 275 felt
    easy": 275), in kg; None when no later clause tells one load and nothing else. The first
    clause tells it too when the request comes after it ("ohp at 40 is too heavy, go down 2.5")."""
    clauses = re.split(_clause_marks(text), text)
    clauses = clauses if len(clauses) > 1 and has(_STORY, clauses[0]) else clauses[1:]
    told = [
        m
        for c in clauses
        if has(_STORY, c)
        for m in re.finditer(
            # (not the count of a rep or set: "form falls apart on rep 4", "the plan says 10")
            rf"(?<![\d.x])(?<!\brep )(?<!\breps )(?<!\bset )(?<!\bsets )(?<!\bsays )(?<!\bsaid )(?<!\bhas )(?<!\bwants )({NUM})\s*({_MASS_UNIT})?\b"
            r"(?!\s*(?:x|%|reps?|sets?|min|days?|weeks?|wks?|months?|mos?\b|years?|yrs?|hours?|hrs?|h\b|s\b|secs?|seconds?))",
            c,
        )
    ]
    return mass_kg(told[0].group(1), told[0].group(2)) if len(told) == 1 else None


def _named_then(ctx: Ctx, text: str, after: str) -> bool:
    """Whether ``text`` opens with an exercise's name followed by ``after`` ("leg press to 200kg",
    "bench to 72.5"): a load request without a verb."""
    m = re.match(rf"\s*(?:my |the )?([a-z][a-z' -]*?)\s+(?:a |at |auf )?{after}", text)
    return m is not None and find_exercise(ctx, m.group(1)) is not None


# A signed change right after the lift's name ("ohp +2.5", "deadlift -10 lbs pls"): the sign
# is the verb, a bare number is in the athlete's unit. A dash with a space after it is a log's
# separator ("squat - 100kg"), not a minus.
_SIGNED = (
    rf"(?:\+\s*|-(?=\d))({NUM})\s*({_MASS_UNIT})?\s*"
    r"(?:please|pls|plz|next (?:week|session|time)|from now on|going forward)?\s*[.!]*"
    # (plans31) or then why, in a clause with no count ("bench -5kg, it's stalling"); a count
    # after is sets done with that load ("dips +10kg, 3x8"), a log
    r"(?:$|(?:\s*[,;]|\s+-)\s+[^\d]*$)"
)


def _signed_change(ctx: Ctx, text: str) -> Result:
    m = re.match(rf"\s*(?:my |the )?([a-z][a-z' -]*?)\s+{_SIGNED}", text)
    exercise = None if m is None else find_exercise(ctx, m.group(1))
    if m is None or exercise is None or unloaded(ctx, exercise):
        return None
    delta = mass_kg(m.group(2), m.group(3))
    down = text[m.end(1) : m.start(2)].strip().startswith("-")
    return "change_load", {"exercise": exercise, "delta_kg": -delta if down else delta}, []


def _held_weights(ctx: Ctx, text: str) -> bool:
    """Whether the lift named in ``text`` is done with dumbbells or a kettlebell ("curls from
    30s to 25s": the pair's number, not seconds)."""
    slug = find_exercise(ctx, text)
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    return record is not None and bool({"dumbbell", "kettlebell"} & set(record.equipment))


# A request to log what was done ("forgot to put it in", "please put it down", "can you add
# it"): "put" and "add" here are the log's verbs, never a load's
_LOG_IT = (
    r"\b(?:forgot|forget|forgotten)\s+to\s+(?:put|add|log|enter|record|write)\b|"
    r"\b(?:put|add|write|pop|stick)\s+(?:it|them|this|that|these)\s+(?:in|down|on)\b"
    r"(?!\s+(?:the|my|your)\s+(?:plan|programme|program|schedule|routine))"
)


# A lift judged too heavy or light, then from one load to another (plans57k), and the past
# that makes such words a log's story ("dropped 70 to 60 kg, was too heavy").
_JUDGED_THEN_LOADS = re.compile(
    rf"\b(?:is|are|'s|feels?|getting)?\s*(?:way |much |a bit |bit )?too (?:heavy|light|easy|hard)\b"
    rf"[^\d]*?\s*[,;:.-]\s*(?:from\s+)?{NUM}\s*(?:{_MASS_UNIT})?\s*(?:->|→|to)\s*{NUM}\s*(?:{_MASS_UNIT})?"
    r"\s*(?:please|pls|plz)?\s*[.!]*$"
)
_TOLD_PAST = r"\b(?:did|dropped|went|was|were|yesterday|today|ago|last|felt)\b"
_BACK_TO = (
    rf"\b(?:go|put|take|bring|drop|move|knock|set)\s+(?:it\s+|them\s+|that\s+)?(?:back|down)\s+to\s*{NUM}|"
    rf"\b(?:back|down)\s+to\s*{NUM}\s*(?:{_MASS_UNIT})?\s*(?:please|pls|plz|for now|for a while|"
    r"next (?:week|session|time)|from now on)\b"
)


def change_load(ctx: Ctx) -> Result:
    """ "add 50 kg to my squat", "increase my bench by 2.5kg", "set my squat to 120 kg": the
    planned load of one exercise, as a change (``delta_kg``) or a new load (``weight_kg``)."""
    if has(_DONE_SETS, ctx.text) or len(_LOAD_BY_REPS.findall(ctx.text)) >= 2:
        return None  # "snatch: worked up to 85 for a single", "5/5/5+ at 60": sets done, a log
    if has(_LOG_IT, ctx.text) or has(LOG_ASKED, ctx.text):
        return None  # "monday's session, forgot to put it in: ...": sets done, to be logged
    # (lifts96) "2 plates and change", "100 and change": a bit more, no verb of a change
    t = re.sub(r"\b(?:and|n|&)\s+change\b", " ", _request_part(ctx.text))
    if (signed := _signed_change(ctx, t)) is not None:
        return signed
    # "+20 kg" is a verb as well ("hip thrust +20 kg, too easy now")
    verb = has(
        rf"\b({_LOAD_UP}|{_LOAD_DOWN}|{_LOAD_SET}|{_SHOULD_BE}|(?<!\bi )use)\b|\+\s*{NUM}\s*(?:{_MASS_UNIT})\b",
        mask_verb_names(ctx, t),
    )
    # (plans57k) No verb, the load judged now and the change as numbers ("row is too heavy,
    # 70 → 60 kg", "ohp too light, 40 to 45"): the arrow or "to" is the verb.
    verb = verb or (_JUDGED_THEN_LOADS.search(t) is not None and not has(_TOLD_PAST, ctx.text))
    # (plans91) "back to 90 please", "down to 60 for now", "take it back to 80": the load to
    # return to, asked; not a state ("i'm back to 6.8") nor a past told ("went back to 90")
    verb = verb or (has(_BACK_TO, t) and not has(_TOLD_PAST, t))
    # No verb: an exercise's load from now on ("hip thrust 120kg from now"), or "to" a load.
    future = None if verb else re.search(_FROM_NOW_LOAD, t)
    if future is not None and not _named_then(ctx, t, NUM):
        future = None
    if not (verb or future or _named_then(ctx, t, rf"to\s*{NUM}")):
        return None  # "lateral raise 8 kg" names an exercise; it does not raise a load
    if has(_BODY_MASS, ctx.text):
        return None  # "lose 15 lbs before the wedding": the athlete's weight, not a load
    # Sets, reps, days or minutes are another change ("set" alone is the verb: "set my squat to").
    # ("keep failing reps at 125", "for the working sets": words of the load's story, no count)
    # (bw96) "dips x8 with +15kg": a count of reps after its "x", sets done
    counted = r"\d\s*(?:sets?|reps?|days?|minutes?|mins?)\b|\b(?:sets?|reps?|days?|minutes?|mins?)\s*(?:to|of|x|:)?\s*\d|(?<![\w.])x\s?\d{1,3}\b"  # fmt: skip
    if any(p.search(t) for p in SETS_REPS) or has(counted, re.sub(rf"\bat\s*{NUM}", " ", t)):
        return None
    slots: Slots = {}
    # A new load: "to 185" (any words may follow: "to 185 for next week"), or "at 140" after a
    # verb that sets it ("put deadlift at 140"); not "to 5 reps" or "to 40 min".
    other_unit = r"(?!\s*(?:%|x\b|reps?\b|sets?\b|rounds?\b|min|mins\b|minutes?\b|sec|s\b|h\b|hours?\b|km|mi\b|miles?\b|cm|m\b|days?\b|weeks?\b|times\b|rpe|rir))"  # fmt: skip
    setter = r"to" if not has(r"\b(?:put|set|make|keep|have)\b", t) else r"to|at"
    setter += rf"|{_SHOULD_BE}"  # "leg press should be 180 next session"
    setter += r"|auf|a(?= \d.*\ba partir de\b)"  # "auf 120 kg setzen", "a 120 a partir de agora"
    if has(rf"^(?:{_FOREIGN_UP}|{_FOREIGN_DOWN})\b", t):
        setter += r"|a|ao|para"  # "baja el press militar a 40 kilos": "a" is "to" after its verb
    setter += r"|(?<!\bi )use"  # "only use 3 pounds for the shoulder raises", "use 14 kg dumbbells"
    # "rows at 135 are too easy, make them 155": the load to make it, not the one it was
    made = re.search(rf"\bmake (?:it|them|that|those)\s*({NUM})\s*({_MASS_UNIT})?\b{other_unit}", t)
    # "make my ohp 50 kg from now on": the exercise between "make" and the load, a new load
    named = re.search(r"\bmake (?:my |the )?([a-z][a-z' -]*?)\s*(?=\d)", t)
    if made is None and named is not None and find_exercise(ctx, named.group(1)) is not None:
        # a bare number is in the athlete's unit ("make the hip thrust 275 for next week"),
        # never after a hold ("make the plank 60": its seconds)
        made = re.compile(
            rf"({NUM})\s*({_MASS_UNIT})?\b(?!\s*(?:{_MASS_UNIT})\b){other_unit}"
            r"(?!\s*(?:more|less|heavier|lighter|extra|up|down|on|off)\b)"
        ).match(t, named.end())
        if made is not None and made.group(2) is None and not _takes_plates(ctx, named.group(1)):
            made = None
    made = made or future
    # "405 -> 365": the load it was, then the new one
    arrow = re.search(rf"\b{NUM}\s*(?:{_MASS_UNIT})?\s*(?:->|→)\s*({NUM})\s*({_MASS_UNIT})?(?![\d.])", t)  # fmt: skip
    pair = re.search(rf"\b(?:{setter})\s*{_PAIR_LOAD}", t)
    # ("up to the 24kg kettlebell": the bell's load)
    # (plans91) "at" only where no "to" says the load ("at 60 now, put it up to 65": 65)
    at_or_to = [setter.replace("to|at", "to"), "at"] if "to|at" in setter else [setter]
    told_new = (re.search(rf"\b(?:{s})\s*(?:the\s+)?({NUM})\s*({_MASS_UNIT})?\b{other_unit}", t) for s in at_or_to)  # fmt: skip
    if m := made or arrow or next((n for n in told_new if n is not None), None):
        slots["weight_kg"] = mass_kg(m.group(1), m.group(2))
    elif pair is not None and (
        has(r"\b(?:db|dbs|dumbbells?|kettlebells?|kb|kbs)\b", t) or _held_weights(ctx, t)
    ):
        m = pair
        slots["weight_kg"] = mass_kg(m.group(1), None)
    # "by 5 kg", "5 kg more", and a bare number right after the verb of a change ("add 2.5",
    # "minus 20 on the leg press", "go up 2.5 on the squat", "go down 5") or before the "off" of one ("knock 5 off the squat"): in the
    # athlete's unit
    elif m := re.search(rf"\bby\s*({NUM})\s*({_MASS_UNIT})?\b|\b({NUM})\s*(?:more\s+|extra\s+)?({_MASS_UNIT})\b|\b(?:add|plus|minus|lower|drop|take off|(?:go|move|step|bump|bring|knock) (?:it |that |them )?(?:up|down)|{_FOREIGN_UP}|{_FOREIGN_DOWN})\s+(\d+(?:\.\d+)?)(?=\s*(?:$|[,;!?]|\.(?!\d)|(?:on|to|onto|for|from|off|next|please|pls|plz|al|a|ao|no|na|en)\b))|\b(?:take|knock|shave)\s+(\d+(?:\.\d+)?)(?=\s+off\b)", t):  # fmt: skip
        if m.group(5) or m.group(6):  # ("take 2.5 off my ohp": the number before "off")
            if has(_NOT_A_LOAD, t):  # "5 km in minus 12 this morning": a temperature
                return None
            number, unit = m.group(5) or m.group(6), None
        else:
            number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        delta = mass_kg(number, unit)
        slots["delta_kg"] = -delta if has(rf"\b({_LOAD_DOWN})\b", t) else delta
    else:
        return None
    rest = t[: m.start()] + " " + t[m.end() :]
    # (plans91) a pronoun and its particle ("put it up", "take them down") name no lift ("sit-up")
    rest = re.sub(r"\b(?:it|them|that|those|this)\s+(?:up|down|back)\b", " ", rest)
    exercise = find_exercise(ctx, rest)
    choices = lifts_named(ctx, rest) if exercise is None else []
    if exercise is None and has(_THE_PRESS, rest):
        # the lifter's press first; the plan in force settles among them (a kettlebell press
        # where that is the plan's), else the question names them
        choices = ["barbell-overhead-press", *(c for c in choices if c != "barbell-overhead-press")]
    # A change with the load it is at now told beside it ("up 10 lbs, 275 felt easy"): the new
    # load, not a change with nothing to add it to.
    # (plans93) Never a load below nothing: a number of the story that is no load ("stalled
    # 3 wks") leaves the change as said.
    if (
        "delta_kg" in slots
        and (now := _told_load(ctx.text)) is not None
        and now + slots["delta_kg"] > 0
    ):
        slots = {"weight_kg": round(now + slots["delta_kg"], 2)}
    if exercise is None and choices:
        # "drop the rows by 10 lb": several lifts have that name; the plan in force may hold
        # one of them (``offline.actions.change_load``), else the question names them.
        return "change_load", {"exercise": None, "choices": choices, **slots}, ["which exercise?"]
    if exercise is None:
        if "weight_kg" in slots or not has(r"^(?:can you |please )?(add|put|increase)\b", t):
            return None  # "my weight dropped to 80 kg" is not a load change
        return "change_load", {"exercise": None, **slots}, ["which exercise?"]
    if unloaded(ctx, exercise) and has(r"\brows?\b", t):
        exercise = "barbell-row"  # "drop the rows by 10 lb": the lift (a rower has no load)
    if unloaded(ctx, exercise):  # an activity or a stretch: no planned load to change
        return None
    return "change_load", {"exercise": exercise, **slots}, []


# Kit whose lifts take a load in plates or a bell's number: a bare number after one is its load.
_LOADED_KIT = frozenset({"barbell", "dumbbell", "kettlebell", "machine", "cable", "ez_bar", "trap_bar", "landmine", "smith_machine", "sled"})  # fmt: skip


def _takes_plates(ctx: Ctx, name: str) -> bool:
    slug = find_exercise(ctx, name)
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    return record is not None and bool(_LOADED_KIT & set(record.equipment))


def lifts_named(ctx: Ctx, text: str) -> list[str]:
    """The lifts a movement's name in ``text`` may mean when several have it ("rows": the
    barbell, dumbbell, cable and machine rows); none when it names one or none."""
    words = re.findall(r"[a-z][a-z'-]*", text)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if not has(MOVEMENT, phrase):
                continue
            found = ctx.exercises.resolve(phrase)
            if found.slug is not None:
                continue
            # only the entries whose names add nothing but their kit ("rows": the barbell,
            # cable, machine and dumbbell rows), never a longer name ("press": leg press)
            movement = parse_name(phrase).movement
            lifts = [
                r.slug
                for r in ctx.exercises.records
                if r.slug in found.candidates
                and r.category not in ("cardio", "mobility")
                and any(parse_name(n).movement == movement for n in (r.name, *r.aliases))
            ]
            if len(lifts) > 1:
                return lifts
            if size == 2 and len(said := _words_of(phrase)) == 2:
                # a posture's word before the movement ("my seated press"): the lifts with both
                # words in a name (the seated shoulder and chest presses); the plan settles
                lifts = [
                    r.slug
                    for r in ctx.exercises.records
                    if r.slug in found.candidates
                    and r.category not in ("cardio", "mobility")
                    and any(said <= _words_of(n) for n in (r.name, *r.aliases))
                ]
                if len(lifts) > 1:
                    return lifts
    return []


def _words_of(name: str) -> set[str]:
    """The words of a name, a plural "s" left off ("seated presses": seated, press)."""
    return {re.sub(r"(?<=[a-z]{3})(?:es|s)$", "", w) for w in re.findall(r"[a-z]+", name.lower())}


def unloaded(ctx: Ctx, slug: str) -> bool:
    """Whether ``slug`` is an activity or a stretch, which carries no planned load."""
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    return record is not None and record.category in ("cardio", "mobility")
