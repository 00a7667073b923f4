"""Backstage ``catalog-info.yaml`` documents for the repositories Lodestar knows.

One ``kind: Component`` entity (``apiVersion: backstage.io/v1alpha1``) per repository:

* ``metadata.name``: the name of the Component the repository's own ``catalog-info.yaml``
  declares, when it is a valid Backstage name (so Backstage does not see the same component
  twice); else a slug of the repository name: lower case, runs of characters Backstage refuses
  become ``-``, at most 63 characters (``^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$``), made
  unique (case-insensitively, as Backstage compares them) with ``-2``, ``-3`` …;
  ``metadata.title``: the repository name.
* ``metadata.tags``: the catalog technologies the scan found, by id (valid tags:
  ``^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$``, at most 63 characters; other characters become ``-``).
* ``metadata.annotations``: ``lodestar.dev/repository`` (the name in Lodestar),
  ``lodestar.dev/commit``, ``lodestar.dev/last-commit`` (the scanned commit's date),
  ``lodestar.dev/owner-source`` (where the owner is declared) and, copied from the repository's
  own Component, ``backstage.io/source-location`` and ``github.com/project-slug``.
  ``metadata.links``: the repository's cockpit page, when the cockpit's URL is given.
* ``spec.type``: the one the repository's Component declares; else ``service`` when it uses a
  server-side web framework (:data:`SERVICE_FRAMEWORKS`), ``website`` when it uses a front-end
  framework and none of those (:data:`WEBSITE_FRAMEWORKS`), otherwise ``other``: a guess is not
  made where the evidence is thin (a library cannot be told from an application by its files).
* ``spec.lifecycle``: the declared one; else ``production``, or ``deprecated`` when the scanned
  commit is older than ``dormant_days`` (``history.dormant_days``): nobody has changed it for
  that long, and Backstage's well-known values have nothing closer. The last-commit annotation
  says why.
* ``spec.owner``: the declared owner (:class:`lodestar.records.owners.RepositoryOwner`) as a
  Backstage entity reference (:func:`owner_ref`); the first that converts when several are
  declared (all of them in ``lodestar.dev/owners``). Backstage requires an owner, so a
  repository with none gets ``group:unknown`` and a comment saying so.
* ``spec.system``: the one the repository's Component declares, when it is a reference
  Backstage can resolve.

Repository text (names, declared values) is data: the documents are written by PyYAML's
``safe_dump``, which quotes whatever needs quoting; comments are fixed text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from lodestar.analysis import component_of
from lodestar.records import Observation, RepositoryRow
from lodestar.records.owners import CatalogEntity, RepositoryOwner
from lodestar.render.cockpit_urls import CockpitUrls

__all__ = [
    "SERVICE_FRAMEWORKS",
    "WEBSITE_FRAMEWORKS",
    "CatalogDocument",
    "catalog_documents",
    "catalog_yaml",
    "document_yaml",
    "entity_name",
    "owner_ref",
    "tag_of",
    "valid_entity_name",
    "valid_tag",
]

MAX_NAME = 63
UNKNOWN_OWNER = "group:unknown"
_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_TAG = re.compile(r"^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$")
_NOT_NAME = re.compile(r"[^a-z0-9_.]+")
_NOT_TAG = re.compile(r"[^a-z0-9:+#]+")
_REF = re.compile(r"^(?:(group|user):)?(?:([a-z0-9-]{1,63})/)?([^/:]+)$", re.IGNORECASE)
_SYSTEM = re.compile(r"^(?:system:)?(?:[a-z0-9-]{1,63}/)?([^/:]+)$", re.IGNORECASE)
_COPIED = ("backstage.io/source-location", "github.com/project-slug")

SERVICE_FRAMEWORKS = frozenset(
    {
        "django", "django-rest-framework", "flask", "fastapi", "starlette", "pyramid", "tornado",
        "aiohttp", "sanic", "litestar", "express", "nestjs", "koa", "fastify", "hapi", "hono",
        "adonisjs", "strapi", "spring-boot", "quarkus", "micronaut", "dropwizard", "vertx",
        "jakarta-ee", "play", "ktor", "grails", "helidon", "aspnet-core", "gin", "echo", "fiber",
        "chi", "gorilla", "grpc", "actix-web", "axum", "rocket", "warp", "rails", "sinatra",
        "hanami", "laravel", "symfony", "cakephp", "codeigniter", "yii", "slim", "api-platform",
        "phoenix",
    }
)  # fmt: skip
WEBSITE_FRAMEWORKS = frozenset(
    {
        "react", "vue", "angular", "angularjs", "svelte", "sveltekit", "nextjs", "nuxt", "remix",
        "gatsby", "astro", "solidjs", "preact", "ember", "quasar", "blazor",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CatalogDocument:
    """One repository's entity, and the comment written above it (fixed text, or None)."""

    repository: str
    entity: dict[str, Any]
    comment: str | None = None


