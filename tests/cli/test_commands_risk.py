"""lodestar risk / hotspots / releases / experts on a small organisation built with git.

Two repositories, scanned (which mines their history) into the store; every expected figure is
worked out below.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.factory import Author, Commit, build_repository

runner = CliRunner()

GREG = Author("Greg Old", "greg@example.com")
ANN = Author("Ann Lee", "ann@example.com")
BOB = Author("Bob Ray", "bob@example.com")
BOT = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
AS_OF = "2025-10-01"


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, 0, tzinfo=UTC)


def _routes(i: int) -> str:
    return "\n".join(f"r{j} = {i}" for j in range(10)) + "\n"  # 10 lines of code


def _models(i: int) -> str:
    return "\n".join(f"m{j} = {i}" for j in range(4)) + "\n"  # 4 lines of code


def _billing() -> list[Commit]:
    return [
        Commit(
            GREG,
            _at(1, 6),
            "Import billing",
            {"billing/invoices.py": "a = 1\n", "billing/tasks.py": "t = 1\n", "README.md": "# b\n"},
        ),
        Commit(GREG, _at(1, 10), "Add totals", {"billing/invoices.py": "a = 2\n"}, tag="v1.0.0"),
        Commit(GREG, _at(2, 3), "Fix totals", {"billing/invoices.py": "a = 3\n"}),
        Commit(ANN, _at(9, 1), "Document billing", {"README.md": "# billing\n"}),
    ]


def _shop() -> list[Commit]:
    out = []
    for i in range(5):  # s1..s5 on 3-7 March: routes and models together
        who = ANN if i % 2 == 0 else BOB
        out.append(
            Commit(
                who,
                _at(3, 3 + i),
                "Create shop" if i == 0 else f"Change {i}",
                {"shop/routes.py": _routes(i), "shop/models.py": _models(i)},
                tag="v0.1.0" if i == 4 else None,
            )
        )
    out.append(Commit(BOB, _at(3, 10), 'Revert "Change 4"', {"shop/routes.py": _routes(5)}))
    out.append(
        Commit(
            ANN, _at(3, 12), "Hotfix: price rounding", {"shop/routes.py": _routes(6)}, tag="v0.1.1"
        )
    )
    return out


def _tools() -> list[Commit]:
    return [
        Commit(ANN, _at(2, 10), "Add the cli", {"tools/cli.py": "c = 1\nd = 2\ne = 3\n"}),
        Commit(BOT, _at(2, 11), "Bump c", {"tools/cli.py": "c = 2\nd = 2\ne = 3\n"}),
        Commit(BOB, _at(2, 12), "Rename the cli", renames={"tools/cli.py": "tools/main.py"}),
        Commit(
            BOB,
            _at(2, 13),
            "Tune d",
            {"tools/main.py": "c = 2\nd = 3\ne = 3\n"},
            branch="feature",
        ),
        Commit(ANN, _at(2, 14), "Add util", {"tools/util.py": "u = 1\n"}),
        Commit(ANN, _at(2, 15), "Merge branch 'feature'", merge="feature"),
    ]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("risk")
    build_repository(root / "repos" / "billing", _billing())
    build_repository(root / "repos" / "shop", _shop())
    build_repository(root / "repos" / "tools", _tools())
    ws = root / "ws"
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{root / 'store.db'}"}
    result = runner.invoke(app, ["init", str(ws), "--source", str(root / "repos")], env=env)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["-w", str(ws), "scan"], env=env)
    assert result.exit_code == 0, result.output
    return ws


def _run(org: Path, *args: str) -> dict:  # type: ignore[type-arg]
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{org.parent / 'store.db'}"}
    result = runner.invoke(app, ["-w", str(org), *args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_risk(org: Path) -> None:
    data = _run(org, "risk", "--as-of", AS_OF)
    repos = {r["repository"]: r for r in data["repositories"]}
    billing, shop = repos["billing"], repos["shop"]
    # billing: two Python files, both Greg's alone (README is documentation). Greg's last
    # commit (3 Feb) is 240 days before 1 Oct: departed. TF 1, active TF 0.
    assert (billing["files"], billing["truck_factor"]["value"]) == (2, 1)
    assert billing["active_truck_factor"]["value"] == 0
    assert [o["name"] for o in billing["departed_owners"]] == ["Greg Old"]
    assert billing["departed_owners"][0]["sole_files"] == 2
    assert [(i["path"], i["reason"]) for i in billing["island_directories"]] == [("", "departed")]
    # shop/routes.py: Ann FA, DL 3, AC 3 = 4.391 + 0.492 - 0.321 ln 4 = 4.438;
    #   Bob DL 3, AC 3 = 3.340 -> 0.753 > 0.75 -> both authors.
    # shop/models.py: Ann FA, DL 2, AC 2 = 4.366; Bob DL 2, AC 2 = 3.268 < 3.293 -> Ann only.
    # TF: remove Ann (2 files) -> 1/2 = 50% -> remove Bob -> TF 2.
    # Bob's last commit (10 Mar) is 205 days old: departed; Ann committed in billing on
    # 1 Sep, so she is active across the organisation. Without Bob: Ann covers both -> 1.
    assert shop["truck_factor"]["value"] == 2
    assert shop["truck_factor"]["people"] == ["ann@example.com", "bob@example.com"]
    assert shop["active_truck_factor"]["value"] == 1
    assert shop["departed_owners"][0]["name"] == "Bob Ray"
    assert shop["departed_owners"][0]["sole_files"] == 0
    # tools/main.py (created as tools/cli.py): Ann FA, AC 2 (Bob's rename and change; the
    # bot's bump counts for nothing) = 4.391 - 0.321 ln 3 = 4.038; Bob DL 2 = 3.621 (0.897)
    # -> both authors. tools/util.py: Ann alone. TF: remove Ann -> 1/2 -> remove Bob -> 2.
    # Without departed Bob, Ann covers both files -> 1.
    tools = repos["tools"]
    assert (tools["files"], tools["truck_factor"]["value"]) == (2, 2)
    assert tools["active_truck_factor"]["value"] == 1
    assert data["unscanned"] == []
    only_shop = _run(org, "risk", "shop", "--as-of", AS_OF)
    assert [r["repository"] for r in only_shop["repositories"]] == ["shop"]


def test_hotspots(org: Path) -> None:
    data = _run(org, "hotspots", "shop")
    # routes.py: 7 commits x 10 lines = 70; models.py: 5 x 4 = 20.
    assert [(h["path"], h["revisions"], h["code"], h["score"]) for h in data["files"]] == [
        ("shop/routes.py", 7, 10, 70),
        ("shop/models.py", 5, 4, 20),
    ]
    assert data["directories"][0]["path"] == "shop"
    # Coupling: 5 shared commits / mean (7 + 5) / 2 = 6 -> 83.3%.
    (pair,) = data["coupling"]["pairs"]
    assert (pair["path"], pair["coupled"], pair["shared"], pair["degree"]) == (
        "shop/models.py",
        "shop/routes.py",
        5,
        83.3,
    )


def test_hotspot_follows_the_rename_and_leaves_bots_and_merges_out(org: Path) -> None:
    # tools/main.py: Ann's creation (as cli.py), Bob's rename, Bob's change on the merged
    # branch = 3 revisions of 3 lines; the bot's bump and the merge commit do not count.
    data = _run(org, "hotspots", "tools")
    assert [(h["path"], h["revisions"], h["score"]) for h in data["files"]] == [
        ("tools/main.py", 3, 9),
        ("tools/util.py", 1, 1),
    ]
    with_bots = _run(org, "hotspots", "tools", "--bots")
    assert with_bots["files"][0]["revisions"] == 4


def test_releases(org: Path) -> None:
    data = _run(org, "releases", "shop")
    (shop,) = data["repositories"]
    # v0.1.0 (7 Mar) ships s1-s5: 4, 3, 2, 1, 0 days; v0.1.1 (12 Mar) ships the revert
    # (2 days) and the hotfix (0). All [0, 0, 1, 2, 2, 3, 4]: median 2, p90 (7th of 7) 4.
    assert [(r["tag"], r["changes"], r["lead_median_days"]) for r in shop["releases"]] == [
        ("v0.1.0", 5, 2.0),
        ("v0.1.1", 2, 1.0),
    ]
    assert (shop["lead_median_days"], shop["lead_p90_days"]) == (2.0, 4.0)
    assert (shop["reverts"], shop["hotfixes"], shop["change_failure_signal"]) == (1, 1, 1.0)
    everything = _run(org, "releases")
    assert [r["repository"] for r in everything["repositories"]] == ["billing", "shop", "tools"]


def test_experts(org: Path) -> None:
    data = _run(org, "experts", "python", "--as-of", AS_OF)
    (python,) = data["experts"]
    people = {p["name"]: (p["commits"], p["presence"]) for p in python["people"]}
    # Ann: 4 shop and 2 tools commits; Bob: 3 shop and 2 tools commits (rename included);
    # Greg: 3 billing commits (departed). The bot and the merge count for nobody.
    assert people == {
        "Ann Lee": (6, "active"),
        "Bob Ray": (5, "departed"),
        "Greg Old": (3, "departed"),
    }
    thin = _run(org, "experts", "--as-of", AS_OF)["thin_coverage"]
    assert {"technology": "Python", "kind": "language"}.items() <= thin[0].items()
    assert thin[0]["active_experts"] == ["Ann Lee"]


def test_errors_are_one_line(org: Path) -> None:
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{org.parent / 'store.db'}"}
    result = runner.invoke(app, ["-w", str(org), "experts", "cobol"], env=env)
    assert result.exit_code == 2
    assert "nobody has changed files of 'cobol'" in result.output
    result = runner.invoke(app, ["-w", str(org), "risk", "--as-of", "yesterday"], env=env)
    assert result.exit_code == 2
    result = runner.invoke(app, ["-w", str(org), "hotspots", "nowhere"], env=env)
    assert result.exit_code == 2
    result = runner.invoke(app, ["-w", str(org), "releases", "--tag-pattern", "v(("], env=env)
    assert result.exit_code == 2
    assert "--tag-pattern 'v(('" in result.output


def test_without_mined_history(tmp_path: Path) -> None:
    build_repository(tmp_path / "repos" / "billing", _billing())
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    ws = tmp_path / "ws"
    assert (
        runner.invoke(app, ["init", str(ws), "-s", str(tmp_path / "repos")], env=env).exit_code == 0
    )
    result = runner.invoke(app, ["-w", str(ws), "scan", "--no-history"], env=env)
    assert result.exit_code == 0, result.output
    for args in (["risk"], ["releases"], ["experts"], ["hotspots", "billing"]):
        result = runner.invoke(app, ["-w", str(ws), *args], env=env)
        assert result.exit_code == 2, args
        assert "no mined history" in result.output, args
