"""Hostile-input-proof YAML for the container and delivery parsers (compose, Kubernetes, Helm, CI).

These files are hand-written YAML that uses anchors, aliases and merge keys (``<<: *defaults``
in compose files and GitLab CI) and application tags (GitLab's ``!reference``). So rather than
PyYAML's constructor, this module builds plain Python values from the parser's *events* (libyaml's
C parser when present):

* **aliases are shared, and budgeted**: an alias re-uses the anchored value, and the expanded
  size it adds is counted; past :data:`MAX_ALIAS_EXPANSION` nodes (a "billion laughs" bomb, or
  its merge-key variant) the file is refused, so a walk over the result stays linear;
* **nesting is capped** at :data:`MAX_DEPTH` before anything is built (PyYAML's C composer recurses
  without a limit and can crash the interpreter on ``[[[[…``);
* **tags are ignored, never constructed**: ``!reference [a, b]`` is the list ``["a", "b"]``,
  ``!!python/object`` is a plain mapping; nothing is ever instantiated;
* **scalars stay strings** (YAML 1.2-like): ``3.10`` is ``"3.10"``, not ``3.1``, and ``on`` is
  ``"on"``; only ``null``/``~``/empty and ``true``/``false`` resolve. Gigantic numbers are text.

Mappings are :class:`YamlMap` (a dict with the 1-based line of each key), keys are strings (the
scalar as written; a complex key's entry is dropped).
"""

from __future__ import annotations

import yaml

from lodestar.errors import ManifestError

MAX_DEPTH = 100
MAX_ALIAS_EXPANSION = 200_000  # nodes that aliases may add on top of what is written

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_SKIP = object()  # the value of a complex (non-scalar) key: dropped
_MERGE = "<<"


class YamlMap(dict[str, object]):
    """A YAML mapping that remembers where it and each of its keys are (1-based lines)."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_line", "merges", "start")

    def __init__(self, container: YamlMap | list[object], anchor: str | None, start: int) -> None:
        self.container = container
        self.anchor = anchor
        self.start = start  # expanded-size counter when the container opened
        self.key: object = None  # pending mapping key (None: a key is expected next)
        self.key_line = 0
        self.merges: list[YamlMap] = []


def _resolve(event: yaml.ScalarEvent) -> object:
    value = event.value
    if event.implicit[0]:  # plain and untagged
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


class _Composer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.docs: list[object] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.size = 0  # nodes in the expanded documents so far
        self.expansion = 0  # of which added by aliases

    def fail(self, message: str, line: int) -> ManifestError:
        return ManifestError(message, path=self.path, line=line)

    def add(self, value: object, line: int, *, raw_key: str | None = None) -> None:
        if not self.stack:
            self.docs.append(value)
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
        elif frame.key is None:  # this value is a key
            frame.key = raw_key if raw_key is not None else _SKIP
            frame.key_line = line
        else:
            key, frame.key = frame.key, None
            if key is _SKIP:
                return
            assert isinstance(key, str)  # noqa: S101  keys are raw scalars or _SKIP
            if key == _MERGE:
                merged = value if isinstance(value, list) else [value]
                frame.merges.extend(m for m in merged if isinstance(m, YamlMap))
            else:
                container[key] = value
                container.lines[key] = frame.key_line

    def open(self, container: YamlMap | list[object], event: yaml.NodeEvent, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(f"YAML nested deeper than {MAX_DEPTH} levels", line)
        self.size += 1
        self.stack.append(_Frame(container, event.anchor, self.size))

    def close(self, line: int) -> None:
        frame = self.stack.pop()
        container = frame.container
        if isinstance(container, YamlMap):
            for merged in frame.merges:  # explicit keys win; earlier merges win over later ones
                for key, value in merged.items():
                    if key not in container:
                        container[key] = value
                        container.lines[key] = merged.line_of(key)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (container, self.size - frame.start + 1)
        self.add(container, line)

    def alias(self, event: yaml.AliasEvent, line: int) -> None:
        anchor = event.anchor or ""
        if anchor not in self.anchors:
            raise self.fail(f"unknown alias *{anchor}", line)
        value, weight = self.anchors[anchor]
        self.size += weight
        self.expansion += weight
        if self.expansion > MAX_ALIAS_EXPANSION:
            raise self.fail("YAML aliases expand too far (alias bomb?)", line)
        self.add(value, line)

    def scalar(self, event: yaml.ScalarEvent, line: int) -> None:
        self.size += 1
        value = _resolve(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        frame = self.stack[-1] if self.stack else None
        is_key = frame is not None and isinstance(frame.container, YamlMap) and frame.key is None
        self.add(value, line, raw_key=event.value if is_key else None)


def load_all(path: str, data: bytes) -> list[object]:
    """Every document of a YAML stream as YamlMap, list, str, bool and None values."""
    composer = _Composer(path)
    loader = _LOADER(data)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            if isinstance(event, yaml.ScalarEvent):
                composer.scalar(event, line)
            elif isinstance(event, yaml.MappingStartEvent):
                composer.open(YamlMap(line), event, line)
            elif isinstance(event, yaml.SequenceStartEvent):
                composer.open([], event, line)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                composer.close(line)
            elif isinstance(event, yaml.AliasEvent):
                composer.alias(event, line)
            elif isinstance(event, yaml.DocumentStartEvent):
                composer.anchors.clear()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise ManifestError(
            f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:  # reader errors: bad encoding, control characters
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise ManifestError(f"invalid YAML: {first}", path=path) from None
    finally:
        loader.dispose()
    return composer.docs


def text(value: object) -> str | None:
    """A scalar as text (YAML leaves ``tag: 1.25`` a string already; bools are not text)."""
    return value if isinstance(value, str) else None
