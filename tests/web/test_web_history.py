"""The training log pages: the history (newest first, paged, filtered by exercise and days), a
workout's page with sets to correct or delete after a confirmation, undo of the last entry,
progress and records per exercise, and the quick log. Records, e1RM and the training load
follow every change. On SQLite and PostgreSQL (the ``site`` fixture)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

import pytest
from tests.conftest import NOW
from tests.factories import make_athlete, workout
from tests.fixtures.tables import row_counts
from tests.web.conftest import Site

from fitcoach.core.units import KG_PER_LB, M_PER_MI
from fitcoach.services import athletes, monitoring, training_log

SQUAT = "barbell-back-squat"
BENCH = "barbell-bench-press"
DEADLIFT = "barbell-deadlift"


def _path(site: Site, rest: str = "") -> str:
    return f"/athletes/{site.athlete_id}{rest}"


def _fresh(site: Site) -> None:
    """See what the app committed."""
    site.ctx.session.rollback()


def _log(site: Site, at: Any, *sets: tuple[str, int, float | None, float | None], **extra: Any) -> int:  # fmt: skip
    """A workout logged by the operator (not the signed-in athlete); its id."""
    logged = training_log.log_workout(site.ctx, site.athlete_id, workout(at, *sets, **extra))
    site.ctx.session.commit()
    return logged.id


def _record(site: Site, exercise: str) -> Any:
    _fresh(site)
    found = training_log.records(site.ctx, site.athlete_id, exercise)
    return found[0] if found else None


def _ids(html: str, kind: str) -> list[int]:
    """The sessions the history lists, in order (ids of one kind)."""
    return [int(i) for i in re.findall(rf'href="/athletes/\d+/{kind}/(\d+)"', html)]


def _set_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="set-(\d+)"', html)]


def test_history_lists_sessions_newest_first_with_filters_and_pages(site: Site) -> None:
    bench = _log(site, NOW - timedelta(days=2), (BENCH, 5, 60, 2), (BENCH, 5, 60, 2))
    training_log.log_cardio(
        site.ctx,
        site.athlete_id,
        {"activity_type": "run", "started_at": NOW - timedelta(days=1), "duration_s": 1800},
    )
    site.ctx.session.commit()
    page = site.client.get(_path(site, "/history"))
    assert page.status_code == 200, page.text
    cardio = _ids(page.text, "cardio")
    workouts = _ids(page.text, "workouts")
    assert len(cardio) == 1
    assert len(workouts) == 5
    assert workouts[0] == bench  # newest first; the run (yesterday) above the bench (2 days ago)
    assert page.text.index(f"/cardio/{cardio[0]}") < page.text.index(f"/workouts/{bench}")
    assert "Run" in page.text
    assert "2 sets · 600 kg lifted · Barbell Bench Press" in page.text
    # The exercise select offers what was logged, by name; choosing one keeps its workouts only.
    assert '<option value="barbell-bench-press">Barbell Bench Press</option>' in page.text
    assert '<option value="barbell-back-squat">Barbell Back Squat</option>' in page.text
    only = site.client.get(_path(site, "/history"), params={"exercise": BENCH})
    assert _ids(only.text, "workouts") == [bench]
    assert not _ids(only.text, "cardio")
    assert '<option value="barbell-bench-press" selected>' in only.text
    squats = site.client.get(_path(site, "/history"), params={"exercise": SQUAT})
    assert len(_ids(squats.text, "workouts")) == 4
    # Days: the last three days hold the bench workout and the run.
    recent = site.client.get(
        _path(site, "/history"),
        params={"from": (NOW - timedelta(days=3)).date().isoformat(), "to": NOW.date().isoformat()},
    )
    assert _ids(recent.text, "workouts") == [bench]
    assert len(_ids(recent.text, "cardio")) == 1
    for params, message in (
        ({"from": "yesterday"}, "from: a date like 2026-11-20"),
        ({"from": "2026-11-20", "to": "2026-11-01"}, "the last day lies before the first"),
        ({"exercise": DEADLIFT}, "choose one of the exercises you have logged"),
    ):
        bad = site.client.get(_path(site, "/history"), params=params)
        assert bad.status_code == 422, params
        assert message in bad.text
    # Paging: 20 a page, the newest first; page 2 holds the rest.
    for n in range(17):
        _log(site, NOW - timedelta(days=30 + n), (DEADLIFT, 3, 100, 3))
    first = site.client.get(_path(site, "/history"))
    assert "Page 1 of 2 · 23 sessions" in first.text
    assert len(_ids(first.text, "workouts")) + len(_ids(first.text, "cardio")) == 20
    second = site.client.get(_path(site, "/history"), params={"page": 2})
    rest = _ids(second.text, "workouts")
    assert len(rest) == 3
    assert not set(rest) & set(_ids(first.text, "workouts"))
    filtered = site.client.get(_path(site, "/history"), params={"exercise": DEADLIFT, "page": 1})
    assert "?page=1&exercise=barbell-deadlift" not in filtered.text  # one page: no link onwards
    assert "Page 1 of 1 · 17 sessions" in filtered.text


def test_a_workout_page_lists_its_sets_and_records(site: Site) -> None:
    wid = _log(
        site,
        NOW - timedelta(hours=3),
        (SQUAT, 5, 60, None),
        (SQUAT, 3, 120, 1),
        (BENCH, 8, 70.5, 2),
        title="Heavy day",
        session_rpe=8,
        duration_s=3600,
    )
    page = site.client.get(_path(site, f"/workouts/{wid}"))
    assert page.status_code == 200
    assert "<h1>Heavy day</h1>" in page.text
    assert "1 h" in page.text
    assert "session RPE 8" in page.text
    assert "Barbell Back Squat" in page.text
    assert "Barbell Bench Press" in page.text
    assert "70.5 kg" in page.text
    assert "120 kg" in page.text
    assert len(_set_ids(page.text)) == 3
    assert "Records: best e1RM 136 kg" in page.text  # 120 × (1 + 4/30)
    assert f'href="/athletes/{site.athlete_id}/workouts/{wid}/delete"' in page.text


def test_another_athletes_sessions_and_sets_are_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    theirs = training_log.log_workout(
        site.ctx, other.id, workout(NOW - timedelta(days=1), (SQUAT, 5, 100, 2))
    ).id
    run = training_log.log_cardio(
        site.ctx,
        other.id,
        {"activity_type": "run", "started_at": NOW - timedelta(days=1), "duration_s": 600},
    ).id
    mine = _log(site, NOW - timedelta(days=1), (SQUAT, 5, 90, 2))
    their_set = training_log.entry(site.ctx, other.id, "workouts", theirs)["sets"][0]["id"]
    my_set = training_log.entry(site.ctx, site.athlete_id, "workouts", mine)["sets"][0]["id"]
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    csrf = site.csrf()
    for path in (
        f"/athletes/{other.id}/history",
        f"/athletes/{other.id}/workouts/{theirs}",
        f"/athletes/{other.id}/progress",
        f"/athletes/{other.id}/log",
        _path(site, f"/workouts/{theirs}"),
        _path(site, f"/workouts/{theirs}/delete"),
        _path(site, f"/workouts/{theirs}/sets/{their_set}/edit"),
        _path(site, f"/workouts/{mine}/sets/{their_set}/edit"),  # their set under my workout
        _path(site, f"/cardio/{run}"),
        _path(site, f"/cardio/{run}/delete"),
    ):
        assert site.client.get(path).status_code == 404, path
    for path, data in (
        (_path(site, f"/workouts/{theirs}/delete"), {}),
        (_path(site, f"/workouts/{mine}/sets/{their_set}/delete"), {}),
        (
            _path(site, f"/workouts/{theirs}/sets/{their_set}/edit"),
            {"reps": "1", "confirm": "yes"},
        ),
        (_path(site, f"/cardio/{run}/delete"), {}),
        (_path(site, "/undo"), {"kind": "workouts", "entry_id": str(theirs)}),
        (f"/athletes/{other.id}/workouts/{theirs}/delete", {}),
        (f"/athletes/{other.id}/log", {"exercise_0": "squat", "reps_0": "5"}),
    ):
        response = site.client.post(path, data={"csrf_token": csrf, **data})
        assert response.status_code == 404, (path, response.status_code)
    assert site.client.get(_path(site, f"/workouts/{mine}/sets/{my_set}/edit")).status_code == 200
    _fresh(site)
    assert row_counts(site.ctx.session) == before


def test_every_change_needs_the_csrf_token(site: Site) -> None:
    wid = _log(site, NOW - timedelta(days=1), (SQUAT, 5, 90, 2), (SQUAT, 5, 90, 2))
    set_id = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"][0]["id"]
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    for path, data in (
        (f"/workouts/{wid}/delete", {}),
        (f"/workouts/{wid}/sets/{set_id}/delete", {}),
        (f"/workouts/{wid}/sets/{set_id}/edit", {"reps": "3", "confirm": "yes"}),
        ("/undo", {"kind": "workouts", "entry_id": str(wid)}),
        ("/log", {"exercise_0": "squat", "reps_0": "5", "started_at": "2026-11-20T10:00"}),
    ):
        for token in ({}, {"csrf_token": "forged"}):
            response = site.client.post(_path(site, path), data={**data, **token})
            assert response.status_code == 403, (path, token, response.text[:300])
    _fresh(site)
    assert row_counts(site.ctx.session) == before


def test_deleting_the_heavy_set_takes_its_record_and_e1rm_away(site: Site) -> None:
    wid = _log(site, NOW - timedelta(days=1), (SQUAT, 5, 90, 2), (SQUAT, 2, 140, 0))
    heavy = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"][1]
    assert _record(site, SQUAT).heaviest_kg == 140
    confirm = site.client.get(_path(site, f"/workouts/{wid}/sets/{heavy['id']}/delete"))
    assert confirm.status_code == 200
    assert "Delete set 2 of Barbell Back Squat?" in confirm.text
    assert "2 × 140 kg, RIR 0" in confirm.text
    assert _record(site, SQUAT).heaviest_kg == 140  # asking changes nothing
    done = site.client.post(
        _path(site, f"/workouts/{wid}/sets/{heavy['id']}/delete"),
        data={"csrf_token": site.csrf()},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == _path(site, f"/workouts/{wid}?deleted=set")
    record = _record(site, SQUAT)
    assert record.heaviest_kg == 90  # the two weeks of squats reached 82.5; this workout's 90 stays
    assert record.best_e1rm_kg == pytest.approx(90 * (1 + 7 / 30))
    trend = training_log.e1rm_trend(site.ctx, site.athlete_id, SQUAT)
    assert max(kg for _, kg in trend) == pytest.approx(90 * (1 + 7 / 30))
    page = site.client.get(done.headers["location"])
    assert "Set deleted" in page.text
    assert len(_set_ids(page.text)) == 1
    progress = site.client.get(_path(site, "/progress"), params={"exercise": SQUAT})
    data = json.loads(re.search(r'id="progress-data">(.*?)</script>', progress.text).group(1))  # type: ignore[union-attr]
    assert max(data["heaviest_kg"]) == 90
    assert 140 not in data["heaviest_kg"]


def test_correcting_a_set_asks_first_then_folds_the_records_again(site: Site) -> None:
    wid = _log(site, NOW - timedelta(days=1), (SQUAT, 3, 150, 1))
    set_id = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"][0]["id"]
    site.ctx.session.commit()
    path = _path(site, f"/workouts/{wid}/sets/{set_id}/edit")
    form = site.client.get(path)
    assert 'name="reps" inputmode="numeric" value="3"' in form.text
    assert 'name="weight" inputmode="decimal" value="150"' in form.text
    typed = {"reps": "3", "weight": "105", "rir": "1"}
    review = site.client.post(path, data={"csrf_token": site.csrf(), **typed})
    assert review.status_code == 200
    assert "Before: 3 × 150 kg, RIR 1" in review.text
    assert "After: 3 × 105 kg, RIR 1" in review.text
    assert 'name="confirm" value="yes"' in review.text
    assert _record(site, SQUAT).heaviest_kg == 150  # nothing stored before the second submit
    saved = site.client.post(
        path, data={"csrf_token": site.csrf(), **typed, "confirm": "yes"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert _record(site, SQUAT).heaviest_kg == 105
    # Marked a warm-up: the set no longer counts for records at all.
    site.client.post(
        path, data={"csrf_token": site.csrf(), **typed, "is_warmup": "1", "confirm": "yes"}
    )
    assert _record(site, SQUAT).heaviest_kg == 82.5  # the two weeks of squats
    bad = site.client.post(path, data={"csrf_token": site.csrf(), "reps": "five", "weight": "x"})
    assert bad.status_code == 422
    assert "reps: write a whole number" in bad.text
    assert 'value="five" required aria-invalid="true"' in bad.text
    same = site.client.post(path, data={"csrf_token": site.csrf(), **typed, "is_warmup": "1"})
    assert same.status_code == 422
    assert "nothing changed" in same.text
    # A load typed with its unit is converted.
    site.client.post(
        path, data={"csrf_token": site.csrf(), **typed, "weight": "225 lb", "confirm": "yes"}
    )
    _fresh(site)
    stored = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"][0]
    assert stored["weight_kg"] == pytest.approx(225 * KG_PER_LB, abs=0.01)
    assert stored["is_warmup"] is False


def test_a_dumbbell_sets_edit_and_confirmations_say_per_hand(site: Site) -> None:
    """A dumbbell in each hand: the load is each dumbbell's, as the workout's page says; the
    set's edit form, its review and its delete confirmation say so too, a barbell's not."""
    wid = _log(site, NOW - timedelta(days=1), ("dumbbell-bench-press", 10, 24, 2), (SQUAT, 5, 100, 2))  # fmt: skip
    dumbbell, barbell = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"]
    site.ctx.session.commit()
    base = _path(site, f"/workouts/{wid}/sets")
    assert "24 kg per hand" in site.client.get(_path(site, f"/workouts/{wid}")).text
    assert "Weight (kg per hand)" in site.client.get(f"{base}/{dumbbell['id']}/edit").text
    review = site.client.post(
        f"{base}/{dumbbell['id']}/edit",
        data={"csrf_token": site.csrf(), "reps": "10", "weight": "26", "rir": "2"},
    )
    assert "Before: 10 × 24 kg per hand, RIR 2" in review.text
    assert "After: 10 × 26 kg per hand, RIR 2" in review.text
    assert "10 × 24 kg per hand" in site.client.get(f"{base}/{dumbbell['id']}/delete").text
    squat = site.client.get(f"{base}/{barbell['id']}/edit").text
    assert "Weight (kg)" in squat
    assert "per hand" not in squat
    assert "per hand" not in site.client.get(f"{base}/{barbell['id']}/delete").text
    # The quick log, where any exercise is typed: which load a dumbbell's is.
    assert "a dumbbell exercise's per hand" in site.client.get(_path(site, "/log")).text


def test_deleting_a_workout_takes_it_out_of_records_and_the_training_load(site: Site) -> None:
    day = NOW - timedelta(days=1)
    wid = _log(site, day, (SQUAT, 3, 150, 1), session_rpe=8, duration_s=3600)
    today = monitoring.local_today(site.ctx, site.athlete_id)

    def load_on_day() -> float:
        _fresh(site)
        report = monitoring.training_load(site.ctx, site.athlete_id, start=today - timedelta(days=3), end=today)  # fmt: skip
        return sum(d.load_au for d in report.days if d.day == day.date())

    assert load_on_day() == pytest.approx(8 * 60)
    confirm = site.client.get(_path(site, f"/workouts/{wid}/delete"))
    assert "Delete the workout?" in confirm.text
    assert "1 set: Barbell Back Squat" in confirm.text
    done = site.client.post(
        _path(site, f"/workouts/{wid}/delete"),
        data={"csrf_token": site.csrf()},
        follow_redirects=False,
    )
    assert done.headers["location"] == _path(site, "/history?deleted=workouts")
    assert "The workout was deleted" in site.client.get(done.headers["location"]).text
    assert load_on_day() == 0
    assert _record(site, SQUAT).heaviest_kg == 82.5
    assert site.client.get(_path(site, f"/workouts/{wid}")).status_code == 404


def test_deleting_a_set_of_a_workout_without_duration_lowers_its_load(site: Site) -> None:
    """A workout without a duration is counted by its sets: one fewer, less load."""
    day = NOW - timedelta(days=1)
    wid = _log(site, day, *[(BENCH, 8, 60, 2)] * 4, session_rpe=7)
    today = monitoring.local_today(site.ctx, site.athlete_id)

    def load() -> float:
        _fresh(site)
        report = monitoring.training_load(site.ctx, site.athlete_id, start=today - timedelta(days=3), end=today)  # fmt: skip
        return sum(d.load_au for d in report.days if d.day == day.date())

    before = load()
    set_id = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)["sets"][0]["id"]
    site.client.post(
        _path(site, f"/workouts/{wid}/sets/{set_id}/delete"), data={"csrf_token": site.csrf()}
    )
    assert load() == pytest.approx(before * 3 / 4)


def test_cardio_page_and_delete(site: Site) -> None:
    run = training_log.log_cardio(
        site.ctx,
        site.athlete_id,
        {
            "activity_type": "trail_run",
            "started_at": NOW - timedelta(hours=5),
            "duration_s": 2700,
            "distance_m": 8000,
            "avg_hr": 151,
        },
    ).id
    site.ctx.session.commit()
    page = site.client.get(_path(site, f"/cardio/{run}"))
    assert "<h1>Trail run</h1>" in page.text
    assert "8 km" in page.text
    assert "151 bpm" in page.text
    assert "Delete the cardio session?" in site.client.get(_path(site, f"/cardio/{run}/delete")).text  # fmt: skip
    done = site.client.post(
        _path(site, f"/cardio/{run}/delete"),
        data={"csrf_token": site.csrf()},
        follow_redirects=False,
    )
    assert done.headers["location"] == _path(site, "/history?deleted=cardio")
    _fresh(site)
    assert training_log.history(site.ctx, site.athlete_id, "cardio") == []


def _quick(site: Site, **fields: str) -> Any:
    form = site.client.get(_path(site, "/log"))
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form.text)
    assert nonce, form.text[:2000]
    data = {"csrf_token": site.csrf(), "nonce": nonce.group(1), "rows": "5", **fields}
    data.setdefault("started_at", "2026-11-20T10:30")
    return site.client.post(_path(site, "/log"), data=data, follow_redirects=False)


def test_quick_log_with_the_librarys_names_and_suggestions(site: Site) -> None:
    form = site.client.get(_path(site, "/log"))
    assert 'name="started_at" value="2026-11-20T12:00"' in form.text  # now, the athlete's time
    assert '<option value="Barbell Back Squat">' in form.text  # the library's names to pick
    # "row" is several exercises, "benchpress" none: the form comes back with suggestions and
    # what was typed; nothing is stored.
    before = row_counts(site.ctx.session)
    typed = {
        "title": "Hotel gym",
        "exercise_0": "row",
        "sets_0": "3",
        "reps_0": "10",
        "weight_0": "50",
        "exercise_1": "benchpress",
        "reps_1": "8",
        "weight_1": "60",
        "exercise_2": "squat",
        "sets_2": "2",
        "reps_2": "5",
        "weight_2": "225 lb",
        "rir_2": "2",
    }
    asked = _quick(site, **typed)
    assert asked.status_code == 422
    assert "row 1: which exercise is &#39;row&#39;?" in asked.text
    assert 'name="choice_0" value="Barbell Bent-Over Row"' in asked.text
    assert "row 2: unknown exercise &#39;benchpress&#39;" in asked.text
    assert 'name="choice_1" value="Barbell Bench Press"' in asked.text
    assert 'value="Barbell Back Squat"' in asked.text  # a name that resolved reads as its name
    assert 'value="Hotel gym"' in asked.text
    assert 'name="weight_2" inputmode="decimal" value="225 lb"' in asked.text
    _fresh(site)
    assert row_counts(site.ctx.session) == before
    # The suggestions chosen, the workout is stored: 3 + 1 + 2 sets, the load in kg.
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', asked.text).group(1)  # type: ignore[union-attr]
    data = {**typed, "csrf_token": site.csrf(), "nonce": nonce, "rows": "5", "started_at": "2026-11-20T10:30"}  # fmt: skip
    data.update(choice_0="Barbell Bent-Over Row", choice_1="Barbell Bench Press")
    logged = site.client.post(_path(site, "/log"), data=data, follow_redirects=False)
    assert logged.status_code == 303, logged.text[:3000]
    wid = int(re.search(r"/workouts/(\d+)\?logged=1$", logged.headers["location"]).group(1))  # type: ignore[union-attr]
    _fresh(site)
    stored = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)
    assert stored["title"] == "Hotel gym"
    assert stored["source"] == "web"
    assert stored["started_at"] == NOW.replace(hour=10, minute=30) - _offset(site)
    assert [(s["exercise"], s["reps"]) for s in stored["sets"]] == [("barbell-row", 10)] * 3 + [
        (BENCH, 8)
    ] + [(SQUAT, 5)] * 2
    assert stored["sets"][-1]["weight_kg"] == pytest.approx(225 * KG_PER_LB, abs=0.01)
    assert stored["sets"][-1]["rir"] == 2
    # The same form sent twice (a double tap) stores it once.
    again = site.client.post(_path(site, "/log"), data=data, follow_redirects=False)
    assert again.headers["location"] == logged.headers["location"]
    page = site.client.get(logged.headers["location"])
    said = re.search(r'<p class="ok" role="status" id="logged-said">([^<]*)</p>', page.text)
    assert said is not None, page.text[:3000]
    # The chat's words for a log (``training_log.logged_words``), its day the athlete's.
    assert said.group(1) == (
        "Logged on Fri 20 Nov: 3 x 10 Barbell Bent-Over Row at 50 kg; 1 x 8 Barbell Bench "
        "Press at 60 kg; 2 x 5 Barbell Back Squat at 102.06 kg, RIR 2 (6 sets in all)."
    ), said.group(1)
    assert 'id="undo-form"' in page.text


def _offset(site: Site) -> timedelta:
    """The athlete's UTC offset at NOW (a time typed in the form is their local time)."""
    zone = training_log.athlete_zone(site.ctx, site.athlete_id)
    offset = NOW.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def test_quick_log_names_each_bad_field(site: Site) -> None:
    empty = _quick(site)
    assert empty.status_code == 422
    assert "add at least one row" in empty.text
    bad = _quick(
        site,
        started_at="tomorrow",
        duration_min="long",
        exercise_0="squat",
        reps_0="",
        exercise_1="squat",
        reps_1="5",
        sets_1="99",
        weight_1="heavy",
        rir_1="11",
    )
    assert bad.status_code == 422
    for message in (
        "when: a date and time like",
        "duration: write a number",
        "row 1: how many reps per set",
        "row 2 sets: from 1 to 20",
        "row 2 weight:",
    ):
        assert message in bad.text, message
    future = _quick(site, exercise_0="squat", reps_0="5", started_at="2026-12-24T10:00")
    assert future.status_code == 422
    assert "is in the future" in future.text
    more = _quick(site, more="1", exercise_0="squat")
    assert more.status_code == 200
    assert 'name="exercise_7"' in more.text
    assert 'name="exercise_0" list="library" autocomplete="off" value="squat"' in more.text


