"""An upstream mirror never counts as one of the organisation's repositories.

Two workspaces hold the same two repositories of the organisation; the second also holds an
upstream mirror (to which one of the organisation's people contributed) *under the same
``paths`` folder*, listed in ``[sources] upstream``, and registers that contribution as approved
in ``ip/outbound.yaml``. Every figure — repositories, technologies, the report, the verdict,
knowledge risk, experts, people, the what-if and every finding of ``check`` — is the same in
both, while the upstream mirror is read (its outbound contribution observed).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ALICE, BOB, T0
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.cli.common import store
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.ingest import observe_ip
from lodestar.settings import Workspace, init_workspace
from lodestar.store import list_repositories
from lodestar.strategy import load_strategy

runner = CliRunner()
AS_OF = "2025-06-01"
OUTSIDER = Author("Olu Outside", "olu@upstream.example.org")
OUTBOUND = """projects:
  - id: lib
    url: https://forge.example.org/upstream/lib
    approver: cto@example.com
    approved: true
"""
COMMANDS = [
    ["repos", "--json"],
    ["tech", "--json"],
    ["report", "--json"],
    ["verdict", "--json", "--as-of", AS_OF],
    ["risk", "--json", "--as-of", AS_OF],
    ["experts", "--json", "--as-of", AS_OF],
    ["people", "--json"],
    ["whatif", "--json", "--leave", ALICE.email, "--as-of", AS_OF],
]


def _org_repos(root: Path) -> None:
    api = [
        Commit(ALICE if i % 3 else BOB, T0 + timedelta(days=i), f"api change {i}", {
            "pyproject.toml": '[project]\nname = "api"\nversion = "1.0"\n'
            'dependencies = ["flask==3.0.0", "cryptography==42.0.8"]\n',
            "LICENSE": mit(2025),
            f"api/module_{i % 4}.py": f"VALUE = {i}\n" * (i + 1),
        })
        for i in range(12)
    ]  # fmt: skip
    web = [
        Commit(BOB, T0 + timedelta(days=i, hours=3), f"web change {i}", {
            "package.json": json.dumps({"name": "web", "dependencies": {"react": "18.2.0"}}),
            f"src/view_{i % 3}.js": f"export const v = {i};\n",
        })
        for i in range(6)
    ]  # fmt: skip
    build_repository(root / "repos" / "api", api)
    build_repository(root / "repos" / "web", web)


def _upstream(path: Path) -> None:
    history = [
        Commit(OUTSIDER if i != 4 else ALICE, T0 + timedelta(days=2 * i), f"upstream {i}", {
            "setup.py": "from setuptools import setup\nsetup(name='lib')\n",
            "requirements.txt": "django==4.2\n",
            f"lib/part_{i}.py": "X = 1\n" * 5,
        })
        for i in range(8)
    ]  # fmt: skip
    build_repository(path, history, bare=True)


def _workspace(root: Path, *, upstream: bool, later: bool = False) -> Path:
    """``later``: lib is scanned as the organisation's first, then named upstream."""
    _org_repos(root)
    init_workspace(root, name="Acme", sources=["repos"])
    if later:
        _upstream(root / "repos" / "lib.git")
        result = runner.invoke(app, ["-w", str(root), "scan"])
        assert result.exit_code == 0, result.output
    if upstream:
        if not later:
            _upstream(root / "repos" / "lib.git")  # also under paths: excluded all the same
        config = root / "lodestar.toml"
        text = config.read_text("utf-8").replace(
            "[sources]\n", '[sources]\nupstream = ["repos/lib.git"]\n'
        )
        config.write_text(text, "utf-8")
        (root / "ip").mkdir()
        (root / "ip" / "outbound.yaml").write_text(OUTBOUND, "utf-8")
    result = runner.invoke(app, ["-w", str(root), "scan"])
    assert result.exit_code == 0, result.output
    if later:
        assert "lib is now an upstream mirror" in " ".join(result.stderr.split())
    return root


def _normalised(text: str, root: Path) -> Any:
    text = text.replace(str(root), "ROOT")
    text = re.sub(r'"(scanned_at|seconds|generated_at)": [^,\n}]+', r'"\1": null', text)
    return json.loads(text)


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("upstream-ignored")
    return _workspace(base / "plain", upstream=False), _workspace(base / "up", upstream=True)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_figure_ignores_the_upstream_mirror(
    workspaces: tuple[Path, Path], command: list[str]
) -> None:
    plain, up = workspaces
    outputs = []
    for root in (plain, up):
        result = runner.invoke(app, ["-w", str(root), *command])
        assert result.exit_code == 0, result.output
        outputs.append(_normalised(result.stdout, root))
    assert outputs[0] == outputs[1]


def test_check_is_the_same_and_the_upstream_was_read(workspaces: tuple[Path, Path]) -> None:
    found = []
    for root in workspaces:
        result = runner.invoke(app, ["-w", str(root), "check", "--as-of", AS_OF, "-f", "json"])
        assert result.exit_code in (0, 1), result.output
        found.append(_normalised(result.stdout, root))
    assert found[0] == found[1]
    ws = Workspace.load(workspaces[1])
    with store(ws) as engine:
        observed = observe_ip(ws, engine, load_strategy(ws.root).ip)
        names = [r.name for r in list_repositories(engine)]
    (lib,) = observed.upstream
    assert (lib.name, lib.read, len(lib.commits), lib.authors) == ("lib", 8, 1, (ALICE.email,))
    assert names == ["api", "web"]  # the store never held lib


def test_a_repository_named_upstream_later_leaves_the_store(
    workspaces: tuple[Path, Path], tmp_path: Path
) -> None:
    """lib was scanned as the organisation's, then listed in ``[sources] upstream``: the next
    scan forgets its inventory, history and snapshots, so every figure is again the plain
    workspace's (its authors no longer count among the organisation's people either)."""
    later = _workspace(tmp_path / "later", upstream=True, later=True)
    for command in COMMANDS:
        outputs = []
        for root in (workspaces[0], later):
            result = runner.invoke(app, ["-w", str(root), *command])
            assert result.exit_code == 0, result.output
            outputs.append(_normalised(result.stdout, root))
        assert outputs[0] == outputs[1], command
    ws = Workspace.load(later)
    with store(ws) as engine:
        assert [r.name for r in list_repositories(engine)] == ["api", "web"]
