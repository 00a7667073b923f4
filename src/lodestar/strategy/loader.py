"""Read a workspace's strategy folders into a :class:`~lodestar.records.Strategy`.

Layout (every folder optional; files whose name starts with ``_`` or ``.``, and ``README.md``,
are skipped, so a folder can hold a template and a readme)::

    radar/config.yaml        quadrants and rings (default: the Thoughtworks four and four)
    radar/**/*.md            one radar entry per file; the id is the file name (a slug)
    decisions/**/*.md        one decision per file (MADR 4 + Lodestar front matter)
    policies/**/*.yaml       licence, eol, radar, vulnerabilities, dependencies and exceptions
    campaigns/**/*.md        one migration campaign per file
    initiatives/**/*.md      one initiative per file
    ip/                      the IP register (:mod:`lodestar.strategy.ip_loader`)

Files are read and validated by :class:`~lodestar.strategy.reader.Reader`. Every problem in
every file is collected first; :func:`load_strategy` then raises one
:class:`~lodestar.errors.StrategyError` listing them all, each as ``path:line:column: message``
with the offending line and a caret.
"""

from __future__ import annotations

from pathlib import Path

from lodestar.catalog import TechnologyCatalog, load_catalog
from lodestar.errors import StrategyError
from lodestar.records import (
    Campaign,
    Decision,
    DecisionLink,
    DependencyRule,
    Initiative,
    KeyResult,
    LicencePolicy,
    Matcher,
    Milestone,
    Objective,
    Policies,
    PolicyException,
    RadarConfig,
    RadarEntry,
    Severity,
    SourcePosition,
    Strategy,
    WeightedEvaluation,
)
from lodestar.records.vulns import VexStatement, VulnerabilityPolicy
from lodestar.safeparse import YamlMap, position
from lodestar.settings import CONFIG_NAME, Workspace
from lodestar.strategy import models as m
from lodestar.strategy.ip_loader import load_ip_register
from lodestar.strategy.markdown import first_heading, madr_options
from lodestar.strategy.reader import RADAR_CONFIG, ModelT, Parsed, Reader

__all__ = ["FOLDERS", "RADAR_CONFIG", "load_radar_config", "load_strategy"]

FOLDERS = ("radar", "decisions", "policies", "campaigns", "initiatives")


# --- records ----------------------------------------------------------------------------------


def _matcher(model: m.MatcherModel) -> Matcher:
    return Matcher(technology=model.technology, purl=model.purl, versions=model.versions)


def load_radar_config(root: Path, reader: Reader | None = None) -> RadarConfig:
    """The workspace's quadrants and rings (radar/config.yaml), or the default ones."""
    own = reader or Reader(root, None)
    path = root / RADAR_CONFIG
    if not path.is_file():
        return RadarConfig()
    text = own.read(RADAR_CONFIG, path)
    raw = own.yaml_file(RADAR_CONFIG, text) if text is not None else None
    model = own.validate(m.RadarConfigModel, raw, RADAR_CONFIG) if raw is not None else None
    if model is None:
        if reader is None:
            raise StrategyError(own.problems)
        return RadarConfig()
    return RadarConfig(quadrants=tuple(model.quadrants), rings=tuple(model.rings))


def _radar_entries(reader: Reader) -> list[Parsed]:
    return reader.documents("radar", m.RadarEntryModel, "radar entry", ids=reader.entry_ids)


def _decisions(reader: Reader) -> list[tuple[Parsed, str, str]]:
    """(parsed, id, title) of each valid decision file."""
    out: list[tuple[Parsed, str, str]] = []
    seen: dict[str, str] = {}
    for rel, text in reader.files("decisions", (".md",)):
        found = reader.front_matter(rel, text)
        if found is None:
            reader.decision_ids.add(Path(rel).stem)
            continue
        raw, body = found
        raw_id = raw.get("id")
        reader.decision_ids.add(raw_id if isinstance(raw_id, str) else Path(rel).stem)
        model = reader.validate(m.DecisionModel, raw, rel)
        if model is None:
            continue
        ident = model.id or Path(rel).stem
        title = model.title or first_heading(body)
        if not title:
            reader.report(rel, raw.pos, "no title: add 'title:' or a '# Title' heading")
            continue
        if ident in seen:
            reader.report(
                rel, position(raw, ("id",)), f"duplicate decision id {ident!r} (also {seen[ident]})"
            )
            continue
        seen[ident] = rel
        out.append((Parsed(rel, model, raw, body), ident, title))
    return out


