"""Kubernetes manifests and Helm charts."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "helm-chart",
        "helm",
        ("Chart.yaml", "Chart.yml", "requirements.yaml", "requirements.yml"),
        deferred(__name__, "helm.parse_chart"),
    ),
    # Chart.lock, not requirements.lock: Rye writes pip-style files by that name
    ManifestParser(
        "helm-chart-lock",
        "helm",
        ("Chart.lock",),
        deferred(__name__, "helm.parse_chart_lock"),
        lock=True,
    ),
    ManifestParser(
        "helm-values",
        "docker",
        ("values.yaml", "values.yml", "values-*.yaml", "values.*.yaml", "values-*.yml"),
        deferred(__name__, "helm.parse_values"),
    ),
    ManifestParser(
        "kubernetes",
        "docker",
        ("*.yaml", "*.yml"),
        deferred(__name__, "manifests.parse_kubernetes"),
    ),
)
