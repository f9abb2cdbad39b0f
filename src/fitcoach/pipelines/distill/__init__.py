"""Teacher → student distillation: the FitSenseAI pipeline as CLI stages.

1. ``generate``: synthetic athletes, plans, logs, daily calories, sleep and weight;
2. ``prompts``: the four coaching prompt types and the athlete messages, with metadata;
3. ``teacher``: a configured language model (cached by prompt hash) or the offline teacher;
4. ``validate``: filters with counts, bias slices, split imbalance, stratified splits;
5. ``student``: the MiniLM intent + slot + safety student, evaluated against the rules;

plus ``monitor`` (schema changes, anomalies, shift between versions) and ``privacy`` (opted-in,
anonymised chats). ``run`` wires the stages to a work directory; ``fitcoach distill`` and the
Airflow DAG call it. See docs/models/student.md.
"""
