"""ledger-service: Java 8, Spring Boot 2.7 and Maven (with the wrapper)."""

from __future__ import annotations

from collections.abc import Sequence

from lodestar.demo.units import Unit

__all__ = ["LEDGER_QUERIES", "MVNW", "ledger_controller", "ledger_files", "pom_xml"]

SPDX_JAVA = "// SPDX-License-Identifier: Apache-2.0\n"

MVNW = """#!/bin/sh
# Apache Maven Wrapper startup script, version 3.2.0
set -e
MAVEN_PROJECTBASEDIR=${MAVEN_BASEDIR:-"$(cd "$(dirname "$0")" && pwd)"}
WRAPPER_JAR="$MAVEN_PROJECTBASEDIR/.mvn/wrapper/maven-wrapper.jar"
WRAPPER_PROPERTIES="$MAVEN_PROJECTBASEDIR/.mvn/wrapper/maven-wrapper.properties"
if [ ! -r "$WRAPPER_JAR" ]; then
  url=$(sed -n 's/^wrapperUrl=//p' "$WRAPPER_PROPERTIES")
  echo "Downloading Maven wrapper from $url"
  curl -fsSL -o "$WRAPPER_JAR" "$url"
fi
exec java -classpath "$WRAPPER_JAR" \\
  "-Dmaven.multiModuleProjectDirectory=$MAVEN_PROJECTBASEDIR" \\
  org.apache.maven.wrapper.MavenWrapperMain "$@"
"""


# spring-boot-starter-log4j2 swaps Logback out; log4j-core is pinned through log4j2.version.
DEPENDENCIES = """    <dependencies>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-web</artifactId>
            <exclusions>
                <exclusion>
                    <groupId>org.springframework.boot</groupId>
                    <artifactId>spring-boot-starter-logging</artifactId>
                </exclusion>
            </exclusions>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-log4j2</artifactId>
        </dependency>
        <dependency>
            <groupId>org.apache.logging.log4j</groupId>
            <artifactId>log4j-core</artifactId>
            <version>${log4j2.version}</version>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-data-jpa</artifactId>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-actuator</artifactId>
        </dependency>
        <dependency>
            <groupId>org.postgresql</groupId>
            <artifactId>postgresql</artifactId>
            <version>${postgresql.version}</version>
            <scope>runtime</scope>
        </dependency>
        <dependency>
            <groupId>org.flywaydb</groupId>
            <artifactId>flyway-core</artifactId>
            <version>${flyway.version}</version>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-test</artifactId>
            <scope>test</scope>
        </dependency>
    </dependencies>
"""


def pom_xml(version: str, postgresql: str, flyway: str, log4j: str = "2.14.1") -> str:
    """The pom: Spring Boot 2.7 with Log4j 2 instead of Logback, ``log4j2.version`` pinned."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>2.7.18</version>
        <relativePath/>
    </parent>

    <groupId>com.northwindlabs</groupId>
    <artifactId>ledger-service</artifactId>
    <version>{version}</version>
    <name>ledger-service</name>
    <description>Double-entry ledger for Northwind payments</description>

    <licenses>
        <license>
            <name>Apache-2.0</name>
            <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>
        </license>
    </licenses>

    <properties>
        <java.version>1.8</java.version>
        <postgresql.version>{postgresql}</postgresql.version>
        <flyway.version>{flyway}</flyway.version>
        <log4j2.version>{log4j}</log4j2.version>
    </properties>

{DEPENDENCIES}
    <build>
        <plugins>
            <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
            </plugin>
        </plugins>
    </build>
</project>
"""


LEDGER_QUERIES = [
    "balances_by_account",
    "entries_for_day",
    "unbalanced_journals",
    "open_settlements",
    "entries_by_merchant",
    "reversed_entries",
    "fx_adjustments",
    "chargebacks",
    "fee_entries",
    "suspense_account_items",
    "payouts_pending",
    "month_end_accruals",
    "interest_postings",
    "manual_adjustments",
    "dormant_accounts",
]


def _camel(name: str, first_upper: bool = False) -> str:
    parts = name.split("_")
    head = parts[0].capitalize() if first_upper else parts[0]
    return head + "".join(p.capitalize() for p in parts[1:])


def _java_endpoint(unit: Unit) -> str:
    return (
        f'\n    @GetMapping("/{unit.name.replace("_", "-")}")\n'
        f"    public List<Entry> {_camel(unit.name)}(\n"
        f'            @RequestParam(defaultValue = "{unit.limit}") int limit) {{\n'
        f'        return entries.findByKind("{unit.name}", PageRequest.of(0, Math.min(limit, 500)));\n'  # noqa: E501  Java source
        "    }\n"
    )


