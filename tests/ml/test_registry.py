"""The artefact registry: versions follow data and parameters, loading refuses what does not fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fitcoach.core.settings import Settings
from fitcoach.ml import registry

SCHEMA = {"version": "features-1", "features": ["acwr", "sleep_h"]}


def _save(
    root: Path, *, params: dict[str, object] | None = None, data: str = "d1"
) -> registry.Manifest:
    return registry.save(
        root,
        name="burnout",
        files={"model.bin": b"weights", "notes.txt": b"hello"},
        schema=SCHEMA,
        seed=7,
        params=params or {"trees": 200},
        data=data,
        metrics={"auc": 0.8},
    )


def test_round_trip_keeps_metadata_and_files(tmp_path: Path) -> None:
    saved = _save(tmp_path)
    loaded = registry.load(tmp_path, "burnout", schema=SCHEMA)
    assert loaded.manifest == saved
    assert loaded.file("model.bin").read_bytes() == b"weights"
    assert loaded.manifest.seed == 7
    assert loaded.manifest.metrics == {"auc": 0.8}
    with pytest.raises(registry.ArtefactError, match="no file"):
        loaded.file("other.bin")


def test_version_follows_data_and_parameters(tmp_path: Path) -> None:
    first = _save(tmp_path)
    assert _save(tmp_path).version == first.version  # same inputs, same version, replaced
    other_params = _save(tmp_path, params={"trees": 100})
    other_data = _save(tmp_path, data="d2")
    assert len({first.version, other_params.version, other_data.version}) == 3
    assert {m.version for m in registry.versions(tmp_path, "burnout")} == {
        first.version,
        other_params.version,
        other_data.version,
    }
    assert registry.load(tmp_path, "burnout", schema=SCHEMA, version=other_data.version)


def test_load_refuses_another_schema(tmp_path: Path) -> None:
    _save(tmp_path)
    with pytest.raises(registry.ArtefactError, match="another schema"):
        registry.load(tmp_path, "burnout", schema={"version": "features-2", "features": []})


def test_load_refuses_a_changed_file(tmp_path: Path) -> None:
    saved = _save(tmp_path)
    (tmp_path / "burnout" / saved.version / "model.bin").write_bytes(b"tampered")
    with pytest.raises(registry.ArtefactError, match="does not match its manifest"):
        registry.load(tmp_path, "burnout", schema=SCHEMA)


def test_load_refuses_missing_and_broken(tmp_path: Path) -> None:
    with pytest.raises(registry.ArtefactError, match="fitcoach ml train burnout"):
        registry.load(tmp_path, "burnout", schema=SCHEMA)
    saved = _save(tmp_path)
    manifest = tmp_path / "burnout" / saved.version / "manifest.json"
    raw = json.loads(manifest.read_text())
    raw["format"] = 99
    manifest.write_text(json.dumps(raw))
    with pytest.raises(registry.ArtefactError, match="manifest format 99"):
        registry.load(tmp_path, "burnout", schema=SCHEMA, version=saved.version)
    manifest.write_text("{not json")
    with pytest.raises(registry.ArtefactError, match="not valid JSON"):
        registry.load(tmp_path, "burnout", schema=SCHEMA, version=saved.version)


@pytest.mark.parametrize("bad", ["manifest.json", "../x", "a/b", ""])
def test_file_names_are_plain(tmp_path: Path, bad: str) -> None:
    with pytest.raises(registry.ArtefactError, match="cannot be an artefact file name"):
        registry.save(
            tmp_path,
            name="m",
            files={bad: b""},
            schema=SCHEMA,
            seed=0,
            params={},
            data="",
            metrics={},
        )
    assert not any((tmp_path / "m").glob("*/manifest.json"))


def test_settings_place_models_under_the_data_dir(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).models_path == tmp_path / "models"
    assert Settings(data_dir=tmp_path, model_dir=tmp_path / "m").models_path == tmp_path / "m"
