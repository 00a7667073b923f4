"""Monthly snapshots: the technology and dependency set at the last commit of each month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine
from tests.history.histories import ALICE, BOB, day

from lodestar.demo.factory import Commit, build_repository
from lodestar.ingest import mine_repository, update_snapshots
from lodestar.records import RepositoryRef
from lodestar.store.history import monthly_snapshots


def _commits() -> list[Commit]:
    return [
        Commit(ALICE, day(1, 5), "start", files={"requirements.txt": "requests==2.31.0\n"}),
        Commit(ALICE, day(1, 25), "app", files={"app.py": "import requests\n"}),
        Commit(BOB, day(2, 10), "docs", files={"README.md": "hello\n"}),
        Commit(
            BOB,
            day(3, 3),
            "flask",
            files={
                "requirements.txt": "requests==2.32.0\nflask==3.0.0\n",
                "Dockerfile": "FROM python:3.12-slim\n",
            },
        ),
        # a side branch in March, merged in April: only the main line's month ends count
        Commit(ALICE, day(3, 20), "side", files={"side.txt": "x\n"}, branch="side"),
        Commit(BOB, day(4, 2), "merge side", merge="side"),
    ]


def test_month_ends_along_the_main_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "app"
    build_repository(path, _commits())
    ref = RepositoryRef("app", str(path))
    mine_repository(engine, ref)
    result = update_snapshots(engine, ref)
    # January, February (manifests unchanged: reused), March, April (unchanged: reused)
    assert (result.months, result.computed, result.parses) == (4, 4, 2)
    snaps = monthly_snapshots(engine, "app")
    assert [s.month for s in snaps] == [dt.date(2025, m, 1) for m in (1, 2, 3, 4)]
    jan, feb, mar, apr = snaps
    subjects_by_sha = {}  # the snapshot commit is the month's last main-line commit
    from lodestar.store.history import repository_history

    for c in repository_history(engine, "app").commits:
        subjects_by_sha[c.sha] = c.subject
    assert [subjects_by_sha[s.commit] for s in snaps] == ["app", "docs", "flask", "merge side"]
    assert {d.purl for d in jan.dependencies} == {"pkg:pypi/requests@2.31.0"}
    assert jan.dependencies == feb.dependencies
    assert {d.purl for d in mar.dependencies} >= {
        "pkg:pypi/requests@2.32.0",
        "pkg:pypi/flask@3.0.0",
    }
    assert "flask" in mar.technologies and "flask" not in jan.technologies
    assert "docker" in mar.technologies
    assert "python" in jan.technologies
    assert [(r.product, r.version) for r in mar.runtimes if r.product == "python"] == [
        ("python", "3.12")
    ]
    assert apr.technologies == mar.technologies


def test_snapshots_are_incremental(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "app"
    build_repository(path, _commits())
    ref = RepositoryRef("app", str(path))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    again = update_snapshots(engine, ref)
    assert (again.months, again.computed) == (4, 0)
    assert len(monthly_snapshots(engine)) == 4


def test_snapshots_of_an_older_scanner_are_redone(engine: Engine, tmp_path: Path) -> None:
    from sqlalchemy import update

    from lodestar.store.schema import monthly_snapshots as table

    path = tmp_path / "app"
    build_repository(path, _commits())
    ref = RepositoryRef("app", str(path))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    with engine.begin() as conn:  # as a store written before this scanner version would be
        conn.execute(update(table).values(scanner=0))
    again = update_snapshots(engine, ref)
    assert (again.months, again.computed) == (4, 4)
    assert update_snapshots(engine, ref).computed == 0
    assert len(monthly_snapshots(engine)) == 4


def test_trend_of_a_technology_and_of_a_package(engine: Engine, tmp_path: Path) -> None:
    from lodestar.analysis.trend import trend

    build_repository(tmp_path / "app", _commits())
    build_repository(
        tmp_path / "web",
        [Commit(ALICE, day(1, 15), "web", files={"requirements.txt": "flask==2.3.0\n"})],
    )
    for name in ("app", "web"):
        ref = RepositoryRef(name, str(tmp_path / name))
        mine_repository(engine, ref)
        update_snapshots(engine, ref)
    snaps = monthly_snapshots(engine)
    flask = trend(snaps, "flask")
    assert flask.kind == "technology"
    assert [(p.month.month, p.repositories) for p in flask.points] == [
        (1, ("web",)),
        (2, ("web",)),  # web has no commit after January: its January state carries on
        (3, ("app", "web")),
        (4, ("app", "web")),
    ]
    package = trend(snaps, "pkg:pypi/flask@9.9")  # the version in the argument is ignored
    assert package.subject == "pkg:pypi/flask"
    assert [(p.month.month, p.versions) for p in package.points] == [
        (1, {"2.3.0": 1}),
        (2, {"2.3.0": 1}),
        (3, {"2.3.0": 1, "3.0.0": 1}),
        (4, {"2.3.0": 1, "3.0.0": 1}),
    ]
    assert package.repositories == ("app", "web")
    assert trend(snaps, "pkg:pypi/nothing").repositories == ()


def test_trend_of_a_runtime_shows_the_declared_versions(engine: Engine, tmp_path: Path) -> None:
    from lodestar.analysis.trend import trend

    build_repository(tmp_path / "app", _commits())
    ref = RepositoryRef("app", str(tmp_path / "app"))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    python = trend(monthly_snapshots(engine), "python")
    # the Dockerfile (python:3.12-slim) arrives in March; before, Python by language only
    assert [(p.month.month, p.versions) for p in python.points] == [
        (1, {}),
        (2, {}),
        (3, {"3.12": 1}),
        (4, {"3.12": 1}),
    ]
    assert python.repositories == ("app",)


def test_trend_orders_versions_naturally() -> None:
    from lodestar.analysis.trend import trend
    from lodestar.records import MonthlySnapshot, RuntimeDeclaration

    def snap(repo: str, month: int, version: str) -> MonthlySnapshot:
        runtime = RuntimeDeclaration("python", version, f"python:{version}", "Dockerfile")
        return MonthlySnapshot(repo, dt.date(2025, month, 1), "0" * 40, runtimes=(runtime,))

    result = trend([snap("a", 1, "3.12"), snap("b", 1, "3.6"), snap("c", 2, "3.10")], "python")
    assert [list(p.versions) for p in result.points] == [
        ["3.6", "3.12"],
        ["3.6", "3.10", "3.12"],
    ]


def test_snapshots_follow_a_rewritten_history(engine: Engine, tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "app"
    build_repository(path, _commits())
    ref = RepositoryRef("app", str(path))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    shutil.rmtree(path)  # force-pushed: January and a new February only
    head = build_repository(
        path,
        [
            *_commits()[:2],
            Commit(BOB, day(2, 20), "flask now", files={"requirements.txt": "flask==3.1.0\n"}),
        ],
    )
    assert mine_repository(engine, ref).status == "replaced"
    result = update_snapshots(engine, ref)
    assert (result.months, result.computed) == (2, 1)  # January is the same commit: kept
    snaps = monthly_snapshots(engine, "app")
    assert [s.month.month for s in snaps] == [1, 2]
    assert snaps[1].commit == head
    assert {d.purl for d in snaps[1].dependencies} == {"pkg:pypi/flask@3.1.0"}


def test_snapshots_keep_the_dependency_licences(engine: Engine, tmp_path: Path) -> None:
    lock = (
        '{"name": "app", "lockfileVersion": 3, "packages": {'
        '"": {"name": "app", "dependencies": {"left-pad": "^1.3.0"}},'
        '"node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL"}}}'
    )
    manifest = '{"name": "app", "dependencies": {"left-pad": "^1.3.0"}}'
    files = {"package.json": manifest, "package-lock.json": lock}
    build_repository(tmp_path / "app", [Commit(ALICE, day(1, 5), "start", files=files)])
    ref = RepositoryRef("app", str(tmp_path / "app"))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    [snap] = monthly_snapshots(engine, "app")
    assert [(d.name, d.licence) for d in snap.dependencies] == [("left-pad", "WTFPL")]


def test_snapshots_leave_out_runtimes_under_test_fixtures(engine: Engine, tmp_path: Path) -> None:
    """A composer.json under tests/…/Fixtures/ is a manifest (its dependencies are flagged as
    fixtures) but declares no runtime, in a snapshot as in a scan (found on composer: php 5.3
    of a JSON fixture judged past end of life in every month, never in the current scan)."""
    fixture = '{"require": {"php": ">=5.3.2"}, "config": {"platform": {"php": "5.3.9"}}}\n'
    commits = [
        Commit(ALICE, day(1, 5), "start", files={
            "composer.json": '{"require": {"php": "^8.2"}}\n',
            "tests/Composer/Test/Json/Fixtures/composer.json": fixture,
        }),
    ]  # fmt: skip
    build_repository(tmp_path / "app", commits)
    ref = RepositoryRef("app", str(tmp_path / "app"))
    mine_repository(engine, ref)
    update_snapshots(engine, ref)
    (snap,) = monthly_snapshots(engine)
    assert {(r.product, r.path) for r in snap.runtimes} == {("php", "composer.json")}
