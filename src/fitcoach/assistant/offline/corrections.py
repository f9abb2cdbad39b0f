"""Undo and corrections of what this chat logged (``nlu.read_undo`` reads the request): the
entries of the last logging message, or those named, taken out; a value changed in place, or
a workout logged again when only some of its sets change. Nothing is guessed: a request
that does not say which entry or value gets a question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import ExerciseMatcher, bare_mass_unit
from fitcoach.assistant.offline.draft import ReplyDraft, tool_answer
from fitcoach.assistant.offline.entries import entries_made, label_words, names_it, picked_entries
from fitcoach.assistant.reply import Turn


def undo(turn: ReplyDraft, request: dict[str, Any], count: int | None, history: Sequence[Turn], matcher: ExerciseMatcher, today: date, *, confirms: Callable[[str], bool] | None = None) -> str:  # fmt: skip
    """Remove the entries of the last message that logged something (or the last ``count``,
    all of them, or the ones the message names). A plain "undo that" takes back what the web's
    Undo would (``last_entry``): the newest entry logged in the last 30 minutes, wherever it
    was logged, with the other entries of the chat message that logged it; a day's readings,
    which that undo leaves, when the chat's last logging message logged only readings.

    A plain "undo that" acts at once only on what the chat's last answer logged. Otherwise
    (the last thing said was a move, a question, an injury, another undo; or the newest entry
    was logged on the web) it names the entry and asks (``UNDO_ASK``); ``confirms`` is given
    with the athlete's "yes" and tells whether a question is the one they said yes to: the
    entry is taken back only then (something else is last now: it asks again)."""
    made = entries_made(history)
    plain = count is None and not request.get("all") and not request.get("targets") and not request.get("maybe")  # fmt: skip
    if plain:
        answer = _undo_last(turn, made, history, confirms)
        if answer is not None:
            return answer
    if not made:
        return t.UNDO_NOTHING
    if request.get("all"):
        days = (None, today.isoformat(), today)
        chosen = [
            m
            for m in made
            if not request.get("today") or (m[1].get("arguments") or {}).get("date") in days
        ]
        if not chosen:
            return t.UNDO_NOTHING
        return " ".join(_remove(turn, entry) for entry, _call in chosen)
    picked = picked_entries(made, request, matcher)
    if picked is None:
        return t.UNDO_WHICH
    if picked is not made:  # named: the newest message's entries that hold it, whole only
        first_call = picked[0][1]
        chosen = [m for m in picked if m[1] is first_call]
        for entry, call in chosen:
            labels = label_words(entry, call, matcher)
            words = list(request.get("targets") or []) + list(request.get("maybe") or [])
            if not all(any(names_it(w, label) for w in words) for label in labels):
                return t.UNDO_WHICH  # a workout holding more than what was named: not all of it
    elif count is None:
        first_call = made[0][1]
        chosen = [m for m in made if m[1] is first_call]
    else:
        chosen = made[:count]
    return " ".join(_remove(turn, entry) for entry, _call in chosen)


Made = list[tuple[dict[str, Any], dict[str, Any]]]


def just_logged(history: Sequence[Turn]) -> bool:
    """Whether the chat's last answer logged something (the last thing said was a log)."""
    last = next((past for past in reversed(history) if past.role == "assistant"), None)
    return last is not None and any(c.get("ok") and c.get("entries") for c in last.tool_calls)


def _logged_words(newest: Made) -> str:
    """The chat's last logging message's entries in words, from what its answer said."""
    said = []
    for call in dict.fromkeys(id(c) for _e, c in newest):
        summary = next(str(c.get("summary") or "") for _e, c in newest if id(c) == call)
        said.append(summary.removeprefix("Logged ").rstrip(". "))
    return "entry “" + "; ".join(s for s in said if s) + "”" if said else "entry"


