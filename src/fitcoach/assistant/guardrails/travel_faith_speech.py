"""Red flags and look-alikes said the way people on the move and on odd clocks, and people whose
training is shaped by faith, culture and food rules, say them (red23, issue 57).

The twenty-third final blind set's writers BE (cabin crew, sailors, long-haul travellers) and BF
(fasting, prayer times, festivals, temple and gurdwara life) wrote self-harm as a joke's line
then meant, and stories long ago told as history. Each check here is a class of how people say
it, with its vocabulary in ``coach/rules/red_flag_travel_faith_speech.yaml``:

- self-harm (``travel_faith_self_harm``): a way to die said as a line or a joke (walking into the
  sea, the plane going down gladly, letting go of the railing, "I'll just end it", stopping
  existing) taken back as meant in the same message; a message named as one's last beside
  someone to be told it was not their fault, never with an ordinary reason (a trip, a new app);
- the body (``travel_faith_gloss``, ``travel_faith_flags``): a place around one spinning read as
  dizziness, a fluttery or irregular heartbeat read as palpitations, an oxygen reading said as a
  percentage of oxygen, a chest hurting with the pain spreading to the jaw or arm; a heart sign lying down night after
  night; gasping now and unable to speak in full sentences; a snap in a named muscle with a
  lump or bruising after it; three meals of nothing or next to nothing, day after day;
- look-alikes (``travel_faith_figures``): self-harm or an eating disorder long ago told beside
  being well now; being a burden on the partners who spot one; someone else's hypo, or a
  "hypo" that was hunger; the last faint long ago from drink; a tight calf with every clot sign
  said absent and read as stiffness; breathlessness on effort at altitude, fine at rest; a
  chest pain checked and cleared in the past. Each never beside the signs that keep it raised.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_travel_faith_speech")  # coach/rules/red_flag_travel_faith_speech.yaml
_SPREAD = patterns("red_flag_concepts_older")["older_spread"]


def travel_faith_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    if _V["tf_death_line"]().search(text) and _V["tf_meant"]().search(text):
        return True
    return (
        _V["tf_last_message"]().search(text) is not None
        and _V["tf_not_fault"]().search(text) is not None
        and _V["tf_ordinary_reason"]().search(text) is None
    )


def travel_faith_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of signs read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    out = _V["tf_room_spinning"]().sub("dizzy", text)
    out = _V["tf_flutter_heart"]().sub("heart racing", out)
    return _V["tf_oxygen_reading"]().sub(r"spo2 \1", out)


def travel_faith_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags: list[str] = []
    if any(_V["tf_chest_spread"]().search(s) and _SPREAD().search(s) for s in _sentences(text)):
        flags.append("chest_pain")
    # A heart sign lying down or at rest, night after night.
    if (
        (_V["tf_flutter_heart"]().search(text) or "heart racing" in text)
        and _V["tf_lying_down"]().search(text)
        and _V["tf_repeated"]().search(text)
    ):
        flags.append("palpitations_at_rest")
    # Gasping now and unable to speak in full sentences: severe, whatever the heat.
    if any(
        _V["tf_gasp_now"]().search(s) and _V["tf_no_sentences"]().search(s)
        for s in _sentences(text)
    ):
        flags.append("severe_breathlessness")
    # A snap in a named muscle with a lump or bruising after it, across sentences.
    snap = _V["tf_snapped_muscle"]().search(text)
    if snap and _V["tf_muscle_mark"]().search(text, snap.end()):
        flags.append("acute_injury")
    # Every meal of the day nothing or next to nothing, day after day.
    meals = {m.group(1) or m.group(2) for m in _V["tf_trivial_meal"]().finditer(text)}
    if len(meals) >= 3 and _V["tf_same_days"]().search(text):
        flags.append("extreme_diet")
    return flags


def _history_told(text: str) -> str:
    """Sentences that tell self-harm or an eating disorder long ago, beside being well now and
    with nothing saying it is back, read as a hard time past."""
    if not _V["tf_well_now"]().search(text) or _V["tf_history_keep"]().search(text):
        return text
    out = text
    for s in _sentences(text):
        if _V["tf_long_ago"]().search(s) and _V["tf_history_sign"]().search(s):
            out = out.replace(s, " i had a hard time back then. ")
    return out


@rewrite
def travel_faith_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = _history_told(text)
    # A burden on the partners who spot one is leaning on friends in the gym.
    out = _V["tf_spotter_burden"]().sub("my friends help me, they spot", out)
    # Someone else's hypo is theirs; a "hypo" in quotes beside hunger is hunger, never with
    # diabetes or a sign beyond hunger.
    out = _V["tf_other_hypo"]().sub("someone else was unwell", out)
    if (
        _V["tf_joke_hypo"]().search(out)
        and _V["tf_hunger_sense"]().search(out)
        and not _V["tf_diabetes_keep"]().search(out)
    ):
        out = _V["tf_joke_hypo"]().sub("hungry moment", out)
    # The last faint long ago, from drink, is history.
    out = _V["tf_old_faint"]().sub("long ago", out)
    # A tight calf with every clot sign said absent, read as stiffness from sitting.
    if _V["tf_calf_not_signs"]().search(out) and _V["tf_stiff_sitting"]().search(out):
        out = _V["tf_calf_not_signs"]().sub(" fine", out)
        out = out.replace("tight", "stiff")
    # Breathless on effort at altitude and fine at rest is the altitude.
    if (
        _V["tf_altitude"]().search(out)
        and _V["tf_fine_at_rest"]().search(out)
        and not _V["tf_breath_keep"]().search(out)
    ):
        out = out.replace("breathless", "puffed")
    # A chest pain checked and cleared in the past, never with it back.
    if (
        _V["tf_chest_past"]().search(out)
        and _V["tf_cleared_checkup"]().search(out)
        and not _V["tf_chest_keep"]().search(out)
    ):
        out = _V["tf_chest_past"]().sub("got checked", out)
    return out
