"""ledger-service: the Java/Spring Boot double-entry ledger (Apache-2.0).

Planted: spring-boot-starter-parent 2.7.18 (out of open-source support) on Java 8
(``eclipse-temurin:8``); the PostgreSQL driver as a Maven property; an executable ``mvnw``;
SPDX headers; dependabot bumps of the driver and Flyway; Log4j 2 instead of Logback with
``log4j2.version`` pinned to 2.14.1 (Log4Shell, CVE-2021-44228).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lodestar.demo.cast import AMARA, DEPENDABOT, OLIVER, SOFIA
from lodestar.demo.content import ci, java, owners
from lodestar.demo.content.licences import APACHE_2_0, apache_notice
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

README = """# ledger-service

Double-entry ledger for Northwind payments. Replaces the ledger tables of legacy-billing
(see ADR-0007 in platform-docs).

    ./mvnw spring-boot:run
"""


def history() -> list[Commit]:
    s = Story("ledger-service", conventional=True)
    version = {"project": "0.1.0-SNAPSHOT"}

    def manifests(deps: Mapping[str, str]) -> dict[str, str]:
        pom = java.pom_xml(version["project"], deps["postgresql"], deps["flyway"])
        return {"pom.xml": pom}

    upgrades = {"postgresql": ["42.6.0", "42.6.2", "42.7.3"], "flyway": ["9.22.3"]}
    deps = Deps({"postgresql": "42.5.4", "flyway": "9.16.3"}, upgrades, manifests)
    code = Module(
        "src/main/java/com/northwindlabs/ledger/api/LedgerController.java",
        java.ledger_controller,
        list(java.LEDGER_QUERIES),
        feature="Expose {title}",
    )

    def start() -> Files:
        steps = ["./mvnw -B verify"]
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            "NOTICE": "ledger-service\n" + apache_notice(2025),
            ".gitignore": "target/\n.idea/\n*.iml\n",
            "mvnw": java.MVNW,
            ".github/workflows/build.yml": ci.github_workflow("build", "java", "8", steps),
            ".github/dependabot.yml": ci.dependabot_yml("maven"),
            code.path: code.content(),
            **java.ledger_files(),
            **deps.files(),
        }

    def release(v: str) -> Files:
        version["project"] = v
        return dict(deps.files())

    s.plan(
        SOFIA,
        (2025, 1, 8, 10),
        "chore: bootstrap ledger-service from start.spring.io",
        compute=start,
        executable=["mvnw"],
    )
    cast = [(SOFIA, 5), (OLIVER, 2), (AMARA, 1)]
    s.spread(date(2025, 1, 13), date(2026, 10, 20), 24, cast, s.routine(code, scope="ledger"))
    s.releases(
        [
            ("1.0.0", SOFIA, (2025, 4, 15, 15)),
            ("1.1.0", SOFIA, (2025, 10, 14, 15)),
            ("1.2.0", SOFIA, (2026, 5, 5, 15)),
        ],
        release,
    )
    days = [date(2025, 3, 3), date(2025, 7, 21), date(2025, 12, 15), date(2026, 6, 22)]
    s.bumps(DEPENDABOT, deps, days)
    owners.declare(s, "ledger-service")
    return s.play()


BLUEPRINT = Blueprint("ledger-service", history, "Java 8/Spring Boot 2.7/Maven, Apache-2.0")