def _undo_last(turn: ReplyDraft, made: Made, history: Sequence[Turn], confirms: Callable[[str], bool] | None) -> str | None:  # fmt: skip
    """The chat's "undo that" by the one last-entry rule (``last_log_entry``,
    ``undo_last_entry``). When it finds nothing in its window, the chat's last logging message
    is taken back if its entries are still there (logged longer ago). It acts at once on what
    the last answer logged; anything else it names and asks about first (``undo``)."""
    newest = [m for m in made if m[1] is made[0][1]] if made else []
    act_now = just_logged(history)

    def asked_or(what: str, act: Callable[[], str]) -> str:
        question = t.UNDO_ASK.format(what=what)
        if confirms is not None and confirms(question):
            return act()
        return question

    def remove_newest() -> str:
        return " ".join(_remove(turn, entry) for entry, _call in newest)

    if newest and all(entry["kind"] == "daily" for entry, _call in newest):
        return remove_newest() if act_now else asked_or(_logged_words(newest), remove_newest)
    last = turn.call("last_log_entry", {})
    if last.ok and last.data.get("gone"):  # another undo, sent with this one, took it back
        return t.UNDO_ALREADY.format(what=last.data.get("what") or "entry")
    kind, entry_id = (last.data.get("kind"), last.data.get("entry_id")) if last.ok else (None, None)  # fmt: skip
    if kind is None and newest:
        # Older than the window, or taken back elsewhere since (the web's Undo, the history).
        def remove_older() -> str:
            results = [turn.call("undo_log_entry", _remove_args(entry)) for entry, _call in newest]
            if all(not r.ok and (r.error or "").startswith("no ") for r in results):
                return t.UNDO_NOTHING_RECENT
            return " ".join(tool_answer(r) for r in results)

        # Not just said: an entry past the window is deleted from its page, not by "that".
        return remove_older() if act_now else t.UNDO_NOTHING_RECENT
    if kind is None:
        return t.UNDO_NOTHING_RECENT
    what = str(last.data.get("what") or "entry")
    if any((entry["kind"], entry["id"]) == (kind, entry_id) for entry, _call in newest):
        # The whole message that logged it.
        if len(newest) > 1:
            what += f", with the other {len(newest) - 1} of that message"
        return remove_newest() if act_now else asked_or(what, remove_newest)

    def remove_last() -> str:
        return tool_answer(turn.call("undo_last_entry", {"kind": kind, "entry_id": entry_id}))

    # Logged elsewhere (the web, the API) after the chat's last log: not what was just said.
    return asked_or(what, remove_last)


def _remove_args(entry: dict[str, Any]) -> dict[str, Any]:
    """``undo_log_entry``'s arguments for one logged entry (a day's readings: its fields)."""
    args: dict[str, Any] = {"kind": entry["kind"], "entry_id": entry["id"]}
    if entry["kind"] == "daily" and entry.get("fields"):
        args["fields"] = entry["fields"]
    return args


def _remove(turn: ReplyDraft, entry: dict[str, Any]) -> str:
    """Take one logged entry out (a day's readings: only the fields it logged)."""
    return tool_answer(turn.call("undo_log_entry", _remove_args(entry)))


_LB = 0.45359237


_DAILY_COLUMNS = {"resting_hr_bpm": "resting_hr"}


def _has_word(request: dict[str, Any], word: str) -> bool:
    """Whether the correction says which set ("the last set", "first set")."""
    return request.get("which") == word


