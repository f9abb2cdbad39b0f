"""Start-up cost of the CLI: importing ``fitcoach.cli`` and building its commands (what every
``fitcoach`` command, even ``--help``, does first) must not import the heavy scientific stack,
nor the database, settings and service libraries. Command modules import the services inside
the command functions, on use.

A failure here means a command module got a heavy import at module level again: move it into
the command that uses it (type-only imports go under ``if TYPE_CHECKING:``; a constant an option
declaration needs is repeated, checked by the last test here).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fitcoach.cli

HEAVY = ("scipy", "pandas", "neurokit2", "sklearn", "matplotlib", "torch")

# What ``fitcoach --help`` does without: it needs Typer and Rich, nothing of the data, database,
# web or model stacks (`benchmarks/bench_startup.py` times it).
NOT_FOR_HELP = (
    *HEAVY,
    "numpy",
    "sqlalchemy",
    "alembic",
    "pydantic",
    "pydantic_settings",
    "structlog",
    "yaml",
    "redis",
    "fastapi",
    "uvicorn",
    "jinja2",
    "argon2",
    "cryptography",
    "limits",
    "httpx",
    "openai",
    "google",
    "telegram",
    "mcp",
    "playwright",
    "serial",
)

# Modules, by full name, that building every command does without too: the progress bars,
# prompts and live displays of the long commands, the sensor frames of the simulator (each
# imported by the command that uses it, issue 38).
NOT_FOR_HELP_MODULES = ("rich.progress", "rich.prompt", "rich.live", "fitcoach.sensors.frames")

# Heavy packages that importing ``fitcoach.cli`` may pull in: none. Command modules import the
# data and signal stacks inside the commands that use them.
ALLOWED: dict[str, str] = {}

# Command modules not held to the per-module rule (the package itself imports them all).
EXEMPT = {"__init__"}

CLI_DIR = Path(fitcoach.cli.__file__).parent


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_importing_the_cli_imports_no_heavy_package_beyond_the_allow_list() -> None:
    code = (
        "import fitcoach.cli, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{HEAVY!r}))"
    )
    modules: list[str] = ast.literal_eval(_run(code))
    unexpected = sorted({m for m in modules if m.split(".")[0] not in ALLOWED})
    assert unexpected == [], f"importing fitcoach.cli now imports {unexpected}"


def test_building_every_command_for_help_imports_none_of_the_stacks() -> None:
    """``--help`` builds every command (Typer reads each signature), so the option declarations
    must not need the services either."""
    code = (
        "import sys, typer; from fitcoach.cli import app; typer.main.get_command(app); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_FOR_HELP!r} "
        f"or m in {NOT_FOR_HELP_MODULES!r}))"
    )
    modules: list[str] = ast.literal_eval(_run(code))
    assert sorted({m if m in NOT_FOR_HELP_MODULES else m.split(".")[0] for m in modules}) == []


def test_help_lists_every_command_group() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from fitcoach.cli import app; app()", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    for command in ("serve", "plan", "db", "athlete", "token", "report", "signals", "simulate"):
        assert f" {command} " in result.stdout


# Imports each command module with ``fitcoach.cli`` set up as a bare package (its __init__, which
# imports every command module, is not run), so each heavy import is charged to the module that
# brought it in.
_PER_MODULE = """
import importlib, json, sys, types
heavy = {heavy!r}
package = types.ModuleType("fitcoach.cli")
package.__path__ = [{cli_dir!r}]
sys.modules["fitcoach.cli"] = package
seen = set()
culprits = {{}}
for name in {names!r}:
    importlib.import_module("fitcoach.cli." + name)
    now = {{m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy}}
    if now - seen:
        culprits[name] = sorted(now - seen)
    seen |= now
