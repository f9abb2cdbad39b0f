"""The GNN-LSTM form model (PyTorch; imported only where torch is installed).

Per frame, two graph convolutions over the skeleton (MediaPipe's bones, normalised adjacency
with self loops) turn each landmark's coordinates into features that mix its neighbours'; the
33 landmarks' features are flattened and projected, an LSTM reads the frames in order, and
four heads read its last state and its mean over time: the form score and the injury-risk score
(0-100, as fractions), the six joint angles at the bottom (degrees / 180) and the lift (logits).
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from fitcoach.analysis import pose
from fitcoach.ml.form.features import CHANNELS, adjacency


@dataclass(frozen=True)
class ModelConfig:
    gcn_hidden: int = 32
    gcn_out: int = 16
    frame_dim: int = 64
    lstm_hidden: int = 64
    lstm_layers: int = 1
    dropout: float = 0.1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class GraphConv(nn.Module):
    def __init__(self, adj: torch.Tensor, n_in: int, n_out: int) -> None:
        super().__init__()
        self.register_buffer("adj", adj)
        self.linear = nn.Linear(n_in, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (..., nodes, n_in)
        return torch.relu(self.adj @ self.linear(x))


class GNNLSTM(nn.Module):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        adj = torch.from_numpy(adjacency())
        n = pose.N_LANDMARKS
        self.gcn1 = GraphConv(adj, CHANNELS, config.gcn_hidden)
        self.gcn2 = GraphConv(adj, config.gcn_hidden, config.gcn_out)
        self.project = nn.Sequential(
            nn.Linear(n * config.gcn_out, config.frame_dim), nn.ReLU(), nn.Dropout(config.dropout)
        )
        self.lstm = nn.LSTM(
            config.frame_dim, config.lstm_hidden, num_layers=config.lstm_layers, batch_first=True
        )
        body = 2 * config.lstm_hidden
        self.score = nn.Sequential(nn.Linear(body, 64), nn.ReLU(), nn.Linear(64, 2))
        self.angles = nn.Sequential(
            nn.Linear(body, 64), nn.ReLU(), nn.Linear(64, len(pose.ANGLE_NAMES))
        )
        self.exercise = nn.Linear(body, len(pose.EXERCISES))

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:  # x: (batch, frames, 33, C)
        b, t = x.shape[0], x.shape[1]
        h = self.gcn2(self.gcn1(x))
        h = self.project(h.reshape(b, t, -1))
        seq, _ = self.lstm(h)
        summary = torch.cat([seq[:, -1], seq.mean(dim=1)], dim=1)
        scores = torch.sigmoid(self.score(summary))
        return {
            "form": scores[:, 0],
            "risk": scores[:, 1],
            "angles": self.angles(summary),
            "exercise": self.exercise(summary),
        }


def state_bytes(model: GNNLSTM) -> bytes:
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.getvalue()


def from_bytes(config: ModelConfig, payload: bytes) -> GNNLSTM:
    model = GNNLSTM(config)
    model.load_state_dict(torch.load(io.BytesIO(payload), weights_only=True))
    model.eval()
    return model


def predict(model: GNNLSTM, batch: np.ndarray[Any, Any]) -> dict[str, np.ndarray[Any, Any]]:
    """Predictions for a ``(sets, frames, 33, C)`` feature batch, in the labels' units."""
    device = next(model.parameters()).device
    with torch.no_grad():
        raw = model(torch.from_numpy(np.asarray(batch, dtype=np.float32)).to(device))
    out = {k: v.cpu() for k, v in raw.items()}
    return {
        "form": out["form"].numpy() * 100.0,
        "risk": out["risk"].numpy() * 100.0,
        "angles": out["angles"].numpy() * 180.0,
        "exercise": out["exercise"].argmax(dim=1).numpy(),
        "exercise_prob": torch.softmax(out["exercise"], dim=1).numpy(),
    }
