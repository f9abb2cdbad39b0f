"""A night as a watch, ring or app sums it up, pasted (sleep93): "Sleep 6h 42m · Score 71 · Deep
1h05 REM 1h30", a WHOOP card ("Sleep Performance 92% / Hours of Sleep 8:14 / Sleep Needed
8:57"), Garmin's ("10:52 PM – 6:37 AM / Sleep Score 78 · Fair / Deep 1h 22m / Light 4h 10m /
REM 1h 48m / Awake 25m"), Apple Health's ("Time Asleep 6 hr 51 min / In Bed 7 hr 30 min").

The night's length is the time asleep: the total the summary gives ("Time Asleep", "Hours of
Sleep", "Total sleep", "Sleep 6h 42m"), else its stages added up (deep, light or core, REM;
never the time awake). What the log does not keep is dropped: the score, the performance, the
sleep needed, the time in bed, the time awake, the efficiency, the bed and wake clocks, the
app's name. Any other field (HRV, resting heart rate) stays, for its own reader.
``sleep_summary`` writes such a message as the night said plainly ("slept 7 h 20 min")."""

from __future__ import annotations

import re

_LENGTH = (
    r"(?:(\d{1,2})\s*(?:h|hr|hrs|hours?)\s*(?:(\d{1,2})\s*(?:m|min|mins|minutes)?)?"
    r"|(\d{1,2}):([0-5]\d)(?!\s*(?:am|pm))|(\d{1,3})\s*(?:m|min|mins|minutes))"
)
SLEEP_APP = _APP = (
    r"(?:whoop|garmin(?: connect)?|oura(?: ring)?|fitbit|apple (?:health|watch)|polar|coros|"
    r"samsung health|withings|autosleep|sleep cycle|zepp|amazfit|ultrahuman|pixel watch)"
)
# The night's total asleep, by its label
_TOTAL = re.compile(
    rf"^(?:{_APP}(?: sleep)?\s*[:\-]?\s*)?(?:total sleep(?: time)?|time asleep|hours of sleep|actual sleep|"
    rf"asleep|total asleep|total|sleep(?: duration| time| total)?)\s*[:=\-]?\s*{_LENGTH}$|"
    # (sleep94: the length before its label, "7 hr 2 min asleep", "6h 39m of sleep")
    rf"^{_LENGTH}\s*(?:asleep|of sleep|sleep|total)$"
)
_STAGE = re.compile(rf"(?:^|\s)(deep|light|core|rem)(?: sleep)?\s*[:=\-]?\s*{_LENGTH}(?=\s|$)")
# Fields the log does not keep (the stages are added up apart)
_DROPPED = re.compile(
    rf"^\(?{_APP}(?: sleep)?\)?$|^(?:sleep|sleep summary|last night|night)$|"
    r"^(?:sleep )?(?:score|performance|efficiency|consistency|need(?:ed)?|debt|latency|quality|"
    r"restorative(?: sleep)?|readiness)\s*[:=\-]?\s*(?:\d{1,3}\s*%?|" + _LENGTH + r")?"
    r"(?:\s*[·|/,-]?\s*\(?(?:excellent|good|fair|poor|ok|okay)\)?)?$|"
    r"^sleep needed\s*[:=\-]?\s*" + _LENGTH + r"$|"
    rf"^(?:time )?in bed\s*[:=\-]?\s*{_LENGTH}$|^awake(?: time)?\s*[:=\-]?\s*{_LENGTH}$|"
    rf"^{_LENGTH}\s*(?:awake|in bed)$|"
    r"^(?:excellent|good|fair|poor)$|"
    r"^(?:(?:time )?in bed\s*:?\s*)?\d{1,2}[:.]\d\d\s*(?:am|pm)?\s*(?:-|–|—|to)\s*\d{1,2}[:.]\d\d\s*(?:am|pm)?(?:\s+in bed)?$"
)
_FIELDS = re.compile(r"\s*(?:\n|·|•|\|)\s*")


def _seconds(m: re.Match[str], at: int) -> int:
    h, mins, hh, mm, only = (m.group(at + i) for i in range(5))
    if h is not None:
        return int(h) * 3600 + int(mins or 0) * 60
    if hh is not None:
        return int(hh) * 3600 + int(mm) * 60
    return int(only) * 60


# (sleep94) A summary retyped on one line after its app's name, its fields between commas
# ("Fitbit: 7 hr 2 min asleep, 48 min awake, sleep score 79 (Fair)", "fitbit 10:48pm–6:03am, 6h
# 39m asleep, restless"): the name is dropped and the commas part the fields
_APP_FIRST = re.compile(rf"^\s*{_APP}(?: sleep)?\s*:?\s*(?=\d|[a-z])")
# how the night felt, a field of its own: said with the night's line (its quality)
_FELT = re.compile(r"^(?:restless|broken|rough|poor|bad|good|great|solid|decent|deep|light)$")


def _fields(text: str) -> list[str]:
    low = text.lower()
    if (app := _APP_FIRST.match(low)) is not None and "\n" not in low.strip():
        return [
            f.strip(" .,;") for f in re.split(r"\s*[,;·•|]\s*", low[app.end() :]) if f.strip(" .,;")
        ]
    return [f.strip(" .,;") for f in _FIELDS.split(low) if f.strip(" .,;")]


def sleep_summary(text: str) -> str | None:
    """``text`` as the night it sums up said plainly (with the fields the log keeps besides), or
    None where it is no such summary."""
    fields = _fields(text)
    if len(fields) < 2:
        return None
    total: int | None = None
    stages: list[int] = []
    kept: list[str] = []
    consumed = 0
    for field in fields:
        if (m := _TOTAL.match(field)) is not None:
            if total is not None:
                return None  # two totals: which one is the night's? Asked.
            at = 1 if any(m.group(i) for i in range(1, 6)) else 6  # (label first, or last)
            total, consumed = _seconds(m, at), consumed + 1
        elif stage := list(_STAGE.finditer(field)):
            if _STAGE.sub(" ", field).strip():
                return None  # a stage beside something else on its field
            stages += [_seconds(s, 2) for s in stage]
            consumed += 1
        elif _DROPPED.match(field):
            consumed += 1
        else:
            kept.append(field)
    asleep = total if total is not None else (sum(stages) if len(stages) >= 2 else None)
    said = re.search(r"\bsleep|\basleep\b", text.lower())
    # (one field is enough beside an app's name: "Garmin: Total sleep 7h 30m | HRV 61")
    summed = consumed >= 2 or (total is not None and re.search(rf"\b{_APP}\b", text.lower()))
    if asleep is None or not summed or said is None or not 60 * 60 <= asleep <= 16 * 3600:
        return None
    hours, minutes = divmod(asleep // 60, 60)
    felt = [k for k in kept if _FELT.match(k)]
    night = ", ".join([f"slept {hours} h {minutes} min" if minutes else f"slept {hours} h", *felt])
    return "\n".join([night, *(k for k in kept if k not in felt)])
