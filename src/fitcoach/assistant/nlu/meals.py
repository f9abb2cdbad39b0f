"""Meals in a message: what was eaten, in the words of the food table (drinks included), and
whether a message names only foods ("2 coffees", "toast and a coffee": a meal, though no
eating verb says so)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Intent, Result, Slots, has
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.energy_units import without_device_energy
from fitcoach.assistant.nlu.food_names import MACRO_TRIPLES, food_words
from fitcoach.assistant.nlu.food_shorthand import spelled_out
from fitcoach.assistant.nlu.iberian_words import with_gloss
from fitcoach.assistant.nlu.idioms import EATEN_LIKE, NOT_EATEN_BY_ME
from fitcoach.assistant.nlu.quantities import NUM


def _only_food(text: str) -> bool:
    """Whether ``text`` names foods and nothing else ("2 coffees", "a banana", "toast and a
    coffee"): that is a meal; "felt the pasta from last night" mentions one and is not."""
    if not food_words().search(text):
        return False
    text = _WHEN_EATEN.sub(" ", text)
    # (the foods first: "40g pb" is peanut butter by the amount before it)
    rest = re.findall(r"[a-z]+|\d+", _FOOD_AMOUNT.sub(" ", food_words().sub(" ", text)))
    return all(w in _FOOD_GLUE or (w.isdigit() and int(w) <= 12) for w in rest)


# When the food was eaten, said after it ("4 slices of pizza after the game lol", "a banana
# before training", "2 gels during the race", "chocolate milk post match"), and a laugh: still
# only food (an activity's own figures are no part of it: "ran 5k after the game" has no food)
_WHEN_EATEN = re.compile(
    r"\b(?:after|before|during|post|pre|at|on|at)[\s-]+(?:the\s+|my\s+|our\s+|a\s+)?"
    r"(?:game|match|training|practice|session|workout|race|gym|halftime|half[\s-]time|"
    r"ride|run|long run|swim|shift|duty|work|nights|wo|wod|sesh)\b|\b(?:lol|haha\w*|lmao|oops)\b|"
    # ("shake after (2 scoops)": after the training the message is about)
    r"\bafter(?=\s*(?:\(|$))|"
    # or the time of day, or a shift's end ("at 5am when i got off", "this morning")
    r"\b(?:this|that) (?:morning|afternoon|evening)\b|\bat \d{1,2}(?::\d\d)?\s*(?:am|pm)\b|"
    r"\bwhen i (?:got (?:off|in|home|back)|finished|clocked off)\b|"
    # ("before bed", "at 10", "from the canteen": when and where, still only food)
    r"\b(?:before|after) bed\b|\bat \d{1,2}(?::\d\d)?\s*$|"
    r"\bfrom (?:the )?(?:canteen|cafe|café|shop|vending machine|work canteen)\b"
)
_FOOD_GLUE = frozenset({"a", "an", "some", "the", "with", "of", "and", "my", "two", "few", "cup", "cups", "glass", "glasses", "pint", "pints", "slice", "slices", "bowl", "bowls", "handful", "piece", "pieces", "plain", "black", "small", "large", "big", "scrambled", "fried", "boiled", "poached", "grilled", "baked", "roasted", "toasted", "steamed", "mashed", "cooked", "leftover", "leftovers", "brunch", "w", "extra", "side", "tbsp", "tsp", "splash", "drizzle", "dash", "count", "one", "hardboiled", "overnight", "made", "water", "top", "on", "scoop", "scoops"})  # fmt: skip
# (how a food was cooked is part of it: "3 eggs scrambled, 2 slices toast" is all food)
# A food's amount by weight or volume ("150g salmon", "sweet potato 200 g", "12 oz steak",
# "(30g)"): units no training figure has, so a food beside one is all that is said.
_FOOD_AMOUNT = re.compile(rf"(?:~|\babout |\baround )?\b{NUM}\s*(?:g|grams?|gr|oz|ml)\b")


# A meal's name used as a time of day, and what says food was eaten when it is not.
_MEAL_TIME = re.compile(
    r"(?:\b(?:at|during|over|on|before|after|by|until|till|since)\s+|\b(?:pre|post)-?\s*)(?:my\s+|the\s+)?"
    r"(?:breakfast|brekkie|lunch|dinner|supper)(?:\s*(?:time|break|hour))?\b"
)
_EATING = re.compile(
    r"\b(ate|eaten|eat|eating|had|having|breakfast|brekkie|lunch|dinner|supper|snack|meal|"
    r"kcal|calories|cals|protein|carbs|macros|shake|smoothie|food)\b"
)


# Reps left in a set, as lifters say it ("had 2 in the tank", "1 left in the tank", "2 in
# reserve"): an effort, whatever verb it has
_EFFORT = re.compile(r"\d\s*(?:more\s+)?(?:reps?\s+)?(?:left\s+)?in (?:the )?(?:tank|reserve)\b")


# An amount asked, never told: "how many calories have I eaten", "how much protein did I get
# today", "what did I eat yesterday", "did I eat enough carbs this week".
_AMOUNT_ASKED = re.compile(
    r"^(?:so |and |ok |hey )?(?:how (?:many|much)|what(?:'s| is| was| were)? (?:did i|have i|my)|"
    r"did i (?:eat|have|get|hit|reach)|have i (?:eaten|had|hit|reached))\b"
)


# "had"/"having" said of a time, an event or another person, with no food or meal named: no
# meal ("I hope you are having a lovely day", "had a great weekend", "having a rough week").
_NOT_EATEN = re.compile(
    r"\b(?:you|u|ya|y'?all|they|he|she|everyone)(?: are| r| were|'re)? having\b|"
    r"\b(?:had|having)\s+(?:a |an |the |such a |so much |my |some |another )?"
    # (the words between are the object's, never a time: "had a braai last night" is food)
    r"(?:(?!(?:last|this|yesterday|tonight|on|at|for|in|with|after|before)\b)[a-z]+ ){0,2}?"
    r"(?:day|days|week|weeks|weekend|time|night|morning|afternoon|evening|fun|chat|talk|laugh|"
    r"blast|ball|break|rest|nap|shower|bath|go|look|think|cold|flu|fever|headache|trouble|"
    r"issues?|problems?|feeling|dream|holiday|vacation|party|meeting|call|shifts?|commute|"
    r"drive|flight|journey|trip|wedding|"
    # an episode lived through ("had a panic attack on the bus", "had a meltdown")
    r"attacks?|meltdown|breakdown|episode|seizure|migraine|nightmares?|flashbacks?|fall|"
    r"appointment|cry|argument|fight|relapse|"
    # a session played or trained ("my arm's had a workout", "had a game of squash", log25q)
    r"workout|session|game|match|lesson|class|training|practice|swim|ride|walk|knock|"
    # a sleep or a grumble ("had a good kip", "just having a moan", "had a rant", wrong92)
    r"sleep|kip|lie[- ]in|moan|rant|whinge|vent|grumble|sulk|"
    # the kit a gym had ("hotel gym only had dumbbells", "had the bands with me", wrong92)
    r"dumbbells|kettlebells?|barbells?|machines?|weights|bands|racks?|benches|treadmills?|"
    r"equipment|cables?|mats?)\b|"
    # a night or a rest looked back on ("best sleep i've had in months", "worst night i've ever
    # had"): the sleep had, nothing eaten (wrong92)
    r"\b(?:sleep|night|nights|kip|nap|rest|week|day|session|workout|run)\s+(?:that\s+)?"
    r"(?:i'?ve|i have|i'd|i)\s+(?:ever\s+)?had\b|"
    # a place or a gym that had something ("the gym only had dumbbells", "hotel had a pool")
    r"\b(?:gym|hotel|place|club|studio|box|shop|store)\s+(?:only |just |still |even |also )?had\b|"
    # "had" as a helping verb ("nobody had noticed", "I'd had enough", "had to leave", "had been"):
    # a past told, nothing eaten
    r"\bhad\s+(?:(?:already|just|never|not|barely|only|still)\s+)?(?:to|been|gone|done|got|gotten|"
    r"enough|noticed|seen|said|told|left|forgotten|finished|started|[a-z]+ed|"
    # (the past's irregular verbs: "the kids had made a fort", "had built up", wrong92)
    r"made|built|taken|broken|lost|won|spent|kept|become|come|thought|brought|bought|given|"
    r"shown|grown|thrown|fallen|run|put|set)\b|"
    # a time one had ("only had 15 min before pick up", "had 20 minutes spare"): no food
    r"\bhad\s+(?:(?:only|just|about|like|maybe|barely)\s+)?(?:\d+|an?|half an?)\s*(?:mins?|minutes?|hours?|hrs?|h)\b"
    r"(?!\s+(?:of|on)\b)"
)
_MEAL_WORD = re.compile(
    r"\b(?:breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack|meal|ate|eaten|eat)\b"
)


def log_meal(ctx: Ctx) -> Result:
    # "ate like a horse": how much, no food; "machine says 280 cal": the session's, no meal's;
    # "his dog ate my protein bar": someone else's
    t = without_device_energy(NOT_EATEN_BY_ME.sub(" ", EATEN_LIKE.sub(" ", ctx.text)))
    if (
        not has(
            r"\b(ate|eaten|eat|had|having|breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snacks?|meal|kcal|"
            r"calories|cals|protein|carbs|macros|shake|smoothie|food)\b|\d\s*(?:kcal|cals?|calories)\b",
            t,
        )
        and not _only_food(t)
        and not any(triple.search(t) for triple in MACRO_TRIPLES)
    ):
        return None
    if _AMOUNT_ASKED.search(t) and not re.search(r"\d", t):
        return None  # "how many calories have I eaten this week": a question about the log
    if _MEAL_TIME.search(t) and not _EATING.search(_MEAL_TIME.sub(" ", t)) and not food_words().search(t):  # fmt: skip
        return None  # "went for a walk at lunch", "lifted before dinner": a time of day
    if _EFFORT.search(t) and not food_words().search(t):
        return None  # "last set had 2 in the tank": the sets' effort, nothing eaten
    slots: Slots = {}
    if m := re.search(rf"\b(breakfast|brekkie|brekky|lunch|dinner|{_SUPPER}|snack)\b", t):
        slots["meal"] = {"brekkie": "breakfast", "brekky": "breakfast", "supper": "dinner"}.get(m.group(1), m.group(1))  # fmt: skip
    if m := re.search(rf"({NUM})\s*(?:kcal|calories|cals?|kcals)\b(?!\s+burn)", t):  # not burned
        slots["calories"] = round(float(m.group(1)))
    elif m := re.search(
        rf"\b(?:kcal|calories|cals?|kcals)\s*[:=]?\s*({NUM})\b(?!\s*(?:g\b|%|burn))", t
    ):
        slots["calories"] = round(float(m.group(1)))  # as the apps write it: "kcal 720"
    slots.update(macros(t))
    slots.update(_times_the_count(t, slots))
    if not slots and not has(r"\b(ate|eaten|had|having|breakfast|lunch|dinner|snack)\b", t) and not food_words().search(t):  # fmt: skip
        return None
    if not slots and not food_words().search(t) and not _MEAL_WORD.search(t) and not has(r"\b(?:had|having)\b", _NOT_EATEN.sub(" ", t)):  # fmt: skip
        return None  # "hope you are having a lovely day", "had a rough night": nothing eaten
    if description := describe(t):
        # ("brunch: sourdough, eggs": a meal the log has no name for keeps its word)
        if "meal" not in slots and re.search(r"\bbrunch\b", t) and "brunch" not in description:
            description = f"{description} (brunch)"
        slots["description"] = description
    slots.update(date_slots(t, ctx.today) or {"date": ctx.today})
    return "log_meal", slots, []


# Macros as the apps write them: "30g protein", "protein: 30g", "35 prot", "30 carbs 9 fat",
# and the letters of a triple ("52p 70c 22f", "P 55 C 40 F 1"), never one letter alone.
_MACRO_WORD = {"protein_g": r"(?:protein|prote?|pro)", "carbs_g": r"carbs?", "fat_g": r"fats?"}
_NO_NOUN = r"(?!\s+(?!and\b|with\b)[a-z])"  # "35 protein" is grams, "2 protein bars" bars


# The protein's letter alone right after the kcal ("620 cal 32p", "380kcal / 52g p"): the
# grams of protein, as the trackers write them (a "p" alone elsewhere is no macro)
_KCAL_THEN_P = re.compile(
    rf"(?<![\d.]){NUM}\s*(?:kcal|kcals|calories|cals?)\s*(?:[/,;|-]|and)?\s*({NUM})\s*g?\s*p\b(?!\.\d)"
)

# ... and right before it ("protein bar, 20p, 200 kcal", "31p / 540 cal")
_P_THEN_KCAL = re.compile(
    rf"(?<![\d.])({NUM})\s*g?\s*p\b\s*(?:[/,;|-]|and)?\s*{NUM}\s*(?:kcal|kcals|calories|cals?)\b"
)


def macros(text: str) -> dict[str, float]:
    """The grams of protein, carbs and fat ``text`` gives. Amounts go before their words
    ("30 carbs 9 fat") or after them ("carbs 30, fat 9") as the first one does, so the 30 of
    "protein 30 carbs 40" is never the carbs'."""
    for triple in MACRO_TRIPLES:
        if m := triple.search(text):
            return {k: float(v) for k, v in zip(_MACRO_WORD, m.groups(), strict=True)}
    if m := _KCAL_THEN_P.search(text) or _P_THEN_KCAL.search(text):
        return {"protein_g": float(m.group(1))}
    # without a "g", never a food's name: the 2 of "2 protein bars" is bars
    before = {
        k: rf"({NUM})\s*(?:g(?:rams?)?\s*(?:of\s*)?{w}\b|{w}\b{_NO_NOUN})"
        for k, w in _MACRO_WORD.items()
    }
    after = {k: rf"\b{w}\b\s*:?\s*({NUM})(?!\s*(?:kcal|cal))" for k, w in _MACRO_WORD.items()}
    # the first macro word with an amount beside it ("protein pancakes, 28g protein") says which
    style = None
    for word in re.finditer(r"\b(?:protein|prote?|pro|carbs?|fats?)\b", text):
        if re.search(rf"{NUM}\s*g?(?:rams?)?\s*(?:of\s*)?$", text[: word.start()]):
            style = before
        elif re.match(rf"\s*:?\s*{NUM}", text[word.end() :]):
            style = after
        if style is not None:
            break
    if style is None:
        return {}
    found = {k: re.search(pattern, text) for k, pattern in style.items()}
    return {k: float(m.group(1)) for k, m in found.items() if m}


# A figure given for one of a counted food ("took 3 gels, 25g carbs each", "2 bars, 200 kcal
# apiece", "two scoops at 24g protein per scoop"): the meal's figure is the count times it
_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "a couple of": 2,
    "a pair of": 2,
}
_EACH = (
    r"\s*(?:each|apiece|a piece|per (?!(?:day|week|month|year|night|hour|hr|h|min|minute|km|k|mile|mi|"
    r"session|meal|kg|lb|pound)s?\b)[a-z]+)\b"
)
_FIGURE_EACH = {
    "calories": rf"({NUM})\s*(?:kcal|calories|cals?|kcals){_EACH}",
    **{k: rf"({NUM})\s*(?:g(?:rams?)?\s*(?:of\s*)?)?{w}\b{_EACH}" for k, w in _MACRO_WORD.items()},
}
_COUNTED = re.compile(
    rf"(?<![\d.:/x])\b(\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+(?:x\s*)?(?!(?:g|grams?|kg|ml|l|oz|lbs?|"
    r"mins?|minutes?|hours?|hrs?|h|km|k|miles?|mi|sets?|reps?|kcal|cals?|calories|days?|weeks?|"
    r"months?|years?|nights?|times|mornings|sessions|meals)\b)(?:[a-z-]+\s+)?[a-z][a-z-]+s\b"
)
# another food named between the count and the figure ("2 bananas and a bar, 30g carbs each"):
# which ones the figure is each of is not said
_ANOTHER = re.compile(r"\b(?:and|with|plus|or)\b|[+&]")


