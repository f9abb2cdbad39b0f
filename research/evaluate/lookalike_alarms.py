"""The red-flag rules alone on every held message, by writer group: recall, self-harm recall and
look-alike false alarms, with what fired on each false alarm (issue 57).

Runs ``screen(text).red_flags`` (the rules, no learned classifier) over the teacher corpus
(data/teacher) and seven final blind sets that are now tuned sets: the sixth (data/blind-final-6,
writers U and V), the seventh and eighth (data/blind-final-7, writers W and X, and
data/blind-final-8, writers Y and Z), the eleventh (data/blind-final-11, writers AE and AF) and
the twelfth (data/blind-final-12, writers AG and AH) and the thirteenth (data/blind-final-13,
writers AI and AJ, tuned since 2026-11-29 evening) and the fourteenth (data/blind-final-14,
AK and AL, tuned after its first pass) and the fifteenth (data/blind-final-15, AM and AN,
tuned after its first pass on 2026-11-30) and the sixteenth (data/blind-final-16, AQ and AR,
tuned after its first pass on 2026-11-30) and the seventeenth (data/blind-final-17, AS and AT,
tuned after its first pass on 2026-11-30) and the eighteenth (data/blind-final-18, AU and AV,
tuned after its first pass on 2026-11-30) and the nineteenth (data/blind-final-19, AW and AX,
tuned after its first pass on 2026-11-30) and the twentieth (data/blind-final-20, AY and AZ,
tuned after its first pass on 2026-11-30) and the twenty-first (data/blind-final-21, BA and BB,
tuned after its first pass on 2026-11-30) and the twenty-second (data/blind-final-22, BC and BD,
tuned after its first pass on 2026-12-01) and the twenty-third (data/blind-final-23, BE and BF,
tuned after its first pass on 2026-12-01), each scored once and so spent, and the twenty-fourth (data/blind-final-24, BK and BL, tuned
after its first pass on 2026-12-01), and the corpus
data/corpus-57j (writers BG-BJ, written 2026-12-01 to be tuned on, never a blind set), and the
later ones in ``SOURCES`` (up to data/blind-final-27, CC and CD, tuned after its first pass at
stop 91: group "tuned CC-CD (blind-final-27)", and the corpus data/corpus-57n, CE-CH, written
2026-12-01 to be tuned on: "tuned CE-CH (corpus-57n)"; data/blind-final-28, CI and CJ, tuned after
its first pass at stop 92: "tuned CI-CJ (blind-final-28)"; the corpus data/corpus-57o, CK-CN,
written 2026-12-02 to be tuned on: "tuned CK-CN (corpus-57o)"; data/blind-final-29, CO and CP,
tuned after its first pass at stop 93: "tuned CO-CP (blind-final-29)"; data/blind-final-30, CQ and CR,
tuned after its first pass at stop 94: "tuned CQ-CR (blind-final-30)"; the corpus data/corpus-57p, CU,
written 2026-12-02 to be tuned on: "tuned CU (corpus-57p)"; data/blind-final-31, CS and CT,
tuned after its first pass at stop 95: "tuned CS-CT (blind-final-31)"), whose
look-alikes and red flags were read for look-alike classes on 2026-11-29 (the eleventh by
alarms57f, the twelfth by alarms57g). The other final blind sets are kept for judging and
are never read. A red flag counts as caught when any kind is raised; a look-alike is
a false alarm when any kind is raised.

    .venv/bin/python -m research.evaluate.lookalike_alarms [--list dev|tuned|check|all|none]

``--list check`` and ``--list all`` print check K-T messages: the check side is for figures and
class counts only, so list dev or tuned when looking for classes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain
from fitcoach.pipelines.distill.corpus import CorpusMessage, load_corpus

ROOT = Path(__file__).resolve().parents[2]
SOURCES = tuple(
    ROOT / "data" / name
    for name in (
        "teacher",
        "blind-final-6",
        "blind-final-7",
        "blind-final-8",
        "blind-final-11",
        "blind-final-12",
        "blind-final-13",
        "blind-final-14",
        "blind-final-15",
        "blind-final-16",
        "blind-final-17",
        "blind-final-18",
        "blind-final-19",
        "blind-final-20",
        "blind-final-21",
        "blind-final-22",
        "blind-final-23",
        "corpus-57j",
        "blind-final-24",
        "corpus-57k",
        "blind-final-25",
        "corpus-57l",
        "blind-final-26",
        "corpus-57m",
        "blind-final-27",
        "corpus-57n",
        "blind-final-28",
        "corpus-57o",
        "blind-final-29",
        "blind-final-30",
        "corpus-57p",
        "blind-final-31",
    )
)
# Chosen on the development side only; the check sides are reported, never tuned on.
GROUPS: dict[str, tuple[str, ...]] = {
    "dev A-I": tuple("ABCDEFGHI"),
    "check K-T": tuple("KLMNOPQRST"),
    "check U,V (tuned set)": ("U", "V"),
    "tuned W-Z": ("W", "X", "Y", "Z"),
    "tuned AE,AF": ("AE", "AF"),
    "tuned AG,AH": ("AG", "AH"),
    "tuned AI,AJ": ("AI", "AJ"),
    "tuned AK,AL": ("AK", "AL"),
    "tuned AM,AN": ("AM", "AN"),
    "tuned AQ,AR": ("AQ", "AR"),
    "tuned AS,AT": ("AS", "AT"),
    "tuned AU,AV": ("AU", "AV"),
    "tuned AW,AX": ("AW", "AX"),
    "tuned AY,AZ": ("AY", "AZ"),
    "tuned BA,BB": ("BA", "BB"),
    "tuned BC,BD": ("BC", "BD"),
    "tuned BE,BF": ("BE", "BF"),
    "tuned BG-BJ (corpus-57j)": ("BG", "BH", "BI", "BJ"),
    "tuned BK,BL": ("BK", "BL"),
    "tuned BM-BP (corpus-57k)": ("BM", "BN", "BO", "BP"),
    "tuned BQ,BR": ("BQ", "BR"),
    "tuned BS-BV (corpus-57l)": ("BS", "BT", "BU", "BV"),
    "tuned BW,BX": ("BW", "BX"),
    "tuned BY-CB (corpus-57m)": ("BY", "BZ", "CA", "CB"),
    "tuned CC-CD (blind-final-27)": ("CC", "CD"),
    "tuned CE-CH (corpus-57n)": ("CE", "CF", "CG", "CH"),
    "tuned CI-CJ (blind-final-28)": ("CI", "CJ"),
    "tuned CK-CN (corpus-57o)": ("CK", "CL", "CM", "CN"),
    "tuned CO-CP (blind-final-29)": ("CO", "CP"),
    "tuned CQ-CR (blind-final-30)": ("CQ", "CR"),
    "tuned CU (corpus-57p)": ("CU",),
    "tuned CS-CT (blind-final-31)": ("CS", "CT"),
}


@dataclass(frozen=True)
class GroupFigures:
    """The rules' figures on one writer group."""

    red: int
    red_caught: int
    self_harm: int
    self_harm_caught: int
    lookalikes: int
    alarms: int
    missed: tuple[str, ...]
    alarm_ids: tuple[str, ...]
    kinds: dict[str, list[str]]  # every red flag's raised kinds, to name a kind lost


