"""Exercise names as people and workout apps write them, resolved word by word.

Apps write "Name (Equipment)" or "Name - Variant (Equipment)" ("Squat (Barbell)", "Seated
Cable Row - V Grip (Cable)", "Pull Up (Assisted)"); people write "cable lateral raises". A name
is read as a set of movement words and a set of equipment: the equipment must be in the
library entry's ``equipment`` field, and the movement words must be one of the entry's names
or aliases. Whole-string fuzzy matching cannot do this safely: it scores "Squat (Barbell)"
close to "Barbell Curl" and "Bench Press (Dumbbell)" close to "Barbell Bench Press".

A resolution is either one entry or the candidates to ask about; a name that fits no entry
with its equipment is never answered with a neighbour (incline for flat, dumbbell for barbell,
assisted for loaded). A resolution has a ``confidence`` (0-1, see ``Resolution``): an import
maps a name by itself only at ``AUTO_MAP_CONFIDENCE`` or above and asks the athlete about the
rest. "Assisted" in a name ("Pull Up (Assisted)", "Machine Assisted Dip") is reported as
``assisted``: the weight an app logs for it is the assistance, not added load. ``name_key``
is the form under which an athlete's choice for a name is remembered. Pure: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from fitcoach.coach.library import ExerciseRecord, fold_accents, library_records

BODYWEIGHT = "bodyweight"

# Words that name what carries the load (longest first). Other equipment words in the
# vocabulary ("bench", "landmine", "medicine ball", "pull-up bar") are part of movement names
# ("bench press", "landmine press"), so they stay movement words.
_EQUIPMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("smith machine", "smith_machine"),
    ("resistance band", "resistance_band"),
    ("suspension trainer", "suspension_trainer"),
    ("body weight", BODYWEIGHT),
    ("machine plate", "machine"),  # Strong's "(Machine Plates)"
    ("plate loaded", "machine"),
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
    ("freehand", BODYWEIGHT),  # Jefit's word for bodyweight ("Freehand Jump Squat")
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
# Words of the gym's loads and kit, said beside a name ("leg press, 4 plates a side", "2 plates
# on the bar"): real words, never a misspelt name to correct ("plates" is no "pilates").
GYM_WORDS = frozenset(
    {"plate", "weight", "kilo", "kg", "lb", "pound", "side", "stack", "pin", "belt", "chain",
     "strap", "collar", "clip", "bell", "rep", "set"}
)  # fmt: skip
# Words that say nothing about the movement: "weighted" is the load column's business, a day
# is the log's ("running today"), and "s" is what is left of "with 30s" (30 lb dumbbells).
_IGNORED = frozenset(
    {"weighted", "the", "a", "an", "on", "with", "of", "and", "to", "s", "today", "yesterday",
     "tonight", "tomorrow", "version"}
)  # fmt: skip
# Attachment and side details within one movement ("V Grip", "Straight Bar", "Rope
# Attachment", "Medium Grip", "Alternate"). A grip that makes another library entry
# ("close-grip bench press", "neutral-grip pull-up") still resolves to that entry first,
# because an exact name beats a name with extra details.
_DETAILS = frozenset(
    {"grip", "medium", "v", "bar", "straight", "rope", "handle", "attachment", "alternate"}
)
# Grip widths: the same movement, but a variant the library may not list ("Wide-Grip Bench
# Press" is not the bench press as prescribed), so a name with one that is not among the
# entry's own words is a doubtful match (``WIDTH``), asked about at an import.
_WIDTHS = frozenset({"wide", "close", "narrow"})
# Postures: a detail when no other entry of the movement, with the equipment said, names a
# posture ("Seated Leg Press": the library's one leg press), else a different exercise
# ("Standing Calf Raise" with no equipment: the machine or the bodyweight one).
_POSTURES = frozenset({"standing", "seated", "kneeling", "lying"})
# One spelling per word: compounds split, plurals and synonyms folded.
_SPELLINGS = {
    "pullup": "pull up",
    "pushup": "push up",
    "chinup": "chin up",
    "situp": "sit up",
    "skullcrusher": "skull crusher",
    "pressdown": "pushdown",
    "flye": "fly",
    "flie": "fly",  # (days94) "rear delt flies", after the plural rule
    "ups": "up",  # "Pull Ups", "Chin-Ups": too short for the plural rule
    "sitting": "seated",
    "alternating": "alternate",
    "inc": "incline",  # "inc db press"
    # a name's last word cut short ("back ext", "goblet sq", "oh tri ext", "ovhd press")
    "ext": "extension",
    "sq": "squat",
    "tri": "tricep",
    "ovhd": "overhead",
    "1": "one",
    "2": "two",
}
_JOINED = (
    ("pull down", "pulldown"),
    ("push down", "pushdown"),
    ("press down", "pushdown"),
    ("wood chop", "woodchop"),
    ("step mill", "stepmill"),
)
# "deads" (singular "dead") or "dead lift": a deadlift ("sumo deads", "stiff leg deads"), never
# the dead bug, dead hang, dead-stop row or dead bench of other names (lifts96)
_DEADS = re.compile(r"\bdead(?: lift)?\b(?! (?:bug|hang|stop|bench)\b)")
# The word that makes a movement assisted ("Pull Up (Assisted)", "band assisted", "machine
# assisted"); "assistance" and "assist" are its other spellings.
_ASSISTED = "assisted"
_SPELLINGS.update({"assistance": _ASSISTED, "assist": _ASSISTED})
# What holds the athlete up in an assisted movement: the assistance, not the load. When no
# entry is the assisted movement itself, these are dropped with "assisted" to find the movement.
_ASSISTING = frozenset({"machine", "resistance_band"})

# Confidences (0-1) of a resolution, by how it fits (``Resolution`` explains them); each fit
# through an equipment synonym is a step lower (``_NEARER``).
EXACT = 1.0
DETAILS = 0.85
COVERED = 0.8
NEAR = 0.7
WIDTH = 0.7
DETAILS_NEAR = 0.65
COVERED_NEAR = 0.6
WIDTH_NEAR = 0.55
ASSISTED_ONLY = 0.6
TYPO = 0.6
_NEARER = {EXACT: NEAR, DETAILS: DETAILS_NEAR, COVERED: COVERED_NEAR, WIDTH: WIDTH_NEAR}
AUTO_MAP_CONFIDENCE = 0.75
"""Below this an import does not map a name by itself: the entry becomes a suggestion the
athlete confirms (a wrong automatic mapping puts sets under another exercise unseen, a
question costs a click). Equipment synonyms, grip widths the entry does not name, an assisted
movement without an assisted entry, corrected typos and ambiguous names are below it."""
# Words left out of a remembered name's key: what the chat strips from a phrase, so "Calf
# Press on Seated Leg Press" chosen at an import is the same name typed in the chat.
_KEY_FILLER = frozenset({"the", "a", "an", "my", "on", "in", "for", "with", "of", "and"})


def _singular(word: str) -> str:
    if word.endswith("sses") or word.endswith(("shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """``text`` as normalised words: lower case, no punctuation, singular, one spelling."""
    raw = re.sub(r"[^a-z0-9]+", " ", fold_accents(text.lower()).replace("'", ""))
    out: list[str] = []
    for word in raw.split():
        word = _singular(word)
        out.extend(_SPELLINGS.get(word, word).split())
    joined = " ".join(out)
    for pair, one in _JOINED:
        joined = re.sub(rf"\b{pair}\b", one, joined)
    return _DEADS.sub("deadlift", joined).split()


def name_key(text: str) -> str:
    """The form under which a name is remembered: its normalised words (``words``) in order,
    without filler words ("Pull-Ups (Assisted)" and "pull ups assisted" are one key)."""
    return " ".join(w for w in words(text) if w not in _KEY_FILLER)


@dataclass(frozen=True)
class NameParts:
    """A name split into its movement words and the equipment it names; ``assisted``: the
    name says the movement is assisted (the word also stays a movement word, so that the
    library's assisted entry is found by its name)."""

    movement: frozenset[str]
    equipment: frozenset[str]
    assisted: bool = False


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
    return NameParts(movement, frozenset(equipment), _ASSISTED in movement)


# Suggestions: the least fuzzy score (0-100, movement words) worth offering, and what an
# entry without the named equipment keeps of its score.
_SUGGEST_CUTOFF = 55.0
_OTHER_EQUIPMENT = 0.8
_SAME_MOVEMENT = 15.0


def fits(named: frozenset[str], has: Sequence[str], near: bool) -> bool:
    """Whether an entry needing ``has`` is done with the ``named`` equipment (``near``: an
    app's synonym counts, "Machine" for a cable station, "Barbell" for the EZ bar)."""
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
    else ``candidates`` (slugs, best first) to ask about; both empty: nothing fits at all.

    ``confidence`` says how the slug fits: 1.0 (``EXACT``) the movement words are one of the
    entry's names or aliases and the entry has the equipment named; 0.85 (``DETAILS``) one of
    its names was said in full and the other words are attachment details ("Seated Cable Row -
    V Grip"); 0.8 (``COVERED``) one of its names was said in full and the other words are the
    entry's own words ("Chest Supported Incline Row") or a posture no other entry of the
    movement has ("Seated Leg Press"); 0.7 (``WIDTH``) a grip width the entry does not name
    ("Wide-Grip Bench Press"). Each fit through an app's equipment synonym (Machine for a cable
    station, Barbell for the EZ bar) is lower: 0.7 (``NEAR``), 0.65, 0.6, 0.55. Found only
    once "assisted" was dropped (no entry is the assisted movement) caps it at 0.6
    (``ASSISTED_ONLY``), found only after correcting a typo at 0.6 (``TYPO``). No
    slug: 0. ``confident`` compares it with ``AUTO_MAP_CONFIDENCE``. ``assisted``: the name
    or the entry says the movement is assisted (its logged weight is the assistance).
    """

    slug: str | None
    candidates: tuple[str, ...] = ()
    exact: bool = False
    confidence: float = 0.0
    assisted: bool = False

    @property
    def ambiguous(self) -> bool:
        """True when the caller should ask which of ``candidates`` was meant."""
        return self.slug is None and bool(self.candidates)

    @property
    def confident(self) -> bool:
        """True when the slug may be used without asking (an import maps it by itself)."""
        return self.slug is not None and self.confidence >= AUTO_MAP_CONFIDENCE


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
        # Indexes over ``_names`` (positions, in order, so that candidates keep the library's
        # order): by the whole movement, and by each movement word.
        self._by_movement: dict[frozenset[str], list[_Name]] = {}
        self._by_word: dict[str, list[int]] = {}
        for position, n in enumerate(self._names):
            self._by_movement.setdefault(n.parts.movement, []).append(n)
            for word in n.parts.movement:
                self._by_word.setdefault(word, []).append(position)
        # Entries that are an assisted movement by name ("Machine-Assisted Pull-Up"): the
        # weight logged for them is the assistance, whatever the name that found them.
        self._assisted = frozenset(r.slug for r in self.records if _ASSISTED in words(r.name))

    def _correct(self, parts: NameParts) -> NameParts:
        """Fix typos word by word ("sqauts" → squat) against the library's own words, and
        verb forms ("squatted", "benched", "curling") to the word they come from."""
        known = set(self._all_words)
        fixed: set[str] = set()
        for word in parts.movement:
            if word in known or word in GYM_WORDS or len(word) < 4 or word.isdigit():
                fixed.add(word)
                continue
            stems = [word[:-n] for n in (2, 3, 4) if word.endswith(("ed", "ing"))]
            stem = next((s for s in stems if s in known), None)
            if stem is None:
                from rapidfuzz import fuzz, process  # on use: the CLI's start-up

                best = process.extractOne(word, self._all_words, scorer=fuzz.ratio, score_cutoff=80)
                stem = best[0] if best else word
            fixed.add(stem)
        return NameParts(frozenset(fixed), parts.equipment, parts.assisted)

    def resolve(self, text: str, *, typos: bool = True) -> Resolution:
        """The entry ``text`` names, or the candidates to ask about (see ``Resolution``).
        ``typos``: fix misspelt words (chat); APIs that take names as given pass False."""
        parts = parse_name(text)
        if not parts.movement:
            return Resolution(None)
        found = self._resolve(parts)
        if parts.assisted and found.slug is None and not found.candidates:
            # No entry is the assisted movement ("Dip (Assisted)"): the movement itself, with
            # the machine or band that assists it left out of the equipment.
            bare = NameParts(parts.movement - {_ASSISTED}, parts.equipment - _ASSISTING, True)
            if bare.movement:
                found = self._capped(self._resolve(bare), ASSISTED_ONLY)
        if typos and found.slug is None and not found.candidates:
            corrected = self._correct(parts)
            if corrected != parts:
                found = self._capped(self._resolve(corrected), TYPO)
        if parts.assisted or (found.slug is not None and self.is_assisted(found.slug)):
            found = replace(found, assisted=True)
        return found

    def is_assisted(self, slug: str) -> bool:
        """Whether the entry ``slug`` is an assisted movement by its name."""
        return slug in self._assisted

    @staticmethod
    def _capped(found: Resolution, cap: float) -> Resolution:
        return replace(found, confidence=min(found.confidence, cap), exact=False)

    def _resolve(self, q: NameParts) -> Resolution:
        for near in (False, True):  # the named equipment first, its app synonym second
            exact = self._owners(
                n for n in self._by_movement.get(q.movement, ()) if self._usable(n, q, near)
            )
            if exact:
                return self._answer(exact, exact=not near, confidence=NEAR if near else EXACT)
        for near in (False, True):
            covered, confidence = self._covered(q, near)
            if covered:
                return self._answer(covered, exact=False, confidence=confidence)
        # Ask: names that add only equipment ("rows": bb row, cable row, machine row) first,
        # then names with more words than were said ("squat": goblet, sumo, jump squat).
        wider = [
            n
            for n in self._holding_all(q.movement)
            if fits(q.equipment, self.records[n.owner].equipment, near=True)
        ]
        wider.sort(key=lambda n: len(n.parts.movement))
        return Resolution(None, tuple(self._slugs(self._owners(wider))[:4]))

    def _usable(self, n: _Name, q: NameParts, near: bool) -> bool:
        # A name that says its equipment ("Cable Lateral Raise") fits only a query naming it:
        # a bare "lateral raise" is the library's plain alias, not every variant.
        if not n.parts.equipment <= q.equipment:
            return False
        return fits(q.equipment, self.records[n.owner].equipment, near)

    def _covered(self, q: NameParts, near: bool) -> tuple[list[int], float]:
        """Entries one of whose names was said in full, every other word being a detail: one
        of the entry's own words ("Chest Supported Incline Row"), an attachment ("- V Grip"), a
        grip width or a posture that tells no entries apart; and the confidence of the best
        explanation among the entries found (``Resolution``)."""
        best: dict[int, tuple[int, float]] = {}
        for n in self._within(q.movement):
            if not n.parts.movement < q.movement or not self._usable(n, q, near):
                continue
            extra = q.movement - n.parts.movement - self._vocab[n.owner]
            if extra <= _DETAILS:
                confidence = DETAILS if not q.movement - n.parts.movement - _DETAILS else COVERED
            elif extra <= _DETAILS | _WIDTHS | _POSTURES and self._posture_free(n, extra, q, near):
                confidence = WIDTH if extra & _WIDTHS else COVERED
            else:
                continue
            if near:
                confidence = _NEARER[confidence]
            size, known = best.get(n.owner, (0, 0.0))
            best[n.owner] = (max(size, len(n.parts.movement)), max(known, confidence))
        if not best:
            return [], 0.0
        top = max(size for size, _ in best.values())
        owners = [owner for owner, (size, _) in best.items() if size == top]
        return owners, min(best[o][1] for o in owners)

    def _holding_all(self, movement: frozenset[str]) -> list[_Name]:
        """The names that have every word of ``movement`` (in the library's order)."""
        lists = sorted((self._by_word.get(w, []) for w in movement), key=len)
        if not lists or not lists[0]:
            return []
        common = set(lists[0]).intersection(*lists[1:])
        return [self._names[p] for p in sorted(common)]

    def _within(self, movement: frozenset[str]) -> list[_Name]:
        """The names all of whose words are in ``movement`` (in the library's order)."""
        seen = sorted({p for w in movement for p in self._by_word.get(w, ())})
        return [n for n in (self._names[p] for p in seen) if n.parts.movement <= movement]

    def _posture_free(self, n: _Name, extra: frozenset[str], q: NameParts, near: bool) -> bool:
        """Whether the postures in ``extra``, said with ``n``'s name, tell no entries apart: no
        other entry of the movement that the equipment said fits names a posture."""
        if not extra & _POSTURES:
            return True
        for m in self._names:
            if m.owner == n.owner or not n.parts.movement < m.parts.movement:
                continue
            if (m.parts.movement - n.parts.movement) & _POSTURES and fits(
                q.equipment, self.records[m.owner].equipment, near
            ):
                return False
        return True

    @staticmethod
    def _owners(names: Iterable[_Name]) -> list[int]:
        return list(dict.fromkeys(n.owner for n in names))

    def _slugs(self, owners: Iterable[int]) -> list[str]:
        return [self.records[o].slug for o in owners]

    def _answer(self, owners: list[int], *, exact: bool, confidence: float) -> Resolution:
        if len(owners) == 1:
            return Resolution(self.records[owners[0]].slug, exact=exact, confidence=confidence)
        return Resolution(None, tuple(self._slugs(owners)))

    def suggest(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """Slugs to offer for ``text`` (best first, at most ``limit``): its resolution and
        candidates, then the entries whose names share most of its movement words (typos
        fixed), those with the equipment named first. For a review step, never to map."""
        found = self.resolve(text)
        first = [found.slug] if found.slug else []
        first += found.candidates
        parts = self._correct(parse_name(text))
        said = " ".join(sorted(parts.movement - {_ASSISTED}))
        # The movement is the name's last word before its variant and equipment ("Iso-Lateral
        # Row (Machine)": a row): entries that are that movement come before mere namesakes.
        main = [w for w in words(re.split(r"\(| - ", text)[0]) if w in parts.movement]
        head = main[-1] if main else None
        scores: dict[int, float] = {}
        if said:
            from rapidfuzz import fuzz

            for n in self._names:
                named = " ".join(sorted(n.parts.movement))
                score = (fuzz.token_set_ratio(said, named) + fuzz.token_sort_ratio(said, named)) / 2
                if head is not None and head in n.parts.movement:
                    score += _SAME_MOVEMENT
                if not fits(parts.equipment, self.records[n.owner].equipment, near=True):
                    score *= _OTHER_EQUIPMENT
                if score > scores.get(n.owner, 0.0):
                    scores[n.owner] = score
        ranked = sorted(
            (o for o, score in scores.items() if score >= _SUGGEST_CUTOFF),
            key=lambda o: (-scores[o], self.records[o].name),
        )
        return tuple(dict.fromkeys([*first, *self._slugs(ranked)]))[:limit]


@lru_cache(maxsize=1)
def library_resolver() -> NameResolver:
    """A resolver over the shipped library (built once per process)."""
    return NameResolver(library_records())


def evaluate_app_names(
    items: Iterable[Mapping[str, Any]], resolver: NameResolver | None = None
) -> dict[str, Any]:
    """How an import maps a labelled set of app names by itself (no remembered choices).

    Each item has ``name``, ``expect`` (the slug it means, or None: no library entry is that
    exercise), optionally ``also_ok`` (other acceptable slugs) and ``assisted``. A name is
    auto-mapped when its resolution is ``confident``; otherwise it goes to review. Returned:
    the counts, ``correct``/``wrong`` auto-maps (wrong: auto-mapped while ``expect`` is None
    or another slug, the costly error), the review rates of the unmappable names (should be
    1.0) and of the mappable ones (a cost, not an error), the ``assisted`` flags that match,
    and the ``wrong_items`` (name, slug given, slug expected) to look into.
    """
    resolver = resolver or library_resolver()
    tally = {"correct": 0, "wrong": 0, "review_mappable": 0, "review_unmappable": 0}
    mappable = unmappable = flagged = flags_right = 0
    wrong: list[tuple[str, str, str | None]] = []
    for item in items:
        expect = item.get("expect")
        ok = {expect, *(item.get("also_ok") or ())} - {None}
        found = resolver.resolve(str(item["name"]))
        if expect is None:
            unmappable += 1
        else:
            mappable += 1
        if found.confident:
            assert found.slug is not None
            if found.slug in ok:
                tally["correct"] += 1
            else:
                tally["wrong"] += 1
                wrong.append((str(item["name"]), found.slug, expect))
        else:
            tally["review_mappable" if expect is not None else "review_unmappable"] += 1
        if item.get("assisted") is not None:
            flagged += 1
            flags_right += found.assisted == bool(item["assisted"])
    return {
        "items": mappable + unmappable,
        "mappable": mappable,
        "unmappable": unmappable,
        **tally,
        "correct_rate": tally["correct"] / mappable if mappable else 0.0,
        "review_rate_unmappable": tally["review_unmappable"] / unmappable if unmappable else 1.0,
        "review_rate_mappable": tally["review_mappable"] / mappable if mappable else 0.0,
        "assisted_checked": flagged,
        "assisted_right": flags_right,
        "wrong_items": wrong,
    }
