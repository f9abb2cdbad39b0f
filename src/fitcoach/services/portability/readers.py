"""Reading an export: one JSON file, a directory of CSV and JSON files, or a zip of one.

Broken files raise ``InvalidInput`` naming the file, line and column; the values themselves
are checked by the importer. Versions 1, 2, 3 and 4 are read. What is read is bounded
(``ReadLimits``): the JSON file, or the files of a directory or zip together, may be at most
``max_file_bytes`` (a zip member is refused before it is unpacked when its own figures say
more, and as soon as it unpacks to more), and the records at most ``max_records``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.ingest.files.limits import ZIP_READ_ERRORS, ReadLimits, ZipBudget
from fitcoach.services.portability.csvio import decode, parse_csv
from fitcoach.services.portability.format import (
    ATHLETE_FILE,
    COLUMNS,
    COUNTED_BY_VERSION,
    COUNTED_V1,
    CSV_FILES,
    FLAT_KINDS,
    FORMAT,
    JSON_FILES,
    MANIFEST,
    RECORD_KINDS,
    V4_KINDS,
    VERSIONS,
    WAVEFORM_DIR,
    WAVEFORM_INDEX,
    WAVEFORMS,
    Chunk,
    ExportDocument,
    Origin,
    WaveformTrack,
)

_V1_FILES = COUNTED_V1  # version 1 has a CSV file for each kind it counts


def check_header(doc: Any, where: str) -> int:
    """The document's format version, or ``InvalidInput`` when it is not a fitcoach export
    of a version this fitcoach reads."""
    if not isinstance(doc, Mapping):
        raise InvalidInput(f"{where}: a fitcoach export is a JSON object, not {type(doc).__name__}")
    if doc.get("format") != FORMAT:
        raise InvalidInput(
            f"{where}: format is {doc.get('format')!r}, not {FORMAT!r}; "
            "this is not a fitcoach export (see docs/data-format.md)"
        )
    version = doc.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise InvalidInput(
            f"{where}: export format version {version!r} is not supported; this fitcoach reads "
            f"versions {', '.join(map(str, VERSIONS[:-1]))} and {VERSIONS[-1]} (a newer export "
            "needs a newer fitcoach)"
        )
    return int(version)


def load_json(name: str, data: bytes) -> Any:
    """A JSON file's value, or ``InvalidInput`` with the line and column of the problem."""
    try:
        return json.loads(decode(name, data))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name} line {exc.lineno} column {exc.colno}: {exc.msg} (is the file complete?)"
        ) from None


class _Tree:
    """The files of a CSV export, from a directory or a zip (optionally in one folder);
    names are relative (``waveforms/0001-ecg.csv``)."""

    def __init__(self, label: str, files: dict[str, Callable[[], bytes]]) -> None:
        self.label = label
        self.files = files

    def read(self, name: str) -> bytes | None:
        reader = self.files.get(name)
        return None if reader is None else reader()


def _tree_from_dir(path: Path, limits: ReadLimits) -> _Tree:
    paths = {p.name: p for p in path.iterdir() if p.is_file()}
    waveforms = path / WAVEFORM_DIR
    if waveforms.is_dir():
        paths.update({f"{WAVEFORM_DIR}/{p.name}": p for p in waveforms.iterdir() if p.is_file()})
    # Every file of the folder counts, read or not: the sizes are known without reading.
    limits.check_file(sum(p.stat().st_size for p in paths.values()), f"the export {path.name}")
    files: dict[str, Callable[[], bytes]] = {name: p.read_bytes for name, p in paths.items()}
    return _Tree(str(path), files)


def _tree_from_zip(path: Path, archive: zipfile.ZipFile, limits: ReadLimits, label: str) -> _Tree:
    names = [n for n in archive.namelist() if not n.endswith("/")]
    prefix = ""
    if MANIFEST not in names:
        nested = [n for n in names if n.endswith("/" + MANIFEST) and not n.startswith("__MACOSX")]
        if len(nested) == 1:
            prefix = nested[0][: -len(MANIFEST)]

    # The members read share one budget, each refused before it is unpacked when the zip's
    # own figures are over it, and as soon as it unpacks to more (``ZipBudget``).
    budget = ZipBudget(limits, label)

    def reader(member: str) -> Callable[[], bytes]:
        def read() -> bytes:
            try:
                return budget.read(archive, archive.getinfo(member))
            except ZIP_READ_ERRORS as exc:
                raise InvalidInput(
                    f"{label}: {member} cannot be read from the zip ({exc}); "
                    "the archive is damaged, export again"
                ) from None

        return read

    def wanted(relative: str) -> bool:
        parts = relative.split("/")
        return len(parts) == 1 or (len(parts) == 2 and parts[0] == WAVEFORM_DIR)

    files = {
        n[len(prefix) :]: reader(n)
        for n in names
        if n.startswith(prefix) and wanted(n[len(prefix) :])
    }
    return _Tree(label, files)


