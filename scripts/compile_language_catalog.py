"""Regenerate ``src/lodestar/catalog/data/languages.json`` from ``languages.toml``.

``languages.toml`` is the source of truth (and the shape a workspace's additions use); the JSON
file is the same document already parsed, stamped with the TOML's SHA-256, so that loading the
catalog does not need tomllib. Run this after editing the TOML (a test fails until you do)::

    .venv/bin/python scripts/compile_language_catalog.py

The output is deterministic: an unchanged source gives a byte-identical file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lodestar.catalog.languages import COMPILED, compile_shipped

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
