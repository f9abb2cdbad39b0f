"""The plan page: the plan in force, proposals waiting with their diff and verdict (approve or
reject), an edit form with a stored-nothing preview, and the version history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from fitcoach.coach import wording
from fitcoach.coach.edits import Change
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import monitoring, plans

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
Version = Annotated[int, Path(ge=1, le=MAX_ID)]

# The edits the form offers, and the fields each one reads.
FORM_OPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "change_sets": ("Change sets", ("session", "exercise", "sets")),
    "change_reps": ("Change reps", ("session", "exercise", "rep_min", "rep_max")),
    "replace_exercise": ("Swap exercise", ("session", "exercise", "to")),
    "move_session": ("Move session", ("session", "position")),
    "skip_session": ("Skip session", ("session",)),
    "set_session_minutes": ("Session minutes", ("minutes",)),
}
FIELDS = ("session", "exercise", "to", "sets", "rep_min", "rep_max", "position", "minutes")
INTEGER_FIELDS = ("sets", "rep_min", "rep_max", "position", "minutes")
# What made a version, as the version page names it.
OPERATION_NAMES = {
    "generate": "generated from the profile",
    "review": "weekly review",
    "dosing_agent": "dosing agent (opted in)",
    "replace_exercise": "exercise swapped",
    "add_exercise": "exercise added",
    "remove_exercise": "exercise removed",
    "change_sets": "sets changed",
    "change_reps": "reps changed",
    "change_load": "load changed",
    "change_rir": "reps in reserve changed",
    "move_session": "session moved",
    "skip_session": "session skipped",
    "set_days_per_week": "training days changed",
    "set_session_minutes": "session length changed",
    "set_equipment": "equipment changed",
    "regenerate": "regenerated",
}
DONE = {
    "applied": "The change is in force.",
    "proposed": "Proposed: it waits for the athlete's approval.",
    "approved": "Approved: the new version is in force.",
    "rejected": "Rejected: the plan in force stays.",
    "refused": "The safety validator refused the proposal now; it is stored rejected.",
    "generated": "A new plan is in force.",
    "generated_proposed": "The new plan waits for approval below.",
}
GENERATE_WEEKS = (1, 12)  # the planner's range
GENERATE_FIELDS = ("weeks", "start", "replace")
CALENDAR_REACH = timedelta(days=371)  # how far from today the week view may be paged


@dataclass(frozen=True)
class CalendarSession:
    """A session of the plan on its day in the week view."""

    key: str
    name: str
    status: str
    minutes: int
    on: date


@dataclass(frozen=True)
class CalendarWeek:
    """Monday to Sunday of the plan in force: each day's sessions, the days a planned session
    may move to (today on), and the weeks before and after."""

    monday: date
    days: list[tuple[date, list[CalendarSession]]]
    choices: list[date]
    today: date
    previous: date | None
    next: date | None
    error: str | None = None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_asked(requested: str | None, today: date) -> tuple[date, str | None]:
    """The Monday of the week holding ``requested`` (an ISO day), else of today's week with
    the problem named: not a date, or further than ``CALENDAR_REACH`` from today."""
    if not requested:
        return monday_of(today), None
    try:
        asked = date.fromisoformat(requested.strip())
        if abs(asked - today) > CALENDAR_REACH:
            raise ValueError
    except ValueError:
        problem = (
            f"week: a day like {today.isoformat()} within a year of today "
            f"(got {requested!r}); showing this week"
        )
        return monday_of(today), problem
    return monday_of(asked), None


def calendar_week(
    plan: Plan, days: dict[str, date], today: date, requested: str | None = None
) -> CalendarWeek:
    """The week view of ``plan`` (session days as ``wording.session_days`` projects them on
    ``today``): the week holding ``requested`` (an ISO day), else today's. A day that is not a
    date, or further than ``CALENDAR_REACH`` from today, names the problem and shows today's
    week."""
    monday, error = week_asked(requested, today)
    week = [monday + timedelta(days=i) for i in range(7)]
    by_day: dict[date, list[CalendarSession]] = {d: [] for d in week}
    for session in plan.sessions():
        on = days.get(session.key)
        if on in by_day:
            by_day[on].append(
                CalendarSession(
                    session.key, session.name, session.status, session.estimated_minutes, on
                )
            )
    low, high = monday_of(today - CALENDAR_REACH), today + CALENDAR_REACH
    before, after = monday - timedelta(days=7), monday + timedelta(days=7)
    return CalendarWeek(
        monday=monday,
        days=[(d, by_day[d]) for d in week],
        choices=[d for d in week if d >= today],
        today=today,
        previous=before if before >= low else None,
        next=after if after <= high else None,
        error=error,
    )


def operation_of(form: dict[str, str]) -> dict[str, Any]:
    """The edit operation a submitted form describes (only the fields its op reads)."""
    op = form.get("op", "")
    if op not in FORM_OPS:
        raise InvalidInput(
            f"choose an edit: {', '.join(FORM_OPS)} (got {op!r})",
            details={"allowed": list(FORM_OPS)},
        )
    out: dict[str, Any] = {"op": op}
    for field in FORM_OPS[op][1]:
        value = form.get(field, "").strip()
        if not value:
            if field == "session" and op not in ("move_session", "skip_session"):
                continue  # every planned session with the exercise
            raise InvalidInput(
                f"{field.replace('_', ' ')}: required for {FORM_OPS[op][0].lower()}", field=field
            )
        if field in INTEGER_FIELDS:
            try:
                out[field] = int(value)
            except ValueError:
                raise InvalidInput(
                    f"{field.replace('_', ' ')}: write a whole number (got {value!r})", field=field
                ) from None
        else:
            out[field] = value
    return out


def _page(
    web: Web,
    athlete_id: int,
    *,
    form: dict[str, str] | None = None,
    preview: plans.EditPreview | None = None,
    errors: list[str] | None = None,
    refusal: plans.EditPreview | plans.PlanView | None = None,
    gen: dict[str, str] | None = None,
    gen_errors: list[str] | None = None,
    blocked: plans.PlanView | None = None,
    calendar_at: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    try:
        current: plans.PlanView | None = plans.current(web.ctx, athlete_id)
        missing = None
    except NotFound as exc:
        current, missing = None, exc.message
    history = plans.versions(web.ctx, athlete_id)
    proposals = [v for v in history if v.status == "proposed"]
    today = _today(web, athlete_id)
    in_force = current.plan if current is not None else None
    days = wording.session_days(in_force, today) if in_force is not None else {}
    names = web.exercise_names(athlete_id)
    exercises = sorted(
        {
            (wording.exercise_name(item.exercise, names), item.exercise)
            for s in (in_force.sessions() if in_force else [])
            for item in s.items
        }
    )
    sessions = [(s.key, s.name, s.status) for s in (in_force.sessions() if in_force else [])]
    parents = {v.version: v.plan for v in history if v.version is not None}
    served: list[plans.ServedSession] = []
    if current is not None and current.plan is not None and current.escalation is None:
        # A week of sessions checked against the profile now: shown when that changes any.
        week = plans.next_sessions(web.ctx, athlete_id, limit=current.plan.days_per_week)
        served = [s for s in week if s.changed]
    # The dosing agent's suggestion and its simulated evidence are research, not the plan:
    # they live on a page of their own (``plan_next_week``), linked from the plan in force.
    agent_offered = current is not None and current.plan is not None and current.escalation is None
    done = web.request.query_params.get("done")
    message = DONE.get(done or "")
    if done == "moved":
        message = _moved_words(web, athlete_id)
    calendar = None
    if in_force is not None:
        asked = calendar_at or web.request.query_params.get("week")
        calendar = calendar_week(in_force, days, today, asked)
    response = web.page(
        "plan.html",
        "Plan",
        athlete,
        current=current,
        served=served,
        missing=missing,
        proposals=proposals,
        approvable=plans.approvable(web.ctx, athlete_id) if proposals else set(),
        history=history,
        ops=FORM_OPS,
        form=form or {"op": "change_sets"},
        preview=preview,
        refusal=refusal,
        session_days=days,
        proposal_lines={
            p.version: changes_of(
                p.diff, parents.get(p.parent_version or 0), p.plan, today, p.reasons
            )
            for p in proposals
        },
        preview_lines=changes_of(preview.diff, in_force, preview.plan, today, preview.reasons)
        if preview
        else [],
        refusal_lines=changes_of(refusal.diff, in_force, refusal.plan, today, refusal.reasons)
        if refusal
        else [],
        errors=errors or [],
        exercises=exercises,
        sessions=sessions,
        by=plans.proposer_for(web.ctx),
        done=message,
        advice=plans.pain_advice(web.ctx, athlete_id, today),
        gen=gen or {"weeks": "4", "start": today.isoformat()},
        gen_errors=gen_errors or [],
        blocked=blocked,
        weeks_range=GENERATE_WEEKS,
        agent_offered=agent_offered,
        calendar=calendar,
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


def _moved_words(web: Web, athlete_id: int) -> str | None:
    """The move the query names (``version``), in the words the chat says it
    (``plans.MoveWords.said``); None when that version is not a move of this athlete's."""
    asked = web.request.query_params.get("version", "")
    if not asked.isdigit() or not 1 <= int(asked) <= MAX_ID:
        return None
    try:
        view = plans.get_version(web.ctx, athlete_id, int(asked))
    except NotFound:
        return None
    words = plans.move_words(web.ctx, athlete_id, view)
    return words.said if words is not None else None