def _times_the_count(text: str, slots: Slots) -> dict[str, float | int]:
    """The figures ``slots`` has that ``text`` gives for each of a counted food, times the
    count said before them (only when one count is said, so none is a guess)."""
    out: dict[str, float | int] = {}
    for key, pattern in _FIGURE_EACH.items():
        m = re.search(pattern, text)
        if m is None or slots.get(key) is None or float(m.group(1)) != float(slots[key]):
            continue
        counts = list(_COUNTED.finditer(text[: m.start()]))
        if len(counts) != 1 or _ANOTHER.search(text[counts[0].end() : m.start()]):
            continue
        said = counts[0].group(1)
        n = int(said) if said.isdigit() else _COUNT_WORDS[said]
        if n > 1:
            total = float(m.group(1)) * n
            out[key] = round(total) if key == "calories" else total
            out["each_of"] = n  # the accounting finds the one's figure in the text
    return out


# A chip shop's "fish supper" (the fish with chips, a Scottish dish): the food, no meal's name
_CHIP_SHOP = ("fish", "pie", "haggis", "sausage", "chicken", "pudding", "burger", "scampi", "pizza", "fritter")  # fmt: skip
_SUPPER = "".join(f"(?<!{food} )" for food in _CHIP_SHOP) + "supper"


