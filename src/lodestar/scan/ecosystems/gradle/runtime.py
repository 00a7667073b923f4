"""The Java release a Gradle build script declares, for the EOL checks
(:mod:`lodestar.scan.runtimes`).

``build.gradle``, ``build.gradle.kts``: a toolchain (``JavaLanguageVersion.of(17)``,
``jvmToolchain(17)``; the JDK the build runs on: *deployed*), else ``options.release``, else
``targetCompatibility``, else ``sourceCompatibility`` (``JavaVersion.VERSION_1_8``, ``'11'``),
else Kotlin's ``jvmTarget`` (language levels: a *supported* minimum). Lines are searched as
text; a version taken from a variable, a version catalog or ``gradle.properties`` is not seen.
"""

from __future__ import annotations

import re

from lodestar.scan.runtimes_builds import java_level
from lodestar.scan.runtimes_versions import (
    JAVA_NEUTRAL,
    Declared,
    Source,
    Warn,
    java_release,
    text_lines,
)

_JAVA_VALUE = (
    r"(?:JavaVersion\s*\.\s*VERSION_(?P<enum>\d+(?:_\d+)?)"
    r"|JavaVersion\s*\.\s*toVersion\s*\(\s*['\"]?(?P<call>\d+(?:\.\d+)?)['\"]?\s*\)"
    r"|['\"]?(?P<plain>\d+(?:\.\d+)?)\b['\"]?)"
)
_SET = r"\s*(?:=|\.\s*set\s*\()\s*"
_GRADLE = (  # in order of precedence
    re.compile(r"JavaLanguageVersion\s*\.\s*of\s*\(\s*['\"]?(?P<plain>\d+)['\"]?\s*\)"),
    re.compile(r"\bjvmToolchain\s*\(\s*(?P<plain>\d+)\s*\)"),
    re.compile(r"\boptions\s*\.\s*release" + _SET + r"(?P<plain>\d+)"),
    re.compile(r"\btargetCompatibility" + _SET + _JAVA_VALUE),
    re.compile(r"\bsourceCompatibility" + _SET + _JAVA_VALUE),
    re.compile(
        r"\bjvmTarget" + _SET + r"(?:JvmTarget\s*\.\s*JVM_(?P<enum>\d+(?:_\d+)?)"
        r"|['\"](?P<plain>\d+(?:\.\d+)?)['\"])"
    ),
)
_GRADLE_TOOLCHAINS = 2  # the first two patterns name a toolchain, the others a language level


def _java_release(found: re.Match[str]) -> str:
    groups = found.groupdict()
    if groups.get("enum"):
        return groups["enum"].replace("_", ".")
    return groups.get("call") or groups.get("plain") or ""


def read_gradle(source: Source, warn: Warn) -> list[Declared]:
    best: tuple[int, Declared] | None = None
    for number, line in text_lines(source.text, warn):
        if line.startswith(("//", "/*", "*")):
            continue
        for rank, pattern in enumerate(_GRADLE):
            if best is not None and rank >= best[0]:
                break
            found = pattern.search(line)
            if found is not None and _java_release(found):
                release = java_release(_java_release(found))
                if rank < _GRADLE_TOOLCHAINS:  # the JDK the build runs on
                    declared = Declared(JAVA_NEUTRAL, release, found.group(0), number)
                else:
                    declared = java_level(release, found.group(0), number)
                best = (rank, declared)
                break
    return [best[1]] if best else []
