"""Regenerate the shipped catalogs' compiled JSON from their reviewed TOML sources.

* ``src/lodestar/catalog/data/languages.json`` from ``languages.toml`` (the source of truth,
  and the shape a workspace's additions use): the same document already parsed, stamped with
  the TOML's SHA-256, so that loading the language catalog (``lodestar loc``) needs no tomllib;
* ``src/lodestar/catalog/data/technologies.json`` from the TOML files in
  ``src/lodestar/catalog/data/technologies/``: the same entries already parsed, so that loading
  the technology catalog stays fast.

Run this after editing any of them (a test fails until you do)::

    .venv/bin/python scripts/compile_catalogs.py

The output is deterministic: unchanged sources give byte-identical files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lodestar.catalog import languages, technology_files

DATA = Path(__file__).resolve().parent.parent / "src/lodestar/catalog/data"
CATALOGS: tuple[tuple[str, Callable[[], str]], ...] = (
    (languages.COMPILED, languages.compile_shipped),
    (technology_files.COMPILED, technology_files.compile_shipped),
)


def main() -> int:
    for name, compile_shipped in CATALOGS:
        output = DATA / name
        text = compile_shipped()
        if output.is_file() and output.read_text("utf-8") == text:
            print(f"{output} is up to date")  # noqa: T201 - a script reports what it did
            continue
        output.write_text(text, "utf-8")
        print(f"wrote {output}")  # noqa: T201 - a script reports what it did
    return 0


if __name__ == "__main__":
    sys.exit(main())
