"""The cockpit's IP page (/ip, /api/ip) and the static site's publish gate, on the test
organisation with a hostile IP register (every text a workspace file can carry is markup)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import TODAY

from lodestar.records import Finding, Severity
from lodestar.records.ip import (
    Deadline,
    Disclosure,
    ExportRecord,
    IpRegister,
    OutboundProject,
    PatentFamily,
    PatentMember,
    RepositoryVisibility,
    TradeSecret,
)
from lodestar.records.strategy import SourcePosition
from lodestar.render.presentation import to_jsonable
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_ip import ip_context
from lodestar.web.links import Links
from lodestar.web.pages import render, resolve
from lodestar.web.site import build_site

EVIL = '<img src=x onerror="window.__pwned=1">'
# every text of the register a static site must never show without ip.publish
SECRET_TEXTS = {
    "disclosure": "Adaptive retry budgets",
    "family": "Fraud scoring family",
    "application": "EP24123456.7",
    "grant": "US-12345678-B2",
    "deadline": "PCT national phase entry",
    "outbound": "Upstream-Widget-Project",
    "trade secret": "pricing/engine-weights/**",
    "export": "5D002-classified",
    "register file": "ip/patents.yaml",
    "disclosure file": "ip/disclosures/D-7.md",
}


def _register() -> IpRegister:
    due = Deadline(
        SECRET_TEXTS["deadline"],
        TODAY + dt.timedelta(days=12),
        source=SourcePosition(SECRET_TEXTS["register file"], 14),
    )
    missed = Deadline(
        "reply " + EVIL,
        TODAY - dt.timedelta(days=9),
        note=EVIL,
        source=SourcePosition("ip/patents.yaml", 12),
    )
    return IpRegister(
        disclosures=(
            Disclosure(
                "D-7",
                SECRET_TEXTS["disclosure"],
                "under-review",
                TODAY - dt.timedelta(days=100),
                source=SourcePosition(SECRET_TEXTS["disclosure file"], 2),
            ),
            Disclosure(
                "D-8",
                "Title " + EVIL,
                "filed",
                dt.date(2026, 1, 2),
                decision_date=dt.date(2026, 4, 2),
                source=SourcePosition("ip/disclosures/D-8.md", 2),
            ),
        ),
        patents=(
            PatentFamily(
                "PF-1",
                SECRET_TEXTS["family"],
                members=(
                    PatentMember(
                        "EP", "pending", application=SECRET_TEXTS["application"], deadlines=(due,)
                    ),
                    PatentMember(
                        "US",
                        "granted",
                        application="x",
                        grant=SECRET_TEXTS["grant"],
                        deadlines=(missed,),
                    ),
                ),
                repositories=("orders-api",),
                source=SourcePosition("ip/patents.yaml", 3),
            ),
        ),
        outbound=(
            OutboundProject(
                "w", SECRET_TEXTS["outbound"], url="https://example.com/" + EVIL, conditions=EVIL
            ),
        ),
        trade_secrets=(TradeSecret("TS-1", "orders-api", (SECRET_TEXTS["trade secret"],), EVIL),),
        visibility=(RepositoryVisibility("orders-api", "public"),),
        exports=(ExportRecord("orders-api", SECRET_TEXTS["export"], notice=EVIL),),
    )


IP_FINDINGS = (
    Finding(
        "ip-deadline-missed",
        Severity.ERROR,
        f"{SECRET_TEXTS['family']}: reply missed",
        evidence=("ip/patents.yaml:12",),
        declaration=SourcePosition("ip/patents.yaml", 12),
    ),
    Finding(
        "ip-trade-secret-exposed",
        Severity.ERROR,
        f"{SECRET_TEXTS['trade secret']} in public orders-api " + EVIL,
        repository="orders-api",
    ),
    Finding(
        "ip-export-record-missing", Severity.WARNING, "billing uses OpenSSL", repository="billing"
    ),
)


@pytest.fixture
def ip_cockpit(cockpit: Cockpit) -> Cockpit:
    assert cockpit.strategy is not None and cockpit.findings is not None
    return dataclasses.replace(
        cockpit,
        strategy=dataclasses.replace(cockpit.strategy, ip=_register()),
        findings=cockpit.findings + IP_FINDINGS,
    )


def test_context_holds_the_summary_in_lifecycle_columns(ip_cockpit: Cockpit) -> None:
    ctx = ip_context(ip_cockpit)
    s = ctx.summary
    assert [d.missed for d in s.deadlines] == [True, False]  # the missed one on top
    assert (s.missed, s.due_soon) == (1, 1)
    assert [c.status for c in ctx.columns][:3] == ["draft", "submitted", "under-review"]
    assert [d.id for c in ctx.columns for d in c.disclosures] == ["D-7", "D-8"]
    assert [f.rule for f in s.findings] == [f.rule for f in IP_FINDINGS]
    assert ctx.timeline_start < TODAY < ctx.timeline_end and ctx.note is None
    assert [(t.repository, t.visibility) for t in s.trade_secrets] == [("orders-api", "public")]


def test_page_escapes_every_register_text(ip_cockpit: Cockpit) -> None:
    page = resolve(ip_cockpit, "ip/")
    assert page is not None and page.title == "IP office"
    html = render(page, ip_cockpit, Links())
    assert EVIL not in html and "&lt;img src=x" in html
    assert html.count("<svg") == 1 and 'class="ip-timeline"' in html
    assert 'href="#deadline-1"' in html and 'id="deadline-1" class="missed"' in html
    assert "missed 9 days ago" in html  # in words, not only in red
    assert "<code>ip/<wbr>patents.yaml:<wbr>14</code>" in html
    assert 'href="/findings/?rule=ip-trade-secret-exposed"' in html
    assert '<a href="/ip/" aria-current="page">IP</a>' in html  # in the navigation


def test_empty_register_says_what_to_add(cockpit: Cockpit) -> None:
    ctx = ip_context(cockpit)
    assert ctx.note is not None and "ip/" in ctx.note and not ctx.summary.declared
    html = render(resolve(cockpit, "ip/"), cockpit, Links())  # type: ignore[arg-type]
    assert "No invention disclosure declared." in html


def test_api_answers_the_page_context(ip_cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: ip_cockpit))
    data = client.get("/api/ip").json()
    assert data["summary"] == to_jsonable(ip_context(ip_cockpit).summary)
    assert data["summary"]["deadlines"][0]["missed"] is True


def _site_text(out: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in sorted(out.rglob("*"))
        if p.is_file()
        and p.suffix in {".html", ".json", ".csv", ".js", ".svg"}
        and "static" not in p.parts
    )


def test_the_site_shows_no_ip_unless_published(ip_cockpit: Cockpit, tmp_path: Path) -> None:
    build_site(ip_cockpit, tmp_path / "default")
    text = _site_text(tmp_path / "default")
    assert not (tmp_path / "default" / "ip").exists()
    assert not (tmp_path / "default" / "api" / "ip.json").exists()
    for what, value in SECRET_TEXTS.items():
        assert value not in text, what
    assert "ip-trade-secret-exposed" not in text and "ip-deadline-missed" not in text
    assert "eol-past" in text or "radar-hold-in-use" in text  # the other findings stay

    build_site(ip_cockpit, tmp_path / "published", publish_ip=True)
    out = tmp_path / "published"
    text = _site_text(out)
    page = (out / "ip" / "index.html").read_text("utf-8")
    for shown in ("disclosure", "deadline", "application", "grant", "register file"):
        assert SECRET_TEXTS[shown] in page, shown
    for hidden in ("outbound", "trade secret", "export"):
        assert SECRET_TEXTS[hidden] not in text, hidden
    assert "ip-deadline-missed" in text and "ip-trade-secret-exposed" not in text
    assert "ip-export-record-missing" not in text
    data = json.loads((out / "api" / "ip.json").read_text("utf-8"))
    assert data["published"] and not data["summary"]["trade_secrets"]
    assert 'href="../ip/index.html"' in (out / "radar" / "index.html").read_text("utf-8")
