"""``lodestar deps``, ``tech``, ``eol``, ``catalog update`` and ``catalog export``: what the
organisation runs, and its repositories as a Backstage catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.commands_catalog import register_catalog
from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import AsOfOption
from lodestar.cli.output import console, err_console, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.cli.teams import TeamOption, load_owners
from lodestar.errors import UsageError
from lodestar.render import terminal_safe

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from lodestar.analysis import DependencySearch, Exposure, TechnologyUsage
    from lodestar.render import CatalogDocument
    from lodestar.store import PackageCount

catalog_app = typer.Typer(
    help="Browse the technology catalog (list, show), refresh end-of-life data (update), "
    "export the repositories as a Backstage catalog (export).",
    no_args_is_help=True,
)
register_catalog(catalog_app)  # list and show: lodestar.cli.commands_catalog

commands = typer.Typer()  # this module's commands; register(app) adds them


@commands.command()
@handle_errors
def deps(
    package: Annotated[
        str | None,
        typer.Argument(
            help="A package: its exact name in any ecosystem (react, @types/react, "
            "Django, org.slf4j:slf4j-api), a purl (pkg:npm/react) or a glob ('@types/*')."
        ),
    ] = None,
    version_range: Annotated[
        str | None,
        typer.Option(
            "--range",
            "-r",
            help="Only versions in this range, in the package's ecosystem: '^17 || ^18', "
            "'18.x', '1.0 - 1.3', '>=2,<3', '~=1.4', '~> 3.0', '[1.0,2.0)', '*'.",
        ),
    ] = None,
    like: Annotated[
        bool,
        typer.Option("--like", help="Widen PACKAGE to every package whose name contains it."),
    ] = False,
    ecosystem: Annotated[
        str | None, typer.Option(help="Only this ecosystem (purl type: npm, pypi, maven …).")
    ] = None,
    fixtures: Annotated[
        bool, typer.Option("--fixtures", help="Count manifests under test fixtures too.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Rows in the most-used list.")] = 25,
    transitive: Annotated[
        bool,
        typer.Option("--transitive", help="Most-used list: count transitive packages too."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Which repositories use a package, and the spread of its versions.

    Without PACKAGE: the packages used by the most repositories.
    """
    from lodestar.analysis import packages_named, search_dependencies
    from lodestar.store import find_dependencies, package_counts, package_names

    with store(load_workspace()) as engine:
        if package is None:
            if version_range:
                raise UsageError("--range needs a PACKAGE; e.g. lodestar deps django --range '<4'")
            rows = package_counts(
                engine,
                ecosystem=ecosystem,
                include_fixtures=fixtures,
                direct_only=not transitive,
            )[:limit]
            if as_json:
                print_json({"packages": rows})
                return
            _print_package_counts(rows)
            return
        chosen = packages_named(package_names(engine), package, ecosystem=ecosystem, like=like)
        uses = find_dependencies(engine, packages=chosen.keys, include_fixtures=fixtures)
        result = search_dependencies(package, chosen, uses, version_range=version_range)
    if as_json:
        print_json(result)
        return
    _print_search(result)


