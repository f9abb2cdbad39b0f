"""Fine-tune the student on the teacher corpus: LoRA adapters on the packaged encoder, two heads.

The network is ``assistant.tuned_student`` (the packaged all-MiniLM-L6-v2 with LoRA on its top
``tuned_layers`` layers, an intent head and a multi-label red-flag head). The encoder's lower
layers are frozen and have no adapters, so their output for a message never changes during
training: it is computed once (``lower_states``) and every epoch runs only the tuned layers and
the heads. That is what makes training fit a shared CPU (minutes, not hours); the result is the
same network as a full forward pass (the loaded student runs the whole encoder).

Loss: cross-entropy over the intents plus binary cross-entropy over the red-flag outputs (``any``
and each kind; positives weighted ``flag_pos_weight``). AdamW, a fixed number of epochs, batches
shuffled by a generator seeded from the config: the same seed, data and thread count give the
same weights (tested).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitcoach.assistant.tuned_student import (
    FLAGS,
    INTENTS,
    NAME,
    RED_FLAG_KINDS,
    WEIGHTS,
    StudentConfig,
    build,
    schema,
    trained_tensors,
)
from fitcoach.ml import registry
from fitcoach.pipelines.distill.corpus import CorpusMessage

if TYPE_CHECKING:
    import torch

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def intent_of(message: CorpusMessage) -> str:
    """The gold intent: the first tool called, or ask / escalate / answer."""
    expect = message.expect
    if expect.action == "call":
        return expect.calls[0].tool
    return expect.action


def corpus_hash(messages: Sequence[CorpusMessage]) -> str:
    """The fingerprint of a training set: every message's canonical JSON, in order."""
    return registry.data_hash(m.model_dump_json() for m in messages)


def _targets(
    messages: Sequence[CorpusMessage], lookalike_weight: float = 1.0, self_harm_weight: float = 1.0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Intent indices, red-flag targets, and each row's red-flag loss weight (the look-alikes:
    the safe messages nearest a red flag, ``lookalike_weight``; self-harm and crisis messages,
    ``self_harm_weight``)."""
    import torch

    intents = torch.tensor([INTENTS.index(intent_of(m)) for m in messages], dtype=torch.long)
    flags = torch.zeros(len(messages), len(FLAGS))
    for row, message in enumerate(messages):
        if message.red_flags:
            flags[row, 0] = 1.0
        for kind in message.red_flags:
            flags[row, 1 + RED_FLAG_KINDS.index(kind)] = 1.0
    rows = [
        lookalike_weight
        if m.category == "lookalike"
        else self_harm_weight
        if "self_harm" in m.red_flags
        else 1.0
        for m in messages
    ]
    return intents, flags, torch.tensor(rows).unsqueeze(1)


def lower_states(
    net: Any,
    tokenizer: Any,
    texts: Sequence[str],
    config: StudentConfig,
    progress: Progress | None = None,
    device: str = "cpu",
) -> list[torch.Tensor]:
    """Each text's hidden states below the tuned layers (tokens × width), frozen, once (kept on
    the CPU whatever ``device`` computed them)."""
    import torch

    # Shortest first, so a batch pads little; each text's rows go back to its own place.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[torch.Tensor] = [torch.empty(0)] * len(texts)
    step = 64
    with torch.inference_mode():
        for start in range(0, len(texts), step):
            rows = order[start : start + step]
            batch = tokenizer(
                [texts[i] for i in rows], padding=True, truncation=True,
                max_length=config.max_length, return_tensors="pt",
            )  # fmt: skip
            hidden = net.lower(
                batch["input_ids"].to(device), batch["attention_mask"].to(device)
            ).cpu()
            lengths = batch["attention_mask"].sum(1).tolist()
            for j, (row, n) in enumerate(zip(rows, lengths, strict=True)):
                out[row] = hidden[j, : int(n)].clone()
            if progress:
                progress("encode", min(start + step, len(texts)), len(texts))
    return out


def _pad(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    import torch

    longest = max(s.shape[0] for s in states)
    hidden = torch.zeros(len(states), longest, states[0].shape[1])
    mask = torch.zeros(len(states), longest, dtype=torch.long)
    for row, state in enumerate(states):
        hidden[row, : state.shape[0]] = state
        mask[row, : state.shape[0]] = 1
    return hidden, mask


def _batches(states: Sequence[torch.Tensor], size: int, order: torch.Generator) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding: each pass costs about half as much).

    Rows are shuffled, sorted by length within windows of 16 batches, cut into batches, and
    the batches shuffled again; all by ``order``, so the same seed gives the same batches."""
    import torch

    permutation = torch.randperm(len(states), generator=order).tolist()
    window = size * 16
    batches: list[list[int]] = []
    for start in range(0, len(permutation), window):
        chunk = sorted(permutation[start : start + window], key=lambda i: states[i].shape[0])
        batches.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [batches[i] for i in torch.randperm(len(batches), generator=order).tolist()]