def load_held() -> list[CorpusMessage]:
    """Every message of the teacher corpus and the tuned blind sets (later sets are never opened)."""
    messages: list[CorpusMessage] = []
    for root in SOURCES:
        messages.extend(load_corpus(root))
    return messages


def figures(messages: Sequence[CorpusMessage]) -> GroupFigures:
    red = [m for m in messages if m.category == "red_flag"]
    harm = [m for m in red if "self_harm" in m.red_flags]
    looks = [m for m in messages if m.category == "lookalike"]
    kinds = {m.id: screen(m.text).red_flags for m in red}
    missed = tuple(i for i, k in kinds.items() if not k)
    alarms = tuple(m.id for m in looks if screen(m.text).red_flags)
    harm_missed = sum(1 for m in harm if m.id in set(missed))
    return GroupFigures(
        red=len(red),
        red_caught=len(red) - len(missed),
        self_harm=len(harm),
        self_harm_caught=len(harm) - harm_missed,
        lookalikes=len(looks),
        alarms=len(alarms),
        missed=missed,
        alarm_ids=alarms,
        kinds=kinds,
    )


def _say(line: str, *, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(line + "\n")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--list",
        choices=("dev", "tuned", "check", "all", "none"),
        default="dev",
        help="whose look-alike false alarms to list with what fired (default: dev, A-I; tuned: W-Z and AE,AF to AU,AV)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures and ids to this file")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a --json file from an earlier run: name every red flag lost and alarm changed",
    )
    args = parser.parse_args(argv)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    started = time.perf_counter()
    messages = load_held()
    by_id = {m.id: m for m in messages}
    out: dict[str, object] = {}
    for group, names in GROUPS.items():
        f = figures([m for m in messages if m.writer in names])
        _say(
            f"{group}: red flags {f.red_caught}/{f.red} ({_pct(f.red_caught, f.red)}), "
            f"self-harm {f.self_harm_caught}/{f.self_harm}, look-alike alarms "
            f"{f.alarms}/{f.lookalikes} ({_pct(f.alarms, f.lookalikes)})"
        )
        out[group] = f.__dict__
        was = baseline.get(group) if baseline is not None else None
        if was is not None:
            lost = sorted(set(f.missed) - set(was["missed"]))
            gained = sorted(set(was["missed"]) - set(f.missed))
            quiet = sorted(set(was["alarm_ids"]) - set(f.alarm_ids))
            new = sorted(set(f.alarm_ids) - set(was["alarm_ids"]))
            _say(f"  vs baseline: red flags lost {lost or 'none'}, gained {len(gained)}")
            fewer = sorted(i for i, k in f.kinds.items() if set(was["kinds"].get(i, [])) - set(k))
            _say(f"  vs baseline: red flags with a kind dropped {fewer or 'none'}")
            _say(f"  vs baseline: alarms quietened {len(quiet)}, new alarms {new or 'none'}")
        listed = args.list == "all" or args.list == group.split()[0]
        for message_id in f.alarm_ids if listed else ():
            why = explain(by_id[message_id].text)
            fired = "; ".join(f"{k} ({'+'.join(v)})" for k, v in why.layers.items())
            _say(f"  - {message_id}: {by_id[message_id].text!r}\n      {fired}")
            for entry, words in why.matches.items():
                _say(f"      {entry}: {words}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=list) + "\n", encoding="utf-8")
    _say(f"({len(messages)} messages, {time.perf_counter() - started:.1f} s)", stream=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