# A food's amount ahead (never a macro's grams: "30g protein")
_FOOD_AMOUNT_AHEAD = (
    rf"(?={NUM}\s*(?:g|grams?|gr|oz|ml|kg|lbs?|slices?|cups?|pieces?|bowls?|plates?|scoops?|"
    r"handfuls?)\b(?!\s*(?:of\s+)?(?:protein|prote?|pro|carbs?|fats?)\b))"
)
_HEDGED_AMOUNT = re.compile(
    rf"(?:\b(?:maybe|probably|prob|roughly|around|about|approx(?:imately)?)\s+|~\s*){_FOOD_AMOUNT_AHEAD}"
)
_DISH_OF_MEAL = r"(?:burritos?|sandwich(?:es)?|wraps?|muffins?|baps?|rolls?|tacos?|bars?|bowls?|potatoes|sausages?|hash)\b"  # fmt: skip
_NOT_DESCRIBED = re.compile(
    # The figures go in their own fields; the amounts of the foods stay ("80g oats, 1 banana").
    rf"~?\s*(?:{'|'.join(t.pattern for t in MACRO_TRIPLES)})|"
    rf"~?\s*{_KCAL_THEN_P.pattern}|"
    rf"~?\s*{_P_THEN_KCAL.pattern}|"
    rf"~?\s*{NUM}\s*(?:g(?:rams?)?\s*(?:of\s*)?)?(?:protein|prote?|pro|carbs?|fats?)\b{_NO_NOUN}|"
    rf"\b(?:protein|carbs?|fats?)\s*:?\s*{NUM}\s*g?\b|"
    rf"~?\s*{NUM}\s*(?:kcal|calories|cals?|kcals)\b|"
    rf"\b(?:kcal|calories|cals?|kcals)\s*[:=]?\s*{NUM}\b(?!\s*(?:g\b|%))|"
    # ("about" kept before a food's amount: the guess the hedges above read as about)
    rf"\babout\b(?!\s{_FOOD_AMOUNT_AHEAD})|"
    # the verb of one who logs in the present or another tense ("for breakfast i eat two
    # eggs", "lunch i have soup", "eaten: a pie"): how it was eaten, not what
    r"\b(?:i|we) (?:eat|have|take|eats|am eating|was eating)\b|\b(?:eaten|eating)\b|"
    # ("breakfast burrito", "breakfast sandwich": the dish's own name keeps its meal word)
    rf"\b(?:i|just|ate|had|for|my|breakfast(?!\s+{_DISH_OF_MEAL})|brekkie|brekky|brunch|lunch|dinner|{_SUPPER}|snack|around|"
    r"log|was|like|roughly|approx)\b|[^\w\s,()+/.']|(?<!\d)\.|\.(?!\d)"
)


