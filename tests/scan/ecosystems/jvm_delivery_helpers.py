"""Shared helpers of the JVM (Maven, Gradle) and container/delivery parser tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.registry import ManifestContext

FIXTURES = Path(__file__).parent / "fixtures"

Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]
Row = tuple[str, Scope, bool, str | None]


def fixture(folder: str, name: str) -> bytes:
    return (FIXTURES / folder / name).read_bytes()


def tree(folder: str) -> dict[str, bytes]:
    """Every fixture file of a folder (hidden ones too), keyed by its path relative to it."""
    base = FIXTURES / folder
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


def context(folder: str) -> ManifestContext:
    return ManifestContext.of(tree(folder))


def rows(deps: Iterable[Dependency]) -> set[Row]:
    return {(d.purl, d.scope, d.direct, d.constraint) for d in deps}


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
            pieces = st.sampled_from(tokens) if tokens else st.binary(max_size=16)
            data[start:start] = draw(pieces | st.binary(max_size=16))
        elif op == "duplicate":
            data[start:start] = data[start:end]
        else:
            data[start:end] = draw(st.binary(max_size=8))
    return bytes(data)


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


def refused_in(parse: Parse, path: str, data: bytes, ctx: ManifestContext | None = None) -> float:
    """Seconds the parser takes to refuse ``data`` with ManifestError; fails if it accepts it."""
    start = time.perf_counter()
    try:
        parse(path, data, ctx or ManifestContext())
    except ManifestError:
        return (time.perf_counter() - start) / SLACK
    raise AssertionError(f"{path}: accepted hostile input")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) / SLACK
