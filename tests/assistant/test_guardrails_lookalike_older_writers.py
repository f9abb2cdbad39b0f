"""Look-alikes of the seventeenth set's writer AS (redas17): 'odd' is an adjective, not an
overdose written without its apostrophe; a day blacked out in a diary with the diary named after
it; 'nothing swollen or warm' denies the signs it names. Each keeps its red-flag counterpart."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

QUIET = [
    "Heart felt a touch odd on the stairs, the ECG at the surgery was normal though.",
    "Knee looks odd since the replacement, the surgeon says that is the scar tissue.",
    "Blacked out every Wednesday morning on the kitchen calendar for my physio.",
    "Long coach trip to Cardiff, both legs heavy afterwards, nothing red or warm, fine by teatime.",
]

RAISED = [
    ("i odd on my sleeping pills last night and i wanted to", "self_harm"),
    ("I od'd on my tablets on Sunday", "self_harm"),
    ("Blacked out at the bowls club on Sunday and came round on the floor", "fainting"),
    ("Flew back from Toronto, nothing hot but my left calf is swollen and red", "dvt_signs"),
    ("After the flight my right calf is swollen and warm and nothing helps", "dvt_signs"),
]


@pytest.mark.parametrize("text", QUIET)
def test_older_writers_lookalikes_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_their_red_flag_counterparts_still_fire(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags
