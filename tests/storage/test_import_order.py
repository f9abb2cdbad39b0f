"""Every storage module can be the first fitcoach module a process imports.

A worker or command that starts from, say, ``fitcoach.storage.access`` must not meet a
circular import that the test process (which imported everything long before) never sees:
``storage.models`` imports ``storage.versions`` at its end, and a module that both imports
(``access``) once crashed the frame consumer's process at start.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import fitcoach.storage

# Alembic's scripts run only inside a migration context.
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(fitcoach.storage.__path__, "fitcoach.storage.")
    if ".migrations" not in m.name
)

# Each module imported first, in a fresh interpreter: fitcoach's modules are dropped between
# imports, so each one starts the import chain as a process would. The collector is off (the
# dropped modules' cycles only cost time to walk, some 2 s of CPU in all) and the interpreter
# leaves without freeing each copy of the models (os._exit, once the result is out).
PROBE = """
import gc, importlib, os, sys, traceback
gc.disable()
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "fitcoach" or m.startswith("fitcoach.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc().splitlines()[-1])
print("\\n".join(failed), flush=True)
os._exit(1 if failed else 0)
"""


def test_each_storage_module_imports_first_in_a_fresh_process() -> None:
    assert "fitcoach.storage.access" in MODULES
    assert "fitcoach.storage.versions" in MODULES
    # Two interpreters side by side, each with every other module (they share nothing).
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(_probe, (MODULES[0::2], MODULES[1::2])))
    for done in runs:
        assert done.returncode == 0, done.stdout + done.stderr[-2000:]


def _probe(modules: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, timeout=120
    )
