"""Runtime, OS, database and framework versions read from dependencies the manifest parsers found.

**Container images** (ecosystem ``docker``: Dockerfile ``FROM``, compose ``image:``,
Kubernetes, Helm, CI jobs; ``source="image"``). The image is looked up with the technology
catalog's :meth:`~lodestar.catalog.technologies.TechnologyCatalog.match_image`; every
technology it reveals that has an ``eol`` product gets the version its tag names
(:func:`~lodestar.catalog.eol.version_from_image_tag`: ``python:3.8-slim`` → python 3.8,
``node:16-alpine`` → nodejs 16, ``postgres:11`` → postgresql 11, ``debian:buster`` → debian 10,
``eclipse-temurin:8-jre`` → eclipse-temurin 8). Some images need more than the tag:

* AWS Lambda base images name the Lambda runtime they are built for, whose deprecation
  calendar is endoflife.date's ``aws-lambda`` (``public.ecr.aws/lambda/python:3.11`` →
  ``python3.11``, ``lambda/nodejs:18`` → ``nodejs18.x``);
* Red Hat's images carry their versions in the name and tag their own build
  (``registry.access.redhat.com/ubi8/openjdk-17:1.18`` → rhel 8, red-hat-build-of-openjdk 17):
  for the products of :data:`VERSION_IN_NAME` the name is read instead of the tag;
* SQL Server's images are tagged by year, its calendar numbered by version
  (:data:`TAG_ALIASES`: ``2019-latest`` → 15.0);
* a dev container image's own release before the product's version is dropped
  (``devcontainers/javascript-node:1-18-bullseye`` → nodejs 18).

Nothing comes of a tag that names no version (``latest``, ``lts-alpine``, ``alpine``), no tag,
a digest only, an unresolved ``${VAR}``, a word that names no cycle of the product
(``devcontainers/base:bullseye`` is not an Ubuntu release), a date-stamp tag of a product whose
versions are small numbers (``cimg/base:2023.01``), nor the images of
:data:`VENDOR_VERSIONED_IMAGES`, whose tags carry a vendor's or a companion tool's release
numbers (Confluent Platform 7.5 ships Kafka 3.5; ``jenkins/agent`` is tagged by agent release).

An image is what runs (intent ``deployed``) unless it is a development environment
(``development``, :func:`is_development_image`): declared under ``.devcontainer/``, in a
``devcontainer.json``, ``.gitpod.yml`` or ``.gitpod.Dockerfile``, or a dev container image
itself (``mcr.microsoft.com/devcontainers/…``).

The tag of a catalog image also tells its **base OS** when it says so, and that is emitted too:
a Debian or Ubuntu codename (``python:3.8-slim-buster`` → debian 10, ``eclipse-temurin:17-jammy``
→ ubuntu 22.04), ``alpineX.Y`` (``node:16-alpine3.15`` → alpine-linux 3.15), ``ubuntuYY.MM``,
``debian-N`` (Bitnami) and ``ubiN`` (Red Hat UBI → rhel N). A bare ``-alpine`` or ``-slim``
names no OS release (it moves with the image) and is not guessed; nor is the OS of an image
the catalog does not know.

**Frameworks** (``source="lock"``): a dependency with an exact resolved ``version`` (a lock
file, an exact pin, a Maven parent) whose package is one of :data:`FRAMEWORKS`, the packages
whose version *is* the product's version (``django`` 3.2.25 → django 3.2, ``railties`` 7.1.3 →
ruby-on-rails 7.1, ``org.springframework.boot:*`` 2.7.18 → spring-boot 2.7, ``@angular/core``,
``laravel/framework``, .NET runtime packs …). The technology catalog's purl patterns are wider
on purpose (``pkg:pypi/redis`` reveals that Redis is used, but the client's 5.0 is not the
server's version), so they are not used for versions. Dependencies declared under test
fixtures are left out, like everywhere else in the organisation's totals.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from lodestar.catalog import (
    EolCatalog,
    PatternIndex,
    TechnologyCatalog,
    image_key,
    version_from_image_tag,
)
from lodestar.records import Dependency, RuntimeDeclaration
from lodestar.safeparse import purl_key
from lodestar.scan.runtimes_versions import DEPLOYED, DEVELOPMENT, resolve_exact

__all__ = [
    "FRAMEWORKS",
    "TAG_ALIASES",
    "VENDOR_VERSIONED_IMAGES",
    "VERSION_IN_NAME",
    "dependency_declarations",
    "image_declarations",
    "is_development_image",
    "os_from_tag",
]

# Catalog images whose tag is a vendor's or a companion tool's release number, not the version
# of the product the catalog maps them to (the catalog is right that they reveal the product).
VENDOR_VERSIONED_IMAGES = frozenset(
    {
        "confluentinc/cp-kafka",  # Confluent Platform 7.5 ships Kafka 3.5
        "confluentinc/cp-server",
        "confluentinc/cp-zookeeper",
        "wurstmeister/kafka",  # <scala>-<kafka>
        "jenkins/agent",  # agent and remoting releases
        "jenkins/inbound-agent",
        "jenkins/ssh-agent",
        "sonarsource/sonar-scanner-cli",  # the scanner's release
        "docker/buildx-bin",  # Buildx's release
        "nginx/nginx-ingress",  # the ingress controllers' releases
        "registry.k8s.io/ingress-nginx/controller",
        "haproxytech/kubernetes-ingress",
        "mcr.microsoft.com/azure-sql-edge",  # Azure SQL Edge's own numbering
    }
)
# Images whose tags start with the image's own release before the product's version
# (``devcontainers/javascript-node:1-18-bullseye`` is image 1 with Node.js 18).
_IMAGE_RELEASE_PREFIXED = (
    "mcr.microsoft.com/devcontainers/",
    "mcr.microsoft.com/vscode/devcontainers/",
)
_DEVELOPMENT_FILES = frozenset(
    {".devcontainer.json", "devcontainer.json", ".gitpod.yml", ".gitpod.dockerfile"}
)
# from the start of a dotted number only, taken whole: linear on a long run of digits
_IMAGE_RELEASE = re.compile(r"(?<!\d)(?<!\d\.)\d++(?:\.\d++)*+-(?=\d)")

# Packages whose version is the product's version: purl key glob → endoflife.date product.
FRAMEWORKS: tuple[tuple[str, str], ...] = (
    # Python
    ("pkg:pypi/django", "django"),
    ("pkg:pypi/wagtail", "wagtail"),
    ("pkg:pypi/numpy", "numpy"),
    ("pkg:pypi/apache-airflow", "apache-airflow"),
    ("pkg:pypi/dbt-core", "dbt-core"),
    ("pkg:pypi/pyspark", "apache-spark"),
    ("pkg:pypi/pyside6", "qt"),
    ("pkg:pypi/pyside2", "qt"),
    # JavaScript and TypeScript
    ("pkg:npm/react", "react"),
    ("pkg:npm/react-dom", "react"),
    ("pkg:npm/vue", "vue"),
    ("pkg:npm/%40angular/core", "angular"),
    ("pkg:npm/angular", "angularjs"),
    ("pkg:npm/next", "nextjs"),
    ("pkg:npm/nuxt", "nuxt"),
    ("pkg:npm/express", "express"),
    ("pkg:npm/svelte", "svelte"),
    ("pkg:npm/ember-source", "emberjs"),
    ("pkg:npm/react-native", "react-native"),
    ("pkg:npm/electron", "electron"),
    ("pkg:npm/%40ionic/core", "ionic"),
    ("pkg:npm/%40ionic/angular", "ionic"),
    ("pkg:npm/%40ionic/react", "ionic"),
    ("pkg:npm/%40ionic/vue", "ionic"),
    ("pkg:npm/tailwindcss", "tailwind-css"),
    ("pkg:npm/bootstrap", "bootstrap"),
    ("pkg:npm/%40strapi/strapi", "strapi"),
    ("pkg:npm/%40adonisjs/core", "adonisjs"),
    ("pkg:npm/quasar", "quasar"),
    ("pkg:npm/vuetify", "vuetify"),
    ("pkg:npm/jquery", "jquery"),
    ("pkg:npm/jquery-ui", "jquery-ui"),
    ("pkg:npm/eslint", "eslint"),
    ("pkg:npm/generator-jhipster", "jhipster"),
    ("pkg:npm/aws-cdk-lib", "amazon-cdk"),
    # JVM
    ("pkg:maven/org.springframework.boot/*", "spring-boot"),
    ("pkg:maven/org.springframework/spring-*", "spring-framework"),
    ("pkg:maven/org.springframework.security/spring-security-*", "spring-security"),
    ("pkg:maven/org.springframework.cloud/spring-cloud-dependencies", "spring-cloud"),
    ("pkg:maven/io.quarkus/quarkus-core", "quarkus-framework"),
    ("pkg:maven/io.quarkus/quarkus-bom", "quarkus-framework"),
    ("pkg:maven/io.quarkus.platform/quarkus-bom", "quarkus-framework"),
    ("pkg:maven/io.micronaut/micronaut-core", "micronaut"),
    ("pkg:maven/io.micronaut.platform/micronaut-platform", "micronaut"),
    ("pkg:maven/io.dropwizard/dropwizard-core", "dropwizard"),
    ("pkg:maven/org.grails/grails-core", "grails"),
    ("pkg:maven/org.apache.struts/struts2-core", "apache-struts"),
    ("pkg:maven/org.apache.camel/camel-core", "apache-camel"),
    ("pkg:maven/org.hibernate/hibernate-core", "hibernate-orm"),
    ("pkg:maven/org.hibernate.orm/hibernate-core", "hibernate-orm"),
    ("pkg:maven/org.apache.logging.log4j/log4j-core", "log4j"),
    ("pkg:maven/log4j/log4j", "log4j"),
    ("pkg:maven/org.jetbrains.kotlin/kotlin-stdlib*", "kotlin"),
    ("pkg:maven/org.scala-lang/scala-library", "scala"),
    ("pkg:maven/org.scala-lang/scala3-library_3", "scala"),
    ("pkg:maven/org.apache.groovy/groovy", "apache-groovy"),
    ("pkg:maven/org.codehaus.groovy/groovy", "apache-groovy"),
    ("pkg:maven/org.apache.tomcat.embed/tomcat-embed-core", "tomcat"),
    ("pkg:maven/org.eclipse.jetty/jetty-server", "eclipse-jetty"),
    ("pkg:maven/org.apache.lucene/lucene-core", "apache-lucene"),
    ("pkg:maven/org.apache.spark/spark-core_*", "apache-spark"),
    ("pkg:maven/tech.jhipster/jhipster-framework", "jhipster"),
    # Ruby
    ("pkg:gem/rails", "ruby-on-rails"),
    ("pkg:gem/railties", "ruby-on-rails"),
    # PHP
    ("pkg:composer/laravel/framework", "laravel"),
    ("pkg:composer/symfony/symfony", "symfony"),
    ("pkg:composer/symfony/framework-bundle", "symfony"),
    ("pkg:composer/symfony/http-kernel", "symfony"),
    ("pkg:composer/cakephp/cakephp", "cakephp"),
    ("pkg:composer/drupal/core", "drupal"),
    ("pkg:composer/drupal/core-recommended", "drupal"),
    ("pkg:composer/magento/product-community-edition", "magento"),
    ("pkg:composer/twig/twig", "twig"),
    ("pkg:composer/guzzlehttp/guzzle", "guzzle"),
    ("pkg:composer/roots/wordpress", "wordpress"),
    ("pkg:composer/johnpbloch/wordpress", "wordpress"),
    ("pkg:composer/api-platform/core", "api-platform"),
    # .NET: the runtime packs a lock file pins carry the runtime's version
    ("pkg:nuget/microsoft.netcore.app", "dotnet"),
    ("pkg:nuget/microsoft.netcore.app.*", "dotnet"),
    ("pkg:nuget/microsoft.aspnetcore.app", "dotnet"),
    ("pkg:nuget/microsoft.aspnetcore.app.*", "dotnet"),
    ("pkg:nuget/microsoft.windowsdesktop.app.*", "dotnet"),
    ("pkg:nuget/umbraco.cms", "umbraco"),
    ("pkg:nuget/umbraco.cms.core", "umbraco"),
    # Elixir
    ("pkg:hex/phoenix", "phoenix-framework"),
)

# Products whose images carry the version in the image name rather than in the tag.
VERSION_IN_NAME: dict[str, re.Pattern[str]] = {
    "rhel": re.compile(r"/(?:ubi|rhel)(\d+)(?:[-/]|$)"),
    "red-hat-build-of-openjdk": re.compile(r"/openjdk-(\d+)(?:[-/]|$)"),
}

# Products whose image tags name releases the EOL calendar numbers otherwise.
TAG_ALIASES: dict[str, dict[str, str]] = {
    "mssqlserver": {"2017": "14.0", "2019": "15.0", "2022": "16.0", "2025": "17.0"},
}

_OS_PATTERNS = (
    (re.compile(r"(?:^|[-_])alpine-?(\d+\.\d+)(?=$|[-_.])"), "alpine-linux"),
    (re.compile(r"(?:^|[-_])ubuntu-?(\d{2}\.\d{2})(?=$|[-_.])"), "ubuntu"),
    (re.compile(r"(?:^|[-_])debian-?(\d{1,2})(?=$|[-_.])"), "debian"),
    (re.compile(r"(?:^|[-_])ubi(\d{1,2})(?=$|[-_.])"), "rhel"),
)
_WORDS = re.compile(r"[-_.]")
_LEADING_NUMBER = re.compile(r"\d{1,18}")  # longer runs are read in part: int() stays small
_DATE_LIKE = 1000  # a leading number this large is a date or build stamp, not a release


@functools.cache
def _framework_index() -> PatternIndex[str]:
    return PatternIndex(FRAMEWORKS)


@functools.lru_cache(maxsize=8)
def _codenames(eol: EolCatalog) -> dict[str, tuple[str, str]]:
    """Debian and Ubuntu release codenames (first word, lower case) → (product, cycle)."""
    found: dict[str, tuple[str, str]] = {}
    for product in ("debian", "ubuntu"):
        for cycle in eol.cycles(product):
            if cycle.codename and cycle.codename.split():
                found.setdefault(cycle.codename.split()[0].lower(), (product, cycle.cycle))
    return found


def os_from_tag(eol: EolCatalog, tag: str) -> list[tuple[str, str]]:
    """(product, version) of each OS release an image tag names (see the module docstring)."""
    text = tag.lower()
    found: list[tuple[str, str]] = []
    for pattern, product in _OS_PATTERNS:
        found.extend((product, m.group(1)) for m in pattern.finditer(text))
    codenames = _codenames(eol)
    found.extend(codenames[word] for word in _WORDS.split(text) if word in codenames)
    return found


def _date_stamp(eol: EolCatalog, product: str, version: str) -> bool:
    """Whether ``version`` looks like a date where the product's releases are small numbers."""
    first = _LEADING_NUMBER.match(version)
    majors = [int(m.group(0)) for c in eol.cycles(product) if (m := _LEADING_NUMBER.match(c.cycle))]
    if first is None or not majors:
        return False
    return max(majors) < _DATE_LIKE <= int(first.group(0))