# The words of one asking the coach to log it ("can u log lunch", "could you add dinner pls")
_REQUEST = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+(?:u|you|ya)|pls|plz|please)\b|\b(?:pls|plz|please)\b"
)


# A question asked after the food ("2 eggs and toast, how many calories is that?", "... is that
# enough protein"): asked, never part of what was eaten
_ASKED_AFTER = re.compile(
    r"\s*[,;.!-]+\s*(?:how (?:many|much)|is (?:that|this|it)|was (?:that|this|it)|"
    r"what(?:'s| is| was)?|does (?:that|this)|should i|can i)\b[^,;]*$"
)


# Spanish in an English meal log ("comí 3 tacos y una coca de lunch"): the verb of eating is
# "ate", "y" is "and", "de lunch" is "for lunch", "una coca" a Coke, as the description reads
_SPANISH_MEAL = (
    (r"\b(?:me )?(?:comí|comi|desayuné|desayune|almorcé|almorce|cené|cene)\b", "ate"),
    (r"\b(?:una? )?coca(?:[- ]cola)?\b", "a coke"),
    (r"\b(?:de|pa'?l|para el) (lunch|breakfast|dinner|snack|brunch)\b", r"for \1"),
    (r"(?<=[a-z]) y (?=(?:una?|el|la|los|las|an?|some|\d)\b)", " and "),
)


