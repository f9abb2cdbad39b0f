"""Synthetic wearable streams: seeded, realistic users publishing on the six ``fitness:*`` streams.

``generate_wearables(athletes, days, seed, end)`` yields ``(stream, payload)`` pairs in time
order: first every user's profile and devices, then day by day each user's sleep (keyed by
when it ended), activities, meals and evening feedback, sorted by time. Everything lies before
``end`` 00:00 UTC. It is pure and deterministic: the same arguments give the same messages,
and user ``i`` has the same history whatever the number of users (each user draws from their
own random stream ``(seed, i)``).

The model is simple but physiological, in the spirit of the demo athlete (``pipelines.demo``):

- **People**: age 20–60, sex, height by sex, weight from a BMI around 25, one or two goals,
  a resting heart rate from fitness, HRmax = 208 − 0.7 × age (Tanaka 2001), a chronotype
  (morning or evening trainer), 2–6 sessions a week from a few favourite activities, and one
  or two devices (a watch, sometimes a ring).
- **Activities**: intensity as a fraction of heart-rate reserve per activity (Karvonen); the
  maximum lies above the average and never above HRmax; energy from heart rate, weight, age and
  sex (Keytel 2005); distance from a per-person pace or speed; steps from cadence for activities
  on foot only. Most days also have a walk.
- **Sleep**: wake-up time and length by person, later and longer at weekends, shorter after a
  hard day; stages in **minutes** (awake 4–10 %, deep 13–23 %, REM 18–25 % of the time asleep, light
  the rest) that add up to the time in bed; quality 0–1 from length and awakenings.
- **Nutrition**: 3–4 meals a day from the demo menu, scaled to the person's energy need
  (Mifflin-St Jeor × 1.35 plus the day's activity, less for fat loss, more for muscle gain,
  never under 1200/1500 kcal for women/men);
  each meal's energy is 4/4/9 kcal per gram of protein/carbs/fat within a few per cent.
- **Feedback**: most evenings, energy and mood (1–10) follow sleep and load; perceived exertion
  (0–10) is the day's hardest session, left out on rest days.

``faults`` (a fraction, default 0) replaces that share of the record messages with realistic
mistakes — a wrong unit, a number sent as text, a missing field, an unknown user — so that the
consumer's dead-letter path can be exercised from the command line.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np

from fitcoach.core.errors import InvalidInput
from fitcoach.ingest.bus import Bus
from fitcoach.pipelines.demo.programme import MENU
from fitcoach.services.wearables import WearableStreams

Rng = np.random.Generator
Payload = dict[str, Any]
MAX_ATHLETES = 100_000
MAX_DAYS = 3650

DEVICE_MODELS = (
    "Garmin Forerunner 265",
    "Apple Watch Series 9",
    "Fitbit Charge 6",
    "Polar Pacer Pro",
    "Samsung Galaxy Watch6",
    "Coros Pace 3",
)
RING_MODELS = ("Oura Ring Gen3", "Ultrahuman Ring Air")
GOALS = ("weight_loss", "muscle_gain", "endurance", "strength", "general_fitness")


@dataclass(frozen=True)
class Activity:
    """How a kind of activity looks: its length, intensity (fraction of heart-rate reserve),
    speed (km/h, None when distance means nothing) and cadence (steps/min, None off foot)."""

    name: str
    minutes: tuple[float, float]
    hrr: tuple[float, float]
    speed_kmh: tuple[float, float] | None
    cadence: tuple[float, float] | None
    rpe: tuple[float, float]


ACTIVITIES: dict[str, Activity] = {
    a.name: a
    for a in (
        Activity("running", (25, 70), (0.62, 0.80), (8.5, 12.5), (160, 180), (5, 8)),
        Activity("cycling", (40, 120), (0.55, 0.75), (20, 30), None, (4, 7)),
        Activity("walking", (15, 50), (0.25, 0.40), (4.5, 5.6), (100, 120), (1, 3)),
        Activity("strength", (40, 75), (0.40, 0.55), None, None, (6, 9)),
        Activity("swimming", (30, 60), (0.55, 0.72), (2.0, 3.2), None, (5, 7)),
        Activity("yoga", (30, 60), (0.15, 0.30), None, None, (2, 4)),
        Activity("hiit", (20, 35), (0.75, 0.88), None, (50, 80), (8, 9.5)),
    )
}
_SPORTS = ("running", "cycling", "strength", "swimming", "yoga", "hiit")


@dataclass
class _Person:
    index: int
    rng: Rng
    user_id: str
    age: int
    sex: str
    height_cm: float
    weight_kg: float
    goals: list[str]
    resting_hr: float
    hr_max: float
    morning: bool  # trains in the morning rather than after work
    sessions_per_week: int
    favourites: list[str]
    pace: float  # 0 slow … 1 fast, within each activity's speed range
    wake_h: float  # on a working day, hours after midnight
    sleep_h: float
    devices: list[tuple[str, str]]  # (device id, model); the first records activities
    feedback_p: float
    training_days: set[int]
    week: int = -1
    hard_yesterday: bool = False


def _uuid(rng: Rng) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _at(day: date, hours: float) -> datetime:
    """``day`` 00:00 UTC plus ``hours`` (to the second)."""
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(seconds=round(hours * 3600))


def _person(seed: int, index: int) -> _Person:
    rng = np.random.default_rng([seed, index])
    sex = "female" if rng.random() < 0.5 else "male"
    height = float(rng.normal(163.0 if sex == "female" else 176.0, 7.0))
    bmi = float(np.clip(rng.normal(24.5, 3.2), 18.5, 34.0))
    age = int(rng.integers(20, 61))
    fitness = float(rng.random())  # 0 unfit … 1 fit
    n_fav = int(rng.integers(1, 4))
    favourites = [str(a) for a in rng.choice(_SPORTS, size=n_fav, replace=False)]
    goals = [str(g) for g in rng.choice(GOALS, size=int(rng.integers(1, 3)), replace=False)]
    devices = [(_uuid(rng), str(rng.choice(DEVICE_MODELS)))]
    if rng.random() < 0.25:
        devices.append((_uuid(rng), str(rng.choice(RING_MODELS))))
    return _Person(
        index=index,
        rng=rng,
        user_id=_uuid(rng),
        age=age,
        sex=sex,
        height_cm=round(height, 1),
        weight_kg=round(bmi * (height / 100) ** 2, 1),
        goals=goals,
        resting_hr=float(np.clip(rng.normal(70.0 - 14.0 * fitness, 4.0), 42.0, 85.0)),
        hr_max=208.0 - 0.7 * age,
        morning=bool(rng.random() < 0.35),
        sessions_per_week=int(np.clip(round(2 + 4 * fitness + rng.normal(0, 0.7)), 1, 6)),
        favourites=favourites,
        pace=float(np.clip(fitness + rng.normal(0, 0.15), 0.0, 1.0)),
        wake_h=float(np.clip(rng.normal(6.9, 0.5), 5.3, 8.5)),
        sleep_h=float(np.clip(rng.normal(7.2, 0.5), 6.0, 8.5)),
        devices=devices,
        feedback_p=float(rng.uniform(0.6, 0.95)),
        training_days=set(),
    )


def _profile_messages(p: _Person) -> list[tuple[str, Payload]]:
    user: Payload = {
        "user_id": p.user_id,
        "age": p.age,
        "sex": p.sex,
        "height_cm": p.height_cm,
        "weight_kg": p.weight_kg,
        "goals": p.goals,
    }
    devices = [
        ("devices", {"device_id": did, "user_id": p.user_id, "model": model})
        for did, model in p.devices
    ]
    return [("users", user), *devices]


def _keytel_kcal_per_min(p: _Person, hr: float) -> float:
    """Energy expenditure from heart rate (Keytel et al. 2005), kcal/min, at least 1."""
    if p.sex == "male":
        kj = -55.0969 + 0.6309 * hr + 0.1988 * p.weight_kg + 0.2017 * p.age
    else:
        kj = -20.4022 + 0.4472 * hr - 0.1263 * p.weight_kg + 0.074 * p.age
    return max(1.0, kj / 4.184)


@dataclass
class _Done:
    kcal: float = 0.0
    rpe: float | None = None
    ends_h: float | None = None  # hours after midnight the last session ended


def _activity(
    p: _Person, day: date, kind: str, start_h: float, done: _Done
) -> tuple[datetime, Payload]:
    rng = p.rng
    a = ACTIVITIES[kind]
    minutes = float(rng.uniform(*a.minutes))
    frac = float(rng.uniform(*a.hrr))
    avg = p.resting_hr + frac * (p.hr_max - p.resting_hr)
    peak = min(p.hr_max, avg + float(rng.uniform(6, 22)))
    kcal = _keytel_kcal_per_min(p, avg) * minutes
    started = _at(day, start_h)
    payload: Payload = {
        "event_id": _uuid(rng),
        "user_id": p.user_id,
        "device_id": p.devices[0][0],
        "activity_type": kind,
        "event_ts": _ts(started),
        "duration_s": round(minutes * 60),
        "heart_rate_bpm": round(avg),
        "max_heart_rate_bpm": round(peak),
        "calories_burned": round(kcal),
    }
    if a.speed_kmh is not None:
        lo, hi = a.speed_kmh
        speed = lo + (hi - lo) * float(np.clip(p.pace + rng.normal(0, 0.08), 0, 1))
        payload["distance_m"] = round(speed * minutes / 60 * 1000, -1)
    if a.cadence is not None:
        payload["step_increment"] = round(float(rng.uniform(*a.cadence)) * minutes)
    if payload["max_heart_rate_bpm"] < payload["heart_rate_bpm"]:
        payload["max_heart_rate_bpm"] = payload["heart_rate_bpm"]
    done.kcal += kcal
    rpe = round(float(rng.uniform(*a.rpe)) * 2) / 2
    done.rpe = rpe if done.rpe is None else max(done.rpe, rpe)
    done.ends_h = max(done.ends_h or 0.0, start_h + minutes / 60)
    return started, payload


def _night(p: _Person, morning: date) -> tuple[datetime, Payload, float]:
    """The sleep ending on ``morning``; returns (end, payload, hours asleep)."""
    rng = p.rng
    weekend = morning.weekday() >= 5
    wake = p.wake_h + (1.1 if weekend else 0.0) + float(rng.normal(0, 0.3))
    asleep_h = p.sleep_h + (0.6 if weekend else 0.0) - (0.3 if p.hard_yesterday else 0.0)
    asleep_h = float(np.clip(asleep_h + rng.normal(0, 0.5), 4.5, 10.0))
    awakenings = int(rng.poisson(2.0))
    asleep_min = round(asleep_h * 60)
    awake_min = round(asleep_min * float(rng.uniform(0.04, 0.10))) + 2 * awakenings
    deep = round(asleep_min * float(np.clip(rng.normal(0.18, 0.025), 0.13, 0.23)))
    rem = round(asleep_min * float(np.clip(rng.normal(0.22, 0.02), 0.18, 0.25)))
    light = asleep_min - deep - rem
    end = _at(morning, float(np.clip(wake, 4.5, 11.0)))
    start = end - timedelta(minutes=asleep_min + awake_min)
    quality = float(
        np.clip(
            0.55 + 0.12 * (asleep_h - 7.0) - 0.04 * (awakenings - 2) + rng.normal(0, 0.07),
            0.05,
            0.99,
        )
    )
    payload: Payload = {
        "session_id": _uuid(rng),
        "user_id": p.user_id,
        "start_ts": _ts(start),
        "end_ts": _ts(end),
        "quality": round(quality, 2),
        "sleep_stage_breakdown": {"awake": awake_min, "light": light, "deep": deep, "rem": rem},
        "awakenings": awakenings,
    }
    return end, payload, asleep_h


def _energy_need(p: _Person, activity_kcal: float) -> float:
    """Mifflin-St Jeor BMR × 1.35 (daily life) plus exercise, adjusted for the goal."""
    bmr = 10 * p.weight_kg + 6.25 * p.height_cm - 5 * p.age + (5 if p.sex == "male" else -161)
    need = bmr * 1.35 + activity_kcal
    if "weight_loss" in p.goals:
        need -= 400
    elif "muscle_gain" in p.goals:
        need += 250
    return need


def _meals(p: _Person, day: date, wake_h: float, done: _Done) -> list[tuple[datetime, Payload]]:
    rng = p.rng
    types = ["breakfast", "lunch", "snack", "dinner"]
    if rng.random() < 0.4:
        types.remove("snack")
    # Never below a safe floor, however ambitious the fat-loss goal.
    floor = 1200.0 if p.sex == "female" else 1500.0
    target = max(floor, _energy_need(p, done.kcal) * float(rng.normal(1.0, 0.06)))
    share = {"breakfast": 0.25, "lunch": 0.33, "snack": 0.12, "dinner": 0.35}
    total_share = sum(share[t] for t in types)
    dinner_h = max(19.0, (done.ends_h or 0.0) + 0.75) if done.ends_h and done.ends_h > 17 else 19.0
    hours = {
        "breakfast": wake_h + float(rng.uniform(0.3, 1.0)),
        "lunch": float(rng.normal(12.9, 0.3)),
        "snack": float(rng.normal(16.2, 0.3)),
        "dinner": min(22.0, dinner_h + float(rng.normal(0.3, 0.2))),
    }
    out = []
    for meal_type in types:
        description, prot, carb, fat = MENU[meal_type][int(rng.integers(len(MENU[meal_type])))]
        dish_kcal = 4 * prot + 4 * carb + 9 * fat
        scale = target * share[meal_type] / total_share / dish_kcal
        protein, carbs, fats = (
            round(g * scale * float(rng.normal(1.0, 0.04))) for g in (prot, carb, fat)
        )
        label_error = float(np.clip(rng.normal(0.0, 0.012), -0.03, 0.03))
        kcal = round((4 * protein + 4 * carbs + 9 * fats) * (1 + label_error) / 5) * 5
        eaten = _at(day, float(np.clip(hours[meal_type], 5.0, 22.5)))
        out.append(
            (
                eaten,
                {
                    "meal_id": _uuid(rng),
                    "user_id": p.user_id,
                    "ts": _ts(eaten),
                    "meal_type": meal_type,
                    "description": description,
                    "calories": kcal,
                    "protein_g": protein,
                    "carbs_g": carbs,
                    "fat_g": fats,
                },
            )
        )
    return out


def _plan_week(p: _Person) -> None:
    """Pick this week's training days (Monday 0), spread over the week."""
    n = p.sessions_per_week + int(p.rng.choice([-1, 0, 0, 0, 1]))
    n = int(np.clip(n, 0, 7))
    p.training_days = {int(d) for d in p.rng.choice(7, size=n, replace=False)}


