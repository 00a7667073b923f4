"""The streaming pieces of gitio.objects: records split across chunks, a bounded listing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lodestar.gitio import GitRepository
from lodestar.gitio import objects as gitio_objects


@given(
    records=st.lists(st.binary(min_size=1, max_size=12).filter(lambda b: b"\0" not in b)),
    chunk=st.integers(min_value=1, max_value=20),
    stop=st.none() | st.integers(min_value=0, max_value=30),
)
def test_records_are_split_and_counted_across_chunks(
    records: list[bytes], chunk: int, stop: int | None
) -> None:
    stream = io.BytesIO(b"".join(r + b"\0" for r in records))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gitio_objects, "_CHUNK", chunk)
        reader = gitio_objects._Records(stream, stop)
        got = list(reader)
        rest = reader.count_rest()
    assert got == records[:stop]
    assert len(got) + rest == len(records)


def test_a_listing_past_its_limit_counts_the_rest(repo_factory) -> None:  # type: ignore[no-untyped-def]
    files = {f"d{i % 7}/f{i:03d}.py": f"x = {i}\n" for i in range(300)}
    repo: Path = repo_factory(files)
    git = GitRepository(repo)
    commit, _ = git.resolve()
    whole = git.list_tree(commit)
    cut = git.list_tree(commit, limit=120)
    assert (whole.total, len(whole.entries), whole.truncated) == (300, 300, False)
    assert (cut.total, cut.truncated) == (300, True)
    assert cut.entries == whole.entries[:120]
    assert sorted(e.path for e in whole.entries) == sorted(files)
    assert {e.size for e in whole.entries} == {len(v) for v in files.values()}
