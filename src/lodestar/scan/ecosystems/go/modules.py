"""Go modules: ``go.mod`` (what the module requires) and ``go.sum`` (checksums of the graph).

go.mod
    ``require path version`` lines, single or in a ``require ( … )`` block. Since Go 1.17 a tidy
    go.mod lists every module that provides a package to the build; the ones the module's own
    code does not import carry ``// indirect`` (→ ``direct=False``). A required version is Minimal
    Version Selection's minimum and, in a tidy go.mod, the selected one, so it is reported as the
    exact version (Go versions keep their ``v``: ``pkg:golang/github.com/x/y@v1.2.3``).

    ``replace old [v] => new v2`` makes the build use ``new@v2``: the requirement is reported
    under the replacement's path and version (a replacement naming a version wins over one for
    every version). ``replace old => ../dir`` points at a directory: that code is not an external
    package, so the requirement is left out. ``exclude path v`` names a version that is never
    used: it is no dependency, and a requirement of exactly that version keeps the module without
    an exact version (Go picks a later one that the file cannot tell). ``module``, ``go`` and
    ``toolchain`` (runtimes are read elsewhere), ``retract``, ``godebug``, ``tool`` and ``ignore``
    declare no dependency. Test-only requirements cannot be told apart: every scope is runtime.
    ``go.work`` (local workspace modules) and ``go.work.sum`` are not read.

go.sum
    ``module version[/go.mod] hash`` lines: every module version the go command had to verify to
    load the module graph. go.sum over-approximates the build: it keeps versions MVS did not
    select, and modules whose go.mod was only read to build the graph. When the go.mod beside it
    declares ``go 1.17`` or later, that go.mod requires every module that provides a package to
    the main module's packages and tests (module graph pruning), so only the modules it requires
    (under their replacements' paths) are reported from go.sum; a go.sum without a readable
    go.mod, or beside an older one, reports every module. Each (module, version) is reported
    once, ``direct=False``; a ``/go.mod``-only line (the version's go.mod was read, its code was
    not downloaded) counts only when no full line exists for the same version. Per module,
    versions with a full line come first and higher versions before lower ones, so that the
    merge step, which keeps the first record of a package from go.sum, keeps the version most
    likely selected.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "golang"

# One token of a go.mod line, as the go command's modfile lexer splits them: quoted strings,
# a // comment (to the end of the line), punctuation, identifiers (which stop before "//").
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|//.*|[()\[\]{},]|(?:[^\s()\[\]{},"`/]|/(?!/))+|\S')
_GO_VERSION = re.compile(
    r"v\d{1,30}\.\d{1,30}\.\d{1,30}(?:-[0-9A-Za-z.-]{1,200})?(?:\+[0-9A-Za-z.-]{1,200})?"
)
_SEMVER_PARTS = re.compile(r"v(\d{1,30})\.(\d{1,30})\.(\d{1,30})(?:-([0-9A-Za-z.-]+))?")
_GO_DIRECTIVE = re.compile(r"(\d{1,9})\.(\d{1,9})")
PRUNED_GRAPH = (1, 17)  # from this go version on, go.mod lists every module of the build


@dataclass(frozen=True, slots=True)
class _Require:
    path: str
    version: str
    indirect: bool
    line: int


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"not UTF-8 text ({exc.reason})", path=path) from None


def _unquote(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    if token.startswith('"'):
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def _tokens(path: str, line: str, lineno: int) -> tuple[list[str], str | None]:
    """The tokens of one line and the text of its trailing comment, if any."""
    tokens: list[str] = []
    comment: str | None = None
    for match in _TOKEN.finditer(line):
        token = match.group()
        if token.startswith("//"):
            comment = token[2:].strip()
            break
        if token in {'"', "`"}:
            raise ManifestError("unterminated quoted string", path=path, line=lineno)
        tokens.append(token)
    return tokens, comment


def _is_indirect(comment: str | None) -> bool:
    return comment is not None and (comment == "indirect" or comment.startswith("indirect;"))


def exact_version(version: str) -> str | None:
    """The version when it is a valid Go module version (semver with a ``v``), else None."""
    return version if _GO_VERSION.fullmatch(version) else None


def version_key(version: str) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
    """Semantic-version order of a Go version; anything unparsable sorts lowest."""
    match = _SEMVER_PARTS.match(version)
    if match is None:
        return (-1, -1, -1, -1, ())
    major, minor, patch, pre = match.groups()
    if pre is None:
        return (int(major), int(minor), int(patch), 1, ())
    ids = tuple(
        (0, int(part), "") if part.isdigit() and len(part) <= 30 else (1, 0, part)
        for part in pre.split(".")
    )
    return (int(major), int(minor), int(patch), 0, ids)


def _is_local(target: str) -> bool:
    return (
        target.startswith(("./", "../", "/", ".\\", "..\\"))
        or target in {".", ".."}
        or (len(target) > 2 and target[1] == ":" and target[2] in "/\\")
    )


class _GoMod:
    """The directives of one go.mod that bear on dependencies."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.requires: list[_Require] = []
        self.replaces: dict[tuple[str, str | None], tuple[str, str | None]] = {}
        self.excludes: set[tuple[str, str]] = set()
        self.go: tuple[int, int] | None = None  # the ``go`` directive's language version

    def directive(self, verb: str, args: list[str], comment: str | None, lineno: int) -> None:
        if verb == "require":
            if len(args) != 2:
                raise ManifestError(
                    "require needs a module path and a version", path=self.path, line=lineno
                )
            path, version = (_unquote(a) for a in args)
            self.requires.append(_Require(path, version, _is_indirect(comment), lineno))
        elif verb == "replace":
            self._replace(args, lineno)
        elif verb == "exclude":
            if len(args) != 2:
                raise ManifestError(
                    "exclude needs a module path and a version", path=self.path, line=lineno
                )
            self.excludes.add((_unquote(args[0]), _unquote(args[1])))

    def _replace(self, args: list[str], lineno: int) -> None:
        if "=>" not in args:
            raise ManifestError("replace without =>", path=self.path, line=lineno)
        arrow = args.index("=>")
        old, new = [_unquote(a) for a in args[:arrow]], [_unquote(a) for a in args[arrow + 1 :]]
        if len(old) not in {1, 2} or len(new) not in {1, 2}:
            raise ManifestError(
                "replace needs 'path [version] => path [version]'", path=self.path, line=lineno
            )
        old_version = old[1] if len(old) == 2 else None
        if len(new) == 1 and not _is_local(new[0]):
            raise ManifestError(
                "a replacement without a version must be a directory path",
                path=self.path,
                line=lineno,
            )
        self.replaces[(old[0], old_version)] = (new[0], new[1] if len(new) == 2 else None)

    def dependencies(self, manifest: str) -> list[Dependency]:
        out: list[Dependency] = []
        for req in self.requires:
            name, version = req.path, req.version
            replacement = self.replaces.get((name, version)) or self.replaces.get((name, None))
            if replacement is not None:
                name, new_version = replacement
                if new_version is None:
                    continue  # a local directory: not an external package
                version = new_version
            exact = exact_version(version)
            if (name, version) in self.excludes:
                exact = None
            out.append(
                Dependency(
                    purl=checked_purl(ECOSYSTEM, manifest, name, exact, line=req.line),
                    ecosystem=ECOSYSTEM,
                    name=name,
                    version=exact,
                    constraint=version,
                    scope=Scope.RUNTIME,
                    direct=not req.indirect,
                    manifest=manifest,
                    line=req.line,
                )
            )
        return out