print(json.dumps(culprits))
"""


def test_no_command_module_imports_a_heavy_package_at_module_level() -> None:
    names = sorted(p.stem for p in CLI_DIR.glob("*.py") if p.stem not in EXEMPT)
    assert "plans" in names  # the glob found the command modules
    code = _PER_MODULE.format(heavy=HEAVY, cli_dir=str(CLI_DIR), names=names)
    culprits = json.loads(_run(code))
    assert culprits == {}, f"command modules importing heavy packages at start-up: {culprits}"


def test_constants_repeated_for_the_option_declarations_match_their_source() -> None:
    """Some option declarations repeat a constant of a heavy module (so that ``--help`` need not
    import it); they must stay the same as the original."""
    from fitcoach.analysis import energy
    from fitcoach.cli import (
        athletes,
        db,
        demo,
        health,
        history,
        ingest,
        nutrition,
        plans,
        sensors,
        serve,
        tokens,
        wearables,
    )
    from fitcoach.coach.edits import EDIT_OPS
    from fitcoach.coach.rules.safety import safety_limits
    from fitcoach.core.domain import TokenScope
    from fitcoach.ingest.producers import STREAM_FRAMES
    from fitcoach.pipelines import demo as demo_pipeline
    from fitcoach.pipelines import wearables as wearables_pipeline
    from fitcoach.sensors.simulator import SCENARIOS
    from fitcoach.sensors.transports import DEFAULT_BAUDRATE
    from fitcoach.services import access_log, retention, training_log
    from fitcoach.services import wearables as wearables_service
    from fitcoach.workers.frames import DEFAULT_GROUP

    assert tuple(energy.ACTIVITY_FACTORS) == nutrition.ACTIVITY_LEVELS
    assert energy.DEFAULT_ACTIVITY == nutrition.DEFAULT_ACTIVITY
    assert demo_pipeline.DEMO_EMAIL == demo.DEMO_EMAIL == serve.DEMO_EMAIL
    assert demo_pipeline.MAX_WEEKS == demo.MAX_WEEKS
    assert wearables_pipeline.MAX_ATHLETES == wearables.MAX_ATHLETES
    assert wearables_pipeline.MAX_DAYS == wearables.MAX_DAYS
    assert wearables_service.DEFAULT_PREFIX == wearables.DEFAULT_PREFIX
    assert wearables_service.DEFAULT_GROUP == wearables.DEFAULT_GROUP
    assert access_log.MAX_LIMIT == athletes.ACCESS_LOG_MAX_LIMIT
    assert retention.KIND_NAMES == db.RETENTION_KINDS
    assert tuple(safety_limits().red_flags) == health.RED_FLAGS
    assert tuple(safety_limits().flag_sources) == health.FLAG_SOURCES
    assert tuple(training_log.MODELS) == history.KINDS
    assert DEFAULT_GROUP == ingest.DEFAULT_GROUP
    assert STREAM_FRAMES == ingest.STREAM_FRAMES
    assert tuple(EDIT_OPS) == plans.EDIT_OPS
    assert tuple(SCENARIOS) == sensors.SCENARIOS
    assert DEFAULT_BAUDRATE == sensors.DEFAULT_BAUDRATE
    assert [(s.name, s.value) for s in tokens.Scope] == [(s.name, s.value) for s in TokenScope]


# What a person types day to day, each with what it may import beyond the command line's own
# stack: the load report reads pandas (rolling windows); the others need neither pandas nor
# SciPy (readiness, today's session and the adaptive TDEE compute on arrays, see
# ``analysis.load``'s ``*_values``, ``readiness_days_of_rows``, ``energy.theil_sen``). NumPy
# only where a command computes on arrays (today's session on a training day reads readiness):
# the plan as stored, the profile, the records and the logs do not (the form check's schemas
# live apart from its NumPy,
# ``services.form_results``; the readiness colour a plan view carries is ``core.domain``'s).
NUMPY = frozenset({"numpy"})
COMMON_COMMANDS: dict[str, tuple[list[str], frozenset[str]]] = {
    "plan today": (["plan", "today", "-a", "{athlete}"], NUMPY),
    "records": (["records", "-a", "{athlete}"], frozenset()),
    "log workout": (
        ["log", "workout", "-a", "{athlete}", "-s", "squat 3x5@100kg rir2"],
        frozenset(),
    ),
    "plan show": (["plan", "show", "-a", "{athlete}"], frozenset()),
    "athlete show": (["athlete", "show", "-a", "{athlete}"], frozenset()),
    "readiness": (["readiness", "-a", "{athlete}"], NUMPY),
    "nutrition targets": (["nutrition", "targets", "-a", "{athlete}"], NUMPY),
    "log daily": (["log", "daily", "-a", "{athlete}", "--mood", "4"], frozenset()),
    "load": (["load", "-a", "{athlete}"], NUMPY | {"pandas"}),
}

# Modules, by full name, that none of the common commands imports (issue 38): structlog, which
# ``configure_logging`` configures when something first logs (its import brings Rich's
# tracebacks, Pygments and attrs: ~30 ms), the progress bars and prompts of the long commands,
# the bus, the stream producers and the sensor frames (``services.athletes`` imports them for
# deleting an athlete only), and the command modules of other groups (``cli.app`` imports the
# one a command is in).
NOT_FOR_COMMON = (
    "structlog",
    "pygments",
    "rich.traceback",
    "rich.progress",
    "rich.prompt",
    "fitcoach.ingest.bus",
    "fitcoach.ingest.producers",
    "fitcoach.sensors.frames",
    "fitcoach.cli.ml",
    "fitcoach.cli.signals",
    "fitcoach.cli.sensors",
    "fitcoach.cli.distill",
    "fitcoach.cli.serve",
    "fitcoach.cli.reports",
    # No migration check on a read or a log: the schema's version is `fitcoach db`'s business
    # (a database not migrated yet fails with "run `fitcoach db upgrade` first" all the same).
    "alembic",
    "fitcoach.storage.migrate",
    # Nor the web, HTTP or cache stacks of the server.
    "fastapi",
    "starlette",
    "jinja2",
    "httpx",
    "redis",
)

# And what one command does without: today's session served as planned needs neither the
# editor's timing nor the planning rules behind it (``services.plans.serving`` imports them
# for a repaired session only).
NOT_FOR_COMMAND: dict[str, tuple[str, ...]] = {
    "plan today": ("fitcoach.coach.edits.timing", "fitcoach.coach.rules.planning"),
    # The targets need neither the meal planner nor the food table (``services.nutrition``
    # imports ``coach.nutrition`` in the functions that plan or log food).
    "nutrition targets": ("fitcoach.coach.nutrition",),
}

_AT_EXIT = """
import atexit, json, sys
heavy = {heavy!r}
modules = {modules!r}
atexit.register(lambda: print("IMPORTED " + json.dumps(
    sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy}}
           | {{m for m in sys.modules if m in modules}}))))
