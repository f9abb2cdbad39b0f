"""Self-harm words in a clear non-self-harm sense (alarms57b, issue 57), renamed before the
self-harm patterns read the message: dying of an emotion ("want to die of embarrassment"), dying
foretold of a named session ("going to die on the last 400"), laughing so hard one "kills
oneself" and wanting to disappear into or under a duvet (alarms57g, alarmsdev), a tired body
part that "wants to die" and others who "looked like they wanted to die" after a session
(alarms16), a body part
said to be dead ("half joking, my legs are dead": renamed even beside a take-back, misc18), a cut with an everyday cause ("cut
myself shaving"), hurting oneself in training ("hurt myself on this PB attempt") and the diet
sense of cutting ("cutting again after the holidays, 1900 kcal").

Each is renamed only where nothing in the whole message is a take-back, a sign of distress or of
self-injury (``sh_keep``), so "cut myself shaving... the arms again" and "going to die on this
run, honestly every day" stay self-harm. Only the words of the class are renamed: any other
self-harm sign in the message is still read. A wish to die said in jest ("burpees make me want
to die lol") is left raised: a joke can hide the real thing. A leap off a cliff or rocks into
water named, on a trip or as a pastime, is cliff diving (alarmsdev). An engine left running for a
reason told right after it ("to warm up", "for the heater"), never with a garage, a shed, a hose
or shut doors named; not waking up early, at a time or for something named (sleeping in); and
an overdose of a supplement that harms only the gut (magnesium, creatine, electrolytes) are
ordinary senses too (alarms, stop 90), and so is "suicidal" said of a tactic, a pace or a play
("our shot selection was suicidal", "a suicidal pace": alarms92), and so is a goodbye letter
addressed to a training thing or a stage of life ("a goodbye note to my 20s", "... to the gym":
alarms93; never to people, everyone or one's "old self"). The vocabulary is
``coach/rules/red_flag_self_harm_lookalikes.yaml``.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_self_harm_lookalikes")  # coach/rules/red_flag_self_harm_lookalikes.yaml

_KEEP = _V["sh_keep"]
_DIE_OF = _V["sh_die_of"]
_DIE_ON_SESSION = _V["sh_die_on_session"]
_DISAPPEAR_COSY = _V["sh_disappear_cosy"]
_ACCIDENT_CUT = _V["sh_accident_cut"]
_INJURY_MARKS = _V["sh_injury_marks"]
_CUT_AGAIN = _V["sh_cut_again"]
_HURT_TRAINING = _V["sh_hurt_training"]
_INTENT_BEFORE = _V["sh_intent_before"]
_DIET_CUT = _V["sh_diet_cut"]
_DIET_KEEP = _V["sh_diet_keep"]
_CUT_WORD = _V["sh_cut_word"]
_KILLING_WITH_TRAINING = _V["sh_killing_with_training"]
_SIDE_WITHOUT_ME = _V["sh_side_without_me"]
_ESTATE_WORDS = _V["sh_estate_words"]
_ESTATE_URGED = _V["sh_estate_urged"]
_RETARGETED = _V["sh_retargeted"]
_LETTER_TO_THING = _V["sh_letter_to_thing"]
_LIVING_ON_FOOD = _V["sh_living_on_food"]
_DONE_FINISHED = _V["sh_done_finished"]
_CELEBRATE = _V["sh_celebrate"]
_BODY_PART_DIE = _V["sh_body_part_die"]
_BODY_PART_DEAD = _V["sh_body_part_dead"]
_AWAY_NEXT = _V["sh_away_next"]
_PLAN_PAUSED = _V["sh_plan_paused"]
_AWAY = patterns("red_flag_self_harm")["sh_away"]
_LOOKED_LIKE_DIE = _V["sh_looked_like_die"]
_SUICIDAL_THING = _V["sh_suicidal_thing"]
_LEAP_WATER = _V["sh_leap_water"]
_LEISURE = _V["sh_leisure"]
_ALL_SUPPLEMENTS = _V["sh_all_supplements"]
_TAKEN_AS_TOLD = _V["sh_taken_as_told"]
_TAKEN_ROUTINELY = _V["sh_taken_routinely"]
_SUPPLY = _V["sh_supply"]
_ALL_TAKEN = _V["sh_all_taken"]
_ENGINE_REASON = _V["sh_engine_reason"]
_SHUT_IN = _V["sh_shut_in"]
_WAKE_FOR = _V["sh_wake_for"]
_SUPPLEMENT_EXCESS = _V["sh_supplement_excess"]
_ORDINARY_KEEP = _V["sh_ordinary_keep"]
_MED = patterns("red_flag_concepts_medication")
_PILL_WORDS = re.compile(r"\b(?:pills?|tablets?)\b")
_DEATH_WORD = re.compile(r"\b(?:dead|dying|died|deceased)\b")


def _hurt_in_training(text: str) -> str:
    """``text`` with "hurt myself" renamed where training is how, and no intent ("want to",
    "the urge to") among the three words before it."""

    def renamed(m: re.Match[str]) -> str:
        before = " ".join(text[: m.start()].split()[-3:])
        return m.group(0) if _INTENT_BEFORE().search(before) else "get injured"

    return _HURT_TRAINING().sub(renamed, text)


@rewrite
def without_routine_all(text: str) -> str:
    """``text`` (lower-cased) without the "all" over medicine taken routinely (misc17): over
    vitamins or supplements, or over pills said to be taken as prescribed or as one's daily
    medicine (a supply, "for the month", only as prescribed). Unchanged where anything else
    keeps self-harm raised: an overdose's sign beside the "all" (at once, the whole box, a
    hospital, a big count, a secret, distress) or a sign of ``sh_keep`` other than the pill
    words."""
    out = _ALL_SUPPLEMENTS().sub("", text)
    # A supply ("for the month") is the day's dose only when said to be taken as prescribed.
    routine = _TAKEN_ROUTINELY().search(out) is not None and _SUPPLY().search(out) is None
    if routine or _TAKEN_AS_TOLD().search(out):
        out = _ALL_TAKEN().sub("", out)
    if out == text:
        return text
    if _MED["med_keep"]().search(out) or _MED["med_single_big"]().search(out):
        return text
    if _KEEP().search(_PILL_WORDS.sub("medicine", out)):
        return text
    return out


@rewrite
def without_self_harm_figures(text: str) -> str:
    """``text`` (lower-cased) with self-harm words of a clear other sense renamed, for the
    self-harm patterns only; unchanged where the message has any sign that keeps them
    (medicine taken routinely loses its "all" first: ``without_routine_all``)."""
    text = without_routine_all(text)
    # Tired of living on a food is the diet, renamed before "tired of living" keeps it (crisis91).
    text = _LIVING_ON_FOOD().sub(
        lambda m: re.sub(r"\b(?:living|surviving)\b", "getting by", m.group(0)), text
    )
    # A body part's death word is the part's tiredness, even beside a take-back (misc18).
    text = _BODY_PART_DEAD().sub(lambda m: _DEATH_WORD.sub("wrecked", m.group(0)), text)
    # A side better off without me in a seat says "better off", which keeps everything raised:
    # read the rest of the message without those words (alarms57h).
    side = _SIDE_WITHOUT_ME().search(text)
    rest = _SIDE_WITHOUT_ME().sub(" ", text) if side else text
    # A will or a funeral plan someone else urged (alarms15): its "plan" is not a plan to die.
    estate = _ESTATE_WORDS().search(rest) is not None and _ESTATE_URGED().search(rest) is not None
    if estate:
        rest = _ESTATE_WORDS().sub(" ", rest)
    # Away for a near time with a reason named: a training plan paused for it is no plan to
    # die (misc18).
    if _AWAY_NEXT().search(rest) and _AWAY().search(rest):
        rest = _PLAN_PAUSED().sub(" ", rest)
    # A goodbye letter addressed to a training thing or a stage of life (alarms93): its
    # "goodbye" and "letter" keep nothing; read the rest of the message without it.
    letter = _LETTER_TO_THING().search(rest) is not None
    if letter:
        rest = _LETTER_TO_THING().sub(" ", rest)
    if _KEEP().search(rest):
        return text
    if letter:
        text = _LETTER_TO_THING().sub(" a send-off to the old ", text)
    if estate:
        text = _ESTATE_WORDS().sub("the forms", text)
    # A crisis phrase whose "it" the writer names as a thing (alarms15): "end it all... the
    # prep I mean".
    text = _RETARGETED().sub(lambda m: "be done with " + m.group(0).split(None, 3)[-1], text)
    # Done with it all, then exams or a season named finished and a celebration (crisis91).
    if _CELEBRATE().search(text):
        text = _DONE_FINISHED().sub("finished", text)
    if side:
        text = _SIDE_WITHOUT_ME().sub("slower than the others", text)
    out = _KILLING_WITH_TRAINING().sub("overdoing it with training", text)
    # Away for a near time, for a reason named (misc18).
    if _AWAY().search(out):
        out = _AWAY_NEXT().sub("will be away", out)
    out = _DIE_OF().sub("blush", out)
    # Ordinary senses (alarms, stop 90): an engine running for a reason told right after it,
    # never in a shut-in place; sleeping in for something; too much of a gut-upsetting supplement.
    if not _ORDINARY_KEEP().search(out):
        if not _SHUT_IN().search(out):
            out = _ENGINE_REASON().sub("heater on", out)
        out = _SUPPLEMENT_EXCESS().sub("had too much ", out)
    out = _WAKE_FOR().sub("sleeping in", out)
    out = _DIE_ON_SESSION().sub("be wrecked by the session", out)
    # A tired body part, and others' look after a session (alarms16).
    out = _BODY_PART_DIE().sub("are wrecked", out)
    out = _LOOKED_LIKE_DIE().sub("looked wrecked", out)
    # "Suicidal" said of a tactic, a pace or a play is its recklessness (alarms92).
    out = _SUICIDAL_THING().sub(lambda m: m.group(0).replace("suicidal", "reckless"), out)
    out = _DISAPPEAR_COSY().sub("curl up in bed", out)
    # A leap into water named on a trip or as a pastime is cliff diving (alarmsdev).
    if _LEISURE().search(out):
        out = _LEAP_WATER().sub("go cliff diving", out)
    marks = _INJURY_MARKS().search(out) is not None
    if not marks and not _CUT_AGAIN().search(out):
        out = _ACCIDENT_CUT().sub("nicked myself", out)
    out = _hurt_in_training(out)
    if not marks and _DIET_CUT().search(out) and not _DIET_KEEP().search(out):
        out = _CUT_WORD().sub("diet", out)
    return out
