"""``/start``: onboarding a new athlete in eleven short questions, or linking with a code.

Each answer is checked as it comes and a bad one is asked again with what is expected: the
profile schema (``coach.schemas.ProfileFields``) checks it, with its own parsing, precision
and ranges, so the bot accepts exactly what the API does. At the end the athlete, their
account and profile are created by ``athletes.create_athlete`` with the consent given in the last answer, and the chat
is linked to them; a first plan is generated
from the profile. ``/start CODE`` (the deep link ``t.me/<bot>?start=CODE``) links an existing
account instead. ``/cancel`` stops at any point and stores nothing.
"""

from __future__ import annotations

import functools
import math
import re
import secrets
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import structlog
from pydantic import ValidationError
from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.schemas import EARLIEST_BIRTH_DATE, TODAY, ProfileFields
from fitcoach.core.bounds import MIN_AGE_YEARS, birth_date_for_age
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import FitcoachError, InvalidInput
from fitcoach.core.units import format_height, format_mass
from fitcoach.interfaces.bot.handlers import Context, chat_id_of, redeem, reply
from fitcoach.interfaces.bot.runtime import services
from fitcoach.services import athletes, consent, monitoring, plans
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext

log = structlog.get_logger("bot")

PROFILE_KEY = "onboarding"
EQUIPMENT_CHOICES = {
    "none": "no equipment (bodyweight)",
    "home_dumbbells": "dumbbells and a bench",
    "home_gym": "a home gym (barbell, rack, dumbbells, pull-up bar)",
    "full_gym": "a full gym",
}


def _keyboard(rows: list[list[str]]) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def _name(text: str) -> dict[str, Any]:
    name = " ".join(text.split())
    if not 1 <= len(name) <= 60 or not re.search(r"[^\W\d_]", name):
        raise InvalidInput("Please send a name of 1 to 60 characters, e.g. Alex.")
    return {"name": name}


@functools.cache
def _bounds(field: str) -> tuple[float, float]:
    """The range ``ProfileFields`` declares for ``field`` (its ``gt``/``ge`` and ``lt``/``le``
    constraints), for the messages; whether a bound is inclusive is the schema's to check."""
    low, high = -math.inf, math.inf
    pending: list[Any] = [ProfileFields.model_fields[field].annotation]
    while pending:
        item = pending.pop()
        pending.extend(typing.get_args(item))
        pending.extend(getattr(item, "__metadata__", ()))
        pending.extend(getattr(item, "metadata", ()))  # a Field(...) inside Annotated
        for name in ("gt", "ge"):
            if isinstance(getattr(item, name, None), int | float):
                low = float(getattr(item, name))
        for name in ("lt", "le"):
            if isinstance(getattr(item, name, None), int | float):
                high = float(getattr(item, name))
    return low, high


def _profile_value(field: str, value: Any) -> Any:
    """``value`` as the profile schema reads ``field`` (its unit parsing, precision and range),
    or None where the schema refuses it: the bot accepts exactly what creating the athlete
    will."""
    try:
        parsed = ProfileFields.model_validate({field: value})
    except ValidationError:
        return None
    return getattr(parsed, field)


def _num(value: float) -> str:
    return f"{value:g}"


def _schema_refusal(field: str, value: Any, today: date) -> str | None:
    """Why the profile schema refuses ``value`` for ``field`` (its own words), or None."""
    try:
        ProfileFields.model_validate({field: value}, context={TODAY: today})
    except ValidationError as exc:
        return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
    return None


def _age(text: str, today: date) -> dict[str, Any]:
    """The birth date an age in whole years gives; the schema decides which it accepts (from
    ``MIN_AGE_YEARS`` to a birth in 1900), and a refusal carries the schema's reason."""
    oldest = today.year - EARLIEST_BIRTH_DATE.year
    usage = f"Please send your age in whole years, between {MIN_AGE_YEARS} and {oldest} (e.g. 34)."
    m = re.fullmatch(r"\s*(\d{1,3})\s*(?:y|yrs?|years?(?: old)?)?\s*", text.lower())
    if m is None or int(m.group(1)) >= today.year:
        raise InvalidInput(usage)
    birth = birth_date_for_age(int(m.group(1)), today)
    refusal = _schema_refusal("birth_date", birth, today)
    if refusal is not None:
        raise InvalidInput(f"{refusal}. {usage}")
    return {"birth_date": birth.isoformat()}


