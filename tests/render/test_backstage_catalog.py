"""Backstage catalog-info.yaml documents: parsed back, held to Backstage's own rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from lodestar.records import Observation, RepositoryRow, TechnologyUse
from lodestar.records.owners import CatalogEntity, RepositoryOwner
from lodestar.render import CockpitUrls, catalog_documents, catalog_yaml
from lodestar.render.backstage_catalog import entity_name, owner_ref, tag_of

TODAY = dt.date(2026, 11, 15)
# Backstage's catalog-model validators (KubernetesValidatorFunctions.isValidObjectName and the
# inlined isValidTag of makeValidator.ts), transcribed
NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
TAG = re.compile(r"^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$")
REF = re.compile(r"^(group|user):([a-z0-9-]+/)?[A-Za-z0-9][-A-Za-z0-9_.]*$")
ROOT = {"apiVersion", "kind", "metadata", "spec", "relations", "status"}


def valid_name(name: object) -> bool:
    return isinstance(name, str) and 1 <= len(name) <= 63 and NAME.match(name) is not None


def valid_tag(tag: object) -> bool:
    return isinstance(tag, str) and 1 <= len(tag) <= 63 and TAG.match(tag) is not None


def backstage_errors(entity: dict[str, Any]) -> list[str]:
    """What Backstage's catalog would refuse in a Component entity."""
    errors = [f"root field {k}" for k in entity if k not in ROOT]
    meta, spec = entity.get("metadata", {}), entity.get("spec", {})
    if entity.get("apiVersion") != "backstage.io/v1alpha1" or entity.get("kind") != "Component":
        errors.append("not a backstage.io/v1alpha1 Component")
    if not valid_name(meta.get("name")):
        errors.append(f"name {meta.get('name')!r}")
    errors += [f"tag {t!r}" for t in meta.get("tags", []) if not valid_tag(t)]
    for key, value in meta.get("annotations", {}).items():
        _prefix, _, name = key.rpartition("/")
        if not (valid_name(name) and isinstance(value, str)):
            errors.append(f"annotation {key!r}")
    for field in ("type", "lifecycle", "owner"):
        if not isinstance(spec.get(field), str) or not spec[field]:
            errors.append(f"spec.{field} missing")
    if isinstance(spec.get("owner"), str) and not REF.match(spec["owner"]):
        errors.append(f"owner {spec['owner']!r}")
    for link in meta.get("links", []):
        if not isinstance(link.get("url"), str):
            errors.append("link without url")
    return errors


def row(name: str, committed: str | None = "2026-10-01T10:00:00+00:00") -> RepositoryRow:
    return RepositoryRow(
        name=name,
        path=f"/srv/git/{name}",
        bare=True,
        commit="3f1c2a9d" * 5,
        committed_at=committed,
        scanned_at="2026-11-01T00:00:00+00:00",
        files=10,
        own_code=1000,
        languages=(),
        licence=None,
        licence_declared=None,
        licence_detected=None,
        licence_status=None,
        warnings=0,
        last_error=None,
    )


def uses(*ids: str) -> tuple[TechnologyUse, ...]:
    return tuple(TechnologyUse(t, "dependency", f"pkg:x/{t}", "manifest") for t in ids)


ORDERS_INFO = CatalogEntity(
    path="catalog-info.yaml",
    line=1,
    kind="Component",
    name="orders",
    owner="group:payments",
    system="checkout",
    type="service",
    lifecycle="experimental",
    annotations=(
        ("github.com/project-slug", "northwind/orders-api"),
        ("example.com/secret-thing", "not copied"),
    ),
)


def documents(**kwargs: Any) -> list[dict[str, Any]]:
    repos = [
        row("orders-api"),
        row("Storefront.Web"),
        row("supplier-portal", "2025-09-01T08:00:00+00:00"),
        row("platform/Infra Tools"),
        row("STOREFRONT.web"),
    ]
    observations = [
        Observation(
            "orders-api",
            "c1",
            technologies=uses("python", "fastapi", "postgresql"),
            entities=(ORDERS_INFO,),
        ),
        Observation("Storefront.Web", "c2", technologies=uses("typescript", "react", "c++")),
        Observation("supplier-portal", "c3", technologies=uses("php", "laravel")),
        Observation("platform/Infra Tools", "c4", technologies=uses("terraform")),
    ]
    owners = {
        "orders-api": RepositoryOwner("orders-api", ("group:payments",), "catalog-info.yaml:1"),
        "Storefront.Web": RepositoryOwner(
            "Storefront.Web", ("@northwind/web-team", "@jane"), "CODEOWNERS:3"
        ),
        "supplier-portal": RepositoryOwner(
            "supplier-portal", ("maria@northwind.example",), ".github/CODEOWNERS:1"
        ),
    }
    docs = catalog_documents(repos, observations, owners, today=TODAY, dormant_days=180, **kwargs)
    text = catalog_yaml(docs)
    parsed = [d for d in yaml.safe_load_all(text) if d is not None]
    assert len(parsed) == len(repos)
    return parsed


