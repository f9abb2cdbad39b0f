"""The fine-tuned student as the chat runs it by default (``assistant.student_runtime``): one
instance per process, loaded once under concurrency, the rules alone (said in the logs and in
/health) without torch, the triage before any language model, and one question where the
student and the rules read different writes."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import structlog.testing
from fastapi.testclient import TestClient
from tests.conftest import unavailable
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations, student_runtime
from fitcoach.assistant import templates as t
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.rule_families import family_of_rule, family_of_student
from fitcoach.assistant.student_runtime import StudentRuntime
from fitcoach.core.settings import Settings
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext


@pytest.fixture
def no_ml(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as one without the ml extra: ``import onnxruntime`` and ``torch`` fail."""
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)


def test_one_runtime_per_model_folder(tmp_path: Path) -> None:
    assert student_runtime.shared(tmp_path) is student_runtime.shared(tmp_path / "." / "")
    assert student_runtime.shared(tmp_path) is not student_runtime.shared(tmp_path / "other")


def test_the_settings_default_is_the_student_and_it_is_not_loaded_at_start(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, intent_model="tuned", model_dir=tmp_path / "a")  # type: ignore[call-arg]
    from fitcoach.assistant.slot_tagger import WithSlots

    intents = Assistant.from_settings(settings).intents
    # the default since stop 92: the student with the slot tagger beside it, neither loaded yet
    assert isinstance(intents, WithSlots)
    assert not hasattr(intents.tagger, "tag")  # the tagger's loader, called on first use
    runtime = intents.inner
    assert isinstance(runtime, StudentRuntime)
    assert intents.status().mode in ("rules (student loading)", "rules only")
    assert runtime._model is None  # lazily: the first message or the server's warm-up loads it


def test_without_the_ml_extra_the_coach_runs_on_the_rules_and_says_so_once(
    no_ml: None, tmp_path: Path, ctx: ServiceContext
) -> None:
    with structlog.testing.capture_logs() as logs:
        runtime = student_runtime.shared(tmp_path / "no-ml")
        assert runtime.red_flags("I want to end it all") == []
        assert runtime.guess("bench 3x5 80kg") is None
        assert runtime.disagrees("bench 3x5 80kg", "log_sets") is None
    said = [e for e in logs if e["event"] == "student_unavailable"]
    assert len(said) == 1
    assert "ml" in said[0]["reason"]
    assert runtime.status().mode == "rules only"
    with pytest.raises(RuntimeError, match="ml"):
        runtime.warm()  # the server's warm-up reports why, and goes on
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    reply = conversations.chat(me, athlete.id, "bench 80 kilos, 4 sets of 6", channel="web", assistant=Assistant(intents=runtime))  # fmt: skip
    assert reply.tool_calls
    assert len(training_log.history(me, athlete.id, "workouts")) == 1
    crisis = conversations.chat(me, athlete.id, "I want to end it all", channel="web", assistant=Assistant(intents=runtime))  # fmt: skip
    assert crisis.escalated


def test_health_says_how_the_chat_understands(no_ml: None, tmp_path: Path, database: Any) -> None:
    from fitcoach.interfaces.api.app import create_app

    settings = Settings(_env_file=None, database_url=database.url, intent_model="tuned", model_dir=tmp_path / "m")  # type: ignore[call-arg]  # fmt: skip
    with TestClient(create_app(settings)) as client:
        body = client.get("/health").json()
    assert body["chat"]["mode"] == "rules only"
    assert "ml" in body["chat"]["reason"]
    rules = Settings(_env_file=None, database_url=database.url, intent_model="rules")  # type: ignore[call-arg]
    with TestClient(create_app(rules)) as client:
        assert client.get("/health").json()["chat"] is None


def test_families_of_writes() -> None:
    assert family_of_rule("log_sets") == family_of_student("log_sleep") == "log"
    assert family_of_rule("set_session_minutes") == family_of_student("propose_plan_edit") == "plan"  # fmt: skip
    assert family_of_rule("today_session") is None
    assert family_of_student("get_plan") is None


class _Reader:
    """A student stand-in that reads every message as one intent (the disagreement check)."""

    def __init__(self, intent: str, p: float) -> None:
        from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

        self.reading = Reading(intent, p, 0.0, dict.fromkeys(RED_FLAG_KINDS, 0.0))

    def read(self, text: str) -> Any:
        return self.reading


@pytest.mark.parametrize(
    ("intent", "p", "asks"),
    [
        ("propose_plan_edit", 0.97, True),
        ("propose_plan_edit", 0.6, False),
        ("log_sets", 0.99, False),
    ],
)
def test_a_confident_disagreement_about_what_to_write_asks_one_question(
    ctx: ServiceContext, intent: str, p: float, asks: bool
) -> None:
    runtime = StudentRuntime(Path("unused"))
    runtime.read = _Reader(intent, p).read  # type: ignore[method-assign]
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    reply = conversations.chat(me, athlete.id, "bench 80 kilos, 4 sets of 6", channel="web", assistant=Assistant(intents=runtime))  # fmt: skip
    stored = training_log.history(me, athlete.id, "workouts")
    if asks:
        assert reply.text == t.DISAGREE["plan"]
        assert reply.text.count("?") == 1
        assert stored == []  # nothing written until the athlete says which
    else:
        assert len(stored) == 1


