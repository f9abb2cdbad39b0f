"""A table pasted with its header line (issue 57, corpus-57o's writer CM: CSV and pipe tables
exported from MyFitnessPal, Hevy, Strong or kept by hand: "date,weight,rhr,hrv" then one row a
day, "exercise,sets,reps,kg,rir" then one row a lift, "Exercise | Sets | Reps | Weight").

Row by row, the figures stood with no word of what they were, and the chat asked what each
number was (or did not see a log at all). ``table_rows`` writes each row as the words a person
would have typed for it ("monday: weight 80.9 kg, rhr 55, hrv 60", "bench press 4x6 at 85 kg
rir 2", "breakfast: overnight oats 380 kcal, 18 g protein"), one line a row, so that the
readers that already read one such line read every row, on its own day.

Only a table read whole is rewritten: a header line whose every column is one this module
knows, followed by rows with as many cells; a row's day (a ``date`` or ``night_of`` column)
within the last week (today, yesterday or a weekday name: the words the readers date a
clause by); no empty cell where the row's entry needs one (a lift's sets or reps, a food, an
activity). Anything else is left exactly as it was, and the readers ask as before. A header
alone is no log."""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Each column's name as headers write it (lower case, "_" and "-" as spaces, units in
# brackets apart), and the kind of cell it holds.
_COLUMNS: tuple[tuple[str, str], ...] = (
    (r"date|day", "date"),
    (r"night(?: of)?|night ending", "night"),
    (r"time|clock", "clock"),
    (r"exercise(?: name)?|lift|movement", "exercise"),
    (r"sets", "sets"),
    (r"set(?: order| no| #| number)?", "set_no"),
    (r"reps?", "reps"),
    (r"rir", "rir"),
    (r"rpe", "rpe"),
    (r"weight|load|kgs?|lbs?|weight kgs?|weight lbs?|bw|body ?weight", "weight"),
    (r"rhr|resting hr|resting heart rate", "rhr"),
    (r"hrv", "hrv"),
    (r"mood|energy|stress|soreness", "score"),
    (r"sleep(?: h| hours| hrs)?|hours slept", "sleep"),
    (r"bed|bedtime|in bed", "bed"),
    (r"wake|woke|wake up|up", "wake"),
    (r"activity|sport|workout type", "activity"),
    (r"type", "type"),
    (r"workout|workout name|routine|session", "workout"),
    (r"category|muscle group|body ?part|muscle", "category"),
    (r"detail|details|what|notes?", "detail"),
    (r"min|mins|minutes|duration(?: min)?", "minutes"),
    (r"km|kms|distance km", "km"),
    (r"mi|miles|distance mi", "mi"),
    (r"avg hr|average hr|hr", "avg_hr"),
    (r"meal", "meal"),
    (r"food|item|description|food item", "food"),
    (r"grams|g|amount g", "grams"),
    (r"calories|kcal|cals|energy kcal", "kcal"),
    (r"protein|p|protein g", "protein"),
    (r"carbs|c|carbohydrates|carbs g", "carbs"),
    (r"fat|f|fat g", "fat"),
)
_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,2})?")
_ISO = re.compile(r"(20\d\d)-(\d{1,2})-(\d{1,2})")
_SPLIT = re.compile(r"\s*(?:,|\||\t|;)\s*")
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")  # "|---|:---:|"
_MEALS = ("breakfast", "lunch", "dinner", "snack", "supper", "brunch")


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|") and inner.endswith("|") and len(inner) > 1:
        inner = inner[1:-1]
    return [_unquoted(c) for c in _SPLIT.split(inner.strip())]


def _unquoted(cell: str) -> str:
    """A cell as written, without the quotes a CSV export puts round it ("\"Evening\"")."""
    return cell[1:-1].strip() if len(cell) > 1 and cell[0] == cell[-1] == '"' else cell


