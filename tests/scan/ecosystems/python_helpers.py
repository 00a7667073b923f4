"""Shared helpers of the Python-ecosystem parser tests: fixtures, rows, mutations, the contract."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tests.scan.ecosystems.polyglot_fuzz import Parse, Row, mutated, rows, timed

from lodestar.errors import ManifestError
from lodestar.records import Dependency
from lodestar.scan.ecosystems.registry import ManifestContext

__all__ = [
    "Parse",
    "Row",
    "context",
    "fixture",
    "holds_contract",
    "lines",
    "mutated",
    "parse_fixture",
    "rows",
    "timed",
    "tree",
]

FIXTURES = Path(__file__).parent / "fixtures" / "python"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def tree() -> dict[str, bytes]:
    """Every Python fixture file, keyed by its path relative to the python fixtures folder."""
    return {
        p.relative_to(FIXTURES).as_posix(): p.read_bytes()
        for p in FIXTURES.rglob("*")
        if p.is_file()
    }


def context() -> ManifestContext:
    return ManifestContext.of(tree())


def parse_fixture(parse: Parse, name: str) -> list[Dependency]:
    return parse(name, fixture(name), context())


def lines(deps: Iterable[Dependency]) -> dict[str, tuple[str, int | None]]:
    """name → (manifest, line) of each record (the last one wins for repeated names)."""
    return {d.name: (d.manifest, d.line) for d in deps}


def holds_contract(
    parse: Parse, path: str, data: bytes, ctx: ManifestContext | None = None
) -> None:
    """The parser's whole contract on any input: a list of Dependency, or ManifestError."""
    try:
        deps = parse(path, data, ctx or ManifestContext())
    except ManifestError as exc:
        assert exc.path == path
        assert "\n" not in str(exc)
        return
    assert isinstance(deps, list)
    for dep in deps:
        assert isinstance(dep, Dependency)
        assert dep.ecosystem == "pypi" and dep.purl.startswith("pkg:pypi/")
        assert (dep.version is None) == ("@" not in dep.purl.split("?", 1)[0])
