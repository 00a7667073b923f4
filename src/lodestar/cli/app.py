"""The ``lodestar`` command: thin adapters over the library layers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from lodestar import __version__
from lodestar.cli.output import handle_errors
from lodestar.errors import ConfigError
from lodestar.settings import CONFIG_NAME, Workspace, settings_table

app = typer.Typer(
    name="lodestar",
    help=(
        "Lodestar, the open-source office of the CTO: observe what your organisation runs "
        "from its git repositories, declare what it should run, and measure the gap."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    workspace_path: Path | None = None


def _find_workspace(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace() -> Workspace:
    """The workspace named by --workspace, $LODESTAR_WORKSPACE, or found above the cwd."""
    explicit = State.workspace_path or (
        Path(os.environ["LODESTAR_WORKSPACE"]) if os.environ.get("LODESTAR_WORKSPACE") else None
    )
    root = explicit or _find_workspace(Path.cwd())
    if root is None:
        raise ConfigError(
            f"no {CONFIG_NAME} in this folder or above; run 'lodestar init' or pass --workspace DIR"
        )
    return Workspace.load(root)


def database_url(workspace: Workspace) -> str:
    """$LODESTAR_DATABASE_URL overrides the workspace setting (shared PostgreSQL, tests)."""
    return os.environ.get("LODESTAR_DATABASE_URL") or workspace.database_url


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
    from lodestar.cli.output import console
    from lodestar.settings import DEFAULT_DATABASE, init_workspace

    ws = init_workspace(
        directory, name=name, sources=list(source or []), database=database or DEFAULT_DATABASE
    )
    console.print(
        f"Created workspace [bold]{ws.root}[/] ({CONFIG_NAME} and the strategy folders "
        "radar/, decisions/, policies/, campaigns/, initiatives/)"
    )
    if not source:
        console.print(
            f"Next: list where your repositories live under \\[sources] in {ws.config_path}"
        )
    console.print("Then: lodestar scan")


def _register() -> None:
    from lodestar.cli import commands_demo, commands_inventory, commands_sbom, commands_scan

    commands_scan.register(app)
    commands_inventory.register(app)
    commands_sbom.register(app)
    commands_demo.register(app)

    from lodestar.cli import commands_strategy

    commands_strategy.register(app)

    from lodestar.cli import commands_check

    commands_check.register(app)

    from lodestar.cli import commands_risk

    commands_risk.register(app)

    from lodestar.cli import commands_history

    commands_history.register(app)

    from lodestar.cli import commands_web

    commands_web.register(app)


_register()


def main() -> None:
    """Console entry point."""
    app()
