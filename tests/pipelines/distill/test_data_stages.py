"""Distillation stages 1-4 (issue 16): generation, prompts, teachers, validation, artefacts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.assistant.llm.fake_servers import FakeServer, Response

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.llm.openai_compat import OpenAICompatProvider
from fitcoach.core.yamlfiles import load_yaml
from fitcoach.pipelines.distill import artefacts, grammar, monitor
from fitcoach.pipelines.distill.config import DistillConfig, preset
from fitcoach.pipelines.distill.generate import generate_users, synthetic_user
from fitcoach.pipelines.distill.prompts import PROMPT_TYPES, SLICE_KEYS, build_prompts
from fitcoach.pipelines.distill.teacher import LLMTeacher, OfflineTeacher, teach
from fitcoach.pipelines.distill.validate import assign_splits, safety_violations, validate

MICRO = replace(preset("tiny"), users=3, messages_per_intent=2, messages_per_safety=3)
DATA = Path(__file__).resolve().parents[3] / "src" / "fitcoach" / "assistant" / "data"


@pytest.fixture(scope="module")
def users() -> list[dict[str, Any]]:
    return generate_users(MICRO)


@pytest.fixture(scope="module")
def prompts(users: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return build_prompts(users, MICRO)


@pytest.fixture(scope="module")
def answers(prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(teach(prompts, OfflineTeacher(seed=MICRO.seed, paraphrases=2)))


def test_synthetic_users_are_deterministic_by_seed_and_carry_logs(users: list[dict[str, Any]]) -> None:  # fmt: skip
    again = synthetic_user(MICRO, 1)
    assert again == users[1]
    other = synthetic_user(replace(MICRO, seed=MICRO.seed + 1), 1)
    assert other != users[1]
    for user in users:
        assert set(SLICE_KEYS) <= set(user)
        assert len(user["daily"]) == 7
        assert user["workouts"]
        assert all(1000 < d["calories_kcal"] < 6000 and 2 < d["sleep_h"] < 12 for d in user["daily"])  # fmt: skip
        assert user["plan"]["days_per_week"] == user["days_per_week"]
        # A condition rules movements out; none, nothing.
        assert bool(user["plan"]["avoid"]) == (user["condition"] in {"knee_pain", "lower_back_pain", "shoulder_injury", "hypertension", "asthma"})  # fmt: skip


def test_prompts_have_every_type_and_their_metadata(prompts: list[dict[str, Any]], users: list[dict[str, Any]]) -> None:  # fmt: skip
    types = [p["prompt_type"] for p in prompts]
    assert set(types) == set(PROMPT_TYPES)
    for kind in PROMPT_TYPES[:4]:
        assert types.count(kind) == len(users)
    intents, categories = grammar.labels()
    assert types.count("message") == len(intents) * 2 + (len(categories) - 1) * 3
    assert len({p["scenario_id"] for p in prompts}) == len(prompts)
    for p in prompts:
        assert set(p["slices"]) == set(SLICE_KEYS)
        assert p["context"]
        assert p["prompt"]
        if p["prompt_type"] == "message":
            # Every slot span points at its text in the message.
            for span in p["expected"]["spans"]:
                assert p["prompt"][span["start"] : span["end"]] == span["text"]
            if p["expected"]["safety"] == "red_flag":
                assert p["expected_safety"] == ["escalate"]
    assert build_prompts(users, MICRO) == prompts  # deterministic


def test_the_grammar_writes_no_hand_written_phrasing() -> None:
    handwritten = set()
    for name in ("nlu_heldout.yaml", "distill_handwritten.yaml", "safety_heldout.yaml", "redflag_heldout.yaml"):  # fmt: skip
        handwritten |= {i["text"].strip().lower() for i in load_yaml((DATA / name).read_text())["items"]}  # fmt: skip
    rng = np.random.default_rng(0)
    intents, categories = grammar.labels()
    made = set()
    for _ in range(30):
        for intent in intents:
            message = grammar.generate(rng, intent, "none")
            made.add(message.text.lower())
            made |= {p.text.lower() for p in grammar.paraphrases(rng, message, 3)}
        for category in categories[1:]:
            made.add(grammar.generate(rng, None, category).text.lower())
    assert len(made) > 500
    assert not (made & handwritten)


def test_offline_teacher_paraphrases_keep_labels_and_spans(answers: list[dict[str, Any]]) -> None:
    messages = [a for a in answers if a["prompt_type"] == "message"]
    for a in messages:
        answer = a["answer"]
        assert answer["intent"] == a["expected"]["intent"]
        assert len(answer["paraphrases"]) == len(answer["paraphrase_spans"]) >= 1
        for text, spans in zip(answer["paraphrases"], answer["paraphrase_spans"], strict=True):
            assert text != a["prompt"]
            for span in spans:
                assert text[span["start"] : span["end"]] == span["text"]
    # Red flags: the guardrails' escalation where they catch it; where they miss one, the
    # answer breaks the "escalate" constraint and validation drops it.
    red = [a for a in messages if a["expected"]["safety"] == "red_flag"]
    caught = [a for a in red if screen(a["prompt"]).red_flags]
    assert caught
    for a in red:
        assert (safety_violations(a) == []) == (a in caught)


def _llm_reply(text: str) -> Response:
    return Response({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "tiny",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    })  # fmt: skip


def test_llm_teacher_asks_once_per_prompt_and_caches_by_prompt_hash(tmp_path: Path, prompts: list[dict[str, Any]]) -> None:  # fmt: skip
    message = next(p for p in prompts if p["prompt_type"] == "message" and p["expected"]["intent"] == "log_sleep")  # fmt: skip
    coaching = prompts[0]
    good = {"reply": "Logged your sleep.", "intent": "log_sleep", "safety": "none", "paraphrases": ["I slept 7 hours"]}  # fmt: skip
    with FakeServer("openai") as server:
        server.push(_llm_reply("Sure! " + json.dumps(good)), _llm_reply("A plan: squat 3x8. See a doctor if pain."))  # fmt: skip
        provider = OpenAICompatProvider(model="tiny", base_url=server.url, max_retries=0)
        teacher = LLMTeacher(provider, tmp_path / "cache", paraphrases=1)
        first = [teacher.answer(message), teacher.answer(coaching)]
        again = LLMTeacher(provider, tmp_path / "cache", paraphrases=1)
        second = [again.answer(message), again.answer(coaching)]
        assert len(server.requests) == 2  # the second teacher read the cache
        assert message["prompt"] in server.requests[0].body["messages"][-1]["content"]
    assert first == second
    assert first[0]["intent"] == "log_sleep"
    assert first[0]["paraphrases"] == ["I slept 7 hours"]
    assert (teacher.calls, again.calls, again.cache_hits) == (2, 0, 2)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2


def test_llm_teacher_failures_become_counted_drops(tmp_path: Path, prompts: list[dict[str, Any]]) -> None:  # fmt: skip
    picked = [p for p in prompts if p["prompt_type"] == "message"][:2]
    with FakeServer("openai") as server:
        server.push(_llm_reply("I think this is about sleep."), Response({"error": {"message": "bad"}}, status=400))  # fmt: skip
        provider = OpenAICompatProvider(model="tiny", base_url=server.url, max_retries=0)
        rows = list(teach(picked, LLMTeacher(provider, tmp_path, paraphrases=1)))
    assert rows[0]["answer"]["parse_error"] == "no JSON object in the answer"
    assert rows[1]["answer"]["error"]
    _, report = validate(rows, MICRO)
    assert report["counts"]["dropped"] == {"teacher_error": 1, "unparseable_answer": 1}


def _bad(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(record))
    for key, value in changes.items():
        if key == "response":
            out["answer"]["response"] = value
        else:
            out[key] = value
    out["scenario_id"] += "-bad"
    return out


def test_validation_filters_and_counts_every_problem(answers: list[dict[str, Any]]) -> None:
    red = next(a for a in answers if a["prompt_type"] == "message" and a["expected"]["safety"] == "red_flag")  # fmt: skip
    sleep = next(a for a in answers if a["prompt_type"] == "message" and a["expected"]["intent"] == "log_sleep")  # fmt: skip
    plan = next(a for a in answers if a["prompt_type"] == "plan_creation")
    broken = {k: v for k, v in plan.items() if k != "context"}
    broken["scenario_id"] = "broken"
    disagree = _bad(sleep, prompt=sleep["prompt"] + " tonight")
    disagree["answer"]["intent"] = "log_weight"
    records = [
        *answers,
        _bad(sleep),  # the same prompt again
        _bad(red, prompt=red["prompt"] + "!!", response="Do 3x8 squats and keep training."),
        _bad(plan, prompt=plan["prompt"] + " ", response=""),  # whitespace differs only: a dup
        _bad(plan, prompt=plan["prompt"] + " please", response=""),
        _bad(plan, prompt=plan["prompt"] + " now", response="x" * 5000),
        broken,
        disagree,
    ]
    clean_dataset, clean_report = validate(answers, MICRO)
    base = clean_report["counts"]["dropped"]
    # The offline teacher's own misses: red flags the guardrails do not catch.
    assert set(base) <= {"safety_violation"}
    dataset, report = validate(records, MICRO)
    dropped = report["counts"]["dropped"]
    assert dropped == {
        "duplicate": 2, "safety_violation": base.get("safety_violation", 0) + 1,
        "missing_response": 1, "length_anomaly": 1, "schema": 1, "label_disagreement": 1,
    }  # fmt: skip
    assert report["counts"]["violations_by_constraint"]["escalate"] == dropped["safety_violation"]
    assert report["counts"]["kept"] == clean_report["counts"]["kept"]
    assert dataset == clean_dataset
    # Every kept athlete message gives its text and its paraphrases as examples.
    messages = [d for d in dataset if d["kind"] == "message"]
    kept = [a for a in answers if a["prompt_type"] == "message" and not safety_violations(a)]
    assert len(messages) == sum(1 + len(a["answer"]["paraphrases"]) for a in kept)
    # Paraphrases share their source's split.
    by_group: dict[str, set[str]] = {}
    for d in dataset:
        by_group.setdefault(d["group"], set()).add(d["split"])
    assert all(len(s) == 1 for s in by_group.values())
    assert {d["split"] for d in dataset} == {"train", "validation", "test"}
    bias = report["bias"]["slices"]
    assert set(bias) == set(SLICE_KEYS)
    assert sum(v["records"] for v in bias["sex"].values()) == len(records) - 1  # one broke the schema  # fmt: skip
    assert set(report["split_imbalance"]) == {"train", "validation", "test", "imbalanced"}


def test_splits_are_deterministic_stratified_and_follow_the_seed(answers: list[dict[str, Any]]) -> None:  # fmt: skip
    rows = [{"scenario_id": f"s{i}", "prompt_type": "message", "expected": {"intent": "log_sleep" if i % 2 else "greeting", "safety": "none"}, "slices": {"goal": "x"}} for i in range(40)]  # fmt: skip
    config = DistillConfig(seed=1)
    first = assign_splits(rows, config)
    assert first == assign_splits(list(reversed(rows)), config)
    assert first != assign_splits(rows, DistillConfig(seed=2))
    for intent_mod in (0, 1):
        ids = [f"s{i}" for i in range(40) if i % 2 == intent_mod]
        counts = {s: sum(first[i] == s for i in ids) for s in ("train", "validation", "test")}
        assert counts == {"train": 14, "validation": 3, "test": 3}


def test_stage_artefacts_are_content_hashed_and_verified(tmp_path: Path) -> None:
    rows = [{"a": 1}, {"a": 2}]
    first = artefacts.write_stage(tmp_path, "generate", rows, inputs={}, config={}, seconds=0.1)
    assert first.path.endswith(f"{first.sha256[:12]}.jsonl")
    assert first.count == 2
    assert artefacts.read_stage(tmp_path, "generate") == rows
    again = artefacts.write_stage(tmp_path, "generate", rows, inputs={}, config={}, seconds=0.2)
    assert again.path == first.path
    assert again.history == ()
    second = artefacts.write_stage(tmp_path, "generate", [{"a": 1, "b": "x"}], inputs={}, config={}, seconds=0.1)  # fmt: skip
    assert second.history == (first.path,)
    assert artefacts.read_previous(tmp_path, "generate") == rows
    (tmp_path / second.path).write_text('{"a": 9}\n')
    with pytest.raises(artefacts.PipelineError, match="does not match"):
        artefacts.read_stage(tmp_path, "generate")
    with pytest.raises(artefacts.PipelineError, match="fitcoach distill prompts"):
        artefacts.read_stage(tmp_path, "prompts")


def test_monitoring_finds_schema_changes_and_distribution_shift() -> None:
    old = [{"kind": "message", "intent": "log_sleep" if i % 2 else "greeting", "text": "x" * 10, "split": "train"} for i in range(100)]  # fmt: skip
    same = monitor.compare(old, old)
    assert same["flagged"] == []
    assert same["schema"] == {"added": [], "removed": [], "type_changed": []}
    new = [{"kind": "message", "intent": "log_sleep" if i % 5 else "greeting", "text": "x" * 40, "split": 1} for i in range(100)]  # fmt: skip
    moved = monitor.compare(old, new)
    assert moved["schema"]["type_changed"] == ["split"]
    assert "intent" in moved["flagged"]
    assert moved["shift"]["intent"]["psi"] > 0.25
    assert moved["lengths"]["new"]["mean"] == 40


def _gemini_reply(text: str) -> Response:
    return Response({
        "candidates": [{"content": {"parts": [{"text": text}], "role": "model"},
                        "finishReason": "STOP", "index": 0}],
        "modelVersion": "gemini-2.0-flash",
        "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
    })  # fmt: skip


def test_gemini_teacher_from_the_settings_answers_and_caches(tmp_path: Path, prompts: list[dict[str, Any]]) -> None:  # fmt: skip
    from fitcoach.assistant.llm.assistant import make_provider
    from fitcoach.core.settings import Settings

    message = next(p for p in prompts if p["prompt_type"] == "message" and p["expected"]["safety"] == "injection")  # fmt: skip
    answer = {"reply": "I can only help with your own training.", "intent": None, "safety": "injection", "paraphrases": []}  # fmt: skip
    with FakeServer("gemini") as server:
        server.push(_gemini_reply(json.dumps(answer)))
        settings = Settings(_env_file=None, gemini_api_key="test-key", gemini_base_url=server.url, llm_retries=0)  # type: ignore[call-arg]  # fmt: skip
        teacher = LLMTeacher(make_provider("gemini", settings), tmp_path, paraphrases=1)
        rows = list(teach([message, message], teacher))
        assert len(server.requests) == 1  # the second answer came from the cache
    assert rows[0]["answer"] == rows[1]["answer"]
    assert rows[0]["answer"]["safety"] == "injection"
    assert rows[0]["teacher"].startswith("gemini:")
    _, report = validate(rows[:1], MICRO)
    assert report["counts"]["kept"] == 1  # a refusal keeps the "refuse" constraint


def test_the_monitoring_report_compares_dataset_versions(tmp_path: Path) -> None:
    from fitcoach.pipelines.distill import run

    first = replace(MICRO, seed=3)
    for stage in (run.stage_generate, run.stage_prompts, run.stage_teach):
        stage(tmp_path, first)
    run.stage_validate(tmp_path, first)
    alone = run.stage_report(tmp_path)
    assert alone["comparison"] is None
    assert alone["records"] > 0
    assert alone["anomalies"]["total"] == artefacts.read_manifest(tmp_path)["stages"]["teach"]["count"]  # fmt: skip
    # A second version, made with more safety messages: the shift is measured against the first.
    second = replace(first, messages_per_safety=12)
    run.stage_prompts(tmp_path, second)
    run.stage_teach(tmp_path, second)
    run.stage_validate(tmp_path, second)
    report = run.stage_report(tmp_path)
    comparison = report["comparison"]
    assert comparison["schema"] == {"added": [], "removed": [], "type_changed": []}
    assert comparison["records"]["new"] > comparison["records"]["old"]
    assert comparison["shift"]["safety"]["psi"] > comparison["shift"]["sex"]["psi"]
    assert comparison["shift"]["safety"]["largest_change"]["share_delta"] != 0
    assert set(report["stage_seconds"]) == {"generate", "prompts", "teach", "validate"}
    assert (tmp_path / "reports" / "monitoring.json").is_file()