def test_undo_takes_back_the_last_entry_within_the_window(site: Site) -> None:
    history = site.client.get(_path(site, "/history"))
    assert 'id="undo-form"' not in history.text  # the operator's seeding is not the athlete's
    logged = _quick(site, exercise_0="squat", reps_0="5", weight_0="100")
    wid = int(re.search(r"/workouts/(\d+)", logged.headers["location"]).group(1))  # type: ignore[union-attr]
    page = site.client.get(_path(site, "/history"))
    assert 'id="undo-form"' in page.text
    assert "Last logged: workout “strength session” (1 set), at" in page.text
    assert f'name="entry_id" value="{wid}"' in page.text
    assert "can be undone for 30 more minutes" in page.text
    assert _record(site, SQUAT).heaviest_kg == 100
    done = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "workouts", "entry_id": str(wid)},
        follow_redirects=False,
    )
    # What was removed, named as the chat's "undo that" names it (``undone_words``).
    assert done.status_code == 200, done.text
    said = "Removed the workout “strength session” (1 set)."
    assert said == training_log.undone_words("workout “strength session” (1 set)")
    assert f'<p class="ok" role="status" id="undone">{said}</p>' in done.text
    assert _record(site, SQUAT).heaviest_kg == 82.5  # records folded again without it
    assert site.client.get(_path(site, f"/workouts/{wid}")).status_code == 404
    # Nothing left to undo: the page says so and nothing else goes.
    again = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "workouts", "entry_id": str(wid)},
    )
    assert again.status_code == 404
    assert "nothing you logged in the last 30 minutes" in again.text