from fitcoach.cli import app
sys.argv[0] = "fitcoach"
app()
"""


def test_the_common_commands_import_no_scientific_stack(
    demo_sqlite_template: tuple[Path, int], tmp_path: Path
) -> None:
    """Each command runs to its end on the demo athlete's data (so its services did their
    work) and leaves scipy, pandas, scikit-learn, torch, NeuroKit2, matplotlib and NumPy
    unimported, but for what ``COMMON_COMMANDS`` allows: their imports cost a command seconds
    (NumPy a tenth of one); nor does it import ``NOT_FOR_COMMON`` or its ``NOT_FOR_COMMAND``."""
    template, athlete_id = demo_sqlite_template
    db = tmp_path / "commands.sqlite3"
    db.write_bytes(template.read_bytes())
    env = {
        **os.environ,
        "FITCOACH_DATABASE_URL": f"sqlite:///{db}",
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "COLUMNS": "200",
    }
    watched = {*NOT_FOR_COMMON, *(m for names in NOT_FOR_COMMAND.values() for m in names)}
    code = _AT_EXIT.format(heavy=(*HEAVY, "numpy"), modules=sorted(watched))
    imported = {}
    for name, (argv, allowed) in COMMON_COMMANDS.items():
        args = [a.format(athlete=athlete_id) for a in argv]
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
            env=env,
        )
        assert result.returncode == 0, (name, result.stderr[-2000:])
        line = next(x for x in result.stdout.splitlines() if x.startswith("IMPORTED "))
        got = set(json.loads(line.removeprefix("IMPORTED ")))
        unwanted = {*HEAVY, "numpy", *NOT_FOR_COMMON, *NOT_FOR_COMMAND.get(name, ())} - allowed
        imported[name] = sorted(got & unwanted)
    assert imported == {name: [] for name in COMMON_COMMANDS}


def test_the_load_and_readiness_analyses_import_numpy_on_use() -> None:
    """``services.monitoring`` (which ``plan today`` imports, and every page) imports
    ``analysis.load`` and ``analysis.readiness``; they import NumPy in the functions that use
    it, so ``plan today`` on a rest day, which computes neither, starts without it (0.1 s)."""
    code = (
        "import sys; import fitcoach.services.monitoring, fitcoach.analysis.load, "
        "fitcoach.analysis.readiness; print('numpy' in sys.modules)"
    )
    assert _run(code) == "False"


def test_a_command_starts_with_the_collector_paused_then_collects() -> None:
    """``pause_collector`` (every command's first seconds, ``cli.app``'s callback): off, then
    on again by itself; ``keep_collector_off`` (``serve``) ends the pause without turning it
    on; a collector someone else turned off stays theirs."""
    import gc
    import time

    from fitcoach.cli import common

    assert gc.isenabled()
    try:
        common.pause_collector(0.05)
        assert not gc.isenabled()
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.isenabled()
        common.pause_collector(0.05)
        common.keep_collector_off()
        time.sleep(0.2)
        assert not gc.isenabled()  # serve turns it on after its start-up
        common.pause_collector(0.05)  # already off: left alone, no timer
        time.sleep(0.2)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_help_does_not_pause_the_collector() -> None:
    """The callback runs before a command, not for ``--help`` (nothing heavy is imported)."""
    code = (
        "import gc, sys; from fitcoach.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled())"
    )
    assert _run(code) == "True"


# Arguments whose output the command built for them alone must match the whole app's: a group's
# help, a command's help, a command with a wrong option, a group without its command.
NARROWED_ARGV = (
    ["plan", "--help"],
    ["plan", "today", "--help"],
    ["import", "--help"],
    ["load", "--no-such-option"],
    ["plan"],
)


def test_a_named_command_builds_only_its_own_group_and_answers_the_same() -> None:
    """``fitcoach plan today`` builds the ``plan`` group alone (Typer reads every command's
    signature to build one, tens of milliseconds for all of them); what it prints and its exit
    code are those of the whole app. Without a command name, with an option first or a name
    that is not a command, it is the whole app (the top-level help lists them all; Click
    suggests from them)."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from fitcoach.cli import app

    groups, commands = len(app.registered_groups), len(app.registered_commands)
    only = get_command(app.narrowed(["plan", "today", "-a", "1"]))
    assert set(only.commands) == {"plan"}  # type: ignore[attr-defined]
    assert set(get_command(app.narrowed(["import", "x.csv"])).commands) == {"import"}  # type: ignore[attr-defined]
    for argv in ([], ["--help"], ["plna"], ["--install-completion"]):
        assert app.narrowed(argv) is app
    assert (len(app.registered_groups), len(app.registered_commands)) == (groups, commands)

    runner = CliRunner()
    for argv in NARROWED_ARGV:
        whole = runner.invoke(app, argv, prog_name="fitcoach", env={"COLUMNS": "120"})
        alone = runner.invoke(
            app.narrowed(argv), argv, prog_name="fitcoach", env={"COLUMNS": "120"}
        )
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), argv
        assert whole.output.strip(), argv


