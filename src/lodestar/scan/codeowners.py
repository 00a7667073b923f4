"""CODEOWNERS files, GitHub and GitLab syntax, to :class:`~lodestar.records.owners.OwnerRule`.

One rule per line, in file order: ``pattern owner owner …``. What is read:

* ``#`` starts a comment line (and, after whitespace, the rest of a line); ``\\#`` at the start
  is a pattern beginning with ``#``; ``\\ `` is a space inside a pattern;
* owners are ``@user``, ``@org/team`` (GitHub), ``@group/subgroup/…`` and roles
  (``@@maintainer``, GitLab) and email addresses; a pattern with no owner leaves its paths
  unowned (GitHub: "no owner"), except in a GitLab section with default owners, whose
  defaults it takes;
* GitLab sections: ``[Section]``, ``^[Optional section]``, ``[Section][2]`` (approvals) and
  ``[Section] @default-owner …``; a section name is case-insensitive and a repeated section
  continues the first (its first spelling is kept); each rule records the section it is in;
* ``!pattern`` (a GitLab exclusion) is kept with its ``!``; GitHub has none, so there it is a
  warning and the line is skipped.

The forge's own rule of which file it reads (GitHub: ``.github/``, root, ``docs/``; GitLab:
root, ``docs/``, ``.gitlab/``) is :func:`lodestar.scan.owners.owner_files`. Matching paths
against the rules is :func:`lodestar.analysis.ownership.path_owners`.

Hostile input: a file over :data:`MAX_CODEOWNERS_BYTES` is not read, a line over
:data:`MAX_LINE_CHARS`, a pattern over :data:`MAX_PATTERN_CHARS` or past :data:`MAX_RULES`
rules is skipped, and a bad line (an owner
that is no handle nor email, an unclosed section) is a warning on its path (``line N: …``):
the rest of the file is kept. No regular expression is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.records import ScanWarning
from lodestar.records.owners import OwnerRule

__all__ = [
    "MAX_CODEOWNERS_BYTES",
    "MAX_LINE_CHARS",
    "MAX_OWNERS_PER_RULE",
    "MAX_PATTERN_CHARS",
    "MAX_RULES",
    "is_owner_reference",
    "parse_codeowners",
]

MAX_CODEOWNERS_BYTES = 3 << 20  # GitHub refuses CODEOWNERS files over 3 MB
MAX_LINE_CHARS = 4096
MAX_RULES = 10_000  # GitLab's own CODEOWNERS, among the largest, has about 1,600 lines
MAX_PATTERN_CHARS = 512  # matching costs pattern x path characters
MAX_OWNERS_PER_RULE = 200
_HANDLE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def is_owner_reference(token: str) -> bool:
    """Whether ``token`` is an owner: ``@user``, ``@org/team``, ``@group/sub/…``, a GitLab role
    (``@@maintainer``) or an email."""
    if token.startswith("@@"):
        return bool(token[2:]) and set(token[2:]) <= _HANDLE
    if token.startswith("@"):
        parts = token[1:].split("/")
        return all(part and set(part) <= _HANDLE for part in parts) and len(parts) <= 21
    local, at, domain = token.partition("@")
    return (
        bool(at and local and domain)
        and "@" not in domain
        and "." in domain.strip(".")
        and not any(c.isspace() or c in '<>()[],;:\\"' for c in token)
    )


def _tokens(text: str) -> list[str]:
    """Whitespace-separated tokens; ``\\ `` keeps a space, ``\\#`` a hash; an unescaped ``#``
    starting a token starts a comment."""
    out: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char if char in " \t#\\" else "\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in " \t":
            if current:
                out.append("".join(current))
                current = []
        elif char == "#" and not current:
            break
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    if current:
        out.append("".join(current))
    return out


@dataclass(slots=True)
class _Section:
    name: str
    defaults: tuple[str, ...]


def _section(text: str) -> tuple[str, str] | None:
    """``(name, rest)`` of a section header (``^[Name][2] @owners``), or None when the line is
    not one (a pattern that starts with ``[``)."""
    body = text[1:] if text.startswith("^") else text
    if not body.startswith("["):
        return None
    close = body.find("]")
    if close < 0:
        return None
    name, rest = body[1:close].strip(), body[close + 1 :]
    if rest.startswith("["):  # approvals: [Section][2]
        end = rest.find("]")
        if end < 0 or not rest[1:end].strip().isdigit():
            return None
        rest = rest[end + 1 :]
    if rest and not rest[0].isspace():
        return None  # "[Tt]ests/ @qa": a pattern, not a section
    return name, rest


class _Reader:
    """The state of one file's reading: the current section, the rules, the warnings."""

    def __init__(self, path: str, *, gitlab: bool) -> None:
        self.path = path
        self.gitlab = gitlab
        self.section: _Section | None = None
        self.sections: dict[str, str] = {}  # lower-case name -> first spelling
        self.rules: list[OwnerRule] = []
        self.warnings: list[ScanWarning] = []
        self.full = False  # MAX_RULES reached (said once)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ScanWarning(self.path, f"line {line}: {message}"))

    def owners(self, number: int, tokens: list[str]) -> tuple[str, ...]:
        good = [t for t in tokens if is_owner_reference(t)]
        for bad in [t for t in tokens if not is_owner_reference(t)][:3]:
            self.warn(number, f"not an owner (an @user, @org/team or email): {bad[:80]!r}")
        if len(good) > MAX_OWNERS_PER_RULE:
            self.warn(number, f"more than {MAX_OWNERS_PER_RULE} owners; the rest are ignored")
        return tuple(dict.fromkeys(good[:MAX_OWNERS_PER_RULE]))

    def line(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text or text.startswith("#"):
            return
        if len(raw) > MAX_LINE_CHARS:
            self.warn(number, f"line longer than {MAX_LINE_CHARS} characters; skipped")
            return
        header = _section(text) if text.startswith(("[", "^[")) else None
        if header is not None:
            name, rest = header
            if not name:
                self.warn(number, "a section needs a name: [Name]; line skipped")
                return
            spelling = self.sections.setdefault(name.lower(), name)
            self.section = _Section(spelling, self.owners(number, _tokens(rest)))
            return
        tokens = _tokens(text)
        if not tokens:
            return
        pattern, owners = tokens[0], self.owners(number, tokens[1:])
        if pattern.startswith("!") and not self.gitlab:
            self.warn(number, "GitHub CODEOWNERS has no negation ('!'); line skipped")
            return
        if pattern in {"!", ""}:
            self.warn(number, "an empty pattern; line skipped")
            return
        if len(pattern) > MAX_PATTERN_CHARS:
            self.warn(number, f"pattern longer than {MAX_PATTERN_CHARS} characters; skipped")
            return
        if not owners and self.section is not None and not pattern.startswith("!"):
            owners = self.section.defaults
        if len(self.rules) >= MAX_RULES:
            if not self.full:
                self.warn(number, f"more than {MAX_RULES} rules; the rest are ignored")
                self.full = True
            return
        section = self.section.name if self.section else None
        self.rules.append(OwnerRule(self.path, number, pattern, owners, section))


def parse_codeowners(
    path: str, text: str, *, gitlab: bool = False
) -> tuple[list[OwnerRule], list[ScanWarning]]:
    """The rules of one CODEOWNERS file in file order, and its warnings (``line N: …`` on the path).

    ``gitlab`` reads the file as GitLab does (``!`` exclusions); sections are read either way,
    since GitHub files never start a line with ``[``.
    """
    reader = _Reader(path, gitlab=gitlab)
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.line(number, raw.rstrip("\r"))
    return reader.rules, reader.warnings
