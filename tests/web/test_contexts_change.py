"""The campaigns and initiatives pages' typed contexts, from a real store and strategy records."""

from __future__ import annotations

from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import campaigns_context, initiatives_context


def test_campaigns_and_initiatives_wait_for_their_reports(cockpit: Cockpit) -> None:
    camps = campaigns_context(cockpit)
    assert [c.id for c in camps.campaigns] == ["django4"] and camps.campaigns[0].percent is None
    inits = initiatives_context(cockpit)
    assert (inits.initiatives == () and inits.note is None) or inits.note
