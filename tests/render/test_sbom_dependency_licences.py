"""Dependency licences (from lock files) in the CycloneDX and SPDX SBOMs, schema-validated."""

from __future__ import annotations

from dataclasses import replace

from tests.render.test_sbom import by_purl, cdx, dep, spdx, subject

from lodestar.records import Dependency, Scope
from lodestar.render import sbom_spdx


def _deps() -> tuple[Dependency, ...]:
    lock = "package-lock.json"
    return (
        replace(dep("npm", "react", "18.3.1", manifest=lock), licence="MIT"),
        replace(
            dep("npm", "jszip", "3.10.1", manifest=lock, direct=False),
            licence="MIT OR GPL-3.0-or-later",
        ),
        replace(dep("npm", "acme-theme", "1.0.0", manifest=lock), licence="LicenseRef-Proprietary"),
        replace(dep("npm", "odd", "0.1.0", manifest=lock), licence="BSD (old)"),
        dep("pypi", "flask", "3.0.0", manifest="uv.lock", scope=Scope.RUNTIME),  # unknown
    )


def test_cyclonedx_components_carry_the_declared_licence() -> None:
    components = by_purl(cdx(subject(dependencies=_deps())))
    declared = "declared"
    assert components["pkg:npm/react@18.3.1"]["licenses"] == [
        {"license": {"acknowledgement": declared, "id": "MIT"}}
    ]
    assert components["pkg:npm/jszip@3.10.1"]["licenses"] == [
        {"acknowledgement": declared, "expression": "MIT OR GPL-3.0-or-later"}
    ]
    assert components["pkg:npm/acme-theme@1.0.0"]["licenses"] == [
        {"acknowledgement": declared, "expression": "LicenseRef-Proprietary"}
    ]
    assert components["pkg:npm/odd@0.1.0"]["licenses"] == [
        {"license": {"acknowledgement": declared, "name": "BSD (old)"}}
    ]
    assert "licenses" not in components["pkg:pypi/flask@3.0.0"]


def test_spdx_packages_declare_the_licence_and_explain_their_refs() -> None:
    data, _ = spdx(subject(dependencies=_deps(), licence="MIT"))
    by_name = {p["name"]: p for p in data["packages"]}
    assert by_name["react"]["licenseDeclared"] == "MIT"
    assert by_name["react"]["licenseConcluded"] == "NOASSERTION"  # declared, not concluded
    assert by_name["jszip"]["licenseDeclared"] == "MIT OR GPL-3.0-or-later"
    assert by_name["acme-theme"]["licenseDeclared"] == "LicenseRef-Proprietary"
    assert by_name["odd"]["licenseDeclared"] == "NOASSERTION"
    assert "not a valid SPDX expression" in by_name["odd"]["licenseComments"]
    assert by_name["flask"]["licenseDeclared"] == "NOASSERTION"
    assert data["hasExtractedLicensingInfos"] == [
        {
            "comment": "Declared by acme-theme (pkg:npm/acme-theme@1.0.0).",
            "extractedText": sbom_spdx.DEPENDENCY_TEXT,
            "licenseId": "LicenseRef-Proprietary",
            "name": "NOASSERTION",
        }
    ]


def test_spdx_a_ref_shared_with_the_repository_is_explained_once() -> None:
    data, _ = spdx(subject(dependencies=_deps(), licence="LicenseRef-Proprietary"))
    ids = [e["licenseId"] for e in data["hasExtractedLicensingInfos"]]
    assert ids == ["LicenseRef-Proprietary"]
