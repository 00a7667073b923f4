"""Real advisories transcribed from the public GitHub Advisory Database / OSV (facts: ids,
aliases, ranges, fixed versions, CVSS vectors, dates), and the dependencies of a small
organisation that uses the affected packages, for the vulnerability rules' tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lodestar.records import Dependency, Observation, Scope
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
    Vulnerability,
)


def _utc(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def _range(*pairs: tuple[str, str]) -> AffectedRange:
    return AffectedRange("ECOSYSTEM", tuple(RangeEvent(k, v) for k, v in pairs))


REQUESTS = Advisory(
    id="GHSA-x84v-xcm2-53pg",
    modified=_utc("2023-09-13T20:23:00"),
    published=_utc("2018-10-29T19:06:46"),
    aliases=("CVE-2018-18074",),
    summary="Insufficiently Protected Credentials in Requests",
    severity=(SeverityVector("CVSS_V3", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"),),
    affected=(
        AffectedPackage(
            "PyPI",
            "requests",
            "pkg:pypi/requests",
            (_range(("introduced", "0"), ("fixed", "2.20.0")),),
        ),
    ),
    references=(
        "https://nvd.nist.gov/vuln/detail/CVE-2018-18074",
        "https://github.com/psf/requests/pull/4718",
        "https://github.com/advisories/GHSA-x84v-xcm2-53pg",
    ),
    database_severity="HIGH",
)

LODASH = Advisory(
    id="GHSA-35jh-r3h4-6jhm",
    modified=_utc("2023-09-13T20:17:30"),
    published=_utc("2021-05-06T16:05:51"),
    aliases=("CVE-2021-23337",),
    summary="Command Injection in lodash",
    severity=(SeverityVector("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"),),
    affected=(
        AffectedPackage(
            "npm",
            "lodash",
            "pkg:npm/lodash",
            (_range(("introduced", "0"), ("fixed", "4.17.21")),),
        ),
    ),
    references=(
        "https://nvd.nist.gov/vuln/detail/CVE-2021-23337",
        "https://github.com/advisories/GHSA-35jh-r3h4-6jhm",
    ),
    database_severity="HIGH",
)

LOG4SHELL = Advisory(
    id="GHSA-jfh8-c2jp-5v3q",
    modified=_utc("2024-02-09T21:35:45"),
    published=_utc("2021-12-10T00:40:56"),
    aliases=("CVE-2021-44228",),
    summary="Remote code injection in Log4j",
    severity=(SeverityVector("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),),
    affected=(
        AffectedPackage(
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "pkg:maven/org.apache.logging.log4j/log4j-core",
            (
                _range(("introduced", "2.13.0"), ("fixed", "2.15.0")),
                _range(("introduced", "2.0-beta9"), ("fixed", "2.3.1")),
                _range(("introduced", "2.4"), ("fixed", "2.12.2")),
            ),
        ),
    ),
    references=(
        "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
        "https://logging.apache.org/log4j/2.x/security.html",
        "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q",
    ),
    database_severity="CRITICAL",
)

ADVISORIES = (REQUESTS, LODASH, LOG4SHELL)


def dep(
    purl: str,
    name: str,
    version: str | None,
    manifest: str,
    line: int,
    *,
    constraint: str | None = None,
    direct: bool = True,
) -> Dependency:
    ecosystem = purl[4:].split("/", 1)[0]
    return Dependency(
        purl=f"{purl}@{version}" if version else purl,
        ecosystem=ecosystem,
        name=name,
        version=version,
        constraint=constraint if constraint is not None else version,
        scope=Scope.RUNTIME,
        direct=direct,
        manifest=manifest,
        line=line,
    )


OBSERVATIONS = (
    Observation(
        "billing",
        "a" * 40,
        dependencies=(
            dep("pkg:pypi/requests", "requests", "2.19.1", "requirements.txt", 3),
            dep("pkg:pypi/requests", "requests", "2.19.1", "uv.lock", 41),
            dep(
                "pkg:maven/org.apache.logging.log4j/log4j-core",
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                "pom.xml",
                27,
            ),
        ),
    ),
    Observation(
        "storefront",
        "b" * 40,
        dependencies=(
            dep("pkg:npm/lodash", "lodash", "4.17.20", "package-lock.json", 812, direct=False),
            dep(
                "pkg:pypi/requests",
                "requests",
                None,
                "scripts/requirements.in",
                1,
                constraint=">=2.0",
            ),
        ),
    ),
    Observation(
        "reports",
        "c" * 40,
        dependencies=(dep("pkg:pypi/requests", "requests", "2.31.0", "requirements.txt", 1),),
    ),
)


def vulnerability(
    advisory: Advisory,
    dependency: Dependency,
    repository: str,
    *,
    fixed: str | None,
    score: float,
    band: str,
    affected: str,
) -> Vulnerability:
    """One match as the matching engine makes it (hand-built: the rule's input)."""
    status = "affected" if dependency.version else "may-be-affected"
    return Vulnerability(
        advisory=advisory.id,
        aliases=advisory.aliases,
        summary=advisory.summary,
        repository=repository,
        purl=dependency.purl,
        package=dependency.purl.split("@", 1)[0] if dependency.version else dependency.purl,
        version=dependency.version,
        constraint=dependency.constraint,
        manifest=dependency.manifest,
        line=dependency.line,
        direct=dependency.direct,
        scope=dependency.scope.value,
        status=status,
        affected=affected,
        fixed=fixed,
        score=score,
        band=band,
        vector=advisory.severity[0].score,
        published=advisory.published.date() if advisory.published else None,
        references=advisory.references,
    )


def matches() -> list[Vulnerability]:
    """What matching the organisation against :data:`ADVISORIES` gives."""
    billing, storefront, _ = OBSERVATIONS
    req, req_lock, log4j = billing.dependencies
    lodash, loose = storefront.dependencies
    return [
        vulnerability(
            REQUESTS, req, "billing", fixed="2.20.0", score=7.5, band="high", affected="<2.20.0"
        ),
        vulnerability(
            REQUESTS,
            req_lock,
            "billing",
            fixed="2.20.0",
            score=7.5,
            band="high",
            affected="<2.20.0",
        ),
        vulnerability(
            LOG4SHELL,
            log4j,
            "billing",
            fixed="2.15.0",
            score=10.0,
            band="critical",
            affected=">=2.13.0, <2.15.0",
        ),
        vulnerability(
            LODASH,
            lodash,
            "storefront",
            fixed="4.17.21",
            score=7.2,
            band="high",
            affected="<4.17.21",
        ),
        vulnerability(
            REQUESTS,
            loose,
            "storefront",
            fixed="2.20.0",
            score=7.5,
            band="high",
            affected="<2.20.0",
        ),
    ]


def scanned_workspace(root: Path, repos: dict[str, dict[str, str]], policy: str) -> Path:
    """A workspace at ``root`` with ``repos`` (name → files) scanned, ``policy`` as
    ``policies/security.yaml`` and the advisories above imported (as of 2026-12-06)."""
    from tests.conftest import make_repo
    from typer.testing import CliRunner

    from lodestar.cli.app import app
    from lodestar.settings import Workspace, init_workspace
    from lodestar.store import database, write_advisories

    for name, files in repos.items():
        make_repo(root / "repos" / name, files)
    init_workspace(root, name="Acme", sources=["repos"])
    (root / "policies").mkdir(exist_ok=True)
    (root / "policies" / "security.yaml").write_text(policy, "utf-8")
    result = CliRunner().invoke(app, ["-w", str(root), "scan", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    with database(Workspace.load(root).database_url) as engine, engine.begin() as conn:
        write_advisories(conn, ADVISORIES, imported_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    return root