def _today(web: Web, athlete_id: int) -> date:
    return monitoring.local_today(web.ctx, athlete_id)


def changes_of(
    diff: Sequence[Change],
    before: Plan | None,
    after: Plan | None,
    as_of: date,
    reasons: Sequence[Reason] = (),
) -> list[wording.ChangeLine]:
    """A diff as sentences (``coach.wording.change_lines``), dates projected from ``as_of``."""
    return wording.change_lines(diff, before, after, as_of, reasons=reasons, today=as_of)


def made_on(web: Web, athlete_id: int, view: plans.PlanView) -> date:
    """The day (the athlete's) a version was made: its sessions are dated as on that day."""
    if view.created_at is None:
        return _today(web, athlete_id)
    return view.created_at.astimezone(zone_named(web.athlete(athlete_id).timezone)).date()


def version_lines(web: Web, athlete_id: int, view: plans.PlanView) -> list[wording.ChangeLine]:
    """A stored version's diff as sentences against its parent."""
    return plans.change_sentences(web.ctx, athlete_id, view)


@router.get("/athletes/{athlete_id}/plan")
def plan_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The plan in force, proposals waiting, the edit form and every version."""
    return _page(web, athlete_id)


async def _form(web: Web) -> dict[str, str]:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    return {k: str(data.get(k, "")) for k in ("op", "action", *FIELDS)}


def _preview(web: Web, athlete_id: int, form: dict[str, str]) -> plans.EditPreview:
    return plans.preview_edit(
        web.ctx, athlete_id, operation_of(form), proposed_by=plans.proposer_for(web.ctx)
    )


@router.get("/athletes/{athlete_id}/plan/next-week")
def plan_next_week(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """How next week is decided: the latest weekly review's reasons beside the dosing agent's
    suggestion, the agent's measured comparison with the rules, and the opt-in."""
    athlete = web.athlete(athlete_id)
    try:
        current: plans.PlanView | None = plans.current(web.ctx, athlete_id)
        missing = None
    except NotFound as exc:
        current, missing = None, exc.message
    agent = None
    if current is not None and current.plan is not None and current.escalation is None:
        agent = plans.agent_suggestion(web.ctx, athlete_id, _today(web, athlete_id))
    history = plans.versions(web.ctx, athlete_id)
    review = next(
        (v for v in history if v.proposed_by == "review" and v.status != "rejected"), None
    )
    return web.page(
        "plan_next_week.html",
        "How next week is decided",
        athlete,
        agent=agent,
        review=review,
        missing=missing,
        by=plans.proposer_for(web.ctx),
    )