def spanish_meal_words(text: str) -> str:
    """``text`` with a Spanish speaker's meal words said in English (only where one is)."""
    if not re.search(r"\b(?:comí|comi|desayuné|desayune|almorcé|almorce|cené|cene|coca|de lunch|pa'?l)\b", text):  # fmt: skip
        return text
    for pattern, said in _SPANISH_MEAL:
        text = re.sub(pattern, said, text)
    return text


# How the athlete asks the meal to be filed ("log it as a snack", "put that down as lunch",
# "for a snack"): the meal's name goes in its own field and the rest frames it, no food (left
# in, "it as a" was stored as eaten)
_FILED_AS = re.compile(
    r"\b(?:(?:please\s+)?(?:log|put|add|count|save|record|enter|mark|stick)\s+(?:it|that|this|them)"
    r"\s+(?:down\s+|in\s+)?)?(?:as|for)\s+(?:an?|my|the)\s+"
    r"(?=(?:breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\b)|"
    r"\b(?:please\s+)?(?:log|put|add|count|save|record|enter|mark|stick)\s+(?:it|that|this|them)"
    r"\s+(?:down\s+|in\s+)?as\s+(?=(?:breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\b)"
)


# a laugh or a sound of remembering ("snack apple. ohh and ..."), not a food
_LAUGH = re.compile(
    r"\s*\b(?:lol|haha\w*|lmao|o+h+|a+h+|u+h+m*|u+m{2,}|um(?=\s*[,.…!])|h+m+|whoops)\b"
)


