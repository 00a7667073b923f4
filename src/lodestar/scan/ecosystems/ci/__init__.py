"""Continuous-integration pipelines: GitHub Actions workflows and actions, GitLab CI."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "github-actions-workflow",
        "github",
        ("*.yml", "*.yaml"),
        deferred(__name__, "github.parse_workflow"),
    ),
    ManifestParser(
        "github-action",
        "github",
        ("action.yml", "action.yaml"),
        deferred(__name__, "github.parse_action"),
    ),
    ManifestParser(
        "gitlab-ci", "docker", ("*.yml", "*.yaml"), deferred(__name__, "gitlab.parse_gitlab_ci")
    ),
)