def _simple(reader: Reader, folder: str, model: type[ModelT]) -> list[Parsed]:
    parsed: list[Parsed] = []
    for rel, text in reader.files(folder, (".md",)):
        stem = Path(rel).stem
        if folder == "campaigns":
            reader.campaign_ids.add(stem)
        found = reader.front_matter(rel, text)
        if found is None or reader.bad_id(rel, stem):
            continue
        raw, body = found
        valid = reader.validate(model, raw, rel)
        if valid is not None:
            parsed.append(Parsed(rel, valid, raw, body))
    return parsed


def _at(rel: str, raw: YamlMap, loc: tuple[int | str, ...], *, key: bool = False) -> SourcePosition:
    """The file and line of the node at ``loc`` (its key's with ``key``)."""
    pos = position(raw, loc, key=key)
    return SourcePosition(rel, pos.line if pos else None)


def _taken(
    reader: Reader,
    rel: str,
    raw: YamlMap,
    model: m.PolicyFileModel,
    *,
    owner: dict[str, str],
    sections: dict[str, SourcePosition],
) -> list[str]:
    """The one-per-workspace sections this file declares first (a second declaration is a
    problem reported at its key)."""
    taken = []
    for section in ("licence", "eol", "radar", "vulnerabilities", "ip"):
        if getattr(model, section) is None:
            continue
        if section in owner:
            reader.report(
                rel,
                position(raw, (section,), key=True),
                f"section {section!r} is already declared in {owner[section]}; keep one",
            )
            continue
        owner[section] = rel
        sections[section] = _at(rel, raw, (section,), key=True)
        _keys(rel, raw, (section,), sections)
        taken.append(section)
    return taken


def _keys(rel: str, raw: YamlMap, loc: tuple[str, ...], out: dict[str, SourcePosition]) -> None:
    """Where each key under ``loc`` is declared, as ``section.key`` (two levels: a licence
    context's and a repository's own line, ``licence.contexts.saas``)."""
    node = raw
    for step in loc:
        found = node.get(step) if isinstance(node, YamlMap) else None
        if not isinstance(found, YamlMap):
            return
        node = found
    for key in node:
        if isinstance(key, str):
            out[".".join((*loc, key))] = _at(rel, raw, (*loc, key), key=True)
            if len(loc) < 2:
                _keys(rel, raw, (*loc, key), out)


def _vulnerability_policy(
    model: m.VulnerabilityPolicyModel, rel: str, raw: YamlMap
) -> VulnerabilityPolicy:
    return VulnerabilityPolicy(
        error_at=model.error_at,
        warning_at=model.warning_at,
        ignore_below=model.ignore_below,
        may_be_affected=model.may_be_affected,
        statements=tuple(
            VexStatement(
                advisory=s.advisory,
                status=s.status,
                repository=s.repository,
                package=s.package,
                justification=s.justification,
                detail=s.detail,
                owner=s.owner,
                date=s.date,
                source=_at(rel, raw, ("vulnerabilities", "statements", index)),
            )
            for index, s in enumerate(model.statements)
        ),
        source=_at(rel, raw, ("vulnerabilities",), key=True),
    )


