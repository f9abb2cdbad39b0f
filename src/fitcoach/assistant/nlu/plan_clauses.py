"""Where in a plan request its parts are said (issue 57, plans16, plans17): the exercise named
in the clause before the verb ("elbow sore on skull crushers, change to pushdowns"), the clause
a request is made in (a session in the story before it is not the thing removed), the sentence
a count of days is changed in (a sport in the why after it is no goal), the senses of "off"
that are no shorter session ("now I'm off nights"), a swap's verb with the exercise alone
("can I swap the lunges"), a variant named by its own word ("flat bench for incline") and the
length wished for beside "shorter" ("20 minutes is best")."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, has
from fitcoach.assistant.nlu.names import exercise_slug, find_exercise
from fitcoach.assistant.nlu.plan_loads import MOVEMENT

# A sentence that is only a request's opening ("could you", "so can we please"): no exercise
# of its own for a pronoun after it to mean.
_OPENING_ONLY = (
    r"\s*(?:so |and |but |ok |okay )?(?:(?:can|could|would|will) (?:you|we|u|ya)|please|pls|plz)?"
    r"(?: please| pls| plz| just| maybe)?\s*"
)


def last_named(ctx: Ctx, before: str) -> str | None:
    """The exercise named last in the sentence ending ``before`` (the one a pronoun after it
    means: "golfer's elbow from chin-ups. swap them ..." is the chin-up, not golf). An aside in
    brackets is passed over first ("hate the rower (lots of lycra). can it be ...": the rower)."""
    aside = re.sub(r"\([^()]*\)", " ", before)
    if aside != before and (named := last_named(ctx, aside)) is not None:
        return named
    sentences = [p for p in re.split(r"[.;!?]", before) if p.strip()]
    # (plans91) A request's opening alone before the pronoun ("... broken again. could you swap
    # it"): the sentence before names it
    if len(sentences) > 1 and re.fullmatch(_OPENING_ONLY, sentences[-1]):
        sentences.pop()
    words = sentences[-1].split() if sentences else []
    # An exact name first, the last one said ("the rowing machine with a passion": the rower,
    # not a near spelling of "passion")
    clean = [w.strip(",:()\"'") for w in words]
    for end in range(len(clean), 0, -1):
        for size in (3, 2, 1):
            found = ctx.exercises.match(" ".join(clean[max(0, end - size) : end]))
            if found is not None and found.score >= 100 and len(clean[end - 1]) > 2:
                return found.slug
    for start in range(len(words) - 1, -1, -1):
        if find_exercise(ctx, " ".join(words[start:])) is not None:
            # with the two words before it: the whole of a longer name ("bulgarian split squat")
            return find_exercise(ctx, " ".join(words[max(0, start - 2) :]))
    return None


# The words that turn an exercise down before it is named ("no more back squats, swap for leg
# press", "enough of the lunges, switch to step ups", "done with burpees, change to rower"):
# the exercise is what follows them.
_TURNED_DOWN = (
    r"^\s*(?:no more|no|not|enough(?: of)?|done with|over|sick of|tired of|bored of|fed up with|"
    r"hate|can'?t stand|don'?t like|no like)\s+(?:the |my |those |these |all )?"
)


def old_exercise(said: str) -> str:
    """A swap's old exercise without the words that turn it down before it."""
    return re.sub(_TURNED_DOWN, "", said)


def named_in_clause(ctx: Ctx, said: str) -> str | None:
    """The exercise a pain or a story before a swap's verb names after its preposition ("elbow
    sore on skull crushers", "knee hurts during the lunges"): exactly, never a near name; a
    please and what follows it are no part of the clause."""
    clause = re.sub(r"\b(?:please|pls|plz)\b.*$|[,;:.!?].*$", "", said)
    m = re.search(r"\b(?:on|in|from|during|doing|with|after|at)\s+(?:the |my |those |these )?([a-z][a-z' -]*?)\s*$", clause)  # fmt: skip
    return exercise_slug(ctx, m.group(1), []) if m else None


