"""The engine against a straightforward reference, on random versions and random events.

Versions are generated as structured values whose order the test computes by itself (SemVer
2.0 precedence, PEP 440, Maven's qualifiers), independently of the libraries the engine uses.
The reference sorts the universe of every version involved and walks it from the bottom,
switching "affected" on at an ``introduced``, off at a ``fixed`` and just after a
``last_affected``; a version is affected when the walk says so at its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.analysis import is_affected, lowest_fixed
from lodestar.records.vulns import AffectedPackage, AffectedRange, RangeEvent


@dataclass(frozen=True)
class V:
    """A generated version: its text and the key the test orders it by."""

    text: str
    key: tuple[Any, ...]


# --- SemVer 2.0 (npm, crates.io, Go) ------------------------------------------------------------

_IDENTIFIERS = ["alpha", "beta", "rc", "0", "1", "2", "11", "x-y", "20201216223049-8b5274cf687f"]


@st.composite
def semver(draw: st.DrawFn, prefix: str = "") -> V:
    core = tuple(draw(st.integers(0, 3)) for _ in range(3))
    pre = draw(st.lists(st.sampled_from(_IDENTIFIERS), max_size=2))
    build = draw(st.sampled_from(["", "+build.5", "+incompatible"]))
    text = prefix + ".".join(map(str, core)) + ("-" + ".".join(pre) if pre else "") + build
    # precedence: a release above its pre-releases; numeric identifiers below alphanumeric ones,
    # numerically; a shorter list of identifiers below a longer one it begins; build ignored
    pre_key = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre)
    return V(text, (*core, 0 if pre else 1, pre_key))


# --- PEP 440 (PyPI) -------------------------------------------------------------------------------

_PRE = {"a": 0, "b": 1, "rc": 2}


@st.composite
def pep440(draw: st.DrawFn) -> V:
    release = tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    pre = draw(st.none() | st.tuples(st.sampled_from(sorted(_PRE)), st.integers(0, 2)))
    post = draw(st.none() | st.integers(0, 2))
    dev = draw(st.none() | st.integers(0, 2))
    text = ".".join(map(str, release))
    text += f"{pre[0]}{pre[1]}" if pre else ""
    text += f".post{post}" if post is not None else ""
    text += f".dev{dev}" if dev is not None else ""
    trimmed = list(release)
    while len(trimmed) > 1 and trimmed[-1] == 0:
        trimmed.pop()
    if pre is None and post is None and dev is not None:
        pre_key: tuple[int, ...] = (-1,)  # 1.0.dev0 sorts before 1.0a0
    elif pre is None:
        pre_key = (3,)
    else:
        pre_key = (_PRE[pre[0]], pre[1])
    post_key = (-1,) if post is None else (post,)
    dev_key = 10**9 if dev is None else dev
    return V(text, (tuple(trimmed), pre_key, post_key, dev_key))


# --- Maven ---------------------------------------------------------------------------------------

_QUALIFIERS = [
    ("alpha", True),
    ("beta", True),
    ("milestone", True),
    ("rc", True),
    ("SNAPSHOT", False),
    ("", False),
    ("sp", True),
]


@st.composite
def maven(draw: st.DrawFn) -> V:
    release = tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    rank = draw(st.integers(0, len(_QUALIFIERS) - 1))
    word, numbered = _QUALIFIERS[rank]
    number = draw(st.integers(1, 3)) if numbered else 0
    text = ".".join(map(str, release))
    if word:
        text += f"-{word}" + (f"-{number}" if numbered else "")
    padded = (*release, *(0,) * (3 - len(release)))
    return V(text, (padded, rank, number))


# --- the reference ------------------------------------------------------------------------------


def reference(version: V, events: list[tuple[str, V | None]]) -> tuple[bool, str | None]:
    """(affected, lowest fixed above) by walking the sorted universe of keys."""
    keys = sorted({version.key, *(v.key for _, v in events if v is not None)})
    position = {key: i for i, key in enumerate(keys)}
    at: dict[int, list[str]] = {}
    start = False
    for kind, v in events:
        if v is None:  # introduced "0"
            start = True
        else:
            at.setdefault(position[v.key], []).append(kind)
    state, states = start, []
    for i in range(len(keys)):
        kinds = at.get(i, [])
        # at the version itself: a fixed one is not affected, an introduced one is
        states.append(False if "fixed" in kinds else True if "introduced" in kinds else state)
        # above it: fixed and last_affected end the range, introduced starts one
        if "fixed" in kinds or "last_affected" in kinds:
            state = False
        elif "introduced" in kinds:
            state = True
    affected = states[position[version.key]]
    fixed = [v for kind, v in events if kind == "fixed" and v is not None and v.key > version.key]
    lowest = min(fixed, key=lambda v: v.key).text if affected and fixed else None
    return affected, lowest


def _events(versions: st.SearchStrategy[V]) -> st.SearchStrategy[list[tuple[str, V | None]]]:
    event = st.tuples(st.sampled_from(["introduced", "fixed", "last_affected"]), versions)
    return st.tuples(st.booleans(), st.lists(event, min_size=1, max_size=8)).map(
        lambda pair: ([("introduced", None)] if pair[0] else []) + [_start(e) for e in pair[1]]
    )


def _start(event: tuple[str, V]) -> tuple[str, V | None]:
    """``introduced "0"`` is the schema's "from the first version", whatever "0" sorts as."""
    kind, version = event
    return (kind, None) if kind == "introduced" and version.text == "0" else (kind, version)


def _affected(range_type: str, events: list[tuple[str, V | None]]) -> AffectedPackage:
    osv_events = tuple(RangeEvent(kind, v.text if v else "0") for kind, v in events)
    return AffectedPackage("x", "x", "pkg:x/x", (AffectedRange(range_type, osv_events),))


def _check(purl_type: str, range_type: str, version: V, events: list[tuple[str, V | None]]) -> None:
    # the reference gives equal versions one place: events of one version with fixed and
    # last_affected mixed are ambiguous in the schema and left out
    by_key: dict[tuple[Any, ...], set[str]] = {}
    for kind, v in events:
        if v is not None:
            by_key.setdefault(v.key, set()).add(kind)
    if any({"fixed", "last_affected"} <= kinds for kinds in by_key.values()):
        return
    affected = _affected(range_type, events)
    expected, fixed = reference(version, events)
    assert is_affected(purl_type, version.text, affected) is expected, (version, events)
    assert lowest_fixed(purl_type, version.text, affected) == fixed, (version, events)


Strategy = Callable[[], st.SearchStrategy[V]]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_npm_and_semver_ranges_agree_with_the_reference(data: st.DataObject) -> None:
    range_type, purl_type = data.draw(
        st.sampled_from([("ECOSYSTEM", "npm"), ("SEMVER", "pypi"), ("ECOSYSTEM", "cargo")])
    )
    versions = semver()
    _check(purl_type, range_type, data.draw(versions), data.draw(_events(versions)))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_go_versions_with_the_v_prefix_agree_with_the_reference(data: st.DataObject) -> None:
    version = data.draw(semver(prefix="v"))
    _check("golang", "SEMVER", version, data.draw(_events(semver())))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_pypi_ranges_agree_with_the_reference(data: st.DataObject) -> None:
    _check("pypi", "ECOSYSTEM", data.draw(pep440()), data.draw(_events(pep440())))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_maven_ranges_agree_with_the_reference(data: st.DataObject) -> None:
    _check("maven", "ECOSYSTEM", data.draw(maven()), data.draw(_events(maven())))
