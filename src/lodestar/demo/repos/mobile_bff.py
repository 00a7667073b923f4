"""mobile-bff: the Express backend-for-frontend of the mobile apps.

Planted: a licence mismatch (package.json says MIT, LICENSE is Apache-2.0); yarn.lock; GitLab CI;
``node:16-alpine``; moment replaced by date-fns in August 2026; dependabot bumps; lodash 4.17.15 in
yarn.lock (two lodash advisories); a GitLab CODEOWNERS with sections, one naming the unknown
team ``@northwind-labs/appsec``; crypto-js (tagged ``crypto``) with no ip/export.yaml record
(``ip-export-record-missing``).
"""

from __future__ import annotations

from datetime import date

from lodestar.demo.cast import DEPENDABOT, PRIYA, TOMAS
from lodestar.demo.content import ci, node, node_files, owners
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module, Unit

SCRIPTS = {"start": "node src/server.js", "dev": "nodemon src/server.js", "test": "jest"}


class _Bff:
    def __init__(self) -> None:
        self.s = Story("mobile-bff")
        self.version = "1.4.2"
        upgrades = {"axios": ["1.6.8", "1.7.4"], "express": ["4.19.2", "4.21.1"]}
        self.deps = Deps(dict(node.BFF_DEPS), upgrades, lambda _: self.manifests())
        self.code = Module(
            "src/routes/mobile.js",
            node.bff_routes,
            list(node.BFF_ROUTES[2:]),
            units=[Unit(name, 20) for name in node.BFF_ROUTES[:2]],
            feature="Add {title} endpoint",
        )

    def manifests(self) -> dict[str, str]:
        package = node.package_json(
            "mobile-bff",
            self.version,
            licence="MIT",
            deps=self.deps.current,
            dev=node.BFF_DEV,
            scripts=SCRIPTS,
            node="16",
        )
        return {"package.json": package, "yarn.lock": node.bff_lock(self.deps.current)}

    def start(self) -> Files:
        stages = {
            "install": ["yarn install --frozen-lockfile"],
            "test": ["yarn test --ci"],
            "deploy": ["./scripts/deploy.sh $CI_COMMIT_SHORT_SHA"],
        }
        return {
            "README.md": node_files.BFF_README,
            "LICENSE": APACHE_2_0,
            ".gitignore": "node_modules/\ncoverage/\n.env\n",
            ".nvmrc": "16\n",
            "Dockerfile": node_files.BFF_DOCKERFILE,
            ".gitlab-ci.yml": ci.gitlab_ci("node:16-alpine", stages),
            "src/dates.js": node_files.bff_dates("moment"),
            self.code.path: self.code.content(),
            **node_files.bff_files(),
            **self.manifests(),
        }

    def date_fns(self) -> Files:
        del self.deps.current["moment"]
        self.deps.current["date-fns"] = "3.6.0"
        return {"src/dates.js": node_files.bff_dates("date-fns"), **self.manifests()}

    def history(self) -> list[Commit]:
        s = self.s
        s.plan(TOMAS, (2024, 11, 8, 10), "Initial commit of the mobile BFF", compute=self.start)
        cast = [(TOMAS, 5), (PRIYA, 2)]
        s.spread(
            date(2024, 11, 13), date(2026, 10, 16), 20, cast, s.routine(self.code, scope="bff")
        )
        s.plan(
            TOMAS,
            (2026, 8, 19, 16, 40),
            "Replace moment with date-fns (FE-88)",
            compute=self.date_fns,
        )
        days = [date(2025, 3, 10), date(2025, 6, 23), date(2025, 11, 17), date(2026, 4, 13)]
        s.bumps(DEPENDABOT, self.deps, days)
        owners.declare(s, "mobile-bff")
        return s.play()


def history() -> list[Commit]:
    return _Bff().history()


BLUEPRINT = Blueprint("mobile-bff", history, "Node/Express, yarn, licence mismatch")
