"""Kubernetes manifests: the container images their pod templates run.

The registry matches base names only, so this parser is offered **every** ``*.yaml``/``*.yml``
file and decides itself, cheaply, before parsing anything:

* paths other parsers own are declined (``.github/``, GitLab CI, compose files, Helm's
  ``Chart.yaml``/``values*.yaml``/``Chart.lock``, pnpm and other lock files);
* the bytes must mention ``apiVersion:``, ``kind:`` and ``image:`` (one regex search each);
* Go-templated files (``{{ … }}``: Helm chart ``templates/``) are declined: they are not YAML
  until rendered, and their images are read from the chart's ``values.yaml`` instead.

Then each document of the (multi-document, ``---``-separated) stream that is a mapping with
string ``apiVersion`` and ``kind`` is an object; any ``containers``, ``initContainers`` or
``ephemeralContainers`` list found anywhere inside it (Pod ``spec``, workload
``spec.template.spec``, CronJob ``jobTemplate``, ``List`` items, and custom resources that embed
pod specs such as Argo Rollouts or Knative Services) contributes its ``image`` fields, scope
``runtime``. Invalid YAML in a file that passed those checks is a ManifestError.

A Kustomize ``kustomization.yaml`` (with or without ``apiVersion``/``kind``) contributes its
``images:`` overrides: ``newName`` (or ``name``) at ``newTag``/``digest``, when one of those is
set. Not seen: images set by admission webhooks or by operators at run time, and the original
images a kustomization patches (they are read from the base manifests themselves).
"""

from __future__ import annotations

import posixpath
import re

from lodestar.records import Dependency, Scope
from lodestar.safeparse import DELIVERY_YAML, YamlMap, load_yaml, yaml_text
from lodestar.scan.ecosystems.docker.refs import image_dependency, unique
from lodestar.scan.ecosystems.registry import ManifestContext

_API = re.compile(rb"""(?m)^\s*["']?apiVersion["']?\s*:""")
_KIND = re.compile(rb"""(?m)^\s*["']?kind["']?\s*:""")
_IMAGE = re.compile(rb"""["']?image["']?\s*:""")
_TEMPLATE = re.compile(rb"\{\{")
_KUSTOMIZATION = re.compile(r"kustomization\.ya?ml$", re.IGNORECASE)
_CONTAINER_KEYS = ("containers", "initContainers", "ephemeralContainers")
_NOT_KUBERNETES = re.compile(
    r"^(chart\.ya?ml|chart\.lock|values([.-].*)?\.ya?ml|requirements\.ya?ml|\.gitlab-ci\.ya?ml|"
    r".*\.gitlab-ci\.ya?ml|(docker-)?compose([.-].*)?\.ya?ml|pnpm-lock\.yaml|.*lock\.ya?ml|"
    r"action\.ya?ml|mkdocs\.ya?ml|\.pre-commit-config\.ya?ml|dependabot\.ya?ml)$",
    re.IGNORECASE,
)


def looks_like_kubernetes(path: str, data: bytes) -> bool:
    """The cheap checks above: whether this YAML file is worth parsing as Kubernetes objects."""
    if path.startswith((".github/", ".gitlab/")) or "/.github/" in path:
        return False
    if _NOT_KUBERNETES.match(posixpath.basename(path)):
        return False
    return bool(
        _API.search(data)
        and _KIND.search(data)
        and _IMAGE.search(data)
        and not _TEMPLATE.search(data)
    )


def _containers(node: object, depth: int, out: list[tuple[str, int]]) -> None:
    """(image, line) of every container list entry under ``node``."""
    if depth > DELIVERY_YAML.max_depth:
        return
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if key in _CONTAINER_KEYS and isinstance(value, list):
                for item in value:
                    if isinstance(item, YamlMap):
                        image = yaml_text(item.get("image"))
                        if image is not None:
                            out.append((image, item.line_of("image")))
            else:
                _containers(value, depth + 1, out)
    elif isinstance(node, list):
        for item in node:
            _containers(item, depth + 1, out)


def _kustomize_images(document: object, out: list[tuple[str, int]]) -> None:
    images = document.get("images") if isinstance(document, YamlMap) else None
    for entry in images if isinstance(images, list) else []:
        if not isinstance(entry, YamlMap):
            continue
        name = yaml_text(entry.get("newName")) or yaml_text(entry.get("name"))
        tag, digest = yaml_text(entry.get("newTag")), yaml_text(entry.get("digest"))
        if name and (tag or digest or "newName" in entry):
            reference = name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
            out.append((reference, entry.line))


def parse_kubernetes(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Container images of the Kubernetes objects in a YAML file; [] for other YAML."""
    del ctx  # a manifest stands alone
    found: list[tuple[str, int]] = []
    if _KUSTOMIZATION.match(posixpath.basename(path)):
        for document in load_yaml(path, data, DELIVERY_YAML):
            _kustomize_images(document, found)
    elif looks_like_kubernetes(path, data):
        for document in load_yaml(path, data, DELIVERY_YAML):
            if (
                isinstance(document, YamlMap)
                and yaml_text(document.get("apiVersion"))
                and yaml_text(document.get("kind"))
            ):
                _containers(document, 0, found)
    deps = [
        image_dependency(image, manifest=path, line=line, scope=Scope.RUNTIME)
        for image, line in found
    ]
    return unique([d for d in deps if d is not None])
