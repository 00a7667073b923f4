"""Every finding about a repository names its owner (:attr:`lodestar.records.Finding.owner`).

The owner of a finding is the CODEOWNERS owners of the first repository path among its
evidence (:func:`lodestar.analysis.drift.evidence_location`), when a rule owns that path, else
the repository's declared owner (:func:`lodestar.analysis.ownership.declared_owner`); several
owners are written space-separated, as CODEOWNERS writes them. A finding without a repository,
or about a repository nobody owns, keeps ``owner = None``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from lodestar.analysis.drift import Drift, evidence_location
from lodestar.analysis.ownership import declared_owner, path_owners
from lodestar.records import Finding, Observation
from lodestar.records.owners import RepositoryOwner

__all__ = ["finding_owner", "with_owners"]


def finding_owner(
    finding: Finding, obs: Observation | None, owner: RepositoryOwner | None
) -> str | None:
    """The owner of one finding (see the module's doc)."""
    if finding.repository is None:
        return None
    where = evidence_location(finding)
    if obs is not None and where is not None and obs.owner_rules:
        found = path_owners(obs.owner_rules, where[0])
        if found:
            return " ".join(found)
    if owner is not None and owner.declared:
        return " ".join(owner.declared)
    if owner is None and obs is not None:
        declared, _source = declared_owner(obs)
        return " ".join(declared) or None
    return None


def with_owners(
    drift: Drift,
    observations: Sequence[Observation],
    owners: Mapping[str, RepositoryOwner] | None = None,
) -> Drift:
    """``drift`` with the owner of each finding (and each waived finding) filled in."""
    by_name = {o.repository: o for o in observations}
    owners = owners or {}
    # findings share paths (a manifest, a Dockerfile): each (repository, path) is matched once
    seen: dict[tuple[str, str | None], str | None] = {}

    def fill(finding: Finding) -> Finding:
        repo = finding.repository
        if repo is None or finding.owner is not None:
            return finding
        where = evidence_location(finding)
        key = (repo, where[0] if where else None)
        if key not in seen:
            seen[key] = finding_owner(finding, by_name.get(repo), owners.get(repo))
        owner = seen[key]
        return finding if owner is None else replace(finding, owner=owner)

    return replace(
        drift,
        findings=tuple(fill(f) for f in drift.findings),
        waived=tuple((fill(f), e) for f, e in drift.waived),
    )
