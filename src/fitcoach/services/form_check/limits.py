"""What a form check accepts and why it refuses a video: the video's limits from the settings,
the least a set must show (frames, a person, the key joints), the refusal and its messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings

MIN_FRAMES = 15  # half a second at 30 fps: less is not a set


MIN_PERSON_SHARE = 0.6  # a person in fewer frames than this: refused


# The lift's key joints measurable in fewer frames than this ("out of view for most frames"):
# refused. Gaps shorter than that are filled by interpolation (``analysis.pose.fill_gaps``).
MIN_KEY_JOINT_SHARE = 0.5


FILMING = "film from the side or at 45°, 2–3 m away, with the whole body in frame, in good light"


NO_REPS_MESSAGE = (
    "video: no repetition was seen, so the set cannot be scored: film the whole set from the "
    "side, 2–3 m away, the whole body in frame"
)


NO_HOLD_MESSAGE = (
    "video: the {lift} position was not seen (the body level, shoulders, hips and ankles in "
    "view), so it cannot be scored: film the whole hold from the side, 2–3 m away, the whole "
    "body in frame"
)


# A running job whose worker has not ended it this long after its wall-time limit has no
# worker any more (its process died): the next poll fails it.
OVERDUE_GRACE_S = 60.0


# The worker's CPU priority below the server's requests (nice 10).
POSE_NICE = 10


# The first bytes read to know the container: enough for an ISO BMFF box header with its
# brand, an EBML header with its doc type, a RIFF header.
HEAD_BYTES = 64


CONTAINERS = "mp4, mov, webm, mkv or avi"


@dataclass(frozen=True)
class VideoLimits:
    """What one form check's video may be (the defaults are ``Settings``'): ``max_bytes`` is
    also the route's body limit (``Settings.form_check_body_limit``)."""

    max_bytes: int = 100_000_000
    max_seconds: float = 60.0
    max_frames: int = 1800
    max_pixels: int = 1920 * 1080
    timeout_s: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings) -> VideoLimits:
        return cls(
            max_bytes=settings.form_check_max_bytes,
            max_seconds=settings.form_check_max_seconds,
            max_frames=settings.form_check_max_frames,
            max_pixels=settings.form_check_max_pixels,
            timeout_s=settings.form_check_timeout_s,
        )

    def too_large(self) -> InvalidInput:
        mb = self.max_bytes / 1_000_000
        return InvalidInput(
            f"video: larger than {mb:.0f} MB; film only the set, at 720p or 1080p",
            details={"max_bytes": self.max_bytes},
        )


class FormCheckRefused(InvalidInput):
    """The video cannot be scored (no person, the lift's key joints out of view, no rep seen):
    the message says what to film differently, ``details["reason"]`` which it was. No score is
    given, since a score of such a video would say nothing about the set."""

    code = "form_check_refused"
