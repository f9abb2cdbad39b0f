"""`fitcoach bot`, `fitcoach athlete telegram-code`, and `serve`'s webhook composition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.interfaces.bot.conftest import TOKEN
from tests.interfaces.bot.fake_telegram import FakeTelegram
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.cli.bot import attach_webhook
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings, get_settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.bot import WEBHOOK_PATH
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

runner = CliRunner()


def test_bot_without_a_token_says_what_to_set(
    cli_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FITCOACH_TELEGRAM_BOT_TOKEN", raising=False)
    result = runner.invoke(app, ["bot"])
    assert result.exit_code == 2
    assert "FITCOACH_TELEGRAM_BOT_TOKEN is not set" in result.output
    assert "Example: FITCOACH_TELEGRAM_BOT_TOKEN" in runner.invoke(app, ["bot", "--help"]).output


def test_bot_refuses_polling_in_webhook_mode(cli_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FITCOACH_TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("FITCOACH_TELEGRAM_WEBHOOK_URL", "https://coach.example.org")
    get_settings.cache_clear()
    result = runner.invoke(app, ["bot"])
    assert result.exit_code == 2
    assert "webhook mode" in result.output


def test_telegram_code_from_the_command_line(cli_db: Path) -> None:
    created = runner.invoke(
        app, ["athlete", "create", "--name", "Kim", "--email", "kim@example.org"]
    )
    assert created.exit_code == 0, created.output
    result = runner.invoke(app, ["athlete", "telegram-code", "-a", "kim@example.org"])
    assert result.exit_code == 0, result.output
    code = re.search(r"code ([A-Z0-9]{8})", result.output)
    assert code, result.output
    engine = make_engine(f"sqlite:///{cli_db}")
    with unit_of_work(make_session_factory(engine)) as session:
        link = links.redeem(ServiceContext(session, Subject.system()), code.group(1), 42)
    engine.dispose()
    assert link.chat_id == 42


def test_serve_mounts_the_webhook_when_configured(cli_db: Path) -> None:
    fake = FakeTelegram(TOKEN).start()
    try:
        base = {
            "database_url": f"sqlite:///{cli_db}",
            "telegram_bot_token": TOKEN,
            "telegram_base_url": fake.base_url,
        }
        plain = create_app(Settings(_env_file=None, **base))  # type: ignore[call-arg]
        assert attach_webhook(plain, Settings(_env_file=None, **base)) is None  # type: ignore[call-arg]
        hooked = Settings(  # type: ignore[call-arg]
            _env_file=None, telegram_webhook_url="https://coach.example.org/", **base
        )
        with pytest.raises(InvalidInput, match="WEBHOOK_SECRET"):
            attach_webhook(create_app(hooked), hooked)
        hooked = Settings(  # type: ignore[call-arg]
            _env_file=None,
            telegram_webhook_url="https://coach.example.org/",
            telegram_webhook_secret="s" * 32,
            **base,
        )
        api = create_app(hooked)
        url = attach_webhook(api, hooked)
        assert url == f"https://coach.example.org{WEBHOOK_PATH}"
        with TestClient(api) as client:
            assert fake.webhook is not None
            assert fake.webhook["url"] == url
            assert client.post(WEBHOOK_PATH, json={}).status_code == 403
            assert client.get("/health").status_code == 200
    finally:
        fake.stop()
