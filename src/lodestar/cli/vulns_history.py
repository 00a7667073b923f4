"""``lodestar vulns history``: the exposure history and the time to remediate, in the terminal.

The figures are the organisation evaluation's (:attr:`OrganisationEvaluation.exposure`,
:mod:`lodestar.analysis.exposure`), the ones the cockpit's Vulnerabilities page draws: months
exposed per advisory and repository, and the mean and median days from publication (or arrival)
to the fix per team, to the month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from lodestar.cli.common import JsonOption, load_workspace
from lodestar.cli.dates import AsOfOption
from lodestar.cli.output import console, err_console, handle_errors, plain, print_json
from lodestar.cli.tables import print_table
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from lodestar.analysis.exposure import ExposureSpan, Remediation, VulnerabilityExposure

__all__ = ["vulnerability_history"]


@handle_errors
def vulnerability_history(
    repository: Annotated[
        str | None, typer.Argument(help="Only this repository's exposures.")
    ] = None,
    team: Annotated[
        str | None,
        typer.Option("--team", help="Only the exposures and the remediation of this team."),
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """How long the organisation stays exposed: per advisory and repository, the months it was
    exposed and the days to the fix; per team, the mean and median time to remediate.

    Read from the monthly snapshots (to the month: a fix is dated on the first day of the
    first month no longer exposed); the same figures as the cockpit's Vulnerabilities page.

    Examples:

        lodestar vulns history

        lodestar vulns history billing

        lodestar vulns history --team payments --json
    """
    from lodestar.cli.dates import as_of_date
    from lodestar.cli.evaluation import Organisation
    from lodestar.cli.vulns_listing import check_scope

    ws = load_workspace()
    today = as_of_date(as_of, ws)
    organisation = Organisation(ws, today)
    evaluation = organisation.evaluation
    check_scope(organisation, repository, team)
    exposure = evaluation.exposure
    spans, remediation = _selected(exposure, repository, team)
    if as_json:
        print_json(_history_dict(exposure, spans, remediation, today.isoformat()))
        return
    if exposure is None:
        err_console.print(
            plain(
                "No exposure history: no advisory imported (lodestar vulns update --from "
                "FILE_OR_URL)"
            ),
            soft_wrap=True,
        )
        return
    print_table(console, _remediation_table(remediation))
    print_table(console, _spans_table(spans))
    history = "from the monthly snapshots" if exposure.history else "the current scans only"
    console.print(
        plain(
            f"{len(spans):,} exposures ({sum(s.open for s in spans):,} open), {history}; "
            f"days to remediate are to the {exposure.granularity}."
        ),
        soft_wrap=True,
    )


def _selected(
    exposure: VulnerabilityExposure | None, repository: str | None, team: str | None
) -> tuple[list[ExposureSpan], list[Remediation]]:
    if exposure is None:
        return [], []
    wanted = team.casefold() if team else None
    spans = [
        s
        for s in exposure.spans
        if (repository is None or s.repository == repository)
        and (wanted is None or s.team.casefold() == wanted)
    ]
    rows = [*exposure.teams, exposure.organisation]
    if wanted is not None:
        rows = [r for r in exposure.teams if r.team.casefold() == wanted]
    return spans, rows


def _history_dict(
    exposure: VulnerabilityExposure | None,
    spans: list[ExposureSpan],
    remediation: list[Remediation],
    as_of: str,
) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "granularity": exposure.granularity if exposure else None,
        "history": exposure.history if exposure else False,
        "remediation": to_jsonable(remediation),
        "exposures": to_jsonable(spans),
    }


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _remediation_table(rows: list[Remediation]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title="Time to remediate", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("team", overflow="fold")
    table.add_column("fixed", justify="right")
    table.add_column("open", justify="right")
    table.add_column("mean days", justify="right")
    table.add_column("median days", justify="right")
    for row in rows:
        table.add_row(
            plain(row.team),
            f"{row.fixed:,}",
            f"{row.open:,}",
            _days(row.mean_days),
            _days(row.median_days),
        )
    return table


def _two(first: str, second: str) -> Text:
    """Two lines of repository text in one cell, each escaped."""
    cell = plain(first)
    cell.append("\n")
    cell.append_text(plain(second))
    return cell


def _spans_table(spans: list[ExposureSpan]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title="Exposures", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("advisory, band", overflow="fold", min_width=14)
    table.add_column("repository, team", overflow="fold", ratio=2)
    table.add_column("months exposed", overflow="fold", ratio=2)
    table.add_column("status, days", overflow="fold", ratio=1)
    for span in spans:
        score = f" {span.score:.1f}" if span.score is not None else ""
        status = plain(span.status)
        if span.days is not None:
            status.append(f"\n{span.days:,} days")
        table.add_row(
            _two(span.advisory, f"{span.band}{score}"),
            _two(span.repository, span.team),
            plain(f"{len(span.months)}: {span.first:%Y-%m} to {span.last:%Y-%m}"),
            status,
        )
    return table
