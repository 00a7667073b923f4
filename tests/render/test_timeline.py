"""Roadmap and decision link graph: well-formed SVG, escaped text, typed arrows."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from lodestar.render.timeline import Lane, link_graph_svg, roadmap_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_roadmap_places_milestones_and_today() -> None:
    lanes = [
        Lane("<script>x</script>", "#a", (("Pilot", dt.date(2026, 2, 1), True),)),
        Lane("B", "#b", (("Rollout", dt.date(2026, 9, 1), False),)),
    ]
    svg = roadmap_svg(lanes, dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 6, 1))
    root = ET.fromstring(svg)  # noqa: S314  our own output
    diamonds = root.findall(f".//{SVG}polygon")
    assert len(diamonds) == 2
    x_done = float(diamonds[0].get("points", "").split(",")[0])
    x_open = float(diamonds[1].get("points", "").split(",")[0])
    assert x_done < x_open  # February before September
    assert root.find(f".//{SVG}line[@class='today']") is not None
    assert "<script>" not in svg


def test_link_graph_draws_typed_edges_with_arrows_for_directed_kinds() -> None:
    nodes = [("a", "A & co", "accepted"), ("b", "B", "superseded"), ("c", "C", "accepted")]
    edges = [("a", "b", "supersedes"), ("a", "c", "relates-to"), ("a", "zzz", "amends")]
    svg = link_graph_svg(nodes, edges, lambda i: f"../{i}/")
    root = ET.fromstring(svg)  # noqa: S314  our own output
    paths = root.findall(f".//{SVG}path[@class]")
    assert [p.get("class") for p in paths] == ["edge supersedes", "edge relates-to"]
    assert paths[0].get("marker-end") == "url(#arrow-supersedes)"
    assert paths[1].get("marker-end") is None
    assert [a.get("href") for a in root.findall(f".//{SVG}a")] == ["../a/", "../b/", "../c/"]
