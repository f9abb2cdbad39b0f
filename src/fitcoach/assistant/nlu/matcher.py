"""Exercise names to library slugs: ``ExerciseMatcher`` (built once over the library records,
shared by every message) and the default one over the shipped library."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from fitcoach.coach.app_names import fold, foreign_names
from fitcoach.coach.exercise_names import (
    GYM_WORDS,
    TYPO,
    NameResolver,
    Resolution,
    parse_name,
    words,
)
from fitcoach.coach.exercise_names import name_key as remembered_key
from fitcoach.core.domain import OWN_EXERCISE_PREFIX as OWN_PREFIX
from fitcoach.services.exercises import (
    ExerciseRecord,
    best_name_scores,
    library_records,
    name_choices,
    name_key,
)

MEMO_SIZE = 50_000  # resolved names kept per matcher (about 10 MB when full)


@dataclass(frozen=True)
class ExerciseMatch:
    """An exercise a phrase names: its slug and a 0-100 score (100: an exact name or alias)."""

    slug: str
    score: float


class ExerciseMatcher:
    """Names to exercise slugs over the library records, built once and reused.

    Exact names, slugs and aliases first (also without a plural "s"), then word-level
    resolution (``coach.exercise_names``): the movement words must be one of an entry's names
    and the equipment said ("Squat (Barbell)", "cable lateral raise") must be in the entry's
    equipment; typos are fixed word by word. Several entries fitting is ambiguous: ``match``
    answers ``None`` and ``resolve`` gives the candidates to ask about. Only a name that fits
    nothing and says no equipment falls back to whole-string fuzzy matching
    (``best_name_scores``), and then only for a typo of a whole name ("benchpres"; plain
    closeness at least ``close_enough``): a looser score maps "Katana Triceps Extension" to
    "band tricep extension".

    ``remembered`` (``with_remembered``) holds the athlete's own choices for names, by
    ``coach.exercise_names.name_key``: a name they mapped at an import is read as they chose
    before anything else, so it means the same in the chat.
    """

    def __init__(
        self,
        records: Sequence[ExerciseRecord],
        *,
        close_enough: float = 90.0,
    ) -> None:
        self.records = tuple(records)
        self.close_enough = close_enough
        self.remembered: dict[str, str] = {}
        self._choices, self._owners = name_choices(self.records)
        self._exact: dict[str, int] = {}
        for choice, owner in zip(self._choices, self._owners, strict=True):
            self._exact.setdefault(choice, owner)
        for owner, record in enumerate(self.records):  # names and slugs win over aliases
            self._exact[name_key(record.name)] = owner
            self._exact[name_key(record.slug)] = owner
        self._names = NameResolver(self.records)
        self._slugs = frozenset(r.slug for r in self.records)
        self._positions: dict[int, list[int]] = {}  # owner → its places in ``_choices``
        for place, owner in enumerate(self._owners):
            self._positions.setdefault(owner, []).append(place)
        # A reading tries many spans of a message, and the same spans recur across messages:
        # what a text resolves to depends only on the records, so it is kept (the athlete's
        # remembered names are looked up before it; ``with_remembered`` twins share it).
        self._memo: dict[str, Resolution] = {}

    @classmethod
    def from_library(cls) -> ExerciseMatcher:
        """A matcher over the shipped library."""
        return default_matcher()

    def with_remembered(self, remembered: Mapping[str, str]) -> ExerciseMatcher:
        """This matcher reading the names in ``remembered`` (``name_key`` → slug: an athlete's
        choices) as those slugs first; shares the built indexes (cheap per message)."""
        if not remembered:
            return self
        twin = copy.copy(self)
        known = {r.slug for r in self.records}
        # An athlete's own exercise (``own-`` slugs) is theirs: the map is theirs.
        twin.remembered = {
            k: v for k, v in remembered.items() if v in known or v.startswith(OWN_PREFIX)
        }
        return twin

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of every name and alias (``words``' form): a word outside it is part of
        no exercise's name."""
        found = {w for choice in self._choices for w in words(choice)}
        return frozenset(found | {w for r in self.records for w in words(f"{r.name} {r.slug}")})

    def match(self, text: str) -> ExerciseMatch | None:
        """The exercise ``text`` names confidently, or ``None`` (unknown or ambiguous: see
        ``resolve`` for the candidates)."""
        found = self.resolve(text)
        return ExerciseMatch(found.slug, 100.0 if found.exact else 90.0) if found.slug else None

    def resolve(self, text: str) -> Resolution:
        """The entry ``text`` names, or the candidates to ask about (``Resolution.ambiguous``);
        never a neighbouring movement or another piece of equipment."""
        chosen = self.remembered.get(remembered_key(text)) if self.remembered else None
        if chosen is not None:
            return Resolution(chosen, exact=True, confidence=1.0)
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:  # bounded: a long-running server sees new words
                self._memo.clear()
            found = self._memo[text] = self._resolved(text)
        return found

    def forget_names(self) -> None:
        """Drop the memo of resolved names (a benchmark timing each message cold)."""
        self._memo.clear()

    def _resolved(self, text: str) -> Resolution:
        key = name_key(text)
        if not key:
            return Resolution(None)
        for candidate in (key, singular(key)):
            if candidate in self._exact:
                slug = self.records[self._exact[candidate]].slug
                return Resolution(slug, exact=True, confidence=1.0)
        found = self._names.resolve(text)
        if found.slug or found.candidates or parse_name(text).equipment:
            return found
        # A gym name in German, Spanish, French, Italian, Portuguese or Dutch that is one
        # library exercise ("Beinpresse", "curl de bíceps con mancuernas"): that exercise, in
        # the chat as at an import, where no English name fits it at all ("butterfly" stays
        # a swim's stroke or the pec deck: asked)
        # (never a barbell lift's name alone: "Schulterdrücken mit Kurzhanteln" names the kit
        # in words the chat does not read, and the list's name alone is the barbell's)
        foreign = foreign_names().get(fold(text))
        if foreign is not None and foreign in self._slugs and not foreign.startswith("barbell-"):
            return Resolution(foreign, exact=True, confidence=1.0)
        # "4 plates a side": a word of the load or the kit that no name has is no misspelt name
        if any(w in GYM_WORDS and w not in self.vocabulary for w in words(text)):
            return Resolution(None)
        # Nothing fits word by word: a typo of a whole name ("benchpres") may still be close.
        # Only an entry with a name that close (plain ratio) can qualify, so the library's
        # fuzzy scores are taken over those entries' names alone: the same answer, cheaper.
        from rapidfuzz import fuzz, process  # on use: the CLI's start-up

        near = process.extract(
            key, self._choices, scorer=fuzz.ratio, processor=None, limit=None,
            score_cutoff=self.close_enough,
        )  # fmt: skip
        if not near:
            return Resolution(None)
        at = sorted({p for _, _, i in near for p in self._positions[self._owners[i]]})
        choices, owners = [self._choices[i] for i in at], [self._owners[i] for i in at]
        best = best_name_scores(key, choices, owners, cutoff=60.0)
        close = [(c, owner) for owner, (_, c) in best.items() if c >= self.close_enough]
        if not close:
            return Resolution(None)
        return Resolution(self.records[max(close)[1]].slug, confidence=TYPO)

    def is_assisted(self, slug: str) -> bool:
        """Whether the entry ``slug`` is an assisted movement by its name (its load is help)."""
        return self._names.is_assisted(slug)

    def names(self, slugs: Sequence[str]) -> list[str]:
        """The display names of ``slugs`` (for "which exercise?" questions)."""
        by_slug = {r.slug: r.name for r in self.records}
        return [by_slug.get(s, s) for s in slugs]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """The names closest to ``text`` (for a "did you mean" hint)."""
        best = best_name_scores(name_key(text), self._choices, self._owners, cutoff=60.0)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1]))
        return [self.records[owner].name for owner, _ in ranked[:limit]]

    def category(self, slug: str) -> str | None:
        """The category of the exercise ``slug``."""
        for record in self.records:
            if record.slug == slug:
                return record.category
        return None


_DEFAULT: list[ExerciseMatcher] = []


def default_matcher() -> ExerciseMatcher:
    """The matcher over the shipped library, built once per process."""
    if not _DEFAULT:
        _DEFAULT.append(ExerciseMatcher(library_records()))
    return _DEFAULT[0]


def singular(key: str) -> str:
    """A name key without its plural ending ("presses" -> "press", "curls" -> "curl")."""
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x")):
        return key[:-2]
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key