@commands.command()
@handle_errors
def tech(
    category: Annotated[
        str | None,
        typer.Option(help="Only this category: database, framework, ci-cd, runtime …"),
    ] = None,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Show what matched in each repository.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Technologies in use, by number of repositories, with their evidence."""
    from lodestar.analysis import technology_usage
    from lodestar.catalog import Category, load_catalog
    from lodestar.store import technology_evidence

    if category is not None and category not in {c.value for c in Category}:
        choices = ", ".join(c.value for c in Category)
        raise UsageError(f"unknown category {category!r}; choose one of: {choices}")
    ws = load_workspace()
    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    with store(ws) as engine:
        usages = technology_usage(technology_evidence(engine), catalog, category=category)
    if as_json:
        print_json({"technologies": usages})
        return
    _print_technologies(usages, evidence)


@commands.command()
@handle_errors
def eol(
    warn_days: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="'Ending soon' window in days for this report (default: the policies' "
            "eol.warn-days, else the eol.warn_days setting).",
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list supported and unknown versions.")
    ] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """End-of-life exposure: declared runtime, OS, database and framework versions.

    A deployed version past its end of life is an error; a supported range (requires-python,
    engines) is past end of life only when every version it allows is (else "admits-eol").
    """
    from lodestar.catalog import load_eol
    from lodestar.cli.dates import as_of_date
    from lodestar.cli.evaluation import Organisation
    from lodestar.cli.vulns_data import freshness, warn_stale

    ws = load_workspace()
    catalog = load_eol(ws.eol_dirs)
    today = as_of_date(as_of, ws)
    evaluation = Organisation(ws, today, warn_days=warn_days).evaluation
    exposures, days = list(evaluation.eol), evaluation.eol_warn_days
    stale = catalog.is_stale(today, ws.settings.eol.max_catalog_age_days)
    data_as_of = catalog.snapshot_as_of
    with store(ws) as engine:
        advisories = freshness(ws, engine, today)
    if as_json:
        document = _eol_dict(today, days, data_as_of, stale, exposures)
        document["vulnerability_data_stale"] = [r.ecosystem for r in advisories if r.stale]
        print_json(document)
        return
    warn_stale(advisories, ws.settings.vulns.max_age_days)
    old = catalog.stale_products(today, ws.settings.eol.max_catalog_age_days) if stale else []
    _print_eol(today, days, data_as_of, old, exposures, show_all)


def _print_eol(
    today: dt.date,
    days: int,
    data_as_of: dt.date | None,
    stale: list[str],
    exposures: list[Exposure],
    show_all: bool,
) -> None:
    from lodestar.catalog.eol_update import refresh_hint

    if stale and data_as_of is not None:
        err_console.print(
            styled(
                ("warning:", "yellow"),
                f" end-of-life data is from {data_as_of} "
                f"({(today - data_as_of).days} days old); {refresh_hint(stale)}",
            ),
            soft_wrap=True,
        )
    shown = [e for e in exposures if show_all or e.state in _SHOWN]
    _print_exposures(shown, len(exposures), days)


def _eol_dict(
    today: dt.date, days: int, data_as_of: dt.date | None, stale: bool, exposures: list[Exposure]
) -> dict[str, object]:
    return {
        "today": today.isoformat(),
        "warn_days": days,
        "catalog_as_of": data_as_of.isoformat() if data_as_of else None,
        "catalog_stale": stale,
        "exposures": exposures,
    }


@catalog_app.command("update")
@handle_errors
def catalog_update(
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="endoflife.date API answer: a URL (v1 "
            "https://endoflife.date/api/v1/products/PRODUCT/ or v0 "
            "https://endoflife.date/api/PRODUCT.json, fetched only when given), a saved "
            "answer, or a folder of PRODUCT.json files.",
        ),
    ],
    product: Annotated[
        str | None,
        typer.Option(
            help="Product id, when a v0 answer's file name does not say it (a v1 answer names "
            "its product)."
        ),
    ] = None,
) -> None:
    """Refresh the end-of-life data kept in the workspace (catalog/eol/).

    Lodestar ships a snapshot of endoflife.date (https://endoflife.date, MIT licence) and
    reads no network except a URL given here. The API answers one product per call; a
    technology's product id is the "EOL product" of 'lodestar catalog show ID'. The data in
    catalog/eol/ overrides the shipped snapshot product by product.

    Example: lodestar catalog update --from https://endoflife.date/api/v1/products/python/
    """
    from lodestar.catalog.eol_update import update_from
    from lodestar.cli.fetching import download, is_url

    ws = load_workspace()
    dest = ws.root / "catalog" / "eol"
    data: Path | bytes
    if is_url(source):
        data = download(source, max_bytes=_MAX_DOWNLOAD, what="end-of-life data")
        if product is None:
            product = source.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    else:
        data = Path(source)
        if not data.exists():
            raise UsageError(f"{source}: no such file or folder")
    result = update_from(data, product, dest=dest, label=source)
    console.print(
        plain(
            f"Updated {len(result.products)} product(s), {result.cycles} release cycles, "
            f"as of {result.as_of}, in {result.dest}"
        )
    )


@catalog_app.command("export")
@handle_errors
def catalog_export(
    fmt: Annotated[
        str, typer.Option("--format", help="backstage: catalog-info.yaml Component entities.")
    ] = "backstage",
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="DIR|-",
            help="A folder: one NAME/catalog-info.yaml per repository; '-' (the default): one "
            "multi-document YAML stream on stdout.",
        ),
    ] = None,
    cockpit_url: Annotated[
        str | None,
        typer.Option(
            "--cockpit-url",
            metavar="URL",
            help="Link each entity to its repository's page in the cockpit published at URL.",
        ),
    ] = None,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export the repositories Lodestar knows as Backstage catalog-info.yaml entities.

    One Component per repository: owner, system, type, lifecycle, technologies as tags, a link
    to the cockpit. Example: lodestar catalog export --out backstage/ --cockpit-url
    https://lodestar.example.com/
    """
    from lodestar.cli.common import cockpit_urls
    from lodestar.cli.dates import as_of_date
    from lodestar.render import catalog_documents
    from lodestar.store import list_repositories

    if fmt != "backstage":
        raise UsageError(f"unknown format {fmt!r}; use backstage")
    urls = cockpit_urls(cockpit_url)
    ws = load_workspace()
    today = as_of_date(None, ws)
    with store(ws) as engine:
        owned = load_owners(engine, ws, today)
        rows = list_repositories(engine)
    if team is not None:
        mine = owned.team_repositories(team)
        rows = [r for r in rows if r.name in mine]
    documents = catalog_documents(
        rows,
        owned.observations,
        owned.owners,
        today=today,
        dormant_days=ws.settings.history.dormant_days,
        urls=urls,
    )
    if as_json:
        print_json({"entities": [d.entity for d in documents]})
        return
    _write_catalog(documents, out)


def _write_catalog(documents: list[CatalogDocument], out: str | None) -> None:
    import sys

    from lodestar.cli.output import safe_document
    from lodestar.render import catalog_yaml, document_yaml

    if not documents:
        err_console.print(
            styled(("warning:", "yellow"), " no repository to export; run 'lodestar scan'")
        )
    if out is None or out == "-":
        if documents:
            sys.stdout.write(safe_document(catalog_yaml(documents)))
        return
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {out}: not a folder; pass a folder, or - for stdout")
    for document in documents:  # names are valid Backstage names: no separator, no ".."
        target = folder / document.entity["metadata"]["name"] / "catalog-info.yaml"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document_yaml(document), encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"--out {out}: cannot write {target} ({exc.strerror or exc}); pick another folder"
            ) from exc
    console.print(plain(f"Wrote {len(documents)} catalog-info.yaml files under {folder}"))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(catalog_app, name="catalog")
    add_commands(app, commands)


_MAX_DOWNLOAD = 16 << 20


def _bar(n: int, most: int, width: int = 24) -> str:
    return "█" * max(1, round(n / most * width)) if most and n else ""


def _print_package_counts(rows: list[PackageCount]) -> None:
    from rich.table import Table

    table = Table(title="Most used packages", title_justify="left")
    table.add_column("package", overflow="fold")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("ecosystem", "left"),
        ("repos", "right"),
        ("versions", "right"),
        ("", "left"),
    )
    for col, justify in columns:
        table.add_column(col, justify=justify)
    most = max((r.repositories for r in rows), default=0)
    for r in rows:
        table.add_row(
            plain(r.name),
            plain(r.ecosystem),
            str(r.repositories),
            str(r.versions),
            _bar(r.repositories, most),
        )
    print_table(console, table)


