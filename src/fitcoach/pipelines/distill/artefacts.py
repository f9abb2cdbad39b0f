"""Stage artefacts versioned by content hash, and the manifest that names the current ones.

A stage writes its records as JSON lines to ``<workdir>/artefacts/<stage>-<hash12>.jsonl``
(the hash is the SHA-256 of the file's bytes), then records it in ``<workdir>/manifest.json``
with its record count, the hashes of the inputs it was made from, the configuration and the
wall time. Older versions stay on disk, so the monitoring report can compare two versions of
the same stage. Reading a stage verifies its hash against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcoach.core.errors import FitcoachError

MANIFEST = "manifest.json"


class PipelineError(FitcoachError):
    """A stage's input is missing, damaged or from another run."""

    status_code = 409
    code = "distill_pipeline"


@dataclass(frozen=True)
class StageRecord:
    """What the manifest says about one stage's current output."""

    stage: str
    path: str  # relative to the work directory
    sha256: str
    count: int
    inputs: dict[str, str]
    config: dict[str, Any]
    seconds: float
    history: tuple[str, ...] = ()  # earlier versions' paths, oldest first


def _dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)


def read_manifest(workdir: Path) -> dict[str, Any]:
    path = workdir / MANIFEST
    if not path.is_file():
        return {"stages": {}}
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _write_manifest(workdir: Path, manifest: Mapping[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=workdir)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True, default=str)
        handle.write("\n")
    os.replace(tmp, workdir / MANIFEST)


def write_stage(
    workdir: Path,
    stage: str,
    records: Iterable[Mapping[str, Any]],
    *,
    inputs: Mapping[str, str],
    config: Mapping[str, Any],
    seconds: float,
) -> StageRecord:
    """Write a stage's records (one JSON object per line) and record them in the manifest."""
    lines = [_dumps(r) for r in records]
    payload = ("\n".join(lines) + "\n" if lines else "").encode("utf-8")
    digest = hashlib.sha256(payload).hexdigest()
    folder = workdir / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"artefacts/{stage}-{digest[:12]}.jsonl"
    target = workdir / relative
    if not target.exists():
        fd, tmp = tempfile.mkstemp(prefix=f".{stage}-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    manifest = read_manifest(workdir)
    previous = manifest["stages"].get(stage)
    history: list[str] = list(previous.get("history", [])) if previous else []
    if previous and previous["path"] != relative:
        history.append(previous["path"])
    entry = StageRecord(
        stage, relative, digest, len(lines), dict(inputs), dict(config), round(seconds, 3),
        tuple(history),
    )  # fmt: skip
    manifest["stages"][stage] = {
        "path": entry.path,
        "sha256": entry.sha256,
        "count": entry.count,
        "inputs": entry.inputs,
        "config": entry.config,
        "seconds": entry.seconds,
        "history": list(entry.history),
    }
    _write_manifest(workdir, manifest)
    return entry


def write_report(workdir: Path, name: str, report: Mapping[str, Any]) -> Path:
    """A JSON report beside the artefacts (``<workdir>/reports/<name>.json``)."""
    folder = workdir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
    return path


def stage_hash(workdir: Path, stage: str) -> str:
    entry = read_manifest(workdir)["stages"].get(stage)
    if entry is None:
        raise PipelineError(
            f"No {stage} output in {workdir}. Run `fitcoach distill {stage} --workdir {workdir}` "
            "first."
        )
    return str(entry["sha256"])


def _read_path(workdir: Path, relative: str, expected: str | None) -> list[dict[str, Any]]:
    path = workdir / relative
    if not path.is_file():
        raise PipelineError(f"{path} is missing; rerun its stage.")
    payload = path.read_bytes()
    if expected is not None and hashlib.sha256(payload).hexdigest() != expected:
        raise PipelineError(f"{path} does not match its manifest hash (changed on disk); rerun.")
    return [json.loads(line) for line in payload.decode("utf-8").splitlines() if line]


def read_stage(workdir: Path, stage: str) -> list[dict[str, Any]]:
    """A stage's current records, verified against the manifest's hash."""
    stage_hash(workdir, stage)
    entry = read_manifest(workdir)["stages"][stage]
    return _read_path(workdir, str(entry["path"]), str(entry["sha256"]))


def read_previous(workdir: Path, stage: str) -> list[dict[str, Any]] | None:
    """The version of a stage before the current one (None when there is none)."""
    entry = read_manifest(workdir)["stages"].get(stage)
    if not entry or not entry.get("history"):
        return None
    return _read_path(workdir, str(entry["history"][-1]), None)
