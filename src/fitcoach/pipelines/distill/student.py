"""Stage 5: train the student head on the training split; evaluate it honestly.

``train(dataset, config)`` fits the head of ``assistant.student`` (intent, safety category and
BIO slot tags) on the frozen packaged encoder's token embeddings of the training examples,
picks the epoch with the best validation loss, and returns the model and its metrics.
``evaluate`` reports, beside the rules (``nlu.understand`` for intents, ``guardrails.screen``
for safety categories):

- the **test split** (scenarios the student never saw, paraphrases included with their source):
  intent and safety accuracy, slot span F1;
- the **hand-written set** no generator produced: intents from ``nlu_heldout.yaml`` and
  ``distill_handwritten.yaml``, safety categories from ``safety_heldout.yaml``,
  ``redflag_heldout.yaml`` and ``distill_handwritten.yaml``: rules alone, student alone, and the
  rules with the student as fallback where they do not understand (what the chat would run);
- latency: p50/p95 of one message through the student and through the rules, on this CPU.

The hand-written set is the *gate and tuning* set: the chat's gate reads it and the second net's
red-flag threshold is chosen on it (``tune_red_flag_threshold``). The figures the student is
*reported* on come from another set (``reported_triage``: the blind set, rules alone against the
rules ∪ the student), so neither decision is graded on the data it was taken on.
"""

from __future__ import annotations

import hashlib
import io
import statistics
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from fitcoach.assistant import student as runtime
from fitcoach.assistant.guardrails import Screen, screen
from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.core.yamlfiles import load_yaml
from fitcoach.pipelines.distill import grammar
from fitcoach.pipelines.distill.config import DistillConfig

ENCODE_BATCH = 64


def tag_names() -> list[str]:
    return ["O"] + [f"{p}-{s}" for s in grammar.SLOT_TYPES for p in ("B", "I")]


def token_tags(spans: Sequence[dict[str, Any]] | None, offsets: Sequence[tuple[int, int]], tags: list[str]) -> list[int]:  # fmt: skip
    """Each token's BIO tag id from character spans; -100 (ignored) for special tokens and for
    every token of an example without spans."""
    out = []
    for start, end in offsets:
        if start == end or spans is None:
            out.append(-100)
            continue
        label = "O"
        for span in spans:
            if start >= span["start"] and end <= span["end"]:
                first = start == span["start"] or not any(
                    s < start and e > span["start"] for s, e in offsets if s != e
                )
                label = f"{'B' if first else 'I'}-{span['slot']}"
                break
        out.append(tags.index(label))
    return out


def _features(texts: Sequence[str], spans: Sequence[Any], tags: list[str], progress: Callable[[int], None] | None = None) -> list[tuple[Any, list[int]]]:  # fmt: skip
    """Per example: its token embeddings (tokens × 384, no padding) and tag ids."""
    out = []
    for i in range(0, len(texts), ENCODE_BATCH):
        chunk = list(texts[i : i + ENCODE_BATCH])
        tokens, mask, offsets = runtime.encode(chunk)
        for j in range(len(chunk)):
            n = int(mask[j].sum())
            out.append((tokens[j, :n].clone(), token_tags(spans[i + j], offsets[j][:n], tags)))
        if progress is not None:
            progress(len(chunk))
    return out


def _batch(items: Sequence[tuple[Any, list[int]]]) -> tuple[Any, Any, Any]:
    import torch

    width = max(t.shape[0] for t, _ in items)
    tokens = torch.zeros(len(items), width, runtime.DIM)
    mask = torch.zeros(len(items), width, dtype=torch.long)
    tags = torch.full((len(items), width), -100, dtype=torch.long)
    for i, (t, tag) in enumerate(items):
        tokens[i, : t.shape[0]] = t
        mask[i, : t.shape[0]] = 1
        tags[i, : len(tag)] = torch.tensor(tag, dtype=torch.long)
    return tokens, mask, tags


