"""An effort said, then taken back for another of its kind ("rpe 8-9.. actually make it rpe
9", "rir 1, no wait rir 0"): the one said last is the one stored, where it was said (the sets
the first one named keep it), and the first is never read as a second effort."""

from __future__ import annotations

import re

_EFFORT_FIXED = re.compile(
    r"\b(?P<kind>rir|rpe)\s*(?P<old>\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?)"
    r"(?P<mid>[^;\n\d]{0,30}?)[\s.,!…]*"
    r"(?:actually|no wait|wait no|wait|sorry|correction|scratch that|i mean|i meant)[\s,.!…:;-]*"
    r"(?:no,?\s+)?(?:just\s+)?(?:(?:say|put|call it|make it|make that|log it as|log)\s+)?"
    r"(?P<kind2>rir|rpe)\s*(?P<new>\d+(?:\.\d+)?)(?=\s*(?:$|[,.;!]))"
)


def effort_taken_back(text: str) -> str:
    """``text`` with an effort said over replaced by the one said last."""

    def fixed(m: re.Match[str]) -> str:
        if m.group("kind") != m.group("kind2"):
            return m.group(0)  # "rir 2, actually rpe 8": two scales, both said
        return f"{m.group('kind')} {m.group('new')}{m.group('mid').rstrip(' ,.')}"

    return _EFFORT_FIXED.sub(fixed, text)
