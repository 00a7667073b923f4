"""End-of-life data: release cycles of runtimes, operating systems, databases and frameworks.

The data has the shape of the public endoflife.date API (v0): one JSON list of cycles per
product, ``catalog/data/eol/<product>.json``, with product ids as endoflife.date names them
(``python``, ``alpine-linux``, ``ruby-on-rails``, ``eclipse-temurin``)::

    [{"cycle": "3.8", "releaseDate": "2019-10-14", "support": "2021-05-03",
      "eol": "2024-10-07", "latest": "3.8.20", "lts": false}, ...]

``support``, ``eol`` and ``extendedSupport`` are each a date or a boolean, exactly as the API
gives them (see :class:`Cycle` for which way the booleans point).

``catalog/data/eol/_snapshot.json`` says when the data was taken and from where
(``{"as_of": "YYYY-MM-DD", "source": "…", "products": [...]}``); it is written, with the
product files, by ``scripts/update_eol_snapshot.py``. A workspace refreshes or adds products
through the same door: :func:`load_eol` reads ``extra_dirs`` (by convention the workspace's
``catalog/eol/``, written by :func:`lodestar.catalog.eol_update.update_from`), where a
``<product>.json`` file **replaces that product's whole cycle list** and an optional
``_snapshot.json`` says how old those files are (its ``products`` may map each product to its
own as-of date; a product file it does not date has no known age).
:attr:`EolCatalog.snapshot_as_of` is the date of the oldest product data in use, and
:meth:`EolCatalog.is_stale` tells when it is older than 90 days.

Shipped product files are parsed on first use; workspace files are parsed when loaded, so that
their errors show at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lodestar.catalog.eol_model import (
    ENDING_SOON_DAYS,
    MAX_AGE_DAYS,
    Cycle,
    EolCatalog,
    EolState,
    EolStatus,
    Snapshot,
    version_from_image_tag,
)
from lodestar.errors import ConfigError, ManifestError
from lodestar.safeparse import load_json, validation_message

__all__ = [
    "ENDING_SOON_DAYS",
    "MAX_AGE_DAYS",
    "PRODUCT_ID",
    "SNAPSHOT_FILE",
    "Cycle",
    "EolCatalog",
    "EolState",
    "EolStatus",
    "Snapshot",
    "load_eol",
    "parse_cycles",
    "parse_snapshot",
    "version_from_image_tag",
]

SNAPSHOT_FILE = "_snapshot.json"
PRODUCT_ID = re.compile(r"[a-z0-9][a-z0-9._+-]*")
_SHIPPED_DIR = "lodestar/catalog/data/eol"
_CYCLES: TypeAdapter[list[Cycle]] = TypeAdapter(list[Cycle])
_DATE_OR_FLAG = frozenset({"support", "eol", "extendedSupport", "lts"})


def parse_cycles(data: bytes | str | Any, path: str, product: str) -> list[Cycle]:
    """A product's cycles from an API-shaped JSON list (text, or already decoded)."""
    try:
        if isinstance(data, bytes | str):  # pydantic's own parser (Rust, depth-limited) and its
            return _CYCLES.validate_json(data)  # JSON-mode checks: not safeparse, on purpose
        return _CYCLES.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(part) for part in error["loc"]]
        if error["type"] == "json_invalid":
            raise ConfigError(f"not JSON: {error['msg']}", path=path) from exc
        where = f"{product}[{loc[0]}]" if loc else product
        field = loc[1] if len(loc) > 1 else None  # further parts name union members
        message = validation_message(error)
        if field in _DATE_OR_FLAG:
            message = f"expected a YYYY-MM-DD date or true/false, not {error['input']!r}"
        key = f"{where}.{field}" if field else where
        raise ConfigError(message, path=path, key=key) from exc


def json_document(data: bytes | str, path: str) -> Any:
    """A workspace's or endoflife.date's JSON, read through :func:`lodestar.safeparse.load_json`;
    a refusal is a ConfigError (exit 2) at its line and column, worded "not JSON: …"."""
    try:
        return load_json(path, data)
    except ManifestError as exc:
        reason = exc.reason.replace("invalid JSON", "not JSON", 1)
        raise ConfigError(reason, path=path, line=exc.line, column=exc.column) from None