def _kind(name: str) -> tuple[str, str] | None:
    """The kind of a header's column and the unit its name gives ("kg" of "weight_kg")."""
    plain = re.sub(r"[_\-]+", " ", name.strip().lower())
    unit = ""
    if m := re.search(r"\(?\b(kgs?|lbs?|kg|lb)\b\)?", plain):
        unit = "lb" if m.group(1).startswith("l") else "kg"
    bare = re.sub(r"\s*\((?:kgs?|lbs?|g|min|km|mi|kcal)\)\s*", " ", plain).strip()
    for pattern, kind in _COLUMNS:
        if re.fullmatch(pattern, bare):
            return kind, unit
    return None


def _header(line: str) -> list[tuple[str, str]] | None:
    cells = _cells(line)
    if len(cells) < 2 or len(_SPLIT.findall(line)) < 1 or any(_NUMBER.search(c) for c in cells):
        return None
    kinds = [_kind(c) for c in cells]
    if any(k is None for k in kinds):
        return None
    found = [k for k in kinds if k is not None]
    names = [k for k, _ in found]
    return found if len(set(names)) == len(names) else None


def _day_label(cell: str, today: date, night: bool) -> str | None:
    """The words a clause is dated by for a row's day ("monday:"), None where there are none."""
    # (an export's date with its clock, "2026-11-16 07:12:00": the day)
    if (m := _ISO.fullmatch(re.sub(r"[ T]\d{1,2}:\d\d(?::\d\d)?$", "", cell.strip()))) is None:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if night:  # a night is dated by the morning it ends
        day += timedelta(days=1)
    back = (today - day).days
    if back < 0 or back > 6:
        return None
    if back == 0:
        return "today:"
    if back == 1:
        return "yesterday:"
    return f"{_WEEKDAYS[day.weekday()]}:"


def _figure(cell: str) -> str | None:
    cell = cell.strip()
    return cell if _NUMBER.fullmatch(cell) else None


def _lift(row: dict[str, str], units: dict[str, str]) -> str | None:
    name = row.get("exercise", "").strip()
    reps = _figure(row.get("reps", ""))
    # a row a set: a set's number, or no count at all (FitNotes: "date,exercise,weight,reps")
    sets = "1" if "set_no" in row or "sets" not in row else _figure(row["sets"])
    if not name or reps is None or sets is None:
        return None
    words = [f"{name.lower()} {sets}x{reps}"]
    load = row.get("weight", "").strip().lower()
    if re.fullmatch(r"bw|body ?weight", load):
        words.append("bodyweight")
    elif (figure := _figure(load)) is not None:
        words.append(f"at {figure} {units.get('weight', '')}".rstrip())
    elif re.fullmatch(rf"{_NUMBER.pattern}\s*(?:kgs?|lbs?)", load):
        words.append(f"at {load}")
    elif load:
        return None
    for key in ("rir", "rpe"):
        if (figure := _figure(row.get(key, ""))) is not None:
            words.append(f"{key} {figure}")
        elif row.get(key, "").strip():
            return None
    return " ".join(words)


def _readings(row: dict[str, str], units: dict[str, str]) -> str | None:
    words = []
    for key, said in (("weight", "weight"), ("rhr", "rhr"), ("hrv", "hrv"), ("score", "")):
        cell = row.get(key, "").strip()
        if not cell:
            continue
        if (figure := _figure(cell)) is None:
            return None
        name = said or units.get("score_name", "")
        unit = f" {units['weight']}" if key == "weight" and units.get("weight") else ""
        words.append(f"{name} {figure}{unit}")
    if "sleep" in row and row["sleep"].strip():
        words.append(f"slept {row['sleep'].strip()}" + (" h" if _figure(row["sleep"]) else ""))
    if row.get("bed", "").strip() and row.get("wake", "").strip():
        words.append(f"slept {row['bed'].strip()}-{row['wake'].strip()}")
    return ", ".join(words) or None


def _cardio(row: dict[str, str]) -> str | None:
    activity = row.get("activity", "").strip().lower()
    if not activity:
        return None
    words = [activity]
    for key, unit in (("minutes", "min"), ("km", "km"), ("mi", "mi"), ("avg_hr", "")):
        cell = row.get(key, "").strip()
        if not cell:
            continue
        if (figure := _figure(cell)) is None:
            return None
        words.append(f"avg hr {figure}" if key == "avg_hr" else f"{figure} {unit}")
    return " ".join(words)


