"""The IP rules that hold the register against what the repositories show.

They read the register (:attr:`lodestar.records.Strategy.ip`) and the observations
:func:`lodestar.ingest.ip_observe.observe_ip` made (:class:`~lodestar.records.ip_observed.
IpObservations`: upstream contributions, each repository's blobs at its scanned commit), and
run only when the whole organisation is evaluated with those observations.

``ip-outbound-unregistered`` (warning)
    The organisation's people committed to an upstream mirror (``[sources] upstream``) that
    ``ip/outbound.yaml`` does not list, or lists without ``approved: true``; or, for an approved
    project with ``self-declared-below: N``, made commits of N lines or more (they need an
    approval of their own). A project is the upstream mirror when its ``url`` is the mirror's
    origin URL, or its ``id``, ``name`` or the URL's last segment is the mirror's name. One
    finding per project: the commits (five at most) as evidence, the project as subject.
``ip-outbound-cla-missing`` (error)
    A registered project with ``agreement: CLA`` whose corporate CLA is not recorded
    (``cla-signed``) or that names no ``approver``; or one with ``agreement: DCO`` whose
    commits by the organisation's people lack a ``Signed-off-by`` trailer with the author's
    email.
``ip-trade-secret-exposed`` (error)
    A file a trade-secret glob covers is present, at the scanned commit, in a repository whose
    visibility is public (declared in ``ip/trade-secrets.yaml`` ``visibility:``, else the
    forge's); or the same blob (git object id) as a trade-secret file is present in another
    repository, or elsewhere in the same one, outside every declared trade-secret path (a copy).
    Empty files are not compared (every empty file has the same id).
``ip-export-record-missing`` (warning)
    Once the workspace keeps ``ip/export.yaml``: a repository uses (directly: a dependency it
    declares, as the technology inventory counts) a technology the catalog tags ``crypto`` and
    the file has no record for it; or its record names a ``notice`` file that is absent at
    the scanned commit.
``ip-patent-notice-missing`` (warning)
    When the policies say ``ip: {patent-notice: true}``: a repository a granted or pending
    patent family covers has no patent notice at its root (a ``PATENTS`` file, or a
    ``NOTICE``/``README`` that mentions a patent).

Every finding names the declaration that makes it one (the register entry's line, or the
policies' ``ip`` section) and is waived by exceptions as any other
(``rule: ip-outbound-unregistered``, ``subject: pip``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lodestar.analysis.drift_context import RuleContext
from lodestar.catalog import TechnologyCatalog
from lodestar.records import SHIPPED_SCOPES, Finding, Observation, Severity, SourcePosition
from lodestar.records.ip import ExportRecord, IpRegister, OutboundProject, TradeSecret
from lodestar.records.ip_observed import (
    IpObservations,
    RepositoryTree,
    UpstreamCommit,
    UpstreamProject,
)
from lodestar.safeparse import purl_key

__all__ = [
    "CRYPTO_TAG",
    "EMPTY_BLOB",
    "crypto_inventory",
    "crypto_uses",
    "ip_observed_rules",
    "outbound_contributions",
    "registered_project",
    "trade_secret_files",
]

CRYPTO_TAG = "crypto"
EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's id of the empty file (SHA-1)
_EVIDENCE_COMMITS = 5
_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]+@)?")


def ip_observed_rules(ctx: RuleContext) -> None:
    """Add the five rules' findings to ``ctx`` (organisation-wide, with observations only)."""
    facts = ctx.ip
    if facts is None or not ctx.organisation:
        return
    register = ctx.strategy.ip
    _outbound(ctx, register, facts.upstream)
    _trade_secrets(ctx, register, facts)
    _exports(ctx, register, facts)
    _patent_notices(ctx, register, facts)


def _declared(register: IpRegister, key: str, fallback: str) -> SourcePosition:
    return register.files.get(key) or SourcePosition(fallback)


# --- outbound contributions --------------------------------------------------------------------


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    text = _URL_PREFIX.sub("", url.strip().lower()).replace(":", "/")
    return text.removesuffix("/").removesuffix(".git").removesuffix("/") or None


