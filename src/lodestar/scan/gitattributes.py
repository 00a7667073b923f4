"""``.gitattributes``: the Linguist attributes a repository sets on its own paths.

Read by :mod:`lodestar.scan.classify`, which applies them over its defaults, the way Linguist
reads them::

    third_party/** linguist-vendored          # set
    vendor/ours/** -linguist-vendored         # unset: ours after all
    api/gen/*.ts   linguist-generated=true
    docs/**        linguist-documentation=false
    *.inc          linguist-language=PHP

Patterns follow git's rules: no slash matches the base name at any depth, a leading ``/`` or an
inner slash anchors to the directory of the ``.gitattributes`` file, ``**`` spans directories,
``*``, ``?`` and ``[...]`` stay within one path segment; later lines win, and files in deeper
directories win over shallower ones. One leniency: git ignores ``dir/`` for the files inside
``dir`` (attributes are not inherited); Lodestar applies such a line to everything below
``dir``, which is what its author meant. ``[attr]`` macro definitions are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DOCUMENTATION",
    "GENERATED",
    "LANGUAGE",
    "VENDORED",
    "AttributeRule",
    "GitAttributes",
    "lookup",
    "truth",
]

AttrValue = bool | str  # True: set, False: unset, str: a value

VENDORED = "linguist-vendored"
GENERATED = "linguist-generated"
DOCUMENTATION = "linguist-documentation"
LANGUAGE = "linguist-language"
_LINGUIST = (VENDORED, GENERATED, DOCUMENTATION, LANGUAGE)

# --- .gitattributes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttributeRule:
    """One pattern line of a ``.gitattributes`` file."""

    base: str  # directory holding the file, "" for the root
    pattern: str
    regex: re.Pattern[str]
    attributes: tuple[tuple[str, AttrValue | None], ...]  # None: "!name" (back to unspecified)


@dataclass(frozen=True, slots=True)
class GitAttributes:
    """The rules of one repository's ``.gitattributes`` files, in increasing precedence."""

    rules: tuple[AttributeRule, ...] = ()

    @classmethod
    def parse(cls, text: str, base: str = "") -> GitAttributes:
        """Rules from the text of one ``.gitattributes`` file found in directory ``base``."""
        base = base.strip("/")
        rules: list[AttributeRule] = []
        for raw in text.splitlines()[:10_000]:
            rule = _parse_line(raw, base)
            if rule is not None:
                rules.append(rule)
        return cls(tuple(rules))

    @classmethod
    def from_files(cls, files: Iterable[tuple[str, str]]) -> GitAttributes:
        """Rules from ``(directory, text)`` pairs; deeper directories take precedence."""
        ordered = sorted(files, key=lambda f: _depth(f[0].strip("/")))
        rules: list[AttributeRule] = []
        for base, text in ordered:
            rules.extend(cls.parse(text, base).rules)
        return cls(tuple(rules))

    def attributes(self, path: str) -> dict[str, AttrValue]:
        """Every Linguist attribute that applies to ``path``, after all overrides."""
        return dict(lookup(self, path))

    def value(self, path: str, name: str) -> AttrValue | None:
        """The value of attribute ``name`` for ``path``; None when unspecified."""
        return self.attributes(path).get(name)


def _depth(directory: str) -> int:
    return directory.count("/") + 1 if directory else 0


def _parse_line(raw: str, base: str) -> AttributeRule | None:
    line = raw.strip()
    if not line or line.startswith("#"):
        return None
    if line.startswith('"'):
        end = _closing_quote(line)
        if end == -1:
            return None
        pattern = _unquote(line[1:end])
        rest = line[end + 1 :].split()
    else:
        pattern, *rest = line.split()
    if pattern.startswith(("[attr]", "!")):
        return None  # macro definitions and (forbidden) negative patterns
    attrs: list[tuple[str, AttrValue | None]] = []
    for token in rest:
        if token.startswith("-"):
            attrs.append((token[1:], False))
        elif token.startswith("!"):
            attrs.append((token[1:], None))
        elif "=" in token:
            name, _, value = token.partition("=")
            attrs.append((name, value))
        else:
            attrs.append((token, True))
    relevant = tuple((n, v) for n, v in attrs if n in _LINGUIST)
    if not relevant:
        return None
    regex = _compile_pattern(pattern, base)
    if regex is None:
        return None
    return AttributeRule(base, pattern, regex, relevant)


def _closing_quote(line: str) -> int:
    i = 1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == '"':
            return i
        i += 1
    return -1


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


