"""Coaching rules as validated data (YAML) with their loaders.

Each rule file has a pydantic model; ``parse`` validates a parsed document and reports every
problem with the file and the field, ``shipped`` reads a file that comes with the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fitcoach.core.errors import InvalidInput, invalid_from
from fitcoach.core.yamlfiles import load_cached_yaml, load_yaml

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: Any, where: str) -> M:
    """Validate a parsed rule document; errors name the file and the field."""
    if not isinstance(data, dict):
        raise InvalidInput(f"{where}: expected a mapping of rules at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = invalid_from(exc, prefix=f"{where}: ")
        raise InvalidInput(error.message + " (fix the rule file)", details=error.details) from None


def read(model: type[M], path: Path) -> M:
    """Rules from a file on disk (to try changed rules before shipping them)."""
    return parse(model, load_yaml(path.read_text(encoding="utf-8")), str(path))


def shipped(model: type[M], filename: str) -> M:
    """Rules from a file shipped in this package (callers cache the result)."""
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return parse(model, load_cached_yaml(text), filename)
