"""Untyped rows at the layer boundaries: how many public signatures of the repositories, the
services and the NLU still take or return ``dict[str, Any]``.

Rows that cross from the repositories to the services, and what the NLU hands on, are typed
(TypedDicts in ``storage.rows`` and beside the services); a signature that still says
``dict[str, Any]`` (or a ``list``, ``Sequence``, ``Mapping`` ... of it, or
``Mapping[str, Any]``) is counted here, per parameter and per return annotation, and the count
may only go down.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "fitcoach"
BOUNDARIES = ("storage/repositories", "services", "assistant/nlu")
# Lower it as rows get types; never raise it.
CEILING = 97

_MAPS = {"dict", "Dict", "Mapping", "MutableMapping"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_any_map(node: ast.AST) -> bool:
    """``dict[str, Any]``, ``Mapping[str, Any]`` and the like (``typing.Any`` too)."""
    if not isinstance(node, ast.Subscript) or _name(node.value) not in _MAPS:
        return False
    args = node.slice
    if not isinstance(args, ast.Tuple) or len(args.elts) != 2:
        return False
    return _name(args.elts[0]) == "str" and _name(args.elts[1]) == "Any"


def untyped(annotation: ast.expr | None) -> bool:
    """Whether an annotation holds an untyped row anywhere (a string annotation is parsed)."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    return any(_is_any_map(node) for node in ast.walk(annotation))


def untyped_signatures(source: str, where: str) -> list[str]:
    """``where:line name(param)`` or ``where:line name -> return`` for every public function
    (or method) whose parameter or return annotation is an untyped row."""
    found = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or fn.name.startswith("_"):
            continue
        a = fn.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x)]
        found += [
            f"{where}:{fn.lineno} {fn.name}({p.arg})" for p in params if untyped(p.annotation)
        ]
        if untyped(fn.returns):
            found.append(f"{where}:{fn.lineno} {fn.name} -> return")
    return found


def boundary_signatures() -> list[str]:
    found = []
    for folder in BOUNDARIES:
        for path in sorted((SRC / folder).rglob("*.py")):
            found += untyped_signatures(path.read_text(), str(path.relative_to(SRC)))
    return found


def test_the_measure_counts_what_it_should() -> None:
    source = """
from typing import Any
def rows(x: int) -> list[dict[str, Any]]: ...
def take(a: "Mapping[str, Any]", b: Sequence[tuple[int, Mapping[str, typing.Any]]]) -> None: ...
def typed(a: dict[str, int], b: dict[str, object], c: Any) -> dict[int, Any]: ...
def _private(a: dict[str, Any]) -> dict[str, Any]: ...
class C:
    def method(self, **kw: Any) -> dict[str, Any] | None: ...
"""
    assert untyped_signatures(source, "m.py") == [
        "m.py:3 rows -> return",
        "m.py:4 take(a)",
        "m.py:4 take(b)",
        "m.py:8 method -> return",
    ]


def test_untyped_rows_at_the_boundaries_stay_under_the_ceiling() -> None:
    found = boundary_signatures()
    assert len(found) <= CEILING, (
        f"{len(found)} public signatures take or return dict[str, Any] at the layer boundaries "
        f"(ceiling {CEILING}); type the rows (storage.rows):\n" + "\n".join(found)
    )