def registered_project(upstream: UpstreamProject, register: IpRegister) -> OutboundProject | None:
    """The outbound register's project for an upstream mirror (see the module's docstring)."""
    origin = _url_key(upstream.url)
    name = upstream.name.lower()
    for project in register.outbound:
        key = _url_key(project.url)
        if origin is not None and key == origin:
            return project
    for project in register.outbound:
        key = _url_key(project.url)
        last = key.rsplit("/", 1)[-1] if key else None
        if name in {project.id.lower(), project.name.lower(), last}:
            return project
    return None


def _commit_evidence(commits: Sequence[UpstreamCommit]) -> tuple[str, ...]:
    return tuple(f"commit:{c.sha}" for c in commits[-_EVIDENCE_COMMITS:])


def _summary(commits: Sequence[UpstreamCommit]) -> str:
    people = len({c.person for c in commits})
    lines = sum(c.lines for c in commits)
    return (
        f"{len(commits)} commit{'s' if len(commits) != 1 else ''} ({lines} lines) by "
        f"{people} {'person' if people == 1 else 'people'} of the organisation"
    )


def _outbound(ctx: RuleContext, register: IpRegister, upstream: Sequence[UpstreamProject]) -> None:
    outbound_file = _declared(register, "outbound", "ip/outbound.yaml")
    for project, entry in outbound_contributions(upstream, register):
        if not project.commits:
            continue
        evidence = (f"repository:{project.name}", *_commit_evidence(project.commits))
        if entry is None or not entry.approved:
            what = "does not list it" if entry is None else f"lists it as {entry.id}, not approved"
            hint = (
                "register the project in ip/outbound.yaml under `projects` with its `url`, "
                "`agreement` and `approver`, and set `approved: true` once approved"
            )
            ctx.add(
                Finding(
                    "ip-outbound-unregistered",
                    Severity.WARNING,
                    f"{_summary(project.commits)} in upstream {project.name}; "
                    f"ip/outbound.yaml {what}",
                    None,
                    evidence,
                    hint,
                    entry.source if entry is not None and entry.source else outbound_file,
                    project.name,
                )
            )
            continue
        _over_limit(ctx, project, entry, outbound_file)
        _agreement(ctx, project, entry, outbound_file)


def _over_limit(
    ctx: RuleContext, project: UpstreamProject, entry: OutboundProject, file: SourcePosition
) -> None:
    limit = entry.self_declared_below
    if limit is None:
        return
    large = [c for c in project.commits if c.lines >= limit]
    if not large:
        return
    ctx.add(
        Finding(
            "ip-outbound-unregistered",
            Severity.WARNING,
            f"{_summary(large)} in upstream {project.name} reach the self-declared limit of "
            f"{limit} lines: each needs an approval of its own",
            None,
            (f"repository:{project.name}", *_commit_evidence(large)),
            "have each larger contribution approved, or raise `self-declared-below` in "
            "ip/outbound.yaml if the approval covers it",
            entry.source or file,
            project.name,
        )
    )


def _agreement(
    ctx: RuleContext, project: UpstreamProject, entry: OutboundProject, file: SourcePosition
) -> None:
    if entry.agreement == "CLA" and not (entry.cla_signed and entry.approver):
        missing = "no signed corporate CLA is recorded" if not entry.cla_signed else "no approver"
        ctx.add(
            Finding(
                "ip-outbound-cla-missing",
                Severity.ERROR,
                f"upstream {project.name} requires a CLA and {missing}; "
                f"{_summary(project.commits)} were contributed",
                None,
                (f"repository:{project.name}", *_commit_evidence(project.commits)),
                "record the signed corporate CLA (`cla-signed: true`) and its `approver` in "
                "ip/outbound.yaml, or stop contributing until it is signed",
                entry.source or file,
                project.name,
            )
        )
    elif entry.agreement == "DCO":
        unsigned = [c for c in project.commits if not c.signed_off]
        if unsigned:
            ctx.add(
                Finding(
                    "ip-outbound-cla-missing",
                    Severity.ERROR,
                    f"upstream {project.name} requires the DCO and {len(unsigned)} of the "
                    f"organisation's {len(project.commits)} commits carry no Signed-off-by of "
                    "their author",
                    None,
                    (f"repository:{project.name}", *_commit_evidence(unsigned)),
                    "sign off every upstream commit (git commit -s); the project's `agreement` "
                    "in ip/outbound.yaml is DCO",
                    entry.source or file,
                    project.name,
                )
            )


