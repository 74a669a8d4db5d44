"""The house's size limits: no module of app or bench code over 500 lines, no function
over 60. Past those a reader can no longer hold a room or a step in mind; the fix is a
package or a named step, not a longer file (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ("accounts", "complaints", "dispatch", "reports", "config", "bench")
MODULE_LINES = 500
FUNCTION_LINES = 60


def _modules():
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def too_long(source: str, name: str) -> list[str]:
    """The offences of one module's source: its length and each function's."""
    found = []
    lines = len(source.splitlines())
    if lines > MODULE_LINES:
        found.append(f"{name}: {lines} lines (module limit {MODULE_LINES})")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_LINES:
                found.append(
                    f"{name}:{node.lineno} {node.name}(): {length} lines "
                    f"(function limit {FUNCTION_LINES})"
                )
    return found


def test_the_check_counts_what_it_claims():
    long_function = "def f():\n" + "    x = 1\n" * FUNCTION_LINES
    assert too_long(long_function, "m.py") == [
        f"m.py:1 f(): {FUNCTION_LINES + 1} lines (function limit {FUNCTION_LINES})"
    ]
    assert too_long("x = 1\n" * MODULE_LINES, "m.py") == []
    assert too_long("x = 1\n" * (MODULE_LINES + 1), "m.py") == [
        f"m.py: {MODULE_LINES + 1} lines (module limit {MODULE_LINES})"
    ]


@pytest.mark.parametrize("path", list(_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_or_function_is_too_long(path):
    assert too_long(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []
