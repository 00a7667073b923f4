"""``lodestar vulns update`` and ``lodestar vulns status``: the OSV advisory data.

Offline by default: ``update`` reads the files, folders and zips it is given, and fetches a URL
only when one is given (:mod:`lodestar.cli.fetching`); ``status`` says how old each ecosystem's
data is and warns when it is older than ``vulns.max_age_days``. The group is ``vulns_app``;
its default subcommand ``list`` (:mod:`lodestar.cli.vulns_listing`) lists the matched
vulnerabilities: ``lodestar vulns [REPO]``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, load_workspace, store
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
from lodestar.cli.vulns_data import freshness, warn_stale
from lodestar.cli.vulns_history import vulnerability_history
from lodestar.cli.vulns_listing import DEFAULT, VulnsGroup, list_vulnerabilities
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lodestar.analysis import AdvisoryFreshness
    from lodestar.ingest import AdvisorySource, ImportReport, Progress

MAX_DOWNLOAD = 2 << 30  # OSV's largest all.zip (npm) is a few hundred MiB
SHOWN_WARNINGS = 20

vulns_app = typer.Typer(
    cls=VulnsGroup,  # anything but a subcommand name first runs the listing
    help="Vulnerabilities: list them (lodestar vulns [REPO]), their exposure history and time "
    "to remediate (vulns history), import OSV advisories (offline unless given a URL), see how "
    "fresh they are.",
    no_args_is_help=False,
)
vulns_app.command(DEFAULT)(list_vulnerabilities)
vulns_app.command("history")(vulnerability_history)


@vulns_app.command("update")
@handle_errors
def update(
    sources: Annotated[
        list[str],
        typer.Option(
            "--from",
            help="An OSV JSON file (one record or a list), a folder of them, an ecosystem's "
            "all.zip as OSV publishes it, or an http(s) URL of any of these (fetched only "
            "when given). Repeatable.",
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Import OSV advisories into the workspace's database.

    A record replaces a stored one only when it is as new or newer (its 'modified' time); a
    bad record is a warning (file[!member]:line: what) and the import goes on.

    Examples:

        lodestar vulns update --from PyPI-all.zip --from npm-all.zip

        lodestar vulns update --from ./advisory-database/advisories/github-reviewed

        lodestar vulns update --from https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip
    """
    from lodestar.ingest import import_advisories

    ws = load_workspace()
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="lodestar-osv-") as tmp, store(ws) as engine:
        given = list(_sources(sources, Path(tmp)))
        with _progress(enabled=not as_json) as progress:
            report = import_advisories(engine, given, now=now, progress=progress)
    if as_json:
        print_json(_report_dict(report))
        return
    _print_report(report)


@vulns_app.command("status")
@handle_errors
def status(as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """How old each ecosystem's advisory data is; a warning when older than vulns.max_age_days.

    Examples:

        lodestar vulns status

        lodestar vulns status --json
    """
    from lodestar.cli.dates import as_of_date

    ws = load_workspace()
    today = as_of_date(as_of, ws)
    with store(ws) as engine:
        rows = freshness(ws, engine, today)
    limit = ws.settings.vulns.max_age_days
    if as_json:
        print_json({"today": today.isoformat(), "max_age_days": limit, "ecosystems": rows})
        return
    if not rows:
        console.print(
            plain(
                "No advisories imported; lodestar vulns update --from FILE_OR_URL imports "
                "OSV data (https://osv.dev: <ECOSYSTEM>/all.zip)"
            )
        )
        return
    _print_status(rows)
    warn_stale(rows, limit)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(vulns_app, name="vulns")


# --- helpers ----------------------------------------------------------------------------------


def _sources(given: list[str], tmp: Path) -> Iterator[AdvisorySource]:
    from lodestar.cli.fetching import download_to, is_url
    from lodestar.ingest import AdvisorySource
    from lodestar.safeparse import scrub_url

    if not given:
        raise UsageError("nothing to import; e.g. lodestar vulns update --from PyPI-all.zip")
    for index, source in enumerate(given):
        if is_url(source):
            folder = tmp / str(index)
            folder.mkdir()
            err_console.print(plain(f"Downloading {scrub_url(source)} …"), soft_wrap=True)
            path = download_to(source, folder, max_bytes=MAX_DOWNLOAD, what="OSV data")
            yield AdvisorySource(path, scrub_url(source))
        else:
            path = Path(source)
            if not path.exists():
                raise UsageError(f"{source}: no such file or folder")
            yield AdvisorySource(path, source)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr when it is a terminal (and not --json); else nothing."""
    if not (enabled and err_console.is_terminal):
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(console=err_console, transient=True) as bar:
        task = bar.add_task("Importing advisories", total=None)

        def update(done: int, total: int) -> None:
            if done % 500 == 0 or done == total:
                bar.update(task, completed=done, total=total)

        yield update


def _report_dict(report: ImportReport) -> dict[str, object]:
    return {
        "sources": list(report.sources),
        "read": report.read,
        "written": report.written,
        "unchanged": report.unchanged,
        "records": dict(sorted(report.records.items())),
        "skipped": dict(sorted(report.skipped.items())),
        "refused": report.refused,
        "warnings": report.warnings,
    }


def _print_report(report: ImportReport) -> None:
    from rich.table import Table

    from lodestar.safeparse import ECOSYSTEMS

    for warning in report.warnings[:SHOWN_WARNINGS]:
        err_console.print(styled(("warning:", "yellow"), " ", plain(warning)), soft_wrap=True)
    if report.refused > SHOWN_WARNINGS:
        more = report.refused - SHOWN_WARNINGS
        err_console.print(plain(f"… and {count(more, 'more warning')} (--json lists up to 1,000)"))
    if report.records:
        table = Table(title="Advisories read", title_justify="left")
        table.add_column("ecosystem")
        table.add_column("records", justify="right")
        for ecosystem, n in sorted(report.records.items(), key=lambda kv: kv[0].lower()):
            table.add_row(plain(ecosystem), f"{n:,}")
        print_table(console, table)
    skipped = sum(n for eco, n in report.skipped.items() if eco not in ECOSYSTEMS)
    console.print(
        plain(
            f"Imported {report.read:,} advisories ({report.written:,} new or updated, "
            f"{report.unchanged:,} already up to date); skipped {skipped:,} for ecosystems "
            f"Lodestar does not scan; {count(report.refused, 'refused record')}."
        ),
        soft_wrap=True,
    )


def _print_status(rows: tuple[AdvisoryFreshness, ...]) -> None:
    from rich.table import Table

    table = Table(title="Vulnerability data", title_justify="left")
    for column, justify in (
        ("ecosystem", "left"),
        ("imported (UTC)", "left"),
        ("age (days)", "right"),
        ("records", "right"),
        ("newest record", "left"),
        ("source", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]  # the literals above are Rich's JustifyMethod
    for r in rows:
        table.add_row(
            plain(r.ecosystem),
            f"{r.imported_at:%Y-%m-%d %H:%M}",
            styled((str(r.age_days), "yellow" if r.stale else "")),
            f"{r.stored:,}",
            f"{r.newest:%Y-%m-%d}" if r.newest else "",
            plain(r.source),
        )
    print_table(console, table)