def valid_entity_name(name: str) -> bool:
    """Backstage's entity name rule (catalog-model's ``isValidObjectName``)."""
    return 1 <= len(name) <= MAX_NAME and _NAME.match(name) is not None


def valid_tag(tag: str) -> bool:
    """Backstage's tag rule (catalog-model's ``isValidTag``)."""
    return 1 <= len(tag) <= MAX_NAME and _TAG.match(tag) is not None


def entity_name(text: str) -> str:
    """A valid Backstage entity name for ``text`` (a repository name): lower case, other
    characters as ``-``, at most 63 characters; ``repository`` when nothing is left."""
    slug = _NOT_NAME.sub("-", text.lower()).strip("-_.")[:MAX_NAME].rstrip("-_.")
    return slug or "repository"


def tag_of(technology: str) -> str | None:
    """A catalog technology id as a Backstage tag (other characters as ``-``), or None."""
    tag = _NOT_TAG.sub("-", technology.lower()).strip("-")
    return tag if valid_tag(tag) else None


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f"-{n}"
        candidate = entity_name(name[: MAX_NAME - len(suffix)]) + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def owner_ref(written: str) -> str | None:
    """A declared owner as a Backstage entity reference, or None when it cannot be one.

    ``group:x``, ``user:x`` and ``kind:namespace/x`` stay (a bare ``x`` is a group, as
    Backstage reads a bare owner); a GitHub/GitLab team ``@org/x`` (``@group/sub/x``) is
    ``group:x``; ``@x`` is ``user:x``; an email is the user named by its local part; a GitLab
    role (``@@maintainer``) is none. Names are
    written in lower case (Backstage compares references without regard to case) and made
    valid entity names (:func:`entity_name`) when they are not.
    """
    text = written.strip()
    if text.startswith("@@"):  # a GitLab role (@@maintainer): no entity stands for it
        return None
    if text.startswith("@"):
        kind, name, namespace = ("group", text.rsplit("/", 1)[-1], None)
        if "/" not in text:
            kind, name = "user", text[1:]
    elif "@" in text:
        kind, name, namespace = "user", text.split("@", 1)[0], None
    else:
        match = _REF.match(text)
        if match is None:
            return None
        kind = (match.group(1) or "group").lower()
        namespace, name = match.group(2), match.group(3)
    if not name:
        return None
    name = name.lower() if valid_entity_name(name) else entity_name(name)
    prefix = f"{namespace.lower()}/" if namespace and namespace.lower() != "default" else ""
    return f"{kind}:{prefix}{name}"


def _system_ref(written: str) -> str | None:
    """A declared ``spec.system`` as written when Backstage can resolve it (``[system:]``
    ``[namespace/]name``), else None: an entity naming a system that cannot exist is refused."""
    match = _SYSTEM.match(written.strip())
    return written.strip() if match and valid_entity_name(match.group(1)) else None


def _component(obs: Observation | None, repository: str) -> CatalogEntity | None:
    """The Component the repository's own ``catalog-info.yaml`` describes it with."""
    return None if obs is None else component_of(obs.entities, repository)


def _guess_type(technologies: set[str]) -> str:
    if technologies & SERVICE_FRAMEWORKS:
        return "service"
    if technologies & WEBSITE_FRAMEWORKS:
        return "website"
    return "other"


def _last_commit(row: RepositoryRow) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(row.committed_at).date() if row.committed_at else None
    except ValueError:
        return None