def _sex(text: str) -> dict[str, Any]:
    value = text.strip().lower()
    aliases = {"f": "female", "woman": "female", "m": "male", "man": "male"}
    value = aliases.get(value, value)
    if value not in ("female", "male", "other"):
        raise InvalidInput("Please answer female, male or other (it sets energy estimates).")
    return {"sex": value}


# A height or weight said in feet, inches, pounds or stones: the athlete reads imperial units.
_IMPERIAL_WORDS = re.compile(
    r"\d\s*(?:ft|foot|feet|in\b|inch|'|′|’|\"|″|lb|pound|st\b|stone)", re.I
)


def _units_of(text: str) -> dict[str, Any]:
    """The unit system an answer is said in (a bare number says none): from then on the
    bot's replies, the plan and the pages show it; the profile changes it."""
    if _IMPERIAL_WORDS.search(text):
        return {"units": "imperial"}
    if re.search(r"\d\s*(?:cm|m\b|kg|kilo)", text, re.I):
        return {"units": "metric"}
    return {}


def _height(text: str) -> dict[str, Any]:
    cm = _profile_value("height_cm", text.strip()) if text.strip() else None
    if cm is None:
        low, high = _bounds("height_cm")
        raise InvalidInput(
            "Please send your height in cm (e.g. 178 cm) or in feet and inches (e.g. 5 ft 10), "
            f"over {_num(low)} and under {_num(high)} cm ({format_height(low, 'imperial')} to "
            f"{format_height(high, 'imperial')})."
        )
    return {"height_cm": cm, **_units_of(text)}


def _weight(text: str) -> dict[str, Any]:
    kg = _profile_value("weight_kg", text.strip()) if text.strip() else None
    if kg is None:
        low, high = _bounds("weight_kg")
        raise InvalidInput(
            "Please send your weight in kg (e.g. 72.5 kg) or lb (e.g. 160 lb), "
            f"over {_num(low)} and under {_num(high)} kg ({format_mass(low, 'imperial', kind='body')} "
            f"to {format_mass(high, 'imperial', kind='body')})."
        )
    return {"weight_kg": kg, **_units_of(text)}


def _goal(text: str) -> dict[str, Any]:
    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    if value not in vocab.GOALS:
        raise InvalidInput(
            "Please pick a goal: " + ", ".join(g.replace("_", " ") for g in vocab.GOALS) + "."
        )
    return {"goals": [value]}


def _experience(text: str) -> dict[str, Any]:
    value = text.strip().lower()
    if value not in vocab.LEVELS:
        raise InvalidInput("Please answer beginner, intermediate or advanced.")
    return {"experience_level": value}


def _days(text: str) -> dict[str, Any]:
    m = re.fullmatch(r"\s*(\d{1,2})\s*(?:days?)?\s*", text.lower())
    days = _profile_value("days_per_week", int(m.group(1))) if m is not None else None
    if days is None:
        low, high = _bounds("days_per_week")
        raise InvalidInput(
            f"Please send how many days a week you can train, {_num(low)} to {_num(high)} (e.g. 3)."
        )
    return {"days_per_week": days}


def _equipment(text: str) -> dict[str, Any]:
    value = text.strip().lower()
    by_label = {label: key for key, label in EQUIPMENT_CHOICES.items()}
    key = by_label.get(value, value.replace(" ", "_"))
    if key in vocab.EQUIPMENT_PRESETS:
        return {"equipment": list(vocab.EQUIPMENT_PRESETS[key])}
    items = [i.strip().replace(" ", "_").replace("-", "_") for i in value.split(",") if i.strip()]
    unknown = [i for i in items if i not in vocab.EQUIPMENT]
    if not items or unknown:
        raise InvalidInput(
            "Please pick one of the buttons, or list equipment separated by commas from: "
            + ", ".join(vocab.EQUIPMENT)
            + (f" (I do not know {', '.join(unknown)})" if unknown else "")
        )
    return {"equipment": items}


