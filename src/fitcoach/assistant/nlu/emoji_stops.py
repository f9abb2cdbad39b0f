"""An emoji right after a figure ends what the figure belongs to ("squat 60kg 5x5 💪 first time
back since chemo", "rhr 54 👌 slept 8h"): the words after it are another clause (a night, a
reading, or a remark), never more of the exercise's name or of the reading before it; a figure
after it that is no reading's of its own stays with the log before it. After a remark's words,
before a lift and its sets ("cleared by my doc 🙌 bicep curls 15 lb 3x15"), it ends the remark."""

from __future__ import annotations

import re
import unicodedata

# symbols (emoji), their modifiers and joiners: what a phone's emoji keyboard writes
_EMOJI_KINDS = frozenset({"So", "Sk", "Cf", "Mn"})
_FIGURE_BEFORE = re.compile(r"\d(?:\s*[a-z]{1,5})?\s*$")
# the words after it: a night or a reading of its own, or words with no figure up to the next
# stop (a remark); never a figure of the same log ("30 min 🥵 hr 160": the run's heart rate)
_READING_AFTER = re.compile(
    r"\s*(?:slept|sleep|rhr|hrv|resting|mood|energy|stress|soreness|weight|weighed|"
    r"breakfast|brekkie|brunch|lunch|dinner|supper|snack)\b"
)
# a remark (no figure up to the next stop) ends sets only ("5x5 💪 first time back"): after a
# ride or a walk the words may still be its own ("45 min 🐕 with the dog")
_REMARK_AFTER = re.compile(r"\s*[a-z][^\d.;,!?]*(?:[.;,!?]|$)")
_SETS_BEFORE = re.compile(r"(?:\d\s*x\s*\d+|\d\s*(?:kgs?|lbs?|reps?|sets?))\s*$")
# a remark's words before it, a lift's name and its sets after it ("cleared by my doc 🙌 bicep
# curls 15 lb 3x15"): the remark is no part of the name (lifts96)
_WORD_BEFORE = re.compile(r"[a-z]\s*$")
_LIFT_AFTER = re.compile(
    r"\s*[a-z][a-z' -]{1,30}?\s+[^.;,!?]*?(?:\d\s*x\s*\d|\d\s*(?:kgs?|lbs?|kilos?|reps?|sets?)\b)"
)


def emoji_stops(text: str) -> str:
    """``text`` (normalised) with an emoji after a figure, before words, made a clause stop;
    elsewhere ("eggs 🍳 and toast") the emoji stay as written."""
    out: list[str] = []
    k = 0
    while k < len(text):
        if unicodedata.category(text[k]) not in _EMOJI_KINDS:
            out.append(text[k])
            k += 1
            continue
        end = k
        while end < len(text) and unicodedata.category(text[end]) in _EMOJI_KINDS:
            end += 1
        run = text[k:end]
        before = text[:k]
        if (
            _FIGURE_BEFORE.search(before)
            and (
                _READING_AFTER.match(text, end)
                or (_SETS_BEFORE.search(before) and _REMARK_AFTER.match(text, end))
            )
        ) or (_WORD_BEFORE.search(before) and _LIFT_AFTER.match(text, end)):
            run = " ; "
        out.append(run)
        k = end
    return "".join(out)