def test_undo_refuses_a_stale_page_and_an_old_entry(site: Site) -> None:
    first = _quick(site, exercise_0="squat", reps_0="5", weight_0="100")
    first_id = int(re.search(r"/workouts/(\d+)", first.headers["location"]).group(1))  # type: ignore[union-attr]
    site.clock.set(NOW + timedelta(minutes=1))
    second = _quick(site, exercise_0="bench", reps_0="5", weight_0="60")
    second_id = int(re.search(r"/workouts/(\d+)", second.headers["location"]).group(1))  # type: ignore[union-attr]
    # The page showed the first; the second was logged since: nothing is undone.
    stale = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "workouts", "entry_id": str(first_id)},
    )
    assert stale.status_code == 409
    assert "another entry was logged" in stale.text
    for wid in (first_id, second_id):
        assert site.client.get(_path(site, f"/workouts/{wid}")).status_code == 200
    # Past the window there is nothing to undo (delete it from its page instead).
    site.clock.set(NOW + timedelta(minutes=32))
    assert 'id="undo-form"' not in site.client.get(_path(site, "/history")).text
    late = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "workouts", "entry_id": str(second_id)},
    )
    assert late.status_code == 404
    assert site.client.get(_path(site, f"/workouts/{second_id}")).status_code == 200


