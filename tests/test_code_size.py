"""Small modules, small functions: the ceilings of issue 11, pinned.

No module over 600 lines; no function over 80 lines (nested functions count in the one that
holds them) or with a cyclomatic complexity over 25 as radon computes it. Alembic migrations
are exempt: a migration is history, rewritten only at the risk of a database that no longer
upgrades the way it did.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lodestar"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_COMPLEXITY = 25


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _offenders() -> dict[str, str]:
    """Every module or function over a ceiling, with what is over."""
    found: dict[str, str] = {}
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        source = path.read_text("utf-8")
        lines = source.count("\n") + (not source.endswith("\n"))
        if lines > MAX_MODULE_LINES:
            found[rel] = f"{lines} lines"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.setdefault(f"{rel}:{node.name}", f"{length} lines")
        for block in cc_visit(source):
            if block.complexity > MAX_COMPLEXITY:
                key = f"{rel}:{block.name}"
                found[key] = f"{found[key]}, " if key in found else ""
                found[key] += f"complexity {block.complexity}"
    return found


OFFENDERS = _offenders()


def test_within_ceilings() -> None:
    over = sorted(f"{where}: {what}" for where, what in OFFENDERS.items())
    assert not over, (
        f"over the ceilings (module {MAX_MODULE_LINES} lines, function {MAX_FUNCTION_LINES} "
        f"lines, complexity {MAX_COMPLEXITY}); split them:\n" + "\n".join(over)
    )


def test_the_ceilings_see_the_code() -> None:
    assert len(_modules()) > 200