def cached_lower_states(
    cache: Path,
    messages: Sequence[CorpusMessage],
    config: StudentConfig,
    net: Any,
    tokenizer: Any,
    progress: Progress | None = None,
    device: str = "cpu",
) -> list[torch.Tensor]:
    """``lower_states`` kept in ``cache``, one store per frozen shape (tuned layers, maximum
    length) holding each text's states under its hash. The folds and the final training share
    one encoding pass, and a corpus that grows (a new writer) encodes only its new texts."""
    import torch

    shape = registry.data_hash([f"{config.first_tuned}:{config.max_length}"])[:16]
    path = cache / f"student-states-by-text-{shape}.pt"
    store: dict[str, torch.Tensor] = torch.load(path, weights_only=True) if path.is_file() else {}
    keys = [registry.data_hash([m.text])[:32] for m in messages]
    missing = {k: m.text for k, m in zip(keys, messages, strict=True) if k not in store}
    if missing:
        fresh = lower_states(net, tokenizer, list(missing.values()), config, progress, device)
        store.update(zip(missing, fresh, strict=True))
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        torch.save(store, partial)
        os.replace(partial, path)  # whole or absent: two runs may encode at once
    return [store[k] for k in keys]


@dataclass(frozen=True)
class Trained:
    """A trained student before saving: the network, its adapters, its training log."""

    tokenizer: Any
    peft_model: Any
    net: Any
    config: StudentConfig
    losses: tuple[float, ...]  # mean training loss per epoch


def train(
    messages: Sequence[CorpusMessage],
    config: StudentConfig,
    *,
    states: Sequence[torch.Tensor] | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    device: str = "cpu",
) -> Trained:
    """Train adapters and heads on ``messages`` (``states``: their ``lower_states``, if known).

    ``device``: where the steps run ("cuda" on a machine with a GPU; the batches, seed and
    schedule are the same, the float rounding is the GPU's); the trained network comes back
    on the CPU."""
    import torch

    if not messages:
        raise ValueError("no messages to train on")
    torch.manual_seed(config.seed)
    tokenizer, peft_model, net = build(config)
    net.to(device)
    if states is None and cache is not None:
        states = cached_lower_states(cache, messages, config, net, tokenizer, progress, device)
    elif states is None:
        states = lower_states(net, tokenizer, [m.text for m in messages], config, progress, device)
    if len(states) != len(messages):
        raise ValueError("one lower state per message")
    intents, flags, flag_rows = (
        t.to(device) for t in _targets(messages, config.lookalike_weight, config.self_harm_weight)
    )
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=config.lr, weight_decay=config.weight_decay)
    pos_weight = torch.full((len(FLAGS),), config.flag_pos_weight, device=device)
    order = torch.Generator().manual_seed(config.seed)
    plan = [_batches(states, config.batch_size, order) for _ in range(config.epochs)]
    total = sum(len(batches) for batches in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: 1.0 - step / (total + 1))
    losses: list[float] = []
    net.train()
    done = 0
    for batches in plan:
        running = 0.0
        for rows in batches:
            hidden, mask = _pad([states[i] for i in rows])
            intent_logits, flag_logits = net.top(hidden.to(device), mask.to(device))
            loss = torch.nn.functional.cross_entropy(
                intent_logits, intents[rows]
            ) + torch.nn.functional.binary_cross_entropy_with_logits(
                flag_logits, flags[rows], weight=flag_rows[rows], pos_weight=pos_weight
            )
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            schedule.step()
            running += float(loss.detach())
            done += 1
            if progress:
                progress("train", done, total)
        losses.append(running / len(batches))
    net.to("cpu")
    net.eval()
    return Trained(tokenizer, peft_model, net, config, tuple(losses))


def scores(trained: Trained, states: Sequence[torch.Tensor]) -> tuple[list[list[float]], list[list[float]]]:  # fmt: skip
    """Intent probabilities and red-flag probabilities for messages' lower states."""
    import torch

    intent_p: list[list[float]] = []
    flag_p: list[list[float]] = []
    trained.net.eval()
    with torch.inference_mode():
        for start in range(0, len(states), 64):
            hidden, mask = _pad(states[start : start + 64])
            intent_logits, flag_logits = trained.net.top(hidden, mask)
            intent_p.extend(intent_logits.softmax(-1).tolist())
            flag_p.extend(flag_logits.sigmoid().tolist())
    return intent_p, flag_p


def weights_bytes(trained: Trained) -> bytes:
    """The adapters and heads as safetensors bytes (the artefact's only weights)."""
    from safetensors.torch import save

    return save(trained_tensors(trained.peft_model, trained.net))


