"""The language catalog: names, how files are recognised, and each language's comment syntax.

Definitions ship in ``catalog/data/languages.toml`` and are read once per process. Names follow
GitHub Linguist ("Shell", "C++", "Makefile", "TypeScript"); ``kind`` is Linguist's type of the
language (programming, markup, data or prose), used to keep prose and data out of "code" totals.

A workspace adds or replaces languages through the same door the shipped file uses:
``LanguageCatalog.from_toml(text)`` parses a document of the same shape, and ``merged`` lays it
over the built-in catalog.

Comment syntax is declared, not coded. The line counter in ``lodestar.scan.line_counts`` reads:

``line_comment``
    markers that comment out the rest of a line (``#``, ``//``, ``--``). A line counts as a
    comment only when nothing but blanks comes before the marker, as cloc counts it.
``line_comment_patterns``
    regular expressions for line comments that literal markers cannot say (``REM`` in any case,
    Fortran's ``C`` in column one), matched at the very start of a line: a pattern that allows
    indentation says so (``[ \t]*@?(?i:rem)\b``). Multi-line mode: ``$`` ends a line.
``block_comment``
    ``[open, close]`` pairs; ``nested`` says whether they nest (Haskell, OCaml, Rust, Swift).
``strings``
    quote characters whose literals may hide comment markers (``"http://x"``); a backquote also
    spans lines.
``docstrings``
    ``true`` counts every triple-quoted string as a comment, which is how cloc counts Python
    docstrings (it cannot tell a docstring from any other triple-quoted literal).
``doc_blocks``
    ``[start, end]`` regular expressions (multi-line mode) for documentation blocks such as
    Perl's POD (``^=[a-zA-Z]`` … ``^=cut\b.*``) and Ruby's ``=begin`` … ``=end``: everything
    from a match of ``start`` to the end of the next match of ``end`` (or of the file) is
    comment. A lookahead ``end`` leaves the line it looks at alone (reStructuredText).
``end_markers``
    regular expressions for a line after which nothing is code (Perl's ``__END__``).

Ambiguous extensions (``.h``, ``.m``, ``.pl``, ``.ts`` …) are listed under every language that
uses them, and a ``[[heuristics]]`` entry orders regular-expression rules that pick one from the
first few KiB of the file, in the manner of Linguist's heuristics.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from lodestar.errors import ConfigError

__all__ = [
    "CODE_KINDS",
    "COMPILED",
    "Heuristic",
    "HeuristicRule",
    "LanguageCatalog",
    "LanguageDef",
    "LanguageKind",
    "compile_shipped",
    "default_catalog",
    "load_shipped",
]


class LanguageKind(StrEnum):
    """Linguist's type of a language."""

    PROGRAMMING = "programming"
    MARKUP = "markup"
    DATA = "data"
    PROSE = "prose"


# Linguist's language bar shows programming and markup languages; data (JSON, SVG, CSV …) and
# prose (Markdown, Gettext catalogs …) are left out of it. Lodestar's "languages" do the same.
CODE_KINDS = frozenset({LanguageKind.PROGRAMMING, LanguageKind.MARKUP})


@dataclass(frozen=True, slots=True)
class LanguageDef:
    """One language: how its files are recognised and how its comments look."""

    name: str
    kind: LanguageKind
    extensions: tuple[str, ...] = ()  # without the dot, as written: "py", "d.ts", "C"
    filenames: tuple[str, ...] = ()  # exact base names: "Makefile", "CMakeLists.txt"
    interpreters: tuple[str, ...] = ()  # shebang program names: "python3", "bash"
    aliases: tuple[str, ...] = ()  # other names people use: "cpp", "golang", "bash"
    line_comment: tuple[str, ...] = ()
    line_comment_patterns: tuple[str, ...] = ()
    block_comment: tuple[tuple[str, str], ...] = ()
    nested: bool = False
    strings: tuple[str, ...] = ()
    docstrings: bool = False
    doc_blocks: tuple[tuple[str, str], ...] = ()
    end_markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HeuristicRule:
    """Pick ``language`` when any of ``patterns`` matches the head (no patterns: always)."""

    language: str
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Heuristic:
    """Ordered rules for files whose extension several languages share."""

    extensions: tuple[str, ...]
    rules: tuple[HeuristicRule, ...]


