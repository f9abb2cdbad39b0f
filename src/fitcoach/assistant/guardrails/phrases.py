"""Red-flag phrases: the common ways to say each red flag, one pattern per sign."""

from __future__ import annotations

from fitcoach.assistant.guardrails.vocabulary import _lazy

# --- red flags --------------------------------------------------------------------------------

_CHEST_PAIN = _lazy(
    r"\bchest (?:pains?|hurts?|hurting|is hurting|tightness|pressure|is tight|feels? tight|"
    r"feels? heavy|feels? (?:like it'?s )?(?:being )?(?:crushed|squeezed)|ache|aches|aching|"
    r"discomfort|is killing me|is painful|painful|tight)\b|\bpains? in (?:my |the )?chest\b|"
    r"\b(?:pressure|tightness|squeezing|crushing|heaviness|burning)(?: feeling| sensation)? in "
    r"(?:my |the )?chest\b|"
    r"\bheart (?:attack|pain|hurts)\b|\bangina\b|\bpain (?:spreading|radiating|going) (?:down|"
    r"to|into) (?:my )?(?:left )?(?:arm|jaw)\b|\btight chest\b|\bchest pain\b"
)
_FAINTING = _lazy(
    r"\b(?:faint(?:ed|ing)?(?![- ]hearted)|fainted|passed out|pass(?:ing)? out|blacked out|black(?:ed)? out|"
    r"blacking out|black ?outs|"
    r"lost consciousness|los(?:e|ing) consciousness|collapsed|collapse|syncope|keeled over|"
    r"nearly fainted|almost fainted|almost passed out|went unconscious|was unconscious|"
    r"everything went black|felt faint|feel faint)\b"
)
_BREATHLESS = _lazy(
    r"\b(?:can'?t|cannot|could ?n'?t|couldnt|unable to|struggl(?:e|ing|ed) to|hard to|hardly|"
    r"barely) (?:breathe|catch my breath|get (?:enough )?air|get my breath)\b|"
    r"\b(?:severe(?:ly)?|extreme(?:ly)?|really bad|terrible|serious) (?:short(?:ness)? of breath|"
    r"breathless(?:ness)?|out of breath)\b|\b(?:short(?:ness)? of breath|breathless(?:ness)?|"
    r"out of breath|gasping(?: for air)?|wheezing badly) (?:at rest|while resting|sitting (?:down|"
    r"still)|lying down|in bed|doing nothing|when resting|walking up (?:the )?stairs|"
    r"from walking|for no reason|all day)\b|\bgasping for air\b(?! after)|\bchoking\b|"
    r"\bsuffocating\b|\blips (?:are |turned |turning )?blue\b"
)
_SPO2 = _lazy(
    r"\b(?:spo2|sp02|sp o2|o2 sat(?:uration)?s?|oxygen(?: saturation| sat(?:uration)?s?| level|"
    r" levels)?|blood oxygen(?: level)?|pulse ox(?:imeter)?(?: reading)?|oximeter|sats?)\b"
    r"[^0-9.]{0,25}?(\d{2,3}(?:\.\d+)?)\s*%?"
)
_SPO2_LOW_WORDS = _lazy(
    r"\b(?:spo2|sp02|oxygen|blood oxygen|o2 sats?|sats)\b[^.]{0,20}\b(?:is |was |are |keeps )?"
    r"(?:low|dropping|dropped|dipping|below 90|under 90|in the 80s|very low|too low)\b"
)
_PALPITATIONS = _lazy(
    r"\b(?:palpitations?|heart (?:is |was |keeps )?(?:racing|pounding|fluttering|skipping|"
    r"skipped|flutter(?:s|ed)?|jumping|going crazy|beating (?:really |very )?(?:fast|hard|"
    r"irregularly|weird(?:ly)?))|racing heart|pounding heart|irregular (?:heart ?beat|pulse)|"
    r"heart ?beat (?:is |was )?(?:irregular|all over the place|weird)|skipped beats?|"
    r"fluttering in my chest)\b"
)
_DIZZY = _lazy(
    r"\b(?:dizz(?:y|iness)|light[- ]?headed(?:ness)?|lightheaded|vertigo|room (?:is |was )?"
    r"spinning|woozy|giddy|about to (?:faint|pass out))\b"
)
_SELF_HARM = _lazy(
    r"\b(?:kill(?:s|ing|ed)? myself|suicid(?:e|al)|end(?:s|ing|ed)? my (?:own )?life|"
    r"end(?:s|ing|ed)? it all|"
    r"take my (?:own )?life|(?:hurt|harm|cut)(?:ing)? myself|self[- ]?harm(?:ing)?|"
    r"(?:want|wanna|wish I could|going) (?:to )?die|want to be dead|wish i (?:was|were) dead|"
    r"better off dead|better off without me|don'?t want to (?:live|be alive|be here anymore|"
    r"exist)|no (?:reason|point) (?:to|in) (?:live|living|going on)|can'?t go on (?:living|"
    r"anymore)|not worth living|overdose on purpose)\b"
)