def _injuries(text: str) -> dict[str, Any]:
    value = text.strip().lower()
    if value in ("none", "no", "nope", "nothing", "-"):
        return {"injuries": []}
    regions = [r.strip().replace(" ", "_").replace("-", "_") for r in value.split(",")]
    regions = [r for r in regions if r]
    unknown = [r for r in regions if r not in vocab.BODY_REGIONS]
    if not regions or unknown:
        raise InvalidInput(
            "Please answer none, or list the areas that hurt separated by commas, from: "
            + ", ".join(r.replace("_", " ") for r in vocab.BODY_REGIONS)
        )
    return {"injuries": [{"region": r, "severity": "moderate"} for r in regions]}


def _model_training(text: str) -> dict[str, Any]:
    value = text.strip().lower()
    if value in ("yes", "y", "ok", "sure"):
        return {CONSENT_KEY: True}
    if value in ("no", "n", "nope"):
        return {CONSENT_KEY: False}
    raise InvalidInput("Please answer yes or no.")


CONSENT_KEY = "consent_model_training"
CONSENT_QUESTION = (
    "Last one, about your data. I store what you log and your sensor data to coach you, and "
    "a coach you link can see it (you can change each of these later on the web's Privacy "
    "page). May I also use your data, without your name or contact details, to train "
    "fitcoach's models? (yes or no)"
)


@dataclass(frozen=True)
class Question:
    """One step: what to ask, how to read the answer, and the buttons to offer."""

    ask: str
    parse: Callable[[str, date], dict[str, Any]]
    buttons: list[list[str]] | None = None


QUESTIONS: list[Question] = [
    Question("What should I call you?", lambda t, _d: _name(t)),
    Question("How old are you? (years)", _age),
    Question(
        "Sex? (it sets energy estimates)",
        lambda t, _d: _sex(t),
        [["female", "male", "other"]],
    ),
    Question("Your height? (e.g. 178 cm or 5 ft 10)", lambda t, _d: _height(t)),
    Question("Your weight? (e.g. 72.5 kg or 160 lb)", lambda t, _d: _weight(t)),
    Question(
        "Your main goal?",
        lambda t, _d: _goal(t),
        [
            ["strength", "hypertrophy", "fat loss"],
            ["endurance", "general fitness", "sport performance"],
        ],
    ),
    Question(
        "Your training experience?",
        lambda t, _d: _experience(t),
        [["beginner", "intermediate", "advanced"]],
    ),
    Question(
        "How many days a week can you train?",
        lambda t, _d: _days(t),
        [["2", "3", "4"], ["5", "6"]],
    ),
    Question(
        "What equipment do you have?",
        lambda t, _d: _equipment(t),
        [[label] for label in EQUIPMENT_CHOICES.values()],
    ),
    Question(
        "Any injury or pain I should work around? Answer none, or the areas (e.g. knee, "
        "lower back).",
        lambda t, _d: _injuries(t),
        [["none"]],
    ),
    Question(CONSENT_QUESTION, lambda t, _d: _model_training(t), [["no", "yes"]]),
]


async def _ask(update: Update, step: int, prefix: str = "") -> int:
    q = QUESTIONS[step]
    markup = _keyboard(q.buttons) if q.buttons else ReplyKeyboardRemove()
    await reply(update, f"{prefix}{q.ask}", reply_markup=markup)
    return step


async def start(update: Update, context: Context) -> int:
    """``/start``: link with a code, greet a linked athlete, or begin onboarding."""
    svc = services(context)
    chat_id = chat_id_of(update)
    if context.args:
        try:
            await redeem(update, context, context.args[0])
        except FitcoachError as exc:
            await reply(update, exc.message)
        return ConversationHandler.END
    if await svc.link_of(chat_id) is not None:
        await reply(update, "Welcome back! /today shows today's session; /help lists the rest.")
        return ConversationHandler.END
    if context.chat_data is not None:
        context.chat_data[PROFILE_KEY] = {}
    await reply(
        update,
        "Hi, I am fitcoach, your personal trainer. Eleven quick questions build your profile "
        "and a first plan (/cancel stops at any time).\n\nAlready have a fitcoach account? "
        "Send /cancel, then /link CODE with a code from Connect Telegram in the web app.",
    )
    return await _ask(update, 0)