@router.post("/athletes/{athlete_id}/plan/agent")
async def agent_opt_in(athlete_id: AthleteId, web: WebDep) -> Response:
    """Opt in to (or out of) the dosing agent's suggestion taking effect after each review."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    plans.set_agent_opt_in(web.ctx, athlete_id, str(data.get("enabled", "")) == "1")
    return RedirectResponse(f"/athletes/{athlete_id}/plan/next-week#agent", status_code=303)


@router.post("/athletes/{athlete_id}/plan/preview")
async def preview(athlete_id: AthleteId, web: WebDep) -> Response:
    """What the edit would change and the validator's verdict; nothing is stored."""
    form = await _form(web)
    web.athlete(athlete_id)
    try:
        shown = _preview(web, athlete_id, form)
    except InvalidInput as exc:
        return _page(web, athlete_id, form=form, errors=[exc.message], status=422)
    if not shown.accepted:
        return _page(web, athlete_id, form=form, refusal=shown, status=409)
    if not shown.changes_anything:
        message = "the edit changes nothing in the plan"
        return _page(web, athlete_id, form=form, errors=[message], status=422)
    return _page(web, athlete_id, form=form, preview=shown)


@router.post("/athletes/{athlete_id}/plan/edits")
async def apply_edit(athlete_id: AthleteId, web: WebDep) -> Response:
    """Apply (the athlete) or propose (a coach, or the athlete asking to) an edit.

    It is previewed first: an edit the validator refuses is shown with the reasons and stored
    nowhere (status 409); a malformed one is 422.
    """
    form = await _form(web)
    web.athlete(athlete_id)
    try:
        shown = _preview(web, athlete_id, form)
        if not shown.accepted:
            return _page(web, athlete_id, form=form, refusal=shown, status=409)
        result = plans.request_edit(
            web.ctx, athlete_id, shown.operation, propose_only=form.get("action") == "propose"
        )
    except InvalidInput as exc:
        return _page(web, athlete_id, form=form, errors=[exc.message], status=422)
    done = "applied" if result.applied else "proposed"
    if result.proposed_by == "athlete" and plans.move_words(web.ctx, athlete_id, result):
        done = f"moved&version={result.version}"  # the move in words, as the chat says it
    return RedirectResponse(f"/athletes/{athlete_id}/plan?done={done}", status_code=303)