def _manifest(tree: _Tree) -> tuple[int, dict[str, Any]]:
    raw_manifest = tree.read(MANIFEST)
    if raw_manifest is None:
        raise InvalidInput(
            f"{tree.label}: {MANIFEST} is missing; a CSV export holds {MANIFEST}, "
            f"{ATHLETE_FILE} and the CSV files (see docs/data-format.md)"
        )
    manifest = load_json(MANIFEST, raw_manifest)
    version = check_header(manifest, MANIFEST)
    extra = sorted(set(manifest) - {"format", "version", "exported_at", "counts"})
    if extra:
        raise InvalidInput(f"{MANIFEST}: unknown key(s) {', '.join(extra)}")
    counted = (*COUNTED_BY_VERSION[version], *((WAVEFORMS,) if version >= 2 else ()))
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(
        k in counted and isinstance(v, int) and not isinstance(v, bool) for k, v in counts.items()
    ):
        raise InvalidInput(
            f"{MANIFEST}: counts must map {', '.join(counted)} to whole numbers of records"
        )
    return version, manifest


def _csv_kinds(version: int) -> tuple[str, ...]:
    """The kinds with a CSV file in a version's file forms."""
    if version == 1:
        return _V1_FILES
    return (*_V1_FILES, *FLAT_KINDS, *(V4_KINDS if version >= 4 else ()))


def _expected_files(version: int) -> set[str]:
    csv_kinds = _csv_kinds(version)
    names = {MANIFEST, ATHLETE_FILE, *(CSV_FILES[k] for k in csv_kinds)}
    if version >= 2:
        names |= {*JSON_FILES.values(), WAVEFORM_INDEX}
    return names


def _count_mismatch(name: str, found: int, counts: Mapping[str, Any], kind: str) -> None:
    if kind in counts and counts[kind] != found:
        raise InvalidInput(
            f"{name} has {found} record(s) but {MANIFEST} counts {counts[kind]}; the export "
            "is incomplete or was edited (export again, or fix the counts)"
        )


def _read_tree(tree: _Tree) -> ExportDocument:
    version, manifest = _manifest(tree)
    counts = manifest.get("counts", {})
    expected = _expected_files(version)
    strays = sorted(
        n
        for n in tree.files
        if "/" not in n
        and n not in expected
        and n.endswith((".csv", ".json"))
        and not n.startswith(".")
    )
    if strays:
        raise InvalidInput(
            f"{tree.label}: unknown file(s) {', '.join(strays)}; "
            f"a version {version} export holds {', '.join(sorted(expected))}"
        )
    doc: dict[str, Any] = {"format": FORMAT, "version": version}
    if "exported_at" in manifest:
        doc["exported_at"] = manifest["exported_at"]
    raw_athlete = tree.read(ATHLETE_FILE)
    if raw_athlete is not None:
        doc["athlete"] = load_json(ATHLETE_FILE, raw_athlete)
    csv_kinds = _csv_kinds(version)
    parsed: dict[str, tuple[list[dict[str, Any]], list[Origin]]] = {}
    for kind in csv_kinds:
        name = CSV_FILES[kind]
        raw = tree.read(name)
        if raw is None:
            if counts.get(kind):
                raise InvalidInput(
                    f"{tree.label}: {name} is missing but {MANIFEST} counts "
                    f"{counts[kind]} record(s); the export is incomplete"
                )
            parsed[kind] = ([], [])
            continue
        parsed[kind] = parse_csv(name, raw, COLUMNS[kind])
        _count_mismatch(name, len(parsed[kind][0]), counts, kind)
    record_kinds = (
        RECORD_KINDS
        if version == 1
        else (*RECORD_KINDS, *FLAT_KINDS, *(V4_KINDS if version >= 4 else ()))
    )
    origins = {kind: parsed[kind][1] for kind in record_kinds}
    for kind in record_kinds:
        doc[kind] = parsed[kind][0]
    doc["workouts"], set_origins = _attach_sets(parsed["workouts"], parsed["sets"])
    files: dict[str, str] = {}
    waveforms: list[WaveformTrack] = []
    if version >= 2:
        for kind, name in JSON_FILES.items():
            raw = tree.read(name)
            if raw is None:
                if counts.get(kind):
                    raise InvalidInput(
                        f"{tree.label}: {name} is missing but {MANIFEST} counts "
                        f"{counts[kind]} record(s); the export is incomplete"
                    )
                continue
            doc[kind] = load_json(name, raw)
            files[kind] = name
            if isinstance(doc[kind], list):
                _count_mismatch(name, len(doc[kind]), counts, kind)
        if "messages" in counts and isinstance(doc.get("conversations"), list):
            found = sum(
                len(c.get("messages") or []) if isinstance(c, dict) else 0
                for c in doc["conversations"]
            )
            _count_mismatch(JSON_FILES["conversations"], found, counts, "messages")
        waveforms = _read_waveforms(tree, counts)
    return ExportDocument(
        doc,
        name=tree.label,
        origins=origins,
        set_origins=set_origins,
        files=files,
        waveforms=waveforms,
    )


