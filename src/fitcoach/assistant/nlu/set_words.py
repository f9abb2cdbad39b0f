"""Set wording rewritten into the forms the set parser reads, before a message splits at its
commas: rounds and rep schemes as sets, rep words ("a double", "5 singles"), each set's reps
said in turn, a pair of dumbbells ("2x20kg"), dumbbells or kettlebells named by their load
("db rows 80s", "the 53 kb"), and an exercise done "the same" as another."""

from __future__ import annotations

import functools
import re

from fitcoach.assistant.nlu.complexes import complexes
from fitcoach.assistant.nlu.idioms import without_asides
from fitcoach.assistant.nlu.load_steps import reps_at_loads
from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.plate_counts import plate_reps
from fitcoach.assistant.nlu.quantities import NUM, bell_sizes
from fitcoach.assistant.nlu.rounds import rep_schemes, rounds_over_list
from fitcoach.assistant.nlu.same_but import same_but, same_load
from fitcoach.assistant.nlu.set_lists import sets_one_by_one

_REP_WORDS = {"single": 1, "double": 2, "triple": 3}
PAIR = rf"(?<![\d.])2\s*x\s*({NUM})\s*(kgs?|kilos?|lbs?|pounds?)\b"
_PAIR = re.compile(PAIR + r"(?:\s*(?:dumb ?bells?|dbs?|kettle ?bells?|kbs?|each)\b)?")
_REP_WORD = re.compile(
    r"(?:\bfor an? |(?<=\d) (?:for )?(?:an? )?|(?<=\d(?:kg|lb)) |(?<=\d (?:kg|lb)) |"
    r"(?<=\d (?:kgs|lbs)) )(single|double|triple)\b"
    # "3x15 single leg glute bridges", "50 double unders": the first word of a name
    r"(?![\s-]+(?:legs?|arms?|sided?|hand(?:ed)?|unders?)\b)"
)


_ORDINAL = r"\b(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\b(?:\s+(?:one|set))?\s*(?:was|of|had|:|-|=)?\s*"
# "first set 12, second 10, third 9", "1st set 15, 2nd set 12": each set's reps, the first
# set named first (no load between: "first set 60 kg" is a load)
_ORDINAL_SETS = re.compile(
    rf"\b(?:first|1st)\s+set\s*(?:was|of|had|:|-|=)?\s*\d{{1,3}}(?:\s*reps?)?"
    rf"(?:\s*[,;]?\s*(?:and\s+|then\s+)?(?:the\s+)?{_ORDINAL}\d{{1,3}}(?:\s*reps?)?)+"
    r"(?!\s*(?:kgs?|kilos?|lbs?|pounds?|x|min|sec|s\b|%|[.:]\d))"
)


def sets_in_turn(text: str) -> str:
    """Each set's reps said in turn ("first set 12, second 10, third 9") as a list ("12, 10,
    9"), and a load said of each bell ("with dumbbells 8 kg each") as the load: read before
    the message splits at its commas, so the list stays one clause with its name."""
    text = complexes(text)  # "kb complex with the 16: 5 swings, 5 cleans x 4 rounds"
    text = rep_schemes(rounds_over_list(text))  # "3 rounds of 10 a, 15 b", "21-15-9 a and b"
    text = reps_at_loads(text)  # "12 at 90, 10 at 110, then 8 and 8 at 130": a set each
    text = sets_one_by_one(text)  # "squat 100kg 1x5, 1x4", "bench 60/70/80 for 10/8/6"
    text = same_but(text)  # "hip abduction, same 3x15 but on 35": that exercise's sets
    text = same_load(text)  # "calf raises 3x20 same weight": the load said before it
    # ("each side" is a barbell's plates, "each leg" the reps': neither)
    if re.search(r"\b(?:dumbbells|dbs|kettlebells|kbs|bells)\b", text):
        text = re.sub(rf"({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+each\b(?!\s+(?:side|leg|way|arm|hand))", r"\1", text)  # fmt: skip
    # "10 each leg, three rounds", "12 per side, 2 sets": the reps of a set, then the sets
    text = re.sub(
        r"(?<![\d.])(\d{1,3})\s+(each|per|a)\s+(leg|side|arm)\s*,?\s*(?:and\s+|for\s+|x\s*)?(\d{1,2})\s+(?:sets|rounds|times)\b",
        r"\4 sets of \1 \2 \3",
        text,
    )
    return _ORDINAL_SETS.sub(
        lambda m: ", ".join(re.findall(r"\d{1,3}", re.sub(_ORDINAL, " ", m.group(0)))), text
    )


