"""The technology catalog: what a scan can recognise, and from which observations.

Entries ship in ``catalog/data/technologies/<category>.toml``, one reviewed file per category,
as ``[[technology]]`` tables::

    [[technology]]
    id = "postgresql"                    # stable slug: a-z, 0-9 and single dashes
    name = "PostgreSQL"
    category = "database"                # a Category value or label
    homepage = "https://www.postgresql.org"
    description = "Open-source object-relational database."
    purls = ["pkg:pypi/psycopg2*", "pkg:npm/pg"]   # globs on pkg:type/namespace/name
    images = ["postgres", "bitnami/postgresql"]    # image names without tag or Hub prefix
    files = ["postgresql.conf"]                    # gitignore-like path globs
    languages = []                                 # Lodestar language names
    eol = "postgresql"                   # endoflife.date product id, when there is one
    aliases = ["postgres"]
    tags = []                            # TAGS slugs: "crypto" for cryptographic libraries

How each kind of matcher is normalised, and what the glob characters mean, is told in
:mod:`lodestar.catalog.matchers`; how the shipped files are read fast, in
:mod:`lodestar.catalog.technology_files`.

A workspace adds and overrides entries through the same door: :func:`load_catalog` reads the
shipped entries, then every ``*.toml`` file holding ``[[technology]]`` tables in each of
``extra_dirs`` (the workspace's ``catalog/`` folder; files without such tables, such as other
catalogs' files, are left alone), folder by folder and file by file in sorted order:

* an entry whose id is new is **added**;
* an entry whose id is shipped **replaces the whole shipped entry**: nothing is inherited, so
  copy the matchers you want to keep;
* ``{id = "x", remove = true}`` **drops** entry ``x``.

An id may appear once in the shipped data and once across a workspace's files, and removing an
unknown id is an error too, so that a typo does not pass silently. Errors are ConfigErrors that
name the file, the TOML line and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote

from lodestar.catalog.matchers import PathIndex, PatternIndex, image_key
from lodestar.catalog.technology_files import TABLE, Entry, load_shipped, merge, parse_file
from lodestar.catalog.technology_model import (
    CATEGORY_LABELS,
    TAGS,
    Category,
    Technology,
    category_named,
)
from lodestar.errors import ConfigError
from lodestar.safeparse import purl_key, table_lines

__all__ = [
    "CATEGORY_LABELS",
    "TAGS",
    "Category",
    "Technology",
    "TechnologyCatalog",
    "load_catalog",
]

_CACHE_LIMIT = 100_000  # memoised purls per catalog; dependencies repeat across repositories


class TechnologyCatalog:
    """An ordered set of technologies with precompiled matchers. Build once, query often."""

    def __init__(self, technologies: Iterable[Technology]) -> None:
        self._all: tuple[Technology, ...] = tuple(technologies)
        self._by_id: dict[str, Technology] = {}
        for tech in self._all:
            if tech.id in self._by_id:
                raise ConfigError(f"duplicate technology id {tech.id!r}", key="id")
            self._by_id[tech.id] = tech
        self._names: dict[str, Technology] = {}
        for tech in reversed(self._all):
            for name in (*tech.aliases, tech.name, tech.id):
                self._names[name.strip().lower()] = tech
        self._purls = PatternIndex((p.lower(), t) for t in self._all for p in t.purls)
        self._images = PatternIndex((i, t) for t in self._all for i in t.images)
        self._paths = PathIndex((f, t) for t in self._all for f in t.files)
        self._languages: dict[str, list[Technology]] = {}
        for tech in self._all:
            for lang in tech.languages:
                self._languages.setdefault(lang.lower(), []).append(tech)
        self._purl_cache: dict[str, tuple[Technology, ...]] = {}
        self._eol: dict[str, list[Technology]] = {}
        for tech in self._all:
            if tech.eol:
                self._eol.setdefault(tech.eol, []).append(tech)

    def __len__(self) -> int:
        return len(self._all)

    def __iter__(self) -> Iterator[Technology]:
        return iter(self._all)

    def __contains__(self, tech_id: object) -> bool:
        return tech_id in self._by_id

    def get(self, tech_id: str) -> Technology | None:
        """The technology with this id."""
        return self._by_id.get(tech_id)

    def find(self, name: str) -> Technology | None:
        """The technology with this id, name or alias, ignoring case."""
        return self._names.get(name.strip().lower())

    def tagged(self, tag: str) -> list[Technology]:
        """The technologies carrying ``tag`` (``crypto``), in catalog order."""
        return [t for t in self._all if tag in t.tags]

    def by_category(self, category: Category | str) -> list[Technology]:
        """The technologies of one category (value or label), in catalog order."""
        wanted = category_named(category)
        return [t for t in self._all if t.category == wanted]

    def match_purl(self, purl: str) -> list[Technology]:
        """Technologies a dependency reveals; ``pkg:docker/…`` purls are matched as images.

        Answers are memoised by purl and by package (the purl without version), since the
        same dependencies recur across an organisation's repositories.
        """
        cache = self._purl_cache
        found = cache.get(purl)
        if found is None:
            key = purl_key(purl)
            if key is None:
                return []
            found = cache.get(key)
            if found is None:
                found = cache[key] = self._match_key(key)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[purl] = found
        return list(found)

    def _match_key(self, key: str) -> tuple[Technology, ...]:
        if key.startswith("pkg:docker/"):
            return tuple(self.match_image(unquote(key.removeprefix("pkg:docker/"))))
        return tuple(self._purls.match(key))

    def match_image(self, image: str) -> list[Technology]:
        """Technologies a container image reference reveals (tag and digest ignored)."""
        return self._images.match(image_key(image))

    def match_path(self, path: str) -> list[Technology]:
        """Technologies a file at this repository path reveals."""
        return self._paths.match(path)

    def match_eol(self, product: str) -> list[Technology]:
        """Technologies whose end-of-life product is ``product`` (``nodejs`` → Node.js)."""
        return list(self._eol.get(product, ()))

    def match_language(self, language: str) -> list[Technology]:
        """Technologies a language (Lodestar's name for it, any case) reveals."""
        return list(self._languages.get(language.lower(), ()))


@cache
def _shipped() -> tuple[Technology, ...]:
    return tuple(load_shipped())


def _workspace_files(dirs: tuple[Path, ...]) -> tuple[tuple[Path, int, int], ...]:
    stamps: list[tuple[Path, int, int]] = []
    for folder in dirs:
        if folder.is_dir():
            for file in sorted(folder.glob("*.toml")):
                stat = file.stat()
                stamps.append((file, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def _holds_technologies(text: str) -> bool:
    return bool(table_lines(text, TABLE)) or f"{TABLE} =" in text or f"{TABLE}=" in text


@lru_cache(maxsize=16)
def _load(files: tuple[tuple[Path, int, int], ...]) -> TechnologyCatalog:
    if not files:
        return TechnologyCatalog(_shipped())
    entries: list[Entry] = []
    for file, _, _ in files:
        text = file.read_text("utf-8")
        if _holds_technologies(text):
            entries.extend(parse_file(text, str(file), allow_remove=True))
    return TechnologyCatalog(merge(_shipped(), entries))


def load_catalog(extra_dirs: Sequence[Path] = ()) -> TechnologyCatalog:
    """The shipped catalog with each folder's ``*.toml`` additions and overrides applied.

    Cached: the same catalog object comes back until a workspace file is added, removed or
    changed, so its match caches stay warm.
    """
    return _load(_workspace_files(tuple(Path(d) for d in extra_dirs)))
