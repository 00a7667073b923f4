"""GitHub Actions workflows and actions, and GitLab CI files."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    fixture,
    list_or_manifest_error,
    mutated,
    rows,
)

from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.ci.github import parse_action, parse_workflow, uses_dependency
from lodestar.scan.ecosystems.ci.gitlab import parse_gitlab_ci

B = Scope.BUILD
GH, D = "pkg:github/", "pkg:docker/"
CTX = ManifestContext()
WORKFLOW = ".github/workflows/ci.yml"
CHECKOUT_SHA = "b4ffde65f46336ab88eb53be808477a3936bae11"


def test_registered_names() -> None:
    names = {p.name for p in parsers_for(WORKFLOW)}
    assert {"github-actions-workflow", "gitlab-ci", "kubernetes"} <= names
    assert "github-action" in {p.name for p in parsers_for("tools/setup/action.yml")}
    assert "gitlab-ci" in {p.name for p in parsers_for(".gitlab-ci.yml")}


def test_workflow_golden() -> None:
    deps = parse_workflow(WORKFLOW, fixture("ci", WORKFLOW), CTX)
    assert rows(deps) == {
        (D + "python@3.12-slim", B, True, None),  # container: {image: …}
        (D + "postgres@16", B, True, None),  # services.postgres.image
        (D + "redis@7", B, True, None),  # services.redis as a plain string
        (GH + f"actions/checkout@{CHECKOUT_SHA}", B, True, None),  # pinned by commit
        (GH + "actions/setup-python@v5", B, True, None),
        (D + "ghcr.io/astral-sh/ruff@0.4.4", B, True, None),  # uses: docker://…
        (GH + "github/codeql-action@v3#init", B, True, None),  # owner/repo/path@ref
        (GH + "acme/shared-workflows@v2#.github/workflows/release.yml", B, True, None),
        (GH + "aquasecurity/trivy-action@0.20.0", B, True, None),
        (GH + "actions/checkout@v4", B, True, None),
    }  # ./.github/actions/setup is local; ${{ matrix.* }} values only a run resolves
    assert {d.purl: d.line for d in deps}[GH + "actions/setup-python@v5"] == 26


def test_workflow_parser_reads_only_the_workflows_folder() -> None:
    data = fixture("ci", WORKFLOW)
    assert parse_workflow("docs/examples/ci.yml", data, CTX) == []
    assert parse_workflow("deploy/app.yaml", b"{not: [yaml", CTX) == []


def test_composite_and_docker_actions() -> None:
    path = ".github/actions/setup/action.yml"
    assert rows(parse_action(path, fixture("ci", path), CTX)) == {
        (GH + "actions/setup-node@v4", B, True, None),
        (GH + "pnpm/action-setup@v3.0.0", B, True, None),
    }
    docker_action = b"runs:\n  using: docker\n  image: docker://alpine:3.19\n"
    assert rows(parse_action("action.yml", docker_action, CTX)) == {
        (D + "alpine@3.19", B, True, None)
    }
    local = b"runs:\n  using: docker\n  image: Dockerfile\n"
    assert parse_action("action.yml", local, CTX) == []


def test_uses_values() -> None:
    assert uses_dependency("./local", manifest="w", line=1) is None
    assert uses_dependency("owner/repo", manifest="w", line=1) is None  # no ref: invalid
    dep = uses_dependency("Owner/Repo@v1", manifest="w", line=1)
    assert dep is not None and dep.purl == GH + "owner/repo@v1"


def test_gitlab_ci_golden() -> None:
    deps = parse_gitlab_ci(".gitlab-ci.yml", fixture("ci", ".gitlab-ci.yml"), CTX)
    assert rows(deps) == {
        (D + "python@3.12", B, True, None),  # default: image: $PYTHON_IMAGE
        (D + "postgres@16.2", B, True, None),  # default services {name:, alias:}
        (D + "node@20.11-alpine", B, True, None),  # hidden .node job, merged into lint
        (D + "redis@7.2", B, True, None),
        (D + "docker@26.1", B, True, None),  # image {name: docker:${DOCKER_VERSION}}, {value:}
        (D + "docker@26.1-dind", B, True, None),
        (D + "bitnami/kubectl@1.29", B, True, None),  # a job-level variable
    }  # $CI_REGISTRY_IMAGE/… is predefined by GitLab: unknown here, skipped


def test_gitlab_parser_reads_only_gitlab_paths() -> None:
    data = b"image: ruby:3.3\n"
    assert parse_gitlab_ci("config/app.yml", data, CTX) == []
    for path in (".gitlab/ci/build.yml", "templates/deploy.gitlab-ci.yml", ".gitlab-ci.yml"):
        assert [d.name for d in parse_gitlab_ci(path, data, CTX)] == ["ruby"], path


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_workflow, WORKFLOW, data)
    list_or_manifest_error(parse_action, "action.yml", data)
    list_or_manifest_error(parse_gitlab_ci, ".gitlab-ci.yml", data)


TOKENS = (b"uses: ", b"@v1", b"image: ", b"services:", b"- ", b"&a ", b"*a", b"!reference ")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(fixture("ci", WORKFLOW), TOKENS),
    mutated(fixture("ci", ".gitlab-ci.yml"), TOKENS),
)
def test_mutated_fixtures(workflow: bytes, gitlab: bytes) -> None:
    list_or_manifest_error(parse_workflow, WORKFLOW, workflow)
    list_or_manifest_error(parse_gitlab_ci, ".gitlab-ci.yml", gitlab)
