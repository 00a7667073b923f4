"""Gradle: build scripts (Groovy and Kotlin DSL), version catalogs and lock files."""

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
from lodestar.scan.ecosystems.gradle.build_script import configuration_scope, parse_gradle
from lodestar.scan.ecosystems.gradle.catalog import parse_catalog
from lodestar.scan.ecosystems.gradle.lock import parse_gradle_lock

R, T, B, D, OPT = Scope.RUNTIME, Scope.TEST, Scope.BUILD, Scope.DEV, Scope.OPTIONAL
M = "pkg:maven/"
CTX = context("gradle")


def test_registered_patterns() -> None:
    assert [p.name for p in parsers_for("app/build.gradle.kts")] == ["gradle-build"]
    assert [p.name for p in parsers_for("gradle/deps.gradle")] == ["gradle-build"]
    assert [p.name for p in parsers_for("gradle/libs.versions.toml")] == ["gradle-version-catalog"]
    assert [(p.name, p.lock) for p in parsers_for("app/gradle.lockfile")] == [
        ("gradle-lockfile", True)
    ]
    assert parse_gradle("settings.gradle.kts", fixture("gradle", "settings.gradle.kts"), CTX) == []


def test_kotlin_dsl_build_with_catalog_platforms_and_rich_versions() -> None:
    deps = parse_gradle("app/build.gradle.kts", fixture("gradle", "app/build.gradle.kts"), CTX)
    assert rows(deps) == {
        # plugins: only those with a version, as plugin marker artifacts
        (M + "org.jetbrains.kotlin.plugin.spring/org.jetbrains.kotlin.plugin.spring.gradle.plugin"
         "@1.9.23", B, True, "1.9.23"),
        # platform(libs.spring.boot.bom): a BOM, version.ref resolved in the catalog
        (M + "org.springframework.boot/spring-boot-dependencies@3.2.5", B, True, "3.2.5"),
        (M + "org.springframework.boot/spring-boot-starter-web", R, True, None),
        (M + "com.fasterxml.jackson.module/jackson-module-kotlin", R, True, "[2.16, 2.18[!!"),
        (M + "io.micrometer/micrometer-registry-prometheus@1.12.5", R, True, "1.12.5"),
        (M + "org.jetbrains.kotlin/kotlin-stdlib", R, True, None),  # kotlin("stdlib")
        (M + "org.jetbrains.kotlin/kotlin-reflect@1.9.23", R, True, "1.9.23"),
        # ${property("…")} from gradle.properties of the root project
        (M + "org.jetbrains.kotlinx/kotlinx-coroutines-core@1.8.0", R, True, "1.8.0"),
        # ${rootProject.extra["slf4jVersion"]} from `val slf4jVersion by extra(…)` in the root
        (M + "org.slf4j/slf4j-api@2.0.13", R, True, "2.0.13"),
        (M + "io.arrow-kt/arrow-core@1.2.4", R, True, "1.2.4"),  # a val holding a coordinate
        (M + "com.squareup.okhttp3/okhttp@4.12.0", R, True, "4.12.0!!"),  # version { strictly }
        (M + "io.github.resilience4j/resilience4j-kotlin@2.2.0", R, True, "2.2.0"),  # named args
        (M + "org.jetbrains/annotations@24.1.0", B, True, "24.1.0"),  # compileOnly
        (M + "io.insert-koin/koin-ksp-compiler@1.3.1", B, True, "1.3.1"),  # ksp
        (M + "org.springframework.boot/spring-boot-devtools", D, True, None),  # developmentOnly
        (M + "org.postgresql/postgresql@42.7.3", R, True, "42.7.3"),  # runtimeOnly
        # libs.bundles.testing
        (M + "org.junit.jupiter/junit-jupiter@5.10.2", T, True, "5.10.2"),
        (M + "org.testcontainers/postgresql@1.19.7", T, True, "1.19.7"),
        (M + "io.mockk/mockk", T, True, "1.13.+"),
        (M + "org.springframework.boot/spring-boot-starter-test", T, True, None),
        (M + "org.awaitility/awaitility-kotlin@4.2.1", T, True, "4.2.1"),  # "config"(…)
    }  # fmt: skip
    # project(":legacy"), testFixtures(project(…)), comments and constraints { } give nothing
    names = {d.name for d in deps}
    assert not {"commented.out:ignored", "also:ignored", "org.yaml:snakeyaml"} & names
    assert {d.name: d.line for d in deps}["com.squareup.okhttp3:okhttp"] == 24


