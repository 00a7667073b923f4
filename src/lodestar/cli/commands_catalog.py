"""``lodestar catalog list`` and ``catalog show``: the technology ids a strategy file may name,
and what evidence detects each (added to the ``catalog`` group of
:mod:`lodestar.cli.commands_inventory`, beside ``update`` and ``export``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, State, load_workspace
from lodestar.cli.output import console, count, handle_errors, plain, print_json

if TYPE_CHECKING:
    from lodestar.catalog import EolCatalog, Technology, TechnologyCard, TechnologyCatalog


def _catalogs() -> tuple[TechnologyCatalog, EolCatalog]:
    """The shipped catalogs plus the workspace's additions (when there is a workspace)."""
    from lodestar import CONFIG_NAME
    from lodestar.catalog import load_catalog, load_eol

    explicit = State.workspace_path or os.environ.get("LODESTAR_WORKSPACE")
    here = next((p for p in (Path.cwd(), *Path.cwd().parents) if (p / CONFIG_NAME).is_file()), None)
    if not explicit and here is None:
        return load_catalog(), load_eol()
    ws = load_workspace()
    return load_catalog(tuple(Path(d) for d in ws.catalog_dirs)), load_eol(ws.eol_dirs)


def _detected_by(tech: Technology) -> str:
    parts = [
        count(len(tech.purls), "package") if tech.purls else "",
        count(len(tech.files), "file") if tech.files else "",
        count(len(tech.images), "image") if tech.images else "",
        count(len(tech.languages), "language") if tech.languages else "",
    ]
    return ", ".join(p for p in parts if p) or "-"


def catalog_list(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Only technologies whose id, name, alias, description or package pattern "
            "contains this text (any case)."
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(help="Only this category: database, framework, ci-cd, runtime …"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the catalog's technologies: the ids radar entries, decisions and campaigns name.

    Example: lodestar catalog list postgres --category database
    """
    from rich.table import Table

    from lodestar.catalog import CATEGORY_LABELS, find_technologies

    catalog, _ = _catalogs()
    found = find_technologies(catalog, query, category)
    if as_json:
        print_json(
            {
                "technologies": [
                    {
                        "id": t.id,
                        "name": t.name,
                        "category": t.category.value,
                        "eol": t.eol,
                    }
                    for t in found
                ]
            }
        )
        return
    if not found:
        console.print(plain(f"No technology matches {query or ''!r}; try a shorter text."))
        return
    table = Table(title_justify="left")
    table.add_column("id", no_wrap=True, min_width=max(len(t.id) for t in found))
    table.add_column("name")
    table.add_column("category")
    table.add_column("detected by")
    table.add_column("EOL product")
    for t in found:
        table.add_row(t.id, t.name, CATEGORY_LABELS[t.category], _detected_by(t), t.eol or "-")
    console.print(table)
    console.print(
        plain(
            f"{count(len(found), 'technology', 'technologies')}; details: lodestar catalog show ID"
        )
    )


def catalog_show(
    technology: Annotated[
        str, typer.Argument(help="A technology id, name or alias (lodestar catalog list).")
    ],
    as_json: JsonOption = False,
) -> None:
    """Show one technology: what it is, what evidence detects it, its end-of-life product.

    Example: lodestar catalog show postgresql
    """
    from lodestar.catalog import technology_card

    catalog, eol = _catalogs()
    card = technology_card(catalog, eol, technology)
    if as_json:
        print_json(card)
        return
    _print_card(card)


def _print_card(card: TechnologyCard) -> None:
    rows = [
        ("id", card.id),
        ("name", card.name),
        ("category", f"{card.category_label} ({card.category})"),
        ("homepage", card.homepage),
        ("description", card.description),
        ("aliases", ", ".join(card.aliases)),
        ("packages", ", ".join(card.packages)),
        ("files", ", ".join(card.files)),
        ("images", ", ".join(card.images)),
        ("languages", ", ".join(card.languages)),
    ]
    for label, value in rows:
        if value:
            console.print(plain(f"{label + ':':<13}{value}"))
    if card.eol_product is None:
        console.print(plain(f"{'EOL product:':<13}none (no end-of-life data judges it)"))
    else:
        as_of = f", data as of {card.eol_as_of}" if card.eol_as_of else ""
        console.print(
            plain(
                f"{'EOL product:':<13}{card.eol_product} "
                f"({count(card.cycle_count, 'release cycle')}{as_of})"
            )
        )
        for cycle in card.cycles:
            console.print(plain(f"  {cycle.cycle:<12} end of life: {_eol_text(cycle.eol)}"))
    console.print(
        plain(f"In a strategy file: matchers: [{{technology: {card.id}}}]"), soft_wrap=True
    )


def _eol_text(value: object) -> str:
    if value is True:
        return "reached"
    if value is False:
        return "not announced"
    return "unknown" if value is None else str(value)


def register_catalog(group: typer.Typer) -> None:
    """Add ``list`` and ``show`` to the ``catalog`` group."""
    group.command("list")(handle_errors(catalog_list))
    group.command("show")(handle_errors(catalog_show))