def _day(p: _Person, day: date) -> list[tuple[datetime, str, Payload]]:
    """One user's messages for ``day`` (the night ending that morning included)."""
    rng = p.rng
    week = day.toordinal() // 7
    if week != p.week:
        p.week = week
        _plan_week(p)
    out: list[tuple[datetime, str, Payload]] = []
    woke, night, asleep_h = _night(p, day)
    out.append((woke, "sleep", night))
    wake_h = (woke - datetime.combine(day, time.min, tzinfo=UTC)).total_seconds() / 3600
    done = _Done()
    if day.weekday() in p.training_days:
        kind = str(rng.choice(p.favourites))
        if p.morning:
            start_h = max(wake_h + 0.4, float(rng.normal(6.8, 0.3)))
        else:
            start_h = float(rng.normal(10.0 if day.weekday() >= 5 else 18.0, 0.5))
        start_h = max(start_h, wake_h + 0.4)
        ts, payload = _activity(p, day, kind, start_h, done)
        out.append((ts, "events", payload))
    if rng.random() < 0.7:  # a walk: commute, errands, the dog
        walk_h = float(rng.choice([8.3, 12.4, 17.2])) + float(rng.normal(0, 0.2))
        walk_h = max(walk_h, wake_h + 0.5)
        if done.ends_h is None or not (walk_h - 1.0 < done.ends_h < walk_h + 1.5):
            ts, payload = _activity(p, day, "walking", walk_h, _Done())
            done.kcal += payload["calories_burned"]
            out.append((ts, "events", payload))
    out.extend((ts, "nutrition", payload) for ts, payload in _meals(p, day, wake_h, done))
    if rng.random() < p.feedback_p:
        sleep_term = 0.9 * (asleep_h - 7.0)
        load_term = -0.5 * ((done.rpe or 0.0) - 5.0) if done.rpe else 0.3
        energy = int(np.clip(round(6.2 + sleep_term + load_term + rng.normal(0, 1.0)), 1, 10))
        mood = int(
            np.clip(
                round(6.5 + 0.6 * sleep_term + (0.6 if done.rpe else 0.0) + rng.normal(0, 1.1)),
                1,
                10,
            )
        )
        recorded = _at(day, float(np.clip(rng.normal(21.5, 0.4), 20.0, 23.5)))
        feedback: Payload = {
            "feedback_id": _uuid(rng),
            "user_id": p.user_id,
            "ts": _ts(recorded),
            "mood": mood,
            "energy": energy,
        }
        if done.rpe is not None:
            feedback["perceived_exertion"] = done.rpe
        out.append((recorded, "feedback", feedback))
    p.hard_yesterday = (done.rpe or 0.0) >= 7.0
    return out