def _policies(reader: Reader) -> Policies:
    licence: list[LicencePolicy] = []
    contexts: dict[str, str] = {}
    default_context = "internal"
    eol = m.EolPolicyModel.model_validate({})
    radar = m.RadarPolicyModel()
    ip = m.IpPolicyModel()
    vulnerabilities = VulnerabilityPolicy()
    rules: list[DependencyRule] = []
    exceptions: list[PolicyException] = []
    owner: dict[str, str] = {}
    sections: dict[str, SourcePosition] = {}
    for rel, text in reader.files("policies", (".yaml", ".yml")):
        raw = reader.yaml_file(rel, text)
        model = reader.validate(m.PolicyFileModel, raw, rel) if raw is not None else None
        if model is None or raw is None:
            continue
        for section in _taken(reader, rel, raw, model, owner=owner, sections=sections):
            if section == "licence" and model.licence is not None:
                default_context = model.licence.default_context
                contexts = dict(model.licence.repositories)
                licence = [
                    LicencePolicy(
                        context=name,
                        allowed=tuple(ctx.allowed),
                        denied=tuple(ctx.denied),
                        review=tuple(ctx.review),
                    )
                    for name, ctx in model.licence.contexts.items()
                ]
            elif section == "eol" and model.eol is not None:
                eol = model.eol
            elif section == "radar" and model.radar is not None:
                radar = model.radar
            elif section == "ip" and model.ip is not None:
                ip = model.ip
            elif section == "vulnerabilities" and model.vulnerabilities is not None:
                vulnerabilities = _vulnerability_policy(model.vulnerabilities, rel, raw)
        for index, rule in enumerate(model.dependencies):
            rules.append(
                DependencyRule(
                    action=rule.action,
                    matcher=_matcher(rule.match),
                    reason=rule.reason,
                    severity=Severity(rule.severity),
                    source=_at(rel, raw, ("dependencies", index)),
                )
            )
        for index, exc in enumerate(model.exceptions):
            exceptions.append(
                PolicyException(
                    rule=exc.rule,
                    repository=exc.repository,
                    subject=exc.subject,
                    owner=exc.owner,
                    reason=exc.reason,
                    expires=exc.expires,
                    source=_at(rel, raw, ("exceptions", index)),
                )
            )
    return Policies(
        licence=tuple(licence),
        licence_context=contexts,
        default_licence_context=default_context,
        eol_error_past=eol.error_past_eol,
        eol_warn_days=eol.warn_days,
        radar_hold_no_new_since=radar.hold_no_new_since,
        radar_assess_only_in=tuple(radar.assess_only_in),
        ip_patent_notice=ip.patent_notice,
        dependency_rules=tuple(rules),
        exceptions=tuple(exceptions),
        vulnerabilities=vulnerabilities,
        sections=sections,
    )


_INVERSE = {
    "supersedes": "superseded-by",
    "superseded-by": "supersedes",
    "amends": "amended-by",
    "amended-by": "amends",
    "relates-to": "relates-to",
}


def _decision_records(reader: Reader, found: list[tuple[Parsed, str, str]]) -> tuple[Decision, ...]:
    ids = reader.decision_ids
    links: dict[str, list[DecisionLink]] = {ident: [] for ident in ids}
    for parsed, ident, _ in found:
        for kind in m.LINK_KINDS:
            targets = getattr(parsed.model.links, kind.replace("-", "_"))
            for index, target in enumerate(targets):
                if target == ident:
                    pos = position(parsed.raw, ("links", kind, index))
                    reader.report(parsed.path, pos, f"decision {ident!r} links to itself")
                    continue
                if target not in ids:
                    pos = position(parsed.raw, ("links", kind, index))
                    pos = pos or position(parsed.raw, ("links", kind))
                    reader.report(
                        parsed.path,
                        pos,
                        f"links.{kind}: no decision {target!r}{m.suggest(target, sorted(ids))}",
                    )
                    continue
                for owner, link in (
                    (ident, DecisionLink(kind, target)),
                    (target, DecisionLink(_INVERSE[kind], ident)),
                ):
                    if owner in links and link not in links[owner]:
                        links[owner].append(link)
    records = []
    for parsed, ident, title in found:
        model: m.DecisionModel = parsed.model
        options, chosen = madr_options(parsed.body)
        evaluation = None
        if model.evaluation is not None:
            criteria = tuple(model.evaluation.criteria.items())
            evaluation = WeightedEvaluation(
                criteria=criteria,
                scores=tuple(
                    (option, tuple(scores[c] for c, _ in criteria))
                    for option, scores in model.evaluation.scores.items()
                ),
            )
            if not options:
                options = tuple(model.evaluation.scores)
        records.append(
            Decision(
                id=ident,
                title=title,
                status=model.status,
                date=model.date,
                decision_makers=tuple(model.decision_makers),
                consulted=tuple(model.consulted),
                informed=tuple(model.informed),
                links=tuple(links[ident]),
                governs=tuple(_matcher(g) for g in model.governs),
                review_by=model.review_by,
                revisit_when=model.revisit_when,
                options=options,
                chosen=chosen,
                evaluation=evaluation,
                body=parsed.body.strip(),
                source=SourcePosition(parsed.path, 1),
            )
        )
    records.sort(key=lambda d: (d.date is None, d.date, d.id))
    return tuple(records)


