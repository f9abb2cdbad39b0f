"""A cardio session's heart rates as people and their watches say them: the average the log
keeps ("avg HR 152", "145 bpm", and a bare "avg 142" after a session's figures) and a peak,
said and never kept as the average ("max hr 185")."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import first_group

# "avg HR 152", "heart rate 130ish", "HR 160 avg", "145 bpm", "HR averaged 138", "heart avg
# 141", "hr around 140": a session's average heart rate. "HR got up to 175" is a peak (asked).
_AVG_HR = re.compile(
    r"\b(?:avg|average|mean)?\s*(?:hr|heart ?rate|heart|pulse)\s*"
    # (two such words at most: "heart rate was about 118 on average")
    r"(?:(?:avg|average|averaged|averaging|avgd|of|was|around|:|=|~)\s*){0,2}"
    r"\s*(\d{2,3})(?!\d)|\b(\d{2,3})\s*bpm\b"
)
# A peak said of the heart rate ("max hr 185", "peaked at 172 bpm", "185 bpm max"): no average.
_PEAK_BEFORE = re.compile(
    r"\b(?:max|maximum|peak|peaked|topped|highest|maxed)(?: out)?(?: at| of| was)?\W{0,3}$"
)
_PEAK_AFTER = re.compile(r"\s*(?:max|maximum|peak|at (?:the )?(?:top|peak|end))\b")

# A bare average in a session's figures ("10k easy run, 55:00, avg 142", "biked 12 mi, 48 min,
# avg 139"): watches and people say the heart rate so (every tuned set's gold reads it so, runs
# too, where a cadence is said "cadence 172" or "172 spm"). Never an average of another figure:
# one named before it ("stress avg 31", "power avg 210") or a unit after it ("avg 231 w").
_BARE_AVG = re.compile(r"\b(?:avg|average)\s*(?:of|was|:|=|~)?\s*(\d{2,3})(?![\d:.,]\d)")
_OTHER_FIGURE = re.compile(
    r"\b(?:stress|power|speed|pace|cadence|cad|spo2|oxygen|o2|watts?|temp\w*|glucose|sugar|bg|"
    r"hrv|split|stroke|spm|respiration|breathing|elevation|calories|kcal|steps|score|readiness|"
    r"battery|resting|sleep|weight|ftp|np|rpe)\s*:?\s*$"
)
_UNIT_AFTER = re.compile(
    r"\s*(?:w\b|watts?\b|%|spm\b|s/m\b|rpm\b|kph\b|km/?h\b|mph\b|/|pace\b|kcal\b|cals?\b|"
    r"calories\b|ms\b|m\b|km\b|k\b|mi\b|miles?\b|mins?\b|minutes?\b|secs?\b|s\b|x\b|steps\b|"
    r"kg\b|kgs\b|lbs?\b|reps?\b|sets?\b|feet\b|ft\b)"
)
_HEART_RANGE = (60.0, 220.0)  # an average heart rate a session has


def heart_rates(text: str) -> tuple[float | None, float | None]:
    """The first heart rate in ``text`` not said to be a peak (the average the log keeps), and
    the first said to be one ("max hr 185": never stored as the average)."""
    average = peak = None
    for m in _AVG_HR.finditer(text):
        said_average = re.match(r"\s*(?:avg|average|mean)\b", m.group(0)) is not None
        is_peak = not said_average and (
            _PEAK_BEFORE.search(text[max(0, m.start() - 24) : m.start()]) is not None
            or _PEAK_AFTER.match(text, m.end()) is not None
        )
        value = float(first_group(m))
        if is_peak and peak is None:
            peak = value
        elif not is_peak and average is None:
            average = value
    if average is None:
        average = _bare_average(text)
    return average, peak


def _bare_average(text: str) -> float | None:
    """A bare "avg 142" of the session: its average heart rate (see ``_BARE_AVG``)."""
    for m in _BARE_AVG.finditer(text):
        if _OTHER_FIGURE.search(text[max(0, m.start() - 24) : m.start()]):
            continue
        if _UNIT_AFTER.match(text, m.end()):
            continue
        value = float(m.group(1))
        if _HEART_RANGE[0] <= value <= _HEART_RANGE[1]:
            return value
    return None