def train(
    dataset: Sequence[dict[str, Any]],
    config: DistillConfig,
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[runtime.StudentModel, dict[str, Any]]:
    """Fit the head on the train split (best validation epoch kept); seeded and deterministic."""
    import torch

    torch.manual_seed(config.seed)
    torch.use_deterministic_algorithms(True)
    intents, categories = grammar.labels()
    tags = tag_names()
    rows = [d for d in dataset if d["kind"] == "message"]
    train_rows = [d for d in rows if d["split"] == "train"]
    val_rows = [d for d in rows if d["split"] == "validation"]
    if not train_rows or not val_rows:
        raise ValueError("the dataset has no training or validation examples; rerun validate")
    feats = _features([d["text"] for d in train_rows + val_rows], [d["spans"] for d in train_rows + val_rows], tags, progress)  # fmt: skip
    ignore = -100
    intent_y = torch.tensor([intents.index(d["intent"]) if d["intent"] else ignore for d in train_rows + val_rows])  # fmt: skip
    safety_y = torch.tensor([categories.index(d["safety"]) for d in train_rows + val_rows])
    n_train = len(train_rows)
    head = runtime.build_head(len(intents), len(categories), len(tags), config.hidden)
    optimiser = torch.optim.AdamW(head.parameters(), lr=config.learning_rate, weight_decay=1e-4)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=ignore)
    generator = torch.Generator().manual_seed(config.seed)
    val_batch = _batch(feats[n_train:])
    best: tuple[float, int, bytes] | None = None
    history = []
    for epoch in range(config.epochs):
        head.train()
        order = torch.randperm(n_train, generator=generator).tolist()
        total = 0.0
        for start in range(0, n_train, config.batch_size):
            idx = order[start : start + config.batch_size]
            tokens, mask, tag_y = _batch([feats[i] for i in idx])
            intent_logits, safety_logits, tag_logits = head(tokens, mask)
            loss = loss_fn(intent_logits, intent_y[idx]) + loss_fn(safety_logits, safety_y[idx])
            if bool((tag_y != ignore).any()):
                loss = loss + loss_fn(tag_logits.reshape(-1, len(tags)), tag_y.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(idx)
        head.eval()
        with torch.no_grad():
            tokens, mask, tag_y = val_batch
            il, sl, tl = head(tokens, mask)
            val = float(loss_fn(il, intent_y[n_train:]) + loss_fn(sl, safety_y[n_train:]) + loss_fn(tl.reshape(-1, len(tags)), tag_y.reshape(-1)))  # fmt: skip
        history.append({"epoch": epoch + 1, "train_loss": round(total / n_train, 4), "val_loss": round(val, 4)})  # fmt: skip
        if best is None or val < best[0]:
            buffer = io.BytesIO()
            torch.save(head.state_dict(), buffer)
            best = (val, epoch + 1, buffer.getvalue())
    assert best is not None
    labels = {"intents": list(intents), "safety": list(categories), "tags": tags}
    params = {"hidden": config.hidden, "min_confidence": config.min_confidence}
    model = runtime.StudentModel.from_bytes(best[2], labels, params)
    n_params = sum(p.numel() for p in model.head.parameters())
    info = {
        "train_examples": n_train,
        "validation_examples": len(val_rows),
        "best_epoch": best[1],
        "best_val_loss": round(best[0], 4),
        "history": history,
        "head_parameters": int(n_params),
        "head_bytes": len(best[2]),
    }
    return model, {"state": best[2], "labels": labels, "params": params, "info": info}


# --- evaluation -------------------------------------------------------------------------------


def rules_safety(found: Screen) -> str:
    """The safety category the guardrails give, in the order the chat acts on them."""
    if found.red_flags:
        return "red_flag"
    if found.injection:
        return "injection"
    if found.medical_request:
        return "medical"
    if found.injury is not None:
        return "injury"
    return "none"


def _expect_category(expect: dict[str, Any]) -> str:
    if expect.get("red_flags"):
        return "red_flag"
    if expect.get("injection"):
        return "injection"
    if expect.get("medical"):
        return "medical"
    if expect.get("injury"):
        return "injury"
    return "none"


def _data(name: str) -> dict[str, Any]:
    raw = resources.files("fitcoach.assistant.data").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = load_yaml(raw)
    return data


def handwritten() -> tuple[list[tuple[str, str]], list[tuple[str, str]], Any]:
    """``(text, intent)`` and ``(text, safety category)`` pairs no generator produced, and the
    day they are read against."""
    nlu = _data("nlu_heldout.yaml")
    mine = _data("distill_handwritten.yaml")
    intents = [(i["text"], i["intent"]) for i in nlu["items"]]
    intents += [(i["text"], i["intent"]) for i in mine["items"] if i["intent"]]
    safety = [(i["text"], i["safety"]) for i in mine["items"]]
    for name in ("safety_heldout.yaml", "redflag_heldout.yaml"):
        safety += [(i["text"], _expect_category(i.get("expect") or {})) for i in _data(name)["items"]]  # fmt: skip
    return intents, safety, nlu["today"]


def _span_f1(gold: Sequence[Sequence[tuple[str, str]]], pred: Sequence[Sequence[tuple[str, str]]]) -> float:  # fmt: skip
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        gs = {(s, t.strip().lower()) for s, t in g}
        ps = {(s, t.strip().lower()) for s, t in p}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _acc(pairs: Sequence[tuple[Any, Any]]) -> float:
    return round(sum(a == b for a, b in pairs) / len(pairs), 4) if pairs else 0.0


def _latency(fn: Callable[[str], Any], texts: Sequence[str], repeats: int) -> dict[str, float]:
    times = []
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            fn(text)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
        "n": len(times),
    }


