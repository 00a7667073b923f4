"""Lodestar cli layer: the ``lodestar`` command, a thin adapter over the library layers.

:func:`main` is the console entry point (``lodestar`` and ``python -m lodestar``). Each command
lives in a ``commands_*`` module that :mod:`lodestar.cli.app` loads only when the command runs;
a command parses its options, calls one library function and prints what it returns
(:mod:`lodestar.cli.output` for consoles and JSON, :mod:`lodestar.cli.common` for the workspace
and its store).
"""

from __future__ import annotations

from lodestar.cli.app import main

__all__ = ["main"]
