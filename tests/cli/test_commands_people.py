"""People are people: one person under several identities counts once in every history figure.

Four repositories built with git, scanned through the CLI (which mines history and resolves
people). Each person below commits under identities that the email alone would keep apart; the
cases are the ones seen on real projects (vuejs/core, spring-petclinic, laravel).
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.factory import Author, Commit, build_repository

runner = CliRunner()
AS_OF = "2025-10-01"  # departed: no commit since 2025-04-04 (180 days)

# (d) one person: an org email, a personal email, a GitHub noreply address named by the login
EVAN_ORG = Author("Evan You", "evan@vuejs.org")
EVAN_GMAIL = Author("Evan You", "yyx990803@gmail.com")
EVAN_NOREPLY = Author("yyx990803", "1234+evan@users.noreply.github.com")
# (b) "Last, First"
DAVE = Author("Dave Syer", "dsyer@pivotal.io")
DAVE_REVERSED = Author("Syer, Dave", "dsyer@vmware.com")
# (c) diacritics
JOSE = Author("José Valim", "jose@plataformatec.example")
JOSE_PLAIN = Author("Jose Valim", "jose.valim@gmail.com")
# (a) same name, two emails
TAYLOR = Author("Taylor Otwell", "taylor@laravel.com")
TAYLOR_GMAIL = Author("Taylor Otwell", "taylorotwell@gmail.com")
# (e) different people under one single-word name
ROOT_1 = Author("root", "root@build1.example")
ROOT_2 = Author("root", "root@build2.example")
JOHN_1 = Author("John", "john@alpha.example")
JOHN_2 = Author("John", "john@beta.example")
# (f) two people with one full name, kept apart by a people.toml split
CHRIS_1 = Author("Chris Lee", "chris@alpha.example")
CHRIS_2 = Author("Chris Lee", "chris.lee@beta.example")

PEOPLE_TOML = """\
[[split]]
emails = ["chris@alpha.example", "chris.lee@beta.example"]
reason = "two different people"
"""


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, 0, tzinfo=UTC)


def _code(tag: str, lines: int = 6) -> str:
    return "".join(f"{tag}_{i} = {i}\n" for i in range(lines))


def _vue() -> list[Commit]:
    return [
        Commit(EVAN_ORG, _at(1, 6), "Core", {"core/a.py": _code("a"), "core/b.py": _code("b")}),
        Commit(EVAN_ORG, _at(2, 6), "Tune a", {"core/a.py": _code("a2")}),
        Commit(EVAN_NOREPLY, _at(3, 6), "Tune b", {"core/b.py": _code("b2")}),
        Commit(EVAN_GMAIL, _at(9, 1), "Tune a again", {"core/a.py": _code("a3")}),
    ]


def _petclinic() -> list[Commit]:
    return [
        Commit(DAVE, _at(1, 6), "Owners", {"owner.py": _code("o")}),
        Commit(DAVE_REVERSED, _at(9, 2), "Vets", {"vet.py": _code("v")}),
    ]


def _laravel() -> list[Commit]:
    return [
        Commit(TAYLOR, _at(1, 6), "App", {"app.py": _code("app")}),
        Commit(TAYLOR_GMAIL, _at(2, 6), "Routes", {"routes.py": _code("r")}),
        Commit(JOSE, _at(1, 7), "Mix", {"mix.py": _code("m")}),
        Commit(JOSE_PLAIN, _at(2, 7), "Mix config", {"mixconf.py": _code("mc")}),
    ]


def _tools() -> list[Commit]:
    return [
        Commit(JOHN_1, _at(9, 3), "t1", {"t1.py": _code("t1")}),
        Commit(JOHN_2, _at(9, 4), "t2", {"t2.py": _code("t2")}),
        Commit(ROOT_1, _at(9, 5), "r1", {"r1.py": _code("r1")}),
        Commit(ROOT_2, _at(9, 6), "r2", {"r2.py": _code("r2")}),
        Commit(CHRIS_1, _at(9, 7), "c1", {"c1.py": _code("c1")}),
        Commit(CHRIS_2, _at(9, 8), "c2", {"c2.py": _code("c2")}),
    ]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people")
    for name, commits in (
        ("vue", _vue()),
        ("petclinic", _petclinic()),
        ("laravel", _laravel()),
        ("tools", _tools()),
    ):
        build_repository(root / "repos" / name, commits)
    ws = root / "ws"
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{root / 'store.db'}"}
    result = runner.invoke(app, ["init", str(ws), "--source", str(root / "repos")], env=env)
    assert result.exit_code == 0, result.output
    (ws / "people.toml").write_text(PEOPLE_TOML)
    result = runner.invoke(app, ["-w", str(ws), "scan"], env=env)
    assert result.exit_code == 0, result.output
    return ws


def _invoke(org: Path, *args: str) -> str:
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{org.parent / 'store.db'}"}
    result = runner.invoke(app, ["-w", str(org), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(org: Path, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(_invoke(org, *args, "--json"))  # type: ignore[no-any-return]


def _unique(names: list[str]) -> None:
    assert len(names) == len(set(names)), names


def test_truck_factor_and_departed_owners_count_one_person(org: Path) -> None:
    repos = {r["repository"]: r for r in _json(org, "risk", "--as-of", AS_OF)["repositories"]}
    # vue: every file is Evan's, under three identities; his last commit (1 Sep, gmail) makes
    # him active, so he is neither departed nor two owners of the code.
    vue = repos["vue"]["truck_factor"]
    assert (vue["value"], vue["people"]) == (1, ["evan@vuejs.org"])
    assert repos["vue"]["departed_owners"] == []
    assert repos["vue"]["active_truck_factor"]["value"] == 1
    # petclinic: Dave Syer once, not twice
    assert repos["petclinic"]["truck_factor"]["value"] == 1
    # laravel: Taylor Otwell and José Valim each one departed owner
    owners = [o["name"] for o in repos["laravel"]["departed_owners"]]
    assert sorted(owners) == ["Jose Valim", "Taylor Otwell"]
    # tools: two Johns, two roots and two Chris Lees are six people
    assert repos["tools"]["truck_factor"]["value"] == 4  # 6 files, one each: 4 removals to < 50%
    for r in repos.values():
        _unique([o["name"] for o in r["departed_owners"]])


def test_experts_and_activity_count_one_person(org: Path) -> None:
    (python,) = _json(org, "experts", "python", "--as-of", AS_OF)["experts"]
    names = [p["name"] for p in python["people"]]
    _unique(names)
    assert names.count("Evan You") == 1
    history = _json(org, "history", "--as-of", AS_OF)
    people = {p["name"]: p for p in history["people"]}
    _unique([p["name"] for p in history["people"]])
    assert people["Evan You"]["commits"] == 4
    assert people["Evan You"]["active"]
    # 4 merged people (Evan, Dave, Taylor, José) + 6 who stay apart
    assert len(history["people"]) == 10


def test_people_json_shows_identities_and_evidence(org: Path) -> None:
    data = _json(org, "people")
    assert (data["people"], data["bots"], data["identities"]) == (10, 0, 15)
    assert data["merged"] == 4
    by_name = {p["name"]: p for p in data["list"]}
    evan = by_name["Evan You"]
    assert evan["key"] == "evan@vuejs.org"  # the identity with the most commits
    assert {(i["email"], i["commits"]) for i in evan["identities"]} == {
        ("evan@vuejs.org", 2),
        ("yyx990803@gmail.com", 1),
        ("1234+evan@users.noreply.github.com", 1),
    }
    assert {(m["rule"], m["value"], m["applied"]) for m in evan["merged_by"]} == {
        ("noreply", "evan", True),
        ("name", "evan you", True),
    }
    dave = by_name["Dave Syer"]
    assert [(m["rule"], m["value"]) for m in dave["merged_by"]] == [("name", "dave syer")]
    chris = [p for p in data["list"] if p["name"].startswith("Chris Lee")]
    assert len(chris) == 2
    refused = [m for p in chris for m in p["merged_by"] if not m["applied"]]
    assert [(m["rule"], m["value"]) for m in refused] == [("name", "chris lee")]
    _unique([p["name"] for p in data["list"]])
    merged_only = _json(org, "people", "--merged")
    assert len(merged_only["list"]) == 4


def test_people_table_and_suggest(org: Path) -> None:
    table = _invoke(org, "people")
    assert "Evan You" in table
    assert "noreply" in table
    patch = _invoke(org, "people", "suggest")
    tables = tomllib.loads(patch)
    assert tables["evan@vuejs.org"] == {
        "name": "Evan You",
        "emails": ["1234+evan@users.noreply.github.com", "yyx990803@gmail.com"],
    }
    # keys: the identity with the most commits, then the latest (Dave: vmware in September)
    assert set(tables) == {
        "evan@vuejs.org",
        "dsyer@vmware.com",
        "taylorotwell@gmail.com",
        "jose.valim@gmail.com",
    }
    assert tables["dsyer@vmware.com"] == {"name": "Dave Syer", "emails": ["dsyer@pivotal.io"]}


def test_people_without_history_is_a_usage_error(tmp_path: Path, database_url: str) -> None:
    runner.invoke(app, ["init", str(tmp_path / "ws")])
    result = runner.invoke(
        app, ["-w", str(tmp_path / "ws"), "people"], env={"LODESTAR_DATABASE_URL": database_url}
    )
    assert result.exit_code == 2
    assert "lodestar scan" in result.output


def test_people_table_prints_repository_text_inert(monkeypatch: pytest.MonkeyPatch) -> None:
    from lodestar.cli import commands_people
    from lodestar.records import Identity
    from lodestar.records.people import MergeLink, ResolvedPerson, SeenIdentity

    name = "Mal [red]Ory[/red] \x1b[2J"
    person = ResolvedPerson(
        Identity("m@x.example", name, ("m@x.example",)),
        (SeenIdentity(name, "m@x.example", 2, 0), SeenIdentity(name, "m@y.example", 1, 0)),
        (MergeLink("name", "mal [red]ory[/red]", name, name),),
    )
    monkeypatch.setattr(commands_people, "_directory", lambda: [person])
    result = runner.invoke(app, ["people"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "[red]Ory[/red]" in result.stdout  # markup shown, not applied
    assert "\\x1b[2J" in result.stdout  # the escape made visible