# --- with the real student ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded() -> StudentRuntime:
    runtime = StudentRuntime(student_runtime.PACKAGED_ROOT)
    if runtime.model() is None:
        unavailable(f"the fine-tuned student cannot load here: {runtime.status().reason}")
    return runtime


def test_threads_share_one_load(loaded: StudentRuntime) -> None:
    fresh = StudentRuntime(student_runtime.PACKAGED_ROOT)
    texts = [f"bench 3x{n} 80kg" for n in range(5, 9)]
    out: dict[str, Any] = {}
    with structlog.testing.capture_logs() as logs:
        threads = [threading.Thread(target=lambda s=s: out.__setitem__(s, fresh.read(s))) for s in texts]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(e["event"] == "student_loaded" for e in logs) == 1
    assert fresh.status().mode == "rules + student"
    for text in texts:
        assert out[text].intent == loaded.read(text).intent


def test_a_message_reads_the_same_alone_and_in_an_evaluations_batch(loaded: StudentRuntime) -> None:
    """The int8 reader quantizes over its whole input: read in a batch beside longer messages (and
    their padding), a message once read otherwise than the chat reads it alone (P(any) moved by up
    to 0.3 on corpus-57l). An evaluation's readings must be the chat's."""
    model = loaded.model()
    assert model is not None
    texts = [
        "pull ups tonight: 8, 6, 5. the last one was more of a spiritual journey than a rep",
        "ok",
        "squat 5x5 100kg, then a long story about my commute, the rain, the bus, my boss, the "
        "meeting that could have been an email and the sandwich I forgot on the train",
        "chest feels tight and my left arm is numb since the run",
    ]
    together = model.read_many(texts, 64)
    for text, read_with_others in zip(texts, together, strict=True):
        alone = model.read(text)
        assert read_with_others.intent == alone.intent
        assert read_with_others.red_flag == pytest.approx(alone.red_flag, abs=1e-6)


def test_the_student_adds_red_flags_and_a_self_harm_reading_counts_on_its_own(
    loaded: StudentRuntime,
) -> None:
    assert "self_harm" in loaded.red_flags("I keep having thoughts about ending it all")
    assert loaded.red_flags("bench 80 kilos, 4 sets of 6") == []
    loaded.prime(["slept from 10:45pm to 6:15am"])
    assert loaded.guess("slept from 10:45pm to 6:15am") == "log_sleep"


class _Crisis:
    """A student stand-in that reads no red flag of its own, only P(self_harm) ``harm``, with
    the artefact's bar for a message already flagged at ``bar``."""

    def __init__(self, harm: float, bar: float) -> None:
        from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

        kinds = dict.fromkeys(RED_FLAG_KINDS, 0.0) | {"self_harm": harm}
        self.reading = Reading("answer", 0.9, 0.0, kinds, 0.4, flagged_crisis_threshold=bar)

    def read(self, text: str) -> Any:
        return self.reading


@pytest.mark.parametrize(
    ("text", "harm", "crisis", "escalated"),
    [
        ("I get a crushing pain in my chest when I run", 0.08, True, True),  # flagged, at the bar
        ("I get a crushing pain in my chest when I run", 0.03, False, True),  # under the bar
        ("what's my workout today?", 0.08, False, False),  # the bar alone raises nothing
    ],
)
def test_a_red_flag_gets_the_crisis_reply_from_the_self_harm_bar_for_flagged_messages(
    ctx: ServiceContext, text: str, harm: float, crisis: bool, escalated: bool
) -> None:
    from fitcoach.coach.rules.crisis_lines import crisis_line_text
    from fitcoach.coach.rules.safety import safety_limits

    runtime = StudentRuntime(Path("unused"))
    runtime.read = _Crisis(harm, bar=0.05).read  # type: ignore[method-assign]
    assert runtime.crisis_when_flagged(text) is (harm >= 0.05)  # the bar; flagging is the chat's
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    reply = conversations.chat(me, athlete.id, text, channel="web", assistant=Assistant(intents=runtime))  # fmt: skip
    assert reply.escalated is escalated
    assert (crisis_line_text(None, athlete.timezone) in reply.text) is crisis
    assert (safety_limits().escalation.crisis_offer in reply.text) is crisis
    # The offer is made on a reading, never stored as one: no self-harm flag is opened.
    from fitcoach.services import health

    assert "self_harm" not in {f.kind for f in health.open_flags(me, athlete.id)}
