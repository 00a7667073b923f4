"""Remotes on the loopback interface, started by the tests: a ``git daemon`` and a forge API.

* :func:`origin` builds a bare repository (the demo factory, fixed dates) with a second branch;
  :func:`commit_on` adds a commit to one of its branches, :func:`delete_branch` removes one;
* :class:`GitDaemon` serves a folder over ``git://127.0.0.1:PORT`` (``--export-all``), on a free
  port, and stops with the test;
* :class:`ForgeServer` is a threaded ``http.server`` on 127.0.0.1 answering GitHub's
  ``/orgs/{org}/repos`` and GitLab's ``/groups/{id}/projects`` with the documented JSON shapes,
  paginated by ``Link: <…>; rel="next"``; it records every request's path and headers and can be
  told to fail (a status for some requests, a malformed or oversized body).
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.conftest import ALICE, T0
from tests.hostile_repos import git, git_env

from lodestar.demo.factory import Commit, build_repository


def origin(path: Path, *, commits: int = 2) -> Path:
    """A bare repository: ``main`` with ``commits`` commits and a ``feature`` branch."""
    history = [
        Commit(ALICE, T0.replace(day=i + 1), f"change {i}", files={"app.py": f"print({i})\n"})
        for i in range(commits)
    ]
    build_repository(path, history, bare=True)
    git(path, "branch", "feature", "main")
    return path


def commit_on(repo: Path, branch: str, message: str) -> str:
    """A new commit on ``branch`` of the bare ``repo`` (its tree unchanged); its id."""
    tree = git(repo, "rev-parse", f"{branch}^{{tree}}")
    parent = git(repo, "rev-parse", branch)
    commit = git(repo, "commit-tree", tree, "-p", parent, "-m", message)
    git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def delete_branch(repo: Path, branch: str) -> None:
    git(repo, "update-ref", "-d", f"refs/heads/{branch}")


def refs_of(repo: Path) -> dict[str, str]:
    out = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    return dict(line.split(" ", 1) for line in out.splitlines())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class GitDaemon:
    """``git daemon --export-all --base-path=BASE`` on 127.0.0.1:PORT until :meth:`stop`."""

    def __init__(self, base: Path, port: int | None = None) -> None:
        self.base = base
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> GitDaemon:
        argv = ["git", "daemon", "--export-all", "--reuseaddr", "--informative-errors"]
        argv += [f"--base-path={self.base}", "--listen=127.0.0.1", f"--port={self.port}"]
        self.process = subprocess.Popen(
            [*argv, str(self.base)],
            env=git_env(self.base),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@dataclass
class ForgeServer:
    """A GitHub/GitLab-shaped API on 127.0.0.1 (see the module docstring)."""

    github: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # org → repos
    gitlab: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # group → projects
    per_page: int = 2
    fail_status: int | None = None  # answer this status …
    fail_times: int = 0  # … this many times (then answer normally)
    body_override: bytes | None = None  # answer this body to every listing
    link_base: str | None = None  # where the next links point (default: this server)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def api(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _listing(self, path: str) -> list[dict[str, Any]] | None:
        parts = path.split("?", 1)[0].strip("/").split("/")
        if len(parts) == 3 and parts[0] == "orgs" and parts[2] == "repos":
            return self.github.get(parts[1])
        if len(parts) == 3 and parts[0] == "groups" and parts[2] == "projects":
            return self.gitlab.get(unquote(parts[1]))
        return None

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append((handler.path, {k.lower(): v for k, v in handler.headers.items()}))
        if self.fail_status is not None and self.fail_times > 0:
            self.fail_times -= 1
            handler.send_response(self.fail_status)
            handler.send_header("Content-Length", "2")
            handler.end_headers()
            handler.wfile.write(b"{}")
            return
        items = self._listing(handler.path)
        if items is None:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        query = parse_qs(urlsplit(handler.path).query)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * self.per_page : page * self.per_page]
        body = self.body_override or json.dumps(chunk).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        if page * self.per_page < len(items):
            base = handler.path.split("&page=", 1)[0]
            next_url = f"{self.link_base or self.api}{base}&page={page + 1}"
            handler.send_header("Link", f'<{next_url}>; rel="next", <{self.api}/x>; rel="last"')
        handler.end_headers()
        handler.wfile.write(body)

    def start(self) -> ForgeServer:
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                forge.answer(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (its signature)
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def github_repo(org: str, name: str, clone: str, **extra: Any) -> dict[str, Any]:
    """One repository as ``GET /orgs/{org}/repos`` lists it (the fields Lodestar reads)."""
    return {
        "id": abs(hash(name)) % 10**6,
        "name": name,
        "full_name": f"{org}/{name}",
        "private": False,
        "visibility": "public",
        "html_url": f"https://github.com/{org}/{name}",
        "clone_url": clone,
        "ssh_url": f"git@github.com:{org}/{name}.git",
        "default_branch": "main",
        "archived": False,
        "fork": False,
        "topics": ["python", "api"],
        **extra,
    }


def gitlab_project(group: str, name: str, clone: str, **extra: Any) -> dict[str, Any]:
    """One project as ``GET /groups/{id}/projects`` lists it (the fields Lodestar reads)."""
    return {
        "id": abs(hash(name)) % 10**6,
        "path": name,
        "path_with_namespace": f"{group}/{name}",
        "visibility": "internal",
        "web_url": f"https://gitlab.example.com/{group}/{name}",
        "http_url_to_repo": clone,
        "ssh_url_to_repo": f"git@gitlab.example.com:{group}/{name}.git",
        "default_branch": "main",
        "archived": False,
        "topics": ["billing"],
        **extra,
    }


def running(server: ForgeServer) -> Iterator[ForgeServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