def _check_references(reader: Reader, entries: list[Parsed], decision_ids: set[str]) -> None:
    entry_ids = reader.entry_ids
    for parsed in entries:
        model: m.RadarEntryModel = parsed.model
        for index, target in enumerate(model.decisions):
            if target not in decision_ids:
                reader.report(
                    parsed.path,
                    position(parsed.raw, ("decisions", index)),
                    f"decisions: no decision {target!r}{m.suggest(target, sorted(decision_ids))}",
                )
        if model.replaced_by and model.replaced_by not in entry_ids:
            reader.report(
                parsed.path,
                position(parsed.raw, ("replaced-by",)),
                f"replaced-by: no radar entry {model.replaced_by!r}"
                f"{m.suggest(model.replaced_by, sorted(entry_ids))}",
            )


# The metrics :mod:`lodestar.analysis.initiatives` measures (kind, whether it takes an argument).
METRICS = {
    "campaign": True,
    "eol": True,
    "findings": True,
    "truck-factor": True,
    "technology": True,
    "dependency": True,
}


def _check_metrics(reader: Reader, initiatives: list[Parsed], campaigns: set[str]) -> None:
    for parsed in initiatives:
        model: m.InitiativeModel = parsed.model
        for o, objective in enumerate(model.objectives):
            for k, result in enumerate(objective.key_results):
                if not result.metric:
                    continue
                kind, _, arg = result.metric.partition(":")
                pos = position(parsed.raw, ("objectives", o, "key-results", k, "metric"))
                if kind not in METRICS:
                    reader.report(
                        parsed.path,
                        pos,
                        f"metric: unknown kind {kind!r}{m.suggest(kind, sorted(METRICS))}; "
                        f"use one of {', '.join(f'{x}:…' for x in METRICS)}",
                    )
                elif not arg:
                    reader.report(
                        parsed.path, pos, f"metric: {kind!r} needs an argument ({kind}:…)"
                    )
                elif kind == "campaign" and arg not in campaigns:
                    reader.report(
                        parsed.path,
                        pos,
                        f"metric: no campaign {arg!r}{m.suggest(arg, sorted(campaigns))}",
                    )
                elif (
                    kind == "technology"
                    and reader.catalog is not None
                    and arg not in reader.catalog
                ):
                    reader.report(
                        parsed.path,
                        pos,
                        f"metric: unknown technology id {arg!r}"
                        f"{m.suggest(arg, [t.id for t in reader.catalog])}",
                    )


