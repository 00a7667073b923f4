"""Maven pom.xml: golden multi-module project, inheritance, interpolation, hostile XML."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    context,
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
)

from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.maven.coords import exact_version
from lodestar.scan.ecosystems.maven.dependencies import parse_pom

R, T, B, OPT = Scope.RUNTIME, Scope.TEST, Scope.BUILD, Scope.OPTIONAL
M = "pkg:maven/"
CTX = context("maven")


def test_registered_for_pom_xml_only() -> None:
    assert [p.name for p in parsers_for("services/orders/pom.xml")] == ["maven-pom"]
    assert parsers_for("pom.xml.bak") == []


def test_root_pom_reports_external_parent_boms_and_versioned_plugins() -> None:
    deps = parse_pom("pom.xml", fixture("maven", "pom.xml"), CTX)
    assert rows(deps) == {
        # <relativePath/>: the parent is looked up in repositories, so it is a dependency
        (M + "org.springframework.boot/spring-boot-starter-parent@3.2.5?type=pom", B, True,
         "3.2.5"),
        (M + "org.springframework.cloud/spring-cloud-dependencies@2023.0.1?type=pom", B, True,
         "2023.0.1"),
        (M + "org.testcontainers/testcontainers-bom@1.19.7?type=pom", B, True, "1.19.7"),
        # plugins: only with a known version; groupId defaults to org.apache.maven.plugins
        (M + "org.apache.maven.plugins/maven-enforcer-plugin@3.4.1", B, True, "3.4.1"),
    }  # fmt: skip
    lines = {d.name: d.line for d in deps}
    assert lines["org.springframework.boot:spring-boot-starter-parent"] == 7
    assert lines["org.springframework.cloud:spring-cloud-dependencies"] == 34


def test_module_inherits_properties_and_management_from_the_local_parent() -> None:
    deps = parse_pom("orders-core/pom.xml", fixture("maven", "orders-core/pom.xml"), CTX)
    assert rows(deps) == {
        # managed by the external spring-boot parent: not visible, so no version
        (M + "org.springframework.boot/spring-boot-starter-data-jpa", R, True, None),
        # ${jackson.full} → ${jackson.version} → 2.17.0 (properties referring to properties)
        (M + "com.fasterxml.jackson.core/jackson-databind@2.17.0", R, True, "2.17.0"),
        # version from the parent's dependencyManagement, via the parent's property
        (M + "com.google.guava/guava@33.1.0-jre", R, True, "33.1.0-jre"),
        (M + "org.mapstruct/mapstruct@1.5.5.Final", OPT, True, "1.5.5.Final"),
        (M + "org.projectlombok/lombok@1.18.32", B, True, "1.18.32"),  # provided
        (M + "com.oracle.database.jdbc/ojdbc11", R, True, "[23.2,24.0)"),  # a range
        (M + "com.acme.legacy/legacy-client", R, True, "${legacy.version}"),  # unresolvable
        (M + "com.sun/tools@1.8", B, True, "1.8"),  # system
        (M + "com.h2database/h2@2.2.224", T, True, "2.2.224"),  # managed version AND scope
        (M + "org.testcontainers/postgresql", T, True, None),  # managed by an external BOM
        (M + "io.netty/netty-transport-native-epoll@4.1.109.Final?classifier=linux-x86_64", R,
         True, "4.1.109.Final"),
        (M + "org.postgresql/postgresql@42.7.3", R, True, "42.7.3"),  # profile, profile property
        # plugin versions from the parent's pluginManagement; compiler plugin has none: skipped
        (M + "org.jacoco/jacoco-maven-plugin@0.8.12", B, True, "0.8.12"),
        (M + "org.apache.maven.plugins/maven-surefire-plugin@3.2.5", B, True, "3.2.5"),
    }  # fmt: skip
    # the local parent is part of the repository: not reported as a dependency of its module
    assert not any("orders-parent" in d.purl for d in deps)


def test_relative_path_to_a_directory_and_project_version_from_maven_config() -> None:
    deps = parse_pom("orders-api/pom.xml", fixture("maven", "orders-api/pom.xml"), CTX)
    assert rows(deps) == {
        # ${project.groupId} from the parent; ${project.version} = ${revision}, which
        # .mvn/maven.config defines
        (M + "com.acme.orders/orders-core@1.4.0-SNAPSHOT", R, True, "1.4.0-SNAPSHOT"),
        (M + "com.acme.orders/orders-core@1.4.0-SNAPSHOT?type=test-jar", T, True,
         "1.4.0-SNAPSHOT"),
        (M + "org.springframework.boot/spring-boot-starter-web", R, True, None),
        (M + "org.springframework.cloud/spring-cloud-starter-openfeign", R, True, None),
        (M + "org.springdoc/springdoc-openapi-starter-webmvc-ui@2.5.0", R, True, "[2.5.0]"),
        (M + "org.springframework.boot/spring-boot-starter-test", T, True, None),
    }  # fmt: skip


def test_parent_missing_from_the_tree_is_external() -> None:
    alone = ManifestContext.of({"orders-core/pom.xml": fixture("maven", "orders-core/pom.xml")})
    deps = parse_pom("orders-core/pom.xml", fixture("maven", "orders-core/pom.xml"), alone)
    parent = [d for d in deps if d.name == "com.acme.orders:orders-parent"]
    assert [(d.scope, d.version, d.constraint) for d in parent] == [(B, None, "${revision}")]
    guava = next(d for d in deps if d.name == "com.google.guava:guava")
    assert (guava.version, guava.constraint) == (None, None)  # its manager is not visible


def test_parent_of_another_artifact_is_not_used_and_cycles_stop() -> None:
    child = b"""<project><parent><groupId>g</groupId><artifactId>p</artifactId>
      <version>1</version></parent><artifactId>c</artifactId>
      <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId>
      <version>${v}</version></dependency></dependencies></project>"""
    other = b"""<project><groupId>g</groupId><artifactId>not-p</artifactId><version>1</version>
      <properties><v>9</v></properties></project>"""
    deps = parse_pom("a/pom.xml", child, ManifestContext.of({"pom.xml": other}))
    assert rows(deps) == {
        (M + "g/p@1?type=pom", B, True, "1"),
        (M + "x/y", R, True, "${v}"),
    }
    # a parent whose relativePath points back at the child: followed once, never looping
    loop_a = b"""<project><parent><groupId>g</groupId><artifactId>b</artifactId><version>1</version>
      <relativePath>../b/pom.xml</relativePath></parent><artifactId>a</artifactId></project>"""
    loop_b = b"""<project><parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
      <relativePath>../a/pom.xml</relativePath></parent><groupId>g</groupId>
      <artifactId>b</artifactId></project>"""
    ctx = ManifestContext.of({"a/pom.xml": loop_a, "b/pom.xml": loop_b})
    assert parse_pom("a/pom.xml", loop_a, ctx) == []


def test_poms_without_namespace_and_property_cycles() -> None:
    pom = b"""<?xml version="1.0"?>
