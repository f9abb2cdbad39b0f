"""The log words of Polish, Russian, Ukrainian and Turkish said in English (issue 57, the
twenty-first set's writer BA: Eastern Europe, Russia, Ukraine, Turkey, the Caucasus).

Left as written, "przysiad 4x8 na 80 kg" had its lift unknown and "na" (Polish and Russian
"on") read into the name; "жим лежа 100 на 3 раза, 3 подхода" had no reps or sets; "obiad:"
and "kahvaltı:" were no meal labels. Only words with no other meaning in an English log are
rewritten (the Cyrillic ones cannot be English at all); a number's Turkish suffix ("30'lar",
the 30s) is dropped so the number reads alone. ``plain_eastern`` runs in ``normalise`` on the
lower-cased text, before its number words are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.nlu.food_lexicon import food_words
from fitcoach.assistant.nlu.glosses import glossed

_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # lifts (Polish, Russian, Ukrainian)
    (re.compile(r"\bprzysiad(?:y|ów)? przedni\w*"), "front squat"),
    (re.compile(r"\bprzysiad(?:y|ów)?\b|\bприсед\w*|\bприсідання\b"), "squat"),
    (re.compile(r"\bwyciskanie (?:sztangi )?(?:leżąc|lezac|na ławce|na lawce)\b"), "bench press"),
    (
        re.compile(r"\bwyciskanie nad głowę\b|\bwyciskanie nad glowe\b|\bжим стоя\b"),
        "overhead press",
    ),
    # "wyciskanie" alone, as a gym says it: the bench press
    (re.compile(r"\bwyciskanie\b"), "bench press"),
    # "wiosłowanie sztangą" (rowing with the barbell): the barbell row
    (re.compile(r"\bwios[łl]owanie sztang[ąa]\b"), "barbell row"),
    (re.compile(r"\bmartwy ciąg\b|\bmartwy ciag\b|\bстанова тяга\b"), "deadlift"),
    (re.compile(r"\bжим лежачи\b"), "bench press"),
    (
        re.compile(r"\bpodciąganie\b|\bpodciaganie\b|\bподтягивани[яей]\b|\bпідтягування\b"),
        "pull-ups",
    ),
    (re.compile(r"\bpompki\b|\bотжимани[яей]\b|\bвіджимання\b"), "push-ups"),
    # "на 3 раза" (for 3 reps), "3 подхода" (3 sets), "3 серии"
    (re.compile(r"\bна (\d+) (?:раз[а]?|повтор\w*)"), r"x \1 reps"),
    # (never "3 раза в неделю", three times a week: a plan's days)
    (re.compile(r"(?<=\d) ?(?:раз[а]?|повтор\w*)\b(?! (?:в|на) (?:неделю|тиждень))"), " reps"),
    (re.compile(r"(?<=\d) ?(?:подход\w*|підход\w*|сери[ийя]|serie|serii|seri)\b"), " sets"),
    (re.compile(r"(?<=\d) ?(?:powtórze\w*|powtorze\w*|tekrar)\b"), " reps"),
    # "4x8 na 80 kg", "5x5 на 100": the load the sets were done at
    (re.compile(r"(\d\s*x\s*\d+)\s+(?:na|на)\s+(?=\d)"), r"\1 at "),
    (re.compile(r"(?<=\d)\s*кг\b"), " kg"),
    # Polish "rower" is a bicycle ("rower stacjonarny": the stationary one), never a rowing
    # machine; only its Polish forms are read ("30 min on the rower" stays a row)
    (re.compile(r"\brower(?:ek|ze)? stacjonarn\w*|\bstacjonarn\w* rower\w*"), "stationary bike"),
    (re.compile(r"\b(?:na )?rowerze\b|\browerem\b"), "cycled"),
    # the body's numbers: weight, the pulse on waking
    (re.compile(r"\bпульс утром\b|\bутренний пульс\b|\bранковий пульс\b"), "resting hr"),
    (re.compile(r"\bвес\b|\bвага\b|\bwaga\b"), "weight"),
    # days
    # Turkish cardio and time words ("3 km yüzme, 70 dakika")
    (re.compile(r"\by[üu]zme\b"), "swim"),
    (re.compile(r"\bko[şs]u\b"), "run"),
    (re.compile(r"(?<=\d) ?(?:dakika|dk)\b"), " min"),
    (re.compile(r"(?<=\d) ?saat\b"), " h"),
    (re.compile(r"\bbugün\b|\bсегодня\b|\bсьогодні\b|\bdzisiaj\b|\bdziś\b"), "today"),
    (re.compile(r"\bdün\b|\bвчера\b|\bучора\b|\bwczoraj\b"), "yesterday"),
    # "30'lar", "20'lik": the number alone
    (re.compile(r"(?<=\d)'(?:lar|ler|lık|lik|luk|lük)\b"), ""),
)
# Meal labels: "obiad" is the main meal of the middle of the day, "обед" too. A label is read
# only before a food the list knows in English: a meal of foreign dishes alone ("obiad:
# schabowy 150g, ziemniaki") would be stored in words nobody reads back as its foods.
_MEAL_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bśniadanie\b|\bsniadanie\b|\bзавтрак\b|\bсніданок\b|\bkahvalt[ıi]\b"),
        "breakfast",
    ),
    (re.compile(r"\bobiad\b|\bобед\b|\bобід\b|\böğle yemeği\b|\bogle yemegi\b"), "lunch"),
    (re.compile(r"\bkolacja\b|\bужин\b|\bвечеря\b|\bakşam yemeği\b|\baksam yemegi\b"), "dinner"),
)
# A word only these languages use in a log: English logs are never touched
_EASTERN = re.compile(
    r"[а-яёіїєґ]|\b(?:przysiad\w*|wyciskanie|martwy|podci[aą]ganie|pompki|na|obiad|[sś]niadanie|"
    r"kolacja|waga|dzisiaj|dziś|wczoraj|powt[oó]rze\w*|serii?|seri|tekrar|kahvalt[ıi]|bugün|dün|"
    r"öğle|ogle|akşam|aksam|stacjonarn\w*|rowerze|rowerem|wios[łl]owanie|y[üu]zme|ko[şs]u|dakika|dk|saat)\b|\d'(?:lar|ler|lık|lik|luk|lük)\b"
)


def plain_eastern(text: str) -> str:
    """``text`` with its Polish, Russian, Ukrainian and Turkish log words said in English."""
    if not _EASTERN.search(text):
        return text
    return glossed(text, _PHRASES, _MEAL_LABELS, _labelled)


def _labelled(text: str, label: str) -> Callable[[re.Match[str]], str]:
    """The English meal label where a known food follows it; else the word as written."""

    def repl(m: re.Match[str]) -> str:
        return label if food_words().search(text[m.end() :]) else m.group(0)

    return repl
