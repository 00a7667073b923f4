"""Who owns what: CODEOWNERS files and Backstage ``catalog-info.yaml`` of the demo repositories.

The teams are the ``team`` values of the demo workspace's ``people.toml`` (platform, orders,
web, fulfilment, payments, partners, data); CODEOWNERS names them ``@northwind-labs/<team>``,
Backstage ``group:<team>``. platform-docs holds the organisation's Group, User and System
entities. Planted:

* most repositories declare a team in a GitHub-syntax ``.github/CODEOWNERS``; partner-portal in
  ``docs/CODEOWNERS``; mobile-bff in GitLab syntax with ``[sections]`` (GitLab CI);
* platform-infra is the monorepo with owners per path (the orders-api chart is the orders
  team's, the Kubernetes manifests and Terraform the platform team's);
* legacy-billing still declares Gregor Lindqvist, who left in December 2025 (owner-departed);
* mobile-bff's ``[Dependencies]`` section names ``@northwind-labs/appsec``, a team nobody
  declared (owner-unknown).

:data:`DECLARATIONS` says, per repository, who commits the files and when; :func:`declare`
schedules that commit in a :class:`~lodestar.demo.story.Story`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lodestar.demo.cast import (
    AMARA,
    CHLOE,
    DMITRI,
    FATIMA,
    GREGOR,
    HANNAH,
    LUKAS,
    OLIVER,
    PRIYA,
    SOFIA,
    TOMAS,
    YUKI,
    Person,
)
from lodestar.demo.story import Story

__all__ = [
    "DECLARATIONS",
    "TEAMS",
    "catalog_info",
    "codeowners",
    "declare",
    "organisation",
    "teams_page",
]

ORG = "northwind-labs"
EMAIL = "@northwind-labs.example"

# team -> (display name, members); people.toml gives each member the same team
TEAMS: dict[str, tuple[str, tuple[Person, ...]]] = {
    "platform": ("Platform", (AMARA, CHLOE, YUKI)),
    "orders": ("Orders", (DMITRI,)),
    "web": ("Web", (PRIYA, TOMAS)),
    "fulfilment": ("Fulfilment", (LUKAS,)),
    "payments": ("Payments", (SOFIA, OLIVER, GREGOR)),
    "partners": ("Partners", (FATIMA,)),
    "data": ("Data", (HANNAH,)),
}

SYSTEMS: dict[str, tuple[str, str]] = {
    "commerce": ("orders", "Taking and fulfilling customers' orders, web and mobile"),
    "payments": ("payments", "Invoicing, pricing and the double-entry ledger"),
    "fulfilment": ("fulfilment", "Stock, carriers and shipping"),
    "partners": ("partners", "Portals for retail partners and suppliers"),
    "analytics": ("data", "Forecasting and reporting"),
    "platform": ("platform", "Infrastructure, tooling and the engineering handbook"),
}


def _team(name: str) -> str:
    return f"@{ORG}/{name}"


def _user(person: Person) -> str:
    return person.email.split("@", 1)[0]


def codeowners(rules: Sequence[tuple[str, Sequence[str]]], header: str = "") -> str:
    """A GitHub-syntax CODEOWNERS file: one ``pattern owner…`` line per rule, last match wins."""
    width = max(len(pattern) for pattern, _ in rules) + 2
    lines = [f"{pattern:<{width}}{' '.join(owners)}".rstrip() for pattern, owners in rules]
    intro = f"# {header}\n" if header else ""
    return f"{intro}# Each line is a file pattern followed by one or more owners.\n" + (
        "\n".join(lines) + "\n"
    )


def catalog_info(
    name: str,
    description: str,
    owner: str,
    system: str,
    *,
    kind_type: str = "service",
    lifecycle: str = "production",
    tags: Sequence[str] = (),
) -> str:
    """One Backstage Component entity."""
    tag_lines = "".join(f"    - {tag}\n" for tag in tags)
    return (
        "apiVersion: backstage.io/v1alpha1\n"
        "kind: Component\n"
        "metadata:\n"
        f"  name: {name}\n"
        f"  description: {description}\n"
        "  annotations:\n"
        f"    github.com/project-slug: {ORG}/{name}\n"
        + (f"  tags:\n{tag_lines}" if tags else "")
        + "spec:\n"
        f"  type: {kind_type}\n"
        f"  lifecycle: {lifecycle}\n"
        f"  owner: {owner}\n"
        f"  system: {system}\n"
    )


def organisation() -> str:
    """platform-docs' catalog-info.yaml: its Component, then every System, Group and User."""
    docs: list[str] = [
        catalog_info(
            "platform-docs",
            "The engineering handbook and architecture decisions",
            "group:platform",
            "platform",
            kind_type="documentation",
        )
    ]
    for name, (team, description) in SYSTEMS.items():
        docs.append(
            "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n"
            f"  name: {name}\n  description: {description}\n"
            f"spec:\n  owner: group:{team}\n"
        )
    for name, (display, members) in TEAMS.items():
        listed = "".join(f"    - {_user(p)}\n" for p in members)
        docs.append(
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
            f"  name: {name}\n"
            f"spec:\n  type: team\n  profile:\n    displayName: {display}\n"
            f"    email: {name}{EMAIL}\n"
            f"  children: []\n  members:\n{listed}"
        )
    docs.extend(
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n"
        f"  name: {_user(person)}\n"
        f"spec:\n  profile:\n    displayName: {person.name}\n"
        f"    email: {person.email}\n  memberOf: []\n"
        for _, members in TEAMS.values()
        for person in members
    )
    return "---\n".join(docs)


