"""Ownership: CODEOWNERS matching, the declared owner's precedence, teams, observed owners,
the four ownership drift rules and the owner on every finding."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.analysis import (
    Drift,
    evaluate_organisation,
    find_drift,
    path_owners,
    repository_owners,
    team_of,
    teams,
    with_owners,
)
from lodestar.analysis.owner_patterns import compile_pattern
from lodestar.analysis.ownership import Ownership, descriptor_owner
from lodestar.records import (
    Commit,
    FileChange,
    FileKind,
    FileStat,
    Finding,
    Identity,
    Observation,
    OrganisationData,
    PolicyException,
    RepoHistory,
    Severity,
    Strategy,
)
from lodestar.records.owners import CatalogEntity, OwnerRule, RepositoryOwner
from lodestar.scan.codeowners import parse_codeowners

TODAY = dt.date(2026, 10, 31)


def _rules(text: str, *, gitlab: bool = False) -> list[OwnerRule]:
    rules, warnings = parse_codeowners("CODEOWNERS", text, gitlab=gitlab)
    assert warnings == []
    return rules


@pytest.mark.parametrize(
    ("pattern", "path", "owned"),
    [
        ("*", "README.md", True),
        ("*", "a/b/c.py", True),
        ("*.js", "app.js", True),
        ("*.js", "src/deep/app.js", True),
        ("*.js", "app.jsx", False),
        ("/docs/", "docs/guide.md", True),
        ("/docs/", "docs/a/b/guide.md", True),
        ("/docs/", "src/docs/guide.md", False),
        ("/docs/", "docs", False),  # a file named docs is no directory
        ("docs/", "src/docs/guide.md", True),  # no inner slash: at any depth
        ("docs/*", "docs/getting-started.md", True),
        ("docs/*", "docs/build-app/troubleshooting.md", False),  # GitHub's example
        ("docs/*", "src/docs/x.md", False),  # an inner slash anchors
        ("apps/*", "apps/web", True),
        ("apps/*", "apps/web/index.js", False),
        ("apps/", "services/apps/x.go", True),
        ("**/logs", "build/logs/today.log", True),
        ("**/logs", "deeply/nested/logs/a", True),
        ("**/logs", "logs/a", True),
        ("/build/logs/", "build/logs/x/y", True),
        ("/build/logs/", "src/build/logs/x", False),
        ("docs/**/*.md", "docs/a/b/c.md", True),
        ("docs/**/*.md", "docs/c.md", True),
        ("docs/**/*.md", "docs/a/c.txt", False),
        ("/", "anything/at/all", True),
        ("README", "sub/README", True),
        ("README", "README.md", False),
        ("[Tt]ests/", "Tests/x.py", True),
        ("[!T]ests/", "Tests/x.py", False),
        ("?.py", "a.py", True),
        ("?.py", "ab.py", False),
        ("!/vendor/", "vendor/lib.js", True),  # matches; negation is the caller's business
    ],
)
def test_patterns_follow_gitignore_and_the_forges_documented_examples(
    pattern: str, path: str, owned: bool
) -> None:
    assert compile_pattern(pattern).matches(path) is owned


def test_last_match_wins_and_an_ownerless_rule_unowns() -> None:
    rules = _rules("* @all\n*.js @js\n/apps/ @octocat\n/apps/github\n")
    assert path_owners(rules, "README.md") == ("@all",)
    assert path_owners(rules, "web/app.js") == ("@js",)
    assert path_owners(rules, "apps/web/app.js") == ("@octocat",)
    assert path_owners(rules, "apps/github/x.rb") == ()


def test_gitlab_sections_combine_and_exclusions_apply_in_their_section() -> None:
    rules = _rules(
        "* @general\n[Docs] @docs-team\ndocs/\n!docs/internal/\n[Security]\n"
        "docs/security.md @appsec\n",
        gitlab=True,
    )
    assert path_owners(rules, "docs/guide.md") == ("@general", "@docs-team")
    assert path_owners(rules, "docs/internal/x.md") == ("@general",)
    assert path_owners(rules, "docs/security.md") == ("@general", "@docs-team", "@appsec")
    assert path_owners(rules, "src/main.py") == ("@general",)


@given(st.text(alphabet="*?ab/[]!", max_size=40), st.text(alphabet="ab/.", max_size=60))
def test_matching_never_fails_on_any_pattern_or_path(pattern: str, path: str) -> None:
    compile_pattern(pattern or "*").matches(path)


def test_hostile_patterns_match_in_linear_time() -> None:
    import time

    pattern = compile_pattern("*a" * 200 + "*b")
    path = "a" * 2000
    start = time.process_time()
    assert not pattern.matches(path)
    assert time.process_time() - start < 2.0


# --- repository owners -----------------------------------------------------------------------

JANE = Identity("jane@acme.example", "Jane Roe", ("jane@acme.example",), "Payments")
OMAR = Identity("omar@acme.example", "Omar Haddad", ("omar@acme.example",), "Payments")
GREG = Identity("greg@acme.example", "Greg Lind", ("greg@acme.example",), "Billing")
PEOPLE = {p.key: p for p in (JANE, OMAR, GREG)}


def _component(owner: str, *, name: str = "svc", line: int = 7) -> CatalogEntity:
    return CatalogEntity("catalog-info.yaml", line, "Component", name, owner=owner)


def _obs(name: str, rules: str = "", entities: tuple[CatalogEntity, ...] = ()) -> Observation:
    owner_rules = tuple(_rules(rules)) if rules else ()
    return Observation(name, "c0", owner_rules=owner_rules, entities=entities)


def test_precedence_settings_then_catalog_then_codeowners_root() -> None:
    both = _obs("svc", "* @acme/platform\n/docs/ @jane\n", (_component("group:payments"),))
    only_rules = _obs("tool", "/docs/ @jane\n*   @acme/platform\n")
    nothing = _obs("lonely", "/docs/ @jane\n")
    owners = repository_owners(
        [both, only_rules, nothing],
        overrides={"legacy-*": "group:billing", "svc": "@greg"},
        people=PEOPLE,
        today=TODAY,
    )
    assert (owners["svc"].declared, owners["svc"].source) == (("@greg",), "lodestar.toml")
    assert (owners["tool"].declared, owners["tool"].source) == (
        ("@acme/platform",),
        "CODEOWNERS:2",
    )
    assert owners["lonely"].declared == ()  # a rule for docs/ only is no repository owner
    assert owners["lonely"].status == "missing"
    without = repository_owners([both], people=PEOPLE, today=TODAY)
    assert (without["svc"].declared, without["svc"].source) == (
        ("group:payments",),
        "catalog-info.yaml:7",
    )
    legacy = repository_owners([_obs("legacy-billing")], overrides={"legacy-*": "group:billing"},
                               people=PEOPLE, today=TODAY)  # fmt: skip
    assert legacy["legacy-billing"].team == "Billing"


def test_the_component_that_names_the_repository_wins() -> None:
    other = _component("group:other", name="docs-site", line=3)
    mine = CatalogEntity(
        "catalog-info.yaml",
        20,
        "Component",
        "payments-backend",
        owner="group:payments",
        annotations=(
            ("backstage.io/source-location", "url:https://github.com/acme/svc/tree/main/"),
        ),
    )
    owners = repository_owners([_obs("svc", entities=(other, mine))], today=TODAY)
    assert owners["svc"].source == "catalog-info.yaml:20"


def _package(folder: str, owner: str) -> CatalogEntity:
    return CatalogEntity(f"{folder}/catalog-info.yaml", 12, "Component", folder, owner=owner)


def test_a_monorepo_is_owned_by_what_its_folders_agree_on_or_its_root_umbrella() -> None:
    # 1-Platform/one-platform's shape: a root Location, one Component per package
    location = CatalogEntity(
        "catalog-info.yaml", 8, "Location", "root-config", owner="group:redhat/devs"
    )
    agreeing = (_package("packages/api", "group:redhat/devs"),
                _package("packages/spa", "group:redhat/devs"))  # fmt: skip
    owners = repository_owners([_obs("mono", entities=agreeing)], today=TODAY)
    assert (owners["mono"].declared, owners["mono"].source) == (
        ("group:redhat/devs",),
        "packages/api/catalog-info.yaml:12",
    )
    split = (_package("packages/api", "group:api"), _package("packages/spa", "group:web"))
    owners = repository_owners([_obs("mono", entities=split)], today=TODAY)
    assert owners["mono"].declared == ()  # packages disagree and nothing covers the root
    owners = repository_owners([_obs("mono", entities=(location, *split))], today=TODAY)
    assert (owners["mono"].declared, owners["mono"].source) == (
        ("group:redhat/devs",),
        "catalog-info.yaml:8",
    )
    assert descriptor_owner(split, "packages/spa/src/index.ts") == "group:web"
    assert descriptor_owner(split, "packages/spam/x") is None
    assert descriptor_owner(split, "README.md") is None
    drift = Drift(
        (Finding("eol-past", Severity.ERROR, "old", "mono", ("packages/api/Dockerfile:1",)),)
    )
    obs = _obs("mono", entities=(location, *split))
    owned = with_owners(drift, [obs], repository_owners([obs], today=TODAY))
    assert owned.findings[0].owner == "group:api"


def test_teams_from_people_toml_and_backstage_groups() -> None:
    group = CatalogEntity(
        "catalog-info.yaml", 1, "Group", "sre", members=("kim", "user:default/jane")
    )
    kim = CatalogEntity("catalog-info.yaml", 9, "User", "kim", email="Kim@acme.example")
    people = {**PEOPLE, "kim@acme.example": Identity("kim@acme.example", "Kim", ())}
    org = _obs("org", entities=(group, kim))
    svc = _obs("svc", "* @acme/payments\n")
    ops = _obs("ops", entities=(_component("group:default/SRE"),))
    owners = repository_owners([org, svc, ops], people=people, today=TODAY)
    assert owners["svc"].team == "Payments"  # @acme/payments, case-insensitively
    assert owners["ops"].team == "sre"
    assert set(owners["ops"].people) == {"kim@acme.example", "jane@acme.example"}
    found = teams(owners, [org, svc, ops], people)
    assert found["Payments"].members == ("jane@acme.example", "omar@acme.example")
    assert found["Payments"].repositories == ("svc",)
    assert found["sre"].repositories == ("ops",)
    assert team_of(owners["svc"]) == "Payments"
    # observed owners never decide a team's repositories: one rule for every --team / ?team=
    assert team_of(RepositoryOwner("lonely", observed_teams=("Payments",))) is None


def _history(repo: str, commits: list[tuple[Identity, dt.datetime, str]]) -> RepoHistory:
    out = []
    for i, (who, when, path) in enumerate(commits):
        out.append(
            Commit(f"{i:040x}", (), who.name, who.key, when, who.key, when, "change",
                   (FileChange(path, 10, 0),))
        )  # fmt: skip
    return RepoHistory(repo, tuple(out), people={p.key: p for p, _, _ in commits})


def _when(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, 12, tzinfo=dt.UTC)


def test_observed_owners_status_departed_and_mismatch() -> None:
    files = {
        "billing": [FileStat("b.py", "Python", FileKind.OWN, 10, False, 10, 0, 0)],
        "pay": [FileStat("p.py", "Python", FileKind.OWN, 10, False, 10, 0, 0)],
    }
    histories = [
        _history("billing", [(GREG, _when(2025, 1), "b.py"), (OMAR, _when(2026, 10), "x.md")]),
        _history("pay", [(OMAR, _when(2026, 9), "p.py")]),
    ]
    observations = [_obs("billing", "* @greg\n"), _obs("pay", "* @jane\n")]
    owners = repository_owners(
        observations, people=PEOPLE, histories=histories, files=files, today=TODAY
    )
    assert owners["billing"].status == "departed"
    assert owners["billing"].departed == ("@greg",)
    assert owners["billing"].observed == ()  # Greg authored b.py and left
    assert owners["pay"].observed == ("omar@acme.example",)
    assert owners["pay"].observed_teams == ("Payments",)
    assert owners["pay"].status == "mismatch"  # Jane is declared, Omar keeps it alive


# --- drift rules and finding owners ----------------------------------------------------------


def _drift_rules(
    observations: list[Observation],
    owners: dict[str, RepositoryOwner],
    activity: dict[str, dict[str, dt.datetime]],
    strategy: Strategy | None = None,
) -> dict[tuple[str, str | None], Finding]:
    drift = find_drift(
        observations,
        strategy or Strategy(),
        today=TODAY,
        organisation=True,
        ownership=Ownership(owners, PEOPLE, activity),
    )
    return {(f.rule, f.repository): f for f in drift.findings if f.rule.startswith("owner-")}


def test_ownership_drift_rules() -> None:
    payments = CatalogEntity("catalog-info.yaml", 2, "Group", "payments", members=("jane",))
    observations = [
        _obs("billing", "* @greg\n"),
        _obs("pay", "* @acme/payments\n/docs/ @ghost nobody@acme.example\n", (payments,)),
        _obs("unowned"),
    ]
    activity = {
        "billing": {GREG.key: _when(2025, 1)},
        "pay": {JANE.key: _when(2025, 12), OMAR.key: _when(2026, 2)},
        "elsewhere": {JANE.key: _when(2026, 10), OMAR.key: _when(2026, 10)},
    }
    owners = repository_owners(observations, people=PEOPLE, activity=activity, today=TODAY)
    found = _drift_rules(observations, owners, activity)
    departed = found[("owner-departed", "billing")]
    assert departed.severity is Severity.WARNING
    assert departed.evidence == ("CODEOWNERS:1",)
    assert departed.subject == "@greg"
    assert found[("owner-missing", "unowned")].severity is Severity.WARNING
    inactive = found[("owner-team-inactive", "pay")]
    assert inactive.severity is Severity.NOTE
    assert "payments" in inactive.message.lower()
    unknown = [f for f in _all(observations, owners, activity) if f.rule == "owner-unknown"]
    assert sorted((f.subject, f.evidence) for f in unknown) == [
        ("@ghost", ("CODEOWNERS:2",)),
        ("nobody@acme.example", ("CODEOWNERS:2",)),
    ]


def _all(
    observations: list[Observation],
    owners: dict[str, RepositoryOwner],
    activity: dict[str, dict[str, dt.datetime]],
) -> list[Finding]:
    drift = find_drift(
        observations,
        Strategy(),
        today=TODAY,
        organisation=True,
        ownership=Ownership(owners, PEOPLE, activity),
    )
    return list(drift.findings)


def test_no_owner_missing_before_the_organisation_declares_any_owner() -> None:
    observations = [_obs("a"), _obs("b")]
    owners = repository_owners(observations, today=TODAY)
    assert _drift_rules(observations, owners, {}) == {}


def test_exceptions_waive_ownership_findings() -> None:
    observations = [_obs("billing", "* @greg\n")]
    activity = {"billing": {GREG.key: _when(2025, 1)}}
    owners = repository_owners(observations, people=PEOPLE, activity=activity, today=TODAY)
    exception = PolicyException(
        "owner-departed", "billing", "@greg", "cto", "handing over", dt.date(2027, 1, 1)
    )
    strategy = Strategy()
    strategy = type(strategy)(
        policies=type(strategy.policies)(exceptions=(exception,)),
    )
    drift = find_drift(
        observations,
        strategy,
        today=TODAY,
        organisation=True,
        ownership=Ownership(owners, PEOPLE, activity),
    )
    assert [f.rule for f, _ in drift.waived] == ["owner-departed"]


def test_every_finding_about_a_repository_names_its_owner() -> None:
    obs = _obs("svc", "* @acme/platform\n/src/payments/ @acme/payments\n")
    from lodestar.analysis import Drift

    drift = Drift(
        (
            Finding("eol-past", Severity.ERROR, "old", "svc", ("src/payments/Dockerfile:1",)),
            Finding("licence-denied", Severity.ERROR, "gpl", "svc", ("pkg:npm/x",)),
            Finding("radar-unused", Severity.NOTE, "nobody", None),
        )
    )
    owned = with_owners(drift, [obs], repository_owners([obs], today=TODAY))
    assert [f.owner for f in owned.findings] == ["@acme/payments", "@acme/platform", None]


def test_the_organisation_evaluation_carries_owners_and_finding_owners() -> None:
    observations = (_obs("svc", "* @acme/platform\n"), _obs("lonely"))
    data = OrganisationData(
        observations=observations,
        snapshots=(),
        runtimes=(),
        identities=dict(PEOPLE),
        activity={"svc": {JANE.key: _when(2026, 10)}},
    )
    result = evaluate_organisation(data, Strategy(), today=TODAY, owners={"lonely": "@jane"})
    assert result.owners["svc"].declared == ("@acme/platform",)
    assert result.owners["lonely"].source == "lodestar.toml"
    assert result.owners["lonely"].team == "Payments"
    assert result.drift is not None
    owners_of = {f.rule: f.owner for f in result.drift.findings if f.repository == "svc"}
    assert owners_of.get("owner-unknown") == "@acme/platform"
