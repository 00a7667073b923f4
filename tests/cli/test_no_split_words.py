"""At 80 columns no word is split: ``check``'s blocks, its compact table and per-rule summary,
and the id tables (radar, decisions, repositories) keep every rule name, ADR id, 40-character
hash and path whole, and wrap only at spaces (hypothesis-generated long words)."""

from __future__ import annotations

import string
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table
from tests.cli.unsplit import drawn, split_words

from lodestar.analysis import RULES, Drift
from lodestar.cli.check_output import GroupBy, findings_table, print_findings
from lodestar.cli.tables import print_table, wrap_hanging
from lodestar.records import Finding, Severity
from lodestar.records.strategy import SourcePosition

_SLUG = st.text(string.ascii_lowercase + string.digits, min_size=2, max_size=12)
_ADR = st.builds(
    lambda d, parts: f"ADR-{d}-{'-'.join(parts)}",
    st.integers(20200101, 20291231),
    st.lists(_SLUG, min_size=1, max_size=3),
)
_HASH = st.text("0123456789abcdef", min_size=40, max_size=40)
_PATH = st.lists(_SLUG, min_size=1, max_size=3).map(lambda p: "/".join(p) + ".yml")
_WORD = st.one_of(_SLUG, _ADR, _HASH, _PATH, st.sampled_from(sorted(RULES)))
_SENTENCE = st.lists(_WORD, min_size=1, max_size=14).map(" ".join)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    line = draw(st.integers(1, 9999))
    return Finding(
        rule=draw(st.sampled_from(sorted(RULES))),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_SENTENCE),
        repository=draw(st.one_of(st.none(), _PATH.map(lambda p: p.removesuffix(".yml")))),
        evidence=(f"{draw(_PATH)}:{line}",) if draw(st.booleans()) else (),
        hint=draw(st.one_of(st.just(""), _SENTENCE)),
        owner=draw(st.one_of(st.none(), _SLUG.map(lambda s: f"{s}@example.com"))),
        declaration=SourcePosition(f"decisions/{draw(_ADR)}.md", 1),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(findings(), min_size=1, max_size=6), st.sampled_from(list(GroupBy)))
def test_check_output_never_splits_a_word_at_80_columns(
    found: list[Finding], group_by: GroupBy
) -> None:
    drift = Drift(findings=tuple(found), repositories=("a",))

    def blocks(console: object) -> None:
        print_findings(console, drift, group_by)  # type: ignore[arg-type]

    def table(console: object) -> None:
        print_table(console, findings_table(drift.findings, title="Drift findings"))  # type: ignore[arg-type]

    for draw in (blocks, table):
        narrow, wide = drawn(draw, 80), drawn(draw, 2000)
        assert split_words(narrow, wide) == [], narrow
        assert all(len(line) <= 80 for line in narrow.splitlines()), narrow


def _decisions(rows: list[tuple[str, str, str, str]]) -> Callable[[object], None]:
    """Draws a table of decisions (id and commit on one line, title and governs wrapping)."""

    def draw(console: object) -> None:
        table = Table(title="decisions")
        table.add_column("id", no_wrap=True)
        table.add_column("title")
        table.add_column("commit", no_wrap=True)
        table.add_column("governs")
        for row in rows:
            table.add_row(*row)
        print_table(console, table)  # type: ignore[arg-type]

    return draw


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_ADR, _SENTENCE, _HASH, _SENTENCE), min_size=1, max_size=5),
    st.integers(80, 140),
)
def test_id_tables_never_split_a_word(rows: list[tuple[str, str, str, str]], width: int) -> None:
    draw = _decisions(rows)
    narrow, wide = drawn(draw, width), drawn(draw, 2000)
    assert split_words(narrow, wide) == [], narrow
    for ident, _, commit, _ in rows:  # ids a person types next: whole, on one line
        assert ident in narrow and commit in narrow


@pytest.mark.parametrize("width", [115, 116, 120])
def test_the_widest_wrapping_column_is_not_cut_while_a_narrower_one_can_wrap(width: int) -> None:
    """Found by the test above: Rich narrows the widest wrapping column first, below its
    longest word, though the title could wrap; print_table sets the widths itself."""
    row = ("ADR-20200101-00-00000000000", "00 ADR-20200101-00", "0" * 40, "ADR-20200101-00-00-0")
    draw = _decisions([row])
    narrow, wide = drawn(draw, width), drawn(draw, 2000)
    assert split_words(narrow, wide) == [], narrow
    assert row[3] in narrow and all(len(line) <= width for line in narrow.splitlines())


def test_the_words_check_is_not_blind() -> None:
    """A word folded by Rich is caught: the test above can fail."""
    long_id = "ADR-20250512-github-actions-for-ci"

    def folded(console: object) -> None:
        table = Table()
        table.add_column("id", overflow="fold", max_width=10)
        table.add_row(long_id)
        console.print(table)  # type: ignore[attr-defined]

    fragments = ["12-github-", "ADR-202505", "actions-fo", "r-ci"]
    assert split_words(drawn(folded, 80), f"id {long_id}") == fragments


def test_wrap_hanging_breaks_at_spaces_with_a_hanging_indent() -> None:
    from rich.text import Text

    text = Text("Jenkinsfile:3  error  decision-violation  uses Jenkins against ADR-20250512-x")
    lines = [line.plain for line in wrap_hanging(text, 40, lead=2, hang=6)]
    assert lines == [
        "  Jenkinsfile:3  error",
        "      decision-violation  uses Jenkins",
        "      against ADR-20250512-x",
    ]