def _create(chat_id: int, profile: dict[str, Any]) -> Callable[[ServiceContext], int]:
    def work(ctx: ServiceContext) -> int:
        # A Telegram athlete has no e-mail yet: a unique placeholder under the reserved
        # ``.invalid`` domain keeps the account valid and can be changed later.
        email = f"telegram-{chat_id}-{secrets.token_hex(3)}@telegram.invalid"
        name = profile.pop("name")
        grants = set(consent.ONBOARDING_GRANTS)
        if profile.pop(CONSENT_KEY, False):
            grants.add(ConsentPurpose.model_training)
        created = athletes.create_athlete(
            ctx,
            {
                "name": name,
                "email": email,
                "profile": profile,
                "consents": sorted(grants),
            },
        )
        links.link_new_athlete(ctx, created.id, chat_id)
        return created.id

    return work


async def answer(update: Update, context: Context) -> int:
    """Read one answer; ask again when it does not fit, or go on to the next question."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    state: dict[str, Any] = (
        context.chat_data.setdefault(PROFILE_KEY, {}) if context.chat_data is not None else {}
    )
    step = int(state.get("_step", 0))
    svc = services(context)
    try:
        values = QUESTIONS[step].parse(message.text, svc.clock.now().date())
    except InvalidInput as exc:
        return await _ask(update, step, prefix=f"{exc.message}\n\n")
    state.update(values)
    step += 1
    state["_step"] = step
    if step < len(QUESTIONS):
        return await _ask(update, step)
    profile = {k: v for k, v in state.items() if not k.startswith("_")}
    if context.chat_data is not None:
        context.chat_data.pop(PROFILE_KEY, None)
    chat_id = chat_id_of(update)
    athlete_id = await svc.operator(_create(chat_id, profile))
    log.info("bot_athlete_onboarded", chat_id=chat_id, athlete_id=athlete_id)

    def first_plan(ctx: ServiceContext, aid: int) -> str:
        view = plans.generate(ctx, aid, start=monitoring.local_today(ctx, aid))
        if view.plan is None or view.status != "active":
            return view.escalation or "I could not build a plan yet; ask me for one later."
        return f"Your first plan (v{view.version}) is ready: /today shows today's session."

    try:
        plan_note = await svc.as_athlete(chat_id, first_plan)
    except FitcoachError as exc:
        plan_note = exc.message
    await reply(
        update,
        f"Profile saved. {plan_note}\n\nTell me what you did (e.g. “3x8 squats "
        f"{'225 lb' if profile.get('units') == 'imperial' else '100 kg'}”), ask anything, or "
        "/help.",
        reply_markup=ReplyKeyboardRemove(),
    )
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    if context.chat_data is not None:
        context.chat_data.pop(PROFILE_KEY, None)
    await reply(
        update,
        "Stopped; nothing was stored. /start begins again.",
        reply_markup=ReplyKeyboardRemove(),
    )
    return ConversationHandler.END


async def text_please(update: Update, context: Context) -> int | None:
    """A photo, sticker or command in the middle of onboarding: ask the question again."""
    state = context.chat_data.get(PROFILE_KEY, {}) if context.chat_data is not None else {}
    step = int(state.get("_step", 0))
    return await _ask(update, step, prefix="Please answer in text (or /cancel to stop).\n\n")


def onboarding_handler() -> ConversationHandler[Context]:
    """The ``/start`` conversation (one state per question, text answers only)."""
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states={step: [MessageHandler(text, answer)] for step in range(len(QUESTIONS))},
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(filters.ALL, text_please),
        ],
        name="onboarding",
        allow_reentry=True,
    )
