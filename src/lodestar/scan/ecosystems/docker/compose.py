"""Docker Compose files: the images that ``services.*.image`` pull.

Quirks handled:

* a service with both ``build:`` and ``image:`` *builds* that image and tags it with the name; it
  is the project's own output, not a dependency, and is skipped (its Dockerfile is read on its
  own);
* ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:+alt}`` and ``$VAR`` are
  interpolated from the ``.env`` file next to the compose file (read through the context), then
  from the defaults written inline; ``$$`` is a literal dollar. What the shell environment
  supplies at ``docker compose up`` time is invisible: an unresolved tag gives no version;
* anchors, aliases and merge keys (``<<: *defaults``, ``x-`` extension fields) are resolved by
  :mod:`docker_yaml`.

Scope: ``runtime``, except by file name — a compose file whose name says ``test``/``ci``
(``docker-compose.test.yml``) is ``test``, and one that says ``dev``/``local``/``override`` is
``dev`` (``docker-compose.override.yml`` is, by convention, the developer's local overlay).
``extends``/``include`` targets are files of their own and are read when they match a pattern.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.records import Dependency, Scope
from lodestar.safeparse import DELIVERY_YAML, YamlMap, load_yaml, yaml_text
from lodestar.scan.ecosystems.docker.refs import image_dependency, substitute, unique
from lodestar.scan.ecosystems.registry import ManifestContext

_TEST = re.compile(r"(^|[._-])(test|tests|ci|e2e|it)([._-]|$)")
_DEV = re.compile(r"(^|[._-])(dev|develop|development|local|override|debug)([._-]|$)")
_DOLLAR = "\x00"


def _scope(path: str) -> Scope:
    base = posixpath.basename(path).lower()
    if _TEST.search(base):
        return Scope.TEST
    if _DEV.search(base):
        return Scope.DEV
    return Scope.RUNTIME


def read_env_file(data: bytes | None) -> dict[str, str]:
    """``KEY=VALUE`` lines of a compose ``.env`` file (``export``, quotes and comments allowed)."""
    env: dict[str, str] = {}
    if not data:
        return env
    for raw in data.decode("utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        env[key.strip()] = value
    return env


def parse_compose(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Images of a compose file's services; see the module docstring."""
    env = read_env_file(ctx.read(posixpath.join(posixpath.dirname(path), ".env")))
    scope = _scope(path)
    deps: list[Dependency] = []
    for document in load_yaml(path, data, DELIVERY_YAML):
        if not isinstance(document, YamlMap):
            continue
        services = document.get("services")
        if not isinstance(services, YamlMap):
            continue
        for service in services.values():
            if not isinstance(service, YamlMap) or "build" in service:
                continue
            image = yaml_text(service.get("image"))
            if image is None:
                continue
            reference = substitute(image.replace("$$", _DOLLAR), env).replace(_DOLLAR, "$")
            dep = image_dependency(
                reference, manifest=path, line=service.line_of("image"), scope=scope
            )
            if dep is not None:
                deps.append(dep)
    return unique(deps)
