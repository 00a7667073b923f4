"""Every JSON view of one organisation, written to a folder, for a byte-for-byte comparison.

    python scripts/golden_views.py OUT [MIRROR ...] [--demo]

A refactoring guard (issue 11: "scan results are byte-identical before and after"): run it on
the commit before a change and on the commit after, then ``diff -r`` the two folders. With
``--demo`` the demo organisation is built and its views written under ``OUT/demo``; each
MIRROR (a bare git mirror of a public project) is cloned ``--mirror --shared`` into one
organisation whose views go under ``OUT/real``. Views: ``repos``, ``report``, ``deps``,
``tech``, ``eol``, ``check``, ``drift``, ``campaigns``, ``initiatives``, ``risk``,
``releases``, ``experts``, ``people`` and the cockpit's JSON API (every ``/api/...`` page
without a parameter). Volatile values (times of the run, the temporary paths, durations) are
replaced by ``<volatile>``; everything else is kept as printed. Network: none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

LODESTAR = [sys.executable, "-m", "lodestar"]
VIEWS: dict[str, list[str]] = {
    "repos": ["repos", "--json"],
    "report": ["report", "--json"],
    "deps": ["deps", "--json"],
    "tech": ["tech", "--json"],
    "eol": ["eol", "--json"],
    "check": ["check", "--format", "json"],
    "drift": ["drift", "--json"],
    "campaigns": ["campaigns", "--json"],
    "initiatives": ["initiatives", "--json"],
    "risk": ["risk", "--json", "--top", "1000"],
    "releases": ["releases", "--json"],
    "experts": ["experts", "--json"],
    "people": ["people", "--json"],
}
VOLATILE_KEYS = {"seconds", "elapsed", "duration", "scanned_at", "generated", "generated_at"}
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def _normalise(value: Any, tmp: str) -> Any:
    if isinstance(value, dict):
        return {
            k: "<volatile>" if k in VOLATILE_KEYS else _normalise(v, tmp) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalise(v, tmp) for v in value]
    if isinstance(value, str):
        return value.replace(tmp, "<tmp>")
    return value


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run([*LODESTAR, *args], env=env, capture_output=True, text=True, check=False)
    if "Traceback" in proc.stderr:
        raise SystemExit(f"{' '.join(args)}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    return proc.returncode, proc.stdout


def _dump(ws: Path, out: Path, tmp: str, env: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, args in VIEWS.items():
        code, stdout = _run(["-w", str(ws), *args], env)
        try:
            body: Any = _normalise(json.loads(stdout), tmp)
        except json.JSONDecodeError:
            body = {"not-json": stdout[:2000]}
        text = json.dumps({"exit": code, "body": body}, indent=1, sort_keys=True)
        (out / f"{name}.json").write_text(text + "\n", "utf-8")
    _dump_api(ws, out / "api", tmp)


def _dump_api(ws: Path, out: Path, tmp: str) -> None:
    # read late, so that a run of the views needs no cockpit until it asks for the API
    from starlette.testclient import TestClient  # noqa: PLC0415

    from lodestar.settings import Workspace  # noqa: PLC0415
    from lodestar.store.db import open_engine  # noqa: PLC0415
    from lodestar.web.app import create_app  # noqa: PLC0415
    from lodestar.web.server import cockpit_builder  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    workspace = Workspace.load(ws)
    engine = open_engine(workspace.database_url)
    try:
        app = create_app(cockpit_builder(workspace, engine))
        with TestClient(app) as client:
            spec = client.get("/api/openapi.json").json()
            paths = sorted(p for p in spec.get("paths", {}) if "{" not in p)
            for path in paths:
                response = client.get(path)
                try:
                    body: Any = _normalise(response.json(), tmp)
                except ValueError:
                    body = {"not-json": response.text[:2000]}
                name = path.strip("/").replace("/", "_") or "api"
                text = json.dumps(
                    {"status": response.status_code, "body": body}, indent=1, sort_keys=True
                )
                (out / f"{name}.json").write_text(text + "\n", "utf-8")
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("mirrors", nargs="*", type=Path)
    parser.add_argument("--demo", action="store_true", help="also the demo organisation")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lodestar-golden-"))
    tmp = str(root)
    env = {**os.environ, "LODESTAR_DATABASE_URL": "", "COLUMNS": "200", "NO_COLOR": "1"}
    if args.demo:
        demo = root / "demo"
        code, _ = _run(["demo", str(demo), "--no-serve"], env)
        if code:
            raise SystemExit(f"demo: exit {code}")
        ws = next(p.parent for p in demo.rglob("lodestar.toml"))
        _dump(ws, args.out / "demo", tmp, env)
    if args.mirrors:
        repos = root / "repos"
        repos.mkdir()
        for mirror in args.mirrors:
            label = mirror.parent.name if mirror.name in ("repo", ".git") else mirror.name
            target = repos / f"{label.split('+')[-1].removesuffix('.git')}.git"
            subprocess.run(
                ["git", "clone", "--quiet", "--mirror", "--shared", str(mirror), str(target)],
                check=True,
            )
        ws = root / "ws"
        _run(["init", str(ws), "--name", "Real org", "--source", "../repos"], env)
        code, _ = _run(["-w", str(ws), "scan", "--json"], env)
        if code:
            raise SystemExit(f"scan: exit {code}")
        _dump(ws, args.out / "real", tmp, env)
    sys.stdout.write(f"views written under {args.out} (work folder {root})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
