"""Airflow DAG: the teacher → student distillation pipeline (issue 16), stages 1-5 and the report.

Airflow runs in its own virtualenv (``make airflow-venv``: ``.venv-airflow``), because it pins
its own web stack; every task calls the ``fitcoach distill`` command of fitcoach's virtualenv,
so the DAG imports nothing from fitcoach. Environment:

- ``FITCOACH_BIN``: the ``fitcoach`` executable (default ``.venv/bin/fitcoach`` of the repo);
- ``FITCOACH_DISTILL_WORKDIR``: the work directory (default ``var/distill``);
- ``FITCOACH_DISTILL_PRESET``: ``micro``, ``tiny`` or ``full`` (default ``full``);
- ``FITCOACH_DISTILL_TEACHER``: ``offline`` (default), ``openai`` or ``gemini``.

Each task retries twice (a teacher API can fail transiently; a stage's output is only recorded
once written whole, so a retry starts clean). Run it once without a scheduler:
``make airflow-dag-test`` (``airflow dags test fitcoach_distill``).
"""

from __future__ import annotations

import os
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

ROOT = Path(__file__).resolve().parents[2]
FITCOACH = os.environ.get("FITCOACH_BIN", str(ROOT / ".venv" / "bin" / "fitcoach"))
WORKDIR = os.environ.get("FITCOACH_DISTILL_WORKDIR", str(ROOT / "var" / "distill"))
PRESET = os.environ.get("FITCOACH_DISTILL_PRESET", "full")
TEACHER = os.environ.get("FITCOACH_DISTILL_TEACHER", "offline")


def _command(stage: str, *extra: str) -> str:
    args = [FITCOACH, "distill", stage, "--workdir", WORKDIR, *extra]
    return " ".join(shlex.quote(a) for a in args)


with DAG(
    dag_id="fitcoach_distill",
    description="Synthetic data → prompts → teacher → validation → student → monitoring report",
    schedule=None,
    start_date=datetime(2026, 11, 1, tzinfo=UTC),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=10)},
    tags=["fitcoach", "ml"],
) as dag:
    generate = BashOperator(task_id="generate", bash_command=_command("generate", "--preset", PRESET))  # fmt: skip
    prompts = BashOperator(task_id="prompts", bash_command=_command("prompts", "--preset", PRESET))
    teach = BashOperator(
        task_id="teach", bash_command=_command("teach", "--preset", PRESET, "--teacher", TEACHER)
    )
    validate = BashOperator(task_id="validate", bash_command=_command("validate", "--preset", PRESET))  # fmt: skip
    train = BashOperator(task_id="train", bash_command=_command("train", "--preset", PRESET))
    report = BashOperator(task_id="report", bash_command=_command("report"))
    generate >> prompts >> teach >> validate >> train >> report
