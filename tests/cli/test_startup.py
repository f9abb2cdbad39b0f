"""Start-up cost of the CLI: importing ``fitcoach.cli`` (what every ``fitcoach`` command, even
``--help``, does first) must not import the heavy scientific stack. Command modules import the
services that need it inside the command functions, on use.

A failure here means a command module got a heavy import at module level again: move it into
the command that uses it (type-only imports go under ``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import fitcoach.cli

HEAVY = ("scipy", "pandas", "neurokit2", "sklearn", "matplotlib")

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
    from fitcoach.cli import demo, nutrition, serve, wearables
    from fitcoach.pipelines import demo as demo_pipeline
    from fitcoach.pipelines import wearables as wearables_pipeline

    assert tuple(energy.ACTIVITY_FACTORS) == nutrition.ACTIVITY_LEVELS
    assert energy.DEFAULT_ACTIVITY == nutrition.DEFAULT_ACTIVITY
    assert demo_pipeline.DEMO_EMAIL == demo.DEMO_EMAIL == serve.DEMO_EMAIL
    assert demo_pipeline.MAX_WEEKS == demo.MAX_WEEKS
    assert wearables_pipeline.MAX_ATHLETES == wearables.MAX_ATHLETES
    assert wearables_pipeline.MAX_DAYS == wearables.MAX_DAYS
