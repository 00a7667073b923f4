"""platform-infra: Terraform, a Helm chart, Kubernetes manifests and the local docker-compose."""

from __future__ import annotations

from collections.abc import Sequence

from lodestar.demo.content.lockfiles import terraform_lock
from lodestar.demo.units import Unit

__all__ = [
    "COMPOSE",
    "PLAN_SH",
    "QUEUES",
    "helm_chart",
    "kubernetes",
    "queues_tf",
    "terraform",
]

COMPOSE = """# Local development stack shared by every service.
services:
  postgres:
    image: postgres:11
    environment:
      POSTGRES_USER: northwind
      POSTGRES_PASSWORD: northwind
    ports: ["5432:5432"]
    volumes: [pgdata:/var/lib/postgresql/data]

  redis:
    image: redis:6
    ports: ["6379:6379"]

  zookeeper:
    image: confluentinc/cp-zookeeper:7.3.0
    environment:
      ZOOKEEPER_CLIENT_PORT: 2181

  kafka:
    image: confluentinc/cp-kafka:7.3.0
    depends_on: [zookeeper]
    ports: ["9092:9092"]
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1

volumes:
  pgdata:
"""

PLAN_SH = """#!/usr/bin/env bash
# Plan one environment: scripts/plan.sh production
set -euo pipefail
env="${1:?usage: plan.sh <environment>}"
cd "$(dirname "$0")/../terraform"
terraform init -input=false -backend-config="key=${env}.tfstate"
terraform plan -input=false -var-file="environments/${env}.tfvars" -out="${env}.plan"
"""


def terraform(aws: str) -> dict[str, str]:
    """The Terraform root module; ``aws`` is the provider version."""
    constraint = f"~> {aws.rsplit('.', 1)[0]}"
    return {
        "terraform/versions.tf": (
            "terraform {\n"
            '  required_version = ">= 1.5.0"\n\n'
            "  required_providers {\n"
            "    aws = {\n"
            '      source  = "hashicorp/aws"\n'
            f'      version = "{constraint}"\n'
            "    }\n"
            "    random = {\n"
            '      source  = "hashicorp/random"\n'
            '      version = "~> 3.5"\n'
            "    }\n"
            "  }\n\n"
            '  backend "s3" {\n'
            '    bucket = "northwind-terraform-state"\n'
            '    region = "eu-west-1"\n'
            "  }\n"
            "}\n"
        ),
        "terraform/.terraform.lock.hcl": terraform_lock(
            {"hashicorp/aws": (aws, constraint), "hashicorp/random": ("3.5.1", "~> 3.5")}
        ),
    }


STATIC_TERRAFORM = {
    "terraform/main.tf": (
        'provider "aws" {\n  region = var.region\n\n  default_tags {\n'
        '    tags = {\n      owner       = "platform"\n      environment = var.environment\n'
        "    }\n  }\n}\n\n"
        'module "orders_db" {\n'
        '  source         = "./modules/rds"\n'
        '  name           = "orders"\n'
        '  engine_version = "11.22"\n'
        '  instance_class = "db.t3.medium"\n'
        "}\n"
    ),
    "terraform/variables.tf": (
        'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n\n'
        'variable "environment" {\n  type = string\n}\n'
    ),
    "terraform/environments/production.tfvars": 'environment = "production"\n',
    "terraform/environments/staging.tfvars": 'environment = "staging"\n',
    "terraform/modules/rds/main.tf": (
        'variable "name" { type = string }\n'
        'variable "engine_version" { type = string }\n'
        'variable "instance_class" { type = string }\n\n'
        'resource "random_password" "master" {\n  length  = 32\n  special = false\n}\n\n'
        'resource "aws_db_instance" "this" {\n'
        "  identifier              = var.name\n"
        '  engine                  = "postgres"\n'
        "  engine_version          = var.engine_version\n"
        "  instance_class          = var.instance_class\n"
        "  allocated_storage       = 100\n"
        "  username                = var.name\n"
        "  password                = random_password.master.result\n"
        "  backup_retention_period = 14\n"
        "  deletion_protection     = true\n"
        "}\n"
    ),
}

QUEUES = [
    "order_events",
    "payment_webhooks",
    "stock_movements",
    "shipping_labels",
    "invoice_exports",
    "email_notifications",
    "price_updates",
    "partner_reports",
    "search_reindex",
    "fraud_checks",
    "returns_intake",
    "loyalty_points",
]


