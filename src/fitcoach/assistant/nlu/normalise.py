"""The text every reading starts from: lower case, number words as digits ("three sets of
twelve" -> "3 sets of 12"), fixed phrases in one form ("5k" -> "5 km")."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from fitcoach.assistant.nlu.described import plain_described
from fitcoach.assistant.nlu.dictation import undictate
from fitcoach.assistant.nlu.effort_fixes import effort_taken_back
from fitcoach.assistant.nlu.energy_units import food_kilojoules
from fitcoach.assistant.nlu.foreign_log_words import english_words
from fitcoach.assistant.nlu.hinglish import plain_hinglish
from fitcoach.assistant.nlu.kit_loads import kit_loads
from fitcoach.assistant.nlu.lift_notation import without_tempo
from fitcoach.assistant.nlu.list_edges import list_edges
from fitcoach.assistant.nlu.load_places import placed_loads
from fitcoach.assistant.nlu.number_words import NUM_WORD as _NUM_WORD
from fitcoach.assistant.nlu.number_words import SMALL as _SMALL
from fitcoach.assistant.nlu.number_words import TENS as _TENS
from fitcoach.assistant.nlu.plain_forms import plain_forms
from fitcoach.assistant.nlu.ranges import midpoints
from fitcoach.assistant.nlu.said_over import said_over
from fitcoach.assistant.nlu.second_bout import another_bout, there_and_back
from fitcoach.assistant.nlu.stack_pins import stack_loads
from fitcoach.assistant.nlu.tracker_lines import tracker_lines
from fitcoach.assistant.nlu.trade_talk import plain_trade_talk

_NUM_RUN = re.compile(
    rf"\b{_NUM_WORD}(?:(?:\s+|-)(?:and\s+)?{_NUM_WORD})*\b(?![- ](?:arm|leg|hand|handed|sided)\b)"
)


# Words after "1 hr 10" or "8 mins 20" that say with whom or when it was done, never a unit of
# the last number ("with the dog", "w/ my daughter", "on monday", "this morning", "then ...")
_TIME_TAIL = (
    r"with|w(?=/)|then|and then|today|yesterday|this|tonight|last|on (?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|"
    r"before|after|at lunch|after work"
)


# A pattern that starts with a run of digits starts only where the run does, ``(?<!\d)``:
# otherwise each digit of a long run is tried as a start and the run scanned again from it
# (quadratic: a 4,000-digit chat message took 1.2 s a call, about 5 s a reply). The matches
# are the same: where a start inside a run would match, the run's own start matches first.
def _clock_range(m: re.Match[str]) -> str:
    """A 24-hour clock range ("from 22h to 5h30": "from 22:00 to 5:30"); a range of durations
    ("1h-1h30") as it was written."""
    start, end = int(m.group(2)), int(m.group(5))
    if not (m.group(1) or max(start, end) > 12) or max(start, end) > 24:
        return m.group(0)
    return f"{m.group(1) or ''}{start}:{m.group(3) or '00'} {m.group(4)} {end}:{m.group(6) or '00'}"


_SAID_DISTANCE = re.compile(
    r"(?<![\d:.])\d+(?:\.\d+)?\s*(?:k|kms?|kilomet(?:re|er)s?|mi|miles?|m|metres|meters)\b(?!\s*/)"
)


def _parkrun(m: re.Match[str]) -> str:
    """A parkrun as the run (or walk) it is, with its distance unless the message says one."""
    what = "walk" if re.search(r"\bwalk(?:ed|ing)?\b", m.string) else "run"
    # (the distance of the same clause: "parkrun 28:30, then a 2 mile walk" is another thing)
    after = re.split(r"[;.!?]|\b(?:then|and|plus|also|after|before|later)\b", m.string[m.end() :])[
        0
    ]
    if _SAID_DISTANCE.search(after) or _SAID_DISTANCE.search(
        m.string[max(0, m.start() - 12) : m.start()]
    ):
        return what
    return f"{'2' if m.group(1) else '5'} km {what}"


_PHRASES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"\bhalf a dozen\b", "6"),
    (r"\ba dozen\b|\bdozen\b", "12"),
    (r"\ba couple(?: of)?\b", "2"),
    (r"\b(?:an? )?hour and a half\b", "90 min"),
    # "a full hour", "the whole hour": an hour; a football match's "full 90" is its 90 minutes
    # ("full 90 degrees" of a joint is no time) (vague93)
    (r"\b(?:an? |the )?(?:full|whole|entire) hour\b", "1 hour"),
    (r"\b(?:the )?full 90\b(?!\s*[a-z%\u00b0])", "90 min"),
    # a meal filed by the session it fuels ("pre-workout: 2 rice cakes", "post gym meal: ..."):
    # a snack, never the supplement "pre-workout" said without its colon (vague93)
    (
        r"^(?:pre|post)[- ]?(?:workout|training|gym|lift|run|session)\s*(?:snack|meal|fuel)?\s*:",
        "snack:",
    ),
    (r"\bhalf an hour\b|\ba half hour\b", "30 min"),
    # "plate and a quarter", "2 plates n a quarter": one load (a 45 and a 25 a side), kept in one
    # piece where "and" would part it, as one word (stop 95)
    (
        r"\b((?:[1-6]|one|two|three|four)\s*plates?|(?:an? |one )?plate)\s+(?:and|n|&|\+)\s+a\s+quarter\b",
        r"\1 andaquarter",
    ),
    (r"\ba quarter of an hour\b", "15 min"),
    # "sRPE 8", "s-rpe 7", "session-rpe 6": the session's RPE, as the readers know it (numbers96)
    (r"\b(?:s-?rpe|session-rpe)\b(?=\s*(?:of|was|=|:|~|about|around)?\s*\d)", "session rpe"),
    # "hour and a quarter" as said without its article (the "and a half" had it already)
    (r"\b(?:an? |one )?hour and (?:a |one )?quarter\b", "75 min"),
    (r"\b(?:an? |one )?hour and (?:3|three) quarters\b", "105 min"),
    (r"\bhalf marathon\b", "21.1 km run"),
    # the race called by its half alone ("ran the half on Sunday in 1:58:42", "did my first
    # half"): a half marathon, never half of something said after it
    (
        r"\b(ran|raced|run|did|finished|completed|smashed|walked)\s+(?:the|a|my|our)\s+"
        r"(?:first\s+|local\s+|city\s+)?half\b(?!\s*(?:-|an?\b|hour|hr|of|way|mile|mi\b|km|k\b|"
        r"squat|marathon|rep|set|time|distance|lap|session|workout|program|plan))",
        r"\1 21.1 km run",
    ),
    # every parkrun is 5 km (a junior parkrun 2 km): a run, or a walk where the message says
    # it was walked; a distance the message gives itself is the one run ("junior parkrun with
    # my grandson, 2k")
    (r"\b(junior )?park ?run\b", _parkrun),
    # The evening meal's British, Irish and antipodean name ("tea tonight was shepherds pie",
    # "fish fingers for my tea"), never the drink ("a cup of tea", "tea with milk")
    (r"^tea(?=\s+(?:tonight|was|last night)\b|\s*:)", "dinner"),
    (r"\bfor (my |our |his |her )?tea\b(?!\s+(?:and|with|bags?|break)\b)", r"for \1dinner"),
    (r"\b(?:my|our|his|her) tea (?=tonight|last night|was\b)", "dinner "),
    # a South African barbecue said as the meal ("braai tonight: boerewors, 2 chops")
    (r"^braai\b", "dinner braai"),
    # small-sided football by its side's size ("5-a-side", "five a side", "7 a side footy"):
    # the game, never a load of plates on each side ("12.5 a side", "at 10 a side") (asks92)
    (
        r"(?<![\d.@x/+])(?<!\bat )(?<!\bw )(?<!\bw/ )(?<!\bwith )(?<!\band )(?<!\bplus )(?<![@x+] )"
        r"\b(?:[5-9]|1[01])[ -]a[ -]side\b(?:\s+(?:football|footy|soccer)\b)?(?!\s*(?:plates?|each|on)\b)",
        "soccer",
    ),
    # pickup basketball, as players name it
    (r"\bpick ?-?up ball\b", "pickup basketball"),
    (r"\bmarathon\b", "42.2 km run"),
    (r"\b(?:an?|one)\s+(hour|hr|mile|kilometre|kilometer|km|minute|set)\b", r"1 \1"),
    (r"\bsingle set\b", "1 set"),
    # (days94) the session's heart rate told with the activity it was on ("my heart rate on the
    # bike was average 118", "avg hr on the run 150"): its average heart rate
    (
        r"\b(?:my )?(?:heart rate|hr|pulse) (?:on|during|for|in) (?:the|my) [a-z]+ (?:was|were) "
        r"(?:an? )?(?:average|avg)(?: of)? (?=\d)|"
        r"\b(?:my )?(?:average|avg) (?:heart rate|hr|pulse) (?:on|during|for|in) (?:the|my) [a-z]+ (?:was )?(?=\d)",
        "avg hr ",
    ),
    # (days94) a dash typed as two hyphens between clauses ("dl 1x5 315 -- 5x5 day, 65 min"):
    # the dash that ends a clause, never part of the name before it
    (r"\s+-{2,}\s+", " — "),
    # what a step-up steps onto ("step ups onto the bottom stair", "on the kerb", "onto a box"):
    # the step-up still, whatever the step
    (
        r"\b(step[- ]?ups?)\s+(?:on|onto|up onto|off|using)\s+(?:the|a|my|our)\s+(?:bottom\s+|first\s+|lowest\s+|low\s+|front\s+|back\s+)?"
        r"(?:stairs?|steps?|kerb|curb|box|bench|platform|stool)\b",
        r"\1",
    ),
    # push-ups done on the knees are the knee push-up ("press-ups on my knees, 12, 10 and 8")
    (
        r"\b(?:push|press)[- ]?ups?,? (?:done )?(?:on|from) (?:my|the|her|his|our|your) knees\b",
        "knee push-ups",
    ),
    # "à" as French and German speakers write a set's reps and its load in English: "4 sets à
    # 15" is 4 sets of 15, "3x10 à 40 kg" at 40 kg
    (r"(\d\s*sets?|\d\s*(?:x|times)|\bsets?)\s+à\s+(?=\d)", r"\1 of "),
    (r"(?<=\d)\s+à\s+(?=\d+(?:[.,]\d+)?\s*(?:kgs?|kilos?|lbs?|pounds?)\b)", " at "),
    # one lift whose name holds "and" (a clause splits at "and"): never a clean, then a jerk
    (r"\bclean (?:and|n|'n'?|an') jerks?\b", "clean & jerk"),
    # Texting shorthand of people logging on a phone in a hurry: "n" is "and" ("curls n
    # press", "4 n half hrs", "an hour n 5"), "b4" before, "nite" night, and a lift's verb in
    # the past its name ("squatted 100 for 5", "deadlifted 180"; "curled" only before a figure)
    (r"(?<=[\w)]) n (?=[\w(])", " and "),
    (r"\bb4\b", "before"),
    (r"\b(?:2nite|2night|tonite)\b", "tonight"),
    (r"\bnite\b", "night"),
    (r"\b(squat|deadlift|bench)(?:t?ed)\b", r"\1"),
    (
        r"\b(curl|shrug|lung)(?:g?ed)(?=\s*(?:\d|@))",
        lambda m: m.group(1) + ("e" if m.group(1) == "lung" else ""),
    ),
    # "100k x 8", "60k for 10": a lift's load in kilos (a run's "5k" is a distance: 20 and over
    # with reps after it is no run)
    (r"(?<![\d.])([2-9]\d|[1-4]\d\d)\s*k\b(?=\s*(?:x|\*|for)\s*\d)", r"\1 kg"),
    # and a clean then a press as one lift ("axle clean and press", "kb clean n press")
    (r"\bclean (?:and|n|'n'?|an') press(?:es)?\b", "clean & press"),
    # clock times in words: "half past 6" is 6:30, "quarter past 7" 7:15, "quarter to 7" 6:45
    (r"\bhalf past (\d{1,2})\b(?!:)", r"\1:30"),
    (r"\b(?:a )?quarter past (\d{1,2})\b(?!:)", r"\1:15"),
    # "half seven to nine", "from half 6": the British half past the hour, where a clock time
    # is plainly meant (a range's start, or after "from", "at", "till"), never "half 5 km"
    (r"\bhalf (\d{1,2}) (?=(?:to|till|until|-) \d)", r"\1:30 "),
    (
        r"\b(from|at|by|around|till|until) half (\d{1,2})\b(?![:.]\d|\s*(?:h\b|hrs?|hours?|mins?|minutes?|k\b|km|mi\b|miles?|x\b|reps?|sets?|kgs?|lbs?))",
        r"\1 \2:30",
    ),
    # "twenty past five", "ten past 6": minutes past the hour, as a clock is read aloud
    (
        r"\b(5|10|20|25)\s+(?:minutes\s+)?past\s+(\d{1,2})\b(?![:.]\d)",
        lambda m: f"{m.group(2)}:{int(m.group(1)):02d}" if int(m.group(2)) <= 12 else m.group(0),
    ),
    # (a full stop after it ends the sentence: "up at quarter to seven.")
    (
        r"\b(?:a )?quarter to (\d{1,2})\b(?![:.]\d|\s*(?:k\b|km|mi\b|miles?|kgs?|lbs?|reps?|sets?|mins?))",
        lambda m: (
            f"{(int(m.group(1)) - 2) % 12 + 1}:45"
        ),  # the hour before: "quarter to 1" is 12:45
    ),
    # "from 22h to 5h30" (a 24-hour clock, or "from"): two times of day, not durations
    (
        r"(?<![\d:.])(from )?(\d{1,2})h(\d{2})?\s*(-|–|to|till|until)\s*(\d{1,2})h(\d{2})?\b",
        _clock_range,
    ),
    (r"\bdumbell", "dumbbell"),  # a common misspelling
    # "incline bb 135", "flat db 30s": the bench press, named by its angle and the bar's short
    # name alone (a name going on after it, "incline db fly", is that exercise)
    (
        r"\b(incline|decline|flat)\s+(bb|db|barbell|dumbbell|dumbbells|smith)\b"
        r"(?!\s*(?:press|bench|fl(?:y|ies|yes)|curls?|rows?|raises?|walk|squeeze|pullovers?|skull))",
        r"\1 \2 bench press",
    ),
    (r"(?<=\d)\s*yds\b", " yd"),  # "2,400 yds": a swimmer's yards
    # "dips 3x12, added 10kg on the belt": a load added to the body's, after a bodyweight
    # exercise only ("squat 3x5, added 10kg" may be more than last time)
    (
        r"(\b(?:dips?|chin-?\s?ups?|chins|pull-?\s?ups?|pullups|muscle-?\s?ups?|push-?\s?ups?|weighted)\b[^.;,(]*?)"
        r",?\s*\b(?:added|adding)\s+(?:an? )?(\d+(?:\.\d+)?\s*(?:kgs?|kilos?|lbs?|pounds?))\b(?:\s*(?:plates?|weights?))?"
        r"(?:\s+(?:on|to|in|from) (?:the |my |a )?(?:dip )?(?:belt|vest))?",
        r"\1 plus \2",
    ),
    (r"\b(?:tmrw|tmrrw|tmw|tmr|tmoro|tmorrow|tomoz|2moro|2morrow)\b", "tomorrow"),  # shorthand
    # "curls w 10kg", "lunges w/ barbell": "w" after a word is "with" (after a number: watts)
    # "140#", "4x12 #120": the pound sign after a load (or before it after the sets) is lb
    (r"(?<=\d)\s*#(?![\w#])", " lb"),
    (r"(?<!\d)(\d+\s*x\s*\d+)\s+#(\d+(?:\.\d+)?)\b", r"\1 \2 lb"),
    (r"\bw/\s*", "with "),
    (r"(?<=[a-z]) w (?=[a-z0-9])", " with "),
    (
        r"(?<!\d)(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|miles?|km|kilos?|kg|lbs?|pounds?)?\s+and\s+(?:a\s+)?half\b",
        "HALF:\\1 \\2",
    ),
    # "an hour and a quarter", "2 and three quarters miles": the quarters added the same way
    (
        r"(?<!\d)(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|miles?|km)?\s+and\s+(?:a\s+|one\s+)?quarter\b",
        "QUARTER:\\1 \\2",
    ),
    (
        r"(?<!\d)(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|miles?|km)?\s+and\s+(?:3|three)\s+quarters\b",
        "THREEQ:\\1 \\2",
    ),
    (r"(?<!\d)(\d+)\s*h\s*(\d{1,2})\b(?!\s*(?:min|m\b))", r"\1 h \2 min"),
    # "6 hrs 50", "2 hours 15", "an hour and 8": hours then minutes, unless a unit says the
    # number is other; words of the night after them are no unit ("7 hrs 40 sleep", "5hrs 20
    # according to ...") nor is where it was done ("1 hr 10 on the bike")
    (
        r"(?<!\d)(\d+)\s*(?:hrs?|hours?)\s+(?:and\s+)?([0-5]?\d)\b(?![.,]\d|\s*(?:"
        r"(?!(?:sleep|slept|asleep|in bed|of sleep|according|last night|overnight|total|tonight|on the|on my|"
        # who or what it was done with, or when ("1 hr 10 with the dog", "1 hr 5 w/ the club")
        rf"{_TIME_TAIL})\b)[a-z%]|/))",
        r"\1 h \2 min",
    ),
    (r"(?<!\d)(\d+)\s*h\s*(\d{1,2})\s*m\b", r"\1 h \2 min"),  # "7h 40m": minutes, not metres
    # Training words of people writing in a second language ("I make 4 series of 8
    # repetitions"): series are sets, repetitions reps, and "make" a set count is "did".
    (r"(?<!\d)(\d+)\s+series\b", r"\1 sets"),
    # "3 lots of 10": the British and Irish sets (a count of a count only: "lots of 10s" stays)
    (r"(?<![\d.])(\d+)\s+lots\s+of\s+(?=\d+\b(?!\s*(?:kg|lb|min|km|mi)))", r"\1 sets of "),
    (r"(?<!\d)(\d+)\s+repetitions?\b", r"\1 reps"),
    # (days94) and the perfect of either ("i have made squats, 5 series ...", "we've done lunges,
    # 3 sets of 10"): the past of a log all the same
    (
        r"\b(?:i|we) (?:(?:have|'ve) (?:made|done)|make|made|makes)\b(?=[^.?!]*\d+\s*(?:sets|reps|x))",
        "i did",
    ),
    # "did me kegels": the dialect's "me" for "my" after a verb of doing (British, Irish, Aussie)
    (r"\b(did|done|finished|got through|smashed) me (?=[a-z])", r"\1 my "),
)


# Spoken figures in two parts, "one thirty five", "two twenty", "ten forty five": a word of 1
# to 19, then a tens word (and a unit word); after "at" or "@" also a word of 1 to 9, then one
# of 10 to 19 ("at one fifteen"; "five twelve-rep sets" are sets, "with two twelve kg" a pair).
# Never their sum ("one thirty five" is not 36, "one fifteen" not 16): in a message about sleep
# or the clock it is a time ("ten thirty" = 10:30), otherwise a hundreds figure said the gym's
# way ("bench at one thirty five" = 135; 10-19 first stays a sum). "and" going on with words
# ends the figure ("at one thirty five and then rdls"); "and five" does not.
_UNIT_WORD = "(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = "|".join(w for w, i in _SMALL.items() if 10 <= i <= 19)
_SPOKEN = re.compile(
    rf"\b(?:({'|'.join(w for w, i in _SMALL.items() if 1 <= i <= 19)})[\s-]+"
    rf"({'|'.join(_TENS)})(?:[\s-]+({_UNIT_WORD}))?|(?:(?<=\bat )|(?<=@ ))({_UNIT_WORD})[\s-]+({_TEENS}))\b"
    rf"(?![\s-]+(?:and\s+{_NUM_WORD}\b|hundred\b|{_NUM_WORD}\b))"
)
_CLOCK_WORDS = re.compile(
    r"\b(?:bed|slept|sleep|sleeping|woke|wake|alarm|lights|o'?clock|a\.?m|p\.?m)\b"
)


def _spoken(text: str) -> str:
    clock = _CLOCK_WORDS.search(text) is not None

    def one(m: re.Match[str]) -> str:
        if m.group(4):  # "one fifteen"
            first, rest = _SMALL[m.group(4)], _SMALL[m.group(5)]
        else:
            first, rest = _SMALL[m.group(1)], _TENS[m.group(2)] + (_SMALL[m.group(3)] if m.group(3) else 0)  # fmt: skip
        if clock and first <= 12 and rest < 60:  # "one sixty two" is never 1:62
            return f"{first}:{rest:02d}"
        return str(first * 100 + rest) if first <= 9 else m.group(0)

    return _SPOKEN.sub(one, text)


# "kebab with fries, big one", "a long one": "one" stands for the thing, no count of it
_ONE_THING = re.compile(r"\b(?:big|small|large|huge|massive|little|long|short|nice|good|quick) $")
# "a coke zero", "pepsi zero sugar": a drink's name, no number (its description keeps it)
_ZERO_DRINK = re.compile(
    r"\b(?:coke|cola|pepsi|sprite|fanta|7 ?up|dr\.? ?pepper|irn bru|monster|red ?bull|"
    r"lucozade|gatorade|powerade|celsius|soda|pop) $"
)


# "zero soreness", "zero stress": none of it, as "no soreness" (daily31: read as a figure, the
# 0 became the score of the metric before it, "mood great, zero soreness" a mood of 1)
_ZERO_AMOUNT = re.compile(r"\s+(?:sore|soreness|doms|stress|stressed|energy)\b")


def _number_run(m: re.Match[str]) -> str:
    if m.group(0) == "one" and _ONE_THING.search(m.string[: m.start()]):
        return "one"
    if m.group(0) == "zero" and (
        _ZERO_DRINK.search(m.string[: m.start()]) or _ZERO_AMOUNT.match(m.string, m.end())
    ):
        return "zero"
    return _words_to_number(m.group(0))


def _words_to_number(run: str) -> str:
    """A run of number words as its figures: one number where the words make one ("one
    hundred and twenty five" → 125), a list where they cannot ("ten eight seven and six",
    reps said aloud, → "10, 8, 7, 6": their sum, 31, was stored as one set)."""
    out: list[str] = []
    total = 0
    # what the number so far may still take: tens, units (1-9) or "teens" (10-19)
    takes: set[str] = set()
    for word in re.split(r"[\s-]+", run):
        if word == "and":
            if total and "tens" not in takes:  # "ten and six": a list; "hundred and ten" goes on
                out.append(str(total))
                out.append("and")
                total, takes = 0, set()
            continue
        if word == "hundred":  # "two hundred", "twenty five hundred" (2500), as before
            if total >= 100:
                out.append(str(total))
                total = 0
            total = max(total, 1) * 100
            takes = {"tens", "units", "teens"}
            continue
        value = _SMALL.get(word, _TENS.get(word))
        if value is None:
            continue
        kind = "tens" if word in _TENS else "units" if 1 <= value <= 9 else "teens"
        if total and kind not in takes:
            out.append(str(total))
            total, takes = 0, set()
        total += value
        takes = {"units"} if kind == "tens" else set()
    out.append(str(total))
    figures = [w for w in out if w != "and"]
    # three or more: a list of reps as it is typed ("12, 10, 8"), read as one exercise's sets
    return ", ".join(figures) if len(figures) > 2 else " ".join(out)


def _plus_half(number: str, part: str = "0.5") -> str:
    """``number`` + ``part`` written out in full ("6" → "6.5", "2.5" → "3"): exact in decimal,
    where a float's ``:g`` wrote "1212121212 and a half" as "1.21212e+09"."""
    return format((Decimal(number) + Decimal(part)).normalize(), "f")


