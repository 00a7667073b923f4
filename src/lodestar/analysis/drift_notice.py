"""The third-party notice rules: ``notice-missing`` and ``notice-stale`` (see
:mod:`lodestar.analysis.drift`).

A repository is held to them when the licence policy puts it in the ``distributed`` context
(``licence.repositories`` / ``licence.default-context``: the one declaration of how a repository
ships). The fresh notice is :func:`lodestar.analysis.notices.notice_document` of its stored scan
and the committed one the file the scan found (:mod:`lodestar.scan.notices`): nothing is read from
git at check time. A scan made before scanner version 7 holds no notice evidence and is not
judged until the next ``lodestar scan``; a repository with nothing to attribute needs no notice.
"""

from __future__ import annotations

from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.notices import compare_notice, notice_document
from lodestar.records import Finding, Severity

__all__ = ["notice_rules"]

_HINT = "run `lodestar notice {repo} --output {path}` and commit the file"


def notice_rules(ctx: RuleContext) -> None:
    """``notice-missing`` and ``notice-stale`` for every distributed repository observed."""
    policies = ctx.strategy.policies
    for obs in ctx.observations:
        context = policies.licence_context.get(obs.repository, policies.default_licence_context)
        if context != "distributed" or obs.notices is None:
            continue
        document = notice_document(obs, "distributed")
        if not document.components:
            continue
        commit = (f"commit:{obs.commit}",) if obs.commit else ()
        committed = obs.notices.committed
        count = len(document.components)
        if committed is None:
            ctx.add(
                Finding(
                    "notice-missing",
                    Severity.WARNING,
                    f"{obs.repository} is distributed and attributes {count} third-party "
                    "component(s), but commits no NOTICE or THIRD-PARTY-NOTICES file",
                    obs.repository,
                    commit,
                    _HINT.format(repo=obs.repository, path="NOTICE"),
                    ctx.policy_source("licence"),
                    obs.repository,
                )
            )
            continue
        diff = compare_notice(document, committed.text, truncated=committed.truncated)
        if not diff.stale:
            continue
        how = " (not written by Lodestar: compared by component names)" if diff.foreign else ""
        ctx.add(
            Finding(
                "notice-stale",
                Severity.WARNING,
                f"{committed.path} no longer matches {obs.repository}'s third-party "
                f"components{how}: {diff.summary()}",
                obs.repository,
                (committed.path, *commit, *diff.missing[:5], *diff.extra[:5]),
                _HINT.format(repo=obs.repository, path=committed.path),
                ctx.policy_source("licence"),
                committed.path,
            )
        )
