"""Declared runtime, OS, database and framework versions: one golden test per source kind,
the version readers, hostile input and fuzzing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Dependency, RuntimeDeclaration, Scope
from lodestar.scan.ecosystems.docker.compose import parse_compose
from lodestar.scan.ecosystems.docker.dockerfile import parse_dockerfile
from lodestar.scan.ecosystems.docker.refs import image_dependency
from lodestar.scan.ecosystems.maven.dependencies import parse_pom
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.runtimes import MAX_RUNTIME_FILE_BYTES, detect_runtimes, is_runtime_file
from lodestar.scan.runtimes_dependencies import FRAMEWORKS, TAG_ALIASES, VERSION_IN_NAME
from lodestar.scan.runtimes_versions import (
    _JAVA_VENDORS,
    _SDKMAN_VENDORS,
    JAVA_NEUTRAL,
    MAX_LINE,
    TOOLS,
    java_declared,
)

Row = tuple[str, str, str, str, int | None, str]
CTX = ManifestContext()


def rows(declarations: Sequence[RuntimeDeclaration]) -> list[Row]:
    return [(d.product, d.version, d.declared, d.path, d.line, d.source) for d in declarations]


def detect(files: Mapping[str, bytes | str], dependencies: Sequence[Dependency] = ()) -> list[Row]:
    """Rows of what the files and dependencies declare; the input must give no warning."""
    data = {p: v.encode() if isinstance(v, str) else v for p, v in files.items()}
    found, warnings = detect_runtimes(data, dependencies)
    assert warnings == []
    return rows(found)


def image(reference: str, manifest: str = "Dockerfile", line: int = 1) -> Dependency:
    dep = image_dependency(reference, manifest=manifest, line=line, scope=Scope.RUNTIME)
    assert dep is not None
    return dep


def locked(ecosystem: str, purl: str, name: str, version: str, manifest: str) -> Dependency:
    return Dependency(purl, ecosystem, name, version, None, Scope.RUNTIME, False, manifest, None)


# ---- version-manager files


TOOL_VERSIONS = """\
# managed by asdf; run `asdf install` after pulling
nodejs 18.17.0 16.20.2
python 3.11.4
ruby 3.2.2
golang 1.21.5
java temurin-17.0.8+7
terraform 1.5.7
postgres 15.3
kubectl 1.28.2
yarn system
"""


def test_tool_versions_golden() -> None:
    assert detect({".tool-versions": TOOL_VERSIONS}) == [
        ("nodejs", "16", "nodejs 16.20.2", ".tool-versions", 2, "file"),
        ("nodejs", "18", "nodejs 18.17.0", ".tool-versions", 2, "file"),
        ("python", "3.11", "python 3.11.4", ".tool-versions", 3, "file"),
        ("ruby", "3.2", "ruby 3.2.2", ".tool-versions", 4, "file"),
        ("go", "1.21", "golang 1.21.5", ".tool-versions", 5, "file"),
        ("eclipse-temurin", "17", "java temurin-17.0.8+7", ".tool-versions", 6, "file"),
        ("terraform", "1.5", "terraform 1.5.7", ".tool-versions", 7, "file"),
        ("postgresql", "15", "postgres 15.3", ".tool-versions", 8, "file"),
    ]  # kubectl is a client, not a cluster; "system" names no version


MISE_TOML = """\
[env]
NODE_ENV = "production"

