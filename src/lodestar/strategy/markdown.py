"""Markdown files with YAML front matter, and the MADR sections Lodestar reads from a body.

A front matter block is the text between a first line ``---`` and the next line ``---`` (or
``...``). Its YAML positions are those of the file (the block starts on line 2).
:func:`load_mapping` reads a strategy file's YAML (a whole ``.yaml`` file, or front matter)
through :mod:`lodestar.safeparse.yaml` under the strategy files' rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lodestar.safeparse import STRATEGY_MAX_BYTES, STRATEGY_YAML, YamlMap, load_yaml_mapping

MAX_BYTES = STRATEGY_MAX_BYTES  # one strategy file

_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
# "## Title ##": the closing hashes and blanks are stripped in code (_heading); a pattern that
# let ".*?" and "\s*#*\s*" share the tail backtracked cubically on a long run of blanks.
_HEADING = re.compile(r"(#{1,6})\s++(.*)")
# an option's note: " -- note", " - note", ": note" (blank runs taken whole: linear); a run
# starts after a non-blank, or after the ": " a match just took (":  - note" splits twice)
_NOTE = re.compile(r"(?:(?<!\s)|(?<=:\s))\s++(?:--|-|\u2014|\u2013)\s++|:\s")
_BULLET = re.compile(r"^\s{0,3}[*+-]\s+(.*\S)\s*$")
_CHOSEN = re.compile(r"Chosen option:\s*\"([^\"]+)\"|Chosen option:\s*\*?\*?([^,.\n*]+)", re.I)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    yaml: str | None  # None: the file has no front matter
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---`` front matter from the markdown body; unterminated front matter is body."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return FrontMatter(None, text, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return FrontMatter(yaml_text, body, index + 2)
    return FrontMatter(None, text, 1)


def load_mapping(text: str, *, line_offset: int = 0, path: str = "") -> YamlMap:
    """The one YAML mapping of a strategy file (``line_offset=1`` for front matter); anything
    else, and anything the strategy files' rules refuse, is a positioned ManifestError."""
    return load_yaml_mapping(path, text, STRATEGY_YAML, line_offset=line_offset)


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line, without its closing hashes; None otherwise."""
    match = _HEADING.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).rstrip().rstrip("#").rstrip()


def first_heading(body: str) -> str | None:
    """The text of the first level-1 heading."""
    for line in body.splitlines():
        heading = _heading(line)
        if heading and heading[0] == 1:
            return heading[1].strip()
    return None


def sections(body: str) -> dict[str, str]:
    """Level-2 section titles (lower-cased) to their text, up to the next level-1/2 heading."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    fenced = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = None if fenced else _heading(line)
        if heading and heading[0] <= 2:
            current = None
            if heading[0] == 2:
                current = found.setdefault(heading[1].strip().lower(), [])
            continue
        if current is not None:
            current.append(line)
    return {k: "\n".join(v).strip() for k, v in found.items()}


def bullets(text: str) -> list[str]:
    """Top-level bullet items of a markdown text (the option lists of MADR)."""
    items = []
    for line in text.splitlines():
        if line.startswith(("    ", "\t")):
            continue
        match = _BULLET.match(line)
        if match:
            items.append(match.group(1).strip())
    return items


def option_name(item: str) -> str:
    """``[PostgreSQL](link) -- a note`` → ``PostgreSQL``; ``**MySQL**`` → ``MySQL``."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", item)
    text = _NOTE.split(text, maxsplit=1)[0]
    return text.strip().strip('*_`"').strip()


def madr_options(body: str) -> tuple[tuple[str, ...], str | None]:
    """(considered options, chosen option) from a MADR body."""
    parts = sections(body)
    options = tuple(option_name(b) for b in bullets(parts.get("considered options", "")))
    outcome = parts.get("decision outcome", "")
    chosen = None
    match = _CHOSEN.search(outcome)
    if match:
        chosen = (match.group(1) or match.group(2) or "").strip() or None
    return tuple(o for o in options if o), chosen
