"""A small, hostile-input-proof YAML reader for pnpm and Yarn Berry lock files.

Lock files are plain machine-written YAML: mappings, sequences and scalars, no anchors, aliases
or tags. So rather than PyYAML's constructor this module builds Python values from the parser's
*events* (libyaml's C parser when present), which buys three things:

* **safety** — aliases and explicit tags are refused outright (no alias bombs, no custom
  constructors), nesting deeper than ``max_depth`` is refused before it is built (PyYAML's C
  composer recurses without a limit and can crash the interpreter on deep input);
* **speed** — several times faster than ``yaml.load`` with ``CSafeLoader``, whose Python-side
  implicit resolver dominates on multi-megabyte lock files;
* **fidelity** — plain scalars stay strings (YAML 1.1 would read ``1.10`` as a float and ``on``
  or ``yes`` as booleans); only ``null``/``~``/empty and ``true``/``false`` are resolved.

Multi-document streams (pnpm 11+ writes an "env" document before the lock proper) give a list.
"""

from __future__ import annotations

import yaml

from lodestar.errors import ManifestError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NO_KEY = object()


def _scalar(event: yaml.ScalarEvent) -> object:
    value = event.value
    if event.implicit[0]:  # plain (unquoted, untagged)
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def load_documents(path: str, text: str, *, max_depth: int = 64) -> list[object]:
    """Every document of a YAML stream as plain dicts, lists, strings, bools and None."""
    docs: list[object] = []
    # Each frame: [container, pending mapping key or _NO_KEY]
    stack: list[list[object]] = []
    root: object = None

    def add(value: object, event: yaml.Event) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise ManifestError(
                    "YAML: a mapping key is not a scalar", path=path, line=_line(event)
                )
            frame[1] = value
        else:
            assert isinstance(container, dict)  # noqa: S101  frames hold only dicts and lists
            container[frame[1]] = value
            frame[1] = _NO_KEY

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                assert isinstance(event, yaml.ScalarEvent)  # noqa: S101  narrowing for mypy
                if event.tag is not None:
                    raise ManifestError("YAML tags are not allowed", path=path, line=_line(event))
                add(_scalar(event), event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                assert isinstance(event, yaml.CollectionStartEvent)  # noqa: S101  narrowing
                if event.tag is not None:
                    raise ManifestError("YAML tags are not allowed", path=path, line=_line(event))
                if len(stack) >= max_depth:
                    raise ManifestError("YAML nested too deeply", path=path, line=_line(event))
                container: object = {} if kind is yaml.MappingStartEvent else []
                stack.append([container, _NO_KEY])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                add(stack.pop()[0], event)
            elif kind is yaml.AliasEvent:
                raise ManifestError("YAML aliases are not allowed", path=path, line=_line(event))
            elif kind is yaml.DocumentStartEvent:
                root = None
            elif kind is yaml.DocumentEndEvent:
                docs.append(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ManifestError(f"invalid YAML: {problem}", path=path, line=line) from exc
    except TypeError as exc:  # an unhashable key cannot happen (checked), but never leak
        raise ManifestError(f"invalid YAML: {exc}", path=path) from exc
    return docs
