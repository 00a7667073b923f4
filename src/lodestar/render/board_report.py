"""The quarterly board report as one self-contained HTML page (and, through
:mod:`lodestar.render.board_pdf`, an A4 PDF).

Only a :class:`~lodestar.analysis.board.BoardReport` goes in: the page presents its figures and
computes none. The page is one file: the stylesheet inline, charts as inline SVG (the verdict's
monthly sparklines, :mod:`lodestar.render.sparkline`; a bar pair "end of last quarter / now"
for the other figures), system font stacks only, no script and no network. Every text goes
through Jinja's autoescape (names of repositories, entries and decisions are untrusted).

Layout for a board: a first page of headline figures (the four levels, then one card per key
figure with its value, change, chart, reading and evidence), one page per section with its
tables, and an appendix listing every piece of evidence. Evidence links into the cockpit when
its address is known (``urls``), else names the cockpit path. Nothing depends on the clock:
the same report gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment, select_autoescape

from lodestar.analysis.board import BoardReport, Evidence, Figure
from lodestar.render.board_templates import BOARD_CSS
from lodestar.render.cockpit_urls import CockpitUrls, page_slug
from lodestar.render.sparkline import sparkline

__all__ = ["Chart", "board_html", "evidence_link", "figure_chart"]

_BAR_WIDTH, _BAR_HEIGHT, _LABEL = 240, 30, 48  # the bar pair: a label column, then bars
_PREVIOUS, _NOW = "#afb8c1", "#1f7a8c"  # charts only: no text is drawn in these
_LEVELS = ("strategy", "execution", "change", "communication")


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG's geometry; the template draws it (every text escaped there)."""

    width: int
    height: int
    label: str  # the accessible name: what the chart shows, with its numbers
    segments: tuple[str, ...] = ()  # polyline points
    last: tuple[float, float] | None = None
    bars: tuple[tuple[float, float, float, float, str], ...] = ()  # x, y, width, height, fill
    texts: tuple[tuple[float, float, str], ...] = ()  # x, y (baseline), text


def figure_chart(figure: Figure, previous_label: str) -> Chart | None:
    """A level's monthly sparkline, or the bar pair "previous quarter / now"; None when there
    is nothing to draw."""
    if figure.series:
        line = sparkline(figure.series, label=figure.title)
        return Chart(line.width, line.height, line.label, line.segments, line.last)
    if figure.value is None or figure.previous is None:
        return None
    top = max(figure.value, figure.previous, 1.0)
    span = _BAR_WIDTH - _LABEL - 40  # room for the value after the bar

    def bar(y: float, value: float, fill: str) -> tuple[float, float, float, float, str]:
        return (_LABEL, y, round(max(1.0, span * value / top), 1), 11.0, fill)

    rows = ((2.0, figure.previous, previous_label, _PREVIOUS), (17.0, figure.value, "now", _NOW))
    bars = tuple(bar(y, value, fill) for y, value, _, fill in rows)
    texts = tuple((0.0, y + 9, label) for y, _, label, _ in rows) + tuple(
        (b[0] + b[2] + 3, b[1] + 9, f"{value:g}")
        for b, (_, value, _, _) in zip(bars, rows, strict=True)
    )
    return Chart(
        _BAR_WIDTH,
        _BAR_HEIGHT,
        f"{figure.title}: end of {previous_label} {figure.previous:g}, now {figure.value:g}",
        bars=bars,
        texts=texts,
    )


def evidence_link(evidence: Evidence, urls: CockpitUrls | None) -> str | None:
    """The cockpit address of a page or repository evidence (None without ``urls``, and for
    files and commits, which are named rather than linked)."""
    if urls is None:
        return None
    if evidence.kind == "page":
        return urls.base.rstrip("/") + "/" + evidence.target
    if evidence.kind == "repository":
        return urls.repository(evidence.target)
    return None


def _change_text(figure: Figure, previous_label: str) -> str:
    if figure.change is None:
        return f"no comparison with {previous_label}"
    if figure.change == 0:
        return f"unchanged since {previous_label}"
    return f"{figure.change:+g} since {previous_label}"


def _tone(figure: Figure) -> str:
    if not figure.change or figure.better == "none":
        return "flat"
    good = (figure.change > 0) == (figure.better == "up")
    return "good" if good else "bad"


def _previous_text(figure: Figure) -> str:
    return "-" if figure.previous is None else f"{figure.previous:g}"


def _target(evidence: Evidence) -> str:
    """What the appendix shows when no link is made: the cockpit path of a repository page."""
    if evidence.kind == "repository":
        return f"repositories/{page_slug(evidence.target)}/"
    return evidence.target


def _env(report: BoardReport, urls: CockpitUrls | None) -> Environment:
    env = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    previous = report.previous_quarter
    env.globals.update(
        change_text=lambda f: _change_text(f, previous),
        tone=_tone,
        rag=lambda f: f.rag,
        previous_text=_previous_text,
        chart=lambda f: figure_chart(f, previous),
        link=lambda e: evidence_link(e, urls),
        target=_target,
    )
    return env


def board_html(report: BoardReport, *, urls: CockpitUrls | None = None) -> str:
    """The report as one HTML page (see the module docstring)."""
    source = files("lodestar.render").joinpath("board_report.html").read_text("utf-8")
    template = _env(report, urls).from_string(source)
    levels = [f for f in report.headline if f.key.startswith("verdict-") and f.level in _LEVELS]
    others = [f for f in report.headline if f not in levels]
    return template.render(
        r=report,
        css=BOARD_CSS,
        levels=levels,
        others=others,
        base=urls.base if urls is not None else "",
    )
