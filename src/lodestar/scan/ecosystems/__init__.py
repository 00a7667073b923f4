"""Dependency extraction from committed manifests and lock files, one module per ecosystem.

Every parser is a pure function ``parse(path, data, context) -> list[Dependency]`` that reads
bytes, never runs a package manager and never executes anything (setup.py and build.gradle are
read statically). Malformed input raises :class:`lodestar.errors.ManifestError` with the path
(and line when known), never another exception; the caller turns it into a warning.

Parsers register through :func:`register` — the same door a workspace's own parsers use — and
are found by file path with :func:`parsers_for`. A scan parses each metadata file once: its
:class:`Documents` (carried by the :class:`ManifestContext`) give the parsers, the licence readers
and the runtime readers the same parsed document.
"""

from __future__ import annotations

from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.registry import (
    ManifestContext,
    ManifestParser,
    parsers_for,
    register,
    registered,
)

__all__ = [
    "Documents",
    "ManifestContext",
    "ManifestParser",
    "parsers_for",
    "register",
    "registered",
]
