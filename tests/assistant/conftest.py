"""Fixtures shared by the assistant's tests."""

from __future__ import annotations

import pytest
from tests.assistant.test_issue57_examples import Athlete, with_plan

from fitcoach.assistant.llm import Assistant
from fitcoach.services.context import ServiceContext


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    """An athlete with a generated plan, chatting with the offline coach (rules alone); a
    module that needs another athlete defines its own ``me``."""
    return with_plan(ctx, Assistant())
