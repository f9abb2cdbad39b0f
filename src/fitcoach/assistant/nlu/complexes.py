"""A kettlebell or dumbbell complex with its bell said once ("kb complex with the 16: 5 swings,
5 cleans, 5 presses x 4 rounds", "DB complex, 5 rounds: 6 rows, 6 cleans, 6 presses with
12.5s"): each movement is that implement's, done for as many sets as the rounds, of its reps, at
the one load. Read before the line splits at its commas; a complex without its rounds, its
load or a count of each movement is left as it was (asked as before)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_COMPLEX = re.compile(
    r"\b(?P<kit>kbs?|kettle ?bells?|dbs?|dumb ?bells?)\s+complex\b\s*(?P<body>[^.!?\n]*)"
)
_ROUNDS = re.compile(
    r"(?:\bx\s*|\bfor\s+)?(?<![\d.])(\d{1,2})\s*(?:rounds?|times|sets)\b|\brounds?\s*[:x]?\s*(\d{1,2})\b"
)
# "with the 16", "w double 16s", "using 2x12kg", "@ 20 kg", "16kg": the one load of the bells
_LOAD = re.compile(
    rf"(?:\b(?:with|w/?|using|at)\b|@)\s*(?:the\s+|a\s+|an\s+|double\s+|two\s+|a pair of\s+|pair of\s+|2\s*x\s*)?"
    rf"(?P<load>{NUM})\s*(?P<unit>kgs?|kilos?|lbs?|pounds?)?s?\b(?:\s*(?:kbs?|kettle ?bells?|dbs?|dumb ?bells?|bells?)\b)?"
    rf"|(?<![\d.])(?P<load2>{NUM})\s*(?P<unit2>kgs?|kilos?|lbs?|pounds?)\b"
)
_MOVE = re.compile(r"(?<![\d.])(\d{1,2})\s+([a-z][a-z' -]*?)\s*(?=,|;|&|\band\b|\+|$)")


def _kit(word: str) -> str:
    return "kettlebell" if word.startswith("k") else "dumbbell"


def complexes(text: str) -> str:
    """``text`` with a complex written as each movement's sets at the bells' load."""
    m = _COMPLEX.search(text)
    if m is None:
        return text
    body = m.group("body")
    rounds = list(_ROUNDS.finditer(body))
    loads = list(_LOAD.finditer(body))
    if len(rounds) != 1 or len(loads) != 1:
        return text
    count = rounds[0].group(1) or rounds[0].group(2)
    load = loads[0].group("load") or loads[0].group("load2")
    unit = loads[0].group("unit") or loads[0].group("unit2")
    rest = body
    for span in sorted((rounds[0].span(), loads[0].span()), reverse=True):
        rest = rest[: span[0]] + " , " + rest[span[1] :]
    rest = re.sub(r"[:()\-—]", " , ", rest)
    moves = _MOVE.findall(re.sub(r"\s+", " ", rest).strip(" ,"))
    left = _MOVE.sub(" ", rest)
    if len(moves) < 2 or re.search(r"\d|[a-z]{2,}", re.sub(r"\b(?:and|then)\b", " ", left)):
        return text  # a movement without its count, or words the complex cannot place
    kit = _kit(m.group("kit"))
    # (a kettlebell's size without its unit, "the 16", is read by its size, as "with the 16")
    at = (
        f"at {load} {unit}"
        if unit
        else (f"with the {load}" if kit == "kettlebell" else f"@ {load}")
    )
    sets = ", ".join(f"{kit} {name.strip()} {count}x{reps} {at}" for reps, name in moves)
    return text[: m.start()] + sets + text[m.end() :]