def _lambda_runtime(eol: EolCatalog, name: str, tag: str) -> str | None:
    """The Lambda runtime cycle a Lambda base image names: ``lambda/nodejs:18`` → nodejs18.x."""
    runtime = name.rsplit("/", 1)[-1].removeprefix("aws-lambda-")
    cycles = {c.cycle for c in eol.cycles("aws-lambda")}
    candidates = (f"{runtime}{tag}", f"{runtime}{tag}.x", f"{runtime}.{tag}")
    return next((c for c in candidates if c in cycles), None)


def _image_version(eol: EolCatalog, product: str, name: str, tag: str) -> str | None:
    """The version of ``product`` an image ``name:tag`` names, or None."""
    if product == "aws-lambda":
        return _lambda_runtime(eol, name, tag.lower())
    in_name = VERSION_IN_NAME.get(product)
    if in_name is not None:
        named = in_name.search(name.lower())
        return resolve_exact(eol, product, named.group(1)) if named else None
    if name.startswith(_IMAGE_RELEASE_PREFIXED):
        tag = _IMAGE_RELEASE.sub("", tag, count=1)
    tag_version = version_from_image_tag(tag)
    if tag_version is None:
        return None
    tag_version = TAG_ALIASES.get(product, {}).get(tag_version, tag_version)
    version = resolve_exact(eol, product, tag_version)
    if version is None or eol.cycle_for(product, version) is not None:
        return version
    return None if _date_stamp(eol, product, version) else version


