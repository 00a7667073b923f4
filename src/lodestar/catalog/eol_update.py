"""Refresh end-of-life data in a workspace from endoflife.date-shaped JSON.

:func:`update_from` is what ``lodestar catalog update --from FILE_OR_URL`` calls. It reads no
network: the CLI fetches a URL itself, when asked, and passes the body as bytes. Accepted input:

* one product's v0 API list (``https://endoflife.date/api/python.json``): ``product`` names it,
  or the file name does (``python.json``);
* one product's v1 API answer (``https://endoflife.date/api/v1/products/python``:
  ``{"result": {"name": "python", "releases": [...]}}``), or several products'
  (``{"result": [{"name": …, "releases": […]}, …]}``, as ``/api/v1/products/full`` gives them);
* an object mapping product ids to v0 lists;
* a directory of ``<product>.json`` files of any of these shapes.

Everything is validated before anything is written; the products are then written in v0 shape
to ``dest`` (the workspace's ``catalog/eol/``) with ``_snapshot.json`` recording each product's
as-of date, where :func:`lodestar.catalog.eol.load_eol` finds them.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lodestar.catalog.eol import (
    PRODUCT_ID,
    SNAPSHOT_FILE,
    Cycle,
    json_document,
    parse_cycles,
    parse_snapshot,
)
from lodestar.errors import ConfigError

__all__ = ["API_V0", "API_V1", "UpdateResult", "read_products", "refresh_hint", "update_from",
           "write_product"]  # fmt: skip

# endoflife.date's API, one product per answer (PRODUCT: an id such as python, nodejs)
API_V1 = "https://endoflife.date/api/v1/products/{product}/"
API_V0 = "https://endoflife.date/api/{product}.json"


def refresh_hint(products: list[str]) -> str:
    """How to refresh these products' data: one ``catalog update`` from the v1 API each."""
    shown = products[:3] or ["python"]
    commands = "; ".join(
        f"lodestar catalog update --from {API_V1.format(product=p)}" for p in shown
    )
    more = f" (and the same for {len(products) - 3} more)" if len(products) > 3 else ""
    return f"refresh it from endoflife.date, one product per call: {commands}{more}"


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What an update wrote."""

    products: tuple[str, ...]
    cycles: int
    as_of: date
    dest: Path


def read_products(data: Any, path: str, product: str | None = None) -> dict[str, list[Cycle]]:
    """Product id → cycles from a decoded JSON document of any accepted shape."""
    if isinstance(data, list):
        if product is None:
            raise ConfigError("a list of cycles needs a product id (--product)", path=path)
        return {_product_id(product, path): parse_cycles(data, path, product)}
    if isinstance(data, dict) and "result" in data:
        result = data["result"]
        items = result if isinstance(result, list) else [result]
        return dict(_v1_product(item, path) for item in items)
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        return {_product_id(str(p), path): parse_cycles(v, path, str(p)) for p, v in data.items()}
    raise ConfigError(
        "expected an endoflife.date API answer: a list of cycles, a v1 {result: …} object "
        "or an object mapping product ids to lists of cycles",
        path=path,
    )


def _product_id(product: str, path: str) -> str:
    if not PRODUCT_ID.fullmatch(product):
        raise ConfigError(f"{product!r} is not a product id", path=path, key="product")
    return product


def _v1_product(item: Any, path: str) -> tuple[str, list[Cycle]]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise ConfigError("expected a product with a name", path=path, key="result")
    name = _product_id(item["name"], path)
    releases = item.get("releases")
    if not isinstance(releases, list):
        raise ConfigError("expected a list of releases", path=path, key=f"{name}.releases")
    converted: list[Any] = []
    for index, release in enumerate(releases):
        if not isinstance(release, dict):
            raise ConfigError("expected an object", path=path, key=f"{name}[{index}]")
        converted.append(_v1_release(release))
    return name, parse_cycles(converted, path, name)


def _flag_or_date(when: Any, flag: Any, *, invert: bool) -> Any:
    """v1's ``xxxFrom`` date, else its ``isXxx`` flag in v0's sense (support is inverted)."""
    if when is not None:
        return when
    if isinstance(flag, bool):
        return not flag if invert else flag
    return None


def _v1_release(release: Mapping[str, Any]) -> dict[str, Any]:
    latest = release.get("latest")
    out = {
        "cycle": release.get("name"),
        "codename": release.get("codename"),
        "releaseDate": release.get("releaseDate"),
        "support": _flag_or_date(release.get("eoasFrom"), release.get("isEoas"), invert=True),
        "eol": _flag_or_date(release.get("eolFrom"), release.get("isEol"), invert=False),
        "extendedSupport": _flag_or_date(
            release.get("eoesFrom"), release.get("isEoes"), invert=True
        ),
        "latest": latest.get("name") if isinstance(latest, dict) else None,
        "latestReleaseDate": latest.get("date") if isinstance(latest, dict) else None,
        "lts": release.get("ltsFrom") or bool(release.get("isLts")),
    }
    return {key: value for key, value in out.items() if value is not None}


def _is_document(source: Path | str | bytes) -> bool:
    """bytes, or a str that starts like JSON, are a document; anything else names a path."""
    return isinstance(source, bytes) or (
        isinstance(source, str) and source.lstrip()[:1] in {"[", "{"}
    )


def _read_source(source: Path | str | bytes, product: str | None) -> dict[str, list[Cycle]]:
    if isinstance(source, bytes | str) and _is_document(source):
        return read_products(json_document(source, "<input>"), "<input>", product)
    path = Path(source.decode() if isinstance(source, bytes) else source)  # bytes never get here
    if path.is_dir():
        found: dict[str, list[Cycle]] = {}
        for file in sorted(path.glob("*.json")):
            if not file.name.startswith("_"):
                doc = json_document(file.read_bytes(), str(file))
                found.update(read_products(doc, str(file), file.name.removesuffix(".json")))
        if not found:
            raise ConfigError("no <product>.json files here", path=str(path))
        return found
    if not path.is_file():
        raise ConfigError("no such file or directory", path=str(path))
    doc = json_document(path.read_bytes(), str(path))
    return read_products(doc, str(path), product or path.name.removesuffix(".json"))


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_product(path: Path, cycles: list[Cycle]) -> None:
    """One product file in v0 shape, one cycle per line (reviewable diffs)."""
    lines = [json.dumps(c.api_dict(), ensure_ascii=False) for c in cycles]
    _write_atomic(path, "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n]\n")


def update_from(
    source: Path | str | bytes,
    product: str | None = None,
    *,
    dest: Path,
    as_of: date | None = None,
    label: str | None = None,
) -> UpdateResult:
    """Validate ``source`` (see the module docstring) and write its products into ``dest``.

    A ``str`` that starts with ``[`` or ``{`` is a JSON document, any other ``str`` a path.
    ``as_of`` (default: today, UTC) is recorded for every product written; ``label`` says
    where the data came from (default: the path, or ``"<input>"``).
    """
    products = _read_source(source, product)
    if not products:
        raise ConfigError("no products in the input", path=str(label or "<input>"))
    when = as_of or datetime.now(UTC).date()
    dest.mkdir(parents=True, exist_ok=True)
    snapshot_path = dest / SNAPSHOT_FILE
    known: dict[str, date] = {}
    if snapshot_path.is_file():
        known = dict(parse_snapshot(snapshot_path.read_bytes(), str(snapshot_path)).products)
    for name, cycles in sorted(products.items()):
        write_product(dest / f"{name}.json", cycles)
        known[name] = when
    origin = label or ("<input>" if _is_document(source) else str(source))
    snapshot = {
        "as_of": max(known.values()).isoformat(),
        "source": origin,
        "products": {name: known[name].isoformat() for name in sorted(known)},
    }
    _write_atomic(snapshot_path, json.dumps(snapshot, indent=2) + "\n")
    return UpdateResult(
        products=tuple(sorted(products)),
        cycles=sum(len(c) for c in products.values()),
        as_of=when,
        dest=dest,
    )
