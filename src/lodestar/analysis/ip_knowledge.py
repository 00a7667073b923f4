"""Who knows the organisation's protected code: trade secrets and disclosed inventions.

A trade secret (``ip/trade-secrets.yaml``) and an invention disclosure (``ip/disclosures/``)
each name code: a repository and path globs (a disclosure that names repositories without
paths stands for those whole repositories). Their *knowers* are the authors of those files as
the knowledge map computes them (:func:`lodestar.analysis.knowledge.authorship`: degree of
authorship over the file's lineage), so "who knows" means the same here as in
``lodestar risk`` and ``lodestar whatif``; *active* knowers are those with a commit anywhere in
``history.active_days``.

:func:`ip_knowledge` is the one derivation; the off-boarding what-if
(:mod:`lodestar.analysis.whatif`) reads it to report the trade secrets and disclosures whose
knowers all leave. Abandoned disclosures are left out (nothing is protected any more).

What it cannot see: knowledge outside git (the inventors who did not write the code, the
reviewers, the people counsel interviewed), and files that are not own code in a language (the
knowledge map tracks those only: a model's weights in a binary file have no authors here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lodestar.analysis.knowledge import FileAuthorship
from lodestar.analysis.presence import Presence
from lodestar.records.ip import IpPath, IpRegister

__all__ = ["IpKnowledge", "ip_knowledge", "protected_paths"]


@dataclass(frozen=True, slots=True)
class IpKnowledge:
    """One trade secret or disclosure and who knows its code."""

    kind: str  # "trade-secret" | "disclosure"
    id: str
    title: str
    paths: tuple[IpPath, ...]  # where its code lives
    files: int  # files of the current scans those paths cover (tracked by the knowledge map)
    code: int  # their lines of code
    knowers: tuple[str, ...]  # person keys, most lines known first
    active: tuple[str, ...]  # the knowers active now, same order


def protected_paths(register: IpRegister) -> list[tuple[str, str, str, tuple[IpPath, ...]]]:
    """(kind, id, title, paths) of every trade secret and live disclosure with code."""
    out: list[tuple[str, str, str, tuple[IpPath, ...]]] = []
    for secret in register.trade_secrets:
        paths = tuple(IpPath(secret.repository, glob) for glob in secret.globs)
        out.append(("trade-secret", secret.id, secret.description or secret.id, paths))
    for disclosure in register.disclosures:
        if disclosure.status == "abandoned":
            continue
        paths = disclosure.paths or tuple(IpPath(r) for r in disclosure.repositories)
        if paths:
            out.append(("disclosure", disclosure.id, disclosure.title, paths))
    return out


def ip_knowledge(
    register: IpRegister,
    authorships: Mapping[str, Sequence[FileAuthorship]],
    status: Mapping[str, Presence],
) -> tuple[IpKnowledge, ...]:
    """Every trade secret and live disclosure with the knowers of its code (see the module's
    docstring); ``authorships`` per repository, ``status`` everyone's presence."""
    out = []
    for kind, item_id, title, paths in protected_paths(register):
        lines: dict[str, int] = {}
        files = code = 0
        seen: set[tuple[str, str]] = set()
        for path in paths:
            for owned in authorships.get(path.repository, ()):
                if (path.repository, owned.path) in seen or not path.covers(owned.path):
                    continue
                seen.add((path.repository, owned.path))
                files += 1
                code += owned.code
                for person in owned.authors:
                    lines[person] = lines.get(person, 0) + owned.code
        knowers = tuple(sorted(lines, key=lambda p: (-lines[p], p)))
        active = tuple(p for p in knowers if status.get(p) == Presence.ACTIVE)
        out.append(IpKnowledge(kind, item_id, title, paths, files, code, knowers, active))
    return tuple(out)
