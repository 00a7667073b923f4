"""Reading version text: exact versions, version ranges, Java vendors, version-manager tools.

The file readers (each ecosystem family's ``runtime`` module, :mod:`lodestar.scan.runtimes_files`)
turn what a file says into :class:`Declared` values; :func:`resolve` turns one into the version
a :class:`~lodestar.records.RuntimeDeclaration` carries, normalised against the EOL catalog:

* an **exact** version (``.nvmrc``'s ``v16.20.2``, go.mod's ``go 1.21``, an image tag) is
  reduced by :func:`~lodestar.catalog.eol.version_from_image_tag` and named by its release
  cycle when the catalog knows one and the version is at least as precise as the cycle
  (``3.11.4`` → ``3.11``, ``buster`` → ``10``, ``1.8`` → ``8`` for Java, ``net6.0``'s ``6.0``
  → ``6``); a version less precise than the cycles (``3`` for Python, ``6`` for Redis) is kept
  as written, so that it keeps floating to the newest cycle it covers as a ``python:3`` tag
  does; a number the catalog does not know is kept as written (its state is unknown later);
  a word that names no cycle (``system``, ``latest``, ``lts``) is no version and gives nothing;
* a **range** (``requires-python = ">=3.8"``, ``engines.node: "^18 || >=20"``, composer's
  ``"php": "^7.4|^8.0"``, a Gemfile's ``ruby "~> 3.2"``) gives the **lowest version it admits**,
  the oldest runtime the project still says it supports (see :func:`lowest_bound`). A range
  without a lower bound (``<4``, ``*``) admits every version and gives nothing. The same
  syntaxes read as intervals (:func:`~lodestar.safeparse.range_intervals`) tell which release
  cycles a range admits (:func:`admitted_cycles`), for judging a supported range by every
  version it allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lodestar.catalog import Cycle, EolCatalog, version_from_image_tag
from lodestar.safeparse import VersionKey, lowest_bound, range_intervals, release_span
from lodestar.scan.ecosystems.documents import Documents

__all__ = [
    "DEPLOYED",
    "DEVELOPMENT",
    "JAVA_NEUTRAL",
    "MAX_LINE",
    "SUPPORTED",
    "TOOLS",
    "Declared",
    "Source",
    "Warn",
    "admitted_cycles",
    "java_declared",
    "java_release",
    "lowest_bound",
    "node_version",
    "resolve",
    "resolve_exact",
    "ruby_declared",
    "text_lines",
]

Warn = Callable[[str], None]

# What a declaration states (RuntimeDeclaration.intent); see lodestar.scan.runtimes.
DEPLOYED, SUPPORTED, DEVELOPMENT = "deployed", "supported", "development"

MAX_LINE = 4096  # characters; a longer line in a line-oriented file is skipped with a warning

# The endoflife.date product a declared Java release (maven.compiler.release, Gradle's
# toolchain, a bare "17" in .java-version) is checked against. endoflife.date has no product
# for "Java the language"; Eclipse Temurin is the vendor-neutral OpenJDK build with a public
# support calendar, so a release is judged by when Temurin stops supporting it. Its calendar
# has no cycles for the short-lived 9, 10 and 12-15: those stay unknown.
JAVA_NEUTRAL = "eclipse-temurin"

# asdf / mise tool names (and their common aliases) → endoflife.date product. ``java``,
# ``ruby`` and ``nodejs`` values are read by java_declared, ruby_declared and node_version.
TOOLS: dict[str, str] = {
    "python": "python",
    "nodejs": "nodejs",
    "node": "nodejs",
    "ruby": "ruby",
    "jruby": "jruby",
    "golang": "go",
    "go": "go",
    "php": "php",
    "dotnet": "dotnet",
    "dotnet-core": "dotnet",
    "dotnet-sdk": "dotnet",
    "deno": "deno",
    "bun": "bun",
    "rust": "rust",
    "kotlin": "kotlin",
    "scala": "scala",
    "groovy": "apache-groovy",
    "elixir": "elixir",
    "erlang": "erlang",
    "perl": "perl",
    "lua": "lua",
    "julia": "julia",
    "gleam": "gleam",
    "terraform": "terraform",
    "opentofu": "opentofu",
    "packer": "hashicorp-packer",
    "vault": "hashicorp-vault",
    "consul": "consul",
    "nomad": "nomad",
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "redis": "redis",
    "mongodb": "mongodb",
    "maven": "apache-maven",
    "gradle": "gradle",
    "ant": "apache-ant",
    "bazel": "bazel",
    "yarn": "yarn",
    "pnpm": "pnpm",
}

# Node.js LTS codenames (``lts/hydrogen`` in .nvmrc, ``lts-hydrogen`` for asdf) → major. The
# EOL data carries no codenames for Node.js, and these never change once given.
_NODE_LTS = {
    "argon": "4", "boron": "6", "carbon": "8", "dubnium": "10", "erbium": "12",
    "fermium": "14", "gallium": "16", "hydrogen": "18", "iron": "20", "jod": "22",
    "krypton": "24",
}  # fmt: skip

# Java distributions as version managers name them (asdf-java, mise, jenv: ``temurin-17.0.8``),
# longest prefix first. None: the distribution's version is not the Java release (Mandrel).
_JAVA_VENDORS: tuple[tuple[str, str | None], ...] = (
    ("adoptopenjdk", "eclipse-temurin"),
    ("temurin", "eclipse-temurin"),
    ("adopt", "eclipse-temurin"),
    ("corretto", "amazon-corretto"),
    ("amazon", "amazon-corretto"),
    ("zulu", "azul-zulu"),
    ("azul", "azul-zulu"),
    ("liberica", "bellsoft-liberica"),
    ("bellsoft", "bellsoft-liberica"),
    ("microsoft", "microsoft-build-of-openjdk"),
    ("sapmachine", "sapmachine"),
    ("semeru", "ibm-semeru"),
    ("oracle-graalvm", "oracle-graalvm"),
    ("graalvm-community", JAVA_NEUTRAL),
    ("graalvm", "oracle-graalvm"),
    ("oracle", "oracle-jdk"),
    ("openjdk", "openjdk-builds-from-oracle"),
    ("redhat", "red-hat-build-of-openjdk"),
    ("mandrel", None),
)
# SDKMAN! identifier suffixes (``17.0.8-tem``).
_SDKMAN_VENDORS: dict[str, str | None] = {
    "tem": "eclipse-temurin",
    "amzn": "amazon-corretto",
    "zulu": "azul-zulu",
    "librca": "bellsoft-liberica",
    "nik": "bellsoft-liberica",
    "ms": "microsoft-build-of-openjdk",
    "sapmchn": "sapmachine",
    "sem": "ibm-semeru",
    "oracle": "oracle-jdk",
    "open": "openjdk-builds-from-oracle",
    "graal": "oracle-graalvm",
    "grl": "oracle-graalvm",
    "mandrel": None,
}
_JAVA_ONE_DOT = re.compile(r"1\.(?=[5-9](?:\D|$))")  # 1.8 is Java 8 (and 1.5 is Java 5)
_JAVA_IN_GRAAL = re.compile(r"(?:\+java|\.r|java)(\d+)")  # 22.3.0+java17, 22.3.r17
_VENDOR_SPLIT = re.compile(r"(?:^|-)(?=\d)")

_CYCLE_NUMBER = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True, slots=True)
class Source:
    """One file handed to a reader: its path, its bytes, and its text (decoded once), and the
    scan's parsed files (:mod:`lodestar.scan.ecosystems.documents`), so that package metadata
    the dependency parsers and licence readers parse is not parsed again."""

    path: str
    data: bytes
    text: str
    documents: Documents | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Declared:
    """One version a file declares, before it is normalised against the EOL catalog."""

    product: str  # endoflife.date product id
    text: str  # the version, or the range when ``is_range``
    declared: str  # as written in the file
    line: int | None = None
    is_range: bool = False
    intent: str = DEPLOYED  # SUPPORTED for a range a library supports (see RuntimeDeclaration)


def text_lines(text: str, warn: Warn) -> Iterator[tuple[int, str]]:
    """(1-based number, stripped text) of each line; over-long lines skipped with one warning."""
    warned = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > MAX_LINE:
            if not warned:
                warn(f"line {number} is longer than {MAX_LINE} characters; skipped")
                warned = True
            continue
        yield number, raw.strip()


def admitted_cycles(eol: EolCatalog, product: str, text: str) -> tuple[list[Cycle], bool]:
    """The catalog cycles of ``product`` a range admits some version of, and whether it also
    admits versions after every cycle the catalog knows (no upper bound, or one past the
    newest cycle). Cycles that are not numbers (codenames only) are left out. ValueError
    when the range cannot be read."""
    intervals = range_intervals(text)
    admitted: list[Cycle] = []
    newest: VersionKey = ()
    for cycle in eol.cycles(product):
        found = _CYCLE_NUMBER.match(cycle.cycle)
        if found is None:
            continue
        start, end = release_span(found.group(0))
        newest = max(newest, end)
        if any(interval.admits_span(start, end) for interval in intervals):
            admitted.append(cycle)
    beyond = any(
        i.high is None or i.high > newest or (i.high_inclusive and i.high == newest)
        for i in intervals
    )
    return admitted, beyond


def resolve_exact(eol: EolCatalog, product: str, text: str) -> str | None:
    """The version an exact declaration carries (see the module docstring); None for none."""
    value = text.strip()
    if not value or ":" in value or "/" in value or len(value) > 128:
        return None  # ref:…, path:…, prefix:…, lts/* and the like name no version
    version = version_from_image_tag(value)
    if version is None:
        return None
    cycle = eol.cycle_for(product, version)
    if cycle is None:
        return version if version[0].isdigit() else None
    if not version[0].isdigit():
        return cycle.cycle  # a codename: buster → 10
    given = version.split(".")
    if given[0] == "1" and len(given) > 1 and not cycle.cycle.startswith("1"):
        given = given[1:]  # Java's 1.8 is 8
    found = _CYCLE_NUMBER.match(cycle.cycle)
    wanted = len(found.group(0).split(".")) if found else 1
    return cycle.cycle if len(given) >= wanted else version


def resolve(eol: EolCatalog, declared: Declared) -> str | None:
    """The normalised version of one declaration; ValueError for an unreadable range."""
    if not declared.is_range:
        return resolve_exact(eol, declared.product, declared.text)
    bound = lowest_bound(declared.text)
    if bound is None:
        return None
    parts = bound.split(".")
    padded = ".".join(parts + ["0"] * (3 - len(parts)))  # >=3 admits 3.0 first, not 3.14
    cycle = eol.cycle_for(declared.product, padded)
    return cycle.cycle if cycle is not None else bound


def node_version(text: str) -> str | None:
    """A Node.js version as nvm, asdf and mise write it; LTS codenames become their major."""
    value = text.strip().lower()
    for prefix in ("lts/", "lts-"):
        if value.startswith(prefix):
            return _NODE_LTS.get(value.removeprefix(prefix))
    digits = value[1:] if value[:1] == "v" else value
    return value if digits[:1].isdigit() else None


def ruby_declared(text: str) -> tuple[str, str] | None:
    """(product, version) of a Ruby as rbenv, rvm, asdf write it: ``3.2.2``, ``ruby-3.2.2``,
    ``jruby-9.4.5.0``; None for other engines (TruffleRuby, mruby) and aliases."""
    value = text.strip().split("@", 1)[0]
    lowered = value.lower()
    if lowered.startswith("jruby-"):
        return "jruby", value[6:]
    if lowered.startswith("ruby-"):
        value = value[5:]
    return ("ruby", value) if value[:1].isdigit() else None


def java_release(version: str) -> str:
    """A Java version with the old ``1.`` prefix dropped from 1.5 on: ``1.8.0_292`` → ``8.0_292``.

    The EOL catalog drops it itself only for products with no ``1.x`` cycle; Oracle's calendar
    has 1.4 and older, so the reader does it for every Java product.
    """
    return _JAVA_ONE_DOT.sub("", version.strip(), count=1) if version.startswith("1.") else version


def java_declared(text: str) -> tuple[str, str] | None:
    """(product, version) of a Java as version managers write it; None when not a Java release.

    ``temurin-17.0.8+7`` (asdf-java, mise), ``openjdk64-17.0.2`` (jenv), ``17.0.8-tem``
    (SDKMAN!) name the distribution, whose own endoflife.date calendar is used; a bare ``17``
    or ``1.8`` and distributions without a calendar of their own (Kona, Dragonwell, JetBrains
    Runtime, GraalVM Community …) are judged by :data:`JAVA_NEUTRAL`. GraalVM's older versions
    carry the Java release after ``+java`` or ``.r`` (``22.3.0+java17``, ``22.3.r17-grl``).
    """
    value = text.strip()
    if not value or len(value) > 128:
        return None
    product: str | None = JAVA_NEUTRAL
    if value[0].isdigit():
        version, dash, suffix = value.rpartition("-")
        if dash and suffix.isalpha():
            product = _SDKMAN_VENDORS.get(suffix.lower(), JAVA_NEUTRAL)
        else:
            version = value
    else:
        split = _VENDOR_SPLIT.search(value)
        if split is None or split.start() == 0:
            return None
        vendor = value[: split.start()].lower().removesuffix("64")
        version = value[split.end() :]
        product = next((p for name, p in _JAVA_VENDORS if vendor.startswith(name)), JAVA_NEUTRAL)
    if product is None:
        return None
    graal = _JAVA_IN_GRAAL.search(version)
    if graal is not None:
        version = graal.group(1)
    return product, java_release(version)
