"""Guardrails: screen every message before the coach answers it.

``screen(text)`` finds, with deterministic rules:

- **red flags** (kinds as in ``coach/rules/safety.yaml``: ``chest_pain``, ``fainting``
  (blacking out included), ``severe_breathlessness``, ``low_resting_spo2`` with the reading
  when one is given and below 90 %, ``rhythm_alert`` (a wearable's or an ECG's rhythm finding
  told in the chat, not one known and managed), ``palpitations_dizziness``, ``acute_injury`` (a pop with
  swelling), ``dvt_signs`` (a swollen calf that is hot, red or tender, or came after a flight,
  a long drive or surgery), ``cauda_equina_signs`` (numbness or back pain with bladder or bowel
  changes, or saddle numbness), ``extreme_diet`` (an intake of 800 kcal a day or less, days
  without food, purging, laxatives, compensating for food), ``self_harm`` (indirect words
  included: by class, in seven mixed-in languages, and across the athlete's last message and
  this one with ``screen(text, earlier=...)``), ``palpitations_at_rest``,
  ``coughing_vomiting_blood``, ``head_injury_signs``, ``pregnancy_warning_signs``,
  ``heat_illness``, ``glycaemic_emergency``, ``asthma_unrelieved``, ``stroke_signs``,
  ``rhabdomyolysis``, ``anaphylaxis`` (by the WAO 2020 criteria), ``acute_abdomen`` (severe
  belly pain with an emergency sign, a rigid belly, a stuck hernia, a sudden testicle),
  ``medication_overuse`` (painkillers past their limits, not an overdose), ``gut_bleed``
  (black or tarry stools without belly pain; ``medication``), ``autonomic_dysreflexia`` (a
  spinal cord injury with a pounding headache, flushing above it, a high blood pressure or a
  blocked catheter), ``neutropenic_fever`` (a fever during chemotherapy; ``long_conditions``) and
  ``medicine_toxicity`` (lithium or serotonin toxicity's signs beside the medicine; ``mind_speech``): the
  "concept triage" section combines symptom, site, severity and context concepts into these). Any red flag means no training advice at all:
  ``escalation_message`` says stop and seek help (crisis help for self-harm), and the
  assistant opens a health flag for each kind (``offline.offline_reply``).
- an **injury or pain** mention, with the body region in the library's region vocabulary
  (``coach.vocabulary.BODY_REGIONS``) where one is named: conservative guidance, substitutes
  that avoid the region (``injury_constraints``) and a referral.
- a **prompt injection**: instruction overrides, role claims ("I am the admin"), attempts to
  extract the system prompt, and requests for another user's or athlete's data (by id, by name
  or "someone else's"). Nothing changes because of them: the assistant only ever acts for the
  authenticated athlete, and the message says so.
- a **medical request** for a diagnosis or medication dosing: declined, with a referral.

Decisions (documented in docs/assistant.md):

- Negation is per clause (clauses split at punctuation and "but"/"though"): "no chest pain
  today" is not a red flag, "no chest pain but I fainted" is fainting. "Not sure if it's chest
  pain" still counts (uncertainty is not negation).
- Exercise names are not symptoms: "chest press", "chest day", "shoulder press", "knee raise"
  are removed before looking for symptoms and regions; muscle soreness after training ("my
  chest is sore from bench", "legs are sore") is not chest pain and not an injury.
- Normal exertion is not a red flag: "out of breath after sprints" is not severe
  breathlessness; "can't breathe", "struggling to breathe" or breathlessness at rest is.
- Palpitations alone or dizziness alone are not the ``palpitations_dizziness`` red flag.
- Figures of speech are not injuries or self-harm: "push-ups hurt my ego", "this workout is
  killing me", "I'm dying lol" (no body region, no self-harm phrase). Explicit self-harm
  phrases ("want to die", "kill myself", "hurt myself") always count, jokes included. Figures
  that name a symptom ("the real chest pain is...", "nearly fainted when I saw the price"), the
  tightness of a pump, a symptom a clinician explained and cleared, and a heart-rate number
  blamed on a broken sensor are removed before screening (``_without_figures``).
- Look-alikes with a plain benign cause are clear (docs/assistant.md lists them): blood spat
  from a mouth bleed, a low SpO2 misread and rechecked normal, sleep said as passing out, a
  faint expected and denied, a brief skipped beat, soreness days after a chest session, signs
  usual in pregnancy; each rule keeps its red-flag counterpart. Issue 57's classes
  (``lookalikes``): chest-wall pain, chest tightness after a chest session (never in cold air,
  even passed), cold lips that pinked up, breathlessness uphill, a postural grey-out, saddle numbness
  that wore off, a treated hypo rechecked normal, negated context; from the tuned writers W-Z
  (alarms57c) a tight garment, a chest symptom joked and said fine, hours on a saddle with no
  spinal sign, a nightmare's startle; from the eleventh set's AE and AF (alarms57f) one's own
  faint long ago never since, sleep said before passing out, a diary blacked out, a cough
  denied beside a mouth bleed, band dislocates, both calves alike, a watch's high-heart-rate
  alert during a named hard effort; from the twelfth set's AG and AH (alarms57g) a level-1 hypo
  treated and settled, hypo-like signs beside an in-range CGM or meter reading, chest tightness
  a reliever inhaler cleared, a heart attack at a number said with a laugh, a faint "from how
  good" something looks, blacking out for a nap on the couch; from the sixteenth set's AQ and AR
  (alarms16) a pec stretched, heartburn after a meal, hours in a seat with the back said fine, a
  wrist SpO2 taken on the move; never with a cardiac companion, never self-harm. From the
  seventeenth set's AT (recall17, ``young_speech``): a chest "tight" taken back as tight shirts,
  blacking out on an app, and, only without a sign that keeps self-harm words raised, a crisis
  phrase quoted as a meme's sound or turned onto the bulk beside a plan asked for. Speech and
  texting spellings (Scots, a dropped g, "ytd") are read as standard words first (``spelling``).

The package, by job: ``result`` (the ``Screen`` it returns), ``text`` (clauses, negation),
``phrases`` and ``red_flags`` (red flags said in the common ways), ``concepts_body``,
``concepts_context`` and ``concepts`` (the concept triage), ``concepts_older`` (red flags in
older adults' plain words, redas17), ``concepts_self_harm`` (self-harm
by class, issue 57), ``lookalikes`` (safe look-alikes by
class), ``young_speech`` (red flags and look-alikes in 16-25s' slang and mixed-in languages,
recall17), ``work_speech`` (red flags and look-alikes in shift workers' and trades' words and
dialect spellings, redau18), ``outdoor_speech`` (red flags and look-alikes of home and outdoor
training, heat and cold, redax19), ``journey_speech`` (beginners' and dieters' words, redaw19),
``diaspora_speech`` (South Asian, African and Caribbean diasporas' words, reday20),
``east_asia_speech`` (East and Southeast Asia's and their diasporas' words, redaz20),
``family_speech`` (parents', pregnancy's, the menopause's and grandparents' words, redbb21),
``eurasia_speech`` (the Middle East's, North Africa's, Eastern Europe's and Central Asia's words,
redba21),
``latin_speech`` (Latin America's, Brazil's and Iberia's words, Spanish and Portuguese mixed in,
redbc22), ``mind_speech`` (the words of people living with a mental-health condition or
neurodivergence, redbd22), ``travel_faith_speech`` (travellers', crew's and faith-shaped
training's words, red23), ``daily_life_speech`` (the words of people living with long-term
conditions and of everyday people logging on the go, red57b), ``combat_gym_speech`` (fighters', contact-sport players' and gym
lifters' words, red57a), ``movement_care_speech`` (movement artists' and health-care
workers' words, their clinical shorthand included, red24), ``tracker_speech`` (endurance
athletes' watch lines, daily trackers', beginners' and second-language writers' words, red57k),
``ramble_speech`` (long dictated rambles', dark humour's, long-term conditions' and slang or
second-language writers' words, red57m), ``pasted_speech`` (text pasted from apps and watches,
niche strength and skill sports', readings', beginners' and rehab's words, red57n),
``meet_field_speech`` (advanced lifters' and outdoor, team-sport and everyday writers' words,
red95),
``box_englishes_speech`` (beginners', other Englishes' and box athletes' words, flags31),
``loose_speech`` (look-alikes said loosely: a race, a pillow, cold water, a site corrected,
alarms96),
``injury``, ``injection``, ``medical``, ``screening`` (``screen``), ``messages`` (what
the athlete is told) and ``explain`` (what raised each red flag, for tuning).
"""

from fitcoach.assistant.guardrails.body_words import names_body_sign
from fitcoach.assistant.guardrails.loose_speech import names_self_harm_word, near_faint_denied
from fitcoach.assistant.guardrails.messages import (
    DIAGNOSIS_MESSAGE,
    INJECTION_MESSAGE,
    INJURY_MESSAGE,
    MEDICATION_MESSAGE,
    escalation_message,
    injury_constraints,
)
from fitcoach.assistant.guardrails.result import (
    SPO2_BELOW,
    VLCD_KCAL,
    InjuryMention,
    RedFlag,
    Screen,
)
from fitcoach.assistant.guardrails.screening import (
    firmly_quietened,
    quietened,
    read_in_range,
    screen,
)

__all__ = [
    "DIAGNOSIS_MESSAGE",
    "INJECTION_MESSAGE",
    "INJURY_MESSAGE",
    "MEDICATION_MESSAGE",
    "SPO2_BELOW",
    "VLCD_KCAL",
    "InjuryMention",
    "RedFlag",
    "Screen",
    "escalation_message",
    "firmly_quietened",
    "injury_constraints",
    "names_body_sign",
    "names_self_harm_word",
    "near_faint_denied",
    "quietened",
    "read_in_range",
    "screen",
]
