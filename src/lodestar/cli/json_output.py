"""JSON on stdout, as every ``--json`` option prints it (re-exported by :mod:`lodestar.cli.output`).

Apart from the consoles so that a command printing JSON loads neither Typer nor Rich.
"""

from __future__ import annotations

import json
import sys

from lodestar.render import json_safe
from lodestar.render.presentation import to_jsonable

__all__ = ["json_document", "print_json"]


def print_json(data: object) -> None:
    """Write ``data`` (dataclasses, enums and containers allowed) as JSON on stdout."""
    sys.stdout.write(json_document(data) + "\n")


def json_document(data: object) -> str:
    """``data`` as indented JSON, readable (not ASCII-only) yet inert in a terminal: control,
    format and bidi characters inside strings are ``\\uXXXX`` escapes."""
    return json_safe(json.dumps(to_jsonable(data), indent=2, ensure_ascii=False))
