"""Page addresses: safe, unique slugs; live links absolute, static links relative."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from lodestar.web.links import Links, slug


@given(st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=30, unique=True))
def test_slugs_are_safe_and_unique(names: list[str]) -> None:
    slugs = [slug(n) for n in names]
    assert len(set(slugs)) == len(slugs)
    for s in slugs:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", s) and s not in {".", ".."}
        assert not s.startswith(".")


def test_live_and_static_links() -> None:
    live = Links(static=False, here="radar/x/")
    assert live.page("decisions/") == "/decisions/"
    assert live.asset("cockpit.css") == "/static/cockpit.css"
    static = Links(static=True, here="radar/x/")
    assert static.page("decisions/") == "../../decisions/index.html"
    assert static.page("") == "../../index.html"
    assert static.asset("cockpit.css") == "../../static/cockpit.css"
    assert static.repository("a/b").startswith("../../repositories/a-b-")
    assert Links(static=True).file("radar.svg") == "radar.svg"
    tech = Links(static=True, here="technologies/").technology("pkg:npm/@types/node")
    assert tech == "../technologies/index.html#q=pkg%3Anpm%2F%40types%2Fnode"
    assert live.technology("pkg:npm/react") == "/technologies/?q=pkg%3Anpm%2Freact"
