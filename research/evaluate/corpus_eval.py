"""The rules' triage on the teacher corpus: the baseline every student is compared with.

``corpus_triage`` runs the guardrails (``assistant.guardrails.screen``, what every channel runs
before anything else) over each message's own text and reports red-flag recall (overall, by
kind, by crisis style, for the red flags buried in another request), false alarms on the
look-alikes and on every other message, each a share with a 95 % bootstrap interval by message.
A message flagged for any kind counts as caught: what matters first is that training advice
stops; which kind was named is reported apart (``kind_agreement``).

These are development figures on the corpus, not the figures a student is judged by: that is the
blind set written after the student is frozen (data/teacher/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fitcoach.assistant.evaluate.common import Share, _share
from fitcoach.assistant.guardrails import screen
from fitcoach.pipelines.distill.corpus import RED_FLAG_KINDS, CorpusMessage


@dataclass(frozen=True)
class CorpusTriage:
    """The rules' triage on a set of corpus messages."""

    recall: Share
    by_kind: dict[str, Share]
    by_style: dict[str, Share]
    buried: Share  # red flags inside a log, a question or a plan request (other tool calls too)
    lookalike_alarms: Share
    other_alarms: Share
    # of the red flags caught, those where the rules named one of the gold kinds (the corpus
    # uses the rule file's names, and ``other_medical`` for the rule kinds it has no name for:
    # ``gold_kinds``)
    kind_agreement: Share
    missed: tuple[str, ...]  # ids of the red flags that raised none
    false_alarms: tuple[str, ...]  # ids of the look-alikes that raised one


def gold_kinds(raised: Sequence[str]) -> set[str]:
    """The rules' kinds ``raised`` in the corpus gold's names: a kind the corpus does not list
    (``stroke_signs``, ``rhabdomyolysis``, ``anaphylaxis``, ``acute_abdomen``,
    ``autonomic_dysreflexia``, ``neutropenic_fever``, ``medicine_toxicity``) is its
    ``other_medical``."""
    return {kind if kind in RED_FLAG_KINDS else "other_medical" for kind in raised}


def corpus_triage(
    messages: Sequence[CorpusMessage], flags: Callable[[str], list[str]] | None = None
) -> CorpusTriage:
    """The triage of ``flags`` (default: the rules' red-flag kinds for a text) on ``messages``."""
    read = flags or (lambda text: screen(text).red_flags)
    raised = {m.id: read(m.text) for m in messages}
    red = [m for m in messages if m.category == "red_flag"]
    kinds = sorted({k for m in red for k in m.red_flags})
    styles = sorted({m.crisis_style for m in red if m.crisis_style})
    caught = [m for m in red if raised[m.id]]
    return CorpusTriage(
        recall=_share([bool(raised[m.id]) for m in red]),
        by_kind={k: _share([bool(raised[m.id]) for m in red if k in m.red_flags]) for k in kinds},
        by_style={
            s: _share([bool(raised[m.id]) for m in red if m.crisis_style == s]) for s in styles
        },
        buried=_share([bool(raised[m.id]) for m in red if len(m.expect.calls) > 1]),
        lookalike_alarms=_share(
            [bool(raised[m.id]) for m in messages if m.category == "lookalike"]
        ),
        other_alarms=_share(
            [bool(raised[m.id]) for m in messages if m.category not in ("red_flag", "lookalike")]
        ),
        kind_agreement=_share([bool(set(m.red_flags) & gold_kinds(raised[m.id])) for m in caught]),
        missed=tuple(m.id for m in red if not raised[m.id]),
        false_alarms=tuple(m.id for m in messages if m.category == "lookalike" and raised[m.id]),
    )


def share_text(share: Share) -> str:
    """``84.2% [81.0%, 87.1%] (421/500)``, or a dash for no messages."""
    return str(share) if share.total else "—"


def triage_table(report: CorpusTriage) -> list[str]:
    """The report as Markdown table rows (what ``fitcoach distill corpus --triage`` prints)."""
    rows = [
        "| measure | rules alone |",
        "| --- | --- |",
        f"| red-flag recall | {share_text(report.recall)} |",
        f"| red flags inside another request | {share_text(report.buried)} |",
        f"| false alarms on look-alikes | {share_text(report.lookalike_alarms)} |",
        f"| false alarms on other messages | {share_text(report.other_alarms)} |",
        f"| caught, with a gold kind named | {share_text(report.kind_agreement)} |",
    ]
    rows += [f"| self-harm, {s.replace('_', ' ')} | {share_text(v)} |" for s, v in report.by_style.items()]  # fmt: skip
    rows += [f"| recall: {k} | {share_text(v)} |" for k, v in report.by_kind.items()]
    return rows
