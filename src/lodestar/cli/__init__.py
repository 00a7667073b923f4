"""Lodestar cli layer: the ``lodestar`` command, a thin adapter over the library layers.

:func:`main` is the console entry point (``lodestar`` and ``python -m lodestar``). Each command
lives in a ``commands_*`` module that :mod:`lodestar.cli.app` loads only when the command runs;
a command parses its options, calls one library function and prints what it returns
(:mod:`lodestar.cli.output` for consoles and JSON, :mod:`lodestar.cli.common` for the workspace
and its store).

``lodestar --version``, the top-level help and ``lodestar loc`` with plain options are
answered before Typer, pydantic or the settings are imported, with Typer's own output and exit
codes (:mod:`lodestar.cli.entry`); everything else goes through :func:`lodestar.cli.app.main`.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console entry point: ``lodestar [OPTIONS] COMMAND [ARGS]...``."""
    from lodestar.cli.entry import fast_path

    if fast_path(sys.argv[1:]):
        return
    from lodestar.cli.app import main as run

    run()
