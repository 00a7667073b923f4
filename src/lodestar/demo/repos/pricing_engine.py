"""pricing-engine: the C#/.NET 6 pricing service (MIT).

Planted: ``global.json`` pinning the .NET 6 SDK and ``net6.0`` (past end of life); a licence
text (LGPL-3.0) inside ``tests/fixtures/`` that must not count as the repository's licence;
SPDX headers; a merged feature branch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lodestar.demo.cast import DEPENDABOT, OLIVER, SOFIA
from lodestar.demo.content import ci, dotnet, owners
from lodestar.demo.content.fixture_licences import LGPL_3_0
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

README = """# pricing-engine

Prices quotes for the storefront and partner channels by applying `PricingRules` in order.

    dotnet run --project src/PricingEngine

The fixtures under `tests/fixtures/` are third-party package metadata used by the licence
check tests; they are not part of the product.
"""

FIXTURE_META = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>Acme.Geo</id>
    <version>2.1.0</version>
    <license type="expression">LGPL-3.0-only</license>
  </metadata>
</package>
"""


def history() -> list[Commit]:
    s = Story("pricing-engine")
    version = {"project": "1.0.0"}
    project = "src/PricingEngine/PricingEngine.csproj"

    def manifests(packages: Mapping[str, str]) -> dict[str, str]:
        return {project: dotnet.csproj(version["project"], packages)}

    upgrades = {
        "Serilog.AspNetCore": ["8.0.0", "8.0.3"],
        "StackExchange.Redis": ["2.7.33", "2.8.16"],
        "Swashbuckle.AspNetCore": ["6.6.2"],
    }
    deps = Deps(dict(dotnet.PACKAGES), upgrades, manifests)
    code = Module(
        "src/PricingEngine/Rules/PricingRules.cs",
        dotnet.rules_cs,
        list(dotnet.RULES),
        feature="Add {title} rule",
    )

    def start() -> Files:
        steps = ["dotnet restore", "dotnet test --no-restore"]
        return {
            "README.md": README,
            "LICENSE": mit(2024),
            ".gitignore": "bin/\nobj/\n*.user\n.vs/\n",
            "global.json": dotnet.global_json(),
            ".github/workflows/dotnet.yml": ci.github_workflow("dotnet", "dotnet", "6.0.x", steps),
            ".github/dependabot.yml": ci.dependabot_yml("nuget"),
            code.path: code.content(),
            **dotnet.static_files(),
            **deps.files(),
        }

    def release(v: str) -> Files:
        version["project"] = v
        return dict(deps.files())

    s.plan(OLIVER, (2024, 11, 26, 13), "Initial pricing engine", compute=start)
    cast = [(OLIVER, 5), (SOFIA, 1)]
    s.spread(date(2024, 12, 2), date(2026, 10, 9), 16, cast, s.routine(code, scope="pricing"))
    branch = "feature/licence-check"
    s.plan(
        OLIVER,
        (2025, 7, 1, 11),
        "Add third-party package fixtures for the licence check",
        {
            "tests/fixtures/acme-geo/COPYING.LESSER": LGPL_3_0,
            "tests/fixtures/acme-geo/Acme.Geo.nuspec": FIXTURE_META,
        },
        branch=branch,
    )
    s.plan(OLIVER, (2025, 7, 3, 16), "Merge branch 'feature/licence-check'", merge=branch)
    s.releases(
        [("1.1.0", OLIVER, (2025, 3, 11, 12)), ("1.2.0", OLIVER, (2026, 1, 20, 12))], release
    )
    days = [date(2025, 2, 24), date(2025, 6, 16), date(2025, 11, 10), date(2026, 5, 25)]
    s.bumps(DEPENDABOT, deps, days)
    owners.declare(s, "pricing-engine")
    return s.play()


BLUEPRINT = Blueprint("pricing-engine", history, "C#/.NET 6, MIT, licence in tests/fixtures")
