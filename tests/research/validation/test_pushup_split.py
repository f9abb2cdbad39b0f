"""The development / held-out split of the real push-up clips (``pushup_split``): deterministic,
disjoint, stratified by label, and the stored one is what the data regenerate. The tests on
the real clips use the shared ``pushfit-landmarks`` copy and skip without it (they fail under
``FITCOACH_REQUIRE_SERVICES=1``, through ``tests.conftest.shared_data``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_data

from research.validation import pushup_split as ps


def _keys(correct: int, wrong: int) -> list[str]:
    return [f"correct/c{i}" for i in range(correct)] + [f"wrong/w{i}" for i in range(wrong)]


def test_the_split_is_deterministic_disjoint_and_stratified() -> None:
    keys = _keys(40, 33)
    first, again = ps.make_split(keys), ps.make_split(list(reversed(keys)))
    assert first == again  # the order given does not matter, the seed decides
    sides = {c["clip"]: c["side"] for c in first["clips"]}
    assert sorted(sides) == sorted(keys)  # every clip once: disjoint and complete
    for label, n in (("correct", 40), ("wrong", 33)):
        held = [k for k, s in sides.items() if k.startswith(label) and s == "held_out"]
        assert len(held) == round(ps.HELD_OUT_FRACTION * n)
    other = ps.make_split(keys, seed=ps.SEED + 1)
    assert other["clips"] != first["clips"]  # the seed does move clips


def test_a_key_without_a_label_is_refused() -> None:
    with pytest.raises(ValueError, match="neither correct nor wrong"):
        ps.label_of("maybe/clip1")


def test_the_stored_split_covers_the_real_clips_once_and_regenerates(tmp_path: Path) -> None:
    root = shared_data("pushfit-landmarks")
    assert ps.check_split(root) == []
    dev = {k for k, _ in ps.clips("development")}
    held = {k for k, _ in ps.clips("held_out")}
    assert not dev & held
    assert len(dev) + len(held) == 225
    assert sum(1 for _, label in ps.clips("held_out") if label == "wrong") == 32
    # A changed stored split is caught.
    moved = ps.stored()
    moved["clips"][0]["side"] = "held_out" if moved["clips"][0]["side"] != "held_out" else "x"
    path = tmp_path / "split.json"
    path.write_text(json.dumps(moved))
    assert ps.check_split(root, path) == ["regenerating the split gives a different one"]
    key, label, landmarks = ps.load("held_out", root)[0]
    assert key.startswith(label)
    assert landmarks.shape[1:] == (33, 4)
