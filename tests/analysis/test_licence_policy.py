"""Licence expressions judged against a policy's lists (moved from test_drift.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st


def test_licence_expressions() -> None:
    from lodestar.analysis.licence_policy import licence_verdict

    allowed, denied, review = {"mit", "apache-2.0"}, {"gpl-3.0-only"}, {"lgpl-2.1-only"}
    assert licence_verdict("MIT OR GPL-3.0-only", allowed, denied, review)[0] == "allowed"
    assert licence_verdict("MIT AND GPL-3.0-only", allowed, denied, review) == (
        "denied",
        ["GPL-3.0-only"],
    )
    assert licence_verdict("LGPL-2.1-only AND MIT", allowed, denied, review)[0] == "review"
    assert licence_verdict("LicenseRef-Acme", allowed, denied, review)[0] == "unlisted"
    assert licence_verdict("(MIT OR GPL-3.0-only) AND LGPL-2.1-only", allowed, denied, review) == (
        "review",
        ["LGPL-2.1-only"],
    )
    assert licence_verdict("mit or gpl-3.0-only", allowed, denied, review)[0] == "allowed"
    assert (
        licence_verdict("GPL-3.0-only WITH Classpath-exception-2.0", allowed, denied, review)[0]
        == "denied"
    )
    # OR binds looser than AND: MIT OR (GPL AND Apache) → MIT allowed
    assert licence_verdict("MIT OR GPL-3.0-only AND Apache-2.0", allowed, denied, review)[0] == (
        "allowed"
    )
    # malformed: one opaque id
    assert licence_verdict("MIT AND (Apache-2.0", allowed, denied, review) == (
        "unlisted",
        ["MIT AND (Apache-2.0"],
    )


@given(st.text(alphabet=st.sampled_from(list("()AND OR WITH MIT GPL-3.0 x+ ")), max_size=40))
def test_licence_verdict_reads_any_text(text: str) -> None:
    from lodestar.analysis.licence_policy import licence_verdict

    verdict, keys = licence_verdict(text, {"mit"}, {"gpl-3.0"}, set())
    assert verdict in {"allowed", "unlisted", "review", "denied"}
    assert isinstance(keys, list)
