"""Requests to change the plan's exercises and kit (moving or skipping a session:
``plan_sessions``; a heavier or lighter load: ``plan_loads``; a new plan, a session's length or
days a week: ``plan_shape``): swap or remove an exercise, new equipment, or the one question for
a change named without what it needs."""

from __future__ import annotations

import re
from dataclasses import replace

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import PLAN_DAY
from fitcoach.assistant.nlu.names import exercise_slug, find_exercise, same_movement
from fitcoach.assistant.nlu.plan_clauses import (
    COUNT,
    REMOVE_A_MISS,
    REMOVE_FOR_A_WHILE,
    REMOVE_WHILE_HURTING,
    named_in_clause,
    old_exercise,
    request_clause,
    swap_alone,
    variant_of,
)
from fitcoach.assistant.nlu.plan_clauses import last_named as _last_named
from fitcoach.assistant.nlu.plan_kit import EQUIPMENT_WORDS as _EQUIPMENT_WORDS
from fitcoach.assistant.nlu.plan_kit import KIT_LOAD, kit_words
from fitcoach.assistant.nlu.plan_kit import PRESETS as _PRESETS
from fitcoach.assistant.nlu.plan_kit import equipment_list as _equipment_list
from fitcoach.assistant.nlu.plan_loads import LOG_ASKED, MOVEMENT, lifts_named, unloaded
from fitcoach.assistant.nlu.plan_pointers import (
    CARDIO_ON_DAY,
    WHERE_AFTER,
    cardio_named_plainly,
    cardio_said_as_verb,
    coach_choice_after,
)
from fitcoach.assistant.nlu.quantities import DUR

