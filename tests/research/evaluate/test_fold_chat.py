"""``research.evaluate.fold_chat``: the disagreement question measured out of writer."""

from __future__ import annotations

from typing import Any

from research.evaluate.fold_chat import Without, _events, fired, policy_outcome, shares, wrote


class _Runtime:
    """A runtime that disagrees and guesses on everything."""

    def red_flags(self, text: str) -> list[str]:
        return ["self_harm"] if "end it" in text else []

    def crisis_when_flagged(self, text: str) -> bool:
        return True

    def guess(self, text: str) -> str | None:
        return "log_sets"

    def disagrees(self, text: str, rule_intent: str) -> str | None:
        return "propose_plan_edit"

    def prime(self, texts: list[str], batch_size: int = 64) -> None:
        self.primed = list(texts)


def test_without_turns_off_the_question_and_keeps_the_rest() -> None:
    inner = _Runtime()
    off = Without(inner)
    assert off.disagrees("bench 80", "log_sets") is None
    assert off.guess("?") == "log_sets"
    assert off.red_flags("I want to end it") == ["self_harm"]
    assert off.crisis_when_flagged("x") is True
    off.prime(["a", "b"])
    assert inner.primed == ["a", "b"]
    assert Without(inner, guess=False).guess("?") is None


def test_the_second_net_still_reads_through_the_wrapper() -> None:
    """The chat finds the red-flag net by protocol; the wrapper must still be one."""
    from fitcoach.assistant.guardrails import screen
    from fitcoach.assistant.student import second_net

    check = second_net(screen("how do I warm up"), "I want to end it", Without(_Runtime()))
    assert "self_harm" in check.red_flags


def test_events_read_the_chat_log() -> None:
    logs = [
        {"event": "offline_reply"},
        {"event": "student_disagrees", "rules": "log_sets", "student": "propose_plan_edit"},
    ]
    assert _events(logs) == {
        "disagreed": True,
        "rules_intent": "log_sets",
        "student_intent": "propose_plan_edit",
        "guessed": False,
    }
    assert _events([{"event": "intent_fallback"}])["guessed"] is True


def _row(category: str, ask: str, no_ask: str, **extra: Any) -> dict[str, Any]:
    return {"category": category, "ask": ask, "no_ask": no_ask, "rules": ask, **extra}


def test_shares_count_each_pass_on_its_own_outcomes() -> None:
    rows = [
        _row("log", "asked", "right"),
        _row("log", "right", "right"),
        _row("log", "asked", "wrong"),
        _row("log", "unscored", "unscored"),
        _row("plan", "not_done", "done"),
        _row("plan", "done", "done"),
        _row("red_flag", "crisis", "crisis"),
        _row("red_flag", "calm", "calm"),
        _row("lookalike", "escalated", "escalated"),
    ]
    ask = shares(rows, "ask")
    assert (ask["log_asked"].hits, ask["log_asked"].total) == (2, 3)  # the unscored log left out
    assert ask["log_right"].hits == 1
    assert ask["plan_done"].hits == 1
    off = shares(rows, "no_ask")
    assert (off["log_right"].hits, off["log_wrong"].hits, off["log_asked"].hits) == (2, 1, 0)
    assert (off["plan_done"].hits, off["plan_done"].total) == (2, 2)
    assert (off["red_flag_recall"].hits, off["red_flag_recall"].total) == (1, 2)
    assert off["lookalike_alarms"].hits == 1


def test_a_policy_takes_the_asking_or_the_acting_outcome() -> None:
    row = _row("log", "asked", "right", student_p=0.95)
    assert policy_outcome(row, ask=True) == "asked"
    assert policy_outcome(row, ask=False) == "right"
    gated = shares([row], lambda r: policy_outcome(r, ask=r["student_p"] >= 0.99))
    assert gated["log_right"].hits == 1


class _Outcome:
    def __init__(self, proposed: dict[str, Any] | None, stored: dict[str, Any]) -> None:
        self.proposed, self.stored = proposed, stored


def test_what_a_reply_wrote() -> None:
    assert wrote(_Outcome(None, {})) == "nothing"
    assert wrote(_Outcome({"minutes": 30}, {})) == "plan"
    assert wrote(_Outcome(None, {"strength": [("bench", 6, 80, None)]})) == "log"
    assert wrote(_Outcome({}, {"cardio": [{}]})) == "plan+log"


def test_fired_counts_only_the_questions_asked() -> None:
    rows = [
        _row("log", "asked", "missed", disagreed=True, rules_intent="set_session_minutes",
             student_intent="log_cardio"),
        _row("log", "right", "right", disagreed=False),
    ]  # fmt: skip
    assert fired(rows) == {("log", "set_session_minutes", "log_cardio", "missed"): 1}
