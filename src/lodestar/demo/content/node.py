"""JavaScript and TypeScript: the storefront (React, Vite, npm) and the BFF (Express, yarn)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from lodestar.demo.content.lockfiles import Package, npm_lock, yarn_lock
from lodestar.demo.units import Unit

__all__ = [
    "BFF_DEPS",
    "BFF_ROUTES",
    "STOREFRONT_DEPS",
    "STOREFRONT_DEV",
    "STOREFRONT_ENDPOINTS",
    "bff_lock",
    "bff_routes",
    "catalogue_ts",
    "package_json",
    "storefront_lock",
]

# name -> (version, requirements, licence)
_NPM: dict[str, tuple[str, dict[str, str], str]] = {
    "react": ("18.2.0", {"loose-envify": "^1.1.0"}, "MIT"),
    "react-dom": ("18.2.0", {"loose-envify": "^1.1.0", "scheduler": "^0.23.0"}, "MIT"),
    "scheduler": ("0.23.0", {"loose-envify": "^1.1.0"}, "MIT"),
    "loose-envify": ("1.4.0", {"js-tokens": "^3.0.0 || ^4.0.0"}, "MIT"),
    "js-tokens": ("4.0.0", {}, "MIT"),
    "react-router-dom": (
        "6.20.0",
        {"@remix-run/router": "1.13.0", "react-router": "6.20.0"},
        "MIT",
    ),
    "react-router": ("6.20.0", {"@remix-run/router": "1.13.0"}, "MIT"),
    "@remix-run/router": ("1.13.0", {}, "MIT"),
    "moment": ("2.29.4", {}, "MIT"),
    "crypto-js": ("4.2.0", {}, "MIT"),
    "date-fns": ("3.6.0", {}, "MIT"),
    "axios": (
        "1.6.2",
        {"follow-redirects": "^1.15.0", "form-data": "^4.0.0", "proxy-from-env": "^1.1.0"},
        "MIT",
    ),
    "follow-redirects": ("1.15.3", {}, "MIT"),
    "form-data": (
        "4.0.0",
        {"asynckit": "^0.4.0", "combined-stream": "^1.0.8", "mime-types": "^2.1.12"},
        "MIT",
    ),
    "asynckit": ("0.4.0", {}, "MIT"),
    "combined-stream": ("1.0.8", {"delayed-stream": "~1.0.0"}, "MIT"),
    "delayed-stream": ("1.0.0", {}, "MIT"),
    "mime-types": ("2.1.35", {"mime-db": "1.52.0"}, "MIT"),
    "mime-db": ("1.52.0", {}, "MIT"),
    "proxy-from-env": ("1.1.0", {}, "MIT"),
    "vite": ("5.0.2", {"esbuild": "^0.19.3", "postcss": "^8.4.31", "rollup": "^4.2.0"}, "MIT"),
    "esbuild": ("0.19.8", {}, "MIT"),
    "postcss": (
        "8.4.31",
        {"nanoid": "^3.3.6", "picocolors": "^1.0.0", "source-map-js": "^1.0.2"},
        "MIT",
    ),
    "nanoid": ("3.3.7", {}, "MIT"),
    "picocolors": ("1.0.0", {}, "ISC"),
    "source-map-js": ("1.0.2", {}, "BSD-3-Clause"),
    "rollup": ("4.6.0", {}, "MIT"),
    "typescript": ("5.3.2", {}, "Apache-2.0"),
    "tinymce": ("7.3.0", {}, "GPL-2.0-or-later"),  # TinyMCE 7 moved from MIT to the GPL
    "@vitejs/plugin-react": ("4.2.0", {}, "MIT"),
    "@types/react": ("18.2.39", {"csstype": "^3.0.2"}, "MIT"),
    "@types/react-dom": ("18.2.17", {"@types/react": "*"}, "MIT"),
    "csstype": ("3.1.2", {}, "MIT"),
    "express": (
        "4.18.2",
        {
            "accepts": "~1.3.8",
            "body-parser": "1.20.1",
            "cookie": "0.5.0",
            "debug": "2.6.9",
            "qs": "6.11.0",
        },
        "MIT",
    ),
    "accepts": ("1.3.8", {"mime-types": "~2.1.34", "negotiator": "0.6.3"}, "MIT"),
    "negotiator": ("0.6.3", {}, "MIT"),
    "body-parser": ("1.20.1", {"debug": "2.6.9", "qs": "6.11.0"}, "MIT"),
    "cookie": ("0.5.0", {}, "MIT"),
    "debug": ("2.6.9", {"ms": "2.0.0"}, "MIT"),
    "ms": ("2.0.0", {}, "MIT"),
    "qs": ("6.11.0", {}, "BSD-3-Clause"),
    "helmet": ("7.1.0", {}, "MIT"),
    "cors": ("2.8.5", {"object-assign": "^4", "vary": "^1"}, "MIT"),
    "object-assign": ("4.1.1", {}, "MIT"),
    "vary": ("1.1.2", {}, "MIT"),
    "lodash": ("4.17.15", {}, "MIT"),
    "jest": ("29.7.0", {}, "MIT"),
    "supertest": ("6.3.3", {}, "MIT"),
    "nodemon": ("3.0.1", {}, "MIT"),
}

STOREFRONT_DEPS = {
    "react": "18.2.0",
    "react-dom": "18.2.0",
    "react-router-dom": "6.20.0",
    "axios": "1.6.2",
    "moment": "2.29.4",
}
STOREFRONT_DEV = {
    "vite": "5.0.2",
    "typescript": "5.3.2",
    "@vitejs/plugin-react": "4.2.0",
    "@types/react": "18.2.39",
    "@types/react-dom": "18.2.17",
}
BFF_DEPS = {
    "express": "4.18.2",
    "axios": "1.6.2",
    "helmet": "7.1.0",
    "cors": "2.8.5",
    "moment": "2.29.4",
    "crypto-js": "4.2.0",  # signs partner webhooks (HMAC); no export record (ip/export.yaml)
    "lodash": "4.17.15",  # GHSA-p6mc-m468-83gw and GHSA-35jh-r3h4-6jhm: never bumped
}
BFF_DEV = {"jest": "29.7.0", "supertest": "6.3.3", "nodemon": "3.0.1"}


def _closure(direct: Mapping[str, str], dev: bool) -> dict[str, Package]:
    """Resolved packages reachable from ``direct`` (direct versions override the table)."""
    out: dict[str, Package] = {}
    todo = list(direct.items())
    while todo:
        name, version = todo.pop()
        if name in out:
            continue
        default, requires, licence = _NPM[name]
        out[name] = Package(name, version or default, requires, dev=dev, licence=licence)
        todo += [(dep, "") for dep in requires]
    return out


def _resolve(deps: Mapping[str, str], dev: Mapping[str, str]) -> list[Package]:
    prod = _closure(deps, dev=False)
    dev_only = {k: v for k, v in _closure(dev, dev=True).items() if k not in prod}
    return [*prod.values(), *dev_only.values()]


def package_json(
    name: str,
    version: str,
    *,
    licence: str,
    deps: Mapping[str, str],
    dev: Mapping[str, str],
    scripts: Mapping[str, str],
    node: str,
) -> str:
    manifest = {
        "name": name,
        "version": version,
        "private": True,
        "license": licence,
        "engines": {"node": f">={node}"},
        "scripts": dict(scripts),
        "dependencies": {k: f"^{v}" for k, v in sorted(deps.items())},
        "devDependencies": {k: f"^{v}" for k, v in sorted(dev.items())},
    }
    return json.dumps(manifest, indent=2) + "\n"


def storefront_lock(version: str, deps: Mapping[str, str], dev: Mapping[str, str]) -> str:
    return npm_lock(
        "storefront-web",
        version,
        licence="MIT",
        dependencies={k: f"^{v}" for k, v in deps.items()},
        dev_dependencies={k: f"^{v}" for k, v in dev.items()},
        packages=_resolve(deps, dev),
        engines={"node": ">=16"},
    )


def bff_lock(deps: Mapping[str, str]) -> str:
    top = {k: f"^{v}" for k, v in {**deps, **BFF_DEV}.items()}
    return yarn_lock(top, _resolve(deps, BFF_DEV))


STOREFRONT_ENDPOINTS = [
    "featured_products",
    "new_arrivals",
    "category_tree",
    "product_reviews",
    "related_products",
    "store_locations",
    "delivery_slots",
    "gift_cards",
    "loyalty_balance",
    "saved_carts",
    "order_history",
    "promotions",
    "size_guides",
    "wishlist",
    "recently_viewed",
    "bundle_offers",
    "back_in_stock_alerts",
    "product_questions",
]


def catalogue_ts(units: Sequence[Unit]) -> str:
    """src/api/catalogue.ts, one typed fetch function per endpoint."""
    out = [
        "import { api } from './client';\n",
        "import { formatDay } from '../lib/dates';\n\n",
        "export interface Page<T> {\n  items: T[];\n  next?: string;\n  fetchedAt: string;\n}\n",
    ]
    for unit in units:
        camel = "".join(p.capitalize() for p in unit.name.split("_"))
        out.append(
            f"\nexport async function fetch{camel}(\n  limit = {unit.limit},\n"
            "): Promise<Page<unknown>> {\n"
            f"  const path = '/{unit.name.replace('_', '-')}';\n"
            "  const { data } = await api.get(path, { params: { limit } });\n"
            "  return { items: data.items, next: data.next, fetchedAt: formatDay(new Date()) };\n"
            "}\n"
        )
    return "".join(out)


BFF_ROUTES = [
    "home_feed",
    "push_preferences",
    "app_config",
    "order_tracking",
    "store_finder",
    "loyalty_card",
    "receipts",
    "product_scan",
    "feature_flags",
    "delivery_updates",
    "profile_summary",
    "coupon_wallet",
    "support_chat_token",
    "basket_sync",
]


def _handler(unit: Unit) -> str:
    return (
        f"\nrouter.get('/{unit.name.replace('_', '-')}', async (req, res, next) => {{\n"
        "  try {\n"
        f"    const limit = Math.min(Number(req.query.limit) || {unit.limit}, 200);\n"
        f"    const path = '/{unit.name.split('_')[0]}';\n"
        "    const body = await upstream.get(path, { params: { limit } });\n"
        "    res.json({ data: body.data, day: toLocalDay(new Date()) });\n"
        "  } catch (err) {\n"
        "    next(err);\n"
        "  }\n"
        "});\n"
    )


def bff_routes(units: Sequence[Unit]) -> str:
    """src/routes/mobile.js, one Express handler per screen of the app."""
    out = [
        "'use strict';\n\n",
        "const express = require('express');\n",
        "const { upstream } = require('../upstream');\n",
        "const { toLocalDay } = require('../dates');\n\n",
        "const router = express.Router();\n",
    ]
    out.extend(_handler(unit) for unit in units)
    out.append("\nmodule.exports = router;\n")
    return "".join(out)
