"""The rule triage on a blind set: red-flag recall and false alarms (``evaluate_blind_triage``),
and the rules beside the rules with a student's red flags added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.assistant.evaluate.common import Share, _load, _share
from fitcoach.assistant.guardrails import screen


@dataclass(frozen=True)
class TriageReport:
    """``screen`` on a blind set's messages (``kind``: red_flag, lookalike, or anything else)."""

    recall: Share  # red-flag messages that raised a red flag
    lookalike_alarms: Share  # look-alikes (shared words, no emergency) that raised one
    other_alarms: Share  # every other message that raised one
    by_category: dict[str, tuple[int, int]]  # category: (raised, messages)
    missed: list[str]  # ids of the red-flag messages that raised none
    # ids of the messages the net flagged where the rules raised nothing (empty without a net)
    net_only: list[str] = field(default_factory=list)


def evaluate_blind_triage(path: Path | str, net: object | None = None) -> TriageReport:
    """Red-flag recall and false alarms of the rule triage (``screen``) on a blind set such as
    ``tests/fixtures/blind/assistant_messages.yaml`` (written by someone who saw neither the
    rules nor the tests; fixing the rules against it makes it a tuned set). With ``net`` (a
    ``student.StudentModel``), the triage the chat runs with it: the rules ∪ its red flags
    (``student.second_net``)."""
    from fitcoach.assistant.student import net_red_flags

    items = _load(path, Path(path).name)["items"]
    # ``second_net`` raises a flag when the rules or the net do: the net's read in one batch.
    from_net = net_red_flags([item["text"] for item in items], net)
    by_net = {item["id"] for item, added in zip(items, from_net, strict=True) if added}
    by_rules = {item["id"]: bool(screen(item["text"]).red_flags) for item in items}
    raised = {i: by_rules[i] or i in by_net for i in by_rules}
    net_only = [i for i in by_rules if i in by_net and not by_rules[i]]
    flags = [item for item in items if item["kind"] == "red_flag"]
    by_category: dict[str, tuple[int, int]] = {}
    for item in flags:
        hit, seen = by_category.get(item["red_flag"], (0, 0))
        by_category[item["red_flag"]] = (hit + raised[item["id"]], seen + 1)
    return TriageReport(
        recall=_share([raised[i["id"]] for i in flags]),
        lookalike_alarms=_share([raised[i["id"]] for i in items if i["kind"] == "lookalike"]),
        other_alarms=_share(
            [raised[i["id"]] for i in items if i["kind"] not in ("red_flag", "lookalike")]
        ),
        by_category=dict(sorted(by_category.items())),
        missed=[item["id"] for item in flags if not raised[item["id"]]],
        net_only=net_only,
    )


def triage_comparison_lines(path: Path | str, rules: TriageReport, net: Any) -> list[str]:
    """The blind triage of the rules ∪ a student's red flags beside the rules alone (``rules``):
    recall, false alarms, by category, and which messages the student flagged that the rules
    did not (the red flags it found and the false alarms it added)."""
    if getattr(net, "red_flag_threshold", None) is None:
        return [f"  student {getattr(net, 'version', '')}: no tuned red-flag threshold, adds none"]
    union = evaluate_blind_triage(path, net)
    tuned = (getattr(net, "metrics", {}).get("sets") or {}).get("threshold", "an unrecorded set")
    kinds = {i["id"]: i["kind"] for i in _load(path, Path(path).name)["items"]}
    found = sorted(set(rules.missed) - set(union.missed))
    extra = sorted(i for i in union.net_only if kinds[i] != "red_flag")
    return [
        f"blind triage, rules ∪ student {net.version} (red-flag threshold "
        f"{net.red_flag_threshold}, tuned on {tuned}): red-flag recall {union.recall}",
        f"  false alarms on look-alikes {union.lookalike_alarms}, on other messages "
        f"{union.other_alarms}",
        "  by category (rules → rules ∪ student): "
        + ", ".join(
            f"{k} {rules.by_category[k][0]}→{hit}/{seen}"
            for k, (hit, seen) in union.by_category.items()
        ),
        f"  red flags the student added ({len(found)}): {', '.join(found) or '-'}; "
        f"false alarms it added ({len(extra)}): {', '.join(extra) or '-'}",
    ]