def test_undo_reaches_what_the_chat_and_the_guided_workout_logged(site: Site) -> None:
    """The undo reads the audit trail of entries, not the web form: a meal logged through the
    API is the athlete's last entry too, and Undo takes it back."""
    headers = {"X-CSRF-Token": site.csrf()}
    meal = site.client.post(
        f"/api/v1/athletes/{site.athlete_id}/meals",
        json={
            "eaten_at": NOW.isoformat(),
            "meal_type": "lunch",
            "description": "Pasta",
            "calories_kcal": 700,
        },
        headers=headers,
    )
    assert meal.status_code == 201, meal.text
    page = site.client.get(_path(site, "/history"))
    assert "Last logged: meal “Pasta”" in page.text
    done = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "meals", "entry_id": str(meal.json()["id"])},
        follow_redirects=False,
    )
    assert done.status_code == 200, done.text
    assert "Removed the meal “Pasta”." in done.text
    _fresh(site)
    assert training_log.history(site.ctx, site.athlete_id, "meals") == []


def test_progress_page_charts_and_records(site: Site) -> None:
    _log(site, NOW - timedelta(days=1), (BENCH, 5, 60, 2), (BENCH, 12, 40, 0))
    page = site.client.get(_path(site, "/progress"), params={"exercise": SQUAT})
    assert page.status_code == 200
    assert "<h1>Progress: Barbell Back Squat</h1>" in page.text
    data = json.loads(re.search(r'id="progress-data">(.*?)</script>', page.text).group(1))  # type: ignore[union-attr]
    assert len(data["days"]) == 4  # two weeks, twice a week
    assert data["heaviest_kg"] == [80, 80, 82.5, 82.5]
    assert data["e1rm_kg"][-1] == pytest.approx(82.5 * (1 + 7 / 30), abs=0.05)
    assert data["most_reps"] == [5, 5, 5, 5]
    assert data["volume_kg"][-1] == 412.5
    for chart in ("chart-e1rm", "chart-volume", "chart-reps"):
        assert f'id="{chart}"' in page.text
    assert '<script src="/static/progress.js' in page.text
    # Records of every exercise, each linking to its progress.
    assert 'id="records-table"' in page.text
    assert f'href="/athletes/{site.athlete_id}/progress?exercise={BENCH}">Barbell Bench Press</a>' in page.text  # fmt: skip
    bench = site.client.get(_path(site, "/progress"), params={"exercise": BENCH})
    data = json.loads(re.search(r'id="progress-data">(.*?)</script>', bench.text).group(1))  # type: ignore[union-attr]
    assert data["most_reps"] == [12]
    assert data["heaviest_kg"] == [60]
    assert data["volume_kg"] == [480]  # 12 × 40 beats 5 × 60
    assert site.client.get(_path(site, "/progress"), params={"exercise": DEADLIFT}).status_code == 404  # fmt: skip
    default = site.client.get(_path(site, "/progress"))  # the best record's exercise by default
    assert "<h1>Progress: Barbell Back Squat</h1>" in default.text


