"""Rust crates: ``Cargo.lock``, every resolved crate of a package or workspace.

All lock formats (v1 without a ``version`` key and with ``[root]``/``[metadata]``, v2, v3, v4)
list ``[[package]]`` tables with ``name``, ``version``, ``source`` and ``dependencies``.

* A package without ``source`` is a member of the workspace (or a path dependency): not an
  external package, left out. Their ``dependencies`` entries (``"name"``, ``"name version"`` or
  ``"name version (source)"``) mark the crates they use directly (``direct=True``); every other
  crate is transitive. The lock does not say which of them are dev or build dependencies: every
  scope is runtime.
* ``source = "registry+https://github.com/rust-lang/crates.io-index"`` (or the sparse index) is
  crates.io; another registry adds a ``repository_url`` qualifier; ``git+URL?branch=…#commit``
  adds ``vcs_url=git+URL@commit``.

Several versions of one crate are common (``syn`` 1 and 2); each is reported. For each crate
name the directly used versions come first, so the merge step, which keeps the first record of
a package from a lock file, joins a manifest's requirement with a version its members use.

Edges: each crate's ``dependencies`` entries name the crates it requires — by name alone when
the lock holds one version of it, with the version when several, and the source too when two
sources lock the same version — and become its ``depends_on`` (workspace members left out; an
entry that names no single locked crate is no edge).
"""

from __future__ import annotations

import re
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, vcs_url
from lodestar.scan.ecosystems.cargo.manifest import load_toml
from lodestar.scan.ecosystems.edges import edges
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "cargo"
_CRATES_IO = frozenset(
    {
        "registry+https://github.com/rust-lang/crates.io-index",
        "sparse+https://index.crates.io/",
    }
)


_NAME_VERSION = re.compile(r'^name = "([^"\n]*)"\r?\nversion = "([^"\n]*)"', re.MULTILINE)


def _lines(text: str) -> dict[tuple[str, str], int]:
    """(name, version) → line of the package's ``name =`` key, in one pass over the text."""
    lines: dict[tuple[str, str], int] = {}
    line, last = 1, 0
    for match in _NAME_VERSION.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.setdefault((match.group(1), match.group(2)), line)
    return lines


def _qualifiers(source: str) -> dict[str, str]:
    if source in _CRATES_IO:
        return {}
    kind, _, url = source.partition("+")
    if kind == "git":
        base, _, commit = url.partition("#")
        return {
            "vcs_url": vcs_url(base.split("?", 1)[0], commit or None, scp_as_ssh=True, scrub=False)
        }
    if kind in {"registry", "sparse"} and url:
        return {"repository_url": url}
    return {}


def _str_field(package: dict[str, Any], key: str, path: str) -> str:
    value = package.get(key)
    if not isinstance(value, str):
        raise ManifestError(f"a [[package]] has no {key} string", path=path)
    return value


def _direct(members: list[dict[str, Any]], path: str) -> tuple[set[tuple[str, str]], set[str]]:
    """(name, version) pairs and bare names the workspace members depend on."""
    pairs: set[tuple[str, str]] = set()
    names: set[str] = set()
    for member in members:
        entries = member.get("dependencies", [])
        if not isinstance(entries, list):
            raise ManifestError("a package's dependencies is not a list", path=path)
        for entry in entries:
            if not isinstance(entry, str):
                raise ManifestError("a dependency entry is not a string", path=path)
            parts = entry.split(" ", 2)
            if len(parts) == 1:
                names.add(parts[0])
            else:
                pairs.add((parts[0], parts[1]))
    return pairs, names


_Key = tuple[str, str, str]  # (name, version, source)


def _requires(package: dict[str, Any], index: dict[tuple[str, ...], list[str]]) -> tuple[str, ...]:
    """The purls of the crates a package's ``dependencies`` entries name (module docstring):
    ``name``, ``name version`` or ``name version (source)``, each naming one locked crate."""
    entries = package.get("dependencies", [])
    found: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, str):
            continue
        name, _, rest = entry.partition(" ")
        version, _, source = rest.partition(" ")
        key = (name, version, source.removeprefix("(").removesuffix(")")) if source else None
        candidates = index.get(key or ((name, version) if version else (name,)), [])
        if len(candidates) == 1:  # an ambiguous entry would name the version or source
            found.append(candidates[0])
    return edges(found)


def _index(purls: dict[_Key, str]) -> dict[tuple[str, ...], list[str]]:
    """(name), (name, version) and (name, version, source) → the purls they name."""
    index: dict[tuple[str, ...], list[str]] = {}
    for (name, version, source), purl in purls.items():
        for key in ((name,), (name, version), (name, version, source)):
            index.setdefault(key, []).append(purl)
    return index


def parse_cargo_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every crate a Cargo.lock resolves (see the module docstring)."""
    doc = load_toml(path, data)
    packages = doc.get("package", [])
    if not isinstance(packages, list) or not all(isinstance(p, dict) for p in packages):
        raise ManifestError("package must be an array of tables", path=path)
    members = [p for p in packages if "source" not in p]
    root = doc.get("root")
    if isinstance(root, dict):  # lock format v1
        members.append(root)
    pairs, names = _direct(members, path)
    lines = _lines(data.decode("utf-8-sig"))
    purls: dict[_Key, str] = {}
    for package in packages:
        if "source" in package:
            name = _str_field(package, "name", path)
            version = _str_field(package, "version", path)
            source = _str_field(package, "source", path)
            purls[(name, version, source)] = checked_purl(
                ECOSYSTEM, path, name, version, _qualifiers(source)
            )
    index = _index(purls)
    out: list[Dependency] = []
    for package in packages:
        if "source" not in package:
            continue
        key = (package["name"], package["version"], package["source"])
        name, version, _ = key
        out.append(
            Dependency(
                purl=purls[key],
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=None,
                scope=Scope.RUNTIME,
                direct=(name, version) in pairs or name in names,
                manifest=path,
                line=lines.get((name, version)),
                depends_on=_requires(package, index),
            )
        )
    out.sort(key=lambda d: (d.name, not d.direct))
    return out
