"""Dockerfiles and Containerfiles: the base images of every build stage.

Read statically, instruction by instruction:

* physical lines are joined on the escape character (``\\``, or the one a ``# escape=``` ``
  parser directive sets); comment lines inside a continuation are dropped, and here-document
  bodies (``RUN <<EOF … EOF``) are skipped, so a ``FROM`` inside a heredoc is not an image;
* ``ARG`` defaults declared **before the first FROM** (the only ARGs a FROM can see) are
  substituted: ``$V``, ``${V}``, ``${V:-default}``, ``${V:+alternative}``; an ARG without a
  default stays unresolved (see :mod:`docker_refs` for what an unresolved tag gives);
* ``FROM [--platform=…] image [AS name]``: a FROM naming an earlier stage (case-insensitively)
  is that stage, not an image; ``scratch`` is nothing;
* ``COPY --from=image`` and ``RUN --mount=…,from=image`` name images too (a stage name or a
  stage index does not).

Scope: the image the **final** stage is built on (following stage references, so
``FROM builder AS final`` counts builder's base) is ``runtime``, and so is an image the final
stage copies files from; every other image is ``build``. The parser cannot know a
``docker build --target`` or ``--build-arg`` given on a command line, nor what a platform
argument selects; it reads the file as committed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.docker.refs import image_dependency, substitute
from lodestar.scan.ecosystems.registry import ManifestContext

_DIRECTIVE = re.compile(r"#\s*escape\s*=\s*([\\`])\s*$", re.IGNORECASE)
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
MAX_INSTRUCTIONS = 100_000


@dataclass(slots=True)
class _Stage:
    name: str | None
    base: str  # the image reference, after ARG substitution
    line: int
    parent: int | None = None  # index of the stage this one is built FROM
    copies: list[tuple[str, int]] = field(default_factory=list)  # images named by --from


def _instructions(text: str) -> list[tuple[str, str, int]]:
    """(keyword, arguments, first line) of each instruction, continuations joined."""
    lines = text.splitlines()
    escape = "\\"
    for raw in lines:  # parser directives come first, before any instruction or comment
        match = _DIRECTIVE.match(raw.strip())
        if match is None:
            break
        escape = match.group(1)
    out: list[tuple[str, str, int]] = []
    i = 0
    while i < len(lines) and len(out) < MAX_INSTRUCTIONS:
        start = i
        stripped = lines[i].strip()
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        parts = [stripped]
        while parts[-1].endswith(escape) and i < len(lines):
            parts[-1] = parts[-1][:-1]
            nxt = lines[i].strip()
            i += 1
            if nxt.startswith("#"):  # a comment inside a continuation is dropped
                parts.append(escape)
                continue
            parts.append(nxt)
        joined = " ".join(p for p in parts if p and p != escape)
        keyword, _, args = joined.partition(" ")
        keyword = keyword.upper()
        if keyword in _HEREDOC_INSTRUCTIONS:
            for _dash, _quote, word in _HEREDOC.findall(args):
                while i < len(lines) and lines[i].strip() != word:
                    i += 1
                i += 1  # the terminator
        out.append((keyword, args.strip(), start + 1))
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _declare_args(arguments: str, args: dict[str, str]) -> None:
    for token in arguments.split():
        name, eq, default = token.partition("=")
        if eq:
            args[name] = substitute(_unquote(default), args)
        # an ARG without a default stays unknown: --build-arg supplies it at build time


def _from_options(arguments: str) -> list[str]:
    """The ``--from`` images of a COPY/ADD and the ``from=`` of RUN ``--mount`` options."""
    found: list[str] = []
    for token in arguments.split():
        if not token.startswith("--"):
            break
        if token.startswith("--from="):
            found.append(_unquote(token[len("--from=") :]))
        elif token.startswith("--mount="):
            for option in token[len("--mount=") :].split(","):
                key, _, value = option.partition("=")
                if key == "from":
                    found.append(_unquote(value))
    return found


def _stages(text: str) -> list[_Stage]:
    args: dict[str, str] = {}
    stages: list[_Stage] = []
    names: dict[str, int] = {}
    for keyword, arguments, line in _instructions(text):
        if keyword == "ARG" and not stages:
            _declare_args(arguments, args)
        elif keyword == "FROM":
            words = [w for w in arguments.split() if not w.startswith("--")]
            if not words:
                continue
            base = substitute(words[0], args)
            alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stage = _Stage(alias.lower() if alias else None, base, line)
            stage.parent = names.get(base.lower())
            if alias:
                names[alias.lower()] = len(stages)
            stages.append(stage)
        elif keyword in {"COPY", "ADD", "RUN"} and stages:
            for source in _from_options(arguments):
                stages[-1].copies.append((substitute(source, args), line))
    return stages


def _is_stage(source: str, stages: list[_Stage], names: set[str]) -> bool:
    index = source.isascii() and source.isdigit() and len(source) <= 9
    return source.lower() in names or (index and int(source) < len(stages))


def parse_dockerfile(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Base images (and ``--from`` images) of a Dockerfile; see the module docstring."""
    del ctx  # a Dockerfile stands alone
    if posixpath.basename(path).endswith(".dockerignore"):
        return []  # Dockerfile.dockerignore: BuildKit's per-Dockerfile ignore file
    stages = _stages(data.decode("utf-8", errors="replace"))
    if not stages:
        return []
    final = len(stages) - 1
    runtime_root = _root(stages, final)
    names = {s.name for s in stages if s.name}
    deps: list[Dependency | None] = []
    for index, stage in enumerate(stages):
        if stage.parent is None:
            scope = Scope.RUNTIME if index == runtime_root else Scope.BUILD
            deps.append(image_dependency(stage.base, manifest=path, line=stage.line, scope=scope))
        for source, line in stage.copies:
            if not _is_stage(source, stages, names):
                scope = Scope.RUNTIME if index == final else Scope.BUILD
                deps.append(image_dependency(source, manifest=path, line=line, scope=scope))
    found = sorted((d for d in deps if d is not None), key=lambda d: d.scope != Scope.RUNTIME)
    kept: dict[str, Dependency] = {}
    for dep in found:  # an image used at runtime and in a build stage counts once, as runtime
        kept.setdefault(dep.purl, dep)
    return sorted(kept.values(), key=lambda d: d.line or 0)


def _root(stages: list[_Stage], index: int) -> int:
    """The stage whose image the given stage is ultimately built on."""
    while (parent := stages[index].parent) is not None:  # always an earlier stage
        index = parent
    return index
