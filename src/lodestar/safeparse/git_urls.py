"""Git remote URLs read as git reads them, refused unless plainly a fetchable remote.

A URL from ``lodestar.toml``, a list file or a forge's API answer is hostile input: git reads
``ext::sh -c …`` as "run this command", ``fd::`` as "talk to these file descriptors", any
``<transport>::<address>`` as "start ``git-remote-<transport>``", and a host starting with ``-``
as an option to ssh. :func:`parse_git_url` accepts exactly four transports (:data:`SCHEMES`):

* ``https://host[:port]/path`` and ``git://host[:port]/path``;
* ``ssh://[user@]host[:port]/path`` and the scp-like ``user@host:path`` (git's own rule: a colon
  before the first slash, no ``://``);
* ``file:///absolute/path`` (a local bare repository, through the transport, never hard links).

Everything else is refused with a :class:`~lodestar.errors.UsageError` that says why: another
scheme (``http``, ``ext``, ``fd``, ``ftp``, ``foo+ssh``), a ``::`` transport, credentials in the
URL (a token in a URL would be written into the mirror's configuration: name an environment
variable in ``token_env`` instead), whitespace or control characters, a host or path starting
with ``-``, or ``..`` segments. The parsed :class:`GitUrl` also yields the mirror folder's
readable, collision-free relative path (``host/owner/name.git``).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from lodestar.errors import UsageError

__all__ = ["MAX_URL_CHARS", "SCHEMES", "GitUrl", "parse_git_url"]

SCHEMES: tuple[str, ...] = ("https", "ssh", "git", "file")
MAX_URL_CHARS = 2048
_SCP = re.compile(r"(?:(?P<user>[A-Za-z0-9._-]+)@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>.+)")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")
_SEGMENT = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True, slots=True)
class GitUrl:
    """A remote URL that passed :func:`parse_git_url`."""

    url: str  # as given; what git is asked to fetch
    scheme: str  # one of SCHEMES ("ssh" for the scp-like form)
    host: str  # lower case; "" for file://
    port: int | None
    path: str  # without leading or trailing slashes, without a trailing ".git"

    @property
    def host_key(self) -> str:
        """What the per-host concurrency limit counts by (``local`` for file://)."""
        return self.host if self.port is None else f"{self.host}:{self.port}"

    @property
    def name(self) -> str:
        """The repository's name: its path below the host (``acme/api``); a local file's last
        segment only (``api``), since the rest is where it happens to sit on disk."""
        return self.path.rsplit("/", 1)[-1] if self.scheme == "file" else self.path

    def mirror_path(self) -> str:
        """The mirror folder, relative: ``host[_port]/owner/…/name.git``; every segment is
        reduced to ``[A-Za-z0-9._-]`` (others become ``_``), so no two hosts or paths meet in one
        folder unless they differ only in those characters."""
        host = "local" if self.scheme == "file" else self.host.strip("[]").replace(":", "_")
        if self.port is not None:
            host += f"_{self.port}"
        segments = [_SEGMENT.sub("_", s) for s in self.path.split("/") if s]
        return "/".join([host, *segments[:-1], segments[-1] + ".git"])


def _refuse(url: str, why: str) -> UsageError:
    shown = url if len(url) <= 200 else url[:200] + "…"
    return UsageError(f"{shown!r}: {why}")


def _clean_path(url: str, raw: str) -> str:
    path = urllib.parse.unquote(raw).strip("/")
    if path.endswith(".git"):
        path = path[:-4].rstrip("/")
    parts = path.split("/")
    if not path or any(p in ("", ".", "..") for p in parts):
        raise _refuse(url, "the path is empty or has empty, '.' or '..' segments")
    if any(p.startswith("-") for p in parts):
        raise _refuse(url, "a path segment starts with '-'; git would read it as an option")
    return path


def _parse_scp(url: str) -> GitUrl:
    match = _SCP.fullmatch(url)
    if match is None:
        raise _refuse(
            url,
            "not a git URL; use https://, ssh://, git://, file:// or user@host:path",
        )
    host = match.group("host")
    if not _HOST.fullmatch(host):
        raise _refuse(url, f"{host!r} is not a host name")
    return GitUrl(url, "ssh", host.lower(), None, _clean_path(url, match.group("path")))


def _parse_scheme(url: str) -> GitUrl:
    scheme = url.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        raise _refuse(
            url,
            f"transport {scheme!r} is not allowed; use one of {', '.join(SCHEMES)} "
            "(http sends credentials in clear and other transports run commands)",
        )
    parts = urllib.parse.urlsplit(url)
    if parts.query or parts.fragment:
        raise _refuse(url, "a git URL has no query or fragment")
    if parts.password is not None or (parts.username is not None and scheme != "ssh"):
        raise _refuse(
            url,
            "credentials in the URL would be written into the mirror's configuration; "
            "name an environment variable with the token instead (token_env)",
        )
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise _refuse(url, "a file:// URL names a local path: file:///absolute/path")
        return GitUrl(url, "file", "", None, _clean_path(url, parts.path))
    host = parts.hostname or ""
    if not _HOST.fullmatch(parts.netloc.rsplit("@", 1)[-1].rsplit(":", 1)[0] or "-"):
        raise _refuse(url, f"{parts.netloc!r} is not a host name")
    try:
        port = parts.port
    except ValueError as exc:
        raise _refuse(url, f"bad port: {exc}") from None
    return GitUrl(url, scheme, host.lower(), port, _clean_path(url, parts.path))


def parse_git_url(text: str) -> GitUrl:
    """The :class:`GitUrl` of ``text``; UsageError naming the URL and the reason otherwise."""
    url = text.strip()
    if not url:
        raise UsageError("an empty git URL")
    if len(url) > MAX_URL_CHARS:
        raise _refuse(url, f"longer than {MAX_URL_CHARS} characters")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise _refuse(url, "whitespace or control characters in a git URL")
    if url.startswith("-"):
        raise _refuse(url, "starts with '-'; git would read it as an option")
    if "::" in url.split("://", 1)[0] or url.split(":", 1)[0].lower() in ("ext", "fd"):
        raise _refuse(url, "a '<transport>::' address runs a remote helper; refused")
    if "://" in url:
        return _parse_scheme(url)
    return _parse_scp(url)