# "ran 4 miles in 38", "5 km in 30", "10k tempo in 46", "swam 1500m in 35": a bare number after a distance's "in" is its minutes,
# where that is a pace people move at (1 to 20 min a km: cycling to walking; "in 46 flat"); a unit or any
# other word after it ("in 30 degrees", "in 2 sets") leaves it as it was.
_DISTANCE_IN = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(km|kms|mi|miles?|m|metres|meters|yds?|yards)\s+(?P<kind>(?:tempo|easy|steady|recovery|long)(?: run)?\s+)?in\s+(\d{1,3})\b(?![.:,]\d)"
    r"(?=\s*(?:$|[;,.!?)]|(?:and|then|but|on|at|felt|today|yesterday|this|last|with|for|"
    r"easy|slow|fast|lol|so|pace|flat|dead)\b))"
)


# min per km said in metres or yards ("swam 1500m in 35", "rowed 2000m in 8"): a swim's slower
# pace as well
_METRES_PACE = (1.0, 45.0)


def _distance_in(m: re.Match[str]) -> str:
    unit = m.group(2)
    short = not unit.startswith(("k", "mi"))  # metres or yards
    per_km = 1.609 if unit.startswith("mi") else 0.0009144 if unit.startswith("y") else 1.0
    km = float(m.group(1)) * (0.001 if unit.startswith("m") and short else per_km)
    minutes = int(m.group(4))
    low, high = _METRES_PACE if short else (1.0, 20.0)
    if km <= 0 or not low <= minutes / km <= high:
        return m.group(0)
    return f"{m.group(1)} {m.group(2)} {m.group('kind') or ''}in {minutes} min"


