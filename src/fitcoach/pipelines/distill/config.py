"""The pipeline's configuration: one frozen record, with a tiny preset for CI and a full one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Preset = Literal["micro", "tiny", "full"]


@dataclass(frozen=True)
class DistillConfig:
    """Everything that decides the pipeline's output (same config and seed: same artefacts)."""

    seed: int = 7
    users: int = 60  # synthetic athletes (stage 1)
    log_weeks: int = 1  # weeks of demo history each athlete's logs are drawn from
    messages_per_intent: int = 40  # athlete messages per intent (stage 2)
    messages_per_safety: int = 40  # per safety category
    paraphrases: int = 3  # teacher paraphrases per athlete message (stage 3)
    max_response_chars: int = 1200  # longer teacher responses are length anomalies
    min_response_chars: int = 20
    split: tuple[float, float, float] = (0.7, 0.15, 0.15)  # train / validation / test
    epochs: int = 30  # student head (stage 5)
    batch_size: int = 64
    learning_rate: float = 2e-3
    hidden: int = 256
    min_confidence: float = 0.6  # a student guess below this is not used
    # The second net's red-flag threshold is the lowest (most recall) whose added false alarms on
    # the tuning set's non-red-flag messages stay at or under this share (so the student is not tuned toward escalating).
    red_flag_max_false_alarm: float = 0.02
    latency_messages: int = 60  # hand-written messages timed one at a time (stage 5)
    latency_repeats: int = 3

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def stage_params(self, *names: str) -> dict[str, Any]:
        data = self.to_json()
        return {name: data[name] for name in names}


def preset(name: Preset, *, seed: int | None = None) -> DistillConfig:
    """``micro``: the smallest run that trains (tests, the Airflow DAG in CI); ``tiny``: under a
    minute; ``full``: the run behind the model card."""
    config = DistillConfig()
    if name == "micro":
        config = replace(
            config, users=3, messages_per_intent=4, messages_per_safety=4, paraphrases=1,
            epochs=6, latency_messages=5, latency_repeats=1,
        )  # fmt: skip
    if name == "tiny":
        config = replace(
            config, users=8, messages_per_intent=6, messages_per_safety=6, paraphrases=2,
            epochs=12, latency_messages=20, latency_repeats=1,
        )  # fmt: skip
    if seed is not None:
        config = replace(config, seed=seed)
    return config
