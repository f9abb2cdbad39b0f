"""The log words of Spanish and Portuguese said in English (issue 57, the twenty-second set's
writer BC: Latin America, Brazil, Spain and Portugal, writing English mixed with both).

Left as written, "almoço: arroz, feijão e frango" and "cena: ceviche y un pisco sour" had no
meal (the label was unread, and the chat understood nothing); "el último set rpe 9" put the
effort on every set; "5 rondas de 10 dominadas" and "3x10 de 22,5" had their "de" read into the
exercise's name. A meal label is read only where a food is named (in English or in these
languages): "cena" or "lanche" alone says nothing was eaten. The foods keep their own words in
the description, with their English after them (``with_gloss``, called by ``meals.describe``).
``plain_iberian`` runs in ``normalise`` on the lower-cased text, before its foreign words are
read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.nlu.food_lexicon import food_words
from fitcoach.assistant.nlu.glosses import glossed

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
    # "con mancuernas de 10", "com halteres de 12 kg": the kit's load (never "de" in the name)
    (
        re.compile(r"\b(mancuernas?|halteres|pesas|kettlebells?|barra) de (?=\d)"),
        r"\1 at ",
    ),
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
# The foods, drinks and portions these languages name, with their English: a label before one
# of them is a meal, and a meal's description keeps its own words with the English after them
# ("arroz, feijão e frango grelhado (rice, beans, grilled chicken)"), so that the log reads in
# both. Longer names first; "pan" (English "pan-fried") and "carne" ("chilli con carne") are
# left out.
_GLOSS: tuple[tuple[str, str], ...] = (
    (r"frango grelhado|pollo a la plancha|pollo asado", "grilled chicken"),
    (r"peito de frango|pechuga(?: de pollo)?", "chicken breast"),
    (r"p[aã]o franc[eê]s", "bread roll"),
    (r"p[aã]o de queijo", "cheese bread"),
    (r"aceite de oliva|azeite", "olive oil"),
    (r"aceite", "oil"),
    (r"carne asada", "grilled beef"),
    (r"arroz", "rice"),
    (r"frijoles|feij[aã]o|porotos|habichuelas", "beans"),
    (r"pollo|frango", "chicken"),
    (r"huevos|ovos", "eggs"),
    (r"huevo|ovo", "egg"),
    (r"queso|queijo", "cheese"),
    (r"p[aã]o", "bread"),
    (r"pescado|peixe", "fish"),
    (r"ensalada|salada", "salad"),
    (r"leche|leite", "milk"),
    (r"caf[eé]", "coffee"),
    (r"avena|aveia", "oats"),
    (r"aguacate|palta|abacate", "avocado"),
    (r"tomate", "tomato"),
    (r"tostadas?|torradas?", "toast"),
    (r"papas|patatas|batatas?", "potatoes"),
    (r"frutas?", "fruit"),
    (r"sopa", "soup"),
    (r"cerveza|cerveja", "beer"),
    (r"vino|vinho", "wine"),
    (r"jugo|zumo|suco", "juice"),
    (r"at[uú]n|atum", "tuna"),
    (r"lentejas|lentilhas", "lentils"),
    (r"garbanzos|gr[aã]o de bico", "chickpeas"),
    (r"yogur|iogurte", "yogurt"),
    (r"fritos?|fritas?", "fried"),
    (r"grelhados?|a la plancha", "grilled"),
    (r"prat[aã]o|platazo", "big plate"),
    # the rice porridge of the Philippines, where "merienda" is the afternoon snack too
    (r"lugaw|arroz caldo", "rice porridge"),
)
_GLOSSED = re.compile("|".join(rf"\b(?P<g{i}>{w})\b" for i, (w, _) in enumerate(_GLOSS)))
# Dishes and drinks named alike in English, never glossed but a food all the same
_DISHES = re.compile(
    r"\b(?:arepas?|feijoada|ceviche|asado|churrasco|picanha|milanesa|tortillas?|tamales?|"
    r"pupusas?|caipirinhas?|pisco|tapioca|a[cç]a[ií]|farofa|empanadas?|chorizo|morcilla|carne)\b"
)


def with_gloss(description: str) -> str:
    """``description`` with the English of its Spanish and Portuguese foods after it, in
    brackets, where it names one ("arroz 150g, feijão 100g" → "arroz 150g, feijão 100g (rice,
    beans)"); else as it is."""
    said: list[str] = []
    for m in _GLOSSED.finditer(description.lower()):
        english = _GLOSS[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
        if english not in said:
            said.append(english)
    return f"{description} ({', '.join(said)})" if said else description


# A word only these languages use in a log: English logs are never touched
_IBERIAN = re.compile(
    r"\b(?:[uú]ltim[oa]|rondas|desayuno|almuerzo|almo[cç]o|cena|jantar|janta|merienda|lanche|"
    r"caf[eé] da manh[aã]|mancuernas?|halteres|pesas)\b|\b\d+ rounds de \d|\dx\d+\s+de\s+\d"
)


def plain_iberian(text: str) -> str:
    """``text`` with its Spanish and Portuguese log words said in English."""
    if not _IBERIAN.search(text):
        return text
    return glossed(text, _PHRASES, _MEAL_LABELS, _labelled)


def _labelled(text: str, label: str) -> Callable[[re.Match[str]], str]:
    """The English meal label where the message names a food; else the word as written."""

    def repl(m: re.Match[str]) -> str:
        if not (food_words().search(text) or _GLOSSED.search(text) or _DISHES.search(text)):
            return m.group(0)
        return f"for {label}" if m.group("to") else label

    return repl
