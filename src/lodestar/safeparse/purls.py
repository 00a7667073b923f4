"""Package URLs (https://github.com/package-url/purl-spec): the one place a package's identity
is made, read and compared.

Used by the scanner's manifest parsers (:func:`purl_for`, :func:`checked_purl`,
:func:`vcs_url`, :func:`scrub_url`), the store, the scan's lock matching, the trends and the
package selection (:func:`package_key`), and the catalog's matchers, the drift engine and the
runtime readers (:func:`purl_key`).

* :func:`purl_for` builds the canonical purl: the name is split the way each ecosystem writes
  it into the purl namespace and name (npm ``@scope/name``, Maven ``group:artifact``, Go module
  paths, Composer ``vendor/name``, Docker ``registry/org/image``) and packageurl-python applies
  the spec's normalisation (PyPI names lower-cased with ``_`` → ``-``, and percent-encoding);
  :func:`checked_purl` is the same for a name read from a file, refused with a position.
* :func:`package_key` is the purl without version, qualifiers and subpath, as built: two
  dependencies are the same package exactly when their keys are equal (the store's ``package``
  column).
* :func:`purl_key` reads a purl as a person may write it (in a radar matcher, a policy, the
  command line) and gives ``pkg:type/namespace/name`` lower-cased, an unencoded npm scope
  (``pkg:npm/@scope/x``) read as the canonical ``%40scope`` and PyPI names PEP 503 normalised,
  so that a pattern written in :func:`purl_for`'s canonical form matches however it is spelled.
* :func:`vcs_url` is the ``vcs_url`` qualifier of a package from a version-control URL.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from lodestar.errors import ManifestError

if TYPE_CHECKING:
    from packageurl import PackageURL

__all__ = [
    "checked_purl",
    "normalise_pypi",
    "package_key",
    "purl_for",
    "purl_key",
    "scrub_url",
    "split_name",
    "vcs_url",
]

_PEP503 = re.compile(r"[-_.]+")
_VCS = ("git+", "hg+", "svn+", "bzr+")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@")
_SCP_LIKE = re.compile(r"([\w.-]+@[\w.-]+):(?!//)(.*)")


def package_key(purl: str) -> str:
    """The purl without version, qualifiers and subpath: identifies a package."""
    head = purl.split("?", 1)[0].split("#", 1)[0]
    at = head.rfind("@")
    slash = head.rfind("/")
    return head[:at] if at > slash else head


def purl_key(purl: str) -> str | None:
    """``pkg:type/namespace/name`` of a purl, lower-cased; None when it is not a purl."""
    text = purl.strip()
    if text[:4].lower() != "pkg:":
        return None
    text = text[4:].lstrip("/").split("#", 1)[0].split("?", 1)[0]
    kind, sep, rest = text.partition("/")
    if not sep or not kind or not rest:
        return None
    kind = kind.lower()
    if rest.startswith("@"):
        rest = "%40" + rest[1:]
    at = rest.rfind("@")
    if at > 0:
        rest = rest[:at]
    rest = rest.rstrip("/").lower()
    if kind == "pypi":
        rest = _PEP503.sub("-", rest)
    return f"pkg:{kind}/{rest}" if rest else None


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
    return _package_url()(
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
    return _package_url()(
        type=ecosystem, namespace=namespace, name=short, version=version or None
    ).to_string()


@functools.cache
def _package_url() -> type[PackageURL]:
    """packageurl's PackageURL, imported on first need: a caller of :func:`package_key` or
    :func:`purl_key` (the store, the catalog at start-up) does not pay for it."""
    import packageurl  # noqa: PLC0415  loaded on first need, as said above

    return packageurl.PackageURL


def checked_purl(
    ecosystem: str,
    path: str,
    name: str,
    version: str | None = None,
    qualifiers: dict[str, str] | None = None,
    *,
    line: int | None = None,
) -> str:
    """:func:`purl_for` of a name read from ``path``; one the purl spec refuses is a
    ManifestError (``not a package name: '…'``) at ``line``."""
    try:
        return purl_for(ecosystem, name, version, qualifiers)
    except ValueError:
        raise ManifestError(f"not a package name: {name!r}", path=path, line=line) from None


def scrub_url(url: str) -> str:
    """The URL without credentials (``https://user:token@host`` → ``https://host``).

    ``git@`` (the SSH user of every git host) is kept; anything else before ``@`` may be a token.
    """
    match = _USERINFO.match(url)
    if match is None:
        return url
    keep = "git@" if match.group(2) == "git" else ""
    return match.group(1) + keep + url[match.end() :]


def vcs_url(
    url: str,
    ref: str | None = None,
    subdirectory: str | None = None,
    *,
    scp_as_ssh: bool = False,
    scrub: bool = True,
) -> str:
    """The purl ``vcs_url`` qualifier: ``<vcs>+<url>[@<ref>][#<subdirectory>]``.

    A URL without a ``git+``/``hg+``/``svn+``/``bzr+`` prefix is git's. With ``scrub`` (the
    default) credentials are removed (:func:`scrub_url`). With ``scp_as_ssh`` an scp-like
    address (``git@host:org/repo.git``, as Cargo and Bundler accept) becomes the URL
    ``ssh://git@host/org/repo.git``.
    """
    base = url.strip()
    if scp_as_ssh:
        scp = _SCP_LIKE.fullmatch(base)
        if scp:
            base = f"ssh://{scp.group(1)}/{scp.group(2)}"
    if scrub:
        base = scrub_url(base)
    if not base.lower().startswith(_VCS):
        base = f"git+{base}"
    if ref:
        base = f"{base}@{ref}"
    return f"{base}#{subdirectory}" if subdirectory else base
