"""Self-harm by class (issue 57): what the phrase and concept patterns missed on the development
writers, written for the class of meaning rather than one wording. The vocabulary is
``coach/rules/red_flag_self_harm.yaml``.

A strong sign alone is self-harm: a method named as one's own, means kept or looked up, a past
act or a psychiatric hold, being a burden, a wish to be gone, self-injury, and the same said in
the languages people mix in. A way to die by traffic, water or a vehicle counts with an intent
or a thought in front of it ("I keep thinking about swerving into a lorry"), not as an account
("swerved into a ditch on my ride"); standing at a bridge or a ledge counts with what makes it
a sign (a long time, how easy it would be, coming down), and nearly jumping beside a height
counts however one came to be there. A joke counts when it is taken back
(NICE NG225: a withdrawn joke is taken seriously). Finality counts when two of its kinds come
together: a farewell, the last of something, affairs put in order, a pet given away, a calm
decision, others spared having to deal with me. A negation just before a sign in its clause cancels it, as everywhere in the guardrails
("I'm not going to hang myself"); one behind a comma belongs to another clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.box_englishes_speech import box_self_harm
from fitcoach.assistant.guardrails.combat_gym_speech import combat_gym_self_harm
from fitcoach.assistant.guardrails.concepts_context import _SH_FINAL, _SH_GIVING, _SH_HOPELESS
from fitcoach.assistant.guardrails.daily_life_speech import daily_life_self_harm
from fitcoach.assistant.guardrails.diaspora_speech import diaspora_self_harm
from fitcoach.assistant.guardrails.east_asia_speech import east_asia_self_harm, east_asia_weak_kinds
from fitcoach.assistant.guardrails.eurasia_speech import eurasia_self_harm, eurasia_weak_kinds
from fitcoach.assistant.guardrails.family_speech import family_self_harm, family_weak_kinds
from fitcoach.assistant.guardrails.journey_speech import journey_self_harm
from fitcoach.assistant.guardrails.latin_speech import latin_self_harm, latin_weak_kinds
from fitcoach.assistant.guardrails.long_conditions import condition_self_harm, condition_weak_kinds
from fitcoach.assistant.guardrails.meet_field_speech import meet_field_self_harm
from fitcoach.assistant.guardrails.mind_speech import mind_self_harm, mind_weak_kinds
from fitcoach.assistant.guardrails.movement_care_speech import movement_care_self_harm
from fitcoach.assistant.guardrails.outdoor_speech import outdoor_self_harm
from fitcoach.assistant.guardrails.quantified_speech import quantified_self_harm
from fitcoach.assistant.guardrails.text import _cancelled, _clauses, _said, _sentences
from fitcoach.assistant.guardrails.tracker_speech import tracker_self_harm
from fitcoach.assistant.guardrails.travel_faith_speech import travel_faith_self_harm
from fitcoach.assistant.guardrails.vocabulary import patterns
from fitcoach.assistant.guardrails.work_speech import work_self_harm
from fitcoach.assistant.guardrails.young_speech import young_self_harm, young_weak_kinds

_V = patterns("red_flag_self_harm")  # coach/rules/red_flag_self_harm.yaml

_STRONG = (
    _V["sh_method"],
    _V["sh_means"],
    _V["sh_past_act"],
    _V["sh_hold"],
    _V["sh_burden"],
    _V["sh_wish_gone"],
    _V["sh_languages"],
    _V["sh_self_injury"],
    _V["sh_someone_else"],
    _V["sh_as17_drink_pills"],
)
# Read on the whole message, across its sentences ("I want it all to stop. permanently";
# "stopped my tablets. saving them up").
_STRONG_ACROSS = (
    _V["sh_wish_across"],
    _V["sh_saving_across"],
    _V["sh_injury_across"],
    _V["sh_edge_drawn"],
)
_METHOD_PLACE = _V["sh_method_place"]
_INTENT = _V["sh_intent"]
_DELIBERATE = _V["sh_deliberate"]
_EDGE = _V["sh_edge"]
_EDGE_THOUGHT = _V["sh_edge_thought"]
_NEAR_JUMP = _V["sh_near_jump"]
_EDGE_PLACE = _V["sh_edge_place"]
_JUMP_SPORT = _V["sh_jump_sport"]
_JOKE_DEATH = _V["sh_joke_death"]
_NOT_JOKING = _V["sh_not_joking"]
# redas17: the same joke and take-back in older and Commonwealth words, kept apart to merge.
_JOKE_DEATH_AS17 = _V["sh_as17_joke_death"]
_NOT_JOKING_AS17 = _V["sh_as17_not_joking"]
_PLAN_DECLINED_AS17 = _V["sh_as17_plan_declined"]
_TIME_FRAME_AS17 = _V["sh_as17_time_frame"]
_SUPPLEMENT = _V["sh_supplement"]
_AWAY = _V["sh_away"]
# Finality's kinds, each named: one alone is ordinary ("thanks for everything", "sold my bike").
# The older hopeless, final and giving patterns join the kind they mean.
_WEAK: tuple[tuple[Callable[[], re.Pattern[str]], str], ...] = (
    (_V["sh_farewell"], "farewell"),
    (_V["sh_last"], "last"),
    (_SH_FINAL, "last"),
    (_V["sh_affairs"], "affairs"),
    (_V["sh_belongings"], "belongings"),
    (_SH_GIVING, "belongings"),
    (_V["sh_pet"], "pet"),
    (_V["sh_relieved"], "relieved"),
    (_V["sh_peace"], "peace"),
    (_V["sh_pointless"], "pointless"),
    (_SH_HOPELESS, "pointless"),
)


def _way_to_die_meant(sentences: list[str]) -> bool:
    """A way to die by traffic, water, a vehicle or a height with an intent or a thought before
    it in its sentence, or told as done on purpose after it, not negated."""
    for sentence in sentences:
        for m in _METHOD_PLACE().finditer(sentence):
            if _cancelled(sentence, m.start()):
                continue
            # An intent before it, or the act told as deliberate after it (alarms16).
            if _INTENT().search(sentence[: m.start()]) or _DELIBERATE().search(sentence[m.end() :]):
                return True
    return False


def without_supplements(text: str) -> str:
    """``text`` with supplement tablets named as "supplements": a handful of electrolyte
    tablets is not an overdose."""
    return _SUPPLEMENT().sub("supplements", text)


def _joke_taken_back_as17(text: str) -> bool:
    """A joke's way to be gone taken back, where the joke or the take-back is said in older
    or Commonwealth words ("you'll find me at the bottom of the river. only half taking the
    mickey"): the same class as the joke above, in the words those writers use."""
    joke = _JOKE_DEATH().search(text) or _JOKE_DEATH_AS17().search(text)
    back = _NOT_JOKING().search(text) or _NOT_JOKING_AS17().search(text)
    return joke is not None and back is not None


def _plan_declined_as17(clauses: list[str], text: str) -> bool:
    """A new plan declined in one clause and finality said in another ("no need to write me a
    plan. I won't be here for it"), with no time frame and no ordinary reason to be away. The declined plan's own
    words are left out of that check: "a new plan" there is what is declined, not a move to one."""
    declined = [c for c in clauses if _said(_PLAN_DECLINED_AS17, [c])]
    if not declined:
        return False
    last = [p for p, kind in _WEAK if kind == "last"]
    # Away for a stated time is an ordinary absence ("won't be around till Easter").
    others = [c for c in clauses if c not in declined and not _TIME_FRAME_AS17().search(c)]
    if not any(_said(p, [c]) for p in last for c in others):
        return False
    return not _AWAY().search(_PLAN_DECLINED_AS17().sub(" ", text))


def self_harm_signs(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the classes above."""
    text = without_supplements(text)
    sentences = _sentences(text)
    if any(_said(p, sentences) for p in _STRONG) or _way_to_die_meant(sentences):
        return True
    if young_self_harm(text):  # slang and mixed-in languages (recall17)
        return True
    if work_self_harm(text):  # shift workers' and trades' words (redau18)
        return True
    if outdoor_self_harm(text):  # home and outdoor training's words (redax19)
        return True
    if journey_self_harm(text):  # beginners' and dieters' words (redaw19)
        return True
    if diaspora_self_harm(text):  # diasporas' words (reday20)
        return True
    if east_asia_self_harm(text):  # East and Southeast Asia's words (redaz20)
        return True
    if family_self_harm(text):  # parents' and pregnancy's words (redbb21)
        return True
    if eurasia_self_harm(text):  # the Middle East's to Central Asia's words (redba21)
        return True
    if latin_self_harm(text):  # Latin America's, Brazil's and Iberia's words (redbc22)
        return True
    if mind_self_harm(text):  # mental health's and neurodivergence's words (redbd22)
        return True
    if travel_faith_self_harm(text):  # travel's and faith's words (red23)
        return True
    if daily_life_self_harm(text):  # long-term conditions' and on-the-go words (red57b)
        return True
    if combat_gym_self_harm(text):  # fighters' and lifters' words (red57a)
        return True
    if movement_care_self_harm(text):  # performers' and carers' words (red24)
        return True
    if tracker_self_harm(text):  # watch lines', trackers', beginners' words (red57k)
        return True
    if quantified_self_harm(text):  # racket sports' and quantified-self words (red25)
        return True
    if meet_field_self_harm(text):  # lifters' meets', field and everyday words (red95)
        return True
    if box_self_harm(text):  # beginners', other Englishes' and box athletes' words (flags31)
        return True
    if any(_said(p, [text]) for p in _STRONG_ACROSS):
        return True
    if _said(_EDGE, sentences) and _EDGE_THOUGHT().search(text):
        return True
    # Nearly jumping beside a height, however one came to be there ("spent the night on the
    # roof ledge, almost jumped"); not nearly jumping in (a pool) or out of one's skin, nor from
    # a height as a sport (cliff jumping).
    if any(
        _EDGE_PLACE().search(s) and _said(_NEAR_JUMP, [s]) and not _JUMP_SPORT().search(s)
        for s in sentences
    ):
        return True
    # A joke's death word counts even negated ("if this cut doesn't kill me ..."): the take-back
    # is what makes it a sign.
    if _JOKE_DEATH().search(text) and _NOT_JOKING().search(text):
        return True
    if _joke_taken_back_as17(text):
        return True
    if condition_self_harm(text):  # a long-term condition's words (redav18)
        return True
    clauses = _clauses(text)
    if _plan_declined_as17(clauses, text):
        return True
    # A pet given away is its own kind, read apart from the belongings ("gave my dog to my
    # sister" alone is one sign, not two; with the rowing machine sold it is two).
    without_pets = [_V["sh_pet"]().sub(" ", c) for c in clauses]
    kinds = {
        kind for p, kind in _WEAK if _said(p, without_pets if kind == "belongings" else clauses)
    }
    # Finality said twice, in two clauses, with no ordinary reason to be away ("won't be needing
    # it after this weekend. won't be needing anything"; not "won't be here, off to Tenerife").
    kinds |= young_weak_kinds(clauses)  # recall17
    kinds |= condition_weak_kinds(clauses)  # redav18
    kinds |= east_asia_weak_kinds(clauses, text)  # redaz20
    kinds |= family_weak_kinds(clauses, text)  # redbb21
    kinds |= eurasia_weak_kinds(clauses, text)  # redba21
    kinds |= latin_weak_kinds(clauses, text)  # redbc22
    kinds |= mind_weak_kinds(clauses, text)  # redbd22
    lasts = sum(any(_said(p, [c]) for p, kind in _WEAK if kind == "last") for c in clauses)
    if lasts >= 2 and not _AWAY().search(text):
        kinds.add("last again")
    return len(kinds) >= 2
