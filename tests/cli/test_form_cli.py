"""``fitcoach form check VIDEO``: the form check of a video file on its own, with the service's
refusals (exit code 3, no score) and flags.

Where a test is about the command and not about MediaPipe, the pose environment is replaced as
the API's tests replace it: a script in its place (``FITCOACH_POSE_PYTHON``) that prints what
the pose worker would, landmarks of a hand-written set (``pipelines.form.handwritten``). The
test of a real video runs the real pose environment (``make pose-env``) on the fixture clip
once, and reads those landmarks again for its other runs of the same clip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.conftest import REPO, unavailable
from typer.testing import CliRunner, Result

from fitcoach.analysis import pose
from fitcoach.cli import app
from fitcoach.core.settings import get_settings
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build
from fitcoach.services import form_check

runner = CliRunner()
CLIP = REPO / "tests" / "fixtures" / "video" / "astronaut.mp4"  # a person, still, waist up
POSE_PYTHON = REPO / ".venv-pose" / "bin" / "python"


@pytest.fixture
def cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A working directory of the test's own, a wide terminal and fresh settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _use_pose(monkeypatch: pytest.MonkeyPatch, python: Path) -> None:
    monkeypatch.setenv("FITCOACH_POSE_PYTHON", str(python))
    get_settings.cache_clear()


def _fake_pose(folder: Path, world: NDArray[np.float64]) -> Path:
    """A pose interpreter that answers with ``world`` (NaN: a landmark not seen) as the worker
    prints it."""
    rows = []
    for frame in world:
        seen = np.isfinite(frame).all(axis=1)
        rows.append(
            [[*p, 1.0] if ok else [0.0, 0.0, 0.0, 0.0] for p, ok in zip(frame, seen, strict=True)]
        )
    payload = folder / "payload.json"
    payload.write_text(
        json.dumps(
            {
                "fps": 30.0,
                "width": 640,
                "height": 480,
                "frames": [
                    {"t_s": i / 30, "image": r, "world": r} if any(v[3] for v in r) else {}
                    for i, r in enumerate(rows)
                ],
            }
        )
    )
    python = folder / "python"
    python.write_text(f'#!/bin/sh\ncat "{payload}"\n')
    python.chmod(0o755)
    return python


def _recorded_pose(folder: Path, real: Path) -> tuple[Path, Path]:
    """Two pose interpreters in the environment's place: one that runs ``real`` and keeps its
    arguments and what it printed, and one that prints that again (MediaPipe on the same clip
    gives the same landmarks, at about a second of CPU a run), refusing other arguments."""
    folder.mkdir()
    args, printed = folder / "args", folder / "printed.json"
    recorder, replay = folder / "record", folder / "replay"
    recorder.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$*" > "{args}"\n'
        f'"{real}" "$@" > "{printed}"; status=$?\n'
        f'cat "{printed}"\n'
        "exit $status\n"
    )
    replay.write_text(
        "#!/bin/sh\n"
        f'if [ "$*" != "$(cat "{args}")" ]; then echo "not the recorded call: $*" >&2; exit 1; fi\n'
        f'cat "{printed}"\n'
    )
    recorder.chmod(0o755)
    replay.chmod(0o755)
    return recorder, replay


@pytest.fixture
def video(cwd: Path) -> Path:
    """A file that is a video (the fake pose interpreter does not read it)."""
    return Path(shutil.copyfile(CLIP, cwd / "set.mp4"))


def _run(*args: str) -> Result:
    return runner.invoke(app, ["form", "check", *args])


def _json(*args: str, code: int = 0) -> dict[str, Any]:
    result = _run(*args, "--json")
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def _fails(*args: str, code: int = 2) -> str:
    """A command that must fail with ``code`` and one line on stderr, no traceback."""
    result = _run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def _flat(table: str) -> str:
    """A table's text without its borders, wrapped cells joined: what a person reads."""
    return " ".join(re.sub(r"[│┃┌┐└┘├┤┬┴┼─━┏┓┗┛┡┩╇]", " ", table).split())


def _set(spec: int) -> NDArray[np.float64]:
    return np.array(build(HANDWRITTEN[spec]).landmarks)


