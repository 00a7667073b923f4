"""pip requirements files: ``requirements*.txt``, ``*-requirements.txt``, pip-tools ``*.in``.

Read the way pip reads them: lines ending in ``\\`` continue on the next line; ``#`` at the start
of a line or after whitespace starts a comment (``…#egg=name`` in a URL does not); every record
carries the number of the first physical line of its logical line. Per line:

* a PEP 508 requirement, with its per-requirement options (``--hash=…``, ``--config-settings``,
  …) ignored; ``==X`` pins give the exact version; markers are kept out of qualifiers and
  never drop the line (see :mod:`python_pep508`);
* ``-e``/``--editable`` and bare URLs or paths: VCS (``git+https://…@tag#egg=name``) → a
  ``vcs_url`` qualifier, archives → ``download_url``; local directories (``-e .``) are the
  repository's own code and left out;
* ``-r``/``--requirement FILE`` is followed through the context, relative to the including file;
  its dependencies keep *their* file as ``manifest`` and line, so that a file included by several
  others (or also parsed on its own) yields the same records. Missing files and URLs are skipped;
  cycles are cut; at most 64 files are read per top-level file;
* ``-c``/``--constraint FILE`` declares nothing itself: its ``==`` pins give the exact version of
  requirements that do not pin one (pip would install exactly that);
* every other option (``--index-url``, ``--find-links``, ``--pre``, …) is ignored.

Scope comes from each file's own name (``requirements-dev.txt`` → dev, ``test-requirements.txt``
→ test, ``requirements-docs.txt`` → docs), else from its folder (``docs/requirements.txt`` →
docs), else runtime; the rule is in :mod:`python_common`. Every line is direct, except
in pip-compile/uv output: there a requirement whose ``# via`` annotation names only other
packages (not ``-r file`` nor ``project (pyproject.toml)``) is transitive. A ``pip freeze``
output cannot tell direct from transitive and reports everything as direct.

Not seen: ``requirements/*.txt`` reached by no include (the registry matches base names only),
environment variables (``${VAR}`` is kept verbatim), and what an index would resolve.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from packaging.requirements import Requirement

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import normalise_pypi, purl_for
from lodestar.scan.ecosystems.python.common import (
    ECOSYSTEM,
    bounded,
    decode_text,
    folder_scope,
    scope_for_name,
    spend,
)
from lodestar.scan.ecosystems.python.pep508 import (
    MAX_REQUIREMENT,
    exact_version,
    is_link,
    link_dependency,
    parse_requirement,
    requirement_dependency,
)
from lodestar.scan.ecosystems.registry import ManifestContext

MAX_FILES = 64
# A comment starts at "#" at the line start or after blanks. Every pattern here that scans a
# line starts a blank run only where the run starts ((?<!\s)) and takes it whole (\s++): a
# long run of blanks would otherwise be rescanned from each of its characters (quadratic).
_COMMENT = re.compile(r"(?:^|(?<!\s)\s++)#.*$")
_OPTION = re.compile(r"(--[A-Za-z][\w-]*|-[A-Za-z])(?:\s*=\s*|\s+)?(.*)", re.DOTALL)
_DIRECT_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@")
_OPTIONS_AFTER = re.compile(r"(?<!\s)\s++-")
_LINK_MARKER = re.compile(r"(?<!\s)\s++;|;\s++")
_INCLUDE = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}
_EDITABLE = {"-e", "--editable"}
_STEM_SUFFIX = re.compile(r"\.(?:txt|in|pip)$", re.IGNORECASE)


@dataclass(slots=True)
class _Logical:
    line: int  # first physical line, 1-based
    text: str  # without comment
    comment: str | None  # the comment text after '#', when the line has one
    indented_comment: bool  # a comment-only line that starts with whitespace (pip-compile's via)


@dataclass(slots=True)
class _State:
    seen: set[str] = field(default_factory=set)
    pins: dict[str, str] = field(default_factory=dict)  # normalised name -> version (constraints)


@dataclass(slots=True)
class _Entry:
    dep: Dependency
    via: list[str] | None = None


def _logical_lines(lines: list[str]) -> Iterator[_Logical]:
    """pip's join_lines + ignore_comments, keeping comments for pip-compile annotations."""
    joined: list[str] = []
    first = 0
    for number, raw in enumerate(lines, 1):
        is_comment = _COMMENT.match(raw) is not None
        if raw.endswith("\\") and not is_comment:
            if not joined:
                first = number
            joined.append(raw.strip("\\"))
            continue
        if joined:
            joined.append(" " + raw if is_comment else raw)
            line, start = "".join(joined), first
            joined = []
        else:
            line, start = raw, number
        yield _split_comment(line, start)
    if joined:
        yield _split_comment("".join(joined), first)


def _split_comment(line: str, number: int) -> _Logical:
    match = _COMMENT.search(line)
    if match is None:
        return _Logical(number, line.strip(), None, indented_comment=False)
    content = line[: match.start()].strip()
    comment = match.group(0).strip()[1:].strip()
    return _Logical(number, content, comment, indented_comment=not content and line[:1].isspace())


def _is_direct(via: list[str]) -> bool:
    return any(v.startswith(("-r ", "-r\t")) or v.endswith(")") for v in via)


def _stem(path: str) -> str:
    return _STEM_SUFFIX.sub("", posixpath.basename(path))


