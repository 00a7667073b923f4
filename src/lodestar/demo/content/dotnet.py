"""pricing-engine: a C# ASP.NET Core service on .NET 6 (past end of life)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lodestar.demo.units import Unit

__all__ = ["PACKAGES", "RULES", "csproj", "global_json", "rules_cs", "static_files"]

PACKAGES: dict[str, str] = {
    "Npgsql.EntityFrameworkCore.PostgreSQL": "6.0.22",
    "Serilog.AspNetCore": "7.0.0",
    "Swashbuckle.AspNetCore": "6.5.0",
    "StackExchange.Redis": "2.7.4",
}


def csproj(version: str, packages: Mapping[str, str]) -> str:
    refs = "".join(
        f'    <PackageReference Include="{name}" Version="{v}" />\n'
        for name, v in sorted(packages.items())
    )
    return (
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n\n'
        "  <PropertyGroup>\n"
        "    <TargetFramework>net6.0</TargetFramework>\n"
        "    <Nullable>enable</Nullable>\n"
        "    <ImplicitUsings>enable</ImplicitUsings>\n"
        f"    <Version>{version}</Version>\n"
        "    <PackageLicenseExpression>MIT</PackageLicenseExpression>\n"
        "  </PropertyGroup>\n\n"
        f"  <ItemGroup>\n{refs}  </ItemGroup>\n\n"
        "</Project>\n"
    )


def global_json() -> str:
    return '{\n  "sdk": {\n    "version": "6.0.417",\n    "rollForward": "latestFeature"\n  }\n}\n'


RULES = [
    "volume_discount",
    "loyalty_tier_discount",
    "bundle_price",
    "clearance_markdown",
    "regional_surcharge",
    "partner_price_list",
    "minimum_margin_guard",
    "promotion_stacking_limit",
    "currency_rounding",
    "student_discount",
    "weekend_flash_sale",
]


def _rule(unit: Unit) -> str:
    camel = "".join(p.capitalize() for p in unit.name.split("_"))
    return (
        f"\n    public static PriceAdjustment {camel}(Quote quote) =>\n"
        f"        quote.Lines.Count >= {unit.limit // 5 or 1}\n"
        f'            ? PriceAdjustment.Percent("{unit.name}", -{unit.limit / 10:.1f}m)\n'
        "            : PriceAdjustment.None;\n"
    )


def rules_cs(units: Sequence[Unit]) -> str:
    return (
        "// SPDX-License-Identifier: MIT\n"
        "namespace Northwind.Pricing.Rules;\n\n"
        "/// <summary>Pricing rules, applied in declaration order.</summary>\n"
        "public static class PricingRules\n{" + "".join(_rule(u) for u in units) + "}\n"
    )


def static_files() -> dict[str, str]:
    return {
        "src/PricingEngine/Program.cs": (
            "// SPDX-License-Identifier: MIT\n"
            "using Serilog;\n\n"
            "var builder = WebApplication.CreateBuilder(args);\n"
            "builder.Host.UseSerilog(\n"
            "    (ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration));\n"
            "builder.Services.AddEndpointsApiExplorer();\n"
            "builder.Services.AddSwaggerGen();\n\n"
            "var app = builder.Build();\n"
            'app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));\n'
            'app.MapPost("/quotes/price", (Quote quote) => Pricer.Price(quote));\n'
            "app.Run();\n"
        ),
        "src/PricingEngine/Quote.cs": (
            "// SPDX-License-Identifier: MIT\n"
            "namespace Northwind.Pricing;\n\n"
            "public record QuoteLine(string Sku, int Quantity, decimal UnitPrice);\n\n"
            "public record Quote(string Customer, string Currency, List<QuoteLine> Lines);\n\n"
            "public record PriceAdjustment(string Rule, decimal Percent)\n{\n"
            '    public static readonly PriceAdjustment None = new("none", 0m);\n'
            "    public static PriceAdjustment Percent(string rule, decimal pct) =>\n"
            "        new(rule, pct);\n"
            "}\n"
        ),
        "tests/PricingEngine.Tests/PricingEngine.Tests.csproj": (
            '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n'
            "    <TargetFramework>net6.0</TargetFramework>\n    <IsPackable>false</IsPackable>\n"
            "  </PropertyGroup>\n  <ItemGroup>\n"
            '    <PackageReference Include="xunit" Version="2.6.2" />\n'
            '    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" />\n'
            '    <ProjectReference Include="../../src/PricingEngine/PricingEngine.csproj" />\n'
            "  </ItemGroup>\n</Project>\n"
        ),
        "tests/PricingEngine.Tests/RulesTests.cs": (
            "using Northwind.Pricing;\nusing Northwind.Pricing.Rules;\nusing Xunit;\n\n"
            "public class RulesTests\n{\n"
            "    [Fact]\n"
            "    public void EmptyQuoteGetsNoDiscount()\n    {\n"
            '        var quote = new Quote("C-1", "EUR", new List<QuoteLine>());\n'
            "        Assert.Equal(PriceAdjustment.None, PricingRules.VolumeDiscount(quote));\n"
            "    }\n}\n"
        ),
        "Dockerfile": (
            "FROM mcr.microsoft.com/dotnet/sdk:6.0 AS build\nWORKDIR /src\nCOPY . .\n"
            "RUN dotnet publish src/PricingEngine -c Release -o /out\n\n"
            "FROM mcr.microsoft.com/dotnet/aspnet:6.0\nWORKDIR /app\nCOPY --from=build /out .\n"
            'ENTRYPOINT ["dotnet", "PricingEngine.dll"]\n'
        ),
    }
