"""NuGet parsers (MSBuild projects, Directory.Packages.props, packages.config,
packages.lock.json): golden fixtures, edge cases, fuzzing, hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.polyglot_fuzz import (
    HOSTILE,
    LARGE,
    context,
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
    tree,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.nuget.lock import parse_packages_lock
from lodestar.scan.ecosystems.nuget.packages_config import parse_packages_config
from lodestar.scan.ecosystems.nuget.project import parse_central, parse_project
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, T, B = Scope.RUNTIME, Scope.DEV, Scope.TEST, Scope.BUILD
N = "pkg:nuget/"
CTX = ManifestContext()
ORDERS = "src/Acme.Orders/Acme.Orders.csproj"
TESTS = "tests/Acme.Orders.Tests/Acme.Orders.Tests.csproj"
API = "src/Acme.Api/Acme.Api.csproj"
LEGACY = "legacy/Acme.Legacy/Acme.Legacy.csproj"
CONFIG = "legacy/Acme.Legacy/packages.config"
LOCK = "src/Acme.Orders/packages.lock.json"


def test_parsers_are_registered() -> None:
    def names(path: str) -> list[str]:
        return [p.name for p in parsers_for(path)]

    for project in ("a/B.csproj", "a/B.fsproj", "a/B.vbproj", "Directory.Build.props"):
        assert names(project) == ["nuget-project"]
    assert names("Directory.Build.targets") == ["nuget-project"]
    assert names("Directory.Packages.props") == ["nuget-central-packages"]
    assert names("x/packages.config") == ["nuget-packages-config"]
    assert [(p.name, p.lock) for p in parsers_for("x/packages.lock.json")] == [
        ("nuget-packages-lock", True)
    ]
    assert names("global.json") == []  # the SDK version is a runtime, read elsewhere


def test_central_package_management_project() -> None:
    deps = parse_project(ORDERS, fixture("nuget", ORDERS), context("nuget"))
    assert rows(deps) == {
        # versions from ../../Directory.Packages.props, $(Properties) expanded there
        (N + "Microsoft.AspNetCore.OpenApi@8.0.1", R, True, "8.0.1"),
        (N + "Microsoft.EntityFrameworkCore.SqlServer@8.0.1", R, True, "8.0.1"),
        (N + "MediatR@12.2.0", R, True, "12.2.0"),
        (N + "Polly", R, True, "[8.2.0, 9.0.0)"),  # a range: no exact version
        (N + "Serilog.AspNetCore@8.0.1", R, True, "8.0.1"),  # VersionOverride wins
        (N + "Swashbuckle.AspNetCore", R, True, None),  # no PackageVersion anywhere
        (N + "Microsoft.CodeAnalysis.NetAnalyzers@8.0.0", B, True, "8.0.0"),  # PrivateAssets
    }
    assert {d.name: d.line for d in deps}["MediatR"] == 13


def test_test_project() -> None:
    deps = parse_project(TESTS, fixture("nuget", TESTS), context("nuget"))
    assert rows(deps) == {
        (N + "Microsoft.NET.Test.Sdk@17.8.0", T, True, "17.8.0"),
        (N + "xunit@2.6.6", T, True, "2.6.6"),
        (N + "xunit.runner.visualstudio@2.5.6", B, True, "2.5.6"),  # <PrivateAssets>all</…>
        (N + "FluentAssertions@6.12.0", T, True, "6.12.0"),
        (N + "coverlet.collector@6.0.0", B, True, "6.0.0"),  # PrivateAssets="All"
        (N + "Testcontainers.MsSql@3.7.0", T, True, "3.7.0"),
    }


def test_project_with_properties_and_version_forms() -> None:
    deps = parse_project(API, fixture("nuget", API), context("nuget"))
    assert rows(deps) == {
        (N + "Newtonsoft.Json@13.0.3", R, True, "13.0.3"),
        (N + "Serilog@3.1.1", R, True, "3.1.1"),  # $(SerilogVersion), unconditional one
        (N + "AWSSDK.S3@3.7.300.21", R, True, "3.7.300.21"),  # $(AwsSdkVersion).21
        (N + "Dapper@2.1.28", R, True, "[2.1.28]"),  # exactly one version
        (N + "FluentValidation", R, True, "[11.0,12.0)"),
        (N + "Humanizer.Core", R, True, "2.14.*"),  # floating
        (N + "Acme.Internal.Sdk", R, True, "$(AcmeSdkVersion)"),  # defined elsewhere: kept
        (N + "Grpc.Tools@2.60.0", B, True, "2.60.0"),
        (N + "Microsoft.Extensions.Http@8.0.0", R, True, "8.0.0"),  # nested <Version>
        (N + "System.Text.Json@8.0.1", R, True, "8.0.1"),  # conditional ItemGroup: read
    }  # fmt: skip
    # <PackageReference Update=…> changes an implicit reference: not a dependency
    assert "Microsoft.NETCore.App" not in {d.name for d in deps}


def test_old_style_project_with_namespace() -> None:
    deps = parse_project(LEGACY, fixture("nuget", LEGACY), context("nuget"))
    assert [(d.purl, d.line) for d in deps] == [(N + "Microsoft.Owin@4.2.2", 18)]


def test_directory_build_props_takes_central_versions() -> None:
    deps = parse_project(
        "Directory.Build.props", fixture("nuget", "Directory.Build.props"), context("nuget")
    )
    assert rows(deps) == {(N + "SonarAnalyzer.CSharp@9.16.0.82469", B, True, "9.16.0.82469")}


def test_directory_packages_props_reports_only_global_references() -> None:
    deps = parse_central(
        "Directory.Packages.props", fixture("nuget", "Directory.Packages.props"), CTX
    )
    assert rows(deps) == {
        (N + "Nerdbank.GitVersioning@3.6.133", B, True, "3.6.133"),
        (N + "StyleCop.Analyzers@1.2.0-beta.556", B, True, "1.2.0-beta.556"),
    }


def test_nearest_central_file_first_then_the_parent() -> None:
    props = b"""<Project><ItemGroup>
