"""The drift rules of vulnerabilities (see :mod:`lodestar.analysis.drift`): ``vulnerability``
and ``vulnerability-campaign-target``, and the figures the views show beside them.

``vulnerability``
    One finding per advisory, repository, package and version that
    :func:`lodestar.analysis.vulnerabilities.match_observations` matched (the manifests
    declaring the same package and version are one finding, with each ``manifest:line`` as
    evidence). The severity comes from the advisory's CVSS band and the policies'
    ``vulnerabilities:`` section (:class:`~lodestar.records.vulns.VulnerabilityPolicy`): an
    error at or above ``error-at`` (high), a warning at or above ``warning-at`` (medium), a
    note below; nothing below ``ignore-below``. An advisory without any score ranks as medium.
    An unpinned declaration ("may be affected": no lock file gives the version, the declared
    constraint admits an affected one) is a note whatever the band, or nothing when the policy
    sets ``may-be-affected: false``. The finding's subject is the advisory's canonical id;
    its aliases and the package purl are subjects too, so an exception naming any of them
    (``rule: vulnerability``) waives it.
VEX statements
    A statement of the policy applies to a match when its ``advisory`` is one of the advisory's
    ids, and its ``repository`` and ``package`` (a purl glob), when given, match; the most
    specific statement wins (repository and package, then one of them, then neither; ties: the
    first declared). ``not_affected`` and ``fixed`` take the finding out of the findings into
    :attr:`~lodestar.analysis.drift.Drift.analysed` (with the statement); ``affected`` and
    ``under_investigation`` keep it, saying so in its message.
``vulnerability-campaign-target`` (organisation-wide)
    A campaign ``to`` matcher with a purl and a version range that admits a version an advisory
    affects, judged as the matching engine judges an unpinned constraint ("may be affected":
    one of the range's intervals meets an affected range). One finding per campaign, matcher
    and advisory. Matchers without a version range are not judged (they pin nothing; the
    ``vulnerability`` rule judges what is actually used), nor technology matchers.

:func:`open_vulnerabilities` (the matches no statement takes out) and
:func:`radar_advisories` (per radar entry, the advisories open against what it describes) are
the figures the ``vulns`` listing, the radar view and the cockpit show; :func:`hold_advisories`
adds the open advisories to a Hold entry's findings ("…, with 1 open advisory
(CVE-2021-44228)").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote

from lodestar.analysis.advisory_groups import AdvisoryGroup, AdvisoryIndex
from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.observed import in_range, location, purl_matches, purl_type
from lodestar.analysis.vulnerabilities import Verdict, judge
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Campaign, Finding, RadarEntry, Severity
from lodestar.records.vulns import (
    AffectedPackage,
    VexStatement,
    Vulnerability,
    VulnerabilityPolicy,
    band_rank,
)
from lodestar.safeparse import purl_key

__all__ = [
    "SUPPRESSING",
    "VexIndex",
    "advisory_url",
    "campaign_target_rules",
    "finding_severity",
    "grouped",
    "hold_advisories",
    "open_vulnerabilities",
    "package_name",
    "radar_advisories",
    "statement_for",
    "target_admits",
    "vulnerability_of",
    "vulnerability_rules",
]

SUPPRESSING = frozenset({"not_affected", "fixed"})  # VEX states that take a finding out


def finding_severity(vuln: Vulnerability, policy: VulnerabilityPolicy) -> Severity | None:
    """The severity of a match under the policy; None when the policy ignores it."""
    rank = band_rank(vuln.band)
    if policy.ignore_below is not None and rank < band_rank(policy.ignore_below):
        return None
    if vuln.status != "affected":
        return Severity.NOTE if policy.may_be_affected else None
    if rank >= band_rank(policy.error_at):
        return Severity.ERROR
    if rank >= band_rank(policy.warning_at):
        return Severity.WARNING
    return Severity.NOTE


class VexIndex:
    """The policies' statements by advisory id, for many look-ups (see :func:`statement_for`)."""

    def __init__(self, statements: Iterable[VexStatement]) -> None:
        self.by_id: dict[str, list[VexStatement]] = {}
        for statement in statements:
            self.by_id.setdefault(statement.advisory.lower(), []).append(statement)

    def find(self, vuln: Vulnerability) -> VexStatement | None:
        """The most specific statement about this match, if any; ties: the first declared."""
        if not self.by_id:
            return None
        ids = dict.fromkeys((vuln.advisory.lower(), *(a.lower() for a in vuln.aliases)))
        candidates = sorted(
            (s for key in ids for s in self.by_id.get(key, ())),
            key=lambda s: (s.source.path, s.source.line or 0) if s.source else ("", 0),
        )
        best: tuple[int, VexStatement] | None = None
        for statement in candidates:
            if statement.repository is not None and statement.repository != vuln.repository:
                continue
            if statement.package is not None and not purl_matches(statement.package, vuln.purl):
                continue
            weight = (statement.repository is not None) + (statement.package is not None)
            if best is None or weight > best[0]:
                best = (weight, statement)
        return best[1] if best else None


