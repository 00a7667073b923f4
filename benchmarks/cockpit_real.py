"""Cockpit speed on a real organisation: p50/p95 per page and API route, sizes, time to listen.

    python benchmarks/cockpit_real.py WORKSPACE [--runs 12] [--markdown] [--no-serve]

WORKSPACE is a scanned Lodestar workspace (``lodestar init`` + ``lodestar scan`` over real
repositories, e.g. the mirrors in ``benchmarks/real_org.py``'s way). The script

1. starts ``lodestar serve`` in a child process and measures how long it takes until its port
   accepts a connection, and until ``/`` answers 200 (the model built);
2. builds the cockpit in process once (``cockpit_builder``) and times that;
3. requests every page and API route of the page table (:data:`lodestar.web.page_table.PAGES`)
   — the list pages, and for the pages of one record the first records and every repository —
   ``--runs`` times through the app (FastAPI's TestClient, in process: routing, context,
   template, middleware), and prints p50/p95 server time and the response size.

The model is built before the timed requests (the first request is not counted), so the
figures are those of a warm cockpit, as users see it after start-up.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from fastapi.testclient import TestClient

from lodestar.settings import Workspace
from lodestar.store import open_read_only
from lodestar.web.app import create_app
from lodestar.web.links import slug
from lodestar.web.page_table import PAGES
from lodestar.web.server import cockpit_builder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> int | None:
    """The HTTP status of a GET (503 while warming up), or None when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310  loopback http
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return None


def time_to_listen(ws: Path, timeout: float = 300.0) -> tuple[float, float, float]:
    """Seconds from starting ``lodestar serve`` until its port accepts a connection, until it
    answers HTTP (a warming-up 503 counts), and until / answers 200 (the cockpit built)."""
    port = _free_port()
    env = {**os.environ, "LODESTAR_DATABASE_URL": ""}
    cmd = [sys.executable, "-m", "lodestar", "-w", str(ws), "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = [float("nan")] * 3
    try:
        while time.perf_counter() - start < timeout and found[0] != found[0]:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    found[0] = time.perf_counter() - start
            except OSError:
                time.sleep(0.02)
        while time.perf_counter() - start < timeout:
            status = _status(url)
            if status is not None and found[1] != found[1]:
                found[1] = time.perf_counter() - start
            if status == 200:
                found[2] = time.perf_counter() - start
                break
            time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return found[0], found[1], found[2]


def routes(client: TestClient) -> list[str]:
    """Every page and API route: list pages, and pages of one record (the first three records,
    every repository)."""
    out: list[str] = []
    for kind in PAGES:
        if kind.item is None:
            if kind.template is not None:
                out.append("/" + kind.path)
            out.append("/api" + kind.api_path)
            continue
        listing = client.get("/api/" + kind.head).json()
        keys = _keys(kind.head, listing)
        keys = keys if kind.head == "repositories" else keys[:3]
        for key in keys:
            if kind.template is not None:
                out.append(f"/{kind.path}{slug(key)}/")
            out.append("/api" + kind.api_path.replace("{" + kind.item.param + "}", key))
    return out


def _keys(head: str, listing: dict) -> list[str]:  # type: ignore[type-arg]  JSON
    if head == "repositories":
        return [r["name"] for r in listing["repositories"]]
    if head == "radar":
        return [e["id"] for e in listing.get("rows", [])]
    if head == "decisions":
        return [d["id"] for d in listing.get("rows", [])]
    if head == "teams":
        return [t["name"] for t in listing.get("teams", [])]
    return []


def measure(client: TestClient, path: str, runs: int) -> tuple[float, float, int, int]:
    """(p50 ms, p95 ms, bytes, status) over ``runs`` requests after one untimed request."""
    first = client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(first.content), first.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--no-serve", action="store_true", help="skip the time-to-listen run")
    parser.add_argument("--only", help="only the routes containing this text")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()}")
    if not args.no_serve:
        listening, answering, ready = time_to_listen(args.workspace)
        print(
            f"serve: port accepts after {listening:.2f} s, first HTTP answer after "
            f"{answering:.2f} s, / answered 200 after {ready:.2f} s"
        )
    ws = Workspace.load(args.workspace)
    engine = open_read_only(ws.database_url)
    build = cockpit_builder(ws, engine)
    start = time.perf_counter()
    cockpit = build()
    print(f"cockpit built in process in {time.perf_counter() - start:.2f} s")
    app = create_app(lambda: cockpit)
    rows = []
    with TestClient(app) as client:
        for path in routes(client):
            if args.only and args.only not in path:
                continue
            p50, p95, size, status = measure(client, path, args.runs)
            rows.append((path, p50, p95, size, status))
            print(
                f"{path:55} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {size / 1024:8.1f} KB  {status}"
            )
    engine.dispose()
    if args.markdown:
        print("\n| route | p50 ms | p95 ms | KB |\n|---|---:|---:|---:|")
        for path, p50, p95, size, _ in rows:
            print(f"| `{path}` | {p50:.1f} | {p95:.1f} | {size / 1024:.1f} |")
    worst = max(rows, key=lambda r: r[2])
    print(f"worst p95: {worst[0]} {worst[2]:.1f} ms; load average {os.getloadavg()}")
    return 0 if worst[2] <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
