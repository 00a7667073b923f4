"""``lodestar report board`` on the demo: every figure equals the one the other commands show
(verdict, check, vulns history, risk, campaigns, initiatives, releases, training), the HTML is
the same bytes when built twice, links to the cockpit, and the PDF (Chromium) has its pages,
text, charts and embedded fonts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.demo.demo_run import AS_OF, invoke, runner

from lodestar.analysis.board_sections import RADAR_RULES
from lodestar.cli.app import app

QUARTER_MONTHS = ("2026-10", "2026-11", "2026-12")  # AS_OF's quarter
PREVIOUS_MONTH = "2026-09-01"
CHROMIUM = Path("/usr/bin/chromium")


def _board(demo: Path, out: Path, *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        invoke(
            "-w", str(demo), "report", "board", "--as-of", AS_OF, "-o", str(out), *extra, "--json"
        )
    )
    return data


@pytest.fixture(scope="module")
def board(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _board(demo, tmp_path_factory.mktemp("board"), "--no-pdf")


def _figures(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for f in board["report"]["headline"]}


def _json(demo: Path, *args: str, code: int = 0) -> Any:
    return json.loads(invoke("-w", str(demo), *args, code=code))


def test_the_report_names_its_quarter_and_says_it_is_not_over(board: dict[str, Any]) -> None:
    report = board["report"]
    assert (report["quarter"], report["as_of"], report["partial"]) == ("2026Q4", AS_OF, True)
    assert (report["previous_quarter"], report["previous_day"]) == ("2026Q3", "2026-09-30")
    assert [s["key"] for s in report["sections"]] == [
        "strategy",
        "execution",
        "change",
        "communication",
        "ip",  # the IP office's section (lodestar.analysis.board_ip), through SECTIONS
    ]
    levels = [f for f in report["headline"] if f["level"] != "ip"]
    assert 12 <= len(levels) <= 15
    assert len(report["headline"]) == len(levels) + 4
    assert board["pdf"] is None and board["pdf_skipped"] == "--no-pdf"
    for figure in report["headline"]:
        assert figure["reading"].endswith((".", "...")), figure
        assert figure["evidence"], figure["key"]


def test_levels_equal_the_verdict_and_its_series(demo: Path, board: dict[str, Any]) -> None:
    verdict = _json(demo, "verdict", "--as-of", AS_OF, "--json")
    figures = _figures(board)
    for level in verdict["levels"]:
        figure = figures[f"verdict-{level['level']}"]
        assert figure["value"] == level["score"]
        previous = next(p["score"] for p in level["series"] if p["month"] == PREVIOUS_MONTH)
        assert figure["previous"] == previous
        assert figure["rag"] == level["rag"]


def test_findings_figures_equal_check(board: dict[str, Any], checked: dict[str, Any]) -> None:
    figures = _figures(board)
    off = {
        f["repository"]
        for f in checked["findings"]
        if f["rule"] in RADAR_RULES and f["severity"] in {"error", "warning"} and f["repository"]
    }
    assert figures["radar-conformance"]["value"] == len(off) > 0
    eol = [f for f in checked["findings"] if f["rule"] == "eol-past" and f["severity"] == "error"]
    assert figures["eol-exposure"]["value"] == len(eol) > 0


def test_exposure_knowledge_and_training_equal_their_commands(
    demo: Path, board: dict[str, Any]
) -> None:
    figures = _figures(board)
    history = _json(demo, "vulns", "history", "--as-of", AS_OF, "--json")
    open_high = [e for e in history["exposures"] if e["open"] and e["band"] in {"critical", "high"}]
    assert figures["vulnerability-exposure"]["value"] == len(open_high) > 0
    risk = _json(demo, "risk", "--as-of", AS_OF, "--json")
    fragile = [r for r in risk["repositories"] if r["active_truck_factor"]["value"] <= 1]
    assert figures["knowledge-risk"]["value"] == len(fragile) > 0
    plan = _json(demo, "training", "--as-of", AS_OF, "--json")
    training = figures["training-coverage"]
    assert training["value"] == plan["coverage"]["covered"]
    assert training["previous"] == plan["previous_coverage"]["covered"]
    assert training["display"] == f"{plan['coverage']['covered']} of {plan['coverage']['total']}"


def test_change_and_delivery_equal_their_commands(demo: Path, board: dict[str, Any]) -> None:
    figures = _figures(board)
    campaigns = _json(demo, "campaigns", "--as-of", AS_OF, "--json")["campaigns"]
    assert figures["campaign-progress"]["value"] == sum(c["done"] for c in campaigns)
    initiatives = _json(demo, "initiatives", "--as-of", AS_OF, "--json")["initiatives"]
    krs = [k for i in initiatives for k in i["key_results"]]
    met = [k for k in krs if k["progress"] is not None and k["progress"] >= 100]
    assert figures["key-results"]["display"] == f"{len(met)} of {len(krs)}"
    assert figures["key-results"]["previous"] is None  # typed by hand: no history to compare
    releases = _json(demo, "releases", "--json")["repositories"]
    in_quarter = sum(
        m["releases"] for r in releases for m in r["months"] if m["month"] in QUARTER_MONTHS
    )
    assert figures["delivery-cadence"]["value"] == in_quarter
    table = next(t for t in board["report"]["sections"][2]["tables"] if t["title"] == "Campaigns")
    assert len(table["rows"]) == len(campaigns)


def test_html_is_the_same_bytes_twice_and_links_to_the_cockpit(demo: Path, tmp_path: Path) -> None:
    url = "https://lodestar.example.com/"
    first = _board(demo, tmp_path / "a", "--no-pdf", "--cockpit-url", url)
    second = _board(demo, tmp_path / "b", "--no-pdf", "--cockpit-url", url)
    a, b = Path(first["html"]), Path(second["html"])
    assert a.name == "board-2026Q4.html"
    assert a.read_bytes() == b.read_bytes()
    html = a.read_text("utf-8")
    for page in ("verdict/", "campaigns/", "findings/?rule=eol-past", "vulnerabilities/"):
        assert f'href="{url}{page}"' in html.replace("&amp;", "&"), page
    assert f'href="{url}repositories/' in html
    assert "campaigns/retire-gitlab-ci.md:1" in html  # a workspace file:line
    assert html.count("<svg") >= 12  # four sparklines and the bar pairs
    for remote in ("<script", "<link", " src=", "url(", "@import"):
        assert remote not in html, remote


def test_quarter_options(demo: Path, tmp_path: Path) -> None:
    data = json.loads(
        invoke(
            "-w",
            str(demo),
            "report",
            "board",
            "--quarter",
            "2026Q3",
            "-o",
            str(tmp_path),
            "--no-pdf",
            "--json",
        )
    )
    report = data["report"]
    assert (report["as_of"], report["partial"], report["previous_quarter"]) == (
        "2026-09-30",
        False,
        "2026Q2",
    )
    assert (tmp_path / "board-2026Q3.html").is_file()
    for args in (
        ["--quarter", "2026Q5"],
        ["--quarter", "2031Q1"],
        ["--quarter", "2026Q3", "--as-of", AS_OF],
    ):
        result = runner.invoke(
            app, ["-w", str(demo), "report", "board", "-o", str(tmp_path), *args]
        )
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_without_a_chromium_the_html_is_written_and_pdf_says_what_to_install(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LODESTAR_CHROMIUM", str(tmp_path / "no-such-chromium"))
    args = ["-w", str(demo), "report", "board", "--as-of", AS_OF, "-o", str(tmp_path / "out")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "no PDF written" in result.stderr and "apt-get install chromium" in result.stderr
    assert (tmp_path / "out" / "board-2026Q4.html").is_file()
    assert not (tmp_path / "out" / "board-2026Q4.pdf").exists()
    required = runner.invoke(app, [*args, "--pdf"])
    assert required.exit_code == 1
    assert "cannot print the PDF" in required.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_pdf_pages_text_charts_and_fonts(demo: Path, tmp_path: Path) -> None:
    from PIL import Image

    data = _board(demo, tmp_path, "--pdf")
    pdf = Path(data["pdf"])
    assert pdf.name == "board-2026Q4.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    # the headline page, one page (or more) per level section, the appendix
    assert 6 <= pages <= 12, info.stdout
    assert "pts (A4)" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the headline fits the first page: from the title to the last card (the IP office's open
    # findings: 18 figures, set in four columns once over twelve)
    first = " ".join(text.split("\f")[0].split()).casefold()
    for words in (
        "technology board report 2026Q4",
        "Strategy verdict",
        "Adopt technologies with",
        "Open IP findings",
    ):
        assert words.casefold() in first, words
    assert "Appendix: evidence" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), fonts.stdout  # emb column
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    width, height = image.size
    # the charts: the "now" bars and the sparklines are drawn in a teal no text uses
    chart = sum(
        1
        for x in range(0, width, 2)
        for y in range(0, height, 2)
        if _near(image.getpixel((x, y)), (0x1F, 0x7A, 0x8C))
    )
    assert chart > 400, chart


def _near(pixel: Any, colour: tuple[int, int, int]) -> bool:
    return all(abs(int(a) - b) <= 24 for a, b in zip(pixel, colour, strict=True))
