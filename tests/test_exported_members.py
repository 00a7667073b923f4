"""Each layer package has a face: a sorted ``__all__`` that is exactly its public names.

As httpx's ``tests/test_exported_members.py`` does: the names a package offers the layers
above it are the names it lists (in the order ruff's RUF022 keeps), and nothing public is
left off the list (submodules are reached by their own path and are not part of the face).
"""

from __future__ import annotations
import __future__

import ast
import importlib
import inspect
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lodestar"
LAYERS = (
    "analysis",
    "catalog",
    "cli",
    "demo",
    "gitio",
    "ingest",
    "render",
    "safeparse",
    "scan",
    "store",
    "strategy",
    "web",
)


def _isort(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _public(module: object) -> list[str]:
    return sorted(
        name
        for name in dir(module)
        if not name.startswith("_")
        and not inspect.ismodule(getattr(module, name))
        and not isinstance(getattr(module, name), __future__._Feature)
    )


@pytest.mark.parametrize("layer", LAYERS)
def test_face_is_sorted_and_complete(layer: str) -> None:
    package = importlib.import_module(f"lodestar.{layer}")
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"lodestar.{layer} has no __all__"
    assert list(exported) == sorted(exported, key=_isort), f"lodestar.{layer}.__all__ unsorted"
    assert _public(package) == sorted(exported), f"lodestar.{layer}: face != public names"
    for name in exported:
        assert getattr(package, name).__doc__, f"lodestar.{layer}.{name} has no docstring"


def _faces() -> dict[str, set[str]]:
    faces = {}
    for layer in LAYERS:
        faces[layer] = set(getattr(importlib.import_module(f"lodestar.{layer}"), "__all__", ()))
    return faces


def _detours(path: Path, faces: dict[str, set[str]]) -> list[str]:
    """``from lodestar.<other layer>.<module> import name`` where the layer's face offers it."""
    layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "lodestar" or len(parts) < 3 or parts[1] == layer or parts[1] not in faces:
            continue
        offered = [a.name for a in node.names if a.name in faces[parts[1]]]
        if offered:
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.module} → {offered}")
    return found


def test_other_layers_import_through_the_face() -> None:
    """Callers use a layer's face; inside a layer, modules import each other directly (no
    cycle through the face)."""
    faces = _faces()
    detours = [d for p in sorted(PACKAGE.rglob("*.py")) for d in _detours(p, faces)]
    assert not detours, "import these from the layer's face:\n" + "\n".join(detours)
