"""Shared helpers of the JVM (Maven, Gradle) and container/delivery parser tests."""

from __future__ import annotations

from tests.scan.ecosystems.polyglot_fuzz import (
    Parse,
    Row,
    context,
    fixture,
    mutated,
    refused_in,
    rows,
    timed,
    tree,
)

from lodestar.errors import ManifestError
from lodestar.records import Dependency
from lodestar.scan.ecosystems.registry import ManifestContext

__all__ = ["Parse", "Row", "context", "fixture", "mutated", "refused_in", "rows", "timed", "tree"]


def list_or_manifest_error(
    parse: Parse, path: str, data: bytes, ctx: ManifestContext | None = None
) -> None:
    """The parser's whole contract on any input: a list of Dependency, or ManifestError."""
    try:
        deps = parse(path, data, ctx or ManifestContext())
    except ManifestError as exc:
        assert exc.path == path
        return
    assert isinstance(deps, list)
    for dep in deps:
        assert isinstance(dep, Dependency)
        assert dep.manifest == path
        assert dep.purl.startswith(f"pkg:{dep.ecosystem}/")
        assert (dep.version is None) == ("@" not in dep.purl.split("?")[0].split("/", 1)[1])
