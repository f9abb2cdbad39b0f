"""Concept vocabulary, part 1: symptoms and sites of the heart, breathing, the head and
injuries, and their contexts (rest, exertion, trauma). See ``concepts`` for how they combine."""

from __future__ import annotations

from fitcoach.assistant.guardrails.vocabulary import _lazy

# --- concept triage ---------------------------------------------------------------------------
# The phrase patterns above catch the common ways to say a red flag; people say them in many
# more. This layer reasons over concepts instead: a SYMPTOM (with its synonyms and inflections),
# the BODY SYSTEM or site, SEVERITY, and CONTEXT (at rest or during exercise, after a blow or a
# fall, pregnancy, diabetes, asthma, heat, travel or surgery). Each concept is found per clause
# with the same negation handling (``_found``); rules then combine concepts anywhere in the
# message into a red-flag kind. A concept alone is rarely a flag: "heart racing" is one only at
# rest, "blood" only when coughed up or vomited, "confused" only after a head blow, in the heat
# or with diabetes.


# Symptoms ---------------------------------------------------------------------------------
_CHEST_SITE = _lazy(r"\b(?:chest|breast ?bone|sternum)\b")
_CHEST_QUALITY = _lazy(
    r"\b(?:pains?|painful|hurts?|hurting|ache|aches|aching|tight(?:ness|ening)?|pressure|"
    r"squeez(?:e|es|ed|ing)|crush(?:ed|ing)?|heav(?:y|iness)|discomfort|stabbing|elephant|"
    r"burning(?! out)|like a (?:tight )?band|weight (?:pressing|sitting|on)|pressing|vi[cs]e|"
    r"clamp\w*|gripp\w*)\b"
)
_ARM_JAW = _lazy(
    r"\b(?:left |right )?(?:arm|arms|jaw|neck|shoulder)\b[^,.]{0,25}?\b(?:tingl(?:y|ing|es)|"
    r"numb|ache|aches|aching|pain|hurts|heavy)\b|\b(?:going|spreading|radiating|moving|"
    r"shooting) (?:down|into|up|to) (?:my |the )?(?:left |right )?(?:arm|jaw|neck)\b"
)
# Pain or numbness that a heart attack refers to the left arm and the jaw, said without the
# chest (ESC 2023 acute coronary syndromes: arm, jaw, neck or back discomfort is an equivalent).
_ARM_SIGN = _lazy(
    r"\b(?:left |right )?arms?\b[^,.]{0,25}?\b(?:tingl\w*|numb\w*|went dead|heavy|heaviness|"
    r"aches?|aching|pain\w*|hurts?)\b|\bnumb(?:ness)? (?:in|down) (?:my |the )?(?:left )?arm\b"
)
_JAW_SIGN = _lazy(
    r"\bjaw\b[^,.]{0,25}?\b(?:aches?|aching|pain\w*|hurts?|hurting|tight\w*|sore|pressure)\b|"
    r"\b(?:aching|painful|sore|tight) jaw\b|\b(?:pain|ache|tightness|pressure) in (?:my |the )?jaw\b"
)
# Stroke and bleeding in the brain (NHS FAST; NICE NG228 subarachnoid haemorrhage: a sudden,
# worst-ever "thunderclap" headache).
_STROKE = _lazy(
    r"\b(?:worst|worse) (?:\w+ )?headache (?:of|in) my (?:\w+ )?life\b|\bthunderclap headache\b|"
    r"\bsudden(?:ly)?,? (?:\w+ ){0,3}?(?:severe|excruciating|blinding|explosive|splitting|"
    r"worst) headache\b|\bface (?:is |was |started |went )?droop\w*|\bdroop\w* face\b|"
    r"\bslurr\w* (?:my )?(?:speech|words)\b|\b(?:speech|words) (?:\w+ )?slurr\w*|"
    r"\bone side of my (?:face|body)\b[^.]{0,30}\b(?:numb|weak|droop\w*|won'?t move|dead)\b|"
    r"\bcan'?t (?:lift|raise|move|feel) my (?:left|right) (?:arm|leg|side)\b"
)
# Rhabdomyolysis after hard exercise: dark ("cola", "tea") urine with swollen, very painful
# muscles (ACSM exertional rhabdomyolysis; CHAMP 2020 consensus).
_DARK_URINE = _lazy(
    r"\b(?:pee|urine|wee|piss)\b[^.]{0,25}\b(?:dark|brown|cola|coke|tea|rust\w*|red|blood\w*)\b|"
    r"\b(?:dark|brown|cola|coke|tea|rust)[- ]?(?:colou?red )?(?:pee|urine|wee)\b"
)
_MUSCLE_SWOLLEN = _lazy(
    r"\b(?:thighs?|quads?|legs?|arms?|biceps|calves|calf|muscles?|glutes?|hamstrings?|triceps)\b"
    r"[^.]{0,25}\b(?:swollen|swelling|swelled|puffy|rock hard|tight as a drum|can'?t (?:straighten|"
    r"bend))\b|\b(?:swollen|swelling (?:in|of)(?: my)?) (?:thighs?|quads?|legs?|arms?|muscles?)\b"
)
_COLLAPSE = _lazy(
    r"\b(?:i|he|she|they|we) hit the (?:deck|floor|ground)\b|"
    r"\b(?:ended up|woke up|came (?:round|to)|found myself|was lying) on the (?:\w+ )?(?:floor|"
    r"ground|pavement|sidewalk|road|track|grass|mat|tiles|deck|court|pitch)\b|"
    r"\b(?:went|was|got|been) out cold\b|\bnext thing i (?:knew|remember)\b[^.]{0,40}\b(?:floor|"
    r"ground|on my back|(?:people|someone) (?:\w+ )?(?:around|over|standing over) me)\b|"
    r"\b(?:everything|vision|world|it all|sight) (?:\w+ )?gr[ae]yed out\b|\b(?:i|he|she) (?:\w+ )?gr[ae]yed out\b|"
    r"\bhit the deck\b|\b(?:everything|vision|world|it all) (?:went|turned|going) (?:grey|gray|"
    r"black|dark|white|fuzzy)\b|\b(?:don'?t|can'?t|do not) (?:remember|recall) (?:falling|"
    r"going down|hitting|what happened)\b|\bwas out (?:cold|~ ?\d|for (?:about |around |like "
    r"|~ ?)?(?:\d+|a few|several|a couple of|a) ?(?:s\b|secs?|seconds?|mins?|minutes?|"
    r"moments?|bit|while))|\bnearly (?:went down|dropped|collapsed|fainted)\b|"
    r"\bcame (?:round|to)(?! (?:the|to|my|your|his|her|our|their|a|an|see|visit|help|terms|mind|"
    r"realise|realize|think|know|watch|train|pick|get|me|us|it|this|that)\b)(?= |,|$)|"
    r"\bhow long i was (?:out|down|"
    r"unconscious)\b"
)
# Feeling faint, then falling: "went dizzy and hit the floor".
_PRESYNCOPE = _lazy(
    r"\b(?:dizz\w*|light[- ]?headed\w*|woozy|faint\w*|tunnel vision|vision (?:went|going|closing|"
    r"narrow\w*|tunnel\w*)|gr[ae]y(?:ed|ing)? out|went (?:grey|gray|white))\b"
)
_FELL = _lazy(
    r"\b(?:hit the (?:floor|ground|deck)|fell (?:over|down|to the (?:floor|ground))|went down|"
    r"dropped to the (?:floor|ground)|collapsed|crumpled|keeled over)\b|\b(?:just |literally |then )"
    r"?dropp(?:ed|ing)\b(?! (?:the|a|an|my|it|them|\d|weight|kg|sets?|reps?|pounds|to \d|off|by|"
    r"down to|below|out))"
)
# "Passed out on the sofa", "collapsed onto the couch", "fell asleep": sleep, not syncope.
_SLEEP_FIGURE = _lazy(
    r"\b(?:passed out|collapsed|crashed|flaked out|conked out)(?: \w+)? (?:on|onto|in|into) "
    r"(?:the |my )?(?:sofa|couch|bed|settee)\b|\bfell asleep\b"
)
_PALPITATION = _lazy(
    r"\b(?:heart(?: ?beat)?|pulse)\b[^,.]{0,25}?\b(?:rac(?:e|es|ed|ing)|pound(?:s|ed|ing)|going (?:crazy|"
    r"mad|nuts|wild)|flutter\w*|skip\w*|jump\w*|thump\w*|hammer\w*|irregular|uneven|"
    r"beating (?:really |very |so )?(?:fast|hard)|(?:beating|going|racing) like (?:crazy|mad|"
    r"mental|a drum)|(?:beating|pounding) out of my chest|(?:like|feels like) a drum\w*)\b|"
    r"\bpalpitations?\b|"
    r"\birregular (?:rhythm|"
    r"pulse|heart ?beat)\b|\bracing heart\b|\bpounding heart\b"
)
_HEART_WORD = _lazy(r"\b(?:heart|hr|rhr|pulse|bpm|heart ?rate|watch)\b")
_RESTING_HR = _lazy(
    r"\b(?:resting (?:hr|heart ?rate|pulse)|rhr)\b\D{0,30}?(\d{2,3})\b(?! ?(?:kg|km|min|%))"
)
_RATE = _lazy(
    r"(?<![\d.x,\-–])(?<!- )(\d{3})(?!\d)(?! ?[-–] ?\d)(?! ?(?:kg|lbs?|km|m\b|min|kcal|cal|g\b|%|"
    r"mg|mmol|s\b|w\b|reps))"
)
_REST = _lazy(
    r"\b(?:at rest|resting|while resting|sitting|sat (?:still|down|on|at)|just sat|lying|laying|"
    r"in bed|(?:not|n'?t) (?:even )?(?:out of|up out of) bed|on the (?:couch|sofa|settee)|"
    r"at my desk|just reading|while reading|reading (?:a|the|my)|watching|doing nothing|"
    r"out of nowhere|for no reason|"
    r"(?:haven'?t|have not|hadn'?t|didn'?t) (?:even )?(?:trained|exercised|worked out)|"
    r"overnight|asleep|woke (?:me )?up|just (?:sitting|lying|resting)|won'?t (?:settle|slow)|"
    r"not (?:even )?moving(?: at all)?|(?:sitting|lying|standing) still)\b"
)
_EXERTION = _lazy(
    r"\b(?:during|sprints?|intervals?|hills?|race|racing to|running|run|workout|session|sets?|"
    r"zones?|max|peak|hit|climbs?|reps?|400s|800s|effort|warm[- ]?up|target|should|planning)\b"
)
_BREATH = _lazy(
    r"\b(?:winded|puffed out|puffing|panting|short(?:ness)? of breath|breathless(?:ness)?|out of breath|can'?t (?:catch my breath|"
    r"get (?:enough )?air|breathe)|struggl\w* (?:to|for) (?:breathe|breath|air)|"
    r"(?:hard|difficult) to breathe|breathing (?:is |feels |feel |was )?(?:really |very |so )?"
    r"(?:hard|difficult|laboured|labored|rapid|fast)|breathing (?:so |really |very )?(?:hard|"
    r"heavily|heavy)|gasping|wheez\w*|too breathless|"
    r"prop (?:myself|me) up\b[^,.]{0,30}breathe|fighting for (?:breath|air))\b"
)
_RECOVERED = _lazy(
    r"\b(?:recover(?:ed|ing)|back to normal|(?:it |has |had )?settled(?! down to)|got my breath "
    r"back|fine "
    r"(?:after|within|now)|ok(?:ay)? now|better now)\b"
)
_MINIMAL_EXERTION = _lazy(
    r"\b(?:walking (?:to|around|across|up)|walk (?:to|up)|up (?:the )?stairs|getting dressed|"
    r"in the shower|talking|standing up)\b"
)
_CYANOSIS = _lazy(r"\blips? (?:\w+ ){0,3}(?:blue|grey|gray|purple)\b|\bblue lips?\b")
_PLEURITIC = _lazy(
    r"\bhurts? (?:when|if) i (?:take a |breathe|breath)|\bdeep breath(?: in)? hurts\b"
)
_BLOOD = _lazy(
    r"\b(?:blood(?!(?: |-)(?:sugars?|pressure|tests?|work|oxygen|glucose|donation|results?|"
    r"levels?|type|count|flow|orange))|bloody|bleeding|coffee[- ]grounds?|haemoptysis|"
    r"hemoptysis|pink(?:ish)? (?:\w+ )?(?:frothy|foamy|froth|foam|phlegm|spit|sputum|mucus)|"
    r"(?:frothy|foamy) pink\w*|(?:blood|red)[- ](?:stained|streaked|tinged))\b"
)
_EMISSION = _lazy(
    r"\b(?:cough\w*|spit\w*|spat|sputum|phlegm|vomit\w*|threw up|throw(?:ing|n)? up|puk\w+|"
    r"sick|bring(?:ing)? up|brought up|retch\w*|heav(?:ed|ing))\b"
)
_HEAD_TRAUMA = _lazy(
    r"\b(?:hit|hitting|bang\w*|bash\w*|smack\w*|knock\w*|bump\w*|whack\w*|clonk\w*|struck|"
    r"cracked|landed on) (?:my |his |her |their |the back of (?:my |his |her )?)?head\b|"
    r"\bhead (?:hit|smacked|banged|struck|bounced off|went into)\b|\b(?:fell|landed|came down|"
    r"went) (?:\w+ ){0,4}?(?:on|onto) (?:my|his|her|their|the back of (?:my|his|her)) head\b|"
    r"\b(?:knee|elbow|ball|boot|kick|punch|fist|stick|bat|club|blow|hit) (?:to|in|on) "
    r"(?:the|my|his|her) (?:head|face|forehead|temple|skull)\b|\bheadbutt\w*|\b(?:took|got|had|take) an? "
    r"(?:\w+ )?(?:hit|knock|bang|blow|whack|bump|ball|kick|knee|elbow|punch) (?:to|on|in) "
    r"(?:the|my|his|her) (?:head|face|forehead|temple|skull)\b|\b(?:kicked|punched|hit|struck|"
    r"elbowed|kneed|smacked|whacked|clipped) (?:\w+ )?(?:in|on) the (?:head|face|forehead|temple|skull)\b|"
    r"\bconcuss\w*|\b(?:clash\w*|bang\w*|knock\w*|bump\w*|crack\w*) heads\b|\bhead (?:clash|"
    r"knock|collision|to head)\b|\b(?:hit|hitting|bang\w*|bash\w*|smack\w*|knock\w*|bump\w*|whack\w*|"
    r"clonk\w*|struck|cracked|landed on) (?:my |his |her |their |the )?(?:forehead|skull|temple)\b|"
    r"\b(?:hit|struck|smacked|whacked|caught|clipped|bonked|cracked|got) (?:me|him|her|them) (?:\w+ )?"
    r"(?:in|on|across) the (?:head|face|forehead|temple|skull)\b|"
    r"\b(?:was|got|been|i'?m) knocked (?:out|unconscious|silly)\b|\bknocked (?:me|him|her) out\b"
)
_NEURO = _lazy(
    r"\b(?:head ?aches?|blurr\w*|double vision|seeing double|confus\w*|foggy|fog|muddled|"
    r"disorient\w*|can'?t think (?:straight|clearly)|vomit\w*|throw(?:ing|n)? up|threw up|"
    r"puk\w+|sick|nause\w*|(?:can|don|doesn|didn|couldn)'?t (?:remember|recall)|memory|"
    r"forget\w*|forgot|sleepy|drowsy|slurr\w*|not making sense|out of it|"
    r"pupils?|saw stars|seeing stars|dizz\w*|light hurts|sensitive to light|seizure|fits?|"
    r"jumbled|talking nonsense|weak(?:ness)?|numb\w*|clear fluid|twitch\w*|convuls\w*|spasm\w*|"
    r"(?:bleeding|blood) (?:from|out of) (?:my |his |her |the )?ears?|not (?:myself|right)|"
    r"feel\w* (?:really |so |a bit |very )?(?:weird|strange|off|funny|spaced))\b"
)
# A blow or a fall without the head named ("got hit by a kettlebell, knocked me down") counts
# with a major neurological sign: amnesia, confusion, drowsiness, vomiting, a seizure.
_BLOW = _lazy(
    r"\b(?:got|was|been|get|getting) (?:hit|struck|smacked|whacked|clobbered|floored|kicked|"
    r"knocked) (?:by|in)\b|\b(?:got|was|been|getting) knocked (?:over|down|flying|flat|out)\b|\bknocked (?:me|him|her|them) (?:down|over|flying|flat|out|to the "
    r"(?:floor|ground))\b|\b(?:fell|slipped|tripped|came off)\b[^.]{0,40}\b(?:hit|smacked|banged|"
    r"bashed|landed on)\b"
)
# A high-energy crash or fall ("after a bike crash", "came off my bike", "hit by a car") can
# injure the head without the athlete naming it: with disturbed vision or a major neurological
# sign it counts as a head injury (NICE NG232 lists road traffic collisions and falls from a
# bicycle among dangerous mechanisms).
_CRASH = _lazy(
    r"\b(?:bike|cycling|bicycle|motor ?bike|motorcycle|scooter|car|road|ski(?:ing)?|snowboard\w*|"
    r"horse|riding) (?:crash|accident|collision|wreck|spill|smash|pile-?up)s?\b|\bcrash(?:ed|ing)? "
    r"(?:my|the|his|her|on (?:my|the|his|her)) (?:\w+ )?(?:bike|car|scooter|motorbike|skis?|"
    r"board)\b|\b(?:came|come|coming|fell|flew|thrown|got thrown|knocked) off (?:my |the |his |her )?"
    r"(?:\w+ )?(?:bike|scooter|motorbike|horse|board|ladder|wall|roof)\b|\b(?:hit|knocked down|"
    r"knocked over|clipped|struck) by (?:a|the) (?:car|van|bus|truck|lorry|cyclist|bike)\b"
)
_BLURRED = _lazy(
    r"\b(?:blurr\w*|double vision|seeing double|see(?:ing)? stars|(?:vision|eyesight|sight)"
    r"(?:'?s| is| has)?(?: gone| went| keeps going| going)? (?:\w+ )?(?:funny|weird|fuzzy|"
    r"strange|dark|blurry)|"
    r"everything(?:'?s| is| looks) (?:all )?(?:blurry|fuzzy|spinning|doubled)|"
    r"head (?:is |keeps )?(?:pounding|throbbing|splitting|killing me))\b"
)
_NEURO_MAJOR = _lazy(
    r"\b(?:(?:can'?t|don'?t|cannot|couldn'?t|didn'?t) (?:remember|recall)|memory|confus\w*|"
    r"disorient\w*|slurr\w*|pupils?|seizure|fitting|convuls\w*|twitch\w*|drowsy|sleepy|vomit\w*|"
    r"threw up|thrown up|double vision|clear fluid)\b"
)
_DEFORMITY = _lazy(
    r"\b(?:pointing|facing|bent|sticking) (?:the )?(?:wrong way|sideways|backwards|out)\b|"
    r"\b(?:at |in )?an? (?:odd|weird|funny|strange|unnatural|wrong) (?:angle|shape)\b|"
    r"\b(?:bent|twisted|sitting|pointing) (?:all )?(?:funny|wrong|weird|odd|backwards)\b|"
    r"\blooks? (?:\w+ ){0,4}?(?:deformed|wonky|crooked|out of place|square|dented|misshapen)\b|"
    r"\bbone (?:is )?(?:sticking|poking) (?:out|through)\b|\bout of (?:its |the )?socket\b|"
    r"\bdislocat\w+\b|\b(?:deformed|misshapen)\b|\b(?:came|popped|slipped) out (?:and "
    r"(?:went|popped|slipped) back|of (?:place|joint|its socket))|\b(?:popped|went|slipped) "
    r"back in\b|\b(?:broken|broke|fractured?|cracked|snapped) (?:my |a |the |his |her )?"
    r"(?:\w+ )?(?:wrist|arm|leg|ankle|collar ?bone|ribs?|fingers?|toes?|hand|foot|nose|elbow|"
    r"shoulder|knee|hip|bone|shin|tibia|fibula|forearm|jaw|cheekbone|thumb)\b|"
    r"\b(?:shoulder|knee ?cap|patella|elbow|finger|thumb|hip|jaw|ankle) (?:has |just |completely )?"
    r"(?:popped|came|slipped|went|jumped) out\b|\b(?:shoulder|knee ?cap|kneecap|elbow|finger|thumb|"
    r"hip|jaw|ankle|wrist|joint|bone)s? (?:is|feels|has gone|went|popped|looks|is still) (?:\w+ )?"
    r"out of (?:place|joint|position|its socket|line)\b|\b(?:arm|hand|foot|leg) (?:is |was )?just "
    r"(?:hanging|dangling)\b|\b(?:hanging|dangling) (?:limp|loose|useless\w*)\b|\b(?:dent|hollow|"
    r"gap|step) (?:where|in (?:my|the) (?:shoulder|collar ?bone|shin|bone|arm|leg))\b|"
    r"\b(?:wrist|arm|leg|ankle|finger|toe|knee|shoulder|elbow|nose|collar ?bone|bone|shin|hand|foot|"
    r"thumb)s? (?:\w+ ){0,2}?looks? (?:\w+ ){0,2}?(?:wrong|bent|out of line|not straight|like (?:a |"
    r"an )?(?:\w+ )?(?:fork|banana|zigzag|step))\b|"
    r"\bfelt (?:my |the |something in my )?(?:\w+ )?(?:biceps?|triceps?|pec|tendon|achilles|"
    r"hamstring|quad|calf|acl|ligament|knee|shoulder)s? (?:go|give|tear|rip|snap|pop|roll up|ball "
    r"up)\b|\b(?:achilles|tendon|biceps?|triceps?|pec|hamstring|quad|acl|ligament)s? (?:has |have "
    r"|just )?(?:went|gone|tore|torn|snapped|ruptur\w*|rolled up|balled up)\b|\b(?:tore|torn|"
    r"ruptured|snapped) (?:my )?(?:\w+ )?(?:achilles|tendon|biceps?|acl|ligament|pec|hamstring)\b|"
    r"\bpopeye\b|\bruptur\w+\b|\b(?:bruis\w*|swell\w*|swollen|puff\w* up|balloon\w*) (?:up )?"
    r"(?:really |so |very )?(?:fast|quickly|rapidly|within minutes|in minutes)\b"
)
_NO_WEIGHT = _lazy(
    r"\b(?:can'?t|cannot|couldn'?t|unable to|not able to) (?:put|bear|take|stand) (?:any |my )?"
    r"(?:weight|pressure)\b|\b(?:can'?t|cannot|couldn'?t|unable to|not able to) weight[- ]?bear\b|"
    r"\bnon[- ]weight[- ]bearing\b|\b(?:can'?t|cannot|couldn'?t|unable to) (?:walk|stand) on (?:it|"
    r"my \w+)\b|\b(?:can'?t|cannot|unable to) (?:push off|go up on (?:my )?(?:tip)?toes?|"
    r"stand on (?:my )?(?:tip)?toes?)\b|\b(?:gives?|giving|gave) way\b|\bbuckl\w+\b"
)
_CANT_MOVE = _lazy(
    r"\b(?:can'?t|cannot|unable to) (?:lift|move|raise|straighten|bend|use) (?:it\b|(?:my |the )"
    r"?(?:\w+ )?(?:arm|leg|knee|shoulder|wrist|elbow|ankle|hand|finger|foot|toe)s?\b)|"
    r"\b(?:can'?t|cannot|unable to) (?:even )?walk\b(?! (?:far|fast|for long|much|as|down|up))"
)
_TRAUMA = _lazy(
    r"\b(?:fell|fall(?:ing)?|falling off|came off|crash\w*|collided|collision|tackle\w*|landing|"
    r"landed|rolled|twisted|went sideways|caught|pop\w*|snap\w*|crack\w*|crunch\w*|kicked|"
    r"heard|felt something)\b"
)
# A joint that locked and will not move (NICE CKS knee pain: a locked knee needs urgent review).
_LOCKED = _lazy(
    r"\b(?:knee|joint|elbow|hip|jaw|shoulder) (?:has |is |just |got )?(?:locked|stuck|jammed)\b"
)
# Long-standing, not new: "bent funny since birth", "always been like that".
_CHRONIC = _lazy(
    r"\b(?:since (?:birth|childhood|i was (?:a kid|young|little|a child))|always been (?:like "
    r"(?:that|this)|that way)|for years|old injury|years ago)\b"
)
_RAPID_SWELLING = _lazy(
    r"\b(?:instant(?:ly)?|immediate(?:ly)?|straight away|right away|massive(?:ly)?|"
    r"ballooned|like a balloon)\b"
)
_BRUISE_SWELL = _lazy(r"\b(?:purple|black and blue|bruised|swollen|swelling|swelled|ballooned)\b")
_LEG_SITE = _lazy(r"\b(?:calf|calves|lower leg|leg|shin|thigh|behind (?:my |the )?knee)\b")
_LEG_SWELL = _lazy(
    r"\b(?:swollen|swelling|swelled|puffy|(?:bigger|fatter|thicker|larger|puffier|wider) than "
    r"(?:the |my )?(?:other|left|right)\w*|"
    r"(?:hot|warm|red) (?:and )?(?:swollen|puffy))\b"
)
_CLOT_RISK = _lazy(
    r"\b(?:hot|warm|red|tender|flights?|flew|flying|plane|long[- ]haul|drives?|driving|car "
    r"(?:ride|journey)|bus|coach trip|train (?:ride|journey)|road trip|surgery|operation|op|"
    r"c-?section|caesarean|cesarean|hospital|laid up|bed ?rest|cast|immobili[sz]ed|on the pill|"
    r"pregnan\w*|postpartum|post-?partum|gave birth|clot|dvt|one side|one calf|one leg|"
    r"short of breath|breathless|purple|bluish|discolou?r\w*|shiny|veins?|that (?:leg|side)|on "
    r"that side|(?:left|right) (?:leg|calf|lower leg|thigh))\b"
)
_BLADDER = _lazy(
    r"\b(?:can'?t|cannot|unable to|don'?t) (?:tell|feel|know) when i (?:need|have) to (?:pee|wee|"
    r"go|urinate)\b|\b(?:struggl\w*|trouble|difficulty|hard) (?:to )?(?:go(?:ing)? to the "
    r"(?:toilet|loo|bathroom)|pee\w*|wee\w*)\b|\b(?:pee|peeing|urinating|weeing) (?:feels? |is )?"
    r"(?:weird|strange|different|funny)\b|\bcan'?t (?:fully |properly )?empty\b|"
    r"\b(?:wet|peed|soiled|pooed) myself\b|\b(?:can'?t|cannot) control (?:my )?(?:bladder|"
    r"bowels?)\b|\bincontinen\w+\b|\bleak\w* (?:urine|pee|wee)\b|\b(?:lost|losing|loss "
    r"of|no) (?:control (?:of|over) )?(?:my )?(?:bladder|bowels?)(?: control)?\b|\b(?:can'?t|"
    r"cannot|unable to) (?:pee|wee|urinate|pass urine)\b|\b(?:can'?t|cannot|couldn'?t) (?:hold|"
    r"hold in) (?:my )?(?:bowels?|bladder|pee|wee|urine|poo|it in)\b"
)
_SADDLE_NUMB = _lazy(
    r"\b(?:numb|no feeling|can'?t feel)\w*\b[^,.]{0,25}?\b(?:down there|when i wipe|saddle|groin|"
    r"genitals?|bum|buttocks?|backside|between (?:my )?legs|inner thighs?|privates?)\b|"
    r"\b(?:saddle|groin|down there)\b[^,.]{0,20}?\b(?:numb\w*|tingl\w*|pins and needles)\b|"
    r"\b(?:numb|no feeling|can'?t feel)\w*\b[^,.]{0,12}?\b(?:when|while) i (?:sit|wipe)\b"
)
_BOTH_LEGS = _lazy(
    r"\b(?:both|two) (?:legs|feet|sides)\b[^,.]{0,30}?\b(?:weak\w*|numb\w*|tingl\w*|"
    r"pins and needles)\b|\b(?:sciatica|nerve pain|leg pain)\b[^,.]{0,15}?\bboth (?:legs|sides)\b"
)
_BACK = _lazy(
    r"\b(?:back|lumbar|spine|disc|sciatica|deadlift\w*|squats?)\b|\b(?:both )?legs? (?:feel |"
    r"are |is )?(?:weak|numb|tingly)\b"
)
