"""The protocol's summary: row status counts, the baseline report on both person sets, and the
command line (``python -m research.validation.blind_pmdata``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from research.validation.blind_pmdata.loading import PMData, item_direction_check, load_pmdata
from research.validation.blind_pmdata.protocol import (
    ALL_PERSONS,
    DEV_PERSONS,
    HELD_OUT_PERSONS,
    MAX_REPORT_GAP_DAYS,
    N_BOOT_DEFAULT,
)
from research.validation.blind_pmdata.readiness import evaluate_readiness
from research.validation.blind_pmdata.risk import evaluate_risk
from research.validation.blind_pmdata.rows import readiness_rows


def row_status_counts(data: PMData | None = None) -> dict[str, dict[str, int]]:
    """How many athlete days each protocol includes, and why the others are excluded."""
    data = data if data is not None else load_pmdata()
    return {
        "readiness": {
            str(k): int(v) for k, v in data.readiness_frame["status"].value_counts().items()
        },
        "risk": {str(k): int(v) for k, v in data.risk_frame["status"].value_counts().items()},
    }


def baseline_report(data: PMData | None = None, n_boot: int = N_BOOT_DEFAULT) -> str:
    """The load report, row counts and every baseline on DEV and on HELD_OUT, as markdown."""
    data = data if data is not None else load_pmdata()
    parts = ["## PMData load report", "", data.report.to_markdown(), ""]
    parts += ["Item direction check (within-person ρ with readiness):", ""]
    parts += [f"- {k}: {v:+.3f}" for k, v in item_direction_check(data).items()]
    for protocol, counts in row_status_counts(data).items():
        parts += [
            "",
            f"Row status, {protocol}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
        ]
    rows = readiness_rows(ALL_PERSONS, data)
    days = data.days.set_index(["person", "date"])
    keyed = rows.set_index(["person", "date"]).index
    sent = days.loc[keyed, "wellness_time"]
    woke = days.loc[keyed, "sleep_end"]
    parts += [
        "",
        f"Readiness rows whose report was sent at or after 12:00 local: "
        f"{int((sent.dt.hour >= 12).sum())} of {len(rows)}; whose Fitbit night ended after "
        f"the report was sent: {int((woke > sent).sum())}.",
    ]
    on = data.onsets
    parts += [
        "",
        f"Injury onsets: {int(on['onset'].sum())} placed, {int((~on['onset']).sum())} "
        f"not placed (gap > {MAX_REPORT_GAP_DAYS} days).",
    ]
    for label, persons in (("DEV_PERSONS", DEV_PERSONS), ("HELD_OUT_PERSONS", HELD_OUT_PERSONS)):
        parts += ["", f"## Baselines on {label}", ""]
        for track in ("objective", "with_items"):
            res = evaluate_readiness(None, persons, track=track, data=data, n_boot=n_boot)
            parts += [res.to_markdown(), ""]
        parts += [evaluate_risk(None, persons, data=data, n_boot=n_boot).to_markdown()]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``baseline_report`` to stdout (optional argument: number of resamples)."""
    args = list(sys.argv[1:] if argv is None else argv)
    n_boot = int(args[0]) if args else N_BOOT_DEFAULT
    sys.stdout.write(baseline_report(n_boot=n_boot))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
