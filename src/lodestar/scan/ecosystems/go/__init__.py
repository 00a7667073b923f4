"""Go modules: ``go.mod`` and ``go.sum``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser("go-mod", "golang", ("go.mod",), deferred(__name__, "modules.parse_go_mod")),
    ManifestParser(
        "go-sum", "golang", ("go.sum",), deferred(__name__, "modules.parse_go_sum"), lock=True
    ),
)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    (".go-version", deferred(__name__, "runtime.read_go_version")),
    ("go.mod", deferred(__name__, "runtime.read_go_mod")),
    ("go.work", deferred(__name__, "runtime.read_go_mod")),
)
