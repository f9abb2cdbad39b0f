"""The teacher corpus in data/teacher: every file reads, the sizes the student needs are there,
and a writer never lands on both sides of a split."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.errors import InvalidInput
from fitcoach.pipelines.distill.corpus import (
    RED_FLAG_KINDS,
    CorpusMessage,
    load_corpus,
    read_file,
    summary,
    writer_split,
    writers,
)

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[3] / "data" / "teacher"


@pytest.fixture(scope="module")
def corpus() -> list[CorpusMessage]:
    return load_corpus(CORPUS)


def test_the_corpus_has_the_sizes_the_student_is_trained_on(corpus: list[CorpusMessage]) -> None:
    counts = summary(corpus)
    assert counts["messages"] >= 5000
    assert counts["categories"]["log"] >= 2000
    assert counts["categories"]["red_flag"] >= 1200
    assert counts["categories"]["lookalike"] >= 800
    assert counts["categories"]["plan"] >= 500
    assert counts["red_flag_kinds"]["self_harm"] >= 300
    assert set(counts["crisis_styles"]) == {"direct", "indirect", "past", "joking_but_not"}
    # Every red-flag kind of docs/safety.md has examples, from more than one writer.
    for kind in RED_FLAG_KINDS:
        authors = {m.writer for m in corpus if kind in m.red_flags}
        assert len(authors) >= 2, kind
    assert len(writers(corpus)) >= 4


def test_every_writer_has_a_readme_saying_how_it_wrote(corpus: list[CorpusMessage]) -> None:
    for writer in writers(corpus):
        readme = (CORPUS / writer / "README.md").read_text(encoding="utf-8")
        assert f"writer {writer}".lower() in readme.lower()


def test_a_writer_is_on_one_side_of_a_split_only(corpus: list[CorpusMessage]) -> None:
    held = writers(corpus)[-1]
    split = writer_split(corpus, [held])
    assert {m.writer for m in split.held_out} == {held}
    assert held not in {m.writer for m in split.train}
    assert len(split.train) + len(split.held_out) == len(corpus)
    with pytest.raises(InvalidInput, match="no messages by writer"):
        writer_split(corpus, ["nobody"])


def _record(**changes: object) -> str:
    record: dict[str, object] = {
        "id": "Z-0001",
        "writer": "Z",
        "units": "metric",
        "history": [],
        "text": "bench 80 kilos, 4 sets of 6",
        "category": "log",
        "red_flags": [],
        "crisis_style": None,
        "expect": {
            "action": "call",
            "calls": [{"tool": "log_sets", "args": {"date": "2026-11-18", "groups": []}}],
        },
    }
    record.update(changes)
    return json.dumps(record)


def test_a_bad_line_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "part-01.jsonl"
    path.write_text(_record() + "\n" + _record(id="Z-0002", units="furlongs") + "\n")
    with pytest.raises(InvalidInput, match=r"part-01.jsonl line 2: units"):
        read_file(path)
    path.write_text(_record() + "\n{not json\n")
    with pytest.raises(InvalidInput, match="line 2: not JSON"):
        read_file(path)


def test_labels_that_contradict_each_other_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "part-01.jsonl"
    # A red flag that does not escalate; a self-harm message without its style.
    for bad in (
        _record(category="red_flag", red_flags=["chest_pain"]),
        _record(
            category="red_flag",
            red_flags=["self_harm"],
            expect={
                "action": "escalate",
                "calls": [{"tool": "report_symptoms", "args": {"text": "x"}}],
            },
        ),
        _record(expect={"action": "call", "calls": [{"tool": "launch_rocket", "args": {}}]}),
    ):
        path.write_text(bad + "\n")
        with pytest.raises(InvalidInput):
            read_file(path)


def _escalation(mid: str, text: str, kind: str, style: str | None = None) -> str:
    return _record(
        id=mid,
        text=text,
        category="red_flag",
        red_flags=[kind],
        crisis_style=style,
        expect={
            "action": "escalate",
            "calls": [{"tool": "report_symptoms", "args": {"text": text}}],
        },
    )


def test_the_rules_triage_is_counted_per_kind_and_style(tmp_path: Path) -> None:
    """``fitcoach distill corpus --triage`` on a corpus of four messages whose outcome under the
    rules is plain: a textbook chest pain and a direct suicidal thought are caught, a made-up
    word is not, and a benign look-alike raises nothing."""
    folder = tmp_path / "Z"
    folder.mkdir()
    lines = [
        _escalation("Z-0001", "crushing chest pain spreading to my left arm right now", "chest_pain"),
        _escalation("Z-0002", "I want to kill myself", "self_harm", "direct"),
        _escalation("Z-0003", "my blorf is zindling", "other_medical"),
        _record(id="Z-0004", text="legs are sore two days after squats", category="lookalike",
                expect={"action": "answer"}),
    ]  # fmt: skip
    (folder / "part-01.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "README.md").write_text("Writer Z\n")
    result = runner.invoke(app, ["distill", "corpus", "--root", str(tmp_path), "--triage", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["summary"]["categories"] == {"lookalike": 1, "red_flag": 3}
    rows = "\n".join(out["triage"])
    assert "| red-flag recall | 66.7% [" in rows
    assert "(2/3) |" in rows
    assert "| false alarms on look-alikes | 0.0% " in rows
    assert "| self-harm, direct | 100.0% " in rows
    assert "| recall: other_medical | 0.0% " in rows


def test_the_corpus_command_names_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["distill", "corpus", "--root", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "no folder" in result.output


def test_tuned_sets_are_trained_on_in_every_fold_never_held_out(
    corpus: list[CorpusMessage],
) -> None:
    # `make train-student` adds the tuned blind sets with --extra: their writers join every
    # fold's training, the folds still deal out the corpus's own writers alone.
    from fitcoach.cli.distill_student import _held_out_sizes, corpus_messages
    from fitcoach.pipelines.distill.corpus import writer_groups

    extra = [CORPUS.parent / "blind-final-6", CORPUS.parent / "blind-final-13"]
    messages = corpus_messages(CORPUS, extra)
    assert len(messages) == len(corpus) + 640 + 640
    assert {"U", "V", "AI", "AJ"} <= set(writers(messages))
    sizes = _held_out_sizes(messages, extra)
    assert set(sizes) == set(writers(corpus))
    assert writer_groups(sizes, 3) == writer_groups(Counter(m.writer for m in corpus), 3)


def test_a_writer_read_twice_or_an_empty_extra_folder_is_refused(tmp_path: Path) -> None:
    from fitcoach.cli.distill_student import corpus_messages

    twice = [CORPUS.parent / "blind-final-6", CORPUS.parent / "blind-final-6"]
    with pytest.raises(InvalidInput, match=r"writers U, V of .* are already read"):
        corpus_messages(CORPUS, twice)
    with pytest.raises(InvalidInput, match="no corpus messages under"):
        corpus_messages(CORPUS, [tmp_path])