def test_the_check_in_path_imports_no_form_check() -> None:
    """The training log stores the form check's result with a set, and reads its schemas from
    ``services.form_results``: importing it must not bring in the form check itself (NumPy, the
    pose rules, the model registry)."""
    code = (
        "import sys, fitcoach.services.training_log; "
        "print(sorted(m for m in sys.modules if m in ('numpy', 'fitcoach.services.form_check', "
        "'fitcoach.ml.form', 'fitcoach.analysis.pose')))"
    )
    assert _run(code) == "[]"
    from fitcoach.services import form_check, form_results

    assert form_check.FormCheck is form_results.FormCheck


def test_the_athlete_and_context_services_import_no_bus_nor_schemas() -> None:
    """``services.athletes`` (every athlete command) reads the bus, the stream producers and
    with them the sensor frames when an athlete is deleted, and ``services.context`` (every
    service) the schemas' validation-context keys when it builds a context: importing them
    brings none of these, and the streams and the context are what they were."""
    code = (
        "import sys, fitcoach.services.context; "
        "context = sorted(m for m in sys.modules if m == 'fitcoach.coach.schemas'); "
        "import fitcoach.services.athletes; "
        "athletes = sorted(m for m in sys.modules if m in {modules!r}); "
        "print([context, athletes])"
    ).format(
        modules=("fitcoach.ingest.bus", "fitcoach.ingest.producers", "fitcoach.sensors.frames")
    )
    assert ast.literal_eval(_run(code)) == [[], []]

    from datetime import UTC, date, datetime

    from fitcoach.coach.schemas import TODAY, UNITS
    from fitcoach.core.clock import FixedClock
    from fitcoach.ingest import producers
    from fitcoach.services.athletes import AthleteStreams
    from fitcoach.services.context import validation_context

    assert AthleteStreams() == AthleteStreams(
        producers.STREAM_FRAMES,
        producers.STREAM_VITALS,
        producers.STREAM_ALERTS,
        producers.VITALS_GROUP,
        producers.WearableStreams(),
    )
    clock = FixedClock(datetime(2026, 11, 27, 12, tzinfo=UTC))
    assert validation_context(clock, "imperial") == {TODAY: date(2026, 11, 27), UNITS: "imperial"}
    assert validation_context(None) is None