# --- trade secrets -----------------------------------------------------------------------------


def trade_secret_files(secret: TradeSecret, tree: RepositoryTree) -> list[tuple[str, str]]:
    """(path, blob id) of the files a trade secret's globs cover in one repository."""
    return [(path, oid) for path, oid in sorted(tree.blobs.items()) if secret.covers(path)]


def _visibility(
    register: IpRegister, tree: RepositoryTree
) -> tuple[str | None, SourcePosition | None]:
    declared = register.visibility_of(tree.repository)
    if declared is not None:
        return declared.visibility, declared.source
    return tree.visibility, None


def _trade_secrets(ctx: RuleContext, register: IpRegister, facts: IpObservations) -> None:
    if not register.trade_secrets:
        return
    secrets_file = _declared(register, "trade-secrets", "ip/trade-secrets.yaml")
    by_blob: dict[str, list[tuple[str, str]]] = {}
    for held in facts.trees.values():
        for path, oid in held.blobs.items():
            if oid != EMPTY_BLOB:
                by_blob.setdefault(oid, []).append((held.repository, path))
    for secret in register.trade_secrets:
        tree = facts.trees.get(secret.repository)
        if tree is None:
            continue
        files = trade_secret_files(secret, tree)
        visibility, where = _visibility(register, tree)
        if files and visibility == "public":
            _exposed_public(ctx, secret, tree.repository, files, where or secrets_file)
        for repository, path in _copies(register, files, by_blob):
            _exposed_copy(ctx, secret, repository, path, secrets_file)


def _copies(
    register: IpRegister,
    files: Sequence[tuple[str, str]],
    by_blob: dict[str, list[tuple[str, str]]],
) -> Iterator[tuple[str, str]]:
    """Where the secret's blobs are held outside every declared trade-secret path."""
    seen: set[tuple[str, str]] = set()
    for _, oid in files:
        if oid == EMPTY_BLOB:
            continue
        for repository, path in by_blob.get(oid, ()):
            declared = any(
                s.repository == repository and s.covers(path) for s in register.trade_secrets
            )
            if not declared and (repository, path) not in seen:
                seen.add((repository, path))
                yield repository, path


def _exposed_public(
    ctx: RuleContext,
    secret: TradeSecret,
    repository: str,
    files: Sequence[tuple[str, str]],
    declaration: SourcePosition,
) -> None:
    ctx.add(
        Finding(
            "ip-trade-secret-exposed",
            Severity.ERROR,
            f"trade secret {secret.id}: {len(files)} file{'s' if len(files) != 1 else ''} in "
            f"{repository}, which is public",
            repository,
            tuple(path for path, _ in files[:_EVIDENCE_COMMITS]),
            "remove the files from the public repository (and from its history), or correct "
            "the repository's `visibility` in ip/trade-secrets.yaml if it is not public",
            declaration,
            secret.id,
        ),
        *(path for path, _ in files),
    )


def _exposed_copy(
    ctx: RuleContext, secret: TradeSecret, repository: str, path: str, file: SourcePosition
) -> None:
    ctx.add(
        Finding(
            "ip-trade-secret-exposed",
            Severity.ERROR,
            f"trade secret {secret.id}: {path} in {repository} is a copy of a file of "
            f"{secret.repository}, outside the declared trade-secret paths",
            repository,
            (path, f"repository:{secret.repository}"),
            "remove the copy, or declare its path under the secret's `paths` in "
            "ip/trade-secrets.yaml so it is protected like the original",
            secret.source or file,
            secret.id,
        ),
        path,
    )


# --- export control ----------------------------------------------------------------------------


def crypto_uses(observation: Observation, catalog: TechnologyCatalog) -> dict[str, str]:
    """Every crypto-tagged technology a repository's current scan uses (directly, as the
    inventory counts), by id, with the first manifest that declares it ("" when none).

    A library counts only when it ships: a dependency of a runtime, optional or peer scope
    (``records.SHIPPED_SCOPES``, as the third-party notice reads it), not one a test, type-check
    or build group declares (flask, pip and requests list pyca cryptography for tests and
    type-checking only); uses seen otherwise (an image, a file) count as they are."""
    shipped = {
        (d.manifest, purl_key(d.purl))
        for d in observation.dependencies
        if d.scope in SHIPPED_SCOPES and not d.fixture
    }
    found: dict[str, str] = {}
    for use in observation.technologies:
        tech = catalog.get(use.technology)
        if tech is None or CRYPTO_TAG not in tech.tags or use.technology in found:
            continue
        if use.via == "dependency" and (use.path, purl_key(use.evidence)) not in shipped:
            continue
        found[use.technology] = use.path or ""
    return dict(sorted(found.items()))