def reader_bytes(tensors: dict[str, torch.Tensor], config: StudentConfig) -> bytes:
    """The merged network as ONNX (``student_onnx.READER``): exported from fp32, quantised by
    ONNX Runtime when ``config.int8``; what a reading process loads without torch."""
    from dataclasses import replace

    from fitcoach.assistant.student_onnx import export
    from fitcoach.assistant.tuned_student import TunedStudent

    student = TunedStudent.from_tensors(tensors, replace(config, onnx=False, int8=False))
    return export(student.net, student.tokenizer, int8=config.int8)


def save_student(
    root: Path,
    trained: Trained,
    messages: Sequence[CorpusMessage],
    *,
    threshold: float,
    metrics: dict[str, Any],
    crisis_threshold: float = 2.0,
    flagged_crisis: float = 2.0,
) -> registry.Manifest:
    """Write the artefact to the registry: weights, the labels, and a manifest recording the
    seed, the configuration, the red-flag thresholds, the corpus's data hash and the code version."""
    return save_tensors(
        root,
        trained_tensors(trained.peft_model, trained.net),
        trained.config,
        messages,
        losses=trained.losses,
        threshold=threshold,
        metrics=metrics,
        crisis_threshold=crisis_threshold,
        flagged_crisis=flagged_crisis,
    )


def save_tensors(
    root: Path,
    tensors: dict[str, torch.Tensor],
    config: StudentConfig,
    messages: Sequence[CorpusMessage],
    *,
    losses: Sequence[float],
    threshold: float,
    metrics: dict[str, Any],
    crisis_threshold: float = 2.0,
    flagged_crisis: float = 2.0,
) -> registry.Manifest:
    """``save_student`` for adapters and heads already trained (here or on another machine:
    ``read_bundle``)."""
    from safetensors.torch import save

    labels = json.dumps({"intents": list(INTENTS), "flags": list(FLAGS)}, indent=1).encode()
    files = {WEIGHTS: save(tensors), "labels.json": labels}
    if config.onnx:
        from fitcoach.assistant.student_onnx import READER

        files[READER] = reader_bytes(tensors, config)
    return registry.save(
        root,
        name=NAME,
        files=files,
        schema=schema(config),
        seed=config.seed,
        params={
            "config": asdict(config),
            "red_flag_threshold": threshold,
            "crisis_threshold": crisis_threshold,
            "flagged_crisis_threshold": flagged_crisis,
            "writers": sorted({m.writer for m in messages}),
            "messages": len(messages),
        },
        data=corpus_hash(messages),
        metrics={"train_loss_by_epoch": list(losses), **metrics},
    )


@dataclass(frozen=True)
class Bundle:
    """Students trained in one run, kept together in one safetensors file: the folds (each
    named by the writers it held out) and the shipped one (``FINAL``), with their common
    configuration and the corpus's data hash, so that they can be trained where a GPU is and
    read, scored and saved here (``fitcoach distill student-folds --weights``,
    ``train-student --weights``)."""

    config: StudentConfig
    data_hash: str
    students: dict[str, dict[str, torch.Tensor]]  # part name → adapters and heads
    held_out: dict[str, tuple[str, ...]]  # part name → writers it never saw (none: FINAL)
    losses: dict[str, tuple[float, ...]]
    seconds: dict[str, float]
    device: str


FINAL = "final"


def train_bundle(
    messages: Sequence[CorpusMessage],
    config: StudentConfig,
    groups: Sequence[Sequence[str]],
    *,
    device: str = "cpu",
    progress: Progress | None = None,
) -> Bundle:
    """One student per group of writers held out (trained on the others), then the shipped
    student on every writer: what ``make train-student`` trains, in one process, for a machine
    whose GPU makes the steps cheap and the side-by-side processes pointless."""
    import time

    import torch

    from fitcoach.pipelines.distill.corpus import writer_split

    torch.manual_seed(config.seed)
    tokenizer, _, net = build(config)
    net.to(device)
    states = lower_states(net, tokenizer, [m.text for m in messages], config, progress, device)
    index = {m.id: i for i, m in enumerate(messages)}
    parts: list[tuple[str, tuple[str, ...], Sequence[CorpusMessage]]] = [
        (f"fold-{'+'.join(g)}", tuple(g), writer_split(messages, g).train) for g in groups
    ]
    parts.append((FINAL, (), messages))
    students: dict[str, dict[str, torch.Tensor]] = {}
    held_out: dict[str, tuple[str, ...]] = {}
    losses: dict[str, tuple[float, ...]] = {}
    seconds: dict[str, float] = {}
    for name, out, train_on in parts:
        started = time.perf_counter()
        trained = train(
            train_on,
            config,
            states=[states[index[m.id]] for m in train_on],
            progress=_renamed(progress, name),
            device=device,
        )
        seconds[name] = round(time.perf_counter() - started, 1)
        students[name] = trained_tensors(trained.peft_model, trained.net)
        held_out[name], losses[name] = out, trained.losses
    return Bundle(config, corpus_hash(messages), students, held_out, losses, seconds, device)