def statement_for(vuln: Vulnerability, statements: Sequence[VexStatement]) -> VexStatement | None:
    """The most specific VEX statement about this match, if any (see the module docstring);
    for many matches, build one :class:`VexIndex`."""
    return VexIndex(statements).find(vuln)


def open_vulnerabilities(
    vulnerabilities: Iterable[Vulnerability], policy: VulnerabilityPolicy
) -> list[Vulnerability]:
    """The matches no ``not_affected`` or ``fixed`` statement takes out."""
    out = []
    index = VexIndex(policy.statements)
    for vuln in vulnerabilities:
        statement = index.find(vuln)
        if statement is None or statement.status not in SUPPRESSING:
            out.append(vuln)
    return out


def vulnerability_of(
    finding: Finding, vulnerabilities: Iterable[Vulnerability]
) -> Vulnerability | None:
    """The match a ``vulnerability`` finding was made from (its advisory, repository, purl)."""
    if finding.rule != "vulnerability":
        return None
    for vuln in vulnerabilities:
        if (
            vuln.advisory == finding.subject
            and vuln.repository == finding.repository
            and vuln.purl in finding.evidence
        ):
            return vuln
    return None


def advisory_url(advisory: str, references: Iterable[str] = ()) -> str:
    """Where people read the advisory: a reference naming its id (GitHub's advisory page, the
    NVD), else its page on osv.dev."""
    for reference in references:
        if reference.startswith("https://") and reference.rstrip("/").endswith("/" + advisory):
            return reference
    return f"https://osv.dev/vulnerability/{advisory}"


# --- vulnerability ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """The matches of one advisory, repository, package and version (several manifests)."""

    first: Vulnerability
    places: list[str]


def grouped(vulnerabilities: Iterable[Vulnerability]) -> list[_Group]:
    """The matches by advisory, repository, package and version (in first-seen order), each
    with the ``manifest:line`` of every declaration."""
    groups: dict[tuple[str, str, str, str | None], _Group] = {}
    for vuln in vulnerabilities:
        key = (vuln.advisory, vuln.repository, vuln.package, vuln.version)
        place = location(vuln.manifest, vuln.line)
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(vuln, [place])
        elif place not in group.places:
            group.places.append(place)
    return list(groups.values())


def _ids(vuln: Vulnerability) -> str:
    return vuln.advisory + (f" ({', '.join(vuln.aliases)})" if vuln.aliases else "")


def _rating(vuln: Vulnerability) -> str:
    score = f" {vuln.score:.1f}" if vuln.score is not None else ""
    return f"{vuln.band}{score}"


