"""The drift engine: what the workspace declares, held against what the scans observe.

One entry point, :func:`find_drift`, joins a :class:`~lodestar.records.Strategy` with
observations (the store's current scans, or one repository scanned in memory) and yields
:class:`~lodestar.records.Finding` values. Every finding names its rule (a stable id from
:data:`RULES`), a severity, the repository, the evidence, a fix hint, and the workspace
declaration that makes it a finding.

Evidence items are repository paths (``path`` or ``path:line``) or carry a prefix: a purl
(``pkg:…``), ``commit:SHA``, ``repository:NAME``, ``language:NAME``, ``technology:ID``,
``version:ID@VERSION``, ``licence:SPDX`` or ``since:YYYY-MM``; :func:`evidence_location`
finds the first path.

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
Organisation-wide rules (only when the whole organisation is evaluated)
    ``radar-missing`` (a technology in use that no radar entry names, whatever its version
    range: a suggested entry with its usage count) and ``radar-unused`` (an entry outside the
    last ring whose matchers match nothing), both from :mod:`lodestar.analysis.coverage`;
    ``radar-review-due`` and ``decision-review-due`` (accepted decisions and entries past
    their review-by date), ``campaign-behind`` (see :mod:`lodestar.analysis.campaigns`),
    ``milestone-overdue`` (an open milestone of an active initiative past its date).
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
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from lodestar.analysis.campaigns import CampaignReport, campaign_report, month_start
from lodestar.analysis.coverage import RadarCoverage, radar_coverage
from lodestar.analysis.drift_rules import RULES, Rule
from lodestar.analysis.eol import ending_soon_days, finding_text, judge
from lodestar.analysis.licence_policy import licence_verdict
from lodestar.analysis.observed import (
    Observation,
    from_snapshot,
    from_store,
    in_range,
    location,
    match,
    match_any,
    purl_matches,
    purl_type,
)
from lodestar.catalog.eol import EolCatalog, load_eol
from lodestar.catalog.technologies import TechnologyCatalog, load_catalog
from lodestar.records import (
    Decision,
    Dependency,
    Finding,
    Matcher,
    MonthlySnapshot,
    PolicyException,
    RadarEntry,
    RadarMove,
    Scope,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.safeparse import purl_key

__all__ = ["RULES", "Drift", "Rule", "evidence_location", "find_drift"]


@dataclass(frozen=True, slots=True)
class Drift:
    """The findings, the findings waived by a live exception, and what was evaluated."""

    findings: tuple[Finding, ...]
    waived: tuple[tuple[Finding, PolicyException], ...] = ()
    repositories: tuple[str, ...] = ()
    organisation: bool = True  # False when one repository was evaluated on its own

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


@dataclass(slots=True)
class _Context:
    strategy: Strategy
    observations: list[Observation]
    catalog: TechnologyCatalog
    eol: EolCatalog
    today: date
    history: Sequence[MonthlySnapshot] | None
    organisation: bool
    moves: Sequence[RadarMove] = ()
    coverage: RadarCoverage | None = None
    campaigns: Mapping[str, CampaignReport] | None = None
    found: list[tuple[Finding, tuple[str, ...]]] = field(default_factory=list)
    _snapshots: dict[str, list[MonthlySnapshot]] | None = None

    def snapshots(self, repository: str) -> list[MonthlySnapshot]:
        """The monthly snapshots of one repository, oldest first (indexed on first use)."""
        if self._snapshots is None:
            index: dict[str, list[MonthlySnapshot]] = defaultdict(list)
            for snap in self.history or ():
                index[snap.repository].append(snap)
            for snaps in index.values():
                snaps.sort(key=lambda s: s.month)
            self._snapshots = dict(index)
        return self._snapshots.get(repository, [])

    def add(self, finding: Finding, *subjects: str | None) -> None:
        keys = tuple(s for s in (finding.subject, *subjects) if s)
        self.found.append((finding, keys))

    def policy_source(self, section: str | None = None) -> SourcePosition:
        """Where the policy behind a finding is declared: its section's file and line."""
        policies = self.strategy.policies
        found = policies.sections.get(section) if section else None
        return found or policies.source or SourcePosition("policies")


