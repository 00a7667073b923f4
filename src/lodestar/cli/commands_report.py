"""``lodestar report``: the organisation summary (bare), and ``lodestar report board``, the
quarterly board report (HTML and PDF).

``report`` alone does what it always did; ``report board`` evaluates the organisation once on
the quarter's as-of day (as ``lodestar verdict`` does, history included), assembles the figures
with :func:`lodestar.analysis.board.board_report`, writes the page of
:func:`lodestar.render.board_report.board_html` and prints it to PDF through
:mod:`lodestar.render.board_pdf` (Playwright and a system Chromium, both optional).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, cockpit_urls, load_workspace, store
from lodestar.cli.output import console, err_console, handle_errors, plain, print_json, styled
from lodestar.errors import UsageError
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    import datetime as dt

    from lodestar.analysis.board import BoardReport, Quarter
    from lodestar.settings import Workspace

report_app = typer.Typer(
    help="Organisation summary: languages by own code, licences, repositories with problems. "
    "'lodestar report board' writes the quarterly board report.",
)

_PDF_HELP = (
    "Print the PDF too (default: when Playwright and a Chromium are installed, else warn and "
    "write the HTML only); --pdf fails (exit 1) when it cannot, --no-pdf skips it."
)


@report_app.callback(invoke_without_command=True)
@handle_errors
def report(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Organisation summary: languages by own code, licences, repositories with problems.
    'lodestar report board' writes the quarterly board report (HTML and PDF).
    """
    if ctx.invoked_subcommand is not None:
        return
    from lodestar.analysis import build_report
    from lodestar.cli.report_tables import print_report
    from lodestar.store import kind_totals, list_repositories, organisation_languages

    ws = load_workspace()
    with store(ws) as engine:
        rep = build_report(
            ws.settings.organisation.name,
            list_repositories(engine),
            organisation_languages(engine),
            kind_totals(engine),
        )
    if as_json:
        print_json({k: v for k, v in to_jsonable(rep).items() if k != "repository_rows"})
        return
    print_report(rep)


def board_period(ws: Workspace, quarter: str | None, as_of: str | None) -> tuple[Quarter, dt.date]:
    """The quarter reported and its as-of day: a quarter's last day, or the reference day while
    it is not over; ``--as-of D``: D's quarter as of D; neither: the current quarter to date."""
    from lodestar.analysis.board import parse_quarter, quarter_of
    from lodestar.cli.dates import as_of_date

    if quarter is not None and as_of is not None:
        raise UsageError("--quarter and --as-of disagree; pass one of them")
    today = as_of_date(as_of, ws)
    if quarter is None:
        return quarter_of(today), today
    try:
        found = parse_quarter(quarter)
    except ValueError as exc:
        raise UsageError(f"--quarter: {exc}") from exc
    if found.start > today:
        raise UsageError(
            f"--quarter {found.label} has not started on {today.isoformat()}; "
            "pass a quarter that has (or --as-of a later day)"
        )
    return found, min(found.end, today)


def build_board_report(ws: Workspace, quarter: Quarter, day: dt.date) -> BoardReport:
    """The board report of the workspace's organisation for ``quarter`` as of ``day``: one
    evaluation with history (as ``lodestar verdict``), its verdict and the training plan."""
    from lodestar.analysis.board import board_inputs, board_report
    from lodestar.analysis.verdict import thresholds_from, verdict
    from lodestar.cli.commands_training import workspace_training_plan
    from lodestar.cli.commands_verdict import organisation_verdict_inputs
    from lodestar.cli.dates import end_of_day
    from lodestar.cli.evaluation import Organisation

    org = Organisation(ws, day, history=True)
    inputs = organisation_verdict_inputs(ws, org)
    found = verdict(inputs, thresholds_from(ws.settings))
    plan = workspace_training_plan(ws, end_of_day(day))
    return board_report(
        board_inputs(
            ws.settings.organisation.name,
            quarter,
            evaluation=org.evaluation,
            verdict=found,
            verdict_inputs=inputs,
            training=plan,
        )
    )


def _output_folder(output: Path) -> Path:
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {output}: is a file; pass a folder (it is created if missing)")
    output.mkdir(parents=True, exist_ok=True)
    return output


@report_app.command("board")
@handle_errors
def board(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help="Folder to write the report into."),
    ],
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            "-q",
            metavar="YYYYQN",
            help="The quarter, e.g. 2026Q4: as of its last day, or the reference day while it "
            "is not over (default: the current quarter to date).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Report the quarter of this day, as of this day (instead of --quarter).",
        ),
    ] = None,
    cockpit_url: Annotated[
        str | None,
        typer.Option(
            "--cockpit-url",
            metavar="URL",
            help="Link each figure's evidence to its page in the cockpit published at URL.",
        ),
    ] = None,
    pdf: Annotated[bool | None, typer.Option("--pdf/--no-pdf", help=_PDF_HELP)] = None,
    as_json: JsonOption = False,
) -> None:
    """Write the quarterly board report: board-YYYYQN.html (one self-contained page) and .pdf.

    About a dozen key figures (the four verdict levels, radar conformance, end of life,
    vulnerabilities, knowledge risk, campaigns, key results, delivery, radar changes,
    decisions, training coverage), each with its change since the previous quarter, a
    one-line reading and its evidence; then a page per level and an appendix of evidence.
    The same data and as-of day give the same HTML, byte for byte.

    Example: lodestar report board --quarter 2026Q4 -o board/ --cockpit-url https://lodestar.example.com/
    """
    from lodestar.render.board_pdf import pdf_printer_problem, print_pdf
    from lodestar.render.board_report import board_html

    ws = load_workspace()
    urls = cockpit_urls(cockpit_url)
    found, day = board_period(ws, quarter, as_of)
    folder = _output_folder(output)
    problem = pdf_printer_problem() if pdf is not False else None
    if problem is not None and pdf is True:
        err_console.print(plain(f"error: cannot print the PDF: {problem}"))
        raise typer.Exit(1)
    rep = build_board_report(ws, found, day)
    html = folder / f"board-{found.label}.html"
    html.write_text(board_html(rep, urls=urls), "utf-8")
    written = None
    if pdf is not False and problem is None:
        written = folder / f"board-{found.label}.pdf"
        print_pdf(html, written)
    if as_json:
        print_json(
            {
                "html": str(html),
                "pdf": str(written) if written else None,
                "pdf_skipped": problem if pdf is not False else "--no-pdf",
                "report": to_jsonable(rep),
            }
        )
    else:
        console.print(plain(f"Wrote {html}" + (f" and {written}" if written else "")))
    if problem is not None:
        err_console.print(styled(("warning:", "yellow"), f" no PDF written: {problem}"))


def register(app: typer.Typer) -> None:
    """Add ``lodestar report`` (a group whose bare invocation is the summary)."""
    app.add_typer(report_app, name="report")
