"""The workspace's remote sources, resolved into one list of repositories to mirror.

``[sources]`` names remote repositories three ways (local ``paths`` are discovered as before,
:func:`lodestar.scan.discover`):

* ``urls`` — git URLs, each checked by :func:`lodestar.safeparse.parse_git_url`;
* ``lists`` — files of URLs, one a line, ``#`` starting a comment, relative to the workspace;
  a bad line is a warning naming ``file:line``, the other lines go on;
* ``forges`` — a GitHub organisation or GitLab group listed through its API
  (:mod:`lodestar.ingest.forges`); a listing that fails is a warning, the others go on.

Each repository becomes one :class:`Source`: its URL, its name (the path below the host,
``acme/api``, as the forge spells it; a ``file://`` repository's last segment), its mirror
folder (``<mirrors>/<host>/<owner>/<name>.git``: readable, stable, one folder per remote
repository) and what its forge said of it (:class:`~lodestar.records.RemoteInfo`). The same
mirror folder named twice (a URL and a forge listing, say) is one source, the forge's metadata
kept; two repositories with the same name on two hosts are told apart by their host
(``gitlab.example.com/acme/api``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lodestar.errors import UsageError
from lodestar.records import RemoteInfo, RepositoryRef
from lodestar.safeparse import GitUrl, parse_git_url, scrub_url

MAX_LIST_BYTES = 16 << 20
MAX_LIST_LINES = 1_000_000

Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Source:
    """One remote repository to mirror (and then scan like any local one)."""

    url: str  # what git fetches (checked by parse_git_url)
    name: str  # the repository's name in the store: owner/name
    mirror: Path  # its bare mirror, absolute
    host: str  # what the per-host concurrency limit counts by
    origin: str  # where it was named: "sources.urls", "repos.txt:3", "github:acme"
    remote: RemoteInfo
    token_env: str | None = None  # the environment variable of an https clone's token
    forge: str | None = None  # "github" | "gitlab": how the token is presented

    def ref(self) -> RepositoryRef:
        """The repository the scan reads: the bare mirror, under the remote's name."""
        return RepositoryRef(self.name, str(self.mirror), bare=True)


def source_for(
    url: str,
    mirrors: Path,
    *,
    origin: str,
    remote: RemoteInfo | None = None,
    token_env: str | None = None,
) -> Source:
    """The Source of one URL; UsageError when the URL is refused (see parse_git_url)."""
    parsed: GitUrl = parse_git_url(url)
    info = remote or RemoteInfo(url=scrub_url(parsed.url))
    return Source(
        url=parsed.url,
        name=parsed.name,
        mirror=mirrors / parsed.mirror_path(),
        host=parsed.host_key or "local",
        origin=origin,
        remote=info,
        token_env=token_env,
        forge=info.forge,
    )


def read_url_list(path: Path, mirrors: Path, warn: Warn) -> list[Source]:
    """Every good URL of a list file; each bad line is one warning naming ``path:line``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        warn(f"{path}: cannot read the URL list ({exc.strerror or exc}); fix sources.lists")
        return []
    if len(data) > MAX_LIST_BYTES:
        warn(f"{path}: over {MAX_LIST_BYTES:,} bytes; only the first part is read")
        data = data[:MAX_LIST_BYTES].rsplit(b"\n", 1)[0]
    out = []
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines()[:MAX_LIST_LINES], 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        try:
            out.append(source_for(line, mirrors, origin=f"{path.name}:{number}"))
        except UsageError as exc:
            warn(f"{path}:{number}: {exc}")
    return out
