"""The distilled student's safety head as a second net for red flags (issue 34): union for
recall. Real heads (``student.build_head``) with fixed weights over the real packaged encoder:
the decision under test is the code's, not a mock's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from tests.conftest import unavailable
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations, embeddings
from fitcoach.assistant import student as runtime
from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.llm.assistant import Assistant
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import HealthFlag

LABELS = {"intents": ["greeting", "today_session"], "safety": ["none", "red_flag"], "tags": ["O"]}
CHEST = "I get a crushing pain in my chest when I run"
BENIGN = "what's my workout today?"


def _student(reads: str, threshold: float | None) -> runtime.StudentModel:
    """A real head whose safety layer reads every message as ``reads``: its weights are zero and
    the last bias puts all the probability on that label (softmax of ±8: 0.99999989)."""
    if not embeddings.available():
        unavailable("the 'ml' extra (torch, sentence-transformers, the packaged MiniLM)")
    import torch

    head: Any = runtime.build_head(len(LABELS["intents"]), len(LABELS["safety"]), len(LABELS["tags"]), 8)  # fmt: skip
    with torch.no_grad():
        for p in head.parameters():
            p.zero_()
        bias = torch.full((len(LABELS["safety"]),), -8.0)
        bias[LABELS["safety"].index(reads)] = 8.0
        head.safety[-1].bias.copy_(bias)
    return runtime.StudentModel(head, LABELS, min_confidence=0.6, red_flag_threshold=threshold)


def test_the_student_never_clears_a_red_flag_the_rules_raised() -> None:
    rules = screen(CHEST)
    assert rules.red_flags  # the rules' own finding
    calm = _student("none", threshold=0.5)
    assert calm.predict(CHEST).safety_scores["red_flag"] < 0.01
    kept = runtime.second_net(rules, CHEST, calm)
    assert kept.red_flags == rules.red_flags
    assert kept == rules


def test_the_student_adds_a_red_flag_above_its_threshold_and_only_then() -> None:
    alarmed = _student("red_flag", threshold=0.9)
    assert screen(BENIGN).clear
    added = runtime.second_net(screen(BENIGN), BENIGN, alarmed)
    assert added.red_flags == [runtime.MODEL_RED_FLAG]
    assert added.blocked
    # On a message the rules flagged, the rules' kinds stay first and the student's follows.
    both = runtime.second_net(screen(CHEST), CHEST, alarmed)
    assert both.red_flags == [*screen(CHEST).red_flags, runtime.MODEL_RED_FLAG]
    # A threshold above what it reads, or no tuned threshold at all: nothing added.
    assert runtime.second_net(screen(BENIGN), BENIGN, _student("red_flag", threshold=0.9999999)).clear  # fmt: skip
    assert runtime.second_net(screen(BENIGN), BENIGN, _student("red_flag", threshold=None)).clear
    # A fallback that is not a red-flag net (the embedding intent model, None) changes nothing.
    assert runtime.second_net(screen(BENIGN), BENIGN, None) == screen(BENIGN)


def _ctx(ctx: ServiceContext) -> tuple[ServiceContext, int]:
    athlete = make_athlete(ctx)
    return as_subject(ctx, subject_of(ctx, athlete)), athlete.id


def test_the_chat_escalates_on_the_students_red_flag_and_keeps_the_rules_flags(ctx: ServiceContext) -> None:  # fmt: skip
    me, athlete_id = _ctx(ctx)
    alarmed = Assistant(intents=_student("red_flag", threshold=0.9))
    reply = conversations.chat(me, athlete_id, BENIGN, channel="web", assistant=alarmed)
    assert reply.escalated
    assert reply.intent == "red_flag"
    assert "see a doctor or health professional" in reply.text  # the rule file's general line
    # It names no kind the rule file knows: no stored flag of a named kind on a model's word.
    assert ctx.session.execute(select(HealthFlag)).scalars().all() == []
    # A student reading "none" does not stop the rules' red flag from opening its health flag.
    calm = Assistant(intents=_student("none", threshold=0.5))
    reply = conversations.chat(me, athlete_id, CHEST, channel="web", assistant=calm)
    assert reply.escalated
    kinds = [f.kind for f in ctx.session.execute(select(HealthFlag)).scalars()]
    assert kinds == screen(CHEST).red_flags


@pytest.mark.parametrize("sets", [{"gate": "handwritten", "reported": "handwritten"}, {}, {"gate": "handwritten"}, {"gate": "handwritten", "threshold": "blind:a.yaml", "reported": "blind:a.yaml"}])  # fmt: skip
def test_the_gate_refuses_when_its_set_is_not_apart_from_the_reported_set(sets: dict[str, str]) -> None:  # fmt: skip
    better = {"rules_intent_accuracy": 0.9, "combined_intent_accuracy": 0.95}
    allowed, why = runtime.gate({"handwritten": better, "sets": sets})
    assert not allowed
    assert "reported" in why
    apart = {"gate": "handwritten", "reported": "blind:assistant_messages.yaml"}
    assert runtime.gate({"handwritten": better, "sets": apart})[0]


def test_the_blind_triage_with_the_student_is_the_union(tmp_path: Path) -> None:
    from fitcoach.assistant.evaluate import evaluate_blind_triage, triage_comparison_lines

    small = tmp_path / "blind.yaml"
    items = [
        {"id": "rf-1", "kind": "red_flag", "red_flag": "chest_pain", "text": CHEST},
        {"id": "rf-2", "kind": "red_flag", "red_flag": "blood", "text": "hmm a bit off today"},
        {
            "id": "la-1",
            "kind": "lookalike",
            "red_flag": "none",
            "text": "chest day done, felt great",
        },
        {"id": "q-1", "kind": "question", "red_flag": "none", "text": BENIGN},
    ]
    small.write_text(yaml.safe_dump({"items": items}), "utf-8")
    rules = evaluate_blind_triage(small)
    assert rules.missed == ["rf-2"]
    calm = evaluate_blind_triage(small, _student("none", threshold=0.5))
    assert calm == rules
    alarmed = _student("red_flag", threshold=0.9)
    union = evaluate_blind_triage(small, alarmed)
    assert (union.recall.hits, union.lookalike_alarms.hits, union.other_alarms.hits) == (2, 1, 1)
    assert union.net_only == ["rf-2", "la-1", "q-1"]  # the rules raised rf-1 themselves
    lines = triage_comparison_lines(small, rules, alarmed)
    assert "blood 0→1/1" in lines[2]
    assert "red flags the student added (1): rf-2" in lines[3]
    assert "false alarms it added (2): la-1, q-1" in lines[3]
    assert "adds none" in triage_comparison_lines(small, rules, _student("red_flag", None))[0]


def test_a_set_read_in_batches_flags_what_one_message_at_a_time_flags() -> None:
    """``net_red_flags`` (the evaluations' batched read) equals the chat's one-message read:
    a head with seeded random weights, whose red-flag probability differs by message, and a
    threshold between two of those probabilities, so some messages are flagged and some not."""
    import torch

    texts = [CHEST, BENIGN, "chest day done, felt great", "my left arm went numb", "hi", "legs?"]
    model = _student("none", threshold=None)
    torch.manual_seed(7)
    with torch.no_grad():
        for p in model.head.parameters():
            p.normal_(0.0, 0.5)
    scores = sorted(p.safety_scores["red_flag"] for p in model.predict_many(texts))
    low, high = scores[2], scores[3]
    assert high - low > 1e-3, scores  # a threshold no rounding between batch shapes can cross
    model.red_flag_threshold = (low + high) / 2
    one_at_a_time = [model.red_flags(text) for text in texts]
    assert runtime.net_red_flags(texts, model) == one_at_a_time
    assert sum(bool(flags) for flags in one_at_a_time) == 3
    assert runtime.net_red_flags(texts, None) == [[] for _ in texts]


class _CrisisNet:
    """A net whose own red flags are ``kinds`` and that calls a flagged message a crisis when
    ``crisis`` (``student.CrisisNet``)."""

    def __init__(self, kinds: list[str], crisis: bool) -> None:
        self.kinds = kinds
        self.crisis = crisis

    def red_flags(self, text: str) -> list[str]:
        return self.kinds

    def crisis_when_flagged(self, text: str) -> bool:
        return self.crisis


def test_a_crisis_reading_offers_crisis_help_only_to_a_message_already_flagged() -> None:
    rules = screen(CHEST)
    assert rules.red_flags
    assert "self_harm" not in rules.red_flags
    # The rules' red flag, the net's crisis reading: crisis help offered, the kinds unchanged
    # (no self-harm flag is stored on that reading).
    offered = runtime.second_net(rules, CHEST, _CrisisNet([], True))
    assert offered.red_flags == rules.red_flags
    assert offered.crisis_offered
    # The net's own red flag, and its crisis reading.
    flagged = runtime.second_net(screen(BENIGN), BENIGN, _CrisisNet(["model_red_flag"], True))
    assert (flagged.red_flags, flagged.crisis_offered) == (["model_red_flag"], True)
    # Nothing flagged: the crisis reading alone raises and offers nothing.
    alone = runtime.second_net(screen(BENIGN), BENIGN, _CrisisNet([], True))
    assert alone.clear
    assert not alone.crisis_offered
    # No crisis reading: unchanged; self-harm already named: no offer (the crisis reply is whole).
    assert runtime.second_net(rules, CHEST, _CrisisNet([], False)) == rules
    named = runtime.second_net(rules, CHEST, _CrisisNet(["self_harm"], True))
    assert named.red_flags == [*rules.red_flags, "self_harm"]
    assert not named.crisis_offered
