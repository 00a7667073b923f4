"""Pure functions over records: the one evaluator of the organisation and what it derives.

Analysis never opens the store or a repository: it takes the records the store's read queries
return (:mod:`lodestar.records`) and returns records. :func:`evaluate_organisation` is the one
hub the CLI, the cockpit, the site and the API call, on the records
:func:`lodestar.store.organisation.load_organisation` loads::

    data = load_organisation(engine, history=True, truck_factors=truck_factor_repositories(s))
    evaluation = evaluate_organisation(data, s, today=today, history=(90, 180))

and :func:`organisation_figures` hands the cockpit's page inputs out of it. The drift engine
(:func:`find_drift`), end-of-life verdicts (:func:`judge`, :func:`eol_exposure`), the summary
report (:func:`build_report`), the where-used search (:func:`packages_named`,
:func:`search_dependencies`) and the matching of declarations to observations
(:func:`where_used`) are offered here too; the other analyses are reached by their module
(``lodestar.analysis.knowledge``, ``…skills``, ``…trend`` …).
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.analysis.advisory_data import AdvisoryFreshness, advisory_freshness
    from lodestar.analysis.advisory_groups import (
        SEVERITY_BANDS,
        AdvisoryGroup,
        AdvisoryIndex,
        advisory_index,
        advisory_severity,
    )
    from lodestar.analysis.campaigns import CampaignReport
    from lodestar.analysis.drift import RULES, Drift, Rule, evidence_location, find_drift
    from lodestar.analysis.drift_vulnerabilities import (
        VexIndex,
        advisory_url,
        finding_severity,
        open_vulnerabilities,
        package_name,
        radar_advisories,
        statement_for,
        vulnerability_of,
    )
    from lodestar.analysis.eol import (
        Exposure,
        ending_soon_days,
        eol_exposure,
        judge,
        with_eol_window,
    )
    from lodestar.analysis.figures import OrganisationFigures, organisation_figures
    from lodestar.analysis.finding_facets import (
        Facets,
        FacetValue,
        FindingQuery,
        ListedFinding,
        facet_counts,
        listed_findings,
        waiver_snippet,
    )
    from lodestar.analysis.initiatives import InitiativeReport, truck_factor_repositories
    from lodestar.analysis.inventory import (
        DependencySearch,
        TechnologyUsage,
        packages_named,
        search_dependencies,
        technology_usage,
    )
    from lodestar.analysis.languages import split_languages, with_code_languages
    from lodestar.analysis.observed import from_scan, from_snapshot, match
    from lodestar.analysis.organisation import (
        HistoryFigures,
        OrganisationEvaluation,
        evaluate_organisation,
        knowledge_risks,
    )
    from lodestar.analysis.owner_findings import with_owners
    from lodestar.analysis.ownership import (
        component_of,
        organisation_owners,
        path_owners,
        repository_owners,
        team_of,
        teams,
    )
    from lodestar.analysis.presence import presence_windows
    from lodestar.analysis.report import OrganisationReport, build_report
    from lodestar.analysis.rule_counts import RuleCount, drift_rule_summary, rule_summary
    from lodestar.analysis.team_filter import repositories_of_team
    from lodestar.analysis.team_views import for_team
    from lodestar.analysis.usage import Use, package_index, where_used
    from lodestar.analysis.vuln_listing import (
        VulnerabilityListing,
        VulnerabilityRow,
        vulnerability_listing,
    )
    from lodestar.analysis.vulnerabilities import (
        is_affected,
        lowest_fixed,
        match_dependencies,
        match_observations,
    )

__all__ = [
    "RULES",
    "SEVERITY_BANDS",
    "AdvisoryFreshness",
    "AdvisoryGroup",
    "AdvisoryIndex",
    "CampaignReport",
    "DependencySearch",
    "Drift",
    "Exposure",
    "FacetValue",
    "Facets",
    "FindingQuery",
    "HistoryFigures",
    "InitiativeReport",
    "ListedFinding",
    "OrganisationEvaluation",
    "OrganisationFigures",
    "OrganisationReport",
    "Rule",
    "RuleCount",
    "TechnologyUsage",
    "Use",
    "VexIndex",
    "VulnerabilityListing",
    "VulnerabilityRow",
    "advisory_freshness",
    "advisory_index",
    "advisory_severity",
    "advisory_url",
    "build_report",
    "component_of",
    "drift_rule_summary",
    "ending_soon_days",
    "eol_exposure",
    "evaluate_organisation",
    "evidence_location",
    "facet_counts",
    "find_drift",
    "finding_severity",
    "for_team",
    "from_scan",
    "from_snapshot",
    "is_affected",
    "judge",
    "knowledge_risks",
    "listed_findings",
    "lowest_fixed",
    "match",
    "match_dependencies",
    "match_observations",
    "open_vulnerabilities",
    "organisation_figures",
    "organisation_owners",
    "package_index",
    "package_name",
    "packages_named",
    "path_owners",
    "presence_windows",
    "radar_advisories",
    "repositories_of_team",
    "repository_owners",
    "rule_summary",
    "search_dependencies",
    "split_languages",
    "statement_for",
    "team_of",
    "teams",
    "technology_usage",
    "truck_factor_repositories",
    "vulnerability_listing",
    "vulnerability_of",
    "waiver_snippet",
    "where_used",
    "with_code_languages",
    "with_eol_window",
    "with_owners",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "AdvisoryGroup": "advisory_groups",
        "AdvisoryIndex": "advisory_groups",
        "AdvisoryFreshness": "advisory_data",
        "advisory_freshness": "advisory_data",
        "CampaignReport": "campaigns",
        "DependencySearch": "inventory",
        "Drift": "drift",
        "FacetValue": "finding_facets",
        "Facets": "finding_facets",
        "FindingQuery": "finding_facets",
        "ListedFinding": "finding_facets",
        "facet_counts": "finding_facets",
        "listed_findings": "finding_facets",
        "waiver_snippet": "finding_facets",
        "Exposure": "eol",
        "HistoryFigures": "organisation",
        "InitiativeReport": "initiatives",
        "OrganisationEvaluation": "organisation",
        "OrganisationFigures": "figures",
        "OrganisationReport": "report",
        "RULES": "drift",
        "SEVERITY_BANDS": "advisory_groups",
        "advisory_index": "advisory_groups",
        "advisory_severity": "advisory_groups",
        "Rule": "drift",
        "RuleCount": "rule_counts",
        "drift_rule_summary": "rule_counts",
        "rule_summary": "rule_counts",
        "TechnologyUsage": "inventory",
        "Use": "usage",
        "advisory_url": "drift_vulnerabilities",
        "build_report": "report",
        "ending_soon_days": "eol",
        "eol_exposure": "eol",
        "evaluate_organisation": "organisation",
        "evidence_location": "drift",
        "finding_severity": "drift_vulnerabilities",
        "find_drift": "drift",
        "for_team": "team_views",
        "repositories_of_team": "team_filter",
        "from_scan": "observed",
        "from_snapshot": "observed",
        "judge": "eol",
        "knowledge_risks": "organisation",
        "is_affected": "vulnerabilities",
        "lowest_fixed": "vulnerabilities",
        "match": "observed",
        "match_dependencies": "vulnerabilities",
        "match_observations": "vulnerabilities",
        "organisation_owners": "ownership",
        "presence_windows": "presence",
        "with_owners": "owner_findings",
        "teams": "ownership",
        "team_of": "ownership",
        "repository_owners": "ownership",
        "path_owners": "ownership",
        "component_of": "ownership",
        "organisation_figures": "figures",
        "open_vulnerabilities": "drift_vulnerabilities",
        "package_index": "usage",
        "package_name": "drift_vulnerabilities",
        "packages_named": "inventory",
        "radar_advisories": "drift_vulnerabilities",
        "search_dependencies": "inventory",
        "split_languages": "languages",
        "statement_for": "drift_vulnerabilities",
        "technology_usage": "inventory",
        "truck_factor_repositories": "initiatives",
        "vulnerability_of": "drift_vulnerabilities",
        "VexIndex": "drift_vulnerabilities",
        "VulnerabilityListing": "vuln_listing",
        "VulnerabilityRow": "vuln_listing",
        "vulnerability_listing": "vuln_listing",
        "where_used": "usage",
        "with_code_languages": "languages",
        "with_eol_window": "eol",
    },
)