@dataclass(frozen=True, slots=True)
class LanguageCatalog:
    """Every known language, with lookup tables built once."""

    languages: tuple[LanguageDef, ...]
    heuristics: tuple[Heuristic, ...] = ()
    by_name: Mapping[str, LanguageDef] = field(init=False, repr=False, compare=False)
    by_extension: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    by_filename: Mapping[str, str] = field(init=False, repr=False, compare=False)
    by_interpreter: Mapping[str, str] = field(init=False, repr=False, compare=False)
    heuristic_for: Mapping[str, Heuristic] = field(init=False, repr=False, compare=False)
    by_alias: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, LanguageDef] = {}
        by_ext: dict[str, list[str]] = {}
        by_file: dict[str, str] = {}
        by_interp: dict[str, str] = {}
        for lang in self.languages:
            by_name[lang.name] = lang
            for ext in lang.extensions:
                names = by_ext.setdefault(ext, [])
                if lang.name not in names:
                    names.append(lang.name)
            for fname in lang.filenames:
                by_file.setdefault(fname, lang.name)
            for interp in lang.interpreters:
                by_interp.setdefault(interp, lang.name)
        by_alias: dict[str, str] = {}
        for lang in self.languages:
            by_alias.setdefault(_alias_key(lang.name), lang.name)
        for lang in self.languages:
            for alias in lang.aliases:
                by_alias.setdefault(_alias_key(alias), lang.name)
        heuristic_for: dict[str, Heuristic] = {}
        for h in self.heuristics:
            for ext in h.extensions:
                heuristic_for[ext] = h
        object.__setattr__(self, "by_name", by_name)
        object.__setattr__(self, "by_extension", {k: tuple(v) for k, v in by_ext.items()})
        object.__setattr__(self, "by_filename", by_file)
        object.__setattr__(self, "by_interpreter", by_interp)
        object.__setattr__(self, "heuristic_for", heuristic_for)
        object.__setattr__(self, "by_alias", by_alias)

    def get(self, name: str) -> LanguageDef | None:
        """The language called ``name`` (exact Linguist-style name), if known."""
        return self.by_name.get(name)

    def find(self, name: str) -> str | None:
        """The language called ``name`` or an alias of it, ignoring case; ``-`` may stand for a
        space (Linguist's spelling in ``.gitattributes``: ``linguist-language=Emacs-Lisp``)."""
        return self.by_alias.get(_alias_key(name))

    def kind_of(self, name: str) -> LanguageKind | None:
        """The kind of the language called ``name``, if known."""
        lang = self.by_name.get(name)
        return lang.kind if lang else None

    def is_code(self, name: str) -> bool:
        """Whether ``name`` counts among a repository's languages (:data:`CODE_KINDS`).

        A name this catalog does not know counts as code: a workspace's own languages default
        to ``programming``, and they may be missing from the catalog a reader loaded.
        """
        kind = self.kind_of(name)
        return kind is None or kind in CODE_KINDS

    @classmethod
    def from_toml(
        cls, text: str, *, source: str = "languages.toml", check_patterns: bool = True
    ) -> LanguageCatalog:
        """Parse a catalog document; ConfigError names the file and the offending key.

        ``check_patterns`` compiles every regular expression up front, so that a bad one is
        reported with its key; the shipped catalog skips it (a test checks it instead), which
        saves some 30 ms of every process start: counters compile what they use on first use.
        """
        from lodestar.safeparse import load_config_toml  # noqa: PLC0415  tomllib: only for TOML

        return cls.from_document(
            load_config_toml(source, text), source=source, check_patterns=check_patterns
        )

    @classmethod
    def from_document(
        cls, doc: Mapping[str, Any], *, source: str, check_patterns: bool = True
    ) -> LanguageCatalog:
        """A catalog from a parsed document of the same shape (see :meth:`from_toml`)."""
        langs_raw = doc.get("languages", {})
        if not isinstance(langs_raw, dict):
            raise ConfigError("expected a table of languages", path=source, key="languages")
        languages = tuple(
            _language(name, body, source, check_patterns)
            for name, body in sorted(langs_raw.items())
        )
        heur_raw = doc.get("heuristics", [])
        if not isinstance(heur_raw, list):
            raise ConfigError("expected an array of tables", path=source, key="heuristics")
        heuristics = tuple(
            _heuristic(i, body, source, check_patterns) for i, body in enumerate(heur_raw)
        )
        return cls(languages, heuristics)

    def merged(self, other: LanguageCatalog) -> LanguageCatalog:
        """This catalog with ``other``'s languages replacing or added to ours."""
        names = {lang.name for lang in other.languages}
        languages = tuple(lang for lang in self.languages if lang.name not in names)
        heur_exts = {ext for h in other.heuristics for ext in h.extensions}
        heuristics = tuple(h for h in self.heuristics if not set(h.extensions) & heur_exts)
        return LanguageCatalog(languages + other.languages, heuristics + other.heuristics)