# A duration or a distance said as the whole of it ("5 and a half hours return", "4 hours in
# total", "14 km round trip"): the figure alone, as the log keeps it
_AS_A_WHOLE = re.compile(
    r"(\d\s*(?:h|hrs?|hours?|mins?|minutes?|km|kms|kilomet(?:re|er)s?|mi|miles?)),?\s+"
    r"(?:in total|all in|all told|altogether|return|round trip)\b"
)

# "cycled to uni and back, 40 min total, like 12 km": the whole ride's time, said with "total"
# alone before a comma (asks92); a total of sets' time is left to ``session``
_TOTAL_TIME = re.compile(r"(\d\s*(?:h|hrs?|hours?|mins?|minutes?)),?\s+total\b(?=\s*,)")
_SETS_SAID = re.compile(r"\d\s*x\s*\d|\b(?:sets?|reps?|rounds?)\b")


def normalise(text: str) -> str:
    """Lower case, plain quotes and spaces, number words as digits ("six and a half" → 6.5)."""
    out = text.lower().replace("’", "'").replace("‘", "'").replace("×", "x")
    out = re.sub(r"[“”]", '"', out)
    out = undictate(out)
    out = english_words(out)
    # breakfast shortened ("bfast 3 eggs + toast"): unread, its foods were left out of the meal
    out = re.sub(r"\b(?:bfast|b'fast|brkfst|brekfast|brekfst|brekfest)\b", "breakfast", out)
    out = _spoken(out)
    # "5 a side last night, hour": a bare "hour" as the clause's time is one hour
    out = re.sub(r"(?<=[,;:] )(?:an? |one )?hour(?=\s*(?:$|[,.;!]))", "1 hour", out)
    # "lunch time run": the time of day, one word ("time run" was asked about as a kind of run)
    out = re.sub(
        r"\blunch time(?= (?:run|jog|walk|swim|ride|spin|row|session)\b)", "lunchtime", out
    )
    # "lunch break session 30 min: ohp ...": a session at lunchtime, no meal (numbers96)
    out = re.sub(
        r"\blunch(?: break| hour)?(?= (?:session|workout|wko|lift|lifting|gym|sesh|training)\b)",
        "lunchtime",
        out,
    )
    # "a hundred and ten": one hundred (the "a" left before 110 was a word of no meaning)
    out = re.sub(r"\ba (?=hundred\b)", "one ", out)
    out = _NUM_RUN.sub(_number_run, out)
    # thousands said in words ("a thousand yards", "two thousand metres"): the figure, never a
    # number the accounting cannot see (the distance was dropped unasked)
    out = re.sub(
        r"\b(?:a|one|(\d+(?:\.\d+)?))\s+thousand\b",
        lambda m: format((Decimal(m.group(1) or "1") * 1000).normalize(), "f"),
        out,
    )
    # a decimal said aloud ("fifty nine point eight" is now "59 point 8"): 59.8
    # (a full stop after it ends the sentence: "weight 162 point 4. going to rehab")
    out = re.sub(r"(?<![\d.])(\d+) point (\d)\b(?!\d|\.\d)", r"\1.\2", out)
    out = plain_described(plain_forms(plain_hinglish(plain_trade_talk(out))))
    out = stack_loads(out)  # "pin 9 — the stack says 63kg": the load, at 63kg
    for pattern, repl in _PHRASES:
        out = re.sub(pattern, repl, out)
    for mark, part in (("HALF", "0.5"), ("QUARTER", "0.25"), ("THREEQ", "0.75")):

        def plus(m: re.Match[str], part: str = part) -> str:
            return f"{_plus_half(m.group(1), part)} {m.group(2)}".rstrip()

        out = re.sub(rf"{mark}:(\d+(?:\.\d+)?) ?(\S*)", plus, out)
    out = _AS_A_WHOLE.sub(r"\1", out)
    if not _SETS_SAID.search(out):  # (a session's "45 min total" is the sets' reader's)
        out = _TOTAL_TIME.sub(r"\1", out)
    # "34 mins 30": minutes then seconds, as a time is read out (34:30)
    # (so is "8 mins 20 on monday": when it was done, or with whom, is no unit of the 20)
    out = re.sub(rf"(?<![\d:.])(\d{{1,3}})\s*(?:mins?|minutes)\s+([0-5]\d)\b(?![.:]\d|\s*(?:secs?\b|seconds?\b|s\b|(?!(?:{_TIME_TAIL})\b)[a-z%]|/))", r"\1:\2", out)  # fmt: skip
    # Thousands separators ("2,150 kcal", "10,000 steps") before decimal commas; a list of
    # reps or loads ("10,10,9", "100,110,120") keeps its commas.
    out = re.sub(r"(?<![\d,.])(\d{1,2}),(\d{3})(?![\d,])", r"\1\2", out)
    out = re.sub(r"(?<![\d,])(\d+),(\d)(?!\d\d)(?!\d?,\d)", r"\1.\2", out)  # 72,4 → 72.4
    out = food_kilojoules(out)  # "brekkie ..., about 1300 kJ": the meal's kcal (311)
    out = kit_loads(out)  # "the 32 bell", "2 pood", "at 100k" on a bar: loads, not kilometres
    out = placed_loads(out)  # "w the 80 each arm", "25 on the ez bar": the load of the sets
    out = list_edges(out)  # "park workout - dips 12, 10, 9 on the rings"
    out = there_and_back(another_bout(out))  # "... and another 35 min", "... and back 35 min"
    out = re.sub(
        r"(?<!\d)(\d+(?:\.\d+)?)\s*k\b(?!\s*(?:cal|g|steps?\b))", r"\1 km", out
    )  # 5k → 5 km; not 10k steps
    out = without_tempo(out)  # "bench 3x10 @ 185 tempo 3-0-1": no field of a log
    out = effort_taken_back(out)  # "rir 1-2 last set.. actually rir 2"
    out = midpoints(out)  # "rir 1-2"
    out = _DISTANCE_IN.sub(_distance_in, out)
    # a figure taken back and said again: "bench 70, no wait 75kg", "ran 8 km, sorry 6 km"
    out = said_over(out)
    out = tracker_lines(out)  # "23:40 → 06:25", "deep 1h40 rem 1h55", "1rm test: squat 170"
    # (days95: "squat 225 5/5/5 log it pls": the request is a clause of its own, never words
    # of the sets; a full stop before it ended the rep list's reading too)
    out = _LOG_IT_AFTER.sub(r", \1", out)
    return re.sub(r"\s+", " ", out).strip()


