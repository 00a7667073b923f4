"""The JSON API keeps the contract its OpenAPI document states, on generated requests.

Schemathesis reads ``/api/openapi.json`` from the app in process (no network, no server), then
sends each operation boundary cases (the coverage phase) and generated requests (the fuzzing
phase), positive and negative, over the demo organisation's store. Every response must be a
documented status with the documented content type and body, and never a server error. The run
is bounded (examples per operation) and derandomized with a fixed seed, so it is the same run
every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import Case

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.server import cockpit_builder

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "positive_data_acceptance",  # a request the document calls valid is answered 2xx
)
CONFIG = {
    "seed": 20260601,
    "generation": {"max-examples": 50, "deterministic": True, "database": "none"},
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
}


_BUILDERS: list[Callable[[], Cockpit]] = []  # the demo's cockpit, once the fixture built it


def _cockpit() -> Cockpit:
    return _BUILDERS[-1]()


# The document is read from the app when the module loads (schemathesis makes one test per
# operation at collection); the cockpit behind it comes from the demo fixture when tests run.
schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json",
    create_app(_cockpit, cache_seconds=3600),
    config=schemathesis.Config.from_dict(CONFIG),
)


@pytest.fixture(scope="module", autouse=True)
def _demo_store(demo_root: Path) -> Iterator[None]:
    ws = Workspace.load(demo_root)
    engine = open_read_only(ws.database_url)
    _BUILDERS.append(cockpit_builder(ws, engine))
    yield
    _BUILDERS.pop()
    engine.dispose()


@schema.parametrize()
def test_the_api_keeps_its_contract(case: Case) -> None:
    case.call_and_validate()