def test_a_filmed_squat_is_recognised_and_scored(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, _set(0)))  # 3 clean squats
    out = _json(str(video))
    assert out["refused"] is False
    assert out["exercise"] == "squat"
    assert out["exercise_recognised"] is True
    assert out["reps"] == 3
    assert out["logged_reps"] is None
    assert out["flags"] == []
    expected = pose.analyse(_set(0), coordinates="image")  # what the service measures
    assert out["form_score"] == pytest.approx(round(expected.form_score, 1))
    assert out["breakdown"] is (expected.form_score < pose.BREAKDOWN_SCORE)
    assert out["frames"] == len(_set(0))
    assert set(out) == {"refused", *form_check.FormResult.model_fields}
    given = _json(str(video), "--exercise", "squat")
    assert given["exercise_recognised"] is False
    table = _run(str(video)).stdout
    assert "Form check: squat" in table
    assert "squat (recognised from the movement)" in table
    assert f"{round(expected.form_score)}/100" in table
    assert "reps" in table
    assert "_" not in table  # words, not identifiers
    # The reps are counted from the squat's stages, judged by the learned frame model.
    assert out["reps_counted_from"] == "stages"
    assert out["stage_source"] == "model"
    assert out["stages_by"].startswith("model form_frames ")
    assert [r["bottom_s"] for r in out["rep_frames"]] == [
        round(r["bottom_frame"] / 30, 2) for r in out["rep_frames"]
    ]
    assert len(out["rep_frames"]) == 3
    words = _flat(table)
    assert "counted from the squat's down and up phases, judged frame by frame by the " in words
    assert "by the learned model" in words
    bottoms = ", ".join(f"{r['bottom_s']:.1f} s" for r in out["rep_frames"])
    assert f"lowest points {bottoms}" in words


def test_a_broken_frame_model_leaves_the_rule_and_says_so(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    from fitcoach.ml import registry
    from fitcoach.ml.form import real_frames

    def broken() -> tuple[real_frames.FrameModels, str]:
        raise registry.ArtefactError("models.pkl.gz does not match its manifest")

    monkeypatch.setattr(real_frames, "_packaged", broken)
    _use_pose(monkeypatch, _fake_pose(cwd, _set(0)))
    out = _json(str(video), "-e", "squat")
    assert out["stage_source"] == "rule"
    assert out["reps_counted_from"] == "stages"
    assert out["reps"] == 3
    assert "does not match its manifest" in out["stages_by"]
    words = _flat(_run(str(video), "-e", "squat").stdout)
    assert "by the knee-angle rule: the learned model is not available here" in words


def test_a_lift_without_stages_is_counted_from_its_joint_angle(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, _set(2)))  # a deadlift
    out = _json(str(video), "-e", "deadlift")
    assert out["reps_counted_from"] == "angle"
    assert out["stage_source"] is None
    assert len(out["rep_frames"]) == out["reps"] == 3
    words = _flat(_run(str(video)).stdout)
    assert "Reps counted from the rise and fall of the hip angle." in words


def test_a_breakdown_shows_its_faults_with_cues(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, _set(1)))  # shallow squats, knees caving in
    out = _json(str(video), "-e", "squat")
    assert out["breakdown"] is True
    assert out["form_score"] < 60
    faults = {f["fault"]: f for f in out["faults"]}
    assert {"knee_valgus", "shallow_depth"} <= set(faults)
    assert all(f["cue"] for f in out["faults"])
    table = _run(str(video), "-e", "squat").stdout
    assert "yes: the form broke down (score below 60)" in table
    assert "knee valgus" in table
    assert faults["knee_valgus"]["cue"] in table


def test_a_rep_count_unlike_the_reps_given_is_flagged(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, _set(0)))
    out = _json(str(video), "--reps", "5")
    assert out["reps"] == 3
    assert out["logged_reps"] == 5
    (flag,) = out["flags"]
    assert flag["code"] == "rep_mismatch"
    assert "3 reps counted in the video, 5 logged" in flag["message"]
    assert "form_score" in out  # flagged, still scored
    table = _run(str(video), "--reps", "5").stdout
    assert "3 (5 logged)" in table
    assert "note: 3 reps counted in the video, 5 logged" in table
    assert _json(str(video), "--reps", "3")["flags"] == []


