"""The real-data risk check: the risk model on PMData's injuries, through the squad-sheet door
and the blind protocol, and the decision whether the product may show it.

Steps (:func:`run`):

1. PMData's athlete days as a squad sheet (``pmdata_daily``), read and scored by the same
   functions as ``fitcoach ml score`` (``fitcoach.ml.squad``): the model's probability, and the
   stored logistic regression's, for every athlete-day.
2. Row D-1 of the sheet speaks for the protocol's day D (``pmdata_daily.for_protocol_day``):
   the model then knows what ACWR and the 7-day load know, loads up to D-1.
3. ``blind_pmdata.evaluate_risk`` on DEV and on HELD_OUT: AUC and Brier with person-bootstrap
   95 % CIs, the paired AUC difference against ACWR and the 7-day load, the reliability table;
   the linear baseline is scored the same way.
4. The gate (``ml.burnout.gate.decide``) stored beside the model's artefact, the tables as
   markdown and the reliability diagram as a PNG.

PMData has very few onsets (3 in DEV, 2 in HELD_OUT, both in one person): every figure here
is underpowered, and the CIs say how much. The check can show that a model does not beat the
load rule; it can hardly show that one does.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fitcoach.ml.burnout import gate as risk_gate
from fitcoach.ml.squad import model_predictions, read_sheet, score_sheet
from research.validation import blind_pmdata
from research.validation.pmdata_daily import for_protocol_day, pmdata_sheet_text

if TYPE_CHECKING:
    from research.validation.base import CheckContext, CheckResult

Progress = Callable[[str, int, int], None]
TABLES = "burnout_real_data.md"
FIGURE = "burnout_real_reliability.png"
CARD = "burnout.md"


@dataclass(frozen=True)
class RiskCheck:
    """What the check found: the results per person set, the gate and the files written."""

    model_version: str
    results: dict[str, blind_pmdata.RiskResult]  # DEV, HELD_OUT
    linear: dict[str, blind_pmdata.RiskResult]  # the logistic regression on the same rows
    gate: risk_gate.Gate
    markdown: str
    sheet_summary: dict[str, Any]
    written: tuple[Path, ...]


def _table(label: str, model: blind_pmdata.RiskResult, linear: blind_pmdata.RiskResult) -> str:
    """One person set: the blind module's table with the linear baseline's row added."""
    lines = [f"### {label}", "", model.to_markdown().split("\n\nReliability")[0]]
    lr = linear.get(blind_pmdata.MODEL)
    lines += [
        "",
        "Linear baseline (the stored logistic regression, same rows): "
        f"AUC {lr.auc.fmt()}, Brier {lr.brier.fmt(4)}.",
    ]
    for s in model.scores:
        lines += [
            "",
            f"Reliability, {s.name} (10 equal-count bins of predicted risk; ties share a bin):",
            "",
            "| bin | n | mean predicted | observed rate | positives |",
            "|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {b.bin} | {b.n} | {b.mean_predicted:.4f} | {b.observed_rate:.4f} | {b.n_positive} |"
            for b in s.reliability
        ]
    return "\n".join(lines)


def reliability_figure(results: dict[str, blind_pmdata.RiskResult], path: Path) -> Path:
    """The reliability diagram (equal-count bins, the blind module's table) of the model and
    the two load baselines (after their DEV calibration), one panel per person set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(4.2 * len(results), 4), squeeze=False)
    for ax, (label, result) in zip(axes[0], results.items(), strict=True):
        top = 0.05
        for name, marker in ((blind_pmdata.MODEL, "o-"), ("acwr", "s--"), ("load_7d_mean", "^:")):
            bins = result.get(name).reliability
            xs = [b.mean_predicted for b in bins]
            ys = [b.observed_rate for b in bins]
            sizes = [b.n for b in bins]
            ax.plot(xs, ys, marker, label=name.replace("_", " "))
            ax.scatter(xs, ys, s=[max(4.0, n / 2) for n in sizes], alpha=0.3)
            top = max(top, *xs, *ys)
        ax.plot([0, top], [0, top], "k:", label="perfect")
        ax.set_xlabel("predicted 7-day risk")
        ax.set_ylabel("observed share of rows with an onset")
        ax.set_title(f"PMData {label}: {result.n_rows} rows, {result.n_onsets} onsets", fontsize=9)
        ax.legend(fontsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    path.write_bytes(buffer.getvalue())
    return path


def run(
    models_root: Path | None,
    *,
    version: str | None = None,
    n_boot: int = blind_pmdata.N_BOOT_DEFAULT,
    data: blind_pmdata.PMData | None = None,
    out_dir: Path | None = None,
    write_gate: bool = False,
    sets: Mapping[str, tuple[str, ...]] | None = None,
    progress: Progress | None = None,
) -> RiskCheck:
    """Run the check on the model under ``models_root`` (else the packaged one); write the
    tables and the figure to ``out_dir`` and the gate beside the artefact when asked.

    ``sets``: the person sets to evaluate, DEV and HELD_OUT by default (tests pass a slice of
    DEV persons)."""
    from fitcoach.core.errors import InvalidInput
    from fitcoach.ml.burnout.model import load
    from fitcoach.ml.burnout.scoring import Scorer

    def step(name: str, done: int) -> None:
        if progress is not None:
            progress(name, done, 4)

    data = data if data is not None else blind_pmdata.load_pmdata()
    loaded = load(models_root, version=version)
    step("score PMData through the sheet door", 0)
    persons = sorted({p for chosen in (sets or {}).values() for p in chosen})
    sheet = read_sheet(pmdata_sheet_text(persons or blind_pmdata.ALL_PERSONS, data))
    # the probabilities alone: the check reads no reasons, and SHAP costs more than the rest
    scored = score_sheet(sheet, Scorer(loaded), model_reasons=False)
    if scored.rows_rejected:
        raise InvalidInput(
            f"{scored.rows_rejected} PMData sheet rows were rejected; the conversion and the "
            "sheet reader disagree (run `fitcoach ml score` on the sheet to see them)"
        )
    model = for_protocol_day(model_predictions(scored))
    linear = for_protocol_day(model_predictions(scored, linear=True))
    step("evaluate on DEV and HELD_OUT", 1)
    sets = sets or {"DEV": blind_pmdata.DEV_PERSONS, "HELD_OUT": blind_pmdata.HELD_OUT_PERSONS}
    results = {
        k: blind_pmdata.evaluate_risk(model, p, data=data, n_boot=n_boot) for k, p in sets.items()
    }
    linear_results = {
        k: blind_pmdata.evaluate_risk(linear, p, data=data, n_boot=n_boot) for k, p in sets.items()
    }
    step("decide", 2)
    decided = risk_gate.decide(loaded.manifest.version, results)
    summary = scored.summary()
    markdown = "\n\n".join(
        [
            f"Model `{loaded.manifest.version}`, scored through `fitcoach ml score`'s door "
            f"({summary['rows_read']} PMData sheet rows, {summary['rows_rejected']} rejected); "
            "row D-1 predicts the protocol's day D.",
            *(_table(k, results[k], linear_results[k]) for k in sets),
            f"**Gate**: show the model = {str(decided.show_model).lower()}. {decided.reason}",
        ]
    )
    written: list[Path] = []
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / TABLES).write_text(markdown + "\n")
        written += [out_dir / TABLES, reliability_figure(results, out_dir / FIGURE)]
    if write_gate:
        written.append(risk_gate.write(loaded.path, decided))
    step("done", 4)
    return RiskCheck(
        model_version=loaded.manifest.version,
        results=results,
        linear=linear_results,
        gate=decided,
        markdown=markdown,
        sheet_summary=summary,
        written=tuple(written),
    )


