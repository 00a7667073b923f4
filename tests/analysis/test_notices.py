"""The third-party notice (lodestar.analysis.notices) and its rules (notice-missing,
notice-stale): components per context, licence texts, deterministic text, the comparison of a
committed notice with a fresh one, and the findings with their waivers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lodestar.analysis.drift import RULES, find_drift
from lodestar.analysis.notices import (
    NoticeDocument,
    compare_notice,
    notice_document,
    notice_text,
)
from lodestar.records import (
    Dependency,
    Observation,
    Policies,
    PolicyException,
    Scope,
    SourcePosition,
    Strategy,
)
from lodestar.records.notices import CommittedNotice, NoticeEvidence, VendoredComponent

TODAY = date(2026, 11, 15)


def dep(
    name: str,
    version: str | None,
    *,
    ecosystem: str = "npm",
    scope: Scope = Scope.RUNTIME,
    licence: str | None = "MIT",
    manifest: str = "package-lock.json",
    fixture: bool = False,
) -> Dependency:
    purl = f"pkg:{ecosystem}/{name}" + (f"@{version}" if version else "")
    return Dependency(
        purl, ecosystem, name, version, None, scope, True, manifest, 1, fixture, licence
    )


TOMLI = VendoredComponent(
    path="src/tool/_vendor/tomli",
    name="tomli",
    version="2.4.1",
    licence="MIT",
    licence_files=("src/tool/_vendor/tomli/LICENSE",),
    copyrights=("Copyright (c) 2021 Taneli Hukkinen",),
)
COMMONS = VendoredComponent(
    path="static/vendor/commons",
    name="commons",
    licence="Apache-2.0",
    notice="Apache Commons\nCopyright 2014 The Apache Software Foundation",
    notice_path="static/vendor/commons/NOTICE",
)
MYSTERY = VendoredComponent(
    path="vendor/mystery", name="mystery", problem="vendor/mystery/LICENSE matches no shipped…"
)
DEPS = (
    dep("react", "18.2.0"),
    dep("react", "17.0.2", manifest="legacy/package-lock.json"),
    dep("vite", "5.0.12", scope=Scope.DEV),
    dep("left-pad", "1.3.0", fixture=True),
    dep("django", "4.2.1", ecosystem="pypi", licence=None, manifest="uv.lock"),
    dep("gpl-thing", "1.0.0", licence="GPL-2.0-or-later"),
    dep("acme-sdk", "2.0.0", licence="LicenseRef-Acme-EULA"),
)


def observation(
    repository: str = "tool",
    deps: tuple[Dependency, ...] = DEPS,
    vendored: tuple[VendoredComponent, ...] = (TOMLI, COMMONS, MYSTERY),
    committed: CommittedNotice | None = None,
) -> Observation:
    return Observation(
        repository, "c0ffee", dependencies=deps, notices=NoticeEvidence(vendored, committed)
    )


def test_distributed_lists_shipped_dependencies_and_every_vendored_component() -> None:
    doc = notice_document(observation(), "distributed")
    assert [c.key for c in doc.components] == [
        "pkg:npm/acme-sdk",
        "pkg:npm/gpl-thing",
        "pkg:npm/react",
        "pkg:pypi/django",
        "vendored:src/tool/_vendor/tomli",
        "vendored:static/vendor/commons",
        "vendored:vendor/mystery",
    ]  # no dev dependency (vite), no fixture (left-pad)
    react = doc.components[2]
    assert (react.versions, react.where) == (
        ("17.0.2", "18.2.0"),
        ("legacy/package-lock.json", "package-lock.json"),
    )
    assert doc.undetermined == 2  # django (uv.lock records no licence) and mystery


def test_saas_lists_npm_packages_and_vendored_front_end_code_only() -> None:
    doc = notice_document(observation(), "saas")
    assert [c.key for c in doc.components] == [
        "pkg:npm/acme-sdk",
        "pkg:npm/gpl-thing",
        "pkg:npm/react",
        "vendored:static/vendor/commons",
    ]


def test_licence_texts_once_each_or_later_from_the_only_text_and_refs_not_shipped() -> None:
    doc = notice_document(observation(), "distributed")
    assert [spdx for spdx, _, _ in doc.texts] == ["Apache-2.0", "GPL-2.0-only", "MIT"]
    assert doc.unshipped == ("LicenseRef-Acme-EULA",)


def test_the_text_names_undetermined_licences_copyrights_and_carries_notices() -> None:
    text = notice_text(notice_document(observation(), "distributed"))
    assert "Component: django 4.2.1\nIdentifier: pkg:pypi/django\nLicence: licence not " in text
    assert "Why not determined: vendor/mystery/LICENSE matches no shipped…" in text
    assert "Copyright: Copyright (c) 2021 Taneli Hukkinen" in text
    assert "NOTICE (from static/vendor/commons/NOTICE):\n    Apache Commons\n" in text
    assert "Licence texts not shipped with Lodestar (copy them from the components): " in text
    assert text.count("Licence text: MIT (MIT License)") == 1


def test_the_text_is_deterministic_whatever_the_order_of_the_records() -> None:
    one = notice_text(notice_document(observation(), "distributed"))
    shuffled = observation(deps=DEPS[::-1], vendored=(MYSTERY, COMMONS, TOMLI))
    assert notice_text(notice_document(shuffled, "distributed")) == one
    assert one.endswith("\n") and not one.endswith("\n\n")


def test_markdown_puts_repository_text_in_code_blocks_and_compares_equal_to_text() -> None:
    hostile = replace(TOMLI, copyrights=("Copyright (c) 2021 <script>alert(1)</script> *Eve*",))
    doc = notice_document(observation(vendored=(hostile, COMMONS)), "distributed")
    md = notice_text(doc, markdown=True)
    assert md.startswith("# Third-party software notices\n\n- Repository: tool\n")
    assert "## Component: tomli 2.4.1\n\n    Identifier: vendored:src/tool/_vendor/tomli\n" in md
    assert "\n    Copyright: Copyright (c) 2021 <script>alert(1)</script> *Eve*\n" in md
    assert "## Licence text: MIT (MIT License)\n\n    MIT License\n" in md
    assert compare_notice(doc, md).summary() == "current"
    assert compare_notice(doc, notice_text(doc)).summary() == "current"
    older = notice_document(observation(deps=DEPS[:1], vendored=(hostile,)), "distributed")
    assert compare_notice(doc, notice_text(older, markdown=True)).missing == (
        "pkg:npm/acme-sdk",
        "pkg:npm/gpl-thing",
        "pkg:pypi/django",
        "vendored:static/vendor/commons",
    )


def test_an_unknown_context_is_refused() -> None:
    with pytest.raises(ValueError, match="distributed, saas"):
        notice_document(observation(), "internal")


# --- comparing ------------------------------------------------------------------------------


def _fresh() -> NoticeDocument:
    return notice_document(observation(), "distributed")


def _blocks(text: str) -> list[str]:
    head, *blocks = text.split("-" * 80 + "\n")
    return [head, *blocks]


def test_a_fresh_notice_is_current() -> None:
    fresh = _fresh()
    assert not compare_notice(fresh, notice_text(fresh)).stale


def test_block_order_whitespace_and_line_endings_do_not_count() -> None:
    fresh = _fresh()
    head, *blocks = _blocks(notice_text(fresh))
    shuffled = head.replace("Components: 7", "Components: seven") + "".join(
        "-" * 80 + "\n" + b for b in reversed(blocks)
    )
    noisy = shuffled.replace("Licence: MIT", "Licence:    MIT  ").replace("\n", "\r\n")
    noisy = noisy.replace("Copyright: Copyright (c) 2021", "Copyright:\tCopyright (c)  2021")
    assert compare_notice(fresh, noisy).summary() == "current"


def test_a_stale_notice_names_what_is_missing_extra_and_changed() -> None:
    old = observation(
        deps=(
            dep("react", "18.2.0"),
            dep("gpl-thing", "0.9.0", licence="GPL-2.0-or-later"),
            dep("moment", "2.29.4"),
        ),
        vendored=(replace(TOMLI, licence="BSD-3-Clause"),),
    )
    written = notice_text(notice_document(old, "distributed"))
    diff = compare_notice(_fresh(), written)
    assert diff.stale and not diff.foreign
    assert diff.missing == (
        "pkg:npm/acme-sdk",
        "pkg:pypi/django",
        "vendored:static/vendor/commons",
        "vendored:vendor/mystery",
    )
    assert diff.extra == ("pkg:npm/moment",)
    assert diff.changed == (
        "pkg:npm/gpl-thing (gpl-thing 0.9.0 → gpl-thing 1.0.0)",
        "pkg:npm/react (react 18.2.0 → react 17.0.2, 18.2.0, declared in)",
        "vendored:src/tool/_vendor/tomli (licence)",
    )
    assert diff.texts_missing == ("Apache-2.0",)
    assert diff.texts_extra == ("BSD-3-Clause",)
    assert diff.summary().startswith("4 missing (pkg:npm/acme-sdk, pkg:pypi/django, vendored:")


def test_an_edited_licence_text_is_changed() -> None:
    fresh = _fresh()
    edited = notice_text(fresh).replace("the Software is furnished", "the Software is sold", 1)
    assert compare_notice(fresh, edited).texts_changed == ("MIT",)


def test_a_hand_written_notice_is_checked_by_component_names() -> None:
    doc = notice_document(observation(vendored=(TOMLI,)), "distributed")
    names = "This product bundles React, Django, tomli, gpl-thing.\n"
    diff = compare_notice(doc, names)
    assert diff.foreign and diff.missing == ("pkg:npm/acme-sdk",)
    assert not compare_notice(doc, names + "And acme-sdk (EULA).\n").stale


def test_a_notice_too_large_to_read_is_stale() -> None:
    diff = compare_notice(_fresh(), "", truncated=True)
    assert diff.stale and diff.summary() == "the committed notice is too large to read"


# --- rules ----------------------------------------------------------------------------------

LICENCE_AT = SourcePosition("policies/licences.yaml", 12)


def strategy(*exceptions: PolicyException) -> Strategy:
    return Strategy(
        policies=Policies(
            licence_context={"tool": "distributed", "web": "saas"},
            default_licence_context="internal",
            exceptions=exceptions,
            sections={"licence": LICENCE_AT},
        )
    )


def test_both_rules_are_registered() -> None:
    assert {"notice-missing", "notice-stale"} <= set(RULES)


def test_notice_missing_for_a_distributed_repository_without_a_notice() -> None:
    drift = find_drift([observation()], strategy(), today=TODAY)
    (finding,) = [f for f in drift.findings if f.rule.startswith("notice-")]
    assert (finding.rule, finding.repository, finding.declaration) == (
        "notice-missing",
        "tool",
        LICENCE_AT,
    )
    assert finding.evidence == ("commit:c0ffee",)
    assert finding.hint == "run `lodestar notice tool --output NOTICE` and commit the file"


def test_notice_stale_names_the_file_and_the_difference() -> None:
    old = notice_text(notice_document(observation(deps=DEPS[:1]), "distributed"))
    obs = observation(committed=CommittedNotice("THIRD-PARTY-NOTICES.txt", old))
    (finding,) = find_drift([obs], strategy(), today=TODAY).findings
    assert finding.rule == "notice-stale"
    assert finding.evidence[:2] == ("THIRD-PARTY-NOTICES.txt", "commit:c0ffee")
    assert "pkg:npm/acme-sdk" in finding.evidence
    assert "3 missing (pkg:npm/acme-sdk, pkg:npm/gpl-thing, pkg:pypi/django)" in finding.message
    assert "--output THIRD-PARTY-NOTICES.txt" in finding.hint


def test_a_current_notice_other_contexts_old_scans_and_nothing_to_attribute_are_quiet() -> None:
    current = notice_text(notice_document(observation(), "distributed"))
    quiet = [
        observation(committed=CommittedNotice("NOTICE", current)),
        observation("web"),  # saas: not held to a committed notice
        observation("internal-tool"),  # the default context, internal
        Observation("tool", "c0ffee", dependencies=DEPS),  # scanned before notice evidence
        observation(deps=(dep("vite", "5.0.0", scope=Scope.DEV),), vendored=()),
    ]
    for obs in quiet:
        assert find_drift([obs], strategy(), today=TODAY).findings == (), obs.repository


def test_the_rules_are_waivable_like_every_rule() -> None:
    waiver = PolicyException(
        "notice", "tool", None, "legal", "NOTICE ships in the installer", date(2026, 12, 31)
    )
    drift = find_drift([observation()], strategy(waiver), today=TODAY)
    assert drift.findings == ()
    assert [f.rule for f, _ in drift.waived] == ["notice-missing"]