[tools]
node = "lts/iron"
python = ["3.12", "3.11"]
java = "corretto-11"
"aqua:hashicorp/terraform" = { version = "1.6.0" }
go = "latest"
"npm:prettier" = "3"
"""


def test_mise_golden() -> None:
    assert detect({"mise.toml": MISE_TOML, "svc/.config/mise.toml": '[tools]\nruby = "3.3"\n'}) == [
        ("nodejs", "20", "node lts/iron", "mise.toml", 5, "file"),
        ("python", "3.11", "python 3.11", "mise.toml", 6, "file"),
        ("python", "3.12", "python 3.12", "mise.toml", 6, "file"),
        ("amazon-corretto", "11", "java corretto-11", "mise.toml", 7, "file"),
        ("terraform", "1.6", "aqua:hashicorp/terraform 1.6.0", "mise.toml", 8, "file"),
        ("ruby", "3.3", "ruby 3.3", "svc/.config/mise.toml", 2, "file"),
    ]


def test_single_version_files_golden() -> None:
    files = {
        ".nvmrc": "lts/hydrogen\n",
        "web/.nvmrc": "v16.20.2\n",
        "admin/.node-version": "20.11.1\n",
        "tools/.nvmrc": "node\n",  # floating: nothing to check
        ".ruby-version": "ruby-3.1.4\n",
        "legacy/.ruby-version": "jruby-9.4.5.0\n",
        ".java-version": "1.8\n",
        "svc/.java-version": "corretto64-17.0.9\n",
        ".go-version": "1.20.14\n",
        "infra/.terraform-version": "1.5.7\n",
        ".php-version": "8.2\n",
        ".sdkmanrc": "# Enable auto-env with sdkman_auto_env\njava=21.0.2-tem\nmaven=3.9.6\n",
        "rust-toolchain.toml": '[toolchain]\nchannel = "1.75.0"\ncomponents = ["clippy"]\n',
        "old/rust-toolchain": "stable\n",
    }
    assert detect(files) == [
        ("go", "1.20", "1.20.14", ".go-version", 1, "file"),
        ("eclipse-temurin", "8", "1.8", ".java-version", 1, "file"),
        ("nodejs", "18", "lts/hydrogen", ".nvmrc", 1, "file"),
        ("php", "8.2", "8.2", ".php-version", 1, "file"),
        ("ruby", "3.1", "ruby-3.1.4", ".ruby-version", 1, "file"),
        ("eclipse-temurin", "21", "java=21.0.2-tem", ".sdkmanrc", 2, "file"),
        ("apache-maven", "3.9", "maven=3.9.6", ".sdkmanrc", 3, "file"),
        ("nodejs", "20", "20.11.1", "admin/.node-version", 1, "file"),
        ("terraform", "1.5", "1.5.7", "infra/.terraform-version", 1, "file"),
        ("jruby", "9.4", "jruby-9.4.5.0", "legacy/.ruby-version", 1, "file"),
        ("rust", "1.75", "1.75.0", "rust-toolchain.toml", 2, "file"),
        ("amazon-corretto", "17", "corretto64-17.0.9", "svc/.java-version", 1, "file"),
        ("nodejs", "16", "v16.20.2", "web/.nvmrc", 1, "file"),
    ]  # tools/.nvmrc's "node" floats; old/rust-toolchain's "stable" names no release


# ---- Python


PYPROJECT_PEP621 = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "billing"
version = "2.4.0"
requires-python = ">=3.8"
dependencies = ["django>=3.2,<4"]
"""

PYPROJECT_POETRY = """\
[tool.poetry]
name = "reports"
version = "0.9.0"

[tool.poetry.dependencies]
python = "^3.9"
pandas = "^2.0"

[tool.poetry.group.dev.dependencies]
pytest = "^7.4"
"""


def test_pyproject_golden() -> None:
    files = {"billing/pyproject.toml": PYPROJECT_PEP621, "reports/pyproject.toml": PYPROJECT_POETRY}
    assert detect(files) == [
        ("python", "3.8", ">=3.8", "billing/pyproject.toml", 8, "file"),
        ("python", "3.9", "^3.9", "reports/pyproject.toml", 6, "file"),
    ]


def test_python_files_golden() -> None:
    files = {
        ".python-version": "3.12.1\n3.11.7\npypy3.10-7.3.12\nsystem\n",
        "runtime.txt": "python-3.9.18\n",
        "Pipfile": '[[source]]\nurl = "https://pypi.org/simple"\n\n'
        '[requires]\npython_version = "3.10"\n',
        "lib/setup.cfg": "[metadata]\nname = lib\n\n[options]\npython_requires = >=3.7, <4\n",
        "old/setup.py": "from setuptools import setup\n\nsetup(\n    name='old',\n"
        "    python_requires='>=2.7, !=3.0.*, !=3.1.*',\n)\n",
        "any/setup.py": "setup(name='any', python_requires='<4')\n",  # no lower bound
    }
    assert detect(files) == [
        ("python", "3.12", "3.12.1", ".python-version", 1, "file"),
        ("python", "3.11", "3.11.7", ".python-version", 2, "file"),
        ("python", "3.10", "3.10", "Pipfile", 5, "file"),
        ("python", "3.7", ">=3.7, <4", "lib/setup.cfg", 5, "file"),
        ("python", "2.7", ">=2.7, !=3.0.*, !=3.1.*", "old/setup.py", 5, "file"),
        ("python", "3.9", "python-3.9.18", "runtime.txt", 1, "file"),
    ]


