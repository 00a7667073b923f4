"""Languages as Linguist's bar counts them: code first, data and prose beside, in every view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.analysis.languages import split_languages, with_code_languages
from lodestar.analysis.report import build_report
from lodestar.cli.app import app
from lodestar.store.queries import kind_totals, list_repositories, organisation_languages

runner = CliRunner()

# Like git/git: a little C, a lot of translations (Gettext), an SVG logo, prose, and the LGPL
PO = "".join(f'msgid "message {i}"\nmsgstr "Nachricht {i}"\n\n' for i in range(400))
FILES = {
    "main.c": "#include <stdio.h>\n\nint main(void) {\n    return 0;\n}\n" * 20,
    "gitk": '#!/bin/sh\n# -*- tcl -*- \\\nexec wish "$0" -- "$@"\nputs hello\nputs again\n',
    "po/de.po": PO,
    "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'>\n" + "<rect/>\n" * 300 + "</svg>\n",
    "notes.md": "# Notes\n\n" + "Some prose.\n" * 50,
    "LGPL-2.1": ".TH not roff\n" * 100,
}


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    make_repo(tmp_path / "repos" / "tool", FILES)
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws), "-s", "../repos"]).exit_code == 0
    assert runner.invoke(app, ["-w", str(ws), "scan", "--workers", "1"]).exit_code == 0
    return ws


def _json(ws: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["-w", str(ws), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_split_keeps_order_and_puts_data_and_prose_beside() -> None:
    pairs = [("Gettext Catalog", 900), ("C", 100), ("SVG", 90), ("Vue", 50), ("Markdown", 9)]
    code, other = split_languages(pairs, lambda pair: pair[0])
    assert code == (("C", 100), ("Vue", 50))
    assert other == (("Gettext Catalog", 900), ("SVG", 90), ("Markdown", 9))


def test_repos_and_report_lead_with_code(workspace: Path, database_url: str) -> None:
    [repo] = _json(workspace, "repos")["repositories"]
    assert [lang for lang, _ in repo["languages"]] == ["C", "Tcl"]
    assert repo["data_languages"][0][0] == "Gettext Catalog"
    assert {"SVG", "Markdown"} <= {lang for lang, _ in repo["data_languages"]}
    assert "Roff" not in json.dumps(repo)  # the LGPL text is a licence file, not code

    report = _json(workspace, "report")
    assert [row["language"] for row in report["languages"]] == ["C", "Tcl"]
    assert report["data_languages"][0]["language"] == "Gettext Catalog"

    # one derivation: the store's rows split by the same function give the same answer
    engine = create_engine(database_url)
    try:
        [row] = with_code_languages(list_repositories(engine))
        assert [list(pair) for pair in row.languages] == repo["languages"]
        rows, languages = list_repositories(engine), organisation_languages(engine)
        assert build_report("x", rows, languages, kind_totals(engine)).languages[0].language == "C"
    finally:
        engine.dispose()


def test_table_output_names_data_and_prose_apart(workspace: Path) -> None:
    result = runner.invoke(app, ["-w", str(workspace), "report"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    table, _, beside = result.stdout.partition("Data and prose")
    assert "Gettext Catalog" not in table.split("Languages by own code")[1]
    assert "Gettext Catalog" in beside
