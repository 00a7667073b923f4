"""Workspace settings: typed, documented, and precise about errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodestar.errors import ConfigError
from lodestar.settings import Workspace, init_workspace, settings_table


def test_init_creates_config_and_strategy_folders(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", name="Acme", sources=["../git/*"])
    assert ws.settings.organisation.name == "Acme"
    assert ws.settings.sources.paths == ["../git/*"]
    assert ws.settings.scan.max_file_size == 2 * 1024 * 1024
    for folder in ("radar", "decisions", "policies"):
        assert (tmp_path / "ws" / folder).is_dir()
    assert ws.database_url == f"sqlite:///{tmp_path / 'ws' / '.lodestar' / 'lodestar.db'}"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    init_workspace(tmp_path, name="A", sources=[])
    with pytest.raises(ConfigError, match="already exists"):
        init_workspace(tmp_path, name="B", sources=[])


@pytest.mark.parametrize(
    ("body", "line", "key", "words"),
    [
        ('[scan]\nworkers = "many"\n', 2, "scan.workers", "must be a whole number (got 'many')"),
        ("[scan]\nmax_file_size = -5\n", 2, "scan.max_file_size", "must be more than 0 (got -5)"),
        # a size of 400 digits overflowed float() into a traceback; now it is just not a size
        ('[scan]\nmax_file_size = "' + "9" * 400 + ' MiB"\n', 2, "scan.max_file_size", "scan"),
        ('[organisation]\nname = "x"\n\n[sources]\npathz = []\n', 5, "sources.pathz", "unknown"),
        ("[scan\n", 1, None, "invalid TOML"),
    ],
)
def test_bad_settings_name_file_line_and_key(
    tmp_path: Path, body: str, line: int, key: str | None, words: str
) -> None:
    (tmp_path / "lodestar.toml").write_text(body)
    with pytest.raises(ConfigError) as info:
        Workspace.load(tmp_path)
    err = info.value
    assert err.path == str(tmp_path / "lodestar.toml")
    assert err.line == line
    assert err.key == key
    assert words in str(err)
    assert str(err).startswith(f"{tmp_path / 'lodestar.toml'}:{line}")


def test_reference_date_defaults_to_today_and_can_be_pinned(tmp_path: Path) -> None:
    import datetime as dt

    free = init_workspace(tmp_path / "free", name="A", sources=[])
    assert free.settings.organisation.as_of is None
    assert free.today() == dt.datetime.now(dt.UTC).date()
    pinned = init_workspace(tmp_path / "pinned", name="B", sources=[], as_of=dt.date(2026, 10, 31))
    assert Workspace.load(pinned.root).today() == dt.date(2026, 10, 31)
    (tmp_path / "lodestar.toml").write_text('[organisation]\nas_of = "last week"\n')
    with pytest.raises(ConfigError) as info:
        Workspace.load(tmp_path)
    assert (info.value.key, info.value.line) == ("organisation.as_of", 2)


def test_sizes_accept_units(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text('[scan]\nmax_file_size = "512 KiB"\n')
    assert Workspace.load(tmp_path).settings.scan.max_file_size == 512 * 1024


def test_every_setting_is_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for key, _default, help_text in settings_table():
        assert help_text, f"{key} has no help text"
        assert f"`{key}`" in readme, f"README does not document {key}"


def test_repository_owners_are_read_and_validated(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text(
        '[repositories.owners]\n"legacy-*" = "group:billing"\norders-api = "@acme/orders"\n'
    )
    owners = Workspace.load(tmp_path).settings.repositories.owners
    assert owners == {"legacy-*": "group:billing", "orders-api": "@acme/orders"}
    (tmp_path / "lodestar.toml").write_text('[repositories.owners]\norders-api = "  "\n')
    with pytest.raises(ConfigError) as info:
        Workspace.load(tmp_path)
    assert info.value.key is not None and info.value.key.startswith("repositories.owners")
    assert "has no owner" in str(info.value)