# ---- JavaScript, PHP, Ruby, Go, .NET


PACKAGE_JSON = """\
{
  "name": "storefront",
  "private": true,
  "engines": {
    "node": ">=16.14.0 <19",
    "npm": ">=8"
  },
  "volta": {
    "node": "18.19.0"
  },
  "dependencies": {"react": "^18.2.0"}
}
"""


def test_package_json_golden() -> None:
    files = {
        "package.json": PACKAGE_JSON,
        "packages/cli/package.json": '{"name": "cli", "engines": {"node": "^14.17.0 || >=16"}}',
        "packages/any/package.json": '{"name": "any", "engines": {"node": "*"}}',
    }
    assert detect(files) == [
        ("nodejs", "16", ">=16.14.0 <19", "package.json", 5, "file"),
        ("nodejs", "18", "18.19.0", "package.json", 9, "file"),
        ("nodejs", "14", "^14.17.0 || >=16", "packages/cli/package.json", 1, "file"),
    ]


def test_composer_gemfile_go_golden() -> None:
    composer = (
        '{\n  "require": {\n    "php": "^7.4|^8.0",\n    "laravel/framework": "^8.75"\n  },\n'
    )
    composer += '  "config": {\n    "platform": {\n      "php": "8.0.30"\n    }\n  }\n}\n'
    gemfile = "source 'https://rubygems.org'\ngit_source(:github) { |repo| \"x\" }\n\n"
    gemfile += 'ruby "~> 2.7.0", "< 2.8"\n\ngem "rails", "~> 6.1.7"\n'
    go_mod = "module example.com/shop\n\ngo 1.21 // minimum\n\ntoolchain go1.22.1\n\n"
    go_mod += "require github.com/go-chi/chi/v5 v5.0.12\n"
    files = {
        "composer.json": composer,
        "Gemfile": gemfile,
        "other/Gemfile": "ruby file: '.ruby-version'\n",  # the file itself is read instead
        "go.mod": go_mod,
    }
    assert detect(files) == [
        ("ruby", "2.7", "~> 2.7.0, < 2.8", "Gemfile", 4, "file"),
        ("php", "7.4", "^7.4|^8.0", "composer.json", 3, "file"),
        ("php", "8.0", "8.0.30", "composer.json", 8, "file"),
        ("go", "1.21", "go 1.21", "go.mod", 3, "file"),
        ("go", "1.22", "toolchain go1.22.1", "go.mod", 5, "file"),
    ]


CSPROJ = """\
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFrameworks>net6.0;net48</TargetFrameworks>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Serilog" Version="3.1.1" />
  </ItemGroup>
</Project>
"""

LEGACY_CSPROJ = """\
<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Library</OutputType>
    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>
  </PropertyGroup>
</Project>
"""


def test_dotnet_golden() -> None:
    files = {
        "src/Api/Api.csproj": CSPROJ,
        "src/Legacy/Legacy.csproj": LEGACY_CSPROJ,
        "src/Shared/Shared.fsproj": "<Project><PropertyGroup><TargetFramework>netstandard2.0"
        "</TargetFramework></PropertyGroup></Project>",  # an API surface, not a runtime
        "Directory.Build.props": "<Project>\n<PropertyGroup>\n<TargetFramework>netcoreapp3.1"
        "</TargetFramework>\n</PropertyGroup>\n</Project>\n",
        "global.json": '{\n  "sdk": {\n    "version": "8.0.100",\n'
        '    "rollForward": "latestFeature"\n  }\n}\n',
    }
    assert detect(files) == [
        ("dotnet", "3.1", "netcoreapp3.1", "Directory.Build.props", 3, "file"),
        ("dotnet", "8", "8.0.100", "global.json", 3, "file"),
        ("dotnet", "6", "net6.0", "src/Api/Api.csproj", 3, "file"),
        ("dotnetfx", "4.8", "net48", "src/Api/Api.csproj", 3, "file"),
        ("dotnetfx", "4.7.2", "v4.7.2", "src/Legacy/Legacy.csproj", 5, "file"),
    ]


