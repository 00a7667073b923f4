"""The app's cockpit cache: the first request builds, later ones never wait for a rebuild."""

from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine

from lodestar.web.cache import CockpitCache
from lodestar.web.cockpit import Cockpit


def test_stale_cockpit_is_served_while_a_fresh_one_is_built() -> None:
    engine = create_engine("sqlite://")
    release = threading.Event()
    builds: list[int] = []

    def build() -> Cockpit:
        builds.append(len(builds))
        if len(builds) == 2:
            release.wait(10)  # the first rebuild is slow
        return Cockpit(engine=engine, organisation=f"build {len(builds)}")

    cache = CockpitCache(build, ttl=0.05)
    assert cache.get().organisation == "build 1"
    time.sleep(0.06)
    assert cache.get().organisation == "build 1"  # stale, served at once; a rebuild starts
    assert cache.get().organisation == "build 1"  # and only one rebuild runs at a time
    assert len(builds) == 2
    release.set()
    deadline = time.monotonic() + 10
    while cache.get().organisation == "build 1":
        assert time.monotonic() < deadline, "the rebuilt cockpit never replaced the stale one"
        time.sleep(0.01)
    engine.dispose()


def test_queries_are_memoised_per_cockpit() -> None:
    calls: list[str] = []
    engine = create_engine("sqlite://")
    cockpit = Cockpit(engine=engine, organisation="x")
    first = cockpit._cached("k", lambda: calls.append("k") or [1])
    second = cockpit._cached("k", lambda: calls.append("k") or [2])
    assert first is second and calls == ["k"]
    engine.dispose()
