"""Every strategy file kind parsed, and invalid files reported with positions and carets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.errors import StrategyError
from lodestar.records import DecisionLink, Matcher, Severity
from lodestar.strategy import load_strategy

from .conftest import WriteFiles
from .samples import DECISION, RADAR_PYTHON


def problems(root: Path) -> list[str]:
    with pytest.raises(StrategyError) as info:
        load_strategy(root)
    return [p.render() for p in info.value.problems]


def test_every_kind_is_parsed(workspace: WriteFiles) -> None:
    strategy = load_strategy(workspace({}))
    entries = {e.id: e for e in strategy.entries}
    assert entries["python"].ring == "Adopt"
    assert entries["python"].matchers == (Matcher(technology="python", versions=">=3.12"),)
    assert entries["python"].review_by == dt.date(2027, 3, 31)
    assert entries["python"].description.startswith("Our default language")
    old = entries["python-lt-3-10"]
    assert (old.quadrant, old.ring, old.replaced_by) == ("Languages & Frameworks", "Hold", "python")
    (decision,) = strategy.decisions
    assert decision.title == "Use PostgreSQL as the default relational database"
    assert decision.decision_makers == ("Dana Smith", "Lee Wong")
    assert decision.options == ("PostgreSQL", "MySQL", "MongoDB")
    assert decision.chosen == "PostgreSQL"
    assert decision.evaluation is not None
    assert decision.evaluation.criteria == (("Operability", 3.0), ("Cost", 2.0), ("Ecosystem", 1.0))
    assert decision.evaluation.scores[2] == ("MongoDB", (2.0, 3.0, 4.0))
    policies = strategy.policies
    assert {p.context for p in policies.licence} == {"distributed", "saas"}
    assert policies.licence_context == {"storefront-web": "distributed"}
    assert policies.eol_warn_days == 120
    assert policies.radar_hold_no_new_since == dt.date(2025, 1, 1)
    assert policies.dependency_rules[0].matcher == Matcher(purl="pkg:npm/moment", versions="*")
    assert policies.dependency_rules[0].severity is Severity.ERROR
    assert policies.exceptions[0].expires == dt.date(2026, 6, 30)
    assert policies.exceptions[0].source is not None
    assert policies.exceptions[0].source.line == 21
    (campaign,) = strategy.campaigns
    assert campaign.id == "retire-old-python"
    assert campaign.source == (Matcher(technology="python", versions="<3.10"),)
    (initiative,) = strategy.initiatives
    assert initiative.milestones[0].done
    assert initiative.objectives[0].key_results[0].metric == "campaign:retire-old-python"
    assert initiative.objectives[0].key_results[1].current == 7.0


def test_an_empty_workspace_is_valid(tmp_path: Path) -> None:
    strategy = load_strategy(tmp_path)
    assert strategy.entries == () and strategy.decisions == ()


def test_an_eol_section_without_warn_days_leaves_the_window_to_the_setting(
    tmp_path: Path,
) -> None:
    from lodestar.analysis.eol import ending_soon_days

    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "eol.yaml").write_text("eol:\n  error-past-eol: false\n")
    policies = load_strategy(tmp_path).policies
    assert policies.eol_warn_days is None and not policies.eol_error_past
    assert ending_soon_days(policies, 45) == 45


def test_unknown_key_points_at_the_key_with_a_caret(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("owner: platform-team", "ownr: platform-team")
    (report,) = problems(workspace({"radar/python.md": bad}))
    assert report.splitlines() == [
        (
            "radar/python.md:6:1: unknown key 'ownr' (did you mean 'owner'?) "
            "(free-form data goes under 'extra:')"
        ),
        "    ownr: platform-team",
        "    ^",
    ]


def test_extra_map_takes_anything(workspace: WriteFiles) -> None:
    ok = RADAR_PYTHON.replace("owner: platform-team", "extra: {jira: PLAT-12, score: 3}")
    load_strategy(workspace({"radar/python.md": ok}))


def test_bad_date_points_at_the_value(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("review-by: 2027-03-31", "review-by: 2027-02-31")
    (report,) = problems(workspace({"radar/python.md": bad}))
    first, line, caret = report.splitlines()
    assert first.startswith("radar/python.md:7:12: review-by: ")
    assert "2027-02-31" in first
    assert line == "    review-by: 2027-02-31"
    assert caret == "    " + " " * 11 + "^"


def test_unknown_technology_suggests_an_id(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("technology: python", "technology: pyhton")
    (report,) = problems(workspace({"radar/python.md": bad}))
    assert report.startswith("radar/python.md:10:17: matchers.0.technology: unknown technology")
    assert "did you mean 'python'?" in report


def test_unknown_ring_and_every_problem_reported(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("ring: Adopt", "ring: Adpot").replace(
        "quadrant: Languages & Frameworks", "quadrant: Gadgets"
    )
    reports = problems(workspace({"radar/python.md": bad, "campaigns/x.md": "no front matter"}))
    assert any(r.startswith("radar/python.md:4:7: ring: unknown ring 'Adpot'") for r in reports)
    assert any("did you mean 'Adopt'" in r for r in reports)
    assert any(r.startswith("radar/python.md:3:11: quadrant: unknown quadrant") for r in reports)
    assert any(r.startswith("campaigns/x.md:1:1: no front matter") for r in reports)


def test_campaign_tags_resolve_through_the_workspace_settings(workspace: WriteFiles) -> None:
    from tests.strategy.samples import CAMPAIGN

    tagged = CAMPAIGN.replace("owner: platform-team", "owner: platform-team\ntags: [payments]")
    files = {"campaigns/retire-old-python.md": tagged}
    reports = problems(workspace(files))
    expected = (
        "campaigns/retire-old-python.md:10:8: tag 'payments' is not defined: add it under "
        "[repositories.tags] in lodestar.toml (defined: none)\n"
        "    tags: [payments]\n"
        "           ^"
    )
    assert reports == [expected]
    config = '[repositories.tags]\npayments = ["orders-*", "ledger-service", "orders-*"]\n'
    root = workspace({**files, "lodestar.toml": config})
    (campaign,) = load_strategy(root).campaigns
    assert campaign.tags == ("payments",)
    assert campaign.tag_repositories == ("orders-*", "ledger-service")


def test_syntax_error_has_a_position(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("tags: [backend, data]", "tags: [backend, data")
    (report,) = problems(workspace({"radar/python.md": bad}))
    assert report.startswith("radar/python.md:")
    assert "invalid YAML" in report


def test_missing_required_key(workspace: WriteFiles) -> None:
    bad = DECISION.replace("status: accepted\n", "")
    (report,) = problems(workspace({"decisions/ADR-20250310-postgres-default.md": bad}))
    assert report.startswith(
        "decisions/ADR-20250310-postgres-default.md:2:1: missing required key 'status'"
    )


def test_dangling_references_are_errors(workspace: WriteFiles) -> None:
    bad = RADAR_PYTHON.replace("ADR-20250310-postgres-default", "ADR-20250310-postgres-defualt")
    reports = problems(workspace({"radar/python.md": bad}))
    assert reports[0].startswith("radar/python.md:8:13: decisions: no decision")
    assert "did you mean 'ADR-20250310-postgres-default'" in reports[0]


def test_evaluation_must_be_complete(workspace: WriteFiles) -> None:
    bad = DECISION.replace("MySQL: {Operability: 4, Cost: 4, Ecosystem: 3}", "MySQL: {Cost: 4}")
    (report,) = problems(workspace({"decisions/ADR-20250310-postgres-default.md": bad}))
    assert "option 'MySQL' has no score for Operability, Ecosystem" in report


def test_links_are_made_both_ways(workspace: WriteFiles) -> None:
    newer = DECISION.replace(
        "id: ADR-20250310-postgres-default", "id: ADR-20260101-postgres-17"
    ).replace(
        "status: accepted", "status: accepted\nlinks:\n  supersedes: ADR-20250310-postgres-default"
    )
    old = DECISION.replace("status: accepted", "status: superseded by ADR-20260101-postgres-17")
    root = workspace({"decisions/ADR-20250310-postgres-default.md": old, "decisions/new.md": newer})
    decisions = {d.id: d for d in load_strategy(root).decisions}
    assert decisions["ADR-20250310-postgres-default"].status == "superseded"
    assert decisions["ADR-20250310-postgres-default"].links == (
        DecisionLink("superseded-by", "ADR-20260101-postgres-17"),
    )
    assert decisions["ADR-20260101-postgres-17"].links == (
        DecisionLink("supersedes", "ADR-20250310-postgres-default"),
    )


def test_policy_sections_declared_twice(workspace: WriteFiles) -> None:
    reports = problems(workspace({"policies/more.yaml": "eol:\n  warn-days: 30\n"}))
    assert reports == [
        (
            "policies/policies.yaml:11:1: section 'eol' is already declared in "
            "policies/more.yaml; keep one\n    eol:\n    ^"
        )
    ]


def test_bad_licence_context_and_version_range(workspace: WriteFiles) -> None:
    policy = (
        "licence:\n  default-context: intranet\ndependencies:\n  - action: deny\n"
        "    match: {purl: pkg:npm/left-pad, versions: '>>1'}\n"
    )
    reports = problems(workspace({"policies/policies.yaml": policy}))
    assert any("unknown distribution context 'intranet'" in r for r in reports)
    assert any("version range '>>1' is not understood" in r for r in reports)


def test_workspace_catalog_additions_count(workspace: WriteFiles) -> None:
    entry = RADAR_PYTHON.replace("technology: python", "technology: northwind-bus")
    root = workspace({"radar/python.md": entry})
    with pytest.raises(StrategyError):
        load_strategy(root)
    (root / "catalog").mkdir()
    (root / "catalog" / "internal.toml").write_text(
        '[[technology]]\nid = "northwind-bus"\nname = "Northwind Bus"\ncategory = "messaging"\n'
        'homepage = "https://bus.northwind.example"\npurls = ["pkg:pypi/northwind-bus"]\n',
        "utf-8",
    )
    entries = {e.id: e for e in load_strategy(root).entries}
    assert entries["python"].matchers[0].technology == "northwind-bus"


def test_key_result_metrics_are_checked(workspace: WriteFiles) -> None:
    from .samples import INITIATIVE

    bad = INITIATIVE.replace(
        "metric: campaign:retire-old-python", "metric: campain:retire-old-python"
    ).replace("        current: 7\n", "        current: 7\n        metric: technology:pyhton\n")
    reports = problems(workspace({"initiatives/platform-modernisation.md": bad}))
    assert reports[0].startswith(
        "initiatives/platform-modernisation.md:15:17: metric: unknown kind 'campain' "
        "(did you mean 'campaign'?)"
    )
    assert reports[1].startswith(
        "initiatives/platform-modernisation.md:20:17: metric: unknown technology id 'pyhton' "
        "(did you mean 'python'?)"
    )


def test_licence_ids_are_spdx(workspace: WriteFiles) -> None:
    policy = (
        "licence:\n  contexts:\n    distributed:\n"
        "      allowed: [MIT, Apache 2.0, LicenseRef-northwind, NONE]\n"
        "      denied: [GPL-3.0, Frobnicate-1.0]\n"
    )
    reports = problems(workspace({"policies/policies.yaml": policy}))
    assert reports[0].startswith(
        "policies/policies.yaml:4:22: licence.contexts.distributed.allowed.1: 'Apache 2.0' is "
        "not an SPDX licence id (did you mean 'Apache-2.0'?)"
    )
    assert reports[1].startswith(
        "policies/policies.yaml:5:16: licence.contexts.distributed.denied.0: 'GPL-3.0' is a "
        "deprecated SPDX id; write 'GPL-3.0-only'"
    )
    assert "'Frobnicate-1.0' is not an SPDX licence id;" in reports[2]
    assert len(reports) == 3


def test_exception_rules_are_known(workspace: WriteFiles) -> None:
    from .samples import POLICY

    bad = POLICY.replace("  - rule: licence\n", "  - rule: licnce\n")
    (report,) = problems(workspace({"policies/policies.yaml": bad}))
    assert report.startswith(
        "policies/policies.yaml:21:11: exceptions.0.rule: unknown rule 'licnce' "
        "(did you mean 'licence'?)"
    )
    for rule in ("eol", "radar-hold", "decision-violation", "licence-denied"):
        load_strategy(
            workspace({"policies/policies.yaml": POLICY.replace("licence\n", f"{rule}\n")})
        )


def test_exception_rules_are_the_drift_engines() -> None:
    from lodestar.analysis.drift import RULES
    from lodestar.strategy.models import FINDING_RULES

    assert set(FINDING_RULES) == set(RULES)


def test_custom_radar_rings(workspace: WriteFiles) -> None:
    config = "quadrants: [Data, Delivery]\nrings: [Use, Explore, Retire]\n"
    entry = "---\ntitle: dbt\nquadrant: data\nring: explore\n---\n"
    root = workspace(
        {
            "radar/config.yaml": config,
            "radar/dbt.md": entry,
            "radar/python.md": None,
            "radar/python-lt-3-10.md": None,
        }
    )
    strategy = load_strategy(root)
    assert strategy.radar.rings == ("Use", "Explore", "Retire")
    (dbt,) = strategy.entries
    assert (dbt.quadrant, dbt.ring) == ("Data", "Explore")
    (root / "radar" / "config.yaml").write_text("quadrants: []\nrings: [Use]\nring: x\n")
    reports = problems(root)
    assert reports[0].startswith("radar/config.yaml:1:12: quadrants: must hold at least 1 item")
    assert reports[1].startswith(
        "radar/config.yaml:3:1: unknown key 'ring' (did you mean 'rings'?)"
    )


def test_metric_kinds_are_the_initiative_measures() -> None:
    from lodestar.analysis.initiatives import METRICS as MEASURED
    from lodestar.strategy.loader import METRICS

    assert set(METRICS) == set(MEASURED)


@pytest.mark.parametrize(
    "match",
    [
        "{purl: pkg:npm/react, versions: '^17 || ^18'}",
        "{purl: pkg:npm/react, versions: '18.x'}",
        "{purl: pkg:npm/react, versions: '18.0.0 - 18.3.0'}",
        "{purl: pkg:gem/rails, versions: '~>7.0'}",
        "{purl: pkg:maven/org.slf4j/slf4j-api, versions: '[1.0,2.0)'}",
        "{purl: pkg:nuget/newtonsoft.json, versions: '(,13.0]'}",
        "{technology: python, versions: '<3.10 || >=3.14'}",
    ],
)
def test_matchers_accept_every_ecosystems_ranges(workspace: WriteFiles, match: str) -> None:
    policy = f"dependencies:\n  - action: deny\n    match: {match}\n"
    [rule] = load_strategy(workspace({"policies/policies.yaml": policy})).policies.dependency_rules
    assert rule.matcher.versions is not None and rule.matcher.versions in match


def test_a_range_is_read_in_its_purls_dialect(workspace: WriteFiles) -> None:
    policy = (
        "dependencies:\n  - action: deny\n"
        "    match: {purl: pkg:maven/org.slf4j/slf4j-api, versions: '[1.0,2.0'}\n"
    )
    [report] = problems(workspace({"policies/policies.yaml": policy}))
    assert "policies/policies.yaml:3:" in report and "not understood for maven" in report
