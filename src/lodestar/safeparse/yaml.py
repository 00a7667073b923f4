"""The one YAML reader: plain values with positions, built under budgets, never constructed.

Used by the workspace's strategy files (``lodestar.strategy``: radar entries, decisions,
policies, campaigns, initiatives, imports) with :data:`STRATEGY_YAML`, and by the scanner's
YAML manifests: pnpm and Yarn Berry locks and ``pnpm-workspace.yaml`` with :data:`LOCK_YAML`,
Compose, Kubernetes, Helm and CI files with :data:`DELIVERY_YAML`.

Rather than PyYAML's constructor, the reader builds plain Python values from the parser's
*events* (libyaml's C parser when present), under :class:`YamlRules`:

* **tags** are refused with their position (``!!python/object``, ``!include``, even ``!!str``),
  or, where files use application tags (GitLab's ``!reference``), ignored: ``!reference [a, b]``
  is the list ``["a", "b"]``, ``!!python/object`` a plain mapping; nothing is instantiated;
* **anchors and aliases** are refused (no "billion laughs" bomb is possible), or shared: an alias
  re-uses the anchored value, merge keys (``<<: *defaults``) apply, and the expanded size that
  aliases add is counted; past the budget (a bomb, or its merge-key variant) the file is refused,
  so a walk over the result stays linear;
* **depth** is capped before anything is built, including a linear pre-pass over flow brackets
  (the scanner reads a whole run of ``[[[[…`` ahead of the first event, and PyYAML's C composer
  recurses without a limit); **nodes** and **bytes** are capped too;
* **keys** are the scalar as written; a duplicate key and a collection used as a key are refused
  or (where the rules allow them) the later duplicate wins and the collection's entry is dropped;
* **scalars stay strings** (YAML 1.2-like): ``3.10`` is ``"3.10"``, ``on`` is ``"on"``; only
  plain ``null``/``~``/empty and ``true``/``false`` resolve. Gigantic numbers are text.

Mappings are :class:`YamlMap` (a ``dict`` remembering the position of itself, of each key and of
each value), sequences :class:`YamlList` (with ``positions=False``, as for locks, plain ``dict``
and ``list``, faster). Positions are 1-based ``(line, column)`` pairs,
shifted by ``line_offset`` so that front-matter positions are those of the markdown file.
Every refusal is a :class:`~lodestar.errors.ManifestError` with path, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml

from lodestar.errors import ManifestError

__all__ = [
    "DELIVERY_YAML",
    "LOCK_YAML",
    "STRATEGY_MAX_BYTES",
    "STRATEGY_YAML",
    "Pos",
    "YamlList",
    "YamlMap",
    "YamlRules",
    "load_yaml",
    "load_yaml_mapping",
    "position",
    "yaml_text",
]


@dataclass(frozen=True, slots=True)
class YamlRules:
    """What a kind of file may contain, and how much of it (``None``: no limit of that kind)."""

    kind: str  # what the files are, for messages ("strategy files")
    max_depth: int
    max_bytes: int | None = None
    max_nodes: int | None = None
    # None: anchors and aliases are refused; a number: aliases are shared, merge keys apply,
    # and at most this many nodes may be added by expanding them
    max_alias_expansion: int | None = None
    ignore_tags: bool = False  # False: a tag is refused; True: read as if untagged
    duplicate_keys: bool = False  # True: a later duplicate wins; False: refused
    collection_keys: bool = False  # True: an entry whose key is a collection is dropped
    positions: bool = True  # False: plain dicts and lists without positions (faster)


STRATEGY_MAX_BYTES = 1 << 20
STRATEGY_YAML = YamlRules(
    kind="strategy files", max_depth=32, max_bytes=STRATEGY_MAX_BYTES, max_nodes=100_000
)
"""Workspace strategy files: written by people, reviewed like code, yet from anyone."""

LOCK_YAML = YamlRules(kind="lock files", max_depth=64, duplicate_keys=True, positions=False)
"""pnpm and Yarn Berry locks, ``pnpm-workspace.yaml``: plain machine-written YAML."""

DELIVERY_YAML = YamlRules(
    kind="delivery files",
    max_depth=100,
    max_alias_expansion=200_000,
    ignore_tags=True,
    duplicate_keys=True,
    collection_keys=True,
)
"""Compose, Kubernetes, Helm and CI files: hand-written, with anchors, merge keys and tags."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOW_MARKS = re.compile(r"[\[\]{}\n]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_MERGE = "<<"


