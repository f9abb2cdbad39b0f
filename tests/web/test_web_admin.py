"""The admin page: admins only, CSRF, create and disable accounts, revoke tokens."""

from __future__ import annotations

from tests.web.conftest import CSRF_META, PASSWORD, Site, login

from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes


def _as_admin(site: Site) -> str:
    athletes.create_staff_account(site.ctx, "root@example.com", "Root", Role.admin)
    site.ctx.session.commit()
    site.account("root@example.com")
    assert login(site.client, "root@example.com", PASSWORD).status_code == 303
    page = site.client.get("/admin")
    assert page.status_code == 200, page.text[:300]
    match = CSRF_META.search(page.text)
    assert match
    return match.group(1)


def test_only_admins_see_the_admin_page(site: Site) -> None:
    response = site.client.get("/admin")
    assert response.status_code == 403
    site.client.cookies.clear()
    response = site.client.get("/admin", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_an_admin_creates_disables_and_revokes(site: Site) -> None:
    csrf = _as_admin(site)
    page = site.client.get("/admin").text
    for section in ("Accounts", "Sensor devices", "Ingestion health", "Background jobs"):
        assert section in page
    form = {"name": "Coach C", "email": "c@example.com", "role": "coach", "password": PASSWORD}
    refused = site.client.post("/admin/accounts", data={**form, "csrf_token": "bad"})
    assert refused.status_code == 403
    assert "c@example.com" not in site.client.get("/admin").text
    done = site.client.post(
        "/admin/accounts", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    site.ctx.session.expire_all()
    coach = accounts.account_for(site.ctx, "c@example.com")
    assert coach.role == Role.coach
    assert (
        site.client.post(f"/admin/accounts/{coach.id}/active", data={"active": "0"}).status_code
        == 403
    )
    site.client.post(f"/admin/accounts/{coach.id}/active", data={"active": "0", "csrf_token": csrf})
    site.ctx.session.expire_all()
    assert not accounts.account_for(site.ctx, "c@example.com").is_active
    token = next(
        t for t in accounts.list_tokens(site.ctx) if t.email == site.email and not t.revoked_at
    )
    site.client.post(f"/admin/tokens/{token.id}/revoke", data={"csrf_token": csrf})
    site.ctx.session.expire_all()
    assert next(t for t in accounts.list_tokens(site.ctx) if t.id == token.id).revoked_at


def test_an_athlete_cannot_post_admin_forms(site: Site) -> None:
    csrf = site.csrf()
    response = site.client.post(
        "/admin/accounts",
        data={"name": "X", "email": "x@example.com", "role": "admin", "csrf_token": csrf},
    )
    assert response.status_code == 403
    site.ctx.session.expire_all()
    assert all(a.email != "x@example.com" for a in accounts.list_accounts(site.ctx))