def test_groovy_build_with_ext_properties_applied_scripts_and_map_notation() -> None:
    deps = parse_gradle("legacy/build.gradle", fixture("gradle", "legacy/build.gradle"), CTX)
    assert rows(deps) == {
        (M + "org.owasp/dependency-check-gradle@9.1.0", B, True, "9.1.0"),  # buildscript classpath
        (M + "org.apache.commons/commons-lang3@3.14.0", R, True, "3.14.0"),  # gradle.properties
        (M + "org.springframework/spring-core@5.3.34", R, True, "5.3.34"),  # two in one call
        (M + "org.springframework/spring-web@5.3.34", R, True, "5.3.34"),
        (M + "com.fasterxml.jackson.core/jackson-databind@2.17.0", R, True, "2.17.0"),
        (M + "com.fasterxml.jackson.dataformat/jackson-dataformat-xml@2.17.0", R, True, "2.17.0"),
        # deps.retrofit from `apply from: "$rootDir/gradle/dependencies.gradle"`
        (M + "com.squareup.retrofit2/retrofit@2.11.0", R, True, "2.11.0"),
        (M + "com.squareup.retrofit2/converter-gson@2.11.0", R, True, "2.11.0"),
        (M + "javax.inject/javax.inject@1", R, True, "1"),
        (M + "literal/single-quoted", R, True, "$notInterpolated"),  # Groovy '…' is literal
        (M + "com.google.guava/guava@31.1-jre", R, True, "31.1-jre"),
        (M + "commons-io/commons-io@2.16.1", R, True, "2.16.1"),  # legacy `compile`
        (M + "org.projectlombok/lombok@1.18.32", B, True, "1.18.32"),  # compileOnly + processor
        (M + "javax.servlet/javax.servlet-api@4.0.1", B, True, "4.0.1"),  # providedCompile
        (M + "com.h2database/h2", R, True, "[2.2,3.0)"),
        (M + "io.opentelemetry.javaagent/opentelemetry-javaagent@2.3.0", R, True, "2.3.0"),
        (M + "junit/junit@4.13.2", T, True, "4.13.2"),
        (M + "org.mockito/mockito-core", T, True, "5.+"),
        (M + "org.junit.vintage/junit-vintage-engine", T, True, "latest.release"),
        (M + "org.assertj/assertj-core@3.25.3", T, True, "3.25.3"),
        (M + "io.netty/netty-transport-native-epoll@4.1.109.Final?classifier=linux-x86_64", T,
         True, "4.1.109.Final"),
    }  # fmt: skip


def test_root_build_plugins_from_catalog_aliases_and_ids() -> None:
    deps = parse_gradle("build.gradle.kts", fixture("gradle", "build.gradle.kts"), CTX)
    marker = "{0}/{0}.gradle.plugin@{1}"
    assert rows(deps) == {
        (M + marker.format("org.jetbrains.kotlin.jvm", "1.9.23"), B, True, "1.9.23"),
        (M + marker.format("org.springframework.boot", "3.2.5"), B, True, "3.2.5"),
        (M + marker.format("io.spring.dependency-management", "1.1.4"), B, True, "1.1.4"),
        (M + marker.format("com.diffplug.spotless", "6.25.0"), B, True, "6.25.0"),
    }


