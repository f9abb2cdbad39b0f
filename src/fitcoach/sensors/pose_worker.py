"""MediaPipe Pose over an image or a video file: landmarks as JSON on stdout.

This script runs in its own environment (``.venv-pose``, made by ``make pose-env``), because
MediaPipe 0.10.21, whose legacy Pose solution ships its model inside the wheel and runs offline,
needs numpy < 2. It imports nothing from fitcoach. Usage::

    .venv-pose/bin/python -m fitcoach.sensors.pose_worker clip.mp4 [--max-frames N]

Output: ``{"fps", "width", "height", "frames": [{"t_s", "image", "world"}]}``, where ``image``
and ``world`` are 33 rows of ``[x, y, z, visibility]`` (normalised image coordinates, and
metres about the hips, both with y down) or null where no person was found.

Limits: a video is probed first (its container's frame count, frame rate and frame size,
before MediaPipe loads or a frame is decoded) and checked again while it is decoded (the
container may not say, or lie). Past ``--max-frames``, ``--max-seconds`` or ``--max-pixels``
the worker stops with status 3 and a last line on stderr ``LIMIT {"limit", "value",
"maximum"}`` (JSON) that the caller turns into a message. Status 2: not an image or a video.
``--nice`` lowers its CPU priority, so that a server's requests come first; ``--timeout-s``
ends it (SIGALRM) past that wall time, whether or not its caller is still there to kill it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
from pathlib import Path
from typing import Any

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}


def _rows(landmarks: Any) -> list[list[float]] | None:
    if landmarks is None:
        return None
    return [[lm.x, lm.y, lm.z, lm.visibility] for lm in landmarks.landmark]


def _known(value: float, ceiling: float) -> float:
    """A container's figure, or 0.0 where it does not say (0, negative, NaN, absurd)."""
    return value if math.isfinite(value) and 0 < value < ceiling else 0.0


def _over(limit: str, value: Any, maximum: float) -> int:
    """Stop at a limit: the JSON line the caller reads, status 3."""
    sys.stderr.write("LIMIT " + json.dumps({"limit": limit, "value": value, "maximum": maximum}))
    sys.stderr.write("\n")
    return 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="MediaPipe Pose landmarks of an image or video.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--max-frames", type=int, default=3000)
    parser.add_argument("--max-seconds", type=float, default=0.0, help="0: no limit")
    parser.add_argument("--max-pixels", type=int, default=0, help="0: no limit")
    parser.add_argument("--nice", type=int, default=0)
    parser.add_argument("--timeout-s", type=float, default=0.0, help="0: no limit")
    parser.add_argument("--complexity", type=int, default=1, choices=(0, 1))
    args = parser.parse_args(argv)
    if args.nice > 0:
        os.nice(args.nice)
    if args.timeout_s > 0:  # SIGALRM ends the process: the caller's limit, should it be gone
        signal.alarm(math.ceil(args.timeout_s))
    import cv2

    frames: list[dict[str, Any]] = []
    if args.path.suffix.lower() in IMAGE_SUFFIXES:
        image = cv2.imread(str(args.path))
        if image is None:
            sys.stderr.write("cannot read the image\n")
            return 2
        height, width = image.shape[:2]
        if args.max_pixels and width * height > args.max_pixels:
            return _over("pixels", [width, height], args.max_pixels)
        fps = 0.0
        from mediapipe.python.solutions import pose as mp_pose

        with mp_pose.Pose(static_image_mode=True, model_complexity=args.complexity) as model:
            result = model.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        frames.append(
            {
                "t_s": 0.0,
                "image": _rows(result.pose_landmarks),
                "world": _rows(result.pose_world_landmarks),
            }
        )
    else:
        capture = cv2.VideoCapture(str(args.path))
        if not capture.isOpened():
            sys.stderr.write("cannot open the video\n")
            return 2
        said_fps = _known(capture.get(cv2.CAP_PROP_FPS), 1000.0)
        fps = said_fps or 30.0
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        count = _known(capture.get(cv2.CAP_PROP_FRAME_COUNT), 1e9)
        # What the container says, before a frame is decoded.
        if args.max_pixels and width * height > args.max_pixels:
            return _over("pixels", [width, height], args.max_pixels)
        if count and count > args.max_frames:
            return _over("frames", int(count), args.max_frames)
        if args.max_seconds and count and said_fps and count / said_fps > args.max_seconds:
            return _over("seconds", round(count / said_fps, 1), args.max_seconds)
        from mediapipe.python.solutions import pose as mp_pose

        with mp_pose.Pose(static_image_mode=False, model_complexity=args.complexity) as model:
            while True:
                ok, image = capture.read()
                if not ok:
                    break
                # What is decoded: the container may not have said, or said less.
                if len(frames) >= args.max_frames:
                    return _over("frames", f"more than {args.max_frames}", args.max_frames)
                if args.max_seconds and said_fps and len(frames) / said_fps > args.max_seconds:
                    return _over("seconds", f"more than {args.max_seconds:g}", args.max_seconds)
                if args.max_pixels and image.shape[0] * image.shape[1] > args.max_pixels:
                    return _over("pixels", [image.shape[1], image.shape[0]], args.max_pixels)
                result = model.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
                frames.append(
                    {
                        "t_s": len(frames) / fps,
                        "image": _rows(result.pose_landmarks),
                        "world": _rows(result.pose_world_landmarks),
                    }
                )
        capture.release()
    json.dump({"fps": fps, "width": width, "height": height, "frames": frames}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
