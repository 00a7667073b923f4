"""Lodestar cli layer: the ``lodestar`` command, a thin adapter over the library layers.

:func:`main` is the console entry point (``lodestar`` and ``python -m lodestar``). Each command
lives in a ``commands_*`` module that :mod:`lodestar.cli.app` loads only when the command runs;
a command parses its options, calls one library function and prints what it returns
(:mod:`lodestar.cli.output` for consoles and JSON, :mod:`lodestar.cli.common` for the workspace
and its store).

``lodestar --version`` is answered here, before Typer, Rich or the settings are imported (the
same line and exit code Typer gives); the top-level help without arguments other than
``--help``/``-h`` is drawn by :mod:`lodestar.cli.quick_help` from a table of the commands'
summaries when that table covers every command. Everything else goes through
:func:`lodestar.cli.app.main`.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console entry point: ``lodestar [OPTIONS] COMMAND [ARGS]...``."""
    args = sys.argv[1:]
    if args == ["--version"]:
        from lodestar import __version__

        sys.stdout.write(f"lodestar {__version__}\n")
        sys.stdout.flush()
        return
    if args in ([], ["--help"], ["-h"]):
        from lodestar.cli.command_modules import COMMAND_MODULES
        from lodestar.cli.quick_help import show

        if show(args, ["init", *COMMAND_MODULES]):
            return
    from lodestar.cli.app import main as run

    run()
