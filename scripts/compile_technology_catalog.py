"""Regenerate ``src/lodestar/catalog/data/technologies.json`` from the reviewed TOML files.

The TOML files in ``src/lodestar/catalog/data/technologies/`` are the source of truth; the
JSON file is the same entries already parsed, so that loading the catalog stays fast. Run this
after editing any of them (a test fails until you do)::

    .venv/bin/python scripts/compile_technology_catalog.py

The output is deterministic: unchanged sources give a byte-identical file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lodestar.catalog.technology_files import COMPILED, compile_shipped

OUTPUT = Path(__file__).resolve().parent.parent / "src/lodestar/catalog/data" / COMPILED


def main() -> int:
    text = compile_shipped()
    if OUTPUT.is_file() and OUTPUT.read_text("utf-8") == text:
        print(f"{OUTPUT} is up to date")  # noqa: T201 - a script reports what it did
        return 0
    OUTPUT.write_text(text, "utf-8")
    print(f"wrote {OUTPUT}")  # noqa: T201 - a script reports what it did
    return 0


if __name__ == "__main__":
    sys.exit(main())
