"""The IP rules that hold the register against the repositories
(:mod:`lodestar.analysis.drift_ip_observed`): each fires on the case it names, stays quiet on
its near misses, names evidence, a declaration and a hint, and is waived by an exception.

Blob ids are real git object ids of the contents written (``git hash-object``), as
``observe_ip`` reads them from ``ls-tree``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest

from lodestar.analysis.drift import find_drift
from lodestar.analysis.drift_ip_observed import EMPTY_BLOB, registered_project
from lodestar.records import (
    Dependency,
    Finding,
    Observation,
    Policies,
    PolicyException,
    Scope,
    Severity,
    SourcePosition,
    Strategy,
    TechnologyUse,
)
from lodestar.records.ip import (
    ExportRecord,
    IpRegister,
    OutboundProject,
    PatentFamily,
    PatentMember,
    RepositoryVisibility,
    TradeSecret,
)
from lodestar.records.ip_observed import (
    IpObservations,
    RepositoryTree,
    UpstreamCommit,
    UpstreamProject,
)

TODAY = dt.date(2026, 9, 1)
OBSERVATION_RULES = {
    "ip-outbound-unregistered",
    "ip-outbound-cla-missing",
    "ip-trade-secret-exposed",
    "ip-export-record-missing",
    "ip-patent-notice-missing",
}
WHEN = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)
OUTBOUND = SourcePosition("ip/outbound.yaml", 1)
SECRETS = SourcePosition("ip/trade-secrets.yaml", 1)
EXPORT = SourcePosition("ip/export.yaml", 1)


def blob(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def commit(n: int, *, lines: int = 10, signed: bool = False, person: str = "ann@nw.example"):  # type: ignore[no-untyped-def]
    return UpstreamCommit(
        f"{n:040x}", person, person, WHEN + dt.timedelta(days=n), lines, 0, signed, f"change {n}"
    )


def run(register: IpRegister, facts: IpObservations, *, observations=(), policies=None):  # type: ignore[no-untyped-def]
    strategy = Strategy(ip=register, policies=policies or Policies())
    return find_drift(list(observations), strategy, today=TODAY, organisation=True, ip=facts)


def rule(findings: tuple[Finding, ...] | list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule_id]


# --- outbound --------------------------------------------------------------------------------


def _pip(*commits: UpstreamCommit, url: str | None = "https://github.com/pypa/pip.git"):  # type: ignore[no-untyped-def]
    return UpstreamProject("pip", "upstream/pip.git", url, tuple(commits), read=16_238)


def test_an_unregistered_upstream_is_one_finding_with_its_commits() -> None:
    files = {"outbound": OUTBOUND}
    facts = IpObservations(upstream=(_pip(*(commit(n) for n in range(7))),))
    found = rule(run(IpRegister(files=files), facts).findings, "ip-outbound-unregistered")
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.WARNING
    assert "7 commits (70 lines) by 1 person" in f.message and "does not list it" in f.message
    assert f.evidence[0] == "repository:pip"
    assert len(f.evidence) == 6  # the repository and the last five commits
    assert f.declaration == OUTBOUND
    assert f.subject == "pip"
    assert "`approved: true`" in f.hint


def test_an_upstream_without_the_organisations_commits_is_quiet() -> None:
    facts = IpObservations(upstream=(_pip(),))
    assert run(IpRegister(), facts).findings == ()


@pytest.mark.parametrize(
    ("project", "matches"),
    [
        (OutboundProject("pip", "pip", url="https://github.com/pypa/pip"), True),
        (
            OutboundProject("python-pip", "The pip installer", url="git@github.com:pypa/pip.git"),
            True,
        ),
        (OutboundProject("pip-fork", "pip fork", url="https://github.com/acme/pip-tools"), False),
        (OutboundProject("installer", "pip", purl="pkg:pypi/pip"), True),  # by name
    ],
)
def test_a_project_is_found_by_url_or_name(project: OutboundProject, matches: bool) -> None:
    found = registered_project(_pip(commit(1)), IpRegister(outbound=(project,)))
    assert (found is project) == matches


def test_registered_but_not_approved_is_a_finding_at_the_projects_line() -> None:
    project = OutboundProject(
        "pip",
        "pip",
        url="https://github.com/pypa/pip",
        source=SourcePosition("ip/outbound.yaml", 7),
    )
    facts = IpObservations(upstream=(_pip(commit(1)),))
    (f,) = run(IpRegister(outbound=(project,)), facts).findings
    assert f.rule == "ip-outbound-unregistered"
    assert "not approved" in f.message
    assert f.declaration == SourcePosition("ip/outbound.yaml", 7)


def test_an_approved_project_is_quiet_until_a_commit_reaches_the_self_declared_limit() -> None:
    project = OutboundProject(
        "pip", "pip", url="https://github.com/pypa/pip", approver="cto@nw.example",
        approved=True, self_declared_below=100,
    )  # fmt: skip
    small = IpObservations(upstream=(_pip(commit(1, lines=99)),))
    assert run(IpRegister(outbound=(project,)), small).findings == ()
    large = IpObservations(upstream=(_pip(commit(1, lines=99), commit(2, lines=100)),))
    (f,) = run(IpRegister(outbound=(project,)), large).findings
    assert f.rule == "ip-outbound-unregistered"
    assert "self-declared limit of 100 lines" in f.message
    assert f.evidence == ("repository:pip", f"commit:{2:040x}")


def test_a_cla_project_needs_the_signed_cla_and_an_approver() -> None:
    base = OutboundProject(
        "pip", "pip", url="https://github.com/pypa/pip", agreement="CLA", approver="cto@nw.example",
        approved=True,
    )  # fmt: skip
    facts = IpObservations(upstream=(_pip(commit(1)),))
    (f,) = run(IpRegister(outbound=(base,)), facts).findings
    assert (f.rule, f.severity) == ("ip-outbound-cla-missing", Severity.ERROR)
    assert "no signed corporate CLA" in f.message
    signed = replace(base, cla_signed=True)
    assert run(IpRegister(outbound=(signed,)), facts).findings == ()


def test_a_dco_project_needs_every_commit_signed_off() -> None:
    project = OutboundProject(
        "pip", "pip", url="https://github.com/pypa/pip", agreement="DCO", approver="cto@nw.example",
        approved=True,
    )  # fmt: skip
    facts = IpObservations(upstream=(_pip(commit(1, signed=True), commit(2), commit(3)),))
    (f,) = run(IpRegister(outbound=(project,)), facts).findings
    assert f.rule == "ip-outbound-cla-missing"
    assert "2 of the organisation's 3 commits" in f.message
    assert f.evidence == ("repository:pip", f"commit:{2:040x}", f"commit:{3:040x}")
    signed = IpObservations(upstream=(_pip(commit(1, signed=True)),))
    assert run(IpRegister(outbound=(project,)), signed).findings == ()


def test_an_exception_waives_an_outbound_finding_until_it_expires() -> None:
    facts = IpObservations(upstream=(_pip(commit(1)),))
    exc = PolicyException("ip-outbound-unregistered", None, "pip", "cto", "being registered",
                          TODAY + dt.timedelta(days=10))  # fmt: skip
    drift = run(IpRegister(), facts, policies=Policies(exceptions=(exc,)))
    assert drift.findings == () and len(drift.waived) == 1
    expired = replace(exc, expires=TODAY - dt.timedelta(days=1))
    drift = run(IpRegister(), facts, policies=Policies(exceptions=(expired,)))
    assert {f.rule for f in drift.findings} == {"ip-outbound-unregistered", "exception-expired"}


# --- trade secrets ---------------------------------------------------------------------------

PRICING = "def price(x):\n    return x * 1.0731  # the margin model\n"


def _trees(**extra: RepositoryTree) -> dict[str, RepositoryTree]:
    blobs = {"src/model/margin.py": blob(PRICING), "src/app.py": blob("app\n"), "e": EMPTY_BLOB}
    engine = RepositoryTree("pricing-engine", "a" * 40, blobs, visibility="private")
    return {"pricing-engine": engine, **extra}


SECRET = TradeSecret(
    "margin-model",
    "pricing-engine",
    ("src/model/**",),
    source=SourcePosition("ip/trade-secrets.yaml", 4),
)


def test_a_trade_secret_in_a_private_repository_is_quiet() -> None:
    register = IpRegister(trade_secrets=(SECRET,), files={"trade-secrets": SECRETS})
    assert run(register, IpObservations(trees=_trees())).findings == ()


def test_a_trade_secret_in_a_repository_declared_public_is_an_error() -> None:
    visibility = RepositoryVisibility(
        "pricing-*", "public", SourcePosition("ip/trade-secrets.yaml", 2)
    )
    register = IpRegister(trade_secrets=(SECRET,), visibility=(visibility,))
    (f,) = run(register, IpObservations(trees=_trees())).findings
    assert (f.rule, f.severity, f.repository) == (
        "ip-trade-secret-exposed",
        Severity.ERROR,
        "pricing-engine",
    )
    assert f.evidence == ("src/model/margin.py",)
    assert f.declaration == SourcePosition("ip/trade-secrets.yaml", 2)  # the visibility line
    assert f.subject == "margin-model"


def test_the_forges_visibility_counts_when_none_is_declared() -> None:
    trees = _trees()
    trees["pricing-engine"] = replace(trees["pricing-engine"], visibility="public")
    (f,) = run(IpRegister(trade_secrets=(SECRET,)), IpObservations(trees=trees)).findings
    assert f.rule == "ip-trade-secret-exposed"
    declared_private = RepositoryVisibility("pricing-engine", "internal")
    register = IpRegister(trade_secrets=(SECRET,), visibility=(declared_private,))
    assert run(register, IpObservations(trees=trees)).findings == ()  # the declaration wins


def test_a_copy_of_a_trade_secret_file_elsewhere_is_found_by_blob_id() -> None:
    copy = RepositoryTree(
        "web", "b" * 40,
        {"vendor/margin.py": blob(PRICING), "app.py": blob("app\n"), "empty.txt": EMPTY_BLOB},
    )  # fmt: skip
    register = IpRegister(trade_secrets=(SECRET,))
    (f,) = run(register, IpObservations(trees=_trees(web=copy))).findings
    assert (f.rule, f.repository) == ("ip-trade-secret-exposed", "web")
    assert f.evidence == ("vendor/margin.py", "repository:pricing-engine")
    assert f.declaration == SECRET.source
    # an identical file that is not a secret (app.py) and empty files are not copies;
    # declaring the copy as a trade secret of its own repository quiets it
    declared = TradeSecret("margin-copy", "web", ("vendor/margin.py",))
    assert (
        run(
            IpRegister(trade_secrets=(SECRET, declared)), IpObservations(trees=_trees(web=copy))
        ).findings
        == ()
    )


# --- export control --------------------------------------------------------------------------


def _obs(name: str, *techs: str, scope: Scope = Scope.RUNTIME) -> Observation:
    uses = tuple(TechnologyUse(t, "dependency", f"pkg:cargo/{t}", "Cargo.lock") for t in techs)
    deps = tuple(
        Dependency(f"pkg:cargo/{t}@1.0.0", "cargo", t, "1.0.0", None, scope, True, "Cargo.lock")
        for t in techs
    )
    return Observation(name, "c" * 40, dependencies=deps, technologies=uses)


def test_a_crypto_user_without_an_export_record_is_a_finding() -> None:
    observations = [_obs("vault", "ring", "serde"), _obs("web", "react")]
    register = IpRegister(files={"export": EXPORT})
    (f,) = rule(
        run(register, IpObservations(), observations=observations).findings,
        "ip-export-record-missing",
    )
    assert (f.rule, f.repository, f.severity) == (
        "ip-export-record-missing",
        "vault",
        Severity.WARNING,
    )
    assert f.evidence == ("technology:ring", "Cargo.lock")
    assert f.declaration == EXPORT
    assert "`classification`" in f.hint


@pytest.mark.parametrize("scope", [Scope.TEST, Scope.DEV, Scope.BUILD, Scope.DOCS])
def test_crypto_that_does_not_ship_needs_no_export_record(scope: Scope) -> None:
    """flask, pip and requests declare pyca cryptography in test and type-check groups only:
    nothing cryptographic ships, so export control has nothing to record."""
    register = IpRegister(files={"export": EXPORT})
    for observations in ([_obs("vault", "ring", scope=scope)], [_obs("vault", "ring")]):
        drift = run(register, IpObservations(), observations=observations)
        shipped = observations[0].dependencies[0].scope == Scope.RUNTIME
        assert len(rule(drift.findings, "ip-export-record-missing")) == int(shipped)


def test_without_an_export_register_crypto_use_is_not_judged() -> None:
    drift = run(IpRegister(), IpObservations(), observations=[_obs("vault", "ring")])
    assert rule(drift.findings, "ip-export-record-missing") == []


def test_an_export_record_whose_notice_is_absent_is_a_finding() -> None:
    record = ExportRecord(
        "vault", "5D002", notice="EXPORT.md", source=SourcePosition("ip/export.yaml", 3)
    )
    tree = RepositoryTree("vault", "d" * 40, {"README.md": blob("x\n")})
    facts = IpObservations(trees={"vault": tree})
    drift = run(IpRegister(exports=(record,)), facts, observations=[_obs("vault", "ring")])
    (f,) = rule(drift.findings, "ip-export-record-missing")
    assert f.rule == "ip-export-record-missing"
    assert "EXPORT.md" in f.message and f.evidence == (f"commit:{'d' * 40}",)
    assert f.declaration == SourcePosition("ip/export.yaml", 3)
    present = IpObservations(trees={"vault": replace(tree, blobs={"EXPORT.md": blob("5D002\n")})})
    drift = run(IpRegister(exports=(record,)), present, observations=[_obs("vault", "ring")])
    assert rule(drift.findings, "ip-export-record-missing") == []


# --- patent notices --------------------------------------------------------------------------


FAMILY = PatentFamily(
    "fam-routing", "Adaptive routing", (PatentMember("EP", "pending"),),
    repositories=("router",), source=SourcePosition("ip/patents.yaml", 5),
)  # fmt: skip
ASKED = Policies(ip_patent_notice=True, sections={"ip": SourcePosition("policies/ip.yaml", 1)})


def test_a_covered_repository_without_a_patent_notice_is_a_finding_when_asked() -> None:
    tree = RepositoryTree("router", "e" * 40, {"README.md": blob("# router\n")})
    facts = IpObservations(trees={"router": tree})
    assert run(IpRegister(patents=(FAMILY,)), facts).findings == ()  # the policy does not ask
    (f,) = run(IpRegister(patents=(FAMILY,)), facts, policies=ASKED).findings
    assert (f.rule, f.repository, f.subject) == (
        "ip-patent-notice-missing",
        "router",
        "fam-routing",
    )
    assert f.declaration == SourcePosition("policies/ip.yaml", 1)
    noticed = IpObservations(trees={"router": replace(tree, patent_notices=("PATENTS",))})
    assert run(IpRegister(patents=(FAMILY,)), noticed, policies=ASKED).findings == ()
    lapsed = replace(FAMILY, members=(PatentMember("EP", "lapsed"),))
    assert run(IpRegister(patents=(lapsed,)), facts, policies=ASKED).findings == ()


def test_without_observations_the_rules_do_not_run() -> None:
    register = IpRegister(trade_secrets=(SECRET,), patents=(FAMILY,))
    strategy = Strategy(ip=register, policies=ASKED)
    drift = find_drift([_obs("vault", "ring")], strategy, today=TODAY, organisation=True)
    assert not [f for f in drift.findings if f.rule in OBSERVATION_RULES]


def test_the_views_joins_read_what_the_rules_read() -> None:
    from lodestar.analysis.drift_ip_observed import crypto_inventory, outbound_contributions
    from lodestar.catalog import load_catalog

    project = OutboundProject("pip", "pip", url="https://github.com/pypa/pip")
    joined = outbound_contributions(
        [_pip(commit(1)), replace(_pip(), name="tidewater", url=None)],
        IpRegister(outbound=(project,)),
    )
    assert [(p.name, e.id if e else None) for p, e in joined] == [
        ("pip", "pip"),
        ("tidewater", None),
    ]
    record = ExportRecord("docs", "not subject to the EAR")
    inventory = crypto_inventory(
        [_obs("web", "react"), _obs("vault", "ring", "rustcrypto"), _obs("docs")],
        load_catalog(),
        IpRegister(exports=(record,)),
    )
    assert inventory == [("docs", (), record), ("vault", ("ring", "rustcrypto"), None)]
