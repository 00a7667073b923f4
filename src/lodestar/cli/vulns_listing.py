"""``lodestar vulns [REPO]``: the organisation's vulnerabilities, as the one evaluation matched
them (:func:`lodestar.analysis.vulnerability_listing`), and the ``vulns`` group that routes to
it.

:class:`VulnsGroup` is the ``vulns`` command group: a first argument that names none of its
subcommands (a repository, an option such as ``--severity``, or nothing at all) runs the
listing (``list``), so ``lodestar vulns billing --severity high`` and ``lodestar vulns status``
both read naturally. A repository name that is no repository but close to a subcommand says so
(``did you mean 'lodestar vulns update'?``). A reporting command: exit code 0 whatever it finds.
"""

from __future__ import annotations

import difflib
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from lodestar.cli.common import JsonOption, load_workspace
from lodestar.cli.dates import AsOfOption
from lodestar.cli.output import (
    console,
    count,
    err_console,
    handle_errors,
    plain,
    print_json,
    styled,
)
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.table import Table
    from rich.text import Text

    from lodestar.analysis import VulnerabilityListing, VulnerabilityRow
    from lodestar.cli.evaluation import Organisation

__all__ = [
    "DEFAULT",
    "Band",
    "Status",
    "VulnsGroup",
    "check_scope",
    "known_repository",
    "list_vulnerabilities",
]

DEFAULT = "list"


class VulnsGroup(TyperGroup):
    """The ``vulns`` group: anything but a subcommand name first runs ``list``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Any: Typer passes its own (vendored) click's context
        first = args[0] if args else None
        if first not in self.commands and first not in ctx.help_option_names:
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)


class Band(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Status(StrEnum):
    AFFECTED = "affected"
    MAY_BE_AFFECTED = "may-be-affected"


_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


@handle_errors
def list_vulnerabilities(
    repository: Annotated[
        str | None, typer.Argument(help="Only this repository (as 'lodestar repos' lists it).")
    ] = None,
    severity: Annotated[
        Band | None,
        typer.Option("--severity", help="Only advisories of this band or a more severe one."),
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option(
            "--status",
            help="affected (the locked version is affected) or may-be-affected (no version "
            "locked; the declared range admits an affected one).",
        ),
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", help="Only repositories this team owns.")
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list what VEX statements (not_affected, fixed) and the policy's "
            "ignore-below leave out.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The vulnerabilities of the organisation's dependencies, most severe first.

    One row per advisory, repository, package and version, graded by the policies'
    vulnerabilities section as 'lodestar check' grades it; VEX statements apply. Needs
    advisories imported with 'lodestar vulns update'.

    Examples:

        lodestar vulns

        lodestar vulns billing --severity high

        lodestar vulns --status affected --team payments --json
    """
    from lodestar.analysis import vulnerability_listing
    from lodestar.cli.dates import as_of_date
    from lodestar.cli.evaluation import Organisation

    ws = load_workspace()
    today = as_of_date(as_of, ws)
    organisation = Organisation(ws, today)
    evaluation = organisation.evaluation
    check_scope(organisation, repository, team)
    assert evaluation.strategy is not None  # noqa: S101  Organisation always loads one
    listing = vulnerability_listing(
        evaluation.vulnerabilities,
        evaluation.strategy.policies.vulnerabilities,
        owners=evaluation.owners,
        repository=repository,
        severity=severity.value if severity else None,
        status=status.value if status else None,
        team=team,
        show_all=show_all,
    )
    if as_json:
        print_json(_listing_dict(listing, today.isoformat()))
        return
    if not evaluation.vulnerabilities:
        err_console.print(
            plain(
                "No vulnerability found: no imported advisory matches a dependency (import "
                "them with lodestar vulns update --from FILE_OR_URL; see lodestar vulns status)"
            ),
            soft_wrap=True,
        )
        return
    if listing.rows:
        print_table(console, _table(listing))
    console.print(_summary(listing))


def check_scope(organisation: Organisation, repository: str | None, team: str | None) -> None:
    """A usage error (with a did-you-mean) when ``repository`` is not scanned or no team has the
    name ``team``, as every ``--team`` option refuses it (:mod:`lodestar.cli.teams`)."""
    evaluation = organisation.evaluation
    if team is not None:
        from lodestar.cli.teams import team_repositories

        team_repositories(evaluation.owners, evaluation.observations, organisation.people, team)
    if repository is not None:
        known_repository(repository, [o.repository for o in evaluation.observations])


def known_repository(repository: str, names: list[str]) -> None:
    """A usage error unless ``repository`` is scanned, with a did-you-mean (a subcommand or a
    repository name)."""
    if repository in names:
        return
    commands = ("update", "status", "history", DEFAULT)
    close = difflib.get_close_matches(repository, commands, n=1, cutoff=0.7)
    if close:
        hint = f" (did you mean 'lodestar vulns {close[0]}'?)"
    else:
        found = difflib.get_close_matches(repository, names, n=1, cutoff=0.6)
        hint = f" (did you mean {found[0]!r}?)" if found else "; see 'lodestar repos'"
    raise UsageError(f"no scanned repository named {repository!r}{hint}")


