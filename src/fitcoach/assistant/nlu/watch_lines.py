"""An endurance session as athletes paste it from a watch or an app, rewritten (after
``normalise``) into the words the cardio reader already takes:

- minutes said with an apostrophe ("easy 45'", "5x4'") are minutes, and a pace said so
  ("5'30 pace", "4'50/km") is minutes and seconds;
- "three quarters of an hour" is 45 minutes, "a quarter of an hour" 15;
- what the log does not keep and no figure of it comes from is dropped: power ("np 198w",
  "@ 140w", "95% ftp"), a rower's stroke rate ("r18/20/22", "24 spm"), cadence ("90 rpm")
  and height climbed ("1100 ft vert");
- where the line gives the session's own time besides, the structure of its work is no figure
  of it: repeats and their rests ("6x800m @ 3:05 w/ 400 jog", "10x100 on 1:50", "5x4' on the
  trainer"), a part's pace ("@ 7:10/mi"), a warm-up or cool-down's share ("1.5 wu", "2k
  warmup");
- a word only one sport uses names it where nothing else does: "gravel", "rouvy" and "trainer"
  a ride, "fartlek", "hill reps" and "trail 9k" a run, "pool", "lengths" and "pull buoy" a
  swim, a ski's "classic" or "skate" a cross-country one.
"""

from __future__ import annotations

import re
from datetime import date

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.cardio import names_activity
from fitcoach.assistant.nlu.matcher import default_matcher
from fitcoach.assistant.nlu.quantities import durations_s

_APOSTROPHE_PACE = re.compile(
    r"(?<![\d'])(\d{1,2})['’](\d{2})(?=\s*\"?\s*(?:/|per\b|pace\b|min\s*/|a (?:km|mile)))"
)
_APOSTROPHE_MIN = re.compile(r"(?<![\d'’])(\d{1,3})['’](?![\d'’a-z])")
_QUARTERS = re.compile(r"\b(?:three|3) quarters? of (?:an?|1) (?:hour|hr)\b")
_QUARTER = re.compile(r"\b(?:a|1) quarter of (?:an?|1) (?:hour|hr)\b")

# Power, stroke rate, cadence and height: said of the session, never kept by the log
_NOT_KEPT = re.compile(
    r"(?:\b(?:np|ap|avg|average|normali[sz]ed power|power|at|@)\s*(?:power\s*)?(?:of\s*)?)?"
    r"(?<![\w.])(?:\d{2,4}w|\d{2,4}\s*watts)\b(?!/)"
    r"|@?\s*\b\d{2,3}\s*%\s*(?:of\s*)?ftp\b|\bftp\s*(?:of\s*)?\d{2,3}\b"
    r"|\b(?:np|normali[sz]ed power)\s*:?\s*\d{2,4}\b"
    r"|\br\s?\d{2}(?:\s*/\s*\d{2})*\b|\b\d{2}\s*(?:spm|s/m)\b|\b(?:spm|s/m)\s*:?\s*\d{2}\b"
    r"|\b(?:cadence|cad)\s*:?\s*\d{2,3}\b|\b\d{2,3}\s*rpm\b"
    r"|\b\d[\d,.]*\s*(?:ft|feet|m)\s+(?:of\s+)?(?:vert|vertical|elevation|elev|gain|ascent|climbing)\b"
)
# Repeats of a distance or a time, with what each was done at and the rest between them
_REP = (
    r"(?:\d+(?:\.\d+)?\s*(?:miles?|mi|km|k|m|minutes?|mins?|seconds?|secs?|s|yds|yd|y)\b|"
    r"\d+(?:\.\d+)?\s*'|an? mile|"
    # (no unit: only with a clock or a share of FTP after it, "10x100 on 1:50", "2x20 @ 95%";
    # "squats 3x5 at 225" are sets)
    r"\d+(?=\s*(?:@|at|on|in)\s*(?:\d{1,2}:\d{2}|\d{2,3}\s*%)))(?!\s*(?:strides|sprints))"
)
_AT = r"(?:\s*,\s*\d{1,2}:\d{2}(?:\.\d)?\s*(?:avg|average|split)\b|\s*(?:@|at|on|in)\s*[\d:.%']+(?:\s*-\s*[\d:.']+)?\s*(?:s|secs?|/km|/mi|/k|/500m?|ftp|pace|split|min)?\b)"
_REST = (
    r"(?:\s*,?\s*(?:w/?|with|and)?\s*(?:an?\s+)?[\d:.']+\s*(?:m|mins?|minutes?|s|secs?|')?\s*"
    r"(?:jogs?|rest|rec|recovery|float|easy|off|walk)(?:\s+(?:between|in between|btw))?\b|"
    r"\s*,?\s*(?:w/?|with)\s*(?:jog|walk|easy|float)\w*\s+(?:recover(?:y|ies)|rests?)\b)"
)
# A rest said alone is no time of the session ("90 sec rest between")
_REST_ALONE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?)\s*(?:rests?|rec|recovery|off|between)\b"
)
_REPEATS = re.compile(
    rf"\b\d{{1,2}}\s*[x×*]\s*{_REP}(?![\d:])(?:{_AT}|\s+(?:hard|easy|strong|fast))*{_REST}?"
)
# A part's pace, when the session's time is said besides ("tempo 4 mi @ 7:10/mi ... 54 min")
_PART_PACE = re.compile(
    r"(?:@|at)?\s*\b\d{1,2}:[0-5]\d(?:\s*(?:down )?to\s*\d{1,2}:[0-5]\d)?\s*(?:/|per\s*)(?:km|k|mi|mile)\b"
)
_WARM_COOL = re.compile(
    r"\b(?:with\s+|incl\w*\s+|plus\s+|\+\s*)?\d+(?:\.\d+)?\s*(?:k|km|mi|miles?|m|mins?|')?\s*"
    r"(?:wu|cd|warm\s*-?\s*ups?|cool\s*-?\s*downs?)\b(?:\s*(?:and|&|\+)\s*\d+(?:\.\d+)?\s*(?:k|km|mi|miles?|m|mins?|')?\s*(?:wu|cd|cool\s*-?\s*downs?|warm\s*-?\s*ups?)\b)?"
)
_TOTAL = re.compile(r"\b(?:total|all told|in all|altogether|all together|overall|door to door)\b")