def teams_page() -> str:
    """The handbook's page of teams, written from the same table as the Group entities."""
    rows = "".join(
        f"| {display} | `@{ORG}/{name}` | {', '.join(p.name for p in members)} |\n"
        for name, (display, members) in TEAMS.items()
    )
    return (
        "# Teams\n\nEvery repository names its owning team in CODEOWNERS or catalog-info.yaml.\n\n"
        "| team | CODEOWNERS handle | members |\n|---|---|---|\n" + rows
    )


MOBILE_BFF = """# GitLab code owners: sections apply side by side; in each, the last match wins.
[Mobile BFF] @northwind-labs/web
*

[Routes]
/src/routes/ @northwind-labs/web tomas.silva@northwind-labs.example

[Dependencies]
package.json @northwind-labs/web
yarn.lock @northwind-labs/web @northwind-labs/appsec
"""


def _github(team: str, *extra: tuple[str, Sequence[str]]) -> dict[str, str]:
    return {".github/CODEOWNERS": codeowners([("*", [_team(team)]), *extra])}


@dataclass(frozen=True, slots=True)
class Declaration:
    """Who declares a repository's owners, when (on their own clock), and in which files."""

    who: Person
    when: tuple[int, ...]
    files: dict[str, str]


DECLARATIONS: dict[str, Declaration] = {
    "orders-api": Declaration(
        DMITRI,
        (2025, 7, 8, 10, 15),
        {
            **_github(
                "orders",
                ("/docs/", [_team("orders"), _team("platform")]),
                ("/src/orders/proto/", [_team("orders"), _team("fulfilment")]),
            ),
            "catalog-info.yaml": catalog_info(
                "orders-api", "Orders, carts and checkout", "group:orders", "commerce"
            ),
        },
    ),
    "legacy-billing": Declaration(
        GREGOR,
        (2025, 7, 9, 14, 30),
        {
            "CODEOWNERS": codeowners(
                [("*", [GREGOR.email])], "Billing has one maintainer; ask him first."
            ),
            "catalog-info.yaml": catalog_info(
                "legacy-billing",
                "Invoicing, dunning and payment reconciliation",
                f"user:{_user(GREGOR)}",
                "payments",
                lifecycle="deprecated",
            ),
        },
    ),
    "storefront-web": Declaration(PRIYA, (2025, 7, 10, 11), _github("web")),
    "mobile-bff": Declaration(TOMAS, (2025, 7, 10, 15), {"CODEOWNERS": MOBILE_BFF}),
    "inventory-service": Declaration(
        LUKAS, (2025, 7, 14, 9, 40), _github("fulfilment", ("/vendor/", [_team("platform")]))
    ),
    "ledger-service": Declaration(
        SOFIA,
        (2025, 7, 14, 16),
        {
            "catalog-info.yaml": catalog_info(
                "ledger-service",
                "Double-entry ledger for Northwind payments",
                "group:payments",
                "payments",
                tags=("java", "spring-boot"),
            )
        },
    ),
    "shipping-service": Declaration(LUKAS, (2025, 7, 15, 10), _github("fulfilment")),
    "nw-cli": Declaration(YUKI, (2025, 7, 16, 10), _github("platform")),
    "partner-portal": Declaration(
        FATIMA, (2025, 7, 16, 14), {"docs/CODEOWNERS": codeowners([("*", [_team("partners")])])}
    ),
    "supplier-portal": Declaration(
        FATIMA,
        (2025, 7, 17, 11),
        {
            "catalog-info.yaml": catalog_info(
                "supplier-portal",
                "Where suppliers confirm purchase orders",
                "group:partners",
                "partners",
                kind_type="website",
            )
        },
    ),
    "pricing-engine": Declaration(OLIVER, (2025, 7, 17, 15), _github("payments")),
    "platform-infra": Declaration(
        CHLOE,
        (2025, 7, 7, 9, 30),
        {
            "CODEOWNERS": codeowners(
                [
                    ("*", [_team("platform")]),
                    ("/terraform/", [_team("platform"), CHLOE.email]),
                    ("/charts/orders-api/", [_team("orders")]),
                    ("/k8s/base/inventory-deployment.yaml", [_team("fulfilment")]),
                    ("/k8s/base/ledger-cronjob.yaml", [_team("payments")]),
                    ("/scripts/", [CHLOE.email]),
                ],
                "One repository, many owners: the last matching pattern wins.",
            )
        },
    ),
    "data-platform": Declaration(
        HANNAH,
        (2025, 7, 21, 10),
        {
            **_github("data", ("/sql/", [_team("data"), _team("orders")])),
            "catalog-info.yaml": catalog_info(
                "data-platform", "Forecasting, SQL marts and notebooks", "group:data", "analytics"
            ),
        },
    ),
    "platform-docs": Declaration(
        AMARA,
        (2025, 7, 7, 16),
        {"catalog-info.yaml": organisation(), "docs/teams.md": teams_page()},
    ),
}


def declare(story: Story, repository: str) -> None:
    """Schedule the commit that declares ``repository``'s owners."""
    found = DECLARATIONS[repository]
    message = story.subject("chore", "owners", "Declare code owners and the catalog entry")
    story.plan(found.who, found.when, message, found.files)
