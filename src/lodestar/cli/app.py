"""The ``lodestar`` command: thin adapters over the library layers."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from lodestar import __version__
from lodestar.cli.common import State
from lodestar.cli.output import handle_errors
from lodestar.settings import CONFIG_NAME, settings_table

# Command (or command group) -> the module under lodestar.cli whose ``register(app)`` defines
# it, in the order ``--help`` lists them. A module is imported only when one of its commands
# runs (or for the full ``--help``), so a command pays for its own imports only.
COMMAND_MODULES: dict[str, str] = {
    "loc": "commands_scan",
    "scan": "commands_scan",
    "mirror": "commands_mirror",
    "repos": "commands_scan",
    "report": "commands_scan",
    "deps": "commands_inventory",
    "tech": "commands_inventory",
    "eol": "commands_inventory",
    "catalog": "commands_inventory",
    "sbom": "commands_sbom",
    "vulns": "commands_vulns",
    "demo": "commands_demo",
    "validate": "commands_strategy",
    "radar": "commands_strategy",
    "decision": "commands_decision",
    "check": "commands_check",
    "drift": "commands_check",
    "campaigns": "commands_check",
    "initiatives": "commands_check",
    "risk": "commands_risk",
    "hotspots": "commands_risk",
    "releases": "commands_risk",
    "experts": "commands_risk",
    "people": "commands_people",
    "owners": "commands_owners",
    "history": "commands_history",
    "trend": "commands_history",
    "serve": "commands_web",
    "site": "commands_web",
    "worker": "commands_queue",
    "queue": "commands_queue",
}


@functools.cache
def module_commands(module: str) -> TyperGroup:
    """The commands one module registers, as a click group."""
    holder = typer.Typer()
    importlib.import_module(f"lodestar.cli.{module}").register(holder)
    return typer.main.get_group(holder)


class LazyCommands(TyperGroup):
    """The top-level group: ``init`` is here; every other command loads with its module."""

    # ``Any``: Typer passes its own (vendored) click's context and command types
    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *COMMAND_MODULES]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMAND_MODULES:
            found = module_commands(COMMAND_MODULES[cmd_name]).get_command(ctx, cmd_name)
        return found


app = typer.Typer(
    name="lodestar",
    cls=LazyCommands,
    help=(
        "Lodestar, the open-source office of the CTO: observe what your organisation runs "
        "from its git repositories, declare what it should run, and measure the gap."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lodestar {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (default: $LODESTAR_WORKSPACE, or the first folder "
            f"at or above the current one holding {CONFIG_NAME}).",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Lodestar: the open-source office of the CTO."""
    State.workspace_path = workspace


def _settings_epilog() -> str:
    rows = "\n\n".join(
        f"{key} (default {default}): {text}" for key, default, text in settings_table()
    )
    return f"Settings in {CONFIG_NAME}:\n\n{rows}"


@app.command(epilog=_settings_epilog())
@handle_errors
def init(
    directory: Annotated[Path, typer.Argument(help="Folder of the new workspace.")] = Path(),
    name: Annotated[str, typer.Option(help="Organisation name.")] = "My organisation",
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Where repositories live (path or glob); repeatable."),
    ] = None,
    database: Annotated[
        str | None, typer.Option(help="Database URL (default: SQLite inside the workspace).")
    ] = None,
) -> None:
    """Create a workspace: lodestar.toml and the strategy folders."""
    from lodestar.cli.output import console, plain, styled
    from lodestar.settings import DEFAULT_DATABASE, init_workspace

    ws = init_workspace(
        directory, name=name, sources=list(source or []), database=database or DEFAULT_DATABASE
    )
    console.print(
        styled(
            "Created workspace ",
            (str(ws.root), "bold"),
            f" ({CONFIG_NAME} and the strategy folders "
            "radar/, decisions/, policies/, campaigns/, initiatives/)",
        )
    )
    if not source:
        console.print(
            plain(f"Next: list where your repositories live under [sources] in {ws.config_path}")
        )
    console.print("Then: lodestar scan")


def main() -> None:
    """Console entry point.

    Lodestar's own errors are one line (``handle_errors``); anything else is a bug, shown as
    its traceback, whose messages may quote repository text: made terminal-safe too.
    """
    try:
        app()
    except Exception:  # noqa: BLE001  every unexpected error, shown and turned into exit 1
        import sys
        import traceback

        from lodestar.render import terminal_safe

        sys.stderr.write(terminal_safe(traceback.format_exc(), multiline=True))
        raise SystemExit(1) from None