# --- faults -----------------------------------------------------------------------------------


def _fault(rng: Rng, kind: str, payload: Payload) -> Payload:
    """A realistic mistake in a record message (the consumer dead-letters each of these)."""
    bad = dict(payload)
    choice = int(rng.integers(4))
    if choice == 0:
        bad["user_id"] = _uuid(rng)  # a user whose profile never arrives
    elif choice == 1:
        missing = {"events": "event_ts", "sleep": "end_ts", "nutrition": "ts", "feedback": "ts"}
        bad.pop(missing[kind])
    elif kind == "events" and "heart_rate_bpm" in bad:
        bad["heart_rate_bpm"] = round(bad["heart_rate_bpm"] / 60, 2)  # sent in Hz
    elif kind == "sleep":
        stages = bad["sleep_stage_breakdown"]
        bad["sleep_stage_breakdown"] = {k: v * 60 for k, v in stages.items()}  # seconds as min
    elif kind == "nutrition":
        bad["calories"] = f"{bad['calories']} kcal"  # a number as text
    else:
        bad["energy"] = 11 if choice == 2 else "high"
    return bad


# --- the streams ------------------------------------------------------------------------------


def _check(athletes: int, days: int, end: date) -> None:
    if not 1 <= athletes <= MAX_ATHLETES:
        raise InvalidInput(f"athletes must lie between 1 and {MAX_ATHLETES}, got {athletes}")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must lie between 1 and {MAX_DAYS}, got {days}")
    if (end - timedelta(days=days + 1)).year < 1971:
        raise InvalidInput("the simulated history cannot start before 1971")


