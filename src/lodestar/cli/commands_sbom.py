"""``lodestar sbom``: CycloneDX 1.6 (with vulnerabilities and VEX) or SPDX 2.3 JSON for one
repository or all of them."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import add_commands, load_workspace, store
from lodestar.cli.output import console, handle_errors, plain, safe_document
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lodestar.records import Dependency, RepositoryRow
    from lodestar.records.vulns import VexStatement, Vulnerability
    from lodestar.render import SbomSubject
    from lodestar.settings import Workspace

commands = typer.Typer()  # this module's commands; register(app) adds them


class SbomFormat(StrEnum):
    CYCLONEDX = "cyclonedx"
    SPDX = "spdx"


_SUFFIX = {SbomFormat.CYCLONEDX: ".cdx.json", SbomFormat.SPDX: ".spdx.json"}


def _subject(
    engine: Engine, row: RepositoryRow, organisation: str, statements: Statements
) -> SbomSubject:
    from lodestar import __version__
    from lodestar.render import SbomSubject
    from lodestar.store import dependency_record, find_dependencies, with_edges
    from lodestar.store.dependency_graph import dependency_graph

    uses = find_dependencies(engine, repository=row.name, include_fixtures=True)
    deps = with_edges((dependency_record(u) for u in uses), dependency_graph(engine, row.name))
    vulnerabilities = _vulnerabilities(engine, row.name, deps)
    return SbomSubject(
        repository=row.name,
        commit=row.commit or "",
        committed_at=row.committed_at or "",
        organisation=organisation,
        tool_version=__version__,
        dependencies=deps,
        licence=row.licence,
        location=row.path,
        vulnerabilities=vulnerabilities,
        statements=statements() if vulnerabilities else (),
    )


def _vulnerabilities(
    engine: Engine, repository: str, deps: tuple[Dependency, ...]
) -> tuple[Vulnerability, ...]:
    """The repository's dependencies matched against the imported advisories (none: ())."""
    from lodestar.analysis import advisory_index, match_dependencies
    from lodestar.safeparse import purl_key
    from lodestar.store import load_advisories

    packages = {key for d in deps if (key := purl_key(d.purl)) is not None}
    advisories = load_advisories(engine, packages)
    if not advisories:
        return ()
    return tuple(match_dependencies(repository, deps, advisory_index(advisories)))


class Statements:
    """The policies' VEX statements, read once and only when a BOM has vulnerabilities."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.found: tuple[VexStatement, ...] | None = None

    def __call__(self) -> tuple[VexStatement, ...]:
        if self.found is None:
            from lodestar.cli.evaluation import catalogs, workspace_strategy

            strategy = workspace_strategy(self.ws, catalogs(self.ws)[0])
            self.found = strategy.policies.vulnerabilities.statements
        return self.found


def _file_name(repository: str, fmt: SbomFormat) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", repository).strip("-") + _SUFFIX[fmt]


@commands.command()
@handle_errors
def sbom(
    repository: Annotated[
        str | None, typer.Argument(help="Repository name (as 'lodestar repos' lists it).")
    ] = None,
    all_repositories: Annotated[
        bool, typer.Option("--all", help="Every scanned repository (needs --output DIR).")
    ] = False,
    fmt: Annotated[
        SbomFormat, typer.Option("--format", "-f", help="CycloneDX 1.6 or SPDX 2.3 JSON.")
    ] = SbomFormat.CYCLONEDX,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (one repository) or folder (--all)."),
    ] = None,
    fixtures: Annotated[
        bool, typer.Option("--fixtures", help="Include dependencies of test fixtures.")
    ] = False,
) -> None:
    """Write a software bill of materials from the stored scan (no git access).

    CycloneDX carries the repository's vulnerabilities (the advisories 'lodestar vulns update'
    imported, matched against its dependencies) with the policies' VEX statements as their
    analysis.

    Example: lodestar sbom billing --format cyclonedx -o billing.cdx.json
    """
    from lodestar.render import cyclonedx_json, spdx_json
    from lodestar.store import list_repositories

    if (repository is None) == (not all_repositories):
        raise UsageError("name one REPOSITORY or pass --all")
    if all_repositories and output is None:
        raise UsageError("--all writes one file per repository: pass --output DIR")
    render = cyclonedx_json if fmt is SbomFormat.CYCLONEDX else spdx_json
    ws = load_workspace()
    with store(ws) as engine:
        rows = [r for r in list_repositories(engine) if r.commit is not None]
        if repository is not None:
            rows = [r for r in rows if r.name == repository]
            if not rows:
                raise UsageError(
                    f"no scanned repository named {repository!r}; see 'lodestar repos'"
                )
        statements = Statements(ws)
        subjects = [_subject(engine, r, ws.settings.organisation.name, statements) for r in rows]
    if repository is not None and output is None:
        sys.stdout.write(
            safe_document(render(subjects[0], include_fixtures=fixtures), is_json=True)
        )
        return
    assert output is not None  # noqa: S101  checked above
    if all_repositories:
        output.mkdir(parents=True, exist_ok=True)
    for subject in subjects:
        target = output / _file_name(subject.repository, fmt) if all_repositories else output
        document = render(subject, include_fixtures=fixtures)
        target.write_text(safe_document(document, is_json=True), "utf-8")
    console.print(plain(f"Wrote {len(subjects)} {fmt.value} SBOM(s) to {output}"))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
