"""Which packages a name means (moved from tests/cli/test_cli_package_identity.py)."""

from __future__ import annotations


def test_a_name_with_glob_characters_is_first_that_exact_package() -> None:
    from lodestar.analysis.packages import select_packages
    from lodestar.records import PackageName

    names = [
        PackageName("pkg:composer/ev/il%5Bx%5D", "composer", "ev/il[x]"),
        PackageName("pkg:composer/ev/ilx", "composer", "ev/ilx"),
    ]
    exact = select_packages(names, "ev/il[x]")
    assert (exact.mode, [p.name for p in exact.packages]) == ("name", ["ev/il[x]"])
    widened = select_packages(names, "ev/il[xy]")  # no such package: a glob
    assert (widened.mode, [p.name for p in widened.packages]) == ("glob", ["ev/ilx"])
