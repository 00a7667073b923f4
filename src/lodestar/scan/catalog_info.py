"""Backstage ``catalog-info.yaml`` to :class:`~lodestar.records.owners.CatalogEntity` records.

A descriptor file is a YAML stream of entities (``---`` between them), each
``{apiVersion, kind, metadata: {name, namespace, title, tags, annotations}, spec: {…}}``.
Read: kinds Component, System, API, Resource, Group, User, Domain and Location;
``metadata.name``/``namespace``/``title``/``tags``/``annotations``; ``spec.owner``,
``system``, ``type``, ``lifecycle``, ``members`` (Group), ``parent`` (Group),
``profile.email``/``profile.displayName`` (User, Group). Other kinds (Template …) are skipped
silently; Location targets are not followed.

An entity's ``line`` is the line of its ``spec.owner`` when it has one (where a reader fixes
it), else the line its document starts on.

Hostile input: the stream is cut into documents at column-0 ``---`` lines and each document
is read on its own through :func:`lodestar.safeparse.load_yaml` under :data:`CATALOG_YAML`
(tags ignored, anchors shared under a budget, depth, nodes, bytes), so a bad document is one
warning on its path (``line N: …``) and the others are kept. At most :data:`MAX_DOCUMENTS`
documents, and at most :data:`MAX_LIST` tags, annotations or members per entity.
"""

from __future__ import annotations

from lodestar.errors import ManifestError
from lodestar.records import ScanWarning
from lodestar.records.owners import CatalogEntity
from lodestar.safeparse import YamlMap, YamlRules, load_yaml, position, yaml_text

__all__ = [
    "CATALOG_FILES",
    "CATALOG_KINDS",
    "CATALOG_YAML",
    "MAX_CATALOG_BYTES",
    "MAX_DOCUMENTS",
    "parse_catalog_info",
]

CATALOG_FILES = ("catalog-info.yaml", "catalog-info.yml")
CATALOG_KINDS = frozenset(
    {"Component", "System", "API", "Resource", "Group", "User", "Domain", "Location"}
)
MAX_CATALOG_BYTES = 1 << 20
MAX_DOCUMENTS = 1000
MAX_LIST = 1000
MAX_TEXT = 1024  # characters of one owner, annotation value …
MAX_NAME = 253  # characters of a name or namespace (Backstage allows 63; the store 256)
CATALOG_YAML = YamlRules(
    kind="catalog files",
    max_depth=32,
    max_bytes=MAX_CATALOG_BYTES,
    max_nodes=200_000,
    max_alias_expansion=50_000,
    ignore_tags=True,
    duplicate_keys=True,
    collection_keys=True,
)
"""Backstage descriptors: hand-written, sometimes with anchors; tags are read as plain."""


def _documents(text: str) -> list[tuple[int, str]]:
    """``(first line, text)`` of each document of a stream, cut at column-0 ``---`` lines."""
    out: list[tuple[int, str]] = []
    start, chunk = 1, list[str]()
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("---") and (len(line) == 3 or line[3] in " \t\r"):
            if chunk:
                out.append((start, "\n".join(chunk)))
            start, chunk = number, [line]
        else:
            chunk.append(line)
    if chunk:
        out.append((start, "\n".join(chunk)))
    return out


def _text(value: object) -> str | None:
    text = yaml_text(value)
    if text is None:
        return None
    text = text.strip()
    return text[:MAX_TEXT] if text else None


def _texts(value: object) -> tuple[str, ...]:
    """A list of words (tags, members): an item with whitespace inside is no Backstage name."""
    items = value[:MAX_LIST] if isinstance(value, list) else [value]
    words = (t for t in (_text(v) for v in items) if t and not any(c.isspace() for c in t))
    return tuple(dict.fromkeys(words))


def _annotations(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        return ()
    out = []
    for key, item in list(value.items())[:MAX_LIST]:
        text = _text(item)
        if text is not None:
            out.append((str(key)[:MAX_TEXT], text))
    return tuple(sorted(out))


def _entity(path: str, doc: YamlMap) -> CatalogEntity | str | None:
    """The entity of one document; a message when it is not one; None for a skipped kind."""
    kind = _text(doc.get("kind"))
    if kind is None:
        return "no 'kind': not a Backstage entity"
    if kind not in CATALOG_KINDS:
        return None
    metadata = doc.get("metadata")
    spec = doc.get("spec")
    meta = metadata if isinstance(metadata, YamlMap) else YamlMap(doc.pos)
    spec_map = spec if isinstance(spec, YamlMap) else YamlMap(doc.pos)
    name = _text(meta.get("name"))
    if name is None or len(name) > MAX_NAME:
        return f"{kind} without a metadata.name (of at most {MAX_NAME} characters): skipped"
    profile = spec_map.get("profile")
    profile_map = profile if isinstance(profile, dict) else {}
    owner = _text(spec_map.get("owner"))
    where = position(doc, ("spec", "owner")) if owner else None
    return CatalogEntity(
        path=path,
        line=where.line if where else doc.pos.line,
        kind=kind,
        name=name,
        namespace=(_text(meta.get("namespace")) or "default")[:MAX_NAME],
        owner=owner,
        system=_text(spec_map.get("system")),
        type=_text(spec_map.get("type")),
        lifecycle=_text(spec_map.get("lifecycle")),
        members=_texts(spec_map.get("members")) if kind == "Group" else (),
        parent=_text(spec_map.get("parent")),
        email=_text(profile_map.get("email")),
        display_name=_text(profile_map.get("displayName")) or _text(meta.get("title")),
        tags=_texts(meta.get("tags")),
        annotations=_annotations(meta.get("annotations")),
    )


def parse_catalog_info(path: str, text: str) -> tuple[list[CatalogEntity], list[ScanWarning]]:
    """The entities of one descriptor file, in file order, and its warnings (on ``path``, the
    message starting ``line N:``)."""
    entities: list[CatalogEntity] = []
    warnings: list[ScanWarning] = []
    documents = _documents(text)
    if len(documents) > MAX_DOCUMENTS:
        warnings.append(
            ScanWarning(path, f"more than {MAX_DOCUMENTS} YAML documents; the rest are ignored")
        )
    for start, chunk in documents[:MAX_DOCUMENTS]:
        try:
            docs = load_yaml(path, chunk, CATALOG_YAML, line_offset=start - 1)
        except ManifestError as exc:
            line = exc.line or start
            warnings.append(ScanWarning(path, f"line {line}: entity skipped: {exc.reason}"))
            continue
        for doc in docs:
            if doc is None:
                continue
            if not isinstance(doc, YamlMap):
                warnings.append(ScanWarning(path, f"line {start}: not a mapping: not an entity"))
                continue
            found = _entity(path, doc)
            if isinstance(found, str):
                warnings.append(ScanWarning(path, f"line {doc.pos.line}: {found}"))
            elif found is not None:
                entities.append(found)
    return entities, warnings
