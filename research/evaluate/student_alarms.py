"""The shipped student's own red-flag alarms on writers it never trained on (issue 57): the rules
alone, the student alone and rules ∪ student (the chat's ``student.second_net``), with 95 %
bootstrap intervals by message, and every look-alike the student alone alarms on, with its
probabilities.

The shipped student (``tuned-student``, ``src/fitcoach/ml/artefacts``) was trained on writers
A-T (data/teacher), so its readings there are in-sample. The spent final blind sets
data/blind-final-6 (writers U, V), -7 (W, X) and -8 (Y, Z) were never trained on: they are where
its own alarms can be studied. They are **tuned sets** for the rules (read to fix them on
2026-11-29), so the rules' figures there are not blind, and anything chosen here makes them
tuned sets for the student's gating too. The later final blind sets are never opened.
**Since the student `4089f82ff8e3277d` (2026-11-29 evening) U-Z are trained on too** (with
AE-AJ, `make train-student`'s ``--extra``): its readings there are in-sample, like the teacher
corpus's, and the figures under research/evaluate/figures/student_alarms_*.md are the earlier
students'. The sets it never trained on, data/blind-final-9 and -10 (AA-AD), are kept unread:
``fitcoach distill evaluate data/blind-final-9`` gives their counts, never their messages.
**The shipped student `d161a24511bc8d98` (stop 91) trained on every tuned set up to
data/blind-final-26 and the corpora up to data/corpus-57m**; the later sets in ``UNSEEN``
(data/blind-final-27, CC and CD, tuned since stop 91, data/corpus-57n, CE-CH, data/blind-final-28, CI and CJ, tuned since stop 92,
data/corpus-57o, CK-CN, data/blind-final-29, CO and CP, tuned since stop 93, data/blind-final-30, CQ and CR, tuned since stop 94, data/corpus-57p, CU, and data/blind-final-31, CS and CT, tuned since stop 95)
are the ones here
it never trained on.
``--teacher`` adds the teacher corpus (writers A-T): the rules' figures there are the rules'
own tests; the student's are in-sample (overfit), reported only to check that a gate loses no
red flag there.

    .venv/bin/python -m research.evaluate.student_alarms [--teacher] [--json rows.json]
        [--markdown report.md] [--list student-only|union|none]

It then scores ways of gating the student's own alarms (``POLICIES``: a higher P(any) bar for
every alarm or where it names no kind, the rules' benign reading of the words, ``Row.quiet``,
and their firm one at any P(any), ``Row.firm``, gate23)
from the same readings, as a trade-off table per set: look-alike alarms of rules ∪ student and
the red flags (self-harm) each loses against the student before any gate. The shipped gate is
``student_runtime.benign_sense_gated``; the script checks that its policy model gives the chat's
own union on every message.

Example: ``.venv/bin/python -m research.evaluate.student_alarms --markdown /tmp/alarms.md``
prints each set's figures, the student-only look-alike alarms and the trade-off table (about two
minutes on two cores; research/evaluate/figures/student_alarms_*.md are its outputs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from fitcoach.assistant.evaluate.common import Share, _share
from fitcoach.assistant.guardrails import (
    SPO2_BELOW,
    firmly_quietened,
    quietened,
    read_in_range,
    screen,
)
from fitcoach.assistant.student import second_net
from fitcoach.assistant.student_runtime import BENIGN_SENSE_BAR
from fitcoach.pipelines.distill.corpus import CorpusMessage, load_corpus

ROOT = Path(__file__).resolve().parents[2]
# Spent final blind sets, tuned sets for the rules; in-sample for the student since 4089f82ff8e3277d
# (U-Z), 30ba0278d1316ee8 (AK,AL), f8550639e499bfce (AM-AT), 84d2555a2e683593 (AU-AZ, stop 85) and
# d161a24511bc8d98 (BA-BX and the corpora 57j-57m, stop 91): the shipped student has trained on
# every set here up to BY-CB (corpus-57m), so its figures on them are in-sample; AA-AD are the sets
# it never saw (counts only, never listed, never loaded here). The ones here it never trained on
# (its figures there are out-of-sample): CC,CD (blind-final-27, tuned since stop 91) and CE-CH
# (corpus-57n, written after it, to be tuned on), CI,CJ (blind-final-28, tuned since stop 92) and
# CK-CN (corpus-57o, stop 93), CO,CP (blind-final-29, tuned since stop 93),
# CQ,CR (blind-final-30, tuned since stop 94), CU (corpus-57p, stop 95), CS,CT (blind-final-31,
# tuned since stop 95).
UNSEEN: dict[str, str] = {
    "U,V (blind-final-6)": "blind-final-6",
    "W,X (blind-final-7)": "blind-final-7",
    "Y,Z (blind-final-8)": "blind-final-8",
    "AK,AL (blind-final-14)": "blind-final-14",
    "AM,AN (blind-final-15)": "blind-final-15",
    "AQ,AR (blind-final-16)": "blind-final-16",
    "AS,AT (blind-final-17)": "blind-final-17",
    "AU,AV (blind-final-18)": "blind-final-18",
    "AW,AX (blind-final-19)": "blind-final-19",
    "AY,AZ (blind-final-20)": "blind-final-20",
    "BA,BB (blind-final-21)": "blind-final-21",
    "BC,BD (blind-final-22)": "blind-final-22",
    "BE,BF (blind-final-23)": "blind-final-23",
    "BG-BJ (corpus-57j)": "corpus-57j",
    "BK,BL (blind-final-24)": "blind-final-24",
    "BM-BP (corpus-57k)": "corpus-57k",
    "BQ,BR (blind-final-25)": "blind-final-25",
    "BS-BV (corpus-57l)": "corpus-57l",
    "BW,BX (blind-final-26)": "blind-final-26",
    "BY-CB (corpus-57m)": "corpus-57m",
    "CC,CD (blind-final-27)": "blind-final-27",
    "CE-CH (corpus-57n)": "corpus-57n",
    "CI,CJ (blind-final-28)": "blind-final-28",
    "CK-CN (corpus-57o)": "corpus-57o",
    "CO,CP (blind-final-29)": "blind-final-29",
    "CQ,CR (blind-final-30)": "blind-final-30",
    "CU (corpus-57p)": "corpus-57p",
    "CS,CT (blind-final-31)": "blind-final-31",
}
TEACHER = "A-T (teacher, student in-sample)"
NAMED = 0.5  # P(kind) at which the student names a kind (``tuned_student.Reading.red_flags``)


@dataclass(frozen=True)
class Row:
    """One message as the three readers read it."""

    set: str
    id: str
    writer: str
    category: str
    gold: tuple[str, ...]
    text: str
    rules: tuple[str, ...]
    student: tuple[str, ...]  # what the student alone raises (the runtime's ``red_flags``)
    union: tuple[str, ...]  # the chat's: ``second_net(screen, text, runtime)``
    p_any: float
    p_self_harm: float
    top_kinds: tuple[tuple[str, float], ...]  # the student's three likeliest kinds
    named: tuple[str, ...]  # the kinds the student names (P 0.5 or more)
    quiet: tuple[str, ...]  # kinds the rules read in a benign sense (``guardrails.quietened``)
    firm: tuple[str, ...]  # those their firm senses alone explain (``firmly_quietened``, gate23)
    spo2: float | None  # the rules' SpO2 reading (their lowest), if any
    # a complete log in the rules' reading with no body sign word (``student_log_gate``, stualarm)
    plain_log: bool = False

    @property
    def self_harm(self) -> bool:
        return "self_harm" in self.gold


def _earlier(message: CorpusMessage) -> list[str]:
    return [t.text for t in message.history if t.role == "user"]


def read_rows(
    named: Sequence[tuple[str, Sequence[CorpusMessage]]],
    net: object,
    prime: Callable[[list[str]], None],
) -> list[Row]:
    """Every message of every named set, read by the rules, the student and their union."""
    prime([m.text for _, messages in named for m in messages])
    rows = []
    for name, messages in named:
        for m in messages:
            rules = screen(m.text, earlier=_earlier(m))
            union = second_net(rules, m.text, net)
            reading = net.read(m.text)  # type: ignore[attr-defined]
            kinds = sorted(reading.kinds.items(), key=lambda kv: -kv[1])[:3]
            rows.append(
                Row(
                    set=name,
                    id=m.id,
                    writer=m.writer,
                    category=m.category,
                    gold=tuple(m.red_flags),
                    text=m.text,
                    rules=tuple(rules.red_flags),
                    student=tuple(net.red_flags(m.text)),  # type: ignore[attr-defined]
                    union=tuple(union.red_flags),
                    p_any=round(reading.red_flag, 4),
                    p_self_harm=round(reading.crisis, 4),
                    top_kinds=tuple((k, round(p, 4)) for k, p in kinds),
                    named=tuple(k for k, p in reading.kinds.items() if p >= NAMED),
                    quiet=tuple(quietened(m.text) + read_in_range(m.text)),
                    firm=tuple(firmly_quietened(m.text)),
                    spo2=rules.spo2,
                    plain_log=_plain_log(m.text, rules.red_flags),
                )
            )
    return rows


def _plain_log(text: str, rules: Sequence[str]) -> bool:
    """``student_log_gate.ordinary_log_gated``'s reading of the words, whatever the student says."""
    from datetime import UTC, datetime

    from fitcoach.assistant.guardrails import names_body_sign
    from fitcoach.assistant.nlu import read_log, understand
    from fitcoach.assistant.rule_families import family_of_rule

    if rules or names_body_sign(text):
        return False
    today = datetime.now(UTC).date()
    if family_of_rule(understand(text, today=today).intent) == "plan":
        return False
    return read_log(text, today=today).ok