def package_name(package: str) -> str:
    """A package purl (no version) as people write the name: ``requests``, ``@babel/core``,
    ``org.apache.logging.log4j:log4j-core``, ``github.com/gin-gonic/gin``."""
    kind, _, rest = package.removeprefix("pkg:").partition("/")
    name = unquote(rest or kind)
    return name.replace("/", ":") if kind.lower() == "maven" else name


def _texts(vuln: Vulnerability) -> tuple[str, str]:
    """The finding's message and fix hint."""
    name = package_name(vuln.package)
    summary = f": {vuln.summary}" if vuln.summary else ""
    if vuln.status == "affected":
        message = (
            f"{vuln.repository} uses {name}@{vuln.version}, affected by {_ids(vuln)}, "
            f"{_rating(vuln)}{summary}"
        )
        if vuln.fixed:
            hint = f"upgrade {name} to {vuln.fixed} (in {vuln.manifest})"
        else:
            hint = (
                f"no fixed version of {name} is published: remove or mitigate it, and record a "
                "VEX statement or an exception"
            )
        if not vuln.direct:
            hint += "; it comes in transitively: update the package that requires it"
        return message, hint
    declared = f" {vuln.constraint}" if vuln.constraint else ""
    message = (
        f"{vuln.repository} declares {name}{declared} with no locked version; the range admits "
        f"versions affected by {_ids(vuln)}, {_rating(vuln)}, affected {vuln.affected}{summary}"
    )
    hint = "lock the version" + (f", or require {name} >={vuln.fixed}" if vuln.fixed else "")
    return message, hint


def vulnerability_rules(ctx: RuleContext) -> None:
    policy = ctx.strategy.policies.vulnerabilities
    declaration = policy.source or ctx.policy_source("vulnerabilities")
    index = VexIndex(policy.statements)
    for group in grouped(ctx.vulnerabilities):
        vuln = group.first
        severity = finding_severity(vuln, policy)
        if severity is None:
            continue
        message, hint = _texts(vuln)
        statement = index.find(vuln)
        if statement is not None and statement.status not in SUPPRESSING:
            who = f" by {statement.owner}" if statement.owner else ""
            word = statement.status.replace("_", " ")
            message += f" [VEX: {word}{who}]"
        finding = Finding(
            "vulnerability",
            severity,
            message,
            vuln.repository,
            (*group.places, vuln.purl, f"advisory:{vuln.advisory}"),
            hint,
            statement.source if statement and statement.source else declaration,
            vuln.advisory,
        )
        if statement is not None and statement.status in SUPPRESSING:
            ctx.analysed.append((finding, statement))
            continue
        ctx.add(finding, *vuln.aliases, vuln.purl)


# --- vulnerability-campaign-target ------------------------------------------------------------


def target_admits(
    versions: str, package: str, entries: tuple[AffectedPackage, ...]
) -> Verdict | None:
    """Whether a target range of ``package`` admits a version the advisory's ``entries`` for
    it affect: the matching engine's judgement of an unpinned constraint
    (:func:`lodestar.analysis.vulnerabilities.judge`), whose ``affected`` says which ranges."""
    verdict = judge(package, None, versions, entries)
    return verdict if verdict is not None and verdict.status == "may-be-affected" else None


def campaign_target_rules(ctx: RuleContext) -> None:
    index = ctx.index
    if index is None or not index.packages:
        return
    for campaign in ctx.strategy.campaigns:
        for matcher in campaign.target:
            if not matcher.purl or not matcher.versions:
                continue
            seen: set[str] = set()
            for package, groups in _packages(index, matcher.purl):
                for group, entries in groups:
                    verdict = target_admits(matcher.versions, package, entries)
                    if group.id in seen or verdict is None:
                        continue
                    seen.add(group.id)
                    _campaign_finding(
                        ctx,
                        campaign,
                        versions=matcher.versions,
                        package=package,
                        group=group,
                        verdict=verdict,
                    )


