"""SBOM rendering: CycloneDX 1.6 validated against its schema, SPDX 2.3 against spdx-tools."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from hypothesis import given, settings
from hypothesis import strategies as st
from packageurl import PackageURL
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from tests.budget import SLACK

from lodestar.errors import LodestarError
from lodestar.records import Dependency, Scope
from lodestar.render import sbom_spdx
from lodestar.render.sbom import SbomSubject, cyclonedx_json, spdx_json
from lodestar.render.sbom_model import licence, packages, remote_url
from lodestar.render.sbom_spdx import spdx_document
from lodestar.render.sbom_spdx_validation import validate

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
COMMIT = "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a"
CDX = JsonStrictValidator(SchemaVersion.V1_6)
SPDX_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.-]+$")


def purl(ecosystem: str, namespace: str | None, name: str, version: str | None = None) -> str:
    return PackageURL(type=ecosystem, namespace=namespace, name=name, version=version).to_string()


def dep(
    ecosystem: str,
    name: str,
    version: str | None,
    *,
    namespace: str | None = None,
    shown: str | None = None,
    scope: Scope = Scope.RUNTIME,
    direct: bool = True,
    manifest: str = "pyproject.toml",
    line: int | None = None,
    constraint: str | None = None,
    fixture: bool = False,
) -> Dependency:
    return Dependency(
        purl=purl(ecosystem, namespace, name, version),
        ecosystem=ecosystem,
        name=shown or name,
        version=version,
        constraint=constraint,
        scope=scope,
        direct=direct,
        manifest=manifest,
        line=line,
        fixture=fixture,
    )


def python_service() -> tuple[Dependency, ...]:
    """A Python service with a web UI: 40 PyPI packages and a mix of everything else."""
    runtime = ["fastapi", "uvicorn", "pydantic", "sqlalchemy", "alembic", "httpx", "structlog"]
    runtime += ["psycopg", "redis", "celery", "jinja2", "python-multipart", "orjson", "tenacity"]
    dev = ["ruff", "mypy", "pre-commit", "ipython", "types-redis", "black"]
    test = ["pytest", "pytest-cov", "pytest-asyncio", "hypothesis", "respx", "freezegun"]
    transitive = ["starlette", "anyio", "sniffio", "idna", "certifi", "h11", "click"]
    transitive += ["typing-extensions", "annotated-types", "pydantic-core", "mako", "markupsafe"]
    transitive += ["kombu", "billiard", "vine"]
    deps: list[Dependency] = []
    for i, name in enumerate(runtime):
        deps.append(dep("pypi", name, None, constraint=">=1", line=10 + i))
        deps.append(dep("pypi", name, f"1.{i}.0", manifest="uv.lock", line=100 + i))
    for i, name in enumerate(dev):
        deps.append(dep("pypi", name, f"2.{i}.0", scope=Scope.DEV, manifest="uv.lock", line=i))
    for i, name in enumerate(test):
        deps.append(dep("pypi", name, f"3.{i}.0", scope=Scope.TEST, manifest="uv.lock", line=i))
    for i, name in enumerate(transitive):
        deps.append(dep("pypi", name, f"0.{i}.1", direct=False, manifest="uv.lock", line=200 + i))
    deps += [
        dep("pypi", "gunicorn", None, constraint="~=22.0", scope=Scope.OPTIONAL, line=40),
        dep("pypi", "boto3", None, constraint=">=1.34", line=41, manifest="requirements.txt"),
        dep(
            "npm",
            "core",
            "7.24.0",
            namespace="@babel",
            shown="@babel/core",
            scope=Scope.DEV,
            manifest="ui/package.json",
            constraint="^7.24.0",
        ),
        dep("npm", "react", "18.3.1", manifest="ui/package-lock.json"),
        dep("npm", "react-dom", "18.3.1", scope=Scope.PEER, manifest="ui/package.json"),
        dep(
            "maven",
            "slf4j-api",
            "2.0.13",
            namespace="org.slf4j",
            shown="org.slf4j:slf4j-api",
            manifest="worker/pom.xml",
        ),
        dep(
            "golang",
            "cobra",
            "v1.8.0",
            namespace="github.com/spf13",
            shown="github.com/spf13/cobra",
            manifest="cli/go.mod",
        ),
        dep("docker", "python", "3.12-slim", manifest="Dockerfile", line=1),
        dep(
            "github",
            "checkout",
            "v4",
            namespace="actions",
            shown="actions/checkout",
            scope=Scope.BUILD,
            manifest=".github/workflows/ci.yml",
            line=12,
        ),
        dep("pypi", "pytest", "3.0.0", scope=Scope.TEST, manifest="requirements-test.txt"),
        dep(
            "pypi", "leftpad", "0.1.0", manifest="tests/fixtures/app/requirements.txt", fixture=True
        ),
    ]
    return tuple(deps)


def subject(**changes: Any) -> SbomSubject:
    base = SbomSubject(
        repository="payments-api",
        location="https://ci-bot:s3cret@git.example.com/acme/payments-api.git",
        commit=COMMIT,
        committed_at="2025-02-28T17:45:00+01:00",
        licence="MIT OR Apache-2.0",
        organisation="Acme",
        dependencies=python_service(),
        tool_version="0.1.0",
    )
    return replace(base, **changes)


def cdx(subject_: SbomSubject, **kwargs: Any) -> dict[str, Any]:
    text = cyclonedx_json(subject_, now=NOW, **kwargs)
    errors = CDX.validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]
    data: dict[str, Any] = json.loads(text)
    return data


def spdx(subject_: SbomSubject, **kwargs: Any) -> tuple[dict[str, Any], Document]:
    text = spdx_json(subject_, now=NOW, **kwargs)
    data: dict[str, Any] = json.loads(text)
    parser = JsonLikeDictParser()  # type: ignore[no-untyped-call]  # spdx-tools: no annotations
    document = parser.parse(json.loads(text))
    assert validate_full_spdx_document(document) == []
    return data, document


def props(component: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == name]


def by_purl(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["purl"]: c for c in data["components"]}


# --- CycloneDX ---------------------------------------------------------------------------------


def test_cyclonedx_validates_and_describes_the_repository() -> None:
    data = cdx(subject())
    assert data["specVersion"] == "1.6"
    assert data["serialNumber"].startswith("urn:uuid:")
    meta = data["metadata"]
    assert meta["timestamp"] == "2025-03-01T12:00:00+00:00"
    assert meta["tools"]["components"] == [
        {"name": "lodestar", "type": "application", "version": "0.1.0"}
    ]
    root = meta["component"]
    assert root["type"] == "application"
    assert root["name"] == "payments-api"
    assert root["version"] == COMMIT[:12]
    assert root["supplier"] == {"name": "Acme"}
    assert root["licenses"] == [{"acknowledgement": "declared", "expression": "MIT OR Apache-2.0"}]
    assert props(root, "lodestar:commit") == [COMMIT]
    assert props(root, "lodestar:committed-at") == ["2025-02-28T17:45:00+01:00"]
    assert root["externalReferences"] == [
        {
            "comment": f"commit {COMMIT}",
            "type": "vcs",
            "url": "https://git.example.com/acme/payments-api.git",  # no credentials
        }
    ]


def test_cyclonedx_purls_round_trip_one_component_per_purl() -> None:
    deps = python_service()
    data = cdx(subject())
    expected = {d.purl for d in deps if not d.fixture}
    assert [c["purl"] for c in data["components"]] == [c["bom-ref"] for c in data["components"]]
    assert set(by_purl(data)) == expected
    assert len(data["components"]) == len(expected)
    for component in data["components"]:
        parsed = PackageURL.from_string(component["purl"])
        assert component["name"] == parsed.name
        assert component.get("group") == parsed.namespace
        assert component.get("version") == parsed.version


def test_cyclonedx_component_types_groups_and_unresolved_versions() -> None:
    comps = by_purl(cdx(subject()))
    babel = comps["pkg:npm/%40babel/core@7.24.0"]
    assert (babel["group"], babel["name"], babel["type"]) == ("@babel", "core", "library")
    assert comps["pkg:maven/org.slf4j/slf4j-api@2.0.13"]["group"] == "org.slf4j"
    assert comps["pkg:golang/github.com/spf13/cobra@v1.8.0"]["group"] == "github.com/spf13"
    assert comps["pkg:docker/python@3.12-slim"]["type"] == "container"
    action = comps["pkg:github/actions/checkout@v4"]
    assert (action["type"], action["version"], action["scope"]) == ("application", "v4", "excluded")
    unresolved = comps["pkg:pypi/boto3"]
    assert "version" not in unresolved
    assert props(unresolved, "lodestar:constraint") == [">=1.34"]
    assert props(unresolved, "lodestar:manifest") == ["requirements.txt"]


def test_cyclonedx_scopes_follow_the_documented_mapping() -> None:
    comps = by_purl(cdx(subject()))
    expected = {
        "pkg:pypi/fastapi@1.0.0": ("required", "runtime", "true"),
        "pkg:pypi/starlette@0.0.1": ("required", "runtime", "false"),
        "pkg:pypi/gunicorn": ("optional", "optional", "true"),
        "pkg:npm/react-dom@18.3.1": ("required", "peer", "true"),
        "pkg:pypi/ruff@2.0.0": ("excluded", "dev", "true"),
        "pkg:pypi/hypothesis@3.3.0": ("excluded", "test", "true"),
        "pkg:github/actions/checkout@v4": ("excluded", "build", "true"),
    }
    for ref, (scope, lodestar_scope, direct) in expected.items():
        component = comps[ref]
        assert component["scope"] == scope, ref
        assert props(component, "lodestar:scope") == [lodestar_scope], ref
        assert props(component, "lodestar:direct") == [direct], ref


def test_cyclonedx_strongest_scope_wins_and_manifests_are_all_listed() -> None:
    extra = dep("pypi", "ruff", "2.0.0", manifest="tools/requirements.txt", constraint="==2.0.0")
    runtime_too = dep("pypi", "pytest", "3.0.0", scope=Scope.RUNTIME, manifest="setup.cfg")
    comps = by_purl(cdx(subject(dependencies=(*python_service(), extra, runtime_too))))
    ruff = comps["pkg:pypi/ruff@2.0.0"]
    assert ruff["scope"] == "required"
    assert props(ruff, "lodestar:scope") == ["dev", "runtime"]
    assert props(ruff, "lodestar:manifest") == ["tools/requirements.txt", "uv.lock"]
    pytest_ = comps["pkg:pypi/pytest@3.0.0"]
    assert props(pytest_, "lodestar:manifest") == ["requirements-test.txt", "setup.cfg", "uv.lock"]
    assert pytest_["scope"] == "required"


def test_cyclonedx_graph_without_lock_edges_holds_the_repository_and_its_direct_ones() -> None:
    data = cdx(subject())
    root = data["metadata"]["component"]["bom-ref"]
    direct = {d.purl for d in python_service() if d.direct and not d.fixture}
    assert len(data["dependencies"]) == 1
    (node,) = data["dependencies"]
    assert node["ref"] == root
    assert set(node["dependsOn"]) == direct
    assert "pkg:pypi/starlette@0.0.1" not in node["dependsOn"]


def test_cyclonedx_only_transitive_dependencies_write_no_graph() -> None:
    transitive = tuple(d for d in python_service() if not d.direct)
    data = cdx(subject(dependencies=transitive))
    assert "dependencies" not in data
    assert len(data["components"]) == len({d.purl for d in transitive})


def test_cyclonedx_fixtures_are_left_out_unless_asked_for() -> None:
    fixture = "pkg:pypi/leftpad@0.1.0"
    assert fixture not in by_purl(cdx(subject()))
    data = cdx(subject(), include_fixtures=True)
    assert props(by_purl(data)[fixture], "lodestar:fixture") == ["true"]
    assert data["serialNumber"] != cdx(subject())["serialNumber"]


DECLARED = {"acknowledgement": "declared"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MIT", [{"license": {**DECLARED, "id": "MIT"}}]),
        ("apache-2.0", [{"license": {**DECLARED, "id": "Apache-2.0"}}]),
        ("LicenseRef-unknown", [{**DECLARED, "expression": "LicenseRef-unknown"}]),
        ("MIT OR Apache-2.0", [{**DECLARED, "expression": "MIT OR Apache-2.0"}]),
        (
            "GPL-2.0-only WITH Classpath-exception-2.0",
            [{**DECLARED, "expression": "GPL-2.0-only WITH Classpath-exception-2.0"}],
        ),
        ("Acme Proprietary", [{"license": {**DECLARED, "name": "Acme Proprietary"}}]),
        (None, None),
    ],
)
def test_cyclonedx_repository_licence(value: str | None, expected: Any) -> None:
    root = cdx(subject(licence=value))["metadata"]["component"]
    assert root.get("licenses") == expected


def test_cyclonedx_is_deterministic_and_serial_follows_identity() -> None:
    first = cyclonedx_json(subject(), now=NOW)
    reordered = python_service()[::-1]
    assert cyclonedx_json(subject(dependencies=reordered), now=NOW) == first
    later = json.loads(cyclonedx_json(subject(), now=NOW + timedelta(days=1)))
    assert later["serialNumber"] == json.loads(first)["serialNumber"]
    other = json.loads(cyclonedx_json(subject(commit="0" * 40), now=NOW))
    assert other["serialNumber"] != json.loads(first)["serialNumber"]


def test_cyclonedx_without_now_uses_the_current_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = json.loads(cyclonedx_json(subject()))["metadata"]["timestamp"]
    assert datetime.fromisoformat(stamp) >= before


def test_cyclonedx_local_paths_are_not_published() -> None:
    root = cdx(subject(location="/srv/git/payments-api.git"))["metadata"]["component"]
    assert "externalReferences" not in root
    assert "/srv/git" not in cyclonedx_json(subject(location="/srv/git/x"), now=NOW)


def test_cyclonedx_empty_repository() -> None:
    data = cdx(subject(dependencies=(), licence=None, location=None, organisation=""))
    assert "components" not in data or data["components"] == []
    assert "dependencies" not in data


def test_an_invalid_purl_names_its_manifest() -> None:
    bad = replace(dep("pypi", "x", "1"), purl="not a purl", manifest="reqs.txt", line=3)
    with pytest.raises(LodestarError, match=r"reqs\.txt:3: 'not a purl'"):
        cyclonedx_json(subject(dependencies=(bad,)), now=NOW)
    with pytest.raises(LodestarError, match=r"reqs\.txt:3"):
        spdx_json(subject(dependencies=(bad,)), now=NOW)


# --- SPDX --------------------------------------------------------------------------------------


def relations(data: dict[str, Any]) -> set[tuple[str, str, str, str | None]]:
    return {
        (r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"], r.get("comment"))
        for r in data["relationships"]
    }


def spdx_ids(data: dict[str, Any]) -> dict[str, str]:
    """purl → SPDXID."""
    return {
        ref["referenceLocator"]: p["SPDXID"]
        for p in data["packages"]
        for ref in p.get("externalRefs", [])
        if ref["referenceType"] == "purl"
    }


def test_spdx_validates_and_describes_the_repository() -> None:
    data, document = spdx(subject())
    assert data["spdxVersion"] == "SPDX-2.3"
    assert data["dataLicense"] == "CC0-1.0"
    assert data["creationInfo"] == {
        "created": "2025-03-01T12:00:00Z",
        "creators": ["Tool: lodestar-0.1.0", "Organization: Acme"],
    }
    assert data["documentNamespace"].startswith(
        f"https://lodestar.invalid/spdx/Acme/payments-api/{COMMIT}-"
    )
    repo = next(p for p in data["packages"] if p["SPDXID"] == "SPDXRef-Repository-payments-api")
    assert repo["versionInfo"] == COMMIT[:12]
    assert repo["licenseDeclared"] == repo["licenseConcluded"] == "MIT OR Apache-2.0"
    assert repo["downloadLocation"] == f"git+https://git.example.com/acme/payments-api.git@{COMMIT}"
    assert repo["filesAnalyzed"] is False
    assert repo["primaryPackagePurpose"] == "SOURCE"
    assert repo["supplier"] == "Organization: Acme"
    assert COMMIT in repo["sourceInfo"]
    assert ("SPDXRef-DOCUMENT", "DESCRIBES", repo["SPDXID"], None) in relations(data)
    assert len(document.packages) == 1 + len({d.purl for d in python_service() if not d.fixture})


def test_spdx_packages_have_valid_ids_purls_and_noassertions() -> None:
    data, _ = spdx(subject())
    ids = [p["SPDXID"] for p in data["packages"]]
    assert len(ids) == len(set(ids))
    assert all(SPDX_ID.match(i) for i in ids)
    deps = {d.purl for d in python_service() if not d.fixture}
    assert set(spdx_ids(data)) == deps
    packages_ = {p["SPDXID"]: p for p in data["packages"]}
    babel = packages_[spdx_ids(data)["pkg:npm/%40babel/core@7.24.0"]]
    assert babel["SPDXID"] == "SPDXRef-Package-npm-babel-core-7.24.0"
    assert babel["name"] == "@babel/core"
    assert babel["versionInfo"] == "7.24.0"
    assert babel["downloadLocation"] == "NOASSERTION"
    assert babel["licenseConcluded"] == "NOASSERTION"
    assert babel["filesAnalyzed"] is False
    assert babel["externalRefs"] == [
        {
            "referenceCategory": "PACKAGE_MANAGER",
            "referenceLocator": "pkg:npm/%40babel/core@7.24.0",
            "referenceType": "purl",
        }
    ]
    assert babel["comment"] == "Declared in ui/package.json (dev, direct, ^7.24.0)"
    boto = packages_[spdx_ids(data)["pkg:pypi/boto3"]]
    assert "versionInfo" not in boto
    purposes = {
        "pkg:docker/python@3.12-slim": "CONTAINER",
        "pkg:github/actions/checkout@v4": "APPLICATION",
        "pkg:maven/org.slf4j/slf4j-api@2.0.13": "LIBRARY",
    }
    for ref, purpose in purposes.items():
        assert packages_[spdx_ids(data)[ref]]["primaryPackagePurpose"] == purpose


def test_spdx_relationships_follow_the_documented_direction() -> None:
    data, _ = spdx(subject())
    repo = "SPDXRef-Repository-payments-api"
    ids = spdx_ids(data)
    rels = relations(data)
    transitive = sbom_spdx.TRANSITIVE_UNTRACED  # no record here knows its edges
    assert (repo, "DEPENDS_ON", ids["pkg:pypi/fastapi@1.0.0"], None) in rels
    assert (repo, "DEPENDS_ON", ids["pkg:pypi/fastapi"], None) in rels
    assert (repo, "DEPENDS_ON", ids["pkg:pypi/starlette@0.0.1"], transitive) in rels
    assert (ids["pkg:pypi/ruff@2.0.0"], "DEV_DEPENDENCY_OF", repo, None) in rels
    assert (ids["pkg:pypi/pytest@3.0.0"], "TEST_DEPENDENCY_OF", repo, None) in rels
    assert (ids["pkg:github/actions/checkout@v4"], "BUILD_DEPENDENCY_OF", repo, None) in rels
    assert (ids["pkg:pypi/gunicorn"], "OPTIONAL_DEPENDENCY_OF", repo, None) in rels
    assert (ids["pkg:npm/react-dom@18.3.1"], "PROVIDED_DEPENDENCY_OF", repo, None) in rels
    # every package is related to the repository exactly once per scope it is declared in
    assert len(rels) == 1 + sum(len(p.scopes) for p in packages(python_service()))


def test_spdx_licence_ref_gets_extracted_licensing_info() -> None:
    data, _ = spdx(subject(licence="LicenseRef-unknown"))
    repo = data["packages"][0]
    assert repo["licenseDeclared"] == "LicenseRef-unknown"
    assert data["hasExtractedLicensingInfos"] == [
        {
            "comment": f"Found in payments-api at commit {COMMIT}.",
            "extractedText": sbom_spdx.UNMATCHED_TEXT,
            "licenseId": "LicenseRef-unknown",
            "name": "NOASSERTION",
        }
    ]
    data, _ = spdx(subject(licence="mit AND LicenseRef-acme-1.0"))
    assert data["packages"][0]["licenseConcluded"] == "MIT AND LicenseRef-acme-1.0"
    assert [e["licenseId"] for e in data["hasExtractedLicensingInfos"]] == ["LicenseRef-acme-1.0"]


@pytest.mark.parametrize("value", [None, "Acme Proprietary", "MIT OR", "LicenseRef-a_b"])
def test_spdx_missing_or_unusable_licence_is_noassertion(value: str | None) -> None:
    data, _ = spdx(subject(licence=value))
    repo = data["packages"][0]
    assert repo["licenseDeclared"] == repo["licenseConcluded"] == "NOASSERTION"
    assert "hasExtractedLicensingInfos" not in data
    if value is None:
        assert "licenseComments" not in repo
    else:
        assert value in repo["licenseComments"]


def test_spdx_is_deterministic_and_namespace_follows_identity() -> None:
    first = spdx_json(subject(), now=NOW)
    reordered = python_service()[::-1]
    assert spdx_json(subject(dependencies=reordered), now=NOW) == first
    namespace = json.loads(first)["documentNamespace"]
    later = json.loads(spdx_json(subject(), now=NOW + timedelta(hours=5)))
    assert later["documentNamespace"] == namespace
    assert (
        json.loads(spdx_json(subject(tool_version="0.2.0"), now=NOW))["documentNamespace"]
        != namespace
    )


def test_spdx_naive_and_offset_times_are_utc() -> None:
    naive = datetime(2025, 3, 1, 12, 0, 0, 123456)  # noqa: DTZ001 a naive now is taken as UTC
    offset = datetime(2025, 3, 1, 14, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    for now in (naive, offset):
        data = json.loads(spdx_json(subject(), now=now))
        assert data["creationInfo"]["created"] == "2025-03-01T12:00:00Z"


def test_spdx_location_forms() -> None:
    scp = spdx(subject(location="git@github.com:acme/payments-api.git"))[0]["packages"][0]
    assert scp["downloadLocation"] == f"git+ssh://git@github.com/acme/payments-api.git@{COMMIT}"
    local = spdx(subject(location="/srv/git/payments-api"))[0]["packages"][0]
    assert local["downloadLocation"] == "NOASSERTION"


def test_spdx_awkward_names_make_valid_ids() -> None:
    deps = (
        dep("pypi", "a", "1"),
        dep("generic", "a", "1", namespace="pypi"),  # pypi-a-1 twice once sanitised
        dep("npm", "x", "1", namespace="@y"),
        dep("npm", "x", "1", namespace="y"),
        dep("generic", "ünïcödé name", "1 0"),
    )
    data, _ = spdx(subject(repository="team/ünï cödé", organisation="", dependencies=deps))
    ids = [p["SPDXID"] for p in data["packages"]]
    assert len(set(ids)) == len(ids)
    assert all(SPDX_ID.match(i) for i in ids)
    assert "/spdx/-/team%2F" in data["documentNamespace"]


def test_spdx_raises_with_the_validator_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    real = spdx_document

    def broken(*args: Any, **kwargs: Any) -> Document:
        document = real(*args, **kwargs)
        document.relationships.append(
            Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, "SPDXRef-missing")
        )
        return document

    monkeypatch.setattr(sbom_spdx, "spdx_document", broken)
    with pytest.raises(LodestarError, match="SPDXRef-missing"):
        spdx_json(subject(), now=NOW)


# --- the linear SPDX validation ----------------------------------------------------------------


def many(n: int) -> tuple[Dependency, ...]:
    scopes = list(Scope)
    return tuple(
        dep("npm", f"pkg{i}", f"1.{i}.0", scope=scopes[i % 6], direct=i % 3 == 0) for i in range(n)
    )


def messages(document: Document, *, chunk: int | None = None) -> set[str]:
    found = validate(document, chunk=chunk) if chunk else validate_full_spdx_document(document)
    return {m.validation_message for m in found}


def test_chunked_validation_agrees_with_the_whole_document_validator() -> None:
    document = spdx_document(subject(dependencies=many(130)), now=NOW)
    assert messages(document, chunk=20) == messages(document) == set()
    # plant problems across chunks: a dangling relationship, a duplicate id, a bad purl locator
    document.relationships.append(
        Relationship(document.packages[5].spdx_id, RelationshipType.DEPENDS_ON, "SPDXRef-gone")
    )
    document.relationships.append(
        Relationship(
            document.packages[7].spdx_id,
            RelationshipType.DEPENDS_ON,
            document.packages[120].spdx_id,
        )
    )
    document.packages[90].spdx_id = document.packages[3].spdx_id
    document.packages[60].external_references[0].locator = "pkg:no-slash"
    whole = messages(document)
    assert len(whole) == 4
    assert messages(document, chunk=20) == whole


# --- properties --------------------------------------------------------------------------------

ECOSYSTEMS = ["pypi", "npm", "maven", "golang", "cargo", "gem", "nuget", "docker", "github"]
NAMESPACED = {"maven", "golang", "github"}
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._", min_size=1, max_size=12)
_name = _word.filter(lambda w: w[0].isalnum())


# what a lock file can leave in Dependency.licence, and a stored value no SPDX parser accepts
DEPENDENCY_LICENCES = [None, "MIT", "MIT OR Apache-2.0", "LicenseRef-Proprietary", "BSD (old)"]


@st.composite
def dependencies(draw: st.DrawFn) -> Dependency:
    ecosystem = draw(st.sampled_from(ECOSYSTEMS))
    namespace = draw(_name) if ecosystem in NAMESPACED else draw(st.none() | _name)
    if ecosystem == "npm" and namespace is not None:
        namespace = f"@{namespace}"
    name = draw(_name)
    version = draw(st.none() | _word)
    return Dependency(
        purl=purl(ecosystem, namespace, name, version),
        ecosystem=ecosystem,
        name=f"{namespace}/{name}" if namespace else name,
        version=version,
        constraint=draw(st.none() | st.text(max_size=12)),
        scope=draw(st.sampled_from(list(Scope))),
        direct=draw(st.booleans()),
        manifest=draw(st.sampled_from(["package.json", "uv.lock", "go.mod", "a/b/pom.xml"])),
        line=draw(st.none() | st.integers(1, 5000)),
        fixture=draw(st.booleans()),
        licence=draw(st.sampled_from(DEPENDENCY_LICENCES)),
    )


LICENCES = [None, "MIT", "MIT OR Apache-2.0", "LicenseRef-unknown", "BSD-3-Clause AND LicenseRef-x"]


@settings(max_examples=40, deadline=None)
@given(
    deps=st.lists(dependencies(), max_size=25),
    value=st.sampled_from(LICENCES),
    repository=st.text(min_size=1, max_size=20).filter(str.strip),
    include_fixtures=st.booleans(),
)
def test_any_dependency_set_gives_valid_documents(
    deps: list[Dependency], value: str | None, repository: str, include_fixtures: bool
) -> None:
    thing = subject(dependencies=tuple(deps), licence=value, repository=repository)
    data = cdx(thing, include_fixtures=include_fixtures)
    kept = {d.purl for d in deps if include_fixtures or not d.fixture}
    assert {c["purl"] for c in data.get("components", [])} == kept
    parsed, document = spdx(thing, include_fixtures=include_fixtures)
    assert set(spdx_ids(parsed)) == kept
    assert len(document.packages) == len(kept) + 1


# --- unit pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("https://user:token@github.com/acme/x.git", "https://github.com/acme/x.git"),
        ("git@github.com:acme/x.git", "ssh://git@github.com/acme/x.git"),
        ("ssh://git:pw@host.example:2222/x", "ssh://git@host.example:2222/x"),
        ("/srv/git/x", None),
        ("C:\\repos\\x", None),
        ("file:///srv/git/x", None),
        ("", None),
        (None, None),
    ],
)
def test_remote_url(location: str | None, expected: str | None) -> None:
    assert remote_url(location) == expected


def test_licence_normalises_and_lists_refs() -> None:
    assert licence("mit or apache-2.0").expression == "MIT OR Apache-2.0"
    found = licence("LicenseRef-b AND (LicenseRef-a OR MIT)")
    assert found.refs == ("LicenseRef-a", "LicenseRef-b")
    assert licence("MIT").single_id == "MIT"
    assert licence("   ").expression is None


def test_subject_needs_a_repository_and_a_commit() -> None:
    with pytest.raises(ValueError, match="repository"):
        subject(repository=" ")
    with pytest.raises(ValueError, match="commit"):
        subject(commit="")


@pytest.mark.slow
def test_five_thousand_dependencies_render_in_seconds() -> None:
    big = subject(dependencies=many(5000))
    for render in (cyclonedx_json, spdx_json):
        start = time.perf_counter()
        render(big, now=NOW)
        assert (time.perf_counter() - start) / SLACK < 10, (
            render.__name__
        )  # quadratic was 12 s / 30 s
