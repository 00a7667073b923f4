"""Terraform (and OpenTofu): providers and modules of ``*.tf`` files, and ``.terraform.lock.hcl``.

Package URLs: providers and registry modules use the purl type ``terraform`` proposed to the
purl spec (package-url/purl-spec#369, #889; not merged yet). The namespace is the registry
namespace and the name the provider or module, so a provider is two segments and a module three
(``pkg:terraform/hashicorp/aws@5.31.0``, ``pkg:terraform/terraform-aws-modules/vpc/aws``); the
default registry (``registry.terraform.io``) is implied and any other host
(``registry.opentofu.org``, ``app.terraform.io``) is the ``repository_url`` qualifier. Scope is
``runtime``: they are what the infrastructure code runs.

``*.tf``:

* ``terraform { required_providers { aws = { source = "hashicorp/aws", version = "~> 5.0" } } }``;
  a missing ``source`` means ``hashicorp/<local name>``, and the pre-0.13 string form
  (``aws = "~> 2.0"``) is a version constraint. ``version`` is a constraint as written; an exact
  one (``5.31.0``, ``= 5.31.0``) is also the version;
* ``module`` blocks with a registry ``source`` (``[host/]namespace/name/system[//subdir]``) and a
  ``version`` constraint; a GitHub source (``github.com/org/repo``, ``git::https://github.com/…``,
  ``git@github.com:…``) is a ``github`` package at its ``?ref=``; local paths (``./modules/x``)
  are part of the repository and other sources (S3, GCS, HTTP archives, other git hosts) are not
  identifiable packages — all skipped.

``.terraform.lock.hcl`` (a lock file): ``provider "registry.terraform.io/hashicorp/aws"`` blocks
with the selected ``version`` and the ``constraints`` they met. The lock does not say which
providers the root module requires itself, so every entry is ``direct=False``; modules are never
locked. Not seen: versions chosen by ``terraform init -upgrade`` after the last commit, and
``required_version`` (Terraform's own version, a runtime rather than a dependency).
"""

from __future__ import annotations

import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import purl_for
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.terraform.hcl import Block, read_hcl

ECOSYSTEM = "terraform"
_TOP_LEVEL = frozenset({"terraform", "module"})
_LOCK_TOP_LEVEL = frozenset({"provider"})
DEFAULT_REGISTRY = "registry.terraform.io"
# Possessive runs (++, *+): no run is ever given back, so matching is linear in the text.
_EXACT = re.compile(r"=?\s*+v?(\d++\.\d++\.\d++(?:-[0-9A-Za-z.-]++)?)")
_PART = r"[A-Za-z0-9][A-Za-z0-9_-]*+"
_HOST = r"[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++(?::\d++)?"
_REGISTRY_MODULE = re.compile(
    rf"(?:(?P<host>{_HOST})/)?(?P<name>{_PART}/{_PART}/{_PART})(?://(?P<sub>[^?]*+))?"
)
_PROVIDER = re.compile(rf"(?:(?P<host>{_HOST})/)?(?:(?P<ns>{_PART})/)?(?P<type>{_PART})")
_GITHUB = re.compile(
    r"(?:git::)?(?:https://|ssh://git@|git@)?github\.com[/:]"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<repo>[\w.-]+?)(?:\.git)?(?://(?P<sub>[^?]*))?(?:\?(?P<query>.*))?"
)


def _version(constraint: str | None) -> str | None:
    match = _EXACT.fullmatch(constraint.strip()) if constraint else None
    return match.group(1) if match else None


def _qualifiers(host: str | None) -> dict[str, str] | None:
    host = (host or DEFAULT_REGISTRY).lower()
    return None if host == DEFAULT_REGISTRY else {"repository_url": host}


def _provider(
    path: str, address: str, constraint: str | None, line: int, *, locked: str | None = None
) -> Dependency | None:
    """A provider requirement; ``locked`` is the version a lock file selected."""
    match = _PROVIDER.fullmatch(address.strip())
    if match is None:
        return None
    name = f"{match['ns'] or 'hashicorp'}/{match['type']}".lower()
    lock = locked is not None
    version = (locked or None) if lock else _version(constraint)
    return Dependency(
        purl=purl_for(ECOSYSTEM, name, version, _qualifiers(match["host"])),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        constraint=constraint,
        scope=Scope.RUNTIME,
        direct=not lock,
        manifest=path,
        line=line,
    )


def _required_providers(path: str, terraform: Block) -> list[Dependency]:
    deps: list[Dependency] = []
    for block in terraform.children("required_providers"):
        for local_name, (value, line) in block.attributes.items():
            if isinstance(value, dict):
                source = value.get("source")
                version = value.get("version")
                address = source if isinstance(source, str) else local_name
                constraint = version if isinstance(version, str) else None
            elif isinstance(value, str):  # Terraform 0.12: aws = "~> 2.0"
                address, constraint = local_name, value
            else:
                continue
            dep = _provider(path, address, constraint, line)
            if dep is not None:
                deps.append(dep)
    return deps


def _github_module(path: str, source: str, line: int) -> Dependency | None:
    match = _GITHUB.fullmatch(source)
    if match is None:
        return None
    name = f"{match['owner']}/{match['repo']}"
    query = dict(p.partition("=")[::2] for p in (match["query"] or "").split("&") if p)
    version = query.get("ref") or None
    return Dependency(
        purl=purl_for("github", name, version, subpath=match["sub"] or None),
        ecosystem="github",
        name=name,
        version=version,
        constraint=None,
        scope=Scope.RUNTIME,
        direct=True,
        manifest=path,
        line=line,
    )


def _module(path: str, block: Block) -> Dependency | None:
    source = block.value("source")
    if not isinstance(source, str) or source.startswith(("./", "../", "/")):
        return None
    line = block.attributes["source"][1]
    registry = _REGISTRY_MODULE.fullmatch(source)
    if registry is None:
        return _github_module(path, source, line)
    written = block.value("version")
    constraint = written if isinstance(written, str) else None
    version = _version(constraint)
    return Dependency(
        purl=purl_for(ECOSYSTEM, registry["name"], version, _qualifiers(registry["host"])),
        ecosystem=ECOSYSTEM,
        name=registry["name"],
        version=version,
        constraint=constraint,
        scope=Scope.RUNTIME,
        direct=True,
        manifest=path,
        line=line,
    )


def parse_terraform(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Providers and modules a ``*.tf`` file requires; see the module docstring."""
    del ctx
    root = read_hcl(path, data, _TOP_LEVEL)
    deps: list[Dependency] = []
    for block in root.blocks:
        if block.type == "terraform":
            deps.extend(_required_providers(path, block))
        elif block.type == "module":
            dep = _module(path, block)
            if dep is not None:
                deps.append(dep)
    return deps


def parse_terraform_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Selected provider versions of a ``.terraform.lock.hcl``."""
    del ctx
    deps: list[Dependency] = []
    for block in read_hcl(path, data, _LOCK_TOP_LEVEL).children("provider"):
        if len(block.labels) != 1:
            raise ManifestError(
                "provider block without one address label", path=path, line=block.line
            )
        version = block.value("version")
        constraints = block.value("constraints")
        dep = _provider(
            path,
            block.labels[0],
            constraints if isinstance(constraints, str) else None,
            block.line,
            locked=version if isinstance(version, str) else "",
        )
        if dep is not None:
            deps.append(dep)
    return deps