def wearable_days(
    athletes: int,
    days: int,
    seed: int,
    end: date,
    *,
    streams: WearableStreams | None = None,
    faults: float = 0.0,
) -> Iterator[list[tuple[str, Payload]]]:
    """The messages in time order, in groups: first all profiles and devices, then one group
    per day (``days + 1`` groups). ``generate_wearables`` flattens this."""
    _check(athletes, days, end)
    if not 0.0 <= faults <= 1.0:
        raise InvalidInput(f"faults is a fraction between 0 and 1, got {faults}")
    names = (streams or WearableStreams()).all()
    people = [_person(seed, i) for i in range(athletes)]
    fault_rng = np.random.default_rng([seed, athletes, days, 7919])
    yield [(names[kind], payload) for p in people for kind, payload in _profile_messages(p)]
    start = end - timedelta(days=days)
    for offset in range(days):
        day = start + timedelta(days=offset)
        messages = [item for p in people for item in _day(p, day)]
        messages.sort(key=lambda item: (item[0], item[1]))
        group = []
        for _, kind, payload in messages:
            if faults and fault_rng.random() < faults:
                payload = _fault(fault_rng, kind, payload)
            group.append((names[kind], payload))
        yield group


def generate_wearables(
    athletes: int,
    days: int,
    seed: int,
    end: date,
    *,
    streams: WearableStreams | None = None,
    faults: float = 0.0,
) -> Iterator[tuple[str, Payload]]:
    """``(stream, payload)`` for ``athletes`` users over the ``days`` days before ``end``, in
    time order (profiles and devices first). Deterministic for the arguments."""
    for group in wearable_days(athletes, days, seed, end, streams=streams, faults=faults):
        yield from group


