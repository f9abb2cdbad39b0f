"""The student's slot tagger: which words of a logging message are which argument.

The packaged MiniLM encoder (``assistant.minilm``, the same one the fine-tuned student reads
with) frozen, and a small head over every word piece (each piece with its neighbours): BIO tags
for the exercise's words, sets, reps, load, RIR, RPE, durations, clock times, distances, heart
rates, body weight, daily readings, foods, calories and macros, and date words (``LABELS``).
Training is ``pipelines.distill.slots_train``; the artefact (``NAME``) holds only the adapters
and the head, versioned by the data hash like the student's.

The tagger never stores anything itself: ``assistant.slot_compose`` builds the log tools'
arguments from its spans, and the rules check them (every number from the text, every exercise
in the library) before the chat stores a thing. Nothing here imports torch at module import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

NAME = "slot-tagger"
SCHEMA_VERSION = 1
WEIGHTS = "weights.safetensors"
READER = "tagger.int8.onnx"
LABELS: tuple[str, ...] = (
    "EX", "SETS", "REPS", "LOAD", "RIR", "RPE", "SESSION", "DUR", "DIST", "HR", "SLEEP",
    "CLOCK", "BODYWEIGHT", "RHR", "HRV", "SCORE", "KCAL", "PROTEIN", "CARBS", "FAT", "FOOD",
    "DATE",
)  # fmt: skip
_WORDS = frozenset({"EX", "FOOD", "DATE"})  # spans of words, not of one number
BIO: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in LABELS for p in ("B", "I")))


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the normalised text that are one ``label``; ``p``: the
    tagger's probability of its least-sure word piece's tag (1.0 when not known)."""

    start: int
    end: int
    label: str
    p: float = field(default=1.0, compare=False)


@dataclass(frozen=True)
class TaggerConfig:
    """What shapes the tagger and its training (stored in the artefact's manifest)."""

    hidden: int = 256  # the head's width
    dropout: float = 0.2
    max_length: int = 96
    epochs: int = 8
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 0.01
    seed: int = 11
    # The confidence gate: a reading whose least-sure tagged word piece is under this is not
    # stored (None: no gate). Chosen on the held-out writer groups (docs/models/student.md).
    threshold: float | None = None


def schema(config: TaggerConfig) -> dict[str, Any]:
    from fitcoach.assistant.tuned_student import ENCODER

    return {
        "version": SCHEMA_VERSION,
        "encoder": ENCODER,
        "labels": list(BIO),
        "max_length": config.max_length,
        "head": {"conv3": config.hidden},
    }


def config_dict(config: TaggerConfig) -> dict[str, Any]:
    return asdict(config)


def head_module(width: int, config: TaggerConfig) -> Any:
    """The token head: each word piece with its neighbours (a convolution of width 3 over the
    frozen states), GELU, and a linear layer to the BIO tags. (A BiLSTM head trained too slowly
    on the shared machine for the folds: minutes a fold against seconds.)"""
    import torch

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = torch.nn.Dropout(config.dropout)
            self.conv = torch.nn.Conv1d(width, config.hidden, kernel_size=3, padding=1)
            self.out = torch.nn.Linear(config.hidden, len(BIO))

        def forward(self, hidden: torch.Tensor) -> torch.Tensor:
            mixed = self.conv(self.drop(hidden).transpose(1, 2)).transpose(1, 2)
            logits: torch.Tensor = self.out(self.drop(torch.nn.functional.gelu(mixed)))
            return logits

    return Head()


def encode(encoder: Any, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The frozen encoder's last hidden states (``minilm.load_encoder``'s network), zero where
    ``mask`` is."""
    import torch

    hidden = encoder.embeddings(ids)
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for layer in encoder.encoder.layer:
        hidden = layer(hidden, additive)
    # Padding as zeros, as training pads the cached states: the head looks at neighbours.
    out: torch.Tensor = hidden * mask.unsqueeze(-1).to(hidden.dtype)
    return out


def spans_of(
    text: str,
    offsets: Sequence[tuple[int, int]],
    labels: Sequence[int],
    probs: Sequence[float] | None = None,
) -> list[Span]:
    """Word-piece BIO labels back to character spans of ``text``: a B starts a span, an I of
    the same kind (or a piece inside the same word) extends it; spans widen to whole words.
    ``probs``: each piece's probability of its label; a span's ``p`` is its pieces' least."""
    out: list[Span] = []
    sure = list(probs) if probs is not None else [1.0] * len(labels)
    for (start, end), index, p in zip(offsets, labels, sure, strict=False):
        if start == end:
            continue
        tag = BIO[index] if 0 <= index < len(BIO) else "O"
        if tag == "O":
            continue
        prefix, label = tag.split("-", 1)
        last = out[-1] if out else None
        joined = (
            last is not None
            and last.label == label
            and (
                prefix == "I"
                or (start == last.end and _one_word(text[start - 1], text[start]))
                or label in _WORDS  # "romanian" B-EX "deadlifts" B-EX: one name
            )
        )
        if last is not None and joined and not text[last.end : start].strip(" -'"):
            out[-1] = Span(last.start, end, label, min(last.p, p))
        else:
            out.append(Span(start, end, label, p))
    return [_whole_words(text, s) for s in out]