_SWAP_PATTERNS = (
    # (plans57n) The swap asked in the passive ("can bench be swapped for something that doesn't
    # bend it back", "could the leg press be replaced with lunges")
    r"\b(?:can|could|may|should|would)\s+(?:the |my |our )?(?!(?:(?:the|my|our)\s+)?(?:it|that|this|they|them|these|those|"
    r"plan|program|programme|goal|sessions?|workouts?|schedule|training|days?|everything|things|"
    r"equipment|kit|weights?|loads?)\b)(?P<a>[a-z][a-z' -]*?)\s+be\s+(?:swapped|"
    r"switched|replaced|subbed|substituted|changed|traded)(?:\s+out)?\s+(?:for|with|to|by|into)\s+(?P<b>.+)",
    # ("sub 20 5k", "a sub-3 marathon": a time to beat, no verb)
    # (plans95) and the particle after the old one: "switch lunges out for step ups"
    r"\b(?:swap|switch|replace|substitute|sub(?!\s*-?\s*\d)|change|exchange|trade)\s+(?:out\s+)?(?P<a>.+?)"
    r"(?:\s+out)?\s+(?:for|with|to|by|into|and do|and use)\s+(?P<b>.+)",
    # a sentence that opens with the verb and "for": the exercise named in the sentence before
    # ("hate lunges. swap for whatever"; "sub for pull ups?" asks for substitutes, a noun)
    r"(?:^|[.;!?]\s*)(?:pls |please |just )?(?:swap|switch|replace|change|exchange|trade)(?P<a>)\s+"
    r"(?:out\s+)?(?:for|with)\s+(?P<b>.+)",
    r"\binstead of\s+(?P<a>.+?)\s*(?:,|can i|could i|i'?ll|let me|i want to|i'd like to|"
    r"i'd rather)\s*(?:do|have)?\s+(?P<b>.+)",
    # "instead of deadlifts put trap bar deadlift", "put front squat in place of back squat"
    r"\binstead of\s+(?P<a>.+?)\s+(?:put|give me|use|add|programme|program)\s+(?P<b>.+)",
    r"\b(?:put|use|do|give me|programme|program)\s+(?P<b>.+?)\s+in (?:place|lieu) of\s+(?P<a>.+)",
    # "instead" with its "of" left out, as learners write it ("instead bench press i want
    # dumbbell press", "instead the rower, give me the bike")
    r"\binstead (?!of\b)(?P<a>.+?)\s*,?\s*(?:i (?:want|wanna|'d like|would like|will do|'ll do)|"
    r"give me|let me do|can i do)\s+(?P<b>.+)",
    # The exercise, then the change: "the skull crusher, change to tricep pushdown".
    r"^\s*(?:the |my )?(?P<a>[a-z][a-z' -]+?)\s*[,:]\s*(?:please |pls |can you |could you )?"
    r"(?:change|switch|swap|replace|sub)(?: (?:it|them|that|those))? (?:to|for|with|into) (?P<b>[a-z].+)",
    r"(?:can|could|may) i (?:do|have|use)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    r"(?:i'?d rather do|let me do|i want to do|give me)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    # "take the back squat out and give me leg press", "drop the RDLs, put hip thrusts in"
    r"\b(?:take|drop|remove|ditch|lose|scrap|get rid of|cut|bin)\s+(?:out\s+)?(?P<a>.+?)"
    r"(?:\s+out)?\s*(?:\band\b|,|\bthen\b)\s*(?:instead\s+)?(?:give me|put in|put|add|do|use|have|swap in|"
    r"sub in|bring in|replace (?:it|them) with)\s+(?P<b>.+?)(?:\s+(?:in|instead|in its place))?$",
    r"(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    r"\b(?:no|not|hate|don'?t like|can'?t do|cannot do|dislike|no more)\s+(?P<a>[a-z -]+?)\s*"
    r"(?:,|;|-|so)\s*(?:can i |can you |let me |i'?ll )?(?:do|give me|use|have)\s+(?P<b>.+?)\s+instead",
    # A preference between two: "i'd rather do goblet squats than back squats".
    r"\b(?:i'?d rather|i would rather|i prefer(?: to)?|prefer)\s+(?:do\s+|have\s+)?(?P<b>.+?)\s+"
    r"(?:than|over|to)\s+(?P<a>.+)",
    # The choice left to the coach: "something other than face pulls", "an alternative to dips",
    # "i hate lunges, give me anything else".
    r"\b(?:something|anything|whatever|an?\s+(?:alternative|replacement|substitute|sub))\s+"
    r"(?:other than|else (?:than|but|instead of)|(?:for|to|instead of))\s+(?P<a>.+)",
    r"\b(?:hate|don'?t like|can'?t stand|sick of|tired of|bored of|not a fan of|dislike)\s+"
    r"(?P<a>[a-z' -]+?)\s*(?:[.,;!-]|$).*\b(?:pick|choose|find) (?:me )?(?:something|anything)\b",
    r"\b(?:hate|don'?t like|can'?t stand|sick of|tired of|bored of|bored with|not a fan of|"
    r"can'?t do|dislike)\s+(?P<a>[a-z' -]+?)\s*(?:[.,;!-]|$).*\b(?:something|anything) else\b",
    # (plans91) The new one wished for, then the swap asked in a word; the old one is named
    # before the wish ("the app had me on goblet squats, i'd rather do front squats. swap?")
    r"\b(?:i'?d rather|i would rather|i'?d prefer(?: to)?|i prefer(?: to)?)\s+(?:do\s+|have\s+)?"
    r"(?P<b>[a-z][a-z' -]+?)(?P<a>)\s*[.,;!?]+\s*(?:so\s+)?(?:(?:can|could) (?:we|you|i)\s+)?"
    r"(?:swap|switch|sub|change)(?: (?:it|them|over))?\s*[?.!]*$",
    # (plans91) The old one said in a sentence before, the new one asked for it ("hate the
    # rower. can it be the bike instead"): the pronoun is the one named before
    r"(?:^|[.;!?)]\s*)(?:so\s+)?(?:can|could|may) (?:it|they|that|those|these) be\s+(?P<a>)"
    r"(?P<b>[a-z][a-z' -]+?)\s+instead\b",
)
# A word that only stresses the choice before it ("literally anything else", "just something").
_STRESSED = r"^\s*(?:(?:literally|just|really|honestly|basically|simply|pretty much)\s+)?"
# A new exercise that leaves the choice to the coach ("swap rows for something else", "...
# for anything", "you pick"); a bare "for something" asks with the options instead.
_ANY_OTHER = (
    # "something easier on my knees", "something less jumpy": what it should be, not which
    rf"{_STRESSED}(?:some|any)thing (?:(?!under\b|over\b|after\b)\w+er|less|more|gentler|kinder|"
    r"safer|quiet|gentle|calm|low[- ]impact|without|that (?:doesn'?t|does not|won'?t|is|isn'?t))\b|"
    # "something pelvic floor friendly", "anything knee-safe": what it must spare, not which
    rf"{_STRESSED}(?:some|any)thing (?:[a-z]+[ -]){{1,3}}?(?:friendly|safe|proof|appropriate)\b|"
    # "something I can do sitting down", "something seated": how it is done, not which
    r"^\s*(?:some|any)thing (?:(?:that|which) )?(?:(?:i|we|she|he|they|mum|mom|dad) (?:can|could) (?:do|manage)|seated|sitting|lying|kneeling)\b|"
    # "something, the rack is always taken": why beside it, not a question back
    r"^\s*something\s*[,;:-]\s*(?![^?]*\?)(?!\s*(?:what|which|any ideas|ideas|suggest|options)\b)\w|"
    rf"{_STRESSED}(?:(?:some|any)(?:thing|one) (?:else|other|different)|anything|whatever|"
    r"an?\s+(?:alternative|other|different|replacement)|other|else)\b|\byou (?:pick|choose|decide)\b"
)


# The new exercise left to the coach but for its kit ("swap rows for something with dumbbells",
# "anything using bands"): the kit it must use.
_WITH_KIT = re.compile(
    r"^\s*(?:(?:just|only)\s+)?(?:some|any)thing\s+(?:(?:that|which)\s+uses?|with|using|on)\s+"
    r"(?:an?\s+|the\s+|my\s+|some\s+|just\s+|only\s+)?(?P<kit>[^,.;!?]+)"
)


def _kit_wanted(said: str) -> list[str]:
    """The equipment a swap's coach-chosen exercise must use, or none said."""
    m = _WITH_KIT.match(said)
    if m is None:
        return []
    have, missing = _equipment_list(m.group("kit"))
    return [] if missing else have


# Why the one chosen must not land hard: low impact asked for, jumping or a pelvic floor (a leak,
# after a birth) named, a sleeping baby or the neighbours below.
_NO_LANDINGS = (
    r"\blow[- ]impact|\bno[- ]impact|\b(?:no|without|less|fewer|not)\s+(?:the\s+)?(?:jump\w*|hopping|landings?)\b|"
    r"\bjumpy\b|\bpelvic floor\b|\bleak\w*|\bprolapse\b|\bdiastasis\b|\bpost[- ]?partum\b|"
    r"\bpostnatal\b|\bquiet\b|\bbaby(?:'?s)? (?:is )?(?:asleep|sleeping|napping)\b|\bdownstairs\b|"
    r"\bneighbou?rs?\b"
)


# Two exercises with only an arrow or "to" between them ("rdl → good mornings", "swap pull ups
# -> lat pulldown", "dips to close grip bench plz"): a swap only when both name an exercise.
_BARE_SWAP = (
    r"^\s*(?:(?:swap|switch|change|sub|replace)\s+)?(?:the |my )?(?P<a>[a-z][a-z' -]+?)\s*"
    r"(?:→|->|=>|>)\s*(?P<b>[a-z][a-z' -]+)",
    r"^\s*(?:the |my )?(?P<a>[a-z][a-z' -]+?)\s+(?:to|into)\s+(?P<b>[a-z][a-z' -]+?)"
    r"\s*(?:please|pls|plz|thanks|\?|!|\.|$)",
)


def _bare_swap(ctx: Ctx) -> Result:
    for pattern in _BARE_SWAP:
        m = re.search(pattern, ctx.text)
        if m is None:
            continue
        b = re.sub(
            r"\b(?:until|till|til|because|cause|for|this|next|on|in|today|tomorrow)\b.*$",
            "",
            m.group("b"),
        )
        problems: list[str] = []
        first, second = exercise_slug(ctx, m.group("a"), problems), exercise_slug(ctx, b, problems)
        if first and second and first != second and not problems:
            return "swap_exercise", {"exercise": first, "to": second}, []
    return None


# A session's length in the words of a swap ("can i do 50 min sessions instead of 70", "change
# my sessions to 40 min", "45 min instead of an hour"): a length, unless both sides name an
# exercise ("swap the 20 min run for 30 min on the bike").
_LENGTH_TALK = (
    r"\b(?:sessions?|workouts?|trainings?)\b|\b\d+(?:\.\d+)?\s*(?:min\w*|h|hrs?|hours?)?\s+"
    r"(?:instead of|rather than)\s+(?:an? )?(?:\d+(?:\.\d+)?\s*)?(?:min\w*|h|hrs?|hours?)?\s*(?:[?.!,]|$)"
)


# Something else asked for after an exercise is named ("no like lunges, put something else",
# "the lunges are hard on my balance, could we put in something else", "split squats are too
# hard, give me another exercise"): a swap whose new exercise is left to the coach.
_ELSE_ASKED = (
    r"\b(?:put|put in|give me|do|have|use|find me|pick|suggest|swap in|sub in|try)\s+(?:in\s+)?"
    r"(?:(?:some|any)thing (?:else|different)|(?:another|a different|an alternative|a new|some other) "
    r"(?:exercise|movement|move|option|one|lift))\b"
)


def _something_else(ctx: Ctx) -> Result:
    m = re.search(_ELSE_ASKED, ctx.text)
    if m is None or has(r"\b(?:plan|program|programme|routine|day|session|workout)s?\b|\bsplit\b(?! squats?)", ctx.text):  # fmt: skip
        return None
    named = _last_named(ctx, ctx.text[: m.start()])
    if named is None or unloaded(ctx, named):
        return None
    return "swap_exercise", {"exercise": named, "to": None, "any": True}, []


# Something to be made ("build me something for rowing season, 6 days"): a new plan, not a
# swap left to the coach.
MADE_SOMETHING = (
    r"\b(?:build|make|write|design|create|draw up|put together|come up with|program|programme)\s+"
    r"(?:me |us )?(?:something|a thing)\b"
)

# (sleep93) A session done in place of another, told with its figures ("so did an easy 20 min on
# the rower instead of weights", "rode 40 min instead of running"): a log, never a swap asked for
DONE_INSTEAD = (
    r"\b(?:did|done|went for|ran|rode|rowed|swam|walked|cycled|hiked)\b[^.;!?]{0,40}?"
    r"\d+\s*(?:min|mins|minutes|h|hrs?|hours?|k|km|mi|miles?)\b[^.;!?]{0,40}?\binstead of\b"
)
_WOULD_DO = r"\b(?:can|could|should|may|will|shall|would|let me|i'?ll|going to|gonna|want|wanna|plan|next|tomorrow)\b|\?"


def swap(ctx: Ctx) -> Result:
    if (bare := _bare_swap(ctx)) is not None:
        return bare
    if has(MADE_SOMETHING, ctx.text) or (
        has(DONE_INSTEAD, ctx.text) and not has(_WOULD_DO, ctx.text)
    ):
        return None  # (sleep93: "did an easy 20 min on the rower instead of weights": done)
    if _kit_set(ctx) is not None:
        return None  # "switch everything to dumbbells": the equipment (``set_equipment``)
    length = DUR.search(ctx.text) is not None and has(_LENGTH_TALK, ctx.text)
    fallback: Result = None
    for pattern in _SWAP_PATTERNS:
        m = re.search(pattern, ctx.text)
        if m is None:
            continue
        problems: list[str] = []
        if has(r"^\s*(?:the |my |our )?(?:equipment|kit|gear|setup|set up)\b", m.group("a")):
            continue  # "change equipment to bands": the equipment, not an exercise
        if DUR.search(m.group("a")) and DUR.search(m.groupdict().get("b") or ""):
            continue  # two lengths ("50 min instead of 70"): a session length, not a swap
        sides = (m.group("a"), m.groupdict().get("b") or "")
        if any(has(COUNT, re.sub(r"[,;.!?].*$", "", side)) for side in sides) and not has(
            r"\b\w+'s (?:\w+ )?(?:plan|program|programme|routine|schedule)\b", m.group("a")
        ):  # ("change my son's plan to 3 days a week": whose plan, asked as before; "switch
            # my plan to 3 days" is the athlete's own)
            continue  # a count of days ("3 days instead of 4"): days a week, not a swap
        a = re.sub(r"\b(in|on|from)\b.*$|[,;.!?].*$", "", m.group("a"))
        a = re.sub(r"\b(?:please|pls|plz|for now|they|it|its|it's|because|cause|coz)\b.*$", "", a)
        a = old_exercise(a)  # "no more back squats, swap for ...": the back squat
        # "chin-ups wreck my elbow. swap them for lat pulldowns", "hate lunges. swap for
        # whatever": the pronoun, or no word at all, is the exercise named in the sentence
        # before ("them" names no exercise of its own).
        told_before = False
        if re.fullmatch(r"\s*(?:them|it|those|these|that|this one)?\s*", m.group("a")) and (
            named := _last_named(ctx, ctx.text[: m.start()])
        ):
            a, told_before = named.replace("-", " "), True
        elif not m.group("a"):
            continue  # no exercise before it: nothing to swap
        said_b = coach_choice_after(m.groupdict().get("b") or "", _ANY_OTHER)
        kit = _kit_wanted(said_b)
        # (plans91) A bare "something" for an exercise told about in the sentence before ("the
        # leg extension machine is always taken, can you swap it for something"): the why is
        # told before it, as "something, the rack is always taken" tells it after: chosen.
        bare_after_why = told_before and re.fullmatch(r"\s*something\s*[?.!]*\s*", said_b) is not None  # fmt: skip
        if not said_b or has(_ANY_OTHER, said_b) or kit or bare_after_why:
            which: list[str] = []
            first = exercise_slug(ctx, re.split(r"[,.;!?]", a)[0], which)
            if (
                first is None
                and not lifts_named(ctx, a)
                and (named := named_in_clause(ctx, m.group("a")))
            ):
                first, which = named, []  # "elbow sore on skull crushers, swap for something"
            how: Slots = {"any": True, **({"seated": True} if has(r"\b(?:seated|sitting|sit)\b", said_b) else {})}  # fmt: skip
            if has(_NO_LANDINGS, ctx.text):
                how["low_impact"] = True  # ("... pelvic floor friendly, still leaking when i jump")
            if kit:
                how["kit"] = kit  # ("for something with dumbbells": one that uses them)
            if first is None and (choices := lifts_named(ctx, a)):  # "the rows": the plan's one
                return "swap_exercise", {"exercise": None, "choices": choices, "which": which, "to": None, **how}, problems  # fmt: skip
            if first is None:
                continue
            problems += which
            return "swap_exercise", {"exercise": first, "to": None, **how}, problems
        # When after the new exercise ("db bench this block", "for the rest of camp").
        b = re.sub(
            r"\b(today|tomorrow|this (?:week|block|cycle|phase|month|meso(?:cycle)?|camp|"
            r"season|prep)|for the rest of|please|pls|instead)\b.*$",
            "",
            m.group("b"),
        )
        b = re.sub(r"\?.*$", "", b)
        # Why or until when after the new exercise ("lat pulldowns until i can do one"), and
        # the wish before it ("i want chin ups instead of ...").
        # A leading "my" is the athlete's own exercise ("for my hack squat"), not a reason.
        own = re.match(r"\s*my\s+", b)
        head, b = (b[: own.end()], b[own.end() :]) if own else ("", b)
        b = head + re.sub(r"\b(?:until|till|til|because|cause|coz|cos|cuz|bc|since|as|so|while|if|my|i'?m|i'?ve|it'?s|"
                          r"they|their|going forward|from now on|for now|next week)\b.*$", "", b)  # fmt: skip
        b = re.sub(r"^\s*(?:i (?:want|wanna|need|would like|'d like)(?: to do)?|i'?d like|let me (?:do)?)\s+", "", b)  # fmt: skip
        # Where or why after the new exercise ("hip thrusts on leg day", "goblet squats, hotel
        # gym has no rack"): the first piece that names one exactly, else the one that names one.
        # ("lat pulldowns with a neutral grip": how it is done, not another exercise)
        # ("inverted rows under my desk lol": where, then a laugh)
        pieces = [re.sub(r"\s+\b(?:on|in|for|during|while|under|beneath|against|with (?:a|an|the|my)|lol|haha|lmao)\b(?:\s.*)?$|" + WHERE_AFTER, "", p) for p in b.split(",")]  # fmt: skip
        pieces = [p for p in pieces if p.strip()] or [""]  # (a why cut off leaves a blank)
        unsure_a: list[str] = []
        first = exercise_slug(ctx, a, unsure_a) or cardio_named_plainly(ctx, a)
        choices = lifts_named(ctx, a) if first is None else []
        if first is None and not choices:
            first = named_in_clause(ctx, m.group("a"))  # "elbow sore on skull crushers, change to"
        problems += [] if first else unsure_a
        # "swap bench for db press, no spotter": a piece that names the first's own movement
        # with other kit comes before a why that merely sounds like some exercise.
        b = next(
            (p for p in pieces if exercise_slug(ctx, p, [])),
            next(
                (p for p in pieces if first and same_movement(ctx, first, p)),
                next((p for p in reversed(pieces) if find_exercise(ctx, p)), pieces[-1]),
            ),
        )
        b = re.sub(r"\bwhat (?:should|can|could) i (?:do|use|try)\b", " ", b)
        unsure: list[str] = []
        second = exercise_slug(ctx, b, unsure) or cardio_named_plainly(ctx, b)
        # "swap bench for db press": of the presses "db press" may be, the bench's own movement
        second = second or (first and same_movement(ctx, first, b))
        # "swap flat bench for incline", "back squats for front": the old one's variant
        if first and not second and (variant := variant_of(ctx, first, b)):
            second, unsure = variant, []
        # "can i row instead of running": the verb is the activity, not the lift "row"
        if not second and (verb := cardio_said_as_verb(ctx, m.span("b"))):
            second, unsure = verb, []
        problems += [] if second else unsure
        if (first is None and second is None and not problems) or (
            length and (first is None or second is None)
        ):
            continue
        if first is None and choices and second:  # "change rows to lat pulldown": the plan's row
            rest = [p for p in problems if p not in unsure_a]
            return "swap_exercise", {"exercise": None, "choices": choices, "which": unsure_a, "to": second}, rest  # fmt: skip
        if first is None or second is None:  # a later pattern may read both ("... instead of")
            fallback = fallback or ("swap_exercise", {"exercise": first, "to": second}, problems)
            continue
        return "swap_exercise", {"exercise": first, "to": second}, problems
    return fallback or _something_else(ctx) or swap_alone(ctx)


# Taking an exercise out of the plan: a verb of removal with the exercise as its object ("drop
# the leg extensions", "get rid of the calf raises", "no more shrugs", "take the planks out").
_REMOVE = (
    r"\b(?:remove|delete|drop|ditch|scrap|bin|cut out|cut|lose|nix|axe|skip|cancel|exclude|get rid of|no more|"
    r"stop doing|done with|don'?t want to do|take out|leave out|avoid|"
    # out with nothing put in ("sub out the box jumps"; "... for X" is a swap, read before)
    r"(?:sub|swap|switch|trade) out|"
    # "i don't want the sit ups anymore", "we don't need the shrugs"
    r"(?:don'?t|do not) (?:want|need)(?= (?:the|those|these|any|my) ))\s+(?P<a>[^,.;!?]+)",
    # "no box jumps for me for a while please", "pls no burpees for now": a clause that opens
    # with "no", then the exercise, then for how long or a please
    r"(?:^|[,.;!?]\s*)(?:pls |plz |please )?no (?P<a>[a-z][a-z' -]*?)\s+(?=(?:for (?:me|now|a while|"
    r"the moment|a bit|(?:a few|some|\d+|the next \d+) (?:days|weeks))|anymore|any more|please|pls|"
    r"plz|this (?:week|month|block)|until|till)\b)",
    # "dont want heavy curls for a while", "don't need any dips for now": not wanted for a time
    # (the time said; "heavy" is how much, not part of the exercise's name)
    # ("don't need a plan anymore" is about the plan itself, never an exercise in it)
    r"\b(?:don'?t|do not) (?:want|need) (?:any )?(?:(?:heavy|heavier|hard|max) )?"
    r"(?!an?\b|(?:the |my |this )?(?:plan|program|programme|routine|schedule|block|coach)\b)"
    r"(?P<a>[a-z][a-z' -]*?)"
    r"\s+(?=(?:for (?:now|a while|the moment|a bit|(?:a few|some|\d+|the next \d+) (?:days|weeks))|"
    r"anymore|any more|this (?:week|month|block)|until|till)\b)",
    r"\b(?:take|leave|cross|strike)\s+(?P<a>[^,.;!?]+?)\s+(?:out|off)\b",
    REMOVE_FOR_A_WHILE,  # "ease off the nordics for a week", "nothing heavy on shrugs"
    REMOVE_WHILE_HURTING,  # "neck is stiff, can we ease off the shrugs"
    REMOVE_A_MISS,
)
# A whole session ("drop friday's session", "skip today's run") is a skip, not a removal: said
# in the clause of the request, not in the why after it ("remove the calf raises, i'm on my
# toes all day in class"). A question, a report of the past, a logged set, a new length or load
# or the athlete's own weight ("lose fat before the season") is never a removal.
_A_SESSION = (
    r"\b(?:session|sessions|workout|workouts|training|class|(?:\w+ )?day|day off)\b|"
    rf"\b(?:{PLAN_DAY})'?s? (?:run|ride|swim|lift|row)\b|{CARDIO_ON_DAY}"
)
_NOT_REMOVE = (
    r"\?|\b(?:should i|is it ok|did|dropped|removed|skipped|yesterday|ago|last)\b|"
    # "cut out" is past after its subject ("i've cut out the rows"), a request when it opens
    r"\b(?:i|we|i'?ve|we'?ve|have|has|had|already|just)\s+cut out\b|"
    r"\b(?:to|by|at)\s*\d|\d\s*x\s*\d|"
    r"\b(?:lose|losing|cut|cutting|drop|dropping|shed|shedding|burn|burning)\s+(?:\w+\s+){0,2}?"
    r"(?:fat|weight|pounds|lbs|kilos|kg|inches|belly|gut|flab)\b|"
    # a cut as the goal of a plan ("a cut plan pls", "cutting program, 4 days"): a new plan
    r"\b(?:cut|cutting|shred|shredding)\s+(?:plan|program|programme|routine|split|phase|block)\b"
)
# A removal that opens the message as an order ("remove ...", "pls drop ...", "can you bin ...").
_ORDERED_REMOVAL = (
    r"^\s*(?:(?:pls|plz|please|can you|could you|can we|could we)\s+)?(?:remove|delete|drop|"
    r"ditch|scrap|bin|cut out|nix|axe|get rid of|take out|leave out)\s+(?!\d)"
)
# How heavy, before the exercise taken out ("no heavy deadlifts", "avoid heavy shrugs").
_HOW_HEAVY = r"^\s*(?:(?:the|my|any|all|those|these)\s+)?(?:heavy|heavier|really heavy|max)\s+"
# What follows the exercise: where, when or why ("the kettlebell swings from friday, they hurt").
_AFTER_OBJECT = (
    r"\b(?:from|on|in|at|after|during|for|until|because|cause|coz|they|them|it'?s|i|i'?m|i'?ll|"
    r"so|and|but|please|pls|plz|anymore|any more|now|going forward|my \w+ (?:is|are|hurts?)|"
    r"(?:this|next) (?:week|block|month|cycle)|today|tomorrow|tonight)\b.*$"
)


# Where in the plan the exercise is taken from ("from the shoulder day", "on leg days", "out
# of my lower sessions"): every planned session that has it, not a whole session taken out.
_FROM_SESSIONS = (
    r"\s*\b(?:from|on|in|out of|at the end of) (?:the |my |our |all (?:the |my )?)?(?:[a-z']+ )?"
    r"(?:sessions?|workouts?|days)\b|\s*\b(?:from|on|in) (?:the |my )?(?!(?:next|this|that|one|a|"
    r"each|every|some|another)\b)[a-z']+ day\b"
)
# A request asked as a question ("can we bin the planks?", "could you drop the shrugs?"),
# not a question whether to ("should i drop them?"), which stays the athlete's to decide.
_ASKED_REQUEST = r"^(?:\w+[,!]? )?(?:can|could|would|will) (?:we|you|u|ya) (?:please |pls )?\w"


def remove_exercise(ctx: Ctx) -> Result:
    """ "drop the leg extensions", "get rid of the calf raises, they're boring": the exercise is
    taken out of every planned session that has it (a proposal, checked by the validator). The
    object must name one exercise exactly; anything less is left to the other readers."""
    # ("take the burpees out of the dryland sessions": the "out" of "take ... out" is kept)
    t = re.sub(_FROM_SESSIONS, lambda s: " out " if s.group().strip().startswith("out of") else " ", ctx.text)  # fmt: skip
    # (plans91) or said as an order with a question's mark ("take deadlifts out for now? my
    # back's been twingy"): a request too, its why after the mark
    if has(_ASKED_REQUEST, t) or has(r"^\s*(?:pls |plz |please )?(?:take|leave)\s+[^,.;!?]+?\s+out\b[^,.;!?]*\?", t):  # fmt: skip
        # the mark still ends the request ("can you bin the planks? two kids and a bad back"):
        # what follows is the why, never part of the exercise's name
        t = re.sub(r"\?", " .", t)
    # A removal said first, as an order, has its why after it ("remove box jumps pls, the ankle
    # i sprained last month still niggles"): a past there tells the story, not a past removal.
    told = re.split(r"[,.;!]", t, maxsplit=1)[0] if has(_ORDERED_REMOVAL, t) else t
    if (has(_NOT_REMOVE, told) or "?" in t) or (
        has(_ONE_KIND, t) and sum(map(len, _equipment_list(t))) >= 2
    ):
        return None  # (kit for one kind of training: "the bike for cardio, no elliptical")
    for pattern in _REMOVE:
        m = re.search(pattern, t)
        if m is None:
            continue
        if has(_A_SESSION, request_clause(t, m.start())):
            return None  # (a session in the story before it is not the thing taken out)
        problems: list[str] = []
        # (plans93) a pronoun after the clause that names the exercise ("elbow flaring up on
        # skull crushers, take them out"): the exercise named last before the request
        if re.fullmatch(r"\s*(?:them|those|these|it|that)\s*", m.group("a")) and m.start() > 0:
            if (
                named := _last_named(ctx, re.sub(r"[,:;-]\s*$", "", t[: m.start()].rstrip()))
            ) is not None:
                return "remove_exercise", {"exercise": named}, []
            continue
        said = re.sub(_AFTER_OBJECT, "", m.group("a"))
        exercise = exercise_slug(ctx, said, problems)
        if exercise is None and (plain := re.sub(_HOW_HEAVY, "", said)) != said:
            problems = []  # "avoid heavy shrugs": the shrugs (a name with the word is kept)
            exercise = exercise_slug(ctx, plain, problems)
        if exercise is not None and not problems:
            return "remove_exercise", {"exercise": exercise}, []
        if exercise is None and (choices := lifts_named(ctx, said)):  # "the rows": the plan's
            return "remove_exercise", {"exercise": None, "choices": choices, "which": problems}, []
    return None


# (plans57n) The plan asked to fit what was listed ("the gym on camp has barbells, a bench and a
# cable machine, plan around that"): a request about the kit, not an exercise's name.
_FIT_IT = (
    r"\b(?:(?:can|could) you |please |pls )?(?:plan|program|programme|work|build it|adjust it|adapt it)"
    r" (?:around|with|for|to) (?:that|this|it|them|those|these|what i have|what there is)\b"
)


# The nouns of movements: with one, equipment words name an exercise ("bench press").
# A count of pieces before the kit ("2 kettlebells", "a pair of dumbbells" read "2 dumbbells")
_PIECES = re.compile(r"\b\d+\s+(?=(?:" + "|".join(p for p, _ in _EQUIPMENT_WORDS) + r"))")


def _lists_equipment(ctx: Ctx) -> bool:
    """A message that is a list of equipment with no verb ("garage: rack, barbell, bench",
    "only bands and a pull-up bar in the dorm", "new gym has everything"): two or more pieces,
    or one after "only"/"just"/"has", and no exercise, number or past tense (not a log)."""
    t = ctx.text
    # An exercise is named with words left once the equipment is taken out ("dumbbell rows").
    # (plans95) a count of pieces is no log's number ("a couple of kettlebells", read "2
    # kettlebells"), nor the session's name ("bench day") an exercise
    bare = re.sub(_PIECES, " ", kit_words(t))
    for pattern, _ in _EQUIPMENT_WORDS:
        bare = re.sub(pattern, " ", bare)
    # (a stay's length is no count: "home only for the next 3 weeks, just a kettlebell")
    bare = re.sub(r"\b\d+\s*(?:weeks?|days?|months?)\b", " ", bare)
    bare = re.sub(KIT_LOAD, " ", bare)  # "dumbbells up to 20kg": the kit's weights
    bare = re.sub(r"\b[a-z]+ (?:gym|club)\b", " ", bare)  # "a boxing gym" is a place, not a sport
    # (plans57n) the plan asked to fit the kit ("..., plan around that"): "plan" is no plank
    bare = re.sub(_FIT_IT, " ", bare)
    # ("the membership ran out" is no run)
    if has(r"\d|\b(did|done|finished|logged|ran(?! out\b)|rode|swam)\b|" + MOVEMENT, bare) or find_exercise(ctx, bare):  # fmt: skip
        return False
    have, missing = _equipment_list(t)
    named = len(have) + len(missing)
    gym_has = has(r"\b(only|just|has|have|there'?s|they'?ve got)\b", t)
    presets = any(has(p, t) for p, _ in _PRESETS)
    return named >= 2 or (gym_has and (named >= 1 or presets))


# The kit set with a bare verb ("just set it to machines", "switch everything over to bands").
_SET_KIT = re.compile(
    r"\b(?:set|switch|change|make|put)\s+(?:it|it all|everything|things|me|my plan|the plan)\s+"
    r"(?:all\s+)?(?:over\s+|up\s+)?(?:to|for|on)\s+(?P<kit>[^,.;!?]+)"
)


def _kit_set(ctx: Ctx) -> str | None:
    """The text without the verb of ``_SET_KIT`` ("switch everything to"), when its kit is
    equipment alone and no exercise is named: none is left once the kit is taken out ("set it
    to dumbbell press"), none before "it" ("squats hurt, switch it to dumbbells" swaps the
    squat). None when it is not."""
    m = _SET_KIT.search(ctx.text)
    if m is None or not _equipment_list(m.group("kit"))[0]:
        return None
    if find_exercise(ctx, ctx.text[: m.start()]) is not None:
        return None
    bare = m.group("kit")
    for pattern, _ in _EQUIPMENT_WORDS:
        bare = re.sub(pattern, " ", bare)
    if has(r"\d|" + MOVEMENT, bare) or find_exercise(ctx, bare) is not None:
        return None
    return ctx.text[: m.start()] + " " + ctx.text[m.start("kit") :]


def _kit_clause(ctx: Ctx) -> str | None:
    """The first clause when it alone is a list of kit and a why follows it ("only bodyweight
    stuff please, i'm away for a wedding": the trip's words may sound like an exercise); or
    (plans57k) the last clause, after a stay told with no number and no past ("at a ski camp in
    norway from december, only a pair of dumbbells there": the place may sound like a sport)."""
    first, comma, rest = ctx.text.partition(",")
    if not comma:
        return None
    if has(r"\b(?:only|just)\b", first):
        return first if _lists_equipment(replace(ctx, text=first)) else None
    last = rest.rsplit(",", 1)[-1]
    if not has(r"^\s*(?:only|just)\b", last) or has(r"\d|" + _STORY_PAST, ctx.text):
        return None
    return last if _lists_equipment(replace(ctx, text=last)) else None


# A past told before the kit (a log, not a stay): "ran at the hotel, only dumbbells there".
_STORY_PAST = r"\b(?:did|done|finished|logged|ran|rode|swam|trained|lifted|went|was|were|had)\b"


# A session told with its own figures (sets by reps, an effort, a distance, a heart rate) and no
# word of a plan ahead: a log whose story mentions kit ("bench 3x6 at 165 ... when I got back",
# "spin, 45 min, he played nothing but ABBA, rpe 8"), never a change of the plan's equipment.
_LOGGED = re.compile(
    r"\d\s*[x×*]\s*\d|\bsets? of \d|\b(?:s?rpe|rir)\s*@?\s*\d|\bavg (?:hr|heart)|"
    r"\d\s*(?:km|miles?|mi)\b"
)
_AHEAD = re.compile(
    r"\b(?:plan|program|programme|schedule|from now on|going forward|next week|for now|until|"
    r"while i'?m|tomorrow|upcoming|future|sessions|workouts|a week|per week|weekly|want|would like|"
    r"can do|looking for)\b"
)


# (days94) A session told as done ("did my usual kb workout at home", "today i have done the
# exercise bike for 35 minutes"): the kit is where it was done, not what the plan should use.
_DONE = re.compile(
    r"\b(?:did|done|finished|completed|trained|lifted|worked out|made)\b(?! (?:a |the |my )?(?:switch|change))"
)
# ... unless the kit is told as had or lost, or the plan asked to change ("gave away my old
# dumbbells today, bought adjustable ones, update my equipment").
_KIT_NEWS = re.compile(
    r"\b(?:only (?:have|got)|have only|got only|just (?:have|got)|all i have|don'?t have|do not have|"
    r"no access|lost access|no longer|anymore|any more|bought|gave away|sold|stuck with|"
    r"limited to|equipment|now)\b"
)


# (plans95) A session called by its day's name ("nsuns bench day", "leg day today, i got through
# it"): a training story like ``_DONE``; the name is no kit.
_SESSION_DAY = re.compile(
    r"\b(?:legs?|push|pull|arms?|chest|back|upper(?: body)?|lower(?: body)?|full body|bench|squat|"
    r"deadlift|press|shoulders?|glutes?|core|kb|kettlebell|dumbbell|db|barbell|heavy|light|"
    r"volume|technique|max|test|sprint|hill|long run|tempo)\s+day\b"
)


def set_equipment(ctx: Ctx) -> Result:
    t = ctx.text
    story = _DONE.search(t) or _SESSION_DAY.search(t)
    told = (
        _LOGGED.search(t)
        or (story and not _KIT_NEWS.search(t))
        or has(LOG_ASKED, t)  # notation95: "..., just log that one"
    )
    if told and not _AHEAD.search(t):
        return None
    kit = _kit_set(ctx)
    if kit is None and not _lists_equipment(ctx):
        kit = _kit_clause(ctx)
    if (
        kit is None
        and not has(
            r"\b(only (have|got)|have only|got only|just (have|got)|i have|i'?ve got|i got(?! \d)|i own|"
            r"no access|don'?t have|do not have|without|no gym|travel|travelling|traveling|hotel|"
            r"at home|home gym|available|equipment|at my disposal|bodyweight only|stuck with|"
            r"limited to|access to|gym is closed|all i have|nothing but|using only|only using|"
            r"bought|lost access|back at|back in|"
            # (plans91) the kit a stay leaves ("all i'll have is dumbbells", "home only now: a
            # kettlebell"), and the plan asked to fit it (a gift told alone is no request)
            r"all i'?ll have|i'?ll (?:only |just )?have|home only|only home|"
            r"(?:update|adjust|redo|rework|adapt|change|fix) (?:my|the) (?:plan|program|programme)|"
            r"plan work with)\b",
            t,
        )
        and not _lists_equipment(ctx)
    ):
        return None
    if has(r"\b(push|move|shift|postpone|bump)\b.{0,30}\b(back|forward|later|earlier)\b", t):
        # "push everything back a day": the sessions' days, not the equipment
        return None
    # ("switch everything to bands" is the bands, not everything)
    have, missing = _equipment_list(kit or t)
    preset_named = any(has(p, kit or t) for p, _ in _PRESETS)
    if not have and not missing and not preset_named:
        return None
    slots: Slots = {"equipment": have}
    if missing:
        slots["without"] = missing
    if has(_ONE_KIND, t):  # the kit for cardio only: the rest of the equipment stays
        slots["keep_rest"] = True
    return "set_equipment", slots, []


# Kit said for one kind of training ("zwift only for cardio now, no treadmill"): a change of
# that kind's kit, not all the equipment there is.
_ONE_KIND = r"\bfor (?:my |the |all )?(?:cardio|conditioning|aerobic work|endurance work|rides?|riding|runs|running|intervals)\b"


# A plan change named without what it needs ("move my workout", "make my sessions shorter",
# "change my bench weight"): the one question for that change (the specific families above
# have not recognised it).
_VAGUE: tuple[tuple[str, str], ...] = (
    # fewer or more days with no count: how many, then ("less days pls", "can we do fewer days")
    (
        r"^(?:(?:can|could) (?:we|i|you) |i (?:want|need|would like)(?: to)? |let'?s |please |pls )?"
        r"(?:do |train |have |go )?(?:less|fewer|more) (?:training |gym |workout )?days"
        r"(?: (?:a|per) week)?(?: (?:please|pls|plz))?\s*(?:[?.!]*$|"
        # or a why after it with no count ("i want to train fewer days, work is mad")
        r"(?:[,;:]|\s[-–—])\s*(?:\w+\s*){0,2}(?:is|are|'?s|'?re|has|have|got|gets?|been|because|as|since|coz|cause|with)\b[^\d?]*$)",
        "days_per_week",
    ),
    (
        r"\b(?:move|reschedule|shift|push|postpone|rearrange)\b.*\b(?:session|workout|training|"
        r"stuff|lift|day|class)\b|\b(?:some ?other|another|a different) day\b",
        "move_session",
    ),
    # a session to skip with no day named ("skip a session", "skip my session"): which day
    (
        r"\b(?:skip|cancel|miss|drop)\b.*\b(?:a|one|1|an?other) (?:session|workout|day|training)\b|"
        r"(?<!should i )\b(?:skip|cancel|call off|miss)\s+(?:my|the|our|this|that)\s+(?:next\s+)?(?:session|workout|training|gym session|lift)\b",
        "skip_session",
    ),
    (
        r"\b(?:shorten|lengthen)\b|\b(?:shorter|longer) (?:sessions?|workouts?)\b|"
        r"\b(?:sessions?|workouts?|them|it)\b(?: \w+){0,3} (?:shorter|longer)\b",
        "set_session_minutes",
    ),
    (
        r"\b(?:change|adjust|update|lower|raise|increase|decrease|modify|tweak|alter)\b.*\b(?:weights?|loads?)\b|"
        # the load first, then the change with no figure ("the squat weight is wrong, fix it")
        r"\b(?:weights?|loads?)\b.*\b(?:is|are|'?s|looks?|seems?) (?:\w+ )?(?:off|wrong|too (?:heavy|light|high|low))\b"
        r".*\b(?:change|adjust|update|fix|sort|correct|lower|raise) (?:it|them|that|this)\b",
        "change_load",
    ),
    (
        r"\b(?:swap|switch|replace|change|sub)\b.*\b(?:an?|one|1|some) (?:\w+ )?exercises?\b",
        "swap_exercise",
    ),
    # The plan changed with no change named ("can we change the plan a bit", "tweak my program").
    (
        r"^(?:(?:can|could|would|shall) (?:we|you|i)|i (?:want|need|would like)(?: to)?|"
        r"let'?s|please|pls)?\s*(?:change|adjust|tweak|modify|alter|update|mix up|shake up|rework|"
        r"edit)\s+(?:the|my|our|this)\s+(?:plan|program|programme|routine|training)"
        r"(?:\s+(?:a bit|a little|up|around|slightly|please|pls))*\s*[?.!]*$",
        "change",
    ),
)


def vague_plan_request(ctx: Ctx) -> Result:
    t = ctx.text
    if has(r"\b(?:did|done|ran|yesterday|ago|last)\b|\d\s*x\s*\d|\d+\s*(?:kg|lbs?|min|reps|sets|km|mi)\b", t):  # fmt: skip
        return None
    for pattern, wants in _VAGUE:
        if has(pattern, t):
            if wants == "change":  # which change: the list of changes the chat can make
                return "clarify", {"about": "change"}, []
            return "clarify", {"about": "plan", "wants": wants}, []
    return None
