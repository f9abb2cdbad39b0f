"""What the bot says: the help, the command list and plain-text views of the services' results.

Plain text only (no Markdown parse mode): exercise names, reasons and athletes' own words go
out as they are, with nothing to escape and nothing that could break a message.
"""

from __future__ import annotations

from collections.abc import Sequence

from fitcoach.coach import wording
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Item
from fitcoach.core.units import Units, format_mass, quantities_in_text
from fitcoach.services.food_photo import MAX_PHOTO_BYTES
from fitcoach.services.monitoring import ReadinessReport
from fitcoach.services.plans import PlanView, ServedSession, TodayView
from fitcoach.services.reports import WeeklySummary
from fitcoach.services.telegram import ChatLink

MAX_MESSAGE = 4096  # Telegram's limit on one text message
MAX_INPUT = 1000  # longer messages are refused (the offline understanding reads up to this)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "Today's session, adjusted to your readiness"),
    ("plan", "Your plan: the next sessions"),
    ("log", "Log sets, e.g. /log 3x8 squats 100 (in your unit)"),
    ("checkin", "Morning check-in: energy, soreness, mood, one tap each"),
    ("metrics", "Readiness and this week's figures"),
    ("report", "Last week's report with a chart"),
    ("notify", "Proactive messages: /notify alerts off, /notify morning 07:00"),
    ("resolve", "Resolve an open health flag: /resolve REASON"),
    ("link", "Connect an existing account: /link CODE"),
    ("unlink", "Disconnect this chat from your account"),
    ("cancel", "Stop the current conversation"),
    ("help", "What I can do"),
)


def help_text(units: Units | None = None) -> str:
    """The help, its examples in the athlete's unit (kg when not known yet)."""
    load = "225 lb" if units == "imperial" else "100 kg"
    return HELP.replace("100 kg", load)


HELP = (
    "I am your fitcoach. Write to me in plain words, for example:\n"
    "  • did 3x8 squats at 100 kg RIR 2\n"
    "  • slept 6 and a half hours\n"
    "  • what was my resting HR last week?\n"
    "  • swap bench press for push-ups\n"
    "  • should I train hard today?\n"
    "Or send a photo of your meal: I suggest the dish and its portion, you confirm, I log it.\n\n"
    "Commands:\n"
    + "\n".join(f"/{name} – {text}" for name, text in COMMANDS)
    + "\n\nNot a medical device: chest pain, fainting or severe breathlessness mean stop and "
    "get medical help."
)

RESOLVE_HINT = (
    "Once a doctor or health professional has cleared you (or, for a crisis, once you have "
    "support), resolve it with /resolve and the reason, e.g. /resolve seen by my GP, cleared."
)
RESOLVE_USAGE = (
    "Write why the health flag is resolved after /resolve, for example:\n"
    "  /resolve seen by my GP, cleared to train\n"
    "The reason is stored with the flag."
)

NOT_PRIVATE = "I only talk in private chats: your training data is yours. Message me directly."
NOT_TEXT = (
    "I can only read text and photos of your meals (no stickers, voice or files). "
    "Type what you did or ask me something; /help shows examples."
)
PHOTO_TOO_BIG = (
    f"That photo is over {MAX_PHOTO_BYTES // (1024 * 1024)} MB: send a smaller picture of the meal."
)
PHOTO_UNREADABLE = "I could not fetch that photo from Telegram. Please send it again."
PHOTO_WHAT_WAS_IT = (
    "What was it? Write it to me, e.g. “had chicken and rice for lunch, 650 kcal”, and I log it."
)
PHOTO_GRAMS_QUESTION = (
    "How many grams was the whole plate? Send a number, e.g. 450 (/cancel stops)."
)


def photo_grams_range(low_g: float, high_g: float) -> str:
    """The typed grams of a plate were not a number in the range a dish's portion allows."""
    return (
        f"Please send the plate's weight in grams, from {low_g:.0f} to {high_g:.0f}, "
        "e.g. 450 (/cancel stops)."
    )


ERROR = "Something went wrong on my side, sorry. Please try again in a moment."
LOG_USAGE = (
    "Write the sets after /log, for example:\n"
    "  /log 3x8 squats 100kg\n"
    "  /log 5x5 bench press 80 kg RIR 2\n"
    "  /log 3x10 push-ups"
)


def log_usage(units: Units | None = None) -> str:
    """How to write ``/log``, its loads in the athlete's unit (a bare number is in it)."""
    if units != "imperial":
        return LOG_USAGE
    return LOG_USAGE.replace("100kg", "225").replace("80 kg", "175 lb")


def too_long(length: int) -> str:
    return (
        f"That message is too long for me ({length} characters). "
        f"Keep it under {MAX_INPUT} characters, one thing at a time."
    )


def unknown_command(command: str) -> str:
    return f"I do not know the command {command}. /help lists what I can do."


def slow_down(seconds: int) -> str:
    return (
        f"Slow down a little: that is more messages than I answer in a minute. "
        f"Try again in about {seconds} s."
    )


def clip(text: str) -> str:
    """A text that fits in one Telegram message."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


_TODAY_HEAD = {
    "train": "Train today",
    "lighter": "A lighter session today",
    "recovery": "Recovery today",
    "rest": "Rest day",
    "blocked": "No training today",
    "finished": "Your plan is finished",
}


def _item(item: Item, units: Units | None = None) -> str:
    """An item as people read it: the exercise's name, then sets, reps, load (in the athlete's
    unit, a dumbbell's per hand) and RIR."""
    return f"{wording.exercise_name(item.exercise)}: {wording.item_summary(item, units)}"