# The heaviest sets of several loads ("top sets felt like rpe 8", "the heavy sets were rir 1")
TOP_SETS = re.compile(r"\b(?:top|heavy|heavier|heaviest) sets\b")
# The numbers of a set's line: sets, reps and a load ("3x10 at 40 lbs", "3 sets of 15 on 30
# kg"), with nothing else between them
_SPEC = (
    r"\d[\d.]*(?:\s*(?:x|by|sets?|reps?|of|at|on|with|for|@|kgs?|kilos?|lbs?|pounds?|each|"
    r"\d+(?:\.\d+)?)\b|\s*x(?=\d)|\s*\d+(?:\.\d+)?)*"
)
# "seated row the same as the chest press", "and the adductor one same": an exercise done
# with the sets, reps and load of one named before it in the same message
_SAME_AS = re.compile(
    r"(?P<name>\b[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3}?(?:\s+(?:one|1))?)\s+(?:was\s+|did\s+)?(?:the\s+)?same"
    r"(?:\s+as\s+(?:the\s+|my\s+)?(?P<ref>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3}?))?"
    r"(?=\s*(?:[.;,!]|$|please\b|again\b))"
)


def same_as(text: str, exercises: ExerciseMatcher) -> str:
    """An exercise said to be done "the same" as another of the message, with that one's
    numbers written out ("seated row 3x10 at 40 lbs"); the text as it was where the numbers
    cannot be found (a question asks them)."""

    def spell(m: re.Match[str]) -> str:
        name = re.sub(r"^(?:and|then|also|plus)\s+|^(?:the|my)\s+", "", m.group("name").strip())
        name = re.sub(r"^(?:the|my)\s+", "", name)
        before = text[: m.start()]
        if m.group("ref"):
            ref = re.sub(r"\s+(?:one|machine)$", "", m.group("ref"))
            at = before.rfind(ref)
            spec = re.search(_SPEC, before[at + len(ref) :]) if at >= 0 else None
        else:  # "the adductor one same": the one just before
            spec = re.search(rf"({_SPEC})[\s,;]*(?:and\s*)?$", before)
        if spec is None or not re.search(r"\d\s*(?:x|by|sets?|reps?)|x\s*\d", spec.group(0)):
            return m.group(0)
        if re.search(r" (?:one|1)$", name) and "machine" in before:  # "the adductor one"
            name = re.sub(r" (?:one|1)$", " machine", name)
        if exercises.match(name) is None:
            return m.group(0)  # "felt the same": no exercise done again
        return f"{name} {spec.group(0).strip(' ,')}"

    if "same" not in text or not re.search(r"\d", text):
        return text
    return _SAME_AS.sub(spell, text)


_COUNT_THEN_REPS = re.compile(
    r"\b(\d{1,2})\s*sets?((?:\s+(?:to|till?|until) failure|\s+max(?:imum)?|\s+all out)?)\s*[,;:-]\s*"
    r"(?:(?:i\s+)?(?:got|did|managed|hit|went|reps?(?:\s+were)?)\s*:?\s*)?"
    r"(?=(?P<list>\d{1,3}(?:\s*,\s*\d{1,3})+)(?!\s*(?:[\d.]|,\s*\d|kg|kilos?|lb|pounds?|x|for|@|at)))"
)


def _count_then_reps(m: re.Match[str]) -> str:
    """ "N sets: " before a list of reps of a rep's size (never of loads: "3 sets, 100, 110")."""
    if any(int(r) > 50 for r in re.findall(r"\d+", m.group("list"))):
        return m.group(0)
    return f"{m.group(1)} sets{m.group(2)}: "


# A count of reps, then (in the same clause, past a load) that they were done as singles
_REPS_AS_SINGLES = re.compile(
    r"\b(\d{1,3})\s*reps?\b((?:\s*(?:@|at|with|w)\s*\d+(?:\.\d+)?\s*(?:kgs?|kilos?|lbs?|pounds?)?)?)"
    r"[\s,]*(?:(?:as|all|in|done as|done in)\s+)?singles\b"
)