# A meal's name with its hour ("snack at 4 was ...", "lunch around 1:30,"), never an amount
_MEALS_HOUR = re.compile(
    r"\b(breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\s+(?:was\s+)?(?:at|around|about)\s+"
    r"(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:am|pm)?(?=\s*(?:was\b|,|:|-|$))"
)


def describe(text: str) -> str:
    """What was eaten, as written, less the figures stored apart and the words that only
    frame it ("for lunch", "had", "~650 kcal"): "dinner: 200g salmon, 1 cup rice" is
    "200g salmon, 1 cup rice"."""
    # shorthand spelled out, as a food log reads ("pb" is peanut butter, "w/" with; "pb&j" stays)
    kept = re.sub(r"\bpb\b(?!\s*&)", "peanut butter", re.sub(r"\bw/|\bw(?= )", "with", text))
    kept = re.sub(r"\bspag(?:hetti)? bol(?:s|ognese)?\b", "spaghetti bolognese", kept)
    kept = re.sub(r"\bguac\b", "guacamole", kept)
    kept = re.sub(r"\b(hard|soft)boiled\b", r"\1-boiled", kept)  # as the food reads it
    kept = re.sub(r"\bjollof\b(?! rice)", "jollof rice", kept)  # the dish, as West Africa says it
    # "a glass of red", "a bottle of white": the wine the colour stands for
    kept = re.sub(
        r"\b(glass(?:es)?|bottle|bottles) of (red|white|ros[eé])\b(?! wine)", r"\1 of \2 wine", kept
    )
    kept = re.sub(r"\boj\b", "orange juice", kept)
    kept = spanish_meal_words(kept)
    kept = re.sub(r"\b(?:spuds|taters)\b", "potatoes", kept)
    kept = spelled_out(kept)  # "shake 2 scoops whey" is a protein shake, "maccies" McDonald's
    # a cuppa (British and Irish): a cup of tea, as the food reads
    kept = re.sub(r"\b(?:my |a )?cuppa\b", "a cup of tea", kept)
    kept = _ASKED_AFTER.sub("", kept)
    kept = _REQUEST.sub(" ", kept)  # "can u log lunch": the asking, no food
    kept = _LAUGH.sub("", kept)
    # a food's amount guessed ("maybe 400g of meat", "~200g rice", "roughly 2 cups") is about
    # that much, as the description says it
    kept = _HEDGED_AMOUNT.sub("about ", kept)
    kept = _FILED_AS.sub(" ", kept)
    kept = _MEALS_HOUR.sub(r"\1 ", kept)  # "snack at 4 was a protein bar": when, not what
    kept = _NOT_DESCRIBED.sub(" ", kept)
    kept = re.sub(r"\(\s*\)", " ", kept)
    kept = re.sub(r"\s*,[\s,]*", ", ", re.sub(r"\s+", " ", kept))
    return with_gloss(kept.strip(" ,+/'"))  # Spanish and Portuguese foods in English too


def meal_of_pieces(ctx: Ctx, pieces: list[str]) -> Result:
    """A meal said as a list ("2 eggs + 2 slices of toast + oj"): the first piece the meal
    family reads gives the figures, every piece its food (not only the first piece's)."""
    results = [log_meal(Ctx(p, p, ctx.today, ctx.exercises)) for p in pieces]
    first = next((r for r in results if r is not None), None)
    if first is None:
        return None
    said = [
        # (a piece no family reads kept with its amount: "2 slices of wholemeal")
        # ("maccies lol": the place's name kept, the laugh not)
        str(r[1].get("description") or "")
        if r is not None
        else re.sub(r"[^A-Za-z0-9 ']", " ", spelled_out(_LAUGH.sub("", p)))
        for r, p in zip(results, pieces, strict=True)
    ]
    # a dish named before a colon ("eggs on toast: 2 poached eggs, ..."), which the clauses
    # leave out as a label, is what was eaten too
    label = re.match(r"^([a-z][a-z ']{0,40}):\s", ctx.text)
    if label and food_words().search(label.group(1)) and not any(label.group(1) in d for d in said):
        said.insert(0, label.group(1))
    slots = dict(first[1])
    # the figures a later piece gives ("salmon 180 g, rice 200 g. kcal 720 / p 46 / c 68 / f 26")
    for r in results:
        if r is not None:
            for key in ("meal", "calories", "protein_g", "carbs_g", "fat_g"):
                if key in r[1] and key not in slots:
                    slots[key] = r[1][key]
    slots["description"] = ", ".join(" ".join(d.split()) for d in said if d.strip())
    return first[0], slots, first[2]


# "breakfast: oats. lunch: a wrap. dinner: curry", "b: eggs, l: soup, d: pasta": each meal its
# own entry under its label (a lone letter is a meal's only where two or more labels start the
# message's pieces, the first at its start)
_MEAL_LABEL = re.compile(
    r"(?:^|[.;,!]\s*|\s(?=[bld]:))(breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack|[blds])\s*:\s*"
)
_LETTER_MEAL = {"b": "breakfast", "l": "lunch", "d": "dinner", "s": "snack"}