def _packages(
    index: AdvisoryIndex, pattern: str
) -> list[tuple[str, tuple[tuple[AdvisoryGroup, tuple[AffectedPackage, ...]], ...]]]:
    """The index's packages a purl pattern names: one look-up without a glob, else a scan."""
    if "*" not in pattern and "?" not in pattern:
        key = purl_key(pattern)
        found = index.packages.get(key) if key else None
        return [(key, found)] if key and found else []
    return [(p, groups) for p, groups in index.packages.items() if purl_matches(pattern, p)]


def _campaign_finding(
    ctx: RuleContext,
    campaign: Campaign,
    *,
    versions: str,
    package: str,
    group: AdvisoryGroup,
    verdict: Verdict,
) -> None:
    rating = group.band + (f" {group.score:.1f}" if group.score is not None else "")
    aliases = f" ({', '.join(group.aliases)})" if group.aliases else ""
    fixed = f"; fixed in {verdict.fixed}" if verdict.fixed else ""
    ctx.add(
        Finding(
            "vulnerability-campaign-target",
            Severity.WARNING,
            f"campaign {campaign.id!r} migrates to {package_name(package)} {versions}, which "
            f"admits versions affected by {group.id}{aliases}, {rating} "
            f"({verdict.affected}{fixed})",
            None,
            (package, f"advisory:{group.id}"),
            "narrow the campaign's target range to versions the advisory does not affect"
            + (f" (>={verdict.fixed})" if verdict.fixed else ""),
            campaign.position,
            group.id,
        ),
        *group.aliases,
        package,
    )


# --- the radar's figure -----------------------------------------------------------------------


_HOLD_RULES = frozenset({"radar-hold-in-use", "radar-hold-new-adoption"})


def hold_advisories(ctx: RuleContext) -> None:
    """A Hold finding (``radar-hold-in-use``, ``radar-hold-new-adoption``) names the advisories
    open against the entry in its repository: one more reason to move off it."""
    if not ctx.vulnerabilities:
        return
    entries = {e.id: e for e in ctx.strategy.entries}
    open_ = open_vulnerabilities(ctx.vulnerabilities, ctx.strategy.policies.vulnerabilities)
    by_repository: dict[str, list[Vulnerability]] = {}
    for vuln in open_:
        by_repository.setdefault(vuln.repository, []).append(vuln)
    for index, (finding, keys) in enumerate(ctx.found):
        entry = entries.get(finding.subject or "")
        if finding.rule not in _HOLD_RULES or entry is None or finding.repository is None:
            continue
        found = radar_advisories([entry], by_repository.get(finding.repository, ()), ctx.catalog)
        ids = found.get(entry.id, ())
        if ids:
            shown = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
            many = "advisory" if len(ids) == 1 else "advisories"
            message = f"{finding.message}, with {len(ids)} open {many} ({shown})"
            ctx.found[index] = (replace(finding, message=message), keys)


def radar_advisories(
    entries: Iterable[RadarEntry],
    vulnerabilities: Iterable[Vulnerability],
    catalog: TechnologyCatalog,
) -> dict[str, tuple[str, ...]]:
    """Per radar entry (by id), the advisories open against what it describes: matches of
    status ``affected`` whose package one of its matchers names (a purl glob within its version
    range, or a catalog technology the purl reveals). Entries with none are left out."""
    affected = [v for v in vulnerabilities if v.status == "affected"]
    out: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        found: dict[str, None] = {}
        for vuln in affected:
            for matcher in entry.matchers:
                if matcher.purl and purl_matches(matcher.purl, vuln.purl):
                    hit = in_range(vuln.version, matcher.versions, purl_type(vuln.purl))
                elif matcher.technology:
                    hit = any(t.id == matcher.technology for t in catalog.match_purl(vuln.purl))
                else:
                    hit = False
                if hit:
                    found[vuln.advisory] = None
                    break
        if found:
            out[entry.id] = tuple(sorted(found))
    return out
