"""Athletes' chats as training data: only with their consent, and anonymised first.

``opted_in_messages`` reads the chat messages of the athletes who granted the
``model_training`` consent purpose (``services.consent.for_model_training``; everyone else's
chats are never read) and returns them anonymised. ``anonymise`` replaces what identifies a
person (e-mail addresses, phone numbers, URLs, @handles, long digit runs such as card or
account numbers, postcodes, and names: the athlete's own and any capitalised word after
"I'm"/"my name is"/"this is" or before "'s") with placeholders, and keeps training numbers
(loads, reps, times) that identify nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from fitcoach.services import consent
from fitcoach.services.context import ServiceContext

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
_PHONE = re.compile(r"(?<![\w.])\+?\d[\d ()-]{7,}\d(?!\w|\.\d)")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z_]\w{2,}")
_LONG_NUMBER = re.compile(r"\b\d{6,}\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")  # UK postcodes
_INTRO = re.compile(r"\b((?:I'm|I am|my name is|this is|name's|call me)\s+)([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")  # fmt: skip
_POSSESSIVE = re.compile(r"\b([A-Z][a-z]{2,})'s\b")
_NOT_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "Today", "Yesterday", "Coach", "I", "It", "That", "This", "What", "There"}  # fmt: skip


def anonymise(text: str, names: Sequence[str] = ()) -> str:
    """``text`` without what identifies a person (see the module)."""
    out = _EMAIL.sub("<email>", text)
    out = _URL.sub("<url>", out)
    out = _PHONE.sub("<phone>", out)
    out = _HANDLE.sub("<handle>", out)
    out = _LONG_NUMBER.sub("<number>", out)
    out = _POSTCODE.sub("<postcode>", out)
    for full in sorted(names, key=len, reverse=True):
        if full.strip():
            out = re.sub(rf"\b{re.escape(full.strip())}\b", "<name>", out, flags=re.I)
    for name in sorted({n for full in names for n in full.split() if len(n) > 1}, key=len, reverse=True):  # fmt: skip
        out = re.sub(rf"\b{re.escape(name)}\b", "<name>", out, flags=re.I)
    out = _INTRO.sub(lambda m: m.group(1) + ("<name>" if m.group(2) not in _NOT_NAMES else m.group(2)), out)  # fmt: skip
    out = _POSSESSIVE.sub(lambda m: m.group(0) if m.group(1) in _NOT_NAMES else "<name>'s", out)
    return out


def opted_in_messages(
    ctx: ServiceContext, athlete_ids: Iterable[int], *, limit: int = 200
) -> list[dict[str, Any]]:
    """The athletes' own chat messages (role ``user``), anonymised, for those who opted in."""
    from fitcoach.assistant import conversations
    from fitcoach.services import athletes

    out: list[dict[str, Any]] = []
    for athlete_id in consent.for_model_training(ctx, athlete_ids):
        name = athletes.get_athlete(ctx, athlete_id).name
        for message in conversations.messages(ctx, athlete_id, limit=limit):
            if message.role != "user":
                continue
            out.append({"text": anonymise(message.text, [name]), "source": "chat"})
    return out
