"""Docker Compose files, and the hostile-input-proof YAML reader the delivery parsers share."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    context,
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.safeparse import DELIVERY_YAML, load_yaml
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.docker.compose import parse_compose, read_env_file

R, T, DEV = Scope.RUNTIME, Scope.TEST, Scope.DEV
D = "pkg:docker/"
CTX = context("compose")
REDIS_DIGEST = "sha256:c5a607fb6e1bb15d32bbcf14db22787d19e428d59e31a5da67511b49bb0f1ccc"


def test_registered_names() -> None:
    for path in ("docker-compose.yml", "deploy/compose.yaml", "docker-compose.override.yml",
                 "compose.prod.yaml", "docker-compose-ci.yaml"):  # fmt: skip
        assert "docker-compose" in [p.name for p in parsers_for(path)], path


def test_compose_golden() -> None:
    deps = parse_compose("docker-compose.yml", fixture("compose", "docker-compose.yml"), CTX)
    assert rows(deps) == {
        # from the x-service anchor through a merge key; BASE_TAG from .env beats the default
        (D + "ghcr.io/acme/base-service@2024.06", R, True, None),
        (D + "postgres@16.2", R, True, None),  # ${POSTGRES_VERSION} from .env
        (D + f"redis@7.2.4-alpine?digest={REDIS_DIGEST}", R, True, None),
        (D + "docker.elastic.co/elasticsearch/elasticsearch@8.13.0", R, True, None),
        (D + "mailhog/mailhog", R, True, None),  # no tag: latest, no version
    }
    # `api` builds its image (build: + image:), `proxy` is ${PROXY_IMAGE} with nothing to fill it
    assert {d.name: d.line for d in deps}["postgres"] == 27


def test_scope_from_the_file_name() -> None:
    deps = parse_compose(
        "docker-compose.test.yml", fixture("compose", "docker-compose.test.yml"), CTX
    )
    assert rows(deps) == {
        (D + "postgres@16.2", T, True, None),
        (D + "selenium/standalone-chrome@124.0", T, True, None),
    }
    override = parse_compose(
        "docker-compose.override.yml", b"services:\n  a:\n    image: x:1\n", CTX
    )
    assert [d.scope for d in override] == [DEV]


def test_env_file() -> None:
    env = read_env_file(b"# c\nA=1\nexport B='two words'\nC=3 # trailing\nnot a pair\n")
    assert env == {"A": "1", "B": "two words", "C": "3"}


BILLION_LAUGHS = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""
MERGE_BOMB = b"a: &a {x: 1, y: 2}\n" + b"".join(
    b"k%d: &k%d {<<: [%s]}\n" % (i + 1, i + 1, b", ".join([b"*k%d" % i if i else b"*a"] * 9))
    for i in range(8)
)


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        MERGE_BOMB,
        b"services: " + b"[" * 100_000,  # would crash PyYAML's C composer
        b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 300)),
        b"services:\n  a:\n    image: *missing\n",
        b"services: {a: [}\n",
        b"\xff\xfe\xfa",
    ],
)
def test_hostile_yaml_is_refused_quickly(data: bytes) -> None:
    assert refused_in(parse_compose, "compose.yaml", data) < 1


def test_unsafe_tags_and_giant_numbers_are_inert() -> None:
    data = (
        b"services:\n  a: !!python/object/apply:os.system {image: 'x:1'}\n  b: {image: 1"
        + b"9" * 10_000
        + b"}\n"
    )
    assert [d.name for d in parse_compose("compose.yaml", data, CTX)] == ["x"]
    with pytest.raises(ManifestError):
        load_yaml("x.yaml", b"a: [", DELIVERY_YAML)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_compose, "docker-compose.yml", data)


TOKENS = (b"services:", b"\n  ", b"image: ", b"&a ", b"*a", b"<<: ", b"${X:-1}", b"[", b"{")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(fixture("compose", "docker-compose.yml"), TOKENS))
def test_mutated_fixture(data: bytes) -> None:
    list_or_manifest_error(parse_compose, "docker-compose.yml", data, CTX)