READERS = ("rules", "student", "union")


def figures(rows: Iterable[Row], flags: Callable[[Row], Sequence[str]]) -> dict[str, Share]:
    """Recall, self-harm recall and look-alike false alarms of ``flags`` over ``rows``."""
    rows = list(rows)
    red = [r for r in rows if r.category == "red_flag"]
    return {
        "recall": _share([bool(flags(r)) for r in red]),
        "self_harm": _share([bool(flags(r)) for r in red if r.self_harm]),
        "lookalike_alarms": _share([bool(flags(r)) for r in rows if r.category == "lookalike"]),
    }


def reader(name: str) -> Callable[[Row], Sequence[str]]:
    return lambda r: getattr(r, name)


def student_only(rows: Iterable[Row]) -> list[Row]:
    """The look-alikes the union alarms on and the rules do not: the student's own alarms."""
    return [r for r in rows if r.category == "lookalike" and r.union and not r.rules]


@dataclass(frozen=True)
class Policy:
    """A way of gating the student's own alarms, scored on the rows without another reading.

    The self-harm bar (``crisis``, the artefact's) always raises. Otherwise the student raises at
    ``any_bar`` P(any red flag) or more; ``unnamed_bar``: at least this where it names no kind;
    ``benign_bar``: where the rules read a kind in a benign sense (``Row.quiet``) and the student
    names no other kind, at least this (None: no such gate; above 1: never); ``spo2``: a rules'
    SpO2 reading of 90 % or more counts ``low_resting_spo2`` as read benign too; ``firm``: at or
    above ``benign_bar`` a firm benign sense (``Row.firm``) explaining every kind named still
    gates (gate23)."""

    name: str
    any_bar: float = 0.6
    unnamed_bar: float = 0.0
    benign_bar: float | None = None
    spo2: bool = False
    firm: bool = False
    ordinary: bool = False  # the ordinary-log gate (``Row.plain_log``, stualarm)

    def raises(self, row: Row, crisis: float) -> bool:
        """Whether the student alone raises ``row`` under this policy."""
        if row.p_self_harm >= crisis:
            return True
        if self.ordinary and row.plain_log and not {"self_harm", "extreme_diet"} & set(row.named):
            return False
        if row.p_any < self.any_bar or (not row.named and row.p_any < self.unnamed_bar):
            return False
        if self.benign_bar is None:
            return True
        if row.p_any >= self.benign_bar:
            return not (self.firm and row.firm and set(row.named) <= set(row.firm))
        benign = set(row.quiet)
        if self.spo2 and row.spo2 is not None and row.spo2 >= SPO2_BELOW:
            benign.add("low_resting_spo2")
        return not benign or not set(row.named) <= benign