def _meal(row: dict[str, str]) -> str | None:
    food = row.get("food", "").strip()
    if not food:
        return None
    meal = row.get("meal", "").strip().lower()
    if meal and meal not in _MEALS:
        return None
    words = [f"{meal}: {food}" if meal else food]
    for key, unit in (("grams", "g"), ("kcal", "kcal"), ("protein", "g protein"), ("carbs", "g carbs"), ("fat", "g fat")):  # fmt: skip
        cell = row.get(key, "").strip()
        if not cell:
            continue
        if (figure := _figure(cell)) is None:
            return None
        words.append(f"{figure} {unit}")
    return " ".join(words[:1]) + (" " + ", ".join(words[1:]) if words[1:] else "")


def _typed(row: dict[str, str]) -> str | None:
    kind, detail = row.get("type", "").strip().lower(), row.get("detail", "").strip()
    if not kind or not detail or not re.fullmatch(r"[a-z ]+", kind):
        return None
    return f"slept {detail}" if kind == "sleep" else f"{kind} {detail}"


def _row(row: dict[str, str], units: dict[str, str]) -> str | None:
    keys = set(row) - {"date", "night", "clock"}
    if "exercise" in keys:  # the session's name and the muscle an app files a lift under
        return _lift(row, units)
    if keys & {"workout", "category"}:  # a sport's column named as the workout or its type
        if "category" in keys or ("workout" in keys and "activity" in keys):
            return None
        row = {("activity" if k == "workout" else k): v for k, v in row.items()}
        keys = set(row) - {"date", "night", "clock"}
    if "type" in keys and "detail" not in keys and "activity" not in keys:
        row = {("activity" if k == "type" else k): v for k, v in row.items()}
        keys = set(row) - {"date", "night", "clock"}
    if "food" in keys:
        return _meal(row)
    if "activity" in keys:
        return _cardio(row)
    if "type" in keys:
        return _typed(row)
    if keys <= {"weight", "rhr", "hrv", "score", "sleep", "bed", "wake"}:
        return _readings(row, units)
    return None


def table_rows(text: str, today: date) -> str:
    """``text`` with a pasted table (header line and rows) written as one line of words a row;
    any other message as it was."""
    lines = text.splitlines()
    lines = _header_told(lines)
    for at, line in enumerate(lines):
        kinds = _header(line)
        if kinds is None:
            continue
        rows: list[str] = []
        end = at + 1
        while end < len(lines) and _RULE.fullmatch(lines[end].strip()):
            end += 1
        rendered: list[str] = []
        while end < len(lines):
            cells = _cells(lines[end])
            if len(cells) != len(kinds) or not any(_NUMBER.search(c) for c in cells):
                break
            rows.append(lines[end])
            row = {kind: cell for (kind, _), cell in zip(kinds, cells, strict=True)}
            units = {kind: unit for kind, unit in kinds if unit}
            if "score" in row:
                units["score_name"] = re.sub(r"[_\-]+", " ", _cells(line)[[k for k, _ in kinds].index("score")].strip().lower())  # fmt: skip
            words = _row(row, units)
            if words is None:
                return text
            if "date" in row or "night" in row:
                label = _day_label(row.get("date") or row.get("night", ""), today, "night" in row)
                if label is None:
                    return text
                words = f"{label} {words}"
            rendered.append(words)
            end += 1
        if not rendered:
            return text
        rendered = _sets_together(rendered)
        before, after = lines[:at], lines[end:]
        if "food" in {k for k, _ in kinds} and "meal" not in {k for k, _ in kinds}:
            # rows of foods with no meal column: one meal, its figures summed, named by a
            # line of the message that says which ("(that was dinner)", "lunch:")
            named = [(i, m.group(0)) for i, x in enumerate(before + after) if not _NUMBER.search(x) and (m := re.search("|".join(_MEALS), x.lower()))]  # fmt: skip
            if len(named) != 1 or (meal := _one_meal(rows, kinds, named[0][1])) is None:
                return text
            others = [x for i, x in enumerate(before + after) if i != named[0][0]]
            return "\n".join([meal, *others])
        if "meal" in {k for k, _ in kinds} and "food" in {k for k, _ in kinds}:
            rendered = _meals_together(rows, kinds, rendered)
            if not rendered:
                return text
        return "\n".join([*before, *rendered, *after])
    return text


