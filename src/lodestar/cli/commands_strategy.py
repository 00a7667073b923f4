"""``lodestar validate`` and ``radar …``: the strategy the workspace declares, and its radar."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from lodestar.cli.common import JsonOption, add_commands, cockpit_urls, load_workspace
from lodestar.cli.output import (
    console,
    handle_errors,
    plain,
    print_json,
    safe_document,
    styled,
)
from lodestar.cli.strategy_output import (
    markdown,
    matchers,
    print_problems,
    strategy_errors,
    table_row,
)
from lodestar.cli.tables import print_table
from lodestar.errors import StrategyError, UsageError
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    from lodestar.records import RadarEntry, RadarMove, Strategy

radar_app = typer.Typer(
    help="The technology radar: entries, movement, import, export and the public radar."
)

commands = typer.Typer()  # this module's commands; register(app) adds them


@commands.command()
@handle_errors
def validate(as_json: JsonOption = False) -> None:
    """Check every strategy file of the workspace; exit 1 when any is invalid.

    Prints each problem as path:line:column: message, with the offending line and a caret.
    """
    from lodestar.strategy import load_strategy

    ws = load_workspace()
    try:
        strategy = load_strategy(ws.root)
    except StrategyError as exc:
        if as_json:
            print_json(_problems_dict(exc))
        else:
            print_problems(exc)
        raise typer.Exit(1) from exc
    counts = _counts(strategy)
    if as_json:
        print_json({"valid": True, "problems": [], "counts": counts})
        return
    _print_valid(counts)


def _problems_dict(exc: StrategyError) -> dict[str, object]:
    return {
        "valid": False,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "message": p.message,
            }
            for p in exc.problems
        ],
    }


def _counts(strategy: Strategy) -> dict[str, int]:
    return {
        "radar entries": len(strategy.entries),
        "decisions": len(strategy.decisions),
        "policy exceptions": len(strategy.policies.exceptions),
        "dependency rules": len(strategy.policies.dependency_rules),
        "campaigns": len(strategy.campaigns),
        "initiatives": len(strategy.initiatives),
    } | _ip_counts(strategy)


def _ip_counts(strategy: Strategy) -> dict[str, int]:
    """The IP register's records, when the workspace has one (ip/)."""
    ip = strategy.ip
    if ip.empty:
        return {}
    return {
        "invention disclosures": len(ip.disclosures),
        "patent families": len(ip.patents),
        "outbound projects": len(ip.outbound),
        "trade secrets": len(ip.trade_secrets),
        "export records": len(ip.exports),
    }


def _print_valid(counts: dict[str, int]) -> None:
    singular = {
        "radar entries": "radar entry",
        "policy exceptions": "policy exception",
        "patent families": "patent family",
    }
    listed = ", ".join(
        f"{n} {what if n != 1 else singular.get(what, what.removesuffix('s'))}"
        for what, n in counts.items()
    )
    console.print(styled(("valid", "green"), f": {listed}"))


# --- radar ------------------------------------------------------------------------------------


def _one_of(option: str, value: str | None, known: tuple[str, ...]) -> None:
    """UsageError when ``value`` is none of ``known`` (case-insensitive)."""
    if value is not None and value.lower() not in {k.lower() for k in known}:
        raise UsageError(f"{option} {value!r}: the radar has {', '.join(known)}")


def _entries(strategy: Strategy, ring: str | None, quadrant: str | None) -> list[RadarEntry]:
    """The radar's entries in ``ring`` and ``quadrant`` (any when None), by quadrant, ring and
    title; UsageError for a ring or quadrant the radar does not have."""
    _one_of("--ring", ring, strategy.radar.rings)
    _one_of("--quadrant", quadrant, strategy.radar.quadrants)
    entries = [
        e
        for e in strategy.entries
        if (ring is None or e.ring.lower() == ring.lower())
        and (quadrant is None or e.quadrant.lower() == quadrant.lower())
    ]
    order = {q: i for i, q in enumerate(strategy.radar.quadrants)}
    rings = {r: i for i, r in enumerate(strategy.radar.rings)}
    entries.sort(key=lambda e: (order.get(e.quadrant, 99), rings.get(e.ring, 99), e.title.lower()))
    return entries


