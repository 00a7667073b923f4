"""The technology catalog: shipped data quality, matching, and a workspace's additions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packageurl import PackageURL

from lodestar.catalog import technology_files
from lodestar.catalog.eol import load_eol
from lodestar.catalog.languages import default_catalog
from lodestar.catalog.matchers import image_key, path_glob_regex
from lodestar.catalog.technologies import (
    CATEGORY_LABELS,
    Category,
    Technology,
    TechnologyCatalog,
    load_catalog,
)
from lodestar.errors import ConfigError

CATALOG = load_catalog()
ALL = list(CATALOG)


def _ids(found: list[Technology]) -> list[str]:
    return [t.id for t in found]


# --------------------------------------------------------------------------------------------
# Shipped data


def test_at_least_300_technologies_and_every_category_present() -> None:
    assert len(CATALOG) >= 300
    for category in Category:
        assert len(CATALOG.by_category(category)) >= 5, category
    assert set(CATEGORY_LABELS) == set(Category)


def test_one_file_per_category_holding_only_that_category() -> None:
    files = dict(technology_files.shipped_files())
    assert set(files) == {f"{c.value}.toml" for c in Category}
    for name, text in files.items():
        entries = technology_files.parse_file(text, name, allow_remove=False)
        assert entries, name
        assert {e.technology.category for e in entries if e.technology} == {
            Category(name.removesuffix(".toml"))
        }


def test_ids_are_unique_slugs_and_names_are_unique() -> None:
    ids = [t.id for t in ALL]
    assert len(ids) == len(set(ids))
    names = [t.name.lower() for t in ALL]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_homepages_are_https_and_descriptions_one_line() -> None:
    for tech in ALL:
        assert tech.homepage.startswith("https://"), tech.id
        assert tech.description and "\n" not in tech.description, tech.id
        assert tech.purls or tech.images or tech.files or tech.languages, tech.id


def _roundtrips(text: str) -> bool:
    try:
        return PackageURL.from_string(text).to_string() == text
    except ValueError:
        return False


def test_every_purl_pattern_is_a_canonical_purl_prefix() -> None:
    for tech in ALL:
        for pattern in tech.purls:
            assert "@" not in pattern and "?" not in pattern and "#" not in pattern, pattern
            for filler in ("x", "x/x"):
                if _roundtrips(re.sub(r"[*?]+|\[[^]]*\]", filler, pattern)):
                    break
            else:
                pytest.fail(f"{tech.id}: {pattern} is not a canonical purl prefix")
            if pattern.startswith("pkg:pypi/"):
                name = pattern.removeprefix("pkg:pypi/")
                assert name == re.sub(r"[-_.]+", "-", name).lower(), pattern  # PEP 503


def test_image_patterns_are_normalised_names() -> None:
    for tech in ALL:
        for image in tech.images:
            assert image == image_key(image), image
            assert not image.startswith(("docker.io/", "library/")), image


def test_every_eol_product_ships_in_the_eol_snapshot() -> None:
    eol = load_eol()
    missing = sorted({t.eol for t in ALL if t.eol and t.eol not in eol})
    assert missing == []


def test_every_language_named_is_a_lodestar_language() -> None:
    languages = default_catalog()
    unknown = sorted({lang for t in ALL for lang in t.languages if languages.get(lang) is None})
    assert unknown == []


def test_the_compiled_catalog_is_current() -> None:
    compiled = Path(technology_files.__file__).parent / "data" / technology_files.COMPILED
    assert compiled.read_text("utf-8") == technology_files.compile_shipped(), (
        "run scripts/compile_catalogs.py"
    )


def test_a_stale_compiled_file_is_ignored_not_trusted() -> None:
    files = technology_files.shipped_files()
    edited = [
        (name, text.replace('name = "PostgreSQL"', 'name = "Postgres!"')) for name, text in files
    ]
    assert technology_files.sources_digest(edited) != technology_files.sources_digest(files)
    parsed = {t.id: t for t in technology_files.parse_shipped(edited)}
    assert parsed["postgresql"].name == "Postgres!"


def test_duplicate_ids_in_the_shipped_data_are_an_error() -> None:
    one = '[[technology]]\nid = "x"\nname = "X"\ncategory = "library"\nhomepage = "https://x.org"\n'
    two = "# another file\n\n" + one.replace('"X"', '"Y"')
    with pytest.raises(ConfigError) as info:
        technology_files.parse_shipped([("a.toml", one), ("b.toml", two)])
    assert info.value.path is not None and info.value.path.endswith("b.toml")
    assert info.value.line == 4
    assert "duplicate" in str(info.value) and "a.toml:1" in str(info.value)


def test_shipped_files_may_not_remove_entries() -> None:
    with pytest.raises(ConfigError, match="only a workspace"):
        technology_files.parse_shipped([("a.toml", '[[technology]]\nid = "x"\nremove = true\n')])


# --------------------------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize(
    ("purl", "expected"),
    [
        ("pkg:pypi/psycopg2-binary@2.9.9", "postgresql"),
        ("pkg:pypi/psycopg@3.2.1", "postgresql"),
        ("pkg:pypi/asyncpg", "postgresql"),
        ("pkg:npm/pg@8.11.3", "postgresql"),
        ("pkg:maven/org.postgresql/postgresql@42.7.1", "postgresql"),
        ("pkg:golang/github.com/jackc/pgx/v5@v5.5.0", "postgresql"),
        ("pkg:gem/pg@1.5.4", "postgresql"),
        ("pkg:nuget/Npgsql.EntityFrameworkCore.PostgreSQL@8.0.0", "postgresql"),
        ("pkg:cargo/tokio-postgres@0.7.10", "postgresql"),
        ("pkg:pypi/boto3@1.34.0", "aws"),
        ("pkg:pypi/botocore", "aws"),
        ("pkg:npm/aws-sdk@2.1500.0", "aws"),
        ("pkg:npm/%40aws-sdk/client-s3@3.500.0", "aws"),
        ("pkg:npm/@aws-sdk/client-s3@3.500.0", "aws"),
        ("pkg:golang/github.com/aws/aws-sdk-go-v2@v1.24.0", "aws"),
        ("pkg:golang/github.com/aws/aws-sdk-go@v1.50.0", "aws"),
        ("pkg:maven/software.amazon.awssdk/s3@2.25.0", "aws"),
        ("pkg:terraform/hashicorp/aws@5.0.0?registry=registry.terraform.io", "aws"),
        ("pkg:maven/org.springframework.boot/spring-boot-starter-web@3.2.0", "spring-boot"),
        ("pkg:pypi/django@4.2.7", "django"),
        ("pkg:pypi/Django@4.2.7", "django"),
        ("pkg:pypi/mysql_connector_python@8", "mysql"),
        ("pkg:npm/%40angular/core@17.0.0", "angular"),
        ("pkg:npm/next@14.0.0", "nextjs"),
        ("pkg:golang/github.com/gin-gonic/gin@v1.9.1", "gin"),
        ("pkg:cargo/axum@0.7.4", "axum"),
        ("pkg:gem/rails@7.1.2", "rails"),
        ("pkg:composer/laravel/framework@v10.0.0", "laravel"),
        ("pkg:nuget/Microsoft.AspNetCore.Authentication.JwtBearer@8.0.0", "aspnet-core"),
        ("pkg:npm/kafkajs@2.2.4", "kafka"),
        ("pkg:pypi/opentelemetry-sdk@1.22.0", "opentelemetry"),
        ("pkg:github/actions/checkout@v4", "github-actions"),
        ("pkg:docker/postgres@11", "postgresql"),
        ("pkg:docker/bitnami/redis@7.2", "redis"),
        ("pkg:pypi/torch@2.2.0#sub/path", "pytorch"),
    ],
)
def test_golden_purls(purl: str, expected: str) -> None:
    assert expected in _ids(CATALOG.match_purl(purl))


def test_a_dependency_may_reveal_several_technologies() -> None:
    found = _ids(CATALOG.match_purl("pkg:npm/%40aws-sdk/client-dynamodb@3.0.0"))
    assert sorted(found) == ["aws", "dynamodb"]
    assert found == [t.id for t in CATALOG if t.id in found]  # in catalog order


@pytest.mark.parametrize(
    "purl",
    ["pkg:pypi/requests-oauthlib", "pkg:npm/pgx", "pkg:golang/github.com/lib/pqx", "not-a-purl"],
)
def test_near_misses_do_not_match(purl: str) -> None:
    assert "postgresql" not in _ids(CATALOG.match_purl(purl))
    assert "requests" not in _ids(CATALOG.match_purl(purl))


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("postgres:11", "postgresql"),
        ("docker.io/library/postgres:11-alpine", "postgresql"),
        ("index.docker.io/library/postgres", "postgresql"),
        ("library/postgres@sha256:" + "a" * 64, "postgresql"),
        ("public.ecr.aws/docker/library/postgres:16", "postgresql"),
        ("bitnami/postgresql:16.1.0", "postgresql"),
        ("python:3.12-slim-bookworm", "python"),
        ("eclipse-temurin:17-jre", "eclipse-temurin"),
        ("amazoncorretto:21", "amazon-corretto"),
        ("gcr.io/distroless/static:nonroot", "distroless"),
        ("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet"),
        ("registry.access.redhat.com/ubi9/ubi-minimal", "rhel"),
        ("node:20-alpine", "nodejs"),
        ("alpine:3.19", "alpine-linux"),
    ],
)
def test_golden_images(image: str, expected: str) -> None:
    assert expected in _ids(CATALOG.match_image(image))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".github/workflows/ci.yml", "github-actions"),
        (".github/workflows/release.yaml", "github-actions"),
        ("infra/main.tf", "terraform"),
        ("main.tf", "terraform"),
        ("Dockerfile", "docker"),
        ("services/api/Dockerfile", "docker"),
        ("docker/Dockerfile.prod", "docker"),
        ("Jenkinsfile", "jenkins"),
        ("serverless.yml", "serverless-framework"),
        (".gitlab-ci.yml", "gitlab-ci"),
        ("charts/api/Chart.yaml", "helm"),
        ("deploy/kustomization.yaml", "kustomize"),
        ("docker-compose.yml", "docker-compose"),
        ("docker-compose.override.yml", "docker-compose"),
        (".circleci/config.yml", "circleci"),
        ("pom.xml", "maven"),
        ("app/build.gradle.kts", "gradle"),
        ("ansible/roles/web/tasks/main.yml", "ansible"),
        ("ios/App.xcodeproj/project.pbxproj", "xcode"),
        ("./Pulumi.yaml", "pulumi"),
        ("requirements-dev.txt", "pip"),
        ("gradle/wrapper/gradle-wrapper.properties", "gradle"),
        (".devcontainer/python/devcontainer.json", "devcontainers"),
        ("deploy\\k8s\\base\\app.yaml", "kubernetes"),
    ],
)
def test_golden_paths(path: str, expected: str) -> None:
    assert expected in _ids(CATALOG.match_path(path))


@pytest.mark.parametrize(
    "path",
    ["src/workflows/ci.yml", "docs/github/workflows/x.yml", "README.md", "terraform.md", "x.tfx"],
)
def test_paths_that_reveal_nothing(path: str) -> None:
    assert "github-actions" not in _ids(CATALOG.match_path(path))
    assert "terraform" not in _ids(CATALOG.match_path(path))


def test_languages_match_by_lodestar_name_in_any_case() -> None:
    assert _ids(CATALOG.match_language("Python")) == ["python"]
    assert _ids(CATALOG.match_language("typescript")) == ["typescript"]
    assert _ids(CATALOG.match_language("Dockerfile")) == ["docker"]
    assert CATALOG.match_language("Klingon") == []


def test_lookups() -> None:
    assert CATALOG.get("postgresql") is not None
    assert CATALOG.get("nope") is None
    assert "postgresql" in CATALOG
    found = CATALOG.find("Postgres")
    assert found is not None and found.id == "postgresql"
    assert CATALOG.by_category("CI/CD") == CATALOG.by_category(Category.CI_CD)


def test_results_are_copies() -> None:
    first = CATALOG.match_purl("pkg:pypi/django")
    first.clear()
    assert _ids(CATALOG.match_purl("pkg:pypi/django")) == ["django"]


def test_image_keys() -> None:
    assert image_key("localhost:5000/team/app:1.0") == "localhost:5000/team/app"
    assert image_key("registry-1.docker.io/library/redis@sha256:abc") == "redis"
    assert image_key("library/team/app") == "library/team/app"


def test_path_globs_are_gitignore_like() -> None:
    def matches(pattern: str, path: str) -> bool:
        return re.fullmatch(path_glob_regex(pattern), path) is not None

    assert matches("*.tf", "a/b/main.tf")
    assert matches("Dockerfile", "x/Dockerfile")
    assert matches(".github/workflows/*.yml", ".github/workflows/ci.yml")
    assert not matches(".github/workflows/*.yml", "x/.github/workflows/ci.yml")
    assert not matches(".github/workflows/*.yml", ".github/workflows/sub/ci.yml")
    assert matches("**/k8s/**", "k8s/app.yaml")
    assert matches("**/k8s/**", "deploy/k8s/base/app.yaml")
    assert matches("[Mm]akefile", "src/makefile")


# --------------------------------------------------------------------------------------------
# A workspace's catalog


def _entry(tech_id: str, *extra: str, name: str | None = None) -> str:
    lines = [
        "[[technology]]",
        f'id = "{tech_id}"',
        f'name = "{name or tech_id.title()}"',
        'category = "library"',
        'homepage = "https://example.com"',
        *extra,
    ]
    return "\n".join(lines) + "\n\n"


def test_a_workspace_adds_overrides_and_removes(tmp_path: Path) -> None:
    (tmp_path / "ours.toml").write_text(
        _entry("acme-sdk", 'purls = ["pkg:npm/%40acme/*"]', name="Acme SDK")
        + _entry("postgresql", 'purls = ["pkg:pypi/our-pg-fork"]', name="PostgreSQL (ours)")
        + '[[technology]]\nid = "jquery"\nremove = true\n'
    )
    catalog = load_catalog([tmp_path])
    assert len(catalog) == len(CATALOG)  # one added, one removed
    assert _ids(catalog.match_purl("pkg:npm/%40acme/widgets@1.0.0")) == ["acme-sdk"]
    postgres = catalog.get("postgresql")
    assert postgres is not None and postgres.name == "PostgreSQL (ours)"
    assert postgres.category == Category.LIBRARY  # the whole entry was replaced
    assert _ids(catalog.match_purl("pkg:pypi/our-pg-fork")) == ["postgresql"]
    assert catalog.match_purl("pkg:pypi/psycopg2") == []  # shipped matchers are not inherited
    assert catalog.match_image("postgres:16") == []
    assert catalog.get("jquery") is None
    assert load_catalog() is CATALOG  # the shipped catalog is untouched


def test_workspace_files_are_read_in_order_and_other_catalogs_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(_entry("one"))
    (tmp_path / "b.toml").write_text(
        _entry("two", 'category = "CI/CD"').replace('category = "library"\n', "")
    )
    (tmp_path / "languages.toml").write_text('[languages.Foo]\nextensions = ["foo"]\n')
    catalog = load_catalog([tmp_path, tmp_path / "missing"])
    assert [t.id for t in catalog][-2:] == ["one", "two"]
    two = catalog.get("two")
    assert two is not None and two.category == Category.CI_CD


def test_the_workspace_catalog_is_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    file = tmp_path / "ours.toml"
    file.write_text(_entry("one"))
    first = load_catalog([tmp_path])
    assert load_catalog([tmp_path]) is first
    file.write_text(_entry("one") + _entry("three"))
    second = load_catalog([tmp_path])
    assert second is not first and second.get("three") is not None


@pytest.mark.parametrize(
    ("text", "line", "key", "message"),
    [
        (_entry("ok") + _entry("bad", 'homepage2 = "x"'), 12, "homepage2", "unknown key"),
        (_entry("ok") + _entry("bad") + 'purls = ["npm/x"]\n', 13, "purls", "not a purl"),
        (_entry("Bad_Id"), 2, "id", "slug"),
        (_entry("x").replace("library", "gadget"), 4, "category", "category"),
        (_entry("x").replace("https://example.com", "http://example.com"), 5, "homepage", "https"),
        (_entry("x", 'images = ["postgres:16"]'), 6, "images", "image name"),
        (_entry("x") + "name = [\n", 7, None, "TOML"),
        ('[[technology]]\nname = "no id"\n', 1, "id", "needs an id"),
        ('[[technology]]\nid = "nothing-here"\nremove = true\n', 1, "id", "no such technology"),
        ('[[technology]]\nid = "x"\nremove = "yes"\n', 3, "remove", "expected true"),
        ('[[technology]]\nid = "jquery"\nremove = true\nname = "J"\n', 4, "name", "removal"),
    ],
)
def test_a_bad_workspace_file_names_path_line_and_key(
    tmp_path: Path, text: str, line: int, key: str | None, message: str
) -> None:
    file = tmp_path / "ours.toml"
    file.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_catalog([tmp_path])
    error = info.value
    assert error.path == str(file)
    assert error.line == line
    if key is not None:
        assert error.key is not None and error.key.startswith(key)
    assert message.lower() in str(error).lower()
    assert f"{file}:{line}" in str(error)


def test_an_id_defined_twice_in_a_workspace_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(_entry("same"))
    (tmp_path / "b.toml").write_text("\n" + _entry("same"))
    with pytest.raises(ConfigError, match="defined twice") as info:
        load_catalog([tmp_path])
    assert info.value.path == str(tmp_path / "b.toml")
    assert info.value.line == 2


def test_a_catalog_cannot_hold_an_id_twice() -> None:
    django = CATALOG.get("django")
    assert django is not None
    with pytest.raises(ConfigError, match="duplicate"):
        TechnologyCatalog([django, django])
