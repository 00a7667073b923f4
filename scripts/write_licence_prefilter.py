"""Rewrite the shipped licence prefilter, ``src/lodestar/catalog/data/licence_prefilter.json``.

A scan reads this file instead of building every licence model (0.15 s) to find the one or two
a licence file may hold (see ``lodestar.catalog.licences.licence_prefilters``). Run this after
the shipped texts (``scripts/update_licence_texts.py``) or the normalisation change; a test
(``tests/catalog/test_licence_catalog.py``) fails while the file is stale. Nothing here runs at
Lodestar's run time.

Usage::

    PYTHONPATH=src python scripts/write_licence_prefilter.py
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from lodestar.catalog.licences import PREFILTER_FILE, prefilter_document


def write_prefilter() -> Path:
    """Rewrite ``PREFILTER_FILE`` where the imported catalog lives (the source tree)."""
    target = Path(str(resources.files("lodestar.catalog").joinpath("data", PREFILTER_FILE)))
    document = prefilter_document()
    rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in document.pop("licences"))
    head = json.dumps(document, sort_keys=True)[:-1]
    target.write_text(f'{head}, "licences": [\n{rows}\n]}}\n', encoding="utf-8")
    return target


def main() -> int:
    sys.stdout.write(f"wrote {write_prefilter()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