def test_the_wording_and_serving_of_a_session_import_no_editor() -> None:
    """``coach.wording`` (every plan command) reads the editor's ``WHO`` and the projection of
    ``coach.today`` inside the functions that need them, and ``services.plans.serving`` the
    editor's timing for a repaired session only: importing them brings neither the edit
    operations' models nor the planning or progression rules behind them."""
    code = (
        "import sys, fitcoach.coach.wording; "
        "wording = sorted(m for m in sys.modules if m in {modules!r}); "
        "import fitcoach.services.plans.serving; "
        "serving = sorted(m for m in sys.modules if m in {timing!r}); "
        "print([wording, serving])"
    ).format(
        modules=(
            "fitcoach.coach.edits.render",
            "fitcoach.coach.edits.types",
            "fitcoach.coach.today",
            "fitcoach.coach.rules.progression",
        ),
        timing=("fitcoach.coach.edits.timing", "fitcoach.coach.rules.planning"),
    )
    assert ast.literal_eval(_run(code)) == [[], []]


def test_the_plan_views_build_their_validators_on_first_use() -> None:
    """``services.plans.views`` defers its 19 models' validators (``defer_build``): a command
    returns one or two of them. Importing builds none; validating one builds it, and it
    validates as before."""
    code = (
        "from fitcoach.services.plans import views\n"
        "from pydantic import BaseModel\n"
        "models = [v for v in vars(views).values() if isinstance(v, type) "
        "and issubclass(v, BaseModel) and v.__module__ == views.__name__]\n"
        "built = sorted(m.__name__ for m in models if m.__pydantic_complete__)\n"
        "op = views.GeneratedOp.model_validate({'seed': 1, 'weeks': 4, 'start': '2026-11-23'})\n"
        "print([len(models), built, views.GeneratedOp.__pydantic_complete__, op.op, "
        "op.start.isoformat()])"
    )
    count, built, complete, op, start = ast.literal_eval(_run(code))
    assert count >= 19
    assert built == []
    assert (complete, op, start) == (True, "generate", "2026-11-23")


