"""A forge organisation's or group's repositories, listed through the forge's REST API.

* GitHub: ``GET {api}/orgs/{org}/repos?per_page=100&type=all`` (api default
  ``https://api.github.com``), token as ``Authorization: Bearer``;
* GitLab: ``GET {api}/groups/{group}/projects?include_subgroups=true&per_page=100`` (api default
  ``https://gitlab.com/api/v4``, the group's path URL-encoded), token as ``PRIVATE-TOKEN``.

Pages are followed by their ``Link: <…>; rel="next"`` header (:mod:`.forge_http`), at most
``max_pages``. Archived repositories and forks are skipped unless the settings ask for them.
Each listed repository's clone URL (https, or ssh with ``clone = "ssh"``) is checked like any
configured URL; a refused one is a warning. What the forge says of a repository (default
branch, archived, fork, topics, visibility, web page) is kept as its
:class:`~lodestar.records.RemoteInfo`. The token is read from the environment variable the
settings name, at the moment of the call, and never stored or shown.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lodestar.errors import ForgeError, ManifestError, UsageError
from lodestar.ingest.forge_http import pages
from lodestar.ingest.sources import Source, Warn, source_for
from lodestar.records import RemoteInfo
from lodestar.safeparse import scrub_url

if TYPE_CHECKING:
    from lodestar.settings import ForgeSettings

DEFAULT_API = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
_MAX_TOPICS = 50
_MAX_TEXT = 512


def forge_token(forge: ForgeSettings) -> str | None:
    """The token of ``forge`` from its environment variable; None when unset or not named."""
    if forge.token_env is None:
        return None
    return os.environ.get(forge.token_env) or None


def clone_header(kind: str | None, token: str) -> str:
    """The ``http.extraHeader`` that authenticates an https clone on ``kind``'s forge."""
    user = "oauth2" if kind == "gitlab" else "x-access-token"
    return "Authorization: Basic " + base64.b64encode(f"{user}:{token}".encode()).decode("ascii")


def _api_request(forge: ForgeSettings, token: str | None) -> tuple[str, dict[str, str]]:
    api = forge.api or DEFAULT_API[forge.kind]
    if forge.kind == "github":
        org = urllib.parse.quote(forge.org or "", safe="")
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return f"{api}/orgs/{org}/repos?per_page=100&type=all", headers
    group = urllib.parse.quote(forge.group or "", safe="")
    headers = {"PRIVATE-TOKEN": token} if token else {}
    return f"{api}/groups/{group}/projects?include_subgroups=true&per_page=100", headers


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value[:_MAX_TEXT] if isinstance(value, str) and value else None


def _flag(item: Mapping[str, Any], key: str) -> bool | None:
    value = item.get(key)
    return value if isinstance(value, bool) else None


def _remote_info(kind: str, item: Mapping[str, Any], url: str) -> RemoteInfo:
    listed = item.get("topics")
    listed = listed if isinstance(listed, list) else []
    topics = [t[:_MAX_TEXT] for t in listed if isinstance(t, str)]
    if kind == "gitlab":
        fork: bool | None = "forked_from_project" in item
        visibility = _text(item, "visibility")
        web = _text(item, "web_url")
    else:
        fork = _flag(item, "fork")
        visibility = _text(item, "visibility") or (
            None if _flag(item, "private") is None else "private" if item["private"] else "public"
        )
        web = _text(item, "html_url")
    return RemoteInfo(
        url=scrub_url(url),
        forge=kind,
        default_branch=_text(item, "default_branch"),
        archived=_flag(item, "archived"),
        fork=fork,
        topics=tuple(topics[:_MAX_TOPICS]),
        visibility=visibility,
        web_url=web,
    )


def _clone_url(forge: ForgeSettings, item: Mapping[str, Any]) -> str | None:
    if forge.kind == "github":
        key = "ssh_url" if forge.clone == "ssh" else "clone_url"
    else:
        key = "ssh_url_to_repo" if forge.clone == "ssh" else "http_url_to_repo"
    value = item.get(key)
    return value if isinstance(value, str) else None


def _wanted(forge: ForgeSettings, info: RemoteInfo) -> bool:
    if info.archived and not forge.include_archived:
        return False
    return not (info.fork and not forge.include_forks)


def _label(forge: ForgeSettings) -> str:
    return f"{forge.kind}:{forge.org if forge.kind == 'github' else forge.group}"


def list_forge(
    forge: ForgeSettings,
    mirrors: Path,
    *,
    timeout: float = 60.0,
    retries: int = 2,
    warn: Warn,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Source]:
    """The repositories ``forge`` lists, as sources; a failed listing is one ``warn`` line
    (what came before the failure is kept)."""
    label = _label(forge)
    token = forge_token(forge)
    if forge.token_env is not None and token is None:
        warn(f"{label}: environment variable {forge.token_env} is not set; listing without a token")
    url, headers = _api_request(forge, token)
    out: list[Source] = []
    try:
        for page in pages(
            url,
            headers,
            max_pages=forge.max_pages,
            timeout=min(timeout, 60.0),
            retries=retries,
            sleep=sleep,
            warn=warn,
        ):
            out += _page_sources(forge, page, mirrors, label, warn)
    except (ForgeError, ManifestError) as exc:
        warn(f"{label}: {exc}")
    return out


def _page_sources(
    forge: ForgeSettings, page: list[Any], mirrors: Path, label: str, warn: Warn
) -> list[Source]:
    out = []
    for item in page:
        if not isinstance(item, dict):
            warn(f"{label}: a listed repository is not a JSON object; skipped")
            continue
        clone = _clone_url(forge, item)
        if clone is None:
            warn(f"{label}: a listed repository has no clone URL; skipped")
            continue
        info = _remote_info(forge.kind, item, clone)
        if not _wanted(forge, info):
            continue
        https = clone.lower().startswith("https://")
        try:
            source = source_for(
                clone,
                mirrors,
                origin=label,
                remote=info,
                token_env=forge.token_env if https else None,
            )
        except UsageError as exc:
            warn(f"{label}: {exc}")
            continue
        out.append(source)
    return out
