"""No traceback from data: versions, counts and dates of any length are bounded, not crashes.

Python refuses to turn a string of more than 4,300 digits into an int (a guard against
quadratic conversion), and packaging hands every version component to ``int()``: a dependency
version of 5,000 digits used to end ``lodestar check`` (and the cockpit's evaluation) with a
traceback. Every place that turns repository or workspace text into a number bounds it first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.analysis.observed import in_range
from lodestar.analysis.trend import _version_order
from lodestar.catalog.eol import load_eol
from lodestar.cli.app import app
from lodestar.safeparse import RangeError, parse_range, parse_version
from lodestar.scan.ecosystems.docker.dockerfile import parse_dockerfile
from lodestar.scan.ecosystems.nuget.runtime import framework_product
from lodestar.scan.ecosystems.python.pep508 import archive_name_version
from lodestar.scan.ecosystems.python.pyproject import _poetry_exact
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.runtimes_dependencies import _date_stamp
from lodestar.settings import init_workspace
from lodestar.strategy.models import check_versions

HUGE = "1" + "0" * 5_000
DIGITS = st.builds(  # past int()'s 4,300-digit limit, built from a small draw
    lambda n, tail: "9" * n + tail, st.integers(4_301, 6_000), st.text("0123456789", max_size=9)
)


def test_a_huge_version_is_unparsable_not_a_crash() -> None:
    assert parse_version(HUGE) is None
    assert parse_version(f"1.0.{HUGE}") is None
    assert parse_version("1.2.3") is not None
    assert in_range(HUGE, "<4") is False
    assert in_range("3.7.1", "<4") is True


def test_a_range_with_a_huge_number_is_a_range_error() -> None:
    with pytest.raises(RangeError, match="more than 30 digits"):
        parse_range(f">={HUGE}")
    with pytest.raises(ValueError, match="more than 30 digits"):
        check_versions(f"^{HUGE}")


@settings(max_examples=30, deadline=None)
@given(digits=DIGITS, prefix=st.sampled_from(["", "v", "1.", "1.0.", "^", "~", ">="]))
def test_version_readers_never_raise_on_long_numbers(digits: str, prefix: str) -> None:
    text = prefix + digits
    assert parse_version(text) is None
    assert isinstance(_version_order((text, 1)), tuple)
    assert framework_product(f"net{digits}.0") is None
    assert _poetry_exact(text) in {None, text}


def test_natural_version_order_survives_odd_digits() -> None:
    ordered = sorted([("3.12", 1), ("3.6", 1), (HUGE, 1), ("3.\u00b2", 1)], key=_version_order)
    assert [v for v, _ in ordered][:2] == ["3.6", "3.12"]


def test_scan_readers_bound_numbers_from_files() -> None:
    eol = load_eol()
    assert _date_stamp(eol, "python", HUGE) is True
    dockerfile = f"FROM python:3.12 AS build\nFROM alpine\nCOPY --from={HUGE} /a /b\n"
    dockerfile += "COPY --from=\u00b2 /a /b\n"
    parse_dockerfile("Dockerfile", dockerfile.encode(), ManifestContext())
    assert archive_name_version(f"pkg-{HUGE}.tar.gz") is None
    assert archive_name_version("pkg-1.0.tar.gz") == ("pkg", "1.0")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    make_repo(
        root / "repos" / "web",
        {"package.json": f'{{"name": "web", "dependencies": {{"jquery": "1.0.{HUGE}"}}}}\n'},
    )
    init_workspace(root, name="Test Org", sources=["repos"])
    radar = root / "radar" / "jquery.md"
    radar.parent.mkdir(parents=True, exist_ok=True)
    radar.write_text(
        "---\ntitle: jQuery\nquadrant: Languages & Frameworks\nring: Hold\n"
        "matchers:\n  - purl: pkg:npm/jquery\n    versions: '<4'\n---\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["-w", str(root), "scan", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json"],
        ["deps", "jquery"],
        ["deps", "jquery", "--range", "<4"],
    ],
)
def test_commands_over_a_5000_digit_version_end_without_a_traceback(
    workspace: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(app, ["-w", str(workspace), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in {0, 1}, result.output
