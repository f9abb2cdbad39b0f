"""The crisis line the self-harm reply shows: the athlete's country first (their profile's
``country``), their time zone second, the international directory last; never a number the
rule file does not hold. Through the real chat on SQLite and PostgreSQL, and the file itself."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import as_subject, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply
from fitcoach.assistant.tools.safety import ReportSymptomsArgs, report_symptoms
from fitcoach.coach.rules.crisis_lines import crisis_line_text, crisis_lines
from fitcoach.coach.rules.safety import safety_limits
from fitcoach.core.countries import country_names, country_of_zone
from fitcoach.services import athletes, health
from fitcoach.services.context import ServiceContext

CRISIS = safety_limits().red_flags["self_harm"].message[:60]
UK = "In the United Kingdom: call Samaritans on 116 123"
IRELAND = "In Ireland: call Samaritans on 116 123"
DIRECTORY = "find a free, confidential helpline in your country at findahelpline.com"
ENDING = "I keep having thoughts about ending it all"
_seq = iter(range(10**6))


def _athlete(ctx: ServiceContext, timezone: str, country: str | None) -> tuple[ServiceContext, int]:
    n = next(_seq)
    profile: dict[str, Any] = {"goals": ["strength"], "experience_level": "beginner"}
    if country is not None:
        profile["country"] = country
    made = athletes.create_athlete(
        ctx,
        {"name": f"C {n}", "email": f"crisis-{n}@example.org", "timezone": timezone,
         "profile": profile},
    )  # fmt: skip
    return as_subject(ctx, subject_of(ctx, made)), made.id


def _say(ctx: ServiceContext, athlete_id: int, text: str) -> Reply:
    reply = conversations.chat(ctx, athlete_id, text, channel="web", assistant=Assistant())
    ctx.session.flush()
    return reply


@pytest.mark.parametrize(
    ("timezone", "country", "shown", "not_shown"),
    [
        ("Europe/London", None, [UK], ["Ireland", "findahelpline"]),  # the time zone's
        ("Europe/London", "GB", [UK], ["Ireland", "findahelpline"]),
        ("Europe/London", "IE", [IRELAND], ["United Kingdom", "findahelpline"]),  # country first
        ("UTC", "IE", [IRELAND], ["findahelpline"]),
        ("UTC", None, [DIRECTORY[1:]], ["In "]),  # no country known: the directory
        ("Asia/Kolkata", "IN", [DIRECTORY[1:]], ["In "]),  # a country the file does not list
        # A traveller from a country the file lacks: the line where they are, and the directory.
        ("America/Chicago", "IN", ["In the United States: call or text 988", DIRECTORY], []),
        # A zone the file does not name, named for the United States by the tz database.
        ("America/Indiana/Vincennes", None, ["In the United States: call or text 988"], []),
    ],
)
def test_the_crisis_reply_names_the_line_for_the_athletes_country(
    ctx: ServiceContext, timezone: str, country: str | None, shown: list[str], not_shown: list[str]
) -> None:
    me, athlete_id = _athlete(ctx, timezone, country)
    reply = _say(me, athlete_id, ENDING)
    assert reply.escalated
    assert CRISIS in reply.text
    assert "self_harm" in {f.kind for f in health.open_flags(me, athlete_id)}
    for text in shown:
        assert text in reply.text, reply.text
    for text in not_shown:
        assert text not in reply.text.split("\n", 1)[1], reply.text
    later = _say(me, athlete_id, "what's my session today?")  # while the flag is open
    assert later.escalated
    assert all(text in later.text for text in shown), later.text


def test_the_symptom_tool_adds_the_same_line(ctx: ServiceContext) -> None:
    """What a language model's ``report_symptoms`` call passes on: the same line."""
    me, athlete_id = _athlete(ctx, "Europe/London", "IE")
    result = report_symptoms(ToolContext(me, athlete_id), ReportSymptomsArgs(text=ENDING))
    assert IRELAND in result.summary
    assert "United Kingdom" not in result.summary


def test_the_order_is_country_then_time_zone_then_directory() -> None:
    assert crisis_line_text("ie", "Europe/London").startswith("In Ireland:")
    assert crisis_line_text(None, "Europe/London").startswith("In the United Kingdom:")
    assert crisis_line_text(None, "Europe/Dublin").startswith("In Ireland:")
    assert crisis_line_text(None, "US/Eastern").startswith("In the United States:")  # an alias
    assert crisis_line_text(None, None) == f"{DIRECTORY[0].upper()}{DIRECTORY[1:]}."
    assert crisis_line_text("BR", "Etc/GMT+3") == crisis_line_text(None, None)


def test_every_line_names_a_known_country_and_zones_of_that_country() -> None:
    lines = crisis_lines()
    codes = [c.code for c in lines.lines]
    assert len(codes) == len(set(codes))
    for line in lines.lines:
        assert line.code in country_names(), line.code
        # A zone the tz database names for another country would show the wrong line.
        assert {country_of_zone(z) for z in line.zones} <= {line.code, None}, line.country