def crypto_inventory(
    observations: Sequence[Observation], catalog: TechnologyCatalog, register: IpRegister
) -> list[tuple[str, tuple[str, ...], ExportRecord | None]]:
    """(repository, crypto technology ids, its export record) of every repository that uses
    cryptography or has a record: the export-control inventory views show."""
    out = []
    for obs in sorted(observations, key=lambda o: o.repository):
        uses = tuple(crypto_uses(obs, catalog))
        record = register.export_of(obs.repository)
        if uses or record is not None:
            out.append((obs.repository, uses, record))
    return out


def outbound_contributions(
    upstream: Sequence[UpstreamProject], register: IpRegister
) -> list[tuple[UpstreamProject, OutboundProject | None]]:
    """Each upstream mirror with the register's project for it (None: unregistered): the
    "observed vs registered" join views show."""
    return [(project, registered_project(project, register)) for project in upstream]


def _exports(ctx: RuleContext, register: IpRegister, facts: IpObservations) -> None:
    if "export" not in register.files and not register.exports:
        return  # the workspace keeps no export register: nothing to hold the repositories to
    export_file = _declared(register, "export", "ip/export.yaml")
    for obs in ctx.observations:
        record = register.export_of(obs.repository)
        if record is None:
            _no_record(ctx, obs, export_file)
            continue
        tree = facts.trees.get(obs.repository)
        notice = record.notice.strip("/") if record.notice else None
        if notice and tree is not None and tree.error is None and notice not in tree.blobs:
            ctx.add(
                Finding(
                    "ip-export-record-missing",
                    Severity.WARNING,
                    f"{obs.repository}: the export notice {notice} that ip/export.yaml names is "
                    f"absent at {tree.commit[:12]}",
                    obs.repository,
                    (f"commit:{tree.commit}",),
                    "commit the notice file, or correct the record's `notice` path in "
                    "ip/export.yaml",
                    record.source or export_file,
                    notice,
                )
            )


def _no_record(ctx: RuleContext, observation: Observation, export_file: SourcePosition) -> None:
    found = crypto_uses(observation, ctx.catalog)
    if not found:
        return
    repository = observation.repository
    names = list(found)
    uses = [f"technology:{t}" for t in names] + sorted({p for p in found.values() if p})
    ctx.add(
        Finding(
            "ip-export-record-missing",
            Severity.WARNING,
            f"{repository} uses cryptography ({', '.join(names)}) and ip/export.yaml has no "
            "record for it",
            repository,
            tuple(uses),
            "add the repository to ip/export.yaml with its `classification` (ECCN or "
            "exemption) and `notice` file, as counsel determines",
            export_file,
            CRYPTO_TAG,
        ),
        *names,
    )


# --- patent notices ----------------------------------------------------------------------------


def _patent_notices(ctx: RuleContext, register: IpRegister, facts: IpObservations) -> None:
    if not ctx.strategy.policies.ip_patent_notice:
        return
    policy = ctx.policy_source("ip")
    seen: set[str] = set()
    for family in register.patents:
        if family.status not in ("granted", "pending"):
            continue
        for repository in family.repositories:
            tree = facts.trees.get(repository)
            if tree is None or tree.error is not None or tree.patent_notices or repository in seen:
                continue
            seen.add(repository)
            ctx.add(
                Finding(
                    "ip-patent-notice-missing",
                    Severity.WARNING,
                    f"{repository} is covered by {family.status} patent family {family.id} "
                    "and carries no patent notice",
                    repository,
                    (f"commit:{tree.commit}",),
                    "add a PATENTS file (or a NOTICE that names the patent) at the repository's "
                    "root, or set `ip.patent-notice: false` in the policies",
                    policy,
                    family.id,
                )
            )
