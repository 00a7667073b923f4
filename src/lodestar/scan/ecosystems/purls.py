"""Package URLs (purl spec) for every ecosystem, built one way.

``purl_for(ecosystem, name, version)`` splits the name the way each ecosystem writes it into the
purl namespace and name (npm ``@scope/name``, Maven ``group:artifact``, Go module paths, Composer
``vendor/name``, Docker ``registry/org/image``) and lets packageurl-python apply the spec's
normalisation (PyPI names lower-cased with ``_`` → ``-``, and percent-encoding).
"""

from __future__ import annotations

import functools
import re

from packageurl import PackageURL

_PEP503 = re.compile(r"[-_.]+")


def normalise_pypi(name: str) -> str:
    """PEP 503 normalised project name."""
    return _PEP503.sub("-", name).lower()


def split_name(ecosystem: str, name: str) -> tuple[str | None, str]:
    """(namespace, name) of a package as its ecosystem writes it."""
    if ecosystem == "npm" and name.startswith("@") and "/" in name:
        scope, _, rest = name.partition("/")
        return scope.lower(), rest.lower()
    if ecosystem == "maven" and ":" in name:
        group, _, artifact = name.partition(":")
        return group, artifact
    if ecosystem in {"golang", "composer", "github", "docker", "terraform", "helm"} and "/" in name:
        namespace, _, rest = name.rpartition("/")
        return (namespace.lower() if ecosystem in {"composer", "github"} else namespace), (
            rest.lower() if ecosystem in {"composer", "github"} else rest
        )
    if ecosystem == "pypi":
        return None, normalise_pypi(name)
    if ecosystem in {"npm", "gem", "cargo"}:
        return None, name.lower() if ecosystem == "npm" else name
    return None, name


def purl_for(
    ecosystem: str,
    name: str,
    version: str | None = None,
    qualifiers: dict[str, str] | None = None,
    subpath: str | None = None,
) -> str:
    """The canonical purl string (ValueError when the name leaves no purl name)."""
    if not qualifiers and not subpath:
        return _plain_purl(ecosystem, name, version)
    namespace, short = split_name(ecosystem, name)
    return PackageURL(
        type=ecosystem,
        namespace=namespace,
        name=short,
        version=version or None,
        qualifiers=qualifiers or None,
        subpath=subpath,
    ).to_string()


@functools.lru_cache(maxsize=65536)
def _plain_purl(ecosystem: str, name: str, version: str | None) -> str:
    """Cached: lock files repeat packages, and packageurl's normalisation costs ~10 µs."""
    namespace, short = split_name(ecosystem, name)
    return PackageURL(
        type=ecosystem, namespace=namespace, name=short, version=version or None
    ).to_string()