# ---- JVM builds


POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>2.7.18</version>
    <relativePath/>
  </parent>
  <artifactId>orders</artifactId>
  <properties>
    <java.version>11</java.version>
    <maven.compiler.release>${java.version}</maven.compiler.release>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
  </dependencies>
</project>
"""

POM_PLUGIN = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <properties><maven.compiler.source>1.8</maven.compiler.source></properties>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <configuration>
          <source>1.8</source>
          <target>1.8</target>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""


def test_maven_golden() -> None:
    dependencies = parse_pom("orders/pom.xml", POM.encode(), CTX)  # the parent is one of them
    files = {"orders/pom.xml": POM, "batch/pom.xml": POM_PLUGIN}
    assert detect(files, dependencies) == [
        ("eclipse-temurin", "8", "<target>1.8</target>", "batch/pom.xml", 9, "file"),
        (
            "spring-boot",
            "2.7",
            "org.springframework.boot:spring-boot-starter-parent@2.7.18",
            "orders/pom.xml",
            4,
            "lock",
        ),
        (
            "eclipse-temurin",
            "11",
            "<maven.compiler.release>${java.version}</maven.compiler.release>",
            "orders/pom.xml",
            13,
            "file",
        ),
    ]


GRADLE_KTS = """\
plugins {
    kotlin("jvm") version "1.9.22"
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

kotlin {
    // jvmToolchain(17)
}
"""

GRADLE_GROOVY = """\
apply plugin: 'java'

sourceCompatibility = 1.8
targetCompatibility = JavaVersion.VERSION_11
"""


def test_gradle_golden() -> None:
    files = {"app/build.gradle.kts": GRADLE_KTS, "lib/build.gradle": GRADLE_GROOVY}
    assert detect(files) == [
        ("eclipse-temurin", "21", "JavaLanguageVersion.of(21)", "app/build.gradle.kts", 8, "file"),
        (
            "eclipse-temurin",
            "11",
            "targetCompatibility = JavaVersion.VERSION_11",
            "lib/build.gradle",
            4,
            "file",
        ),
    ]


# ---- container images


DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG NODE_VERSION=16
FROM node:${NODE_VERSION}-alpine3.15 AS assets
RUN npm ci && npm run build

FROM python:3.8-slim-buster AS app
COPY --from=assets /app/dist /srv/static
COPY --from=eclipse-temurin:8-jre /opt/java/openjdk /opt/java
CMD ["gunicorn", "app:wsgi"]
"""

COMPOSE = """\
services:
  db:
    image: postgres:11
    environment:
      POSTGRES_PASSWORD: example
  cache:
    image: redis:6
  worker:
    image: debian:buster
  web:
    build: .
    image: acme/web:latest
"""


def test_dockerfile_images_golden() -> None:
    dependencies = parse_dockerfile("Dockerfile", DOCKERFILE.encode(), CTX)
    assert detect({}, dependencies) == [
        ("alpine-linux", "3.15", "node:16-alpine3.15", "Dockerfile", 3, "image"),
        ("nodejs", "16", "node:16-alpine3.15", "Dockerfile", 3, "image"),
        ("debian", "10", "python:3.8-slim-buster", "Dockerfile", 6, "image"),
        ("python", "3.8", "python:3.8-slim-buster", "Dockerfile", 6, "image"),
        ("eclipse-temurin", "8", "eclipse-temurin:8-jre", "Dockerfile", 8, "image"),
    ]


def test_compose_images_golden() -> None:
    dependencies = parse_compose("deploy/docker-compose.yml", COMPOSE.encode(), CTX)
    assert detect({}, dependencies) == [
        ("postgresql", "11", "postgres:11", "deploy/docker-compose.yml", 3, "image"),
        ("redis", "6", "redis:6", "deploy/docker-compose.yml", 7, "image"),
        ("debian", "10", "debian:buster", "deploy/docker-compose.yml", 9, "image"),
    ]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("python:3.8-slim", [("python", "3.8")]),  # Debian, but which release the tag says not
        ("python:3.8-slim-buster", [("debian", "10"), ("python", "3.8")]),
        ("python:3.12-slim-bookworm", [("debian", "12"), ("python", "3.12")]),
        ("node:16-alpine", [("nodejs", "16")]),
        ("node:16-alpine3.15", [("alpine-linux", "3.15"), ("nodejs", "16")]),
        ("node:lts-hydrogen", []),
        ("debian:buster", [("debian", "10")]),
        ("debian:bookworm-20240211-slim", [("debian", "12")]),
        ("ubuntu:18.04", [("ubuntu", "18.04")]),
        ("ubuntu:jammy", [("ubuntu", "22.04")]),
        ("alpine:3.12", [("alpine-linux", "3.12")]),
        ("postgres:11", [("postgresql", "11")]),
        ("postgres:9.6-alpine", [("postgresql", "9.6")]),
        ("mysql:8", [("mysql", "8")]),  # less precise than 8.0 / 8.4: floats as the tag does
        ("mysql:5.7", [("mysql", "5.7")]),
        ("eclipse-temurin:8-jre", [("eclipse-temurin", "8")]),
        ("eclipse-temurin:17-jdk-jammy", [("eclipse-temurin", "17"), ("ubuntu", "22.04")]),
        ("openjdk:8-jdk", [("openjdk-builds-from-oracle", "8")]),  # unknown cycle: still reported
        ("mcr.microsoft.com/dotnet/aspnet:6.0-bullseye-slim", [("debian", "11"), ("dotnet", "6")]),
        ("mcr.microsoft.com/dotnet/framework/aspnet:4.8", [("dotnetfx", "4.8")]),
        ("mcr.microsoft.com/mssql/server:2019-latest", [("mssqlserver", "15.0")]),
        ("public.ecr.aws/lambda/python:3.11", [("aws-lambda", "python3.11")]),
        ("public.ecr.aws/lambda/nodejs:18", [("aws-lambda", "nodejs18.x")]),
        (
            "registry.access.redhat.com/ubi8/openjdk-17:1.18",
            [("red-hat-build-of-openjdk", "17"), ("rhel", "8")],
        ),
        ("bitnami/postgresql:14.10.0-debian-11-r3", [("debian", "11"), ("postgresql", "14")]),
        ("mcr.microsoft.com/devcontainers/base:bullseye", [("debian", "11")]),
        (
            "mcr.microsoft.com/devcontainers/javascript-node:1-18-bullseye",
            [("debian", "11"), ("nodejs", "18")],  # image release 1, Node.js 18
        ),
        ("jenkins/jenkins:2.426.1-lts-jdk17", [("jenkins", "2.426")]),
        ("jenkins/agent:4.13.3-1-jdk11", []),  # an agent release, not Jenkins'
        ("jenkins/inbound-agent:3206.vb_15dcf73f6a_9-1-jdk17", []),
        ("cimg/base:2023.01", []),  # a date stamp, not an Ubuntu release
        ("confluentinc/cp-kafka:7.5.0", []),  # Confluent's numbering, not Kafka's
        ("golang:latest", []),
        ("acme/internal-api:1.4.2-alpine3.18", []),  # an image the catalog does not know
    ],
)
def test_image_versions(reference: str, expected: list[tuple[str, str]]) -> None:
    found = detect({}, [image(reference)])
    assert sorted((product, version) for product, version, *_ in found) == expected