def find_drift(
    observed: Engine | Sequence[Observation],
    strategy: Strategy,
    *,
    today: date,
    repository: str | None = None,
    history: Sequence[MonthlySnapshot] | None = None,
    catalog: TechnologyCatalog | None = None,
    eol: EolCatalog | None = None,
    organisation: bool | None = None,
    moves: Sequence[RadarMove] = (),
    coverage: RadarCoverage | None = None,
    campaigns: Mapping[str, CampaignReport] | None = None,
) -> Drift:
    """Every finding of the strategy against the observations, exceptions applied.

    ``observed`` is the store (every repository's current scan, or ``repository``'s only) or
    observations made elsewhere (``lodestar check --repo`` scans in memory). Organisation-wide
    rules run when the whole organisation is evaluated (``organisation``, by default: the
    store without ``repository``). ``history`` (monthly snapshots) enables burn-downs and the
    "newly adopted" rule; ``moves`` (the radar's ring history) dates each entry's move to Hold.
    ``coverage`` is :func:`~lodestar.analysis.coverage.radar_coverage` of the same observations
    when the caller already has it (computed here otherwise), and ``campaigns`` the campaign
    reports by id (likewise).
    """
    if isinstance(observed, Engine):
        observations = from_store(observed, repository)
        whole = repository is None if organisation is None else organisation
    else:
        observations = [o for o in observed if repository is None or o.repository == repository]
        whole = bool(organisation)
    ctx = _Context(
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
    )
    _radar_rules(ctx)
    _decision_rules(ctx)
    _licence_rules(ctx)
    _dependency_rules(ctx)
    _eol_rules(ctx)
    if whole:
        _radar_coverage(ctx)
        _review_dates(ctx)
        _campaign_rules(ctx)
        _milestone_rules(ctx)
    return _apply_exceptions(ctx)


# --- radar ----------------------------------------------------------------------------------


def _ring(strategy: Strategy, name: str) -> str | None:
    return next((r for r in strategy.radar.rings if r.lower() == name), None)


def _entry_subjects(entry: RadarEntry) -> list[str]:
    return [entry.id, *(m.technology or m.purl or "" for m in entry.matchers)]


def _radar_rules(ctx: _Context) -> None:
    rings = ctx.strategy.radar.rings
    hold = rings[-1] if rings else None
    assess = _ring(ctx.strategy, "assess")
    policies = ctx.strategy.policies
    titles = {e.id: e.title for e in ctx.strategy.entries}
    for entry in ctx.strategy.entries:
        if entry.ring not in {hold, assess} or not entry.matchers:
            continue
        for obs in ctx.observations:
            evidence = match_any(obs, entry.matchers, ctx.catalog)
            if not evidence:
                continue
            commit = (f"commit:{obs.commit}",) if obs.commit else ()
            if entry.ring == hold:
                replacement = titles.get(entry.replaced_by or "", entry.replaced_by)
                hint = (
                    f"replace with {replacement}" if replacement else "plan a replacement"
                ) + f" (radar: {entry.title} is on {hold})"
                adopted = _adopted_since(ctx, obs, entry)
                if adopted is not None:
                    ctx.add(
                        Finding(
                            "radar-hold-new-adoption",
                            Severity.ERROR,
                            f"{obs.repository} adopted {entry.title} (on {hold}) after "
                            f"{hold_since(ctx, entry)}",
                            obs.repository,
                            (*evidence, *adopted),
                            hint,
                            entry.source,
                            entry.id,
                        ),
                        *_entry_subjects(entry),
                    )
                    continue
                ctx.add(
                    Finding(
                        "radar-hold-in-use",
                        Severity.WARNING,
                        f"{obs.repository} uses {entry.title}, which the radar puts on {hold}",
                        obs.repository,
                        (*evidence, *commit),
                        hint,
                        entry.source,
                        entry.id,
                    ),
                    *_entry_subjects(entry),
                )
            elif policies.radar_assess_only_in and not any(
                fnmatch.fnmatchcase(obs.repository, p) for p in policies.radar_assess_only_in
            ):
                ctx.add(
                    Finding(
                        "radar-assess-outside-scope",
                        Severity.WARNING,
                        f"{obs.repository} uses {entry.title} ({assess}) outside the trial "
                        f"repositories ({', '.join(policies.radar_assess_only_in)})",
                        obs.repository,
                        (*evidence, *commit),
                        f"keep {entry.title} to the trial repositories until it moves to Trial, "
                        "or add this repository to radar_assess_only_in",
                        entry.source or ctx.policy_source("radar"),
                        entry.id,
                    ),
                    *_entry_subjects(entry),
                )