# Modules whose models build their validators and serializers on first use (``defer_build``,
# issue 38): every command imports some of them, most validate one or two models of them (`fitcoach
# athlete show`: the athlete's; `fitcoach load`: none).
DEFERRED_MODELS = (
    "fitcoach.coach.schemas",
    "fitcoach.coach.plan",
    "fitcoach.coach.explanations",
    "fitcoach.services.form_results",
)
# But for the API's request bodies (and their bases), built at import: FastAPI builds a deferred
# body at the first request, outside the filter it sets for pydantic's warning about the
# body's alias (``UnsupportedFieldAttributeWarning``), which that request would then print.
BUILT_AT_IMPORT = [
    "CardioIn",
    "DailyMetricsIn",
    "FeedbackIn",
    "MealIn",
    "ProfileFields",
    "SetIn",
    "SleepIn",
    "WorkoutIn",
    "_In",
    "_Sourced",
]

_DEFERRED = """
import importlib, json
from pydantic import BaseModel, ValidationError
counts, built = {{}}, []
for name in {modules!r}:
    module = importlib.import_module(name)
    models = [v for v in vars(module).values() if isinstance(v, type)
              and issubclass(v, BaseModel) and v.__module__ == name]
    counts[name] = len(models)
    built += sorted(m.__name__ for m in models if m.__pydantic_complete__)
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import Load, Plan
from fitcoach.coach.schemas import UNITS, AthleteOut, DailyMetricsIn
from fitcoach.services.form_results import FormFault
def refused(model, data, **kw):
    try:
        model.model_validate(data, **kw)
    except ValidationError as exc:
        return sorted(e["type"] for e in exc.errors())
    return None
r = reason("rest_day", session="Upper A", date="2026-11-27")
metrics = DailyMetricsIn.model_validate(
    {{"day": "2026-11-27", "sleep_s": "7.5h", "weight_kg": "176", "mood": 4}},
    context={{UNITS: "imperial"}})
fault = FormFault.model_validate({{"fault": "knees_in", "severity": "0.5", "reps": 2, "cue": "c"}})
got = {{
    "reason": [r.text, Reason.model_validate_json(r.model_dump_json()) == r,
               r.model_dump_json()],
    "load": [Load.model_validate({{"kind": "kg", "value": 20}}).value,
             refused(Load, {{"kind": "kg", "value": -1, "extra": 1}})],
    "metrics": [metrics.sleep_s, metrics.weight_kg, metrics.mood, metrics.source,
                refused(DailyMetricsIn, {{"day": "2026-11-27", "mood": 6}})],
    "fault": [fault.severity, fault.model_dump()],
    "schema": sorted(AthleteOut.model_json_schema()["properties"]),
    "built": sorted(m.__name__ for m in (Reason, Load, Plan, DailyMetricsIn, AthleteOut, FormFault)
                    if m.__pydantic_complete__),
}}
print(json.dumps([counts, built, got]))
"""


