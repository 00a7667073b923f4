"""The organisation report as tables (``lodestar report`` and the end of ``lodestar demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lodestar.cli.output import console, plain, styled
from lodestar.cli.tables import print_table
from lodestar.render.presentation import human

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from lodestar.analysis import OrganisationReport


def print_report(rep: OrganisationReport) -> None:
    """Languages by own code, licences and the repositories with problems."""
    from rich.table import Table

    console.rule(plain(rep.organisation, "bold"))
    kinds = rep.code_by_kind
    console.print(
        styled(
            f"{rep.scanned}/{rep.repositories} repositories scanned · ",
            (f"{rep.own_code:,}", "bold"),
            " lines of own code · "
            f"vendored {kinds.get('vendored', 0):,} · generated {kinds.get('generated', 0):,} · "
            f"documentation {kinds.get('documentation', 0):,}",
        )
    )
    total = rep.language_code or 1
    langs = Table(title="Languages by own code (programming and markup)", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("language", "left"),
        ("repos", "right"),
        ("files", "right"),
        ("code", "right"),
        ("share", "left"),
    )
    for col, just in columns:
        langs.add_column(col, justify=just)
    for row in rep.languages[:15]:
        share = row.code / total
        bar = "█" * max(1, round(share * 30)) if row.code else ""
        langs.add_row(
            plain(row.language),
            str(row.repositories),
            f"{row.files:,}",
            f"{row.code:,}",
            f"{bar} {share:.1%}",
        )
    print_table(console, langs)
    if rep.data_languages:
        beside = ", ".join(f"{row.language} {human(row.code)}" for row in rep.data_languages[:8])
        console.print(f"Data and prose in own files, not counted among the languages: {beside}")
    lic = Table(title="Licences", title_justify="left")
    lic.add_column("licence")
    lic.add_column("repos", justify="right")
    lic.add_column("repositories", overflow="fold")
    for use in rep.licences:
        lic.add_row(
            plain(use.licence), str(len(use.repositories)), plain(", ".join(use.repositories))
        )
    print_table(console, lic)
    if rep.problems:
        prob = Table(title="Repositories with problems", title_justify="left")
        for col in ("repository", "problem", "detail"):
            prob.add_column(col, overflow="fold")
        for p in rep.problems:
            prob.add_row(plain(p.repository), p.kind, plain(p.detail))
        print_table(console, prob)
    else:
        console.print("No repository has a problem.")
