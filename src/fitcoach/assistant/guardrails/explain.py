"""Why ``screen`` raised what it raised: a diagnostic for tuning the rules, never used to decide.

``explain(text)`` repeats the red-flag screening's steps (the same preparation, figures of speech
and exercise words removed, the same clauses and negation) and reports, beside the kinds
``screen`` raises, which layer raised each (``phrases``: ``red_flags``' phrase rules;
``concepts``: the concept triage) and every red-flag vocabulary entry with a non-negated match
in a clause, with the words it matched. The entries are what the rules could have combined; the
layer says where the kind came from. ``screen`` itself is unchanged by this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fitcoach.assistant.guardrails.box_englishes_speech import box_flags
from fitcoach.assistant.guardrails.combat_gym_speech import combat_gym_flags
from fitcoach.assistant.guardrails.concepts import _concept_flags
from fitcoach.assistant.guardrails.daily_life_speech import daily_life_flags
from fitcoach.assistant.guardrails.diaspora_speech import diaspora_flags
from fitcoach.assistant.guardrails.east_asia_speech import east_asia_flags
from fitcoach.assistant.guardrails.eurasia_speech import eurasia_flags
from fitcoach.assistant.guardrails.family_speech import family_flags
from fitcoach.assistant.guardrails.journey_speech import journey_flags
from fitcoach.assistant.guardrails.latin_speech import latin_flags
from fitcoach.assistant.guardrails.meet_field_speech import meet_field_flags
from fitcoach.assistant.guardrails.mind_speech import mind_flags
from fitcoach.assistant.guardrails.movement_care_speech import movement_care_flags
from fitcoach.assistant.guardrails.outdoor_speech import outdoor_flags
from fitcoach.assistant.guardrails.pasted_speech import pasted_flags
from fitcoach.assistant.guardrails.quantified_speech import quantified_flags
from fitcoach.assistant.guardrails.ramble_speech import ramble_flags
from fitcoach.assistant.guardrails.red_flags import _red_flags, _without_figures
from fitcoach.assistant.guardrails.text import _EXERCISE_WORDS, _clauses, _negated, _prepare
from fitcoach.assistant.guardrails.tracker_speech import tracker_flags
from fitcoach.assistant.guardrails.travel_faith_speech import travel_faith_flags
from fitcoach.assistant.guardrails.vocabulary import patterns
from fitcoach.assistant.guardrails.work_speech import work_flags
from fitcoach.assistant.guardrails.young_speech import young_flags

# The vocabulary files whose entries can raise a red flag (injury words only name a region).
_FILES = (
    "red_flag_phrases",
    "red_flag_concepts_body",
    "red_flag_concepts_context",
    "red_flag_concepts_allergy",
    "red_flag_concepts_abdomen",
    "red_flag_concepts_medication",
    "red_flag_concepts_older",
    "red_flag_young_speech",
    "red_flag_work_speech",
    "red_flag_outdoor_speech",
    "red_flag_journey_speech",
    "red_flag_diaspora_speech",
    "red_flag_east_asia_speech",
    "red_flag_family_speech",
    "red_flag_eurasia_speech",
    "red_flag_latin_speech",
    "red_flag_mind_speech",
    "red_flag_travel_faith_speech",
    "red_flag_daily_life_speech",
    "red_flag_combat_gym_speech",
    "red_flag_movement_care_speech",
    "red_flag_tracker_speech",
    "red_flag_quantified_speech",
    "red_flag_ramble_speech",
    "red_flag_pasted_speech",
    "red_flag_meet_field_speech",
    "red_flag_box_englishes_speech",
)


@dataclass(frozen=True)
class Explanation:
    """The kinds ``screen`` raises for a message, the layer of each, and the matches."""

    red_flags: list[str]
    # kind -> its layers: "phrases", "concepts", "young_speech", "work_speech",
    # "outdoor_speech", "journey_speech", "diaspora_speech", "east_asia_speech", "family_speech",
    # "eurasia_speech", "latin_speech"
    # "eurasia_speech", "mind_speech", "travel_faith_speech", "daily_life_speech",
    # "combat_gym_speech", "movement_care_speech", "tracker_speech", "quantified_speech",
    # "ramble_speech", "pasted_speech", "meet_field_speech", "box_englishes_speech"
    layers: dict[str, list[str]] = field(default_factory=dict)
    matches: dict[str, list[str]] = field(default_factory=dict)  # "file:key" -> matched words


def explain(text: str) -> Explanation:
    """What raised each red flag in ``text`` (the kinds are exactly ``screen(text).red_flags``)."""
    if not isinstance(text, str) or not text.strip():
        return Explanation(red_flags=[])
    lowered = _prepare(text[:5000])
    flags, _ = _red_flags(lowered)
    plain = _EXERCISE_WORDS().sub(" ", _without_figures(lowered))
    concept = set(_concept_flags(lowered, plain))
    young = set(young_flags(lowered, plain))
    work = set(work_flags(lowered, plain))  # redau18
    outdoor = set(outdoor_flags(lowered, plain))  # redax19
    journey = set(journey_flags(lowered, plain))  # redaw19
    diaspora = set(diaspora_flags(lowered, plain))  # reday20
    east_asia = set(east_asia_flags(lowered, plain))  # redaz20
    family = set(family_flags(lowered, plain))  # redbb21
    eurasia = set(eurasia_flags(lowered, plain))  # redba21
    latin = set(latin_flags(lowered, plain))  # redbc22
    mind = set(mind_flags(lowered, plain))  # redbd22
    travel_faith = set(travel_faith_flags(lowered))  # red23
    daily_life = set(daily_life_flags(lowered))  # red57b
    combat_gym = set(combat_gym_flags(lowered))  # red57a
    movement_care = set(movement_care_flags(lowered))  # red24
    tracker = set(tracker_flags(lowered))  # red57k
    quantified = set(quantified_flags(lowered))  # red25
    ramble = set(ramble_flags(lowered))  # red57m
    pasted = set(pasted_flags(lowered))  # red57n
    meet_field = set(meet_field_flags(lowered))  # red95
    box = set(box_flags(lowered))  # flags31
    # A kind the concepts give may come from a phrase too: both layers are named when the
    # phrase entry of the kind's own name (``chest_pain``, ``fainting``, ``self_harm``) matched.
    layers: dict[str, list[str]] = {}
    matches: dict[str, list[str]] = {}
    clauses = _clauses(plain)
    for name in _FILES:
        vocabulary = patterns(name)
        for key in vocabulary:
            words = [
                m.group(0)
                for clause in clauses
                for m in vocabulary[key]().finditer(clause)
                if m.group(0).strip() and not _negated(clause, m.start())
            ]
            if words:
                matches[f"{name.removeprefix('red_flag_')}:{key}"] = list(dict.fromkeys(words))
    for kind in flags:
        layer = []
        if (
            f"phrases:{kind}" in matches
            or kind
            not in concept
            | young
            | work
            | outdoor
            | journey
            | diaspora
            | east_asia
            | family
            | eurasia
            | latin
            | mind
            | travel_faith
            | daily_life
            | combat_gym
            | movement_care
            | tracker
            | quantified
            | ramble
            | pasted
            | meet_field
            | box
        ):
            layer.append("phrases")
        if kind in concept:
            layer.append("concepts")
        if kind in young:
            layer.append("young_speech")
        if kind in work:
            layer.append("work_speech")
        if kind in outdoor:
            layer.append("outdoor_speech")
        if kind in journey:
            layer.append("journey_speech")
        if kind in diaspora:
            layer.append("diaspora_speech")
        if kind in east_asia:
            layer.append("east_asia_speech")
        if kind in family:
            layer.append("family_speech")
        if kind in eurasia:
            layer.append("eurasia_speech")
        if kind in latin:
            layer.append("latin_speech")
        if kind in mind:
            layer.append("mind_speech")
        if kind in travel_faith:
            layer.append("travel_faith_speech")
        if kind in daily_life:
            layer.append("daily_life_speech")
        if kind in combat_gym:
            layer.append("combat_gym_speech")
        if kind in movement_care:
            layer.append("movement_care_speech")
        if kind in tracker:
            layer.append("tracker_speech")
        if kind in quantified:
            layer.append("quantified_speech")
        if kind in ramble:
            layer.append("ramble_speech")
        if kind in pasted:
            layer.append("pasted_speech")
        if kind in meet_field:
            layer.append("meet_field_speech")
        if kind in box:
            layer.append("box_englishes_speech")
        layers[kind] = layer
    return Explanation(red_flags=flags, layers=layers, matches=matches)