def test_the_schemas_plan_and_reasons_build_their_validators_on_first_use() -> None:
    """Importing the modules of ``DEFERRED_MODELS`` builds none of their models but the request
    bodies; a model is built when it first validates, serializes or gives its JSON schema
    (alone: the others stay unbuilt), and it validates, refuses and serializes as before."""
    counts, built, got = json.loads(_run(_DEFERRED.format(modules=DEFERRED_MODELS)))
    assert counts == {
        "fitcoach.coach.schemas": 15,
        "fitcoach.coach.plan": 10,
        "fitcoach.coach.explanations": 1,
        "fitcoach.services.form_results": 5,
    }
    assert built == BUILT_AT_IMPORT
    assert got == {
        "reason": [
            "Rest day: next session Upper A on 2026-11-27.",
            True,
            '{"code":"rest_day","params":{"session":"Upper A","date":"2026-11-27"}}',
        ],
        "load": [20.0, ["extra_forbidden", "greater_than_equal"]],
        "metrics": [27000.0, 79.8, 4, "manual", ["less_than_equal"]],
        "fault": [
            0.5,
            {
                "fault": "knees_in",
                "severity": 0.5,
                "reps": 2,
                "cue": "c",
                "validated_on_real_data": False,
            },
        ],
        "schema": ["created_at", "email", "id", "name", "profile", "timezone"],
        "built": ["AthleteOut", "DailyMetricsIn", "FormFault", "Load", "Reason"],
    }


_DEFERRED_REPORTS_AND_EDITS = """
import json
from pydantic import BaseModel
from fitcoach.coach.edits import types
from fitcoach.services import monitoring
from fitcoach.services.monitoring import views  # where the report models are defined
def models(module):
    return [v for v in vars(module).values() if isinstance(v, type)
            and issubclass(v, BaseModel) and v.__module__ == module.__name__]
at_import = [len(models(views)), len(models(types)), types._ADAPTER.pydantic_complete,
             sorted(m.__name__ for m in models(views) + models(types)
                    if m.__pydantic_complete__)]
edit = types.parse_edit({"op": "change_sets", "session": "w1s2", "exercise": " squat ", "sets": 3})
finding = monitoring.ReadinessFinding(code="hrv_low", params={"z": -1.5}, text="HRV low")
print(json.dumps([at_import, types.edit_json(edit), types._ADAPTER.pydantic_complete,
                  finding.model_dump(),
                  sorted(m.__name__ for m in models(views) if m.__pydantic_complete__)]))
"""


def test_the_report_and_edit_models_build_on_first_use() -> None:
    """``services.monitoring``'s report models and ``coach.edits.types``' edits (with their
    adapter) build when first used (issue 38: `fitcoach load` builds no readiness model,
    `readiness` no load model, `plan today` and `plan show` no edit); they validate as before."""
    at_import, edit, adapter_built, finding, built = json.loads(_run(_DEFERRED_REPORTS_AND_EDITS))
    assert at_import == [12, 14, False, []]
    assert edit == {"op": "change_sets", "session": "w1s2", "exercise": "squat", "sets": 3}
    assert adapter_built is True
    assert finding == {"code": "hrv_low", "params": {"z": -1.5}, "text": "HRV low"}
    assert built == ["ReadinessFinding"]


# The command modules ``fitcoach ARGV`` imports: those of the group or command it names (and of
# the commands that group takes from other modules, ``cli.GROUP_EXTRAS``); all of them for the
# whole app.
_COMMAND_MODULES = """
import sys
from fitcoach.cli import app
try:
    app({argv!r})
except SystemExit:
    pass
print(sorted(m.removeprefix("fitcoach.cli.") for m in sys.modules if m.startswith("fitcoach.cli.")))
"""

# Imported on use by the commands, never at start-up.
HELPER_MODULES = {"common", "views"}


