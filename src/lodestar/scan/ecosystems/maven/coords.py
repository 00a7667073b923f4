"""Maven coordinates and versions, shared by the Maven and Gradle parsers (both purl type maven).

A version requirement is kept as written in ``constraint``; it is also the exact ``version``
when it names one version:

* exact: ``1.2.3``, ``2.7.18.RELEASE``, ``1.0-SNAPSHOT`` (mutable, but one version), Maven's
  hard single-version range ``[1.5]``, Gradle's strict ``1.5!!``;
* not exact: ranges (``[1.0,2.0)``, ``(,1.0]``, ``[1,2),[3,4)``), Gradle dynamic versions
  (``1.+``, ``+``, ``latest.release``), Maven's ``LATEST``/``RELEASE``, and anything still
  holding an unresolved ``${property}`` or ``$variable``.
"""

from __future__ import annotations

import re

from lodestar.records import Dependency, Scope
from lodestar.safeparse import purl_for

ECOSYSTEM = "maven"
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,127}")
_META = frozenset({"LATEST", "RELEASE"})


def exact_version(written: str | None) -> str | None:
    """The single version a requirement names, or None (see the module docstring)."""
    if not written:
        return None
    text = written.strip()
    if text.startswith("[") and text.endswith("]") and "," not in text:
        text = text[1:-1].strip()  # Maven's hard requirement [1.5]
    text = text.removesuffix("!!")  # Gradle's strictly
    if (
        "$" in text
        or text in _META
        or text.endswith("+")
        or text.startswith("latest.")
        or not _VERSION.fullmatch(text)
    ):
        return None
    return text


def maven_dependency(
    group: str,
    artifact: str,
    written: str | None,
    *,
    scope: Scope,
    manifest: str,
    line: int | None,
    qualifiers: dict[str, str] | None = None,
    direct: bool = True,
    exact: str | None = None,
) -> Dependency:
    """A maven Dependency; ``exact`` overrides the version derived from ``written``."""
    version = exact if exact is not None else exact_version(written)
    name = f"{group}:{artifact}"
    return Dependency(
        purl=purl_for(ECOSYSTEM, name, version, qualifiers or None),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        constraint=written.strip() if written and written.strip() else None,
        scope=scope,
        direct=direct,
        manifest=manifest,
        line=line,
    )


def valid_coordinate(part: str | None) -> bool:
    """Whether a groupId/artifactId is usable (present, resolved, no whitespace or colon)."""
    return bool(part) and not re.search(r"[\s:$/\\{}]", part or "")
