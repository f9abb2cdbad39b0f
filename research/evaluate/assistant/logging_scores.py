"""Scoring the chat's logging on the blind set: what a message says against what was stored
(strength sets, cardio, the daily log, meals), each message right, asked, wrong or missed.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fitcoach.assistant.evaluate.common import Share, _has_word, _words, exercise_candidates

# Logging on the blind set: each message through the chat, what was stored read back

LOG_OUTCOMES = ("right", "asked", "wrong", "missed")
# Scales people give out of 10; the daily log keeps them on 1-5 (a stored s matches v when
# |s - v/2| <= 0.5: 7/10 may be stored as 3 or 4).
_SCALES = {"mood_1_10": "mood", "energy_1_10": "energy", "soreness_1_10": "soreness",
           "stress_1_10": "stress"}  # fmt: skip
_DAILY = ("weight_kg", "resting_hr", "hrv_ms", "sleep_h", *_SCALES)
_CARDIO = (("minutes", "duration_s", 60.0), ("distance_km", "distance_m", 1000.0),
           ("avg_hr", "avg_hr", 1.0))  # fmt: skip
_FOOD_FILLER = {"a", "an", "the", "of", "with", "and", "big", "portion", "some", "small"}
# An amount in words is an amount, like a digit: the chat stores "two eggs" as "2 eggs"
_FOOD_FILLER |= {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half"}  # fmt: skip
# Words that join foods, not foods ("scrambled eggs on sourdough" is eggs and sourdough)
_FOOD_FILLER |= {"on", "in", "for", "to", "at", "plus", "w"}
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _close(want: float, got: float | None) -> bool:
    # Expected numbers are rounded to 1 decimal (lb, miles, 27:30 -> 27.5).
    return got is not None and math.isclose(want, got, rel_tol=0.005, abs_tol=0.06)


def _asks(text: str) -> bool:
    """Whether a reply asks a question (quoted examples, as in the help text, do not count)."""
    return "?" in _QUOTED.sub("", text)


@dataclass(frozen=True)
class LogItem:
    """One logging message of a blind set, how it was scored and why."""

    id: str
    text: str
    ask: bool
    outcome: str  # right, asked, wrong, missed, or context (needs a prior entry)
    reply: str
    stored: dict[str, Any]  # what was read back, per kind
    problems: list[str] = field(default_factory=list)  # for wrong data: what differs

    @property
    def good(self) -> bool:
        """Right, or asked where the set says a good coach must ask."""
        return self.outcome == "right" or (self.outcome == "asked" and self.ask)


@dataclass(frozen=True)
class LoggingReport:
    """The chat's logging on a blind set's ``kind: log`` items (``evaluate_blind_logging``)."""

    items: list[LogItem]
    shares: dict[str, Share]  # each outcome, and "good", over the scored items
    asked_when_needed: Share  # of the items with ``ask: true``: a question and nothing wrong
    # Plain names that mean several library entries (strength), or none (any kind).
    ambiguous: dict[str, list[str]]

    @property
    def scored(self) -> list[LogItem]:
        return [i for i in self.items if i.outcome != "context"]

    @property
    def context(self) -> list[LogItem]:
        """Undo and correction items with no prior entry in their text (counted apart)."""
        return [i for i in self.items if i.outcome == "context"]

    @property
    def wrong(self) -> list[LogItem]:
        return [i for i in self.items if i.outcome == "wrong"]

    def problem_kinds(self) -> Counter[str]:
        """How many wrong-data items show each kind of problem (numbers and names left out)."""
        return Counter(kind for i in self.wrong for kind in {p.split(" (")[0] for p in i.problems})

    def lines(self, top: int = 10) -> list[str]:
        """The figures as ``python -m research.evaluate.assistant BLIND_SET`` prints them."""
        context = self.context
        out = [
            f"blind logging: {len(self.scored)} log messages scored, {len(context)} undo/"
            f"correction messages need a prior entry (apart: "
            f"{sum(bool(i.stored) for i in context)} stored something anyway)",
            f"  good (right, or asked where it must) {self.shares['good']}",
            *(f"  {name} {self.shares[name]}" for name in LOG_OUTCOMES),
            f"  asked where it must (ask: true) {self.asked_when_needed}",
            "  most common wrong data: "
            + ", ".join(f"{k} {n}" for k, n in self.problem_kinds().most_common(top)),
        ]
        out += [f"  wrong {i.id}: {i.text!r}: {'; '.join(i.problems)}" for i in self.wrong]
        out += [
            f"  {k!r} means several library entries: {', '.join(v)}"
            if v
            else f"  {k!r}: no library entry has every word (nothing stored can match)"
            for k, v in self.ambiguous.items()
        ]
        return out


def _fields(where: str, want: dict[str, Any], got: dict[str, Any], keys: Sequence[str]) -> list[str]:  # fmt: skip
    problems = []
    for key in keys:
        if key in want and key not in got:
            problems.append(f"{where} value not stored ({key})")
        elif key not in want and key in got:
            problems.append(f"{where} value stored, none said ({key} {got[key]:g})")
        elif key in want and not _close(float(want[key]), float(got[key])):
            problems.append(f"{where} value wrong ({key}: {want[key]} said, {got[key]:g} stored)")
    return problems


def _strength(want: list[dict[str, Any]], got: list[tuple[Any, ...]], records: Sequence[Any], said: str = "") -> tuple[list[str], dict[str, list[str]]]:  # fmt: skip
    """Differences between the expected strength entries and the stored sets, grouped by
    exercise (an exercise's sets compared in order of reps, load and RIR)."""
    expected: dict[str, list[tuple[int, float | None, int | None]]] = {}
    # Two plain names that mean the same entries ("pull-up" and "weighted pull-up": the
    # Pull-Up, its load apart) are one exercise's sets, under the first name said.
    said_as: dict[tuple[str, ...], str] = {}
    unloaded: set[str] = set()  # plain names the gold logs as bodyweight with no added load
    for entry in want:
        reps = entry["reps"] if isinstance(entry["reps"], list) else [entry["reps"]] * int(entry["sets"])  # fmt: skip
        means = tuple(_lift_candidates(entry["exercise"], records)) or (entry["exercise"],)
        plain = said_as.setdefault(means, entry["exercise"])
        if entry.get("bodyweight") and entry.get("load_kg") is None:
            unloaded.add(plain)
        expected.setdefault(plain, []).extend(
            (int(r), entry.get("load_kg"), entry.get("rir")) for r in reps
        )
    stored: dict[str, list[tuple[int, float | None, int | None]]] = {}
    for slug, reps, load, rir in got:
        stored.setdefault(slug, []).append((reps, load, rir))
    problems: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    unpaired = []
    for plain, sets in expected.items():
        candidates = _lift_candidates(plain, records)
        if len(candidates) != 1:
            ambiguous[plain] = candidates
        if plain in unloaded:  # "squat", bodyweight and no load: the Bodyweight Squat too
            candidates = [*candidates, *_bodyweight_variant(plain, records)]
        slug = next((s for s in stored if s in candidates), None)
        if slug is None:  # the variant the message names, where the gold's name is plainer
            slug = next((s for s in stored if s in said_variants(plain, records, said)), None)
        if slug is None:
            unpaired.append((plain, sets))
            continue
        problems += _compare_sets(plain, sets, stored.pop(slug))
    for plain, sets in unpaired:
        if stored:  # the nearest leftover: the first one
            slug = next(iter(stored))
            problems.append(f"wrong exercise ({plain} said, {slug} stored)")
            problems += _compare_sets(plain, sets, stored.pop(slug))
        else:
            problems.append(f"strength entry not stored ({plain})")
    problems += [f"strength entry stored, none said ({slug})" for slug in stored]
    return problems, ambiguous


def _bodyweight_variant(plain: str, records: Sequence[Any]) -> list[str]:
    """Entries named "bodyweight" and the plain name's words, nothing else: the gold's
    "squat" with no load ("3 sets of 10 squats, no weight") is the Bodyweight Squat as much as
    the plain name's barbell one, never another lunge or row that happens to be bodyweight."""
    want = sorted(_words(f"bodyweight {plain}"))
    return sorted(r.slug for r in records if any(sorted(words) == want for words in _names(r)))


def _names(record: Any) -> list[list[str]]:
    return [_words(n) for n in (record.name, record.slug, *record.aliases)]


def said_variants(plain: str, records: Sequence[Any], said: str) -> list[str]:
    """Strength entries a plain gold name is part of whose other words the message itself says:
    "calf raises on the machine 3x15" with the gold's "calf raise" is the Standing Calf Raise
    Machine ("machine calf raise"), not the bodyweight one the plain name means. A variant the
    message does not name stays wrong ("bench press" stored as the incline one)."""
    heard = _words(said)
    want = _words(plain)
    if not heard or not want:
        return []
    return sorted(
        r.slug
        for r in records
        if r.category != "cardio"
        and any(
            all(_has_word(w, words) for w in want)
            and all(_has_word(w, heard) for w in words if not _has_word(w, want))
            for words in _names(r)
        )
    )


def named_by_words(activity: str, records: Sequence[Any]) -> list[str]:
    """Cardio entries for a gold activity no entry names whole: each gold word in one of the
    entry's names ("indoor cycling": Moderate Stationary Cycling, "indoor bike"; "step aerobics
    class": Step Aerobics, "step class"). Only where ``exercise_candidates`` finds none."""
    want = _words(activity)
    return sorted(
        r.slug
        for r in records
        if r.category == "cardio"
        and all(any(_has_word(w, words) for words in _names(r)) for w in want)
    )


def activity_slugs(activity: str, records: Sequence[Any]) -> list[str]:
    """The cardio entries a gold activity accepts: those it names, else those naming each word."""
    named = exercise_candidates(activity, records, kind="cardio")
    return named or named_by_words(activity, records)


def _lift_candidates(plain: str, records: Sequence[Any]) -> list[str]:
    """The entries a lift's name means; where no strength entry has its words, the cardio ones:
    the library files burpees under cardio, yet sets of them are a strength log of that entry
    (scored wrong whatever was stored before this, misc18)."""
    return exercise_candidates(plain, records) or exercise_candidates(plain, records, kind="cardio")


def _compare_sets(plain: str, want: list[tuple[Any, ...]], got: list[tuple[Any, ...]]) -> list[str]:  # fmt: skip
    def key(s: tuple[Any, ...]) -> tuple[float, float, float]:
        return (s[0], -1.0 if s[1] is None else s[1], -1.0 if s[2] is None else s[2])

    if len(want) != len(got):
        return [f"strength sets wrong ({plain}: {len(want)} said, {len(got)} stored)"]
    problems = set()
    for (reps, load, rir), (g_reps, g_load, g_rir) in zip(sorted(want, key=key), sorted(got, key=key), strict=True):  # fmt: skip
        if reps != g_reps:
            problems.add(f"strength reps wrong ({plain})")
        if load is None and g_load is not None:
            problems.add(f"strength load stored, none said ({plain})")
        elif load is not None and g_load is None:
            problems.add(f"strength load not stored ({plain})")
        elif load is not None and not _close(load, g_load):
            problems.add(f"strength load wrong ({plain}: {load} said, {g_load:g} stored)")
        if rir is None and g_rir is not None:
            problems.add(f"strength rir stored, none said ({plain})")
        elif rir is not None and g_rir is None:
            problems.add(f"strength rir not stored ({plain})")
        elif rir is not None and rir != g_rir:
            problems.add(f"strength rir wrong ({plain})")
    return sorted(problems)


# (as ``_words`` reads them: "vigorous" is "vigorou")
_INTENSITY = frozenset(w for word in ("moderate", "vigorous", "light", "leisure", "brisk", "fast", "hard", "easy", "slow") for w in _words(word))  # fmt: skip


def _said_in(name: list[str], heard: list[str]) -> bool:
    n = len(name)
    return n > 0 and any(heard[i : i + n] == name for i in range(len(heard) - n + 1))


def said_activities(activity: str, records: Sequence[Any], said: str) -> list[str]:
    """Cardio entries the message names by one of their own names that mean the gold's activity
    in other words: an entry naming each gold word ("indoor cycling": Moderate Stationary
    Cycling, which "zwift", "peloton" and "bike trainer" name), or the gold's entry at another
    intensity where the gold says none ("indoor rowing" for "erg intervals", Vigorous Rowing).
    An entry the message does not name stays wrong (wrong92)."""
    heard = _words(said)
    want = _words(activity)
    if not heard or not want:
        return []
    by_words = set(named_by_words(activity, records))
    named = set(exercise_candidates(activity, records, kind="cardio"))
    plain = {tuple(w for w in _words(r.name) if w not in _INTENSITY) for r in records if r.slug in named}  # fmt: skip
    gold_intensity = any(w in _INTENSITY for w in want)
    out = []
    for r in records:
        if r.category != "cardio" or not any(_said_in(words, heard) for words in _names(r)):
            continue
        sibling = not gold_intensity and tuple(w for w in _words(r.name) if w not in _INTENSITY) in plain  # fmt: skip
        if r.slug in by_words or sibling:
            out.append(r.slug)
    return sorted(out)


def _cardio(want: list[dict[str, Any]], got: list[dict[str, Any]], records: Sequence[Any], said: str = "") -> list[str]:  # fmt: skip
    left = list(got)
    problems: list[str] = []
    unpaired = []
    for entry in want:
        candidates = activity_slugs(entry["activity"], records)
        if not any(c["activity"] in candidates for c in left):
            candidates = said_activities(entry["activity"], records, said)
        found = next((c for c in left if c["activity"] in candidates), None)
        if found is None:
            unpaired.append(entry)
            continue
        left.remove(found)
        problems += _fields("cardio", entry, found, ("minutes", "distance_km", "avg_hr"))
        problems += [f"cardio value stored, none said ({k})" for k in ("max_hr", "calories_kcal") if k in found]  # fmt: skip
    for entry in unpaired:
        if left:
            found = left.pop(0)
            problems.append(f"wrong activity ({entry['activity']} said, {found['activity']} stored)")  # fmt: skip
            problems += _fields("cardio", entry, found, ("minutes", "distance_km", "avg_hr"))
        else:
            problems.append(f"cardio entry not stored ({entry['activity']})")
    problems += [f"cardio entry stored, none said ({c['activity']})" for c in left]
    return problems


def _daily(want: dict[str, Any], got: dict[str, float]) -> list[str]:
    got = dict(got)
    problems = []
    for key, column in _SCALES.items():
        if key in want and column in got:
            if abs(got.pop(column) - float(want[key]) / 2) <= 0.5:
                got[key] = float(want[key])
            else:
                problems.append(f"daily value wrong ({key}: {want[key]}/10 said, off on the 1-5 scale)")  # fmt: skip
                want = {k: v for k, v in want.items() if k != key}
        elif column in got:
            got[key] = got.pop(column) * 2
    problems += _fields("daily", want, got, _DAILY)
    problems += [f"daily value stored, none said ({k})" for k in got if k not in _DAILY]
    return problems


def _food_words(text: str) -> list[str]:
    return [w for w in _words(text) if w not in _FOOD_FILLER and not w.isdigit()]


def same_foods(gold: str, stored: str, said: str = "") -> bool:
    """Whether a stored meal description holds the gold's foods, word by word (filler, amounts
    and joining words apart). Two gold words written as one are one ("Weet-Bix", "weetbix").
    A gold food word the message never says is the writer's paraphrase ("protein shake" for
    "shake: 40g whey in 300ml milk", "beer" for "3 pints"): it is not asked of a description
    that keeps the message whole from its first stored word on (nothing said was dropped), so
    long as one gold food is in it."""
    words = _words(stored)
    joined = {a + b for a, b in itertools.pairwise(words)}
    gold_words = _words(gold)
    # whole words only here: a prefix of a joined pair is no food ("and" of "andchip")
    pairs = {w for a, b in itertools.pairwise(gold_words) if any(s.startswith(a + b) for s in words) for w in (a, b)}  # fmt: skip
    missing = [w for w in _food_words(gold) if w not in pairs and w not in joined and not _has_word(w, words)]  # fmt: skip
    if not missing:
        return True
    heard = _words(said)
    whole = len(words) <= len(heard) and heard[len(heard) - len(words) :] == words
    found = len(_food_words(gold)) > len(missing)
    return (whole or _whole_but_figures(words, heard)) and found and not any(_has_word(w, heard) for w in missing)  # fmt: skip


# What a message says after its foods that no description holds: the figures stored in their
# own fields and the meal's name ("..., 1 banana (310 kcal)", "... for brekky, 230 kcal")
_FIGURE_WORDS = {"kcal", "cal", "calorie", "protein", "carb", "fat", "g", "p", "c", "f", "breakfast",
                 "brekkie", "brekky", "bfast", "brunch", "lunch", "dinner", "supper", "snack"}  # fmt: skip
_FIGURE = re.compile(r"\d+(?:kcal|cal|g|p|c|f)?")


def _whole_but_figures(words: list[str], heard: list[str]) -> bool:
    """Whether ``words`` keep the message ``heard`` whole from their first food word on, as
    food words go (joining words and bare numbers apart: "w" stored as "with"), with only
    figures and the meal's name after them."""
    stored = _food_words(" ".join(words))
    said = _food_words(" ".join(heard))
    for i in range(len(said) - len(stored) + 1):
        if stored and said[i : i + len(stored)] == stored:
            return all(w in _FIGURE_WORDS or _FIGURE.fullmatch(w) for w in said[i + len(stored) :])  # fmt: skip
    return False


def _meal(want: list[dict[str, Any]], got: list[dict[str, Any]], day: dict[str, float], said: str = "") -> list[str]:  # fmt: skip
    left = list(got)
    problems: list[str] = []
    for entry in want:
        totals = {k: day[d] for k, d in (("kcal", "day_kcal"), ("protein_g", "day_protein_g")) if d in day}  # fmt: skip
        if entry.get("description") == "day total" and not left and totals:
            problems += _fields("meal", entry, totals, ("kcal", "protein_g"))
            continue
        if not left:
            problems.append(f"meal not stored ({entry.get('description')})")
            continue
        # the stored meal that holds this one's foods, wherever the read-back lists it (a day's
        # meals come back in the store's order, not the message's); else the next one
        found = next((m for m in left if entry.get("description") != "day total" and same_foods(entry["description"], m["description"], said)), left[0])  # fmt: skip
        left.remove(found)
        if entry.get("description") != "day total" and not same_foods(entry["description"], found["description"], said):  # fmt: skip
            problems.append(f"meal description wrong ({entry['description']!r} said, {found['description']!r} stored)")  # fmt: skip
        problems += _fields("meal", entry, found, ("kcal", "protein_g", "carbs_g", "fat_g"))
    problems += [f"meal stored, none said ({m['description']!r})" for m in left]
    return problems


def compare_logged(want: list[dict[str, Any]], got: dict[str, Any], records: Sequence[Any], said: str = "") -> tuple[list[str], dict[str, list[str]]]:  # fmt: skip
    """What differs between a blind item's ``stored`` entries and what was read back (empty:
    everything said is stored and nothing else), and the ambiguous exercise names met.
    ``said``, the message, lets a lift's variant or a meal's own words be read against it."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for entry in want:
        by_kind.setdefault(entry["what"], []).append(entry)
    day = dict(got.get("daily", {}))
    day_totals = {k: day.pop(k) for k in ("day_kcal", "day_protein_g") if k in day}
    problems, ambiguous = _strength(by_kind.get("strength", []), got.get("strength", []), records, said)  # fmt: skip
    problems += _cardio(by_kind.get("cardio", []), got.get("cardio", []), records, said)
    for entry in by_kind.get("cardio", []):
        if not activity_slugs(entry["activity"], records):
            ambiguous[entry["activity"]] = []
    daily_want = {k: v for e in by_kind.get("daily", []) for k, v in e.items() if k != "what"}
    nights = [float(e["sleep_h"]) for e in by_kind.get("daily", []) if e.get("sleep_h") is not None]
    if len(nights) > 1:  # two nights told at once: what is read back is their sum too
        daily_want["sleep_h"] = sum(nights)
    used_totals = any(e.get("description") == "day total" for e in by_kind.get("meal", [])) and not got.get("meal")  # fmt: skip
    if not used_totals:
        day |= day_totals
    problems += _daily(daily_want, day)
    problems += _meal(by_kind.get("meal", []), got.get("meal", []), day_totals, said)
    if got.get("feedback"):
        problems.append("feedback stored, none said")
    return problems, ambiguous
