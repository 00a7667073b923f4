"""The forge listings' HTTP client: GET JSON pages, follow ``Link: <…>; rel="next"``.

The jobs' one door to a forge's API (the CLI's own downloads go through
:mod:`lodestar.cli.fetching`). Built on urllib with the environment's proxies, and careful with
what it is given and what it sends:

* only ``https://`` (or ``http://`` to 127.0.0.1/localhost, for a local test server);
* a redirect and a ``next`` link are followed only to the same scheme, host and port, so the
  token header never travels to another server;
* every read has a timeout; a body over ``max_bytes`` is refused before it is parsed, and the
  JSON is parsed by :func:`lodestar.safeparse.load_json` (budgeted, positioned errors);
* 5xx answers, 429 and dropped connections are retried with exponential back-off (1, 2, 4 … s);
  401, 403 and 404 are not, and say what to do (:class:`~lodestar.errors.ForgeError`: one line,
  the URL without credentials, the token never).

Standard library only: one GET per page does not call for a new dependency.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from lodestar.errors import ForgeError, ManifestError
from lodestar.safeparse import load_json, scrub_url

MAX_PAGE_BYTES = 8 << 20
_NEXT = re.compile(r'<([^<>\s]{1,4096})>\s*;[^,]*\brel="?next"?', re.IGNORECASE)
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ADVICE = {
    401: "the token is missing, wrong or expired: set the environment variable named in token_env",
    403: "the token lacks a scope or a rate limit was hit: check the token's scopes, or wait",
    404: "no such organisation or group, or the token cannot see it: check org/group and api",
}


def allowed_api_url(url: str) -> bool:
    """Whether the client may call ``url``: https, or http to the loopback interface."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


def _same_server(a: str, b: str) -> bool:
    pa, pb = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


class _SameServerRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same server (the token header goes with it)."""

    def redirect_request(  # noqa: PLR0917  urllib's signature
        self, req: Any, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not _same_server(req.full_url, newurl):
            fp.close()
            raise urllib.error.URLError(f"redirected to another server: {scrub_url(newurl)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (RFC 8288), if any."""
    if not header or len(header) > 65536:
        return None
    match = _NEXT.search(header)
    return match.group(1) if match else None


def _read(response: Any, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ManifestError(f"answer of {int(declared):,} bytes is over {max_bytes:,}", path=url)
    body: bytes = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ManifestError(f"answer over {max_bytes:,} bytes: refused", path=url)
    return body


def _get(
    url: str, headers: Mapping[str, str], timeout: float, max_bytes: int
) -> tuple[Any, str | None]:
    opener = urllib.request.build_opener(_SameServerRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "lodestar", **headers})  # noqa: S310  scheme checked by allowed_api_url
    with opener.open(request, timeout=timeout) as response:
        body = _read(response, scrub_url(url), max_bytes)
        link = response.headers.get("Link")
    return load_json(scrub_url(url), body, max_bytes=max_bytes), next_link(link)


def get_json(
    url: str,
    headers: Mapping[str, str],
    *,
    timeout: float = 60.0,
    retries: int = 2,
    max_bytes: int = MAX_PAGE_BYTES,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Any, str | None]:
    """(parsed JSON, next page URL) of one GET; ForgeError when it cannot be had,
    ManifestError when the answer is not JSON or over ``max_bytes``."""
    shown = scrub_url(url)
    if not allowed_api_url(url):
        raise ForgeError(f"{shown}: the API must be https:// (http only on 127.0.0.1)")
    for attempt in range(retries + 1):
        try:
            return _get(url, headers, timeout, max_bytes)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in _ADVICE or (exc.code < 500 and exc.code != 429) or attempt == retries:
                advice = _ADVICE.get(exc.code, "try again later")
                raise ForgeError(f"{shown}: HTTP {exc.code} {exc.reason}; {advice}") from None
        except (urllib.error.URLError, OSError) as exc:
            if attempt == retries:
                reason = getattr(exc, "reason", exc)
                raise ForgeError(
                    f"{shown}: cannot connect ({reason}); check api and the network"
                ) from None
        sleep(2.0**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def pages(
    url: str,
    headers: Mapping[str, str],
    *,
    max_pages: int,
    timeout: float = 60.0,
    retries: int = 2,
    sleep: Callable[[float], None] = time.sleep,
    warn: Callable[[str], None],
) -> Iterator[list[Any]]:
    """Each page's JSON array, following ``Link: rel="next"`` on the same server, at most
    ``max_pages``; a page that is not an array ends the listing with a ManifestError."""
    current: str | None = url
    for _ in range(max_pages):
        if current is None:
            return
        doc, following = get_json(current, headers, timeout=timeout, retries=retries, sleep=sleep)
        if not isinstance(doc, list):
            raise ManifestError("expected a JSON array of repositories", path=scrub_url(current))
        yield doc
        if following is not None and not _same_server(url, following):
            warn(f"{scrub_url(url)}: the next page is on another server; listing stopped")
            return
        current = following
    if current is not None:
        warn(f"{scrub_url(url)}: more than {max_pages} pages; raise max_pages to list them all")
