"""Helm charts: subchart dependencies (``Chart.yaml``, ``requirements.yaml``, ``Chart.lock``) and
the container images a chart's ``values*.yaml`` configure.

Subcharts are purl type ``helm`` (not yet in the purl spec; the name is the chart name, as
``helm dependency`` writes it), scope ``runtime`` (a subchart is deployed with its parent):

* ``Chart.yaml`` ``dependencies:`` (apiVersion v2) and ``requirements.yaml`` (v1 charts): the
  ``version`` is a constraint as written (``~12.1``, ``^1.2.0``, ``>=1.0 <2``); a plain semver
  (``12.1.6``, which Helm treats as ``=12.1.6``) is also the version; the ``repository`` URL
  (``https://…``, ``oci://…``) becomes the ``repository_url`` qualifier; a ``file://`` subchart
  lives in the repository and is skipped; a repository alias (``@stable``) gives no qualifier;
* ``Chart.lock`` lists the resolved versions of the same direct subcharts (a lock file; Helm
  locks no transitive charts, so every entry is ``direct``).

``values*.yaml``: any mapping with a string ``repository`` that also has ``tag``, ``digest`` or
``pullPolicy``, or that sits under a key ending in ``image`` (``image:``, ``initImage:``), is
an image: ``[registry/]repository[:tag][@digest]``; so is a plain string under such a key. An
empty tag means "the chart's ``appVersion``", read from the ``Chart.yaml`` next to the values
file. Templates are not rendered: images assembled in ``templates/`` are not seen.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import DELIVERY_YAML, YamlMap, load_yaml, purl_for, yaml_text
from lodestar.scan.ecosystems.docker.refs import image_dependency, unique
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "helm"
_CHART_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SEMVER = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")
_IMAGE_HINTS = ("tag", "digest", "pullPolicy")


def _first_mapping(path: str, data: bytes) -> YamlMap | None:
    for document in load_yaml(path, data, DELIVERY_YAML):
        if isinstance(document, YamlMap):
            return document
    return None


def _chart_dependencies(path: str, data: bytes, *, lock: bool) -> list[Dependency]:
    chart = _first_mapping(path, data)
    if chart is None:
        return []
    entries = chart.get("dependencies")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ManifestError(
            "dependencies is not a list", path=path, line=chart.line_of("dependencies")
        )
    deps: list[Dependency] = []
    for entry in entries:
        if not isinstance(entry, YamlMap):
            continue
        name = yaml_text(entry.get("name"))
        repository = yaml_text(entry.get("repository")) or ""
        if not name or not _CHART_NAME.fullmatch(name) or repository.startswith("file://"):
            continue
        written = yaml_text(entry.get("version"))
        exact = written.strip().removeprefix("=").strip() if written else None
        version = exact if exact and _SEMVER.fullmatch(exact) else None
        qualifiers = {"repository_url": repository} if "://" in repository else None
        deps.append(
            Dependency(
                purl=purl_for(ECOSYSTEM, name, version, qualifiers),
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=None if lock else written,
                scope=Scope.RUNTIME,
                direct=True,
                manifest=path,
                line=entry.line,
            )
        )
    return deps


def parse_chart(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Subcharts a ``Chart.yaml`` or ``requirements.yaml`` declares."""
    del ctx
    return _chart_dependencies(path, data, lock=False)


def parse_chart_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Resolved subcharts of a ``Chart.lock``."""
    del ctx
    return _chart_dependencies(path, data, lock=True)


def _app_version(path: str, ctx: ManifestContext) -> str | None:
    data = ctx.read(posixpath.join(posixpath.dirname(path), "Chart.yaml"))
    if data is None:
        return None
    try:
        chart = _first_mapping(path, data)
    except ManifestError:
        return None
    return yaml_text(chart.get("appVersion")) if chart is not None else None


def _image_of(node: YamlMap, under_image: bool, app_version: str | None) -> str | None:
    repository = yaml_text(node.get("repository")) or (
        yaml_text(node.get("name")) if under_image else None
    )
    if not repository or not (under_image or any(k in node for k in _IMAGE_HINTS)):
        return None
    registry = yaml_text(node.get("registry"))
    reference = f"{registry.rstrip('/')}/{repository}" if registry else repository
    tag = yaml_text(node.get("tag")) or app_version
    digest = yaml_text(node.get("digest"))
    if tag and ":" not in reference.rsplit("/", 1)[-1]:
        reference += f":{tag}"
    if digest and "@" not in reference:
        reference += f"@{digest}"
    return reference


def _images(
    node: object, under_image: bool, app_version: str | None, depth: int, out: list[tuple[str, int]]
) -> None:
    if depth > DELIVERY_YAML.max_depth:
        return
    if isinstance(node, list):
        for item in node:
            _images(item, False, app_version, depth + 1, out)
        return
    if not isinstance(node, YamlMap):
        return
    reference = _image_of(node, under_image, app_version)
    if reference is not None:
        out.append((reference, node.line_of("repository")))
        return
    for key, value in node.items():
        image_key = key.lower().endswith("image")
        if image_key and isinstance(value, str):
            out.append((value, node.line_of(key)))
        else:
            _images(value, image_key, app_version, depth + 1, out)


def parse_values(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Container images a chart's values file configures."""
    app_version = _app_version(path, ctx)
    found: list[tuple[str, int]] = []
    for document in load_yaml(path, data, DELIVERY_YAML):
        _images(document, False, app_version, 0, found)
    deps = [
        image_dependency(ref, manifest=path, line=line, scope=Scope.RUNTIME) for ref, line in found
    ]
    return unique([d for d in deps if d is not None])
