"""orders-api: the busiest repository (Python/FastAPI, Apache-2.0).

Planted: the routes hotspot; the ``app/`` -> ``src/orders/`` rename; a merged feature branch;
annotated tags v1.0.0 … v1.5.0; a revert and a hotfix; dependabot bumps; a ``.mailmap`` joining
Dmitri's two identities; the Python 3.8 -> 3.12 migration (March 2026); a generated ``_pb2.py``;
a symlink ``docs/CHANGELOG.md``; order events published to Kafka (January 2026: confluent-kafka in
the manifests, so Dmitri, who writes them, is the one active Kafka expert the what-if and the
training plan name).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from lodestar.demo.cast import (
    AMARA,
    CHLOE,
    DEPENDABOT,
    DMITRI,
    DMITRI_GITHUB,
    SOFIA,
    TOMAS,
    Person,
)
from lodestar.demo.content import ci, owners, python
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Story
from lodestar.demo.units import Module, runbook

README = """# orders-api

The order management API behind the Northwind storefront, the mobile app (through mobile-bff)
and partner channels.

## Running locally

```sh
docker compose -f ../platform-infra/docker-compose.yml up -d postgres
uv sync
uv run uvicorn orders.main:app --reload
```

## Layout

- `src/orders/api/routes.py`: HTTP routes
- `src/orders/models.py`: SQLAlchemy models
- `proto/orders.proto`: the event schema shared with inventory-service

