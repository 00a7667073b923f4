"""storefront-web: the React/TypeScript shop (MIT).

Planted: package-lock.json v3; ``.nvmrc`` 16 (past end of life); moment replaced by date-fns
in May 2026; renovate bumps; a minified script outside any vendor folder; PNG images; a merged
feature branch; lightweight version tags; a click-heatmap widget copied in (July 2026) with its
``AGPL-3.0-only`` SPDX header, which the SaaS licence policy denies; TinyMCE 7 added as a
runtime dependency (August 2026), whose ``GPL-2.0-or-later`` licence (recorded in the lock
file) the SaaS policy sends to review; lodash 4.17.20 added for the search box (April 2026),
exposed to its command injection (GHSA-35jh-r3h4-6jhm) until renovate moves it to 4.17.21 in
October 2026: a vulnerability fixed in the last quarter.
"""

from __future__ import annotations

from datetime import date, datetime

from lodestar.demo.cast import PRIYA, RENOVATE, TOMAS
from lodestar.demo.content import ci, node, node_files, owners
from lodestar.demo.content.assets import MINIFIED_JS, png
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

HEATMAP = """// SPDX-License-Identifier: AGPL-3.0-only
// Adapted from an open-source click-heatmap widget (AGPL-3.0).

export type Point = [number, number];

export function recordClick(event: MouseEvent, buffer: Point[]): void {
  buffer.push([event.pageX, event.pageY]);
}

export function density(buffer: Point[], cell = 24): Map<string, number> {
  const cells = new Map<string, number>();
  for (const [x, y] of buffer) {
    const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return cells;
}
"""

EDITOR = """import tinymce from 'tinymce';

export function mountDescriptionEditor(target: HTMLTextAreaElement): void {
  tinymce.init({ target, menubar: false, plugins: 'lists link', toolbar: 'bold italic | bullist' });
}
"""

SCRIPTS = {"dev": "vite", "build": "tsc && vite build", "preview": "vite preview"}

CHECKOUT = """import { useState } from 'react';
import { deliveryWindow } from '../lib/dates';

export function Checkout() {
  const [step, setStep] = useState<'address' | 'payment' | 'review'>('address');
  return (
    <section aria-label="checkout">
      <ol className="steps">
        <li aria-current={step === 'address'}>Address</li>
        <li aria-current={step === 'payment'}>Payment</li>
        <li aria-current={step === 'review'}>Review</li>
      </ol>
      <p>Delivery {deliveryWindow(new Date(), 3)}</p>
      <button onClick={() => setStep(step === 'address' ? 'payment' : 'review')}>Continue</button>
    </section>
  );
}
"""


SEARCH = """import debounce from 'lodash/debounce';

// One catalogue request per pause in typing, not one per key.
export const search = debounce((query: string, run: (query: string) => void) => run(query), 250);
"""


