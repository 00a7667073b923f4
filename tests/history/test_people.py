""".mailmap, the workspace people file and bot patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodestar.errors import ConfigError
from lodestar.records.people import SeenIdentity
from lodestar.scan.people import (
    DEFAULT_BOT_PATTERNS,
    BotMatcher,
    Mailmap,
    PersonAlias,
    parse_mailmap,
)
from lodestar.scan.people_file import load_people
from lodestar.scan.people_merge import resolve_people
from lodestar.settings import HistorySettings

MAILMAP = """\
# comment line
Proper Name <commit@example.com>
<proper@example.com> <old@example.com>
Joe Dev <joe@example.com> Joe <JOE@laptop.local>
Jane Doe <jane@example.com> <jane@home.example>  # trailing comment
not a mailmap line
"""


def test_mailmap_forms_as_git_reads_them() -> None:
    mm = Mailmap(parse_mailmap(MAILMAP))
    # "Proper Name <commit@email>": the name changes, the email stays
    assert mm.map("whoever", "commit@example.com") == ("Proper Name", "commit@example.com")
    # "<proper@email> <commit@email>": the email changes, the name stays
    assert mm.map("Old Me", "OLD@example.com") == ("Old Me", "proper@example.com")
    # name and email matched (case-insensitively) only together
    assert mm.map("joe", "joe@laptop.local") == ("Joe Dev", "joe@example.com")
    assert mm.map("Somebody Else", "joe@laptop.local") == (
        "Somebody Else",
        "joe@laptop.local",
    )
    assert mm.map("J", "jane@home.example") == ("Jane Doe", "jane@example.com")
    assert mm.map("Nobody", "nobody@example.com") == ("Nobody", "nobody@example.com")


def test_resolver_joins_aliases_and_flags_bots() -> None:
    people = [
        PersonAlias(
            "ann@example.com", "Ann", ("ann@example.com", "ann@gmail.example"), ("annie",), "core"
        )
    ]
    seen = [
        SeenIdentity("Ann", "ann@gmail.example", 3, 10),
        SeenIdentity("annie", "annie@laptop", 1, 5),  # by name
        SeenIdentity("Renovate Bot", "bot@renovateapp.com", 4, 4),
        SeenIdentity("x", "41898282+github-actions[bot]@users.noreply.github.com", 1, 1),
    ]
    resolution = resolve_people(seen, people, bot_patterns=DEFAULT_BOT_PATTERNS)
    assert resolution.key_of("Ann", "ANN@gmail.example") == "ann@example.com"
    assert resolution.key_of("annie", "annie@laptop") == "ann@example.com"
    assert resolution.key_of("Renovate Bot", "bot@renovateapp.com") == "bot@renovateapp.com"
    found = {p.identity.key: p.identity for p in resolution.people}
    assert found["ann@example.com"].team == "core"
    assert set(found["ann@example.com"].emails) >= {"ann@gmail.example", "annie@laptop"}
    assert found["bot@renovateapp.com"].bot
    assert not found["ann@example.com"].bot
    assert sum(1 for i in found.values() if i.bot) == 2


def test_bot_patterns_are_configurable() -> None:
    assert not BotMatcher(DEFAULT_BOT_PATTERNS)("ci-robot", "ci@example.com")
    assert BotMatcher([*DEFAULT_BOT_PATTERNS, "^ci-"])("ci-robot", "ci@example.com")


def test_settings_default_bot_patterns_match_the_resolver() -> None:
    assert tuple(HistorySettings().bot_patterns) == DEFAULT_BOT_PATTERNS


def test_people_file(tmp_path: Path) -> None:
    assert load_people(tmp_path) == []
    (tmp_path / "people.toml").write_text(
        '["Ann@Example.com"]\nname = "Ann"\nteam = "core"\nemails = ["ann@gmail.example"]\n'
        'names = ["annie"]\n\n["bob@example.com"]\n'
    )
    ann, bob = load_people(tmp_path)
    assert ann == PersonAlias(
        "ann@example.com", "Ann", ("ann@example.com", "ann@gmail.example"), ("annie",), "core"
    )
    assert (bob.key, bob.name, bob.team) == ("bob@example.com", "bob@example.com", None)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('[ann]\nname = "Ann"\n', 1, "named by the person's email"),
        ('["a@x"]\nname = "A"\n\n["b@x"]\nemails = "b@y"\n', 4, "list of strings"),
        ('["a@x"]\nnickname = "A"\n', 1, "unknown key 'nickname'"),
        ('["a@x"\n', 1, "invalid TOML"),
    ],
)
def test_people_file_errors_name_file_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    (tmp_path / "people.toml").write_text(body)
    with pytest.raises(ConfigError, match=words) as info:
        load_people(tmp_path)
    assert info.value.line == line
    assert str(info.value).startswith(str(tmp_path / "people.toml"))