def confidence(spans: Sequence[Span]) -> float:
    """A reading's confidence: its least-sure tagged word piece's probability (1.0 when no
    span: nothing tagged, nothing to doubt)."""
    return min((s.p for s in spans), default=1.0)


def label_probs(logits: Any) -> tuple[list[list[int]], list[list[float]]]:
    """Each word piece's most likely tag and that tag's softmax probability, from a batch of
    logits (NumPy from ONNX Runtime, or torch)."""
    import numpy as np

    if hasattr(logits, "detach"):
        logits = logits.detach().float().numpy()
    values = np.asarray(logits, dtype=np.float64)
    shifted = np.exp(values - values.max(-1, keepdims=True))
    probs = shifted / shifted.sum(-1, keepdims=True)
    return probs.argmax(-1).tolist(), probs.max(-1).tolist()


def _whole_words(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start > 0 and _one_word(text[start - 1], text[start]):
        start -= 1
    while end < len(text) and _one_word(text[end - 1], text[end]):
        end += 1
    return Span(start, end, span.label, span.p)


def _one_word(a: str, b: str) -> bool:
    """Two characters of one word: "pull" + "##ups" is one; the "3" of "3x10" is not."""
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


class SlotTagger:
    """A loaded tagger. The shipped artefact is read through ONNX Runtime (``READER``: the
    frozen encoder and the head in one graph, int8 like the student's, ``student_onnx``), so
    a chat process never imports torch; ``torch_tagger`` reads the torch network (training's
    folds)."""

    def __init__(self, tokenize: Any, logits: Any, config: TaggerConfig) -> None:
        self.tokenize = tokenize  # texts → the tokenizer's encodings (ids, offsets)
        self.logits = logits  # encodings → tag logits, batch × tokens × tags (NumPy or torch)
        self.config = config

    @classmethod
    def load(cls, root: Path, version: str | None = None) -> SlotTagger:
        """The newest (or the named) tagger under the registry ``root``, verified."""
        import json

        import numpy as np

        from fitcoach.assistant.student_onnx import OnnxReader
        from fitcoach.assistant.tuned_student import encoder_path
        from fitcoach.ml import registry

        found = registry.versions(root, NAME)
        wanted = next((m for m in found if version in (None, m.version)), None)
        if wanted is None:
            raise registry.ArtefactError(
                f"No slot tagger under {root}. Train one with `make train-slot-tagger`."
            )
        config = TaggerConfig(**json.loads(json.dumps(wanted.params["config"])))
        artefact = registry.load(root, NAME, schema=schema(config), version=wanted.version)
        reader = OnnxReader(artefact.file(READER), encoder_path(), config.max_length)

        def logits(encoded: Any) -> Any:
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            return reader.session.run(["tags"], {"ids": ids, "mask": mask})[0]

        return cls(reader.tokenizer.fast.encode_batch, logits, config)

    def tag_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Each normalised text's spans."""
        out: list[list[Span]] = []
        # one text per run: the int8 reader's activations are quantized over its whole input, so
        # a text tagged beside others (and their padding) could be tagged otherwise than alone,
        # as the chat tags it (``TunedStudent._onnx_probabilities``)
        for text in texts:
            (encoded,) = self.tokenize([text])
            rows, probs = label_probs(self.logits([encoded]))
            out.append(spans_of(text, encoded.offsets, rows[0], probs[0]))
        return out

    def tag(self, text: str) -> list[Span]:
        return self.tag_many([text])[0]


def torch_tagger(encoder: Any, head: Any, config: TaggerConfig) -> SlotTagger:
    """The tagger from its torch parts (the packaged encoder in plain torch and the head)."""
    import torch

    from fitcoach.assistant.minilm import Tokenizer
    from fitcoach.assistant.tuned_student import encoder_path

    fast = Tokenizer(encoder_path(), config.max_length).fast
    head.eval()

    def logits(encoded: Any) -> Any:
        ids = torch.tensor([e.ids for e in encoded], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long)
        with torch.inference_mode():
            return head(encode(encoder, ids, mask))

    return SlotTagger(fast.encode_batch, logits, config)


class WithSlots:
    """The chat's fallback (``offline.IntentFallback``: the fine-tuned student's runtime, or
    nothing) with the slot tagger beside it: ``slot_spans`` for ``slot_compose.tagged_reading``;
    everything else is the inner fallback's. ``check``: where the rules and the tagger both read
    a message whole and differ, ask which (``slot_compose``). ``threshold``: the confidence
    gate (``TaggerConfig.threshold``), by default the loaded tagger's own."""

    def __init__(
        self,
        tagger: Any,
        inner: Any = None,
        *,
        check: bool = False,
        threshold: float | None = None,
    ) -> None:
        self.tagger = tagger  # a SlotTagger, or a callable giving one (None: cannot load)
        self.inner = inner
        self.slot_check = check
        self.threshold = threshold
        self._memo: dict[str, list[Span]] = {}

    @property
    def slot_threshold(self) -> float | None:
        """The gate: a composed reading less sure than this is not stored."""
        if self.threshold is not None:
            return self.threshold
        config = getattr(self._loaded(), "config", None)
        return getattr(config, "threshold", None)

    def __getattr__(self, name: str) -> Any:
        # Everything else the chat asks of its fallback (``log_kind``, ``crisis_when_flagged``,
        # ``warm``, ``status``...) is the inner student's: the tagger adds slots, it must not
        # hide what the student does (called only for names this class lacks).
        if name in ("tagger", "inner", "slot_check", "threshold", "_memo"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def _loaded(self) -> SlotTagger | None:
        if self.tagger is not None and not hasattr(self.tagger, "tag"):
            self.tagger = self.tagger()  # the loader, called on first use
        tagger: SlotTagger | None = self.tagger
        return tagger

    def slot_spans(self, text: str) -> list[Span] | None:
        if text not in self._memo:
            tagger = self._loaded()
            if tagger is None:
                return None
            if len(self._memo) > 512:
                self._memo.clear()
            self._memo[text] = tagger.tag(text)
        return self._memo[text]

    def guess(self, text: str) -> str | None:
        guess = getattr(self.inner, "guess", None)
        return guess(text) if guess is not None else None

    def disagrees(self, text: str, rule_intent: str) -> str | None:
        check = getattr(self.inner, "disagrees", None)
        return check(text, rule_intent) if check is not None else None

    def red_flags(self, text: str) -> list[str]:
        flags = getattr(self.inner, "red_flags", None)
        return list(flags(text)) if flags is not None else []

    def prime(self, texts: Sequence[str], batch_size: int = 64) -> None:
        prime = getattr(self.inner, "prime", None)
        if prime is not None:
            prime(texts, batch_size)
        tagger = self._loaded()
        if tagger is not None:
            from fitcoach.assistant.nlu import normalise

            unique = list(dict.fromkeys(normalise(t) for t in texts))
            self._memo.update(zip(unique, tagger.tag_many(unique), strict=True))


_loaded_taggers: dict[Path, SlotTagger | None] = {}


def shared_tagger(models_path: Path) -> SlotTagger | None:
    """The process's tagger: the newest under ``models_path``, else the one shipped with the
    package; None (said once in the logs) when neither loads: the rules alone read logs."""
    import structlog

    from fitcoach.assistant.student_runtime import PACKAGED_ROOT
    from fitcoach.ml import registry

    key = models_path.resolve()
    if key not in _loaded_taggers:
        root = key if registry.versions(key, NAME) else PACKAGED_ROOT
        try:
            _loaded_taggers[key] = SlotTagger.load(root)
        except Exception as exc:  # an unreadable artefact must not stop the coach
            structlog.get_logger(__name__).warning("slot_tagger_unavailable", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)  # fmt: skip
            _loaded_taggers[key] = None
    return _loaded_taggers[key]
