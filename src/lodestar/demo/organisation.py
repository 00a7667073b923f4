"""The demo organisation: Northwind Labs, fourteen repositories over two years.

:func:`build_demo_organisation` writes every repository under ``dest/repos/`` (one of them a
bare mirror under ``dest/repos/mirrors/``) and returns their paths. Everything is fixed: the
cast, the dates (between 2024-11-01 and 2026-10-31), and the random choices (seeded per
repository), so two builds give the same commit ids.

What each repository plants for the scanners and analyses is described in its module's
docstring under :mod:`lodestar.demo.repos`; :data:`REPOSITORIES` lists them with a summary.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lodestar.demo.factory import build_repository
from lodestar.demo.repos import (
    data_platform,
    inventory_service,
    ledger_service,
    legacy_billing,
    mobile_bff,
    nw_cli,
    orders_api,
    partner_portal,
    platform_docs,
    platform_infra,
    pricing_engine,
    shipping_service,
    storefront_web,
    supplier_portal,
)
from lodestar.demo.story import Blueprint

__all__ = ["ORGANISATION", "REPOSITORIES", "build_demo_organisation"]

ORGANISATION = "Northwind Labs"

REPOSITORIES: tuple[Blueprint, ...] = (
    orders_api.BLUEPRINT,
    legacy_billing.BLUEPRINT,
    storefront_web.BLUEPRINT,
    mobile_bff.BLUEPRINT,
    inventory_service.BLUEPRINT,
    ledger_service.BLUEPRINT,
    shipping_service.BLUEPRINT,
    nw_cli.BLUEPRINT,
    partner_portal.BLUEPRINT,
    supplier_portal.BLUEPRINT,
    pricing_engine.BLUEPRINT,
    platform_infra.BLUEPRINT,
    data_platform.BLUEPRINT,
    platform_docs.BLUEPRINT,
)


def _build(blueprint: Blueprint, root: Path) -> Path:
    path = root / blueprint.path
    build_repository(path, blueprint.history(), bare=blueprint.bare)
    return path


def build_demo_organisation(dest: Path) -> list[Path]:
    """Build every demo repository under ``dest/repos``; return their paths in a fixed order.

    ``dest/repos`` must not hold any of the repositories yet.
    """
    root = dest / "repos"
    root.mkdir(parents=True, exist_ok=True)
    # git does the heavy lifting in subprocesses, so a few threads overlap them usefully.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda b: _build(b, root), REPOSITORIES))
