"""Read a workspace's ``ip/`` folder into an :class:`~lodestar.records.ip.IpRegister`.

Layout (every file optional)::

    ip/disclosures/ID.md     one invention disclosure per file (front matter + notes)
    ip/patents.yaml          patent families, their applications and docketed deadlines
    ip/outbound.yaml         the outbound contribution register (approved upstream projects)
    ip/trade-secrets.yaml    trade-secret paths per repository, and repository visibility
    ip/export.yaml           export-control records per repository (ECCN or exemption, notice)

Read through the same :class:`~lodestar.strategy.reader.Reader` as the other strategy files:
YAML with positions and budgets, every problem as ``path:line:column`` with a did-you-mean,
collected with the other files' problems so that :func:`~lodestar.strategy.load_strategy`
raises them together. Cross-references inside the register are checked here (a family's
disclosures exist, ids are unique, one export record per repository); whether inventors are
known people and repositories are scanned is for the drift engine, which knows both
(``ip-reference-unknown``). The ``[ip]`` settings of ``lodestar.toml`` travel with the register.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lodestar.records import SourcePosition
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
from lodestar.safeparse import YamlMap, position
from lodestar.settings import CONFIG_NAME, IpSettings, Workspace
from lodestar.strategy import ip_models as im
from lodestar.strategy.models import suggest
from lodestar.strategy.reader import Parsed, Reader

__all__ = ["IP_FILES", "IP_FOLDER", "load_ip_register"]

IP_FOLDER = "ip"
IP_FILES = {
    "disclosures": "ip/disclosures",
    "patents": "ip/patents.yaml",
    "outbound": "ip/outbound.yaml",
    "trade-secrets": "ip/trade-secrets.yaml",
    "export": "ip/export.yaml",
}
_MODELS: dict[str, Any] = {
    "patents": im.PatentsFileModel,
    "outbound": im.OutboundFileModel,
    "trade-secrets": im.TradeSecretsFileModel,
    "export": im.ExportFileModel,
}


def load_ip_register(reader: Reader) -> IpRegister:
    """The register the workspace's ``ip/`` folder declares; problems go to ``reader``."""
    settings = _settings(reader.root)
    base = reader.root / IP_FOLDER
    if not base.is_dir() or base.is_symlink():
        return _with_settings(IpRegister(), settings)
    _stray_files(reader, base)
    disclosures = _disclosures(reader)
    files: dict[str, SourcePosition] = {}
    parsed = {name: _yaml_file(reader, name, files) for name in _MODELS}
    known = {d.id for d in disclosures} | _disclosure_stems(reader)
    patents = parsed["patents"]
    secrets = parsed["trade-secrets"]
    register = IpRegister(
        disclosures=tuple(disclosures),
        patents=_families(reader, patents, known) if patents else (),
        outbound=_outbound(reader, parsed["outbound"]) if parsed["outbound"] else (),
        trade_secrets=_secrets(reader, secrets) if secrets else (),
        visibility=_visibility(secrets) if secrets else (),
        exports=_exports(reader, parsed["export"]) if parsed["export"] else (),
        files=files,
    )
    return _with_settings(register, settings)


def _settings(root: Path) -> IpSettings:
    if not (root / CONFIG_NAME).is_file():
        return IpSettings.model_validate({})
    return Workspace.load(root).settings.ip


def _with_settings(register: IpRegister, settings: IpSettings) -> IpRegister:
    return replace(
        register,
        undecided_days=settings.undecided_days,
        deadline_warn_days=settings.deadline_warn_days,
        publish=settings.publish,
    )


def _at(rel: str, raw: YamlMap, loc: tuple[int | str, ...], *, key: bool = False) -> SourcePosition:
    pos = position(raw, loc, key=key)
    return SourcePosition(rel, pos.line if pos else None)


def _stray_files(reader: Reader, base: Path) -> None:
    """A YAML file of ``ip/`` that is none of the register's files is most likely a typo."""
    known = [Path(p).name for p in IP_FILES.values() if p.endswith(".yaml")]
    for file in sorted(base.iterdir()):
        name = file.name
        hidden = name.startswith(("_", "."))
        if name.endswith((".yaml", ".yml")) and not hidden and name not in known:
            reader.report(
                f"{IP_FOLDER}/{name}",
                None,
                f"not an IP register file{suggest(name, known)}; the register reads "
                f"{', '.join(known)} and disclosures/*.md",
            )


# --- disclosures ----------------------------------------------------------------------------------


def _disclosure_stems(reader: Reader) -> set[str]:
    folder = reader.root / IP_FILES["disclosures"]
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.rglob("*.md") if not p.name.startswith(("_", "."))}


def _disclosures(reader: Reader) -> list[Disclosure]:
    found = reader.documents(IP_FILES["disclosures"], im.DisclosureModel, "disclosure")
    return sorted((_disclosure(p, Path(p.path).stem) for p in found), key=lambda d: d.id)


def _disclosure(parsed: Parsed, ident: str) -> Disclosure:
    model: im.DisclosureModel = parsed.model
    paths = []
    for text in model.paths:
        repository, _, glob = text.partition(":")
        paths.append(IpPath(repository.strip(), glob.strip()))
    repositories = tuple(dict.fromkeys([*model.repositories, *(p.repository for p in paths)]))
    return Disclosure(
        id=ident,
        title=model.title,
        status=model.status,
        date=model.date,
        inventors=tuple(model.inventors),
        repositories=repositories,
        paths=tuple(paths),
        commits=tuple(model.commits),
        technologies=tuple(model.technologies),
        decision_date=model.decision_date,
        review_by=model.review_by,
        owner=model.owner,
        body=parsed.body.strip(),
        source=_at(parsed.path, parsed.raw, ("status",)),
    )


