"""The demo organisation holds every planted case, checked with git itself."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lodestar.demo import build_demo_organisation
from lodestar.demo.cast import WINDOW_END, WINDOW_START

BOTS = {"dependabot[bot]", "renovate[bot]", "github-actions[bot]"}


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}
    out = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, env=env, check=True
    ).stdout
    return out.decode("utf-8").strip()


def show(repo: Path, rev: str, path: str) -> str:
    return git(repo, "show", f"{rev}:{path}")


def files(repo: Path, rev: str = "HEAD") -> list[str]:
    return git(repo, "ls-tree", "-r", "--name-only", rev).splitlines()


def before(repo: Path, day: str) -> str:
    """The last commit on HEAD before ``day`` (a monthly snapshot)."""
    return git(repo, "rev-list", "-1", f"--before={day}T00:00:00Z", "HEAD")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = build_demo_organisation(tmp_path_factory.mktemp("northwind"))
    return {p.name.removesuffix(".git"): p for p in paths}


def test_layout(org: dict[str, Path]) -> None:
    assert len(org) >= 12
    root = org["orders-api"].parent
    assert all(p.parent in (root, root / "mirrors") for p in org.values())
    assert org["legacy-billing"] == root / "mirrors" / "legacy-billing.git"


def test_deterministic(org: dict[str, Path], tmp_path: Path) -> None:
    again = {p.name.removesuffix(".git"): p for p in build_demo_organisation(tmp_path)}
    for name, path in org.items():
        assert git(path, "show-ref") == git(again[name], "show-ref"), name


def test_history_size_window_and_people(org: dict[str, Path]) -> None:
    total = sum(int(git(p, "rev-list", "--all", "--count")) for p in org.values())
    assert total >= 300
    humans: set[str] = set()
    for path in org.values():
        for line in git(path, "log", "--all", "--use-mailmap", "--format=%aN|%at|%ct").splitlines():
            name, authored, committed = line.split("|")
            for stamp in (authored, committed):
                moment = datetime.fromtimestamp(int(stamp), tz=UTC)
                assert WINDOW_START <= moment <= WINDOW_END, (path.name, moment)
            if name not in BOTS:
                humans.add(name)
    assert len(humans) >= 8
    bots = {
        name for p in org.values() for name in git(p, "log", "--all", "--format=%an").split("\n")
    }
    assert bots >= BOTS


def test_bare_mirror(org: dict[str, Path]) -> None:
    mirror = org["legacy-billing"]
    assert git(mirror, "rev-parse", "--is-bare-repository") == "true"
    assert not (mirror / ".git").exists()
    for name, path in org.items():
        if name != "legacy-billing":
            assert git(path, "status", "--porcelain") == "", name


def test_truck_factor_one_with_a_departed_owner(org: dict[str, Path]) -> None:
    repo = org["legacy-billing"]
    authors = Counter(git(repo, "log", "--format=%aN").splitlines())
    owner, count = authors.most_common(1)[0]
    assert count / sum(authors.values()) >= 0.9
    last = int(git(repo, "log", "-1", f"--author={owner}", "--format=%at"))
    assert WINDOW_END - datetime.fromtimestamp(last, tz=UTC) >= timedelta(days=180)
    assert "Handover" in show(repo, "HEAD", "docs/HANDOVER.md")


def test_dormant_repository(org: dict[str, Path]) -> None:
    last = int(git(org["supplier-portal"], "log", "-1", "--all", "--format=%ct"))
    assert WINDOW_END - datetime.fromtimestamp(last, tz=UTC) > timedelta(days=365)


def test_hotspot_renames_merges_tags(org: dict[str, Path]) -> None:
    repo = org["orders-api"]
    changes = git(repo, "log", "--follow", "--format=%H", "--", "src/orders/api/routes.py")
    assert len(changes.splitlines()) >= 25
    renames = git(repo, "log", "-M", "--diff-filter=R", "--name-status", "--format=")
    assert "app/routes.py\tsrc/orders/api/routes.py" in renames
    for name in ("orders-api", "storefront-web", "platform-infra", "pricing-engine"):
        assert git(org[name], "rev-list", "--merges", "--count", "HEAD") != "0", name
    tags = git(repo, "tag", "--list", "v*").split()
    assert {"v1.0.0", "v1.1.0", "v1.2.0", "v1.3.1", "v1.5.0"} <= set(tags)
    assert git(repo, "cat-file", "-t", "v1.0.0") == "tag"
    assert git(org["storefront-web"], "cat-file", "-t", "v2.1.0") == "commit"
    subjects = git(repo, "log", "--format=%s").splitlines()
    assert any(s.startswith('Revert "') for s in subjects)
    assert any(s.startswith("hotfix:") for s in subjects)


def test_mailmap_joins_two_identities(org: dict[str, Path]) -> None:
    repo = org["orders-api"]
    raw = set(git(repo, "log", "--format=%an <%ae>").splitlines())
    # Read the committed .mailmap (as a scan of a bare mirror would), not the working tree's.
    log = git(repo, "-c", "mailmap.blob=HEAD:.mailmap", "log", "--format=%aN <%aE>")
    mapped = set(log.splitlines())
    assert "dvolkov <dvolkov@users.noreply.github.com>" in raw
    assert not any(identity.startswith("dvolkov") for identity in mapped)
    assert ".mailmap" in files(repo)


def test_licence_cases(org: dict[str, Path]) -> None:
    assert "Apache License" in show(org["orders-api"], "HEAD", "LICENSE")
    assert "MIT License" in show(org["storefront-web"], "HEAD", "LICENSE")
    cli = org["nw-cli"]
    assert {"LICENSE-MIT", "LICENSE-APACHE"} <= set(files(cli))
    cargo = tomllib.loads(show(cli, "HEAD", "Cargo.toml"))
    assert cargo["package"]["license"] == "MIT OR Apache-2.0"
    portal = org["supplier-portal"]
    names = [Path(f).name.upper() for f in files(portal)]
    assert not any(n.startswith(("LICENSE", "LICENCE", "COPYING")) for n in names)
    assert "license" not in json.loads(show(portal, "HEAD", "composer.json"))
    bff = org["mobile-bff"]
    assert json.loads(show(bff, "HEAD", "package.json"))["license"] == "MIT"
    assert "Apache License" in show(bff, "HEAD", "LICENSE")
    pricing = org["pricing-engine"]
    assert "tests/fixtures/acme-geo/COPYING.LESSER" in files(pricing)
    assert "MIT License" in show(pricing, "HEAD", "LICENSE")
    assert "Proprietary and confidential" in show(org["legacy-billing"], "HEAD", "LICENSE")
    assert "SPDX-License-Identifier: Apache-2.0" in show(
        org["inventory-service"], "HEAD", "internal/store/store.go"
    )


def test_classification_cases(org: dict[str, Path]) -> None:
    inventory = org["inventory-service"]
    assert "vendor/modules.txt" in files(inventory)
    assert "DO NOT EDIT" in show(inventory, "HEAD", "internal/pb/inventory.pb.go")
    orders = org["orders-api"]
    assert "DO NOT EDIT" in show(orders, "HEAD", "src/orders/proto/orders_pb2.py")
    storefront = org["storefront-web"]
    minified = show(storefront, "HEAD", "public/js/nw-beacon.min.js")
    assert max(len(line) for line in minified.splitlines()) > 1000
    png = subprocess.run(
        [
            "git",
            "--git-dir",
            str(storefront / ".git"),
            "cat-file",
            "blob",
            "HEAD:public/favicon.png",
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    data = org["data-platform"]
    attributes = show(data, "HEAD", ".gitattributes")
    for attribute in ("linguist-vendored", "linguist-generated", "linguist-documentation"):
        assert attribute in attributes
    sizes = {
        line.split("\t")[1]: int(line.split()[3])
        for line in git(data, "ls-tree", "-r", "-l", "HEAD").splitlines()
    }
    assert sizes["data/reference/postal_codes.csv"] >= 3 * 1024 * 1024
    assert "third_party/haversine/haversine.py" in sizes
    assert "notebooks/demand_forecast.ipynb" in sizes
    infra = git(org["platform-infra"], "ls-tree", "-r", "HEAD")
    assert "120000 blob" in infra and "100755 blob" in infra
    lock = json.loads(show(storefront, "HEAD", "package-lock.json"))
    assert lock["lockfileVersion"] == 3
    for name, lockfile in [
        ("mobile-bff", "yarn.lock"),
        ("inventory-service", "go.sum"),
        ("nw-cli", "Cargo.lock"),
        ("partner-portal", "Gemfile.lock"),
        ("supplier-portal", "composer.lock"),
        ("orders-api", "uv.lock"),
        ("platform-infra", "terraform/.terraform.lock.hcl"),
    ]:
        assert lockfile in files(org[name]), name


def test_ecosystem_and_runtime_markers(org: dict[str, Path]) -> None:
    expect = [
        ("storefront-web", ".nvmrc", "16"),
        ("mobile-bff", ".gitlab-ci.yml", "node:16"),
        ("inventory-service", "go.mod", "go 1.21"),
        ("inventory-service", "Dockerfile", "gcr.io/distroless"),
        ("ledger-service", "pom.xml", "<version>2.7.18</version>"),
        ("ledger-service", "Dockerfile", "eclipse-temurin:8"),
        ("shipping-service", "gradle/libs.versions.toml", "[versions]"),
        ("shipping-service", "build.gradle.kts", "libs.plugins.kotlin.jvm"),
        ("partner-portal", ".ruby-version", "2.7"),
        ("pricing-engine", "global.json", '"version": "6.0'),
        ("pricing-engine", "src/PricingEngine/PricingEngine.csproj", "net6.0"),
        ("legacy-billing", "Dockerfile", "FROM python:3.6"),
        ("platform-infra", "docker-compose.yml", "postgres:11"),
        ("platform-infra", "terraform/versions.tf", 'source  = "hashicorp/aws"'),
        ("platform-infra", "charts/orders-api/Chart.yaml", "apiVersion: v2"),
        ("orders-api", ".github/workflows/ci.yml", "actions/setup-python"),
    ]
    for name, path, needle in expect:
        assert needle in show(org[name], "HEAD", path), (name, path)
    markdown = [f for f in files(org["platform-docs"]) if f.endswith(".md")]
    assert len(markdown) >= 0.8 * len(files(org["platform-docs"]))


def test_trends_over_time(org: dict[str, Path]) -> None:
    orders = org["orders-api"]
    early, late = before(orders, "2026-01-01"), "HEAD"
    assert show(orders, early, "Dockerfile").startswith("FROM python:3.8-slim")
    assert show(orders, early, ".python-version") == "3.8"
    assert show(orders, late, ".python-version") == "3.12"
    data = org["data-platform"]
    assert show(data, before(data, "2026-06-01"), ".python-version") == "3.8"
    assert show(data, "HEAD", ".python-version") == "3.12"
    for name, month in [("storefront-web", "2026-05-01"), ("mobile-bff", "2026-08-01")]:
        then = json.loads(show(org[name], before(org[name], month), "package.json"))
        now = json.loads(show(org[name], "HEAD", "package.json"))
        assert "moment" in then["dependencies"] and "date-fns" not in then["dependencies"]
        assert "date-fns" in now["dependencies"] and "moment" not in now["dependencies"]
    bumps = git(orders, "log", "--author=dependabot", "--format=%s").splitlines()
    assert len(bumps) >= 5 and all(s.startswith("Bump ") for s in bumps)
