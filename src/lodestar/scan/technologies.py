"""Which catalog technologies a repository uses, with the evidence for each.

Evidence comes from five kinds of observation, each matched against the technology catalog
(:mod:`lodestar.catalog.technologies`): dependencies by purl (container images by image name),
committed files by path (``Dockerfile``, ``.github/workflows/*``, ``*.tf``), the languages
of the organisation's own code, and the runtime versions files declare
(:mod:`lodestar.scan.runtimes`, ``source="file"``: ``engines.node``, ``.nvmrc``,
``requires-python``, go.mod's ``go`` line …), by the catalog technology whose end-of-life
product they name (via ``runtime``): a package.json that says ``"engines": {"node": ">= 18"}``
is a Node.js project even without an ``.nvmrc``. Java language levels in build files
(``maven.compiler.release``) are judged against Eclipse Temurin's calendar but do not say that
Temurin is used, so they are not evidence. Vendored files, dependencies declared only under test
fixtures, and transitive dependencies are not evidence: a technology is something the team
chose (react-router pulling in ``@remix-run/router`` does not make a Remix application). At
most ``MAX_EVIDENCE`` pieces are kept per technology: enough to show why, without storing
every file of a large repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lodestar.catalog import TechnologyCatalog
from lodestar.records import Dependency, RuntimeDeclaration, TechnologyUse
from lodestar.scan.runtimes_versions import JAVA_NEUTRAL

MAX_EVIDENCE = 20


def _image_name(dep: Dependency) -> str:
    return f"{dep.name}:{dep.version}" if dep.version else dep.name


def detect_technologies(
    catalog: TechnologyCatalog,
    *,
    paths: Iterable[str],
    languages: Iterable[str],
    dependencies: Sequence[Dependency],
    runtimes: Sequence[RuntimeDeclaration] = (),
) -> list[TechnologyUse]:
    """Technologies with their evidence, in a stable order (technology id, then evidence)."""
    found: dict[str, dict[tuple[str, str, str], None]] = {}

    def add(technology: str, via: str, evidence: str, path: str) -> None:
        bucket = found.setdefault(technology, {})
        if len(bucket) < MAX_EVIDENCE:
            bucket.setdefault((via, evidence, path), None)

    for dep in dependencies:
        if dep.fixture or not dep.direct:
            continue
        if dep.ecosystem == "docker":
            for tech in catalog.match_image(_image_name(dep)):
                add(tech.id, "image", _image_name(dep), dep.manifest)
        else:
            for tech in catalog.match_purl(dep.purl):
                add(tech.id, "dependency", dep.purl, dep.manifest)
    for path in paths:
        for tech in catalog.match_path(path):
            add(tech.id, "file", path, path)
    for language in languages:
        for tech in catalog.match_language(language):
            add(tech.id, "language", language, "")
    for runtime in runtimes:
        if runtime.source == "file" and runtime.product != JAVA_NEUTRAL:
            for tech in catalog.match_eol(runtime.product):
                add(tech.id, "runtime", runtime.declared, runtime.path)
    return [
        TechnologyUse(technology, via, evidence, path)
        for technology in sorted(found)
        for (via, evidence, path) in sorted(found[technology])
    ]
