"""The policies page (/policies, /api/policies) on the demo: what each policy file declares
with its path:line, the open findings of each rule family (the one per-rule summary, equal to
what ``lodestar check --json`` lists), the exceptions with their expiry, and hostile text
escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.records import (
    DependencyRule,
    LicencePolicy,
    Matcher,
    Policies,
    PolicyException,
    SourcePosition,
    Strategy,
)
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_policies import FAMILIES, policies_context
from lodestar.web.links import Links
from lodestar.web.pages import render, resolve
from lodestar.web.server import cockpit_builder

runner = CliRunner()
EVIL = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def demo_cockpit(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


def _lines(root: Path, rel: str, needle: str) -> int:
    """The 1-based line of the first line of ``rel`` that contains ``needle``."""
    for number, line in enumerate((root / rel).read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def test_each_declaration_says_where_it_is_declared(demo_root: Path, demo_cockpit: Cockpit) -> None:
    ctx = policies_context(demo_cockpit)
    assert ctx.note is None
    sections = {s.key: s for s in ctx.sections}
    assert list(sections) == [*FAMILIES]
    licence = sections["licence"]
    assert (
        licence.source
        == f"policies/licences.yaml:{_lines(demo_root, 'policies/licences.yaml', 'licence:')}"
    )
    items = {i.label: i.text for i in licence.items}
    where = {i.label: i.source for i in licence.items}
    lic = "policies/licences.yaml"
    assert where == {
        "internal context": f"{lic}:{_lines(demo_root, lic, '    internal:')}",
        "saas context": f"{lic}:{_lines(demo_root, lic, '    saas:')}",
        "distributed context": f"{lic}:{_lines(demo_root, lic, '    distributed:')}",
        "distributed repositories": f"{lic}:{_lines(demo_root, lic, 'nw-cli: distributed')}",
        "saas repositories": f"{lic}:{_lines(demo_root, lic, 'storefront-web: saas')}",
        "every other repository": f"{lic}:{_lines(demo_root, lic, 'default-context:')}",
    }
    assert items["distributed repositories"] == "nw-cli"
    assert (
        items["saas repositories"] == "mobile-bff, partner-portal, storefront-web, supplier-portal"
    )
    assert "denied: GPL-2.0-only, GPL-3.0-only, AGPL-3.0-only" in items["distributed context"]
    assert items["every other repository"] == "internal context"
    eol = sections["eol"]
    assert (
        eol.source
        == f"policies/lifecycle.yaml:{_lines(demo_root, 'policies/lifecycle.yaml', 'eol:')}"
    )
    soon = {i.label: i for i in eol.items}["ending soon"]
    assert "180 days" in soon.text
    assert (
        soon.source
        == f"policies/lifecycle.yaml:{_lines(demo_root, 'policies/lifecycle.yaml', 'warn-days:')}"
    )
    vulns = sections["vulnerabilities"]
    assert vulns.source is not None and vulns.source.startswith("policies/vulnerabilities.yaml:")
    assert "high or above" in vulns.items[0].text
    rules = sections["dependencies"].items
    assert len(rules) == 5
    text = (demo_root / "policies/dependencies.yaml").read_text("utf-8").splitlines()
    starts = [n for n, line in enumerate(text, 1) if line.startswith("  - action:")]
    assert [r.source for r in rules] == [f"policies/dependencies.yaml:{n}" for n in starts]
    assert "pkg:npm/moment *" in rules[0].text and rules[0].label == "deny (warning)"
    assert sections["ip"].items[0].text.startswith("a repository a granted or pending patent")
    assert ctx.files == (
        "policies/dependencies.yaml", "policies/exceptions.yaml", "policies/ip.yaml",
        "policies/licences.yaml", "policies/lifecycle.yaml", "policies/vulnerabilities.yaml",
    )  # fmt: skip


def test_the_exceptions_say_when_they_expire(demo_cockpit: Cockpit) -> None:
    ctx = policies_context(demo_cockpit)
    assert len(ctx.waivers) == 4
    assert [w.expires for w in ctx.waivers] == sorted(w.expires for w in ctx.waivers)
    today = demo_cockpit.today
    for w in ctx.waivers:
        days = (w.expires - today).days
        assert w.days == days
        assert w.state == ("expired" if days < 0 else "expiring" if days <= 30 else "live")
        assert w.source is not None and w.source.startswith("policies/exceptions.yaml:")
    assert ctx.expired == sum(w.state == "expired" for w in ctx.waivers)
    # what each exception waives today is the cockpit's waived findings, counted by exception
    assert sum(w.waives for w in ctx.waivers) == len(demo_cockpit.waived or ())


def test_the_rule_counts_are_what_check_lists(demo_root: Path, demo_cockpit: Cockpit) -> None:
    result = runner.invoke(app, ["-w", str(demo_root), "check", "--json"])
    assert result.exit_code in (0, 1), result.output
    checked = json.loads(result.stdout)
    open_by = Counter(f["rule"] for f in checked["findings"])
    waived_by = Counter(w["finding"]["rule"] for w in checked["waived"])
    ctx = policies_context(demo_cockpit)
    page = {r.rule: (r.findings, r.waived) for s in ctx.sections for r in s.rules}
    assert page == {
        rule: (open_by[rule], waived_by[rule]) for rules in FAMILIES.values() for rule in rules
    }
    assert sum(n for n, _ in page.values()) > 0  # the demo has policy findings to count
    # the HTML page shows the same figures, each linked to its findings
    client = TestClient(create_app(lambda: demo_cockpit))
    html = client.get("/policies/").text
    shown = dict(re.findall(r'data-rule="([a-z-]+)">(\d+)<', html))
    assert {r: int(n) for r, n in shown.items()} == {r: n for r, (n, _) in page.items()}
    for rule in page:
        assert f'href="/findings/?rule={rule}"' in html
    api = client.get("/api/policies").json()
    assert [s["key"] for s in api["sections"]] == [*FAMILIES]


def _hostile_strategy() -> Strategy:
    at = SourcePosition("policies/" + EVIL + ".yaml", 3)
    return Strategy(
        policies=Policies(
            licence=(LicencePolicy("distributed", (EVIL,), (EVIL,), (EVIL,)),),
            licence_context={EVIL: "distributed"},
            dependency_rules=(
                DependencyRule("deny", Matcher(purl="pkg:npm/" + EVIL), reason=EVIL, source=at),
            ),
            exceptions=(PolicyException(EVIL, EVIL, EVIL, EVIL, EVIL, dt.date(2020, 1, 1), at),),
            sections={"licence": at},
        )
    )


def test_hostile_policy_text_is_escaped(cockpit: Cockpit) -> None:
    hostile = dataclasses.replace(cockpit, strategy=_hostile_strategy())
    ctx = policies_context(hostile)
    assert ctx.expired == 1 and ctx.waivers[0].state == "expired"
    page = resolve(hostile, "policies/")
    assert page is not None
    html = render(page, hostile, Links())
    assert EVIL not in html and "&lt;img src=x" in html
    assert EVIL in unescape(html)


def test_no_strategy_says_so(bare_cockpit: Cockpit) -> None:
    ctx = policies_context(bare_cockpit)
    assert ctx.note and not ctx.waivers
    html = render(resolve(bare_cockpit, "policies/"), bare_cockpit, Links())  # type: ignore[arg-type]
    assert "Policies" in html
