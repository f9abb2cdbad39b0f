"""The words that name a food or a drink with energy (``food_words``), below ``normalise``: the
foreign meal labels (``eastern_words``) are read as a meal only before a known food, and
``food_names`` (above ``normalise``) gives the same words to the meals' reading and the
accounting."""

from __future__ import annotations

import re
from functools import cache

from fitcoach.assistant.nlu.matcher import default_matcher

_DRINKS = r"coffees?|teas?|lattes?|cappuccinos?|flat whites?|espressos?|mochas?|beers?|wines?|colas?|sodas?"  # fmt: skip
# beer by its kind ("3 pints of lager and a kebab", "2 ciders", "a guinness": drinks with energy;
# "the pints" alone stays a remark: "rhr 61, prob the pints", wrong92)
_DRINKS += r"|lagers?|ciders?|guinness|ipas?|stouts?"
# Dishes and an athlete's fuel that the table (of ingredients) does not name: "4 slices of pizza
# after the game", "2 gels on the ride", "burrito bowl", "chocolate milk" is a meal all the same
_DISHES = (
    r"pizzas?|burgers?|cheeseburgers?|sandwich(?:es)?|burritos?|burrito bowls?|tacos?|sushi|curry|"
    r"curries|lasagnes?|lasagnas?|fries|kebabs?|porridge|salads?|soups?|smoothies?|muffins?|"
    r"croissants?|donuts?|doughnuts?|cookies?|biscuits?|crisps|cakes?|stews?|ramen|nachos|"
    r"quesadillas?|empanadas?|chorizo|meat|energy gels?|gels?|energy bars?|protein bars?|"
    r"flapjacks?|sports drinks?|chocolate milk|hot dogs?|"
    # the dishes of India, Jamaica and Scotland, and what goes in a shift's coffee
    r"idl(?:i|is|ies)|dosas?|sambar|rotis?|parathas?|daal|dhal|poha|upma|biryanis?|chai|"
    r"ackee|saltfish|callaloo|plantains?|dumplings?|grits|irn[- ]?bru|creamer|"
    # the dishes of Vietnam, Mexico, Korea, Japan, Ethiopia, West Africa and the Levant, and
    # the brands a daily tracker logs by name (logbn)
    r"pho(?: bo| ga)?|banh mi|bun cha|spring rolls?|tacos? al pastor|horchata|enchiladas?|"
    r"tamales?|pozole|chilaquiles|kimchi(?: fried rice| jjigae)?|fried rice|bibimbap|bulgogi|"
    r"tteokbokki|ramyun|shin ramyun|onigiri|gyoza|katsu(?: curry)?|miso soup|udon|congee|"
    r"injera|(?:misir |doro |shiro )?wot|gomen|tibs|jollof(?: rice)?|fufu|egusi|suya|"
    # (a wrap after its filling, never the lifter's: "knee wraps", "bubble wrap"; sugars in a
    # drink, never the blood's: "2 sugars")
    r"falafels?|(?:(?<=chicken )|(?<=turkey )|(?<=tuna )|(?<=falafel )|(?<=halloumi )|(?<=caesar )|"
    r"(?<=salad )|(?<=egg )|(?<=hummus )|(?<=veggie )|(?<=\d ))wraps?|toasties?|nuggets|string cheese|"
    r"digestives?|kit ?kats?|weetabix|double doubles?|hummus|(?<=\d )sugars?|al pastor|"
    r"spring onions?|(?<=of )honey|"
    r"chick-fil-a|tim hortons|greggs|mcdonald'?s|kfc|nando'?s|"
    # a shake by its scoops or grams ("shake after (2 scoops)", "shake 30g whey"), never a
    # tremor ("hands shake"); peanut butter by its amount ("40g pb", "1 tbsp pb"), never a
    # personal best ("new pb")
    r"shakes?(?=(?:\s+(?:after|post))?\s*\(?\s*\d+\s*(?:scoops?|g)\b)|(?<=\dg )pb|(?<=\d g )pb|"
    r"(?<=tbsp )pb|(?<=tsp )pb"
)
_NOT_FOOD = frozenset({"dates", "rocket", "turkey", "orange", "squash", "oil", "honey", "jam", "jelly", "mash", "seeds", "nuts", "fish"})  # fmt: skip


@cache
def food_words() -> re.Pattern[str]:
    """Foods of the food table (names and aliases, plural too) and drinks with energy: a clause
    naming one is about what was eaten. Words that also name an exercise or a sport ("squash")
    or something else first ("dates", "rocket", "turkey", "orange") are left out."""
    from fitcoach.coach.nutrition.foods import food_table

    matcher = default_matcher()
    phrases: set[str] = set()
    for food in food_table():
        phrases.add(re.sub(r"\(.*?\)", "", food.name.split(",")[0]).strip().lower())
        phrases |= {a.lower() for a in food.aliases}
    kept = sorted(
        (p for p in phrases if p and p not in _NOT_FOOD and matcher.match(p) is None),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in kept) + rf")(?:s|es)?\b|\b(?:{_DRINKS}|{_DISHES})\b")  # fmt: skip
