"""The jobs' tests share one fixture: a migrated database of each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from lodestar.store import open_engine


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = open_engine(database_url)
    yield eng
    eng.dispose()
