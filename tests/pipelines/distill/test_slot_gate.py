"""The slot tagger's held-out folds and its confidence gate (issue 57).

Folds by writer group never train on a held-out writer; a gate's outcomes are derived from one
ungated pass exactly where that is sound; the tagger's probabilities come out of both of its
readers (torch and the int8 ONNX graph) alike, deterministic by seed; and the chat's gate
refuses the shipped tagger's reading just above its confidence and stores it just below.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import unavailable

from fitcoach.assistant import embeddings
from fitcoach.assistant.nlu import ExerciseMatcher, LogReading, normalise
from fitcoach.assistant.slot_compose import tagged_reading
from fitcoach.assistant.slot_tagger import Span, TaggerConfig, WithSlots, confidence, spans_of
from fitcoach.pipelines.distill.corpus import load_corpus, writer_groups
from fitcoach.pipelines.distill.slots_train import examples
from research.evaluate import slots_eval
from research.evaluate.chat_eval import Item

DATA = Path(__file__).resolve().parents[3] / "data"
TODAY = date(2026, 11, 18)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


def test_writer_group_folds_never_train_on_a_held_out_writer(matcher: ExerciseMatcher) -> None:
    teacher = load_corpus(DATA / "teacher")
    groups = writer_groups(Counter(m.writer for m in teacher), 3)
    named = [w for g in groups for w in g]
    assert len(groups) == 3
    assert sorted(named) == sorted({m.writer for m in teacher})  # each writer in one group
    assert len(named) == len(set(named))
    # A few messages of every writer, and the extra corpus's (trained on in every fold).
    extra = load_corpus(DATA / "blind-final-6")
    sample = [m for w in sorted({m.writer for m in teacher + extra}) for m in [x for x in teacher + extra if x.writer == w][:40]]  # fmt: skip
    everything = examples(sample, matcher)
    by_text = {a.text: m.writer for a, m in zip(everything.aligned, everything.messages, strict=True)}  # fmt: skip
    for group in groups:
        kept = slots_eval.trained_on(everything, group)
        writers = {by_text[a.text] for a in kept}
        assert kept
        assert not writers & set(group)
        assert {"U", "V"} <= writers
        assert writers | set(group) >= {m.writer for m in everything.messages}


def _item(n: int) -> Item:
    return Item(f"T-{n}", f"squat {n}x5 at 100", "metric", (), "log", (), "call", ())


def test_a_gate_takes_the_rules_outcome_below_it_and_the_tagger_s_above() -> None:
    fold = slots_eval.Fold("E", 10, 1.0, items=[_item(n) for n in range(4)])
    fold.kinds[slots_eval.RULES] = ["asked", "asked", "right", "missed"]
    fold.kinds[slots_eval.TAGGER] = ["right", "wrong", "right", "missed"]
    # The tagger stored message 0 at 0.97 and message 1 at 0.7; it did not act on 2 or 3.
    fold.sure[slots_eval.TAGGER] = [[0.97], [0.7], [], []]
    assert slots_eval.gated([fold], 0.6) == ["right", "wrong", "right", "missed"]
    assert slots_eval.gated([fold], 0.8) == ["right", "asked", "right", "missed"]
    assert slots_eval.gated([fold], 0.99) == ["asked", "asked", "right", "missed"]
    shares = slots_eval.shares(slots_eval.gated([fold], 0.8))
    assert (shares["right"].hits, shares["wrong"].hits, shares["asked"].hits) == (2, 0, 1)


def test_a_span_is_as_sure_as_its_least_sure_word_piece() -> None:
    text = "romanian deadlift 3x10"
    offsets = [(0, 0), (0, 8), (9, 13), (13, 17), (18, 19), (19, 20), (20, 22), (0, 0)]
    labels = [-100, 1, 2, 2, 3, 0, 5, -100]  # B-EX I-EX I-EX B-SETS O B-REPS
    probs = [1.0, 0.99, 0.62, 0.95, 0.9, 0.3, 0.8, 1.0]
    spans = spans_of(text, offsets, labels, probs)
    assert spans == [Span(0, 17, "EX"), Span(18, 19, "SETS"), Span(20, 22, "REPS")]
    assert [s.p for s in spans] == [0.62, 0.9, 0.8]
    assert confidence(spans) == 0.62  # the "O" piece's 0.3 is no tag: not counted
    assert confidence([]) == 1.0


def test_the_gate_refuses_the_shipped_tagger_s_reading_just_above_its_confidence(tmp_path: Path, matcher: ExerciseMatcher) -> None:  # fmt: skip
    if importlib.util.find_spec("onnxruntime") is None or not embeddings.available():
        unavailable("the 'ml' extra (onnxruntime, the packaged MiniLM)")
    from fitcoach.assistant.slot_tagger import shared_tagger

    tagger = shared_tagger(tmp_path)
    assert tagger is not None
    text = "bench 80 kilos, 4 sets of 6"
    sure = confidence(tagger.tag(normalise(text)))
    assert 0.0 < sure <= 1.0
    rules = LogReading([], ["as if the rules could not store it"])
    below = WithSlots(tagger, threshold=sure - 1e-6)
    stored, _ = tagged_reading(below, text, rules, TODAY, matcher)
    assert [e.intent for e in stored.entries] == ["log_sets"]
    assert stored.entries[0].slots["groups"] == [{"exercise": "barbell-bench-press", "sets": 4, "reps": 6, "weight_kg": 80.0}]  # fmt: skip
    above = WithSlots(tagger, threshold=min(1.0, sure + 1e-6))
    if sure < 1.0:
        assert tagged_reading(above, text, rules, TODAY, matcher)[0] is rules
    # The shipped gate is the artefact's own (its manifest's config) unless one is given.
    assert WithSlots(tagger).slot_threshold == tagger.config.threshold


def test_both_readers_give_the_same_probabilities_deterministic_by_seed(matcher: ExerciseMatcher, tmp_path: Path) -> None:  # fmt: skip
    if not embeddings.available() or importlib.util.find_spec("onnxruntime") is None:
        unavailable("the 'ml' extra (torch, onnxruntime, the packaged MiniLM)")
    from fitcoach.assistant.slot_tagger import SlotTagger
    from fitcoach.pipelines.distill.slots_train import loaded, save, train

    corpus = {m.id: m for m in load_corpus(DATA / "teacher") if m.writer == "A"}
    data = examples([corpus[i] for i in ("A-0003", "A-0006", "A-0137", "A-0143", "A-0173", "A-0265")], matcher)  # fmt: skip
    config = TaggerConfig(epochs=3, batch_size=4, max_length=32, seed=5, hidden=16, threshold=0.5)
    texts = [a.text for a in data.aligned]
    first, second = loaded(train(data.aligned, config)), loaded(train(data.aligned, config))
    a, b = first.tag_many(texts), second.tag_many(texts)
    assert [[(s, s.p) for s in row] for row in a] == [[(s, s.p) for s in row] for row in b]
    save(tmp_path, train(data.aligned, config), data, {})
    reader = SlotTagger.load(tmp_path)
    assert reader.config.threshold == 0.5  # the gate travels in the manifest
    assert WithSlots(reader).slot_threshold == 0.5
    # Each word piece's probability of its tag, int8 ONNX against fp32 torch.
    from fitcoach.assistant.slot_tagger import label_probs

    encodings = reader.tokenize(texts)
    tags, sure = label_probs(first.logits(encodings))
    onnx_tags, onnx_sure = label_probs(reader.logits(encodings))
    pieces = [(i, j) for i, e in enumerate(encodings) for j, m in enumerate(e.attention_mask) if m]
    assert sum(tags[i][j] == onnx_tags[i][j] for i, j in pieces) >= 0.9 * len(pieces)
    assert max(abs(sure[i][j] - onnx_sure[i][j]) for i, j in pieces) < 0.1
    assert all(0.0 < sure[i][j] <= 1.0 for i, j in pieces)


class _Student:
    """What the chat asks of the fine-tuned student besides slots (``StudentRuntime``'s names)."""

    def red_flags(self, text: str) -> list[str]:
        return ["chest_pain"] if "zzflag" in text else []

    def crisis_when_flagged(self, text: str) -> bool:
        return "zzcrisis" in text

    def log_kind(self, text: str) -> str | None:
        return "log_sets" if "bench" in text else None


def test_the_tagger_hides_nothing_the_student_does() -> None:
    """With the tagger on, the red-flag union, its crisis offer and the student's log reading
    still reach the chat (they are the inner student's; the wrapper once dropped them)."""
    from fitcoach.assistant.guardrails import screen
    from fitcoach.assistant.student import CrisisNet, second_net

    wrapped = WithSlots(None, _Student())
    assert isinstance(wrapped, CrisisNet)
    assert wrapped.log_kind("bench 80 kilos, 4 sets of 6") == "log_sets"
    text = "zzflag zzcrisis"  # nothing the rules read: the student's flag, then its crisis offer
    flagged = second_net(screen(text), text, wrapped)
    assert flagged.red_flags == ["chest_pain"]
    assert flagged.crisis_offered
    assert not isinstance(WithSlots(None, None), CrisisNet)
    with pytest.raises(AttributeError):
        WithSlots(None, None).log_kind  # noqa: B018