def test_images_without_a_version_give_nothing() -> None:
    digest = "sha256:" + "0a" * 32
    deps = [
        image("python"),  # no tag: latest
        image(f"python@{digest}"),  # a digest only
        image("node:lts-alpine"),
        image("python:${PYTHON_VERSION}"),  # unresolved ARG
        image("busybox:1.36"),  # the catalog knows busybox but not its calendar
    ]
    fixture = image("postgres:9.6", manifest="tests/fixtures/compose.yml")
    deps.append(
        Dependency(
            fixture.purl,
            "docker",
            "postgres",
            "9.6",
            None,
            Scope.TEST,
            True,
            fixture.manifest,
            1,
            fixture=True,
        )
    )
    assert detect({}, deps) == []


# ---- frameworks from lock files


def test_frameworks_from_locks_golden() -> None:
    deps = [
        locked("pypi", "pkg:pypi/django@3.2.25", "Django", "3.2.25", "poetry.lock"),
        locked("pypi", "pkg:pypi/redis@5.0.1", "redis", "5.0.1", "poetry.lock"),  # a client
        locked("gem", "pkg:gem/railties@7.1.3", "railties", "7.1.3", "Gemfile.lock"),
        locked("gem", "pkg:gem/rails@7.1.3", "rails", "7.1.3", "Gemfile.lock"),
        locked(
            "maven",
            "pkg:maven/org.springframework.boot/spring-boot-starter-web@3.1.5",
            "org.springframework.boot:spring-boot-starter-web",
            "3.1.5",
            "gradle.lockfile",
        ),
        locked(
            "maven",
            "pkg:maven/org.springframework.cloud/spring-cloud-starter-openfeign@4.0.4",
            "org.springframework.cloud:spring-cloud-starter-openfeign",
            "4.0.4",  # a module's own version, not the release train's
            "gradle.lockfile",
        ),
        locked(
            "npm", "pkg:npm/%40angular/core@17.3.1", "@angular/core", "17.3.1", "package-lock.json"
        ),
        locked("npm", "pkg:npm/react@18.2.0", "react", "18.2.0", "web/yarn.lock"),
        locked("npm", "pkg:npm/react-dom@18.2.0", "react-dom", "18.2.0", "web/yarn.lock"),
        locked("npm", "pkg:npm/vue@2.7.16", "vue", "2.7.16", "admin/pnpm-lock.yaml"),
        locked(
            "composer",
            "pkg:composer/laravel/framework@v10.48.4",
            "laravel/framework",
            "v10.48.4",
            "composer.lock",
        ),
        locked(
            "nuget",
            "pkg:nuget/Microsoft.AspNetCore.App.Ref@6.0.25",
            "Microsoft.AspNetCore.App.Ref",
            "6.0.25",
            "packages.lock.json",
        ),
        locked("npm", "pkg:npm/next@9.5.5", "next", "9.5.5", "site/package-lock.json"),
    ]
    assert detect({}, deps) == [
        ("ruby-on-rails", "7.1", "railties@7.1.3", "Gemfile.lock", None, "lock"),
        ("vue", "2.7", "vue@2.7.16", "admin/pnpm-lock.yaml", None, "lock"),
        ("laravel", "10", "laravel/framework@v10.48.4", "composer.lock", None, "lock"),
        (
            "spring-boot",
            "3.1",
            "org.springframework.boot:spring-boot-starter-web@3.1.5",
            "gradle.lockfile",
            None,
            "lock",
        ),
        ("angular", "17", "@angular/core@17.3.1", "package-lock.json", None, "lock"),
        ("dotnet", "6", "Microsoft.AspNetCore.App.Ref@6.0.25", "packages.lock.json", None, "lock"),
        ("django", "3.2", "Django@3.2.25", "poetry.lock", None, "lock"),
        ("nextjs", "9", "next@9.5.5", "site/package-lock.json", None, "lock"),
        ("react", "18", "react@18.2.0", "web/yarn.lock", None, "lock"),
    ]  # neither the redis client's 5.0 nor an openfeign module's 4.0 is a product version


