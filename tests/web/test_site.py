"""The static site: every page on disk, links relative to each page, a rebuild replaces it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from lodestar.errors import UsageError
from lodestar.web.cockpit import Cockpit
from lodestar.web.site import build_site


def _local_targets(html: str) -> list[str]:
    found = re.findall(r'(?:href|src)="([^"#?]+)', html)
    return [unquote(t) for t in found if not t.startswith(("http:", "https:", "mailto:"))]


def test_static_site_links_resolve_on_disk(cockpit: Cockpit, tmp_path: Path) -> None:
    out = tmp_path / "site"
    summary = build_site(cockpit, out)
    # sections, radar entries, decisions, repositories, teams
    assert summary.pages == 14 + 5 + 2 + 3 + 2
    pages = sorted(out.rglob("index.html"))
    assert len(pages) == summary.pages
    for page in pages:
        html = page.read_text("utf-8")
        assert 'href="/' not in html and 'src="/' not in html, page
        for target in _local_targets(html):
            assert (page.parent / target).resolve().exists(), (page, target)
    assert (out / "api" / "radar.json").is_file()
    svg = (out / "radar.svg").read_text()
    assert svg.startswith("<?xml") and 'href="radar/django/index.html"' in svg
    assert (out / "radar.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "static" / "vendor" / "chart.umd.min.js").is_file()
    build_site(cockpit, out)  # a rebuild replaces the previous site
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        build_site(cockpit, tmp_path / "other")
