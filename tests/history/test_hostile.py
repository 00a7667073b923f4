"""Hostile repositories: odd bytes in paths and messages, and configuration that runs commands."""

from __future__ import annotations

import contextlib
import itertools
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.errors import GitError, LodestarError
from lodestar.gitio.history import stream_log
from lodestar.gitio.safe import GitRepository
from lodestar.ingest import mine_repository, refresh_people, update_snapshots
from lodestar.records import FileChange, HistoryWarning, RepositoryRef
from lodestar.scan.history import parse_log
from lodestar.store.db import open_engine
from lodestar.store.history import repository_history

from .histories import build_sample

# A path with a newline, a tab, a quote, non-ASCII and an invalid UTF-8 byte (octal 377).
_EVIL_PATH = r'"dir/we\nird\ttab \"q\" \303\251t\303\251 \377.txt"'
_MESSAGE = "Subject with ünïcødé, a tab\tand\r a CR\n\nBody line\n\x1b[31mred\x1b[0m\n".encode()


def _fast_import(path: Path) -> None:
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(path)], check=True)
    stream = b"".join(
        [
            b"commit refs/heads/main\nmark :1\n",
            b"author M\xc3\xa9chant <evil@example.com> 1700000000 +0000\n",
            b"committer M\xc3\xa9chant <evil@example.com> 1700000000 +0000\n",
            f"data {len(_MESSAGE)}\n".encode() + _MESSAGE + b"\n",
            f"M 100644 inline {_EVIL_PATH}\n".encode(),
            b"data 4\nabc\n\n",
            b"M 100644 inline 0123456789012345678901234567890123456789\ndata 2\nx\n\n",
            b"commit refs/heads/main\nmark :2\n",
            b"author B <b@example.com> 1700000100 -0330\n",
            b"committer B <b@example.com> 1700000100 -0330\n",
            b"data 3\n1\t2\nfrom :1\n",
            b"D 0123456789012345678901234567890123456789\n",
            b'M 100644 inline "-\\t-\\t\\n1\\t2\\tfake"\ndata 2\nx\n\n',
        ]
    )
    subprocess.run(
        ["git", f"--git-dir={path}", "fast-import", "--quiet", "--date-format=raw"],
        input=stream,
        check=True,
    )


def test_hostile_paths_and_messages_are_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "evil.git"
    _fast_import(path)
    commits = list(parse_log(stream_log(GitRepository(path), ["HEAD"])))
    assert len(commits) == 2
    first, second = commits
    assert first.subject.startswith("Subject with ünïcødé, a tab\tand")
    assert first.author_name == "Méchant"
    assert sorted(first.changes, key=lambda f: f.path) == [
        FileChange("0123456789012345678901234567890123456789", 1, 0),
        FileChange('dir/we\nird\ttab "q" été \\xff.txt', 1, 0),
    ]
    assert second.subject == "1\t2"
    # same content under a new name: git reports a rename, and the odd new path stays whole
    assert second.changes == (
        FileChange("-\t-\t\n1\t2\tfake", 0, 0, old_path="0123456789012345678901234567890123456789"),
    )
    assert second.authored_at.utcoffset().total_seconds() == -(3 * 3600 + 1800)  # type: ignore[union-attr]


def test_mining_runs_no_configured_command(tmp_path: Path) -> None:
    path = tmp_path / "trap"
    build_sample(path)
    markers = tmp_path / "markers"
    markers.mkdir()
    hooks = path / ".git" / "evil-hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "reference-transaction", "post-index-change"):
        script = hooks / hook
        script.write_text(f"#!/bin/sh\ntouch {markers}/hook-{hook}\n")
        script.chmod(0o755)
    evil_mailmap = tmp_path / "evil.mailmap"
    evil_mailmap.write_text("Evil <evil@example.com> <bob@example.com>\n")
    settings = {
        "core.hooksPath": str(hooks),
        "core.fsmonitor": f"touch {markers}/fsmonitor",
        "diff.evil.textconv": f"touch {markers}/textconv; cat",
        "diff.external": f"touch {markers}/external",
        "core.pager": f"touch {markers}/pager; cat",
        "pager.log": f"touch {markers}/pagerlog; cat",
        "mailmap.file": str(evil_mailmap),
        "log.mailmap": "true",
    }
    for key, value in settings.items():
        subprocess.run(["git", "-C", str(path), "config", key, value], check=True)
    (path / ".git" / "info").mkdir(exist_ok=True)
    (path / ".git" / "info" / "attributes").write_text("* diff=evil\n")
    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    mine_repository(engine, RepositoryRef("trap", str(path)))
    update_snapshots(engine, RepositoryRef("trap", str(path)))
    refresh_people(engine)
    history = repository_history(engine, "trap")
    engine.dispose()
    assert list(markers.iterdir()) == []
    assert "evil@example.com" not in history.people  # the configured mailmap.file is not read
    assert "bob@example.com" in history.people


@given(st.lists(st.binary(max_size=80), max_size=8))
def test_parser_on_arbitrary_bytes_returns_records_or_our_error(chunks: list[bytes]) -> None:
    try:
        commits = list(parse_log(chunks))
    except LodestarError:
        return
    for c in commits:
        assert len(c.sha) in (40, 64)


_SHA_A = b"a" * 40
_SHA_B = b"b" * 40
_VALID = (
    _SHA_A + b"\0\0N\0e@x\0" + b"1700000000 +0100\0e@x\0" + b"1700000000 +0100\0s\0"
    b"\n1\t2\tp\0-\t-\t\0old\0new\0"
    + _SHA_B
    + b"\0"
    + _SHA_A
    + b"\0N\0e@x\0"
    + b"1700000001 +0000\0e@x\0"
    + b"1700000001 +0000\0merge\0"
)


@given(st.lists(st.integers(min_value=0, max_value=len(_VALID)), max_size=6))
def test_parser_is_independent_of_chunk_boundaries(cuts: list[int]) -> None:
    points = sorted({0, *cuts, len(_VALID)})
    chunks = [_VALID[a:b] for a, b in itertools.pairwise(points)]
    commits = list(parse_log(chunks))
    assert [c.sha for c in commits] == ["a" * 40, "b" * 40]
    assert commits[0].changes == (FileChange("p", 1, 2), FileChange("new", None, None, "old"))
    assert commits[1].parents == ("a" * 40,)
    assert commits[1].changes == ()


@given(st.binary(max_size=200))
def test_parser_with_valid_prefix_and_garbage(garbage: bytes) -> None:
    with contextlib.suppress(LodestarError):
        list(parse_log([_VALID, garbage]))


def test_absurd_numbers_are_our_error_not_a_crash() -> None:
    huge = b"9" * 5000  # int() refuses strings this long: must not escape as ValueError
    with pytest.raises(GitError):
        list(parse_log([_VALID + b"\n" + huge + b"\t1\tpath\0"]))
    # an absurd author date is no moment: the commit keeps its committer date, with a warning
    warnings: list[HistoryWarning] = []
    stream = _SHA_A + b"\0\0N\0e@x\0" + huge + b" +0100\0e@x\0" + b"1 +0000\0s\0"
    (commit,) = parse_log([stream], repository="r", warnings=warnings)
    assert commit.authored_at == commit.committed_at
    assert [w.item for w in warnings] == [f"commit {'a' * 40}"]
