"""GitHub Actions: the actions, reusable workflows and images workflows and actions use.

Two parsers. ``github-actions-workflow`` is offered every ``*.yml``/``*.yaml`` (the registry
matches base names only) and reads only paths under ``.github/workflows/`` at the repository
root (where GitHub looks), returning [] for anything else before touching the bytes.
``github-action`` reads ``action.yml``/``action.yaml`` anywhere: a composite action's
``runs.steps`` and a Docker action's ``runs.image``.

* ``uses: owner/repo@ref`` and ``owner/repo/path@ref`` (steps) and reusable workflows
  ``owner/repo/.github/workflows/ci.yml@ref`` (jobs) are purl type ``github``: name
  ``owner/repo``, version the ref as written (a moving tag like ``v4``, a release, or a full
  commit SHA — the ref is what is pinned), the path as purl subpath;
* ``uses: docker://image:tag`` and ``jobs.*.container`` / ``jobs.*.services.*`` images (string or
  ``{image: …}``) are ``docker`` images;
* local ``./path`` actions are part of the repository and skipped, and so is any value holding an
  expression (``${{ matrix.image }}``), which only a run can resolve.

Everything is scope ``build``: it runs in CI, not in the product.
"""

from __future__ import annotations

import re

from lodestar.records import Dependency, Scope
from lodestar.safeparse import DELIVERY_YAML, YamlMap, load_yaml, purl_for, yaml_text
from lodestar.scan.ecosystems.docker.refs import image_dependency, unique
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "github"
WORKFLOWS = ".github/workflows/"
_USES = re.compile(
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<repo>[A-Za-z0-9_.-]+)(?:/(?P<path>[^@]+))?@(?P<ref>\S+)"
)


def uses_dependency(uses: str, *, manifest: str, line: int) -> Dependency | None:
    """A ``uses:`` value as a github (or docker) dependency; None for local or dynamic ones."""
    value = uses.strip()
    if "${{" in value or value.startswith("./"):
        return None
    if value.startswith("docker://"):
        return image_dependency(
            value[len("docker://") :], manifest=manifest, line=line, scope=Scope.BUILD
        )
    match = _USES.fullmatch(value)
    if match is None:
        return None
    name = f"{match['owner']}/{match['repo']}"
    return Dependency(
        purl=purl_for(ECOSYSTEM, name, match["ref"], subpath=match["path"]),
        ecosystem=ECOSYSTEM,
        name=name,
        version=match["ref"],
        constraint=None,
        scope=Scope.BUILD,
        direct=True,
        manifest=manifest,
        line=line,
    )


def _image(value: object, owner: YamlMap, key: str, path: str) -> Dependency | None:
    """``container: image`` or ``container: {image: …}`` (and service entries)."""
    if isinstance(value, YamlMap):
        owner, key, value = value, "image", value.get("image")
    reference = yaml_text(value)
    if reference is None or "${{" in reference:
        return None
    return image_dependency(reference, manifest=path, line=owner.line_of(key), scope=Scope.BUILD)


def _steps(steps: object, path: str) -> list[Dependency | None]:
    if not isinstance(steps, list):
        return []
    return [
        uses_dependency(uses, manifest=path, line=step.line_of("uses"))
        for step in steps
        if isinstance(step, YamlMap) and (uses := yaml_text(step.get("uses"))) is not None
    ]


def parse_workflow(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Actions, reusable workflows and images of a workflow under ``.github/workflows/``."""
    del ctx
    if not path.startswith(WORKFLOWS):
        return []
    found: list[Dependency | None] = []
    for document in load_yaml(path, data, DELIVERY_YAML):
        jobs = document.get("jobs") if isinstance(document, YamlMap) else None
        if not isinstance(jobs, YamlMap):
            continue
        for job in jobs.values():
            if not isinstance(job, YamlMap):
                continue
            if (uses := yaml_text(job.get("uses"))) is not None:
                found.append(uses_dependency(uses, manifest=path, line=job.line_of("uses")))
            if "container" in job:
                found.append(_image(job["container"], job, "container", path))
            services = job.get("services")
            if isinstance(services, YamlMap):
                found.extend(_image(s, services, n, path) for n, s in services.items())
            found.extend(_steps(job.get("steps"), path))
    return unique([d for d in found if d is not None])


def parse_action(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """What a composite action's steps use, or a Docker action's ``docker://`` image."""
    del ctx
    found: list[Dependency | None] = []
    for document in load_yaml(path, data, DELIVERY_YAML):
        runs = document.get("runs") if isinstance(document, YamlMap) else None
        if not isinstance(runs, YamlMap):
            continue
        found.extend(_steps(runs.get("steps"), path))
        image = yaml_text(runs.get("image"))
        if image is not None and image.startswith("docker://"):
            found.append(uses_dependency(image, manifest=path, line=runs.line_of("image")))
    return unique([d for d in found if d is not None])
