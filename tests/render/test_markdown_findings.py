"""Drift findings as a Markdown summary: untrusted text is escaped, long tables are cut."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.render.conftest import TODAY

from lodestar.analysis.drift import Drift
from lodestar.records import Finding, PolicyException, Severity
from lodestar.render.markdown_findings import findings_markdown


def test_markdown_summary_escapes_untrusted_text(one_repo: tuple[Drift, Path]) -> None:
    drift, _ = one_repo
    hostile = Finding(
        "radar-hold-in-use",
        Severity.WARNING,
        "uses <script>alert(1)</script> | [click](http://x) **bold**\nsecond line\x1b[31m",
        "web",
        owner="@org/web|team <b>",
    )
    waiver = PolicyException("eol", None, None, "cto", "planned", date(2027, 1, 1))
    text = findings_markdown(
        replace(
            drift,
            findings=(*drift.findings, hostile),
            waived=((drift.findings[0], waiver),),
        ),
        today=TODAY,
    )
    assert text.startswith("# Lodestar check\n")
    assert "**1 errors**" in text
    assert "## Errors (1)" in text
    assert "## Warnings" in text
    assert "| `licence-denied` | web | - |" in text  # nobody owns it
    assert "| web | @org/web\\|team \\<b\\> |" in text  # the owner, escaped
    assert "<script>" not in text
    assert "\x1b" not in text
    assert "\\<script\\>" in text
    assert "\\| \\[click\\](http://x) \\*\\*bold\\*\\* second line" in text
    assert "## Waived by exceptions (1)" in text
    short = findings_markdown(drift, today=TODAY, max_rows=1)
    warnings = sum(1 for f in drift.findings if f.severity is Severity.WARNING)
    assert warnings > 1
    assert f"… and {warnings - 1} more" in short
    assert short.count("| `") < text.count("| `")
    clean = findings_markdown(Drift((), repositories=("web",), organisation=False), today=TODAY)
    assert "No findings" in clean
