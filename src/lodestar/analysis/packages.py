"""Which packages a name means: exact, ecosystem-aware identity, widened only when asked.

A query names packages in one of four ways (:func:`select_packages`):

``pkg:npm/react``
    a purl: that one package (version, qualifiers and subpath ignored; compared after the
    catalog's normalisation: case, npm ``@scope``, PEP 503).
``react``, ``@types/react``, ``Django``, ``org.slf4j:slf4j-api``, ``github.com/gin-gonic/gin``
    a name: the packages of that exact name in each ecosystem, compared as the ecosystem
    compares names (npm, Composer, GitHub: case-insensitive; PyPI: PEP 503, so ``Django``,
    ``django`` and ``DJANGO`` are one; Maven ``group:artifact`` or ``group/artifact``; Go module
    paths in full). ``react`` is never ``@types/react``, ``vite`` never ``@tailwindcss/vite``,
    ``checkout`` never ``actions/checkout``. A name several ecosystems share (``requests`` on
    PyPI and npm) means all of them: the answer lists each package (:attr:`PackageQuery.
    ambiguous`) so that the reader sees it and narrows with ``--ecosystem`` or a purl.
``@types/*``, ``*/react``, ``pkg:npm/@angular/*``
    a glob (``*``, ``?``, ``[...]``) over names, or over purls when it starts with ``pkg:``.
``--like react``
    every package whose name contains the text (``react``, ``react-dom``, ``@types/react``).

A name that matches nothing gets suggestions (:func:`did_you_mean`): packages whose last
segment is that name (``checkout`` → ``actions/checkout``), then close spellings (``reakt`` →
``react``).
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lodestar.catalog import GLOB_CHARS
from lodestar.errors import NotFoundError, UsageError
from lodestar.records import MonthlySnapshot, PackageName
from lodestar.safeparse import normalise_pypi, package_key, purl_key

__all__ = [
    "MAX_QUERY_CHARS",
    "PackageQuery",
    "did_you_mean",
    "identity",
    "select_packages",
    "trend_subject",
]

MAX_QUERY_CHARS = 512  # longer than any package name or purl a registry accepts


def identity(ecosystem: str, name: str) -> str:
    """A package name as its ecosystem compares names: lower-case, PyPI's PEP 503 normalised."""
    return normalise_pypi(name.strip()) if ecosystem == "pypi" else name.strip().lower()


@dataclass(frozen=True, slots=True)
class PackageQuery:
    """The packages a query selected, and how it selected them."""

    query: str
    mode: str  # "purl" | "name" | "glob" | "like"
    packages: tuple[PackageName, ...]  # one per package key, its first written name

    @property
    def keys(self) -> frozenset[str]:
        """The selected packages' keys (``pkg:type/namespace/name``)."""
        return frozenset(p.package for p in self.packages)

    @property
    def ambiguous(self) -> bool:
        """An exact name that several packages (ecosystems) carry."""
        return self.mode == "name" and len(self.packages) > 1


def _by_package(names: Iterable[PackageName]) -> dict[str, list[PackageName]]:
    grouped: dict[str, list[PackageName]] = {}
    for row in names:
        grouped.setdefault(row.package, []).append(row)
    return grouped


def _exact(rows: list[PackageName], query: str) -> bool:
    eco = rows[0].ecosystem
    wanted = identity(eco, query)
    if any(identity(eco, r.name) == wanted for r in rows):
        return True
    path = query.strip()
    if "/" not in path or "@" in path[1:]:
        return False
    key = purl_key(f"pkg:{eco}/{path}")  # group/artifact, @scope/name written as a purl path
    return key is not None and key == purl_key(rows[0].package)


def _glob(rows: list[PackageName], pattern: str) -> bool:
    eco = rows[0].ecosystem
    return any(
        fnmatch.fnmatchcase(r.name.lower(), pattern)
        or fnmatch.fnmatchcase(identity(eco, r.name), pattern)
        for r in rows
    )


def _like(rows: list[PackageName], text: str) -> bool:
    eco = rows[0].ecosystem
    return any(text in r.name.lower() or identity(eco, text) in identity(eco, r.name) for r in rows)


def _by_purl(
    grouped: dict[str, list[PackageName]], text: str, *, like: bool, is_glob: bool
) -> tuple[str, list[str]]:
    """How a purl query selected, and the packages it selected (see :func:`select_packages`)."""
    key = purl_key(text)
    if key is None:
        raise UsageError(f"{text!r} is not a package URL; write e.g. pkg:npm/react")
    keys = {package: purl_key(package) or package for package in grouped}
    if like:
        return "like", [p for p, k in keys.items() if key in k]
    if is_glob:
        return "glob", [p for p, k in keys.items() if fnmatch.fnmatchcase(k, key)]
    return "purl", [p for p, k in keys.items() if k == key]