def hold_since(ctx: _Context, entry: RadarEntry) -> date | None:
    """Since when adopting a Hold entry is a violation: the policy date, or the entry's move
    to Hold when the radar history says it came later; None when the policy sets no date."""
    since = ctx.strategy.policies.radar_hold_no_new_since
    if since is None:
        return None
    moved = [
        m.date
        for m in ctx.moves
        if m.entry == entry.id and m.ring == entry.ring and m.date <= ctx.today
    ]
    return max([since, *moved])


def _adopted_since(ctx: _Context, obs: Observation, entry: RadarEntry) -> tuple[str, ...] | None:
    """Evidence of adoption after :func:`hold_since` (first commit seen), else None."""
    since = hold_since(ctx, entry)
    if since is None or not ctx.history:
        return None
    snaps = ctx.snapshots(obs.repository)
    if not snaps:
        return None  # history not mined for this repository: cannot tell
    cutoff = month_start(since)
    before = [s for s in snaps if s.month < cutoff]
    if before and match_any(from_snapshot(before[-1]), entry.matchers, ctx.catalog):
        return None
    first = next(
        (
            s
            for s in snaps
            if s.month >= cutoff and match_any(from_snapshot(s), entry.matchers, ctx.catalog)
        ),
        None,
    )
    if first is None:
        return (f"commit:{obs.commit}",) if obs.commit else ()
    return (f"commit:{first.commit}", f"since:{first.month:%Y-%m}")


# --- decisions ------------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _names(matcher: Matcher, catalog: TechnologyCatalog) -> set[str]:
    names: set[str] = set()
    if matcher.technology:
        names.add(matcher.technology)
        tech = catalog.get(matcher.technology)
        if tech is not None:
            names.update((tech.name, *tech.aliases))
    if matcher.purl:
        key = purl_key(matcher.purl) or matcher.purl
        names.add(key.rstrip("*/").rsplit("/", 1)[-1])
    return {s for s in map(_slug, names) if s}


def names_option(matcher: Matcher, option: str, catalog: TechnologyCatalog) -> bool:
    """Whether a governed matcher is the chosen option (see the module docstring)."""
    chosen = _slug(option)
    return any(chosen == n or chosen.startswith(n + "-") for n in _names(matcher, catalog))


def forbidden_matchers(decision: Decision, catalog: TechnologyCatalog) -> tuple[Matcher, ...]:
    """The governed matchers an accepted decision rules out (empty when it enforces nothing)."""
    if decision.status.lower() != "accepted" or not decision.chosen:
        return ()
    chosen = decision.chosen
    return tuple(m for m in decision.governs if not names_option(m, chosen, catalog))


def _decision_rules(ctx: _Context) -> None:
    for decision in ctx.strategy.decisions:
        forbidden = forbidden_matchers(decision, ctx.catalog)
        for matcher in forbidden:
            what = matcher.technology or matcher.purl or "?"
            tech = ctx.catalog.get(matcher.technology) if matcher.technology else None
            label = tech.name if tech else what
            for obs in ctx.observations:
                evidence = match(obs, matcher, ctx.catalog)
                if not evidence:
                    continue
                ctx.add(
                    Finding(
                        "decision-violation",
                        Severity.ERROR,
                        f"{obs.repository} uses {label}, against decision {decision.id} "
                        f"“{decision.title}” (chosen: {decision.chosen})",
                        obs.repository,
                        tuple(evidence),
                        f"move to {decision.chosen} as decided in {decision.id}, or propose a "
                        "decision that supersedes it",
                        decision.source,
                        what,
                    ),
                    decision.id,
                )


# --- licences -------------------------------------------------------------------------------

_VERDICT_WORDS = {
    "denied": "denied",
    "review": "needs review",
    "unlisted": "not on the allow list",
    "allowed": "allowed",
}
_SHIPPED = frozenset({Scope.RUNTIME, Scope.OPTIONAL, Scope.PEER})  # judged in every context