# Taking an exercise out for a while in other words than a verb of removal ("ease off the
# nordics for a week", "lay off the skull crushers", "nothing heavy on shrugs for now",
# "stay off the box jumps", "give the burpees a miss"); easing off a lift for no while ("ease off the bench a bit") is a
# lighter load, read before.
_FOR_A_WHILE = (
    r"(?=[^,.;!?]*\b(?:for (?:now|a while|a bit|the moment|the time being|a (?:few |couple (?:of )?)?"
    r"(?:days?|weeks?)|(?:\d+|two|three|four) (?:days|weeks)|the (?:next|rest of the) \w+)|this (?:week|"
    r"block|month)|till|until|til)\b)"
)
REMOVE_FOR_A_WHILE = (
    r"\b(?:(?:ease|back) off(?: on)?" + _FOR_A_WHILE + r"|lay off(?: on)?|hold off on|stay off|"
    r"keep off|nothing heavy (?:on|for)|no heavy)\s+(?P<a>[^,.;!?]+)"
)
# Easing off an exercise with a pain or stiffness told before it ("neck is stiff, can we ease
# off the shrugs", "knee sore - back off the lunges"): the exercise taken out while it hurts;
# "a bit", "a little" after it ask for less load, read elsewhere.
REMOVE_WHILE_HURTING = (
    r"\b(?:stiff|sore|hurts?|hurting|aching|achy|pain|painful|tweaked|niggl\w*|tight|flared?(?: up)?)"
    r"\b[^?]*?\b(?:ease|back) off(?: on)?\s+(?![^,.;!?]*\b(?:a bit|a little|slightly|some weight|"
    r"the (?:weight|load))\b)(?P<a>[^,.;!?]+)"
)
# "give the burpees a miss", "give box jumps a rest for now" (a body part is no exercise)
REMOVE_A_MISS = r"\bgive (?P<a>[^,.;!?]+?) a (?:miss|rest|break|skip)\b"


def request_clause(text: str, start: int) -> str:
    """The clause the request at ``start`` is made in: from the last comma or sentence end
    before it ("upper back sore after a hit at training, leave out the rows": the training is
    the story, the rows the request)."""
    cut = max(text.rfind(c, 0, start) for c in ",.;!?")
    clause = re.match(r"[^,.;!]*", text[start:])
    return text[cut + 1 : start] + (clause.group(0) if clause else "")


# A count said against another ("3 days instead of 4", "two sessions rather than three", "from
# 5 days to 4"): the change is said in that clause; what follows is the why.
_AGAINST = (
    r"\b(?:instead of|rather than|not|from)\s+(?:\d|one|two|three|four|five|six|seven)\b|"
    r"\b\d\s*(?:days?|sessions?)?\s*(?:to|->|→)\s*\d\b"
)


def count_sentence(text: str, start: int, end: int) -> str:
    """The clause holding the count at ``start:end`` when it says the count against another,
    else the whole text (a goal anywhere in it makes the message a new plan)."""
    cut = max(text.rfind(c, 0, start) for c in ",.;!?")
    after = [i for c in ",.;!?" if (i := text.find(c, end)) >= 0]
    sentence = text[cut + 1 : min(after) if after else len(text)]
    return sentence if has(_AGAINST, sentence) else text


# "off" in another sense than time taken off a session: "now I'm off nights", "I'm off work
# next week", "a day off", "got the week off"; a time of the year or of work named with it
# ("off season at the resort", "off-peak", "off duty", "an off shift").
_OFF_ELSEWHERE = (
    r"\b(?:i'?m|im|i am|am|be|been|being|is|are|was|were|day|days|week|weeks|time|got \w+|have \w+)"
    r"\s+off\b|\boff[- ]?(?:season|peak|duty|shift|shore|site|rotation|hitch|tour)\b"
)