def _sets_together(rendered: list[str]) -> list[str]:
    """Rows of one set each written one after another the same ("bench 1x5 at 82.5 kg" twice)
    as those sets together ("bench 2x5 at 82.5 kg")."""
    out: list[tuple[str, int]] = []
    for line in rendered:
        if out and out[-1][0] == line and re.search(r" 1x\d", line):
            out[-1] = (line, out[-1][1] + 1)
        else:
            out.append((line, 1))
    return [re.sub(r" 1x(?=\d)", f" {n}x", line, count=1) if n > 1 else line for line, n in out]


# A note that names the columns of rows written without a header line ("(cols are
# exercise,sets,reps,lb)", "columns: date, weight")
_COLUMNS_TOLD = re.compile(
    r"\b(?:cols?|columns?)(?: are|:)\s*(?P<names>[a-z_ ]+(?:\s*,\s*[a-z_ ]+)+)"
)


def _header_told(lines: list[str]) -> list[str]:
    """``lines`` with a note naming the columns put as the header line above the rows it names
    (every other line one of them); else as they were."""
    notes = [(i, m) for i, x in enumerate(lines) if (m := _COLUMNS_TOLD.search(x.lower()))]
    if len(notes) != 1:
        return lines
    at, m = notes[0]
    header = m.group("names").strip()
    kinds = _header(header)
    rows = [x for i, x in enumerate(lines) if i != at and x.strip()]
    if kinds is None or not rows or any(len(_cells(x)) != len(kinds) for x in rows):
        return lines
    return [header, *rows]


def _meals_together(rows: list[str], kinds: list[tuple[str, str]], rendered: list[str]) -> list[str]:  # fmt: skip
    """The rendered rows with the foods of one meal on rows one after another ("lunch,tuna",
    "lunch,pasta") as that one meal, its figures summed ([] where one cannot be)."""
    at = [k for k, _ in kinds].index("meal")
    out: list[str] = []
    k = 0
    while k < len(rows):
        meal = _cells(rows[k])[at].strip().lower()
        end = k + 1
        while end < len(rows) and _cells(rows[end])[at].strip().lower() == meal:
            end += 1
        if end - k == 1:
            out.append(rendered[k])
        else:
            foods = [[c for i, c in enumerate(_cells(r)) if i != at] for r in rows[k:end]]
            rest = [x for x in kinds if x[0] != "meal"]
            one = _one_meal([",".join(f) for f in foods], rest, meal)
            if one is None:
                return []
            out.append(one)
        k = end
    return out


def _one_meal(rows: list[str], kinds: list[tuple[str, str]], meal: str) -> str | None:
    """The foods of ``rows`` as one meal's line: each food with its grams, the figures summed."""
    foods: list[str] = []
    totals: dict[str, float] = {}
    for line in rows:
        row = {kind: cell.strip() for (kind, _), cell in zip(kinds, _cells(line), strict=True)}
        grams = _figure(row.get("grams", ""))
        foods.append(f"{row['food']} {grams} g" if grams else row["food"])
        for key in ("kcal", "protein", "carbs", "fat"):
            if key in row:
                if (figure := _figure(row[key])) is None:
                    return None
                totals[key] = totals.get(key, 0.0) + float(figure)
    units = {"kcal": "kcal", "protein": "g protein", "carbs": "g carbs", "fat": "g fat"}
    figures = [f"{value:g} {units[key]}" for key, value in totals.items()]
    return f"{meal}: " + ", ".join([*foods, *figures])
