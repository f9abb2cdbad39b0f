"""The offline assistant: guardrails, rule-based understanding, tools, templates. No network.

``offline_reply`` is the default answer and the end of every fallback chain:

1. ``guardrails.screen`` first. A red flag stops everything: a health flag is opened for the
   athlete for each kind not open yet (``tools.safety.report_red_flags``, in the caller's unit
   of work, exactly as a sensor or a check-in opens one), and the answer is the escalation
   message, no training advice. While a flag is open, every training question (today's
   session, the plan, readiness advice, plan changes) is answered with the escalation too;
   logging still works. An injection attempt or a request for someone else's data gets a
   refusal and changes nothing. A request for a diagnosis or a dose is declined with a
   referral. Pain or an injury gets conservative guidance, a referral and substitutes that
   spare the region (``exercise_substitutes`` with ``injury_constraints``' regions).
2. ``nlu.understand`` turns the text into an intent and slots; each intent maps to one tool
   call (two for readiness advice) through the registry, so the same validation, scoping and
   savepoints apply as for a language model or an MCP client.
3. The answer is a template around the tool result's ``summary``, which quotes the stored
   numbers and the engine's reasons; nothing here computes or invents a figure. Missing slots
   become one question asking for exactly what is missing.

An optional ``intents`` fallback (``embeddings.EmbeddingIntentModel``, the ``ml`` extra) names
the intent of a message the rules did not understand at all. When it is the distilled student
it is also a second net for red flags in step 1 (``student.second_net``): it may add a red flag
the rules missed, never clear one they raised. Its guess has no slots: read-only intents that
need none are answered, every other intent asks for what it needs (nothing is written on a
guess).

The package, by job: ``respond`` (``offline_reply``: the order above), ``injury`` (the answer
to pain or an injury), ``corrections`` and ``entries`` (undo and corrections of what the chat
logged), ``context`` (follow-ups read with the conversation), ``dispatch`` (each intent to its
action), ``actions`` (the tool calls of each intent), ``draft`` (the reply being built: tool
calls through the registry) and ``compose`` (reply text that needs no tool).
"""

from __future__ import annotations

from fitcoach.assistant.offline.respond import TRAINING_INTENTS, IntentFallback, offline_reply

__all__ = ["TRAINING_INTENTS", "IntentFallback", "offline_reply"]
