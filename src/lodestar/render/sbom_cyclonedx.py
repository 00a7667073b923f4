"""CycloneDX 1.6 JSON SBOM of one repository at one commit, built with cyclonedx-python-lib.

Shape of the document:

* ``metadata.component`` is the repository: type ``application``, version the short commit, the
  repository licence (a single SPDX id as ``license.id``, anything else as one ``expression``,
  an unusable string as ``license.name``; acknowledgement ``declared``), a ``vcs`` external
  reference when a remote URL is known, properties ``lodestar:commit`` and
  ``lodestar:committed-at``; ``metadata.tools`` is Lodestar; ``metadata.timestamp`` is ``now``.
* One component per package URL (``bom-ref`` = the canonical purl). Type ``container`` for
  ``pkg:docker`` images, ``application`` for ``pkg:github`` actions and reusable workflows
  (programs the CI runner executes, never linked into the product), ``library`` otherwise.
  ``group``/``name``/``version`` come from the purl's namespace/name/version; a dependency
  without an exact version stays a component without ``version``. When a lock file recorded
  the package's licence (npm package-lock v2/v3, composer.lock), ``licenses`` carries it the
  same way as the repository's, acknowledgement ``declared``.
* Scope, from the strongest Lodestar scope of the package's declarations (CycloneDX:
  *required* = needed at runtime, *optional* = optional at runtime, *excluded* = test and other
  non-runtime use, not reachable at runtime):

  ====================  ==========  ==================================================
  Lodestar scope        CycloneDX   why
  ====================  ==========  ==================================================
  runtime               required    it runs in the product
  peer                  required    the host must provide it at runtime
  optional              optional    installed only when asked for
  dev, test, build,     excluded    never reachable at runtime (what cyclonedx-rust-cargo
  docs                              does for build deps, and the CycloneDX maintainers
                                    propose for dev deps)
  ====================  ==========  ==================================================

  The Lodestar detail stays in properties: ``lodestar:scope`` (each scope it is declared in),
  ``lodestar:direct`` (true when any declaration is direct), ``lodestar:manifest`` (one per
  manifest path), ``lodestar:constraint`` (each declared requirement, e.g. ``>=2,<3``) and
  ``lodestar:fixture`` (only with ``include_fixtures``, for packages only fixtures declare).
* ``dependencies``: the repository ``dependsOn`` its direct dependencies, and every package whose
  edges a lock file records (npm, pnpm, Yarn, Bun, Cargo, uv, Poetry, PDM, pylock, Bundler,
  Composer, NuGet) ``dependsOn`` the packages it requires — ``[]`` for one the lock says requires
  nothing. A package whose edges no file records (a manifest without a lock, ``go.sum``, Gradle
  locks, ``Pipfile.lock``) gets no node: the spec reads an empty ``dependsOn`` as "has no
  dependencies" and an absent node as "may have unknown dependencies", and only the latter is
  true of it.
* ``vulnerabilities``: the subject's matched advisories with their VEX analysis, one per
  advisory and component (:mod:`lodestar.render.sbom_vex`); absent when there are none.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.license import (
    DisjunctiveLicense,
    License,
    LicenseAcknowledgement,
    LicenseExpression,
)
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.spdx import fixup_id

from lodestar.records import Scope
from lodestar.render.sbom_model import (
    SbomPackage,
    SbomSubject,
    document_uuid,
    licence,
    packages,
    remote_url,
    timestamp,
)
from lodestar.render.sbom_vex import cyclonedx_vulnerabilities

SCOPES: dict[Scope, ComponentScope] = {
    Scope.RUNTIME: ComponentScope.REQUIRED,
    Scope.PEER: ComponentScope.REQUIRED,
    Scope.OPTIONAL: ComponentScope.OPTIONAL,
    Scope.DEV: ComponentScope.EXCLUDED,
    Scope.TEST: ComponentScope.EXCLUDED,
    Scope.BUILD: ComponentScope.EXCLUDED,
    Scope.DOCS: ComponentScope.EXCLUDED,
}
_STRENGTH = [ComponentScope.REQUIRED, ComponentScope.OPTIONAL, ComponentScope.EXCLUDED]
TYPES: dict[str, ComponentType] = {
    "docker": ComponentType.CONTAINER,
    "github": ComponentType.APPLICATION,
}


def cyclonedx_json(
    subject: SbomSubject, *, now: datetime | None = None, include_fixtures: bool = False
) -> str:
    """The CycloneDX 1.6 JSON SBOM of ``subject`` (byte-identical for the same ``now``)."""
    root = _repository_component(subject)
    components = [
        _component(package)
        for package in packages(subject.dependencies, include_fixtures=include_fixtures)
    ]
    bom = Bom(
        serial_number=document_uuid(subject, include_fixtures=include_fixtures, fmt=_fmt(subject)),
        metadata=BomMetaData(
            timestamp=timestamp(now),
            tools=ToolRepository(components=[_lodestar(subject.tool_version)]),
            component=root,
        ),
        components=[c for c, _ in components],
        vulnerabilities=cyclonedx_vulnerabilities(
            subject.vulnerabilities,
            subject.statements,
            {occurrence.purl: p.ref for _, p in components for occurrence in p.occurrences},
        ),
    )
    # Every outputter calls Bom.validate() (deprecated upstream), which registers each component
    # as a graph node through a linear search of the graph: quadratic, ~10 s for 5,000 packages.
    # What it checks holds here by construction (every graph ref is a component, one licence
    # entry per component), so this instance skips it.
    bom.validate = _valid  # type: ignore[method-assign]
    body = json.loads(JsonV1Dot6(bom).output_as_string())  # JSON we just serialised: trusted
    body.pop("dependencies", None)  # the outputter's empty nodes say "no dependencies": untrue
    graph = _graph(_root_ref(subject), [p for _, p in components])
    if graph:
        body["dependencies"] = graph
    head = {key: body.pop(key) for key in ("$schema", "bomFormat", "specVersion")}
    return json.dumps(head | body, indent=2, ensure_ascii=False) + "\n"


def _fmt(subject: SbomSubject) -> str:
    """The format part of the serial number's name: the vulnerabilities and statements change
    the content, so they change the serial number (the same ones: the same number)."""
    if not subject.vulnerabilities:
        return "cyclonedx"
    facts = repr(
        (sorted(map(repr, subject.vulnerabilities)), sorted(map(repr, subject.statements)))
    )
    return "cyclonedx+vex:" + hashlib.sha256(facts.encode()).hexdigest()[:32]


def _valid() -> bool:
    return True


def _graph(root: str, packages: list[SbomPackage]) -> list[dict[str, object]]:
    """The ``dependencies`` nodes (see the module docstring): the repository's, then each
    package's whose edges are known, by ref."""
    direct = [p.ref for p in packages if p.direct]
    nodes: list[dict[str, object]] = [{"ref": root, "dependsOn": direct}] if direct else []
    nodes.extend(
        {"ref": p.ref, "dependsOn": list(p.depends_on)}
        for p in packages
        if p.depends_on is not None
    )
    return nodes