class Pos(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


class YamlMap(dict[str, object]):
    """A mapping with the position of itself, of each key and of each value."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}

    @property
    def line(self) -> int:
        """The line the mapping starts on."""
        return self.pos.line

    def line_of(self, key: str) -> int:
        """The line of ``key``, else the mapping's own."""
        found = self.key_pos.get(key)
        return found.line if found is not None else self.pos.line


class YamlList(list[object]):
    """A sequence with the position of itself and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


_NO_KEY = object()
_DROPPED = object()  # the pending key of an entry whose key is a collection
_NOWHERE = Pos(0, 0)
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_pos", "merges", "pos", "start")

    def __init__(self, container: object, pos: Pos, anchor: str | None, start: int) -> None:
        self.container = container
        self.pos = pos
        self.anchor = anchor
        self.start = start  # node count when the container opened
        self.key: object = _NO_KEY
        self.key_pos = pos
        self.merges: list[dict[str, object]] = []


class _Builder:
    """Values from events; with ``positions`` off (locks), plain dicts and lists, faster."""

    def __init__(self, path: str, rules: YamlRules, line_offset: int, *, positions: bool) -> None:
        self.path = path
        self.rules = rules
        self.line_offset = line_offset
        self.positions = positions
        self.stack: list[_Frame] = []
        self.docs: list[object] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.nodes = 0  # in the expanded documents so far
        self.expansion = 0  # of which added by aliases

    def fail(self, message: str, pos: Pos | None) -> ManifestError:
        line, column = pos if pos is not None else (None, None)
        return ManifestError(message, path=self.path, line=line, column=column)

    def pos(self, event: yaml.Event) -> Pos:
        mark = event.start_mark
        if mark is None:
            return Pos(1 + self.line_offset, 1)
        return Pos(mark.line + 1 + self.line_offset, mark.column + 1)

    def count(self, weight: int, event: yaml.Event) -> None:
        self.nodes += weight
        limit = self.rules.max_nodes
        if limit is not None and self.nodes > limit:
            raise self.fail(f"more than {limit} YAML nodes; split the file", self.pos(event))

    def check(self, event: yaml.NodeEvent) -> None:
        """Refuse the anchor or tag of a node, unless the rules allow it."""
        rules = self.rules
        if event.anchor is not None and rules.max_alias_expansion is None:
            message = f"YAML anchors and aliases are not allowed in {rules.kind}"
            raise self.fail(message, self.pos(event))
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and not rules.ignore_tags:
            message = f"YAML tags are not allowed in {rules.kind} (found {tag})"
            raise self.fail(message, self.pos(event))

    def add(self, value: object, event: yaml.Event, pos: Pos, raw_key: str | None) -> None:
        if not self.stack:
            self.docs.append(value)
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
            if self.positions:
                assert isinstance(container, YamlList)  # noqa: S101  positions: YamlLists
                container.item_pos.append(pos)
            return
        assert isinstance(container, dict)  # noqa: S101  frames hold only mappings and lists
        if frame.key is _NO_KEY:
            if raw_key is None:
                if not self.rules.collection_keys:
                    message = "a mapping key is not a scalar; write it as plain text"
                    raise self.fail(message, pos if self.positions else self.pos(event))
                frame.key = _DROPPED
            elif raw_key in container and not self.rules.duplicate_keys:
                raise self.fail(f"duplicate key {raw_key!r}", self.pos(event))
            else:
                frame.key = raw_key
            frame.key_pos = pos
            return
        key, frame.key = frame.key, _NO_KEY
        if key is _DROPPED:
            return
        assert isinstance(key, str)  # noqa: S101  keys are raw scalars or _DROPPED
        if key == _MERGE and self.rules.max_alias_expansion is not None:
            merged = value if isinstance(value, list) else [value]
            frame.merges.extend(m for m in merged if isinstance(m, dict))
            return
        container[key] = value
        if self.positions:
            assert isinstance(container, YamlMap)  # noqa: S101  positions: YamlMaps
            container.key_pos[key] = frame.key_pos
            container.value_pos[key] = pos

    def open(self, event: yaml.CollectionStartEvent, *, mapping: bool) -> None:
        if event.anchor is not None or event.tag is not None:
            self.check(event)
        if len(self.stack) >= self.rules.max_depth:
            message = f"YAML nested deeper than {self.rules.max_depth} levels"
            raise self.fail(message, self.pos(event))
        self.count(1, event)
        pos = self.pos(event) if self.positions else _NOWHERE
        container: object
        if self.positions:
            container = YamlMap(pos) if mapping else YamlList(pos)
        else:
            container = {} if mapping else []
        self.stack.append(_Frame(container, pos, event.anchor, self.nodes))

    def close(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        container = frame.container
        if frame.merges:
            assert isinstance(container, dict)  # noqa: S101  merge keys are mapping keys
            _merge(container, frame.merges)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (container, self.nodes - frame.start + 1)
        self.add(container, event, frame.pos, None)

    def alias(self, event: yaml.AliasEvent) -> None:
        rules = self.rules
        if rules.max_alias_expansion is None:
            message = f"YAML anchors and aliases are not allowed in {rules.kind}"
            raise self.fail(message, self.pos(event))
        anchor = event.anchor or ""
        if anchor not in self.anchors:
            raise self.fail(f"unknown alias *{anchor}", self.pos(event))
        value, weight = self.anchors[anchor]
        self.expansion += weight
        if self.expansion > rules.max_alias_expansion:
            raise self.fail("YAML aliases expand too far (alias bomb?)", self.pos(event))
        self.count(weight, event)
        # an alias used as a key is no plain key: dropped, or refused
        self.add(value, event, self.pos(event) if self.positions else _NOWHERE, None)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor is not None or event.tag is not None:
            self.check(event)
        self.count(1, event)
        raw = event.value
        value: object = raw
        if event.implicit[0]:  # plain and untagged
            if value in _NULLS:
                value = None
            elif value in _TRUE:
                value = True
            elif value in _FALSE:
                value = False
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.add(value, event, self.pos(event) if self.positions else _NOWHERE, raw)

    def run(self, loader: Any) -> None:  # Any: libyaml's CParser has no stubs
        check_event, get_event = loader.check_event, loader.get_event
        while check_event():
            event = get_event()
            kind = type(event)
            if kind is _SCALAR:
                self.scalar(event)
            elif kind is _MAP_START:
                self.open(event, mapping=True)
            elif kind is _SEQ_START:
                self.open(event, mapping=False)
            elif kind in _ENDS:
                self.close(event)
            elif kind is _ALIAS:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.anchors.clear()


def _merge(container: dict[str, object], merges: list[dict[str, object]]) -> None:
    """Merge keys: explicit keys win; earlier merges win over later ones."""
    for merged in merges:
        for key, value in merged.items():
            if key in container:
                continue
            container[key] = value
            if isinstance(container, YamlMap) and isinstance(merged, YamlMap):
                container.key_pos[key] = merged.key_pos.get(key, merged.pos)
                container.value_pos[key] = merged.value_pos.get(key, merged.pos)


def _pos(mark: yaml.Mark | None, line_offset: int) -> Pos | None:
    if mark is None:
        return None
    return Pos(mark.line + 1 + line_offset, mark.column + 1)


def _reader_pos(source: str | bytes, index: object, line_offset: int) -> Pos | None:
    """Where a reader error is: ``index`` counts characters (bytes, in undecodable bytes)."""
    if not isinstance(index, int) or not 0 <= index <= len(source):
        return None
    if isinstance(source, bytes):
        lines, start = source.count(b"\n", 0, index), source.rfind(b"\n", 0, index) + 1
    else:
        lines, start = source.count("\n", 0, index), source.rfind("\n", 0, index) + 1
    return Pos(lines + 1 + line_offset, index - start + 1)


def _check_size(path: str, source: str | bytes, rules: YamlRules) -> None:
    limit = rules.max_bytes
    if limit is None:
        return
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > limit:
        raise ManifestError(f"file larger than {limit // 1024} KiB; split it", path=path)


def _check_flow_depth(path: str, source: str | bytes, rules: YamlRules, line_offset: int) -> None:
    """Refuse flow collections (``[[[…`` / ``{{{…``) nested deeper than the rules allow.

    The YAML scanner reads a whole run of opening brackets ahead before the parser emits the
    first event (it must know whether they start a key), so the event-time depth check would
    come too late: this linear pass over the bracket characters fires first. It counts
    brackets inside quoted text too, which can only refuse a file that holds more unclosed
    brackets in its strings than the depth allowed — no real file does.
    """
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    limit = rules.max_depth
    if text.count("[") + text.count("{") <= limit:
        return
    depth, line, line_start = 0, 1, 0
    for mark in _FLOW_MARKS.finditer(text):
        char = mark.group()
        if char == "\n":
            line, line_start = line + 1, mark.end()
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise ManifestError(
                    f"YAML nested deeper than {limit} levels",
                    path=path,
                    line=line + line_offset,
                    column=mark.start() - line_start + 1,
                )
        else:
            depth = max(depth - 1, 0)


def load_yaml(
    path: str, source: str | bytes, rules: YamlRules, *, line_offset: int = 0
) -> list[object]:
    """Every document of a YAML stream as YamlMap, YamlList, str, bool and None values.

    ``source`` is text, or bytes that libyaml decodes (UTF-8, or UTF-16 with a BOM). An empty
    document is None. Every refusal is a ManifestError naming ``path``, the line and column.
    """
    _check_size(path, source, rules)
    _check_flow_depth(path, source, rules, line_offset)
    builder = _Builder(path, rules, line_offset, positions=rules.positions)
    loader = _LOADER(source)
    try:
        builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        mark = _pos(exc.problem_mark or exc.context_mark, line_offset)
        problem = exc.problem or exc.context or "invalid YAML"
        raise builder.fail(f"invalid YAML: {problem}", mark) from None
    except yaml.YAMLError as exc:  # reader errors: bad encoding, control characters
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        where = _reader_pos(source, getattr(exc, "position", None), line_offset)
        raise builder.fail(f"invalid YAML: {first}", where) from None
    finally:
        loader.dispose()
    return builder.docs


def load_yaml_mapping(
    path: str, source: str | bytes, rules: YamlRules, *, line_offset: int = 0
) -> YamlMap:
    """The one document of ``source``, which must be a mapping (an empty text is an empty one)."""
    docs = load_yaml(path, source, rules, line_offset=line_offset)
    if len(docs) > 1:
        raise ManifestError("only one YAML document is allowed here", path=path)
    if not docs or docs[0] is None:
        return YamlMap(Pos(1 + line_offset, 1))
    doc = docs[0]
    if not isinstance(doc, YamlMap):
        line, column = doc.pos if isinstance(doc, YamlList) else (1 + line_offset, 1)
        raise ManifestError(
            "expected a mapping of keys to values", path=path, line=line, column=column
        )
    return doc


def position(doc: object, loc: tuple[int | str, ...], *, key: bool = False) -> Pos | None:
    """The position of the node at ``loc`` (its key's, with ``key``), or its nearest parent's."""
    node = doc
    best: Pos | None = doc.pos if isinstance(doc, YamlMap | YamlList) else None
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, YamlMap) and isinstance(step, str) and step in node:
            best = node.key_pos[step] if key and last else node.value_pos[step]
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            best = node.item_pos[step]
            node = node[step]
        else:
            break
    return best


def yaml_text(value: object) -> str | None:
    """A scalar as text (scalars stay strings already; bools and None are not text)."""
    return value if isinstance(value, str) else None
