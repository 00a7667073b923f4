"""Shared helpers of the Python-ecosystem parser tests: fixtures, rows, mutations, the contract."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.registry import ManifestContext

FIXTURES = Path(__file__).parent / "fixtures" / "python"

Row = tuple[str, Scope, bool, str | None]
Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]


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


def rows(deps: Iterable[Dependency]) -> set[Row]:
    return {(d.purl, d.scope, d.direct, d.constraint) for d in deps}


def lines(deps: Iterable[Dependency]) -> dict[str, tuple[str, int | None]]:
    """name → (manifest, line) of each record (the last one wins for repeated names)."""
    return {d.name: (d.manifest, d.line) for d in deps}


@st.composite
def mutated(draw: st.DrawFn, original: bytes, tokens: tuple[bytes, ...] = ()) -> bytes:
    """``original`` with a few slices deleted, duplicated, replaced or spliced with syntax."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 64)))
        if op == "delete":
            del data[start:end]
        elif op == "insert":
            piece = st.sampled_from(tokens) if tokens else st.binary(max_size=16)
            data[start:start] = draw(piece | st.binary(max_size=16))
        elif op == "duplicate":
            data[start:start] = data[start:end]
        else:
            data[start:end] = draw(st.binary(max_size=8))
    return bytes(data)


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


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) / SLACK
