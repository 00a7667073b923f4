"""The board report's page from hand-made records: quarters, the sections' extension point,
hostile names escaped, evidence links, charts, and the same bytes for the same report."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any, cast

import pytest

from lodestar.analysis.board import (
    SECTIONS,
    BoardInputs,
    BoardReport,
    Evidence,
    Figure,
    Quarter,
    Section,
    Table,
    board_report,
    parse_quarter,
    quarter_of,
)
from lodestar.render.board_report import board_html, evidence_link, figure_chart
from lodestar.render.cockpit_urls import CockpitUrls

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_quarters() -> None:
    q4 = parse_quarter("2026Q4")
    assert (q4.start, q4.end, q4.label) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026Q4")
    assert q4.previous() == Quarter(2026, 3) and q4.following() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == q4
    assert parse_quarter("2024-q1").end == dt.date(2024, 3, 31)
    assert quarter_of(dt.date(2024, 2, 29)) == Quarter(2024, 1)
    assert q4.months() == ("2026-10", "2026-11", "2026-12")
    for bad in ("2026Q0", "2026Q5", "Q4", "2026 Q4x", "20261Q1"):
        with pytest.raises(ValueError, match="YEARQN"):
            parse_quarter(bad)


def _figure(key: str, title: str, value: float | None, previous: float | None) -> Figure:
    change = None if value is None or previous is None else value - previous
    return Figure(
        key,
        "strategy",
        title,
        value,
        "no data" if value is None else f"{value:g}",
        previous,
        change,
        "down",
        f"{title} reading.",
        (
            Evidence("page", "radar/", "Radar"),
            Evidence("repository", HOSTILE, HOSTILE),
            Evidence("file", f"campaigns/{HOSTILE}.md:3", HOSTILE),
            Evidence("commit", "0123456789abcdef0123456789abcdef01234567", "workspace commit"),
        ),
    )


def _report(organisation: str = HOSTILE) -> BoardReport:
    level = Figure(
        "verdict-strategy",
        "strategy",
        "Strategy verdict",
        43,
        "43/100",
        48,
        -5,
        "up",
        "Act now: 6 of 14 repositories conform.",
        (Evidence("page", "verdict/", "The verdict"),),
        tuple((f"2026-{m:02d}", 40 + m) for m in range(1, 12)),
        "red",
    )
    figures = (level, _figure("radar-conformance", HOSTILE, 8, 6), _figure("x", "none", None, 1))
    section = Section(
        "strategy",
        "Strategy",
        "Do we run what the radar says?",
        figures,
        (Table("Moves", ("entry", "ring"), ((HOSTILE, "Hold"),), (None,)),),
        (HOSTILE,),
    )
    return BoardReport(
        organisation,
        "2026Q4",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 11, 15),
        True,
        "2026Q3",
        dt.date(2026, 9, 30),
        figures,
        (section,),
        tuple(sorted({e for f in figures for e in f.evidence}, key=lambda e: (e.kind, e.target))),
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def test_hostile_names_are_escaped_everywhere() -> None:
    html = board_html(_report(), urls=CockpitUrls("https://lodestar.example.com/"))
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not [a for a, _ in parser.attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    # a repository's page: the cockpit's slug, never the raw name
    assert 'href="https://lodestar.example.com/repositories/script-alert-' in html
    assert "<title>&lt;script&gt;" in html


def test_links_need_a_cockpit_address() -> None:
    urls = CockpitUrls("https://lodestar.example.com")
    page = Evidence("page", "findings/?rule=eol-past", "eol")
    assert evidence_link(page, urls) == "https://lodestar.example.com/findings/?rule=eol-past"
    assert evidence_link(page, None) is None
    assert evidence_link(Evidence("file", "radar/x.md:1", "x"), urls) is None
    html = board_html(_report("Northwind"))
    assert "<a href" not in html
    assert "<code>verdict/</code>" in html and "pass --cockpit-url" in html
    assert "campaigns/&lt;script&gt;" in html  # a file evidence is named, escaped


def test_charts_sparkline_and_bars() -> None:
    report = _report("Northwind")
    spark = figure_chart(report.headline[0], "2026Q3")
    assert spark is not None and spark.segments and spark.last is not None
    assert "2026-11 51" in spark.label
    bars = figure_chart(report.headline[1], "2026Q3")
    assert bars is not None and len(bars.bars) == 2
    assert bars.bars[1][2] > bars.bars[0][2]  # now (8) longer than the previous quarter (6)
    assert "end of 2026Q3 6, now 8" in bars.label
    assert figure_chart(report.headline[2], "2026Q3") is None  # no value: nothing to draw
    html = board_html(report)
    assert html.count("<svg") == 2 and "<polyline" in html
    assert "+2 since 2026Q3" in html and "no comparison with 2026Q3" in html
    assert 'class="change bad"' in html  # 8 up from 6, where down is better


def test_the_same_report_gives_the_same_bytes_and_no_remote_resource() -> None:
    first, second = board_html(_report()), board_html(_report())
    assert first == second
    parser = _Tags()
    parser.feed(first)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert not [a for a, _ in parser.attrs if a in {"src", "href", "srcset"}]
    style = first[first.index("<style>") : first.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert "the quarter is not over" in first


def test_sections_are_an_extension_point() -> None:
    """A new office adds its section through the list of builders (the IP register's, later)."""

    def ip_section(inputs: BoardInputs) -> Section | None:
        return Section(
            "ip",
            "Intellectual property",
            "Is what we invent protected?",
            (_figure("ip-disclosures", "Disclosures", 3, 1),),
        )

    def nothing(inputs: BoardInputs) -> Section | None:
        return None

    inputs = cast(
        "BoardInputs",
        _Inputs(organisation="Northwind", quarter=Quarter(2026, 4), as_of=dt.date(2026, 12, 31)),
    )
    report = board_report(inputs, [ip_section, nothing])
    assert [s.key for s in report.sections] == ["ip"]
    assert [f.key for f in report.headline] == ["ip-disclosures"]
    assert not report.partial and report.previous_day == dt.date(2026, 9, 30)
    assert [e.kind for e in report.evidence] == ["commit", "file", "page", "repository"]
    assert len(SECTIONS) == 5  # the four levels' own builders come first by default
    assert SECTIONS[-1].__name__ == "ip_section"  # then the IP office's (analysis.board_ip)


class _Inputs:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    @property
    def previous_day(self) -> dt.date:
        return cast("Quarter", self.quarter).previous().end
