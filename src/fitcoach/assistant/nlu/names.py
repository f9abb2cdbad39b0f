"""Exercises named in a message: a phrase to one slug (or a question when several fit, a "did
you mean" when none does), the machines people name instead of the activity ("the rower"),
and exercise names that end in a load verb ("calf raises": the movement, not "raise the load")."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.name_context import START_HEIGHT, aside_head, place_head
from fitcoach.coach.exercise_names import parse_name, words
from fitcoach.coach.library import fold_accents

# Machines people name instead of the activity ("30 min on the rower").
MACHINES = {
    "rower": "moderate-rowing",
    "rowing machine": "moderate-rowing",
    "erg": "moderate-rowing",
    "bike": "moderate-stationary-cycling",
    "treadmill": "treadmill-running",
    "cross trainer": "elliptical-trainer",
    "elliptical": "elliptical-trainer",
    # "2,000 yards in the pool", "40 lengths of the pool": a distance there is a swim ("played
    # pool" is none)
    "in the pool": "easy-freestyle-swimming",
    "of the pool": "easy-freestyle-swimming",
    # ("24 laps in the 25 metre pool": a pool named by its length, stop 94)
    "metre pool": "easy-freestyle-swimming",
    "meter pool": "easy-freestyle-swimming",
    "yard pool": "easy-freestyle-swimming",
}


def helped_only(ctx: Ctx, phrase: str) -> str | None:
    """The movement ``phrase`` names as assisted where the library has no assisted entry for
    it ("assisted pistol squats": the Pistol Squat), whose display name is returned: a load
    said with it is the help, which the plain movement cannot hold."""
    found = ctx.exercises.resolve(_plain(phrase))
    if found.slug is None or not found.assisted or ctx.exercises.is_assisted(found.slug):
        return None
    return ctx.exercises.names([found.slug])[0]


# The kit a message says the movement was done with, away from its name ("external rotations
# 3x15 with the green band", "did my band exercises: ..."), and the word its entry's name has
_KIT_SAID = (
    (r"\b(?:band|bands|banded|theraband|resistance band)\b", "band"),
    (r"\bcables?\b", "cable"),
    (r"\b(?:dumbbells?|dbs?)\b", "dumbbell"),
    (r"\b(?:kettlebells?|kbs?)\b", "kettlebell"),
)


def _kit_said(ctx: Ctx, phrase: str, candidates: Sequence[str]) -> str | None:
    """Of the entries an ambiguous name fits, the one whose kit the message names elsewhere,
    where exactly one kit is named and exactly one entry has it; else None (asked)."""
    # (said with "with" or "using" after the name, in its own clause: "rows 3x10, then dumbbell
    # curls" names no kit of the rows)
    at = ctx.text.find(phrase)
    after = re.split(r"[.;]|\bthen\b|\band\b", ctx.text[at + len(phrase) :])[0] if at >= 0 else ""
    said = " ".join(
        re.findall(r"\b(?:with|using|on)\s+(?:an?\s+|the\s+|my\s+)?(?:[a-z]+\s+)?[a-z]+\b", after)
    )
    kits = [
        word
        for pattern, word in _KIT_SAID
        if re.search(pattern + r"$|" + pattern + r"(?=\s)", said)
    ]
    if len(kits) != 1:
        return None
    names = ctx.exercises.names(candidates)
    fit = [slug for slug, name in zip(candidates, names, strict=True) if kits[0] in name.lower()]
    return fit[0] if len(fit) == 1 else None


# The kit words of a library name; a lift named with none of them is done with the body or
# on a bar, and says nothing of the session's kit
_KIT_WORDS = ("barbell", "dumbbell", "cable", "machine", "kettlebell", "band", "smith", "trap bar")


def session_kit(ctx: Ctx, phrase: str, others: Sequence[str]) -> str | None:
    """The entry a short lift's name that fits several ("rows", "row") means beside the other
    lifts of its clause (``others``, slugs), as a barbell session is written ("squat 225 5x3,
    bench 165 5x3, row 135 3x8"): the barbell one, where at least one other lift is a barbell
    lift, none is of another kit (a body-weight dip is of none), at least two barbell lifts are
    beside it (stop 88), and exactly one entry the name
    fits is a barbell's. Else None (asked)."""
    candidates = ctx.exercises.resolve(_plain(phrase)).candidates
    names = ctx.exercises.names(list(candidates)) if candidates else []
    barbell = [(s, n) for s, n in zip(candidates, names, strict=True) if "barbell" in n.lower()]
    if len(barbell) != 1 or not _names_movement(phrase, barbell[0][1]):
        return None
    kits: set[str] = set()
    lifts: set[str] = set()
    for slug in others:
        if ctx.exercises.category(slug) != "cardio":
            label = ctx.exercises.names([slug])[0].lower()
            kits |= {k for k in _KIT_WORDS if k in label}
            lifts |= {slug} if "barbell" in label else set()
    # Two barbell lifts beside it make a barbell session; one ("deadlift ..., rows ...") not yet.
    return barbell[0][0] if kits == {"barbell"} and len(lifts) >= 2 else None


def _names_movement(phrase: str, name: str) -> bool:
    """Whether ``phrase`` ends with the movement ``name`` ends with ("rows": "... Row"), never
    a word of its kind only ("incline", "front": which lift of that kind is not said)."""

    def last(text: str) -> str:
        word = re.sub(r"[^a-z ]", " ", text.lower()).split()[-1:] or [""]
        return word[0][:-1] if word[0].endswith("s") and len(word[0]) > 3 else word[0]

    return bool(last(phrase)) and last(phrase) == last(name)


_ASKED_WHICH = re.compile(r"^which exercise is '([^']+)'\? '")


def settle_by_session(ctx: Ctx, parts: Sequence[tuple[Sequence[MutableMapping[str, object]], list[str]]], problems: list[str]) -> None:  # fmt: skip
    """Of a clause's parts (each its groups and its own questions), a part whose one question
    is which entry its short name means ("rows 60 3x10") takes the one ``session_kit`` finds
    beside the other parts' lifts; its question is dropped from ``problems``."""
    for groups, asked in parts:
        which = [m for p in asked if (m := _ASKED_WHICH.match(p))]
        if len(which) != 1 or len(asked) != 1 or any(g.get("exercise") for g in groups):
            continue
        others = [str(g["exercise"]) for o, _ in parts if o is not groups for g in o if g.get("exercise")]  # fmt: skip
        if (slug := session_kit(ctx, which[0].group(1), others)) is not None:
            for g in groups:
                g["exercise"] = slug
            if asked[0] in problems:
                problems.remove(asked[0])


def exercise_slug(ctx: Ctx, phrase: str, problems: list[str]) -> str | None:
    """The slug ``phrase`` names, or ``None`` with the question to ask added to ``problems``."""
    phrase = _plain(phrase)
    if not phrase:
        return None
    if phrase in MACHINES:
        return MACHINES[phrase]
    found = ctx.exercises.resolve(phrase)
    if found.slug is not None and _seated_dropped(ctx, phrase, found.slug):
        name = ctx.exercises.names([found.slug])[0]
        problems.append(f"which exercise is {phrase!r}? the seated one, or {name!r}?")
        return None
    if found.slug is not None:
        return found.slug
    if found.candidates and (kit := _kit_said(ctx, phrase, found.candidates)) is not None:
        return kit
    if found.candidates:  # several entries fit, or only one with more words: ask, never pick
        names = ctx.exercises.names(found.candidates)
        options = " or ".join(repr(n) for n in names)
        ask = f"did you mean {options}" if len(names) == 1 else options
        problems.append(f"which exercise is {phrase!r}? {ask}?")
        return None
    if (around := named_around(ctx, phrase)) is not None:
        return around
    if (placed := _named_before_place(ctx, phrase)) is not None:
        return placed
    pushed_off = (m := _PLACE.match(phrase)) is not None and m["prep"] == "off"
    if not pushed_off and (inside := _named_inside(ctx, phrase)) is not None:
        return inside
    names = ctx.exercises.suggest(phrase)
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    problems.append(f"unknown exercise {phrase!r}{hint}")
    return None


def named_around(ctx: Ctx, phrase: str) -> str | None:
    """The one entry the words before an aside of when ("push ups before school run") or
    before the furniture a movement without kit was done to or off ("pistol squats to box",
    "calf raises off step") name; None where the aside names a lift of its own, the place a
    movement, or the words before it no single entry (see ``name_context``)."""
    phrase = _plain(phrase)
    aside = aside_head(phrase)
    if aside is not None and not named_exercises(ctx, aside[1]) and (slug := exercise_slug(ctx, aside[0], [])):  # fmt: skip
        return slug
    placed = place_head(phrase)
    if placed is None:
        return None
    move, prep, place = placed
    vocabulary = ctx.exercises.vocabulary
    if any(w in vocabulary or w in _VARIANT_WORDS for w in words(place) if w not in _PLACE_WORDS):
        return None
    for said in (f"{move} {place}", move):  # "squats to box": the Box Squat, where one is
        found = ctx.exercises.resolve(said)
        if found.slug is not None and found.confidence >= 0.99:
            break
    else:
        return None
    record = next((r for r in ctx.exercises.records if r.slug == found.slug), None)
    # pushed off a step, the step is where the heels hang: only a movement that needs no kit
    return found.slug if record is not None and not (prep == "off" and record.equipment) else None


# "Seated" said with a free-weight, ball or bodyweight movement whose entry holds no posture
# ("seated ohp", "sitting med ball slams", from a wheelchair or a bench): another exercise than
# the standing one the library holds, so asked, never logged as it. A machine or a cable
# station holds its posture in the kit ("seated leg press" is the library's leg press).
_SEATED = re.compile(r"\b(?:seated|sitting)\b")
_SEAT_KIT = frozenset({"machine", "cable", "smith_machine", "stationary_bike", "rower"})


def _seated_dropped(ctx: Ctx, phrase: str, slug: str) -> bool:
    """Whether ``phrase`` says seated and ``slug``'s entry (not held in a seat by its kit)
    names no posture in any of its names."""
    if not _SEATED.search(phrase):
        return False
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    if record is None or set(record.equipment) & _SEAT_KIT:
        return False
    names = " ".join((record.name, record.slug, *record.aliases)).lower()
    return not re.search(r"\b(?:seated|sitting|sit|chair|wheelchair)\b", names)


def same_movement(ctx: Ctx, slug: str, phrase: str) -> str | None:
    """Of the entries ``phrase`` may name, the one that is ``slug``'s movement with other kit
    ("bench" for "db press": the Dumbbell Bench Press, not the thruster or the floor press);
    None unless exactly one is."""
    found = ctx.exercises.resolve(_plain(phrase))
    by_slug = {r.slug: r for r in ctx.exercises.records}
    if found.slug is not None or slug not in by_slug:
        return None
    old = by_slug[slug]
    moves = {parse_name(n).movement for n in (old.name, *old.aliases)}
    same = [
        c
        for c in found.candidates
        if c != slug
        and c in by_slug
        and any(parse_name(n).movement in moves for n in (by_slug[c].name, *by_slug[c].aliases))
    ]
    return same[0] if len(same) == 1 else None


def _plain(phrase: str) -> str:
    """``phrase`` without the words around a name that say nothing of the exercise."""
    phrase = re.sub(r"[^a-z0-9' -]", " ", fold_accents(phrase))
    # the side it was done on, after the name ("leg press on my sound side", "rows on the good
    # arm"): which limb, no part of the exercise's name
    phrase = re.sub(
        r"\b(?:(?:on|with|using) )?(?:(?:my|the) )?(?:sound|good|bad|strong|weak|stronger|weaker|better|"
        r"affected|unaffected|non affected|injured|left|right|intact|working) (?:side|leg|arm|hand)\b",
        " ",
        phrase,
    )
    phrase = START_HEIGHT.sub(" ", phrase)  # where the bar starts ("hang snatch below knee")
    phrase = re.sub(
        r"\b(the|my|a|an|some|today'?s|tomorrow'?s|this|that|please|instead|workout|session|"
        r"exercise|exercises|movement|in|on|for|with|do|doing|could|can|i|you|it|me|pls|plz|"
        # words of when, in no exercise's name ("last saturday i pulled 455": never "lat pull")
        r"last|next|yesterday|today|tonight|earlier|"
        # (plans57n) the plain form said against a variant ("swap ring dips for regular bar
        # dips"): no library name holds these words
        r"regular|normal|standard|ordinary|usual)\b",
        " ",
        phrase,
    )
    return re.sub(r"\s+", " ", phrase).strip(" -'")


# Words that make a lift another lift than the name they go with ("pause bench", "deficit
# deadlift", "pendlay row"): never dropped to find the name inside a phrase.
_VARIANT_WORDS = frozenset(
    [
        "pause",
        "paused",
        "tempo",
        "deficit",
        "pin",
        "pins",
        "spoto",
        "larsen",
        "zercher",
        "pendlay",
        "kroc",
        "meadows",
        "seal",
        "hang",
        "snatch",
        "block",
        "blocks",
        "rack",
        "board",
        "floor",
        "chain",
        "chains",
        "banded",
        "band",
        "slingshot",
        "touch",
        "sumo",
        "close",
        "wide",
        "narrow",
        "reverse",
        "incline",
        "decline",
        "single",
        "half",
        "quarter",
        "partial",
        "box",
        "front",
        "overhead",
        "behind",
        "jefferson",
        "landmine",
        "smith",
        "cambered",
        "ssb",
        "axle",
        "log",
        "frog",
        "jump",
        "jumping",
        "power",
        "muscle",
        "strict",
        "kipping",
        "weighted",
        "assisted",
        "negative",
        "eccentric",
        "iso",
        "isometric",
        "hold",
        "stiff",
        "straight",
        "bent",
        "seated",
        "standing",
        "kneeling",
        "lying",
        "prone",
        "low",
        "high",
        "upright",
        "alternating",
        "alt",
        "lateral",
        "side",
        "rear",
        "underhand",
        "overhand",
        "neutral",
        "grip",
        "machine",
        "cable",
        "dumbbell",
        "barbell",
        "kettlebell",
        "db",
        "bb",
        "kb",
        "ez",
        "trap",
        "hex",
        "bar",
        "one",
        "arm",
        "leg",
        # weightlifting's variants of the snatch and the clean ("snatch balance", "tall clean")
        "balance",
        "tall",
        # the kit that makes it another lift: a plate front raise is no dumbbell front raise
        "plate",
        "plates",
    ]
)


# Calisthenics skills' words that make a push-up, a pull-up or a dip another movement ("pseudo
# planche push-ups", "typewriter pull-ups", "tuck front lever rows"): like the variants above,
# never dropped to find a plainer name inside the phrase (asked, never logged as the plain one).
_SKILL_WORDS = frozenset(
    ["pseudo", "planche", "typewriter", "tuck", "straddle", "lever", "levers", "hindu",
     "clap", "clapping", "explosive", "plyo", "spiderman", "hollow", "maltese", "korean",
     "ring", "rings", "flag"]
)  # fmt: skip


# Words of when and where, and the Spanish "and", that some entry's alias holds ("morning
# run", "park run", "prone y raise") but that say nothing of the lift beside them: "pushups
# at the park", "gym y despues leg curls". They do not keep a run's rest from being dropped;
# the run must still resolve to exactly one entry. Not "day": "from the other day ohp" says
# no date, and is asked.
# ("time": a word of the benchmarks' "grace for time", never of a movement: "nap time workout:
# goblet squats 4x12" is the goblet squat, lib93)
_NO_MEANING = frozenset(["morning", "am", "pm", "park", "gym", "y", "time"])


# What a clause's header calls the session ("WOD today: 5 rounds 15 KB swings", "bodyweight
# circuit 3 rounds: 10 squats", "hit legs on the ship gym: leg ext 3x12"): some are words of an
# entry's name ("circuit": the HIIT class), but said before another name they label the
# session, never the lift. Only before the name, as the raw word ("legs", not "leg").
_SESSION_LABELS = frozenset(
    ["circuit", "circuits", "wod", "metcon", "amrap", "emom", "finisher", "crossfit", "hiit",
     "conditioning", "legs", "arms", "chest", "shoulders", "upper", "lower"]
)  # fmt: skip
# A free weight held through a body-weight movement ("kb cossack squats", "db pistols")
_CARRIED_KIT = frozenset(["kb", "kbs", "db", "dbs", "kettlebell", "kettlebells", "dumbbell", "dumbbells"])  # fmt: skip


def _kit_holds(ctx: Ctx, slug: str, kit: Sequence[str]) -> bool:
    """Whether ``slug``'s entry has kit, or some entry holds its movement with the ``kit`` said
    ("db" + "lunges": the dumbbell lunges, several; never the plain forward lunge)."""
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    if record is None or record.equipment:
        return True
    for name in (record.name, *record.aliases):
        found = ctx.exercises.resolve(" ".join([*kit, name.lower()]))
        if found.slug is not None or found.candidates:
            return True
    return False


# What is left of "it's", "we're" once the word before went ("home workout since it's -15")
_CLITICS = frozenset(["'s", "'re", "'m", "'ll", "'d", "'ve", "-"])


def _named_inside(ctx: Ctx, phrase: str) -> str | None:
    """The one entry a run of ``phrase``'s words names where the whole phrase names none,
    the other words being no part of any exercise's name ("trap bar dl last" from "... last
    saturday", "goblet squats while kids napped", "lunch incline db press"): the longest run
    that resolves, and only if exactly one run of that length does."""
    said = phrase.split()
    if len(said) < 2:
        return None
    vocabulary = ctx.exercises.vocabulary

    def meant(rest: Sequence[str]) -> bool:
        """Whether a word of ``rest`` may be part of an exercise's name (a clitic left by
        "it's" is none)."""
        rest_words = [w for r in rest if r not in _CLITICS for w in words(r)]
        return any((w in vocabulary and w not in _NO_MEANING) or w in _VARIANT_WORDS or w in _SKILL_WORDS for w in rest_words)  # fmt: skip

    for size in range(len(said) - 1, 0, -1):
        found: set[str] = set()
        for start in range(len(said) - size + 1):
            # a session's label may go before the name ("wod kb swings", "circuit ... burpees")
            before = [w for w in said[:start] if w not in _SESSION_LABELS]
            carried = bool(before) and all(w in _CARRIED_KIT for w in before)
            if (meant(before) and not carried) or meant(said[start + size :]):
                continue
            resolved = ctx.exercises.resolve(" ".join(said[start : start + size]))
            if resolved.slug is None or resolved.confidence < 0.99:
                continue
            # "kb cossack squats": the bell is the load of a movement no entry holds with kit;
            # a name some kit's entry holds ("kb rdls": the barbell one) is another lift
            if not carried or not _kit_holds(ctx, resolved.slug, before):
                found.add(resolved.slug)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


# Where a movement was done, said after its name ("dips off the bench", "inverted rows under
# the smith bar", "step ups onto the bench", "push ups against the wall"): the preposition and
# what it names, which is a place or a piece of kit, never another movement ("to": "squats to
# parallel", "bench to failure" say how, not where).
_PLACE = re.compile(r"^(?P<move>.+?)\s+(?P<prep>onto|off|under|against|into)\s+(?P<place>.+)$")
_PLACE_WORDS = frozenset(
    ["bench", "box", "bar", "smith", "stair", "step", "couch", "chair", "counter", "wall",
     "floor", "rack", "high", "low", "bottom", "top", "flat", "plyo", "sofa", "bed", "table"]
)  # fmt: skip


def _named_before_place(ctx: Ctx, phrase: str) -> str | None:
    """The one entry a name followed by where it was done names: the name with the place's
    kit ("tricep dips" + "bench": the Bench Dip), else the name alone ("inverted rows"), else
    the one entry inside the name ("lunch break step ups"). Pushed "off" something, the
    thing is the kit ("dips off the couch" are no parallel-bar dips): the name alone is not
    enough. None if the place holds a word of a movement ("squats into a press") or nothing
    fits exactly one entry."""
    m = _PLACE.match(phrase)
    if m is None:
        return None
    vocabulary = ctx.exercises.vocabulary
    place = [w for w in words(m["place"]) if w not in _PLACE_WORDS]
    if any(w in vocabulary or w in _VARIANT_WORDS for w in place):
        return None
    found = ctx.exercises.resolve(f"{m['move']} {m['place']}")
    if found.slug is not None and found.confidence >= 0.99:
        return found.slug
    if m["prep"] == "off":
        return None
    found = ctx.exercises.resolve(m["move"])
    if found.slug is not None and found.confidence >= 0.99:
        return found.slug
    return _named_inside(ctx, m["move"])


NOT_EXERCISE = frozenset(
    {
        "what",
        "whats",
        "what's",
        "is",
        "are",
        "my",
        "the",
        "a",
        "an",
        "for",
        "on",
        "in",
        "of",
        "to",
        "by",
        "up",
        "down",
        "how",
        "much",
        "could",
        "can",
        "i",
        "me",
        "you",
        "show",
        "tell",
        "give",
        "estimated",
        "est",
        "max",
        "maxes",
        "e1rm",
        "1rm",
        "rm",
        "one",
        "rep",
        "reps",
        "single",
        "pr",
        "prs",
        "personal",
        "best",
        "bests",
        "record",
        "records",
        "current",
        "now",
        "please",
        "pls",
        "weight",
        "load",
        "kg",
        "kgs",
        "kilos",
        "lbs",
        "more",
        "less",
        "put",
        "add",
        "increase",
        "bump",
        "raise",
        "set",
        "drop",
        "lower",
        "reduce",
        "decrease",
        "take",
        "off",
        "it",
        "heavier",
        "lighter",
    }
)  # fmt: skip


# Load verbs that are also the last word of exercise names ("lateral raise", "pull up", "pull
# down", "push down" as dictation spells the pulldown and the pushdown).
_VERB_IN_NAME = re.compile(r"\b(?:raises?|ups?|downs?)\b")
# The particle of a phrasal verb ("bump the goblet squat up to 10 kg", "bring the squat down"):
# a near match of a name with it never beats the exact name it follows.
_PARTICLE = frozenset({"up", "ups", "down", "downs"})


def _verb_names(ctx: Ctx, text: str) -> list[tuple[int, int]]:
    """Spans of exercise names ending in a load verb ("calf raises", "pull ups"): there the
    word is the movement, not "increase the load". A span is the shortest run of one or two
    words before the verb that the library resolves, even ambiguously ("ham raise")."""
    spans = []
    for verb in _VERB_IN_NAME.finditer(text):
        before = list(re.finditer(r"[a-z][a-z'-]*", text[: verb.start()]))[-2:]
        for start in reversed(before):
            found = ctx.exercises.resolve(text[start.start() : verb.end()])
            if found.slug or found.candidates:
                spans.append((start.start(), verb.end()))
                break
    return spans


def mask_verb_names(ctx: Ctx, text: str) -> str:
    """``text`` with exercise names that end in a load verb replaced by "exercise"."""
    for start, end in reversed(_verb_names(ctx, text)):
        text = text[:start] + "exercise" + text[end:]
    return text


def find_exercise(ctx: Ctx, text: str) -> str | None:
    """An exercise named anywhere in ``text`` (the longest phrase that matches well)."""
    names = _verb_names(ctx, text)  # "raise" in "lateral raise" is part of the name
    words = [
        w.group(0)
        for w in re.finditer(r"[a-z][a-z'-]*", text)
        if w.group(0) not in NOT_EXERCISE or any(a <= w.start() < b for a, b in names)
    ]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            found = ctx.exercises.match(phrase)
            if found is not None and found.score < 100 and words[i + size - 1] in _PARTICLE:
                shorter = ctx.exercises.match(" ".join(words[i : i + size - 1]))
                if shorter is not None and shorter.score >= 100:
                    return shorter.slug  # "goblet squat up": the goblet squat, not its pry
            # a short word only as a name of its own ("ohp", "rdl"), never a near one ("set")
            if found is not None and found.score >= (90 if len(phrase) >= 4 else 100):
                return found.slug
    return None


# A word after these says how someone was ("i was dead", "legs are dead"), not a lift done.
_STATE = re.compile(
    r"\b(?:was|were|is|are|am|i'?m|felt|feel|feeling|so|totally|completely|half|"
    # "legs dead", "arms fried": how the body parts a session worked feel after it
    r"legs|arms|quads|calves|glutes|hamstrings|hammies|lats|delts)\s+$"
)


def named_exercises(ctx: Ctx, text: str) -> set[str]:
    """Exercises named in ``text`` (strength ones, exact or near-exact phrases); a one-word
    name said of a state ("i was dead") is none."""
    words = [
        w.group(0)
        for w in re.finditer(r"[a-z][a-z'-]*", text)
        if w.group(0) not in NOT_EXERCISE and not _STATE.search(text[: w.start()])
    ]
    found: set[str] = set()
    used: set[int] = set()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if used & set(range(i, i + size)):
                continue
            phrase = " ".join(words[i : i + size])
            if len(phrase) < 4 or phrase in MACHINES:
                continue
            match = ctx.exercises.match(phrase)
            if match is not None and match.score >= 95 and ctx.exercises.category(match.slug) != "cardio":  # fmt: skip
                found.add(match.slug)
                used |= set(range(i, i + size))
    return found
