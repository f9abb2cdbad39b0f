"""The sentences the offline assistant answers with.

Numbers never live here: every figure in an answer comes from a tool result's ``summary`` (which
quotes the stored values with their units) or from what the athlete typed. These are the frames
around them, the help text, the questions asked when something is missing, and a small
glossary for "what does RIR mean?".

Nothing an athlete reads in chat names a command-line flag or command: the coach's messages
are written for every interface (a test scans them with ``mentions_cli``).
"""

from __future__ import annotations

import re

from fitcoach.core.units import Units, quantities_in_text, units_or_default

EXAMPLES = (
    '"3x8 squats at 100 kg RIR 2" or "ran 5k in 25 minutes" to log training',
    '"slept 6 and a half hours", "weight 72.4", "mood 7/10, energy 5" to log how you are',
    '"what was my resting HR last week?" or "how much protein did I eat this week?"',
    '"how did I do this week?", "what is my squat 1RM?"',
    '"what\'s my workout today?", "show me my plan", "should I train hard today?"',
    '"swap bench press for push-ups", "I only have dumbbells this week", '
    '"move Friday\'s session to Saturday", "make it 30 minutes"',
    '"I want a 4-day hypertrophy plan", "why did you lower my squat?"',
)

HELP = "I can help with your training and your own data. Try for example:\n" + "\n".join(
    f"- {e}" for e in EXAMPLES
)
GREETING = "Hi! " + HELP
THANKS = (
    "You're welcome! I'm here whenever you want to log training, check your numbers or change "
    "your plan."
)
NOT_UNDERSTOOD = "Sorry, I didn't get that{why}. " + HELP

# A swap where the athlete left the new exercise to the coach.
SWAP_CHOSEN = "For {exercise} I chose {to} ({reason}).\n{answer}"
SWAP_OTHERS = '\n\nOther options:{others}\nSay "swap {exercise} for ..." to pick another one.'

PROPOSAL = (
    "{summary}\n\nNothing changes until you approve it: approve or reject plan version "
    "{version} when you are ready."
)
TOOL_FAILED = "I couldn't do that: {error}"
FOOD_AMOUNT_OUTSIDE = (
    "I work out a food's figures for {low} to {high}, and {grams} is outside that, so here "
    "they are per 100 g: for {grams}, multiply them by {factor}."
)
SLEEP_TOO_LONG = (
    "{hours} h is more than a day has: one night's sleep is at most 24 h, so I logged nothing. "
    'How many hours did you sleep that night? Telling me again (e.g. "actually I slept 6 '
    'hours") corrects the night; it never adds to it.'
)
READINESS = "{readiness}\n\n{today}"

ASK = {
    "log_sets": 'For example "3x8 squats at 100 kg RIR 2".',
    "log_cardio_duration": 'How long did it take? For example "ran 5 km in 25 minutes".',
    "log_cardio_activity": "Which activity was it (a run, a ride, a swim, rowing ...)?",
    "log_sleep": 'How many hours did you sleep? For example "slept 7 and a half hours".',
    "log_meal": 'What did you eat? For example "chicken and rice for lunch, 650 kcal, 45 g '
    'protein".',
    "swap_from": 'Which exercise should I replace? For example "swap bench press for push-ups".',
    "swap_to": "What would you like instead of {exercise}? Some options that fit your "
    'equipment and health notes:\n{options}\n\nSay for example "swap {exercise} for {first}".',
    "equipment": 'Which equipment do you have? For example "I only have dumbbells" or '
    '"no equipment this week".',
    "metric": "Which metric? I can show resting HR, HRV, sleep, weight, load, readiness, "
    "SpO2, breathing rate, EtCO2, calories, protein, training volume or your estimated 1RM.",
    "log_sets_exercise": "Which exercise was that ({sets})? Tell me its name, for example "
    '"squat" or "bench press", and I\'ll log it.',
    "change_load_exercise": "Which exercise should change by {amount}? For example "
    '"add 2.5 kg to my squat".',
    # a name several lifts have, none (or several) of them in the plan: which one, by name
    "change_load_which": "Which of {names} should go {amount}?",
    "change_load_named": "Which exercise of your plan should go {amount}? Name it as your "
    'plan does, for example "add 2.5 kg to my barbell back squat".',
    # a removal of a name several planned lifts have ("leave out the rows"): which one
    "remove_exercise": "Which exercise should I take out of your plan? Name it as your plan "
    'does, for example "drop the barbell row".',
}