def parse_snapshot(data: bytes | str, path: str) -> Snapshot:
    """A ``_snapshot.json`` document."""
    doc = json_document(data, path)
    if not isinstance(doc, dict):
        raise ConfigError("expected an object with as_of, source and products", path=path)
    as_of = _date(doc.get("as_of"), path, "as_of")
    products = doc.get("products", [])
    if isinstance(products, list) and all(isinstance(p, str) for p in products):
        dates = dict.fromkeys(products, as_of)
    elif isinstance(products, dict):
        dates = {str(p): _date(d, path, f"products.{p}") for p, d in products.items()}
    else:
        raise ConfigError("expected a list of product ids", path=path, key="products")
    return Snapshot(as_of, str(doc.get("source", "")), dates)


def _date(value: object, path: str, key: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError("expected a YYYY-MM-DD date", path=path, key=key) from exc


def _product_files(files: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    for file in files:
        if file.name.endswith(".json") and not file.name.startswith("_"):
            product = file.name.removesuffix(".json")
            if not PRODUCT_ID.fullmatch(product):
                raise ConfigError("file name is not a product id", path=str(file))
            yield product, file


def _read_shipped(entry: Traversable, product: str) -> list[Cycle]:
    return parse_cycles(entry.read_bytes(), f"{_SHIPPED_DIR}/{entry.name}", product)


@cache
def _shipped() -> EolCatalog:
    folder = resources.files("lodestar.catalog") / "data" / "eol"
    path = f"{_SHIPPED_DIR}/{SNAPSHOT_FILE}"
    snapshot = parse_snapshot((folder / SNAPSHOT_FILE).read_bytes(), path)
    loaders: dict[str, Callable[[], Sequence[Cycle]]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json") and not entry.name.startswith("_"):
            product = entry.name.removesuffix(".json")
            loaders[product] = functools.partial(_read_shipped, entry, product)
    return EolCatalog({}, snapshot.products, [snapshot.source], loaders=loaders)


def _stamps(dirs: tuple[Path, ...]) -> tuple[tuple[Path, int, int], ...]:
    stamps: list[tuple[Path, int, int]] = []
    for folder in dirs:
        if folder.is_dir():
            for file in sorted(folder.glob("*.json")):
                stat = file.stat()
                stamps.append((file, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@lru_cache(maxsize=16)
def _load(stamps: tuple[tuple[Path, int, int], ...]) -> EolCatalog:
    base = _shipped()
    if not stamps:
        return base
    products: dict[str, list[Cycle]] = {}
    as_of = {p: d for p in base.products if (d := base.as_of(p)) is not None}
    sources = list(base.sources)
    folders: dict[Path, list[Path]] = {}
    for file, _, _ in stamps:
        folders.setdefault(file.parent, []).append(file)
    for folder, files in folders.items():
        for product, file in _product_files(files):
            products[product] = parse_cycles(file.read_bytes(), str(file), product)
            as_of.pop(product, None)  # unknown unless the folder's _snapshot.json says
        snapshot_file = folder / SNAPSHOT_FILE
        if snapshot_file in files:
            snapshot = parse_snapshot(snapshot_file.read_bytes(), str(snapshot_file))
            sources.append(snapshot.source)
            as_of.update(
                (product, when)
                for product, when in snapshot.products.items()
                if folder / f"{product}.json" in files
            )
    loaders = {p: base.loader(p) for p in base.products if p not in products}
    return EolCatalog(products, as_of, sources, loaders=loaders)


def load_eol(extra_dirs: Sequence[Path] = ()) -> EolCatalog:
    """The shipped snapshot with each folder's ``<product>.json`` files laid over it.

    Cached: the same catalog comes back until a file in ``extra_dirs`` is added, removed or
    changed.
    """
    return _load(_stamps(tuple(Path(d) for d in extra_dirs)))
