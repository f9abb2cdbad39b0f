"""The form check of a filmed set: stored with the set; a breakdown holds the load in review."""

from __future__ import annotations

import copy
import io
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.conftest import Database
from tests.factories import make_athlete
from tests.services.test_form_check_refusals import _track

from fitcoach.coach.plan import StrengthItem
from fitcoach.core.errors import DeviceUnavailable, InvalidInput, NotFound
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build
from fitcoach.services import form_check, guided, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.db import unit_of_work

DAY = date(2026, 11, 20)  # the test clock's day


def _logged_top_of_range(ctx: ServiceContext) -> tuple[int, str, list[int]]:
    athlete = make_athlete(ctx)
    view = plans.generate(ctx, athlete.id, start=DAY)
    assert view.plan is not None
    session = view.plan.sessions()[0]
    item = next(i for i in session.items if isinstance(i, StrengthItem))
    load = item.load.value if item.load.kind == "kg" and item.load.value else 40.0
    ids = [
        guided.log_guided_set(
            ctx,
            athlete.id,
            DAY,
            session.key,
            {
                "exercise": item.exercise,
                "reps": item.rep_max,
                "weight_kg": load,
                "rir": item.target_rir,
            },
        ).set_id
        for _ in range(item.sets)
    ]
    return athlete.id, item.exercise, ids


def squat_short_of_lockout() -> NDArray[np.float64]:
    """The good hand-written squat with the knees caving in at the bottom and never standing
    up straight at the top (knee about 154 degrees in the image): lockout, a squat fault checked
    on real standing frames (``pose.REAL_DATA_VALIDATED``), beside valgus, an estimate."""
    spec = copy.deepcopy(HANDWRITTEN[0])
    top, bottom = spec["top"], spec["bottom"]
    bottom["knee"] = (0.05, *bottom["knee"][1:])
    for joint in ("hip", "knee", "shoulder", "ear"):
        top[joint] = tuple(
            t + 0.55 * (b - t) for t, b in zip(top[joint], bottom[joint], strict=True)
        )
    return np.array(build(spec).landmarks)


def _check(set_id: int, landmarks: NDArray[np.float64]) -> form_check.FormCheck:
    """The form check of a filmed back squat as the product runs it (image landmarks)."""
    analysis = form_check.assess_track(_track(landmarks), "barbell-back-squat", model_dir=None)
    return form_check.result_of(analysis, set_id, len(analysis.assessment.geometry.reps))


def test_a_breakdown_stored_with_a_set_holds_the_load(ctx: ServiceContext) -> None:
    aid, lift, ids = _logged_top_of_range(ctx)  # without a form check: a load increase (below)
    # Valgus (an estimate) and lockout (checked on real standing frames): a breakdown either
    # way; a push-up's would not be one (tests/services/test_form_validation_notes.py).
    bad = _check(ids[-1], squat_short_of_lockout())
    assert bad.breakdown
    assert {f.fault for f in bad.faults} >= {"knee_valgus", "incomplete_lockout"}
    form_check.store(ctx, aid, ids[-1], bad)
    stored = training_log.history(ctx, aid, "workouts", DAY, DAY)[0]["sets"][-1]
    assert stored["form_breakdown"] is True
    assert stored["form_check"]["faults"][0]["cue"]
    after = [d for d in plans.review_week(ctx, aid, DAY).decisions if d.exercise == lift]
    assert after
    assert all(d.action == "hold" for d in after)
    assert any("form_breakdown_hold" in [r.code for r in d.reasons] for d in after)


def test_a_good_filmed_set_keeps_the_increase(ctx: ServiceContext) -> None:
    aid, lift, ids = _logged_top_of_range(ctx)
    good = _check(ids[-1], np.array(build(HANDWRITTEN[0]).landmarks))
    assert not good.breakdown
    form_check.store(ctx, aid, ids[-1], good)
    after = [d for d in plans.review_week(ctx, aid, DAY).decisions if d.exercise == lift]
    assert any(d.action == "load_up" for d in after)
    assert not any("form_breakdown_hold" in [r.code for r in d.reasons] for d in after)


def test_another_athletes_set_is_not_found(ctx: ServiceContext, tmp_path: Path) -> None:
    aid, _, ids = _logged_top_of_range(ctx)
    other = make_athlete(ctx)
    clip = tmp_path / "set.mp4"
    clip.write_bytes(b"\0")
    with pytest.raises(NotFound):
        form_check.check_set_form(ctx, other.id, ids[0], clip, pose_python=tmp_path / "py")
    with pytest.raises(DeviceUnavailable, match="make pose-env"):
        form_check.check_set_form(ctx, aid, ids[0], clip, pose_python=tmp_path / "py")


