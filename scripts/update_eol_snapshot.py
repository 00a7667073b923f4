"""Regenerate the shipped end-of-life snapshot, ``src/lodestar/catalog/data/eol/``.

Lodestar ships, for every product its technology catalog names in an ``eol`` field, the release
cycles endoflife.date publishes: one ``<product>.json`` file in the shape of the endoflife.date
API (v0), plus ``_snapshot.json`` saying when and from where. Only dates and version facts are
taken; nothing else of endoflife.date's pages is copied. Nothing here runs at Lodestar's run
time.

The source is one of:

* a clone of https://github.com/endoflife-date/endoflife.date, bare or checked out: each
  ``products/<id>.md`` carries the cycles in its YAML front matter (``releases:``), which this
  script maps to the API's field names the way endoflife.date's own API generator does
  (``releaseCycle`` → ``cycle``, ``eoas`` → ``support`` with booleans inverted, ``eoes`` →
  ``extendedSupport`` when the product has that column, ``lts`` false by default). The as-of
  date is the committer date (UTC) of the commit read, and the commit is recorded;
* a directory of API answers (``<product>.json``, v0 lists or v1 objects), with ``--as-of``.

Usage::

    python scripts/update_eol_snapshot.py /path/to/endoflife.date[.git] [--rev HEAD]
    python scripts/update_eol_snapshot.py /path/to/api-json-dir --as-of 2026-08-22 \\
        --source https://endoflife.date/api

``--product ID`` (repeatable) adds products beyond those the catalog names. Reading the front
matter needs PyYAML (a development dependency). The output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lodestar.catalog.eol import SNAPSHOT_FILE, Cycle, parse_cycles
from lodestar.catalog.eol_update import read_products, write_product
from lodestar.catalog.technologies import load_catalog

OUTPUT = Path(__file__).resolve().parent.parent / "src/lodestar/catalog/data/eol"
REPOSITORY = "https://github.com/endoflife-date/endoflife.date"


def wanted_products(extra: Iterable[str]) -> list[str]:
    """Every endoflife.date product the shipped technology catalog refers to, plus ``extra``."""
    return sorted({t.eol for t in load_catalog() if t.eol} | set(extra))


# --------------------------------------------------------------------------------------------
# endoflife.date front matter → API (v0) cycles


def front_matter(text: str, name: str) -> dict[str, Any]:
    """The YAML front matter of a product page."""
    import yaml  # noqa: PLC0415 - a development dependency, needed only for this source

    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SystemExit(f"{name}: no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise SystemExit(f"{name}: unterminated front matter")
    doc = yaml.safe_load("\n".join(lines[1:end]))
    if not isinstance(doc, dict) or not isinstance(doc.get("releases"), list):
        raise SystemExit(f"{name}: front matter has no releases")
    return doc


def _when(value: Any, name: str, field: str) -> Any:
    """A date as ISO text, a boolean as is; anything else is refused."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | bool):
        return value.isoformat() if isinstance(value, date) else value
    if isinstance(value, str):
        return date.fromisoformat(value).isoformat()
    raise SystemExit(f"{name}: {field} is neither a date nor a boolean: {value!r}")