def _alias_key(name: str) -> str:
    return name.strip().lower().replace(" ", "-")


def _strs(value: Any, key: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("expected a list of strings", path=source, key=key)
    return tuple(value)


def _pairs(value: Any, key: str, source: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    ok = isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s for s in p)
        for p in value
    )
    if not ok:
        raise ConfigError("expected a list of [open, close] string pairs", path=source, key=key)
    return tuple((p[0], p[1]) for p in value)


def _regexes(values: tuple[str, ...], key: str, source: str, check: bool = True) -> tuple[str, ...]:
    for pattern in values if check else ():
        try:
            re.compile(f"(?:{pattern})|x", re.MULTILINE)  # global flags would break alternation
        except re.error as exc:
            raise ConfigError(f"invalid regular expression: {exc}", path=source, key=key) from exc
    return values


_LANGUAGE_KEYS = frozenset(
    {
        "kind",
        "extensions",
        "filenames",
        "interpreters",
        "aliases",
        "line_comment",
        "line_comment_patterns",
        "block_comment",
        "nested",
        "strings",
        "docstrings",
        "doc_blocks",
        "end_markers",
    }
)


def _language(name: str, body: Any, source: str, check: bool = True) -> LanguageDef:
    where = f"languages.{name}"
    if not isinstance(body, dict):
        raise ConfigError("expected a table", path=source, key=where)
    unknown = set(body) - _LANGUAGE_KEYS
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(sorted(unknown))}", path=source, key=where)
    try:
        kind = LanguageKind(body.get("kind", "programming"))
    except ValueError as exc:
        raise ConfigError(
            "kind must be programming, markup, data or prose", path=source, key=f"{where}.kind"
        ) from exc
    flags = {k: body.get(k, False) for k in ("nested", "docstrings")}
    for k, v in flags.items():
        if not isinstance(v, bool):
            raise ConfigError("expected true or false", path=source, key=f"{where}.{k}")
    doc_blocks = _pairs(body.get("doc_blocks"), f"{where}.doc_blocks", source)
    _regexes(tuple(p for pair in doc_blocks for p in pair), f"{where}.doc_blocks", source, check)
    return LanguageDef(
        name=name,
        kind=kind,
        extensions=_strs(body.get("extensions"), f"{where}.extensions", source),
        filenames=_strs(body.get("filenames"), f"{where}.filenames", source),
        interpreters=_strs(body.get("interpreters"), f"{where}.interpreters", source),
        aliases=_strs(body.get("aliases"), f"{where}.aliases", source),
        line_comment=_strs(body.get("line_comment"), f"{where}.line_comment", source),
        line_comment_patterns=_regexes(
            _strs(body.get("line_comment_patterns"), f"{where}.line_comment_patterns", source),
            f"{where}.line_comment_patterns",
            source,
            check,
        ),
        block_comment=_pairs(body.get("block_comment"), f"{where}.block_comment", source),
        nested=flags["nested"],
        strings=_strs(body.get("strings"), f"{where}.strings", source),
        docstrings=flags["docstrings"],
        doc_blocks=doc_blocks,
        end_markers=_regexes(
            _strs(body.get("end_markers"), f"{where}.end_markers", source),
            f"{where}.end_markers",
            source,
            check,
        ),
    )