def _correction(request: dict[str, Any], entry: dict[str, Any], arguments: dict[str, Any]) -> tuple[dict[str, Any], str | None] | None:  # fmt: skip
    """The changes a correction makes to ``entry`` (and the exercise they are for), or None
    when the words do not say which value changes."""
    field, value, old = request.get("field"), request["value"], request.get("old")
    unit = request.get("unit")
    kind = entry["kind"]
    # A weight corrected without a unit ("it was 80 not 100") is in the athlete's unit.
    mass_in = unit if unit in ("kg", "lb") else bare_mass_unit()
    if kind == "workouts":
        groups = [g for g in arguments.get("groups") or [] if isinstance(g, dict)]
        exercise = request.get("exercise")
        names = {g.get("exercise") for g in groups}
        if exercise is None and len(names) == 1:
            exercise = next(iter(names))
        mine = [g for g in groups if exercise is None or g.get("exercise") == exercise]

        def holding(key: str, number: float) -> list[dict[str, Any]]:
            return [g for g in mine if g.get(key) is not None and abs(float(g[key]) - number) < 0.05]  # fmt: skip

        def changed(found: list[dict[str, Any]], update: dict[str, Any]) -> tuple[dict[str, Any], str | None] | None:  # fmt: skip
            """``update`` on the sets ``found`` hold: in place when they are all the sets of
            their exercise, else the workout logged again with only those changed ("last
            set was 6 not 7" of "8, 8, 7")."""
            names = {g.get("exercise") for g in found}
            if len(names) != 1:
                return None  # none or several exercises hold the old value: ask
            if len(found) > 1 and _has_word(request, "last"):
                found = found[-1:]
            elif len(found) > 1 and _has_word(request, "first"):
                found = found[:1]
            name = next(iter(names))
            if all(g in found for g in groups if g.get("exercise") == name):
                return update, name
            return {"groups": [g | update if any(g is f for f in found) else g for g in groups]}, name  # fmt: skip

        if field == "exercise":
            found = [g for g in groups if g.get("exercise") == old]
            return ({"groups": [g | {"exercise": value} if g in found else g for g in groups]}, None) if found else None  # fmt: skip
        if field == "unit":
            loads = {g.get("weight_kg") for g in mine}
            if exercise is None or len(loads) != 1 or None in loads:
                return None  # one load to convert, or the athlete says which
            load = float(str(next(iter(loads))))
            return {"weight_kg": round(load * _LB if value == "lb" else load / _LB, 2)}, exercise
        if field == "sets_reps":
            if old is None:
                return ({"sets": value[0], "reps": value[1]}, exercise) if exercise else None
            found = [g for g in mine if g.get("sets", 1) == old[0] and g.get("reps") == old[1]]
            return changed(found, {"sets": value[0], "reps": value[1]})
        if field in ("sets", "reps"):
            if old is not None:
                return changed(holding(field, float(old)), {field: value})
            return ({field: value}, exercise) if exercise is not None else None
        if field == "weight" or (old is None and unit in ("kg", "lb")):
            kg = float(value) * (_LB if mass_in == "lb" else 1.0)
            return ({"weight_kg": round(kg, 2)}, exercise) if exercise is not None else None
        if old is not None:
            for key in ("weight_kg", "reps", "sets", "rir"):
                found = holding(key, float(old) * (_LB if mass_in == "lb" and key == "weight_kg" else 1.0))  # fmt: skip
                if found:
                    new = float(value) * (_LB if mass_in == "lb" and key == "weight_kg" else 1.0)
                    return changed(found, {key: round(new, 2)})
        return None
    numeric = {
        _DAILY_COLUMNS.get(k, k): float(v)
        for k, v in arguments.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    if kind == "daily" and field == "weight":
        return {"weight_kg": float(value) * (_LB if mass_in == "lb" else 1.0)}, None
    if kind == "cardio" and field == "cardio":  # "it was 8 km in 42:00, not 5k"
        return dict(value), None
    if kind == "cardio" and field == "distance_unit":  # "km not miles": the same number, read again
        if not numeric.get("distance_m"):
            return None
        scale = 1000 / 1609.344 if value == "km" else 1609.344 / 1000
        return {"distance_m": round(numeric["distance_m"] * scale, 1)}, None
    if field in ("cardio", "distance_unit", "exercise", "sets_reps"):
        return None  # words for another kind of entry: ask
    if kind == "cardio" and old is None and unit:
        if unit in ("km", "kms", "mi", "mile", "miles"):
            return {
                "distance_m": float(value) * (1609.344 if unit.startswith("mi") else 1000)
            }, None
        if unit.startswith("min"):
            return {"duration_s": float(value) * 60}, None
    if old is not None:
        # A body weight said without a unit is in the athlete's (lb: "it was 178 not 176").
        scales = {"duration_s": 60.0, "distance_m": 1000.0, "weight_kg": _LB if mass_in == "lb" else 1.0}  # fmt: skip
        for key, stored in numeric.items():
            scale = scales.get(key, 1.0)
            if abs(stored - float(old) * scale) < 0.05 * max(scale, 1.0):
                return {key: round(float(value) * scale, 2)}, None
        return None  # "not 225": this entry holds no 225, so it is not the one meant
    if len(numeric) == 1 and field is None and kind in ("daily", "meals"):
        key = next(iter(numeric))
        return {key: float(value) * (_LB if key == "weight_kg" and mass_in == "lb" else 1.0)}, None  # fmt: skip
    return None


def correct(turn: ReplyDraft, request: dict[str, Any], history: Sequence[Turn], matcher: ExerciseMatcher) -> str:  # fmt: skip
    """Correct the last entry the chat logged (of the exercise or entry named, when one is)."""
    made = entries_made(history)
    if not made:
        return t.UNDO_NOTHING
    exact = [
        m for m in made
        if any(g.get("exercise") == request.get("exercise") for g in (m[1].get("arguments") or {}).get("groups") or [])
    ]  # fmt: skip
    picked = exact or picked_entries(made, request, matcher)
    if not picked:
        return t.CORRECT_UNCLEAR.format(what="what this chat logged")
    entry, call = picked[0]
    arguments = call.get("arguments") or {}
    if not exact and entry["kind"] == "workouts" and (request.get("targets") or request.get("maybe")):  # fmt: skip
        # "the curls" for a cable curl: the logged exercise the words name, when only one
        words = list(request.get("targets") or []) + list(request.get("maybe") or [])
        slugs = sorted({str(g.get("exercise")) for g in arguments.get("groups") or [] if isinstance(g, dict)})  # fmt: skip
        named = [s for s, label in zip(slugs, label_words(entry, call, matcher), strict=True) if any(names_it(w, label) for w in words)]  # fmt: skip
        request = request | {"exercise": named[0] if len(named) == 1 else None}
    if entry["kind"] == "sleep" and request.get("value") is not None and not request.get("field"):
        hours = float(request["value"])
        if not 0 < hours <= 24:
            return t.CORRECT_UNCLEAR.format(what=call.get("summary") or "the last entry")
        args = {"duration_s": hours * 3600, "date": arguments.get("date")}
        return tool_answer(turn.call("log_sleep", {k: v for k, v in args.items() if v is not None}))
    found = _correction(request, entry, arguments)
    if found is None and request.get("old") is not None and not exact:
        # "it was 235 not 225": the newest entry that holds 225, when the newest does not.
        for entry, call in picked[1:]:
            arguments = call.get("arguments") or {}
            if entry["kind"] != "sleep" and (found := _correction(request, entry, arguments)):
                break
    if found is None or entry["kind"] == "sleep":
        return t.CORRECT_UNCLEAR.format(what=call.get("summary") or "the last entry")
    changes, exercise = found
    if "groups" in changes:  # one set of several, or another exercise: the workout logged again
        relog = {k: v for k, v in arguments.items() if v is not None} | {"groups": changes["groups"]}  # fmt: skip
        removed = turn.call("undo_log_entry", {"kind": "workouts", "entry_id": entry["id"]})
        if not removed.ok:
            return tool_answer(removed)
        return tool_answer(turn.call("log_sets", relog))
    args = {"kind": entry["kind"], "entry_id": entry["id"], "changes": changes}
    if exercise:
        args["exercise"] = exercise
    return tool_answer(turn.call("correct_log_entry", args))
