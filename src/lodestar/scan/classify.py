"""Own code, vendored code, generated files and documentation: telling them apart.

Pure functions of a path, the first bytes of a file and the repository's ``.gitattributes``; no
I/O. The defaults follow GitHub Linguist (``vendor.yml``, ``generated.rb``, ``documentation.yml``),
trimmed to what says who wrote a file rather than what Linguist hides from its language bar: CI
configuration (``.github/``) and ``.gitignore`` are the organisation's own here.

``.gitattributes`` overrides the defaults the way Linguist reads it::

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

What it cannot see: content-based generated markers are looked for in the first lines only, and
minified code is recognised by its long lines in the head of ``.js``/``.css`` files.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from lodestar.catalog.languages import LanguageCatalog, default_catalog
from lodestar.records import FileKind

__all__ = [
    "AttributeRule",
    "GitAttributes",
    "classify_kind",
    "is_documentation",
    "is_generated",
    "is_vendored",
    "language_override",
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
        return dict(_lookup(self, path))

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


def _lookup(attrs: GitAttributes, path: str) -> Mapping[str, AttrValue]:
    found: dict[str, AttrValue] = {}
    for rule in attrs.rules:
        if rule.regex.match(path):
            for name, value in rule.attributes:
                if value is None:
                    found.pop(name, None)
                else:
                    found[name] = value
    return found


def _truth(value: AttrValue | None) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return value.strip().lower() not in ("false", "0", "no", "off")


# --- defaults ---------------------------------------------------------------------------------
# Checked per file, so kept cheap: set lookups on directory names, then short regular
# expressions on the base name only.

_VENDORED_DIRS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "vendors",
        "Vendor",
        "Vendors",
        "_vendor",
        "third_party",
        "third-party",
        "thirdparty",
        "ThirdParty",
        "Third_Party",
        "3rdparty",
        "3rd_party",
        "3rd-party",
        "extern",
        "external",
        "externals",
        "External",
        "Externals",
        "dist",
        "Pods",
        "Carthage",
        "site-packages",
        ".venv",
        "venv",
        "MathJax",
        "ace-builds",
        "tiny_mce",
        "ckeditor",
        "flow-typed",
    }
)
_VENDORED_TOP_DIRS = frozenset({"deps"})
_VENDORED_DIR_PAIRS = (
    ("Godeps", "_workspace"),
    ("gradle", "wrapper"),
    (".mvn", "wrapper"),
    (".yarn", "releases"),
    (".yarn", "plugins"),
    (".yarn", "sdks"),
    (".yarn", "versions"),
    (".yarn", "unplugged"),
)
_VENDORED_NAMES = frozenset(
    {
        "gradlew",
        "gradlew.bat",
        "mvnw",
        "mvnw.cmd",
        "configure",
        "config.guess",
        "config.sub",
        "ltmain.sh",
        "install-sh",
        "depcomp",
        "missing",
        "aclocal.m4",
        "libtool.m4",
        "ltoptions.m4",
        "ltsugar.m4",
        "ltversion.m4",
        "lt~obsolete.m4",
        "erlang.mk",
        "cpplint.py",
        "dotnet-install.ps1",
        "dotnet-install.sh",
    }
)
_VENDORED_NAME_PATTERN = re.compile(
    r"[.-]min\.(?:js|mjs|css)$"
    r"|\.(?:js|css)\.map$"
    r"|^jquery[^/]*\.js$"
    r"|^jquery-ui[^/]*\.(?:js|css)$"
    r"|^bootstrap[^/.]*(?:\.[^/]*)?\.(?:js|css|less|scss|styl)$"
    r"|^font-?awesome\.(?:css|less|scss|styl)$"
    r"|^(?:normalize|animate|skeleton|foundation|bulma)\.(?:css|less|scss|sass|styl)$"
    r"|^(?:angular|react(?:-[^.]*)?|d3(?:\.v\d+)?|modernizr[^/]*|html5shiv)\.js$"
)

_LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "bun.lockb",
        "deno.lock",
        "poetry.lock",
        "Pipfile.lock",
        "pdm.lock",
        "uv.lock",
        "pixi.lock",
        "Cargo.lock",
        "go.sum",
        "go.work.sum",
        "Gopkg.lock",
        "glide.lock",
        "composer.lock",
        "Gemfile.lock",
        "gems.locked",
        "mix.lock",
        "pubspec.lock",
        "Podfile.lock",
        "Package.resolved",
        "packages.lock.json",
        "paket.lock",
        "flake.lock",
        "MODULE.bazel.lock",
        "conan.lock",
        "renv.lock",
        "shard.lock",
        "gradle.lockfile",
        "mise.lock",
        ".terraform.lock.hcl",
        "esy.lock",
        "ppport.h",
        ".pnp.js",
        ".pnp.cjs",
        ".pnp.loader.mjs",
    }
)
_GENERATED_DIRS = frozenset({"generated", "__generated__", ".idea", "htmlcov"})
_GENERATED_NAME_PATTERN = re.compile(
    r"\.pb\.(?:go|cc|h|c|swift|dart|rb)$"
    r"|\.pb\.gw\.go$"
    r"|_pb2(?:_grpc)?\.pyi?$"
    r"|_(?:grpc_)?pb\.(?:js|d\.ts|ts)$"
    r"|\.pb(?:json|enum|server|grpc)\.dart$"
    r"|_twirp\.(?:go|rb)$"
    r"|\.generated\.[^.]+$"
    r"|\.g\.(?:dart|cs)$|\.g\.i\.cs$|\.freezed\.dart$"
    r"|\.[Dd]esigner\.(?:cs|vb)$|\.feature\.cs$"
    r"|_generated\.(?:go|py|rs|ts|js|h|c|cc|cpp)$"
    r"|^zz_generated\.[^/]*\.go$"
    r"|\.xcworkspacedata$|\.xcuserstate$|\.nib$|\.tlb\.pas$"
)

# A comment among the first lines that carries a marker ("@generated", "Code generated … DO NOT
# EDIT.", "<auto-generated>") or opens with a phrase about the file itself ("This file was
# generated by", "Generated from x.proto", "AUTO-GENERATED FILE"). A comment that merely mentions
# generated things ("hints generated by the compiler") is not enough.
_GENERATED_MARK = re.compile(r"@generated\b|\bDO NOT EDIT\b|\bCode generated\b|<auto-generated")
_GENERATED_OPENING = re.compile(
    r"\s*(?:#|//|/\*|\*|--|<!--|;|%|\"|'|\{-|\(\*|(?i:rem)\b|::|dnl\b)[\s*#/!;%<>-]*"
    r"(?i:(?:this (?:file|code|module|header|script)(?: is| was| has been)? )?"
    r"(?:(?:auto(?:matically)?|machine)[- ]?)?generated"
    r"(?: (?:by|from|with|using|on|automatically)\b| (?:file|code)\b|\s*[.!:]|\s*$))"
)
_GENERATED_LINES = 5
_GENERATED_HINTS = (b"enerat", b"ENERAT", b"DO NOT EDIT")

_DOCUMENTATION_TOP_DIRS = frozenset(
    {
        "docs",
        "doc",
        "Docs",
        "Doc",
        "man",
        "Man",
        "examples",
        "Examples",
        "demo",
        "demos",
        "Demo",
        "Demos",
        "samples",
        "sample",
        "Samples",
        "Sample",
    }
)
_DOCUMENTATION_DIRS = frozenset(
    {"Documentation", "documentation", "groovydoc", "Groovydoc", "javadoc", "Javadoc"}
)
_DOCUMENTATION_NAME_PATTERN = re.compile(
    r"^(?:CITATION(?:\.cff|S?(?:\.(?:bib|md))?)$"
    r"|CHANGE(?:S|LOG)?(?:\.|$)"
    r"|(?:[Cc]hange[Ll]og|HISTORY|History|NEWS)(?:\.|$)"
    r"|CONTRIBUTING(?:\.|$)"
    r"|(?:CODE_OF_CONDUCT|SECURITY|SUPPORT|GOVERNANCE|AUTHORS|MAINTAINERS)(?:\.|$)"
    r"|COPYING(?:\.|$)"
    r"|INSTALL(?:\.|$)"
    r"|LICEN[CS]E(?:\.|-|$)"
    r"|[Ll]icen[cs]e(?:\.|$)"
    r"|README(?:\.|$)"
    r"|[Rr]eadme(?:\.|$))"
)


def _split(path: str) -> tuple[list[str], str]:
    parts = path.split("/")
    return parts[:-1], parts[-1]


def is_vendored(path: str) -> bool:
    """Linguist-style default: the path says the code came from elsewhere."""
    dirs, name = _split(path)
    if name in _VENDORED_NAMES or _VENDORED_NAME_PATTERN.search(name):
        return True
    if not dirs:
        return False
    if dirs[0] in _VENDORED_TOP_DIRS or not _VENDORED_DIRS.isdisjoint(dirs):
        return True
    return any(pair in _VENDORED_DIR_PAIRS for pair in itertools.pairwise(dirs))


def is_generated(path: str, head: bytes = b"") -> bool:
    """Lock files, generated-code name patterns, generated markers or minified content."""
    dirs, name = _split(path)
    if name in _LOCK_FILES or _GENERATED_NAME_PATTERN.search(name):
        return True
    if dirs and not _GENERATED_DIRS.isdisjoint(dirs):
        return True
    if not head:
        return False
    return _marked_generated(head) or _looks_minified(name, head)


def is_licence_text_name(name: str) -> bool:
    """Whether a file name is an SPDX licence id with a version: ``LGPL-2.1``, ``GPL-3.0.txt``.

    git keeps the LGPL's text in ``LGPL-2.1``, whose last "extension" is a man-page section to
    the language detector (Roff): such a file is a licence text, not code.
    """
    stem = name
    for suffix in (".txt", ".md", ".rst"):
        stem = stem.removesuffix(suffix)
    family, sep, version = stem.partition("-")
    if not (sep and family.isalpha() and version[:1].isdigit() and len(stem) <= 60):
        return False
    return _spdx_licence_key(stem.lower()) is not None


@lru_cache(maxsize=1)
def _spdx_licence_keys() -> dict[str, str]:
    from lodestar.catalog.licences import licensing  # noqa: PLC0415  the SPDX list costs `loc` start-up; loaded on first need

    keys = {}
    for symbol in licensing().known_symbols.values():
        keys[symbol.key.lower()] = symbol.key
        for alias in getattr(symbol, "aliases", ()):
            keys.setdefault(str(alias).lower(), symbol.key)
    return keys


def _spdx_licence_key(lowered: str) -> str | None:
    return _spdx_licence_keys().get(lowered)


def is_documentation(path: str) -> bool:
    """Linguist-style default: documentation folders, README/CHANGELOG/… and licence texts."""
    dirs, name = _split(path)
    if _DOCUMENTATION_NAME_PATTERN.match(name) or is_licence_text_name(name):
        return True
    if not dirs:
        return False
    if dirs[0] in _DOCUMENTATION_TOP_DIRS or not _DOCUMENTATION_DIRS.isdisjoint(dirs):
        return True
    return any(a == "inst" and b == "doc" for a, b in itertools.pairwise(dirs))


def _marked_generated(head: bytes) -> bool:
    end = -1
    for _ in range(_GENERATED_LINES):
        end = head.find(b"\n", end + 1, 2048)
        if end == -1:
            end = 2048
            break
    first = head[:end]
    if not any(hint in first for hint in _GENERATED_HINTS):
        return False
    lines = first.decode("latin-1").split("\n")
    return any(_GENERATED_MARK.search(line) or _GENERATED_OPENING.match(line) for line in lines)


def _looks_minified(name: str, head: bytes) -> bool:
    """Linguist calls .js/.css files minified when lines average over 110 characters."""
    if not name.endswith((".js", ".mjs", ".cjs", ".css")) or len(head) < 1024:
        return False
    return len(head) / (head.count(b"\n") + 1) > 110


def classify_kind(path: str, head: bytes, attrs: GitAttributes | None) -> FileKind:
    """Own, vendored, generated or documentation; ``.gitattributes`` overrides the defaults.

    An attribute set to true wins (vendored before generated before documentation); one set
    to false switches that default off; then the defaults apply in the same order.
    """
    explicit = attrs.attributes(path) if attrs and attrs.rules else {}
    flags = {
        FileKind.VENDORED: _truth(explicit.get(VENDORED)),
        FileKind.GENERATED: _truth(explicit.get(GENERATED)),
        FileKind.DOCUMENTATION: _truth(explicit.get(DOCUMENTATION)),
    }
    for kind, flag in flags.items():
        if flag:
            return kind
    if flags[FileKind.VENDORED] is None and is_vendored(path):
        return FileKind.VENDORED
    if flags[FileKind.GENERATED] is None and is_generated(path, head):
        return FileKind.GENERATED
    if flags[FileKind.DOCUMENTATION] is None and is_documentation(path):
        return FileKind.DOCUMENTATION
    return FileKind.OWN


# --- linguist-language ------------------------------------------------------------------------


def language_override(
    path: str, attrs: GitAttributes | None, *, catalog: LanguageCatalog | None = None
) -> str | None:
    """The language ``linguist-language`` forces on ``path``, in Lodestar's spelling.

    Names match case-insensitively with ``-`` for spaces, and the catalog's aliases (``cpp``,
    ``csharp``, ``bash``) are understood; an unknown name is returned as written, ``-`` read as
    a space.
    """
    if attrs is None or not attrs.rules:
        return None
    value = attrs.value(path, LANGUAGE)
    if not isinstance(value, str) or not value.strip():
        return None
    found = (catalog or default_catalog()).find(value)
    return found or value.strip().replace("-", " ")
