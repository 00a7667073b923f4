"""Container image references (``gcr.io/distroless/static:nonroot@sha256:…``) as dependencies.

Grammar (``distribution/reference``): ``[domain[:port]/]path[:tag][@digest]``. The first path
component is a registry domain when it contains ``.`` or ``:`` or is ``localhost``; path
components are lower-case. Docker Hub is normalised away (``docker.io/library/python`` and
``index.docker.io/python`` are both ``python``), so the same image is one package however written.

Every container/delivery parser builds its image dependencies here, the same way:

* purl type ``docker``, name ``[registry/]path`` (``python``, ``bitnami/redis``,
  ``gcr.io/distroless/static``); :func:`purl_for` puts the registry and path in the namespace;
* ``version`` is the **tag** as written (a tag can move, but it is what people pin and what EOL
  data is keyed on); with no tag the image is ``latest`` implicitly and ``version`` is None;
* a digest is the version when there is no tag (``python@sha256:…``); next to a tag it is kept
  as the purl qualifier ``digest`` so "pinned by digest" stays visible;
* a tag that still holds an unresolved variable (``python:${PY_VERSION}``) gives no version and
  that text as ``constraint``; a reference whose *name* is unresolved or malformed gives nothing;
* ``scratch`` (the empty image) gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lodestar.records import Dependency, Scope
from lodestar.safeparse import purl_for

ECOSYSTEM = "docker"
_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN = re.compile(
    r"(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
    r"[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::[0-9]{1,5})?"
)
_TAG = re.compile(r"\w[\w.-]{0,127}")
_DIGEST = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
_TEMPLATE = re.compile(r"\$|\{\{|%\{")
_VAR = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)
_HUB = frozenset(
    {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)
MAX_REFERENCE = 512


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A parsed image reference; ``tag`` may hold an unresolved template (``templated``)."""

    name: str
    tag: str | None
    digest: str | None
    templated: bool = False


def _name(ref: str) -> str | None:
    """The image name of a reference without tag and digest (Docker Hub's implied), or None."""
    parts = ref.split("/")
    domain: str | None = None
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        domain = parts.pop(0)
        if not _DOMAIN.fullmatch(domain):
            return None
    if not parts or not all(_COMPONENT.fullmatch(p) for p in parts):
        return None
    if domain is not None and domain.lower() in _HUB:
        domain = None
    if domain is None and len(parts) == 2 and parts[0] == "library":
        parts.pop(0)
    return "/".join(parts) if domain is None else f"{domain}/{'/'.join(parts)}"


def parse_image(reference: str) -> ImageRef | None:
    """The reference's parts, or None when it is not a (resolvable) image reference."""
    ref = reference.strip()
    if not ref or len(ref) > MAX_REFERENCE or any(c.isspace() for c in ref):
        return None
    digest: str | None = None
    if "@" in ref:
        ref, _, digest = ref.partition("@")
        if not _DIGEST.fullmatch(digest):
            return None
    tag: str | None = None
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        ref, tag = ref[:colon], ref[colon + 1 :]
    name = _name(ref)
    if name is None or name == "scratch":
        return None
    templated = False
    if tag is not None and not _TAG.fullmatch(tag):
        if not _TEMPLATE.search(tag):
            return None
        templated = True
    return ImageRef(name, tag or None, digest, templated)


def image_dependency(
    reference: str, *, manifest: str, line: int | None, scope: Scope
) -> Dependency | None:
    """A ``docker`` Dependency for an image reference, or None (see the module docstring)."""
    image = parse_image(reference)
    if image is None:
        return None
    constraint: str | None = None
    qualifiers: dict[str, str] = {}
    if image.templated:
        version, constraint = None, image.tag
    elif image.tag is not None:
        version = image.tag
        if image.digest is not None:
            qualifiers["digest"] = image.digest
    else:
        version = image.digest
    return Dependency(
        purl=purl_for(ECOSYSTEM, image.name, version, qualifiers or None),
        ecosystem=ECOSYSTEM,
        name=image.name,
        version=version,
        constraint=constraint,
        scope=scope,
        direct=True,
        manifest=manifest,
        line=line,
    )


def unique(deps: list[Dependency]) -> list[Dependency]:
    """Drop repeats of the same (purl, scope), keeping the first (and its line)."""
    seen: set[tuple[str, Scope]] = set()
    out: list[Dependency] = []
    for dep in deps:
        key = (dep.purl, dep.scope)
        if key not in seen:
            seen.add(key)
            out.append(dep)
    return out


def substitute(value: str, args: Mapping[str, str]) -> str:
    """Shell-style ``$V``, ``${V}``, ``${V:-default}``, ``${V:+alternative}`` (and ``-``/``+``).

    An unknown variable without a default is left as written, so the caller can see it.
    """

    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        operator, word = match.group(2), match.group(3) or ""
        current = args.get(name)
        if operator in (":-", "-"):
            if current is None or (operator == ":-" and not current):
                return word
            return current
        if operator in (":+", "+"):
            present = current is not None and (operator == "+" or bool(current))
            return word if present else ""
        return current if current is not None else match.group(0)

    return _VAR.sub(one, value)
