"""``lodestar radar publish`` on a small workspace with git history: the opt-in tag, editions,
the ``public:`` opt-ins, the leak guard and a hostile entry."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.factory import Author, Commit, build_repository

from ..strategy.samples import DECISION, RADAR_PYTHON

runner = CliRunner()

HOSTILE = """\
---
title: "<img src=x onerror=alert(1)>Evil & co"
quadrant: Tools
ring: Assess
tags: [public]
---
Try it. <script>alert('x')</script><a href="javascript:alert(1)">click</a>
<iframe src="https://evil.example/"></iframe>

=HYPERLINK("https://evil.example")
"""

KOTLIN = """\
---
title: Kotlin
quadrant: Languages & Frameworks
ring: Trial
tags: [public, jvm]
owner: Dana Smith
review-by: 2027-01-31
decisions: [ADR-20250310-postgres-default]
---
Kotlin for new JVM services.
"""

INTERNAL = """\
---
title: Internal thing
quadrant: Tools
ring: Hold
owner: Lee Wong
---
Only for us.
"""


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.output


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two editions: v1 (Python in Trial, Kotlin in Assess), v2 (Python moved in to Adopt,
    Kotlin moved in to Trial, the hostile entry new); Python is tagged public in v2 only."""
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    cto = Author("Dana Smith", "dana@example.com")
    python_v1 = RADAR_PYTHON.replace("ring: Adopt", "ring: Trial")
    python_v2 = RADAR_PYTHON.replace("tags: [backend, data]", "tags: [backend, data, public]")
    root = tmp_path / "ws"
    build_repository(
        root,
        [
            Commit(
                cto,
                datetime(2025, 1, 10, tzinfo=UTC),
                "radar",
                {
                    "radar/python.md": python_v1,
                    "radar/kotlin.md": KOTLIN.replace("ring: Trial", "ring: Assess"),
                    "radar/internal.md": INTERNAL,
                    "decisions/ADR-20250310-postgres-default.md": DECISION,
                },
                tag="v1",
            ),
            Commit(
                cto,
                datetime(2025, 6, 10, tzinfo=UTC),
                "radar",
                {"radar/python.md": python_v2, "radar/kotlin.md": KOTLIN, "radar/evil.md": HOSTILE},
                tag="v2",
            ),
        ],
    )
    (root / "lodestar.toml").write_text('[organisation]\nname = "Acme"\n', "utf-8")
    return root