# A logging message with something unexplained: nothing is stored (nlu.read_log).
LOG_ASK = (
    "{problems} {understood}Nothing is logged yet: could you send it again with what is missing?"
)
LOG_UNDERSTOOD = "So far I understood: {what}. "
UNDO_NOTHING = "There is nothing logged in this chat that I could undo or correct. Is there an entry you want me to log?"
# "drop the box jumps" when neither the plan in force nor this chat's log has them.
REMOVE_NOWHERE = "{exercise} is not in your plan, and nothing logged in this chat has it, so there is nothing to take out."
UNDO_NOTHING_RECENT = "There is nothing logged in the last 30 minutes that I could undo, here or on the web. An older entry can be deleted from its page in the history."
UNDO_ALREADY = 'I took back the {what} already (your other message got there first), so nothing more was removed. To take back another entry, name it (for example "undo the squats").'
# "undo that" when the last thing said was not a log: it names the entry and waits for a yes.
UNDO_ASK = 'Take back the {what}? Say "yes" to take it back, or name the entry you mean (for example "undo the squats"). Nothing is removed until you say so.'
UNDO_KEPT = "Kept it: nothing was removed."
UNDO_WHICH = 'I could not tell which logged entry you mean, so nothing was removed. Which one should go (for example "undo the squats" or "undo that")?'
CORRECT_UNCLEAR = (
    'Which value should change in {what}? For example "it was 80 not 100" or "I meant 5 sets".'
)

CLARIFY = {
    "exercise": 'What would you like to do with {name}? I can log sets ("{key} 3x5 at 60 kg"), '
    'show your estimated 1RM ("what is my {key} 1RM?") or swap it in your plan ("swap {key} '
    'for ...").',
    "change": 'What should I change? I can swap an exercise ("swap bench press for push-ups"), '
    'move a session ("move Friday\'s session to Saturday"), change the session length '
    '("make it 45 minutes"), the days a week ("3 days a week instead of 4"), your equipment '
    '("I only have dumbbells") or an exercise\'s load ("add 2.5 kg to my squat").',
    "number": 'What is {value}? Your body weight ("weight {value} kg"), a load you lifted '
    '("squat 3x5 at {value} kg"), reps ("{value} push-ups") or something else?',
}

# What to ask when the intent model named an intent the rules missed (its guess has no slots).
GUESSED = {
    "log_sets": "Do you want to log sets? " + ASK["log_sets"],
    "log_cardio": "Do you want to log cardio? Tell me the activity and how long, for example "
    '"ran 5 km in 25 minutes".',
    "log_sleep": ASK["log_sleep"],
    "log_weight": 'What do you weigh? For example "weight 72.4" or "weighed in at 165 lbs".',
    "log_daily": 'How are you feeling? For example "mood 7/10, energy 5, soreness 3" or "rhr 52".',
    "log_meal": ASK["log_meal"],
    "query_metric": ASK["metric"] + ' For example "what was my resting HR last week?".',
    "swap_exercise": ASK["swap_from"],
    "set_equipment": ASK["equipment"],
    "move_session": "Which session should I move, and to which day? For example "
    '"move Friday\'s session to Saturday".',
    "skip_session": 'Which session should I skip? For example "skip Friday\'s session".',
    "set_session_minutes": 'How long should your sessions be? For example "keep workouts under '
    '40 minutes".',
    "days_per_week": 'How many days a week do you want to train? For example "4 days a week".',
    "generate_plan": "Do you want a new plan? Tell me the days per week and your goal, for "
    'example "I want a 4-day hypertrophy plan".',
    "change_load": "Which exercise's load should change, and by how much? For example "
    '"add 2.5 kg to my squat".',
    "clarify": CLARIFY["change"],
}

# The rules would write one kind of thing and the student reads another (offline.respond): one
# question naming both, nothing stored or changed until the athlete says which.
DISAGREE = {
    "plan": "Do you want me to change your plan, or to log this in your training log? Tell me "
    'the change (for example "keep sessions under 30 minutes") or the entry to log.',
    "log": "Do you want me to log this in your training log, or to change your plan? Tell me "
    'what to log (for example "bench 80 kg, 4x6") or the change to make.',
}
# The answers to it that write nothing: "neither", or "log it" where no entry can be read.
DISAGREE_DROPPED = "OK: nothing logged, and your plan is unchanged."
DISAGREE_NO_LOG = (
    "I can't read an entry to log in that, so nothing is logged. Tell me what to log, for "
    'example "bench 80 kg, 4x6" or "ran 5 km in 25 minutes".'
)
# The rules and the slot tagger read one message as two different logs: nothing is stored.
SLOT_DISAGREE = "I can read that two ways: {rules}, or {tagger}. Which one should I log?"

