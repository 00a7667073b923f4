"""Remote sources brought up to date with a progress bar, shared by ``mirror`` and ``scan``.

The library resolves the sources (:func:`lodestar.ingest.resolve_sources`), keeps their
metadata on the repository rows (:func:`lodestar.store.record_remotes`) and clones or fetches
the mirrors (:func:`lodestar.ingest.run_mirrors`); this module only shows it: a progress bar
on stderr, warnings as single lines (URLs and names are data: terminal-safe, never markup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lodestar.cli.output import err_console, styled
from lodestar.render import terminal_safe

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy import Engine

    from lodestar.ingest import MirrorOutcome, MirrorSummary, Source
    from lodestar.records import RepositoryRef
    from lodestar.settings import Workspace


@dataclass(slots=True)
class MirrorRun:
    """The sources a run resolved, what happened to their mirrors, and the warnings."""

    sources: list[Source] = field(default_factory=list)
    summary: MirrorSummary | None = None
    warnings: list[str] = field(default_factory=list)

    def refs(self) -> list[RepositoryRef]:
        """The repositories to scan: every source whose mirror is on disk (a failed fetch
        leaves the previous mirror, scanned as it was)."""
        return [s.ref() for s in self.sources if s.mirror.is_dir()]


def warn(message: str) -> None:
    """One warning line on stderr."""
    err_console.print(styled(("warning:", "yellow"), " ", message), soft_wrap=True)


def repository_progress(*, disable: bool) -> Progress:
    """The progress bar of the stages that go through repositories one by one (mirroring,
    scanning, history): the stage, the bar, done/total, the repository's name (data: never
    markup) and the time; on stderr, gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.fields[stage]}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),  # a repository name: data
        TimeElapsedColumn(),
        console=err_console,
        disable=disable,
        transient=True,
    )


def sync_mirrors(ws: Workspace, engine: Engine, *, as_json: bool) -> MirrorRun:
    """Resolve the remote sources, record their metadata, clone or fetch every mirror."""
    from lodestar.ingest import MirrorOptions, resolve_sources, run_mirrors
    from lodestar.store import record_remotes

    run = MirrorRun()

    def note(message: str) -> None:
        run.warnings.append(message)
        if not as_json:
            warn(message)

    run.sources = resolve_sources(ws, note)
    record_remotes(engine, [(s.ref(), s.remote) for s in run.sources])
    with repository_progress(disable=as_json or not err_console.is_terminal) as progress:
        task = progress.add_task("", total=len(run.sources), stage="mirroring")

        def on_result(outcome: MirrorOutcome) -> None:
            progress.update(task, advance=1, description=terminal_safe(outcome.source.name))
            if outcome.dropped:
                note(
                    f"{outcome.source.mirror}: removed from the mirror's configuration: "
                    f"{', '.join(outcome.dropped)}"
                )

        run.summary = run_mirrors(
            run.sources, MirrorOptions.from_settings(ws.settings.sources), on_result
        )
    return run
