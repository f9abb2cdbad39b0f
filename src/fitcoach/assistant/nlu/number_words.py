"""The English number words the readings turn into digits ("three sets of twelve"), shared by
``normalise`` and the foreign log words (a Spanish "treinta y cinco" is joined as two words)."""

from __future__ import annotations

SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {w: 10 * (i + 2) for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}  # fmt: skip
NUM_WORD = "(?:" + "|".join(sorted([*SMALL, *TENS, "hundred"], key=len, reverse=True)) + ")"
