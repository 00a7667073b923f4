"""Workspaces: which directories belong to an npm, Yarn, pnpm or Bun workspace, and their names.

A workspace root declares member globs in its ``package.json`` — ``"workspaces": [...]`` (npm,
Yarn, Bun) or Yarn classic's ``{"packages": [...], "nohoist": [...]}`` — or, for pnpm, in
``pnpm-workspace.yaml`` (``packages: [...]``). Patterns are relative to the root; ``*`` matches
within one path segment, ``**`` any number of segments, ``{a,b}`` alternatives, ``!pattern``
excludes. A member is a directory matching a pattern that holds a committed ``package.json``
(never under ``node_modules``).

Parsers use this to leave workspace members out of external dependencies (a member depending on
its sibling ``@acme/ui`` depends on the organisation's own code) and, for lock files that do not
record what the project declares (package-lock v1, Yarn), to find the declaring manifests.
What it cannot see: members outside the committed tree, and globs that only match once a build
step has generated a directory.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from lodestar.errors import ManifestError
from lodestar.safeparse import LOCK_YAML, load_json, load_yaml
from lodestar.scan.ecosystems.registry import ManifestContext

MAX_MEMBERS = 2000  # members read per workspace; beyond this, names are not checked
MAX_PATTERNS = 200
MAX_PATTERN_LENGTH = 500
MAX_ANCESTORS = 32
_BRACES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Importer:
    """A package.json of the project: the workspace root or one of its members."""

    directory: str  # relative to the repository root; "" for the root
    manifest: Mapping[str, object]

    @property
    def name(self) -> str | None:
        name = self.manifest.get("name")
        return name if isinstance(name, str) else None


def join(directory: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(directory, path)) if directory else path


def read_manifest(ctx: ManifestContext, path: str) -> dict[str, object] | None:
    """A committed package.json as a mapping; None when missing or unreadable."""
    data = ctx.read(path)
    if data is None:
        return None
    try:
        doc = load_json(path, data)
    except ManifestError:
        return None
    return doc if isinstance(doc, dict) else None


def _expand(pattern: str) -> list[str]:
    """``{a,b}`` alternatives expanded (at most 64 results)."""
    out = [pattern]
    for _ in range(6):
        nxt: list[str] = []
        for item in out:
            match = _BRACES.search(item)
            if match is None:
                nxt.append(item)
                continue
            nxt.extend(
                item[: match.start()] + alt + item[match.end() :]
                for alt in match.group(1).split(",")
            )
        out = nxt[:64]
        if not any(_BRACES.search(item) for item in out):
            break
    return out


def _segments(pattern: str) -> list[str]:
    parts = [p for p in pattern.strip().split("/") if p not in ("", ".")]
    collapsed: list[str] = []
    for part in parts:
        if not (part == "**" and collapsed and collapsed[-1] == "**"):
            collapsed.append(part)
    return collapsed


def _matches(pattern: list[str], path: list[str]) -> bool:
    """Segment-wise glob match; ``**`` spans zero or more segments."""
    reachable = {0}
    for seg in pattern:
        if seg == "**":
            reachable = set(range(min(reachable), len(path) + 1))
        else:
            reachable = {j + 1 for j in reachable if j < len(path) and fnmatchcase(path[j], seg)}
        if not reachable:
            return False
    return len(path) in reachable


def patterns_of(ctx: ManifestContext, directory: str, manifest: Mapping[str, object]) -> list[str]:
    """Member globs a workspace root at ``directory`` declares (package.json or pnpm)."""
    raw = manifest.get("workspaces")
    if isinstance(raw, dict):
        raw = raw.get("packages")
    found = [p for p in raw if isinstance(p, str)] if isinstance(raw, list) else []
    pnpm = ctx.read(join(directory, "pnpm-workspace.yaml"))
    if pnpm is not None:
        try:
            docs = load_yaml("pnpm-workspace.yaml", pnpm.decode("utf-8-sig"), LOCK_YAML)
        except (ManifestError, UnicodeDecodeError):
            docs = []
        for doc in docs:
            if isinstance(doc, dict) and isinstance(doc.get("packages"), list):
                found.extend(p for p in doc["packages"] if isinstance(p, str))
    return [p for p in found if len(p) <= MAX_PATTERN_LENGTH][:MAX_PATTERNS]


@functools.lru_cache(maxsize=4)
def _manifest_dirs(files: frozenset[str]) -> tuple[str, ...]:
    """Directories holding a package.json, outside node_modules, sorted. Cached per tree (by the
    frozenset of paths only, never the reader), so a monorepo's members share one pass."""
    return tuple(
        sorted(
            path[: -len("/package.json")]
            for path in files
            if path.endswith("/package.json") and "node_modules" not in path.split("/")
        )
    )


def member_dirs(ctx: ManifestContext, directory: str, patterns: list[str]) -> list[str]:
    """Directories under ``directory`` that the patterns select and that hold a package.json."""
    include: list[list[str]] = []
    exclude: list[list[str]] = []
    for pattern in patterns:
        negated = pattern.startswith("!")
        for expanded in _expand(pattern.lstrip("!")):
            (exclude if negated else include).append(_segments(expanded))
    if not include:
        return []
    prefix = f"{directory}/" if directory else ""
    out: list[str] = []
    for candidate in _manifest_dirs(ctx.files):
        if not candidate.startswith(prefix):
            continue
        rel = candidate[len(prefix) :].split("/")
        if any(_matches(p, rel) for p in include) and not any(_matches(p, rel) for p in exclude):
            out.append(candidate)
            if len(out) >= MAX_MEMBERS:
                break
    return out


def importers(
    ctx: ManifestContext,
    directory: str,
    root: Mapping[str, object] | None = None,
    members: list[str] | None = None,
) -> list[Importer]:
    """The package.json at ``directory`` (read through ``ctx`` unless given) and its workspace
    members (found from its globs unless given); empty when the root cannot be read."""
    if root is None:
        root = read_manifest(ctx, join(directory, "package.json"))
        if root is None:
            return []
    if members is None:
        members = member_dirs(ctx, directory, patterns_of(ctx, directory, root))
    out = [Importer(directory, root)]
    for member in members:
        manifest = read_manifest(ctx, f"{member}/package.json")
        if manifest is not None:
            out.append(Importer(member, manifest))
    return out


def local_names(ctx: ManifestContext, path: str, manifest: Mapping[str, object]) -> set[str]:
    """Names of the workspace packages that the package.json at ``path`` can depend on locally:
    its own members when it is a workspace root, else its siblings (and their root) when an
    ancestor's workspace includes it.

    Cost: a member's parse reads every sibling's package.json, so a workspace of n members costs
    n² small reads over a whole scan.
    """
    directory = posixpath.dirname(path)
    if patterns_of(ctx, directory, manifest):
        return {n for imp in importers(ctx, directory, manifest) if (n := imp.name)}
    current = directory
    for _ in range(MAX_ANCESTORS):
        if current in ("", ".", "/"):
            break
        current = posixpath.dirname(current)
        root = read_manifest(ctx, join(current, "package.json"))
        if root is None:
            continue
        members = member_dirs(ctx, current, patterns_of(ctx, current, root))
        if directory in members:
            return {n for imp in importers(ctx, current, root, members) if (n := imp.name)}
    return set()
