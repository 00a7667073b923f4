"""Remote sources resolved from lodestar.toml, and their mirrors kept fresh: partial results,
retries with back-off, per-host limits."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.remote_servers import (
    ForgeServer,
    GitDaemon,
    commit_on,
    free_port,
    github_repo,
    origin,
    refs_of,
    running,
)

from lodestar.errors import RemoteError
from lodestar.gitio import MirrorUpdate
from lodestar.ingest import MirrorOptions, Source, refresh_mirror, resolve_sources, run_mirrors
from lodestar.ingest import mirrors as ingest_mirrors
from lodestar.ingest.sources import source_for
from lodestar.settings import Workspace


def _workspace(root: Path, sources: str) -> Workspace:
    root.mkdir(parents=True, exist_ok=True)
    (root / "lodestar.toml").write_text(f"[sources]\n{sources}")
    return Workspace.load(root)


@pytest.fixture
def forge() -> Iterator[ForgeServer]:
    yield from running(ForgeServer())


def test_sources_from_urls_lists_and_a_forge_are_one_list(
    tmp_path: Path, forge: ForgeServer
) -> None:
    forge.github["acme"] = [
        github_repo("acme", "api", "https://github.com/acme/api.git", topics=["core"]),
        github_repo("acme", "web", "https://github.com/acme/web.git"),
    ]
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "repos.txt").write_text(
        "# platform team\n"
        "https://gitlab.example.com/acme/api.git   # same name, another host\n"
        "\n"
        "ext::sh -c id\n"
        "git@github.com:acme/api.git\n"
    )
    ws = _workspace(
        tmp_path / "ws",
        'urls = ["https://github.com/acme/tools.git"]\n'
        'lists = ["repos.txt", "missing.txt"]\n'
        f'[[sources.forges]]\nkind = "github"\norg = "acme"\napi = "{forge.api}"\n',
    )
    warnings: list[str] = []
    sources = resolve_sources(ws, warnings.append)
    assert [s.name for s in sources] == [
        "acme/tools",
        "acme/web",
        "github.com/acme/api",
        "gitlab.example.com/acme/api",
    ]
    by_name = {s.name: s for s in sources}
    # listed twice (list file over ssh, forge over https): one mirror, the forge's metadata
    api = by_name["github.com/acme/api"]
    assert api.remote.forge == "github" and api.remote.topics == ("core",)
    assert api.mirror == tmp_path / "ws" / ".lodestar" / "mirrors" / "github.com/acme/api.git"
    assert by_name["acme/tools"].remote.forge is None
    assert by_name["acme/tools"].origin == "sources.urls"
    assert by_name["gitlab.example.com/acme/api"].origin == "repos.txt:2"
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{tmp_path / 'ws' / 'repos.txt'}:4: ")
    assert "missing.txt" in warnings[1]


def test_a_bad_url_in_lodestar_toml_is_a_positioned_config_error(tmp_path: Path) -> None:
    from lodestar.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        _workspace(tmp_path, 'paths = []\nurls = ["https://ok.example/a.git", "ext::sh -c id"]\n')
    assert (info.value.line, info.value.key) == (3, "sources.urls")
    assert "remote helper" in str(info.value) or "whitespace" in str(info.value)


def test_mirrors_partial_results_then_fetch(tmp_path: Path) -> None:
    mirrors = tmp_path / "mirrors"
    good = [origin(tmp_path / f"o{i}.git") for i in range(3)]
    sources = [source_for(f"file://{p}", mirrors, origin="t") for p in good]
    sources.append(source_for(f"file://{tmp_path}/missing.git", mirrors, origin="t"))
    seen: list[str] = []
    summary = run_mirrors(
        sources, MirrorOptions(sleep=pytest.fail), lambda o: seen.append(o.status)
    )
    assert sorted(seen) == ["cloned", "cloned", "cloned", "failed"]
    assert [o.source.name for o in summary.failed] == ["missing"]
    assert summary.failed[0].attempts == 1  # "does not appear to be a git repository": final
    assert "missing.git" in (summary.failed[0].error or "")
    for path, source in zip(good, sources, strict=False):
        assert refs_of(source.mirror) == refs_of(path)
    commit_on(good[0], "main", "more")
    again = run_mirrors(sources[:3])
    assert [o.status for o in again.outcomes] == ["fetched"] * 3
    assert refs_of(sources[0].mirror) == refs_of(good[0])


def test_a_daemon_that_is_down_at_first_is_retried_with_back_off(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    source_repo = origin(served / "late.git")
    daemon = GitDaemon(served, port=free_port())
    slept: list[float] = []

    def sleep(seconds: float) -> None:  # the back-off: the daemon comes up meanwhile
        slept.append(seconds)
        if daemon.process is None:
            daemon.start()

    source = source_for(daemon.url("late.git"), tmp_path / "mirrors", origin="t")
    try:
        outcome = refresh_mirror(source, MirrorOptions(retries=3, backoff=0.5, sleep=sleep))
    finally:
        daemon.stop()
    assert outcome.status == "cloned", outcome.error
    assert outcome.attempts == 2 and slept == [0.5]
    assert refs_of(source.mirror) == refs_of(source_repo)


def test_retries_double_the_wait_and_then_give_up(tmp_path: Path) -> None:
    port = free_port()  # nothing will ever listen
    source = source_for(f"git://127.0.0.1:{port}/x.git", tmp_path / "m", origin="t")
    slept: list[float] = []
    outcome = refresh_mirror(source, MirrorOptions(retries=3, backoff=1.0, sleep=slept.append))
    assert outcome.status == "failed" and outcome.attempts == 4
    assert slept == [1.0, 2.0, 4.0]
    assert outcome.error is not None and "127.0.0.1" in outcome.error


def test_per_host_limit_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    running_now: Counter[str] = Counter()
    most: Counter[str] = Counter()
    lock = threading.Lock()

    def fake_update(url: str, path: Path, **_: object) -> MirrorUpdate:
        host = url.split("/")[2]
        with lock:
            running_now[host] += 1
            most[host] = max(most[host], running_now[host])
        time.sleep(0.02)
        with lock:
            running_now[host] -= 1
        if url.endswith("fail.git"):
            raise RemoteError("no", retryable=False)
        return MirrorUpdate("cloned", path, 0.02)

    monkeypatch.setattr(ingest_mirrors, "update_mirror", fake_update)
    sources: list[Source] = [
        source_for(f"https://{host}/acme/r{i}.git", tmp_path, origin="t")
        for host in ("a.example", "b.example", "c.example")
        for i in range(8)
    ]
    sources.append(source_for("https://a.example/acme/fail.git", tmp_path, origin="t"))
    summary = run_mirrors(sources, MirrorOptions(concurrency=6, per_host=2))
    assert len(summary.outcomes) == 25 and summary.count("failed") == 1
    assert max(most.values()) <= 2
    assert set(most) == {"a.example", "b.example", "c.example"}


def test_the_clone_token_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers: list[str | None] = []

    def fake_update(url: str, path: Path, *, timeout: float, header: str | None) -> MirrorUpdate:
        headers.append(header)
        return MirrorUpdate("cloned", path, 0.0)

    monkeypatch.setattr(ingest_mirrors, "update_mirror", fake_update)
    variable = "LODESTAR_T_TOKEN"
    source = source_for("https://github.com/acme/api.git", tmp_path, origin="t", token_env=variable)
    source = Source(**{**{f: getattr(source, f) for f in Source.__slots__}, "forge": "github"})
    monkeypatch.delenv("LODESTAR_T_TOKEN", raising=False)
    refresh_mirror(source)
    monkeypatch.setenv("LODESTAR_T_TOKEN", "s3cret")
    refresh_mirror(source)
    assert headers[0] is None
    assert headers[1] is not None and headers[1].startswith("Authorization: Basic ")


def test_mirrors_on_disk_are_named_like_their_sources(tmp_path: Path) -> None:
    from lodestar.ingest import mirrored_refs

    ws = _workspace(tmp_path / "ws", 'mirrors = "../m"\n')
    urls = [
        "https://github.com/acme/api.git",
        "https://gitlab.example.com/acme/api.git",
        "https://gitlab.example.com/acme/platform/billing.git",
        f"file://{tmp_path}/srv/tools.git",
    ]
    sources = [source_for(u, tmp_path / "m", origin="t") for u in urls]
    for source in sources:
        origin(source.mirror)
    origin(tmp_path / "m" / "github.com" / "acme" / "half.git.partial")  # an interrupted clone
    refs = mirrored_refs(ws)
    assert [r.name for r in refs] == [
        "acme/platform/billing",
        "github.com/acme/api",
        "gitlab.example.com/acme/api",
        "tools",
    ]
    assert all(r.bare for r in refs)
    assert {r.path for r in refs} == {str(s.mirror) for s in sources}
