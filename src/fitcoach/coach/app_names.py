"""The built-in exercise catalogues of Strong, Hevy and FitNotes, mapped to the library.

``data/app_exercise_names.yaml`` lists the names the apps ship ("Lat Pulldown (Machine)",
"Flat Barbell Bench Press"), each with the library entry it is, or null where the library has
no such exercise. A name is looked up by its words (``exercise_names.parse_name``: movement
words and named equipment as sets), so case, spaces, plural forms and the order of the words
and the equipment suffix do not matter. A listed name maps without asking; a name listed as
null is asked about (never mapped to a neighbour).

``data/exercise_names_foreign.yaml`` lists common gym names in German, Spanish, French,
Italian, Portuguese and Dutch ("Latzug", "Press banca", "Développé couché"), each with its
library entry; they are looked up after folding accents, case, punctuation and spaces
(``fold``). Pure: no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from fitcoach.coach.exercise_names import NameParts, fits, parse_name
from fitcoach.coach.library import ExerciseRecord
from fitcoach.core.errors import InvalidInput
from fitcoach.core.yamlfiles import load_cached_yaml, load_yaml

APPS = ("strong", "hevy", "fitnotes")
# The cardio machines an app calls "(Machine)": "Rowing (Machine)", "Elliptical Machine".
CARDIO_MACHINES = frozenset(
    {"treadmill", "stationary_bike", "rower", "elliptical", "stair_climber", "ski_erg"}
)
# What a name's sets log: "lifted" (reps, with or without a weight) or "timed" (only a time
# or a distance). A lifted name is never a cardio session or a stretch.
Logged = str
NOT_LIFTED = frozenset({"cardio", "mobility"})
Key = tuple[frozenset[str], frozenset[str], bool]


def key_of(name: str) -> Key:
    """The form under which an app name is looked up: its movement words and equipment."""
    parts: NameParts = parse_name(name)
    return parts.movement, parts.equipment, parts.assisted


@dataclass(frozen=True)
class AppName:
    """One catalogue name: the app that ships it, the name, and its library slug (None: the
    library has no such exercise)."""

    app: str
    name: str
    slug: str | None


def parse_catalogue(text: str, *, cached: bool = False) -> tuple[AppName, ...]:
    """The entries of an app-name catalogue document (``{app: {name: slug | null}}``);
    ``InvalidInput`` for another shape."""
    data = load_cached_yaml(text) if cached else load_yaml(text)
    if not isinstance(data, dict):
        raise InvalidInput("app_exercise_names.yaml: expected a mapping of app to names")
    out: list[AppName] = []
    for app, names in data.items():
        if app not in APPS or not isinstance(names, dict):
            raise InvalidInput(f"app_exercise_names.yaml: {app!r} is not one of {APPS}")
        for name, slug in names.items():
            if not isinstance(name, str) or not (slug is None or isinstance(slug, str)):
                raise InvalidInput(f"app_exercise_names.yaml: {app}: {name!r} → {slug!r}")
            out.append(AppName(app, name, slug))
    return tuple(out)


@lru_cache(maxsize=1)
def catalogue() -> tuple[AppName, ...]:
    """The shipped catalogue (parsed once per process)."""
    text = (
        resources.files("fitcoach.data")
        .joinpath("app_exercise_names.yaml")
        .read_text(encoding="utf-8")
    )
    return parse_catalogue(text, cached=True)


@lru_cache(maxsize=1)
def _by_key() -> dict[Key, str | None]:
    return {key_of(entry.name): entry.slug for entry in catalogue()}


LANGUAGES = ("de", "es", "fr", "it", "pt", "nl")


def fold(name: str) -> str:
    """``name`` without accents, case, punctuation or repeated spaces ("Bankdrücken " →
    "bankdrucken"; "ß" → "ss")."""
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss").replace("ẞ", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def parse_foreign(text: str, *, cached: bool = False) -> dict[str, str]:
    """Folded name → slug of a foreign-name document (``{language: {name: slug}}``);
    ``InvalidInput`` for another shape or for one folded name given two exercises."""
    data = load_cached_yaml(text) if cached else load_yaml(text)
    if not isinstance(data, dict):
        raise InvalidInput("exercise_names_foreign.yaml: expected a mapping of language to names")
    out: dict[str, str] = {}
    for language, names in data.items():
        if language not in LANGUAGES or not isinstance(names, dict):
            raise InvalidInput(
                f"exercise_names_foreign.yaml: {language!r} is not one of {LANGUAGES}"
            )
        for name, slug in names.items():
            if not isinstance(name, str) or not isinstance(slug, str):
                raise InvalidInput(f"exercise_names_foreign.yaml: {language}: {name!r} → {slug!r}")
            key = fold(name)
            if out.get(key, slug) != slug:
                raise InvalidInput(
                    f"exercise_names_foreign.yaml: {name!r} is {out[key]} and {slug}"
                )
            out[key] = slug
    return out


@lru_cache(maxsize=1)
def foreign_names() -> dict[str, str]:
    """The shipped foreign names, folded, to slugs (parsed once per process)."""
    text = (
        resources.files("fitcoach.data")
        .joinpath("exercise_names_foreign.yaml")
        .read_text(encoding="utf-8")
    )
    return parse_foreign(text, cached=True)


def lookup(name: str) -> tuple[bool, str | None]:
    """(whether an app ships ``name`` or it is a listed name in another language, the library
    slug it is: None when the library has no such exercise, or when the name is in no list)."""
    foreign = foreign_names().get(fold(name))
    if foreign is not None:
        return True, foreign
    key = key_of(name)
    table = _by_key()
    if key not in table:
        return False, None
    return True, table[key]


def agrees(name: str, record: ExerciseRecord, logged: Logged | None = None) -> bool:
    """Whether ``record`` can be the exercise ``name`` names, in kind: the equipment the name
    says is the entry's ("Chest Fly (Band)" is no dumbbell fly; an app's "Machine" may be a
    cable station or, for a cardio entry, its machine), and what the sets log fits the entry's
    category (sets of reps are no rowing session or stretch)."""
    if logged == "lifted" and record.category in NOT_LIFTED:
        return False
    equipment = parse_name(name).equipment
    if record.category == "cardio" and "machine" in equipment:
        if CARDIO_MACHINES.intersection(record.equipment):
            equipment = equipment - {"machine"}
        else:
            return False
    return fits(equipment, record.equipment, near=True)
