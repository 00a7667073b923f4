"""``lodestar whatif --backtest`` on the demo: Gregor's last billing commit is in December 2025,
so at the end of February 2026 the what-if predicts legacy-billing's islands, and six months
later they are there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.unsplit import columns, split_words
from tests.demo.demo_run import runner

from lodestar.cli.app import app

GREGOR = "gregor.lindqvist@northwind-labs.example"
BILLING = "mirrors/legacy-billing"


def _run(demo: Path, *args: str, width: int = 80) -> tuple[int, str]:
    with columns(width):
        result = runner.invoke(app, ["-w", str(demo), "whatif", *args])
    return result.exit_code, result.output


def _json(demo: Path, *args: str) -> dict[str, object]:
    code, out = _run(demo, "--backtest", *args, "--json")
    assert code == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


def test_gregor_leaving_billing_is_predicted_and_observed(demo: Path) -> None:
    data = _json(demo, "--as-of", "2026-02-28", "--horizon", "6m")
    assert set(data) == {
        "as_of", "observed_at", "horizon", "active_days", "departed_days", "leavers",
        "gone_later", "files", "code", "already_islands", "scores", "repositories", "outcomes",
        "names",
    }  # fmt: skip
    assert data["as_of"] == "2026-02-28T23:59:59+00:00"
    assert data["observed_at"] == "2026-08-31T23:59:59+00:00"  # a month-end stays one
    assert data["leavers"] == [GREGOR]
    assert data["names"] == {GREGOR: "Gregor Lindqvist"}
    scores = {s["method"]: s for s in data["scores"]}  # type: ignore[attr-defined]
    assert list(scores) == ["what-if", "nothing", "everything", "top-author", "any-author"]
    whatif = scores["what-if"]
    assert whatif["predicted_files"] == whatif["observed_files"] == whatif["hit_files"] > 0
    assert (whatif["precision"], whatif["recall"]) == (1.0, 1.0)
    assert whatif["hit_code"] > 0
    assert (scores["nothing"]["precision"], scores["nothing"]["recall"]) == (None, 0.0)
    assert scores["everything"]["predicted_files"] == data["files"]
    outcomes = data["outcomes"]
    assert {o["repository"] for o in outcomes} == {BILLING}  # type: ignore[attr-defined]
    assert all(o["authors_before"] == [GREGOR] for o in outcomes)  # type: ignore[attr-defined]
    (billing,) = [r for r in data["repositories"] if r["hit_files"]]  # type: ignore[attr-defined]
    assert billing["repository"] == BILLING


def test_nobody_left_in_2025s_summer(demo: Path) -> None:
    data = _json(demo, "--as-of", "2025-05-31", "--horizon", "3m")
    assert data["leavers"] == []
    assert all(s["predicted_files"] == 0 or s["method"] == "everything" for s in data["scores"])  # type: ignore[attr-defined]


def test_text_within_80_columns(demo: Path) -> None:
    args = ("--backtest", "--as-of", "2026-02-28")
    (code, narrow), (_, wide) = _run(demo, *args), _run(demo, *args, width=2000)
    assert code == 0, narrow
    assert split_words(narrow, wide) == []
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "1 person present at D made no commit after it" in " ".join(narrow.split())
    assert "Islands predicted at D against islands observed at H" in narrow


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--backtest", "--as-of", "2026-02-28", "--horizon", "6x"], "--horizon '6x'"),
        (["--backtest", "--as-of", "2026-02-28", "--horizon", "0d"], "more than 0"),
        (["--backtest", "--as-of", "2026-06-30"], "give --as-of 2026-04-21 or earlier"),
        (["--backtest", "--as-of", "2026-02-30"], "--as-of '2026-02-30'"),
        (["--backtest", "--leave", "Gregor Lindqvist"], "--backtest chooses the leavers"),
        (["--leave", "Gregor Lindqvist", "--horizon", "6m"], "--horizon goes with --backtest"),
    ],
)
def test_usage_errors_exit_2_in_one_line(demo: Path, args: list[str], said: str) -> None:
    code, out = _run(demo, *args)
    assert code == 2, out
    assert said in out
    assert len(out.strip().splitlines()) == 1


def test_the_default_as_of_is_the_horizon_before_the_reference_date(demo: Path) -> None:
    # the demo's organisation.as_of is 2026-10-31: 2026-04-30 + 6m ends after the last commit
    code, out = _run(demo, "--backtest")
    assert code == 2
    assert "--as-of 2026-04-30 + 6m ends 2026-10-31" in out
    code, out = _run(demo, "--backtest", "--horizon", "90d")
    assert code == 2
    assert "--as-of 2026-08-02 + 90d ends 2026-10-31" in out


def test_help_shows_the_backtest(demo: Path) -> None:
    code, out = _run(demo, "--help", width=200)
    assert code == 0
    page = " ".join(out.split())
    assert "lodestar whatif --backtest --as-of 2025-06-30 --horizon 6m" in page
    assert "--horizon 90d|6m|1y" in page
