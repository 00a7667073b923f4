"""Scanning many repositories: what has not changed is skipped, unless an older scanner made it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from lodestar.records import RepositoryRef
from lodestar.store.schema import scans


def test_a_scan_of_an_older_scanner_is_redone_on_an_unchanged_commit(
    engine: Engine, tmp_path: Path
) -> None:
    from sqlalchemy import update
    from tests.conftest import make_repo

    from lodestar.ingest import ScanOptions, run_scan
    from lodestar.scan.pipeline import SCANNER_VERSION

    make_repo(tmp_path / "svc", {"app.py": "print(1)\n"})
    ref = RepositoryRef("svc", str(tmp_path / "svc"))
    options = ScanOptions(workers=1)

    def statuses() -> list[str]:
        return [o.status for o in run_scan(engine, [ref], options).outcomes]

    assert statuses() == ["scanned"]
    assert statuses() == ["unchanged"]
    with engine.begin() as conn:  # as a store written by an older scanner would be
        conn.execute(update(scans).values(scanner=SCANNER_VERSION - 1))
    assert statuses() == ["scanned"]
    with engine.connect() as conn:
        assert set(conn.execute(select(scans.c.scanner)).scalars()) == {SCANNER_VERSION}