def evaluate(
    model: runtime.StudentModel,
    dataset: Sequence[dict[str, Any]],
    *,
    latency_messages: int = 60,
    latency_repeats: int = 2,
) -> dict[str, Any]:
    """Test-split and hand-written figures, with the rules beside the student (see module)."""
    matcher = ExerciseMatcher.from_library()
    test = [d for d in dataset if d["kind"] == "message" and d["split"] == "test"]
    preds = model.predict_many([d["text"] for d in test]) if test else []
    from fitcoach.pipelines.distill.teacher import EVAL_TODAY

    rules_u = [understand(d["text"], today=EVAL_TODAY, exercises=matcher) for d in test]
    rules_s = [rules_safety(screen(d["text"])) for d in test]
    with_intent = [i for i, d in enumerate(test) if d["intent"]]
    with_spans = [i for i, d in enumerate(test) if d["spans"] is not None]
    test_metrics = {
        "examples": len(test),
        "student_intent_accuracy": _acc(
            [(preds[i].intent, test[i]["intent"]) for i in with_intent]
        ),
        "rules_intent_accuracy": _acc(
            [(rules_u[i].intent, test[i]["intent"]) for i in with_intent]
        ),
        "student_safety_accuracy": _acc(
            [(p.safety, d["safety"]) for p, d in zip(preds, test, strict=True)]
        ),
        "rules_safety_accuracy": _acc(list(zip(rules_s, [d["safety"] for d in test], strict=True))),
        "student_slot_f1": round(
            _span_f1(
                [[(s["slot"], s["text"]) for s in test[i]["spans"]] for i in with_spans],
                [preds[i].slots for i in with_spans],
            ),
            4,
        ),
    }
    intents, safety, today = handwritten()
    # Each distinct hand-written text goes through the encoder once.
    unique = sorted({t for t, _ in intents} | {t for t, _ in safety})
    read = dict(zip(unique, model.predict_many(unique), strict=True))
    s_int = [read[t] for t, _ in intents]
    r_int = [understand(t, today=today, exercises=matcher) for t, _ in intents]
    combined = []
    for (_, want), r, s in zip(intents, r_int, s_int, strict=True):
        got: str = r.intent
        if r.intent == "unknown" and r.problems == ["not understood"] and s.safety == "none" and s.intent_p >= model.min_confidence:  # fmt: skip
            got = s.intent
        combined.append((got, want))
    s_safe = [read[t] for t, _ in safety]
    hand = {
        "intent_items": len(intents),
        "safety_items": len(safety),
        "rules_intent_accuracy": _acc(
            [(r.intent, w) for r, (_, w) in zip(r_int, intents, strict=True)]
        ),
        "student_intent_accuracy": _acc(
            [(s.intent, w) for s, (_, w) in zip(s_int, intents, strict=True)]
        ),
        "combined_intent_accuracy": _acc(combined),
        "rules_safety_accuracy": _acc([(rules_safety(screen(t)), w) for t, w in safety]),
        "student_safety_accuracy": _acc(
            [(s.safety, w) for s, (_, w) in zip(s_safe, safety, strict=True)]
        ),
    }
    texts = [t for t, _ in intents][:latency_messages]
    model.predict(texts[0])  # warm up
    latency = {
        "student": _latency(model.predict, texts, latency_repeats),
        "rules": _latency(
            lambda t: (understand(t, today=today, exercises=matcher), screen(t)),
            texts,
            latency_repeats,
        ),
    }
    return {"test": test_metrics, "handwritten": hand, "latency": latency}