# --- the YAML files -------------------------------------------------------------------------------


def _yaml_file(reader: Reader, name: str, files: dict[str, SourcePosition]) -> Parsed | None:
    rel = IP_FILES[name]
    path = reader.root / rel
    if path.is_symlink():
        reader.report(rel, None, "symbolic links are not followed; copy the file instead")
        return None
    if not path.is_file():
        return None
    text = reader.read(rel, path)
    raw = reader.yaml_file(rel, text) if text is not None else None
    model = reader.validate(_MODELS[name], raw, rel) if raw is not None else None
    if model is None or raw is None:
        return None
    files[name] = SourcePosition(rel, 1)
    return Parsed(rel, model, raw)


def _unique(reader: Reader, parsed: Parsed, key: str, ids: list[str], what: str) -> set[int]:
    """Indexes of the items whose id repeats an earlier one (each reported at its id)."""
    seen: dict[str, int] = {}
    repeated: set[int] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            first = position(parsed.raw, (key, seen[ident]))
            also = f" (also line {first.line})" if first else ""
            reader.report(
                parsed.path,
                position(parsed.raw, (key, index, "id")) or position(parsed.raw, (key, index)),
                f"duplicate {what} {ident!r}{also}",
            )
            repeated.add(index)
        else:
            seen[ident] = index
    return repeated


def _families(reader: Reader, parsed: Parsed, known: set[str]) -> tuple[PatentFamily, ...]:
    model: im.PatentsFileModel = parsed.model
    rel, raw = parsed.path, parsed.raw
    repeated = _unique(reader, parsed, "families", [f.id for f in model.families], "family id")
    out = []
    for f, family in enumerate(model.families):
        for d, ident in enumerate(family.disclosures):
            if ident not in known:
                reader.report(
                    rel,
                    position(raw, ("families", f, "disclosures", d))
                    or position(raw, ("families", f, "disclosures")),
                    f"disclosures: no disclosure {ident!r}{suggest(ident, sorted(known))} "
                    f"(ip/disclosures/{ident}.md)",
                )
        if f in repeated:
            continue
        members = tuple(
            PatentMember(
                jurisdiction=m.jurisdiction,
                status=m.status,
                application=m.application,
                filed=m.filed,
                grant=m.grant,
                deadlines=tuple(
                    Deadline(
                        x.type,
                        x.due,
                        x.hard,
                        x.done,
                        x.note,
                        _at(rel, raw, ("families", f, "members", i, "deadlines", k)),
                    )
                    for k, x in enumerate(m.deadlines)
                ),
                source=_at(rel, raw, ("families", f, "members", i)),
            )
            for i, m in enumerate(family.members)
        )
        out.append(
            PatentFamily(
                id=family.id,
                title=family.title,
                members=members,
                disclosures=tuple(family.disclosures),
                repositories=tuple(family.repositories),
                technologies=tuple(family.technologies),
                owner=family.owner,
                reference=family.reference,
                source=_at(rel, raw, ("families", f)),
            )
        )
    return tuple(out)


def _outbound(reader: Reader, parsed: Parsed) -> tuple[OutboundProject, ...]:
    model: im.OutboundFileModel = parsed.model
    repeated = _unique(reader, parsed, "projects", [p.id for p in model.projects], "project id")
    return tuple(
        OutboundProject(
            id=p.id,
            name=p.name or p.id,
            url=p.url,
            purl=p.purl,
            agreement=p.agreement,
            approver=p.approver,
            approved=p.approved,
            approved_on=p.approved_on,
            conditions=p.conditions,
            self_declared_below=p.self_declared_below,
            cla_signed=p.cla_signed,
            source=_at(parsed.path, parsed.raw, ("projects", index)),
        )
        for index, p in enumerate(model.projects)
        if index not in repeated
    )


def _secrets(reader: Reader, parsed: Parsed) -> tuple[TradeSecret, ...]:
    model: im.TradeSecretsFileModel = parsed.model
    repeated = _unique(reader, parsed, "secrets", [s.id for s in model.secrets], "secret id")
    return tuple(
        TradeSecret(
            id=s.id,
            repository=s.repository,
            globs=tuple(s.paths),
            description=s.description,
            owner=s.owner,
            source=_at(parsed.path, parsed.raw, ("secrets", index)),
        )
        for index, s in enumerate(model.secrets)
        if index not in repeated
    )


def _visibility(parsed: Parsed) -> tuple[RepositoryVisibility, ...]:
    model: im.TradeSecretsFileModel = parsed.model
    return tuple(
        RepositoryVisibility(
            pattern, value, _at(parsed.path, parsed.raw, ("visibility", pattern), key=True)
        )
        for pattern, value in model.visibility.items()
    )


def _exports(reader: Reader, parsed: Parsed) -> tuple[ExportRecord, ...]:
    model: im.ExportFileModel = parsed.model
    names = [r.repository for r in model.records]
    repeated = _unique(reader, parsed, "records", names, "export record for repository")
    return tuple(
        ExportRecord(
            repository=r.repository,
            classification=r.classification,
            notice=r.notice,
            reviewed=r.reviewed,
            note=r.note,
            source=_at(parsed.path, parsed.raw, ("records", index)),
        )
        for index, r in enumerate(model.records)
        if index not in repeated
    )
