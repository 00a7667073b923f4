"""Matching a strategy's matchers to one observation, with the evidence of where."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.observed import (
    from_snapshot,
    in_range,
    match,
    purl_matches,
    purl_type,
    versions_of,
)
from lodestar.catalog.technologies import load_catalog
from lodestar.records import (
    Dependency,
    Matcher,
    MonthlySnapshot,
    Observation,
    RuntimeDeclaration,
    Scope,
    TechnologyUse,
)

CATALOG = load_catalog()
REACT = Dependency(
    "pkg:npm/react@18.2.0", "npm", "react", "18.2.0", "^18", Scope.RUNTIME, True,
    "package.json", 7, False,
)  # fmt: skip
TYPES = Dependency(
    "pkg:npm/%40types/node@20.1.0", "npm", "@types/node", "20.1.0", None, Scope.DEV, True,
    "package.json", 9, False,
)  # fmt: skip
NODE = RuntimeDeclaration("nodejs", "18", "18", ".nvmrc", None, "file", "deployed")
OBS = Observation(
    "web",
    "c1",
    dependencies=(REACT, TYPES),
    technologies=(TechnologyUse("nodejs", "file", ".nvmrc", ".nvmrc"),),
    runtimes=(NODE,),
)


def test_purl_globs_and_types() -> None:
    assert purl_matches("pkg:npm/react", "pkg:npm/react@18.2.0")
    assert purl_matches("pkg:npm/@types/*", "pkg:npm/%40types/node@20.1.0")
    assert not purl_matches("pkg:npm/react", "pkg:npm/react-dom@18.2.0")
    assert purl_type("pkg:NPM/react") == "npm"


def test_ranges_are_read_in_the_ecosystem_dialect() -> None:
    assert in_range("18.2.0", "^18", "npm")
    assert not in_range("17.0.2", "^18", "npm")
    assert in_range(None, None) and in_range("1", "*")
    assert not in_range(None, "<2")  # an unknown version is never inside a range
    assert not in_range("1.0", ">>>2", "npm")  # a range the dialect cannot read matches nothing


def test_match_gives_the_evidence() -> None:
    assert match(OBS, Matcher(purl="pkg:npm/react", versions="<19"), CATALOG) == [
        "package.json:7",
        "pkg:npm/react@18.2.0",
    ]
    assert match(OBS, Matcher(purl="pkg:npm/react", versions="<18"), CATALOG) == []
    assert match(OBS, Matcher(technology="nodejs", versions="<20"), CATALOG) == [
        ".nvmrc",
        "version:nodejs@18",
    ]


def test_a_type_package_version_is_not_the_runtime_version() -> None:
    assert versions_of(OBS, "nodejs", CATALOG) == [("18", ".nvmrc")]


def test_a_snapshot_is_an_observation_known_by_technology_ids() -> None:
    snapshot = MonthlySnapshot("web", dt.date(2025, 1, 1), "c0", ("react",))
    obs = from_snapshot(snapshot)
    assert obs.technology_ids() == {"react"}
    assert match(obs, Matcher(technology="react"), CATALOG) == ["technology:react"]