_POP = _lazy(
    r"\b(?:heard|felt|there was) (?:a |an |something )?(?:loud |big |audible |sudden |distinct )?"
    r"(?:pop|snap|crack)\b|"
    r"\b(?:popped|snapped)\b|\bpop(?:ping)? (?:sound|noise)\b"
)
_SWELLING = _lazy(r"\b(?:swell(?:ing|ed|s)?(?: up)?|swollen|puffed up|puffy|ballooned)\b")
_CALF_SWOLLEN = _lazy(
    r"\b(?:calf|calves|lower leg|shin)\b[^.;]{0,40}?\b(?:swollen|swelling|swelled|puffy)\b|"
    r"\b(?:swollen|swelling (?:in|of)(?: my| the)?|puffy)\s(?:left |right )?(?:calf|calves|"
    r"lower leg)\b"
)
_CLOT_CONTEXT = _lazy(
    r"\b(?:hot|warm|red|redness|tender|throbbing|flight|flights|flew|flying|plane|long[- ]haul|"
    r"long drive|long car (?:ride|journey)|road trip|surgery|operation|bed ?rest|cast|"
    r"immobili[sz]ed|blood clot|clot|dvt)\b"
)
_BLADDER_BOWEL = _lazy(
    r"\b(?:can'?t|cannot|could ?n'?t|unable to|trouble|difficulty|struggl(?:e|ing) to|hard to) "
    r"(?:pee|peeing|urinate|urinating|wee|pass(?:ing)? urine|empty my bladder|control my "
    r"(?:bladder|bowels?))\b|\b(?:lost|losing|loss of|no) (?:bladder|bowel) control\b|"
    r"\b(?:lost|losing|loss of|no) control (?:of|over) (?:my )?"
    r"(?:bladder|bowels?)\b|\b(?:bladder|bowel|urinary|faecal|fecal) (?:incontinence|problems?|"
    r"changes?|issues?|leak(?:s|ing|age)?|accidents?)\b|\b(?:wet|peed|soiled) myself\b|"
    r"\bincontinen(?:ce|t)\b|\bleaking (?:urine|pee)\b|\bcan'?t feel (?:when )?i need to "
    r"(?:pee|go)\b"
)
_NUMB_OR_BACK = _lazy(
    r"\bnumb(?:ness)?\b|\btingl(?:e|ing)\b|\bpins and needles\b|\bcan'?t feel\b|"
    r"\b(?:lower back|back|leg|sciatic) pain\b|\bsciatica\b|\bback (?:hurts|is killing me)\b"
)
_SADDLE = _lazy(
    r"\bsaddle (?:numbness|anaesthesia|anesthesia|area is numb)\b|\bnumb(?:ness)? (?:in |around "
    r"|between )?(?:my )?(?:groin|genitals|bum|buttocks|backside|between my legs|saddle area|"
    r"inner thighs|private parts)\b"
)
_LOW_INTAKE = _lazy(
    r"\b(\d{2,4}(?:\.\d+)?)\s?(?:kcal|k ?cals?|calories|cals?)\b\s?(?:a|per|each|/|every)\s?day\b|"
    r"\b(\d{2,4})\s?(?:kcal|k ?cals?|calories|cals?)\s?(?:daily|/day)\b|"
    r"\b(?:eat(?:ing)?|living on|surviving on|diet of|only|just|intake (?:of|is)) (?:about |around "
    r"|only |just )?(\d{2,4})\s?(?:kcal|k ?cals?|calories|cals?)\b"
)
# A number of kcal that is a difference, a burn or a meal, not what someone lives on.
_NOT_INTAKE = _lazy(
    r"\b(?:deficit|surplus|burn(?:ed|t|ing|s)?|less|fewer|more|extra|under|over|below|above|"
    r"maintenance|cut(?:ting)? by|lunch|breakfast|dinner|snack|meal|shake|bar|workout|session|"
    r"run|ride|walk|per hour|an hour)\b"
)
_STARVING = _lazy(
    r"\b(?:starv(?:e|ing) myself|not eating (?:for|in) (?:\d+|two|three|four|five|several|a "
    r"few|many) days|haven'?t eaten (?:for|in) (?:\d+|two|three|four|five|several|a few|many) "
    r"days|(?:make|making|made) myself (?:sick|throw up|vomit|puke)|(?:throw(?:ing)? up|vomit"
    r"(?:ing)?|purg(?:e|ing)) (?:after|to get rid of) (?:eating|meals?|food|what i eat)|"
    r"water fast(?:ing)? for (?:a week|\d+ days|weeks)|eat(?:ing)? nothing (?:all|for) "
    r"(?:day|days|week))\b"
)
