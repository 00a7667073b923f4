"""Reading stored history: an unknown repository is the user's error, named."""

from __future__ import annotations

from pathlib import Path

from lodestar.store.db import open_engine
from lodestar.store.history import repository_history


def test_repository_history_of_unknown_repository_is_a_usage_error(tmp_path: Path) -> None:
    import pytest

    from lodestar.errors import UsageError

    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(UsageError, match="no repository named"):
        repository_history(engine, "nope")
    engine.dispose()