def select_packages(
    names: Sequence[PackageName],
    query: str,
    *,
    like: bool = False,
    ecosystem: str | None = None,
) -> PackageQuery:
    """The packages ``query`` means among ``names`` (see the module docstring)."""
    text = query.strip()
    if not text:
        raise UsageError("empty package name; give a name (react), a purl or --like TEXT")
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(
            f"package name of {len(text):,} characters is longer than {MAX_QUERY_CHARS}; "
            "no package has such a name"
        )
    grouped = _by_package(n for n in names if ecosystem is None or n.ecosystem == ecosystem)
    is_purl = text[:4].lower() == "pkg:"
    is_glob = any(c in GLOB_CHARS for c in text)
    chosen: list[str]
    if is_purl:
        mode, chosen = _by_purl(grouped, text, like=like, is_glob=is_glob)
    elif like:
        mode, chosen = "like", [p for p, rows in grouped.items() if _like(rows, text.lower())]
    else:
        # a name that holds glob characters is first the package of exactly that name
        mode, chosen = "name", [p for p, rows in grouped.items() if _exact(rows, text)]
        if is_glob and not chosen:
            mode = "glob"
            chosen = [p for p, rows in grouped.items() if _glob(rows, text.lower())]
    return PackageQuery(text, mode, tuple(grouped[p][0] for p in sorted(chosen)))


def _segment(name: str) -> str:
    """The last segment of a namespaced name: ``actions/checkout`` → ``checkout``."""
    return name.replace(":", "/").rsplit("/", 1)[-1]


def did_you_mean(names: Sequence[PackageName], query: str, limit: int = 3) -> list[str]:
    """Names close to ``query``: same last segment first, then close spellings."""
    text = query.strip()
    if text[:4].lower() == "pkg:":
        keys = sorted({n.package for n in names})
        return difflib.get_close_matches(text, keys, n=limit, cutoff=0.6)
    wanted = text.lower()
    found = [
        n.name
        for n in names
        if _segment(identity(n.ecosystem, n.name)) == identity(n.ecosystem, wanted)
    ]
    by_lower: dict[str, str] = {}
    for n in names:  # whole names first, so that "react" is react, not @types/react
        by_lower.setdefault(n.name.lower(), n.name)
    for n in names:
        by_lower.setdefault(_segment(n.name.lower()), n.name)
    close = difflib.get_close_matches(wanted, list(by_lower), n=limit, cutoff=0.6)
    found.extend(by_lower[c] for c in close)
    return list(dict.fromkeys(found))[:limit]


def trend_subject(
    snapshots: Sequence[MonthlySnapshot], subject: str, technology_ids: Iterable[str]
) -> str:
    """The subject ``lodestar trend`` follows, as the snapshots spell it.

    A purl is matched after the catalog's normalisation (``pkg:pypi/Django`` is
    ``pkg:pypi/django``); a technology is a catalog id, or one the snapshots saw (a technology
    or a runtime product). Anything else is a :class:`NotFoundError` with a did-you-mean (a
    package name that is no technology suggests its purl: ``requests`` → ``pkg:pypi/requests``).
    """
    text = subject.strip()
    if text[:4].lower() == "pkg:":
        wanted = purl_key(text)
        keys = {package_key(d.purl) for s in snapshots for d in s.dependencies}
        for key in sorted(keys):
            if purl_key(key) == wanted:
                return key
        close = difflib.get_close_matches(wanted or text, sorted(keys), n=3, cutoff=0.6)
        raise NotFoundError(
            f"no repository's history has the package {text!r}{_hint(close)}; "
            "'lodestar deps' lists the packages in use"
        )
    known = set(technology_ids)
    known.update(t for s in snapshots for t in s.technologies)
    known.update(r.product for s in snapshots for r in s.runtimes)
    if text in known:
        return text
    purls = sorted(
        {
            package_key(d.purl)
            for s in snapshots
            for d in s.dependencies
            if identity(d.ecosystem, d.name) == identity(d.ecosystem, text)
        }
    )
    close = purls[:3] or difflib.get_close_matches(text.lower(), sorted(known), n=3, cutoff=0.6)
    raise NotFoundError(
        f"unknown technology {text!r}{_hint(close)}; give a catalog technology id "
        "('lodestar tech' lists those in use) or a purl such as pkg:npm/react"
    )


def _hint(close: Sequence[str]) -> str:
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
