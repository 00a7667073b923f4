"""The database: migrations bring it to the model, and a second open migrates nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from lodestar.store.db import current_revision, database
from lodestar.store.schema import metadata

HEAD = "0013"


def test_migrations_match_the_model(engine: Engine, database_url: str) -> None:
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    with database(database_url) as again:  # a second open migrates nothing
        assert current_revision(again) == HEAD