def test_no_movement_is_refused_without_a_score(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    standing = np.repeat(_set(0)[:1], 90, axis=0)
    _use_pose(monkeypatch, _fake_pose(cwd, standing))
    line = _fails(str(video), "-e", "squat", code=3)
    assert line.startswith("refused: video: no repetition was seen")
    assert "film the whole set from the side, 2–3 m away, the whole body in frame" in line
    out = _json(str(video), "-e", "squat", code=3)
    assert out["refused"] is True
    assert out["reason"] == "no_reps"
    assert "form_score" not in out
    assert "reps" not in out


def test_no_person_is_refused(monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, np.full((60, 33, 3), np.nan)))
    line = _fails(str(video), code=3)
    assert "a person was found in 0% of 60 frames" in line


def test_key_joints_out_of_view_are_named(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    legs = _set(0)
    for name in ("left_knee", "right_knee", "left_ankle", "right_ankle"):
        legs[:, pose.IDX[name]] = np.nan
    _use_pose(monkeypatch, _fake_pose(cwd, legs))
    line = _fails(str(video), "--exercise", "squat", code=3)
    assert "the knees and ankles were out of view in 100%" in line
    assert "from the side or at 45°, 2–3 m away" in line
    assert "good light" in line
    out = _json(str(video), "--exercise", "squat", code=3)
    assert out["reason"] == "key_joints_out_of_view"
    assert out["details"]["joints"] == ["knee", "ankle"]
    assert "form_score" not in out


def test_a_real_video_without_an_exercise_is_refused(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    """MediaPipe on the fixture clip: a person from the waist up, not moving (it once scored 0
    reps and form 100/100). Recognised, it is refused for no rep; as a squat, for its legs."""
    if not POSE_PYTHON.is_file():
        unavailable(f"the pose environment is missing ({POSE_PYTHON}); run `make pose-env`")
    recorder, replay = _recorded_pose(cwd / "pose", POSE_PYTHON)
    _use_pose(monkeypatch, recorder)
    out = _json(str(video), code=3)
    assert out["refused"] is True
    assert out["reason"] in {"no_reps", "no_hold", "key_joints_out_of_view"}
    assert "form_score" not in out
    # The landmarks do not depend on the exercise named (it is applied to them afterwards):
    # the two runs as a squat read the real run's landmarks again, asked the same way.
    _use_pose(monkeypatch, replay)
    as_squat = _json(str(video), "-e", "squat", code=3)
    assert as_squat["reason"] == "key_joints_out_of_view"
    assert {"knee", "ankle"} <= set(as_squat["details"]["joints"])
    assert "knees" in _fails(str(video), "-e", "squat", code=3)


def test_files_that_cannot_be_checked_say_what_to_do(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, _fake_pose(cwd, _set(0)))
    assert "no such file" in _fails(str(cwd / "missing.mp4"))
    assert "no such file" in _fails(str(cwd))  # a folder
    notes = cwd / "notes.txt"
    notes.write_text("not a video")
    assert "not a video fitcoach reads; send mp4, mov, webm, mkv or avi" in _fails(str(notes))
    photo = cwd / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF" + b"\0" * 64)
    assert "a photo cannot show a set" in _fails(str(photo))
    mem = Path("/proc/self/mem")  # a file that cannot be read from its start, even by root
    if mem.is_file():
        assert "cannot read /proc/self/mem (Input/output error)" in _fails(str(mem))


def test_no_pose_environment_says_make_pose_env(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, video: Path
) -> None:
    _use_pose(monkeypatch, cwd / "no-such-venv" / "bin" / "python")
    line = _fails(str(video))
    assert line.startswith("error: ")
    assert "make pose-env" in line


def test_an_unknown_exercise_lists_those_known(video: Path) -> None:
    line = _fails(str(video), "--exercise", "jumping-jack")
    assert "does not know 'jumping-jack'" in line
    for lift in pose.RULES:  # every exercise the analysis knows, as typed
        assert lift.replace("_", "-") in line
    assert _run(str(video), "--reps", "0").exit_code == 2  # a usage error


def test_help_has_an_example_and_imports_no_numpy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from fitcoach.cli import app\n"
        "r = CliRunner().invoke(app, ['form', 'check', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(r.output)\n"
        "print('numpy' in sys.modules, 'torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "Example: fitcoach form check squat.mp4" in done.stdout
    assert "--exercise" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "False False"
