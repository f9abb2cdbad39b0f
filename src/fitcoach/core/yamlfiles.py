"""YAML reading with libyaml's C parser when PyYAML was built with it, and a cache of the
parsed documents shipped with the package.

The pure-Python parser takes seconds for the exercise library on a busy machine; the C one
is about ten times faster and accepts the same documents (safe subset only). Even so, PyYAML
builds the Python objects in Python (resolver, constructor): most of the server's warm-up. So
``load_cached_yaml`` keeps each parsed document as JSON in the user's cache directory
(``core.settings.user_cache_dir``), keyed by the SHA-256 of the YAML text and
``CACHE_FORMAT``: a later process reads it with the C JSON parser, and PyYAML is not even
imported. A cache that cannot be read or written, or holds anything unexpected, only means
parsing the YAML again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from fitcoach.core.settings import user_cache_dir

# Bump when what a cache file holds changes meaning; old files are then never read again.
CACHE_FORMAT = 1
# A mapping with keys JSON objects cannot have (``{3: [...]}``: the days-per-week layouts of
# planning.yaml) is stored as ``{_PAIRS: [[key, value], ...]}``.
_PAIRS = "\x00pairs"


@cache
def _loader() -> Any:
    import yaml  # not needed when every document comes from the cache

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse ``text`` with the safe loader (no arbitrary objects), C-accelerated if available."""
    import yaml

    return yaml.load(text, Loader=_loader())


def load_cached_yaml(text: str) -> Any:
    """``load_yaml(text)``, from the cache when this exact text was parsed before (by any
    process of this user). For the documents shipped with the package: each distinct text
    leaves a file in the cache. A document JSON cannot hold exactly (dates, keys that are not
    strings) is parsed every time, so the result is always what ``load_yaml`` returns."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        path = user_cache_dir() / "yaml" / f"{key}.json"
    except RuntimeError:  # no home directory (Path.home) and no cache directory set
        return load_yaml(text)
    cached = _read(path, key)
    if cached is not None:
        return cached[0]
    data = load_yaml(text)
    _write(path, key, data)
    return data


def _read(path: Path, key: str) -> tuple[Any] | None:
    """The cached document (in a 1-tuple: ``None`` is a document too), or ``None`` when there
    is no usable entry."""
    try:
        entry = json.loads(path.read_bytes(), object_hook=_decode_pairs)
    except (OSError, ValueError, TypeError):  # missing, unreadable, not JSON, bad pairs
        return None
    if (
        isinstance(entry, dict)
        and entry.get("format") == CACHE_FORMAT
        and entry.get("sha256") == key
        and "document" in entry
    ):
        return (entry["document"],)
    return None


def _write(path: Path, key: str, data: Any) -> None:
    """Store ``data`` if JSON gives it back exactly; atomically (a temporary file renamed),
    so that processes starting together never read a half-written entry."""
    try:
        document = _encode_pairs(data)
        encoded = json.dumps({"format": CACHE_FORMAT, "sha256": key, "document": document})
    except (TypeError, ValueError):  # a date, a set: JSON cannot keep it
        return
    if json.loads(encoded, object_hook=_decode_pairs)["document"] != data:  # or a _PAIRS key
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(encoded)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:  # read-only home, full disk: parse again next time
        return


def _encode_pairs(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode_pairs(v) for k, v in value.items()}
        return {_PAIRS: [[k, _encode_pairs(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode_pairs(v) for v in value]
    return value


def _decode_pairs(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _PAIRS in obj:
        return dict(obj[_PAIRS])
    return obj
