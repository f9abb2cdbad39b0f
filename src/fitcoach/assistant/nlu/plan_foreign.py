"""A plan request written in Spanish, Portuguese, Italian, German, Polish, Tagalog, Hindi (in
Latin letters, as Hinglish mixes it in) or Scots, said again in the
English words the plan readers know ("cambia el press militar por press arnold" → "swap
press militar for press arnold", "pasa el entrenamiento del jueves al viernes" → "move workout
from thursday to friday").

Only for a message no reader understood as written (``intents.understand`` tries the plan
readers on this English last, and only them): an English message, and every log, question or
red flag read as written, is never read through these words. ``normalise`` has already put a
few words of logs in English (weekdays, "hoy", "minutos", "treino", "quita"); the words here
are those of plan changes. Exercise names stay as written: the library knows their names in
these languages ("peso muerto", "dominadas", "jalón al pecho")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fitcoach.assistant.nlu.base import Ctx, Result, Understanding
from fitcoach.assistant.nlu.matcher import ExerciseMatcher, default_matcher
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.plan_loads import change_load
from fitcoach.assistant.nlu.plan_pointers import kit_pointed, swap_pointed
from fitcoach.assistant.nlu.plan_requests import (
    remove_exercise,
    set_equipment,
    swap,
    vague_plan_request,
)
from fitcoach.assistant.nlu.plan_sessions import move_session, skip_session
from fitcoach.assistant.nlu.plan_shape import days_a_week_change, generate_plan, session_minutes
from fitcoach.coach.library import fold_accents
from fitcoach.core.errors import InvalidInput

# One word for one word or phrase, looked up without accents ("sáltalo" as "saltalo").
_WORDS: dict[str, str] = {
    # swap
    **dict.fromkeys(
        (
            "cambia",
            "cambiar",
            "cambiame",
            "cambie",
            "troca",
            "trocar",
            "troque",
            "substitui",
            "substituir",
            "substitua",
            "sostituisci",
            "sostituire",
            "ersetze",
            "ersetzen",
            "tausche",
            "tauschen",
            "zamien",
            "zamienic",
            "wymien",
            # Tagalog (Taglish: "pwede palit yung lunges")
            "palit",
            "palitan",
            "ipalit",
            "papalit",
        ),
        "swap",
    ),
    **dict.fromkeys(
        ("cambialo", "cambiala", "cambialos", "cambialas", "trocalo", "trocala"), "swap it"
    ),
    # remove
    **dict.fromkeys(
        (
            "elimina",
            "eliminar",
            "elimine",
            "borra",
            "borrar",
            "togli",
            "togliere",
            "rimuovi",
            "entferne",
            "entfernen",
            "streiche",
            "streichen",
            "usun",
            "tanggal",
            "tanggalin",
            "alisin",
        ),
        "remove",
    ),
    # move
    **dict.fromkeys(
        (
            "pasa",
            "pasar",
            "mueve",
            "passa",
            "sposta",
            "spostare",
            "verschiebe",
            "verschieben",
            "verleg",
            "verlege",
            "przenies",
            "przesun",
            "lipat",
            "ilipat",
        ),
        "move",
    ),
    # fewer or more of something: days, minutes ("baja las sesiones a 45 min", "bájalo a 2 días")
    **dict.fromkeys(
        ("baja", "bajar", "reduce", "reduza", "reduz", "diminui", "abbassa", "riduci"), "lower"
    ),
    **dict.fromkeys(("bajalo", "bajala", "bajalas", "bajalos", "reducelo"), "lower it"),
    **dict.fromkeys(("sube", "subir", "sobe", "alza", "aumenta"), "raise"),
    **dict.fromkeys(("subelo", "subela"), "raise it"),
    # skip
    **dict.fromkeys(("saltalo", "saltala", "pulalo", "pula", "salta", "pomin"), "skip it"),
    # the days (Polish, and the words of tomorrow normalise leaves)
    **dict.fromkeys(("manana", "amanha", "domani", "morgen", "jutro"), "tomorrow"),
    **dict.fromkeys(("dzisiaj", "dzis"), "today"),
    **dict.fromkeys(("poniedzialek", "poniedzialku", "poniedzialkowy"), "monday"),
    **dict.fromkeys(("wtorek", "wtorku", "wtorkowy"), "tuesday"),
    **dict.fromkeys(("sroda", "srode", "srodowy"), "wednesday"),
    **dict.fromkeys(("czwartek", "czwartku", "czwartkowy"), "thursday"),
    **dict.fromkeys(("piatek", "piatku", "piatkowy"), "friday"),
    **dict.fromkeys(("sobota", "sobote", "sobotni"), "saturday"),
    **dict.fromkeys(("niedziela", "niedziele", "niedzielny"), "sunday"),
    # sessions, plans, their length and count
    **dict.fromkeys(
        (
            "sesion",
            "sesiones",
            "sessao",
            "sessoes",
            "sessione",
            "sessioni",
            "einheit",
            "einheiten",
            "trainingseinheit",
            "trainingseinheiten",
            "trainingsdauer",
            "duracion",
            "duracao",
            "durata",
            "sesja",
            "sesje",
        ),
        "sessions",
    ),
    **dict.fromkeys(
        ("allenamento", "allenamenti", "trening", "treningi", "entrenamientos", "treinos"),
        "workout",
    ),
    **dict.fromkeys(("plano", "programa", "programma", "trainingsplan", "rutina"), "plan"),
    **dict.fromkeys(
        ("nuevo", "nueva", "novo", "nova", "nuovo", "nuova", "neuer", "neue", "neues", "nowy"),
        "new",
    ),
    **dict.fromkeys(("hazme", "haz", "crea", "creame", "fai", "erstelle"), "make"),
    **dict.fromkeys(("dias", "giorni", "tage", "tagen", "dni"), "days"),
    **dict.fromkeys(("maximo", "massimo", "maximal", "maks", "maksymalnie"), "max"),
    **dict.fromkeys(("einmal",), "once"),
    **dict.fromkeys(("zweimal",), "twice"),
    **dict.fromkeys(("dreimal",), "3 times"),
    **dict.fromkeys(("viermal",), "4 times"),
    **dict.fromkeys(("funfmal",), "5 times"),
    # goals
    **dict.fromkeys(
        (
            "hipertrofia",
            "ipertrofia",
            "hypertrophie",
            "muskelaufbau",
            "musculo",
            "muscolo",
            "masa",
            "massa",
        ),
        "muscle",
    ),
    **dict.fromkeys(("fuerza", "forca", "forza", "kraft", "sila"), "strength"),
    **dict.fromkeys(("grasa", "gordura", "grasso", "fett"), "fat"),
    **dict.fromkeys(("perder", "perdere", "verlieren", "abnehmen"), "lose"),
    **dict.fromkeys(("ganar", "ganhar", "aufbauen"), "build"),
    # equipment
    **dict.fromkeys(
        ("mancuernas", "mancuerna", "halteres", "manubri", "kurzhanteln", "kurzhantel", "hantle"),
        "dumbbells",
    ),
    **dict.fromkeys(("barra", "langhantel", "bilanciere", "sztanga"), "barbell"),
    **dict.fromkeys(("barras",), "barbells"),
    **dict.fromkeys(("banco", "panca", "lawka"), "bench"),
    **dict.fromkeys(("maquinas", "macchine", "maschinen", "maszyny"), "machines"),
    **dict.fromkeys(("gimnasio", "academia", "palestra", "fitnessstudio", "silownia"), "gym"),
    **dict.fromkeys(("pesas", "pesos"), "weights"),
    # small words
    **dict.fromkeys(
        ("el", "la", "los", "las", "lo", "le", "il", "gli", "o", "os", "die", "der", "das", "den"),
        "",
    ),
    **dict.fromkeys(("un", "una", "uno", "um", "uma", "ein", "eine", "einen"), "a"),
    **dict.fromkeys(("mi", "mis", "meu", "minha", "meus", "mein", "meine", "moj", "moje"), "my"),
    **dict.fromkeys(("y", "e", "und", "oraz"), "and"),
    **dict.fromkeys(("sin", "sem", "senza", "ohne", "bez"), "without"),
    **dict.fromkeys(("tiene", "tem"), "has"),
    **dict.fromkeys(("puedo", "posso", "kann", "pwede", "puwede", "pede"), "can"),
    **dict.fromkeys(("yung", "ang", "mga", "po", "ba", "bang", "ko"), ""),  # Tagalog's small words
    # Hindi in Latin letters, as Hinglish mixes it in ("mera plan 3 din ka kar do")
    **dict.fromkeys(("din",), "days"),
    **dict.fromkeys(("mera", "meri", "mere"), "my"),
    **dict.fromkeys(("sirf",), "only"),
    **dict.fromkeys(("hatao", "hatado", "hata"), "remove"),
    **dict.fromkeys(("badlo", "badaldo"), "swap"),
    **dict.fromkeys(("ka", "ki", "ke", "bhai", "yaar", "yar"), ""),
    # Scots, as it is written ("gies a plan tae get fit, nae kit"; "at aw" is a phrase below)
    **dict.fromkeys(("gies",), "give me"),
    **dict.fromkeys(("gie",), "give"),
    **dict.fromkeys(("tae",), "to"),
    **dict.fromkeys(("nae",), "no"),
    **dict.fromkeys(("wi",), "with"),
    **dict.fromkeys(("oot",), "out"),
    **dict.fromkeys(("fae",), "from"),
    **dict.fromkeys(("cannae",), "can't"),
    **dict.fromkeys(("dinnae",), "don't"),
    **dict.fromkeys(("bukas",), "tomorrow"),
    **dict.fromkeys(("ngayon",), "today"),
    **dict.fromkeys(("preciso", "necesito", "brauche"), "need to"),
    **dict.fromkeys(("mudar", "andern"), "change"),
    **dict.fromkeys(("para", "per", "fur"), "for"),
    **dict.fromkeys(("bitte", "porfa", "prosze", "noch"), ""),
    **dict.fromkeys(("nur", "tylko", "soltanto"), "only"),
    **dict.fromkeys(("ich", "io", "ja", "eu", "yo"), "i"),
    **dict.fromkeys(("mozemy", "podemos", "possiamo", "konnen"), "can we"),
    **dict.fromkeys(
        (
            "trenowac",
            "trainiere",
            "trainieren",
            "allenarmi",
            "allenarsi",
            "entrenar",
            "treinar",
            "allenare",
        ),
        "train",
    ),
}
_DAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow"
# Phrases, after the words above: the words around a change that a word alone would misread.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bl'", ""),  # "l'allenamento"
    (r"\bat aw\b", "at all"),  # Scots
    (r"\b(?:por|for) (?:favor|favore)\b", ""),  # "per" is "for" by now
    (r"\b(?:no|al|como|ao) max\b|\bhochstens\b", "max"),  # "máximo" is "max" by now
    (r"\b(once|twice|\d+ times) days a week\b", r"\1 a week"),  # "dreimal pro Woche"
    (r"\bno puedo\b|\bnao posso\b|\bnon posso\b|\bkann nicht\b|\bnie moge\b", "can't"),
    (r"\b(?:en|em|a|zu) (?:casa|hause)\b|\bw domu\b", "at home"),
    (r"\bab jetzt\b|\ba partir de (?:ahora|agora|hoy|hoje)\b|\bod teraz\b", "from now on"),
    (r"\bbarbell de (?:dominadas|pull-?ups)\b|\bklimmzugstange\b|\bdrazek\b", "pull-up bar"),
    (
        r"\bbarbells libres\b|\bweights libres\b|\bweights livres\b|\bfreie gewichte\b",
        "free weights",
    ),
    (
        r"\bpeso (?:do|del) (?:corpo|cuerpo)\b|\bpeso corporal\b|\bkorpergewicht\b|\bcorpo libero\b",
        "bodyweight",
    ),
    (r"\bno hay\b|\bnao tem\b|\bnon c'e\b|\bkeine?n?\b", "no"),
    (r"\b(?:essa|esta|questa|diese) (?:semana|settimana|woche)\b|\bw tym tygodniu\b", "this week"),
    (r"\bdwa razy\b", "twice"),
    # Hindi: "kar do" is "make (it)", "hafte mein" is "a week"
    (r"\bkar (?:do|de|dijiye|dijie|dena|doge)\b|\bkardo\b|\bkarde\b|\bbana (?:do|de)\b", "make"),
    (r"\b(?:hafte|hafta) (?:mein|my|me|main) (\d) days\b", r"\1 days a week"),
    (r"\b(?:hafte|hafta) (?:mein|my|me|main)\b|\bper hafta\b", "a week"),
    # out with it and something else in: "ye lunges hata ke kuch aur daal do" (this, take out,
    # something else, put in) is a swap left to the coach
    (
        r"^\s*(?:ye|yeh|is|the)?\s*([a-z][a-z' -]*?) (?:remove|swap)\s+(?:kar\s+)?kuch (?:aur|or|dusra|doosra)"
        r"(?: (?:exercise|cheez|chiz))?(?: (?:daal|dal|rakh|de|laga|lagao|kar|make)(?: (?:do|de|dijiye|dena))?)?\b",
        r"swap \1 for something else",
    ),
    # and its verb after the object: "squats hatao" is "remove squats"
    (r"^\s*([a-z][a-z' -]*?) (remove|swap)(?=\s*(?:[,.;!?]|$))", r"\2 \1"),
    # Tagalog "lang" (only) follows what it limits: "30 mins lang" is "just 30 mins"
    (r"\b(\d+(?:\.\d+)? ?[a-z]+) lang\b", r"just \1"),
    (r"\blang\b", "only"),
    (r"\b(?:w|with) tygodniu\b|\ba (?:la )?settimana\b|\bin der woche\b", "a week"),
    (r"\bnur noch\b", "only"),
    # the count after a change: "lower sessions a 45 min", "lower it a 2 days" ("a" is "to")
    (
        r"\b(lower|lower it|raise|raise it|sessions|workout|days|train) (?:a|ao|para) (?=\d)",
        r"\1 to ",
    ),
    # all there is: "una mancuerna de 10 kg y una barra de dominadas, nada más"
    (r"^(?:have|has)\b", "i have"),  # "tengo ...": normalise leaves the verb without its "i"
    (r"\bnada mais\b|\bnada mas\b|\bniente (?:altro|di piu)\b|\bsonst nichts\b", "nothing else"),
    (r"\bdumbbells de (\d+(?:\.\d+)? ?(?:kg|kilos?|lbs?))\b", r"\1 dumbbell"),
    # for now, and none of a lift for now: "nada de press ... de momento", "per ora niente stacchi"
    (r"\b(?:de momento|por ahora|por enquanto|por agora|per ora|per adesso|vorerst)\b", "for now"),
    (r"\b(?:nada de|nada|niente|nessun|nessuna|kein)\b(?= \w)", "no"),
    # a swap's "for": "cambia X por Y", "sostituisci X con Y", "zamień X na Y", "ersetze X durch Y"
    (r"\bswap (.+?) (?:por|pelo|pela|con|col|coi|durch|gegen|mit|na|per|for|ng) ", r"swap \1 for "),
    # a move's days: "del jueves al viernes", "di domani a venerdi", "do sábado para domingo"
    (
        r"\b(?:del|de|do|da|di|von|vom|z) (\w+) (?:al|a|ao|para|for|pro|auf|na) (?=\w)",
        r"from \1 to ",
    ),
    (r"\bmove workout (\w+) (?:al|a|ao|para|for|pro|auf|na) ", r"move \1's workout to "),
    (rf"\b(?:al|alla|na|auf den|auf|ao|pro|sa) (?={_DAY})", "to "),
    # "heute fällt aus": today's session is off
    (r"^(\w+) fallt aus\b", r"skip \1"),
    (r"\bfallt (\w+) aus\b", r"skip \1"),
    # "aus dem plan nehmen", "raus nehmen": taken out
    (
        r"^(.+?) (?:aus (?:dem )?(?:plan|programm)|raus|heraus) (?:nehmen|streichen|remove)\b",
        r"remove \1",
    ),
    # where: "tira o leg press do treino de quinta" (the day already in English)
    (
        rf"\b(?:do|da|del|dal|dalla|z|aus dem|vom) workout (?:de |del |di |do |vom |von )?({_DAY})\b",
        r"from \1's workout",
    ),
    (r"\b(sessions|workout) (?:de|di|von|z) (?=\d)", r"\1 of "),
    (r"\bauf (?=\d)", "to "),
    (r"\b(?:con|com|mit|z) (?=dumbbells|barbell|bench|machines|kettlebells|weights)", "with "),
    # lifts named in words the table above has put in English ("supino com halteres")
    (
        r"\bsupino (?:reto )?with dumbbells\b|\bpress (?:de banca )?with dumbbells\b",
        "dumbbell bench press",
    ),
    (r"\bpress\s+(?:por\s+encima\s+de|sopra)\s+(?:la\s+)?(?:cabeza|testa)\b", "overhead press"),
    (r"\s+", " "),
)


# Words with their accent that mean something else without it ("só" is only; "so" is English).
_ACCENTED = {"só": "only"}
# The words of a plan change: the English must say one the message did not say as written, or
# it is no plan request in another language ("pra pesagem ... faz 4 dias": no change asked;
# "i feel so sleepy" is English).
_CHANGE_WORDS = frozenset(
    [
        "swap",
        "remove",
        "move",
        "skip",
        "sessions",
        "workout",
        "plan",
        "new",
        "make",
        "train",
        "change",
        "gym",
        "dumbbells",
        "barbell",
        "barbells",
        "bench",
        "machines",
        "weights",
        "bodyweight",
        "muscle",
        "strength",
        "fat",
        "lose",
        "build",
        "can",
        "can't",
        "need",
        "max",
        "home",
        "lower",
        "raise",
        "else",
        "no",
    ]
)


# The words that ask for a change outright (a verb, "max", "nothing else"): with one of these
# a log the rules would ask about ("salta el del domingo, tengo la carrera de 10k") is a plan
# change (``offline.respond``); equipment or a goal alone is not.
_ASKING_WORDS = frozenset(["swap", "remove", "move", "skip", "lower", "raise", "max", "else"])


def plan_in_english(normalised: str) -> str:
    """``normalised`` (``normalise``'s text) with the words of plan changes above in English;
    other words as written, so an English message comes back (nearly) as it was."""

    def english(m: re.Match[str]) -> str:
        word = m.group(0)
        return _ACCENTED.get(word) or _WORDS.get(fold_accents(word), fold_accents(word))

    out = re.sub(r"[^\W\d_]+", english, normalised)
    for pattern, repl in _PHRASES:
        out = re.sub(pattern, repl, out)
    return out.strip()


# The plan readers, in the order ``intents._FAMILIES`` tries them (it takes them from here).
PLAN_FAMILIES: tuple[Callable[[Ctx], Result], ...] = (
    change_load,
    move_session,
    days_a_week_change,
    kit_pointed,  # ("machines now, use those instead of my bands": the kit, before a swap)
    swap,
    swap_pointed,
    remove_exercise,
    skip_session,
    generate_plan,
    session_minutes,
    set_equipment,
    vague_plan_request,
)


def understand_plan_in_english(
    text: str,
    *,
    today: date,
    exercises: ExerciseMatcher | None = None,
    asked_outright: bool = False,
) -> Understanding | None:
    """The plan change a message asks for in another language, read by the plan readers on
    its English words (``plan_in_english``); None when none reads one, or when the English
    says no word of a plan change that the message did not say as written (with
    ``asked_outright``, no word that asks for one: a verb, "max", "nothing else")."""
    normalised = normalise(text)
    english = plan_in_english(normalised)
    said = set(re.findall(r"[a-z']+", fold_accents(normalised)))
    words = _ASKING_WORDS if asked_outright else _CHANGE_WORDS
    found = set(re.findall(r"[a-z']+", english))
    # days are a change only beside training wanted ("quiero entrenar 6 días"); "faz 4 dias que
    # como só uma maçã" is four days ago
    days_wanted = not asked_outright and "days" in found - said and bool({"train", "want"} & found)
    if not (found - said) & words and not days_wanted:
        return None
    return _read_plan(english, text, today, exercises)


def vague_plan_in_english(
    text: str, wants: str, *, today: date, exercises: ExerciseMatcher | None = None
) -> Understanding | None:
    """The plan change ``wants`` (a vague request's kind: "move_session", "skip_session"...)
    read in full on the English words of a message that mixes in another language ("move el leg
    day del viernes al sábado": which day from and to is said in Spanish); None when the English
    is the message as written or reads another change or one with problems."""
    normalised = normalise(text)
    english = plan_in_english(normalised)
    if english == normalised.strip():
        return None
    plan = _read_plan(english, text, today, exercises)
    intent = {"days_per_week": "generate_plan"}.get(wants, wants)
    if plan is None or plan.intent != intent or plan.problems:
        return None
    return plan


def _read_plan(
    english: str, text: str, today: date, exercises: ExerciseMatcher | None
) -> Understanding | None:
    """What the plan readers read in ``english`` (the words of ``text`` in English)."""
    ctx = Ctx(english, text, today, exercises or default_matcher())
    for family in PLAN_FAMILIES:
        try:
            result = family(ctx)
        except (InvalidInput, ValueError, OverflowError):
            return None
        if result is not None:
            intent, slots, problems = result
            return Understanding(intent, slots, 0.9 if not problems else 0.6, problems)
    return None
