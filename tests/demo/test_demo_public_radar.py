"""``lodestar radar publish`` on the demo (51 entries, three editions): nothing internal leaks.

The scanner here is the test's own (not the command's guard): it loads every repository name,
person name and email from the demo's store and every owner and decision maker from its strategy,
then reads every output file - HTML, SVG, CSV, JSON, and the PDF's text through pdftotext - and
looks for each as a whole word, ignoring case. A negative control plants leaks in a copy of the
output and checks the scanner reports them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF
from tests.demo.demo_run import invoke

from lodestar.settings import Workspace
from lodestar.store import database, known_people, list_repositories
from lodestar.strategy import load_strategy

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def _known_names(demo: Path) -> set[str]:
    ws = Workspace.load(demo)
    with database(ws.database_url) as engine:
        repositories = [r.name for r in list_repositories(engine)]
        people = list(known_people(engine).values())
    strategy = load_strategy(demo)
    # a repository mirrored from elsewhere is "mirrors/legacy-billing": texts name it by its tail
    names = set(repositories) | {r.rsplit("/", 1)[-1] for r in repositories}
    for person in people:
        names.add(person.name)
        names.update(e for e in (person.key, *person.emails) if "@" in e)
    names.update(e.owner for e in strategy.entries if e.owner)
    for d in strategy.decisions:
        names.update((*d.decision_makers, *d.consulted, *d.informed))
    names.update(c.owner for c in strategy.campaigns if c.owner)
    return {n.strip() for n in names if len(n.strip()) >= 3}


def _texts(out: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".pdf":
            texts[rel] = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
            ).stdout
        else:
            texts[rel] = path.read_text("utf-8")
    return texts


def scan(texts: dict[str, str], names: set[str]) -> list[tuple[str, str]]:
    """(file, name) for every known name found as a whole word, ignoring case."""
    hits = []
    for name in sorted(names):
        pattern = re.compile(r"(?<![\w@.-])" + re.escape(name) + r"(?![\w@-])", re.IGNORECASE)
        hits += [(rel, name) for rel, text in texts.items() if pattern.search(text)]
    return hits


@pytest.fixture(scope="module")
def published(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public") / "radar"
    invoke("-w", str(demo), "radar", "publish", str(out), "--all", "--redact")
    return out


def test_the_guard_stops_on_the_demo_texts_naming_repositories(demo: Path, tmp_path: Path) -> None:
    out = invoke(
        "-w", str(demo), "radar", "publish", str(tmp_path / "o"), "--all", "--json", code=1
    )
    leaks = json.loads(out)["leaks"]
    assert {"where": "radar/fastapi.md text", "name": "orders-api", "kind": "repository"} in leaks
    assert not (tmp_path / "o").exists()


def test_the_demo_radar_is_published_whole(published: Path) -> None:
    assert len(list((published / "entries").glob("*.html"))) == 51
    rows = list(csv.DictReader(io.StringIO((published / "radar.csv").read_text("utf-8"))))
    assert len(rows) == 51 == len(json.loads((published / "radar.json").read_text("utf-8")))
    statuses = {r["name"]: r["status"] for r in rows}
    assert statuses["k6"] == "New" and statuses["An SBOM for every release"] == "Moved In"
    assert statuses["Kotlin"] == "No Change"  # moved in 2026-02, not in the latest edition
    editions = (published / "editions.html").read_text("utf-8")
    assert [m for m in ("2026-10", "2026-02", "2025-07") if m in editions] == [
        "2026-10", "2026-02", "2025-07"]  # fmt: skip
    assert editions.index("2026-10") < editions.index("2026-02") < editions.index("2025-07")
    index = (published / "index.html").read_text("utf-8")
    assert index.count('href="entries/') >= 2 * 51  # the slide's blips and names, and the lists
    assert "<script" not in index


def test_nothing_internal_leaks(demo: Path, published: Path) -> None:
    names = _known_names(demo)
    assert len(names) > 30 and "orders-api" in names  # the scanner has something to look for
    texts = _texts(published)
    assert {"index.html", "editions.html", "radar.svg", "radar.pdf", "radar.csv"} <= set(texts)
    assert "Apache Kafka" in texts["radar.pdf"]
    assert scan(texts, names) == []
    everything = "\n".join(texts.values()).lower()
    strategy = load_strategy(demo)
    dates = {e.review_by.isoformat() for e in strategy.entries if e.review_by}
    decisions = {d.id.lower() for d in strategy.decisions}
    assert dates and decisions
    assert not re.search(r"\bused in \d+ repositor", everything)
    for internal in ("review by", "contact:", "decisions:", str(demo).lower(),
                     "/repos/", ".lodestar", *dates, *decisions):  # fmt: skip
        assert internal not in everything, internal


def test_the_scanner_catches_a_planted_leak(demo: Path, published: Path, tmp_path: Path) -> None:
    """Negative control: the same scan over a copy with leaks planted in HTML, CSV and PDF."""
    names = _known_names(demo)
    person = next(n for n in sorted(names) if " " in n)
    email = next(n for n in sorted(names) if "@" in n and "[bot]" not in n)
    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    page = copy / "entries" / "kafka.html"
    page.write_text(
        page.read_text("utf-8").replace("</main>", f"<p>Ask {person.upper()}.</p></main>")
    )
    with (copy / "radar.csv").open("a", encoding="utf-8") as sheet:
        sheet.write(f"x,Adopt,Tools,FALSE,No Change,mail {email}\n")
    pdf = FPDF()  # a PDF whose text names a repository
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Ask about legacy-billing, or legacy-billing-v2.")
    (copy / "radar.pdf").write_bytes(bytes(pdf.output()))
    hits = scan(_texts(copy), names)
    assert ("entries/kafka.html", person) in hits
    assert ("radar.csv", email) in hits
    assert ("radar.pdf", "legacy-billing") in hits
    assert len(hits) == 3, hits  # and nothing else: "legacy-billing-v2" would not be a hit


def test_an_edition_of_the_demo(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "radar"
    data = json.loads(
        invoke(
            "-w",
            str(demo),
            "radar",
            "publish",
            str(out),
            "--all",
            "--redact",
            "--edition",
            "2026-02",
            "--json",
        )
    )
    assert data["editions"] == ["2025-07", "2026-02"]
    assert data["entries"] == 46  # k6, OpenTelemetry, OpenTofu, uv and one more came later
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "radar.csv").read_text()))}
    assert "k6" not in rows
    assert rows["Apache Kafka"]["status"] == "Moved In"
    assert rows["Flask"]["status"] == "Moved Out"
    assert scan(_texts(out), _known_names(demo)) == []


def test_usage_opt_in_shows_the_cockpits_figure(demo: Path, tmp_path: Path) -> None:
    """An entry opting into ``usage`` says "Used in N repositories" with the cockpit's N (the
    radar page's where-used count), and nothing else of the store."""
    from lodestar.store.readonly import open_read_only
    from lodestar.web.contexts_radar import used_in
    from lodestar.web.server import cockpit_builder

    copy = tmp_path / "northwind"
    shutil.copytree(demo, copy, symlinks=True)
    kafka = copy / "radar" / "kafka.md"
    kafka.write_text(
        kafka.read_text("utf-8").replace("matchers:", "public: {usage: true}\nmatchers:", 1)
    )
    out = tmp_path / "radar"
    invoke("-w", str(copy), "radar", "publish", str(out), "--all", "--redact")
    ws = Workspace.load(copy)
    cockpit = cockpit_builder(ws, open_read_only(ws.database_url))()
    entry = next(e for e in cockpit.strategy.entries if e.id == "kafka")  # type: ignore[union-attr]
    expected = used_in(cockpit, entry)
    assert expected >= 1
    page = (out / "entries" / "kafka.html").read_text("utf-8")
    noun = "repository" if expected == 1 else "repositories"
    assert f"Used in {expected} {noun}." in page
    assert "Used in" not in (out / "entries" / "go.html").read_text("utf-8")
    assert scan(_texts(out), _known_names(copy)) == []
