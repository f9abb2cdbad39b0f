"""The Import page's "keep as my own exercise" and the Exercises page (issue 59): own
exercises listed with what they are, changed, deleted when no set is logged under them, and
kept from a name with what is left empty suggested."""

from __future__ import annotations

import re

from tests.interfaces.test_api_imports import HEVY_HEADER
from tests.web.conftest import Site
from tests.web.test_web_imports import FIELD, post_files
from tests.web.test_web_text import assert_readable

from fitcoach.coach.safety import default_library
from fitcoach.services import own_exercises, plans

ROWS = HEVY_HEADER + "".join(
    f'"Pull","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Rowing (Machine)",,"",{i},"normal",50,10,,,\n'
    for i in range(3)
)
SLUG = re.compile(r'action="/athletes/\d+/exercises/(own-[a-z0-9-]+)"')


def test_keep_as_my_own_then_change_it_on_the_exercises_page(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/import"
    csrf = site.csrf(url)
    held = post_files(site, site.athlete_id, ("rows.csv", ROWS.encode()), csrf_token=csrf)
    assert held.status_code == 200
    assert "Keep as my own exercise" in held.text
    (index,) = [i for i, name in FIELD.findall(held.text) if name == "Rowing (Machine)"]
    done = site.client.post(
        f"{url}/review",
        data={
            "csrf_token": csrf,
            f"name-{index}": "Rowing (Machine)",
            f"choice-{index}": "__own__",
        },
    )
    assert done.status_code == 200, done.text
    assert 'data-status="imported"' in done.text
    site.ctx.session.rollback()
    (kept,) = own_exercises.listed(site.ctx, site.athlete_id)
    assert (kept["name"], kept["sets"], kept["equipment"]) == ("Rowing (Machine)", 3, ["machine"])

    page_url = f"/athletes/{site.athlete_id}/exercises"
    page = site.client.get(page_url)
    assert page.status_code == 200
    assert f'href="{page_url}"' in page.text  # in the menu
    assert "Rowing (Machine)" in page.text
    assert_readable(page_url, page.text)
    (slug,) = SLUG.findall(page.text)
    # The pattern said, the equipment refused in words; then accepted.
    bad = site.client.post(f"{page_url}/{slug}", data={"csrf_token": csrf, "equipment": "spoon"})
    assert bad.status_code == 422
    assert "equipment &#39;spoon&#39; is not one of" in bad.text
    changed = site.client.post(
        f"{page_url}/{slug}",
        data={
            "csrf_token": csrf,
            "movement_pattern": "horizontal_pull",
            "primary_muscles": "upper back, lats",
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    site.ctx.session.rollback()
    (kept,) = own_exercises.listed(site.ctx, site.athlete_id)
    assert kept["movement_pattern"] == "horizontal_pull"
    assert kept["primary_muscles"] == ["upper_back", "lats"]
    # Its sets keep it: deleting is refused with how many.
    refused = site.client.post(f"{page_url}/{slug}/delete", data={"csrf_token": csrf})
    assert refused.status_code == 409
    assert "3 sets are logged as Rowing (Machine)" in refused.text


def test_keep_a_new_one_with_what_the_name_suggests_and_delete_it(site: Site) -> None:
    page_url = f"/athletes/{site.athlete_id}/exercises"
    csrf = site.csrf(page_url)
    library = site.client.post(page_url, data={"csrf_token": csrf, "name": "Bench Press (Barbell)"})
    assert library.status_code == 422
    assert "the library&#39;s Barbell Bench Press" in library.text
    kept = site.client.post(
        page_url, data={"csrf_token": csrf, "name": "My Weird Machine Row"}, follow_redirects=False
    )
    assert kept.status_code == 303
    site.ctx.session.rollback()
    (row,) = own_exercises.listed(site.ctx, site.athlete_id)
    assert (row["movement_pattern"], row["equipment"]) == ("horizontal_pull", ["machine"])
    gone = site.client.post(
        f"{page_url}/{row['slug']}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert gone.status_code == 303
    site.ctx.session.rollback()
    assert own_exercises.listed(site.ctx, site.athlete_id) == []


def test_the_quick_log_knows_the_athletes_own_exercises(site: Site) -> None:
    row = own_exercises.add(
        site.ctx, site.athlete_id, own_exercises.suggest("My Weird Machine Row")
    )
    site.ctx.session.commit()
    url = f"/athletes/{site.athlete_id}/log"
    form = site.client.get(url)
    assert '<option value="My Weird Machine Row">' in form.text
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form.text)
    assert nonce
    done = site.client.post(
        url,
        data={
            "csrf_token": site.csrf(),
            "nonce": nonce.group(1),
            "rows": "5",
            "started_at": "2026-11-20T10:30",
            "exercise_0": "my weird machine row",
            "sets_0": "3",
            "reps_0": "8",
            "weight_0": "40",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    site.ctx.session.rollback()
    (kept,) = own_exercises.listed(site.ctx, site.athlete_id)
    assert (kept["slug"], kept["sets"]) == (row["slug"], 3)


def test_the_plan_page_and_todays_session_show_a_planned_own_exercise_by_its_name(
    site: Site,
) -> None:
    # A row kept as the athlete's own, its pattern and equipment known (a dumbbell, which the
    # athlete has): swapped in on the plan page's form for a planned exercise of today's.
    ctx, athlete_id = site.ctx, site.athlete_id
    mine = own_exercises.add(
        ctx,
        athlete_id,
        own_exercises.OwnDraft(
            name="Rückenzug Kurzhantel",
            movement_pattern="horizontal_pull",
            equipment=("dumbbell",),
            primary_muscles=("lats", "upper_back"),
        ),
    )
    assert mine["plannable"]
    view = plans.today(ctx, athlete_id)
    session = view.session or view.planned
    assert session is not None
    old = next(i.exercise for i in session.items if i.exercise in default_library())
    ctx.session.commit()
    url = f"/athletes/{athlete_id}/plan"
    csrf = site.csrf(url)
    done = site.client.post(
        f"{url}/edits",
        data={
            "csrf_token": csrf,
            "op": "replace_exercise",
            "exercise": old,
            "to": "rückenzug kurzhantel",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200, done.text
    assert "The change is in force." in done.text, done.text
    assert "Rückenzug Kurzhantel" in done.text  # the weekly plan, by its own name
    assert mine["slug"] not in re.sub(r'value="[^"]*"', "", done.text)  # only as a form value
    assert_readable(url, done.text)
    ctx.session.rollback()
    today = plans.today(ctx, athlete_id)
    served = today.session or today.planned
    assert served is not None
    assert mine["slug"] in {i.exercise for i in served.items}
    # The test clock's day is a training day: the dashboard lists today's session by name.
    assert today.status == "train"
    page = site.client.get(f"/athletes/{athlete_id}")
    assert page.status_code == 200
    assert "Rückenzug Kurzhantel" in page.text
