"""The router over the page table: every page path resolves to itself, nothing else does."""

from __future__ import annotations

import pytest

from lodestar.errors import UsageError
from lodestar.web.cockpit import Cockpit
from lodestar.web.pages import all_paths, resolve


def test_every_path_of_the_site_resolves_to_its_page(cockpit: Cockpit) -> None:
    paths = list(all_paths(cockpit))
    assert len(paths) == len(set(paths)) == 15 + 5 + 2 + 3 + 2
    for path in paths:
        page = resolve(cockpit, path)
        assert page is not None and page.path == path, path
        assert page.section == ("" if not path else path.split("/")[0] + "/")


def test_records_are_found_by_id_or_slug_and_titled(cockpit: Cockpit) -> None:
    page = resolve(cockpit, "decisions/0002-database/")
    assert page is not None and page.template == "decision.html"
    assert page.title != "Decision"  # the decision's own title
    repository = resolve(cockpit, "repositories/orders-api")
    assert repository is not None and repository.title == "orders-api"


def test_unknown_paths_and_api_only_views_have_no_page(cockpit: Cockpit) -> None:
    for path in ("nope/", "radar/nope/", "radar/a/b/", "home/", "dependencies/", "metrics/",
                 "people/x/"):  # fmt: skip
        assert resolve(cockpit, path) is None, path


def test_query_parameters_reach_the_context(cockpit: Cockpit) -> None:
    assert resolve(cockpit, "repositories/", {"sort": ""}) is not None  # empty: by name
    with pytest.raises(UsageError, match="unknown sort"):
        resolve(cockpit, "repositories/", {"sort": "bogus"})
    page = resolve(cockpit, "technologies/", {"q": "django", "range": "<4"})
    assert page is not None and page.context.search is not None
    assert page.context.search.range == "<4"