def _root_ref(subject: SbomSubject) -> str:
    return f"repository:{subject.organisation}/{subject.repository}@{subject.commit}"


def _repository_component(subject: SbomSubject) -> Component:
    url = remote_url(subject.location)
    refs = []
    if url is not None:
        refs.append(
            ExternalReference(
                type=ExternalReferenceType.VCS, url=XsUri(url), comment=f"commit {subject.commit}"
            )
        )
    return Component(
        type=ComponentType.APPLICATION,
        name=subject.repository,
        version=subject.short_commit,
        bom_ref=BomRef(_root_ref(subject)),
        supplier=OrganizationalEntity(name=subject.organisation) if subject.organisation else None,
        licenses=_licences(subject.licence),
        external_references=refs,
        properties=[
            Property(name="lodestar:commit", value=subject.commit),
            Property(name="lodestar:committed-at", value=subject.committed_at),
        ],
    )


def _licences(value: str | None) -> list[License]:
    found = licence(value)
    declared = LicenseAcknowledgement.DECLARED
    if found.expression is None:
        if found.problem is None or value is None:
            return []
        return [DisjunctiveLicense(name=value.strip(), acknowledgement=declared)]
    known_id = fixup_id(found.single_id) if found.single_id else None
    if known_id is not None:
        return [DisjunctiveLicense(id=known_id, acknowledgement=declared)]
    return [LicenseExpression(found.expression, acknowledgement=declared)]


def _component(package: SbomPackage) -> tuple[Component, SbomPackage]:
    purl = package.purl
    scope = min((SCOPES[s] for s in package.scopes), key=_STRENGTH.index)
    properties = [Property(name="lodestar:scope", value=s.value) for s in package.scopes]
    properties.append(Property(name="lodestar:direct", value="true" if package.direct else "false"))
    properties.extend(Property(name="lodestar:manifest", value=m) for m in package.manifests)
    properties.extend(Property(name="lodestar:constraint", value=c) for c in package.constraints)
    if package.fixture:
        properties.append(Property(name="lodestar:fixture", value="true"))
    component = Component(
        type=TYPES.get(purl.type, ComponentType.LIBRARY),
        name=purl.name,
        group=purl.namespace or None,
        version=purl.version or None,
        bom_ref=BomRef(package.ref),
        purl=purl,
        scope=scope,
        licenses=_licences(package.licence),
        properties=properties,
    )
    return component, package


def _lodestar(version: str) -> Component:
    return Component(type=ComponentType.APPLICATION, name="lodestar", version=version)