def _text(value: Any, name: str, field: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise SystemExit(f"{name}: {field} must be written as a string, found {value!r}")


def api_cycles(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The product's cycles as the v0 API gives them."""
    with_eoes = "eoesColumn" in doc
    cycles: list[dict[str, Any]] = []
    for release in doc["releases"]:
        where = f"{name} {release.get('releaseCycle')!r}"
        cycle: dict[str, Any] = {"cycle": _text(release["releaseCycle"], where, "releaseCycle")}
        if release.get("codename"):
            cycle["codename"] = _text(release["codename"], where, "codename")
        if "releaseDate" in release:
            cycle["releaseDate"] = _when(release["releaseDate"], where, "releaseDate")
        if "eoas" in release:
            eoas = _when(release["eoas"], where, "eoas")
            cycle["support"] = (not eoas) if isinstance(eoas, bool) else eoas
        if "eol" in release:
            cycle["eol"] = _when(release["eol"], where, "eol")
        if with_eoes:
            eoes = _when(release["eoes"], where, "eoes") if "eoes" in release else True
            cycle["extendedSupport"] = (not eoes) if isinstance(eoes, bool) else eoes
        if release.get("latest") is not None:
            cycle["latest"] = _text(release["latest"], where, "latest")
        if release.get("latestReleaseDate") is not None:
            cycle["latestReleaseDate"] = _when(release["latestReleaseDate"], where, "latest date")
        cycle["lts"] = _when(release["lts"], where, "lts") if "lts" in release else False
        cycles.append(cycle)
    return cycles


# --------------------------------------------------------------------------------------------
# Sources


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True, text=True
    ).stdout


def from_git(
    git_dir: Path, rev: str, products: list[str]
) -> tuple[dict[str, list[Cycle]], date, str]:
    """Cycles read from ``products/*.md`` at ``rev``; the commit's date and id."""
    commit, _, stamp = _git(git_dir, "log", "-1", "--format=%H %cI", rev).strip().partition(" ")
    as_of = datetime.fromisoformat(stamp).astimezone(UTC).date()
    cycles = _from_pages(products, lambda p: _git(git_dir, "show", f"{commit}:products/{p}.md"))
    return cycles, as_of, commit


def _from_pages(products: list[str], read: Callable[[str], str]) -> dict[str, list[Cycle]]:
    found: dict[str, list[Cycle]] = {}
    for product in products:
        name = f"products/{product}.md"
        cycles = api_cycles(front_matter(read(product), name), name)
        found[product] = parse_cycles(cycles, name, product)
    return found


def from_api_dir(folder: Path, products: list[str]) -> dict[str, list[Cycle]]:
    """Cycles read from ``<product>.json`` API answers."""
    found: dict[str, list[Cycle]] = {}
    for product in products:
        file = folder / f"{product}.json"
        if not file.is_file():
            raise SystemExit(f"{file}: missing")
        found.update(read_products(json.loads(file.read_bytes()), str(file), product))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="endoflife.date clone, or a directory of JSON")
    parser.add_argument("--rev", default="HEAD", help="commit to read from a clone")
    parser.add_argument("--product", action="append", default=[], help="an extra product id")
    parser.add_argument("--as-of", type=date.fromisoformat, help="date of JSON answers")
    parser.add_argument("--source", dest="label", help="where JSON answers came from")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output folder")
    args = parser.parse_args(argv)
    products = wanted_products(args.product)
    src: Path = args.source
    commit: str | None = None
    if (src / "HEAD").is_file() and (src / "objects").is_dir():
        cycles, as_of, commit = from_git(src, args.rev, products)
    elif (src / ".git").exists():
        cycles, as_of, commit = from_git(src / ".git", args.rev, products)
    elif (src / "products").is_dir():
        if args.as_of is None:
            raise SystemExit("a checkout without git history needs --as-of")
        cycles = _from_pages(products, lambda p: (src / "products" / f"{p}.md").read_text())
        as_of = args.as_of
    else:
        if args.as_of is None:
            raise SystemExit("JSON answers need --as-of (the date they were fetched)")
        cycles, as_of = from_api_dir(src, products), args.as_of
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        if not stale.name.startswith("_") and stale.stem not in cycles:
            stale.unlink()
    for product, product_cycles in sorted(cycles.items()):
        write_product(out / f"{product}.json", product_cycles)
    snapshot: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "source": args.label or f"{REPOSITORY} (products/*.md front matter)",
    }
    if commit:
        snapshot["commit"] = commit
    snapshot["licence"] = "MIT (endoflife.date contributors)" if commit else "see source"
    snapshot["products"] = sorted(cycles)
    (out / SNAPSHOT_FILE).write_text(json.dumps(snapshot, indent=2) + "\n", "utf-8")
    total = sum(len(c) for c in cycles.values())
    print(f"{len(cycles)} products, {total} cycles, as of {as_of} → {out}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