def _licence_rules(ctx: _Context) -> None:
    policies = ctx.strategy.policies
    by_context = {p.context: p for p in policies.licence}
    for obs in ctx.observations:
        context = policies.licence_context.get(obs.repository, policies.default_licence_context)
        policy = by_context.get(context)
        if policy is None:
            continue
        lists = (
            {x.lower() for x in policy.allowed},
            {x.lower() for x in policy.denied},
            {x.lower() for x in policy.review},
        )
        commit = (f"commit:{obs.commit}",) if obs.commit else ()
        if obs.licence:
            judged = [
                (
                    obs.licence,
                    "is licensed",
                    (*((obs.licence_path,) if obs.licence_path else ()), *commit),
                )
            ]
        elif "none" in lists[1] | lists[2]:
            judged = [("NONE", "has no licence", commit)]
        else:
            judged = []
        own = _normal(obs.licence or "")
        for expression, count in obs.headers:
            if _normal(expression) != own:
                files = f"{count} file{'s' if count != 1 else ''}"
                judged.append(
                    (expression, f"has {files} marked", (f"licence:{expression}", *commit))
                )
        for expression, how, evidence in judged:
            _judge_licence(
                ctx,
                obs,
                context=context,
                lists=lists,
                expression=expression,
                how=how,
                evidence=evidence,
            )
        seen: set[str] = set()
        for dep in obs.dependencies:
            if not dep.licence or dep.fixture or dep.purl in seen:
                continue
            if dep.scope not in _SHIPPED and context != "internal":
                continue
            seen.add(dep.purl)
            version = f" {dep.version}" if dep.version else ""
            _judge_licence(
                ctx,
                obs,
                context=context,
                lists=lists,
                expression=dep.licence,
                how=f"depends on {dep.name}{version}, licensed",
                evidence=(location(dep.manifest, dep.line), dep.purl),
                dep=dep,
            )


def _normal(expression: str) -> str:
    return " ".join(expression.lower().replace("(", " ").replace(")", " ").split())


def _judge_licence(
    ctx: _Context,
    obs: Observation,
    *,
    context: str,
    lists: tuple[set[str], set[str], set[str]],
    expression: str,
    how: str,
    evidence: tuple[str, ...],
    dep: Dependency | None = None,
) -> None:
    allowed, denied, review = lists
    verdict, keys = licence_verdict(expression, allowed, denied, review)
    if verdict == "allowed" or (verdict == "unlisted" and not allowed):
        return
    rule = {
        "denied": "licence-denied",
        "review": "licence-review",
        "unlisted": "licence-not-allowed",
    }[verdict]
    hint = {
        "denied": f"relicense or remove that code, or ask for a {context} exception",
        "review": "have the licence reviewed, then record an exception or allow it",
        "unlisted": "use an allowed licence, or add this one to the policy",
    }[verdict]
    if dep is not None:
        hint = {
            "denied": f"replace {dep.name}, or ask for a {context} exception for it",
            "review": f"have {dep.name}'s licence reviewed, then record an exception or allow it",
            "unlisted": f"replace {dep.name}, or add its licence to the policy",
        }[verdict] + ("" if dep.direct else " (it comes in transitively: update its parent)")
    shown = expression if expression != "NONE" else ""
    subject = (purl_key(dep.purl) or dep.purl) if dep is not None else None
    ctx.add(
        Finding(
            rule,
            RULES[rule].severity,
            f"{obs.repository} {how} {shown}".rstrip()
            + f": {', '.join(keys)} {_VERDICT_WORDS[verdict]} for {context} distribution",
            obs.repository,
            evidence,
            hint,
            ctx.policy_source("licence"),
            subject or (keys[0] if keys else expression),
        ),
        expression,
        *keys,
        *((dep.purl,) if dep is not None else ()),
    )


# --- dependencies ---------------------------------------------------------------------------


