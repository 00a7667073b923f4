"""The read-only engine the cockpit opens: writes are refused at the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lodestar.errors import StoreError
from lodestar.store.db import database
from lodestar.store.readonly import open_read_only


def test_store_is_opened_read_only(database_url: str, tmp_path: Path) -> None:
    with database(database_url):
        pass
    engine = open_read_only(database_url)
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError):
            conn.execute(
                text(
                    "INSERT INTO repositories (name, path, bare, first_seen) "
                    "VALUES ('x', '/x', false, CURRENT_TIMESTAMP)"
                )
            )
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="lodestar scan"):
        open_read_only(f"sqlite:///{tmp_path / 'absent.db'}")
