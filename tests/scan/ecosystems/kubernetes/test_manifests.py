"""Kubernetes manifests and Kustomize image overrides among arbitrary YAML files."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
)

from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.kubernetes.manifests import looks_like_kubernetes, parse_kubernetes

R = Scope.RUNTIME
D = "pkg:docker/"
CTX = ManifestContext()
AWS_CLI = "sha256:9a7f1e5ed3a3d3cd1e8ad2bc7a2bdc15f78f31ebc9ed3b6d3a3b3ee0c2a6c8d1"


def test_offered_every_yaml_file() -> None:
    assert "kubernetes" in [p.name for p in parsers_for("deploy/prod/api.yaml")]
    assert "kubernetes" in [p.name for p in parsers_for("k8s/job.yml")]


def test_multi_document_golden() -> None:
    deps = parse_kubernetes("k8s/deployment.yaml", fixture("k8s", "deployment.yaml"), CTX)
    assert rows(deps) == {
        (D + "ghcr.io/acme/orders-migrations@1.14.2", R, True, None),  # initContainers
        (D + "ghcr.io/acme/orders-api@1.14.2", R, True, None),  # Deployment and CronJob: once
        (D + "envoyproxy/envoy@v1.29.2", R, True, None),
        (D + f"amazon/aws-cli@{AWS_CLI}", R, True, None),  # CronJob jobTemplate, digest only
        (D + "busybox", R, True, None),  # a Pod inside a List
        (D + "nicolaka/netshoot@v0.12", R, True, None),  # ephemeralContainers
    }
    assert {d.name: d.line for d in deps}["ghcr.io/acme/orders-api"] == 24


def test_kustomization_images() -> None:
    deps = parse_kubernetes("k8s/kustomization.yaml", fixture("k8s", "kustomization.yaml"), CTX)
    assert rows(deps) == {(D + "ghcr.io/acme/orders-api@1.15.0", R, True, None)}


def test_other_yaml_is_declined_without_parsing() -> None:
    assert parse_kubernetes("k8s/config.yaml", fixture("k8s", "config.yaml"), CTX) == []
    template = fixture("helm", "orders/templates/deployment.yaml")
    assert parse_kubernetes("helm/orders/templates/deployment.yaml", template, CTX) == []
    broken = b"apiVersion: v1\nkind: Pod\nspec: {containers: [{image: x:1}\n"
    for path in (".github/workflows/ci.yml", "charts/x/values.yaml", "docker-compose.yml",
                 ".gitlab-ci.yml", "pnpm-lock.yaml", "mkdocs.yml"):  # fmt: skip
        assert not looks_like_kubernetes(path, broken)
        assert parse_kubernetes(path, broken, CTX) == []
    assert refused_in(parse_kubernetes, "deploy/pod.yaml", broken) < 0.1
    # a large non-Kubernetes YAML file costs three regex searches, not a parse
    big = b"items:\n" + b"  - name: thing\n    image: x\n" * 200_000
    assert timed(lambda: parse_kubernetes("data/big.yaml", big, CTX)) < 0.5


def test_custom_resources_embedding_pod_specs() -> None:
    rollout = b"""apiVersion: argoproj.io/v1alpha1
kind: Rollout
spec:
  template:
    spec:
      containers:
        - name: app
          image: "ghcr.io/acme/app:2.0.0"
        - name: templated
          image: "${IMAGE}"
"""
    assert rows(parse_kubernetes("rollout.yaml", rollout, CTX)) == {
        (D + "ghcr.io/acme/app@2.0.0", R, True, None)
    }


def test_hostile_yaml() -> None:
    head = b"apiVersion: v1\nkind: Pod\nimage: x\n"
    bomb = (
        head
        + b"a: &a ["
        + b",".join([b"x"] * 10)
        + b"]\n"
        + b"".join(
            b"b%d: &b%d [%s]\n" % (i, i, b",".join([b"*a" if i == 0 else b"*b%d" % (i - 1)] * 10))
            for i in range(8)
        )
    )
    assert refused_in(parse_kubernetes, "pod.yaml", bomb) < 1
    assert refused_in(parse_kubernetes, "pod.yaml", head + b"x: " + b"{a: " * 50_000) < 1


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_kubernetes, "deploy/app.yaml", data)
    list_or_manifest_error(parse_kubernetes, "kustomization.yaml", data)


TOKENS = (b"---\n", b"containers:", b"- image: ", b"&x ", b"*x", b"{", b"kind: Pod\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(fixture("k8s", "deployment.yaml"), TOKENS))
def test_mutated_fixture(data: bytes) -> None:
    list_or_manifest_error(parse_kubernetes, "k8s/deployment.yaml", data)
