"""Radar coverage: the entries each repository uses, the technologies no entry names."""

from __future__ import annotations

from lodestar.analysis.coverage import radar_coverage
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Matcher, Observation, RadarEntry, TechnologyUse


def _uses(*technologies: str) -> tuple[TechnologyUse, ...]:
    return tuple(TechnologyUse(t, "language", t, "") for t in technologies)


OBSERVATIONS = (
    Observation("api", "c1", technologies=_uses("python", "postgresql")),
    Observation("web", "c2", technologies=_uses("python")),
)
ENTRIES = (
    RadarEntry("py-old", "Python < 3.12", "Languages", "Hold", matchers=(
        Matcher(technology="python", versions="<3.12"),
    )),
    RadarEntry("py", "Python", "Languages", "Adopt", matchers=(Matcher(technology="python"),)),
    RadarEntry("cobol", "COBOL", "Languages", "Hold", matchers=(Matcher(technology="cobol"),)),
)  # fmt: skip


def test_an_entry_names_a_technology_whatever_its_range() -> None:
    coverage = radar_coverage(OBSERVATIONS, ENTRIES, load_catalog())
    assert list(coverage.technologies) == ["python", "postgresql"]  # most used first
    assert coverage.technologies["python"].entries == ("py-old", "py")
    assert coverage.technologies["python"].repositories == ("api", "web")
    assert [t.technology for t in coverage.missing()] == ["postgresql"]


def test_users_follow_the_matching_version_ranges_included() -> None:
    coverage = radar_coverage(OBSERVATIONS, ENTRIES, load_catalog())
    # no runtime version is known: the version-bounded entry matches nobody
    assert coverage.users == {"py-old": (), "py": ("api", "web"), "cobol": ()}
    assert coverage.entries_used_by("web") == ("py",)