def _table(listing: VulnerabilityListing) -> Table:
    """Fits 80 columns: four columns (advisory and band; package, version and fix; repository
    and where; owner), long names folding inside their cells."""
    from rich import box
    from rich.table import Table

    from lodestar.analysis import package_name

    owners = any(r.owner for r in listing.rows)
    table = Table(
        title="Vulnerabilities",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("advisory, band", overflow="fold", min_width=14)
    table.add_column("package@version, fix", overflow="fold", ratio=3)
    table.add_column("repository, where", overflow="fold", ratio=2)
    if owners:
        table.add_column("owner", overflow="fold", ratio=1)
    for row in listing.rows:
        table.add_row(*_cells(row, package_name, owners=owners))
    return table


def _cells(row: VulnerabilityRow, name: Callable[[str], str], *, owners: bool) -> list[Text]:
    vuln = row.vulnerability
    advisory = plain(vuln.advisory)
    score = f" {vuln.score:.1f}" if vuln.score is not None else ""
    advisory.append(f"\n{vuln.band}{score}", style=_STYLE.get(vuln.band, ""))
    if row.statement is not None:
        advisory.append("\n").append_text(plain(f"VEX {row.statement.status}", "dim"))
    version = vuln.version or f"{vuln.constraint or '*'} (unpinned)"
    package = plain(f"{name(vuln.package)}@{version}")
    package.append("\n").append_text(
        plain(
            f"fix: {vuln.fixed}" if vuln.fixed else "no fix published",
            "green" if vuln.fixed else "dim",
        )
    )
    where = plain(vuln.repository)
    more = f" (+{len(row.locations) - 1})" if len(row.locations) > 1 else ""
    where.append("\n").append_text(plain(row.locations[0] + more, "dim"))
    cells = [advisory, package, where]
    if owners:
        cells.append(plain(row.owner or "-"))
    return cells


def _summary(listing: VulnerabilityListing) -> Any:
    shown = sum(listing.bands.values())
    found = count(shown, "vulnerability", "vulnerabilities")
    where = count(listing.repositories, "repository", "repositories")
    parts: list[str | tuple[str, str]] = [f"{found} in {where}: "]
    bands = [(b, n) for b, n in listing.bands.items() if n or b in _STYLE]
    for index, (band, n) in enumerate(bands):
        parts.append((f"{n} {band}", _STYLE.get(band, "") if n else "dim"))
        parts.append(", " if index < len(bands) - 1 else "")
    maybe = sum(
        1 for r in listing.rows if not r.hidden and r.vulnerability.status == "may-be-affected"
    )
    if maybe:
        parts.append(f" ({maybe} may be affected: no version locked)")
    if listing.hidden:
        parts.append(
            f"; {count(listing.hidden, 'more')} left out by VEX statements or the policy"
            + (" (listed)" if any(r.hidden for r in listing.rows) else " (--all lists them)")
        )
    return styled(*parts)


def _row_dict(row: VulnerabilityRow) -> dict[str, object]:
    from lodestar.analysis import advisory_url

    vuln = row.vulnerability
    statement = row.statement
    return {
        "advisory": vuln.advisory,
        "aliases": list(vuln.aliases),
        "summary": vuln.summary,
        "url": advisory_url(vuln.advisory, vuln.references),
        "repository": vuln.repository,
        "package": vuln.package,
        "purl": vuln.purl,
        "version": vuln.version,
        "constraint": vuln.constraint,
        "status": vuln.status,
        "affected": vuln.affected,
        "fixed": vuln.fixed,
        "band": vuln.band,
        "score": vuln.score,
        "vector": vuln.vector,
        "published": vuln.published.isoformat() if vuln.published else None,
        "manifest": vuln.manifest,
        "line": vuln.line,
        "locations": list(row.locations),
        "direct": vuln.direct,
        "scope": vuln.scope,
        "severity": row.severity.value if row.severity else None,
        "hidden": row.hidden,
        "vex": None
        if statement is None
        else {
            "advisory": statement.advisory,
            "status": statement.status,
            "justification": statement.justification,
            "detail": statement.detail,
            "owner": statement.owner,
            "date": statement.date.isoformat() if statement.date else None,
            "source": statement.source,
        },
        "owner": row.owner,
        "team": row.team,
        "references": list(vuln.references),
    }


def _listing_dict(listing: VulnerabilityListing, today: str) -> dict[str, object]:
    return {
        "as_of": today,
        "summary": {
            "bands": listing.bands,
            "repositories": listing.repositories,
            "hidden": listing.hidden,
        },
        "vulnerabilities": [_row_dict(r) for r in listing.rows],
    }
