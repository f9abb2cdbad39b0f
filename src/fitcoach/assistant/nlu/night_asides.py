"""How a night went, said beside its length or its clocks (sleep alone, logbn; sleep94): a
judgement ("meh", "pretty rough"), the wakings ("woke up twice"), what kept it short ("pre-race
nerves", "the neighbours' dog again", "baby was up at 3"). ``how_the_night_went`` tells whether
every clause of what follows a night is such an aside; anything else (a shift, a drive, a run)
makes the figures that thing's, never a night. Kept apart (pure patterns, no readers) so the
rewrites inside ``normalise`` and the sleep readers share one list."""

from __future__ import annotations

import re

_JUDGED = (
    r"(?:(?:pretty|really|so|very|quite|not|not too|not that|actually)\s+)*"
    r"(?:good|great|decent|solid|fine|ok|okay|alright|lovely|glorious|amazing|brilliant|bliss|"
    r"heavenly|bad|poor|rough|awful|terrible|horrible|shocking|crap|rubbish|restless|broken|meh)"
    r"(?:\s+(?:actually|tbh|honestly|for once|for a change|though))?"
)
# how the night went, said beside its hours (every clause must be one of these)
_ASIDE = re.compile(
    # (sleep93: "felt ok", "it was ok", "good one")
    rf"^(?:(?:and|but|so|though|,)\s*)*(?:(?:(?:it |that )?(?:was|felt|feel|feeling)\s+)?{_JUDGED}"
    r"|(?:a |another )?(?:good|great|decent|solid|bad|rough|poor|ok|okay|decent) (?:one|1)"
    r"|(?:an?\s+)?(?:rough|bad|poor|terrible|awful|good|great|decent|solid|broken|restless|short) night"
    r"|after (?:my |the |a |two |three |4 |3 |2 )?(?:nights|night shifts?|nightshifts?|lates|earlies)"
    r"|(?:i )?(?:kept|keep) (?:waking|getting woken)(?: up)?(?: all night)?"
    r"|woke (?:up )?(?:a lot|loads|twice|a few times|several times)"
    # (sleep94: "up a few times to pee", "awake a couple of times with the dog")
    r"|(?:up|awake|woke(?: up)?) (?:a few|a couple of|several|two|three|four|many|loads of|\d{1,2}) times?"
    r"(?: (?:to pee|to wee|for the (?:loo|toilet|bathroom)|in the night|with (?:the |my )?[a-z]+))?"
    r"|(?:with|thanks to|because of) (?:the |my |our )?(?:[a-z]+'s? )?(?:baby|kids?|toddler|newborn|dogs?|cats?|neighbou?rs?)"
    r"|(?:can't|cannot|cant) (?:really )?tell(?: with the (?:baby|kids?|toddler|newborn))?"
    r"|(?:in|all) in(?: total)?|in total|total|tops|at most|max|ish)\s*[.!]*\s*$"
)


# what kept the night short, said beside its hours ("only got like 5 hours, pre-race nerves",
# "got maybe 5 hrs, youngest had a nightmare"): a cause of lost sleep (never a thing done,
# which ``DONE_ELSE`` names: "5 hours, the kids' party")
_KEPT_AWAKE = re.compile(
    r"\b(?:nerves|nervous|nightmares?|teething|insomnia|anxiety|anxious|stress|stressed|"
    r"snoring|snored|jet ?lag(?:ged)?|too hot|heatwave|noisy|restless legs|hot flushes|cramps?)\b|"
    # (one of the family who woke the night: "youngest had a nightmare", "baby was up at 3",
    # never only with them: "3 hours with the kids at the park")
    r"^(?:the |my |our )?(?:youngest|eldest|middle one|toddler|newborn|baby|kids?|son|daughter|little one)\s+"
    r"(?:(?:had|has) (?:an? |the )?(?:nightmares?|bad dreams?|night terrors?|fever|temperature|cough|"
    r"cold|bug|tummy bug)|(?:was|were|is|are) (?:up|awake|sick|ill|poorly|teething|crying|unsettled|"
    r"screaming)|woke|kept|up at|sick|ill|poorly|teething|crying|cried|screamed)\b"
)
# (sleep94) who or what woke the night, named alone ("the neighbours' dog again", "next door's
# party", "dog barking all night", "baby again"): a cause, never a thing done
_DISTURBED = re.compile(
    r"^(?:the |my |our )?(?:(?:neighbou?rs?'?s?|next door'?s?|upstairs'?s?)\s+)?"
    r"(?:dogs?|puppy|cats?|baby|newborn|toddler|kids?|music|party|building work|car alarm|alarm|"
    r"snoring|foxes|birds|bin lorry|traffic|neighbou?rs?)"
    r"(?:\s+(?:again|barking|crying|howling|screaming|partying|all night|up|awake|at it))*$"
)


DONE_ELSE = re.compile(
    r"\b(?:work|worked|working|shift|shifts|job|drive|drove|driving|flight|flew|party|pub|club|"
    r"gaming|games?|match(?:es)?|study|studied|studying|ran|run|rode|ride|cycled|swam|swim|walked|walk|"
    r"hiked|hike|played|trained|training|gym|session|class|lifted|practice|movie|film|shows?|"
    r"labou?r|contractions|drinking|nights? out|awake for|on call|up for|stayed up)\b"
)


def _kept_awake(clause: str) -> bool:
    return (bool(_KEPT_AWAKE.search(clause.strip())) or bool(_DISTURBED.match(clause.strip()))) and not DONE_ELSE.search(clause) and not re.search(r"\d", clause)  # fmt: skip


def how_the_night_went(rest: str) -> bool:
    """Whether every clause of ``rest`` (what follows a night's length or clocks) only tells how
    the night went (above); True for nothing at all."""
    clauses = [c for c in re.split(r"\s*(?:[,;.!]|\bbut\b|\band\b|\bso\b)\s*", rest) if c.strip()]
    return all(_ASIDE.match(c.strip()) or _kept_awake(c) for c in clauses)
