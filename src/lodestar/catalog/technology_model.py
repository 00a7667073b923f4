"""One catalog entry: :class:`Technology`, and the fixed set of :class:`Category` values.

The field rules are those of the catalog files (see :mod:`lodestar.catalog.technologies`):
``id`` is a slug, ``homepage`` an https URL, ``description`` one line, ``purls`` patterns on
``pkg:type/namespace/name`` without version, qualifiers or subpath, ``images`` lower-case names
without tag or Docker Hub prefix, ``files`` repository-relative path patterns, ``eol`` an
endoflife.date product id, and ``tags`` slugs from :data:`TAGS` (``crypto``: a cryptographic
library, which export-control rules look for). A category may be written as its value
(``ci-cd``) or its label
(``CI/CD``).
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

from lodestar.catalog.matchers import image_key

__all__ = ["CATEGORY_LABELS", "TAGS", "Category", "Technology", "category_named"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PURL_PATTERN = re.compile(r"pkg:[a-z][a-z0-9.+-]*/[^@?#\s]+")
_IMAGE_PATTERN = re.compile(r"[a-z0-9*?\[][a-z0-9._/*?\[\]!:-]*")
_HTTPS = re.compile(r"https://[a-z0-9.-]+\.[a-z]{2,}(?:[/?#]\S*)?")
_EOL_ID = re.compile(r"[a-z0-9][a-z0-9._+-]*")

# tag -> what it means; a tag cuts across categories (OpenSSL is a library, Vault a service)
TAGS: dict[str, str] = {
    "crypto": "implements cryptography (encryption, signatures, TLS): export-control relevant",
}


class Category(StrEnum):
    """The fixed set of technology categories."""

    LANGUAGE = "language"
    FRAMEWORK = "framework"
    LIBRARY = "library"
    DATABASE = "database"
    MESSAGING = "messaging"
    CACHE = "cache"
    SEARCH = "search"
    CLOUD_SERVICE = "cloud-service"
    CI_CD = "ci-cd"
    INFRASTRUCTURE_AS_CODE = "infrastructure-as-code"
    CONTAINER_ORCHESTRATION = "container-orchestration"
    OBSERVABILITY = "observability"
    TESTING = "testing"
    BUILD_TOOL = "build-tool"
    RUNTIME = "runtime"
    OPERATING_SYSTEM = "operating-system"
    AI_ML = "ai-ml"


CATEGORY_LABELS: dict[Category, str] = {
    Category.LANGUAGE: "Language",
    Category.FRAMEWORK: "Framework",
    Category.LIBRARY: "Library",
    Category.DATABASE: "Database",
    Category.MESSAGING: "Messaging",
    Category.CACHE: "Cache",
    Category.SEARCH: "Search",
    Category.CLOUD_SERVICE: "Cloud service",
    Category.CI_CD: "CI/CD",
    Category.INFRASTRUCTURE_AS_CODE: "Infrastructure as code",
    Category.CONTAINER_ORCHESTRATION: "Container/orchestration",
    Category.OBSERVABILITY: "Observability",
    Category.TESTING: "Testing",
    Category.BUILD_TOOL: "Build tool",
    Category.RUNTIME: "Runtime",
    Category.OPERATING_SYSTEM: "Operating system",
    Category.AI_ML: "AI/ML",
}
_NAMES: dict[str, Category] = {
    **{c.value: c for c in Category},
    **{label.lower(): c for c, label in CATEGORY_LABELS.items()},
}


def category_named(name: str) -> Category | None:
    """The category called ``name`` (its value or label, any case), if there is one."""
    return _NAMES.get(str(name).strip().lower())


class Technology(BaseModel):
    """One technology and the observations that reveal it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    category: Category
    homepage: str
    description: str = ""
    purls: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    eol: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError("must be a slug: lower-case letters, digits and single dashes")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: object) -> object:
        if isinstance(value, str):
            return category_named(value) or value
        return value

    @field_validator("homepage")
    @classmethod
    def _homepage(cls, value: str) -> str:
        if not _HTTPS.fullmatch(value):
            raise ValueError("must be an https:// URL")
        return value

    @field_validator("description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("must be one line")
        return value

    @field_validator("purls")
    @classmethod
    def _purls(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not _PURL_PATTERN.fullmatch(value):
                raise ValueError(
                    f"{value!r} is not a purl pattern (pkg:type/namespace/name, no version)"
                )
        return values

    @field_validator("images")
    @classmethod
    def _images(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not _IMAGE_PATTERN.fullmatch(value) or image_key(value) != value:
                raise ValueError(
                    f"{value!r} is not an image name (lower case, no tag, no docker.io/library/)"
                )
        return values

    @field_validator("files")
    @classmethod
    def _files(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not value or value.startswith("/") or "\\" in value or value.endswith("/"):
                raise ValueError(f"{value!r} is not a repository path pattern")
        return values

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if value not in TAGS:
                raise ValueError(f"{value!r} is not a tag; known tags: {', '.join(sorted(TAGS))}")
        return values

    @field_validator("eol")
    @classmethod
    def _eol(cls, value: str | None) -> str | None:
        if value is not None and not _EOL_ID.fullmatch(value):
            raise ValueError("must be an endoflife.date product id")
        return value
