"""The advisory import: files, lists, folders and zips of real OSV records; budgets; warnings."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.osv_records import record, record_bytes

from lodestar.errors import UsageError
from lodestar.ingest import AdvisorySource, SourceLimits, import_advisories
from lodestar.store import advisory_counts, advisory_imports, load_advisories

NOW = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC)
ALL = ["requests", "log4shell", "lodash", "requests-pysec", "log4shell-debian", "babel-traverse"]


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_one_file(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "GHSA-x84v-xcm2-53pg.json").write_bytes(record_bytes("requests"))
    report = import_advisories(engine, [tmp_path / "GHSA-x84v-xcm2-53pg.json"], now=NOW)
    assert (report.read, report.written, report.refused) == (1, 1, 0)
    assert report.records == {"PyPI": 1}
    (found,) = load_advisories(engine, ["pkg:pypi/requests"])
    assert found.source == str(tmp_path / "GHSA-x84v-xcm2-53pg.json")
    (row,) = advisory_imports(engine)
    assert (row.ecosystem, row.records, row.imported_at) == ("PyPI", 1, NOW)
    assert row.newest == dt.datetime(2023, 11, 8, 3, 58, 8, 515000, tzinfo=dt.UTC)
    again = import_advisories(engine, [tmp_path / "GHSA-x84v-xcm2-53pg.json"], now=NOW)
    assert (again.read, again.written) == (1, 1)  # equal modified: replaced, nothing doubled
    assert advisory_counts(engine) == {"PyPI": 1}


def test_a_list_with_bad_records_goes_on(engine: Engine, tmp_path: Path) -> None:
    bad = record("lodash")
    bad["affected"][0]["ranges"][0]["events"][1] = {"fixed": 4.17}
    docs = [record("requests"), bad, record("log4shell"), record("log4shell-debian")]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(docs, indent=2))
    report = import_advisories(engine, [AdvisorySource(path, "osv-export.json")], now=NOW)
    assert report.records == {"PyPI": 1, "Maven": 1}
    assert report.refused == 1
    (warning,) = report.warnings
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if '"fixed": 4.17' in t)
    assert warning.startswith(f"osv-export.json:{line}: affected[0].ranges[0].events[1].fixed:")
    assert report.skipped == {"(other)": 1}  # the Debian record
    assert {r.source for r in advisory_imports(engine)} == {"osv-export.json"}


def test_a_folder_recursively(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "advisories"
    for index, name in enumerate(ALL):
        folder = root / ("github" if index % 2 else "pypa") / str(index)
        folder.mkdir(parents=True)
        (folder / f"{name}.json").write_bytes(record_bytes(name))
    (root / "README.md").write_text("not a record")
    (root / "broken.json").write_text('{"id": "GHSA-aaaa-bbbb-cccc", "modified": ')
    (root / "link.json").symlink_to(root / "pypa" / "0" / "requests.json")
    seen: list[tuple[int, int]] = []
    report = import_advisories(engine, [root], now=NOW, progress=lambda d, t: seen.append((d, t)))
    assert report.records == {"PyPI": 2, "Maven": 1, "npm": 2}
    assert report.skipped == {"Debian": 1}
    (warning,) = report.warnings
    assert warning.startswith(f"{root}/broken.json:1: invalid JSON")
    assert seen == [(7, 7)]  # one task: the folder's seven files


def test_an_osv_zip(engine: Engine, tmp_path: Path) -> None:
    bad = record("requests")
    bad["published"] = "last tuesday"
    archive = write_zip(
        tmp_path / "all.zip",
        {f"{n}.json": record_bytes(n) for n in ALL} | {"bad.json": record_bytes(bad), "x/": b""},
    )
    report = import_advisories(engine, [AdvisorySource(archive, "PyPI/all.zip")], now=NOW)
    assert report.read == 5 and report.written == 5
    (warning,) = report.warnings
    assert warning.startswith("PyPI/all.zip!bad.json:")
    assert "published: not an RFC 3339 time: 'last tuesday'" in warning
    assert report.skipped == {"Debian": 1, "PyPI": 1}
    assert [(r.ecosystem, r.records, r.skipped) for r in advisory_imports(engine)] == [
        ("Maven", 1, 0),
        ("PyPI", 2, 1),
        ("npm", 2, 0),
    ]
    ids = [a.id for a in load_advisories(engine, ["pkg:pypi/requests", "pkg:npm/lodash"])]
    assert ids == ["GHSA-35jh-r3h4-6jhm", "GHSA-x84v-xcm2-53pg", "PYSEC-2018-28"]


def test_zip_bombs_and_oversized_members_are_refused(engine: Engine, tmp_path: Path) -> None:
    bomb = b'{"id": "GHSA-aaaa-bbbb-cccc", "details": "' + b"a" * (1 << 20) + b'"}'
    archive = write_zip(
        tmp_path / "bomb.zip",
        {"bomb.json": bomb, "lodash.json": record_bytes("lodash"), "big.json": b"[" * (3 << 20)},
    )
    report = import_advisories(engine, [archive], now=NOW)
    assert report.records == {"npm": 1}
    assert len(report.warnings) == 2
    assert "bomb.json: compressed" in report.warnings[0]
    assert "refused as a zip bomb" in report.warnings[0]
    assert "big.json: 3,145,728 bytes uncompressed, more than 2,097,152" in report.warnings[1]


def test_zip_budgets_on_members_and_total(engine: Engine, tmp_path: Path) -> None:
    members = {f"{n}.json": record_bytes(n) for n in ("requests", "lodash", "log4shell")}
    archive = write_zip(tmp_path / "all.zip", members)
    few = SourceLimits(max_members=2)
    report = import_advisories(engine, [archive], now=NOW, limits=few)
    assert report.read == 2
    assert "3 members, more than 2" in report.warnings[0]
    small = SourceLimits(max_total_bytes=len(record_bytes("requests")) + 10)
    report = import_advisories(engine, [archive], now=NOW, limits=small)
    assert report.read == 1
    assert "the rest is not read" in report.warnings[0]


def test_a_corrupt_zip_member_is_a_warning(engine: Engine, tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "all.zip",
        {"a.json": record_bytes("requests"), "b.json": record_bytes("lodash")},
    )
    data = bytearray(archive.read_bytes())
    spot = data.find(b"b.json", 40) + 20  # inside b.json's compressed bytes
    data[spot : spot + 8] = b"\xff" * 8  # zlib refuses it, or its CRC does
    archive.write_bytes(bytes(data))
    report = import_advisories(engine, [archive], now=NOW)
    assert report.records == {"PyPI": 1}
    assert report.warnings and report.warnings[0].startswith(f"{archive}!b.json")


def test_files_over_budget_and_missing_sources(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(record_bytes("lodash"))
    report = import_advisories(engine, [path], now=NOW, limits=SourceLimits(max_file_bytes=100))
    assert report.read == 0 and "larger than 100 bytes: refused" in report.warnings[0]
    with pytest.raises(UsageError, match="no such file or folder"):
        import_advisories(engine, [tmp_path / "nowhere"], now=NOW)


def test_a_later_source_only_replaces_older_records(engine: Engine, tmp_path: Path) -> None:
    newer = record("lodash")
    newer["modified"] = "2025-01-01T00:00:00Z"
    newer["summary"] = "newer"
    (tmp_path / "new.json").write_bytes(record_bytes(newer))
    (tmp_path / "old.json").write_bytes(record_bytes("lodash"))
    report = import_advisories(engine, [tmp_path / "new.json", tmp_path / "old.json"], now=NOW)
    assert (report.read, report.written, report.unchanged) == (2, 1, 1)
    assert load_advisories(engine, ["pkg:npm/lodash"])[0].summary == "newer"


def test_many_records_are_read_in_worker_processes(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool gives what reading inline gives, in the sources' order."""
    monkeypatch.setattr("lodestar.ingest.advisory_sources.TASK_UNITS", 2)
    monkeypatch.setattr("lodestar.ingest.advisories.PARALLEL_FROM", 1)
    archive = write_zip(tmp_path / "all.zip", {f"{n}.json": record_bytes(n) for n in ALL})
    newer = record("lodash")
    newer["summary"] = "the later source wins a tie"
    (tmp_path / "later.json").write_bytes(record_bytes(newer))
    seen: list[tuple[int, int]] = []
    report = import_advisories(
        engine,
        [archive, tmp_path / "later.json"],
        now=NOW,
        workers=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert report.records == {"PyPI": 2, "Maven": 1, "npm": 3}
    assert report.skipped == {"Debian": 1}
    assert seen == [(2, 7), (4, 7), (6, 7), (7, 7)]
    (lodash,) = load_advisories(engine, ["pkg:npm/lodash"])
    assert lodash.summary == "the later source wins a tie"