# Any word that names an activity already: then no sport's own word is added
_NAMED = re.compile(
    r"\b(?:ran|run|runs|running|jog\w*|rode|ride|rides|riding|bike\w*|cycl\w*|spin\w*|swam|swim\w*|"
    r"row\w*|erg\w*|ski\w*|walk\w*|hik\w*|treadmill|elliptical|peloton|zwift|mtb|freestyle|"
    r"backstroke|breaststroke|butterfly|laps?)\b"
)
_SPORT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(gravel)\b(?=\s*\d)"), r"\1 ride"),
    (
        re.compile(r"\b(?:rouvy|turbo|(?<!cross )(?<!elliptical )(?<!suspension )trainer)\b"),
        "indoor trainer",
    ),
    (re.compile(r"\b(fartlek|hill reps|hill repeats|strides)\b"), r"\1 run"),
    (re.compile(r"\b(trail)\b(?!\s*(?:run|race))"), r"\1 run"),
    # (a pace per km or mile is a runner's: riders give speeds, swimmers per 100, rowers per 500)
    (
        re.compile(
            r"^(?=.*(?:\d{1,2}:[0-5]\d\s*(?:/|per\s*)(?:km|k|mi|mile)\b|\d{1,2}:[0-5]\d\s*pace\b))"
        ),
        "run ",
    ),
    (re.compile(r"\b(pool(?=\s*[:\d])|pull buoy)\b"), r"\1 swim"),
)
# A line of endurance work (and none of lifting): its repeats are intervals, never sets
_ENDURANCE = re.compile(
    r"\b(?:ran|run|runs|running|jog\w*|rode|ride|riding|bike\w*|cycl\w*|swam|swim\w*|row\w*|"
    r"erg|ski\w*|treadmill|trainer|turbo|zwift|rouvy|peloton|pool|track|tempo|fartlek|vo2|"
    r"threshold|intervals?|splits?|pace|strides|hill)\b|\d\s*x\s*\d+\s*(?:m|k|km|mi)\b"
)
_LIFT = re.compile(
    r"\d\s*(?:kgs?|lbs?|kilos?|pounds?)\b|(?<!hill )\breps?\b|\bsets? of\b|\d\s*sets\b"
)
_BARE_SETS = re.compile(
    r"\b\d{1,2}\s*[x×*]\s*\d{1,2}\b(?!\s*(?:m|k|km|mi|mins?|s|'|:|\.\d))"
    r"(?!\s*(?:@|at|on|in)\s*(?:\d{1,2}:\d{2}|\d{2,3}\s*%))"
)
_DISTANCE = re.compile(r"\d\s*(?:k|km|mi|miles?|m|yds?|y)\b|\ban? mile\b")
_TOTAL_DISTANCE = re.compile(
    r"\d\s*(?:k|km|mi|miles?|m)\s+(?:total|all told|in all|all in)\b|"
    r"\btotal\s*(?:of\s*)?\d+(?:\.\d+)?\s*(?:k|km|mi|miles?|m)\b"
)
_TRACK = re.compile(r"\btrack\b")
_SKI = re.compile(r"\b(?:ski|skis|skied|skiied|skiing)\b")
_NORDIC = re.compile(r"\b(?:classic|skate|nordic)\b")


