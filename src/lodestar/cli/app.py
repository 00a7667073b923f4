"""The ``lodestar`` command: thin adapters over the library layers."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from lodestar import CONFIG_NAME, __version__

# COMMAND_MODULES lives in its own module (a new command is added there), re-exported here
from lodestar.cli.command_modules import COMMAND_MODULES as COMMAND_MODULES  # noqa: PLC0414
from lodestar.cli.common import State
from lodestar.cli.entry import report_crash
from lodestar.cli.help_format import install as install_help_format
from lodestar.cli.output import handle_errors

install_help_format()  # human value labels (PATH, N, DATE …) and plain help text, everywhere


@functools.cache
def module_commands(module: str) -> TyperGroup:
    """The commands one module registers, as a click group."""
    from lodestar.cli.examples import add_examples

    holder = typer.Typer()
    importlib.import_module(f"lodestar.cli.{module}").register(holder)
    group = typer.main.get_group(holder)
    for name, command in group.commands.items():
        add_examples(command, name)
    return group


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

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Typer suggests among the commands defined here (``init``); suggest among all."""
        from typer._click.exceptions import UsageError as ClickUsageError

        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:
            if args and "Did you mean" not in exc.message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(repr(m) for m in matches)
                    exc.message = f"{exc.message.rstrip('.')}. Did you mean {suggestions}?"
            raise


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


def toml_value(value: object) -> str:
    """A default as it is written in lodestar.toml: ``['\\[bot\\]', '^renovate']``, ``true``."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if "'" not in value and "\n" not in value else json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return "(none)" if value is None else str(value)


def _shown_default(default: str) -> str:
    import ast

    try:
        return toml_value(ast.literal_eval(default))
    except (ValueError, SyntaxError):
        return default


def _settings_epilog() -> str:
    from lodestar.settings import settings_table  # pydantic: only when init's help is shown

    rows = "\n\n".join(
        f"{key} (default {_shown_default(default)}): {text}"
        for key, default, text in settings_table()
    )
    from lodestar.cli.examples import EXAMPLES

    return f"Example: {EXAMPLES['init']}\n\nSettings in {CONFIG_NAME}:\n\n{rows}"


class _SettingsEpilog(TyperCommand):
    """``init``'s command: its epilog, the settings table, is built when its help is shown."""

    @property
    def epilog(self) -> str:
        return _settings_epilog()

    @epilog.setter
    def epilog(self, value: str | None) -> None:
        """Click's constructor sets it; the table above is the one epilog."""


@app.command(cls=_SettingsEpilog)
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
    git: Annotated[
        bool,
        typer.Option(
            "--git/--no-git",
            help="Make the workspace a git repository (the radar's ring history is read from it).",
        ),
    ] = True,
) -> None:
    """Create a workspace: lodestar.toml, strategy folders with templates, examples, git.

    Writes lodestar.toml, the strategy folders with a _template.md in each (files starting
    with _ are never read), a commented radar/config.yaml, an example policy and people.toml
    (commented out: they change nothing), a .gitignore for the store, and runs git init (the
    radar's ring history is read from git). Run again on a workspace, it adds what is
    missing and keeps every file there.

    Example: lodestar init acme --name "Acme" --source "~/src/acme/*"
    """
    from lodestar.cli.output import console, plain, styled
    from lodestar.settings import DEFAULT_DATABASE
    from lodestar.strategy import create_workspace

    root = directory.resolve()
    done = create_workspace(
        root,
        name=name,
        sources=list(source or []),
        database=database or DEFAULT_DATABASE,
        git=git,
    )
    verb = "Created workspace " if CONFIG_NAME in done.written else "Workspace "
    console.print(styled(verb, (str(root), "bold")))
    if done.written:
        console.print(plain("  wrote: " + ", ".join(done.written)))
    if done.kept:
        console.print(plain("  kept (not overwritten): " + ", ".join(done.kept)))
    console.print(plain(f"  git repository: {done.git}"))
    if done.warning:
        console.print(plain(f"Warning: {done.warning}"), style="yellow")
    if not source and CONFIG_NAME in done.written:
        console.print(
            plain(
                f"Next: list where your repositories live under [sources] in {root / CONFIG_NAME}"
            )
        )
    console.print(
        plain(
            "Then: copy radar/_template.md to radar/<id>.md and edit it, "
            "'lodestar validate', 'lodestar serve' (works before a scan), 'lodestar scan'"
        )
    )


def main() -> None:
    """Console entry point.

    Lodestar's own errors are one line (``handle_errors``); anything else is a bug, shown as
    its traceback, whose messages may quote repository text: made terminal-safe too.
    """
    try:
        app()
    except Exception:  # noqa: BLE001  every unexpected error, shown and turned into exit 1
        report_crash()