@lru_cache(maxsize=4096)
def _compile_pattern(pattern: str, base: str) -> re.Pattern[str] | None:
    """A git wildmatch pattern as a regular expression over repository-relative paths.

    ``.gitattributes`` comes from the repository, and a pattern of k stars translated naively
    costs about n^k steps on a path of n characters (``*a*a*a*a*a*b``). So, as
    :func:`fnmatch.translate` does, every star that another wildcard follows searches lazily
    for the literal run after it inside an atomic group, never re-entered: a star stays inside
    one path segment, so the leftmost occurrence of that run is the one a glob needs. Wildcards
    that cross directories (``**/``, ``/**``) backtrack only over the path's slashes; a pattern
    with more than :data:`MAX_DIRECTORY_WILDCARDS` of them is ignored (None), as is an invalid one.
    """
    directory_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    if not pattern:
        return None
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    tokens = _glob_tokens(pattern)
    if sum(1 for t in tokens if t in (_ANY_DEPTH, _DIRECTORIES)) > MAX_DIRECTORY_WILDCARDS:
        return None
    body = _assemble(tokens)
    if not anchored:
        # A pattern without a slash names a base name (a file) or any directory of that name;
        # for a file the prefix is possessive: it takes every directory at once, no retries.
        body = ("(?:.*/)?" if directory_only else "(?:.*/)?+") + body
    prefix = re.escape(base) + "/" if base else ""
    # A directory pattern matches the directory's files; a file pattern matches the file.
    suffix = "/.*" if directory_only else ""
    try:
        return re.compile(prefix + body + suffix + r"\Z", re.DOTALL)
    except re.error:
        return None


MAX_DIRECTORY_WILDCARDS = 2  # "**/" or "/**" in one .gitattributes pattern; more: ignored

# A glob's wildcards as regular expressions: a star inside one path segment (greedy, and the
# lazy form it takes in an atomic group), and the two that cross directories.
_STAR = ("[^/]*", "[^/]*?")
_ANY_DEPTH = (".*", ".*")  # "dir/**": everything inside
_DIRECTORIES = ("(?:.*/)?", "(?:.*/)?")  # "**/" and "/**/": zero or more directories


def _assemble(tokens: list[str | tuple[str, str]]) -> str:
    """Regular expression text from glob tokens: literal text, or a wildcard pair."""
    n = len(tokens)
    following_at: list[int | None] = [None] * n  # the next wildcard after each token
    upcoming: int | None = None
    for k in range(n - 1, -1, -1):
        following_at[k] = upcoming
        if isinstance(tokens[k], tuple):
            upcoming = k
    out: list[str] = []
    i = 0
    while i < n:
        token = tokens[i]
        if isinstance(token, str):
            out.append(token)
            i += 1
            continue
        following = following_at[i]
        if token is not _STAR or following is None:
            out.append(token[0])
            i += 1
            continue
        chunk = "".join(t for t in tokens[i + 1 : following] if isinstance(t, str))
        out.append(f"(?>{token[1]}{chunk})")
        i = following
    return "".join(out)


def _glob_tokens(pattern: str) -> list[str | tuple[str, str]]:
    out: list[str | tuple[str, str]] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                at_start = i == 0 or pattern[i - 1] == "/"
                end = i + 2
                at_end = end == n or pattern[end] == "/"
                if at_start and at_end:
                    if end == n:  # "dir/**": everything inside
                        out.append(_ANY_DEPTH)
                    else:  # "**/" or "/**/": zero or more directories
                        out.append(_DIRECTORIES)
                        end += 1
                    i = end
                    continue
                i = end  # any other "**" is a plain "*"
                out.append(_STAR)
                continue
            out.append(_STAR)
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
            else:
                out.append(_char_class(pattern[i + 1 : j]))
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return out


def _char_class(inner: str) -> str:
    """A glob ``[...]`` body as a regex class: every member escaped, ranges kept."""
    negate = inner[:1] in ("!", "^")
    if negate:
        inner = inner[1:]
    members: list[str] = []
    for k, ch in enumerate(inner):
        is_range = ch == "-" and 0 < k < len(inner) - 1 and members and members[-1] != "-"
        members.append("-" if is_range else re.escape(ch))
    return "[" + ("^" if negate else "") + "".join(members) + "]"


def lookup(attrs: GitAttributes, path: str) -> Mapping[str, AttrValue]:
    """The attributes the rules give ``path`` (later and deeper rules win)."""
    found: dict[str, AttrValue] = {}
    for rule in attrs.rules:
        if rule.regex.match(path):
            for name, value in rule.attributes:
                if value is None:
                    found.pop(name, None)
                else:
                    found[name] = value
    return found


def truth(value: AttrValue | None) -> bool | None:
    """A set, unset or valued attribute as a flag (None: not said)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return value.strip().lower() not in ("false", "0", "no", "off")
