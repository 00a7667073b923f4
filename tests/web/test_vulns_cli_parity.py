"""One answer per question: ``lodestar vulns --json`` and the cockpit's Vulnerabilities page (its
API) list the same rows and count the same bands, on a scanned organisation with the real
requests, lodash and Log4Shell advisories imported and a VEX statement in its policies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.vuln_facts import scanned_workspace
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder

runner = CliRunner()
AS_OF = dt.date(2026, 12, 7)
POLICY = """vulnerabilities:
  statements:
    - advisory: GHSA-35jh-r3h4-6jhm
      repository: storefront
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
"""
LOCK = """{
  "name": "storefront", "version": "1.0.0", "lockfileVersion": 3,
  "packages": {
    "": {"name": "storefront", "version": "1.0.0", "dependencies": {"lodash": "^4.17.20"}},
    "node_modules/lodash": {"version": "4.17.20"}
  }
}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scanned_workspace(
        tmp_path_factory.mktemp("ws"),
        {
            "billing": {
                "requirements.txt": "requests==2.19.1\n",
                "CODEOWNERS": "* @acme/payments\n",
            },
            "storefront": {
                "package.json": '{"name": "storefront", "dependencies": {"lodash": "^4.17.20"}}\n',
                "package-lock.json": LOCK,
            },
        },
        POLICY,
    )


def test_the_cli_and_the_cockpit_list_the_same(workspace: Path) -> None:
    result = runner.invoke(
        app, ["-w", str(workspace), "vulns", "--all", "--json", "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    ws = Workspace.load(workspace)
    engine = open_read_only(ws.database_url)
    try:
        cockpit = cockpit_builder(ws, engine, today=AS_OF)()
        api = TestClient(create_app(lambda: cockpit)).get("/api/vulnerabilities").json()
    finally:
        engine.dispose()
    shown = [r for r in cli["vulnerabilities"] if not r["hidden"]]
    assert [(r["advisory"], r["repository"], r["package"], r["version"]) for r in shown] == [
        (r["advisory"], r["repository"], r["package"], r["version"]) for r in api["rows"]
    ]
    assert [r["url"] for r in shown] == [r["link"] for r in api["rows"]]
    assert [r["team"] or "unowned" for r in shown] == [r["team"] for r in api["rows"]]
    assert dict(api["listed"]) == cli["summary"]["bands"]
    assert api["hidden"] == cli["summary"]["hidden"] == 1  # lodash: not_affected in storefront
    assert ("CVE-2018-18074", "billing") in {(r["advisory"], r["repository"]) for r in api["rows"]}
