"""Mapping an import's exercise names (issue 37): the athlete's remembered choice wins, a
choice to leave sets out is kept, doubtful and unknown names go to review with suggestions,
assisted movements are flagged, and one athlete's choices are invisible to everyone else."""

from __future__ import annotations

from datetime import date

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.coach.exercise_names import AUTO_MAP_CONFIDENCE
from fitcoach.core.domain import Role
from fitcoach.core.errors import ConsentRequired, InvalidInput, NotFound
from fitcoach.services import athletes, consent, exercise_names, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercise_names import NameMatch
from fitcoach.storage.access import Subject
from fitcoach.storage.models import AuditEntry, ExerciseNameChoice

ISO_ROW = "Iso-Lateral High Row (Machine)"  # Hevy's; no library name is it


def _count_queries(ctx: ServiceContext) -> list[str]:
    from sqlalchemy import event

    seen: list[str] = []
    engine = ctx.session.get_bind()

    def before(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    return seen


# --- mapping ---------------------------------------------------------------------------------


def test_confident_names_match_and_others_go_to_review(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    names = ["Bench Press (Dumbbell)", "Lunge (Dumbbell)", ISO_ROW, "romanain deadlfit (dumbbell)"]
    found = exercise_names.map_names(ctx, athlete, names)
    assert list(found) == names
    bench = found["Bench Press (Dumbbell)"]
    assert bench == NameMatch(
        name="Bench Press (Dumbbell)",
        status="matched",
        exercise_slug="dumbbell-bench-press",
        exercise_name="Dumbbell Bench Press",
        confidence=1.0,
        suggestions=bench.suggestions,
        assisted=False,
    )
    assert bench.suggestions[0] == "Dumbbell Bench Press"
    # Strong's plain dumbbell lunge is no one library entry (the catalogue says so): never put
    # on the reverse or the walking lunge, it is kept as the athlete's own lunge (issue 59),
    # with both offered to whoever would rather choose one.
    lunge = found["Lunge (Dumbbell)"]
    assert (lunge.status, lunge.exercise_slug, lunge.confidence) == ("own", None, 0.0)
    assert lunge.own is not None
    assert (lunge.own.movement_pattern, lunge.own.equipment) == ("lunge", ("dumbbell",))
    assert {"Dumbbell Reverse Lunge", "Dumbbell Walking Lunge"} <= set(lunge.suggestions)
    # Nothing fits, but the name says one movement: kept as the athlete's own machine row
    # (issue 59), with suggestions by the movement for whoever would rather choose one.
    unknown = found[ISO_ROW]
    assert (unknown.status, unknown.exercise_slug) == ("own", None)
    assert unknown.own is not None
    assert (unknown.own.movement_pattern, unknown.own.equipment) == (
        "horizontal_pull",
        ("machine",),
    )
    assert unknown.suggestions[0] == "Chest-Supported Machine Row"
    assert 1 < len(unknown.suggestions) <= 5
    # Only entries of the equipment the name says (a machine, or the cable station apps call
    # one): never a barbell or dumbbell row.
    assert not [n for n in unknown.suggestions if "Barbell" in n or "Dumbbell" in n]
    typo = found["romanain deadlfit (dumbbell)"]  # doubtful: suggested, not mapped
    assert (typo.status, typo.exercise_slug) == ("review", None)
    assert 0 < typo.confidence < AUTO_MAP_CONFIDENCE
    assert typo.suggestions[0] == "Dumbbell Romanian Deadlift"


def test_a_name_twice_is_one_entry(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    found = exercise_names.map_names(ctx, athlete, ["Squat (Barbell)"] * 3)
    assert list(found) == ["Squat (Barbell)"]


def test_assisted_movements_are_flagged(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    found = exercise_names.map_names(
        ctx,
        athlete,
        [
            "Pull Up (Assisted)",
            "Dip (Assisted)",
            "Pistol Squat (Assisted)",
            "Pull Up (Weighted)",
            "Gravitron",
        ],
    )
    assert (found["Pull Up (Assisted)"].exercise_slug, found["Pull Up (Assisted)"].assisted) == (
        "machine-assisted-pull-up",
        True,
    )
    dip = found["Dip (Assisted)"]  # the library's Machine-Assisted Dip
    assert (dip.status, dip.exercise_slug, dip.assisted) == (
        "matched",
        "machine-assisted-dip",
        True,
    )
    # No assisted pistol squat in the library: asked, the movement first among the
    # suggestions, flagged.
    pistol = found["Pistol Squat (Assisted)"]
    assert (pistol.status, pistol.exercise_slug, pistol.assisted) == ("review", None, True)
    assert pistol.suggestions[0] == "Pistol Squat"
    assert (found["Pull Up (Weighted)"].exercise_slug, found["Pull Up (Weighted)"].assisted) == (
        "pull-up",
        False,
    )
    assert found["Gravitron"].assisted
    exercise_names.choose(ctx, athlete, "Chin Up (Assisted)", "chin-up")
    (chosen,) = exercise_names.map_names(ctx, athlete, ["chin ups (assisted)"]).values()
    assert (chosen.status, chosen.assisted) == ("chosen", True)


def test_names_are_checked(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    with pytest.raises(InvalidInput, match="no letters or digits"):
        exercise_names.map_names(ctx, athlete, ["Squat", " - "])
    with pytest.raises(InvalidInput, match="at most 200"):
        exercise_names.map_names(ctx, athlete, ["Squat " * 50])
    with pytest.raises(InvalidInput, match="NUL character"):
        exercise_names.choose(ctx, athlete, "Squat\x00", "barbell-back-squat")


def test_one_query_reads_the_choices_and_one_the_library(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    ctx.session.flush()
    names = [f"Mystery Move {i}" for i in range(30)] + [ISO_ROW, "Squat (Barbell)"]
    seen = _count_queries(ctx)
    exercise_names.map_names(ctx, athlete, names)
    choice_reads = [s for s in seen if "exercise_name_choices" in s]
    library_reads = [s for s in seen if "FROM exercises" in s and "exercise_name" not in s]
    assert len(choice_reads) == 1
    assert len(library_reads) == 1


# --- remembered choices ------------------------------------------------------------------------


def test_a_remembered_choice_wins_over_the_library(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    # The library would map it confidently; the athlete says it is their machine variant.
    chosen = exercise_names.choose(ctx, athlete, "Bench Press (Dumbbell)", "Machine Chest Press")
    assert (chosen.status, chosen.exercise_slug, chosen.confidence) == (
        "chosen",
        "machine-chest-press",
        1.0,
    )
    found = exercise_names.map_names(ctx, athlete, ["bench press (dumbbell) ", ISO_ROW])
    again = found["bench press (dumbbell) "]  # the same key: another spelling of the name
    assert (again.status, again.exercise_slug, again.exercise_name) == (
        "chosen",
        "machine-chest-press",
        "Machine Chest Press",
    )
    assert found[ISO_ROW].status == "own"  # not chosen: suggested as the athlete's own


def test_a_choice_to_leave_sets_out_is_remembered(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    skipped = exercise_names.choose(ctx, athlete, "Warm Up", None)
    assert (skipped.status, skipped.exercise_slug, skipped.exercise_name) == ("skip", None, None)
    (found,) = exercise_names.map_names(ctx, athlete, ["warm-up"]).values()
    assert (found.status, found.exercise_slug) == ("skip", None)


def test_choosing_again_replaces_the_choice(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, ISO_ROW, "seated-cable-row")
    exercise_names.choose(
        ctx, athlete, "iso lateral high row machine", "chest-supported-machine-row"
    )
    listed = exercise_names.choices(ctx, athlete)
    assert [(c.name, c.exercise_slug) for c in listed] == [
        ("iso lateral high row machine", "chest-supported-machine-row")
    ]
    assert ctx.session.query(ExerciseNameChoice).count() == 1


def test_choices_are_listed_and_forgotten(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    exercise_names.choose(ctx, athlete, "Warm Up", None)
    listed = exercise_names.choices(ctx, athlete)
    assert [(c.name, c.status, c.exercise_slug) for c in listed] == [
        (ISO_ROW, "chosen", "chest-supported-machine-row"),
        ("Warm Up", "skip", None),
    ]
    exercise_names.forget(ctx, athlete, "warm up")
    assert [c.name for c in exercise_names.choices(ctx, athlete)] == [ISO_ROW]
    (found,) = exercise_names.map_names(ctx, athlete, ["Warm Up"]).values()
    assert found.status == "review"  # asked again at the next import
    with pytest.raises(NotFound, match="no remembered choice"):
        exercise_names.forget(ctx, athlete, "Warm Up")


def test_choices_are_audited_without_the_name(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, "My Secret Physio Move", "chest-supported-machine-row")
    exercise_names.forget(ctx, athlete, "My Secret Physio Move")
    ctx.session.flush()
    rows = (
        ctx.session.query(AuditEntry)
        .filter(AuditEntry.entity == "exercise_name_choice")
        .order_by(AuditEntry.id)
        .all()
    )
    assert [(r.action, r.athlete_id) for r in rows] == [("update", athlete), ("delete", athlete)]
    assert rows[0].detail == {"exercise": "chest-supported-machine-row"}
    assert all("Secret" not in str(r.detail) for r in rows)


def test_the_exercise_chosen_must_be_named_exactly(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    with pytest.raises(InvalidInput, match="not a name or slug") as raised:
        exercise_names.choose(ctx, athlete, ISO_ROW, "iso row machine thing")
    assert raised.value.details["suggestions"]
    with pytest.raises(InvalidInput, match="not a name or slug"):
        exercise_names.choose(ctx, athlete, ISO_ROW, "chest suported machine row")  # a typo
    by_alias = exercise_names.choose(ctx, athlete, ISO_ROW, "machine row")
    assert by_alias.exercise_slug == "chest-supported-machine-row"
    assert exercise_names.choices(ctx, athlete)[0].exercise_slug == "chest-supported-machine-row"


def test_a_choice_needs_training_log_consent(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, athlete))
    consent.withdraw(own, athlete.id, "training_logs")
    with pytest.raises(ConsentRequired):
        exercise_names.choose(own, athlete.id, ISO_ROW, "seated-cable-row")
    assert exercise_names.choices(own, athlete.id) == []


# --- scoping -----------------------------------------------------------------------------------


def test_another_athletes_choices_are_invisible(ctx: ServiceContext) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    as_a = as_subject(ctx, subject_of(ctx, a))
    as_b = as_subject(ctx, subject_of(ctx, b))
    exercise_names.choose(as_a, a.id, ISO_ROW, "chest-supported-machine-row")
    # B's own mapping of the same name is unaffected by A's choice.
    (found,) = exercise_names.map_names(as_b, b.id, [ISO_ROW]).values()
    assert (found.status, found.exercise_slug) == ("own", None)
    assert exercise_names.choices(as_b, b.id) == []
    assert exercise_names.remembered_slugs(as_b, b.id) == {}
    # B cannot read, change or forget A's choices: A's id is not found for B.
    for call in (
        lambda: exercise_names.map_names(as_b, a.id, [ISO_ROW]),
        lambda: exercise_names.choices(as_b, a.id),
        lambda: exercise_names.choose(as_b, a.id, ISO_ROW, None),
        lambda: exercise_names.forget(as_b, a.id, ISO_ROW),
        lambda: exercise_names.remembered_slugs(as_b, a.id),
    ):
        with pytest.raises(NotFound):
            call()
    assert [(c.name, c.exercise_slug) for c in exercise_names.choices(as_a, a.id)] == [
        (ISO_ROW, "chest-supported-machine-row")
    ]


def test_a_linked_coach_sees_the_choices_and_an_unlinked_one_does_not(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx).id
    linked = athletes.create_staff_account(ctx, "c1@example.org", "Coach", Role.coach)
    other = athletes.create_staff_account(ctx, "c2@example.org", "Other", Role.coach)
    athletes.link_coach(ctx, linked, athlete)
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    coach = as_subject(ctx, Subject(account_id=linked, role=Role.coach))
    assert [c.name for c in exercise_names.choices(coach, athlete)] == [ISO_ROW]
    stranger = as_subject(ctx, Subject(account_id=other, role=Role.coach))
    with pytest.raises(NotFound):
        exercise_names.choices(stranger, athlete)


# --- the chat ----------------------------------------------------------------------------------


def test_the_chat_reads_a_remembered_name_as_chosen(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    text = "3x10 Iso-Lateral High Row (Machine) 40kg"
    plain = understand(text, today=date(2026, 11, 20), exercises=ExerciseMatcher.from_library())
    assert plain.slots["groups"][0]["exercise"] is None  # unknown to the library alone
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    exercise_names.choose(ctx, athlete, "Warm Up", None)  # leaving out is not a chat reading
    matcher = ExerciseMatcher.from_library().with_remembered(
        exercise_names.remembered_slugs(ctx, athlete)
    )
    assert matcher.match("iso lateral high row machine").slug == "chest-supported-machine-row"
    assert matcher.match("Bench Press (Dumbbell)").slug == "dumbbell-bench-press"
    assert ExerciseMatcher.from_library().remembered == {}  # the shared matcher is untouched
    read = understand(text, today=date(2026, 11, 20), exercises=matcher)
    assert read.slots["groups"][0]["exercise"] == "chest-supported-machine-row"


def test_the_offline_chat_logs_a_remembered_name(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    reply = offline_reply(ToolContext(ctx, athlete), "3x10 iso-lateral high row (machine) 40kg")
    assert reply.intent == "log_sets", reply.text
    assert "Chest-Supported Machine Row" in reply.text
    logged = training_log.history(ctx, athlete, "workouts", date(2026, 11, 19), date(2026, 11, 21))
    assert [s["exercise"] for s in logged[0]["sets"]] == ["chest-supported-machine-row"] * 3


def test_the_log_sets_tool_reads_a_remembered_name(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    exercise_names.choose(ctx, athlete, ISO_ROW, "chest-supported-machine-row")
    result = default_registry().call(
        ToolContext(ctx, athlete),
        "log_sets",
        {"groups": [{"exercise": ISO_ROW, "sets": 2, "reps": 8, "weight_kg": 40}]},
    )
    assert result.ok, result.error
    assert [s["exercise"] for s in result.data["sets"]] == ["chest-supported-machine-row"] * 2


def test_suggestions_agree_with_the_name_in_kind(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    found = exercise_names.map_names(
        ctx,
        athlete,
        ["Chest Fly (Band)", "Rowing (Machine)", "Bicep Curl (Machine)"],
        {"Chest Fly (Band)": "lifted", "Rowing (Machine)": "lifted"},
    )
    fly = found["Chest Fly (Band)"]  # no band fly in the library: the athlete's own
    assert fly.status == "own"
    assert fly.own is not None
    assert fly.own.equipment == ("resistance_band",)
    assert "Dumbbell Fly" not in fly.suggestions
    assert "Resistance Band Chest Press" in fly.suggestions
    rowing = found["Rowing (Machine)"]  # sets of reps: a machine row, not a rowing session
    assert rowing.status == "review"
    assert not [n for n in rowing.suggestions if "Rowing" in n]
    timed = exercise_names.map_names(
        ctx, athlete, ["Rowing (Machine)"], {"Rowing (Machine)": "timed"}
    )
    assert {"Moderate Rowing", "Vigorous Rowing"} <= set(timed["Rowing (Machine)"].suggestions)
    # Strong ships it; the library has no machine curl: the athlete's own biceps curl on a
    # machine (issue 59), never the cable curl.
    curl = found["Bicep Curl (Machine)"]
    assert (curl.status, curl.exercise_slug) == ("own", None)
    assert curl.own is not None
    assert (curl.own.movement_pattern, curl.own.equipment) == ("elbow_flexion", ("machine",))
    assert curl.own.primary_muscles == ("biceps",)


def test_app_names_resolve_without_asking(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    names = ["Lat Pulldown (Machine)", "lat pulldown (machine) ", "Triceps Rope Pushdown"]
    found = exercise_names.map_names(ctx, athlete, names)
    assert [(m.status, m.exercise_slug) for m in found.values()] == [
        ("matched", "lat-pulldown"),
        ("matched", "lat-pulldown"),
        ("matched", "triceps-pushdown"),
    ]
