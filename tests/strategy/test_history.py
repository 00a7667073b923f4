"""Radar movement computed from a workspace git history built in the test."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from pathlib import Path

from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.records import RadarMove
from lodestar.strategy import radar_editions, radar_history
from lodestar.strategy.history import edition_of

CTO = Author("Dana Smith", "dana@northwind.example")


def entry(title: str, ring: str) -> str:
    return f"---\ntitle: {title}\nquadrant: Tools\nring: {ring}\n---\n{title} notes.\n"


def commit(day: int, files: dict[str, str | None], *, tag: str | None = None) -> Commit:
    return Commit(
        author=CTO,
        when=datetime(2025, day, 1, 9, 0, tzinfo=UTC),
        message=f"radar edition {day}",
        files=files,
        tag=tag,
    )


def build(path: Path, *, tags: bool) -> list[str]:
    history = [
        commit(
            1,
            {"radar/jenkins.md": entry("Jenkins", "Adopt"), "radar/k6.md": entry("k6", "Assess")},
            tag="2025-01" if tags else None,
        ),
        commit(2, {"README.md": "not radar\n"}),
        commit(
            3,
            {
                "radar/jenkins.md": entry("Jenkins", "Hold"),
                "radar/k6.md": entry("k6", "Trial"),
                "radar/_template.md": entry("Template", "Adopt"),
            },
            tag="2025-03" if tags else None,
        ),
        commit(
            4,
            {
                "radar/k6.md": "---\nring: [broken\n---\n",
                "radar/renovate.md": entry("Renovate", "trial"),
            },
        ),
        commit(5, {"radar/k6.md": entry("k6", "Adopt"), "radar/jenkins.md": None}),
    ]
    build_repository(path, history)
    return []


def test_moves_from_history(tmp_path: Path) -> None:
    build(tmp_path / "ws", tags=False)
    moves = radar_history(tmp_path / "ws")
    summary = [(m.entry, m.date, m.previous_ring, m.ring, m.kind) for m in moves]
    assert summary == [
        ("jenkins", dt.date(2025, 1, 1), None, "Adopt", "new"),
        ("k6", dt.date(2025, 1, 1), None, "Assess", "new"),
        ("jenkins", dt.date(2025, 3, 1), "Adopt", "Hold", "moved-out"),
        ("k6", dt.date(2025, 3, 1), "Assess", "Trial", "moved-in"),
        ("renovate", dt.date(2025, 4, 1), None, "Trial", "new"),  # broken k6 file: ignored
        ("k6", dt.date(2025, 5, 1), "Trial", "Adopt", "moved-in"),
    ]
    assert all(isinstance(m, RadarMove) and len(m.commit) == 40 for m in moves)
    editions = radar_editions(tmp_path / "ws")
    assert [e.name for e in editions] == ["2025-01-01", "2025-03-01", "2025-04-01", "2025-05-01"]


def test_editions_are_tags(tmp_path: Path) -> None:
    build(tmp_path / "ws", tags=True)
    moves = radar_history(tmp_path / "ws")
    editions = radar_editions(tmp_path / "ws")
    assert [(e.name, e.date) for e in editions] == [
        ("2025-01", dt.date(2025, 1, 1)),
        ("2025-03", dt.date(2025, 3, 1)),
    ]
    found = edition_of(tmp_path / "ws", moves, editions)
    assert [found.get(m.commit) for m in moves] == [
        "2025-01",
        "2025-01",
        "2025-03",
        "2025-03",
        None,
        None,
    ]


def test_workspace_inside_a_larger_repository(tmp_path: Path) -> None:
    history = [
        commit(
            1, {"strategy/radar/k6.md": entry("k6", "Assess"), "radar/other.md": entry("x", "Hold")}
        ),
        commit(2, {"strategy/radar/k6.md": entry("k6", "Trial")}),
    ]
    build_repository(tmp_path / "mono", history)
    moves = radar_history(tmp_path / "mono" / "strategy")
    assert [(m.entry, m.kind) for m in moves] == [("k6", "new"), ("k6", "moved-in")]


def test_no_repository_no_history(tmp_path: Path) -> None:
    (tmp_path / "radar").mkdir()
    (tmp_path / "radar" / "k6.md").write_text(entry("k6", "Trial"), "utf-8")
    assert radar_history(tmp_path) == ()
    assert radar_editions(tmp_path) == ()


def test_repository_without_commits(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert radar_history(tmp_path) == ()


def test_aoe_export_of_every_edition_round_trips(tmp_path: Path) -> None:
    from lodestar.records import RadarConfig
    from lodestar.strategy import radar_io as rio
    from lodestar.strategy.history import radar_files_at

    build(tmp_path / "ws", tags=True)
    editions = radar_editions(tmp_path / "ws")
    snapshots = [(e.name, radar_files_at(tmp_path / "ws", e.commit)) for e in editions]
    assert sorted(snapshots[0][1]) == ["jenkins", "k6"]
    assert snapshots[1][1]["jenkins"][0]["ring"] == "Hold"
    files = rio.export_aoe_editions(snapshots)
    assert sorted(files) == [
        "radar/2025-01/jenkins.md",
        "radar/2025-01/k6.md",
        "radar/2025-03/jenkins.md",
        "radar/2025-03/k6.md",
    ]
    out = tmp_path / "aoe"
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, "utf-8")
    entries = {e.id: e for e in rio.import_entries(rio.read_aoe(out), RadarConfig())}
    assert (entries["jenkins"].ring, entries["k6"].ring) == ("Hold", "Trial")
    assert entries["k6"].extra["aoe-first-edition"] == "2025-01"


def test_a_workspace_repository_git_cannot_read_safely_is_an_error_not_silence(
    tmp_path: Path,
) -> None:
    import pytest

    from lodestar.errors import ConfigError

    build(tmp_path, tags=True)
    with (tmp_path / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write('[include]\n\tpath = "/dev/stdin"\n')
    with pytest.raises(ConfigError) as info:
        radar_history(tmp_path)
    assert "includes another file" in str(info.value)
    assert str(tmp_path / ".git") in str(info.value)