def headline(check: RiskCheck) -> dict[str, Any]:
    """The figures a summary line needs: AUC of the model and the baselines per set."""
    out: dict[str, Any] = {
        "model_version": check.model_version,
        "show_model": check.gate.show_model,
    }
    for label, result in check.results.items():
        out[label] = {
            s.name: None if np.isnan(s.auc.value) else round(s.auc.value, 3)
            for s in result.scores
            if s.name != "base_rate"
        }
        out[label]["logistic_regression"] = round(
            check.linear[label].get(blind_pmdata.MODEL).auc.value, 3
        )
        out[label]["onsets"] = result.n_onsets
    return out


def _docs_models_dir() -> Path | None:
    """``docs/models`` of the checkout this module runs from (None when installed)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "docs" / "models"
        if (candidate / CARD).is_file():
            return candidate
    return None


def registered(ctx: CheckContext) -> CheckResult:
    """The check as ``fitcoach ml validate`` runs it: the model the product loads (the model
    directory's, else the packaged one), the gate written beside it and the reliability
    diagram into docs/models of the checkout (both only on the protocol's own person sets)."""
    from fitcoach.core.settings import get_settings
    from research.validation.base import CheckResult, jsonable, require_pmdata

    root = ctx.pmdata_dir or blind_pmdata.default_pmdata_dir()
    require_pmdata(root)
    sets: dict[str, tuple[str, ...]] = {"DEV": ctx.dev_persons or blind_pmdata.DEV_PERSONS}
    held = blind_pmdata.HELD_OUT_PERSONS if ctx.held_out_persons is None else ctx.held_out_persons
    if held:
        sets["HELD_OUT"] = held
    # Only the protocol's own person sets decide the gate and draw the card's diagram: a
    # slice (a test's) is scored and reported, never stored as the model's verdict.
    full = ctx.dev_persons is None and ctx.held_out_persons is None
    docs = _docs_models_dir() if full else None
    check = run(
        get_settings().models_path,
        n_boot=ctx.n_boot,
        data=blind_pmdata.load_pmdata(root),
        write_gate=full,
        sets=sets,
        progress=lambda step, done, total: ctx.progress(f"risk: {step}", done, total),
    )
    markdown = check.markdown
    if docs is not None:
        reliability_figure(check.results, docs / FIGURE)
        markdown += f"\n\nReliability diagram: [{FIGURE}](../{FIGURE})."
    return CheckResult(
        name="risk",
        title="Injury risk on real athletes (PMData)",
        card=CARD,
        markdown=markdown,
        figures=jsonable({**headline(check), "gate": check.gate.reason}),
    )