def ledger_controller(units: Sequence[Unit]) -> str:
    return (
        SPDX_JAVA + "package com.northwindlabs.ledger.api;\n\n"
        "import com.northwindlabs.ledger.domain.Entry;\n"
        "import com.northwindlabs.ledger.domain.EntryRepository;\n"
        "import java.util.List;\n"
        "import org.springframework.data.domain.PageRequest;\n"
        "import org.springframework.web.bind.annotation.GetMapping;\n"
        "import org.springframework.web.bind.annotation.RequestMapping;\n"
        "import org.springframework.web.bind.annotation.RequestParam;\n"
        "import org.springframework.web.bind.annotation.RestController;\n\n"
        "@RestController\n"
        '@RequestMapping("/ledger")\n'
        "public class LedgerController {\n\n"
        "    private final EntryRepository entries;\n\n"
        "    public LedgerController(EntryRepository entries) {\n"
        "        this.entries = entries;\n"
        "    }\n" + "".join(_java_endpoint(u) for u in units) + "}\n"
    )


def ledger_files() -> dict[str, str]:
    base = "src/main/java/com/northwindlabs/ledger"
    return {
        ".mvn/wrapper/maven-wrapper.properties": (
            "distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/"
            "apache-maven/3.9.5/apache-maven-3.9.5-bin.zip\n"
            "wrapperUrl=https://repo.maven.apache.org/maven2/org/apache/maven/wrapper/"
            "maven-wrapper/3.2.0/maven-wrapper-3.2.0.jar\n"
        ),
        f"{base}/LedgerApplication.java": (
            SPDX_JAVA + "package com.northwindlabs.ledger;\n\n"
            "import org.springframework.boot.SpringApplication;\n"
            "import org.springframework.boot.autoconfigure.SpringBootApplication;\n\n"
            "@SpringBootApplication\n"
            "public class LedgerApplication {\n"
            "    public static void main(String[] args) {\n"
            "        SpringApplication.run(LedgerApplication.class, args);\n"
            "    }\n}\n"
        ),
        f"{base}/domain/Entry.java": (
            SPDX_JAVA + "package com.northwindlabs.ledger.domain;\n\n"
            "import java.math.BigDecimal;\nimport java.time.Instant;\n"
            "import javax.persistence.Entity;\nimport javax.persistence.Id;\n\n"
            "@Entity\npublic class Entry {\n"
            "    @Id private Long id;\n"
            "    private String account;\n"
            "    private String kind;\n"
            "    private BigDecimal amount;\n"
            "    private String currency;\n"
            "    private Instant bookedAt;\n\n"
            "    public Long getId() { return id; }\n"
            "    public String getAccount() { return account; }\n"
            "    public BigDecimal getAmount() { return amount; }\n"
            "}\n"
        ),
        f"{base}/domain/EntryRepository.java": (
            SPDX_JAVA + "package com.northwindlabs.ledger.domain;\n\n"
            "import java.util.List;\n"
            "import org.springframework.data.domain.Pageable;\n"
            "import org.springframework.data.jpa.repository.JpaRepository;\n\n"
            "public interface EntryRepository extends JpaRepository<Entry, Long> {\n"
            "    List<Entry> findByKind(String kind, Pageable page);\n}\n"
        ),
        "src/main/resources/application.yml": (
            "spring:\n"
            "  datasource:\n"
            "    url: jdbc:postgresql://localhost:5432/ledger\n"
            "    username: ledger\n"
            "  jpa:\n    open-in-view: false\n"
            "management:\n  endpoints:\n    web:\n      exposure:\n        include: health,info\n"
        ),
        "src/main/resources/db/migration/V1__create_entries.sql": (
            "CREATE TABLE entry (\n"
            "    id BIGSERIAL PRIMARY KEY,\n"
            "    account VARCHAR(34) NOT NULL,\n"
            "    kind VARCHAR(40) NOT NULL,\n"
            "    amount NUMERIC(19, 4) NOT NULL,\n"
            "    currency CHAR(3) NOT NULL,\n"
            "    booked_at TIMESTAMPTZ NOT NULL DEFAULT now()\n"
            ");\n\nCREATE INDEX entry_kind_idx ON entry (kind, booked_at DESC);\n"
        ),
        "Dockerfile": (
            "FROM eclipse-temurin:8-jdk AS build\n"
            "WORKDIR /src\nCOPY . .\nRUN ./mvnw -B -q package -DskipTests\n\n"
            "FROM eclipse-temurin:8-jre\n"
            "COPY --from=build /src/target/ledger-service-*.jar /app/ledger.jar\n"
            'EXPOSE 8080\nENTRYPOINT ["java", "-jar", "/app/ledger.jar"]\n'
        ),
    }
