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

from lodestar.catalog import LanguageCatalog
from lodestar.catalog.languages import default_catalog
from lodestar.catalog.spdx_ids import is_versioned_licence_id
from lodestar.records import FileKind
from lodestar.scan.gitattributes import (
    DOCUMENTATION,
    GENERATED,
    LANGUAGE,
    VENDORED,
    GitAttributes,
    truth,
)

__all__ = [
    "classify_kind",
    "is_documentation",
    "is_generated",
    "is_vendored",
    "language_override",
]

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
    return is_versioned_licence_id(stem.lower())


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
        FileKind.VENDORED: truth(explicit.get(VENDORED)),
        FileKind.GENERATED: truth(explicit.get(GENERATED)),
        FileKind.DOCUMENTATION: truth(explicit.get(DOCUMENTATION)),
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