def _renamed(progress: Progress | None, stage: str) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda _stage, done, total: report(stage, done, total)


def bundle_bytes(bundle: Bundle) -> bytes:
    from safetensors.torch import save

    tensors = {f"{part}/{k}": v for part, ts in bundle.students.items() for k, v in ts.items()}
    meta = {
        "config": asdict(bundle.config),
        "data_hash": bundle.data_hash,
        "held_out": {k: list(v) for k, v in bundle.held_out.items()},
        "losses": {k: list(v) for k, v in bundle.losses.items()},
        "seconds": bundle.seconds,
        "device": bundle.device,
    }
    return save(tensors, metadata={"bundle": json.dumps(meta)})


def read_bundle(path: Path, messages: Sequence[CorpusMessage]) -> Bundle:
    """A bundle, refused unless it was trained on exactly ``messages`` (their data hash)."""
    from safetensors import safe_open

    students: dict[str, dict[str, torch.Tensor]] = {}
    with safe_open(str(path), framework="pt") as f:
        meta = json.loads((f.metadata() or {}).get("bundle", "{}"))
        for key in f.keys():  # noqa: SIM118 - a safetensors file, not a dict
            part, name = key.split("/", 1)
            students.setdefault(part, {})[name] = f.get_tensor(key)
    if not meta:
        raise ValueError(f"{path} is not a student bundle (no 'bundle' metadata)")
    if meta["data_hash"] != corpus_hash(messages):
        raise ValueError(
            f"{path} was trained on another corpus (data hash {meta['data_hash'][:12]}…, "
            f"this one {corpus_hash(messages)[:12]}…): train it again on this corpus"
        )
    return Bundle(
        config=StudentConfig(**meta["config"]),
        data_hash=meta["data_hash"],
        students=students,
        held_out={k: tuple(v) for k, v in meta["held_out"].items()},
        losses={k: tuple(v) for k, v in meta["losses"].items()},
        seconds={k: float(v) for k, v in meta["seconds"].items()},
        device=str(meta["device"]),
    )


def with_onnx(root: Path) -> registry.Manifest:
    """Save the newest student again as one read through ONNX Runtime (``config.onnx``, the
    network in ``student_onnx.READER``): a new version, the weights and thresholds unchanged;
    the older version is removed. Its thresholds stay those chosen on its folds' readings."""
    import shutil

    from safetensors.torch import load as load_tensors

    from fitcoach.assistant.student_onnx import READER

    found = registry.versions(root, NAME)
    if not found:
        raise registry.ArtefactError(f"No fine-tuned student under {root} to export.")
    old = found[0]
    config = StudentConfig(**{**old.params["config"], "onnx": True})
    artefact = registry.load(root, NAME, schema=schema(config), version=old.version)
    files = {name: artefact.file(name).read_bytes() for name in old.files}
    files[READER] = reader_bytes(load_tensors(files[WEIGHTS]), config)
    manifest = registry.save(
        root,
        name=NAME,
        files=files,
        schema=old.schema,
        seed=old.seed,
        params={**old.params, "config": asdict(config)},
        data=old.data_hash,
        metrics=old.metrics,
    )
    if manifest.version != old.version:
        shutil.rmtree(artefact.path)
    return manifest


def with_threshold(
    root: Path,
    threshold: float,
    development: dict[str, Any],
    crisis_threshold: float = 2.0,
    *,
    flagged_crisis: float = 2.0,
) -> registry.Manifest:
    """Save the newest student again with the red-flag and self-harm thresholds chosen on the
    development folds, and the self-harm bar that gives a red flag the crisis reply (a new
    version: the thresholds are its parameters); the older version is removed.

    For a student trained while its folds were still running; the weights are unchanged."""
    import shutil

    found = registry.versions(root, NAME)
    if not found:
        raise registry.ArtefactError(f"No fine-tuned student under {root} to set a threshold on.")
    old = found[0]
    config = StudentConfig(**old.params["config"])
    artefact = registry.load(root, NAME, schema=schema(config), version=old.version)
    files = {name: artefact.file(name).read_bytes() for name in old.files}
    metrics = {**old.metrics, "development": development.get("summary", {})}
    manifest = registry.save(
        root,
        name=NAME,
        files=files,
        schema=old.schema,
        seed=old.seed,
        params={
            **old.params,
            "red_flag_threshold": threshold,
            "crisis_threshold": crisis_threshold,
            "flagged_crisis_threshold": flagged_crisis,
        },
        data=old.data_hash,
        metrics=metrics,
    )
    if manifest.version != old.version:
        shutil.rmtree(artefact.path)
    return manifest
