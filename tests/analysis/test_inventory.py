"""Version ranges in every accepted spelling."""

from __future__ import annotations

import pytest

from lodestar.analysis.inventory import parse_range, parse_version
from lodestar.errors import UsageError


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (">=2,<3", ["2.0.0", "2.9.9"], ["1.9", "3.0.0"]),
        (">=2 <3", ["2.1"], ["3.0"]),
        ("^1.2.3", ["1.2.3", "1.9.0"], ["1.2.2", "2.0.0"]),
        ("^0.2.3", ["0.2.9"], ["0.3.0"]),
        ("~1.4.0", ["1.4.0", "1.4.9"], ["1.5.0", "1.3.9"]),
        ("~1", ["1.0.0", "1.9"], ["2.0"]),
        ("4.2.1", ["4.2.1"], ["4.2.2"]),
        ("v18.2.0", ["18.2.0"], ["18.2.1"]),
        ("<4", ["3.2.25"], ["4.0", "5.0"]),
    ],
)
def test_ranges(text: str, inside: list[str], outside: list[str]) -> None:
    spec = parse_range(text)
    for version in inside:
        assert spec.contains(parse_version(version), prereleases=True), version  # type: ignore[arg-type]
    for version in outside:
        assert not spec.contains(parse_version(version), prereleases=True), version  # type: ignore[arg-type]


def test_bad_range_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not understood"):
        parse_range(">>>2")


def test_versions_with_v_prefix_and_garbage() -> None:
    assert str(parse_version("v1.21.5")) == "1.21.5"
    assert parse_version("latest") is None
    assert parse_version(None) is None