POLICIES: tuple[Policy, ...] = (
    Policy("before: P(any) 0.6, P(self_harm) 0.3"),
    *(
        Policy(f"P(any) {t:g} for every alarm", any_bar=t)
        for t in (0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
    ),
    *(
        Policy(f"P(any) {t:g} where no kind is named", unnamed_bar=t)
        for t in (0.8, 0.9, 0.95, 0.99)
    ),
    *(
        Policy(f"benign sense read by the rules: P(any) {t:g}", benign_bar=t)
        for t in (0.9, 0.95, 0.99)
    ),
    Policy("benign sense read by the rules: never", benign_bar=1.01),
    Policy("benign sense or SpO2 read 90 %+: P(any) 0.99", benign_bar=0.99, spo2=True),
    Policy("benign sense or SpO2 read 90 %+: never", benign_bar=1.01, spo2=True),
    Policy("benign sense: P(any) 0.99; a firm one at any P(any)", benign_bar=0.99, firm=True),
    Policy(
        "and a complete log with no body sign word",
        benign_bar=0.99,
        firm=True,
        ordinary=True,
    ),
)


def trade_off(rows: Sequence[Row], crisis: float) -> list[str]:
    """Each policy's look-alike alarms (rules ∪ student) and red flags lost against the
    shipped student before the gate, per set: markdown lines."""
    sets = list(dict.fromkeys(r.set for r in rows))
    base = POLICIES[0]
    lines = [
        "| policy | "
        + " | ".join(f"{s}: look-alike alarms, red flags (self-harm) lost" for s in sets)
        + " |",
        "| --- |" + " --- |" * len(sets),
    ]
    for policy in POLICIES:
        cells = []
        for name in sets:
            mine = [r for r in rows if r.set == name]
            looks = [r for r in mine if r.category == "lookalike"]
            alarms = sum(bool(r.rules) or policy.raises(r, crisis) for r in looks)
            red = [r for r in mine if r.category == "red_flag" and not r.rules]
            lost = [r for r in red if base.raises(r, crisis) and not policy.raises(r, crisis)]
            harm = sum(r.self_harm for r in lost)
            cells.append(
                f"{alarms}/{len(looks)} ({100 * alarms / max(len(looks), 1):.1f} %), {len(lost)} ({harm})"
            )
        lines.append(f"| {policy.name} | " + " | ".join(cells) + " |")
    return lines


def _say(line: str, out: list[str], stream: TextIO | None = None) -> None:
    out.append(line)
    (stream or sys.stdout).write(line + "\n")


def report(rows: Sequence[Row], listing: str) -> list[str]:
    """The figures table and the listed alarms, as markdown lines (also printed)."""
    out: list[str] = []
    sets = list(dict.fromkeys(r.set for r in rows))
    _say("| set | reader | red-flag recall | self-harm recall | look-alike false alarms |", out)
    _say("| --- | --- | --- | --- | --- |", out)
    for name in sets:
        mine = [r for r in rows if r.set == name]
        for who in READERS:
            f = figures(mine, reader(who))
            _say(
                f"| {name} | {who} | {f['recall']} | {f['self_harm']} | {f['lookalike_alarms']} |",
                out,
            )
    unseen = [r for r in rows if r.set in UNSEEN]
    if len({r.set for r in unseen}) > 1:
        for who in READERS:
            f = figures(unseen, reader(who))
            _say(f"| U-Z together | {who} | {f['recall']} | {f['self_harm']} | {f['lookalike_alarms']} |", out)  # fmt: skip
    if listing == "none":
        return out
    chosen = student_only(rows) if listing == "student-only" else [r for r in rows if r.category == "lookalike" and r.union]  # fmt: skip
    _say("", out)
    _say(
        f"Look-alikes alarmed ({listing}), with the student's P(any), P(self_harm), top kinds:", out
    )
    _say("", out)
    for r in chosen:
        kinds = ", ".join(f"{k} {p:.2f}" for k, p in r.top_kinds)
        why = f"rules {list(r.rules)}, " if r.rules else ""
        _say(
            f"- {r.set} `{r.id}` P(any) {r.p_any:.3f}, P(self_harm) {r.p_self_harm:.3f} "
            f"[{kinds}] {why}student {list(r.student)}: {r.text!r}",
            out,
        )
    return out


def load_sets(teacher: bool) -> list[tuple[str, list[CorpusMessage]]]:
    named = [(name, load_corpus(ROOT / "data" / folder)) for name, folder in UNSEEN.items()]
    if teacher:
        named.append((TEACHER, load_corpus(ROOT / "data" / "teacher")))
    return named


def shipped_student() -> object:
    """The chat's runtime over the packaged artefact (as every channel reads it)."""
    from fitcoach.assistant.student_runtime import PACKAGED_ROOT, StudentRuntime

    runtime = StudentRuntime(PACKAGED_ROOT)
    if runtime.model() is None:
        raise SystemExit(f"the student did not load: {runtime.status().reason}")
    return runtime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", action="store_true", help="add the teacher corpus A-T (student in-sample)")  # fmt: skip
    parser.add_argument(
        "--list",
        choices=("student-only", "union", "none"),
        default="student-only",
        help="look-alike alarms to list: the student's own (default), every union alarm, none",
    )
    parser.add_argument("--json", type=Path, help="write every message's readings here")
    parser.add_argument("--markdown", type=Path, help="write the table and the listing here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runtime = shipped_student()
    rows = read_rows(load_sets(args.teacher), runtime, runtime.prime)  # type: ignore[attr-defined]
    lines = report(rows, args.list)
    crisis = runtime.model().crisis_threshold  # type: ignore[attr-defined]
    lines += ["", "Trade-off (rules ∪ student under each policy; lost: against 'before'):", ""]
    lines += trade_off(rows, crisis)
    sys.stdout.write("\n".join(lines[-len(POLICIES) - 5 :]) + "\n")
    shipped = Policy("shipped", benign_bar=BENIGN_SENSE_BAR, firm=True, ordinary=True)
    odd = [r.id for r in rows if bool(r.union) != (bool(r.rules) or shipped.raises(r, crisis))]
    if odd:  # the policy model must reproduce the chat's own union
        sys.stderr.write(f"the shipped policy's model disagrees with the chat on {odd[:10]}\n")
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) for r in rows], indent=0) + "\n", encoding="utf-8"
        )
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stderr.write(f"({len(rows)} messages, {time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
