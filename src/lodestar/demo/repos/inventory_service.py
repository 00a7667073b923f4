"""inventory-service: the Go stock service (Apache-2.0).

Planted: go.mod with ``go 1.21`` (past end of life) and go.sum; a multi-stage Dockerfile
(golang:1.21 -> distroless); a vendored module under ``vendor/`` with its own BSD licence;
golang.org/x/crypto v0.15.0 (Terrapin, GO-2023-2402; the policy's VEX says not affected);
a generated ``*.pb.go``; SPDX headers; dependabot bumps of Go modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lodestar.demo.cast import AMARA, DEPENDABOT, DMITRI, LUKAS
from lodestar.demo.content import ci, golang, owners
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

README = """# inventory-service

Stock levels, reservations and movements for every Northwind warehouse.

    make build
    INVENTORY_DATABASE_URL=postgres://inventory@localhost/inventory ./inventory

Modules are vendored (`go mod vendor`); build with `-mod=vendor`.
"""


def history() -> list[Commit]:
    s = Story("inventory-service")
    upgrades = {
        "github.com/go-chi/chi/v5": ["v5.0.11", "v5.0.12", "v5.1.0"],
        "github.com/jackc/pgx/v5": ["v5.5.4", "v5.6.0"],
        "github.com/prometheus/client_golang": ["v1.19.0", "v1.20.5"],
        "google.golang.org/protobuf": ["v1.33.0", "v1.34.2"],
    }

    def manifests(direct: Mapping[str, str]) -> dict[str, str]:
        return {"go.mod": golang.go_mod("1.21", direct), "go.sum": golang.go_sum_for(direct)}

    deps = Deps(dict(golang.DIRECT), upgrades, manifests)
    code = Module(
        "internal/api/handlers.go",
        golang.handlers_go,
        list(golang.HANDLERS),
        feature="Add {title} handler",
    )

    def start() -> Files:
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            ".gitignore": "/inventory\n/dist/\n*.test\ncoverage.out\n",
            "Dockerfile": golang.DOCKERFILE,
            ".github/workflows/ci.yml": ci.github_workflow(
                "ci", "go", "1.21", ["go vet -mod=vendor ./...", "make test"]
            ),
            ".github/dependabot.yml": ci.dependabot_yml("gomod"),
            "internal/pb/inventory.pb.go": golang.inventory_pb_go(),
            code.path: code.content(),
            **golang.static_files(),
            **golang.vendored_uuid(golang.DIRECT["github.com/google/uuid"]),
            **deps.files(),
        }

    s.plan(LUKAS, (2024, 11, 7, 9, 30), "Initial commit", compute=start)
    cast = [(LUKAS, 6), (AMARA, 1), (DMITRI, 1)]
    s.spread(date(2024, 11, 12), date(2026, 10, 27), 24, cast, s.routine(code, scope="api"))
    s.releases(
        [
            ("0.9.0", LUKAS, (2025, 1, 28, 16)),
            ("1.0.0", LUKAS, (2025, 5, 6, 15)),
            ("1.1.0", LUKAS, (2025, 11, 25, 14)),
            ("1.2.0", LUKAS, (2026, 6, 30, 14)),
        ]
    )
    days = [
        date(2025, 2, 17),
        date(2025, 4, 28),
        date(2025, 8, 4),
        date(2025, 12, 8),
        date(2026, 2, 16),
        date(2026, 5, 18),
        date(2026, 8, 10),
    ]
    s.bumps(DEPENDABOT, deps, days)
    owners.declare(s, "inventory-service")
    return s.play()


BLUEPRINT = Blueprint("inventory-service", history, "Go 1.21, Apache-2.0, vendor/, *.pb.go")