def load_strategy(root: Path, *, catalog: TechnologyCatalog | None = None) -> Strategy:
    """Parse and validate every strategy file of the workspace at ``root``.

    ``catalog`` defaults to the shipped technology catalog plus the workspace's ``catalog/``
    additions. Raises StrategyError listing every problem when any file is invalid.
    """
    root = Path(root)
    if catalog is None:
        extra = root / "catalog"
        catalog = load_catalog((extra,) if extra.is_dir() else ())
    reader = Reader(root, catalog)
    reader.radar = load_radar_config(root, reader)
    entries = _radar_entries(reader)
    decisions = _decisions(reader)
    policies = _policies(reader)
    campaigns = _simple(reader, "campaigns", m.CampaignModel)
    tags = _repository_tags(root)
    _check_campaign_tags(reader, campaigns, tags)
    initiatives = _simple(reader, "initiatives", m.InitiativeModel)
    decision_records = _decision_records(reader, decisions)
    _check_references(reader, entries, reader.decision_ids)
    _check_metrics(reader, initiatives, reader.campaign_ids)
    register = load_ip_register(reader)
    if reader.problems:
        raise StrategyError(reader.problems)
    return Strategy(
        radar=reader.radar,
        entries=tuple(_entry_record(p) for p in entries),
        decisions=decision_records,
        policies=policies,
        campaigns=tuple(_campaign_record(p, tags) for p in campaigns),
        initiatives=tuple(_initiative_record(p) for p in initiatives),
        ip=register,
    )


def _entry_record(parsed: Parsed) -> RadarEntry:
    model: m.RadarEntryModel = parsed.model
    return RadarEntry(
        id=Path(parsed.path).stem,
        title=model.title,
        quadrant=model.quadrant,
        ring=model.ring,
        description=parsed.body.strip(),
        tags=tuple(model.tags),
        owner=model.owner,
        review_by=model.review_by,
        decisions=tuple(model.decisions),
        replaced_by=model.replaced_by,
        matchers=tuple(_matcher(x) for x in model.matchers),
        source=SourcePosition(parsed.path, 1),
        public=tuple(k for k in ("owner", "decisions", "usage") if getattr(model.public, k)),
    )


def _repository_tags(root: Path) -> dict[str, list[str]]:
    """The workspace's ``[repositories.tags]`` (none when the folder has no lodestar.toml)."""
    if not (root / CONFIG_NAME).is_file():
        return {}
    return Workspace.load(root).settings.repositories.tags


def _check_campaign_tags(
    reader: Reader, campaigns: list[Parsed], tags: dict[str, list[str]]
) -> None:
    defined = ", ".join(sorted(tags)) or "none"
    for parsed in campaigns:
        model: m.CampaignModel = parsed.model
        for index, tag in enumerate(model.tags):
            if tag not in tags:
                reader.report(
                    parsed.path,
                    position(parsed.raw, ("tags", index)),
                    f"tag {tag!r} is not defined: add it under [repositories.tags] in "
                    f"lodestar.toml (defined: {defined})",
                )


def _campaign_record(parsed: Parsed, tags: dict[str, list[str]]) -> Campaign:
    model: m.CampaignModel = parsed.model
    return Campaign(
        id=Path(parsed.path).stem,
        title=model.title,
        source=tuple(_matcher(x) for x in model.from_),
        target=tuple(_matcher(x) for x in model.to),
        owner=model.owner,
        start=model.start,
        due=model.due,
        repositories=tuple(model.repositories),
        tags=tuple(model.tags),
        description=parsed.body.strip(),
        position=SourcePosition(parsed.path, 1),
        tag_repositories=tuple(
            dict.fromkeys(name for tag in model.tags for name in tags.get(tag, ()))
        ),
    )


def _initiative_record(parsed: Parsed) -> Initiative:
    model: m.InitiativeModel = parsed.model
    return Initiative(
        id=Path(parsed.path).stem,
        title=model.title,
        status=model.status,
        owner=model.owner,
        repositories=tuple(model.repositories),
        milestones=tuple(Milestone(x.title, x.due, x.done) for x in model.milestones),
        objectives=tuple(
            Objective(
                o.title,
                tuple(
                    KeyResult(
                        title=k.title,
                        target=k.target,
                        start=k.start,
                        current=k.current,
                        metric=k.metric,
                        unit=k.unit,
                    )
                    for k in o.key_results
                ),
            )
            for o in model.objectives
        ),
        description=parsed.body.strip(),
        source=SourcePosition(parsed.path, 1),
    )
