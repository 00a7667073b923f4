"""End-of-life values: a release :class:`Cycle`, a version's :class:`EolStatus`, the catalog.

How a version finds its cycle (:meth:`EolCatalog.cycle_for`), in order:

1. the version is a cycle name or a release codename, in any case (``3.8``, ``buster``,
   ``Jammy Jellyfish`` or ``jammy``);
2. otherwise :func:`version_from_image_tag` reduces it to a version (``v18.2.0`` → ``18.2.0``,
   ``3.8-slim`` → ``3.8``, ``bookworm-slim`` → ``bookworm``) and the longest leading run of
   its components that names a cycle wins (``3.8.10`` → ``3.8``, ``1.21.5`` → ``1.21``,
   ``17.0.2`` → ``17``); a product none of whose cycles starts with ``1.`` also tries the
   version without a leading ``1.`` (Java's ``1.8.0_292`` → ``8``);
3. a version less precise than the cycles (``8`` for MySQL's ``8.0`` and ``8.4``) resolves to
   the newest cycle it covers, as a floating image tag (``mysql:8``) does.

A cycle is past end of life from the day after its ``eol`` date, as endoflife.date counts it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ENDING_SOON_DAYS",
    "MAX_AGE_DAYS",
    "Cycle",
    "EolCatalog",
    "EolState",
    "EolStatus",
    "Snapshot",
    "version_from_image_tag",
]

MAX_AGE_DAYS = 90  # data older than this is stale
ENDING_SOON_DAYS = 90  # default warning window of EolCatalog.status
_NUMERIC = re.compile(r"v?(\d+(?:\.\d+)*)")
_WORD = re.compile(r"[a-z]+")
_NOT_A_VERSION = frozenset(
    {
        "latest", "stable", "lts", "current", "edge", "mainline", "nightly", "rolling", "main",
        "master", "dev", "devel", "slim", "alpine", "jdk", "jre", "windowsservercore",
        "nanoserver", "sid", "testing", "unstable", "experimental", "rc", "beta", "alpha",
    }
)  # fmt: skip
_API_ORDER = (
    "cycle", "codename", "releaseDate", "support", "eol", "extendedSupport", "latest",
    "latestReleaseDate", "lts",
)  # fmt: skip


class Cycle(BaseModel):
    """One release cycle, as the endoflife.date API gives it.

    ``support``, ``eol`` and ``extended_support`` are a date or a boolean, as in the API, whose
    booleans point different ways: ``eol=True`` means end of life is reached, ``support=True``
    that the cycle is still actively supported. ``lts`` is a boolean or the date the cycle
    became LTS.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    cycle: str
    release_date: date | None = Field(default=None, alias="releaseDate")
    support: date | bool | None = None
    eol: date | bool | None = None
    extended_support: date | bool | None = Field(default=None, alias="extendedSupport")
    latest: str | None = None
    latest_release_date: date | None = Field(default=None, alias="latestReleaseDate")
    lts: date | bool = False
    codename: str | None = None

    @field_validator("cycle", "latest", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("cycle")
    @classmethod
    def _cycle(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def api_dict(self) -> dict[str, Any]:
        """The cycle as endoflife.date's API writes it (absent fields left out)."""
        data = self.model_dump(by_alias=True, mode="json", exclude_none=True)
        return {key: data[key] for key in _API_ORDER if key in data}


class EolState(StrEnum):
    """Where a version stands."""

    PAST_EOL = "past-eol"
    ENDING_SOON = "ending-soon"
    SUPPORTED = "supported"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class EolStatus:
    """A version's end-of-life standing on a given day."""

    product: str
    version: str
    state: EolState
    cycle: Cycle | None = None
    eol: date | None = None  # the end-of-life date, when the data has one
    days_left: int | None = None  # until ``eol``; negative once past it


@dataclass(frozen=True, slots=True)
class Snapshot:
    """When a set of product files was taken, and from where."""

    as_of: date
    source: str
    products: Mapping[str, date]  # product → the date its data was taken


def version_from_image_tag(tag: str) -> str | None:
    """The version (or release codename) a tag names: ``3.8-slim`` → ``3.8``, ``16-alpine`` →
    ``16``, ``v18.2.0`` → ``18.2.0``, ``8u292-jdk`` → ``8``, ``bookworm-slim`` → ``bookworm``;
    None for tags such as ``latest``, ``lts-alpine`` or ``alpine3.19`` that name no version.

    A whole reference (``python:3.8-slim@sha256:…``) is accepted and its tag used.
    """
    text = tag.strip().lower().split("@", 1)[0]
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    numeric = _NUMERIC.match(text)
    if numeric:
        return numeric.group(1)
    word = _WORD.match(text)
    if word and word.group(0) not in _NOT_A_VERSION:
        end = word.end()
        if end == len(text) or text[end] in "-_.":
            return word.group(0)
    return None


class _Product:
    """One product's cycles, indexed for version lookup."""

    __slots__ = ("codenames", "cycles", "exact", "has_one_dot")

    def __init__(self, cycles: Sequence[Cycle]) -> None:
        self.cycles: tuple[Cycle, ...] = tuple(cycles)
        self.exact: dict[str, Cycle] = {}
        self.codenames: dict[str, Cycle] = {}
        for cycle in self.cycles:
            self.exact.setdefault(cycle.cycle.lower(), cycle)
            if cycle.codename:
                name = cycle.codename.strip().lower()
                self.codenames.setdefault(name, cycle)
                self.codenames.setdefault(name.split()[0], cycle)
        self.has_one_dot = any(c.cycle.startswith("1.") for c in self.cycles)

    def find(self, version: str) -> Cycle | None:
        text = version.strip().lower()
        found = self.exact.get(text) or self.codenames.get(text)
        if found is not None:
            return found
        norm = version_from_image_tag(text)
        if norm is None:
            return None
        if not norm[0].isdigit():
            return self.codenames.get(norm) or self.exact.get(norm)
        parts = norm.split(".")
        candidates = [parts]
        if parts[0] == "1" and len(parts) > 1 and not self.has_one_dot:
            candidates.append(parts[1:])  # Java's 1.8 is 8
        for candidate in candidates:
            for n in range(len(candidate), 0, -1):
                found = self.exact.get(".".join(candidate[:n]))
                if found is not None:
                    return found
        for candidate in candidates:
            prefix = ".".join(candidate) + "."
            covered = [c for c in self.cycles if c.cycle.startswith(prefix)]
            if covered:
                return max(covered, key=_newest)
        return None


def _newest(cycle: Cycle) -> tuple[date, tuple[int, ...]]:
    numbers = tuple(int(p) for p in re.findall(r"\d{1,18}", cycle.cycle))  # int() stays small
    return cycle.release_date or date.min, numbers


class EolCatalog:
    """Release cycles per product, with the dates the data was taken.

    ``products`` are given parsed; ``loaders`` parse a product's file on first use, so that a
    catalog of a few hundred products loads in a millisecond and a scan pays only for the
    products it asks about.
    """

    def __init__(
        self,
        products: Mapping[str, Sequence[Cycle]],
        as_of: Mapping[str, date] | None = None,
        sources: Sequence[str] = (),
        *,
        loaders: Mapping[str, Callable[[], Sequence[Cycle]]] | None = None,
    ) -> None:
        self._loaders = {p: f for p, f in (loaders or {}).items() if p not in products}
        self._products = {name: _Product(cycles) for name, cycles in products.items()}
        self._names = tuple(sorted({*self._products, *self._loaders}))
        self._as_of = dict(as_of or {})
        self.sources: tuple[str, ...] = tuple(sources)

    def _product(self, name: str) -> _Product | None:
        found = self._products.get(name)
        if found is None and name in self._loaders:
            found = self._products[name] = _Product(self._loaders[name]())
        return found

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __contains__(self, product: object) -> bool:
        return product in self._products or product in self._loaders

    @property
    def products(self) -> list[str]:
        """Every product id, sorted."""
        return list(self._names)

    def cycles(self, product: str) -> tuple[Cycle, ...]:
        """A product's cycles, newest first as the data lists them; () when unknown."""
        found = self._product(product)
        return found.cycles if found else ()

    def loader(self, product: str) -> Callable[[], Sequence[Cycle]]:
        """A function giving the product's cycles, parsing them only when called."""
        if product in self._loaders and product not in self._products:
            return self._loaders[product]
        return lambda: self.cycles(product)

    def cycle_for(self, product: str, version: str) -> Cycle | None:
        """The cycle a version belongs to (see the module docstring); None when unknown."""
        found = self._product(product)
        return found.find(version) if found else None

    def status(
        self, product: str, version: str, today: date, warn_days: int = ENDING_SOON_DAYS
    ) -> EolStatus:
        """Past end of life, ending within ``warn_days``, supported, or unknown."""
        cycle = self.cycle_for(product, version)
        if cycle is None:
            return EolStatus(product, version, EolState.UNKNOWN)
        eol = cycle.eol
        if isinstance(eol, date):
            days = (eol - today).days
            if days < 0:
                state = EolState.PAST_EOL
            elif days <= warn_days:
                state = EolState.ENDING_SOON
            else:
                state = EolState.SUPPORTED
            return EolStatus(product, version, state, cycle, eol, days)
        if eol is True:
            return EolStatus(product, version, EolState.PAST_EOL, cycle)
        if eol is False:
            return EolStatus(product, version, EolState.SUPPORTED, cycle)
        return EolStatus(product, version, EolState.UNKNOWN, cycle)

    def as_of(self, product: str) -> date | None:
        """When this product's data was taken, when known."""
        return self._as_of.get(product)

    @property
    def snapshot_as_of(self) -> date | None:
        """The date of the oldest product data in use (None when no date is known)."""
        dates = [self._as_of[p] for p in self._names if p in self._as_of]
        return min(dates) if dates else None

    def stale_products(self, today: date, max_age_days: int = MAX_AGE_DAYS) -> list[str]:
        """Products whose data is older than ``max_age_days`` on ``today``."""
        return [
            p
            for p in self._names
            if p in self._as_of and (today - self._as_of[p]).days > max_age_days
        ]

    def is_stale(self, today: date, max_age_days: int = MAX_AGE_DAYS) -> bool:
        """Whether any product's data is older than ``max_age_days`` (Lodestar then warns)."""
        as_of = self.snapshot_as_of
        return as_of is not None and (today - as_of).days > max_age_days
