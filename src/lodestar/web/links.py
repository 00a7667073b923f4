"""URLs of the cockpit's pages, for the live app and for the static site.

Every page has a path like ``radar/`` or ``repositories/orders-api/``. Live, it is served at
``/radar/``; in the static site it is the file ``radar/index.html`` and every link is relative to
the page that holds it, so the site works from ``file://`` with no server.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from lodestar.render import page_slug

slug = page_slug  # a file- and URL-safe name (one definition, shared with the exports)


@dataclass(frozen=True, slots=True)
class Links:
    """Link maker for one page: live (absolute paths) or static (relative to ``here``)."""

    static: bool = False
    here: str = ""  # the page's own path, e.g. "radar/" ("" is the home page)

    @property
    def _prefix(self) -> str:
        return "../" * self.here.count("/") if self.static else "/"

    def page(self, path: str) -> str:
        if not self.static:
            return "/" + path
        return self._prefix + path + "index.html"

    def file(self, name: str) -> str:
        """A file at the site's root (``radar.svg``)."""
        return self._prefix + name

    def asset(self, name: str) -> str:
        return self._prefix + "static/" + name

    def api(self, name: str) -> str:
        return self._prefix + ("api/" + name + ".json" if self.static else "api/" + name)

    def query(self, path: str, **params: str | None) -> str:
        """A live page with query parameters (empty ones left out), such as a list page's
        ``?sort=`` link keeping its ``team=`` filter; the static site has no queries, so there
        it is the page itself."""
        kept = {k: v for k, v in params.items() if v}
        if self.static or not kept:
            return self.page(path)
        return self.page(path) + "?" + urlencode(kept)

    def team(self, name: str) -> str:
        return self.page(f"teams/{slug(name)}/")

    def repository(self, name: str) -> str:
        return self.page(f"repositories/{slug(name)}/")

    def entry(self, entry_id: str) -> str:
        return self.page(f"radar/{slug(entry_id)}/")

    def decision(self, decision_id: str) -> str:
        return self.page(f"decisions/{slug(decision_id)}/")

    def technology(self, query: str) -> str:
        """The technologies page searching for ``query``: ``?q=`` live, ``#q=`` static (the
        static page's script reads it and searches its build-time index)."""
        if self.static:
            return self.page("technologies/") + "#q=" + quote(query, safe="")
        return self.page("technologies/") + "?q=" + quote(query, safe="")