def _timed_without(text: str, pattern: re.Pattern[str], *, named: bool = False) -> str:
    """``text`` without what ``pattern`` finds, where the session's own time is still said
    there (and, with ``named``, its activity); else ``text`` as it was (then the pieces are
    all there is to read, and what is missing is asked)."""
    if not pattern.search(text):
        return text

    def gone(m: re.Match[str]) -> str:
        # (a jog between the repeats, or distance repeats on a track, make them a run's)
        ran = re.search(r"\bjog", m.group(0)) or (
            re.search(r"\d\s*(?:m|k|km|mi|miles?)\b", m.group(0)) and _TRACK.search(text)
        )
        return "\0run\0" if ran else " "

    left = pattern.sub(gone, text)
    # (the run so named goes with the figures after it: "run 55 min", never a clause alone)
    left = re.sub(r"\0run\0\s*[,.;:]*\s*", " run ", left)
    if durations_s(_REST_ALONE.sub(" ", left)) is None:
        return text
    if named and not (_NAMED.search(left) or names_activity(_ctx(left), left)):
        return text
    # A distance dropped with the pieces ("8 x 500m", "1 mile warmup") leaves the session's own
    # distance to be said besides ("10.2k total"), or none at all: else the log would keep a
    # part of the way as all of it (asked, as before)
    dropped = [m.group(0) for m in pattern.finditer(text)]
    if any(_DISTANCE.search(d) for d in dropped) and not _DISTANCE.search(left):
        return text if any(_DISTANCE.search(d) for d in dropped if pattern is _REPEATS) else left
    if (
        any(_DISTANCE.search(d) for d in dropped)
        and pattern is _WARM_COOL
        and not _TOTAL_DISTANCE.search(left)
    ):
        return text
    return left


def _ctx(text: str) -> Ctx:
    return Ctx(text, text, date(2000, 1, 1), default_matcher())


def watch_lines(text: str) -> str:
    """One normalised line of an endurance log in the words the cardio reader takes."""
    text = _APOSTROPHE_PACE.sub(r"\1:\2", text)
    text = _APOSTROPHE_MIN.sub(r"\1 min", text)
    text = _QUARTER.sub("15 min", _QUARTERS.sub("45 min", text))
    text = re.sub(r"\brollerski(?:ing|s|ed)?\b", "roller ski", text)
    if re.search(r"\b(?:ran|run\w*|jog\w*|walk\w*|ski\w*|skat\w*)\b", text):
        text = re.sub(r"\b(?:bike|cycle) (path|lane|track)\b", r"\1", text)  # a place, no ride
    if not re.search(r"\d", text):
        return text
    if not (_LIFT.search(text) or _BARE_SETS.search(text)):
        if _SKI.search(text) and _NORDIC.search(text) and not re.search(r"\bxc\b|cross", text):
            text = _SKI.sub("xc ski", text, count=1)
        if not _NAMED.search(text):
            for pattern, named in _SPORT_WORDS:
                if pattern.search(text):
                    text = pattern.sub(named, text, count=1)
                    break
    if _ENDURANCE.search(text) and not _LIFT.search(text):
        text = _timed_without(text, _REPEATS, named=True)
    text = _NOT_KEPT.sub(" ", text)
    if _TOTAL.search(text) or re.search(r"\bdown to\b", text):  # (a part's pace, not the whole's)
        text = _timed_without(text, _PART_PACE)
    if _BARE_SETS.search(text) or _LIFT.search(text):
        return re.sub(r"  +", " ", text)  # (lifting beside: its sets and loads are read as said)
    if _TOTAL.search(text) or re.search(r"\bincl\w*\s+(?:wu|warm)", text):
        text = _timed_without(text, _WARM_COOL)
    return re.sub(r"  +", " ", text)
