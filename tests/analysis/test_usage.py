"""Where a declaration's matchers meet the observations (the drift engine's own matching)."""

from __future__ import annotations

from lodestar.analysis.usage import Use, matcher_label, package_index, where_used
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Dependency, Matcher, Observation, Scope, TechnologyUse

CATALOG = load_catalog()


def _dep(purl: str, version: str | None, *, fixture: bool = False) -> Dependency:
    ecosystem, name = purl[4:].split("/", 1)
    return Dependency(
        purl, ecosystem, name.split("@")[0], version, None, Scope.RUNTIME, True,
        "package.json", 4, fixture,
    )  # fmt: skip


OBSERVATIONS = (
    Observation("web", "c1", dependencies=(_dep("pkg:npm/react@17.0.2", "17.0.2"),)),
    Observation("app", "c2", dependencies=(_dep("pkg:npm/react@18.2.0", "18.2.0"),)),
    Observation("lab", "c3", dependencies=(_dep("pkg:npm/react", None, fixture=True),)),
    Observation("api", "c4", technologies=(TechnologyUse("python", "language", "Python", ""),)),
)


def test_matcher_labels() -> None:
    assert matcher_label(Matcher(purl="pkg:npm/react", versions="<18")) == "pkg:npm/react <18"
    assert matcher_label(Matcher(technology="python")) == "python"


def test_a_purl_range_finds_the_repositories_and_their_versions() -> None:
    uses = where_used(OBSERVATIONS, [Matcher(purl="pkg:npm/react", versions="<18")], CATALOG)
    assert uses == (Use("web", ("package.json:4", "pkg:npm/react@17.0.2"), ("17.0.2",)),)


def test_the_package_index_narrows_without_changing_the_answer() -> None:
    index = package_index(OBSERVATIONS)
    assert index["pkg:npm/react"] == {"web", "app", "lab"}  # a pre-filter: fixtures too
    for matchers in ([Matcher(purl="pkg:npm/react")], [Matcher(technology="python")]):
        plain = where_used(OBSERVATIONS, matchers, CATALOG)
        assert where_used(OBSERVATIONS, matchers, CATALOG, index) == plain
    anything = where_used(OBSERVATIONS, [Matcher(purl="pkg:npm/*")], CATALOG, index)
    assert [u.repository for u in anything] == ["app", "web"]  # fixtures never match
