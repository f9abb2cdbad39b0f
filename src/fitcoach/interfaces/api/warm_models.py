"""Load the models a server answers with before anyone asks: the food-photo model, the chat's
intent fallback (the distilled student, or the embedding model) and the form-check model.

Each loads on first use, and the first food photo waited for it (the backbone's weights and
torch's first pass: about 9 s of an 11 s answer on a loaded two-core machine, the second
photo 1.8 s). ``fitcoach serve`` starts ``start`` once the app has started: one daemon thread
that loads each model and runs it once on a blank input, while the server already answers
(the health check and the first requests never wait for it). A model that cannot load (no
``ml`` extra, no trained artefact) is left as it was: the request that needs it says why, as
before. Nothing personal is read or logged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog

from fitcoach.core.settings import Settings

log = structlog.get_logger(__name__)

THREAD_NAME = "fitcoach-warm-models"
_SAMPLE = "how should I warm up"  # an ordinary message: the intent model's first pass


def _food(models: Path) -> None:
    from PIL import Image

    from fitcoach.ml import food

    model = food.cached(str(models))  # the key ``food_photo.suggest`` reads it under
    model.classify_image(Image.new("RGB", (food.INPUT_SIZE, food.INPUT_SIZE), "white"))


def _form(models: Path) -> None:
    from fitcoach.ml import form

    form.cached(str(models))  # the key ``form.assess`` reads it under


def _intents(fallback: Any) -> Callable[[Path], None] | None:
    warm_it = getattr(fallback, "warm", None)  # the fine-tuned student (student_runtime)
    if callable(warm_it):
        return lambda _models: warm_it()
    guess = getattr(fallback, "guess", None)
    if guess is None:
        return None
    return lambda _models: guess(_SAMPLE)


def warm(settings: Settings, intents: Any = None) -> dict[str, str]:
    """Load and run each model once; per model, ``loaded in N s`` or why it was not (the
    server goes on without it). ``intents``: the app's intent fallback, when it has one."""
    steps: dict[str, Callable[[Path], None]] = {}
    chat = _intents(intents)
    if chat is not None:  # first: every chat message reads it, a photo is rarer
        steps["chat intents"] = chat
    steps |= {"food photo": _food, "form check": _form}
    done: dict[str, str] = {}
    for name, step in steps.items():
        started = time.perf_counter()
        try:
            step(settings.models_path)
        except Exception as exc:  # a model that cannot load must not stop the server
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            done[name] = f"not loaded: {reason}"
        else:
            done[name] = f"loaded in {time.perf_counter() - started:.1f} s"
    log.info("models_warmed", **{k.replace(" ", "_"): v for k, v in done.items()})
    return done


def start(settings: Settings, intents: Any = None) -> threading.Thread:
    """``warm`` in a daemon thread of its own, started now."""
    thread = threading.Thread(target=warm, args=(settings, intents), name=THREAD_NAME, daemon=True)
    thread.start()
    return thread
