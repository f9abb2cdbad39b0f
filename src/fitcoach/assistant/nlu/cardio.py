"""Cardio in a message: the activity (a verb, a machine or an exact name: "ran", "the rower",
"incline walk"), its distance or duration, and its average heart rate."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, first_group, has
from fitcoach.assistant.nlu.country_sports import which_game
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.heart_rates import heart_rates
from fitcoach.assistant.nlu.interval_machines import on_a_machine
from fitcoach.assistant.nlu.names import MACHINES
from fitcoach.assistant.nlu.quantities import (
    CLOCK,
    DIST,
    DUR,
    RUN_WORD,
    STRIDES,
    bare_units_system,
    distance_m,
    durations_s,
)
from fitcoach.assistant.nlu.run_shape import run_shaped
from fitcoach.assistant.nlu.session_parts import PART_TIME
from fitcoach.assistant.nlu.session_totals import session_total
from fitcoach.coach.exercise_names import TYPO as _TYPO
from fitcoach.coach.exercise_names import words
from fitcoach.coach.library import fold_accents

# What a performer runs when rehearsing: a piece, a routine, a number, run through ("ran the
# whole piece full out", "ran our routine twice", "ran through the choreo")
_RAN_A_PIECE = (
    r"\s+(?:through|thru)\s+(?:it|them)\b|"
    r"\s+(?:(?:through|thru)\s+)?(?:the|our|my|a|that|this|each|every|both)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:piece|pieces|routines?|choreo\w*|numbers?|show|dances?|combos?|combinations?|"
    r"sequences?|scenes?|acts?|programs?|programmes?)\b"
)
# Another activity said as when this one was ("ran 5k before ballet", "swam after my spin
# class") or as what it replaced ("rode 40 min instead of running"): no name of this one
_BEFORE_OTHER = re.compile(
    r"\b(?:before|after|pre|post|instead of)\s+(?:my\s+|the\s+|a\s+)?[a-z]+"
    r"(?:\s+(?:class|practice|rehearsal|session|lesson|training))?\b(?!\s*\d)"
)
# Figure skating's own words: on ice, whatever else the message says
_FIGURE_WORDS = (
    r"figure|freestyle|axels?|lutz\w*|salchows?|toe ?loops?|flips?|spins?|footwork|"
    r"choreo\w*|programs?|programmes?"
)
_CARDIO_VERBS: tuple[tuple[str, str], ...] = (
    (r"\b(jog|jogged|jogging)\b", "easy-jog"),
    # ("the school run" takes children to school)
    # ("the school run" takes children to school; a performer who "ran the whole piece" or "ran
    # through the routine" rehearsed it, no run)
    (r"\b(ran|run|running|runs)\b(?<!\bschool run)(?!" + _RAN_A_PIECE + ")", "steady-run"),
    (r"\b(cycled|biked|rode|cycling|biking|bike ride|ride)\b", "moderate-cycling"),
    (r"\b(swam|swim|swimming)\b", "easy-freestyle-swimming"),
    (r"\b(rowed|rowing|row)\b", "moderate-rowing"),
    # a dinghy sailor "hikes out" over the side ("2 hrs in the Laser, 18 knots, hiked my guts
    # out"): a sail, no walk in the hills
    (
        r"^(?=.*\b(?:dinghy|laser|sail(?:ed|s|boat)?|regatta|yacht\w*|gybe\w*|trapeze|mainsheet|toe ?straps?|"
        r"tack(?:ed|ing|s)?|\d+\s*(?:knots|kts))\b).*\b(hiked|hiking)\b",
        "sailing",
    ),
    (r"\b(hiked|hike|hiking)\b", "hiking"),
    (r"\b(danced)\b", "dance-class"),  # "danced round the kitchen for 20 mins" (vague93)
    (r"\b(walked|walk|walking)\b", "easy-walk"),
    # (on the ice only: "skated" alone may be on wheels or a board; figure skating's own words,
    # its jumps and spins or a "freestyle" ice session, put it on the ice)
    (r"\b(skated|skating|skate)\b(?=.*\b(?:ice|rink|" + _FIGURE_WORDS + r")\b)", "ice-skating"),
    # (at a wall or on routes only: "climbed" alone may be stairs or a hill)
    (
        r"\b(climbed|climb)\b(?=.*\b(?:wall|crag|top ?-?roped?|lead|routes?|boulders?|"
        r"climbing gym|bouldering gym|v\d{1,2}s?)\b)",  # (a boulder's grade: "v3-v4s")
        "rock-climbing",
    ),
    (r"\b(bouldered|bouldering)\b", "rock-climbing"),
    # ("climbed 2h tonight": a session's time right after it is a climbing session; stairs,
    # a hill or a height climbed say otherwise)
    (
        r"^(?!.*\b(?:stairs?|steps|flights?|hills?|mountains?|peak|summit|ft|feet|metres|meters|floors|vert)\b)"
        r".*\b(climbed)\s+(?:for\s+)?(?:about\s+|around\s+)?\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?)\b",
        "rock-climbing",
    ),
)


def _named_cardio(
    ctx: Ctx, text: str, *, words: tuple[int, ...], verb: str | None = None
) -> str | None:
    """A cardio exercise named exactly by ``words`` words of ``text`` ("incline walk",
    "zumba"), longest first; a verb alone is no name (its default is the verb table's), and
    beside the ``verb`` said, one word with a filler ("the bike" after "ran") names no other
    activity than a kind of the verb's ("rode the peloton")."""
    found_words = re.findall(r"[a-z][a-z'-]*", fold_accents(text))
    # the longest name first, then the first; a name over the same words with more of its own
    # beats it ("on the bike trainer": the trainer's two words, not "on the bike"'s one; a
    # verb's word, "ride", is none of its own)
    found_names: list[tuple[int, int, int, str]] = []  # (own words, start, end, slug)
    for size in words:
        for i in range(len(found_words) - size + 1):
            phrase = " ".join(found_words[i : i + size])
            if size == 1 and any(has(pattern, phrase) for pattern, _ in _CARDIO_VERBS):
                continue  # "ran", "row": the verb's default below ("coach ran us" in soccer)
            found = ctx.exercises.match(phrase)
            if found is None or found.score < 100 or ctx.exercises.category(found.slug) != "cardio":  # fmt: skip
                continue
            edge = size > 1 and bool({phrase.split()[0], phrase.split()[-1]} & _EDGE_FILLER)
            if edge and verb is not None and not _kind_of(ctx, found.slug, verb):
                continue  # "t-run off the bike": asked (two ways), never a ride
            own = len([w for w in phrase.split() if w not in _EDGE_FILLER and not _a_verb(w)])
            found_names.append((own, i, i + size, found.slug))
    if not found_names:
        return None
    first = found_names[0]
    over = [n for n in found_names if n[1] < first[2] and first[1] < n[2] and n[0] > first[0]]
    return max(over, key=lambda n: n[0])[3] if over else first[3]


def _a_verb(word: str) -> bool:
    """Whether ``word`` is one the verb table reads ("ride", "swam")."""
    return any(has(pattern, word) for pattern, _ in _CARDIO_VERBS)


# Words a name of two or three words never starts or ends with: "the bike" is the one word
# "bike", which may not override a verb ("ran") as a name would.
_EDGE_FILLER = frozenset({"the", "a", "an", "my", "on", "in", "for", "with", "and", "to"})
# Height climbed ("1200 ft of climbing", "600 m elevation"): no activity named by its words
_HEIGHT = re.compile(
    r"\b\d[\d,.]*\s*(?:m|ft|feet|meters?|metres?)\s+(?:of\s+)?"
    r"(?:climbing|climb|elevation|elev|ascent|gain|vert)\b"
)


# Words before an activity's one-word name that leave it that activity ("a quick swim", "my
# usual yoga", "morning spin"): anything else ("shadow boxing") may name another one.
_PLAIN_BEFORE = frozenset(
    {"a", "an", "the", "my", "our", "some", "of", "for", "at", "in", "on", "with", "did", "do",
     "doing", "went", "go", "had", "to", "and", "then", "after", "before", "i", "we", "me", "us",
     "today", "todays", "today's", "yesterday", "yesterdays", "morning", "evening", "afternoon",
     "night", "tonight", "lunchtime", "lunch", "weekly", "weekend", "usual", "regular", "easy",
     "hard", "quick", "long", "short", "light", "gentle", "intense", "great", "good", "nice",
     "fun", "slow", "fast", "relaxing", "tough", "brutal", "solid", "little", "full", "half",
     "first", "second", "last", "another", "more", "class", "session", "also", "just", "was",
     "it", "this", "that", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "min", "mins", "minutes", "hour", "hours", "hr", "hrs", "km", "mi", "miles",
     "beginner", "beginners", "indoor", "outdoor", "outside", "inside", "group", "online",
     "local", "club", "team", "sunday's", "saturday's", "am", "pm", "but", "plus",
     "finally", "played", "play", "playing", "lovely", "decent", "proper", "casual", "social",
     "friendly", "ok", "okay", "about", "around", "like", "new", "old", "mostly", "midweek",
     "en", "spin", "steady", "recovery", "tempo",
     # the same activity made open to a disability ("adaptive yoga", "inclusive climbing")
     "adaptive", "adapted", "inclusive",
     # a distance's unit said before it ("12 mile handcycle", "5 kilometre walk")
     "mile", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "metre", "metres",
     "meter", "meters", "yard", "yards"}
)  # fmt: skip


def _variant_word(ctx: Ctx, text: str, slug: str) -> str | None:
    """The word before the one word naming ``slug`` in ``text`` when that word may make it
    another activity ("shadow" of "shadow boxing"); None when it is a plain word or none."""
    found_words = re.findall(r"[a-z][a-z'-]*", fold_accents(text))
    for i, word in enumerate(found_words):
        found = ctx.exercises.match(word)
        if found is not None and found.slug == slug and found.score >= 100:
            before = found_words[i - 1] if i else None
            # (a letter is a unit's: the "h" of "1h bouldering")
            plain = before is None or len(before) < 2 or before in _PLAIN_BEFORE or ctx.exercises.match(before) is not None  # fmt: skip
            return None if plain else f"{before} {word}"
    return None


def _cardio_words(ctx: Ctx) -> frozenset[str]:
    """Every word of a cardio entry's names and aliases (``words``' form), once per library."""
    records = ctx.exercises.records
    cached = _CARDIO_WORDS.get(id(records))
    if cached is None or cached[0] is not records:
        found = {
            w
            for r in records
            if r.category == "cardio"
            for name in (r.name, r.slug, *r.aliases)
            for w in words(name)
        }
        cached = _CARDIO_WORDS[id(records)] = (records, frozenset(found))
    return cached[1]


_CARDIO_WORDS: dict[int, tuple[object, frozenset[str]]] = {}


def _verb_variant(ctx: Ctx, text: str, verb: str) -> tuple[str | None, str | None]:
    """A word beside the verb that makes it another activity than the verb's default: the
    entry the two words name in any of the verb's forms ("aqua jog": "aqua jogging", Water
    Jogging), else the two words as said, to ask about ("nordic walking", "walking football":
    no entry, and never an Easy Walk unasked). The word must be one of a cardio entry's
    words and none of the default's ("trail", "aqua", "football"; not "mile", "gravel")."""
    pattern = next(p for p, slug in _CARDIO_VERBS if slug == verb)
    said = re.search(pattern, text)
    forms = re.search(r"\(([^)]*)\)", pattern)
    default = next((r for r in ctx.exercises.records if r.slug == verb), None)
    if said is None or forms is None or default is None:
        return None, None
    own_names = [" ".join(words(n)) for n in (default.name, default.slug, *default.aliases)]
    own = {w for n in own_names for w in n.split()}
    before = re.search(r"([a-z][a-z'-]*) +$", text[: said.start()])
    after = re.match(r" +([a-z][a-z'-]*)", text[said.end() :])
    beside = [(before, "{word} {verb}")]
    if said.group(0).endswith("ing"):  # "walking football": an -ing verb may come first
        beside.append((after, "{verb} {word}"))
    for found, shape in beside:
        word = found.group(1) if found else None
        if found is not None and shape.startswith("{verb}"):  # after it: a sport's name only
            alone = ctx.exercises.resolve(found.group(1))
            sport = (alone.slug,) if alone.slug else alone.candidates if len(alone.candidates) > 1 else ()  # fmt: skip
            if not sport or any(ctx.exercises.category(s) != "cardio" for s in sport):
                continue  # ("walking track", "walking lunges")
        if found is not None and found is before and re.search(r"\d\s*$", text[: found.start(1)]):
            continue  # "8000 steps walk": the count of something, no kind of walk
        if (
            word is None
            or len(word) < 3
            or word in _PLAIN_BEFORE
            or word in _EDGE_FILLER
            or any(has(p, word) for p, _ in _CARDIO_VERBS)
            or not set(words(word)) <= _cardio_words(ctx)
            or set(words(word)) <= own
        ):
            continue
        as_said = shape.format(word=word, verb=said.group(0))
        if any(f" {' '.join(words(as_said))} " in f" {n} " for n in own_names):
            continue  # "open water swim": the default's own alias
        for form in forms.group(1).split("|"):
            named = ctx.exercises.match(shape.format(word=word, verb=form))
            if named is not None and named.score >= 100 and ctx.exercises.category(named.slug) == "cardio":  # fmt: skip
                return named.slug, None
        return None, as_said
    return None, None


def _kind_of(ctx: Ctx, slug: str, verb: str) -> bool:
    """Whether the entry ``slug`` is a kind of the verb's activity: one of its names has a
    form of the verb ("Backstroke Swimming" of "swam"; not "Rock Climbing" of "hiked")."""
    pattern = next(p for p, default in _CARDIO_VERBS if default == verb)
    forms = re.search(r"\(([^)]*)\)", pattern)
    said = {w for f in (forms.group(1).split("|") if forms else ()) for w in words(f)}
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    names = (record.name, record.slug, *record.aliases) if record else ()
    return slug == verb or any(said & set(words(n)) for n in names)


_PACE_WORDS = frozenset({"easy", "moderate", "vigorous", "steady", "light", "fast", "slow"})


def _same_but_pace(ctx: Ctx, one: str, other: str) -> bool:
    """Whether two entries are one activity at two paces ("Easy Freestyle Swimming" and
    "Vigorous Freestyle Swimming"): a word naming one says nothing of how hard it was."""
    names = {r.slug: r.name for r in ctx.exercises.records}
    a, b = ({w for w in words(names.get(s, s)) if w not in _PACE_WORDS} for s in (one, other))
    return a == b


def _another_named(ctx: Ctx, text: str, one: str, verb: str) -> bool:
    """Whether ``text`` names, word by word, a cardio activity that is neither ``one`` nor of
    the ``verb``'s kind ("Peloton 30 min HIIT ride": a HIIT session or a ride, asked)."""
    for word in re.findall(r"[a-z][a-z'-]*", fold_accents(text)):
        found = ctx.exercises.match(word)
        if found is None or found.score < 100 or ctx.exercises.category(found.slug) != "cardio":
            continue
        if found.slug not in (one, verb) and not _kind_of(ctx, found.slug, verb):
            return True
    return False


def names_activity(ctx: Ctx, text: str) -> bool:
    """Whether ``text`` names a cardio activity by its name ("aqua zumba 30"), not by a verb."""
    return _named_cardio(ctx, text, words=(3, 2, 1)) is not None


def _said(ctx: Ctx, slug: str | None) -> str:
    """A cardio entry as a question names it: its library name ("Steady Run")."""
    return next((r.name for r in ctx.exercises.records if r.slug == slug), str(slug))


# A rower's split ("2:05 split", "split 1:58"): the time per 500 m, never the session's time
_SPLIT = re.compile(
    r"\b\d{1,2}:[0-5]\d(?:\.\d)?\s*(?:avg |average )?split\b|"
    r"\bsplit\s*(?:of|was|at|:|=|~|about|around)?\s*\d{1,2}:[0-5]\d(?:\.\d)?"
)


# In a message about a night, a clock time said as a moment ("in bed by 10:40", "alarm at
# 5:50 for the early swim") is a time of day, never a session's length.
_NIGHT_WORDS = re.compile(r"\b(?:bed|asleep|slept|sleep|woke|wake|alarm|awake|up at)\b")
_MOMENT = re.compile(r"\b(?:at|by|around|till|until)\s*\d{1,2}[:.][0-5]\d(?:\s*(?:am|pm))?\b")


# A timed sport's rounds ("skipping 12 rounds of 3 min", "sparred 6 x 3 min rounds", "8 rounds
# pads (3 min)"): their time is their sum (the rests between them are no part of it)
_ROUND_MIN = r"(\d{1,2}(?:\.5)?)\s*-?\s*(?:mins?|minutes?)\b"
_ROUNDS = (
    re.compile(
        rf"\b(\d{{1,2}})\s*(?:x\s*)?rounds?\s*(?:of|x|@|at)?\s*\(?\s*{_ROUND_MIN}(?:\s*\))?(?:\s*(?:each|rounds?)\b)?"
    ),
    re.compile(rf"\b(\d{{1,2}})\s*x\s*{_ROUND_MIN}\s*rounds?\b"),
)
# The count first and the rounds' length said after it ("6 rounds sparring friday, 3 min
# rounds"): their sum, where no other time is said (a total said too is the one kept: asked)
_ROUNDS_LATER = re.compile(
    rf"\b(\d{{1,2}})\s*rounds?\b(?P<mid>[a-z' ]{{0,30}}?)\s*,?\s*{_ROUND_MIN}\s*-?\s*rounds?\b"
)
_ANY_TIME = re.compile(r"\d\s*(?:mins?|minutes?|h|hrs?|hours?)\b|\d:[0-5]\d")
_ROUNDS_NAMED = re.compile(
    rf"\b(\d{{1,2}})\s*rounds?\s+(?:of\s+)?((?:[a-z]+\s+){{0,2}}?[a-z]+)\s*\(\s*{_ROUND_MIN}(?:\s*each)?\s*\)"
)


_ON_OFF = re.compile(
    r"\b(\d{1,2})\s*[x*]\s*\(?\s*(\d{1,3})\s*(?:s|secs?|seconds?)\s*(?:on|work)\s*[,/]?\s*"
    r"(\d{1,3})\s*(?:s|secs?|seconds?)\s*(?:off|rest)\b\s*\)?"
)


def timed_rounds(text: str) -> str:
    """``text`` with rounds of minutes said as their total ("12 rounds of 3 min" is "36 min")."""

    def total(rounds: str, minutes: str) -> str:
        return f"{int(rounds) * float(minutes):g} min"

    for pattern in _ROUNDS:
        text = pattern.sub(lambda m: total(m.group(1), m.group(2)), text)
    later = _ROUNDS_LATER.search(text)
    if later and not _ANY_TIME.search(text[: later.start()] + text[later.end() :]):
        text = f"{text[: later.start()]}{later.group('mid').strip()} {total(later.group(1), later.group(3))}{text[later.end() :]}"  # fmt: skip
    # "assault bike 10x30s on 30s off": each interval's work and rest, all of it the session's
    text = _ON_OFF.sub(lambda m: f"{int(m.group(1)) * (int(m.group(2)) + int(m.group(3))) / 60:g} min", text)  # fmt: skip
    return _ROUNDS_NAMED.sub(lambda m: f"{m.group(2)} {total(m.group(1), m.group(3))}", text)


# A run's race distances as runners say them ("a 10k", "5k in 24:10", "half marathon"), or the
# runner's emoji; never beside a word of another sport that goes by distance
_RACE_RUN = re.compile(
    r"(?<![\d.])(?:5|10|15)\s?k\b(?!\s*(?:m|kg|g)\b)|\bhalf[- ]?marathon\b|\bmarathon\b|\U0001f3c3"
)
_OTHER_DISTANCE_SPORT = re.compile(
    r"\b(?:row\w*|erg|concept|c2|bike\w*|ride|rode|cycl\w*|spin|swim\w*|swam|pool|skat\w*|ski\w*|"
    r"push(?!\s*-?\s*ups?\b)\w*|wheel\w*|chair|paddl\w*|kayak\w*|canoe\w*|walk\w*|hik\w*|ruck\w*|elliptical)\b"
)


# A programme named by the distance it leads to ("couch to 5k week 3", "c25k", "10k plan"): no
# distance run that day
_TO_DISTANCE = re.compile(
    r"\b(?:to|2)\s*(?:5|10)\s?k\b|\bc25k\b|\b(?:5|10)\s?k\s+(?:plan|program(?:me)?|training|app|block)\b"
)


def _one_repeat_only(text: str) -> bool:
    """Whether the only distance ``text`` says is one repeat's ("8 x 200m"), none in all."""
    if _DISTANCE_REPEATS.search(text) is None:
        return False
    rest = _DISTANCE_REPEATS.sub(" ", text)
    return distance_m(_HEIGHT.sub(" ", _SPEED.sub(" ", rest))) is None


def _race_run(raw: str, text: str) -> bool:
    """Whether a distance with no activity named is a run: a race distance said as runners say
    it, no programme named by it, and no word of another sport that is done by distance."""
    low = raw.lower()
    if _TO_DISTANCE.search(low) or _TO_DISTANCE.search(text):
        return False
    return bool(_RACE_RUN.search(low)) and not _OTHER_DISTANCE_SPORT.search(low) and not _OTHER_DISTANCE_SPORT.search(text)  # fmt: skip


# Repeats of a distance ("6 x 500m", "8x400m"), and the rest between them ("2 min rest", "rest
# 90s", "with 1 min recovery"): that rest is never the session's time (misc18)
_DISTANCE_REPEATS = re.compile(r"\b\d{1,2}\s*[x*]\s*\d+(?:\.\d+)?\s*(?:m|k|km|mi|metres|meters)\b")
_REST_TIME = re.compile(
    r"\b(?:with |and |w )?(?:\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?)\s*(?:rest|recovery|off|"
    r"between)|(?:rest|recovery)\s*(?:of\s*)?\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?))\b"
)


# How long a symptom or a wait lasted ("it bled for like 5 min", "knee ached for 10 minutes",
# "waited 20 min for a court"): never the activity's time (misc19)
_NOT_ITS_TIME = re.compile(
    r"\b(?:bled|bleeding|bleed|hurt|hurting|ached|aching|throbbed|throbbing|cramped|cramping|"
    r"spasmed|tingled|tingling|went numb|was numb|was dizzy|felt dizzy|lasted|waited|queued|"
    r"iced(?: it)?)\s+(?:for\s+)?(?:like\s+|about\s+|around\s+|maybe\s+|~\s*)?"
    r"\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\b|"
    # the hours of a day's work before it ("a ride after 9 hrs on teams", "after 8 hours at my
    # desk"): never the activity's time
    r"\bafter\s+(?:a\s+|an\s+)?(?:like\s+|about\s+|around\s+|~\s*)?\d+(?:\.\d+)?\s*"
    r"(?:h|hrs?|hours?)\s+(?:on|at|of|in|behind|sitting|staring|working|stuck)\b|"
    # a part of the session ("walked 6 km, 40 min of it was flat"): never the whole time
    rf"{PART_TIME}|"
    # a decade of life or an age group ("since my 40s", "the over 55s group"): no seconds
    r"\b(?:(?:my|his|her|their|your|our|early|late)\s+[1-9]0|the (?:over|under)[- ]?[1-9]\d)'?s\b"
)


def log_cardio(ctx: Ctx) -> Result:
    t = _NOT_ITS_TIME.sub(" ", _SPLIT.sub(" ", ctx.text))
    if _NIGHT_WORDS.search(t):
        t = _MOMENT.sub(" ", t)
    if _DISTANCE_REPEATS.search(t):
        t = _REST_TIME.sub(" ", t)
    strides = bool(RUN_WORD.search(t) and STRIDES.search(t))
    if strides:  # "ran 25 min, then 6x100m strides": no 100 m run
        t = STRIDES.sub(" ", t)
    distance = distance_m(_HEIGHT.sub(" ", _SPEED.sub(" ", t)))  # no "5 km/h", "600 m climb"
    pace = _PACE.search(t)
    duration = durations_s(_PACE.sub(" ", t) if pace else t)
    if pace and duration is None and distance:
        duration = _pace_duration(pace, distance)
    ranged = None if DUR.search(t) else clock_range(_PACE.sub(" ", t))
    if ranged is not None:  # "ran from 6:10 to 6:55", "walking group 9-10:15": the time between
        duration = ranged[0]
    slug: str | None = None
    # ("rowed 2k after the run": the row; the run only tells when, unless it is the only verb)
    own = _BEFORE_OTHER.sub(" ", t)
    for pattern, default in _CARDIO_VERBS:
        if has(pattern, own):
            slug = default
            break
    for pattern, default in _CARDIO_VERBS if slug is None else ():
        if has(pattern, t):
            slug = default
            break
    verb = slug  # what the verb alone says ("ran": a steady run)
    named_in = _HEIGHT.sub(" ", t)  # ("hiked ... 1200 ft of climbing": no rock climbing)
    if verb is not None:  # "ran 5k before ballet": the other activity only tells when it was
        named_in = _BEFORE_OTHER.sub(" ", named_in)
    if verb == "ice-skating":  # ("skated a freestyle", "spins": no swim, no spin class)
        named_in = re.sub(rf"\b(?:{_FIGURE_WORDS})\b", " ", named_in)
    phrase = re.sub(rf"{DIST.pattern}|{DUR.pattern}|{CLOCK.pattern}", " ", named_in)
    phrase = re.sub(
        r"\b(i|did|done|just|went|for|a|an|the|on|in|at|of|my|today|yesterday|this|morning|"
        r"evening|tonight|last night|about|around|roughly|minutes?|easy|nice|quick|long|"
        r"session|then|and|with|pace|min|km|ran|run|walked|cycled|swam|rowed|hiked|did|"
        r"played|playing|play|game|match|"  # "played soccer", "a game of lacrosse": sports
        r"was|it|\d+ days? ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        " ",
        phrase,
    )
    phrase = re.sub(r"[^a-z -]", " ", fold_accents(phrase)).strip()
    found = ctx.exercises.resolve(phrase) if phrase and len(phrase) > 2 else None
    # a typo of a short word is a guess ("core" is no "course" run)
    sure = found is not None and (found.exact or found.confidence > _TYPO or len(phrase) >= 6)
    # "walked ... hike": one word left beside a verb names another activity only as a kind
    # of the verb's ("swam ... backstroke"); else it is asked below (two ways)
    if (
        found is not None
        and found.slug
        and sure
        and ctx.exercises.category(found.slug) == "cardio"
        and (verb is None or len(phrase.split()) > 1 or _kind_of(ctx, found.slug, verb))
    ):
        slug = found.slug
    named = _named_cardio(ctx, named_in, words=(3, 2), verb=verb)
    if named is not None:  # "incline walk on the treadmill": a name beats the verb
        slug = named
    treadmill_asked = None
    if slug is None:  # "20 min on the bike": a machine names the activity
        slug = next((s for w, s in MACHINES.items() if has(rf"\b{w}\b", t)), None)
        if slug == "treadmill-running":  # no verb said: walked or ran on it?
            slug, treadmill_asked = _treadmill(t, distance, duration)
    # "zumba 1 hr": one word names it where no verb or machine does; where only a verb does
    # and the word names another ("HIIT ride", "soccer practice, coach ran us"), ask which it
    # was (a name the phrase or a machine gives, "assault bike", stands).
    one = _named_cardio(ctx, named_in, words=(1,))
    two_ways = verb is not None and slug == verb and one is not None and one != verb
    if two_ways and one is not None and verb is not None and _same_but_pace(ctx, one, verb):
        two_ways = False  # "swam 2 km, mostly freestyle": the swim the verb says, at its pace
    elif (
        two_ways
        and one is not None
        and verb is not None
        and _kind_of(ctx, one, verb)
        and not _another_named(ctx, named_in, one, verb)
    ):
        slug, two_ways = one, False  # "Peloton 30 min ride": a name of a kind of riding
    unknown = None
    if verb is not None and slug == verb and not two_ways:
        better, unknown = _verb_variant(ctx, fold_accents(named_in), verb)
        slug = better or slug
    # "shadow boxing", "chair yoga": a word before the one word that names it may make it
    # another activity than the entry ("classic ski" was stored as downhill skiing)
    variant = _variant_word(ctx, named_in, one) if slug is None and one is not None else None
    if not two_ways and slug == "easy-walk" and has(r"\btreadmill\b", t) and has(r"\bincline\b|\d\s*%", t):  # fmt: skip
        slug = "incline-treadmill-walk"  # "walked on the treadmill at 10% incline"
    slug = on_a_machine(t, slug or one)  # ("HIIT on the gym bike": a ride on it, no class)
    if slug == "moderate-cycling" and _AT_GYM.search(t) and not _RIDDEN_THERE.search(t):
        slug = "moderate-stationary-cycling"  # "10 km on the bike at the gym": no road ride
    if distance is None and duration is None:
        return None
    problems = []
    if two_ways:
        problems.append(f"was it {_said(ctx, one)} or {_said(ctx, slug)}?")
    if variant is not None:
        problems.append(f"is {variant!r} a kind of {_said(ctx, slug)}, or something else?")
    if unknown is not None:  # "nordic walking": no entry; an Easy Walk only when they say so
        problems.append(f"is {unknown!r} a kind of {_said(ctx, slug)}, or something else?")
    if treadmill_asked is not None:
        problems.append(treadmill_asked)
    elif (
        slug is None
        and distance is not None
        and (
            _race_run(ctx.raw, t)
            or (
                run_shaped(ctx.raw, distance, duration)
                and not _OTHER_DISTANCE_SPORT.search(ctx.raw.lower())
            )
        )
    ):
        slug = "steady-run"  # "10k in 52:30", "did a 5k": a run's race distance, no other sport
    elif slug is None:
        if (game := which_game(t)) is not None and duration is not None:
            problems.append(game)  # "football training 75 min": which football, asked
        elif distance is None or has(r"\b(slept|sleep|session|sessions|workouts?)\b", t):
            return None
        else:
            problems.append("which activity was it (a run, a ride, a swim...)?")
    # ("to school and back twice, 1.5 miles and 30 min each time": each is a bout's, not a leg's)
    distance, duration, halves = (distance, duration, False) if _TWICE_EACH.search(t) else _both_ways(t, distance, duration)  # fmt: skip
    clock_problem = None
    if ranged is None:
        timed = _done_for_time(ctx, slug)
        duration, clock_problem = _clock_duration(
            _PACE.sub(" ", t), duration, distance, timed=timed
        )
    if clock_problem:
        problems.append(clock_problem)
    slots: Slots = {"exercise": slug, **(date_slots(t, ctx.today) or {"date": ctx.today})}
    if strides and distance is not None and _ALL_TOLD.search(t):
        # "ran 2 miles easy, then strides, 25 min all together": the time is the whole
        # session's, the distance the easy part's only: said, not kept (the accounting)
        slots["part_distance_m"], distance = distance, None
    if distance is not None and duration is not None and _one_repeat_only(t):
        # "8 x 200m, whole session 40 min": one repeat's distance is no session distance
        # (tune27): said, not kept, like a part's above.
        slots["part_distance_m"], distance = distance, None
    told = (
        None
        if strides or halves
        else session_total(t, ctx.raw.lower(), rowed=slug in _ROWS, read_way=distance is not None)
    )
    if told is not None:  # "10 x 30s hard / 90s easy, 20 min total": the total is the session
        if told.duration_s is not None:
            duration = told.duration_s
            problems = [p for p in problems if p != clock_problem]
        if told.distance_m is not None:
            slots.pop("part_distance_m", None)
            distance = told.distance_m
            if told.summed:
                slots["way_summed"] = True  # the parts' sum: no one number says it
        slots["parts_said"] = told.parts  # the parts' numbers, said and not kept (the accounting)
    if distance is not None:
        slots["distance_m"] = distance
    if duration is not None:
        slots["duration_s"] = duration
    if halves:
        slots["each_way"] = True  # the accounting finds the halves in the text
    elif _TWICE_EACH.search(t):
        slots["bouts"] = 2  # "walked the dog twice, 30 min each": two entries (``bouts``)
    if ranged is not None:
        slots["clock"] = ranged[1]  # the clock numbers written (the accounting's explanation)
    average, peak = heart_rates(t)
    if average is not None:
        slots["avg_hr"] = average
    if peak is not None:
        slots["peak_hr"] = peak  # said, not kept: the log keeps the average (the accounting)
    if (m := _SESSION_RPE.search(t)) and 1 <= (rpe := float(first_group(m))) <= 10:
        slots["session_rpe"] = rpe
    return "log_cardio", slots, problems


# Rowing on an erg, whose rests between pieces add no way (the pieces' sum is the session's)
_ROWS = frozenset({"moderate-rowing", "vigorous-rowing", "rowing"})


# A time told of the whole session ("25 min all together", "40 min total")
_ALL_TOLD = re.compile(r"\b(?:all together|altogether|in total|total|in all|overall|all in)\b")


# A ride at the gym is on its stationary bike, unless the ride went there ("biked to the gym")
# (or the ride was on a bike that goes nowhere: "cycling on the stationary bike", "on the
# exercise bike", never stored as a road ride)
_AT_GYM = re.compile(
    r"\b(?:at|in) (?:the |my )?gym\b|\bgym bike\b|"
    r"\bon (?:the |my |a |an )?(?:stationary|exercise|spin|indoor) bike\b"
)
_RIDDEN_THERE = re.compile(
    r"\b(?:to|from) (?:the |my )?gym\b|\boutdoors?\b|\boutside\b|\broad\b|\btrails?\b"
)

# A treadmill's speed as said ("3.5 mph", "6 km/h"), in km/h
_SPEED = re.compile(r"\b(\d+(?:\.\d+)?)\s*(mph|kph|km/?h|kmh)\b")
_WALK_KMH, _RUN_KMH = 6.5, 8.0  # up to a brisk walk's speed; from a slow jog's
TREADMILL_WHICH = "was it a run or a walk on the treadmill?"


def _treadmill(
    text: str, distance_m: float | None, duration_s: float | None
) -> tuple[str | None, str | None]:
    """The entry of a treadmill session no verb named ("40 min on the treadmill, 12% incline"),
    or the question which it was: a walk or a run by its words, else by the speed said or
    that the distance and time give; in between, or with nothing to tell, it is asked."""
    incline = has(r"\bincline\b|\d\s*%", text)
    walk = "incline-treadmill-walk" if incline else "easy-walk"
    if has(r"\b(?:walk|walks|walked|walking|stroll)\b", text):
        return walk, None
    if has(r"\b(?:jog|jogs|jogged|jogging|run|runs|ran|running|sprints?|intervals?)\b", text):
        return "treadmill-running", None
    kmh = None
    if m := _SPEED.search(text):
        kmh = float(m.group(1)) * (1.609344 if m.group(2) == "mph" else 1.0)
    elif m := re.search(r"\bspeed\s*(?:of|at|:)?\s*(\d+(?:\.\d+)?)\b", text):
        # a treadmill's display with no unit: up to 4 a walk in mph or km/h alike
        kmh = _WALK_KMH if float(m.group(1)) <= 4 else None
    elif distance_m and duration_s and duration_s <= 3 * 3600:  # (a day's other hours: no pace)
        kmh = distance_m / 1000 / (duration_s / 3600)
    if kmh is not None and kmh <= _WALK_KMH:
        return walk, None
    if kmh is not None and kmh >= _RUN_KMH:
        return "treadmill-running", None
    return None, TREADMILL_WHICH


# A start and an end on the clock: "from 6:10 to 6:55", "9-10:15", "7 to 8 am" (minutes or am/pm
# on one side, or "from" before: "3-4 km", "10 to 12 reps" are ranges of something else).
_CLOCK_RANGE = re.compile(
    r"(?<![\d:.])(?P<from>from\s+)?(?P<h1>\d{1,2})(?::(?P<m1>[0-5]\d))?\s*(?P<a1>am|pm)?\s*"
    r"(?:-|–|to|till|til|until)\s*(?P<h2>\d{1,2})(?::(?P<m2>[0-5]\d))?\s*(?P<a2>am|pm)?"
    r"(?![\d:.])(?!\s*(?:k\b|km|kms|mi\b|miles?|m\b|meters?|metres?|mins?|minutes?|h\b|hrs?|hours?|"
    r"secs?|reps?|sets?|x\b|%|kgs?|lbs?|times|days?|weeks?|/|pace|per\b|an? (?:mile|km)))"
)
_LONGEST_RANGE_H = 6.0  # a longer span between two clock times is no session said so


def clock_range(text: str) -> tuple[float, list[float]] | None:
    """The seconds between a start and an end time ``text`` gives ("from 6:10 to 6:55": 2700),
    and the numbers written for them (for the accounting); None without such a range."""
    for m in _CLOCK_RANGE.finditer(text):
        if not (m.group("from") or m.group("m1") or m.group("m2") or m.group("a1") or m.group("a2")):  # fmt: skip
            continue
        h1, h2 = int(m.group("h1")), int(m.group("h2"))
        if h1 > 23 or h2 > 23:
            continue
        start = h1 + int(m.group("m1") or 0) / 60
        end = h2 + int(m.group("m2") or 0) / 60
        if m.group("a1") and m.group("a2"):  # both halves said: a 24-hour difference
            start += 12 * (m.group("a1") == "pm" and h1 < 12)
            end += 12 * (m.group("a2") == "pm" and h2 < 12)
            hours = (end - start) % 24
        else:  # "7 to 8 am", "11:30-1": the nearest end after the start
            hours = (end - start) % (24 if max(h1, h2) > 12 else 12)
        if 0 < hours <= _LONGEST_RANGE_H:
            written = [float(m.group(k)) for k in ("h1", "m1", "h2", "m2") if m.group(k)]
            return float(round(hours * 3600)), written
    return None


# "rpe 7", "RPE of 8", "@ rpe 6", "8 rpe": how hard the whole session felt (the
# session-RPE method's rating, 1-10), which the session stores.
_SESSION_RPE = re.compile(
    # ("RPE 7ish": the same rating said loosely)
    r"\brpe\s*(?:of|was|=|:|~|about|around)?\s*(\d{1,2}(?:\.5)?)(?:ish)?\b(?!\s*(?:min|km|mi|x))"
    r"|(?<![:.])\b(\d{1,2}(?:\.5)?)\s*rpe\b"  # ("7:22 rpe 10": no clock's seconds)
    # "8/10 effort", "7 out of 10 effort": the grade, then the word that says what it grades
    r"|\b(\d{1,2}(?:\.5)?)\s*(?:/|out of)\s*10\s+(?:effort|exertion|rpe|hard)\b"
    # "I'd call it a 6 out of 10", "call it 7/10": the person's own grade of the session
    r"|\bcall(?:ed)? it\s+(?:an?\s+)?(\d{1,2}(?:\.5)?)\s*(?:/|out of)\s*10\b"
    # "it felt easy, like a 3/10", "effort 6 out of 10": the same rating said with how hard it
    # felt (never "felt great, 9/10": how good, not how hard)
    r"|\b(?:effort|exertion)\s*(?:was|of|:)?\s*(?:about |around |like |maybe )?(?:an?\s+)?"
    r"(\d{1,2}(?:\.5)?)\s*(?:/|out of)\s*10\b"
    r"|\bfel(?:t|t like it was)\s+(?:very |really |pretty |quite |super )?(?:easy|hard|tough|moderate|light|"
    r"brutal|comfortable|challenging|manageable)\W{0,3}\s*(?:like |about |around |maybe )?(?:an?\s+)?"
    r"(\d{1,2}(?:\.5)?)\s*(?:/|out of)\s*10\b"
    # "felt like 6/10", "felt like a 5 out of 10": a grade of the effort of the session whose
    # time it follows (the grade alone, never "felt great, 9/10")
    r"|\bfelt\s+like\s+(?:an?\s+)?(\d{1,2}(?:\.5)?)\s*(?:/|out of)\s*10\b"
    # "felt like a 7", "effort was a 6", "an 8 effort" (stop 93): the grade alone, at the end of
    # its clause, of the session whose time it follows (never "felt like a 10k", "a 7 min mile")
    r"|\b(?:felt\s+like|effort\s+(?:was|of|:|like)?)\s*(?:an?\s+)?(\d{1,2}(?:\.5)?)(?=\s*(?:[,.;!)]|$|ish\b))"
    r"|\b(?:an?\s+)(\d{1,2}(?:\.5)?)\s+effort\b"
)


# A pace, not a time: "pace 5:45", "@ 4:50/km", "at 6 min per km", "8:30 a mile", "at 10 min
# pace", "9 min mile pace" (the word after it makes it a pace: "3 mi at 10 min pace" is 30 min).
_PACE = re.compile(
    r"(?:\bpace\s*(?:of|was|:|~|about|around)?\s*(?:an?\s*)?(?P<c1>\d{1,2}:\d{2})(?:\s*(?:min)?\s*(?:/|per|a)\s*(?P<u1>km|k|mi|miles?|kilomet\w*)\b)?"
    r"|(?:(?P<c2>\d{1,2}:\d{2})\s*(?:mins?|minutes?)?\s*(?:/|per|an?|1)|(?P<c3>\d{1,2}(?:\.\d+)?)\s*(?:mins?|minutes?)\s*(?:/|per|an?|1))"
    r"\s*(?P<u2>km|k|mi|miles?|kilomet\w*)\b(?:\s*pace)?"
    r"|(?P<c4>\d{1,2}(?::\d{2}|\.\d+)?)\s*-?\s*(?:mins?|minutes?)?\s*-?\s*(?:(?P<u3>km|k|mi|miles?)\s*)?pace\b)"
)


def _pace_duration(pace: re.Match[str], distance_m: float) -> float:
    """The time a pace gives over ``distance_m``; a pace with no unit is per the athlete's
    distance unit (km, or miles for imperial)."""
    clock = pace.group("c1") or pace.group("c2") or pace.group("c3") or pace.group("c4")
    unit = pace.group("u1") or pace.group("u2") or pace.group("u3")
    if unit is None:  # "3 mi at 10 min pace": per the unit the distance is said in
        said = re.search(r"\d\s*(mi|miles?|km|k)\b", pace.string)
        unit = said.group(1) if said else None
    if ":" in clock:
        minutes, secs = (int(p) for p in clock.split(":"))
        per_unit = minutes * 60.0 + secs
    else:
        per_unit = float(clock) * 60.0
    if unit is None:
        unit = "mi" if bare_units_system() == "imperial" else "km"
    per = 1609.344 if unit.startswith("mi") else 1000.0
    return round(per_unit * distance_m / per)


_RETURN_TRIP = re.compile(
    r"\b(?:and back|both ways|there and back|round trip|to and from|each way|per way)\b"
)
_EACH = re.compile(r"^\s*(?:each|per|one)(?:\s+way)?\b")
# Two bouts told once, with what each took ("walked the dog twice today, 30 min each time",
# "rowed am and pm, 20 min each"): a figure said "each" after a word of two times
_TWICE_EACH = re.compile(
    r"\b(?:twice|two times|am and pm|morning and (?:evening|night))\b[^.;!?]{0,40}?"
    r"\d(?:\.\d+)?[^.;!?]{0,30}?\beach(?: time| one| go)?\b"
)


def _both_ways(
    text: str, distance: float | None, duration: float | None
) -> tuple[float | None, float | None, bool]:
    """A trip there and back said per leg ("to work and back, 6 miles each way, 35 min each"):
    the session is both legs, so what is said "each" counts twice."""
    if not _RETURN_TRIP.search(text):
        return distance, duration, False
    halves = False
    if distance is not None and (m := DIST.search(text)) and _EACH.match(text[m.end() :]):
        distance, halves = distance * 2, True
    if duration is not None and (m := DUR.search(text)) and _EACH.match(text[m.end() :]):
        duration, halves = duration * 2, True
    return distance, duration, halves


# Faster than this (seconds per km) no one runs, rides or swims: "10 mi in 1:31" is 1 h 31 min.
_FASTEST_S_PER_KM = 45.0
# A session this short read as minutes:seconds, with no distance to tell, is asked about.
_SHORTEST_CLOCK_S = 600.0


def _done_for_time(ctx: Ctx, slug: str | None) -> bool:
    """Whether the library says the activity is done for time (a benchmark like Fran, a dead
    hang): its time is the score, minutes and seconds, never hours."""
    record = next((r for r in ctx.exercises.records if r.slug == slug), None) if slug else None
    return record is not None and re.search(r"\bfor time\b", record.description) is not None


def _clock_duration(
    text: str, duration: float | None, distance: float | None, *, timed: bool = False
) -> tuple[float | None, str | None]:
    """A session's time written as a clock ("1:31") is minutes:seconds or hours:minutes; the
    pace decides ("a mile in 7:30" is minutes, "10 miles in 1:31" hours). With no distance a
    short reading ("long run 1:45") is asked about rather than stored as under two minutes,
    unless the activity is done for time (``timed``): then "6:45" is its minutes and seconds;
    only "1:05" stays asked (65 minutes of a long benchmark, or a fast short one)."""
    m = CLOCK.search(text)
    if duration is None or m is None or DUR.search(text) or m.group(1).count(":") != 1:
        return duration, None
    hours, minutes = (int(p) for p in m.group(1).split(":"))
    if distance:
        if duration / (distance / 1000) < _FASTEST_S_PER_KM:
            return hours * 3600.0 + minutes * 60.0, None
        return duration, None
    if duration < _SHORTEST_CLOCK_S and not (timed and hours != 1):
        return duration, f"is {m.group(1)} hours and minutes, or minutes and seconds?"
    return duration, None
