"""Ruby gems: ``Gemfile`` (and its Bundler 2 name ``gems.rb``), read statically, never run.

Each ``gem "name", "~> 7.0", ">= 7.0.1", key: value`` statement is one dependency; the
requirements are joined as written (``"~> 7.0, >= 7.0.1"``) and a single exact one (``"7.0.4"``
or ``"= 7.0.4"``) is also the version. Scope comes from the groups — ``group :a, :b do … end``
blocks (nested blocks add up) and ``group:``/``groups:`` options: only development-like groups
(development, doc, lint, rubocop, debug, tools…) → dev, only test-like ones (test, spec) →
test, anything else (default, production, a custom group) → runtime.

Sources: ``git:``/``github:``/``gitlab:``/``bitbucket:`` options and ``git``/``github`` blocks add a
``vcs_url`` qualifier (with ``ref``/``tag``/``branch``); ``path:`` options and ``path`` blocks are
local code, left out; ``source "https://…" do`` blocks and ``source:`` options naming a server
other than rubygems.org add a ``repository_url`` qualifier (a global ``source`` line does not:
it is usually a mirror of rubygems.org).

What a static reader cannot see: gems whose name or version is computed (``ENV.fetch``, a
constant, string interpolation — such requirements are dropped, and a computed name drops the
gem), ``eval_gemfile`` includes, custom ``git_source`` shorthands, conditions (``if``,
``platforms`` and ``install_if`` blocks are read as if true), and the gemspec's own dependencies
(``gemspec`` — the ``*.gemspec`` file is read by its own parser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, vcs_url
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.ruby.tokens import Token, Value, block_effect, call_args, statements

ECOSYSTEM = "gem"

_EXACT = re.compile(r"(?:=\s*)?(\d[0-9A-Za-z.]*(?:-[0-9A-Za-z.]+)?)")
_DEV_GROUPS = frozenset(
    {"development", "dev", "doc", "docs", "lint", "linting", "rubocop", "debug", "tools"}
)
_TEST_GROUPS = frozenset({"test", "tests", "spec", "specs"})
_RUBYGEMS = frozenset({"rubygems", "rubygems.org", "www.rubygems.org"})
_GIT_HOSTS = {
    "github": "https://github.com/{}.git",
    "gitlab": "https://gitlab.com/{}.git",
    "bitbucket": "https://bitbucket.org/{}.git",
}


@dataclass(frozen=True, slots=True)
class _Frame:
    groups: tuple[str, ...] = ()
    vcs: str | None = None
    local: bool = False
    source: str | None = None


def decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"not UTF-8 text ({exc.reason})", path=path) from None


def requirement(parts: list[str]) -> tuple[str | None, str | None]:
    """(constraint as written, exact version when the requirement pins one)."""
    if not parts:
        return None, None
    exact = _EXACT.fullmatch(parts[0].strip()) if len(parts) == 1 else None
    return ", ".join(parts), exact.group(1) if exact else None


def strings(value: Value) -> list[str]:
    """A literal string, or the strings of a literal list; nothing for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return list(value)
    return []


def is_rubygems(url: str) -> bool:
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/", 1)[0]
    return host in _RUBYGEMS


def _vcs(keywords: dict[str, Value], positional: Value = None) -> str | None:
    ref = next((v for k in ("ref", "tag", "branch") if isinstance(v := keywords.get(k), str)), None)
    git = keywords.get("git", positional)
    if isinstance(git, str):
        return vcs_url(git, ref, scp_as_ssh=True, scrub=False)
    for host, template in _GIT_HOSTS.items():
        repo = keywords.get(host)
        if isinstance(repo, str):
            url = template.format(repo if "/" in repo else f"{repo}/{repo}")
            return vcs_url(url, ref, scp_as_ssh=True, scrub=False)
    return None


def _block(verb: str, args: list[Token], parent: _Frame) -> _Frame:
    positional, keywords = call_args(args)
    first = positional[0] if positional else None
    if verb == "group":
        names = [name for value in positional for name in strings(value)]
        return replace(parent, groups=parent.groups + tuple(names))
    if verb == "source" and isinstance(first, str):
        return replace(parent, source=None if is_rubygems(first) else first)
    if verb == "path":
        return replace(parent, local=True)
    if verb == "git":
        return replace(parent, vcs=_vcs(keywords, first))
    if verb in _GIT_HOSTS and isinstance(first, str):
        return replace(parent, vcs=_vcs({**keywords, verb: first}))
    return parent


def _scope(groups: tuple[str, ...]) -> Scope:
    names = set(groups)
    if not names or not names <= _DEV_GROUPS | _TEST_GROUPS:
        return Scope.RUNTIME
    return Scope.TEST if names <= _TEST_GROUPS else Scope.DEV


def _gem(path: str, args: list[Token], frame: _Frame, line: int) -> Dependency | None:
    positional, keywords = call_args(args)
    name = positional[0] if positional else None
    if not isinstance(name, str) or not name:
        return None  # a computed name: nothing to report
    if frame.local or "path" in keywords:
        return None  # local code, not an external package
    constraint, version = requirement([p for v in positional[1:] for p in strings(v)])
    groups = frame.groups + tuple(
        g for key in ("group", "groups") for g in strings(keywords.get(key))
    )
    qualifiers: dict[str, str] = {}
    vcs = _vcs(keywords) or frame.vcs
    source = keywords.get("source")
    source = source if isinstance(source, str) and not is_rubygems(source) else frame.source
    if vcs:
        qualifiers["vcs_url"] = vcs
    elif source:
        qualifiers["repository_url"] = source
    return Dependency(
        purl=checked_purl(ECOSYSTEM, path, name, version, qualifiers, line=line),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        constraint=constraint,
        scope=_scope(groups),
        direct=True,
        manifest=path,
        line=line,
    )


def parse_gemfile(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Gems a Gemfile declares (see the module docstring)."""
    stack: list[_Frame] = []
    out: list[Dependency] = []
    for statement in statements(path, decode(path, data)):
        effect = block_effect(statement)
        if effect < 0:
            if stack:
                stack.pop()
            continue
        head = statement[0]
        parent = stack[-1] if stack else _Frame()
        frame = parent
        if head.kind == "ident" and head.value == "gem":
            dep = _gem(path, statement[1:], parent, head.line)
            if dep is not None:
                out.append(dep)
        elif head.kind == "ident" and effect > 0:
            frame = _block(head.value, statement[1:], parent)
        if effect > 0:
            stack.append(frame)
    return out