def without_other_offs(text: str) -> str:
    """``text`` without the senses of "off" that take no time off a session."""
    return re.sub(_OFF_ELSEWHERE, " ", text)


# A count of days or sessions on either side of a swap's words ("3 days instead of 4", "2
# sessions a week rather than 3"): days a week, never two exercises.
COUNT = r"^\s*(?:(?:only|just|do|we|i|me|to|can we do|can i do)\s+)*(?:\d|once|twice|three times)\b(?:\s*(?:x|times|days?|sessions?|workouts?)\b)?(?:\s*(?:a|per|/)\s*(?:week|wk))?\s*\??\s*$"


# A swap's verb with the exercise and nothing after it but a why ("can I swap the lunges, my
# knee", "replace the box jumps please", "change deadlift pls"): the new exercise is left to
# the coach, as "swap X for something else" leaves it. ("sub for bench", "a substitute for
# the press" ask for substitutes: a question, not a swap.)
_SWAP_ALONE = (
    # (after a why of its own: "no kettlebell at the hotel, swap the swings", "knee's grumpy -
    # so replace the lunges")
    r"(?:^|[,.;!?]\s*|\s[-–—]\s+)(?:so |but |and |just )?(?:(?:can|could|would)(?: i| we| you| u)? (?:please |pls )?|pls |please |i (?:want|need|'?d like) "
    r"to |let'?s )?(?:swap|switch|replace|change|sub|substitute)\s+(?!for\b|with\b|to\b)(?:out\s+)?"
    r"(?:the |my |those |these )?"
    r"(?P<a>[a-z][a-z' -]*?)\s*(?:please|pls|plz)?\s*(?:[,.;!?]|$)"
)


# The verb alone as a sentence of its own, or with a pronoun, after a sentence that names the
# exercise ("I hate lunges with a passion. replace pls", "box jumps scare me. swap them?").
_VERB_ALONE = (
    r"[.;!?]\s*(?:so |just |pls |please |can you |could you |can we |could we )?"
    r"(?:swap|switch|replace|sub|substitute)(?: (?:it|them|those|these|that)(?: out)?)?"
    r"\s*(?:please|pls|plz|thanks|thx)?\s*[.!?]*\s*$"
)


def _named_exactly(ctx: Ctx, before: str) -> str | None:
    """The one exercise the last sentence of ``before`` names exactly (a span of one to three
    words read with no doubt); None for none or for two ("my plan is boring" names none)."""
    sentences = [p for p in re.split(r"[.;!?]", before) if p.strip()]
    words = sentences[-1].split() if sentences else []
    found: set[str] = set()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            problems: list[str] = []
            span = words[start : start + size]
            slug = exercise_slug(ctx, " ".join(span), problems)
            # a word of the name said as written ("lunges": the lunge; "plan" is no plank)
            said = {f for w in span for f in (w, w.removesuffix("s"), w.removesuffix("es"))}
            if slug is not None and not problems and said & set(slug.split("-")):
                found.add(slug)
        if found:
            break
    return found.pop() if len(found) == 1 else None


def swap_alone(ctx: Ctx) -> Result:
    """The swap of an exercise named alone after the verb (its exact name), the new one left
    to the coach; None for anything else (a session, the plan, a day, the equipment)."""
    if (bare := re.search(_VERB_ALONE, ctx.text)) is not None:
        named = _named_exactly(ctx, ctx.text[: bare.start()])
        return None if named is None else ("swap_exercise", {"exercise": named, "to": None, "any": True}, [])  # fmt: skip
    m = re.search(_SWAP_ALONE, ctx.text)
    # ("..., can we sub out the box jumps": out with nothing put in after a why, a removal)
    if m is not None and m.start() > 0 and has(r"\b(?:sub|swap|switch|trade) out\b", m.group(0)):
        return None
    if m is None or has(
        r"\b(?:plan|program|programme|routine|split|days?|sessions?|workouts?|"
        r"equipment|kit|gear|time|times?|weights?|loads?|reps|sets)\b",
        m.group("a"),
    ):
        return None
    problems: list[str] = []
    slug = exercise_slug(ctx, m.group("a"), problems)
    if slug is None or problems:
        return None
    return "swap_exercise", {"exercise": slug, "to": None, "any": True}, []


