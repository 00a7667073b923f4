"""The one page table: the navigation, the API's paths and the templates all come from it."""

from __future__ import annotations

import dataclasses
from importlib.resources import files

from lodestar.web.page_table import NAV, PAGES


def test_navigation_is_the_pages_with_a_place_in_order() -> None:
    assert NAV == (
        ("", "Home"),
        ("radar/", "Radar"),
        ("technologies/", "Technologies"),
        ("repositories/", "Repositories"),
        ("decisions/", "Decisions"),
        ("ip/", "IP"),
        ("policies/", "Policies"),
        ("findings/", "Findings"),
        ("campaigns/", "Campaigns"),
        ("initiatives/", "Initiatives"),
        ("people/", "People"),
        ("training/", "Training"),
        ("whatif/", "What-if"),
        ("teams/", "Teams"),
        ("vulnerabilities/", "Vulnerabilities"),
    )


def test_every_kind_has_one_api_path_and_operation() -> None:
    assert [kind.api_path for kind in PAGES] == [
        "/home",
        "/repositories",
        "/repositories/{name}",
        "/technologies",
        "/dependencies",
        "/findings",
        "/radar",
        "/radar/{entry}",
        "/decisions",
        "/decisions/{decision}",
        "/ip",
        "/policies",
        "/campaigns",
        "/initiatives",
        "/vulnerabilities",
        "/people",
        "/whatif",
        "/training",
        "/teams",
        "/teams/{team}",
        "/metrics",
        "/status",
        "/verdict",
    ]
    assert len({kind.api for kind in PAGES}) == len(PAGES)


def test_pages_have_templates_and_typed_contexts() -> None:
    templates = files("lodestar.web") / "templates"
    for kind in PAGES:
        assert dataclasses.is_dataclass(kind.context), kind.path
        assert kind.doc, kind.path
        if kind.template is not None:
            assert (templates / kind.template).is_file(), kind.template
        if kind.item is not None:  # a record's page lives in the folder of its list page
            assert any(k.item is None and k.path == kind.path for k in PAGES), kind.path
        else:
            assert kind.section == kind.path