Owned by the Orders team (#team-orders).
"""

MAILMAP = (
    "Dmitri Volkov <dmitri.volkov@northwind-labs.example> "
    "dvolkov <dvolkov@users.noreply.github.com>\n"
)

PROTO = """syntax = "proto3";

package northwind;

message Order {
  int64 id = 1;
  string customer = 2;
  string channel = 3;
  string status = 4;
  string total = 5;
}
"""

IMPORTER = '''# SPDX-License-Identifier: Apache-2.0
"""Bulk import of orders from partner CSV exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from orders.models import Order, OrderStatus

REQUIRED = ("customer_ref", "channel", "total")


def read_orders(path: Path) -> Iterator[Order]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            missing = [column for column in REQUIRED if not row.get(column)]
            if missing:
                raise ValueError(f"{path}: row {row!r} lacks {', '.join(missing)}")
            yield Order(
                customer_ref=row["customer_ref"],
                channel=row["channel"],
                status=OrderStatus.OPEN,
                total=Decimal(row["total"]),
            )
'''

CACHE = '''# SPDX-License-Identifier: Apache-2.0
"""Response cache for order listings."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1024)
def cached_listing(name: str, limit: int) -> tuple[int, ...]:
    return ()
'''

RUNBOOK = [
    "database failover",
    "replaying payment webhooks",
    "rotating the database password",
    "scaling during sales events",
    "reading the order audit log",
    "restoring a cancelled order",
]

IMPORTER_TEST = (
    "from pathlib import Path\n\nfrom orders.importer import read_orders\n\n\n"
    "def test_reads_rows(tmp_path: Path) -> None:\n"
    '    path = tmp_path / "orders.csv"\n'
    '    path.write_text("customer_ref,channel,total\\nC-1,partner,12.50\\n")\n'
    "    assert len(list(read_orders(path))) == 1\n"
)

HEALTH_TEST = (
    "from fastapi.testclient import TestClient\n\nfrom {pkg}.main import app\n\n\n"
    "def test_health() -> None:\n"
    '    assert TestClient(app).get("/healthz").json() == {{"status": "ok"}}\n'
)

EVENTS = '''# SPDX-License-Identifier: Apache-2.0
"""Order events, published to Kafka (ADR-20251015-event-streaming-with-kafka)."""

from __future__ import annotations

from confluent_kafka import Producer

from orders.models import Order

TOPIC = "orders.events.v1"


def publish(producer: Producer, order: Order, kind: str) -> None:
    key = str(order.id).encode()
    producer.produce(TOPIC, key=key, value=f"{kind}:{order.status}".encode())
'''

BUMP_DAYS = [
    date(2025, 1, 13),
    date(2025, 3, 24),
    date(2025, 5, 5),
    date(2025, 7, 14),
    date(2025, 8, 18),
    date(2025, 10, 13),
    date(2026, 1, 19),
    date(2026, 4, 20),
    date(2026, 6, 8),
    date(2026, 9, 14),
]


class _OrdersApi:
    """The repository's mutable state and its planted events."""

    def __init__(self) -> None:
        self.s = Story("orders-api")
        self.routes = Module("app/routes.py", python.routes("app"), list(python.ROUTE_NAMES))
        self.runbook = Module(
            "docs/runbook.md",
            runbook("orders-api runbook", "Procedures for the on-call engineer."),
            list(RUNBOOK),
            feature="Document {title}",
            fixes=("Clarify {title} in the runbook", "Update the {title} steps"),
        )
        self.version = "0.1.0"
        self.python = "3.8"
        upgrades = {k: list(v) for k, v in python.UPGRADES.items()}
        self.deps = Deps(dict(python.DIRECT), upgrades, lambda _: self.manifests())

    def manifests(self) -> dict[str, str]:
        return {
            "pyproject.toml": python.pyproject(self.version, self.python, self.deps.current),
            "uv.lock": python.uv_lock_for(self.version, self.python, self.deps.current),
        }

    def workflow(self) -> str:
        steps = ["uv sync --frozen", "uv run ruff check", "uv run pytest -q"]
        return ci.github_workflow("ci", "python", self.python, steps)

    def start(self, when: datetime) -> None:
        files: dict[str, str | bytes | None] = {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            ".gitignore": ".venv/\n__pycache__/\n*.pyc\n.pytest_cache/\n.ruff_cache/\n",
            ".python-version": "3.8\n",
            "Dockerfile": python.dockerfile("3.8"),
            ".github/workflows/ci.yml": self.workflow(),
            ".github/dependabot.yml": ci.dependabot_yml("pip"),
            "proto/orders.proto": PROTO,
            "app/orders_pb2.py": python.orders_pb2(),
            self.routes.path: self.routes.content(),
            "tests/test_health.py": HEALTH_TEST.format(pkg="app"),
            **python.static_files("app"),
            **self.manifests(),
        }
        self.s.commit(DMITRI, when, "Initial import of the orders service", files)

    def move_to_src(self, when: datetime) -> None:
        moves = {f"app/{m}.py": f"src/orders/{m}.py" for m in python.STATIC_MODULES}
        moves["app/routes.py"] = "src/orders/api/routes.py"
        moves["app/orders_pb2.py"] = "src/orders/proto/orders_pb2.py"
        self.routes.path = moves["app/routes.py"]
        self.routes.render = python.routes("orders")
        files: dict[str, str | bytes | None] = {
            **python.static_files("orders"),
            self.routes.path: self.routes.content(),
            "src/orders/api/__init__.py": "",
            "tests/test_health.py": HEALTH_TEST.format(pkg="orders"),
        }
        message = "Move the application package to a src/orders layout"
        self.s.commit(DMITRI, when, message, files, renames=moves)

    def release(self, who: Person, version: str) -> Callable[[datetime], None]:
        def run(when: datetime) -> None:
            self.version = version
            self.s.release(who, when, version, self.manifests())

        return run

    def hotfix(self, when: datetime) -> None:
        path = "src/orders/settings.py"
        fixed = self.s.text(path).replace("pool_size: int = 10", "pool_size: int = 5")
        message = "hotfix: cap the connection pool at 5 after pgbouncer exhaustion"
        self.s.commit(CHLOE, when, message, {path: fixed})
        self.s.unreleased.append(("Fixed", "Cap the database connection pool at 5"))
        self.release(CHLOE, "1.3.1")(when + timedelta(minutes=25))

    def python312(self, when: datetime) -> None:
        self.python = "3.12"
        files = {
            ".python-version": "3.12\n",
            "Dockerfile": python.dockerfile("3.12"),
            ".github/workflows/ci.yml": self.workflow(),
            **self.manifests(),
        }
        message = (
            "Upgrade to Python 3.12\n\nPart of the Python 3.8 end-of-life campaign (PLAT-212).\n"
        )
        self.s.commit(DMITRI, when, message, files)

    def kafka_events(self, when: datetime) -> None:
        self.deps.current["confluent-kafka"] = "2.3.0"
        files = {"src/orders/events.py": EVENTS, **self.manifests()}
        message = "Publish order events to Kafka\n\nFirst producer of ADR-20251015.\n"
        self.s.commit(DMITRI, when, message, files)

    def history(self) -> list[Commit]:
        s = self.s
        s.at(DMITRI.local(2024, 11, 4, 10, 12), self.start)
        cast = [(DMITRI, 6), (DMITRI_GITHUB, 2), (AMARA, 1), (TOMAS, 1), (CHLOE, 1), (SOFIA, 1)]
        work = s.routine(self.routes, self.runbook)
        s.spread(date(2024, 11, 11), date(2026, 10, 23), 40, cast, work)
        s.at(DMITRI.local(2025, 2, 10, 9, 40), self.move_to_src)
        for version, who, when in [
            ("1.0.0", DMITRI, DMITRI.local(2024, 12, 16, 16, 5)),
            ("1.1.0", DMITRI, DMITRI.local(2025, 3, 3, 15, 30)),
            ("1.2.0", AMARA, AMARA.local(2025, 6, 16, 14, 0)),
            ("1.3.0", DMITRI, DMITRI.local(2025, 9, 29, 17, 10)),
            ("1.4.0", DMITRI, DMITRI.local(2026, 3, 16, 11, 45)),
            ("1.5.0", DMITRI, DMITRI.local(2026, 8, 24, 10, 20)),
        ]:
            s.at(when, self.release(who, version))
        branch = "feature/bulk-import"
        importer = {"src/orders/importer.py": IMPORTER}
        s.plan(
            DMITRI,
            DMITRI.local(2025, 5, 26, 10),
            "Add CSV importer for partner orders",
            importer,
            branch=branch,
        )
        s.plan(
            TOMAS,
            TOMAS.local(2025, 5, 28, 14),
            "Test the importer against a partner export",
            {"tests/test_importer.py": IMPORTER_TEST},
            branch=branch,
        )
        s.plan(DMITRI, DMITRI.local(2025, 6, 2, 17, 30), f"Merge branch '{branch}'", merge=branch)
        caching = "Enable response caching for order listings"
        s.plan(
            DMITRI_GITHUB,
            DMITRI_GITHUB.local(2025, 9, 16, 15),
            caching,
            {"src/orders/cache.py": CACHE},
        )
        s.plan(
            DMITRI,
            DMITRI.local(2025, 9, 17, 9, 20),
            f'Revert "{caching}"\n\nCached listings served stale states after cancellations.\n',
            {"src/orders/cache.py": None},
        )
        s.at(CHLOE.local(2025, 11, 6, 22, 10), self.hotfix)
        s.plan(
            DMITRI,
            DMITRI.local(2025, 4, 7, 12),
            "Add a mailmap for my GitHub identity",
            {".mailmap": MAILMAP},
        )
        s.plan(
            AMARA,
            AMARA.local(2025, 4, 22, 10),
            "Link the changelog from the docs",
            symlinks={"docs/CHANGELOG.md": "../CHANGELOG.md"},
        )
        s.at(DMITRI.local(2026, 3, 10, 14, 30), self.python312)
        s.at(DMITRI.local(2026, 1, 26, 11, 5), self.kafka_events)
        s.bumps(DEPENDABOT, self.deps, BUMP_DAYS)
        owners.declare(s, "orders-api")
        return s.play()


def history() -> list[Commit]:
    return _OrdersApi().history()


BLUEPRINT = Blueprint("orders-api", history, "Python/FastAPI service, Apache-2.0, the hotspot")