def variant_of(ctx: Ctx, slug: str, said: str) -> str | None:
    """The variant of ``slug`` that ``said`` names by the one or two words that set it apart,
    the rest of the name left out as said before ("swap flat bench for incline": the Incline
    Barbell Bench Press; "back squats for front": the front squat): that word before the end
    of the old one's name, read exactly; None when it names nothing else exactly."""
    words = re.sub(
        r"^\s*(?:the|a|an|my)\s+|\s*(?:one|1|version|instead)?\s*[?.!]*\s*$", "", said.strip()
    ).split()
    record = next((r for r in ctx.exercises.records if r.slug == slug), None)
    # (a movement said, "the ohp for dumbbell press", is a lift of its own: asked which, if unsure)
    if record is None or not 1 <= len(words) <= 2 or has(MOVEMENT, " ".join(words)):
        return None
    if find_exercise(ctx, " ".join(words)) == slug:
        return None
    name = record.name.lower().split()
    by_slug = {r.slug: r for r in ctx.exercises.records}
    for start in range(len(name)):
        found = exercise_slug(ctx, " ".join([*words, *name[start:]]), [])
        if found is None or found == slug or found not in by_slug:
            continue
        # the words said are the variant's own ("something" names no squat)
        names = " ".join(n.lower() for n in (by_slug[found].name, *by_slug[found].aliases))
        if all(w in re.split(r"[^a-z0-9]+", names) for w in words):
            return found
    return None


# The length wished for beside "shorter" ("make them shorter, 20 minutes is best", "shorter
# please, just 30 min"): the new length, not the minutes to take off.
LENGTH_WISHED = (
    r"\b\d+\s*(?:min\w*|h|hrs?|hours?)\s+(?:is|are|would be|'?d be|will be|sounds?|seems?)\s+"
    r"(?:\w+\s+)?(?:best|enough|fine|ok|okay|good|ideal|perfect|plenty|better|great|right|all i have)\b|"
    r"(?<!\bby )\b(?:only|just)\s+\d+\s*(?:min\w*|h|hrs?|hours?)\b(?!\s*(?:shorter|less|off)\b)"
)


# A bare number after "make it" where a length in minutes is said ("45 min is too long, make it
# 35"): the new length, in minutes ("make it 3 sets", "make it 35 kg" have their unit). The
# sessions may come with a word for which ("make all sessions 50", "make every workout 40").
MAKE_IT_BARE = (
    r"\b((?:make|cut|bring|drop|trim|get) (?:it|them|that|those|each one|"
    r"(?:(?:all(?: of)?(?: the| my)?|every|each|the|my) )?(?:sessions?|workouts?))"
    r"(?: down)?(?: to)?\s+(?:just |only )?[1-9]\d{1,2})\b(?!\s*(?:[a-z%]|\.\d))"
)


# A bare number after a cap where sessions are named or said too long ("sessions are too long,
# cap at 60", "limit workouts to 45"): the new length, in minutes ("cap squats at 5" is none:
# no session named).
CAP_BARE = (
    r"\b((?:cap|limit|keep)(?: (?:it|them|each one|(?:(?:all|every|each|the|my) )?"
    r"(?:sessions?|workouts?)))?(?: at| to| under)\s+(?:just |only )?[1-9]\d{1,2})\b"
    r"(?!\s*(?:(?!(?:please|pls|plz|thanks|max|tops)\b)[a-z%]|\.\d))"
)
CAP_NAMES_SESSIONS = r"\b(?:sessions?|workouts?|too long|too short)\b"
