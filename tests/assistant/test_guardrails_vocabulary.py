"""The guardrails' vocabulary files: every entry compiles, says what it catches and is used by a
matcher; a broken entry fails with the field named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from fitcoach.assistant.guardrails import screen, vocabulary

PACKAGE = Path(vocabulary.__file__).parent


@pytest.mark.parametrize("name", vocabulary.FILES)
def test_every_pattern_compiles_and_is_bound_by_a_matcher(name: str) -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    compiled = vocabulary.patterns(name)
    assert compiled, name
    for key, pattern in compiled.items():
        assert isinstance(pattern(), re.Pattern)
        assert f'_V["{key}"]' in sources, f"{name}: {key} is read by no matcher"


def test_regions_keep_their_order_and_the_first_match_wins() -> None:
    regions = vocabulary.regions("injury_vocabulary")
    assert [r for _, r in regions][:2] == ["upper_back", "shoulder"]
    assert regions[-1][1] is None
    # "upper back" also contains "back": the upper back comes first, so it wins.
    hurt = screen("my upper back hurts")
    assert hurt.injury is not None
    assert hurt.injury.region == "upper_back"


def test_an_entry_without_what_it_catches_is_refused() -> None:
    with pytest.raises(ValidationError, match="catches"):
        vocabulary.VocabularyFile.model_validate({"patterns": {"x": {"regex": ["a"]}}})
    with pytest.raises(ValidationError, match="regex"):
        vocabulary.VocabularyFile.model_validate(
            {"patterns": {"x": {"catches": "something real", "regex": []}}}
        )
