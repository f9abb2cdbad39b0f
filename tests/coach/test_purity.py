"""The coach decides from what it is given: importing it loads no database layer."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_whole_coach_loads_no_storage_or_sqlalchemy() -> None:
    """Its shared words (roles, consent purposes) live in ``core.domain``, not in ORM modules
    (importing those registers SQLAlchemy's session listeners too)."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import fitcoach.coach as coach\n"
        "for m in pkgutil.walk_packages(coach.__path__, 'fitcoach.coach.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] == 'sqlalchemy'\n"
        "             or k.startswith('fitcoach.storage'))[:5])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stdout