<PackageVersion Include="A" Version="1.0.0" /><PackageVersion Include="B" Version="1.0.0" />
</ItemGroup></Project>"""
    nested = (
        b'<Project><ItemGroup><PackageVersion Include="a" Version="2.0.0" /></ItemGroup></Project>'
    )
    project = (
        b'<Project><ItemGroup><PackageReference Include="A" />'
        b'<PackageReference Include="B" /></ItemGroup></Project>'
    )
    ctx = ManifestContext.of(
        {
            "Directory.Packages.props": props,
            "sub/Directory.Packages.props": nested,
            "sub/p/P.csproj": project,
        }
    )
    deps = parse_project("sub/p/P.csproj", project, ctx)
    assert [d.purl for d in deps] == [N + "A@2.0.0", N + "B@1.0.0"]  # ids match case-insensitively


def test_packages_config() -> None:
    deps = parse_packages_config(CONFIG, fixture("nuget", CONFIG), CTX)
    assert rows(deps) == {
        (N + "Antlr@3.5.0.2", R, True, "3.5.0.2"),
        (N + "EntityFramework@6.4.4", R, True, "6.4.4"),
        (N + "log4net@2.0.15", R, True, "[2.0,3.0)"),  # allowedVersions
        (N + "Microsoft.AspNet.Mvc@5.2.9", R, True, "5.2.9"),
        (N + "Microsoft.AspNet.Razor@3.2.9", R, True, "3.2.9"),
        (N + "Microsoft.CodeDom.Providers.DotNetCompilerPlatform@2.0.1", D, True, "2.0.1"),
        (N + "Newtonsoft.Json@12.0.3", R, True, "12.0.3"),
    }
    assert {d.name: d.line for d in deps}["Newtonsoft.Json"] == 9


def test_packages_lock() -> None:
    deps = parse_packages_lock(LOCK, fixture("nuget", LOCK), CTX)
    assert rows(deps) == {
        (N + "MediatR@12.2.0", R, True, "[12.2.0, )"),
        (N + "Microsoft.AspNetCore.OpenApi@8.0.1", R, True, "[8.0.1, )"),
        (N + "Microsoft.CodeAnalysis.NetAnalyzers@8.0.0", R, True, "[8.0.0, )"),
        (N + "Polly@8.2.0", R, True, "[8.2.0, 9.0.0)"),
        (N + "Serilog.AspNetCore@8.0.1", R, True, "[8.0.1, )"),
        (N + "Microsoft.EntityFrameworkCore.SqlServer@8.0.1", R, True, "[8.0.1, )"),
        (N + "MediatR.Contracts@2.0.1", R, False, None),
        # also under net8.0/linux-x64: reported once
        (N + "Microsoft.Extensions.DependencyInjection.Abstractions@8.0.0", R, False, None),
        (N + "Microsoft.OpenApi@1.4.3", R, False, None),
        (N + "Polly.Core@8.2.0", R, False, None),
        (N + "System.Text.Json@8.0.1", R, False, "[8.0.1, )"),  # CentralTransitive
        (N + "System.Runtime.InteropServices.RuntimeInformation@4.3.0", R, False, None),
    }
    assert "acme.domain" not in {d.name for d in deps}  # type Project


def test_lock_direct_in_one_framework_wins_and_versions_per_framework_are_kept() -> None:
    doc = {
        "version": 1,
        "dependencies": {
            "net48": {"Foo": {"type": "Transitive", "resolved": "1.0.0"}},
            "net8.0": {
                "foo": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0"},
                "Bar": {"type": "Direct", "requested": "[2.0.0, )", "resolved": "2.0.0"},
            },
            "net6.0": {"Bar": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0"}},
        },
    }
    deps = parse_packages_lock("packages.lock.json", json.dumps(doc).encode(), CTX)
    assert rows(deps) == {
        (N + "foo@1.0.0", R, True, "[1.0.0, )"),
        (N + "Bar@2.0.0", R, True, "[2.0.0, )"),
        (N + "Bar@1.0.0", R, True, "[1.0.0, )"),
    }


def test_merge_with_the_lock_keeps_the_project_scope() -> None:
    files = {p: d for p, d in tree("nuget").items() if p.startswith("src/Acme.Orders/")}
    files["Directory.Packages.props"] = fixture("nuget", "Directory.Packages.props")
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    analyzers = [d for d in deps if d.name == "Microsoft.CodeAnalysis.NetAnalyzers"]
    assert [(d.scope, d.version, d.manifest) for d in analyzers] == [(B, "8.0.0", ORDERS)]


@pytest.mark.parametrize(
    "data",
    [
        b"<Project><ItemGroup></Project>",
        b"",
        b"not xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "x">]>\n<Project>&a;</Project>',
        b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project>&x;</Project>',
        b"\xff\xfe<\x00P\x00",
    ],
)
def test_malformed_or_refused_xml(data: bytes) -> None:
    for parse, path in ((parse_project, "A.csproj"), (parse_central, "Directory.Packages.props"),
                        (parse_packages_config, "packages.config")):  # fmt: skip
        with pytest.raises(ManifestError):
            parse(path, data, CTX)


def test_xml_errors_carry_the_line() -> None:
    with pytest.raises(ManifestError) as info:
        parse_project(
            "A.csproj", b"<Project>\n<ItemGroup>\n<PackageReference Include='x'>\n</Project>", CTX
        )
    assert info.value.line == 4


def test_billion_laughs_is_refused_quickly() -> None:
    lol = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'.encode()
            for i in range(10)
        )
        + b"]><Project>&lol9;</Project>"
    )
    assert refused_in(parse_project, "A.csproj", lol) < HOSTILE


def test_utf16_project_and_packages_config_root() -> None:
    project = (
        '<?xml version="1.0" encoding="utf-16"?>\n<Project>\n<ItemGroup>\n'
        '<PackageReference Include="Foo" Version="1.2.3" />\n</ItemGroup>\n</Project>'
    )
    (dep,) = parse_project("A.csproj", project.encode("utf-16"), CTX)
    assert (dep.purl, dep.line) == (N + "Foo@1.2.3", 4)
    with pytest.raises(ManifestError):
        parse_packages_config("packages.config", b"<Project />", CTX)
    with pytest.raises(ManifestError):
        parse_packages_config("packages.config", b'<packages><package id="x" /></packages>', CTX)


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'{"dependencies": []}',
        b'{"dependencies": {"net8.0": []}}',
        b'{"dependencies": {"net8.0": {"A": 1}}}',
        b'{"dependencies": {"net8.0": {"A": {"type": "Direct"}}}}',
        b'{"dependencies": {"net8.0": {"": {"type": "Direct", "resolved": "1.0.0"}}}}',
        b"[" * 100_000,
        b'{"version": ' + b"1" * 100_000 + b"}",
    ],
)
def test_malformed_packages_lock(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_packages_lock("packages.lock.json", data, CTX)


_XML_TOKENS = (
    b"<",
    b">",
    b"/>",
    b'"',
    b'<PackageReference Include="',
    b'Version="',
    b"$(",
    b")",
    b"&",
    b"<!DOCTYPE x>",
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_project, "A.csproj", data)
    list_or_manifest_error(parse_central, "Directory.Packages.props", data)
    list_or_manifest_error(parse_packages_config, "packages.config", data)
    list_or_manifest_error(parse_packages_lock, "packages.lock.json", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("nuget", API), _XML_TOKENS))
def test_mutated_project(data: bytes) -> None:
    list_or_manifest_error(parse_project, API, data, context("nuget"))


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("nuget", CONFIG), _XML_TOKENS))
def test_mutated_packages_config(data: bytes) -> None:
    list_or_manifest_error(parse_packages_config, CONFIG, data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("nuget", LOCK), (b"{", b"}", b'"', b":", b",", b'"type": "Direct"')))
def test_mutated_packages_lock(data: bytes) -> None:
    list_or_manifest_error(parse_packages_lock, LOCK, data)


def test_deep_xml_and_many_references_are_fast() -> None:
    deep = b"<Project>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Project>"
    assert timed(lambda: list_or_manifest_error(parse_project, "A.csproj", deep)) < HOSTILE
    refs = "".join(
        f'<PackageReference Include="Pkg{i}" Version="1.0.{i}" />\n' for i in range(3_000)
    )
    data = f"<Project><ItemGroup>\n{refs}</ItemGroup></Project>".encode()
    assert timed(lambda: parse_project("A.csproj", data, CTX)) < HOSTILE


def test_large_packages_lock_is_fast() -> None:
    packages = {
        f"Package.Number{i}": {
            "type": "Transitive",
            "resolved": f"1.0.{i}",
            "contentHash": "A" * 88,
            "dependencies": {f"Package.Number{i + 1}": "1.0.0", "System.Memory": "4.5.5"},
        }
        for i in range(25_000)
    }
    data = json.dumps({"version": 1, "dependencies": {"net8.0": packages}}, indent=2).encode()
    assert len(data) > 5_000_000
    assert timed(lambda: parse_packages_lock("packages.lock.json", data, CTX)) < LARGE


def test_an_unknown_xml_encoding_is_a_manifest_error() -> None:
    # found by test_mutated_project: LookupError escaped the parser and would end the scan
    unknown = b'<?xml version="1.0" encoding="tf-8"?>\n<Project Sdk="Microsoft.NET.Sdk"/>'
    with pytest.raises(ManifestError) as info:
        parse_project("App.csproj", unknown, CTX)
    assert info.value.line == 1
