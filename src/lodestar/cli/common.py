"""What every command shares: the workspace it runs in, its database and the ``--json`` option.

The workspace comes from ``--workspace`` (set by the top-level callback in :mod:`lodestar.cli.app`
through :class:`State`), else ``$LODESTAR_WORKSPACE``, else the first folder at or above the
current one holding ``lodestar.toml``. This module imports nothing from ``lodestar.cli.app``:
the app imports the commands, never the other way round.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar import CONFIG_NAME
from lodestar.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine

    from lodestar.render import CockpitUrls
    from lodestar.settings import Workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


class State:
    """The options of the top-level callback, read by the commands."""

    workspace_path: Path | None = None


def _find_workspace(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace() -> Workspace:
    """The workspace named by --workspace, $LODESTAR_WORKSPACE, or found above the cwd."""
    from lodestar.settings import Workspace  # pydantic: only for the commands that need one

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


def store(ws: Workspace) -> AbstractContextManager[Engine]:
    """The workspace's database, migrated, closed when the block ends."""
    from lodestar.store import database

    return database(database_url(ws))


def add_commands(app: typer.Typer, commands: typer.Typer) -> None:
    """Put the commands and command groups a module declared on its own ``commands`` Typer
    onto ``app`` (what a module's ``register(app)`` does)."""
    app.registered_commands.extend(commands.registered_commands)
    app.registered_groups.extend(commands.registered_groups)


def cockpit_urls(url: str | None) -> CockpitUrls | None:
    """Links into the cockpit published at ``url`` (``--cockpit-url``), an http(s) URL."""
    if url is None:
        return None
    from urllib.parse import urlsplit

    from lodestar.render import CockpitUrls

    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise UsageError(
            f"--cockpit-url {url!r} is not an http(s) URL; e.g. https://lodestar.example.com/"
        )
    return CockpitUrls(url)
