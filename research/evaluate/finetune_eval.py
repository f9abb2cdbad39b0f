"""Development figures for the fine-tuned student: leave one writer out, beside the rules.

Each fold trains on three writers and scores the fourth (``corpus.writer_split``), so every
figure is on words by a writer the student never saw. On the held-out messages it reports, each
with a 95 % bootstrap interval by message (``corpus_eval.corpus_triage``): the rules alone, the
student alone, and the union "rules ∪ student" that triage is meant to be (a message is a red
flag when either says so).

The student's red-flag threshold is chosen for recall on development predictions only
(``choose_threshold``): the lowest threshold whose false alarms *added* to the rules' on the
look-alikes stay within a budget. A fold's union figure uses the threshold chosen on the
*other* folds' predictions, so the held-out writer's words never tune the threshold they are
scored with; the shipped student's threshold is chosen on all four folds' predictions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fitcoach.assistant.evaluate.common import Share, _share
from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.tuned_student import (
    FLAGS,
    INTENTS,
    StudentConfig,
    TunedStudent,
    build,
    trained_tensors,
)
from fitcoach.pipelines.distill.corpus import CorpusMessage, writer_split, writers
from fitcoach.pipelines.distill.finetune import (
    Bundle,
    Progress,
    cached_lower_states,
    intent_of,
    lower_states,
    train,
)
from research.evaluate.corpus_eval import CorpusTriage, corpus_triage, share_text

THRESHOLDS: tuple[float, ...] = (
    0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99,
)  # fmt: skip
CRISIS_THRESHOLDS: tuple[float, ...] = (0.01, 0.02, 0.03, 0.05, 0.07, *THRESHOLDS[2:])
# P(self_harm) bars for the crisis reply once a message is a red flag (2.0: no such bar)
FLAGGED_CRISIS_THRESHOLDS: tuple[float, ...] = (0.0, 0.001, 0.002, 0.005, *CRISIS_THRESHOLDS[:9])
LOOKALIKE_BUDGET = 0.02  # look-alike false alarms the student may add to the rules'
CRISIS_BUDGET = 0.01  # and the self-harm output may add to those (recall first: a low bar)
RECALL_TARGET = 0.97  # red-flag recall of rules ∪ student the thresholds are chosen to reach
CRISIS_TARGET = (
    0.97  # self-harm too: 100 % is reached only at the grid's floor (docs/models/student.md)
)
SELF_HARM = FLAGS.index("self_harm")
TODAY = date(2026, 11, 18)  # the corpus's fixed "today" (data/teacher/SPEC.md)

# Coarse families, to compare the rules' intents (their own taxonomy) with the gold tools.
TOOL_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        (
            "log_sets",
            "log_cardio",
            "log_sleep",
            "log_daily_metrics",
            "log_measurements",
            "log_meal",
        ),
        "log",
    ),
    **dict.fromkeys(("propose_plan_edit", "generate_plan"), "plan"),
    **dict.fromkeys(
        (
            "get_metrics",
            "get_strength",
            "get_training_summary",
            "get_readiness",
            "get_today_session",
            "get_plan",
            "get_measurements",
            "explain_decision",
        ),
        "query",
    ),
}
RULES_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        ("log_sets", "log_cardio", "log_sleep", "log_weight", "log_daily", "log_meal"), "log"
    ),
    **dict.fromkeys(
        (
            "swap_exercise",
            "set_equipment",
            "move_session",
            "skip_session",
            "set_session_minutes",
            "generate_plan",
            "change_load",
        ),
        "plan",
    ),
    **dict.fromkeys(
        (
            "query_metric",
            "today_session",
            "show_plan",
            "training_summary",
            "readiness_advice",
            "explain",
        ),
        "query",
    ),
}


@dataclass(frozen=True)
class Predictions:
    """The student's probabilities on held-out messages (one fold, or several pooled)."""

    messages: tuple[CorpusMessage, ...]
    intent_p: tuple[tuple[float, ...], ...]
    flag_p: tuple[tuple[float, ...], ...]  # FLAGS order: any, then each kind

    def red(self, threshold: float, crisis: float = 2.0) -> dict[str, list[str]]:
        """Text → the student's red-flag kinds at ``threshold`` (``model_red_flag`` if none
        named), and ``self_harm`` wherever P(self_harm) reaches ``crisis`` (as ``Reading``)."""
        out: dict[str, list[str]] = {}
        for message, probs in zip(self.messages, self.flag_p, strict=True):
            crisis_hit = probs[SELF_HARM] >= crisis
            if probs[0] < threshold and not crisis_hit:
                out[message.text] = []
                continue
            named = [FLAGS[i] for i in range(1, len(FLAGS)) if probs[i] >= 0.5]
            if crisis_hit and "self_harm" not in named:
                named.insert(0, "self_harm")
            out[message.text] = named or ["model_red_flag"]
        return out

    def intents(self) -> list[str]:
        return [INTENTS[max(range(len(p)), key=p.__getitem__)] for p in self.intent_p]

    def without(self, writer: str | Sequence[str]) -> Predictions:
        """Every message but those by ``writer`` (one, or a group)."""
        drop = {writer} if isinstance(writer, str) else set(writer)
        keep = [i for i, m in enumerate(self.messages) if m.writer not in drop]
        return Predictions(
            tuple(self.messages[i] for i in keep),
            tuple(self.intent_p[i] for i in keep),
            tuple(self.flag_p[i] for i in keep),
        )


