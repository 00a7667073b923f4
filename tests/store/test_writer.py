"""Writing scans: one transaction per (repository, commit), read back by the queries (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from lodestar.records import FileKind, FileStat, RepoScan
from lodestar.store.queries import list_repositories, list_warnings, organisation_languages
from lodestar.store.schema import file_stats, scans
from lodestar.store.writer import save_scan

from .scans import sample_scan


def test_save_and_read_back(engine: Engine) -> None:
    save_scan(engine, sample_scan("c1"), 12)
    [row] = list_repositories(engine)
    assert (row.name, row.commit, row.own_code, row.files) == ("api", "c1", 10, 3)
    assert row.languages == (("Python", 10),)
    assert (row.licence, row.licence_status, row.licence_declared) == (
        "Apache-2.0",
        "mismatch",
        "MIT",
    )
    assert [(w.path, w.message) for w in list_warnings(engine)] == [("big.bin", "skipped: too big")]
    langs = {r.language: r.code for r in organisation_languages(engine)}
    assert langs == {"Python": 10}
    everything = {r.language: r.code for r in organisation_languages(engine, kind=None)}
    assert everything == {"Python": 10, "JavaScript": 40}


def test_rescan_same_commit_replaces_new_commit_adds(engine: Engine) -> None:
    save_scan(engine, sample_scan("c1", py_code=10), 1)
    save_scan(engine, sample_scan("c1", py_code=11), 1)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(file_stats)).scalar_one() == 3
    save_scan(engine, sample_scan("c2", py_code=20), 1)
    [row] = list_repositories(engine)
    assert (row.commit, row.own_code) == ("c2", 20)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 2


def test_failed_write_leaves_previous_scan_current(engine: Engine) -> None:
    save_scan(engine, sample_scan("c1"), 1)
    broken = sample_scan("c2")
    bad_file = FileStat("x" * 10, "Python", FileKind.OWN, 1, False, 1, 0, 0)
    object.__setattr__(bad_file, "code", "not a number")  # make the INSERT fail mid-transaction
    broken = RepoScan(**{**{f: getattr(broken, f) for f in broken.__slots__}, "files": (bad_file,)})  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017  any driver error will do
        save_scan(engine, broken, 1)
    [row] = list_repositories(engine)
    assert row.commit == "c1"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 1
