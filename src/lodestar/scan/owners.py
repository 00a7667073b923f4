"""Declared ownership at the scanned commit: the CODEOWNERS file the forge reads, and the
Backstage descriptor at the repository's root.

Which CODEOWNERS file counts is the forge's rule: GitHub reads the first of
``.github/CODEOWNERS``, ``CODEOWNERS``, ``docs/CODEOWNERS``; GitLab the first of
``CODEOWNERS``, ``docs/CODEOWNERS``, ``.gitlab/CODEOWNERS``. A repository is read as GitLab's
when it has a ``.gitlab-ci.yml`` or a ``.gitlab/`` folder, else as GitHub's; the other
CODEOWNERS files present are a warning each (the forge ignores them). The descriptor is
``catalog-info.yaml`` (else ``catalog-info.yml``) at the root. The parsers are
:mod:`lodestar.scan.codeowners` and :mod:`lodestar.scan.catalog_info`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from lodestar.errors import ManifestError
from lodestar.records import ScanWarning
from lodestar.records.owners import CatalogEntity, OwnerRule
from lodestar.safeparse import decode_text
from lodestar.scan.catalog_info import CATALOG_FILES, MAX_CATALOG_BYTES, parse_catalog_info
from lodestar.scan.codeowners import MAX_CODEOWNERS_BYTES, parse_codeowners

__all__ = [
    "GITHUB_CODEOWNERS",
    "GITLAB_CODEOWNERS",
    "OWNER_FILES",
    "is_gitlab",
    "is_owner_file",
    "read_owners",
]

GITHUB_CODEOWNERS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
GITLAB_CODEOWNERS = ("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
OWNER_FILES = frozenset(GITHUB_CODEOWNERS + GITLAB_CODEOWNERS + CATALOG_FILES)


def is_owner_file(path: str) -> bool:
    """Whether the scanner keeps ``path`` to read declared ownership from."""
    return path in OWNER_FILES


def is_gitlab(paths: Collection[str]) -> bool:
    """Whether the repository looks hosted on GitLab (its CODEOWNERS rules are GitLab's)."""
    return ".gitlab-ci.yml" in paths or any(p.startswith(".gitlab/") for p in paths)


def _text(path: str, data: bytes, limit: int) -> tuple[str | None, ScanWarning | None]:
    if len(data) > limit:
        return None, ScanWarning(path, f"not read: larger than {limit // 1024} KiB")
    try:
        return decode_text(path, data), None
    except ManifestError as exc:
        return None, ScanWarning(path, f"line {exc.line or 1}: not read: {exc.reason}")


def read_owners(
    files: Mapping[str, bytes], paths: Collection[str]
) -> tuple[list[OwnerRule], list[CatalogEntity], list[ScanWarning]]:
    """The CODEOWNERS rules and catalog entities of a repository from its kept owner ``files``
    (path → bytes); ``paths`` are every path of its tree (to tell the forge)."""
    warnings: list[ScanWarning] = []
    gitlab = is_gitlab(paths)
    order = GITLAB_CODEOWNERS if gitlab else GITHUB_CODEOWNERS
    present = [p for p in order if p in files]
    rules: list[OwnerRule] = []
    if present:
        chosen = present[0]
        forge = "GitLab" if gitlab else "GitHub"
        warnings.extend(
            ScanWarning(p, f"not read: {forge} reads {chosen} and ignores this file")
            for p in sorted(set(files) & set(GITHUB_CODEOWNERS + GITLAB_CODEOWNERS))
            if p != chosen
        )
        text, problem = _text(chosen, files[chosen], MAX_CODEOWNERS_BYTES)
        if problem:
            warnings.append(problem)
        if text is not None:
            rules, found = parse_codeowners(chosen, text, gitlab=gitlab)
            warnings.extend(found)
    entities: list[CatalogEntity] = []
    catalog = next((p for p in CATALOG_FILES if p in files), None)
    if catalog is not None:
        text, problem = _text(catalog, files[catalog], MAX_CATALOG_BYTES)
        if problem:
            warnings.append(problem)
        if text is not None:
            entities, found_warnings = parse_catalog_info(catalog, text)
            warnings.extend(found_warnings)
    return rules, entities, warnings
