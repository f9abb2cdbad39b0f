"""What the warm-process tests share: the console script run as ``python -c`` and a poll."""

from __future__ import annotations

import time
from collections.abc import Callable

# The console script (``fitcoach.launcher:main``) in a fresh interpreter.
LAUNCH = (
    "import sys; from fitcoach.launcher import main; sys.argv[0] = 'fitcoach'; sys.exit(main())"
)


def until(condition: Callable[[], bool], timeout_s: float = 90.0) -> bool:
    """Whether ``condition`` held within ``timeout_s``, polled every 0.1 s."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
