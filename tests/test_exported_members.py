"""Each layer package has a face: a sorted ``__all__`` that is exactly its public names.

As httpx's ``tests/test_exported_members.py`` does: the names a package offers the layers
above it are the names it lists (in the order ruff's RUF022 keeps), and nothing public is
left off the list (submodules are reached by their own path and are not part of the face).
A layer package without a face is listed in ``NO_FACE_YET``, which only shrinks.
"""

from __future__ import annotations
import __future__

import importlib
import inspect

import pytest

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
NO_FACE_YET: set[str] = {"analysis", "cli", "ingest", "render", "store", "web"}


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


@pytest.mark.parametrize("layer", sorted(set(LAYERS) - NO_FACE_YET))
def test_face_is_sorted_and_complete(layer: str) -> None:
    package = importlib.import_module(f"lodestar.{layer}")
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"lodestar.{layer} has no __all__"
    assert list(exported) == sorted(exported, key=_isort), f"lodestar.{layer}.__all__ unsorted"
    assert _public(package) == sorted(exported), f"lodestar.{layer}: face != public names"
    for name in exported:
        assert getattr(package, name).__doc__, f"lodestar.{layer}.{name} has no docstring"


def test_no_face_yet_only_shrinks() -> None:
    done = sorted(
        layer
        for layer in NO_FACE_YET
        if importlib.util.find_spec(f"lodestar.{layer}") is not None
        and hasattr(importlib.import_module(f"lodestar.{layer}"), "__all__")
    )
    assert not done, f"these layers have a face now, remove them from NO_FACE_YET: {done}"