def test_configuration_scopes() -> None:
    expected = {
        "implementation": R, "api": R, "runtimeOnly": R, "compile": R, "customAgent": R,
        "compileOnly": B, "compileOnlyApi": B, "annotationProcessor": B, "kapt": B, "ksp": B,
        "classpath": B, "providedRuntime": B, "kspAndroid": B,
        "testImplementation": T, "androidTestImplementation": T, "kaptTest": T,
        "testFixturesApi": T, "integrationTestRuntimeOnly": T,
        "developmentOnly": D, "debugImplementation": D,
        # the tools' own configurations never ship
        "checkstyle": B, "pmd": B, "spotbugs": B, "spotbugsPlugins": B, "codenarc": B,
        "jacocoAgent": B, "jacocoAnt": B, "errorprone": B, "detekt": B, "ktlint": B, "antlr": B,
        "jmh": D, "jmhImplementation": D, "dokkaHtmlPlugin": Scope.DOCS,
        "asciidoctorExt": Scope.DOCS,
    }  # fmt: skip
    assert {name: configuration_scope(name) for name in expected} == expected


def test_tool_configurations_are_build_scope_not_runtime() -> None:
    """spring-petclinic declares its checkstyle rules in the ``checkstyle`` configuration."""
    script = b"""plugins { id 'java'; id 'checkstyle'; id 'jacoco' }
dependencies {
  implementation 'org.springframework.boot:spring-boot-starter-web:3.3.0'
  checkstyle "io.spring.javaformat:spring-javaformat-checkstyle:0.0.41"
  checkstyle("com.puppycrawl.tools:checkstyle:10.16.0")
  errorprone libs.errorprone.core
  jacocoAgent 'org.jacoco:org.jacoco.agent:0.8.12:runtime'
  jmh 'org.openjdk.jmh:jmh-core:1.37'
}
"""
    catalog = b'[libraries]\nerrorprone-core = "com.google.errorprone:error_prone_core:2.27.1"\n'
    ctx = ManifestContext.of({"build.gradle": script, "gradle/libs.versions.toml": catalog})
    scopes = {d.name: d.scope for d in parse_gradle("build.gradle", script, ctx)}
    assert scopes == {
        "org.springframework.boot:spring-boot-starter-web": R,
        "io.spring.javaformat:spring-javaformat-checkstyle": B,
        "com.puppycrawl.tools:checkstyle": B,
        "com.google.errorprone:error_prone_core": B,
        "org.jacoco:org.jacoco.agent": B,
        "org.openjdk.jmh:jmh-core": D,
    }
    lock = (
        b"com.puppycrawl.tools:checkstyle:10.16.0=checkstyle\n"
        b"org.jacoco:org.jacoco.agent:0.8.12=jacocoAgent\n"
        b"org.openjdk.jmh:jmh-core:1.37=jmhRuntimeClasspath\n"
        b"org.slf4j:slf4j-api:2.0.13=checkstyle,runtimeClasspath\n"
        b"empty=\n"
    )
    locked = {d.name: d.scope for d in parse_gradle_lock("gradle.lockfile", lock, CTX)}
    assert locked == {
        "com.puppycrawl.tools:checkstyle": B,
        "org.jacoco:org.jacoco.agent": B,
        "org.openjdk.jmh:jmh-core": D,
        "org.slf4j:slf4j-api": R,  # also on the runtime classpath: it ships
    }


def test_version_catalog_on_its_own() -> None:
    deps = parse_catalog(
        "gradle/libs.versions.toml", fixture("gradle", "gradle/libs.versions.toml"), CTX
    )
    marker = "{0}/{0}.gradle.plugin@{1}"
    assert rows(deps) == {
        (M + "org.springframework.boot/spring-boot-dependencies@3.2.5", R, True, "3.2.5"),
        (M + "org.springframework.boot/spring-boot-starter-web", R, True, None),
        (M + "com.fasterxml.jackson.module/jackson-module-kotlin", R, True, "[2.16, 2.18[!!"),
        (M + "org.jetbrains.kotlin/kotlin-reflect@1.9.23", R, True, "1.9.23"),
        (M + "com.google.guava/guava@33.1.0-jre", R, True, "33.1.0-jre"),
        (M + "io.micrometer/micrometer-registry-prometheus@1.12.5", R, True, "1.12.5"),
        (M + "org.junit.jupiter/junit-jupiter@5.10.2", R, True, "5.10.2"),
        (M + "org.testcontainers/postgresql@1.19.7", R, True, "1.19.7"),
        (M + "io.mockk/mockk", R, True, "1.13.+"),
        (M + marker.format("org.springframework.boot", "3.2.5"), B, True, "3.2.5"),
        (M + marker.format("org.jetbrains.kotlin.jvm", "1.9.23"), B, True, "1.9.23"),
        (M + marker.format("io.gitlab.arturbosch.detekt", "1.23.6"), B, True, "1.23.6"),
    }  # fmt: skip
    assert {d.name: d.line for d in deps}["com.google.guava:guava"] == 14


