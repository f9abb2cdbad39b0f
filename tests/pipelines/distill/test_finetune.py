"""The fine-tuned student: deterministic by seed, saved and loaded verified, folds by writer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fitcoach.assistant.tuned_student import (
    FLAGS,
    INTENTS,
    NAME,
    StudentConfig,
    TunedStudent,
    trained_tensors,
)
from fitcoach.pipelines.distill import corpus, finetune
from fitcoach.pipelines.distill.corpus import CorpusMessage, load_corpus
from research.evaluate import finetune_eval

ROOT = Path(__file__).resolve().parents[3] / "data" / "teacher"
TINY = StudentConfig(epochs=1, batch_size=8, max_length=32, seed=3, int8=False)


@pytest.fixture(scope="module")
def few() -> list[CorpusMessage]:
    """Six messages a writer, red flags and look-alikes among them."""
    picked: list[CorpusMessage] = []
    for message in load_corpus(ROOT):
        mine = [m for m in picked if m.writer == message.writer]
        wanted = {"red_flag": 2, "lookalike": 1, "log": 2, "plan": 1}
        if sum(m.category == message.category for m in mine) < wanted.get(message.category, 0):
            picked.append(message)
    return picked


def test_gold_intents_are_the_first_tool_or_the_action(few: list[CorpusMessage]) -> None:
    for message in few:
        intent = finetune.intent_of(message)
        assert intent in INTENTS
        if message.category == "red_flag":
            assert intent == "escalate"
        elif message.expect.action == "call":
            assert intent == message.expect.calls[0].tool


def test_training_is_deterministic_by_seed_and_saves_and_loads(ml: None, few: list[CorpusMessage], tmp_path: Path) -> None:  # fmt: skip
    import torch

    torch.set_num_threads(1)
    first = finetune.train(few, TINY)
    again = finetune.train(few, TINY)
    other = finetune.train(few, replace(TINY, seed=4))
    assert finetune.weights_bytes(first) == finetune.weights_bytes(again)
    assert finetune.weights_bytes(first) != finetune.weights_bytes(other)

    manifest = finetune.save_student(tmp_path, first, few, threshold=0.3, metrics={})
    assert manifest.seed == TINY.seed
    assert manifest.params["config"]["tuned_layers"] == TINY.tuned_layers
    assert manifest.params["red_flag_threshold"] == 0.3
    assert manifest.data_hash == finetune.corpus_hash(few)
    assert manifest.code_version
    # only adapters and heads travel: far smaller than the encoder's 90 MB
    assert (tmp_path / NAME / manifest.version / "weights.safetensors").stat().st_size < 2_000_000

    loaded = TunedStudent.load(tmp_path)
    assert loaded.threshold == 0.3
    readings = loaded.read_many([m.text for m in few])
    states = finetune.lower_states(first.net, first.tokenizer, [m.text for m in few], TINY)
    intent_p, flag_p = finetune.scores(first, states)
    # the merged, loaded network gives what the trained one gave
    for reading, ip, fp in zip(readings, intent_p, flag_p, strict=True):
        assert reading.intent == INTENTS[max(range(len(ip)), key=ip.__getitem__)]
        assert reading.red_flag == pytest.approx(fp[0], abs=1e-4)
        assert len(reading.kinds) == len(FLAGS) - 1

    # the threshold the folds chose, given afterwards: a new version, the same weights
    assert loaded.flagged_crisis_threshold == 2.0  # no bar for flagged messages: never fires
    moved = finetune.with_threshold(
        tmp_path, 0.15, {"summary": {"note": "folds"}}, 0.4, flagged_crisis=0.05
    )
    assert moved.version != manifest.version
    assert not (tmp_path / NAME / manifest.version).exists()
    assert moved.files == manifest.files
    assert moved.metrics["development"] == {"note": "folds"}
    reloaded = TunedStudent.load(tmp_path)
    assert reloaded.threshold == 0.15
    assert (reloaded.crisis_threshold, reloaded.flagged_crisis_threshold) == (0.4, 0.05)
    assert reloaded.read(few[0].text).flagged_crisis_threshold == 0.05
    assert reloaded.read(few[0].text).red_flag == pytest.approx(readings[0].red_flag, abs=1e-6)
    manifest = moved

    (tmp_path / NAME / manifest.version / "weights.safetensors").write_bytes(b"changed")
    from fitcoach.ml.registry import ArtefactError

    with pytest.raises(ArtefactError, match="does not match"):
        TunedStudent.load(tmp_path)


def test_a_fold_never_trains_on_the_writer_it_scores(ml: None, few: list[CorpusMessage], monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen: list[set[str]] = []
    real = finetune_eval.train

    def spy(messages: Any, config: StudentConfig, **kwargs: Any) -> Any:
        seen.append({m.writer for m in messages})
        return real(messages, config, **kwargs)

    monkeypatch.setattr(finetune_eval, "train", spy)
    predictions = finetune_eval.leave_one_writer_out(few, TINY, held_out=["A", "C"])
    everyone = {m.writer for m in few}
    assert seen == [everyone - {"A"}, everyone - {"C"}]
    assert {m.writer for m in predictions.messages} == {"A", "C"}
    assert len(predictions.flag_p) == len(predictions.messages)


def _predictions(few: list[CorpusMessage], red: float, lookalike: float) -> finetune_eval.Predictions:  # fmt: skip
    flag_p = []
    for m in few:
        p = red if m.category == "red_flag" else lookalike if m.category == "lookalike" else 0.0
        flag_p.append((p,) + (0.0,) * (len(FLAGS) - 1))
    intent_p = [(1.0,) + (0.0,) * (len(INTENTS) - 1)] * len(few)
    return finetune_eval.Predictions(tuple(few), tuple(intent_p), tuple(flag_p))


def test_the_threshold_is_the_lowest_within_the_look_alike_budget(few: list[CorpusMessage]) -> None:  # fmt: skip
    # look-alikes score 0.25: any threshold at or under it adds their false alarms
    predictions = _predictions(few, red=0.95, lookalike=0.25)
    assert finetune_eval.choose_threshold(predictions, budget=0.0) == 0.3
    # with room for every look-alike, the lowest threshold (most recall) wins
    assert finetune_eval.choose_threshold(predictions, budget=1.0) == min(finetune_eval.THRESHOLDS)
    student = predictions.red(0.3)
    assert all(student[m.text] for m in few if m.category == "red_flag")
    assert not any(student[m.text] for m in few if m.category == "lookalike")


def test_the_crisis_threshold_is_the_lowest_within_its_budget(few: list[CorpusMessage]) -> None:  # fmt: skip
    # every red flag made a self-harm one that only the crisis output catches (P(any) 0)
    marked = [
        m.model_copy(update={"red_flags": ["self_harm"]}) if m.category == "red_flag" else m
        for m in few
    ]
    sh = FLAGS.index("self_harm")
    flag_p = []
    for m in marked:
        p = [0.0] * len(FLAGS)
        if m.category == "red_flag":
            p[sh] = 0.08
        elif m.category == "lookalike":
            p[sh] = 0.04
        flag_p.append(tuple(p))
    intent_p = [(1.0,) + (0.0,) * (len(INTENTS) - 1)] * len(marked)
    predictions = finetune_eval.Predictions(tuple(marked), tuple(intent_p), tuple(flag_p))
    monkey_rules: dict[str, list[str]] = {m.text: [] for m in marked}
    curve = finetune_eval.crisis_curve(predictions, 0.9, monkey_rules)
    by = {r["crisis_threshold"]: r for r in curve}
    assert by[0.07]["self_harm_recall"] == 1.0
    assert by[0.07]["lookalike_added"] == 0.0
    assert by[0.03]["lookalike_added"] == 1.0  # every look-alike
    assert by[0.1]["self_harm_recall"] == 0.0
    red = predictions.red(0.9, 0.07)
    assert all(red[m.text] == ["self_harm"] for m in marked if m.category == "red_flag")
    assert not any(red[m.text] for m in marked if m.category == "lookalike")


def test_a_reading_raises_self_harm_on_its_own_threshold() -> None:
    from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

    kinds = dict.fromkeys(RED_FLAG_KINDS, 0.0) | {"self_harm": 0.2}
    quiet = Reading("answer", 0.9, red_flag=0.1, kinds=kinds)  # no crisis threshold: old artefact
    assert quiet.red_flags(0.5) == []
    assert quiet.crisis == 0.2
    crisis = Reading("answer", 0.9, red_flag=0.1, kinds=kinds, crisis_threshold=0.15)
    assert crisis.red_flags(0.5) == ["self_harm"]
    assert Reading("answer", 0.9, 0.1, kinds, crisis_threshold=0.3).red_flags(0.5) == []
    both = Reading("escalate", 0.9, 0.95, kinds | {"chest_pain": 0.9}, crisis_threshold=0.15)
    assert both.red_flags(0.5) == ["self_harm", "chest_pain"]


def test_a_flagged_reading_is_a_crisis_from_its_own_bar() -> None:
    from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

    kinds = dict.fromkeys(RED_FLAG_KINDS, 0.0) | {"self_harm": 0.06, "chest_pain": 0.9}
    assert not Reading("escalate", 0.9, 0.95, kinds).crisis_if_flagged  # old artefact: never
    assert Reading("escalate", 0.9, 0.95, kinds, 0.4, flagged_crisis_threshold=0.05).crisis_if_flagged  # fmt: skip
    assert not Reading("escalate", 0.9, 0.95, kinds, 0.4, flagged_crisis_threshold=0.07).crisis_if_flagged  # fmt: skip
    # the bar names nothing by itself: the red flags are P(any)'s and the crisis threshold's
    assert Reading("escalate", 0.9, 0.95, kinds, 0.4, 0.05).red_flags(0.5) == ["chest_pain"]


def test_the_flagged_crisis_bar_is_the_highest_giving_every_flagged_self_harm_the_crisis_reply(
    few: list[CorpusMessage],
) -> None:
    # each writer's first red flag made self-harm (some others are too); every red flag and look-alike is flagged
    # (P(any) 0.95), the self-harm output reads 0.03 on self-harm, 0.01 on the other red
    # flags, 0.002 on look-alikes and 0.2 on the rest, which nothing flags
    seen: set[str] = set()
    marked = []
    for m in few:
        if m.category == "red_flag" and m.writer not in seen:
            seen.add(m.writer)
            m = m.model_copy(update={"red_flags": ["self_harm"]})
        marked.append(m)
    harm = FLAGS.index("self_harm")
    flag_p = []
    for m in marked:
        p = [0.0] * len(FLAGS)
        if "self_harm" in m.red_flags:
            p[0], p[harm] = 0.95, 0.03
        elif m.category in ("red_flag", "lookalike"):
            p[0], p[harm] = 0.95, 0.01 if m.category == "red_flag" else 0.002
        else:
            p[harm] = 0.2
        flag_p.append(tuple(p))
    intent_p = [(1.0,) + (0.0,) * (len(INTENTS) - 1)] * len(marked)
    predictions = finetune_eval.Predictions(tuple(marked), tuple(intent_p), tuple(flag_p))
    rules: dict[str, list[str]] = {m.text: [] for m in marked}
    by = {
        r["flagged_crisis_threshold"]: r
        for r in finetune_eval.flagged_crisis_curve(predictions, 0.5, 2.0, rules)
    }
    harms = sum("self_harm" in m.red_flags for m in marked)
    others = sum(m.category == "red_flag" for m in marked) - harms
    looks = sum(m.category == "lookalike" for m in marked)
    assert by[2.0]["harm_flagged"] == harms
    assert by[2.0]["harm_crisis"] == 0  # flagged, but the general reply: the failure to fix
    assert (by[0.03]["harm_crisis"], by[0.03]["red_flag_crisis"], by[0.03]["lookalike_crisis"]) == (harms, 0, 0)  # fmt: skip
    assert by[0.05]["harm_crisis"] == 0
    assert (by[0.01]["red_flag_crisis"], by[0.01]["lookalike_crisis"]) == (others, 0)
    assert (by[0.002]["red_flag_crisis"], by[0.002]["lookalike_crisis"]) == (others, looks)
    assert all(r["other_crisis"] == 0 for r in by.values())  # never flagged: never a crisis
    assert finetune_eval.choose_flagged_crisis(predictions, 0.5, 2.0, rules) == 0.03
    # a rules' self-harm flag is a crisis reply at any bar
    named = rules | {m.text: ["self_harm"] for m in marked if "self_harm" in m.red_flags}
    assert finetune_eval.choose_flagged_crisis(predictions, 0.5, 2.0, named) == 2.0


def test_the_plain_encoder_computes_what_transformers_computes(ml: None) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    from fitcoach.assistant import minilm
    from fitcoach.assistant.tuned_student import encoder_path

    torch.set_num_threads(1)
    folder = encoder_path()
    texts = ["bench 80 kilos, 4 sets of 6", "my left arm went numb and my jaw aches", "hi"]
    reference = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    batch = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)(
        texts, padding=True, truncation=True, max_length=32, return_tensors="pt"
    )
    ids, mask = minilm.Tokenizer(folder, 32)(texts)
    assert torch.equal(ids, batch["input_ids"])
    assert torch.equal(mask, batch["attention_mask"])
    plain = minilm.load_encoder(folder)
    with torch.inference_mode():
        want = reference(input_ids=ids, attention_mask=mask).last_hidden_state
        hidden = plain.embeddings(input_ids=ids)
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in plain.encoder.layer:
            hidden = layer(hidden, additive)
    real = mask.bool()
    assert torch.allclose(hidden[real], want[real], atol=1e-4)


def test_int8_reading_stays_near_the_fp32_network(ml: None, few: list[CorpusMessage]) -> None:
    import torch

    torch.set_num_threads(1)
    trained = finetune.train(few, TINY)
    tensors = trained_tensors(trained.peft_model, trained.net)
    exact = TunedStudent.from_tensors(tensors, TINY).probabilities([m.text for m in few])
    small = TunedStudent.from_tensors(tensors, replace(TINY, int8=True))
    quantised = small.probabilities([m.text for m in few])
    assert any(
        isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in small.net.bert.modules()
    )
    drift = [abs(a[0] - b[0]) for a, b in zip(exact[1], quantised[1], strict=True)]
    assert max(drift) < 0.1
    assert drift != [0.0] * len(drift)


def test_the_onnx_reader_reads_what_the_torch_network_reads(ml: None, few: list[CorpusMessage], tmp_path: Path) -> None:  # fmt: skip
    """The shipped reader: the same network exported (deterministically) to ONNX, quantised by
    ONNX Runtime, saved in the artefact and loaded without torch's network."""
    import torch

    from fitcoach.assistant.student_onnx import READER

    torch.set_num_threads(1)
    trained = finetune.train(few, TINY)
    tensors = trained_tensors(trained.peft_model, trained.net)
    texts = [m.text for m in few]
    exact = TunedStudent.from_tensors(tensors, TINY).probabilities(texts)
    plain = TunedStudent.from_tensors(tensors, replace(TINY, onnx=True, int8=False))
    assert plain.net is None
    assert plain.reader is not None
    fp32 = plain.probabilities(texts)
    for want, got in zip(exact[1] + exact[0], fp32[1] + fp32[0], strict=True):
        assert got == pytest.approx(want, abs=1e-4)  # the same network, another runtime
    small = replace(TINY, onnx=True, int8=True)
    assert finetune.reader_bytes(tensors, small) == finetune.reader_bytes(tensors, small)
    int8 = TunedStudent.from_tensors(tensors, small).probabilities(texts)
    drift = [abs(a[0] - b[0]) for a, b in zip(exact[1], int8[1], strict=True)]
    assert max(drift) < 0.1
    assert drift != [0.0] * len(drift)  # quantised: near, not equal
    trained = replace(trained, config=small)
    manifest = finetune.save_student(tmp_path, trained, few, threshold=0.5, metrics={})
    assert READER in manifest.files
    loaded = TunedStudent.load(tmp_path)
    assert loaded.reader is not None
    assert loaded.net is None
    assert loaded.probabilities(texts) == int8