class _Storefront:
    def __init__(self) -> None:
        self.s = Story("storefront-web", conventional=True)
        self.version = "2.0.0"
        self.dev_names = set(node.STOREFRONT_DEV)
        upgrades = {
            "vite": ["5.0.12", "5.2.11", "5.4.10"],
            "typescript": ["5.4.5", "5.6.3"],
            "axios": ["1.6.8", "1.7.7"],
            "react-router-dom": ["6.22.3"],
        }
        current = {**node.STOREFRONT_DEPS, **node.STOREFRONT_DEV}
        self.deps = Deps(current, upgrades, lambda _: self.manifests())
        self.code = Module(
            "src/api/catalogue.ts",
            node.catalogue_ts,
            list(node.STOREFRONT_ENDPOINTS),
            feature="Add {title} to the catalogue client",
        )

    def manifests(self) -> dict[str, str]:
        prod = {k: v for k, v in self.deps.current.items() if k not in self.dev_names}
        dev = {k: v for k, v in self.deps.current.items() if k in self.dev_names}
        return {
            "package.json": node.package_json(
                "storefront-web",
                self.version,
                licence="MIT",
                deps=prod,
                dev=dev,
                scripts=SCRIPTS,
                node="16",
            ),
            "package-lock.json": node.storefront_lock(self.version, prod, dev),
        }

    def start(self) -> Files:
        return {
            "README.md": node_files.STOREFRONT_README,
            "LICENSE": mit(2023),
            ".gitignore": "node_modules/\ndist/\n.env.local\n",
            ".nvmrc": "16\n",
            "renovate.json": ci.renovate_json(),
            ".github/workflows/ci.yml": ci.github_workflow(
                "ci", "node", "16", ["npm ci", "npm run build"], cache="npm"
            ),
            "public/favicon.png": png(32),
            "src/assets/logo.png": png(64, (200, 90, 40)),
            "public/js/nw-beacon.min.js": MINIFIED_JS,
            "src/lib/dates.ts": node_files.storefront_dates("moment"),
            self.code.path: self.code.content(),
            **node_files.storefront_files(),
            **self.manifests(),
        }

    def date_fns(self) -> Files:
        del self.deps.current["moment"]
        self.deps.current["date-fns"] = "3.6.0"
        return {"src/lib/dates.ts": node_files.storefront_dates("date-fns"), **self.manifests()}

    def tinymce(self) -> Files:
        self.deps.current["tinymce"] = "7.3.0"
        return {"src/components/DescriptionEditor.tsx": EDITOR, **self.manifests()}

    def plant_lodash(self) -> None:
        """lodash for the search box (April 2026), fixed by renovate in October 2026."""
        message = "feat(search): debounce the search box"
        self.s.plan(TOMAS, (2026, 4, 14, 15), message, compute=self.lodash)
        self.s.at(datetime(2026, 10, 12, 5, 20, tzinfo=RENOVATE.tz), self.lodash_fix)

    def lodash(self) -> Files:
        self.deps.current["lodash"] = "4.17.20"
        return {"src/lib/search.ts": SEARCH, **self.manifests()}

    def lodash_fix(self, when: datetime) -> None:
        self.deps.upgrades["lodash"] = ["4.17.21"]  # planted, so the random bumps are unchanged
        self.s.bump(RENOVATE, when, self.deps, "lodash")

    def release_files(self, version: str) -> Files:
        self.version = version
        return dict(self.manifests())

    def history(self) -> list[Commit]:
        s = self.s
        s.plan(
            PRIYA,
            (2024, 11, 6, 11, 3),
            "chore: import storefront from the agency repository",
            compute=self.start,
        )
        cast = [(PRIYA, 5), (TOMAS, 3)]
        s.spread(
            date(2024, 11, 12), date(2026, 10, 21), 30, cast, s.routine(self.code, scope="web")
        )
        branch = "feature/checkout-redesign"
        s.plan(
            PRIYA,
            (2025, 4, 8, 15),
            "feat(checkout): add the stepper layout",
            {"src/pages/Checkout.tsx": CHECKOUT},
            branch=branch,
        )
        s.plan(
            TOMAS,
            (2025, 4, 10, 10),
            "feat(checkout): route /checkout to the new page",
            {"src/pages/index.ts": "export { Checkout } from './Checkout';\n"},
            branch=branch,
        )
        s.plan(
            PRIYA,
            (2025, 4, 14, 16, 30),
            "Merge pull request #214 from northwind-labs/feature/checkout-redesign",
            merge=branch,
        )
        s.plan(
            PRIYA,
            (2026, 5, 12, 14, 20),
            "refactor(dates): replace moment with date-fns\n\n"
            "moment is in maintenance mode; date-fns is tree-shakeable (FE-88).",
            compute=self.date_fns,
        )
        s.plan(
            TOMAS,
            (2026, 7, 21, 15, 10),
            "feat(analytics): click heatmap on product pages\n\n"
            "Adapted from an open-source heatmap widget.",
            {"src/lib/heatmap.ts": HEATMAP},
        )
        s.plan(
            TOMAS,
            (2026, 8, 18, 11, 40),
            "feat(catalogue): rich-text product descriptions with TinyMCE",
            compute=self.tinymce,
        )
        s.releases(
            [
                ("2.1.0", PRIYA, (2025, 1, 14, 12)),
                ("2.2.0", PRIYA, (2025, 4, 22, 12)),
                ("2.3.0", TOMAS, (2025, 9, 9, 12)),
                ("2.4.0", PRIYA, (2026, 2, 3, 12)),
                ("3.0.0", PRIYA, (2026, 6, 2, 12)),
            ],
            self.release_files,
            annotated=False,
        )
        days = [
            date(2025, 2, 3),
            date(2025, 5, 12),
            date(2025, 7, 7),
            date(2025, 10, 6),
            date(2025, 12, 1),
            date(2026, 3, 2),
            date(2026, 7, 6),
            date(2026, 9, 7),
        ]
        s.bumps(RENOVATE, self.deps, days)
        self.plant_lodash()
        owners.declare(s, "storefront-web")
        return s.play()


def history() -> list[Commit]:
    return _Storefront().history()


BLUEPRINT = Blueprint("storefront-web", history, "TypeScript/React/Vite, MIT, node 16")
