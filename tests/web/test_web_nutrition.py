"""The nutrition page: meals logged by food search, the stored meal plan, values kept; a view
never waits for the optimiser (the plan's section comes alone when it is made)."""

from __future__ import annotations

import re

import pytest
from tests.conftest import NOW
from tests.fixtures.tables import row_counts
from tests.web.conftest import Site

from fitcoach.coach.nutrition import food_by_slug
from fitcoach.interfaces.web.nutrition import plan_seed
from fitcoach.services import athletes, nutrition, training_log


@pytest.fixture(autouse=True)
def _fresh_plans() -> None:
    nutrition.plan_cache.clear()


def _meals(site: Site) -> list[dict[str, object]]:
    site.ctx.session.rollback()  # see what the app committed
    return training_log.history(site.ctx, site.athlete_id, "meals")


def _plan_section(site: Site) -> str:
    """The plan's section as the page's script asks for it (made now when it is not yet)."""
    response = site.client.get(f"/athletes/{site.athlete_id}/nutrition/plan")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card" id="plan">')
    assert "<html" not in response.text  # the section alone, to put in place
    return response.text


def test_the_first_view_shows_the_page_and_asks_for_the_plan(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/nutrition"
    first = site.client.get(path)
    assert first.status_code == 200
    assert nutrition.plan_cache.solves == 0  # the page did not wait for the optimiser
    assert "Targets for" in first.text
    assert f'data-plan="{path}/plan"' in first.text
    assert f'href="{path}?plan=now#plan"' in first.text  # without the script: wait for it
    assert '<ul class="planned">' not in first.text
    section = _plan_section(site)
    assert nutrition.plan_cache.solves == 1
    assert "Today · Fri 20 Nov" in section
    assert section.count("Ate this") == 4
    again = site.client.get(path)  # made: on the page at once, the same plan
    assert nutrition.plan_cache.solves == 1
    assert "data-plan=" not in again.text
    assert re.findall(r'<ul class="planned">.*?</ul>', section, re.S) == re.findall(
        r'<ul class="planned">.*?</ul>', again.text, re.S
    )
    waited = site.client.get(path, params={"plan": "now"})  # what the link gives
    assert '<ul class="planned">' in waited.text
    assert nutrition.plan_cache.solves == 1


def test_a_second_view_does_not_run_the_optimiser_again(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/nutrition"
    first = site.client.get(path, params={"plan": "now"})
    assert first.status_code == 200
    assert "Meal plan, next three days" in first.text
    assert "Today · Fri 20 Nov" in first.text
    assert "Tomorrow · Sat 21 Nov" in first.text
    assert nutrition.plan_cache.solves == 1
    again = site.client.get(path)
    assert nutrition.plan_cache.solves == 1  # the stored plan, not a new solve
    plan = re.findall(r'<ul class="planned">.*?</ul>', first.text, re.S)
    assert plan
    assert plan == re.findall(r'<ul class="planned">.*?</ul>', again.text, re.S)
    # A search, a logged meal (today's meals do not move today's targets) and another view
    # leave the plan alone.
    site.client.get(path, params={"q": "banana"})
    site.client.post(
        f"/athletes/{site.athlete_id}/meals/food",
        data={"csrf_token": site.csrf(), "slug": "banana", "grams": "120", "meal_type": "snack"},
    )
    site.client.get(path)
    assert nutrition.plan_cache.solves == 1


def test_a_changed_input_makes_a_new_plan(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/nutrition"
    _plan_section(site)
    assert nutrition.plan_cache.solves == 1
    athletes.update_profile(site.ctx, site.athlete_id, {"dislikes": ["banana"]})
    site.ctx.session.commit()
    assert "data-plan=" in site.client.get(path).text  # the stored plan is not for these inputs
    plan = _plan_section(site)
    assert nutrition.plan_cache.solves == 2
    assert "Banana" not in plan
    training_log.log_daily(site.ctx, site.athlete_id, {"day": "2026-11-20", "weight_kg": 71.0})
    site.ctx.session.commit()
    _plan_section(site)
    assert nutrition.plan_cache.solves == 3  # a new weight, new targets, a new plan


def test_asking_for_the_same_plan_at_once_runs_the_optimiser_once() -> None:
    """The page's script and the page itself (or two tabs) asking together: one solve."""
    import threading

    cache = nutrition.MealPlanCache()
    started, release = threading.Event(), threading.Event()
    made: list[int] = []

    def make() -> object:
        made.append(1)
        started.set()
        release.wait(5)
        return object()

    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(cache.plan(("k",), make)))  # type: ignore[arg-type]
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: got.append(cache.plan(("k",), make)))  # type: ignore[arg-type]
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(made) == 1
    assert cache.solves == 1
    assert len(got) == 2
    assert got[0] is got[1]


def test_search_the_food_table_and_log_grams(site: Site) -> None:
    chicken = food_by_slug("chicken-breast-roasted")
    path = f"/athletes/{site.athlete_id}/nutrition"
    page = site.client.get(path, params={"q": "chicken breast", "meal": "lunch"})
    assert page.status_code == 200
    assert chicken.name in page.text
    assert 'value="chicken-breast-roasted"' in page.text
    assert 'name="meal_type" value="lunch"' in page.text
    nothing = site.client.get(path, params={"q": "zzzz"})
    assert "No food in the table matches" in nothing.text
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals/food",
        data={
            "csrf_token": site.csrf(),
            "slug": "chicken-breast-roasted",
            "grams": "150",
            "meal_type": "lunch",
            "q": "chicken breast",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    [meal] = _meals(site)
    assert meal["meal_type"] == "lunch"
    assert meal["description"] == f"{chicken.name} 150 g"
    assert meal["calories_kcal"] == pytest.approx(chicken.kcal * 1.5, abs=0.5)  # whole kcal
    assert meal["protein_g"] == pytest.approx(chicken.protein_g * 1.5, abs=0.1)
    page = site.client.get(path)
    assert f"{chicken.name} 150 g" in page.text
    assert f"{round(chicken.kcal * 1.5)} kcal" in page.text


def test_bad_grams_keep_the_search_and_the_amount(site: Site) -> None:
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals/food",
        data={
            "csrf_token": site.csrf(),
            "slug": "oats-rolled",
            "grams": "lots",
            "meal_type": "breakfast",
            "q": "oats",
        },
    )
    assert response.status_code == 422
    assert "amount &#39;lots&#39; is not a number with an optional unit" in response.text
    assert 'value="oats"' in response.text  # the search stays
    assert 'value="lots" aria-invalid="true"' in response.text  # and what was typed
    assert '<option value="breakfast" selected>' in response.text
    too_much = site.client.post(
        f"/athletes/{site.athlete_id}/meals/food",
        data={"csrf_token": site.csrf(), "slug": "oats-rolled", "grams": "9000", "q": "oats"},
    )
    assert too_much.status_code == 422
    assert "from 1 to 5000 g" in too_much.text
    unknown = site.client.post(
        f"/athletes/{site.athlete_id}/meals/food",
        data={"csrf_token": site.csrf(), "slug": "unicorn-steak", "grams": "100"},
    )
    assert unknown.status_code == 404
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_log_a_planned_meal_as_eaten(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/nutrition"
    page = site.client.get(path, params={"plan": "now"})
    assert page.text.count("Ate this") == 4  # today's four meals, not the next days'
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals/planned",
        data={"csrf_token": site.csrf(), "meal": "breakfast"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    [meal] = _meals(site)
    plan = nutrition.meal_plan(site.ctx, site.athlete_id, days=3, seed=plan_seed(NOW.date()))
    breakfast = plan.days[0].meals[0]
    assert meal["meal_type"] == "breakfast"
    assert meal["calories_kcal"] == pytest.approx(breakfast.totals.kcal, abs=1)
    assert all(f.name in str(meal["description"]) for f in breakfast.foods)


def test_a_label_with_one_bad_number_keeps_the_others(site: Site) -> None:
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals",
        data={
            "csrf_token": site.csrf(),
            "meal_type": "snack",
            "description": "protein bar",
            "calories_kcal": "210",
            "protein_g": "twenty",
            "fat_g": "7",
        },
    )
    assert response.status_code == 422
    assert "protein: write a number" in response.text
    assert '<details class="typed" open>' in response.text
    for kept in ('value="protein bar"', 'value="210"', 'value="twenty"', 'value="7"'):
        assert kept in response.text
    assert "<option selected>snack</option>" in response.text
    assert _meals(site) == []


def test_an_imperial_portion_and_a_typo_find_and_log_the_food(site: Site) -> None:
    """ "6 oz" of chicken is logged as 170 g; "chiken breast" still finds the chicken; a portion
    in an unknown unit is refused in words and nothing is logged."""
    path = f"/athletes/{site.athlete_id}/nutrition"
    found = site.client.get(path, params={"q": "chiken breast"})
    assert found.status_code == 200
    slug = re.search(r'name="slug" value="([^"]+)"', found.text)
    assert slug is not None, found.text[:2000]
    assert "chicken" in slug.group(1)
    assert "Amount (g or oz)" in found.text
    before = len(training_log.history(site.ctx, site.athlete_id, "meals"))
    logged = site.client.post(
        f"{path.rsplit('/', 1)[0]}/meals/food",
        data={
            "csrf_token": site.csrf(),
            "slug": slug.group(1),
            "grams": "6 oz",
            "meal_type": "dinner",
        },
        follow_redirects=False,
    )
    assert logged.status_code == 303, logged.text[:2000]
    site.ctx.session.rollback()
    meals = training_log.history(site.ctx, site.athlete_id, "meals")
    assert len(meals) == before + 1
    assert "170" in meals[-1]["description"], meals[-1]
    cups = site.client.post(
        f"{path.rsplit('/', 1)[0]}/meals/food",
        data={
            "csrf_token": site.csrf(),
            "slug": slug.group(1),
            "grams": "2 cups",
            "meal_type": "dinner",
        },
    )
    assert cups.status_code == 422
    assert "unknown unit" in cups.text
    site.ctx.session.rollback()
    assert len(training_log.history(site.ctx, site.athlete_id, "meals")) == before + 1


def test_a_meal_is_edited_and_deleted_on_the_web(site: Site) -> None:
    """From the nutrition page's list of today's meals: edit a meal's energy (a bad value is
    named in words, not by its stored name), then delete it after a confirmation."""
    path = f"/athletes/{site.athlete_id}/nutrition"
    logged = training_log.log_meal(
        site.ctx,
        site.athlete_id,
        {"eaten_at": "2026-11-20T11:00:00+00:00", "meal_type": "lunch",
         "description": "Soup", "calories_kcal": 300},
    )  # fmt: skip
    site.ctx.session.commit()
    page = site.client.get(path)
    edit = f"/athletes/{site.athlete_id}/meals/{logged.id}/edit"
    assert f'href="{edit}"' in page.text
    form = site.client.get(edit)
    assert form.status_code == 200
    assert 'value="300"' in form.text
    bad = site.client.post(edit, data={"csrf_token": site.csrf(), "description": "Soup",
                                       "calories_kcal": "lots"})  # fmt: skip
    assert bad.status_code == 422
    assert "energy (kcal)" in bad.text
    assert "calories_kcal" not in bad.text.replace('name="calories_kcal"', "")
    saved = site.client.post(
        edit,
        data={"csrf_token": site.csrf(), "description": "Lentil soup", "calories_kcal": "420"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:1000]
    site.ctx.session.rollback()
    meal = training_log.entry(site.ctx, site.athlete_id, "meals", logged.id)
    assert (meal["description"], meal["calories_kcal"]) == ("Lentil soup", 420)
    confirm = site.client.get(f"/athletes/{site.athlete_id}/meals/{logged.id}/delete")
    assert "Delete this meal?" in confirm.text
    assert "Lentil soup · 420 kcal" in confirm.text
    gone = site.client.post(
        f"/athletes/{site.athlete_id}/meals/{logged.id}/delete",
        data={"csrf_token": site.csrf()},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    site.ctx.session.rollback()
    assert all(
        m["id"] != logged.id for m in training_log.history(site.ctx, site.athlete_id, "meals")
    )
    assert "The meal is deleted." in site.client.get(gone.headers["location"]).text


def test_a_maintenance_target_shows_no_range_of_one_number(site: Site) -> None:
    """Maintenance aims at one number: "2130 kcal", not "2130 kcal (2130–2130)"."""
    athletes.update_profile(site.ctx, site.athlete_id, {"goals": ["general_fitness"]})
    site.ctx.session.commit()
    targets = nutrition.targets(site.ctx, site.athlete_id)
    assert targets.kcal_low == targets.kcal_high
    page = site.client.get(f"/athletes/{site.athlete_id}/nutrition").text
    assert f"{targets.kcal:.0f} kcal" in page
    assert re.search(r"\((\d+)–\1\)", page) is None