def test_the_commands_explain_themselves() -> None:
    from fitcoach.cli import app

    for command in ("train-student", "student-folds", "student-threshold", "student-onnx", "student-bundle"):  # fmt: skip
        result = CliRunner().invoke(app, ["distill", command, "--help"])
        assert result.exit_code == 0
        assert "Example: fitcoach distill " + command in " ".join(result.output.split())


def test_a_missing_corpus_is_named(tmp_path: Path) -> None:
    from fitcoach.cli import app

    result = CliRunner().invoke(app, ["distill", "train-student", "--root", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "no folder" in result.output


def test_the_shipped_student_reads_without_torch(ml: None) -> None:
    """Reading must not import what only training needs: torch (about 260 MB resident: the
    shipped student reads through ONNX Runtime), ``transformers`` and ``peft``."""
    import subprocess
    import sys

    shipped = Path(__file__).resolve().parents[3] / "src" / "fitcoach" / "ml" / "artefacts"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fitcoach.assistant.tuned_student import TunedStudent\n"
        f"student = TunedStudent.load(Path({str(shipped)!r}))\n"
        "reading = student.read('I keep having thoughts about ending it all')\n"
        "print(student.config.onnx, student.crisis_threshold, reading.crisis >= 0.0)\n"
        "print(sorted(m for m in ('transformers', 'peft', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    ).stdout.split("\n")
    onnx, crisis, read = out[0].split()
    assert onnx == "True"
    assert read == "True"
    assert 0.0 < float(crisis) < 1.0  # the folds' self-harm threshold travels with the artefact
    assert out[1] == "[]"


def test_writers_are_dealt_into_groups_each_held_out_whole(few: list[CorpusMessage]) -> None:
    # the teacher corpus's nine writers: balanced within 50 messages, where dealing the sorted
    # names round-robin gave 3,520 / 3,110 / 2,665
    nine = {"N": 450, "M": 900, "I": 900, "H": 900, "G": 900}
    nine |= {"A": 1310, "B": 1310, "C": 1315, "D": 1310}
    groups = corpus.writer_groups(nine, 3)
    assert groups == [("A", "D", "N"), ("B", "G", "I"), ("C", "H", "M")]
    assert [sum(nine[w] for w in g) for g in groups] == [3070, 3110, 3115]
    assert corpus.writer_groups(dict(reversed(list(nine.items()))), 3) == groups
    assert corpus.writer_groups({"A": 5, "B": 1}, 5) == [("A",), ("B",)]
    assert corpus.writer_groups({"A": 1, "B": 1, "C": 2}, 2) == [("A", "B"), ("C",)]
    predictions = _predictions(few, red=0.9, lookalike=0.1)
    kept = predictions.without(("A", "C"))
    assert {m.writer for m in kept.messages} == {m.writer for m in few} - {"A", "C"}
    assert len(kept.flag_p) == len(kept.messages)


def test_the_thresholds_are_chosen_recall_first(few: list[CorpusMessage], monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(finetune_eval, "screen", lambda text: type("S", (), {"red_flags": []})())
    sh = FLAGS.index("self_harm")
    marked = [
        m.model_copy(update={"red_flags": ["self_harm"]})
        if m.category == "red_flag" and m.writer == "A"
        else m
        for m in few
    ]
    # (a text no other writer also wrote: readings are by text, and "i want to kill myself"
    # was written by more than one)
    texts = [m.text for m in marked]
    harm = next(
        i for i, m in enumerate(marked) if m.red_flags == ["self_harm"] and texts.count(m.text) == 1
    )
    flag_p = []
    for i, m in enumerate(marked):
        p = [0.0] * len(FLAGS)
        if i == harm:
            p[sh] = 0.08  # only the self-harm output sees it
        elif m.category == "red_flag":
            p[0] = 0.96 if m.writer == "B" else 0.35
        elif m.category == "lookalike":
            p[0], p[sh] = 0.25, 0.04  # under every red flag
        flag_p.append(tuple(p))
    intent_p = [(1.0,) + (0.0,) * (len(INTENTS) - 1)] * len(marked)
    predictions = finetune_eval.Predictions(tuple(marked), tuple(intent_p), tuple(flag_p))
    # 99.9 % is out of reach for P(any) (the self-harm message; with one miss among the two
    # red flags of each of 19 writers, 97 % would be reached): the most recall on offer, at
    # the highest threshold giving it (0.3: no look-alike), then the self-harm output the
    # highest threshold that still reaches every self-harm message
    threshold, crisis = finetune_eval.recall_first_thresholds(predictions, target=0.999)
    assert (threshold, crisis) == (0.3, 0.07)
    red = predictions.red(threshold, crisis)
    assert all(red[m.text] for m in marked if m.category == "red_flag")
    assert not any(red[m.text] for m in marked if m.category == "lookalike")
    # a low target: the highest threshold that meets it (only writer B's red flags, 0.96)
    b_share = sum(m.writer == "B" for m in marked if m.category == "red_flag") / sum(
        m.category == "red_flag" for m in marked
    )
    threshold, _ = finetune_eval.recall_first_thresholds(predictions, target=b_share)
    assert threshold == 0.95


def test_the_states_cache_encodes_only_texts_it_has_not_seen(ml: None, few: list[CorpusMessage], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import torch

    from fitcoach.assistant.tuned_student import build

    torch.set_num_threads(1)
    tokenizer, _, net = build(TINY)
    encoded: list[int] = []
    real = finetune.lower_states

    def spy(net: Any, tokenizer: Any, texts: Any, config: Any, progress: Any = None, device: str = "cpu") -> Any:  # fmt: skip
        encoded.append(len(texts))
        return real(net, tokenizer, texts, config, progress, device)

    monkeypatch.setattr(finetune, "lower_states", spy)
    first = finetune.cached_lower_states(tmp_path, few[:10], TINY, net, tokenizer)
    grown = finetune.cached_lower_states(tmp_path, few, TINY, net, tokenizer)
    assert encoded == [len({m.text for m in few[:10]}), len({m.text for m in few[10:]} - {m.text for m in few[:10]})]  # fmt: skip
    assert all(torch.equal(a, b) for a, b in zip(first, grown[:10], strict=True))
    fresh = real(net, tokenizer, [m.text for m in few[10:]], TINY)
    assert all(torch.allclose(a, b, atol=1e-5) for a, b in zip(fresh, grown[10:], strict=True))
    # another frozen shape is another store
    finetune.cached_lower_states(tmp_path, few[:3], replace(TINY, tuned_layers=2), net, tokenizer)
    assert encoded[-1] == len({m.text for m in few[:3]})


def test_self_harm_and_look_alike_rows_weigh_what_the_config_says(ml: None, few: list[CorpusMessage]) -> None:  # fmt: skip
    marked = [
        m.model_copy(update={"red_flags": ["self_harm"]}) if m.category == "red_flag" else m
        for m in few
    ]
    _, flags, rows = finetune._targets(marked, lookalike_weight=3.0, self_harm_weight=4.0)
    for message, target, weight in zip(marked, flags.tolist(), rows.squeeze(1).tolist(), strict=True):  # fmt: skip
        want = {"red_flag": 4.0, "lookalike": 3.0}.get(message.category, 1.0)
        assert weight == want
        assert target[0] == (message.category == "red_flag")
