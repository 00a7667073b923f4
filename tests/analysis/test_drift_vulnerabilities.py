"""The ``vulnerability`` drift rule: bands, the policy's thresholds, VEX statements, exceptions,
and a check without advisories unchanged; on real advisories (requests, lodash, Log4Shell)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st
from tests.vuln_facts import ADVISORIES, OBSERVATIONS, matches

from lodestar.analysis.drift import Drift, evidence_location, find_drift
from lodestar.analysis.drift_vulnerabilities import finding_severity, statement_for
from lodestar.analysis.observed import purl_matches
from lodestar.analysis.organisation import evaluate_organisation
from lodestar.records import (
    Campaign,
    Finding,
    Matcher,
    OrganisationData,
    Policies,
    PolicyException,
    RadarEntry,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.records.vulns import VexStatement, VulnerabilityPolicy

TODAY = date(2026, 12, 7)


def _drift(policy: VulnerabilityPolicy | None = None, **policies: object) -> Drift:
    strategy = Strategy(
        policies=Policies(vulnerabilities=policy or VulnerabilityPolicy(), **policies)  # type: ignore[arg-type]
    )
    return find_drift(OBSERVATIONS, strategy, today=TODAY, vulnerabilities=matches())


def _vulns(drift: Drift) -> list[Finding]:
    return [f for f in drift.findings if f.rule == "vulnerability"]


def test_one_finding_per_advisory_repository_package_and_version() -> None:
    found = _vulns(_drift())
    assert [(f.repository, f.subject, f.severity) for f in found] == [
        ("billing", "GHSA-jfh8-c2jp-5v3q", Severity.ERROR),
        ("billing", "GHSA-x84v-xcm2-53pg", Severity.ERROR),
        ("storefront", "GHSA-35jh-r3h4-6jhm", Severity.ERROR),
        ("storefront", "GHSA-x84v-xcm2-53pg", Severity.NOTE),  # may be affected: unpinned
    ]
    requests = found[1]
    assert requests.message == (
        "billing uses requests@2.19.1, affected by GHSA-x84v-xcm2-53pg (CVE-2018-18074), "
        "high 7.5: Insufficiently Protected Credentials in Requests"
    )
    # both manifests that declare requests 2.19.1 are evidence; the first is the location
    assert requests.evidence == (
        "requirements.txt:3",
        "uv.lock:41",
        "pkg:pypi/requests@2.19.1",
        "advisory:GHSA-x84v-xcm2-53pg",
    )
    assert evidence_location(requests) == ("requirements.txt", 3)
    assert requests.hint == "upgrade requests to 2.20.0 (in requirements.txt)"


def test_transitive_and_unpinned_findings_say_how_to_fix_them() -> None:
    found = {(f.repository, f.subject): f for f in _vulns(_drift())}
    lodash = found["storefront", "GHSA-35jh-r3h4-6jhm"]
    assert "update the package that requires it" in lodash.hint
    assert lodash.hint.startswith("upgrade lodash to 4.17.21")
    loose = found["storefront", "GHSA-x84v-xcm2-53pg"]
    assert "declares requests >=2.0 with no locked version" in loose.message
    assert "high 7.5, affected <2.20.0: Insufficiently Protected" in loose.message
    assert loose.hint == "lock the version, or require requests >=2.20.0"


def test_policy_bands_grade_the_findings() -> None:
    strict = VulnerabilityPolicy(error_at="critical", warning_at="high", may_be_affected=False)
    found = {(f.repository, f.subject): f.severity for f in _vulns(_drift(strict))}
    assert found == {
        ("billing", "GHSA-jfh8-c2jp-5v3q"): Severity.ERROR,  # critical 10.0
        ("billing", "GHSA-x84v-xcm2-53pg"): Severity.WARNING,  # high 7.5
        ("storefront", "GHSA-35jh-r3h4-6jhm"): Severity.WARNING,
    }
    quiet = VulnerabilityPolicy(error_at="critical", warning_at="critical", ignore_below="critical")
    assert [f.subject for f in _vulns(_drift(quiet))] == ["GHSA-jfh8-c2jp-5v3q"]


def test_bands_below_warning_are_notes_and_unknown_ranks_as_medium() -> None:
    (one, *_) = matches()
    policy = VulnerabilityPolicy()
    assert finding_severity(replace(one, band="low", score=3.1), policy) is Severity.NOTE
    assert finding_severity(replace(one, band="medium", score=5.3), policy) is Severity.WARNING
    assert finding_severity(replace(one, band="unknown", score=None), policy) is Severity.WARNING
    ignoring = VulnerabilityPolicy(ignore_below="medium")
    assert finding_severity(replace(one, band="low", score=3.1), ignoring) is None


def test_not_affected_statements_take_findings_out_as_analysed() -> None:
    statement = VexStatement(
        advisory="CVE-2021-44228",  # an alias names the advisory as well as its GHSA id
        status="not_affected",
        repository="billing",
        package="pkg:maven/org.apache.logging.log4j/*",
        justification="vulnerable_code_not_in_execute_path",
        detail="JNDI lookups are disabled (log4j2.formatMsgNoLookups=true)",
        owner="security@example.com",
        source=SourcePosition("policies/vulnerabilities.yaml", 9),
    )
    drift = _drift(VulnerabilityPolicy(statements=(statement,)))
    assert "GHSA-jfh8-c2jp-5v3q" not in {f.subject for f in drift.findings}
    ((finding, why),) = drift.analysed
    assert finding.subject == "GHSA-jfh8-c2jp-5v3q"
    assert why is statement
    assert finding.declaration == statement.source


def test_statements_that_keep_the_finding_say_so() -> None:
    broad = VexStatement("GHSA-x84v-xcm2-53pg", "under_investigation", owner="platform-team")
    narrow = VexStatement("GHSA-x84v-xcm2-53pg", "affected", repository="billing")
    drift = _drift(VulnerabilityPolicy(statements=(broad, narrow)))
    found = {(f.repository, f.subject): f for f in _vulns(drift)}
    assert found["billing", "GHSA-x84v-xcm2-53pg"].message.endswith("[VEX: affected]")
    assert found["storefront", "GHSA-x84v-xcm2-53pg"].message.endswith(
        "[VEX: under investigation by platform-team]"
    )
    assert drift.analysed == ()


def test_the_most_specific_statement_wins() -> None:
    (billing_requests, *_) = matches()
    everywhere = VexStatement("GHSA-x84v-xcm2-53pg", "affected")
    here = VexStatement("CVE-2018-18074", "fixed", repository="billing")
    elsewhere = VexStatement("GHSA-x84v-xcm2-53pg", "fixed", repository="reports")
    other_package = VexStatement("GHSA-x84v-xcm2-53pg", "fixed", package="pkg:pypi/urllib3")
    statements = (everywhere, here, elsewhere, other_package)
    assert statement_for(billing_requests, statements) is here
    assert statement_for(billing_requests, (elsewhere, other_package)) is None


def test_exceptions_waive_by_advisory_alias_or_purl() -> None:
    def waiver(subject: str) -> PolicyException:
        return PolicyException(
            "vulnerability", "billing", subject, "jane", "patched in our fork", date(2027, 1, 31)
        )

    for subject in ("CVE-2018-18074", "GHSA-x84v-*", "pkg:pypi/requests"):
        drift = _drift(exceptions=(waiver(subject),))
        assert [f.subject for f, _ in drift.waived] == ["GHSA-x84v-xcm2-53pg"], subject
        assert ("billing", "GHSA-x84v-xcm2-53pg") not in {
            (f.repository, f.subject) for f in drift.findings
        }


def test_without_advisories_check_is_what_it_was() -> None:
    entry = RadarEntry(
        "log4j",
        "Log4j",
        "Tools",
        "Hold",
        matchers=(Matcher(purl="pkg:maven/org.apache.logging.log4j/*"),),
    )
    strategy = Strategy(entries=(entry,))
    before = find_drift(OBSERVATIONS, strategy, today=TODAY)
    assert find_drift(OBSERVATIONS, strategy, today=TODAY, advisories=()) == before
    assert find_drift(OBSERVATIONS, strategy, today=TODAY, vulnerabilities=[]) == before
    assert [f.rule for f in before.findings] == ["radar-hold-in-use"]


def test_one_repository_sees_only_its_own_vulnerabilities() -> None:
    drift = find_drift(
        OBSERVATIONS, Strategy(), today=TODAY, repository="reports", vulnerabilities=matches()
    )
    assert drift.findings == ()


# --- with the matching engine (lodestar.analysis.vulnerabilities) on the real advisories ------


def test_the_matching_engine_feeds_the_rule() -> None:
    drift = find_drift(OBSERVATIONS, Strategy(), today=TODAY, advisories=ADVISORIES)
    found = [(f.repository, f.subject, f.severity.value) for f in _vulns(drift)]
    assert found == [
        ("billing", "CVE-2021-44228", "error"),
        ("billing", "CVE-2018-18074", "error"),
        ("storefront", "CVE-2021-23337", "error"),
        ("storefront", "CVE-2018-18074", "note"),
    ]  # reports uses requests 2.31.0: not affected
    log4shell = _vulns(drift)[0]
    assert log4shell.message.startswith(
        "billing uses org.apache.logging.log4j:log4j-core@2.14.1, affected by CVE-2021-44228 "
        "(GHSA-jfh8-c2jp-5v3q), critical 10.0"
    )
    assert log4shell.hint == "upgrade org.apache.logging.log4j:log4j-core to 2.15.0 (in pom.xml)"
    # a statement naming the GHSA id covers the group the CVE id names
    statement = VexStatement(
        "GHSA-jfh8-c2jp-5v3q", "not_affected", justification="component_not_present"
    )
    strategy = Strategy(
        policies=Policies(vulnerabilities=VulnerabilityPolicy(statements=(statement,)))
    )
    vexed = find_drift(OBSERVATIONS, strategy, today=TODAY, advisories=ADVISORIES)
    assert [f.subject for f, _ in vexed.analysed] == ["CVE-2021-44228"]


def _campaign(versions: str) -> Campaign:
    log4j = "pkg:maven/org.apache.logging.log4j/log4j-core"
    return Campaign(
        "log4j-2-17",
        "Log4j 2.17 everywhere",
        source=(Matcher(purl=log4j, versions="<2.17.1"),),
        target=(Matcher(purl=log4j, versions=versions),),
        position=SourcePosition("campaigns/log4j-2-17.md", 1),
    )


def test_a_campaign_target_that_admits_a_vulnerable_version() -> None:
    def targets(versions: str) -> list[Finding]:
        strategy = Strategy(campaigns=(_campaign(versions),))
        drift = find_drift(
            OBSERVATIONS, strategy, today=TODAY, advisories=ADVISORIES, organisation=True
        )
        return [f for f in drift.findings if f.rule == "vulnerability-campaign-target"]

    (loose,) = targets(">=2.14.0")
    assert loose.severity is Severity.WARNING
    assert loose.subject == "CVE-2021-44228"
    assert loose.repository is None
    assert loose.declaration == SourcePosition("campaigns/log4j-2-17.md", 1)
    assert loose.message.startswith(
        "campaign 'log4j-2-17' migrates to org.apache.logging.log4j:log4j-core >=2.14.0, which "
        "admits versions affected by CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q), critical 10.0"
    )
    assert targets(">=2.17.1") == []
    assert targets("[2.17.1,)") == []  # Maven's interval spelling
    assert len(targets("[2.12.0,2.13.0)")) == 1  # inside 2.4 ≤ v < 2.12.2
    assert targets("2.12.2") == []  # the fixed release of the 2.12 line


def test_radar_entries_count_their_open_advisories() -> None:
    hold = RadarEntry(
        "log4j",
        "Log4j 2",
        "Languages & Frameworks",
        "Hold",
        matchers=(Matcher(purl="pkg:maven/org.apache.logging.log4j/*"),),
    )
    http = RadarEntry(
        "requests",
        "Requests",
        "Languages & Frameworks",
        "Adopt",
        matchers=(Matcher(purl="pkg:pypi/requests"),),
    )
    data = OrganisationData(OBSERVATIONS, (), (), advisories=ADVISORIES)
    evaluation = evaluate_organisation(data, Strategy(entries=(hold, http)), today=TODAY)
    # the unpinned storefront requests counts nowhere: not known to be affected
    assert evaluation.radar_advisories == {
        "log4j": ("CVE-2021-44228",),
        "requests": ("CVE-2018-18074",),
    }
    assert {v.advisory for v in evaluation.vulnerabilities} == {
        "CVE-2021-44228",
        "CVE-2018-18074",
        "CVE-2021-23337",
    }
    assert evaluation.drift is not None
    assert {f.subject for f in evaluation.drift.findings if f.rule == "vulnerability"} == {
        "CVE-2021-44228",
        "CVE-2018-18074",
        "CVE-2021-23337",
    }
    statement = VexStatement(
        "CVE-2021-44228", "not_affected", justification="component_not_present"
    )
    policies = Policies(vulnerabilities=VulnerabilityPolicy(statements=(statement,)))
    vexed = evaluate_organisation(
        data, Strategy(entries=(hold, http), policies=policies), today=TODAY
    )
    assert vexed.radar_advisories == {"requests": ("CVE-2018-18074",)}
    bare = evaluate_organisation(OrganisationData(OBSERVATIONS, (), ()), Strategy(), today=TODAY)
    assert (bare.vulnerabilities, bare.radar_advisories) == ((), {})


def test_a_hold_entry_names_its_open_advisories() -> None:
    hold = RadarEntry(
        "log4j",
        "Log4j 2",
        "Languages & Frameworks",
        "Hold",
        matchers=(Matcher(purl="pkg:maven/org.apache.logging.log4j/*"),),
    )
    drift = find_drift(OBSERVATIONS, Strategy(entries=(hold,)), today=TODAY, advisories=ADVISORIES)
    (finding,) = [f for f in drift.findings if f.rule == "radar-hold-in-use"]
    assert finding.message == (
        "billing uses Log4j 2, which the radar puts on Hold, with 1 open advisory (CVE-2021-44228)"
    )
    without = find_drift(OBSERVATIONS, Strategy(entries=(hold,)), today=TODAY)
    assert without.findings[0].message == "billing uses Log4j 2, which the radar puts on Hold"


# --- properties -------------------------------------------------------------------------------

_BANDS = ("critical", "high", "medium", "low", "none")


@given(
    st.sampled_from(_BANDS),
    st.sampled_from(_BANDS),
    st.one_of(st.none(), st.sampled_from(_BANDS)),
    st.sampled_from(_BANDS),
    st.sampled_from(_BANDS),
)
def test_severity_never_falls_as_the_band_rises(
    error_at: str, warning_at: str, ignore_below: str | None, lower: str, higher: str
) -> None:
    assume(_BANDS.index(error_at) <= _BANDS.index(warning_at))
    assume(_BANDS.index(higher) <= _BANDS.index(lower))
    policy = VulnerabilityPolicy(
        error_at=error_at, warning_at=warning_at, ignore_below=ignore_below
    )
    (one, *_) = matches()

    def rank(band: str) -> int:
        found = finding_severity(replace(one, band=band), policy)
        return 0 if found is None else found.rank

    assert rank(higher) >= rank(lower)
    assert (rank(error_at) == Severity.ERROR.rank) == (
        ignore_below is None or _BANDS.index(error_at) <= _BANDS.index(ignore_below)
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(("CVE-2018-18074", "GHSA-x84v-xcm2-53pg", "CVE-2021-44228")),
            st.sampled_from((None, "billing", "storefront")),
            st.sampled_from((None, "pkg:pypi/requests", "pkg:pypi/*", "pkg:npm/lodash")),
            st.sampled_from(("affected", "fixed", "not_affected", "under_investigation")),
        ),
        max_size=8,
    )
)
def test_the_index_finds_what_a_linear_search_finds(
    raw: list[tuple[str, str | None, str | None, str]],
) -> None:
    statements = tuple(
        VexStatement(
            advisory,
            status,
            repository=repo,
            package=package,
            source=SourcePosition("policies/vex.yaml", line + 1),
        )
        for line, (advisory, repo, package, status) in enumerate(raw)
    )
    for vuln in matches():
        ids = {vuln.advisory.lower(), *(a.lower() for a in vuln.aliases)}
        applicable = [
            s
            for s in statements
            if s.advisory.lower() in ids
            and s.repository in (None, vuln.repository)
            and (s.package is None or purl_matches(s.package, vuln.purl))
        ]
        weight = {s: (s.repository is not None) + (s.package is not None) for s in applicable}
        expected = max(applicable, key=lambda s: weight[s], default=None)  # first of the heaviest
        assert statement_for(vuln, statements) == expected
