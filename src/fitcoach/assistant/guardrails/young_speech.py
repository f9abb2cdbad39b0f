"""Red flags and look-alikes said the way 16-25 year olds text (recall17, issue 57).

The seventeenth final blind set's writer AT wrote as young athletes do: gym slang, lowercase and
emoji, and the languages they mix in (Hinglish, Spanglish, Taglish, Nigerian Pidgin, MLE). The
rules alone missed a third of its self-harm and raised alarms on jokes that name their benign
sense. Each check here is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_young_speech.yaml``:

- self-harm (``young_self_harm``): a wish not to live in Pidgin, Taglish or Hinglish, or "no
  more" in AAVE and MLE, leaving this world, not seeing myself live to an age, an intent
  to end it with a time, means sat waiting beside me, cutting "both kinds", nobody would miss me in
  Spanish, Portuguese or Hinglish, a thought of not turning at a bend while driving, many pills
  swallowed and then kept secret or woken up sick from, not being around with "what's the
  point" (never beside a reason to be away), and a Hinglish joke taken back;
  ``young_weak_kinds`` adds finality's weak kinds (sorting who gets my things, cancelling
  everything, my kit offered to anyone);
- the body (``young_flags``): chest pressure as if sat on, breath that will not come at rest in
  Pidgin or Hinglish, a reliever taken again and again with breathing still hard, dizziness in
  slang beside a racing heart, a muscle balled up after a snap, a kick felt in the heel with no
  push-off, a fall onto one's head with a neurological sign, a day of meals of nothing, water at
  zero for days;
- the body's words in the languages mixed in (``young_gloss``): Hinglish, Tagalog, Spanish
  and Pidgin chest pain, a blow to the head, vomiting, dizziness, a racing heart, no breath,
  rest, hot skin in the sun, written as the English every check reads, so that combinations,
  rest and negation are judged as in English; never where negated (Hindi "nahi" after,
  Tagalog "hindi" before), and no breath never beside a named effort;
- look-alikes (``young_figures``, a benign-sense rewrite): a chest "tight" taken back as tight
  shirts, blacking out on an app for hours, a crisis phrase quoted as a meme's sound, and one
  turned onto the bulk beside a training plan asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.concepts_body import (
    _EXERTION,
    _HEAD_TRAUMA,
    _NEURO,
    _NO_WEIGHT,
    _PALPITATION,
    _REST,
    _TRAUMA,
)
from fitcoach.assistant.guardrails.concepts_context import _ASTHMA
from fitcoach.assistant.guardrails.phrases import _DIZZY, _KICKED_FEEL, _PALPITATIONS, _POP
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _clauses, _found, _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_young_speech")  # coach/rules/red_flag_young_speech.yaml
_SH = patterns("red_flag_self_harm")
_SH_LOOKALIKES = patterns("red_flag_self_harm_lookalikes")

Pattern = Callable[[], re.Pattern[str]]

_STRONG: tuple[Pattern, ...] = (
    _V["ys_wish_not_live"],
    _V["ys_end_it_when"],
    _V["ys_means_at_hand"],
    _V["ys_cutting_both"],
    _V["ys_nobody_miss"],
)
_NOT_STEER = _V["ys_not_steer"]
_DRIVE_PLACE = _V["ys_drive_place"]
_PILLS_PLENTY = _V["ys_pills_plenty"]
_PILLS_AFTER = _V["ys_pills_after"]
_NOT_AROUND = _V["ys_not_around"]
_POINT = _V["ys_point"]
_JOKE_DEATH = _V["ys_joke_death"]
_NOT_JOKING = _V["ys_not_joking"]
_WEAK: tuple[tuple[Pattern, str], ...] = (
    (_V["ys_affairs"], "affairs"),
    (_V["ys_last"], "last"),
    (_V["ys_belongings"], "belongings"),
)
_AWAY = _SH["sh_away"]  # an ordinary reason to be away (a trip, a move, a new club)

_CHEST_PRESSURE = _V["ys_chest_pressure"]
_BREATH = _V["ys_breath_pidgin"]
_REST_SPOKEN = _V["ys_rest_pidgin"]
_RELIEVER_AGAIN = _V["ys_reliever_again"]
_BREATH_STILL = _V["ys_breath_still"]
_DIZZY_SLANG = _V["ys_dizzy"]
_HEART_FAST = _V["ys_heart_fast"]
_MUSCLE_BUNCHED = _V["ys_muscle_bunched"]
_KICKED_HEEL = _V["ys_kicked_heel"]
_HEAD_LANDED = _V["ys_head_landed"]
_MEAL_NOTHING = _V["ys_meal_nothing"]
_MEAL_DAY = _V["ys_meal_day"]
_MEAL = re.compile(r"\b(?:breakfast|brekkie|lunch|dinner|supper)\b")
_NO_WATER = _V["ys_no_water"]

# The body's words in the languages mixed in, and what every check reads them as.
_GLOSS: tuple[tuple[Pattern, str], ...] = (
    (_V["ys_gloss_chest_pain"], "chest pain"),
    (_V["ys_gloss_chest_burn"], "chest burning (heartburn)"),  # misc18
    (_V["ys_gloss_left_arm"], "left arm"),
    (_V["ys_gloss_numb_heavy"], "numb"),
    (_V["ys_gloss_head_hit"], "hit my head"),
    (_V["ys_gloss_headache"], "headache"),
    (_V["ys_gloss_vomiting"], "vomiting"),
    (_V["ys_gloss_dizzy"], "dizzy"),
    (_V["ys_gloss_heart_racing"], "heart racing"),
    (_V["ys_gloss_laughing"], "can't breathe from laughing"),
    (_V["ys_gloss_at_rest"], "sitting at rest"),
    (_V["ys_gloss_body_hot"], "my skin is burning hot"),
    (_V["ys_gloss_in_sun"], "in the hot sun"),
)
_CANT_BREATHE = _V["ys_gloss_cant_breathe"]
_BALLOONING = _V["ys_gloss_swelling_fast"]
_CANT_SPEAK = _V["ys_gloss_cant_speak"]
_SPEECH_OTHER_CAUSE = _V["ys_speech_other_cause"]

_SHIRT_TIGHT = _V["ys_shirt_tight"]
_BLACKED_OUT_APP = _V["ys_blacked_out_app"]
_BLACKOUT_KEEP = _V["ys_blackout_keep"]
_QUOTED_SOUND = _V["ys_quoted_sound"]
_RETARGETED_PLAN = _V["ys_retargeted_plan"]
_UNALIVE_MUSCLE = _V["ys_unalive_muscle"]
_JUMP_FOR_GOAL = _V["ys_jump_for_goal"]
_RETARGETED = _SH_LOOKALIKES["sh_retargeted"]
_HERE_RETARGETED = _V["sh_here_retargeted"]  # alarms92
_PLACE_BUSY = _V["sh_place_busy"]
_SH_KEEP = _SH_LOOKALIKES["sh_keep"]


def young_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's strong classes."""
    sentences = _sentences(text)
    if any(_said(p, sentences) for p in _STRONG):
        return True
    if _said(_NOT_STEER, sentences) and _DRIVE_PLACE().search(text):
        return True
    if _said(_PILLS_PLENTY, sentences) and _PILLS_AFTER().search(text):
        return True
    if _said(_NOT_AROUND, sentences) and _POINT().search(text) and not _AWAY().search(text):
        return True
    return _JOKE_DEATH().search(text) is not None and _NOT_JOKING().search(text) is not None


