"""The organisation summary from the store's rows: licences, problems, code languages."""

from __future__ import annotations

from lodestar.analysis.report import NO_LICENCE, LicenceUse, Problem, build_report
from lodestar.records import LanguageRow, RepositoryRow, StageFailure


def _row(name: str, **kw: object) -> RepositoryRow:
    fields: dict[str, object] = {
        "name": name,
        "path": f"/srv/{name}",
        "bare": False,
        "commit": "c1",
        "committed_at": None,
        "scanned_at": None,
        "files": 3,
        "own_code": 100,
        "languages": (("Python", 90), ("JSON", 10)),
        "licence": "MIT",
        "licence_declared": "MIT",
        "licence_detected": "MIT",
        "licence_status": "ok",
        "warnings": 0,
        "last_error": None,
    }
    return RepositoryRow(**(fields | kw))  # type: ignore[arg-type]


ROWS = [
    _row("api"),
    _row("lab", licence=None, licence_status="none"),
    _row(
        "web",
        licence="Apache-2.0",
        licence_status="mismatch",
        licence_detected="Apache-2.0",
        warnings=2,
        failures=(StageFailure("history", "git log failed"),),
    ),
    _row("new", commit=None, own_code=0, languages=()),
]
LANGUAGES = [LanguageRow("Python", 3, 9, 270, 10, 5), LanguageRow("JSON", 3, 3, 30, 0, 0)]


def test_the_summary_counts_and_splits_languages() -> None:
    report = build_report("Org", ROWS, LANGUAGES, {"own": 300, "vendored": 40})
    assert (report.repositories, report.scanned, report.own_code) == (4, 3, 300)
    assert report.code_by_kind == {"own": 300, "vendored": 40}
    assert [r.language for r in report.languages] == ["Python"]
    assert [r.language for r in report.data_languages] == ["JSON"]
    assert report.language_code == 270
    assert report.repository_rows[0].data_languages == (("JSON", 10),)


def test_licences_and_problems() -> None:
    report = build_report("Org", ROWS, LANGUAGES, {})
    assert report.licences == (  # most used first, then by name ("(none)" sorts first)
        LicenceUse(NO_LICENCE, ("lab",)),
        LicenceUse("Apache-2.0", ("web",)),
        LicenceUse("MIT", ("api",)),
    )
    assert [(p.repository, p.kind) for p in report.problems] == [
        ("lab", "no-licence"),
        ("web", "history-failed"),
        ("web", "licence-mismatch"),
        ("web", "warnings"),
        ("new", "not-scanned"),
    ]
    assert report.problems[2] == Problem(
        "web", "licence-mismatch", "metadata declares MIT, files say Apache-2.0"
    )
