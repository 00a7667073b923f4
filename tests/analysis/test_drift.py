"""The drift engine on a small scanned organisation: one test per kind of finding."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.conftest import make_repo

from lodestar.analysis.drift import RULES, Drift, find_drift
from lodestar.analysis.observed import from_scan
from lodestar.demo.content.licences import mit
from lodestar.ingest import ScanOptions, run_scan
from lodestar.records import (
    Campaign,
    Decision,
    DependencyRule,
    Finding,
    Initiative,
    LicencePolicy,
    Matcher,
    Milestone,
    MonthlySnapshot,
    Policies,
    PolicyException,
    RadarEntry,
    RadarMove,
    RepositoryRef,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.scan.discover import discover
from lodestar.scan.pipeline import scan_repository
from lodestar.store.db import database
from lodestar.store.observations import load_observations

TODAY = date(2026, 9, 1)
AGPL = "SPDX-License-Identifier: AGPL-3.0-only\n"

REPOS: dict[str, dict[str, bytes | str]] = {
    "shop-api": {
        "requirements.txt": "django==3.2.25\nmysqlclient==2.2.0\nleftpad==0.1.2\n",
        ".python-version": "3.8\n",
        "app.py": "import django\nprint(django.VERSION)\n",
        "LICENSE": mit(2024),
    },
    "web": {
        "package.json": '{"name": "web", "license": "AGPL-3.0-only",\n'
        ' "dependencies": {"express": "4.18.2", "jquery": "3.7.1"}}\n',
        "index.js": "// SPDX-License-Identifier: AGPL-3.0-only\nconsole.log(1)\n",
    },
    "reports": {
        "requirements.txt": "polars==1.0.0\npsycopg2==2.9.9\n",
        "Dockerfile": "FROM python:3.10-slim\n",
        "report.py": "import polars\n",
        "chart.py": "# SPDX-License-Identifier: GPL-3.0-only\n# copied from a plotting project\n",
        "LICENSE": mit(2025),
    },
    "lab": {
        "requirements.txt": "polars==1.0.0\n",
        "lab.py": "import polars\n",
    },
}


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("org")
    for name, files in REPOS.items():
        make_repo(root / name, files)
    with database(f"sqlite:///{root / 'lodestar.db'}") as engine:
        run_scan(engine, discover([root]), ScanOptions(workers=1))
        yield engine


def pos(path: str) -> SourcePosition:
    return SourcePosition(path, 1)


def entry(id_: str, ring: str, *matchers: Matcher, **kw: object) -> RadarEntry:
    return RadarEntry(
        id_, id_.title(), "Tools", ring, matchers=matchers, source=pos(f"radar/{id_}.md"), **kw
    )  # type: ignore[arg-type]


BASE = Strategy(
    entries=(
        entry("jquery", "Hold", Matcher(technology="jquery"), replaced_by="react"),
        entry("react", "Adopt", Matcher(technology="react")),
        entry("polars", "Assess", Matcher(purl="pkg:pypi/polars")),
        entry("python", "Adopt", Matcher(technology="python")),
    ),
    policies=Policies(source=pos("policies/policies.yaml")),
)


def drift(engine: Engine, strategy: Strategy, **kw: object) -> Drift:
    whole = kw.get("repository") is None  # the organisation, unless one repository is asked for
    observations = load_observations(engine)
    return find_drift(observations, strategy, today=TODAY, organisation=whole, **kw)  # type: ignore[arg-type]


def of(result: Drift, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_hold_technology_in_use(org: Engine) -> None:
    found = of(drift(org, BASE), "radar-hold-in-use")
    assert [(f.repository, f.subject) for f in found] == [("web", "jquery")]
    f = found[0]
    assert f.severity is Severity.WARNING
    assert "package.json:2" in f.evidence
    assert any(e.startswith("pkg:npm/jquery@") for e in f.evidence)
    assert any(e.startswith("commit:") for e in f.evidence)
    assert "replace with React" in f.hint
    assert f.declaration == pos("radar/jquery.md")


def _snap(repo: str, month: date, *techs: str) -> MonthlySnapshot:
    return MonthlySnapshot(repo, month, f"{repo}-{month:%Y%m}", technologies=techs)


def test_hold_newly_adopted_since_policy_date(org: Engine) -> None:
    strategy = replace(
        BASE, policies=replace(BASE.policies, radar_hold_no_new_since=date(2026, 3, 1))
    )
    history = [
        _snap("web", date(2026, 1, 1), "nodejs"),
        _snap("web", date(2026, 5, 1), "nodejs", "jquery"),
    ]
    result = drift(org, strategy, history=history)
    assert of(result, "radar-hold-in-use") == []
    (f,) = of(result, "radar-hold-new-adoption")
    assert f.severity is Severity.ERROR
    assert "commit:web-202605" in f.evidence
    # put on Hold only in June 2026 (radar history): adopted in May, before the Hold
    moved = RadarMove("jquery", date(2026, 6, 1), "abc", "Hold", "Trial", "moved-out")
    result = drift(org, strategy, history=history, moves=[moved])
    assert of(result, "radar-hold-new-adoption") == []
    assert len(of(result, "radar-hold-in-use")) == 1
    earlier = replace(moved, date=date(2026, 4, 1))
    (f,) = of(drift(org, strategy, history=history, moves=[earlier]), "radar-hold-new-adoption")
    assert "after 2026-04-01" in f.message
    # in use in the last month before the date: only "in use"
    old = [*history, _snap("web", date(2026, 2, 1), "nodejs", "jquery")]
    result = drift(org, strategy, history=old)
    assert of(result, "radar-hold-new-adoption") == []
    assert len(of(result, "radar-hold-in-use")) == 1


def test_assess_outside_listed_repositories(org: Engine) -> None:
    strategy = replace(BASE, policies=replace(BASE.policies, radar_assess_only_in=("lab",)))
    found = of(drift(org, strategy), "radar-assess-outside-scope")
    assert [f.repository for f in found] == ["reports"]
    assert "requirements.txt:1" in found[0].evidence
    # no list: no restriction
    assert of(drift(org, BASE), "radar-assess-outside-scope") == []


def test_decision_violation_on_the_store(org: Engine) -> None:
    decision = Decision(
        "ADR-0003",
        "Use PostgreSQL, not MySQL",
        "accepted",
        governs=(Matcher(technology="mysql"),),
        chosen="PostgreSQL",
        source=pos("decisions/0003-postgresql.md"),
    )
    found = of(drift(org, replace(BASE, decisions=(decision,))), "decision-violation")
    assert [f.repository for f in found] == ["shop-api"]
    assert found[0].severity is Severity.ERROR
    assert "requirements.txt:2" in found[0].evidence
    assert "pkg:pypi/mysqlclient@2.2.0" in found[0].evidence
    assert found[0].declaration == pos("decisions/0003-postgresql.md")
    # reports uses PostgreSQL (the chosen option): no finding
    superseded = replace(decision, status="superseded")
    assert of(drift(org, replace(BASE, decisions=(superseded,))), "decision-violation") == []


LICENCES = (
    LicencePolicy("internal", allowed=("MIT", "Apache-2.0", "AGPL-3.0-only")),
    LicencePolicy("saas", allowed=("MIT", "Apache-2.0"), denied=("AGPL-3.0-only",)),
    LicencePolicy(
        "distributed", allowed=("Apache-2.0",), review=("MIT", "NONE"), denied=("GPL-3.0-only",)
    ),
)


def test_licence_rules_per_distribution_context(org: Engine) -> None:
    policies = replace(
        BASE.policies,
        licence=LICENCES,
        licence_context={"web": "saas", "reports": "distributed", "lab": "distributed"},
    )
    result = drift(org, replace(BASE, policies=policies))
    denied = of(result, "licence-denied")
    assert [(f.repository, f.subject) for f in denied] == [
        ("reports", "GPL-3.0-only"),  # one file's SPDX header, in a distributed repository
        ("web", "AGPL-3.0-only"),
    ]
    assert denied[0].severity is Severity.ERROR
    assert "1 file marked GPL-3.0-only" in denied[0].message
    assert "licence:GPL-3.0-only" in denied[0].evidence
    review = of(result, "licence-review")
    assert [(f.repository, f.subject) for f in review] == [("lab", "NONE"), ("reports", "MIT")]
    assert "has no licence" in review[0].message
    assert "LICENSE" in review[1].evidence
    # shop-api is internal and MIT: allowed. The same AGPL repository internally: allowed.
    assert all(f.repository != "shop-api" for f in result.findings if f.rule.startswith("lic"))
    internal = replace(policies, licence_context={})
    assert of(drift(org, replace(BASE, policies=internal)), "licence-denied") == []
    only_apache = replace(internal, licence=(LicencePolicy("internal", allowed=("Apache-2.0",)),))
    not_allowed = of(drift(org, replace(BASE, policies=only_apache)), "licence-not-allowed")
    assert {f.repository for f in not_allowed} == {"shop-api", "reports", "web"}


def test_dependency_deny_and_allow_rules(org: Engine) -> None:
    policies = replace(
        BASE.policies,
        dependency_rules=(
            DependencyRule("deny", Matcher(purl="pkg:pypi/leftpad", versions="*"), "unmaintained"),
            DependencyRule("deny", Matcher(purl="pkg:npm/express", versions="<4"), "old"),
            DependencyRule(
                "deny", Matcher(technology="mysql"), "see ADR-0003", severity=Severity.WARNING
            ),
            DependencyRule("deny", Matcher(purl="pkg:pypi/psycopg*")),
            DependencyRule("allow", Matcher(purl="pkg:pypi/psycopg2", versions=">=2.9")),
        ),
    )
    found = of(drift(org, replace(BASE, policies=policies)), "dependency-denied")
    assert [(f.repository, f.subject, f.severity) for f in found] == [
        ("shop-api", "pkg:pypi/leftpad", Severity.ERROR),
        ("shop-api", "pkg:pypi/mysqlclient", Severity.WARNING),
    ]
    assert found[0].evidence == ("requirements.txt:3", "pkg:pypi/leftpad@0.1.2")
    assert "unmaintained" in found[0].message


@pytest.mark.parametrize(
    ("matcher", "denied"),
    [  # the one range module, in each dependency's ecosystem (issue 10, point 6)
        (Matcher(purl="pkg:npm/jquery", versions="^2 || ^3"), ["pkg:npm/jquery"]),
        (Matcher(purl="pkg:npm/jquery", versions="3.x"), ["pkg:npm/jquery"]),
        (Matcher(purl="pkg:npm/jquery", versions="3.0.0 - 3.7.0"), []),
        (Matcher(purl="pkg:npm/express", versions="~>4.18"), ["pkg:npm/express"]),  # npm tilde
        (Matcher(purl="pkg:pypi/django", versions="~>3.0"), ["pkg:pypi/django"]),  # RubyGems'
        (Matcher(purl="pkg:pypi/django", versions="~=3.2.0"), ["pkg:pypi/django"]),
        (Matcher(purl="pkg:pypi/django", versions="[4.0,5.0)"), []),
        (Matcher(technology="django", versions="<4 || >=6"), ["pkg:pypi/django"]),
    ],
)
def test_dependency_rules_read_ranges_per_ecosystem(
    org: Engine, matcher: Matcher, denied: list[str]
) -> None:
    policies = replace(BASE.policies, dependency_rules=(DependencyRule("deny", matcher),))
    found = of(drift(org, replace(BASE, policies=policies)), "dependency-denied")
    assert [f.subject for f in found] == denied


def test_eol_past_and_soon_per_policy(org: Engine) -> None:
    result = drift(org, BASE)
    past = {(f.repository, f.subject) for f in of(result, "eol-past")}
    assert ("shop-api", "python@3.8") in past
    assert ("shop-api", "django@3.2") in past
    assert all(f.severity is Severity.ERROR for f in of(result, "eol-past"))
    soon = of(result, "eol-soon")
    assert [(f.repository, f.subject) for f in soon] == [("reports", "python@3.10")]
    assert "Dockerfile:1" in soon[0].evidence
    lenient = replace(BASE.policies, eol_error_past=False, eol_warn_days=10)
    result = drift(org, replace(BASE, policies=lenient))
    assert all(f.severity is Severity.WARNING for f in of(result, "eol-past"))
    assert of(result, "eol-soon") == []


def test_technologies_missing_from_the_radar(org: Engine) -> None:
    found = {f.subject: f for f in of(drift(org, BASE), "radar-missing")}
    assert "django" in found
    assert "express" in found
    assert found["pip"].message.startswith("pip is used in 3 repositories")
    assert set(found["pip"].evidence) == {
        "repository:lab",
        "repository:reports",
        "repository:shop-api",
    }
    assert found["django"].severity is Severity.NOTE
    assert "quadrant Languages & Frameworks" in found["django"].hint
    assert "quadrant Tools" in found["pip"].hint
    # on the radar through a technology or a purl matcher: not missing
    for covered in ("jquery", "react", "python"):
        assert covered not in found
    polars = [e for e in BASE.entries if e.id == "polars"]
    assert polars[0].matchers[0].purl


def test_radar_entries_nobody_uses(org: Engine) -> None:
    result = drift(org, BASE)
    assert [f.subject for f in of(result, "radar-unused")] == ["react"]
    # not when evaluating one repository
    assert of(drift(org, BASE, repository="web"), "radar-unused") == []


def test_review_dates(org: Engine) -> None:
    strategy = replace(
        BASE,
        entries=(*BASE.entries, entry("kafka", "Trial", review_by=date(2026, 8, 31))),
        decisions=(
            Decision("ADR-1", "Old", "accepted", review_by=date(2026, 1, 1)),
            Decision("ADR-2", "Fine", "accepted", review_by=TODAY),
            Decision("ADR-3", "Gone", "superseded", review_by=date(2020, 1, 1)),
        ),
    )
    result = drift(org, strategy)
    assert [f.subject for f in of(result, "radar-review-due")] == ["kafka"]
    assert [f.subject for f in of(result, "decision-review-due")] == ["ADR-1"]


def test_exceptions_waive_until_they_expire(org: Engine) -> None:
    def with_exceptions(*exceptions: PolicyException) -> Strategy:
        return replace(BASE, policies=replace(BASE.policies, exceptions=exceptions))

    waiver = PolicyException(
        "radar-hold", "web", "jquery", "cto", "until the redesign", date(2026, 9, 1)
    )
    result = drift(org, with_exceptions(waiver))
    assert of(result, "radar-hold-in-use") == []
    assert [(f.rule, e) for f, e in result.waived] == [("radar-hold-in-use", waiver)]
    assert of(result, "exception-expired") == []
    # another repository, another subject, another rule: no waiver
    for other in (
        replace(waiver, repository="lab"),
        replace(waiver, subject="react"),
        replace(waiver, rule="eol"),
    ):
        assert len(of(drift(org, with_exceptions(other)), "radar-hold-in-use")) == 1
    # a purl glob as subject, every repository
    purl = replace(waiver, rule="eol", repository=None, subject="python@3.*")
    assert {f.subject for f in of(drift(org, with_exceptions(purl)), "eol-past")} == {"django@3.2"}
    # expired the day before: stops counting and is reported
    expired = replace(waiver, expires=date(2026, 8, 31), source=pos("policies/exceptions.yaml"))
    result = drift(org, with_exceptions(expired))
    assert len(of(result, "radar-hold-in-use")) == 1
    (f,) = of(result, "exception-expired")
    assert f.declaration == pos("policies/exceptions.yaml")
    assert "2026-08-31" in f.message


def test_campaign_behind_schedule(org: Engine) -> None:
    campaign = Campaign(
        "mysql-to-postgres",
        "MySQL to PostgreSQL",
        source=(Matcher(technology="mysql"),),
        target=(Matcher(technology="postgresql"),),
        start=date(2026, 1, 1),
        due=date(2026, 12, 31),
        position=pos("campaigns/mysql.md"),
    )
    # reports is done, shop-api not started: 50% done with 67% of the time gone
    (f,) = of(drift(org, replace(BASE, campaigns=(campaign,))), "campaign-behind")
    assert f.severity is Severity.WARNING
    assert f.evidence == ("repository:shop-api",)
    overdue = replace(campaign, due=date(2026, 6, 30))
    (f,) = of(drift(org, replace(BASE, campaigns=(overdue,))), "campaign-behind")
    assert f.severity is Severity.ERROR
    assert "overdue" in f.message
    relaxed = replace(campaign, due=date(2027, 12, 31))
    assert of(drift(org, replace(BASE, campaigns=(relaxed,))), "campaign-behind") == []


def test_milestones_overdue(org: Engine) -> None:
    initiative = Initiative(
        "checkout",
        "New checkout",
        "active",
        milestones=(
            Milestone("beta", date(2026, 6, 1)),
            Milestone("alpha", date(2026, 3, 1), done=True),
            Milestone("ga", date(2026, 12, 1)),
        ),
    )
    found = of(drift(org, replace(BASE, initiatives=(initiative,))), "milestone-overdue")
    assert ["beta" in f.message for f in found] == [True]
    paused = replace(initiative, status="paused")
    assert of(drift(org, replace(BASE, initiatives=(paused,))), "milestone-overdue") == []


def test_order_is_deterministic_and_rules_are_known(org: Engine) -> None:
    result = drift(org, BASE)
    again = drift(org, BASE)
    assert result == again
    ranks = [f.severity.rank for f in result.findings]
    assert ranks == sorted(ranks, reverse=True)
    assert {f.rule for f in result.findings} <= set(RULES)


def test_one_repository_scanned_in_memory(tmp_path: Path) -> None:
    make_repo(tmp_path / "web", REPOS["web"])
    scan = scan_repository(RepositoryRef("web", str(tmp_path / "web")))
    policies = replace(BASE.policies, licence=LICENCES, licence_context={"web": "saas"})
    result = find_drift([from_scan(scan)], replace(BASE, policies=policies), today=TODAY)
    assert not result.organisation
    assert {f.rule for f in result.findings} == {"radar-hold-in-use", "licence-denied"}
    assert result.at_or_above(Severity.ERROR)[0].rule == "licence-denied"


def test_evaluate_organisation_in_one_call(org: Engine) -> None:
    from lodestar.analysis.organisation import evaluate_organisation
    from lodestar.records import KeyResult, Objective
    from lodestar.store.organisation import load_organisation

    campaign = Campaign(
        "pg",
        "MySQL to PostgreSQL",
        (Matcher(technology="mysql"),),
        (Matcher(technology="postgresql"),),
    )
    initiative = Initiative(
        "db",
        "One database",
        "active",
        objectives=(Objective("PostgreSQL", (KeyResult("migrated", 100, metric="campaign:pg"),)),),
    )
    strategy = replace(BASE, campaigns=(campaign,), initiatives=(initiative,))
    report = evaluate_organisation(load_organisation(org), strategy, today=TODAY)
    assert [o.repository for o in report.observations] == ["lab", "reports", "shop-api", "web"]
    assert report.snapshots == ()  # not mined in this store
    assert report.history is None  # not asked for
    assert report.drift == drift(org, strategy)
    assert report.campaigns["pg"].progress.percent == 50.0
    assert report.initiatives[0].key_results[0].value == 50.0
