"""The real server under a burst of writes: more concurrent writers than worker threads.

Before the write gate, writers waiting for SQLite's lock held all 40 worker threads while the
lock's holder waited for a thread to serialise its response: every request stalled until the
30 s lock timeout and most answered 500.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from tests.web.conftest import Live

from fitcoach.core.domain import TokenScope
from fitcoach.services import accounts, plans

WRITERS = 50  # more than anyio's 40 worker threads


def test_a_burst_of_plan_writes_all_succeed_with_one_plan_in_force(live: Live) -> None:
    for ctx in live.context():
        account = accounts.account_for(ctx, live.email)
        token = accounts.create_token(ctx, account.id, scope=TokenScope.write, name="burst").secret
        before = len(plans.versions(ctx, live.athlete_id))

    async def burst() -> list[int]:
        headers = {"Authorization": f"Bearer {token}"}
        limits = httpx.Limits(max_connections=WRITERS)
        async with httpx.AsyncClient(
            base_url=live.url, headers=headers, limits=limits, timeout=120
        ) as client:

            async def generate(seed: int) -> int:
                url = f"/api/v1/athletes/{live.athlete_id}/plan"
                response = await client.post(url, json={"seed": seed, "weeks": 4})
                return response.status_code

            return await asyncio.gather(*(generate(seed) for seed in range(WRITERS)))

    # In a thread of its own: a browser test in this worker may have left Playwright's event
    # loop running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        statuses = pool.submit(asyncio.run, burst()).result()
    assert statuses == [201] * WRITERS
    for ctx in live.context():
        stored = plans.versions(ctx, live.athlete_id)
        assert len(stored) == before + WRITERS
        assert len({v.version for v in stored}) == len(stored)
        assert [v.status for v in stored].count("active") == 1
