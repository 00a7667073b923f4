"""Untrusted markdown (decision bodies, radar descriptions) to safe HTML.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw HTML passed through,
then nh3 (the ammonia sanitiser) keeps only an allow-list of tags and attributes: no scripts,
no event handlers, no styles, no SVG or MathML, and links only to http(s), mailto or relative
targets. Links get ``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_CHARS = 200_000


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def sanitise_html(html: str) -> str:
    """Keep only the allow-listed markup of ``html``."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str, *, shift_headings: int = 1) -> str:
    """Safe HTML for untrusted markdown (truncated at MAX_CHARS characters).

    Headings move ``shift_headings`` levels down (``#`` becomes ``<h2>``), so a document's own
    title never competes with the page's ``<h1>``.
    """
    parser = _parser()
    tokens = parser.parse(text[:MAX_CHARS])
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(6, int(token.tag[1]) + shift_headings)
            token.tag = f"h{level}"
    return sanitise_html(parser.renderer.render(tokens, parser.options, {}))
