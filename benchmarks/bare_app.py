"""The API benchmark's baseline: a bare FastAPI app with one synchronous ``GET /ping``.

Served by the same ``uvicorn.run`` options as ``fitcoach serve`` (``bench_api.py``); a module
of its own so that uvicorn can import it in every worker process.
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> dict[str, str]:
    """A worker thread's round trip, as fitcoach's synchronous handlers make, and nothing
    else."""
    return {"status": "ok"}
