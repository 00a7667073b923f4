"""Inventory queries: what was stored of each dependency comes back as it was written."""

from __future__ import annotations

from sqlalchemy import Engine

from lodestar.records import RepoScan
from lodestar.store.writer import save_scan

from .scans import sample_scan


def test_dependency_licences_are_stored_and_read_back(engine: Engine) -> None:
    from lodestar.records import Dependency, Scope
    from lodestar.store.inventory import dependency_record, find_dependencies

    def dep(name: str, licence: str | None) -> Dependency:
        purl = f"pkg:npm/{name}@1.0.0"
        return Dependency(
            purl, "npm", name, "1.0.0", None, Scope.RUNTIME, False, "package-lock.json", 3,
            licence=licence,
        )  # fmt: skip

    scan = sample_scan("c1")
    deps = (dep("a", "MIT OR Apache-2.0"), dep("b", None), dep("c", "LicenseRef-Proprietary"))
    scan = RepoScan(**{**{f: getattr(scan, f) for f in scan.__slots__}, "dependencies": deps})  # type: ignore[arg-type]
    save_scan(engine, scan, 1)
    uses = find_dependencies(engine)
    assert [(u.name, u.licence) for u in uses] == [
        ("a", "MIT OR Apache-2.0"),
        ("b", None),
        ("c", "LicenseRef-Proprietary"),
    ]
    assert tuple(dependency_record(u) for u in uses) == deps
