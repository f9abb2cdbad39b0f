"""Students trained in one process where a GPU is (a bundle), scored and shipped anywhere."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.assistant.tuned_student import NAME, StudentConfig, TunedStudent, trained_tensors
from fitcoach.pipelines.distill import finetune
from fitcoach.pipelines.distill.corpus import (
    CorpusMessage,
    load_corpus,
    writer_groups,
    writer_split,
)

ROOT = Path(__file__).resolve().parents[3] / "data" / "teacher"
TINY = StudentConfig(epochs=1, batch_size=8, max_length=32, seed=3, int8=False)


@pytest.fixture(scope="module")
def few() -> list[CorpusMessage]:
    """Four messages a writer: two red flags, a look-alike, a log."""
    picked: list[CorpusMessage] = []
    wanted = {"red_flag": 2, "lookalike": 1, "log": 1}
    for message in load_corpus(ROOT):
        mine = [m for m in picked if m.writer == message.writer]
        if sum(m.category == message.category for m in mine) < wanted.get(message.category, 0):
            picked.append(message)
    return picked


def _equal(a: dict[str, object], b: dict[str, object]) -> bool:
    import torch

    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)  # type: ignore[arg-type]


def test_a_bundle_holds_each_fold_and_the_shipped_student(ml: None, few: list[CorpusMessage], tmp_path: Path) -> None:  # fmt: skip
    groups = writer_groups(Counter(m.writer for m in few), 3)
    bundle = finetune.train_bundle(few, TINY, groups)
    folds = {f"fold-{'+'.join(g)}": g for g in groups}
    assert bundle.held_out == {**folds, finetune.FINAL: ()}
    # The shipped student is the one `train` gives on every message; a fold is the one `train`
    # gives without its writers, so nothing it scores was learned.
    alone = finetune.train(few, TINY)
    assert _equal(bundle.students[finetune.FINAL], trained_tensors(alone.peft_model, alone.net))
    name, held = next(iter(folds.items()))
    fold = finetune.train(writer_split(few, held).train, TINY)
    assert _equal(bundle.students[name], trained_tensors(fold.peft_model, fold.net))
    assert not _equal(bundle.students[name], bundle.students[finetune.FINAL])

    path = tmp_path / "bundle.safetensors"
    path.write_bytes(finetune.bundle_bytes(bundle))
    again = finetune.read_bundle(path, few)
    assert again.config == TINY
    assert again.held_out == bundle.held_out
    assert again.losses == bundle.losses
    assert again.device == "cpu"
    assert all(_equal(again.students[p], bundle.students[p]) for p in bundle.students)
    with pytest.raises(ValueError, match="another corpus"):
        finetune.read_bundle(path, few[:-1])


def _corpus(root: Path, messages: list[CorpusMessage]) -> None:
    for writer in sorted({m.writer for m in messages}):
        folder = root / writer
        folder.mkdir(parents=True)
        lines = [m.model_dump_json() for m in messages if m.writer == writer]
        (folder / "part-01.jsonl").write_text("\n".join(lines) + "\n")


def test_folds_scored_and_the_student_shipped_from_a_bundle(ml: None, few: list[CorpusMessage], tmp_path: Path) -> None:  # fmt: skip
    """The journey a GPU run takes: train the bundle, score its folds here through the shipped
    reader, save its shipped student with the thresholds the folds chose."""
    from fitcoach.cli import app

    corpus, models = tmp_path / "corpus", tmp_path / "models"
    _corpus(corpus, few)
    bundle, report = tmp_path / "b.safetensors", tmp_path / "folds.json"
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["distill", "student-bundle", "--root", str(corpus), "--out", str(bundle),
         "--device", "cpu", "--epochs", "1", "--tuned-layers", "1", "--threads", "1"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "3 folds and the shipped student on cpu" in made.output
    scored = runner.invoke(
        app,
        ["distill", "student-folds", "--root", str(corpus), "--weights", str(bundle),
         "--report", str(report), "--threads", "1"],
    )  # fmt: skip
    assert scored.exit_code == 0, scored.output
    folds = json.loads(report.read_text())
    assert sorted(m["id"] for m in folds["predictions"]) == sorted(m.id for m in few)
    assert len(folds["groups"]) == 3
    shipped = runner.invoke(
        app,
        ["distill", "train-student", "--root", str(corpus), "--weights", str(bundle),
         "--folds", str(report), "--out", str(models), "--threads", "1"],
    )  # fmt: skip
    assert shipped.exit_code == 0, shipped.output
    manifest = json.loads(next((models / NAME).glob("*/manifest.json")).read_text())
    assert manifest["params"]["red_flag_threshold"] == folds["threshold"]
    assert manifest["metrics"]["device"] == "cpu"
    assert manifest["params"]["config"]["tuned_layers"] == 1  # the bundle's, not SHIPPED's
    student = TunedStudent.load(models)
    assert student.threshold == folds["threshold"]
    assert len(student.read_many([m.text for m in few])) == len(few)

    other = tmp_path / "other"
    _corpus(other, few[:-1])
    refused = runner.invoke(
        app, ["distill", "student-folds", "--root", str(other), "--weights", str(bundle)]
    )
    assert refused.exit_code == 2
    assert "another corpus" in refused.output
