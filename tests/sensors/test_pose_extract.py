"""MediaPipe Pose in its own environment, on a real photograph of a person shipped by a package
(scikit-image's astronaut: Eileen Collins, upper body, facing the camera), and on a short video
made of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import REPO, unavailable

from fitcoach.analysis.pose import IDX
from fitcoach.core.errors import InvalidInput
from fitcoach.sensors import pose

PYTHON = REPO / ".venv-pose" / "bin" / "python"


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not PYTHON.is_file():
        unavailable(f"the pose environment is missing ({PYTHON}); run `make pose-env`")
    root = tmp_path_factory.mktemp("pose")
    image, video = root / "astronaut.png", root / "astronaut.avi"
    script = (
        "import sys, cv2, skimage.data\n"
        "img = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)\n"
        "cv2.imwrite(sys.argv[1], img)\n"
        "out = cv2.VideoWriter(sys.argv[2], cv2.VideoWriter_fourcc(*'MJPG'), 10.0, img.shape[1::-1])\n"
        "[out.write(img) for _ in range(4)]\n"
        "out.release()\n"
    )
    subprocess.run([str(PYTHON), "-c", script, str(image), str(video)], check=True, timeout=120)
    return image, video


def test_photograph_of_a_person_gives_plausible_landmarks(media: tuple[Path, Path]) -> None:
    track = pose.extract(media[0], python=PYTHON, timeout_s=120)
    assert track.image.shape == (1, 33, 3)
    assert track.found[0]
    lm = track.image[0]
    nose, ls, rs = lm[IDX["nose"]], lm[IDX["left_shoulder"]], lm[IDX["right_shoulder"]]
    for point in (nose, ls, rs, lm[IDX["left_eye"]], lm[IDX["right_eye"]]):
        assert np.all(np.isfinite(point[:2]))
        assert 0 <= point[0] <= 1
        assert 0 <= point[1] <= 1
    # Facing the camera: her left shoulder is on the image's right; the head above the shoulders.
    assert ls[0] > nose[0] > rs[0]
    assert nose[1] < min(ls[1], rs[1])
    assert lm[IDX["left_eye"]][1] < nose[1]
    shoulder_width = float(np.linalg.norm(ls[:2] - rs[:2]))
    assert 0.2 < shoulder_width < 0.6  # she fills a good part of the 512 px frame
    world = track.world[0]
    width_m = float(np.linalg.norm(world[IDX["left_shoulder"]] - world[IDX["right_shoulder"]]))
    assert 0.2 < width_m < 0.6  # an adult's shoulders, in metres


def test_video_gives_one_row_per_frame(media: tuple[Path, Path]) -> None:
    track = pose.extract(media[1], python=PYTHON, timeout_s=120)
    assert track.image.shape == (4, 33, 3)
    assert track.fps == pytest.approx(10.0)
    assert track.found.all()


def test_missing_environment_and_bad_files_say_what_to_do(tmp_path: Path) -> None:
    picture = tmp_path / "a.png"
    picture.write_bytes(b"not an image")
    with pytest.raises(pose.PoseUnavailable, match="make pose-env"):
        pose.extract(picture, python=tmp_path / "nope" / "python")
    with pytest.raises(InvalidInput):
        pose.extract(tmp_path / "missing.mp4", python=PYTHON)
    if PYTHON.is_file():
        with pytest.raises(InvalidInput, match="could not be read"):
            pose.extract(picture, python=PYTHON, timeout_s=60)