def test_every_document_is_a_component_backstage_accepts() -> None:
    parsed = documents(urls=CockpitUrls("https://lodestar.example.com"))
    assert [backstage_errors(d) for d in parsed] == [[]] * 5
    names = [d["metadata"]["name"] for d in parsed]
    assert names == [
        "orders",
        "storefront.web",
        "supplier-portal",
        "platform-infra-tools",
        "storefront.web-2",
    ]
    assert len({n.lower() for n in names}) == len(names)
    assert [d["metadata"]["title"] for d in parsed][3] == "platform/Infra Tools"


def test_what_the_repository_declares_wins() -> None:
    orders = documents()[0]
    assert orders["spec"] == {
        "type": "service",
        "lifecycle": "experimental",
        "owner": "group:payments",
        "system": "checkout",
    }
    assert orders["metadata"]["annotations"] == {
        "lodestar.dev/repository": "orders-api",
        "lodestar.dev/commit": "3f1c2a9d" * 5,
        "lodestar.dev/last-commit": "2026-10-01",
        "lodestar.dev/owner-source": "catalog-info.yaml:1",
        "github.com/project-slug": "northwind/orders-api",
    }
    assert orders["metadata"]["tags"] == ["fastapi", "postgresql", "python"]


def test_guesses_are_honest() -> None:
    _, web, portal, infra, _ = documents()
    assert web["spec"]["type"] == "website"  # React, no server-side framework
    assert web["spec"]["owner"] == "group:web-team"  # the first of two CODEOWNERS owners
    assert web["metadata"]["annotations"]["lodestar.dev/owners"] == "@northwind/web-team @jane"
    assert web["metadata"]["tags"] == ["c++", "react", "typescript"]
    assert portal["spec"]["type"] == "service"  # Laravel
    assert portal["spec"]["lifecycle"] == "deprecated"  # no commit since 2025-09: dormant
    assert portal["spec"]["owner"] == "user:maria"
    assert infra["spec"]["type"] == "other"  # Terraform alone says nothing about the kind
    assert infra["spec"]["lifecycle"] == "production"


def test_an_unowned_repository_is_group_unknown_with_a_comment() -> None:
    docs = catalog_documents([row("infra")], [], {}, today=TODAY, dormant_days=180)
    text = catalog_yaml(docs)
    assert text.startswith("---\n# infra: no owner declared (CODEOWNERS, catalog-info.yaml")
    (entity,) = yaml.safe_load_all(text)
    assert entity["spec"]["owner"] == "group:unknown"
    assert backstage_errors(entity) == []


def test_links_go_to_the_cockpit_pages() -> None:
    parsed = documents(urls=CockpitUrls("https://lodestar.example.com/"))
    assert parsed[0]["metadata"]["links"] == [
        {
            "url": "https://lodestar.example.com/repositories/orders-api/",
            "title": "Lodestar cockpit",
            "icon": "dashboard",
        }
    ]
    assert "links" not in documents()[0]["metadata"]


def test_owner_references() -> None:
    assert owner_ref("group:payments") == "group:payments"
    assert owner_ref("user:default/jane") == "user:jane"
    assert owner_ref("group:ops/platform") == "group:ops/platform"
    assert owner_ref("payments") == "group:payments"
    assert owner_ref("@acme/payments") == "group:payments"
    assert owner_ref("@gitlab-org/sub/group") == "group:group"
    assert owner_ref("@jane") == "user:jane"
    assert owner_ref("Jane.Doe@example.com") == "user:jane.doe"
    assert owner_ref("Team Payments") == "group:team-payments"
    assert owner_ref("component:orders") is None
    assert owner_ref("@") is None
    assert owner_ref("@@maintainer") is None  # a GitLab role is nobody in Backstage


def test_hostile_repository_text_stays_data() -> None:
    hostile = "x\n  owner: group:attacker\n---\nkind: Group\n# ok: 'yes' &a *a !!python/object"
    info = CatalogEntity(
        "catalog-info.yaml", 1, "Component", "svc", system="a\nb: c", type="x\n- y: z"
    )
    owners = {hostile: RepositoryOwner(hostile, ("@org/x\n---\n!!binary",), hostile)}
    docs = catalog_documents(
        [row(hostile)],
        [Observation(hostile, "c", entities=(info,))],
        owners,
        today=TODAY,
        dormant_days=180,
    )
    (entity,) = yaml.safe_load_all(catalog_yaml(docs))
    assert entity["metadata"]["title"] == hostile
    assert entity["metadata"]["annotations"]["lodestar.dev/owner-source"] == hostile
    assert "system" not in entity["spec"]  # "a\nb: c" names no system Backstage could have
    assert entity["kind"] == "Component"
    assert entity["spec"]["type"] == "x\n- y: z"  # kept, as data
    assert backstage_errors(entity) == []


@given(st.text(max_size=120))
def test_any_repository_name_gives_a_valid_entity_name(name: str) -> None:
    assert valid_name(entity_name(name))
    ref = owner_ref(name)
    assert ref is None or REF.match(ref), ref


@given(st.text(max_size=80))
def test_technology_ids_become_valid_tags_or_nothing(technology: str) -> None:
    tag = tag_of(technology)
    assert tag is None or valid_tag(tag)