def test_unknown_versions_are_still_reported_as_written() -> None:
    assert detect({".python-version": "3.99.1\n", "pom.xml": POM_PLUGIN.replace("1.8", "14")}) == [
        ("python", "3.99.1", "3.99.1", ".python-version", 1, "file"),
        ("eclipse-temurin", "14", "<target>14</target>", "pom.xml", 9, "file"),  # no Temurin 14
    ]


def test_same_product_version_and_path_is_reported_once() -> None:
    deps = [image("python:3.8-slim-buster", line=1), image("debian:buster", line=9)]
    assert detect({}, deps) == [
        ("debian", "10", "python:3.8-slim-buster", "Dockerfile", 1, "image"),
        ("python", "3.8", "python:3.8-slim-buster", "Dockerfile", 1, "image"),
    ]


# ---- the readers


def test_an_unreadable_range_is_a_warning() -> None:
    found, warnings = detect_runtimes({"package.json": b'{"engines": {"node": "lts"}}'}, [])
    assert found == []
    assert warnings == [("package.json", "cannot read the version range 'lts'")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17", (JAVA_NEUTRAL, "17")),
        ("1.8", (JAVA_NEUTRAL, "8")),
        ("temurin-17.0.8+7", ("eclipse-temurin", "17.0.8+7")),
        ("adoptopenjdk-11.0.2+9", ("eclipse-temurin", "11.0.2+9")),
        ("corretto-11.0.21.9.1", ("amazon-corretto", "11.0.21.9.1")),
        ("zulu-17.44.15", ("azul-zulu", "17.44.15")),
        ("openjdk64-17.0.2", ("openjdk-builds-from-oracle", "17.0.2")),
        ("oracle64-1.8.0.192", ("oracle-jdk", "8.0.192")),
        ("semeru-openj9-17.0.8+7_openj9-0.40.0", ("ibm-semeru", "17.0.8+7_openj9-0.40.0")),
        ("graalvm-22.3.0+java17", ("oracle-graalvm", "17")),
        ("17.0.8-tem", ("eclipse-temurin", "17.0.8")),
        ("11.0.21-amzn", ("amazon-corretto", "11.0.21")),
        ("22.3.r17-grl", ("oracle-graalvm", "17")),
        ("21.0.1-graalce", (JAVA_NEUTRAL, "21.0.1")),
        ("kona-17.0.9", (JAVA_NEUTRAL, "17.0.9")),
        ("mandrel-22.3.0.1-Final", None),  # Mandrel's version is not the Java release
        ("system", None),
    ],
)
def test_java_declared(text: str, expected: tuple[str, str] | None) -> None:
    assert java_declared(text) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".python-version", True),
        ("svc/.nvmrc", True),
        (".node-version", True),
        (".tool-versions", True),
        ("mise.toml", True),
        (".mise.toml", True),
        (".config/mise.toml", True),
        ("svc/mise/config.toml", True),
        ("config.toml", False),
        ("pyproject.toml", True),
        ("web/package.json", True),
        ("composer.json", True),
        ("pom.xml", True),
        ("build.gradle.kts", True),
        ("src/App/App.csproj", True),
        ("src/App/App.vbproj", True),
        ("Directory.Build.props", True),
        ("global.json", True),
        ("go.mod", True),
        ("go.sum", False),
        ("Gemfile", True),
        ("Gemfile.lock", False),
        ("Pipfile", True),
        ("setup.cfg", True),
        ("setup.py", True),
        (".java-version", True),
        (".sdkmanrc", True),
        ("runtime.txt", True),
        ("requirements.txt", False),
        ("Dockerfile", False),  # images arrive as dependencies
        ("package-lock.json", False),
        ("app.json", False),
    ],
)
def test_is_runtime_file(path: str, expected: bool) -> None:
    assert is_runtime_file(path) is expected


