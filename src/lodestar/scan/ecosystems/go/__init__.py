"""Go modules: ``go.mod`` and ``go.sum``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser("go-mod", "golang", ("go.mod",), deferred(__name__, "modules.parse_go_mod")),
    ManifestParser(
        "go-sum", "golang", ("go.sum",), deferred(__name__, "modules.parse_go_sum"), lock=True
    ),
)
