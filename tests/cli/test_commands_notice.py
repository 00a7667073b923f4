"""``lodestar notice`` end to end: write, --json, --check green and red (as a CI gate), --file,
usage errors, and copyright lines with escape sequences that never reach the terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.catalog.licences import licence_texts
from lodestar.cli.app import app

runner = CliRunner()

PACKAGE_JSON = '{"name": "tool", "version": "1.0.0", "dependencies": {"react": "^18.2.0"}}\n'


def lock(*extra: str) -> str:
    packages = {
        "": {"name": "tool", "version": "1.0.0"},
        "node_modules/react": {"version": "18.2.0", "license": "MIT"},
        "node_modules/vite": {"version": "5.0.12", "dev": True, "license": "MIT"},
    }
    for name in extra:
        packages[f"node_modules/{name}"] = {"version": "1.0.0", "license": "ISC"}
    return json.dumps({"name": "tool", "lockfileVersion": 3, "packages": packages})


APACHE = licence_texts()["Apache-2.0"].text
EVIL_MIT = "Copyright (c) 2024 Mallory \x1b]0;owned\x07\x1b[2J\n\n" + licence_texts()["MIT"].text
FILES = {
    "package.json": PACKAGE_JSON,
    "package-lock.json": lock(),
    "third_party/commons/LICENSE.txt": APACHE,
    "third_party/commons/NOTICE": "Commons\nCopyright 2014 The Apache Software Foundation\n",
    "third_party/evil/LICENSE": EVIL_MIT,
}
POLICY = """licence:
  default-context: internal
  contexts:
    distributed:
      allowed: [MIT, Apache-2.0, ISC]
  repositories:
    tool: distributed
    shipped: distributed
    stale: distributed
    hand: distributed
"""


def run(ws: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["-w", str(ws), *args])
    assert result.exit_code == code, result.output
    return result.output


def scan(ws: Path) -> None:
    run(ws, "scan", "--workers", "1", "--no-history")


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notice")
    make_repo(root / "repos" / "tool", FILES)
    ws = root / "ws"
    assert runner.invoke(app, ["init", str(ws), "-s", "../repos"]).exit_code == 0
    (ws / "policies" / "licences.yaml").write_text(POLICY, "utf-8")
    scan(ws)
    written = ws / "NOTICE.generated"
    run(ws, "notice", "tool", "--output", str(written))
    make_repo(root / "repos" / "shipped", {**FILES, "NOTICE": written.read_text("utf-8")})
    stale = {**FILES, "package-lock.json": lock("left-pad"), "NOTICE": written.read_text("utf-8")}
    make_repo(root / "repos" / "stale", stale)
    hand = {**FILES, "THIRD-PARTY.md": "React (MIT) and Apache Commons: see their licences.\n"}
    make_repo(root / "repos" / "hand", hand)
    scan(ws)
    return ws


def test_the_notice_lists_shipped_components_licences_copyrights_and_notices(ws: Path) -> None:
    text = run(ws, "notice", "tool")
    assert "Component: react 18.2.0\nIdentifier: pkg:npm/react\nLicence: MIT\n" in text
    assert "vite" not in text  # a dev dependency does not ship
    assert "NOTICE (from third_party/commons/NOTICE):\n    Commons\n" in text
    assert "Licence text: Apache-2.0 (Apache License 2.0)" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "Copyright: Copyright (c) 2024 Mallory \\x1b]0;owned\\x07\\x1b[2J" in text


def test_the_written_file_is_what_is_printed_and_is_stable(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "NOTICE"
    said = run(ws, "notice", "tool", "--output", str(out))
    assert said.startswith(f"Wrote {out}: 3 components (0 with licence not determined), 2 ")
    assert out.read_text("utf-8") == run(ws, "notice", "tool")


def test_markdown_is_written_on_request(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "NOTICE.md"
    run(ws, "notice", "tool", "--format", "markdown", "--output", str(out))
    assert out.read_text("utf-8").startswith("# Third-party software notices\n")
    assert "## Component: react 18.2.0\n" in out.read_text("utf-8")


def test_json(ws: Path) -> None:
    data = json.loads(run(ws, "notice", "tool", "--json"))
    assert data["context"] == "distributed"
    assert [c["key"] for c in data["components"]] == [
        "pkg:npm/react",
        "vendored:third_party/commons",
        "vendored:third_party/evil",
    ]
    assert [lic["spdx"] for lic in data["licences"]] == ["Apache-2.0", "MIT"]


def test_check_is_green_on_a_current_notice(ws: Path) -> None:
    assert run(ws, "notice", "shipped", "--check").startswith("NOTICE is current: 3 components")
    assert json.loads(run(ws, "notice", "shipped", "--check", "--json"))["stale"] is False


def test_check_is_red_on_a_stale_notice_with_what_where_and_what_to_do(ws: Path) -> None:
    out = run(ws, "notice", "stale", "--check", code=1)
    first, *rest = out.splitlines()
    assert first.startswith("error: NOTICE: the third-party notice of stale at ")
    assert "is stale: 1 missing (pkg:npm/left-pad); 1 licence texts missing (ISC)" in first
    assert first.endswith("run `lodestar notice stale --output NOTICE` and commit it")
    assert rest == ["  missing: pkg:npm/left-pad", "  licence text missing: ISC"]
    data = json.loads(run(ws, "notice", "stale", "--check", "--json", code=1))
    assert data["stale"] is True and data["diff"]["missing"] == ["pkg:npm/left-pad"]


def test_check_without_a_committed_notice_fails(ws: Path) -> None:
    out = run(ws, "notice", "tool", "--check", code=1)
    assert out.startswith("error: tool: no committed notice file (NOTICE, THIRD-PARTY-NOTICES…)")


def test_check_a_named_file_read_from_the_scanned_commit(ws: Path) -> None:
    out = run(ws, "notice", "hand", "--check", "--file", "THIRD-PARTY.md", code=1)
    assert "(not written by Lodestar: compared by component names)" in out
    assert ": 1 missing (vendored:third_party/evil);" in out  # react and commons are named
    assert run(ws, "notice", "hand", "--check", "--file", "./THIRD-PARTY.md", code=1)
    assert run(ws, "notice", "hand", "--check", code=1) == out  # found without --file
    missing = run(ws, "notice", "hand", "--check", "--file", "NOPE.md", code=2)
    assert "--file 'NOPE.md': no such file in hand at " in missing


def test_check_reports_the_rule_too(ws: Path) -> None:
    data = json.loads(run(ws, "check", "-f", "json"))  # warnings: exit 0
    found = {(f["rule"], f["repository"]) for f in data["findings"] if "notice" in f["rule"]}
    assert found == {
        ("notice-missing", "tool"),
        ("notice-stale", "stale"),
        ("notice-stale", "hand"),
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["notice", "nope"], "no scanned repository named 'nope'"),
        (["notice", "tool", "--context", "internal"], "--context 'internal': use one of"),
        (["notice", "tool", "--file", "NOTICE"], "--file names the committed notice to check"),
        (["notice", "tool", "--check", "-o", "x"], "--check compares, --output writes"),
    ],
)
def test_usage_errors(ws: Path, args: list[str], words: str) -> None:
    out = run(ws, *args, code=2)
    assert words in out and len(out.strip().splitlines()) == 1, out


def test_help() -> None:
    result = runner.invoke(app, ["notice", "--help"])
    assert result.exit_code == 0
    assert "--check" in result.output and "Example: lodestar notice billing" in result.output
