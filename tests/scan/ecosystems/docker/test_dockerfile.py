"""Dockerfiles and image references."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    fixture,
    list_or_manifest_error,
    mutated,
    rows,
    timed,
)

from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.docker.dockerfile import parse_dockerfile
from lodestar.scan.ecosystems.docker.refs import parse_image, substitute

R, B = Scope.RUNTIME, Scope.BUILD
D = "pkg:docker/"
CTX = ManifestContext()
DIGEST = "sha256:2ba4ad4c3b3f1b2e1bd4a4ed5b9e3a3d8b1e5a9f0c6d7e8f9a0b1c2d3e4f5a6b"


def test_registered_names() -> None:
    for path in ("Dockerfile", "svc/Dockerfile.prod", "build/api.Dockerfile", "Containerfile",
                 "ops/worker.dockerfile", "dockerfile"):  # fmt: skip
        assert [p.name for p in parsers_for(path)] == ["dockerfile"], path
    assert parse_dockerfile("Dockerfile.dockerignore", b"FROM x:1\n", CTX) == []


def test_multi_stage_golden() -> None:
    deps = parse_dockerfile("Dockerfile", fixture("docker", "Dockerfile"), CTX)
    assert rows(deps) == {
        # global ARG default (quoted) substituted; --platform ignored; an earlier build stage
        (D + "node@20.11-alpine", B, True, None),
        # ${PYTHON_VERSION}-slim-${DISTRO}: the builder stage
        (D + "python@3.12-slim-bookworm", B, True, None),
        (D + "ghcr.io/astral-sh/uv@0.4.18", B, True, None),  # COPY --from=image in a build stage
        (D + "mcr.microsoft.com/playwright@v1.45.0-jammy", B, True, None),  # RUN --mount from=
        # the final stage, lower-case `from`, ${V:-default} with V set, a digest beside the tag
        (D + f"python@3.12-slim-bookworm?digest={DIGEST}", R, True, None),
        (D + "busybox@1.36-musl", R, True, None),  # copied into the final image
    }
    # FROM builder is a stage; `FROM evil:latest` sits in a heredoc; ${REGISTRY} has no default
    assert {d.line for d in deps} == {8, 16, 19, 31, 36, 39}


def test_final_stage_built_on_a_stage_makes_its_root_image_runtime() -> None:
    deps = parse_dockerfile("x.Dockerfile", fixture("docker", "distroless.Dockerfile"), CTX)
    assert rows(deps) == {
        (D + "golang@1.22", B, True, None),
        # FROM release → release's base is what runs; the backtick escape directive is honoured
        (D + "gcr.io/distroless/static-debian12@nonroot", R, True, None),
    }
    deps = parse_dockerfile("Containerfile", fixture("docker", "Containerfile"), CTX)
    assert rows(deps) == {(D + "alpine", R, True, None)}  # scratch skipped; docker.io/library/


def test_same_image_in_build_and_runtime_counts_once_as_runtime() -> None:
    data = b"FROM node:20 AS build\nRUN npm ci\nFROM node:20\nCOPY --from=build /a /a\n"
    assert rows(parse_dockerfile("Dockerfile", data, CTX)) == {(D + "node@20", R, True, None)}


def test_unresolved_tag_keeps_the_image() -> None:
    data = b"ARG TAG\nFROM python:${TAG}-slim\n"
    [dep] = parse_dockerfile("Dockerfile", data, CTX)
    assert (dep.purl, dep.version, dep.constraint) == (D + "python", None, "${TAG}-slim")


def test_image_references() -> None:
    assert parse_image("docker.io/library/redis:7") == parse_image("redis:7")
    assert parse_image("index.docker.io/bitnami/redis").name == "bitnami/redis"  # type: ignore[union-attr]
    ref = parse_image("localhost:5000/team/app:1.0")
    assert ref is not None and (ref.name, ref.tag) == ("localhost:5000/team/app", "1.0")
    for bad in ("", "Python:3", "a b", "x@sha256:short", "scratch", "${REG}/app:1", "-x"):
        assert parse_image(bad) is None, bad
    assert substitute("${A:-x}-${B:+y}-${C-z}-$D", {"B": "1", "D": "d"}) == "x-y-z-d"
    assert substitute("${UNSET}", {}) == "${UNSET}"


def test_torture_is_fast() -> None:
    long_continuation = b"FROM alpine:3.19\nRUN " + b"echo a \\\n" * 100_000 + b"done\n"
    assert timed(lambda: parse_dockerfile("Dockerfile", long_continuation, CTX)) < 2
    unterminated = b"FROM alpine:3.19\nRUN <<EOF\n" + b"FROM x:1\n" * 100_000
    assert timed(lambda: parse_dockerfile("Dockerfile", unterminated, CTX)) < 2
    many = b"".join(b"FROM img%d:1 AS s%d\n" % (i, i) for i in range(20_000))
    assert timed(lambda: parse_dockerfile("Dockerfile", many, CTX)) < 3


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_dockerfile, "Dockerfile", data)


TOKENS = (b"FROM ", b" AS ", b"\\\n", b"ARG X=", b"${X}", b"<<EOF\n", b"--from=", b"@sha256:")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(fixture("docker", "Dockerfile"), TOKENS))
def test_mutated_fixture(data: bytes) -> None:
    list_or_manifest_error(parse_dockerfile, "Dockerfile", data)
