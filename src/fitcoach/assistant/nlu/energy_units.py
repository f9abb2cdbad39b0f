"""Energy figures that are no meal's kcal as written (logbu: people who use every unit):
food energy in kilojoules ("brekkie ... about 1300 kJ", "a sausage roll and a flat white, 2100 kJ
all up") is read in kcal; a machine's or a watch's own count ("stairmaster 25 min, machine says
280 cal", "assault bike 20 min, 310 kJ on the display") is the session's, never a meal."""

from __future__ import annotations

import re

from fitcoach.core.units import kj_to_kcal

# a device that shows the figure, said before it ("machine says 280 cal", "watch reckons 450")
DEVICE_SAYS = re.compile(
    r"\b(?:machine|display|screen|console|monitor|watch|tracker|fitbit|garmin|whoop|erg|rower|"
    r"treadmill|bike|stairmaster|elliptical)\s+(?:says|said|shows|showed|reads?|gave|gives|reckons|"
    r"has|had|counted|estimated?)\s*(?:me\s+|about\s+|around\s+|~\s*)*$"
)
# ... or after it ("310 kj on the display", "450 cals on the watch")
_ON_DEVICE = re.compile(
    r"\s*(?:kcals?|cals?|calories|kj)\s+(?:on|from|per)\s+(?:the\s+|my\s+)?"
    r"(?:machine'?s?|display|screen|console|monitor|watch|tracker)(?:\s+(?:display|screen))?\b"
)
# (not "40 cal on the bike erg": a session measured in calories, whose time is asked)
_ENERGY_AFTER = re.compile(r"\s*(?:kcals?|cals?|calories|kj)\b")
_KJ = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*kj\b")
_FOOD_FRAME = re.compile(
    r"\b(?:breakfast|brekkie|brekky|brunch|lunch|dinner|tea|supper|snack|meal|ate|eaten|had)\b"
)
_WORK_FRAME = re.compile(
    r"\b(?:bike|ride|rode|cycl\w*|erg|rower|rowing|display|watts|ftp|zwift|peloton|spin|output|work)\b"
)


# A session's time or way just said, then its energy ("echo bike 15 min, 198 cals", "ran 5k
# 25:40, 310 kcal"): no food is eaten for minutes or kilometres (stop 94)
_AFTER_A_SESSION = re.compile(
    r"(?:\d\s*(?:mins?|minutes?|h|hrs?|hours?|km|k|mi|miles?|m|metres|meters)\b|\d:[0-5]\d)"
    r"\s*[,;]?\s*(?:and\s+|burned\s+|burnt\s+|about\s+|around\s+|~\s*)*$"
)


def device_energy(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` in ``text`` is a device's energy count, no meal's."""
    before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() :]
    if _ON_DEVICE.match(after):
        return True
    if (
        _AFTER_A_SESSION.search(before)
        and _ENERGY_AFTER.match(after)
        and not _FOOD_FRAME.search(text[: m.start()])
    ):
        return True
    if DEVICE_SAYS.search(before) and _ENERGY_AFTER.match(after):
        return True
    return bool(re.match(r"\s*kj\b", after))  # food kJ were made kcal (``food_kilojoules``)


def food_kilojoules(text: str) -> str:
    """``text`` with a meal's kilojoules as kcal, rounded ("2100 kj all up" → "502 kcal all up");
    a ride's or a machine's kJ of work are left as they are."""
    if not _FOOD_FRAME.search(text) or _WORK_FRAME.search(text):
        return text
    return _KJ.sub(lambda m: f"{round(kj_to_kcal(float(m.group(1))))} kcal", text)


def without_device_energy(text: str) -> str:
    """``text`` without the energy figures a device shows (no meal's kcal)."""
    spans = [
        m.span() for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?", text) if device_energy(text, m)
    ]
    for lo, hi in reversed(spans):
        tail = _ENERGY_AFTER.match(text, hi)
        text = text[:lo] + " " + text[tail.end() if tail else hi :]
    return text


# A clause that is only an energy figure ("198 cals", "about 300 kcal burned", "420 kcal on
# the watch", "420 kcal no relógio")
_ENERGY_ALONE = re.compile(
    r"^\W*(?:about|around|roughly|~)?\s*\d+(?:\.\d+)?\s*(?:kcals?|cals?|calories|kj)"
    r"(?:\s+(?:burned|burnt))?(?:\s+(?:on|from|per|no|na)\s+(?:the\s+|my\s+|o\s+|a\s+)?"
    r"(?:watch|garmin|fitbit|whoop|tracker|machine|display|screen|console|monitor|app|rel[oó]gio))?\W*$"
)


def energy_alone(piece: str) -> bool:
    """Whether ``piece`` (a clause) says an energy figure and nothing else: after a session's
    clause it is the session's burn ("echo bike 15 min, 198 cals"), no meal."""
    return _ENERGY_ALONE.match(piece) is not None
