"""Train the slot tagger (``assistant.slot_tagger``) on the aligned logging messages.

The encoder is the one the fine-tuned student reads with (the packaged MiniLM, in plain torch
through ``assistant.minilm``), frozen whole: each message's last hidden states are computed
once and kept in a cache keyed by the texts (``encoded``), so the folds and the final training
share one encoding pass and each trains only the head (a width-3 convolution and a linear
layer over every word piece) in seconds. Why not LoRA as the student has: on this shared
two-core machine its top layer alone took 11 minutes for one fold of 985 messages, against
seconds here; the frozen features with a context layer tag the held-out writers well
(docs/models/student.md).

Loss: cross-entropy over the BIO tags, [CLS]/[SEP] skipped. AdamW, a fixed number of epochs,
batches shuffled by a generator seeded from the config: the same seed, data and thread count
give the same weights (tested).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitcoach.assistant.nlu import ExerciseMatcher
from fitcoach.assistant.slot_tagger import (
    BIO,
    NAME,
    READER,
    WEIGHTS,
    SlotTagger,
    Span,
    TaggerConfig,
    config_dict,
    encode,
    head_module,
    label_probs,
    schema,
    spans_of,
    torch_tagger,
)
from fitcoach.ml import registry
from fitcoach.pipelines.distill.corpus import CorpusMessage
from fitcoach.pipelines.distill.finetune import _batches
from fitcoach.pipelines.distill.slots import Aligned, align, token_labels

if TYPE_CHECKING:
    import torch


@dataclass(frozen=True)
class Examples:
    """The aligned messages of a corpus, and how many logging messages were left out."""

    messages: tuple[CorpusMessage, ...]
    aligned: tuple[Aligned, ...]
    not_aligned: int  # logging calls of the composed tools whose gold could not be found


def examples(messages: Sequence[CorpusMessage], matcher: ExerciseMatcher | None = None) -> Examples:
    matcher = matcher or ExerciseMatcher.from_library()
    kept: list[CorpusMessage] = []
    aligned: list[Aligned] = []
    missed = 0
    for message in messages:
        got = align(message, matcher)
        if got is not None:
            kept.append(message)
            aligned.append(got)
        elif message.category == "log" and message.expect.action == "call":
            missed += 1
    return Examples(tuple(kept), tuple(aligned), missed)


def data_hash(aligned: Sequence[Aligned]) -> str:
    return registry.data_hash(
        f"{a.text}\t{[(s.start, s.end, s.label) for s in a.spans]}" for a in aligned
    )


def encoded(texts: Sequence[str], config: TaggerConfig, cache: Path | None = None) -> dict[str, torch.Tensor]:  # fmt: skip
    """Each text's frozen last hidden states (word pieces × width), kept in ``cache``."""
    import torch

    from fitcoach.assistant.minilm import Tokenizer, load_encoder
    from fitcoach.assistant.tuned_student import encoder_path

    unique = sorted(set(texts))
    path = None
    if cache is not None:
        key = registry.data_hash([*unique, f"frozen:{config.max_length}"])
        path = cache / f"slot-states-{key[:16]}.pt"
        if path.is_file():
            loaded: dict[str, torch.Tensor] = torch.load(path, weights_only=True)
            return loaded
    folder = encoder_path()
    tokenizer = Tokenizer(folder, config.max_length)
    if cache is not None:
        found = _cached_superset(cache, unique, Tokenizer(folder, config.max_length))
        if found is not None:
            return found
    encoder = load_encoder(folder)
    order = sorted(unique, key=len)  # a batch of similar lengths pads little
    out: dict[str, torch.Tensor] = {}
    with torch.inference_mode():
        for start in range(0, len(order), 64):
            chunk = order[start : start + 64]
            ids, mask = tokenizer(chunk)
            hidden = encode(encoder, ids, mask)
            for row, text in enumerate(chunk):
                out[text] = hidden[row, : int(mask[row].sum())].clone()
    if path is not None and cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        torch.save(out, partial)
        os.replace(partial, path)  # whole or absent: two runs may encode at once
    return out


def _cached_superset(cache: Path, texts: Sequence[str], tokenizer: Any) -> dict[str, torch.Tensor] | None:  # fmt: skip
    """States from a cached pass over more texts (the folds' pass covers the final training's
    texts): used when it holds every text at this length (the word pieces counted again)."""
    import torch

    fast = tokenizer.fast  # a tokenizer of its own: padding off
    fast.no_padding()
    lengths = [len(e.ids) for e in fast.encode_batch(list(texts))]
    for path in sorted(cache.glob("slot-states-*.pt"), key=lambda p: -p.stat().st_size):
        states: dict[str, torch.Tensor] = torch.load(path, weights_only=True)
        if all(t in states and states[t].shape[0] == n for t, n in zip(texts, lengths, strict=True)):  # fmt: skip
            return {t: states[t] for t in texts}
    return None


def _labels(aligned: Sequence[Aligned], config: TaggerConfig) -> list[torch.Tensor]:
    import torch

    from fitcoach.assistant.minilm import Tokenizer
    from fitcoach.assistant.tuned_student import encoder_path

    fast = Tokenizer(encoder_path(), config.max_length).fast
    fast.no_padding()
    return [
        torch.tensor(token_labels(e.offsets, a.spans), dtype=torch.long)
        for a, e in zip(aligned, fast.encode_batch([a.text for a in aligned]), strict=True)
    ]