def _queue(unit: Unit) -> str:
    name = unit.name.replace("_", "-")
    return (
        f'\nresource "aws_sqs_queue" "{unit.name}" {{\n'
        f'  name                       = "${{var.environment}}-{name}"\n'
        f"  visibility_timeout_seconds = {unit.limit * 6}\n"
        "  message_retention_seconds  = 1209600\n"
        "  redrive_policy = jsonencode({\n"
        f"    deadLetterTargetArn = aws_sqs_queue.{unit.name}_dlq.arn\n"
        "    maxReceiveCount     = 5\n"
        "  })\n}\n\n"
        f'resource "aws_sqs_queue" "{unit.name}_dlq" {{\n'
        f'  name = "${{var.environment}}-{name}-dlq"\n}}\n'
    )


def queues_tf(units: Sequence[Unit]) -> str:
    """terraform/queues.tf, one queue and dead-letter queue per unit (the hotspot)."""
    return "# Queues between services. One dead-letter queue each.\n" + "".join(
        _queue(u) for u in units
    )


def helm_chart(app_version: str) -> dict[str, str]:
    root = "charts/orders-api"
    return {
        f"{root}/Chart.yaml": (
            "apiVersion: v2\nname: orders-api\ndescription: Northwind orders API\n"
            f'type: application\nversion: 0.4.0\nappVersion: "{app_version}"\n'
        ),
        f"{root}/values.yaml": (
            "replicaCount: 3\n"
            "image:\n  repository: registry.northwind-labs.example/orders-api\n"
            '  tag: ""\n  pullPolicy: IfNotPresent\n'
            "resources:\n  requests:\n    cpu: 250m\n    memory: 256Mi\n"
            "  limits:\n    memory: 512Mi\n"
            'env:\n  ORDERS_POOL_SIZE: "5"\n'
        ),
        f"{root}/templates/deployment.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\n"
            "metadata:\n  name: {{ .Release.Name }}\n"
            "spec:\n  replicas: {{ .Values.replicaCount }}\n"
            "  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n"
            "  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n"
            "    spec:\n      containers:\n        - name: orders-api\n"
            '          image: "{{ .Values.image.repository }}:'
            '{{ .Values.image.tag | default .Chart.AppVersion }}"\n'
            "          ports:\n            - containerPort: 8080\n"
            "          readinessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n"
            "          resources: {{- toYaml .Values.resources | nindent 12 }}\n"
        ),
        f"{root}/templates/service.yaml": (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n"
            "spec:\n  selector:\n    app: {{ .Release.Name }}\n"
            "  ports:\n    - port: 80\n      targetPort: 8080\n"
        ),
    }


def kubernetes() -> dict[str, str]:
    return {
        "k8s/base/namespace.yaml": (
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: northwind\n"
        ),
        "k8s/base/inventory-deployment.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\n"
            "metadata:\n  name: inventory-service\n  namespace: northwind\n"
            "spec:\n  replicas: 2\n"
            "  selector:\n    matchLabels: { app: inventory-service }\n"
            "  template:\n    metadata:\n      labels: { app: inventory-service }\n"
            "    spec:\n      containers:\n        - name: inventory\n"
            "          image: registry.northwind-labs.example/inventory-service:1.1.0\n"
            "          ports: [{ containerPort: 8081 }]\n"
        ),
        "k8s/base/ledger-cronjob.yaml": (
            "apiVersion: batch/v1\nkind: CronJob\n"
            "metadata:\n  name: ledger-month-end\n  namespace: northwind\n"
            'spec:\n  schedule: "0 2 1 * *"\n  jobTemplate:\n    spec:\n      template:\n'
            "        spec:\n          restartPolicy: OnFailure\n          containers:\n"
            "            - name: month-end\n"
            "              image: registry.northwind-labs.example/ledger-service:1.1.0\n"
            '              args: ["--job=month-end-accruals"]\n'
        ),
        "k8s/base/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - namespace.yaml\n  - inventory-deployment.yaml\n"
            "  - ledger-cronjob.yaml\n"
        ),
        "k8s/overlays/production/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - ../../base\npatches:\n  - path: common.yaml\n"
        ),
        "k8s/overlays/production/common.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inventory-service\n"
            "  namespace: northwind\nspec:\n  replicas: 4\n"
        ),
        "k8s/overlays/staging/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - ../../base\npatches:\n  - path: common.yaml\n"
        ),
        **STATIC_TERRAFORM,
    }
