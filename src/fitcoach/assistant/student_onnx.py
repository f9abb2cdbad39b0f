"""The fine-tuned student read through ONNX Runtime: no torch in a process that only reads.

A student whose configuration says ``onnx`` ships its whole network (the packaged encoder with
the adapters merged in, and both heads) as one ONNX graph, ``READER``, its linear layers
quantised to int8 by ONNX Runtime's dynamic quantisation (one scale per output channel). Why:
torch alone is about 260 MB resident, and a reading process with torch came to 404-411 MB, over
the chat's 400 MB; the same reading through ONNX Runtime is about 115 MB and 3-6x faster on one
thread (docs/models/student.md, "Latency and memory"). The development folds read through this
same path, so the thresholds chosen on them are the shipped reader's.

Export needs torch and ``onnx`` (training, the ``ml`` extra); reading needs only
``onnxruntime``, ``tokenizers`` and NumPy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

READER = "reader.int8.onnx"
OPSET = 17


def export(
    net: Any,
    tokenizer: Any,
    *,
    int8: bool = True,
    outputs: Mapping[str, Mapping[int, str]] | None = None,
) -> bytes:
    """The fp32 torch network ``net`` (``tuned_student.StudentNet`` over ``minilm``'s encoder) as
    ONNX bytes: inputs ``ids`` and ``mask`` (batch × tokens, int64), outputs the ``intent`` and
    ``flags`` logits (or ``outputs``: each output's name and its dynamic axes, as the slot
    tagger's per-token ``tags``); quantised to int8 when ``int8``. Deterministic: the same
    weights give the same bytes."""
    import logging
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> Any:
            return self.inner(ids, mask)

    named = outputs or {"intent": {0: "batch"}, "flags": {0: "batch"}}
    ids, mask = tokenizer(["bench 80 kilos, 4 sets of 6", "hi"])  # any shapes: axes are dynamic
    axes = {"ids": {0: "batch", 1: "tokens"}, "mask": {0: "batch", 1: "tokens"}}
    with tempfile.TemporaryDirectory(prefix="student-onnx-") as tmp:
        plain, small = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        # The tracer warns that shapes become constants (they do not: both axes are dynamic).
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Logits(net.eval()),
                (ids, mask),
                str(plain),
                input_names=["ids", "mask"],
                output_names=list(named),
                dynamic_axes={**axes, **{k: dict(v) for k, v in named.items()}},
                opset_version=OPSET,
                dynamo=False,  # the TorchScript exporter: no onnxscript, same graph each time
            )
        if not int8:
            return plain.read_bytes()
        quiet = (
            logging.getLogger()
        )  # the quantiser advises a pre-processing pass on the root logger
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            quantize_dynamic(str(plain), str(small), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            quiet.setLevel(level)
        return small.read_bytes()


class OnnxReader:
    """The exported student in an ONNX Runtime session: texts in, logits out (NumPy)."""

    def __init__(self, model: Path | bytes, folder: Path, max_length: int, threads: int = 1) -> None:  # fmt: skip
        import onnxruntime as ort

        from fitcoach.assistant.minilm import Tokenizer

        options = ort.SessionOptions()
        # One thread each: the chat reads one message at a time on cores the server shares.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: the quantised graph's notes are not news
        source = str(model) if isinstance(model, Path) else model
        self.session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer(folder, max_length)

    def logits(self, texts: Sequence[str]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        ids, mask = self.tokenizer.arrays(texts)
        intent, flags = self.session.run(["intent", "flags"], {"ids": ids, "mask": mask})
        return intent, flags
