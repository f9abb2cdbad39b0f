"""Start-up cost of the API: building the app (``create_app``, what ``fitcoach serve`` does
before it answers) imports none of the scientific stack, nor does its start-up (the lifespan);
the app imports what the analysis defers (``DEFERRED_IMPORTS``) in a thread after its first
answer, so the later requests that need it do not wait.

Each check runs in a fresh interpreter: this test process has imported everything already.
A failure of the first test means a module the app imports got a heavy import at module level:
move it into the function that uses it (type-only imports under ``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fitcoach.interfaces.api.app import DEFERRED_IMPORTS

# Not needed to answer /health. NeuroKit2 (with matplotlib and scikit-learn) loads with the
# vitals worker and the signal analysis only; pandas and SciPy with the first analysis.
HEAVY = ("scipy", "pandas", "neurokit2", "matplotlib", "sklearn", "torch")
# Loaded on use too: Redis only with a RedisBus, ``limits`` with the first sign-in, the LLM and
# chat clients with their providers.
ON_USE = ("redis", "limits", "openai", "google", "telegram", "mcp", "playwright")
# Not needed either: PyYAML once the shipped documents are in the parsed-YAML cache
# (``core.yamlfiles``), the PostgreSQL dialect on SQLite (``repositories.bulk.upsert_insert``).
CACHED = ("yaml", "sqlalchemy.dialects.postgresql")

_SCRIPT = """
import gc, json, sys, threading
from fastapi.testclient import TestClient
from fitcoach.interfaces.api.app import create_app

watched = {watched!r}
app = create_app()
built = sorted(m for m in watched if m in sys.modules)
with TestClient(app) as client:  # the lifespan has run: the server would answer now
    ready = sorted(m for m in watched if m in sys.modules)
    ready += [t.name for t in threading.enumerate() if t.name == "fitcoach-load-deferred"]
    status = client.get("/health").status_code
    for thread in threading.enumerate():
        if thread.name == "fitcoach-load-deferred":
            thread.join(300)
started = sorted(m for m in {deferred!r} if m in sys.modules)
frozen = gc.get_freeze_count()  # create_app() without freeze_gc, as tests and embedders use it
print(json.dumps({{"built": built, "ready": ready, "status": status, "started": started,
                  "frozen": frozen}}))
"""

# Appended to each probe: every check is printed by then, and the interpreter's clean-up (about
# a second of CPU freeing the scientific stack's modules) would only add to the test's time.
# The two probes stay in their own tests, one after the other: under xdist the tests may run on
# different workers, where a probe started for the other test would be CPU spent for nothing.
_EXIT = "\nsys.stdout.flush()\nimport os\nos._exit(0)\n"


def _run(tmp_path: Path) -> dict[str, object]:
    code = _SCRIPT.format(watched=HEAVY + ON_USE + CACHED, deferred=DEFERRED_IMPORTS)
    env = {
        **os.environ,
        "FITCOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'fitcoach.db'}",
        "FITCOACH_DATA_DIR": str(tmp_path),
        "FITCOACH_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("FITCOACH_REDIS_URL", None)
    env.pop("FITCOACH_RATE_LIMIT_STORAGE_URI", None)
    # A server's second and later starts: an earlier process has filled the YAML cache.
    warm = "from fitcoach.coach.warmup import warm_up; warm_up()"
    subprocess.run([sys.executable, "-c", warm], check=True, timeout=300, env=env)
    result = subprocess.run(
        [sys.executable, "-c", code + _EXIT],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def test_the_app_starts_without_the_heavy_stacks_and_loads_the_deferred_after(
    tmp_path: Path,
) -> None:
    out = _run(tmp_path)
    assert out["built"] == [], f"create_app() now imports {out['built']}"
    assert out["ready"] == [], "the app loads the deferred imports before its first answer"
    assert out["status"] == 200
    assert out["started"] == sorted(DEFERRED_IMPORTS)
    assert out["frozen"] == 0


_FREEZE_SCRIPT = """
import gc, json, sys, threading
from fastapi.testclient import TestClient
from fitcoach.interfaces.api.app import create_app

out = {}
gc.disable()  # as `fitcoach serve` starts
app = create_app(freeze_gc=True)
out["built_enabled"] = gc.isenabled()
with TestClient(app) as client:
    out["ready"] = gc.get_freeze_count()
    out["ready_enabled"] = gc.isenabled()
    out["router_tracked"] = any(o is app.router for o in gc.get_objects())
    assert client.get("/health").status_code == 200
    for thread in threading.enumerate():
        if thread.name == "fitcoach-load-deferred":
            thread.join(300)
    import pandas
    out["pandas_tracked"] = any(o is pandas.DataFrame for o in gc.get_objects())
print(json.dumps(out))
"""


def test_the_server_app_freezes_what_start_up_leaves(tmp_path: Path) -> None:
    """With ``freeze_gc`` (what ``fitcoach serve`` builds) the objects of start-up, and then
    those of the deferred imports, leave the collector's generations (``gc.freeze``): full
    collections under load no longer walk them; a collector that ``fitcoach serve`` turned off
    for start-up is on again once it is frozen. Without it (tests, an embedded app) nothing
    is frozen."""
    env = {
        **os.environ,
        "FITCOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'fitcoach.db'}",
        "FITCOACH_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", _FREEZE_SCRIPT + _EXIT],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["ready"] > 0
    assert out["built_enabled"] is False
    assert out["ready_enabled"] is True
    assert out["router_tracked"] is False  # frozen: out of the collector's generations
    assert out["pandas_tracked"] is False  # and what the deferred imports made, later
