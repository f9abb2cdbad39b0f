"""Gym machines named by their parts (issue 57, corpus-57n's writer CH: beginners, people over
60 and back after years off): "the chest pushing machine", "shoulder pushing up machine",
"the sitting rowing thing", "leg kick out machine", "squeeze the knees together machine", "the
push them apart one", "the calf machine where you stand under the pads", "rope thing on the
cable for the back of the arms", "those curls on the slanted bench".

``described`` reads a whole description led by its words ("the machine where you sit and push
the plate away with your feet"); these are shorter: the body part and the way it moves said as
the machine's own name, with "machine", "thing" or "one" after it (or a description too short
for ``described``). Left as written each was no exercise and its sets were asked about
("Which exercise was that?"). Each is replaced by the library's name; a machine named by its
name ("chest press machine") is untouched (or named the same). ``plain_parts`` runs in
``plain_described`` on the lower-cased text, its numbers already digits.
"""

from __future__ import annotations

import re

_YOUR = r"(?:your|my|ur|yr|the)\s+"
_HEAD = r"(?:machine|thing|one|1|contraption)"
_THE = r"(?:(?:the|that|this|those|a)\s+)?"
_PUSHING = r"(?:push|press)(?:ing|er|es)?"

# (the machine as its parts say it, its library name)
_PARTS: tuple[tuple[str, str], ...] = (
    # "the chest pushing machine", "the pushing chest one"
    (rf"{_THE}(?:chest\s+{_PUSHING}|{_PUSHING}\s+chest)\s+{_HEAD}", "machine chest press"),
    # "shoulder pushing up machine", "the push up over your head shoulder one"
    (
        rf"{_THE}(?:shoulder\s+{_PUSHING}(?:\s+up)?|{_PUSHING}\s+(?:up\s+)?shoulder)\s+{_HEAD}",
        "machine shoulder press",
    ),
    # "machine where u push with ur legs", "the leg machine, the seated one where you push a
    # plate away": the legs push the plate
    (
        rf"{_THE}(?:leg\s+)?{_HEAD},?\s+(?:(?:the\s+)?(?:seated|sitting)\s+{_HEAD}\s+)?(?:where|that)\s+"
        rf"(?:you|u|ya|i)\s+{_PUSHING}\s+(?:with\s+{_YOUR}legs|(?:a|the)\s+(?:plate|platform|sled)\s+away)",
        "leg press",
    ),
    # "the sitting rowing thing", "the sitting row one", "the rowing handle machine"
    (
        rf"{_THE}(?:(?:sitting|seated|sit\s+down)\s+row(?:ing)?\s+{_HEAD}|row(?:ing)?\s+handle\s+{_HEAD})",
        "seated cable row",
    ),
    # "on the rowing machine but with the weights not the water one, you pull the handle to your
    # belly": a cable row, no erg
    (
        r"(?:on\s+)?(?:the\s+)?rowing\s+machine\b(?:[^\d]|\b1\b){0,60}?\bpull(?:s|ing)?\s+(?:the|a)\s+"
        rf"(?:handle|bar)\s+(?:in\s+)?to\s+{_YOUR}(?:belly|stomach|tummy|waist|abs)",
        "seated cable row",
    ),
    # "pull down bar thing", "the lat thing"
    (
        rf"{_THE}(?:pull\s*-?\s*down\s+bar|lat(?:s)?|pull\s*-?\s*down)\s+(?:bar\s+)?{_HEAD}",
        "lat pulldown",
    ),
    # "leg kick out machine (the one where you straighten your knees)"
    (
        rf"{_THE}(?:leg\s+)?kick\s*-?\s*out\s+{_HEAD}(?:\s*\([^)]*\))?|"
        rf"{_THE}(?:{_HEAD}\s+)?(?:where|that)\s+(?:you|u)\s+(?:sit\s+and\s+)?straighten\s+{_YOUR}(?:knees|legs)",
        "leg extension",
    ),
    # "squeeze the knees together machine", "the push them apart one" (after it)
    (
        rf"{_THE}squeez(?:e|ing)\s+(?:{_YOUR})?(?:knees|legs|thighs)\s+(?:together|in)\s+{_HEAD}",
        "hip adduction machine",
    ),
    (
        rf"{_THE}(?:push|spread|open)(?:ing)?\s+(?:them|{_YOUR}(?:knees|legs|thighs))\s+(?:apart|out)\s+{_HEAD}",
        "hip abduction machine",
    ),
    # "the one where u lie on ur front and curl ur legs up"
    (
        rf"{_THE}(?:{_HEAD}\s+)?(?:where|that)\s+(?:you|u|ya|i)\s+(?:lie|lay)\s+(?:face\s*down|on\s+{_YOUR}"
        rf"(?:front|stomach|tummy|belly))\s+(?:and\s+)?curl\s+{_YOUR}legs(?:\s+up)?",
        "lying leg curl",
    ),
    # "the machine where you face the pad and pull your arms back like wings": the rear delts'
    (
        rf"{_THE}(?:{_HEAD}\s+)?(?:where|that)\s+(?:you|u)\s+(?:face|facing)\s+the\s+pads?\s+and\s+"
        rf"(?:pull|bring|open)\s+{_YOUR}arms\s+(?:back|out)(?:\s+like\s+(?:wings|a\s+bird))?",
        "reverse pec deck",
    ),
    # "the calf machine where you stand under the pads"
    (
        rf"{_THE}calf\s+(?:raise\s+)?{_HEAD},?\s+(?:where|that)\s+(?:you|u)\s+stand(?:\s+under\s+the\s+pads?)?",
        "standing calf raise",
    ),
    # "the bench you lie face down on at an angle and lift your back up"
    (
        r"(?:the\s+)?(?:bench|pad|machine)\s+(?:where\s+|that\s+)?(?:you|u)\s+(?:lie|lay)\s+face\s*down\s+"
        rf"(?:on\s+)?(?:at\s+an\s+angle\s+)?and\s+(?:lift|raise|bring)\s+{_YOUR}(?:back|body|chest)\s+up",
        "back extension",
    ),
    # "rope thing on the cable for the back of the arms": the triceps'
    (
        rf"{_THE}(?:rope|bar|cable)\s+(?:{_HEAD}\s+)?(?:on\s+the\s+cable\s+)?for\s+(?:the\s+)?back\s+of\s+{_YOUR}arms",
        "triceps pushdown",
    ),
    # "those curls on the slanted bench"
    (
        rf"{_THE}curls?\s+on\s+(?:the|an?)\s+(?:slanted|sloped|angled|tilted|inclined?)\s+bench",
        "incline dumbbell curl",
    ),
    # "swingy bell thing (kettlebell?)"
    (
        r"\bswing(?:y|ing)?\s+(?:bell|kettlebell|kb)\s+thing(?:\s*\(kettle\s*bell\??\))?",
        "kettlebell swing",
    ),
    # "rotator cuff band thing": the band external rotation, the cuff's first band exercise
    (
        r"\brotator\s+cuff\s+band\s+(?:thing|one|exercise)(?:,?\s+(?:with\s+)?(?:my\s+|the\s+)?elbows?\s+tucked"
        r"(?:\s+(?:in|at\s+(?:my|your|the)\s+side))?(?:,?\s+(?:turning|rotating)\s+(?:it\s+)?out(?:wards?)?)?)?",
        "band external rotation",
    ),
)
_COMPILED = tuple((re.compile(rf"\b{p}\b"), name) for p, name in _PARTS)
_CUE = re.compile(r"\b(?:machine|thing|one|1|contraption|bench|where|that)\b")


def plain_parts(text: str) -> str:
    """``text`` with each machine named by its parts named by the library's name."""
    if not _CUE.search(text):
        return text
    for pattern, name in _COMPILED:
        text = pattern.sub(name, text)
    return text