def reps_as_singles(line: str) -> str:
    """Reps said to be done as singles ("20 reps @ 70kg, singles on the minute", "12 reps at
    100kg as singles", oly94): each rep its own set, so as many sets of 1, never one set of 20.
    Read on the whole line, before its commas part the count from the word that says how."""
    return _REPS_AS_SINGLES.sub(lambda m: f"{m.group(1)} sets of 1{m.group(2)}", line)


def sets_text(text: str) -> str:
    """Logging words read as sets: "3 rounds of 12" is 3 sets of 12, and the implement after a
    load ("a 24 kg kettlebell", "with 30 kg dumbbells") is not part of the exercise name."""
    text = without_asides(text)  # "yesterday (forgot to log, classic) lat pulldown ..."
    text = complexes(text)  # (its rounds are its movements' sets: read before the rounds)
    # "pushups 4x15 between rounds": when they were done (a fight's or a circuit's rounds),
    # no sets and no part of the name
    text = re.sub(
        r"\b(?:in\s+)?between\s+(?:the\s+|my\s+)?(?:rounds|bouts|rolls|sets)\b", " ", text
    )
    text = re.sub(r"\b(\d{1,2})\s*rounds?\s*(?:of\s*)?", r"\1 sets of ", text)
    # "3 sets to failure, got 9, 7, 6", "4 sets, did 12, 10, 10, 8": the sets' reps, listed
    # after their count (the accounting checks the count against the list)
    text = _COUNT_THEN_REPS.sub(_count_then_reps, text)
    # "leg press 3 sets 160 kg 12 reps": the count, the load, then the reps
    text = re.sub(
        rf"\b(\d{{1,2}})\s*sets?\s*,?\s*(?:at\s*|@\s*|with\s*)?({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s*,?\s*"
        r"(?:x\s*|of\s*|for\s*)?(\d{1,3})\s*reps?\b",
        r"\1 sets of \3 reps at \2",
        text,
    )
    # "ohp 4 sets: 105x8 115x6 ...": the count of the sets listed after it, which the
    # accounting checks against them (it is no count of the first one)
    text = re.sub(r"\b\d{1,2}\s*sets?\s*:\s*(?=\d)", " ", text)
    # "pushups till failure (32)", "to failure 28": one set of that many reps
    text = re.sub(r"\b(?:to|till?|until) failure\s*\(?(\d{1,3})\)?(?![\d,/])", r" \1 reps ", text)
    # "1 backoff of 12 at 185", "1 burnout set of 25", "2 top sets of 3": sets in a role
    text = re.sub(
        r"\b(\d{1,2})\s+(?:back ?-?offs?|backoffs?|burnouts?|drop|top|working|warm ?-?ups?)\s*"
        r"(?:sets?\s*)?(?:of|x|for)\s*(?=\d)",
        r"\1 sets of ",
        text,
    )
    # "a backoff set of 8 at 120", "one top set of 3": one set in a role
    text = re.sub(
        r"\b(?:a|one)\s+(?:(?:back ?-?off|backoff|burnout|drop|top|working|heavy|extra)\s+)?"
        r"set\s+(?:of|x|for)\s*(?=\d)",
        "1 sets of ",
        text,
    )
    # "180 x 2 singles": 2 sets of 1 at 180
    text = re.sub(
        rf"({NUM}\s*(?:kgs?|lbs?)?)\s*x\s*(\d{{1,2}})\s+(single|double|triple)s\b",
        lambda m: f"{m.group(1)} for {m.group(2)} sets of {_REP_WORDS[m.group(3)]}",
        text,
    )
    # "50 press ups throughout the day, sets of 10", "pushups 50 total in sets of 10": as many
    # sets as the total takes (the accounting reads the total as their count's source)
    text = _TOTAL_IN_SETS.sub(_total_in_sets, text)
    # "4 by 8", "five by five": sets by reps, as said aloud
    text = re.sub(r"\b(\d{1,2}) by (\d{1,3})\b", r"\1x\2", text)
    # "5 singles", "3 doubles": sets of 1 or 2 reps
    text = re.sub(
        r"\b(\d{1,2})\s+(single|double|triple)s\b",
        lambda m: f"{m.group(1)} sets of {_REP_WORDS[m.group(2)]}",
        text,
    )
    text = plate_reps(text)  # "4 plates for a double": one set of 2 at the plates' load
    # "with 2x20kg", "holding 2 x 15kg", "2x26kg": a pair of dumbbells of that load each
    text = _PAIR.sub(r"\1\2 zzdb", text)
    # "20 lbs each hand", "12 kg per arm": a dumbbell's load, as the log keeps it ("each
    # side" is a barbell's plates: not this)
    text = re.sub(
        rf"({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+(?:in\s+)?(?:each|per|every|a)\s+(?:hand|arm|dumbbell|db)\b",
        r"\1",
        text,
    )
    text = sets_in_turn(text)
    text = _rep_word_loads(text)
    # "power clean 3rm today, 102.5", "new 5rm @ 140": a set of as many reps at the load said
    # after it (not "my 1rm is 140": a max told, no set)
    text = re.sub(
        rf"(?<!my )\b(\d{{1,2}})\s*-?\s*rm\b(?:\s*(?:pr|test|today|attempt))?\s*(?:[,:=]|\bat\b|@|\bof\b|\bwas\b)?\s*({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?)(?![\d.])",
        lambda m: f"{m.group(2)} for {m.group(1)}",
        text,
    )
    # "emom 10: 3 power cleans @ 80", "10 min emom, 3 cleans at 80": a set each minute
    text = re.sub(
        r"\b(?:e(?:1)?mom\s*(?:x\s*)?(\d{1,2})|(\d{1,2})\s*(?:mins?|minutes?)?\s*e(?:1)?mom)"
        r"(?:\s*(?:mins?|minutes?))?\s*[:,-]?\s*(\d{1,2})\s+(?=[a-z])",
        lambda m: f"{m.group(1) or m.group(2)} sets of {m.group(3)} ",
        text,
    )
    text = re.sub(r"\b(?:on the minute|every min(?:ute)?|each min(?:ute)?|otm)\b", " ", text)
    # "4x4 @ 180 backoffs": the sets' role said after them, no name
    text = re.sub(r"(?<=\d) (?:back ?-?offs?|backoffs?|back-off sets?)\b", " ", text)
    # "for a double", "200 kg single": one set of 1, 2 or 3 reps
    text = _REP_WORD.sub(lambda m: " for " + str(_REP_WORDS[m.group(1)]), text)
    # "pull-ups with a 10kg plate on the belt: 5,5,4": a load added to the body's
    text = re.sub(
        rf"\b(?:with|w) (?:an? )?({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s*(?:plates?|weights?)\b"
        r"(?:\s+(?:on|in|from|hanging from) (?:the |my |a )?(?:dip )?(?:belt|vest))?",
        r" plus \1",
        text,
    )
    # "with 30 kg dumbbells": the load, and the kit kept as "zzdb"/"zzkb" for the name
    # ("chest press 3x10 with 30kg dumbbells" is the dumbbell press, not the machine's)
    text = re.sub(
        rf"({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+(kettle ?bells?|kbs?|dumb ?bells?|dbs?)\b",
        lambda m: f"{m.group(1)} {_kit(m.group(2))}",
        text,
    )
    # "45 lb plate front raise": a plate before a name is the kit held, kept for the name
    # (never the dumbbell front raise at the plate's weight per hand)
    text = re.sub(
        rf"({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+(?:bells?|barbells?|bars?|"
        r"plates?\b(?!\s+(?!(?:on|in|to|a|each|per|for|x)\b)[a-z]))\b",
        r"\1",
        text,
    )
    # "amrap at 335 got 7", "amrap @ 100kg: 9": one set of as many reps as could be done
    text = re.sub(
        rf"\bamrap\s*(?:set\s*)?(?:at|@|with)?\s*({NUM}\s*(?:kgs?|lbs?)?)\s*(?:[,:]\s*)?(?:and\s*)?"
        r"(?:i\s*)?(?:got|for|hit|did|x|=)?\s*(\d{1,3})\b(?!\s*(?:kgs?|lbs?|x)\b)",
        r"\1 x \2",
        text,
    )
    text = re.sub(r"(?<=\d) w (?=(?:the )?\d)", " with ", text)  # "3x15 w 100s": not watts
    # "105x8 115x6 125x4": sets one by one, apart by spaces only
    text = re.sub(rf"(\d\s*[x*]\s*\d+)\s+(?={NUM}\s*(?:kgs?|lbs?)?\s*[x*]\s*\d)", r"\1, ", text)
    if not _TIMED.search(text):
        text = _PLURAL_LOAD.sub(_plural_load, text)
    text = bell_sizes(text)  # "kb swings with the 16"
    # the implement names the kit ("shrugs w 100s dbs": dumbbell shrugs), as "zzdb" or "zzkb"
    return _BARE_IMPLEMENT.sub(lambda m: f"{_kit(m.group(2))} @ {m.group(1)}", text)


