"""Self-harm said as a goodbye (issue 57): nobody hearing from one again, a last message to
everyone, telling family one loved them, not bothering anyone any more with a goodbye, sorry for
everything beside a calm decision, accounts deleted and belongings given away. A break from the
app, a last message about a plan and an apology for a late log stay quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "nobody will hear from me again after this weekend",
    "this is my last message to everyone here",
    "please tell my brother I loved him",
    "I won't be bothering you any more coach. goodbye",
    "sorry for everything. I feel calm now",
    "closed all my bank accounts and gave away most of my kit",
]

QUIET = [
    "you won't hear from me again until after the exams, pausing the plan",
    "sorry for everything being late, here's the week's log",
    "deleted my socials for a month to focus on training",
    "this is my last message about the plan, it works great",
]


@pytest.mark.parametrize("text", RAISED)
def test_a_goodbye_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_breaks_and_apologies_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