def parse_go_mod(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Requirements of a go.mod (see the module docstring)."""
    return _read_go_mod(path, data).dependencies(path)


def _read_go_mod(path: str, data: bytes) -> _GoMod:
    mod = _GoMod(path)
    block: str | None = None
    block_line = 0
    for lineno, line in enumerate(_decode(path, data).splitlines(), 1):
        tokens, comment = _tokens(path, line, lineno)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            elif block == "retract":
                continue  # version intervals, no dependency
            else:
                mod.directive(block, tokens, comment, lineno)
            continue
        verb, args = tokens[0], tokens[1:]
        if args == ["("]:
            block, block_line = verb, lineno
        elif args == ["(", ")"]:
            continue
        elif verb in {"require", "replace", "exclude"}:
            mod.directive(verb, args, comment, lineno)
        elif verb == "go" and len(args) == 1:
            match = _GO_DIRECTIVE.match(_unquote(args[0]))
            mod.go = (int(match.group(1)), int(match.group(2))) if match else None
        elif verb in {"(", ")"}:
            raise ManifestError(f"unexpected {verb!r}", path=path, line=lineno)
    if block is not None:
        raise ManifestError(f"{block} block is never closed", path=path, line=block_line)
    return mod


def _build_modules(go_sum: str, ctx: ManifestContext) -> set[str] | None:
    """Modules the go.mod beside ``go_sum`` requires, when it lists the whole build (Go 1.17+)."""
    go_mod = posixpath.join(posixpath.dirname(go_sum), "go.mod")
    data = ctx.read(go_mod)
    if data is None:
        return None
    try:
        mod = _read_go_mod(go_mod, data)
    except ManifestError:
        return None
    if mod.go is None or mod.go < PRUNED_GRAPH:
        return None
    return {dep.name for dep in mod.dependencies(go_mod)}


def parse_go_sum(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every module version a go.sum verifies (see the module docstring)."""
    seen: dict[str, dict[str, tuple[bool, int]]] = {}  # module → version → (full line, line)
    for lineno, line in enumerate(_decode(path, data).splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 3:
            raise ManifestError(
                "expected 'module version hash' on each line", path=path, line=lineno
            )
        module, version = fields[0], fields[1]
        full = not version.endswith("/go.mod")
        version = version.removesuffix("/go.mod")
        versions = seen.setdefault(module, {})
        before = versions.get(version)
        if before is None:
            versions[version] = (full, lineno)
        elif full and not before[0]:
            versions[version] = (True, lineno)
    build = _build_modules(path, ctx)
    out: list[Dependency] = []
    for module, versions in seen.items():
        if build is not None and module not in build:
            continue  # only read to load the module graph: no package of it is built
        ordered = sorted(
            versions.items(), key=lambda item: (item[1][0], version_key(item[0])), reverse=True
        )
        for version, (_full, lineno) in ordered:
            exact = exact_version(version)
            out.append(
                Dependency(
                    purl=checked_purl(ECOSYSTEM, path, module, exact, line=lineno),
                    ecosystem=ECOSYSTEM,
                    name=module,
                    version=exact,
                    constraint=None,
                    scope=Scope.RUNTIME,
                    direct=False,
                    manifest=path,
                    line=lineno,
                )
            )
    return out
