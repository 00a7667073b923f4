"""``lodestar init``'s examples: written once and never overwritten, ignored while they are
templates, valid once renamed to real records (and the commented examples once uncommented)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.scan.people_file import load_people_file
from lodestar.strategy import create_workspace, load_strategy
from lodestar.strategy.scaffold import SCAFFOLD

runner = CliRunner()
RECORDS = ("radar", "decisions", "campaigns", "initiatives")


def _uncomment(text: str) -> str:
    """The example's lines with their '# ' taken off (prose lines, '## ', dropped)."""
    lines = [line for line in text.splitlines() if not line.startswith("##")]
    return "\n".join(re.sub(r"^# ?", "", line) for line in lines) + "\n"


def test_init_writes_templates_examples_and_a_git_repository(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    result = runner.invoke(app, ["init", str(root), "--name", "Acme"])
    assert result.exit_code == 0, result.output
    for rel, _ in SCAFFOLD:
        assert (root / rel).is_file(), rel
    for folder in RECORDS:
        assert (root / folder / "_template.md").is_file()
    assert (root / ".gitignore").read_text() == ".lodestar/\n"
    assert (root / ".git" / "HEAD").is_file()
    assert "git repository: made" in result.output
    config = (root / "radar" / "config.yaml").read_text()
    assert config.startswith("#") and "rings: [Adopt, Trial, Assess, Hold]" in config
    strategy = load_strategy(root)  # templates are skipped; the examples change nothing
    assert strategy.entries == () and strategy.decisions == () and strategy.campaigns == ()
    assert strategy.policies.exceptions == () and strategy.policies.dependency_rules == ()
    assert load_people_file(root).aliases == ()


def test_the_templates_validate_once_renamed_to_real_records(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root, name="Acme", sources=[], git=False)
    for folder in RECORDS:
        name = "ADR-20260115-postgresql.md" if folder == "decisions" else "example-one.md"
        shutil.copy(root / folder / "_template.md", root / folder / name)
    policy = (root / "policies" / "example.yaml").read_text()
    (root / "policies" / "active.yaml").write_text(_uncomment(policy))
    strategy = load_strategy(root)
    assert [e.id for e in strategy.entries] == ["example-one"]
    assert [d.id for d in strategy.decisions] == ["ADR-20260115-postgresql"]
    assert len(strategy.campaigns) == 1 and len(strategy.initiatives) == 1
    assert strategy.ip.disclosures == ()  # the template is skipped
    disclosures = root / "ip" / "disclosures"
    shutil.copy(disclosures / "_template.md", disclosures / "incremental-reindexing.md")
    (disclosure,) = load_strategy(root).ip.disclosures
    assert (disclosure.status, disclosure.paths[0].repository) == ("draft", "search-service")
    assert strategy.policies.radar_assess_only_in == ("sandbox",)
    assert len(strategy.policies.exceptions) == 1
    assert len(strategy.policies.dependency_rules) == 1
    (root / "people.toml").write_text(_uncomment((root / "people.toml").read_text()))
    people = load_people_file(root)
    assert [a.key for a in people.aliases] == ["jane.doe@example.com"]
    assert len(people.splits) == 1


def test_files_starting_with_an_underscore_are_never_read(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root, name="Acme", sources=[], git=False)
    for folder in (*RECORDS, "policies"):
        (root / folder / "_broken.md").write_text("not front matter at all: [")
        (root / folder / "_broken.yaml").write_text("licence: [")
    load_strategy(root)  # no StrategyError


def test_init_again_keeps_every_file_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(root), "--no-git"]).exit_code == 0
    assert not (root / ".git").exists()
    (root / "radar" / "config.yaml").write_text("quadrants: [A]\nrings: [B]\n")
    (root / "people.toml").unlink()
    before = (root / "lodestar.toml").read_text()
    result = runner.invoke(app, ["init", str(root), "--name", "Other"])
    assert result.exit_code == 0, result.output
    assert (root / "radar" / "config.yaml").read_text() == "quadrants: [A]\nrings: [B]\n"
    assert (root / "lodestar.toml").read_text() == before
    out = " ".join(result.output.split())
    assert "kept (not overwritten): lodestar.toml, .gitignore, radar/config.yaml" in out
    assert "wrote: people.toml" in out
    assert (root / ".git").is_dir()  # made on the second run, git being wanted


def test_init_without_git_warns_and_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    from lodestar.gitio import git_environment

    git_environment.cache_clear()
    try:
        result = runner.invoke(app, ["init", str(tmp_path / "ws")])
    finally:
        git_environment.cache_clear()
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Warning: git is not installed" in out and "git init" in out
    assert (tmp_path / "ws" / "radar" / "_template.md").is_file()


def test_init_inside_a_git_repository_makes_no_second_one(tmp_path: Path) -> None:
    """The radar's history is read from the repository holding the workspace, at any depth."""
    outer = tmp_path / "monorepo"
    runner.invoke(app, ["init", str(outer / "seed")])  # makes monorepo/seed/.git
    (outer / "seed" / ".git").rename(outer / ".git")
    result = runner.invoke(app, ["init", str(outer / "cto")])
    assert result.exit_code == 0, result.output
    assert not (outer / "cto" / ".git").exists()
    assert "inside the git repository at" in " ".join(result.output.split())