def is_development_image(manifest: str, image: str) -> bool:
    """Whether an image is a development environment rather than what production runs: one
    declared in a dev container (``.devcontainer/``, ``.devcontainer.json``) or a Gitpod
    workspace (``.gitpod.yml``, ``.gitpod.Dockerfile``), or a dev container image itself
    (``mcr.microsoft.com/devcontainers/…``) wherever it is declared."""
    parts = manifest.lower().split("/")
    if ".devcontainer" in parts[:-1] or parts[-1] in _DEVELOPMENT_FILES:
        return True
    return image.lower().startswith(_IMAGE_RELEASE_PREFIXED)


def image_declarations(
    dep: Dependency, eol: EolCatalog, catalog: TechnologyCatalog
) -> Iterator[RuntimeDeclaration]:
    """What one image dependency declares: its own products' versions and its base OS."""
    tag = dep.version
    if not tag or ":" in tag or dep.constraint:
        return  # no tag, a digest only, or an unresolved variable
    reference = f"{dep.name}:{tag}"
    technologies = catalog.match_image(reference)
    if not technologies or image_key(dep.name) in VENDOR_VERSIONED_IMAGES:
        return
    found = [(t.eol, _image_version(eol, t.eol, dep.name, tag)) for t in technologies if t.eol]
    found.extend((p, resolve_exact(eol, p, release)) for p, release in os_from_tag(eol, tag))
    intent = DEVELOPMENT if is_development_image(dep.manifest, dep.name) else DEPLOYED
    for product, version in found:
        if version is not None:
            yield RuntimeDeclaration(
                product, version, reference, dep.manifest, dep.line, "image", intent
            )


def framework_declarations(dep: Dependency, eol: EolCatalog) -> Iterator[RuntimeDeclaration]:
    """The framework version one resolved dependency carries, if it is one of FRAMEWORKS."""
    if not dep.version:
        return
    key = purl_key(dep.purl)
    if key is None:
        return
    for product in dict.fromkeys(_framework_index().match(key)):
        version = resolve_exact(eol, product, dep.version)
        if version is not None and version[:1].isdigit():
            declared = f"{dep.name}@{dep.version}"
            yield RuntimeDeclaration(product, version, declared, dep.manifest, dep.line, "lock")


def dependency_declarations(
    dependencies: Iterable[Dependency], eol: EolCatalog, catalog: TechnologyCatalog
) -> Iterator[RuntimeDeclaration]:
    """Image and framework declarations of every dependency not declared under test fixtures."""
    for dep in dependencies:
        if dep.fixture:
            continue
        if dep.ecosystem == "docker":
            yield from image_declarations(dep, eol, catalog)
        else:
            yield from framework_declarations(dep, eol)
