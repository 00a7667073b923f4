"""Lazy package faces (PEP 562), for the layer packages' ``__init__`` modules.

A layer's face lists its public names (``__all__``) and the submodule each one lives in; a
name's submodule is imported the first time the name is asked for, and kept. Importing one
submodule of a layer (``lodestar.analysis.delivery`` for a command's option, say) then costs
that submodule only, not the whole layer: Python runs a package's ``__init__`` before any of
its submodules, and an eager face would load every module behind it on each CLI start. Type
checkers read the same names from the face's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ["lazy_face"]


def lazy_face(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose public names live in the
    submodules ``homes`` maps them to (``{"find_drift": "drift"}``)."""
    module = importlib.import_module(package)

    def __getattr__(name: str) -> object:  # noqa: N807 (the module hook's own name)
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 (the module hook's own name)
        return sorted({*vars(module), *homes})

    return __getattr__, __dir__
