"""GitLab CI: the images jobs run in and the service containers beside them.

Read: ``.gitlab-ci.yml`` (and ``*.gitlab-ci.yml`` templates), plus YAML files under
``.gitlab/ci/`` (the conventional home of ``include: local:`` files; the parser is offered every
``*.yml``/``*.yaml`` and declines other paths before reading them).

* ``image:`` at the top level, under ``default:`` and in every job (hidden ``.template`` jobs
  too: ``extends`` copies them), as a string or ``{name: …}``;
* ``services:`` lists, entries as strings or ``{name: …, alias: …}``;
* ``$VAR``/``${VAR}`` in an image are substituted from the job's and then the file's top-level
  ``variables:`` (string values or ``{value: …}``); predefined variables
  (``$CI_REGISTRY_IMAGE``) and those set in project settings are not known, and an image whose
  name still holds one is skipped;
* ``!reference [.job, image]`` tags are read as plain lists (no image) — only a GitLab run
  resolves them; ``include:`` targets are read when they are files of this repository with a
  matching path.

Everything is ``docker``, scope ``build``: the images run CI jobs.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.records import Dependency, Scope
from lodestar.safeparse import DELIVERY_YAML, YamlMap, load_yaml, yaml_text
from lodestar.scan.ecosystems.docker.refs import (
    image_dependency,
    substitute,
    unique,
)
from lodestar.scan.ecosystems.registry import ManifestContext

_GITLAB_CI = re.compile(r"(.*\.)?\.?gitlab-ci\.ya?ml$")
_GLOBAL_KEYWORDS = frozenset(
    {"stages", "variables", "include", "workflow", "cache", "before_script", "after_script"}
)


def is_gitlab_ci(path: str) -> bool:
    return bool(_GITLAB_CI.match(posixpath.basename(path))) or path.startswith(".gitlab/ci/")


def _variables(document: YamlMap) -> dict[str, str]:
    variables = document.get("variables")
    out: dict[str, str] = {}
    if isinstance(variables, YamlMap):
        for name, value in variables.items():
            if isinstance(value, YamlMap):
                value = value.get("value")  # noqa: PLW2901  {value:, description:} form
            if isinstance(value, str):
                out[name] = value
    return out


def _image(
    value: object, owner: YamlMap, key: str, env: dict[str, str], path: str
) -> Dependency | None:
    if isinstance(value, YamlMap):
        owner, key, value = value, "name", value.get("name")
    reference = yaml_text(value)
    if reference is None:
        return None
    resolved = substitute(reference, env)
    return image_dependency(resolved, manifest=path, line=owner.line_of(key), scope=Scope.BUILD)


def _job_images(job: YamlMap, env: dict[str, str], path: str) -> list[Dependency | None]:
    found: list[Dependency | None] = []
    if "image" in job:
        found.append(_image(job["image"], job, "image", env, path))
    services = job.get("services")
    if isinstance(services, list):
        found.extend(_image(s, job, "services", env, path) for s in services)
    return found


def parse_gitlab_ci(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Job and service images of a GitLab CI file; [] for other YAML."""
    del ctx
    if not is_gitlab_ci(path):
        return []
    found: list[Dependency | None] = []
    for document in load_yaml(path, data, DELIVERY_YAML):
        if not isinstance(document, YamlMap):
            continue
        env = _variables(document)
        found.extend(_job_images(document, env, path))  # top-level image/services (deprecated)
        for name, job in document.items():
            if name in _GLOBAL_KEYWORDS or name in ("image", "services"):
                continue
            if isinstance(job, YamlMap):  # a job, or `default:`; job variables win
                found.extend(_job_images(job, {**env, **_variables(job)}, path))
    return unique([d for d in found if d is not None])