@radar_app.command("list")
@handle_errors
@strategy_errors
def radar_list(
    ring: Annotated[str | None, typer.Option(help="Only this ring (e.g. Hold).")] = None,
    quadrant: Annotated[str | None, typer.Option(help="Only this quadrant.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The radar's entries by quadrant and ring, with their matchers and latest move.

    The move is the entry's last ring change in the workspace's git history (new, in, out).
    """
    from lodestar.strategy import load_strategy, radar_history

    ws = load_workspace()
    strategy = load_strategy(ws.root)
    entries = _entries(strategy, ring, quadrant)
    last: dict[str, RadarMove] = {}
    for change in radar_history(ws.root, config=strategy.radar):
        last[change.entry] = change
    if as_json:
        print_json(
            {
                "quadrants": strategy.radar.quadrants,
                "rings": strategy.radar.rings,
                "entries": [{**to_jsonable(e), "last_move": last.get(e.id)} for e in entries],
            }
        )
        return
    _print_radar(entries, last)


def _print_radar(entries: list[RadarEntry], last: dict[str, RadarMove]) -> None:
    table = Table(title=f"{len(entries)} radar entries")
    for column in ("id", "title", "quadrant", "ring", "last move", "matchers", "review by"):
        table.add_column(column, no_wrap=column in {"id", "ring", "review by"})
    for e in entries:
        move = last.get(e.id)
        table_row(
            table,
            e.id,
            e.title,
            e.quadrant,
            e.ring,
            f"{move.kind} {move.date:%Y-%m}" if move else "",
            matchers(e.matchers),
            e.review_by.isoformat() if e.review_by else "",
        )
    print_table(console, table)


@radar_app.command("show")
@handle_errors
@strategy_errors
def radar_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry id (its file name).")],
    as_json: JsonOption = False,
) -> None:
    """One radar entry: ring, matchers, linked decisions, description and ring history."""
    from lodestar.strategy import load_strategy, radar_history

    ws = load_workspace()
    strategy = load_strategy(ws.root)
    entry = next((e for e in strategy.entries if e.id == entry_id), None)
    if entry is None:
        raise UsageError(f"no radar entry {entry_id!r}; see 'lodestar radar list'")
    moves = [m for m in radar_history(ws.root, config=strategy.radar) if m.entry == entry_id]
    if as_json:
        print_json({"entry": entry, "history": moves})
        return
    _print_entry(entry, moves)


def _print_entry(entry: RadarEntry, moves: list[RadarMove]) -> None:
    console.print(styled((entry.title, "bold"), f"  ({entry.id})"))
    console.print(styled(f"{entry.quadrant} · ", (entry.ring, "bold")))
    for label, value in (
        ("matchers", matchers(entry.matchers)),
        ("tags", ", ".join(entry.tags)),
        ("owner", entry.owner or ""),
        ("review by", entry.review_by.isoformat() if entry.review_by else ""),
        ("decisions", ", ".join(entry.decisions)),
        ("replaced by", entry.replaced_by or ""),
    ):
        if value:
            console.print(plain(f"{label}: {value}"))
    if entry.description:
        console.print(markdown(entry.description))
    for move in moves:
        before = f"{move.previous_ring} → " if move.previous_ring else ""
        console.print(
            plain(f"{move.date}  {move.kind:<9}  {before}{move.ring}  {move.commit[:10]}")
        )


def _history_rows(moves: tuple[RadarMove, ...], editions: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "entry": m.entry,
            "date": m.date.isoformat(),
            "edition": editions.get(m.commit),
            "kind": m.kind,
            "previous_ring": m.previous_ring,
            "ring": m.ring,
            "commit": m.commit,
        }
        for m in moves
    ]


@radar_app.command("history")
@handle_errors
@strategy_errors
def radar_history_command(
    since: Annotated[
        str | None, typer.Option(help="Only moves on or after this date (YYYY-MM-DD).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ring movement (new, moved in, moved out) read from the workspace's git history.

    Editions are the workspace repository's tags; without tags, each commit date is one.
    """
    from lodestar.strategy import load_strategy, radar_editions, radar_history
    from lodestar.strategy.history import edition_of

    ws = load_workspace()
    strategy = load_strategy(ws.root)
    moves = radar_history(ws.root, config=strategy.radar)
    if since:
        try:
            start = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise UsageError(f"--since {since!r} is not a date; write YYYY-MM-DD") from exc
        moves = tuple(m for m in moves if m.date >= start)
    editions = radar_editions(ws.root)
    names = edition_of(ws.root, moves, editions)
    rows = _history_rows(moves, names)
    if as_json:
        print_json({"editions": editions, "moves": rows})
        return
    _print_moves(strategy, moves, names, rows)


def _print_moves(
    strategy: Strategy,
    moves: tuple[RadarMove, ...],
    names: dict[str, str],
    rows: list[dict[str, Any]],
) -> None:
    if not moves:
        console.print(
            "No radar history: the workspace is not a git repository, or radar/ has no commits yet."
        )
        return
    titles = {e.id: e.title for e in strategy.entries}
    table = Table(title=f"{len(moves)} radar moves")
    for column in ("date", "edition", "entry", "move", "ring"):
        table.add_column(column, no_wrap=column in {"date", "edition", "move"})
    for row in rows:
        before = f"{row['previous_ring']} → " if row["previous_ring"] else ""
        table_row(
            table,
            row["date"],
            row["edition"] or "(unreleased)" if names else row["date"],
            titles.get(row["entry"], row["entry"]),
            row["kind"],
            f"{before}{row['ring']}",
        )
    print_table(console, table)


@radar_app.command("import")
@handle_errors
@strategy_errors
def radar_import(
    source: Annotated[
        Path,
        typer.Argument(
            help="A BYOR .csv or .json file, or an AOE radar folder (edition folders of .md)."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="auto, byor-csv, byor-json or aoe (auto: from the source)."),
    ] = "auto",
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace radar entries that already exist.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import a Build-Your-Own-Radar sheet or an AOE technology radar into radar/."""
    from lodestar.strategy.writing import import_radar

    ws = load_workspace()
    kind, written, skipped, matched = import_radar(
        ws.root,
        source,
        fmt,
        catalog_dirs=[Path(d) for d in ws.catalog_dirs],
        overwrite=overwrite,
    )
    if as_json:
        print_json({"format": kind, "written": written, "skipped": skipped, "matched": matched})
        return
    _print_import(source, kind, written, skipped, matched)


def _print_import(
    source: Path, kind: str, written: list[str], skipped: list[str], matched: int
) -> None:
    console.print(
        plain(
            f"Imported {len(written)} radar entries from {source} ({kind}); "
            f"{matched} tied to a catalog technology."
        )
    )
    if skipped:
        console.print(
            plain(
                f"{len(skipped)} already existed and were kept (use --overwrite): "
                + ", ".join(skipped[:10])
                + (" …" if len(skipped) > 10 else "")
            )
        )
    console.print("Next: review the files, add matchers, then 'lodestar validate'.")


_EXPORT_FORMATS = ("byor-csv", "byor-json", "backstage", "aoe")


@radar_app.command("export")
@handle_errors
@strategy_errors
def radar_export(
    fmt: Annotated[
        str, typer.Option("--format", help="byor-csv, byor-json, backstage or aoe.")
    ] = "byor-csv",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File (BYOR, Backstage) or folder (AOE); BYOR and Backstage default to stdout.",
        ),
    ] = None,
    edition: Annotated[
        str | None, typer.Option(help="AOE edition folder name (default: today, YYYY-MM-DD).")
    ] = None,
    all_editions: Annotated[
        bool,
        typer.Option(
            "--all-editions",
            help="AOE: one folder per edition of the workspace's git history (its tags, else "
            "commit dates), each with the entries new or changed in it.",
        ),
    ] = False,
    cockpit_url: Annotated[
        str | None,
        typer.Option(
            "--cockpit-url",
            metavar="URL",
            help="Backstage: link each entry to its page in the cockpit published at URL.",
        ),
    ] = None,
) -> None:
    """Export the radar as a BYOR CSV/JSON sheet, Backstage tech-radar JSON or the AOE layout.

    BYOR's status column and Backstage's timeline carry each entry's movement, read from the
    workspace's git history. Example: lodestar radar export --format backstage -o radar.json
    """
    from lodestar.strategy import load_strategy

    if fmt not in _EXPORT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use {', '.join(_EXPORT_FORMATS)}")
    ws = load_workspace()
    strategy = load_strategy(ws.root)
    if fmt == "aoe":
        _export_aoe(ws.root, strategy, output, edition, all_editions)
        return
    text = _radar_document(ws.root, strategy, fmt, cockpit_url)
    if output is None:
        sys.stdout.write(safe_document(text, is_json=fmt != "byor-csv"))
    else:
        output.write_text(text, "utf-8")
        console.print(plain(f"Wrote {len(strategy.entries)} entries to {output}"))


def _radar_document(root: Path, strategy: Strategy, fmt: str, cockpit_url: str | None) -> str:
    """The BYOR sheet or the Backstage JSON, with the movement of the radar's git history."""
    from lodestar.strategy import export_backstage, radar_editions, radar_history
    from lodestar.strategy import radar_io as rio

    moves = radar_history(root, config=strategy.radar)
    if fmt == "byor-csv":
        return rio.export_byor_csv(strategy, moves)
    if fmt == "byor-json":
        return rio.export_byor_json(strategy, moves)
    from lodestar.strategy.history import edition_of

    names = edition_of(root, moves, radar_editions(root))
    urls = cockpit_urls(cockpit_url)
    link = urls.entry if urls else None
    today = dt.datetime.now(dt.UTC).date()
    return export_backstage(strategy, moves, today=today, editions=names, link=link)


def _export_aoe(
    root: Path, strategy: Strategy, output: Path | None, edition: str | None, all_editions: bool
) -> None:
    from lodestar.strategy import radar_io as rio
    from lodestar.strategy.writing import write_files

    if output is None:
        raise UsageError("the AOE layout is a folder: pass --output DIR")
    if all_editions:
        from lodestar.strategy.writing import write_aoe_editions

        written, editions = write_aoe_editions(root, output)
        console.print(
            plain(f"Wrote {len(written)} files in {editions} editions to {output / 'radar'}")
        )
        return
    name = edition or dt.datetime.now(dt.UTC).date().isoformat()
    written, _ = write_files(output, rio.export_aoe(strategy, name), overwrite=True)
    console.print(plain(f"Wrote {len(written)} entries to {output / 'radar' / name}"))


@radar_app.command("publish")
@handle_errors
@strategy_errors
def radar_publish(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The folder to write (new or empty).")],
    tag: Annotated[
        str, typer.Option(help="Publish only the entries carrying this tag (the opt-in).")
    ] = "public",
    all_entries: Annotated[
        bool, typer.Option("--all", help="Publish every entry, tagged or not.")
    ] = False,
    edition: Annotated[
        str | None,
        typer.Option(help="Publish the radar as of this edition (see 'lodestar radar history')."),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Replace internal names found in entry texts by [internal] instead of stopping.",
        ),
    ] = False,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow",
            metavar="NAME",
            help="A name the guard may let through (a public project's repository); repeatable.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write a static public radar to OUT: pages, radar.svg/pdf, BYOR radar.csv/json.

    Only entries tagged 'public' (--tag) are published, or every entry with --all.

    Owners, review dates, decisions, repositories and usage stay internal; an entry opts in:

    public: {owner: true, decisions: true, usage: true}

    Internal names in the entries' texts stop the publication (exit 1): edit, --allow, --redact.

    Example: lodestar radar publish site/radar --edition 2026-10
    """
    from lodestar.cli.radar_publish import build_public_radar, write_public_radar
    from lodestar.render.public_site import public_site
    from lodestar.strategy import load_strategy

    ws = load_workspace()
    strategy = load_strategy(ws.root)
    radar = build_public_radar(ws, strategy, tag=None if all_entries else tag, edition=edition)
    radar = _guard(ws, strategy, radar, redact=redact, allow=tuple(allow or ()), as_json=as_json)
    files = public_site(radar, organisation=ws.settings.organisation.name)
    written = write_public_radar(out, files)
    if as_json:
        print_json(
            {
                "out": str(out),
                "tag": radar.tag,
                "edition": radar.edition,
                "entries": len(radar.entries),
                "editions": [e.name for e in radar.editions],
                "files": written,
            }
        )
        return
    which = "every entry" if radar.tag is None else f"entries tagged {radar.tag!r}"
    console.print(
        plain(
            f"Published {len(radar.entries)} radar entries ({which}"
            f"{', edition ' + radar.edition if radar.edition else ''}) to {out}: "
            f"{len(written)} files; open {out / 'index.html'}"
        )
    )
    if not radar.entries and radar.tag is not None:
        console.print(
            plain(
                f"No entry carries the tag {radar.tag!r}: add it to the entries to publish, "
                "or pass --all."
            )
        )


def _guard(
    ws: Any, strategy: Strategy, radar: Any, *, redact: bool, allow: tuple[str, ...], as_json: bool
) -> Any:
    """The radar, redacted with --redact; without it, exit 1 listing every internal name an
    entry's title, tags or text names (nothing is written)."""
    from lodestar.analysis.leak_scan import leaks_in
    from lodestar.cli.radar_publish import entry_texts, redacted, workspace_names

    names = workspace_names(ws, strategy, allow)
    leaks = leaks_in(entry_texts(radar), names)
    if not leaks or redact:
        return redacted(radar, names) if leaks else radar
    if as_json:
        print_json(
            {
                "published": False,
                "leaks": [{"where": w, "name": k.found, "kind": k.kind} for w, k in leaks],
            }
        )
    else:
        for where, leak in leaks:
            console.print(plain(f"{where}: names the {leak.kind} {leak.found!r}"))
        console.print(
            plain(
                f"Not published: {len(leaks)} internal names in entry texts. Edit the texts, "
                "pass --allow NAME for a name that is public, or --redact to replace them by "
                "[internal]."
            )
        )
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(radar_app, name="radar")
    add_commands(app, commands)