def _heuristic(index: int, body: Any, source: str, check: bool = True) -> Heuristic:
    where = f"heuristics[{index}]"
    if not isinstance(body, dict):
        raise ConfigError("expected a table", path=source, key=where)
    extensions = _strs(body.get("extensions"), f"{where}.extensions", source)
    rules_raw = body.get("rules", [])
    if not extensions or not isinstance(rules_raw, list) or not rules_raw:
        raise ConfigError("expected extensions and a list of rules", path=source, key=where)
    rules: list[HeuristicRule] = []
    for j, rule in enumerate(rules_raw):
        key = f"{where}.rules[{j}]"
        if not isinstance(rule, dict) or not isinstance(rule.get("language"), str):
            raise ConfigError("expected a table with a language", path=source, key=key)
        patterns = _regexes(_strs(rule.get("patterns"), key, source), key, source, check)
        rules.append(HeuristicRule(rule["language"], patterns))
    return Heuristic(extensions, tuple(rules))


_SHIPPED = Path(__file__).with_name("data") / "languages.toml"
_SOURCE = "lodestar/catalog/data/languages.toml"
# The shipped TOML already parsed, stamped with its SHA-256 (scripts/compile_catalogs.py;
# a test fails until it is rerun after an edit): tomllib is pure Python, and importing and
# running it was a tenth of a `lodestar loc` on a small repository. A stale file is not used.
COMPILED = "languages.json"


def _shipped_text() -> str:
    return _SHIPPED.read_text("utf-8")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def compile_shipped(text: str | None = None) -> str:
    """The text of ``data/languages.json`` for ``text`` (default: the shipped TOML)."""
    from lodestar.safeparse import load_config_toml  # noqa: PLC0415  (as in from_toml)

    source = _shipped_text() if text is None else text
    doc = load_config_toml(_SOURCE, source)
    head = {
        "generated_by": "scripts/compile_catalogs.py; do not edit, edit languages.toml",
        "sources_sha256": _digest(source),
    }
    rows = [  # one language per line, so that diffs of the generated file stay readable
        f"{json.dumps(name)}: {json.dumps(body, ensure_ascii=False)}"
        for name, body in doc.get("languages", {}).items()
    ]
    heuristics = json.dumps(doc.get("heuristics", []), ensure_ascii=False)
    return (
        json.dumps(head)[:-1]
        + ', "languages": {\n'
        + ",\n".join(rows)
        + f'\n}}, "heuristics": {heuristics}}}\n'
    )


def load_shipped(text: str, compiled: bytes | None) -> LanguageCatalog:
    """The catalog of the shipped ``text``: from ``compiled`` while its stamp matches it, else
    parsed from the TOML."""
    if compiled is not None:
        doc = json.loads(compiled)  # shipped and compiled by us: trusted
        if isinstance(doc, dict) and doc.get("sources_sha256") == _digest(text):
            return LanguageCatalog.from_document(doc, source=_SOURCE, check_patterns=False)
    return LanguageCatalog.from_toml(text, source=_SOURCE, check_patterns=False)


@cache
def default_catalog() -> LanguageCatalog:
    """The languages shipped with Lodestar, read once per process."""
    compiled = _SHIPPED.with_name(COMPILED)
    return load_shipped(_shipped_text(), compiled.read_bytes() if compiled.is_file() else None)
