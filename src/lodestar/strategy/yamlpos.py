"""YAML for workspace strategy files: safe, capped, and with a line and column for every node.

Strategy files are written by people and reviewed like code, yet a workspace may come from
anyone, so this reader builds plain values from the parser's *events* and never constructs
anything:

* **no tags** (``!!python/object``, ``!include``, even ``!!str``): refused with their position;
* **no anchors or aliases**: strategy files have no use for them, and refusing them makes
  "billion laughs" bombs impossible rather than merely budgeted;
* **nesting capped** at :data:`MAX_DEPTH`, **nodes capped** at :data:`MAX_NODES`, text capped by
  the caller (:data:`MAX_BYTES`);
* **duplicate keys are errors** (the second would silently win in PyYAML);
* **scalars stay text** (YAML 1.2-like): ``3.10`` is ``"3.10"``, ``on`` is ``"on"``; only plain
  ``null``/``~``/empty and ``true``/``false`` resolve. Pydantic then converts text to dates and
  numbers where a model asks for them, so every conversion error has a position.

Mappings are :class:`YMap` (a ``dict`` remembering the position of each key and value), sequences
:class:`YList`. Positions are 1-based ``(line, column)`` pairs, shifted by ``line_offset`` so that
front matter positions are those of the markdown file.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

MAX_BYTES = 1 << 20  # one strategy file
MAX_DEPTH = 32
MAX_NODES = 100_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOW_MARKS = re.compile(r"[\[\]{}\n]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class Pos(NamedTuple):
    line: int
    column: int


class YamlProblem(Exception):  # noqa: N818  internal: becomes a Problem at the loader
    """A YAML text that cannot be read, with where."""

    def __init__(self, message: str, pos: Pos | None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class YMap(dict[str, object]):
    """A mapping with the position of itself, of each key and of each value."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class YList(list[object]):
    """A sequence with the position of itself and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


_NO_KEY = object()


class _Frame:
    __slots__ = ("container", "key", "key_pos")

    def __init__(self, container: YMap | YList) -> None:
        self.container = container
        self.key: object = _NO_KEY
        self.key_pos = Pos(0, 0)


class _Builder:
    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.docs: list[object] = []
        self.nodes = 0

    def add(self, value: object, pos: Pos, *, scalar: bool) -> None:
        if not self.stack:
            self.docs.append(value)
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, YList):
            container.append(value)
            container.item_pos.append(pos)
            return
        if frame.key is _NO_KEY:
            if not scalar:
                raise YamlProblem("a mapping key must be plain text", pos)
            key = "" if value is None else str(value).lower() if isinstance(value, bool) else value
            if key in container:
                raise YamlProblem(f"duplicate key {key!r}", pos)
            frame.key = key
            frame.key_pos = pos
            return
        key = frame.key
        assert isinstance(key, str)  # noqa: S101  set just above
        container[key] = value
        container.key_pos[key] = frame.key_pos
        container.value_pos[key] = pos
        frame.key = _NO_KEY


def _pos(mark: yaml.Mark | None, line_offset: int) -> Pos | None:
    if mark is None:
        return None
    return Pos(mark.line + 1 + line_offset, mark.column + 1)


def _refuse_extras(event: yaml.NodeEvent, pos: Pos) -> None:
    if event.anchor is not None:
        raise YamlProblem("YAML anchors and aliases are not allowed in strategy files", pos)
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        raise YamlProblem(f"YAML tags are not allowed in strategy files (found {tag})", pos)


def _scalar(event: yaml.ScalarEvent) -> object:
    value = event.value
    if event.implicit[0]:  # plain scalar
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


def _check_flow_depth(text: str, line_offset: int) -> None:
    """Refuse flow collections (``[[[…`` / ``{{{…``) nested deeper than :data:`MAX_DEPTH`.

    The YAML scanner reads a whole run of opening brackets ahead before the parser emits the
    first event (it must know whether they start a key), so the event-time depth check below
    would come too late: this linear pass over the bracket characters fires first. It counts
    brackets inside quoted text too, which can only refuse a file that holds more than
    :data:`MAX_DEPTH` unclosed brackets in its strings — no strategy file does.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, line, line_start = 0, 1, 0
    for mark in _FLOW_MARKS.finditer(text):
        char = mark.group()
        if char == "\n":
            line, line_start = line + 1, mark.end()
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                pos = Pos(line + line_offset, mark.start() - line_start + 1)
                raise YamlProblem(f"YAML nested deeper than {MAX_DEPTH} levels", pos)
        else:
            depth = max(depth - 1, 0)


def load_documents(text: str, *, line_offset: int = 0) -> list[object]:
    """Every document of ``text`` as YMap, YList, str, bool and None values."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise YamlProblem(f"file larger than {MAX_BYTES // 1024} KiB; split it", Pos(1, 1))
    _check_flow_depth(text, line_offset)
    builder = _Builder()
    loader = _LOADER(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            pos = _pos(event.start_mark, line_offset) or Pos(1 + line_offset, 1)
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem("YAML anchors and aliases are not allowed in strategy files", pos)
            if isinstance(event, yaml.ScalarEvent):
                _refuse_extras(event, pos)
                builder.nodes += 1
                builder.add(_scalar(event), pos, scalar=True)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                _refuse_extras(event, pos)
                builder.nodes += 1
                if len(builder.stack) >= MAX_DEPTH:
                    raise YamlProblem(f"YAML nested deeper than {MAX_DEPTH} levels", pos)
                container: YMap | YList = (
                    YMap(pos) if isinstance(event, yaml.MappingStartEvent) else YList(pos)
                )
                builder.stack.append(_Frame(container))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = builder.stack.pop()
                builder.add(frame.container, frame.container.pos, scalar=False)
            if builder.nodes > MAX_NODES:
                raise YamlProblem(f"more than {MAX_NODES} YAML nodes; split the file", pos)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"invalid YAML: {problem}", _pos(mark, line_offset)) from None
    except yaml.YAMLError as exc:  # reader errors: control characters, bad encoding
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise YamlProblem(f"invalid YAML: {first}", Pos(1 + line_offset, 1)) from None
    finally:
        loader.dispose()
    return builder.docs


def load_mapping(text: str, *, line_offset: int = 0) -> YMap:
    """The one document of ``text``, which must be a mapping (an empty text is an empty one)."""
    docs = load_documents(text, line_offset=line_offset)
    if len(docs) > 1:
        raise YamlProblem("only one YAML document is allowed here", None)
    if not docs or docs[0] is None:
        return YMap(Pos(1 + line_offset, 1))
    doc = docs[0]
    if not isinstance(doc, YMap):
        pos = doc.pos if isinstance(doc, YList) else Pos(1 + line_offset, 1)
        raise YamlProblem("expected a mapping of keys to values", pos)
    return doc


def position(doc: object, loc: tuple[int | str, ...], *, key: bool = False) -> Pos | None:
    """The position of the node at ``loc`` (its key's, with ``key``), or its nearest parent's."""
    node = doc
    best: Pos | None = doc.pos if isinstance(doc, YMap | YList) else None
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            best = node.key_pos[step] if key and last else node.value_pos[step]
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            best = node.item_pos[step]
            node = node[step]
        else:
            break
    return best