<project>
  <properties><a>${b}</a><b>${a}</b></properties>
  <dependencies>
    <dependency><groupId>x</groupId><artifactId>cyclic</artifactId><version>${a}</version>
    </dependency>
    <dependency><artifactId>no-group</artifactId><version>1</version></dependency>
    <dependency><groupId>x</groupId><artifactId>meta</artifactId><version>LATEST</version>
    </dependency>
  </dependencies>
</project>"""
    deps = parse_pom("pom.xml", pom, ManifestContext())
    assert {(d.name, d.version) for d in deps} == {("x:cyclic", None), ("x:meta", None)}


def test_exact_versions() -> None:
    assert exact_version("1.2.3") == "1.2.3"
    assert exact_version("2.7.18.RELEASE") == "2.7.18.RELEASE"
    assert exact_version("[1.5]") == "1.5"
    assert exact_version("1.5!!") == "1.5"
    for loose in ("[1.0,2.0)", "(,1.0]", "1.+", "+", "latest.release", "RELEASE", "${v}", ""):
        assert exact_version(loose) is None, loose


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<project><artifactId>&lol3;</artifactId></project>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project><artifactId>&xxe;</artifactId></project>"""


def test_hostile_xml_is_refused_quickly() -> None:
    assert refused_in(parse_pom, "pom.xml", BOMB) < 0.5
    assert refused_in(parse_pom, "pom.xml", EXTERNAL) < 0.5
    assert refused_in(parse_pom, "pom.xml", b"<project><dependencies>") < 0.5
    assert refused_in(parse_pom, "pom.xml", b"<settings/>") < 0.5
    assert refused_in(parse_pom, "pom.xml", b"\xff\xfe<\x00") < 0.5
    deep = b"<project>" + b"<a>" * 50_000 + b"</a>" * 50_000 + b"</project>"
    assert timed(lambda: list_or_manifest_error(parse_pom, "pom.xml", deep)) < 2


def test_error_carries_the_line() -> None:
    try:
        parse_pom("pom.xml", b"<project>\n<dependencies>\n</project>", ManifestContext())
    except Exception as exc:  # noqa: BLE001  inspected below
        assert getattr(exc, "line", None) == 3
    else:
        raise AssertionError("malformed XML accepted")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_pom, "pom.xml", data)


TOKENS = (b"<dependency>", b"</dependency>", b"${", b"}", b"<version>", b"<!DOCTYPE x>", b"&a;")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(fixture("maven", "orders-core/pom.xml"), TOKENS))
def test_mutated_fixture(data: bytes) -> None:
    list_or_manifest_error(parse_pom, "orders-core/pom.xml", data, CTX)


def test_an_unknown_xml_encoding_is_a_manifest_error() -> None:
    # found by test_mutated_project in the NuGet tests: LookupError escaped the parser
    unknown = (
        b'<?xml version="1.0" encoding="tf-8"?>\n<project><artifactId>a</artifactId></project>'
    )
    assert refused_in(parse_pom, "pom.xml", unknown) < 0.5
