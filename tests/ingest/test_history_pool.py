"""History mined in parallel (worker processes) stores exactly what a sequential run stores.

The organisation holds the oddities real ones have: merges and renames and a binary file, a
commit with a +51800 offset, one without dates, one with a 30-digit date, tags of tags, a
partial clone, a shallow clone, a repository git cannot diff, an empty one, and one that is no
repository at all (its error is recorded, the others are mined). On SQLite the parent stores
what the workers read; on PostgreSQL each worker stores its own repository.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from tests.conftest import ALICE, BOB, T0, _empty_pg
from tests.history import literal
from tests.history.histories import build_sample
from tests.hostile_repos import partial_clone, shallow_clone, truncated_loose_object

from lodestar.demo.factory import Commit, build_repository
from lodestar.ingest import HistoryOptions, HistoryOutcome, run_history
from lodestar.records import RepositoryRef
from lodestar.store import open_engine
from lodestar.store.schema import metadata, monthly_snapshots, repositories

_TABLES = (
    "repositories",
    "history_tips",
    "commits",
    "file_changes",
    "tags",
    "identities",
    "people",
    "person_links",
    "monthly_snapshots",
    "snapshot_dependencies",
    "snapshot_technologies",
    "snapshot_runtimes",
)


def _tagged(repo: Path) -> None:
    """Odd dates (literal.odd_history) and a tag of a tag of a tag."""
    ids = literal.odd_history(repo)
    at = literal.at(T0)
    inner = literal.tag(repo, ids["c4"], "commit", "v1.1.0", f"{literal.ALICE} {at}")
    middle = literal.tag(repo, inner, "tag", "v1.1.0", f"{literal.ALICE} {at}")
    outer = literal.tag(repo, middle, "tag", "v1.1.0", f"{literal.ALICE} {at}")
    literal.update_ref(repo, "refs/tags/v1.1.0", outer)
    literal.update_ref(repo, "refs/tags/v1.0.0", ids["c2"])  # lightweight, on the +51800 commit


def _organisation(root: Path) -> list[RepositoryRef]:
    """Nine repositories with the oddities of real ones; the last one is no repository."""
    build_sample(root / "sample.git", bare=True)
    _tagged(root / "odd")
    partial, _origin = partial_clone(root / "partial", bare=True)
    shallow = shallow_clone(root / "shallow")
    truncated_loose_object(root / "corrupt.git")
    subprocess.run(
        ["git", "init", "--quiet", "--bare", str(root / "empty.git")], check=True, timeout=30
    )
    steps = [
        Commit(ALICE if i % 3 else BOB, T0 + dt.timedelta(days=20 * i), f"step {i}", files=files)
        for i, files in enumerate(
            [
                {"requirements.txt": "flask==2.0\n", "app.py": "print(1)\n"},
                {"requirements.txt": "flask==2.3\n"},
                {"package.json": '{"dependencies": {"express": "4.18.0"}}\n'},
                {"app.py": "print(2)\n" * 40},
            ]
        )
    ]
    build_repository(root / "deps", steps)
    (root / "broken.git").mkdir()
    (root / "broken.git" / "HEAD").write_text("ref: refs/heads/main\n")
    paths = [
        (root / "sample.git", True),
        (root / "odd", False),
        (partial, True),
        (shallow, False),
        (root / "corrupt.git", True),
        (root / "empty.git", True),
        (root / "deps", False),
        (root / "broken.git", True),
    ]
    return [RepositoryRef(p.name.removesuffix(".git"), str(p), bare) for p, bare in paths]


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every history table's rows, keyed by repository path and month instead of row ids, and
    without the moments the run happened (mined_at, first_seen)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        paths = dict(conn.execute(select(repositories.c.id, repositories.c.path)).all())
        months = {
            sid: (paths[rid], month)
            for sid, rid, month in conn.execute(
                select(
                    monthly_snapshots.c.id,
                    monthly_snapshots.c.repository_id,
                    monthly_snapshots.c.month,
                )
            )
        }
        for name in _TABLES:
            rows = []
            for row in conn.execute(select(metadata.tables[name])).mappings():
                kept = {
                    k: paths[v] if k == "repository_id" else months[v] if k == "snapshot_id" else v
                    for k, v in row.items()
                    if k not in ("id", "mined_at", "first_seen")
                }
                rows.append(tuple(sorted(kept.items(), key=lambda kv: kv[0])))
            out[name] = sorted(rows, key=repr)
    return out


def _reset(url: str, tmp_path: Path, run: str) -> str:
    """An empty database: a new SQLite file, or the PostgreSQL one emptied."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{run}.db'}"
    _empty_pg(url)
    return url


def _mine(url: str, refs: list[RepositoryRef], workers: int) -> tuple[Any, Any]:
    engine = open_engine(url)
    try:
        seen: list[str] = []
        summary = run_history(
            engine,
            refs,
            HistoryOptions(workers=workers),
            on_result=lambda o: seen.append(o.repository.path),
        )
        assert sorted(seen) == sorted(r.path for r in refs)  # every repository, once
        return summary, _dump(engine)
    finally:
        engine.dispose()