# The rep word before its load, as "<load> for <reps>": "deadlift single 180kg", "a double at
# 100 kg" (a unit said: any load), and "top single @ 205", "a heavy double at 180" (no unit:
# the athlete's, when the number is a load's size; "a single @ 9" is the single's RPE).
_REP_WORD_LOADS = (
    (
        re.compile(
            rf"\b(?:an? )?(single|double|triple)\s*(?:at|@|of|with)?\s*({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\b"
        ),
        None,
    ),
    (
        re.compile(
            rf"\b(?:an? |(?:top|heavy|max) )*(single|double|triple)\s*(?:at|@)\s*({NUM})\b(?!\s*(?:%|x\b|reps?\b|sets?\b))"
        ),
        20.0,
    ),
)


def _rep_word_loads(text: str) -> str:
    """Each rep word before its load (``_REP_WORD_LOADS``, in turn) as "<load> for <reps>"."""
    for pattern, least in _REP_WORD_LOADS:
        text = pattern.sub(functools.partial(_load_for_reps, least=least), text)
    return text


def _load_for_reps(m: re.Match[str], least: float | None) -> str:
    if least is not None and float(m.group(2)) < least:
        return m.group(0)  # no load's size: "a single @ 9" is its RPE
    return f"{m.group(2)} for {_REP_WORDS[m.group(1)]}"


