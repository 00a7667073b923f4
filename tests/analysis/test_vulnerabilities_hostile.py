"""Advisories and dependencies are anyone's text: nothing raises, everything stays bounded."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from tests.analysis.osv_fixtures import dep
from tests.budget import SLACK, collector_paused

from lodestar.analysis import (
    advisory_index,
    advisory_severity,
    is_affected,
    lowest_fixed,
    match_dependencies,
)
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
)
from lodestar.safeparse import MAX_RANGE_EVENTS, MAX_VERSION_CHARS

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TYPES = ["pypi", "npm", "maven", "golang", "cargo", "gem", "composer", "nuget", "", "weird"]
HOSTILE_VERSIONS = [
    "",
    " ",
    "latest",
    "${project.version}",
    "1" * 5000,
    "9" * 40,
    "1." * 64,
    "1.0.0-" + "a." * 60,
    "v" + "1.2.3" * 30,
    "\x00\x1b[31m",
    "\uff11\uff0e\uff12",  # full-width digits
    "1.0.0+" + "b" * 200,
    "[1.0,2.0)",
    "0",
    "-1",
    "NaN",
]


def _entry(
    *events: tuple[str, str], range_type: str = "ECOSYSTEM", versions: tuple[str, ...] = ()
) -> AffectedPackage:
    return AffectedPackage(
        "npm",
        "x",
        "pkg:npm/x",
        (AffectedRange(range_type, tuple(RangeEvent(k, v) for k, v in events)),),
        versions,
    )


@pytest.mark.parametrize("purl_type", TYPES)
@pytest.mark.parametrize("version", HOSTILE_VERSIONS)
def test_hostile_versions_never_raise(purl_type: str, version: str) -> None:
    entry = _entry(("introduced", "1.0.0"), ("fixed", "2.0.0"))
    started = time.process_time()  # CPU: a busy machine's scheduling is not work
    assert is_affected(purl_type, version, entry) in (True, False)
    assert lowest_fixed(purl_type, version, entry) in (None, "2.0.0")
    assert (time.process_time() - started) / SLACK < 0.05
    if len(version) > MAX_VERSION_CHARS:
        assert not is_affected(purl_type, version, _entry(("introduced", "0")))


@pytest.mark.parametrize("purl_type", ["pypi", "npm", "maven", "cargo", "gem", "composer", "nuget"])
def test_an_unreadable_version_is_only_affected_when_listed(purl_type: str) -> None:
    everything = _entry(("introduced", "0"))
    assert not is_affected(purl_type, "${project.version}", everything)
    listed = _entry(("introduced", "0"), versions=("${project.version}",))
    assert is_affected(purl_type, "${project.version}", listed)


def test_a_version_longer_than_the_budget_is_no_version() -> None:
    long = "1." * 64 + "0"
    assert len(long) > MAX_VERSION_CHARS
    assert not is_affected("npm", long, _entry(("introduced", "0"), versions=(long,)))


@pytest.mark.parametrize(
    "events",
    [
        (("introduced", "0"), ("fixed", "not a version")),
        (("introduced", "garbage"), ("fixed", "2.0.0")),
        (("introduced", "0"), ("fixed", "9" * 40)),
        (("introduced", "0"), ("fixed", "1" * 5000)),
        (("unknown", "1.0.0"), ("fixed", "2.0.0")),
    ],
)
def test_a_range_with_unreadable_events_is_not_evaluated(
    events: tuple[tuple[str, str], ...],
) -> None:
    entry = _entry(*events)
    assert not is_affected("npm", "1.5.0", entry)
    assert lowest_fixed("npm", "1.5.0", entry) is None


def test_git_and_unknown_range_types_are_not_evaluated() -> None:
    for range_type in ("GIT", "git", "", "ECOSYSTEM2"):
        assert not is_affected("npm", "1.0.0", _entry(("introduced", "0"), range_type=range_type))


def test_absurd_event_lists_are_bounded() -> None:
    many = [
        ("introduced" if i % 2 == 0 else "fixed", f"{i // 1000}.{i % 1000}.0")
        for i in range(MAX_RANGE_EVENTS)
    ]
    with collector_paused():
        started = time.process_time()  # CPU: a busy machine's scheduling is not work
        _bounded_event_lists(many)
        spent = time.process_time() - started
    assert spent / SLACK < 0.5, f"{spent:.2f} s of CPU for event lists at the budget"


def _bounded_event_lists(many: list[tuple[str, str]]) -> None:
    entry = _entry(*many)
    assert is_affected("npm", "0.500.0", entry)  # introduced 0.500.0
    assert not is_affected("npm", "0.501.0", entry)  # fixed 0.501.0
    assert lowest_fixed("npm", "0.500.0", entry) == "0.501.0"
    too_many = _entry(*(("introduced", "1.0.0"),) * (MAX_RANGE_EVENTS + 1))
    assert not is_affected("npm", "1.0.0", too_many)
    huge = _entry(*(("fixed", "1.0.0"),) * 200_000, ("introduced", "0"))
    assert not is_affected("npm", "0.1.0", huge)


def test_limit_events() -> None:
    limited = _entry(("introduced", "1.0.0"), ("limit", "1.5.0"))
    assert is_affected("npm", "1.2.0", limited)
    assert not is_affected("npm", "1.5.0", limited)
    assert is_affected("npm", "3.0.0", _entry(("introduced", "1.0.0"), ("limit", "*")))
    assert not is_affected("npm", "1.0.0", _entry(("introduced", "1.0.0"), ("limit", "garbage")))


def _advisory(
    advisory_id: str, aliases: tuple[str, ...], vectors: tuple[str, ...] = ()
) -> Advisory:
    return Advisory(
        advisory_id,
        NOW,
        aliases=aliases,
        severity=tuple(SeverityVector("CVSS_V3", v) for v in vectors),
        affected=(_entry(("introduced", "0")),),
    )


def test_alias_webs_and_cycles_make_one_group_quickly() -> None:
    chain = [_advisory(f"OSV-{i}", (f"OSV-{i + 1}", f"OSV-{i}")) for i in range(20_000)]
    cycle = [
        _advisory("A-1", ("A-2",)),
        _advisory("A-2", ("A-1",)),
        _advisory("A-3", ("A-3", "", "A-1")),
    ]
    with collector_paused():
        started = time.process_time()
        index = advisory_index([*chain, *cycle])
        spent = time.process_time() - started
    assert spent / SLACK < 1, f"{spent:.2f} s of CPU to group 20,003 advisories"
    assert len(index) == 2
    assert sorted(len(g.records) for g in index.groups) == [3, 20_000]
    found = match_dependencies("r", [dep("npm", "x", "1.0.0")], index)
    assert len(found) == 2


@pytest.mark.parametrize(
    "vector",
    [
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L",
        "CVSS:3.1/" + "AV:N/" * 1000,
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q",
        "CVSS:9.9/AV:N",
        "\x00",
        "",
    ],
)
def test_bad_vectors_are_ignored(vector: str) -> None:
    assert advisory_severity(_advisory("GHSA-1", (), (vector,))) == (None, "unknown", None)


@pytest.mark.parametrize(
    "constraint",
    [
        "[" * 500,
        "[1.0",
        "(,)",
        ">=" + "9" * 40,
        "^" + "1." * 200,
        "x" * 10_000,
        "||||",
        "[1.0,2.0),(",
        "~> ,",
    ],
)
def test_hostile_constraints_never_raise(constraint: str) -> None:
    index = advisory_index([_advisory("GHSA-1", ())])
    for purl_type in ("npm", "maven", "nuget", "pypi", "gem", "composer"):
        found = match_dependencies(
            "r", [dep(purl_type, "x" if purl_type != "maven" else "g:x", None, constraint)], index
        )
        assert all(v.status == "may-be-affected" for v in found)
