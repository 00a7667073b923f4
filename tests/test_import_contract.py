"""The layering of ARCHITECTURE.md, pinned: a layer imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lodestar"

# layer → the Lodestar layers it may import (besides itself)
GROUND = {"errors", "records", "safeparse", "faces"}
ALLOWED: dict[str, set[str]] = {
    "records": set(),
    "errors": set(),
    "faces": set(),  # the lazy-face helper every layer package's __init__ uses
    "safeparse": {"errors", "records", "faces"},  # hostile-input parsing every layer shares
    "settings": GROUND,
    "gitio": GROUND,
    "catalog": GROUND,
    "scan": GROUND | {"gitio", "catalog"},
    # gitio: radar history; settings: the workspace's repository tags (campaign scopes)
    "strategy": GROUND | {"settings", "gitio", "catalog"},
    "demo": {"errors", "records"},
    # the database only: records in, records out (safeparse: the package key of a purl)
    "store": GROUND | {"settings"},
    # the jobs: read through scan/gitio, write through store
    "ingest": GROUND | {"settings", "gitio", "catalog", "scan", "strategy", "store"},
    # pure functions over records: no store, no git
    "analysis": GROUND | {"settings", "catalog", "scan", "strategy"},
    "render": GROUND | {"settings", "catalog", "strategy", "analysis"},
    "cli": {"*"} - {"web"},
    "web": {"*"} - {"cli"},
}
NEVER = {"cli", "web"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    """Every Lodestar layer ``path`` imports: at module level or in a function, absolute or
    relative, or by name through ``importlib.import_module``."""
    tree = ast.parse(path.read_text("utf-8"))
    package = ["lodestar", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            names = [".".join([*base, *([node.module] if node.module else [])])]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "lodestar" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(
    p
    for p in PACKAGE.rglob("*.py")
    if p.parent != PACKAGE or p.name not in {"__init__.py", "__main__.py"}
)


def _violations(module: Path) -> set[str]:
    layer = _layer(module)
    allowed = ALLOWED[layer]
    found = set()
    for imported in _imports(module) - {layer}:
        if layer in {"cli", "web"}:
            other = "web" if layer == "cli" else "cli"
            if module.name == "commands_web.py" and imported == "web":
                continue  # the one door between them: 'lodestar serve' and 'site build' start web
            if imported == other:
                found.add(imported)
        elif imported in NEVER or imported not in allowed:
            found.add(imported)
    return {f"{module.relative_to(PACKAGE).as_posix()} -> {name}" for name in found}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports_only_layers_below(module: Path) -> None:
    layer = _layer(module)
    assert layer in ALLOWED, f"{module}: layer {layer!r} is not in the contract; add it"
    unexpected = sorted(_violations(module))
    assert not unexpected, f"imports across the layering: {unexpected}"


SQL_LAYERS = {"store"}  # the database layer
DEMO_CONTENT = PACKAGE / "demo" / "content"  # fixture source text, not Lodestar's own imports


HANDLES = {"Engine", "Connection"}  # passed through, never queried outside store


def _sql(module: Path) -> set[str]:
    """Outside store, SQLAlchemy is only a handle (an ``Engine``, or the ``Connection`` of a
    job's one transaction) passed through ingest, the CLI and the web (never analysis or
    render): no query, table or session is written there."""
    layer = _layer(module)
    if layer in SQL_LAYERS or DEMO_CONTENT in module.parents:
        return set()
    found = False
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= any(a.name.split(".")[0] == "sqlalchemy" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            handle_only = node.module == "sqlalchemy" and {a.name for a in node.names} <= HANDLES
            found |= not handle_only or layer in {"analysis", "render"}
    rel = module.relative_to(PACKAGE).as_posix()
    return {f"{rel} -> sqlalchemy"} if found else set()


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sql_outside_store(module: Path) -> None:
    unexpected = sorted(_sql(module))
    assert not unexpected, f"SQL belongs in lodestar.store: {unexpected}"


def test_contract_sees_every_layer() -> None:
    layers = {_layer(m) for m in MODULES}
    assert {"records", "gitio", "scan", "store", "cli"} <= layers
