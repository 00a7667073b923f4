"""Third-party notices: the one derivation of what a repository owes its suppliers in attribution.

:func:`notice_document` builds, from one :class:`~lodestar.records.Observation` (the stored scan:
dependencies as ``lodestar sbom`` reads them, and the vendored components of
:mod:`lodestar.scan.notices`), the components a distribution must attribute and the full texts of
their licences (the SPDX texts shipped in :mod:`lodestar.catalog.licences`).
:func:`notice_text` writes it as a plain-text NOTICE file; :func:`compare_notice` holds a
committed file against it. ``lodestar notice`` and the ``notice-stale`` / ``notice-missing`` rules
(:mod:`lodestar.analysis.drift_notice`) all call these.

Which components, per context
-----------------------------
``distributed`` (binaries, packages or images shipped to others): every runtime, optional and
peer dependency (dev, test, build and docs dependencies do not ship; fixture manifests are left
out) and every vendored component. ``saas`` (the service runs on the organisation's machines;
only what reaches users' browsers and devices is distributed): Lodestar assumes that this is the
JavaScript packages (npm runtime, optional and peer dependencies — a bundler's input belongs in
``dependencies``, not ``devDependencies``, for it to count) and the vendored components under
``node_modules``, ``bower_components`` or a front-end folder (``static``, ``public``, ``assets``,
``www``, ``wwwroot``, ``web``, ``frontend``, ``client``). Anything else it cannot see.

One component per package (the purl without its version; several locked versions are listed
together) and one per vendored folder. A licence comes from the lock file (npm, composer) or
the vendored licence files; when neither gives one the component says "licence not
determined" — Lodestar never guesses.

Comparing
---------
A file Lodestar wrote, as text or Markdown, is read back block by block (a block starts at a
separator line followed by ``Component:``, ``Licence text:`` or the list of licence texts not
shipped, which is not compared, or at a ``##`` heading of one of those): components are keyed
by their ``Identifier:`` line and licence texts by their id, so the order of blocks does not
count, and inside a block neither do runs of whitespace, line breaks or the order of lines (a
component block is compared as the set of its lines; a licence text as its words). The header
(counts, the generating command) is not compared. A file written by hand or by another tool has
no such blocks: it is current when it names every component (its name, case-insensitive);
licence texts are then not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lodestar.catalog import licences as catalog
from lodestar.records import SHIPPED_SCOPES, Dependency, Observation
from lodestar.records.notices import VendoredComponent
from lodestar.safeparse import purl_key
from lodestar.scan.notices import sanitise

__all__ = [
    "CONTEXTS",
    "NoticeComponent",
    "NoticeDiff",
    "NoticeDocument",
    "compare_notice",
    "notice_document",
    "notice_text",
]

CONTEXTS = ("distributed", "saas")
NOT_DETERMINED = "licence not determined"
SEPARATOR = "-" * 80
_FRONT_END = frozenset(
    {"node_modules", "bower_components", "static", "public", "assets", "www", "wwwroot", "web",
     "frontend", "client"}
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")
_UNSHIPPED = "Licence texts not shipped with Lodestar"
_HEADS = ("Component: ", "Licence text: ", _UNSHIPPED)
_HEADS_MD = tuple(f"## {head}" for head in _HEADS)


@dataclass(frozen=True, slots=True)
class NoticeComponent:
    """One component to attribute: a package the repository depends on, or vendored code."""

    key: str  # identity: the package purl without version, or ``vendored:<path>``
    name: str
    versions: tuple[str, ...]
    licence: str | None  # SPDX expression; None: not determined
    where: tuple[str, ...]  # manifests declaring it, or the vendored folder
    copyrights: tuple[str, ...] = ()
    notice: str | None = None
    notice_path: str | None = None
    problem: str | None = None

    @property
    def vendored(self) -> bool:
        return self.key.startswith("vendored:")


@dataclass(frozen=True, slots=True)
class NoticeDocument:
    """A repository's third-party notice in one context."""

    repository: str
    context: str
    components: tuple[NoticeComponent, ...]
    texts: tuple[tuple[str, str, str], ...]  # (SPDX id, name, full text), by id
    unshipped: tuple[str, ...]  # licence ids named by a component whose text is not shipped

    @property
    def undetermined(self) -> int:
        return sum(1 for c in self.components if c.licence is None)


def _shipped(dep: Dependency) -> bool:
    return dep.scope in SHIPPED_SCOPES and not dep.fixture


def _dependency_components(deps: Iterable[Dependency], context: str) -> list[NoticeComponent]:
    grouped: dict[str, list[Dependency]] = {}
    for dep in deps:
        if not _shipped(dep) or (context == "saas" and dep.ecosystem != "npm"):
            continue
        key = purl_key(dep.purl) or dep.purl
        grouped.setdefault(key, []).append(dep)
    out = []
    for key, group in grouped.items():
        group.sort(key=lambda d: (d.manifest, d.line or 0))
        out.append(
            NoticeComponent(
                key=key,
                name=group[0].name,
                versions=tuple(sorted({d.version for d in group if d.version})),
                licence=next((d.licence for d in group if d.licence), None),
                where=tuple(sorted({d.manifest for d in group})),
            )
        )
    return out


