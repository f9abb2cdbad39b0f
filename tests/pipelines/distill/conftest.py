"""Fixtures the fine-tuned student's tests share."""

from __future__ import annotations

import importlib.util

import pytest
from tests.conftest import unavailable

from fitcoach.assistant import embeddings


@pytest.fixture(scope="module")
def ml() -> None:
    """Training needs the 'ml' extra: torch, the packaged MiniLM and peft."""
    if not embeddings.available():
        unavailable("the 'ml' extra (torch, the packaged MiniLM)")
    if importlib.util.find_spec("peft") is None:
        unavailable("peft (the 'ml' extra: pip install 'fitcoach[ml]')")
