"""Concept vocabulary, part 2: the clot and cauda equina signs, pregnancy, heat, diabetes,
asthma, self-harm said indirectly and disordered eating. See ``concepts`` for how they
combine."""

from __future__ import annotations

from fitcoach.assistant.guardrails.vocabulary import _lazy

_PREGNANT = _lazy(
    r"\b(?:pregnan\w+|trimester|expecting (?:a baby|twins)|baby bump|midwife|braxton)\b|"
    r"(?<!for )(?<!last )(?<!past )(?<!in )(?<!after )\b(?:1\d|2\d|3\d|4[0-2]) ?(?:weeks?|wks?)"
    r"\b(?! (?:ago|of|into|in|out|left|program|plan|block|later|postpartum))"
)
_PREGNANCY_SIGN = _lazy(
    r"\b(?:bleed\w*|spotting|blood(?! (?:pressure|sugar|test))|fluid\w*|leak\w*|gush\w*|"
    r"waters? (?:broke|breaking|went)|contractions?|tightenings?|head ?aches?|vision|"
    r"sparkl\w*|flashing lights|seeing (?:spots|stars)|(?:puffy|swollen) (?:hands|face|fingers)|"
    r"(?:hands|face|fingers) (?:\w+ ){0,4}(?:puffy|swollen)|pain under (?:my )?ribs|chest pain|"
    r"dizz\w*|faint\w*|breathless\w*|short of breath|calf pain)\b|"
    r"\b(?:baby|bub|kicks?)\b[^,.]{0,20}?\b(?:barely|hardly|not|stopped|less|fewer|hasn'?t|"
    r"haven'?t|isn'?t) (?:\w+ )?(?:move|moved|moving|kicked|kicking|as much)\b|"
    r"\b(?:reduced|fewer|less|no) (?:fetal |baby )?(?:movements?|kicks)\b|"
    r"\b(?:haven'?t|hasn'?t|not|didn'?t|can'?t|cannot) (?:felt|feel|noticed|been feeling) "
    r"(?:the |my )?(?:baby|bub|him|her|them|any) (?:move|moving|movements?|kick\w*)\b"
)
_MILD = _lazy(r"\b(?:slight|mild|a bit of a|little|tiny|normal)\b")
_HEAT = _lazy(
    r"\b(?:heat\w*|hot (?:day|weather|yoga|room|sun|conditions|afternoon)|blazing|scorching|"
    r"humid\w*|bikram|sauna|sun(?:shine)?|sunny)\b|\b(?:3[0-9]|4[0-9]) ?(?:°|degrees?)? ?c?\b"
    r"(?<=c|°|s)|"
    r"\b(?:8[5-9]|9\d|1[01]\d) ?°? ?f\b"
)
_HEAT_SIGN = _lazy(
    r"\b(?:confus\w*|muddled|disorient\w*|talking nonsense|can'?t think (?:straight|clearly)|"
    r"dizz\w*|head ?aches?|head (?:is |was )?(?:pounding|throbbing)|pounding head\w*|faint\w*|"
    r"words (?:\w+ ){0,3}(?:jumbled|slurred|wrong)|jumbled|slurr\w*|(?:stopped|not|n'?t) "
    r"sweating|skin (?:is |was )?(?:\w+ )?(?:and )?dry|collaps\w*|went down|on the (?:ground|"
    r"floor)|nearly went down|wobbly|vomit\w*|throw(?:ing|n)? up|threw up|been sick|puk\w+|"
    r"shivery|(?:was|got) sick|head (?:is |was )?spinning|(?:body|skin) (?:\w+ )?(?:on fire|burning)|"
    r"burning up)\b"
)
_CNS = _lazy(
    r"\b(?:confus\w*|muddled|disorient\w*|talking nonsense|can'?t think (?:straight|clearly)|"
    r"jumbled|slurr\w*|(?:stopped|not) sweating|collaps\w*|(?:stopped|not) making (?:any )?"
    r"sense|making no sense|incoherent|gibberish|out of it|(?:don'?t|can'?t|cannot) (?:remember|"
    r"recall))\b"
)
_CORE_TEMP = _lazy(r"\b(?:temp(?:erature)?|core)\b\D{0,12}?(\d{2}(?:\.\d)?)\b")
_DIABETES = _lazy(
    r"\b(?:diabet\w+|type ?[12]|t[12]d?|insulin|insulin pump|on a pump|cgm|libre|dexcom|"
    r"hypo(?:glyc\w*)?|hyperglyc\w*|dka)\b"
)
_GLUCOSE = _lazy(
    r"\b(?:blood sugars?|sugars?|glucose|bg|bgl|cgm|hypo)\b\D{0,20}?(\d{1,3}(?:\.\d)?)(?![\d.])"
    r"(?! ?(?:g\b|grams|kcal|cals?|%|tsp|teaspoons?|cubes|kg|km|min))\s*(mmol(?:/l)?|mg ?/ ?dl)?"
)
_HYPO_SIGN = _lazy(
    r"\b(?:shak\w+|trembl\w*|sweat\w*|confus\w*|can'?t think|couldn'?t think|slurr\w*|blurr\w*|"
    r"hypo|dizz\w*|faint\w*|went funny|wobbly|jittery|(?:going|gone|went|running|dropping|"
    r"dropped) low)\b"
)
_HYPER_SIGN = _lazy(
    r"\bketones?\b|\bfruity breath\b|\b(?:meter|reading) (?:just )?(?:says|reads|shows) (?:hi|"
    r"high)\b|\bdka\b"
)
_ASTHMA = _lazy(
    r"\b(?:asthma\w*|inhaler|reliever|puffer|puffs|ventolin|salbutamol|albuterol|wheez\w*|"
    r"peak flow|eib|exercise[- ]induced (?:asthma|bronchoconstriction))\b"
)
_UNRELIEVED = _lazy(
    r"\b(?:not|isn'?t|wasn'?t|aren'?t|n'?t) (?:\w+ )?(?:helping|working|doing anything|touching "
    r"it|making a difference)\b|\bnot touching it\b|\bno (?:help|relief|difference)\b|"
    r"\b(?:didn'?t|doesn'?t|did not|does not) help\b|\b(?:[4-9]|\d{2,}|several|many|lots of|"
    r"loads of) (?:puffs|times|doses)\b(?! (?:a|per|each) (?:day|week))|"
    r"\bpeak flow\b\D{0,15}?(?:[1-4]\d|50) ?%|\bgetting worse\b|\bpeak flow\b[^.]{0,15}?\b(?:half|"
    r"halved|a third|less than half)\b|\bhelps? (?:for )?(?:like |only |just )?(?:\d+|a few|a "
    r"couple of) min\w*|\b(?:wears|wore|wearing) off\b|\b(?:back|comes back|came back) (?:\w+ )?"
    r"worse\b|\bstill (?:gasping|wheez\w*|struggl\w*|tight|can'?t breathe|breathless|fighting for)"
    r"\b|\b(?:then|another|and) (?:[2-9]|\d{2}) more\b|"
    r"\bcan'?t (?:finish|complete) (?:a |my )?sentences?\b|\b(?:talking|speaking) in (?:like )?"
    r"(?:\d+|one|two|three|single|a few) words?\b|\b(?:barely|can'?t|cannot|hardly) (?:talk|"
    r"speak)\b|\blips? (?:\w+ )?(?:tingl\w*|blue)\b|\bribs? sucking in\b|\bstruggl\w* to "
    r"breathe\b|\beven with (?:his |her |my |the )?inhaler\b"
)
_SELF_HARM_INDIRECT = _lazy(
    r"\b(?:no|(?:don'?t|do not|can'?t|cannot) (?:really |even )?see (?:the|a|"
    r"any)) point (?:any ?more|in (?:anything|living|"
    r"going on|life|trying)|of (?:living|anything|life|trying|going on|being here))\b|"
    r"\bno point any ?more\b|\bwhat'?s the point(?:$|,| of (?:living|anything|life|going on|"
    r"trying))|\b(?:better off|happier|better) without me\b|\b(?:nobody|no one|noone) would (?:even )?"
    r"(?:notice|care|miss me)\b|\b(?:think\w*|thoughts?) (?:about|of) (?:ending (?:it|things|"
    r"everything)|not waking up|driving (?:off|into)|crashing (?:into|the car)|jumping (?:off|"
    r"in front)|disappearing for good)\b|\bwant (?:it|this|everything) (?:all )?to (?:end|stop)\b|"
    r"\bsaying goodbye to everyone\b|\bdisappear (?:forever|for good|permanently)\b|"
    r"\bbetter off if i (?:was|were|wasn'?t|weren'?t) (?:gone|dead|here|around)\b|"
    r"\b(?:don'?t|do not) want to (?:be (?:around|here) any ?more|be alive|exist|live any ?more|"
    r"wake up)\b|\bwon'?t be (?:around|here) (?:much longer|for long|"
    r"any ?more)\b|\bpills? (?:saved|"
    r"stockpiled|hoarded)\b|\bcan'?t (?:do|take) (?:this|it) any ?more\b|\btired of (?:living|"
    r"being alive|life)\b|\bdon'?t want to wake up\b|\b(?:go to sleep|fall asleep) and "
    r"(?:not|never) wake up\b|\b(?:feel like|want to|going to|gonna|planning to|plan to|"
    r"might) (?:just )?end(?:ing)? (?:it|it all|things|everything|my life)\b(?! (?:here|there|"
    r"now|early|for (?:the|this|today)|today|this week|after))|"
    r"\blife (?:is ?n'?t|is not|isn'?t|ain'?t) worth (?:it|living)\b|\b(?:i'?m|i am|feel like|"
    r"feeling like) (?:such |just )?a burden(?= (?:to|on) (?:everyone|everybody|others|people|"
    r"the people|my (?:family|wife|husband|partner|kids|parents|friends))\b|,|$)|\b(?:cutting|"
    r"burning|scratching) (?:my|myself "
    r"on the|into my) (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b"
)
# Self-harm told in the past tense (NICE NG225: a recent act is the strongest sign): an attempt,
# an overdose, a self-injury, a near act at a place of danger. The means must be said with a
# quantity or an intent ("took 20 paracetamol", "on purpose"), so "took 2 ibuprofen for my knee"
# and "cut my finger" stay plain.
_PILLS = r"(?:\w+'?s? )?(?:pills|tablets|meds|medication|painkillers|paracetamol|acetaminophen|ibuprofen|aspirin|sleeping (?:pills|tablets)|antidepressants|insulin|\w+ pills|\w+ tablets)"
_SELF_HARM_PAST = _lazy(
    r"\btr(?:y|ied|ying) to (?:hang|drown|kill|end|overdose|od|crash|jump|gas|suffocate|poison)\b|"
    r"\b(?:od'?d|o\.d\.'?d|overdosed|took an? overdose|tried (?:an? )?overdose)\b"
    r"(?! on (?:caffeine|coffee|espresso|pre-?workout|carbs|sugar|sweets|chocolate|cake|candy|"
    r"\w+ (?:gels?|drinks?|shots?)))|"
    r"\b(?:took|take|taken|swallowed|downed|necked) (?:like |about |around |maybe )?(?:\d{2,}|"
    r"(?:way )?too many|a (?:lot|bunch|load|handful|whole (?:bottle|box|pack(?:et)?)) of|loads of|"
    r"all(?: of)?|extra|many|the whole (?:box|bottle|pack(?:et)?) of|every one of)"
    r"(?: of)? (?:my |the |those |her |his |their )?" + _PILLS + r"|"
    r"\b(?:injected|took) (?:too much|extra) insulin\b|\bdrank (?:some )?bleach\b|"
    r"\b(?:burn(?:ed|t)|cut|scratched|hit|punched|injected|starved|bruised|stabbed) (?:[^.]{0,40})"
    r"\bon purpose\b|\bon purpose\b[^.]{0,30}\b(?:burn(?:ed|t)|cut|hurt|hit|took|swallowed)\b|"
    r"\bburn(?:ed|t) (?:my (?:arm|arms|leg|legs|skin|hand|wrist)|myself) with\b|"
    r"\bcut (?:my (?:arms?|legs?|wrists?|thighs?|stomach|skin|hips?)|myself|deeper|again)\b"
    r"(?! (?:shaving|while shaving|on (?:a|the|some)|cooking|in the kitchen|opening|with a (?:can|"
    r"kitchen knife)))|"
    r"\b(?:relaps\w*|started|back to|up) (?:on )?cutting\b|\bcutting (?:again|myself)\b|"
    r"\b(?:made |the )?cuts on my (?:arms?|legs?|stomach|wrists?|thighs?)\b|\brazor blade\b|"
    r"\b(?:scratched|clawed|hit|punched|banged) (?:my |the )?(?:arms?|legs?|skin|myself|head|wall|"
    r"face)[^.]{0,30}\b(?:till|until) (?:it |they |i |my \w+ )?(?:bled|blood|broke)\b|"
    r"\b(?:hit|banged) (?:myself|my head)\b[^.]{0,30}\b(?:on purpose|many times|till|until)\b|"
    r"\b(?:hoping|meaning|trying|wanting|wanted) to (?:crash|do it|not wake up|die)\b|"
    r"\bwant(?:ed)? to not wake up\b|\bto make (?:it all|everything|it) stop\b|"
    r"\bst(?:ood|anding) (?:on|at) the edge of (?:the |a )?(?:cliff|platform|bridge|roof|building|"
    r"train platform)\b|\b(?:was|got|been) sectioned\b|\bnearly did it\b"
)
# Joking but not (NICE NG225: take it seriously when a joke is withdrawn): a death or self-harm
# word and, in the same message, words that take the joke back ("no really", "not a bit
# anymore", "would be a relief"). "I'm dying lol" alone, or "killed me" after a workout, is not.
_SH_DEATH_WORD = _lazy(
    r"\b(?:die|dying|dead|unalive\w*|kill me|kill myself|end it|end things|death of me|"
    r"off (?:the|a) (?:roof|bridge|building|cliff)|not wake up|me matar|matarme)\b"
)
_SH_NOT_JOKING = _lazy(
    r"\bno,? (?:but )?(?:really|seriously)\b|\bnot (?:really |just )?(?:a|my) (?:joke|bit)\b|"
    r"\bnot a bit any ?more\b|\bnot joking\b|\bi mean it\b|\bfor real\b|\b(?:would|will|'d) be "
    r"(?:a|such a) relief\b|\bwouldn'?t be (?:that |so |too )?bad\b|\bbeen (?:thinking about it|"
    r"wanting to)\b|\bthinking about it (?:for real|a lot|seriously|lately)\b|\bmentira\b|"
    r"\bnot kidding\b|\b(?:half|only half) (?:joking|kidding)\b|\bnot (?:entirely|totally|"
    r"completely) (?:joking|kidding)\b"
)
# More indirect self-harm wording, by the classes the Columbia scale (C-SSRS) and NICE NG225
# ask about: a passive wish to be dead or gone, being a burden, a method or means, looking up
# ways, a future without oneself, preparatory acts (letters, giving things away).
_SELF_HARM_MORE = _lazy(
    r"\b(?:better off|happier|better) if i (?:\w+ ){0,2}?(?:(?:wasn'?t|weren'?t|wasnt|werent|was "
    r"not|were not) (?:\w+ )?(?:around|here|alive|born|in the picture)|(?:was|were) (?:\w+ )?(?:gone|"
    r"dead|never born)|disappeared|didn'?t exist)\b|"
    r"\b(?:take|taking|took|swallow\w*|down(?:ing)?) (?:all|every one of|the (?:whole|rest of the) "
    r"(?:bottle|box|packet|pack)(?: of)?|a (?:whole )?(?:bottle|box|packet|handful) of) (?:my |the |"
    r"those |these )?(?:pills|tablets|meds|medication|painkillers|paracetamol|sleeping pills)\b|"
    r"\b(?:pills|tablets|meds|painkillers) (?:all )?at once\b|\b(?:saving up|stockpil\w*|"
    r"hoard\w*) (?:my |the )?(?:pills|tablets|meds|painkillers|sleeping pills|insulin)\b|"
    r"\b(?:jump\w*|throw\w* myself) (?:off|from) (?:a |the |that |my )?(?:bridge|roof|building|"
    r"cliff|balcony|tower|car park|multi-?storey)\b|\b(?:jump\w*|step\w*|throw\w* myself|walk\w*) "
    r"in front of (?:a |the )?(?:train|bus|car|lorry|truck|traffic)\b|"
    r"\bway out of (?:all (?:of )?this|it all|everything|(?:this )?life|my life)\b|\b(?:permanent|"
    r"painless) (?:way out|solution|escape)\b|"
    r"\b(?:look\w* up|googl\w*|research\w*|search\w*(?: for)?|read\w* (?:up )?about) (?:\w+ )?"
    r"(?:ways|how|methods) (?:to|of) (?:die|dying|not wake up|never wake up|end (?:it|things|my "
    r"life)|kill|overdose|disappear for good)\b|\bhow (?:many|much) (?:\w+ )?(?:pills|tablets|"
    r"paracetamol|insulin)\b[^.]{0,30}\b(?:die|kill|lethal|fatal|to end)\b|"
    r"\b(?:want to|wanna|hope i|hoping i|wish i (?:could|would|wouldn'?t)) (?:just )?(?:not|never|"
    r"don'?t) wake up\b|\b(?:don'?t|dont|do not|can'?t|cant|cannot) see (?:myself|me) (?:still )?"
    r"(?:being |be )?(?:here|around|alive)\b|\b(?:not (?:going to|gonna)|won'?t) be (?:around|here|"
    r"alive) (?:much longer|for long|by|after|to see|next)\b|\btired of (?:living|being alive|"
    r"life|existing|being here|it all)\b|\bwish(?:ing)? i (?:could )?(?:just )?(?:disappear|vanish|not "
    r"exist|was ?n'?t (?:here|alive|born)|were ?n'?t (?:here|alive|born)|was never born|could sleep "
    r"forever)\b|\bwant to (?:just )?(?:disappear|vanish|not exist|stop existing|sleep forever)"
    r"\b(?! (?:for|on|from|into|under|to|in) )|\bnothing (?:left )?to live for\b|"
    r"\bno point (?:to|in|of) (?:anything|it all|any of it|life|living|me|being here)\b|"
    r"\b(?:would|'d|'ll|will) (?:all )?(?:be|do) (?:\w+ )?(?:fine|ok(?:ay)?|happier|better|better "
    r"off) without me\b|\b(?:burden|weight|millstone|drain) (?:around|on|to) (?:every(?:one|body)'?s?|"
    r"their|people'?s?|my (?:family|kids|partner|wife|husband)'?s?)\b(?! (?:training|gym|team|run))|"
    r"\b(?:i'?d|i would) rather (?:not (?:be (?:alive|here|around)|exist|wake up|live)|be dead)\b|"
    r"\b(?:fatal|lethal|deadly)\b[^.]{0,30}\b(?:dose|overdose|amount)\b|\b(?:which|what|how "
    r"much) (?:\w+ ){0,2}(?:are|is|would be) (?:fatal|lethal|deadly)\b|"
    r"\b(?:wrote|writ\w+|written|left|leaving) (?:a |some )?(?:goodbye |farewell |suicide )?"
    r"(?:letters?|notes?) (?:to|for) (?:my |the )?(?:family|kids|children|wife|husband|partner|"
    r"parents|mum|mom|dad|loved ones|everyone|everybody|friends)\b|\b(?:goodbye|suicide) "
    r"(?:letters?|notes?)\b"
)
# Weaker signs that count in pairs of different kinds: hopelessness, a finality about one's
# things or plans, giving belongings away.
_SH_HOPELESS = _lazy(
    r"\b(?:don'?t|dont|do not) know why i (?:even )?bother\b|\bhopeless\b|\bnothing matters\b|"
    r"\bcan'?t see a way (?:out|forward)\b|\bwhat'?s the point\b|\b(?:tired|sick) of everything\b"
)
_SH_FINAL = _lazy(
    r"\b(?:won'?t|wont|will not|shan'?t) (?:be needing|need|be using) (?:it|them|this|that|any of "
    r"(?:it|them|this)|my \w+)\b(?: (?:\w+ ){0,3}?(?:soon|much longer|after (?:that|this|then|"
    r"\w+)|any ?more|where i'?m going))|\b(?:said|saying|say) (?:my )?goodbyes?\b(?! to (?:the|my "
    r"old|this) (?:gym|team|club|job|coach|house|flat))"
)
_SH_GIVING = _lazy(
    r"\b(?:gave|giving|given|give|handed|handing) (?:away )?(?:all )?(?:my|away my|away all my) "
    r"\w+|\bgiv\w* (?:\w+ )?away\b|\b(?:sorted|sorting|made|making|wrote|writing|updated) "
    r"(?:out )?(?:my|a) will\b|\bput(?:ting)? my affairs in order\b"
)
_PURGE = _lazy(
    r"\b(?:make|making|made|makes) myself (?:sick|throw up|vomit|puke)\b|\bchew and spit\b|"
    r"\bspit (?:out )?most of my food\b|\b(?:make|making|made|makes) myself (?:run|burn|"
    r"exercise|work) (?:it |them )?off\b"
)
# Purging words that need food or weight nearby ("threw it up", "laxatives", "purge").
_PURGE_FOOD = _lazy(
    r"\bthrew (?:it|them|that|all|everything) (?:\w+ )?up\b(?! (?:overhead|over|onto|on|into))|"
    r"\bthrow(?:ing)? (?:it|them|that|meals?|food) up\b(?! (?:overhead|over|onto|on|into))|"
    r"\bpurg\w+\b|\blaxatives?\b|\bdiuretics?\b|\bdiet pills?\b|\b(?:throw|throwing|threw|"
    r"bring|bringing) up (?:my |the |what i )?(?:meals?|food|dinner|lunch|breakfast|eat|ate)\b|"
    r"\b(?:stopped|quit|not|skipping) eating (?:to|so i can) (?:lose|drop|make|cut|"
    r"stay|get)\b"
)
_FOOD = _lazy(
    r"\b(?:ate|eat\w*|meals?|food|binge\w*|dinner|lunch|breakfast|pizza|snacks?|calories|"
    r"cals|kcal|weight|scale|slices?|goal weight|thin|skinny|lose|slim|diet|kilos?|kg|lbs|pounds|"
    r"weigh[- ]?ins?)\b"
)
# Days or weeks with (almost) no food.
_FASTING = _lazy(
    r"\b(?:eat\w*|ate|had|having|living on|surviving on) (?:almost |next to |practically |"
    r"basically |virtually )?(?:nothing|no food|barely anything|hardly anything)\b[^.]{0,25}?"
    r"\b(?:(?:\d+|two|three|four|five|several|a few|many) )?(?:days|weeks)\b|\b(?:barely|"
    r"hardly) eat(?:ing|en)? (?:anything )?(?:for|in) (?:days|weeks|a week|\d+ days)\b|"
    r"\b(?:fast|fasting|fasted|water fast\w*) (?:for )?(?:[3-9]|\d{2}|three|four|five|six|seven|"
    r"several|a few|many) (?:full |whole )?days\b|"
    r"\b(?:(?:haven'?t|havent|hasn'?t|have not|not|didn'?t) (?:eaten|eat)(?: anything| any food| a "
    r"thing| a bite| food| a meal)?|(?:haven'?t|havent|hasn'?t|have not|didn'?t) had (?:anything to "
    r"eat|any food|a (?:bite|meal)|food|solid food)) (?:at all )?(?:for|in) (?:the (?:last|past) )?"
    r"(?:[2-9]|\d{2}|two|three|four|five|six|seven|several|a few|many|over \d+) (?:full |whole )?"
    r"(?:days|weeks)\b"
)
# Food as something to be earned or paid for (NICE NG69, SCOFF): "I don't deserve to eat",
# exercise as punishment for eating, disgust at having eaten.
_FOOD_RULE = _lazy(
    r"\b(?:don'?t|dont|do not|didn'?t) deserve (?:to eat|food|dinner|lunch|breakfast|a meal|"
    r"to have (?:food|dinner|lunch|breakfast|a meal))\b|\bonly (?:let|allow) myself (?:to )?eat\b|"
    r"\b(?:scared|afraid|terrified|frightened|petrified) (?:of|to) (?:eat\w*|food)\b[^.]{0,40}\b"
    r"(?:gain\w*|fat|weight|calories)\b|"
    r"\b(?:fast(?:ing)?|off) days?\b[^.]{0,30}\bwater[- ]only\b|\bwater[- ]only (?:days?|fasts?)\b|"
    r"\b(?:eat\w*|having|living on|surviving on) (?:like |about |only |just |maybe |around )*"
    r"(?:\d|one|two|three|a few|a couple of|half an?) \w+(?: \w+)? (?:a|per|each) day (?:to|so i "
    r"(?:can|could)) (?:lose|drop|cut|make) (?:weight|\d+)\b|\bhaven'?t earned (?:my |the |that |a )?"
    r"(?:food|dinner|lunch|breakfast|meal)\b|\bpunish\w*\b|"
    r"\b(?:if|when|whenever|every time|each time|any ?time) i (?:eat|ate|go over|went over|have|"
    r"binge|overeat|slip)\b[^.]{0,60}\b(?:make myself|have to|must|(?:i )?(?:do|add) an? (?:extra|"
    r"additional)|i (?:run|burn|exercise|train|do \d))"
)
_FOOD_DISGUST = _lazy(
    r"\b(?:ate|eat\w*|had)\b[^.]{0,40}\b(?:felt|feel|feeling) (?:so |really |totally |absolutely )?"
    r"(?:disgust\w*|gross|ashamed|fat|huge|revolting|guilty)\b"
)
_EXERCISE_AFTER = _lazy(
    r"\bi (?:ran|went (?:for a|out for a) (?:run|ride|walk)|did an? (?:extra )?\w+|exercised|"
    r"trained|biked|cycled|rowed|worked out|burned|burnt)\b|\bstill (?:feel|look|am) (?:so |really )?"
    r"(?:huge|fat|enormous|massive|gross)\b"
)
# One small food a day: "I only eat one apple a day" (not one meal, or one coffee).
_ONE_FOOD = _lazy(
    r"\bonly (?:eat|eating|have|having|ate|had|allow myself) (?:one|a single|1|half an?|an?) "
    r"(?!(?:meal|big|large|huge|proper|main|dinner|lunch|breakfast|coffee|tea|beer|drink|"
    r"glass|cup|shake|protein)\b)\w+ (?:a|per|each) day\b"
)
_COMPENSATE = _lazy(
    r"\b(?:if|when|whenever) i eat\b[^.]{0,60}\b(?:make myself|have to|must) (?:run|burn|"
    r"exercise|work)\b|\bto make up for (?:it|eating|what i ate)\b"
)
_AMENORRHOEA = _lazy(
    r"\b(?:haven'?t|not|no) (?:had )?(?:a |my )?periods?\b|\bperiods? (?:stopped|gone)\b"
)
_WEIGHT_LOSS = _lazy(
    r"\b(?:lost|dropped|losing) \d+(?:\.\d+)? ?(?:kg|kilos?|lbs?|pounds|stone)\b|\b(?:eating|"
    r"eat|intake) (?:way |well |much )?(?:under|below|less than) \d+\b"
)
_UNDER_INTAKE = _lazy(
    r"\b(?:eating|eat|intake|living on|having) (?:way |well |much )?(?:under|below|less than) "
    r"(\d{3,4})\b"
)
_REPORTED = _lazy(r"\b(?:reckons|thinks|says|said|claims|accuses me of)\b[^.]{0,25}$")
_DEVICE_FAULT = _lazy(
    r"\b(?:strap|watch|monitor|sensor|tracker|device|reading|oximeter)(?:'?s| is| must be| was)? "
    r"(?:\w+ ){0,3}?(?:broken|faulty|glitch\w*|bugged|playing up|acting up|malfunction\w*|wrong|"
    r"inaccurate)\b|\bit(?:'?s| is| must be) (?:\w+ )?(?:broken|faulty|glitch\w*|bugged|playing "
    r"up|malfunctioning)\b"
)
