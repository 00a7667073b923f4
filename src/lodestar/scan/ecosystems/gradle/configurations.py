"""Gradle configurations that plugins add for tools: never part of the product.

Code-quality and coverage plugins resolve their tool through a configuration named after it
(``checkstyle``, ``pmd``, ``spotbugs``, ``codenarc``, ``jacocoAgent``/``jacocoAnt``,
``errorprone``, ``ktlint``, ``detekt``, ``lintChecks``, ``antlr`` …): build scope, whatever the
build script or lock file otherwise suggests. JMH benchmarks (``jmh``, ``jmhImplementation`` …)
are dev; documentation tools (``dokka…``, ``asciidoctor…``) are docs. Both the build-script
reader (:mod:`gradle`) and the lock reader (:mod:`gradle_lock`) ask here first.
"""

from __future__ import annotations

from lodestar.records import Scope

BUILD_TOOLS = frozenset(
    {
        "checkstyle", "pmd", "spotbugs", "spotbugsplugins", "spotbugsslf4j", "codenarc",
        "jacocoagent", "jacocoant", "errorprone", "errorpronejavac", "ktlint", "detekt",
        "detektplugins", "lintchecks", "antlr", "kover", "spotless", "pitest", "jdepend",
    }
)  # fmt: skip
# the names as build scripts write them, for recognising a declaration
KNOWN = frozenset(
    {
        "checkstyle", "pmd", "spotbugs", "spotbugsPlugins", "spotbugsSlf4j", "codenarc",
        "jacocoAgent", "jacocoAnt", "errorprone", "errorproneJavac", "ktlint", "detekt",
        "detektPlugins", "lintChecks", "antlr", "kover", "pitest", "jdepend", "jmh",
        "dokkaPlugin", "dokkaHtmlPlugin", "dokkaGfmPlugin", "asciidoctor", "asciidoctorExt",
    }
)  # fmt: skip
_DOCS = ("dokka", "asciidoctor")


def tool_scope(name: str) -> Scope | None:
    """The scope of a tool configuration (see the module docstring); None for any other."""
    low = name.lower()
    if low in BUILD_TOOLS:
        return Scope.BUILD
    if low.startswith("jmh"):
        return Scope.DEV
    if low.startswith(_DOCS):
        return Scope.DOCS
    return None