def _parse_file(
    path: str, text: str, ctx: ManifestContext, state: _State, constraint: bool
) -> list[Dependency]:
    lines = text.splitlines()  # as pip splits them (\r, \n, \r\n and the other separators)
    spend(path, None, len(lines) + 1)
    scope = scope_for_name(_stem(path), Scope.RUNTIME)
    if scope is Scope.RUNTIME:
        scope = folder_scope(posixpath.dirname(path)) or scope
    entries: list[_Entry | list[Dependency]] = []  # a list: the records of an included file
    current: _Entry | None = None
    block_open = False  # inside a multi-line "# via" block
    for logical in _logical_lines(lines):
        if not logical.text:
            if current is None or logical.comment is None or not logical.indented_comment:
                current, block_open = None, False
                continue
            comment = logical.comment
            if comment.startswith("via"):
                current.via = current.via or []
                current.via += [v.strip() for v in comment[3:].split(",") if v.strip()]
                block_open = not comment[3:].strip()
            elif block_open:
                current.via = current.via or []
                current.via.append(comment)
            continue
        current, block_open = None, False
        dep = _parse_line(
            path,
            logical,
            ctx=ctx,
            state=state,
            scope=scope,
            constraint=constraint,
            entries=entries,
        )
        if dep is None:
            continue
        current = _Entry(dep)
        if logical.comment and logical.comment.startswith("via "):
            current.via = [v.strip() for v in logical.comment[4:].split(",") if v.strip()]
        entries.append(current)
    annotated = any(isinstance(e, _Entry) and e.via for e in entries)
    out: list[Dependency] = []
    for entry in entries:
        if isinstance(entry, list):
            out.extend(entry)
        elif annotated and entry.via:
            out.append(dataclasses.replace(entry.dep, direct=_is_direct(entry.via)))
        else:
            out.append(entry.dep)
    return out


def _parse_line(
    path: str,
    logical: _Logical,
    *,
    ctx: ManifestContext,
    state: _State,
    scope: Scope,
    constraint: bool,
    entries: list[_Entry | list[Dependency]],
) -> Dependency | None:
    text, line = logical.text, logical.line
    editable = False
    if text.startswith("-"):
        match = _OPTION.fullmatch(text)
        if match is None:
            return None
        option, value = match.group(1), match.group(2).strip().strip("'\"")
        if option in _INCLUDE:
            included = _include(
                path, line, value, ctx=ctx, state=state, constraint=constraint or _INCLUDE[option]
            )
            if included:
                entries.append(included)
            return None
        if option not in _EDITABLE or not value:
            return None  # --index-url, --find-links, --pre, --hash on its own line, …
        text, editable = value, True
    requirement = _OPTIONS_AFTER.split(text, maxsplit=1)[0].strip()  # drop --hash=…, …
    if len(requirement) > MAX_REQUIREMENT:
        raise ManifestError(
            f"requirement longer than {MAX_REQUIREMENT:,} characters", path=path, line=line
        )
    if constraint:
        _pin(path, requirement, line, state)
        return None
    if not _DIRECT_REFERENCE.match(requirement) and (editable or is_link(requirement)):
        location = _LINK_MARKER.split(requirement, maxsplit=1)[0]
        return link_dependency(location, name=None, path=path, line=line, scope=scope, direct=True)
    return requirement_dependency(requirement, path=path, line=line, scope=scope)


def _pin(path: str, text: str, line: int, state: _State) -> None:
    if is_link(text) and not _DIRECT_REFERENCE.match(text):
        return
    requirement: Requirement = parse_requirement(text, path=path, line=line)
    version = exact_version(requirement)
    if version is not None:
        state.pins.setdefault(normalise_pypi(requirement.name), version)


def _include(
    path: str, line: int, target: str, *, ctx: ManifestContext, state: _State, constraint: bool
) -> list[Dependency]:
    if not target or "://" in target:
        return []  # a URL include cannot be read from the repository
    included = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if included in state.seen or len(state.seen) >= MAX_FILES:
        return []
    state.seen.add(included)
    data = ctx.read(included)
    if data is None:
        return []
    try:
        text = decode_text(included, data)
    except ManifestError:
        return []  # an undecodable include is skipped like a missing one
    try:
        return _parse_file(included, text, ctx, state, constraint)
    except ManifestError as exc:
        where = f"{included}:{exc.line}" if exc.line else included
        raise ManifestError(f"in {where}: {exc.reason}", path=path, line=line) from None


@bounded
def parse_requirements(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies of a pip requirements file and the files it includes."""
    text = decode_text(path, data)
    state = _State(seen={posixpath.normpath(path)})
    deps = _parse_file(path, text, ctx, state, constraint=False)
    if not state.pins:
        return deps
    return [_pinned(dep, state.pins) for dep in deps]


def _pinned(dep: Dependency, pins: dict[str, str]) -> Dependency:
    """``dep`` with the exact version a constraints file gives it, when it has none of its own."""
    pinned = pins.get(normalise_pypi(dep.name))
    if dep.version is not None or pinned is None or "?" in dep.purl:
        return dep
    return dataclasses.replace(dep, version=pinned, purl=purl_for(ECOSYSTEM, dep.name, pinned))


def requirements_from_files(
    manifest: str, targets: list[str], ctx: ManifestContext, scope: Scope
) -> list[Dependency]:
    """Dependencies of requirements files another manifest points at, with ``scope``.

    For setuptools' ``file:`` directives (``setup.cfg``, ``[tool.setuptools.dynamic]``) and
    hatch-requirements-txt: ``targets`` are relative to the manifest's directory; each record
    keeps the requirements file as ``manifest`` and its own line. Unreadable files give nothing.
    """
    out: list[Dependency] = []
    for target in targets[:MAX_FILES]:
        if not target.strip() or "://" in target:
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(manifest), target.strip()))
        data = ctx.read(path)
        if data is None:
            continue
        try:
            deps = parse_requirements(path, data, ctx)
        except ManifestError as exc:
            where = f"{path}:{exc.line}" if exc.line else path
            raise ManifestError(f"in {where}: {exc.reason}", path=manifest) from None
        out += [dataclasses.replace(d, scope=scope) for d in deps]
    return out
