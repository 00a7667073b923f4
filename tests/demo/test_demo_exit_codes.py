"""Exit codes on the demo, decided one way everywhere: a bad argument or option value (a path
that is not a repository, an unknown revision, a repository, entry, decision, campaign, team,
ring, status or category the workspace does not have, a date that is not one) is a usage
error, exit 2, with one line saying what to pass; a search that finds nothing exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.demo.demo_run import runner

from lodestar.cli.app import app
from lodestar.cli.entry import fast_path

USAGE = [
    ["loc", "{notrepo}"],
    ["loc", "{notrepo}", "--json"],
    ["loc", "{demo}/repos/orders-api", "--ref", "no-such-branch"],
    ["loc", "{demo}/nowhere"],
    ["check", "--repo", "{notrepo}"],
    ["check", "--repo", "{demo}/repos/orders-api", "--ref", "no-such-branch"],
    ["check", "--fail-on", "critical"],
    ["check", "--as-of", "2026-02-30"],
    ["drift", "--repository", "no-such-repo"],
    ["history", "no-such-repo"],
    ["hotspots", "no-such-repo"],
    ["hotspots", "orders-api", "--since", "last-tuesday"],
    ["releases", "no-such-repo"],
    ["risk", "no-such-repo"],
    ["owners", "no-such-repo"],
    ["sbom", "no-such-repo"],
    ["vulns", "list", "no-such-repo"],
    ["radar", "show", "no-such-entry"],
    ["radar", "list", "--ring", "Hodl"],
    ["radar", "list", "--quadrant", "Gadgets"],
    ["radar", "history", "--since", "yesterday"],
    ["decision", "show", "ADR-00000000-nothing"],
    ["decision", "list", "--status", "done"],
    ["campaigns", "no-such-campaign"],
    ["repos", "--team", "no-such-team"],
    ["tech", "--category", "gadgets"],
    ["scan", "{demo}/nowhere"],
    ["site", "build", "/proc/lodestar-site"],
    ["chek"],
]
NOTHING_FOUND = [
    ["deps", "no-such-package-anywhere"],
    ["trend", "no-such-technology"],
]


def _args(args: list[str], demo: Path, tmp_path: Path) -> list[str]:
    notrepo = tmp_path / "not-a-repository"
    notrepo.mkdir(exist_ok=True)
    return [a.format(demo=demo, notrepo=notrepo) for a in args]


@pytest.mark.parametrize("args", USAGE, ids=" ".join)
def test_a_bad_argument_value_exits_2_with_one_line(
    demo: Path, tmp_path: Path, args: list[str]
) -> None:
    result = runner.invoke(app, ["-w", str(demo), *_args(args, demo, tmp_path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if not result.stderr.lstrip().startswith(("Usage", "╭")):  # Click's own panel
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("args", NOTHING_FOUND, ids=" ".join)
def test_nothing_found_exits_1(demo: Path, tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["-w", str(demo), *_args(args, demo, tmp_path)])
    assert result.exit_code == 1, result.output


def test_loc_fast_path_exits_2_on_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as done:
        fast_path(["loc", str(tmp_path)])
    assert done.value.code == 2
