"""The demo organisation, built and scanned once per test process (``lodestar demo``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.demo.demo_run import AS_OF, invoke


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "northwind"
    output = invoke("demo", str(root), "--no-serve")
    (root.parent / "demo-output.txt").write_text(output, "utf-8")  # beside, not in, the workspace
    return root


@pytest.fixture(scope="session")
def demo_output(demo: Path) -> str:
    """What ``lodestar demo`` printed while building :func:`demo`."""
    return (demo.parent / "demo-output.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def checked(demo: Path) -> dict[str, Any]:
    # the demo has errors on purpose: exit 1
    data: dict[str, Any] = json.loads(
        invoke("-w", str(demo), "check", "--as-of", AS_OF, "-f", "json", code=1)
    )
    return data
