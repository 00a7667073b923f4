"""Hotspots (revisions * code) and code-maat style change coupling, on hand-built histories."""

from __future__ import annotations

import pytest
from tests.analysis.histories import BOT, Log, stat, when

from lodestar.analysis.hotspots import change_coupling, hotspots
from lodestar.records import FileKind

ALICE = "alice@example.com"
BOB = "bob@example.com"


def _routes_log() -> Log:
    log = Log()
    log.commit(ALICE, 0, "src/api/routes.py", "src/api/models.py", "src/util.py")  # 1
    log.commit(ALICE, 1, "src/api/routes.py", "src/api/models.py")  # 2
    log.commit(BOB, 2, "src/api/routes.py")  # 3
    log.commit(BOB, 3, "src/api/routes.py")  # 4
    log.commit(ALICE, 4, "src/api/routes.py")  # 5
    log.commit(BOB, 5, "src/api/routes.py")  # 6
    for day in (6, 7, 8):
        log.commit(BOT, day, "src/api/routes.py")
    for day in range(9, 19):
        log.commit(ALICE, day, "vendor/x.py")
    return log


FILES = [
    stat("src/api/routes.py", 200),
    stat("src/api/models.py", 100),
    stat("src/util.py", 50),
    stat("vendor/x.py", 1000, kind=FileKind.VENDORED),
]


def test_file_and_directory_hotspots() -> None:
    files, folders = hotspots(_routes_log().history(), FILES)
    # routes: commits 1-6 (bots left out) x 200 = 1200; models: 1-2 x 100 = 200; util: 1 x 50.
    # The vendored file changed ten times but is not own code.
    assert [(h.path, h.revisions, h.code, h.score) for h in files] == [
        ("src/api/routes.py", 6, 200, 1200),
        ("src/api/models.py", 2, 100, 200),
        ("src/util.py", 1, 50, 50),
    ]
    assert files[0].authors == 2
    assert files[0].last_change == when(5)
    # src/api: distinct commits 1-6 x (200 + 100) = 1800; src: commits 1-6 x 350 = 2100.
    assert [(h.path, h.revisions, h.code, h.score) for h in folders] == [
        ("src", 6, 350, 2100),
        ("src/api", 6, 300, 1800),
    ]


def test_hotspots_with_bots_since_and_top() -> None:
    log = _routes_log()
    files, _ = hotspots(log.history(), FILES, include_bots=True, top=1)
    assert [(h.path, h.revisions, h.score) for h in files] == [("src/api/routes.py", 9, 1800)]
    # From day 2: routes has commits 3-6; models and util have none and drop out (score 0).
    files, _ = hotspots(log.history(), FILES, since=when(2))
    assert [(h.path, h.revisions, h.score) for h in files] == [("src/api/routes.py", 4, 800)]


def test_hotspot_follows_renames() -> None:
    log = Log()
    log.commit(ALICE, 0, "app/routes.py")
    log.commit(ALICE, 1, "app/routes.py")
    log.commit(BOB, 2, "app/routes.py->src/routes.py")
    log.commit(BOB, 3, "src/routes.py")
    files, _ = hotspots(log.history(), [stat("src/routes.py", 10)])
    assert [(h.path, h.revisions, h.score) for h in files] == [("src/routes.py", 4, 40)]


def _coupling_log() -> Log:
    log = Log()
    for day in range(6):
        log.commit(ALICE, day, "a.py", "b.py")  # a-b together six times
    log.commit(BOB, 6, "a.py", "c.py")
    log.commit(BOB, 7, "a.py", "c.py")
    log.commit(ALICE, 8, "a.py", "b.py", *(f"gen/f{i}.py" for i in range(29)))  # 31 files
    for day in (9, 10, 11):
        log.commit(BOB, day, "c.py")
    return log


COUPLING_FILES = [stat("a.py"), stat("b.py"), stat("c.py")] + [
    stat(f"gen/f{i}.py") for i in range(29)
]


def test_change_coupling_code_maat_rules() -> None:
    log = _coupling_log()
    # The 31-file commit is over the cut-off (30) and ignored: revisions a 8, b 6, c 5.
    # a-b: 6 shared / mean (8 + 6) / 2 = 7 -> 85.7%. a-c: 2 shared < 5 -> left out.
    (pair,) = change_coupling(log.history(), COUPLING_FILES)
    assert (pair.path, pair.coupled, pair.shared, pair.mean_revisions) == ("a.py", "b.py", 6, 7)
    assert pair.degree == pytest.approx(85.7)
    # With min_shared 2: a-c is 2 / 6.5 = 30.8% >= 30%.
    pairs = change_coupling(log.history(), COUPLING_FILES, min_shared=2)
    assert [(p.path, p.coupled, p.degree) for p in pairs] == [
        ("a.py", "b.py", 85.7),
        ("a.py", "c.py", 30.8),
    ]
    # Raising the cut-off to 40 counts the big commit: a 9, b 7, shared 7 -> 7 / 8 = 87.5%.
    (pair,) = change_coupling(log.history(), COUPLING_FILES, max_changeset=40)
    assert (pair.shared, pair.degree) == (7, 87.5)
    # min_degree above every pair: nothing.
    assert change_coupling(log.history(), COUPLING_FILES, min_degree=90) == []