OWN_DATA_ONLY = (
    'Ask me about your own training instead, for example "what was my resting HR last week?".'
)
INJURY_SUBSTITUTES = "Options that spare your {region} for {exercise}:\n{options}"
INJURY_NO_OVERHEAD = "Your plan has no overhead pressing to remove."
INJURY_NO_JUMPS = "Jumping is not in your plan: it has no jumps to take out."
# Two exercises ruled out beside a pain, neither of them planned (plans57k).
INJURY_NEITHER_PLANNED = (
    "{a} is not in your plan, and neither is {b}: there is nothing to take out."
)
INJURY_ASK_EXERCISE = (
    'Tell me which exercise bothers it (for example "my knee hurts when I squat") and I\'ll '
    "suggest substitutes that spare it."
)

# Short, settled definitions (no numbers about the athlete: those come from tools).
GLOSSARY: dict[str, str] = {
    "rir": "RIR (reps in reserve) is how many more reps you could have done at the end of a "
    "set: RIR 2 means you stopped two reps short of failure.",
    "rpe": "RPE (rate of perceived exertion) rates effort from 0 to 10; for a set, RPE 8 is "
    "about RIR 2.",
    "hrv": "HRV (heart-rate variability, RMSSD in ms) reflects recovery: compared with your own "
    "baseline, a drop often means more fatigue or stress.",
    "acwr": "ACWR (acute:chronic workload ratio) compares your last week's load with the last "
    "four weeks'. It describes a change in load; its link to injury is disputed, and on real "
    "squads it ranked injuries no better than chance.",
    "deload": "A deload is a lighter week (fewer sets, more reps in reserve) that lets fatigue "
    "clear so you can keep progressing.",
    "1rm": "1RM is the most you can lift once; e1RM estimates it from a set of several reps.",
    "one rep max": "1RM is the most you can lift once; e1RM estimates it from a set of several "
    "reps.",
    "amrap": "AMRAP means as many reps as possible in a set.",
    "readiness": "Readiness (0-100) starts from your morning check-in (energy, soreness, mood); "
    "short sleep, a load change, or HRV and resting HR below your baseline can only lower it. "
    "Without a check-in there is no score. Green train as planned, yellow lighter, red rest.",
    "training load": "Training load here is session RPE x minutes (arbitrary units, AU), for "
    "strength and cardio alike.",
    "load": "Training load here is session RPE x minutes (arbitrary units, AU), for strength "
    "and cardio alike.",
    "progressive overload": "Progressive overload means asking a little more over time (a rep, "
    "a set or a bit of load) so the body keeps adapting.",
    "tsb": "TSB (form) is fitness (CTL) minus fatigue (ATL): negative while you build, "
    "positive when you are fresh.",
    "ctl": "CTL (fitness) is your load averaged over about six weeks.",
    "atl": "ATL (fatigue) is your load averaged over about a week.",
    "volume": "Volume is how much work you do, counted here as hard sets per muscle per week.",
    "spo2": "SpO2 is the oxygen saturation of your blood; at rest it is normally 95-100 %.",
    "etco2": "EtCO2 (end-tidal CO2, mmHg) is the CO2 at the end of a breath out.",
}


# Command-line hints some service errors carry, and what to say in chat instead.
def mentions_cli(text: str) -> bool:
    """Whether ``text`` names a command-line flag or a ``fitcoach`` command."""
    return bool(re.search(r"(?<![\w-])--[a-z]|`fitcoach |\bfitcoach (?:plan|chat|athlete|log|exercise|serve|db)\b", text))  # fmt: skip


# An example of what to type, in quotes ("3x8 squats at 100 kg RIR 2"): its unit follows the
# athlete's (its number is an example, not data).
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_KG_WORD = re.compile(r"\b(?:kgs?|kilos?)\b")


def in_units(text: str, units: Units | None) -> str:
    """An answer as an athlete who reads lb and miles reads it: the examples of what to type say
    lb ("add 2.5 lb to my squat"), and any quantity the engine wrote in kg or km is converted
    (``core.units.quantities_in_text``; the tools' summaries already are). Metric: as is."""
    if units_or_default(units) == "metric":
        return text
    text = _QUOTED.sub(lambda m: _KG_WORD.sub("lb", m.group(0)), text)
    return quantities_in_text(text, units)
