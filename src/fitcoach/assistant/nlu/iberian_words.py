"""The log words of Spanish and Portuguese said in English (issue 57, the twenty-second set's
writer BC: Latin America, Brazil, Spain and Portugal, writing English mixed with both).

Left as written, "almoço: arroz, feijão e frango" and "cena: ceviche y un pisco sour" had no
meal (the label was unread, and the chat understood nothing); "el último set rpe 9" put the
effort on every set; "5 rondas de 10 dominadas" and "3x10 de 22,5" had their "de" read into the
exercise's name. A meal label is read only where a food is named (in English or in these
languages): "cena" or "lanche" alone says nothing was eaten. The foods keep their own words in
the description, as they were written. ``plain_iberian`` runs in ``normalise`` on the
lower-cased text, before its foreign words are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.nlu.food_lexicon import food_words

_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "el último set", "la última serie", "o último set", "a última série": the last set alone
    (
        re.compile(r"\b(?:(?:en |no |na )?(?:el|la|o|a) )?[uú]ltim[oa] (?:set|serie|s[eé]rie)\b"),
        "the last set",
    ),
    # "5 rondas de 10 dominadas", "4 rounds de 12": rounds of (never "de" read into a name)
    (re.compile(r"(?<=\d) ?(?:rondas|rounds) (?:de|of) (?=\d)"), " rounds of "),
    # "3x10 de 22,5", "4x12 de 40 kilos": the load the sets were done at
    (re.compile(r"(\d\s*x\s*\d+)\s+de\s+(?=\d)"), r"\1 at "),
)
# Meal labels: Spanish "almuerzo" and Portuguese "almoço" are the midday meal, "merienda" and
# "lanche" the one between (a snack); "comida" is left alone (food, or lunch, or any meal).
# "feijoada no almoço", "tacos en la cena", "pro jantar": the meal a food was for.
_FOR = r"(?:\b(?P<to>no|na|en el|en la|pro|pra|para el|para la|para o|para a|al) )?"
_MEAL_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(_FOR + r"\b(?:desayuno|caf[eé] da manh[aã]|pequeno[- ]almo[cç]o)\b"),
        "breakfast",
    ),
    (re.compile(_FOR + r"\b(?:almuerzo|almo[cç]o)\b"), "lunch"),
    (re.compile(_FOR + r"\b(?:cena|jantar|janta)\b"), "dinner"),
    (re.compile(_FOR + r"\b(?:merienda|lanche)\b"), "snack"),
)
# The foods and drinks these languages name that the food table (in English) does not: a
# label before one of them is a meal. Matched with the accents written or left off.
_FOODS = re.compile(
    r"\b(?:arroz|frijoles|feij[aã]o|feijoada|pollo|frango|huevos?|ovos?|queso|queijo|pan|p[aã]o|"
    r"carne|pescado|peixe|ensalada|salada|arepas?|ceviche|asado|churrasco|picanha|milanesa|"
    r"tortillas?|tamales?|pupusas?|caipirinhas?|pisco|cerveza|cerveja|vino|vinho|leche|leite|"
    r"caf[eé]|tapioca|a[cç]a[ií]|papas|batatas?|frutas?|pl[aá]tanos?|banana|sopa)\b"
)
# A word only these languages use in a log: English logs are never touched
_IBERIAN = re.compile(
    r"\b(?:[uú]ltim[oa]|rondas|desayuno|almuerzo|almo[cç]o|cena|jantar|janta|merienda|lanche|"
    r"caf[eé] da manh[aã])\b|\b\d+ rounds de \d|\dx\d+\s+de\s+\d"
)


def plain_iberian(text: str) -> str:
    """``text`` with its Spanish and Portuguese log words said in English."""
    if not _IBERIAN.search(text):
        return text
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    for pattern, label in _MEAL_LABELS:
        text = pattern.sub(_labelled(text, label), text)
    return text


def _labelled(text: str, label: str) -> Callable[[re.Match[str]], str]:
    """The English meal label where the message names a food; else the word as written."""

    def repl(m: re.Match[str]) -> str:
        if not (food_words().search(text) or _FOODS.search(text)):
            return m.group(0)
        return f"for {label}" if m.group("to") else label

    return repl
