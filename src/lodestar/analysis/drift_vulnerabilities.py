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
    affects: the range and the advisory's affected ranges intersect when a lowest version of one
    (a range alternative's lower bound, an ``introduced`` or ``last_affected`` event, an
    explicit affected version) lies inside the other. Matchers without a version range are not
    judged (they pin nothing; the ``vulnerability`` rule judges what is actually used).

:func:`open_vulnerabilities` (the matches no statement takes out) and
:func:`radar_advisories` (per radar entry, the advisories open against what it describes) are
the figures the ``vulns`` listing, the radar view and the cockpit show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.observed import in_range, location, purl_matches, purl_type
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Finding, RadarEntry, Severity
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    VexStatement,
    Vulnerability,
    VulnerabilityPolicy,
    band_rank,
)
from lodestar.safeparse import lowest_bound

__all__ = [
    "SUPPRESSING",
    "advisory_url",
    "campaign_target_rules",
    "finding_severity",
    "open_vulnerabilities",
    "package_name",
    "radar_advisories",
    "statement_for",
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


def statement_for(vuln: Vulnerability, statements: Sequence[VexStatement]) -> VexStatement | None:
    """The most specific VEX statement about this match, if any (see the module docstring)."""
    ids = {vuln.advisory.lower(), *(a.lower() for a in vuln.aliases)}
    best: tuple[int, VexStatement] | None = None
    for statement in statements:
        if statement.advisory.lower() not in ids:
            continue
        if statement.repository is not None and statement.repository != vuln.repository:
            continue
        if statement.package is not None and not purl_matches(statement.package, vuln.purl):
            continue
        weight = (statement.repository is not None) + (statement.package is not None)
        if best is None or weight > best[0]:
            best = (weight, statement)
    return best[1] if best else None


def open_vulnerabilities(
    vulnerabilities: Iterable[Vulnerability], policy: VulnerabilityPolicy
) -> list[Vulnerability]:
    """The matches no ``not_affected`` or ``fixed`` statement takes out."""
    out = []
    for vuln in vulnerabilities:
        statement = statement_for(vuln, policy.statements)
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


def _grouped(vulnerabilities: Iterable[Vulnerability]) -> list[_Group]:
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
        f"versions affected by {_ids(vuln)} ({vuln.affected}), {_rating(vuln)}{summary}"
    )
    hint = "lock the version" + (f", or require {name} >={vuln.fixed}" if vuln.fixed else "")
    return message, hint


def vulnerability_rules(ctx: RuleContext) -> None:
    policy = ctx.strategy.policies.vulnerabilities
    declaration = policy.source or ctx.policy_source("vulnerabilities")
    for group in _grouped(ctx.vulnerabilities):
        vuln = group.first
        severity = finding_severity(vuln, policy)
        if severity is None:
            continue
        message, hint = _texts(vuln)
        statement = statement_for(vuln, policy.statements)
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


def _lower_bounds(versions: str) -> list[str]:
    """The lowest version of each alternative of a range (``0.0.0`` when one is unbounded)."""
    out = []
    for alternative in versions.replace("||", "|").split("|"):
        text = alternative.strip()
        if text.startswith(("[", "(")):  # a Maven/NuGet interval: "[2.17.1,)", "(,1.0]"
            out.append(text[1:].split(",", 1)[0].strip(" ])") or "0.0.0")
            continue
        try:
            bound = lowest_bound(text) if text and text not in {"*", "x"} else None
        except ValueError:
            continue
        out.append(bound or "0.0.0")
    return out


def _advisory_lows(package: AffectedPackage) -> list[str]:
    out = list(package.versions)
    for spread in package.ranges:
        if spread.type == "GIT":
            continue
        for event in spread.events:
            if event.kind == "introduced":
                out.append("0.0.0" if event.version == "0" else event.version)
            elif event.kind == "last_affected":
                out.append(event.version)
    return out


def target_admits(versions: str, package: AffectedPackage, ecosystem: str | None) -> bool:
    """Whether a target range and an advisory's affected ranges of one package intersect."""
    from lodestar.analysis.osv_versions import is_affected  # noqa: PLC0415  (cycle-free, lazy)

    if any(in_range(low, versions, ecosystem) for low in _advisory_lows(package)):
        return True
    kind = purl_type(package.package) or ""
    return any(is_affected(kind, low, package) for low in _lower_bounds(versions))


def campaign_target_rules(ctx: RuleContext) -> None:
    by_package: dict[str, list[tuple[Advisory, AffectedPackage]]] = {}
    for advisory in ctx.advisories:
        if advisory.withdrawn is not None:
            continue
        for affected in advisory.affected:
            by_package.setdefault(affected.package, []).append((advisory, affected))
    if not by_package:
        return
    from lodestar.analysis.advisory_groups import advisory_severity  # noqa: PLC0415  lazy

    for campaign in ctx.strategy.campaigns:
        for matcher in campaign.target:
            if not matcher.purl or not matcher.versions:
                continue
            ecosystem = purl_type(matcher.purl)
            seen: set[str] = set()
            for package, pairs in by_package.items():
                if not purl_matches(matcher.purl, package):
                    continue
                for advisory, affected in pairs:
                    if advisory.id in seen or not target_admits(
                        matcher.versions, affected, ecosystem
                    ):
                        continue
                    seen.add(advisory.id)
                    score, band, _ = advisory_severity(advisory)
                    rating = band + (f" {score:.1f}" if score is not None else "")
                    ctx.add(
                        Finding(
                            "vulnerability-campaign-target",
                            Severity.WARNING,
                            f"campaign {campaign.id!r} migrates to {affected.name} "
                            f"{matcher.versions}, a range that admits versions affected by "
                            f"{advisory.id}, {rating}",
                            None,
                            (package, f"advisory:{advisory.id}"),
                            "narrow the campaign's target range to versions the advisory does "
                            "not affect",
                            campaign.position,
                            advisory.id,
                        ),
                        *advisory.aliases,
                        package,
                    )


# --- the radar's figure -----------------------------------------------------------------------


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
