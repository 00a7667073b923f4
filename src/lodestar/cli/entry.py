"""The console entry's fast paths, and the one report of an unexpected error.

:func:`fast_path` answers, without Typer, pydantic or the settings, the command lines whose
answer needs none of them: ``--version``; the top-level help (:mod:`lodestar.cli.quick_help`);
``loc`` with plain options (:func:`lodestar.cli.loc_run.fast_loc_args`). It behaves as Typer's
``main`` does around a command: Lodestar's own errors are one line and their exit code, an
interrupt exits 130, a closed pipe exits 1 quietly, anything else is :func:`report_crash`.
Every other command line returns False and goes to :func:`lodestar.cli.app.main`.
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing (and re) would double --version's time
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import NoReturn

__all__ = ["fast_path", "report_crash"]

_COMPLETION = "_LODESTAR_COMPLETE"  # Typer's shell-completion request: Typer answers it


def fast_path(args: Sequence[str]) -> bool:
    """Answer ``lodestar ARGS`` here and return True, or return False (nothing done)."""
    if _COMPLETION in os.environ:
        return False
    if list(args) == ["--version"]:
        from lodestar import __version__

        sys.stdout.write(f"lodestar {__version__}\n")
        sys.stdout.flush()
        return True
    if list(args) in ([], ["--help"], ["-h"]):
        from lodestar.cli.command_modules import COMMAND_MODULES
        from lodestar.cli.quick_help import show

        return show(args, ["init", *COMMAND_MODULES])
    if args[:1] == ["loc"]:
        from lodestar.cli.loc_run import fast_loc_args, run_loc

        parsed = fast_loc_args(args[1:])
        if parsed is None:
            return False
        _as_typer_would(lambda: run_loc(parsed))
        return True
    return False


def _as_typer_would(command: Callable[[], None]) -> None:
    """Run ``command`` with the error handling Typer and ``handle_errors`` give a command."""
    from lodestar.errors import LodestarError

    try:
        command()
        sys.stdout.flush()
    except LodestarError as exc:
        from lodestar.cli.output import fail

        raise SystemExit(fail(str(exc), exc.exit_code).exit_code) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            report_crash()
        from typer._click.utils import PacifyFlushWrapper

        # as Click does: the interpreter's final flush of a closed pipe raises nothing
        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        raise SystemExit(1) from None
    except Exception:  # noqa: BLE001  every unexpected error, shown and turned into exit 1
        report_crash()


def report_crash() -> NoReturn:
    """Show the exception being handled as its traceback, terminal-safe, and exit 1.

    Anything but Lodestar's own errors is a bug; its messages may quote repository text.
    """
    import traceback

    from lodestar.render import terminal_safe

    sys.stderr.write(terminal_safe(traceback.format_exc(), multiline=True))
    raise SystemExit(1) from None
