"""The plan page over HTTP: view, preview (stores nothing), apply, propose, approve, reject."""

from __future__ import annotations

import html
from datetime import date, timedelta

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.web.conftest import CSRF_META, PASSWORD, Site, login

from fitcoach.coach import wording
from fitcoach.coach.plan import StrengthItem
from fitcoach.core.domain import Role
from fitcoach.services import athletes, health, monitoring, plans


def _lift(site: Site) -> tuple[str, str, int]:
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    session = plan.sessions()[0]
    item = next(i for i in session.items if isinstance(i, StrengthItem))
    return session.key, item.exercise, item.sets


def test_plan_page_shows_weeks_sessions_and_history(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert page.status_code == 200
    assert "In force: version 1" in page.text
    assert "Week 1" in page.text
    assert 'id="history"' in page.text
    assert f'href="/athletes/{site.athlete_id}/plan/versions/1"' in page.text
    version = site.client.get(f"/athletes/{site.athlete_id}/plan/versions/1")
    assert version.status_code == 200
    assert "Plan version 1" in version.text
    assert site.client.get(f"/athletes/{site.athlete_id}/plan/versions/9").status_code == 404


def test_preview_stores_nothing(site: Site) -> None:
    key, lift, sets = _lift(site)
    new = 2 if sets != 2 else 3
    before = row_counts(site.ctx.session)
    data = {"csrf_token": site.csrf(), "op": "change_sets", "session": key, "exercise": lift}
    response = site.client.post(
        f"/athletes/{site.athlete_id}/plan/preview", data={**data, "sets": str(new)}
    )
    assert response.status_code == 200, response.text
    assert 'id="preview"' in response.text
    assert f"{sets} × " in response.text
    assert f"{new} × " in response.text
    assert "Safety check: <strong>ok</strong>" in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_apply_and_bad_input(site: Site) -> None:
    key, lift, sets = _lift(site)
    path = f"/athletes/{site.athlete_id}/plan/edits"
    csrf = site.csrf()
    before = row_counts(site.ctx.session)
    bad = site.client.post(path, data={"csrf_token": csrf, "op": "change_sets", "exercise": lift})
    assert bad.status_code == 422
    assert "sets: required" in bad.text
    junk = site.client.post(
        path, data={"csrf_token": csrf, "op": "change_sets", "exercise": lift, "sets": "many"}
    )
    assert junk.status_code == 422
    assert "whole number" in junk.text
    unknown = site.client.post(path, data={"csrf_token": csrf, "op": "drop_table"})
    assert unknown.status_code == 422
    # The validator refuses a jump in weekly sets: shown with its reasons, nothing stored.
    refused = site.client.post(
        path,
        data={"csrf_token": csrf, "op": "change_sets", "exercise": lift, "sets": "10"},
    )
    if refused.status_code == 409:
        assert "Not allowed" in refused.text
    forged = site.client.post(
        path, data={"csrf_token": "forged", "op": "change_sets", "exercise": lift, "sets": "2"}
    )
    assert forged.status_code == 403
    site.ctx.session.rollback()
    if refused.status_code == 409:
        assert row_counts(site.ctx.session) == before
    new = 2 if sets != 2 else 3
    ok = site.client.post(
        path,
        data={
            "csrf_token": csrf,
            "op": "change_sets",
            "session": key,
            "exercise": lift,
            "sets": str(new),
            "action": "apply",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert ok.headers["location"].endswith("done=applied")
    site.ctx.session.rollback()
    current = plans.current(site.ctx, site.athlete_id)
    assert current.proposed_by == "athlete"
    assert current.plan is not None
    item = next(i for i in current.plan.session(key).items if i.exercise == lift)
    assert isinstance(item, StrengthItem)
    assert item.sets == new
    assert "The change is in force" in site.client.get(ok.headers["location"]).text


def test_validator_refusal_is_409_and_stores_nothing(site: Site) -> None:
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain", note="at rest")
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/athletes/{site.athlete_id}/plan/edits",
        data={"csrf_token": site.csrf(), "op": "set_session_minutes", "minutes": "45"},
        follow_redirects=False,
    )
    assert response.status_code == 409
    assert "safety validator refused" in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_coach_proposes_and_athlete_approves_or_rejects(site: Site) -> None:
    key, lift, sets = _lift(site)
    coach_id = athletes.create_staff_account(site.ctx, "cole@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    site.account("cole@example.org")
    coach = TestClient(site.client.app)
    assert login(coach, "cole@example.org", PASSWORD).status_code == 303
    page = coach.get(f"/athletes/{site.athlete_id}/plan")
    assert ">Propose</button>" in page.text
    csrf = site.csrf()  # the athlete's
    coach_csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    for new in (2 if sets != 2 else 3, 4 if sets != 4 else 5):
        proposed = coach.post(
            f"/athletes/{site.athlete_id}/plan/edits",
            data={
                "csrf_token": coach_csrf,
                "op": "change_sets",
                "session": key,
                "exercise": lift,
                "sets": str(new),
                "action": "propose",
            },
            follow_redirects=False,
        )
        assert proposed.status_code == 303, proposed.text
        assert proposed.headers["location"].endswith("done=proposed")
    site.ctx.session.rollback()
    waiting = plans.versions(site.ctx, site.athlete_id, "proposed")
    assert [v.proposed_by for v in waiting] == ["coach", "coach"]
    assert plans.current(site.ctx, site.athlete_id).version == 1
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert "Waiting for approval" in page.text
    assert "proposed by the coach" in page.text
    newest, older = waiting[0].version, waiting[1].version
    base = f"/athletes/{site.athlete_id}/plan/versions"
    # The coach cannot approve their own proposal (and is not offered the button).
    assert ">Approve</button>" not in coach.get(f"/athletes/{site.athlete_id}/plan").text
    mine = coach.post(f"{base}/{older}/approve", data={"csrf_token": coach_csrf})
    assert mine.status_code == 403
    assert site.client.post(f"{base}/{older}/approve", data={"csrf_token": "x"}).status_code == 403
    approved = site.client.post(
        f"{base}/{older}/approve", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert approved.status_code == 303
    assert approved.headers["location"].endswith("done=approved")
    rejected = site.client.post(
        f"{base}/{newest}/reject", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert rejected.headers["location"].endswith("done=rejected")
    site.ctx.session.rollback()
    assert plans.current(site.ctx, site.athlete_id).version == older
    assert plans.get_version(site.ctx, site.athlete_id, newest).status == "rejected"
    again = site.client.post(f"{base}/{newest}/approve", data={"csrf_token": csrf})
    assert again.status_code == 409


def test_another_athletes_plan_is_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    plans.generate(site.ctx, other.id)
    site.ctx.session.commit()
    csrf = site.csrf()
    assert site.client.get(f"/athletes/{other.id}/plan").status_code == 404
    assert site.client.get(f"/athletes/{other.id}/plan/versions/1").status_code == 404
    before = row_counts(site.ctx.session)
    for path in ("plan/preview", "plan/edits", "plan/versions/1/approve", "plan/versions/1/reject"):
        response = site.client.post(
            f"/athletes/{other.id}/{path}",
            data={"csrf_token": csrf, "op": "set_session_minutes", "minutes": "45"},
        )
        assert response.status_code == 404, path
    moved = site.client.post(
        f"/athletes/{other.id}/plan/move",
        data={"csrf_token": csrf, "session": "w1s1", "on": "2026-11-27"},
    )
    assert moved.status_code == 404
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


# --------------------------------------------------------------------------- the week view


def week_of_the_plan(
    site: Site, *, whole: bool = False
) -> tuple[date, dict[str, date], dict[date, list[str]]]:
    """Today, each session's day, and the first week with a planned session (``whole``: the
    first that starts after today): its days from today on, with the planned sessions on
    them."""
    today = monitoring.local_today(site.ctx, site.athlete_id)
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    days = wording.session_days(plan, today)
    planned = [s.key for s in plan.sessions() if s.status == "planned"]
    next_monday = today + timedelta(days=7 - today.weekday())
    first = min(days[k] for k in planned if not whole or days[k] >= next_monday)
    monday = first - timedelta(days=first.weekday())
    week = {monday + timedelta(days=i): [] for i in range(7)}
    for key in planned:
        if days[key] in week:
            week[days[key]].append(key)
    return today, days, {d: keys for d, keys in week.items() if d >= today}


def _day_block(html: str, day: date) -> str:
    start = html.index(f'data-day="{day.isoformat()}"')
    end = html.find("data-day=", start + 10)
    return html[start : end if end > 0 else len(html)]


def test_a_session_moves_to_another_day_of_the_week_without_script(site: Site) -> None:
    today, days, week = week_of_the_plan(site)
    key = next(k for keys in week.values() for k in keys)
    empty = next(d for d, keys in week.items() if not keys and d != days[key])
    url = f"/athletes/{site.athlete_id}/plan"
    page = site.client.get(f"{url}?week={days[key].isoformat()}")
    assert page.status_code == 200
    assert 'id="week"' in page.text
    block = _day_block(page.text, days[key])
    assert f'data-session="{key}"' in block
    assert f'action="{url}/move"' in block  # a plain form: a select of days and a submit
    assert f'<option value="{empty.isoformat()}">' in block
    assert f'<option value="{days[key].isoformat()}">' not in block  # not its own day
    assert all(f'<option value="{d.isoformat()}"' not in block for d in week if d < today)

    csrf = site.csrf(url)
    monday = days[key] - timedelta(days=days[key].weekday())
    moved = site.client.post(
        f"{url}/move",
        data={"csrf_token": csrf, "session": key, "on": empty.isoformat(), "week": str(monday)},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    assert moved.headers["location"] == f"{url}?done=moved&version=2&week={monday}#week"
    site.ctx.session.rollback()
    current = plans.current(site.ctx, site.athlete_id)
    assert current.version == 2
    assert [o.op for o in current.operations] == ["move_session"]
    assert current.plan is not None
    after = wording.session_days(current.plan, today)
    assert after[key] == empty
    assert {k: d for k, d in after.items() if k != key} == {
        k: d for k, d in days.items() if k != key
    }  # the others keep their days
    shown = site.client.get(moved.headers["location"])
    # The move in words, the chat's own (``plans.MoveWords``): that session, its two days.
    name = current.plan.session(key).name
    said = (
        f"{name} moves from {wording.day_text(days[key], today)} to "
        f"{wording.day_text(empty, today)}; nothing else in your plan changes."
    )
    words = plans.move_words(site.ctx, site.athlete_id, current)
    assert words is not None
    assert words.said == said
    assert f'<p class="ok" role="status">{html.escape(said, quote=True)}</p>' in shown.text
    assert f'data-session="{key}"' in _day_block(shown.text, empty)


def test_a_move_the_validator_refuses_is_shown_and_stores_nothing(site: Site) -> None:
    _, days, week = week_of_the_plan(site, whole=True)
    keys = [k for ks in week.values() for k in ks]
    assert len(keys) >= 2, week  # two lifting days in the week
    url = f"/athletes/{site.athlete_id}/plan"
    csrf = site.csrf(url)
    # A session the athlete moved onto a day stays there (a later move makes no room): a
    # second one moved onto it stacks the day, which the validator refuses.
    taken = set(days.values())
    empty = next(
        d for d in (days[keys[1]] + timedelta(days=n) for n in range(1, 7)) if d not in taken
    )
    first = site.client.post(
        f"{url}/move",
        data={"csrf_token": csrf, "session": keys[1], "on": empty.isoformat()},
        follow_redirects=False,
    )
    assert first.status_code == 303, first.text
    site.ctx.session.rollback()
    before = row_counts(site.ctx.session)
    stacked = site.client.post(
        f"{url}/move",
        data={"csrf_token": csrf, "session": keys[0], "on": empty.isoformat()},
    )
    assert stacked.status_code == 409
    assert 'id="refusal"' in stacked.text
    assert "Safety check: <strong>rejected</strong>" in stacked.text
    assert 'id="week"' in stacked.text  # the week is still there to pick another day
    bad = site.client.post(
        f"{url}/move", data={"csrf_token": csrf, "session": keys[0], "on": "next friday"}
    )
    assert bad.status_code == 422
    assert "day: choose a day of the week (got &#39;next friday&#39;)" in bad.text
    past = site.client.post(
        f"{url}/move", data={"csrf_token": csrf, "session": keys[0], "on": "2026-11-01"}
    )
    assert past.status_code == 422
    assert "has passed" in past.text
    odd = site.client.get(f"{url}?week=someday")
    assert odd.status_code == 200
    assert "week: a day like" in odd.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    assert plans.current(site.ctx, site.athlete_id).version == 2  # the first move only


def test_a_coachs_move_waits_for_the_athletes_approval(site: Site) -> None:
    _, days, week = week_of_the_plan(site)
    key = next(k for keys in week.values() for k in keys)
    empty = next(d for d, keys in week.items() if not keys and d != days[key])
    coach = athletes.create_staff_account(site.ctx, "calendar-coach@example.org", "C", Role.coach)
    athletes.link_coach(site.ctx, coach, site.athlete_id)
    site.account("calendar-coach@example.org")
    client = TestClient(site.client.app)
    assert login(client, "calendar-coach@example.org", PASSWORD).status_code == 303
    url = f"/athletes/{site.athlete_id}/plan"
    page = client.get(f"{url}?week={days[key].isoformat()}")
    assert "Propose the move" in page.text
    csrf = CSRF_META.search(page.text)
    assert csrf is not None
    response = client.post(
        f"{url}/move",
        data={"csrf_token": csrf.group(1), "session": key, "on": empty.isoformat()},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "done=proposed" in response.headers["location"]
    site.ctx.session.rollback()
    assert plans.current(site.ctx, site.athlete_id).version == 1
    [proposal] = [v for v in plans.versions(site.ctx, site.athlete_id) if v.status == "proposed"]
    assert proposal.proposed_by == "coach"


def test_a_move_past_the_next_plan_weeks_first_session_moves_it_only(site: Site) -> None:
    """The week view's Move onto a day after the next plan week's first session: that session
    is on its day, no other session changes (no sets cut elsewhere), applied with the page's
    own words."""
    today = monitoring.local_today(site.ctx, site.athlete_id)
    base = plans.current(site.ctx, site.athlete_id).plan
    assert base is not None
    days = wording.session_days(base, today)
    last, after = base.weeks[0].sessions[-1].key, base.weeks[1].sessions[0].key
    taken = set(days.values())
    target = next(d for n in range(1, 7) if (d := days[after] + timedelta(days=n)) not in taken)
    url = f"/athletes/{site.athlete_id}/plan"
    moved = site.client.post(
        f"{url}/move",
        data={"csrf_token": site.csrf(url), "session": last, "on": target.isoformat()},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    assert "done=moved" in moved.headers["location"]
    site.ctx.session.rollback()
    current = plans.current(site.ctx, site.athlete_id)
    assert current.plan is not None
    assert {c.path.rpartition(".")[2] for c in current.diff} == {"on"}
    assert wording.session_days(current.plan, today) == {**days, last: target}


def test_a_move_that_forces_other_changes_is_asked_in_words(site: Site) -> None:
    """The edit form's Move session into the next plan week makes the validator cut sets
    elsewhere: nothing is applied; the page says what else the move changes, in the chat's
    words, and offers the proposal to approve or reject."""
    base = plans.current(site.ctx, site.athlete_id).plan
    assert base is not None
    last = base.weeks[0].sessions[-1].key
    position = len([s for s in base.weeks[0].sessions if s.status == "planned"]) + 1
    url = f"/athletes/{site.athlete_id}/plan"
    response = site.client.post(
        f"{url}/edits",
        data={
            "csrf_token": site.csrf(url),
            "op": "move_session",
            "session": last,
            "position": str(position),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert "done=moved&version=2" in response.headers["location"]
    site.ctx.session.rollback()
    assert plans.current(site.ctx, site.athlete_id).version == 1  # nothing applied
    [waiting] = [v for v in plans.versions(site.ctx, site.athlete_id) if v.status == "proposed"]
    found = plans.move_words(site.ctx, site.athlete_id, waiting)
    assert found is not None
    words = found.said
    name = waiting.plan.session(last).name if waiting.plan else ""
    assert words.startswith(f"Not moved yet: moving {name} from "), words
    assert " also changes " in words
    page = site.client.get(response.headers["location"])
    assert html.escape(words, quote=True) in page.text
    assert f"{url}/versions/{waiting.version}/approve" in page.text