@dataclass(frozen=True)
class PublishReport:
    """How many messages went to each stream."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def publish_wearables(
    bus: Bus,
    athletes: int,
    days: int,
    seed: int,
    end: date,
    *,
    streams: WearableStreams | None = None,
    faults: float = 0.0,
    chunk: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> PublishReport:
    """Publish the simulated streams on ``bus``; ``progress(done, total)`` counts day groups.

    Messages go out in ``publish_many`` chunks per stream; each stream keeps time order, and
    all profiles and devices are published before the first record.
    """
    counts: dict[str, int] = {}
    buffers: dict[str, list[Payload]] = {}

    def flush(stream: str) -> None:
        pending = buffers.pop(stream, [])
        if pending:
            bus.publish_many(stream, pending)
            counts[stream] = counts.get(stream, 0) + len(pending)

    total = days + 1
    for done, group in enumerate(
        wearable_days(athletes, days, seed, end, streams=streams, faults=faults), start=1
    ):
        for stream, payload in group:
            buffers.setdefault(stream, []).append(payload)
            if len(buffers[stream]) >= chunk:
                flush(stream)
        if done == 1:  # profiles and devices before anything that refers to them
            for stream in list(buffers):
                flush(stream)
        if progress is not None:
            progress(done, total)
    for stream in list(buffers):
        flush(stream)
    return PublishReport(counts)


def summarise(messages: Sequence[tuple[str, Payload]]) -> Mapping[str, int]:
    """Messages per stream (tests and the CLI's dry run use it)."""
    out: dict[str, int] = {}
    for stream, _ in messages:
        out[stream] = out.get(stream, 0) + 1
    return out


__all__ = [
    "ACTIVITIES",
    "PublishReport",
    "generate_wearables",
    "publish_wearables",
    "summarise",
    "wearable_days",
]
