"""An output folder Lodestar writes a whole tree into (the static site, the public radar).

:func:`prepare_output` creates the folder, or empties it when it holds Lodestar's own earlier
output (its ``marker`` file is there); any other non-empty folder, or a file, is refused with a
usage error, so a mistyped path never deletes someone's files. Symbolic links inside are
removed, never followed.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from lodestar.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["prepare_output"]


def prepare_output(out: Path, marker: str, *, what: str, note: str) -> None:
    """Make ``out`` an empty folder holding only ``marker`` (with ``note`` as its text);
    ``what`` names the output in the refusals ("the site", "a public radar")."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; pass a folder for {what}")
    if out.is_dir() and any(out.iterdir()):
        if not (out / marker).is_file():
            raise UsageError(f"{out} is not empty and holds no {what}; pass an empty or new folder")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / marker).write_text(note, "utf-8")
