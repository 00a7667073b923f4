"""Per-repository budgets: a spent budget is one repository warning and the scan goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodestar.records import RepositoryRef
from lodestar.scan import budgets, loc, pipeline
from lodestar.scan.loc import count_repository
from lodestar.scan.pipeline import scan_repository

FILES = {f"src/m{i:02d}.py": f"x = {i}\n" * (i + 1) for i in range(12)}


def _repository_warnings(scan_warnings: object) -> list[str]:
    return [w.message for w in scan_warnings if w.path == ""]  # type: ignore[attr-defined]


def test_a_tree_over_the_entry_budget_is_cut_with_a_warning(
    repo_factory,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    repo: Path = repo_factory(FILES)
    monkeypatch.setattr(pipeline, "MAX_TREE_ENTRIES", 5)
    monkeypatch.setattr(loc, "MAX_TREE_ENTRIES", 5)
    scan = scan_repository(RepositoryRef("r", str(repo)))
    assert [f.path for f in scan.files] == sorted(FILES)[:5]
    assert [m.split(" (")[0] for m in _repository_warnings(scan.warnings)] == [
        "tree has 12 entries; only the first 5 were scanned"
    ]
    counted = count_repository(repo)
    assert len(counted.files) == 5
    assert counted.warnings[0].startswith("tree has 12 entries")


def test_files_past_the_read_budget_are_listed_without_lines(
    repo_factory,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    repo: Path = repo_factory(FILES)
    sizes = [len(FILES[p]) for p in sorted(FILES)]
    monkeypatch.setattr(budgets, "MAX_READ_BYTES", sum(sizes[:4]))
    scan = scan_repository(RepositoryRef("r", str(repo)))
    assert [f.code for f in scan.files] == [1, 2, 3, 4] + [0] * 8
    assert [f.size for f in scan.files] == sizes  # every file is still listed
    assert [m.split(" after")[0] for m in _repository_warnings(scan.warnings)] == [
        f"read budget spent: 8 files ({sum(sizes[4:]):,} bytes) listed without line counts"
    ]
    counted = count_repository(repo, jobs=1)
    assert [f.code for f in counted.files] == [f.code for f in scan.files]
    assert len(counted.skipped) == 8


def test_manifests_past_the_evidence_budget_are_not_parsed(
    repo_factory,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    manifests = {f"app{i}/requirements.txt": f"package{i}==1.0.{i}\n" for i in range(6)}
    repo: Path = repo_factory(manifests)
    each = len(manifests["app0/requirements.txt"])
    monkeypatch.setattr(pipeline, "MAX_EVIDENCE_BYTES", 2 * each)
    scan = scan_repository(RepositoryRef("r", str(repo)))
    assert sorted(d.name for d in scan.dependencies) == ["package0", "package1"]
    assert [m.split(" after")[0] for m in _repository_warnings(scan.warnings)] == [
        "evidence budget spent: 4 licence, manifest or runtime files not parsed"
    ]
    monkeypatch.setattr(pipeline, "MAX_EVIDENCE_BYTES", 100 * each)
    assert len(scan_repository(RepositoryRef("r", str(repo))).dependencies) == 6