def _dependency_rules(ctx: _Context) -> None:
    rules = ctx.strategy.policies.dependency_rules
    deny = [r for r in rules if r.action == "deny"]
    allow = [r for r in rules if r.action == "allow"]
    if not deny:
        return
    for obs in ctx.observations:
        for dep in obs.dependencies:
            if dep.fixture:
                continue
            for rule in deny:
                if not _dependency_matches(rule.matcher, dep.purl, dep.version, ctx.catalog):
                    continue
                if any(
                    _dependency_matches(a.matcher, dep.purl, dep.version, ctx.catalog)
                    for a in allow
                ):
                    continue
                what = rule.matcher.purl or rule.matcher.technology or dep.purl
                ctx.add(
                    Finding(
                        "dependency-denied",
                        rule.severity,
                        f"{obs.repository} depends on {dep.name}"
                        f"{' ' + dep.version if dep.version else ''}, denied by {what}"
                        + (f": {rule.reason}" if rule.reason else ""),
                        obs.repository,
                        (location(dep.manifest, dep.line), dep.purl),
                        f"remove {dep.name} from {dep.manifest}"
                        + ("" if dep.direct else " (it comes in transitively: update its parent)"),
                        rule.source or ctx.policy_source(),
                        purl_key(dep.purl) or dep.purl,
                    ),
                    dep.purl,
                )
                break


def _dependency_matches(
    matcher: Matcher, purl: str, version: str | None, catalog: TechnologyCatalog
) -> bool:
    if matcher.purl and not purl_matches(matcher.purl, purl):
        return False
    if matcher.technology and all(t.id != matcher.technology for t in catalog.match_purl(purl)):
        return False
    ecosystem = purl_type(purl) if matcher.purl else None  # a technology's range: generic
    return bool(matcher.purl or matcher.technology) and in_range(
        version, matcher.versions, ecosystem
    )


# --- end of life ----------------------------------------------------------------------------


def _eol_rules(ctx: _Context) -> None:
    """Every declaration judged by :func:`lodestar.analysis.eol.judge` (deployed, development
    or supported range); the verdict's rule and severity are the finding's."""
    policies = ctx.strategy.policies
    for obs in ctx.observations:
        for rt in obs.runtimes:
            verdict = judge(
                ctx.eol,
                rt,
                ctx.today,
                ending_soon_days(policies),
                error_past=policies.eol_error_past,
            )
            if verdict.rule is None or verdict.severity is None:
                continue
            message, hint = finding_text(obs.repository, rt, verdict)
            cycle = verdict.cycle.cycle if verdict.cycle else rt.version
            evidence = (
                location(rt.path, rt.line),
                *((f"commit:{obs.commit}",) if obs.commit else ()),
            )
            ctx.add(
                Finding(
                    verdict.rule,
                    verdict.severity,
                    message,
                    obs.repository,
                    evidence,
                    hint,
                    ctx.policy_source("eol"),
                    f"{rt.product}@{cycle}",
                ),
                rt.product,
                f"{rt.product}@{rt.version}",
            )


# --- organisation-wide ----------------------------------------------------------------------


def _radar_coverage(ctx: _Context) -> None:
    """``radar-missing`` and ``radar-unused``, from :func:`radar_coverage` (the one derivation
    of what is on the radar, shared with the cockpit's pages)."""
    entries = ctx.strategy.entries
    coverage = ctx.coverage or radar_coverage(ctx.observations, entries, ctx.catalog)
    radar_dir = SourcePosition("radar")
    for missing in coverage.missing():
        tech_id, repos = missing.technology, missing.repositories
        tech = ctx.catalog.get(tech_id)
        name = tech.name if tech else tech_id
        category = tech.category.value if tech else "unknown"
        quadrant = _suggested_quadrant(category, ctx.strategy.radar.quadrants)
        ctx.add(
            Finding(
                "radar-missing",
                Severity.NOTE,
                f"{name} is used in {len(repos)} "
                f"{'repository' if len(repos) == 1 else 'repositories'} but is not on the "
                f"radar (category: {category})",
                None,
                tuple(f"repository:{r}" for r in repos),
                f"add radar/{tech_id}.md with `technology: {tech_id}`"
                + (f", quadrant {quadrant}" if quadrant else "")
                + " and a ring",
                radar_dir,
                tech_id,
            )
        )
    hold = ctx.strategy.radar.rings[-1] if ctx.strategy.radar.rings else None
    for entry in entries:
        if not entry.matchers or entry.ring == hold or coverage.users.get(entry.id):
            continue
        ctx.add(
            Finding(
                "radar-unused",
                Severity.NOTE,
                f"radar entry {entry.title} ({entry.ring}) matches no repository",
                None,
                (),
                "check its matchers, or move it out if nobody should use it any more",
                entry.source,
                entry.id,
            )
        )


