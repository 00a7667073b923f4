"""Real repositories as one organisation: every view tells the same story (issue 10, point 8).

    python benchmarks/real_org.py MIRROR [MIRROR ...] [--workdir DIR] [--markdown]

Each MIRROR is a git repository (a bare mirror is fine) of a public project; the script clones
each one ``--mirror --shared`` under a name of its own (``owner+name`` folders become ``name``),
so nothing is copied and the originals are never written. It then runs, as a user would, in
child processes: ``lodestar init``, ``lodestar scan --json`` (inventory, history, snapshots),
and reads every view — ``repos``, ``report``, ``risk``, ``people``, ``experts``, ``check
--format json``, the cockpit's JSON API (in process, read-only) and ``site build`` — and checks
the invariants a CTO who cross-checks every number would check:

1. no repository is missing from any view (repos, report, risk, the API);
2. one answer: ``check`` findings == ``/api/findings`` == the site's ``api/findings.json``;
3. no display name twice in any people list (people, each truck factor, departed owners);
4. every repository's top language is a programming or markup language;
5. every failure of the scan is shown by ``repos --json`` with its stage;
6. exit codes: ``scan`` 0, ``check`` 0 or 1 (findings), never 2 or a traceback.

It prints the repositories with their commits and figures, each invariant's verdict, and exits
1 when one fails. Network: none (the mirrors are local).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from lodestar.catalog.languages import default_catalog
from lodestar.settings import Workspace
from lodestar.store.db import open_engine
from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder

LODESTAR = [sys.executable, "-m", "lodestar"]


def _run(args: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0,)) -> str:
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in ok or "Traceback" in proc.stderr:
        raise SystemExit(f"{' '.join(args[2:])}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    return proc.stdout


def _json(args: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0,)) -> Any:
    return json.loads(_run(args, env, ok=ok))


def _clone(mirrors: list[Path], repos: Path) -> list[tuple[str, str]]:
    """(name, commit) of each mirror, cloned --mirror --shared into ``repos``."""
    out = []
    for mirror in mirrors:
        label = mirror.parent.name if mirror.name in ("repo", ".git") else mirror.name
        name = label.split("+")[-1].removesuffix(".git")
        target = repos / f"{name}.git"
        if not target.exists():
            subprocess.run(
                ["git", "clone", "--quiet", "--mirror", "--shared", str(mirror), str(target)],
                check=True,
            )
        commit = subprocess.run(
            ["git", "--git-dir", str(target), "rev-parse", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        out.append((name, commit))
    return out


def _api_findings(ws: Path) -> list[dict[str, Any]]:
    """``/api/findings`` of the cockpit ``lodestar serve`` would run, asked in process."""
    workspace = Workspace.load(ws)
    engine = open_engine(workspace.database_url)
    try:
        with TestClient(create_app(cockpit_builder(workspace, engine))) as client:
            response = client.get("/api/findings")
            response.raise_for_status()
            body = response.json()
    finally:
        engine.dispose()
    return list(body["findings"] if isinstance(body, dict) else body)


def _names(value: Any) -> list[str]:
    """The display names in a risk field: a list of names, or of records with a ``name``."""
    if isinstance(value, dict):
        return _names(value.get("people", []))
    if not isinstance(value, list):
        return []
    return [str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value]


def _key(finding: dict[str, Any]) -> str:
    return json.dumps(
        {k: finding.get(k) for k in ("rule", "severity", "repository", "message", "evidence")},
        sort_keys=True,
    )


def _check(verdicts: list[tuple[str, bool, str]], name: str, ok: bool, detail: str) -> None:
    verdicts.append((name, ok, detail))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mirrors", nargs="+", type=Path)
    parser.add_argument("--workdir", type=Path, help="keep the clones and workspace here")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="lodestar-real-org-"))
    repos = root / "repos"
    repos.mkdir(parents=True, exist_ok=True)
    cloned = _clone([m.resolve() for m in args.mirrors], repos)
    ws = root / "ws"
    env = {**os.environ, "LODESTAR_DATABASE_URL": "", "COLUMNS": "200"}
    if not (ws / "lodestar.toml").exists():
        _run([*LODESTAR, "init", str(ws), "--name", "Real org", "--source", "../repos"], env)

    started = time.perf_counter()
    scan = _json([*LODESTAR, "-w", str(ws), "scan", "--json"], env)
    seconds = time.perf_counter() - started
    names = {name for name, _ in cloned}
    verdicts: list[tuple[str, bool, str]] = []

    repos_view = _json([*LODESTAR, "-w", str(ws), "repos", "--json"], env)
    rows = {r["name"]: r for r in repos_view["repositories"]}
    report = _json([*LODESTAR, "-w", str(ws), "report", "--json"], env)
    risk = _json([*LODESTAR, "-w", str(ws), "risk", "--json", "--top", "1000"], env)
    people = _json([*LODESTAR, "-w", str(ws), "people", "--json"], env)
    check = _json([*LODESTAR, "-w", str(ws), "check", "--format", "json"], env, ok=(0, 1))
    site = root / "site"
    _run([*LODESTAR, "-w", str(ws), "site", "build", str(site)], env)
    site_findings = json.loads((site / "api" / "findings.json").read_text("utf-8"))
    api = _api_findings(ws)

    # 1. every repository in every view
    risk_names = {r["repository"] for r in risk.get("repositories", [])} | set(
        risk.get("unscanned", [])
    )
    missing = {
        "repos": sorted(names - set(rows)),
        "report": [] if report["repositories"] == len(names) else [f"{report['repositories']}"],
        "risk": sorted(names - risk_names),
    }
    _check(verdicts, "every repository in every view", not any(missing.values()), str(missing))

    # 2. one answer for findings
    cli = Counter(_key(f) for f in check["findings"])
    site_list = site_findings["findings"] if isinstance(site_findings, dict) else site_findings
    same = cli == Counter(_key(f) for f in api) == Counter(_key(f) for f in site_list)
    _check(verdicts, "check == /api/findings == site", same, f"{sum(cli.values())} findings")

    # 3. no display name twice
    shown = Counter(p["name"] for p in people["list"])
    twice = sorted(n for n, c in shown.items() if c > 1)
    for repo in risk.get("repositories", []):
        for field, value in repo.items():
            listed = _names(value) if "people" in field or "owner" in field else []
            twice += [f"{repo['repository']}:{n}" for n, c in Counter(listed).items() if c > 1]
    _check(verdicts, "no display name twice", not twice, f"{len(shown)} people; {twice[:5]}")

    # 4. top languages are code
    languages = default_catalog()
    not_code = {
        n: r["languages"][0][0]
        for n, r in rows.items()
        if r["languages"] and not languages.is_code(r["languages"][0][0])
    }
    _check(verdicts, "top language is code", not not_code, str(not_code))

    # 5. failures shown
    failed = {(f["repository"], f["stage"]) for f in scan.get("failures", [])}
    listed = {(n, f["stage"]) for n, r in rows.items() for f in r.get("failures", [])}
    _check(verdicts, "every failure shown by repos", failed <= listed, str(sorted(failed)))

    # the figures, then the verdicts
    history = {h["name"]: h for h in (scan.get("history") or {}).get("repositories", [])}
    table = [("repository", "commit", "own code", "top languages", "commits read", "warnings")]
    for name, commit in cloned:
        row = rows.get(name, {})
        langs = ", ".join(lang for lang, _ in row.get("languages", [])[:3])
        hist = history.get(name, {})
        table.append(
            (
                name,
                commit[:12],
                f"{row.get('own_code', 0):,}",
                langs,
                f"{hist.get('commits_read', 0):,}",
                str(len(hist.get("warnings", []))),
            )
        )
    if args.markdown:
        print("| " + " | ".join(table[0]) + " |")
        print("|" + "---|" * len(table[0]))
        for line in table[1:]:
            print("| " + " | ".join(line) + " |")
    else:
        for line in table:
            print("  ".join(f"{c:<14}" for c in line))
    print(
        f"\nscan: {seconds:.1f} s wall for {len(cloned)} repositories; "
        f"{scan.get('failed', 0)} failed; {people['people']:,} people from "
        f"{people['identities']:,} identities ({people['merged']:,} merged)"
    )
    for name, ok, detail in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 0 if all(ok for _, ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
