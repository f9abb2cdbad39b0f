"""Webhook mode: a FastAPI router the API app can include, and its start/stop.

The bot package does not import the API (interfaces stay independent): the CLI composes them
(``fitcoach serve`` with ``FITCOACH_TELEGRAM_WEBHOOK_URL`` set). Telegram sends each update as a
POST with the secret given to ``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token``; a request
without the right secret is refused with 403 before anything reads its body. Accepted updates
go on the application's update queue and the route answers at once, so a slow reply never
makes Telegram retry.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from telegram import Update
from telegram.ext import Application

log = structlog.get_logger("bot")

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000


def _refuse(status: int, code: str, message: str) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return JSONResponse(body, status_code=status)


def webhook_router(
    application: Application,  # type: ignore[type-arg]
    secret: str,
    *,
    path: str = WEBHOOK_PATH,
) -> APIRouter:
    """``POST {path}``: Telegram's updates for ``application``, checked against ``secret``."""
    if len(secret) < 16:
        raise ValueError(
            "the webhook secret must be at least 16 characters; set FITCOACH_TELEGRAM_WEBHOOK_SECRET "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    router = APIRouter(include_in_schema=False)
    expected = secret.encode()

    @router.post(path)
    async def telegram_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("bot_webhook_refused")
            return _refuse(403, "permission_denied", "wrong or missing Telegram secret token")
        body = await request.body()
        if len(body) > MAX_BODY:
            return _refuse(413, "payload_too_large", "the update is too large")
        try:
            data: Any = await request.json()
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError):
            return _refuse(400, "bad_request", "the body is not a Telegram update")
        await application.update_queue.put(update)
        return Response(status_code=200)

    return router


@asynccontextmanager
async def webhook_lifespan(
    application: Application,  # type: ignore[type-arg]
    url: str,
    secret: str,
) -> AsyncIterator[None]:
    """Start the bot, register the webhook with Telegram, and undo both on the way out."""
    await application.initialize()
    if application.post_init is not None:  # the bot's commands and proactive jobs
        await application.post_init(application)
    await application.start()
    await application.bot.set_webhook(
        url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
    )
    log.info("bot_webhook_started")
    try:
        yield
    finally:
        await application.stop()
        await application.shutdown()


def webhook_url(public_url: str, path: str = WEBHOOK_PATH) -> str:
    """Where Telegram posts: the API app's public URL and the route's path."""
    return public_url.rstrip("/") + path


def mount_webhook(
    app: FastAPI,
    application: Application,  # type: ignore[type-arg]
    public_url: str,
    secret: str,
    *,
    path: str = WEBHOOK_PATH,
) -> None:
    """Add the webhook route to ``app`` and run the bot for as long as ``app`` runs.

    The app's own lifespan stays outermost: the bot starts after it and stops before it.
    """
    app.include_router(webhook_router(application, secret, path=path))
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(target: FastAPI) -> AsyncIterator[Any]:
        async with (
            inner(target) as state,
            webhook_lifespan(application, webhook_url(public_url, path), secret),
        ):
            yield state

    app.router.lifespan_context = lifespan