def _attach_sets(
    workouts: tuple[list[dict[str, Any]], list[Origin]],
    sets: tuple[list[dict[str, Any]], list[Origin]],
) -> tuple[list[dict[str, Any]], list[list[Origin]]]:
    """Put each row of sets.csv into its workout, ordered by position."""
    index: dict[tuple[Any, Any], int] = {}
    for i, (row, origin) in enumerate(zip(*workouts, strict=True)):
        key = (row.get("source"), row.get("source_id"))
        if None not in key and key in index:
            first = workouts[1][index[key]]
            raise InvalidInput(
                f"{origin.at('source_id')}: source {key[0]!r} and source_id {key[1]!r} repeat "
                f"line {first.line}; each workout needs its own"
            )
        index[key] = i
    grouped: list[dict[int, tuple[dict[str, Any], Origin]]] = [{} for _ in workouts[0]]
    for row, origin in zip(*sets, strict=True):
        for column in ("workout_source", "workout_source_id", "position"):
            if column not in row:
                raise InvalidInput(f"{origin.at(column)}: empty; every set names its workout")
        key = (row.pop("workout_source"), row.pop("workout_source_id"))
        position = row.pop("position")
        if key not in index:
            raise InvalidInput(
                f"{origin.at('workout_source_id')}: no workout with source {key[0]!r} and "
                f"source_id {key[1]!r} in workouts.csv"
            )
        slot = grouped[index[key]]
        if position in slot:
            raise InvalidInput(
                f"{origin.at('position')}: position {position} repeats line "
                f"{slot[position][1].line} of the same workout"
            )
        slot[position] = (row, origin)
    out: list[dict[str, Any]] = []
    set_origins: list[list[Origin]] = []
    for row, slot in zip(workouts[0], grouped, strict=True):
        ordered = [slot[p] for p in sorted(slot)]
        out.append({**row, "sets": [r for r, _ in ordered]})
        set_origins.append([o for _, o in ordered])
    return out, set_origins


# --------------------------------------------------------------------------------------------
# Raw waveforms (file forms only)


def _read_waveforms(tree: _Tree, counts: Mapping[str, Any]) -> list[WaveformTrack]:
    raw_index = tree.read(WAVEFORM_INDEX)
    files = sorted(n for n in tree.files if n.startswith(f"{WAVEFORM_DIR}/"))
    if raw_index is None:
        if counts.get(WAVEFORMS) or files:
            raise InvalidInput(
                f"{tree.label}: {WAVEFORM_INDEX} is missing but the export holds waveform "
                "files; it lists which recording and channel each file is"
            )
        return []
    rows, origins = parse_csv(WAVEFORM_INDEX, raw_index, COLUMNS["waveforms"])
    _count_mismatch(WAVEFORM_INDEX, len(rows), counts, WAVEFORMS)
    listed = {str(r["file"]) for r in rows}
    unlisted = [n for n in files if n not in listed]
    if unlisted:
        raise InvalidInput(
            f"{tree.label}: {', '.join(unlisted)} not listed in {WAVEFORM_INDEX}; each "
            "waveform file needs its line there"
        )
    tracks = []
    for row, origin in zip(rows, origins, strict=True):
        name = str(row["file"])
        data = tree.read(name) if name.startswith(f"{WAVEFORM_DIR}/") else None
        if data is None:
            raise InvalidInput(
                f"{origin.at('file')}: {name} is not in the export (waveform files lie in "
                f"{WAVEFORM_DIR}/)"
            )
        chunks = _parse_samples(name, data)
        for column, what in (("chunks", len(chunks)), ("samples", sum(len(c.samples) for c in chunks))):  # fmt: skip
            if column in row and row[column] != what:
                raise InvalidInput(
                    f"{origin.at(column)}: {row[column]} but {name} holds {what}; the export is "
                    "incomplete or was edited"
                )
        tracks.append(
            WaveformTrack(
                recording=str(row["recording"]),
                channel=str(row["channel"]),
                device=int(row["device"]),
                sample_rate_hz=float(row["sample_rate_hz"]),
                sample_width=int(row["sample_width"]),
                chunks=chunks,
                origin=origin,
            )
        )
    return tracks


