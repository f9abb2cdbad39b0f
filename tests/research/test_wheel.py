"""The research code stays outside the product: the wheel packages ``src/fitcoach`` alone, the
sdist carries what builds that wheel (no research/, no tests), ``research/`` sits beside it,
and the package imports research only in the entry points of ``fitcoach ml validate``, ``ml
evaluate burnout|form``, the model cards' figures (``ml train burnout|form|ppo --plots``,
``distill report --plots``) and distill's evaluations (``corpus --triage``, ``evaluate PATH``,
``student-folds``, ``slot-folds``), inside the commands (so that the CLI loads without it)."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import unavailable
from typer.testing import CliRunner

import research
from fitcoach.cli import app

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "fitcoach"


def _research_imports(path: Path) -> list[tuple[int, str, bool]]:
    """``(line, module, at top level)`` of each import of ``research`` in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, n, id(node) in top) for n in names if n.split(".")[0] == "research"]
    return found


def test_the_wheel_packages_the_product_alone() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/fitcoach"]
    assert not any("research" in a for a in wheel.get("artifacts", []))
    assert not any("research" in i for i in wheel.get("include", []))
    assert Path(research.__file__).resolve().parent == ROOT / "research"


def _sdist_files(config: dict[str, Any]) -> set[str]:
    """The files hatchling's sdist takes from this checkout: what git does not ignore, narrowed
    to ``only-include`` when it is set; ``artifacts`` (ignored files named again) come back, and
    ``pyproject.toml``, ``.gitignore`` and the readme always go in (hatch.pypa.io, sdist builder)."""
    sdist = config["tool"]["hatch"]["build"]["targets"].get("sdist", {})
    # Only what this reading models: another option would make it wrong without a word.
    assert set(sdist) <= {"only-include", "artifacts"}, sorted(sdist)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    files = {f for f in listed if f and (ROOT / f).is_file()}
    only = [o.strip("/") for o in sdist.get("only-include", [])]
    if only:
        files = {f for f in files if any(f == o or f.startswith(o + "/") for o in only)}
    for pattern in sdist.get("artifacts", []):
        files |= {str(p.relative_to(ROOT)) for p in ROOT.glob(pattern) if p.is_file()}
    return files | {"pyproject.toml", ".gitignore", config["project"]["readme"]}


def test_the_sdist_carries_what_builds_the_wheel_and_no_research() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files = _sdist_files(config)
    tops = {f.split("/")[0] for f in files}
    assert not tops & {"research", "tests", "benchmarks", "data", "docs"}, sorted(tops)
    # Everything the wheel packages is there, so that a wheel built from the sdist is whole.
    package = {
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert package <= files, sorted(package - files)[:5]


def test_the_sdist_selection_sees_research_when_nothing_narrows_it() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    del config["tool"]["hatch"]["build"]["targets"]["sdist"]
    assert "research/__init__.py" in _sdist_files(config)


def test_no_protocol_or_check_is_left_in_the_package() -> None:
    # Bytecode caches are not modules (a checkout that ran the tests has them everywhere).
    assert not list((PACKAGE / "ml" / "validation").rglob("*.py"))
    research_modules = {p.stem for p in (ROOT / "research" / "validation").glob("*.py")}
    research_modules |= {
        p.name
        for p in (ROOT / "research" / "validation").iterdir()
        if p.is_dir() and p.name != "__pycache__"
    }
    in_ml = {p.stem for p in (PACKAGE / "ml").rglob("*.py")} | {
        p.name for p in (PACKAGE / "ml").rglob("*") if p.is_dir() and p.name != "__pycache__"
    }
    # The two splits keep their name on both sides: the data and its loader in the product
    # (ml/splits), how the split was drawn and checked, and the scoring protocol, in research.
    assert research_modules & in_ml == {"__init__", "blind_food101", "blind_pose"}


def test_no_chat_evaluation_is_left_in_the_distill_pipeline() -> None:
    moved = {p.stem for p in (ROOT / "research" / "evaluate").glob("*.py")} - {"__init__"}
    assert {"chat_eval", "corpus_eval", "finetune_eval", "fold_chat", "slots_eval"} <= moved
    assert not moved & {p.stem for p in (PACKAGE / "pipelines" / "distill").glob("*.py")}


def test_the_assistant_keeps_only_the_triage_its_training_run_reports() -> None:
    kept = {p.stem for p in (PACKAGE / "assistant" / "evaluate").glob("*.py")}
    assert kept == {"__init__", "common", "triage"}
    moved = {p.stem for p in (ROOT / "research" / "evaluate" / "assistant").glob("*.py")}
    assert moved & kept == {"__init__"}
    assert {"understanding", "safety", "logging_scores", "logging_runs", "cli"} <= moved


def test_the_pipelines_draw_no_figures_and_keep_no_search_or_fresh_evaluation() -> None:
    """The model cards' figures, the fresh-data evaluations and the hyperparameter search are
    research; the pipelines keep the simulators, the training and the scores stored with an
    artefact (the gates read them)."""
    pipelines = PACKAGE / "pipelines"
    drawing = [
        str(p.relative_to(PACKAGE))
        for p in sorted(pipelines.rglob("*.py"))
        if "matplotlib" in p.read_text(encoding="utf-8")
    ]
    assert drawing == []
    moved = {
        str(p.relative_to(ROOT / "research" / "pipelines"))
        for p in (ROOT / "research" / "pipelines").rglob("*.py")
    }
    assert {
        "burnout/figures.py",
        "burnout/evaluate.py",
        "dosing/figures.py",
        "form/figures.py",
        "form/evaluate.py",
        "form/real_frames_select.py",
        "distill/figures.py",
    } <= moved
    left = {str(p.relative_to(pipelines)) for p in pipelines.rglob("*.py")}
    assert not left & {"burnout/figures.py", "distill/plots.py"}


def test_the_package_imports_research_only_in_the_entry_points_inside_the_commands() -> None:
    found = {
        str(p.relative_to(PACKAGE)): sorted((name, top) for _, name, top in _research_imports(p))
        for p in sorted(PACKAGE.rglob("*.py"))
        if _research_imports(p)
    }
    assert found == {
        "cli/distill.py": [
            ("research.evaluate.chat_eval", False),
            ("research.evaluate.corpus_eval", False),
            ("research.pipelines.distill.figures", False),
        ],
        "cli/distill_slots.py": [("research.evaluate.slots_eval", False)],
        "cli/distill_student.py": [("research.evaluate.finetune_eval", False)],
        "cli/ml.py": [
            ("research.pipelines.burnout", False),
            ("research.pipelines.burnout", False),
            ("research.pipelines.dosing", False),
            ("research.pipelines.form", False),
            ("research.pipelines.form.evaluate", False),
            ("research.validation", False),
        ],
    }


def test_the_finder_sees_a_top_level_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import research.validation\n\ndef f():\n    from research import x\n")
    assert _research_imports(module) == [(1, "research.validation", True), (4, "research", False)]


def test_ml_validate_says_it_needs_a_source_checkout_when_research_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "research.validation", None)  # as if not installed
    result = CliRunner().invoke(app, ["ml", "validate", "--list"])
    assert result.exit_code == 2
    assert "needs a source checkout (research/ is not in the wheel)" in " ".join(
        result.output.split()
    )


