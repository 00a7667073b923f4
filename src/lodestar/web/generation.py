"""When to rebuild the cockpit, and what of it: the *generation* of its inputs and the builder.

A cockpit is built from three inputs that change independently: the store (a scan, a mined
history, an advisory import: :func:`lodestar.store.store_generation`), the workspace's strategy
files (radar, decisions, policies, campaigns, initiatives, and the git history of the radar),
and the workspace's settings and catalogs (``lodestar.toml``, ``catalog/``), plus the day the
figures are judged on. :class:`Generation` reads each cheaply (aggregates over primary keys;
the size and modification time of each workspace file); the app's cache
(:class:`lodestar.web.cache.CockpitCache`) compares it before serving and rebuilds only when it
changed.

:class:`CockpitBuilder` then rebuilds only what changed: a strategy edit re-reads the strategy
files and re-evaluates (when they became invalid, the last valid declarations are kept and
the cockpit names the problems: :func:`lodestar.web.cockpit.read_declarations`), keeping the
store's records and the history figures (knowledge risk,
skills, activity, delivery, hotspots — the expensive part on a real organisation); a new scan
reads the store again; a settings or catalog change, or a new day, derives the history figures
again. A settings change reads ``lodestar.toml`` again: when it is invalid, the last valid
settings (and declarations, which read it too) are kept and the cockpit names its problem as
``lodestar.toml:line:column`` (:attr:`CockpitBuilder.settings_problems`, the status banner).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from lodestar.catalog import load_catalog
from lodestar.errors import ConfigError
from lodestar.ingest import observe_ip
from lodestar.settings import CONFIG_NAME, Workspace
from lodestar.store import open_scanned, store_generation
from lodestar.web.cockpit import (
    Cockpit,
    CockpitParts,
    StrategyProblem,
    load_cockpit,
    read_declarations,
    settings_problem,
)
from lodestar.web.contexts_verdict import cockpit_verdict, with_verdict_options

MAX_FILES = 50_000  # workspace files stamped at most (a workspace is a few hundred)
SKIPPED = frozenset({".lodestar", "node_modules", "__pycache__"})  # the store, never strategy
SETTINGS = frozenset({"lodestar.toml", "catalog", "people.toml"})  # top-level names
GIT_REFS = ("HEAD", "packed-refs", "refs")  # what moves when the radar's history moves


@dataclass(frozen=True, slots=True)
class Generation:
    """What a cockpit is built from, read cheaply: equal generations, equal cockpits."""

    store: tuple[object, ...]
    strategy: tuple[tuple[str, int, int], ...]  # (path, size, mtime ns) of the strategy files
    settings: tuple[tuple[str, int, int], ...]  # lodestar.toml, catalog/, people files
    today: dt.date


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def _walk(top: Path, out: list[tuple[str, int, int]]) -> None:
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            if len(out) >= MAX_FILES:
                return
            found = _stamp(Path(folder) / name)
            if found is not None:
                out.append(found)


def workspace_stamps(root: Path) -> tuple[tuple[tuple[str, int, int], ...], ...]:
    """(strategy files, settings files): the size and modification time of every workspace
    file outside the store, and of the workspace's git refs (the radar's ring history)."""
    strategy: list[tuple[str, int, int]] = []
    settings: list[tuple[str, int, int]] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return (), ()
    for entry in entries:
        if entry.name in SKIPPED or (entry.name.startswith(".") and entry.name != ".git"):
            continue
        out = settings if entry.name in SETTINGS else strategy
        path = Path(entry.path)
        if entry.name == ".git":
            for ref in GIT_REFS:
                if (path / ref).is_dir():
                    _walk(path / ref, strategy)
                elif (found := _stamp(path / ref)) is not None:
                    strategy.append(found)
        elif entry.is_dir(follow_symlinks=False):
            _walk(path, out)
        elif (found := _stamp(path)) is not None:
            out.append(found)
    return tuple(strategy), tuple(settings)


class CockpitBuilder:
    """Builds the workspace's cockpit, reusing what the previous build read when its inputs
    did not change (see the module's doc). Callable: ``builder()`` is the cockpit now.

    With ``awaiting`` (the store's URL), ``engine`` is an empty store read before the first
    scan (:func:`lodestar.store.empty_store`); the builder reads the real one once it exists."""

    def __init__(
        self,
        ws: Workspace,
        engine: Engine,
        *,
        today: dt.date | None = None,
        progress: Callable[[str], None] = lambda _: None,
        awaiting: str | None = None,
    ) -> None:
        self.ws = ws
        self.engine = engine
        self.awaiting = awaiting  # the store's URL while ``engine`` is empty: before the scan
        self.today = today
        self.progress = progress
        self._last: tuple[Generation, Cockpit] | None = None
        self.reused: tuple[str, ...] = ()  # what the last build took from the one before
        # lodestar.toml's problem while it is invalid: ``ws`` holds the last valid settings
        self.settings_problems: tuple[StrategyProblem, ...] = ()

    def _reload_settings(self) -> None:
        """Read lodestar.toml again (it, catalog/ or the people file changed): when it is
        invalid, keep the last valid settings and name its problem (the cockpit's banner)."""
        try:
            self.ws = Workspace.load(self.ws.root)
        except ConfigError as exc:
            self.settings_problems = (settings_problem(exc, CONFIG_NAME),)
        else:
            self.settings_problems = ()

    def _first_scan(self) -> None:
        """Before the first scan (``awaiting``): read the store once a scan created it."""
        if self.awaiting is None:
            return
        found = open_scanned(self.awaiting)
        if found is None:
            return
        self.engine.dispose()
        self.engine, self.awaiting, self._last = found, None, None

    def generation(self) -> Generation:
        self._first_scan()
        strategy, settings = workspace_stamps(self.ws.root)
        return Generation(
            store_generation(self.engine),
            strategy,
            settings,
            self.today or self.ws.today(),
        )

    def _reuse(self, now: Generation) -> CockpitParts | None:
        """The parts of the last build still valid at generation ``now``."""
        if self._last is None:
            return None
        then, cockpit = self._last
        parts = cockpit.parts
        if parts is None or then.store != now.store:
            return None  # a new scan: everything is read again
        same_settings = then.settings == now.settings and then.today == now.today
        keep = ["store"]
        declarations = parts.declarations
        if self.settings_problems or (
            then.strategy == now.strategy and then.settings == now.settings
        ):
            # an invalid lodestar.toml: the strategy cannot be read ([repositories.tags], [ip]
            # are in it), so the last declarations stay until it is fixed (its banner says so)
            keep.append("strategy")
        else:
            catalog = load_catalog(tuple(Path(d) for d in self.ws.catalog_dirs))
            declarations = read_declarations(self.ws.root, catalog, last=parts.declarations)
        if same_settings:
            keep.append("history figures")
        self.reused = tuple(keep)
        return replace(
            parts, declarations=declarations, people=parts.people if same_settings else None
        )

    def __call__(self) -> Cockpit:
        now = self.generation()
        if self._last is not None and self._last[0].settings != now.settings:
            self._reload_settings()
            now = replace(now, today=self.today or self.ws.today())  # organisation.as_of
        self.reused = ()
        reuse = self._reuse(now)
        ws = self.ws
        cockpit = load_cockpit(
            self.engine,
            organisation=ws.settings.organisation.name,
            root=ws.root,
            catalog_dirs=tuple(Path(d) for d in ws.catalog_dirs),
            eol_dirs=ws.eol_dirs,
            eol_warn_days=ws.settings.eol.warn_days,
            active_days=ws.settings.history.active_days,
            departed_days=ws.settings.history.departed_days,
            today=now.today,
            owners=ws.settings.repositories.owners,
            reuse=reuse,
            last=self._last[1].parts.declarations if self._last and self._last[1].parts else None,
            progress=self.progress,
            observe=partial(observe_ip, ws, self.engine),
        )
        cockpit = with_verdict_options(
            replace(cockpit, settings_problems=self.settings_problems), ws
        )
        self.progress("scoring the verdict and its 12 months")
        cockpit_verdict(cockpit)  # derived now, in the build, not by the first home request
        self._last = (now, cockpit)
        return cockpit
