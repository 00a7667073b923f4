"""The layering of ARCHITECTURE.md, pinned: a layer imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lodestar"

# layer → the Lodestar layers it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "records": set(),
    "errors": set(),
    "safeparse": {"errors", "records"},  # hostile-input parsing every layer above may share
    "settings": {"errors", "records", "safeparse"},
    "gitio": {"errors", "records", "safeparse"},
    "catalog": {"errors", "records", "safeparse"},
    "scan": {"errors", "records", "safeparse", "gitio", "catalog"},
    # gitio: radar history; settings: the workspace's repository tags (campaign scopes)
    "strategy": {"errors", "records", "safeparse", "settings", "gitio", "catalog"},
    "demo": {"errors", "records"},
    "store": {
        "errors",
        "records",
        "safeparse",
        "settings",
        "gitio",
        "scan",
        "catalog",
        "strategy",
    },
    "analysis": {
        "errors",
        "records",
        "safeparse",
        "settings",
        "gitio",
        "scan",
        "catalog",
        "strategy",
        "store",
    },
    "render": {
        "errors",
        "records",
        "safeparse",
        "settings",
        "catalog",
        "strategy",
        "store",
        "analysis",
    },
    "cli": {"*"} - {"web"},
    "web": {"*"} - {"cli"},
}
NEVER = {"cli", "web"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
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


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports_only_layers_below(module: Path) -> None:
    layer = _layer(module)
    assert layer in ALLOWED, f"{module}: layer {layer!r} is not in the contract; add it"
    allowed = ALLOWED[layer]
    for imported in _imports(module) - {layer}:
        if layer not in {"cli", "web"}:
            assert imported not in NEVER, f"{module} imports lodestar.{imported}"
            assert imported in allowed, f"{module} ({layer}) may not import lodestar.{imported}"
        else:
            other = "web" if layer == "cli" else "cli"
            if module.name == "commands_web.py" and imported == "web":
                continue  # the one door between them: 'lodestar serve' and 'site build' start web
            assert imported != other, f"{module} imports lodestar.{imported}"


def test_contract_sees_every_layer() -> None:
    layers = {_layer(m) for m in MODULES}
    assert {"records", "gitio", "scan", "store", "cli"} <= layers
