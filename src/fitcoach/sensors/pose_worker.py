"""MediaPipe Pose over an image or a video file: landmarks as JSON on stdout.

This script runs in its own environment (``.venv-pose``, made by ``make pose-env``), because
MediaPipe 0.10.21, whose legacy Pose solution ships its model inside the wheel and runs offline,
needs numpy < 2. It imports nothing from fitcoach. Usage::

    .venv-pose/bin/python -m fitcoach.sensors.pose_worker clip.mp4 [--max-frames N]

Output: ``{"fps", "width", "height", "frames": [{"t_s", "image", "world"}]}``, where ``image``
and ``world`` are 33 rows of ``[x, y, z, visibility]`` (normalised image coordinates, and
metres about the hips, both with y down) or null where no person was found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}


def _rows(landmarks: Any) -> list[list[float]] | None:
    if landmarks is None:
        return None
    return [[lm.x, lm.y, lm.z, lm.visibility] for lm in landmarks.landmark]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="MediaPipe Pose landmarks of an image or video.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--max-frames", type=int, default=3000)
    parser.add_argument("--complexity", type=int, default=1, choices=(0, 1))
    args = parser.parse_args(argv)
    import cv2
    from mediapipe.python.solutions import pose as mp_pose

    frames: list[dict[str, Any]] = []
    if args.path.suffix.lower() in IMAGE_SUFFIXES:
        image = cv2.imread(str(args.path))
        if image is None:
            sys.stderr.write(f"cannot read image {args.path}\n")
            return 2
        height, width = image.shape[:2]
        fps = 0.0
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
            sys.stderr.write(f"cannot open video {args.path}\n")
            return 2
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 30.0)
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        with mp_pose.Pose(static_image_mode=False, model_complexity=args.complexity) as model:
            while len(frames) < args.max_frames:
                ok, image = capture.read()
                if not ok:
                    break
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