def test_parallel_mining_stores_what_sequential_mining_stores(
    database_url: str, tmp_path: Path
) -> None:
    refs = _organisation(tmp_path / "org")
    one, alone = _mine(_reset(database_url, tmp_path, "one"), refs, workers=1)
    two, pooled = _mine(_reset(database_url, tmp_path, "two"), refs, workers=2)
    assert [o.repository for o in two.outcomes] == refs  # the summary keeps the order of refs
    assert alone["commits"] and alone["monthly_snapshots"] and alone["tags"]
    assert pooled == alone
    for first, second in zip(one.outcomes, two.outcomes, strict=True):
        assert (first.error, first.stage) == (second.error, second.stage)
        if first.mined is not None:
            assert second.mined is not None
            assert first.mined.warnings == second.mined.warnings
            assert (first.mined.status, first.mined.commits, first.mined.changes) == (
                second.mined.status,
                second.mined.commits,
                second.mined.changes,
            )
    failed = {o.repository.name: o.stage for o in two.outcomes if o.error}
    assert failed == {"broken": "history"}  # recorded, and the eight others mined
    errors = {dict(r)["path"]: dict(r)["history_error"] for r in pooled["repositories"]}
    assert errors[str(tmp_path / "org" / "broken.git")] is not None
    assert sum(1 for e in errors.values() if e) == 1
    statuses = {o.repository.name: o.mined.status for o in two.outcomes if o.mined}
    assert statuses["empty"] == "empty" and statuses["sample"] == "mined"
    notes = {w.message.split(":")[0] for o in two.outcomes if o.mined for w in o.mined.warnings}
    assert {"partial clone", "shallow clone", "commits read without file changes"} <= notes


def test_a_parallel_rerun_appends_only_new_commits(database_url: str, tmp_path: Path) -> None:
    root = tmp_path / "org"
    refs = _organisation(root)[:2]
    url = _reset(database_url, tmp_path, "run")
    engine = open_engine(url)
    try:
        first = run_history(engine, refs, HistoryOptions(workers=2, snapshots=False))
        assert [o.mined.status for o in first.outcomes if o.mined] == ["mined", "mined"]
        again = run_history(engine, refs, HistoryOptions(workers=2, snapshots=False))
        assert [o.mined.status for o in again.outcomes if o.mined] == ["unchanged", "unchanged"]
        work = tmp_path / "work"
        subprocess.run(["git", "clone", "--quiet", str(root / "sample.git"), str(work)], check=True)
        (work / "new.py").write_text("print('new')\n")
        moment = "2025-06-01T10:00:00Z"
        env = {"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
        for args in (["add", "new.py"], ["commit", "--quiet", "-m", "new"], ["push", "--quiet"]):
            subprocess.run(
                ["git", "-c", "user.name=A", "-c", "user.email=a@example.com", *args],
                cwd=work,
                check=True,
                env={**env, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            )
        third = run_history(engine, refs, HistoryOptions(workers=2, snapshots=False))
        mined = {o.repository.name: o.mined for o in third.outcomes if o.mined}
        assert (mined["sample"].status, mined["sample"].commits) == ("appended", 1)
        assert mined["odd"].status == "unchanged"
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM commits")).scalar()
        assert count == first.commits + 1
    finally:
        engine.dispose()


class _Stop(KeyboardInterrupt):
    pass


def test_a_run_stopped_midway_keeps_the_repositories_it_finished(
    database_url: str, tmp_path: Path
) -> None:
    refs = _organisation(tmp_path / "org")[:7]  # every one of them can be mined
    url = _reset(database_url, tmp_path, "run")
    engine = open_engine(url)
    finished: list[HistoryOutcome] = []

    def stop_after_two(outcome: HistoryOutcome) -> None:
        finished.append(outcome)
        if len(finished) == 2:
            raise _Stop

    try:
        with pytest.raises(_Stop):
            run_history(engine, refs, HistoryOptions(workers=2), on_result=stop_after_two)
        dump = _dump(engine)
        tips = {dict(r)["repository_id"] for r in dump["history_tips"]}
        snapped = {dict(r)["repository_id"] for r in dump["monthly_snapshots"]}
        done = {o.repository.path for o in finished if o.mined and o.mined.tip}
        assert done <= tips and done <= snapped  # what was reported finished is stored
        if url.startswith("sqlite"):  # the parent is the one writer: it stored nothing more
            assert snapped == done
        again = run_history(engine, refs, HistoryOptions(workers=2))  # picks up where it stopped
        statuses = {o.repository.path: o.mined.status for o in again.outcomes if o.mined}
        assert all(statuses[p] == "unchanged" for p in done)
        assert not any(o.error for o in again.outcomes)
    finally:
        engine.dispose()
        shutil.rmtree(tmp_path / "org", ignore_errors=True)
