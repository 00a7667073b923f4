"""Vulnerabilities for the cockpit's test organisation (tests/web/conftest.py's store).

Real Django advisories (ids, affected ranges, fixed versions, publication dates and CVSS base
scores as GitHub's advisory database gives them) matched by hand against the store's
repositories, with a hostile summary; the exposure history is computed by the evaluator's own
function from hand-built monthly snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from lodestar.analysis.exposure import VulnerabilityExposure, vulnerability_exposure
from lodestar.records import Dependency, MonthlySnapshot, Scope
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import Vulnerability
from lodestar.web.cockpit import Cockpit

HOSTILE_SUMMARY = '<script>window.__pwned = 9</script><img src=x onerror="window.__pwned=10">'


def _django(version: str) -> Dependency:
    return Dependency(
        purl=f"pkg:pypi/django@{version}",
        ecosystem="pypi",
        name="Django",
        version=version,
        constraint=f"=={version}",
        scope=Scope.RUNTIME,
        direct=True,
        manifest="requirements.txt",
        line=3,
    )


def _vuln(
    repository: str,
    used: str,
    advisory: tuple[str, str, str, str, str, float, dt.date],
    **kw: object,
) -> Vulnerability:
    ident, alias, affected, fixed, band, score, published = advisory
    v = Vulnerability(
        advisory=ident,
        aliases=(alias,),
        summary=str(kw.pop("summary", "")),
        repository=repository,
        purl=f"pkg:pypi/django@{used}",
        package="pkg:pypi/django",
        version=used,
        constraint=f"=={used}",
        manifest="requirements.txt",
        line=3,
        direct=True,
        scope="runtime",
        status="affected",
        affected=affected,
        fixed=fixed,
        score=score,
        band=band,
        published=published,
    )
    return replace(v, **kw)  # type: ignore[arg-type]  # test overrides of record fields


# SQL injection in Trunc(kind)/Extract(lookup_name)
TRUNC = (
    "CVE-2022-34265",
    "GHSA-p64x-8rxx-wf6q",
    ">=3.2, <3.2.14",
    "3.2.14",
    "critical",
    9.8,
    dt.date(2022, 7, 4),
)
# directory traversal in admindocs' TemplateDetailView
ADMINDOCS = (
    "CVE-2021-33203",
    "GHSA-68w8-qjq3-2gfm",
    ">=3.2, <3.2.4",
    "3.2.4",
    "medium",
    4.9,
    dt.date(2021, 6, 8),
)
# denial of service in django.utils.encoding.uri_to_iri
URI_TO_IRI = (
    "CVE-2023-41164",
    "GHSA-7h4p-27mh-hmrw",
    ">=4.2, <4.2.5",
    "4.2.5",
    "high",
    7.5,
    dt.date(2023, 9, 4),
)


def current() -> tuple[Vulnerability, ...]:
    """The current scans' matches: orders-api on Django 3.2.1, billing on 4.2.3."""
    return (
        _vuln("orders-api", "3.2.1", TRUNC, summary=HOSTILE_SUMMARY),
        _vuln("orders-api", "3.2.1", ADMINDOCS),
        _vuln("billing", "4.2.3", URI_TO_IRI),
        _vuln(
            "billing",
            "4.2.3",
            ADMINDOCS,
            status="may-be-affected",
            version=None,
            constraint=">=3.2",
            manifest="setup.cfg",
            line=12,
        ),
    )


def _match(repository: str, deps: Sequence[Dependency]) -> list[Vulnerability]:
    versions = {d.version for d in deps if d.purl.startswith("pkg:pypi/django@")}
    out = []
    for version in versions:
        if version == "3.2.1":
            out += [_vuln(repository, version, TRUNC), _vuln(repository, version, ADMINDOCS)]
        elif version == "4.2.3":
            out.append(_vuln(repository, version, URI_TO_IRI))
    return out


def _snapshots() -> list[MonthlySnapshot]:
    snaps = [  # orders-api: Django 3.2.1 all year
        MonthlySnapshot("orders-api", dt.date(2026, m, 1), "a" * 40, (), (_django("3.2.1"),))
        for m in range(1, 6)
    ]
    snaps += [  # billing: 3.2.1 until March, 4.2.3 from April
        MonthlySnapshot(
            "billing", dt.date(2026, m, 1), "b" * 40, (), (_django("3.2.1" if m <= 3 else "4.2.3"),)
        )
        for m in range(1, 6)
    ]
    return snaps


OWNERS = {
    "orders-api": RepositoryOwner(
        "orders-api", ("@northwind/payments",), "CODEOWNERS:1", team="payments"
    ),
}


def exposure(today: dt.date) -> VulnerabilityExposure:
    return vulnerability_exposure(_snapshots(), current(), _match, today=today, owners=OWNERS)


def with_vulnerabilities(cockpit: Cockpit) -> Cockpit:
    return replace(
        cockpit,
        vulnerabilities=current(),
        exposure=exposure(cockpit.today),
        owners=dict(OWNERS),
    )
