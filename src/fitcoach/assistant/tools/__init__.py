"""The assistant's tools: typed actions over the coach services, for the signed-in athlete only.

``default_registry()`` is what the offline assistant, the language-model providers and the MCP
server all call through, so one set of rules applies whoever asks. Each tool's arguments are a
pydantic model (its JSON schema is what a model or an MCP client sees): no athlete id anywhere,
dates as ``date``, choices as ``Literal``, units in field names (``weight_kg``, ``duration_s``,
``distance_m``). Handlers call the same services the API uses, so writes are validated, scoped
and audited the same way; a ``FitcoachError`` from a service becomes a failed ``ToolResult``
(the registry rolls the tool's writes back). Every result's ``summary`` quotes the numbers with
their units, so an answer built from it never has to invent one.

Plan changes never take effect here: ``propose_plan_edit`` and ``generate_plan`` store a
*proposed* version that waits for the athlete's own approval (``approve_plan_change``, which
models are not offered); the safety validator's refusals come back as ``ok=False`` with its
reasons.

One module a tool group: ``metrics`` (get_metrics, get_readiness), ``history`` (get_strength,
get_training_summary), ``plan_views`` (get_today_session, get_plan), ``plan_changes``
(propose_plan_edit, generate_plan, approve_plan_change, reject_plan_change), ``training_log``
(log_sets, log_cardio, log_daily_metrics, log_sleep, log_meal), ``library`` (search_exercises,
exercise_substitutes), ``foods`` (get_food_facts), ``explain`` (explain_decision), ``safety`` (record_injury,
report_symptoms); ``common`` holds the argument types and helpers they share and ``catalog``
the list of tools and the registry.
"""

from __future__ import annotations

from fitcoach.assistant.tools.catalog import build_tools, default_registry

__all__ = ["build_tools", "default_registry"]
