"""Ruby gems: ``*.gemspec``, a gem's own specification, read statically, never run.

``spec.add_dependency`` and ``spec.add_runtime_dependency`` → runtime,
``spec.add_development_dependency`` → dev; the first argument is the gem name, the others its
requirements (strings or an array of strings), joined as written. Hand-written
(``spec.add_dependency "rails", ">= 6.1", "< 8"``) and generated (``s.add_runtime_dependency(
%q<rails>.freeze, [">= 6.1"])``) forms are both read. Generated gemspecs repeat each dependency in
the two branches of ``if s.respond_to? :add_runtime_dependency``: a gem is reported once per
scope, the first time it appears.

What a static reader cannot see: names or requirements computed from constants
(``Rails::VERSION::STRING``) — the requirement is dropped, a computed name drops the dependency —
and dependencies added in loops or from other files.
"""

from __future__ import annotations

import re

from lodestar.catalog import licences as catalog
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.ruby.gemfile import decode, requirement, strings
from lodestar.scan.ecosystems.ruby.tokens import call_args, statements

ECOSYSTEM = "gem"
_METHODS = {
    "add_dependency": Scope.RUNTIME,
    "add_runtime_dependency": Scope.RUNTIME,
    "add_development_dependency": Scope.DEV,
}


def parse_gemspec(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a gemspec declares (see the module docstring)."""
    out: list[Dependency] = []
    seen: set[tuple[str, Scope]] = set()
    for statement in statements(path, decode(path, data)):
        head = statement[0]
        if head.kind != "ident":
            continue
        scope = _METHODS.get(head.value.rsplit(".", 1)[-1])
        if scope is None:
            continue
        positional, _keywords = call_args(statement[1:])
        name = positional[0] if positional else None
        if not isinstance(name, str) or not name or (name, scope) in seen:
            continue
        seen.add((name, scope))
        constraint, version = requirement([p for v in positional[1:] for p in strings(v)])
        out.append(
            Dependency(
                purl=checked_purl(ECOSYSTEM, path, name, version, line=head.line),
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=constraint,
                scope=scope,
                direct=True,
                manifest=path,
                line=head.line,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# The declared licence

_GEM_LICENCE = re.compile(r"^[ \t]*\w+\.licenses?[ \t]*=[ \t]*(.+)$", re.MULTILINE)
_GEM_STRING = re.compile(r"\"([^\"\\\n]{1,200})\"|'([^'\\\n]{1,200})'")
_GEM_WORDS = re.compile(r"%[wW]\s*[\[({<]([^\])}>]{0,400})[\])}>]")


def _licence(data: bytes, notes: list[str], path: str) -> str | None:
    text = data[:200_000].decode("utf-8", errors="replace")
    found: list[str] = []
    for assignment in _GEM_LICENCE.finditer(text):
        rhs = assignment.group(1)
        names = [a or b for a, b in _GEM_STRING.findall(rhs)]
        for words in _GEM_WORDS.findall(rhs):
            names.extend(words.split())
        if not names:
            notes.append(f"{path} sets its licence from code ({rhs.strip()[:60]}); not read")
        found.extend(e for e in (catalog.normalise_expression(n) for n in names) if e)
    return catalog.join_expressions(found, "OR")


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    del documents  # a gemspec is read as text, not parsed
    return _licence(data, notes, path)
