"""The building blocks of the cockpit's page table (:mod:`lodestar.web.page_table`): a page's
kind, the record behind a page of one record, a query parameter, and the bounds every parameter
carries (``MAX_OFFSET``/``MAX_PAGE``, ``MAX_TEXT`` characters, no NUL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Path, Query

from lodestar.web.cockpit import Cockpit

__all__ = [
    "MAX_OFFSET",
    "MAX_PAGE",
    "MAX_TEXT",
    "NO_NUL",
    "SAME",
    "Item",
    "PageKind",
    "Param",
    "text_param",
]

MAX_PAGE = 1000
MAX_OFFSET = 2**31 - 1  # beyond any store's row count, within every engine's integer
MAX_TEXT = 512  # characters of a filter or search value (names are at most 512, see the store)
SAME: Any = object()  # a parameter whose API default is its page's
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused in the request, not in SQL


def text_param(description: str) -> Any:
    """An optional text parameter: bounded, without NUL."""
    return Query(description=description, max_length=MAX_TEXT, pattern=NO_NUL)


def _name(description: str) -> Any:
    """A path parameter naming a record: bounded, without NUL."""
    return Path(description=description, min_length=1, max_length=MAX_TEXT, pattern=NO_NUL)


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter of a page: read from the query string by the page (``default`` when
    absent), validated by the API against ``annotation`` (a type with its FastAPI bounds)."""

    name: str
    annotation: Any
    default: Any = None
    api_default: Any = SAME  # the API's default when it differs (SAME: ``default``)
    many: bool = False  # repeated in the query (``?leave=a&leave=b``): the page reads a tuple

    @property
    def api_value(self) -> Any:
        """The API's default for the parameter."""
        return self.default if self.api_default is SAME else self.api_default


@dataclass(frozen=True, slots=True)
class Item:
    """The record behind a page of one record (``radar/{slug}/``): how it is found by id or
    slug, enumerated for the static site, named in its path and titled."""

    param: str  # the API's path parameter
    help: str  # its description in the API's document
    noun: str  # what a 404 says was not found
    find: Callable[[Cockpit, str], Any]  # the record with that id or slug, or None
    every: Callable[[Cockpit], Iterable[Any]]  # every record, for the static site
    key: Callable[[Any], str]  # the record's id (its page path is the slug of it)
    title: Callable[[Any], str]

    @property
    def annotation(self) -> Any:
        """The API's type of the path parameter: a bounded name without NUL."""
        return Annotated[str, _name(self.help)]


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page, declared once for the router, the API and the navigation."""

    path: str  # "" (home), "radar/"; for one page per record, the folder of those pages
    title: str  # the page's title (a record's page: see Item.title)
    template: str | None  # None: a view of the API only, no HTML page
    context: type  # the typed context (STYLE.md §16): the template's ctx, the API's model
    build: Callable[..., Any]  # (cockpit, **params) -> context; with item: (cockpit, record)
    api: str  # the API operation's name
    doc: str  # what the API answers (the operation's description)
    nav: tuple[int, str] | None = None  # (place, label) in the navigation; None: not in it
    params: tuple[Param, ...] = ()
    item: Item | None = None

    @property
    def head(self) -> str:
        """The first segment of the page's path ("" for home)."""
        return self.path.strip("/")

    @property
    def section(self) -> str:
        """The navigation path the page belongs to."""
        return self.path

    @property
    def api_path(self) -> str:
        """The API's path: ``/radar``, ``/radar/{entry}``; home is ``/home``."""
        if self.item is not None:
            return f"/{self.head}/{{{self.item.param}}}"
        return "/" + (self.head or "home")
