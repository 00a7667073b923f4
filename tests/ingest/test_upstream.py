"""Upstream mirrors: the organisation's commits read from them, and never counted as its own.

The upstream repository is built like pip's mirror is shaped: a bare mirror with a history by
many outside contributors, a few commits by the organisation's people (one on an own domain,
one under a personal address the people file knows, one signed off), a merge, and a bot.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import make_repo

from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.ingest import OrgPeople, organisation_refs, read_upstream, upstream_refs
from lodestar.records import Identity, RepositoryRef
from lodestar.scan.discover import discover
from lodestar.settings import Workspace, init_workspace

ANN = Author("Ann Org", "ann@northwind.example")
ANN_HOME = Author("Ann Org", "ann.org@gmail.com")
STRANGER = Author("Sam Outside", "sam@outside.example")
BOT = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
T0 = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def _upstream(path: Path) -> str:
    history = [
        Commit(STRANGER, T0, "Initial import", {"src/tool.py": "x = 1\n" * 40, "LICENSE": "MIT\n"}),
        Commit(ANN, T0 + timedelta(days=3), "Fix the resolver\n\nLonger body.\n",
               {"src/tool.py": "x = 2\n" * 40}),
        Commit(STRANGER, T0 + timedelta(days=5), "Docs", {"README.md": "# tool\n"}),
        Commit(ANN_HOME, T0 + timedelta(days=9), "Add a flag\n\nSigned-off-by: Ann Org "
               "<ann.org@gmail.com>\n", {"src/flag.py": "FLAG = True\n" * 3}),
        Commit(BOT, T0 + timedelta(days=10), "Bump deps", {"requirements.txt": "pip==24\n"}),
        Commit(ANN, T0 + timedelta(days=12), "Signed off by someone else\n\nSigned-off-by: Sam "
               "Outside <sam@outside.example>\n", {"src/tool.py": "x = 3\n" * 41}),
    ]  # fmt: skip
    return build_repository(path, history, bare=True)


def _people() -> OrgPeople:
    return OrgPeople({"ann.org@gmail.com": "ann@northwind.example"}, ("northwind.example",))


def test_the_organisations_commits_are_read_with_lines_dates_and_sign_offs(
    tmp_path: Path,
) -> None:
    _upstream(tmp_path / "tool.git")
    project = read_upstream(RepositoryRef("tool", str(tmp_path / "tool.git"), bare=True), _people())
    assert project.error is None
    assert project.name == "tool"
    assert project.read == 6
    assert [c.subject for c in project.commits] == [
        "Fix the resolver",
        "Add a flag",
        "Signed off by someone else",
    ]  # oldest first; the stranger and the bot are not the organisation
    assert project.authors == ("ann@northwind.example",)  # two addresses, one person
    assert [c.signed_off for c in project.commits] == [False, True, False]  # author's own only
    assert [(c.added, c.deleted) for c in project.commits] == [(40, 40), (3, 0), (41, 40)]
    assert project.lines == 40 + 40 + 3 + 41 + 40
    assert project.first == T0 + timedelta(days=3)
    assert project.last == T0 + timedelta(days=12)


def test_line_counts_are_kept_by_commit_and_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    """A commit's diff never changes: the second read diffs nothing (the counts come from the
    cache, proven by planting different ones), and a damaged cache file costs only a re-diff."""
    _upstream(tmp_path / "tool.git")
    ref = RepositoryRef("tool", str(tmp_path / "tool.git"), bare=True)
    cache = tmp_path / "cache"
    first = read_upstream(ref, _people(), cache=cache)
    kept = json.loads((cache / "tool.json").read_text("utf-8"))["lines"]
    assert sorted(kept.values()) == sorted([[40, 40], [3, 0], [41, 40]])
    planted = {sha: [7, 7] for sha in kept}
    (cache / "tool.json").write_text(json.dumps({"lines": planted}), "utf-8")
    assert [(c.added, c.deleted) for c in read_upstream(ref, _people(), cache=cache).commits] == [
        (7, 7)
    ] * 3
    for damage in ("{not json", '{"lines": {"../../etc": [1, 2]}}', '{"lines": [1]}', "\x00"):
        (cache / "tool.json").write_text(damage, "utf-8")
        again = read_upstream(ref, _people(), cache=cache)
        assert [(c.added, c.deleted) for c in again.commits] == [
            (c.added, c.deleted) for c in first.commits
        ]


def test_org_people_come_from_identities_the_people_file_and_own_domains(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", name="Northwind", sources=[])
    (ws.root / "people.toml").write_text(
        '["bea@northwind.example"]\nname = "Bea"\nemails = ["bea@home.example"]\n', "utf-8"
    )
    identities = {
        "carl@northwind.example": Identity(
            "carl@northwind.example", "Carl", ("carl@northwind.example", "carl@gmail.com")
        ),
        "bot@northwind.example": Identity("bot@northwind.example", "ci", (), bot=True),
    }
    people = OrgPeople.of(Workspace.load(ws.root), identities)
    assert people.person_of("Carl@Gmail.com") == "carl@northwind.example"
    assert people.person_of("bea@home.example") == "bea@northwind.example"
    assert people.person_of("dora@northwind.example") == "dora@northwind.example"  # own domain
    assert people.person_of("bot@northwind.example") == "bot@northwind.example"  # domain, not bot
    assert people.person_of("sam@outside.example") is None
    assert people.person_of("not-an-email") is None


def test_separator_bytes_in_a_subject_do_not_shift_the_other_commits(tmp_path: Path) -> None:
    history = [
        Commit(STRANGER, T0, "start", {"a.txt": "a\n"}),
        Commit(ANN, T0 + timedelta(days=1), "odd \x1f subject \x1e here\n\nbody\x1f\n",
               {"a.txt": "b\n"}),
        Commit(ANN, T0 + timedelta(days=2), "plain", {"a.txt": "c\n"}),
    ]  # fmt: skip
    build_repository(tmp_path / "odd.git", history, bare=True)
    project = read_upstream(RepositoryRef("odd", str(tmp_path / "odd.git"), bare=True), _people())
    assert project.read == 3
    assert [c.subject for c in project.commits] == ["odd \x1f subject \x1e here", "plain"]
    assert [c.lines for c in project.commits] == [2, 2]


def test_an_unreadable_mirror_is_an_error_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "broken.git").mkdir()
    project = read_upstream(
        RepositoryRef("broken", str(tmp_path / "broken.git"), bare=True), _people()
    )
    assert project.error is not None
    assert project.commits == ()


@pytest.mark.parametrize("also_under_paths", [False, True])
def test_upstream_mirrors_are_never_the_organisations_repositories(
    tmp_path: Path, also_under_paths: bool
) -> None:
    root = tmp_path / "ws"
    make_repo(root / "repos" / "api", {"README.md": "# api\n"})
    _upstream(root / "repos" / "tool.git" if also_under_paths else root / "upstream" / "tool.git")
    init_workspace(root, name="Northwind", sources=["repos"])
    text = (root / "lodestar.toml").read_text("utf-8")
    where = "repos/tool.git" if also_under_paths else "upstream/*"
    (root / "lodestar.toml").write_text(
        text.replace("[sources]\n", f'[sources]\nupstream = ["{where}"]\n'), "utf-8"
    )
    ws = Workspace.load(root)
    assert [r.name for r in upstream_refs(ws)] == ["tool"]
    found = discover([root / "repos"])
    assert ("tool" in [r.name for r in found]) == also_under_paths
    assert [r.name for r in organisation_refs(ws, found)] == ["api"]
