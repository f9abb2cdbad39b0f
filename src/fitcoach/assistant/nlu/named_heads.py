"""An exercise said before its sets in a clause of its own ("bench 80 kilos, 4 sets of 6"):
the clause that names it heads the sets that follow (``named_heads``; split out of
``reading``)."""

from __future__ import annotations

from fitcoach.assistant.nlu.base import Ctx, Intent
from fitcoach.assistant.nlu.names import named_around
from fitcoach.assistant.nlu.set_words import sets_text
from fitcoach.assistant.nlu.sets import PLATE_COUNT, parse_group


def named_heads(
    ctx: Ctx, clauses: list[tuple[Intent | None, list[str]]]
) -> list[tuple[Intent | None, list[str]]]:
    """An exercise said before its sets in a clause of its own ("bench 80 kilos, 4 sets of 6",
    "Romanian deadlifts, 3 sets, 10 reps"): the context piece that names an exercise heads the
    sets that follow it when they name none."""
    out: list[tuple[Intent | None, list[str]]] = []
    for intent, pieces in clauses:
        # "incline db press, 60s, 4 sets of 10": a load alone may come between name and sets
        loads: list[str] = []
        while (
            intent == "log_sets"
            and out
            and out[-1][0] is None
            and len(out[-1][1]) == 1
            and _load_only(out[-1][1][0])
            and len(out) > 1
            and out[-2][0] is None
        ):
            loads.insert(0, out.pop()[1][0])
        before = out[-1] if out else None
        if (
            intent == "log_sets"
            and before is not None
            and before[0] is None
            and not parse_group(sets_text(pieces[0]))[1]
            and (words := parse_group(sets_text(before[1][-1]))[1])
            # ("calf raises off a step, 4 sets of 20": the name, then where it was done)
            and (ctx.exercises.match(words) is not None or named_around(ctx, words) is not None)
        ):
            head = before[1].pop()
            if not before[1]:
                out.pop()
            out.append((intent, [head, *loads, *pieces]))
        else:
            out += [(None, [load]) for load in loads]
            out.append((intent, pieces))
    return out


def _load_only(piece: str) -> bool:
    """A piece that says only a load: a mass, or a count of plates ("4 plates a side")."""
    group, words = parse_group(sets_text(piece))
    plates = not group and PLATE_COUNT.search(piece) is not None
    return (set(group) == {"weight_kg"} or plates) and not words