def meals_by_label(ctx: Ctx) -> list[tuple[Intent, Slots, list[str]]] | None:
    """Each labelled meal of ``ctx`` read apart, or None unless two or more labels start it."""
    labels = list(_MEAL_LABEL.finditer(ctx.text))
    if len(labels) < 2 or labels[0].start() != 0:
        return None
    out = []
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(ctx.text)
        body = ctx.text[label.end() : end].strip(" .;,!")
        piece = f"{_LETTER_MEAL.get(label.group(1), label.group(1))}: {body}"
        result = log_meal(Ctx(piece, piece, ctx.today, ctx.exercises))
        if not body or result is None or result[0] != "log_meal":
            return None
        out.append(result)
    return out


MEAL_START = re.compile(
    r"^(?:for\s+)?(breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\b"
)


def another_meal(pieces: list[str], piece: str) -> bool:
    """Whether ``piece`` starts with a meal's name other than the one the meal before it
    started with ("breakfast oats + whey, lunch chicken wrap": two meals, no colon needed)."""
    new = MEAL_START.match(piece)
    first = MEAL_START.match(pieces[0]) if pieces else None
    if new is not None and first is not None:
        return new.group(1) != first.group(1)
    # ("..., smoothie bowl for breakfast, poke bowl for lunch" beside other logs): each named
    # after its foods, two different meals
    after = _LABEL_AFTER.search(piece)
    # (a name alone after its foods splits only a message of meals: "steak + chips dinner" is
    # cut at its "+" beside other logs, the steak no dinner's then)
    if after is not None and _bare(after):
        after = None
    before = {m.group(1) for p in pieces for m in _LABEL_AFTER.finditer(p) if not _bare(m)}
    if first is not None:
        before.add(first.group(1))
    return after is not None and bool(before) and after.group(1) not in before


_NOT_FOOD = re.compile(
    r"\b(i|i'?m|me|my|we|it|that|this|was|is|were|felt|feel|feeling|so|but|today|yesterday|"
    r"tonight|morning|good|great|tired|bad|ok|okay|pls|please|log|went|did|done|just)\b"
)


def _food_like(piece: str) -> bool:
    """A short piece that can only be a food ("chips at the pub", "a lime"): a food word, or
    up to four words with no number and nothing that says it is about something else."""
    if re.search(r"\d|\?", piece):
        return False
    return bool(food_words().search(piece)) or (
        len(piece.split()) <= 4 and not _NOT_FOOD.search(piece)
    )


def foods_before_meal(
    clauses: list[tuple[Intent | None, list[str]]],
) -> list[tuple[Intent | None, list[str]]]:
    """Foods said before the piece that reads as a meal ("burger, chips, a lime and soda"):
    context pieces that each name a food, right before a meal clause, are part of it."""
    out: list[tuple[Intent | None, list[str]]] = []
    for intent, pieces in clauses:
        head: list[str] = []
        while intent == "log_meal" and out and out[-1][0] is None:
            food = [p for p in out[-1][1] if _food_like(p)]
            if len(food) != len(out[-1][1]):
                break
            head = food + head
            out.pop()
        out.append((intent, head + pieces))
    return out


# "3 eggs for breakfast, then a burrito bowl for lunch": the meal's name after its foods
# ("oats breakfast, chicken wrap lunch, steak + chips dinner": the name alone closing its piece,
# after a food, never after a time's word: "walk before lunch", "a big lunch")
_LABEL_AFTER = re.compile(
    r"(?:\s+(?:for|as|at)\s+(?:my\s+|a\s+)?|(?<=[a-z])(?<!\bbefore)(?<!\bduring)(?<!\bsince)"
    r"(?<!\bafter)(?<!\buntil)(?<!\btill)(?<!\bpost)(?<!\bpre)(?<!\bby)(?<!\bmy)(?<!\bthe)"
    r"(?<!\bher)(?<!\bhis)(?<!\bour)(?<!\bno)(?<!\ba)(?<!\bbig)(?<!\bsmall)(?<!\blight)"
    r"\s+(?=(?:breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\s*(?:[,;.]|$)))"
    r"(breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)\b"
)
# what says the foods were eaten before the first ("ate: oats breakfast, ..."): no food
_ATE_FIRST = re.compile(r"^(?:i\s+)?(?:ate|had|eaten|food)\s*:?\s*")


def _bare(label: re.Match[str]) -> bool:
    """Whether the meal's name closes its piece with no word before it ("wrap lunch")."""
    return not re.match(r"\s+(?:for|as|at)\b", label.group(0))