def _front_end(component: VendoredComponent) -> bool:
    return any(part.lower() in _FRONT_END for part in component.path.split("/"))


def _vendored_component(v: VendoredComponent) -> NoticeComponent:
    return NoticeComponent(
        key=f"vendored:{v.path}",
        name=v.name,
        versions=(v.version,) if v.version else (),
        licence=v.licence,
        where=(v.path,),
        copyrights=v.copyrights,
        notice=v.notice,
        notice_path=v.notice_path,
        problem=v.problem,
    )


def _text_id(spdx: str) -> str:
    """The shipped text that holds a licence id (``GPL-2.0-or-later`` is GPL-2.0-only's text)."""
    return spdx.removesuffix("-or-later") + "-only" if spdx.endswith("-or-later") else spdx


def notice_document(observation: Observation, context: str = "distributed") -> NoticeDocument:
    """The components ``observation``'s repository must attribute in ``context``, sorted by key,
    with the full texts of their licences."""
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}")
    components = _dependency_components(observation.dependencies, context)
    evidence = observation.notices
    for vendored in evidence.vendored if evidence else ():
        if context == "distributed" or _front_end(vendored):
            components.append(_vendored_component(vendored))
    components.sort(key=lambda c: c.key)
    shipped = catalog.licence_texts()
    texts: dict[str, tuple[str, str, str]] = {}
    unshipped: set[str] = set()
    for component in components:
        for spdx in catalog.expression_keys(component.licence or ""):
            text = shipped.get(_text_id(spdx))
            if text is None:
                unshipped.add(spdx)
            else:
                texts[text.spdx] = (text.spdx, text.name, text.text)
    return NoticeDocument(
        repository=observation.repository,
        context=context,
        components=tuple(components),
        texts=tuple(texts[k] for k in sorted(texts)),
        unshipped=tuple(sorted(unshipped)),
    )


# --------------------------------------------------------------------------------------------
# Plain text


def _component_lines(c: NoticeComponent) -> list[str]:
    title = f"{c.name} {', '.join(c.versions)}".rstrip()
    lines = [f"Component: {title}", f"Identifier: {c.key}"]
    lines.append(f"Licence: {c.licence or NOT_DETERMINED}")
    if c.problem:
        lines.append(f"Why not determined: {c.problem}")
    label = "Vendored at" if c.vendored else "Declared in"
    lines.append(f"{label}: {', '.join(c.where)}")
    lines.extend(f"Copyright: {line}" for line in c.copyrights)
    if c.notice:
        lines.append(f"NOTICE (from {c.notice_path}):")
        lines.extend(f"    {line}".rstrip() for line in c.notice.splitlines())
    return lines


def _block(head: str, body: list[str], *, markdown: bool) -> list[str]:
    """One block: after a separator line (text), or a heading and an indented code block
    (Markdown: nothing from a repository is read as markup)."""
    if not markdown:
        return [SEPARATOR, head, *body, ""]
    body = body[1:] if body and not body[0] else body
    return [f"## {head}", "", *(f"    {line}".rstrip() for line in body), ""]


def notice_text(document: NoticeDocument, *, markdown: bool = False) -> str:
    """The notice as a plain-text (or Markdown) file: a header, one block per component, one
    per licence text. Both forms compare equal (:func:`compare_notice`).

    Deterministic: the same document gives the same bytes (no date, no commit)."""
    scope = (
        "every runtime dependency and every vendored component"
        if document.context == "distributed"
        else "what reaches users' browsers and devices: npm packages and vendored front-end code"
    )
    repo = document.repository
    facts = [
        f"Repository: {repo}",
        f"Context: {document.context} ({scope})",
        f"Components: {len(document.components)} ({document.undetermined} with {NOT_DETERMINED})",
    ]
    lines = [
        "# Third-party software notices" if markdown else "THIRD-PARTY SOFTWARE NOTICES",
        "",
        *([f"- {fact}" for fact in facts] if markdown else facts),
        "",
        "This file lists the third-party components this software includes or depends on, with",
        "their licences and copyright notices, followed by the full text of each licence.",
        f"Written by Lodestar: `lodestar notice {repo} --output FILE`;",
        f"checked with `lodestar notice {repo} --check`. Do not edit it by hand.",
        "",
    ]
    for component in document.components:
        title, *body = _component_lines(component)
        lines.extend(_block(title, body, markdown=markdown))
    if document.unshipped:
        head = f"{_UNSHIPPED} (copy them from the components): " + ", ".join(document.unshipped)
        lines.extend(_block(head, [], markdown=markdown))
    for spdx, name, text in document.texts:
        body = ["", *text.strip().splitlines()]
        lines.extend(_block(f"Licence text: {spdx} ({name})", body, markdown=markdown))
    text = "\n".join(lines).replace("\f", "\n").replace("\v", "\n")
    return sanitise(text).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# Comparing


