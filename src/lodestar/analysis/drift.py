"""The drift engine: what the workspace declares, held against what the scans observe.

The rules live by family in :mod:`~lodestar.analysis.drift_radar` (radar, decisions),
:mod:`~lodestar.analysis.drift_policies` (licences, dependencies, end of life) and
:mod:`~lodestar.analysis.drift_organisation` (organisation-wide); they share one
:class:`~lodestar.analysis.drift_context.RuleContext`.

One entry point, :func:`find_drift`, joins a :class:`~lodestar.records.Strategy` with
observations (the store's current scans, or one repository scanned in memory) and yields
:class:`~lodestar.records.Finding` values. Every finding names its rule (a stable id from
:data:`RULES`), a severity, the repository, the evidence, a fix hint, and the workspace
declaration that makes it a finding.

Evidence items are repository paths (``path`` or ``path:line``) or carry a prefix: a purl
(``pkg:…``), ``commit:SHA``, ``repository:NAME``, ``language:NAME``, ``technology:ID``,
``version:ID@VERSION``, ``licence:SPDX``, ``advisory:ID`` or ``since:YYYY-MM``;
:func:`evidence_location` finds the first path.

How declarations are read
-------------------------
Radar
    The last ring of the radar configuration (``Hold`` by default) is *hold*; a ring named
    ``Assess`` is *assess*. A Hold entry in use is ``radar-hold-in-use``; when the policies set
    ``radar_hold_no_new_since`` and monthly snapshots are given, a repository that did not use
    the entry before that date (its last snapshot of an earlier month) and uses it now is
    ``radar-hold-new-adoption`` instead, with the first commit seen using it. When the radar's
    ring history is given, an entry put on Hold after the policy date counts from its move to
    Hold (using it before it was on Hold is not a new adoption). Assess entries in
    a repository not listed in ``radar_assess_only_in`` (names or globs; rule off when the list
    is empty) are ``radar-assess-outside-scope``.
Decisions
    Only *accepted* decisions with a ``chosen`` option are enforced. ``governs`` lists what the
    decision is about; a governed matcher that *names the chosen option* (its technology id,
    catalog name or alias, or the last segment of its purl, equal to the option's slug or
    leading it: "PostgreSQL" and "PostgreSQL on RDS" name ``postgresql``) is what was chosen
    and stays allowed; every other governed matcher is a rejected alternative, and a
    repository using one violates the decision (``decision-violation``). So a decision "Use
    PostgreSQL" that governs ``mysql`` only forbids MySQL; one that governs ``postgresql`` and
    ``mysql`` forbids MySQL and allows PostgreSQL.
Licences
    The repository licence (an SPDX expression), and every other licence its own files declare
    in ``SPDX-License-Identifier`` headers (code copied in under another licence), are judged
    against the licence policy of the repository's distribution context (``licence_context``,
    else the default). Each licence id is *denied*, *review*, *allowed* or *unlisted*; ``OR``
    takes the best alternative, ``AND`` and ``WITH`` the worst part. Denied →
    ``licence-denied``, review → ``licence-review``, unlisted while the policy has an allow
    list → ``licence-not-allowed``. A repository with no licence at all is the SPDX id
    ``NONE``, judged only when a denied or review list names it. Dependency licences, where
    a lock file records them (npm package-lock v2/v3, composer.lock; other formats carry none,
    so their dependencies are not judged), go through the same rules with the dependency as
    subject (its package purl) and ``manifest:line`` plus the purl as evidence, once per
    package and repository. Only what ships is judged for distribution: runtime, optional and
    peer dependencies in every context; dev, test and build dependencies only in the
    ``internal`` context (the tools a team uses in-house). Fixture manifests are skipped.
Dependencies
    A dependency (direct or transitive, fixtures excluded) matching a ``deny`` rule and no
    ``allow`` rule (a rule's matcher is a purl glob and/or a catalog technology the purl
    reveals, optionally with a version range) is ``dependency-denied`` with the rule's severity.
End of life
    Each declared runtime/OS/database/framework version, judged by what it states
    (:func:`lodestar.analysis.eol.judge`): a deployed version past end of life is ``eol-past``
    (an error, or a warning when ``eol_error_past`` is off), ending within the one window
    (:func:`lodestar.analysis.eol.ending_soon_days`) ``eol-soon``; a supported range
    (``requires-python``, ``engines``) is ``eol-past`` only when every version it allows is,
    and ``eol-range-admits`` (a note) when it merely still allows one; a development
    environment (a dev container) gives warnings and notes.
Vulnerabilities (when advisories are given)
    ``vulnerability``: a dependency version an advisory affects, graded by its CVSS band and
    the policies' ``vulnerabilities:`` section; VEX statements (``not_affected``, ``fixed``)
    take findings out into :attr:`Drift.analysed`; see
    :mod:`lodestar.analysis.drift_vulnerabilities`. With no advisories imported, nothing here
    runs and ``check`` is what it was.
Organisation-wide rules (only when the whole organisation is evaluated)
    ``radar-missing`` (a technology in use that no radar entry names, whatever its version
    range: a suggested entry with its usage count) and ``radar-unused`` (an entry outside the
    last ring whose matchers match nothing), both from :mod:`lodestar.analysis.coverage`;
    ``radar-review-due`` and ``decision-review-due`` (accepted decisions and entries past
    their review-by date), ``campaign-behind`` (see :mod:`lodestar.analysis.campaigns`),
    ``milestone-overdue`` (an open milestone of an active initiative past its date),
    ``vulnerability-campaign-target`` (a campaign target range admitting a vulnerable version);
    ``owner-missing``, ``owner-departed``, ``owner-team-inactive`` and ``owner-unknown`` (see
    :mod:`lodestar.analysis.drift_ownership`); the IP register's ``ip-disclosure-undecided``,
    ``ip-deadline-soon``, ``ip-deadline-missed`` and ``ip-reference-unknown`` (see
    :mod:`lodestar.analysis.drift_ip`).
Exceptions
    A policy exception waives the findings whose rule is its ``rule`` or starts with it
    (``licence`` waives ``licence-denied``), in its repository (or every one when unset), whose
    subject matches its ``subject`` (a glob over the technology id, purl, SPDX id or
    ``product``/``product@version``; unset matches all) — up to and including its expiry
    date. From the day after it waives nothing and is itself ``exception-expired`` (evaluating one
    repository, only the exceptions that name it or every repository are reported).

Findings come most severe first, then by rule, repository and message.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lodestar.analysis.advisory_groups import AdvisoryIndex, advisory_index
from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.coverage import RadarCoverage
from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.drift_ip import ip_rules
from lodestar.analysis.drift_ip_observed import ip_observed_rules
from lodestar.analysis.drift_organisation import (
    campaign_rules,
    milestone_rules,
    radar_coverage_rules,
    review_dates,
)
from lodestar.analysis.drift_ownership import ownership_rules
from lodestar.analysis.drift_policies import dependency_rules, eol_rules, licence_rules
from lodestar.analysis.drift_radar import decision_rules, radar_rules
from lodestar.analysis.drift_rules import RULES, Rule
from lodestar.analysis.drift_vulnerabilities import (
    campaign_target_rules,
    hold_advisories,
    vulnerability_rules,
)
from lodestar.analysis.observed import purl_matches
from lodestar.analysis.ownership import Ownership
from lodestar.analysis.vulnerabilities import match_observations
from lodestar.catalog import EolCatalog, TechnologyCatalog, load_catalog, load_eol
from lodestar.records import (
    Finding,
    MonthlySnapshot,
    Observation,
    PolicyException,
    RadarMove,
    Severity,
    Strategy,
)
from lodestar.records.ip_observed import IpObservations
from lodestar.records.vulns import Advisory, VexStatement, Vulnerability

__all__ = ["RULES", "Drift", "Rule", "evidence_location", "find_drift"]


@dataclass(frozen=True, slots=True)
class Drift:
    """The findings, the findings waived by a live exception, and what was evaluated.

    ``analysed`` holds the vulnerability findings a VEX statement (``not_affected``,
    ``fixed``) takes out, each with its statement: analysed, not forgotten.
    ``vulnerabilities`` are the matches the vulnerability rule judged (for the details SARIF
    and the listings show: score, vector, references).
    """

    findings: tuple[Finding, ...]
    waived: tuple[tuple[Finding, PolicyException], ...] = ()
    repositories: tuple[str, ...] = ()
    organisation: bool = True  # False when one repository was evaluated on its own
    analysed: tuple[tuple[Finding, VexStatement], ...] = ()
    vulnerabilities: tuple[Vulnerability, ...] = ()

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


def find_drift(
    observed: Sequence[Observation],
    strategy: Strategy,
    *,
    today: date,
    repository: str | None = None,
    history: Sequence[MonthlySnapshot] | None = None,
    catalog: TechnologyCatalog | None = None,
    eol: EolCatalog | None = None,
    organisation: bool = False,
    moves: Sequence[RadarMove] = (),
    coverage: RadarCoverage | None = None,
    campaigns: Mapping[str, CampaignReport] | None = None,
    advisories: AdvisoryIndex | Sequence[Advisory] = (),
    vulnerabilities: Sequence[Vulnerability] | None = None,
    ownership: Ownership | None = None,
    ip: IpObservations | None = None,
) -> Drift:
    """Every finding of the strategy against the observations, exceptions applied.

    ``observed`` is the store's current scans
    (:func:`lodestar.store.observations.load_observations`; ``repository`` keeps one) or
    observations made elsewhere (``lodestar check --repo`` scans in memory). Organisation-wide
    rules run when the whole organisation is evaluated (``organisation``). ``history``
    (monthly snapshots) enables burn-downs and the "newly adopted" rule; ``moves`` (the
    radar's ring history) dates each entry's move to Hold.
    ``coverage`` is :func:`~lodestar.analysis.coverage.radar_coverage` of the same observations
    when the caller already has it (computed here otherwise), and ``campaigns`` the campaign
    reports by id (likewise). ``ownership`` (the repositories' owners and the people) enables
    the ownership rules (:mod:`lodestar.analysis.drift_ownership`). ``advisories`` (OSV
    records, or their
    :func:`~lodestar.analysis.advisory_groups.advisory_index`) enable the vulnerability rules;
    ``vulnerabilities`` are their matches against the same observations when the caller
    already has them (:func:`~lodestar.analysis.vulnerabilities.match_observations`, run here
    otherwise). ``ip`` (:func:`lodestar.ingest.ip_observe.observe_ip`) enables the IP rules
    that hold the register against the repositories
    (:mod:`lodestar.analysis.drift_ip_observed`).
    """
    observations = [o for o in observed if repository is None or o.repository == repository]
    whole = organisation
    if isinstance(advisories, AdvisoryIndex):
        index: AdvisoryIndex | None = advisories
    else:
        index = advisory_index(advisories) if advisories else None
    ctx = RuleContext(
        strategy=strategy,
        observations=sorted(observations, key=lambda o: o.repository),
        catalog=catalog or load_catalog(),
        eol=eol or load_eol(),
        today=today,
        history=history,
        organisation=whole,
        moves=moves,
        coverage=coverage,
        campaigns=campaigns,
        index=index,
        vulnerabilities=_matches(observations, index, vulnerabilities),
        ownership=ownership,
        ip=ip,
    )
    radar_rules(ctx)
    decision_rules(ctx)
    licence_rules(ctx)
    dependency_rules(ctx)
    eol_rules(ctx)
    vulnerability_rules(ctx)
    hold_advisories(ctx)
    if whole:
        radar_coverage_rules(ctx)
        review_dates(ctx)
        campaign_rules(ctx)
        milestone_rules(ctx)
        campaign_target_rules(ctx)
        ownership_rules(ctx)
        ip_rules(ctx)
        ip_observed_rules(ctx)
    return _apply_exceptions(ctx)


def _matches(
    observations: Sequence[Observation],
    index: AdvisoryIndex | None,
    given: Sequence[Vulnerability] | None,
) -> Sequence[Vulnerability]:
    if given is not None:
        names = {o.repository for o in observations}
        return [v for v in given if v.repository in names]
    if index is None or not index.groups:
        return ()
    return match_observations(observations, index)


# --- exceptions -----------------------------------------------------------------------------


def _waives(exc: PolicyException, finding: Finding, subjects: tuple[str, ...]) -> bool:
    rule = exc.rule.strip().lower()
    if finding.rule != rule and not finding.rule.startswith(rule + "-"):
        return False
    if exc.repository is not None and exc.repository != finding.repository:
        return False
    if exc.subject is None:
        return True
    pattern = exc.subject.strip()
    for subject in subjects:
        if pattern.lower().startswith("pkg:") and subject.lower().startswith("pkg:"):
            if purl_matches(pattern, subject):
                return True
        elif fnmatch.fnmatchcase(subject.lower(), pattern.lower()):
            return True
    return False


def _apply_exceptions(ctx: RuleContext) -> Drift:
    live = [e for e in ctx.strategy.policies.exceptions if e.expires >= ctx.today]
    kept: list[Finding] = []
    waived: list[tuple[Finding, PolicyException]] = []
    for finding, subjects in ctx.found:
        exc = next((e for e in live if _waives(e, finding, subjects)), None)
        if exc is None:
            kept.append(finding)
        else:
            waived.append((finding, exc))
    names = {o.repository for o in ctx.observations}
    for exc in ctx.strategy.policies.exceptions:
        if exc.expires >= ctx.today:
            continue
        if not ctx.organisation and exc.repository is not None and exc.repository not in names:
            continue
        kept.append(
            Finding(
                "exception-expired",
                Severity.WARNING,
                f"exception to {exc.rule}"
                + (f" for {exc.subject}" if exc.subject else "")
                + (f" in {exc.repository}" if exc.repository else "")
                + f" expired on {exc.expires.isoformat()} (owner: {exc.owner})",
                exc.repository,
                (),
                "renew it with a new expiry date and reason, or remove it and fix the findings",
                exc.source or ctx.policy_source(),
                exc.subject,
            )
        )
    kept.sort(key=_order)
    waived.sort(key=lambda pair: _order(pair[0]))
    return Drift(
        tuple(kept),
        tuple(waived),
        tuple(o.repository for o in ctx.observations),
        ctx.organisation,
        tuple(sorted(ctx.analysed, key=lambda pair: _order(pair[0]))),
        tuple(ctx.vulnerabilities),
    )


_PREFIXES = (
    "pkg:",
    "commit:",
    "repository:",
    "language:",
    "technology:",
    "version:",
    "since:",
    "licence:",
    "advisory:",
)


def evidence_location(finding: Finding) -> tuple[str, int | None] | None:
    """The first repository path (and line) among a finding's evidence, if any."""
    for item in finding.evidence:
        if item.startswith(_PREFIXES) or not item or " " in item:
            continue
        path, sep, line = item.rpartition(":")
        if sep and line.isdigit():
            return path, int(line)
        return item, None
    return None


def _order(f: Finding) -> tuple[int, str, str, str, tuple[str, ...]]:
    return (-f.severity.rank, f.rule, f.repository or "", f.message, f.evidence)
