"""A small, realistic strategy workspace written into tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from .samples import FILES

WriteFiles = Callable[[Mapping[str, str]], Path]


@pytest.fixture
def workspace(tmp_path: Path) -> WriteFiles:
    """Write the realistic files, overridden/extended by ``files`` (None content: removed)."""

    def write(files: Mapping[str, str | None] = {}) -> Path:
        root = tmp_path / "ws"
        merged: dict[str, str | None] = {**FILES, **files}
        for rel, text in merged.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        return root

    return write  # type: ignore[return-value]