def test_every_product_named_is_in_the_eol_catalog() -> None:
    eol = load_eol()
    named = {
        JAVA_NEUTRAL,
        *TOOLS.values(),
        *(p for _, p in _JAVA_VENDORS if p),
        *(p for p in _SDKMAN_VENDORS.values() if p),
        *(p for _, p in FRAMEWORKS),
        *VERSION_IN_NAME,
        *TAG_ALIASES,
        "dotnet",
        "dotnetfx",
        "debian",
        "ubuntu",
        "alpine-linux",
        "rhel",
        "aws-lambda",
    }
    assert {p for p in named if p not in eol} == set()


def test_frameworks_agree_with_the_technology_catalog() -> None:
    """Where the technology catalog maps a framework package, it maps it to the same product."""
    catalog = load_catalog()
    for pattern, product in FRAMEWORKS:
        techs = catalog.match_purl(pattern.replace("*", "x"))
        eols = {t.eol for t in techs if t.eol}
        assert not eols or product in eols, (pattern, product, eols)


# ---- hostile input and fuzzing

NAMES = sorted(
    {
        ".python-version", "runtime.txt", ".nvmrc", ".node-version", ".ruby-version",
        ".java-version", ".go-version", ".tool-versions", "mise.toml", ".sdkmanrc",
        "rust-toolchain", "rust-toolchain.toml", "pyproject.toml", "Pipfile", "setup.cfg",
        "setup.py", "package.json", "composer.json", "Gemfile", "go.mod", "global.json",
        "pom.xml", "build.gradle", "build.gradle.kts", "App.csproj", "Directory.Build.props",
    }
)  # fmt: skip
STRUCTURED = {
    "mise.toml": "[tools\nnode = ",
    "rust-toolchain.toml": "[toolchain]\nchannel = 1.2.3.4",
    "pyproject.toml": '[project]\nrequires-python = ">=3.8',
    "Pipfile": "[requires\n",
    "setup.cfg": "python_requires = >=3.8\n",  # no section header
    "package.json": '{"engines": {"node": ">=16"',
    "composer.json": "{'require': {}}",
    "global.json": '{"sdk": {"version": "6.0.100",}}',
    "pom.xml": "<project><properties></project>",
    "App.csproj": "<Project><PropertyGroup><TargetFramework>net6.0</Project>",
    "Directory.Build.props": "<Project",
}
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
    "<Project><PropertyGroup><TargetFramework>&lol2;</TargetFramework></PropertyGroup></Project>"
)


