"""Pose landmarks from a video or an image file, by MediaPipe Pose in its own environment.

MediaPipe 0.10.21 (its legacy Pose solution carries its model in the wheel and runs offline)
needs numpy < 2, so it lives in a separate virtualenv (``make pose-env`` makes ``.venv-pose``)
and runs as a subprocess (:mod:`fitcoach.sensors.pose_worker`) that writes landmarks as JSON.
This module finds that interpreter, runs it with a time limit and turns its output into arrays.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fitcoach.core.errors import DeviceUnavailable, InvalidInput

WORKER = Path(__file__).with_name("pose_worker.py")
DEFAULT_PYTHON = Path(".venv-pose/bin/python")
MIN_VISIBILITY = 0.5
ORPHAN_GRACE_S = 5.0


class PoseUnavailable(DeviceUnavailable):
    """Pose extraction cannot run here (no MediaPipe environment, or it failed)."""

    code = "pose_unavailable"


@dataclass(frozen=True)
class PoseTrack:
    """Landmarks of every frame: ``world`` (metres about the hips) and ``image`` (normalised),
    each ``(frames, 33, 3)`` with y down and NaN where not found or not visible."""

    world: NDArray[np.float64]
    image: NDArray[np.float64]
    visibility: NDArray[np.float64]
    fps: float
    width: int
    height: int

    @property
    def found(self) -> NDArray[np.bool_]:
        """Per frame: was a person found."""
        return np.asarray(np.isfinite(self.visibility).any(axis=1))


def find_python(configured: Path | None = None) -> Path:
    """The pose environment's interpreter: the configured one, else ``.venv-pose`` here."""
    candidate = configured or DEFAULT_PYTHON
    if not candidate.is_file() or not os.access(candidate, os.X_OK):
        raise PoseUnavailable(
            f"Pose extraction needs MediaPipe in its own environment, not found at {candidate}: "
            "run `make pose-env` (or set FITCOACH_POSE_PYTHON to its python)."
        )
    return candidate


def _array(frames: list[dict[str, Any]], key: str) -> NDArray[np.float64]:
    out = np.full((len(frames), 33, 4), np.nan)
    for i, frame in enumerate(frames):
        rows = frame.get(key)
        if rows is not None:
            out[i] = np.asarray(rows, dtype=np.float64)
    return out


def parse(payload: dict[str, Any]) -> PoseTrack:
    """The worker's JSON as arrays; landmarks below :data:`MIN_VISIBILITY` become NaN."""
    frames = payload.get("frames")
    if not isinstance(frames, list):
        raise PoseUnavailable("The pose worker returned no frames.")
    world = _array(frames, "world")
    image = _array(frames, "image")
    visibility = image[:, :, 3].copy()
    hidden = ~(visibility >= MIN_VISIBILITY)
    world_xyz, image_xyz = world[:, :, :3], image[:, :, :3]
    world_xyz[hidden] = np.nan
    image_xyz[hidden] = np.nan
    return PoseTrack(
        world=world_xyz,
        image=image_xyz,
        visibility=visibility,
        fps=float(payload.get("fps") or 0.0),
        width=int(payload.get("width") or 0),
        height=int(payload.get("height") or 0),
    )


class VideoOverLimit(InvalidInput):
    """The video is longer, has more frames or larger frames than the caller allows."""

    code = "video_over_limit"


class PoseTimeout(PoseUnavailable):
    """The extraction ran past its wall-time limit and was killed."""

    code = "pose_timeout"


def limit_message(limit: str, value: Any, maximum: float) -> str:
    """What to do about a video over one of the worker's limits (``pose_worker._over``)."""
    if limit == "pixels" and isinstance(value, list) and len(value) == 2:
        return (
            f"video: its frames are {value[0]}×{value[1]} pixels, more than "
            f"{int(maximum):,} a frame (1080p); record at 1080p or 720p"
        )
    if limit == "seconds":
        return (
            f"video: {value} s long, at most {maximum:g} s; film only the set "
            "(start just before the first rep, stop after the last)"
        )
    if limit == "frames":
        return (
            f"video: {value} frames, at most {int(maximum):,}; film only the set, at 30 "
            "frames a second (not slow motion)"
        )
    return f"video: over the {limit} limit ({value}, at most {maximum:g})"


def extract(
    path: Path,
    *,
    python: Path | None = None,
    timeout_s: float = 300.0,
    max_frames: int = 3000,
    max_seconds: float | None = None,
    max_pixels: int | None = None,
    nice: int = 0,
) -> PoseTrack:
    """Run MediaPipe Pose over ``path`` (an image or a video) and return its landmarks.

    A video over ``max_frames`` frames, ``max_seconds`` seconds or ``max_pixels`` pixels a
    frame is refused (``VideoOverLimit``): before decoding when its container says so, else
    when decoding reaches the limit. Past ``timeout_s`` the worker is killed (``PoseTimeout``).
    ``nice`` lowers the worker's CPU priority."""
    if not path.is_file():
        raise InvalidInput(f"No such file: {path.name}")
    interpreter = find_python(python)
    command = [str(interpreter), str(WORKER), str(path), "--max-frames", str(max_frames)]
    # The worker ends itself a little after the limit too: should this process die while it
    # runs, it does not run on unbounded.
    command += ["--timeout-s", str(timeout_s + ORPHAN_GRACE_S)]
    if max_seconds:
        command += ["--max-seconds", str(max_seconds)]
    if max_pixels:
        command += ["--max-pixels", str(max_pixels)]
    if nice:
        command += ["--nice", str(nice)]
    try:
        done = subprocess.run(  # on timeout, run() kills the worker and waits for it
            command,
            capture_output=True,
            timeout=timeout_s,
            check=False,
            env={**os.environ, "GLOG_minloglevel": "2", "TF_CPP_MIN_LOG_LEVEL": "2"},
        )
    except subprocess.TimeoutExpired as exc:
        raise PoseTimeout(
            f"video: the analysis took longer than {timeout_s:.0f} s and was stopped; send a "
            "shorter clip of only the set, at a lower resolution (720p)"
        ) from exc
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        if done.returncode == 3 and tail[0].startswith("LIMIT "):
            try:
                over = json.loads(tail[0].removeprefix("LIMIT "))
                message = limit_message(over["limit"], over["value"], float(over["maximum"]))
                details = {"limit": str(over["limit"]), "maximum": over["maximum"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise PoseUnavailable(f"Pose extraction failed: {tail[0]}") from exc
            raise VideoOverLimit(message, details=details)
        if done.returncode == 2:
            raise InvalidInput(f"The file could not be read as an image or video ({tail[0]}).")
        raise PoseUnavailable(f"Pose extraction failed: {tail[0]}")
    try:
        return parse(json.loads(done.stdout))
    except ValueError as exc:
        raise PoseUnavailable("The pose worker's output is not JSON.") from exc
