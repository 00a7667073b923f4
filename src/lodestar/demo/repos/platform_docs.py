"""platform-docs: the engineering handbook, mostly Markdown (Apache-2.0).

Planted: architecture decision records in MADR format dated over the window; a generated
service catalogue committed by github-actions[bot]; a growing handbook.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lodestar.demo.cast import ACTIONS, AMARA, CHLOE, DMITRI, PRIYA
from lodestar.demo.content import docs, owners
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Files, Story
from lodestar.demo.units import Module, runbook

README = """# platform-docs

Northwind Labs engineering handbook and architecture decisions, published with MkDocs.

    pip install mkdocs-material
    mkdocs serve
"""

SERVICES: list[tuple[str, str, str]] = [
    ("orders-api", "Orders", "1"),
    ("inventory-service", "Fulfilment", "1"),
    ("storefront-web", "Web", "1"),
    ("mobile-bff", "Web", "2"),
    ("ledger-service", "Payments", "1"),
    ("shipping-service", "Fulfilment", "2"),
    ("pricing-engine", "Payments", "2"),
    ("partner-portal", "Partners", "3"),
    ("legacy-billing", "Platform", "2"),
    ("data-platform", "Data", "3"),
]


def history() -> list[Commit]:
    s = Story("platform-docs", conventional=True)
    handbook = Module(
        "docs/handbook/engineering.md",
        runbook("Engineering handbook", "How we work at Northwind Labs."),
        list(docs.HANDBOOK_TOPICS),
        feature="Describe {title}",
        fixes=("Clarify {title}", "Update the {title} section", "Fix links in {title}"),
    )
    catalogue: dict[str, tuple[str, str]] = {}

    def start() -> Files:
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            "mkdocs.yml": docs.MKDOCS,
            "docs/index.md": "# Northwind Engineering\n\nStart with the handbook.\n",
            handbook.path: handbook.content(),
        }

    s.plan(CHLOE, (2024, 11, 5, 10), "docs: start the engineering handbook", compute=start)
    cast = [(CHLOE, 4), (AMARA, 3), (PRIYA, 1), (DMITRI, 1)]
    s.spread(
        date(2024, 11, 11), date(2026, 10, 29), 18, cast, s.routine(handbook, scope="handbook")
    )
    for number, title, status, day, *parts in docs.ADRS:
        path, body = docs.adr(number, title, status, day, *parts)
        y, m, d = (int(x) for x in day.split("-"))
        s.plan(AMARA, (y, m, d, 16), f"docs(adr): ADR-{number:04d} {title.lower()}", {path: body})

    def regenerate(upto: int) -> Callable[[], Files]:
        def files() -> Files:
            for name, team, tier in SERVICES[:upto]:
                catalogue[name] = (team, tier)
            return {"docs/services.md": docs.service_catalogue(catalogue)}

        return files

    for i, (y, m) in enumerate(
        [(2025, 1), (2025, 4), (2025, 7), (2025, 10), (2026, 1), (2026, 5), (2026, 9)]
    ):
        s.plan(
            ACTIONS,
            (y, m, 3, 2, 0),
            "docs: regenerate the service catalogue",
            compute=regenerate(4 + i),
        )
    owners.declare(s, "platform-docs")
    return s.play()


BLUEPRINT = Blueprint("platform-docs", history, "Markdown handbook and ADRs, Apache-2.0")
