"""The IP office's one summary (analysis.ip_summary): counts, the deadlines to act on, what a
published site may show."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.ip_summary import (
    WINDOW_DAYS,
    confidential_rule,
    ip_summary,
    publishable,
    quarter_start,
)
from lodestar.catalog import load_catalog
from lodestar.records import Dependency, Finding, Observation, Scope, Severity, TechnologyUse
from lodestar.records.ip import (
    Deadline,
    Disclosure,
    ExportRecord,
    IpPath,
    IpRegister,
    OutboundProject,
    PatentFamily,
    PatentMember,
    RepositoryVisibility,
    TradeSecret,
)
from lodestar.records.strategy import SourcePosition

TODAY = dt.date(2026, 12, 1)
PATENTS = "ip/patents.yaml"


def _at(line: int, path: str = PATENTS) -> SourcePosition:
    return SourcePosition(path, line)


def register() -> IpRegister:
    """A small docket modelled on the demo's: a missed hard deadline, one due within 30 days,
    one extendable within 90, one beyond the window, one done (all out of order)."""
    deadlines = (
        Deadline("annuity 5", TODAY + dt.timedelta(days=200), source=_at(20)),
        Deadline("PCT national phase", TODAY + dt.timedelta(days=12), source=_at(14)),
        Deadline("office action reply", TODAY - dt.timedelta(days=9), source=_at(12)),
        Deadline("IDS", TODAY + dt.timedelta(days=60), hard=False, source=_at(16)),
        Deadline("old reply", TODAY - dt.timedelta(days=40), done=True, source=_at(18)),
    )
    return IpRegister(
        disclosures=(
            Disclosure(
                "D-1",
                "Adaptive retry",
                "draft",
                TODAY - dt.timedelta(days=120),
                paths=(IpPath("orders-api", "src/retry/**"),),
                source=_at(3, "ip/disclosures/D-1.md"),
            ),
            Disclosure(
                "D-2",
                "Fraud scoring",
                "filed",
                dt.date(2026, 3, 1),
                decision_date=dt.date(2026, 10, 5),
                repositories=("payments",),
                source=_at(3, "ip/disclosures/D-2.md"),
            ),
            Disclosure(
                "D-3",
                "Cache keys",
                "published-defensively",
                dt.date(2025, 1, 1),
                decision_date=dt.date(2025, 6, 1),
                source=_at(3, "ip/disclosures/D-3.md"),
            ),
        ),
        patents=(
            PatentFamily(
                "PF-1",
                "Fraud scoring family",
                members=(
                    PatentMember(
                        "EP", "pending", application="EP24123456.7", deadlines=deadlines[:3]
                    ),
                    PatentMember(
                        "US",
                        "granted",
                        application="18/123,456",
                        grant="US 12,345,678 B2",
                        deadlines=deadlines[3:],
                    ),
                ),
                source=_at(5),
            ),
            PatentFamily("PF-2", "Lapsed family", members=(PatentMember("DE", "lapsed"),)),
        ),
        outbound=(
            OutboundProject(
                "requests",
                "requests",
                url="https://github.com/psf/requests",
                agreement="none",
                approved=True,
                approver="cto",
            ),
        ),
        trade_secrets=(
            TradeSecret("TS-1", "pricing", ("src/engine/**", "models/*.bin")),
            TradeSecret("TS-2", "pricing", ("tuning/**",)),
            TradeSecret("TS-3", "orders-api", ("src/retry/weights.py",)),
        ),
        visibility=(RepositoryVisibility("pricing", "public"),),
        exports=(
            ExportRecord("payments", "5D002", notice="EXPORT.md", source=_at(2, "ip/export.yaml")),
        ),
    )


def _finding(rule: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(rule, severity, f"{rule} message", repository="pricing")


def test_deadlines_missed_first_then_the_window_most_urgent_first() -> None:
    summary = ip_summary(register(), (), TODAY)
    rows = [(d.type, d.days, d.missed, d.hard, d.source) for d in summary.deadlines]
    assert rows == [
        ("office action reply", -9, True, True, "ip/patents.yaml:12"),
        ("PCT national phase", 12, False, True, "ip/patents.yaml:14"),
        ("IDS", 60, False, False, "ip/patents.yaml:16"),
    ]  # beyond the window (200 days) and the done one are left out
    assert (summary.missed, summary.due_soon, summary.window_days) == (1, 2, WINDOW_DAYS)
    granted = next(d for d in summary.deadlines if d.jurisdiction == "US")
    assert granted.application == "US 12,345,678 B2"  # the grant number once granted


def test_register_counts_in_lifecycle_order() -> None:
    summary = ip_summary(register(), (), TODAY)
    assert summary.disclosures_by_status[:4] == (
        ("draft", 1),
        ("submitted", 0),
        ("under-review", 0),
        ("filed", 1),
    )
    assert [d.id for d in summary.disclosures] == ["D-1", "D-2", "D-3"]
    assert summary.disclosures[0].undecided_days == 120
    assert summary.disclosures[0].repositories == ("orders-api",)  # from its paths
    assert summary.disclosures[1].undecided_days is None
    assert summary.decided_this_quarter == ("D-2",)  # decided 2026-10-05, the quarter began 10-01
    assert dict(summary.families_by_status) == {
        "pending": 0,
        "granted": 1,
        "lapsed": 1,
        "abandoned": 0,
    }
    assert summary.applications_by_jurisdiction == (("DE", 1), ("EP", 1), ("US", 1))
    assert [(t.repository, t.secrets, t.globs, t.visibility) for t in summary.trade_secrets] == [
        ("orders-api", 1, 1, None),
        ("pricing", 2, 3, "public"),
    ]
    assert summary.declared and not ip_summary(IpRegister(), None, TODAY).declared


def _uses(*ids: str) -> tuple[TechnologyUse, ...]:
    return tuple(TechnologyUse(i, "dependency", f"pkg:x/{i}", "lock") for i in ids)


def _observed(name: str, *ids: str) -> Observation:
    """A repository whose runtime dependencies (they ship) are the technologies ``ids``."""
    deps = tuple(
        Dependency(f"pkg:x/{i}", "x", i, None, None, Scope.RUNTIME, True, "lock") for i in ids
    )
    return Observation(name, None, dependencies=deps, technologies=_uses(*ids))


def test_exports_join_crypto_use_and_records() -> None:
    catalog = load_catalog()
    observations = (
        _observed("billing", "openssl", "postgresql"),
        _observed("payments", "libsodium"),
        _observed("orders-api", "postgresql"),
    )
    summary = ip_summary(register(), (), TODAY, observations=observations, catalog=catalog)
    names = {t.id: t.name for t in catalog}
    assert [(e.repository, e.crypto, e.classification) for e in summary.exports] == [
        ("billing", (names["openssl"],), None),
        ("payments", (names["libsodium"],), "5D002"),
    ]  # orders-api uses no crypto and has no record
    assert ip_summary(register(), (), TODAY, observations=observations).exports == ()


def test_findings_are_the_ip_and_notice_rules() -> None:
    findings = (
        _finding("ip-deadline-missed", Severity.ERROR),
        _finding("eol-past"),
        _finding("notice-stale"),
        _finding("ip-trade-secret-exposed"),
    )
    summary = ip_summary(register(), findings, TODAY)
    assert [f.rule for f in summary.findings] == [
        "ip-deadline-missed",
        "notice-stale",
        "ip-trade-secret-exposed",
    ]
    assert summary.findings_by_rule == (
        ("ip-deadline-missed", 1),
        ("ip-trade-secret-exposed", 1),
        ("notice-stale", 1),
    )


def test_published_edition_keeps_deadlines_and_disclosures_only() -> None:
    findings = (
        _finding("ip-deadline-soon"),
        _finding("ip-trade-secret-exposed"),
        _finding("ip-outbound-unregistered"),
        _finding("ip-disclosure-undecided"),
    )
    billing = _observed("billing", "openssl")
    full = ip_summary(register(), findings, TODAY, observations=(billing,), catalog=load_catalog())
    assert full.exports
    shown = publishable(full)
    assert shown.deadlines == full.deadlines and shown.disclosures == full.disclosures
    assert not (shown.trade_secrets or shown.outbound or shown.exports or shown.families)
    assert [f.rule for f in shown.findings] == ["ip-deadline-soon", "ip-disclosure-undecided"]
    assert confidential_rule("ip-trade-secret-exposed", publish=True)
    assert confidential_rule("ip-deadline-soon", publish=False)
    assert not confidential_rule("ip-deadline-soon", publish=True)
    assert not confidential_rule("notice-stale", publish=False)
    assert not confidential_rule("eol-past", publish=False)


def test_quarter_start() -> None:
    assert quarter_start(dt.date(2026, 12, 31)) == dt.date(2026, 10, 1)
    assert quarter_start(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
