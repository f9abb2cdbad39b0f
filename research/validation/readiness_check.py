"""The readiness check of ``fitcoach ml validate``: the product's readiness on PMData beside
the blind protocol's baselines, on the development and the held-out persons, in both tracks,
with the calibration of its weights redone on the development persons.

The tables it writes are quoted by docs/models/readiness.md. Figures: within-person,
per-person (mean) and pooled Spearman ρ with 95 % person-bootstrap CIs
(``blind_pmdata.evaluate_readiness``), over every protocol row (rows the product leaves
unscored count as the neutral 50, ``readiness_pmdata``) and over the rows it scored.
"""

from __future__ import annotations

from typing import Any

from fitcoach.analysis import readiness as readiness_analysis
from research.validation import blind_pmdata as bp
from research.validation import readiness_calibration as calibration
from research.validation import readiness_pmdata as rp
from research.validation.base import CheckContext, CheckResult, jsonable, require_pmdata

TRACKS: tuple[bp.Track, ...] = ("objective", "with_items")
SUMMARY_PREDICTORS = (bp.MODEL, *(b.name for b in bp.READINESS_BASELINES))


def _estimate(e: bp.Estimate) -> dict[str, float]:
    return {"value": e.value, "low": e.low, "high": e.high}


def run(ctx: CheckContext) -> CheckResult:
    """Score the product on every protocol row of each person set and track; recalibrate."""
    root = ctx.pmdata_dir or bp.default_pmdata_dir()
    require_pmdata(root)
    data = bp.load_pmdata(root)
    sets = [("DEV", ctx.dev_persons or bp.DEV_PERSONS)]
    held = bp.HELD_OUT_PERSONS if ctx.held_out_persons is None else ctx.held_out_persons
    if held:
        sets.append(("HELD_OUT", held))
    total = 2 * len(sets) * len(TRACKS) + (1 if ctx.calibrate else 0)
    done = 0
    ctx.progress("readiness: loading PMData", done, total)

    summary = [
        "| persons | track | predictor | within-person ρ | mean per-person ρ | pooled ρ "
        "| rows scored by the product |",
        "|---|---|---|---|---|---|---|",
    ]
    coverage_lines = [
        "| persons | track | protocol rows | scored (ok) | calibrating | no_data |",
        "|---|---|---:|---:|---:|---:|",
    ]
    sections: list[str] = []
    figures: dict[str, Any] = {"weights": dict(readiness_analysis.WEIGHTS), "sets": {}}
    for label, persons in sets:
        for track in TRACKS:
            ctx.progress(f"readiness: {label} {track}, the product and the baselines", done, total)
            scored = rp.score_protocol_rows(persons, track, data=data)
            result = bp.evaluate_readiness(
                scored.predictions, persons, track=track, data=data, n_boot=ctx.n_boot
            )
            done += 1
            ctx.progress(f"readiness: {label} {track}, the rows it scored", done, total)
            only = rp.scored_only(scored, data, n_boot=ctx.n_boot)
            done += 1
            cov = scored.coverage()
            coverage_lines.append(
                f"| {label} | {track} | {result.n_rows} | {cov['ok']} | {cov['calibrating']} "
                f"| {cov['no_data']} |"
            )
            for name in SUMMARY_PREDICTORS:
                s = result.get(name)
                if track == "objective" and s.uses_self_report:
                    continue  # not admissible without self-report; shown in the full table
                summary.append(
                    f"| {label} | {track} | {'**readiness**' if name == bp.MODEL else name} "
                    f"| {s.within_rho.fmt()} | {s.mean_person_rho.fmt()} | {s.pooled_rho.fmt()} "
                    f"| {cov['ok']}/{result.n_rows} |"
                )
            sections += [
                f"## {label} persons, track `{track}`",
                "",
                result.to_markdown(),
                "",
                only.to_markdown(),
                "",
            ]
            figures["sets"][f"{label}/{track}"] = {
                "persons": list(persons),
                "rows": result.n_rows,
                "coverage": cov,
                "predictors": {
                    s.name: {
                        "self_report": s.uses_self_report,
                        "within_rho": _estimate(s.within_rho),
                        "mean_person_rho": _estimate(s.mean_person_rho),
                        "pooled_rho": _estimate(s.pooled_rho),
                        "per_person_rho": s.per_person_rho,
                    }
                    for s in result.scores
                },
                "differences": [
                    {"baseline": d.baseline, "metric": d.metric, **_estimate(d.estimate)}
                    for d in result.differences
                ],
                "scored_only": {
                    r.name: {
                        "within_rho": _estimate(r.within_rho),
                        "mean_person_rho": _estimate(r.mean_person_rho),
                    }
                    for r in only.rows
                },
            }
    if ctx.calibrate:
        ctx.progress("readiness: refitting the weights on DEV (leave one person out)", done, total)
        dev = ctx.dev_persons or bp.DEV_PERSONS
        fitted = calibration.calibrate(data, dev)
        done += 1
        same = fitted.weights == {k: round(v, 2) for k, v in readiness_analysis.WEIGHTS.items()}
        sections += [
            "## Calibration of the weights (DEV persons only)",
            "",
            fitted.to_markdown(),
            "",
            "The refit gives "
            + ("exactly the shipped weights." if same else "weights that differ from the shipped.")
            + " Shipped: "
            + ", ".join(f"{k} {v:.2f}" for k, v in readiness_analysis.WEIGHTS.items())
            + ".",
            "",
        ]
        figures["calibration"] = {
            "persons": list(fitted.persons),
            "weights": fitted.weights,
            "reproduces_shipped_weights": same,
            "fold_weights": fitted.fold_weights,
            "lopo_within_rho": fitted.lopo_within_rho,
        }
    ctx.progress("readiness: done", done, total)
    markdown = "\n".join(
        [
            "Within-person Spearman ρ (the person-demeaned score against the person-demeaned "
            "readiness, pooled), with 95 % person-bootstrap CIs, over every protocol row; rows "
            f"the product leaves unscored count as {rp.NEUTRAL_SCORE:g}. Self-report "
            "baselines are left out of the `objective` rows here (the full tables show them).",
            "",
            *summary,
            "",
            "Coverage (what the product says on the protocol rows):",
            "",
            *coverage_lines,
            "",
            *sections,
        ]
    )
    return CheckResult(
        name="readiness",
        title="Readiness on real athletes (PMData)",
        card="readiness.md",
        markdown=markdown,
        figures=jsonable(figures),
    )