# A request to log at the end of a message, right after a figure
_LOG_IT_AFTER = re.compile(
    r"(?<=\d)\s*\.?\s+((?:(?:pls|plz|please|can you|could you|can u|could u)\s+)?"
    r"log(?:\s+(?:it|that|this|them|those|these))?(?:\s+(?:pls|plz|please|for me|thx|thanks|ty))*"
    r"[\s.!?]*)$"
)


# Texting slang that only cheers a log on ("squat 225 5x5 no cap", "160 x 1 pb slayyy", "4x6
# ate fr"): no name, number or food, so a log reads without it. "pb" after a number is a
# personal best (the "pr" the sets know), never peanut butter; "ate" only where nothing
# eaten follows it.
_SLANG = re.compile(
    r"\s*\b(?:no cap|fr ?fr|fr|ngl|lowkey|highkey|deadass|istg|on god|ong|sheesh|bussin|"
    r"slay+|slayed|bruh+|lets go+|let'?s go+|"
    # the particles of Singapore and Malaysia's English ("did bench lah", "siong liao"): "la"
    # only where a clause ends (a name's or another language's "la" goes on); never "meh", the
    # middle of a score ("mood meh")
    r"lah+|leh+|lor+|liao|sia|la(?=\s*(?:$|[;,.!])))\b(?=\W*(?:$|[;,.!]|\s))"
)
_SLANG_ATE = re.compile(r"(?<=\d)\s+ate(?=\W*$|\s+fr\b|\s*[;,.!])")
_SLANG_PB = re.compile(
    r"(?<=\d)(\s+(?:new\s+)?)pb\b"
    r"(?=\W*$|\s*[;,.!]|\s+(?:slay\w*|sheesh|lets|let'?s|today|lol|omg|baby|fr|no cap)\b)"
)


def without_slang(text: str) -> str:
    """A normalised logging message without the texting slang that only cheers it on."""
    out = _SLANG_PB.sub(r"\1pr", _SLANG_ATE.sub("", text))
    return re.sub(r"\s+", " ", _SLANG.sub("", out)).strip()
