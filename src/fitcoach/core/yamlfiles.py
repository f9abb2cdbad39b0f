"""YAML reading with libyaml's C parser when PyYAML was built with it.

The pure-Python parser takes seconds for the exercise library on a busy machine; the C one
is about ten times faster and accepts the same documents (safe subset only).
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse ``text`` with the safe loader (no arbitrary objects), C-accelerated if available."""
    return yaml.load(text, Loader=_Loader)
