"""The store's tests share one fixture: a migrated database of each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from lodestar.store import database


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with database(database_url) as engine:
        yield engine