def test_lock_files() -> None:
    deps = parse_gradle_lock("app/gradle.lockfile", fixture("gradle", "app/gradle.lockfile"), CTX)
    assert rows(deps) == {
        (M + "com.fasterxml.jackson.core/jackson-databind@2.17.0", R, False, None),
        (M + "com.fasterxml.jackson.module/jackson-module-kotlin@2.17.0", R, False, None),
        (M + "io.insert-koin/koin-ksp-compiler@1.3.1", B, False, None),
        (M + "io.mockk/mockk@1.13.10", T, False, None),  # test classpaths only
        (M + "org.jetbrains/annotations@24.1.0", B, False, None),  # compileClasspath only
        (M + "org.junit.jupiter/junit-jupiter@5.10.2", T, False, None),
        (M + "org.postgresql/postgresql@42.7.3", R, False, None),
        (M + "org.springframework.boot/spring-boot-devtools@3.2.5", D, False, None),
        (M + "org.springframework.boot/spring-boot-starter-web@3.2.5", R, False, None),
    }
    buildscript = parse_gradle_lock(
        "app/buildscript-gradle.lockfile", fixture("gradle", "app/buildscript-gradle.lockfile"), CTX
    )
    assert rows(buildscript) == {
        (M + "org.jetbrains.kotlin/kotlin-gradle-plugin@1.9.23", B, False, None)
    }
    legacy = parse_gradle_lock(
        "gradle/dependency-locks/testRuntimeClasspath.lockfile",
        b"# comment\njunit:junit:4.13.2\norg.hamcrest:hamcrest-core:1.3\n",
        CTX,
    )
    assert {(d.name, d.scope) for d in legacy} == {
        ("junit:junit", T),
        ("org.hamcrest:hamcrest-core", T),
    }
    assert parse_gradle_lock("other/thing.lockfile", b"anything", CTX) == []
    assert refused_in(parse_gradle_lock, "gradle.lockfile", b"not a coordinate=x\n") < 0.1


def test_catalog_hostile_toml() -> None:
    path = "gradle/libs.versions.toml"
    assert refused_in(parse_catalog, path, b"[libraries\nx = 1") < 0.1
    assert refused_in(parse_catalog, path, b"a = " + b"[" * 100_000) < 2
    assert refused_in(parse_catalog, path, b"a = 1" + b"0" * 100_000) < 2
    assert refused_in(parse_catalog, path, b"\xff\xfe") < 0.1


def test_build_script_torture_is_fast_and_total() -> None:
    deep = b"dependencies {" + b"(" * 100_000 + b'implementation "a:b:1"' + b"}" * 10
    assert timed(lambda: list_or_manifest_error(parse_gradle, "build.gradle", deep)) < 2
    quotes = b'dependencies { implementation "' + b"${x" * 50_000 + b"\n}"
    assert timed(lambda: list_or_manifest_error(parse_gradle, "build.gradle", quotes)) < 2
    recursive = b'def a = "$b"\ndef b = "$a"\ndependencies { implementation "g:a:$a" }'
    [dep] = parse_gradle("build.gradle", recursive, ManifestContext())
    assert dep.version is None
    lines = "".join(f"    implementation 'org.example:lib{i}:1.0.{i}'\n" for i in range(5_000))
    many = f"dependencies {{\n{lines}}}\n".encode()
    assert timed(lambda: parse_gradle("build.gradle", many, ManifestContext())) < 2


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_gradle, "build.gradle", data)
    list_or_manifest_error(parse_catalog, "gradle/libs.versions.toml", data)
    list_or_manifest_error(parse_gradle_lock, "gradle.lockfile", data)