def test_distill_evaluate_says_it_needs_a_source_checkout_when_research_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("research.evaluate", "research.evaluate.chat_eval"):  # as if not installed
        monkeypatch.setitem(sys.modules, name, None)
    result = CliRunner().invoke(app, ["distill", "evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert "distill evaluate PATH needs a source checkout (research/ is not in the wheel)" in (
        " ".join(result.output.split())
    )


@pytest.mark.parametrize(
    ("command", "hidden", "said"),
    [
        (
            ["ml", "train", "burnout", "--plots", "plots"],
            "research.pipelines.burnout.figures",
            "fitcoach ml train burnout --plots needs a source checkout",
        ),
        (
            ["ml", "train", "ppo", "--plots", "plots"],
            "research.pipelines.dosing.figures",
            "fitcoach ml train ppo --plots needs a source checkout",
        ),
        (
            ["ml", "train", "form", "--plots", "plots"],
            "research.pipelines.form.figures",
            "fitcoach ml train form --plots needs a source checkout",
        ),
        (
            ["ml", "evaluate", "form"],
            "research.pipelines.form.evaluate",
            "fitcoach ml evaluate form needs a source checkout",
        ),
        (
            ["distill", "report", "--plots", "plots"],
            "research.pipelines.distill.figures",
            "fitcoach distill report --plots needs a source checkout",
        ),
        (
            ["ml", "evaluate", "burnout"],
            "research.pipelines.burnout.evaluate",
            "fitcoach ml evaluate burnout needs a source checkout",
        ),
    ],
)
def test_the_model_commands_that_run_research_say_they_need_a_source_checkout(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: list[str],
    hidden: str,
    said: str,
) -> None:
    """Before anything is trained or loaded: a run that cannot draw its figures stops first."""
    needs = {"ppo": "stable_baselines3", "form": "torch"}.get(command[2])
    if command[1] == "train" and needs and importlib.util.find_spec(needs) is None:
        unavailable(f"the ml extra is missing ({needs})")  # the command would stop before
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, hidden, None)  # as if not installed
    # ``from package import module`` takes the package's attribute when an earlier test in this
    # process imported the module: hide that too, or the order of the run decides.
    parent, _, leaf = hidden.rpartition(".")
    if hasattr(sys.modules.get(parent), leaf):
        monkeypatch.delattr(sys.modules[parent], leaf)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert not (tmp_path / "plots").exists()


def test_a_missing_module_other_than_research_is_not_mistaken_for_it() -> None:
    from fitcoach.cli.common import needs_research

    missing = ModuleNotFoundError("No module named 'torch'", name="torch")
    with pytest.raises(ModuleNotFoundError) as raised:
        needs_research(missing, "fitcoach distill student-folds", "research.evaluate.finetune_eval")
    assert raised.value is missing


def test_ml_validate_finds_research_beside_src_from_anywhere(tmp_path: Path) -> None:
    """A console script starts outside the checkout: the entry point finds research/ itself."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "from fitcoach.cli import app; app(['ml', 'validate', '--list', '--json'])"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert [c["name"] for c in json.loads(done.stdout)][:2] == ["readiness", "checkin"]