def _spec(
    row: RepositoryRow,
    technologies: set[str],
    component: CatalogEntity | None,
    owner: RepositoryOwner | None,
    dormant: bool,
) -> tuple[dict[str, Any], str | None]:
    refs = [r for d in (owner.declared if owner else ()) if (r := owner_ref(d))]
    lifecycle = component.lifecycle if component and component.lifecycle else None
    spec: dict[str, Any] = {
        "type": component.type if component and component.type else _guess_type(technologies),
        "lifecycle": lifecycle or ("deprecated" if dormant else "production"),
        "owner": refs[0] if refs else UNKNOWN_OWNER,
    }
    system = _system_ref(component.system) if component and component.system else None
    if system is not None:
        spec["system"] = system
    comment = None
    if not refs:
        comment = (
            f"{row.name}: no owner declared (CODEOWNERS, catalog-info.yaml or lodestar.toml "
            f"[repositories] owners); Backstage requires one, so it is {UNKNOWN_OWNER}"
            if not owner or not owner.declared
            else f"{row.name}: its declared owner is not a Backstage entity reference, so it "
            f"is {UNKNOWN_OWNER} (see the lodestar.dev/owners annotation)"
        )
    return spec, comment


def _annotations(
    row: RepositoryRow,
    component: CatalogEntity | None,
    owner: RepositoryOwner | None,
    last: dt.date | None,
) -> dict[str, str]:
    out = {"lodestar.dev/repository": row.name}
    if row.commit:
        out["lodestar.dev/commit"] = row.commit
    if last is not None:
        out["lodestar.dev/last-commit"] = last.isoformat()
    if owner is not None and owner.source:
        out["lodestar.dev/owner-source"] = owner.source
    if owner is not None and (
        len(owner.declared) > 1 or (owner.declared and owner_ref(owner.declared[0]) is None)
    ):
        out["lodestar.dev/owners"] = " ".join(owner.declared)
    copied = component.annotations if component else ()
    return out | {key: value for key, value in copied if key in _COPIED}


def catalog_documents(
    repositories: Sequence[RepositoryRow],
    observations: Sequence[Observation],
    owners: Mapping[str, RepositoryOwner],
    *,
    today: dt.date,
    dormant_days: int,
    urls: CockpitUrls | None = None,
) -> list[CatalogDocument]:
    """One Component entity per repository (by name), as described in the module's doc."""
    by_name = {o.repository: o for o in observations}
    taken: set[str] = set()
    documents = []
    for row in repositories:
        obs = by_name.get(row.name)
        component = _component(obs, row.name)
        owner = owners.get(row.name)
        technologies = {t.technology for t in obs.technologies} if obs else set()
        last = _last_commit(row)
        dormant = last is not None and (today - last).days > dormant_days
        declared = component.name if component and valid_entity_name(component.name) else None
        metadata: dict[str, Any] = {
            "name": _unique(declared or entity_name(row.name), taken),
            "title": row.name,
            "annotations": _annotations(row, component, owner, last),
            "tags": sorted({tag for t in technologies if (tag := tag_of(t))}),
        }
        if urls is not None:
            metadata["links"] = [
                {"url": urls.repository(row.name), "title": "Lodestar cockpit", "icon": "dashboard"}
            ]
        spec, comment = _spec(row, technologies, component, owner, dormant)
        entity = {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": metadata,
            "spec": spec,
        }
        documents.append(CatalogDocument(row.name, entity, comment))
    return documents


def _comment(text: str) -> str:
    # fixed text with a repository name in it: one line, no control characters
    flat = "".join(c if c.isprintable() else " " for c in text)
    return f"# {flat}\n"


def document_yaml(document: CatalogDocument) -> str:
    """One ``catalog-info.yaml`` document (without the ``---`` separator)."""
    body = yaml.safe_dump(
        document.entity, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return (_comment(document.comment) if document.comment else "") + body


def catalog_yaml(documents: Sequence[CatalogDocument]) -> str:
    """Every document in one multi-document YAML stream."""
    return "".join(f"---\n{document_yaml(d)}" for d in documents)