def _named(progress: Progress | None, stage: str) -> Progress | None:
    """``progress`` with the stage renamed (one bar per fold)."""
    if progress is None:
        return None
    report = progress

    def named(_stage: str, done: int, total: int) -> None:
        report(stage, done, total)

    return named


def leave_one_writer_out(
    messages: Sequence[CorpusMessage],
    config: StudentConfig,
    *,
    held_out: Sequence[str] | Sequence[Sequence[str]] | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> Predictions:
    """Out-of-writer predictions: for each held-out writer (or group of writers, held out
    together), a student trained on the others."""
    import torch

    torch.manual_seed(config.seed)
    tokenizer, _, net = build(config)
    if cache is not None:
        states = cached_lower_states(cache, messages, config, net, tokenizer, progress)
    else:
        states = lower_states(net, tokenizer, [m.text for m in messages], config, progress)
    index = {m.id: i for i, m in enumerate(messages)}
    kept: list[CorpusMessage] = []
    intent_p: list[tuple[float, ...]] = []
    flag_p: list[tuple[float, ...]] = []
    for group in held_out or writers(messages):
        names = [group] if isinstance(group, str) else list(group)
        split = writer_split(messages, names)
        trained = train(
            split.train,
            config,
            states=[states[index[m.id]] for m in split.train],
            progress=_named(progress, f"train without {'+'.join(names)}"),
        )
        # Read as the shipped student reads: the whole encoder from the text, int8 if so
        # configured (the frozen states above are fp32: the development figures must be the
        # shipped inference path's).
        student = TunedStudent.from_tensors(
            trained_tensors(trained.peft_model, trained.net), config
        )
        i_p, f_p = student.probabilities([m.text for m in split.held_out])
        kept.extend(split.held_out)
        intent_p.extend(tuple(p) for p in i_p)
        flag_p.extend(tuple(p) for p in f_p)
    return Predictions(tuple(kept), tuple(intent_p), tuple(flag_p))


def bundle_predictions(
    messages: Sequence[CorpusMessage], bundle: Bundle, progress: Progress | None = None
) -> Predictions:
    """Out-of-writer predictions from students trained elsewhere (``finetune.train_bundle``,
    on a GPU say): each fold's student reads the writers it held out here, through the shipped
    reading path of the bundle's configuration (ONNX Runtime, int8), as ``leave_one_writer_out``
    reads its own."""
    kept: list[CorpusMessage] = []
    intent_p: list[tuple[float, ...]] = []
    flag_p: list[tuple[float, ...]] = []
    folds = [(part, held) for part, held in bundle.held_out.items() if held]
    for done, (part, held) in enumerate(folds, 1):
        held_out = writer_split(messages, held).held_out
        student = TunedStudent.from_tensors(bundle.students[part], bundle.config)
        i_p, f_p = student.probabilities([m.text for m in held_out])
        kept.extend(held_out)
        intent_p.extend(tuple(p) for p in i_p)
        flag_p.extend(tuple(p) for p in f_p)
        if progress:
            progress("read the folds", done, len(folds))
    return Predictions(tuple(kept), tuple(intent_p), tuple(flag_p))


def predictions_json(predictions: Predictions) -> list[dict[str, Any]]:
    """Held-out probabilities by message id, exact (JSON keeps a float's every digit)."""
    return [
        {"id": m.id, "intent_p": list(i), "flag_p": list(f)}
        for m, i, f in zip(
            predictions.messages, predictions.intent_p, predictions.flag_p, strict=True
        )
    ]


def predictions_from_json(
    messages: Sequence[CorpusMessage], parts: Sequence[Sequence[dict[str, Any]]]
) -> Predictions:
    """Folds run in separate processes, pooled (``predictions_json``'s rows, several reports)."""
    by_id = {m.id: m for m in messages}
    rows = [row for part in parts for row in part]
    return Predictions(
        tuple(by_id[r["id"]] for r in rows),
        tuple(tuple(r["intent_p"]) for r in rows),
        tuple(tuple(r["flag_p"]) for r in rows),
    )


def _rules(messages: Sequence[CorpusMessage]) -> dict[str, list[str]]:
    return {m.text: screen(m.text).red_flags for m in messages}


def threshold_curve(predictions: Predictions, rules: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Per threshold: the union's recall and its look-alike false alarms beside the rules'."""
    rules = rules if rules is not None else _rules(predictions.messages)
    red = [m for m in predictions.messages if m.category == "red_flag"]
    looks = [m for m in predictions.messages if m.category == "lookalike"]
    base = sum(bool(rules[m.text]) for m in looks)
    rows = []
    for threshold in THRESHOLDS:
        student = predictions.red(threshold)
        union = {t: bool(rules[t] or student[t]) for t in student}
        rows.append(
            {
                "threshold": threshold,
                "union_recall": sum(union[m.text] for m in red) / max(len(red), 1),
                "student_recall": sum(bool(student[m.text]) for m in red) / max(len(red), 1),
                "lookalike_added": (sum(union[m.text] for m in looks) - base) / max(len(looks), 1),
            }
        )
    return rows


def choose_threshold(predictions: Predictions, budget: float = LOOKALIKE_BUDGET) -> float:
    """The lowest threshold (most recall) whose added look-alike false alarms fit ``budget``."""
    fits = [r["threshold"] for r in threshold_curve(predictions) if r["lookalike_added"] <= budget]
    return min(fits) if fits else max(THRESHOLDS)


def crisis_curve(
    predictions: Predictions, threshold: float, rules: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """Per crisis threshold, with P(any) at ``threshold``: self-harm recall of the union and
    the look-alike false alarms the self-harm output adds to rules ∪ P(any)."""
    rules = rules if rules is not None else _rules(predictions.messages)
    harm = [m for m in predictions.messages if "self_harm" in m.red_flags]
    looks = [m for m in predictions.messages if m.category == "lookalike"]
    plain = predictions.red(threshold)
    base = sum(bool(rules[m.text] or plain[m.text]) for m in looks)
    rows = []
    for crisis in CRISIS_THRESHOLDS:
        student = predictions.red(threshold, crisis)
        union = {t: bool(rules[t] or student[t]) for t in student}
        rows.append(
            {
                "crisis_threshold": crisis,
                "self_harm_recall": sum(union[m.text] for m in harm) / max(len(harm), 1),
                "lookalike_added": (sum(union[m.text] for m in looks) - base) / max(len(looks), 1),
            }
        )
    return rows


def choose_crisis_threshold(
    predictions: Predictions, threshold: float, budget: float = CRISIS_BUDGET
) -> float:
    """Recall first: the lowest crisis threshold whose added look-alike alarms fit ``budget``."""
    curve = crisis_curve(predictions, threshold)
    fits = [r["crisis_threshold"] for r in curve if r["lookalike_added"] <= budget]
    return min(fits) if fits else 2.0


def _recall_first(rows: Sequence[dict[str, Any]], key: str, recall: str, target: float) -> float:
    """The highest threshold whose recall reaches ``target``, or the best recall on offer
    when none does: recall first, then as few look-alike alarms as that leaves."""
    goal = min(target, max(r[recall] for r in rows))
    return float(max(r[key] for r in rows if r[recall] >= goal - 1e-12))


def recall_first_thresholds(
    predictions: Predictions,
    target: float = RECALL_TARGET,
    crisis_target: float = CRISIS_TARGET,
) -> tuple[float, float]:
    """``(P(any) threshold, self-harm threshold)`` chosen for recall on ``predictions``: P(any)
    the highest whose rules ∪ student recall reaches ``target`` (or the most on offer), then
    the self-harm output the highest whose union self-harm recall reaches ``crisis_target``."""
    rules = _rules(predictions.messages)
    threshold = _recall_first(
        threshold_curve(predictions, rules), "threshold", "union_recall", target
    )
    crisis = _recall_first(
        crisis_curve(predictions, threshold, rules),
        "crisis_threshold",
        "self_harm_recall",
        crisis_target,
    )
    return threshold, crisis


def crisis_replies(
    predictions: Predictions,
    threshold: float,
    crisis: float,
    flagged: float,
    rules: dict[str, list[str]] | None = None,
) -> dict[str, tuple[bool, bool]]:
    """Text → (a red flag at all, given the crisis reply), as the chat decides: rules ∪ student
    at ``threshold`` and ``crisis`` (and the runtime's ``SELF_HARM_FLOOR``) make a red flag;
    the crisis reply comes when ``self_harm`` is among its kinds or, once it is a red flag,
    P(self_harm) reaches the ``flagged`` bar (``student.second_net``)."""
    from fitcoach.assistant.student_runtime import SELF_HARM_FLOOR

    rules = rules if rules is not None else _rules(predictions.messages)
    student = predictions.red(threshold, crisis)
    out: dict[str, tuple[bool, bool]] = {}
    for message, probs in zip(predictions.messages, predictions.flag_p, strict=True):
        harm = probs[SELF_HARM]
        kinds = rules[message.text] + student[message.text]
        red = bool(kinds) or harm >= SELF_HARM_FLOOR
        named = "self_harm" in kinds or harm >= SELF_HARM_FLOOR
        out[message.text] = (red, red and (named or harm >= flagged))
    return out


def flagged_crisis_curve(
    predictions: Predictions,
    threshold: float,
    crisis: float,
    rules: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Per bar on P(self_harm) once a message is a red flag: of the self-harm messages flagged
    at all, how many get the crisis reply, and how many other red flags, look-alikes and
    ordinary messages (those flagged at all) get it too."""
    rules = rules if rules is not None else _rules(predictions.messages)
    rows = []
    for flagged in (*FLAGGED_CRISIS_THRESHOLDS, 2.0):
        replies = crisis_replies(predictions, threshold, crisis, flagged, rules)
        counts = Counter({f"{k}_{s}": 0 for k in ("harm", "red_flag", "lookalike", "other") for s in ("flagged", "crisis")})  # fmt: skip
        for m in predictions.messages:
            red, crisis_reply = replies[m.text]
            kind = "harm" if "self_harm" in m.red_flags else m.category
            kind = kind if kind in ("harm", "red_flag", "lookalike") else "other"
            counts[f"{kind}_flagged"] += red
            counts[f"{kind}_crisis"] += crisis_reply
        rows.append({"flagged_crisis_threshold": flagged, **counts})
    return rows


def choose_flagged_crisis(
    predictions: Predictions,
    threshold: float,
    crisis: float,
    rules: dict[str, list[str]] | None = None,
) -> float:
    """Recall first: the highest bar at which every self-harm message flagged at all gets the
    crisis reply (or the most of them on offer)."""
    rows = flagged_crisis_curve(predictions, threshold, crisis, rules)
    best = max(r["harm_crisis"] for r in rows)
    return float(max(r["flagged_crisis_threshold"] for r in rows if r["harm_crisis"] >= best))


@dataclass(frozen=True)
class FoldFigures:
    """One held-out writer (or all pooled): triage three ways and intent accuracy."""

    writer: str
    threshold: float
    crisis_threshold: float
    rules: CorpusTriage
    student: CorpusTriage
    union: CorpusTriage
    intent_student: Share
    intent_majority: Share  # always the commonest training intent
    family_rules: Share  # log / plan / query messages: the right family, rules
    family_student: Share  # the same messages, student


def figures(
    predictions: Predictions, threshold: float, crisis: float, writer: str, majority: str
) -> FoldFigures:
    """Every figure on ``predictions``' messages at the student's red-flag ``threshold`` and
    self-harm ``crisis`` threshold."""
    from fitcoach.assistant.nlu import ExerciseMatcher, understand

    messages = predictions.messages
    rules = _rules(messages)
    student = predictions.red(threshold, crisis)
    guessed = predictions.intents()
    gold = [intent_of(m) for m in messages]
    matcher = ExerciseMatcher.from_library()
    family_rows = [i for i, g in enumerate(gold) if g in TOOL_FAMILY]
    rules_family = [
        RULES_FAMILY.get(understand(messages[i].text, today=TODAY, exercises=matcher).intent)
        for i in family_rows
    ]
    return FoldFigures(
        writer=writer,
        threshold=threshold,
        crisis_threshold=crisis,
        rules=corpus_triage(messages, lambda t: rules[t]),
        student=corpus_triage(messages, lambda t: student[t]),
        union=corpus_triage(messages, lambda t: rules[t] + student[t]),
        intent_student=_share([g == p for g, p in zip(gold, guessed, strict=True)]),
        intent_majority=_share([g == majority for g in gold]),
        family_rules=_share(
            [TOOL_FAMILY[gold[i]] == f for i, f in zip(family_rows, rules_family, strict=True)]
        ),
        family_student=_share(
            [TOOL_FAMILY[gold[i]] == TOOL_FAMILY.get(guessed[i]) for i in family_rows]
        ),
    )


def development(
    messages: Sequence[CorpusMessage],
    predictions: Predictions,
    groups: Sequence[Sequence[str]] | None = None,
    *,
    target: float = RECALL_TARGET,
    crisis_target: float = CRISIS_TARGET,
) -> dict[str, Any]:
    """Per fold (thresholds chosen on the other folds) and pooled (on all folds); a fold is a
    group of writers held out together (each writer alone by default). Both thresholds are
    recall first (``recall_first_thresholds``), and so is the self-harm bar once a message is
    a red flag (``choose_flagged_crisis``)."""
    folds = []
    crisis_folds: list[dict[str, Any]] = []  # the crisis reply once flagged, bar of the others
    every_rule = _rules(predictions.messages)
    held = writers(predictions.messages)
    for group in groups or [[w] for w in held]:
        others = predictions.without(group)
        tuning = others if others.messages else predictions
        threshold, crisis = recall_first_thresholds(tuning, target, crisis_target)
        fold = Predictions(
            *zip(
                *[
                    (m, i, f)
                    for m, i, f in zip(
                        predictions.messages, predictions.intent_p, predictions.flag_p, strict=True
                    )
                    if m.writer in group
                ],
                strict=True,
            )
        )
        trained_on = Counter(intent_of(m) for m in messages if m.writer not in group)
        folds.append(figures(fold, threshold, crisis, "+".join(group), trained_on.most_common(1)[0][0]))  # fmt: skip
        bar = choose_flagged_crisis(tuning, threshold, crisis, every_rule)
        rows = flagged_crisis_curve(fold, threshold, crisis, every_rule)
        at_bar = next(r for r in rows if r["flagged_crisis_threshold"] == bar)
        crisis_folds.append({"held_out": "+".join(group), **at_bar})
    pooled_threshold, pooled_crisis = recall_first_thresholds(predictions, target, crisis_target)
    majority = Counter(intent_of(m) for m in messages).most_common(1)[0][0]
    return {
        "folds": folds,
        "pooled": figures(predictions, pooled_threshold, pooled_crisis, "+".join(held), majority),
        "curve": threshold_curve(predictions),
        "crisis_curve": crisis_curve(predictions, pooled_threshold),
        "threshold": pooled_threshold,
        "crisis_threshold": pooled_crisis,
        "flagged_crisis_threshold": choose_flagged_crisis(
            predictions, pooled_threshold, pooled_crisis, every_rule
        ),
        "flagged_crisis_curve": flagged_crisis_curve(
            predictions, pooled_threshold, pooled_crisis, every_rule
        ),
        "flagged_crisis_folds": crisis_folds,
        "target": target,
        "crisis_target": crisis_target,
    }


def table(fig: FoldFigures) -> list[str]:
    """Markdown rows: the rules, the student and their union on the same held-out messages."""
    rows = [
        f"| held out: writer {fig.writer} (student threshold {fig.threshold:g}, self-harm {fig.crisis_threshold:g}) | rules alone | student alone | rules ∪ student |",
        "| --- | --- | --- | --- |",
    ]

    def row(name: str, get: Any) -> str:
        cells = " | ".join(share_text(get(t)) for t in (fig.rules, fig.student, fig.union))
        return f"| {name} | {cells} |"

    rows.append(row("red-flag recall", lambda t: t.recall))
    rows.append(row("red flags inside another request", lambda t: t.buried))
    rows.append(row("false alarms on look-alikes", lambda t: t.lookalike_alarms))
    rows.append(row("false alarms on other messages", lambda t: t.other_alarms))
    for style in fig.rules.by_style:
        rows.append(row(f"self-harm, {style.replace('_', ' ')}", lambda t, s=style: t.by_style[s]))
    for kind in fig.rules.by_kind:
        rows.append(row(f"recall: {kind}", lambda t, k=kind: t.by_kind[k]))
    rows.append(
        f"| intent (family: log / plan / query) | {share_text(fig.family_rules)} | "
        f"{share_text(fig.family_student)} | — |"
    )
    rows.append(
        f"| intent (all {len(INTENTS)} classes; baseline: the commonest) | "
        f"{share_text(fig.intent_majority)} | {share_text(fig.intent_student)} | — |"
    )
    return rows


def share_json(share: Share) -> dict[str, Any]:
    return {"hits": share.hits, "total": share.total, "low": share.low, "high": share.high}


def figures_json(fig: FoldFigures) -> dict[str, Any]:
    def triage(t: CorpusTriage) -> dict[str, Any]:
        return {
            "recall": share_json(t.recall),
            "lookalike_alarms": share_json(t.lookalike_alarms),
            "other_alarms": share_json(t.other_alarms),
            "buried": share_json(t.buried),
            "by_style": {k: share_json(v) for k, v in t.by_style.items()},
            "by_kind": {k: share_json(v) for k, v in t.by_kind.items()},
        }

    return {
        "writer": fig.writer,
        "threshold": fig.threshold,
        "crisis_threshold": fig.crisis_threshold,
        "rules": triage(fig.rules),
        "student": triage(fig.student),
        "union": triage(fig.union),
        "intent_student": share_json(fig.intent_student),
        "intent_majority": share_json(fig.intent_majority),
        "family_rules": share_json(fig.family_rules),
        "family_student": share_json(fig.family_student),
    }
