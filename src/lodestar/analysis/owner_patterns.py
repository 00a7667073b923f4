"""CODEOWNERS patterns against paths: gitignore-style globs, without regular expressions.

A pattern is read as GitHub and GitLab document it:

* ``*`` matches any characters but ``/``, ``?`` one character, ``[abc]``/``[a-z]``/``[!x]`` one
  of a set; ``**`` as a whole segment matches any number of segments (``**/logs``,
  ``docs/**``);
* a pattern with no ``/`` but a trailing one (``*.js``, ``logs``, ``apps/``) matches at any
  depth; one with a ``/`` at its start or inside (``/docs/``, ``docs/api``) is anchored at the
  repository root;
* a pattern matches a file, or a directory and so every file below it (``/docs/`` owns
  ``docs/a/b.md``); a trailing ``/`` matches directories only; a pattern whose last segment is
  ``*`` (``docs/*``) matches the files directly inside, not deeper ones (GitHub's documented
  example);
* ``!pattern`` is a GitLab exclusion (see :func:`lodestar.analysis.ownership.path_owners`).

Matching is a dynamic programme over segments and, inside a segment, over characters:
``O(len(pattern) * len(path))`` at worst, however hostile the pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["OwnerPattern", "compile_pattern"]

_STAR, _ANY = "*", "?"


@dataclass(frozen=True, slots=True)
class OwnerPattern:
    """A compiled CODEOWNERS pattern."""

    segments: tuple[tuple[object, ...], ...]  # per segment its tokens; ("**",) spans segments
    negated: bool
    directory_only: bool  # trailing "/": directories (the files below them), not files
    children_only: bool  # last segment "*": files directly inside, not below

    def matches(self, path: str) -> bool:
        """Whether the pattern owns the file at ``path`` (relative, ``/``-separated)."""
        parts = tuple(p for p in path.strip("/").split("/") if p)
        if not parts:
            return False
        if self.children_only:
            return _match_segments(self.segments, parts)
        # the file itself, or one of the directories above it
        last = len(parts) - 1 if self.directory_only else len(parts)
        return any(_match_segments(self.segments, parts[:end]) for end in range(1, last + 1))


_GLOBSTAR: tuple[object, ...] = ("**",)


def _tokens(segment: str) -> tuple[object, ...]:
    """A segment as tokens: a literal character, ``*``, ``?`` or a frozenset class
    (``(negated, chars, ranges)``)."""
    out: list[object] = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "[":
            end = segment.find("]", i + 2)
            if end > 0:
                out.append(_char_class(segment[i + 1 : end]))
                i = end + 1
                continue
        if char == "\\" and i + 1 < len(segment):
            out.append(segment[i + 1])
            i += 2
            continue
        if char == _STAR and out and out[-1] == _STAR:
            i += 1
            continue  # "**" inside a segment is "*"
        out.append(char)
        i += 1
    return tuple(out)


def _char_class(body: str) -> tuple[bool, frozenset[str], tuple[tuple[str, str], ...]]:
    negated = body[:1] in {"!", "^"}
    body = body[1:] if negated else body
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            ranges.append((body[i], body[i + 2]))
            i += 3
        else:
            chars.add(body[i])
            i += 1
    return negated, frozenset(chars), tuple(ranges)


def _one(token: object, char: str) -> bool:
    if isinstance(token, str):
        return token in {_ANY, char}
    assert isinstance(token, tuple)  # noqa: S101  classes are the only other token
    negated, chars, ranges = token
    inside = char in chars or any(low <= char <= high for low, high in ranges)
    return bool(inside != negated)


def _match_segment(tokens: tuple[object, ...], text: str) -> bool:
    """Glob tokens against one path segment (no ``/`` inside): a row-by-row table."""
    # reach[j]: the tokens so far match text[:j]
    reach = [True] + [False] * len(text)
    for token in tokens:
        if token == _STAR:
            seen = False
            for j in range(len(text) + 1):
                seen = seen or reach[j]
                reach[j] = seen
        else:
            reach = [False] + [reach[j] and _one(token, text[j]) for j in range(len(text))]
        if not any(reach):
            return False
    return reach[len(text)]


def _match_segments(segments: tuple[tuple[object, ...], ...], parts: tuple[str, ...]) -> bool:
    """Segments (with ``**``) against path parts, the same table over segments."""
    reach = [True] + [False] * len(parts)
    for segment in segments:
        if segment == _GLOBSTAR:
            seen = False
            for j in range(len(parts) + 1):
                seen = seen or reach[j]
                reach[j] = seen
        else:
            reach = [False] + [
                reach[j] and _match_segment(segment, parts[j]) for j in range(len(parts))
            ]
        if not any(reach):
            return False
    return reach[len(parts)]


@lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> OwnerPattern:
    """``pattern`` as written in a CODEOWNERS file (``!`` exclusion included)."""
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    directory_only = body.endswith("/") and body.strip("/") != ""
    anchored = body.startswith("/") or "/" in body.strip("/")
    pieces = [p for p in body.strip("/").split("/") if p]
    if not pieces:  # "/" alone: the whole repository
        pieces, anchored = ["**"], True
    segments: list[tuple[object, ...]] = []
    for piece in pieces:
        token = _GLOBSTAR if piece == "**" else _tokens(piece)
        if token == _GLOBSTAR and segments and segments[-1] == _GLOBSTAR:
            continue
        segments.append(token)
    if not anchored and segments[0] != _GLOBSTAR:
        segments.insert(0, _GLOBSTAR)
    children_only = anchored and len(pieces) > 1 and pieces[-1] == "*"
    return OwnerPattern(tuple(segments), negated, directory_only, children_only)