@dataclass(frozen=True)
class Trained:
    head: Any
    config: TaggerConfig
    losses: tuple[float, ...]
    seconds: float


def train(
    aligned: Sequence[Aligned],
    config: TaggerConfig,
    *,
    states: dict[str, torch.Tensor] | None = None,
    cache: Path | None = None,
) -> Trained:
    """The head on ``aligned`` (``states``: their ``encoded`` states, if known)."""
    import time

    import torch

    if not aligned:
        raise ValueError("no aligned messages to train on")
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    if states is None:
        states = encoded([a.text for a in aligned], config, cache)
    rows = [states[a.text] for a in aligned]
    labels = _labels(aligned, config)
    for state, label in zip(rows, labels, strict=True):
        if state.shape[0] != label.shape[0]:
            raise ValueError("the tokenizers disagree on a text's word pieces")
    width = int(rows[0].shape[1])
    head = head_module(width, config)
    optimiser = torch.optim.AdamW(head.parameters(), lr=config.lr, weight_decay=config.weight_decay)  # fmt: skip
    order = torch.Generator().manual_seed(config.seed)
    plan = [_batches(rows, config.batch_size, order) for _ in range(config.epochs)]
    total = sum(len(b) for b in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: 1.0 - step / (total + 1))
    losses: list[float] = []
    head.train()
    for batches in plan:
        running = 0.0
        for batch in batches:
            longest = max(rows[i].shape[0] for i in batch)
            hidden = torch.zeros(len(batch), longest, width)
            target = torch.full((len(batch), longest), -100, dtype=torch.long)
            for j, i in enumerate(batch):
                n = rows[i].shape[0]
                hidden[j, :n], target[j, :n] = rows[i], labels[i]
            logits = head(hidden)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(BIO)), target.reshape(-1), ignore_index=-100)  # fmt: skip
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            schedule.step()
            running += float(loss.detach())
        losses.append(running / len(batches))
    head.eval()
    return Trained(head, config, tuple(losses), time.perf_counter() - started)


def tensors(trained: Trained) -> dict[str, torch.Tensor]:
    """The head's weights (the encoder is the package's, unchanged)."""
    return {k: v.detach().contiguous().clone() for k, v in sorted(trained.head.state_dict().items())}  # fmt: skip


def loaded(trained: Trained) -> SlotTagger:
    """The trained tagger over the plain-torch encoder."""
    from fitcoach.assistant.minilm import load_encoder
    from fitcoach.assistant.tuned_student import encoder_path

    return torch_tagger(load_encoder(encoder_path()), trained.head, trained.config)


class CachedTagger:
    """The trained head over states already encoded (``encoded``): the folds tag the held-out
    writer's texts without a second encoding pass; any other text is encoded as it comes."""

    def __init__(self, trained: Trained, states: dict[str, torch.Tensor]) -> None:
        from fitcoach.assistant.minilm import Tokenizer
        from fitcoach.assistant.tuned_student import encoder_path

        self.trained, self.states = trained, states
        self.fast = Tokenizer(encoder_path(), trained.config.max_length).fast
        self.fast.no_padding()

    def tag_many(self, texts: Sequence[str]) -> list[list[Span]]:
        import torch

        missing = [t for t in texts if t not in self.states]
        if missing:
            self.states.update(encoded(missing, self.trained.config))
        out = []
        with torch.inference_mode():
            for text, e in zip(texts, self.fast.encode_batch(list(texts)), strict=True):
                rows, probs = label_probs(self.trained.head(self.states[text].unsqueeze(0)))
                out.append(spans_of(text, e.offsets, rows[0], probs[0]))
        return out

    def tag(self, text: str) -> list[Span]:
        return self.tag_many([text])[0]


def onnx_bytes(trained: Trained) -> bytes:
    """The frozen encoder and the head as one int8 ONNX graph (``slot_tagger.READER``)."""
    import torch

    from fitcoach.assistant.minilm import Tokenizer, load_encoder
    from fitcoach.assistant.student_onnx import export
    from fitcoach.assistant.tuned_student import encoder_path

    folder = encoder_path()
    encoder = load_encoder(folder)
    head = trained.head.eval()

    class Whole(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder, self.head = encoder, head

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.head(encode(self.encoder, ids, mask))
            return out

    return export(Whole(), Tokenizer(folder, trained.config.max_length), outputs={"tags": {0: "batch", 1: "tokens"}})  # fmt: skip


def save(
    root: Path, trained: Trained, data: Examples, metrics: dict[str, Any]
) -> registry.Manifest:
    from safetensors.torch import save as to_bytes

    return registry.save(
        root,
        name=NAME,
        files={WEIGHTS: to_bytes(tensors(trained)), READER: onnx_bytes(trained)},
        schema=schema(trained.config),
        seed=trained.config.seed,
        params={
            "config": config_dict(trained.config),
            "writers": sorted({m.writer for m in data.messages}),
            "messages": len(data.aligned),
            "not_aligned": data.not_aligned,
        },
        data=data_hash(data.aligned),
        metrics={
            "train_loss_by_epoch": list(trained.losses),
            "train_seconds": round(trained.seconds, 1),
            **metrics,
        },
    )
