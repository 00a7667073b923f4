"""platform-infra: Terraform, Helm and Kubernetes for every service (Apache-2.0).

Planted: ``required_providers`` with hashicorp/aws (4.x, moved to 5.x in 2026); a Helm chart;
Kubernetes manifests with a symlinked staging overlay; docker-compose with postgres:11,
redis:6 and Kafka; GitLab CI; an executable script; a merged feature branch; unpinned
``scripts/requirements.txt`` (requests>=2.18: "may be affected"); CODEOWNERS with owners per path.
Chloé takes on Kubernetes from August 2026 (three manifest commits: she becomes its one active
expert in the last quarter) and starts on Kafka in October (a learner, mentored by Dmitri).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lodestar.demo.cast import ACTIONS, AMARA, CHLOE, LUKAS
from lodestar.demo.content import ci, infra, owners
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Files, Story
from lodestar.demo.units import Module

README = """# platform-infra

Infrastructure of Northwind Labs: AWS (Terraform), Kubernetes (Kustomize and Helm), and the
local development stack (`docker compose up`).

| path | what |
|---|---|
| `terraform/` | AWS accounts, RDS, SQS |
| `charts/` | Helm charts of the services deployed with Helm |
| `k8s/` | Kustomize bases and overlays |
| `docker-compose.yml` | local PostgreSQL, Redis and Kafka |

Changes are planned in CI and applied by hand (`apply` is a manual job).
"""

# Unpinned, no lock file: Lodestar can only say the range admits vulnerable versions.
SCRIPTS = {
    "scripts/requirements.txt": (
        "# scripts/drift_report.py: Terraform state against the AWS accounts\n"
        "requests>=2.18\nPyYAML>=5.4\n"
    )
}


def history() -> list[Commit]:
    s = Story("platform-infra")
    code = Module(
        "terraform/queues.tf",
        infra.queues_tf,
        list(infra.QUEUES),
        feature="Add the {title} queue",
        fixes=(
            "Raise the visibility timeout of {title}",
            "Lower the visibility timeout of {title}",
            "Tune {title} for the new consumer",
        ),
    )

    def start() -> Files:
        stages = {
            "validate": [
                "terraform -chdir=terraform fmt -check",
                "terraform -chdir=terraform validate",
            ],
            "plan": ["scripts/plan.sh production"],
            "apply": ["terraform -chdir=terraform apply production.plan"],
        }
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            ".gitignore": ".terraform/\n*.tfstate*\n*.plan\n",
            "docker-compose.yml": infra.COMPOSE,
            "scripts/plan.sh": infra.PLAN_SH,
            ".gitlab-ci.yml": ci.gitlab_ci("hashicorp/terraform:1.5", stages),
            code.path: code.content(),
            **infra.terraform("4.67.0"),
            **infra.helm_chart("1.0.0"),
            **infra.kubernetes(),
        }

    s.plan(
        AMARA,
        (2024, 11, 4, 8, 45),
        "Import infrastructure code",
        compute=start,
        executable=["scripts/plan.sh"],
        symlinks={"k8s/overlays/staging/common.yaml": "../production/common.yaml"},
    )
    cast = [(AMARA, 4), (CHLOE, 4), (LUKAS, 1)]
    s.spread(date(2024, 11, 6), date(2026, 10, 28), 24, cast, s.routine(code, scope="infra"))
    for version, when in [
        ("1.2.0", (2025, 6, 17, 9)),
        ("1.3.1", (2025, 11, 7, 9)),
        ("1.5.0", (2026, 8, 25, 9)),
    ]:
        s.plan(
            ACTIONS,
            (*when, 0),
            f"chore(helm): bump orders-api appVersion to {version}",
            compute=_helm(version),
        )
    branch = "chore/aws-provider-5"
    s.plan(
        CHLOE,
        (2026, 2, 17, 10),
        "Upgrade the AWS provider to 5.x",
        infra.terraform("5.31.0"),
        branch=branch,
    )
    s.plan(
        CHLOE,
        (2026, 2, 18, 15),
        "Replace deprecated aws_s3_bucket arguments",
        {
            "terraform/README.md": "Provider 5.x: bucket ACLs and versioning are separate "
            "resources now.\n"
        },
        branch=branch,
    )
    s.plan(AMARA, (2026, 2, 23, 11), "Merge branch 'chore/aws-provider-5'", merge=branch)
    s.plan(CHLOE, (2025, 9, 15, 14, 20), "Add the drift report's requirements", SCRIPTS)
    _platform_quarters(s)
    owners.declare(s, "platform-infra")
    return s.play()


_DEPLOYMENT = "k8s/base/inventory-deployment.yaml"
_PRODUCTION = "k8s/overlays/production/common.yaml"
_RESOURCES = (
    "          resources:\n"
    "            requests: { cpu: 250m, memory: 256Mi }\n"
    "            limits: { memory: 512Mi }\n"
)
_PROBE = (
    "          readinessProbe:\n"
    "            httpGet: { path: /healthz, port: 8081 }\n"
    "            periodSeconds: 10\n"
)
_RETENTION = "      KAFKA_LOG_RETENTION_HOURS: 168\n"


def _append(s: Story, path: str, text: str, after: str | None = None) -> Callable[[], Files]:
    def files() -> Files:
        old = s.text(path)
        return {path: old.replace(after, after + text, 1) if after else old + text}

    return files


def _platform_quarters(s: Story) -> None:
    """Chloé's last two quarters: Kubernetes (Q3 and Q4 2026), then Kafka (Q4)."""
    s.plan(
        CHLOE,
        (2026, 8, 19, 10, 30),
        "Give inventory-service CPU and memory requests",
        compute=_append(s, _DEPLOYMENT, _RESOURCES),
    )
    s.plan(
        CHLOE,
        (2026, 10, 7, 14),
        "Add a readiness probe to inventory-service",
        compute=_append(s, _DEPLOYMENT, _PROBE),
    )
    s.plan(
        CHLOE,
        (2026, 10, 13, 11, 20),
        "Keep order events for seven days in the local Kafka",
        compute=_append(s, "docker-compose.yml", _RETENTION, "REPLICATION_FACTOR: 1\n"),
    )
    s.plan(
        CHLOE,
        (2026, 10, 21, 16, 10),
        "Scale inventory-service to six replicas in production",
        compute=lambda: {_PRODUCTION: s.text(_PRODUCTION).replace("replicas: 4", "replicas: 6")},
    )


def _helm(version: str) -> Callable[[], Files]:
    def files() -> Files:
        return dict(infra.helm_chart(version))

    return files


BLUEPRINT = Blueprint("platform-infra", history, "Terraform/Helm/Kubernetes/compose, Apache-2.0")
