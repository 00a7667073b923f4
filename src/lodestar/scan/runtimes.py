"""Declared versions of runtimes, operating systems, databases and frameworks, for EOL checks.

:func:`detect_runtimes` reads three kinds of evidence, all as committed, nothing executed:

``source="file"``
    version-manager files, package metadata and build files the pipeline hands over (those for
    which :func:`is_runtime_file` is true): ``.python-version``, ``.nvmrc``, ``.tool-versions``,
    ``mise.toml``, ``requires-python``, ``engines.node``, go.mod's ``go`` line, Maven's and
    Gradle's Java release, ``TargetFramework`` … — each ecosystem family reads the files it
    owns (its ``RUNTIME_FILES`` table, e.g. :mod:`lodestar.scan.ecosystems.python.runtime`),
    and :mod:`lodestar.scan.runtimes_files` those no family owns (asdf, mise, SDKMAN!, jenv).
``source="image"``
    container images among the dependencies (Dockerfile, compose, Kubernetes, Helm, CI),
    through the technology catalog, with the base OS their tag names
    (:mod:`lodestar.scan.runtimes_dependencies`).
``source="lock"``
    framework versions among the resolved dependencies (Django, Rails, Spring Boot, Angular,
    Vue, React, Laravel, .NET runtime packs …; same module).

Every declaration also says what it states (``intent``; the table of each file's is in
the readers' modules): ``deployed``, the version that runs (``.nvmrc``,
``.python-version``, an image tag, a framework in a lock file); ``supported``, a range a library
or build supports (``requires-python``, ``engines.node``, ``rust-version``, a gemspec's
``required_ruby_version``, go.mod's ``go`` line, a Java language level), which keeps the range
in ``allowed`` so that end of life can be judged by every version it admits
(:func:`lodestar.analysis.eol.judge`); ``development``, an image of a dev container or a Gitpod
workspace (:func:`~lodestar.scan.runtimes_dependencies.is_development_image`), what developers
run rather than production.

Every product is an endoflife.date id of the shipped EOL catalog. Versions are normalised
against it (:mod:`lodestar.scan.runtimes_versions`): an exact version becomes its release
cycle (``3.11.4`` → ``3.11``, ``buster`` → ``10``); a range such as ``requires-python =
">=3.8"`` becomes the **lowest version it admits** (``3.8``), the oldest runtime the project
still claims to support. A version the catalog does not know is still reported, as written,
and its end-of-life state is unknown later. One declaration is kept per (product, version,
path, intent): a lock file listing forty Spring Boot artifacts at 2.7.18 declares spring-boot
2.7 once.

What this cannot see: a version set only in CI configuration (``actions/setup-node`` inputs), in
deployment (a platform's runtime setting, a Helm value overriding an image tag), in an
environment variable or on a command line (``--build-arg``); an image's OS when its tag does
not name it (``python:3.8-slim`` is Debian, but which release depends on when it was pulled);
version managers and files no reader lists; and whether
a declared runtime is the one actually running in production.

Bad input never raises: an unreadable file (binary, too large, invalid JSON/TOML/XML, an
over-long line, a range that cannot be read) gives a ``(path, message)`` warning instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

from lodestar.catalog import EolCatalog, TechnologyCatalog, load_catalog, load_eol
from lodestar.records import Dependency, RuntimeDeclaration
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.registry import Deferred, runtime_reader
from lodestar.scan.runtimes_dependencies import dependency_declarations
from lodestar.scan.runtimes_files import FILE_READERS, Reader, read_mise
from lodestar.scan.runtimes_versions import SUPPORTED, Source, resolve

__all__ = ["MAX_RUNTIME_FILE_BYTES", "detect_runtimes", "is_runtime_file"]

MAX_RUNTIME_FILE_BYTES = 2 * 1024 * 1024  # larger files are not read (a warning says so)

_MISE_CONFIGS = (
    ".config/mise.toml",
    "mise/config.toml",
    ".mise/config.toml",
    ".config/mise/config.toml",
)
_RECOVERABLE = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


def _reader_for(path: str) -> Reader | Deferred | None:
    """The file's reader: its family's (not imported yet), else a tool-agnostic one."""
    name = path.rsplit("/", 1)[-1]
    reader = FILE_READERS.get(name)
    if reader is not None:
        return reader
    family = runtime_reader(name)
    if family is not None:
        return family
    if any(path == suffix or path.endswith("/" + suffix) for suffix in _MISE_CONFIGS):
        return read_mise
    return None


def is_runtime_file(path: str) -> bool:
    """Whether :func:`detect_runtimes` reads the file at this repository path (by name only;
    leaving out vendored and fixture paths is the caller's choice)."""
    return _reader_for(path) is not None


def _source(
    path: str, data: bytes, warnings: list[tuple[str, str]], documents: Documents | None
) -> Source | None:
    if len(data) > MAX_RUNTIME_FILE_BYTES:
        warnings.append((path, f"not read: over {MAX_RUNTIME_FILE_BYTES:,} bytes"))
        return None
    if b"\x00" in data:
        warnings.append((path, "not read: binary content"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append((path, "not UTF-8: undecodable bytes replaced"))
        text = data.decode("utf-8", errors="replace")
    return Source(path, data, text, documents)


def _warn(warnings: list[tuple[str, str]], path: str, message: str) -> None:
    warnings.append((path, message))


def _file_declarations(
    path: str,
    data: bytes,
    eol: EolCatalog,
    warnings: list[tuple[str, str]],
    documents: Documents | None,
) -> list[RuntimeDeclaration]:
    reader = _reader_for(path)
    source = _source(path, data, warnings, documents) if reader is not None else None
    if reader is None or source is None:
        return []
    if isinstance(reader, Deferred):
        reader = cast("Reader", reader.target())  # imported when a file it reads turns up
    warn = functools.partial(_warn, warnings, path)
    out: list[RuntimeDeclaration] = []
    try:
        for item in reader(source, warn):
            try:
                version = resolve(eol, item)
            except ValueError:
                warn(f"cannot read the version range {item.declared[:80]!r}")
                continue
            if version is not None:
                allowed = item.text if item.intent == SUPPORTED else None
                out.append(
                    RuntimeDeclaration(
                        item.product,
                        version,
                        item.declared,
                        path,
                        item.line,
                        intent=item.intent,
                        allowed=allowed,
                    )
                )
    except _RECOVERABLE as exc:  # a reader bug must not end the repository's scan
        warn(f"not read: {type(exc).__name__}")
    return out


def _order(declaration: RuntimeDeclaration) -> tuple[str, int, str, str]:
    return declaration.path, declaration.line or 0, declaration.product, declaration.version


def _unique(declarations: Iterable[RuntimeDeclaration]) -> list[RuntimeDeclaration]:
    kept: dict[tuple[str, str, str, str], RuntimeDeclaration] = {}
    for declaration in declarations:
        key = (declaration.product, declaration.version, declaration.path, declaration.intent)
        kept.setdefault(key, declaration)
    return sorted(kept.values(), key=_order)


def detect_runtimes(
    files: Mapping[str, bytes],
    dependencies: Sequence[Dependency],
    *,
    eol: EolCatalog | None = None,
    catalog: TechnologyCatalog | None = None,
    documents: Documents | None = None,
) -> tuple[list[RuntimeDeclaration], list[tuple[str, str]]]:
    """Declared runtime versions of one repository, and ``(path, message)`` warnings.

    ``files`` maps repository paths to committed bytes (paths :func:`is_runtime_file` rejects
    are ignored); ``dependencies`` are what the manifest parsers found in the same tree.
    ``eol`` and ``catalog`` default to the shipped catalogs; pass a workspace's to use its
    additions. ``documents`` holds the files the scan has already parsed (package metadata is
    parsed once per scan). Declarations come sorted by path, line, product and version.
    """
    eol = load_eol() if eol is None else eol
    catalog = load_catalog() if catalog is None else catalog
    warnings: list[tuple[str, str]] = []
    found: list[RuntimeDeclaration] = []
    for path in sorted(files):
        found.extend(_file_declarations(path, files[path], eol, warnings, documents))
    found.extend(dependency_declarations(dependencies, eol, catalog))
    return _unique(found), warnings