def test_library_slugs_map_to_lifts() -> None:
    assert form_check.lift_of("barbell-back-squat") == "squat"
    assert form_check.lift_of("bulgarian-split-squat") == "lunge"
    assert form_check.lift_of("romanian-deadlift") == "deadlift"
    assert form_check.lift_of("barbell-bench-press") == "bench_press"
    assert form_check.lift_of("cable-face-pull") is None  # recognised from the movement


@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b"\0\0\0\x1cftypisom\0\0\x02\0", ".mp4"),
        (b"\0\0\0\x14ftypqt  \0\0\0\0", ".mov"),
        (b"\0\0\0\x08wide\0\0\0\0", ".mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", ".webm"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", ".mkv"),
        (b"RIFF\0\0\0\0AVI LIST", ".avi"),
    ],
)
def test_the_container_comes_from_the_first_bytes(head: bytes, suffix: str) -> None:
    assert form_check.container_of(head) == suffix


@pytest.mark.parametrize(
    "head",
    [b"", b"not a video", b"\xff\xd8\xff\xe0\0\x10JFIF", b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WAVE"],
)
def test_anything_else_is_refused(head: bytes) -> None:
    with pytest.raises(InvalidInput, match="video: "):
        form_check.container_of(head)


def test_an_upload_is_saved_under_a_name_of_its_own(tmp_path: Path) -> None:
    limits = form_check.VideoLimits(max_bytes=100)
    video = b"\0\0\0\x1cftypisom" + b"\0" * 50
    saved = form_check.save_upload(io.BytesIO(video), tmp_path, limits)
    assert saved.parent == tmp_path
    assert saved.name.startswith("set-")
    assert saved.suffix == ".mp4"
    assert saved.read_bytes() == video
    assert saved.stat().st_mode & 0o077 == 0  # private to the server's user
    with pytest.raises(InvalidInput, match="larger than"):
        form_check.save_upload(io.BytesIO(video + b"\0" * 100), tmp_path, limits)
    assert list(tmp_path.iterdir()) == [saved]  # nothing left of the refused one


def test_a_poll_never_sees_a_finished_check_without_its_result(
    ctx: ServiceContext, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that finishes between the poll's two reads (the job's status, the set's stored
    result; each read may see the latest commit) is answered as still running, never as done
    with no result; the next poll has both."""
    aid, _, ids = _logged_top_of_range(ctx)
    started = form_check.start_check(
        ctx,
        aid,
        ids[0],
        io.BytesIO(b"\0\0\0\x1cftypisom\0\0\x02\0" + b"\0" * 64),
        tmp_path,
        pose_python=Path(sys.executable),
    )
    ctx.session.commit()
    squat = next(i for i, s in enumerate(HANDWRITTEN) if s["exercise"] == "squat")
    analysis = form_check.assess_track(
        _track(build(HANDWRITTEN[squat]).landmarks), "", model_dir=None
    )
    job_id = started.job.job_id
    assert job_id is not None

    def finish() -> None:  # the worker, in a unit of work of its own
        with unit_of_work(database.factory) as session:
            worker = ServiceContext(session=session, subject=ctx.subject, clock=ctx.clock)
            assert form_check.finish_check(worker, aid, job_id, ids[0], analysis) is not None

    reads = 0
    finishing = False

    def then_finish(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            nonlocal reads, finishing
            found = read(*args, **kwargs)
            if finishing:  # the worker's own reads
                return found
            reads += 1
            if reads == 1:  # the check finishes right after the poll's first read
                finishing = True
                finish()
                finishing = False
            return found

        return wrapped

    monkeypatch.setattr(
        form_check.job_repo, "latest_for_set", then_finish(form_check.job_repo.latest_for_set)
    )
    monkeypatch.setattr(form_check.repo, "set_for", then_finish(form_check.repo.set_for))
    state = form_check.check_state(ctx, aid, ids[0])
    assert reads == 2
    assert state.status == "running"
    assert state.result is None

    again = form_check.check_state(ctx, aid, ids[0])
    assert again.status == "done"
    assert again.result is not None
    assert again.result.set_id == ids[0]
