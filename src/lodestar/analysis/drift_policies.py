"""The drift rules of the policies, judged per repository (see :mod:`lodestar.analysis.drift`):
licences (``licence-denied``, ``licence-review``, ``licence-not-allowed``), dependencies
(``dependency-denied``) and end of life (``eol-past``, ``eol-soon``, ``eol-range-admits``)."""

from __future__ import annotations

from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.drift_rules import RULES
from lodestar.analysis.eol import ending_soon_days, finding_text, judge
from lodestar.analysis.licence_policy import licence_verdict
from lodestar.analysis.observed import in_range, location, purl_matches, purl_type
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Dependency, Finding, Matcher, Observation, Scope
from lodestar.safeparse import purl_key

__all__ = ["dependency_rules", "eol_rules", "licence_rules"]


# --- licences -------------------------------------------------------------------------------

_VERDICT_WORDS = {
    "denied": "denied",
    "review": "needs review",
    "unlisted": "not on the allow list",
    "allowed": "allowed",
}
_SHIPPED = frozenset({Scope.RUNTIME, Scope.OPTIONAL, Scope.PEER})  # judged in every context


def licence_rules(ctx: RuleContext) -> None:
    policies = ctx.strategy.policies
    by_context = {p.context: p for p in policies.licence}
    for obs in ctx.observations:
        context = policies.licence_context.get(obs.repository, policies.default_licence_context)
        policy = by_context.get(context)
        if policy is None:
            continue
        lists = (
            {x.lower() for x in policy.allowed},
            {x.lower() for x in policy.denied},
            {x.lower() for x in policy.review},
        )
        commit = (f"commit:{obs.commit}",) if obs.commit else ()
        if obs.licence:
            judged = [
                (
                    obs.licence,
                    "is licensed",
                    (*((obs.licence_path,) if obs.licence_path else ()), *commit),
                )
            ]
        elif "none" in lists[1] | lists[2]:
            judged = [("NONE", "has no licence", commit)]
        else:
            judged = []
        own = _normal(obs.licence or "")
        for expression, count in obs.headers:
            if _normal(expression) != own:
                files = f"{count} file{'s' if count != 1 else ''}"
                judged.append(
                    (expression, f"has {files} marked", (f"licence:{expression}", *commit))
                )
        for expression, how, evidence in judged:
            _judge_licence(
                ctx,
                obs,
                context=context,
                lists=lists,
                expression=expression,
                how=how,
                evidence=evidence,
            )
        seen: set[str] = set()
        for dep in obs.dependencies:
            if not dep.licence or dep.fixture or dep.purl in seen:
                continue
            if dep.scope not in _SHIPPED and context != "internal":
                continue
            seen.add(dep.purl)
            version = f" {dep.version}" if dep.version else ""
            _judge_licence(
                ctx,
                obs,
                context=context,
                lists=lists,
                expression=dep.licence,
                how=f"depends on {dep.name}{version}, licensed",
                evidence=(location(dep.manifest, dep.line), dep.purl),
                dep=dep,
            )


def _normal(expression: str) -> str:
    return " ".join(expression.lower().replace("(", " ").replace(")", " ").split())


def _judge_licence(
    ctx: RuleContext,
    obs: Observation,
    *,
    context: str,
    lists: tuple[set[str], set[str], set[str]],
    expression: str,
    how: str,
    evidence: tuple[str, ...],
    dep: Dependency | None = None,
) -> None:
    allowed, denied, review = lists
    verdict, keys = licence_verdict(expression, allowed, denied, review)
    if verdict == "allowed" or (verdict == "unlisted" and not allowed):
        return
    rule = {
        "denied": "licence-denied",
        "review": "licence-review",
        "unlisted": "licence-not-allowed",
    }[verdict]
    hint = {
        "denied": f"relicense or remove that code, or ask for a {context} exception",
        "review": "have the licence reviewed, then add it to `exceptions` or to "
        f"`licence.contexts.{context}.allowed`",
        "unlisted": "use an allowed licence, or add this one to "
        f"`licence.contexts.{context}.allowed`",
    }[verdict]
    if dep is not None:
        hint = {
            "denied": f"replace {dep.name}, or ask for a {context} exception for it",
            "review": f"have {dep.name}'s licence reviewed, then add it to `exceptions` or "
            f"its licence to `licence.contexts.{context}.allowed`",
            "unlisted": f"replace {dep.name}, or add its licence to "
            f"`licence.contexts.{context}.allowed`",
        }[verdict] + ("" if dep.direct else " (it comes in transitively: update its parent)")
    shown = expression if expression != "NONE" else ""
    subject = (purl_key(dep.purl) or dep.purl) if dep is not None else None
    ctx.add(
        Finding(
            rule,
            RULES[rule].severity,
            f"{obs.repository} {how} {shown}".rstrip()
            + f": {', '.join(keys)} {_VERDICT_WORDS[verdict]} for {context} distribution",
            obs.repository,
            evidence,
            hint,
            ctx.policy_source("licence"),
            subject or (keys[0] if keys else expression),
        ),
        expression,
        *keys,
        *((dep.purl,) if dep is not None else ()),
    )


