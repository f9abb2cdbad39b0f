"""The student's slot tagger: which words of a logging message are which argument.

The packaged MiniLM encoder (``assistant.minilm``, the same one the fine-tuned student reads
with) with LoRA adapters on its top layer and one linear head over every word piece: BIO tags
for the exercise's words, sets, reps, load, RIR, RPE, durations, clock times, distances, heart
rates, body weight, daily readings, foods, calories and macros, and date words (``LABELS``).
Training is ``pipelines.distill.slots_train``; the artefact (``NAME``) holds only the adapters
and the head, versioned by the data hash like the student's.

The tagger never stores anything itself: ``assistant.slot_compose`` builds the log tools'
arguments from its spans, and the rules check them (every number from the text, every exercise
in the library) before the chat stores a thing. Nothing here imports torch at module import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

NAME = "slot-tagger"
SCHEMA_VERSION = 1
WEIGHTS = "weights.safetensors"
LABELS: tuple[str, ...] = (
    "EX", "SETS", "REPS", "LOAD", "RIR", "RPE", "SESSION", "DUR", "DIST", "HR", "SLEEP",
    "CLOCK", "BODYWEIGHT", "RHR", "HRV", "SCORE", "KCAL", "PROTEIN", "CARBS", "FAT", "FOOD",
    "DATE",
)  # fmt: skip
BIO: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in LABELS for p in ("B", "I")))


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the normalised text that are one ``label``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class TaggerConfig:
    """What shapes the tagger and its training (stored in the artefact's manifest)."""

    tuned_layers: int = 1
    rank: int = 8
    alpha: int = 16
    lora_dropout: float = 0.1
    head_dropout: float = 0.1
    max_length: int = 96
    epochs: int = 12
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 0.01
    int8: bool = False
    seed: int = 11

    def student(self) -> Any:
        """The same shape as the fine-tuned student's config (its encoder code is reused)."""
        from fitcoach.assistant.tuned_student import StudentConfig

        return StudentConfig(
            tuned_layers=self.tuned_layers, rank=self.rank, alpha=self.alpha,
            lora_dropout=self.lora_dropout, head_dropout=self.head_dropout,
            max_length=self.max_length, epochs=self.epochs, batch_size=self.batch_size,
            lr=self.lr, weight_decay=self.weight_decay, int8=self.int8, seed=self.seed,
        )  # fmt: skip


def schema(config: TaggerConfig) -> dict[str, Any]:
    from fitcoach.assistant.tuned_student import ENCODER

    return {
        "version": SCHEMA_VERSION,
        "encoder": ENCODER,
        "labels": list(BIO),
        "max_length": config.max_length,
        "lora": config.student().lora(),
    }


def config_dict(config: TaggerConfig) -> dict[str, Any]:
    return asdict(config)


def spans_of(text: str, offsets: Sequence[tuple[int, int]], labels: Sequence[int]) -> list[Span]:
    """Word-piece BIO labels back to character spans of ``text``: a B starts a span, an I of
    the same kind (or a piece inside the same word) extends it; spans widen to whole words."""
    out: list[Span] = []
    for (start, end), index in zip(offsets, labels, strict=False):
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
            and (prefix == "I" or (start == last.end and _one_word(text[start - 1], text[start])))
        )
        if last is not None and joined and not text[last.end : start].strip(" -'"):
            out[-1] = Span(last.start, end, label)
        else:
            out.append(Span(start, end, label))
    return [_whole_words(text, s) for s in out]


def _whole_words(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start > 0 and _one_word(text[start - 1], text[start]):
        start -= 1
    while end < len(text) and _one_word(text[end - 1], text[end]):
        end += 1
    return Span(start, end, span.label)


def _one_word(a: str, b: str) -> bool:
    """Two characters of one word: "pull" + "##ups" is one; the "3" of "3x10" is not."""
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


class SlotTagger:
    """A loaded tagger: adapters merged into the packaged encoder, the head, in eval mode."""

    def __init__(self, tokenizer: Any, encoder: Any, head: Any, config: TaggerConfig) -> None:
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.head = head
        self.config = config

    @classmethod
    def from_tensors(cls, tensors: Mapping[str, torch.Tensor], config: TaggerConfig) -> SlotTagger:
        """Built as the student is (``tuned_student.TunedStudent.from_tensors``): plain torch,
        no ``transformers`` or ``peft``."""
        import torch

        from fitcoach.assistant.minilm import Tokenizer, load_encoder
        from fitcoach.assistant.tuned_student import _adapter_deltas, encoder_path

        folder = encoder_path()
        tokenizer = Tokenizer(folder, config.max_length)
        encoder = load_encoder(folder, _adapter_deltas(tensors, config.student()), int8=config.int8)
        weight = tensors["head.weight"]
        head = torch.nn.Linear(weight.shape[1], weight.shape[0])
        head.load_state_dict({"weight": weight, "bias": tensors["head.bias"]})
        head.eval()
        return cls(tokenizer, encoder, head, config)

    @classmethod
    def load(cls, root: Path, version: str | None = None) -> SlotTagger:
        """The newest (or the named) tagger under the registry ``root``, verified."""
        import json

        from safetensors.torch import load_file

        from fitcoach.ml import registry

        found = registry.versions(root, NAME)
        wanted = next((m for m in found if version in (None, m.version)), None)
        if wanted is None:
            raise registry.ArtefactError(
                f"No slot tagger under {root}. Train one with `make train-slot-tagger`."
            )
        config = TaggerConfig(**json.loads(json.dumps(wanted.params["config"])))
        artefact = registry.load(root, NAME, schema=schema(config), version=wanted.version)
        return cls.from_tensors(load_file(str(artefact.file(WEIGHTS))), config)

    def tag_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Each normalised text's spans."""
        import torch

        out: list[list[Span]] = []
        fast = self.tokenizer.fast
        with torch.inference_mode():
            for start in range(0, len(texts), 64):
                chunk = list(texts[start : start + 64])
                encoded = fast.encode_batch(chunk)
                ids = torch.tensor([e.ids for e in encoded], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long)
                hidden = self.encoder.embeddings(ids)
                additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
                for layer in self.encoder.encoder.layer:
                    hidden = layer(hidden, additive)
                labels = self.head(hidden).argmax(-1).tolist()
                for text, e, row in zip(chunk, encoded, labels, strict=True):
                    out.append(spans_of(text, e.offsets, row))
        return out

    def tag(self, text: str) -> list[Span]:
        return self.tag_many([text])[0]


class WithSlots:
    """The chat's fallback (``offline.IntentFallback``: the fine-tuned student's runtime, or
    nothing) with the slot tagger beside it: ``slot_spans`` for ``slot_compose.tagged_reading``;
    everything else is the inner fallback's. ``check``: where the rules and the tagger both read
    a message whole and differ, ask which (``slot_compose``)."""

    def __init__(self, tagger: Any, inner: Any = None, *, check: bool = False) -> None:
        self.tagger = tagger  # a SlotTagger, or a callable giving one (None: cannot load)
        self.inner = inner
        self.slot_check = check
        self._memo: dict[str, list[Span]] = {}

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
