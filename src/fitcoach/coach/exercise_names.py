"""Exercise names as people and workout apps write them, resolved word by word.

Apps write "Name (Equipment)" or "Name - Variant (Equipment)" ("Squat (Barbell)", "Seated
Cable Row - V Grip (Cable)", "Pull Up (Assisted)"); people write "cable lateral raises". A name
is read as a set of movement words and a set of equipment: the equipment must be in the
library entry's ``equipment`` field, and the movement words must be one of the entry's names
or aliases. Whole-string fuzzy matching cannot do this safely: it scores "Squat (Barbell)"
close to "Barbell Curl" and "Bench Press (Dumbbell)" close to "Barbell Bench Press".

A resolution is either one confident entry or the candidates to ask about; a name that fits
no entry with its equipment is never answered with a neighbour (incline for flat, dumbbell for
barbell, assisted for loaded). Pure: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from fitcoach.coach.library import ExerciseRecord, library_records

BODYWEIGHT = "bodyweight"

# Words that name what carries the load (longest first). Other equipment words in the
# vocabulary ("bench", "landmine", "medicine ball", "pull-up bar") are part of movement names
# ("bench press", "landmine press"), so they stay movement words.
_EQUIPMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("smith machine", "smith_machine"),
    ("resistance band", "resistance_band"),
    ("suspension trainer", "suspension_trainer"),
    ("body weight", BODYWEIGHT),
    ("trap bar", "trap_bar"),
    ("hex bar", "trap_bar"),
    ("ez bar", "ez_bar"),
    ("smith", "smith_machine"),
    ("ez", "ez_bar"),
    ("barbell", "barbell"),
    ("bb", "barbell"),
    ("dumbbell", "dumbbell"),
    ("db", "dumbbell"),
    ("kettlebell", "kettlebell"),
    ("kb", "kettlebell"),
    ("cable", "cable"),
    ("machine", "machine"),
    ("band", "resistance_band"),
    ("banded", "resistance_band"),
    ("trx", "suspension_trainer"),
    ("bodyweight", BODYWEIGHT),
    ("bw", BODYWEIGHT),
)
# Equipment that loads the movement; an entry needing none of it is a bodyweight exercise.
_LOADS = frozenset(
    {
        "barbell", "dumbbell", "kettlebell", "cable", "machine", "ez_bar", "trap_bar",
        "smith_machine", "resistance_band", "medicine_ball", "sled", "landmine",
        "suspension_trainer",
    }
)  # fmt: skip
# When no entry has the named equipment: apps file cable-station lifts (pulldowns, rows,
# kickbacks) under "Machine", and a straight-bar curl or skull crusher is the EZ-bar entry.
_NEAR_EQUIPMENT = {"machine": "cable", "barbell": "ez_bar"}
# Words that say nothing about the movement: "weighted" is the load column's business, a day
# is the log's ("running today"), and "s" is what is left of "with 30s" (30 lb dumbbells).
_IGNORED = frozenset(
    {"weighted", "the", "a", "an", "on", "with", "of", "and", "to", "s", "today", "yesterday",
     "tonight", "tomorrow"}
)  # fmt: skip
# Grip and attachment details within one movement ("V Grip", "Straight Bar", "Wide Grip").
# Grips that make another library entry ("close-grip bench press", "neutral-grip pull-up")
# still resolve to that entry first, because an exact name beats a name with extra details.
_DETAILS = frozenset({"grip", "wide", "close", "narrow", "v", "bar", "straight", "rope", "handle"})
# One spelling per word: compounds split, plurals and synonyms folded.
_SPELLINGS = {
    "pullup": "pull up",
    "pushup": "push up",
    "chinup": "chin up",
    "situp": "sit up",
    "skullcrusher": "skull crusher",
    "pressdown": "pushdown",
    "flye": "fly",
    "1": "one",
    "2": "two",
}
_JOINED = (("pull down", "pulldown"), ("push down", "pushdown"), ("press down", "pushdown"))


def _singular(word: str) -> str:
    if word.endswith("sses") or word.endswith(("shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """``text`` as normalised words: lower case, no punctuation, singular, one spelling."""
    raw = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", ""))
    out: list[str] = []
    for word in raw.split():
        word = _singular(word)
        out.extend(_SPELLINGS.get(word, word).split())
    joined = " ".join(out)
    for pair, one in _JOINED:
        joined = re.sub(rf"\b{pair}\b", one, joined)
    return joined.split()


@dataclass(frozen=True)
class NameParts:
    """A name split into its movement words and the equipment it names."""

    movement: frozenset[str]
    equipment: frozenset[str]


def parse_name(text: str) -> NameParts:
    """The movement words and named equipment of ``text`` ("Lateral Raise (Cable)" →
    {lateral, raise} and {cable}); "weighted" and other empty words are dropped."""
    joined = " " + " ".join(words(text)) + " "
    equipment: set[str] = set()
    for phrase, value in _EQUIPMENT_WORDS:
        pattern = f" {phrase} "
        while pattern in joined:
            equipment.add(value)
            joined = joined.replace(pattern, " ", 1)
    movement = frozenset(w for w in joined.split() if w not in _IGNORED)
    return NameParts(movement, frozenset(equipment))


def _fits(named: frozenset[str], has: Sequence[str], near: bool) -> bool:
    """Whether an entry needing ``has`` is done with the ``named`` equipment."""
    for item in named:
        if item == BODYWEIGHT:
            if _LOADS.intersection(has):
                return False
        elif item not in has and not (near and _NEAR_EQUIPMENT.get(item) in has):
            return False
    return True


@dataclass(frozen=True)
class Resolution:
    """What a name resolves to: ``slug`` when one entry fits every word and the equipment,
    else ``candidates`` (slugs, best first) to ask about; both empty: nothing fits at all."""

    slug: str | None
    candidates: tuple[str, ...] = ()
    exact: bool = False

    @property
    def ambiguous(self) -> bool:
        """True when the caller should ask which of ``candidates`` was meant."""
        return self.slug is None and bool(self.candidates)


@dataclass(frozen=True)
class _Name:
    owner: int
    parts: NameParts


class NameResolver:
    """Word-level name resolution over library records (build once, resolve many names)."""

    def __init__(self, records: Sequence[ExerciseRecord]) -> None:
        self.records = tuple(records)
        self._names: list[_Name] = []
        self._vocab: list[set[str]] = []
        for index, record in enumerate(self.records):
            vocab: set[str] = set()
            for name in dict.fromkeys((record.name, *record.aliases)):
                parts = parse_name(name)
                if parts.movement:
                    self._names.append(_Name(index, parts))
                    vocab |= parts.movement
            self._vocab.append(vocab)
        self._all_words = sorted(set().union(*self._vocab)) if self._vocab else []

    def _correct(self, parts: NameParts) -> NameParts:
        """Fix typos word by word ("sqauts" → squat) against the library's own words, and
        verb forms ("squatted", "benched", "curling") to the word they come from."""
        known = set(self._all_words)
        fixed: set[str] = set()
        for word in parts.movement:
            if word in known or len(word) < 4 or word.isdigit():
                fixed.add(word)
                continue
            stems = [word[:-n] for n in (2, 3, 4) if word.endswith(("ed", "ing"))]
            stem = next((s for s in stems if s in known), None)
            if stem is None:
                best = process.extractOne(word, self._all_words, scorer=fuzz.ratio, score_cutoff=80)
                stem = best[0] if best else word
            fixed.add(stem)
        return NameParts(frozenset(fixed), parts.equipment)

    def resolve(self, text: str, *, typos: bool = True) -> Resolution:
        """The entry ``text`` names, or the candidates to ask about (see ``Resolution``).
        ``typos``: fix misspelt words first (chat); APIs that take names as given pass False."""
        parts = parse_name(text)
        if not parts.movement:
            return Resolution(None)
        found = self._resolve(parts)
        if typos and found.slug is None and not found.candidates:
            corrected = self._correct(parts)
            if corrected != parts:
                found = self._resolve(corrected)
        return found

    def _resolve(self, q: NameParts) -> Resolution:
        for near in (False, True):  # the named equipment first, its app synonym second
            exact = self._owners(
                n
                for n in self._names
                if n.parts.movement == q.movement and self._usable(n, q, near)
            )
            if exact:
                return self._answer(exact, exact=not near)
        for near in (False, True):
            covered = self._covered(q, near)
            if covered:
                return self._answer(covered, exact=False)
        # Ask: names that add only equipment ("rows": bb row, cable row, machine row) first,
        # then names with more words than were said ("squat": goblet, sumo, jump squat).
        wider = [
            n
            for n in self._names
            if q.movement <= n.parts.movement
            and _fits(q.equipment, self.records[n.owner].equipment, near=True)
        ]
        wider.sort(key=lambda n: len(n.parts.movement))
        return Resolution(None, tuple(self._slugs(self._owners(wider))[:4]))

    def _usable(self, n: _Name, q: NameParts, near: bool) -> bool:
        # A name that says its equipment ("Cable Lateral Raise") fits only a query naming it:
        # a bare "lateral raise" is the library's plain alias, not every variant.
        if not n.parts.equipment <= q.equipment:
            return False
        return _fits(q.equipment, self.records[n.owner].equipment, near)

    def _covered(self, q: NameParts, near: bool) -> list[int]:
        """Entries one of whose names was said in full, every other word being another of the
        entry's own words ("Chest Supported Incline Row") or a grip detail ("- V Grip")."""
        best: dict[int, int] = {}
        for n in self._names:
            if not n.parts.movement < q.movement or not self._usable(n, q, near):
                continue
            extra = q.movement - n.parts.movement
            if all(w in self._vocab[n.owner] or w in _DETAILS for w in extra):
                best[n.owner] = max(best.get(n.owner, 0), len(n.parts.movement))
        if not best:
            return []
        top = max(best.values())
        return [owner for owner, size in best.items() if size == top]

    @staticmethod
    def _owners(names: Iterable[_Name]) -> list[int]:
        return list(dict.fromkeys(n.owner for n in names))

    def _slugs(self, owners: Iterable[int]) -> list[str]:
        return [self.records[o].slug for o in owners]

    def _answer(self, owners: list[int], *, exact: bool) -> Resolution:
        if len(owners) == 1:
            return Resolution(self.records[owners[0]].slug, exact=exact)
        return Resolution(None, tuple(self._slugs(owners)))


@lru_cache(maxsize=1)
def library_resolver() -> NameResolver:
    """A resolver over the shipped library (built once per process)."""
    return NameResolver(library_records())