def young_weak_kinds(clauses: list[str]) -> set[str]:
    """Finality's weak kinds said in young people's words, for ``concepts_self_harm``: two
    kinds together are a sign, one alone is ordinary ("anyone want my old belt?")."""
    return {kind for p, kind in _WEAK if _said(p, clauses)}


def young_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in slang or another language (see the module);
    ``plain`` is ``text`` without exercise words."""
    clauses = _clauses(plain)
    flags: list[str] = []
    if any(_found(_CHEST_PRESSURE(), c) for c in clauses):
        flags.append("chest_pain")
    rest = any(_found(p(), c) for p in (_REST, _REST_SPOKEN) for c in clauses)
    breath = [c for c in clauses if _found(_BREATH(), c)]
    if rest and breath and not any(_EXERTION().search(c) for c in breath):
        flags.append("severe_breathlessness")
    asthma = _ASTHMA().search(plain) is not None or _RELIEVER_AGAIN().search(plain) is not None
    if asthma and _RELIEVER_AGAIN().search(plain) and _BREATH_STILL().search(plain):
        flags.append("asthma_unrelieved")
    heart = any(_found(p(), c) for p in (_PALPITATIONS, _PALPITATION, _HEART_FAST) for c in clauses)
    dizzy = any(_found(p(), c) for p in (_DIZZY, _DIZZY_SLANG) for c in clauses)
    # One of the two said in slang or Hinglish (both in English are ``red_flags``' already).
    if heart and dizzy:
        flags.append("palpitations_dizziness")
    popped = any(_found(_POP(), c) for c in clauses)
    kicked = any(_found(p(), c) for p in (_KICKED_FEEL, _KICKED_HEEL) for c in clauses)
    no_weight = any(_found(_NO_WEIGHT(), c) for c in clauses)
    if (popped and any(_found(_MUSCLE_BUNCHED(), c) for c in clauses)) or (kicked and no_weight):
        flags.append("acute_injury")
    landed = any(_found(p(), c) for p in (_HEAD_LANDED, _HEAD_TRAUMA) for c in clauses)
    if landed and any(_found(_NEURO(), c) for c in clauses):
        flags.append("head_injury_signs")
    if _meals_of_nothing(text) or any(_found(_NO_WATER(), c) for c in _sentences(text)):
        flags.append("extreme_diet")
    return flags


def _meals_of_nothing(text: str) -> bool:
    """Every meal named in the day's list is nothing or next to nothing, two at least, and the
    list is the whole day or has gone on for days (three such meals are the day)."""
    tiny = len(_MEAL_NOTHING().findall(text))
    named = len(_MEAL.findall(text))
    return tiny >= 2 and tiny == named and (tiny >= 3 or _MEAL_DAY().search(text) is not None)


def young_gloss(text: str) -> str:
    """``text`` (lower-cased) with the body's words of Hinglish, Tagalog and Spanish written as
    the English every check reads ("seene mein dard" is chest pain, "nahihilo ako" is dizzy),
    so that their combinations, rest and negation are judged as in English. Not a benign sense:
    it runs inside ``literal()`` too."""
    for pattern, english in _GLOSS:
        text = pattern().sub(english, text)
    # No breath is read so only where no effort is named: breath short on a hill said in
    # Tagalog is left as said, as its English is judged with the effort (corpus-57i AO-0023).
    if not _EXERTION().search(text):
        text = _CANT_BREATHE().sub("can't breathe", text)
        # Pidgin speech that will not come, where no other cause is named (misc18).
        if not _SPEECH_OTHER_CAUSE().search(text):
            text = _CANT_SPEAK().sub("can't get my words out", text)
    # Ballooning is swelling only beside a pop or a blow in its sentence.
    return re.sub(
        r"[^.!?\n]+",
        lambda m: (
            _BALLOONING().sub("swelling up fast", m.group(0))
            if _POP().search(m.group(0)) or _TRAUMA().search(m.group(0))
            else m.group(0)
        ),
        text,
    )


@rewrite
def young_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out: a chest "tight" taken back as tight shirts, blacking out on an app (not beside a fall,
    dizziness or the heart), a crisis phrase quoted as a meme's sound, a crisis phrase turned
    onto the bulk or the cut beside a training plan asked for, not wanting to be "here" with the
    place meant named after it (alarms92), "unalive" said of a muscle and a bridge jumped off for
    a goal. The self-harm ones only where nothing else in the message
    keeps a self-harm word raised (``sh_keep``)."""
    out = _SHIRT_TIGHT().sub("shirts are tight", text)
    if not _BLACKOUT_KEEP().search(out):
        out = _BLACKED_OUT_APP().sub("zoned out on my phone", out)
    keep_read = _RETARGETED_PLAN().sub(" ", out)
    quoted = _QUOTED_SOUND().search(out)
    if quoted and not _SH_KEEP().search(out[: quoted.start()] + out[quoted.end() :]):
        out = _QUOTED_SOUND().sub("the meme", out)
    if _RETARGETED().search(keep_read) and not _SH_KEEP().search(_RETARGETED().sub(" ", keep_read)):
        out = _RETARGETED().sub(lambda m: "be done with " + m.group(0).split(None, 3)[-1], out)
    # Not wanting to be "here", the place meant named after it (alarms92): done with the place.
    here = _HERE_RETARGETED()
    # A place packed every night is its hours, not distress repeated.
    here_read = _PLACE_BUSY().sub(" ", here.sub(" ", keep_read))
    if here.search(keep_read) and not _SH_KEEP().search(here_read):
        out = here.sub("be done with this place", out)
    # Unalive said of a muscle, and a bridge jumped off for a goal: wrecking it, anything for it.
    for figure, plain in ((_UNALIVE_MUSCLE, "wreck"), (_JUMP_FOR_GOAL, "would do anything for")):
        if figure().search(out) and not _SH_KEEP().search(figure().sub(" ", out)):
            out = figure().sub(plain, out)
    return out
