"""shipping-service: the Kotlin/Ktor carrier integration (Apache-2.0).

Planted: Gradle Kotlin DSL with a version catalog (``gradle/libs.versions.toml``); an
executable ``gradlew``; renovate bumping the catalog; SPDX headers; a MongoDB container added in
March 2026 for a rate-card spike, after the radar put MongoDB on Hold (a new adoption).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lodestar.demo.cast import LUKAS, RENOVATE, SOFIA
from lodestar.demo.content import ci, kotlin, owners
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

README = """# shipping-service

Carrier integrations (rates, labels, pickups, tracking) for Northwind parcels.

    ./gradlew run
"""

COMPOSE = """# Local services for development: ./gradlew run talks to them.
services:
  ratecards:
    image: mongo:7.0
    ports:
      - "27017:27017"
    volumes:
      - ratecards:/data/db
volumes:
  ratecards: {}
"""

VERSIONS = {
    "kotlin": "1.9.20",
    "ktor": "2.3.6",
    "exposed": "0.44.1",
    "postgresql": "42.6.0",
    "logback": "1.4.11",
    "kotest": "5.8.0",
}


def history() -> list[Commit]:
    s = Story("shipping-service", conventional=True)
    version = {"project": "0.3.0"}

    def manifests(deps: Mapping[str, str]) -> dict[str, str]:
        return {
            "gradle/libs.versions.toml": kotlin.libs_versions_toml(deps),
            "build.gradle.kts": kotlin.build_gradle_kts(version["project"]),
        }

    upgrades = {
        "kotlin": ["1.9.22", "2.0.21"],
        "ktor": ["2.3.9", "2.3.12"],
        "exposed": ["0.50.1"],
        "logback": ["1.5.6"],
    }
    deps = Deps(dict(VERSIONS), upgrades, manifests)
    code = Module(
        "src/main/kotlin/com/northwindlabs/shipping/Routes.kt",
        kotlin.shipping_routes,
        list(kotlin.KOTLIN_ROUTES),
        feature="Add {title} route",
    )

    def start() -> Files:
        steps = ["./gradlew --no-daemon check"]
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            ".gitignore": ".gradle/\nbuild/\n.idea/\n",
            "gradlew": kotlin.GRADLEW,
            "renovate.json": ci.renovate_json(),
            ".github/workflows/ci.yml": ci.github_workflow(
                "ci", "java", "17", steps, cache="gradle"
            ),
            code.path: code.content(),
            **kotlin.shipping_files(),
            **deps.files(),
        }

    def release(v: str) -> Files:
        version["project"] = v
        return dict(deps.files())

    s.plan(
        SOFIA,
        (2024, 12, 2, 14),
        "chore: initial Ktor skeleton",
        compute=start,
        executable=["gradlew"],
    )
    cast = [(SOFIA, 3), (LUKAS, 2)]
    s.spread(date(2024, 12, 5), date(2026, 9, 30), 16, cast, s.routine(code, scope="shipping"))
    s.plan(
        LUKAS,
        (2026, 3, 10, 16, 40),
        "spike: keep carrier rate cards in a local MongoDB",
        {"docker-compose.yml": COMPOSE},
    )
    s.releases([("0.4.0", SOFIA, (2025, 6, 10, 11)), ("0.5.0", LUKAS, (2026, 3, 24, 11))], release)
    days = [
        date(2025, 2, 10),
        date(2025, 5, 5),
        date(2025, 9, 1),
        date(2026, 1, 5),
        date(2026, 4, 6),
        date(2026, 8, 3),
    ]
    s.bumps(RENOVATE, deps, days)
    owners.declare(s, "shipping-service")
    return s.play()


BLUEPRINT = Blueprint("shipping-service", history, "Kotlin/Ktor/Gradle catalog, Apache-2.0")
