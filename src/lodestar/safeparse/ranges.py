"""Version ranges: the one reader behind ``deps --range``, radar and decision matchers, policies.

A range is read in the dialect of the ecosystem (the purl type) whose versions it judges, and
compared with that dialect's own rules; the grammar and the ordering come from maintained
libraries, not from code of ours:

* **PEP 440** (``>=2,<3``, ``~=1.4``, ``==3.*``, ``!=2.1``) — ``packaging``;
* **npm** (``^17 || ^18``, ``18.x``, ``1.2.*``, ``18.0.0 - 18.3.0``, ``~1.4``, ``>=2 <3``) —
  ``semantic_version.NpmSpec``, node-semver's grammar and its pre-release rule (a pre-release
  is inside only when the range names a pre-release of the same version);
* **Maven / NuGet intervals** (``[1.0,2.0)``, ``(,1.0],[1.2,)``, ``[1.5]``), RubyGems'
  pessimistic ``~> 3.0`` and purl ``vers:`` ranges (``vers:npm/>=1.0.0|<2.0.0``) — ``univers``,
  the purl project's library (Maven's ordering: ``1.0-SNAPSHOT`` < ``1.0``).

Which dialects an ecosystem reads, first that understands the text wins:

========================  ===================================================================
ecosystem                 dialects
========================  ===================================================================
npm, golang, github       npm (``~>`` is node-semver's tilde, commas are spaces)
cargo                     npm, a bare version being a caret requirement as Cargo reads it
pypi                      PEP 440, then npm spelling (Poetry's ``^1.2``, ``>=2 <3``)
gem                       RubyGems (``~> 3.0, >= 3.0.2``), then npm spelling
composer                  ``|`` also separates alternatives; ``~1.2`` is Composer's (``~> 1.2``)
maven, nuget, others and  intervals; PEP 440 when the text has ``,`` ``==`` ``!=`` ``~=`` or
none (runtime versions)   ``.*``; otherwise npm spelling
every one but npm's       ``~> 3.0`` is RubyGems' pessimistic operator (``>=3.0 <4``)
========================  ===================================================================

In every ecosystem ``*`` (or ``x``) is any version, known or not; ``||`` separates alternatives;
a bare version ``4.2.1`` is that version and a partial one (``18``, ``3.9``, ``3.9.x``) its whole
line. A version without a comparable form (``latest``, a branch name) is in no range.

:func:`lowest_bound` reads a declared runtime range (``requires-python``, ``engines.node``,
composer's ``php``, a Gemfile's ``ruby``) for the oldest version it admits, and
:func:`range_intervals` the same syntaxes as :class:`Interval` values (which release cycles,
:func:`release_span`, a range admits); the scanner's runtime readers (``scan/runtimes_versions``)
use them, with the same comparator patterns. Both raise a plain ``ValueError`` when a
comparator cannot be read.

Bounds: a range longer than :data:`MAX_RANGE_CHARS` or with a number of more than
:data:`MAX_NUMBER_DIGITS` digits is refused before any library sees it, and a version longer
than :data:`MAX_VERSION_CHARS` is none, so no parser here does more than a few thousand steps
on hostile text. Every refusal is a :class:`RangeError` (a ``ValueError``) with a one-line
message; nothing else escapes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

__all__ = [
    "MAX_NUMBER_DIGITS",
    "MAX_RANGE_CHARS",
    "MAX_VERSION_CHARS",
    "Interval",
    "RangeError",
    "VersionKey",
    "VersionRange",
    "lowest_bound",
    "parse_range",
    "parse_version",
    "range_examples",
    "range_intervals",
    "release_span",
]

MAX_RANGE_CHARS = 256  # far beyond any real range ("^17.0.2 || ^18.2.0 || ^19.0.0-rc" is 32)
MAX_VERSION_CHARS = 128  # far beyond any real version; bounds every int() a library makes
MAX_NUMBER_DIGITS = 30  # a version component with more digits is no version
_LONG_NUMBER = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}")

_ANY = frozenset({"*", "x", "X"})
_NPM_FAMILY = frozenset({"npm", "golang", "github", "cargo"})
_OPERATORS = frozenset({"<", "<=", ">", ">=", "=", "==", "^", "~", "~>"})
_PEP440_MARKS = (",", "==", "!=", "~=", ".*")
_BARE_CHARS = frozenset("0123456789.xX*-+_abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ")

Test = Callable[[str], bool]


class RangeError(ValueError):
    """A version range that cannot be read (the message is one line and says what to write)."""


@dataclass(frozen=True, slots=True)
class VersionRange:
    """A parsed range: alternatives (any of them may hold); none at all means any version."""

    text: str
    ecosystem: str | None
    alternatives: tuple[Test, ...] = ()

    @property
    def is_any(self) -> bool:
        return not self.alternatives

    def contains(self, version: str | None) -> bool:
        """Whether ``version`` is inside (``*``: always, even unknown; otherwise unknown: never)."""
        if not self.alternatives:
            return True
        if not version or len(version) > MAX_VERSION_CHARS:
            return False
        return any(test(version) for test in self.alternatives)


def parse_version(text: str | None) -> Version | None:
    """The PEP 440 version ``text`` names, or None when it is none (or longer than any real one).

    Used to order versions of any ecosystem for display (``packaging`` reads ``v1.2.3``,
    ``1.0.0-beta`` and most semver); membership of a range is :meth:`VersionRange.contains`.
    """
    if not text or len(text) > MAX_VERSION_CHARS:
        return None
    try:
        return Version(text.lstrip("vV"))
    except ValueError:  # InvalidVersion, or a number int() refuses
        return None


def range_examples(ecosystem: str | None = None) -> str:
    """A few ranges the ecosystem's dialect reads, for error messages."""
    eco = (ecosystem or "").lower()
    if eco in _NPM_FAMILY:
        return "'^18', '>=2 <3', '18.x', '1.0.0 - 1.3.0', '^17 || ^18' or '*'"
    if eco == "pypi":
        return "'>=2,<3', '~=1.4', '==3.*', '^1.2' or '*'"
    if eco in {"maven", "nuget"}:
        return "'[1.0,2.0)', '(,1.0],[1.2,)', '>=1.0' or '*'"
    if eco == "gem":
        return "'~> 3.0', '>= 2, < 3' or '*'"
    return "'>=2,<3', '^1.2', '18.x', '~> 3.0', '[1.0,2.0)' or '*'"


