"""Issue 60: "3 training day(s)" never reaches a person. Every value a page or the weekly
report writes, and every chat answer, says a count as a person would."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.assistant.test_issue34_examples import GYM, TODAY, Athlete

from fitcoach.interfaces.reports.weekly import _environment
from fitcoach.interfaces.web.render import templates
from fitcoach.services import plans
from fitcoach.services.context import ServiceContext


def test_pages_and_reports_say_counts_as_people_do() -> None:
    page = templates.env.from_string("{{ a }} | {{ b }} | {{ c }}")
    said = page.render(a="3 training day(s) a week", b="At least 1 rest day(s)", c="x(s)")
    assert said == "3 training days a week | At least 1 rest day | x(s)"
    report = _environment().from_string("{{ a }}")
    assert (
        report.render(a="2 planned session(s) were not done") == "2 planned sessions were not done"
    )


def test_a_chat_move_says_the_move_in_words(ctx: ServiceContext) -> None:
    """Issue 60: a move was "2 changes", one "kept on Tue 24 Nov, because the assistant
    asked". It says which session goes from which day to which, and that nothing else
    changes; a session pinned to the day it already had is no change, and nobody "asked"
    but the athlete."""
    me = Athlete(ctx, units="imperial", equipment=GYM)
    plans.generate(ctx, me.id, start=TODAY - timedelta(days=4))
    reply = me.say("move Monday's session to Saturday")
    assert reply.proposed_version is not None, reply.text
    first = reply.text.split("\n")[0]
    assert re.fullmatch(
        r"\w[\w ]* moves from Mon 23 Nov to "
        r"Sat 28 Nov; nothing else in your plan changes\. It is waiting for your approval\.",
        first,
    ), first
    for wrong in ("(s)", "change:", "changes:", "kept on", "the assistant asked"):
        assert wrong not in reply.text, (wrong, reply.text)
    # The proposal as its version page lists it: the move alone, asked by the athlete.
    view = plans.get_version(ctx, me.id, reply.proposed_version)
    lines = [line.sentence for line in plans.change_sentences(ctx, me.id, view)]
    assert len(lines) == 1, lines
    assert "moved from Mon 23 Nov to Sat 28 Nov" in lines[0], lines
    assert lines[0].endswith("because you asked in the chat."), lines


def test_capitalised_names_keep_their_own_capitals() -> None:
    """Issue 60: "Full body a". The pages' capitalize raises the first letter and leaves the
    rest as written (Jinja's own lowers it)."""
    page = templates.env.from_string("{{ a|capitalize }} · {{ b|capitalize }}")
    assert page.render(a="full body A", b="HRV") == "Full body A · HRV"
    report = _environment().from_string("{{ a|capitalize }}")
    assert report.render(a="upper B") == "Upper B"
