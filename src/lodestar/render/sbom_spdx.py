"""SPDX 2.3 JSON SBOM of one repository at one commit, built and validated with spdx-tools.

Shape of the document:

* ``documentNamespace`` is ``https://lodestar.invalid/spdx/<org>/<repo>/<commit>-<uuid5>``
  (``lodestar.invalid`` can never resolve; the uuid5 is derived from the content's identity, see
  :mod:`lodestar.render.sbom_model`), so the same scan gives the same namespace and a different
  Lodestar version or fixture choice a different one, as the spec asks of a changed document.
  ``created`` is ``now``; creators are ``Tool: lodestar-<version>`` and the organisation.
* The repository is the described package (``SPDXRef-DOCUMENT DESCRIBES``): version the short
  commit, ``sourceInfo`` the full commit and its date, purpose ``SOURCE`` (a commit of a
  repository is source), ``downloadLocation`` ``git+<url>@<commit>`` when a remote URL is known
  (else ``NOASSERTION``), ``filesAnalyzed`` false, and ``licenseDeclared`` =
  ``licenseConcluded`` = the repository licence parsed as an SPDX expression (``NOASSERTION``
  when none was found or it does not parse, with the reason in ``licenseComments``). Each
  ``LicenseRef-…`` in it gets a ``hasExtractedLicensingInfos`` entry whose text says Lodestar
  did not match the licence text (the validator demands some text for every LicenseRef).
* One package per package URL: ``SPDXRef-Package-<ecosystem>-<namespace>-<name>-<version>``
  with every character but letters, digits, ``.`` and ``-`` turned into ``-`` (and a hash of the
  purl appended if two purls would collide), ``versionInfo`` when the version is exact,
  ``downloadLocation``/``licenseConcluded`` ``NOASSERTION``, ``licenseDeclared`` the licence
  the lock file recorded for it (npm package-lock v2/v3, composer.lock; its ``LicenseRef-…`` ids
  explained like the repository's) else ``NOASSERTION``,
  ``filesAnalyzed`` false, the purl as a ``PACKAGE-MANAGER`` ``purl`` external reference,
  purpose ``CONTAINER`` for ``pkg:docker``, ``APPLICATION`` for ``pkg:github`` and ``LIBRARY``
  otherwise, and a ``comment`` listing where it is declared (manifest:line, scope, direct or
  transitive, constraint).
* Relationships, one per (package, Lodestar scope), in SPDX 2.3 direction ("A X_OF B": A is the
  dependency, B the dependent):

  ================  =============================================
  Lodestar scope    relationship
  ================  =============================================
  runtime           repository ``DEPENDS_ON`` package
  peer              package ``PROVIDED_DEPENDENCY_OF`` repository
  optional          package ``OPTIONAL_DEPENDENCY_OF`` repository
  dev, docs         package ``DEV_DEPENDENCY_OF`` repository
  test              package ``TEST_DEPENDENCY_OF`` repository
  build             package ``BUILD_DEPENDENCY_OF`` repository
  ================  =============================================

  Transitive packages get the same relationship to the repository, with the comment
  ``transitive: …`` — they are dependencies of the repository, only not direct ones.
* The graph: package ``DEPENDS_ON`` package for every edge a lock file records (npm, pnpm, Yarn,
  Bun, Cargo, uv, Poetry, PDM, pylock, Bundler, Composer, NuGet), so a transitive package can be
  traced to the direct one that brings it. Where no file records a package's edges (a manifest
  without a lock, ``go.sum``, Gradle locks, ``Pipfile.lock``) none are written, and the comment
  of a transitive package no edge reaches says that Lodestar does not know through which package
  it comes (the spec does not read a relationship as asserting that no other relationships
  exist).
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime
from urllib.parse import quote

from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.package import (
    ExternalPackageRef,
    ExternalPackageRefCategory,
    Package,
    PackagePurpose,
)
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.validation.uri_validators import validate_download_location
from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

from lodestar.errors import LodestarError
from lodestar.records import Scope
from lodestar.render.sbom_model import (
    BASE_URL,
    Licence,
    SbomPackage,
    SbomSubject,
    document_uuid,
    licence,
    packages,
    parse,
    remote_url,
    timestamp,
    url_path,
)
from lodestar.render.sbom_spdx_validation import validate

DOCUMENT_ID = "SPDXRef-DOCUMENT"
UNMATCHED_TEXT = "Licence text not matched by Lodestar; see the repository."
DEPENDENCY_TEXT = "Licence named by a dependency's lock file entry; Lodestar has no text for it."
TRANSITIVE = "transitive: reached through the packages that DEPENDS_ON it"
TRANSITIVE_UNTRACED = "transitive: reached through another dependency; no lock file records which"
# scope → (relationship type, whether the package is the relationship's subject)
RELATIONSHIPS: dict[Scope, tuple[RelationshipType, bool]] = {
    Scope.RUNTIME: (RelationshipType.DEPENDS_ON, False),
    Scope.PEER: (RelationshipType.PROVIDED_DEPENDENCY_OF, True),
    Scope.OPTIONAL: (RelationshipType.OPTIONAL_DEPENDENCY_OF, True),
    Scope.DEV: (RelationshipType.DEV_DEPENDENCY_OF, True),
    Scope.TEST: (RelationshipType.TEST_DEPENDENCY_OF, True),
    Scope.BUILD: (RelationshipType.BUILD_DEPENDENCY_OF, True),
    Scope.DOCS: (RelationshipType.DEV_DEPENDENCY_OF, True),  # SPDX 2.3 has no documentation one
}
PURPOSES: dict[str, PackagePurpose] = {
    "docker": PackagePurpose.CONTAINER,
    "github": PackagePurpose.APPLICATION,
}
_NOT_ID = re.compile(r"[^A-Za-z0-9.]+")  # '-' included, so runs of separators become one '-'


def spdx_json(
    subject: SbomSubject, *, now: datetime | None = None, include_fixtures: bool = False
) -> str:
    """The SPDX 2.3 JSON SBOM of ``subject``, validated (byte-identical for the same ``now``).

    Raises LodestarError listing spdx-tools' messages if the document does not validate
    (spdx-tools' full validator, run in linear time by :mod:`lodestar.render.sbom_spdx_validation`).
    """
    document = spdx_document(subject, now=now, include_fixtures=include_fixtures)
    messages = validate(document)
    if messages:
        shown = "; ".join(m.validation_message for m in messages[:5])
        more = f" (and {len(messages) - 5} more)" if len(messages) > 5 else ""
        raise LodestarError(
            f"the SPDX document for {subject.repository} is invalid: {shown}{more}; "
            "please report this as a Lodestar bug"
        )
    out = io.StringIO()
    write_document_to_stream(document, out, validate=False, drop_duplicates=False)
    return out.getvalue() + "\n"


def spdx_document(
    subject: SbomSubject, *, now: datetime | None = None, include_fixtures: bool = False
) -> Document:
    """The spdx-tools model of the SBOM, not yet validated."""
    uid = document_uuid(subject, include_fixtures=include_fixtures, fmt="spdx")
    path = url_path(subject.organisation, subject.repository)
    creators = [Actor(ActorType.TOOL, f"lodestar-{subject.tool_version}")]
    if subject.organisation:
        creators.append(Actor(ActorType.ORGANIZATION, subject.organisation))
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id=DOCUMENT_ID,
        name=f"{subject.repository}@{subject.short_commit}",
        document_namespace=f"{BASE_URL}/spdx/{path}/{quote(subject.commit, safe='')}-{uid}",
        creators=creators,
        created=timestamp(now),
    )
    repository, extracted = _repository_package(subject)
    document = Document(
        creation,
        packages=[repository],
        relationships=[Relationship(DOCUMENT_ID, RelationshipType.DESCRIBES, repository.spdx_id)],
        extracted_licensing_info=extracted,
    )
    taken = {DOCUMENT_ID, repository.spdx_id}
    found_packages = packages(subject.dependencies, include_fixtures=include_fixtures)
    ids: dict[str, str] = {}
    for package in found_packages:
        ids[package.ref] = _package_id(package, taken)
        taken.add(ids[package.ref])
    required = {ref for p in found_packages for ref in p.depends_on or ()}
    for package in found_packages:
        spdx_id = ids[package.ref]
        found = licence(package.licence)
        document.packages.append(_package(package, spdx_id, found))
        traced = package.ref in required
        document.relationships.extend(
            _relationships(package, spdx_id, repository.spdx_id, traced=traced)
        )
        document.relationships.extend(
            Relationship(spdx_id, RelationshipType.DEPENDS_ON, ids[ref])
            for ref in package.depends_on or ()
        )
        known = {e.license_id for e in document.extracted_licensing_info}
        document.extracted_licensing_info.extend(
            ExtractedLicensingInfo(
                license_id=ref,
                extracted_text=DEPENDENCY_TEXT,
                license_name=SpdxNoAssertion(),
                comment=f"Declared by {package.name} ({package.ref}).",
            )
            for ref in found.refs
            if ref not in known
        )
    return document


def _repository_package(subject: SbomSubject) -> tuple[Package, list[ExtractedLicensingInfo]]:
    found = licence(subject.licence)
    url = remote_url(subject.location)
    location: str | SpdxNoAssertion = SpdxNoAssertion()
    if url is not None:
        candidate = f"git+{url}@{subject.commit}"
        if not validate_download_location(candidate):
            location = candidate
    declared = parse(found.expression) if found.expression is not None else SpdxNoAssertion()
    package = Package(
        spdx_id=f"SPDXRef-Repository-{_sanitise(subject.repository) or 'unnamed'}",
        name=subject.repository,
        download_location=location,
        version=subject.short_commit,
        supplier=Actor(ActorType.ORGANIZATION, subject.organisation)
        if subject.organisation
        else None,
        files_analyzed=False,
        source_info=f"git commit {subject.commit}, committed at {subject.committed_at}",
        license_concluded=declared,
        license_declared=declared,
        license_comment=found.problem,
        primary_package_purpose=PackagePurpose.SOURCE,
    )
    extracted = [
        ExtractedLicensingInfo(
            license_id=ref,
            extracted_text=UNMATCHED_TEXT,
            license_name=SpdxNoAssertion(),
            comment=f"Found in {subject.repository} at commit {subject.commit}.",
        )
        for ref in found.refs
    ]
    return package, extracted


def _sanitise(text: str) -> str:
    return _NOT_ID.sub("-", text).strip("-")


def _package_id(package: SbomPackage, taken: set[str]) -> str:
    purl = package.purl
    parts = (purl.type, purl.namespace, purl.name, purl.version, purl.subpath)
    readable = _sanitise("-".join(p for p in parts if p)) or "package"
    spdx_id = f"SPDXRef-Package-{readable}"
    if spdx_id in taken:
        digest = hashlib.sha256(package.ref.encode()).hexdigest()[:10]
        spdx_id = f"{spdx_id}-{digest}"
        n = 2
        while spdx_id in taken:  # a 40-bit hash collision: never in practice, still total
            spdx_id = f"SPDXRef-Package-{readable}-{digest}-{n}"
            n += 1
    return spdx_id


def _package(package: SbomPackage, spdx_id: str, found: Licence) -> Package:
    declared = parse(found.expression) if found.expression is not None else SpdxNoAssertion()
    return Package(
        spdx_id=spdx_id,
        name=package.name,
        download_location=SpdxNoAssertion(),
        version=package.version or None,
        files_analyzed=False,
        license_concluded=SpdxNoAssertion(),
        license_declared=declared,
        license_comment=found.problem,
        comment=_declarations(package),
        external_references=[
            ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", package.ref)
        ],
        primary_package_purpose=PURPOSES.get(package.purl.type, PackagePurpose.LIBRARY),
    )


def _declarations(package: SbomPackage) -> str:
    """Where Lodestar saw the package: ``manifest:line (scope, direct, constraint)``."""
    seen = []
    for dep in package.occurrences:
        where = f"{dep.manifest}:{dep.line}" if dep.line is not None else dep.manifest
        detail = [dep.scope.value, "direct" if dep.direct else "transitive"]
        if dep.constraint:
            detail.append(dep.constraint)
        if dep.fixture:
            detail.append("fixture")
        seen.append(f"{where} ({', '.join(detail)})")
    return "Declared in " + "; ".join(dict.fromkeys(seen))


def _relationships(
    package: SbomPackage, spdx_id: str, repository_id: str, *, traced: bool
) -> list[Relationship]:
    out = []
    for scope in package.scopes:
        kind, package_first = RELATIONSHIPS[scope]
        comment = None
        if not package.is_direct(scope):
            comment = TRANSITIVE if traced else TRANSITIVE_UNTRACED
        if package_first:
            out.append(Relationship(spdx_id, kind, repository_id, comment))
        else:
            out.append(Relationship(repository_id, kind, spdx_id, comment))
    return out
