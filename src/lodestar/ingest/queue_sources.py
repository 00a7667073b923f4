"""The repositories the queue scans: local folders and remote sources, and a remote source as a
job argument.

A local repository's job names its path; a remote source's job carries the source itself (URL,
name, mirror folder, forge metadata, the *name* of the token's environment variable — never a
token), so the worker that takes it refreshes the mirror first (:func:`mirror_fetch`, through
:func:`lodestar.ingest.refresh_mirror` and the hardened git door) and then scans the mirror.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from lodestar.errors import JobError
from lodestar.ingest.mirrors import MirrorOptions, refresh_mirror
from lodestar.ingest.process import Fetch
from lodestar.ingest.resolve import has_remote_sources, resolve_sources
from lodestar.ingest.sources import Source, Warn
from lodestar.ingest.upstream import organisation_refs
from lodestar.records import RemoteInfo, RepositoryRef
from lodestar.scan import expand_sources
from lodestar.scan.discover import discover
from lodestar.settings import Workspace


def workspace_repositories(
    ws: Workspace, warn: Warn | None = None
) -> tuple[list[RepositoryRef], list[Source]]:
    """The repositories under ``sources.paths`` and the remote sources ``[sources]`` names
    (a source that cannot be listed is one ``warn`` call)."""
    roots = expand_sources(ws.settings.sources.paths, ws.root)
    local = discover(roots, max_depth=ws.settings.sources.max_depth) if roots else []
    remote = resolve_sources(ws, warn) if has_remote_sources(ws) else []
    mirrors = {str(s.mirror) for s in remote}
    return organisation_refs(ws, [r for r in local if r.path not in mirrors]), remote


def source_args(source: Source) -> dict[str, Any]:
    """A source as JSON, to travel in a job's arguments."""
    return {
        "url": source.url,
        "name": source.name,
        "mirror": str(source.mirror),
        "host": source.host,
        "origin": source.origin,
        "token_env": source.token_env,
        "forge": source.forge,
        "remote": {**asdict(source.remote), "topics": list(source.remote.topics)},
    }


def source_from(args: dict[str, Any]) -> Source:
    """The source :func:`source_args` wrote."""
    remote = dict(args["remote"])
    remote["topics"] = tuple(remote.get("topics") or ())
    return Source(
        url=str(args["url"]),
        name=str(args["name"]),
        mirror=Path(args["mirror"]),
        host=str(args["host"]),
        origin=str(args["origin"]),
        remote=RemoteInfo(**remote),
        token_env=args.get("token_env"),
        forge=args.get("forge"),
    )


def mirror_fetch(ws: Workspace, args: dict[str, Any]) -> Fetch:
    """The fetch step of a remote source's job: clone or fetch its mirror (``[sources]``
    timeout and retries), then read the mirror; a mirror that cannot be refreshed fails the
    job (:class:`~lodestar.errors.JobError`, retried with back-off)."""
    source = source_from(args)

    def fetch(_ref: RepositoryRef) -> RepositoryRef:
        outcome = refresh_mirror(source, MirrorOptions.from_settings(ws.settings.sources))
        if not outcome.ok:
            raise JobError(f"mirror of {source.name}: {outcome.error}")
        return source.ref()

    return fetch
