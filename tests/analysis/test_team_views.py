"""The organisation as one team sees it: filtered where a figure can be, re-derived where not."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis import (
    OrganisationEvaluation,
    evaluate_organisation,
    for_team,
    repositories_of_team,
)
from lodestar.catalog import load_catalog
from lodestar.records import (
    Campaign,
    Matcher,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    RadarEntry,
    Strategy,
    TechnologyUse,
)
from lodestar.records.owners import OwnerRule, RepositoryOwner

TODAY = dt.date(2026, 9, 1)
FLASK = TechnologyUse("flask", "dependency", "pkg:pypi/flask@3.0.0", "requirements.txt")
FASTAPI = TechnologyUse("fastapi", "dependency", "pkg:pypi/fastapi@0.110.0", "requirements.txt")


def observation(name: str, uses: TechnologyUse, owner: str | None) -> Observation:
    rules = (OwnerRule("CODEOWNERS", 1, "*", (owner,)),) if owner else ()
    return Observation(name, "c" * 40, technologies=(uses,), owner_rules=rules)


def evaluation() -> OrganisationEvaluation:
    observations = (
        observation("orders", FLASK, "@northwind/payments"),
        observation("ledger", FASTAPI, "@northwind/payments"),
        observation("storefront", FLASK, "@northwind/web"),
        observation("infra", FLASK, None),
    )
    snapshots = tuple(
        MonthlySnapshot(
            o.repository, dt.date(2026, month, 1), "s" * 40, (o.technologies[0].technology,)
        )
        for o in observations
        for month in (6, 7, 8)
    )
    strategy = Strategy(
        entries=(
            RadarEntry(
                "flask",
                "Flask",
                "Languages & Frameworks",
                "Hold",
                matchers=(Matcher(technology="flask"),),
            ),
        ),
        campaigns=(
            Campaign(
                "flask-to-fastapi",
                "Flask to FastAPI",
                (Matcher(technology="flask"),),
                (Matcher(technology="fastapi"),),
                start=dt.date(2026, 1, 1),
                due=dt.date(2026, 12, 31),
            ),
        ),
    )
    data = OrganisationData(observations=observations, snapshots=snapshots, runtimes=())
    return evaluate_organisation(data, strategy, today=TODAY, catalog=load_catalog())


def test_team_repositories_by_the_owners_team_in_any_case() -> None:
    owners = {
        "orders": RepositoryOwner("orders", ("group:payments",), team="payments"),
        "ledger": RepositoryOwner("ledger", ("@dana",), team="Payments"),
        "storefront": RepositoryOwner("storefront", ("@northwind/web",), team="web"),
        "infra": RepositoryOwner("infra"),
    }
    assert repositories_of_team(owners, "PAYMENTS") == ("ledger", "orders")
    assert repositories_of_team(owners, "web") == ("storefront",)
    assert repositories_of_team(owners, "platform") == ()


def test_for_team_filters_findings_and_re_derives_campaigns() -> None:
    whole = evaluation()
    mine = set(repositories_of_team(whole.owners, "payments"))
    assert mine == {"orders", "ledger"}
    team = for_team(whole, mine, catalog=load_catalog())
    assert {o.repository for o in team.observations} == mine
    assert {s.repository for s in team.snapshots} == mine
    assert whole.drift is not None and team.drift is not None
    assert {f.repository for f in whole.drift.findings if f.rule == "radar-hold-in-use"} == {
        "orders",
        "storefront",
        "infra",
    }
    assert {f.repository for f in team.drift.findings} <= mine
    assert [f.repository for f in team.drift.findings if f.rule == "radar-hold-in-use"] == [
        "orders"
    ]
    assert any(f.repository is None for f in whole.drift.findings)  # organisation-wide ones
    assert team.drift.repositories == ("ledger", "orders")
    before = whole.campaigns["flask-to-fastapi"].progress
    after = team.campaigns["flask-to-fastapi"].progress
    assert (before.done, before.not_started) == (1, 3)
    assert (after.done, after.not_started) == (1, 1)  # ledger migrated, orders not
    assert [b.remaining for b in team.campaigns["flask-to-fastapi"].burndown][-1] == 1
    assert set(team.owners) == mine
    assert team.coverage == whole.coverage  # the organisation's, as documented
