"""The facts README.md and docs/*.md cite, checked against the code and files they describe.

Docs drift when the code moves on and nobody rereads them. These tests read the docs as a
newcomer would and check each name and figure that can be checked mechanically: every
``fitcoach ...`` command (and each ``--option`` given with it) exists in the CLI; every
``make`` target exists in the Makefile; every repository path named exists, and every relative
link leads to a file and heading; the count of slow tests README gives is the count
``tests/fast_tier_slow.txt`` lists; the export versions the docs say the importer reads are the
ones it reads. The code names they give (``fitcoach.services.reports``) are checked by
tests/core/test_docs_names.py.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
from tests.conftest import REPO

from fitcoach.cli import app
from fitcoach.services.portability import format as export_format

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "benchmarks/README.md"]
DOCS += [REPO / "CHANGELOG.md", *sorted((REPO / "docs/decisions").glob("*.md"))]
DOCS += sorted((REPO / "docs/models").glob("**/*.md"))
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def _spans(path: Path) -> Iterator[str]:
    """Each inline code span of a doc, and each line of its fenced code blocks."""
    text = path.read_text(encoding="utf-8")
    for block in FENCE.findall(text):
        yield from (line.strip() for line in block.splitlines())
    yield from CODE_SPAN.findall(FENCE.sub("", text))


@cache
def _cli() -> Any:
    return typer.main.get_command(app)


def _options(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


def _command_errors(words: list[str]) -> list[str]:
    """What in ``fitcoach WORDS`` the CLI does not have: a subcommand or a long option."""
    command = _cli()
    errors: list[str] = []
    for word in words:
        word = word.strip("[]")
        if word.startswith("--"):
            for option in re.split(r"[/|]", word.split("=")[0]):
                known = option in _options(command) or option == "--help"
                if option.startswith("--") and not known:
                    errors.append(f"{command.name} has no option {option}")
            continue
        if not hasattr(command, "commands") or not re.fullmatch(r"[a-z][a-z|-]*", word):
            continue  # an argument of a command, or a placeholder
        names = word.split("|")
        missing = [name for name in names if name not in command.commands]
        if missing:
            errors.append(f"{command.name or 'fitcoach'} has no command {', '.join(missing)}")
            break
        command = command.commands[names[0]]
    return errors


def _cited_commands() -> Iterator[tuple[str, str]]:
    for path in DOCS:
        for span in _spans(path):
            for part in span.split(";"):
                part = part.strip().removeprefix("$ ")
                part = re.sub(r"^(?:[A-Z_]+=\S* +)+", "", part)  # FITCOACH_...=... fitcoach ...
                if part.startswith(".venv/bin/"):
                    part = part.removeprefix(".venv/bin/")
                if part.startswith("fitcoach ") and "::" not in part:
                    yield _rel(path), part


def test_every_cited_fitcoach_command_and_option_exists() -> None:
    cited = list(_cited_commands())
    assert len(cited) > 50, "fewer commands found than the docs cite: the reader broke"
    wrong = []
    for where, line in cited:
        try:
            words = shlex.split(line.split(" #")[0])
        except ValueError:  # an unclosed quote in a shortened example
            words = line.split()
        for error in _command_errors(words[1:]):
            wrong.append(f"{where}: `{line}`: {error}")
    assert not wrong, "\n".join(wrong)


# Targets of other makefiles the docs name: the Arduino sketch's (Arduino-Makefile, hardware.md).
OTHER_MAKEFILES = {"upload"}


def test_every_cited_make_target_exists() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w.-]*):", makefile, re.M)) | OTHER_MAKEFILES
    wrong = []
    for path in DOCS:
        for span in _spans(path):
            for found in re.finditer(r"(?:^|[;&] *)make ((?:[a-z][\w-]* ?)+)", span):
                for target in found[1].split():
                    if target not in targets:
                        wrong.append(f"{_rel(path)}: `{span}`: no make target {target}")
    assert not wrong, "\n".join(wrong)


PATH = re.compile(r"^(?:src|tests|benchmarks|docs|scripts|data|migrations|\.ci)/[\w./-]*$")


def test_every_cited_repository_path_exists() -> None:
    wrong, seen = [], 0
    for path in DOCS:
        for span in _spans(path):
            cited = span.split("::")[0].split(":")[0].rstrip(".,")
            if not PATH.match(cited) or "<" in cited:
                continue
            seen += 1
            # ``tests/web/conftest.shot``: a name in a module
            module = re.sub(r"\.\w+$", ".py", cited)
            if not any((REPO / p).exists() for p in (cited, module)) and not list(REPO.glob(cited)):
                wrong.append(f"{_rel(path)}: `{span}` does not exist")
    assert seen > 30, "fewer paths found than the docs cite: the reader broke"
    assert not wrong, "\n".join(wrong)


def test_readme_counts_the_slow_tests_the_list_holds() -> None:
    lines = (REPO / "tests/fast_tier_slow.txt").read_text(encoding="utf-8").splitlines()
    listed = [line for line in lines if line and not line.startswith(("#", "keep "))]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    cited = re.search(r"the (~?[\d,]+) (?:listed )?functions? listed|the (~?[\d,]+) listed", readme)
    assert cited is not None, "README no longer counts the listed slow tests: update this test"
    assert (cited[1] or cited[2]) == f"{len(listed):,}"


@pytest.mark.parametrize("path", DOCS, ids=_rel)
def test_export_versions_cited_are_the_ones_the_importer_reads(path: Path) -> None:
    """A phrase such as "version 1, 2, 3 or 4" or "versions 1–4" near "export" or "import"
    names versions that exist; one naming three or more names all the importer reads."""
    text = path.read_text(encoding="utf-8")
    pattern = r"versions? (\d(?:, \d)* (?:or|and) \d|\d[–-]\d)\b"
    for found in re.finditer(pattern, text):
        window = text[max(0, found.start() - 120) : found.end() + 120].lower()
        if "export" not in window and "import" not in window:
            continue
        digits = [int(d) for d in re.findall(r"\d", found[1])]
        cited = tuple(range(digits[0], digits[1] + 1)) if re.search("[–-]", found[1]) else digits
        where = f"{_rel(path)}: {found[0]!r}"
        assert set(cited) <= set(export_format.VERSIONS), where
        if len(cited) >= 3:  # a listing of what is read ("1 or 2" names the older ones only)
            assert tuple(cited) == export_format.VERSIONS, where


def test_every_relative_link_leads_to_a_file_and_heading() -> None:
    """``[text](path#anchor)``: the file exists, and the anchor is one of its headings."""
    wrong, seen = [], 0
    for path in DOCS:
        text = FENCE.sub("", path.read_text(encoding="utf-8"))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("<"):
                continue
            seen += 1
            file, _, anchor = target.partition("#")
            linked = (path.parent / file).resolve() if file else path
            if not linked.exists():
                wrong.append(f"{_rel(path)}: {target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                wrong.append(f"{_rel(path)}: {target}: no such heading")
    assert seen > 20, "fewer links found than the docs hold: the reader broke"
    assert not wrong, "\n".join(wrong)


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings (lower case, punctuation dropped)."""
    headings = re.findall(r"^#+ (.*)$", FENCE.sub("", path.read_text(encoding="utf-8")), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