_JOINED = re.compile(r"^(?:\s|,|;|&|\+|\band\b|\bthen\b|\bplus\b|\bafter that\b|\blater\b)+")
# A figure of training or a night in what comes before a name: another log beside the meals
_OTHER_LOG = re.compile(
    r"\d\s*(?:x|sets?|reps?|kgs?|kilos?|lbs?|km|mi|miles?|mins?|minutes?|h|hrs?|hours?)\b|"
    r"\b(?:slept|sleep|ran|run|walked|rode|swam|lifted|trained|gym|workout)\b"
)


def meals_by_trailing_label(ctx: Ctx) -> list[tuple[Intent, Slots, list[str]]] | None:
    """Each meal of ``ctx`` whose name follows its foods, read apart ("oats for breakfast and a
    wrap for lunch"), or None unless two or more such names, of different meals, close its
    pieces. What follows the last name ("... for lunch ~900 cal") is the last meal's."""
    labels = list(_LABEL_AFTER.finditer(ctx.text))
    if len(labels) < 2 or len({m.group(1) for m in labels}) < len(labels) or MEAL_START.match(ctx.text):  # fmt: skip
        return None
    out: list[tuple[Intent, Slots, list[str]]] = []
    start = 0
    said = ctx.today
    for i, label in enumerate(labels):
        body = _ATE_FIRST.sub("", _JOINED.sub("", ctx.text[start : label.start()]).strip(" .;,!"))
        if _bare(label) and not _food_like(body) and not food_words().search(body):
            return None  # ("had a big lunch, small dinner": no food named, asked)
        if i == len(labels) - 1:
            body += " " + ctx.text[label.end() :]
        start = label.end()
        piece = f"{_LETTER_MEAL.get(label.group(1), label.group(1))}: {body.strip(' .;,!')}"
        result = log_meal(Ctx(piece, piece, ctx.today, ctx.exercises))
        if not body.strip() or _MEAL_WORD.search(body) or _OTHER_LOG.search(body) or result is None or result[0] != "log_meal":  # fmt: skip
            return None
        # ("yesterday: pizza for lunch, yogurt as a snack": a meal that says no day of its
        # own is of the day the meal before it said)
        if date_slots(piece, ctx.today) or _TODAY_WORD.search(piece):
            said = result[1]["date"]
        elif out:
            result[1]["date"] = said
        out.append(result)
    return out


_TODAY_WORD = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|am))\b")


# Words of a meal message that name no food: a description of only these is asked
MEAL_FILLER = frozenset(
    {"a", "an", "the", "some", "my", "big", "massive", "huge", "large", "small", "little",
     "light", "heavy", "quick", "nice", "good", "great", "decent", "proper", "lovely", "log",
     "it", "that", "this", "please", "pls", "had", "ate", "eaten", "have", "just", "really",
     "very", "so", "for", "meal", "breakfast", "brekkie", "lunch", "dinner", "supper", "snack",
     "today", "tonight", "earlier", "yesterday", "again", "too", "and", "i", "me", "was",
     "were", "is", "one", "out", "in",
     # a request to log it, not a food ("had my lunch, can you put it in")
     "can", "could", "would", "you", "put", "add", "record", "note", "down", "enter", "pop",
     "stick", "save", "track", "write", "up", "thanks", "thank", "cheers",
     # what stands for a food never named ("ate some stuff for lunch", "had a few bits",
     # "grabbed something"): nothing to store as what was eaten, so asked
     "stuff", "things", "thing", "something", "anything", "food", "bits", "bit", "pieces",
     "whatever", "random", "various", "few", "of", "lot", "lots", "loads", "grabbed", "got", "at",
     # a habit named, never its food ("had my usual for breakfast", "the same as always")
     "usual", "normal", "regular", "same", "as", "always",
     # the meal asked to be logged, never told ("log what I ate", "add everything I had")
     "what", "everything",
     # how well it went, never what it was ("ate like crap today", "ate clean", "ate badly")
     "like", "crap", "junk", "rubbish", "garbage", "trash", "badly", "terribly", "poorly", "bad",
     "healthy", "healthily", "clean", "well", "all", "day", "whole",
     # when and where it was eaten, never what ("had my shift meal", "the team meal", "work
     # lunch"), a meal skipped ("skipped breakfast but had a massive lunch") and the app it was
     # tracked in ("MyFitnessPal Dinner"): no food (wrong92)
     "shift", "work", "staff", "team", "family", "office", "skipped", "skip", "missed", "but",
     "myfitnesspal", "mfp", "cronometer", "loseit", "app", "tracker", "says", "said"}
)  # fmt: skip
