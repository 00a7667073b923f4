"""Upstream mirrors: the open-source projects the organisation contributes to.

``[sources] upstream`` lists clones or bare mirrors of upstream projects (paths or globs,
relative to the workspace). They are *not* the organisation's repositories:
:func:`organisation_refs` is the one place the organisation's repository set leaves them out
(``lodestar scan``, ``history``, the queue's sources all go through it), so no inventory,
verdict, drift, coverage or people figure ever counts them, even when a ``paths`` glob also
finds them.

They are read for one thing, at evaluation time and through the git door
(:func:`read_upstream`): the commits the organisation's people authored there. Who belongs to
the organisation is what Lodestar already knows (:class:`OrgPeople`): an email of a known
person (the mined history's people, ``people.toml``), or an address on one of the
organisation's own domains (``people.own_domains``, else the inferred ones). Two ``git log``
runs: one over every commit's author, date and ``Signed-off-by`` trailers (no diff: 0.25 s for
pip's 16,238 commits), one ``--numstat`` over the organisation's commits only (1.7 s in all
for pip with its most frequent committer counted as the organisation's: 2,161 commits).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.errors import GitError
from lodestar.gitio import GitRepository
from lodestar.records import Identity, RepositoryRef
from lodestar.records.ip_observed import UpstreamCommit, UpstreamProject
from lodestar.scan import expand_sources
from lodestar.scan.discover import discover
from lodestar.scan.people_file import load_people
from lodestar.scan.people_merge import infer_own_domains
from lodestar.store import forget_repositories

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lodestar.settings import Workspace

__all__ = [
    "MAX_UPSTREAM_COMMITS",
    "OrgPeople",
    "forget_upstream",
    "organisation_refs",
    "read_upstream",
    "upstream_projects",
    "upstream_refs",
]

UPSTREAM_CACHE = ".lodestar/upstream"  # per mirror, each commit's line counts (immutable)
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
MAX_UPSTREAM_COMMITS = 2_000_000  # commits read per upstream mirror at most
_CONFIG: tuple[str, ...] = ("-c", "log.mailmap=false", "-c", "mailmap.file=", "-c", "mailmap.blob=")
_CONFIG += ("-c", "core.quotePath=true", "-c", "color.ui=false", "-c", "diff.external=")
_RS, _US, _TS = "\x1e", "\x1f", "\x1d"  # record, field and trailer separators
# one commit a NUL-terminated record (``-z``: a message cannot hold NUL), the subject last so
# that separator bytes in it stay in it
_FORMAT = f"%H{_US}%ae{_US}%aI{_US}%(trailers:key=Signed-off-by,valueonly,separator=%x1d){_US}%s"
_TIMEOUT = 600.0


def upstream_refs(ws: Workspace) -> list[RepositoryRef]:
    """The upstream mirrors ``[sources] upstream`` names, each once."""
    roots = expand_sources(ws.settings.sources.upstream, ws.root)
    return discover(roots, max_depth=ws.settings.sources.max_depth) if roots else []


def organisation_refs(ws: Workspace, refs: Iterable[RepositoryRef]) -> list[RepositoryRef]:
    """``refs`` without the upstream mirrors: the organisation's own repositories."""
    upstream = {os.path.realpath(r.path) for r in upstream_refs(ws)}
    return [r for r in refs if os.path.realpath(r.path) not in upstream]


def forget_upstream(ws: Workspace, engine: Engine) -> list[str]:
    """Delete from the store every repository that is now an upstream mirror (a repository
    scanned as the organisation's before ``[sources] upstream`` named it): its inventory,
    history and snapshots would otherwise stay among the organisation's figures, and its
    authors among the organisation's people. Returns the names forgotten."""
    paths: set[str] = set()
    for ref in upstream_refs(ws):
        paths.update((ref.path, os.path.realpath(ref.path)))
    return forget_repositories(engine, paths)


@dataclass(frozen=True, slots=True)
class OrgPeople:
    """Who is the organisation: known emails (lower case) -> person key, and own domains."""

    emails: Mapping[str, str]
    domains: tuple[str, ...] = ()

    @classmethod
    def of(cls, ws: Workspace, identities: Mapping[str, Identity]) -> OrgPeople:
        """The people the store knows (bots left out), ``people.toml``'s, and the own domains
        (``people.own_domains``, else inferred from the known people's emails)."""
        emails: dict[str, str] = {}
        for key, identity in identities.items():
            if not identity.bot:
                for email in (key, *identity.emails):
                    emails.setdefault(email.lower(), key)
        for alias in load_people(ws.root):
            for email in (alias.key, *alias.emails):
                emails.setdefault(email.lower(), alias.key)
        domains = tuple(d.lower() for d in ws.settings.people.own_domains)
        return cls(emails, domains or infer_own_domains(emails))

    def person_of(self, email: str) -> str | None:
        """The person key of an author email, or None when not the organisation's."""
        lowered = email.strip().lower()
        key = self.emails.get(lowered)
        if key is not None:
            return key
        domain = lowered.rpartition("@")[2]
        return lowered if "@" in lowered and domain in self.domains else None


