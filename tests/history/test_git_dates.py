"""Dates are read the way git reads them; an odd one never raises past the documented error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.errors import GitError
from lodestar.gitio.dates import parse_raw_date
from lodestar.records import HistoryWarning
from lodestar.scan.history import parse_log

from . import literal

_SHA = b"a" * 40
_SHA_B = b"b" * 40

# offsets fsck accepts, offsets it calls badTimezone, and forms git reads leniently
OFFSETS = [
    "+0000",
    "+0130",
    "-0330",
    "+1400",
    "+2359",
    "+0160",
    "+123",
    "-1",
    "+01:00",
    "+2400",
    "-2400",
    "+9999",
    "+51800",
    "-51800",
    "+99999999999999999999",
]


def test_offsets_are_read_as_git_reads_them(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    literal.init(repo)
    for offset in OFFSETS:
        who = f"A <a@example.com> 1700000000 {offset}"
        sha = literal.commit(repo, {"a": "a"}, [], author=who, committer=who, message="m")
        out = literal.git(repo, "log", "-1", "--date=raw", "--format=%ad%x00%ai", sha)
        raw, local = out.split("\0")  # git's --date=raw, and its local time
        notes: list[str] = []
        moment = parse_raw_date(raw.encode(), notes=notes)
        assert moment.timestamp() == 1700000000, offset  # the moment is never moved
        offset_of_git = datetime.fromisoformat(local[:19]).replace(tzinfo=UTC) - datetime(
            2023, 11, 14, 22, 13, 20, tzinfo=UTC
        )
        if abs(offset_of_git) < timedelta(days=1):
            # git's local clock, to the second
            assert moment.strftime("%Y-%m-%d %H:%M:%S") == local[:19], offset
        else:
            assert moment.utcoffset() == timedelta(0), offset
            assert raw.split()[1] in notes[0], offset  # the raw value is kept
        canonical = len(raw.split()[1]) == 5 and int(raw[-2:]) < 60  # [+-]HHMM
        assert bool(notes) == (not canonical or abs(offset_of_git) >= timedelta(days=1)), offset


@pytest.mark.parametrize(
    ("raw", "offset_minutes", "noted"),
    [
        (b"1700000000 +0130", 90, False),
        (b"1700000000 -0330", -210, False),
        (b"1700000000 +0160", 120, True),  # git: one hour and 60 minutes
        (b"1700000000 +123", 83, True),  # git prints it +0123
        (b"1700000000 +51800", 0, True),  # psf/requests 5e6ecda: read as UTC
        (b"1700000000 -2400", 0, True),
        (b"1700000000 +" + b"9" * 60, 0, True),
    ],
)
def test_offsets(raw: bytes, offset_minutes: int, noted: bool) -> None:
    notes: list[str] = []
    moment = parse_raw_date(raw, notes=notes)
    assert moment.timestamp() == 1700000000
    assert moment.utcoffset() == timedelta(minutes=offset_minutes)
    assert bool(notes) == noted


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"garbage",
        b"1700000000",
        b"1700000000 0100",
        b"9" * 30 + b" +0000",
        b"99999999999999 +0000",
    ],
)
def test_a_commit_without_a_moment_is_skipped_not_fatal(raw: bytes) -> None:
    with pytest.raises(GitError):
        parse_raw_date(raw)
    good = b"1700000000 +0000"
    stream = _SHA + b"\0\0N\0e@x\0" + raw + b"\0e@x\0" + raw + b"\0subject\0"
    stream += _SHA_B + b"\0" + _SHA + b"\0N\0e@x\0" + good + b"\0e@x\0" + good + b"\0next\0"
    warnings: list[HistoryWarning] = []
    commits = list(parse_log([stream], repository="repo", warnings=warnings))
    assert [c.subject for c in commits] == ["next"]
    assert [(w.repository, w.item) for w in warnings] == [("repo", f"commit {'a' * 40}")]
    assert repr(raw[:20])[2:-1] in warnings[0].message  # the raw value is kept


@given(st.binary(max_size=60))
def test_any_bytes_give_a_date_or_the_documented_error(raw: bytes) -> None:
    notes: list[str] = []
    try:
        moment = parse_raw_date(raw, notes=notes)
    except GitError:
        return
    assert moment.utcoffset() is not None
    assert abs(moment.utcoffset()) < timedelta(days=1)  # type: ignore[arg-type]


@given(
    st.integers(min_value=0, max_value=253402214400),  # up to the last day of year 9999
    st.sampled_from(["+", "-"]),
    st.text("0123456789", min_size=1, max_size=30),
)
def test_every_offset_git_prints_gives_the_moment(seconds: int, sign: str, digits: str) -> None:
    notes: list[str] = []
    moment = parse_raw_date(f"{seconds} {sign}{digits}".encode(), notes=notes)
    assert moment.timestamp() == seconds
    canonical = len(digits) == 4 and int(digits[2:]) < 60 and int(digits[:2]) < 24
    assert bool(notes) == (not canonical)
    assert all(f"{sign}{digits}"[:30] in note for note in notes)


@given(
    st.binary(max_size=40).filter(lambda b: b"\0" not in b),
    st.binary(max_size=40).filter(lambda b: b"\0" not in b),
)
def test_a_commit_with_any_dates_is_kept_or_skipped_with_a_warning(
    author: bytes, committer: bytes
) -> None:
    stream = _SHA + b"\0\0N\0e@x\0" + author + b"\0e@x\0" + committer + b"\0subject\0"
    warnings: list[HistoryWarning] = []
    commits = list(parse_log([stream], repository="repo", warnings=warnings))
    assert len(commits) <= 1
    if not commits:
        assert [(w.repository, w.item) for w in warnings] == [("repo", f"commit {'a' * 40}")]
        assert "skipped" in warnings[0].message