def _print_search(result: DependencySearch) -> None:
    from rich.table import Table

    several = len(result.packages) > 1
    if several:
        what = (
            f"{result.query} names {len(result.packages)} packages"
            if result.ambiguous
            else f"{result.query} matches {len(result.packages)} packages"
        )
        listed = ", ".join(f"{p.package} ({p.repositories})" for p in result.packages)
        hint = "; --ecosystem or a purl picks one" if result.ambiguous else ""
        err_console.print(plain(f"{what}: {listed}{hint}"), soft_wrap=True)
    if not result.uses:
        console.print(
            plain(
                f"No repository uses {result.query}" + (f" {result.range}" if result.range else "")
            )
        )
        return
    console.print(
        styled(
            (result.query, "bold"),
            f"{' ' + result.range if result.range else ''}: "
            f"{len(result.repositories)} repositories, {len(result.uses)} declarations",
        )
    )
    spread = Table(title="Version spread", title_justify="left")
    spread.add_column("package@version" if several else "version", overflow="fold")
    spread.add_column("repos", justify="right")
    spread.add_column("")
    most = max((n for _, n in result.spread), default=0)
    for version, n in result.spread:
        spread.add_row(plain(version), str(n), _bar(n, most))
    print_table(console, spread)
    uses = Table(title="Where", title_justify="left")
    columns = ("repository", "package", "version", "constraint", "scope", "direct", "licence")
    for col in (*columns, "manifest"):
        uses.add_column(col, overflow="fold")
    for u in result.uses:
        uses.add_row(
            plain(u.repository),
            plain(f"{u.name} ({u.ecosystem})"),
            plain(u.version or "-"),
            plain(u.constraint or ""),
            plain(u.scope),
            "yes" if u.direct else "",
            plain(u.licence or ""),
            plain(f"{u.manifest}:{u.line}" if u.line else u.manifest),
        )
    print_table(console, uses)


