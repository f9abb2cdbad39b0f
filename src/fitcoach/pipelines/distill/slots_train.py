"""Train the slot tagger (``assistant.slot_tagger``) on the aligned logging messages.

The encoder is the fine-tuned student's (``tuned_student.build``: the packaged MiniLM with
LoRA on its top ``tuned_layers`` layers); the layers below are frozen, so their output for
each message is computed once (``finetune.lower_states``, kept in a cache keyed by the texts)
and every epoch runs only the top layer and a linear head over every word piece. Loss:
cross-entropy over the BIO tags, [CLS]/[SEP] skipped. AdamW, a fixed number of epochs,
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
    WEIGHTS,
    SlotTagger,
    TaggerConfig,
    config_dict,
    schema,
)
from fitcoach.ml import registry
from fitcoach.pipelines.distill.corpus import CorpusMessage
from fitcoach.pipelines.distill.finetune import _batches, lower_states
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


@dataclass(frozen=True)
class Trained:
    peft_model: Any
    net: Any
    head: Any
    config: TaggerConfig
    losses: tuple[float, ...]
    seconds: float


def _states(net: Any, tokenizer: Any, texts: Sequence[str], config: TaggerConfig, cache: Path | None) -> list[torch.Tensor]:  # fmt: skip
    import torch

    if cache is None:
        return lower_states(net, tokenizer, texts, config.student())
    key = registry.data_hash([*texts, f"{config.tuned_layers}:{config.max_length}"])
    path = cache / f"slot-states-{key[:16]}.pt"
    if path.is_file():
        loaded: list[torch.Tensor] = torch.load(path, weights_only=True)
        return loaded
    states = lower_states(net, tokenizer, texts, config.student())
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    torch.save(states, partial)
    os.replace(partial, path)
    return states


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


def train(
    aligned: Sequence[Aligned], config: TaggerConfig, *, cache: Path | None = None
) -> Trained:
    """Adapters and the token head on ``aligned`` (see the module)."""
    import time

    import torch

    from fitcoach.assistant.tuned_student import build

    if not aligned:
        raise ValueError("no aligned messages to train on")
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    tokenizer, peft_model, net = build(config.student())
    states = _states(net, tokenizer, [a.text for a in aligned], config, cache)
    labels = _labels(aligned, config)
    for state, label in zip(states, labels, strict=True):
        if state.shape[0] != label.shape[0]:
            raise ValueError("the tokenizers disagree on a text's word pieces")
    width = int(states[0].shape[1])
    head = torch.nn.Linear(width, len(BIO))
    drop = torch.nn.Dropout(config.head_dropout)
    trainable = [p for p in peft_model.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(trainable, lr=config.lr, weight_decay=config.weight_decay)
    order = torch.Generator().manual_seed(config.seed)
    plan = [_batches(states, config.batch_size, order) for _ in range(config.epochs)]
    total = sum(len(b) for b in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: 1.0 - step / (total + 1))
    losses: list[float] = []
    net.train()
    head.train()
    for batches in plan:
        running = 0.0
        for rows in batches:
            longest = max(states[i].shape[0] for i in rows)
            hidden = torch.zeros(len(rows), longest, width)
            mask = torch.zeros(len(rows), longest, dtype=torch.long)
            target = torch.full((len(rows), longest), -100, dtype=torch.long)
            for j, i in enumerate(rows):
                n = states[i].shape[0]
                hidden[j, :n], mask[j, :n], target[j, :n] = states[i], 1, labels[i]
            top = net._layers(hidden, mask, net.first, len(net.bert.encoder.layer))
            logits = head(drop(top))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(BIO)), target.reshape(-1), ignore_index=-100)  # fmt: skip
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            schedule.step()
            running += float(loss.detach())
        losses.append(running / len(batches))
    net.eval()
    head.eval()
    return Trained(peft_model, net, head, config, tuple(losses), time.perf_counter() - started)


def tensors(trained: Trained) -> dict[str, torch.Tensor]:
    """What the artefact stores: the adapters and the head, nothing of the encoder."""
    from peft import get_peft_model_state_dict

    out = {f"adapter.{k}": v for k, v in get_peft_model_state_dict(trained.peft_model).items()}
    out |= {f"head.{k}": v for k, v in trained.head.state_dict().items()}
    return {k: v.detach().contiguous().clone() for k, v in sorted(out.items())}


def loaded(trained: Trained) -> SlotTagger:
    """The trained tagger as the runtime loads it (plain torch, adapters merged)."""
    return SlotTagger.from_tensors(tensors(trained), trained.config)


def save(
    root: Path, trained: Trained, data: Examples, metrics: dict[str, Any]
) -> registry.Manifest:
    from safetensors.torch import save as to_bytes

    return registry.save(
        root,
        name=NAME,
        files={WEIGHTS: to_bytes(tensors(trained))},
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