def parse_range(text: str, ecosystem: str | None = None) -> VersionRange:
    """``text`` read in ``ecosystem``'s dialect (see the module docstring); RangeError if not."""
    return _parse(text, (ecosystem or "").lower() or None)


def _shown(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


@functools.lru_cache(maxsize=4096)
def _parse(text: str, eco: str | None) -> VersionRange:
    hint = f"write e.g. {range_examples(eco)}"
    if _LONG_NUMBER.search(text):
        raise RangeError(
            f"version range {_shown(text)} has a number of more than {MAX_NUMBER_DIGITS} "
            f"digits; {hint}"
        )
    if len(text) > MAX_RANGE_CHARS:
        raise RangeError(
            f"version range {_shown(text)} is longer than {MAX_RANGE_CHARS} characters; {hint}"
        )
    stripped = text.strip()
    if not stripped:
        raise RangeError("empty version range; omit it, or write '*' for any version")
    if stripped in _ANY:
        return VersionRange(stripped, eco)
    if stripped[:5].lower() == "vers:":
        test = _vers(stripped)
        if test is None:
            raise RangeError(f"version range {_shown(stripped)} is not a valid vers range; {hint}")
        return VersionRange(stripped, eco, () if test is _EVERYTHING else (test,))
    tests: list[Test] = []
    for alternative in _alternatives(stripped, eco):
        part = alternative.strip()
        if part in _ANY:
            return VersionRange(stripped, eco)  # one alternative admits every version
        test = _alternative(part, eco) if part else None
        if test is None:
            where = "" if part == stripped else f" (in {_shown(stripped)})"
            eco_name = f" for {eco}" if eco else ""
            raise RangeError(
                f"version range {_shown(part)}{where} is not understood{eco_name}; {hint}"
            )
        tests.append(test)
    return VersionRange(stripped, eco, tuple(tests))


def _alternatives(text: str, eco: str | None) -> list[str]:
    parts = text.split("||")
    if eco == "composer":
        return [p for part in parts for p in part.split("|")]
    return parts


def _alternative(part: str, eco: str | None) -> Test | None:
    if part[0] in "[(":
        return _intervals(part, eco)
    dialects: Sequence[Callable[[str, str | None], Test | None]]
    if eco in _NPM_FAMILY:
        dialects = (_npm,)
    elif eco == "gem" or "~>" in part:
        dialects = (_gem, _npm)
    elif eco == "pypi":
        dialects = (_pep440, _npm)
    elif eco == "composer":
        dialects = (_composer_tilde, _npm)
    elif any(mark in part for mark in _PEP440_MARKS):
        dialects = (_pep440, _npm)
    else:
        dialects = (_npm, _pep440)
    for dialect in dialects:
        test = dialect(part, eco)
        if test is not None:
            return test
    return None


# --- PEP 440 (packaging) --------------------------------------------------------------------


def _is_bare(part: str) -> bool:
    """A version with no operator: ``4.2.1``, ``v18``, ``3.9.x``, ``1.0rc1``."""
    body = part[1:] if part[:1] in "vV" else part
    return body[:1].isdigit() and all(c in _BARE_CHARS for c in body)


def _bare_pep440(part: str) -> str | None:
    """``==4.2.1`` for a full version, ``==3.9.*`` for a partial or wildcard one."""
    pieces = part.lstrip("vV").split(".")
    while pieces and pieces[-1] in _ANY:
        pieces.pop()
    if not pieces or any(p in _ANY or "*" in p for p in pieces):
        return None
    wildcard = part[-1] in _ANY or (len(pieces) < 3 and all(p.isdigit() for p in pieces))
    return "==" + ".".join(pieces) + (".*" if wildcard else "")


def _pep440(part: str, _eco: str | None) -> Test | None:
    specs: list[str] = []
    for piece in part.split(","):
        spec = piece.strip()
        if _is_bare(spec):
            bare = _bare_pep440(spec)
            if bare is None:
                return None
            spec = bare
        specs.append(spec)
    try:
        specifier = SpecifierSet(",".join(specs))
    except InvalidSpecifier:
        return None
    if not any(True for _ in specifier):
        return None

    def test(version: str) -> bool:
        parsed = parse_version(version)
        return parsed is not None and specifier.contains(parsed, prereleases=True)

    return test


# --- npm (semantic_version's NpmSpec) -------------------------------------------------------


def _npm_text(part: str, eco: str | None) -> str | None:
    """The alternative as node-semver writes it: operators glued to their version."""
    out: list[str] = []
    pending = ""
    for word in part.replace(",", " ").split():
        if word in _OPERATORS:
            if pending:
                return None
            pending = word
            continue
        token = pending + word
        pending = ""
        if token.startswith("~>"):
            token = "~" + token[2:]
        elif token.startswith("=="):
            token = token[1:]
        if eco == "cargo" and token[:1].isdigit():
            token = "^" + token  # Cargo: "1.2" means "^1.2"
        out.append(token)
    return None if pending or not out else " ".join(out)


def _semantic_version() -> Any:
    """semantic_version, imported on first need (it costs the CLI's start-up otherwise)."""
    import semantic_version  # noqa: PLC0415  loaded on first need, as the docstring says

    return semantic_version


def _univers() -> Any:
    """univers.version_range, imported on first need (about 0.4 s of start-up otherwise)."""
    import univers.version_constraint  # noqa: PLC0415  loaded on first need
    import univers.version_range  # noqa: PLC0415  loaded on first need

    return univers


def _semver(version: str) -> Any:
    semantic_version = _semantic_version()
    text = version.strip().lstrip("=vV")
    try:
        return semantic_version.Version(text)
    except ValueError:
        try:
            return semantic_version.Version.coerce(text)
        except ValueError:
            return None


def _npm(part: str, eco: str | None) -> Test | None:
    semantic_version = _semantic_version()
    text = _npm_text(part, eco)
    if text is None:
        return None
    try:
        spec = semantic_version.NpmSpec(text)
    except Exception:  # noqa: BLE001  a third-party parser on hostile text: any failure means "not npm"
        return None

    def test(version: str) -> bool:
        parsed = _semver(version)
        return parsed is not None and bool(spec.match(parsed))

    return test


# --- univers: Maven/NuGet intervals, RubyGems, vers -----------------------------------------


def _everything(_version: str) -> bool:
    return True


_EVERYTHING: Test = _everything


def _checked(build: Callable[[], Any]) -> Any:
    """A univers range built by ``build``, or None when it fails or is not a valid vers range."""
    try:
        found = build()
        constraints = list(found.constraints)
        if not constraints or any(c.comparator != "*" and not _named(c) for c in constraints):
            return None
        _univers().version_constraint.validate_comparators(constraints)
    except Exception:  # noqa: BLE001  univers raises many types (and AssertionError) on bad text
        return None
    return found


def _named(constraint: Any) -> bool:
    """Whether a univers constraint names a version (``[]`` gives one with an empty string)."""
    version = constraint.version
    return version is not None and bool(str(getattr(version, "string", version)).strip())


def _univers_test(found: Any) -> Test:
    def test(version: str) -> bool:
        try:
            return bool(found.version_class(version.strip()) in found)
        except Exception:  # noqa: BLE001  a version the ecosystem cannot read is in no range
            return False

    return test


def _intervals(part: str, eco: str | None) -> Test | None:
    """``[1.0,2.0)``, ``(,1.0],[1.2,)``: one univers range per interval, any of them."""
    ranges_module = _univers().version_range
    kind = ranges_module.NugetVersionRange if eco == "nuget" else ranges_module.MavenVersionRange
    pieces: list[str] = []
    start = 0
    inside = False
    for i, char in enumerate(part):
        if char in "[(":
            if inside:
                return None
            inside = True
        elif char in "])":
            if not inside:
                return None
            inside = False
        elif char == "," and not inside:
            pieces.append(part[start:i].strip())
            start = i + 1
    pieces.append(part[start:].strip())
    ranges = []
    for piece in pieces:
        if len(piece) < 2 or piece[0] not in "[(" or piece[-1] not in "])":
            return None
        found = _checked(functools.partial(kind.from_native, piece))
        if found is None:
            return None
        ranges.append(_univers_test(found))
    return lambda version: any(test(version) for test in ranges)


def _gem(part: str, _eco: str | None) -> Test | None:
    """RubyGems requirements, comma-separated, all of which must hold."""
    gem_range = _univers().version_range.GemVersionRange
    tests: list[Test] = []
    for piece in part.split(","):
        requirement = piece.strip()
        tokens = requirement.replace("~>", "~> ").split()
        if not tokens or len(tokens) > 2 or (len(tokens) == 2 and tokens[0] not in _GEM_OPS):
            return None
        found = _checked(functools.partial(gem_range.from_native, requirement))
        if found is None:
            return None
        tests.append(_univers_test(found))
    return lambda version: all(test(version) for test in tests)


_GEM_OPS = frozenset({"~>", "=", "!=", ">", "<", ">=", "<="})


def _composer_tilde(part: str, _eco: str | None) -> Test | None:
    """Composer's ``~1.2`` (``>=1.2 <2.0``) is RubyGems' ``~> 1.2``; None without a tilde."""
    tokens = part.replace(",", " ").split()
    if not any(t.startswith("~") and not t.startswith("~>") for t in tokens):
        return None
    gem = [("~> " + t[1:]) if t.startswith("~") and not t.startswith("~>") else t for t in tokens]
    return _gem(", ".join(gem), "gem")


def _vers(text: str) -> Test | None:
    """A purl ``vers:`` range (``vers:npm/>=1.0.0|<2.0.0``; ``vers:npm/*`` is any version)."""
    found = _checked(functools.partial(_univers().version_range.VersionRange.from_string, text))
    if found is None:
        return None
    if all(c.comparator == "*" for c in found.constraints):
        return _EVERYTHING
    return _univers_test(found)


# --- the lowest version a range admits (runtimes: the oldest runtime a project supports) ------

_OR = re.compile(r"\|\|?")
_OP_SPACE = re.compile(r"(===|==|>=|<=|~>|~=|!=|>|<|=|\^|~)\s+")
# whole words only ((?<!\S), possessive): a long word is not rescanned from each character
_HYPHEN_RANGE = re.compile(r"(?<!\S)(\S++)\s++-\s++(\S++)")
_COMPARATOR = re.compile(
    r"(===|==|>=|<=|~>|~=|!=|>|<|=|\^|~)?[vV]?(\d{1,9}(?:\.\d{1,9}){0,5})((?:\.[xX*])*)"
    r"(?:[-+._]?[0-9A-Za-z][0-9A-Za-z.+_-]*)?"
)
_COMPARATORS_SPLIT = re.compile(r"[,\s]+")
_STABILITY = re.compile(r"@[A-Za-z]+$")  # composer's "@dev", "@stable"
_ANY_OR_EMPTY = frozenset({"*", "x", "X", ""})
_UPPER_OR_EXCLUDED = frozenset({"<", "<=", "!="})


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _alternative_bound(alternative: str) -> str | None:
    text = _HYPHEN_RANGE.sub(r">=\1 <=\2", _OP_SPACE.sub(r"\1", alternative.strip()))
    low: str | None = None
    for part in _COMPARATORS_SPLIT.split(text):
        comparator = _STABILITY.sub("", part)
        if comparator in _ANY_OR_EMPTY:
            continue
        match = _COMPARATOR.fullmatch(comparator)
        if match is None:
            raise ValueError(part)
        if (match.group(1) or "=") in _UPPER_OR_EXCLUDED:
            continue
        version = match.group(2)
        if low is None or _key(version) > _key(low):
            low = version
    return low


def lowest_bound(text: str) -> str | None:
    """The lowest version a range admits, as its components are written; None when unbounded.

    One reader serves the range syntaxes of PEP 440 (``>=3.8,!=3.9.*``), Poetry (``^3.9``,
    ``~3.9``, ``>=3.8 <4``), npm (``>=16``, ``16.x``, ``14 - 18``, ``^18 || >=20``), Composer
    (``^7.4|^8.0``, ``7.4.*``, ``>=8.1@dev``) and RubyGems (``~> 3.2``): alternatives (``||`` or
    ``|``) are split; within one, comparators separated by commas or spaces must all hold, so
    its lower bound is the highest of ``>=``, ``>``, ``^``, ``~``, ``~>``, ``~=``, ``==`` and
    bare versions (wildcards dropped: ``3.9.*`` → ``3.9``); ``<``, ``<=`` and ``!=`` bound
    nothing below. The range's bound is the lowest of its alternatives', and None when any
    alternative has none. An exclusive ``>3.7`` gives ``3.7``: it still admits 3.7's patch
    releases. ValueError when a comparator cannot be read.
    """
    best: str | None = None
    for alternative in _OR.split(text.strip()):
        low = _alternative_bound(alternative)
        if low is None:
            return None
        if best is None or _key(low) < _key(best):
            best = low
    return best


# --- the versions a range admits, as intervals (runtimes: which release cycles it allows) ----

VersionKey = tuple[int, ...]  # a version's numbers; padded to six where compared


@dataclass(frozen=True, slots=True)
class Interval:
    """The versions one alternative of a range admits: from ``low`` up to ``high``.

    Keys are version numbers padded with zeros (``3.8`` is ``(3, 8, 0, 0, 0, 0)``). ``low`` is
    inclusive (an exclusive ``>3.7`` is read as ``>=3.7``, as :func:`lowest_bound` does); None
    is no lower bound. ``high`` is None when unbounded, else exclusive unless ``high_inclusive``.
    """

    low: VersionKey | None
    high: VersionKey | None
    high_inclusive: bool = False

    def admits_span(self, start: VersionKey, end: VersionKey) -> bool:
        """Whether some version ``start <= v < end`` (a release cycle's versions) is admitted."""
        if self.low is not None and not self.low < end:
            return False
        if self.high is None:
            return True
        return start <= self.high if self.high_inclusive else start < self.high


_KEY_LENGTH = 6  # components compared (the comparator pattern reads at most six)


def _pad(key: VersionKey) -> VersionKey:
    """``key`` with zeros added to a fixed length, so that ``3.8`` and ``3.8.0`` compare equal."""
    return (*key, *(0,) * (_KEY_LENGTH - len(key)))


def _bump(key: VersionKey, position: int) -> VersionKey:
    """The first version after every ``key[:position + 1]`` version: ``(3, 2), 0`` → ``(4,)``."""
    return (*key[:position], key[position] + 1)


def _upper(op: str, key: VersionKey) -> tuple[VersionKey | None, bool]:
    """(upper bound, inclusive) one comparator sets; (None, False) when it sets none."""
    if op in {"<", "<="}:
        return _pad(key), op == "<="
    if op == "^":  # the first non-zero component may not change (npm, Composer, Poetry)
        nonzero = next((i for i, part in enumerate(key) if part), len(key) - 1)
        return _pad(_bump(key, nonzero)), False
    if op == "~":  # npm and Poetry: ~1.2.3 < 1.3, ~1.2 < 1.3, ~1 < 2
        return _pad(_bump(key, min(1, len(key) - 1))), False
    if op in {"~>", "~="}:  # RubyGems and PEP 440: the last component given may grow
        return _pad(_bump(key, max(0, len(key) - 2))), False
    if op in {"=", "==", "==="}:  # a version or a wildcard names that version's releases
        return _pad(_bump(key, len(key) - 1)), False
    return None, False


def _alternative_interval(alternative: str) -> Interval:
    text = _HYPHEN_RANGE.sub(r">=\1 <=\2", _OP_SPACE.sub(r"\1", alternative.strip()))
    low: VersionKey | None = None
    high: tuple[VersionKey, bool] | None = None
    for part in _COMPARATORS_SPLIT.split(text):
        comparator = _STABILITY.sub("", part)
        if comparator in _ANY_OR_EMPTY:
            continue
        match = _COMPARATOR.fullmatch(comparator)
        if match is None:
            raise ValueError(part)
        op = match.group(1) or "="
        key = _key(match.group(2))
        if op == "!=":
            continue
        if op not in _UPPER_OR_EXCLUDED and (low is None or _pad(key) > low):
            low = _pad(key)
        bound, inclusive = _upper(op, key)
        if bound is not None and (high is None or (bound, inclusive) < high):
            high = (bound, inclusive)
    return Interval(low, high[0] if high else None, high[1] if high else False)


def range_intervals(text: str) -> list[Interval]:
    """The intervals a range admits, one per alternative (the syntaxes of
    :func:`lowest_bound`); ValueError when a comparator cannot be read."""
    return [_alternative_interval(alternative) for alternative in _OR.split(text.strip())]


def release_span(cycle: str) -> tuple[VersionKey, VersionKey]:
    """The padded keys from a release cycle's first version up to (excluded) the next cycle's:
    ``"3.8"`` → ``(3, 8, 0, 0, 0, 0)``, ``(3, 9, 0, 0, 0, 0)``; for :meth:`Interval.admits_span`.
    """
    number = _key(cycle)
    return _pad(number), _pad(_bump(number, len(number) - 1))