def test_a_new_athlete_sees_empty_pages_that_say_what_to_do(site: Site) -> None:
    fresh = make_athlete(site.ctx)
    site.ctx.session.commit()
    from fitcoach.services import accounts

    accounts.set_password(site.ctx, accounts.account_for(site.ctx, fresh.email).id, "correct horse battery")  # fmt: skip
    site.ctx.session.commit()
    from tests.web.conftest import login

    assert login(site.client, fresh.email, "correct horse battery").status_code == 303
    history = site.client.get(f"/athletes/{fresh.id}/history")
    assert "Nothing logged yet" in history.text
    assert f'href="/athletes/{fresh.id}/log"' in history.text
    progress = site.client.get(f"/athletes/{fresh.id}/progress")
    assert progress.status_code == 200
    assert "No records yet" in progress.text
    assert "progress-data" not in progress.text


# --- the workout itself: title, start, session RPE ---------------------------------------------


def test_editing_a_workout_asks_first_then_changes_its_load_and_its_records_date(
    site: Site,
) -> None:
    day = NOW - timedelta(days=1)
    wid = _log(site, day, (SQUAT, 3, 150, 1), session_rpe=8, duration_s=3600, title="Legs")
    today = monitoring.local_today(site.ctx, site.athlete_id)

    def load_on(when: Any) -> float:
        _fresh(site)
        report = monitoring.training_load(site.ctx, site.athlete_id, start=today - timedelta(days=5), end=today)  # fmt: skip
        return sum(d.load_au for d in report.days if d.day == when.date())

    assert load_on(day) == pytest.approx(8 * 60)
    page = site.client.get(_path(site, f"/workouts/{wid}"))
    assert f'href="{_path(site, f"/workouts/{wid}/edit")}"' in page.text
    path = _path(site, f"/workouts/{wid}/edit")
    form = site.client.get(path).text
    assert 'name="title" maxlength="120" value="Legs"' in form
    assert 'name="session_rpe" inputmode="decimal" value="8"' in form
    shown = re.search(r'name="started_at" value="([^"]+)"', form)
    assert shown
    assert 'name="duration_min" inputmode="decimal" value="60"' in form
    moved = (day - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    typed = {"title": "Legs, heavy", "started_at": moved, "duration_min": "60", "session_rpe": "6", "notes": ""}  # fmt: skip
    review = site.client.post(path, data={"csrf_token": site.csrf(), **typed})
    assert review.status_code == 200
    assert "Title: “Legs” → “Legs, heavy”" in review.text
    assert "Session RPE: 8 → 6" in review.text
    assert "Start: " in review.text
    assert load_on(day) == pytest.approx(8 * 60)  # nothing stored before the second submit
    saved = site.client.post(
        path, data={"csrf_token": site.csrf(), **typed, "confirm": "yes"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == _path(site, f"/workouts/{wid}?saved=workout")
    assert "Workout saved" in site.client.get(saved.headers["location"]).text
    assert load_on(day) == 0  # moved two days back, with the new effort
    assert load_on(day - timedelta(days=2)) == pytest.approx(6 * 60)
    record = _record(site, SQUAT)
    assert record.heaviest_kg == 150
    assert record.heaviest_at.date() == (day - timedelta(days=2)).date()  # re-dated
    _fresh(site)
    stored = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)
    assert (stored["title"], stored["session_rpe"]) == ("Legs, heavy", 6)


def test_a_bad_workout_edit_is_named_and_nothing_changes(site: Site) -> None:
    wid = _log(site, NOW - timedelta(days=1), (SQUAT, 3, 150, 1), session_rpe=8)
    path = _path(site, f"/workouts/{wid}/edit")
    before = site.client.get(path).text
    shown = re.search(r'name="started_at" value="([^"]+)"', before)
    assert shown
    good = {"title": "", "started_at": shown[1], "duration_min": "", "session_rpe": "8", "notes": ""}  # fmt: skip
    for change, message in (
        ({"session_rpe": "11"}, "less than or equal to 10"),
        ({"session_rpe": "hard"}, "session RPE: write a number"),
        ({"started_at": "yesterday"}, "a date and time like 2026-11-20T18:30"),
        ({"started_at": "2027-01-01T10:00", "confirm": "yes"}, "is in the future"),
        ({"duration_min": "-5", "confirm": "yes"}, "greater than 0"),
        ({}, "nothing changed"),
    ):
        bad = site.client.post(path, data={"csrf_token": site.csrf(), **good, **change})
        assert bad.status_code == 422, (change, bad.status_code)
        assert message in bad.text, (change, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', bad.text))  # fmt: skip
    _fresh(site)
    stored = training_log.entry(site.ctx, site.athlete_id, "workouts", wid)
    assert stored["session_rpe"] == 8
    other = make_athlete(site.ctx)
    theirs = training_log.log_workout(site.ctx, other.id, workout(NOW - timedelta(days=1), (SQUAT, 5, 100, 2))).id  # fmt: skip
    site.ctx.session.commit()
    assert site.client.get(_path(site, f"/workouts/{theirs}/edit")).status_code == 404
    denied = site.client.post(_path(site, f"/workouts/{theirs}/edit"), data={"csrf_token": site.csrf(), **good, "confirm": "yes"})  # fmt: skip
    assert denied.status_code == 404
    forged = site.client.post(path, data={**good, "session_rpe": "5", "confirm": "yes"})
    assert forged.status_code == 403


# --- cardio: the quick log and corrections, in the athlete's distance unit ------------------


def _imperial(site: Site) -> None:
    athletes.update_profile(site.ctx, site.athlete_id, {"units": "imperial"})
    site.ctx.session.commit()


def _run(site: Site, **fields: Any) -> int:
    """A run logged by the operator; its id."""
    data = {"activity_type": "run", "started_at": NOW - timedelta(days=1), "duration_s": 1800}
    logged = training_log.log_cardio(site.ctx, site.athlete_id, {**data, **fields})
    site.ctx.session.commit()
    return logged.id


def _cardio(site: Site, **fields: str) -> Any:
    """The cardio quick log sent with ``fields`` over a fresh form's nonce."""
    form = site.client.get(_path(site, "/log/cardio"))
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form.text)
    assert nonce, form.text[:2000]
    data = {"csrf_token": site.csrf(), "nonce": nonce.group(1), "kind": "run", **fields}
    data.setdefault("started_at", "2026-11-20T10:30")
    return site.client.post(_path(site, "/log/cardio"), data=data, follow_redirects=False)


def _cardio_id(response: Any) -> int:
    assert response.status_code == 303, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', response.text)  # fmt: skip
    found = re.search(r"/cardio/(\d+)\?logged=1$", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def _stored_run(site: Site, cardio_id: int) -> dict[str, Any]:
    _fresh(site)
    return training_log.entry(site.ctx, site.athlete_id, "cardio", cardio_id)


def test_cardio_quick_log_takes_either_unit_and_shows_the_athletes(site: Site) -> None:
    history = site.client.get(_path(site, "/history")).text
    assert f'href="{_path(site, "/log/cardio")}"' in history
    form = site.client.get(_path(site, "/log/cardio")).text
    assert "Distance (km)" in form
    assert 'name="started_at" value="2026-11-20T12:00"' in form  # now, the athlete's time
    # A metric athlete types miles: stored in metres, shown in km.
    logged = _cardio(site, kind="Trail run", duration="45:30", distance="3.1 mi", avg_hr="148", session_rpe="6")  # fmt: skip
    run = _cardio_id(logged)
    stored = _stored_run(site, run)
    assert stored["activity_type"] == "trail_run"
    assert stored["source"] == "web"
    assert stored["started_at"] == NOW.replace(hour=10, minute=30) - _offset(site)
    assert stored["duration_s"] == 45 * 60 + 30
    assert stored["distance_m"] == round(3.1 * M_PER_MI)
    assert (stored["avg_hr"], stored["session_rpe"]) == (148, 6)
    page = site.client.get(logged.headers["location"]).text
    assert "<h1>Trail run</h1>" in page
    # The chat's words for a cardio log (``training_log.cardio_logged_words``).
    said = "Logged on Fri 20 Nov: Trail run, 45.5 min, 4.99 km, 9:07 min/km, average HR 148 bpm."
    assert f'<p class="ok" role="status" id="logged-said">{said}</p>' in page, page
    assert f'name="entry_id" value="{run}"' in page  # Undo, right after it was logged
    assert 'name="kind" value="cardio"' in page
    listed = site.client.get(_path(site, "/history")).text
    assert _ids(listed, "cardio")[0] == run
    assert "45 min 30 s · 4.99 km · 148 bpm" in listed
    # The same form sent twice (a double tap) stores it once.
    again = site.client.post(_path(site, "/log/cardio"), data=_form_of(logged), follow_redirects=False)  # fmt: skip
    assert again.headers["location"] == logged.headers["location"]
    # Undo takes it back, as any entry logged in the last 30 minutes.
    undone = site.client.post(
        _path(site, "/undo"),
        data={"csrf_token": site.csrf(), "kind": "cardio", "entry_id": str(run)},
        follow_redirects=False,
    )
    assert undone.status_code == 200, undone.text
    assert "Removed the " in undone.text
    assert site.client.get(_path(site, f"/cardio/{run}")).status_code == 404
    # An imperial athlete: a bare number is miles, "5 km" is 5 km, every page says mi.
    _imperial(site)
    assert "Distance (mi)" in site.client.get(_path(site, "/log/cardio")).text
    miles = _cardio_id(_cardio(site, duration="30", distance="3.1"))
    assert _stored_run(site, miles)["distance_m"] == round(3.1 * M_PER_MI)
    km = _cardio_id(_cardio(site, kind="ride", duration="1:05:00", distance="5 km"))
    assert _stored_run(site, km)["distance_m"] == 5000
    assert _stored_run(site, km)["duration_s"] == 3900
    ride = site.client.get(_path(site, f"/cardio/{km}?logged=1")).text
    said = "Logged on Fri 20 Nov: Ride, 65 min, 3.11 mi, 20:55 min/mi."
    assert f'<p class="ok" role="status" id="logged-said">{said}</p>' in ride, ride
    listed = site.client.get(_path(site, "/history")).text
    assert "30 min · 3.1 mi" in listed
    assert "1 h 5 min · 3.11 mi" in listed
    assert " km" not in re.sub(r"<[^>]+>", " ", listed.split('id="history"')[1])
    too_far = _cardio(site, duration="30", distance="1300")
    assert too_far.status_code == 422
    assert "distance: at most 1242.74 mi" in too_far.text


def _form_of(response: Any) -> dict[str, str]:
    """The form a response was the answer to (as sent)."""
    return dict(parse_qsl(response.request.content.decode()))


def test_cardio_quick_log_names_each_bad_field(site: Site) -> None:
    before = row_counts(site.ctx.session)
    bad = _cardio(
        site,
        kind="",
        started_at="tomorrow",
        duration="long",
        distance="far",
        avg_hr="fast",
        session_rpe="hard",
    )
    assert bad.status_code == 422
    for message in (
        "kind: what it was",
        "when: a date and time like",
        "duration: duration &#39;long&#39; is not a number",
        "distance: distance &#39;far&#39; is not a number",
        "average heart rate: write a number",
        "session RPE: write a number",
    ):
        assert message in bad.text, message
    assert bad.text.count('aria-invalid="true"') == 6
    assert 'name="distance" inputmode="decimal" value="far"' in bad.text  # what was typed stays
    # What only the service knows (limits, the future) is named by the field too.
    for fields, message in (
        ({"duration": ""}, "duration: how long it lasted"),
        ({"duration": "30", "distance": "5 furlongs"}, "distance: unknown unit"),
        (
            {"duration": "30", "avg_hr": "300"},
            "average heart rate: Input should be less than or equal to 250",
        ),
        (
            {"duration": "30", "session_rpe": "11"},
            "session RPE: Input should be less than or equal to 10",
        ),
        ({"duration": "-5"}, "duration: Input should be greater than 0"),
        # The limits in the units the person types (minutes, km), not seconds and metres.
        ({"duration": "3000"}, "duration: at most 48 h"),
        ({"duration": "30", "distance": "2500"}, "distance: at most 2000 km"),
        ({"duration": "30", "started_at": "2026-12-24T10:00"}, "when: activity start"),
    ):
        refused = _cardio(site, **fields)
        assert refused.status_code == 422, fields
        assert message in refused.text, (fields, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', refused.text))  # fmt: skip
    _fresh(site)
    assert row_counts(site.ctx.session) == before


def test_editing_a_cardio_session_in_miles_asks_first(site: Site) -> None:
    _imperial(site)
    run = _run(site, distance_m=5000, avg_hr=150)
    page = site.client.get(_path(site, f"/cardio/{run}")).text
    assert "3.11 mi" in page
    path = _path(site, f"/cardio/{run}/edit")
    assert f'href="{path}"' in page
    form = site.client.get(path).text
    assert "Distance (mi)" in form
    assert 'name="distance" inputmode="decimal" value="3.11"' in form
    assert 'name="duration" inputmode="decimal" value="30"' in form
    assert 'name="avg_hr" inputmode="numeric" value="150"' in form
    assert 'name="session_rpe" inputmode="decimal" value=""' in form  # not rated
    shown = {"duration": "30", "distance": "3.11", "avg_hr": "150", "session_rpe": ""}
    # Sent back as shown (3.11 mi is 5005 m): nothing changed, nothing stored.
    same = site.client.post(path, data={"csrf_token": site.csrf(), **shown, "confirm": "yes"})
    assert same.status_code == 422
    assert "nothing changed" in same.text
    # "5 km" typed is the stored 5000 m to the metre: no change either.
    km = site.client.post(path, data={"csrf_token": site.csrf(), **shown, "distance": "5 km"})
    assert km.status_code == 422
    assert "nothing changed" in km.text
    # Only the heart rate corrected: the distance stays the stored 5000 m.
    site.client.post(path, data={"csrf_token": site.csrf(), **shown, "avg_hr": "145", "confirm": "yes"})  # fmt: skip
    assert (_stored_run(site, run)["distance_m"], _stored_run(site, run)["avg_hr"]) == (5000, 145)
    shown["avg_hr"] = "145"
    # A bare number is miles; the review says old → new in miles; nothing stored before it.
    typed = {**shown, "distance": "3.5", "duration": "32:30"}
    review = site.client.post(path, data={"csrf_token": site.csrf(), **typed})
    assert review.status_code == 200
    assert "Distance: 3.11 mi → 3.5 mi" in review.text
    assert "Duration: 30 min → 32 min 30 s" in review.text
    assert "Average heart rate" not in review.text
    assert _stored_run(site, run)["distance_m"] == 5000
    saved = site.client.post(
        path, data={"csrf_token": site.csrf(), **typed, "confirm": "yes"}, follow_redirects=False
    )
    assert saved.headers["location"] == _path(site, f"/cardio/{run}?saved=1")
    stored = _stored_run(site, run)
    assert (stored["distance_m"], stored["duration_s"]) == (round(3.5 * M_PER_MI), 1950)
    after = site.client.get(saved.headers["location"]).text
    assert "Session saved" in after
    assert "3.5 mi" in after
    assert "3.5 mi" in site.client.get(_path(site, "/history")).text
    # Kilometres typed by an imperial athlete: converted, and said back in miles.
    km = site.client.post(path, data={"csrf_token": site.csrf(), **typed, "distance": "8 km"})
    assert "Distance: 3.5 mi → 4.97 mi" in km.text
    # The session RPE: rated, said back out of 10, and its load follows; a bad one is named.
    rated = site.client.post(path, data={"csrf_token": site.csrf(), **typed, "session_rpe": "6.5"})
    assert "Session RPE: — → 6.5 of 10" in rated.text
    assert "Distance:" not in rated.text  # only what changed is asked about
    assert "Duration:" not in rated.text
    site.client.post(path, data={"csrf_token": site.csrf(), **typed, "session_rpe": "6.5", "confirm": "yes"})  # fmt: skip
    assert _stored_run(site, run)["session_rpe"] == 6.5
    assert 'name="session_rpe" inputmode="decimal" value="6.5"' in site.client.get(path).text
    for wrong, message in (
        ("11", "session RPE: Input should be less than or equal to 10"),
        ("hard", "session RPE: write a number"),
    ):
        refused = site.client.post(path, data={"csrf_token": site.csrf(), **typed, "session_rpe": wrong})  # fmt: skip
        assert refused.status_code == 422
        assert message in refused.text, wrong
    assert _stored_run(site, run)["session_rpe"] == 6.5
    typed["session_rpe"] = "6.5"
    # An empty distance removes it.
    cleared = site.client.post(path, data={"csrf_token": site.csrf(), **typed, "distance": "", "confirm": "yes"}, follow_redirects=False)  # fmt: skip
    assert cleared.status_code == 303
    assert _stored_run(site, run)["distance_m"] is None


def test_a_bad_cardio_edit_is_named_and_nothing_changes(site: Site) -> None:
    run = _run(site, distance_m=8000, avg_hr=150)
    path = _path(site, f"/cardio/{run}/edit")
    assert 'name="distance" inputmode="decimal" value="8"' in site.client.get(path).text
    good = {"duration": "30", "distance": "8", "avg_hr": "150"}
    for change, field, message in (
        ({"distance": "far"}, "distance", "distance: distance &#39;far&#39; is not a number"),
        ({"distance": "-3"}, "distance", "distance: Input should be greater than or equal to 0"),
        ({"duration": ""}, "duration", "duration: how long it lasted"),
        ({"duration": "1:75"}, "duration", "duration: duration &#39;1:75&#39; is not like 45:30"),
        (
            {"avg_hr": "300", "confirm": "yes"},
            "avg_hr",
            "average heart rate: Input should be less than or equal to 250",
        ),
        ({"avg_hr": "fast"}, "avg_hr", "average heart rate: write a number"),
    ):
        bad = site.client.post(path, data={"csrf_token": site.csrf(), **good, **change})
        assert bad.status_code == 422, (change, bad.status_code)
        assert message in bad.text, (change, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', bad.text))  # fmt: skip
        assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', bad.text), change
    stored = _stored_run(site, run)
    assert (stored["distance_m"], stored["duration_s"], stored["avg_hr"]) == (8000, 1800, 150)
    # Another athlete's session is not found; a forged form changes nothing.
    other = make_athlete(site.ctx)
    theirs = training_log.log_cardio(
        site.ctx,
        other.id,
        {"activity_type": "run", "started_at": NOW - timedelta(days=1), "duration_s": 600},
    ).id
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    assert site.client.get(_path(site, f"/cardio/{theirs}/edit")).status_code == 404
    assert site.client.get(f"/athletes/{other.id}/log/cardio").status_code == 404
    for where in (_path(site, f"/cardio/{theirs}/edit"), f"/athletes/{other.id}/cardio/{theirs}/edit"):  # fmt: skip
        denied = site.client.post(where, data={"csrf_token": site.csrf(), **good, "confirm": "yes"})  # fmt: skip
        assert denied.status_code == 404, where
    denied = site.client.post(
        f"/athletes/{other.id}/log/cardio",
        data={
            "csrf_token": site.csrf(),
            "kind": "run",
            "started_at": "2026-11-20T10:30",
            "duration": "30",
        },
    )
    assert denied.status_code == 404
    for token in ({}, {"csrf_token": "forged"}):
        forged = site.client.post(path, data={**good, "distance": "5", "confirm": "yes", **token})
        assert forged.status_code == 403
        logged = site.client.post(
            _path(site, "/log/cardio"),
            data={"kind": "run", "started_at": "2026-11-20T10:30", "duration": "30", **token},
        )
        assert logged.status_code == 403
    _fresh(site)
    assert row_counts(site.ctx.session) == before
    _fresh(site)
    assert training_log.entry(site.ctx, other.id, "cardio", theirs)["duration_s"] == 600