_TOTAL_IN_SETS = re.compile(
    r"\b(?:(?P<n>\d{2,3}) (?P<name>[a-z][a-z -]*?)|(?P<name2>[a-z][a-z -]*?) (?P<n2>\d{2,3}))"
    r"(?: total)?(?: throughout the day| today)?,? (?:in )?sets of (?P<m>\d{1,2})\b(?: each)?"
)


def _total_in_sets(m: re.Match[str]) -> str:
    total, reps = int(m.group("n") or m.group("n2")), int(m.group("m"))
    if total % reps or not 2 <= total // reps <= 20:
        return m.group(0)
    return f"{total // reps} sets of {reps} {m.group('name') or m.group('name2')}"


def _kit(word: str | None) -> str:
    return "zzkb" if word and word.startswith("k") else "zzdb"


def _plural_load(m: re.Match[str]) -> str:
    return f"{_kit(m.group(2))} @ {m.group(1)}" if float(m.group(1)) >= 5 else m.group(0)


# "db rows 80s", "w the 35s", "holding 12.5s": dumbbells or kettlebells named by the load of
# each (a pair of 80s). Not a time ("3x45s", "90s rest") nor an age ("in my 40s"), nor the
# size of plates counted ("8 plates (45s)": a plate is 45 lb, the load is all of them).
_PLURAL_LOAD = re.compile(
    rf"(?<![\w.:*/])(?<!x )(?<!\* )(?<!of )(?<!for )(?<!in the )(?<!in my )(?<!in his )(?<!in her )"
    r"(?<!plates \()(?<!plates\()"
    rf"({NUM})s\b(?:\s+(dbs?|dumb ?bells?|kbs?|kettle ?bells?)\b)?"
    r"(?!\s*(?:rest|between|hold|pause|break|on\b|off\b|each way|sprint|interval))"
)
# Sets held for a time ("plank 3x45s", "dead hang 3 sets 30s"): an "s" after a number is seconds.
_TIMED = re.compile(r"\b(?:planks?|holds?|hangs?|hanging|wall sits?|l-?sits?|hollow|isometric|static)\b")  # fmt: skip
# "the 53 kb", "w 50 db": a load without a unit named by the implement, which ends the phrase
_BARE_IMPLEMENT = re.compile(
    rf"(?<![\w.])({NUM})\s+(kbs?|kettle ?bells?|dbs?|dumb ?bells?)\b"
    r"(?=\s*(?:$|[,;.)(]|\d|for\b|each\b|in\b|x\b|and\b|then\b))"
)