def move_operation(form: dict[str, str]) -> dict[str, Any]:
    """The ``move_session`` edit the week view's form asks for: a session onto a day."""
    session, text = form.get("session", "").strip(), form.get("on", "").strip()
    if not session:
        raise InvalidInput("session: choose the session to move", field="session")
    try:
        on = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"day: choose a day of the week (got {text!r})", field="day") from None
    return {"op": "move_session", "session": session, "on": on}


@router.post("/athletes/{athlete_id}/plan/move")
async def move_to_day(athlete_id: AthleteId, web: WebDep) -> Response:
    """Move a planned session to another day from the week view (a form: no script needed).

    The chat's move (``plans.move_session``): previewed through the safety validator first, a
    refusal shown with its reasons and stored nowhere (409); applied for the athlete, proposed
    for a coach. A move that forces other changes waits for the athlete's approval. The page
    then says the move in the words the chat says it (``plans.MoveWords.said``).
    """
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    form = {k: str(data.get(k, "")) for k in ("session", "on", "week")}
    web.athlete(athlete_id)
    week = form["week"] or None
    try:
        operation = move_operation(form)
        shown = plans.preview_edit(
            web.ctx, athlete_id, operation, proposed_by=plans.proposer_for(web.ctx)
        )
        if not shown.accepted:
            return _page(web, athlete_id, refusal=shown, calendar_at=week, status=409)
        if not shown.changes_anything:
            raise InvalidInput("the session is already on that day")
        result = plans.move_session(web.ctx, athlete_id, operation["session"], operation["on"])
    except InvalidInput as exc:
        return _page(web, athlete_id, errors=[exc.message], calendar_at=week, status=422)
    monday, _ = week_asked(week, _today(web, athlete_id))
    done = "proposed"
    if result.result.proposed_by == "athlete":
        done = f"moved&version={result.result.version}"
    query = f"done={done}&week={monday.isoformat()}"
    return RedirectResponse(f"/athletes/{athlete_id}/plan?{query}#week", status_code=303)