class _Markup(HTMLParser):
    """Every element or attribute that could run or load something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "img", "iframe", "object", "embed", "style", "foreignobject"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "http:", "https:", "//")
            ):
                self.found.append(f"{tag} {name}={value}")


def _active_markup(text: str) -> list[str]:
    parser = _Markup()
    parser.feed(text)
    return parser.found


def _files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text("utf-8", "replace")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix != ".pdf"
    }


def test_only_tagged_entries_are_published_by_default(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    code, text = run(ws, "radar", "publish", str(out), "--json")
    assert code == 0, text
    summary = json.loads(text)
    assert summary["tag"] == "public" and summary["entries"] == 3
    assert summary["editions"] == ["v1", "v2"]
    files = _files(out)
    assert {"index.html", "editions.html", "radar.svg", "radar.pdf", "radar.csv", "radar.json",
            "style.css", "entries/python.html", "entries/kotlin.html", "entries/evil.html"} <= {
        *files, "radar.pdf"}  # fmt: skip
    assert not (out / "entries" / "internal.html").exists()
    assert all("Internal thing" not in t for t in files.values())
    # --all publishes every entry; the tag is the opt-in
    code, text = run(ws, "radar", "publish", str(out), "--all", "--json")
    assert code == 0, text
    assert json.loads(text)["entries"] == 4
    assert (out / "entries" / "internal.html").is_file()


def test_internal_facts_stay_out_unless_opted_in(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(ws, "radar", "publish", str(out))[0] == 0
    everything = "\n".join(_files(out).values())
    for internal in ("Dana Smith", "platform-team", "2027-03-31", "2027-01-31", "ADR-2025",
                     "Use PostgreSQL", "repositor", "python >=3.12", "matcher"):  # fmt: skip
        assert internal.lower() not in everything.lower(), internal
    # Kotlin opts into its owner and its decisions
    kotlin = ws / "radar" / "kotlin.md"
    kotlin.write_text(
        KOTLIN.replace("---\nKotlin", "public: {owner: true, decisions: true}\n---\nKotlin")
    )
    assert run(ws, "radar", "publish", str(out))[0] == 0
    page = (out / "entries" / "kotlin.html").read_text("utf-8")
    assert "Contact: Dana Smith" in page
    assert "Decisions: Use PostgreSQL" in page
    assert "2027-01-31" not in page  # review dates never
    assert "Dana Smith" not in (out / "entries" / "python.html").read_text("utf-8")


def test_a_public_key_is_validated_with_its_position(ws: Path, tmp_path: Path) -> None:
    kotlin = ws / "radar" / "kotlin.md"
    kotlin.write_text(KOTLIN.replace("---\nKotlin", "public: {emails: true}\n---\nKotlin"))
    code, text = run(ws, "radar", "publish", str(tmp_path / "o"))
    assert code == 2  # an invalid strategy file, as for every radar command
    assert "radar/kotlin.md:9" in text and "emails" in text
    assert not (tmp_path / "o").exists()


def test_movement_and_editions(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(ws, "radar", "publish", str(out))[0] == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "radar.csv").read_text()))}
    assert rows["Python 3.12+"]["status"] == "Moved In"
    assert rows["Kotlin"]["status"] == "Moved In"
    assert rows["Python 3.12+"]["isNew"] == "FALSE"
    evil = next(r for r in rows.values() if r["ring"] == "Assess")
    assert evil["status"] == "New" and evil["isNew"] == "TRUE"
    assert list(next(iter(rows.values()))) == [
        "name", "ring", "quadrant", "isNew", "status", "description"]  # fmt: skip
    assert json.loads((out / "radar.json").read_text())[0].keys() == rows["Kotlin"].keys()
    page = (out / "entries" / "python.html").read_text("utf-8")
    assert "moved in from Trial" in page
    editions = (out / "editions.html").read_text("utf-8")
    assert editions.index("v2") < editions.index("v1")  # newest first
    assert "Moved in" in editions and 'href="entries/kotlin.html">Kotlin</a>' in editions
    # as of v1: Python was not tagged public yet, Kotlin was in Assess, the hostile entry absent
    code, text = run(ws, "radar", "publish", str(out), "--edition", "v1", "--json")
    assert code == 0, text
    assert json.loads(text)["entries"] == 1
    assert json.loads(text)["editions"] == ["v1"]
    assert "Assess" in (out / "entries" / "kotlin.html").read_text("utf-8")
    assert not (out / "entries" / "python.html").exists()  # a rebuild replaces the folder
    code, text = run(ws, "radar", "publish", str(out), "--edition", "v9")
    assert code == 2 and "v1, v2" in text


def test_a_hostile_entry_is_inert(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(ws, "radar", "publish", str(out))[0] == 0
    for rel, text in _files(out).items():
        if rel.endswith((".html", ".svg")):
            assert _active_markup(text) == [], rel
    # the scanner sees what it looks for (it can fail)
    planted = '<p><a href="javascript:x" onclick="y">a</a><script></script>'
    assert sorted(_active_markup(planted)) == ["a href=javascript:x", "a onclick", "script"]
    page = (out / "entries" / "evil.html").read_text("utf-8")
    assert "click" in page  # the link's text stays, without its target
    assert "&lt;img src=x onerror=alert(1)&gt;Evil &amp; co" in page
    sheet = (out / "radar.csv").read_text("utf-8")
    cells = [c for row in csv.reader(io.StringIO(sheet)) for c in row]
    assert any("=HYPERLINK" in c for c in cells)  # inside the description, not a cell's start
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_the_guard_stops_on_internal_names_and_redacts(ws: Path, tmp_path: Path) -> None:
    kotlin = ws / "radar" / "kotlin.md"
    kotlin.write_text(KOTLIN.replace("for new JVM", "for new JVM services - ask Lee Wong or"))
    out = tmp_path / "public"
    code, text = run(ws, "radar", "publish", str(out))
    assert code == 1
    assert "radar/kotlin.md text: names the owner 'Lee Wong'" in text
    assert not out.exists()
    code, text = run(ws, "radar", "publish", str(out), "--redact")
    assert code == 0, text
    page = (out / "entries" / "kotlin.html").read_text("utf-8")
    assert "ask [internal] or" in page and "Lee Wong" not in page
    # --allow lets a name through
    code, text = run(ws, "radar", "publish", str(out), "--allow", "lee wong")
    assert code == 0, text
    assert "ask Lee Wong or" in (out / "entries" / "kotlin.html").read_text("utf-8")


def test_a_name_that_is_a_technology_is_not_internal(ws: Path, tmp_path: Path) -> None:
    """A team or repository called like a catalog technology (``kafka``, ``laravel``: the real
    organisation's repositories are such projects) cannot be told from the technology in prose."""
    internal = ws / "radar" / "internal.md"
    internal.write_text(INTERNAL.replace("owner: Lee Wong", "owner: kafka"))
    kotlin = ws / "radar" / "kotlin.md"
    kotlin.write_text(KOTLIN.replace("for new JVM", "with Kafka for new JVM"))
    code, text = run(ws, "radar", "publish", str(tmp_path / "o"))
    assert code == 0, text


def test_the_folder_must_be_new_empty_or_a_previous_public_radar(ws: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    code, text = run(ws, "radar", "publish", str(busy))
    assert code == 2 and "not empty" in text
    assert (busy / "notes.txt").read_text() == "mine"


def test_moves_after_the_last_edition_are_the_next_one(ws: Path, tmp_path: Path) -> None:
    """Publishing the present: a ring change committed after the last tag is shown as moved,
    under "next edition" on the editions page; as of v2 it is not there."""
    import subprocess

    kotlin = ws / "radar" / "kotlin.md"
    kotlin.write_text(KOTLIN.replace("ring: Trial", "ring: Adopt"))
    env = {"GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "d@example.com",
           "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "d@example.com",
           "GIT_AUTHOR_DATE": "2025-09-01T10:00:00Z", "GIT_COMMITTER_DATE": "2025-09-01T10:00:00Z",
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", "-C", str(ws), "commit", "-qam", "kotlin adopt"], check=True, env=env)
    out = tmp_path / "public"
    code, text = run(ws, "radar", "publish", str(out), "--json")
    assert code == 0, text
    assert json.loads(text)["editions"] == ["v1", "v2", "next edition"]
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "radar.csv").read_text()))}
    assert rows["Kotlin"]["status"] == "Moved In" and rows["Kotlin"]["ring"] == "Adopt"
    assert rows["Python 3.12+"]["status"] == "No Change"
    assert "moved in from Trial" in (out / "entries" / "kotlin.html").read_text("utf-8")
    code, text = run(ws, "radar", "publish", str(out), "--edition", "v2")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "radar.csv").read_text()))}
    assert rows["Kotlin"]["ring"] == "Trial" and rows["Python 3.12+"]["status"] == "Moved In"
