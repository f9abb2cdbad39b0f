"""Team sports, races and run workouts as people tell them (stop 96, sports96): one line's
words put into the ones the cardio reader knows, before it reads them.

- A game told by its periods ("4 x 15 min quarters", "2 halves of 40 min", "two 35 min
  halves") is their sum: the game's time.
- A game's time and a warm-up said apart ("90 mins plus 10 min warmup") is the session's
  sum; "with a warm-up" may be inside the time and stays as said.
- Drills inside a sport's session ("hockey training, 1h45 including the sprint drills") are
  a part of it, never a session of their own (they were stored as Sprints).
- "sunday league" is a football (soccer) league, and a position only soccer has ("played
  centre back", "up front as striker") says which football was played.
- ("sRPE 7" is the session RPE: ``normalise`` reads it before this module, numbers96.)
- A time by which a record was beaten ("new PB by 20 seconds", "30 secs faster than last
  week") is no time of the session.
- A race by a way with no sport named ("10 mile race 1:18:05") is a run, at a pace a runner
  races at; track repeats in bare metres ("intervals 8x400 w 90s rest", "track session: 6 x
  800 @ 3:10") are a run's intervals in metres.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import distance_m, durations_s

_WORD_COUNT = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_N = r"(?P<n>two|three|four|[2-6])"
_MINS = r"(?P<m>\d{1,2})\s*-?\s*(?:mins?|minutes?)"
_PERIOD = r"(?:quarters?|halves|halfs|periods?|thirds|chukkas?|chukkers?)"
# "4 x 15 min quarters", "4x15min quarters", "4 quarters of 15 min", "two 40 min halves",
# "2 halves of 35 minutes"
_PERIODS = (
    re.compile(rf"\b{_N}\s*[x×*]\s*{_MINS}\s+{_PERIOD}\b"),
    re.compile(rf"\b{_N}\s+{_PERIOD}\s+of\s+{_MINS}(?:\s+each)?\b"),
    re.compile(rf"\b{_N}\s+{_MINS}\s+{_PERIOD}\b"),
)

# "90 mins plus 10 min warmup", "60 min + 15 min cool down": the two times are the session's
_PLUS_WARM = re.compile(
    r"(?<![\d.:])(?P<a>\d{1,3})\s*(?:mins?|minutes?)\s+(?:plus|\+|and)\s+(?:an?\s+)?(?:extra\s+)?"
    r"(?P<b>\d{1,2})\s*(?:mins?|minutes?)\s+(?:of\s+)?(?:a\s+)?"
    r"(?:warm[- ]?ups?|warmups?|cool[- ]?downs?|cooldowns?)\b"
)

# "including the sprint drills", "incl. some passing drills", "with shooting drills": a
# part of the session, said with no figure of its own
_DRILLS = re.compile(
    r"\b(?:including|incl\.?|inc\.?|plus|with)\s+(?:the\s+|some\s+|a\s+few\s+|lots\s+of\s+)?"
    r"(?:[a-z-]+\s+){0,2}?drills\b"
)

# A league of association football, with its game's word ("sunday league game", "sunday
# league footy"), never where the line names another sport
_SUNDAY_LEAGUE = re.compile(r"\bsunday[- ]league\b(?:\s+(?:football|footy|footie|soccer)\b)?")
_OTHER_GAMES = re.compile(
    r"\b(?:cricket|rugby|netball|hockey|softball|baseball|basketball|volleyball|darts|pool|"
    r"bowls|bowling|ultimate|frisbee|gaelic|gaa|hurling|camogie|afl|aussie|american|touch|"
    r"flag|walking|tag|netball|lacrosse|handball|water polo|futsal|5[- ]a[- ]side)\b"
)
_FOOTBALL = re.compile(r"\b(?:football|footy|footie)\b")
# Positions only association football names ("played centre back", "in goal"... is rugby's
# and Gaelic's too, so not here)
_SOCCER_POSITION = re.compile(
    r"\b(?:cent(?:re|er)[- ]?(?:back|half|mid)s?|cbs?|cdm|striker|goalkeeper|goalie|"
    r"midfielder|(?:left|right|wing)[- ]?backs?|lb|rb|lwb|rwb|sweeper)\b"
)

# A record beaten by a time, and a time faster or slower than another ("new PB by 20
# seconds", "knocked 30 secs off my pb", "2 min faster than last week")
_RECORD = re.compile(r"\b(?:pb|pr|personal best|personal record|record)\b")
_TIME = r"\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?)\b"
_BY_TIME = re.compile(rf"\b(?:by|knocked|knocking|shaved|shaving|took|taking)\s+(?:off\s+)?(?:about\s+|like\s+|~\s*)?{_TIME}(?:\s+off\b)?")  # fmt: skip
_FASTER = re.compile(rf"(?:\bby\s+)?(?:about\s+|like\s+|~\s*)?(?<![\d.:]){_TIME}\s+(?:faster|quicker|slower)\b")  # fmt: skip

# Words of a sport done by distance other than a run (a race there is that sport's)
_OTHER_WAY = re.compile(
    r"\b(?:row\w*|erg|ski\w*|concept|c2|bike\w*|ride|rode|cycl\w*|spin|swim\w*|swam|pool|"
    r"skat\w*|tri\w*|duathlon|aquathlon|wheel\w*|chair|paddl\w*|kayak\w*|canoe\w*|walk\w*|"
    r"hik\w*|ruck\w*|elliptical|kg|lbs?)\b"
)
_RUN_WORDS = re.compile(r"\b(?:ran|run|runs|running|jog\w*)\b")
_RACE = re.compile(r"\b(?P<way>\d{1,3}(?:\.\d+)?\s*(?:k|km|kms|mi|miles?|mile))\s+(?P<race>(?:road |trail )?race)\b")  # fmt: skip
# min per km a race run goes at (an elite's to a walker's)
_RACE_PACE = (2.5, 10.0)

# Track repeats in bare metres after a word of a run's session ("intervals 8x400", "track: 6
# x 800 @ 3:10")
_RUN_SESSION = re.compile(r"\b(?:intervals|track(?:\s+session|\s+workout)?|reps on the track)\b")
_TRACK_REPS = re.compile(
    r"\b(?P<n>\d{1,2})\s*[x×*]\s*(?P<d>200|300|400|500|600|800|1000|1200|1600|2000)"
    r"(?:\s*(?:m|metres|meters)\b)?(?!\s*(?:k\b|km|mi|kg|lbs?|g\b|s\b|secs?|min|reps?|[\d.:/x]))"
)


def _periods(line: str) -> str:
    for pattern in _PERIODS:
        line = pattern.sub(lambda m: f"{_WORD_COUNT[m['n']] * int(m['m'])} min", line)
    return line


def _plus_warm_up(line: str) -> str:
    return _PLUS_WARM.sub(lambda m: f"{int(m['a']) + int(m['b'])} min", line)


def _which_football(line: str) -> str:
    if _OTHER_GAMES.search(line):
        return line
    line = _SUNDAY_LEAGUE.sub("sunday soccer", line)  # (the day it is played: gold reads it so)
    if _FOOTBALL.search(line) and _SOCCER_POSITION.search(line):
        line = _FOOTBALL.sub("soccer", line)
    return line


def _without_record_times(line: str) -> str:
    if _RECORD.search(line):
        line = _BY_TIME.sub(" ", line)
    return _FASTER.sub(" ", line)


def _race_run(line: str) -> str:
    m = _RACE.search(line)
    if m is None or _OTHER_WAY.search(line) or _RUN_WORDS.search(line):
        return line
    way = distance_m(m["way"])
    took = durations_s(line[: m.start()] + " " + line[m.end() :])
    if not way or took is None:
        return line
    low, high = _RACE_PACE
    if not low <= took / 60 / (way / 1000) <= high:
        return line
    return f"{line[: m.start()]}ran {line[m.start() :]}"


def _track_repeats(line: str) -> str:
    if not _RUN_SESSION.search(line) or _OTHER_WAY.search(line):
        return line
    if not _TRACK_REPS.search(line):
        return line
    line = _TRACK_REPS.sub(lambda m: f"{m['n']} x {m['d']}m", line)
    return _RUN_SESSION.sub("track intervals", line, count=1)


def game_words(line: str) -> str:
    """``line`` (one normalised clause line) with a game's periods, a time plus its warm-up,
    drills inside a session, which football, a record's margin, a race by a way and
    track repeats put into the words the cardio reader reads."""
    line = _DRILLS.sub(" ", _plus_warm_up(_periods(line)))
    line = _without_record_times(_which_football(line))
    return _track_repeats(_race_run(line))