# --- the second net for red flags -------------------------------------------------------------

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
THRESHOLD_SET = "handwritten+safety_eval"
"""The second net's tuning set: the hand-written safety items and ``safety_eval.yaml`` (the
rules' tuned safety set, rich in look-alikes: "spo2 95%", "no chest pain today"). Tuned sets
both, and neither is the set the student is reported on."""


def threshold_items() -> list[tuple[str, str]]:
    """``(text, safety category)`` of the second net's tuning set (``THRESHOLD_SET``)."""
    _, safety, _ = handwritten()
    tuned = _data("safety_eval.yaml")["items"]
    return safety + [(i["text"], _expect_category(i.get("expect") or {})) for i in tuned]


def tune_red_flag_threshold(
    model: runtime.StudentModel, max_false_alarm: float
) -> tuple[float | None, list[dict[str, Any]]]:
    """The second net's threshold, chosen on the tuning set only (``THRESHOLD_SET``): the lowest
    threshold (the most recall) whose red flags *added* to the rules' on messages that are not
    red flags stay at or under ``max_false_alarm`` of them; None when none does (the student then
    adds no red flag). Also every threshold's recall and added false alarms, for the record."""
    safety = threshold_items()
    texts = [t for t, _ in safety]
    scores = [p.safety_scores.get("red_flag", 0.0) for p in model.predict_many(texts)]
    rules = [bool(screen(t).red_flags) for t in texts]
    positive = [want == "red_flag" for _, want in safety]
    n_pos = sum(positive) or 1
    n_neg = (len(safety) - sum(positive)) or 1
    curve = []
    chosen: float | None = None
    for threshold in THRESHOLDS:
        union = [r or s >= threshold for r, s in zip(rules, scores, strict=True)]
        recall = sum(u for u, p in zip(union, positive, strict=True) if p) / n_pos
        added = sum(u and not r for u, r, p in zip(union, rules, positive, strict=True) if not p)
        curve.append({"threshold": threshold, "recall": round(recall, 4), "added_false_alarms": added, "added_false_alarm_share": round(added / n_neg, 4)})  # fmt: skip
        if chosen is None and added / n_neg <= max_false_alarm:
            chosen = threshold
    return chosen, curve


def _share_json(share: Any) -> dict[str, Any]:
    return {"hits": share.hits, "total": share.total, "value": round(share.value, 4), "low": round(share.low, 4), "high": round(share.high, 4)}  # fmt: skip


def reported_triage(model: runtime.StudentModel, path: Path) -> dict[str, Any]:
    """Red-flag recall and false alarms on the reported set (a blind set), rules alone and the
    rules ∪ the student at its tuned threshold, with 95 % bootstrap intervals and by category."""
    from fitcoach.assistant.evaluate import evaluate_blind_triage

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    out: dict[str, Any] = {"set": f"blind:{path.name}", "sha256": digest}
    for name, net in (("rules", None), ("rules_or_student", model)):
        report = evaluate_blind_triage(path, net)
        out[name] = {
            "recall": _share_json(report.recall),
            "lookalike_alarms": _share_json(report.lookalike_alarms),
            "other_alarms": _share_json(report.other_alarms),
            "by_category": {k: list(v) for k, v in report.by_category.items()},
            "missed": report.missed,
        }
    return out
