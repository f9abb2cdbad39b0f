"""The parsed-YAML cache gives back exactly what parsing gives, and any trouble with the cache
(missing, corrupt, unwritable, a document JSON cannot hold) only means parsing again."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from fitcoach.core import yamlfiles
from fitcoach.core.settings import user_cache_dir
from fitcoach.core.yamlfiles import load_cached_yaml, load_yaml

DOC = "name: squat\nsets: [3, 5.5, true, null]\nlayout:\n  3: [a, b]\n  4: {x: 1}\n"


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("FITCOACH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "yaml"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = yamlfiles.load_yaml

    def counting(text: str) -> Any:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(yamlfiles, "load_yaml", counting)
    return parsed


def test_a_second_load_comes_from_the_cache_unchanged(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _count_parses(monkeypatch)
    first = load_cached_yaml(DOC)
    second = load_cached_yaml(DOC)
    assert first == second == load_yaml(DOC)
    assert list(second["layout"]) == [3, 4]  # integer keys stay integers
    assert len(parsed) == 1
    assert len(list(cache.glob("*.json"))) == 1
    assert load_cached_yaml(DOC + "extra: 1\n")["extra"] == 1  # another text, another entry
    assert len(parsed) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not json",
        b'{"format": 1, "sha256": "x"',
        b'{"format": 1, "document": {"\\u0000pairs": 7}}',
        b"null",
        b'{"format": 0}',
    ],
)
def test_a_corrupt_entry_is_parsed_again_and_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    load_cached_yaml(DOC)
    (entry,) = cache.glob("*.json")
    entry.write_bytes(content)
    parsed = _count_parses(monkeypatch)
    assert load_cached_yaml(DOC) == load_yaml(DOC)
    assert len(parsed) == 1
    assert json.loads(entry.read_bytes())["format"] == yamlfiles.CACHE_FORMAT


def test_an_entry_for_other_text_is_not_used(cache: Path) -> None:
    load_cached_yaml(DOC)
    (entry,) = cache.glob("*.json")
    other = load_cached_yaml("a: 1\n")
    assert other == {"a": 1}
    (second,) = set(cache.glob("*.json")) - {entry}
    entry.write_bytes(second.read_bytes())  # the right shape, the wrong text's hash
    assert load_cached_yaml(DOC) == load_yaml(DOC)


def test_an_unwritable_cache_only_means_parsing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("FITCOACH_CACHE_DIR", str(blocker / "cache"))
    parsed = _count_parses(monkeypatch)
    assert load_cached_yaml(DOC) == load_yaml(DOC)
    assert load_cached_yaml(DOC) == load_yaml(DOC)
    assert len(parsed) == 2


def test_without_a_home_directory_it_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FITCOACH_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert load_cached_yaml(DOC) == load_yaml(DOC)


@pytest.mark.parametrize(
    "text", ["when: 2026-11-20\n", "? [1, 2]\n: x\n", f"{yamlfiles._PAIRS}: [[1, 2]]\n"]
)
def test_what_json_cannot_hold_exactly_is_not_cached(cache: Path, text: str) -> None:
    """A date, a key JSON cannot hold, a document that looks like the cache's own encoding."""
    try:
        expected = load_yaml(text)
    except Exception as exc:  # a list as a key: PyYAML refuses it, and so must the cache
        with pytest.raises(type(exc)):
            load_cached_yaml(text)
        return
    assert load_cached_yaml(text) == expected
    assert load_cached_yaml(text) == expected
    assert not list(cache.glob("*.json"))
    if "when" in expected:
        assert load_cached_yaml(text)["when"] == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("fitcoach.data", "exercises.yaml"),
        ("fitcoach.data", "foods.yaml"),
        ("fitcoach.data", "consent.yaml"),
        ("fitcoach.coach.rules", "planning.yaml"),
        ("fitcoach.coach.rules", "progression.yaml"),
        ("fitcoach.coach.rules", "volume_landmarks.yaml"),
        ("fitcoach.coach.rules", "contraindications.yaml"),
        ("fitcoach.coach.rules", "safety.yaml"),
    ],
)
def test_every_shipped_document_is_cached_as_parsed(cache: Path, package: str, name: str) -> None:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    load_cached_yaml(text)
    assert len(list(cache.glob("*.json"))) == 1  # JSON holds it: warm-up skips PyYAML
    assert load_cached_yaml(text) == load_yaml(text)


def test_the_cache_directory_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FITCOACH_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "fitcoach"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute only
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "fitcoach"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "fitcoach"
    monkeypatch.setenv("FITCOACH_CACHE_DIR", str(tmp_path / "mine"))
    assert user_cache_dir() == tmp_path / "mine"