def _reason(reason: Reason, units: Units | None) -> str:
    return quantities_in_text(wording.reason_text(reason), units)


def today_text(view: TodayView, units: Units | None = None) -> str:
    """Today's session with the reasons the coach gave, loads in ``units`` (the athlete's)."""
    lines = [f"{_TODAY_HEAD[view.status]} · {view.day:%a %d %b}"]
    if view.escalation:
        lines.append(f"⚠️ {view.escalation}")
        lines.append(RESOLVE_HINT)
    lines.extend(f"– {_reason(reason, units)}" for reason in view.reasons)
    session = view.session if view.status != "rest" else view.planned
    if session is not None:
        label = session.name
        if view.status == "rest" and view.scheduled_for:
            label += f" (next, on {view.scheduled_for:%a %d %b})"
        lines.append("")
        lines.append(f"{label} · {session.focus} · about {session.estimated_minutes} min")
        if session.warmup.steps:
            lines.append(
                f"Warm-up {session.warmup.duration_s // 60} min: " + ", ".join(session.warmup.steps)
            )
        lines.extend(f"  • {_item(item, units)}" for item in session.items)
    if view.status == "finished":
        lines.append("Ask me for a new plan, e.g. “I want a 4-day hypertrophy plan”.")
    return clip("\n".join(lines))


def plan_text(view: PlanView, upcoming: Sequence[ServedSession], units: Units | None = None) -> str:
    """The plan in force and its next sessions (``upcoming``, as ``plans.next_sessions`` serves
    them for the athlete's current profile, with what that changed), loads in ``units``; while
    a health flag is open, the escalation instead of any session."""
    if view.plan is not None and view.escalation:
        return clip(f"No training for now.\n⚠️ {view.escalation}\n\n{RESOLVE_HINT}")
    if view.plan is None:
        lines = ["There is no plan in force."]
        if view.escalation:
            lines.append(view.escalation)
        lines.extend(view.reasons_text[:3])
        return "\n".join(lines)
    plan = view.plan
    lines = [
        f"Plan v{view.version}: {plan.goal.replace('_', ' ')}, {plan.split.replace('_', ' ')}, "
        f"{plan.days_per_week} days a week, {plan.session_minutes} min",
    ]
    if not upcoming:
        lines.append("Every session is done. Ask me for a new plan.")
    for served in upcoming:
        lines.append("")
        session = served.session
        if session is None:
            lines.append(f"{served.name} · {served.on:%a %d %b} · not safe now")
        else:
            lines.append(f"{session.name} · {session.focus} · {served.on:%a %d %b}")
            lines.extend(f"  • {_item(item, units)}" for item in session.items)
        lines.extend(f"  – {_reason(r, units)}" for r in served.reasons)
    return clip("\n".join(lines))


def _num(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def metrics_text(readiness: ReadinessReport, summary: WeeklySummary) -> str:
    """Readiness today and this week's figures so far, in the athlete's units."""
    week = summary.this_week
    units = summary.units
    score = f" {readiness.score}/100" if readiness.score is not None else ""
    colour = f" ({readiness.colour})" if readiness.colour else ""
    lines = [f"Readiness{score}{colour}: {readiness.summary}"]
    lines.extend(f"– {r.text}" for r in readiness.reasons[:3])
    lines += [
        "",
        f"This week ({summary.week}, so far):",
        f"  sessions {week.sessions} · sets {week.sets} · tonnage {format_mass(week.tonnage_kg, units, places=0)}",
        f"  cardio {_num(week.cardio_min, ' min', 0)} · load {_num(week.load_au, ' AU', 0)}",
        f"  sleep {_num(week.sleep_h, ' h')} · weight {format_mass(week.weight_kg, units, kind='body')}",
        f"  mood {_num(week.mood)} · energy {_num(week.energy)} · soreness {_num(week.soreness)}",
    ]
    if summary.acwr is not None:
        lines.append(f"  acute:chronic load ratio {summary.acwr:.2f}")
    return clip("\n".join(lines))


def report_caption(summary: WeeklySummary) -> str:
    """The photo caption of the weekly report (Telegram allows 1024 characters), in the
    athlete's units."""
    week = summary.this_week
    lifted = format_mass(week.tonnage_kg, summary.units, places=0)
    lines = [
        f"Week {summary.week} ({summary.week_start:%d %b} – {summary.week_end:%d %b})",
        f"{week.sessions} sessions, {week.sets} sets, {lifted} lifted, "
        f"{week.cardio_min:.0f} min cardio, load {week.load_au:.0f} AU",
    ]
    if summary.plan.has_plan:
        lines.append(f"Plan: {summary.plan.done} of {summary.plan.planned} sessions done")
    for rec in summary.recommendations[:3]:
        text = quantities_in_text(rec.text, summary.units)
        lines.append(f"{'⚠️ ' if rec.severity == 'stop' else '• '}{text}")
    text = "\n".join(lines)
    return text if len(text) <= 1024 else text[:1023] + "…"


def notify_text(link: ChatLink) -> str:
    """The chat's notification settings."""

    def on(flag: bool) -> str:
        return "on" if flag else "off"

    return (
        f"Sensor alerts: {on(link.notify_alerts)}\n"
        f"Morning readiness: {on(link.notify_readiness)} at {link.morning_at} (your time)\n"
        f"Weekly report: {on(link.notify_weekly)} (Mondays)\n\n"
        "Change with /notify alerts off, /notify readiness on, /notify weekly off, "
        "/notify morning 06:45."
    )
