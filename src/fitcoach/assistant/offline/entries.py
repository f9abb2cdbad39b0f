"""The entries this chat logged and which of them a message names: read from the tool calls of
the conversation (undone ones left out, corrected ones with their values now), each entry
labelled by the words that name it ("the lunch one", "the curls", "the row")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fitcoach.assistant.nlu import ExerciseMatcher
from fitcoach.assistant.reply import Turn


def entries_made(history: Sequence[Turn]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The entries this chat logged that are still there, newest first, each with the tool call
    that stored it (its arguments say what was logged); ``undo_log_entry`` calls take theirs
    out. Only this athlete's conversation is read, and the services check the scope again."""
    undone: set[tuple[Any, Any]] = set()
    # Corrections made since (newest first): an entry's values are what they are now, so a
    # second correction ("it was miles not km" after "12 km not 10k") reads the corrected one.
    corrected: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for past in reversed(history):
        if past.role != "assistant":
            continue
        for call in reversed(past.tool_calls):
            arguments = call.get("arguments") or {}
            if call.get("tool") in ("undo_log_entry", "undo_last_entry") and call.get("ok"):
                undone.add((arguments.get("kind"), arguments.get("entry_id")))
            if call.get("tool") == "correct_log_entry" and call.get("ok"):
                corrected.setdefault((arguments.get("kind"), arguments.get("entry_id")), []).insert(0, arguments)  # fmt: skip
            entries = list(call.get("entries") or [])
            fixes = [f for e in entries for f in corrected.get((e.get("kind"), e.get("id")), [])]
            now = _as_corrected(call, fixes)  # one object per call: "is" tells a message's calls
            for entry in reversed(entries):
                if (entry.get("kind"), entry.get("id")) not in undone:
                    out.append((entry, now))
    return out


def _as_corrected(call: dict[str, Any], corrections: list[dict[str, Any]]) -> dict[str, Any]:
    """``call`` with the arguments its entry holds after ``corrections`` (oldest first)."""
    if not corrections:
        return call
    arguments = dict(call.get("arguments") or {})
    for fix in corrections:
        changes = dict(fix.get("changes") or {})
        if "groups" not in arguments:
            arguments.update(changes)
            continue
        groups = []
        for g in arguments["groups"]:
            mine = isinstance(g, dict) and fix.get("exercise") in (None, g.get("exercise"))
            groups.append(g | {k: v for k, v in changes.items() if k in ("reps", "weight_kg", "rir", "sets")} if mine else g)  # fmt: skip
        arguments["groups"] = groups
    return call | {"arguments": arguments}


def label_words(entry: dict[str, Any], call: dict[str, Any], matcher: ExerciseMatcher) -> list[set[str]]:  # fmt: skip
    """The words naming what one logged entry holds, one set per part (a workout's exercises
    one by one; else the entry whole): slug and name words, the meal, the readings."""
    arguments = call.get("arguments") or {}
    names = {r.slug: r.name for r in matcher.records}

    def words(*texts: Any) -> set[str]:
        return {w for text in texts if text for w in re.findall(r"[a-z]+", str(text).lower().replace("_", " "))}  # fmt: skip

    kind = entry.get("kind")
    if kind == "workouts":
        slugs = {g.get("exercise") for g in arguments.get("groups") or [] if isinstance(g, dict)}
        return [words(s, names.get(str(s))) for s in sorted(slugs, key=str)] or [set()]
    if kind == "cardio":
        activity = arguments.get("activity")
        return [words(activity, names.get(str(activity)), "cardio")]
    if kind == "meals":
        return [words(arguments.get("meal"), arguments.get("description"), "meal")]
    if kind == "sleep":
        return [{"sleep"}]
    return [words(*(entry.get("fields") or []), *arguments.keys(), "rhr" if "resting_hr_bpm" in arguments else "")]  # fmt: skip


def names_it(word: str, label: set[str]) -> bool:
    """Whether a target word ("row", "curl", "lunch") is one of the label's words or the start
    of one ("row" of "rowing")."""
    return any(lab.startswith(word) or (len(lab) >= 3 and word.startswith(lab)) for lab in label)


def picked_entries(
    made: list[tuple[dict[str, Any], dict[str, Any]]],
    request: dict[str, Any],
    matcher: ExerciseMatcher,
) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
    """The logged entries an undo or a correction names ("the lunch one", "the curls", "the
    row"), newest first: ``made`` when it names nothing, None when it names something this
    chat did not log (nothing is guessed then)."""
    sure, maybe = list(request.get("targets") or []), list(request.get("maybe") or [])
    if not sure and not maybe:
        return made
    found = [
        m for m in made
        if any(names_it(w, label) for w in sure + maybe for label in label_words(*m, matcher))
    ]  # fmt: skip
    if found:
        return found
    return None if sure else made
