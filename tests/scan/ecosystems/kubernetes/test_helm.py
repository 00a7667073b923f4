"""Helm: Chart.yaml/requirements.yaml subcharts, Chart.lock, and images in values files."""

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
)

from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.kubernetes.helm import parse_chart, parse_chart_lock, parse_values

R = Scope.RUNTIME
H, D = "pkg:helm/", "pkg:docker/"
CTX = context("helm")
BITNAMI = "?repository_url=https://charts.bitnami.com/bitnami"
BITNAMI_OCI = "?repository_url=oci://registry-1.docker.io/bitnamicharts"
ENVOY = "sha256:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"


def test_registered_names() -> None:
    names = {p.name for p in parsers_for("charts/orders/Chart.yaml")}
    assert "helm-chart" in names
    assert [(p.name, p.lock) for p in parsers_for("charts/orders/Chart.lock")] == [
        ("helm-chart-lock", True)
    ]
    assert "helm-values" in {p.name for p in parsers_for("charts/orders/values-prod.yaml")}


def test_chart_dependencies() -> None:
    deps = parse_chart("orders/Chart.yaml", fixture("helm", "orders/Chart.yaml"), CTX)
    assert rows(deps) == {
        (H + "postgresql@13.2.24" + BITNAMI, R, True, "13.2.24"),  # a plain semver is exact
        (H + "redis" + BITNAMI_OCI, R, True, "~18.6.1"),
        (H + "common", R, True, "2.x.x"),  # a repository alias: no URL to qualify with
    }  # file://../orders-lib lives in the repository: skipped


def test_chart_lock() -> None:
    deps = parse_chart_lock("orders/Chart.lock", fixture("helm", "orders/Chart.lock"), CTX)
    assert rows(deps) == {
        (H + "postgresql@13.2.24" + BITNAMI, R, True, None),
        (H + "redis@18.6.4" + BITNAMI_OCI, R, True, None),
        (H + "common@2.14.1" + BITNAMI, R, True, None),
    }


def test_values_images() -> None:
    deps = parse_values("orders/values.yaml", fixture("helm", "orders/values.yaml"), CTX)
    assert rows(deps) == {
        (D + "ghcr.io/acme/orders-api@1.14.2", R, True, None),  # tag "" → Chart appVersion
        (D + "ghcr.io/acme/orders-migrations@1.14.2", R, True, None),  # registry + repository
        (D + "prom/statsd-exporter@v0.26.0", R, True, None),  # a string under *Image
        (D + f"envoyproxy/envoy@v1.29.2?digest={ENVOY}", R, True, None),  # inside a list
        (D + "bitnami/postgresql@16.1.0-debian-11-r20", R, True, None),  # docker.io normalised
    }
    alone = parse_values("values.yaml", fixture("helm", "orders/values.yaml"), ManifestContext())
    assert (D + "ghcr.io/acme/orders-api", R, True, None) in rows(alone)  # no Chart.yaml: no tag


def test_malformed_charts() -> None:
    assert refused_in(parse_chart, "Chart.yaml", b"dependencies: {a: 1}\n") < 0.1
    assert refused_in(parse_chart, "Chart.yaml", b"dependencies: [\n") < 0.1
    assert parse_chart("Chart.yaml", b"apiVersion: v2\nname: x\n", CTX) == []
    assert parse_chart("Chart.yaml", b"", CTX) == []


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_chart, "Chart.yaml", data)
    list_or_manifest_error(parse_chart_lock, "Chart.lock", data)
    list_or_manifest_error(parse_values, "orders/values.yaml", data, CTX)


TOKENS = (b"- name: ", b"version: ", b"repository: ", b"image:", b"tag: ", b"&a ", b"*a")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(fixture("helm", "orders/Chart.yaml"), TOKENS),
    mutated(fixture("helm", "orders/values.yaml"), TOKENS),
)
def test_mutated_fixtures(chart: bytes, values: bytes) -> None:
    list_or_manifest_error(parse_chart, "orders/Chart.yaml", chart)
    list_or_manifest_error(parse_values, "orders/values.yaml", values, CTX)