def generate_options(form: dict[str, str]) -> dict[str, Any]:
    """The generation a submitted form asks for: weeks, first day, and whether it replaces
    the plan in force (``InvalidInput`` naming each bad field)."""
    problems = []
    out: dict[str, Any] = {"replace": form.get("replace") == "1"}
    low, high = GENERATE_WEEKS
    try:
        out["weeks"] = int(form.get("weeks", "").strip())
        if not low <= out["weeks"] <= high:
            raise ValueError
    except ValueError:
        problems.append(f"weeks: a whole number from {low} to {high} (got {form.get('weeks')!r})")
    try:
        out["start"] = date.fromisoformat(form.get("start", "").strip())
    except ValueError:
        problems.append(f"first day: a date like 2026-12-01 (got {form.get('start')!r})")
    if problems:
        raise InvalidInput("; ".join(problems))
    return out


@router.post("/athletes/{athlete_id}/plan/generate")
async def generate(athlete_id: AthleteId, web: WebDep) -> Response:
    """Generate a plan from the profile, through the safety validator: in force at once when
    there is none (or the athlete replaces theirs), otherwise a proposal waiting for approval.
    A red flag blocks it (nothing stored); a validator refusal is stored rejected (409)."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    form = {k: str(data.get(k, "")) for k in GENERATE_FIELDS}
    web.athlete(athlete_id)
    by = plans.proposer_for(web.ctx)
    try:
        options = generate_options(form)
        view = plans.generate(
            web.ctx,
            athlete_id,
            seed=len(plans.versions(web.ctx, athlete_id)),  # another plan than the last
            weeks=options["weeks"],
            start=options["start"],
            replace=options["replace"] and by == "athlete",
            proposed_by=by,
        )
    except InvalidInput as exc:
        return _page(web, athlete_id, gen=form, gen_errors=[exc.message], status=422)
    if view.status == "blocked":
        return _page(web, athlete_id, gen=form, blocked=view, status=409)
    if view.status == "rejected":
        return _page(web, athlete_id, gen=form, refusal=view, status=409)
    done = "generated" if view.status == "active" else "generated_proposed"
    return RedirectResponse(f"/athletes/{athlete_id}/plan?done={done}", status_code=303)


@router.post("/athletes/{athlete_id}/plan/versions/{version}/approve")
async def approve(athlete_id: AthleteId, version: Version, web: WebDep) -> Response:
    """Put a proposal in force (checked again by the validator)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    result = plans.approve(web.ctx, athlete_id, version)
    done = "approved" if result.applied else "refused"
    return RedirectResponse(f"/athletes/{athlete_id}/plan?done={done}", status_code=303)


@router.post("/athletes/{athlete_id}/plan/versions/{version}/reject")
async def reject(athlete_id: AthleteId, version: Version, web: WebDep) -> Response:
    """Turn a proposal down."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    plans.reject(web.ctx, athlete_id, version)
    return RedirectResponse(f"/athletes/{athlete_id}/plan?done=rejected", status_code=303)


@router.get("/athletes/{athlete_id}/plan/versions/{version}")
def version_page(athlete_id: AthleteId, version: Version, web: WebDep) -> HTMLResponse:
    """One version: status, who proposed it, verdict, reasons, its diff and its sessions."""
    athlete = web.athlete(athlete_id)
    view = plans.get_version(web.ctx, athlete_id, version)
    as_of = made_on(web, athlete_id, view)
    return web.page(
        "plan_version.html",
        f"Plan version {version}",
        athlete,
        view=view,
        lines=version_lines(web, athlete_id, view),
        session_days=wording.session_days(view.plan, as_of) if view.plan else {},
        operations=[OPERATION_NAMES.get(o.op, o.op.replace("_", " ")) for o in view.operations],
    )


@router.get("/athletes/{athlete_id}/plan/versions/{version}/changes")
def version_changes(athlete_id: AthleteId, version: Version, web: WebDep) -> JSONResponse:
    """A version's changes as sentences, for the chat page's script (a proposal that arrives
    while the page is open)."""
    view = plans.get_version(web.ctx, athlete_id, version)
    lines = version_lines(web, athlete_id, view)
    return JSONResponse(
        {
            "version": version,
            "status": view.status,
            "changes": [{"where": x.where, "said": x.said, "sentence": x.sentence} for x in lines],
        }
    )