def read_upstream(
    ref: RepositoryRef, people: OrgPeople, *, label: str | None = None, cache: Path | None = None
) -> UpstreamProject:
    """The organisation's commits in one upstream mirror (its HEAD's history); a mirror git
    cannot read is an :class:`UpstreamProject` with ``error`` set, never an exception.

    ``cache``: a folder keeping each commit's line counts by commit id (a commit's diff never
    changes), so a later run diffs only the commits it has not seen."""
    name = Path(ref.path).name.removesuffix(".git") if ref.bare else ref.name
    where = label or ref.path
    try:
        repo = GitRepository(ref.path)
        url = _origin(repo)
        raw = repo.run(
            [*_CONFIG, "log", "-z", f"--format={_FORMAT}", "HEAD", "--"], timeout=_TIMEOUT
        )
    except GitError as exc:
        return UpstreamProject(name, where, error=str(exc))
    found: list[UpstreamCommit] = []
    read = 0
    for record in raw.decode("utf-8", "replace").split("\0")[:MAX_UPSTREAM_COMMITS]:
        if not record:
            continue
        read += 1
        commit = _commit(record, people)
        if commit is not None:
            found.append(commit)
    try:
        found = _with_lines(repo, found, cache / f"{name}.json" if cache else None)
    except GitError as exc:
        return UpstreamProject(name, where, url, tuple(reversed(found)), read, str(exc))
    return UpstreamProject(name, where, url, tuple(reversed(found)), read)


def _origin(repo: GitRepository) -> str | None:
    out = repo.run(["config", "--get", "remote.origin.url"], check=False)
    text = out.decode("utf-8", "replace").strip()
    return text or None


def _commit(record: str, people: OrgPeople) -> UpstreamCommit | None:
    fields = record.split(_US, 4)
    if len(fields) != 5:
        return None
    sha, email, date, trailers, subject = fields
    person = people.person_of(email)
    if person is None:
        return None
    try:
        when = dt.datetime.fromisoformat(date.strip())
    except ValueError:
        return None
    wanted = email.strip().lower()
    signed = any(wanted in value.lower() for value in trailers.split(_TS) if value.strip())
    return UpstreamCommit(sha.strip(), person, email.strip(), when, 0, 0, signed, subject.strip())


def _cached_lines(path: Path | None) -> dict[str, tuple[int, int]]:
    """The line counts kept at ``path`` (ours, but a damaged file only costs a re-diff)."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        return {
            str(sha): (int(v[0]), int(v[1]))
            for sha, v in data.get("lines", {}).items()
            if _SHA.fullmatch(str(sha))
        }
    except (OSError, ValueError, TypeError, AttributeError, IndexError):
        return {}


def _keep_lines(path: Path, lines: Mapping[str, tuple[int, int]]) -> None:
    """Write the line counts atomically (a killed run leaves the old file or the new one)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"lines": dict(sorted(lines.items()))}), "utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a cache: the next run diffs again


def _with_lines(
    repo: GitRepository, commits: Sequence[UpstreamCommit], cache: Path | None = None
) -> list[UpstreamCommit]:
    """``commits`` with their added and deleted lines (one ``git log --numstat --no-walk`` over
    the commits ``cache`` does not hold yet)."""
    if not commits:
        return []
    lines = _cached_lines(cache)
    missing = [c for c in commits if c.sha not in lines]
    if missing:
        lines.update(_numstat(repo, missing))
        if cache is not None:
            _keep_lines(cache, lines)
    out = []
    for c in commits:
        added, deleted = lines.get(c.sha, (0, 0))
        out.append(
            UpstreamCommit(
                c.sha, c.person, c.email, c.when, added, deleted, c.signed_off, c.subject
            )
        )
    return out


def _numstat(repo: GitRepository, commits: Sequence[UpstreamCommit]) -> dict[str, tuple[int, int]]:
    """Each commit's added and deleted lines, by commit id."""
    stdin = "".join(f"{c.sha}\n" for c in commits).encode()
    args = [*_CONFIG, "log", "--no-walk=unsorted", "--stdin", "--numstat", "--no-renames"]
    raw = repo.run(
        [*args, "--no-ext-diff", "--no-textconv", f"--format={_RS}%H"],
        input_bytes=stdin,
        timeout=_TIMEOUT,
    )
    lines: dict[str, tuple[int, int]] = {}
    for record in raw.decode("utf-8", "replace").split(_RS)[1:]:
        head, _, body = record.partition("\n")
        added = deleted = 0
        for row in body.splitlines():
            parts = row.split("\t", 2)
            if len(parts) == 3:
                added += int(parts[0]) if parts[0].isdigit() else 0
                deleted += int(parts[1]) if parts[1].isdigit() else 0
        lines[head.strip()] = (added, deleted)
    return lines


def upstream_projects(
    ws: Workspace, identities: Mapping[str, Identity]
) -> tuple[UpstreamProject, ...]:
    """Every upstream mirror with the organisation's contributions to it, by name."""
    refs = upstream_refs(ws)
    if not refs:
        return ()
    people = OrgPeople.of(ws, identities)
    out = []
    for ref in refs:
        path = Path(ref.path)
        label = os.path.relpath(path, ws.root) if path.is_relative_to(ws.root) else str(path)
        out.append(read_upstream(ref, people, label=label, cache=ws.root / UPSTREAM_CACHE))
    return tuple(sorted(out, key=lambda p: p.name))
