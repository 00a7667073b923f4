"""The radar as Backstage's tech-radar plugin reads it, checked against the plugin's types.

The demo workspace's git history (four tagged editions) gives the timelines.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lodestar.demo.strategy_workspace import EARLIER_RINGS, build_demo_workspace
from lodestar.records import RadarConfig, RadarEntry, RadarMove, Strategy
from lodestar.render import CockpitUrls
from lodestar.settings import init_workspace
from lodestar.strategy import (
    backstage_radar,
    export_backstage,
    load_strategy,
    radar_editions,
    radar_history,
)
from lodestar.strategy.history import edition_of

TODAY = dt.date(2026, 11, 15)

# The plugin's types, transcribed from @backstage-community/plugin-tech-radar-common
# (src/model.ts and the zod parsers of src/schema.ts): field → (type, required).
RADAR_QUADRANT = {"id": (str, True), "name": (str, True)}
RADAR_RING = {
    "id": (str, True),
    "name": (str, True),
    "color": (str, True),
    "description": (str, False),
}
RADAR_ENTRY_LINK = {"url": (str, True), "title": (str, True)}
RADAR_ENTRY_SNAPSHOT = {
    "date": (str, True),  # z.coerce.date(): an ISO date string
    "ringId": (str, True),
    "description": (str, False),
    "moved": (int, False),  # MovedState: Down = -1, NoChange = 0, Up = 1
}
RADAR_ENTRY = {
    "key": (str, True),
    "id": (str, True),
    "quadrant": (str, True),
    "title": (str, True),
    "url": (str, False),
    "timeline": (list, True),
    "description": (str, False),
    "links": (list, False),
}
LOADER_RESPONSE = {"quadrants": (list, True), "rings": (list, True), "entries": (list, True)}


def conforms(value: Any, shape: dict[str, tuple[type, bool]], where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    errors = [f"{where}.{k}: not in the plugin's type" for k in value if k not in shape]
    for key, (kind, required) in shape.items():
        if key not in value:
            errors += [f"{where}.{key}: missing"] if required else []
        elif not isinstance(value[key], kind) or isinstance(value[key], bool):
            errors.append(f"{where}.{key}: {type(value[key]).__name__}, not {kind.__name__}")
    return errors


def plugin_errors(data: Any) -> list[str]:
    """Every way ``data`` is not a TechRadarLoaderResponse the plugin can draw."""
    errors = conforms(data, LOADER_RESPONSE, "response")
    if errors:
        return errors
    for i, q in enumerate(data["quadrants"]):
        errors += conforms(q, RADAR_QUADRANT, f"quadrants[{i}]")
    for i, r in enumerate(data["rings"]):
        errors += conforms(r, RADAR_RING, f"rings[{i}]")
    if len(data["quadrants"]) > 4:
        errors.append("the plugin draws up to four quadrants")
    quadrants = {q["id"] for q in data["quadrants"]}
    rings = {r["id"] for r in data["rings"]}
    for i, e in enumerate(data["entries"]):
        where = f"entries[{i}]"
        errors += conforms(e, RADAR_ENTRY, where)
        for j, link in enumerate(e.get("links", [])):
            errors += conforms(link, RADAR_ENTRY_LINK, f"{where}.links[{j}]")
        if e.get("quadrant") not in quadrants:
            errors.append(f"{where}: quadrant {e.get('quadrant')!r} is not a quadrant id")
        if not e.get("timeline"):
            errors.append(f"{where}: an empty timeline (the plugin reads timeline[0])")
        for j, item in enumerate(e.get("timeline", [])):
            errors += conforms(item, RADAR_ENTRY_SNAPSHOT, f"{where}.timeline[{j}]")
            if item.get("ringId") not in rings:
                errors.append(f"{where}.timeline[{j}]: ring {item.get('ringId')!r} unknown")
            if item.get("moved", 0) not in (-1, 0, 1):
                errors.append(f"{where}.timeline[{j}]: moved {item.get('moved')!r}")
            dt.date.fromisoformat(item.get("date", ""))
        dates = [item["date"] for item in e.get("timeline", [])]
        if dates != sorted(dates, reverse=True):
            errors.append(f"{where}: timeline not newest first")
    return errors


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bs") / "ws"
    init_workspace(root, name="Northwind", sources=[])
    build_demo_workspace(root)
    return root


def exported(root: Path, **kwargs: Any) -> dict[str, Any]:
    strategy = load_strategy(root)
    moves = radar_history(root, config=strategy.radar)
    names = edition_of(root, moves, radar_editions(root))
    data: dict[str, Any] = json.loads(
        export_backstage(strategy, moves, today=TODAY, editions=names, **kwargs)
    )
    return data


def test_the_demo_radar_is_what_the_plugin_reads(demo: Path) -> None:
    data = exported(demo, link=CockpitUrls("https://lodestar.example.com").entry)
    assert plugin_errors(data) == []
    assert [q["id"] for q in data["quadrants"]] == [
        "techniques",
        "tools",
        "platforms",
        "languages-and-frameworks",
    ]
    assert [(r["id"], r["color"]) for r in data["rings"]] == [
        ("adopt", "#5BA300"),
        ("trial", "#009EB0"),
        ("assess", "#C7BA00"),
        ("hold", "#E09B96"),
    ]
    by_id = {e["id"]: e for e in data["entries"]}
    assert len(by_id) == len(load_strategy(demo).entries)
    kotlin = by_id["kotlin"]
    assert kotlin["quadrant"] == "languages-and-frameworks"
    assert kotlin["links"] == [
        {"url": "https://lodestar.example.com/radar/kotlin/", "title": "Lodestar cockpit"}
    ]


def test_timelines_are_the_ring_history_newest_first(demo: Path) -> None:
    by_id = {e["id"]: e for e in exported(demo)["entries"]}

    def summary(entry_id: str) -> list[tuple[int, str, str]]:
        return [(t["moved"], t["ringId"], t["date"]) for t in by_id[entry_id]["timeline"]]

    assert EARLIER_RINGS["java"] == ("Adopt", "Hold")  # the demo's story, as the test reads it
    assert summary("java") == [(-1, "hold", "2026-02-02"), (0, "adopt", "2025-07-01")]
    assert summary("python") == [(1, "adopt", "2026-02-02"), (0, "trial", "2025-07-01")]
    assert summary("renovate") == [(1, "adopt", "2026-02-02"), (0, "trial", "2025-07-01")]
    assert summary("uv") == [(0, "assess", "2026-10-05")]  # new in the last edition
    assert (
        by_id["java"]["timeline"][0]["description"] == "Moved out: Adopt → Hold (edition 2026-02)"
    )
    assert "links" not in by_id["java"]


def test_an_uncommitted_ring_change_leads_the_timeline(demo: Path, tmp_path: Path) -> None:
    strategy = load_strategy(demo)
    moves = radar_history(demo, config=strategy.radar)
    kotlin = next(e for e in strategy.entries if e.id == "kotlin")
    held = Strategy(radar=strategy.radar, entries=(replace(kotlin, ring="Hold"),))
    (entry,) = backstage_radar(held, moves, today=TODAY)["entries"]
    first, *rest = entry["timeline"]
    assert first == {
        "moved": -1,
        "ringId": "hold",
        "date": "2026-11-15",
        "description": "Moved out: Adopt → Hold (not yet committed)",
    }
    assert [t["ringId"] for t in rest] == ["adopt", "trial"]


def test_without_history_each_entry_stands_in_its_ring_today() -> None:
    entries = (RadarEntry("k6", "k6", "Tools", "Trial"), RadarEntry("ant", "Ant", "Tools", "Hold"))
    data = backstage_radar(Strategy(entries=entries), (), today=TODAY)
    assert plugin_errors(data) == []
    assert [e["timeline"] for e in data["entries"]] == [
        [
            {
                "moved": 0,
                "ringId": "trial",
                "date": "2026-11-15",
                "description": "In Trial (no committed history of this ring)",
            }
        ],
        [
            {
                "moved": 0,
                "ringId": "hold",
                "date": "2026-11-15",
                "description": "In Hold (no committed history of this ring)",
            }
        ],
    ]


def test_moves_into_rings_the_radar_no_longer_has_are_left_out() -> None:
    config = RadarConfig(rings=("Adopt", "Trial", "Hold"))
    moves = [
        RadarMove("k6", dt.date(2025, 1, 1), "a" * 40, "Assess", None, "new"),
        RadarMove("k6", dt.date(2025, 6, 1), "b" * 40, "Trial", "Assess", "moved-in"),
    ]
    data = backstage_radar(
        Strategy(radar=config, entries=(RadarEntry("k6", "k6", "Tools", "Trial"),)),
        moves,
        today=TODAY,
    )
    assert plugin_errors(data) == []
    assert [(t["ringId"], t["moved"]) for t in data["entries"][0]["timeline"]] == [("trial", 1)]
    # a custom ring takes the sample colour of its position
    assert [r["color"] for r in data["rings"]] == ["#5BA300", "#009EB0", "#E09B96"]


def test_hostile_text_stays_data() -> None:
    title = '"},{"id":"x"</script><img src=x onerror=alert(1)>\n'
    entry = RadarEntry("evil", title, "Tools", "Adopt", description="```\n\u202e\x00")
    text = export_backstage(Strategy(entries=(entry,)), (), today=TODAY)
    data = json.loads(text)
    assert plugin_errors(data) == []
    assert data["entries"][0]["title"] == title
    assert data["entries"][0]["description"] == "```\n\u202e\x00"


def test_the_validator_catches_what_the_plugin_cannot_draw() -> None:
    good = backstage_radar(
        Strategy(entries=(RadarEntry("k6", "k6", "Tools", "Trial"),)), (), today=TODAY
    )
    bad = json.loads(json.dumps(good))
    bad["entries"][0]["timeline"][0]["ringId"] = "later"
    bad["entries"][0]["quadrant"] = "gadgets"
    bad["rings"][0]["colour"] = "#fff"
    assert len(plugin_errors(bad)) == 3
