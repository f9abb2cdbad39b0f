"""Words of the other languages people mix into English logs, as the English the readings
know (split out of ``normalise``, which calls ``english_words`` first)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.eastern_words import plain_eastern
from fitcoach.assistant.nlu.iberian_words import plain_iberian
from fitcoach.assistant.nlu.number_words import NUM_WORD, SMALL, TENS
from fitcoach.coach.library import fold_accents

# Words of the languages people mix into English logs ("corrí 5 km en 27 minutos ayer",
# "natação ontem 1 hora e meia", "gestern 3 Sätze"), as the English the readings know: days,
# durations, sets and reps. Keys are accent-folded; a word is replaced only as a whole word.
_FOREIGN_WORDS = {
    # ("hier", French for yesterday, is "here" in German and Dutch: not read)
    **dict.fromkeys(("ayer", "ontem", "gestern", "ieri"), "yesterday"),
    **dict.fromkeys(
        ("anteayer", "anteontem", "vorgestern", "avantdernier"), "day before yesterday"
    ),
    **dict.fromkeys(("hoy", "hoje", "heute", "oggi"), "today"),
    "anoche": "last night",
    **dict.fromkeys(("lunes", "montag", "lunedi", "lundi"), "monday"),
    **dict.fromkeys(("martes", "dienstag", "martedi", "mardi"), "tuesday"),
    **dict.fromkeys(("miercoles", "mittwoch", "mercoledi", "mercredi"), "wednesday"),
    **dict.fromkeys(("jueves", "donnerstag", "giovedi", "jeudi"), "thursday"),
    **dict.fromkeys(("viernes", "freitag", "venerdi", "vendredi"), "friday"),
    **dict.fromkeys(("sabado", "samstag", "sabato", "samedi"), "saturday"),
    **dict.fromkeys(("domingo", "sonntag", "domenica", "dimanche"), "sunday"),
    **dict.fromkeys(("minutos", "minuto", "minuti", "minuten"), "min"),
    **dict.fromkeys(("horas", "hora", "ore", "stunden", "stunde", "heures", "heure"), "hours"),
    **dict.fromkeys(("series", "serie", "satze", "serien"), "sets"),
    **dict.fromkeys(
        ("repeticiones", "repeticion", "repeticoes", "repeticao", "wiederholungen", "ripetizioni"),
        "reps",
    ),
    **dict.fromkeys(("kilometros", "quilometros", "quilometro", "kilometro"), "km"),
    **dict.fromkeys(("metros", "metri"), "m"),
    **dict.fromkeys(("pasos", "passos", "schritte"), "steps"),
    # numbers said in words ("tres series de ocho", "quatro vezes na semana")
    **dict.fromkeys(("dois", "duas"), "two"),
    **dict.fromkeys(("tres", "drei"), "three"),
    **dict.fromkeys(("cuatro", "quatro", "vier"), "four"),
    **dict.fromkeys(("cinco", "funf"), "five"),
    **dict.fromkeys(("ocho", "oito", "acht"), "eight"),
    **dict.fromkeys(("diez", "dez", "zehn"), "ten"),
    **dict.fromkeys(("doce", "doze", "zwolf"), "twelve"),
    # the rest of 1-19 and the tens ("cuarenta y ocho minutos", "sessenta quilos", "trenta
    # minuti"); "once", "due", "sei", "otto" and Spanish "dos" ("of the" in Portuguese) are
    # words of other meanings: "dos" is read only before a count (_FOREIGN_PHRASES)
    **dict.fromkeys(("seis",), "six"),
    **dict.fromkeys(("siete", "sete", "sette"), "seven"),
    **dict.fromkeys(("nueve", "nove"), "nine"),
    **dict.fromkeys(("quattro",), "four"),
    **dict.fromkeys(("cinque",), "five"),
    "dieci": "ten",
    "onze": "eleven",
    "dodici": "twelve",
    **dict.fromkeys(("trece", "treze", "tredici"), "thirteen"),
    **dict.fromkeys(("catorce", "catorze", "quattordici"), "fourteen"),
    **dict.fromkeys(("quinze", "quindici"), "fifteen"),
    **dict.fromkeys(("veinte", "vinte", "venti"), "twenty"),
    **dict.fromkeys(("treinta", "trinta", "trenta"), "thirty"),
    **dict.fromkeys(("cuarenta", "quarenta", "quaranta"), "forty"),
    **dict.fromkeys(("cincuenta", "cinquenta", "cinquanta"), "fifty"),
    **dict.fromkeys(("sesenta", "sessenta", "sessanta"), "sixty"),
    **dict.fromkeys(("setenta", "settanta"), "seventy"),
    **dict.fromkeys(("ochenta", "oitenta", "ottanta"), "eighty"),
    **dict.fromkeys(("noventa", "novanta"), "ninety"),
    # units and the body's figures ("60 quilos", "46 pulsaciones", "energia 2")
    **dict.fromkeys(("quilos", "quilo"), "kilos"),
    **dict.fromkeys(("kilogramos", "quilogramas", "chilogrammi"), "kg"),
    **dict.fromkeys(("millas", "milhas", "miglia"), "miles"),
    **dict.fromkeys(("pulsaciones", "pulsacoes", "batimentos", "battiti", "lpm", "ppm"), "bpm"),
    **dict.fromkeys(("energia",), "energy"),
    **dict.fromkeys(("estresse",), "stress"),
    **dict.fromkeys(("calidad", "qualidade", "qualita"), "quality"),
    **dict.fromkeys(("buena", "boa", "buona"), "good"),
    # "12 kg en cada mano", "c/ 12kg cada mão": a load in each hand
    "cada": "each",
    **dict.fromkeys(("mano", "mao", "mani"), "hand"),
    # a plan's words ("vou pular o treino de hoje", "quita los burpees")
    **dict.fromkeys(("pular", "saltar", "saltarme", "auslassen", "skippen"), "skip"),
    **dict.fromkeys(("treino", "entreno", "entrenamiento"), "workout"),
    **dict.fromkeys(("entrenar", "treinar", "trainieren"), "train"),
    **dict.fromkeys(("quiero", "quero"), "i want to"),
    **dict.fromkeys(("tengo", "tenho"), "have"),
    **dict.fromkeys(("solo", "solamente", "somente"), "only"),
    **dict.fromkeys(("quita", "quitar", "saca", "sacar", "tira", "tirar", "retira"), "remove"),
    # the activities' verbs in the past ("corrí 5 km", "nadei 1500m")
    **dict.fromkeys(("corri", "corrio", "corrimos", "gelaufen", "couru"), "ran"),
    **dict.fromkeys(("nade", "nadei", "nadamos", "geschwommen", "nage"), "swam"),
    **dict.fromkeys(("camine", "caminhei", "caminamos"), "walked"),
    **dict.fromkeys(("pedale", "pedalei", "pedaleamos"), "cycled"),
    **dict.fromkeys(("reme", "remei"), "rowed"),
    **dict.fromkeys(("hice", "fiz", "feci"), "did"),
    **dict.fromkeys(("dormi", "dormido", "dormito"), "slept"),
    **dict.fromkeys(("acorde", "acordei", "desperte"), "woke up"),
    **dict.fromkeys(("trote", "trotando"), "jog"),
    **dict.fromkeys(("caminando", "caminhando", "camminando"), "walking"),
    "corrida": "run",  # Portuguese "5 km de corrida" (Spanish "corrida" is a bullfight)
    # the runners' Spanish and Portuguese words for an easy run ("rodaje suave 40 minutos",
    # "rodagem de 8 km") and the long one ("longão de 30 km")
    **dict.fromkeys(("rodaje", "rodagem"), "run"),
    **dict.fromkeys(("longao", "longão"), "long run"),
    "suave": "easy",
    # "corrí 12 km y después dormí 5 horas": what follows is another entry
    **dict.fromkeys(("despues", "depois", "dopo", "luego"), "then"),
    "rodada": "ride",  # Latin American cyclists' word for a ride
    **dict.fromkeys(("estatica", "ergometrica"), "stationary"),  # "bici estática"
    # "cinta 30 min caminando inclinada": the treadmill, at an incline (never a walk outside)
    **dict.fromkeys(("cinta", "esteira"), "treadmill"),
    "inclinada": "incline",
    "corsa": "run",  # "corsa 8 km in 44 min"
    "geslapen": "slept",
    # the daily check-in's scores ("estrés 3", "humeur 4", "umore 4")
    "estres": "stress",
    **dict.fromkeys(("humeur", "umore"), "mood"),
    **dict.fromkeys(("nacht", "nuit", "notte", "noche", "noite"), "night"),
    # corpus 57k writer BP: the scale's verb, German cardio, Turkish days
    **dict.fromkeys(("pesei", "pese", "pesaba", "pesava"), "weighed"),
    **dict.fromkeys(("laufen", "joggen"), "run"),
    **dict.fromkeys(("radfahren", "fahrrad", "radeln"), "cycling"),
    "crosstrainer": "elliptical",
    **dict.fromkeys(("danach", "dann"), "then"),
    "und": "and",
    "pazartesi": "monday",
    "carsamba": "wednesday",
    "persembe": "thursday",
    "cumartesi": "saturday",
    # (Turkish "ı" has no accent to fold: "salı" is its own key; "sali" without it is Spanish
    # "salí", I went out)
    "salı": "tuesday",
    "cuma": "friday",
    "uyku": "sleep",
    # the evening meal of Ramadan, a word of English logs too ("iftar: 3 dates, lentil soup");
    # the meals' names of other languages are not read: their foods would be stored as written
    "iftar": "dinner",
    # Russian log words, as people from Russia, Ukraine and their diasporas write them between
    # English ones ("отжимания 3x20", "вес 74.1", "пробежка 10 км за 55 минут")
    **dict.fromkeys(("отжимания", "отжиманий", "отжимание"), "push-ups"),
    **dict.fromkeys(("подтягивания", "подтягиваний", "подтягивание"), "pull-ups"),
    **dict.fromkeys(("приседания", "приседаний", "приседание"), "squats"),
    **dict.fromkeys(("пробежка", "пробежку", "бег"), "run"),
    **dict.fromkeys(("пробежал", "пробежала", "бегал", "бегала"), "ran"),
    **dict.fromkeys(("ходьба", "прогулка"), "walk"),
    **dict.fromkeys(("плавание",), "swim"),
    **dict.fromkeys(("спал", "спала"), "slept"),
    "вес": "weight",
    "кг": "kg",
    "км": "km",
    **dict.fromkeys(("мин", "минут", "минуты", "минуту"), "min"),
    **dict.fromkeys(("час", "часа", "часов"), "hours"),
    **dict.fromkeys(("подход", "подхода", "подходов", "подходы"), "sets"),
    **dict.fromkeys(("повторений", "повторения", "повтора"), "reps"),
    "за": "in",
    "сегодня": "today",
    "вчера": "yesterday",
}
# Russian phrases read before the words above: "пульс в покое" is the resting heart rate, "с
# весом 10 кг" a load added, "5х5" written with the Cyrillic letter
_RUSSIAN_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bпульс в покое\b", "resting hr"),
    (r"\bжим л[её]жа\b", "bench press"),
    (r"\bстановая(?: тяга)?\b", "deadlift"),
    (r"\bс весом\b", "with"),
    (r"(?<=\d)\s*х\s*(?=\d)", "x"),
)
_CLOCKISH = r"\d{1,2}(?::\d{2}|h\d{0,2})"  # "11:15", "23h", "7h30"
# a clock time that cannot be a count of hours: minutes said, past noon, or midnight
_TIMEOFDAY = r"\d{1,2}(?::|h)\d{2}|(?:1[3-9]|2[0-4]|0?0)(?::\d{2}|h)?\b"
_FOREIGN_PHRASES: tuple[tuple[str, str], ...] = (
    # Portuguese weekdays are ordinals too ("segunda série": the second set): a day only with
    # "-feira" or after "na"/"de"/"on"/"last" ("na quinta", "pelada de quinta")
    *(
        (rf"\b(?:(?:na|no|de|on|last|this) )?{pt}(?:-| )feira\b|\b(?:na|de|on|last) {pt}\b", day)
        for pt, day in (
            ("segunda", "monday"),
            ("ter[cç]a", "tuesday"),
            ("quarta", "wednesday"),
            ("quinta", "thursday"),
            ("sexta", "friday"),
        )
    ),
    (r"\b(?:una|uma|un|une|eine) (hours)\b", r"1 \1"),  # "una hora", after the words above
    # the Portuguese long run, "longo" said alone as a noun ("longo de sunday: 21 km", "fiz um
    # longo de 25 km", "o longo 18k"), and the Spanish "tirada larga"
    (r"\b(?:(?:o|um|meu|the|my) )?longo(?= (?:de|do|of) |\s*:|\s+\d)|\btirada larga\b", "long run"),
    # "bici estática", "bicicleta ergométrica", "cyclette": the stationary bike, never a ride
    (r"\b(?:bici|bicicleta|bike) stationary\b|\bcyclette\b", "stationary bike"),
    # "cuarenta y ocho", "trinta e cinco": a tens word and a unit word make one number
    (
        rf"\b({'|'.join(TENS)}) (?:y|e) ({'|'.join(w for w, i in SMALL.items() if 1 <= i <= 9)})\b",
        r"\1 \2",
    ),
    # Spanish 2 and 15, before a count only ("dos" is also Portuguese "of the", "quince" a fruit)
    (r"\bdos(?= (?:sets|reps|hours|min|km|kilos|kg|miles)\b)", "two"),
    # "esta mañana", "hoje de manhã", "heute morgen": this morning; "como 5 horas" (about)
    (r"\b(?:esta ma[nñ]ana|(?:today )?de manh[aã]|esta manh[aã]|heute morgen)\b", "this morning"),
    (r"\bcomo (?=\d+(?:\.\d+)? (?:hours|min)\b)", "about "),
    (r"\bslept mal\b", "slept badly"),
    (r"(?<=\d min) rad\b", " cycling"),  # German "20 min Rad": on the bike
    (r"\bquince(?= (?:sets|reps|hours|min|km|kilos|kg|miles)\b)", "fifteen"),
    (r"\bc/\s*", "with "),  # "c/ 12kg": Portuguese "com"
    # "1200 de desnivel", "800m D+": the climb of a hike or a trail run, in metres
    (
        r"(?<![\d.])(\d+)\s*m?\s+(?:de\s+)?(?:desn[ií]vel(?: positivo)?|dislivello|d\+)",
        r"\1 m elevation",
    ),
    # "20 min de bici", "5 km de corrida", "3 series de 12 de sentadilla": "of"
    (rf"(?<![\w.])(\d+|{NUM_WORD}) (min|hours|km|miles|mi|m) de (?=[^\W\d])", r"\1 \2 of "),
    (rf"\b((?:sets|reps) (?:of|de) (?:\d+|{NUM_WORD})) de (?=[^\W\d])", r"\1 of "),
    (r"\b(?:en|em|na|nella) (?=each hand\b)", "in "),
    (r"\b(?:y|e) (?:media|meia|mezza)\b|\bund halb\b|\bet demie\b", "and a half"),
    (rf"\b(?:con|com|mit|avec)(?= (?:\d|{NUM_WORD}\b))", "with"),  # "com 50kg": a load follows
    (r"\b(sets|reps) de (?=\d|[a-z]+\b)", r"\1 of "),  # "4 series de 20", "de ocho"
    (r"\b(?:media|meia) hours\b", "30 min"),  # "media hora", after the words above
    # "4 días por semana", "quatro vezes na semana", "3x por semana": days a week
    (
        r"(?:\b(?:d[ií]as|veces|vezes|mal|tage)|(?<=\d)x)?\s*\b(?:por|a|na|pro|die|in der) (?:semana|woche)\b",
        " days a week",
    ),
    (rf"\b(?:en|em)(?= (?:\d|{NUM_WORD}\b))", "in"),  # "8 km en 46 min"
    # the resting heart rate ("fc repos 56", "rust hartslag 52", "Ruhepuls 55")
    (
        r"\bf\.?c\.? (?:au |a |en |de )?(?:repos|riposo|reposo|repouso)\b|"
        r"\bfr[eé]quence cardiaque au repos\b|\brust ?hartslag\b|\bhartslag in rust\b|"
        r"\bruhepuls\b|\bbattito a riposo\b|\bpulso en reposo\b|\bfrequenza (?:cardiaca )?a riposo\b|"
        r"\bfrequ[eê]ncia (?:card[ií]aca )?(?:de |em )?repouso\b",
        "resting hr",
    ),
    # a session's heart rate: "fc média 160", "pulso medio 138", "Puls 130", "fc 128"
    (
        r"\b(?:f\.?c\.?|pulso|puls|frecuencia card[ií]aca|frequ[eê]ncia card[ií]aca|frequenza cardiaca)"
        r"(?: (?:m[eé]dia|medio|media|moyenne))?(?=\s*:?\s*\d)",
        "hr",  # (not "avg hr": "avg" reads as a question about the average)
    ),
    # "woke up with 46 bpm", "acordei com fc 52": the heart rate on waking is the resting one
    (
        r"\b(woke(?: up)?|waking(?: up)?) (?:with|com|con) (?:an? )?(?:hr |heart rate |pulse )?(?=\d{2,3}\b(?!\s*(?:%|kg|lb|min|km|mi|h\b)))",
        r"\1 with resting hr ",
    ),
    # "humor 4": the mood's word where a score follows it (English "humor" is no score)
    (r"\bhumor(?=\W{0,3}\d)", "mood"),
    # Dutch clock hours: "1 uur tot 7 uur" is from 1:00 to 7:00 ("7 uur" alone: 7 hours)
    (r"(?<![\d:.])(\d{1,2}) uur (?:tot|-) (\d{1,2}) uur\b", r"from \1:00 to \2:00"),
    (r"(?<![\d:.])(\d+(?:[.,]\d+)?) uur\b", r"\1 hours"),
    (r"\bslecht slept\b", "slept badly"),
    (r"\bgoed slept\b", "slept well"),
    (r"\btot(?= \d)", "to"),
    # a night's two clock times joined by another language's "to" ("de 11:15 a 5:45", "23:45
    # bis 7:15", "das 0h às 7h30"): one side at least written as a clock, so "3 a 4 km" stays
    (
        rf"(?<![\d:.])({_CLOCKISH})\s+(?:a|às|as|até|ate|hasta|bis|au|à)\s+(?=\d{{1,2}}(?:[:h]|\b))",
        r"\1 to ",
    ),
    (rf"(?<=\d)\s+(?:a|às|as|até|ate|hasta|bis|au|à)\s+(?={_CLOCKISH}(?![\d:]))", " to "),
    # ... and its "from", where a side has minutes or is past noon or midnight ("de 6h a 7h"
    # may be six to seven hours of sleep: left as written)
    (
        rf"\b(?:de|das|desde|von|du)\s+(?=(?:{_TIMEOFDAY})\s+to\s+\d|\d{{1,2}}h?\s+to\s+(?:{_TIMEOFDAY})(?![\d:]))",
        "from ",
    ),
)


def english_words(text: str) -> str:
    """``text`` with the foreign log words above in English (other words as written)."""
    out = text
    out = plain_eastern(out)  # Polish, Russian, Ukrainian and Turkish log words
    out = plain_iberian(out)  # Spanish and Portuguese meal labels, last sets, rounds
    for pattern, repl in _RUSSIAN_PHRASES:
        out = re.sub(pattern, repl, out)
    words = re.sub(r"[^\W\d_]+", lambda m: _FOREIGN_WORDS.get(fold_accents(m.group(0)), m.group(0)), out)  # fmt: skip
    foreign = words != out
    out = words
    for pattern, repl in _FOREIGN_PHRASES:
        out = re.sub(pattern, repl, out)
    if foreign:  # another language's log: its "y" / "e" is "and" (a clause splits there)
        out = re.sub(r"(?<=\S) (?:y|e) (?=\S)", " and ", out)
    return out
