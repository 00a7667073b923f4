"""Hostile workspace files are refused cleanly, with a position, and never crash the loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lodestar.errors import StrategyError
from lodestar.strategy import load_strategy
from lodestar.strategy.markdown import MAX_BYTES

BOMB = """\
---
title: lol
quadrant: Tools
ring: Hold
extra:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
---
"""


def only_problem(root: Path) -> str:
    with pytest.raises(StrategyError) as info:
        load_strategy(root)
    (problem,) = info.value.problems
    return problem.render()


def write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")
    return root


def test_alias_bomb_is_refused_at_the_anchor(tmp_path: Path) -> None:
    report = only_problem(write(tmp_path, "radar/lol.md", BOMB))
    assert report.startswith("radar/lol.md:6:6: YAML anchors and aliases are not allowed")


def test_tags_are_refused(tmp_path: Path) -> None:
    text = "licence: !!python/object/apply:os.system ['echo pwned']\n"
    report = only_problem(write(tmp_path, "policies/p.yaml", text))
    assert report.startswith("policies/p.yaml:1:10: YAML tags are not allowed")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    text = "---\ntitle: x\nquadrant: Tools\nring: Hold\n---\n" + "x" * (MAX_BYTES + 1)
    report = only_problem(write(tmp_path, "radar/big.md", text))
    assert report == "radar/big.md: file larger than 1024 KiB; split it"


def test_binary_and_duplicate_keys(tmp_path: Path) -> None:
    write(tmp_path, "radar/bin.md", b"---\ntitle: \xff\xfe\n---\n")
    write(tmp_path, "policies/dup.yaml", "eol:\n  warn-days: 3\neol:\n  warn-days: 4\n")
    with pytest.raises(StrategyError) as info:
        load_strategy(tmp_path)
    rendered = sorted(p.render() for p in info.value.problems)
    assert rendered[0].startswith("policies/dup.yaml:3:1: duplicate key 'eol'")
    assert rendered[1] == "radar/bin.md: not UTF-8 text (byte 11); save it as UTF-8"


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: s\nquadrant: Tools\nring: Hold\n---\n", "utf-8")
    (tmp_path / "radar").mkdir()
    (tmp_path / "radar" / "link.md").symlink_to(secret)
    report = only_problem(tmp_path)
    assert report.startswith("radar/link.md: symbolic links are not followed")


def test_wrong_types_are_positioned(tmp_path: Path) -> None:
    text = "---\ntitle: [a, b]\nquadrant: Tools\nring: Hold\n---\n"
    report = only_problem(write(tmp_path, "radar/t.md", text))
    assert report.startswith("radar/t.md:2:8: title: must be text")


_KEYS = st.sampled_from(
    [
        "title",
        "ring",
        "quadrant",
        "matchers",
        "technology",
        "purl",
        "versions",
        "status",
        "links",
        "supersedes",
        "evaluation",
        "criteria",
        "scores",
        "extra",
        "review-by",
        "x",
        "1",
        "",
    ]
)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.sampled_from(["Hold", "*"])
)


def yaml_values(
    keys: st.SearchStrategy[str], scalars: st.SearchStrategy[object], max_leaves: int
) -> st.SearchStrategy[object]:
    """Nested YAML-shaped values: ``scalars``, lists of values and mappings from ``keys``
    (shared by the register's fuzz test, with its own keys)."""
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=max_leaves,
    )


_VALUES = yaml_values(_KEYS, _SCALARS, 12)


@given(
    _VALUES,
    st.sampled_from(
        ["radar/e.md", "decisions/d.md", "campaigns/c.md", "initiatives/i.md", "policies/p.yaml"]
    ),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_document_loads_or_fails_with_positioned_problems(
    tmp_path_factory: pytest.TempPathFactory, value: object, rel: str
) -> None:
    loads_or_fails_positioned(tmp_path_factory.mktemp("fuzz"), value, rel)


def loads_or_fails_positioned(root: Path, value: object, rel: str) -> None:
    """``value`` written as the strategy file ``rel`` (YAML, or a Markdown file's front matter)
    either loads or fails with problems that name ``rel`` and render; shared by the register's
    fuzz test (tests/strategy/test_ip_register.py)."""
    dumped = yaml.safe_dump(value, allow_unicode=True)
    text = dumped if rel.endswith(".yaml") else f"---\n{dumped}---\nbody\n"
    write(root, rel, text)
    try:
        load_strategy(root)
    except StrategyError as exc:
        for problem in exc.problems:
            assert problem.path == rel
            assert problem.message
            problem.render()
