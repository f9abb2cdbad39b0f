"""/start onboarding a new athlete, and linking an existing account with a one-time code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from tests.factories import make_athlete, subject_of
from tests.interfaces.bot.conftest import Bot

from fitcoach.coach.schemas import TODAY, ProfileFields
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound, PermissionDenied
from fitcoach.interfaces.bot import onboarding
from fitcoach.services import athletes, consent, plans
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext

CHAT = 5001


def test_onboarding_builds_a_profile_re_asking_bad_answers(bot: Bot) -> None:
    first = bot.say(CHAT, "/start")
    assert "Eleven quick questions" in first[0]
    assert first[1] == "What should I call you?"
    answers = [
        ("Sam", "How old are you?"),
        ("two hundred", "whole years, between 16 and 126"),  # re-asked
        ("34", "Sex?"),
        ("robot", "female, male or other"),
        ("female", "Your height?"),
        ("7 metres", "height in cm"),
        ("170 cm", "Your weight?"),
        ("150 lb", "Your main goal?"),
        ("being famous", "Please pick a goal"),
        ("hypertrophy", "Your training experience?"),
        ("intermediate", "How many days"),
        ("9", "1 to 7"),
        ("4", "What equipment"),
        ("a full gym", "Any injury"),
        ("knee", "train fitcoach's models"),
        ("maybe", "yes or no"),
        ("yes", "Profile saved"),
    ]
    for text, expected in answers:
        replies = bot.say(CHAT, text)
        assert any(expected in r for r in replies), (text, replies)
    # The question keyboard offers the goals as buttons.
    goal_prompt = next(c for c in bot.fake.sent("sendMessage") if "Your main goal?" in c.text)
    assert goal_prompt.reply_markup is not None
    rows = [[b["text"] for b in row] for row in goal_prompt.reply_markup["keyboard"]]
    assert ["strength", "hypertrophy", "fat loss"] in rows

    ctx = bot.operator()
    link = links.chat_link(ctx, CHAT)
    assert link is not None
    athlete = athletes.get_athlete(ctx, link.athlete_id)
    assert athlete.name == "Sam"
    assert athlete.email.endswith("@telegram.invalid")
    profile = athlete.profile
    assert profile is not None
    assert profile.sex == "female"
    assert profile.height_cm == 170
    assert profile.weight_kg == pytest.approx(68.0, abs=0.1)
    assert profile.goals == ["hypertrophy"]
    assert profile.experience_level == "intermediate"
    assert profile.days_per_week == 4
    assert "barbell" in profile.equipment
    assert [i["region"] for i in profile.injuries] == ["knee"]
    assert profile.birth_date is not None
    # The consent given: what coaching needs, and model training because they said yes.
    states = {c.purpose.value: c for c in consent.current(ctx, link.athlete_id)}
    assert all(c.granted and c.source == "onboarding" for c in states.values())
    assert states["model_training"].version == consent.consent_text().version
    assert bot.clock.now().year - profile.birth_date.year == 34
    # The chat acts as the new athlete's own account, and a first plan is in force.
    assert link.subject.role == Role.athlete
    assert plans.current(ctx, link.athlete_id).status == "active"
    ctx.session.close()
    # /start again greets instead of asking again.
    assert "Welcome back" in bot.say(CHAT, "/start")[0]


def test_cancel_stores_nothing_and_other_input_is_re_asked(bot: Bot) -> None:
    bot.say(CHAT, "/start")
    bot.say(CHAT, "Sam")
    replies = bot.say(
        CHAT,
        sticker={
            "file_id": "s",
            "file_unique_id": "s",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
    )
    assert "Please answer in text" in replies[0]
    assert "How old are you?" in replies[0]
    assert "nothing was stored" in bot.say(CHAT, "/cancel")[0]
    ctx = bot.operator()
    assert links.chat_link(ctx, CHAT) is None
    ctx.session.close()
    # After cancelling, free text asks the chat to connect first.
    assert "not connected" in bot.say(CHAT, "hello")[0]


DAY = date(2026, 11, 20)


def _schema_value(field: str, value: Any) -> Any:
    """What the profile schema makes of ``value`` for ``field`` (None: refused)."""
    try:
        parsed = ProfileFields.model_validate({field: value}, context={TODAY: DAY})
    except ValidationError:
        return None
    return getattr(parsed, field)


def _bot_answer(parse: Callable[[str], dict[str, Any]], text: str) -> dict[str, Any] | None:
    try:
        return parse(text)
    except InvalidInput:
        return None


@pytest.mark.parametrize(
    ("field", "text", "accepted"),
    [
        ("height_cm", "50", False),
        ("height_cm", "50.05", False),  # 50.0 at the schema's precision
        ("height_cm", "50.1", True),
        ("height_cm", "99", True),
        ("height_cm", "250.5", True),
        ("height_cm", "274.9", True),
        ("height_cm", "274.95", True),  # 274.9 at the schema's precision
        ("height_cm", "275", False),
        ("height_cm", "19.7 in", False),
        ("height_cm", "20 in", True),
        ("height_cm", "7 metres", False),
        ("weight_kg", "20", False),
        ("weight_kg", "20.1", True),
        ("weight_kg", "29", True),
        ("weight_kg", "300.5", True),
        ("weight_kg", "399.9", True),
        ("weight_kg", "400", False),
        ("weight_kg", "44 lb", False),
        ("weight_kg", "45 lb", True),
        ("days_per_week", "0", False),
        ("days_per_week", "1", True),
        ("days_per_week", "7", True),
        ("days_per_week", "8", False),
    ],
)
def test_the_bot_accepts_exactly_what_the_profile_schema_does_at_each_edge(
    field: str, text: str, accepted: bool
) -> None:
    parse = {
        "height_cm": onboarding._height,
        "weight_kg": onboarding._weight,
        "days_per_week": onboarding._days,
    }[field]
    schema = _schema_value(field, text)
    answer = _bot_answer(parse, text)
    assert (schema is not None, answer is not None) == (accepted, accepted), (schema, answer)
    if accepted:
        assert answer[field] == schema  # the value stored is the schema's reading


@pytest.mark.parametrize(
    ("parse", "text", "stored"),
    [
        ("_height", "5 ft 10", {"height_cm": 177.8, "units": "imperial"}),
        ("_height", "5'10\"", {"height_cm": 177.8, "units": "imperial"}),
        ("_height", "70 in", {"height_cm": 177.8, "units": "imperial"}),
        ("_height", "178 cm", {"height_cm": 178.0, "units": "metric"}),
        ("_height", "178", {"height_cm": 178.0}),  # a bare number says no unit system
        ("_weight", "160 lb", {"weight_kg": 72.6, "units": "imperial"}),
        ("_weight", "72.5 kg", {"weight_kg": 72.5, "units": "metric"}),
        ("_weight", "72.5", {"weight_kg": 72.5}),
    ],
)
def test_a_height_in_feet_and_a_weight_in_lb_choose_imperial_units(
    parse: str, text: str, stored: dict[str, object]
) -> None:
    assert getattr(onboarding, parse)(text) == stored


def test_a_refused_height_says_how_to_write_it_in_both_systems() -> None:
    with pytest.raises(InvalidInput) as refused:
        onboarding._height("5 ft 13")
    assert "e.g. 5 ft 10" in refused.value.message
    assert "1 ft 8 in to 9 ft 0 in" in refused.value.message


@pytest.mark.parametrize(
    ("age", "accepted"),
    [
        ("0", False),
        ("14", False),
        ("15", False),
        ("16", True),
        ("100", True),
        ("101", True),
        ("126", True),
        ("127", False),
    ],
)
def test_the_bot_accepts_the_ages_whose_birth_date_the_schema_does(
    age: str, accepted: bool
) -> None:
    # The schema's bounds are on the birth date: from 1900-01-01, and 16 years before today.
    birth = DAY.replace(year=DAY.year - int(age))
    assert (_schema_value("birth_date", birth) is not None) is accepted
    answer = _bot_answer(lambda t: onboarding._age(t, DAY), age)
    assert answer == ({"birth_date": birth.isoformat()} if accepted else None)


def test_a_refused_answer_names_the_schemas_range() -> None:
    messages = {}
    for parse, text in (
        (onboarding._height, "275"),
        (onboarding._weight, "400"),
        (onboarding._days, "8"),
    ):
        with pytest.raises(InvalidInput) as refused:
            parse(text)
        messages[text] = refused.value.message
    assert "over 50 and under 275 cm" in messages["275"]
    assert "over 20 and under 400 kg" in messages["400"]
    assert "1 to 7" in messages["8"]
    with pytest.raises(InvalidInput, match="between 16 and 126"):
        onboarding._age("127", DAY)


def test_the_bot_refuses_age_0_with_the_schemas_message_and_asks_again(bot: Bot) -> None:
    bot.say(CHAT, "/start")
    assert bot.say(CHAT, "Sam") == ["How old are you? (years)"]
    today = bot.clock.now().date()
    with pytest.raises(ValidationError) as schema:
        ProfileFields.model_validate({"birth_date": today}, context={TODAY: today})
    reason = schema.value.errors()[0]["msg"].removeprefix("Value error, ")
    assert "for people aged 16 and over" in reason
    [refused] = bot.say(CHAT, "0")
    assert refused.startswith(reason)
    assert "between 16 and" in refused
    assert "How old are you?" in refused
    assert any("Sex?" in r for r in bot.say(CHAT, "16"))


def _code_for_new_athlete(bot: Bot) -> tuple[int, str]:
    ctx = bot.operator()
    athlete = make_athlete(ctx)
    own = ServiceContext(ctx.session, subject_of(ctx, athlete), ctx.clock)
    issued = links.create_link_code(own, athlete.id)
    ctx.session.commit()
    ctx.session.close()
    return athlete.id, issued.code


def test_link_with_a_code_from_the_web(bot: Bot) -> None:
    athlete_id, code = _code_for_new_athlete(bot)
    assert len(code) == 8
    # Typed in lower case with a dash: still the code.
    replies = bot.say(CHAT, f"/link {code[:4].lower()}-{code[4:].lower()}")
    assert "Connected" in replies[0]
    ctx = bot.operator()
    link = links.chat_link(ctx, CHAT)
    assert link is not None
    assert link.athlete_id == athlete_id
    ctx.session.close()
    # The same code a second time (another chat) is refused.
    assert "already used" in bot.say(CHAT + 1, f"/link {code}")[0]


def test_start_with_a_code_links_too(bot: Bot) -> None:
    athlete_id, code = _code_for_new_athlete(bot)
    assert "Connected" in bot.say(CHAT, f"/start {code}")[0]
    ctx = bot.operator()
    assert links.chat_link(ctx, CHAT).athlete_id == athlete_id  # type: ignore[union-attr]
    ctx.session.close()


def test_wrong_and_expired_codes_are_refused(bot: Bot) -> None:
    _athlete_id, code = _code_for_new_athlete(bot)
    assert "not valid" in bot.say(CHAT, "/link ZZZZ2222")[0]
    assert "Send the code with the command" in bot.say(CHAT, "/link")[0]
    bot.clock.set(bot.clock.now() + timedelta(minutes=10, seconds=1))
    assert "expired" in bot.say(CHAT, f"/link {code}")[0]
    ctx = bot.operator()
    assert links.chat_link(ctx, CHAT) is None
    ctx.session.close()


def test_a_new_code_voids_the_previous_one(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    own = ServiceContext(ctx.session, subject_of(ctx, athlete), ctx.clock)
    first = links.create_link_code(own, athlete.id)
    second = links.create_link_code(own, athlete.id)
    with pytest.raises(InvalidInput, match="already used"):
        links.redeem(ctx, first.code, 1)
    assert links.redeem(ctx, second.code, 1).athlete_id == athlete.id


def test_codes_only_for_ones_own_athlete(ctx: ServiceContext) -> None:
    mine = make_athlete(ctx)
    theirs = make_athlete(ctx)
    me = ServiceContext(ctx.session, subject_of(ctx, mine), ctx.clock)
    with pytest.raises(NotFound):
        links.create_link_code(me, theirs.id)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, mine.id)
    coach = ServiceContext(ctx.session, type(me.subject)(coach_id, Role.coach), ctx.clock)
    with pytest.raises(PermissionDenied):
        links.create_link_code(coach, mine.id)
    # Another athlete cannot unlink someone else's chat.
    links.redeem(ctx, links.create_link_code(me, mine.id).code, 99)
    them = ServiceContext(ctx.session, subject_of(ctx, theirs), ctx.clock)
    with pytest.raises(NotFound):
        links.unlink(them, 99)
    links.unlink(me, 99)
    assert links.chat_link(ctx, 99) is None
