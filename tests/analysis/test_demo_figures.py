"""The demo organisation, scanned and mined, shows what the history analyses are for.

A repository with truck factor 1 whose owner departed (legacy-billing), and a hotspot whose
history runs through a rename (orders-api's routes module, app/ -> src/orders/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine

from lodestar.analysis.delivery import delivery
from lodestar.analysis.hotspots import hotspots
from lodestar.analysis.knowledge import knowledge_risk
from lodestar.analysis.presence import Presence, last_commits, presences
from lodestar.demo import build_demo_organisation
from lodestar.demo.cast import WINDOW_END
from lodestar.records import RepoHistory
from lodestar.store.current import current_files
from lodestar.store.history import organisation_history

GREGOR = "gregor.lindqvist@northwind-labs.example"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from lodestar.ingest import ScanOptions, mine_repository, refresh_people, run_scan
    from lodestar.scan.discover import discover
    from lodestar.store.db import database

    root = tmp_path_factory.mktemp("northwind")
    build_demo_organisation(root)
    refs = discover([root / "repos"], max_depth=4)
    with database(f"sqlite:///{root / 'lodestar.db'}") as db:
        run_scan(db, refs, ScanOptions(workers=1))
        for ref in refs:
            mine_repository(db, ref)
        refresh_people(db)
    reader = create_engine(f"sqlite:///{root / 'lodestar.db'}")
    yield reader
    reader.dispose()


@pytest.fixture(scope="module")
def histories(engine: Engine) -> dict[str, RepoHistory]:
    return {h.repository.rsplit("/", 1)[-1]: h for h in organisation_history(engine)}


def test_truck_factor_one_and_a_departed_owner(
    engine: Engine, histories: dict[str, RepoHistory]
) -> None:
    last = last_commits(histories.values())
    status = presences(last, WINDOW_END)
    assert status[GREGOR] == Presence.DEPARTED
    billing = histories["legacy-billing"]
    files = current_files(engine, billing.repository)[billing.repository]
    risk = knowledge_risk(billing, files, status, last)
    assert risk.truck_factor.value == 1
    assert risk.truck_factor.people == (GREGOR,)
    assert risk.active_truck_factor.value == 0
    (owner,) = risk.departed_owners
    assert owner.name == "Gregor Lindqvist"
    assert owner.sole_files == risk.files  # every own file of the service is his alone
    assert risk.island_share == 1.0


def test_routes_hotspot_through_the_rename(
    engine: Engine, histories: dict[str, RepoHistory]
) -> None:
    orders = histories["orders-api"]
    files = current_files(engine, orders.repository)[orders.repository]
    spots, folders = hotspots(orders, files)
    top, second = spots[0], spots[1]
    assert top.path == "src/orders/api/routes.py"
    assert top.revisions >= 3 * second.revisions
    assert top.score >= 10 * second.score
    assert folders[0].path.startswith("src")
    # Its history starts before the move from app/ to src/orders/.
    renamed = next(
        c
        for c in orders.commits
        for ch in c.changes
        if ch.path == "src/orders/api/routes.py" and ch.old_path
    )
    assert top.revisions > sum(
        1
        for c in orders.commits
        if c.authored_at >= renamed.authored_at
        and any(ch.path == "src/orders/api/routes.py" for ch in c.changes)
    )


def test_orders_api_releases_and_fixes(histories: dict[str, RepoHistory]) -> None:
    d = delivery(histories["orders-api"])
    assert [r.tag for r in d.releases][:2] == ["v1.0.0", "v1.1.0"]
    assert d.reverts >= 1
    assert d.hotfixes >= 1
    assert d.lead_median_days is not None
    assert d.lead_p90_days is not None
    assert d.lead_p90_days >= d.lead_median_days


def test_everyone_else_is_still_around(histories: dict[str, RepoHistory]) -> None:
    status = presences(last_commits(histories.values()), WINDOW_END)
    assert sorted(p for p, s in status.items() if s == Presence.DEPARTED) == [GREGOR]


def test_mailmap_joins_dmitri_in_the_figures(
    engine: Engine, histories: dict[str, RepoHistory]
) -> None:
    orders = histories["orders-api"]
    authors = {c.author_email for c in orders.commits}
    assert "dvolkov@users.noreply.github.com" not in authors
    files = current_files(engine, orders.repository)[orders.repository]
    status = presences(last_commits(histories.values()), WINDOW_END)
    risk = knowledge_risk(orders, files, status)
    assert risk.truck_factor.people == ("dmitri.volkov@northwind-labs.example",)
