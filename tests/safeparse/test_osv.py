"""OSV records: real ones read field by field; hostile ones refused with a position."""

from __future__ import annotations

import datetime as dt
import json
import string
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK
from tests.osv_records import record, record_bytes

from lodestar.errors import ManifestError
from lodestar.records.vulns import AffectedRange, RangeEvent, SeverityVector
from lodestar.safeparse import (
    ECOSYSTEMS,
    MAX_RECORD_BYTES,
    advisory_ecosystems,
    json_position,
    osv_package,
    package_key,
    purl_for,
    read_advisories,
    read_advisory,
)
from lodestar.safeparse.json import array_starts
from lodestar.safeparse.osv import _plain_key

UTC = dt.UTC


def test_requests_record() -> None:
    adv = read_advisory(record_bytes("requests"), "GHSA-x84v-xcm2-53pg.json")
    assert adv.id == "GHSA-x84v-xcm2-53pg"
    assert adv.aliases == ("CVE-2018-18074",)
    assert adv.related == ("PYSEC-2018-28",)
    assert adv.published == dt.datetime(2018, 10, 29, 19, 6, 46, tzinfo=UTC)
    assert adv.modified == dt.datetime(2023, 11, 8, 3, 58, 8, 515000, tzinfo=UTC)
    assert adv.withdrawn is None
    assert adv.summary == "Insufficiently Protected Credentials in Requests"
    assert adv.details.startswith("The Requests package through 2.19.1")
    assert adv.severity == (
        SeverityVector("CVSS_V3", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"),
    )
    assert adv.database_severity == "HIGH"
    assert adv.references[0] == "https://nvd.nist.gov/vuln/detail/CVE-2018-18074"
    assert adv.source == "GHSA-x84v-xcm2-53pg.json"
    (pkg,) = adv.affected
    assert (pkg.ecosystem, pkg.name, pkg.package) == ("PyPI", "requests", "pkg:pypi/requests")
    assert pkg.ranges == (
        AffectedRange("ECOSYSTEM", (RangeEvent("introduced", "0"), RangeEvent("fixed", "2.20.0"))),
    )
    assert pkg.versions == ()


def test_log4shell_keeps_every_range_and_package() -> None:
    adv = read_advisory(record_bytes("log4shell"), "f.json")
    assert adv.aliases == ("CVE-2021-44228",)
    assert adv.database_severity == "CRITICAL"
    core, pax = adv.affected
    assert core.package == "pkg:maven/org.apache.logging.log4j/log4j-core"
    assert [[e.version for e in r.events] for r in core.ranges] == [
        ["2.13.0", "2.15.0"],
        ["2.0-beta9", "2.3.1"],
        ["2.4", "2.12.2"],
    ]
    assert pax.package == "pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2"
    assert len(pax.ranges) == 4


def test_lodash_and_a_scoped_npm_package() -> None:
    lodash = read_advisory(record_bytes("lodash"), "f.json")
    assert lodash.affected[0].package == "pkg:npm/lodash"
    assert lodash.affected[0].ranges[0].events[-1] == RangeEvent("fixed", "4.17.21")
    babel = read_advisory(record_bytes("babel-traverse"), "f.json")
    assert [p.package for p in babel.affected] == [
        "pkg:npm/%40babel/traverse",
        "pkg:npm/babel-traverse",
    ]
    assert babel.affected[1].ranges[0].events == (RangeEvent("introduced", "0"),)
    assert babel.severity == ()
    assert babel.database_severity == "CRITICAL"


def test_git_ranges_and_versions_lists() -> None:
    adv = read_advisory(record_bytes("requests-pysec"), "f.json")
    (pkg,) = adv.affected
    assert pkg.ranges[1].type == "GIT"
    assert pkg.ranges[1].repo == "https://github.com/psf/requests"
    assert pkg.versions == ("0.10.0", "0.10.1", "2.18.4", "2.19.0", "2.19.1")
    assert adv.aliases == ("CVE-2018-18074", "GHSA-x84v-xcm2-53pg")


def test_other_ecosystems_are_skipped_unread() -> None:
    adv = read_advisory(record_bytes("log4shell-debian"), "f.json")
    assert adv.affected == ()
    assert advisory_ecosystems(record_bytes("log4shell-debian")) == ("Debian",)
    assert advisory_ecosystems(record_bytes("log4shell")) == ("Maven",)
    assert advisory_ecosystems(b"not json") == ()


def test_affected_severity_joins_the_record_and_withdrawn_is_read() -> None:
    doc = record("lodash")
    doc["withdrawn"] = "2024-05-01T10:00:00+02:00"
    del doc["severity"]
    doc["affected"][0]["severity"] = [
        {
            "type": "CVSS_V4",
            "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        },
        {"type": "SOMETHING_NEW", "score": "x"},
    ]
    adv = read_advisory(record_bytes(doc), "f.json")
    assert adv.withdrawn == dt.datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert [s.type for s in adv.severity] == ["CVSS_V4"]


@pytest.mark.parametrize(
    ("ecosystem", "name", "scanner", "scanned"),
    [
        ("PyPI", "Django_Rest.Framework", "pypi", "django-rest-framework"),
        ("npm", "@Babel/Core", "npm", "@babel/core"),
        (
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "maven",
            "org.apache.logging.log4j:log4j-core",
        ),
        ("Go", "golang.org/x/net", "golang", "golang.org/x/net"),
        ("Go", "stdlib", "golang", "stdlib"),
        ("crates.io", "serde_json", "cargo", "serde_json"),
        ("RubyGems", "rails", "gem", "rails"),
        ("Packagist", "laravel/framework", "composer", "Laravel/Framework"),
        ("NuGet", "Newtonsoft.Json", "nuget", "Newtonsoft.Json"),
        ("GitHub Actions", "tj-actions/changed-files", "github", "tj-actions/changed-files"),
        ("Pub", "http", "pub", "http"),
        ("Hex", "plug", "hex", "plug"),
    ],
)
def test_osv_package_is_the_scanners_package_key(
    ecosystem: str, name: str, scanner: str, scanned: str
) -> None:
    assert osv_package(ecosystem, name) == package_key(purl_for(scanner, scanned, "1.0.0"))


@pytest.mark.parametrize(
    ("ecosystem", "name"),
    [
        ("Debian:12", "openssl"),
        ("Alpine:v3.18", "openssl"),
        ("Ubuntu:22.04:LTS", "openssl"),
        ("OSS-Fuzz", "libxml2"),
        ("PyPI", ""),
        ("Maven", "no-group"),
        ("pypi", "requests"),
    ],
)
def test_osv_package_none(ecosystem: str, name: str) -> None:
    assert osv_package(ecosystem, name) is None


def refused(doc: object, match: str) -> ManifestError:
    data = record_bytes(doc)
    with pytest.raises(ManifestError, match=match) as info:
        read_advisory(data, "bad.json")
    assert info.value.path == "bad.json"
    assert info.value.line is not None
    return info.value


def _line_of(doc: object, needle: str) -> int:
    lines = record_bytes(doc).decode().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_bad_dates_are_positioned() -> None:
    doc = record("requests")
    doc["published"] = "2018-10-29"
    err = refused(doc, r"published: not an RFC 3339 time: '2018-10-29'")
    assert err.line == _line_of(doc, '"published"')
    doc["published"] = "2018-13-45T00:00:00Z"
    refused(doc, "published: not a valid time")
    doc["published"] = "2018-10-29T19:06:46"  # no offset
    refused(doc, "not an RFC 3339 time")
    del doc["modified"]
    refused(doc, "no 'modified' time")


def test_wrong_types_are_positioned_at_the_value() -> None:
    doc = record("log4shell")
    doc["affected"][1]["ranges"][2]["events"][1] = {"fixed": 2}
    err = refused(doc, r"affected\[1\]\.ranges\[2\]\.events\[1\]\.fixed: expected a string")
    assert err.line == _line_of(doc, '"fixed": 2')
    assert err.column is not None and err.column > 1
    doc = record("requests")
    doc["aliases"] = "CVE-2018-18074"
    refused(doc, "aliases: expected a list, got a string")
    doc = record("requests")
    doc["affected"][0]["package"] = ["PyPI", "requests"]
    refused(doc, r"affected\[0\]\.package: expected an object")


@pytest.mark.parametrize(
    ("event", "match"),
    [
        ({"introduced": "0", "fixed": "1"}, "an event is one of"),
        ({"patched": "1.0"}, "unknown event 'patched'"),
        ({"fixed": ""}, "an empty version"),
        ({"fixed": "1" * 300}, "longer than 256"),
    ],
)
def test_bad_events(event: dict[str, str], match: str) -> None:
    doc = record("lodash")
    doc["affected"][0]["ranges"][0]["events"][1] = event
    refused(doc, match)


def test_bad_ranges_and_ids() -> None:
    doc = record("lodash")
    doc["affected"][0]["ranges"][0]["type"] = "SEMVER2"
    refused(doc, "unknown range type 'SEMVER2'")
    doc["affected"][0]["ranges"][0] = {"type": "GIT", "events": [{"introduced": "0"}]}
    refused(doc, "a GIT range needs its 'repo'")
    doc["affected"][0]["ranges"][0] = {"type": "ECOSYSTEM", "events": []}
    refused(doc, "at least one event")
    doc = record("lodash")
    doc["id"] = "../../etc/passwd"
    refused(doc, "id: not an advisory id")
    doc = record("lodash")
    doc["aliases"] = ["CVE-2021-23337", "not an id"]
    refused(doc, r"aliases\[1\]: not an advisory id")
    doc = record("lodash")
    doc["affected"][0]["package"]["name"] = "@scope/"
    refused(doc, "not a npm package")


def test_budgets_on_counts_and_size() -> None:
    doc = record("requests")
    doc["affected"][0]["versions"] = [f"1.{i}" for i in range(20_001)]
    refused(doc, "20,001 entries, more than 20,000")
    doc["affected"][0]["versions"] = [f"1.{i}" for i in range(5_000)]  # real records list thousands
    assert len(read_advisory(record_bytes(doc), "f.json").affected[0].versions) == 5_000
    doc = record("requests")
    doc["affected"] = doc["affected"] * 2_001
    refused(doc, "affected: 2,001 entries")
    huge = b'{"id": "GHSA-aaaa-bbbb-cccc", "details": "' + b"x" * MAX_RECORD_BYTES + b'"}'
    with pytest.raises(ManifestError, match="larger than"):
        read_advisory(huge, "huge.json")


def test_hostile_structure_is_refused_quickly() -> None:
    deep = (
        b'{"id": "GHSA-aaaa-bbbb-cccc", "database_specific": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}"
    )
    started = time.process_time()
    with pytest.raises(ManifestError, match="nested too deeply"):
        read_advisory(deep, "deep.json")
    with pytest.raises(ManifestError, match="invalid JSON"):
        read_advisory(b'{"id": "GHSA-aaaa-bbbb-cccc",\n "modified": }', "syntax.json")
    with pytest.raises(ManifestError, match="expected a JSON object"):
        read_advisory(b"[1, 2]", "list.json")
    # a wide record within budget: thousands of events, refused at the last one
    doc = record("lodash")
    doc["affected"][0]["ranges"][0]["events"] = [{"introduced": str(i)} for i in range(1_999)] + [
        {"x": "1"}
    ]
    err = refused(doc, r"events\[1999\]: unknown event 'x'")
    assert err.line == _line_of(doc, '"x": "1"') - 1  # the event object's opening brace
    assert time.process_time() - started < 2.0 * SLACK


def test_a_list_file_keeps_the_good_records_and_positions_the_bad() -> None:
    bad = record("lodash")
    bad["modified"] = "yesterday"
    data = json.dumps([record("requests"), bad, 7, record("log4shell")], indent=2).encode()
    found, refusals = read_advisories(data, "list.json")
    assert [a.id for a in found] == ["GHSA-x84v-xcm2-53pg", "GHSA-jfh8-c2jp-5v3q"]
    first, second = refusals
    assert first.reason.startswith("modified: not an RFC 3339 time")
    assert first.line == next(
        i for i, line in enumerate(data.decode().splitlines(), 1) if '"yesterday"' in line
    )
    assert second.reason.startswith("record: expected an OSV record")
    assert read_advisories(record_bytes("lodash"), "one.json")[0][0].id == "GHSA-35jh-r3h4-6jhm"
    with pytest.raises(ManifestError, match="expected an OSV record or a list"):
        read_advisories(b'"text"', "s.json")


def test_json_position() -> None:
    text = '{"a": 1,\n "b": [ {"x": "q"}, {"y": [1,2,\n   3]} ]}'
    assert json_position(text, ()) == (1, 1)
    assert json_position(text, ("b", 1, "y", 2)) == (3, 4)
    assert json_position(text, ("b", 5)) == (2, 7)  # the deepest step found
    assert json_position('{"k": 1, "k": 2}', ("k",)) == (1, 15)  # json.loads keeps the last


_SEGMENT = st.text(
    alphabet=string.ascii_letters + string.digits + "._-@/:%+ ~Ü", min_size=1, max_size=12
)


@settings(max_examples=400)
@given(
    ecosystem=st.sampled_from(sorted(ECOSYSTEMS)),
    name=_SEGMENT,
    extra=st.lists(_SEGMENT, max_size=2),
)
def test_the_fast_package_key_equals_packageurls(
    ecosystem: str, name: str, extra: list[str]
) -> None:
    """osv_package's shortcut for plain names gives what purl_for + package_key give."""
    full = "/".join([name, *extra]) if ecosystem != "Maven" else f"{name}:{''.join(extra) or 'a'}"
    fast = _plain_key(ECOSYSTEMS[ecosystem], full)
    if fast is not None:
        assert fast == package_key(purl_for(ECOSYSTEMS[ecosystem], full))


def test_many_refusals_in_one_list_stay_linear() -> None:
    """Each refusal in a list file is positioned from its own element, found once."""
    bad = record("lodash")
    bad["published"] = "soon"
    data = json.dumps([record("requests")] + [bad] * 3_000, indent=2).encode()
    started = time.process_time()
    found, refusals = read_advisories(data, "big.json", max_bytes=len(data))
    assert len(found) == 1 and len(refusals) == 3_000
    lines = [i for i, t in enumerate(data.decode().splitlines(), 1) if '"soon"' in t]
    assert [r.line for r in refusals] == lines
    assert time.process_time() - started < 3.0 * SLACK
    assert array_starts('[1, {"a": [2]} ,\n 3]') == [1, 4, 18]
    assert array_starts("{}") == []
