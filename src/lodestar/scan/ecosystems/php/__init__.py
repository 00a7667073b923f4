"""PHP's Composer: ``composer.json`` and ``composer.lock``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "composer-json",
        "composer",
        ("composer.json",),
        deferred(__name__, "composer.parse_composer_json"),
    ),
    ManifestParser(
        "composer-lock",
        "composer",
        ("composer.lock",),
        deferred(__name__, "composer.parse_composer_lock"),
        lock=True,
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("composer.json", deferred(__name__, "composer.declared_licence_of")),)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    (".php-version", deferred(__name__, "runtime.read_php_version")),
    ("composer.json", deferred(__name__, "runtime.read_composer_json")),
)