@dataclass(frozen=True, slots=True)
class NoticeDiff:
    """How a committed notice differs from a fresh one (empty lists: current)."""

    missing: tuple[str, ...] = ()  # components in the fresh notice, not in the file
    extra: tuple[str, ...] = ()  # components in the file that no longer apply
    changed: tuple[str, ...] = ()  # same component, another version, licence or notice
    texts_missing: tuple[str, ...] = ()
    texts_extra: tuple[str, ...] = ()
    texts_changed: tuple[str, ...] = ()
    foreign: bool = False  # not written by Lodestar: compared by component names only
    unreadable: bool = False  # the committed file was too large to read
    notes: tuple[str, ...] = field(default=())

    @property
    def stale(self) -> bool:
        return self.unreadable or any(
            (self.missing, self.extra, self.changed, self.texts_missing, self.texts_extra,
             self.texts_changed)
        )  # fmt: skip

    def summary(self) -> str:
        """One line: what differs, in counts with the first names."""
        if self.unreadable:
            return "the committed notice is too large to read"
        parts = []
        for label, names in (
            ("missing", self.missing),
            ("extra", self.extra),
            ("changed", self.changed),
            ("licence texts missing", self.texts_missing),
            ("licence texts extra", self.texts_extra),
            ("licence texts changed", self.texts_changed),
        ):
            if names:
                shown = ", ".join(names[:3]) + (
                    f" and {len(names) - 3} more" if len(names) > 3 else ""
                )
                parts.append(f"{len(names)} {label} ({shown})")
        return "; ".join(parts) or "current"


@dataclass(frozen=True, slots=True)
class _Parsed:
    components: dict[str, tuple[str, frozenset[str]]]  # key → (name, its lines)
    texts: dict[str, str]  # SPDX id → its words


def _flat(line: str) -> str:
    return _WHITESPACE.sub(" ", line).strip()


def _parse(text: str) -> _Parsed:
    blocks: list[list[str]] = []
    previous = ""
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = _flat(raw)
        heading = line.startswith(_HEADS_MD)
        line = line.removeprefix("## ") if heading else line
        starts = line.startswith(_HEADS)
        if heading or (starts and previous.startswith("-" * 40) and set(previous) == {"-"}):
            blocks.append([])
        if blocks and line and set(line) != {"-"}:
            blocks[-1].append(line)
        previous = line or previous
    components: dict[str, tuple[str, frozenset[str]]] = {}
    texts: dict[str, str] = {}
    for block in blocks:
        head = block[0]
        if head.startswith(_UNSHIPPED):
            continue  # follows from the components' licences, compared with them
        if head.startswith("Licence text: "):
            spdx = head.removeprefix("Licence text: ").split(" ", 1)[0]
            texts[spdx] = " ".join(" ".join(block[1:]).split())
            continue
        key = next(
            (b.removeprefix("Identifier: ") for b in block if b.startswith("Identifier: ")), ""
        )
        if key:
            components[key] = (head.removeprefix("Component: "), frozenset(block))
    return _Parsed(components, texts)


def _changed(key: str, old: tuple[str, frozenset[str]], new: tuple[str, frozenset[str]]) -> str:
    """``key (what changed)``: the title's old → new version, and the other fields that differ."""
    fields = {line.split(":", 1)[0] for line in old[1] ^ new[1] if ":" in line}
    parts = [f"{old[0]} → {new[0]}"] if old[0] != new[0] else []
    parts += [f.lower() for f in sorted(fields - {"Component", "Identifier"})]
    return f"{key} ({', '.join(parts)})" if parts else key


def compare_notice(fresh: NoticeDocument, committed: str, *, truncated: bool = False) -> NoticeDiff:
    """How the committed notice text differs from ``fresh`` (see the module docstring)."""
    if truncated and not committed:
        return NoticeDiff(unreadable=True)
    found = _parse(committed)
    if not found.components and not found.texts:
        haystack = committed.casefold()
        missing = tuple(c.key for c in fresh.components if c.name.casefold() not in haystack)
        return NoticeDiff(missing=missing, foreign=True)
    wanted = _parse(notice_text(fresh))
    have, want = found.components, wanted.components
    changed = tuple(
        _changed(k, have[k], want[k])
        for k in sorted(have.keys() & want.keys())
        if have[k][1] != want[k][1]
    )
    texts_changed = tuple(
        k for k in sorted(found.texts.keys() & wanted.texts.keys())
        if found.texts[k] != wanted.texts[k]
    )  # fmt: skip
    return NoticeDiff(
        missing=tuple(sorted(want.keys() - have.keys())),
        extra=tuple(sorted(have.keys() - want.keys())),
        changed=changed,
        texts_missing=tuple(sorted(wanted.texts.keys() - found.texts.keys())),
        texts_extra=tuple(sorted(found.texts.keys() - wanted.texts.keys())),
        texts_changed=texts_changed,
    )
