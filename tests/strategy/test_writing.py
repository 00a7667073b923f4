"""strategy/writing.py: the steps ``decision new``/``supersede``/``import`` and ``radar import``
take on a workspace's files, without the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.catalog.technologies import load_catalog
from lodestar.errors import UsageError
from lodestar.settings import init_workspace
from lodestar.strategy import load_strategy
from lodestar.strategy.writing import (
    find_decision,
    import_radar,
    supersede_decision,
    write_decision,
    write_files,
)

from .samples import FILES


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    init_workspace(ws, name="Test", sources=[])
    for rel, text in FILES.items():
        (ws / rel).write_text(text, "utf-8")
    return ws


def test_write_decision_takes_a_free_id_and_checks_governed_ids(root: Path) -> None:
    catalog = load_catalog(())
    day = dt.date(2026, 11, 20)
    decision_id, path = write_decision(
        root, "Use PostgreSQL 17", day, catalog=catalog, governs=["postgresql"], makers=["Dana"]
    )
    assert (decision_id, path) == (
        "ADR-20261120-use-postgresql-17",
        root / "decisions" / "ADR-20261120-use-postgresql-17.md",
    )
    again, _ = write_decision(root, "Use PostgreSQL 17", day, catalog=catalog)
    assert again == "ADR-20261120-use-postgresql-17-2"
    with pytest.raises(UsageError, match="did you mean 'postgresql'"):
        write_decision(root, "Use Postgres", day, catalog=catalog, governs=["Postgres"])
    assert find_decision(load_strategy(root), decision_id).title == "Use PostgreSQL 17"


def test_supersede_decision_links_both_ways(root: Path) -> None:
    new_id, new_path = write_decision(
        root, "Use PostgreSQL 17", dt.date(2026, 11, 20), catalog=load_catalog(())
    )
    with pytest.raises(UsageError, match="cannot supersede itself"):
        supersede_decision(root, new_id, new_id)
    with pytest.raises(UsageError, match="no decision 'ADR-nope'"):
        supersede_decision(root, "ADR-nope", new_id)
    supersede_decision(root, "ADR-20250310-postgres-default", new_id, accept=True)
    old = find_decision(load_strategy(root), "ADR-20250310-postgres-default")
    assert old.status == "superseded"
    assert "\nstatus: accepted\n" in new_path.read_text("utf-8")


def test_write_files_keeps_what_exists_unless_overwriting(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old", "utf-8")
    files = {"a.md": "new", "sub/b.md": "b"}
    assert write_files(tmp_path, files, overwrite=False) == (["sub/b.md"], ["a.md"])
    assert (tmp_path / "a.md").read_text("utf-8") == "old"
    assert write_files(tmp_path, files, overwrite=True) == (["a.md", "sub/b.md"], [])
    assert (tmp_path / "a.md").read_text("utf-8") == "new"


def test_import_radar_tells_the_format_or_refuses(root: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot tell the format"):
        import_radar(root, tmp_path / "radar.txt", "auto")
    with pytest.raises(UsageError, match="does not exist"):
        import_radar(root, tmp_path / "radar.csv", "auto")