# --- dependencies ---------------------------------------------------------------------------


def dependency_rules(ctx: RuleContext) -> None:
    rules = ctx.strategy.policies.dependency_rules
    deny = [r for r in rules if r.action == "deny"]
    allow = [r for r in rules if r.action == "allow"]
    if not deny:
        return
    for obs in ctx.observations:
        for dep in obs.dependencies:
            if dep.fixture:
                continue
            for rule in deny:
                if not _dependency_matches(rule.matcher, dep.purl, dep.version, ctx.catalog):
                    continue
                if any(
                    _dependency_matches(a.matcher, dep.purl, dep.version, ctx.catalog)
                    for a in allow
                ):
                    continue
                what = rule.matcher.purl or rule.matcher.technology or dep.purl
                ctx.add(
                    Finding(
                        "dependency-denied",
                        rule.severity,
                        f"{obs.repository} depends on {dep.name}"
                        f"{' ' + dep.version if dep.version else ''}, denied by {what}"
                        + (f": {rule.reason}" if rule.reason else ""),
                        obs.repository,
                        (location(dep.manifest, dep.line), dep.purl),
                        f"remove {dep.name} from {dep.manifest}"
                        + ("" if dep.direct else " (it comes in transitively: update its parent)"),
                        rule.source or ctx.policy_source(),
                        purl_key(dep.purl) or dep.purl,
                    ),
                    dep.purl,
                )
                break


def _dependency_matches(
    matcher: Matcher, purl: str, version: str | None, catalog: TechnologyCatalog
) -> bool:
    if matcher.purl and not purl_matches(matcher.purl, purl):
        return False
    if matcher.technology and all(t.id != matcher.technology for t in catalog.match_purl(purl)):
        return False
    ecosystem = purl_type(purl) if matcher.purl else None  # a technology's range: generic
    return bool(matcher.purl or matcher.technology) and in_range(
        version, matcher.versions, ecosystem
    )


# --- end of life ----------------------------------------------------------------------------


def eol_rules(ctx: RuleContext) -> None:
    """Every declaration judged by :func:`lodestar.analysis.eol.judge` (deployed, development
    or supported range); the verdict's rule and severity are the finding's."""
    policies = ctx.strategy.policies
    for obs in ctx.observations:
        for rt in obs.runtimes:
            verdict = judge(
                ctx.eol,
                rt,
                ctx.today,
                ending_soon_days(policies),
                error_past=policies.eol_error_past,
            )
            if verdict.rule is None or verdict.severity is None:
                continue
            tracked = ctx.catalog.match_eol(rt.product)
            name = tracked[0].name if tracked else None
            message, hint = finding_text(obs.repository, rt, verdict, name)
            cycle = verdict.cycle.cycle if verdict.cycle else rt.version
            evidence = (
                location(rt.path, rt.line),
                *((f"commit:{obs.commit}",) if obs.commit else ()),
            )
            ctx.add(
                Finding(
                    verdict.rule,
                    verdict.severity,
                    message,
                    obs.repository,
                    evidence,
                    hint,
                    ctx.policy_source("eol"),
                    f"{rt.product}@{cycle}",
                ),
                rt.product,
                f"{rt.product}@{rt.version}",
            )
