"""One door for version ranges: nothing outside lodestar.safeparse reads or compares them."""

from __future__ import annotations

import ast
from pathlib import Path

import lodestar

PACKAGE = Path(lodestar.__file__).resolve().parent
RANGE_LIBRARIES = ("packaging.specifiers", "semantic_version", "univers", "nodesemver")
# a scanner reads a requirement line's specifier to record it as written, never to match it
READS_MANIFESTS = {"scan/ecosystems/python/pep508.py"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_safeparse_reads_version_ranges() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("safeparse/") or rel in READS_MANIFESTS:
            continue
        used = {m for m in _imports(path) if m.startswith(RANGE_LIBRARIES)}
        if used:
            offenders.append(f"{rel}: {sorted(used)}")
    assert offenders == []


def test_the_inventory_has_no_range_reader_of_its_own() -> None:
    from lodestar.analysis import inventory

    assert not hasattr(inventory, "_expand")
    assert not hasattr(inventory, "_CARET")