def _print_technologies(usages: list[TechnologyUsage], evidence: bool) -> None:
    from rich.table import Table

    table = Table(title=f"{len(usages)} technologies in use", title_justify="left")
    for col in ("technology", "category", "repos", "repositories" if not evidence else "evidence"):
        table.add_column(col, overflow="fold")
    for u in usages:
        if evidence:
            lines = [
                terminal_safe(f"{repo}: {via} {ev}" + (f" ({path})" if path and path != ev else ""))
                for repo, via, ev, path in u.evidence[:8]
            ]
            if len(u.evidence) > 8:
                lines.append(f"… {len(u.evidence) - 8} more")
            detail = "\n".join(lines)
        else:
            detail = terminal_safe(", ".join(u.repositories))
        table.add_row(plain(u.name), plain(u.category), str(len(u.repositories)), detail)
    print_table(console, table)


_STYLE = {
    "past-eol": "bold red",
    "ending-soon": "yellow",
    "admits-eol": "cyan",
    "supported": "green",
    "unknown": "dim",
}


_SHOWN = frozenset({"past-eol", "ending-soon", "admits-eol"})  # without --all


def _print_exposures(shown: list[Exposure], total: int, days: int) -> None:
    from rich.table import Table

    table = Table(
        title=f"End-of-life exposure ({len(shown)} of {total} declarations; ending soon = "
        f"within {days} days)",
        title_justify="left",
    )
    for col in (
        "repository",
        "product",
        "version",
        "intent",
        "state",
        "end of life",
        "declared in",
    ):
        table.add_column(col, overflow="fold")
    for e in shown:
        when = e.eol or "-"
        if e.days_left is not None:
            when += (
                f" ({-e.days_left} days ago)" if e.days_left < 0 else f" (in {e.days_left} days)"
            )
        where = f"{e.path}:{e.line}" if e.line else e.path
        table.add_row(
            plain(e.repository),
            plain(e.product),
            plain(e.cycle or e.version),
            plain(e.intent),
            plain(e.state, _STYLE.get(e.state, "")),
            plain(when),
            plain(f"{where} ({e.declared})"),
        )
    print_table(console, table)
    if not shown:
        console.print("No declared version is past or near its end of life. (--all lists them)")
