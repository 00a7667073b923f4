"""``lodestar whatif`` on the demo: Dmitri carries orders-api, Gregor already left billing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.unsplit import columns, split_words
from tests.demo.demo_run import AS_OF, runner

from lodestar.cli.app import app

DMITRI = "dmitri.volkov@northwind-labs.example"


def _run(demo: Path, *args: str, width: int = 80) -> tuple[int, str]:
    with columns(width):
        result = runner.invoke(app, ["-w", str(demo), "whatif", "--as-of", AS_OF, *args])
    return result.exit_code, result.output


def _json(demo: Path, *args: str) -> dict[str, object]:
    code, out = _run(demo, *args, "--json")
    assert code == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


def test_dmitri_leaving_loses_orders_api(demo: Path) -> None:
    data = _json(demo, "--leave", "Dmitri Volkov")
    assert set(data) == {
        "as_of", "active_days", "departed_days", "leavers", "repositories", "island_code",
        "islands", "technologies", "owners", "protected", "names",
    }  # fmt: skip
    assert data["leavers"] == [{"key": DMITRI, "name": "Dmitri Volkov"}]
    repos = {r["repository"]: r for r in data["repositories"]}  # type: ignore[attr-defined]
    orders = repos["orders-api"]
    assert orders["active_truck_factor_after"] == 0
    assert orders["carried_by"] == [DMITRI]
    islands = [i for i in data["islands"] if i["repository"] == "orders-api"]  # type: ignore[attr-defined]
    assert any(i["path"] == "src/orders/api/routes.py" and i["kind"] == "file" for i in islands)
    assert data["island_code"] > 0  # type: ignore[operator]
    assert {"kind": "owner", "id": "orders-api"}.items() <= next(
        o
        for o in data["owners"]
        if o["id"] == "orders-api"  # type: ignore[attr-defined]
    ).items()


def test_by_email_gives_the_same_answer(demo: Path) -> None:
    assert _json(demo, "--leave", DMITRI.upper()) == _json(demo, "--leave", "dmitri volkov")


def test_unknown_person_exits_2_with_did_you_mean(demo: Path) -> None:
    code, out = _run(demo, "--leave", "Dmitri Volkof")
    assert code == 2
    assert "did you mean 'Dmitri Volkov'" in out


def test_exactly_one_choice(demo: Path) -> None:
    assert _run(demo)[0] == 2
    assert _run(demo, "--leave", "Dmitri Volkov", "--team", "orders")[0] == 2


def test_team_leaves(demo: Path) -> None:
    data = _json(demo, "--team", "orders")
    assert DMITRI in [p["key"] for p in data["leavers"]]  # type: ignore[attr-defined]
    assert _run(demo, "--team", "ordres")[0] == 2


def test_inactive_since_is_what_was_already_lost(demo: Path) -> None:
    data = _json(demo, "--inactive-since", "2026-01-01")
    keys = [p["key"] for p in data["leavers"]]  # type: ignore[attr-defined]
    assert keys == ["gregor.lindqvist@northwind-labs.example"]
    repos = [r["repository"] for r in data["repositories"]]  # type: ignore[attr-defined]
    assert repos == ["mirrors/legacy-billing"]


@pytest.mark.parametrize("who", ["Dmitri Volkov", "Gregor Lindqvist"])
def test_no_word_is_split_at_80_columns(demo: Path, who: str) -> None:
    (code, narrow), (_, wide) = _run(demo, "--leave", who), _run(demo, "--leave", who, width=2000)
    assert code == 0, narrow
    assert split_words(narrow, wide) == []
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "Active truck factor falls to 0 or 1" in narrow
