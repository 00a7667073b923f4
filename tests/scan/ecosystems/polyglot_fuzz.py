"""Shared helpers of the parser tests: fixtures, rows, mutations, the contract, time budgets.

The JVM/delivery and Python helper modules reuse these and add what is their own.
"""

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

# Time budgets, in seconds. Generous on purpose: the suite runs in parallel on small machines,
# where a parse takes several times its quiet-machine time. They catch super-linear behaviour
# (minutes), not small regressions; quiet-machine figures are in the parser docs and reports.
HOSTILE = 3.0  # refusing or reading hostile input (≤ a few MB)
LARGE = 6.0  # reading a realistic lock file of more than 5 MB

Row = tuple[str, Scope, bool, str | None]
Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]


def fixture(ecosystem: str, name: str) -> bytes:
    return (FIXTURES / ecosystem / name).read_bytes()


def tree(ecosystem: str) -> dict[str, bytes]:
    """Every fixture file of an ecosystem, keyed by its path relative to that folder."""
    base = FIXTURES / ecosystem
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


def context(ecosystem: str) -> ManifestContext:
    return ManifestContext.of(tree(ecosystem))


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
    parse: Callable[[str, bytes, ManifestContext], list[Dependency]],
    path: str,
    data: bytes,
    ctx: ManifestContext | None = None,
) -> None:
    """The parser's whole contract on any input: a list of Dependency, or ManifestError."""
    try:
        deps = parse(path, data, ctx or ManifestContext())
    except ManifestError as exc:
        assert exc.path == path
        return
    assert isinstance(deps, list)
    assert all(isinstance(d, Dependency) and d.manifest == path for d in deps)


def refused_in(parse: Parse, path: str, data: bytes, ctx: ManifestContext | None = None) -> float:
    """Seconds the parser takes to refuse ``data`` with ManifestError; fails if it accepts it."""
    start = time.perf_counter()
    try:
        parse(path, data, ctx or ManifestContext())
    except ManifestError:
        return (time.perf_counter() - start) / SLACK
    raise AssertionError(f"{path}: accepted hostile input")


def handled_in(
    parse: Callable[[str, bytes, ManifestContext], list[Dependency]],
    path: str,
    data: bytes,
) -> float:
    """Seconds the parser takes to return a list or refuse ``data`` with ManifestError."""
    start = time.perf_counter()
    list_or_manifest_error(parse, path, data)
    return (time.perf_counter() - start) / SLACK


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) / SLACK
