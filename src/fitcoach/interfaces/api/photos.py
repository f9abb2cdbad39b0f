"""Photos of meals, analysed off the event loop and a few at a time: what the API's
``POST .../meals/photo`` and the web page's share.

Decoding a phone photo and running the food model take a fraction of a second of CPU each
(the first, seconds: the model loads): on the event loop that would stall every other request
of the process, and in the handlers' threads several photos would take them all. So each runs
in a thread of its own limiter, at most ``food_photo_workers`` at once per process (more
wait their turn, holding no thread), which also bounds the memory photos take while decoded
(``food_photo_max_pixels`` each). Neither route takes a write slot: a suggestion stores
nothing (``deps.outside_write_slot``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

from fitcoach.core.settings import Settings
from fitcoach.services import food_photo

T = TypeVar("T")
_limiters: RunVar[WeakKeyDictionary[Any, CapacityLimiter]] = RunVar("fitcoach_photo_threads")


def photo_threads(app: Any) -> CapacityLimiter:
    """The limiter of ``app``'s photo analyses (one per event loop)."""
    try:
        limiters = _limiters.get()
    except LookupError:
        limiters = WeakKeyDictionary()
        _limiters.set(limiters)
    limiter = limiters.get(app)
    if limiter is None:
        settings: Settings = app.state.settings
        limiter = limiters[app] = CapacityLimiter(settings.food_photo_workers)
    return limiter


async def run(app: Any, work: Callable[[], T]) -> T:
    """``work()`` in one of ``app``'s photo threads (a page's photo request: its checks, the
    analysis and the page itself, so that photos never hold the handlers' threads)."""
    return await anyio.to_thread.run_sync(work, limiter=photo_threads(app))


async def suggest(app: Any, photo: bytes, portion: float) -> food_photo.PhotoSuggestion:
    """``food_photo.suggest`` for ``photo`` with the app's settings, in a photo thread."""
    settings: Settings = app.state.settings
    work = partial(
        food_photo.suggest,
        photo,
        portion=portion,
        model_dir=settings.models_path,
        settings=settings,
    )
    return await anyio.to_thread.run_sync(work, limiter=photo_threads(app))