def test_a_command_imports_the_command_modules_of_its_own_group_only() -> None:
    """``fitcoach plan ...`` imports ``cli.plans`` (and what it imports), not the 28 other
    command modules and what they import at module level; ``--help`` imports them all."""
    every = sorted(p.stem for p in CLI_DIR.glob("*.py") if p.stem != "__init__")
    expected = {
        ("plan", "--help"): ["athletes", "common", "plans"],
        ("load", "--help"): ["athletes", "common", "monitoring"],
        ("athlete", "--help"): ["athletes", "bot", "common"],
        ("ingest", "--help"): ["common", "ingest", "sensors", "vitals", "wearables"],
        ("simulate", "--help"): ["common", "sensors", "wearables"],
        ("--help",): sorted(set(every) - {"views"}),
    }
    got = {
        argv: ast.literal_eval(_run(_COMMAND_MODULES.format(argv=list(argv)))) for argv in expected
    }
    assert got == expected


def test_every_command_module_is_registered_on_the_app() -> None:
    """A new command module must be named in ``cli.GROUPS``, ``cli.GROUP_EXTRAS`` or
    ``cli.COMMANDS`` (``cli.app`` imports nothing else), and every name there must exist."""
    from fitcoach import cli

    named = {
        *cli.GROUPS.values(),
        *(module for extras in cli.GROUP_EXTRAS.values() for _, module, _ in extras),
        *(module for module, _, _ in cli.COMMANDS.values()),
    }
    modules = {p.stem for p in CLI_DIR.glob("*.py")} - {"__init__"}
    assert modules - HELPER_MODULES == named
    assert set(cli.GROUP_EXTRAS) <= set(cli.GROUPS)
    for name in (*cli.GROUPS, *cli.COMMANDS):
        assert cli.app.narrowed([name]) is not cli.app, name


# Prints, in the last ``atexit`` handler to run (the first registered), whether the collector's
# permanent generation holds objects then.
_FROZEN_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("FROZEN", gc.get_freeze_count() > 0))
{run}
"""


def test_the_console_script_skips_the_collection_at_exit() -> None:
    """``cli.app()`` (the console script) freezes what is left when the process exits, so that
    the interpreter's final collections skip it; a test runner's invocation does not, and
    nothing is frozen before the exit."""
    script = (
        "from fitcoach.cli import app\n"
        "try:\n    app(['plan', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('BEFORE', gc.get_freeze_count() > 0)"
    )
    runner = (
        "from typer.testing import CliRunner\nfrom fitcoach.cli import app\n"
        "CliRunner().invoke(app, ['plan', '--help'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", _FROZEN_AT_EXIT.format(run=script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["BEFORE False", "FROZEN True"]
    assert _run(_FROZEN_AT_EXIT.format(run=runner)) == "FROZEN False"


_PLUGINS_AT_EXIT = """
import atexit, sys
def said():
    loader = sys.modules.get("pydantic.plugin._loader")
    print("SCANNED", loader is not None and loader._plugins is not None)
atexit.register(said)
from fitcoach.cli import app
sys.argv[0] = "fitcoach"
app()
"""


@pytest.mark.parametrize(
    ("setting", "scanned"), [(None, "False"), ("", "True")], ids=["default", "asked for"]
)
def test_a_command_reads_no_distribution_for_pydantic_plugins_unless_asked(
    demo_sqlite_template: tuple[Path, int], tmp_path: Path, setting: str | None, scanned: str
) -> None:
    """pydantic's plugin search reads the entry points of every installed distribution at the
    first model (about 0.05 of a daily command's CPU); a command leaves it out, and an explicit
    ``PYDANTIC_DISABLE_PLUGINS`` (empty: search) is the user's."""
    template, athlete_id = demo_sqlite_template
    db = tmp_path / "plugins.sqlite3"
    db.write_bytes(template.read_bytes())
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
        "FITCOACH_DATABASE_URL": f"sqlite:///{db}",
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
    }
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    result = subprocess.run(
        [sys.executable, "-c", _PLUGINS_AT_EXIT, "records", "-a", str(athlete_id)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == f"SCANNED {scanned}"
