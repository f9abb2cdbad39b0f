"""Red flags the rules alone missed on the fifteenth set (issue 57, alarms15), by class, written
here in other words: self-harm said in learner English, a burden said as "only a problem for
them", done with living, a lethality question about a named medicine, an illness wished to
finish the job, a hope that a joke's death comes true, the means taken away by a therapist or
family, a self-harm site burned with a lighter, a height one keeps being drawn to and lingers
at, "doesn't matter anyway" beside letters to the family; dictated messages (spoken punctuation
and readings as words); a face dropped on one side, one side's arm and leg weak, a sudden
headache like a blow; a pop with a bruise spreading or the muscle flat; an amputee who cannot
get the socket on after a fall; a calf big and warm after a long trip; a knock-down in sparring
or walking into a post with a neurological sign after; confusion said as "mixed up" in the
heat; a sugar reading said plainly with its signs; a heart beating strange and fast with
dizziness; "peak week" is not an effort; no food then the water cut; spitting into a bottle all
day. Each class has a quiet counterpart that keeps it from raising on ordinary words."""

from __future__ import annotations

RAISED = [
    ("I want end my life, this is not a joke", "self_harm"),
    ("my kids will be more happy without me, I am just a burden to them", "self_harm"),
    ("honestly I'm done with living, can't see the point of the walks", "self_harm"),
    ("looked up how many codeine are too many last night", "self_harm"),
    ("wish the cancer would just take me and be done", "self_harm"),
    ("this bulk is going to kill me lol, kinda hoping it does", "self_harm"),
    ("my mum has locked the pills away and my partner took my razors", "self_harm"),
    ("burned my thigh with a cigarette again after the weigh in", "self_harm"),
    (
        "there's a multi-storey near the gym and I keep going back to it. "
        "last night I parked up there for two hours",
        "self_harm",
    ),
    (
        "it doesn't really matter anyway. I've written letters to my grandchildren and left "
        "them on the dresser",
        "self_harm",
    ),
    ("oxygen reading eighty six percent sitting still full stop", "low_resting_spo2"),
    (
        "blood sugar is twenty two point five comma feeling drowsy and thirsty",
        "glycaemic_emergency",
    ),
    ("dad's face has fallen on the right and his words are odd", "stroke_signs"),
    ("my right arm and leg felt heavy and dead for five minutes on the bike", "stroke_signs"),
    ("sudden headache like being struck with a hammer during my rows", "stroke_signs"),
    (
        "felt a pop in my biceps on the curl and now a bruise is spreading down my arm",
        "acute_injury",
    ),
    ("tripped on the kerb and landed on my stump, now I can't get the liner on", "acute_injury"),
    ("after the 11 hour flight my calf is bigger and hot, only the right one", "dvt_signs"),
    (
        "he got rocked by a hook in sparring and now he keeps vomiting and is drowsy",
        "head_injury_signs",
    ),
    (
        "walked into a door frame at the pool, since then I'm sleepy and confused",
        "head_injury_signs",
    ),
    (
        "gardening in the heat all day, threw up and now getting mixed up about what time it is",
        "heat_illness",
    ),
    ("sugar is 2.9 after aqua, I'm all shaky and sweating", "glycaemic_emergency"),
    (
        "in the middle of the snatch my heart started beating weird and fast and I got dizzy",
        "palpitations_dizziness",
    ),
    ("second week of peak week and my heart's at 140 lying on the sofa", "palpitations_at_rest"),
    ("lose 6kg in 5 days: no food from thursday, then cut the fluids too", "extreme_diet"),
    ("spitting into a bottle all morning before the weigh in", "extreme_diet"),
]

QUIET = [
    "I want to finish my life story book this winter",
    "the hill is more easy without my backpack",
    "done with living room workouts, heading back to the gym",
    "how many grams of protein are too many in one meal",
    "wish this rain would just stop so I can walk",
    "this bulk is killing my wallet, hoping it ends soon",
    "my partner took my car keys so I'd walk to the gym instead",
    "burned my hand on the kettle making tea",
    "there's a bridge on my run route, I keep looking at it, the view is amazing",
    "doesn't matter anyway, I'll walk tomorrow instead",
    "the bike came to a full stop at the lights comma all good",
    "sugar is 30 per 100g on this yoghurt, is that a lot",
    "my face dropped when I saw the price of the new trainers",
    "left arm and leg day done, feeling strong",
    "headache after my rows, had a drink and it eased",
    "my biceps looks flat today, no pump at all",
    "fell asleep on the sofa, woke up and put my prosthetic leg on for the walk",
    "my calves are bigger after the block, stoked",
    "got dropped from the first team for sparring too hard",
    "walked into the gym at 6 and smashed legs",
    "in the heat today, got a bit mixed up with the route but finished",
    "sugar is 5 grams per bar, fine for a snack",
    "my heart was beating fast at the end of the set, settled in a minute",
    "peak week, down to 3 sets a muscle",
    "no food after 8pm, drinking plenty of water",
    "spitting into a bottle because of my dip, trying to quit",
]