GRADLE_TOKENS = (b"dependencies {", b"}", b"(", b")", b'"', b"'", b"${", b"/*", b"libs.", b":")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(fixture("gradle", "app/build.gradle.kts"), GRADLE_TOKENS),
    mutated(fixture("gradle", "legacy/build.gradle"), GRADLE_TOKENS),
)
def test_mutated_build_scripts(kotlin: bytes, groovy: bytes) -> None:
    list_or_manifest_error(parse_gradle, "app/build.gradle.kts", kotlin, CTX)
    list_or_manifest_error(parse_gradle, "legacy/build.gradle", groovy, CTX)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(fixture("gradle", "gradle/libs.versions.toml"), (b"[", b"]", b"=", b'"', b"{")),
    mutated(fixture("gradle", "app/gradle.lockfile"), (b"=", b":", b",", b"\n")),
)
def test_mutated_catalog_and_lock(catalog: bytes, lock: bytes) -> None:
    list_or_manifest_error(parse_catalog, "gradle/libs.versions.toml", catalog)
    list_or_manifest_error(parse_gradle_lock, "app/gradle.lockfile", lock)


def test_platform_forms_and_catalog_accessor_edge_cases() -> None:
    catalog = b"""[versions]
grpc = "1.63.0"
[libraries]
grpc = { module = "io.grpc:grpc-core", version.ref = "grpc" }
grpc-bom = { module = "io.grpc:grpc-bom", version.ref = "grpc" }
"""
    script = b"""dependencies {
    implementation enforcedPlatform("io.micronaut.platform:micronaut-platform:4.4.2")
    testImplementation(platform("org.junit:junit-bom:5.10.2"))
    implementation(libs.grpc.asProvider())
    implementation(platform(libs.grpc.bom))
    implementation(libs.versions.grpc.get())
    implementation libs.unknown.alias
    implementation "io.grpc:grpc-stub:${libs.versions.grpc.get()}"
}
"""
    ctx = ManifestContext.of({"gradle/libs.versions.toml": catalog, "build.gradle": script})
    assert rows(parse_gradle("build.gradle", script, ctx)) == {
        (M + "io.micronaut.platform/micronaut-platform@4.4.2", B, True, "4.4.2"),
        (M + "org.junit/junit-bom@5.10.2", T, True, "5.10.2"),  # a BOM in a test configuration
        (M + "io.grpc/grpc-core@1.63.0", R, True, "1.63.0"),  # libs.grpc.asProvider()
        (M + "io.grpc/grpc-bom@1.63.0", B, True, "1.63.0"),
        (M + "io.grpc/grpc-stub@1.63.0", R, True, "1.63.0"),  # libs.versions.x in a template
    }


def test_a_trailing_comma_before_the_end_of_the_block_ends() -> None:
    # found by test_mutated_build_scripts: the comma-continuation loop never ended at the block end
    script = b"dependencies {\n    implementation 'org.slf4j:slf4j-api:2.0.13',\n}\n"
    assert timed(lambda: list_or_manifest_error(parse_gradle, "build.gradle", script, CTX)) < 1
    deps = parse_gradle("build.gradle", script, CTX)
    assert [d.purl for d in deps] == ["pkg:maven/org.slf4j/slf4j-api@2.0.13"]


def test_many_comma_continued_lines_stay_linear() -> None:
    """Regression: each continuation line re-stripped all the arguments so far (cubic)."""
    body = "dependencies {\n" + "implementation 'com.acme:lib:1.0',\n" * 20_000 + "}\n"
    elapsed = timed(lambda: parse_gradle("build.gradle", body.encode(), ManifestContext()))
    assert elapsed < 2