@pytest.mark.parametrize("name", NAMES)
def test_binary_garbage_is_a_warning(name: str) -> None:
    found, warnings = detect_runtimes({name: b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe" * 50}, [])
    assert found == []
    assert warnings == [(name, "not read: binary content")]


@pytest.mark.parametrize("name", NAMES)
def test_a_one_megabyte_line_is_a_warning(name: str) -> None:
    found, warnings = detect_runtimes({name: b"3" + b"a" * 1_048_576}, [])
    assert found == []
    assert len(warnings) == 1
    assert warnings[0][0] == name
    assert "longer than" in warnings[0][1] or "invalid" in warnings[0][1]


@pytest.mark.parametrize("name", sorted(STRUCTURED))
def test_invalid_structured_files_are_a_warning(name: str) -> None:
    found, warnings = detect_runtimes({name: STRUCTURED[name].encode()}, [])
    assert found == []
    assert len(warnings) == 1
    assert warnings[0][0] == name
    assert warnings[0][1].startswith(("invalid", "not a POM"))


@pytest.mark.parametrize("name", ["App.csproj", "Directory.Build.props", "pom.xml"])
def test_xml_entities_are_refused(name: str) -> None:
    found, warnings = detect_runtimes({name: BOMB.encode()}, [])
    assert found == []
    assert warnings == [(name, "XML refused: DTDForbidden")]


def test_oversized_and_non_utf8_files() -> None:
    found, warnings = detect_runtimes(
        {
            ".nvmrc": b"v18.17.0\n" + b"#" * MAX_RUNTIME_FILE_BYTES,
            "Gemfile": b"# caf\xe9\nruby '3.2.2'\n",
        },
        [],
    )
    assert rows(found) == [("ruby", "3.2", "3.2.2", "Gemfile", 2, "file")]
    assert warnings == [
        (".nvmrc", f"not read: over {MAX_RUNTIME_FILE_BYTES:,} bytes"),
        ("Gemfile", "not UTF-8: undecodable bytes replaced"),
    ]


def test_over_long_lines_are_skipped_with_one_warning() -> None:
    text = "# " + "x" * MAX_LINE + "\n" + "# " + "y" * MAX_LINE + "\nnodejs 20.11.0\n"
    found, warnings = detect_runtimes({".tool-versions": text.encode()}, [])
    assert rows(found) == [("nodejs", "20", "nodejs 20.11.0", ".tool-versions", 3, "file")]
    assert warnings == [(".tool-versions", f"line 1 is longer than {MAX_LINE} characters; skipped")]


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(name: str, data: bytes) -> None:
    found, warnings = detect_runtimes({name: data}, [])
    eol = load_eol()
    assert all(d.product in eol and d.version and d.path == name for d in found)
    assert all(path == name and message for path, message in warnings)


_TOKENS = st.sampled_from(
    [
        "python", "nodejs", "java", "ruby", "go", "3.8", ">=", "^", "~>", "||", "|", ",", " ",
        "\n", "=", '"', "'", "[tools]", "[project]", "requires-python", "{", "}", ":", "engines",
        "node", "<", "*", "x", "v", "1.", "-", "temurin-", "lts/", "<TargetFramework>",
        "net6.0", ";", "</TargetFramework>", "JavaVersion.VERSION_", "1_8", "ruby ", "go ",
    ]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(NAMES), parts=st.lists(_TOKENS, max_size=40))
def test_near_miss_text_never_raises(name: str, parts: list[str]) -> None:
    found, warnings = detect_runtimes({name: "".join(parts).encode()}, [])
    eol = load_eol()
    assert all(d.product in eol and d.version for d in found)
    assert all(path == name for path, _ in warnings)
