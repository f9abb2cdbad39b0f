"""The artefact registry: every trained model is a directory with a manifest that says what made it.

An artefact lives at ``<root>/<name>/<version>/``: the files the model needs plus
``manifest.json`` (name, version, schema, seed, parameters, data hash, code version, metrics and
the SHA-256 of every file). The version is a hash of the data hash, the parameters and the schema,
so the same data and configuration give the same version, and anything else a new one. Loading
checks the manifest against what the caller expects (name, schema) and every file's hash, so a
model trained on another feature schema, or a file changed on disk, is refused with a reason
instead of scoring quietly wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from fitcoach import __version__
from fitcoach.core.clock import SystemClock
from fitcoach.core.errors import FitcoachError

MANIFEST = "manifest.json"
FORMAT = 1


class ArtefactError(FitcoachError):
    """A model artefact is missing, damaged, or was made for something else."""

    status_code = 503
    code = "model_artefact"


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()


def data_hash(parts: Iterable[bytes | str]) -> str:
    """SHA-256 over the given chunks, in order: the fingerprint of a training set."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def version_of(data: str, params: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    """The artefact version: 16 hex digits of the hash of data, parameters and schema."""
    return hashlib.sha256(
        _canonical({"data": data, "params": params, "schema": schema})
    ).hexdigest()[:16]


@dataclass(frozen=True)
class Manifest:
    """What an artefact is and what made it."""

    name: str
    version: str
    schema: dict[str, Any]
    seed: int
    params: dict[str, Any]
    data_hash: str
    metrics: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    code_version: str = __version__
    created_at: str = ""
    format: int = FORMAT

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Manifest:
        try:
            return cls(
                name=str(raw["name"]),
                version=str(raw["version"]),
                schema=dict(raw["schema"]),
                seed=int(raw["seed"]),
                params=dict(raw["params"]),
                data_hash=str(raw["data_hash"]),
                metrics=dict(raw["metrics"]),
                files={str(k): str(v) for k, v in dict(raw["files"]).items()},
                code_version=str(raw.get("code_version", "")),
                created_at=str(raw.get("created_at", "")),
                format=int(raw.get("format", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ArtefactError(f"The model manifest is incomplete ({exc}).") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save(
    root: Path,
    *,
    name: str,
    files: Mapping[str, bytes],
    schema: Mapping[str, Any],
    seed: int,
    params: Mapping[str, Any],
    data: str,
    metrics: Mapping[str, Any],
) -> Manifest:
    """Write an artefact atomically (a temporary directory renamed into place) and return its manifest.

    ``files`` maps plain file names (no directories) to their bytes. Saving the same version
    again replaces it, so retraining with the same data and parameters is idempotent.
    """
    for file_name in files:
        if (
            file_name == MANIFEST
            or "/" in file_name
            or "\\" in file_name
            or file_name in {"", ".", ".."}
        ):
            raise ArtefactError(f"{file_name!r} cannot be an artefact file name.")
    version = version_of(data, params, schema)
    target = root / name / version
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=target.parent))
    try:
        hashes: dict[str, str] = {}
        for file_name, payload in sorted(files.items()):
            (staging / file_name).write_bytes(payload)
            hashes[file_name] = hashlib.sha256(payload).hexdigest()
        manifest = Manifest(
            name=name,
            version=version,
            schema=dict(schema),
            seed=seed,
            params=dict(params),
            data_hash=data,
            metrics=dict(metrics),
            files=hashes,
            created_at=SystemClock().now().isoformat(timespec="seconds"),
        )
        (staging / MANIFEST).write_text(
            json.dumps(asdict(manifest), indent=2, sort_keys=True, default=str) + "\n"
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def versions(root: Path, name: str) -> list[Manifest]:
    """Every readable artefact of ``name`` under ``root``, newest first."""
    found: list[Manifest] = []
    base = root / name
    if not base.is_dir():
        return found
    for child in base.iterdir():
        path = child / MANIFEST
        if child.name.startswith(".") or not path.is_file():
            continue
        try:
            found.append(Manifest.from_dict(json.loads(path.read_text())))
        except (ArtefactError, ValueError):
            continue
    return sorted(found, key=lambda m: (m.created_at, m.version), reverse=True)


@dataclass(frozen=True)
class Artefact:
    """A verified artefact on disk: its manifest and the directory holding its files."""

    manifest: Manifest
    path: Path

    def file(self, name: str) -> Path:
        if name not in self.manifest.files:
            raise ArtefactError(f"The {self.manifest.name} artefact has no file {name!r}.")
        return self.path / name


def load(
    root: Path,
    name: str,
    *,
    schema: Mapping[str, Any],
    version: str | None = None,
) -> Artefact:
    """Find, verify and return an artefact; the newest when no version is given.

    Refuses (``ArtefactError``, saying what to do) an artefact whose schema differs from the
    caller's, whose manifest format is unknown, or whose files do not match their hashes.
    """
    if version is None:
        candidates = versions(root, name)
        if not candidates:
            raise ArtefactError(
                f"No {name} model under {root}. Train one with `fitcoach ml train {name}`."
            )
        version = candidates[0].version
    path = root / name / version
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise ArtefactError(f"No {name} model version {version} under {root}.")
    try:
        manifest = Manifest.from_dict(json.loads(manifest_path.read_text()))
    except ValueError as exc:
        raise ArtefactError(f"The {name} manifest is not valid JSON ({exc}).") from exc
    if manifest.format != FORMAT:
        raise ArtefactError(
            f"The {name} model uses manifest format {manifest.format}; this fitcoach reads "
            f"{FORMAT}. Retrain it with `fitcoach ml train {name}`."
        )
    if manifest.name != name or manifest.version != version:
        raise ArtefactError(f"The manifest in {path} describes {manifest.name} {manifest.version}.")
    if _canonical(manifest.schema) != _canonical(dict(schema)):
        raise ArtefactError(
            f"The {name} model {version} was trained on another schema "
            f"({manifest.schema.get('version', '?')}, expected {schema.get('version', '?')}). "
            f"Retrain it with `fitcoach ml train {name}`."
        )
    for file_name, expected in manifest.files.items():
        file_path = path / file_name
        if not file_path.is_file():
            raise ArtefactError(f"The {name} model {version} is missing {file_name}.")
        if _sha256(file_path) != expected:
            raise ArtefactError(
                f"The {name} model {version}: {file_name} does not match its manifest "
                "(changed or damaged on disk). Retrain it."
            )
    return Artefact(manifest=manifest, path=path)


def replace_metrics(artefact: Artefact, metrics: Mapping[str, Any]) -> Manifest:
    """Store ``metrics`` in place of the artefact's (an evaluation rerun on more data, e.g.
    more simulated athletes): the files, the version and what made the model are kept; the
    manifest is rewritten atomically. The caller loaded ``artefact`` (so it was verified)."""
    manifest = replace(artefact.manifest, metrics=dict(metrics))
    path = artefact.path / MANIFEST
    staging = path.with_name(f".{MANIFEST}.tmp")
    staging.write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True, default=str) + "\n")
    os.replace(staging, path)
    return manifest
