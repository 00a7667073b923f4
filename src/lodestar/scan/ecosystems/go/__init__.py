"""Go modules: ``go.mod`` and ``go.sum``.

The family's parsers and the files each reads, declared once (see
:mod:`lodestar.scan.ecosystems.registry`): this module imports nothing heavy, and a parser's
module is imported only when a file it reads turns up.
"""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser("go-mod", "golang", ("go.mod",), deferred(__name__, "modules.parse_go_mod")),
    ManifestParser(
        "go-sum", "golang", ("go.sum",), deferred(__name__, "modules.parse_go_sum"), lock=True
    ),
)