# Where the default radar quadrants usually place a catalog category (a suggestion only).
_QUADRANT_OF = {
    "language": "Languages & Frameworks",
    "framework": "Languages & Frameworks",
    "library": "Languages & Frameworks",
    "testing": "Tools",
    "build-tool": "Tools",
    "ci-cd": "Tools",
    "observability": "Tools",
    "infrastructure-as-code": "Tools",
    "ai-ml": "Tools",
    "database": "Platforms",
    "messaging": "Platforms",
    "cache": "Platforms",
    "search": "Platforms",
    "cloud-service": "Platforms",
    "container-orchestration": "Platforms",
    "runtime": "Platforms",
    "operating-system": "Platforms",
}


def _suggested_quadrant(category: str, quadrants: Sequence[str]) -> str | None:
    """The default quadrant for a category, when the workspace's radar has it."""
    quadrant = _QUADRANT_OF.get(category)
    return quadrant if quadrant in quadrants else None


def _review_dates(ctx: _Context) -> None:
    for entry in ctx.strategy.entries:
        if entry.review_by is not None and entry.review_by < ctx.today:
            ctx.add(
                Finding(
                    "radar-review-due",
                    Severity.WARNING,
                    f"radar entry {entry.title} ({entry.ring}) was due for review on "
                    f"{entry.review_by.isoformat()}",
                    None,
                    (),
                    f"review the ring of {entry.title} and set a new review_by date"
                    + (f" (owner: {entry.owner})" if entry.owner else ""),
                    entry.source,
                    entry.id,
                )
            )
    for decision in ctx.strategy.decisions:
        if decision.status.lower() != "accepted":
            continue
        if decision.review_by is not None and decision.review_by < ctx.today:
            ctx.add(
                Finding(
                    "decision-review-due",
                    Severity.WARNING,
                    f"decision {decision.id} “{decision.title}” was due for review on "
                    f"{decision.review_by.isoformat()}",
                    None,
                    (),
                    "confirm it with a new review_by date, amend it, or supersede it",
                    decision.source,
                    decision.id,
                )
            )


def _campaign_rules(ctx: _Context) -> None:
    for campaign in ctx.strategy.campaigns:
        known = ctx.campaigns.get(campaign.id) if ctx.campaigns is not None else None
        report = known or campaign_report(
            campaign, ctx.observations, ctx.catalog, today=ctx.today, history=ctx.history
        )
        if report.schedule not in {"behind", "overdue"}:
            continue
        prog = report.progress
        remaining = sorted(r.repository for r in prog.repositories if r.state != "done")
        ctx.add(
            Finding(
                "campaign-behind",
                Severity.ERROR if report.schedule == "overdue" else Severity.WARNING,
                f"campaign {campaign.id} “{campaign.title}” is {report.schedule}: "
                f"{prog.done}/{prog.total} done; {report.reason}",
                None,
                tuple(f"repository:{r}" for r in remaining),
                f"{len(remaining)} repositories left"
                + (f"; owner: {campaign.owner}" if campaign.owner else ""),
                campaign.position,
                campaign.id,
            )
        )


def _milestone_rules(ctx: _Context) -> None:
    for initiative in ctx.strategy.initiatives:
        if initiative.status.lower() != "active":
            continue
        for milestone in initiative.milestones:
            if milestone.done or milestone.due >= ctx.today:
                continue
            ctx.add(
                Finding(
                    "milestone-overdue",
                    Severity.WARNING,
                    f"initiative {initiative.id}: milestone “{milestone.title}” was due "
                    f"{milestone.due.isoformat()}",
                    None,
                    (),
                    "mark it done, or re-plan it with the initiative owner"
                    + (f" ({initiative.owner})" if initiative.owner else ""),
                    initiative.source,
                    initiative.id,
                )
            )


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


def _apply_exceptions(ctx: _Context) -> Drift:
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