def _parse_samples(name: str, data: bytes) -> list[Chunk]:
    """The frames of a waveform file: consecutive lines with the same ``seq`` are one frame
    (its ``t_device_us`` and ``flags`` repeated on each line). A fast path for long files: the
    cells are whole numbers, read without the generic record parser."""
    reader = csv.reader(io.StringIO(decode(name, data), newline=""), strict=True)
    columns = {c.name: c for c in COLUMNS["samples"]}
    try:
        header = tuple(h.strip() for h in next(reader))
    except StopIteration:
        raise InvalidInput(f"{name} is empty; it needs its header line") from None
    except csv.Error as exc:
        raise InvalidInput(f"{name} line 1: {exc}") from None
    unknown = [h for h in header if h not in columns]
    missing = [c for c, col in columns.items() if col.required and c not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise InvalidInput(
            f"{name} line 1: the columns of a waveform file are {', '.join(columns)} "
            f"(seq, t_device_us and value required), not {', '.join(header)}"
        )
    where = {c: header.index(c) for c in header}
    chunks: list[Chunk] = []
    seen: set[int] = set()
    line = 1
    try:
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(header):
                raise InvalidInput(
                    f"{name} line {line}: {len(cells)} values but the header has "
                    f"{len(header)} columns (a truncated file?)"
                )
            values = {}
            for column, index in where.items():
                text = cells[index]
                if text == "" and column == "flags":
                    values[column] = 0
                    continue
                try:
                    values[column] = int(text)
                except ValueError:
                    raise InvalidInput(
                        f"{name} line {line}, column {index + 1} ({column}): {text!r} is not a "
                        "whole number"
                    ) from None
            seq = values["seq"]
            current = chunks[-1] if chunks else None
            if current is not None and current.seq == seq:
                if values["t_device_us"] != current.t_device_us:
                    raise InvalidInput(
                        f"{name} line {line}, column {where['t_device_us'] + 1} (t_device_us): "
                        f"frame {seq} started at {current.t_device_us} on line "
                        f"{current.origin.line}; every sample of a frame repeats its start"
                    )
                current.samples.append(values["value"])
                continue
            if seq in seen:
                raise InvalidInput(
                    f"{name} line {line}, column {where['seq'] + 1} (seq): frame {seq} appears "
                    "twice; a frame's samples are on consecutive lines"
                )
            seen.add(seq)
            chunks.append(
                Chunk(
                    seq=seq,
                    t_device_us=values["t_device_us"],
                    flags=values.get("flags", 0),
                    samples=[values["value"]],
                    origin=Origin(name, line, header),
                )
            )
    except csv.Error as exc:
        raise InvalidInput(f"{name} line {line + 1}: {exc} (the file looks truncated)") from None
    return chunks


def read_export(
    path: Path | str, limits: ReadLimits | None = None, *, name: str | None = None
) -> ExportDocument:
    """Read a JSON export, a CSV directory or a zip of one into the export document shape,
    within ``limits`` (``FileTooLarge`` past one, before or as soon as it is read).

    Broken files raise ``InvalidInput`` naming the file (``name``, else the path's), line and
    column; the values themselves are checked by ``import_document``.
    """
    limits = limits or ReadLimits()
    path = Path(path)
    label = name or path.name
    if path.is_dir():
        doc = _read_tree(_tree_from_dir(path, limits))
        limits.check_records(count_records(doc), f"the export {path.name}")
        return doc
    if not path.exists():
        raise NotFound(
            f"{path} does not exist; give an export file (.json or .zip) or a CSV directory"
        )
    try:
        with path.open("rb") as handle:
            zipped = path.suffix.lower() == ".zip" or handle.read(4) == b"PK\x03\x04"
        if zipped:
            with zipfile.ZipFile(path) as archive:
                doc = _read_tree(_tree_from_zip(path, archive, limits, label))
        else:
            limits.check_file(path.stat().st_size, label)
            loaded = load_json(label, path.read_bytes())
            check_header(loaded, label)
            doc = ExportDocument(loaded, name=label)
    except zipfile.BadZipFile as exc:
        raise InvalidInput(
            f"{label} is not a readable zip archive ({exc}); "
            "export again as a zip, or give the JSON file or CSV directory"
        ) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {label}: {exc.strerror}") from None
    limits.check_records(count_records(doc), f"the export {label}")
    return doc


def count_records(doc: Mapping[str, Any]) -> int:
    """The records of an export document: every list of records in it, a workout's sets and a
    conversation's messages included (what an import's record limit counts)."""
    found = 0
    for value in doc.values():
        if not isinstance(value, list):
            continue
        found += len(value)
        for item in value:
            if isinstance(item, Mapping):
                for inner in ("sets", "messages"):
                    nested = item.get(inner)
                    if isinstance(nested, list):
                        found += len(nested)
    if isinstance(doc, ExportDocument):
        found += sum(len(track.chunks) for track in doc.waveforms)
    return found
